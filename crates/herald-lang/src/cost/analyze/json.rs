//! The analysis as JSON, written by hand (`crate::write`): the bytes `serde_json::to_string`
//! writes of the derived `Serialize` (`herald analyze --format json`), or, for the package's
//! `analyze()`, those it wrote of `serde_json::to_value` of it with a `span_utf16` beside each
//! journey's and node's `span` (a `Value` keeps object keys sorted). Tests hold both forms to
//! serde_json's on every example and conformance source (`tests.rs`).

use super::{Analysis, Campaign, CountrySource, JourneyAnalysis, RunsNote, VariantCost};
use crate::cost::graph::{Edge, Node, NodeKind};
use crate::cost::Amount;
use crate::diagnostics::LineIndex;
use crate::syntax::ast::Span;
use crate::write::{object_text, string_text, Member};

/// Which JSON of an analysis.
#[derive(Clone, Copy)]
pub enum AnalysisForm<'a> {
    /// Fields in declaration order, as the derive writes them (the CLI).
    Declared,
    /// Keys sorted, with `span_utf16` (UTF-16 offsets in this source) beside each journey's and
    /// node's `span` (the package's `analyze()`).
    SortedUtf16(&'a LineIndex<'a>),
}

impl Analysis {
    /// The analysis as JSON, in the given form.
    pub fn to_json(&self, form: AnalysisForm<'_>) -> String {
        analysis(self, form)
    }

    /// The first amount's micros (in the order the sorted form writes them) that a JS number
    /// cannot hold exactly: beyond 2^53 - 1 in magnitude. The cost model's sums saturate at
    /// `i64::MAX`; the package refuses both that and any amount past 2^53 - 1 rather than hand
    /// them to `JSON.parse`, which would round them silently. The order is that of the walk of
    /// the sorted JSON value that did this before (the tests keep it), so the error names the
    /// same amount.
    pub fn inexact_micros(&self) -> Option<i64> {
        const MAX_SAFE_INTEGER: i64 = (1 << 53) - 1;
        let inexact = |a: &Amount| {
            (!(-MAX_SAFE_INTEGER..=MAX_SAFE_INTEGER).contains(&a.micros)).then_some(a.micros)
        };
        let campaign = |c: &Option<Campaign>| c.as_ref().and_then(|c| inexact(&c.worst_case_cost));
        // Keys sorted: campaign, ..., journeys; in a journey: budget, campaign, ..., nodes, ...,
        // worst_case_cost, worst_case_margin; in a node: variants, then worst_case_cost.
        campaign(&self.campaign).or_else(|| {
            self.journeys.iter().find_map(|j| {
                j.budget
                    .as_ref()
                    .and_then(inexact)
                    .or_else(|| campaign(&j.campaign))
                    .or_else(|| {
                        j.nodes.iter().find_map(|n| {
                            n.variants
                                .iter()
                                .find_map(|v| inexact(&v.cost))
                                .or_else(|| n.worst_case_cost.as_ref().and_then(inexact))
                        })
                    })
                    .or_else(|| inexact(&j.worst_case_cost))
                    .or_else(|| j.worst_case_margin.as_ref().and_then(inexact))
            })
        })
    }
}

impl NodeKind {
    /// The kind's name in JSON (`wait_until`).
    pub fn name(self) -> &'static str {
        match self {
            NodeKind::Start => "start",
            NodeKind::Send => "send",
            NodeKind::Wait => "wait",
            NodeKind::WaitUntil => "wait_until",
            NodeKind::WaitFor => "wait_for",
            NodeKind::If => "if",
            NodeKind::ElseIf => "else_if",
            NodeKind::Split => "split",
            NodeKind::Stop => "stop",
            NodeKind::End => "end",
            NodeKind::Unknown => "unknown",
            NodeKind::Set => "set",
        }
    }
}

impl CountrySource {
    /// The source's name in JSON.
    pub fn name(self) -> &'static str {
        match self {
            CountrySource::Dearest => "dearest",
            CountrySource::Default => "default",
            CountrySource::Given => "given",
        }
    }
}

/// An object of the members given (each value's JSON text), in their order or sorted by key.
fn object(form: AnalysisForm<'_>, members: Vec<Member>) -> String {
    object_text(matches!(form, AnalysisForm::SortedUtf16(_)), members)
}

fn text(s: &str) -> String {
    string_text(s)
}

fn uint(n: u64) -> String {
    itoa::Buffer::new().format(n).to_string()
}

fn boolean(b: bool) -> String {
    (if b { "true" } else { "false" }).to_string()
}

fn opt<T>(v: Option<T>, f: impl FnOnce(T) -> String) -> String {
    v.map_or_else(|| "null".to_string(), f)
}

/// An array of the items' texts.
fn array<T>(items: &[T], f: impl Fn(&T) -> String) -> String {
    let mut out = String::from("[");
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&f(item));
    }
    out.push(']');
    out
}

