//! Decisions and expectations written back in the test language, so a failure reads like the
//! line a user would write to expect what happened.

use crate::eval::Timestamp;
use herald_lang::json::Value;
use herald_lang::syntax::ast::DecisionPattern;

/// `send sms journey "welcome" to "+1…" content "…" cost $0.0083`
pub(crate) fn decision(d: &Value) -> String {
    let get = |k: &str| d.get(k).and_then(Value::as_str);
    let mut out = get("action").unwrap_or("?").to_string();
    if let Some(c) = get("channel") {
        out.push(' ');
        out.push_str(c);
    }
    if let Some(j) = get("journey") {
        out.push_str(&format!(" journey {}", quote(j)));
    }
    if let Some(r) = get("reason") {
        out.push_str(&format!(" reason {r}"));
    }
    if let Some(u) = get("until") {
        out.push_str(&format!(" until {}", quote(u)));
    }
    if let Some(t) = get("to") {
        out.push_str(&format!(" to {}", quote(t)));
    }
    if let Some(t) = get("template") {
        out.push_str(&format!(" template {}", quote(t)));
    }
    if let Some(c) = get("content") {
        out.push_str(&format!(" content {}", quote(c)));
    }
    if let Some(cost) = d.get("cost").filter(|c| !c.is_null()) {
        let amount = cost.get("amount").and_then(Value::as_str).unwrap_or("?");
        match cost.get("currency").and_then(Value::as_str) {
            Some("USD") | None => out.push_str(&format!(" cost ${amount}")),
            Some(cur) => out.push_str(&format!(" cost {amount} {cur}")),
        }
    }
    if let Some(at) = get("at") {
        out.push_str(&format!("  (at {at})"));
    }
    out
}

/// The expectation as written (canonical form): the formatter's own words.
pub(crate) fn pattern(p: &DecisionPattern) -> String {
    herald_lang::format::expectation_pattern(p)
}

/// `waiting journey "x" until "T"` / `not waiting`
pub(crate) fn waiting(want: bool, journey: Option<&str>, until: Option<i64>) -> String {
    let mut out = if want { "waiting".to_string() } else { "not waiting".to_string() };
    if let Some(j) = journey {
        out.push_str(&format!(" journey {}", quote(j)));
    }
    match until {
        Some(i64::MAX) | None => {}
        Some(u) => out.push_str(&format!(" until {}", quote(&Timestamp(u).to_string()))),
    }
    out
}

fn quote(s: &str) -> String {
    herald_lang::json::string_text(s)
}
