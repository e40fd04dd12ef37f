//! What crosses the boundary when an export fails, and the JSON encoding of results.
//!
//! An export returns `Err(String)` holding the JSON of a [`BoundaryError`]; the JS wrapper
//! (`pkg/js/api.js`, `translate`) builds the matching JS error class from it:
//! `{"kind": "herald", "message", "diagnostics": [...]}` → `HeraldError`,
//! `{"kind": "request", "code", "message"}` → `RequestError`,
//! `{"kind": "program", "code", "message"}` → `LoadError`.

use crate::eval::write::Writer;
use crate::Diagnostics;
use herald_lang::diagnostics::DiagnosticJson;
use serde::Serialize;

/// The `Serialize` derive is the oracle of the hand-written `into_js` (tests compare them); the
/// modules write it by hand, so that serde_json's serializer is not linked into them.
#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum BoundaryError {
    /// The source has errors (compile): a `HeraldError` carrying the diagnostics.
    Herald { message: String, diagnostics: Vec<DiagnosticJson> },
    /// A request, state or price table is malformed or over a limit: a `RequestError`. The
    /// message has no line and column: `line` and `column` say them, for the JS layer to add
    /// when the caller passed a text (a position in a text it never saw means nothing to a
    /// caller that passed an object; `path` names the value for both).
    Request {
        code: String,
        message: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        path: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        line: Option<u64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        column: Option<u64>,
    },
    /// A saved program that cannot be loaded (`LoadError`): a `LoadError` in JS, with `code`
    /// `not_a_program`, `version_mismatch` or `corrupt_program`.
    Program { code: String, message: String },
}

impl BoundaryError {
    pub fn herald(diagnostics: &Diagnostics, file: &str, source: &str) -> Self {
        BoundaryError::Herald {
            message: diagnostics.to_string(),
            diagnostics: diagnostics.to_json(file, source),
        }
    }

    pub fn request(code: impl Into<String>, message: impl Into<String>) -> Self {
        BoundaryError::Request {
            code: code.into(),
            message: message.into(),
            path: None,
            line: None,
            column: None,
        }
    }

    /// A request that could not be evaluated, with where it is when known.
    pub fn from_request(e: &crate::RequestError) -> Self {
        let location = e.location();
        BoundaryError::Request {
            code: e.code().to_string(),
            message: e.message(),
            path: location.and_then(|l| l.path.clone()),
            line: location.and_then(|l| l.line),
            column: location.and_then(|l| l.column),
        }
    }

    /// A saved program that could not be loaded (or saved).
    pub fn from_load(e: &crate::LoadError) -> Self {
        BoundaryError::Program { code: e.code().to_string(), message: e.to_string() }
    }

    /// The `Err` value of an export: the JSON `serde_json::to_string` writes of it.
    pub fn into_js(self) -> String {
        let mut w = Writer::with_capacity(256);
        match &self {
            BoundaryError::Herald { message, diagnostics } => {
                w.raw("{\"kind\":\"herald\",\"message\":");
                w.string(message);
                w.raw(",\"diagnostics\":");
                write_diagnostics(&mut w, diagnostics);
            }
            BoundaryError::Request { code, message, path, line, column } => {
                w.raw("{\"kind\":\"request\",\"code\":");
                w.string(code);
                w.raw(",\"message\":");
                w.string(message);
                if let Some(p) = path {
                    w.raw(",\"path\":");
                    w.string(p);
                }
                if let Some(l) = line {
                    w.raw(",\"line\":");
                    w.uint(*l);
                }
                if let Some(c) = column {
                    w.raw(",\"column\":");
                    w.uint(*c);
                }
            }
            BoundaryError::Program { code, message } => {
                w.raw("{\"kind\":\"program\",\"code\":");
                w.string(code);
                w.raw(",\"message\":");
                w.string(message);
            }
        }
        w.raw("}");
        w.finish()
    }
}

/// Diagnostics as the JSON array `serde_json::to_string` writes of them (SPEC §4).
#[cfg_attr(not(feature = "wasm-runtime"), allow(dead_code))]
pub(crate) fn diagnostics_json(diagnostics: &[DiagnosticJson]) -> String {
    DiagnosticJson::array_text(diagnostics)
}

fn write_diagnostics(w: &mut Writer, diagnostics: &[DiagnosticJson]) {
    let mut lang = herald_lang::write::Writer::with_capacity(256 * diagnostics.len() + 2);
    DiagnosticJson::write_array(&mut lang, diagnostics);
    w.raw(&lang.finish());
}

