// What both entries share (the main one, `herald-engine`, and the runtime-only one,
// `herald-engine/runtime`): the Program class with its evaluation methods, loading a saved
// program, `version()` and `smsSegments()`. It wraps the raw wasm-bindgen exports
// (`./herald.js`, whichever module the entry ships): it checks argument types, moves structured
// values as JSON text (the boundary convention of src/wasm/mod.rs) and turns failures into the
// classes of errors.js. Keep the file's shape (named imports of siblings, one export list):
// scripts/build.mjs rewrites it to CommonJS without a parser.
import * as raw from './herald.js';
import { RequestError, translate } from './errors.js';
import { assertReady } from './ready.js';
import { fitsProjection, project, projectFitting, projectText, projectionOf } from './project.js';

/** Runs a raw export, translating what it throws. */
function invoke(call, fromText = false) {
    assertReady();
    try {
        return call();
    } catch (thrown) {
        throw translate(thrown, fromText);
    }
}

// Request text goes in through the engine's input buffer (src/wasm/input.rs): encodeInto writes
// it into wasm memory at memory speed. Texts longer than this many UTF-16 units go as strings.
const MAX_BUFFERED_UNITS = 256 * 1024;
// evaluateMany sends its requests in texts of about this many units.
const BATCH_UNITS = 64 * 1024;
const encoder = new TextEncoder();
let memory;
// The input buffer as the engine last gave it: its capacity, and a view of it (renewed when the
// buffer moves or the memory grows, which detaches the old view).
let inputCapacity = 0;
let inputView;

/**
 * Writes `text` as UTF-8 into the input buffer; returns its length in bytes, or -1 when the text
 * is too long for the buffer (the caller passes it as a string instead).
 */
function writeInput(text) {
    if (text.length > MAX_BUFFERED_UNITS) return -1;
    // One byte per unit fits ASCII, which requests mostly are; else the UTF-8 worst case.
    let written = encodeAt(text, text.length);
    if (written < 0) written = encodeAt(text, text.length * 3);
    return written;
}

/** Encodes `text` into a buffer of `capacity` bytes: the bytes written, or -1 when it did not fit. */
function encodeAt(text, capacity) {
    // A view of a memory that has grown is detached: its length reads 0 (cheaper to ask than
    // the memory's `buffer`, which is a call into the runtime).
    if (capacity > inputCapacity || inputView === undefined || inputView.length === 0) {
        memory ??= raw.wasmMemory();
        const address = raw.inputBuffer(Math.max(capacity, 4096));
        inputCapacity = Math.max(capacity, 4096);
        inputView = new Uint8Array(memory.buffer, address, inputCapacity);
    }
    const { read, written } = encoder.encodeInto(text, inputView);
    return read === text.length ? written : -1;
}

/** evaluateJson of a text, through the input buffer when it fits. */
function evaluateText(handle, text) {
    const length = writeInput(text);
    return length < 0 ? handle.evaluateJson(text) : handle.evaluateInput(length);
}

/**
 * Evaluates a chunk of requests (their texts joined by newlines) and puts the answers in
 * `responses` at the indices `sent` lists.
 */
function evaluateChunk(handle, text, sent, responses) {
    const answers = JSON.parse(invoke(() => {
        const length = writeInput(text);
        return length < 0 ? handle.evaluateLines(text) : handle.evaluateInputLines(length);
    }));
    if (answers.length !== sent.length) {
        throw new Error(`herald-engine internal error (please report it): ${sent.length} requests, ${answers.length} answers`);
    }
    for (let k = 0; k < answers.length; k++) responses[sent[k]] = answers[k];
}

/**
 * The projected text of a request that may go projected (the size walk and the projection in
 * one pass when it applies, else the two apart); undefined: send the whole text.
 */
function projectedText(request, reads) {
    const text = projectFitting(request, reads);
    if (text !== undefined) return text;
    if (!fitsProjection(request)) return undefined;
    return projectText(request, reads) ?? JSON.stringify(project(request, reads));
}

/** An `evaluateMany` entry for a request that could not be evaluated (as `herald eval` writes it). */
function errorEntry(code, message, path = null) {
    const error = { code, message };
    if (path !== null && path !== undefined) error.path = path;
    return { error };
}

