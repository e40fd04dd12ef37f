// The error classes of herald-engine and the translation of what a raw export throws.
//
// The Rust side (src/wasm/error.rs) fails with `Err(String)`: the JSON of a BoundaryError, which
// wasm-bindgen throws as a JS string. `translate` turns it into one of these classes. The
// classes are defined here, in JS, so that they are ordinary subclasses of Error (stack traces,
// `instanceof`, structured clone as Error) in every runtime.

/** The source has errors. `diagnostics` holds every one, in the JSON shape of `check()`. */
class HeraldError extends Error {
    constructor(message, diagnostics = []) {
        super(message);
        this.name = 'HeraldError';
        this.diagnostics = diagnostics;
    }
}

/**
 * A request, state or price table is malformed or over a limit. `code` names the problem, `path`
 * the offending value (`profile.events[3].time`) when known; `line` and `column` are set only
 * for a request given as text (`evaluateJson`), where a position means something.
 */
class RequestError extends Error {
    constructor(code, message, where = {}) {
        super(message);
        this.name = 'RequestError';
        this.code = code;
        this.path = typeof where.path === 'string' ? where.path : null;
        if (typeof where.line === 'number') this.line = where.line;
        if (typeof where.column === 'number') this.column = where.column;
    }
}

/**
 * A saved program (`herald build`, `program.save()`) that cannot be loaded. `code`:
 * `not_a_program` (the bytes are not a saved program), `version_mismatch` (saved by another
 * version of herald: build it again) or `corrupt_program` (truncated or damaged).
 */
class LoadError extends Error {
    constructor(code, message) {
        super(message);
        this.name = 'LoadError';
        this.code = code;
    }
}

/**
 * `program.replay()`, `program.test()` or `diff()` was called where the simulator module
 * (`herald_sim_bg.wasm`, loaded on their first use) cannot be loaded synchronously, before
 * `await loadSimulator()`: in browsers (and the browser entry elsewhere), which refuse to
 * compile a large WebAssembly module synchronously. `code` is `simulator_not_loaded`.
 */
class SimulatorNotLoadedError extends Error {
    constructor() {
        super(
            'herald-engine: program.replay(), program.test() and diff() run in the simulator module, which is not loaded: ' +
            'call `await loadSimulator()` once before (browsers cannot load it synchronously on first use)',
        );
        this.name = 'SimulatorNotLoadedError';
        this.code = 'simulator_not_loaded';
    }
}

/** The RequestError of a payload; with `fromText`, the text's line and column too. */
function requestError(payload, fromText) {
    const message = String(payload.message);
    const { path, line, column } = payload;
    if (!fromText || typeof line !== 'number') return new RequestError(String(payload.code), message, { path });
    const at = typeof column === 'number' ? ` at line ${line} column ${column}` : ` at line ${line}`;
    return new RequestError(String(payload.code), message + at, { path, line, column });
}

/**
 * What a raw export threw → the error a caller should see. `fromText`: the caller passed the
 * request as a text, so a line and column in it are worth saying.
 */
function translate(thrown, fromText = false) {
    if (typeof thrown === 'string') {
        let payload;
        try {
            payload = JSON.parse(thrown);
        } catch {
            return new HeraldError(thrown);
        }
        if (payload !== null && typeof payload === 'object' && payload.kind === 'request') {
            return requestError(payload, fromText);
        }
        if (payload !== null && typeof payload === 'object' && payload.kind === 'program') {
            return new LoadError(String(payload.code), String(payload.message));
        }
        if (payload !== null && typeof payload === 'object' && payload.kind === 'herald') {
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

export { HeraldError, LoadError, RequestError, SimulatorNotLoadedError, translate };
