//! The fast reader answers exactly as the serde reader does whenever it answers at all, and it
//! answers for the requests callers send.

use super::*;
use crate::eval::json::evaluate_parsed;
use crate::eval::read::read_with_serde;
use crate::eval::read::scan::*;
use crate::{compile, Program};
use proptest::prelude::*;
use serde_json::{json, Value};

const SOURCE: &str = r#"journey "typical" {
  when event "Cart Abandoned" where event.value >= 50
  audience profile.country in ["US", "CA"] and profile.age >= 18 and profile.plan != "enterprise"
  reentry always
  if count(event "Product Viewed" within 1 day) > 3 {
    send sms "Hi {{profile.first_name ?? "there"}} {{profile["odd key"]}} {{profile.extra}}"
  } else {
    send email template "cart"
  }
}
journey "cond" {
  when event "Signed Up"
  if count(event "Page Viewed" where event.price > 20 within 2 days) >= 1 {
    send push "hi {{profile.timezone}}"
  }
}
"#;

fn program() -> Program {
    compile(SOURCE).unwrap()
}

fn request() -> Value {
    let events: Vec<Value> = (0..30)
        .map(|i| {
            let name = ["Product Viewed", "Page Viewed", "Search"][i % 3];
            json!({"name": name,
                   "time": format!("2026-03-08T{:02}:{:02}:00Z", 13 - (i / 60) % 12, i % 60),
                   "properties": {"sku": format!("s{i}"), "price": 10 + i, "tags": ["a", {"b": null}]}})
        })
        .collect();
    json!({
        "now": "2026-03-08T14:00:00Z",
        "profile": {
            "id": "u_1", "country": "US", "age": 34, "plan": "pro", "phone": "+14155550100",
            "email": "a@b.c", "push_token": "tok", "timezone": "America/New_York",
            "first_name": "Ana", "odd key": [1, 2.5, {"x": "y"}], "extra": -12,
            "subscriptions": {"sms": "subscribed", "email": null, "fax": "maybe"},
            "unread": {"deep": [[[1]]], "s": "\u{e9}\\\"x\u{1F600}"},
            "events": events
        },
        "event": {"name": "Cart Abandoned", "time": "2026-03-08T13:59:00Z", "properties": {"value": 80}},
        "state": null
    })
}

/// Both readers on one text: the fast one must give the serde one's answer when it answers.
/// Returns whether it answered.
fn agree(p: &Program, text: &str) -> bool {
    let prog = &p.inner;
    let slow = read_with_serde(prog, text).and_then(|parsed| evaluate_parsed(prog, text, parsed));
    match read(prog, text) {
        None => false,
        Some(parsed) => {
            let fast = evaluate_parsed(prog, text, parsed);
            assert_eq!(fast, slow, "the readers disagree on {text}");
            true
        }
    }
}

