//! Sample traffic to replay (`herald sample`): a month of Segment identify/track messages of an
//! online shop, from a fixed seed, so the same command gives the same file on every machine.
//!
//! Each user signs up (an identify with traits and `Signed Up`), then has a few sessions:
//! `App Opened` (app users), `Product Viewed`s, sometimes `Product Added` and `Cart Viewed`,
//! `Checkout Started` and `Order Completed` (then an identify with the new `lifetime_value`).
//! A cart left without an order gets `Cart Abandoned` from the shop's backend 30 to 60 minutes
//! later, as stores send it. Web sessions also send `page` calls, which a replay skips. Event
//! names and properties follow Segment's e-commerce spec. The file is in time order, as an
//! export is.

use crate::eval::Timestamp;
use serde_json::{json, Value};
use std::io::{self, Write};

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SampleOptions {
    pub users: u32,
    pub days: u32,
    pub seed: u64,
    /// The first instant (ms).
    pub start: i64,
}

impl Default for SampleOptions {
    fn default() -> Self {
        SampleOptions { users: 1000, days: 30, seed: 1, start: 1_772_323_200_000 }
        // 2026-03-01
    }
}

/// SplitMix64: tiny, fast, and the same sequence everywhere (a library RNG may change its
/// algorithm between versions, which would change the sample).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, n).
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items.get(self.below(items.len() as u64) as usize).copied().unwrap_or_default()
    }
}

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;

struct Country {
    code: &'static str,
    share: u64,
    zones: &'static [&'static str],
    phone: &'static str,
}

const COUNTRIES: [Country; 5] = [
    Country {
        code: "US",
        share: 60,
        zones: &["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"],
        phone: "+1415555",
    },
    Country {
        code: "CA",
        share: 15,
        zones: &["America/Toronto", "America/Vancouver"],
        phone: "+1416555",
    },
    Country { code: "GB", share: 10, zones: &["Europe/London"], phone: "+447700900" },
    Country { code: "DE", share: 8, zones: &["Europe/Berlin"], phone: "+4915100" },
    Country { code: "FR", share: 7, zones: &["Europe/Paris"], phone: "+3361234" },
];

const FIRST_NAMES: [&str; 12] = [
    "Ana", "Ben", "Chloé", "Dmitri", "Emma", "Farid", "Grace", "Hiro", "Inés", "Jon", "Kofi",
    "Lena",
];
const CATEGORIES: [&str; 5] = ["shoes", "jackets", "bags", "shirts", "hats"];
const BRANDS: [&str; 4] = ["Northwind", "Acme", "Globex", "Initech"];

struct Out {
    /// (time, sequence, line)
    lines: Vec<(i64, u64, String)>,
    seq: u64,
}

impl Out {
    fn push(&mut self, time: i64, mut message: Value) {
        if let Value::Object(m) = &mut message {
            m.insert("timestamp".into(), Value::String(Timestamp(time).to_string()));
            m.insert("messageId".into(), Value::String(format!("msg-{:08x}", self.seq)));
            m.insert(
                "context".into(),
                json!({"library": {"name": "analytics-node", "version": "3.0.0"}}),
            );
        }
        self.lines.push((time, self.seq, message.to_string()));
        self.seq += 1;
    }
    fn track(&mut self, user: &str, time: i64, event: &str, properties: Value) {
        self.push(
            time,
            json!({"type": "track", "userId": user, "event": event, "properties": properties}),
        );
    }
}

