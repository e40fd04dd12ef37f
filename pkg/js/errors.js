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

/** A request, state or price table is malformed or over a limit. `code` names the problem. */
class RequestError extends Error {
    constructor(code, message) {
        super(message);
        this.name = 'RequestError';
        this.code = code;
    }
}

/** What a raw export threw → the error a caller should see. */
function translate(thrown) {
    if (typeof thrown === 'string') {
        let payload;
        try {
            payload = JSON.parse(thrown);
        } catch {
            return new HeraldError(thrown);
        }
        if (payload !== null && typeof payload === 'object' && payload.kind === 'request') {
            return new RequestError(String(payload.code), String(payload.message));
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

export { HeraldError, RequestError, translate };
