// The projection on its own (js/project.js, as built into dist/): whenever `projectText` writes
// text, it is exactly the text `JSON.stringify(project(request, reads))` writes, whatever the
// request and whatever the program reads. `projectText` has fast paths of its own (counted
// names compared one by one or looked up in a Map, strings checked by a loop or by a regular
// expression, prebuilt pieces that close the string before them): each is held to
// JSON.stringify here, on random requests and on the cases that must give up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { PROFILE_KEYS, fitsProjection, project, projectFitting, projectText, projectionOf } from '../dist/project.js';

/** projectText equals JSON.stringify(project(...)), or gives up (undefined); which one it did. */
function check(request, reads) {
    checkOnePass(request, reads);
    const text = projectText(request, reads);
    if (text === undefined) return 'gave up';
    assert.equal(text, JSON.stringify(project(request, reads)), `request ${JSON.stringify(request)}`);
    return 'wrote';
}

/**
 * The one pass (`projectFitting`) writes text only where the size walk lets the request go
 * projected and `projectText` writes that same text; else it leaves the request to those two.
 * Returns whether it wrote.
 */
function checkOnePass(request, reads) {
    const text = projectFitting(request, reads);
    if (text === undefined) return false;
    assert.equal(fitsProjection(request), true, 'the one pass let through a request the size walk stops');
    assert.equal(text, projectText(request, reads), `one pass: request ${JSON.stringify(request)}`);
    return true;
}

const READS_TYPICAL = projectionOf({
    profileKeys: ['id', 'timezone', 'phone', 'email', 'subscriptions', 'events', 'country', 'age', 'plan'],
    countedEvents: ['Product Viewed'],
    readsEventList: false,
    readsEventProperties: false,
});

test("the projection's profile keys are the engine's (src/eval/read/keys.rs)", () => {
    const herald = createRequire(import.meta.url)('herald-engine');
    const program = herald.compile('journey "j" {\n  when event "Go"\n  if profile.plan == "pro" {\n    send email "hi"\n  }\n}\n');
    const keys = program.reads().profileKeys;
    assert.deepEqual(keys.slice(0, PROFILE_KEYS.length), PROFILE_KEYS);
    assert.deepEqual(keys.slice(PROFILE_KEYS.length), ['plan']);
});

function readsCounting(names, more = {}) {
    return projectionOf({ profileKeys: ['id', 'events', 'country'], countedEvents: names, readsEventList: false, ...more });
}

test('the typical request: only read keys, counted events reduced to name and time', () => {
    const request = {
        now: '2026-03-08T14:00:00Z',
        profile: {
            id: 'u_1', first_name: 'Ana', country: 'US', age: 30, plan: 'pro', subscriptions: { sms: 'subscribed' },
            events: [
                { name: 'Product Viewed', time: '2026-03-08T13:00:00Z', properties: { sku: 'A1' } },
                { name: 'Page Viewed', time: '2026-03-08T13:10:00Z' },
                { name: 'Product Viewed', time: '2026-03-08T12:00:00Z', extra: 1 },
            ],
        },
        event: { name: 'Cart Abandoned', properties: { value: 80 } },
        state: null,
    };
    assert.equal(check(request, READS_TYPICAL), 'wrote');
    assert.equal(projectText(request, READS_TYPICAL),
        '{"now":"2026-03-08T14:00:00Z","profile":{"id":"u_1","subscriptions":{"sms":"subscribed"},'
        + '"events":[{"name":"Product Viewed","time":"2026-03-08T13:00:00Z"},'
        + '{"name":"Product Viewed","time":"2026-03-08T12:00:00Z"}],"country":"US","age":30,"plan":"pro"},'
        + '"event":{"name":"Cart Abandoned","properties":{"value":80}},"state":null}');
});

