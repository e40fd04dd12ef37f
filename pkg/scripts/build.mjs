// Builds herald-engine: cargo (wasm32, feature `wasm`) → wasm-bindgen (web and nodejs glue) →
// wasm-opt -O1 (binaryen from npm) → pkg/dist/; the same for the simulator module (feature
// `wasm-sim`: replay, test and diff, loaded by the main entry on their first use) →
// pkg/dist/herald_sim_bg.wasm with its glues herald_sim.js and herald_sim_node.cjs; and for the
// runtime-only module (feature `wasm-runtime`: evaluation of saved programs) →
// pkg/dist/runtime/, whose JS is the main entry's with runtime.js as its api.js and without the
// simulator's lines (between `<simulator>` markers). Run as `npm --prefix pkg run build`.
//
// pkg/wasm/ holds the intermediate wasm-bindgen output; pkg/dist/ is what the package ships
// (both git-ignored). Both glues load the same `herald_bg.wasm` (wasm-bindgen 0.2.130 emits the
// same module for the web and nodejs targets; the build checks it), so it ships once.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync } from 'node:zlib';

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const root = join(pkgDir, '..');
const jsDir = join(pkgDir, 'js');
const wasmDir = join(pkgDir, 'wasm');
const distDir = join(pkgDir, 'dist');
const bin = (name) => join(pkgDir, 'node_modules', '.bin', name);

// The cargo profile: `wasm-release` (Cargo.toml) is release with the evaluator (crate
// `herald-engine`) at opt-level "s" and the language crate `herald-lang` and every dependency at
// "z": the numbers behind it are in docs/wasm.md ("Size and speed").
const profile = process.env.HERALD_WASM_PROFILE ?? 'wasm-release';
// Extra rustc flags for the wasm build (none by default; set HERALD_WASM_RUSTFLAGS to try some).
const extraRustflags = process.env.HERALD_WASM_RUSTFLAGS ?? '';
// The toolchain (docs/wasm.md, "The toolchain"): `build-std` (the default) builds the standard
// library with the module on the nightly toolchain, at the module's own opt-levels and with
// `-Cpanic=immediate-abort` and `-Zlocation-detail=none`: a panic already traps the instance (wasm32
// aborts, and std's default hook writes nowhere on wasm32-unknown-unknown), so the panic machinery,
// its messages and its file/line records are bytes no one can read. 31 KB gzipped off the main
// module, 28 KB off the runtime module. `stable` is the plain build with the precompiled standard
// library, used when the nightly toolchain or its `rust-src` cannot be installed (the build says
// so, and records it in pkg/wasm/sizes.json; the size check then holds it to the stable ceilings).
const BUILD_STD_FLAGS = '-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none';
// wasm features the module uses (Rust's wasm32 defaults); wasm-opt must not add others
// (never --all-features: Node 20 rejects stringref).
const wasmFeatures = [
    '--enable-bulk-memory',
    '--enable-bulk-memory-opt',
    '--enable-sign-ext',
    '--enable-mutable-globals',
    '--enable-nontrapping-float-to-int',
    '--enable-reference-types',
    '--enable-multivalue',
];

function run(cmd, args, options = {}) {
    console.error(`build: ${cmd} ${args.join(' ')}`);
    execFileSync(cmd, args, { stdio: 'inherit', cwd: root, ...options });
}

function output(cmd, args) {
    try {
        return execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] }).toString();
    } catch {
        return '';
    }
}

function lockedWasmBindgenVersion() {
    const lock = readFileSync(join(root, 'Cargo.lock'), 'utf8');
    const match = lock.match(/name = "wasm-bindgen"\nversion = "([^"]+)"/);
    if (!match) throw new Error('no wasm-bindgen in Cargo.lock');
    return match[1];
}

/** Whether the nightly toolchain with its `rust-src` component (what build-std compiles) is installed. */
function buildStdReady() {
    const components = output('rustup', ['component', 'list', '--toolchain', 'nightly', '--installed']).split('\n');
    return components.some((c) => c.trim() === 'rust-src');
}

