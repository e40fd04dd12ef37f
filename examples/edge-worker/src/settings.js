// Settings, read from the Worker's environment (wrangler `--var`, `[vars]` or secrets). Every
// number has a default; a malformed one is a configuration error reported by the first request
// rather than a silently chosen value.

const DEFAULTS = {
    SENDER: 'log',
    TWILIO_API_BASE: 'https://api.twilio.com',
    SENDGRID_API_BASE: 'https://api.sendgrid.com',
    RETRY_BASE_SECONDS: 30,
    RETRY_MAX_ATTEMPTS: 8,
    PROVIDER_TIMEOUT_SECONDS: 10,
    DEDUP_HOURS: 168,
    LOG_LIMIT: 1000,
    JOURNEYS_CACHE_SECONDS: 5,
    EVENTS_LIST_DAYS: 30,
};

const SENDERS = ['log', 'twilio'];

export class SettingsError extends Error {}

function text(env, name) {
    const value = env[name];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function number(env, name, { min, integer = true }) {
    const raw = text(env, name);
    if (raw === undefined) return DEFAULTS[name];
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
        throw new SettingsError(`${name} must be ${integer ? 'a whole number' : 'a number'} >= ${min}, got ${JSON.stringify(raw)}`);
    }
    return value;
}

function baseUrl(env, name) {
    const raw = text(env, name) ?? DEFAULTS[name];
    let url;
    try {
        url = new URL(raw);
    } catch {
        throw new SettingsError(`${name} must be a URL, got ${JSON.stringify(raw)}`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new SettingsError(`${name} must be http(s)`);
    return url.href.replace(/\/+$/, '');
}

const cache = new WeakMap();

/** The settings of an environment (computed once per env object). Throws a SettingsError. */
export function settingsOf(env) {
    const known = cache.get(env);
    if (known) return known;
    const sender = (text(env, 'SENDER') ?? DEFAULTS.SENDER).toLowerCase();
    if (!SENDERS.includes(sender)) throw new SettingsError(`SENDER must be one of ${SENDERS.join(', ')}, got ${JSON.stringify(sender)}`);
    const settings = Object.freeze({
        writeKey: text(env, 'WRITE_KEY'),
        adminToken: text(env, 'ADMIN_TOKEN'),
        sender,
        twilio: Object.freeze({
            accountSid: text(env, 'TWILIO_ACCOUNT_SID'),
            authToken: text(env, 'TWILIO_AUTH_TOKEN'),
            from: text(env, 'TWILIO_FROM'),
            messagingServiceSid: text(env, 'TWILIO_MESSAGING_SERVICE_SID'),
            apiBase: baseUrl(env, 'TWILIO_API_BASE'),
        }),
        sendgrid: Object.freeze({
            apiKey: text(env, 'SENDGRID_API_KEY'),
            from: text(env, 'SENDGRID_FROM'),
            subject: text(env, 'SENDGRID_SUBJECT'),
            apiBase: baseUrl(env, 'SENDGRID_API_BASE'),
        }),
        retryBaseMs: number(env, 'RETRY_BASE_SECONDS', { min: 0.1, integer: false }) * 1000,
        retryMaxAttempts: number(env, 'RETRY_MAX_ATTEMPTS', { min: 1 }),
        providerTimeoutMs: number(env, 'PROVIDER_TIMEOUT_SECONDS', { min: 1 }) * 1000,
        dedupMs: number(env, 'DEDUP_HOURS', { min: 1 }) * 3_600_000,
        logLimit: number(env, 'LOG_LIMIT', { min: 10 }),
        journeysCacheMs: number(env, 'JOURNEYS_CACHE_SECONDS', { min: 0, integer: false }) * 1000,
        eventsListMs: number(env, 'EVENTS_LIST_DAYS', { min: 1 }) * 86_400_000,
    });
    cache.set(env, settings);
    return settings;
}
