//! The run forms of SPEC §6 beyond the conformance cases: the bound on keyed runs and its
//! trace, the bound on recorded traits, states past their limits, `analyze`'s note on runs and
//! its `set` nodes, and the `key` of an `update` in a keyed journey.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use serde_json::{json, Value};

const KEYED: &str = r#"journey "orders" {
  when event "Order Placed"
  key trigger.order_id
  reentry restart
  holdout 10%
  wait 1 day
  set profile.last_order = trigger.order_id
  send email "Order {{ profile.last_order }}"
}
"#;

fn eval(program: &herald_engine::Program, request: &Value) -> Value {
    serde_json::from_str(&program.evaluate_json(&request.to_string())).unwrap()
}

fn placed(now: &str, id: &str, state: &Value) -> Value {
    json!({"now": now, "profile": {"id": "u1", "email": "a@example.com"},
           "event": {"name": "Order Placed", "properties": {"order_id": id}},
           "state": state, "explain": true})
}

#[test]
fn the_21st_key_is_ignored_and_the_trace_says_why() {
    let program = herald_engine::compile(KEYED).unwrap();
    let mut state = Value::Null;
    for i in 0..20 {
        let r = eval(&program, &placed("2026-03-08T14:00:00Z", &format!("o{i}"), &state));
        assert_eq!(r["decisions"][0]["action"], "enter", "{r}");
        assert_eq!(r["decisions"][0]["key"], format!("o{i}"));
        state = r["state"].clone();
    }
    let r = eval(&program, &placed("2026-03-08T14:01:00Z", "o20", &state));
    assert_eq!(r["decisions"], json!([]));
    let limit: Vec<&Value> =
        r["trace"].as_array().unwrap().iter().filter(|t| t["check"] == "key_limit").collect();
    assert_eq!(limit.len(), 1, "{}", r["trace"]);
    assert_eq!(limit[0]["result"], false);
    assert!(limit[0]["detail"].as_str().unwrap().contains("20 runs are active"));
    assert_eq!(r["state"]["journeys"]["orders"]["keys"].as_object().unwrap().len(), 20);
    // an active key's trigger restarts that run (reentry restart), even at the limit
    let r = eval(&program, &placed("2026-03-08T14:02:00Z", "o7", &state));
    let actions: Vec<(&str, &str)> = r["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["action"].as_str().unwrap(), d["key"].as_str().unwrap()))
        .collect();
    assert_eq!(actions, [("exit", "o7"), ("enter", "o7")]);
}

#[test]
fn keyed_updates_name_the_trait_as_key_and_the_run_as_run_key() {
    let program = herald_engine::compile(KEYED).unwrap();
    // a profile outside the 10% holdout
    let profile = (0..100)
        .map(|i| format!("p{i}"))
        .find(|p| {
            let r = eval(
                &program,
                &json!({"now": "2026-03-08T14:00:00Z", "profile": {"id": p},
                "event": {"name": "Order Placed", "properties": {"order_id": "x"}}}),
            );
            r["decisions"][0].get("holdout").is_none()
        })
        .unwrap();
    let start = json!({"now": "2026-03-08T14:00:00Z", "profile": {"id": profile, "email": "a@example.com"},
        "event": {"name": "Order Placed", "properties": {"order_id": "A-1"}}});
    let r = eval(&program, &start);
    let tick = json!({"now": "2026-03-09T14:00:00Z", "profile": {"id": profile, "email": "a@example.com"},
        "state": r["state"]});
    let r = eval(&program, &tick);
    let d = &r["decisions"];
    assert_eq!(
        d[0],
        json!({"journey": "orders", "step": "2", "action": "update", "key": "last_order",
               "value": "A-1", "run_key": "A-1", "at": "2026-03-09T14:00:00Z"})
    );
    assert_eq!(d[1]["content"], "Order A-1", "{r}");
    assert_eq!(d[1]["key"], "A-1");
}

#[test]
fn holdout_share_is_near_its_percentage() {
    let program = herald_engine::compile(KEYED).unwrap();
    let held = (0..2000)
        .filter(|i| {
            let r = eval(
                &program,
                &json!({"now": "2026-03-08T14:00:00Z", "profile": {"id": format!("user-{i}")},
                "event": {"name": "Order Placed", "properties": {"order_id": "x"}}}),
            );
            r["decisions"][0]["holdout"] == true
        })
        .count();
    assert!((150..250).contains(&held), "{held} of 2000 held out for 10%");
}

#[test]
fn a_large_trait_is_recorded_by_its_hash_and_its_change_still_seen() {
    let src = "journey \"notes\" {\n  when profile.notes changes\n  reentry always\n  send email \"from {{ trigger.from ?? \"?\" }}\"\n}\n";
    let program = herald_engine::compile(src).unwrap();
    let big = "n".repeat(2000);
    let req = |notes: &str, state: &Value| json!({"now": "2026-03-08T14:00:00Z", "profile": {"id": "u1", "email": "a@example.com", "notes": notes}, "state": state});
    let r = eval(&program, &req(&big, &Value::Null));
    let recorded = &r["state"]["traits"]["notes"];
    assert_eq!(recorded.as_object().unwrap().keys().collect::<Vec<_>>(), ["fnv1a64"]);
    assert!(r["state"].to_string().len() < herald_engine::eval::MAX_TRAIT_BYTES);
    // the same large value: no change
    let r2 = eval(&program, &req(&big, &r["state"]));
    assert_eq!(r2["decisions"], json!([]));
    // another one: a change, whose `from` is the recorded hash object (not the old text)
    let r3 = eval(&program, &req(&format!("{big}!"), &r["state"]));
    assert_eq!(r3["decisions"][0]["action"], "enter", "{r3}");
    assert!(r3["decisions"][1]["content"].as_str().unwrap().starts_with("from "));
}

#[test]
fn states_past_the_run_limits_are_refused() {
    let program = herald_engine::compile(KEYED).unwrap();
    let keys: serde_json::Map<String, Value> =
        (0..41).map(|i| (format!("k{i}"), json!({"last_entry": "2026-03-08T14:00:00Z"}))).collect();
    let state = json!({"version": 3, "journeys": {"orders": {"keys": keys}}, "sends": []});
    let r = eval(&program, &placed("2026-03-08T14:00:00Z", "z", &state));
    assert_eq!(r["error"]["code"], "state_too_large", "{r}");
    let traits: serde_json::Map<String, Value> =
        (0..257).map(|i| (format!("t{i}"), json!(1))).collect();
    let state = json!({"version": 3, "journeys": {}, "sends": [], "traits": traits});
    let r = eval(&program, &placed("2026-03-08T14:00:00Z", "z", &state));
    assert_eq!(r["error"]["code"], "state_too_large", "{r}");
    // ended keys beyond 20 are forgotten oldest first: the state stays bounded
    let mut state = Value::Null;
    let src = "journey \"o\" {\n  when event \"Order Placed\"\n  key trigger.order_id\n  send email \"x\"\n}\n";
    let program = herald_engine::compile(src).unwrap();
    for i in 0..30 {
        let now = format!("2026-03-08T14:{i:02}:00Z");
        let r = eval(&program, &placed(&now, &format!("o{i}"), &state));
        state = r["state"].clone();
    }
    let keys = state["journeys"]["o"]["keys"].as_object().unwrap();
    assert_eq!(keys.len(), 20);
    assert!(keys.contains_key("o29") && !keys.contains_key("o9"));
}

#[test]
fn analyze_counts_keyed_and_restarted_runs_as_one_and_says_so() {
    let program = herald_engine::compile(KEYED).unwrap();
    let a = program.analyze(&herald_engine::cost::AnalyzeOptions::default());
    let j = serde_json::to_value(&a.journeys[0]).unwrap();
    assert_eq!(j["max_messages"], 1);
    assert_eq!(j["runs"]["keyed"], true);
    assert_eq!(j["runs"]["restart"], true);
    assert_eq!(j["runs"]["max_runs"], 20);
    assert_eq!(j["runs"]["holdout"], "10%");
    assert!(j["runs"]["note"].as_str().unwrap().contains("one run"));
    let kinds: Vec<&str> =
        j["nodes"].as_array().unwrap().iter().map(|n| n["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["start", "wait", "set", "send", "end"]);
    assert_eq!(j["nodes"][2]["label"], "set profile.last_order = trigger.order_id");
}

#[test]
fn keyed_runs_of_a_deleted_journey_end_with_their_keys() {
    let program = herald_engine::compile(KEYED).unwrap();
    let mut state = Value::Null;
    for id in ["a", "b"] {
        let r = eval(&program, &placed("2026-03-08T14:00:00Z", id, &state));
        state = r["state"].clone();
    }
    let other =
        herald_engine::compile("journey \"other\" {\n  when event \"X\"\n  send email \"x\"\n}\n")
            .unwrap();
    let r = eval(
        &other,
        &json!({"now": "2026-03-08T15:00:00Z", "profile": {"id": "u1"}, "state": state}),
    );
    let ends: Vec<(&str, &str, &str)> = r["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["journey"].as_str().unwrap(),
                d["key"].as_str().unwrap(),
                d["reason"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(ends, [("orders", "a", "journey_changed"), ("orders", "b", "journey_changed")]);
}
