// The simulator module (dist/herald_sim_bg.wasm: replay, test and diff; branch `lazysim`) in
// Node: not loaded by the package's import, loaded synchronously on the first replay, test or
// diff (no API change), and loaded ahead by `loadSimulator()`. (Each test file runs in a process
// of its own: the simulator module starts unloaded here.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as herald from 'herald-engine';
import { journeyPrices, journeySource, replayMessages, replayProfiles, simulatorChecks } from './cases.mjs';
import { distDir } from './helpers.mjs';

const require = createRequire(import.meta.url);
const simulatorGlue = join(distDir, 'herald_sim_node.cjs');
const loaded = () => Object.keys(require.cache).includes(simulatorGlue);

test('the simulator module loads on the first replay, not before; then answers as the other runtimes', () => {
    assert.equal(require.resolve('herald-engine'), join(distDir, 'node.cjs'));
    const program = herald.compile(journeySource, { prices: journeyPrices });
    program.evaluate({ now: '2026-03-08T14:00:00Z', profile: { id: 'u' } });
    program.analyze();
    assert.equal(loaded(), false, 'compile, evaluate and analyze do not load the simulator module');
    // Argument errors come first, as before, and load nothing.
    assert.throws(() => program.replay(42), TypeError);
    assert.throws(() => herald.diff(program, {}, ''), TypeError);
    assert.equal(loaded(), false);
    assert.equal(program.replay('').journeys.cart.entries, 0);
    assert.equal(loaded(), true, 'the first replay loads it');
    program.free();
    assert.throws(() => program.replay(''), /freed/);
    const { failures } = simulatorChecks(herald);
    assert.deepEqual(failures, []);
});

test('loadSimulator() and loadSimulatorSync() are harmless once it is loaded (or load it in Node)', async () => {
    assert.equal(await herald.loadSimulator(), undefined);
    assert.equal(herald.loadSimulatorSync(new Uint8Array(0)), undefined);
    assert.equal(await Promise.all([herald.loadSimulator('ignored'), herald.loadSimulator()]).then(() => 'ok'), 'ok');
    const error = new herald.SimulatorNotLoadedError();
    assert.ok(error instanceof Error);
    assert.equal(error.name, 'SimulatorNotLoadedError');
    assert.equal(error.code, 'simulator_not_loaded');
});

test('a program copied into the simulator module answers as often as asked, and each Program has its own copy', () => {
    const a = herald.compile(journeySource, { prices: journeyPrices });
    const b = herald.compile(journeySource.replace('wait 1 hour', 'wait 3 hours'), { prices: journeyPrices });
    const messages = replayMessages;
    const options = { profiles: replayProfiles, decisions: true };
    const first = JSON.stringify(a.replay(messages, options));
    for (let i = 0; i < 20; i++) assert.equal(JSON.stringify(a.replay(messages, options)), first);
    // The two programs differ (a one-hour and a three-hour wait): their copies are not mixed up.
    assert.notEqual(JSON.stringify(b.replay(messages, options)), first);
    assert.equal(herald.diff(a, b, messages, options).users_differing, 1);
    assert.equal(herald.diff(a, a, messages, options).users_differing, 0);
    a.free();
    b.free();
    // Many programs made, replayed and freed: the simulator module keeps working.
    for (let i = 0; i < 200; i++) {
        const p = herald.compile(journeySource, { prices: journeyPrices });
        assert.equal(p.replay(messages, options).journeys.cart.entries, 1);
        p.free();
    }
});
