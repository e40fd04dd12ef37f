//! herald: an engagement rules engine. Journeys written in the herald language are parsed
//! (`syntax`), checked (`check`), compiled (`compile`) and evaluated (`eval`) against a profile
//! and an event; `cost` prices every decision. Bindings (`wasm`) and the CLI sit at the edge.
#![forbid(unsafe_code)]
#![cfg_attr(
    test,
    allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)
)]

// The language, up to the compiled program, is the crate `herald_lang` (a crate of its own so
// that the WebAssembly build can optimise it for size and the evaluator for speed); its modules
// are re-exported here under the same names, so the pipeline reads syntax → check → compile →
// eval from this crate.
use herald_lang::tz;
pub use herald_lang::{channel, check, cost, diagnostics, format, syntax};

pub mod eval;
mod program;
pub mod sim;
pub mod testing;
#[cfg(feature = "wasm-runtime")]
pub mod wasm;

/// Checked AST → program: the compiled form's data (`herald_lang::compile`) and [`Program`].
pub mod compile {
    pub use crate::program::{compile, compile_with_prices, LoadError, Program};
    pub use crate::program::{FORMAT_VERSION, MAGIC, MAX_PAYLOAD_BYTES};
    pub use herald_lang::compile::*;
}

pub use channel::Channel;
pub use compile::{compile, compile_with_prices, LoadError, Program};
pub use cost::sms_segments;
pub use diagnostics::{Diagnostic, Diagnostics, Severity};
pub use eval::{Request, RequestError, Response};
pub use format::format;
pub use herald_lang::check_source;
