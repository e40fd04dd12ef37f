//! The compiled program's methods that both modules have: evaluation (one request, or a batch)
//! and what the program reads (which the JS layer uses to carry only those parts of a profile
//! across the boundary); and `loadProgram(bytes)`, a saved program (`herald build`,
//! `program.save()`). `compile`, `save` and `analyze` are in `compile.rs` (full module only).
//! The simulator module (feature `wasm-sim` alone) has the struct and `loadProgram` only (its
//! `replay`, `test` and `diff` are in `sim.rs`).

use super::error::BoundaryError;
#[cfg(feature = "wasm-runtime")]
use super::error::{diagnostics_json, strings_json};
#[cfg(feature = "wasm-runtime")]
use super::input::InputError;
#[cfg(feature = "wasm-runtime")]
use crate::eval::write::Writer;
#[cfg(feature = "wasm-runtime")]
use crate::Diagnostics;
use wasm_bindgen::prelude::wasm_bindgen;

/// A compiled program. The JS class `Program` (pkg/js/api.js) wraps it; the wasm-side memory is
/// released by `free()` or, for handles a caller forgets, by a FinalizationRegistry.
#[wasm_bindgen]
pub struct WasmProgram {
    pub(super) program: crate::Program,
    /// The file name diagnostics (warnings) carry.
    #[cfg_attr(not(feature = "wasm-runtime"), allow(dead_code))]
    pub(super) file: String,
}

/// A saved program (`herald build`, `program.save()`), by the same herald. Fails with a
/// `LoadError` (`not_a_program`, `version_mismatch`, `corrupt_program`). Exported by the
/// runtime module and the simulator module: the full module saves but does not load (reading
/// the compiled types back costs about 30 KB gzipped, docs/wasm.md), so its build keeps this for
/// the tests. The simulator module loads the syntax tree too (its source parsed again), which
/// `program.test()` runs the program's own `test` blocks from.
#[cfg_attr(not(feature = "wasm"), wasm_bindgen(js_name = loadProgram))]
pub fn load_program(bytes: &[u8], file: &str) -> Result<WasmProgram, String> {
    #[cfg(any(feature = "wasm", feature = "wasm-sim"))]
    let loaded = crate::Program::load(bytes);
    #[cfg(not(any(feature = "wasm", feature = "wasm-sim")))]
    let loaded = crate::Program::load_for_evaluation(bytes);
    match loaded {
        Ok(program) => Ok(WasmProgram { program, file: file.to_string() }),
        Err(e) => Err(BoundaryError::from_load(&e).into_js()),
    }
}

#[cfg(feature = "wasm-runtime")]
fn input_error(e: InputError) -> BoundaryError {
    match e {
        InputError::NotUtf8(at) => BoundaryError::request(
            "invalid_json",
            format!("the text is not UTF-8 (bad byte at offset {at})"),
        ),
        InputError::PastBuffer { len, capacity } => BoundaryError::request(
            "internal_error",
            format!(
                "the input length {len} is past the input buffer ({capacity} bytes): \
                 call inputBuffer with at least the length first (a bug of the JS layer)"
            ),
        ),
    }
}

#[cfg(feature = "wasm-runtime")]
#[wasm_bindgen]
impl WasmProgram {
    /// One request (JSON text) → its response (JSON text). A request that cannot be evaluated
    /// fails with a `RequestError` carrying its code.
    #[wasm_bindgen(js_name = evaluateJson)]
    pub fn evaluate_json(&self, request: &str) -> Result<String, String> {
        self.program
            .try_evaluate_json(request)
            .map_err(|e| BoundaryError::from_request(&e).into_js())
    }

    /// A batch: requests as JSON texts separated by newlines (what `JSON.stringify` of each
    /// gives, joined with "\n": it never writes a raw newline) → one JSON array text of the
    /// responses, in order. A request that cannot be evaluated gets `{"error": {"code",
    /// "message"}}` in its place (as a line of `herald eval` does) and the rest go on.
    #[wasm_bindgen(js_name = evaluateLines)]
    pub fn evaluate_lines(&self, requests: &str) -> String {
        let mut out = String::with_capacity(requests.len() / 2 + 2);
        out.push('[');
        for (i, line) in requests.split('\n').enumerate() {
            if i > 0 {
                out.push(',');
            }
            match self.program.try_evaluate_json(line) {
                Ok(response) => out.push_str(&response),
                Err(e) => out.push_str(&e.to_json()),
            }
        }
        out.push(']');
        out
    }

