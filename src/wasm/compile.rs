//! The full module's part of the program (feature `wasm`): `compile(source, file, prices)`,
//! `program.save()` and `program.analyze(options)`. The runtime module (`wasm-runtime` alone)
//! has none of them, so the parser, checker and cost analysis are not linked into it.

use super::error::{to_json_text, BoundaryError};
use super::program::WasmProgram;
use herald_lang::cost::{AnalyzeOptions, CountryCode, PriceTable};
use serde::Deserialize;
use wasm_bindgen::prelude::wasm_bindgen;

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
fn add_utf16_spans(
    analysis: &mut serde_json::Value,
    index: &herald_lang::diagnostics::LineIndex<'_>,
) {
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
    /// The program in its saved form (what `herald build` writes), for `loadProgram` of this
    /// same herald (the runtime entry included).
    pub fn save(&self) -> Result<Vec<u8>, String> {
        self.program.save().map_err(|e| BoundaryError::from_load(&e).into_js())
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
        add_utf16_spans(
            &mut value,
            &herald_lang::diagnostics::LineIndex::new(self.program.source()),
        );
        Ok(to_json_text(&value))
    }
}
