//! Static cost analysis (`herald analyze`): for each journey, the most messages one run can send
//! and the worst-case cost of one run, over every path, plus its graph for drawing.
//!
//! - A send is one message, priced at its dearest channel (a fallback chain sends once).
//! - `if`, `split` and `wait for` take their worst block (a `wait for` without `timeout`, or an
//!   `if` without `else`, may also take no block at all); `stop` ends the path.
//! - Text with `{{ }}` counts each interpolation as `interpolation_chars` GSM-7 characters.
//! - Destination: one country for the whole run (a profile has one phone number). Either the
//!   one given, or the dearest: every country of the table and `default` (any other country) is
//!   tried and the dearest run wins.
//! - Frequency caps and the budget are not applied to the worst case; the budget is reported
//!   beside it, with `exceeds_budget`.
//!
//! Works on the syntax tree, so it does not depend on the compiler.

use super::content::{for_each_send, sample_text, DEFAULT_INTERPOLATION_CHARS};
use super::country::CountryCode;
use super::graph::{journey_graph, Edge, Node, NodeKind};
use super::money::{decimal_to_micros, format_amount, Amount, Currency};
use super::prices::PriceTable;
use super::quote::{measure, price_units, MessageContent, Quote};
use super::segments::Encoding;
use crate::syntax::ast::{
    ClauseKind, Content, EventMatch, File, Item, Journey, MessageDef, SendOption, Span, Step,
    StepKind,
};
use crate::Channel;
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalyzeOptions {
    /// Price every phone message for this country instead of the dearest one.
    pub country: Option<CountryCode>,
    /// GSM-7 characters each `{{ }}` counts for (default 32).
    pub interpolation_chars: u32,
    /// Campaign estimate: this many profiles entering each journey.
    pub audience: Option<u64>,
}

impl Default for AnalyzeOptions {
    fn default() -> Self {
        AnalyzeOptions {
            country: None,
            interpolation_chars: DEFAULT_INTERPOLATION_CHARS,
            audience: None,
        }
    }
}

/// `{"journeys": [...], "currency": "USD", "prices_as_of": "2026-11-25", ...}`
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Analysis {
    pub journeys: Vec<JourneyAnalysis>,
    pub currency: Currency,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prices_as_of: Option<String>,
    pub interpolation_chars: u32,
    /// With an audience: the sum over journeys of their campaign estimates.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub campaign: Option<Campaign>,
}

/// Where the analysed destination country comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CountrySource {
    /// The dearest country of the table.
    Dearest,
    /// A country outside the table, priced at its `default` rows, is the dearest.
    Default,
    /// The country the caller asked for.
    Given,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JourneyAnalysis {
    pub id: String,
    pub max_messages: u64,
    pub worst_case_cost: Amount,
    /// The margin along the worst-case path, when the table knows every wholesale cost on it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub worst_case_margin: Option<Amount>,
    /// The destination the worst case is priced for; null when no message goes to a phone, or
    /// when the dearest destination is one outside the table (`country_source: "default"`).
    pub country: Option<CountryCode>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country_source: Option<CountrySource>,
    /// True when some message of a given country was priced at the table's `default`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub priced_at_default: bool,
    /// Channels the table has no price for here: they count 0.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unpriced_channels: Vec<Channel>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub budget: Option<Amount>,
    /// Whether the worst case exceeds `budget` (only when both are in the same currency).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exceeds_budget: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub campaign: Option<Campaign>,
    /// How runs count (SPEC §6): set for a journey with `key`, `reentry restart`, or
    /// `holdout`, whose worst case is still that of one run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runs: Option<RunsNote>,
    /// The longest a run can last, in seconds, over every path (waits, quiet hours bounded by
    /// `expire after`; `cost::timing`); null when a `wait until EXPR` leaves it unbounded.
    pub longest_run_seconds: Option<u64>,
    pub span: Span,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

/// What the worst case of a journey with several runs or a control group means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RunsNote {
    /// `key EXPR`: up to `max_runs` runs at once, one per key; each counts as one run.
    pub keyed: bool,
    /// `reentry restart`: a trigger ends the run and starts another; each counts as one run.
    pub restart: bool,
    /// The most runs of this journey one profile can have at once.
    pub max_runs: u32,
    /// `holdout P%`: the control group's share, which sends nothing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holdout: Option<String>,
    /// The same in a sentence, for the CLI and the editor.
    pub note: String,
}

