//! The WebAssembly bindings behind the npm package `herald-engine` (feature `wasm`).
//!
//! Thin by design: every export calls one library function and translates at the boundary.
//! The boundary convention, which every export follows so the JS wrappers stay uniform:
//! - structured values cross as JSON text (`String` in, `String` out); the JS wrappers in
//!   `pkg/js/api.js` do `JSON.stringify`/`JSON.parse`. JSON text keeps one serialisation for
//!   the CLI, the Rust API and JS, and `serde_json` bounds nesting (128) where a walk over a
//!   JS object graph would not, so no input can overflow the wasm stack.
//! - a failure is `Err(String)`: the JSON of an [`error::BoundaryError`]. wasm-bindgen throws it
//!   as a JS string; the wrapper turns it into a `HeraldError` (with `.diagnostics`) or a
//!   `RequestError` (with `.code`), the classes defined in JS.
//! - nothing here unwraps or indexes: a panic would trap the instance (wasm32 aborts on panic).

//!
//! Two modules are built from here (pkg/scripts/build.mjs): with the feature `wasm`, every
//! export (the package's main entry); with `wasm-runtime` alone, only what evaluating a saved
//! program needs (`herald-engine/runtime`: `loadProgram`, the program's evaluation methods,
//! `smsSegments`, `version`). What the runtime module leaves out (the parser, checker,
//! formatter, analysis and simulator) is then not linked at all.

mod check;
#[cfg(feature = "wasm")]
mod compile;
pub mod error;
#[cfg(feature = "wasm")]
mod format;
mod input;
mod program;
mod segments;
#[cfg(feature = "wasm")]
mod sim;

#[cfg(feature = "wasm")]
pub use check::check;
pub use check::{memory_bytes, version};
#[cfg(feature = "wasm")]
pub use compile::compile;
#[cfg(feature = "wasm")]
pub use format::format;
pub use input::{input_buffer, wasm_memory};
pub use program::{load_program, WasmProgram};
pub use segments::sms_segments;
#[cfg(feature = "wasm")]
pub use sim::diff;
