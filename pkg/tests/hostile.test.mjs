// Hostile input through the package (the twin of crates/herald-cli/tests/hostile.rs): 5 MB strings, 100,000-deep
// JSON (as text and as objects), NaN, infinities, BigInt and huge numbers, lone surrogates,
// circular objects, every field of the wrong type, time zones that do not exist, instants in
// year 9999 and before 1970. Each call answers — a response, a RequestError with a documented
// code, or a TypeError/RangeError for a value JavaScript itself cannot turn into JSON — and never
// traps the WebAssembly instance: the program answers a good request exactly as before after
// every one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as herald from 'herald-engine';

const CODES = ['invalid_json', 'invalid_request', 'invalid_state', 'invalid_prices', 'too_many_events',
    'state_too_large', 'request_too_large', 'event_too_large', 'trace_too_large'];

const SOURCE = `policy {
  limit 3 messages per 1 day
  quiet hours 21:00 to 08:00
  timezone "America/New_York"
}

journey "clock" {
  when event "tick"
  reentry always
  budget $1 per entry
  if days_since(profile.since) > 1 {
    send push "{{ days_since(profile.since) }} {{ now }} {{ profile.name }}"
  }
  wait until 09:30
  send sms "morning {{ profile.name ?? "you" }}"
  wait for event "reply" within 2 days {
    send email "thanks"
  }
}
`;

const valid = () => ({
    now: '2026-03-08T14:00:00Z',
    profile: {
        id: 'u1', timezone: 'Europe/Berlin', phone: '+14155550100', email: 'a@example.com', push_token: 'tok',
        name: 'Ana', since: '2026-01-01', subscriptions: { sms: 'subscribed' },
        events: [{ name: 'reply', time: '2026-03-01T00:00:00Z', properties: {} }],
    },
    event: { name: 'tick', time: '2026-03-08T13:59:00Z', properties: { a: 1 } },
    state: null,
    explain: true,
});

function paths(value, at = []) {
    if (value === null || typeof value !== 'object') return [];
    return Object.keys(value).flatMap((k) => [[...at, k], ...paths(value[k], [...at, k])]);
}

function setAt(object, path, value) {
    let o = object;
    for (const k of path.slice(0, -1)) o = o[k];
    o[path.at(-1)] = value;
    return object;
}

function deepArray(n) {
    let v = [];
    for (let i = 0; i < n; i++) v = [v];
    return v;
}

/** Calls `fn`; the outcome must be an answer or an acceptable error. Returns 'ok' or the error. */
function outcome(fn, label) {
    try {
        const r = fn();
        return r;
    } catch (e) {
        assert.ok(!(e instanceof WebAssembly.RuntimeError), `${label}: the instance trapped: ${e}`);
        assert.doesNotMatch(String(e.message), /internal error|unreachable/i, `${label}: ${e.message}`);
        if (e instanceof herald.RequestError) {
            assert.ok(CODES.includes(e.code), `${label}: code ${e.code}`);
            return e;
        }
        assert.ok(e instanceof TypeError || e instanceof RangeError || e instanceof herald.HeraldError, `${label}: ${e}`);
        return e;
    }
}

