//! Diagnostics for people: the source line, a caret under the span and the help line, drawn by
//! `codespan-reporting`.

use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as ReportSeverity};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor, Config};
use herald_engine::{Diagnostic, Severity};

/// Writes every diagnostic of one file to stderr (colour when stderr is a terminal).
pub fn emit(file_name: &str, source: &str, diagnostics: &[Diagnostic]) {
    let file = SimpleFile::new(file_name, source);
    let choice = if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        termcolor::ColorChoice::Auto
    } else {
        termcolor::ColorChoice::Never
    };
    let stream = termcolor::StandardStream::stderr(choice);
    let config = Config::default();
    for d in diagnostics {
        let report = to_report(d, source.len());
        let _ = term::emit_to_write_style(&mut stream.lock(), &config, &file, &report);
    }
}

fn to_report(d: &Diagnostic, len: usize) -> Report<()> {
    let severity = match d.severity {
        Severity::Error => ReportSeverity::Error,
        Severity::Warning => ReportSeverity::Warning,
    };
    let start = d.span.start.min(len);
    let end = d.span.end.clamp(start, len);
    let mut report = Report::new(severity)
        .with_code(d.code)
        .with_message(&d.message)
        .with_labels(vec![Label::primary((), start..end)]);
    if let Some(help) = &d.help {
        report = report.with_notes(vec![format!("help: {help}")]);
    }
    report
}
