//! Time travel (SPEC §7): one simulator that drives a program through recorded traffic. Segment
//! Spec messages go in (`message`); they are grouped by user with bounded memory (`source`);
//! each user's timeline is replayed through the public `Program::evaluate` (`user`) on one
//! thread or several (`drive`); the result adds up to a per-journey summary (`summary`), or, for
//! two versions of a program, to a comparison (`diff`). The CLI's `replay` and `diff`, and the
//! npm package's `program.replay()` and `diff()`, are this module. docs/simulation.md.

mod diff;
mod drive;
mod json;
mod message;
mod profiles;
// Native only: the WebAssembly module has a size budget (docs/wasm.md) and JS has no use for
// sample files, tables for terminals, or threads.
#[cfg(not(target_arch = "wasm32"))]
mod sample;
mod source;
mod summary;
#[cfg(not(target_arch = "wasm32"))]
mod text;
mod user;

pub(crate) use diff::decision_value;
pub use diff::{DiffReport, DifferingUser};
pub use message::{read_line, Kind, Line, LineError, Message, MAX_LINE_BYTES};
pub use profiles::{NoProfiles, ProfileIndex, ProfileSource, Profiles, ProfilesError};
#[cfg(not(target_arch = "wasm32"))]
pub use sample::{write_sample, SampleOptions};
pub use source::{Indexed, Indexer, KeepProperties, LineCounts, TempFiles, DEFAULT_BUFFER_BYTES};
pub use summary::{JourneyStats, StoppedUser, Summary, FIRST_N};
pub use user::{Session, Simulator, UserError, UserOutcome, MAX_EVALUATIONS_PER_USER};

use crate::eval::Decision;
use crate::Program;
use drive::{UserJob, Work};
use std::io::{self, BufRead, Write};

/// How long ticks go on after the latest message when no `until` is given: 30 days.
pub const DEFAULT_TAIL_MS: i64 = 30 * 24 * 60 * 60 * 1000;

/// How to replay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Options {
    /// Ticks go on until this instant (ms); default: the latest message plus 30 days.
    pub until: Option<i64>,
    /// Threads; 0 or 1 replays on the calling thread. The output is the same for any value.
    pub jobs: usize,
    /// Also write every decision (NDJSON, with `"user"`).
    pub decisions: bool,
}

/// A replay of text held in memory (what the npm package and tests use).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replay {
    pub summary: Summary,
    /// With `Options::decisions`: every decision as NDJSON, each line with `"user"` first.
    pub decisions: String,
}

/// Why a replay of text could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ReplayError {
    #[error(transparent)]
    Profiles(#[from] ProfilesError),
    #[error("{0}")]
    Io(#[from] io::Error),
}

/// The first pass over a stream of NDJSON lines: `on_bytes` gets the bytes read so far. Lines
/// are read where they lie in the reader's buffer; only a line that straddles the end of the
/// buffer is copied (into `partial`) to be whole, and then only up to one byte past
/// `MAX_LINE_BYTES`: a longer line is a bad line, skipped to its end unread.
pub fn index_reader(
    mut input: impl BufRead,
    mut indexer: Indexer,
    on_bytes: &mut dyn FnMut(u64),
) -> io::Result<Indexed> {
    let mut partial: Vec<u8> = Vec::new();
    let mut line = 0u64;
    let mut read = 0u64;
    loop {
        let available = match input.fill_buf() {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        let mut rest = available;
        while let Some(end) = memchr::memchr(b'\n', rest) {
            let (piece, after) = rest.split_at(end + 1);
            rest = after;
            line += 1;
            read += piece.len() as u64;
            let body = piece.strip_suffix(b"\n").unwrap_or(piece);
            if partial.is_empty() {
                indexer.push_bytes(body, line)?;
            } else {
                hold(&mut partial, body);
                indexer.push_bytes(&partial, line)?;
                partial.clear();
            }
            if line % 4096 == 0 {
                on_bytes(read);
            }
        }
        read += rest.len() as u64;
        hold(&mut partial, rest);
        let n = available.len();
        input.consume(n);
    }
    if !partial.is_empty() {
        line += 1;
        indexer.push_bytes(&partial, line)?;
    }
    on_bytes(read);
    indexer.finish()
}

/// Append `bytes` to a line being gathered across buffers, holding at most one byte past
/// `MAX_LINE_BYTES`: enough for the reader to refuse the line as too long, whatever its length.
fn hold(partial: &mut Vec<u8>, bytes: &[u8]) {
    let room = MAX_LINE_BYTES.saturating_add(1).saturating_sub(partial.len());
    partial.extend_from_slice(bytes.get(..room).unwrap_or(bytes));
}

/// The first pass over text in memory (every track's properties kept).
pub fn index_text(text: &str) -> io::Result<Indexed> {
    index_text_keeping(text, KeepProperties::All)
}

/// The first pass over text in memory, keeping only the properties `keep` names.
pub fn index_text_keeping(text: &str, keep: KeepProperties) -> io::Result<Indexed> {
    let mut indexer = Indexer::in_memory().keeping_properties(keep);
    for (i, l) in text.split('\n').enumerate() {
        indexer.push_line(l, i as u64 + 1)?;
    }
    indexer.finish()
}

fn until_of(indexed: &Indexed, opts: &Options) -> Option<i64> {
    opts.until.or_else(|| indexed.counts.latest.map(|l| l.saturating_add(DEFAULT_TAIL_MS)))
}

fn base_summary(program: &Program, indexed: &Indexed, until: Option<i64>) -> Summary {
    let mut s = Summary::new(&program.journey_ids(), program.prices().currency());
    let c = &indexed.counts;
    s.messages = c.messages;
    s.skipped = c.skipped;
    s.errors = c.errors;
    s.error_lines = c.error_lines.clone();
    s.until = until;
    s
}

/// Write one decision as an NDJSON line with `"user"` first.
pub fn write_decision_line(out: &mut String, user: &str, d: &Decision) {
    let json = crate::eval::write::decision_text(d);
    out.push_str("{\"user\":");
    herald_lang::json::write_string(out, user);
    match json.strip_prefix('{') {
        Some(rest) if rest != "}" => {
            out.push(',');
            out.push_str(rest);
        }
        _ => out.push('}'),
    }
    out.push('\n');
}

struct ReplayWork<'a> {
    sim: &'a Simulator,
    until: i64,
    decisions: bool,
    empty: Summary,
}

struct ReplayPart {
    summary: Summary,
    decisions: String,
}

impl Work for ReplayWork<'_> {
    type Out = ReplayPart;
    fn run(&self, batch: &[UserJob]) -> ReplayPart {
        let mut summary = self.empty.clone();
        let mut decisions = String::new();
        for job in batch {
            summary.profiles += 1;
            let outcome = {
                let mut sink = |d: &Decision| {
                    summary.record(d);
                    if self.decisions {
                        write_decision_line(&mut decisions, &job.name, d);
                    }
                };
                self.sim.run_user(
                    &job.name,
                    job.profile.clone(),
                    &job.messages,
                    self.until,
                    &mut sink,
                )
            };
            summary.evaluations += outcome.evaluations;
            if let Some(e) = outcome.error {
                summary.stop(&job.name, e);
            }
        }
        ReplayPart { summary, decisions }
    }
}

