// Node, ES module: `import` of the package (condition node/import) works with no init step, and
// the runtime exports match the hand-written index.d.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import init, * as herald from 'herald-engine';
import { commonChecks } from './cases.mjs';
import { packageJson, pkgDir } from './helpers.mjs';

test('import: the common checks pass without an init step', () => {
    assert.deepEqual(commonChecks(herald, packageJson.version), []);
});

test('the default export is init, and awaiting it is harmless', async () => {
    assert.equal(init, herald.init);
    await init();
    assert.equal(herald.version(), packageJson.version);
});

test('every runtime export is declared in index.d.ts, and every declaration exists', () => {
    const dts = readFileSync(`${pkgDir}/index.d.ts`, 'utf8');
    const declared = [...dts.matchAll(/^export (?:declare )?(?:function|class|const) (\w+)/gm)].map((m) => m[1]);
    const runtime = Object.keys(herald).filter((name) => name !== 'default');
    assert.deepEqual([...new Set(declared)].sort(), runtime.sort());
});
