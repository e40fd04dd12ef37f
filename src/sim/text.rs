//! The human forms of a replay summary and a diff (what `herald replay` and `herald diff` print
//! without `--format json`).

use super::diff::DiffReport;
use super::summary::{ChannelCounts, JourneyStats, Summary};
use crate::eval::Timestamp;
use herald_lang::json::Value;
use std::fmt::Write;

/// `12345` → `12,345`.
fn n(v: u64) -> String {
    let s = v.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn signed(v: i128) -> String {
    match v {
        0 => "0".into(),
        v if v > 0 => format!("+{}", n(v.unsigned_abs() as u64)),
        v => format!("-{}", n(v.unsigned_abs() as u64)),
    }
}

fn list(items: impl Iterator<Item = (String, u64)>) -> String {
    let parts: Vec<String> = items.map(|(k, v)| format!("{k} {}", n(v))).collect();
    if parts.is_empty() {
        "-".into()
    } else {
        parts.join(" · ")
    }
}

fn sends(stats: &JourneyStats) -> String {
    let json = serde_json::to_value(ChannelCounts(&stats.sends)).map_or(Value::Null, Value::from);
    let items =
        json.as_object().into_iter().flatten().map(|(k, v)| (k.clone(), v.as_u64().unwrap_or(0)));
    list(items)
}

impl Summary {
    /// The table `herald replay` prints.
    pub fn to_text(&self) -> String {
        let mut o = String::new();
        let until = self.until.map_or("-".to_string(), |u| Timestamp(u).to_string());
        let _ = writeln!(
            o,
            "{} profiles, {} messages ({} skipped, {} bad lines), {} evaluations, ticks until {until}",
            n(self.profiles),
            n(self.messages),
            n(self.skipped),
            n(self.errors),
            n(self.evaluations)
        );
        if !self.error_lines.is_empty() {
            let lines: Vec<String> = self.error_lines.iter().map(|l| l.to_string()).collect();
            let more = if self.errors > self.error_lines.len() as u64 { ", ..." } else { "" };
            let _ = writeln!(o, "bad lines: {}{more}", lines.join(", "));
        }
        for (id, s) in &self.journeys {
            let _ = writeln!(o, "\njourney \"{id}\"");
            let _ = writeln!(o, "  entries      {}", n(s.entries));
            let _ = writeln!(o, "  sends        {}", sends(s));
            let _ = writeln!(
                o,
                "  suppressed   {}",
                list(s.suppressed.iter().map(|(k, v)| (k.to_string(), *v)))
            );
            let _ = writeln!(o, "  deferred     {}", n(s.deferred));
            let _ = writeln!(
                o,
                "  exits        {}",
                list(s.exits.iter().map(|(k, v)| (k.to_string(), *v)))
            );
            let a = self.amount(s.cost_micros);
            let _ = writeln!(o, "  cost         {} {}", a.currency, a.amount);
        }
        let total = self.amount(self.total_micros());
        let _ = writeln!(o, "\ntotal cost     {} {}", total.currency, total.amount);
        if self.stopped > 0 {
            let _ = writeln!(o, "\n{} users stopped early:", n(self.stopped));
            for s in &self.stopped_users {
                let _ = writeln!(o, "  {}: {} ({})", s.user, s.error, s.error.code());
            }
        }
        o
    }
}

/// A decision in a few words: `send sms (step 2.then.1) at 2026-03-08T15:00:00Z`.
fn describe(d: Option<&Value>) -> String {
    let Some(d) = d else { return "no decision".into() };
    let field = |k: &str| d.get(k).and_then(Value::as_str);
    let mut s = field("action").unwrap_or("?").to_string();
    for k in ["channel", "reason"] {
        if let Some(v) = field(k) {
            s.push(' ');
            s.push_str(v);
        }
    }
    if let Some(step) = field("step") {
        let _ = write!(s, " (step {step})");
    }
    let _ =
        write!(s, " of \"{}\" at {}", field("journey").unwrap_or("?"), field("at").unwrap_or("?"));
    s
}

impl DiffReport {
    /// The side-by-side table `herald diff` prints.
    pub fn to_text(&self) -> String {
        let mut o = String::new();
        let _ = writeln!(
            o,
            "{} profiles, {} messages; evaluations {} old, {} new",
            n(self.old.profiles),
            n(self.old.messages),
            n(self.old.evaluations),
            n(self.new.evaluations)
        );
        let row = |o: &mut String, label: &str, a: String, b: String, d: String| {
            let _ = writeln!(o, "  {label:<22} {a:>14} {b:>14} {d:>14}");
        };
        let _ = writeln!(o, "\n  {:<22} {:>14} {:>14} {:>14}", "", "old", "new", "delta");
        let money = |m: i64| self.old.amount(m).amount;
        for id in self.journey_ids() {
            let (a, b) = (self.old.journey(id), self.new.journey(id));
            let _ = writeln!(o, "journey \"{id}\"");
            let (ea, eb) = (a.map_or(0, |s| s.entries), b.map_or(0, |s| s.entries));
            row(&mut o, "entries", n(ea), n(eb), signed(i128::from(eb) - i128::from(ea)));
            for c in self.channels(id) {
                let (x, y) = (a.map_or(0, |s| s.sends_of(c)), b.map_or(0, |s| s.sends_of(c)));
                row(
                    &mut o,
                    &format!("sends {}", c.name()),
                    n(x),
                    n(y),
                    signed(i128::from(y) - i128::from(x)),
                );
            }
            let (ca, cb) = (a.map_or(0, |s| s.cost_micros), b.map_or(0, |s| s.cost_micros));
            let delta = cb.saturating_sub(ca);
            let sign = if delta > 0 { "+" } else { "" };
            row(
                &mut o,
                &format!("cost ({})", self.old.currency.as_str()),
                money(ca),
                money(cb),
                format!("{sign}{}", money(delta)),
            );
        }
        let (ta, tb) = (self.old.total_micros(), self.new.total_micros());
        let delta = tb.saturating_sub(ta);
        let sign = if delta > 0 { "+" } else { "" };
        let _ = writeln!(o);
        row(
            &mut o,
            &format!("total cost ({})", self.old.currency.as_str()),
            money(ta),
            money(tb),
            format!("{sign}{}", money(delta)),
        );
        let _ = writeln!(
            o,
            "\n{} of {} users' decisions differ",
            n(self.differing),
            n(self.old.profiles)
        );
        for u in &self.first {
            let _ = writeln!(o, "  {} (decision {}):", u.user, u.index + 1);
            let _ = writeln!(o, "    old: {}", describe(u.old.as_ref()));
            let _ = writeln!(o, "    new: {}", describe(u.new.as_ref()));
        }
        o
    }
}
