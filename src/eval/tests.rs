//! Unit tests of the evaluator beyond the conformance suite: state validation and pruning,
//! limits, the two request paths agreeing, determinism, robustness on any input.

use super::*;
use crate::compile;
use serde_json::{json, Value};

/// The example of SPEC §1, verbatim (shared fixture).
const SPEC: &str =
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/spec_example.herald"));

fn profile() -> Value {
    json!({"id": "u_123", "timezone": "America/New_York", "phone": "+14155550100",
           "email": "ana@example.com", "subscriptions": {"sms": "subscribed"}, "first_name": "Ana",
           "country": "US", "lifetime_value": 300,
           "events": [{"name": "Product Viewed", "time": "2026-03-08T10:00:00Z", "properties": {}}]})
}

fn entering() -> Value {
    json!({"now": "2026-03-08T14:00:00Z", "profile": profile(),
           "event": {"name": "Cart Abandoned", "properties": {"value": 80, "url": "https://x/1"}}})
}

fn eval_json(p: &Program, v: &Value) -> Value {
    serde_json::from_str(&p.evaluate_json(&v.to_string())).unwrap()
}

#[test]
fn the_same_request_gives_the_same_bytes() {
    let p = compile(SPEC).unwrap();
    let text = entering().to_string();
    let a = p.evaluate_json(&text);
    assert_eq!(a, p.evaluate_json(&text));
    let typed: Request = serde_json::from_str(&text).unwrap();
    let b = serde_json::to_string(&p.evaluate(&typed).unwrap()).unwrap();
    assert_eq!(a, b, "evaluate and evaluate_json write the same response");
}

#[test]
fn a_response_state_reads_back_as_a_state() {
    let p = compile(SPEC).unwrap();
    let out = eval_json(&p, &entering());
    let state: State = serde_json::from_value(out["state"].clone()).unwrap();
    assert_eq!(state.version, STATE_VERSION);
    let run = state.journeys.get("cart-abandonment").unwrap().run.as_ref().unwrap();
    assert_eq!(run.step, "1");
    assert_eq!(run.waiting, Waiting::Wait);
    assert_eq!(*run.event.properties.get("url").unwrap(), "https://x/1");
    // The event's time defaults to now and is kept explicitly.
    assert_eq!(run.event.time, Timestamp::parse("2026-03-08T14:00:00Z"));
    assert_eq!(serde_json::to_value(&state).unwrap(), out["state"]);
}

#[test]
fn state_resolution_checks_version_kinds_and_sizes() {
    let p = compile(SPEC).unwrap();
    let prog = &*p.inner;
    let state = State { version: 7, ..State::default() };
    assert!(matches!(state::resolve(prog, Some(&state)), Err(RequestError::InvalidState(_))));

    let journey = &prog.journeys[0];
    let run = |step: &str, waiting: Waiting| RunState {
        step: step.into(),
        waiting,
        until: Timestamp(0),
        entered: Timestamp(0),
        spent_micros: 0,
        event: Event { name: "Cart Abandoned".into(), time: None, properties: Default::default() },
        fingerprint: journey
            .find_step(step)
            .and_then(|i| journey.step(i))
            .map(|s| state::fingerprint_text(s.fingerprint)),
        digest: None,
    };
    let mut state = State::default();
    state.journeys.insert(
        "cart-abandonment".into(),
        JourneyState {
            last_entry: None,
            run: Some(run("3", Waiting::WaitFor)),
            keys: Default::default(),
        },
    );
    let resolved = state::resolve(prog, Some(&state)).unwrap();
    assert!(resolved.journeys[0].run.unwrap().step.is_some());
    // Step 3 is a `wait for`, not a plain wait: the journey changed under the run.
    state.journeys.get_mut("cart-abandonment").unwrap().run = Some(run("3", Waiting::Wait));
    assert!(state::resolve(prog, Some(&state)).unwrap().journeys[0].run.unwrap().step.is_none());
    // A send step can hold a run deferred by quiet hours.
    state.journeys.get_mut("cart-abandonment").unwrap().run =
        Some(run("3.timeout.1.arm1.1", Waiting::QuietHours));
    assert!(state::resolve(prog, Some(&state)).unwrap().journeys[0].run.unwrap().step.is_some());
    let mut negative = run("1", Waiting::Wait);
    negative.spent_micros = -1;
    state.journeys.get_mut("cart-abandonment").unwrap().run = Some(negative);
    assert!(matches!(state::resolve(prog, Some(&state)), Err(RequestError::InvalidState(_))));

    let state = State {
        sends: (0..=MAX_STATE_SENDS)
            .map(|i| SendRecord {
                at: Timestamp(i as i64),
                journey: "x".into(),
                channel: crate::Channel::Email,
            })
            .collect(),
        ..State::default()
    };
    let err = state::resolve(prog, Some(&state)).unwrap_err();
    assert_eq!(err.code(), "state_too_large");

    let mut state = State::default();
    let mut big = run("1", Waiting::Wait);
    big.event
        .properties
        .insert("blob".into(), crate::json_value!("x".repeat(MAX_TRIGGER_EVENT_BYTES)));
    state.journeys.insert(
        "cart-abandonment".into(),
        JourneyState { last_entry: None, run: Some(big), keys: Default::default() },
    );
    assert_eq!(state::resolve(prog, Some(&state)).unwrap_err().code(), "state_too_large");
}

