// Programs in Node: the lifecycle (free, dispose, use after free), argument checks, errors, and
// the projection behind `evaluate`: whatever the request, `evaluate(request)` answers exactly
// as `evaluateJson(JSON.stringify(request))` does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { journeyPrices, journeyRequest, journeyResponse, journeySource } from './cases.mjs';

const require = createRequire(import.meta.url);
const herald = require('herald-engine');
const { compile, HeraldError, Program, RequestError } = herald;

/** What evaluate and evaluateJson answer, as comparable text (an error as herald eval writes it). */
function viaObject(program, request) {
    try {
        return JSON.stringify(program.evaluate(request));
    } catch (e) {
        if (!(e instanceof RequestError)) throw e;
        assert.equal(e.line, undefined, 'no position in a text the caller never saw');
        assert.doesNotMatch(e.message, / at line \d+/);
        return JSON.stringify({ error: { code: e.code, message: e.message, path: e.path } });
    }
}

/** The same for the request's text: its error also says the line and column in that text. */
function viaText(program, request) {
    try {
        return program.evaluateJson(JSON.stringify(request));
    } catch (e) {
        if (!(e instanceof RequestError)) throw e;
        let message = e.message;
        if (e.line !== undefined) {
            const at = e.column === undefined ? ` at line ${e.line}` : ` at line ${e.line} column ${e.column}`;
            assert.ok(message.endsWith(at), `${message} ends with${at}`);
            message = message.slice(0, -at.length);
        }
        return JSON.stringify({ error: { code: e.code, message, path: e.path } });
    }
}

test('free() releases a program; using it afterwards throws; freeing twice is harmless', () => {
    const program = compile(journeySource);
    assert.ok(program instanceof Program);
    program.free();
    program.free();
    assert.throws(() => program.evaluate(journeyRequest), /has been freed/);
    assert.throws(() => program.evaluateJson('{}'), /has been freed/);
    assert.throws(() => program.analyze(), /has been freed/);
    assert.throws(() => program.journeyIds(), /has been freed/);
    assert.throws(() => program.evaluateMany([]), /has been freed/);
});

test('Symbol.dispose frees the program (using declarations)', { skip: typeof Symbol.dispose !== 'symbol' }, () => {
    const program = compile(journeySource);
    assert.equal(program[Symbol.dispose], program.free);
    program[Symbol.dispose]();
    assert.throws(() => program.journeyIds(), /has been freed/);
});

test('a Program is made by compile() only', () => {
    assert.throws(() => new Program({}), TypeError);
});

test('compile: errors carry every diagnostic; warnings stay on the program; a bad price table is refused', () => {
    const error = assert.throws(() => compile('journey "x" {\n  send smss "hi"\n  send sms "a" fallback faxx "b"\n}\n', { file: 'x.herald' }),
        (e) => e instanceof HeraldError && e.diagnostics.length >= 2 && e.diagnostics.every((d) => d.file === 'x.herald'));
    void error;
    const warned = compile('journey "w" {\n  when event "a"\n  send sms "hi"\n  stop\n}\n');
    assert.ok(Array.isArray(warned.warnings()));
    warned.free();
    assert.throws(() => compile(journeySource, { prices: { channels: { fax: { default: 1 } } } }),
        (e) => e instanceof RequestError && e.code === 'invalid_prices' && /fax/.test(e.message));
    assert.throws(() => compile(journeySource, { prices: 'cheap' }), TypeError);
    assert.throws(() => compile(42), TypeError);
});

test('wrong argument types are TypeErrors', () => {
    const program = compile(journeySource);
    for (const bad of [undefined, null, 'text', 42, []]) {
        assert.throws(() => program.evaluate(bad), TypeError);
    }
    assert.throws(() => program.evaluateJson({}), TypeError);
    assert.throws(() => program.evaluateMany(journeyRequest), TypeError);
    assert.equal(program.evaluateMany([journeyRequest, 'x'])[1].error.code, 'invalid_request');
    assert.throws(() => program.analyze({ country: 1 }), TypeError);
    assert.throws(() => program.analyze({ audience: -1 }), TypeError);
    assert.throws(() => program.analyze({ interpolationChars: 1.5 }), TypeError);
    assert.throws(() => program.analyze('US'), TypeError);
    program.free();
});

