//! The hand-written JSON is serde_json's, byte for byte (serde_json stays the oracle).

use super::*;
use proptest::prelude::*;
use serde_json::json;

fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<u64>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        prop_oneof![Just(0.1), Just(1e21), Just(1e-7), Just(-0.0), Just(5e-324), Just(1.5e300)]
            .prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::from),
        "[\u{0}-\u{1f}\"\\\\/\u{7f}é\u{2028}😀a]{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(("[a-z\"\\\\\n\u{1}é]{0,6}", inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    #[test]
    fn values_are_written_as_serde_json_writes_them(v in value()) {
        let serde = serde_json::to_string(&serde_json::Value::from(v.clone())).unwrap();
        prop_assert_eq!(value_text(&v), serde.clone());
        // Serialize gives what serde_json's value gives.
        prop_assert_eq!(serde_json::to_string(&v).unwrap(), serde.clone());
        prop_assert_eq!(Json(&v).to_string(), v.to_string());
        if let Value::String(s) = &v {
            prop_assert_eq!(string_text(s), serde);
        }
    }
}

#[test]
fn every_character_class_is_escaped_as_serde_json_escapes_it() {
    let mut all = String::new();
    for c in (0u32..0x80).chain([0xe9, 0x2028, 0x1f600]) {
        all.push(char::from_u32(c).unwrap());
    }
    for s in
        [all.as_str(), "", "plain", "a\"b\\c", "\u{7f}", "tab\there\nnewline", "0123456\u{1}89"]
    {
        assert_eq!(string_text(s), serde_json::to_string(s).unwrap());
    }
    let v: Value =
        json!({"b": [1, -2, 0.5, 1e100, u64::MAX, i64::MIN, null, true], "a": {"": "x/y"}}).into();
    assert_eq!(
        value_text(&v),
        r#"{"a":{"":"x/y"},"b":[1,-2,0.5,1e+100,18446744073709551615,-9223372036854775808,null,true]}"#
    );
    assert_eq!(value_text(&v), serde_json::to_string(&v).unwrap());
}

/// JSON text with repeated and unsorted keys, numbers of every kind.
fn json_text() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("null".to_string()),
        Just("true".to_string()),
        Just("false".to_string()),
        any::<u64>().prop_map(|n| n.to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(|f| format!("{f:e}")),
        prop_oneof![
            Just("1.0"),
            Just("-0"),
            Just("-0.0"),
            Just("1e400"),
            Just("18446744073709551616")
        ]
        .prop_map(str::to_string),
        "[a-z\\\\\"é]{0,6}".prop_map(|s| serde_json::to_string(&s).unwrap()),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(|v| format!("[{}]", v.join(","))),
            prop::collection::vec(("[a-d]{0,2}", inner), 0..8).prop_map(|kv| {
                let members: Vec<String> = kv
                    .iter()
                    .map(|(k, v)| format!("{}:{v}", serde_json::to_string(k).unwrap()))
                    .collect();
                format!("{{{}}}", members.join(","))
            }),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    /// Read by serde_json into both types, the values are the same (numbers of the same kind,
    /// objects in the same order, a repeated key's last value), equal exactly when serde_json's
    /// are, and converted back they are serde_json's again.
    #[test]
    fn values_read_are_serde_jsons(text in json_text(), other in json_text()) {
        let ours: Result<Value, _> = serde_json::from_str(&text);
        let theirs: Result<serde_json::Value, _> = serde_json::from_str(&text);
        match (ours, theirs) {
            (Ok(ours), Ok(theirs)) => {
                prop_assert_eq!(&ours, &Value::from(theirs.clone()));
                prop_assert_eq!(serde_json::Value::from(ours.clone()), theirs.clone());
                prop_assert_eq!(value_text(&ours), theirs.to_string());
                prop_assert_eq!(ours.to_string(), theirs.to_string());
                let other_ours: Result<Value, _> = serde_json::from_str(&other);
                let other_theirs: Result<serde_json::Value, _> = serde_json::from_str(&other);
                if let (Ok(a), Ok(b)) = (other_ours, other_theirs) {
                    prop_assert_eq!(ours == a, theirs == b);
                }
                prop_assert_eq!(ours.as_f64(), theirs.as_f64());
                prop_assert_eq!(ours.as_i64(), theirs.as_i64());
                prop_assert_eq!(ours.as_u64(), theirs.as_u64());
                prop_assert_eq!(ours.is_i64(), theirs.is_i64());
                prop_assert_eq!(ours.is_u64(), theirs.is_u64());
                prop_assert_eq!(ours.is_f64(), theirs.is_f64());
                if let (Value::Number(a), serde_json::Value::Number(b)) = (&ours, &theirs) {
                    prop_assert_eq!(a.to_string(), b.to_string());
                }
                if let (Some(a), Some(b)) = (ours.as_object(), theirs.as_object()) {
                    prop_assert_eq!(a.len(), b.len());
                    prop_assert!(a.keys().eq(b.keys()));
                    for k in b.keys() {
                        prop_assert_eq!(a.get(k.as_str()), Some(&Value::from(b[k].clone())));
                    }
                }
            }
            (Err(a), Err(b)) => prop_assert_eq!(a.to_string(), b.to_string()),
            (a, b) => prop_assert!(false, "{:?} / {:?}", a, b),
        }
    }
}

#[test]
fn odd_texts_are_read_or_refused_as_serde_json_reads_them() {
    for text in [
        "",
        "[1,",
        "{\"a\" 1}",
        "nul",
        "1e400",
        "{\"a\":1,}",
        "{\"$serde_json::private::RawValue\":\"[1,2]\"}",
        "{\"$serde_json::private::RawValue\":\"[1,\"}",
        "{\"$serde_json::private::RawValue\":3}",
        "{\"$serde_json::private::RawValue\":\"1\",\"b\":2}",
    ] {
        let ours = serde_json::from_str::<Value>(text);
        let theirs = serde_json::from_str::<serde_json::Value>(text);
        match (ours, theirs) {
            (Ok(a), Ok(b)) => assert_eq!(a, Value::from(b), "{text}"),
            (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{text}"),
            (a, b) => panic!("{text}: {a:?} / {b:?}"),
        }
    }
    let ours = serde_json::from_str::<Map<String, Value>>("[1]").unwrap_err().to_string();
    let theirs =
        serde_json::from_str::<serde_json::Map<String, serde_json::Value>>("[1]").unwrap_err();
    assert_eq!(ours, theirs.to_string());
}
