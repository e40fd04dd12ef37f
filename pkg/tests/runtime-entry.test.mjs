// The runtime-only entry `herald-engine/runtime` (evaluation of saved programs, no compiler):
// a program compiled and saved by the main entry loads and answers byte for byte alike in Node
// (import and require), Deno, Bun, workerd and Chromium, each taking the entry its conditions pick from
// the installed tarball; bad bytes are LoadErrors there too (tests/cases.mjs `runtimeChecks`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { relative, sep } from 'node:path';
import { chromium } from 'playwright-core';
import {
    bin, CHROMIUM_ARGS, chromiumPath, execFileAsync, freePort, installedPackage, packageJson, retryUntil, serve, startProcess, tempDir,
} from './helpers.mjs';
import { journeyPrices, journeyRequest, journeyResponse, journeySource } from './cases.mjs';

/** Resolves the runtime entry's file for a runtime's conditions. */
function runtimeEntryFor(packageDir, conditions, manifest) {
    const pick = (target) => {
        if (typeof target === 'string') return target;
        for (const [key, value] of Object.entries(target)) {
            if (key === 'default' || conditions.includes(key)) {
                const found = pick(value);
                if (found !== undefined) return found;
            }
        }
        return undefined;
    };
    return join(packageDir, pick(manifest.exports['./runtime']));
}

/** The project with the installed package, cases.mjs and saved.mjs (the saved program, base64). */
async function project() {
    const { project: dir } = await installedPackage();
    const main = await import(join(dir, 'node_modules', 'herald-engine', 'dist', 'node.mjs'));
    const program = main.compile(journeySource, { file: 'cart.herald', prices: journeyPrices });
    const saved = program.save();
    program.free();
    copyFileSync(new URL('./cases.mjs', import.meta.url), join(dir, 'cases.mjs'));
    writeFileSync(join(dir, 'saved.mjs'), `export const savedBase64 = '${Buffer.from(saved).toString('base64')}';\n`);
    return { dir, saved, main };
}

test('the main entry saves: deterministic bytes, a LoadError-free round trip through the runtime entry', { timeout: 120_000 }, async () => {
    const { dir, saved, main } = await project();
    assert.ok(saved instanceof Uint8Array);
    const again = main.compile(journeySource, { file: 'cart.herald', prices: journeyPrices });
    assert.deepEqual(Buffer.from(again.save()), Buffer.from(saved), 'the same source saves to the same bytes');
    again.free();
    assert.equal(typeof main.loadProgram, 'undefined', 'loading is the runtime entry\'s');
    const runtime = await import(join(dir, 'node_modules', 'herald-engine', 'dist', 'runtime', 'node.mjs'));
    const loaded = runtime.loadProgram(saved, { file: 'cart.hbc' });
    assert.equal(loaded.evaluateJson(JSON.stringify(journeyRequest)), journeyResponse);
    assert.deepEqual(loaded.reads(), main.compile(journeySource, { prices: journeyPrices }).reads());
    loaded.free();
});

test('Node: herald-engine/runtime through import and require', { timeout: 120_000 }, async () => {
    const { dir } = await project();
    const script = `
import * as runtime from 'herald-engine/runtime';
import { createRequire } from 'node:module';
import { fromBase64, runtimeChecks } from './cases.mjs';
import { savedBase64 } from './saved.mjs';
const required = createRequire(import.meta.url)('herald-engine/runtime');
const saved = fromBase64(savedBase64);
console.log(JSON.stringify({
    importFailures: runtimeChecks(runtime, saved, process.argv[2]),
    requireFailures: runtimeChecks(required, saved, process.argv[2]),
    sameInstance: runtime.Program === required.Program,
}));
`;
    writeFileSync(join(dir, 'node-runtime.mjs'), script);
    const { stdout } = await execFileAsync(process.execPath, ['node-runtime.mjs', packageJson.version], { cwd: dir });
    const result = JSON.parse(stdout.trim().split('\n').pop());
    assert.deepEqual(result.importFailures, []);
    assert.deepEqual(result.requireFailures, []);
    assert.equal(result.sameInstance, true);
});

