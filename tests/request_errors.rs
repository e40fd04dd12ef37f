//! The error JSON of bad requests, byte for byte (`{"error": {"code", "message", "path", "line",
//! "column"}}`): what `herald eval`, `evaluateJson` and the package print. The requests are
//! mutants of a few valid requests (a deterministic generator: a fixed seed, a small token list)
//! and hand-written cases; `tests/fixtures/request_errors.json` holds, for each, the edits and the
//! answer recorded from the engine. A change to the request reader that changes one byte of one
//! answer fails here. To re-record after an intended change: `HERALD_BLESS=1 cargo test --test
//! request_errors` (and say why in the commit).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use herald_engine::compile;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::path::PathBuf;

/// Journeys that read every part of the request herald gives a meaning to: profile keys kept in
/// slots (`timezone`, `id`), counted past events with and without `where`, the event's
/// properties, caps (states with sends).
const SOURCE: &str = r#"policy { limit 2 messages per 1 day }
journey "typical" {
  when event "Cart Abandoned" where event.value >= 50
  audience profile.country in ["US", "CA"] and profile.age >= 18
  reentry always
  if count(event "Product Viewed" within 1 day) > 1 {
    send sms "Hi {{profile.first_name ?? "there"}} {{profile.id}} {{profile["odd key"]}}"
  } else {
    send email template "cart"
  }
  wait 1 hour
  send push "again {{profile.timezone}}"
}
journey "cond" {
  when event "Signed Up"
  if count(event "Page Viewed" where event.price > 20 within 2 days) >= 1 {
    send push "hi"
  }
}
"#;

/// A program that reads `profile.events` itself (the fast reader leaves it to serde).
const LIST_SOURCE: &str = r#"journey "list" {
  when event "Go"
  if len(profile.events) > 1 and profile.subscriptions.sms == "subscribed" {
    send sms "many"
  }
}
"#;

fn bases() -> Vec<Value> {
    let events: Vec<Value> = (0..4)
        .map(|i| {
            let name = ["Product Viewed", "Page Viewed", "Search"][i % 3];
            json!({"name": name, "time": format!("2026-03-08T1{i}:00:00Z"),
                   "properties": {"price": 10 + 10 * i, "tags": ["a", {"b": null}]}})
        })
        .collect();
    let state = json!({"version": 2, "journeys": {"typical": {"last_entry": "2026-03-08T12:00:00Z",
        "run": {"step": "3", "waiting": "wait", "until": "2026-03-08T13:00:00Z",
                "entered": "2026-03-08T12:00:00Z", "spent_micros": 0,
                "event": {"name": "Cart Abandoned", "properties": {"value": 80}}}}},
        "sends": [{"at": "2026-03-08T12:00:00Z", "journey": "typical", "channel": "email"}]});
    vec![
        json!({
            "now": "2026-03-08T14:00:00Z",
            "profile": {
                "id": "u_1", "country": "US", "age": 34, "phone": "+14155550100",
                "email": "a@b.c", "push_token": "tok", "timezone": "America/New_York",
                "first_name": "Ana", "odd key": [1, 2.5],
                "subscriptions": {"sms": "subscribed", "email": null, "fax": "maybe"},
                "events": events
            },
            "event": {"name": "Cart Abandoned", "time": "2026-03-08T13:59:00Z", "properties": {"value": 80}},
            "state": null
        }),
        json!({
            "now": "2026-03-08T14:00:00Z",
            "profile": {"id": 7, "events": events, "subscriptions": {"push": true}},
            "state": state,
            "prices": {"currency": "USD", "channels": {"sms": {"default": 0.01}}},
            "explain": true
        }),
    ]
}

const TOKENS: &[&str] = &[
    "null",
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "1e999",
    "-0",
    "0",
    "2.5",
    "-",
    "\"2026-03-08T14:00:00Z\"",
    "\"2026-02-30T14:00:00Z\"",
    "\"events\"",
    "\"name\"",
    "\"time\"",
    "\"properties\"",
    "\"id\"",
    "\"\"",
    "true",
    "false",
    "\"\\u0000\"",
    "\"\\ud800\"",
    "\"\\x\"",
    "\u{1}",
    "\n",
    "99999999999999999999999",
    "\"Product Viewed\"",
    "\"Page Viewed\"",
    "\"subscriptions\"",
    "\"timezone\"",
    "\"sms\"",
    "\"state\"",
    "\"explain\"",
    "\"version\"",
    "\"journeys\"",
    "\"run\"",
    "\"step\"",
    "\"sends\"",
    "\"channel\"",
    "\"prices\"",
    "\"currency\"",
    "\"now\"",
    "\"profile\"",
    "\"event\"",
    "\\",
    "\"a\":1",
    "[1,2]",
    "{\"x\":1}",
];

