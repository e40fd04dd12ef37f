//! The typed readers against serde's derives through serde_json, their oracle: the same event,
//! state or error (message, category, line, column) for hand-picked and mutated texts.

use super::*;
use crate::eval::read::parse::tests::{json_value, value_agrees};
use proptest::prelude::*;

fn agree<T: PartialEq + fmt::Debug + serde::de::DeserializeOwned>(
    text: &str,
    ours: fn(&str) -> Result<T>,
) {
    let ours = ours(text);
    let theirs = serde_json::from_str::<T>(text);
    match (&ours, &theirs) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "values differ on {text:?}"),
        (Err(a), Err(b)) => {
            assert_eq!(a, &JsonError::from(b), "errors differ on {text:?}");
            assert_eq!(a.to_string(), b.to_string(), "errors differ on {text:?}");
        }
        _ => panic!("one reader failed on {text:?}: ours {ours:?}, serde's {theirs:?}"),
    }
}

fn event_agrees(text: &str) {
    agree(text, event_of_text);
}

fn state_agrees(text: &str) {
    agree(text, state_of_text);
}

const EVENT_TEXT: &str = r#"{"name":"Cart Abandoned","time":"2026-03-08T13:58:40Z","properties":{"value":58,"price":12.5,"ok":true,"none":null,"tags":["a",{"b":1}],"neg":-3}}"#;

const STATE_TEXT: &str = r#"{"version":4,"journeys":{"j1":{"last_entry":"2026-03-08T13:00:00Z","run":{"step":"s1","waiting":"wait_for","until":"2026-03-09T13:00:00Z","entered":"2026-03-08T13:00:00Z","spent_micros":5000,"event":{"name":"Cart Abandoned","time":"2026-03-08T12:00:00Z","properties":{"value":80,"tags":["a"]}},"fingerprint":"0123456789abcdef","digest":{"count":3,"events":[{"a":1},{}]}},"keys":{"k":{"last_entry":null,"run":{"step":"s2","waiting":"quiet_hours","until":"2026-03-09T13:00:00Z","entered":"2026-03-08T13:00:00Z","event":{"name":"x"}}}}},"j2":{}},"sends":[{"at":"2026-03-08T13:00:00Z","journey":"j1","channel":"sms"},{"at":"2026-03-08T13:01:00Z","journey":"j2","channel":"webhook"}],"traits":{"plan":"pro","n":{"fnv1a64":"00"}}}"#;

#[test]
fn events_read_as_the_derive_reads_them() {
    for text in [
        EVENT_TEXT,
        r#"{"name":"x"}"#,
        r#"{"name":"x","time":null,"properties":null}"#,
        r#"{"name":"x","extra":[1,{"a":"\ud800"}],"time":"2026-03-08T13:58:40.5+01:00"}"#,
        r#"{"time":"2026-03-08T13:58:40Z"}"#,
        r#"{"name":null}"#,
        r#"{"name":5}"#,
        r#"{"name":"x","name":"y"}"#,
        r#"{"name":"x","properties":{"a":1,"a":2}}"#,
        r#"{"name":"x","properties":[]}"#,
        r#"{"name":"x","properties":true}"#,
        r#"{"name":"x","time":"soon"}"#,
        r#"{"name":"x","time":"an instant far too long to be shown whole in the message"}"#,
        r#"{"name":"x","time":5}"#,
        r#"{"name":"x","time":{}}"#,
        r#"{"name":"x"} 1"#,
        r#"{"name":"x",}"#,
        r#"{"name" "x"}"#,
        r#"{"name":"x""#,
        "[]",
        r#"["x"]"#,
        r#"["x",null,{"a":1}]"#,
        r#"["x",null,{"a":1},2]"#,
        r#"["x","2026-03-08T13:58:40Z",null,]"#,
        r#"[5]"#,
        "null",
        "5",
        "\"x\"",
        "",
        "{",
        "[",
        "{\"name\":\"x\",\"bogus\":[[[",
    ] {
        event_agrees(text);
    }
}

