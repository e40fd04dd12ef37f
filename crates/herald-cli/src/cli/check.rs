//! `herald check FILE... [--format json]`

use super::{read_file, render, OutputFormat, EXIT_ERRORS};
use herald_engine::diagnostics::DiagnosticJson;
use std::path::PathBuf;
use std::process::ExitCode;

pub fn run(files: &[PathBuf], format: OutputFormat) -> ExitCode {
    let mut any_error = false;
    let mut json: Vec<DiagnosticJson> = Vec::new();
    let mut warnings = 0usize;
    let mut errors = 0usize;
    for path in files {
        let bytes = match read_file(path) {
            Ok(b) => b,
            Err(code) => return code,
        };
        let name = path.display().to_string();
        // Invalid UTF-8 is reported as a diagnostic; the lossy text only serves the caret.
        let source = String::from_utf8_lossy(&bytes);
        let mut diagnostics = match herald_engine::source_text(&bytes) {
            Ok(text) => herald_engine::check_source(text),
            Err(d) => d,
        };
        diagnostics.0.extend(super::test::tests_for_diagnostics(path, &source));
        any_error |= diagnostics.has_errors();
        errors += diagnostics.iter().filter(|d| d.is_error()).count();
        warnings += diagnostics.iter().filter(|d| !d.is_error()).count();
        match format {
            OutputFormat::Json => json.extend(diagnostics.to_json(&name, &source)),
            OutputFormat::Human => render::emit(&name, &source, &diagnostics.0),
        }
    }
    match format {
        OutputFormat::Json => println!("{}", DiagnosticJson::array_text(&json)),
        OutputFormat::Human => {
            let files = files.len();
            let plural = |n: usize, w: &str| {
                if n == 1 {
                    format!("{n} {w}")
                } else {
                    format!("{n} {w}s")
                }
            };
            eprintln!(
                "{}: {}, {}",
                plural(files, "file"),
                plural(errors, "error"),
                plural(warnings, "warning")
            );
        }
    }
    if any_error {
        ExitCode::from(EXIT_ERRORS)
    } else {
        ExitCode::SUCCESS
    }
}
