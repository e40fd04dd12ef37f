// Starting and stopping the worker in the real runtime (`npm start`: wrangler dev → workerd) on
// a free port of 127.0.0.1, with its own Durable Object storage in a temporary directory.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exampleDir } from '../scripts/prepare.mjs';

export function freePort() {
    return new Promise((resolve, reject) => {
        const server = createServer();
        server.on('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const { port } = server.address();
            server.close(() => resolve(port));
        });
    });
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns a truthy value (returned) or `timeoutMs` passes (throws). */
export async function until(probe, timeoutMs, what) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const value = await probe();
        if (value) return value;
        if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
        await sleep(100);
    }
}

/**
 * Starts the worker with these settings; resolves once it answers. `stop()` ends the process
 * group (wrangler and its workerd) and removes the storage unless `keepState`.
 */
export async function startWorker(settings, { persistTo } = {}) {
    const port = await freePort();
    const inspector = await freePort();
    const state = persistTo ?? mkdtempSync(join(tmpdir(), 'herald-edge-'));
    let output = '';
    const child = spawn(process.execPath, [join(exampleDir, 'scripts', 'start.mjs'), '--persist-to', state], {
        cwd: exampleDir,
        detached: true, // its own process group, so stop() reaches workerd too
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, ...settings, PORT: String(port), INSPECTOR_PORT: String(inspector), WRANGLER_LOG_LEVEL: 'log' },
    });
    // Its own process group outlives this process unless told: end it on any exit or signal.
    const reap = () => {
        try {
            process.kill(-child.pid, 'SIGKILL');
        } catch {
            // already gone
        }
    };
    process.once('exit', reap);
    for (const signal of ['SIGINT', 'SIGTERM']) {
        process.once(signal, () => {
            reap();
            process.exit(130);
        });
    }
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const url = `http://127.0.0.1:${port}`;
    const worker = {
        url,
        state,
        output: () => output,
        async stop({ keepState = false } = {}) {
            if (child.exitCode === null && child.signalCode === null) {
                try {
                    process.kill(-child.pid, 'SIGTERM');
                } catch {
                    // already gone
                }
                const timer = setTimeout(() => {
                    try {
                        process.kill(-child.pid, 'SIGKILL');
                    } catch {
                        // already gone
                    }
                }, 5000);
                await exited;
                clearTimeout(timer);
            }
            if (!keepState && !persistTo) rmSync(state, { recursive: true, force: true });
        },
        /** Ends the runtime at once, as a crash would (SIGKILL to the whole process group). */
        async kill() {
            try {
                process.kill(-child.pid, 'SIGKILL');
            } catch {
                // already gone
            }
            await exited;
        },
    };
    try {
        await until(async () => {
            if (child.exitCode !== null) throw new Error(`the worker exited:\n${output}`);
            try {
                return (await fetch(`${url}/`)).ok;
            } catch {
                return false;
            }
        }, 60_000, 'the worker to answer');
    } catch (e) {
        await worker.stop();
        throw e;
    }
    return worker;
}