test('analyze: options and their errors', () => {
    const program = compile(journeySource, { prices: journeyPrices });
    const base = program.analyze();
    assert.equal(base.currency, 'USD');
    assert.equal(base.interpolation_chars, 32);
    const us = program.analyze({ country: 'US', interpolationChars: 10, audience: 1000 });
    assert.equal(us.journeys[0].country, 'US');
    assert.equal(us.journeys[0].country_source, 'given');
    assert.equal(us.campaign.audience, 1000);
    assert.equal(us.interpolation_chars, 10);
    const cheap = program.analyze({ country: 'US', prices: { channels: { sms: { default: 0 } } } });
    assert.equal(cheap.journeys[0].worst_case_cost.micros < us.journeys[0].worst_case_cost.micros, true);
    assert.throws(() => program.analyze({ country: 'XX' }), (e) => e instanceof RequestError && e.code === 'invalid_options');
    assert.throws(() => program.analyze({ prices: { channels: 1 } }), (e) => e instanceof RequestError && e.code === 'invalid_prices');
    program.free();
});

test('evaluateMany: empty, one, many; a bad request gets its error entry and the rest go on', () => {
    const program = compile(journeySource, { prices: journeyPrices });
    assert.deepEqual(program.evaluateMany([]), []);
    const many = program.evaluateMany([journeyRequest, { now: '2026-03-08T14:00:00Z', profile: {} }, journeyRequest]);
    assert.equal(JSON.stringify(many[0]), journeyResponse);
    assert.equal(many[1].error.code, 'invalid_request');
    assert.match(many[1].error.message, /profile\.id is required/);
    assert.equal(JSON.stringify(many[2]), journeyResponse);
    const thousand = program.evaluateMany(Array(1000).fill(journeyRequest));
    assert.equal(thousand.length, 1000);
    assert.ok(thousand.every((r) => JSON.stringify(r) === journeyResponse));
    program.free();
});

test('evaluateJson: text beyond the input buffer goes as a string and answers alike', () => {
    const program = compile(journeySource, { prices: journeyPrices });
    const big = { ...journeyRequest, profile: { ...journeyRequest.profile, notes: 'x'.repeat(300_000) } };
    assert.equal(program.evaluateJson(JSON.stringify(big)), journeyResponse);
    assert.equal(JSON.stringify(program.evaluate(big)), journeyResponse);
    const unicode = { ...journeyRequest, profile: { ...journeyRequest.profile, notes: 'é😀'.repeat(100_000) } };
    assert.equal(program.evaluateJson(JSON.stringify(unicode)), journeyResponse);
    const huge = JSON.stringify({ ...journeyRequest, profile: { ...journeyRequest.profile, notes: 'x'.repeat(5_000_000) } });
    assert.throws(() => program.evaluateJson(huge), (e) => e instanceof RequestError && e.code === 'request_too_large');
    program.free();
});

test('no request traps the instance: nesting, garbage, huge numbers', () => {
    const program = compile(journeySource);
    const deep = `{"now": "2026-03-08T14:00:00Z", "profile": {"id": "u", "country": ${'['.repeat(100_000)}}}`;
    assert.throws(() => program.evaluateJson(deep), RequestError);
    const deepIgnored = `{"now": "2026-03-08T14:00:00Z", "profile": {"id": "u", "junk": ${'['.repeat(50_000)}${']'.repeat(50_000)}}}`;
    assert.equal(typeof program.evaluateJson(deepIgnored), 'string');
    let nested = {};
    for (let i = 0; i < 1000; i++) nested = { nested };
    for (const request of [
        { ...journeyRequest, profile: { ...journeyRequest.profile, country: nested } },
        { ...journeyRequest, event: { ...journeyRequest.event, properties: nested } },
        { ...journeyRequest, state: nested },
    ]) {
        assert.equal(viaObject(program, request), viaText(program, request));
    }
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const pieces = ['{', '}', '[', ']', ',', ':', '"', 'null', '1e999', '-0', '"now"', '"profile"', '"id"', '"events"',
        '"2026-03-08T14:00:00Z"', '\\u0000', '\\', '😀', 'true', ' '];
    const base = JSON.stringify(journeyRequest);
    for (let i = 0; i < 3000; i++) {
        let text = base;
        for (let k = 0; k < 1 + Math.floor(rnd() * 4); k++) {
            const at = Math.floor(rnd() * text.length);
            text = text.slice(0, at) + pieces[Math.floor(rnd() * pieces.length)] + text.slice(at + Math.floor(rnd() * 5));
        }
        try {
            program.evaluateJson(text);
        } catch (e) {
            assert.ok(e instanceof RequestError, `${text}: ${e}`);
        }
    }
    program.free();
});