fn user(rng: &mut Rng, index: u32, o: &SampleOptions, out: &mut Out) {
    let id = format!("u_{index:05}");
    let span = i64::from(o.days) * DAY;
    let mut pick = rng.below(100);
    let country = COUNTRIES
        .iter()
        .find(|c| {
            if pick < c.share {
                true
            } else {
                pick -= c.share;
                false
            }
        })
        .unwrap_or(&COUNTRIES[0]);
    let app_user = rng.chance(55);
    let mut traits = serde_json::Map::new();
    traits.insert("first_name".into(), json!(rng.pick(&FIRST_NAMES)));
    traits.insert("country".into(), json!(country.code));
    traits.insert("age".into(), json!(16 + rng.below(60)));
    traits.insert("plan".into(), json!(rng.pick(&["free", "free", "pro", "enterprise"])));
    traits.insert("timezone".into(), json!(rng.pick(country.zones)));
    if rng.chance(95) {
        traits.insert("email".into(), json!(format!("{id}@example.com")));
    }
    let mut subs = serde_json::Map::new();
    if rng.chance(70) {
        traits.insert("phone".into(), json!(format!("{}{:04}", country.phone, rng.below(10_000))));
        let sms = if rng.chance(60) { "subscribed" } else { "unsubscribed" };
        subs.insert("sms".into(), json!(sms));
    }
    if rng.chance(10) {
        subs.insert("email".into(), json!("unsubscribed"));
    }
    traits.insert("subscriptions".into(), Value::Object(subs));
    if app_user {
        traits.insert("push_token".into(), json!(format!("tok_{index:05}")));
    }
    let mut lifetime_value: u64 = if rng.chance(20) { 200 + rng.below(2000) } else { 0 };
    traits.insert("lifetime_value".into(), json!(lifetime_value));
    // Sign-up in the first two thirds of the period.
    let mut t = o.start + rng.below((span * 2 / 3).max(1) as u64) as i64;
    out.push(t, json!({"type": "identify", "userId": id, "traits": traits}));
    out.track(
        &id,
        t + 1000,
        "Signed Up",
        json!({"method": rng.pick(&["email", "google", "apple"])}),
    );
    let end = o.start + span;
    // Sessions: a few, some users many more.
    let sessions = 1 + rng.below(6) + if rng.chance(15) { rng.below(25) } else { 0 };
    let mut cart = 0u64;
    for s in 0..sessions {
        t += HOUR + rng.below((3 * DAY) as u64) as i64;
        if t >= end {
            break;
        }
        if app_user {
            out.track(&id, t, "App Opened", json!({"from_background": rng.chance(50)}));
        } else {
            out.push(
                t,
                json!({"type": "page", "userId": id, "name": "Home", "properties": {"path": "/"}}),
            );
        }
        let mut added = Vec::new();
        for v in 0..1 + rng.below(8) {
            t += MINUTE + rng.below((4 * MINUTE) as u64) as i64;
            let sku = format!("SKU-{:04}", rng.below(500));
            let price = 10 + rng.below(190);
            let category = rng.pick(&CATEGORIES);
            out.track(
                &id,
                t,
                "Product Viewed",
                json!({"product_id": sku, "sku": sku, "category": category, "name": format!("{category} #{v}"),
                       "brand": rng.pick(&BRANDS), "price": price, "currency": "USD",
                       "url": format!("https://shop.example/p/{sku}")}),
            );
            if rng.chance(25) {
                t += MINUTE;
                cart += 1;
                let quantity = 1 + rng.below(2);
                out.track(
                    &id,
                    t,
                    "Product Added",
                    json!({"cart_id": format!("cart_{index}_{cart}"), "product_id": sku, "sku": sku,
                           "price": price, "quantity": quantity}),
                );
                added.push(price * quantity);
            }
        }
        if added.is_empty() {
            continue;
        }
        let value: u64 = added.iter().sum();
        let cart_id = format!("cart_{index}_{cart}");
        t += MINUTE;
        out.track(&id, t, "Cart Viewed", json!({"cart_id": cart_id, "value": value}));
        let order_id = format!("ord_{index}_{s}");
        let ordered = if rng.chance(45) {
            t += 2 * MINUTE;
            out.track(
                &id,
                t,
                "Checkout Started",
                json!({"order_id": order_id, "value": value, "currency": "USD"}),
            );
            rng.chance(70)
        } else {
            false
        };
        if ordered {
            t += 3 * MINUTE;
            out.track(
                &id,
                t,
                "Order Completed",
                json!({"order_id": order_id, "total": value, "revenue": value, "currency": "USD",
                       "products": added.len()}),
            );
            lifetime_value += value;
            out.push(t + 1000, json!({"type": "identify", "userId": id, "traits": {"lifetime_value": lifetime_value}}));
        } else {
            let at = t + 30 * MINUTE + rng.below((30 * MINUTE) as u64) as i64;
            out.track(
                &id,
                at,
                "Cart Abandoned",
                json!({"cart_id": cart_id, "value": value, "currency": "USD",
                       "url": format!("https://shop.example/cart/{cart_id}")}),
            );
            // Some come back and buy later (a few hours to two days).
            if rng.chance(30) {
                t = at + HOUR + rng.below((2 * DAY) as u64) as i64;
                if t < end {
                    out.track(
                        &id,
                        t,
                        "Checkout Started",
                        json!({"order_id": order_id, "value": value, "currency": "USD"}),
                    );
                    t += 3 * MINUTE;
                    out.track(
                        &id,
                        t,
                        "Order Completed",
                        json!({"order_id": order_id, "total": value, "revenue": value, "currency": "USD",
                               "products": added.len()}),
                    );
                }
            } else {
                t = at;
            }
        }
    }
}

/// Write the sample, one message a line, in time order. Returns the number of lines.
pub fn write_sample(o: &SampleOptions, w: &mut dyn Write) -> io::Result<u64> {
    let mut rng = Rng(o.seed);
    let mut out = Out { lines: Vec::new(), seq: 0 };
    for i in 0..o.users {
        user(&mut rng, i, o, &mut out);
    }
    herald_lang::sort::sort_by_key(&mut out.lines, |(t, s, _)| (*t, *s));
    for (_, _, l) in &out.lines {
        w.write_all(l.as_bytes())?;
        w.write_all(b"\n")?;
    }
    Ok(out.lines.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_is_reproducible_in_time_order_and_replayable() {
        let o = SampleOptions { users: 50, ..SampleOptions::default() };
        let (mut a, mut b) = (Vec::new(), Vec::new());
        let n = write_sample(&o, &mut a).unwrap();
        write_sample(&o, &mut b).unwrap();
        assert_eq!(a, b);
        let text = String::from_utf8(a).unwrap();
        assert_eq!(text.lines().count() as u64, n);
        let mut last = i64::MIN;
        for l in text.lines() {
            let v: Value = serde_json::from_str(l).unwrap();
            let t = Timestamp::parse(v["timestamp"].as_str().unwrap()).unwrap().0;
            assert!(t >= last);
            last = t;
        }
        for name in
            ["Signed Up", "Product Viewed", "Product Added", "Cart Viewed", "Cart Abandoned"]
        {
            assert!(text.contains(&format!("\"event\":\"{name}\"")), "{name}");
        }
        let other = write_sample(&SampleOptions { seed: 2, ..o }, &mut Vec::new()).unwrap();
        assert_ne!(other, 0);
    }
}
