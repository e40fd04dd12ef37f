//! Evaluation speed (results: docs/performance.md).
//!
//! Targets: one evaluation of the typical journey under 2 µs on one core excluding JSON parsing
//! (`evaluate/typical`); `herald eval` at least 100 000 requests a second end to end
//! (`ndjson/typical`, the library loop the CLI runs: read a line, evaluate it, write the
//! response line). Also measured: the text API on the same request, a ~6 KB profile of 20
//! traits and 50 past events, a tick on a waiting run, and explain.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use herald_engine::{compile, Program, Request};
use serde_json::{json, Value};
use std::hint::black_box;

/// The typical journey of docs/performance.md (one fixture for the benches, the npm bench and
/// the conformance generator).
const TYPICAL: &str =
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/typical.herald"));

/// The example of SPEC §1, verbatim (shared fixture).
const SPEC_EXAMPLE: &str =
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/spec_example.herald"));

fn viewed(n: usize) -> Vec<Value> {
    (0..n)
        .map(|i| {
            json!({"name": if i % 3 == 0 { "Product Viewed" } else { "Page Viewed" },
                   "time": format!("2026-03-08T{:02}:{:02}:00Z", 13 - (i / 60) % 12, i % 60),
                   "properties": {"sku": format!("sku-{i}"), "price": 10 + i, "category": "shoes"}})
        })
        .collect()
}

/// A typical request: a dozen traits, five past events, the trigger event.
fn typical_request() -> Value {
    json!({
        "now": "2026-03-08T14:00:00Z",
        "profile": {
            "id": "u_123", "country": "US", "age": 34, "plan": "pro",
            "phone": "+14155550100", "email": "ana@example.com", "push_token": "tok_1",
            "timezone": "America/New_York", "first_name": "Ana", "lifetime_value": 1200,
            "subscriptions": {"sms": "subscribed"},
            "events": viewed(5)
        },
        "event": {"name": "Cart Abandoned", "time": "2026-03-08T13:59:00Z", "properties": {"value": 80, "url": "https://shop.example/c/1"}},
        "state": null
    })
}

/// ~6 KB: 20 traits and 50 past events.
fn large_request() -> Value {
    let mut r = typical_request();
    let profile = r["profile"].as_object_mut().unwrap();
    for i in 0..10 {
        profile.insert(format!("trait_{i}"), json!(format!("value number {i} of the profile")));
    }
    profile.insert("events".into(), Value::Array(viewed(50)));
    r
}

fn bench(c: &mut Criterion) {
    let typical = compile(TYPICAL).unwrap();
    let spec = compile(SPEC_EXAMPLE).unwrap();
    let req_value = typical_request();
    let req: Request = serde_json::from_value(req_value.clone()).unwrap();
    let text = req_value.to_string();
    let large_text = large_request().to_string();
    eprintln!("typical request: {} bytes; large request: {} bytes", text.len(), large_text.len());
    assert!(typical.evaluate_json(&text).contains("\"send\""));

    let mut g = c.benchmark_group("evaluate");
    g.bench_function("typical", |b| b.iter(|| typical.evaluate(black_box(&req)).unwrap()));
    // The same work without building the response's JSON: evaluation only.
    let explain: Request = {
        let mut v = req_value.clone();
        v["explain"] = json!(true);
        serde_json::from_value(v).unwrap()
    };
    g.bench_function("typical_explain", |b| {
        b.iter(|| typical.evaluate(black_box(&explain)).unwrap())
    });
    // A tick on a run parked at `wait for` with its trigger event in the state.
    let mut entering = req_value.clone();
    entering["profile"]["lifetime_value"] = json!(300);
    let entered: Value = serde_json::from_str(&spec.evaluate_json(&entering.to_string())).unwrap();
    let tick_1h = json!({"now": "2026-03-08T15:00:00Z", "profile": entering["profile"], "state": entered["state"]});
    let waited: Value = serde_json::from_str(&spec.evaluate_json(&tick_1h.to_string())).unwrap();
    let tick: Request = serde_json::from_value(json!({"now": "2026-03-09T15:00:00Z", "profile": entering["profile"], "state": waited["state"]})).unwrap();
    g.bench_function("spec_example_tick_waiting", |b| {
        b.iter(|| spec.evaluate(black_box(&tick)).unwrap())
    });
    g.finish();

    let mut g = c.benchmark_group("evaluate_json");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("typical", |b| b.iter(|| typical.evaluate_json(black_box(&text))));
    // The same request with `"explain": true`: the trace recorded and written (`eval/write.rs`).
    let explain_text = {
        let mut v = req_value.clone();
        v["explain"] = json!(true);
        v.to_string()
    };
    assert!(typical.evaluate_json(&explain_text).contains("\"trace\":[{"));
    g.bench_function("typical_explain", |b| {
        b.iter(|| typical.evaluate_json(black_box(&explain_text)))
    });
    g.throughput(Throughput::Bytes(large_text.len() as u64));
    g.bench_function("large_profile", |b| b.iter(|| typical.evaluate_json(black_box(&large_text))));
    g.finish();

    let lines = 1_000;
    let ndjson: String = (0..lines).map(|_| format!("{text}\n")).collect();
    let mut g = c.benchmark_group("ndjson");
    g.throughput(Throughput::Elements(lines));
    g.bench_function("typical", |b| {
        b.iter_batched_ref(
            || Vec::with_capacity(ndjson.len() * 2),
            |out| typical.evaluate_ndjson(black_box(ndjson.as_bytes()), out).unwrap(),
            BatchSize::SmallInput,
        )
    });
    g.finish();

    let mut g = c.benchmark_group("compile");
    g.bench_function("typical", |b| b.iter(|| compile(black_box(TYPICAL)).unwrap()));
    g.finish();
    let _: &Program = &typical;
}

criterion_group! {
    name = benches;
    config = Criterion::default().measurement_time(std::time::Duration::from_secs(3)).warm_up_time(std::time::Duration::from_secs(1));
    targets = bench
}
criterion_main!(benches);
