//! Checked AST → `Program`: the immutable, shareable evaluation form of a `.herald` file. See
//! `ir` for what it holds and docs/evaluation.md for the step-id scheme.

mod expr;
pub mod ir;
mod lower;
pub mod names;
pub mod saved_form;

use crate::cost::PriceTable;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::syntax::ast::File;
use crate::tz::Tz;
use std::sync::Arc;

/// A compiled `.herald` file: what the evaluator runs. The crate `herald-engine` wraps it in its
/// shareable `Program`.
///
/// Saved whole by `Program::save` (`herald build`): `saved_form` writes and reads every field
/// (a field added here is added there too; its tests compare the bytes with postcard's, through
/// serde derives that exist in tests only). The syntax tree is not saved (the source is, and is
/// parsed again where analysis needs it).
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub struct ProgramData {
    pub source: Arc<str>,
    #[cfg_attr(test, serde(skip, default = "no_syntax"))]
    pub file: Arc<File>,
    pub journeys: Vec<ir::Journey>,
    pub segments: Vec<ir::Expr>,
    pub policy_limits: Vec<ir::Limit>,
    pub default_tz: Tz,
    pub names: names::EventNames,
    pub keys: names::ProfileKeys,
    pub event_keys: names::ProfileKeys,
    pub warnings: Vec<Diagnostic>,
    /// The price table given at compile time; `None`: the built-in one.
    pub prices: Option<Arc<PriceTable>>,
    /// How far back evaluation reads `profile.events` (`event_window`).
    pub event_window: EventWindow,
    /// `message` items (SPEC §6), indexed by `ir::Content::Message`.
    pub messages: Vec<ir::Message>,
    /// The topics journeys name (`ir::Topic::index`): what the readers keep of
    /// `subscriptions.topics`.
    pub topics: Vec<Arc<str>>,
    #[cfg_attr(test, serde(serialize_with = "names::sorted_map"))]
    journey_index: names::FnvMap<Arc<str>, u32>,
}

/// The syntax tree of a program loaded from its saved form, until it is parsed again.
fn no_syntax() -> Arc<File> {
    Arc::new(File { items: Vec::new(), comments: Vec::new() })
}

impl ProgramData {
    /// The index of a journey by id.
    pub fn journey_index(&self, id: &str) -> Option<usize> {
        self.journey_index.get(id).map(|&i| i as usize)
    }

    /// Whether the journey of this index is `transactional` (its sends do not count toward
    /// policy limits). A send of a journey the program no longer has counts.
    pub fn is_transactional(&self, journey: Option<u32>) -> bool {
        journey.and_then(|i| self.journeys.get(i as usize)).is_some_and(|j| j.transactional)
    }

    /// Whether evaluation reads `profile.events`: some `count(...)` counts past events, or a
    /// path reads the list itself. Only then are past events validated and limited (SPEC §6):
    /// a program that never reads them does not refuse a request for them.
    pub fn reads_past_events(&self) -> bool {
        self.names.counted.iter().any(|c| *c) || self.keys.get("events").is_some()
    }

    /// The slot of `profile.locale` when the program has messages.
    pub fn locale_slot(&self) -> Option<ir::SlotId> {
        if self.messages.is_empty() {
            None
        } else {
            self.keys.get(lower::LOCALE_KEY)
        }
    }

    /// The program's price table (a request's `prices` replaces it for that request).
    pub fn prices(&self) -> &PriceTable {
        match &self.prices {
            Some(p) => p,
            None => PriceTable::builtin(),
        }
    }
}

/// How far back evaluation can read `profile.events`: what a caller that keeps a profile's
/// events (the simulator, an edge store) must keep. Evaluation at `now` reads no event older
/// than `now - ms` (`count(... within D)` counts events in `[now − D, now]`), so once every
/// later evaluation is at `now` or after, events older than `now - ms` can be dropped without
/// changing any response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub enum EventWindow {
    /// No journey reads past events: none need be kept.
    None,
    /// The longest `within` of the program's reads of past events, in milliseconds.
    Within(i64),
    /// A journey reads the list itself (`profile.events`): every event matters.
    All,
}

/// The event window of a compiled program: the one place that decides it, from what the
/// lowerer recorded (`Lowerer::reads_past_events`, called by `count` and by every other read of
/// past events) and whether a path reads `profile.events` itself.
fn event_window(
    names: &names::EventNames,
    keys: &names::ProfileKeys,
    max_within_ms: i64,
) -> EventWindow {
    if keys.get("events").is_some() {
        EventWindow::All
    } else if names.counted.iter().any(|c| *c) {
        EventWindow::Within(max_within_ms.max(0))
    } else {
        EventWindow::None
    }
}

/// Parse, check and compile a source text, priced with `prices` (`None`: the built-in table).
/// Errors (syntax or checker) are returned sorted by position; the checker's warnings are kept
/// in the program.
pub fn build(source: &str, prices: Option<Arc<PriceTable>>) -> Result<ProgramData, Diagnostics> {
    let file = crate::syntax::parse(source)?;
    let table = prices.as_deref().unwrap_or_else(|| PriceTable::builtin());
    let mut checked = Diagnostics(crate::check::check_priced(&file, table.currency().as_str()));
    checked.sort();
    if checked.has_errors() {
        checked.0.retain(Diagnostic::is_error);
        return Err(checked);
    }
    let warnings = checked.0;
    let lowered = lower::lower(&file).map_err(|mut d| {
        d.retain(Diagnostic::is_error);
        let mut d = Diagnostics(d);
        d.sort();
        d
    })?;
    let mut lowered = lowered;
    let ast_journeys = file.items.iter().filter_map(|i| match i {
        crate::syntax::ast::Item::Journey(j) => Some(j),
        _ => None,
    });
    for (aj, j) in ast_journeys.zip(lowered.journeys.iter_mut()) {
        // Both are in document order (steps are flattened depth first, each before its blocks):
        // the printer's steps and the flattened ones pair up; a mismatch is an internal error.
        let prints = crate::format::journey_fingerprints(aj, source);
        let paired = prints.len() == j.steps.len()
            && prints.iter().zip(&j.steps).all(|((at, _), s)| *at == s.span.start);
        if !paired {
            return Err(Diagnostics(vec![Diagnostic::error(
                crate::diagnostics::codes::INTERNAL,
                aj.id.span,
                "internal error: the steps of this journey could not be fingerprinted",
            )]));
        }
        for ((_, print), step) in prints.into_iter().zip(j.steps.iter_mut()) {
            step.fingerprint = print;
        }
    }
    let journey_index = lowered
        .journeys
        .iter()
        .enumerate()
        .map(|(i, j)| (j.id.clone(), u32::try_from(i).unwrap_or(u32::MAX)))
        .collect();
    let event_window = event_window(&lowered.names, &lowered.keys, lowered.max_past_window_ms);
    Ok(ProgramData {
        event_window,
        source: source.into(),
        file: Arc::new(file),
        journeys: lowered.journeys,
        segments: lowered.segments,
        policy_limits: lowered.policy_limits,
        default_tz: lowered.default_tz,
        names: lowered.names,
        keys: lowered.keys,
        event_keys: lowered.event_keys,
        warnings,
        prices,
        journey_index,
        messages: lowered.messages,
        topics: lowered.topics,
    })
}

/// A fingerprint of this crate's sources (build.rs): a saved program is read back only by a
/// build whose fingerprint is the same, because the saved form is these types field by field.
pub const SOURCE_FINGERPRINT: &str = env!("HERALD_LANG_FINGERPRINT");
