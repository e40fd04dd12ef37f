//! Better words for the syntax errors newcomers meet most (SPEC §6, "Diagnostics suggest..."):
//! the parser (as pest, whose errors it reproduces) knows only that it expected something else
//! at a position; these look at the text around it for what the writer most likely meant, as
//! written in another language
//! (`&&`, `=`, `!`, `hrs`, `cnt(...)`), or left out (`within`, `event`, a `}`).
//! Each returns `None` when its pattern is not there, and the plain syntax error stands.

use super::ast::{Span, FUNCTIONS, MORE_FUNCTIONS};
use crate::diagnostics::{codes, did_you_mean, Diagnostic};

/// A better diagnostic for a syntax error at byte `at`, when the text shows what was meant.
pub(super) fn explain(source: &str, at: usize) -> Option<Diagnostic> {
    if source.get(at..)?.trim().is_empty() {
        return unclosed_brace(source);
    }
    foreign_operator(source, at)
        .or_else(|| call_with_event(source, at))
        .or_else(|| missing_event_keyword(source, at))
        .or_else(|| missing_within(source, at))
}

/// Operators of other languages, longest first, and herald's word for each.
const FOREIGN_OPERATORS: &[(&str, &str)] = &[
    ("===", "=="),
    ("!==", "!="),
    ("&&", "and"),
    ("||", "or"),
    ("<>", "!="),
    ("=", "=="),
    ("!", "not"),
    ("&", "and"),
    ("|", "or"),
];

/// `profile.country = "US"`, `a && b`, `!a`: E0112 with herald's operator.
fn foreign_operator(source: &str, at: usize) -> Option<Diagnostic> {
    // `===` and `!==` fail at their last `=`, after herald's own `==` and `!=`.
    let at = match source.get(..at) {
        Some(before) if source.get(at..)?.starts_with('=') && before.ends_with(['=', '!']) => {
            at.checked_sub(2).filter(|s| matches!(source.get(*s..at), Some("==" | "!=")))?
        }
        _ => at,
    };
    let rest = source.get(at..)?;
    let (op, herald) = FOREIGN_OPERATORS.iter().find(|(op, _)| rest.starts_with(op))?;
    // `==`, `!=`, `<=` and `>=` are herald's own: an error there is about something else.
    if op.len() == 1 && ["==", "!="].iter().any(|own| rest.starts_with(own)) {
        return None;
    }
    Some(
        Diagnostic::error(
            codes::FOREIGN_OPERATOR,
            Span::new(at, at + op.len()),
            format!("`{op}` is not a herald operator"),
        )
        .with_help(format!("did you mean `{herald}`?")),
    )
}

/// The identifier that ends just before byte `end` (after any whitespace), with its span.
fn word_before(source: &str, end: usize) -> Option<(&str, Span)> {
    let before = source.get(..end)?.trim_end();
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_alphanumeric() || *c == '_')
        .last()
        .map(|(i, _)| i)?;
    let word = before.get(start..)?;
    Some((word, Span::new(start, before.len())))
}

/// `cnt(event "X" within 1 day)`: an unknown function given an event (only `count` takes one):
/// E0103 on its name, rather than "expected `.name`" at the quote.
fn call_with_event(source: &str, at: usize) -> Option<Diagnostic> {
    if !source.get(at..)?.starts_with('"') {
        return None;
    }
    let (event, event_span) = word_before(source, at)?;
    if event != "event" {
        return None;
    }
    let open = source.get(..event_span.start)?.trim_end();
    let open = open.strip_suffix('(')?;
    let (name, span) = word_before(source, open.len())?;
    let reads_events = ["count", "sum", "min", "max", "avg", "last"].contains(&name);
    if reads_events || name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let mut candidates: Vec<&str> =
        FUNCTIONS.iter().chain(MORE_FUNCTIONS).map(|(f, _)| *f).collect();
    candidates.push("count");
    let help = match did_you_mean(name, candidates) {
        Some(f) => format!("did you mean `{f}`?"),
        None => "the function that reads past events is `count(event \"Name\" within DURATION)`"
            .to_string(),
    };
    Some(
        Diagnostic::error(codes::UNKNOWN_FUNCTION, span, format!("unknown function `{name}`"))
            .with_help(help),
    )
}

/// The string literal starting at `at` (to its closing quote on the same line).
fn string_at(source: &str, at: usize) -> Option<&str> {
    let rest = source.get(at..)?;
    let body = rest.strip_prefix('"')?;
    let mut escaped = false;
    for (i, c) in body.char_indices() {
        match c {
            '\n' => return None,
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return rest.get(..i + 2),
            _ => escaped = false,
        }
    }
    None
}

