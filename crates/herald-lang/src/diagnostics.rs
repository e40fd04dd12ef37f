//! The `Diagnostic` type shared by every phase: a stable code, a severity, a message a marketer
//! understands, the byte span of the offending text and an optional help line. This module also
//! maps byte offsets to 1-based lines and columns (and to UTF-16 offsets, as JS editors count).
//! It decides nothing: the phases decide what is wrong.

use crate::syntax::ast::Span;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A diagnostic code (`E0102`). Named so that serde's derive does not take the field for a
/// string borrowed from the input (which would tie a saved program to its bytes).
pub type Code = &'static str;

/// Saved with a compiled program (its warnings); the code is read back as one of the static
/// codes (`static_code`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    #[serde(deserialize_with = "static_code")]
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    pub span: Span,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, span: Span, message: impl Into<String>) -> Self {
        Diagnostic { code, severity: Severity::Error, message: message.into(), span, help: None }
    }
    pub fn warning(code: &'static str, span: Span, message: impl Into<String>) -> Self {
        Diagnostic { code, severity: Severity::Warning, message: message.into(), span, help: None }
    }
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// All diagnostics of one source text. Returned as the error of `compile`.
#[derive(Debug, Clone, PartialEq, Eq, Default, thiserror::Error)]
#[error("{}", summary(.0))]
pub struct Diagnostics(pub Vec<Diagnostic>);

fn summary(list: &[Diagnostic]) -> String {
    let errors = list.iter().filter(|d| d.is_error()).count();
    match list.iter().find(|d| d.is_error()) {
        Some(first) if errors == 1 => format!("{}: {}", first.code, first.message),
        Some(first) => {
            format!("{}: {} (and {} more errors)", first.code, first.message, errors - 1)
        }
        None => format!("{} warnings", list.len()),
    }
}

impl Diagnostics {
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }
    /// Sort by position, then errors before warnings, for stable output.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            (a.span.start, a.span.end, a.severity, a.code).cmp(&(
                b.span.start,
                b.span.end,
                b.severity,
                b.code,
            ))
        });
    }
    /// The JSON form of SPEC §4, one object per diagnostic.
    pub fn to_json(&self, file: &str, source: &str) -> Vec<DiagnosticJson> {
        let index = LineIndex::new(source);
        self.0.iter().map(|d| DiagnosticJson::new(d, file, &index)).collect()
    }
}

/// `{"file", "code", "severity", "message", "line", "column", "span", "help"}` (SPEC §4), plus
/// `span_utf16` for JS editors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiagnosticJson {
    pub file: String,
    pub code: String,
    pub severity: Severity,
    pub message: String,
    pub line: usize,
    pub column: usize,
    pub span: Span,
    pub help: Option<String>,
    pub span_utf16: Span,
}

impl DiagnosticJson {
    pub fn new(d: &Diagnostic, file: &str, index: &LineIndex<'_>) -> Self {
        let (line, column) = index.line_col(d.span.start);
        DiagnosticJson {
            file: file.to_string(),
            code: d.code.to_string(),
            severity: d.severity,
            message: d.message.clone(),
            line,
            column,
            span: d.span,
            help: d.help.clone(),
            span_utf16: Span::new(index.utf16(d.span.start), index.utf16(d.span.end)),
        }
    }
}

/// Byte offset → (line, column), both 1-based; columns count characters (Unicode scalar values).
pub struct LineIndex<'a> {
    source: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(source: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(source.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { source, line_starts }
    }

    fn clamp(&self, offset: usize) -> usize {
        let mut o = offset.min(self.source.len());
        while o > 0 && !self.source.is_char_boundary(o) {
            o -= 1;
        }
        o
    }

    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = self.clamp(offset);
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let mut start = self.line_starts.get(line - 1).copied().unwrap_or(0);
        // A byte-order mark is no column an editor shows.
        if start == 0 && offset >= 3 && self.source.starts_with('\u{feff}') {
            start = 3;
        }
        let column = self.source.get(start..offset).map_or(0, |s| s.chars().count()) + 1;
        (line, column)
    }

    /// The UTF-16 code-unit offset of a byte offset.
    pub fn utf16(&self, offset: usize) -> usize {
        let offset = self.clamp(offset);
        self.source.get(..offset).map_or(0, |s| s.encode_utf16().count())
    }
}

