// Typed usage of herald-engine from an ES module (moduleResolution nodenext, import condition).
// Compiled with `tsc --noEmit` by tests/types.test.mjs; every line must type-check, and every
// `@ts-expect-error` must really be an error (so the types are not too loose).
import init, { check, compile, diff, format, HeraldError, initSync, Program, RequestError, smsSegments, version } from 'herald-engine';
import type {
    Analysis, CheckOptions, Decision, Diagnostic, EvaluationError, HeraldRequest, HeraldResponse, InitInput, PriceTable,
    DiffReport,
    TestReport, Reads, ReplaySummary, Severity, SmsSegments, Span, State,
} from 'herald-engine';
import heraldWasm from 'herald-engine/herald.wasm';

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

// ---- Programs: compile, evaluate, analyze --------------------------------------------------
const source = 'journey "w" {\n  when event "Signed Up"\n  send sms "Hi {{profile.first_name}}"\n}\n';
const prices: PriceTable = { currency: 'USD', channels: { sms: { default: 0.01, US: { price: 0.0079, cost: 0.004 } } } };
const program: Program = compile(source, { file: 'w.herald', prices });
const formatted: string = format(source, { file: 'w.herald' });
const request: HeraldRequest = {
    now: '2026-03-08T14:00:00Z',
    profile: {
        id: 'u_1', phone: '+14155550100', subscriptions: { sms: 'subscribed' }, first_name: 'Ana',
        events: [{ name: 'Product Viewed', time: '2026-03-08T13:00:00Z', properties: { sku: 'A1' } }],
    },
    event: { name: 'Signed Up', properties: { plan: 'pro' } },
    state: null,
};
const response: HeraldResponse = program.evaluate(request);
let state: State = response.state;
for (const d of response.decisions) {
    const decision: Decision = d;
    switch (decision.action) {
        case 'send': {
            const micros: number = decision.cost.micros;
            const to: string | null = decision.to;
            const encoding: 'GSM-7' | 'UCS-2' | undefined = decision.cost.encoding;
            void [micros, to, encoding];
            break;
        }
        case 'defer': {
            const until: string = decision.until;
            void until;
            break;
        }
        case 'suppress':
        case 'exit': {
            const reason: string = decision.reason;
            void reason;
            break;
        }
        case 'enter': {
            // @ts-expect-error an enter decision has no channel
            void decision.channel;
            const held: true | undefined = decision.holdout;
            const runKey: string | undefined = decision.key;
            void [held, runKey];
            break;
        }
        case 'update': {
            const trait: string = decision.key;
            const value = decision.value;
            const runKey: string | undefined = decision.run_key;
            // @ts-expect-error an update has no channel
            void decision.channel;
            void [trait, value, runKey];
            break;
        }
    }
}
const wake: string | null = response.wake_at;
const total: string = response.total_cost.amount;
const tick = program.evaluate({ now: '2026-03-08T15:00:00Z', profile: request.profile, state, explain: true });
state = tick.state;
const checks: string[] = (tick.trace ?? []).map((t) => t.check);
const many: Array<HeraldResponse | EvaluationError> = program.evaluateMany([request, request]);
for (const r of many) {
    if ('error' in r) {
        const errorCode: string = r.error.code;
        void errorCode;
    } else {
        void r.decisions.length;
    }
}
const text: string = program.evaluateJson(JSON.stringify(request));
const analysis: Analysis = program.analyze({ country: 'US', interpolationChars: 40, audience: 1000, prices });
const worst: number = analysis.journeys[0]?.worst_case_cost.micros ?? 0;
const nodes: string[] = analysis.journeys.flatMap((j) => j.nodes.map((n) => `${n.kind}:${n.label}`));
const ids: string[] = program.journeyIds();
const warnings: Diagnostic[] = program.warnings();
const reads: Reads = program.reads();
const keys: string[] = reads.profileKeys;
program.free();
void [formatted, wake, total, checks, text, worst, nodes, ids, warnings, keys];

try {
    compile('journey');
} catch (e) {
    if (e instanceof HeraldError) void e.diagnostics.length;
}
try {
    program.evaluateJson('{');
} catch (e) {
    if (e instanceof RequestError && e.code === 'invalid_json') void e.message;
    if (e instanceof RequestError) {
        const path: string | null = e.path;
        const line: number | undefined = e.line;
        void [path, line, e.column];
    }
}

// @ts-expect-error now is required
program.evaluate({ profile: { id: 'x' } });
// @ts-expect-error profile.id is required
program.evaluate({ now: '2026-03-08T14:00:00Z', profile: {} });
// @ts-expect-error evaluateJson takes text
program.evaluateJson(request);
// @ts-expect-error no such analyze option
program.analyze({ countryCode: 'US' });
// @ts-expect-error channels of a price table are known channels
const badPrices: PriceTable = { channels: { fax: { default: 1 } } };
void badPrices;
// @ts-expect-error a Program is made by compile()
new Program();

