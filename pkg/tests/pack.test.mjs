// `npm pack`: the tarball holds exactly what the package needs, installs offline into a fresh
// project (the package has no dependencies), and works there through require and import.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileAsync, installedPackage, packageJson, pkgDir } from './helpers.mjs';

test('the tarball contains the built package and nothing else', async () => {
    const { stdout } = await execFileAsync('npm', ['pack', '--dry-run', '--json'], { cwd: pkgDir });
    const [{ files, name, version }] = JSON.parse(stdout);
    assert.equal(name, 'herald-engine');
    assert.equal(version, packageJson.version);
    const paths = files.map((f) => f.path).sort();
    for (const required of ['package.json', 'index.d.ts', 'README.md', 'dist/herald_bg.wasm', 'dist/herald.js',
        'dist/herald_node.cjs', 'dist/index.js', 'dist/workerd.js', 'dist/node.cjs', 'dist/node.mjs',
        'dist/api.js', 'dist/api.cjs', 'dist/errors.js', 'dist/errors.cjs', 'dist/project.js', 'dist/project.cjs', 'dist/ready.js', 'dist/ready.cjs',
        'dist/program.js', 'dist/program.cjs', 'dist/index.d.cts', 'runtime.d.ts', 'dist/runtime/herald_bg.wasm',
        'dist/herald_sim_bg.wasm', 'dist/herald_sim.js', 'dist/herald_sim_node.cjs', 'dist/simulator.js', 'dist/simulator.cjs',
        'simulator.wasm.d.ts', 'simulator.wasm.d.cts',
        'dist/runtime/herald.js', 'dist/runtime/herald_node.cjs', 'dist/runtime/index.js', 'dist/runtime/workerd.js',
        'dist/runtime/node.cjs', 'dist/runtime/node.mjs', 'dist/runtime/api.js', 'dist/runtime/api.cjs',
        'dist/runtime/program.js', 'dist/runtime/index.d.cts']) {
        assert.ok(paths.includes(required), `${required} missing from ${paths.join(', ')}`);
    }
    for (const path of paths) {
        assert.doesNotMatch(path, /^(node_modules|js|scripts|tests|wasm)\//, `${path} should not be packed`);
    }
    // One module shared by the main entry's conditions, the simulator module beside it, one by
    // the runtime entry's (which has no simulator: nothing of it under dist/runtime/).
    assert.deepEqual(paths.filter((p) => p.endsWith('.wasm')), ['dist/herald_bg.wasm', 'dist/herald_sim_bg.wasm', 'dist/runtime/herald_bg.wasm']);
    assert.deepEqual(paths.filter((p) => p.startsWith('dist/runtime/') && /sim/.test(p)), []);
});

test('the installed tarball works through require and import in a fresh project', { timeout: 120_000 }, async () => {
    const { project } = await installedPackage();
    copyFileSync(new URL('./cases.mjs', import.meta.url), join(project, 'cases.mjs'));
    writeFileSync(join(project, 'use.cjs'), `
const herald = require('herald-engine');
import('./cases.mjs').then(({ commonChecks }) => {
    console.log(JSON.stringify(commonChecks(herald, process.argv[2])));
});
`);
    writeFileSync(join(project, 'use.mjs'), `
import * as herald from 'herald-engine';
import { commonChecks } from './cases.mjs';
console.log(JSON.stringify(commonChecks(herald, process.argv[2])));
`);
    for (const script of ['use.cjs', 'use.mjs']) {
        const { stdout, stderr } = await execFileAsync(process.execPath, [script, packageJson.version], { cwd: project });
        assert.deepEqual(JSON.parse(stdout), [], `${script}: ${stdout}`);
        assert.equal(stderr, '', `${script} printed warnings`);
    }
});
