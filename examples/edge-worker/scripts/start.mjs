// `npm start`: serves the worker on 127.0.0.1:PORT (default 8787) in the real runtime (workerd,
// through `wrangler dev`), passing the settings of docs/deploy.md from the environment as
// variables. Extra arguments go to wrangler (e.g. `npm start -- --persist-to /tmp/state`).
// Durable Object storage persists in .wrangler/state unless --persist-to says otherwise.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { exampleDir, prepare } from './prepare.mjs';

/** The environment variables the worker reads (docs/deploy.md, "Settings"). */
export const SETTINGS = [
    'WRITE_KEY', 'ADMIN_TOKEN', 'SENDER',
    'TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM', 'TWILIO_MESSAGING_SERVICE_SID', 'TWILIO_API_BASE',
    'SENDGRID_API_KEY', 'SENDGRID_FROM', 'SENDGRID_SUBJECT', 'SENDGRID_API_BASE',
    'RETRY_BASE_SECONDS', 'RETRY_MAX_ATTEMPTS', 'PROVIDER_TIMEOUT_SECONDS', 'DEDUP_HOURS', 'LOG_LIMIT',
    'JOURNEYS_CACHE_SECONDS', 'EVENTS_LIST_DAYS',
];

prepare();
const port = process.env.PORT || '8787';
const vars = SETTINGS.filter((name) => process.env[name] !== undefined && process.env[name] !== '')
    .flatMap((name) => ['--var', `${name}:${process.env[name]}`]);
for (const required of ['WRITE_KEY', 'ADMIN_TOKEN']) {
    if (!process.env[required]) console.error(`edge-worker: ${required} is not set; requests that need it are refused (docs/deploy.md)`);
}
const args = [
    'dev', '--ip', '127.0.0.1', '--port', port,
    '--inspector-port', process.env.INSPECTOR_PORT || '0',
    '--show-interactive-dev-session=false', '--log-level', process.env.WRANGLER_LOG_LEVEL || 'log',
    ...vars, ...process.argv.slice(2),
];
const child = spawn(join(exampleDir, 'node_modules', '.bin', 'wrangler'), args, {
    cwd: exampleDir,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', WRANGLER_HIDE_BANNER: 'true' },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
