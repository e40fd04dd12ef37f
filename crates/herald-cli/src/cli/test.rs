//! `herald test FILE|DIR... [--format json]` (docs/testing.md): runs the `test` blocks of each
//! file against its journeys (or those of its `tests for "FILE"`), prints each test's result as
//! `cargo test` does, each failure with the expectation's source line, expected and actual, and
//! a closing `N passed, N failed`. Exit 1 when a test fails or a file has errors.

use super::{read_file, read_source_text, render, OutputFormat, EXIT_ERRORS, EXIT_USAGE};
use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor, Config};
use herald_engine::testing::{TestFile, TestReport};
use herald_engine::Diagnostics;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// A file's report: `{"file", "tests", "passed", "failed"}` (the report's members after `file`).
struct FileReport {
    file: String,
    report: TestReport,
}

/// `{"files": [...], "passed", "failed", "errors"}`.
struct JsonOut {
    files: Vec<FileReport>,
    passed: usize,
    failed: usize,
    /// Files that could not be tested (syntax or check errors, an unreadable `tests for`).
    errors: usize,
}

impl JsonOut {
    /// The JSON `--format json` prints, the report by the library's writer (`to_json`): the
    /// bytes serde_json wrote of these structs' derives, `report` flattened into its file's
    /// object (the package's `program.test()` answers the same report; pkg/tests compare them).
    fn to_json(&self) -> String {
        let mut out = String::from("{\"files\":[");
        for (i, f) in self.files.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str("{\"file\":");
            out.push_str(&serde_json::to_string(&f.file).unwrap_or_default());
            let report = f.report.to_json();
            out.push(',');
            out.push_str(report.get(1..).unwrap_or("}"));
        }
        out.push_str(&format!(
            "],\"passed\":{},\"failed\":{},\"errors\":{}}}",
            self.passed, self.failed, self.errors
        ));
        out
    }
}

pub fn run(paths: &[PathBuf], format: OutputFormat) -> ExitCode {
    let files = match expand(paths) {
        Ok(f) => f,
        Err(code) => return code,
    };
    let mut out = JsonOut { files: Vec::new(), passed: 0, failed: 0, errors: 0 };
    for path in &files {
        let name = path.display().to_string();
        let bytes = match read_file(path) {
            Ok(b) => b,
            Err(code) => return code,
        };
        let source = String::from_utf8_lossy(&bytes).into_owned();
        // Invalid UTF-8 is E0002, as `herald check` reports it (the lossy text only serves the
        // caret).
        if let Err(d) = herald_engine::source_text(&bytes) {
            show_diagnostics(format, &name, &source, &d);
            out.errors += 1;
            continue;
        }
        let report = match test_file(path, &name, &source, format) {
            Some(r) => r,
            None => {
                out.errors += 1;
                continue;
            }
        };
        if format == OutputFormat::Human {
            print_report(&name, &source, &report);
        }
        out.passed += report.passed;
        out.failed += report.failed;
        out.files.push(FileReport { file: name, report });
    }
    match format {
        OutputFormat::Json => println!("{}", out.to_json()),
        OutputFormat::Human => {
            let verdict = if out.failed == 0 && out.errors == 0 { "ok" } else { "FAILED" };
            let errors = match out.errors {
                0 => String::new(),
                1 => "; 1 file with errors".to_string(),
                n => format!("; {n} files with errors"),
            };
            println!(
                "\ntest result: {verdict}. {} passed, {} failed{errors}",
                out.passed, out.failed
            );
        }
    }
    if out.failed > 0 || out.errors > 0 {
        ExitCode::from(EXIT_ERRORS)
    } else {
        ExitCode::SUCCESS
    }
}

/// Files as given; a directory stands for its `.herald` files that hold tests (recursively,
/// sorted).
fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, ExitCode> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found = Vec::new();
            walk(p, &mut found).map_err(|e| {
                eprintln!("error: cannot read {}: {e}", p.display());
                ExitCode::from(EXIT_USAGE)
            })?;
            // The native CLI, not the WebAssembly module: std's sort costs nothing that matters.
            #[allow(clippy::disallowed_methods)]
            found.sort();
            out.extend(found.into_iter().filter(|f| {
                read_source_text(f)
                    .is_ok_and(|t| TestFile::parse(&t).is_ok_and(|file| file.has_tests()))
            }));
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

/// Directories are followed to `MAX_WALK_DEPTH` levels, and symbolic links to directories not
/// at all (a link to a parent would be a loop).
fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    walk_within(dir, out, MAX_WALK_DEPTH)
}

const MAX_WALK_DEPTH: usize = 32;

fn walk_within(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            if depth > 0 {
                walk_within(&path, out, depth - 1)?;
            }
        } else if path.extension().is_some_and(|e| e == "herald") {
            out.push(path);
        }
    }
    Ok(())
}

