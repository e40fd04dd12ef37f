//! The hand-written response is serde's, byte for byte, with and without the explain trace
//! (serde_json and the `Serialize` impls stay the oracle).

use super::*;
use crate::eval::Request;
use crate::program::compile;
use proptest::prelude::*;
use serde_json::{json, Value};

/// Both writers on the response of a request, and of the same request with `"explain": true`;
/// returns how many traces were compared (0 when the request cannot be evaluated).
fn same(source: &str, request: &Value) -> usize {
    let p = compile(source).unwrap();
    let mut traces = 0;
    for explain in [false, true] {
        let mut request = request.clone();
        request["explain"] = Value::Bool(explain);
        let Ok(req) = serde_json::from_value::<Request>(request) else { return 0 };
        let Ok(r) = p.evaluate(&req) else { return 0 };
        assert_eq!(r.trace.is_some(), explain);
        assert_eq!(response(&r), serde_json::to_string(&r).unwrap());
        traces += r.trace.as_ref().map_or(0, |t| usize::from(!t.is_empty()));
    }
    traces
}

#[test]
fn every_conformance_response_is_written_as_serde_writes_it() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance");
    let mut compared = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let case: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let mut source = case["source"].as_str().unwrap().to_string();
        let mut state = Value::Null;
        for step in case["steps"].as_array().unwrap() {
            if let Some(src) = step["source"].as_str() {
                source = src.to_string();
            }
            let Some(request) = step.get("request") else { continue };
            let mut request = request.clone();
            if request.get("state").is_none() {
                request["state"] = state.clone();
            }
            compared += same(&source, &request);
            let out: Value = serde_json::from_str(
                &compile(&source).unwrap().evaluate_json(&request.to_string()),
            )
            .unwrap();
            if out.get("error").is_none() {
                state = out["state"].clone();
            }
        }
    }
    assert!(compared > 200, "only {compared} traces compared");
}

#[test]
fn strings_escape_as_serde_escapes_them() {
    let mut all = String::new();
    for c in (0u32..0x80).chain([0xe9, 0x2028, 0x1f600]) {
        all.push(char::from_u32(c).unwrap());
    }
    for s in [all.as_str(), "", "plain", "a\"b\\c", "\u{7f}", "tab\there\nnewline"] {
        let mut w = Writer::with_capacity(0);
        w.string(s);
        assert_eq!(w.finish(), serde_json::to_string(s).unwrap());
    }
    for n in [0, 7, -7, i64::MAX, i64::MIN, 1_000_000] {
        let mut w = Writer::with_capacity(0);
        w.int(n);
        assert_eq!(w.finish(), n.to_string());
    }
}

const SOURCE: &str = r#"policy {
  limit 3 messages per 1 day
  quiet hours 21:00 to 08:00
}
journey "a\"b" {
  when event "Go"
  reentry always
  budget $0.02 per entry
  audience not (event.x == "never")
  send sms "Hi {{profile.name}} \u{1F600} {{event.x}}" fallback voice "call {{profile.name}}" fallback email template "t"
  wait 1 hour
  send push "p" fallback webhook "w {{event.x}}"
}
"#;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn generated_responses_are_written_as_serde_writes_them(
        name in "[a-z\"\\\\\u{0}-\u{1f}é😀 ]{0,12}",
        x in prop_oneof![Just(json!(null)), any::<i64>().prop_map(|n| json!(n)), any::<f64>().prop_map(|f| json!(f)), "[\\PC]{0,8}".prop_map(|s| json!(s)), Just(json!({"k": [1, "two", {"x\n": null}]}))],
        hour in 0u32..24,
        phone in prop_oneof![Just("+14155550100"), Just("+447700900123"), Just(""), Just("+999")],
        sms in prop_oneof![Just("subscribed"), Just("unsubscribed"), Just("x")],
        prices in prop_oneof![Just(Value::Null), Just(json!({"currency": "EUR", "channels": {"sms": {"default": {"price": 0.01, "cost": 0.004}}, "push": {"default": 0.0001}}}))],
    ) {
        let now = format!("2026-03-08T{hour:02}:00:00Z");
        let mut request = json!({
            "now": now,
            "profile": {"id": "u1", "name": name, "phone": phone, "email": "a@b.c",
                        "subscriptions": {"sms": sms, "voice": "subscribed"}, "timezone": "Europe/Paris"},
            "event": {"name": "Go", "properties": {"x": x}},
        });
        if !prices.is_null() {
            request["prices"] = prices;
        }
        prop_assert!(same(SOURCE, &request) > 0);
        // And the next step, with its state.
        let p = compile(SOURCE).unwrap();
        let out: Value = serde_json::from_str(&p.evaluate_json(&request.to_string())).unwrap();
        request["state"] = out["state"].clone();
        request["now"] = json!(format!("2026-03-09T{hour:02}:30:00Z"));
        request.as_object_mut().unwrap().remove("event");
        prop_assert!(same(SOURCE, &request) > 0);
    }
}
