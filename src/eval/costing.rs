//! The evaluator's door to the cost model (`crate::cost`): a quote for each send, and the
//! request's total. Until the cost module lands, sends are priced at zero and `cost` is null.

use crate::channel::Channel;
use serde::Serialize;

/// The `cost` object of a send decision.
pub type Cost = serde_json::Value;

/// `total_cost`: `{"amount": "0.0158", "micros": 15800, "currency": "USD"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Total {
    pub amount: String,
    pub micros: i64,
    pub currency: String,
}

/// What one send costs.
#[derive(Debug, Clone, PartialEq)]
pub struct Priced {
    pub micros: i64,
    pub country: Option<String>,
    pub cost: Option<Cost>,
}

/// The price table an evaluation uses.
#[derive(Debug, Clone, Copy)]
pub struct Pricing<'a> {
    pub currency: &'a str,
}

impl Pricing<'_> {
    pub fn quote(
        &self,
        _channel: Channel,
        _to: Option<&str>,
        _content: Option<&str>,
        _template: Option<&str>,
    ) -> Priced {
        Priced { micros: 0, country: None, cost: None }
    }

    pub fn total(&self, micros: i64) -> Total {
        Total { amount: format_micros(micros), micros, currency: self.currency.to_string() }
    }
}

/// Micros as a decimal amount without trailing zeros (`15800` → `"0.0158"`).
fn format_micros(micros: i64) -> String {
    let sign = if micros < 0 { "-" } else { "" };
    let abs = micros.unsigned_abs();
    let whole = abs / 1_000_000;
    let frac = abs % 1_000_000;
    if frac == 0 {
        return format!("{sign}{whole}");
    }
    let digits = format!("{frac:06}");
    format!("{sign}{whole}.{}", digits.trim_end_matches('0'))
}
