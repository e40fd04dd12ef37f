// Segment's HTTP Tracking API bodies: validation and normalization. A request is checked whole
// before anything is applied, so a bad message in a batch changes nothing (the client gets a 400
// naming it and may resend the rest).

export const MAX_MESSAGE_BYTES = 32 * 1024; // Segment: 32 KB per call and per message of a batch
export const MAX_BATCH_BYTES = 500 * 1024; // Segment: 500 KB per batch request
const MAX_ID_CHARS = 1000;
const MAX_MESSAGE_ID_CHARS = 500;

/** Message types Segment accepts; only identify and track mean something to journeys. */
export const TYPES = new Set(['identify', 'track', 'page', 'screen', 'group', 'alias']);

export class InputError extends Error {
    constructor(message, path) {
        super(message);
        this.path = path;
    }
}

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const bytes = (v) => new TextEncoder().encode(JSON.stringify(v)).length;

function identity(value, path) {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    if (typeof value !== 'string') throw new InputError('must be a string', path);
    if (value.trim() === '') return undefined;
    if (value.length > MAX_ID_CHARS) throw new InputError(`is longer than ${MAX_ID_CHARS} characters`, path);
    return value;
}

function instant(value, path) {
    if (value === undefined || value === null) return undefined;
    const ms = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : NaN;
    if (!Number.isFinite(ms)) throw new InputError('must be an ISO-8601 date and time', path);
    return ms;
}

/**
 * Checks one message and returns it normalized: `{type, profileId, messageId, event?,
 * properties?, traits?, timeMs, timezone?}`. `type` is the endpoint's for single calls.
 * `sentAt` (the message's, else the batch's) corrects the client's clock as Segment does:
 * time = receivedAt − (sentAt − timestamp).
 */
export function normalize(message, { type, path, receivedAt, batchSentAt, randomId }) {
    if (!isObject(message)) throw new InputError('must be a JSON object', path || '(body)');
    const at = (key) => (path ? `${path}.${key}` : key);
    if (bytes(message) > MAX_MESSAGE_BYTES) throw new InputError(`is larger than ${MAX_MESSAGE_BYTES} bytes`, path || '(body)');
    const kind = type ?? message.type;
    if (typeof kind !== 'string' || !TYPES.has(kind)) throw new InputError(`must be one of ${[...TYPES].join(', ')}`, at('type'));
    if (type && message.type !== undefined && message.type !== type) throw new InputError(`must be "${type}" on this endpoint (or absent)`, at('type'));
    const userId = identity(message.userId, at('userId'));
    const anonymousId = identity(message.anonymousId, at('anonymousId'));
    if (kind !== 'alias' && userId === undefined && anonymousId === undefined) throw new InputError('a userId or an anonymousId is required', path || '(body)');
    let messageId = message.messageId;
    if (messageId === undefined || messageId === null) messageId = randomId();
    else if (typeof messageId !== 'string' || messageId === '' || messageId.length > MAX_MESSAGE_ID_CHARS) {
        throw new InputError(`must be a non-empty string of at most ${MAX_MESSAGE_ID_CHARS} characters`, at('messageId'));
    }
    const timestamp = instant(message.timestamp, at('timestamp'));
    const sentAt = instant(message.sentAt, at('sentAt')) ?? batchSentAt;
    if (message.context !== undefined && message.context !== null && !isObject(message.context)) throw new InputError('must be an object', at('context'));
    let timeMs = receivedAt;
    if (timestamp !== undefined) timeMs = sentAt !== undefined ? receivedAt - (sentAt - timestamp) : timestamp;
    const out = { type: kind, profileId: userId ?? anonymousId, messageId, timeMs: Math.min(timeMs, receivedAt) };
    if (kind === 'track') {
        if (typeof message.event !== 'string' || message.event.trim() === '') throw new InputError('a track needs a non-empty event name', at('event'));
        if (message.properties !== undefined && message.properties !== null && !isObject(message.properties)) throw new InputError('must be an object', at('properties'));
        out.event = message.event;
        out.properties = message.properties ?? {};
    } else if (kind === 'identify') {
        if (message.traits !== undefined && message.traits !== null && !isObject(message.traits)) throw new InputError('must be an object', at('traits'));
        const traits = message.traits ?? {};
        // The traits herald reads itself must have its types, or every later evaluation of the
        // profile would be refused (docs/evaluation.md, "Errors and limits").
        for (const key of ['timezone', 'phone', 'email', 'push_token']) {
            if (traits[key] !== undefined && traits[key] !== null && typeof traits[key] !== 'string') throw new InputError('must be a string or null', at(`traits.${key}`));
        }
        if (traits.subscriptions !== undefined && traits.subscriptions !== null && !isObject(traits.subscriptions)) throw new InputError('must be an object (channel → consent) or null', at('traits.subscriptions'));
        out.traits = traits;
        const zone = message.context?.timezone;
        if (typeof zone === 'string' && zone !== '') out.timezone = zone;
    }
    return out;
}

/** The messages of a body: one for a single call, the `batch` array for /v1/batch. */
export function messagesOf(body, { type, receivedAt, randomId }) {
    if (!isObject(body)) throw new InputError('the body must be a JSON object', '(body)');
    if (type !== 'batch') return [normalize(body, { type, path: '', receivedAt, randomId })];
    if (!Array.isArray(body.batch)) throw new InputError('must be an array of messages', 'batch');
    const batchSentAt = instant(body.sentAt, 'sentAt');
    return body.batch.map((message, i) => normalize(message, { path: `batch[${i}]`, receivedAt, batchSentAt, randomId }));
}
