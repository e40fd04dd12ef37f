//! Replay speed (results: docs/performance.md): the simulator of `herald replay` on sample
//! traffic held in memory (`herald sample`'s generator, 300 users, about 12,000 messages), for
//! the typical journey of benches/eval.rs and for examples/cart_abandonment.herald. Measures the
//! whole replay: reading every line, grouping by user, every evaluation (tracks and ticks), the
//! summary. Target: at least 500,000 messages a second on one core for the typical journey.
//! `replay/index` is the first pass alone (reading every line, grouping by user), so the rest
//! of `replay/typical` is the replay proper; the native evaluator alone is `evaluate/typical`
//! of benches/eval.rs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use herald_engine::compile;
use herald_engine::sim::{index_text, replay_text, write_sample, Options, SampleOptions};
use std::hint::black_box;

/// The typical journey of docs/performance.md (one fixture for the benches, the npm bench and
/// the conformance generator).
const TYPICAL: &str =
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/typical.herald"));

const CART: &str =
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/cart_abandonment.herald"));

fn bench(c: &mut Criterion) {
    let mut text = Vec::new();
    write_sample(&SampleOptions { users: 300, ..SampleOptions::default() }, &mut text).unwrap();
    let text = String::from_utf8(text).unwrap();
    let lines = text.lines().count() as u64;
    let mut g = c.benchmark_group("replay");
    g.throughput(Throughput::Elements(lines));
    g.bench_function("index", |b| b.iter(|| index_text(black_box(&text)).unwrap().counts.messages));
    for (name, source) in [("typical", TYPICAL), ("cart_abandonment", CART)] {
        let program = compile(source).unwrap();
        let s = replay_text(&program, &text, None, &Options::default()).unwrap().summary;
        eprintln!("{name}: {lines} lines, {} evaluations, {:?}", s.evaluations, s.journeys);
        g.bench_function(name, |b| {
            b.iter(|| replay_text(&program, black_box(&text), None, &Options::default()).unwrap())
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