/// A JSON array of strings.
#[cfg_attr(not(feature = "wasm-runtime"), allow(dead_code))]
pub(crate) fn strings_json<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let mut w = Writer::with_capacity(64);
    w.raw("[");
    for (i, s) in items.into_iter().enumerate() {
        w.comma(i);
        w.string(s);
    }
    w.raw("]");
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Diagnostic;
    use herald_lang::syntax::ast::Span;

    #[test]
    fn herald_error_carries_message_and_diagnostics() {
        let source = "journey x {}";
        let d = Diagnostics(vec![Diagnostic::error(
            herald_lang::diagnostics::codes::NO_STEPS,
            Span::new(8, 9),
            "no steps",
        )]);
        let text = BoundaryError::herald(&d, "a.herald", source).into_js();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["kind"], "herald");
        assert_eq!(v["message"], "E0307: no steps");
        assert_eq!(v["diagnostics"][0]["code"], "E0307");
        assert_eq!(v["diagnostics"][0]["file"], "a.herald");
        assert_eq!(v["diagnostics"][0]["column"], 9);
        assert_eq!(v["diagnostics"][0]["help"], serde_json::Value::Null);
    }

    /// Every variant, written by hand, as serde_json writes it (the derive stays the oracle).
    #[test]
    fn errors_and_diagnostics_are_written_as_serde_json_writes_them() {
        let source = "journey \"é\\\" {\n\tsend smss \"hi\"\n}\n";
        let mut d = crate::check_source(source);
        d.0.push(Diagnostic::error(
            herald_lang::diagnostics::codes::NO_STEPS,
            Span::new(1, 3),
            "a \"quoted\" \u{1} message/with é",
        ));
        let json = d.to_json("dir/a \"b\".herald", source);
        assert!(json.len() >= 2 && json.iter().any(|d| d.help.is_some()));
        assert_eq!(diagnostics_json(&json), serde_json::to_string(&json).unwrap());
        for d in &json {
            assert_eq!(d.to_json(), serde_json::to_string(d).unwrap());
        }
        assert_eq!(diagnostics_json(&[]), "[]");
        let location = |path: Option<&str>, line, column| crate::eval::Location {
            path: path.map(str::to_string),
            line,
            column,
        };
        let errors = [
            BoundaryError::herald(&d, "a.herald", source),
            BoundaryError::request("invalid_json", "expected a value at 1:1 \"\n\""),
            BoundaryError::from_request(
                &crate::RequestError::InvalidState("x".into()).located(location(
                    Some("state[\"j\\\"]"),
                    Some(3),
                    Some(u64::MAX),
                )),
            ),
            BoundaryError::from_request(
                &crate::RequestError::InvalidRequest("y".into()).located(location(
                    None,
                    Some(1),
                    None,
                )),
            ),
            BoundaryError::Program { code: "not_a_program".into(), message: "bad\u{7f}".into() },
        ];
        for e in errors {
            let serde = serde_json::to_string(&e).unwrap();
            assert_eq!(e.into_js(), serde);
        }
        let ids = ["a", "b\"\u{0}", ""];
        assert_eq!(strings_json(ids), serde_json::to_string(&ids).unwrap());
        assert_eq!(strings_json([]), "[]");
    }

    #[test]
    fn request_error_has_code() {
        let text = BoundaryError::request("invalid_json", "expected a value at 1:1").into_js();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["kind"], "request");
        assert_eq!(v["code"], "invalid_json");
        assert_eq!(v["message"], "expected a value at 1:1");
        assert!(v.get("path").is_none());
    }

    #[test]
    fn a_located_request_error_keeps_its_position_apart_from_its_message() {
        let e = crate::RequestError::InvalidRequest("`x` is not an RFC 3339 instant".into())
            .located(crate::eval::Location {
                path: Some("profile.events[3].time".into()),
                line: Some(1),
                column: Some(90),
            });
        let v: serde_json::Value =
            serde_json::from_str(&BoundaryError::from_request(&e).into_js()).unwrap();
        assert_eq!(v["code"], "invalid_request");
        assert_eq!(
            v["message"],
            "invalid request: profile.events[3].time: `x` is not an RFC 3339 instant"
        );
        assert_eq!(v["path"], "profile.events[3].time");
        assert_eq!((v["line"].as_u64(), v["column"].as_u64()), (Some(1), Some(90)));
    }
}
