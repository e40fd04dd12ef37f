// Differential test: the native CLI (`herald eval`, NDJSON) against the npm package
// (`program.evaluateJson`, WebAssembly) on generated requests, byte for byte.
//
// Requests run against every example journey (examples/*.herald), as simulated customers: each
// profile's requests move forward in time, carry the previous response's state, tick at
// `wake_at`, and mix trigger, exit and awaited events, past events, explain, request price
// tables, every consent value, good and bad phones, known and unknown time zones, Unicode
// names and hostile values; one request in twenty is broken on purpose (bad JSON, a field of the
// wrong type, a bad instant, a forged state). 5,000 requests by default; HERALD_LONG=1 runs
// 100,000 (docs/reliability.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as herald from 'herald-engine';
import { cliBinary, repoDir, rng, tempDir } from './helpers.mjs';

const COUNT = process.env.HERALD_LONG === '1' ? 100_000 : 5_000;

const examplesDir = join(repoDir, 'examples');
const examples = readdirSync(examplesDir).filter((f) => f.endsWith('.herald')).sort()
    .map((f) => ({ file: join(examplesDir, f), source: readFileSync(join(examplesDir, f), 'utf8') }));

/** Event names a program mentions (`event "X"`), plus one nobody mentions. */
const eventNames = (source) => [...new Set([...source.matchAll(/event "([^"]+)"/g)].map((m) => m[1]))].concat(['Unrelated']);

const ZONES = ['America/New_York', 'Europe/London', 'Europe/Berlin', 'Asia/Kolkata', 'Australia/Lord_Howe',
    'Pacific/Chatham', 'America/Santiago', 'UTC', 'Nowhere/Atlantis', '', 'america/new_york'];
const PHONES = ['+14155550100', '+16135550123', '+447700900123', '+33612345678', '+919812345678', '4155550100',
    '+1', '', '  ', '+999999999999999'];
const CONSENT = ['subscribed', 'unsubscribed', 'opted_in', 'Opted_Out', 'pending', true, false, null, 7];
const NAMES = ['Ana', 'Zoë', 'Łukasz', '李雷', 'José 👍🏽', '{{ profile.id }}', 'a'.repeat(300), ''];

function generate(next, count) {
    const pick = (xs) => xs[Math.floor(next() * xs.length)];
    const programs = examples.map((e) => ({ ...e, program: herald.compile(e.source), names: eventNames(e.source) }));
    const lines = programs.map(() => []);
    let made = 0;
    let profileNo = 0;
    while (made < count) {
        const p = Math.floor(next() * programs.length);
        const { program, names } = programs[p];
        const id = next() < 0.1 ? profileNo : `u${profileNo}`;
        profileNo += 1;
        const profile = {
            id,
            timezone: pick(ZONES),
            phone: pick(PHONES),
            email: next() < 0.8 ? `c${profileNo}@example.com` : pick(['', 'no-at-sign', null]),
            push_token: next() < 0.5 ? 'tok' : null,
            subscriptions: { sms: pick(CONSENT), email: pick(CONSENT), push: pick(CONSENT), whatsapp: pick(CONSENT) },
            first_name: pick(NAMES),
            country: pick(['US', 'CA', 'MX', 'GB', null]),
            lifetime_value: pick([0, 50, 120, 1000, 1e308, -1, 'lots']),
            preferred_channel: pick(['sms', 'whatsapp', 'email']),
            app_installed: pick([true, false, 'yes']),
            last_order_at: pick(['2025-01-01T00:00:00Z', '2026-02-01', 'never', null]),
            tier: pick(['staff', 'gold', undefined]),
            events: [],
        };
        let now = Date.UTC(2026, 0, 1) + Math.floor(next() * 700) * 86_400_000 + Math.floor(next() * 86_400_000);
        let state = null;
        const steps = 1 + Math.floor(next() * 12);
        for (let s = 0; s < steps && made < count; s++) {
            const request = { now: new Date(now).toISOString(), profile, state };
            if (next() < 0.7) {
                const name = pick(names);
                request.event = {
                    name,
                    time: next() < 0.8 ? request.now : new Date(now - Math.floor(next() * 3_600_000)).toISOString(),
                    properties: {
                        value: pick([10, 50, 80, 1e21, 0.1, 'x']), url: 'https://shop.example/c/1',
                        code: pick(['123456', undefined]), discount_percent: pick([10, 20, 35]),
                        order_id: 'A1', tracking_url: 'https://t.example', item_name: pick(['mug', '☕ mug', undefined]),
                    },
                };
            }
            if (next() < 0.05) request.explain = true;
            if (next() < 0.03) request.prices = { currency: pick(['USD', 'EUR']), channels: { sms: { default: 0.0123 }, email: { default: 0.001 } } };
            let text = JSON.stringify(request);
            const broken = next();
            // Cut anywhere but before the first character (a blank line is skipped, not answered).
            if (broken < 0.01) text = text.slice(0, 1 + Math.floor(next() * (text.length - 1)));
            else if (broken < 0.02) text = text.replace('"now":"', '"now":"x');
            else if (broken < 0.03) text = text.replace(/"profile":\{/, '"profile":{"subscriptions":[],');
            else if (broken < 0.04 && state) text = text.replace('"version":4', '"version":5');
            else if (broken < 0.05) text = text.replace(/"id":/, '"id":{"nested":[1,2]},"x":');
            lines[p].push(text);
            made += 1;
            let response;
            try {
                response = JSON.parse(program.evaluateJson(text));
            } catch {
                response = null;
            }
            if (response) {
                state = response.state;
                if (response.decisions.some((d) => d.action === 'send') && next() < 0.5) {
                    profile.events.push({ name: pick(names), time: request.now, properties: {} });
                }
                now = response.wake_at && next() < 0.6
                    ? Date.parse(response.wake_at) + Math.floor(next() * 3) * 60_000
                    : now + Math.floor(next() * 3 * 86_400_000);
            } else {
                now += 3_600_000;
            }
        }
    }
    for (const p of programs) p.program.free();
    return lines;
}

function cliEval(bin, file, input) {
    return new Promise((resolve, reject) => {
        const child = execFile(bin, ['eval', file], { maxBuffer: 1 << 30 }, (error, out, err) => {
            if (error) reject(new Error(`herald eval failed: ${error.message}\n${err}`));
            else resolve(out);
        });
        child.stdin.end(input);
    });
}

/**
 * The package's answer to `text` as `herald eval` writes it on input line `lineNo`: a response as
 * it is; an error with its position moved to that line of the input (the CLI names the input's
 * line, evaluateJson the line in its own text), with the same `path`, `line` and `column` fields.
 */
function packageLine(program, text, lineNo) {
    try {
        return program.evaluateJson(text);
    } catch (e) {
        assert.ok(e instanceof herald.RequestError, `evaluateJson threw ${e}`);
        const column = e.column === undefined ? '' : ` column ${e.column}`;
        const own = e.line === undefined ? '' : ` at line ${e.line}${column}`;
        assert.ok(e.message.endsWith(own), `the message ends with its position: ${e.message}`);
        const line = e.line === undefined ? lineNo : e.line + lineNo - 1;
        const error = { code: e.code, message: `${e.message.slice(0, e.message.length - own.length)} at line ${line}${column}` };
        if (e.path !== null && e.path !== undefined) error.path = e.path;
        error.line = line;
        if (e.column !== undefined) error.column = e.column;
        return JSON.stringify({ error });
    }
}

test(`herald eval and the package answer ${COUNT} generated requests byte for byte`, async () => {
    const bin = await cliBinary();
    const lines = generate(rng(16), COUNT);
    const dir = tempDir('diff-cli');
    let compared = 0;
    let errors = 0;
    const actions = {};
    for (const [i, { file, source }] of examples.entries()) {
        if (lines[i].length === 0) continue;
        const input = join(dir, `${i}.ndjson`);
        writeFileSync(input, lines[i].join('\n') + '\n');
        const native = (await cliEval(bin, file, readFileSync(input))).split('\n');
        assert.equal(native.pop(), '');
        assert.equal(native.length, lines[i].length, `${file}: one line out per line in`);
        const program = herald.compile(source);
        for (const [n, text] of lines[i].entries()) {
            const js = packageLine(program, text, n + 1);
            assert.equal(js, native[n], `${file}, request ${n + 1}:\n${text}`);
            compared += 1;
            if (js.startsWith('{"error"')) errors += 1;
            else for (const d of JSON.parse(js).decisions) actions[d.action] = (actions[d.action] ?? 0) + 1;
        }
        program.free();
    }
    console.log(`cli vs package: ${compared} requests byte for byte (${errors} errors), decisions ${JSON.stringify(actions)}`);
    assert.equal(compared, COUNT);
    // The generator reaches every kind of answer.
    for (const action of ['enter', 'send', 'suppress', 'defer', 'exit']) assert.ok(actions[action] > 0, action);
    assert.ok(errors > COUNT / 50 && errors < COUNT / 5, `${errors} errors`);
});
