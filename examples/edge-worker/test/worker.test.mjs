// The worker in the real runtime (wrangler dev → workerd on 127.0.0.1), fed by Segment's own
// client and by plain HTTP, sending through a local stand-in for Twilio and SendGrid.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Analytics } from '@segment/analytics-node';
import { compile, version } from 'herald-engine';
import { startProviders } from './providers.mjs';
import { sleep, startWorker, until } from './helpers.mjs';

const WRITE_KEY = 'wk_test_4f1c';
const ADMIN_TOKEN = 'admin_test_9d2e';
const TWILIO = { accountSid: `AC${'1234abcd'.repeat(4)}`, authToken: 'twilio-token-x', from: '+15005550006' };
const SENDGRID_KEY = 'SG.test-key';

export const JOURNEYS = `
# The journeys every test below reads; each reacts to its own event.
journey "thanks" {
  when event "Order Placed"
  reentry always
  send sms "Thanks for your order, {{ profile.first_name ?? "friend" }}!"
}

journey "cart" {
  when event "Cart Abandoned"
  reentry always
  wait 3 seconds
  send sms "Hi {{ profile.first_name ?? "there" }}, your cart is waiting: {{ event.url }}"
}

journey "fifty" {
  when event "Page Viewed"
  audience count(event "Page Viewed" within 1 day) >= 49
  send sms "You viewed 50 pages"
}

journey "ping" {
  when event "Ping"
  reentry always
  send sms "pong {{ event.n }}"
}

journey "receipt" {
  when event "Receipt Requested"
  reentry always
  send email "Your receipt\\n\\nTotal: {{ event.total }}"
}
`;

let providers;
let worker;

const auth = { authorization: `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`, 'content-type': 'application/json' };
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

function settings() {
    return {
        WRITE_KEY,
        ADMIN_TOKEN,
        SENDER: 'twilio',
        TWILIO_ACCOUNT_SID: TWILIO.accountSid,
        TWILIO_AUTH_TOKEN: TWILIO.authToken,
        TWILIO_FROM: TWILIO.from,
        TWILIO_API_BASE: providers.url,
        SENDGRID_API_KEY: SENDGRID_KEY,
        SENDGRID_FROM: 'shop@example.com',
        SENDGRID_API_BASE: providers.url,
        RETRY_BASE_SECONDS: '0.5',
    };
}

