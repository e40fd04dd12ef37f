//! Phase 2: the static checker. It takes a parsed `File` and returns every error and warning of
//! it (never stopping at the first), each with a code from `diagnostics::codes`, the span of the
//! offending text, a message a marketer understands and, where it helps, a suggestion.
//!
//! The rules live in small modules, each a `walk::Visitor` over the same traversal:
//! - `names`: channels, functions, segments (unknown, duplicate, keyword, recursion, unused) and
//!   unknown statement words;
//! - `types`: literal type mismatches and constant conditions;
//! - `strings`: `{{ }}` outside send content;
//! - `values`: durations, times of day, time zones, money, limit counts, percentages;
//! - `structure`: header clauses, policy, duplicate journeys, empty blocks, unreachable steps;
//! - `limits`: size limits, the most messages a run can send, caps that never bite;
//! - `runs`: the run forms of SPEC §6 (`trigger.KEY`, `key`, `exit if`, `holdout`, `set`,
//!   `when profile.KEY changes`);
//! - `messages`: localised messages and topics (SPEC §6: E0470–E0479, W0024);
//! - `pitfalls`: `null`, empty names, a file without journeys, a comparison right of `??`.
//!
//! `walk` is the shared traversal and `graph` finds the cycles among segments.
//!
//! `docs/diagnostics.md` documents every code; a test runs its examples through the checker.

mod digests;
mod functions;
mod graph;
mod limits;
mod messages;
mod names;
mod pitfalls;
mod runs;
mod safety;
mod strftime;
mod strings;
mod structure;
mod test_blocks;
mod types;
mod values;
mod waits;
mod walk;

#[cfg(test)]
pub(crate) mod docs_tests;
#[cfg(test)]
mod tests;

pub use functions::{check_date_pattern, is_currency_code, MAX_DIGITS, MAX_LIST_NESTING};
pub use limits::{
    journey_max_messages, max_messages, max_messages_on, MAX_JOURNEYS, MAX_LIMIT_COUNT,
    MAX_STEPS_PER_JOURNEY,
};
pub use messages::is_locale_tag;
pub use safety::{never_resumes, swallows, INTERPOLATION_CHARS, MAX_SMS_CHARS};
pub use strftime::format_date_local;
pub use test_blocks::{check_tests, TEST_ACTIONS, TEST_REASONS};
pub use values::{money_micros, CURRENCIES, MAX_DURATION_SECONDS, MAX_MONEY_DECIMALS};

use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::syntax::ast::{File, Span, Step, StepKind};

/// Every error and warning of a parsed file, in no particular order (callers sort them with
/// `Diagnostics::sort`), budgets checked against the built-in price table's currency.
pub fn check(file: &File) -> Vec<Diagnostic> {
    check_priced(file, crate::cost::PriceTable::builtin().currency().as_str())
}

/// Like `check`, for a program priced in `currency` (a `budget` in another is an error).
pub fn check_priced(file: &File, currency: &str) -> Vec<Diagnostic> {
    let mut diags = Vec::new();

    let mut safety = safety::Safety { diags: Vec::new(), currency };
    walk::walk_file(file, &mut safety);
    diags.extend(safety.diags);

    let mut names = names::Names::new(file);
    walk::walk_file(file, &mut names);
    diags.extend(names.finish());

    let mut types = types::Types::default();
    walk::walk_file(file, &mut types);
    diags.extend(types.diags);

    let mut functions = functions::Functions::default();
    walk::walk_file(file, &mut functions);
    diags.extend(functions.diags);

    let mut strings = strings::Strings::default();
    walk::walk_file(file, &mut strings);
    diags.extend(strings.diags);

    let mut values = values::Values::default();
    walk::walk_file(file, &mut values);
    diags.extend(values.diags);

    let mut structure = structure::Structure::default();
    walk::walk_file(file, &mut structure);
    diags.extend(structure.diags);

    diags.extend(runs::check(file));
    diags.extend(messages::check(file));
    diags.extend(digests::check(file));

    let mut pitfalls = pitfalls::Pitfalls::new(file);
    walk::walk_file(file, &mut pitfalls);
    diags.extend(pitfalls.finish());

    let mut waits = waits::Waits::new(file);
    walk::walk_file(file, &mut waits);
    diags.extend(waits.diags);

    diags.extend(limits::check(file));
    // Cost lints price literal send text with the built-in table (SPEC §3, W0101).
    diags.extend(crate::cost::lint_lookalikes(file));
    diags
}

