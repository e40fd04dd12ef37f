//! The response as JSON text, written by hand: the same bytes `serde_json::to_string(&response)`
//! writes (tests compare them on every conformance response and on generated ones), in a
//! fraction of the time. serde's serializer spends a call per key, comma and string; here the
//! keys are constant text, timestamps and enum names are written without escape checks, and
//! strings are checked eight bytes at a time. Responses with an explain trace, and the values of
//! event properties, are still written by serde_json.

use super::request::{Event, Timestamp};
use super::response::{Action, Decision, Response};
use super::state::{JourneyState, RunState, SendRecord, State, Waiting};
use herald_lang::cost::{Amount, AmountText, Quote};

/// The response's JSON text, or `None` when serde must write it (an explain trace).
pub(super) fn response(r: &Response) -> Option<String> {
    if r.trace.is_some() {
        return None;
    }
    let mut w = Writer { out: Vec::with_capacity(1024) };
    w.raw("{\"decisions\":[");
    for (i, d) in r.decisions.iter().enumerate() {
        if i > 0 {
            w.raw(",");
        }
        w.decision(d)?;
    }
    w.raw("],\"state\":");
    w.state(&r.state)?;
    w.raw(",\"wake_at\":");
    w.opt_time(r.wake_at);
    w.raw(",\"total_cost\":");
    w.amount(&r.total_cost);
    w.raw("}");
    String::from_utf8(w.out).ok()
}

struct Writer {
    out: Vec<u8>,
}

impl Writer {
    #[inline(always)]
    fn raw(&mut self, text: &str) {
        self.out.extend_from_slice(text.as_bytes());
    }

    /// A string as serde_json escapes it: `"` and `\` with a backslash, \b \f \n \r \t, other
    /// control characters as \u00XX (lowercase hex); nothing else.
    fn string(&mut self, s: &str) {
        /// The lowercase hex digit of a nibble (the low four bits of `n`), as serde_json writes them.
        fn hex_digit(n: u8) -> u8 {
            match n & 0xf {
                d @ 0..=9 => b'0' + d,
                d => b'a' + (d - 10),
            }
        }
        let bytes = s.as_bytes();
        self.out.push(b'"');
        let mut start = 0;
        loop {
            let at = super::read::special_byte(bytes, start);
            self.out.extend_from_slice(bytes.get(start..at).unwrap_or_default());
            let Some(&b) = bytes.get(at) else { break };
            match b {
                b'"' => self.out.extend_from_slice(b"\\\""),
                b'\\' => self.out.extend_from_slice(b"\\\\"),
                0x08 => self.out.extend_from_slice(b"\\b"),
                0x0c => self.out.extend_from_slice(b"\\f"),
                b'\n' => self.out.extend_from_slice(b"\\n"),
                b'\r' => self.out.extend_from_slice(b"\\r"),
                b'\t' => self.out.extend_from_slice(b"\\t"),
                _ => {
                    let (hi, lo) = (hex_digit(b >> 4), hex_digit(b));
                    self.out.extend_from_slice(&[b'\\', b'u', b'0', b'0', hi, lo]);
                }
            }
            start = at + 1;
        }
        self.out.push(b'"');
    }

