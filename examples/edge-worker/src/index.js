// herald at the edge: the Worker. It speaks Segment's HTTP Tracking API, checks and groups the
// messages by profile, and hands each profile's messages to that profile's Durable Object. It
// also publishes journeys (checked by herald first) and shows profiles.
//
//   POST /v1/identify, /v1/track, /v1/batch   Segment's bodies; Basic auth (write key as user
//                                              name) or `writeKey` in the body → 200 {"success": true}
//   POST /v1/page, /v1/screen, /v1/group, /v1/alias   accepted (200) and ignored
//   PUT  /v1/journeys                          herald source (Bearer ADMIN_TOKEN) → {version, journeys, warnings}
//   GET  /v1/journeys[?version=N]              the published source and its metadata (Bearer)
//   GET  /v1/profiles/ID[?limit=N]             profile, events, state, decision log (Bearer)
//   DELETE /v1/profiles/ID                     forget a profile (Bearer)
//   GET  /                                     health: herald's version, the journeys version
import { check, compile, version as heraldVersion } from 'herald-engine';
import { InputError, MAX_BATCH_BYTES, MAX_MESSAGE_BYTES, messagesOf } from './segment.js';
import { SettingsError, settingsOf } from './settings.js';
import { currentVersion, registryOf, sawVersion } from './program.js';

export { Profile } from './profile.js';
export { Journeys } from './journeys.js';

const MAX_SOURCE_BYTES = 1024 * 1024; // herald's source limit (E0001)
// Profiles of one batch updated at once: enough to overlap the calls, few enough not to flood.
const PROFILES_IN_FLIGHT = 32;
const TRACKING = { identify: 'identify', track: 'track', batch: 'batch', page: 'page', screen: 'screen', group: 'group', alias: 'alias' };
// analytics.js (the browser client) posts to the short forms.
const SHORT = { i: 'identify', t: 'track', b: 'batch', p: 'page', s: 'screen', g: 'group', a: 'alias' };

const CORS = {
    'access-control-allow-origin': '*',
    'access-control-allow-methods': 'POST, OPTIONS',
    'access-control-allow-headers': 'authorization, content-type, content-encoding',
    'access-control-max-age': '86400',
};

// The editor publishes from its own origin with a Bearer token (no cookies): any origin may call.
const CORS_ADMIN = {
    'access-control-allow-origin': '*',
    'access-control-allow-methods': 'GET, PUT, OPTIONS',
    'access-control-allow-headers': 'authorization, content-type, if-match',
    'access-control-expose-headers': 'etag',
    'access-control-max-age': '86400',
};

function json(status, body, headers = {}) {
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

class HttpError extends Error {
    constructor(status, code, message, extra = {}, headers = {}) {
        super(message);
        Object.assign(this, { status, code, extra, headers });
    }
}

// ---- bodies -----------------------------------------------------------------------------------

/** The body as text, at most `limit` bytes (after gunzip when Content-Encoding is gzip). */
async function readText(request, limit, tooLarge) {
    const declared = Number(request.headers.get('content-length'));
    const encoding = (request.headers.get('content-encoding') ?? 'identity').toLowerCase();
    if (encoding === 'identity' && declared > limit) throw tooLarge();
    if (!request.body) return '';
    let stream = request.body;
    if (encoding === 'gzip') stream = stream.pipeThrough(new DecompressionStream('gzip'));
    else if (encoding !== 'identity') throw new HttpError(415, 'unsupported_encoding', `Content-Encoding ${encoding} is not supported (gzip is)`);
    const chunks = [];
    let size = 0;
    const reader = stream.getReader();
    try {
        for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            size += value.byteLength;
            if (size > limit) {
                await reader.cancel();
                throw tooLarge();
            }
            chunks.push(value);
        }
    } catch (e) {
        if (e instanceof HttpError) throw e;
        throw new HttpError(400, 'invalid_body', `the body could not be read: ${e?.message ?? e}`);
    }
    const all = new Uint8Array(size);
    let at = 0;
    for (const chunk of chunks) {
        all.set(chunk, at);
        at += chunk.byteLength;
    }
    try {
        return new TextDecoder('utf-8', { fatal: true }).decode(all);
    } catch {
        throw new HttpError(400, 'invalid_body', 'the body is not UTF-8 text');
    }
}

