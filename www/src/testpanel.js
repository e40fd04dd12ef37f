// The Test panel: sample inputs with validation, Run (one evaluation with its explain trace)
// and Simulate (the clock moved through every wake_at until the journey rests).
import { RequestError } from 'herald-engine';
import { CHANNELS, reasonInWords } from './lang/words.js';
import { elapsed, h, money, titleCase, when } from './util.js';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** The JSON in a field, or an error naming the line and column. */
function parseJson(text, label) {
    try {
        return { value: JSON.parse(text) };
    } catch (error) {
        const position = Number((error.message.match(/position (\d+)/) ?? [])[1]);
        if (Number.isFinite(position)) {
            const before = text.slice(0, position).split('\n');
            return { error: `${label} is not valid JSON: line ${before.length}, column ${before[before.length - 1].length + 1} (${error.message.replace(/ in JSON at position.*$/, '')}).` };
        }
        return { error: `${label} is not valid JSON: ${error.message}.` };
    }
}

/** Reads and checks the three inputs: `{ request }` or `{ errors: { profile?, event?, now? } }`. */
export function readInputs({ profile, event, now }) {
    const errors = {};
    const nowText = now.value.trim();
    if (!INSTANT.test(nowText) || Number.isNaN(Date.parse(nowText))) {
        errors.now = 'Write the time as an ISO instant, for example 2026-03-08T14:00:00Z.';
    }
    const p = parseJson(profile.value, 'The profile');
    if (p.error) errors.profile = p.error;
    else if (!p.value || typeof p.value !== 'object' || Array.isArray(p.value)) errors.profile = 'The profile is a JSON object: { "id": "u_1", ... }.';
    else if (typeof p.value.id !== 'string' && typeof p.value.id !== 'number') errors.profile = 'The profile needs an "id" (a text or a whole number).';
    let eventValue = null;
    if (event.value.trim() !== '') {
        const e = parseJson(event.value, 'The event');
        if (e.error) errors.event = e.error;
        else if (e.value !== null && (typeof e.value !== 'object' || Array.isArray(e.value) || typeof e.value.name !== 'string')) {
            errors.event = 'The event is a JSON object with a "name": { "name": "Signed Up", "properties": { } }.';
        } else eventValue = e.value;
    }
    for (const [key, input] of Object.entries({ profile, event, now })) {
        input.setAttribute('aria-invalid', errors[key] ? 'true' : 'false');
    }
    if (Object.keys(errors).length) return { errors };
    return { request: { now: nowText, profile: p.value, event: eventValue, state: null } };
}

const channelName = (channel) => (channel === 'sms' || channel === 'mms' ? channel.toUpperCase() : titleCase(channel ?? ''));

function decisionCard(decision, onStep) {
    const stepLink = decision.step
        ? h('button', { type: 'button', class: 'link', text: `step ${decision.step}`, title: 'Show this step', onclick: () => onStep(decision) })
        : null;
    const meta = h('p', { class: 'decision-meta' }, decision.action === 'enter' || decision.action === 'exit' ? '' : `${decision.journey}`,
        stepLink && decision.action !== 'enter' && decision.action !== 'exit' ? ' · ' : '', stepLink);
    switch (decision.action) {
        case 'send': {
            const cost = decision.cost;
            const costText = cost ? `${money(cost)}${cost.units > 1 || cost.unit !== 'message' ? ` · ${cost.units} ${cost.unit}${cost.units === 1 ? '' : 's'}` : ''}${cost.encoding ? ` · ${cost.encoding}` : ''}${cost.price_known === false ? ' · price unknown' : ''}` : '';
            return h('li', { class: 'decision send' },
                h('div', { class: 'decision-head' },
                    h('span', { class: 'badge send', text: 'Send' }),
                    h('strong', { text: channelName(decision.channel) }),
                    h('span', { class: 'decision-cost', text: costText })),
                h('p', { class: 'decision-to' }, `to ${decision.to ?? 'the webhook'}`, decision.country ? ` · ${decision.country}` : ''),
                decision.content !== null && decision.content !== undefined
                    ? h('blockquote', { class: 'decision-content', text: decision.content })
                    : h('p', { class: 'decision-content template', text: `template “${decision.template}”` }),
                meta);
        }
        case 'suppress':
            return h('li', { class: 'decision suppress' },
                h('div', { class: 'decision-head' },
                    h('span', { class: 'badge suppress', text: 'Not sent' }),
                    h('strong', { text: channelName(decision.channel) })),
                h('p', { class: 'reason' }, `Because ${reasonInWords(decision)} `, h('code', { text: decision.reason })),
                meta);
        case 'defer':
            return h('li', { class: 'decision defer' },
                h('div', { class: 'decision-head' },
                    h('span', { class: 'badge defer', text: 'Deferred' }),
                    h('strong', { text: channelName(decision.channel) })),
                h('p', { class: 'reason' }, `Until ${when(decision.until)}: ${reasonInWords(decision)} `, h('code', { text: decision.reason })),
                meta);
        case 'enter':
            return h('li', { class: 'decision enter' },
                h('div', { class: 'decision-head' }, h('span', { class: 'badge enter', text: 'Entered' }), h('strong', { text: decision.journey }),
                    decision.holdout ? h('span', { class: 'muted', text: ' (holdout group)' }) : null),
                meta);
        case 'exit':
            return h('li', { class: 'decision exit' },
                h('div', { class: 'decision-head' }, h('span', { class: 'badge exit', text: 'Left' }), h('strong', { text: decision.journey })),
                h('p', { class: 'reason' }, `Because ${reasonInWords(decision)} `, h('code', { text: decision.reason })),
                meta);
        default:
            return h('li', { class: 'decision other' },
                h('div', { class: 'decision-head' }, h('span', { class: 'badge', text: titleCase(decision.action) })),
                h('pre', { text: JSON.stringify(decision, null, 1) }), meta);
    }
}

