//! The hand-written reader against serde_json, its oracle: the same value or the same error
//! (message, category, line, column) for every text, on hand-picked, random and mutated JSON.

use super::*;
use proptest::prelude::*;

/// Both readers on one text: they must agree.
pub(crate) fn value_agrees(text: &str) {
    let ours = value_of_text(text);
    // serde_json's own value, converted (herald's type compared with serde_json's).
    let theirs = serde_json::from_str::<serde_json::Value>(text).map(Value::from);
    match (&ours, &theirs) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a, b, "values differ on {text:?}");
            // Equal as values and written alike (-0.0 == 0.0 as values).
            assert_eq!(a.to_string(), b.to_string(), "values differ on {text:?}");
        }
        (Err(a), Err(b)) => {
            assert_eq!(a, &JsonError::from(b), "errors differ on {text:?}");
            assert_eq!(a.to_string(), b.to_string(), "errors differ on {text:?}");
        }
        _ => panic!("one reader failed on {text:?}: ours {ours:?}, serde_json's {theirs:?}"),
    }
}

#[test]
fn syntax_errors_and_their_positions() {
    for text in [
        "",
        " ",
        "\n\n ",
        "n",
        "nul",
        "nulx",
        "tru",
        "trux",
        "f",
        "falsy",
        "x",
        "]",
        "}",
        ",",
        "[",
        "[1",
        "[1,",
        "[1,]",
        "[1 2]",
        "[,1]",
        "{",
        "{\"a\"",
        "{\"a\":",
        "{\"a\":1",
        "{\"a\" 1}",
        "{\"a\":1,}",
        "{1:2}",
        "{\"a\":1 \"b\":2}",
        "{,}",
        "{\"a\":1,,}",
        "[1]]",
        "[1] x",
        "1 2",
        "\"",
        "\"abc",
        "\"a\\",
        "\"a\\q\"",
        "\"a\\u12\"",
        "\"a\\u12",
        "\"a\\u12x4\"",
        "\"\\ud800\"",
        "\"\\ud800x\"",
        "\"\\ud800\\n\"",
        "\"\\ud800\\ud800\"",
        "\"\\udc00\"",
        "\"\\ud83d\\ude00\"",
        "\"\\ud800",
        "\"\\ud800\\",
        "\"\\u00e9\\/\\b\\f\\n\\r\\t\\\"\\\\\"",
        "\"a\u{1}b\"",
        "\"tab\there\"",
        "\"é\u{1F600}\"",
        "-",
        "-x",
        "--1",
        "01",
        "-01",
        "00",
        "1.",
        "1.e5",
        "1.x",
        "1e",
        "1e+",
        "1e+x",
        "1ex",
        "1E5",
        "1e-5",
        "-0",
        "-0.0",
        "0.0",
        "1.5",
        "-1.5e-3",
        "18446744073709551615",
        "18446744073709551616",
        "-9223372036854775808",
        "-9223372036854775809",
        "-18446744073709551616",
        "1e308",
        "1e309",
        "-1e309",
        "1e-400",
        "4.5e300",
        "123456789012345678901234567890",
        "1.23456789012345678901234567890e5",
        "0.000000000000000000000000000000000000001",
        "1e2147483647",
        "1e2147483648",
        "1e99999999999",
        "0e99999999999",
        "1e-99999999999",
        "-1e99999999999",
        "0.0e99999999999",
        "1",
        "[1,2,{\"a\":[true,false,null]}]",
        "{\"a\":1,\"a\":2}",
        "\t{ \"b\" :\r\n [ ] }\n",
        "{\"a\":1}\n\n x",
        "[\n1,\n2\n,]",
        "{\"$serde_json::private::RawValue\":\"[1,2]\"}",
        "{\"$serde_json::private::RawValue\":\"[1,\"}",
        "{\"$serde_json::private::RawValue\":5}",
        "{\"$serde_json::private::RawValue\":\"1\",\"b\":2}",
        "{\"b\":1,\"$serde_json::private::RawValue\":\"x\"}",
        "[1e5,-2E-2,3.0e+2]",
        "\u{FEFF}1",
        "1\u{0}",
        "[\"\\u0000\"]",
    ] {
        value_agrees(text);
    }
}

