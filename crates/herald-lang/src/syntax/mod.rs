//! Phase 1: text → AST. The pest grammar lives in `grammar/herald.pest`; `prescan` bounds
//! nesting and collects comments before pest runs; `parser` builds the typed tree.

pub mod ast;
pub mod days;
mod hints;
mod pairs;
mod parser;
mod peg;
mod prescan;
pub mod test_ast;

pub use parser::{parse, parse_bytes, source_text, MAX_EXPR_DEPTH, MAX_SOURCE_BYTES};
pub use prescan::MAX_NESTING;
