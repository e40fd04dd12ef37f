//! Phase 1: text → AST. The grammar lives in `grammar/herald.pest` (pest's notation; pest itself
//! parses it only in the differential tests); `prescan` bounds nesting and collects comments
//! before the parser runs; `peg` is the grammar written by hand (tokens or pest's error);
//! `parser` builds the typed tree from the tokens (`pairs`) and turns errors into diagnostics.

pub mod ast;
pub mod days;
mod hints;
mod pairs;
mod parser;
mod peg;
mod prescan;
pub mod test_ast;

#[cfg(feature = "pest-oracle")]
pub use parser::pest_disagreement;
pub use parser::{parse, parse_bytes, source_text, MAX_EXPR_DEPTH, MAX_SOURCE_BYTES};
pub use prescan::MAX_NESTING;
