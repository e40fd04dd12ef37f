// The size of each WebAssembly module, reported like a benchmark and held to a ceiling. Sizes
// are deterministic (same sources, same toolchain, same bytes), so this is an assertion, not a
// timing. The figures are gzip -9 by Node's zlib, as the build prints them (pkg/wasm/sizes.json).
//
// (brotli is left to the build's report: at quality 11 it takes seconds a module.)
//
// Two limits per module (docs/wasm.md, "Size and speed"):
// - the product budget (main ≤ 350 KB, runtime ≤ 150 KB gzipped): reported, with the gap;
// - the ceiling in `size-ceilings.json` (`ceiling` for the shipped build-std build, `stableCeiling`
//   for the stable fallback): the measured size plus a little headroom. Exceeding it
//   fails: a change that makes a module bigger says so in docs/wasm.md and raises the ceiling in
//   the same commit (or, better, lowers it when a cut lands). Once a module is within its budget,
//   its ceiling becomes the budget.
import assert from 'node:assert/strict';
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
        const gap = gzip - budget;
        console.log(
            `size: ${name} ${wasm.length} B raw, ${gzip} B gzip -9 (${toolchain}); ` +
                `budget ${kb(budget)} (${gap > 0 ? `over by ${kb(gap)}` : `${kb(-gap)} to spare`}), ceiling ${kb(ceiling)}`,
        );
        assert.ok(
            gzip <= ceiling,
            `${name} module is ${gzip} B gzipped, over its ceiling of ${ceiling} B (pkg/size-ceilings.json): ` +
                'find what grew (docs/wasm.md, "Size and speed", says how to measure) or raise the ceiling with the reason in docs/wasm.md',
        );
        assert.ok(ceiling >= budget || gzip <= budget, 'a ceiling below the budget is the budget');
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