/// Diagnostics on stderr: rendered, or one JSON object a line with `--format json`.
fn show_diagnostics(format: OutputFormat, file: &str, text: &str, d: &Diagnostics) {
    if format == OutputFormat::Human {
        render::emit(file, text, &d.0);
    } else {
        for line in d.to_json(file, text) {
            eprintln!("{}", line.to_json());
        }
    }
}

/// Parse and check the test file, compile the journeys it tests, run its tests. `None` when
/// errors were printed instead.
fn test_file(path: &Path, name: &str, source: &str, format: OutputFormat) -> Option<TestReport> {
    let show = |file: &str, text: &str, d: &Diagnostics| show_diagnostics(format, file, text, d);
    let file = match TestFile::parse(source) {
        Ok(f) => f,
        Err(d) => {
            show(name, source, &d);
            return None;
        }
    };
    let target = file.tests_for().map(|(path, _)| path);
    let (journeys_name, journeys_source) = match target {
        Some(rel) => {
            let p = path.parent().unwrap_or(Path::new(".")).join(rel);
            match read_source_text(&p) {
                Ok(text) => (p.display().to_string(), text),
                Err(e) => {
                    eprintln!(
                        "error: {name}: cannot read the journeys of `tests for`, {}: {e}",
                        p.display()
                    );
                    return None;
                }
            }
        }
        None => (name.to_string(), source.to_string()),
    };
    let program = match herald_engine::compile(&journeys_source) {
        Ok(p) => p,
        Err(d) => {
            show(&journeys_name, &journeys_source, &d);
            return None;
        }
    };
    // The tests themselves, checked against the journeys they run on.
    let mut diags = file.check(&program);
    diags.retain(|d| d.is_error());
    if !diags.is_empty() {
        show(name, source, &Diagnostics(diags));
        return None;
    }
    Some(file.run(&program))
}

fn print_report(name: &str, source: &str, report: &TestReport) {
    let n = report.tests.len();
    let plural = if n == 1 { "" } else { "s" };
    println!("\nrunning {n} test{plural} from {name}");
    for t in &report.tests {
        println!("test {} ... {}", t.name, if t.passed { "ok" } else { "FAILED" });
    }
    if report.failed == 0 {
        return;
    }
    println!("\nfailures:");
    let file = SimpleFile::new(name, source);
    let stdout = std::io::stdout();
    let choice = if std::io::IsTerminal::is_terminal(&stdout) {
        termcolor::ColorChoice::Auto
    } else {
        termcolor::ColorChoice::Never
    };
    let stream = termcolor::StandardStream::stdout(choice);
    for t in &report.tests {
        let Some(f) = &t.failure else { continue };
        println!("\n---- {} ----", t.name);
        let _ = stdout.lock().flush();
        let start = f.span.start.min(source.len());
        let end = f.span.end.clamp(start, source.len());
        let mut notes = Vec::new();
        if !f.expected.is_empty() {
            notes.push(format!("expected: {}", f.expected));
        }
        if !f.actual.is_empty() {
            let mut lines = f.actual.lines();
            if let Some(first) = lines.next() {
                let mut actual = format!("actual:   {first}");
                for l in lines {
                    actual.push_str("\n          ");
                    actual.push_str(l);
                }
                notes.push(actual);
            }
        }
        let report = Report::error()
            .with_message(&f.message)
            .with_labels(vec![Label::primary((), start..end)])
            .with_notes(notes);
        let _ = term::emit_to_write_style(&mut stream.lock(), &Config::default(), &file, &report);
    }
}

/// For a file of tests apart (`tests for "FILE"`), what only the tested file can tell: journey
/// ids it lacks (E0451), or that it cannot be read (E0459). Nothing for other files.
pub fn tests_for_diagnostics(path: &Path, source: &str) -> Vec<herald_engine::Diagnostic> {
    use herald_engine::diagnostics::codes;
    let Ok(file) = TestFile::parse(source) else { return Vec::new() };
    let Some((rel, span)) = file.tests_for() else {
        return Vec::new();
    };
    let target = path.parent().unwrap_or(Path::new(".")).join(&rel);
    let checked = read_source_text(&target)
        .map_err(|e| e.to_string())
        .and_then(|t| file.check_against_source(&t).map_err(|d| d.to_string()));
    match checked {
        Ok(diagnostics) => {
            diagnostics.into_iter().filter(|d| d.code == codes::TEST_UNKNOWN_JOURNEY).collect()
        }
        Err(e) => vec![herald_engine::Diagnostic::error(
            codes::TESTS_FOR_MISPLACED,
            span,
            format!("cannot read the journeys to test, {}: {e}", target.display()),
        )
        .with_help(
            "the path is relative to this file: `tests for \"../cart_abandonment.herald\"`",
        )],
    }
}
