//! JSON text written by hand: the response (explain trace included), the state, event
//! properties and trait values, error answers and the runtime's other results. The bytes are
//! `serde_json::to_string`'s (tests compare them on every conformance response, with and
//! without `"explain": true`, and on generated ones); serde's serializer spends a call per key,
//! comma and string, and links its code into the runtime module. Here keys are constant text,
//! timestamps and enum names are written without escape checks, strings are checked eight
//! bytes at a time, and numbers are written by the formatters serde_json uses (itoa, zmij).

use super::request::{Event, Timestamp};
use super::response::{Action, Decision, Response};
use super::state::{JourneyState, RunState, SendRecord, State, Waiting};
use super::trace::{TraceEntry, TraceValue};
use herald_lang::cost::{Amount, AmountText, Quote};
use herald_lang::json;
use herald_lang::json::{Map, Value};

/// The response's JSON text.
pub(crate) fn response(r: &Response) -> String {
    let mut w = Writer::with_capacity(1024);
    w.raw("{\"decisions\":[");
    for (i, d) in r.decisions.iter().enumerate() {
        w.comma(i);
        w.decision(d);
    }
    w.raw("],\"state\":");
    w.state(&r.state);
    w.raw(",\"wake_at\":");
    w.opt_time(r.wake_at);
    w.raw(",\"total_cost\":");
    w.amount(&r.total_cost);
    if let Some(trace) = &r.trace {
        w.raw(",\"trace\":[");
        for (i, e) in trace.iter().enumerate() {
            w.comma(i);
            w.trace_entry(e);
        }
        w.raw("]");
    }
    w.raw("}");
    w.finish()
}

/// A decision's JSON text, as `Decision`'s `Serialize` writes it (the simulator's decision lines
/// and diffs, the test runner's expectations).
pub(crate) fn decision_text(d: &Decision) -> String {
    let mut w = Writer::with_capacity(256);
    w.decision(d);
    w.finish()
}

/// A state's JSON text, as `State`'s `Serialize` writes it (the test runner's `waiting`).
pub(crate) fn state_text(s: &State) -> String {
    let mut w = Writer::with_capacity(256);
    w.state(s);
    w.finish()
}

pub(crate) use json::{string_text, value_text};

/// The length of a value's compact JSON text.
pub(crate) fn value_len(v: &Value) -> usize {
    value_text(v).len()
}

/// The length of an object's compact JSON text (an event's properties).
pub(crate) fn object_len(m: &Map<String, Value>) -> usize {
    let mut out = String::with_capacity(64);
    json::write_object(&mut out, m);
    out.len()
}

/// A JSON writer into a string.
pub(crate) struct Writer {
    out: String,
}

impl Writer {
    pub(crate) fn with_capacity(capacity: usize) -> Writer {
        Writer { out: String::with_capacity(capacity) }
    }

    /// The text written.
    pub(crate) fn finish(self) -> String {
        self.out
    }

    #[inline(always)]
    pub(crate) fn raw(&mut self, text: &str) {
        self.out.push_str(text);
    }

    /// The comma before the `i`th item of an array or object (none before the first).
    #[inline(always)]
    pub(crate) fn comma(&mut self, i: usize) {
        if i > 0 {
            self.out.push(',');
        }
    }

    /// A string as serde_json escapes it (`herald_lang::json`).
    #[inline(always)]
    pub(crate) fn string(&mut self, s: &str) {
        json::write_string(&mut self.out, s);
    }