/// The closest candidate to a misspelt word: first one that differs only in letter case
/// (`SMS`), else the nearest by edit distance, if it is close enough to be a typo.
pub(crate) fn suggest<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    candidates
        .iter()
        .find(|c| c.eq_ignore_ascii_case(word) && **c != word)
        .copied()
        .or_else(|| did_you_mean(word, candidates.iter().copied()))
}

/// Bounds the work spent on suggestions. Edit distance costs the product of the two lengths,
/// so a hostile file with thousands of long unknown names against thousands of segments could
/// otherwise make checking slow; past the budget, diagnostics simply carry no suggestion.
pub(crate) struct Suggester {
    left: usize,
}

/// Character pairs compared by edit distance, per rule module (some milliseconds of work).
const SUGGESTION_BUDGET: usize = 5_000_000;

impl Default for Suggester {
    fn default() -> Self {
        Suggester { left: SUGGESTION_BUDGET }
    }
}

impl Suggester {
    /// Spend the cost of comparing `word` with `candidates`; false when the budget is spent.
    pub(crate) fn afford(&mut self, word: &str, candidates: &[&str]) -> bool {
        let total: usize = candidates.iter().map(|c| c.len() + 1).sum();
        let cost = total.saturating_mul(word.len() + 1);
        if cost > self.left {
            self.left = 0;
            return false;
        }
        self.left -= cost;
        true
    }

    pub(crate) fn suggest<'c>(&mut self, word: &str, candidates: &[&'c str]) -> Option<&'c str> {
        if self.afford(word, candidates) {
            suggest(word, candidates)
        } else {
            None
        }
    }

    /// "did you mean `x`?" when there is a close candidate.
    pub(crate) fn help(&mut self, word: &str, candidates: &[&str]) -> Option<String> {
        self.suggest(word, candidates).map(|s| format!("did you mean `{s}`?"))
    }
}

/// Attach a help line when there is one.
pub(crate) fn with_help(d: Diagnostic, help: Option<String>) -> Diagnostic {
    match help {
        Some(h) => d.with_help(h),
        None => d,
    }
}

/// The span of a keyword that starts at `start` (statements and clauses begin with their
/// keyword, so this points at `split` rather than at the whole split block).
pub(crate) fn word_span(start: usize, word: &str) -> Span {
    Span::new(start, start + word.len())
}

/// The span of the word a step starts with.
pub(crate) fn step_keyword_span(step: &Step) -> Span {
    let word = match &step.kind {
        StepKind::Send(_) => "send",
        StepKind::Wait(_) | StepKind::WaitUntil(_) | StepKind::WaitFor { .. } => "wait",
        StepKind::WaitUntilDays { .. } | StepKind::WaitUntilExpr(_) => "wait",
        StepKind::If { .. } => "if",
        StepKind::Split(_) => "split",
        StepKind::Stop => "stop",
        StepKind::Set { .. } => "set",
        StepKind::Digest(_) => "digest",
        StepKind::Unknown(id) => return id.span,
    };
    word_span(step.span.start, word)
}

/// `1 argument`, `2 arguments`.
pub(crate) fn plural(n: u64, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    use crate::diagnostics::Diagnostic;

    /// Parse (which must succeed) and check.
    pub fn check_src(src: &str) -> Vec<Diagnostic> {
        match crate::syntax::parse(src) {
            Ok(file) => super::check(&file),
            Err(d) => panic!("parse failed: {d:?}\n{src}"),
        }
    }

    /// The diagnostics with a given code (a `Code` or its text).
    pub fn with_code(diags: &[Diagnostic], code: impl std::fmt::Display) -> Vec<&Diagnostic> {
        let code = code.to_string();
        diags.iter().filter(|d| d.code == code.as_str()).collect()
    }

    /// The one diagnostic with `code`, asserting its span covers exactly `text` (the
    /// `nth` occurrence of `text` in `src`, counting from 0).
    pub fn expect_at<'d>(
        src: &str,
        diags: &'d [Diagnostic],
        code: impl std::fmt::Display,
        text: &str,
        nth: usize,
    ) -> &'d Diagnostic {
        let found = with_code(diags, &code);
        assert_eq!(found.len(), 1, "expected exactly one {code}, got {diags:#?}\nsource:\n{src}");
        let d = found[0];
        let start = src
            .match_indices(text)
            .nth(nth)
            .unwrap_or_else(|| panic!("`{text}` #{nth} not in source"))
            .0;
        assert_eq!(
            (d.span.start, d.span.end),
            (start, start + text.len()),
            "{code} should point at `{text}`, points at `{}`",
            &src[d.span.start..d.span.end]
        );
        d
    }

    /// A journey with a trigger around `steps`.
    pub fn journey(steps: &str) -> String {
        format!("journey \"j\" {{\n  when event \"E\"\n{steps}\n}}\n")
    }
}
