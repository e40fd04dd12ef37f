//! herald's f64 reader and writer (`herald_lang::float`, which took core's `dec2flt` and `flt2dec`
//! out of the WebAssembly modules) beside core's `str::parse::<f64>` and `{}`, on the numbers
//! JSON requests carry (results: docs/wasm.md, "Size work of session 10, branch `floats`").
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

/// Typical JSON numbers (the reader sees only those with a fraction or an exponent: integers are
/// read as integers), then 17 digits (exact 128-bit arithmetic here, Eisel-Lemire in core), a
/// large exponent and 20 digits (the simple decimal conversion here, both).
const NUMBERS: [&str; 7] = [
    "12.5",
    "1733580000.123",
    "0.1",
    "99.99",
    "0.30000000000000004",
    "4.5e300",
    "3.1415926535897932385",
];

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("parse_f64");
    for text in NUMBERS {
        assert_eq!(
            herald_lang::float::parse(text).map(f64::to_bits),
            text.parse::<f64>().ok().map(f64::to_bits)
        );
        g.bench_function(format!("herald/{text}"), |b| {
            b.iter(|| herald_lang::float::parse(black_box(text)))
        });
        g.bench_function(format!("core/{text}"), |b| b.iter(|| black_box(text).parse::<f64>()));
    }
    g.finish();

    let mut g = c.benchmark_group("display_f64");
    for text in NUMBERS {
        let x: f64 = text.parse().unwrap();
        assert_eq!(herald_lang::float::display(x), x.to_string());
        g.bench_function(format!("herald/{text}"), |b| {
            b.iter(|| herald_lang::float::display(black_box(x)))
        });
        g.bench_function(format!("core/{text}"), |b| b.iter(|| black_box(x).to_string()));
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(1)).warm_up_time(std::time::Duration::from_millis(300));
    targets = bench
}
criterion_main!(benches);