// ---- auth ---------------------------------------------------------------------------------------

async function sameSecret(given, expected) {
    if (typeof given !== 'string' || typeof expected !== 'string') return false;
    const digest = async (s) => new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(s)));
    const [a, b] = await Promise.all([digest(given), digest(expected)]);
    return crypto.subtle.timingSafeEqual(a, b);
}

/**
 * The user name of a Basic Authorization header (the write key, as Segment's clients send it):
 * undefined without such a header, null when it cannot be decoded.
 */
function basicUser(request) {
    const basic = /^Basic\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '');
    if (!basic) return undefined;
    try {
        const decoded = atob(basic[1]);
        const colon = decoded.indexOf(':');
        return colon >= 0 ? decoded.slice(0, colon) : decoded;
    } catch {
        return null;
    }
}

async function requireWriteKey(given, settings) {
    if (!settings.writeKey) throw new HttpError(503, 'not_configured', 'WRITE_KEY is not set on this worker');
    if (!(await sameSecret(given, settings.writeKey))) {
        throw new HttpError(401, 'unauthorized', 'invalid write key', {}, { 'www-authenticate': 'Basic realm="herald"' });
    }
}

async function requireAdmin(request, settings) {
    if (!settings.adminToken) throw new HttpError(503, 'not_configured', 'ADMIN_TOKEN is not set on this worker');
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '');
    if (!bearer || !(await sameSecret(bearer[1], settings.adminToken))) {
        throw new HttpError(401, 'unauthorized', 'a valid admin token is required (Authorization: Bearer ...)', {}, { 'www-authenticate': 'Bearer realm="herald"' });
    }
}

// ---- journeys -----------------------------------------------------------------------------------

