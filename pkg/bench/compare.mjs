// herald side by side with the JS rules engines a team would pick instead
// (`npm --prefix pkg run bench:compare`; results in docs/performance.md, "Against JS engines").
//
// One Node process, the typical journey of docs/performance.md written for each engine, the
// requests of bench/requests.mjs (6.7 KB: 20 traits, 50 past events). Every engine is first
// checked equal to a hand-written JS function on 10,000 requests (the outcome: which channel is
// sent, or suppressed, or nothing), then timed in interleaved rounds (each round runs every
// engine once, in a rotating order) with a garbage collection before each measurement.
// Two inputs: JSON text (what a server or a queue holds: the JS engines JSON.parse first) and
// JS objects (already parsed). herald answers far more than the outcome (every decision, its
// cost, the state to keep): the others compute only the outcome.
//
// `node --expose-gc bench/compare.mjs [--quick] [--json] [--wall] [--stages]`
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { generateRequests, TYPICAL } from './requests.mjs';

const require = createRequire(import.meta.url);
const herald = require('herald-engine');
const jsonLogic = require('json-logic-js');
const { LogicEngine } = require('json-logic-engine');
const { Engine: RulesEngine } = require('json-rules-engine');
let zen;
try {
    zen = require('@gorules/zen-engine');
} catch (e) {
    console.error(`@gorules/zen-engine is not installed (${e.message}): left out`);
}

const quick = process.argv.includes('--quick');
const asJson = process.argv.includes('--json');
const WALL = process.argv.includes('--wall');
const ROUNDS = quick ? 3 : 7;
const ROUND_MS = quick ? 150 : 400;
const CHECKED = 10_000;
const gc = globalThis.gc ?? (() => {});
if (globalThis.gc === undefined) console.error('run with node --expose-gc for a collection between measurements');

const DAY_MS = 86_400_000;
/** The cutoff of `within 1 day` as the requests write instants (`YYYY-MM-DDTHH:MM:SSZ`). */
const cutoffOf = (now) => new Date(Date.parse(now) - DAY_MS).toISOString().replace('.000Z', 'Z');

// ---- The journey, by hand: the reference every engine is checked against --------------------
// Trigger, audience, then count(event "Product Viewed" within 1 day) > 3 ? sms : email, with
// the address and consent rules herald applies to those channels (sms needs a phone and
// "subscribed"; email an address and not "unsubscribed").
function byHand(request) {
    const { event, profile } = request;
    if (event.name !== 'Cart Abandoned' || !(event.properties.value >= 50)) return 'none';
    if (!(profile.country === 'US' || profile.country === 'CA') || !(profile.age >= 18) || profile.plan === 'enterprise') return 'none';
    const now = request.now;
    const cutoff = cutoffOf(now);
    let viewed = 0;
    for (const e of profile.events) if (e.name === 'Product Viewed' && e.time >= cutoff && e.time <= now) viewed++;
    if (viewed > 3) return profile.phone && profile.subscriptions?.sms === 'subscribed' ? 'send sms' : 'suppress sms';
    return profile.email && profile.subscriptions?.email !== 'unsubscribed' ? 'send email' : 'suppress email';
}

/** herald's outcome, read from its decisions. */
function heraldOutcome(response) {
    for (const d of response.decisions) if (d.action === 'send' || d.action === 'suppress') return `${d.action} ${d.channel}`;
    return 'none';
}

// ---- The journey in each engine ---------------------------------------------------------------
const AUDIENCE = [
    { '==': [{ var: 'event.name' }, 'Cart Abandoned'] },
    { '>=': [{ var: 'event.properties.value' }, 50] },
    { in: [{ var: 'profile.country' }, ['US', 'CA']] },
    { '>=': [{ var: 'profile.age' }, 18] },
    { '!=': [{ var: 'profile.plan' }, 'enterprise'] },
];
/** The data json-logic rules read: the request with the cutoff beside it. */
function logicData(request) {
    return { profile: request.profile, event: request.event, now: request.now, cutoff: cutoffOf(request.now) };
}