test('several counted names, compared one by one (up to 8) or looked up in a Map (more)', () => {
    const names = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L'];
    const events = names.flatMap((name, i) => [
        { name, time: `2026-03-0${1 + (i % 8)}T00:00:00Z` },
        { name: `${name}${name}`, time: null },
        { name, time: null },
        { name },
    ]);
    for (const count of [0, 1, 2, 8, 9, 12]) {
        const reads = readsCounting(names.slice(0, count));
        assert.equal(reads.countedMap === null, count <= 8);
        assert.equal(check({ profile: { id: 'u', events } }, reads), 'wrote');
        const kept = JSON.parse(projectText({ profile: { events } }, reads)).profile.events;
        assert.equal(kept.length, 3 * count);
    }
});

test('past events carried whole: an entry that is not a plain object, a name that is not a string', () => {
    const reads = readsCounting(['A', 'B']);
    const good = { name: 'A', time: '2026-03-08T13:00:00Z' };
    const uncounted = { name: 'Z', time: '2026-03-08T13:00:00Z', properties: { x: 1 } };
    for (const bad of [null, 7, 'A', [good], { name: 7, time: 'x' }, { name: null }, { time: 'x' },
        { name: 'Z', time: 3 }, { name: 'A', time: {} }, { name: 'A', time: true }, Object.assign([], { name: 'A' })]) {
        const request = { profile: { events: [good, uncounted, bad, good] } };
        assert.equal(check(request, reads), 'wrote');
        // The whole list, bad entry included, so that the engine refuses it as it would the whole request.
        assert.equal(JSON.parse(projectText(request, reads)).profile.events.length, 4);
    }
    // Beyond the engine's limit of 1000 entries: carried whole.
    const many = { profile: { events: Array.from({ length: 1001 }, () => good) } };
    assert.equal(check(many, reads), 'wrote');
    assert.equal(JSON.parse(projectText(many, reads)).profile.events.length, 1001);
    // Holes read as undefined: not a plain object.
    assert.equal(check({ profile: { events: [good, , good] } }, reads), 'wrote');
});

test('toJSON anywhere JSON.stringify would call it with a key of the projection: give up', () => {
    const reads = readsCounting(['A'], { profileKeys: ['id', 'events', 'when'] });
    const good = { name: 'A', time: '2026-03-08T13:00:00Z' };
    const withToJSON = (value) => Object.assign(value, { toJSON: () => 'custom' });
    for (const request of [
        withToJSON({ profile: { id: 'u' } }),
        { profile: withToJSON({ id: 'u' }) },
        { profile: { id: 'u', when: withToJSON({}) } },
        { profile: { id: 'u', events: withToJSON([good]) } }, // the list itself
        { profile: { id: 'u' }, state: withToJSON({}) },
        { profile: { id: 'u', when: Object.assign(new Date(0), { toJSON: () => 'mine' }) } },
    ]) {
        assert.equal(check(request, reads), 'gave up');
    }
    // A Date's own toJSON (which ignores the key) is written as JSON writes it: `now` and event
    // times may be Dates without leaving the fast path.
    assert.equal(check({ profile: { id: 'u', when: new Date(0) } }, reads), 'wrote');
    assert.equal(check({ now: new Date(0), profile: { id: 'u' }, event: { name: 'A', time: new Date(1e12) } }, reads), 'wrote');
    // A past event with toJSON makes the list carried whole; nested ones are JSON.stringify's.
    assert.equal(check({ profile: { events: [good, withToJSON({ name: 'A' })] } }, reads), 'wrote');
    assert.equal(check({ profile: { id: { at: new Date(0) } }, event: { at: new Date(0) } }, reads), 'wrote');
    assert.equal(check({ profile: { events: [{ ...good, properties: new Date(0) }] } },
        readsCounting(['A'], { readsEventProperties: true })), 'wrote');
    assert.equal(check({ profile: { events: [withToJSON({ ...good })] } },
        readsCounting(['A'], { readsEventProperties: true })), 'wrote');
});