async function sha256(text) {
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
    return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function publishJourneys(request, env, settings) {
    await requireAdmin(request, settings);
    const type = (request.headers.get('content-type') ?? 'text/plain').split(';')[0].trim().toLowerCase();
    const tooLarge = () => new HttpError(413, 'source_too_large', `the journeys source is larger than ${MAX_SOURCE_BYTES} bytes`);
    let source;
    // curl's --data-binary says application/x-www-form-urlencoded unless told otherwise: the body
    // is still the source text, as sent.
    if (['text/plain', 'text/x-herald', 'application/x-herald', 'application/octet-stream', 'application/x-www-form-urlencoded'].includes(type)) {
        source = await readText(request, MAX_SOURCE_BYTES, tooLarge);
    } else if (type === 'application/json') {
        let body;
        try {
            body = JSON.parse(await readText(request, MAX_SOURCE_BYTES + 64 * 1024, tooLarge));
        } catch (e) {
            if (e instanceof HttpError) throw e;
            throw new HttpError(400, 'invalid_json', 'the body is not JSON');
        }
        if (typeof body?.source !== 'string') throw new HttpError(400, 'invalid_request', 'a JSON body needs "source": the herald source text', { path: 'source' });
        source = body.source;
    } else {
        throw new HttpError(415, 'unsupported_media_type', `journeys are herald source sent as text/plain (or {"source": ...} as application/json), not ${type}`);
    }
    let expected;
    const ifMatch = request.headers.get('if-match');
    if (ifMatch !== null) {
        expected = Number(/^(?:W\/)?"?(\d+)"?$/.exec(ifMatch.trim())?.[1]);
        if (!Number.isInteger(expected)) throw new HttpError(400, 'invalid_request', 'If-Match must be a journeys version such as "3"');
    }

    // herald checks the source first: on any error nothing is published.
    const diagnostics = check(source, { file: 'journeys.herald' });
    const errors = diagnostics.filter((d) => d.severity === 'error');
    if (errors.length) {
        throw new HttpError(400, 'invalid_journeys', `the journeys have ${errors.length} error${errors.length === 1 ? '' : 's'}; nothing was published`, { diagnostics });
    }
    let journeys;
    try {
        const program = compile(source, { file: 'journeys.herald' });
        journeys = program.journeyIds();
        program.free();
    } catch (e) {
        throw new HttpError(400, 'invalid_journeys', e.message, { diagnostics: e.diagnostics ?? [] });
    }
    // An empty publish would end every running journey: almost always a mistake (an empty body).
    if (journeys.length === 0) throw new HttpError(400, 'invalid_journeys', 'the source has no journeys; nothing was published', { diagnostics });
    const warnings = diagnostics.filter((d) => d.severity === 'warning');
    const meta = { journeys, warnings, published_at: new Date().toISOString(), sha256: await sha256(source), herald: heraldVersion() };
    const result = await registryOf(env).publish(source, meta, expected);
    if (result.conflict !== undefined) {
        throw new HttpError(412, 'version_conflict', `the current journeys version is ${result.conflict}, not ${expected}`, { version: result.conflict }, { etag: `"${result.conflict}"` });
    }
    sawVersion(result.version);
    return json(200, { version: result.version, journeys: result.journeys, warnings: result.warnings, unchanged: result.unchanged === true }, { etag: `"${result.version}"` });
}

async function getJourneys(request, env, settings, url) {
    await requireAdmin(request, settings);
    const registry = registryOf(env);
    const asked = url.searchParams.get('version');
    let version;
    if (asked === null) version = (await registry.current()).version;
    else {
        version = Number(asked);
        if (!Number.isInteger(version) || version < 1) throw new HttpError(400, 'invalid_request', 'version must be a whole number >= 1');
    }
    const record = version > 0 ? await registry.get(version) : null;
    if (!record) throw new HttpError(404, 'not_found', asked === null ? 'no journeys have been published yet' : `there is no journeys version ${asked}`);
    return json(200, record, { etag: `"${record.version}"` });
}

// ---- tracking -------------------------------------------------------------------------------------

async function track(request, env, settings, type) {
    // A key in the Authorization header is checked before the body is read; else the body's
    // `writeKey` (as Segment allows) once it is parsed.
    const headerKey = basicUser(request);
    if (headerKey !== undefined) await requireWriteKey(headerKey, settings);
    const limit = type === 'batch' ? MAX_BATCH_BYTES : MAX_MESSAGE_BYTES;
    const text = await readText(request, limit, () => new HttpError(400, 'too_large', `the body is larger than ${limit} bytes (Segment's limit for ${type === 'batch' ? 'a batch' : 'one call'})`));
    let body;
    try {
        body = JSON.parse(text);
    } catch {
        throw new HttpError(400, 'invalid_json', 'the body is not JSON');
    }
    if (headerKey === undefined) await requireWriteKey(typeof body?.writeKey === 'string' ? body.writeKey : undefined, settings);
    // Every message is checked, whatever its type; journeys read only identify and track, so
    // page, screen, group and alias are answered like Segment and not stored.
    const receivedAt = Date.now();
    const messages = messagesOf(body, { type, receivedAt, randomId: () => crypto.randomUUID() })
        .filter((m) => m.type === 'identify' || m.type === 'track');

    // One Durable Object per profile, each given its messages in order; profiles in parallel.
    const byProfile = new Map();
    for (const m of messages) {
        if (!byProfile.has(m.profileId)) byProfile.set(m.profileId, []);
        byProfile.get(m.profileId).push(m);
    }
    const version = byProfile.size ? await currentVersion(env, settings) : 0;
    const failures = (await inParallel([...byProfile], PROFILES_IN_FLIGHT, ([id, list]) => env.PROFILES.get(env.PROFILES.idFromName(id)).ingest(id, list, version)))
        .filter((outcome) => outcome.status === 'rejected');
    if (failures.length) {
        // The profiles that did apply their messages have recorded their messageIds: the
        // client's retry of the whole request is applied once everywhere.
        console.error(`ingest failed for ${failures.length} of ${byProfile.size} profiles: ${failures[0].reason?.stack ?? failures[0].reason}`);
        throw new HttpError(500, 'unavailable', 'some profiles could not be updated; retry the request (messages already applied are not applied twice)', {}, CORS);
    }
    return json(200, { success: true }, CORS);
}

/** Runs `work` over `items` with at most `limit` at a time; the outcome of each, in order. */
async function inParallel(items, limit, work) {
    const outcomes = new Array(items.length);
    let next = 0;
    const lane = async () => {
        while (next < items.length) {
            const i = next++;
            try {
                outcomes[i] = { status: 'fulfilled', value: await work(items[i]) };
            } catch (reason) {
                outcomes[i] = { status: 'rejected', reason };
            }
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
    return outcomes;
}

// ---- profiles --------------------------------------------------------------------------------------

async function profile(request, env, settings, id, url) {
    await requireAdmin(request, settings);
    const stub = env.PROFILES.get(env.PROFILES.idFromName(id));
    if (request.method === 'DELETE') {
        if (!(await stub.erase())) throw new HttpError(404, 'not_found', `no profile ${JSON.stringify(id)}`);
        return new Response(null, { status: 204 });
    }
    const limit = Number(url.searchParams.get('limit') ?? 100);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new HttpError(400, 'invalid_request', 'limit must be a whole number from 1 to 1000');
    const snapshot = await stub.snapshot(limit);
    if (!snapshot) throw new HttpError(404, 'not_found', `no profile ${JSON.stringify(id)}`);
    return json(200, snapshot);
}

// ---- routing ----------------------------------------------------------------------------------------

function methodNotAllowed(allowed) {
    return new HttpError(405, 'method_not_allowed', `use ${allowed.join(' or ')}`, {}, { allow: allowed.join(', ') });
}

async function route(request, env) {
    const url = new URL(request.url);
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const settings = settingsOf(env);

    const tracking = /^\/v1\/([a-z]+)$/.exec(path);
    const type = tracking && (TRACKING[tracking[1]] ?? SHORT[tracking[1]]);
    if (type) {
        if (request.method === 'OPTIONS') return new Response(null, { status: 204, headers: CORS });
        if (request.method !== 'POST') throw methodNotAllowed(['POST']);
        return track(request, env, settings, type);
    }
    if (path === '/v1/journeys') {
        if (request.method === 'OPTIONS') return new Response(null, { status: 204, headers: CORS_ADMIN });
        if (request.method === 'PUT' || request.method === 'POST') return publishJourneys(request, env, settings);
        if (request.method === 'GET') return getJourneys(request, env, settings, url);
        throw methodNotAllowed(['GET', 'PUT']);
    }
    const profilePath = /^\/v1\/profiles\/([^/]+)$/.exec(path);
    if (profilePath) {
        if (request.method !== 'GET' && request.method !== 'DELETE') throw methodNotAllowed(['GET', 'DELETE']);
        let id;
        try {
            id = decodeURIComponent(profilePath[1]);
        } catch {
            throw new HttpError(400, 'invalid_request', 'the profile id is not valid percent-encoding');
        }
        return profile(request, env, settings, id, url);
    }
    if (path === '/') {
        if (request.method !== 'GET') throw methodNotAllowed(['GET']);
        return json(200, { service: 'herald-edge-worker', herald: heraldVersion(), journeys_version: await currentVersion(env, settings) });
    }
    throw new HttpError(404, 'not_found', `no route ${request.method} ${path}`);
}

/** The answer to a request, errors included: HttpError and InputError become their statuses. */
async function answer(request, env) {
    const pathname = new URL(request.url).pathname.replace(/\/+$/, '');
    try {
        return await route(request, env);
    } catch (e) {
        if (e instanceof HttpError) {
            const segment = e.status < 500 && /^\/v1\/[a-z]+$/.test(pathname) && pathname !== '/v1/journeys';
            const body = segment
                ? { success: false, code: e.code, message: e.message, ...e.extra } // Segment's shape on its endpoints
                : { error: { code: e.code, message: e.message }, ...e.extra };
            return json(e.status, body, { ...(segment ? CORS : {}), ...e.headers });
        }
        if (e instanceof InputError) {
            return json(400, { success: false, code: 'invalid_message', message: `${e.path}: ${e.message}`, path: e.path }, CORS);
        }
        if (e instanceof SettingsError) return json(500, { error: { code: 'misconfigured', message: e.message } });
        console.error(`unexpected error: ${e?.stack ?? e}`);
        return json(500, { error: { code: 'internal', message: 'internal error; nothing was lost: retry the request' } });
    }
}

export default {
    async fetch(request, env) {
        const response = await answer(request, env);
        if (new URL(request.url).pathname.replace(/\/+$/, '') !== '/v1/journeys') return response;
        // The editor's Publish button calls from another origin.
        const headers = new Headers(response.headers);
        for (const [name, value] of Object.entries(CORS_ADMIN)) headers.set(name, value);
        return new Response(response.body, { status: response.status, headers });
    },
};
