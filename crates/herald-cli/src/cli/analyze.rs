//! `herald analyze FILE [--prices F] [--country CC] [--audience N] [--format json]`: the
//! worst-case cost and message count of one run of each journey, and its graph (SPEC §3).

use super::{read_file, render, OutputFormat, EXIT_ERRORS, EXIT_USAGE};
use herald_engine::cost::{AnalysisForm, AnalyzeOptions, CountryCode, PriceTable};
use std::path::Path;
use std::process::ExitCode;

pub struct Args<'a> {
    pub file: &'a Path,
    pub prices: Option<&'a Path>,
    pub country: Option<&'a str>,
    pub audience: Option<u64>,
    pub format: OutputFormat,
}

pub fn run(args: &Args<'_>) -> ExitCode {
    let table = match load_prices(args.prices) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let country = match args.country {
        None => None,
        Some(cc) => match CountryCode::parse(&cc.to_ascii_uppercase()) {
            Some(c) => Some(c),
            None => {
                eprintln!("error: `{cc}` is not an ISO 3166 country code (such as US, GB, DE)");
                return ExitCode::from(EXIT_USAGE);
            }
        },
    };
    let bytes = match read_file(args.file) {
        Ok(b) => b,
        Err(code) => return code,
    };
    let name = args.file.display().to_string();
    let source = String::from_utf8_lossy(&bytes);
    let text = match herald_engine::source_text(&bytes) {
        Ok(text) => text,
        Err(d) => {
            render::emit(&name, &source, &d.0);
            return ExitCode::from(EXIT_ERRORS);
        }
    };
    // Every diagnostic of the file (its tests' too) stops the analysis, as it always has.
    let diagnostics = herald_engine::check_source(text);
    if diagnostics.has_errors() {
        render::emit(&name, &source, &diagnostics.0);
        return ExitCode::from(EXIT_ERRORS);
    }
    let program = match herald_engine::compile_with_prices(text, &table) {
        Ok(p) => p,
        Err(d) => {
            render::emit(&name, &source, &d.0);
            return ExitCode::from(EXIT_ERRORS);
        }
    };
    let opts = AnalyzeOptions { country, audience: args.audience, ..AnalyzeOptions::default() };
    let analysis = program.analyze(&opts);
    match args.format {
        OutputFormat::Json => println!("{}", analysis.to_json(AnalysisForm::Declared)),
        OutputFormat::Human => print!("{}", analysis.render_table()),
    }
    ExitCode::SUCCESS
}

/// The built-in table, or a `--prices` file in the SPEC §3 format (a bad file is a usage error).
pub fn load_prices(path: Option<&Path>) -> Result<PriceTable, ExitCode> {
    let Some(path) = path else {
        return Ok(PriceTable::builtin().clone());
    };
    let bytes = read_file(path)?;
    let text = String::from_utf8_lossy(&bytes);
    PriceTable::parse(&text).map_err(|e| {
        eprintln!("error: {}: {} ({})", path.display(), e, e.code());
        ExitCode::from(EXIT_USAGE)
    })
}
