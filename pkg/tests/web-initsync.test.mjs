// The browser entry's synchronous path (what a worker host that hands over a compiled module
// uses), in a process of its own so that the instance starts uninitialised.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as web from '../dist/index.js';
import { commonChecks, simulatorAnswers } from './cases.mjs';
import { distDir, packageJson } from './helpers.mjs';

test('initSync(compiled WebAssembly.Module) makes the API usable at once', () => {
    assert.throws(() => web.version(), /not initialised/);
    web.initSync(new WebAssembly.Module(readFileSync(join(distDir, 'herald_bg.wasm'))));
    assert.deepEqual(commonChecks(web, packageJson.version), []);
});

test('loadSimulatorSync(compiled WebAssembly.Module) makes replay, test and diff usable at once', async () => {
    assert.throws(() => simulatorAnswers(web), web.SimulatorNotLoadedError);
    web.loadSimulatorSync(new WebAssembly.Module(readFileSync(join(distDir, 'herald_sim_bg.wasm'))));
    const node = await import('herald-engine');
    assert.equal(simulatorAnswers(web), simulatorAnswers(node));
});