    pub(crate) fn opt_string(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.string(s),
            None => self.raw("null"),
        }
    }

    /// Text known to need no escaping (enum names, codes): between quotes as it is.
    pub(crate) fn plain(&mut self, s: &str) {
        self.out.push('"');
        self.raw(s);
        self.out.push('"');
    }

    pub(crate) fn int(&mut self, n: i64) {
        self.raw(itoa::Buffer::new().format(n));
    }

    pub(crate) fn uint(&mut self, n: u64) {
        self.raw(itoa::Buffer::new().format(n));
    }

    pub(crate) fn bool(&mut self, b: bool) {
        self.raw(if b { "true" } else { "false" });
    }

    /// A JSON value, as serde_json's `Serialize` for `Value` writes it compactly.
    #[inline(always)]
    pub(crate) fn value(&mut self, v: &Value) {
        json::write_value(&mut self.out, v);
    }

    fn trace_entry(&mut self, e: &TraceEntry) {
        self.raw("{\"journey\":");
        self.string(&e.journey);
        self.raw(",\"step\":");
        self.opt_string(e.step.as_deref());
        self.raw(",\"check\":");
        self.string(e.check);
        if let Some(c) = e.channel {
            self.raw(",\"channel\":");
            self.plain(c.name());
        }
        if let Some(c) = &e.condition {
            self.raw(",\"condition\":");
            self.string(c);
        }
        self.raw(",\"result\":");
        self.bool(e.result);
        if !e.values.is_empty() {
            self.raw(",\"values\":[");
            for (i, v) in e.values.iter().enumerate() {
                self.comma(i);
                self.trace_value(v);
            }
            self.raw("]");
        }
        if let Some(d) = &e.detail {
            self.raw(",\"detail\":");
            self.string(d);
        }
        self.raw("}");
    }

    fn trace_value(&mut self, v: &TraceValue) {
        self.raw("{\"expr\":");
        self.string(&v.expr);
        match &v.value {
            Some(value) => {
                self.raw(",\"value\":");
                self.value(value);
            }
            None => self.raw(",\"missing\":true"),
        }
        self.raw("}");
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

    /// As `Decision`'s `Serialize`.
    fn decision(&mut self, d: &Decision) {
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
            match d.update.as_ref() {
                Some((_, v)) => self.value(v),
                None => self.raw("null"),
            }
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
    }

    fn state(&mut self, s: &State) {
        self.raw("{\"version\":");
        self.int(i64::from(s.version));
        self.raw(",\"journeys\":{");
        for (i, (id, js)) in s.journeys.iter().enumerate() {
            self.comma(i);
            self.string(id);
            self.raw(":");
            self.journey_state(js);
        }
        self.raw("},\"sends\":[");
        for (i, r) in s.sends.iter().enumerate() {
            self.comma(i);
            self.send_record(r);
        }
        self.raw("]");
        if !s.traits.is_empty() {
            self.raw(",\"traits\":");
            self.raw("{");
            for (i, (k, v)) in s.traits.iter().enumerate() {
                self.comma(i);
                self.string(k);
                self.raw(":");
                self.value(v);
            }
            self.raw("}");
        }
        self.raw("}");
    }

    fn journey_state(&mut self, js: &JourneyState) {
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
            self.run(run);
        }
        if !js.keys.is_empty() {
            if js.last_entry.is_some() || js.run.is_some() {
                self.raw(",");
            }
            self.raw("\"keys\":{");
            for (i, (key, ks)) in js.keys.iter().enumerate() {
                self.comma(i);
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
                    self.run(run);
                }
                self.raw("}");
            }
            self.raw("}");
        }
        self.raw("}");
    }

    fn run(&mut self, r: &RunState) {
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
        self.event(&r.event);
        if let Some(f) = &r.fingerprint {
            self.raw(",\"fingerprint\":");
            self.string(f);
        }
        if let Some(d) = &r.digest {
            self.raw(",\"digest\":{\"count\":");
            self.uint(d.count);
            self.raw(",\"events\":[");
            for (i, e) in d.events.iter().enumerate() {
                self.comma(i);
                self.value(e);
            }
            self.raw("]}");
        }
        self.raw("}");
    }

    fn event(&mut self, e: &Event) {
        self.raw("{\"name\":");
        self.string(&e.name);
        if let Some(t) = e.time {
            self.raw(",\"time\":");
            self.time(t);
        }
        self.raw(",\"properties\":");
        json::write_object(&mut self.out, &e.properties);
        self.raw("}");
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