/**
 * The request's whole JSON text. A request JSON.stringify cannot write (a cycle, a BigInt, a
 * `toJSON` that throws) is refused as `invalid_json`, as a text that is not JSON would be.
 */
function wholeText(request) {
    let text;
    try {
        text = JSON.stringify(request);
    } catch (error) {
        throw new RequestError('invalid_json', `invalid JSON: the request cannot be written as JSON (${error?.message ?? String(error)})`);
    }
    if (typeof text !== 'string') {
        throw new RequestError('invalid_json', 'invalid JSON: the request has no JSON text (its toJSON gave undefined)');
    }
    return text;
}

function describe(value) {
    if (value === null) return 'null';
    if (value === undefined) return 'undefined';
    if (Array.isArray(value)) return 'an array';
    return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function expectString(value, what) {
    if (typeof value !== 'string') {
        throw new TypeError(`herald-engine: ${what} must be a string, got ${describe(value)}`);
    }
}

function optionsObject(options, what) {
    if (options === undefined || options === null) return {};
    if (typeof options !== 'object' || Array.isArray(options)) {
        throw new TypeError(`herald-engine: ${what} must be an object, got ${describe(options)}`);
    }
    return options;
}

/** The version of herald inside the package. */
function version() {
    return invoke(() => raw.version());
}

/** How an SMS body travels: `{ encoding, segments, units }` (units: septets or UTF-16 units). */
function smsSegments(text) {
    expectString(text, 'text');
    return JSON.parse(invoke(() => raw.smsSegments(text)));
}

function expectRequest(value, what) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new TypeError(`herald-engine: ${what} must be an object, got ${describe(value)}`);
    }
}

function freed() {
    return new Error('herald-engine: this Program has been freed');
}

/**
 * A compiled program (the runtime entry's: evaluation only; the main entry's subclass adds
 * `save`, `analyze` and `replay`). Immutable: evaluate as many requests with it as you like. Its memory
 * lives inside the WebAssembly instance: `free()` releases it at once (or use `using` with
 * `Symbol.dispose`); a program that is dropped without `free()` is released by a
 * FinalizationRegistry when the garbage collector reclaims it.
 */
class Program {
    #raw;
    #reads;

    /** @internal Use `compile()` or `loadProgram()`. */
    constructor(handle) {
        if (!(handle instanceof raw.WasmProgram)) {
            throw new TypeError('herald-engine: use compile(source) or loadProgram(bytes) to make a Program');
        }
        this.#raw = handle;
    }

    #handle() {
        assertReady();
        if (this.#raw === undefined) throw freed();
        return this.#raw;
    }