#[test]
fn a_large_trigger_event_keeps_only_what_the_program_reads() {
    let p = compile(SPEC).unwrap();
    let mut req = entering();
    req["event"]["properties"]["blob"] = json!("x".repeat(MAX_TRIGGER_EVENT_BYTES));
    let out = eval_json(&p, &req);
    let props = &out["state"]["journeys"]["cart-abandonment"]["run"]["event"]["properties"];
    assert_eq!(props, &json!({"value": 80, "url": "https://x/1"}));
    // When even the read properties are too large, the request fails with its own code.
    req["event"]["properties"]["url"] = json!("u".repeat(MAX_TRIGGER_EVENT_BYTES));
    let out = eval_json(&p, &req);
    assert_eq!(out["error"]["code"], "event_too_large");
}

#[test]
fn oversized_inputs_have_their_own_errors() {
    let p = compile(SPEC).unwrap();
    let huge = " ".repeat(MAX_REQUEST_BYTES + 1);
    let out: Value = serde_json::from_str(&p.evaluate_json(&huge)).unwrap();
    assert_eq!(out["error"]["code"], "request_too_large");
    let mut req = entering();
    req["state"] = json!({"version": 1, "pad": "x".repeat(MAX_STATE_BYTES)});
    assert_eq!(eval_json(&p, &req)["error"]["code"], "state_too_large");
    let mut req = entering();
    req["profile"]["events"] = Value::Array(vec![json!({"name": "Other"}); MAX_PROFILE_EVENTS + 5]);
    let out = eval_json(&p, &req);
    assert_eq!(out["error"]["code"], "too_many_events");
    assert!(out["error"]["message"]
        .as_str()
        .unwrap()
        .contains(&(MAX_PROFILE_EVENTS + 5).to_string()));
    let typed: Request = serde_json::from_value(req).unwrap();
    assert_eq!(p.evaluate(&typed).unwrap_err().code(), "too_many_events");
}

