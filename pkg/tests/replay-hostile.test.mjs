// program.replay() and diff() on hostile traffic (docs/reliability.md, "Limits"): a 5 MB line,
// 100,000-deep JSON, a lone surrogate, a message without a user, 1e400 (which stops its user), instants in year 9999, 0001
// and 1969 and past 9999, messages out of order, NaN and 1e400: no trap, every bad line
// counted, the replay goes on, and the answer is what `herald replay --format json` prints for
// the same text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as herald from 'herald-engine';
import { cliBinary, execFileAsync, repoDir, tempDir } from './helpers.mjs';

const cartFile = join(repoDir, 'examples', 'cart_abandonment.herald');
const track = (user, event, time, extra = '') =>
    `{"type":"track","userId":"${user}","event":"${event}"${extra},"timestamp":"${time}"}`;
const t = '2026-03-08T10:00:00Z';

function hostileText() {
    return [
        track('g1', 'Cart Abandoned', t),
        track('huge', 'Cart Abandoned', t, `,"properties":{"s":"${'x'.repeat(5 << 20)}"}`),
        track('\ud800', 'Cart Abandoned', t),
        '['.repeat(100_000),
        '{"a":'.repeat(100_000),
        `{"type":"track","event":"Cart Abandoned","timestamp":"${t}"}`,
        track('y9999', 'Cart Abandoned', '9999-12-31T23:59:59Z'),
        track('y1969', 'Cart Abandoned', '1969-07-20T20:17:00Z'),
        track('y0001', 'Cart Abandoned', '0001-01-01T00:00:00Z'),
        track('g1', 'Order Completed', '2026-03-08T09:00:00Z'),
        track('nan', 'Cart Abandoned', t, ',"properties":{"value":NaN}'),
        track('big', 'Cart Abandoned', t, ',"properties":{"value":1e400}'),
        track('far', 'Cart Abandoned', '+10000-01-01T00:00:00Z'),
        track('g2', 'Cart Abandoned', t),
        '\r',
        track('g3', 'Cart Abandoned', t),
    ].join('\n');
}

test('program.replay() and diff() answer hostile traffic as the CLI does, without a trap', async () => {
    const text = hostileText();
    const file = join(tempDir('replay-hostile'), 'hostile.ndjson');
    writeFileSync(file, text);
    const program = herald.compile(readFileSync(cartFile, 'utf8'));
    const summary = program.replay(text);
    assert.equal(summary.errors, 6, JSON.stringify(summary.error_lines));
    assert.deepEqual(summary.error_lines, [2, 4, 5, 6, 11, 13]);
    assert.equal(summary.stopped_users[0].code, "invalid_message");
    // The lone surrogate arrives as U+FFFD: a user named "\ufffd", as the CLI reads the file.
    assert.equal(summary.messages, 9);
    const { stdout } = await execFileAsync(await cliBinary(), ['replay', cartFile, file, '--format', 'json'], {
        maxBuffer: 64 * 1024 * 1024,
    });
    assert.equal(`${JSON.stringify(summary)}\n`, stdout);
    const report = herald.diff(program, program, text);
    assert.equal(report.users_differing, 0);
    // The instance still answers.
    assert.equal(program.replay(track('ok', 'Cart Abandoned', t)).profiles, 1);
    program.free();
});
