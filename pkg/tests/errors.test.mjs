// The translation of what a raw export throws (the JSON of src/wasm/error.rs BoundaryError)
// into the package's error classes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HeraldError, RequestError, translate } from '../dist/errors.js';

const diagnostic = {
    file: 'a.herald', code: 'E0102', severity: 'error', message: 'unknown channel `smss`',
    line: 3, column: 8, span: { start: 41, end: 45 }, help: 'did you mean `sms`?',
    span_utf16: { start: 41, end: 45 },
};

test('a herald boundary error becomes a HeraldError with its diagnostics', () => {
    const error = translate(JSON.stringify({ kind: 'herald', message: 'E0102: unknown channel `smss`', diagnostics: [diagnostic] }));
    assert.ok(error instanceof HeraldError);
    assert.ok(error instanceof Error);
    assert.equal(error.name, 'HeraldError');
    assert.equal(error.message, 'E0102: unknown channel `smss`');
    assert.deepEqual(error.diagnostics, [diagnostic]);
    assert.match(error.stack, /HeraldError/);
});

test('a request boundary error becomes a RequestError with its code', () => {
    const error = translate(JSON.stringify({ kind: 'request', code: 'invalid_json', message: 'expected value at line 1 column 1' }));
    assert.ok(error instanceof RequestError);
    assert.equal(error.name, 'RequestError');
    assert.equal(error.code, 'invalid_json');
    assert.equal(error.message, 'expected value at line 1 column 1');
});

test('anything else that is a string still becomes an Error', () => {
    const plain = translate('not json');
    assert.ok(plain instanceof HeraldError);
    assert.equal(plain.message, 'not json');
    assert.deepEqual(plain.diagnostics, []);
    assert.ok(translate('"a json string"') instanceof HeraldError);
    assert.ok(translate('null') instanceof HeraldError);
});

test('a trap is reported as an internal error, other errors pass through', () => {
    const trap = new WebAssembly.RuntimeError('unreachable');
    const error = translate(trap);
    assert.match(error.message, /internal error.*unreachable/);
    assert.equal(error.cause, trap);
    const type = new TypeError('x');
    assert.equal(translate(type), type);
});