/** `build-std` or `stable`: HERALD_WASM_TOOLCHAIN, else build-std when it is installed. */
function chooseToolchain() {
    const asked = process.env.HERALD_WASM_TOOLCHAIN;
    if (asked !== undefined && asked !== 'build-std' && asked !== 'stable') {
        throw new Error(`HERALD_WASM_TOOLCHAIN=${asked}: expected build-std or stable`);
    }
    if (asked === 'stable') return 'stable';
    if (buildStdReady()) return 'build-std';
    if (asked === 'build-std') throw new Error('HERALD_WASM_TOOLCHAIN=build-std, but the nightly toolchain or its rust-src is not installed (scripts/setup-wasm.sh installs them)');
    console.error('build: WARNING: the nightly toolchain or its rust-src component is missing (scripts/setup-wasm.sh could not install them): building with the stable toolchain and its precompiled standard library; the modules are about 30 KB gzipped larger (docs/wasm.md, "The toolchain")');
    return 'stable';
}

function toolsMissing() {
    const missing = [];
    if (!output('rustup', ['target', 'list', '--installed']).split('\n').includes('wasm32-unknown-unknown')) {
        missing.push('rust target wasm32-unknown-unknown');
    }
    const want = lockedWasmBindgenVersion();
    if (output('wasm-bindgen', ['--version']).trim() !== `wasm-bindgen ${want}`) {
        missing.push(`wasm-bindgen ${want}`);
    }
    if (process.env.HERALD_WASM_TOOLCHAIN !== 'stable' && !buildStdReady()) {
        missing.push('the nightly toolchain with rust-src (build-std)');
    }
    for (const tool of ['wasm-opt']) {
        try {
            statSync(bin(tool));
        } catch {
            missing.push(tool);
        }
    }
    return missing;
}

/**
 * One of our ES modules → CommonJS, for Node. The modules keep a shape this can rewrite without
 * a parser: named imports of sibling modules, declarations without `export`, one export list at
 * the end. The raw glue `./herald.js` becomes the nodejs-target glue `./herald_node.cjs`.
 */
function asCommonJs(file, source) {
    let text = source
        .replace(/^import \* as (\w+) from '\.\/herald\.js';$/gm, "const $1 = require('./herald_node.cjs');")
        .replace(/^import \{([^}]*)\} from '\.\/([\w-]+)\.js';$/gm, (_, names, file) => `const {${names.replace(/(\w+) as (\w+)/g, '$1: $2')}} = require('./${file}.cjs');`)
        .replace(/^export \{([^}]*)\};\s*$/m, 'module.exports = {$1};\n');
    if (/^\s*(import|export)\b/m.test(text) || !text.includes('module.exports')) {
        throw new Error(`${file}: an import or export that build.mjs cannot rewrite to CommonJS`);
    }
    return `'use strict';\n${text}`;
}

/** The names api.js exports, for the Node ES module entry. */
function apiExportNames(source) {
    const match = source.match(/^export \{([^}]*)\};\s*$/m);
    return match[1].split(',').map((name) => name.trim()).filter(Boolean);
}

function nodeEsmEntry(names) {
    const all = [...names, 'init', 'initSync'];
    return [
        '// herald-engine for Node.js, ES module entry (generated by scripts/build.mjs): the same',
        '// instance as the CommonJS entry, so `import` and `require` share one module and one set of',
        '// error classes. Loaded by `require` rather than `import api from`: node.cjs is marked',
        '// `__esModule`, for which Bun (like Babel) makes the default import its `default` (init).',
        "import { createRequire } from 'node:module';",
        '',
        "const api = createRequire(import.meta.url)('./node.cjs');",
        '',
        `export const { ${all.join(', ')} } = api;`,
        'export default api.init;',
        '',
    ].join('\n');
}

/**
 * The Node CommonJS entry of an API: node.cjs with its `exports.NAME = api.NAME;` lines made the
 * API's export list (a static list, so that Node's ES module loader sees each name).
 */
function nodeCommonJsEntry(template, names) {
    const lines = template.split('\n');
    const first = lines.findIndex((l) => /^exports\.\w+ = api\.\w+;$/.test(l));
    const kept = lines.filter((l) => !/^exports\.\w+ = api\.\w+;$/.test(l));
    if (first < 0) throw new Error('node.cjs: no `exports.NAME = api.NAME;` lines');
    kept.splice(first, 0, ...names.map((n) => `exports.${n} = api.${n};`));
    return kept.join('\n');
}

/**
 * An entry (index.js, workerd.js, node.cjs) without its lines that load the simulator module
 * (from a line holding `<simulator>` to one holding `</simulator>`): the runtime entry has none.
 */
function withoutSimulator(file, source) {
    const text = source.replace(/^[^\n]*<simulator>[^\n]*\n[\s\S]*?^[^\n]*<\/simulator>[^\n]*\n/gm, '');
    if (!source.includes('<simulator>') || /herald_sim|simulator\.c?js/.test(text)) {
        throw new Error(`${file}: expected its simulator lines between <simulator> markers`);
    }
    return text;
}

