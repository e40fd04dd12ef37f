// Speed of herald-engine from Node (`npm --prefix pkg run bench`; results in docs/performance.md,
// section "From JavaScript"). Builds nothing: run `npm --prefix pkg run build` first.
//
// The typical journey of docs/performance.md, evaluated on requests of about 6 KB (a profile of
// 20 traits and 50 past events, the trigger event, no state), generated from a fixed seed so
// every run measures the same inputs. Measured: the JSON.parse baseline, `evaluate` (objects
// in and out, only what the program reads crosses), `evaluateJson` on the whole text,
// `evaluateMany` in batches, and where the time of `evaluate` goes.
//
// `node bench/bench.mjs [--quick] [--json]`
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { generateRequests, TYPICAL } from './requests.mjs';

const { projectText, projectionOf } = createRequire(import.meta.url)('../dist/project.cjs');

const require = createRequire(import.meta.url);
const herald = require('herald-engine');

const quick = process.argv.includes('--quick');
const asJson = process.argv.includes('--json');
const SECONDS = quick ? 0.3 : 2;

/** Runs `fn(i)` for about SECONDS after a warm-up; returns nanoseconds per call (median of 5). */
function measure(fn) {
    const round = (iterations) => {
        const start = process.hrtime.bigint();
        for (let i = 0; i < iterations; i++) fn(i);
        return Number(process.hrtime.bigint() - start);
    };
    let iterations = 64;
    while (round(iterations) < 50e6) iterations *= 2; // warm-up and calibration: ~50 ms
    const per = (SECONDS * 1e9) / 5;
    const n = Math.max(1, Math.round((iterations * per) / 50e6));
    const samples = [];
    for (let s = 0; s < 5; s++) samples.push(round(n) / n);
    samples.sort((a, b) => a - b);
    return samples[2];
}

const program = herald.compile(TYPICAL);
const COUNT = 1024;
const requests = generateRequests(COUNT, 0x5eed);
const texts = requests.map((r) => JSON.stringify(r));
const avgBytes = texts.reduce((a, t) => a + t.length, 0) / COUNT;

const results = [];
function row(name, ns, note = '') {
    results.push({ name, ns: Math.round(ns), perSecond: Math.round(1e9 / ns), note });
}

// Sanity: every path gives the same answer.
{
    const a = JSON.stringify(program.evaluate(requests[0]));
    const b = JSON.stringify(JSON.parse(program.evaluateJson(texts[0])));
    const c = JSON.stringify(program.evaluateMany([requests[0]])[0]);
    if (a !== b || b !== c) throw new Error('evaluate, evaluateJson and evaluateMany disagree');
}

const mask = COUNT - 1;
let sink = 0;
row('JSON.parse of the request text (baseline)', measure((i) => { sink += JSON.parse(texts[i & mask]).now.length; }));
row('JSON.stringify of the request object', measure((i) => { sink += JSON.stringify(requests[i & mask]).length; }));
row('program.evaluate(request)', measure((i) => { sink += program.evaluate(requests[i & mask]).decisions.length; }),
    'objects in and out; only what the program reads crosses');
row('program.evaluateJson(text)', measure((i) => { sink += program.evaluateJson(texts[i & mask]).length; }),
    'the whole 6 KB text crosses and is scanned once');
for (const batch of [10, 100, 1000]) {
    const batches = [];
    for (let b = 0; b < COUNT; b += batch) batches.push(requests.slice(b % COUNT, (b % COUNT) + batch));
    const full = batches.filter((b) => b.length === batch);
    const ns = measure((i) => { sink += program.evaluateMany(full[i % full.length]).length; }) / batch;
    row(`program.evaluateMany(${batch} requests), per request`, ns);
}

// Where the time of `evaluate` goes: each stage alone, on the same requests.
{
    const projection = projectionOf(program.reads());
    const slimTexts = requests.map((r) => projectText(r, projection));
    const responses = slimTexts.map((t) => program.evaluateJson(t));
    row('  1. projection, written as JSON text (JS)', measure((i) => { sink += projectText(requests[i & mask], projection).length; }),
        `${Math.round(slimTexts.reduce((a, t) => a + t.length, 0) / COUNT)} bytes of the ${Math.round(avgBytes)}`);
    row('  2. evaluateJson of that text (copy in, read, evaluate, write, copy out)', measure((i) => { sink += program.evaluateJson(slimTexts[i & mask]).length; }));
    row('  3. JSON.parse of the response (JS)', measure((i) => { sink += JSON.parse(responses[i & mask]).decisions.length; }),
        `${Math.round(responses.reduce((a, t) => a + t.length, 0) / COUNT)} bytes`);
}
if (sink === 0) console.error('(sink)');

const machine = `${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores), Node ${process.version}, ${process.platform}/${process.arch}`;
if (asJson) {
    console.log(JSON.stringify({ machine, date: new Date().toISOString().slice(0, 10), requestBytes: Math.round(avgBytes), results }, null, 2));
} else {
    console.log(`herald-engine ${herald.version()} — ${machine}`);
    console.log(`typical journey; ${COUNT} generated requests of ${Math.round(avgBytes)} bytes on average\n`);
    const width = Math.max(...results.map((r) => r.name.length));
    for (const r of results) {
        const us = (r.ns / 1000).toFixed(2).padStart(8);
        const rate = r.perSecond.toLocaleString('en-US').padStart(11);
        console.log(`${r.name.padEnd(width)}  ${us} µs  ${rate}/s  ${r.note}`);
    }
}
program.free();