test('evaluate answers exactly as evaluateJson(JSON.stringify(request)), whatever the request', () => {
    const sources = [
        journeySource,
        // Reads profile.events itself: every event is carried.
        'journey "l" {\n  when event "Go"\n  if len(profile.events) > 2 {\n    send email "many"\n  }\n}\n',
        // count ... where: counted events keep their properties.
        'journey "w" {\n  when event "Go"\n  if count(event "Buy" where event.total > 10 within 7 days) >= 1 {\n    send email "buyer {{profile["first name"]}}"\n  }\n}\n',
        // Two counted names (compared one by one), then nine (looked up in a Map).
        'journey "two" {\n  when event "Go"\n  if count(event "Product Viewed" within 7 days) > 1 or count(event "Page Viewed" within 7 days) > 0 {\n    send email "two"\n  }\n}\n',
        `journey "nine" {\n  when event "Go"\n  if ${['Product Viewed', 'Page Viewed', 'Buy', 'Go', 'Cart Abandoned', 'A', 'B', 'C', 'D']
            .map((name) => `count(event "${name}" within 7 days)`).join(' + ')} > 2 {\n    send email "nine"\n  }\n}\n`,
    ];
    const programs = sources.map((s) => compile(s, { prices: journeyPrices }));
    let seed = 11;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const pick = (list) => list[Math.floor(rnd() * list.length)];
    const values = [undefined, null, 0, -0, 1.5, 1e21, NaN, Infinity, '', 'US', 'x"\\\n\u0001é😀', true, [], [1, 'a'], { a: { b: [null] } },
        new Date(Date.UTC(2026, 2, 8)), { toJSON: () => 'custom' }];
    const names = ['Product Viewed', 'Page Viewed', 'Buy', 'Go', 'Cart Abandoned', ''];
    const times = ['2026-03-08T13:00:00Z', '2026-03-05T13:00:00+02:00', 'yesterday', 3, null, undefined];
    const event = () => {
        const e = { name: pick([...names, ...names, 7, null, undefined]), time: pick(times) };
        if (rnd() < 0.6) e.properties = pick([{ total: 20, sku: 'A' }, { total: 5 }, null, [], 'x', { deep: { x: 1 } }]);
        if (rnd() < 0.1) e.extra = pick(values);
        return rnd() < 0.03 ? pick([null, 'event', [e], values[16]]) : e;
    };
    let differing = 0;
    for (let i = 0; i < 3000; i++) {
        const profile = { id: pick(['u_1', 'u_2', 7, '', null, undefined]) };
        for (const key of ['country', 'first name', 'first_name', 'phone', 'email', 'timezone', 'plan', 'unread', 'subscriptions', '__proto__']) {
            if (rnd() < 0.6) {
                const value = key === 'country' ? pick(['US', 'CA', 'FR', ...values])
                    : key === 'subscriptions' ? pick([{ sms: 'subscribed' }, { sms: 3 }, null, 'x', { email: 'unsubscribed', fax: [] }])
                        : key === 'phone' ? pick(['+14155550100', 5, null]) : pick(values);
                Object.defineProperty(profile, key, { value, enumerable: true, configurable: true, writable: true });
            }
        }
        if (rnd() < 0.9) profile.events = rnd() < 0.05 ? pick([null, 'x', {}]) : Array.from({ length: Math.floor(rnd() * 8) }, event);
        if (rnd() < 0.05) Object.defineProperty(profile, 'hidden', { value: 1, enumerable: false });
        const request = { now: pick(['2026-03-08T14:00:00Z', '2026-03-08T14:00:00Z', 'later', undefined]), profile };
        if (rnd() < 0.8) request.event = { name: pick(['Go', 'Cart Abandoned', 'Other']), properties: { value: pick([80, 10, 'x']), url: 'u' } };
        if (rnd() < 0.1) request.explain = pick([true, false, 'yes']);
        if (rnd() < 0.05) request.extra = 1;
        if (rnd() < 0.05) request.profile = pick([null, [], 'p']);
        const program = pick(programs);
        const a = viaObject(program, request);
        const b = viaText(program, request);
        assert.equal(a, b, `request ${JSON.stringify(request)}`);
        if (a.startsWith('{"error"')) differing++;
    }
    // The generator makes both answers and refusals.
    assert.ok(differing > 100 && differing < 2900, `${differing} refusals of 3000`);
    for (const p of programs) p.free();
});

