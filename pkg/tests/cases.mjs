// Sources and expectations shared by the runtime tests (Node, Deno, workerd, Chromium), so each
// runtime is held to the same answers. Kept free of runtime APIs: any ES module host imports it.

export const validSource = `journey "welcome" {
  when event "Signed Up"
  send sms "Hi!"
}
`;

/** An unterminated string on line 2, after a 2-byte character: byte and UTF-16 spans differ. */
export const invalidSource = 'journey "é" {\n  send sms "oops\n}\n';

/** Runs the checks every runtime must pass; returns a list of failure messages (empty = pass). */
export function commonChecks(api, expectedVersion) {
    const failures = [];
    const expect = (ok, what) => {
        if (!ok) failures.push(what);
    };
    expect(api.version() === expectedVersion, `version() is ${api.version()}, expected ${expectedVersion}`);

    const none = api.check(validSource);
    expect(Array.isArray(none) && none.length === 0, `check(valid) = ${JSON.stringify(none)}`);

    const diags = api.check(invalidSource, { file: 'bad.herald' });
    const d = diags[0];
    expect(diags.length >= 1, 'check(invalid) returned no diagnostic');
    if (d) {
        expect(d.file === 'bad.herald', `file is ${d.file}`);
        expect(d.severity === 'error', `severity is ${d.severity}`);
        expect(d.code === 'E0101', `code is ${d.code}`);
        expect(d.message === 'unterminated string', `message is ${d.message}`);
        expect(d.line === 2 && d.column === 12, `line:column is ${d.line}:${d.column}`);
        expect(d.span.start === 26 && d.span.end === 31, `span is ${JSON.stringify(d.span)}`);
        // "é" is 2 bytes in UTF-8 but 1 UTF-16 unit, and it comes before the error.
        expect(d.span_utf16.start === 25 && d.span_utf16.end === 30, `span_utf16 is ${JSON.stringify(d.span_utf16)}`);
        expect(invalidSource.slice(d.span_utf16.start, d.span_utf16.end) === '"oops', 'span_utf16 indexes the JS string');
        expect(typeof d.help === 'string' && d.help.length > 0, `help is ${d.help}`);
    }

    // A checker diagnostic with a suggestion (SPEC §4's example).
    const typo = api.check('journey "x" {\n  when event "a"\n  send smss "hi"\n}\n', { file: 'a.herald' });
    const channel = typo.find((x) => x.code === 'E0102');
    expect(channel !== undefined && channel.message === 'unknown channel `smss`' && channel.help === 'did you mean `sms`?'
        && channel.line === 3 && channel.column === 8, `unknown channel: ${JSON.stringify(typo)}`);

    const segments = [
        ['Hello', { encoding: 'GSM-7', segments: 1, units: 5 }],
        ['{'.repeat(80), { encoding: 'GSM-7', segments: 1, units: 160 }],
        ['a'.repeat(161), { encoding: 'GSM-7', segments: 2, units: 161 }],
        ['Hi 🎉', { encoding: 'UCS-2', segments: 1, units: 5 }],
        ['🎉'.repeat(35), { encoding: 'UCS-2', segments: 1, units: 70 }],
        ['🎉'.repeat(36), { encoding: 'UCS-2', segments: 2, units: 72 }],
    ];
    for (const [text, want] of segments) {
        const got = api.smsSegments(text);
        expect(JSON.stringify(got) === JSON.stringify(want), `smsSegments(${text.slice(0, 12)}…) = ${JSON.stringify(got)}`);
    }

    const deep = api.check('('.repeat(100000));
    expect(deep.length === 1 && deep[0].code === 'E0003', `deep nesting: ${JSON.stringify(deep)}`);

    let typeError;
    try {
        api.check(42);
    } catch (e) {
        typeError = e;
    }
    expect(typeError instanceof TypeError, `check(42) threw ${typeError}`);

    const error = new api.HeraldError('E0100: boom', [d]);
    expect(error instanceof Error && error.name === 'HeraldError' && error.diagnostics[0] === d, 'HeraldError shape');
    const requestError = new api.RequestError('invalid_json', 'bad');
    expect(requestError instanceof Error && requestError.code === 'invalid_json', 'RequestError shape');
    return failures;
}
