//! Runs every case of tests/conformance/*.json (format: tests/conformance/README.md). Each step's
//! request is evaluated twice, through `Program::evaluate_json` (text) and `Program::evaluate`
//! (typed), which must agree; the response's `state` feeds the next step.
//!
//! `HERALD_CONFORMANCE_PRINT=1 cargo test --test conformance -- --nocapture` prints every
//! response; `HERALD_CONFORMANCE_ONLY=caps` runs only the files whose name contains `caps`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::disallowed_methods
)]

use herald_engine::{compile, Program, Request};
use serde_json::{json, Value};
use std::path::Path;

fn load(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn compile_or_fail(source: &str, what: &str) -> Result<Program, String> {
    compile(source).map_err(|d| {
        let lines: Vec<String> =
            d.iter().map(|d| format!("  {} {} at {:?}", d.code, d.message, d.span)).collect();
        format!("{what}: the source does not compile:\n{}", lines.join("\n"))
    })
}

/// Evaluate through the typed API, as JSON (or the error as `{"error": {"code": ...}}`).
fn typed(program: &Program, request: &Value) -> Option<Value> {
    let req: Request = serde_json::from_value(request.clone()).ok()?;
    Some(match program.evaluate(&req) {
        Ok(r) => serde_json::to_value(&r).unwrap(),
        Err(e) => json!({"error": {"code": e.code(), "message": e.to_string()}}),
    })
}

fn run_case(path: &Path, failures: &mut Vec<String>) {
    let case = load(path);
    let file = path.file_name().unwrap().to_string_lossy().to_string();
    let name = case["name"].as_str().unwrap_or("?").to_string();
    let label = format!("{file} / {name}");
    let mut program = match compile_or_fail(case["source"].as_str().unwrap_or(""), &label) {
        Ok(p) => p,
        Err(e) => {
            failures.push(e);
            return;
        }
    };
    let mut state = Value::Null;
    let print = std::env::var_os("HERALD_CONFORMANCE_PRINT").is_some();
    for (i, step) in case["steps"].as_array().unwrap().iter().enumerate() {
        let label = format!("{label} / step {}", i + 1);
        if let Some(src) = step["source"].as_str() {
            program = match compile_or_fail(src, &label) {
                Ok(p) => p,
                Err(e) => {
                    failures.push(e);
                    return;
                }
            };
        }
        // `request_text` is sent verbatim (for requests that are not JSON at all).
        let (request, text) = match step.get("request_text").and_then(Value::as_str) {
            Some(raw) => (Value::Null, raw.to_string()),
            None => {
                let mut request = step["request"].clone();
                if request.get("state").is_none() {
                    request["state"] = state.clone();
                }
                let text = serde_json::to_string(&request).unwrap();
                (request, text)
            }
        };
        let out: Value = serde_json::from_str(&program.evaluate_json(&text)).unwrap();
        if print {
            eprintln!("== {label}\n{}", serde_json::to_string_pretty(&out).unwrap());
        }
        // The typed API must agree with the text API (when the request reads as a `Request`).
        if let Some(t) = typed(&program, &request) {
            let same = match (out.get("error"), t.get("error")) {
                (Some(a), Some(b)) => a["code"] == b["code"],
                _ => t == out,
            };
            if !same {
                failures.push(format!(
                    "{label}: evaluate and evaluate_json disagree:\n  json:  {out}\n  typed: {t}"
                ));
            }
        }
        if let Some(expect_error) = step.get("expect_error") {
            let got = &out["error"]["code"];
            if got != &expect_error["code"] {
                failures
                    .push(format!("{label}: expected error {}, got {}", expect_error["code"], out));
            }
            continue;
        }
        if let Some(err) = out.get("error") {
            failures.push(format!("{label}: unexpected error {err}"));
            return;
        }
        if let Some(expect) = step.get("expect").and_then(Value::as_object) {
            for (key, want) in expect {
                let got = out.get(key).unwrap_or(&Value::Null);
                if got != want {
                    failures.push(format!("{label}: `{key}` differs\n{}", difference(want, got)));
                }
            }
        }
        state = out["state"].clone();
    }
}

/// Where two values differ: the first differing item of two arrays, else both values.
fn difference(want: &Value, got: &Value) -> String {
    if let (Some(w), Some(g)) = (want.as_array(), got.as_array()) {
        for i in 0..w.len().max(g.len()) {
            if w.get(i) != g.get(i) {
                return format!(
                    "  first difference at [{i}] (expected {} items, got {})\n  expected: {}\n  actual:   {}",
                    w.len(),
                    g.len(),
                    w.get(i).map_or("nothing".into(), Value::to_string),
                    g.get(i).map_or("nothing".into(), Value::to_string)
                );
            }
        }
    }
    format!("  expected: {want}\n  actual:   {got}")
}

#[test]
fn conformance_suite() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    if let Some(only) = std::env::var_os("HERALD_CONFORMANCE_ONLY") {
        let only = only.to_string_lossy().to_string();
        paths.retain(|p| p.to_string_lossy().contains(&only));
    }
    assert!(!paths.is_empty(), "no conformance cases in {}", dir.display());
    let mut failures = Vec::new();
    let mut steps = 0;
    for path in &paths {
        steps += load(path)["steps"].as_array().map_or(0, Vec::len);
        run_case(path, &mut failures);
    }
    assert!(
        failures.is_empty(),
        "{} conformance failure(s) over {} files, {steps} steps:\n\n{}",
        failures.len(),
        paths.len(),
        failures.join("\n\n")
    );
}
