// Requests for the bench and the memory test, generated from a fixed seed: about 6 KB each, a
// profile of 20 traits and 50 past events, the trigger event of the typical journey, no state.
import { readFileSync } from 'node:fs';

/** The typical journey of docs/performance.md. */
export const TYPICAL = readFileSync(new URL('../../tests/fixtures/typical.herald', import.meta.url), 'utf8');

/** mulberry32: a small, fast PRNG with a 32-bit seed. */
function random(seed) {
    let s = seed >>> 0;
    return () => {
        s = (s + 0x6d2b79f5) >>> 0;
        let t = s;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

const NOW = Date.parse('2026-03-08T14:00:00Z');
const EVENT_NAMES = ['Product Viewed', 'Page Viewed', 'Page Viewed', 'Added to Cart', 'Search Performed', 'Email Opened'];
const CATEGORIES = ['shoes', 'shirts', 'bags', 'hats', 'socks', 'jackets'];
const CITIES = ['Boston', 'Toronto', 'Austin', 'Denver', 'Seattle', 'Montreal', 'Chicago'];
const NAMES = ['Ana', 'Ben', 'Chloé', 'Dev', 'Eun-ji', 'Farid', 'Grace', 'Hiro'];

/** `count` requests of about 6 KB each, the same for the same seed. */
export function generateRequests(count, seed = 1) {
    const rnd = random(seed);
    const pick = (list) => list[Math.floor(rnd() * list.length)];
    const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
    const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');
    const out = [];
    for (let n = 0; n < count; n++) {
        const events = [];
        for (let e = 0; e < 50; e++) {
            const name = pick(EVENT_NAMES);
            events.push({
                name,
                time: iso(NOW - int(60, 3 * 86_400) * 1000),
                properties: {
                    sku: `SKU-${int(10000, 99999)}`,
                    price: int(5, 300) + int(0, 99) / 100,
                    category: pick(CATEGORIES),
                },
            });
        }
        events.sort((a, b) => (a.time < b.time ? 1 : -1));
        const profile = {
            id: `u_${seed}_${n}`,
            first_name: pick(NAMES),
            email: `user${n}@example.com`,
            phone: `+1415555${String(int(0, 9999)).padStart(4, '0')}`,
            push_token: `tok_${int(100000, 999999)}`,
            timezone: pick(['America/New_York', 'America/Chicago', 'America/Los_Angeles', 'America/Toronto']),
            country: pick(['US', 'US', 'US', 'CA', 'GB']),
            age: int(16, 80),
            plan: pick(['free', 'pro', 'pro', 'enterprise']),
            lifetime_value: int(0, 5000),
            subscriptions: { sms: pick(['subscribed', 'subscribed', 'unsubscribed']), email: 'subscribed' },
            city: pick(CITIES),
            language: pick(['en', 'fr', 'es']),
            signup_date: iso(NOW - int(30, 900) * 86_400_000).slice(0, 10),
            last_seen: iso(NOW - int(0, 86_400) * 1000),
            loyalty_points: int(0, 20000),
            favorite_category: pick(CATEGORIES),
            newsletter: rnd() < 0.5,
            device: pick(['ios', 'android', 'web']),
            referral_code: `REF${int(100000, 999999)}`,
            events,
        };
        out.push({
            now: iso(NOW),
            profile,
            event: {
                name: 'Cart Abandoned',
                time: iso(NOW - int(0, 120) * 1000),
                properties: { value: int(10, 400), url: `https://shop.example.com/cart/${int(1000, 9999)}` },
            },
            state: null,
        });
    }
    return out;
}