async function post(path, body, headers = auth) {
    const response = await fetch(`${worker.url}${path}`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
    return { status: response.status, body: await response.json() };
}

async function profile(id) {
    const response = await fetch(`${worker.url}/v1/profiles/${encodeURIComponent(id)}?limit=1000`, { headers: admin });
    return response.status === 404 ? null : response.json();
}

const smsTo = (phone) => providers.state.messages.filter((m) => m.to === phone);
const twilioRequestsTo = (phone) => providers.state.requests.filter((r) => r.url.includes('/Messages.json') && new URLSearchParams(r.body).get('To') === phone);
const sends = (snapshot) => snapshot.log.flatMap((entry) => entry.decisions ?? []).filter((d) => d.action === 'send');

async function identify(userId, traits) {
    const answer = await post('/v1/identify', { userId, traits, messageId: `id-${userId}-${Math.random()}` });
    assert.equal(answer.status, 200);
}

const subscribed = (phone, more = {}) => ({ phone, subscriptions: { sms: 'subscribed' }, ...more });

before(async () => {
    providers = await startProviders({ ...TWILIO, sendgridKey: SENDGRID_KEY });
    worker = await startWorker(settings());
    const published = await fetch(`${worker.url}/v1/journeys`, { method: 'PUT', headers: { ...admin, 'content-type': 'text/plain' }, body: JOURNEYS });
    assert.equal(published.status, 200, await published.clone().text());
    const body = await published.json();
    assert.equal(body.version, 1);
    assert.deepEqual(body.journeys, ['thanks', 'cart', 'fifty', 'ping', 'receipt']);
});

after(async () => {
    await worker?.stop();
    await providers?.close();
});

test('the worker runs herald-engine from this repository (workerd entry, wasm imported as a module)', { timeout: 30_000 }, async () => {
    const health = await (await fetch(`${worker.url}/`)).json();
    assert.equal(health.herald, version());
    assert.equal(health.journeys_version, 1);
    // The bundle wrangler serves took the package's `workerd` entry and its .wasm as a module.
    assert.doesNotMatch(worker.output(), /node\.mjs|WebAssembly\.(compile|instantiate)\(\) is not allowed/i);
});

test("Segment's analytics-node client sends identify and track to the worker", { timeout: 30_000 }, async () => {
    const analytics = new Analytics({ writeKey: WRITE_KEY, host: worker.url, flushAt: 20, flushInterval: 200, maxRetries: 2 });
    const failures = [];
    analytics.on('error', (e) => failures.push(e));
    analytics.identify({ userId: 'ana', traits: subscribed('+14155550101', { first_name: 'Ana', plan: 'pro' }) });
    analytics.track({ userId: 'ana', event: 'Order Placed', properties: { total: 42 } });
    await analytics.closeAndFlush({ timeout: 10_000 });
    assert.deepEqual(failures, []);
    // The client posted its batch to /v1/batch (with Basic auth: a wrong key would be a 401).
    await until(() => worker.output().includes('POST /v1/batch 200'), 5000, 'the batch in the log');

    const message = await until(() => smsTo('+14155550101')[0], 10_000, 'the SMS to Ana');
    assert.equal(message.body, 'Thanks for your order, Ana!');
    assert.equal(message.form.From, TWILIO.from);

    const ana = await profile('ana');
    assert.equal(ana.profile.first_name, 'Ana');
    assert.equal(ana.profile.plan, 'pro');
    assert.deepEqual(ana.stats, { messages: 2, duplicates: 0, rejected: 0 });
    const [send] = sends(ana);
    assert.equal(send.journey, 'thanks');
    assert.equal(send.delivery.status, 'sent');
    assert.equal(send.delivery.provider, 'twilio');
    assert.equal(send.delivery.provider_message_id, message.sid);
});

test('a journey with a 3-second wait sends its SMS when the alarm fires, with its cost in the log', { timeout: 30_000 }, async () => {
    await identify('bo', subscribed('+14155550102', { first_name: 'Bo' }));
    const sentAt = Date.now();
    const answer = await post('/v1/track', { userId: 'bo', event: 'Cart Abandoned', properties: { url: 'https://shop.example/c/7' }, messageId: 'cart-bo-1' });
    assert.deepEqual(answer, { status: 200, body: { success: true } });

    const waiting = await profile('bo');
    assert.equal(waiting.state.journeys.cart.run.waiting, 'wait');
    const wakeAt = Date.parse(waiting.wake_at);
    assert.ok(wakeAt - sentAt >= 2500 && wakeAt - sentAt <= 4000, `wake_at ${waiting.wake_at}`);
    assert.deepEqual(smsTo('+14155550102'), [], 'nothing is sent before the wait is over');

    const message = await until(() => smsTo('+14155550102')[0], 15_000, 'the SMS after the wait');
    assert.ok(message.receivedAt >= wakeAt, 'sent when the alarm fired, not before');
    assert.ok(message.receivedAt - wakeAt < 5000, `sent ${message.receivedAt - wakeAt} ms after wake_at`);
    assert.equal(message.body, 'Hi Bo, your cart is waiting: https://shop.example/c/7');

    const bo = await profile('bo');
    const [send] = sends(bo);
    assert.equal(send.step, '2');
    assert.equal(send.delivery.provider_message_id, message.sid);
    assert.equal(send.delivery.status, 'sent');
    const tick = bo.log.find((entry) => entry.kind === 'tick');
    assert.ok(tick, 'the send came from the alarm tick');
    assert.equal(bo.wake_at, null);

    // The cost is herald's quote for that text to that number: the same program in Node agrees.
    const program = compile(JOURNEYS);
    const profileNow = { id: 'bo', first_name: 'Bo', ...subscribed('+14155550102') };
    const entered = program.evaluate({ now: send.at, profile: profileNow, event: { name: 'Cart Abandoned', properties: { url: 'https://shop.example/c/7' } } });
    const ticked = program.evaluate({ now: new Date(Date.parse(send.at) + 3000).toISOString(), profile: profileNow, state: entered.state });
    const expected = ticked.decisions.find((d) => d.action === 'send').cost;
    program.free();
    assert.deepEqual(send.cost, expected);
    assert.equal(send.cost.unit, 'segment');
    assert.equal(send.cost.units, 1);
    assert.ok(send.cost.micros > 0);
    assert.equal(tick.total_cost.micros, send.cost.micros);
});

test('50 concurrent tracks for one profile all land', { timeout: 30_000 }, async (t) => {
    await identify('cy', subscribed('+14155550103'));
    const { rows_written: written } = (await profile('cy')).storage;
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => post('/v1/track', { userId: 'cy', event: 'Page Viewed', properties: { i }, messageId: `pv-cy-${i}` })));
    assert.deepEqual(answers.map((a) => a.status), Array(50).fill(200));

    const cy = await profile('cy');
    assert.deepEqual(cy.stats, { messages: 51, duplicates: 0, rejected: 0 });
    assert.equal(cy.events.length, 50, 'every event is kept for the 1-day count');
    assert.deepEqual(cy.events.map((e) => e.properties.i).sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i));
    // Only the 50th event saw 49 before it: exactly one entry and one SMS.
    assert.equal(sends(cy).length, 1);
    await until(() => smsTo('+14155550103').length === 1, 10_000, 'the SMS after 50 views');
    assert.equal(smsTo('+14155550103')[0].body, 'You viewed 50 pages');

    // What Cloudflare bills for storage: SQLite rows written per event (docs/deploy.md).
    const middle = (await profile('cy')).storage;
    const counted = middle.rows_written - written;
    for (let i = 0; i < 10; i++) await post('/v1/track', { userId: 'cy', event: 'Unrelated', messageId: `un-cy-${i}` });
    const end = (await profile('cy')).storage;
    const plain = (end.rows_written - middle.rows_written) / 10;
    // Rows read include one look at the profile (GET) between the two counts.
    const read = (end.rows_read - middle.rows_read) / 10;
    t.diagnostic(`rows written: ${counted} for 50 counted events and their one send (${(counted / 50).toFixed(1)} each); ${plain} per event no journey reads, with ${read} rows read (50 counted events kept); database ${end.bytes} bytes`);
    assert.ok(plain <= 4, `${plain} rows written per plain event`);
});

