// The browser/Deno entry (dist/index.js), exercised in Node: unusable before init, then the
// same answers as everywhere else. (Each test file runs in its own process: the instance here
// starts uninitialised.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { commonChecks } from './cases.mjs';
import { distDir, packageJson } from './helpers.mjs';

const wasmBytes = readFileSync(join(distDir, 'herald_bg.wasm'));

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

test('the web entry exports the same names as the Node entry', async () => {
    const web = await import('../dist/index.js');
    const node = await import('herald-engine');
    assert.deepEqual(Object.keys(web).sort(), Object.keys(node).sort());
});