test('Deno: herald-engine/runtime after await init()', { timeout: 60_000 }, async () => {
    const { dir } = await project();
    const script = `
import init, * as runtime from 'herald-engine/runtime';
import { fromBase64, runtimeChecks } from './cases.mjs';
import { savedBase64 } from './saved.mjs';
await init();
const failures = runtimeChecks(runtime, fromBase64(savedBase64), Deno.args[0]);
console.log(JSON.stringify({ failures }));
`;
    writeFileSync(join(dir, 'deno-runtime.mjs'), script);
    const { stdout, stderr } = await execFileAsync(
        bin('deno'),
        ['run', '--no-remote', '--no-prompt', '--node-modules-dir=manual', `--allow-read=${dir}`, 'deno-runtime.mjs', packageJson.version],
        { cwd: dir, timeout: 50_000, env: { ...process.env, DENO_DIR: tempDir('deno-dir'), NO_COLOR: '1' } },
    );
    assert.equal(stderr, '');
    assert.deepEqual(JSON.parse(stdout.trim().split('\n').pop()).failures, []);
});

test('Bun: herald-engine/runtime through import and require', { timeout: 60_000 }, async () => {
    const { dir } = await project();
    const script = `
import * as runtime from 'herald-engine/runtime';
import { createRequire } from 'node:module';
import { fromBase64, runtimeChecks } from './cases.mjs';
import { savedBase64 } from './saved.mjs';
const required = createRequire(import.meta.url)('herald-engine/runtime');
const saved = fromBase64(savedBase64);
console.log(JSON.stringify({
    importFailures: runtimeChecks(runtime, saved, process.argv[2]),
    requireFailures: runtimeChecks(required, saved, process.argv[2]),
}));
`;
    writeFileSync(join(dir, 'bun-runtime.mjs'), script);
    const { stdout, stderr } = await execFileAsync(bin('bun'), ['run', 'bun-runtime.mjs', packageJson.version], {
        cwd: dir,
        timeout: 50_000,
        env: { ...process.env, BUN_INSTALL_CACHE_DIR: tempDir('bun-cache'), NO_COLOR: '1' },
    });
    const result = JSON.parse(stdout.trim().split('\n').pop());
    assert.deepEqual(result.importFailures, []);
    assert.deepEqual(result.requireFailures, []);
    assert.equal(stderr, '');
});

const workerSource = `
import * as runtime from 'herald-engine/runtime';
import { fromBase64, runtimeChecks } from './cases.mjs';
import { savedBase64 } from './saved.mjs';

const program = runtime.loadProgram(fromBase64(savedBase64), { file: 'cart.hbc' });

export default {
    async fetch(request, env) {
        const url = new URL(request.url);
        if (url.pathname === '/evaluate' && request.method === 'POST') {
            try {
                return new Response(program.evaluateJson(await request.text()), { headers: { 'content-type': 'application/json' } });
            } catch (e) {
                if (!(e instanceof runtime.RequestError)) throw e;
                return Response.json({ error: { code: e.code, message: e.message } }, { status: 400 });
            }
        }
        return Response.json({ failures: runtimeChecks(runtime, fromBase64(savedBase64), env.EXPECTED_VERSION) });
    },
};
`;

test('workerd: a worker on herald-engine/runtime evaluates posted requests', { timeout: 60_000 }, async () => {
    const { dir: projectDir } = await project();
    const packageDir = join(projectDir, 'node_modules', 'herald-engine');
    const entry = runtimeEntryFor(packageDir, ['workerd', 'worker', 'browser', 'import'], packageJson);
    assert.equal(basename(entry), 'workerd.js');
    assert.equal(basename(dirname(entry)), 'runtime');
    const dir = tempDir('workerd-runtime');
    const modules = [{ name: 'worker.js', file: 'worker.js', kind: 'esModule' }];
    writeFileSync(join(dir, 'worker.js'), workerSource);
    for (const file of ['cases.mjs', 'saved.mjs']) {
        copyFileSync(join(projectDir, file), join(dir, file));
        modules.push({ name: file, file, kind: 'esModule' });
    }
    mkdirSync(join(dir, 'package'));
    for (const file of readdirSync(dirname(entry), { withFileTypes: true }).filter((f) => f.isFile()).map((f) => f.name)) {
        copyFileSync(join(dirname(entry), file), join(dir, 'package', file));
        const embedded = `package/${file}`;
        // Named as a bundler would place them: the entry's siblings resolve beside its name.
        if (file === basename(entry)) modules.push({ name: 'herald-engine/runtime', file: embedded, kind: 'esModule' });
        else if (file.endsWith('.wasm')) modules.push({ name: `herald-engine/${file}`, file: embedded, kind: 'wasm' });
        else if (file.endsWith('.js')) modules.push({ name: `herald-engine/${file}`, file: embedded, kind: 'esModule' });
    }
    const port = await freePort();
    const moduleLines = modules.map(({ name, file, kind }) => `    (name = "${name}", ${kind} = embed "${file}"),`);
    writeFileSync(join(dir, 'config.capnp'), `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [
${moduleLines.join('\n')}
  ],
  bindings = [ (name = "EXPECTED_VERSION", text = "${packageJson.version}") ],
  compatibilityDate = "2025-01-01",
);
`);
    const server = startProcess(bin('workerd'), ['serve', join(dir, 'config.capnp')], { cwd: dir });
    try {
        const result = await retryUntil(20_000, async () => {
            const response = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(5000) });
            return response.json();
        }, () => server.child.exitCode !== null).catch((e) => {
            throw new Error(`${e.message}\nworkerd output:\n${server.output()}`);
        });
        assert.deepEqual(result.failures, []);
        const evaluated = await fetch(`http://127.0.0.1:${port}/evaluate`, {
            method: 'POST',
            body: JSON.stringify(journeyRequest),
            signal: AbortSignal.timeout(5000),
        });
        assert.equal(evaluated.status, 200);
        assert.equal(await evaluated.text(), journeyResponse);
    } finally {
        await server.stop();
    }
});

