// The public API of herald-engine, the same in every runtime. It wraps the raw wasm-bindgen
// exports (`./herald.js`): it checks argument types, moves structured values as JSON text (the
// boundary convention of src/wasm/mod.rs) and turns the boundary's error JSON into the error
// classes below.
//
// Build note: scripts/build.mjs also emits this file as CommonJS (api.cjs) for Node by rewriting
// the two imports and the final `export { ... }` list. Keep exactly that shape: declarations
// without `export`, one export list at the end.
import * as raw from './herald.js';
import { assertReady } from './ready.js';

/** The source has errors. `diagnostics` holds every one, in the JSON shape of `check()`. */
class HeraldError extends Error {
    constructor(message, diagnostics = []) {
        super(message);
        this.name = 'HeraldError';
        this.diagnostics = diagnostics;
    }
}

/** A request, state or price table is malformed or over a limit. `code` names the problem. */
class RequestError extends Error {
    constructor(code, message) {
        super(message);
        this.name = 'RequestError';
        this.code = code;
    }
}

/** What an export threw → the error a caller should see. */
function translate(thrown) {
    if (typeof thrown === 'string') {
        let payload;
        try {
            payload = JSON.parse(thrown);
        } catch {
            return new HeraldError(thrown);
        }
        if (payload !== null && payload.kind === 'request') {
            return new RequestError(String(payload.code), String(payload.message));
        }
        if (payload !== null && payload.kind === 'herald') {
            const diagnostics = Array.isArray(payload.diagnostics) ? payload.diagnostics : [];
            return new HeraldError(String(payload.message), diagnostics);
        }
        return new HeraldError(thrown);
    }
    if (typeof WebAssembly !== 'undefined' && thrown instanceof WebAssembly.RuntimeError) {
        // A trap is a bug in herald (no input may cause one): say so rather than "unreachable".
        const error = new Error(`herald-engine internal error (please report it): ${thrown.message}`);
        error.cause = thrown;
        return error;
    }
    return thrown;
}

/** Runs a raw export, translating what it throws. */
function invoke(call) {
    assertReady();
    try {
        return call();
    } catch (thrown) {
        throw translate(thrown);
    }
}

function describe(value) {
    if (value === null) return 'null';
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

export { HeraldError, RequestError, check, version };