test('a request error names the value by its JSON path; a position only for a text', () => {
    const program = compile('journey "w" {\n  when event "Go"\n  if count(event "Buy" within 7 days) > 0 {\n    send email "hi"\n  }\n}\n');
    const events = [0, 1, 2].map((i) => ({ name: 'Buy', time: `2026-03-0${i + 1}T10:00:00Z` }));
    events.push({ name: 'Buy', time: 'yesterday' });
    const request = { now: '2026-03-08T14:00:00Z', profile: { id: 'u', events }, event: { name: 'Go' } };
    assert.throws(() => program.evaluate(request), (e) => {
        assert.ok(e instanceof RequestError);
        assert.equal(e.code, 'invalid_request');
        assert.equal(e.path, 'profile.events[3].time');
        assert.equal(e.message, 'invalid request: profile.events[3].time: `yesterday` is not an RFC 3339 instant');
        assert.equal(e.line, undefined);
        assert.equal(e.column, undefined);
        return true;
    });
    const text = JSON.stringify(request, null, 2);
    assert.throws(() => program.evaluateJson(text), (e) => {
        assert.equal(e.path, 'profile.events[3].time');
        // Where the reader found it: at the value, or at the end of the event holding it.
        const line = text.split('\n').findIndex((l) => l.includes('yesterday')) + 1;
        assert.ok(e.line === line || e.line === line + 1, `line ${e.line}`);
        assert.match(e.message, new RegExp(` at line ${e.line} column ${e.column}$`));
        return true;
    });
    const many = program.evaluateMany([request, { ...request, now: 'soon' }]);
    assert.deepEqual(many[0].error, { code: 'invalid_request', message: 'invalid request: profile.events[3].time: `yesterday` is not an RFC 3339 instant', path: 'profile.events[3].time' });
    assert.equal(many[1].error.path, 'now');
    assert.doesNotMatch(many[1].error.message, /line/);
    program.free();
});

test('evaluateMany: an entry that is not a request gets its own error and the others go on', () => {
    const program = compile(journeySource, { prices: journeyPrices });
    const cyclic = { ...journeyRequest, profile: { ...journeyRequest.profile } };
    cyclic.profile.self = cyclic;
    const big = { ...journeyRequest, profile: { ...journeyRequest.profile, visits: 10n } };
    // eslint-disable-next-line no-sparse-arrays
    const requests = [journeyRequest, null, undefined, , 'text', 42, [], big, cyclic, journeyRequest];
    const answers = program.evaluateMany(requests);
    assert.equal(answers.length, requests.length);
    assert.equal(JSON.stringify(answers[0]), journeyResponse);
    assert.equal(JSON.stringify(answers[9]), journeyResponse);
    for (const [i, got] of [[1, 'null'], [2, 'undefined'], [3, 'undefined'], [4, 'a string'], [5, 'a number'], [6, 'an array']]) {
        assert.equal(answers[i].error.code, 'invalid_request', `entry ${i}`);
        assert.equal(answers[i].error.message, `invalid request: requests[${i}] must be a request object, got ${got}`);
    }
    assert.equal(answers[7].error.code, 'invalid_json');
    assert.match(answers[7].error.message, /BigInt/);
    assert.equal(answers[8].error.code, 'invalid_json');
    assert.match(answers[8].error.message, /circular/);
    // Across chunks too: the answers stay at their request's index.
    const long = Array.from({ length: 300 }, (_, i) => (i % 7 === 3 ? null : journeyRequest));
    const out = program.evaluateMany(long);
    out.forEach((answer, i) => {
        if (i % 7 === 3) assert.equal(answer.error.code, 'invalid_request');
        else assert.equal(JSON.stringify(answer), journeyResponse);
    });
    program.free();
});