    /// `evaluateJson` of the text in the input buffer (`super::input`): its first `len` bytes.
    #[wasm_bindgen(js_name = evaluateInput)]
    pub fn evaluate_input(&self, len: usize) -> Result<String, String> {
        super::input::with_input(len, |text| match text {
            Ok(text) => self.evaluate_json(text),
            Err(e) => Err(input_error(e).into_js()),
        })
    }

    /// `evaluateLines` of the text in the input buffer: its first `len` bytes.
    #[wasm_bindgen(js_name = evaluateInputLines)]
    pub fn evaluate_input_lines(&self, len: usize) -> Result<String, String> {
        super::input::with_input(len, |text| match text {
            Ok(text) => Ok(self.evaluate_lines(text)),
            Err(e) => Err(input_error(e).into_js()),
        })
    }

    /// The journey ids, in file order (JSON array).
    #[wasm_bindgen(js_name = journeyIds)]
    pub fn journey_ids(&self) -> String {
        strings_json(self.program.journey_ids())
    }

    /// The checker's warnings for the source (JSON array of diagnostics, as `check()` gives).
    pub fn warnings(&self) -> String {
        let warnings = Diagnostics(self.program.warnings().to_vec());
        diagnostics_json(&warnings.to_json(&self.file, self.program.source()))
    }

    /// What evaluation reads, for the JS layer's projection of requests (JSON):
    /// `{"profileKeys": [...], "countedEvents": [...], "readsEventList": bool}`.
    pub fn reads(&self) -> String {
        // The keys in the order serde_json wrote the object this was once built as (sorted).
        let mut w = Writer::with_capacity(256);
        w.raw("{\"countedEvents\":");
        w.raw(&strings_json(self.program.counted_events()));
        w.raw(",\"profileKeys\":");
        w.raw(&strings_json(self.program.profile_keys()));
        w.raw(",\"readsEventList\":");
        w.bool(self.program.reads_event_list());
        w.raw(",\"readsEventProperties\":");
        w.bool(self.program.inner.names.counted_with_condition.iter().any(|c| *c));
        w.raw("}");
        w.finish()
    }
}

#[cfg(all(test, feature = "wasm"))]
mod tests {
    use super::super::compile::compile;
    use super::*;
    use serde_json::Value;

    const SOURCE: &str = "journey \"w\" {\n  when event \"Signed Up\"\n  audience not (profile[\"plan type\"] == \"x\")\n  if count(event \"Viewed\" within 1 day) > 0 {\n    send email \"hi\"\n  }\n}\n";

    fn program() -> WasmProgram {
        compile(SOURCE, "w.herald", "").unwrap()
    }

    fn parse(text: &str) -> Value {
        serde_json::from_str(text).unwrap()
    }

    const REQUEST: &str = r#"{"now":"2026-03-08T14:00:00Z","profile":{"id":"u1","email":"a@b.c","events":[{"name":"Viewed","time":"2026-03-08T13:00:00Z"}]},"event":{"name":"Signed Up"}}"#;