/// The most runs a keyed journey keeps per profile (SPEC §6).
pub const MAX_KEYED_RUNS: u32 = 20;

fn runs_note(journey: &Journey) -> Option<RunsNote> {
    let keyed = journey.clauses().any(|c| matches!(c.kind, ClauseKind::Key(_)));
    let restart = journey
        .clauses()
        .any(|c| matches!(c.kind, ClauseKind::Reentry(crate::syntax::ast::Reentry::Restart)));
    let holdout = journey.clauses().find_map(|c| match &c.kind {
        ClauseKind::Holdout(p) => Some(format!("{}%", p.text)),
        _ => None,
    });
    if !keyed && !restart && holdout.is_none() {
        return None;
    }
    let mut parts = Vec::new();
    if keyed {
        parts.push(format!(
            "the figures are for one run; `key` allows up to {MAX_KEYED_RUNS} runs at once per profile, one per key, each counted as one run"
        ));
    }
    if restart {
        parts.push(
            "`reentry restart` ends a run and starts another on each trigger; each counts as one run"
                .to_string(),
        );
    }
    if let Some(h) = &holdout {
        parts.push(format!("a holdout of {h} of profiles enters and sends nothing"));
    }
    Some(RunsNote {
        keyed,
        restart,
        max_runs: if keyed { MAX_KEYED_RUNS } else { 1 },
        holdout,
        note: parts.join("; "),
    })
}

/// The worst case multiplied by an audience.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Campaign {
    pub audience: u64,
    pub max_messages: u64,
    pub worst_case_cost: Amount,
}

/// Analyses every journey of the file (in file order).
pub fn analyze(file: &File, table: &PriceTable, opts: &AnalyzeOptions) -> Analysis {
    let mut messages: Messages<'_> = HashMap::new();
    for item in &file.items {
        if let Item::Message(m) = item {
            if let Some(id) = m.id.as_plain() {
                messages.entry(id).or_insert(m);
            }
        }
    }
    let journeys: Vec<JourneyAnalysis> = file
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Journey(j) => {
                let mut a = analyze_journey(j, &messages, table, opts);
                a.longest_run_seconds = super::timing::longest_run_seconds(file, j);
                Some(a)
            }
            _ => None,
        })
        .collect();
    let campaign = opts.audience.map(|audience| {
        let messages = journeys
            .iter()
            .filter_map(|j| j.campaign.as_ref())
            .fold(0u64, |acc, c| acc.saturating_add(c.max_messages));
        let micros = journeys
            .iter()
            .filter_map(|j| j.campaign.as_ref())
            .fold(0i64, |acc, c| acc.saturating_add(c.worst_case_cost.micros));
        Campaign {
            audience,
            max_messages: messages,
            worst_case_cost: Amount::new(micros, table.currency()),
        }
    });
    Analysis {
        journeys,
        currency: table.currency(),
        prices_as_of: table.as_of().map(str::to_string),
        interpolation_chars: opts.interpolation_chars,
        campaign,
    }
}

/// The `message` items of a file by id (the first of each id).
type Messages<'f> = HashMap<String, &'f MessageDef>;

/// A send option measured once (units, encoding), ready to be priced for any country. A
/// `message` is measured at its dearest variant (SPEC §6); `variants` holds every variant.
struct PricedOption {
    channel: Option<Channel>,
    units: u32,
    encoding: Option<Encoding>,
    variants: Vec<MeasuredVariant>,
}

/// One variant of a message as a send measures it.
struct MeasuredVariant {
    message: String,
    locale: String,
    units: u32,
    encoding: Option<Encoding>,
    dearest: bool,
}

/// A variant of a message sent by a step (`Node::variants`): its segments and its cost at the
/// analysed destination; `dearest` marks the one the worst case counts (SPEC §6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VariantCost {
    pub channel: Channel,
    pub message: String,
    pub locale: String,
    /// Segments for SMS, minutes for voice, 1 for other channels.
    pub units: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<Encoding>,
    pub cost: Amount,
    pub dearest: bool,
}

