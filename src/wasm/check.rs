//! `version()` and `check(source, file)`: diagnostics as the JSON array of SPEC §4.

use wasm_bindgen::prelude::wasm_bindgen;

/// The crate version, which is also the npm package version.
#[wasm_bindgen(js_name = version)]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Every diagnostic of `source` as a JSON array (`Diagnostics::to_json`, with `span_utf16`).
/// Never fails: a source that cannot be parsed is itself reported as diagnostics.
#[wasm_bindgen(js_name = check)]
pub fn check(source: &str, file: &str) -> String {
    let diagnostics = crate::check_source(source);
    let json = diagnostics.to_json(file, source);
    super::error::to_json_text(&json)
}