    #[test]
    fn evaluate_json_answers_and_errors_carry_codes() {
        let p = program();
        let out = parse(&p.evaluate_json(REQUEST).unwrap());
        assert_eq!(out["decisions"][1]["action"], "send");
        let err = parse(&p.evaluate_json("{not json").unwrap_err());
        assert_eq!(err["kind"], "request");
        assert_eq!(err["code"], "invalid_json");
        let err = parse(&p.evaluate_json(r#"{"now":"x","profile":{}}"#).unwrap_err());
        assert_eq!(err["code"], "invalid_request");
    }

    #[test]
    fn evaluate_input_reads_the_buffer() {
        let p = program();
        let ptr = super::super::input::input_buffer(REQUEST.len());
        assert!(!ptr.is_null());
        // What the JS layer does through memory, done here through a slice.
        super::super::input::tests_write(REQUEST.as_bytes());
        assert_eq!(p.evaluate_input(REQUEST.len()), p.evaluate_json(REQUEST));
        super::super::input::tests_write(format!("{REQUEST}\n{REQUEST}").as_bytes());
        let lines = parse(&p.evaluate_input_lines(2 * REQUEST.len() + 1).unwrap());
        assert_eq!(lines.as_array().unwrap().len(), 2);
        super::super::input::tests_write(&[b'{', 0xff]);
        let err = parse(&p.evaluate_input(2).unwrap_err());
        assert_eq!(err["code"], "invalid_json");
    }

    #[test]
    fn a_length_past_the_input_buffer_is_an_internal_error_not_an_empty_text() {
        let p = program();
        super::super::input::tests_write(REQUEST.as_bytes());
        let past = 1 << 30;
        // Read as an empty text, this was one `invalid_json` answer for however many lines.
        for answer in [p.evaluate_input(past), p.evaluate_input_lines(past)] {
            let err = parse(&answer.unwrap_err());
            assert_eq!(err["code"], "internal_error");
            let message = err["message"].as_str().unwrap();
            assert!(
                message.contains("input length 1073741824 is past the input buffer"),
                "{message}"
            );
        }
    }

    #[test]
    fn evaluate_lines_gives_one_answer_per_line_in_order() {
        let p = program();
        let out = parse(&p.evaluate_lines(&format!("{REQUEST}\nnope\n{REQUEST}")));
        let items = out.as_array().unwrap();
        assert_eq!(items.len(), 3);
        assert_eq!(items[0], parse(&p.evaluate_json(REQUEST).unwrap()));
        assert_eq!(items[1]["error"]["code"], "invalid_json");
        assert_eq!(items[2], items[0]);
    }

    #[test]
    fn compile_errors_are_herald_errors_with_diagnostics() {
        let err = parse(
            &compile("journey \"x\" {\n  send smss \"hi\"\n}\n", "a.herald", "").err().unwrap(),
        );
        assert_eq!(err["kind"], "herald");
        assert!(err["diagnostics"].as_array().unwrap().iter().any(|d| d["code"] == "E0102"));
        assert_eq!(err["diagnostics"][0]["file"], "a.herald");
    }

    #[test]
    fn compile_with_a_price_table_and_a_bad_one() {
        let prices = r#"{"currency":"USD","channels":{"email":{"default":0.5}}}"#;
        let p = compile(SOURCE, "w.herald", prices).unwrap();
        let out = parse(&p.evaluate_json(REQUEST).unwrap());
        assert_eq!(out["total_cost"]["micros"], 500_000);
        let err = parse(&compile(SOURCE, "w.herald", "{\"channels\": 3}").err().unwrap());
        assert_eq!(err["code"], "invalid_prices");
    }

    #[test]
    fn analyze_with_options() {
        let p = program();
        let out = parse(&p.analyze("{}").unwrap());
        assert_eq!(out["journeys"][0]["id"], "w");
        assert_eq!(out["journeys"][0]["max_messages"], 1);
        let out = parse(&p.analyze(r#"{"country":"GB","audience":10}"#).unwrap());
        assert_eq!(out["campaign"]["audience"], 10);
        let err = parse(&p.analyze(r#"{"country":"XX"}"#).unwrap_err());
        assert_eq!(err["code"], "invalid_options");
        let err = parse(&p.analyze(r#"{"colour":"red"}"#).unwrap_err());
        assert_eq!(err["code"], "invalid_options");
        let err = parse(&p.analyze(r#"{"prices":[]}"#).unwrap_err());
        assert_eq!(err["code"], "invalid_prices");
    }

    #[test]
    fn analysis_spans_come_in_utf16_too_and_unsafe_amounts_are_refused() {
        let source = "# é😀\njourney \"w\" {\n  when event \"a\"\n  send sms \"hi\"\n}\n";
        let p = compile(source, "w.herald", "").unwrap();
        let out = parse(&p.analyze("{}").unwrap());
        let journey = &out["journeys"][0];
        let bytes = journey["span"]["start"].as_u64().unwrap() as usize;
        let units = journey["span_utf16"]["start"].as_u64().unwrap() as usize;
        assert_eq!(units, source[..bytes].encode_utf16().count());
        assert_eq!(bytes - units, 3, "é takes 2 bytes and 1 unit; 😀 4 bytes and 2 units");
        for node in journey["nodes"].as_array().unwrap() {
            let start = node["span"]["start"].as_u64().unwrap() as usize;
            assert_eq!(node["span_utf16"]["start"], source[..start].encode_utf16().count());
        }
        let err = parse(&p.analyze(r#"{"audience":9007199254740991}"#).unwrap_err());
        assert_eq!(err["code"], "invalid_options");
        assert!(err["message"].as_str().unwrap().contains("2^53"), "{err}");
        assert!(p.analyze(r#"{"audience":1000}"#).is_ok());
    }

    /// `reads`, `journeyIds` and `warnings`, written by hand, as serde_json wrote them.
    #[test]
    fn reads_ids_and_warnings_are_written_as_serde_json_writes_them() {
        let source = "journey \"a\\\"\" {\n  when event \"Go \\\"x\\\"\"\n  if count(event \"V\" within 1 day) > 0 and event.n > 1 {\n    send email \"hi\"\n  }\n}\njourney \"b\" {\n  when event \"Go\"\n  audience profile.a ?? \"é\" != \"staff\"\n  send sms \"hi\"\n  send sms \"again\"\n}\n";
        let p = compile(source, "w.herald", "").unwrap();
        let reads = serde_json::json!({
            "profileKeys": p.program.profile_keys(),
            "countedEvents": p.program.counted_events(),
            "readsEventList": p.program.reads_event_list(),
            "readsEventProperties": p.program.inner.names.counted_with_condition.iter().any(|c| *c),
        });
        assert_eq!(p.reads(), serde_json::to_string(&reads).unwrap());
        assert_eq!(p.journey_ids(), serde_json::to_string(&p.program.journey_ids()).unwrap());
        assert!(!p.program.warnings().is_empty());
        let warnings = Diagnostics(p.program.warnings().to_vec()).to_json("w.herald", source);
        assert_eq!(p.warnings(), serde_json::to_string(&warnings).unwrap());
        assert_eq!(program().reads(), {
            let p = program();
            serde_json::to_string(&serde_json::json!({
                "profileKeys": p.program.profile_keys(),
                "countedEvents": p.program.counted_events(),
                "readsEventList": p.program.reads_event_list(),
                "readsEventProperties": p.program.inner.names.counted_with_condition.iter().any(|c| *c),
            }))
            .unwrap()
        });
    }

    #[test]
    fn reads_names_keys_and_counted_events() {
        let reads = parse(&program().reads());
        let keys = reads["profileKeys"].as_array().unwrap();
        assert!(keys.contains(&Value::from("plan type")));
        assert!(keys.contains(&Value::from("subscriptions")));
        assert_eq!(reads["countedEvents"], serde_json::json!(["Viewed"]));
        assert_eq!(reads["readsEventList"], false);
        assert_eq!(reads["readsEventProperties"], false);
        let p = compile(
            "journey \"w\" {\n  when event \"a\"\n  if count(event \"b\" where event.x > 1 within 1 day) > 0 {\n    send email \"hi\"\n  }\n}\n",
            "w.herald",
            "",
        )
        .unwrap();
        assert_eq!(parse(&p.reads())["readsEventProperties"], true);
    }

    #[test]
    fn a_saved_program_loads_and_answers_alike_and_bad_bytes_are_load_errors() {
        let p = program();
        let bytes = p.save().unwrap();
        let loaded = load_program(&bytes, "w.hbc").unwrap();
        assert_eq!(loaded.evaluate_json(REQUEST), p.evaluate_json(REQUEST));
        assert_eq!(loaded.reads(), p.reads());
        assert_eq!(loaded.analyze("{}"), p.analyze("{}"));
        for (bad, code) in
            [(&b"journey"[..], "not_a_program"), (&bytes[..bytes.len() - 1], "corrupt_program")]
        {
            let err = parse(&load_program(bad, "w.hbc").err().unwrap());
            assert_eq!(err["kind"], "program");
            assert_eq!(err["code"], code);
            assert!(err["message"].is_string());
        }
        let mut other = bytes.clone();
        other[8] ^= 0x40;
        let err = parse(&load_program(&other, "w.hbc").err().unwrap());
        assert_eq!(err["code"], "version_mismatch");
    }

    #[test]
    fn journey_ids_and_warnings() {
        let p = program();
        assert_eq!(p.journey_ids(), r#"["w"]"#);
        assert!(parse(&p.warnings()).is_array());
    }
}
