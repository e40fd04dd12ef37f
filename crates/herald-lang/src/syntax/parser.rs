//! Source text → typed AST. Runs the pre-scan, then the parser (`grammar.rs`: the grammar of
//! `grammar/herald.pest` written by hand, building the AST as its rules match, over the runtime
//! of `peg.rs`), and turns its answer into the file or the diagnostics: the syntax error (with
//! the hints of `hints.rs`), or what the nodes said (numbers, durations, escapes, depth).
//! Nothing here panics on any input.

use super::ast::*;
use super::peg::{Rule, SyntaxError};
use super::prescan::prescan;
use crate::diagnostics::{codes, Diagnostic, Diagnostics};

#[cfg(any(test, feature = "pest-oracle"))]
mod oracle;
#[cfg(any(test, feature = "pest-oracle"))]
mod test_items;
#[cfg(any(test, feature = "pest-oracle"))]
mod walk;

/// How the hand-written parser and pest's reading of `grammar/herald.pest` (with the walk of its
/// tree) disagree on `source` (the error, or the answer of `parse`), if they do: the fuzz target
/// `parse_differential`'s check (feature `pest-oracle`, never in a shipped build).
#[cfg(feature = "pest-oracle")]
pub fn pest_disagreement(source: &str) -> Option<String> {
    oracle::disagreement(source)
}

/// Largest source accepted, in bytes.
pub const MAX_SOURCE_BYTES: usize = 1024 * 1024;
/// Deepest expression tree (operator chains count: `a or b or c` is three deep).
pub const MAX_EXPR_DEPTH: usize = 128;

/// Parse raw bytes: invalid UTF-8 is a diagnostic (E0002) at the first bad byte.
pub fn parse_bytes(bytes: &[u8]) -> Result<File, Diagnostics> {
    parse(source_text(bytes)?)
}

/// A file's bytes as source text, or the diagnostic E0002 (not UTF-8) at the first bad byte:
/// what `herald check` reports for such a file.
pub fn source_text(bytes: &[u8]) -> Result<&str, Diagnostics> {
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        Diagnostics(vec![Diagnostic::error(
            codes::INVALID_UTF8,
            Span::new(at, at + 1),
            format!("the file is not valid UTF-8 (bad byte at offset {at})"),
        )
        .with_help("save the file as UTF-8")])
    })
}

/// Parse source text into a `File`. Errors are syntax-level only; the checker finds the rest.
/// A leading byte-order mark (which some editors on Windows write) is read as whitespace, so
/// every span still counts bytes of the text as given.
pub fn parse(source: &str) -> Result<File, Diagnostics> {
    parse_with(source, super::grammar::parse_file)
}

/// A parser of whole files: the items and what their nodes said, or the syntax error. The
/// hand-written one, or pest's with the walk of its tree in the differential tests.
type ItemParser = fn(&str) -> Result<(Vec<Item>, Vec<Diagnostic>), SyntaxError>;

fn parse_with(source: &str, parser: ItemParser) -> Result<File, Diagnostics> {
    match source.strip_prefix('\u{feff}') {
        Some(rest) => parse_text(&format!("{}{rest}", " ".repeat('\u{feff}'.len_utf8())), parser),
        None => parse_text(source, parser),
    }
}

fn parse_text(source: &str, parser: ItemParser) -> Result<File, Diagnostics> {
    if source.len() > MAX_SOURCE_BYTES {
        return Err(Diagnostics(vec![Diagnostic::error(
            codes::SOURCE_TOO_LARGE,
            Span::new(0, 0),
            format!("the file is {} bytes; the limit is {} bytes", source.len(), MAX_SOURCE_BYTES),
        )
        .with_help("split the journeys into several files")]));
    }
    let scan = prescan(source).map_err(|d| Diagnostics(vec![d]))?;
    let (items, mut diags) =
        parser(source).map_err(|e| Diagnostics(vec![syntax_error(source, &e)]))?;
    if diags.is_empty() {
        return Ok(File { items, comments: scan.comments });
    }
    // An expression too deep may run over many lines: point at its first.
    for d in diags.iter_mut().filter(|d| d.code == codes::TOO_DEEP) {
        let line_end = source
            .get(d.span.start..)
            .and_then(|s| s.find('\n'))
            .map_or(source.len(), |n| d.span.start + n);
        d.span = Span::new(d.span.start, d.span.end.min(line_end));
    }
    Err(Diagnostics(diags))
}

