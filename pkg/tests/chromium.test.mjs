// Browsers: Debian's Chromium, driven by playwright-core, loads a page from a tiny static server
// on 127.0.0.1. The page imports the installed package's `browser` entry through an import map
// (what a bundler resolves the same way), awaits `init()` (which fetches herald_bg.wasm beside
// the JS) and runs the common checks; the test reads the result from the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath, installedPackage, packageJson, serve, tempDir } from './helpers.mjs';
import { entryFor } from './runtimes.mjs';
import * as herald from 'herald-engine';
import { simulatorAnswers } from './cases.mjs';

const page = (entry) => `<!doctype html>
<meta charset="utf-8">
<title>herald-engine in Chromium</title>
<link rel="icon" href="data:,">
<script type="importmap">{ "imports": { "herald-engine": "/${entry}" } }</script>
<script type="module">
import init, * as herald from 'herald-engine';
import { commonChecks, simulatorAnswers } from '/cases.mjs';
try {
    let before = 'no error';
    try { herald.version(); } catch (e) { before = e.message; }
    await init();
    const failures = commonChecks(herald, ${JSON.stringify(packageJson.version)});
    // The simulator module cannot load synchronously here: a SimulatorNotLoadedError until
    // \`await loadSimulator()\`, then the answers of every other runtime.
    let notLoaded = 'no error';
    try { simulatorAnswers(herald); } catch (e) { notLoaded = e instanceof herald.SimulatorNotLoadedError ? \`\${e.code}: \${e.message}\` : String(e); }
    await Promise.all([herald.loadSimulator(), herald.loadSimulator()]);
    window.heraldResult = { before, failures, version: herald.version(), notLoaded, answers: simulatorAnswers(herald) };
} catch (e) {
    window.heraldResult = { error: String(e && e.stack || e) };
}
</script>
`;

const executablePath = chromiumPath();

test('Chromium loads herald-engine with await init()', {
    timeout: 90_000,
    skip: process.env.HERALD_SKIP_CHROMIUM === '1' ? 'HERALD_SKIP_CHROMIUM=1' : false,
}, async () => {
    assert.ok(executablePath, 'chromium is not installed: run scripts/setup-chromium.sh');
    const { project } = await installedPackage();
    const entry = entryFor(join(project, 'node_modules', 'herald-engine'), ['browser', 'import']);
    const entryUrlPath = relative(project, entry).split(sep).join('/');
    assert.equal(entryUrlPath, 'node_modules/herald-engine/dist/index.js');
    writeFileSync(join(project, 'index.html'), page(entryUrlPath));
    copyFileSync(new URL('./cases.mjs', import.meta.url), join(project, 'cases.mjs'));

    const server = await serve(project);
    const context = await chromium.launchPersistentContext(tempDir('chromium-profile'), {
        executablePath,
        headless: true,
        timeout: 60_000,
        args: CHROMIUM_ARGS,
    });
    try {
        const tab = await context.newPage();
        const console = [];
        tab.on('console', (message) => console.push(`${message.type()}: ${message.text()}`));
        tab.on('pageerror', (error) => console.push(`pageerror: ${error.message}`));
        await tab.goto(`${server.url}/index.html`);
        await tab.waitForFunction(() => window.heraldResult !== undefined, null, { timeout: 30_000 });
        const result = await tab.evaluate(() => window.heraldResult);
        assert.equal(result.error, undefined, result.error);
        assert.match(result.before, /not initialised/);
        assert.deepEqual(result.failures, []);
        assert.equal(result.version, packageJson.version);
        assert.match(result.notLoaded, /^simulator_not_loaded: .*call `await loadSimulator\(\)`/);
        assert.equal(result.answers, simulatorAnswers(herald), 'replay, test and diff answer as in Node');
        // No console output: in particular no "instantiateStreaming failed ... MIME type" fallback.
        assert.deepEqual(console, []);
    } finally {
        await context.close();
        await server.close();
    }
});