/// The closest candidate by edit distance (a swap of two neighbours counts as one edit:
/// `dyas` → `days`), if it is close enough to be a plausible typo. Past one edit, the candidate
/// must also start like the word or contain its letters in order (an abbreviation: `cnt` →
/// `count`, `hrs` → `hours`), so that a different word of similar length (`round` and `count`)
/// is not offered. An abbreviation of three letters or more that starts like the candidate is
/// offered at any distance (`mins` → `minutes`).
pub fn did_you_mean<'c>(
    word: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Option<&'c str> {
    let allowed = match word.chars().count() {
        0..=2 => 1,
        3..=5 => 2,
        _ => 3,
    };
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = strsim::osa_distance(word, c);
        let abbreviation = word.chars().count() >= 3 && same_start(word, c) && abbreviates(word, c);
        let plausible = d <= 1
            || abbreviation
            || (d <= allowed && (same_start(word, c) || abbreviates(word, c)));
        if d > 0 && plausible && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

fn same_start(a: &str, b: &str) -> bool {
    let first = |s: &str| s.chars().next().map(|c| c.to_ascii_lowercase());
    first(a).is_some() && first(a) == first(b)
}

/// Are the letters of `short` in `long`, in order?
fn abbreviates(short: &str, long: &str) -> bool {
    let mut rest = long.chars();
    short.chars().all(|c| rest.any(|l| l.eq_ignore_ascii_case(&c)))
}

/// Every diagnostic code, with a one-line meaning. `docs/diagnostics.md` documents each one; a test
/// checks that the two agree.
pub mod codes {
    // E00xx: input and limits
    pub const SOURCE_TOO_LARGE: &str = "E0001";
    pub const INVALID_UTF8: &str = "E0002";
    pub const TOO_DEEP: &str = "E0003";
    pub const TOO_MANY_JOURNEYS: &str = "E0004";
    pub const TOO_MANY_STEPS: &str = "E0005";
    // E01xx: syntax and names
    pub const SYNTAX: &str = "E0100";
    pub const UNTERMINATED_STRING: &str = "E0101";
    pub const UNKNOWN_CHANNEL: &str = "E0102";
    pub const UNKNOWN_FUNCTION: &str = "E0103";
    pub const UNKNOWN_SEGMENT: &str = "E0104";
    pub const UNKNOWN_KEYWORD: &str = "E0105";
    pub const WRONG_ARITY: &str = "E0106";
    pub const DUPLICATE_JOURNEY: &str = "E0107";
    pub const DUPLICATE_SEGMENT: &str = "E0108";
    pub const SEGMENT_RECURSION: &str = "E0109";
    pub const INVALID_ESCAPE: &str = "E0110";
    pub const KEYWORD_AS_NAME: &str = "E0111";
    pub const FOREIGN_OPERATOR: &str = "E0112";
    pub const NO_NULL: &str = "E0113";
    // E02xx: values and types
    pub const TYPE_MISMATCH: &str = "E0201";
    pub const SPLIT_NOT_100: &str = "E0202";
    pub const EMPTY_BLOCK: &str = "E0203";
    pub const BAD_DURATION: &str = "E0204";
    pub const BAD_TIME_OF_DAY: &str = "E0205";
    pub const BAD_TIMEZONE: &str = "E0206";
    pub const INTERPOLATION_NOT_ALLOWED: &str = "E0207";
    pub const BAD_MONEY: &str = "E0208";
    pub const BAD_LIMIT: &str = "E0209";
    pub const BAD_PERCENT: &str = "E0210";
    pub const BUDGET_CURRENCY: &str = "E0211";
    pub const SMS_TOO_LONG: &str = "E0212";
    // E03xx: structure
    pub const UNREACHABLE: &str = "E0301";
    pub const MISSING_TRIGGER: &str = "E0302";
    pub const DUPLICATE_CLAUSE: &str = "E0303";
    pub const CLAUSE_AFTER_STEP: &str = "E0304";
    pub const DUPLICATE_POLICY: &str = "E0305";
    pub const CLAUSE_NOT_ALLOWED: &str = "E0306";
    pub const NO_STEPS: &str = "E0307";
    pub const DUPLICATE_CHANNEL: &str = "E0308";
    /// A bug in herald, reported rather than hidden (no source triggers it on purpose).
    pub const INTERNAL: &str = "E0309";
    pub const EMPTY_NAME: &str = "E0320";
    pub const NO_JOURNEYS: &str = "E0321";
    // E045x: tests (`herald test`, docs/testing.md)
    pub const TEST_BAD_TIME: &str = "E0450";
    pub const TEST_UNKNOWN_JOURNEY: &str = "E0451";
    pub const TEST_UNKNOWN_CHANNEL: &str = "E0452";
    pub const TEST_UNKNOWN_ACTION: &str = "E0453";
    pub const TEST_UNKNOWN_REASON: &str = "E0454";
    pub const TEST_NO_CLOCK: &str = "E0455";
    pub const TEST_UNKNOWN_STATEMENT: &str = "E0456";
    pub const TEST_BAD_VALUE: &str = "E0457";
    pub const TEST_DUPLICATE: &str = "E0458";
    pub const TESTS_FOR_MISPLACED: &str = "E0459";
    pub const TEST_BAD_MONEY: &str = "E0460";
    // W0xxx: warnings
    // Functions (SPEC §6; check/functions.rs)
    pub const AGGREGATE_NEEDS_VALUE: &str = "E0401";
    pub const ITEM_OUTSIDE_LIST: &str = "E0402";
    pub const BAD_DATE_PATTERN: &str = "E0403";
    pub const DURATION_NOT_SHIFT: &str = "E0404";
    pub const LIST_NESTING: &str = "E0405";
    pub const BAD_CURRENCY: &str = "E0406";
    pub const BAD_DIGITS: &str = "E0407";
    pub const AGGREGATE_AS_CALL: &str = "E0408";
    pub const DEFAULT_NEVER_USED: &str = "W0011";