#[test]
fn pruning_keeps_what_each_limit_can_count() {
    let p = compile(
        r#"policy { limit 2 messages per 1 day }
journey "a" {
  when event "A"
  limit 1 sms per 1 hour
  send sms "x"
}
journey "b" {
  when event "B"
  send email "x"
}
"#,
    )
    .unwrap();
    let prog = &*p.inner;
    let h = 3_600_000;
    let rec = |at: i64, journey: Option<u32>, channel| state::SendRec {
        at,
        journey,
        journey_id: "gone",
        channel,
    };
    use crate::Channel::{Email, Sms};
    let now = 100 * h;
    let history = vec![
        rec(now - 30 * h, Some(0), Sms),   // outside every window
        rec(now - 20 * h, Some(0), Sms),   // third most recent in the day: policy keeps 2
        rec(now - 10 * h, Some(1), Email), // policy
        rec(now - 2 * h, None, Email),     // a deleted journey's send still counts for the policy
        rec(now - h / 2, Some(0), Sms),    // the journey's sms cap
    ];
    let kept = prune_sends(prog, &history, now);
    let ats: Vec<i64> = kept.iter().map(|r| r.at.0).collect();
    assert_eq!(ats, [now - 2 * h, now - h / 2]);
    assert_eq!(kept[0].journey, "gone");
    assert_eq!(kept[1].journey, "a");
    // Order of the input does not matter.
    let mut shuffled = history.clone();
    shuffled.reverse();
    assert_eq!(prune_sends(prog, &shuffled, now), kept);
    // Without limits nothing is kept.
    let none = compile("journey \"b\" {\n  when event \"B\"\n  send email \"x\"\n}\n").unwrap();
    assert!(prune_sends(&none.inner, &history, now).is_empty());
}

