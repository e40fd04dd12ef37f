// The pure parts of the worker, in Node: the count windows read from journey source, Segment
// message validation and clock-skew correction, the retry back-off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { longestCountWindowMs } from '../src/windows.js';
import { InputError, messagesOf } from '../src/segment.js';

const DAY = 86_400_000;

test('the events window is the longest count or aggregate window, not wait-for windows or text', () => {
    assert.equal(longestCountWindowMs(readFileSync(new URL('../../cart_abandonment.herald', import.meta.url), 'utf8')), DAY);
    assert.equal(longestCountWindowMs('journey "a" { when event "x"\n wait for event "y" within 9 weeks { stop } }'), 0);
    const source = `
segment engaged = count(event "Viewed" where (event.n > 1 and len(event.tags) > 0) within 3 days) > 1
# count(event "Commented" within 99 weeks)
journey "a" {
  when event "x" where sum(event "Paid" within 2 weeks, event.amount) > 100
  send sms "count(event \\"Quoted\\" within 50 weeks) {{ count(event "Inner" within 36 hours) }}"
}`;
    assert.equal(longestCountWindowMs(source), 14 * DAY);
    assert.equal(longestCountWindowMs('segment s = count(event "a" within 30 seconds) > 0'), 30_000);
});

test('Segment messages: normalized, validated whole, clock skew corrected as Segment does', () => {
    const receivedAt = Date.parse('2026-03-08T14:00:10Z');
    const randomId = () => 'generated';
    const [track] = messagesOf({ userId: 42, event: 'Ping', timestamp: '2026-03-08T13:59:00Z', sentAt: '2026-03-08T14:00:00Z' }, { type: 'track', receivedAt, randomId });
    assert.deepEqual(track, { type: 'track', profileId: '42', messageId: 'generated', timeMs: Date.parse('2026-03-08T13:59:10Z'), event: 'Ping', properties: {} });

    const batch = messagesOf({ batch: [{ type: 'identify', anonymousId: 'anon', traits: { a: 1 }, context: { timezone: 'Europe/Berlin' }, messageId: 'm1' }, { type: 'page', userId: 'u' }] }, { type: 'batch', receivedAt, randomId });
    assert.deepEqual(batch[0], { type: 'identify', profileId: 'anon', messageId: 'm1', timeMs: receivedAt, traits: { a: 1 }, timezone: 'Europe/Berlin' });
    assert.equal(batch[1].type, 'page');

    // A timestamp ahead of the clock is clamped to the time of receipt.
    const [future] = messagesOf({ userId: 'u', event: 'e', timestamp: '2030-01-01T00:00:00Z' }, { type: 'track', receivedAt, randomId });
    assert.equal(future.timeMs, receivedAt);

    const refused = (body, type, path) => assert.throws(() => messagesOf(body, { type, receivedAt, randomId }), (e) => e instanceof InputError && e.path === path);
    refused({ event: 'e' }, 'track', '(body)');
    refused({ userId: 'u', event: '' }, 'track', 'event');
    refused({ userId: 'u', event: 'e', type: 'identify' }, 'track', 'type');
    refused({ userId: {}, event: 'e' }, 'track', 'userId');
    refused({ userId: 'u', event: 'e', messageId: 7 }, 'track', 'messageId');
    refused({ batch: [{ type: 'track', userId: 'u', event: 'e' }, { type: 'identify', userId: 'u', traits: 1 }] }, 'batch', 'batch[1].traits');
    refused({ batch: [{ type: 'track', userId: 'u', event: 'e', properties: { x: 'y'.repeat(33 * 1024) } }] }, 'batch', 'batch[0]');
    refused([], 'track', '(body)');
    refused({ userId: 'u', traits: { phone: 14155550100 } }, 'identify', 'traits.phone');
    refused({ userId: 'u', traits: { subscriptions: 'sms' } }, 'identify', 'traits.subscriptions');
});
