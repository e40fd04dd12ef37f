// program.replay() and diff() (SPEC §7) answer byte for byte what `herald replay --format json`
// and `herald diff --format json` print, on the sample traffic of `herald sample` (the README's
// walk-through: examples/cart_abandonment.herald, then the same with a two-hour wait).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as herald from 'herald-engine';
import { cliBinary, execFileAsync, repoDir, tempDir } from './helpers.mjs';

async function run(args) {
    const { stdout, stderr } = await execFileAsync(await cliBinary(), args, { maxBuffer: 256 * 1024 * 1024 });
    return { stdout, stderr };
}

const dir = tempDir('simulation');
const oldFile = join(repoDir, 'examples', 'cart_abandonment.herald');
const oldSource = readFileSync(oldFile, 'utf8');
const newSource = oldSource.replace('wait 1 hour', 'wait 2 hours');
const newFile = join(dir, 'cart_2h.herald');
writeFileSync(newFile, newSource);

async function sample() {
    const file = join(dir, 'sample.ndjson');
    const { stdout } = await run(['sample', '--users', '300']);
    writeFileSync(file, stdout);
    return { file, text: stdout };
}

test('program.replay() equals herald replay --format json, and its decisions --decisions', async () => {
    const { file, text } = await sample();
    const { stdout } = await run(['replay', oldFile, file, '--format', 'json']);
    const program = herald.compile(oldSource);
    const summary = program.replay(text);
    assert.equal(`${JSON.stringify(summary)}\n`, stdout);
    assert.ok(summary.journeys['cart-abandonment'].entries > 0);

    const withDecisions = await run(['replay', oldFile, file, '--decisions', '--format', 'json']);
    const replayed = program.replay(text, { decisions: true });
    const lines = replayed.decisions.map((d) => `${JSON.stringify(d)}\n`).join('');
    assert.equal(lines, withDecisions.stdout);
    delete replayed.decisions;
    assert.equal(`${JSON.stringify(replayed)}\n`, withDecisions.stderr);

    // Messages as objects, profiles, until: the same as the CLI with the same inputs.
    const messages = text.trim().split('\n').map((l) => JSON.parse(l));
    const profiles = [{ id: messages[0].userId, first_name: 'Zoe', country: 'US' }];
    const profilesFile = join(dir, 'profiles.ndjson');
    writeFileSync(profilesFile, profiles.map((p) => JSON.stringify(p)).join('\n'));
    const until = '2026-03-20T00:00:00Z';
    const cliOut = await run(['replay', oldFile, file, '--format', 'json', '--profiles', profilesFile, '--until', until]);
    assert.equal(`${JSON.stringify(program.replay(messages, { profiles, until }))}\n`, cliOut.stdout);
    program.free();
});

test('diff() equals herald diff --format json', async () => {
    const { file, text } = await sample();
    const { stdout } = await run(['diff', oldFile, newFile, file, '--format', 'json']);
    const a = herald.compile(oldSource);
    const b = herald.compile(newSource);
    const report = herald.diff(a, b, text);
    assert.equal(`${JSON.stringify(report)}\n`, stdout);
    assert.ok(report.users_differing > 0);
    assert.ok(report.first_differing.length > 0 && report.first_differing.length <= 10);
});

test('replay and diff reject what is not messages or options', () => {
    const p = herald.compile(oldSource);
    assert.throws(() => p.replay(42), TypeError);
    assert.throws(() => p.replay([1]), TypeError);
    assert.throws(() => p.replay('', { decisions: 'yes' }), TypeError);
    assert.throws(() => p.replay('', { until: 'soon' }), (e) => e instanceof herald.RequestError && e.code === 'invalid_options');
    assert.throws(() => herald.diff(p, {}, ''), TypeError);
    const s = p.replay('not json\n{"type":"page","userId":"u"}\n');
    assert.deepEqual([s.errors, s.error_lines, s.skipped, s.profiles], [1, [1], 1, 0]);
});