// json-logic has no dates, and its `reduce` sees only `current` and `accumulator`, not the data
// root where the cutoff is: the count is an added operation (in each engine's own way), the
// cutoff is computed in JS and handed in as data (ISO text compares as time here: every instant
// has the same form).
jsonLogic.add_operation('viewedSince', (events, cutoff, now) => {
    let n = 0;
    for (const e of events) if (e.name === 'Product Viewed' && e.time >= cutoff && e.time <= now) n++;
    return n;
});
const JSON_LOGIC = {
    if: [
        { and: AUDIENCE },
        {
            if: [
                { '>': [{ viewedSince: [{ var: 'profile.events' }, { var: 'cutoff' }, { var: 'now' }] }, 3] },
                { if: [{ and: [{ var: 'profile.phone' }, { '==': [{ var: 'profile.subscriptions.sms' }, 'subscribed'] }] }, 'send sms', 'suppress sms'] },
                { if: [{ and: [{ var: 'profile.email' }, { '!=': [{ var: 'profile.subscriptions.email' }, 'unsubscribed'] }] }, 'send email', 'suppress email'] },
            ],
        },
        'none',
    ],
};

const logicEngine = new LogicEngine();
logicEngine.addMethod('viewedSince', ([events, cutoff, now]) => {
    let n = 0;
    for (const e of events) if (e.name === 'Product Viewed' && e.time >= cutoff && e.time <= now) n++;
    return n;
}, { deterministic: true });
const logicEngineRule = logicEngine.build(JSON_LOGIC);

// json-rules-engine: facts are the request's parts; the count is a computed fact (it has no
// counting operator); rules by priority, the first that fires wins.
function rulesEngine() {
    const engine = new RulesEngine([], { allowUndefinedFacts: true });
    engine.addFact('viewed', async (_params, almanac) => {
        const profile = await almanac.factValue('profile');
        const now = await almanac.factValue('now');
        const cutoff = cutoffOf(now);
        let n = 0;
        for (const e of profile.events) if (e.name === 'Product Viewed' && e.time >= cutoff && e.time <= now) n++;
        return n;
    });
    const audience = [
        { fact: 'event', path: '$.name', operator: 'equal', value: 'Cart Abandoned' },
        { fact: 'event', path: '$.properties.value', operator: 'greaterThanInclusive', value: 50 },
        { fact: 'profile', path: '$.country', operator: 'in', value: ['US', 'CA'] },
        { fact: 'profile', path: '$.age', operator: 'greaterThanInclusive', value: 18 },
        { fact: 'profile', path: '$.plan', operator: 'notEqual', value: 'enterprise' },
    ];
    engine.addRule({ priority: 2, conditions: { all: [...audience, { fact: 'viewed', operator: 'greaterThan', value: 3 }] }, event: { type: 'sms' } });
    engine.addRule({ priority: 1, conditions: { all: [...audience, { fact: 'viewed', operator: 'lessThanInclusive', value: 3 }] }, event: { type: 'email' } });
    return engine;
}
const rules = rulesEngine();
async function rulesOutcome(request) {
    const { events } = await rules.run({ profile: request.profile, event: request.event, now: request.now });
    if (events.length === 0) return 'none';
    const { profile } = request;
    if (events[0].type === 'sms') return profile.phone && profile.subscriptions?.sms === 'subscribed' ? 'send sms' : 'suppress sms';
    return profile.email && profile.subscriptions?.email !== 'unsubscribed' ? 'send email' : 'suppress email';
}

