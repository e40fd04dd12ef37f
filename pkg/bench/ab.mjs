// Two builds of the package side by side in one Node process (`node --expose-gc bench/ab.mjs
// DIST_A DIST_B [ROUNDS]`): for comparing a change's speed on a shared, noisy machine, where two
// runs one after the other differ by more than most changes do. DIST_A and DIST_B are `pkg/dist`
// directories (of two worktrees, or a copy of one made before the change). Both are checked to
// answer the same on every request first; then interleaved rounds, each timing every
// measurement of both builds once in an order that rotates by one a round, a garbage collection
// before each, CPU time of the process (not wall time); the figure is the median of the rounds.
// Requests and journey: those of bench.mjs (the typical journey, 6.7 KB requests).
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { generateRequests, TYPICAL } from './requests.mjs';

const [distA, distB, roundsArg = '9'] = process.argv.slice(2);
if (!distA || !distB) {
    console.error('usage: node --expose-gc bench/ab.mjs DIST_A DIST_B [ROUNDS]');
    process.exit(2);
}
const gc = globalThis.gc ?? (() => {});
const require = createRequire(import.meta.url);
const COUNT = 1024;
const requests = generateRequests(COUNT, 0x5eed);
const texts = requests.map((r) => JSON.stringify(r));

function load(dist) {
    const herald = require(resolve(dist, 'node.cjs'));
    const { projectText, projectionOf } = require(resolve(dist, 'project.cjs'));
    const program = herald.compile(TYPICAL);
    const projection = projectionOf(program.reads());
    const projected = requests.map((r) => projectText(r, projection));
    return { program, projected };
}

const builds = [['A', load(distA)], ['B', load(distB)]];
for (let i = 0; i < COUNT; i++) {
    const [a, b] = builds.map(([, { program }]) => program.evaluateJson(texts[i]));
    if (a !== b) throw new Error(`the builds answer request ${i} differently`);
    const [oa, ob] = builds.map(([, { program }]) => JSON.stringify(program.evaluate(requests[i])));
    if (oa !== ob) throw new Error(`the builds answer request ${i} (objects) differently`);
}

const mask = COUNT - 1;
const measurements = [];
for (const [name, { program, projected }] of builds) {
    measurements.push([`${name} evaluateJson(text)`, (i) => program.evaluateJson(texts[i & mask])]);
    measurements.push([`${name} evaluateJson(projected text)`, (i) => program.evaluateJson(projected[i & mask])]);
    measurements.push([`${name} evaluate(object)`, (i) => program.evaluate(requests[i & mask])]);
}

function cpuNs() {
    const { user, system } = process.cpuUsage();
    return (user + system) * 1000;
}
function time(fn, iterations) {
    gc();
    const start = cpuNs();
    for (let i = 0; i < iterations; i++) fn(i);
    return (cpuNs() - start) / iterations;
}
// Calibrate each to about 0.3 s.
const iterations = measurements.map(([, fn]) => {
    let n = 256;
    while (time(fn, n) * n < 50e6) n *= 2;
    return Math.round((n * 0.3e9) / (time(fn, n) * n));
});
const rounds = Number(roundsArg);
const samples = measurements.map(() => []);
for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < measurements.length; k++) {
        const m = (k + r) % measurements.length;
        samples[m].push(time(measurements[m][1], iterations[m]));
    }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`A = ${distA}\nB = ${distB}\n${rounds} interleaved rounds, CPU time, median`);
const half = measurements.length / 2;
for (let k = 0; k < half; k++) {
    const a = median(samples[k]);
    const b = median(samples[k + half]);
    const what = measurements[k][0].slice(2);
    console.log(`${what.padEnd(34)} A ${(a / 1000).toFixed(2).padStart(7)} µs   B ${(b / 1000).toFixed(2).padStart(7)} µs   B/A ${(b / a).toFixed(3)}`);
}
