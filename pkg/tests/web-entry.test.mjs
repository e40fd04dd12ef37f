// The browser/Deno entry (dist/index.js), exercised in Node: unusable before init, then the
// same answers as everywhere else. (Each test file runs in its own process: the instance here
// starts uninitialised.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { commonChecks, simulatorAnswers } from './cases.mjs';
import { distDir, packageJson } from './helpers.mjs';

const wasmBytes = readFileSync(join(distDir, 'herald_bg.wasm'));
const simulatorBytes = readFileSync(join(distDir, 'herald_sim_bg.wasm'));

test('before init, calls throw an error that says to call init', async () => {
    const web = await import('../dist/index.js');
    assert.throws(() => web.version(), /not initialised: call `await init\(\)`/);
    assert.throws(() => web.check('x'), /not initialised/);
});

test('await init(bytes) then the common checks pass; init is idempotent', async () => {
    const web = await import('../dist/index.js');
    await Promise.all([web.default(wasmBytes), web.init(wasmBytes)]);
    await web.init();
    assert.deepEqual(commonChecks(web, packageJson.version), []);
});

test('replay, test and diff: SimulatorNotLoadedError until loadSimulator(), then the Node entry\'s answers', async () => {
    const web = await import('../dist/index.js');
    await web.init(wasmBytes);
    // Not Deno, and no bytes at hand: the browser entry cannot load the module on first use.
    const program = web.compile('journey "w" {\n  when event "x"\n  send email "hi"\n}\n');
    for (const call of [() => program.replay(''), () => program.test(), () => web.diff(program, program, '')]) {
        assert.throws(call, (e) => e instanceof web.SimulatorNotLoadedError && e.code === 'simulator_not_loaded'
            && /call `await loadSimulator\(\)`/.test(e.message) && e instanceof Error);
    }
    // Arguments are checked first, as before.
    assert.throws(() => program.test(42), TypeError);
    // A failed load can be retried; concurrent loads share one instantiation.
    await assert.rejects(web.loadSimulator(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1])));
    await Promise.all([web.loadSimulator(simulatorBytes), web.loadSimulator(simulatorBytes)]);
    await web.loadSimulator();
    const node = await import('herald-engine');
    assert.equal(simulatorAnswers(web), simulatorAnswers(node));
    // A program copied into the simulator module is freed with its Program.
    assert.equal(program.test().passed, 0);
    program.free();
    assert.throws(() => program.test(), /freed/);
});

test('the web entry exports the same names as the Node entry', async () => {
    const web = await import('../dist/index.js');
    const node = await import('herald-engine');
    assert.deepEqual(Object.keys(web).sort(), Object.keys(node).sort());
});
