// Typed usage of herald-engine from an ES module (moduleResolution nodenext, import condition).
// Compiled with `tsc --noEmit` by tests/types.test.mjs; every line must type-check, and every
// `@ts-expect-error` must really be an error (so the types are not too loose).
import init, { check, HeraldError, initSync, RequestError, smsSegments, version } from 'herald-engine';
import type { CheckOptions, Diagnostic, InitInput, Severity, SmsSegments, Span } from 'herald-engine';

await init();
const v: string = version();
const options: CheckOptions = { file: 'a.herald' };
const diagnostics: Diagnostic[] = check('journey "a" {}', options);
for (const d of diagnostics) {
    const code: string = d.code;
    const severity: Severity = d.severity;
    const span: Span = d.span;
    const utf16: number = d.span_utf16.start + span.end;
    const help: string | null = d.help;
    const where = `${d.file}:${d.line}:${d.column}`;
    void [code, severity, utf16, help, where];
}

try {
    check('x');
} catch (e) {
    if (e instanceof HeraldError) {
        const first: Diagnostic | undefined = e.diagnostics[0];
        const message: string = e.message;
        void [first, message];
    } else if (e instanceof RequestError) {
        const code: string = e.code;
        void code;
    }
}

const sms: SmsSegments = smsSegments('Hi 🎉');
const parts: number = sms.segments + sms.units;
if (sms.encoding === 'UCS-2') void parts;
// @ts-expect-error encoding is 'GSM-7' | 'UCS-2'
const badEncoding: SmsSegments['encoding'] = 'UTF-8';
void badEncoding;

const input: InitInput = new Uint8Array([0, 97, 115, 109]);
initSync(new Uint8Array(8));
void [v, input];

// @ts-expect-error source must be a string
check(42);
// @ts-expect-error file must be a string
check('x', { file: 1 });
// @ts-expect-error no such option
check('x', { fille: 'a' });
// @ts-expect-error severity is 'error' | 'warning'
const wrong: Severity = 'info';
void wrong;
