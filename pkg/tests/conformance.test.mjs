// The conformance suite (tests/conformance/*.json at the repository root, shared with the Rust
// tests) run through the npm package, so the package answers exactly as the crate does.
//
// The shape is here; the case format is settled by the suite. Each file holds an array of cases
// (or `{ "cases": [...] }`); `kindOf` names the API a case exercises and `runners` holds one
// function per kind. A case whose kind has no runner yet is reported as skipped, not passed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as herald from 'herald-engine';
import { repoDir } from './helpers.mjs';

const suiteDir = join(repoDir, 'tests', 'conformance');

/** The API a case exercises: an explicit `kind`, else guessed from its fields. */
function kindOf(c) {
    if (typeof c.kind === 'string') return c.kind;
    if ('request' in c || 'requests' in c) return 'evaluate';
    if ('expected_diagnostics' in c || 'diagnostics' in c) return 'check';
    return 'unknown';
}

/** One function per kind; each asserts one case. Extend as the API grows. */
const runners = {
    check(c) {
        const expected = c.expected_diagnostics ?? c.diagnostics;
        const actual = herald.check(c.source, { file: c.file ?? '<input>' });
        // Cases may list codes only, or whole diagnostics: compare what the case gives.
        const project = (d, like) =>
            typeof like === 'string' ? d.code : Object.fromEntries(Object.keys(like).map((k) => [k, d[k]]));
        assert.deepEqual(actual.map((d, i) => project(d, expected[i] ?? expected[0] ?? '')), expected);
    },
};

const files = existsSync(suiteDir) ? readdirSync(suiteDir).filter((f) => f.endsWith('.json')).sort() : [];

if (files.length === 0) {
    test('conformance suite', { skip: `no cases in ${suiteDir} yet` }, () => {});
}

for (const file of files) {
    const doc = JSON.parse(readFileSync(join(suiteDir, file), 'utf8'));
    const cases = Array.isArray(doc) ? doc : doc.cases ?? [];
    cases.forEach((c, index) => {
        const kind = kindOf(c);
        const name = `${file} ${c.name ?? c.id ?? `#${index + 1}`} (${kind})`;
        const runner = runners[kind];
        test(name, runner ? {} : { skip: `no npm runner for kind "${kind}" yet` }, () => runner(c));
    });
}
