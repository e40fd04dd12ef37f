//! Properties of evaluation and its state, on random customers of every example journey
//! (examples/*.herald): each case is a sequence of requests for one profile that moves forward
//! in time, ticks at `wake_at` and carries the state from each response to the next request.
//!
//! - Evaluation is deterministic and independent of the key order of the request's objects.
//! - A state survives a JSON round trip (text → `State` → text is the identity, and the
//!   round-tripped state answers the next request exactly as the original does).
//! - A state survives an edit that changes nothing (the source reformatted, comments and blank
//!   lines added): the recompiled program answers exactly as the original.
//! - No response grows the state past its documented bounds (`MAX_STATE_BYTES`,
//!   `MAX_STATE_SENDS`, `MAX_TRIGGER_EVENT_BYTES`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::disallowed_methods
)]

use herald_engine::eval::{State, MAX_STATE_BYTES, MAX_STATE_SENDS, MAX_TRIGGER_EVENT_BYTES};
use herald_engine::{compile, Program};
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{json, Map, Value};
use std::sync::OnceLock;

const EXAMPLES: [&str; 6] = [
    include_str!("../examples/cart_abandonment.herald"),
    include_str!("../examples/order_updates.herald"),
    include_str!("../examples/otp.herald"),
    include_str!("../examples/quiet_hours_promo.herald"),
    include_str!("../examples/welcome.herald"),
    include_str!("../examples/winback.herald"),
];

/// Each example compiled twice: as written, and after an edit that changes nothing.
fn programs() -> &'static [(Program, Program)] {
    static P: OnceLock<Vec<(Program, Program)>> = OnceLock::new();
    P.get_or_init(|| {
        EXAMPLES
            .iter()
            .map(|src| {
                let edited = noop_edit(src);
                assert_ne!(&edited, src);
                (compile(src).unwrap(), compile(&edited).unwrap())
            })
            .collect()
    })
}

/// The source reformatted, with a comment and blank lines added after every journey's opening
/// line and at the end: the same program.
fn noop_edit(src: &str) -> String {
    let formatted = herald_engine::format(src).unwrap();
    let mut out = String::new();
    for line in formatted.lines() {
        out.push_str(line);
        out.push('\n');
        if line.starts_with("journey ") {
            out.push_str("  # an edit that changes nothing\n\n");
        }
    }
    out.push_str("\n# the end\n");
    out
}

