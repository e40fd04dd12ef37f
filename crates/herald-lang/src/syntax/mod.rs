//! Phase 1: text → AST. The grammar lives in `grammar/herald.pest` (pest's notation; pest itself
//! parses it only in the differential tests); `prescan` bounds nesting and collects comments
//! before the parser runs; `grammar` is the grammar written by hand, building the AST as its
//! rules match, over pest's rules of the game (`peg`); `parser` runs them and turns errors into
//! diagnostics. `pairs` (pest's tree) serves the differential tests only.

pub mod ast;
pub mod days;
mod grammar;
mod hints;
#[cfg(any(test, feature = "pest-oracle"))]
mod pairs;
mod parser;
mod peg;
mod prescan;
pub mod test_ast;

#[cfg(feature = "pest-oracle")]
pub use parser::pest_disagreement;
pub use parser::{parse, parse_bytes, source_text, MAX_EXPR_DEPTH, MAX_SOURCE_BYTES};
pub use prescan::MAX_NESTING;