/// A friendly name for what the parser expected.
fn describe(rule: &Rule) -> &'static str {
    match rule {
        Rule::EOI => "end of file",
        Rule::segment_def | Rule::policy | Rule::journey | Rule::unknown_item => {
            "`segment`, `policy` or `journey`"
        }
        Rule::send_step
        | Rule::wait_step
        | Rule::wait_until_step
        | Rule::wait_until_expr_step
        | Rule::wait_for_step
        | Rule::if_step
        | Rule::split_step
        | Rule::stop_step
        | Rule::set_step
        | Rule::unknown_step => "a step",
        Rule::when_clause
        | Rule::audience_clause
        | Rule::exit_clause
        | Rule::reentry_clause
        | Rule::limit_clause
        | Rule::quiet_clause
        | Rule::budget_clause
        | Rule::timezone_clause
        | Rule::transactional_clause
        | Rule::exit_if_clause
        | Rule::when_changes_clause
        | Rule::key_clause
        | Rule::holdout_clause
        | Rule::topic_clause
        | Rule::default_locale_clause => "a clause",
        Rule::message_def => "an item",
        Rule::message_variant | Rule::locale_tag => "a locale and its text, such as `en \"Hi\"`",
        Rule::topic_mode => "`opt-in` or `opt-out`",
        Rule::message_content => "a string",
        Rule::string | Rule::template_content => "a string",
        Rule::number => "a number",
        Rule::int | Rule::duration => "a duration such as `2 days`",
        Rule::unit => "a unit (`seconds`, `minutes`, `hours`, `days` or `weeks`)",
        Rule::time => "a time of day such as `21:00`",
        Rule::money | Rule::dollar_money | Rule::code_money => "an amount such as `$0.05`",
        Rule::ident | Rule::word | Rule::name => "a name",
        Rule::expr
        | Rule::list
        | Rule::paren
        | Rule::call
        | Rule::count_call
        | Rule::agg_call
        | Rule::expr_duration
        | Rule::item_path
        | Rule::boolean
        | Rule::now
        | Rule::path
        | Rule::op_not
        | Rule::op_neg => "an expression",
        Rule::op_coalesce
        | Rule::op_or
        | Rule::op_and
        | Rule::op_cmp
        | Rule::op_exists
        | Rule::op_add
        | Rule::op_mul => "an operator",
        Rule::path_segment => "`.name` or `[\"key\"]`",
        Rule::never | Rule::always | Rule::after => "`never`, `always` or `after`",
        Rule::messages => "`messages` or a channel",
        Rule::block => "`{`",
        Rule::split_arm => "a percentage such as `50%`",
        Rule::event_match => "`event \"Name\"`",
        Rule::else_if => "`else`",
        Rule::interp | Rule::str_text | Rule::escape => "string content",
        // Keyword lookaheads add nothing a person can act on: the other positives say it.
        Rule::keyword => "",
        // `message "ID"` as send content is a string too (the word alone says nothing more).
        Rule::word_message => "a string",
        Rule::word_topic | Rule::word_default | Rule::word_locale => "a clause",
        _ => "something else",
    }
}

fn syntax_error(source: &str, e: &SyntaxError) -> Diagnostic {
    let start = e.pos;
    // Point at the whole offending word, not an empty position.
    let rest = source.get(start..).unwrap_or("");
    let word_len = rest
        .char_indices()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '_'))
        .map_or(rest.len(), |(i, _)| i);
    let len = if word_len == 0 { rest.chars().next().map_or(0, char::len_utf8) } else { word_len };
    let end = start + len;
    if let Some(better) = super::hints::explain(source, start) {
        return better;
    }
    let found = match source.get(start..end) {
        Some("") | None => "the end of the file".to_string(),
        Some(s) => format!("`{s}`"),
    };
    let expects_unit = e.positives.contains(&Rule::unit);
    let unit_help = match source.get(start..end) {
        Some(word) if expects_unit => super::hints::unit_help(word),
        _ => None,
    };
    let mut expected: Vec<&str> =
        e.positives.iter().map(describe).filter(|s| !s.is_empty()).collect();
    crate::sort::sort_dedup(&mut expected);
    let message = match expected.as_slice() {
        [] => format!("unexpected {found}"),
        [one] => format!("expected {one}, found {found}"),
        [init @ .., last] => format!("expected {} or {last}, found {found}", init.join(", ")),
    };
    let d = Diagnostic::error(codes::SYNTAX, Span::new(start, end), message);
    match unit_help {
        Some(help) => d.with_help(help),
        None => d,
    }
}

#[cfg(test)]
mod tests;