test('one rule for objects and texts: size and error precedence as evaluateJson(JSON.stringify(request))', () => {
    const program = compile(journeySource, { prices: journeyPrices });
    // A cycle in a key no journey reads, and a bad `now`: the request is not JSON, so that is
    // the error (a RequestError), before anything the engine would say about `now`.
    const cyclic = { ...journeyRequest, now: 'not a time', profile: { ...journeyRequest.profile, unread: {} } };
    cyclic.profile.unread.loop = cyclic.profile.unread;
    const error = assert.throws(() => program.evaluate(cyclic), RequestError);
    void error;
    assert.throws(() => program.evaluate(cyclic), (e) => e instanceof RequestError && e.code === 'invalid_json' && /circular/.test(e.message));
    assert.throws(() => program.evaluate({ ...journeyRequest, profile: { ...journeyRequest.profile, n: 1n } }),
        (e) => e instanceof RequestError && e.code === 'invalid_json');
    // A 5 MB trait no journey reads: refused as request_too_large both ways, with the same message.
    const huge = { ...journeyRequest, profile: { ...journeyRequest.profile, notes: 'x'.repeat(5_000_000) } };
    assert.equal(viaObject(program, huge), viaText(program, huge));
    assert.match(viaObject(program, huge), /"code":"request_too_large"/);
    // Just under the limit, made of many small unread values: answered, both ways.
    const many = { ...journeyRequest, profile: { ...journeyRequest.profile, notes: Array(400_000).fill('abcdefg') } };
    assert.equal(JSON.stringify(many).length < 4 * 1024 * 1024, true);
    assert.equal(viaObject(program, many), journeyResponse);
    assert.equal(viaText(program, many), journeyResponse);
    const over = { ...journeyRequest, profile: { ...journeyRequest.profile, notes: Array(500_000).fill('abcdefg') } };
    assert.match(viaObject(program, over), /"code":"request_too_large"/);
    assert.equal(viaObject(program, over), viaText(program, over));
    // evaluateMany follows the same rule.
    const [a, b] = program.evaluateMany([huge, cyclic]);
    assert.equal(a.error.code, 'request_too_large');
    assert.equal(b.error.code, 'invalid_json');
    // Values JSON writes in its own way are measured as it writes them.
    const odd = { ...journeyRequest, profile: { ...journeyRequest.profile, seen: new Date(0), tags: new Set([1]), f() {}, s: Symbol('s') } };
    assert.equal(viaObject(program, odd), viaText(program, odd));
    program.free();
});

test('argument errors read as English', () => {
    const program = compile(journeySource);
    assert.throws(() => program.evaluate(undefined), { message: 'herald-engine: request must be an object, got undefined' });
    assert.throws(() => program.evaluate(1), { message: 'herald-engine: request must be an object, got a number' });
    assert.throws(() => program.evaluateJson(undefined), { message: 'herald-engine: request must be a string, got undefined' });
    program.free();
});

test('analyze: spans in UTF-16 units beside the byte spans; amounts past 2^53 are refused', () => {
    const source = `# é😀 first\n${journeySource}`;
    const program = compile(source, { prices: journeyPrices });
    const analysis = program.analyze();
    const utf8 = new TextEncoder();
    const unitsOf = (bytes) => {
        // the UTF-16 index of a UTF-8 byte offset
        let b = 0;
        let u = 0;
        for (const ch of source) {
            if (b >= bytes) break;
            b += utf8.encode(ch).length;
            u += ch.length;
        }
        return u;
    };
    for (const journey of analysis.journeys) {
        assert.deepEqual(journey.span_utf16, { start: unitsOf(journey.span.start), end: unitsOf(journey.span.end) });
        assert.equal(journey.span.start - journey.span_utf16.start, 3);
        for (const node of journey.nodes) {
            assert.deepEqual(node.span_utf16, { start: unitsOf(node.span.start), end: unitsOf(node.span.end) });
        }
        assert.ok(source.slice(journey.span_utf16.start).startsWith('journey'));
    }
    assert.throws(() => program.analyze({ audience: Number.MAX_SAFE_INTEGER }),
        (e) => e instanceof RequestError && e.code === 'invalid_options' && /2\^53/.test(e.message));
    assert.equal(program.analyze({ audience: 1_000_000 }).campaign.audience, 1_000_000);
    program.free();
});
