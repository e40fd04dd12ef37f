// Differential test: herald's local-time rules in the package against JavaScript's `Intl` API,
// for every time zone Node's ICU knows, over two years of instants (2026-01-01 to 2028-01-01).
// The twin of tests/differential/tz_zoneinfo.py (Python's zoneinfo): the same journeys, a model
// written again here from docs/evaluation.md, and ICU's copy of the IANA database instead of the
// system's. Rules:
// - `wait until HH:MM`: now when the clock shows that minute, else the first instant ahead at
//   which it does; inside a spring-forward gap, the instant the clock jumps past it; in a
//   repeated hour, the first occurrence still ahead;
// - quiet hours `[from, to)`: inside, a `defer` until the next instant the clock shows `to`.
// Instants per zone: every offset change of the two years with instants around it, and random
// instants; HERALD_LONG=1 adds one a day.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as herald from 'herald-engine';
import { rng } from './helpers.mjs';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 1);
const END = Date.UTC(2028, 0, 1);
const LONG = process.env.HERALD_LONG === '1';

const WAIT_TARGETS = [[0, 0], [0, 30], [1, 30], [2, 0], [2, 30], [3, 0], [9, 0], [23, 59]];
const QUIET_WINDOWS = [[[21, 0], [8, 0]], [[22, 30], [7, 15]], [[0, 0], [6, 0]], [[2, 0], [3, 0]],
    [[1, 0], [2, 0]], [[12, 0], [14, 0]], [[23, 30], [0, 30]], [[9, 0], [9, 0]]];

const pad = (n) => String(n).padStart(2, '0');

function source() {
    const parts = [];
    WAIT_TARGETS.forEach(([h, m], i) => {
        parts.push(`journey "w${i}" {\n  when event "go"\n  reentry always\n  wait until ${pad(h)}:${pad(m)}\n}\n`);
    });
    QUIET_WINDOWS.forEach(([[fh, fm], [th, tm]], i) => {
        parts.push(`journey "q${i}" {\n  when event "go"\n  reentry always\n  quiet hours ${pad(fh)}:${pad(fm)} to ${pad(th)}:${pad(tm)}\n  send push "q"\n}\n`);
    });
    return parts.join('\n');
}