/** What a response says about the journeys' runs, in words. */
function stateInWords(state) {
    const lines = [];
    for (const [journey, js] of Object.entries(state?.journeys ?? {})) {
        if (js.run) lines.push(`${journey}: waiting at step ${js.run.step} (${js.run.waiting.replace('_', ' ')}) until ${when(js.run.until)}; spent ${(js.run.spent_micros / 1e6).toFixed(4)}`);
        else if (js.runs && js.runs.length) lines.push(`${journey}: ${js.runs.length} runs waiting`);
        else lines.push(`${journey}: not running${js.last_entry ? ` (last entered ${when(js.last_entry)})` : ''}`);
    }
    return lines.length ? lines : ['no journey has been entered'];
}

const CHECK_WORDS = {
    trigger: 'Trigger matches', reentry: 'May enter again', audience: 'Audience', exit_when: 'Exit event', wait_for: 'Awaited event',
    wake: 'Wait is over', if: 'Condition', split: 'Split arm', address: 'Has an address', consent: 'Consent', quiet_hours: 'Outside quiet hours',
    frequency_cap: 'Under the frequency cap', budget: 'Within budget', state: 'Saved state',
};

function traceView(trace) {
    if (!trace || trace.length === 0) return null;
    return h('details', { class: 'trace' },
        h('summary', { text: `Why: every check, in order (${trace.length})` }),
        h('ol', { class: 'trace-list' }, ...trace.map((entry) => h('li', { class: entry.result ? 'pass' : 'fail' },
            h('span', { class: 'trace-result', text: entry.result ? '✓ yes' : '✗ no' }),
            h('span', { class: 'trace-check', text: `${CHECK_WORDS[entry.check] ?? titleCase(entry.check.replace(/_/g, ' '))}${entry.channel ? ` (${channelName(entry.channel)})` : ''}` }),
            h('span', { class: 'trace-where', text: `${entry.journey}${entry.step ? ` · step ${entry.step}` : ''}` }),
            entry.condition ? h('code', { class: 'trace-condition', text: entry.condition }) : null,
            entry.values?.length ? h('span', { class: 'trace-values', text: entry.values.map((v) => (v.missing ? `${v.expr} is missing` : `${v.expr} = ${JSON.stringify(v.value)}`)).join(' · ') }) : null,
            entry.detail ? h('span', { class: 'trace-detail', text: entry.detail }) : null))));
}

function decisionsView(response, onStep, heading) {
    const list = response.decisions.length
        ? h('ul', { class: 'decision-list' }, ...response.decisions.map((d) => decisionCard(d, onStep)))
        : h('p', { class: 'muted', text: 'No decisions: nothing in the journey matched this input.' });
    const summary = h('p', { class: 'run-summary' },
        h('strong', { text: `Cost of this run: ${money(response.total_cost)}` }),
        response.wake_at ? ` · the journey has more to do at ${when(response.wake_at)} (Simulate to see it)` : ' · nothing more is due');
    return h('section', { class: 'result', 'aria-label': heading }, h('h3', { text: heading }), summary, list, traceView(response.trace));
}

/** Runs one evaluation. Returns the section to show. */
export function run(program, request, onStep) {
    const response = program.evaluate({ ...request, explain: true });
    return decisionsView(response, onStep, `Result at ${when(request.now)}`);
}

/**
 * Simulate: the sample event at `now`, then a tick at each `wake_at` (the profile's events growing
 * with the trigger, as SPEC §7's simulator does) until no wait is due, at most `maxSteps` times.
 */
