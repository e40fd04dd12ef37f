// Node, CommonJS: `require('herald-engine')` (the package's own name resolves through its
// `exports`, condition node/require) works with no init step.
'use strict';
const { test } = require('node:test');
const assert = require('node:assert/strict');
const herald = require('herald-engine');
const packageJson = require('herald-engine/package.json');

test('require: the common checks pass without an init step', async () => {
    const { commonChecks } = await import('./cases.mjs');
    assert.deepEqual(commonChecks(herald, packageJson.version), []);
});

test('require and import share one instance and one set of classes', async () => {
    const esm = await import('herald-engine');
    assert.equal(esm.HeraldError, herald.HeraldError);
    assert.equal(esm.RequestError, herald.RequestError);
    assert.equal(esm.check, herald.check);
    assert.deepEqual(Object.keys(esm).filter((k) => k !== 'default').sort(),
        Object.keys(herald).filter((k) => k !== 'default').sort());
});

test('init and initSync are harmless no-ops in Node', async () => {
    assert.equal(await herald.init(), undefined);
    assert.equal(herald.initSync(), undefined);
    assert.equal(herald.default, herald.init);
    assert.deepEqual(herald.check('journey "a" {\n  when event "x"\n  send sms "hi"\n}\n'), []);
});

test('100,000 open parentheses are a diagnostic, not a trap', () => {
    for (const text of ['('.repeat(100000), '['.repeat(100000), '{'.repeat(100000), 'journey "x" {' + '('.repeat(100000)]) {
        const diags = herald.check(text);
        assert.equal(diags.length, 1);
        assert.equal(diags[0].code, 'E0003');
        assert.equal(diags[0].severity, 'error');
    }
    // The instance is still healthy afterwards.
    assert.deepEqual(herald.check('journey "x" {\n  when event "a"\n  send email "hi"\n}\n'), []);
});

test('a source over the size limit is a diagnostic', () => {
    const big = '# ' + 'x'.repeat(1024 * 1024) + '\n';
    const diags = herald.check(big);
    assert.equal(diags.length, 1);
    assert.equal(diags[0].code, 'E0001');
    assert.match(diags[0].message, /the file is 1048579 bytes; the limit is 1048576 bytes/);
});

test('options.file names the file; the default is <input>', () => {
    assert.equal(herald.check('journey', { file: 'x/y.herald' })[0].file, 'x/y.herald');
    assert.equal(herald.check('journey')[0].file, '<input>');
    assert.equal(herald.check('journey', null)[0].file, '<input>');
});

test('wrong argument types are TypeErrors that name the argument', () => {
    assert.throws(() => herald.check(), { name: 'TypeError', message: /source must be a string, got undefined$/ });
    assert.throws(() => herald.check(null), { name: 'TypeError', message: /got null/ });
    assert.throws(() => herald.check(Buffer.from('x')), { name: 'TypeError', message: /got an object/ });
    assert.throws(() => herald.check('x', 'file.herald'), { name: 'TypeError', message: /options must be an object/ });
    assert.throws(() => herald.check('x', { file: 7 }), { name: 'TypeError', message: /options.file must be a string/ });
});

test('UTF-16 spans index the JS string, also across astral characters', () => {
    const source = 'journey "🎉🎉" {\n  send sms "open\n}\n';
    const [d] = herald.check(source);
    assert.equal(d.code, 'E0101');
    assert.equal(source.slice(d.span_utf16.start, d.span_utf16.end), '"open');
    assert.equal(Buffer.from(source).subarray(d.span.start, d.span.end).toString(), '"open');
    assert.equal(d.column, 12);
});

test('no input traps the instance: 3,000 generated sources', () => {
    // A small deterministic generator mixing the language's tokens, brackets, quotes, lone
    // surrogates, NULs and non-ASCII text. Every call must return an array of diagnostics.
    const pieces = ['journey', ' "j" ', '{', '}', '(', ')', '[', ']', '{{', '}}', '"', '\\', '\n', '#',
        'when event "e"', 'send sms "hi"', 'wait 1 hour', 'if', 'else', 'split', '50%', '$0.05',
        '\ud800', '\udfff', '\u0000', 'é', '🎉', '12:00', 'profile.x', '>=', 'and', 'not', ' '];
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let i = 0; i < 3000; i++) {
        let text = '';
        const length = next() % 60;
        for (let j = 0; j < length; j++) text += pieces[next() % pieces.length];
        const diags = herald.check(text);
        assert.ok(Array.isArray(diags), `check(${JSON.stringify(text)})`);
        for (const d of diags) {
            assert.ok(d.span.start <= d.span.end && d.span_utf16.end <= text.length,
                `spans of ${JSON.stringify(text)}: ${JSON.stringify(d)}`);
        }
    }
});

test('smsSegments: extension characters take two septets; a flag is never split', () => {
    assert.deepEqual(herald.smsSegments('€'.repeat(80)), { encoding: 'GSM-7', segments: 1, units: 160 });
    assert.deepEqual(herald.smsSegments('€'.repeat(81)), { encoding: 'GSM-7', segments: 2, units: 162 });
    // 33 flags (4 units each, 132) + 'x': 133 units → parts of 67 with no flag cut in two.
    const flags = '🇺🇸'.repeat(33) + 'x';
    assert.deepEqual(herald.smsSegments(flags), { encoding: 'UCS-2', segments: 3, units: 133 });
    assert.deepEqual(herald.smsSegments(''), { encoding: 'GSM-7', segments: 1, units: 0 });
    assert.throws(() => herald.smsSegments(5), { name: 'TypeError', message: /text must be a string/ });
});
