// Sample profile, event and time for the Test panel. An example that ships requests
// (examples/requests/NAME.ndjson) uses its first one; any other journey gets a sample built from
// what it reads: its first trigger's event name and the `event.X` / `profile.X` keys it names.

const BASE_PROFILE = {
    id: 'u_123',
    first_name: 'Ana',
    country: 'US',
    timezone: 'America/New_York',
    phone: '+14155550100',
    email: 'ana@example.com',
    push_token: 'tok_1',
    subscriptions: { sms: 'subscribed', email: 'subscribed' },
    lifetime_value: 420,
};

/** Plausible values for keys journeys commonly read, by name. */
function guess(key) {
    if (/url$/.test(key)) return `https://shop.example/${key.replace(/_?url$/, '') || 'page'}/123`;
    if (/^(code|spoken_code)$/.test(key)) return '493021';
    if (/_id$|^id$/.test(key)) return 'A-1001';
    if (/percent|discount/.test(key)) return 25;
    if (/value|total|amount|price/.test(key)) return 80;
    if (/_at$|date|time/.test(key)) return '2026-01-02T10:00:00Z';
    if (/^(is_|has_)|installed|recently|opt_out/.test(key)) return false;
    if (/name$/.test(key)) return 'Sneakers';
    if (/channel/.test(key)) return 'sms';
    if (/tier|plan/.test(key)) return 'gold';
    return 'example';
}

export function sampleFor(source, shipped) {
    if (shipped) {
        return {
            profile: shipped.profile,
            event: shipped.event ?? null,
            now: shipped.now,
        };
    }
    const trigger = source.match(/\bwhen\s+event\s+"([^"]*)"/);
    const properties = {};
    for (const [, key] of source.matchAll(/\bevent\.([A-Za-z_][A-Za-z0-9_]*)/g)) properties[key] ??= guess(key);
    const profile = structuredClone(BASE_PROFILE);
    for (const [, key] of source.matchAll(/\bprofile\.([A-Za-z_][A-Za-z0-9_]*)/g)) {
        if (!(key in profile) && key !== 'events') profile[key] = guess(key);
    }
    return {
        profile,
        event: { name: trigger ? trigger[1] : 'Signed Up', properties },
        now: '2026-03-09T14:00:00Z',
    };
}
