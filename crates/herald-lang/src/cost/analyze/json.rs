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
use crate::write::{member, Member, Writer};

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
        let mut w = Writer::with_capacity(4096);
        analysis(&mut w, self, form);
        w.finish()
    }

    /// The first amount's micros (in the order the sorted form writes them) that a JS number
    /// cannot hold exactly: beyond 2^53 - 1 in magnitude.
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

fn sorted(form: AnalysisForm<'_>) -> bool {
    matches!(form, AnalysisForm::SortedUtf16(_))
}

fn analysis(w: &mut Writer, a: &Analysis, form: AnalysisForm<'_>) {
    let mut m: Vec<Member<'_>> = vec![
        member("journeys", move |w| {
            w.raw("[");
            for (i, j) in a.journeys.iter().enumerate() {
                w.comma(i);
                journey(w, j, form);
            }
            w.raw("]");
        }),
        member("currency", |w| w.string(a.currency.as_str())),
    ];
    if let Some(p) = &a.prices_as_of {
        m.push(member("prices_as_of", move |w| w.string(p)));
    }
    m.push(member("interpolation_chars", |w| w.uint(u64::from(a.interpolation_chars))));
    if let Some(c) = &a.campaign {
        m.push(member("campaign", move |w| campaign(w, c, form)));
    }
    w.object(sorted(form), m);
}

fn amount(w: &mut Writer, a: &Amount, form: AnalysisForm<'_>) {
    w.object(
        sorted(form),
        vec![
            member("amount", |w| w.string(&a.amount)),
            member("micros", |w| w.int(a.micros)),
            member("currency", |w| w.string(&a.currency)),
        ],
    );
}

fn span(w: &mut Writer, s: Span, form: AnalysisForm<'_>) {
    w.object(
        sorted(form),
        vec![member("start", |w| w.usize(s.start)), member("end", |w| w.usize(s.end))],
    );
}

/// The `span` member, and in the sorted form `span_utf16` (as `{"end", "start"}`).
fn spans<'a>(m: &mut Vec<Member<'a>>, s: Span, form: AnalysisForm<'a>) {
    m.push(member("span", move |w| span(w, s, form)));
    if let AnalysisForm::SortedUtf16(index) = form {
        m.push(member("span_utf16", move |w| {
            w.raw("{\"end\":");
            w.usize(index.utf16(s.end));
            w.raw(",\"start\":");
            w.usize(index.utf16(s.start));
            w.raw("}");
        }));
    }
}

fn campaign(w: &mut Writer, c: &Campaign, form: AnalysisForm<'_>) {
    w.object(
        sorted(form),
        vec![
            member("audience", |w| w.uint(c.audience)),
            member("max_messages", |w| w.uint(c.max_messages)),
            member("worst_case_cost", move |w| amount(w, &c.worst_case_cost, form)),
        ],
    );
}

fn journey(w: &mut Writer, j: &JourneyAnalysis, form: AnalysisForm<'_>) {
    let mut m: Vec<Member<'_>> = vec![
        member("id", |w| w.string(&j.id)),
        member("max_messages", |w| w.uint(j.max_messages)),
        member("worst_case_cost", move |w| amount(w, &j.worst_case_cost, form)),
    ];
    if let Some(a) = &j.worst_case_margin {
        m.push(member("worst_case_margin", move |w| amount(w, a, form)));
    }
    m.push(member("country", |w| w.opt_string(j.country.as_ref().map(|c| c.as_str()))));
    if let Some(s) = j.country_source {
        m.push(member("country_source", move |w| w.string(s.name())));
    }
    if j.priced_at_default {
        m.push(member("priced_at_default", |w| w.bool(true)));
    }
    if !j.unpriced_channels.is_empty() {
        m.push(member("unpriced_channels", |w| {
            w.strings(j.unpriced_channels.iter().map(|c| c.name()));
        }));
    }
    if let Some(a) = &j.budget {
        m.push(member("budget", move |w| amount(w, a, form)));
    }
    if let Some(b) = j.exceeds_budget {
        m.push(member("exceeds_budget", move |w| w.bool(b)));
    }
    if let Some(c) = &j.campaign {
        m.push(member("campaign", move |w| campaign(w, c, form)));
    }
    if let Some(r) = &j.runs {
        m.push(member("runs", move |w| runs(w, r, form)));
    }
    m.push(member("longest_run_seconds", |w| w.opt_uint(j.longest_run_seconds)));
    spans(&mut m, j.span, form);
    m.push(member("nodes", move |w| {
        w.raw("[");
        for (i, n) in j.nodes.iter().enumerate() {
            w.comma(i);
            node(w, n, form);
        }
        w.raw("]");
    }));
    m.push(member("edges", move |w| {
        w.raw("[");
        for (i, e) in j.edges.iter().enumerate() {
            w.comma(i);
            edge(w, e, form);
        }
        w.raw("]");
    }));
    w.object(sorted(form), m);
}

fn runs(w: &mut Writer, r: &RunsNote, form: AnalysisForm<'_>) {
    let mut m: Vec<Member<'_>> = vec![
        member("keyed", |w| w.bool(r.keyed)),
        member("restart", |w| w.bool(r.restart)),
        member("max_runs", |w| w.uint(u64::from(r.max_runs))),
    ];
    if let Some(h) = &r.holdout {
        m.push(member("holdout", move |w| w.string(h)));
    }
    m.push(member("note", |w| w.string(&r.note)));
    w.object(sorted(form), m);
}

fn node(w: &mut Writer, n: &Node, form: AnalysisForm<'_>) {
    let mut m: Vec<Member<'_>> = vec![
        member("id", |w| w.string(&n.id)),
        member("kind", |w| w.string(n.kind.name())),
        member("label", |w| w.string(&n.label)),
    ];
    spans(&mut m, n.span, form);
    if !n.channels.is_empty() {
        m.push(member("channels", |w| w.strings(n.channels.iter().map(|c| c.name()))));
    }
    if let Some(a) = &n.worst_case_cost {
        m.push(member("worst_case_cost", move |w| amount(w, a, form)));
    }
    if !n.variants.is_empty() {
        m.push(member("variants", move |w| {
            w.raw("[");
            for (i, v) in n.variants.iter().enumerate() {
                w.comma(i);
                variant(w, v, form);
            }
            w.raw("]");
        }));
    }
    w.object(sorted(form), m);
}

fn variant(w: &mut Writer, v: &VariantCost, form: AnalysisForm<'_>) {
    let mut m: Vec<Member<'_>> = vec![
        member("channel", |w| w.string(v.channel.name())),
        member("message", |w| w.string(&v.message)),
        member("locale", |w| w.string(&v.locale)),
        member("units", |w| w.uint(u64::from(v.units))),
    ];
    if let Some(e) = v.encoding {
        m.push(member("encoding", move |w| w.string(e.name())));
    }
    m.push(member("cost", move |w| amount(w, &v.cost, form)));
    m.push(member("dearest", |w| w.bool(v.dearest)));
    w.object(sorted(form), m);
}

fn edge(w: &mut Writer, e: &Edge, form: AnalysisForm<'_>) {
    let mut m: Vec<Member<'_>> =
        vec![member("from", |w| w.string(&e.from)), member("to", |w| w.string(&e.to))];
    if let Some(l) = &e.label {
        m.push(member("label", move |w| w.string(l)));
    }
    w.object(sorted(form), m);
}

#[cfg(test)]
mod tests;
