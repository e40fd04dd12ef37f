//! `program.replay(messages, options)` and `diff(old, new, messages, options)`: the simulator of
//! `crate::sim` on NDJSON text held in memory, answering the same JSON as `herald replay
//! --format json` and `herald diff --format json`; and `program.test(source)`. The simulator
//! module's exports (feature `wasm-sim`), on programs it loads from the main module's `save()`
//! bytes (`loadProgram`): the main module has none of this (docs/wasm.md, branch `lazysim`).

use super::error::BoundaryError;
use super::program::WasmProgram;
use crate::sim::{self, Options, ReplayError};
use serde::Deserialize;
use wasm_bindgen::prelude::wasm_bindgen;

/// The options as the JS layer passes them (already type-checked).
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
struct SimArgs {
    /// NDJSON text of starting profiles.
    profiles: Option<String>,
    until: Option<String>,
    decisions: bool,
}

fn parse_args(options: &str) -> Result<(SimArgs, Options), String> {
    let bad = |m: String| BoundaryError::request("invalid_options", m).into_js();
    let args: SimArgs = serde_json::from_str(options).map_err(|e| bad(e.to_string()))?;
    let until = match &args.until {
        None => None,
        Some(t) => Some(
            crate::eval::Timestamp::parse(t)
                .ok_or_else(|| bad(format!("until `{t}` is not an RFC 3339 instant")))?
                .millis(),
        ),
    };
    let opts = Options { until, jobs: 1, decisions: args.decisions };
    Ok((args, opts))
}

fn replay_error(e: ReplayError) -> String {
    let code = match e {
        ReplayError::Profiles(_) => "invalid_profiles",
        ReplayError::Io(_) => "internal",
    };
    BoundaryError::request(code, e.to_string()).into_js()
}

#[wasm_bindgen]
impl WasmProgram {
    /// The replay summary as one line of JSON; with `decisions`, followed by the decisions as
    /// NDJSON (one line each, `"user"` first).
    pub fn replay(&self, messages: &str, options: &str) -> Result<String, String> {
        let (args, opts) = parse_args(options)?;
        let r = sim::replay_text(&self.program, messages, args.profiles.as_deref(), &opts)
            .map_err(replay_error)?;
        let mut out = r.summary.to_json();
        out.push('\n');
        out.push_str(&r.decisions);
        Ok(out)
    }
}

#[wasm_bindgen]
impl WasmProgram {
    /// `program.test(source?)` (docs/testing.md): the results of the `test` blocks of `source`
    /// (when empty, of the program's own source) run on the program's journeys, as JSON.
    pub fn test(&self, source: &str) -> Result<String, String> {
        let report = if source.is_empty() {
            self.program.test()
        } else {
            crate::testing::TestFile::parse(source)
                .map_err(|d| BoundaryError::herald(&d, "tests.herald", source).into_js())?
                .run(&self.program)
        };
        Ok(report.to_json())
    }
}

/// Two versions of a program on the same messages, as `herald diff --format json` prints it.
#[wasm_bindgen(js_name = diff)]
pub fn diff(
    old: &WasmProgram,
    new: &WasmProgram,
    messages: &str,
    options: &str,
) -> Result<String, String> {
    let (args, opts) = parse_args(options)?;
    sim::diff_text(&old.program, &new.program, messages, args.profiles.as_deref(), &opts)
        .map(|r| r.to_json())
        .map_err(replay_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = "journey \"w\" {\n  when event \"Signed Up\"\n  send email \"hi\"\n}\n";
    const MESSAGES: &str = "{\"type\":\"track\",\"userId\":\"u1\",\"event\":\"Signed Up\",\"timestamp\":\"2026-03-08T10:00:00Z\"}\n";

    /// The program as the JS layer hands it over: compiled, saved, loaded here.
    fn loaded(source: &str) -> WasmProgram {
        let bytes = crate::compile(source).unwrap().save().unwrap();
        super::super::program::load_program(&bytes, "w.herald").unwrap()
    }

    #[test]
    fn replay_answers_the_summary_then_the_decisions() {
        let p = loaded(SOURCE);
        let out = p
            .replay(
                MESSAGES,
                r#"{"decisions":true,"profiles":"{\"id\":\"u1\",\"email\":\"a@b.co\"}"}"#,
            )
            .unwrap();
        let mut lines = out.lines();
        let summary: serde_json::Value = serde_json::from_str(lines.next().unwrap()).unwrap();
        assert_eq!(summary["journeys"]["w"]["sends"]["email"], 1);
        assert_eq!(lines.filter(|l| l.contains("\"user\":\"u1\"")).count(), 3);
        let err = p.replay(MESSAGES, r#"{"until":"soon"}"#).unwrap_err();
        assert!(err.contains("invalid_options"));
        let err = p.replay(MESSAGES, r#"{"profiles":"[1]"}"#).unwrap_err();
        assert!(err.contains("invalid_profiles"));
        let d = diff(&p, &p, MESSAGES, "{}").unwrap();
        assert!(d.contains("\"users_differing\":0"));
    }

    #[test]
    fn test_runs_own_or_given_tests() {
        let tests = "test \"email\" {\n  at \"2026-03-08T10:00:00Z\"\n  profile { email \"a@b.co\" }\n  event \"Signed Up\"\n  expect send email\n}\n";
        let p = loaded(SOURCE);
        let own: serde_json::Value = serde_json::from_str(&p.test("").unwrap()).unwrap();
        assert_eq!(own["tests"].as_array().unwrap().len(), 0);
        let given: serde_json::Value = serde_json::from_str(&p.test(tests).unwrap()).unwrap();
        assert_eq!((given["passed"].as_u64(), given["failed"].as_u64()), (Some(1), Some(0)));
        let err = p.test("test \"x\" {").unwrap_err();
        assert!(err.contains("E0"), "{err}");
        // The program's own tests run from its saved source, parsed again when it was loaded.
        let own = loaded(&format!("{SOURCE}{tests}"));
        let own: serde_json::Value = serde_json::from_str(&own.test("").unwrap()).unwrap();
        assert_eq!((own["passed"].as_u64(), own["failed"].as_u64()), (Some(1), Some(0)));
    }
}
