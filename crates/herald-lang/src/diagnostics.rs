//! The `Diagnostic` type shared by every phase: a stable code, a severity, a message a marketer
//! understands, the byte span of the offending text and an optional help line. This module also
//! maps byte offsets to 1-based lines and columns (and to UTF-16 offsets, as JS editors count).
//! It decides nothing: the phases decide what is wrong.

use crate::syntax::ast::Span;
use crate::write::Writer;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, PartialOrd, Ord)]
#[cfg_attr(test, derive(serde::Deserialize))]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Saved with a compiled program (its warnings, `compile::saved_form`); the code is saved as its
/// text (`"E0102"`) and read back through the table (`Code::parse`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(test, derive(Serialize, serde::Deserialize))]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    pub span: Span,
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with the code's own severity (the table's `severity`).
    pub fn new(code: Code, span: Span, message: impl Into<String>) -> Self {
        Diagnostic { code, severity: code.severity(), message: message.into(), span, help: None }
    }
    pub fn error(code: Code, span: Span, message: impl Into<String>) -> Self {
        Diagnostic { code, severity: Severity::Error, message: message.into(), span, help: None }
    }
    pub fn warning(code: Code, span: Span, message: impl Into<String>) -> Self {
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
        crate::sort::sort_by(&mut self.0, |a, b| {
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

    /// Diagnostics as the JSON array `serde_json::to_string` writes of them (SPEC §4), written
    /// by hand (`crate::write`; tests compare it with the derive): what `herald check --format
    /// json` prints and the package's `check()` returns.
    pub fn array_text(diagnostics: &[DiagnosticJson]) -> String {
        let mut w = Writer::with_capacity(256 * diagnostics.len() + 2);
        DiagnosticJson::write_array(&mut w, diagnostics);
        w.finish()
    }

    /// [`DiagnosticJson::array_text`] into a writer.
    pub fn write_array(w: &mut Writer, diagnostics: &[DiagnosticJson]) {
        w.raw("[");
        for (i, d) in diagnostics.iter().enumerate() {
            w.comma(i);
            d.write(w);
        }
        w.raw("]");
    }

    /// One diagnostic as the JSON object `serde_json::to_string` writes of it (what `herald
    /// test --format json` prints a line each on stderr).
    pub fn to_json(&self) -> String {
        let mut w = Writer::with_capacity(256);
        self.write(&mut w);
        w.finish()
    }

    fn write(&self, w: &mut Writer) {
        let d = self;
        w.raw("{\"file\":");
        w.string(&d.file);
        w.raw(",\"code\":");
        w.string(&d.code);
        w.raw(",\"severity\":");
        w.raw(match d.severity {
            Severity::Error => "\"error\"",
            Severity::Warning => "\"warning\"",
        });
        w.raw(",\"message\":");
        w.string(&d.message);
        w.raw(",\"line\":");
        w.usize(d.line);
        w.raw(",\"column\":");
        w.usize(d.column);
        w.raw(",\"span\":");
        write_span(w, d.span);
        w.raw(",\"help\":");
        w.opt_string(d.help.as_deref());
        w.raw(",\"span_utf16\":");
        write_span(w, d.span_utf16);
        w.raw("}");
    }
}

/// `{"start":S,"end":E}`, as `Span`'s derive writes it.
pub fn write_span(w: &mut Writer, s: Span) {
    w.raw("{\"start\":");
    w.usize(s.start);
    w.raw(",\"end\":");
    w.usize(s.end);
    w.raw("}");
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

/// Makes the `Code` enum, its table (`ALL`, `as_str`, `severity`, `title`, `parse`) and the
/// `codes` constants from one list of rows: `CODE Variant CONSTANT Severity "title";`.
macro_rules! diagnostic_codes {
    ($( $(#[$doc:meta])* $code:ident $variant:ident $konst:ident $severity:ident $title:literal; )*) => {
        /// A diagnostic code (`E0102`): one row of the table below, which gives its default
        /// severity and its title (the heading of its section in docs/diagnostics.md; a test
        /// checks the two agree). A code never changes meaning.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code {
            $( $(#[$doc])* $variant, )*
        }

        impl Code {
            /// Every code, in the order of the table (by code).
            pub const ALL: &'static [Code] = &[$( Code::$variant, )*];

            /// The code as users see it: `"E0102"`.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => stringify!($code), )* }
            }

            /// The severity a diagnostic of this code has (`Diagnostic::new`).
            pub fn severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$severity, )* }
            }

            /// A few words naming the problem (`"unknown channel"`).
            pub fn title(self) -> &'static str {
                match self { $( Code::$variant => $title, )* }
            }

            /// The code of a text such as `"E0102"`, if herald has it.
            pub fn parse(text: &str) -> Option<Code> {
                match text { $( stringify!($code) => Some(Code::$variant), )* _ => None }
            }
        }

        /// The codes under the names the phases use (`codes::UNKNOWN_CHANNEL`).
        pub mod codes {
            use super::Code;
            $( $(#[$doc])* pub const $konst: Code = Code::$variant; )*
        }
    };
}

// Every diagnostic code. Ranges: `E00xx` input and limits, `E01xx` syntax and names, `E02xx`
// values and types, `E03xx` structure, `E040x` functions, `E042x`–`E043x` run forms, `E044x`
// waits, `E045x`–`E046x` test blocks, `E047x` messages and topics, `E048x` digests,
// `W0xxx` warnings.
// docs/diagnostics.md has a section for
// each, headed by the code and its title (`check::docs_tests`). A new code is one row here.
diagnostic_codes! {
    E0001 SourceTooLarge SOURCE_TOO_LARGE Error "source too large";
    E0002 InvalidUtf8 INVALID_UTF8 Error "invalid UTF-8";
    E0003 TooDeep TOO_DEEP Error "nesting too deep";
    E0004 TooManyJourneys TOO_MANY_JOURNEYS Error "too many journeys";
    E0005 TooManySteps TOO_MANY_STEPS Error "too many steps";
    E0100 Syntax SYNTAX Error "syntax error";
    E0101 UnterminatedString UNTERMINATED_STRING Error "unterminated string";
    E0102 UnknownChannel UNKNOWN_CHANNEL Error "unknown channel";
    E0103 UnknownFunction UNKNOWN_FUNCTION Error "unknown function";
    E0104 UnknownSegment UNKNOWN_SEGMENT Error "unknown segment";
    E0105 UnknownKeyword UNKNOWN_KEYWORD Error "unknown keyword";
    E0106 WrongArity WRONG_ARITY Error "wrong number of arguments";
    E0107 DuplicateJourney DUPLICATE_JOURNEY Error "duplicate journey id";
    E0108 DuplicateSegment DUPLICATE_SEGMENT Error "duplicate segment";
    E0109 SegmentRecursion SEGMENT_RECURSION Error "recursive segments";
    E0110 InvalidEscape INVALID_ESCAPE Error "invalid escape";
    E0111 KeywordAsName KEYWORD_AS_NAME Error "keyword as a name";
    E0112 ForeignOperator FOREIGN_OPERATOR Error "operator from another language";
    E0113 NoNull NO_NULL Error "no `null`";
    E0201 TypeMismatch TYPE_MISMATCH Error "type mismatch";
    E0202 SplitNot100 SPLIT_NOT_100 Error "split does not add up to 100";
    E0203 EmptyBlock EMPTY_BLOCK Error "empty block";
    E0204 BadDuration BAD_DURATION Error "invalid duration";
    E0205 BadTimeOfDay BAD_TIME_OF_DAY Error "invalid time of day";
    E0206 BadTimezone BAD_TIMEZONE Error "unknown time zone";
    E0207 InterpolationNotAllowed INTERPOLATION_NOT_ALLOWED Error "interpolation not allowed here";
    E0208 BadMoney BAD_MONEY Error "invalid money";
    E0209 BadLimit BAD_LIMIT Error "invalid limit";
    E0210 BadPercent BAD_PERCENT Error "invalid percentage";
    E0211 BudgetCurrency BUDGET_CURRENCY Error "budget in another currency than the prices";
    E0212 SmsTooLong SMS_TOO_LONG Error "SMS or MMS text too long";
    E0301 Unreachable UNREACHABLE Error "unreachable step";
    E0302 MissingTrigger MISSING_TRIGGER Error "journey without trigger";
    E0303 DuplicateClause DUPLICATE_CLAUSE Error "clause given twice";
    E0304 ClauseAfterStep CLAUSE_AFTER_STEP Error "clause after a step";
    E0305 DuplicatePolicy DUPLICATE_POLICY Error "more than one policy";
    E0306 ClauseNotAllowed CLAUSE_NOT_ALLOWED Error "clause not allowed here";
    E0307 NoSteps NO_STEPS Error "journey without steps";
    E0308 DuplicateChannel DUPLICATE_CHANNEL Error "same channel twice in a send";
    /// A bug in herald, reported rather than hidden (no source triggers it on purpose).
    E0309 Internal INTERNAL Error "internal error";
    E0320 EmptyName EMPTY_NAME Error "empty name";
    E0321 NoJourneys NO_JOURNEYS Error "no journeys";
    E0401 AggregateNeedsValue AGGREGATE_NEEDS_VALUE Error "aggregate without its value";
    E0402 ItemOutsideList ITEM_OUTSIDE_LIST Error "`item` outside `any` or `all`";
    E0403 BadDatePattern BAD_DATE_PATTERN Error "invalid date pattern";
    E0404 DurationNotShift DURATION_NOT_SHIFT Error "duration outside `time ± duration`";
    E0405 ListNesting LIST_NESTING Error "`any`/`all` nested too deep";
    E0406 BadCurrency BAD_CURRENCY Error "unknown currency in `format_money`";
    E0407 BadDigits BAD_DIGITS Error "invalid number of decimals";
    E0408 AggregateAsCall AGGREGATE_AS_CALL Error "aggregate written as a plain call";
    E0420 SetReservedKey SET_RESERVED_KEY Error "set on a key herald owns";
    E0421 BadHoldout BAD_HOLDOUT Error "holdout outside 0% to 100%";
    E0422 ChangesReservedKey CHANGES_RESERVED_KEY Error "changes on a key herald owns";
    E0423 TooManyExits TOO_MANY_EXITS Error "too many exits";
    /// `wait until HH:MM on DAYS` with a word that names no day.
    E0440 UnknownDay UNKNOWN_DAY Error "unknown day";
    /// `wait until EXPR` whose expression can never be an instant (a number, a condition...).
    E0441 WaitNotInstant WAIT_NOT_INSTANT Error "`wait until` value that is never an instant";
    /// `wait until "text"` whose text is no ISO-8601 instant or date.
    E0442 BadInstantText BAD_INSTANT_TEXT Error "text that is no instant";
    E0450 TestBadTime TEST_BAD_TIME Error "test time that is not an instant";
    E0451 TestUnknownJourney TEST_UNKNOWN_JOURNEY Error "test names an unknown journey";
    E0452 TestUnknownChannel TEST_UNKNOWN_CHANNEL Error "test names an unknown channel";
    E0453 TestUnknownAction TEST_UNKNOWN_ACTION Error "unknown action in a test";
    E0454 TestUnknownReason TEST_UNKNOWN_REASON Error "unknown reason in a test";
    E0455 TestNoClock TEST_NO_CLOCK Error "test without a clock";
    E0456 TestUnknownStatement TEST_UNKNOWN_STATEMENT Error "unknown statement in a test";
    E0457 TestBadValue TEST_BAD_VALUE Error "value a test cannot use";
    E0458 TestDuplicate TEST_DUPLICATE Error "duplicate or empty test name";
    E0459 TestsForMisplaced TESTS_FOR_MISPLACED Error "misplaced `tests for`";
    E0460 TestBadMoney TEST_BAD_MONEY Error "test cost that is not an amount";
    /// `send CHANNEL message "ID"` names no `message` item.
    E0470 UnknownMessage UNKNOWN_MESSAGE Error "unknown message";
    /// Two `message` items with one id.
    E0471 DuplicateMessage DUPLICATE_MESSAGE Error "duplicate message";
    /// One locale twice in a message (tags compare case-insensitively).
    E0472 DuplicateLocale DUPLICATE_LOCALE Error "duplicate locale";
    /// A locale tag that is no BCP 47 language tag (`english`, `pt_BR`, `e`).
    E0473 BadLocale BAD_LOCALE Error "malformed locale tag";
    /// A variant too long for a channel the message is sent on (SMS/MMS over 1,600 characters).
    E0474 MessageDoesNotFit MESSAGE_DOES_NOT_FIT Error "message that does not fit its channel";
    /// A message without variants, or with an empty id.
    E0475 EmptyMessage EMPTY_MESSAGE Error "empty message";
    /// A `transactional` journey with a `topic`.
    E0476 TopicTransactional TOPIC_TRANSACTIONAL Error "topic on a transactional journey";
    /// `opt-in`/`opt-out` on a journey's topic (the policy says how a topic reads).
    E0477 TopicModeInJourney TOPIC_MODE_IN_JOURNEY Error "topic mode in a journey";
    /// An empty topic name, or the policy naming one topic twice.
    E0478 BadTopic BAD_TOPIC Error "bad topic";
    /// `default locale` naming a locale no message has a variant for.
    E0479 DefaultLocaleUnused DEFAULT_LOCALE_UNUSED Error "default locale no message has";
    /// `digest.X` where no `digest` step can have run: outside journey steps (segments, header
    /// clauses), in a journey without one, or before it.
    E0480 DigestBefore DIGEST_BEFORE Error "`digest` read where no digest step has run";
    /// `digest.X` with X other than `count` or `events`.
    E0481 DigestField DIGEST_FIELD Error "a digest field that does not exist";
    /// A `digest` step a run can reach after another one.
    E0482 DigestTwice DIGEST_TWICE Error "a second digest in one run";
    /// `digest for` a duration that is not positive.
    E0483 DigestEmpty DIGEST_EMPTY Error "a digest of no time";
    W0001 LimitNeverReached LIMIT_NEVER_REACHED Warning "limit never reached";
    W0002 ConstantCondition CONSTANT_CONDITION Warning "constant condition";
    W0003 UnusedSegment UNUSED_SEGMENT Warning "unused segment";
    W0004 FallbackNeverUsed FALLBACK_NEVER_USED Warning "fallback never used";
    W0005 EmptyQuietHours EMPTY_QUIET_HOURS Warning "empty quiet hours";
    W0006 ZeroBudget ZERO_BUDGET Warning "zero budget";
    W0007 SmsMayBeTooLong SMS_MAY_BE_TOO_LONG Warning "SMS or MMS text may be too long";
    W0008 WaitNeverResumes WAIT_NEVER_RESUMES Warning "`wait for` that can never resume";
    W0010 ComparisonAfterCoalesce COMPARISON_AFTER_COALESCE Warning "comparison to the right of `??`";
    W0011 DefaultNeverUsed DEFAULT_NEVER_USED Warning "`default` of a value that is never missing";
    W0015 HoldoutTransactional HOLDOUT_TRANSACTIONAL Warning "holdout on a transactional journey";
    W0016 SetChangesOwnTrigger SET_CHANGES_OWN_TRIGGER Warning "set writes the trait the journey triggers on";
    W0017 KeySameForEveryRun KEY_SAME_FOR_EVERY_RUN Warning "key reads neither trigger nor event";
    /// A day named twice (or covered by `weekday`/`weekend`), or a list naming every day.
    W0019 DuplicateDay DUPLICATE_DAY Warning "day named twice";
    /// `expire after` on a send that quiet hours can never defer.
    W0020 ExpireNever EXPIRE_NEVER Warning "`expire after` that can never expire";
    W0021 TestWithoutExpect TEST_WITHOUT_EXPECT Warning "test that expects nothing";
    W0022 TestExpectTooEarly TEST_EXPECT_TOO_EARLY Warning "expectation before anything happened";
    /// A variant sent as UCS-2 (outside GSM-7) on SMS while another variant of the message is
    /// GSM-7: it costs more segments.
    W0023 VariantUcs2 VARIANT_UCS2 Warning "variant sent as UCS-2 costs more";
    /// A `message` no send uses.
    W0024 UnusedMessage UNUSED_MESSAGE Warning "message never sent";
    /// `digest.X` after a `digest` step on some paths only: missing on the others.
    W0025 DigestSomePaths DIGEST_SOME_PATHS Warning "`digest` read after a digest on some paths only";
    /// A `digest` step in a journey no event triggers: nothing can join it.
    W0026 DigestNothingJoins DIGEST_NOTHING_JOINS Warning "a digest nothing can join";
    W0101 LookalikeUcs2 LOOKALIKE_UCS2 Warning "look-alike character forces UCS-2";
}

impl Code {
    /// Messages are sorted by code text, as they were when codes were strings.
    fn key(self) -> &'static str {
        self.as_str()
    }
}

impl PartialOrd for Code {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Code {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key().cmp(other.key())
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Read back through the table, in the tests of `compile::saved_form` (postcard, their oracle).
#[cfg(test)]
impl<'de> serde::Deserialize<'de> for Code {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Code, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(d)?;
        Code::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("`{text}` is not a diagnostic code")))
    }
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
    fn codes_serialize_as_their_text() {
        // (Read back through the table: `compile::saved_form`'s tests.)
        let text = serde_json::to_string(&codes::UNKNOWN_CHANNEL).unwrap();
        assert_eq!(text, "\"E0102\"");
    }

    #[test]
    fn the_table_is_sorted_unique_and_well_formed() {
        let texts: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        assert!(texts.windows(2).all(|w| w[0] < w[1]), "sorted, no code twice: {texts:?}");
        for &code in Code::ALL {
            let text = code.as_str();
            assert_eq!(text.len(), 5, "{text}");
            assert!(text[1..].bytes().all(|b| b.is_ascii_digit()), "{text}");
            let severity = if text.starts_with('W') { Severity::Warning } else { Severity::Error };
            assert!(text.starts_with(['E', 'W']), "{text}");
            assert_eq!(code.severity(), severity, "{text}: E is an error, W a warning");
            assert_eq!(Code::parse(text), Some(code));
            assert!(!code.title().is_empty());
        }
        assert_eq!(codes::UNKNOWN_CHANNEL.title(), "unknown channel");
        assert_eq!(
            Diagnostic::new(codes::ZERO_BUDGET, Span::new(0, 1), "x").severity,
            Severity::Warning
        );
    }
}
