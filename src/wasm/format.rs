//! `format(source, file)`: the canonical layout of a source text (`herald fmt`).

use super::error::BoundaryError;
use wasm_bindgen::prelude::wasm_bindgen;

/// The source in canonical form. Source that does not parse fails with a `HeraldError`
/// carrying its diagnostics (the formatter needs a syntax tree; checker errors do not stop it).
#[wasm_bindgen(js_name = format)]
pub fn format(source: &str, file: &str) -> Result<String, String> {
    crate::format(source).map_err(|d| BoundaryError::herald(&d, file, source).into_js())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_refuses_what_does_not_parse() {
        let out =
            format("journey \"w\"{\nwhen event \"a\"\n     send sms \"x\"}", "<input>").unwrap();
        assert_eq!(out, "journey \"w\" {\n  when event \"a\"\n\n  send sms \"x\"\n}\n");
        let err: serde_json::Value =
            serde_json::from_str(&format("journey \"w\" {", "f.herald").unwrap_err()).unwrap();
        assert_eq!(err["kind"], "herald");
        assert_eq!(err["diagnostics"][0]["file"], "f.herald");
    }
}
