// One Durable Object per profile: its traits, its recent past events, herald's state, a decision
// log, the send outbox and the messageIds it has processed. A Durable Object runs one request at
// a time between awaits and every storage call here is synchronous SQLite, so an event is applied
// (read state, evaluate, write state, log, outbox) without anything interleaving: concurrent
// events for one profile are applied one after the other and none is lost.
//
// Sends are written to the outbox in the same transaction as the state that decided them, then
// delivered by the alarm, which also fires herald's ticks at `wake_at` and retries failed
// deliveries with back-off. See docs/deploy.md ("Delivery") for the crash window.
import { DurableObject } from 'cloudflare:workers';
import { RequestError } from 'herald-engine';
import { currentVersion, keepsEvent, programOf, registryOf } from './program.js';
import { deliver } from './senders.js';
import { settingsOf } from './settings.js';

/** Storage layout version; `migrate()` brings older layouts up to it. */
const SCHEMA_VERSION = 1;
const MAX_PROFILE_BYTES = 256 * 1024;
const MAX_PAST_EVENTS = 1000; // herald's MAX_PROFILE_EVENTS
const DELIVERIES_PER_ALARM = 25;
const MAX_RETRY_DELAY_MS = 3_600_000;
const ALARM_RETRY_MS = 60_000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY, name TEXT NOT NULL, time_ms INTEGER NOT NULL, json TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS events_time ON events (time_ms);
CREATE TABLE IF NOT EXISTS seen (message_id TEXT PRIMARY KEY, at_ms INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS seen_at ON seen (at_ms);
CREATE TABLE IF NOT EXISTS log (seq INTEGER PRIMARY KEY, at_ms INTEGER NOT NULL, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS outbox (id TEXT PRIMARY KEY, log_seq INTEGER NOT NULL, status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0, next_ms INTEGER, json TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS outbox_due ON outbox (status, next_ms);
CREATE TABLE IF NOT EXISTS sent_keys (key TEXT PRIMARY KEY, at_ms INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS sent_keys_at ON sent_keys (at_ms);
`;

const iso = (ms) => new Date(ms).toISOString();

export class Profile extends DurableObject {
    constructor(ctx, env) {
        super(ctx, env);
        this.sql = ctx.storage.sql;
        this.ready = false;
        this.delivering = new Set(); // outbox ids whose provider request is in flight right now
        this.rowsRead = 0;
        this.rowsWritten = 0;
    }

    // ---- storage helpers ----------------------------------------------------------------

    /**
     * Runs one SQL statement and returns its rows. Counts the rows SQLite read and wrote (what
     * Cloudflare bills) since this instance started; `snapshot()` shows them (docs/deploy.md).
     */
    exec(query, ...bindings) {
        const cursor = this.sql.exec(query, ...bindings);
        const rows = cursor.toArray();
        this.rowsRead += cursor.rowsRead;
        this.rowsWritten += cursor.rowsWritten;
        return rows;
    }

    one(query, ...bindings) {
        return this.exec(query, ...bindings)[0];
    }

    /** Whether this profile has ever stored anything (reads do not create storage). */
    exists() {
        return this.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'kv'").length > 0
            && this.get('id') !== undefined;
    }

    migrate() {
        if (this.ready) return;
        this.exec(SCHEMA);
        const version = Number(this.get('schema') ?? 0);
        // Future layouts: `if (version < 2) { ALTER TABLE ... }`, each step in order.
        if (version < SCHEMA_VERSION) this.set('schema', SCHEMA_VERSION);
        this.ready = true;
    }

    get(key) {
        const row = this.exec('SELECT value FROM kv WHERE key = ?', key)[0];
        return row ? JSON.parse(row.value) : undefined;
    }

    /** Writes a value unless it is already stored (a row written is the dearest thing here). */
    set(key, value) {
        const text = JSON.stringify(value);
        const row = this.exec('SELECT value FROM kv WHERE key = ?', key)[0];
        if (row?.value === text) return;
        this.exec('INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', key, text);
    }

    bump(key, by) {
        if (by !== 0) this.set(key, (this.get(key) ?? 0) + by);
    }

    // ---- the journeys ---------------------------------------------------------------------

    /**
     * The program to evaluate with: the newest of the version the caller saw and the one this
     * profile last used (a profile never goes back to an older version). null when nothing is
     * published. Awaits the registry only for a version this isolate has not compiled yet, and
     * before any state is read.
     */
    async programAtLeast(version) {
        this.migrate();
        const settings = settingsOf(this.env);
        const wanted = Math.max(version ?? 0, this.get('journeys_version') ?? 0);
        if (wanted === 0) return null;
        const record = await cachedRecord(wanted, () => registryOf(this.env).get(wanted));
        if (!record) throw new Error(`journeys version ${wanted} is not in the registry`);
        return programOf(record, settings);
    }

    // ---- ingest: messages from the Worker --------------------------------------------------

    /**
     * Applies normalized messages (identify/track, in order) to this profile. `version` is the
     * journeys version the Worker saw. Answers `{processed, duplicates, rejected}`.
     */
    async ingest(profileId, messages, version) {
        const entry = await this.programAtLeast(version);
        const settings = settingsOf(this.env);
        const result = { processed: 0, duplicates: 0, rejected: 0 };
        this.ctx.storage.transactionSync(() => {
            const now = Date.now();
            this.set('id', profileId);
            if (entry) this.set('journeys_version', entry.version);
            this.exec('DELETE FROM seen WHERE at_ms < ?', now - settings.dedupMs);
            this.exec('DELETE FROM sent_keys WHERE at_ms < ?', now - settings.dedupMs);
            for (const message of messages) {
                if (this.exec('SELECT 1 FROM seen WHERE message_id = ?', message.messageId).length) {
                    result.duplicates++;
                    continue;
                }
                this.exec('INSERT INTO seen (message_id, at_ms) VALUES (?, ?)', message.messageId, now);
                const ok = message.type === 'identify'
                    ? this.identify(profileId, message, now)
                    : this.track(profileId, message, entry, now, settings);
                result[ok ? 'processed' : 'rejected']++;
            }
            this.bump('stats_duplicates', result.duplicates);
            this.bump('stats_rejected', result.rejected);
            this.pruneLog(settings);
        });
        await this.schedule();
        return result;
    }

    identify(profileId, message, now) {
        const profile = { ...(this.get('profile') ?? {}), ...message.traits, id: profileId };
        // Segment's browser and mobile clients report the device's zone in context.timezone.
        if (profile.timezone == null && message.timezone) profile.timezone = message.timezone;
        const bytes = new TextEncoder().encode(JSON.stringify(profile)).length;
        if (bytes > MAX_PROFILE_BYTES) {
            this.appendLog(now, { kind: 'error', message_id: message.messageId, error: { code: 'profile_too_large', message: `the profile would take ${bytes} bytes (limit ${MAX_PROFILE_BYTES}); the identify was not applied` } });
            return false;
        }
        this.set('profile', profile);
        return true;
    }

    track(profileId, message, entry, now, settings) {
        const event = { name: message.event, time: iso(Math.min(message.timeMs, now)), properties: message.properties };
        if (entry) {
            const ok = this.evaluate(profileId, entry, now, event, { kind: 'track', message_id: message.messageId });
            if (!ok) return false;
            if (keepsEvent(entry, event.name) && Date.parse(event.time) >= now - entry.windowMs) {
                this.exec('INSERT INTO events (name, time_ms, json) VALUES (?, ?, ?)', event.name, Date.parse(event.time), JSON.stringify(event));
            }
            this.pruneEvents(entry, now);
        }
        return true;
    }

    pruneEvents(entry, now) {
        this.exec('DELETE FROM events WHERE time_ms < ?', now - entry.windowMs);
        // The newest MAX_PAST_EVENTS received (seq grows with each insert): a range delete by
        // rowid, which reads only the rows it deletes.
        this.exec('DELETE FROM events WHERE seq <= (SELECT MAX(seq) FROM events) - ?', MAX_PAST_EVENTS);
    }

    pastEvents(entry, now) {
        if (entry.windowMs === 0) return [];
        return this.exec('SELECT json FROM events WHERE time_ms >= ? ORDER BY time_ms, seq', now - entry.windowMs)
            .map((row) => JSON.parse(row.json))
            .filter((event) => keepsEvent(entry, event.name));
    }

    /**
     * One herald evaluation (an event, or a tick when `event` is null), inside the caller's
     * transaction: state, decision log and outbox are written together. false when herald
     * refused the request (logged; the state is unchanged).
     */
    evaluate(profileId, entry, now, event, origin) {
        const request = {
            now: iso(now),
            profile: { ...(this.get('profile') ?? {}), id: profileId, events: this.pastEvents(entry, now) },
            event,
            state: this.get('state') ?? null,
        };
        let response;
        try {
            response = entry.program.evaluate(request);
        } catch (e) {
            if (!(e instanceof RequestError)) throw e; // a bug: the transaction rolls back, the client retries
            this.appendLog(now, { kind: 'error', ...origin, journeys_version: entry.version, error: { code: e.code, message: e.message } });
            return false;
        }
        this.set('state', response.state);
        this.set('wake_at', response.wake_at);
        if (response.decisions.length === 0) return true;
        const seq = this.appendLog(now, {
            kind: origin.kind,
            ...origin,
            event: event ? { name: event.name, time: event.time } : undefined,
            journeys_version: entry.version,
            decisions: response.decisions,
            total_cost: response.total_cost,
        });
        const profile = this.get('profile') ?? {};
        response.decisions.forEach((decision, index) => {
            if (decision.action !== 'send') return;
            // herald's idempotency_key names the send: the same send decided again (a retried
            // request, a re-evaluation) has the same key. One already in the outbox or delivered
            // within the dedup window is refused: recorded as a duplicate, never sent.
            const id = decision.idempotency_key;
            const send = { id, decision, profile: { ...profile, id: profileId }, log_index: index, errors: [] };
            if (this.isDuplicate(id)) {
                send.errors.push({ at: iso(now), status: null, error: `duplicate of send ${id}, already in the outbox or delivered; not sent again` });
                this.exec('INSERT INTO outbox (id, log_seq, status, attempts, next_ms, json) VALUES (?, ?, ?, 0, NULL, ?)', `${id}#duplicate-${seq}-${index}`, seq, 'duplicate', JSON.stringify(send));
                return;
            }
            this.exec('INSERT INTO outbox (id, log_seq, status, attempts, next_ms, json) VALUES (?, ?, ?, 0, ?, ?)', id, seq, 'pending', now, JSON.stringify(send));
        });
        return true;
    }

    /** A send the provider has (or may have) sent: its key refuses duplicates after its outbox
     *  entry is pruned with the log, for the dedup window (DEDUP_HOURS). */
    remember(key) {
        this.exec('INSERT OR IGNORE INTO sent_keys (key, at_ms) VALUES (?, ?)', key, Date.now());
    }

    /** Whether a send with this idempotency key is already in the outbox or was delivered. */
    isDuplicate(key) {
        return this.exec('SELECT 1 FROM outbox WHERE id = ? UNION ALL SELECT 1 FROM sent_keys WHERE key = ?', key, key).length > 0;
    }

    appendLog(now, entry) {
        return this.one('INSERT INTO log (at_ms, json) VALUES (?, ?) RETURNING seq', now, JSON.stringify({ at: iso(now), ...entry })).seq;
    }

    pruneLog(settings) {
        const cut = (this.one('SELECT MAX(seq) AS last FROM log').last ?? 0) - settings.logLimit;
        if (cut <= 0) return;
        this.exec('DELETE FROM log WHERE seq <= ?', cut);
        // Finished deliveries go with their log entry; pending ones stay until delivered.
        this.exec("DELETE FROM outbox WHERE log_seq <= ? AND status NOT IN ('pending', 'sending')", cut);
    }

    // ---- the alarm: ticks and deliveries --------------------------------------------------

    /** Sets the alarm to the earliest of herald's wake_at and the next due delivery. */
    async schedule() {
        const times = [];
        const wake = this.get('wake_at');
        if (wake) times.push(Date.parse(wake));
        const due = this.one("SELECT MIN(next_ms) AS next FROM outbox WHERE status = 'pending'").next;
        if (due !== null) times.push(due);
        // A `sending` entry no request is delivering was interrupted by a crash: the alarm
        // settles it (as `unknown`) at once.
        const stranded = this.exec("SELECT id FROM outbox WHERE status = 'sending'").some((row) => !this.delivering.has(row.id));
        if (stranded) times.push(Date.now());
        if (times.length === 0) {
            await this.ctx.storage.deleteAlarm();
            return;
        }
        const next = Math.min(...times);
        if ((await this.ctx.storage.getAlarm()) !== next) await this.ctx.storage.setAlarm(next);
    }

    async alarm() {
        this.migrate();
        try {
            const entry = await this.programAtLeast(await currentVersion(this.env, settingsOf(this.env)));
            const profileId = this.get('id');
            this.ctx.storage.transactionSync(() => {
                const now = Date.now();
                const wake = this.get('wake_at');
                if (entry && profileId !== undefined && wake && Date.parse(wake) <= now) {
                    this.set('journeys_version', entry.version);
                    // A tick herald refuses (logged) is tried again in a minute, not at once.
                    if (!this.evaluate(profileId, entry, now, null, { kind: 'tick' })) this.set('wake_at', iso(now + ALARM_RETRY_MS));
                }
                this.pruneLog(settingsOf(this.env));
            });
            await this.deliverDue();
        } catch (e) {
            // Never lose the alarm: try again in a minute (the error is in the Worker's logs).
            console.error(`profile alarm failed: ${e?.stack ?? e}`);
            await this.ctx.storage.setAlarm(Date.now() + ALARM_RETRY_MS);
            return;
        }
        await this.schedule();
    }

    /**
     * Delivers the outbox entries that are due, one at a time. Before a provider request the
     * entry is marked `sending` (the output gate holds the request until that write is durable);
     * after the answer it is marked `sent`, retried later, or `failed`. An entry found `sending`
     * that no request of this instance is delivering was interrupted between the provider request
     * and the record of its answer: the provider may have sent it, so it becomes `unknown` and is
     * never sent again.
     */
    async deliverDue() {
        const settings = settingsOf(this.env);
        for (const row of this.exec("SELECT id, json FROM outbox WHERE status = 'sending'")) {
            if (this.delivering.has(row.id)) continue;
            const send = JSON.parse(row.json);
            send.errors.push({ at: iso(Date.now()), status: null, error: 'interrupted between the provider request and the record of its answer; not retried, so that it is never sent twice' });
            this.exec("UPDATE outbox SET status = 'unknown', next_ms = NULL, json = ? WHERE id = ?", JSON.stringify(send), row.id);
            this.remember(row.id);
        }
        const due = this.exec("SELECT id, attempts, json FROM outbox WHERE status = 'pending' AND next_ms <= ? ORDER BY next_ms LIMIT ?", Date.now(), DELIVERIES_PER_ALARM);
        for (const row of due) {
            const send = JSON.parse(row.json);
            const attempts = row.attempts + 1;
            send.last_attempt_at = iso(Date.now());
            this.exec("UPDATE outbox SET status = 'sending', attempts = ?, json = ? WHERE id = ?", attempts, JSON.stringify(send), row.id);
            this.delivering.add(row.id);
            // Should this instance die during the request, this alarm settles the entry.
            await this.ctx.storage.setAlarm(Date.now() + settings.retryBaseMs);
            let result;
            try {
                await this.ctx.storage.sync?.(); // the `sending` mark is durable before the request leaves
                result = await deliver(send, settings);
            } finally {
                this.delivering.delete(row.id);
            }
            const now = Date.now();
            send.provider = result.provider;
            if (result.outcome === 'sent') {
                send.provider_message_id = result.providerMessageId;
                send.provider_response = result.response;
                send.sent_at = iso(now);
                this.exec("UPDATE outbox SET status = 'sent', next_ms = NULL, json = ? WHERE id = ?", JSON.stringify(send), row.id);
                this.remember(row.id);
            } else if (result.outcome === 'unknown') {
                send.errors.push({ at: iso(now), status: null, error: `${result.error}; not retried, so that it is never sent twice` });
                this.exec("UPDATE outbox SET status = 'unknown', next_ms = NULL, json = ? WHERE id = ?", JSON.stringify(send), row.id);
                this.remember(row.id);
            } else {
                send.errors.push({ at: iso(now), status: result.status, error: result.error });
                if (attempts >= settings.retryMaxAttempts) {
                    this.exec("UPDATE outbox SET status = 'failed', next_ms = NULL, json = ? WHERE id = ?", JSON.stringify(send), row.id);
                } else {
                    const next = now + backoff(settings.retryBaseMs, attempts);
                    send.next_attempt_at = iso(next);
                    this.exec("UPDATE outbox SET status = 'pending', next_ms = ?, json = ? WHERE id = ?", next, JSON.stringify(send), row.id);
                }
            }
        }
    }

    // ---- reading and erasing ----------------------------------------------------------------

    /** The profile as `GET /v1/profiles/ID` shows it, or null when it has never been seen. */
    snapshot(limit) {
        if (!this.exists()) return null;
        const deliveries = new Map();
        for (const row of this.exec('SELECT id, log_seq, status, attempts, json FROM outbox')) {
            const send = JSON.parse(row.json);
            deliveries.set(`${row.log_seq}:${send.log_index}`, {
                id: row.id,
                status: row.status,
                provider: send.provider ?? null,
                provider_message_id: send.provider_message_id ?? null,
                provider_response: send.provider_response ?? null,
                attempts: row.attempts,
                sent_at: send.sent_at ?? null,
                next_attempt_at: row.status === 'pending' ? (send.next_attempt_at ?? null) : null,
                errors: send.errors,
            });
        }
        const log = this.exec('SELECT seq, json FROM log ORDER BY seq DESC LIMIT ?', limit).reverse().map((row) => {
            const entry = { seq: row.seq, ...JSON.parse(row.json) };
            entry.decisions = entry.decisions?.map((decision, index) => decision.action === 'send'
                ? { ...decision, delivery: deliveries.get(`${row.seq}:${index}`) ?? null }
                : decision);
            return entry;
        });
        return {
            id: this.get('id'),
            profile: this.get('profile') ?? { id: this.get('id') },
            events: this.exec('SELECT json FROM events ORDER BY time_ms, seq').map((row) => JSON.parse(row.json)),
            state: this.get('state') ?? null,
            wake_at: this.get('wake_at') ?? null,
            journeys_version: this.get('journeys_version') ?? 0,
            storage: { rows_read: this.rowsRead, rows_written: this.rowsWritten, bytes: this.sql.databaseSize },
            stats: {
                // Messages processed within the de-duplication window (a counter would cost a row
                // written per event; the seen table already holds them).
                messages: this.one('SELECT COUNT(*) AS n FROM seen').n,
                duplicates: this.get('stats_duplicates') ?? 0,
                rejected: this.get('stats_rejected') ?? 0,
            },
            log,
        };
    }

    /** Forgets the profile entirely (right to erasure). Pending sends are dropped with it. */
    async erase() {
        if (!this.exists()) return false;
        await this.ctx.storage.deleteAlarm();
        await this.ctx.storage.deleteAll();
        this.ready = false;
        return true;
    }
}

/** Exponential back-off with ±20% jitter, so a provider outage does not end in one burst. */
export function backoff(baseMs, attempts) {
    const delay = Math.min(baseMs * 2 ** (attempts - 1), MAX_RETRY_DELAY_MS);
    return Math.round(delay * (0.8 + 0.4 * Math.random()));
}

// Published versions never change: their records are cached per isolate.
const records = new Map();
async function cachedRecord(version, load) {
    if (!records.has(version)) {
        const record = await load();
        if (!record) return null;
        records.set(version, { version: record.version, source: record.source });
        if (records.size > 3) records.delete(Math.min(...records.keys()));
    }
    return records.get(version);
}
