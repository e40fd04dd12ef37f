//! `compile(source, file, prices)` and the compiled program's methods: evaluation (one request,
//! or a batch), static analysis, and what the program reads (which the JS layer uses to carry
//! only those parts of a profile across the boundary).

use super::error::{to_json_text, BoundaryError};
use crate::cost::{AnalyzeOptions, CountryCode, PriceTable};
use crate::Diagnostics;
use serde::Deserialize;
use wasm_bindgen::prelude::wasm_bindgen;

/// A compiled program. The JS class `Program` (pkg/js/api.js) wraps it; the wasm-side memory is
/// released by `free()` or, for handles a caller forgets, by a FinalizationRegistry.
#[wasm_bindgen]
pub struct WasmProgram {
    pub(super) program: crate::Program,
    /// The file name diagnostics (warnings) carry.
    file: String,
}

/// Compiles a source text, priced with `prices` (the JSON text of a SPEC §3 price table) or,
/// when it is empty, the built-in table.
#[wasm_bindgen(js_name = compile)]
pub fn compile(source: &str, file: &str, prices: &str) -> Result<WasmProgram, String> {
    let compiled = if prices.is_empty() {
        crate::compile(source)
    } else {
        let table = parse_prices(prices)?;
        crate::compile_with_prices(source, &table)
    };
    match compiled {
        Ok(program) => Ok(WasmProgram { program, file: file.to_string() }),
        Err(d) => Err(BoundaryError::herald(&d, file, source).into_js()),
    }
}

fn not_utf8(at: usize) -> BoundaryError {
    BoundaryError::request(
        "invalid_json",
        format!("the text is not UTF-8 (bad byte at offset {at})"),
    )
}

fn parse_prices(text: &str) -> Result<PriceTable, String> {
    PriceTable::parse(text)
        .map_err(|e| BoundaryError::request("invalid_prices", e.to_string()).into_js())
}

/// `program.analyze(options)`, as the JS layer passes it (camelCase keys, already type-checked).
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
struct AnalyzeArgs {
    country: Option<String>,
    interpolation_chars: Option<u32>,
    audience: Option<u64>,
    /// A price table to analyse with instead of the program's.
    prices: Option<serde_json::Value>,
}

/// The largest integer a JS number holds exactly (`Number.MAX_SAFE_INTEGER`).
const MAX_SAFE_INTEGER: i64 = (1 << 53) - 1;

/// The first `micros` of a JSON value that a JS number cannot hold exactly, if any. The cost
/// model's sums saturate at `i64::MAX`; both that and any amount past 2^53 - 1 are refused
/// rather than handed to `JSON.parse`, which would round them silently.
fn inexact_micros(value: &serde_json::Value) -> Option<i64> {
    match value {
        serde_json::Value::Object(map) => map.iter().find_map(|(key, v)| match v {
            serde_json::Value::Number(n) if key == "micros" => match n.as_i64() {
                Some(m) if (-MAX_SAFE_INTEGER..=MAX_SAFE_INTEGER).contains(&m) => None,
                Some(m) => Some(m),
                None => Some(i64::MAX),
            },
            other => inexact_micros(other),
        }),
        serde_json::Value::Array(items) => items.iter().find_map(inexact_micros),
        _ => None,
    }
}

