//! `herald eval FILE [--prices F] [--progress]`: NDJSON requests on stdin, one response line per
//! request line on stdout (SPEC §4). A bad line is answered with `{"error": {"code", "message"}}`
//! and the rest go on; blank lines are skipped. The loop itself is the library's
//! `Program::evaluate_ndjson_with` (which flushes whenever stdin has nothing more buffered, so
//! a program talking to `herald eval` over pipes gets each answer as soon as it is written;
//! `--carry-state` is one of its options).

use super::{analyze::load_prices, read_file, render, EXIT_ERRORS};
use herald_engine::eval::StreamOptions;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::BufWriter;

use std::path::Path;
use std::process::ExitCode;

pub struct Args<'a> {
    pub file: &'a Path,
    pub prices: Option<&'a Path>,
    pub progress: bool,
    pub carry_state: bool,
}

pub fn run(args: &Args<'_>) -> ExitCode {
    let bytes = match read_file(args.file) {
        Ok(b) => b,
        Err(code) => return code,
    };
    let table = match load_prices(args.prices) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let name = args.file.display().to_string();
    let source = String::from_utf8_lossy(&bytes);
    let compiled = herald_engine::source_text(&bytes)
        .and_then(|text| herald_engine::compile_with_prices(text, &table));
    let program = match compiled {
        Ok(p) => p,
        Err(d) => {
            render::emit(&name, &source, &d.0);
            return ExitCode::from(EXIT_ERRORS);
        }
    };
    let stdin = std::io::stdin().lock();
    let stdout = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let options = StreamOptions { carry_state: args.carry_state };
    let result = if args.progress {
        // Progress in bytes of input (the request count is unknown until the end); the total is
        // known when stdin is a file.
        let total = stdin_len();
        let bar = ProgressBar::with_draw_target(total, ProgressDrawTarget::stderr());
        let template = if total.is_some() {
            "{bar:40} {bytes}/{total_bytes} ({bytes_per_sec}, {eta} left)"
        } else {
            "{spinner} {bytes} read ({bytes_per_sec}) {elapsed}"
        };
        bar.set_style(
            ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        let result = program.evaluate_ndjson_with(bar.wrap_read(stdin), stdout, options);
        bar.finish();
        if let Ok(stats) = &result {
            eprintln!("{} requests, {} errors", stats.requests, stats.errors);
        }
        result
    } else {
        program.evaluate_ndjson_with(stdin, stdout, options)
    };
    match result {
        Ok(_) => ExitCode::SUCCESS,
        // A closed stdout (piped into `head`) is not an error of the requests.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(EXIT_ERRORS)
        }
    }
}

/// The size of stdin when it is a regular file.
fn stdin_len() -> Option<u64> {
    #[cfg(unix)]
    {
        let meta = std::fs::metadata("/dev/stdin").ok()?;
        meta.is_file().then_some(meta.len())
    }
    #[cfg(not(unix))]
    {
        None
    }
}
