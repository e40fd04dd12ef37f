// Cold start of each entry: the time from loading the package to the first evaluation, in fresh
// processes (`npm --prefix pkg run bench:cold`; build first). Results go to docs/wasm.md by hand
// ("Cold start"), with the machine; nothing here is a test.
//
// Node: a fresh `node` per run, timing inside it from before the `import` to after the first
// `evaluateJson` (the main entry: import + compile of the source; the runtime entry: import +
// loadProgram of the saved program).
// workerd: a fresh `workerd serve` per run, timed from outside from the spawn to the first
// answer of a worker that evaluates on its first request (workerd freezes clocks inside a
// request, so it cannot time itself); a worker without herald gives workerd's own start, to
// subtract.
import { spawn, execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { journeyPrices, journeyRequest, journeySource } from '../tests/cases.mjs';

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(pkgDir, 'dist');
const runs = Number(process.env.RUNS ?? 15);
const work = mkdtempSync(join(tmpdir(), 'herald-cold-'));

const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)];
};

const main = await import(join(dist, 'node.mjs'));
const compiled = main.compile(journeySource, { file: 'cart.herald', prices: journeyPrices });
const saved = compiled.save();
writeFileSync(join(work, 'cart.hbc'), saved);
const requestText = JSON.stringify(journeyRequest);
writeFileSync(join(work, 'request.json'), requestText);
const savedBase64 = Buffer.from(saved).toString('base64');

const nodeScript = (entry, how) => `
import { readFileSync } from 'node:fs';
const source = ${JSON.stringify(journeySource)};
const prices = ${JSON.stringify(journeyPrices)};
const bytes = readFileSync(${JSON.stringify(join(work, 'cart.hbc'))});
const request = readFileSync(${JSON.stringify(join(work, 'request.json'))}, 'utf8');
const t0 = performance.now();
const herald = await import(${JSON.stringify(entry)});
const t1 = performance.now();
const program = ${how === 'compile' ? 'herald.compile(source, { prices })' : 'herald.loadProgram(bytes)'};
const t2 = performance.now();
program.evaluateJson(request);
const t3 = performance.now();
console.log(JSON.stringify({ load: t1 - t0, program: t2 - t1, evaluate: t3 - t2, total: t3 - t0 }));
`;

const results = {};
for (const [name, entry, how] of [
    ['node: main entry, compile', join(dist, 'node.mjs'), 'compile'],
    ['node: runtime entry, loadProgram', join(dist, 'runtime', 'node.mjs'), 'load'],
]) {
    const file = join(work, `${name.replace(/\W+/g, '-')}.mjs`);
    writeFileSync(file, nodeScript(entry, how));
    const samples = [];
    for (let i = 0; i < runs; i++) samples.push(JSON.parse(execFileSync(process.execPath, [file]).toString()));
    results[name] = Object.fromEntries(['load', 'program', 'evaluate', 'total'].map((k) => [k, median(samples.map((s) => s[k]))]));
}

function freePort() {
    return new Promise((resolve) => {
        const server = createServer();
        server.listen(0, '127.0.0.1', () => {
            const { port } = server.address();
            server.close(() => resolve(port));
        });
    });
}

const workers = {
    baseline: { entryDir: null, source: `export default { async fetch() { return new Response('{}'); } };` },
    'main entry, compile': {
        entryDir: dist,
        source: `import * as herald from 'herald-engine';
const source = ${JSON.stringify(journeySource)};
const prices = ${JSON.stringify(journeyPrices)};
let program;
export default { async fetch(request) {
    program ??= herald.compile(source, { prices });
    return new Response(program.evaluateJson(${JSON.stringify(requestText)}));
} };`,
    },
    'runtime entry, loadProgram': {
        entryDir: join(dist, 'runtime'),
        source: `import * as herald from 'herald-engine';
const b = atob('${savedBase64}');
const bytes = new Uint8Array(b.length);
for (let i = 0; i < b.length; i++) bytes[i] = b.charCodeAt(i);
let program;
export default { async fetch(request) {
    program ??= herald.loadProgram(bytes);
    return new Response(program.evaluateJson(${JSON.stringify(requestText)}));
} };`,
    },
};

async function workerdOnce(name, { entryDir, source }) {
    const dir = join(work, `workerd-${name.replace(/\W+/g, '-')}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(join(dir, 'package'), { recursive: true });
    writeFileSync(join(dir, 'worker.js'), source);
    const modules = [{ name: 'worker.js', file: 'worker.js', kind: 'esModule' }];
    if (entryDir !== null) {
        for (const file of readdirSync(entryDir, { withFileTypes: true }).filter((f) => f.isFile()).map((f) => f.name)) {
            copyFileSync(join(entryDir, file), join(dir, 'package', file));
            if (file === 'workerd.js') modules.push({ name: 'herald-engine', file: `package/${file}`, kind: 'esModule' });
            else if (file.endsWith('.wasm')) modules.push({ name: file, file: `package/${file}`, kind: 'wasm' });
            else if (file.endsWith('.js')) modules.push({ name: file, file: `package/${file}`, kind: 'esModule' });
        }
    }
    const port = await freePort();
    writeFileSync(join(dir, 'config.capnp'), `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [
${modules.map(({ name: n, file, kind }) => `    (name = "${n}", ${kind} = embed "${file}"),`).join('\n')}
  ],
  compatibilityDate = "2025-01-01",
);
`);
    const t0 = performance.now();
    const child = spawn(join(pkgDir, 'node_modules', '.bin', 'workerd'), ['serve', join(dir, 'config.capnp')], { stdio: 'ignore' });
    try {
        for (;;) {
            try {
                const response = await fetch(`http://127.0.0.1:${port}/`);
                if (response.ok) {
                    await response.text();
                    return performance.now() - t0;
                }
            } catch {
                await new Promise((r) => setTimeout(r, 2));
            }
            if (performance.now() - t0 > 20_000) throw new Error(`workerd ${name} did not answer`);
        }
    } finally {
        child.kill();
        await new Promise((r) => child.once('exit', r));
    }
}

for (const [name, worker] of Object.entries(workers)) {
    const samples = [];
    for (let i = 0; i < Math.min(runs, 9); i++) samples.push(await workerdOnce(name, worker));
    results[`workerd: ${name}`] = { total: median(samples) };
}
const base = results['workerd: baseline'].total;
for (const [name, r] of Object.entries(results)) {
    if (name.startsWith('workerd: ') && name !== 'workerd: baseline') r.overBaseline = r.total - base;
}
compiled.free();
rmSync(work, { recursive: true, force: true });
console.log(`cold start, median of ${runs} fresh processes (workerd: of ${Math.min(runs, 9)}), ms`);
for (const [name, r] of Object.entries(results)) {
    console.log(`${name.padEnd(36)} ${Object.entries(r).map(([k, v]) => `${k} ${v.toFixed(1)}`).join('  ')}`);
}