/** A zone's wall clock through Intl: `wall(ms)` is the local date-time as if it were UTC. */
function zone(name) {
    const format = new Intl.DateTimeFormat('en-US', {
        timeZone: name, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
        hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    const wall = (ms) => {
        const p = {};
        for (const { type, value } of format.formatToParts(new Date(ms))) p[type] = Number(value);
        const sub = ((ms % 1000) + 1000) % 1000;
        return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) + sub;
    };
    const offset = (ms) => wall(ms) - ms;

    /** Instants at which the clock reaches `w` (a wall time): each instant it shows it, or the
     *  instant it jumps past it. */
    // Offsets a day either side of `w` cover both sides of any change near it (changes are
    // months apart); answers are cached by wall time, which many instants share.
    const reached = new Map();
    const reach = (w) => {
        if (!reached.has(w)) reached.set(w, reachUncached(w));
        return reached.get(w);
    };
    const reachUncached = (w) => {
        const offsets = new Set([offset(w - DAY), offset(w), offset(w + DAY)]);
        const found = [...offsets].map((o) => w - o).filter((u) => wall(u) === w);
        if (found.length > 0) return [...new Set(found)].sort((a, b) => a - b);
        // A gap: between the instant `w` names under the later offset and under the earlier.
        const us = [...offsets].map((o) => w - o);
        let lo = Math.min(...us);
        let hi = Math.max(...us);
        while (hi - lo > 1) {
            const mid = Math.floor((lo + hi) / 2);
            if (wall(mid) >= w) hi = mid;
            else lo = mid;
        }
        return [hi];
    };

    const nextReach = (now, [h, m], strict) => {
        const today = Math.floor(wall(now) / DAY) * DAY;
        let best = null;
        for (let d = -1; d <= 2; d++) {
            for (const u of reach(today + d * DAY + (h * 60 + m) * MIN)) {
                if ((strict ? u > now : u >= now) && (best === null || u < best)) best = u;
            }
        }
        return best;
    };

    return {
        name, wall, offset, reach,
        waitUntil(now, hm) {
            const ofDay = ((wall(now) % DAY) + DAY) % DAY;
            if (Math.floor(ofDay / MIN) === hm[0] * 60 + hm[1]) return now;
            return nextReach(now, hm, false);
        },
        quietEnd(now, [[fh, fm], [th, tm]]) {
            const ofDay = ((wall(now) % DAY) + DAY) % DAY;
            const lo = (fh * 60 + fm) * MIN;
            const hi = (th * 60 + tm) * MIN;
            const inside = lo <= hi ? ofDay >= lo && ofDay < hi : ofDay >= lo || ofDay < hi;
            return inside ? nextReach(now, [th, tm], true) : null;
        },
        transitions() {
            const out = [];
            // Offset changes are weeks apart (Morocco's around Ramadan: 4-5 weeks).
            const STEP = 7 * DAY;
            let prev = offset(START);
            for (let t = START; t < END; t += STEP) {
                const o = offset(t + STEP);
                if (o !== prev) {
                    let lo = t;
                    let hi = t + STEP;
                    while (hi - lo > 1) {
                        const mid = Math.floor((lo + hi) / 2);
                        if (offset(mid) === prev) lo = mid;
                        else hi = mid;
                    }
                    out.push(hi);
                    prev = o;
                }
            }
            return out;
        },
    };
}

function instants(z, next) {
    const out = new Set();
    for (const t of z.transitions()) {
        for (const d of [0, 1, -1, MIN, -MIN, 30 * MIN, -30 * MIN, HOUR, -HOUR, DAY]) out.add(t + d);
    }
    for (let i = 0; i < 3; i++) {
        const day = START + Math.floor(next() * 730) * DAY;
        const [h, m] = WAIT_TARGETS[Math.floor(next() * WAIT_TARGETS.length)];
        for (const u of z.reach(day + (h * 60 + m) * MIN)) for (const d of [0, -1, 59_999, 60_000]) out.add(u + d);
    }
    for (let i = 0; i < 8; i++) out.add(START + Math.floor(next() * (END - START)));
    if (LONG) for (let t = START; t < END; t += DAY) out.add(t + Math.floor(next() * DAY));
    return [...out].filter((t) => t >= START && t < END).sort((a, b) => a - b);
}

const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');

test('quiet hours and wait until agree with Intl for every time zone', () => {
    const program = herald.compile(source());
    const next = rng(16);
    const zones = Intl.supportedValuesOf('timeZone');
    const failures = [];
    let passed = 0;
    let requests = 0;
    for (const name of zones) {
        const z = zone(name);
        for (const now of instants(z, next)) {
            requests += 1;
            const request = { now: iso(now), profile: { id: 'u1', timezone: name, push_token: 'tok' }, event: { name: 'go' } };
            const response = JSON.parse(program.evaluateJson(JSON.stringify(request)));
            const where = `${name} at ${iso(now)}`;
            WAIT_TARGETS.forEach((hm, i) => {
                const want = z.waitUntil(now, hm);
                const run = response.state.journeys[`w${i}`]?.run;
                const got = run ? Date.parse(run.until) : now;
                if (got === want) passed += 1;
                else failures.push(`${where}: wait until ${hm}: herald ${iso(got)}, Intl ${iso(want)}`);
            });
            const decided = new Map(response.decisions.filter((d) => d.action === 'send' || d.action === 'defer').map((d) => [d.journey, d]));
            QUIET_WINDOWS.forEach((window, i) => {
                const want = z.quietEnd(now, window);
                const d = decided.get(`q${i}`);
                const got = d?.action === 'defer' ? Date.parse(d.until) : null;
                if (d && got === want) passed += 1;
                else failures.push(`${where}: quiet hours ${JSON.stringify(window)}: herald ${JSON.stringify(d)}, Intl ${want && iso(want)}`);
            });
        }
    }
    program.free();
    console.log(`Intl: ${zones.length} zones, ${requests} requests, ${passed} agreed, ${failures.length} disagreed`);
    assert.deepEqual(failures.slice(0, 10), []);
    assert.ok(passed > zones.length * 100, `${passed}`);
});
