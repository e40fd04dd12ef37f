//! The full module's part of the program (feature `wasm`): `compile(source, file, prices)`,
//! `program.save()` and `program.analyze(options)`. The runtime module (`wasm-runtime` alone)
//! has none of them, so the parser, checker and cost analysis are not linked into it.

use super::error::BoundaryError;
use super::program::WasmProgram;
use crate::eval::read::typed::{analyze_args_of_text, prices_of_text};
use herald_lang::cost::{AnalysisForm, AnalyzeOptions, CountryCode, PriceTable};
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
    // `PriceTable::parse`, read by the hand-written reader (serde_json's deserializer is not
    // linked into the main module).
    prices_of_text(text)
        .map_err(|e| BoundaryError::request("invalid_prices", e.to_string()).into_js())
}

#[wasm_bindgen]
impl WasmProgram {
    /// The program in its saved form (what `herald build` writes), for `loadProgram` of this
    /// same herald (the runtime entry included).
    pub fn save(&self) -> Result<Vec<u8>, String> {
        self.program.save().map_err(|e| BoundaryError::from_load(&e).into_js())
    }

    /// The static analysis (SPEC §3) as JSON text; `options` is the JSON of
    /// [`AnalyzeArgs`](crate::eval::read::typed::AnalyzeArgs), read as its serde derive reads it.
    pub fn analyze(&self, options: &str) -> Result<String, String> {
        let args = analyze_args_of_text(options)
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
        if let Some(micros) = analysis.inexact_micros() {
            return Err(BoundaryError::request(
                "invalid_options",
                format!(
                    "an amount of this analysis ({micros} micros) is beyond 2^53 - 1 micros (about 9 billion in the currency), \
                     the most a JS number holds exactly; analyse a smaller audience"
                ),
            )
            .into_js());
        }
        let index = herald_lang::diagnostics::LineIndex::new(self.program.source());
        Ok(analysis.to_json(AnalysisForm::SortedUtf16(&index)))
    }
}