fn event_names(src: &str) -> Vec<String> {
    let mut names: Vec<String> = src
        .split("event \"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(String::from)
        .collect();
    names.sort();
    names.dedup();
    names.push("Unrelated".into());
    names
}

/// One request of a customer's sequence, before the state and the clock are filled in.
#[derive(Debug, Clone)]
struct Step {
    advance_minutes: u32,
    to_wake: bool,
    event: Option<(usize, Value)>,
    explain: bool,
}

fn properties() -> impl Strategy<Value = Value> {
    (
        select(vec![json!(10), json!(80), json!(50.5), json!("x"), Value::Null]),
        select(vec![json!("123456"), Value::Null]),
        select(vec![json!(20), json!(35)]),
        prop::option::of("[a-z☕ ]{0,20}"),
        0usize..3,
    )
        .prop_map(|(value, code, discount, item, big)| {
            let mut p = json!({"value": value, "code": code, "discount_percent": discount,
                               "order_id": "A1", "url": "https://shop.example/c"});
            if let Some(item) = item {
                p["item_name"] = json!(item);
            }
            // Sometimes a property too large to keep whole in a run (past 4 KiB).
            if big == 2 {
                p["blob"] = json!("b".repeat(5000));
            }
            p
        })
}

fn steps() -> impl Strategy<Value = Vec<Step>> {
    let step = (
        0u32..(3 * 24 * 60),
        any::<bool>(),
        prop::option::of((0usize..16, properties())),
        prop::bool::weighted(0.1),
    )
        .prop_map(|(advance_minutes, to_wake, event, explain)| Step {
            advance_minutes,
            to_wake,
            event,
            explain,
        });
    prop::collection::vec(step, 1..10)
}

fn profile() -> impl Strategy<Value = Value> {
    (
        select(vec!["America/New_York", "Europe/London", "Asia/Kolkata", "Nowhere/Else", "UTC"]),
        select(vec!["+14155550100", "+447700900123", "bad"]),
        select(vec![json!("subscribed"), json!("unsubscribed"), json!(true), Value::Null]),
        select(vec![json!(50), json!(150), json!(5000)]),
        select(vec![json!("2025-01-01T00:00:00Z"), json!("2026-02-20")]),
        select(vec!["sms", "whatsapp", "email"]),
    )
        .prop_map(|(tz, phone, sms, ltv, last_order, pref)| {
            json!({"id": "u1", "timezone": tz, "phone": phone, "email": "a@example.com",
                   "push_token": "tok", "subscriptions": {"sms": sms, "push": "subscribed"},
                   "first_name": "Zoë", "country": "US", "lifetime_value": ltv,
                   "last_order_at": last_order, "preferred_channel": pref, "app_installed": true,
                   "events": [{"name": "Product Viewed", "time": "2026-03-01T10:00:00Z"}]})
        })
}

/// Rebuild every object of `v` with its keys in reverse order (serde_json keeps insertion order
/// only with `preserve_order`; text is what the engine reads, so reorder in the text).
fn reversed_text(v: &Value) -> String {
    match v {
        Value::Object(m) => {
            let items: Vec<String> = m
                .iter()
                .rev()
                .map(|(k, v)| format!("{}:{}", Value::String(k.clone()), reversed_text(v)))
                .collect();
            format!("{{{}}}", items.join(","))
        }
        Value::Array(a) => {
            format!("[{}]", a.iter().map(reversed_text).collect::<Vec<_>>().join(","))
        }
        other => other.to_string(),
    }
}

fn check_bounds(response: &Value, label: &str) {
    let state = &response["state"];
    let text = state.to_string();
    assert!(text.len() <= MAX_STATE_BYTES, "{label}: state of {} bytes", text.len());
    let sends = state["sends"].as_array().map_or(0, Vec::len);
    assert!(sends <= MAX_STATE_SENDS, "{label}: {sends} sends");
    for (id, j) in state["journeys"].as_object().into_iter().flatten() {
        if let Some(props) = j["run"]["event"].get("properties") {
            let bytes = props.to_string().len();
            assert!(bytes <= MAX_TRIGGER_EVENT_BYTES, "{label}: run of {id} keeps {bytes} bytes");
        }
    }
}

fn eval(program: &Program, text: &str) -> String {
    program.evaluate_json(text)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 160, ..ProptestConfig::default() })]

    #[test]
    fn evaluation_is_deterministic_order_independent_and_its_state_round_trips(
        which in 0usize..EXAMPLES.len(),
        profile in profile(),
        steps in steps(),
        start_day in 0u32..700,
    ) {
        let (program, edited) = &programs()[which];
        let names = event_names(EXAMPLES[which]);
        let mut now: i64 = 1_767_225_600_000 + i64::from(start_day) * 86_400_000; // 2026-01-01 + days
        let mut state = Value::Null;
        for (i, step) in steps.iter().enumerate() {
            let label = format!("example {which}, step {i}");
            now += i64::from(step.advance_minutes) * 60_000;
            let mut request = Map::new();
            request.insert("now".into(), json!(herald_engine::eval::Timestamp(now).to_string()));
            request.insert("profile".into(), profile.clone());
            if let Some((n, props)) = &step.event {
                let name = &names[n % names.len()];
                request.insert("event".into(), json!({"name": name, "properties": props}));
            }
            if step.explain {
                request.insert("explain".into(), json!(true));
            }
            request.insert("state".into(), state.clone());
            let request = Value::Object(request);
            let text = request.to_string();

            let out = eval(program, &text);
            // Deterministic, and independent of key order.
            prop_assert_eq!(&eval(program, &text), &out, "{}: not deterministic", label);
            let reordered = eval(program, &reversed_text(&request));
            prop_assert_eq!(&reordered, &out, "{}: key order changed the answer", label);
            // An edit that changes nothing answers the same.
            prop_assert_eq!(&eval(edited, &text), &out, "{}: a no-op edit changed the answer", label);

            let response: Value = serde_json::from_str(&out).unwrap();
            if response.get("error").is_some() {
                // Only the oversized trigger events may be refused here.
                prop_assert_eq!(&response["error"]["code"], "event_too_large", "{}: {}", label, out);
                continue;
            }
            check_bounds(&response, &label);
            // The state survives a JSON round trip through the typed `State`.
            let new_state = response["state"].clone();
            let typed: State = serde_json::from_value(new_state.clone()).unwrap();
            prop_assert_eq!(serde_json::to_value(&typed).unwrap(), new_state.clone(), "{}", label);
            state = new_state;
            if step.to_wake {
                if let Some(wake) = response["wake_at"].as_str() {
                    now = herald_engine::eval::Timestamp::parse(wake).unwrap().0.max(now);
                }
            }
        }
    }
}

/// A state never holds more sends than `MAX_STATE_SENDS`, even under a cap that counts more:
/// starting from a full history (as 1,000 earlier requests would leave it), every further send
/// pushes the oldest out.
#[test]
fn send_history_stays_bounded_under_a_huge_cap() {
    let program = compile(
        "journey \"chatty\" {\n  when event \"ping\"\n  reentry always\n  limit 5000 messages per 30 days\n  send webhook \"pong\"\n}\n",
    )
    .unwrap();
    let start: i64 = 1_767_225_600_000;
    let at = |i: i64| herald_engine::eval::Timestamp(start + i * 60_000).to_string();
    // The history of 1,000 pings, then one more to check that it is read back as herald wrote it.
    let sends: Vec<Value> = (0..MAX_STATE_SENDS as i64)
        .map(|i| json!({"at": at(i), "journey": "chatty", "channel": "webhook"}))
        .collect();
    let mut state =
        json!({"version": 1, "journeys": {"chatty": {"last_entry": at(999)}}, "sends": sends});
    for i in MAX_STATE_SENDS as i64..MAX_STATE_SENDS as i64 + 30 {
        let request = json!({"now": at(i), "profile": {"id": "u1"}, "event": {"name": "ping"}, "state": state});
        let response: Value =
            serde_json::from_str(&program.evaluate_json(&request.to_string())).unwrap();
        assert_eq!(response["decisions"][1]["action"], "send", "request {i}: {response}");
        check_bounds(&response, &format!("request {i}"));
        state = response["state"].clone();
        let kept = state["sends"].as_array().unwrap();
        assert_eq!(kept.len(), MAX_STATE_SENDS);
        assert_eq!(kept.last().unwrap()["at"], at(i));
        assert_eq!(kept[0]["at"], at(i + 1 - MAX_STATE_SENDS as i64));
    }
    // One more send than the limit is refused as a state herald did not write.
    let mut too_many = state.clone();
    too_many["sends"]
        .as_array_mut()
        .unwrap()
        .push(json!({"at": at(2000), "journey": "chatty", "channel": "webhook"}));
    let request = json!({"now": at(2001), "profile": {"id": "u1"}, "state": too_many});
    let response: Value =
        serde_json::from_str(&program.evaluate_json(&request.to_string())).unwrap();
    assert_eq!(response["error"]["code"], "state_too_large", "{response}");
}
