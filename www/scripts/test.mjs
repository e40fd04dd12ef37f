// `npm --prefix www test`: builds the editor when www/dist is missing (or HERALD_WWW_BUILD=1),
// then runs the end-to-end tests in headless Chromium (tests/*.test.mjs, Node's test runner).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const www = join(dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(join(www, 'dist', 'index.html')) || process.env.HERALD_WWW_BUILD === '1') {
    const build = spawnSync(process.execPath, [join(www, 'scripts', 'build.mjs')], { stdio: 'inherit' });
    if (build.status !== 0) process.exit(build.status ?? 1);
}
const tests = readdirSync(join(www, 'tests')).filter((file) => file.endsWith('.test.mjs')).sort().map((file) => join('tests', file));
const run = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...process.argv.slice(2), ...tests], { stdio: 'inherit', cwd: www });
process.exit(run.status ?? 1);