    pub const LIMIT_NEVER_REACHED: &str = "W0001";
    pub const CONSTANT_CONDITION: &str = "W0002";
    pub const UNUSED_SEGMENT: &str = "W0003";
    pub const FALLBACK_NEVER_USED: &str = "W0004";
    pub const EMPTY_QUIET_HOURS: &str = "W0005";
    pub const ZERO_BUDGET: &str = "W0006";
    pub const SMS_MAY_BE_TOO_LONG: &str = "W0007";
    pub const WAIT_NEVER_RESUMES: &str = "W0008";
    pub const COMPARISON_AFTER_COALESCE: &str = "W0010";
    pub const TEST_WITHOUT_EXPECT: &str = "W0021";
    pub const TEST_EXPECT_TOO_EARLY: &str = "W0022";
    pub const LOOKALIKE_UCS2: &str = "W0101";
    // The run forms of SPEC §6 (`check/runs.rs`): E0420–E0439, W0015–W0018.
    pub const SET_RESERVED_KEY: &str = "E0420";
    pub const BAD_HOLDOUT: &str = "E0421";
    pub const CHANGES_RESERVED_KEY: &str = "E0422";
    pub const TOO_MANY_EXITS: &str = "E0423";
    pub const HOLDOUT_TRANSACTIONAL: &str = "W0015";
    pub const SET_CHANGES_OWN_TRIGGER: &str = "W0016";
    pub const KEY_SAME_FOR_EVERY_RUN: &str = "W0017";
    // The waits of SPEC §6 (E0440–E0449, W0019–W0020).
    /// `wait until HH:MM on DAYS` with a word that names no day.
    pub const UNKNOWN_DAY: &str = "E0440";
    /// `wait until EXPR` whose expression can never be an instant (a number, a condition...).
    pub const WAIT_NOT_INSTANT: &str = "E0441";
    /// `wait until "text"` whose text is no ISO-8601 instant or date.
    pub const BAD_INSTANT_TEXT: &str = "E0442";
    /// A day named twice (or covered by `weekday`/`weekend`), or a list naming every day.
    pub const DUPLICATE_DAY: &str = "W0019";
    /// `expire after` on a send that quiet hours can never defer.
    pub const EXPIRE_NEVER: &str = "W0020";
    // Digests (SPEC §6 second wave; E0480–E0489, W0025–W0026).
    /// `digest.X` where no `digest` step can have run: outside journey steps (segments, header
    /// clauses), in a journey without one, or before it.
    pub const DIGEST_BEFORE: &str = "E0480";
    /// `digest.X` with X other than `count` or `events`.
    pub const DIGEST_FIELD: &str = "E0481";
    /// A `digest` step a run can reach after another one.
    pub const DIGEST_TWICE: &str = "E0482";
    /// `digest for` a duration that is not positive.
    pub const DIGEST_EMPTY: &str = "E0483";
    /// `digest.X` after a `digest` step on some paths only: missing on the others.
    pub const DIGEST_SOME_PATHS: &str = "W0025";
    /// A `digest` step in a journey no event triggers: nothing can join it.
    pub const DIGEST_NOTHING_JOINS: &str = "W0026";
}

