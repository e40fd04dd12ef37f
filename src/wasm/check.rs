//! `version()` and `check(source, file)`: diagnostics as the JSON array of SPEC §4.

use wasm_bindgen::prelude::wasm_bindgen;

/// The crate version, which is also the npm package version.
#[wasm_bindgen(js_name = version)]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// The size of the instance's linear memory in bytes (for the package's memory tests; not part
/// of the public API). It only ever grows: a steady value under load means no leak.
#[wasm_bindgen(js_name = memoryBytes)]
pub fn memory_bytes() -> f64 {
    #[cfg(target_arch = "wasm32")]
    let pages = core::arch::wasm32::memory_size(0);
    #[cfg(not(target_arch = "wasm32"))]
    let pages = 0usize;
    // f64: 4 GiB (65,536 pages) does not fit a u32.
    pages as f64 * 65_536.0
}

/// Every diagnostic of `source` as a JSON array (`Diagnostics::to_json`, with `span_utf16`).
/// Never fails: a source that cannot be parsed is itself reported as diagnostics.
#[cfg(feature = "wasm")]
#[wasm_bindgen(js_name = check)]
pub fn check(source: &str, file: &str) -> String {
    let diagnostics = crate::check_source(source);
    let json = diagnostics.to_json(file, source);
    super::error::diagnostics_json(&json)
}

#[cfg(all(test, feature = "wasm"))]
mod tests {
    use super::*;

    fn parse(text: &str) -> serde_json::Value {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn check_returns_the_spec_json_array() {
        let out = parse(&check("journey \"é\" {\n  send sms \"oops\n}\n", "a.herald"));
        let d = &out[0];
        assert_eq!(out.as_array().unwrap().len(), 1);
        assert_eq!(d["file"], "a.herald");
        assert_eq!(d["code"], "E0101");
        assert_eq!(d["severity"], "error");
        assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(2), Some(12)));
        assert_eq!(d["span"], serde_json::json!({"start": 26, "end": 31}));
        assert_eq!(d["span_utf16"], serde_json::json!({"start": 25, "end": 30}));
        assert!(d["help"].is_string());
    }

    #[test]
    fn clean_source_gives_an_empty_array() {
        let source = "journey \"w\" {\n  when event \"Signed Up\"\n  send sms \"Hi!\"\n}\n";
        assert_eq!(check(source, "<input>"), "[]");
    }

    #[test]
    fn deep_nesting_is_a_diagnostic() {
        let out = parse(&check(&"(".repeat(100_000), "<input>"));
        assert_eq!(out[0]["code"], "E0003");
    }

    #[test]
    fn version_is_the_crate_version() {
        assert_eq!(version(), env!("CARGO_PKG_VERSION"));
    }
}