export function simulate(program, request, onStep, maxSteps = 60) {
    const steps = [];
    let state = null;
    const profile = structuredClone(request.profile);
    let next = { ...request, profile, state };
    let total = 0;
    let currency = 'USD';
    for (let i = 0; i < maxSteps; i += 1) {
        const response = program.evaluate(next);
        steps.push({ request: next, response });
        total += response.total_cost.micros;
        currency = response.total_cost.currency;
        if (next.event) {
            profile.events = [...(profile.events ?? []), { name: next.event.name, time: next.event.time ?? next.now, properties: next.event.properties ?? {} }].slice(-1000);
        }
        state = response.state;
        if (!response.wake_at) break;
        next = { now: response.wake_at, profile, state };
    }
    const rested = !steps[steps.length - 1].response.wake_at;
    const start = steps[0].request.now;
    const items = steps.map(({ request: req, response }, index) => h('li', { class: 'timeline-step' },
        h('div', { class: 'timeline-time' },
            h('strong', { text: when(req.now) }),
            h('span', { class: 'muted', text: index === 0 ? ' start' : ` · ${elapsed(start, req.now)}` })),
        h('p', { class: 'timeline-input', text: req.event ? `Event “${req.event.name}” arrives` : 'The clock reaches a wait: tick' }),
        response.decisions.length
            ? h('ul', { class: 'decision-list compact' }, ...response.decisions.map((d) => decisionCard(d, onStep)))
            : h('p', { class: 'muted', text: 'No decisions.' }),
        h('details', { class: 'state' },
            h('summary', { text: `State after: ${stateInWords(response.state).join('; ')}` }),
            h('pre', { text: JSON.stringify(response.state, null, 2) }))));
    const sends = steps.reduce((acc, { response }) => acc + response.decisions.filter((d) => d.action === 'send').length, 0);
    return h('section', { class: 'result', 'aria-label': 'Simulation' },
        h('h3', { text: 'Simulation' }),
        h('p', { class: 'run-summary' },
            h('strong', { text: `${sends} message${sends === 1 ? '' : 's'} sent, ${(total / 1e6).toFixed(4)} ${currency} in all` }),
            rested
                ? ` · ${steps.length} evaluation${steps.length === 1 ? '' : 's'}; then the journey rests (nothing more is due)`
                : ` · stopped after ${steps.length} evaluations: the journey still has work due`),
        h('ol', { class: 'timeline-list' }, ...items));
}

export function describeRequestError(error) {
    if (error instanceof RequestError) return `The engine refused the input (${error.code}): ${error.message}`;
    return `Could not run: ${error.message}`;
}

export { CHANNELS };

/**
 * "Run tests": the `test "name" { ... }` blocks of the file (docs/testing.md) run on its
 * journeys by `program.test()`, shown as `herald test` prints them: each test with its result,
 * each failure with expected and actual and a link to the expectation's line.
 */
export function runTests(program, onLine) {
    const report = program.test();
    const root = h('div', { class: 'test-report' });
    if (report.tests.length === 0) {
        root.append(h('p', { class: 'muted', text: 'No tests in this file. Add one after the journey: test "the reminder goes by sms" { at "2026-03-01T10:00:00Z" ... expect send sms }. See docs/testing.md.' }));
        return root;
    }
    const ok = report.failed === 0;
    root.append(h('p', { class: `test-summary ${ok ? 'passed' : 'failed'}`, 'data-testid': 'test-summary',
        text: `${ok ? '✓' : '✗'} ${report.passed} passed, ${report.failed} failed` }));
    const list = h('ul', { class: 'test-list' });
    for (const t of report.tests) {
        const item = h('li', { class: `test-result ${t.passed ? 'passed' : 'failed'}`, 'data-passed': String(t.passed) },
            h('span', { class: 'test-mark', text: t.passed ? '✓ ok' : '✗ FAILED' }),
            ' ',
            h('span', { class: 'test-name', text: t.name }));
        const f = t.failure;
        if (f) {
            item.append(h('div', { class: 'test-failure' },
                h('button', { type: 'button', class: 'link', text: `Line ${f.line}:${f.column}`, title: 'Show this expectation', onclick: () => onLine(f) }),
                h('span', { class: 'test-message', text: ` ${f.message}` }),
                f.expected ? h('pre', { class: 'test-expected', text: `expected: ${f.expected}` }) : null,
                f.actual ? h('pre', { class: 'test-actual', text: `actual:   ${f.actual.split('\n').join('\n          ')}` }) : null));
        }
        list.append(item);
    }
    root.append(list);
    return root;
}