/// Reads a saved diagnostic code back as a `&'static str`. Codes are a closed, small set
/// (`[EW]` and four digits), so each distinct code is allocated once for the life of the process
/// and shared afterwards; anything else is refused, so a saved program cannot make this grow
/// beyond 20,000 short strings.
fn static_code<'de, D: serde::Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
    use std::sync::{Mutex, OnceLock};
    static CODES: OnceLock<Mutex<Vec<&'static str>>> = OnceLock::new();
    let code = String::deserialize(d)?;
    let well_formed = code.len() == 5
        && (code.starts_with('E') || code.starts_with('W'))
        && code.bytes().skip(1).all(|b| b.is_ascii_digit());
    if !well_formed {
        return Err(serde::de::Error::custom(format!("`{code}` is not a diagnostic code")));
    }
    let mut codes = CODES
        .get_or_init(|| Mutex::new(Vec::new()))
        .lock()
        .map_err(|_| serde::de::Error::custom("the table of diagnostic codes is poisoned"))?;
    if let Some(known) = codes.iter().find(|c| **c == code) {
        return Ok(known);
    }
    let leaked: &'static str = Box::leak(code.into_boxed_str());
    codes.push(leaked);
    Ok(leaked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based_and_count_chars() {
        let src = "ab\nçd\n";
        let idx = LineIndex::new(src);
        assert_eq!(idx.line_col(0), (1, 1));
        assert_eq!(idx.line_col(3), (2, 1));
        assert_eq!(idx.line_col(5), (2, 2)); // after the two-byte ç
        assert_eq!(idx.utf16(5), 4);
    }

    #[test]
    fn suggestions_need_a_close_match() {
        assert_eq!(did_you_mean("smss", ["sms", "email"]), Some("sms"));
        assert_eq!(did_you_mean("carrier", ["sms", "email"]), None);
        assert_eq!(did_you_mean("sms", ["sms"]), None);
        // Abbreviations and swapped letters are typos; a different word of the same shape is not.
        assert_eq!(did_you_mean("cnt", ["count", "len", "lower"]), Some("count"));
        assert_eq!(did_you_mean("hrs", ["hours", "days"]), Some("hours"));
        assert_eq!(did_you_mean("mins", ["minutes", "hours"]), Some("minutes"));
        assert_eq!(did_you_mean("dyas", ["days", "hours"]), Some("days"));
        assert_eq!(did_you_mean("round", ["count", "lower", "upper", "len"]), None);
    }

    #[test]
    fn saved_codes_come_back_as_one_static_string_each() {
        let read = |text: &str| {
            let mut d = serde_json::Deserializer::from_str(text);
            static_code(&mut d).map_err(|e| e.to_string())
        };
        let a = read("\"W0042\"").unwrap();
        let b = read("\"W0042\"").unwrap();
        assert_eq!(a, "W0042");
        assert!(std::ptr::eq(a, b), "the second read shares the first string");
        for bad in ["\"X0001\"", "\"E001\"", "\"E00011\"", "\"E00a1\"", "\"\""] {
            assert!(read(bad).is_err(), "{bad}");
        }
    }
}