test('every export of the runtime entry is declared in runtime.d.ts, and every declaration exists', async () => {
    const { dir } = await project();
    const runtime = await import(join(dir, 'node_modules', 'herald-engine', 'dist', 'runtime', 'node.mjs'));
    const dts = (await import('node:fs')).readFileSync(new URL('../runtime.d.ts', import.meta.url), 'utf8');
    const declared = [...dts.matchAll(/^export (?:declare )?(?:function|class|const) (\w+)/gm)].map((m) => m[1]);
    for (const [, names] of dts.matchAll(/^export \{([^}]*)\} from/gm)) declared.push(...names.split(',').map((n) => n.trim()));
    const exported = Object.keys(runtime).filter((name) => name !== 'default');
    assert.deepEqual([...new Set(declared)].sort(), exported.sort());
});

test('Chromium: herald-engine/runtime after await init()', {
    timeout: 90_000,
    skip: process.env.HERALD_SKIP_CHROMIUM === '1' ? 'HERALD_SKIP_CHROMIUM=1' : false,
}, async () => {
    const executablePath = chromiumPath();
    assert.ok(executablePath, 'chromium is not installed: run scripts/setup-chromium.sh');
    const { dir } = await project();
    const entry = runtimeEntryFor(join(dir, 'node_modules', 'herald-engine'), ['browser', 'import'], packageJson);
    const entryUrlPath = relative(dir, entry).split(sep).join('/');
    assert.equal(entryUrlPath, 'node_modules/herald-engine/dist/runtime/index.js');
    writeFileSync(join(dir, 'runtime.html'), `<!doctype html>
<meta charset="utf-8">
<title>herald-engine/runtime in Chromium</title>
<link rel="icon" href="data:,">
<script type="importmap">{ "imports": { "herald-engine/runtime": "/${entryUrlPath}" } }</script>
<script type="module">
import init, * as runtime from 'herald-engine/runtime';
import { fromBase64, runtimeChecks } from '/cases.mjs';
import { savedBase64 } from '/saved.mjs';
try {
    await init();
    window.heraldResult = { failures: runtimeChecks(runtime, fromBase64(savedBase64), ${JSON.stringify(packageJson.version)}) };
} catch (e) {
    window.heraldResult = { error: String(e && e.stack || e) };
}
</script>
`);
    const server = await serve(dir);
    const context = await chromium.launchPersistentContext(tempDir('chromium-runtime'), {
        executablePath, headless: true, timeout: 60_000, args: CHROMIUM_ARGS,
    });
    try {
        const tab = await context.newPage();
        const output = [];
        tab.on('console', (message) => output.push(`${message.type()}: ${message.text()}`));
        tab.on('pageerror', (error) => output.push(`pageerror: ${error.message}`));
        await tab.goto(`${server.url}/runtime.html`);
        await tab.waitForFunction(() => window.heraldResult !== undefined, null, { timeout: 30_000 });
        const result = await tab.evaluate(() => window.heraldResult);
        assert.equal(result.error, undefined, result.error);
        assert.deepEqual(result.failures, []);
        assert.deepEqual(output, []);
    } finally {
        await context.close();
        await server.close();
    }
});
