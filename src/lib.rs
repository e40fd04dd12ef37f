//! herald: an engagement rules engine. Journeys written in the herald language are parsed
//! (`syntax`), checked (`check`), compiled (`compile`) and evaluated (`eval`) against a profile
//! and an event; `cost` prices every decision. Bindings (`wasm`) and the CLI sit at the edge.
#![forbid(unsafe_code)]
#![cfg_attr(
    test,
    allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)
)]

pub mod channel;
pub mod check;
pub mod compile;
pub mod cost;
pub mod diagnostics;
pub mod eval;
pub mod format;
pub mod syntax;
mod tz;
#[cfg(feature = "wasm")]
pub mod wasm;

pub use channel::Channel;
pub use compile::{compile, compile_with_prices, Program};
pub use cost::sms_segments;
pub use diagnostics::{Diagnostic, Diagnostics, Severity};
pub use eval::{Request, RequestError, Response};
pub use format::format;

/// Every diagnostic of a source text: syntax errors, or else the checker's errors and warnings,
/// sorted by position.
pub fn check_source(source: &str) -> Diagnostics {
    match syntax::parse(source) {
        Err(d) => d,
        Ok(file) => {
            let mut diagnostics = Diagnostics(check::check(&file));
            diagnostics.sort();
            diagnostics
        }
    }
}
