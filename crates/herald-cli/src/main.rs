//! The `herald` command-line tool: a thin shell over the library (see `src/cli/`).
#![forbid(unsafe_code)]

mod cli;

/// mimalloc rather than the system's allocator: a replay makes millions of small allocations
/// (evaluation's decisions, states and amounts), where glibc's malloc and free were a fifth of
/// the time (docs/performance.md, "Replay").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::main()
}