    fn opt_string(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.string(s),
            None => self.raw("null"),
        }
    }

    /// Text known to need no escaping (enum names, codes): between quotes as it is.
    fn plain(&mut self, s: &str) {
        self.out.push(b'"');
        self.raw(s);
        self.out.push(b'"');
    }

    fn int(&mut self, n: i64) {
        let mut digits = [0u8; 20];
        let mut i = digits.len();
        let mut v = n.unsigned_abs();
        loop {
            i -= 1;
            if let Some(d) = digits.get_mut(i) {
                *d = b'0' + (v % 10) as u8;
            }
            v /= 10;
            if v == 0 {
                break;
            }
        }
        if n < 0 {
            self.out.push(b'-');
        }
        self.out.extend_from_slice(digits.get(i..).unwrap_or_default());
    }

    fn time(&mut self, t: Timestamp) {
        self.plain(super::time::InstantText::new(t.0).as_str());
    }

    fn opt_time(&mut self, t: Option<Timestamp>) {
        match t {
            Some(t) => self.time(t),
            None => self.raw("null"),
        }
    }

    fn amount(&mut self, a: &Amount) {
        self.raw("{\"amount\":");
        self.string(&a.amount);
        self.raw(",\"micros\":");
        self.int(a.micros);
        self.raw(",\"currency\":");
        self.string(&a.currency);
        self.raw("}");
    }

    fn quote(&mut self, q: &Quote) {
        self.raw("{\"amount\":");
        self.plain(AmountText::new(q.micros).as_str());
        self.raw(",\"micros\":");
        self.int(q.micros);
        self.raw(",\"currency\":");
        self.string(q.currency.as_str());
        self.raw(",\"units\":");
        self.int(i64::from(q.units));
        self.raw(",\"unit\":");
        self.plain(q.unit.name());
        if let Some(e) = q.encoding {
            self.raw(",\"encoding\":");
            self.plain(e.name());
        }
        if !q.price_known {
            self.raw(",\"price_known\":false");
        }
        if q.priced_from_default && q.price_known {
            self.raw(",\"country_source\":\"default\"");
        }
        if let Some(m) = q.margin_micros {
            self.raw(",\"margin\":{\"amount\":");
            self.plain(AmountText::new(m).as_str());
            self.raw(",\"micros\":");
            self.int(m);
            self.raw("}");
        }
        self.raw("}");
    }

    /// As `Decision`'s `Serialize`; `None` (the update's value not written) gives the response
    /// to serde's writer, which reports what fails.
    fn decision(&mut self, d: &Decision) -> Option<()> {
        self.raw("{\"journey\":");
        self.string(&d.journey);
        self.raw(",\"step\":");
        self.opt_string(d.step.as_deref());
        self.raw(",\"action\":");
        self.plain(d.action.name());
        if let Action::Update = d.action {
            self.raw(",\"key\":");
            self.opt_string(d.update.as_ref().map(|(k, _)| &**k));
            self.raw(",\"value\":");
            let value = d.update.as_ref().map(|(_, v)| v);
            serde_json::to_writer(&mut self.out, value.unwrap_or(&serde_json::Value::Null)).ok()?;
            if let Some(k) = &d.run_key {
                self.raw(",\"run_key\":");
                self.string(k);
            }
        } else if let Some(k) = &d.run_key {
            self.raw(",\"key\":");
            self.string(k);
        }
        let channel = |w: &mut Writer| {
            w.raw(",\"channel\":");
            match d.channel {
                Some(c) => w.plain(c.name()),
                None => w.raw("null"),
            }
        };
        let reason = |w: &mut Writer| {
            w.raw(",\"reason\":");
            match d.reason {
                Some(r) => w.plain(r.name()),
                None => w.raw("null"),
            }
        };
        match d.action {
            Action::Update => {}
            Action::Enter => {
                if d.holdout {
                    self.raw(",\"holdout\":true");
                }
            }
            Action::Exit => reason(self),
            Action::Send => {
                channel(self);
                self.raw(",\"to\":");
                self.opt_string(d.to.as_deref());
                self.raw(",\"content\":");
                self.opt_string(d.content.as_deref());
                self.raw(",\"template\":");
                self.opt_string(d.template.as_deref());
                self.raw(",\"country\":");
                self.opt_string(d.country.as_deref());
                self.raw(",\"cost\":");
                match &d.cost {
                    Some(q) => self.quote(q),
                    None => self.raw("null"),
                }
                if let Some((id, locale)) = &d.message {
                    self.raw(",\"message\":");
                    self.string(id);
                    self.raw(",\"locale\":");
                    self.string(locale);
                }
                self.raw(",\"idempotency_key\":");
                self.opt_string(d.idempotency_key.as_deref());
            }
            Action::Suppress => {
                channel(self);
                reason(self);
            }
            Action::Defer => {
                channel(self);
                reason(self);
                self.raw(",\"until\":");
                self.opt_time(d.until);
            }
        }
        self.raw(",\"at\":");
        self.time(d.at);
        self.raw("}");
        Some(())
    }

    fn state(&mut self, s: &State) -> Option<()> {
        self.raw("{\"version\":");
        self.int(i64::from(s.version));
        self.raw(",\"journeys\":{");
        for (i, (id, js)) in s.journeys.iter().enumerate() {
            if i > 0 {
                self.raw(",");
            }
            self.string(id);
            self.raw(":");
            self.journey_state(js)?;
        }
        self.raw("},\"sends\":[");
        for (i, r) in s.sends.iter().enumerate() {
            if i > 0 {
                self.raw(",");
            }
            self.send_record(r);
        }
        self.raw("]");
        if !s.traits.is_empty() {
            self.raw(",\"traits\":");
            serde_json::to_writer(&mut self.out, &s.traits).ok()?;
        }
        self.raw("}");
        Some(())
    }

    fn journey_state(&mut self, js: &JourneyState) -> Option<()> {
        self.raw("{");
        if let Some(t) = js.last_entry {
            self.raw("\"last_entry\":");
            self.time(t);
        }
        if let Some(run) = &js.run {
            if js.last_entry.is_some() {
                self.raw(",");
            }
            self.raw("\"run\":");
            self.run(run)?;
        }
        if !js.keys.is_empty() {
            if js.last_entry.is_some() || js.run.is_some() {
                self.raw(",");
            }
            self.raw("\"keys\":{");
            for (i, (key, ks)) in js.keys.iter().enumerate() {
                if i > 0 {
                    self.raw(",");
                }
                self.string(key);
                self.raw(":{");
                if let Some(t) = ks.last_entry {
                    self.raw("\"last_entry\":");
                    self.time(t);
                }
                if let Some(run) = &ks.run {
                    if ks.last_entry.is_some() {
                        self.raw(",");
                    }
                    self.raw("\"run\":");
                    self.run(run)?;
                }
                self.raw("}");
            }
            self.raw("}");
        }
        self.raw("}");
        Some(())
    }

    fn run(&mut self, r: &RunState) -> Option<()> {
        self.raw("{\"step\":");
        self.string(&r.step);
        self.raw(",\"waiting\":");
        self.plain(match r.waiting {
            Waiting::Wait => "wait",
            Waiting::WaitUntil => "wait_until",
            Waiting::WaitFor => "wait_for",
            Waiting::QuietHours => "quiet_hours",
            Waiting::Digest => "digest",
        });
        self.raw(",\"until\":");
        self.time(r.until);
        self.raw(",\"entered\":");
        self.time(r.entered);
        self.raw(",\"spent_micros\":");
        self.int(r.spent_micros);
        self.raw(",\"event\":");
        self.event(&r.event)?;
        if let Some(f) = &r.fingerprint {
            self.raw(",\"fingerprint\":");
            self.string(f);
        }
        if let Some(d) = &r.digest {
            self.raw(",\"digest\":{\"count\":");
            self.raw(&d.count.to_string());
            self.raw(",\"events\":");
            serde_json::to_writer(&mut self.out, &d.events).ok()?;
            self.raw("}");
        }
        self.raw("}");
        Some(())
    }

    fn event(&mut self, e: &Event) -> Option<()> {
        self.raw("{\"name\":");
        self.string(&e.name);
        if let Some(t) = e.time {
            self.raw(",\"time\":");
            self.time(t);
        }
        self.raw(",\"properties\":");
        serde_json::to_writer(&mut self.out, &e.properties).ok()?;
        self.raw("}");
        Some(())
    }

    fn send_record(&mut self, r: &SendRecord) {
        self.raw("{\"at\":");
        self.time(r.at);
        self.raw(",\"journey\":");
        self.string(&r.journey);
        self.raw(",\"channel\":");
        self.plain(r.channel.name());
        self.raw("}");
    }
}

#[cfg(test)]
mod tests;