/** wasm-bindgen's glue names its own .d.ts; the package ships a hand-written index.d.ts instead. */
function stripSelfTypes(glue) {
    return glue.replace(/^\/\* @ts-self-types="[^"]*" \*\/\n/m, '');
}

function main() {
    const missing = toolsMissing();
    if (missing.length > 0) {
        console.error(`build: missing ${missing.join(', ')}: running scripts/setup-wasm.sh`);
        run('bash', [join(root, 'scripts', 'setup-wasm.sh')], { env: { ...process.env, HERALD_SKIP_CHROMIUM: '1' } });
    }

    const targetDir = process.env.CARGO_TARGET_DIR ?? join(root, 'target');
    const cargoWasm = join(targetDir, 'wasm32-unknown-unknown', profile === 'dev' ? 'debug' : profile, 'herald_engine.wasm');
    rmSync(wasmDir, { recursive: true, force: true });
    rmSync(distDir, { recursive: true, force: true });
    mkdirSync(wasmDir, { recursive: true });
    const toolchain = chooseToolchain();
    const rustflags = [toolchain === 'build-std' ? BUILD_STD_FLAGS : '', extraRustflags].filter(Boolean).join(' ');
    const toolchainArgs = toolchain === 'build-std' ? ['+nightly'] : [];
    const buildStdArgs = toolchain === 'build-std' ? ['-Zbuild-std=std,panic_abort'] : [];
    const sizes = {
        profile,
        toolchain,
        rustc: output('rustc', [...toolchainArgs, '--version']).trim(),
        rustflags,
        mainOptLevel: process.env.HERALD_WASM_MAIN_OPT_LEVEL ?? 'profile',
        runtimeOptLevel: process.env.HERALD_WASM_RUNTIME_OPT_LEVEL ?? 'z',
        simOptLevel: 'profile',
    };
    // The two modules: `wasm` (every export) into dist/, `wasm-runtime` (evaluation of saved
    // programs only) into dist/runtime/. One cargo target, so each is copied away after its build.
    // The runtime module builds the evaluator at opt-level "z" too (HERALD_WASM_RUNTIME_OPT_LEVEL;
    // the profile's package overrides keep every other crate as it is, so only this crate is
    // rebuilt): at the edge its size is the cold start (docs/wasm.md, "Size and speed").
    const runtimeOptLevel = process.env.HERALD_WASM_RUNTIME_OPT_LEVEL ?? 'z';
    // The main module's evaluator: the profile's opt-level (2) unless HERALD_WASM_MAIN_OPT_LEVEL
    // says otherwise ("s" is 52 KB gzipped smaller and 7-27% slower on `evaluateJson`).
    const mainOptLevel = process.env.HERALD_WASM_MAIN_OPT_LEVEL ?? '';
    const profileVar = `CARGO_PROFILE_${profile.toUpperCase().replaceAll('-', '_')}_OPT_LEVEL`;
    // The simulator module (`wasm-sim`) sits beside the main one under names of its own
    // (herald_sim*): its Node glue reads `herald_sim_bg.wasm` beside itself, so a bundle that
    // has both glues beside it finds each module. Built at the profile's opt-levels (the
    // evaluator at 2, as in the main module: a replay runs it once per message).
    const modules = [
        ['full', 'wasm', distDir, 'herald'],
        ['sim', 'wasm-sim', distDir, 'herald_sim'],
        ['runtime', 'wasm-runtime', join(distDir, 'runtime'), 'herald'],
    ];
    for (const [name, feature, outDir, outName] of modules) {
        const env = { ...process.env, CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS: rustflags };
        if (name === 'runtime' && profile !== 'dev') env[profileVar] = runtimeOptLevel;
        if (name === 'full' && profile !== 'dev' && mainOptLevel) env[profileVar] = mainOptLevel;
        run('cargo', [
            ...toolchainArgs, 'build', '-p', 'herald-engine', '--lib', '--profile', profile, '--target', 'wasm32-unknown-unknown',
            '--features', feature, ...buildStdArgs,
        ], { env });
        const built = join(wasmDir, `${name}.wasm`);
        copyFileSync(cargoWasm, built);
        const bindgenDir = join(wasmDir, name);
        for (const target of ['web', 'nodejs']) {
            run('wasm-bindgen', ['--target', target, '--out-name', outName, '--out-dir', join(bindgenDir, target), built]);
        }
        const webWasm = join(bindgenDir, 'web', `${outName}_bg.wasm`);
        if (!readFileSync(webWasm).equals(readFileSync(join(bindgenDir, 'nodejs', `${outName}_bg.wasm`)))) {
            throw new Error('wasm-bindgen emitted different modules for web and nodejs: ship both (see build.mjs)');
        }
        mkdirSync(outDir, { recursive: true });
        // The `producers` and `target_features` custom sections name the toolchain and say nothing
        // a runtime reads: stripped (about 230 bytes gzipped).
        run(bin('wasm-opt'), ['-O1', '--strip-producers', '--strip-target-features', ...wasmFeatures, webWasm, '-o', join(outDir, `${outName}_bg.wasm`)]);
        writeFileSync(join(outDir, `${outName}.js`), stripSelfTypes(readFileSync(join(bindgenDir, 'web', `${outName}.js`), 'utf8')));
        writeFileSync(join(outDir, `${outName}_node.cjs`), stripSelfTypes(readFileSync(join(bindgenDir, 'nodejs', `${outName}.js`), 'utf8')));
        const wasm = readFileSync(join(outDir, `${outName}_bg.wasm`));
        sizes[name] = { raw: wasm.length, gzip: gzipSync(wasm, { level: 9 }).length, brotli: brotliCompressSync(wasm).length };
    }

    // The JS of both entries: the same files, with api.js the main API (dist/) or runtime.js
    // (dist/runtime/), each beside its own module and glue. The main entry also has the
    // simulator's loader (simulator.js); the runtime entry's copies of the entries leave out
    // their lines that load the simulator module.
    const shared = ['errors', 'program', 'project', 'ready'];
    for (const [dir, apiFile, simulator] of [[distDir, 'api.js', true], [join(distDir, 'runtime'), 'runtime.js', false]]) {
        const api = readFileSync(join(jsDir, apiFile), 'utf8');
        writeFileSync(join(dir, 'api.js'), api);
        writeFileSync(join(dir, 'api.cjs'), asCommonJs(apiFile, api));
        for (const name of simulator ? [...shared, 'simulator'] : shared) {
            const source = readFileSync(join(jsDir, `${name}.js`), 'utf8');
            writeFileSync(join(dir, `${name}.js`), source);
            writeFileSync(join(dir, `${name}.cjs`), asCommonJs(`${name}.js`, source));
        }
        const entry = (file) => {
            const source = readFileSync(join(jsDir, file), 'utf8');
            return simulator ? source : withoutSimulator(file, source);
        };
        for (const file of ['index.js', 'workerd.js']) writeFileSync(join(dir, file), entry(file));
        const names = apiExportNames(api);
        writeFileSync(join(dir, 'node.cjs'), nodeCommonJsEntry(entry('node.cjs'), names));
        writeFileSync(join(dir, 'node.mjs'), nodeEsmEntry(names));
    }
    // The language reference and the diagnostic codes travel with the package (its README links them).
    mkdirSync(join(distDir, 'docs'), { recursive: true });
    for (const doc of ['language.md', 'diagnostics.md']) copyFileSync(join(root, 'docs', doc), join(distDir, 'docs', doc));
    // The same declarations, read as CommonJS by TypeScript for `require` (node16/nodenext).
    copyFileSync(join(pkgDir, 'index.d.ts'), join(distDir, 'index.d.cts'));
    const runtimeTypes = readFileSync(join(pkgDir, 'runtime.d.ts'), 'utf8');
    if (!runtimeTypes.includes("from './index.js';")) throw new Error('runtime.d.ts: expected its import from ./index.js');
    writeFileSync(join(distDir, 'runtime', 'index.d.cts'), runtimeTypes.replaceAll("from './index.js';", "from '../index.cjs';"));

    writeFileSync(join(wasmDir, 'sizes.json'), `${JSON.stringify(sizes)}\n`);
    const shipped = { full: 'dist/herald_bg.wasm', sim: 'dist/herald_sim_bg.wasm', runtime: 'dist/runtime/herald_bg.wasm' };
    for (const name of ['full', 'sim', 'runtime']) {
        const { raw, gzip, brotli } = sizes[name];
        console.log(`${shipped[name]}: ${raw} bytes raw, ${gzip} bytes gzipped (gzip -9), ${brotli} bytes brotli, profile ${profile}, toolchain ${toolchain}`);
    }
}

main();
