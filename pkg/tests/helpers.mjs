// Shared by the tests: paths, a timeout for child processes, free ports, and one `npm pack`
// install per run.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '..');
export const repoDir = join(pkgDir, '..');
export const distDir = join(pkgDir, 'dist');
export const bin = (name) => join(pkgDir, 'node_modules', '.bin', name);
export const packageJson = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));

export const execFileAsync = promisify(execFile);

const tempDirs = [];

/** A temporary folder removed when the process exits. */
export function tempDir(prefix) {
    const dir = mkdtempSync(join(tmpdir(), `herald-${prefix}-`));
    if (tempDirs.length === 0) {
        process.on('exit', () => {
            for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
        });
    }
    tempDirs.push(dir);
    return dir;
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort() {
    return new Promise((resolve, reject) => {
        const server = createServer();
        server.unref();
        server.on('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const { port } = server.address();
            server.close(() => resolve(port));
        });
    });
}

/**
 * Starts a long-running child; resolves its handle. `stop()` kills it (SIGTERM, then SIGKILL)
 * and waits for it to exit. Output is kept for failure messages.
 */
export function startProcess(cmd, args, options = {}) {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    return {
        child,
        output: () => output,
        exited,
        async stop() {
            if (child.exitCode === null && child.signalCode === null) {
                child.kill('SIGTERM');
                const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
                await exited;
                clearTimeout(timer);
            }
        },
    };
}

/** Polls `fn` until it resolves, `ms` pass, or `giveUp()` says there is no point (a server died). */
export async function retryUntil(ms, fn, giveUp = () => false) {
    const deadline = Date.now() + ms;
    let last;
    while (Date.now() < deadline && !giveUp()) {
        try {
            return await fn();
        } catch (e) {
            last = e;
            await new Promise((r) => setTimeout(r, 100));
        }
    }
    throw last ?? new Error('timed out');
}

let installed;
/**
 * `npm pack` the package and install the tarball into a fresh project folder (offline: the
 * package has no dependencies). Done once per process; resolves the project folder.
 */
export function installedPackage() {
    installed ??= (async () => {
        const packDir = tempDir('pack');
        const { stdout } = await execFileAsync('npm', ['pack', '--json', '--pack-destination', packDir], {
            cwd: pkgDir,
        });
        const [{ filename }] = JSON.parse(stdout);
        const project = tempDir('consumer');
        writeFileSync(
            join(project, 'package.json'),
            JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }),
        );
        await execFileAsync(
            'npm',
            ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', join(packDir, filename)],
            { cwd: project },
        );
        return { project, tarball: join(packDir, filename) };
    })();
    return installed;
}

// ---- Browsers: a static server on 127.0.0.1 and Debian's Chromium -------------------------

const types = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.mjs': 'text/javascript; charset=utf-8',
    '.wasm': 'application/wasm',
    '.json': 'application/json',
};

/** Serves files under `root` on 127.0.0.1; resolves `{ url, close }`. */
export function serve(root) {
    const server = createHttpServer((request, response) => {
        const path = normalize(join(root, decodeURIComponent(new URL(request.url, 'http://x').pathname)));
        if (!path.startsWith(root + sep)) {
            response.writeHead(403).end();
            return;
        }
        try {
            const body = readFileSync(path);
            response.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' });
            response.end(body);
        } catch {
            response.writeHead(404).end();
        }
    });
    return new Promise((resolve) => {
        server.listen(0, '127.0.0.1', () => {
            resolve({
                url: `http://127.0.0.1:${server.address().port}`,
                close: () => new Promise((done) => server.close(done)),
            });
        });
    });
}

export function chromiumPath() {
    try {
        return execFileSync('which', ['chromium']).toString().trim();
    } catch {
        return undefined;
    }
}


/** Chromium's flags for the tests: headless, and nothing that reaches the network by itself. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let cliBinaryPromise;
/**
 * The native CLI for the differential tests: `HERALD_BIN`, else `cargo build -p herald-cli --bin herald` (a
 * no-op when it is up to date; the debug build answers exactly as a release build).
 */
export function cliBinary() {
    cliBinaryPromise ??= (async () => {
        if (process.env.HERALD_BIN) return process.env.HERALD_BIN;
        const { stdout } = await execFileAsync('cargo', ['build', '-p', 'herald-cli', '--bin', 'herald', '--message-format=json-render-diagnostics'], {
            cwd: repoDir,
            maxBuffer: 64 * 1024 * 1024,
        });
        const artifact = stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line))
            .find((m) => m.reason === 'compiler-artifact' && m.target?.name === 'herald' && m.executable);
        if (!artifact) throw new Error('cargo build did not report the herald executable');
        return artifact.executable;
    })();
    return cliBinaryPromise;
}

/**
 * A small deterministic generator (mulberry32) for the differential tests, so a failure names a
 * reproducible input: `rng(seed)` returns a function giving numbers in [0, 1).
 */
export function rng(seed) {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}
