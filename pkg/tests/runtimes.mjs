// Resolution of the package's `exports` for a runtime's conditions, as that runtime (or its
// bundler) would: the tests load the entry a runtime would pick, from the installed tarball.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

function resolveTarget(target, conditions) {
    if (typeof target === 'string') return target;
    for (const [key, value] of Object.entries(target)) {
        if (key === 'default' || conditions.includes(key)) {
            const resolved = resolveTarget(value, conditions);
            if (resolved !== undefined) return resolved;
        }
    }
    return undefined;
}

/** The file (absolute path) a runtime with these conditions loads for `herald-engine`. */
export function entryFor(packageDir, conditions) {
    const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
    const target = resolveTarget(manifest.exports['.'], conditions);
    if (target === undefined) throw new Error(`no export for conditions ${conditions}`);
    return join(packageDir, target);
}