test('a retried messageId is processed once', { timeout: 30_000 }, async () => {
    await identify('di', subscribed('+14155550104'));
    const ping = { userId: 'di', event: 'Ping', properties: { n: 1 }, messageId: 'ping-di-1' };
    assert.equal((await post('/v1/track', ping)).status, 200);
    assert.equal((await post('/v1/track', ping)).status, 200);
    assert.equal((await post('/v1/batch', { batch: [{ type: 'track', ...ping }, { type: 'track', ...ping, messageId: 'ping-di-2', properties: { n: 2 } }] })).status, 200);

    await until(() => smsTo('+14155550104').length === 2, 10_000, 'two SMS');
    await sleep(1000);
    assert.deepEqual(smsTo('+14155550104').map((m) => m.body).sort(), ['pong 1', 'pong 2']);
    const di = await profile('di');
    assert.deepEqual(di.stats, { messages: 3, duplicates: 2, rejected: 0 });
    assert.equal(sends(di).length, 2);
});

test('a bad payload gets 400 (a wrong write key 401) and changes nothing', { timeout: 30_000 }, async () => {
    await identify('ed', subscribed('+14155550105', { first_name: 'Ed' }));
    // The storage counters (rows read so far) change with every look; the rest must not.
    const look = async (id) => {
        const snapshot = await profile(id);
        delete snapshot.storage;
        return snapshot;
    };
    const before = await look('ed');
    const requestsBefore = providers.state.requests.length;
    const ping = { userId: 'ed', event: 'Ping', properties: { n: 1 }, messageId: 'ping-ed-bad' };

    const cases = [
        ['/v1/track', '{"userId": "ed", "event": "Ping",', auth, 400, 'invalid_json'],
        ['/v1/track', JSON.stringify({ userId: 'ed', messageId: 'x1' }), auth, 400, 'invalid_message'],
        ['/v1/track', JSON.stringify({ event: 'Ping', messageId: 'x2' }), auth, 400, 'invalid_message'],
        ['/v1/track', JSON.stringify({ ...ping, properties: 'n=1' }), auth, 400, 'invalid_message'],
        ['/v1/identify', JSON.stringify({ userId: 'ed', traits: ['not', 'an', 'object'] }), auth, 400, 'invalid_message'],
        ['/v1/track', JSON.stringify({ ...ping, timestamp: 'yesterday' }), auth, 400, 'invalid_message'],
        ['/v1/batch', JSON.stringify({ batch: 'no' }), auth, 400, 'invalid_message'],
        // A good message beside a bad one: the whole batch is refused, the good one not applied.
        ['/v1/batch', JSON.stringify({ batch: [{ type: 'track', ...ping }, { type: 'track', userId: 'ed' }] }), auth, 400, 'invalid_message'],
        ['/v1/batch', JSON.stringify({ batch: [{ type: 'track', ...ping }, { type: 'bogus', userId: 'ed' }] }), auth, 400, 'invalid_message'],
        // Segment's limits: 32 KB a message (alone or in a batch), 500 KB a batch.
        ['/v1/track', JSON.stringify({ ...ping, properties: { blob: 'x'.repeat(33 * 1024) } }), auth, 400, 'too_large'],
        ['/v1/batch', JSON.stringify({ batch: [{ type: 'track', ...ping, properties: { blob: 'x'.repeat(33 * 1024) } }] }), auth, 400, 'invalid_message'],
        ['/v1/batch', JSON.stringify({ batch: Array.from({ length: 20 }, (_, i) => ({ type: 'track', ...ping, messageId: `big-${i}`, properties: { blob: 'x'.repeat(30 * 1024) } })) }), auth, 400, 'too_large'],
        // Wrong write keys, in the header or in the body.
        ['/v1/track', JSON.stringify(ping), { ...auth, authorization: `Basic ${Buffer.from('wrong:').toString('base64')}` }, 401, 'unauthorized'],
        ['/v1/track', JSON.stringify({ ...ping, writeKey: 'wrong' }), { 'content-type': 'application/json' }, 401, 'unauthorized'],
        ['/v1/track', JSON.stringify(ping), { 'content-type': 'application/json' }, 401, 'unauthorized'],
        // A wrong key in the header is refused before the body is even read.
        ['/v1/track', '{not json', { ...auth, authorization: `Basic ${Buffer.from('wrong:').toString('base64')}` }, 401, 'unauthorized'],
    ];
    for (const [path, body, headers, status, code] of cases) {
        const answer = await post(path, body, headers);
        assert.equal(answer.status, status, `${path} ${body.slice(0, 80)}: ${JSON.stringify(answer.body)}`);
        assert.equal(answer.body.success, false);
        assert.equal(answer.body.code, code, JSON.stringify(answer.body));
    }
    const invalid = await post('/v1/batch', JSON.stringify({ batch: [{ type: 'track', ...ping }, { type: 'track', userId: 'ed' }] }));
    assert.equal(invalid.body.path, 'batch[1].event');

    await sleep(500);
    assert.deepEqual(await look('ed'), before, 'the profile is unchanged');
    assert.equal(providers.state.requests.length, requestsBefore, 'nothing was sent');
    assert.equal(await profile('ghost'), null);

    // The same message, well-formed and with the right key (in the body, as Segment allows), is
    // then processed: the refusals did not mark its messageId as seen.
    assert.equal((await post('/v1/track', JSON.stringify({ ...ping, writeKey: WRITE_KEY }), { 'content-type': 'application/json' })).status, 200);
    await until(() => smsTo('+14155550105').length === 1, 10_000, 'the SMS of the good message');
});