test('strings: escapes, other characters and lone surrogates, short and long, at either end', () => {
    const reads = readsCounting(['A', 'é"\\'], { profileKeys: ['id', 'events', 'country', 'é', 'a"b', '__proto__'] });
    const specials = ['"', '\\', '\n', '\u0000', '\u001f', '\u007f', 'é', '\u2028', '\ud800', '\udfff', '😀', '\ud83d'];
    for (const special of specials) {
        for (const base of ['', 'x', 'abcdef', 'abcdefg', 'abcdefgh', 'x'.repeat(40)]) {
            for (const value of [base + special, special + base, base + special + base]) {
                const profile = { id: value, country: 'US', é: value, 'a"b': 1, events: [{ name: 'A', time: value }, { name: 'é"\\', time: value }] };
                Object.defineProperty(profile, '__proto__', { value, enumerable: true });
                assert.equal(check({ now: value, profile, [value]: value }, reads), 'wrote');
            }
        }
    }
});

test('non-enumerable, inherited and left-out values are left out, as JSON.stringify leaves them', () => {
    const reads = readsCounting(['A'], { profileKeys: ['id', 'country', 'plan', 'age', 'f', 's', 'events'] });
    const profile = Object.create({ plan: 'inherited' });
    Object.defineProperty(profile, 'id', { value: 'hidden', enumerable: false });
    Object.assign(profile, { country: undefined, age: () => 1, f: Symbol('s'), s: 'last' });
    assert.equal(check({ profile }, reads), 'wrote');
    assert.equal(projectText({ profile }, reads), '{"profile":{"s":"last"}}');
    assert.throws(() => projectText({ profile: { id: 1n } }, reads), TypeError); // as JSON.stringify
    assert.throws(() => JSON.stringify(project({ profile: { id: 1n } }, reads)), TypeError);
});

test('random requests against random reads: the text is always JSON.stringify(project(...))', () => {
    let seed = 5;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const pick = (list) => list[Math.floor(rnd() * list.length)];
    const some = (list) => list.filter(() => rnd() < 0.5);
    const names = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'Product Viewed', '', 'é', 'q"'];
    const keys = ['id', 'country', 'plan', 'age', 'events', 'first name', '__proto__', 'é', 'subscriptions'];
    const strings = ['', 'US', 'abcdefgh', '2026-03-08T13:00:00Z', 'x"y', 'tab\there', 'é', '\ud800', '😀 smile', 'long '.repeat(20)];
    const values = [undefined, null, 0, -0, 1.5, 1e21, NaN, -Infinity, true, false, [], [1, 'a', null], { a: { b: [null] } },
        ...strings, new Date(0), { toJSON: () => 1 }, () => 1];
    const counts = { wrote: 0, 'gave up': 0 };
    for (let i = 0; i < 4000; i++) {
        const reads = projectionOf({
            profileKeys: some(keys),
            countedEvents: rnd() < 0.3 ? names : some(names),
            readsEventList: rnd() < 0.1,
            readsEventProperties: rnd() < 0.2,
        });
        const event = () => {
            const e = {};
            if (rnd() < 0.95) e.name = rnd() < 0.9 ? pick(names) : pick(values);
            if (rnd() < 0.9) e.time = rnd() < 0.8 ? pick(strings) : pick([null, undefined, 3, {}]);
            if (rnd() < 0.3) e.properties = pick(values);
            return rnd() < 0.02 ? pick(values) : e;
        };
        const profile = {};
        for (const key of keys) {
            if (rnd() < 0.6) {
                const value = key === 'events' ? Array.from({ length: Math.floor(rnd() * 12) }, event) : pick(values);
                Object.defineProperty(profile, key, { value, enumerable: rnd() < 0.95, configurable: true, writable: true });
            }
        }
        const request = { profile };
        for (const key of ['now', 'event', 'state', 'explain', 'other', '__proto__']) {
            if (rnd() < 0.5) Object.defineProperty(request, key, { value: pick(values), enumerable: true });
        }
        counts[check(request, reads)]++;
    }
    // Both outcomes happen, and writing is the common one.
    assert.ok(counts.wrote > 2000 && counts['gave up'] > 100, JSON.stringify(counts));
});

