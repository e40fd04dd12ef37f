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

test('a located request error: the path always, the position only for a text', () => {
    const payload = JSON.stringify({
        kind: 'request', code: 'invalid_request', message: 'invalid request: now: `x` is not an RFC 3339 instant',
        path: 'now', line: 2, column: 12,
    });
    const forObject = translate(payload);
    assert.equal(forObject.path, 'now');
    assert.equal(forObject.message, 'invalid request: now: `x` is not an RFC 3339 instant');
    assert.equal(forObject.line, undefined);
    assert.equal(forObject.column, undefined);
    const forText = translate(payload, true);
    assert.equal(forText.path, 'now');
    assert.equal(forText.message, 'invalid request: now: `x` is not an RFC 3339 instant at line 2 column 12');
    assert.equal(forText.line, 2);
    assert.equal(forText.column, 12);
    const whole = translate(JSON.stringify({ kind: 'request', code: 'request_too_large', message: 'too large' }), true);
    assert.equal(whole.path, null);
    assert.equal(whole.message, 'too large');
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