fn analysis(a: &Analysis, form: AnalysisForm<'_>) -> String {
    let mut m: Vec<Member> = vec![
        ("journeys", array(&a.journeys, |j| journey(j, form))),
        ("currency", text(a.currency.as_str())),
    ];
    if let Some(p) = &a.prices_as_of {
        m.push(("prices_as_of", text(p)));
    }
    m.push(("interpolation_chars", uint(u64::from(a.interpolation_chars))));
    if let Some(c) = &a.campaign {
        m.push(("campaign", campaign(c, form)));
    }
    object(form, m)
}

fn amount(a: &Amount, form: AnalysisForm<'_>) -> String {
    let micros = itoa::Buffer::new().format(a.micros).to_string();
    object(
        form,
        vec![("amount", text(&a.amount)), ("micros", micros), ("currency", text(&a.currency))],
    )
}

/// The `span` member, and in the sorted form `span_utf16` beside it.
fn spans(m: &mut Vec<Member>, s: Span, form: AnalysisForm<'_>) {
    let span = |start: usize, end: usize| {
        object(form, vec![("start", uint(start as u64)), ("end", uint(end as u64))])
    };
    m.push(("span", span(s.start, s.end)));
    if let AnalysisForm::SortedUtf16(index) = form {
        m.push(("span_utf16", span(index.utf16(s.start), index.utf16(s.end))));
    }
}

fn campaign(c: &Campaign, form: AnalysisForm<'_>) -> String {
    object(
        form,
        vec![
            ("audience", uint(c.audience)),
            ("max_messages", uint(c.max_messages)),
            ("worst_case_cost", amount(&c.worst_case_cost, form)),
        ],
    )
}

fn journey(j: &JourneyAnalysis, form: AnalysisForm<'_>) -> String {
    let mut m: Vec<Member> = vec![
        ("id", text(&j.id)),
        ("max_messages", uint(j.max_messages)),
        ("worst_case_cost", amount(&j.worst_case_cost, form)),
    ];
    if let Some(a) = &j.worst_case_margin {
        m.push(("worst_case_margin", amount(a, form)));
    }
    m.push(("country", opt(j.country.as_ref(), |c| text(c.as_str()))));
    if let Some(s) = j.country_source {
        m.push(("country_source", text(s.name())));
    }
    if j.priced_at_default {
        m.push(("priced_at_default", boolean(true)));
    }
    if !j.unpriced_channels.is_empty() {
        m.push(("unpriced_channels", array(&j.unpriced_channels, |c| text(c.name()))));
    }
    if let Some(a) = &j.budget {
        m.push(("budget", amount(a, form)));
    }
    if let Some(b) = j.exceeds_budget {
        m.push(("exceeds_budget", boolean(b)));
    }
    if let Some(c) = &j.campaign {
        m.push(("campaign", campaign(c, form)));
    }
    if let Some(r) = &j.runs {
        m.push(("runs", runs(r, form)));
    }
    m.push(("longest_run_seconds", opt(j.longest_run_seconds, uint)));
    spans(&mut m, j.span, form);
    m.push(("nodes", array(&j.nodes, |n| node(n, form))));
    m.push(("edges", array(&j.edges, |e| edge(e, form))));
    object(form, m)
}

fn runs(r: &RunsNote, form: AnalysisForm<'_>) -> String {
    let mut m: Vec<Member> = vec![
        ("keyed", boolean(r.keyed)),
        ("restart", boolean(r.restart)),
        ("max_runs", uint(u64::from(r.max_runs))),
    ];
    if let Some(h) = &r.holdout {
        m.push(("holdout", text(h)));
    }
    m.push(("note", text(&r.note)));
    object(form, m)
}

fn node(n: &Node, form: AnalysisForm<'_>) -> String {
    let mut m: Vec<Member> =
        vec![("id", text(&n.id)), ("kind", text(n.kind.name())), ("label", text(&n.label))];
    spans(&mut m, n.span, form);
    if !n.channels.is_empty() {
        m.push(("channels", array(&n.channels, |c| text(c.name()))));
    }
    if let Some(a) = &n.worst_case_cost {
        m.push(("worst_case_cost", amount(a, form)));
    }
    if !n.variants.is_empty() {
        m.push(("variants", array(&n.variants, |v| variant(v, form))));
    }
    object(form, m)
}

fn variant(v: &VariantCost, form: AnalysisForm<'_>) -> String {
    let mut m: Vec<Member> = vec![
        ("channel", text(v.channel.name())),
        ("message", text(&v.message)),
        ("locale", text(&v.locale)),
        ("units", uint(u64::from(v.units))),
    ];
    if let Some(e) = v.encoding {
        m.push(("encoding", text(e.name())));
    }
    m.push(("cost", amount(&v.cost, form)));
    m.push(("dearest", boolean(v.dearest)));
    object(form, m)
}

fn edge(e: &Edge, form: AnalysisForm<'_>) -> String {
    let mut m: Vec<Member> = vec![("from", text(&e.from)), ("to", text(&e.to))];
    if let Some(l) = &e.label {
        m.push(("label", text(l)));
    }
    object(form, m)
}

#[cfg(test)]
mod tests;
