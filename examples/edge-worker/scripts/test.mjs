// `npm test`: prepares (npm ci, herald-engine built) and runs test/*.test.mjs with Node's test
// runner. The worker tests start the real runtime (wrangler dev → workerd) on free ports of
// 127.0.0.1 and stop every process they start. Extra arguments go to `node --test`.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { exampleDir, prepare } from './prepare.mjs';

prepare();
const tests = readdirSync(join(exampleDir, 'test')).filter((f) => f.endsWith('.test.mjs')).sort().map((f) => join('test', f));
const run = spawnSync(process.execPath, ['--test', '--test-reporter=spec', '--test-concurrency=1', '--test-timeout=120000', ...process.argv.slice(2), ...tests], {
    cwd: exampleDir,
    stdio: 'inherit',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
});
process.exit(run.status ?? 1);