/// Adds `span_utf16` (the span in UTF-16 code units: JS string indices, as `check()` gives) beside
/// the byte `span` of every journey and graph node of an analysis.
fn add_utf16_spans(analysis: &mut serde_json::Value, index: &crate::diagnostics::LineIndex<'_>) {
    let with_utf16 = |item: &mut serde_json::Value| {
        let span = item
            .get("span")
            .and_then(|s| Some((s.get("start")?.as_u64()?, s.get("end")?.as_u64()?)));
        if let (Some((start, end)), Some(map)) = (span, item.as_object_mut()) {
            let at = |offset: u64| index.utf16(usize::try_from(offset).unwrap_or(usize::MAX));
            map.insert(
                "span_utf16".to_string(),
                serde_json::json!({"start": at(start), "end": at(end)}),
            );
        }
    };
    let journeys = analysis.get_mut("journeys").and_then(serde_json::Value::as_array_mut);
    for journey in journeys.into_iter().flatten() {
        with_utf16(journey);
        let nodes = journey.get_mut("nodes").and_then(serde_json::Value::as_array_mut);
        for node in nodes.into_iter().flatten() {
            with_utf16(node);
        }
    }
}

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
            Err(at) => Err(not_utf8(at).into_js()),
        })
    }

    /// `evaluateLines` of the text in the input buffer: its first `len` bytes.
    #[wasm_bindgen(js_name = evaluateInputLines)]
    pub fn evaluate_input_lines(&self, len: usize) -> Result<String, String> {
        super::input::with_input(len, |text| match text {
            Ok(text) => Ok(self.evaluate_lines(text)),
            Err(at) => Err(not_utf8(at).into_js()),
        })
    }

    /// The static analysis (SPEC §3) as JSON text; `options` is the JSON of [`AnalyzeArgs`].
    pub fn analyze(&self, options: &str) -> Result<String, String> {
        let args: AnalyzeArgs = serde_json::from_str(options)
            .map_err(|e| BoundaryError::request("invalid_options", e.to_string()).into_js())?;
        let mut opts = AnalyzeOptions { audience: args.audience, ..AnalyzeOptions::default() };
        if let Some(chars) = args.interpolation_chars {
            opts.interpolation_chars = chars;
        }
        if let Some(cc) = &args.country {
            opts.country = Some(CountryCode::parse(cc).ok_or_else(|| {
                BoundaryError::request(
                    "invalid_options",
                    format!(
                        "`{cc}` is not an ISO 3166 country code in capitals (such as US, GB, DE)"
                    ),
                )
                .into_js()
            })?);
        }
        let analysis = match &args.prices {
            None => self.program.analyze(&opts),
            Some(value) => {
                let table = PriceTable::from_json(value).map_err(|e| {
                    BoundaryError::request("invalid_prices", e.to_string()).into_js()
                })?;
                self.program.analyze_with_prices(&table, &opts)
            }
        };
        let mut value = serde_json::to_value(&analysis).map_err(|e| {
            BoundaryError::request("internal", format!("could not serialise the analysis: {e}"))
                .into_js()
        })?;
        if let Some(micros) = inexact_micros(&value) {
            return Err(BoundaryError::request(
                "invalid_options",
                format!(
                    "an amount of this analysis ({micros} micros) is beyond 2^53 - 1 micros (about 9 billion in the currency), \
                     the most a JS number holds exactly; analyse a smaller audience"
                ),
            )
            .into_js());
        }
        add_utf16_spans(&mut value, &crate::diagnostics::LineIndex::new(self.program.source()));
        Ok(to_json_text(&value))
    }

    /// The journey ids, in file order (JSON array).
    #[wasm_bindgen(js_name = journeyIds)]
    pub fn journey_ids(&self) -> String {
        to_json_text(&self.program.journey_ids())
    }

    /// The checker's warnings for the source (JSON array of diagnostics, as `check()` gives).
    pub fn warnings(&self) -> String {
        let warnings = Diagnostics(self.program.warnings().to_vec());
        to_json_text(&warnings.to_json(&self.file, self.program.source()))
    }

    /// What evaluation reads, for the JS layer's projection of requests (JSON):
    /// `{"profileKeys": [...], "countedEvents": [...], "readsEventList": bool}`.
    pub fn reads(&self) -> String {
        to_json_text(&serde_json::json!({
            "profileKeys": self.program.profile_keys(),
            "countedEvents": self.program.counted_events(),
            "readsEventList": self.program.reads_event_list(),
            "readsEventProperties": self.program.inner.names.counted_with_condition.iter().any(|c| *c),
        }))
    }
}

#[cfg(test)]
mod tests {
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
    fn journey_ids_and_warnings() {
        let p = program();
        assert_eq!(p.journey_ids(), r#"["w"]"#);
        assert!(parse(&p.warnings()).is_array());
    }
}