test('the size walk folded into the projection: the same text, and the same verdict at the limit', () => {
    const generated = createRequire(import.meta.url);
    const reads = READS_TYPICAL;
    const good = { name: 'Product Viewed', time: '2026-03-08T13:00:00Z', properties: { sku: 'A1', price: 3.5 } };
    // The common case takes the one pass (else this test would hold nothing).
    const typical = { now: '2026-03-08T14:00:00Z', profile: { id: 'u', country: 'US', plan: 'pro', age: 30, events: [good, { name: 'Page Viewed', time: '2026-03-08T13:00:00Z' }, good] }, event: { name: 'Cart Abandoned', properties: { value: 80 } }, state: null };
    assert.equal(checkOnePass(typical, reads), true);
    // Near the 4 MiB limit, the long string in each place the walk reaches: an unread trait, a
    // property of an uncounted event, a counted event's time, the event, the state, a key.
    const places = [
        (s) => ({ ...typical, profile: { ...typical.profile, notes: s } }),
        (s) => ({ ...typical, profile: { ...typical.profile, events: [good, { name: 'Z', time: 'x', properties: { s } }] } }),
        (s) => ({ ...typical, profile: { ...typical.profile, events: [{ name: 'Product Viewed', time: s }] } }),
        (s) => ({ ...typical, event: { name: 'Cart Abandoned', properties: { s } } }),
        (s) => ({ ...typical, state: { s } }),
        (s) => ({ ...typical, profile: { ...typical.profile, [s]: 1 } }),
        (s) => ({ ...typical, [s]: 1 }),
    ];
    for (const place of places) {
        // The longest string the walk lets through, found by bisection; then around it.
        let lo = 0;
        let hi = 800_000;
        while (lo < hi) {
            const mid = (lo + hi + 1) >> 1;
            if (fitsProjection(place('x'.repeat(mid)))) lo = mid;
            else hi = mid - 1;
        }
        assert.ok(lo > 600_000 && lo < 700_000, `the limit is near 4 MiB / 6 bytes a unit (${lo})`);
        for (const length of [lo - 1, lo, lo + 1, lo + 2]) {
            const request = place('x'.repeat(length));
            assert.equal(projectFitting(request, reads) !== undefined, fitsProjection(request), `length ${length}`);
            checkOnePass(request, reads);
        }
    }
    void generated;
});

test('the one pass on generated requests: odd values, shapes and prototypes', () => {
    let seed = 7;
    const rnd = () => {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        return seed / 0x7fffffff;
    };
    const pick = (list) => list[Math.floor(rnd() * list.length)];
    const odd = () => pick(['x', 'é', '"q"', '\n', '\ud800', 1, -0, 1e300, NaN, Infinity, true, null, undefined, new Date(0), [1, 'a'], { a: { b: [] } },
        Object.create(null), () => 1, 10n, Symbol('s'), Object.assign({}, { toJSON: () => 1 }), new Number(3), '2026-03-08T13:00:00Z']);
    const event = () => pick([
        { name: 'Product Viewed', time: '2026-03-08T13:00:00Z' },
        { name: 'Product Viewed', time: odd(), properties: { v: odd() } },
        { name: pick(['Page Viewed', 'Product Viewed', 7, undefined]), time: pick(['2026-03-08T13:00:00Z', null, undefined, 3]) },
        odd(),
        Object.assign(Object.create({ inherited: 1 }), { name: 'Product Viewed', time: 't' }),
    ]);
    let wrote = 0;
    for (let n = 0; n < 3000; n++) {
        const profile = { id: pick(['u', odd()]), country: odd(), plan: odd(), other: odd() };
        if (rnd() < 0.8) profile.events = Array.from({ length: Math.floor(rnd() * 6) }, event);
        else profile.events = odd();
        if (rnd() < 0.1) profile.toJSON = odd();
        const request = { now: pick(['2026-03-08T14:00:00Z', odd()]), profile: rnd() < 0.95 ? profile : odd(), event: { name: 'Cart Abandoned', properties: { value: odd() } } };
        if (rnd() < 0.3) request.state = odd();
        if (rnd() < 0.1) request.extra = odd();
        for (const reads of [READS_TYPICAL, readsCounting(['Product Viewed'], { readsEventList: true }), readsCounting(['Product Viewed'], { readsEventProperties: true })]) {
            if (checkOnePass(request, reads)) wrote++;
        }
    }
    assert.ok(wrote > 1000, `the one pass wrote ${wrote} of 9000`);
});