// ---- An application's own types (issue 14) ---------------------------------------------------
// An interface (no index signature) is accepted as the profile.
interface Customer {
    id: string;
    plan: 'free' | 'pro';
    country: string;
    phone?: string;
    subscriptions?: { sms?: 'subscribed' | 'unsubscribed' };
    signedUp: Date;
}
declare const customer: Customer;
const forCustomer: HeraldResponse = program.evaluate({ now: new Date(), profile: customer, event: { name: 'Signed Up', time: new Date() } });
const customers: Array<HeraldResponse | EvaluationError> = program.evaluateMany([{ now: '2026-03-08T14:00:00Z', profile: customer }, null]);
// A property the runtime drops (undefined) is accepted.
program.evaluate({ now: '2026-03-08T14:00:00Z', profile: { id: 'u', coupon: undefined }, event: { name: 'x', properties: { coupon: undefined } } });
void [forCustomer, customers];
interface Robot {
    serial: number;
}
declare const robot: Robot;
// @ts-expect-error a profile needs an id
program.evaluate({ now: '2026-03-08T14:00:00Z', profile: robot });
// @ts-expect-error consent values are closed: a typo is caught
program.evaluate({ now: '2026-03-08T14:00:00Z', profile: { id: 'u', subscriptions: { sms: 'subscribe' } } });
try {
    program.evaluateJson('{');
} catch (e) {
    // @ts-expect-error request error codes are closed: a typo is caught
    if (e instanceof RequestError && e.code === 'invalid_reqest') void e;
}
for (const d of response.decisions) {
    // @ts-expect-error reasons are closed: a typo is caught
    if (d.action === 'suppress' && d.reason === 'unsubscibed') void d;
    if (d.action === 'suppress' && d.reason === 'holdout') void d;
    if (d.action === 'exit' && d.reason === 'exit_condition') void d;
    // topics and localised messages (SPEC §6)
    if (d.action === 'suppress' && d.reason === 'unsubscribed_topic') void d;
    if (d.action === 'send') {
        const locale: string | undefined = d.locale;
        const message: string | undefined = d.message;
        void locale, void message;
    }
}
for (const node of program.analyze().journeys[0]?.nodes ?? []) {
    for (const v of node.variants ?? []) {
        const dearest: boolean = v.dearest;
        const segments: number = v.units;
        void dearest, void segments, void v.locale, void v.cost.micros;
    }
}

const disposer: () => void = program[Symbol.dispose];
void disposer;

// The module file itself, for hosts that load it (typed as a URL string or a compiled module).
const wasmInput: string | object = heraldWasm;
void wasmInput;
// Replay and diff (SPEC §7).
const summary: ReplaySummary = program.replay('{"type":"track","userId":"u1","event":"x","timestamp":"2026-03-08T14:00:00Z"}', {
    until: '2026-04-01T00:00:00Z',
    decisions: true,
});
const entries: number = summary.journeys['cart']?.entries ?? 0;
void entries;
const firstUser: string | undefined = summary.decisions?.[0]?.user;
void firstUser;
const report: DiffReport = diff(program, program, [{ type: 'track', userId: 'u1', event: 'x', timestamp: '2026-03-08T14:00:00Z' }]);
const delta: number = report.total_cost.delta.micros;
void delta;
// @ts-expect-error decisions is a boolean
program.replay('', { decisions: 'yes' });
// Tests written in the language (docs/testing.md).
const tests: TestReport = program.test();
const firstFailure: string | undefined = tests.tests.find((t) => !t.passed)?.failure?.expected;
void firstFailure;
const apart: number = program.test('test "t" { at "2026-03-08T14:00:00Z" expect no decisions }').passed;
void apart;
// @ts-expect-error tests come as source text
program.test({ source: '' });
// The simulator module: loads on first use in Node; loadSimulator loads it ahead.
import { loadSimulator, loadSimulatorSync, SimulatorNotLoadedError } from 'herald-engine';
import simulatorWasm from 'herald-engine/simulator.wasm';
await loadSimulator();
await loadSimulator(simulatorWasm);
loadSimulatorSync(new Uint8Array(0));
const notLoaded: 'simulator_not_loaded' = new SimulatorNotLoadedError().code;
void notLoaded;
// @ts-expect-error loadSimulatorSync needs the module
loadSimulatorSync();

// The runtime-only entry and saved programs.
import initRuntime, { loadProgram, LoadError, type LoadErrorCode, Program as RuntimeProgram } from 'herald-engine/runtime';
export async function runtimeUsage(bytes: Uint8Array): Promise<string> {
    await initRuntime();
    const loaded: RuntimeProgram = loadProgram(bytes);
    try {
        return loaded.evaluateJson('{}');
    } catch (e) {
        if (e instanceof LoadError) {
            const code: LoadErrorCode = e.code;
            return code;
        }
        throw e;
    } finally {
        loaded.free();
    }
}
