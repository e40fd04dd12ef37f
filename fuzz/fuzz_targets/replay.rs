//! cargo-fuzz target: the body is herald_fuzz::bodies::replay (src/bodies.rs), shared with the
//! regression test tests/fuzz_regressions.rs.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| herald_fuzz::bodies::replay(data));
