// Typed usage under the newest lib (`using`, Symbol.dispose from lib.esnext.disposable) and the
// strictest options (exactOptionalPropertyTypes): tsconfig.esnext.json.
import { compile, type HeraldRequest } from 'herald-engine';

const source = 'journey "w" {\n  when event "Signed Up"\n  send email "hi"\n}\n';
{
    // `using` frees the program at the end of the block (Program has [Symbol.dispose]).
    using program = compile(source);
    const request: HeraldRequest = {
        now: '2026-03-08T14:00:00Z',
        profile: { id: 'u', email: 'a@b.c', coupon: undefined, timezone: undefined },
        event: { name: 'Signed Up', properties: { coupon: undefined } },
        state: undefined,
    };
    void program.evaluate(request).decisions;
}