#[test]
fn states_read_as_the_derives_read_them() {
    for text in [
        STATE_TEXT,
        r#"{"version":1}"#,
        r#"{}"#,
        r#"[]"#,
        r#"[4]"#,
        r#"[4,{},[],{},5]"#,
        r#"[4,{"j":[null,null,{}]}]"#,
        r#"{"version":4,"bogus":1}"#,
        r#"{"version":4,"version":4}"#,
        r#"{"version":-1}"#,
        r#"{"version":4294967296}"#,
        r#"{"version":1.5}"#,
        r#"{"version":-0}"#,
        r#"{"version":"4"}"#,
        r#"{"version":null}"#,
        r#"{"version":4,"journeys":[]}"#,
        r#"{"version":4,"journeys":{"j":{"run":{"step":"s"}}}}"#,
        r#"{"version":4,"journeys":{"j":{"run":{"step":"s","waiting":"later"}}}}"#,
        r#"{"version":4,"journeys":{"j":{"run":{"step":"s","waiting":{"wait":null}}}}}"#,
        r#"{"version":4,"journeys":{"j":{"run":{"step":"s","waiting":{"wait":5}}}}}"#,
        r#"{"version":4,"journeys":{"j":{"run":{"step":"s","waiting":{"wait":null,"x":1}}}}}"#,
        r#"{"version":4,"journeys":{"j":{"run":{"step":"s","waiting":{}}}}}"#,
        r#"{"version":4,"journeys":{"j":{"run":{"step":"s","waiting":{5:null}}}}}"#,
        r#"{"version":4,"journeys":{"j":{"run":{"step":"s","waiting":{"nope":null}}}}}"#,
        r#"{"version":4,"journeys":{"j":{"run":{"step":"s","waiting":5}}}}"#,
        r#"{"version":4,"journeys":{"j":{"run":{"step":"s","waiting":null}}}}"#,
        r#"{"version":4,"journeys":{"j":{"run":{"step":"s","waiting":"wait","until":"2026-03-09T13:00:00Z","entered":"2026-03-08T13:00:00Z","spent_micros":9223372036854775808,"event":{"name":"x"}}}}}"#,
        r#"{"version":4,"journeys":{"j":{"run":{"step":"s","waiting":"wait","until":"2026-03-09T13:00:00Z","entered":"2026-03-08T13:00:00Z","spent_micros":-5,"event":{"name":"x"},"digest":{"count":-1,"events":[]}}}}}"#,
        r#"{"version":4,"journeys":{"j":{"run":{"step":"s","waiting":"wait","until":"2026-03-09T13:00:00Z","entered":"2026-03-08T13:00:00Z","event":{"name":"x"},"digest":{"count":1}}}}}"#,
        r#"{"version":4,"sends":[{"at":"2026-03-08T13:00:00Z","journey":"j1","channel":"fax"}]}"#,
        r#"{"version":4,"sends":[["2026-03-08T13:00:00Z","j1",{"email":null}]]}"#,
        r#"{"version":4,"sends":[["2026-03-08T13:00:00Z","j1"]]}"#,
        r#"{"version":4,"sends":{}}"#,
        r#"{"version":4,"traits":{"a":1,"a":[1e400]}}"#,
    ] {
        state_agrees(text);
    }
}

/// Names and values of the event and the state, right and wrong, for mutations.
const TYPED_TOKENS: &[&str] = &[
    "\"version\"",
    "\"journeys\"",
    "\"sends\"",
    "\"traits\"",
    "\"run\"",
    "\"keys\"",
    "\"last_entry\"",
    "\"step\"",
    "\"waiting\"",
    "\"wait\"",
    "\"digest\"",
    "\"count\"",
    "\"events\"",
    "\"event\"",
    "\"sms\"",
    "\"fax\"",
    "\"2026-03-08T13:00:00Z\"",
    "\"soon\"",
    "-1",
    "4294967296",
    "9223372036854775808",
    "1.5",
    "null",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    "\"name\"",
    "\"time\"",
    "\"properties\"",
    "\"bogus\"",
    "\"country\"",
    "\"interpolationChars\"",
    "\"audience\"",
    "\"prices\"",
    "{\"wait\":null}",
    "\"\\u0061\"",
    "\"",
];