    /** What the program reads, as sets for the projection; fetched once. */
    #projection() {
        this.#reads ??= projectionOf(this.reads());
        return this.#reads;
    }

    /**
     * What evaluation reads from a request's profile: `profileKeys` (herald's own keys and the
     * first key of every `profile.X` path), `countedEvents` (the names of the past events some
     * `count(...)` counts) and `readsEventList` (a journey reads `profile.events` itself: every
     * past event matters). A caller may load only these from its own store.
     */
    reads() {
        const handle = this.#handle();
        return JSON.parse(invoke(() => handle.reads()));
    }

    /**
     * Evaluates one request object; returns the response object. Throws a RequestError for a
     * request that cannot be evaluated, exactly as `evaluateJson(JSON.stringify(request))`
     * would (a request JSON cannot write is refused as `invalid_json`). Only what the program
     * reads crosses into the engine (see `reads()`); the response is the one of the whole request.
     */
    evaluate(request) {
        expectRequest(request, 'request');
        const handle = this.#handle();
        const reads = this.#projection();
        const text = projectedText(request, reads);
        if (text === undefined) return JSON.parse(invoke(() => evaluateText(handle, wholeText(request))));
        try {
            return JSON.parse(invoke(() => evaluateText(handle, text)));
        } catch (error) {
            if (!(error instanceof RequestError)) throw error;
        }
        // Refused: evaluate the whole request, so the error is reported exactly as for it (a
        // message may name an index of profile.events, which the projection renumbers).
        return JSON.parse(invoke(() => evaluateText(handle, wholeText(request))));
    }

    /**
     * Evaluates many requests in one crossing; returns one entry per request, in order: its
     * response, or `{ error: { code, message } }` for a request that could not be evaluated
     * (the others go on), as `herald eval` answers a bad line. An entry that is not a request
     * object (null, undefined, a hole, a string) gets an `invalid_request` error; one JSON
     * cannot write (a cycle, a BigInt) an `invalid_json` error.
     */
    evaluateMany(requests) {
        if (!Array.isArray(requests)) {
            throw new TypeError(`herald-engine: requests must be an array, got ${describe(requests)}`);
        }
        const handle = this.#handle();
        const count = requests.length;
        const responses = new Array(count);
        if (count === 0) return responses;
        const reads = this.#projection();
        // Which requests went projected (a refusal of those is evaluated again whole).
        const projected = new Uint8Array(count);
        // Requests cross in chunks that fit the input buffer, as lines of one text each.
        const sent = [];
        let text = '';
        for (let i = 0; i < count; i++) {
            const request = requests[i];
            let one;
            if (request === null || typeof request !== 'object' || Array.isArray(request)) {
                responses[i] = errorEntry('invalid_request', `invalid request: requests[${i}] must be a request object, got ${describe(request)}`);
                continue;
            }
            one = projectedText(request, reads);
            if (one !== undefined) {
                projected[i] = 1;
            } else {
                try {
                    one = wholeText(request);
                } catch (error) {
                    if (!(error instanceof RequestError)) throw error;
                    responses[i] = errorEntry(error.code, error.message);
                    continue;
                }
            }
            // JSON never holds a raw newline: it separates the requests.
            if (text.length > 0 && text.length + one.length >= BATCH_UNITS) {
                evaluateChunk(handle, text, sent, responses);
                text = '';
                sent.length = 0;
            }
            text = text.length === 0 ? one : `${text}\n${one}`;
            sent.push(i);
        }
        if (sent.length > 0) evaluateChunk(handle, text, sent, responses);
        for (let i = 0; i < count; i++) {
            // A refused request: evaluate it whole, so its error is the one of the whole request.
            if (projected[i] === 1 && responses[i].error !== undefined) responses[i] = this.#evaluateWhole(handle, requests[i]);
        }
        return responses;
    }

    #evaluateWhole(handle, request) {
        try {
            return JSON.parse(invoke(() => evaluateText(handle, wholeText(request))));
        } catch (error) {
            if (!(error instanceof RequestError)) throw error;
            return errorEntry(error.code, error.message, error.path);
        }
    }

    /**
     * Evaluates one request given as JSON text (a worker's request body, a stored value);
     * returns the response as JSON text, byte for byte what `herald eval` prints for that line.
     */
    evaluateJson(text) {
        expectString(text, 'request');
        const handle = this.#handle();
        return invoke(() => evaluateText(handle, text), true);
    }

    /** The wasm handle, for subclasses and `diff` (module-internal). */
    static handleOf(program) {
        if (!(program instanceof Program)) {
            throw new TypeError(`herald-engine: expected a Program, got ${describe(program)}`);
        }
        return program.#handle();
    }

    /** The journey ids, in file order. */
    journeyIds() {
        const handle = this.#handle();
        return JSON.parse(invoke(() => handle.journeyIds()));
    }

    /** The checker's warnings for the source (errors stop `compile`; warnings do not). */
    warnings() {
        const handle = this.#handle();
        return JSON.parse(invoke(() => handle.warnings()));
    }

    /** Releases the program's memory now. Calling it again does nothing; using it afterwards throws. */
    free() {
        const handle = this.#raw;
        this.#raw = undefined;
        this.#reads = undefined;
        if (handle !== undefined) handle.free();
    }
}

if (typeof Symbol === 'function' && typeof Symbol.dispose === 'symbol') {
    Program.prototype[Symbol.dispose] = Program.prototype.free;
}

/** The bytes of a saved program as a Uint8Array (a Buffer is one; an ArrayBuffer is viewed). */
function savedBytes(bytes) {
    if (bytes instanceof Uint8Array) return bytes;
    if (bytes instanceof ArrayBuffer) return new Uint8Array(bytes);
    if (ArrayBuffer.isView(bytes)) return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    throw new TypeError(`herald-engine: a saved program must be a Uint8Array or an ArrayBuffer, got ${describe(bytes)}`);
}

export { Program, describe, expectRequest, expectString, invoke, optionsObject, savedBytes, smsSegments, version };
