// Bundlers: the recipes of the package README ("Bundlers"), each bundled from the installed
// tarball and run: esbuild, Vite and webpack, for Node (CommonJS and ES module output) and for
// browsers (run in Chromium). Node bundles keep herald-engine external (it loads its .wasm from
// its own folder); browser bundles hand `init()` the module's URL, which the bundler emits, and
// `loadSimulator()` the simulator module's (replay, test and diff run in it: Node loads it on
// first use, from beside the package's JS or a bundle).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath, execFileAsync, installedPackage, pkgDir, serve, tempDir } from './helpers.mjs';

const require = createRequire(join(pkgDir, 'package.json'));
const esbuild = require('esbuild');
const webpack = require('webpack');
const vite = await import(require.resolve('vite'));

const SOURCE = 'journey "w" {\n  when event "Signed Up"\n  send email "hi {{profile.name}}"\n}\n';
const REQUEST = { now: '2026-03-08T14:00:00Z', profile: { id: 'u', email: 'a@b.c', name: 'Ana' }, event: { name: 'Signed Up' } };
const MESSAGES = [{ type: 'track', userId: 'u', event: 'Signed Up', timestamp: '2026-03-08T14:00:00Z' }];
const PROFILES = [{ id: 'u', email: 'a@b.c', name: 'Ana' }];
// What every bundle prints (Node) or leaves in window.heraldResult (browsers): an evaluation,
// then a replay (the simulator module: its entries and email sends).
const EXPECTED = 'w send email hi Ana replay 1 1';
const USE = `
const program = compile(${JSON.stringify(SOURCE)});
const response = program.evaluate(${JSON.stringify(REQUEST)});
const send = response.decisions.find((d) => d.action === 'send');
const replayed = program.replay(${JSON.stringify(MESSAGES)}, { profiles: ${JSON.stringify(PROFILES)} }).journeys.w;
const result = [program.journeyIds()[0], send.action, send.channel, send.content, 'replay', replayed.entries, replayed.sends.email].join(' ');
program.free();
`;

// The app sources, as an application would write them.
const NODE_ESM = `import init, { compile } from 'herald-engine';\nawait init();\n${USE}\nconsole.log(result);\n`;
const NODE_CJS = `const { compile } = require('herald-engine');\n${USE}\nconsole.log(result);\n`;
const BROWSER = (wasmImport) => `import init, { compile, loadSimulator } from 'herald-engine';
${wasmImport}
try {
    await init(wasmUrl);
    await loadSimulator(simulatorUrl);
    ${USE}
    window.heraldResult = result;
} catch (e) {
    window.heraldResult = String(e && e.stack || e);
}
`;
const HTML = (script) => `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>bundle</title><script type="module" src="${script}"></script>\n`;

let project;
async function app(name, files) {
    project ??= (await installedPackage()).project;
    const dir = join(project, name);
    mkdirSync(dir, { recursive: true });
    for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
    return dir;
}

async function runNode(file) {
    const { stdout, stderr } = await execFileAsync(process.execPath, [file], { cwd: project });
    assert.equal(stderr, '');
    return stdout.trim();
}

function webpackRun(config) {
    return new Promise((resolve, reject) => {
        webpack({ mode: 'production', ...config }, (error, stats) => {
            if (error) reject(error);
            else if (stats.hasErrors()) reject(new Error(stats.toString({ all: false, errors: true })));
            else resolve(stats);
        });
    });
}

const viteQuiet = { logLevel: 'silent', configFile: false };

// ---- Node ------------------------------------------------------------------------------------

test('esbuild for Node, CommonJS and ES module output, herald-engine external', { timeout: 60_000 }, async () => {
    const dir = await app('esbuild-node', { 'app.mjs': NODE_ESM, 'app.cjs': NODE_CJS });
    for (const [entry, format, out] of [['app.cjs', 'cjs', 'out.cjs'], ['app.mjs', 'esm', 'out.mjs']]) {
        await esbuild.build({
            entryPoints: [join(dir, entry)], bundle: true, platform: 'node', format, target: 'node20',
            external: ['herald-engine'], outfile: join(dir, out), logLevel: 'silent',
        });
        assert.equal(await runNode(join(dir, out)), EXPECTED, `${format}`);
    }
});

test('esbuild for Node, one CommonJS file with herald_bg.wasm copied beside it', { timeout: 60_000 }, async () => {
    const dir = await app('esbuild-node-inline', { 'app.cjs': NODE_CJS });
    const outdir = join(dir, 'out');
    await esbuild.build({
        entryPoints: [join(dir, 'app.cjs')], bundle: true, platform: 'node', format: 'cjs', target: 'node20',
        outfile: join(outdir, 'app.cjs'), logLevel: 'silent',
    });
    // Without the module beside it: a clear error naming the recipes, not ENOENT.
    const failed = await execFileAsync(process.execPath, [join(outdir, 'app.cjs')], { cwd: dir }).catch((e) => e);
    assert.match(failed.stderr, /cannot load herald_bg\.wasm .*external/);
    copyFileSync(join(project, 'node_modules/herald-engine/dist/herald_bg.wasm'), join(outdir, 'herald_bg.wasm'));
    // The simulator module is read on the first replay: without it, the same kind of error.
    const noSimulator = await execFileAsync(process.execPath, [join(outdir, 'app.cjs')], { cwd: dir }).catch((e) => e);
    assert.match(noSimulator.stderr, /cannot load herald_sim_bg\.wasm .*external/);
    copyFileSync(join(project, 'node_modules/herald-engine/dist/herald_sim_bg.wasm'), join(outdir, 'herald_sim_bg.wasm'));
    assert.equal(await runNode(join(outdir, 'app.cjs')), EXPECTED);
});