// zen: a decision graph (JDM) of one expression node.
const ZEN_EXPRESSION = `(event.name == 'Cart Abandoned' and event.properties.value >= 50 and (profile.country == 'US' or profile.country == 'CA') and profile.age >= 18 and profile.plan != 'enterprise')
 ? (count(profile.events, #.name == 'Product Viewed' and date(#.time) >= date(cutoff) and date(#.time) <= date(now)) > 3
    ? ((profile.phone != null and profile.subscriptions.sms == 'subscribed') ? 'send sms' : 'suppress sms')
    : ((profile.email != null and profile.subscriptions.email != 'unsubscribed') ? 'send email' : 'suppress email'))
 : 'none'`;
function zenDecision() {
    const engine = new zen.ZenEngine();
    const jdm = {
        nodes: [
            { id: 'in', type: 'inputNode', name: 'request', position: { x: 0, y: 0 } },
            { id: 'decide', type: 'expressionNode', name: 'decide', position: { x: 200, y: 0 },
                content: { expressions: [{ id: 'outcome', key: 'outcome', value: ZEN_EXPRESSION.replace(/\s*\n\s*/g, ' ') }] } },
            { id: 'out', type: 'outputNode', name: 'response', position: { x: 400, y: 0 } },
        ],
        edges: [
            { id: 'e1', sourceId: 'in', targetId: 'decide', type: 'edge' },
            { id: 'e2', sourceId: 'decide', targetId: 'out', type: 'edge' },
        ],
    };
    return engine.createDecision(Buffer.from(JSON.stringify(jdm)));
}
const zenGraph = zen ? zenDecision() : undefined;
async function zenOutcome(request) {
    const { result } = await zenGraph.evaluate({ profile: request.profile, event: request.event, now: request.now, cutoff: cutoffOf(request.now) });
    return result.outcome;
}

// ---- Inputs, and the check -----------------------------------------------------------------
const program = herald.compile(TYPICAL);
const COUNT = 1024;
const requests = generateRequests(CHECKED, 0x5eed);
const texts = requests.map((r) => JSON.stringify(r));
const mask = COUNT - 1;

const engines = [
    { name: 'herald', objects: (r) => heraldOutcome(program.evaluate(r)), text: (t) => heraldOutcome(JSON.parse(program.evaluateJson(t))),
        textOnly: (t) => program.evaluateJson(t).length },
    { name: 'json-logic-js', objects: (r) => jsonLogic.apply(JSON_LOGIC, logicData(r)) },
    { name: 'json-logic-engine (compiled)', objects: (r) => logicEngineRule(logicData(r)) },
    { name: 'json-rules-engine', objects: rulesOutcome, async: true },
    ...(zen ? [{ name: '@gorules/zen-engine', objects: zenOutcome, async: true }] : []),
];

async function check() {
    const outcomes = new Map();
    for (const engine of engines) {
        for (let i = 0; i < CHECKED; i++) {
            const expected = byHand(requests[i]);
            let got = engine.objects(requests[i]);
            if (engine.async) got = await got;
            if (got !== expected) throw new Error(`${engine.name} answers ${got} for request ${i}, the hand-written function ${expected}`);
            if (engine.name === 'herald') {
                const viaText = engine.text(texts[i]);
                if (viaText !== expected) throw new Error(`herald (text) answers ${viaText} for request ${i}`);
            }
            outcomes.set(expected, (outcomes.get(expected) ?? 0) + 1);
        }
    }
    return Object.fromEntries([...outcomes].map(([k, v]) => [k, v / engines.length]));
}

// ---- Timing ----------------------------------------------------------------------------------
/** The CPU time this process has used, in nanoseconds (user + system, every thread). */
function cpuNs() {
    const { user, system } = process.cpuUsage();
    return (user + system) * 1000;
}

/**
 * Runs `fn` over the requests for about ROUND_MS of CPU time; nanoseconds of CPU time per
 * request. CPU time rather than wall time: on a machine shared with other jobs, wall time
 * counts the time the process waits for a core (`--wall` measures wall time instead).
 */
