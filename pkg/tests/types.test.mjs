// TypeScript: the typed usage files in tests/types compile (`tsc --noEmit`) against the types of
// the installed tarball, for ES modules and CommonJS under nodenext (no DOM lib, no @types/node:
// the declarations are self-contained) and for a browser project under bundler resolution.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { bin, execFileAsync, installedPackage } from './helpers.mjs';

for (const config of ['tsconfig.node.json', 'tsconfig.esnext.json', 'tsconfig.browser.json']) {
    test(`tsc --noEmit -p ${config}`, { timeout: 120_000 }, async () => {
        const { project } = await installedPackage();
        const dir = join(project, 'types');
        cpSync(new URL('./types', import.meta.url), dir, { recursive: true });
        const result = await execFileAsync(bin('tsc'), ['--noEmit', '-p', join(dir, config)], { cwd: dir })
            .then(() => ({ ok: true, output: '' }))
            .catch((e) => ({ ok: false, output: `${e.stdout}${e.stderr}` }));
        assert.ok(result.ok, result.output);
    });
}