/// `exit when "X"`, `when "X"`, `wait for "X"`: the keyword `event` is missing.
fn missing_event_keyword(source: &str, at: usize) -> Option<Diagnostic> {
    let name = string_at(source, at)?;
    let (word, _) = word_before(source, at)?;
    if !matches!(word, "when" | "for") {
        return None;
    }
    let lead = match word_before(source, source.get(..at)?.trim_end().len() - word.len()) {
        Some(("exit", _)) => "exit when",
        Some(("wait", _)) => "wait for",
        _ => word,
    };
    Some(
        Diagnostic::error(
            codes::SYNTAX,
            Span::new(at, at + name.len()),
            "expected the keyword `event` before the event name",
        )
        .with_help(format!("write `{lead} event {name}`")),
    )
}

/// `count(event "X") > 0`: the `within DURATION` of `count` is missing.
fn missing_within(source: &str, at: usize) -> Option<Diagnostic> {
    if !source.get(at..)?.starts_with(')') {
        return None;
    }
    // The `(` this `)` closes, on the same line, skipping strings.
    let line_start = source.get(..at)?.rfind('\n').map_or(0, |i| i + 1);
    let line = source.get(line_start..at)?;
    let mut depth = 0usize;
    let mut in_string = false;
    let mut open = None;
    for (i, c) in line.char_indices().rev() {
        match c {
            '"' => in_string = !in_string,
            ')' if !in_string => depth += 1,
            '(' if !in_string => {
                if depth == 0 {
                    open = Some(line_start + i);
                    break;
                }
                depth -= 1;
            }
            _ => {}
        }
    }
    let open = open?;
    let (word, _) = word_before(source, open)?;
    if word != "count" {
        return None;
    }
    let inside = source.get(open + 1..at)?;
    let name = inside.find('"').and_then(|q| string_at(source, open + 1 + q)).unwrap_or("\"Name\"");
    Some(
        Diagnostic::error(
            codes::SYNTAX,
            Span::new(at, at + 1),
            "`count` needs a time window: expected `within` and a duration before `)`",
        )
        .with_help(format!("write `count(event {name} within 7 days)`")),
    )
}

/// Units of other tools and typos, and herald's unit for each.
const UNIT_ALIASES: &[(&str, &str)] = &[
    ("s", "seconds"),
    ("sec", "seconds"),
    ("secs", "seconds"),
    ("m", "minutes"),
    ("min", "minutes"),
    ("mins", "minutes"),
    ("h", "hours"),
    ("hr", "hours"),
    ("hrs", "hours"),
    ("d", "days"),
    ("w", "weeks"),
    ("wk", "weeks"),
    ("wks", "weeks"),
];

const UNITS: &[&str] =
    &["second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "week", "weeks"];

/// The help for a word where a duration unit was expected: `hrs` → `hours`.
pub(super) fn unit_help(word: &str) -> Option<String> {
    let lower = word.to_ascii_lowercase();
    if let Some((_, unit)) = UNIT_ALIASES.iter().find(|(alias, _)| *alias == lower) {
        return Some(format!("did you mean `{unit}`?"));
    }
    if ["month", "months", "year", "years", "mo", "y", "yr", "yrs"].contains(&lower.as_str()) {
        return Some("the longest unit is `weeks`: write `30 days` or `52 weeks`".to_string());
    }
    did_you_mean(&lower, UNITS.iter().copied()).map(|u| format!("did you mean `{u}`?"))
}

/// The file ends inside a block: point at the `{` that was not closed. Several may be open;
/// the one the writer forgot is most likely the first whose `}` sits at another indentation
/// than its line (a `}` meant for an outer block closed it), else the innermost one.
fn unclosed_brace(source: &str) -> Option<Diagnostic> {
    let bytes = source.as_bytes();
    let mut open: Vec<usize> = Vec::new();
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'#' => {
                i = source.get(i..).and_then(|s| s.find('\n')).map_or(source.len(), |n| i + n);
                continue;
            }
            b'"' => {
                i = string_at(source, i).map_or(i + 1, |s| i + s.len());
                continue;
            }
            b'{' => open.push(i),
            b'}' => {
                if let Some(o) = open.pop() {
                    pairs.push((o, i));
                }
            }
            _ => {}
        }
        i += 1;
    }
    let innermost = *open.last()?;
    let indent = |at: usize| {
        let start = source.get(..at).and_then(|s| s.rfind('\n')).map_or(0, |n| n + 1);
        let line = source.get(start..).unwrap_or("");
        line.len() - line.trim_start().len()
    };
    let starts_line = |at: usize| {
        let start = source.get(..at).and_then(|s| s.rfind('\n')).map_or(0, |n| n + 1);
        source.get(start..at).is_some_and(|s| s.trim().is_empty())
    };
    let culprit = pairs
        .iter()
        .filter(|(o, c)| starts_line(*c) && indent(*c) < indent(*o))
        .map(|(o, _)| *o)
        .min()
        .unwrap_or(innermost);
    let line = source.get(..culprit).map_or(0, |s| s.matches('\n').count()) + 1;
    Some(
        Diagnostic::error(
            codes::SYNTAX,
            Span::new(culprit, culprit + 1),
            "this `{` is never closed: the file ends before its `}`",
        )
        .with_help(format!("add a `}}` after the last step of the block opened on line {line}")),
    )
}