#[test]
fn the_recursion_limit_is_serde_jsons() {
    for depth in [126, 127, 128, 129, 300] {
        value_agrees(&format!("{}{}", "[".repeat(depth), "]".repeat(depth)));
        value_agrees(&"[".repeat(depth));
        value_agrees(&format!("{}1{}", "{\"a\":[".repeat(depth / 2), "]}".repeat(depth / 2)));
    }
}

/// JSON values, written compactly or pretty by serde_json.
pub(crate) fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| Value::Number(n.into())),
        any::<u64>().prop_map(|n| Value::Number(n.into())),
        any::<f64>().prop_map(|x| Number::from_f64(x).map_or(Value::Null, Value::Number)),
        "[a-z\u{e9}\u{1F600}\"\\\\\n\u{1}/ ]{0,8}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 40, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map("[a-c\"\\\\\u{e9}]{0,3}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Pieces of JSON, right and wrong, that mutations splice into texts.
pub(crate) const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    " ",
    "\n",
    "\"",
    "\\",
    "\"a\"",
    "\"\\u00e9\"",
    "\"\\ud800\"",
    "\"\\ud83d\\ude00\"",
    "\\u12",
    "\\q",
    "\u{1}",
    "1",
    "-",
    "-0",
    "0",
    "01",
    "1.5",
    "1e400",
    "1e",
    ".",
    "e5",
    "18446744073709551616",
    "-9223372036854775809",
    "null",
    "nul",
    "true",
    "tru",
    "false",
    "x",
    "é",
    "\"$serde_json::private::RawValue\"",
];

/// `text` with each edit applied: `cut` bytes at `at` (both moved back to character boundaries)
/// replaced by a token of `TOKENS`.
pub(crate) fn mutated(text: String, edits: &[(usize, usize, usize)]) -> String {
    mutated_with(text, edits, TOKENS)
}

/// `text` with each edit applied: `cut` bytes at `at` (both moved back to character boundaries)
/// replaced by `tokens[token % tokens.len()]`: the mutation of every reader's differential tests.
pub(crate) fn mutated_with(
    mut text: String,
    edits: &[(usize, usize, usize)],
    tokens: &[&str],
) -> String {
    for &(at, token, cut) in edits {
        let mut at = at % (text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let mut end = (at + cut).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let token = tokens.get(token % tokens.len().max(1)).copied().unwrap_or("");
        text.replace_range(at..end, token);
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn values_read_alike(v in json_value(), pretty in any::<bool>()) {
        let text = if pretty { serde_json::to_string_pretty(&v).unwrap() } else { v.to_string() };
        value_agrees(&text);
    }

    #[test]
    fn mutated_values_read_alike(
        v in json_value(),
        pretty in any::<bool>(),
        edits in prop::collection::vec((0usize..400, 0usize..64, 0usize..4), 1..4),
    ) {
        let text = if pretty { serde_json::to_string_pretty(&v).unwrap() } else { v.to_string() };
        value_agrees(&mutated(text, &edits));
    }

    #[test]
    fn token_soup_reads_alike(tokens in prop::collection::vec(0usize..64, 0..24)) {
        let text: String = tokens.iter().filter_map(|t| TOKENS.get(t % TOKENS.len()).copied()).collect();
        value_agrees(&text);
    }

    #[test]
    fn numbers_read_alike(
        sign in any::<bool>(),
        int in "0|[1-9][0-9]{0,25}",
        frac in proptest::option::of("[0-9]{1,25}"),
        exp in proptest::option::of(("[eE]", "[+-]?", "[0-9]{1,12}")),
    ) {
        let mut text = String::new();
        if sign {
            text.push('-');
        }
        text.push_str(&int);
        if let Some(f) = frac {
            text.push('.');
            text.push_str(&f);
        }
        if let Some((e, s, d)) = exp {
            text.push_str(&e);
            text.push_str(&s);
            text.push_str(&d);
        }
        value_agrees(&text);
        value_agrees(&format!("[{text}]"));
    }
}

#[test]
fn a_large_object_out_of_order_reads_alike() {
    // 100,000 members in reverse key order, some repeated: read by one sort, not O(n²) inserts.
    let members: Vec<String> =
        (0..100_000u32).rev().map(|i| format!("\"k{:06}\":{i}", i % 80_000)).collect();
    value_agrees(&format!("{{{}}}", members.join(",")));
}
