//! The fuzz targets' bodies (fuzz/src/bodies.rs) as an ordinary test on stable: every input a
//! fuzzer once crashed on (fuzz/regressions/TARGET/, kept forever) and every seed
//! (fuzz/seeds/TARGET/) goes through its target's body again, so a fixed crash stays fixed
//! without nightly or cargo-fuzz. docs/reliability.md says how to run the fuzzers themselves.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::disallowed_methods
)]

#[path = "../fuzz/src/bodies.rs"]
mod bodies;

use std::path::Path;

type Body = fn(&[u8]);

const TARGETS: [(&str, Body); 5] = [
    ("parse_check", bodies::parse_check),
    ("format_roundtrip", bodies::format_roundtrip),
    ("evaluate", bodies::evaluate),
    ("sms_segments", bodies::sms_segments),
    ("replay", bodies::replay),
];

/// Every file under `fuzz/DIR/TARGET/`, run through the target's body on a 1 MiB stack (the
/// size of a WebAssembly instance's). Returns how many ran.
fn run_dir(dir: &str, target: &str, body: Body) -> usize {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz").join(dir).join(target);
    let Ok(entries) = std::fs::read_dir(&path) else { return 0 };
    let mut files: Vec<_> = entries.map(|e| e.unwrap().path()).filter(|p| p.is_file()).collect();
    files.sort();
    for file in &files {
        let data = std::fs::read(file).unwrap();
        let name = file.display().to_string();
        let outcome = std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(move || body(&data))
            .unwrap()
            .join();
        assert!(outcome.is_ok(), "{name} fails its fuzz target again");
    }
    files.len()
}

#[test]
fn every_kept_crash_input_passes() {
    for (target, body) in TARGETS {
        run_dir("regressions", target, body);
    }
}

#[test]
fn every_seed_passes() {
    let mut total = 0;
    for (target, body) in TARGETS {
        let n = run_dir("seeds", target, body);
        assert!(n > 0, "no seeds for {target}");
        total += n;
    }
    assert!(total >= 20, "{total} seeds");
}