async function timeRound(fn, isAsync) {
    gc();
    const clock = WALL ? () => Number(process.hrtime.bigint()) : cpuNs;
    let n = 0;
    let sink = 0;
    const start = clock();
    const deadline = start + ROUND_MS * 1e6;
    let now = start;
    while (now < deadline) {
        for (let k = 0; k < 64; k++, n++) {
            const out = fn(n & mask);
            sink += (isAsync ? (await out).length : out.length) | 0;
        }
        now = clock();
    }
    if (sink < 0) console.log(sink);
    return (now - start) / n;
}

const measures = [];
for (const engine of engines) {
    measures.push({ engine: engine.name, input: 'objects', fn: (i) => engine.objects(requests[i]), async: engine.async });
    if (engine.name === 'herald') {
        measures.push({ engine: engine.name, input: 'JSON text', fn: (i) => engine.textOnly(texts[i]) === 0 ? '' : 'x' });
        measures.push({ engine: 'herald (evaluateJson + JSON.parse of the response)', input: 'JSON text', fn: (i) => engine.text(texts[i]) });
    } else {
        measures.push({ engine: engine.name, input: 'JSON text', fn: (i) => (engine.async ? engine.objects(JSON.parse(texts[i])) : engine.objects(JSON.parse(texts[i]))), async: engine.async });
    }
}

// `--stages`: where herald's time goes on the objects path, each stage alone in the same rounds.
if (process.argv.includes('--stages')) {
    const P = require('../dist/project.cjs');
    const reads = P.projectionOf(program.reads());
    const slim = requests.slice(0, COUNT).map((r) => P.projectText(r, reads));
    const answers = slim.map((t) => program.evaluateJson(t));
    const stage = (engine, fn) => measures.push({ engine: `  stage: ${engine}`, input: 'objects', fn });
    stage('size walk alone (fitsProjection)', (i) => (P.fitsProjection(requests[i]) ? 'x' : ''));
    stage('projection alone (projectText)', (i) => P.projectText(requests[i], reads));
    stage('size walk + projection in one pass (projectFitting)', (i) => P.projectFitting(requests[i], reads));
    stage('evaluateJson of the projected text', (i) => program.evaluateJson(slim[i]));
    stage('JSON.parse of the answer', (i) => JSON.parse(answers[i]).decisions);
}

const outcomes = await check();
// Warm-up: one round of everything, not counted.
for (const m of measures) await timeRound(m.fn, m.async);
const samples = measures.map(() => []);
for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < measures.length; k++) {
        const index = (k + round) % measures.length;
        samples[index].push(await timeRound(measures[index].fn, measures[index].async));
    }
}
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
const results = measures.map((m, k) => ({ engine: m.engine, input: m.input, ns: Math.round(median(samples[k])), perSecond: Math.round(1e9 / median(samples[k])) }));

const machine = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version, date: new Date().toISOString().slice(0, 10), clock: WALL ? 'wall' : 'cpu', load: loadavg()[0] };
if (asJson) {
    console.log(JSON.stringify({ machine, checked: CHECKED, outcomes, results }, null, 2));
} else {
    console.log(`${machine.cpu} (${machine.cores} cores), Node ${machine.node}, ${machine.date}, ${machine.clock} time, load ${machine.load}`);
    console.log(`every engine equal to the hand-written function on ${CHECKED} requests; outcomes ${JSON.stringify(outcomes)}`);
    for (const input of ['JSON text', 'objects']) {
        const rows = results.filter((r) => r.input === input);
        const best = Math.max(...rows.filter((r) => !r.engine.startsWith('herald') && !r.engine.startsWith('  stage')).map((r) => r.perSecond));
        console.log(`\n${input} in:`);
        for (const r of rows) {
            console.log(`  ${r.engine.padEnd(52)} ${(r.ns / 1000).toFixed(2).padStart(8)} µs  ${String(r.perSecond).padStart(8)}/s  ${(r.perSecond / best).toFixed(2)}× the best JS engine`);
        }
    }
}