test('a provider 500 is recorded, retried by the alarm with back-off, and sent once', { timeout: 30_000 }, async () => {
    await identify('flo', subscribed('+14155550106'));
    providers.failNext(2, 500);
    assert.equal((await post('/v1/track', { userId: 'flo', event: 'Ping', properties: { n: 7 }, messageId: 'ping-flo' })).status, 200);

    const message = await until(() => smsTo('+14155550106')[0], 15_000, 'the SMS after two 500s');
    await sleep(1500); // time for a wrong extra retry to show up
    assert.equal(smsTo('+14155550106').length, 1, 'sent once');
    assert.equal(twilioRequestsTo('+14155550106').length, 3, 'two failed attempts, then one that succeeded');

    const [send] = sends(await profile('flo'));
    assert.equal(send.delivery.status, 'sent');
    assert.equal(send.delivery.attempts, 3);
    assert.equal(send.delivery.provider_message_id, message.sid);
    assert.deepEqual(send.delivery.errors.map((e) => e.status), [500, 500]);
    assert.match(send.delivery.errors[0].error, /internal server error/i);
    const [first, second] = twilioRequestsTo('+14155550106').map((r) => providers.state.requests.indexOf(r));
    assert.ok(first < second);
    // Every attempt carries the decision's idempotency_key, so Twilio can refuse a repeat.
    assert.match(send.idempotency_key, /^hk1_[0-9a-f]{32}$/);
    assert.deepEqual(twilioRequestsTo('+14155550106').map((r) => r.headers['i-twilio-idempotency-token']), Array(3).fill(send.idempotency_key));
});