/// A small deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// `text` with each edit (at, token, cut) applied: `cut` bytes at `at` replaced by a token.
fn mutated(mut text: String, edits: &[(usize, usize, usize)]) -> String {
    for &(at, token, cut) in edits {
        let mut at = at % (text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let mut end = (at + cut).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.replace_range(at..end, TOKENS[token]);
    }
    text
}

/// Hand-written requests: one per rule of the reader.
fn hand_cases() -> Vec<String> {
    let many: Vec<Value> = (0..1001)
        .map(|i| json!({"name": "Product Viewed", "time": format!("2026-03-08T10:{:02}:00Z", i % 60)}))
        .collect();
    let mut cases: Vec<String> = [
        r#"{}"#,
        r#"[]"#,
        r#"{"now":"2026-03-08T14:00:00Z"}"#,
        r#"{"profile":{"id":"u"}}"#,
        r#"{"now":"x","profile":{"id":"u"}}"#,
        r#"{"now":"2026-03-08T14:00:00Z","profile":{}}"#,
        r#"{"now":"2026-03-08T14:00:00Z","profile":{"id":""}}"#,
        r#"{"now":"2026-03-08T14:00:00Z","profile":{"id":1.5}}"#,
        r#"{"now":"2026-03-08T14:00:00Z","profile":{"id":"u","timezone":3}}"#,
        r#"{"now":"2026-03-08T14:00:00Z","profile":{"id":"u","phone":{"a":1}}}"#,
        r#"{"now":"2026-03-08T14:00:00Z","profile":{"id":"u","email":[1]}}"#,
        r#"{"now":"2026-03-08T14:00:00Z","profile":{"id":"u","push_token":true}}"#,
        r#"{"now":"2026-03-08T14:00:00Z","profile":{"id":"u","subscriptions":"all"}}"#,
        r#"{"now":"2026-03-08T14:00:00Z","profile":{"id":"u","events":{}}}"#,
        r#"{"now":"2026-03-08T14:00:00Z","profile":{"id":"u","events":[1]}}"#,
        r#"{"now":"2026-03-08T14:00:00Z","profile":{"id":"u","events":[{"time":"2026-03-08T14:00:00Z"}]}}"#,
        r#"{"now":"2026-03-08T14:00:00Z","profile":{"id":"u","events":[{"name":3}]}}"#,
        r#"{"now":"2026-03-08T14:00:00Z","profile":{"id":"u","events":[{"name":"Product Viewed"}]}}"#,
        r#"{"now":"2026-03-08T14:00:00Z","profile":{"id":"u","events":[{"name":"Product Viewed","time":5}]}}"#,
        r#"{"now":"2026-03-08T14:00:00Z","profile":{"id":"u","events":[{"name":"Product Viewed","time":"yesterday"}]}}"#,
        r#"{"now":"2026-03-08T14:00:00Z","profile":{"id":"u","events":[{"name":"Page Viewed","time":"2026-03-08T14:00:00Z","properties":[]}]}}"#,
        r#"{"now":"2026-03-08T14:00:00Z","profile":{"id":"u"},"event":{}}"#,
        r#"{"now":"2026-03-08T14:00:00Z","profile":{"id":"u"},"event":{"name":""}}"#,
        r#"{"now":"2026-03-08T14:00:00Z","profile":{"id":"u"},"event":{"name":"a","time":"x"}}"#,
        r#"{"now":"2026-03-08T14:00:00Z","profile":{"id":"u"},"event":{"name":"a","properties":3}}"#,
        r#"{"now":"2026-03-08T14:00:00Z","profile":{"id":"u"},"state":{"version":99}}"#,
        r#"{"now":"2026-03-08T14:00:00Z","profile":{"id":"u"},"state":{"version":2,"journeys":{"typical":{"run":{"step":"99","waiting":"wait","until":"2026-03-08T13:00:00Z","entered":"2026-03-08T12:00:00Z"}}},"sends":[]}}"#,
        r#"{"now":"2026-03-08T14:00:00Z","profile":{"id":"u"},"prices":{"currency":"EUR"}}"#,
        r#"{"now":"2026-03-08T14:00:00Z","profile":{"id":"u"},"prices":[]}"#,
        r#"{"now":"2026-03-08T14:00:00Z","profile":{"id":"u"},"explain":"yes"}"#,
        r#"{"now":"2026-03-08T14:00:00Z","profile":{"id":"u"},"extra":1}"#,
        "{\"now\":\"2026-03-08T14:00:00Z\",\n\"profile\":{\"id\":\"u\",\n\"events\":[{\"name\":\"Product Viewed\",\n\"time\":\"no\"}]}}",
        "{\"now\":\"2026-03-08T14:00:00Z\",\"profile\":{\"id\":\"u\"}} x",
        "{\"now\":\"2026-03-08T14:00:00Z\",\"profile\":{\"id\":\"u\",\"plan type\":{\"a\":[1,}}}",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    cases.push(
        json!({"now": "2026-03-08T14:00:00Z", "profile": {"id": "u", "events": many}}).to_string(),
    );
    cases
}

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/request_errors.json")
}

/// Every request of the corpus with the program it is evaluated by: (label, program index, text).
fn corpus() -> Vec<(String, usize, String)> {
    let mut out = Vec::new();
    for (i, text) in hand_cases().into_iter().enumerate() {
        out.push((format!("hand {i}"), 0, text.clone()));
        out.push((format!("hand {i} (list)"), 1, text));
    }
    let bases: Vec<String> = bases().iter().map(Value::to_string).collect();
    let mut rng = Rng(0x5eed_e770);
    for n in 0..6000 {
        let which = rng.below(bases.len());
        let count = 1 + rng.below(3);
        let edits: Vec<(usize, usize, usize)> =
            (0..count).map(|_| (rng.below(4000), rng.below(TOKENS.len()), rng.below(6))).collect();
        let program = usize::from(n % 5 == 4);
        out.push((format!("mutant {n}"), program, mutated(bases[which].clone(), &edits)));
    }
    out
}

#[test]
fn bad_requests_are_answered_byte_for_byte_as_recorded() {
    let programs = [compile(SOURCE).unwrap(), compile(LIST_SOURCE).unwrap()];
    let mut answers = serde_json::Map::new();
    let mut seen = BTreeSet::new();
    for (label, program, text) in corpus() {
        let out = programs[program].evaluate_json(&text);
        if !out.starts_with("{\"error\"") {
            continue;
        }
        // One answer of each shape is enough: most mutants fail alike.
        let shape: Value = serde_json::from_str(&out).unwrap();
        let message = shape["error"]["message"].as_str().unwrap_or_default();
        let message: String =
            message.split(" at line ").next().unwrap_or_default().chars().take(40).collect();
        let key = format!("{} {} {}", shape["error"]["code"], shape["error"]["path"], message);
        if !seen.insert((program, key)) && !label.starts_with("hand") {
            continue;
        }
        answers.insert(label, Value::String(out));
    }
    let path = fixture();
    if std::env::var_os("HERALD_BLESS").is_some() {
        let text = serde_json::to_string_pretty(&Value::Object(answers)).unwrap();
        std::fs::write(&path, text + "\n").unwrap();
        return;
    }
    let recorded: serde_json::Map<String, Value> =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let corpus: std::collections::HashMap<String, (usize, String)> =
        corpus().into_iter().map(|(l, p, t)| (l, (p, t))).collect();
    let mut wrong = Vec::new();
    for (label, want) in &recorded {
        let (program, text) = &corpus[label];
        let got = programs[*program].evaluate_json(text);
        if Some(got.as_str()) != want.as_str() {
            wrong.push(format!("{label}: {text}\n  want {want}\n  got  {got}"));
        }
    }
    assert!(recorded.len() > 300, "only {} answers recorded", recorded.len());
    assert!(wrong.is_empty(), "{} answers changed:\n{}", wrong.len(), wrong.join("\n"));
}
