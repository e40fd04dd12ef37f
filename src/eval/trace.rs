//! The explain trace: with `"explain": true`, every check the evaluation makes is recorded, in
//! order, with the values its condition read, so "why didn't Ana get the SMS?" has an answer
//! (`consent` false: `subscriptions.sms` is `"unsubscribed"`). Without it, conditions are
//! evaluated with an observer that compiles to nothing.

use super::value::Val;
use herald_lang::channel::Channel;
use herald_lang::json::Value;
use herald_lang::syntax::ast::Span;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use std::sync::Arc;

/// One check.
#[derive(Debug, Clone, PartialEq)]
pub struct TraceEntry {
    pub journey: Arc<str>,
    pub step: Option<Arc<str>>,
    /// What was checked: `trigger`, `reentry`, `audience`, `exit_when`, `wait_for`, `wake`, `if`,
    /// `split`, `address`, `consent`, `quiet_hours`, `frequency_cap`, `budget`, `state`.
    pub check: &'static str,
    pub channel: Option<Channel>,
    /// The condition's source text.
    pub condition: Option<String>,
    pub result: bool,
    /// The values the condition read, in the order it read them.
    pub values: Vec<TraceValue>,
    /// A sentence for checks without a condition.
    pub detail: Option<String>,
}

/// A value read by a condition: `{"expr": "profile.age", "value": 17}`, or
/// `{"expr": "profile.plan", "missing": true}`.
#[derive(Debug, Clone, PartialEq)]
pub struct TraceValue {
    pub expr: String,
    pub value: Option<Value>,
}

impl Serialize for TraceValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("expr", &self.expr)?;
        match &self.value {
            Some(v) => m.serialize_entry("value", v)?,
            None => m.serialize_entry("missing", &true)?,
        }
        m.end()
    }
}

impl Serialize for TraceEntry {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("journey", &*self.journey)?;
        m.serialize_entry("step", &self.step.as_deref())?;
        m.serialize_entry("check", self.check)?;
        if let Some(c) = self.channel {
            m.serialize_entry("channel", &c)?;
        }
        if let Some(c) = &self.condition {
            m.serialize_entry("condition", c)?;
        }
        m.serialize_entry("result", &self.result)?;
        if !self.values.is_empty() {
            m.serialize_entry("values", &self.values)?;
        }
        if let Some(d) = &self.detail {
            m.serialize_entry("detail", d)?;
        }
        m.end()
    }
}

/// Sees the leaf values (paths, `now`, calls, counts) of an expression as it is evaluated.
pub trait Observer {
    fn leaf(&mut self, span: Span, value: &Val<'_>);
}

/// The observer of the fast path: does nothing.
pub struct Quiet;

impl Observer for Quiet {
    #[inline(always)]
    fn leaf(&mut self, _span: Span, _value: &Val<'_>) {}
}

/// Records each leaf once, with its value as JSON.
#[derive(Default)]
pub struct Recorder {
    pub values: Vec<(Span, Option<Value>)>,
}

/// Longest value text kept in a trace; longer strings are cut with `…`.
const MAX_TRACE_STRING: usize = 200;

impl Observer for Recorder {
    fn leaf(&mut self, span: Span, value: &Val<'_>) {
        if self.values.iter().any(|(s, _)| *s == span) {
            return;
        }
        let json = value.to_json().map(|v| match v {
            Value::String(s) if s.chars().count() > MAX_TRACE_STRING => {
                let mut cut: String = s.chars().take(MAX_TRACE_STRING).collect();
                cut.push('…');
                Value::String(cut)
            }
            other => other,
        });
        self.values.push((span, json));
    }
}

impl Recorder {
    pub fn into_values(self, source: &str) -> Vec<TraceValue> {
        self.values
            .into_iter()
            .map(|(span, value)| TraceValue { expr: source_text(source, span), value })
            .collect()
    }
}

/// The source text of a span (empty when the span does not fit the source).
pub fn source_text(source: &str, span: Span) -> String {
    source.get(span.start..span.end).unwrap_or_default().trim_end().to_string()
}
