//! `herald replay FILE EVENTS` and `herald diff OLD NEW EVENTS` (SPEC §7): the simulator of
//! `herald_engine::sim` over a file of Segment messages, with a progress bar on stderr. The
//! messages file is read once, sorted by user into runs on disk when it is larger than the
//! buffer, then merged user by user (docs/simulation.md, "Memory").

use super::{analyze::load_prices, read_file, render, OutputFormat, EXIT_ERRORS, EXIT_USAGE};
use herald_engine::sim::{
    self, Indexer, Options, ProfileIndex, ProfileSource, DEFAULT_BUFFER_BYTES,
};
use herald_engine::Program;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

pub struct Common<'a> {
    pub events: &'a Path,
    pub profiles: Option<&'a Path>,
    pub until: Option<&'a str>,
    pub prices: Option<&'a Path>,
    pub format: OutputFormat,
    pub jobs: usize,
}

/// Compile a journey file with the price table, printing diagnostics on failure.
fn program(file: &Path, prices: Option<&Path>) -> Result<Program, ExitCode> {
    let bytes = read_file(file)?;
    let table = load_prices(prices)?;
    let name = file.display().to_string();
    let source = String::from_utf8_lossy(&bytes);
    let compiled = herald_engine::source_text(&bytes)
        .and_then(|text| herald_engine::compile_with_prices(text, &table));
    compiled.map_err(|d| {
        render::emit(&name, &source, &d.0);
        ExitCode::from(EXIT_ERRORS)
    })
}

fn usage(message: String) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(EXIT_USAGE)
}

fn options(c: &Common<'_>, decisions: bool) -> Result<Options, ExitCode> {
    let until = match c.until {
        None => None,
        Some(t) => Some(
            herald_engine::eval::Timestamp::parse(t)
                .ok_or_else(|| usage(format!("--until `{t}` is not an RFC 3339 instant")))?
                .millis(),
        ),
    };
    Ok(Options { until, jobs: c.jobs.max(1), decisions })
}

fn bar(len: u64, what: &str) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    let template =
        format!("{what:>9} {{bar:40}} {{human_pos}}/{{human_len}} ({{per_sec}}, {{eta}} left)");
    bar.set_style(
        ProgressStyle::with_template(&template).unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

/// The first pass, with a bar in bytes of the file.
fn index(events: &Path, keep: sim::KeepProperties) -> Result<sim::Indexed, ExitCode> {
    let file =
        File::open(events).map_err(|e| usage(format!("cannot read {}: {e}", events.display())))?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let bar = bar(len, "reading");
    bar.set_style(
        ProgressStyle::with_template(
            "  reading {bar:40} {bytes}/{total_bytes} ({bytes_per_sec}, {eta} left)",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let temp: sim::TempFiles = Box::new(tempfile::tempfile);
    let indexer = Indexer::new(DEFAULT_BUFFER_BYTES, Some(temp)).keeping_properties(keep);
    let reader = BufReader::with_capacity(1 << 20, file);
    let result = sim::index_reader(reader, indexer, &mut |n| bar.set_position(n));
    bar.finish_and_clear();
    result.map_err(|e| {
        eprintln!("error: reading {}: {e}", events.display());
        ExitCode::from(EXIT_ERRORS)
    })
}

fn profiles(path: Option<&Path>) -> Result<Box<dyn ProfileSource>, ExitCode> {
    let Some(path) = path else { return Ok(Box::new(sim::NoProfiles)) };
    let file =
        File::open(path).map_err(|e| usage(format!("cannot read {}: {e}", path.display())))?;
    match ProfileIndex::build(file) {
        Ok(index) => Ok(Box::new(index)),
        Err(e) => {
            eprintln!("error: {}: {e}", path.display());
            Err(ExitCode::from(EXIT_ERRORS))
        }
    }
}

fn fail(e: std::io::Error) -> ExitCode {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        return ExitCode::SUCCESS;
    }
    eprintln!("error: {e}");
    ExitCode::from(EXIT_ERRORS)
}

pub fn run_replay(file: &Path, c: &Common<'_>, decisions: bool) -> ExitCode {
    match replay(file, c, decisions) {
        Ok(code) | Err(code) => code,
    }
}

fn replay(file: &Path, c: &Common<'_>, decisions: bool) -> Result<ExitCode, ExitCode> {
    let program = program(file, c.prices)?;
    let opts = options(c, decisions)?;
    let mut profiles = profiles(c.profiles)?;
    let indexed = index(c.events, sim::Simulator::new(&program).properties_read())?;
    let bar = bar(indexed.counts.messages, "replaying");
    let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let summary = sim::replay(&program, indexed, profiles.as_mut(), &opts, &mut out, &mut |n| {
        bar.set_position(n)
    });
    bar.finish_and_clear();
    let summary = summary.map_err(fail)?;
    let text = match c.format {
        OutputFormat::Json => summary.to_json() + "\n",
        OutputFormat::Human => summary.to_text(),
    };
    // With --decisions, stdout holds the decisions and the summary goes to stderr.
    let written = if decisions {
        out.flush().and_then(|()| std::io::stderr().write_all(text.as_bytes()))
    } else {
        out.write_all(text.as_bytes()).and_then(|()| out.flush())
    };
    written.map_err(fail)?;
    Ok(ExitCode::SUCCESS)
}

pub fn run_diff(old: &Path, new: &Path, c: &Common<'_>) -> ExitCode {
    match diff(old, new, c) {
        Ok(code) | Err(code) => code,
    }
}

fn diff(old: &Path, new: &Path, c: &Common<'_>) -> Result<ExitCode, ExitCode> {
    let old = program(old, c.prices)?;
    let new = program(new, c.prices)?;
    let opts = options(c, false)?;
    let mut profiles = profiles(c.profiles)?;
    let keep = sim::Simulator::new(&old)
        .properties_read()
        .union(sim::Simulator::new(&new).properties_read());
    let indexed = index(c.events, keep)?;
    let bar = bar(indexed.counts.messages, "replaying");
    let report =
        sim::diff(&old, &new, indexed, profiles.as_mut(), &opts, &mut |n| bar.set_position(n));
    bar.finish_and_clear();
    let report = report.map_err(fail)?;
    let text = match c.format {
        OutputFormat::Json => report.to_json() + "\n",
        OutputFormat::Human => report.to_text(),
    };
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes()).and_then(|()| out.flush()).map_err(fail)?;
    Ok(ExitCode::SUCCESS)
}

pub fn run_sample(users: u32, days: u32, seed: u64) -> ExitCode {
    let opts = sim::SampleOptions { users, days, seed, ..sim::SampleOptions::default() };
    let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    match sim::write_sample(&opts, &mut out).and_then(|_| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(e),
    }
}
