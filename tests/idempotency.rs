//! `idempotency_key` on send decisions (SPEC §6, docs/evaluation.md "Idempotency keys"): the same
//! send decided again has the same key, in every way a host can decide it again; any other send
//! has another key. examples/order_receipt.herald is the journey of docs/recipes.md's "A retried
//! send".

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use serde_json::{json, Value};

fn program(src: &str) -> herald_engine::Program {
    herald_engine::compile(src).unwrap()
}

fn receipt() -> herald_engine::Program {
    program(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/order_receipt.herald"
        ))
        .unwrap(),
    )
}

fn eval(p: &herald_engine::Program, request: &Value) -> Value {
    serde_json::from_str(&p.evaluate_json(&request.to_string())).unwrap()
}

fn keys(response: &Value) -> Vec<String> {
    response["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["action"] == "send")
        .map(|d| d["idempotency_key"].as_str().unwrap().to_string())
        .collect()
}

fn order(now: &str, id: &str, order_id: &str, state: Value) -> Value {
    json!({
        "now": now,
        "profile": {"id": id, "phone": "+14155550100", "email": "a@example.com",
                    "subscriptions": {"sms": "subscribed"}},
        "event": {"name": "Order Placed", "properties": {"order_id": order_id, "total": 12}},
        "state": state,
    })
}

#[test]
fn a_retried_request_decides_the_same_send_with_the_same_key() {
    let p = receipt();
    let request = order("2026-03-03T15:00:00Z", "ana", "A-1", Value::Null);
    let first = eval(&p, &request);
    let retry = eval(&p, &request);
    assert_eq!(keys(&first).len(), 1);
    assert_eq!(keys(&first), keys(&retry));
    assert!(keys(&first)[0].starts_with("hk1_") && keys(&first)[0].len() == 36);
    // The typed path and the text path agree.
    let typed: herald_engine::eval::Request = serde_json::from_value(request).unwrap();
    let typed = serde_json::to_value(p.evaluate(&typed).unwrap()).unwrap();
    assert_eq!(keys(&typed), keys(&first));
}

#[test]
fn other_orders_profiles_and_channels_have_other_keys() {
    let p = receipt();
    let a1 = eval(&p, &order("2026-03-03T15:00:00Z", "ana", "A-1", Value::Null));
    let a2 = eval(&p, &order("2026-03-03T15:00:00Z", "ana", "A-2", a1["state"].clone()));
    let ben = eval(&p, &order("2026-03-03T15:00:00Z", "ben", "A-1", Value::Null));
    let later = eval(&p, &order("2026-03-03T15:00:01Z", "ana", "A-1", Value::Null));
    let mut email = order("2026-03-03T15:00:00Z", "ana", "A-1", Value::Null);
    email["profile"]["subscriptions"]["sms"] = json!("unsubscribed");
    let email = eval(&p, &email);
    assert_eq!(email["decisions"][2]["channel"], "email");
    let all: Vec<String> = [&a1, &a2, &ben, &later, &email].iter().flat_map(|r| keys(r)).collect();
    assert_eq!(all.len(), 5);
    for (i, k) in all.iter().enumerate() {
        assert!(!all[i + 1..].contains(k), "{k} repeats: {all:?}");
    }
}

#[test]
fn a_deferred_send_keeps_its_key_and_steps_differ() {
    let p = program(
        "policy {\n  quiet hours 21:00 to 08:00\n}\n\njourney \"j\" {\n  when event \"Go\"\n  send sms \"one\"\n  wait 1 hour\n  send sms \"two\"\n}\n",
    );
    let request = |now: &str, event: bool, state: Value| {
        let mut r = json!({"now": now, "profile": {"id": "u", "phone": "+14155550100",
            "subscriptions": {"sms": "subscribed"}}, "state": state});
        if event {
            r["event"] = json!({"name": "Go"});
        }
        r
    };
    // At 22:00 UTC (no zone: UTC) the first send is deferred to 08:00, then sent.
    let deferred = eval(&p, &request("2026-03-03T22:00:00Z", true, Value::Null));
    assert_eq!(deferred["decisions"][1]["action"], "defer");
    let sent = eval(&p, &request("2026-03-04T08:00:00Z", false, deferred["state"].clone()));
    let second = eval(&p, &request("2026-03-04T09:00:00Z", false, sent["state"].clone()));
    // The same run sending at once (no quiet hours at 12:00) has the same key for step 1.
    let at_noon = program(
        "journey \"j\" {\n  when event \"Go\"\n  send sms \"one\"\n  wait 1 hour\n  send sms \"two\"\n}\n",
    );
    let direct = eval(&at_noon, &request("2026-03-03T22:00:00Z", true, Value::Null));
    assert_eq!(keys(&sent), keys(&direct));
    assert_ne!(keys(&sent), keys(&second));
}

#[test]
fn replay_gives_the_keys_evaluation_gives() {
    let p = receipt();
    let lines = [
        json!({"type": "identify", "userId": "ana", "traits": {"phone": "+14155550100", "subscriptions": {"sms": "subscribed"}}, "timestamp": "2026-03-03T14:59:00Z"}),
        json!({"type": "track", "userId": "ana", "event": "Order Placed", "properties": {"order_id": "A-1", "total": 12}, "timestamp": "2026-03-03T15:00:00Z"}),
    ];
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let opts = herald_engine::sim::Options { until: None, jobs: 1, decisions: true };
    let replay = herald_engine::sim::replay_text(&p, &text, None, &opts).unwrap();
    let decisions: Vec<Value> =
        replay.decisions.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let direct = eval(
        &p,
        &json!({
            "now": "2026-03-03T15:00:00Z",
            "profile": {"id": "ana", "phone": "+14155550100", "subscriptions": {"sms": "subscribed"}},
            "event": {"name": "Order Placed", "time": "2026-03-03T15:00:00Z", "properties": {"order_id": "A-1", "total": 12}},
            "state": null,
        }),
    );
    let replayed: Vec<String> = decisions
        .iter()
        .filter(|d| d["action"] == "send")
        .map(|d| d["idempotency_key"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(replayed, keys(&direct));
}
