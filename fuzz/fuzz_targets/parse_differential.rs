//! cargo-fuzz target: the body is herald_fuzz::differential::parse_differential
//! (src/differential.rs). It starts from the seeds of parse_check (scripts/fuzz-smoke.sh).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| herald_fuzz::differential::parse_differential(data));
