//! Internal to `herald-engine`, with no stability promise: use `herald-engine`, whose public
//! API (docs/api.md) re-exports the few items of this crate it promises to keep.
//!
//! The herald language, up to the compiled program: journeys are parsed (`syntax`), checked
//! (`check`) and compiled (`compile`); `cost` prices messages and analyses journeys; `format`
//! prints source in canonical layout. The evaluator and the bindings are in the crate
//! `herald-engine`, the CLI in `herald-cli`. Items here are `pub` because `herald-engine` uses
//! them, not because anything outside the workspace may: the syntax tree and the compiled form
//! (`compile::ProgramData`, `compile::ir`) change whenever the language or the evaluator needs.
//! (It is a crate of its own so that the WebAssembly module can optimise this part for size and
//! the evaluator for speed: docs/wasm.md, "Size and speed".)
#![forbid(unsafe_code)]
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic,
        clippy::disallowed_methods
    )
)]

pub mod channel;
pub mod check;
pub mod compile;
pub mod cost;
#[doc(hidden)]
pub mod dates;
pub mod diagnostics;
pub mod float;
pub mod format;
pub mod json;
pub mod sort;
pub mod sorted;
pub mod syntax;
#[doc(hidden)]
pub mod tz;
pub mod write;

pub use channel::Channel;
pub use diagnostics::{Diagnostic, Diagnostics, Severity};

/// Every diagnostic of a source text: syntax errors, or else the checker's errors and warnings,
/// sorted by position.
pub fn check_source(source: &str) -> Diagnostics {
    match syntax::parse(source) {
        Err(d) => d,
        Ok(file) => {
            let mut diagnostics = Diagnostics(check::check(&file));
            // Tests (docs/testing.md) are checked here, not by `compile`: a broken test never
            // stops its journeys from compiling. Beside their journeys they are checked against
            // them; a file apart (`tests for "FILE"`) is checked against that file by the CLI.
            let apart = file.items.iter().any(|i| matches!(i, syntax::ast::Item::TestsFor(_)));
            diagnostics.0.extend(check::check_tests(&file, (!apart).then_some(&file)));
            diagnostics.sort();
            diagnostics
        }
    }
}