test('SendGrid receives email sends with the Bearer key; the message id is logged', { timeout: 30_000 }, async () => {
    await identify('gus', { email: 'gus@example.com' });
    assert.equal((await post('/v1/track', { userId: 'gus', event: 'Receipt Requested', properties: { total: '$12.50' }, messageId: 'rcpt-gus' })).status, 200);
    const email = await until(() => providers.state.emails.find((e) => e.mail.personalizations[0].to[0].email === 'gus@example.com'), 10_000, 'the email');
    assert.equal(email.mail.subject, 'Your receipt');
    assert.equal(email.mail.content[0].value, 'Total: $12.50');
    assert.equal(email.mail.from.email, 'shop@example.com');
    const [send] = sends(await until(async () => {
        const gus = await profile('gus');
        return sends(gus)[0]?.delivery?.status === 'sent' && gus;
    }, 5000, 'the delivery record'));
    assert.equal(send.delivery.provider, 'sendgrid');
    assert.equal(send.delivery.provider_message_id, email.id);
    assert.equal(send.cost.unit, 'message');
});

test('publishing a broken journey is refused with diagnostics and changes nothing', { timeout: 30_000 }, async () => {
    const put = (body, headers) => fetch(`${worker.url}/v1/journeys`, { method: 'PUT', headers: { ...admin, 'content-type': 'text/plain', ...headers }, body });
    const current = await (await fetch(`${worker.url}/v1/journeys`, { headers: admin })).json();
    assert.equal(current.version, 1);
    assert.equal(current.source, JOURNEYS);

    const broken = 'journey "oops" {\n  when event "Signed Up"\n  send smss "hi"\n}\n';
    const refused = await put(broken);
    assert.equal(refused.status, 400);
    const body = await refused.json();
    assert.equal(body.error.code, 'invalid_journeys');
    const diagnostic = body.diagnostics.find((d) => d.severity === 'error');
    assert.equal(diagnostic.line, 3);
    assert.match(diagnostic.message, /smss/);
    assert.match(diagnostic.help, /sms/);

    assert.equal((await put('')).status, 400, 'an empty source has no journeys');
    assert.equal((await put('<xml/>', { 'content-type': 'application/xml' })).status, 415);
    assert.equal((await put(JOURNEYS, { authorization: 'Bearer wrong' })).status, 401);
    assert.equal((await fetch(`${worker.url}/v1/journeys`)).status, 401);
    assert.equal((await put(JOURNEYS, { 'if-match': '"7"' })).status, 412);
    // The editor publishes from its own origin: the preflight is answered.
    const preflight = await fetch(`${worker.url}/v1/journeys`, { method: 'OPTIONS', headers: { origin: 'http://127.0.0.1:8080', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization, content-type' } });
    assert.equal(preflight.status, 204);
    assert.match(preflight.headers.get('access-control-allow-methods'), /PUT/);
    assert.match(preflight.headers.get('access-control-allow-headers'), /authorization/);
    assert.equal(refused.headers.get('access-control-allow-origin'), '*');

    const after = await (await fetch(`${worker.url}/v1/journeys`, { headers: admin })).json();
    assert.deepEqual(after, current, 'the published journeys are unchanged');
    // And the running version still answers events.
    await identify('hal', subscribed('+14155550107'));
    assert.equal((await post('/v1/track', { userId: 'hal', event: 'Ping', properties: { n: 3 }, messageId: 'ping-hal' })).status, 200);
    await until(() => smsTo('+14155550107').length === 1, 10_000, 'the SMS under version 1');
});

test('a new version reaches new events and waiting runs (a changed step ends with journey_changed); the same source is not a new version', { timeout: 30_000 }, async () => {
    const put = (body, headers = {}) => fetch(`${worker.url}/v1/journeys`, { method: 'PUT', headers: { ...admin, 'content-type': 'text/plain', ...headers }, body });
    const same = await (await put(JOURNEYS)).json();
    assert.equal(same.version, 1);
    assert.equal(same.unchanged, true);

    // A run waits in "cart" under version 1...
    await identify('lee', subscribed('+14155550111'));
    assert.equal((await post('/v1/track', { userId: 'lee', event: 'Cart Abandoned', properties: { url: 'u' }, messageId: 'cart-lee' })).status, 200);
    assert.equal((await profile('lee')).state.journeys.cart.run.step, '1');

    // ...when version 2 changes "ping"'s text and turns cart's step 1 into another kind of wait.
    const edited = JOURNEYS.replace('pong {{ event.n }}', 'pong v2 {{ event.n }}').replace('  wait 3 seconds\n', '  wait until 23:59\n');
    assert.notEqual(edited, JOURNEYS);
    const published = await put(edited, { 'if-match': '"1"' });
    assert.equal(published.status, 200);
    assert.equal((await published.json()).version, 2);
    await identify('ivy', subscribed('+14155550108'));
    assert.equal((await post('/v1/track', { userId: 'ivy', event: 'Ping', properties: { n: 4 }, messageId: 'ping-ivy' })).status, 200);
    const message = await until(() => smsTo('+14155550108')[0], 10_000, 'the SMS under version 2');
    assert.equal(message.body, 'pong v2 4');
    assert.equal((await profile('ivy')).journeys_version, 2);
    const old = await (await fetch(`${worker.url}/v1/journeys?version=1`, { headers: admin })).json();
    assert.equal(old.source, JOURNEYS);

    // The waiting run meets version 2 when its alarm fires: its step changed, so it ends.
    const lee = await until(async () => {
        const snapshot = await profile('lee');
        return snapshot.log.some((entry) => entry.kind === 'tick') && snapshot;
    }, 15_000, "lee's tick");
    const tick = lee.log.find((entry) => entry.kind === 'tick');
    assert.equal(tick.journeys_version, 2);
    assert.deepEqual(tick.decisions.map((d) => [d.journey, d.action, d.reason]), [['cart', 'exit', 'journey_changed']]);
    assert.deepEqual(smsTo('+14155550111'), []);
});

test('a profile can be erased', { timeout: 30_000 }, async () => {
    await identify('kim', subscribed('+14155550110'));
    assert.ok(await profile('kim'));
    const erase = () => fetch(`${worker.url}/v1/profiles/kim`, { method: 'DELETE', headers: admin });
    assert.equal((await erase()).status, 204);
    assert.equal(await profile('kim'), null);
    assert.equal((await erase()).status, 404);
    assert.equal((await fetch(`${worker.url}/v1/profiles/kim`, { method: 'DELETE' })).status, 401);
    // A new message starts a new profile.
    await identify('kim', { first_name: 'Kim' });
    assert.deepEqual((await profile('kim')).profile, { first_name: 'Kim', id: 'kim' });
});

test('a crash between the provider request and its record: never sent twice, never silently dropped', { timeout: 60_000 }, async () => {
    await identify('jo', subscribed('+14155550109'));
    providers.holdNext();
    assert.equal((await post('/v1/track', { userId: 'jo', event: 'Ping', properties: { n: 9 }, messageId: 'ping-jo' })).status, 200);
    await until(() => smsTo('+14155550109').length === 1, 10_000, 'the provider to receive the request');
    // The runtime dies while the provider holds the request: its answer is never recorded.
    await worker.kill();
    worker = await startWorker(settings(), { persistTo: worker.state });

    const jo = await until(async () => {
        const snapshot = await profile('jo');
        return sends(snapshot)[0]?.delivery?.status === 'unknown' && snapshot;
    }, 20_000, 'the interrupted delivery to be settled');
    const [send] = sends(jo);
    assert.match(send.delivery.errors.at(-1).error, /never sent twice/);
    await sleep(1500);
    assert.equal(twilioRequestsTo('+14155550109').length, 1, 'not sent again');
});
