// program.test() (docs/testing.md) answers what `herald test --format json` gives per file, on
// the tests of every example, and reports a failure with expected, actual and its line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as herald from 'herald-engine';
import { cliBinary, execFileAsync, repoDir } from './helpers.mjs';

const examples = join(repoDir, 'examples');

test('program.test(tests) equals herald test --format json for every example', async () => {
    const files = readdirSync(join(examples, 'tests')).filter((f) => f.endsWith('.herald')).sort();
    assert.ok(files.length >= 6);
    for (const f of files) {
        const testsFile = join(examples, 'tests', f);
        const program = herald.compile(readFileSync(join(examples, f), 'utf8'));
        const report = program.test(readFileSync(testsFile, 'utf8'));
        const { stdout } = await execFileAsync(await cliBinary(), ['test', '--format', 'json', testsFile]);
        const { file, ...cli } = JSON.parse(stdout).files[0];
        assert.equal(file, testsFile);
        assert.deepEqual(report, cli, f);
        assert.equal(report.failed, 0, f);
        assert.ok(report.passed >= 2, f);
        program.free();
    }
});

test('program.test() runs the tests beside the journeys and reports a failure', () => {
    const source = `journey "welcome" {
  when event "Signed Up"
  wait 1 hour
  send sms "Welcome!"
}

test "an sms an hour later" {
  at "2026-03-02T15:00:00Z"
  profile { phone "+14155550100" subscriptions { sms "subscribed" } }
  event "Signed Up"
  after 1 hour
  expect send sms content "Welcome!" cost $0.0125
}

test "the wrong channel" {
  at "2026-03-02T15:00:00Z"
  profile { phone "+14155550100" subscriptions { sms "subscribed" } }
  event "Signed Up"
  after 1 hour
  expect send email
}
`;
    const program = herald.compile(source);
    const report = program.test();
    assert.equal(report.passed, 1);
    assert.equal(report.failed, 1);
    assert.deepEqual(report.tests.map((t) => [t.name, t.passed]), [
        ['an sms an hour later', true],
        ['the wrong channel', false],
    ]);
    const f = report.tests[1].failure;
    assert.equal(f.expected, 'send email');
    assert.match(f.actual, /^send sms journey "welcome" to "\+14155550100" content "Welcome!" cost \$0\.0125/);
    assert.equal(f.line, 20);
    assert.equal(source.split('\n')[f.line - 1].trim(), 'expect send email');
    // Evaluation ignores the tests.
    assert.deepEqual(program.journeyIds(), ['welcome']);
    assert.throws(() => program.test(42), TypeError);
    assert.throws(() => program.test('test "x" {'), (e) => e instanceof herald.HeraldError);
    program.free();
});
