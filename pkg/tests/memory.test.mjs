// Memory: evaluating a million requests and compiling ten thousand programs leave the
// WebAssembly memory where warm-up left it (it can only grow, so a steady size means nothing
// leaks), and programs dropped without free() are reclaimed by the FinalizationRegistry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { distDir } from './helpers.mjs';
import { journeyPrices, journeyRequest, journeySource } from './cases.mjs';

const require = createRequire(import.meta.url);
const herald = require('herald-engine');
// The raw glue the package entry loaded (the same module instance): its memoryBytes export.
const raw = require(join(distDir, 'herald_node.cjs'));

test('a million evaluations (and 90,000 more in batches) do not grow the wasm memory after warm-up', { timeout: 120_000 }, () => {
    const program = herald.compile(journeySource, { prices: journeyPrices });
    const text = JSON.stringify(journeyRequest);
    const tick = { now: '2026-03-08T15:00:00Z', profile: journeyRequest.profile, state: program.evaluate(journeyRequest).state };
    // Every path: objects (projected), text, batches, and a refused request.
    const round = (i) => {
        switch (i % 4) {
            case 0: return program.evaluate(journeyRequest).decisions.length;
            case 1: return program.evaluateJson(text).length;
            case 2: return program.evaluate(tick).decisions.length;
            default:
                try {
                    program.evaluateJson('{"now": "2026-03-08T14:00:00Z", "profile": {}}');
                } catch (e) {
                    return e.code.length;
                }
                return 0;
        }
    };
    const batch = Array(100).fill(journeyRequest);
    let sink = 0;
    for (let i = 0; i < 100_000; i++) sink += round(i);
    sink += program.evaluateMany(batch).length;
    const warm = raw.memoryBytes();
    for (let i = 100_000; i < 1_000_000; i += 1000) {
        for (let j = 0; j < 1000; j++) sink += round(i + j);
        sink += program.evaluateMany(batch).length;
    }
    assert.ok(sink > 0);
    assert.equal(raw.memoryBytes(), warm, `memory grew from ${warm} to ${raw.memoryBytes()} bytes`);
    program.free();
});

test('compiling and freeing 10,000 programs does not grow the wasm memory', () => {
    const round = () => herald.compile(journeySource).free();
    for (let i = 0; i < 1000; i++) round();
    const warm = raw.memoryBytes();
    for (let i = 0; i < 10_000; i++) round();
    assert.equal(raw.memoryBytes(), warm, `memory grew from ${warm} to ${raw.memoryBytes()} bytes`);
});

test('programs dropped without free() are reclaimed by the garbage collector', { timeout: 120_000 }, async () => {
    // A child with --expose-gc: compile batches of programs, drop them, collect, repeat. Without
    // the FinalizationRegistry every program would stay in wasm memory (tens of KB each).
    const script = `
        const herald = require(${JSON.stringify(join(distDir, 'node.cjs'))});
        const raw = require(${JSON.stringify(join(distDir, 'herald_node.cjs'))});
        const source = ${JSON.stringify(journeySource)};
        const settle = () => new Promise((r) => setTimeout(r, 10));
        (async () => {
            const sizes = [];
            for (let batch = 0; batch < 30; batch++) {
                for (let i = 0; i < 500; i++) herald.compile(source).evaluateJson('{"now": "2026-03-08T14:00:00Z", "profile": {"id": "u"}}');
                for (let k = 0; k < 3; k++) { globalThis.gc(); await settle(); }
                sizes.push(raw.memoryBytes());
            }
            console.log(JSON.stringify(sizes));
        })();
    `;
    const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', '-e', script]);
    const sizes = JSON.parse(stdout);
    // 15,000 programs were made; after the first batches, the memory stays put.
    assert.equal(sizes.at(-1), sizes[9], `wasm memory kept growing: ${sizes.join(', ')}`);
});
