//! Argument parsing, files, exit codes. Every command is a thin layer over the library: the
//! logic lives in `herald_engine::*`, so the npm package and the CLI answer alike.

mod analyze;
mod build;
mod check;
mod eval;
mod fmt;
mod render;
mod replay;
mod segments;
mod test;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

/// herald: compile, check and evaluate customer journeys.
#[derive(Parser)]
#[command(name = "herald", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum OutputFormat {
    /// For people: source lines with carets, tables.
    Human,
    /// Machine-readable JSON (SPEC §4).
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Check journey files: exit 0 when clean (warnings allowed), 1 on errors.
    Check {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "human")]
        format: OutputFormat,
    },
    /// Evaluate NDJSON requests from stdin against FILE: one response line per request line.
    Eval {
        file: PathBuf,
        /// A price table (SPEC §3 JSON) replacing the built-in one.
        #[arg(long)]
        prices: Option<PathBuf>,
        /// Show a progress bar on stderr.
        #[arg(long)]
        progress: bool,
        /// Replay timelines: a request without `state` gets the state of the last response for
        /// the same profile id.
        #[arg(long)]
        carry_state: bool,
    },
    /// Compile FILE ahead of time into a saved program (`.hbc`) for `herald-engine/runtime`.
    Build {
        file: PathBuf,
        /// Where to write it (default: FILE with the extension `.hbc`).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// A price table (SPEC §3 JSON) replacing the built-in one, saved with the program.
        #[arg(long)]
        prices: Option<PathBuf>,
    },
    /// Print FILE in the canonical layout (comments kept); `--check` or `--write` instead.
    Fmt {
        file: PathBuf,
        /// Exit 1 when the file is not formatted, printing nothing on stdout.
        #[arg(long, conflicts_with = "write")]
        check: bool,
        /// Rewrite the file in place.
        #[arg(long)]
        write: bool,
    },
    /// Worst-case cost and message count of one run of each journey, with its graph.
    Analyze {
        file: PathBuf,
        /// A price table (SPEC §3 JSON) replacing the built-in one.
        #[arg(long)]
        prices: Option<PathBuf>,
        /// Price phone messages for this country (ISO 3166, e.g. US) instead of the dearest.
        #[arg(long)]
        country: Option<String>,
        /// Campaign estimate: multiply the worst case by this many profiles entering.
        #[arg(long)]
        audience: Option<u64>,
        #[arg(long, value_enum, default_value = "human")]
        format: OutputFormat,
    },
    /// How an SMS text is encoded and split: {"encoding", "segments", "units"}.
    Segments { text: String },
    /// Replay recorded Segment messages (NDJSON) through FILE: per-journey entries, sends,
    /// suppressions, deferrals, exits and cost.
    Replay {
        file: PathBuf,
        events: PathBuf,
        #[command(flatten)]
        sim: SimArgs,
        /// Print every decision as NDJSON (with "user") on stdout; the summary goes to stderr.
        #[arg(long)]
        decisions: bool,
    },
    /// Write sample traffic: a month of Segment identify/track messages of an online shop,
    /// from a fixed seed (the same file on every machine).
    Sample {
        #[arg(long, default_value_t = 1000)]
        users: u32,
        #[arg(long, default_value_t = 30)]
        days: u32,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Run the `test "name" { ... }` blocks of FILEs (a directory: its .herald files with
    /// tests): each test's result, failures with expected and actual, `N passed, N failed`.
    Test {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "human")]
        format: OutputFormat,
    },
    /// Replay the same messages through two versions of a file and compare them.
    Diff {
        old: PathBuf,
        new: PathBuf,
        events: PathBuf,
        #[command(flatten)]
        sim: SimArgs,
    },
}

/// The options `replay` and `diff` share.
#[derive(clap::Args)]
struct SimArgs {
    /// Starting profiles: NDJSON, one profile object (with "id") a line.
    #[arg(long)]
    profiles: Option<PathBuf>,
    /// Ticks go on until this RFC 3339 instant (default: the latest message plus 30 days).
    #[arg(long)]
    until: Option<String>,
    /// A price table (SPEC §3 JSON) replacing the built-in one.
    #[arg(long)]
    prices: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "human")]
    format: OutputFormat,
    /// Threads to replay users on (the output is the same for any number).
    #[arg(long, default_value_t = 1)]
    jobs: usize,
}

impl SimArgs {
    fn common<'a>(&'a self, events: &'a std::path::Path) -> replay::Common<'a> {
        replay::Common {
            events,
            profiles: self.profiles.as_deref(),
            until: self.until.as_deref(),
            prices: self.prices.as_deref(),
            format: self.format,
            jobs: self.jobs,
        }
    }
}

/// Exit code for a run that found errors in the input (usage errors exit 2, from clap).
pub const EXIT_ERRORS: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check { files, format } => check::run(&files, format),
        Command::Eval { file, prices, progress, carry_state } => {
            eval::run(&eval::Args { file: &file, prices: prices.as_deref(), progress, carry_state })
        }
        Command::Build { file, output, prices } => build::run(&build::Args {
            file: &file,
            output: output.as_deref(),
            prices: prices.as_deref(),
        }),
        Command::Fmt { file, check, write } => fmt::run(&file, check, write),
        Command::Analyze { file, prices, country, audience, format } => {
            analyze::run(&analyze::Args {
                file: &file,
                prices: prices.as_deref(),
                country: country.as_deref(),
                audience,
                format,
            })
        }
        Command::Segments { text } => segments::run(&text),
        Command::Replay { file, events, sim, decisions } => {
            replay::run_replay(&file, &sim.common(&events), decisions)
        }
        Command::Test { files, format } => test::run(&files, format),
        Command::Sample { users, days, seed } => replay::run_sample(users, days, seed),
        Command::Diff { old, new, events, sim } => {
            replay::run_diff(&old, &new, &sim.common(&events))
        }
    }
}

/// The most a command reads of a file it is given (a source, a price table, a saved program):
/// the largest saved program and its header. Sources are refused past 1 MiB (E0001) and price
/// tables past 1 MiB anyway; this bound keeps `herald check /dev/zero` from reading forever.
pub const MAX_FILE_BYTES: u64 = herald_engine::program::MAX_PAYLOAD_BYTES as u64 + 64 * 1024;

/// Reads a file for a command; an unreadable file, or one past `MAX_FILE_BYTES` (not read past
/// it), is a usage error (exit 2) with a message.
pub fn read_file(path: &std::path::Path) -> Result<Vec<u8>, ExitCode> {
    read_bounded(path, MAX_FILE_BYTES).map_err(|e| {
        eprintln!("error: cannot read {}: {e}", path.display());
        ExitCode::from(EXIT_USAGE)
    })
}

/// At most `limit` bytes of a file: a longer file is an error (`InvalidData`) read only to one
/// byte past the limit.
pub fn read_bounded(path: &std::path::Path, limit: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("the file is larger than {limit} bytes"),
        ));
    }
    Ok(bytes)
}

/// A source file named by another (`tests for "FILE"`): UTF-8 text of at most the source limit
/// (1 MiB, E0001), not read past it.
pub fn read_source_text(path: &std::path::Path) -> std::io::Result<String> {
    let limit = herald_engine::syntax::MAX_SOURCE_BYTES as u64;
    let bytes = read_bounded(path, limit).map_err(|e| match e.kind() {
        std::io::ErrorKind::InvalidData => std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("the file is larger than {limit} bytes, the largest source herald reads"),
        ),
        _ => e,
    })?;
    String::from_utf8(bytes)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e.utf8_error()))
}
