//! The replay summary and the diff report as JSON, written by hand (`herald_lang::write`): the
//! bytes `serde_json::to_string` writes of their `Serialize` impls (`summary.rs`, `diff.rs`),
//! which stay as the tests' oracle, so that serde_json's serializer is not linked into the
//! WebAssembly module (`program.replay()`, `diff()`).

use super::diff::{DiffReport, DifferingUser};
use super::summary::{JourneyStats, StoppedUser, Summary};
use crate::eval::Timestamp;
use herald_lang::channel::Channel;
use herald_lang::cost::{Amount, Currency};
use herald_lang::sorted::SortedMap;
use herald_lang::write::Writer;

/// The summary as one line of JSON.
pub(crate) fn summary(s: &Summary) -> String {
    let mut w = Writer::with_capacity(1024);
    w.raw("{\"profiles\":");
    w.uint(s.profiles);
    w.raw(",\"messages\":");
    w.uint(s.messages);
    w.raw(",\"skipped\":");
    w.uint(s.skipped);
    w.raw(",\"errors\":");
    w.uint(s.errors);
    w.raw(",\"error_lines\":[");
    for (i, l) in s.error_lines.iter().enumerate() {
        w.comma(i);
        w.uint(*l);
    }
    w.raw("],\"evaluations\":");
    w.uint(s.evaluations);
    w.raw(",\"stopped\":");
    w.uint(s.stopped);
    w.raw(",\"stopped_users\":[");
    for (i, u) in s.stopped_users.iter().enumerate() {
        w.comma(i);
        stopped_user(&mut w, u);
    }
    w.raw("],\"until\":");
    until(&mut w, s.until);
    w.raw(",\"journeys\":{");
    for (i, (id, stats)) in s.journeys.iter().enumerate() {
        w.key(i, id);
        journey(&mut w, stats, s.currency);
    }
    w.raw("},\"total_cost\":");
    amount(&mut w, &s.amount(s.total_micros()));
    w.raw("}");
    w.finish()
}

fn until(w: &mut Writer, t: Option<i64>) {
    match t {
        Some(t) => w.string(&Timestamp(t).to_string()),
        None => w.raw("null"),
    }
}

fn stopped_user(w: &mut Writer, u: &StoppedUser) {
    w.raw("{\"user\":");
    w.string(&u.user);
    w.raw(",\"code\":");
    w.string(u.error.code());
    w.raw(",\"message\":");
    w.string(&u.error.to_string());
    w.raw("}");
}

fn amount(w: &mut Writer, a: &Amount) {
    w.raw("{\"amount\":");
    w.string(&a.amount);
    w.raw(",\"micros\":");
    w.int(a.micros);
    w.raw(",\"currency\":");
    w.string(&a.currency);
    w.raw("}");
}

fn counts(w: &mut Writer, m: &SortedMap<&'static str, u64>) {
    w.raw("{");
    for (i, (k, n)) in m.iter().enumerate() {
        w.key(i, k);
        w.uint(*n);
    }
    w.raw("}");
}

/// Channels with at least one send, in `Channel::ALL` order.
pub(crate) fn channel_counts(w: &mut Writer, sends: &[u64; 7]) {
    w.raw("{");
    let mut i = 0;
    for (c, n) in Channel::ALL.iter().zip(sends) {
        if *n > 0 {
            w.key(i, c.name());
            w.uint(*n);
            i += 1;
        }
    }
    w.raw("}");
}

fn journey(w: &mut Writer, stats: &JourneyStats, currency: Currency) {
    w.raw("{\"entries\":");
    w.uint(stats.entries);
    w.raw(",\"sends\":");
    channel_counts(w, &stats.sends);
    w.raw(",\"suppressed\":");
    counts(w, &stats.suppressed);
    w.raw(",\"deferred\":");
    w.uint(stats.deferred);
    w.raw(",\"exits\":");
    counts(w, &stats.exits);
    w.raw(",\"cost\":");
    amount(w, &Amount::new(stats.cost_micros, currency));
    w.raw("}");
}

/// `{"old": a, "new": b, "delta": b - a}` of counts.
fn diff_counts(w: &mut Writer, old: u64, new: u64) {
    w.raw("{\"old\":");
    w.uint(old);
    w.raw(",\"new\":");
    w.uint(new);
    w.raw(",\"delta\":");
    w.i128(i128::from(new) - i128::from(old));
    w.raw("}");
}

/// The same of amounts, in the old summary's currency.
fn diff_money(w: &mut Writer, s: &Summary, old: i64, new: i64) {
    w.raw("{\"old\":");
    amount(w, &s.amount(old));
    w.raw(",\"new\":");
    amount(w, &s.amount(new));
    w.raw(",\"delta\":");
    amount(w, &s.amount(new.saturating_sub(old)));
    w.raw("}");
}

/// The diff report as one line of JSON.
pub(crate) fn diff(r: &DiffReport) -> String {
    let mut w = Writer::with_capacity(1024);
    w.raw("{\"profiles\":");
    w.uint(r.old.profiles);
    w.raw(",\"messages\":");
    w.uint(r.old.messages);
    w.raw(",\"skipped\":");
    w.uint(r.old.skipped);
    w.raw(",\"errors\":");
    w.uint(r.old.errors);
    w.raw(",\"evaluations\":");
    diff_counts(&mut w, r.old.evaluations, r.new.evaluations);
    w.raw(",\"stopped\":");
    diff_counts(&mut w, r.old.stopped, r.new.stopped);
    w.raw(",\"until\":");
    until(&mut w, r.old.until);
    w.raw(",\"journeys\":{");
    for (i, id) in r.journey_ids().into_iter().enumerate() {
        w.key(i, id);
        let (a, b) = (r.old.journey(id), r.new.journey(id));
        w.raw("{\"entries\":");
        diff_counts(&mut w, a.map_or(0, |s| s.entries), b.map_or(0, |s| s.entries));
        w.raw(",\"sends\":{");
        for (k, c) in r.channels(id).into_iter().enumerate() {
            w.key(k, c.name());
            diff_counts(&mut w, a.map_or(0, |s| s.sends_of(c)), b.map_or(0, |s| s.sends_of(c)));
        }
        w.raw("},\"cost\":");
        let cost = |s: Option<&JourneyStats>| s.map_or(0, |s| s.cost_micros);
        diff_money(&mut w, &r.old, cost(a), cost(b));
        w.raw("}");
    }
    w.raw("},\"total_cost\":");
    diff_money(&mut w, &r.old, r.old.total_micros(), r.new.total_micros());
    w.raw(",\"users_differing\":");
    w.uint(r.differing);
    w.raw(",\"first_differing\":[");
    for (i, u) in r.first.iter().enumerate() {
        w.comma(i);
        differing_user(&mut w, u);
    }
    w.raw("]}");
    w.finish()
}

fn differing_user(w: &mut Writer, u: &DifferingUser) {
    w.raw("{\"user\":");
    w.string(&u.user);
    w.raw(",\"index\":");
    w.usize(u.index);
    w.raw(",\"old\":");
    w.opt_value(u.old.as_ref());
    w.raw(",\"new\":");
    w.opt_value(u.new.as_ref());
    w.raw("}");
}

#[cfg(test)]
mod tests;
