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
        let serde = serde_json::to_string(&v).unwrap();
        prop_assert_eq!(value_text(&v), serde.clone());
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
    let v = json!({"b": [1, -2, 0.5, 1e100, u64::MAX, i64::MIN, null, true], "a": {"": "x/y"}});
    assert_eq!(
        value_text(&v),
        r#"{"a":{"":"x/y"},"b":[1,-2,0.5,1e+100,18446744073709551615,-9223372036854775808,null,true]}"#
    );
    assert_eq!(value_text(&v), serde_json::to_string(&v).unwrap());
}