impl PricedOption {
    fn quote(&self, table: &PriceTable, country: Option<CountryCode>) -> Option<Quote> {
        Some(price_units(table, self.channel?, country, self.units, self.encoding))
    }
}

fn analyze_journey(
    journey: &Journey,
    messages: &Messages<'_>,
    table: &PriceTable,
    opts: &AnalyzeOptions,
) -> JourneyAnalysis {
    let currency = table.currency();
    // Each send's options, keyed by the send step's span (unique per step).
    let mut sends: HashMap<Span, Vec<PricedOption>> = HashMap::new();
    for_each_send(journey.steps(), &mut |step, options| {
        sends.insert(step.span, options.iter().map(|o| priced(o, messages, opts)).collect());
    });
    let resumes = |event: &EventMatch| !crate::check::never_resumes(journey, event);
    let uses_phone = sends.values().flatten().any(|o| o.channel.is_some_and(Channel::uses_phone));

    // The dearest send of a step for a country: (cost, margin, from default, unpriced channels).
    let send_cost = |span: Span, country: Option<CountryCode>| -> Cost {
        let mut best: Option<Quote> = None;
        for q in sends.get(&span).into_iter().flatten().filter_map(|o| o.quote(table, country)) {
            if best.is_none_or(|b| q.micros > b.micros) {
                best = Some(q);
            }
        }
        best.map_or(Cost::ZERO, |q| Cost { micros: q.micros, margin: q.margin_micros })
    };
    let worst_for = |country: Option<CountryCode>| -> Cost {
        walk(journey.steps(), &|step: &Step| send_cost(step.span, country), &resumes).best()
    };

    let (country, country_source, worst) = match (opts.country, uses_phone) {
        (Some(c), _) => (Some(c), Some(CountrySource::Given), worst_for(Some(c))),
        (None, false) => (None, None, worst_for(None)),
        (None, true) => {
            // Named countries first, so that one wins a tie with `default`.
            let mut best: Option<(Option<CountryCode>, Cost)> = None;
            let candidates = table.countries().into_iter().map(Some).chain([None]);
            for c in candidates {
                let cost = worst_for(c);
                if best.as_ref().is_none_or(|(_, b)| cost.micros > b.micros) {
                    best = Some((c, cost));
                }
            }
            let (c, cost) = best.unwrap_or((None, Cost::ZERO));
            let source = if c.is_some() { CountrySource::Dearest } else { CountrySource::Default };
            (c, Some(source), cost)
        }
    };

    let max_messages = walk(journey.steps(), &|_: &Step| 1u64, &resumes).best();

    // Per-send details at the chosen destination: node costs, unpriced channels, defaults.
    let mut unpriced: Vec<Channel> = Vec::new();
    let mut priced_at_default = false;
    let mut node_costs: HashMap<Span, i64> = HashMap::new();
    for (span, options) in &sends {
        let mut dearest = 0i64;
        for q in options.iter().filter_map(|o| o.quote(table, country)) {
            dearest = dearest.max(q.micros);
            if !q.price_known && !unpriced.contains(&q.channel) {
                unpriced.push(q.channel);
            }
            priced_at_default |= country.is_some() && q.priced_from_default;
        }
        node_costs.insert(*span, dearest);
    }
    crate::sort::sort(&mut unpriced);

    let (mut nodes, edges) = journey_graph(journey);
    for node in nodes.iter_mut().filter(|n| n.kind == NodeKind::Send) {
        if let Some(&micros) = node_costs.get(&node.span) {
            node.worst_case_cost = Some(Amount::new(micros, currency));
        }
        for o in sends.get(&node.span).into_iter().flatten() {
            let Some(channel) = o.channel else { continue };
            for v in &o.variants {
                let q = price_units(table, channel, country, v.units, v.encoding);
                node.variants.push(VariantCost {
                    channel,
                    message: v.message.clone(),
                    locale: v.locale.clone(),
                    units: v.units,
                    encoding: v.encoding,
                    cost: Amount::new(q.micros, currency),
                    dearest: v.dearest,
                });
            }
        }
    }

    let budget = journey.clauses().find_map(|c| match &c.kind {
        ClauseKind::Budget(m) => decimal_to_micros(&m.amount).ok().map(|micros| Amount {
            amount: format_amount(micros),
            micros,
            currency: m.currency.clone(),
        }),
        _ => None,
    });
    let exceeds_budget = budget
        .as_ref()
        .filter(|b| b.currency == currency.as_str())
        .map(|b| worst.micros > b.micros);
    let campaign = opts.audience.map(|audience| {
        let n = i64::try_from(audience).unwrap_or(i64::MAX);
        Campaign {
            audience,
            max_messages: max_messages.saturating_mul(audience),
            worst_case_cost: Amount::new(worst.micros.saturating_mul(n), currency),
        }
    });

    JourneyAnalysis {
        id: journey.id.as_plain().unwrap_or_default(),
        longest_run_seconds: None,
        max_messages,
        worst_case_cost: Amount::new(worst.micros, currency),
        worst_case_margin: worst.margin.map(|m| Amount::new(m, currency)),
        country,
        country_source,
        priced_at_default,
        unpriced_channels: unpriced,
        budget,
        exceeds_budget,
        campaign,
        runs: runs_note(journey),
        span: journey.span,
        nodes,
        edges,
    }
}

