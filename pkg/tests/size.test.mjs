// The size of each WebAssembly module, reported like a benchmark and held to a ceiling. Sizes
// are deterministic (same sources, same toolchain, same bytes), so this is an assertion, not a
// timing. The figures are gzip -9 by Node's zlib, as the build prints them (pkg/wasm/sizes.json).
//
// (brotli is left to the build's report: at quality 11 it takes seconds a module.)
//
// Two limits per module (docs/wasm.md, "Size and speed"):
// - the product budget (main ≤ 350 KB, runtime ≤ 150 KB gzipped): reported, with the gap (the
//   simulator module, loaded only by replay, test and diff, has none: its ceiling only);
// - the ceiling in `size-ceilings.json` (`ceiling` for the shipped build-std build, `stableCeiling`
//   for the stable fallback): the measured size plus a little headroom. Exceeding it
//   fails: a change that makes a module bigger says so in docs/wasm.md and raises the ceiling in
//   the same commit (or, better, lowers it when a cut lands). Once a module is within its budget,
//   its ceiling becomes the budget.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { distDir, pkgDir } from './helpers.mjs';

const ceilings = JSON.parse(readFileSync(join(pkgDir, 'size-ceilings.json'), 'utf8'));
// Which toolchain built dist/ (pkg/wasm/sizes.json, written by the build): `build-std` is held to
// `ceiling`, a `stable` build (the fallback when the nightly toolchain's rust-src cannot be
// installed: docs/wasm.md, "The toolchain") to `stableCeiling`.
const { toolchain } = JSON.parse(readFileSync(join(pkgDir, 'wasm', 'sizes.json'), 'utf8'));

const modules = [
    ['main', join(distDir, 'herald_bg.wasm')],
    ['sim', join(distDir, 'herald_sim_bg.wasm')],
    ['runtime', join(distDir, 'runtime', 'herald_bg.wasm')],
];

const kb = (n) => `${(n / 1000).toFixed(1)} KB`;

for (const [name, file] of modules) {
    test(`size: the ${name} module within its ceiling`, () => {
        const wasm = readFileSync(file);
        const gzip = gzipSync(wasm, { level: 9 }).length;
        assert.ok(toolchain === 'build-std' || toolchain === 'stable', `pkg/wasm/sizes.json: toolchain ${toolchain}, expected build-std or stable (rebuild: npm --prefix pkg run build)`);
        const { budget } = ceilings[name];
        const ceiling = toolchain === 'build-std' ? ceilings[name].ceiling : ceilings[name].stableCeiling;
        const gap = gzip - (budget ?? 0);
        console.log(
            `size: ${name} ${wasm.length} B raw, ${gzip} B gzip -9 (${toolchain}); ` +
                (budget === undefined ? 'no budget (loaded on first use)' : `budget ${kb(budget)} (${gap > 0 ? `over by ${kb(gap)}` : `${kb(-gap)} to spare`})`) +
                `, ceiling ${kb(ceiling)}`,
        );
        assert.ok(
            gzip <= ceiling,
            `${name} module is ${gzip} B gzipped, over its ceiling of ${ceiling} B (pkg/size-ceilings.json): ` +
                'find what grew (docs/wasm.md, "Size and speed", says how to measure) or raise the ceiling with the reason in docs/wasm.md',
        );
        assert.ok(budget === undefined || ceiling >= budget || gzip <= budget, 'a ceiling below the budget is the budget');
    });
}

test('size: the runtime module has none of the compiler', () => {
    // The runtime entry's point: no parser, checker, formatter, analysis or simulator exports.
    const exports = WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(join(distDir, 'runtime', 'herald_bg.wasm'))))
        .map((e) => e.name);
    for (const name of ['compile', 'check', 'format', 'diff', 'wasmprogram_analyze', 'wasmprogram_replay', 'wasmprogram_test', 'wasmprogram_save']) {
        assert.ok(!exports.includes(name), `runtime module exports ${name}`);
    }
    assert.ok(exports.includes('loadProgram'), 'runtime module lacks loadProgram');
});

/** The names a module exports (wasm-bindgen's: `compile`, `wasmprogram_replay`, ...). */
function exportsOf(file) {
    return WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(file))).map((e) => e.name);
}

test('size: the main module has none of the simulator; the simulator module has it and no compiler', () => {
    // Branch `lazysim`: replay, test and diff run in the simulator module, loaded on first use.
    const main = exportsOf(join(distDir, 'herald_bg.wasm'));
    for (const name of ['diff', 'wasmprogram_replay', 'wasmprogram_test', 'loadProgram']) {
        assert.ok(!main.includes(name), `main module exports ${name}`);
    }
    for (const name of ['compile', 'check', 'format', 'wasmprogram_save', 'wasmprogram_analyze', 'wasmprogram_evaluateJson']) {
        assert.ok(main.includes(name), `main module lacks ${name}`);
    }
    const sim = exportsOf(join(distDir, 'herald_sim_bg.wasm'));
    for (const name of ['loadProgram', 'diff', 'wasmprogram_replay', 'wasmprogram_test']) {
        assert.ok(sim.includes(name), `simulator module lacks ${name}`);
    }
    for (const name of ['compile', 'check', 'format', 'wasmprogram_save', 'wasmprogram_analyze', 'wasmprogram_evaluateJson', 'smsSegments']) {
        assert.ok(!sim.includes(name), `simulator module exports ${name}`);
    }
    // The main module's own code has no simulator or test runner in it, by the name section of
    // cargo's output as the build copied it (pkg/wasm/full.wasm, sim.wasm), summed by
    // scripts/wasm-size.mjs; the simulator module has both (about 106 KB of code).
    const simCode = (which) => {
        const out = execFileSync(process.execPath, [join(pkgDir, 'scripts', 'wasm-size.mjs'), which, '2', '5', '^herald_engine::(sim|testing)::'])
            .toString();
        const match = out.match(/^code matching .*: (\d+) B in/m);
        assert.ok(match, out);
        return Number(match[1]);
    };
    assert.equal(simCode('full'), 0, 'main module code under herald_engine::sim or ::testing');
    assert.ok(simCode('sim') > 50_000, 'the simulator module has the simulator and the test runner');
});
