// Bun: the installed package through `import` and `require` (Bun takes the `node` condition:
// the module loads synchronously from disk, no init step).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as herald from 'herald-engine';
import { simulatorAnswers } from './cases.mjs';
import { bin, execFileAsync, installedPackage, packageJson, tempDir } from './helpers.mjs';

const script = `
import * as imported from 'herald-engine';
import { createRequire } from 'node:module';
import { commonChecks, simulatorChecks } from './cases.mjs';

const required = createRequire(import.meta.url)('herald-engine');
const version = process.argv[2];
console.log(JSON.stringify({
    importFailures: commonChecks(imported, version),
    requireFailures: commonChecks(required, version),
    sameClass: imported.HeraldError === required.HeraldError,
    // The simulator module loads on the first replay (readFileSync beside the package's JS).
    simulator: simulatorChecks(imported),
}));
`;

test('bun runs herald-engine through import and require without init', { timeout: 60_000 }, async () => {
    const { project } = await installedPackage();
    writeFileSync(join(project, 'bun-check.mjs'), script);
    copyFileSync(new URL('./cases.mjs', import.meta.url), join(project, 'cases.mjs'));
    const { stdout, stderr } = await execFileAsync(bin('bun'), ['run', 'bun-check.mjs', packageJson.version], {
        cwd: project,
        timeout: 50_000,
        env: { ...process.env, BUN_INSTALL_CACHE_DIR: tempDir('bun-cache'), NO_COLOR: '1' },
    });
    const result = JSON.parse(stdout.trim().split('\n').pop());
    assert.deepEqual(result.importFailures, []);
    assert.deepEqual(result.requireFailures, []);
    assert.equal(result.sameClass, true);
    assert.deepEqual(result.simulator.failures, []);
    assert.equal(result.simulator.answers, simulatorAnswers(herald), 'replay, test and diff answer as in Node');
    assert.equal(stderr, '');
});