fn priced(option: &SendOption, messages: &Messages<'_>, opts: &AnalyzeOptions) -> PricedOption {
    let channel = Channel::from_name(&option.channel.name);
    let text = match &option.content {
        Content::Text(lit) => Some(sample_text(lit, opts.interpolation_chars)),
        Content::Template(_) => None,
        Content::Message(id) => {
            let message = id.as_plain().and_then(|id| messages.get(&id).map(|m| (id, *m)));
            let Some((id, message)) = message else {
                return PricedOption { channel, units: 1, encoding: None, variants: Vec::new() };
            };
            let mut variants: Vec<MeasuredVariant> = message
                .variants
                .iter()
                .map(|v| {
                    let text = sample_text(&v.text, opts.interpolation_chars);
                    let (units, encoding) =
                        channel.map_or((1, None), |c| measure(c, MessageContent::Text(&text)));
                    MeasuredVariant {
                        message: id.clone(),
                        locale: v.locale.name.clone(),
                        units,
                        encoding,
                        dearest: false,
                    }
                })
                .collect();
            // The dearest: the most units, the first of them on a tie.
            let mut dearest: Option<usize> = None;
            for (i, v) in variants.iter().enumerate() {
                if dearest.and_then(|d| variants.get(d)).is_none_or(|d| v.units > d.units) {
                    dearest = Some(i);
                }
            }
            let (units, encoding) = match dearest.and_then(|d| variants.get_mut(d)) {
                Some(v) => {
                    v.dearest = true;
                    (v.units, v.encoding)
                }
                None => (1, None),
            };
            return PricedOption { channel, units, encoding, variants };
        }
    };
    let content = match &text {
        Some(t) => MessageContent::Text(t),
        None => MessageContent::Template,
    };
    let (units, encoding) = channel.map_or((1, None), |c| measure(c, content));
    PricedOption { channel, units, encoding, variants: Vec::new() }
}

/// Something a path accumulates and we maximise: a cost or a message count.
trait PathValue: Copy {
    const ZERO: Self;
    fn plus(self, other: Self) -> Self;
    fn exceeds(self, other: Self) -> bool;
}

impl PathValue for u64 {
    const ZERO: Self = 0;
    fn plus(self, other: Self) -> Self {
        self.saturating_add(other)
    }
    fn exceeds(self, other: Self) -> bool {
        self > other
    }
}

/// A path's cost, with its margin while every message on it has a known wholesale cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Cost {
    micros: i64,
    margin: Option<i64>,
}

impl PathValue for Cost {
    const ZERO: Self = Cost { micros: 0, margin: Some(0) };
    fn plus(self, other: Self) -> Self {
        Cost {
            micros: self.micros.saturating_add(other.micros),
            margin: match (self.margin, other.margin) {
                (Some(a), Some(b)) => Some(a.saturating_add(b)),
                _ => None,
            },
        }
    }
    fn exceeds(self, other: Self) -> bool {
        self.micros > other.micros
    }
}

/// The best (largest) value over the paths through a block: those that reach its end
/// (`through`) and those that end at a `stop` inside it (`stopped`). `None`: no such path.
#[derive(Debug, Clone, Copy)]
struct Outcome<V> {
    through: Option<V>,
    stopped: Option<V>,
}

