// Unit tests of the editor's language pieces, in Node: the Lezer grammar on every example and on
// syntax newer than it, the string codec of the inspector, and the reasons in words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parser } from '../src/generated/parser.js';
import { decodeString, encodeString } from '../src/lang/strings.js';
import { REASONS, docsFor, reasonInWords } from '../src/lang/words.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

function errorsOf(source) {
    const errors = [];
    parser.parse(source).iterate({ enter(node) { if (node.type.isError) errors.push(source.slice(node.from, node.from + 20)); } });
    return errors;
}

function nodes(source, name) {
    const found = [];
    parser.parse(source).iterate({ enter(node) { if (node.name === name) found.push(source.slice(node.from, node.to)); } });
    return found;
}

test('the grammar reads every example without an error node', () => {
    const files = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.herald'));
    assert.ok(files.length >= 5);
    for (const file of files) {
        assert.deepEqual(errorsOf(readFileSync(join(root, 'examples', file), 'utf8')), [], file);
    }
});

test('the grammar knows newer words: transactional, reentry restart, trigger, holdout', () => {
    const source = `journey "otp" {
  when event "OTP Requested"
  transactional
  reentry restart
  holdout 10%
  exit when event "Cancelled" where event.id == trigger.id
  send sms "Code {{ trigger.code }}" fallback voice "x"
}`;
    assert.deepEqual(errorsOf(source), []);
    const keywords = nodes(source, 'Keyword');
    for (const word of ['transactional', 'reentry', 'restart', 'holdout', 'exit', 'when', 'fallback']) assert.ok(keywords.includes(word), word);
    assert.deepEqual(nodes(source, 'Channel'), ['sms', 'voice']);
    assert.ok(nodes(source, 'Variable').includes('trigger'));
    assert.deepEqual(nodes(source, 'Percentage'), ['10%']);
});

test('strings, interpolation and nested blocks: `{ stop }}` closes two blocks', () => {
    const source = 'journey "a" { when event "x"\n if lower(profile.a) == "x" { send sms "hi {{ profile.n ?? "t" }} \\" ok" } else if x { stop }}';
    assert.deepEqual(errorsOf(source), []);
    assert.equal(nodes(source, 'Interpolation').length, 1);
    assert.deepEqual(nodes(source, 'Escape'), ['\\"']);
    assert.equal(nodes(source, 'ElseIf').length, 1);
});

test('a statement the grammar does not know yet still parses around it', () => {
    const source = 'journey "a" {\n  when event "x"\n  digest for 1 hour\n  send email template "t"\n}';
    assert.deepEqual(errorsOf(source), []);
    assert.equal(nodes(source, 'SendStep').length, 1);
});

test('the inspector writes back what it read', () => {
    for (const text of ['Hi {{ profile.first_name ?? "there" }}, "quoted"\nnew line', 'Save 10% \\o/ and C:\\path', 'Tab\there', 'Literal \\{{ braces']) {
        assert.equal(decodeString(encodeString(text)), text, text);
    }
    assert.equal(encodeString('Say "hi" to {{ profile.x ?? "you" }}'), '"Say \\"hi\\" to {{ profile.x ?? "you" }}"');
    assert.equal(decodeString('"a\\nb \\u{1F600}"'), 'a\nb \\u{1F600}');
});

test('every reason the package and the SPEC name has words', () => {
    const types = readFileSync(join(root, 'pkg', 'index.d.ts'), 'utf8');
    const union = types.match(/export type Reason =([^;]+);/)[1];
    const reasons = [...union.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]);
    const spec = ['invalid_address', 'restarted', 'too_long', 'journey_changed', 'expired', 'holdout', 'unsubscribed_topic', 'exit_condition'];
    for (const reason of new Set([...reasons, ...spec])) {
        assert.ok(REASONS[reason], `no words for the reason ${reason}: add it to REASONS in www/src/lang/words.js`);
        assert.doesNotMatch(reasonInWords({ reason, channel: 'sms' }), /_/);
    }
    assert.equal(reasonInWords({ reason: 'no_address', channel: 'push' }), 'the profile has no push token');
    assert.equal(reasonInWords({ reason: 'some_new_reason' }), 'some new reason');
});

test('hover docs come from docs/language.md', () => {
    assert.match(docsFor('budget').meaning, /cost ceiling/);
    assert.match(docsFor('count').forms[0], /^count\(event/);
    assert.match(docsFor('sms').meaning, /segment/);
    assert.equal(docsFor('no_such_word'), null);
});

test('the grammar reads test blocks and files of tests (docs/testing.md)', () => {
    const files = readdirSync(join(root, 'examples', 'tests')).filter((f) => f.endsWith('.herald'));
    assert.ok(files.length >= 6);
    for (const file of files) {
        const source = readFileSync(join(root, 'examples', 'tests', file), 'utf8');
        assert.deepEqual(errorsOf(source), [], file);
        assert.ok(nodes(source, 'Test').length >= 3, `${file}: \`tests for\` and the tests`);
    }
    const source = `test "sms" {
  at "2026-03-01T10:00:00Z"
  profile { id "u1" subscriptions { sms "subscribed" } }
  event "Signed Up" { plan "pro" }
  after 1 hour
  expect send sms content contains "Hi" cost $0.0125
  expect no decisions
  expect not waiting
}`;
    assert.deepEqual(errorsOf(source), []);
    const keywords = nodes(source, 'Keyword');
    for (const word of ['test', 'at', 'event', 'after', 'expect', 'content', 'cost', 'no', 'decisions', 'waiting']) assert.ok(keywords.includes(word), word);
    assert.deepEqual(nodes(source, 'Channel'), ['sms', 'sms']);
    assert.deepEqual(nodes(source, 'Money'), ['$0.0125']);
    assert.ok(docsFor('expect'));
    assert.ok(docsFor('test'));
});
