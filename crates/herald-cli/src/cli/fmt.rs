//! `herald fmt [--check|--write] FILE`

use super::{read_file, render, EXIT_ERRORS};
use std::path::Path;
use std::process::ExitCode;

pub fn run(path: &Path, check: bool, write: bool) -> ExitCode {
    let bytes = match read_file(path) {
        Ok(b) => b,
        Err(code) => return code,
    };
    let name = path.display().to_string();
    let source = String::from_utf8_lossy(&bytes);
    let formatted = match herald_engine::source_text(&bytes).and_then(herald_engine::format) {
        Ok(f) => f,
        Err(d) => {
            render::emit(&name, &source, &d.0);
            return ExitCode::from(EXIT_ERRORS);
        }
    };
    if check {
        if formatted == source {
            return ExitCode::SUCCESS;
        }
        eprintln!("{name} is not formatted (run `herald fmt --write {name}`)");
        return ExitCode::from(EXIT_ERRORS);
    }
    if write {
        if formatted != source {
            if let Err(e) = std::fs::write(path, formatted) {
                eprintln!("error: cannot write {name}: {e}");
                return ExitCode::from(super::EXIT_USAGE);
            }
        }
        return ExitCode::SUCCESS;
    }
    print!("{formatted}");
    ExitCode::SUCCESS
}
