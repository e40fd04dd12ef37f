// Cloudflare Workers: a real workerd process serves a worker that imports the package (the
// `workerd` condition, the .wasm as a compiled module, as wrangler bundles it) and answers HTTP
// requests by calling the API. Compiling WebAssembly from bytes is forbidden there; the worker
// checks that it is, so a pass proves the package does not need it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { bin, freePort, installedPackage, retryUntil, startProcess, tempDir } from './helpers.mjs';
import { entryFor } from './runtimes.mjs';
import * as herald from 'herald-engine';
import { journeyRequest, journeyResponse, simulatorAnswers } from './cases.mjs';

const workerSource = `
import * as herald from 'herald-engine';
import { commonChecks, journeyPrices, journeySource, simulatorChecks } from './cases.mjs';

// Compiled once, when the worker loads; every request evaluates against it.
const program = herald.compile(journeySource, { file: 'cart.herald', prices: journeyPrices });

let bytesCompileForbidden = false;
try {
    new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
} catch {
    bytesCompileForbidden = true;
}

export default {
    async fetch(request, env) {
        const url = new URL(request.url);
        if (url.pathname === '/evaluate' && request.method === 'POST') {
            // The body is a request as JSON text: evaluateJson answers with JSON text.
            try {
                return new Response(program.evaluateJson(await request.text()), {
                    headers: { 'content-type': 'application/json' },
                });
            } catch (e) {
                if (!(e instanceof herald.RequestError)) throw e;
                return Response.json({ error: { code: e.code, message: e.message } }, { status: 400 });
            }
        }
        if (url.pathname === '/simulate') {
            // The simulator module (an imported compiled module) is instantiated on first use.
            return Response.json(simulatorChecks(herald));
        }
        if (url.pathname === '/check') {
            return Response.json(herald.check(await request.text(), { file: 'posted.herald' }));
        }
        return Response.json({
            version: herald.version(),
            failures: commonChecks(herald, env.EXPECTED_VERSION),
            bytesCompileForbidden,
        });
    },
};
`;

function config(port, modules, version) {
    const moduleLines = modules.map(({ name, file, kind }) => `    (name = "${name}", ${kind} = embed "${file}"),`);
    return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [
${moduleLines.join('\n')}
  ],
  bindings = [ (name = "EXPECTED_VERSION", text = "${version}") ],
  compatibilityDate = "2025-01-01",
);
`;
}

test('workerd serves a worker that imports herald-engine and evaluates posted requests', { timeout: 60_000 }, async () => {
    const { project } = await installedPackage();
    const packageDir = join(project, 'node_modules', 'herald-engine');
    const entry = entryFor(packageDir, ['workerd', 'worker', 'browser', 'import']);
    assert.equal(basename(entry), 'workerd.js');
    const version = (await import(join(packageDir, 'package.json'), { with: { type: 'json' } })).default.version;

    // The entry is the module `herald-engine`; its siblings keep their file names, so the
    // entry's relative imports (./herald.js, ./herald_bg.wasm, ...) resolve as on disk.
    const dir = tempDir('workerd');
    const modules = [{ name: 'worker.js', file: 'worker.js', kind: 'esModule' }];
    writeFileSync(join(dir, 'worker.js'), workerSource);
    copyFileSync(new URL('./cases.mjs', import.meta.url), join(dir, 'cases.mjs'));
    modules.push({ name: 'cases.mjs', file: 'cases.mjs', kind: 'esModule' });
    // capnp embeds files relative to the config: copy the package's files beside it.
    mkdirSync(join(dir, 'package'));
    for (const file of readdirSync(dirname(entry), { withFileTypes: true }).filter((f) => f.isFile()).map((f) => f.name)) {
        copyFileSync(join(dirname(entry), file), join(dir, 'package', file));
        const embedded = `package/${file}`;
        if (file === basename(entry)) modules.push({ name: 'herald-engine', file: embedded, kind: 'esModule' });
        else if (file.endsWith('.wasm')) modules.push({ name: file, file: embedded, kind: 'wasm' });
        else if (file.endsWith('.js')) modules.push({ name: file, file: embedded, kind: 'esModule' });
    }
    const port = await freePort();
    writeFileSync(join(dir, 'config.capnp'), config(port, modules, version));

    const server = startProcess(bin('workerd'), ['serve', join(dir, 'config.capnp')], { cwd: dir });
    try {
        const result = await retryUntil(20_000, async () => {
            const response = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(5000) });
            return response.json();
        }, () => server.child.exitCode !== null).catch((e) => {
            throw new Error(`${e.message}\nworkerd output:\n${server.output()}`);
        });
        assert.equal(result.version, version);
        assert.deepEqual(result.failures, []);
        assert.equal(result.bytesCompileForbidden, true, 'workerd should forbid compiling wasm from bytes');

        const evaluated = await fetch(`http://127.0.0.1:${port}/evaluate`, {
            method: 'POST',
            body: JSON.stringify(journeyRequest),
            signal: AbortSignal.timeout(5000),
        });
        assert.equal(evaluated.status, 200);
        assert.equal(evaluated.headers.get('content-type'), 'application/json');
        assert.equal(await evaluated.text(), journeyResponse, 'the worker answers byte for byte as everywhere');
        const refused = await fetch(`http://127.0.0.1:${port}/evaluate`, {
            method: 'POST',
            body: '{"now": "2026-03-08T14:00:00Z", "profile": {}}',
            signal: AbortSignal.timeout(5000),
        });
        assert.equal(refused.status, 400);
        assert.equal((await refused.json()).error.code, 'invalid_request');

        const posted = await fetch(`http://127.0.0.1:${port}/check`, {
            method: 'POST',
            body: 'journey "x" {\n  send sms "open\n}\n',
            signal: AbortSignal.timeout(5000),
        });
        const diagnostics = await posted.json();
        assert.equal(diagnostics.length, 1);
        assert.equal(diagnostics[0].code, 'E0101');
        assert.equal(diagnostics[0].file, 'posted.herald');
        assert.equal(diagnostics[0].line, 2);

        const simulated = await (await fetch(`http://127.0.0.1:${port}/simulate`, { signal: AbortSignal.timeout(10_000) })).json();
        assert.deepEqual(simulated.failures, []);
        assert.equal(simulated.answers, simulatorAnswers(herald), 'replay, test and diff answer as in Node');
    } finally {
        await server.stop();
    }
});
