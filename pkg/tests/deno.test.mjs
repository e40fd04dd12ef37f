// Deno: `deno run` a script, with no network and read access to the project only, that imports
// the installed package the way Deno resolves npm packages from node_modules (condition `deno`),
// awaits `init()` and asserts the common checks; then replay, test and diff with no
// `loadSimulator()` (Deno reads the simulator module's file on first use), answering as Node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as herald from 'herald-engine';
import { simulatorAnswers } from './cases.mjs';
import { bin, execFileAsync, installedPackage, packageJson, tempDir } from './helpers.mjs';

const script = `
import init, * as herald from 'herald-engine';
import { commonChecks, simulatorChecks } from './cases.mjs';

let before = 'no error';
try {
    herald.version();
} catch (e) {
    before = e.message;
}
await init();
const failures = commonChecks(herald, Deno.args[0]);
const simulator = simulatorChecks(herald);
failures.push(...simulator.failures);
console.log(JSON.stringify({ before, failures, version: herald.version(), answers: simulator.answers }));
if (failures.length > 0) Deno.exit(1);
`;

test('deno run imports herald-engine and works after await init()', { timeout: 60_000 }, async () => {
    const { project } = await installedPackage();
    writeFileSync(join(project, 'deno-check.mjs'), script);
    copyFileSync(new URL('./cases.mjs', import.meta.url), join(project, 'cases.mjs'));
    const { stdout, stderr } = await execFileAsync(
        bin('deno'),
        ['run', '--no-remote', '--no-prompt', '--node-modules-dir=manual', `--allow-read=${project}`,
            'deno-check.mjs', packageJson.version],
        { cwd: project, timeout: 50_000, env: { ...process.env, DENO_DIR: tempDir('deno-dir'), NO_COLOR: '1' } },
    );
    const result = JSON.parse(stdout.trim().split('\n').pop());
    assert.match(result.before, /not initialised/);
    // Nothing on stderr: no MIME-type fallback warning, no permission prompt.
    assert.equal(stderr, '');
    assert.deepEqual(result.failures, []);
    assert.equal(result.version, packageJson.version);
    assert.equal(result.answers, simulatorAnswers(herald), 'replay, test and diff answer as in Node');
});
