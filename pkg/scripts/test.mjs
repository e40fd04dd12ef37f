// `npm test`: makes sure the tools are there (scripts/setup-wasm.sh: a no-op when they are;
// it installs Chromium too unless HERALD_SKIP_CHROMIUM=1), builds the package (unless
// HERALD_SKIP_BUILD=1), then runs every test under tests/
// with Node's test runner: Node require/import, the browser entry in Node, workerd, Deno, Bun,
// Chromium, TypeScript and `npm pack`. Extra arguments are passed to `node --test` (for example
// `npm test -- --test-name-pattern=workerd`).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '..');

const setup = spawnSync('bash', [join(pkgDir, '..', 'scripts', 'setup-wasm.sh')], { stdio: 'inherit' });
if (setup.status !== 0) process.exit(setup.status ?? 1);

if (process.env.HERALD_SKIP_BUILD !== '1') {
    const build = spawnSync(process.execPath, [join(pkgDir, 'scripts', 'build.mjs')], { stdio: 'inherit' });
    if (build.status !== 0) process.exit(build.status ?? 1);
}

const tests = readdirSync(join(pkgDir, 'tests'))
    .filter((file) => /\.test\.(c|m)?js$/.test(file))
    .sort()
    .map((file) => join('tests', file));
const run = spawnSync(
    process.execPath,
    ['--test', '--test-reporter=spec', '--test-concurrency=2', ...process.argv.slice(2), ...tests],
    { stdio: 'inherit', cwd: pkgDir },
);
process.exit(run.status ?? 1);
