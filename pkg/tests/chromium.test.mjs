// Browsers: Debian's Chromium, driven by playwright-core, loads a page from a tiny static server
// on 127.0.0.1. The page imports the installed package's `browser` entry through an import map
// (what a bundler resolves the same way), awaits `init()` (which fetches herald_bg.wasm beside
// the JS) and runs the common checks; the test reads the result from the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, relative, sep } from 'node:path';
import { chromium } from 'playwright-core';
import { installedPackage, packageJson, tempDir } from './helpers.mjs';
import { entryFor } from './runtimes.mjs';

const types = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.mjs': 'text/javascript; charset=utf-8',
    '.wasm': 'application/wasm',
    '.json': 'application/json',
};

/** Serves files under `root` on 127.0.0.1; resolves `{ url, close }`. */
function serve(root) {
    const server = createServer((request, response) => {
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

function chromiumPath() {
    try {
        return execFileSync('which', ['chromium']).toString().trim();
    } catch {
        return undefined;
    }
}

const page = (entry) => `<!doctype html>
<meta charset="utf-8">
<title>herald-engine in Chromium</title>
<link rel="icon" href="data:,">
<script type="importmap">{ "imports": { "herald-engine": "/${entry}" } }</script>
<script type="module">
import init, * as herald from 'herald-engine';
import { commonChecks } from '/cases.mjs';
try {
    let before = 'no error';
    try { herald.version(); } catch (e) { before = e.message; }
    await init();
    window.heraldResult = { before, failures: commonChecks(herald, ${JSON.stringify(packageJson.version)}),
        version: herald.version() };
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
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
            '--disable-background-networking', '--disable-component-update', '--disable-sync'],
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
        // No console output: in particular no "instantiateStreaming failed ... MIME type" fallback.
        assert.deepEqual(console, []);
    } finally {
        await context.close();
        await server.close();
    }
});