#[test]
fn a_typical_request_is_read_fast_and_alike() {
    let p = program();
    let text = request().to_string();
    assert!(agree(&p, &text));
    let pretty = serde_json::to_string_pretty(&request()).unwrap();
    assert!(agree(&p, &pretty));
    let mut r = request();
    r["event"] = json!({"name": "Signed Up"});
    assert!(agree(&p, &r.to_string()));
    // Numbers that are not plain integers are parsed by serde from their own text.
    for age in ["34.0", "-0", "3.4e1", "18446744073709551616"] {
        assert!(agree(&p, &text.replacen(r#""age":34"#, &format!(r#""age":{age}"#), 1)), "{age}");
    }
    r["explain"] = json!(true);
    r["profile"]["events"] = Value::Null;
    r["profile"]["subscriptions"] = Value::Null;
    assert!(agree(&p, &r.to_string()));
}

#[test]
fn what_it_leaves_to_serde() {
    let p = program();
    let base = request().to_string();
    for (from, to) in [
        (r#""country""#, r#""count\u0072y""#), // an escape in a key
        (r#""plan":"pro""#, r#""plan":"pro","plan":"x""#), // a duplicate key
        (r#""id":"u_1""#, r#""id":7"#),        // a numeric id
        (r#""id":"u_1""#, r#""id":"""#),       // an empty id
        (r#""age":34"#, r#""age":1e999"#),     // serde refuses it
        (r#""now":"2026-03-08T14:00:00Z""#, r#""now":"yesterday""#),
        (r#""sms":"subscribed""#, r#""sms":1"#),
        ("\"state\":null", "\"state\":null,\"extra\":1"),
        ("\"state\":null", "\"state\":null,\"explain\":null"),
        (r#""time":"2026-03-08T13:00:00Z""#, r#""time":1"#),
        (r#""time":"2026-03-08T13:00:00Z""#, r#""time":"soon""#), // a counted event's time
        (r#""fax":"maybe""#, r#""fax":3"#),
    ] {
        assert!(base.contains(from), "{from}");
        let text = base.replacen(from, to, 1);
        assert!(!agree(&p, &text), "read fast: {to}");
    }
    for text in ["", "[]", "{", "{}", "{\"now\":\"2026-03-08T14:00:00Z\"}", "\u{feff}{}"] {
        assert!(!agree(&p, text), "read fast: {text}");
    }
    // Over the event limit.
    let mut r = request();
    r["profile"]["events"] = Value::Array(vec![json!({"name": "x"}); MAX_PROFILE_EVENTS + 1]);
    assert!(!agree(&p, &r.to_string()));
}

#[test]
fn special_byte_finds_the_first_quote_backslash_or_control() {
    let naive = |b: &[u8], from: usize| {
        (from..b.len()).find(|&i| b[i] == b'"' || b[i] == b'\\' || b[i] < 0x20).unwrap_or(b.len())
    };
    let samples: &[&[u8]] = &[
        b"",
        b"abc",
        b"abcdefgh\"",
        b"abcdefghijklmnop",
        b"a\"",
        "é\u{1F600}ab\"c".as_bytes(),
        b"\x1f",
        b"\x7f\x80\xff\"",
        b"0123456\\",
        b"01234567\x00",
        b"!!!!!!!!!!!!!!!\"",
        b"\x21\x20\x1f",
    ];
    for s in samples {
        for from in 0..=s.len() {
            assert_eq!(special_byte(s, from), naive(s, from), "{s:?} from {from}");
        }
    }
    // Every byte value at every position of a 17-byte window.
    for v in 0..=255u8 {
        for at in 0..17 {
            let mut b = vec![b'a'; 17];
            b[at] = v;
            assert_eq!(special_byte(&b, 0), naive(&b, 0), "byte {v} at {at}");
        }
    }
}

#[test]
fn open_containers_keep_their_kinds_at_any_depth() {
    let mut open = OpenContainers::default();
    let kinds: Vec<bool> = (0..200).map(|i| i % 3 == 0).collect();
    for &k in &kinds {
        open.push(k);
        assert_eq!(open.last(), Some(k));
    }
    for &k in kinds.iter().rev() {
        assert_eq!(open.last(), Some(k));
        open.pop();
    }
    assert_eq!(open.last(), None);
    // Values nested past 64 levels are skipped as serde skips them.
    let p = program();
    let deep = format!("{}1{}", "[{\"a\":".repeat(100), "}]".repeat(100));
    let text = request().to_string().replacen(
        r#""plan":"pro""#,
        &format!(r#""plan":"pro","junk":{deep}"#),
        1,
    );
    assert!(agree(&p, &text));
}

#[test]
fn whole_numbers_are_serde_numbers() {
    for raw in ["0", "7", "-7", "123456789012345678", "-123456789012345678"] {
        let n = whole_number(raw).unwrap();
        assert_eq!(Value::Number(n.into()), serde_json::from_str::<Value>(raw).unwrap(), "{raw}");
    }
    for raw in ["-0", "01", "1234567890123456789", "1.5", "", "-", "1e3"] {
        assert!(whole_number(raw).is_none(), "{raw}");
    }
}

#[test]
fn depth_counts_brackets_outside_strings() {
    assert_eq!(depth(r#"{"a": [1, {"b": "[[[["}]}"#), 3);
    assert_eq!(depth(r#""\"[""#), 0);
    let deep = format!("{}{}", "[".repeat(70), "]".repeat(70));
    assert!(parse_kept(&deep).is_none());
}

#[test]
fn conformance_requests_read_alike() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance");
    let mut fast = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let case: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let mut p = compile(case["source"].as_str().unwrap()).unwrap();
        let mut state = Value::Null;
        for step in case["steps"].as_array().unwrap() {
            if let Some(src) = step["source"].as_str() {
                p = compile(src).unwrap();
            }
            let text = match step["request_text"].as_str() {
                Some(t) => t.to_string(),
                None => {
                    let mut r = step["request"].clone();
                    if r.get("state").is_none() {
                        r["state"] = state.clone();
                    }
                    r.to_string()
                }
            };
            fast += usize::from(agree(&p, &text));
            let out: Value = serde_json::from_str(&p.evaluate_json(&text)).unwrap();
            if out.get("error").is_none() {
                state = out["state"].clone();
            }
        }
    }
    assert!(fast > 200, "only {fast} conformance requests were read fast");
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
    "01",
    "1.",
    "-",
    "2.5e-3",
    "\"2026-03-08T14:00:00Z\"",
    "\"events\"",
    "\"name\"",
    "\"time\"",
    "\"properties\"",
    "\"id\"",
    "true",
    "false",
    "\"\\u0000\"",
    "\"\\ud800\"",
    "\"\\x\"",
    "\"💥\"",
    "\u{1}",
    " ",
    "\n",
    "9999999999999999999999",
    "\"Product Viewed\"",
    "\"Page Viewed\"",
    "\"subscriptions\"",
    "\"sms\"",
    "\"odd key\"",
    "\"age\"",
    "\"state\"",
    "\"explain\"",
    "\\",
    "\"a\":1",
];

/// `text` with each edit applied (the readers' one mutation, over this file's tokens).
fn mutated(text: String, edits: &[(usize, usize, usize)]) -> String {
    crate::eval::read::parse::tests::mutated_with(text, edits, TOKENS)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    #[test]
    fn mutated_requests_read_alike(edits in prop::collection::vec((0usize..4000, 0usize..TOKENS.len(), 0usize..6), 1..5)) {
        let p = program();
        agree(&p, &mutated(request().to_string(), &edits));
    }
}

/// `read_event` must give serde's `Event` whenever it answers.
fn event_agrees(text: &str) -> bool {
    let slow = serde_json::from_str::<Event>(text);
    match read_event(text) {
        None => false,
        Some(fast) => {
            assert_eq!(Ok(&fast), slow.as_ref().map_err(|e| e.to_string()), "{text}");
            true
        }
    }
}

const EVENT: &str = r#"{"name":"Cart Abandoned","time":"2026-03-08T13:58:40Z","properties":{"value":58,"url":"https://shop.example.com/cart/3276","price":12.5,"ok":true,"none":null,"tags":["a",{"b":1}],"neg":-3}}"#;

#[test]
fn the_event_is_read_fast_and_alike() {
    assert!(event_agrees(EVENT));
    for text in [
        r#"{"name":"x"}"#,
        r#"{"name":"x","time":null,"properties":null}"#,
        r#"{"name":"x","properties":{}}"#,
        r#"{ "name" : "x" , "extra" : [1, {"a": "b"}], "time" : "2026-03-08T13:58:40.5+01:00" }"#,
        r#"{"properties":{"a":1},"name":""}"#,
    ] {
        assert!(event_agrees(text), "not read fast: {text}");
    }
    // Left to serde: errors, escapes, duplicates, and anything else unusual.
    for text in [
        r#"{"time":"2026-03-08T13:58:40Z"}"#,
        r#"{"name":null}"#,
        r#"{"name":"x","name":"y"}"#,
        r#"{"name":"x","properties":{"a":1,"a":2}}"#,
        r#"{"name":"x","properties":[]}"#,
        r#"{"name":"x","properties":true}"#,
        r#"{"name":"x","time":"soon"}"#,
        r#"{"name":"x","time":5}"#,
        r#"{"name":"\u0078"}"#,
        r#"{"name":"x","properties":{"\u0061":1}}"#,
        r#"{"name":"x"} 1"#,
        r#"{"name":"x",}"#,
        "[]",
        "null",
    ] {
        assert!(!event_agrees(text), "read fast: {text}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    #[test]
    fn mutated_events_read_alike(edits in prop::collection::vec((0usize..200, 0usize..TOKENS.len(), 0usize..6), 1..4)) {
        event_agrees(&mutated(EVENT.to_string(), &edits));
    }
}

/// Consent statuses in any case, padded, or unknown are read fast (plain strings) and give
/// the serde reader's answer (SPEC §2 as amended by §6).
#[test]
fn consent_statuses_are_read_alike() {
    let p = program();
    let base = request().to_string();
    for (sms, email) in [
        (r#"" Subscribed ""#, r#""Opted_Out""#),
        (r#""OPTED_IN""#, r#""UNSUBSCRIBED""#),
        (r#""pending""#, r#""subscribed""#),
        (r#""""#, r#""opted_in""#),
    ] {
        let text = base.replacen(r#""sms":"subscribed""#, &format!(r#""sms":{sms}"#), 1).replacen(
            r#""email":null"#,
            &format!(r#""email":{email}"#),
            1,
        );
        assert!(agree(&p, &text), "not read fast: {sms} {email}");
    }
    // true and false are left to serde, which reads them alike in both paths.
    let text = base.replacen(r#""sms":"subscribed""#, r#""sms":true"#, 1);
    assert!(!agree(&p, &text));
}

/// The reader of every request the fast one leaves (`text.rs`) against the serde reader it
/// replaced (`seed.rs`, the oracle): the same request, or the same error (code, message with
/// line and column, path) for mutated requests, with programs that read past events and
/// subscriptions themselves or not.
fn text_agrees(p: &Program, text: &str) {
    let prog = &p.inner;
    let ours = super::super::text::read(prog, text).and_then(|r| evaluate_parsed(prog, text, r));
    let theirs = read_with_serde(prog, text).and_then(|r| evaluate_parsed(prog, text, r));
    match (&ours, &theirs) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "the readers disagree on {text}"),
        (Err(a), Err(b)) => {
            assert_eq!(a.to_json(), b.to_json(), "the errors differ on {text}");
            assert_eq!(a, b, "the errors differ on {text}");
        }
        _ => panic!("one reader failed on {text}: ours {ours:?}, serde's {theirs:?}"),
    }
}

const READS_ITSELF: &str = r#"journey "own" {
  when event "Cart Abandoned"
  if count(event "Product Viewed" where event.price > 20 within 1 day) > 0 and profile.events exists and profile.subscriptions exists and profile.id exists and profile.phone exists {
    send sms "Hi"
  }
}
"#;

#[test]
fn the_text_reader_answers_as_the_serde_reader() {
    let own = compile(READS_ITSELF).unwrap();
    let p = program();
    let base = request().to_string();
    for text in [
        base.clone(),
        base.replacen("\"now\"", "\"nOw\"", 1),
        base.replacen("\"id\":\"u_1\"", "\"id\":1.5", 1),
        base.replacen("\"id\":\"u_1\"", "\"id\":\"\"", 1),
        base.replacen("\"id\":\"u_1\"", "\"id\":[1]", 1),
        base.replacen("\"id\":\"u_1\"", "\"id\":{}", 1),
        base.replacen("\"phone\":\"+14155550100\"", "\"phone\":5", 1),
        base.replacen("\"subscriptions\":{", "\"subscriptions\":[{", 1),
        base.replacen("\"subscriptions\":{", "\"subscriptions\":7,\"x\":{", 1),
        base.replacen("\"events\":[", "\"events\":{\"a\":[", 1),
        base.replacen("\"name\":\"Product Viewed\"", "\"name\":5", 1),
        base.replacen("\"name\":\"Product Viewed\"", "\"name\":[1,{\"a\":2}]", 1),
        base.replacen("\"time\":\"2026", "\"time\":\"x2026", 1),
        base.replacen("\"properties\":{\"sku\"", "\"properties\":[{\"sku\"", 1),
        base.replacen("\"explain\"", "\"explain\":5,\"x\"", 1),
        base.replacen(",\"state\":null", ",\"state\":null,\"explain\":null", 1),
        base.replacen(",\"state\":null", ",\"state\":{\"version\":9}", 1),
        base.replacen(",\"state\":null", ",\"prices\":[]", 1),
        base.replacen("\"now\":\"2026-03-08T14:00:00Z\",", "", 1),
        r#"{"now":"2026-03-08T14:00:00Z"}"#.to_string(),
        r#"{"now":"2026-03-08T14:00:00Z","profile":{}}"#.to_string(),
        r#"{"now":"2026-03-08T14:00:00Z","profile":{"id":"a","events":null,"subscriptions":null}}"#
            .to_string(),
        "[]".into(),
        "".into(),
        "{\"now\":".into(),
    ] {
        text_agrees(&p, &text);
        text_agrees(&own, &text);
    }
    let many: Vec<String> = (0..1003)
        .map(|_| r#"{"name":"Search","time":"2026-03-08T13:00:00Z"}"#.to_string())
        .collect();
    let text = format!(
        r#"{{"now":"2026-03-08T14:00:00Z","profile":{{"id":"a","events":[{}]}}}}"#,
        many.join(",")
    );
    text_agrees(&p, &text);
    text_agrees(&own, &text);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    #[test]
    fn mutated_requests_read_alike_by_text(
        edits in prop::collection::vec((0usize..4000, 0usize..TOKENS.len(), 0usize..6), 1..5),
        generic in any::<bool>(),
        own in any::<bool>(),
    ) {
        let p = if own { compile(READS_ITSELF).unwrap() } else { program() };
        let text = if generic {
            crate::eval::read::parse::tests::mutated(request().to_string(), &edits)
        } else {
            mutated(request().to_string(), &edits)
        };
        text_agrees(&p, &text);
    }
}

/// A profile member's value: usually of the kind herald expects, sometimes anything.
fn member_value(usual: Value) -> impl Strategy<Value = Value> {
    prop_oneof![3 => Just(usual), 1 => crate::eval::read::parse::tests::json_value().prop_map(Value::from)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]
    /// Requests assembled from random parts (any JSON where herald expects a kind), read by
    /// `text.rs` and by `seed.rs`, with both kinds of program.
    #[test]
    fn assembled_requests_read_alike_by_text(
        id in member_value(json!("u_1")),
        phone in member_value(json!("+14155550100")),
        subs in member_value(json!({"sms": "subscribed", "topics": {"promotions": "unsubscribed"}})),
        events in member_value(json!([{"name": "Product Viewed", "time": "2026-03-08T13:00:00Z", "properties": {"price": 30}}])),
        trait_value in crate::eval::read::parse::tests::json_value(),
        event in member_value(json!({"name": "Cart Abandoned", "properties": {"value": 80}})),
        explain in member_value(json!(true)),
        pretty in any::<bool>(),
        own in any::<bool>(),
    ) {
        let p = if own { compile(READS_ITSELF).unwrap() } else { program() };
        let request = json!({
            "now": "2026-03-08T14:00:00Z",
            "profile": {"id": id, "phone": phone, "subscriptions": subs, "events": events,
                        "country": trait_value, "age": 30},
            "event": event,
            "explain": explain,
        });
        let text = if pretty { serde_json::to_string_pretty(&request).unwrap() } else { request.to_string() };
        text_agrees(&p, &text);
    }
}
