//! The canonical formatter behind `herald fmt`: parses a file and prints it back in the one
//! layout herald uses, keeping every comment. It needs only the syntax tree, never the checker,
//! so a file with checker errors still formats (unknown statements are kept as written).
//!
//! # The canonical layout (also in `docs/formatting.md`)
//! - Two spaces per indentation level; `\n` line ends; the output ends with one `\n` (an empty
//!   file stays empty).
//! - Items (`segment`, `policy`, `journey`) stay in source order, separated by one empty line;
//!   consecutive `segment` lines may stay together (an empty line between two segments is kept
//!   only if the source had one). Clauses and steps stay in source order too.
//! - One clause or step per line. A `send` is one line, unless that line would be wider than
//!   100 columns: then each `fallback` goes on a line of its own, one level deeper. Nothing else
//!   is wrapped.
//! - In a journey, one empty line separates the header clauses from the first step. Elsewhere,
//!   one empty line the user left between two clauses, steps or comments is kept (several become
//!   one); none is kept right after `{` or right before `}`.
//! - Blocks: `{` ends the header line, the block's steps are indented one level, `}` is on its
//!   own line. Continuations share the brace line: `} else if c {`, `} else {`, `} timeout {`.
//!   Blocks are always multi-line, even empty ones, with one exception: a `split` arm with at
//!   most one step that has no block of its own, and no comment inside its braces, is one line
//!   (`50% { stop }`) when that line fits in 100 columns.
//! - Spacing: one space around binary operators and after `,` (`[a, b]`, `f(x, y)`), none
//!   inside brackets and parentheses, `-x` and `not x`, `x exists`, `{{ expr }}` with one space
//!   inside the braces. Paths keep their written form (`profile.a["b c"]`).
//! - Parentheses: those written are kept; none are added except where precedence requires them
//!   (only possible for trees not produced by the parser).
//! - Literals: numbers, percentages, limit counts and money amounts as written (`007`,
//!   `$0.05`, `0.05 EUR`); durations as `1 day` / `2 days` (singular for exactly 1); times of
//!   day as `HH:MM` with two digits each (an out-of-range time is kept as written); `limit 1
//!   message` / `limit 2 messages`.
//! - Strings are re-escaped: `\"`, `\\`, `\n`, `\t`, `\{` for a `{` that comes right before
//!   another `{`, `\u{..}` (upper-case hex) for other control characters and for invisible
//!   formatting characters (bidirectional overrides, zero-width characters, U+2028/2029, the
//!   BOM); everything else is written as itself.
//! - Comments: a comment alone on its line is printed on its own line before the node that
//!   follows it, at that node's indentation; before a `}` it stays inside the block, at the
//!   block's indentation; at the end of the file it stays there. A comment after code stays at
//!   the end of that line, after one space. A comment inside a construct printed on one line
//!   (a condition spread over several lines, a `{{ }}` spread over several lines) moves above
//!   that line. The text after `#` is kept as written, without trailing spaces. Unknown
//!   statements (`sned sms "x"`), kept verbatim, keep the comments inside them.
//!
//! Guarantees, tested by unit tests and by this crate's `tests/format_props.rs`: the result
//! parses to the same tree (spans aside), formatting is idempotent, and every comment appears
//! once, in order.

mod comments;
pub(crate) mod expr;
mod fingerprint;
mod normalize;
mod printer;

#[cfg(test)]
mod tests;

pub use fingerprint::{journey_fingerprints, Fingerprint};
pub use normalize::{erase_spans, erase_spans_and_parens};
pub use printer::test_items::pattern as expectation_pattern;

use crate::diagnostics::Diagnostics;
use crate::syntax::ast::File;

/// Formats herald source text canonically. Syntax errors are returned as diagnostics; checker
/// errors do not stop formatting.
pub fn format(source: &str) -> Result<String, Diagnostics> {
    let file = crate::syntax::parse(source)?;
    Ok(format_file(&file, source))
}

/// Prints a parsed file canonically. `source` is the text `file` was parsed from: comments,
/// empty lines and unknown statements are taken from it by span. A hand-built tree (all spans
/// zero, no comments) can be printed with an empty `source`.
pub fn format_file(file: &File, source: &str) -> String {
    printer::Printer::new(file, source).print_file(file)
}
