// Installs @gorules/zen-engine for the comparison bench only (npm run bench:compare), outside
// package-lock.json: zen's lock entries name platform packages (darwin, win32, wasm32-wasi) that
// this project's registry does not serve, so with zen in devDependencies `npm ci` on a clean clone
// fails ("Missing: @gorules/zen-engine-darwin-arm64@ from lock file"). The tests never need zen.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
try {
    require.resolve('@gorules/zen-engine');
} catch {
    console.error('bench:compare: installing @gorules/zen-engine@0.54.0 (not saved)');
    try {
        execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '@gorules/zen-engine@0.54.0'], { stdio: 'inherit' });
    } catch (e) {
        console.error(`bench:compare: zen could not be installed (${e.message}); it is left out of the table`);
    }
}
