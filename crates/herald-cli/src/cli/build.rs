//! `herald build FILE [-o OUT] [--prices F]`: compiles a file ahead of time into the saved form
//! that `Program::load` and the npm package's runtime-only entry (`herald-engine/runtime`)
//! read (docs/wasm.md, "Compiled programs"). Errors are printed as `herald check` prints them;
//! warnings too, and the program is still written.

use super::{analyze::load_prices, read_file, render, EXIT_ERRORS, EXIT_USAGE};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub struct Args<'a> {
    pub file: &'a Path,
    pub output: Option<&'a Path>,
    pub prices: Option<&'a Path>,
}

/// Where the program goes without `-o`: FILE with the extension `.hbc`.
fn default_output(file: &Path) -> PathBuf {
    file.with_extension("hbc")
}

pub fn run(args: &Args<'_>) -> ExitCode {
    let bytes = match read_file(args.file) {
        Ok(b) => b,
        Err(code) => return code,
    };
    let name = args.file.display().to_string();
    let source = String::from_utf8_lossy(&bytes);
    let compiled = match herald_engine::source_text(&bytes) {
        // Without --prices the program keeps the built-in table by reference (not a copy of it).
        Ok(text) => match args.prices {
            None => herald_engine::compile(text),
            Some(_) => match load_prices(args.prices) {
                Ok(table) => herald_engine::compile_with_prices(text, &table),
                Err(code) => return code,
            },
        },
        Err(d) => Err(d),
    };
    let program = match compiled {
        Ok(p) => p,
        Err(d) => {
            render::emit(&name, &source, &d.0);
            return ExitCode::from(EXIT_ERRORS);
        }
    };
    render::emit(&name, &source, program.warnings());
    let saved = match program.save() {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(EXIT_ERRORS);
        }
    };
    let output = args.output.map_or_else(|| default_output(args.file), Path::to_path_buf);
    if output == args.file {
        eprintln!("error: the output {} would overwrite the source", output.display());
        return ExitCode::from(EXIT_USAGE);
    }
    if let Err(e) = std::fs::write(&output, &saved) {
        eprintln!("error: cannot write {}: {e}", output.display());
        return ExitCode::from(EXIT_USAGE);
    }
    eprintln!(
        "built {} ({} journeys, {} bytes, herald {} format {})",
        output.display(),
        program.journey_ids().len(),
        saved.len(),
        env!("CARGO_PKG_VERSION"),
        herald_engine::program::FORMAT_VERSION
    );
    ExitCode::SUCCESS
}
