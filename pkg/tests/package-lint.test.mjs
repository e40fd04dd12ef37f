// The package as its consumers' tools see it: arethetypeswrong (types resolve the same way as the
// JS for node10, node16 CJS and ESM, and bundlers), publint (package.json and the files it names)
// on the packed tarball, offline; and the CommonJS default export that TypeScript and esbuild
// compile `import init from 'herald-engine'` to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bin, execFileAsync, installedPackage, pkgDir } from './helpers.mjs';

test('arethetypeswrong finds no problem in the tarball', { timeout: 120_000 }, async () => {
    const { tarball } = await installedPackage();
    const result = await execFileAsync(bin('attw'), [tarball, '--format', 'ascii', '--no-color'], { cwd: pkgDir })
        .then(({ stdout }) => ({ ok: true, stdout }))
        .catch((e) => ({ ok: false, stdout: `${e.stdout}${e.stderr}` }));
    assert.ok(result.ok, result.stdout);
    assert.match(result.stdout, /No problems found/);
});

test('publint finds nothing to fix in the installed package, suggestions included', { timeout: 120_000 }, async () => {
    const { project } = await installedPackage();
    const dir = join(project, 'node_modules', 'herald-engine');
    const { stdout, stderr } = await execFileAsync(bin('publint'), ['run', dir, '--level', 'suggestion', '--strict', '--pack', 'false'], { cwd: pkgDir });
    assert.match(`${stdout}${stderr}`, /All good/, `${stdout}${stderr}`);
});

const APP_TS = `declare const console: { log(text: string): void };
import init, { compile, version } from 'herald-engine';
import * as herald from 'herald-engine';
init().then(() => {
    const program = compile('journey "w" {\\n  when event "x"\\n  send email "hi"\\n}\\n');
    console.log(JSON.stringify({ ids: program.journeyIds(), same: herald.version() === version(), init: typeof herald.default }));
    program.free();
});
`;

test('import init from "herald-engine", compiled to CommonJS by tsc and by esbuild, runs', { timeout: 120_000 }, async () => {
    const { project } = await installedPackage();
    const dir = join(project, 'cjs-default');
    await execFileAsync('mkdir', ['-p', dir]);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'commonjs' }));
    writeFileSync(join(dir, 'app.ts'), APP_TS);
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
        compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2022'], types: [], strict: true, outDir: 'out' },
        files: ['app.ts'],
    }));
    await execFileAsync(bin('tsc'), ['-p', join(dir, 'tsconfig.json')], { cwd: dir }).catch((e) => assert.fail(`${e.stdout}${e.stderr}`));
    const expected = JSON.stringify({ ids: ['w'], same: true, init: 'function' });
    const viaTsc = await execFileAsync(process.execPath, [join(dir, 'out', 'app.js')], { cwd: dir });
    assert.equal(viaTsc.stdout.trim(), expected);
    // esbuild's CommonJS interop (also what tsx, Vitest and Jest transforms do).
    const { default: esbuild } = await import(join(pkgDir, 'node_modules', 'esbuild', 'lib', 'main.js'));
    await esbuild.build({ entryPoints: [join(dir, 'app.ts')], format: 'cjs', platform: 'node', bundle: true, external: ['herald-engine'],
        outfile: join(dir, 'esbuild.cjs'), logLevel: 'silent' });
    const viaEsbuild = await execFileAsync(process.execPath, [join(dir, 'esbuild.cjs')], { cwd: dir });
    assert.equal(viaEsbuild.stdout.trim(), expected);
});
