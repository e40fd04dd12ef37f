//! herald's own RFC 3339 reader and writer (`eval/time.rs`, through the public `Timestamp`)
//! beside chrono's, on the instants requests carry (results: docs/performance.md, "Time").
//! Kept hand-written only while this measurement says it pays. Also `format_date`'s printing
//! (`check/strftime.rs`) beside chrono's strftime, which it replaced (docs/wasm.md).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use criterion::{criterion_group, criterion_main, Criterion};
use herald_engine::eval::Timestamp;
use std::hint::black_box;

/// The form JSON producers write (a request's clock, every past event's time).
const CANONICAL: &str = "2026-03-08T14:00:00Z";
/// A fraction and an offset: the general path.
const GENERAL: &str = "2026-03-08T09:00:00.5-05:00";

fn chrono_ms(text: &str) -> Option<i64> {
    chrono::DateTime::parse_from_rfc3339(text).ok().map(|d| d.timestamp_millis())
}

fn bench(c: &mut Criterion) {
    // Both readers agree on what they are timed on.
    for text in [CANONICAL, GENERAL] {
        assert_eq!(Timestamp::parse(text).map(Timestamp::millis), chrono_ms(text), "{text}");
    }
    let mut g = c.benchmark_group("parse_instant");
    for (name, text) in [("canonical", CANONICAL), ("general", GENERAL)] {
        g.bench_function(format!("herald/{name}"), |b| {
            b.iter(|| Timestamp::parse(black_box(text)))
        });
        g.bench_function(format!("chrono/{name}"), |b| b.iter(|| chrono_ms(black_box(text))));
    }
    g.finish();

    let mut g = c.benchmark_group("format_instant");
    let at = Timestamp::parse(GENERAL).unwrap();
    let chrono_at = chrono::DateTime::from_timestamp_millis(at.millis()).unwrap();
    assert_eq!(
        at.to_string(),
        chrono_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "both write the same text"
    );
    g.bench_function("herald", |b| b.iter(|| black_box(at).to_string()));
    g.bench_function("chrono", |b| {
        b.iter(|| black_box(chrono_at).to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
    });
    g.finish();

    let mut g = c.benchmark_group("format_date");
    let local = chrono_at.naive_utc();
    for pattern in ["%A %B %-d, %H:%M", "%Y-%m-%d"] {
        let chrono_text = |p: &str| {
            use std::fmt::Write;
            let items: Vec<_> = chrono::format::StrftimeItems::new(p).collect();
            let mut out = String::new();
            write!(out, "{}", local.format_with_items(items.into_iter())).ok().map(|()| out)
        };
        assert_eq!(herald_lang::check::format_date_local(&local, pattern), chrono_text(pattern));
        g.bench_function(format!("herald/{pattern}"), |b| {
            b.iter(|| herald_lang::check::format_date_local(black_box(&local), black_box(pattern)))
        });
        g.bench_function(format!("chrono/{pattern}"), |b| {
            b.iter(|| chrono_text(black_box(pattern)))
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .measurement_time(std::time::Duration::from_secs(2))
        .warm_up_time(std::time::Duration::from_secs(1));
    targets = bench
}
criterion_main!(benches);