/// Replay every user of `indexed` through `program`. With `opts.decisions`, each decision goes
/// to `decisions` as an NDJSON line; `progress` gets the messages replayed so far.
pub fn replay(
    program: &Program,
    mut indexed: Indexed,
    profiles: &mut dyn ProfileSource,
    opts: &Options,
    decisions: &mut dyn Write,
    progress: &mut dyn FnMut(u64),
) -> io::Result<Summary> {
    let until = until_of(&indexed, opts);
    let mut total = base_summary(program, &indexed, until);
    let sim = Simulator::new(program);
    let mut empty = Summary::new(&program.journey_ids(), program.prices().currency());
    empty.until = until;
    let work = ReplayWork {
        sim: &sim,
        until: until.unwrap_or(i64::MIN),
        decisions: opts.decisions,
        empty,
    };
    drive::drive(&mut indexed, profiles, &work, opts.jobs, progress, &mut |part: ReplayPart| {
        total.merge(&part.summary);
        decisions.write_all(part.decisions.as_bytes())
    })?;
    Ok(total)
}

/// Replay NDJSON text held in memory, with profiles as NDJSON text.
pub fn replay_text(
    program: &Program,
    messages: &str,
    profiles: Option<&str>,
    opts: &Options,
) -> Result<Replay, ReplayError> {
    let indexed = index_text_keeping(messages, Simulator::new(program).properties_read())?;
    let mut out = Vec::new();
    let summary = match profiles {
        Some(p) => {
            let mut p = Profiles::parse(p)?;
            replay(program, indexed, &mut p, opts, &mut out, &mut |_| {})?
        }
        None => replay(program, indexed, &mut NoProfiles, opts, &mut out, &mut |_| {})?,
    };
    // Only whole `String`s are written to `out`; text that is not UTF-8 is an internal error,
    // never decisions silently dropped.
    let decisions = String::from_utf8(out).map_err(|e| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("internal error: the decisions written are not UTF-8 ({e})"),
        )
    })?;
    Ok(Replay { summary, decisions })
}

#[cfg(test)]
mod tests;

pub use diff::diff;

/// Compare two programs on NDJSON text held in memory.
pub fn diff_text(
    old: &Program,
    new: &Program,
    messages: &str,
    profiles: Option<&str>,
    opts: &Options,
) -> Result<DiffReport, ReplayError> {
    let keep = Simulator::new(old).properties_read().union(Simulator::new(new).properties_read());
    let indexed = index_text_keeping(messages, keep)?;
    Ok(match profiles {
        Some(p) => {
            let mut p = Profiles::parse(p)?;
            diff(old, new, indexed, &mut p, opts, &mut |_| {})?
        }
        None => diff(old, new, indexed, &mut NoProfiles, opts, &mut |_| {})?,
    })
}
