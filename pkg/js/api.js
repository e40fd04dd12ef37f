// The public API of herald-engine, the same in every runtime. It wraps the raw wasm-bindgen
// exports (`./herald.js`): it checks argument types, moves structured values as JSON text (the
// boundary convention of src/wasm/mod.rs) and turns failures into HeraldError/RequestError.
//
// Every name in the final `export { ... }` list is public: the entries re-export this module
// whole, scripts/build.mjs generates the Node ES module entry from the list, and index.d.ts
// must declare each one (tests/exports.test.mjs compares them).
import * as raw from './herald.js';
import { HeraldError, RequestError, translate } from './errors.js';
import { assertReady } from './ready.js';
import { fitsProjection, project, projectText, projectionOf } from './project.js';

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

/**
 * Every diagnostic of a source text (errors and warnings, sorted by position). Never throws for
 * bad source: that is what the diagnostics are for.
 */
function check(source, options) {
    expectString(source, 'source');
    const { file = '<input>' } = optionsObject(options, 'options');
    expectString(file, 'options.file');
    return JSON.parse(invoke(() => raw.check(source, file)));
}

/** How an SMS body travels: `{ encoding, segments, units }` (units: septets or UTF-16 units). */
function smsSegments(text) {
    expectString(text, 'text');
    return JSON.parse(invoke(() => raw.smsSegments(text)));
}

/** The source in canonical layout (`herald fmt`). Throws a HeraldError when it does not parse. */
function format(source, options) {
    expectString(source, 'source');
    const { file = '<input>' } = optionsObject(options, 'options');
    expectString(file, 'options.file');
    return invoke(() => raw.format(source, file));
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
 * A compiled program. Immutable: evaluate as many requests with it as you like. Its memory
 * lives inside the WebAssembly instance: `free()` releases it at once (or use `using` with
 * `Symbol.dispose`); a program that is dropped without `free()` is released by a
 * FinalizationRegistry when the garbage collector reclaims it.
 */
class Program {
    #raw;
    #reads;

    /** @internal Use `compile()`. */
    constructor(handle) {
        if (!(handle instanceof raw.WasmProgram)) {
            throw new TypeError('herald-engine: use compile(source) to make a Program');
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
        if (!fitsProjection(request)) return JSON.parse(invoke(() => evaluateText(handle, wholeText(request))));
        const reads = this.#projection();
        const text = projectText(request, reads) ?? JSON.stringify(project(request, reads));
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
            if (fitsProjection(request)) {
                one = projectText(request, reads) ?? JSON.stringify(project(request, reads));
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

    /** The static cost analysis (SPEC §3): worst case per journey, graphs for drawing. */
    analyze(options) {
        const { country, interpolationChars, audience, prices } = optionsObject(options, 'options');
        const args = {};
        if (country !== undefined) {
            expectString(country, 'options.country');
            args.country = country;
        }
        if (interpolationChars !== undefined) {
            expectCount(interpolationChars, 'options.interpolationChars', 0xffffffff);
            args.interpolationChars = interpolationChars;
        }
        if (audience !== undefined) {
            expectCount(audience, 'options.audience', Number.MAX_SAFE_INTEGER);
            args.audience = audience;
        }
        if (prices !== undefined) {
            expectRequest(prices, 'options.prices');
            args.prices = prices;
        }
        const text = JSON.stringify(args);
        const handle = this.#handle();
        return JSON.parse(invoke(() => handle.analyze(text)));
    }

    /**
     * Replays recorded Segment messages (NDJSON text, or an array of message objects) through
     * the program (SPEC §7): the same summary as `herald replay --format json`. Options:
     * `profiles` (NDJSON text or an array of profile objects), `until` (an RFC 3339 instant),
     * `decisions` (true: the result also has `decisions`, every decision with `user`).
     */
    replay(messages, options) {
        const { text, args } = simulationInput(messages, options);
        const handle = this.#handle();
        const out = invoke(() => handle.replay(text, args));
        const newline = out.indexOf('\n');
        const summary = JSON.parse(out.slice(0, newline));
        if (JSON.parse(args).decisions) {
            const lines = out.slice(newline + 1).split('\n');
            lines.pop();
            summary.decisions = lines.map((l) => JSON.parse(l));
        }
        return summary;
    }

    /**
     * Runs tests written in the language (`test "name" { ... }` blocks, docs/testing.md) on the
     * program's journeys: those of the program's own source, or of `source` (a file of tests
     * apart). The same results as `herald test --format json` gives per file.
     */
    test(source) {
        if (source !== undefined && typeof source !== 'string') {
            throw new TypeError(`herald-engine: test(source) takes a string, got ${describe(source)}`);
        }
        const handle = this.#handle();
        return JSON.parse(invoke(() => handle.test(source ?? '')));
    }

    /** The wasm handle, for `diff` (module-internal). */
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

/** NDJSON text of messages or profiles given as text or as an array of objects. */
function ndjson(value, what) {
    if (typeof value === 'string') return value;
    if (Array.isArray(value)) {
        // JSON.stringify never writes a raw newline: one object a line.
        return value.map((item, i) => {
            if (item === null || typeof item !== 'object' || Array.isArray(item)) {
                throw new TypeError(`herald-engine: ${what}[${i}] must be an object, got ${describe(item)}`);
            }
            return JSON.stringify(item);
        }).join('\n');
    }
    throw new TypeError(`herald-engine: ${what} must be NDJSON text or an array of objects, got ${describe(value)}`);
}

/** The messages' text and the options' JSON for replay and diff. */
function simulationInput(messages, options) {
    const text = ndjson(messages, 'messages');
    const { profiles, until, decisions } = optionsObject(options, 'options');
    const args = {};
    if (profiles !== undefined) args.profiles = ndjson(profiles, 'options.profiles');
    if (until !== undefined) {
        expectString(until, 'options.until');
        args.until = until;
    }
    if (decisions !== undefined) {
        if (typeof decisions !== 'boolean') {
            throw new TypeError(`herald-engine: options.decisions must be a boolean, got ${describe(decisions)}`);
        }
        args.decisions = decisions;
    }
    return { text, args: JSON.stringify(args) };
}

/**
 * Replays the same messages through two programs (SPEC §7): per journey old, new and delta for
 * entries, sends by channel and cost, and the users whose decisions differ — the same JSON as
 * `herald diff --format json`. Options: `profiles`, `until`.
 */
function diff(oldProgram, newProgram, messages, options) {
    const a = Program.handleOf(oldProgram);
    const b = Program.handleOf(newProgram);
    const { text, args } = simulationInput(messages, options);
    return JSON.parse(invoke(() => raw.diff(a, b, text, args)));
}

function expectCount(value, what, max) {
    if (!Number.isInteger(value) || value < 0 || value > max) {
        throw new TypeError(`herald-engine: ${what} must be a whole number from 0 to ${max}, got ${String(value)}`);
    }
}

/**
 * Parses, checks and compiles a source text. Throws a HeraldError carrying every error's
 * diagnostic when the source has errors; `options.prices` (a SPEC §3 price table) replaces the
 * built-in price table for this program (a malformed one throws a RequestError).
 */
function compile(source, options) {
    expectString(source, 'source');
    const { file = '<input>', prices } = optionsObject(options, 'options');
    expectString(file, 'options.file');
    let pricesText = '';
    if (prices !== undefined) {
        expectRequest(prices, 'options.prices');
        pricesText = JSON.stringify(prices);
    }
    return new Program(invoke(() => raw.compile(source, file, pricesText)));
}

export { HeraldError, Program, RequestError, check, compile, diff, format, smsSegments, version };