test('webpack for Node, CommonJS and ES module output, herald-engine external', { timeout: 90_000 }, async () => {
    const dir = await app('webpack-node', { 'app.mjs': NODE_ESM, 'app.cjs': NODE_CJS });
    await webpackRun({
        target: 'node20', entry: join(dir, 'app.cjs'), context: dir,
        output: { path: join(dir, 'cjs'), filename: 'app.cjs', library: { type: 'commonjs2' } },
        externals: { 'herald-engine': 'commonjs herald-engine' },
    });
    assert.equal(await runNode(join(dir, 'cjs', 'app.cjs')), EXPECTED);
    await webpackRun({
        target: 'node20', entry: join(dir, 'app.mjs'), context: dir,
        experiments: { outputModule: true },
        output: { path: join(dir, 'esm'), filename: 'app.mjs', module: true, chunkFormat: 'module', library: { type: 'module' } },
        externalsType: 'module', externals: { 'herald-engine': 'herald-engine' },
    });
    assert.equal(await runNode(join(dir, 'esm', 'app.mjs')), EXPECTED);
});

test('Vite for Node (SSR build: dependencies stay external)', { timeout: 90_000 }, async () => {
    const dir = await app('vite-node', { 'server.mjs': NODE_ESM });
    await vite.build({
        ...viteQuiet, root: dir,
        build: { ssr: join(dir, 'server.mjs'), outDir: join(dir, 'dist'), rollupOptions: { output: { entryFileNames: 'server.mjs' } } },
    });
    assert.equal(await runNode(join(dir, 'dist', 'server.mjs')), EXPECTED);
});

// ---- Browsers -----------------------------------------------------------------------------

test('browser bundles (esbuild, Vite, webpack) run in Chromium', {
    timeout: 180_000,
    skip: process.env.HERALD_SKIP_CHROMIUM === '1' ? 'HERALD_SKIP_CHROMIUM=1' : false,
}, async () => {
    const executablePath = chromiumPath();
    assert.ok(executablePath, 'chromium is not installed: run scripts/setup-chromium.sh');
    const pages = [];

    // esbuild: the `file` loader copies the .wasm and gives its URL.
    {
        const dir = await app('esbuild-browser', {
            'app.js': BROWSER("import wasmUrl from 'herald-engine/herald.wasm';\nimport simulatorUrl from 'herald-engine/simulator.wasm';"),
            'index.html': HTML('./out/app.js'),
        });
        await esbuild.build({
            entryPoints: [join(dir, 'app.js')], bundle: true, platform: 'browser', format: 'esm', target: 'es2022',
            loader: { '.wasm': 'file' }, outdir: join(dir, 'out'), publicPath: '/esbuild-browser/out', logLevel: 'silent',
        });
        pages.push('esbuild-browser/index.html');
    }
    // Vite: `?url` gives the emitted asset's URL.
    {
        const dir = await app('vite-browser', {
            'app.js': BROWSER("import wasmUrl from 'herald-engine/herald.wasm?url';\nimport simulatorUrl from 'herald-engine/simulator.wasm?url';"),
            'index.html': HTML('./app.js'),
        });
        await vite.build({ ...viteQuiet, root: dir, base: '/vite-browser/dist/', build: { outDir: join(dir, 'dist'), target: 'es2022' } });
        pages.push('vite-browser/dist/index.html');
    }
    // webpack: `new URL('herald_bg.wasm', import.meta.url)` in the package is an asset webpack
    // emits by itself (and the simulator module's likewise), so neither call needs an argument.
    {
        const dir = await app('webpack-browser', {
            'app.js': BROWSER('const wasmUrl = undefined;\nconst simulatorUrl = undefined;'),
            'index.html': HTML('./dist/app.js'),
        });
        await webpackRun({
            target: 'web', entry: join(dir, 'app.js'), context: dir,
            experiments: { outputModule: true },
            output: { path: join(dir, 'dist'), filename: 'app.js', module: true, publicPath: '/webpack-browser/dist/' },
        });
        assert.equal(readdirSync(join(dir, 'dist')).filter((f) => f.endsWith('.wasm')).length, 2, 'webpack emitted both modules');
        pages.push('webpack-browser/index.html');
    }

    const server = await serve(project);
    const context = await chromium.launchPersistentContext(tempDir('chromium-bundles'), {
        executablePath, headless: true, timeout: 60_000, args: CHROMIUM_ARGS,
    });
    try {
        for (const path of pages) {
            const tab = await context.newPage();
            const console = [];
            tab.on('console', (message) => console.push(`${message.type()}: ${message.text()}`));
            tab.on('pageerror', (error) => console.push(`pageerror: ${error.message}`));
            tab.on('requestfailed', (request) => console.push(`failed: ${request.url()}`));
            tab.on('response', (response) => { if (response.status() >= 400) console.push(`${response.status()}: ${response.url()}`); });
            await tab.goto(`${server.url}/${path}`);
            await tab.waitForFunction(() => window.heraldResult !== undefined, null, { timeout: 30_000 });
            assert.equal(await tab.evaluate(() => window.heraldResult), EXPECTED, path);
            assert.deepEqual(console, [], path);
            await tab.close();
        }
    } finally {
        await context.close();
        await server.close();
    }
});
