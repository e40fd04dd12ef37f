//! [`Program`]: a compiled `.herald` file, shareable and immutable, and its saved form
//! ([`Program::save`], [`Program::load`]: `herald build`'s `.hbc` files). Its data (the crate
//! `herald-lang`'s compiled form) is internal; evaluation is in [`crate::eval`], the analysis in
//! [`crate::cost`].

use herald_lang::compile::{build, ProgramData};
use herald_lang::cost::{Analysis, AnalyzeOptions, PriceTable};
use herald_lang::diagnostics::{Diagnostic, Diagnostics};
use herald_lang::syntax::ast::File;
use std::sync::Arc;

mod saved;
pub use herald_lang::compile::EventWindow;
pub use saved::{LoadError, FORMAT_VERSION, MAGIC, MAX_PAYLOAD_BYTES};

/// A compiled `.herald` file. Cheap to clone (one reference count) and safe to share between
/// threads; evaluating it never changes it.
#[derive(Clone)]
pub struct Program {
    pub(crate) inner: Arc<ProgramData>,
}

impl Program {
    fn from_data(data: ProgramData) -> Program {
        Program { inner: Arc::new(data) }
    }
}

impl std::fmt::Debug for Program {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Program").field("journeys", &self.journey_ids()).finish_non_exhaustive()
    }
}

/// Parse, check and compile a source text, priced with the built-in price table. Errors (syntax
/// or checker) are returned sorted by position; the checker's warnings stay available through
/// [`Program::warnings`].
pub fn compile(source: &str) -> Result<Program, Diagnostics> {
    build(source, None).map(Program::from_data)
}

/// Like [`compile`], with a price table of its own instead of the built-in one.
pub fn compile_with_prices(source: &str, prices: &PriceTable) -> Result<Program, Diagnostics> {
    build(source, Some(Arc::new(prices.clone()))).map(Program::from_data)
}

impl Program {
    /// The journey ids, in file order.
    pub fn journey_ids(&self) -> Vec<&str> {
        self.inner.journeys.iter().map(|j| &*j.id).collect()
    }

    /// The checker's warnings for the source this program was compiled from.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.inner.warnings
    }

    /// The source text this program was compiled from.
    pub fn source(&self) -> &str {
        &self.inner.source
    }

    /// The price table decisions are priced with (unless a request brings its own).
    pub fn prices(&self) -> &PriceTable {
        self.inner.prices()
    }

    /// The static cost analysis of every journey (SPEC §3), with the program's price table.
    pub fn analyze(&self, opts: &AnalyzeOptions) -> Analysis {
        herald_lang::cost::analyze(&self.inner.file, self.inner.prices(), opts)
    }

    /// The static cost analysis with another price table.
    pub fn analyze_with_prices(&self, prices: &PriceTable, opts: &AnalyzeOptions) -> Analysis {
        herald_lang::cost::analyze(&self.inner.file, prices, opts)
    }

    /// The checked syntax tree (internal: the tree is `herald-lang`'s).
    pub(crate) fn file(&self) -> &File {
        &self.inner.file
    }

    /// Every top-level profile key evaluation can read: herald's own keys (`id`, `timezone`,
    /// `phone`, `email`, `push_token`, `subscriptions`, `events`) and the first key of every
    /// `profile.X` path, in that order, without repeats. A binding may pass only these keys.
    pub fn profile_keys(&self) -> Vec<&str> {
        let mut keys: Vec<&str> = crate::eval::ProfileKey::NAMES.to_vec();
        for k in self.inner.keys.keys.iter() {
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
        keys
    }

    /// The names of the past events some `count(...)` counts: the only entries of
    /// `profile.events` evaluation looks at (unless [`Program::reads_event_list`]).
    pub fn counted_events(&self) -> Vec<&str> {
        let names = &self.inner.names;
        names
            .names
            .iter()
            .enumerate()
            .filter(|(i, _)| names.counted.get(*i).copied().unwrap_or(false))
            .map(|(_, n)| n)
            .collect()
    }

    /// True when a journey reads `profile.events` itself (e.g. `len(profile.events)`): then a
    /// binding must pass every past event, not only the counted ones.
    pub fn reads_event_list(&self) -> bool {
        self.inner.keys.get("events").is_some()
    }

    /// True when some journey names this event (a trigger, an exit, a `wait for`, a `count`).
    /// An event of any other name matches nothing and its properties are never read.
    pub fn mentions_event(&self, name: &str) -> bool {
        self.inner.names.names.get(name).is_some()
    }

    /// True when some `count(event "NAME" where ...)` reads the properties of past events of
    /// this name (otherwise only their names and times matter).
    pub fn counts_event_properties(&self, name: &str) -> bool {
        let names = &self.inner.names;
        names.names.get(name).is_some_and(|id| names.counts_with_condition(id))
    }

    /// How far back evaluation reads `profile.events` (computed at compile time from every
    /// `count(... within D)` and other read of past events): a caller that keeps a profile's
    /// events may drop those older than the window before its next evaluation's `now`
    /// ([`EventWindow`]). The simulator does.
    pub fn event_window(&self) -> EventWindow {
        self.inner.event_window
    }

    /// The names of the events an incoming event can match: the names of every trigger
    /// (`when event`), `exit when` and `wait for`. An incoming event of any other name starts,
    /// ends and resumes nothing, so its properties are never read (unless it is counted later
    /// with a condition: [`Program::counts_event_properties`]).
    pub fn incoming_events(&self) -> Vec<&str> {
        use herald_lang::compile::ir::StepKind;
        let mut ids: Vec<u32> = Vec::new();
        for j in &self.inner.journeys {
            let waits = j.steps.iter().filter_map(|s| match &s.kind {
                StepKind::WaitFor { event, .. } => Some(event),
                _ => None,
            });
            for m in j.triggers.iter().chain(&j.exits).chain(waits) {
                if !ids.contains(&m.name) {
                    ids.push(m.name);
                }
            }
        }
        ids.iter().filter_map(|&id| self.inner.names.names.name(id)).map(|n| &**n).collect()
    }

    /// The first key of every `event.X` path outside `count(...)`.
    pub fn event_keys(&self) -> Vec<&str> {
        self.inner.event_keys.keys.iter().collect()
    }
}

#[cfg(test)]
mod tests;
