// Makes a clean clone runnable: installs this example's dependencies with `npm ci` (exact
// versions from package-lock.json) when node_modules is missing or older than the lock file, and
// builds herald-engine (../../pkg/dist, consumed through "file:../../pkg") when it is not built.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const exampleDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkgDir = join(exampleDir, '..', '..', 'pkg');

function run(command, args, cwd) {
    const result = spawnSync(command, args, { cwd, stdio: ['ignore', process.stderr, process.stderr] });
    if (result.status !== 0) {
        console.error(`edge-worker: ${command} ${args.join(' ')} failed`);
        process.exit(result.status ?? 1);
    }
}

export function prepare() {
    const marker = join(exampleDir, 'node_modules', '.package-lock.json');
    if (!existsSync(marker) || statSync(join(exampleDir, 'package-lock.json')).mtimeMs > statSync(marker).mtimeMs) {
        console.error('edge-worker: npm ci');
        run('npm', ['ci', '--no-audit', '--no-fund'], exampleDir);
    }
    if (!['workerd.js', 'herald_bg.wasm', 'herald_sim_bg.wasm'].every((f) => existsSync(join(pkgDir, 'dist', f)))) {
        console.error('edge-worker: building herald-engine (npm --prefix pkg run build)');
        run('npm', ['run', 'build'], pkgDir);
    }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) prepare();
