//! herald: an engagement rules engine. Journeys written in the herald language are compiled
//! into a [`Program`]; [`Program::evaluate`] answers a [`Request`] (a profile, an event, the
//! previous state, a clock) with a [`Response`] (the decisions, priced, and the next state).
//! Nothing is stored: the caller keeps `response.state` and hands it back with the profile's
//! next request.
//!
//! ```
//! use herald_engine::eval::Action;
//! use herald_engine::{compile, Channel, Request};
//!
//! let program = compile(
//!     r#"journey "welcome" {
//!   when event "Signed Up"
//!   send email "Welcome aboard!"
//! }
//! "#,
//! )?;
//! let request: Request = serde_json::from_str(
//!     r#"{"now": "2026-03-08T14:00:00Z",
//!         "profile": {"id": "u_1", "email": "ana@example.com"},
//!         "event": {"name": "Signed Up"}}"#,
//! )?;
//! let response = program.evaluate(&request)?;
//! // The run enters the journey, sends, and ends.
//! let sent: Vec<_> = response.decisions.iter().filter(|d| d.action == Action::Send).collect();
//! assert_eq!(sent.len(), 1);
//! assert_eq!(&*sent[0].journey, "welcome");
//! assert_eq!(sent[0].channel, Some(Channel::Email));
//! assert_eq!(sent[0].content.as_deref(), Some("Welcome aboard!"));
//! // The same request as JSON text, answered as JSON text (what the bindings use).
//! let text = program.evaluate_json(&serde_json::to_string(&request)?);
//! assert!(text.contains(r#""journey":"welcome""#));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The public API (docs/api.md): the functions and types at the root, and the modules
//! [`program`] (saved programs), [`eval`] (the request and response types), [`sim`] (replays of
//! recorded traffic), [`testing`] (the `test` blocks of a file), [`cost`] (prices and the cost
//! analysis), [`diagnostics`] and [`syntax`] (the source limits). The language itself (parser,
//! checker, compiler, formatter, cost model) is the crate `herald-lang`, internal to this one:
//! its syntax tree and compiled form are not part of this API and may change in any release.
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

/// Tests: serde_json's `json!` notation for a [`herald_lang::json::Value`] (serde_json stays
/// the tests' notation and oracle).
#[cfg(test)]
macro_rules! json_value {
    ($($t:tt)+) => {
        herald_lang::json::Value::from(serde_json::json!($($t)+))
    };
}
#[cfg(test)]
pub(crate) use json_value;

pub mod eval;
pub mod program;
pub mod sim;
pub mod testing;
#[cfg(any(feature = "wasm-runtime", feature = "wasm-sim"))]
pub mod wasm;

pub use eval::{Request, RequestError, Response};
pub use herald_lang::channel::Channel;
pub use herald_lang::check_source;
pub use herald_lang::cost::sms_segments;
pub use herald_lang::diagnostics::{Diagnostic, Diagnostics, Severity};
pub use herald_lang::format::format;
pub use herald_lang::syntax::source_text;
pub use program::{compile, compile_with_prices, LoadError, Program};

pub mod cost {
    //! Prices and the static cost analysis (SPEC §3): the price table, amounts and currencies,
    //! an SMS text's segments, and the result of [`Program::analyze`](crate::Program::analyze).
    pub use herald_lang::cost::{
        sms_segments, Amount, Analysis, AnalysisForm, AnalyzeOptions, Campaign, CountryCode,
        CountrySource, Currency, Edge, Encoding, JourneyAnalysis, Node, NodeKind, PriceError,
        PriceTable, Quote, Rate, RateLookup, RunsNote, SmsSegments, Unit, VariantCost,
    };
}

pub mod json {
    //! herald's JSON values, as the request, state and response types hold them (profile,
    //! event properties, traits, prices, trace values): [`Value`] and [`Number`] as serde_json's,
    //! [`Map`] a map sorted by key (a vector of pairs, not a B-tree: the WebAssembly runtime
    //! module is smaller without it). serde `Serialize`/`Deserialize`, and `From` conversions to
    //! and from `serde_json::Value`/`Map`/`Number`.
    pub use herald_lang::json::{Map, Number, Value};
}

pub mod diagnostics {
    //! What is wrong with a source text: [`Diagnostic`]s with a stable [`Code`] (the table of
    //! codes is [`codes`]), a [`Severity`] and a byte [`Span`]; [`DiagnosticJson`] is the JSON
    //! form `herald check --format json` prints (SPEC §4), with lines and columns from a
    //! [`LineIndex`].
    pub use herald_lang::diagnostics::{
        codes, Code, Diagnostic, DiagnosticJson, Diagnostics, LineIndex, Severity,
    };
    pub use herald_lang::syntax::ast::Span;
}

pub mod syntax {
    //! The limits of a source text (the parser itself is internal): larger or deeper sources
    //! are refused with a diagnostic, never a crash.
    pub use herald_lang::syntax::{MAX_EXPR_DEPTH, MAX_NESTING, MAX_SOURCE_BYTES};
}
