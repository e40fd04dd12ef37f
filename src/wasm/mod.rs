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
//! Three modules are built from here (pkg/scripts/build.mjs): with the feature `wasm`, every
//! export but the simulator's (the package's main entry); with `wasm-runtime` alone, only what
//! evaluating a saved program needs (`herald-engine/runtime`: `loadProgram`, the program's
//! evaluation methods, `smsSegments`, `version`); with `wasm-sim` alone, only what
//! `program.replay()`, `program.test()` and `diff()` need (the simulator module, which the main
//! entry loads on their first use: `loadProgram` of the main module's `save()` bytes, `replay`,
//! `test`, `diff`). What a module leaves out is then not linked at all.

#[cfg(feature = "wasm-runtime")]
mod check;
#[cfg(feature = "wasm")]
mod compile;
pub mod error;
#[cfg(feature = "wasm")]
mod format;
#[cfg(feature = "wasm-runtime")]
mod input;
mod program;
#[cfg(feature = "wasm-runtime")]
mod segments;
#[cfg(feature = "wasm-sim")]
mod sim;

#[cfg(feature = "wasm")]
pub use check::check;
#[cfg(feature = "wasm-runtime")]
pub use check::{memory_bytes, version};
#[cfg(feature = "wasm")]
pub use compile::compile;
#[cfg(feature = "wasm")]
pub use format::format;
#[cfg(feature = "wasm-runtime")]
pub use input::{input_buffer, wasm_memory};
pub use program::{load_program, WasmProgram};
#[cfg(feature = "wasm-runtime")]
pub use segments::sms_segments;
#[cfg(feature = "wasm-sim")]
pub use sim::diff;