test('the package answers every hostile request and the instance keeps working', () => {
    const program = herald.compile(SOURCE);
    const good = JSON.stringify(valid());
    const goodAnswer = program.evaluateJson(good);
    const cases = [];
    const add = (label, fn) => cases.push([label, fn]);

    const five = 'x'.repeat(5 << 20);
    add('5 MB text', () => program.evaluateJson(good.replace('"Ana"', JSON.stringify(five))));
    add('5 MB object string', () => program.evaluate(setAt(valid(), ['profile', 'name'], five)));
    add('5 MB unread trait', () => program.evaluate(setAt(valid(), ['profile', 'unread'], five)));
    add('5 MB event property', () => program.evaluate(setAt(valid(), ['event', 'properties', 'a'], five)));
    add('5 MB many', () => program.evaluateMany([setAt(valid(), ['profile', 'name'], five), valid()]));
    const deepText = '['.repeat(100_000) + ']'.repeat(100_000);
    add('deep text', () => program.evaluateJson(deepText));
    add('deep unclosed', () => program.evaluateJson('{"now":'.repeat(100_000)));
    for (const path of [['profile', 'name'], ['profile', 'unread'], ['event', 'properties'], ['state'], ['prices']]) {
        add(`deep text at ${path}`, () => program.evaluateJson(JSON.stringify(setAt(valid(), path, '@@')).replace('"@@"', deepText)));
        add(`deep object at ${path}`, () => program.evaluate(setAt(valid(), path, deepArray(100_000))));
        add(`deep object in many at ${path}`, () => program.evaluateMany([setAt(valid(), path, deepArray(100_000))]));
    }
    for (const n of [NaN, Infinity, -Infinity, 1e308, -1e308, 5e-324, Number.MAX_SAFE_INTEGER + 2]) {
        add(`number ${n} as a trait`, () => program.evaluate(setAt(valid(), ['profile', 'name'], n)));
        add(`number ${n} as the id`, () => program.evaluate(setAt(valid(), ['profile', 'id'], n)));
        add(`number ${n} as a property`, () => program.evaluate(setAt(valid(), ['event', 'properties', 'a'], n)));
    }
    for (const t of ['1e400', 'NaN', '-0', '123456789012345678901234567890']) {
        add(`number text ${t}`, () => program.evaluateJson(good.replace('"Ana"', t)));
    }
    add('BigInt', () => program.evaluate(setAt(valid(), ['profile', 'id'], 1n)));
    const circular = valid();
    circular.profile.self = circular;
    add('circular', () => program.evaluate(circular));
    add('circular in many', () => program.evaluateMany([circular]));
    add('lone surrogate', () => program.evaluate(setAt(valid(), ['profile', 'name'], '\ud800')));
    add('lone surrogate text', () => program.evaluateJson(good.replace('"Ana"', '"\\udc00"')));
    add('lone surrogate raw text', () => program.evaluateJson(good.replace('Ana', '\ud800')));
    for (const tz of ['Mars/Olympus', '', '../../etc/passwd', 'America/New_York\u0000', 'UTC+25']) {
        add(`zone ${JSON.stringify(tz)}`, () => program.evaluate(setAt(valid(), ['profile', 'timezone'], tz)));
    }
    for (const now of ['9999-12-31T23:59:59.999Z', '9999-12-31T10:00:00-14:00', '0001-01-01T00:00:00Z',
        '1969-12-31T23:59:59.999Z', '1900-01-01T00:00:00Z', '10000-01-01T00:00:00Z', '-000001-01-01T00:00:00Z']) {
        for (const tz of ['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Africa/Monrovia']) {
            add(`now ${now} in ${tz}`, () => {
                const r = valid();
                r.now = now;
                r.profile.timezone = tz;
                r.profile.since = now;
                r.event.time = now;
                return program.evaluate(r);
            });
        }
    }
    const others = [null, true, -1, 1.5e300, 'text', '', [], [1, 'a', null], {}, { x: { y: [] } }, undefined];
    for (const path of paths(valid())) {
        for (const other of others) {
            add(`${path.join('.')} = ${JSON.stringify(other)}`, () => program.evaluate(setAt(valid(), path, other)));
        }
    }
    for (const bad of [null, undefined, 42, 'text', [], () => 1, Symbol('s')]) {
        add(`request ${String(bad)}`, () => program.evaluate(bad));
        add(`text ${String(bad)}`, () => program.evaluateJson(bad));
        add(`many ${String(bad)}`, () => program.evaluateMany(bad));
        add(`many of ${String(bad)}`, () => program.evaluateMany([bad]));
        add(`compile ${String(bad)}`, () => herald.compile(bad));
        add(`check ${String(bad)}`, () => herald.check(bad));
        add(`format ${String(bad)}`, () => herald.format(bad));
        add(`segments ${String(bad)}`, () => herald.smsSegments(bad));
    }
    add('segments of 5 MB', () => herald.smsSegments('€'.repeat(5 << 20)));
    add('segments of lone surrogates', () => herald.smsSegments('\ud800\udc00\ud800x\udfff'));
    add('source of 5 MB', () => herald.compile(`# ${five}\n`));
    add('check of 5 MB', () => herald.check(`journey "j" { when event "e" send sms "${five}" }`));
    add('source 100,000 deep', () => herald.check('{'.repeat(100_000)));
    add('format 100,000 deep', () => herald.format('('.repeat(100_000)));
    add('source with lone surrogate', () => herald.check('journey "\ud800" {\n  when event "e"\n  stop\n}\n'));

    let answered = 0;
    let refused = 0;
    for (const [label, fn] of cases) {
        const r = outcome(fn, label);
        if (r instanceof Error) refused += 1;
        else answered += 1;
        assert.equal(program.evaluateJson(good), goodAnswer, `the program still answers after ${label}`);
    }
    // A source past the limit is refused with its diagnostic.
    assert.equal(herald.check(`# ${five}\n`)[0].code, 'E0001');
    assert.equal(herald.check('{'.repeat(100_000))[0].code, 'E0003');
    console.log(`hostile: ${cases.length} inputs, ${answered} answered, ${refused} refused with an error`);
    assert.ok(answered > 50 && refused > 50, `${answered} / ${refused}`);
    program.free();
});
