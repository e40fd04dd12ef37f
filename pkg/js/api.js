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

/** How an SMS body travels: `{ encoding, segments, units }` (units: septets or UTF-16 units). */
function smsSegments(text) {
    expectString(text, 'text');
    return JSON.parse(invoke(() => raw.smsSegments(text)));
}

export { HeraldError, RequestError, check, smsSegments, version };