impl<V: PathValue> Outcome<V> {
    fn best(self) -> V {
        max(self.through, self.stopped).unwrap_or(V::ZERO)
    }
}

fn max<V: PathValue>(a: Option<V>, b: Option<V>) -> Option<V> {
    match (a, b) {
        (Some(x), Some(y)) => Some(if y.exceeds(x) { y } else { x }),
        (x, None) => x,
        (None, y) => y,
    }
}

fn plus<V: PathValue>(a: Option<V>, b: Option<V>) -> Option<V> {
    Some(a?.plus(b?))
}

/// Walks the steps, maximising over paths. Recursion follows the block nesting, which the parser
/// bounds.
fn walk<'a, V: PathValue>(
    steps: impl IntoIterator<Item = &'a Step>,
    send: &impl Fn(&'a Step) -> V,
    resumes: &impl Fn(&'a EventMatch) -> bool,
) -> Outcome<V> {
    let mut through = Some(V::ZERO);
    let mut stopped: Option<V> = None;
    for step in steps {
        // The blocks a step may continue in; `true` when it may also skip them all.
        let blocks: Vec<Outcome<V>> = match &step.kind {
            StepKind::Send(_) => {
                through = plus(through, Some(send(step)));
                continue;
            }
            StepKind::Stop => {
                stopped = max(stopped, through);
                through = None;
                continue;
            }
            StepKind::Wait(_)
            | StepKind::WaitUntil(_)
            | StepKind::Set { .. }
            | StepKind::Unknown(_) => continue,
            StepKind::WaitUntilDays { .. } | StepKind::WaitUntilExpr(_) => continue,
            StepKind::Digest(_) => continue,
            StepKind::If { branches, otherwise } => {
                let mut v: Vec<Outcome<V>> =
                    branches.iter().map(|(_, b)| walk(&b.steps, send, resumes)).collect();
                v.push(match otherwise {
                    Some(b) => walk(&b.steps, send, resumes),
                    None => Outcome::skip(),
                });
                v
            }
            StepKind::Split(arms) => {
                let v: Vec<Outcome<V>> =
                    arms.iter().map(|a| walk(&a.body.steps, send, resumes)).collect();
                if v.is_empty() {
                    vec![Outcome::skip()]
                } else {
                    v
                }
            }
            // An event block an `exit when` swallows never runs (W0008): left out.
            StepKind::WaitFor { event, body, timeout, .. } => vec![
                if resumes(event) { walk(&body.steps, send, resumes) } else { Outcome::never() },
                match timeout {
                    Some(t) => walk(&t.steps, send, resumes),
                    None => Outcome::skip(),
                },
            ],
        };
        let block_through = blocks.iter().fold(None, |acc, o| max(acc, o.through));
        let block_stopped = blocks.iter().fold(None, |acc, o| max(acc, o.stopped));
        stopped = max(stopped, plus(through, block_stopped));
        through = plus(through, block_through);
    }
    Outcome { through, stopped }
}

impl<V: PathValue> Outcome<V> {
    /// An empty block: goes through, costs nothing.
    fn skip() -> Self {
        Outcome { through: Some(V::ZERO), stopped: None }
    }
    /// A block no path enters.
    fn never() -> Self {
        Outcome { through: None, stopped: None }
    }
}

impl Analysis {
    /// A table for people: one line per journey, then notes.
    pub fn render_table(&self) -> String {
        let cur = self.currency.as_str();
        let mut header = vec![
            "journey".to_string(),
            "max messages".to_string(),
            format!("worst case ({cur})"),
            "destination".to_string(),
        ];
        if self.campaign.is_some() {
            header.push("campaign messages".into());
            header.push(format!("campaign cost ({cur})"));
        }
        let mut rows = vec![header];
        let mut notes = Vec::new();
        for j in &self.journeys {
            let destination = match (j.country, j.country_source) {
                (Some(c), Some(CountrySource::Given)) => c.to_string(),
                (Some(c), _) => format!("{c} (dearest)"),
                (None, Some(_)) => "other (default)".to_string(),
                (None, None) => "-".to_string(),
            };
            let mut row = vec![
                j.id.clone(),
                j.max_messages.to_string(),
                j.worst_case_cost.amount.clone(),
                destination,
            ];
            if let Some(c) = &j.campaign {
                row.push(c.max_messages.to_string());
                row.push(c.worst_case_cost.amount.clone());
            }
            rows.push(row);
            if let (Some(true), Some(b)) = (j.exceeds_budget, &j.budget) {
                notes.push(format!(
                    "{}: the worst case exceeds the budget of {} {} per entry (the budget suppresses the excess)",
                    j.id, b.amount, b.currency
                ));
            }
            if let Some(m) = &j.worst_case_margin {
                notes.push(format!("{}: margin on the worst-case path {} {cur}", j.id, m.amount));
            }
            if !j.unpriced_channels.is_empty() {
                let names: Vec<&str> = j.unpriced_channels.iter().map(|c| c.name()).collect();
                notes.push(format!("{}: no price for {} (counted as 0)", j.id, names.join(", ")));
            }
            if j.priced_at_default {
                notes.push(format!("{}: priced at the table's default for this destination", j.id));
            }
            if let Some(r) = &j.runs {
                notes.push(format!("{}: {}", j.id, r.note));
            }
            // A message in several languages is counted at its dearest variant (SPEC §6): say
            // which, beside the cheapest, where they differ.
            for n in &j.nodes {
                for ch in n.channels.iter() {
                    let of: Vec<&VariantCost> =
                        n.variants.iter().filter(|v| v.channel == *ch).collect();
                    let dearest = of.iter().find(|v| v.dearest);
                    let cheapest = of.iter().min_by_key(|v| v.cost.micros);
                    if let (Some(d), Some(c)) = (dearest, cheapest) {
                        if d.cost.micros > c.cost.micros {
                            notes.push(format!(
                                "{}: step {} {} message \"{}\" counted at its dearest variant `{}` ({}) against {} for `{}`",
                                j.id, n.id, ch.name(), d.message, d.locale, show_units(d), show_units(c), c.locale
                            ));
                        }
                    }
                }
            }
        }
        if let Some(c) = &self.campaign {
            let mut total = vec![
                "total".to_string(),
                String::new(),
                String::new(),
                String::new(),
                c.max_messages.to_string(),
                c.worst_case_cost.amount.clone(),
            ];
            total.truncate(rows.first().map_or(0, Vec::len));
            rows.push(total);
            notes.push(format!("campaign: {} profiles entering each journey", c.audience));
        }
        let widths: Vec<usize> = (0..rows.first().map_or(0, Vec::len))
            .map(|i| {
                rows.iter().filter_map(|r| r.get(i)).map(|c| c.chars().count()).max().unwrap_or(0)
            })
            .collect();
        let mut out = String::new();
        for row in &rows {
            let cells: Vec<String> = row
                .iter()
                .zip(&widths)
                .enumerate()
                .map(|(i, (cell, &w))| {
                    // Numbers right-aligned, text left-aligned.
                    if i == 0 || i == 3 {
                        format!("{cell:<w$}")
                    } else {
                        format!("{cell:>w$}")
                    }
                })
                .collect();
            out.push_str(cells.join("  ").trim_end());
            out.push('\n');
        }
        let mut footer = format!(
            "Worst case of one run over every path; each {{{{ }}}} counts as {} characters.",
            self.interpolation_chars
        );
        if let Some(d) = &self.prices_as_of {
            footer.push_str(&format!(" Prices in {cur} as of {d}."));
        }
        out.push('\n');
        out.push_str(&footer);
        out.push('\n');
        for n in notes {
            out.push_str("- ");
            out.push_str(&n);
            out.push('\n');
        }
        out
    }
}

/// `2 segments, UCS-2, 0.025 USD`.
fn show_units(v: &VariantCost) -> String {
    let mut out = String::new();
    if v.channel == Channel::Sms {
        let s = if v.units == 1 { "" } else { "s" };
        out.push_str(&format!("{} segment{s}, ", v.units));
        if let Some(e) = v.encoding {
            out.push_str(e.name());
            out.push_str(", ");
        }
    }
    out.push_str(&format!("{} {}", v.cost.amount, v.cost.currency.as_str()));
    out
}

mod json;
pub use json::AnalysisForm;

#[cfg(test)]
mod tests;