/// An evaluation of the SPEC example's program at instant 0 in UTC, handed to `f` with the program.
fn with_evaluation(f: impl FnOnce(&mut run::Evaluation<'_>, &ProgramData)) {
    let p = compile(SPEC).unwrap();
    let prog = &*p.inner;
    let raw = profile();
    let raw: herald_lang::json::Map<String, herald_lang::json::Value> =
        raw.as_object().unwrap().clone().into();
    let profile = crate::eval::read::read_profile_map(prog, &raw).unwrap();
    let zone = time::test_zone("UTC");
    let ctx = expr::Ctx { prog, profile: &profile, now: 0, zone, sets: None };
    let pricing = costing::Pricing { table: prog.prices() };
    let mut ev = run::Evaluation::new(ctx, None, true, pricing, Vec::new());
    f(&mut ev, prog);
}

#[test]
fn a_missing_instant_the_rules_guarantee_is_an_internal_error() {
    with_evaluation(|ev, _| {
        assert_eq!(ev.guaranteed(Some(5), || unreachable!()), Some(5));
        assert!(ev.internal.is_none());
        assert_eq!(ev.guaranteed(None::<i64>, || "the next 09:00".into()), None);
        ev.guaranteed(None::<i64>, || "a later one".into());
        // The first is the one reported.
        assert_eq!(ev.internal.as_deref(), Some("the next 09:00"));
    });
}

#[test]
fn a_split_whose_arms_miss_the_bucket_is_an_internal_error_not_the_last_arm() {
    let src = "journey \"s\" {\n  when event \"E\"\n  split {\n    50% { send email \"a\" }\n    50% { stop }\n  }\n}\n";
    let mut p = compile(src).unwrap();
    let request = json!({"now": "2026-03-08T14:00:00Z",
        "profile": {"id": "u_1", "email": "a@b.c"}, "event": {"name": "E"}});
    assert!(eval_json(&p, &request)["decisions"].is_array());
    // Arms that end before every bucket (the checker rules this out): before, the last arm.
    let data = std::sync::Arc::get_mut(&mut p.inner).unwrap();
    for step in &mut data.journeys[0].steps {
        if let herald_lang::compile::ir::StepKind::Split { arms } = &mut step.kind {
            arms.iter_mut().for_each(|a| a.end_bucket = 0);
        }
    }
    let out = eval_json(&p, &request);
    assert_eq!(out["error"]["code"], "internal_error", "{out}");
    assert!(out["error"]["message"].as_str().unwrap().contains("past the split's arms"), "{out}");
}

#[test]
fn the_trace_is_bounded() {
    with_evaluation(|ev, prog| {
        let j = &prog.journeys[0];
        for _ in 0..MAX_TRACE_ENTRIES + 3 {
            ev.note(j, None, "state", true, |_| String::new());
        }
        assert_eq!(ev.trace.len(), MAX_TRACE_ENTRIES);
        assert!(ev.trace_overflow);
    });
}

#[test]
fn numeric_ids_and_unknown_keys() {
    let p = compile(SPEC).unwrap();
    let mut req = entering();
    req["profile"]["id"] = json!(12345);
    req["profile"]["whatever"] = json!({"deep": [1, 2, {"x": null}]});
    let out = eval_json(&p, &req);
    assert_eq!(out["decisions"][0]["action"], "enter");
    let typed: Request = serde_json::from_value(req).unwrap();
    assert!(p.evaluate(&typed).is_ok());
}

mod robustness {
    use super::*;
    use proptest::prelude::*;

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
        "\"2026-03-08T14:00:00Z\"",
        "\"state\"",
        "\"version\"",
        "\"journeys\"",
        "\"run\"",
        "\"step\"",
        "\"events\"",
        "true",
        "\"\\u0000\"",
        "\"💥\"",
        "9999999999999999999999",
        "\"9999-12-31T23:59:59Z\"",
    ];

    fn base_texts() -> Vec<String> {
        let p = compile(SPEC).unwrap();
        let first = entering();
        let out = eval_json(&p, &first);
        let tick = json!({"now": "2026-03-09T15:00:00Z", "profile": profile(), "state": out["state"],
                          "event": {"name": "Checkout Started"}, "explain": true});
        vec![first.to_string(), tick.to_string()]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        #[test]
        fn mutated_requests_never_panic(which in 0usize..2, edits in prop::collection::vec((0usize..4000, 0usize..22, 0usize..8), 1..6)) {
            let p = compile(SPEC).unwrap();
            let mut text = base_texts()[which].clone();
            for (at, token, cut) in edits {
                let mut at = at % (text.len() + 1);
                while !text.is_char_boundary(at) { at -= 1; }
                let mut end = (at + cut).min(text.len());
                while !text.is_char_boundary(end) { end -= 1; }
                text.replace_range(at..end, TOKENS[token]);
            }
            let out: Value = serde_json::from_str(&p.evaluate_json(&text)).unwrap();
            prop_assert!(out.get("error").is_some() || out.get("decisions").is_some());
            if let Ok(req) = serde_json::from_str::<Request>(&text) {
                let _ = p.evaluate(&req);
            }
        }

        #[test]
        fn any_text_is_answered(text in ".{0,200}") {
            let p = compile(SPEC).unwrap();
            let out: Value = serde_json::from_str(&p.evaluate_json(&text)).unwrap();
            prop_assert!(out.get("error").is_some());
        }

        #[test]
        fn extreme_clocks_never_panic(secs in -70_000_000_000i64..260_000_000_000i64) {
            let p = compile(SPEC).unwrap();
            if let Some(now) = chrono::DateTime::from_timestamp(secs, 0) {
                let mut req = entering();
                req["now"] = json!(now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
                let out = eval_json(&p, &req);
                prop_assert!(out.get("error").is_some() || out.get("decisions").is_some());
            }
        }
    }
}

/// SPEC §2 as amended by §6: a consent value herald does not know refuses, and the explain
/// trace names it, whichever reader read the request (text, fast or serde, or typed).
#[test]
fn a_refused_consent_names_its_value_in_the_trace() {
    let p =
        compile("journey \"j\" {\n  when event \"E\"\n  send email \"a\" fallback sms \"b\"\n}")
            .unwrap();
    for (email, sms, shown) in [
        (
            json!("Opted_Out"),
            json!(" SUBSCRIBED "),
            "subscriptions.email is \"Opted_Out\": refused",
        ),
        (json!(false), json!(true), "subscriptions.email is false: refused"),
        (json!({"status": 1}), json!("opted_in"), "subscriptions.email is {\"status\":1}: refused"),
        (json!("pending"), json!("Opted_In"), "subscriptions.email is \"pending\": refused"),
    ] {
        let req = json!({"now": "2026-03-08T14:00:00Z", "explain": true,
            "profile": {"id": "u", "email": "a@example.com", "phone": "+14155550100",
                        "subscriptions": {"email": email, "sms": sms}},
            "event": {"name": "E"}});
        let out = eval_json(&p, &req);
        let decisions = out["decisions"].as_array().unwrap();
        assert_eq!(decisions[1]["reason"], "unsubscribed", "{req}");
        assert_eq!(decisions[2]["action"], "send", "{req}");
        assert_eq!(decisions[2]["channel"], "sms", "{req}");
        let trace = out["trace"].as_array().unwrap();
        let detail = trace
            .iter()
            .find(|t| t["check"] == "consent" && t["channel"] == "email")
            .and_then(|t| t["detail"].as_str())
            .unwrap();
        assert!(detail.starts_with(shown), "{detail}");
        let typed: Request = serde_json::from_value(req.clone()).unwrap();
        let b = serde_json::to_value(p.evaluate(&typed).unwrap()).unwrap();
        assert_eq!(out, b);
    }
}

/// SPEC §6 topics and messages: the trace names the topic's status and the variant chosen, and
/// the fast reader, serde's and the typed one agree (a `topics` object sends the text reader to
/// serde; a program without topics skips it).
#[test]
fn topics_and_locales_are_traced_and_every_reader_agrees() {
    let p = compile(
        "message \"m\" {\n  en \"Hi\"\n  pt-BR \"Olá\"\n}\n\
         journey \"j\" {\n  when event \"E\"\n  topic \"promotions\"\n  send email message \"m\"\n}",
    )
    .unwrap();
    let plain = compile("journey \"j\" {\n  when event \"E\"\n  send email \"x\"\n}").unwrap();
    for (topics, locale, sent, shown) in [
        (
            json!({"promotions": "Unsubscribed"}),
            json!("pt-BR"),
            None,
            "subscriptions.topics.promotions is \"Unsubscribed\": refused",
        ),
        (json!("nope"), json!("pt"), None, "subscriptions.topics.promotions is \"nope\": refused"),
        (
            json!({"promotions": true}),
            json!("pt-PT"),
            Some(("Olá", "pt-BR")),
            "subscriptions.topics.promotions is true: consent",
        ),
        (
            json!(null),
            json!(7),
            Some(("Hi", "en")),
            "subscriptions.topics.promotions is missing: allowed unless refused (opt-out)",
        ),
    ] {
        let req = json!({"now": "2026-03-08T14:00:00Z", "explain": true,
            "profile": {"id": "u", "email": "a@example.com", "locale": locale,
                        "subscriptions": {"topics": topics}},
            "event": {"name": "E"}});
        let out = eval_json(&p, &req);
        let decisions = out["decisions"].as_array().unwrap();
        match sent {
            None => assert_eq!(decisions[1]["reason"], "unsubscribed_topic", "{req}"),
            Some((content, locale)) => {
                assert_eq!(decisions[1]["content"], content, "{req}");
                assert_eq!(decisions[1]["locale"], locale, "{req}");
                assert_eq!(decisions[1]["message"], "m", "{req}");
            }
        }
        let trace = out["trace"].as_array().unwrap();
        let detail =
            trace.iter().find(|t| t["check"] == "topic").and_then(|t| t["detail"].as_str());
        assert!(detail.is_some_and(|d| d.starts_with(shown)), "{detail:?} {req}");
        if sent.is_some() {
            assert!(trace.iter().any(|t| t["check"] == "locale"), "{req}");
        }
        let typed: Request = serde_json::from_value(req.clone()).unwrap();
        assert_eq!(out, serde_json::to_value(p.evaluate(&typed).unwrap()).unwrap());
        // A program without topics ignores `subscriptions.topics`, whatever it holds.
        let other = eval_json(&plain, &req);
        assert_eq!(other["decisions"][1]["action"], "send", "{req}");
    }
}