fn typed_mutated(text: String, edits: &[(usize, usize, usize)]) -> String {
    crate::eval::read::parse::tests::mutated_with(text, edits, TYPED_TOKENS)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn mutated_events_read_alike(
        edits in prop::collection::vec((0usize..200, 0usize..64, 0usize..6), 1..4),
        generic in any::<bool>(),
    ) {
        let text = if generic {
            crate::eval::read::parse::tests::mutated(EVENT_TEXT.to_string(), &edits)
        } else {
            typed_mutated(EVENT_TEXT.to_string(), &edits)
        };
        event_agrees(&text);
    }

    #[test]
    fn mutated_states_read_alike(
        edits in prop::collection::vec((0usize..1200, 0usize..64, 0usize..6), 1..4),
        generic in any::<bool>(),
    ) {
        let text = if generic {
            crate::eval::read::parse::tests::mutated(STATE_TEXT.to_string(), &edits)
        } else {
            typed_mutated(STATE_TEXT.to_string(), &edits)
        };
        state_agrees(&text);
        // The prices are a `Value`, read as one.
        value_agrees(&text);
    }

    #[test]
    fn events_with_any_properties_read_alike(props in json_value()) {
        event_agrees(&format!(r#"{{"name":"x","properties":{props}}}"#));
        state_agrees(&format!(r#"{{"version":4,"traits":{{"t":{props}}}}}"#));
    }
}

// ---- The main module's analyze options and price tables.

const ANALYZE_TEXT: &str = r#"{"country":"GB","interpolationChars":12,"audience":1000,"prices":{"currency":"EUR","channels":{"sms":{"default":0.05}}}}"#;

const PRICES_TEXT: &str = r#"{"currency":"EUR","as_of":"2026-11-25","channels":{"sms":{"default":0.0079,"GB":{"price":0.04,"cost":0.03}},"email":{"default":0.0001}},"carrier_fees":{"sms":{"US":0.003}}}"#;

fn analyze_agrees(text: &str) {
    agree(text, analyze_args_of_text);
}

/// `prices_of_text` answers as `PriceTable::parse` (serde_json's reader) does.
fn prices_agree(text: &str) {
    let ours = prices_of_text(text);
    let theirs = herald_lang::cost::PriceTable::parse(text);
    assert_eq!(ours, theirs, "price tables differ on {text:?}");
    if let (Err(a), Err(b)) = (&ours, &theirs) {
        assert_eq!(a.to_string(), b.to_string(), "errors differ on {text:?}");
    }
}

#[test]
fn analyze_options_read_as_the_derive_reads_them() {
    for text in [
        ANALYZE_TEXT,
        "{}",
        "[]",
        r#"["US"]"#,
        r#"["US",40,5,null]"#,
        r#"["US",40,5,null,1]"#,
        r#"{"country":null,"interpolationChars":null,"audience":null,"prices":null}"#,
        r#"{"country":"US","country":"GB"}"#,
        r#"{"countyr":"US"}"#,
        r#"{"interpolation_chars":3}"#,
        r#"{"country":5}"#,
        r#"{"interpolationChars":-1}"#,
        r#"{"interpolationChars":4294967296}"#,
        r#"{"interpolationChars":1.5}"#,
        r#"{"interpolationChars":1e3}"#,
        r#"{"audience":-0}"#,
        r#"{"audience":18446744073709551615}"#,
        r#"{"audience":18446744073709551616}"#,
        r#"{"audience":"5"}"#,
        r#"{"prices":[1,{"a":"\ud800"}]}"#,
        r#"{"prices":tru}"#,
        r#"{"country":"US"} x"#,
        r#"{"country":"US",}"#,
        r#"{"country" "US"}"#,
        r#"{1:2}"#,
        "null",
        "5",
        "\"x\"",
        "",
        "{",
        "[",
        "{\"prices\":[[[",
    ] {
        analyze_agrees(text);
    }
}

#[test]
fn price_tables_read_as_serde_json_reads_them() {
    for text in [
        PRICES_TEXT,
        "{}",
        "[]",
        "",
        "{",
        r#"{"currency":"EUR""#,
        r#"{"currency":"EUR"} 1"#,
        r#"{"channels":{"sms":{"default":1e999}}}"#,
        r#"{"channels":{"sms":{"default":-1}}}"#,
        r#"{"bogus":1}"#,
        "{\"a\":\"\\ud800\"}",
        "\u{feff}{}",
    ] {
        prices_agree(text);
    }
    let big =
        format!("{{\"as_of\":\"{}\"}}", "x".repeat(herald_lang::cost::prices::MAX_TABLE_BYTES));
    prices_agree(&big);
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    prices_agree(&deep);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn mutated_analyze_options_read_alike(
        edits in prop::collection::vec((0usize..140, 0usize..64, 0usize..6), 1..4),
        generic in any::<bool>(),
    ) {
        let text = if generic {
            crate::eval::read::parse::tests::mutated(ANALYZE_TEXT.to_string(), &edits)
        } else {
            typed_mutated(ANALYZE_TEXT.to_string(), &edits)
        };
        analyze_agrees(&text);
    }

    #[test]
    fn mutated_price_tables_read_alike(
        edits in prop::collection::vec((0usize..200, 0usize..64, 0usize..6), 1..4),
    ) {
        prices_agree(&crate::eval::read::parse::tests::mutated(PRICES_TEXT.to_string(), &edits));
    }
}
