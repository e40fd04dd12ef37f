//! Whole-file tests of the checker: clean programs stay clean, and a file with many problems
//! reports every one of them.

use super::test_support::{check_src, with_code};
use crate::diagnostics::codes;

/// The example of SPEC §1, verbatim (shared fixture).
const SPEC_EXAMPLE: &str =
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/spec_example.herald"));

#[test]
fn the_spec_example_is_clean() {
    assert_eq!(check_src(SPEC_EXAMPLE), vec![]);
    assert_eq!(crate::check_source(SPEC_EXAMPLE).0, vec![]);
}

#[test]
fn a_richer_clean_program() {
    let src = r#"
segment vip = profile.tier == "vip" or profile.lifetime_value > 5000
segment recent = days_since(profile.last_order_at) < 30
segment engaged = recent and count(event "Opened" within 2 weeks) >= 2

policy {
  limit 10 messages per 7 days
  limit 2 sms per 1 day
}

journey "welcome" {
  when event "Signed Up"
  when event "Imported" where event.source == "csv"
  audience not vip and (profile.email exists or profile.phone exists)
  exit when event "Unsubscribed"
  reentry never
  quiet hours 22:00 to 07:30
  budget 0.25 USD per entry

  send email template "welcome"
  wait until 09:00
  if engaged {
    send push "Glad you are here, {{lower(profile.first_name ?? "friend")}}"
  } else if profile.country in ["US", "CA"] {
    send sms "Reply STOP to opt out" fallback whatsapp template "hello" fallback email "Hi"
  }
  wait 3 days
  split {
    33.34% { send email template "tips_a" }
    33.33% { send email template "tips_b" }
    33.33% { stop }
  }
}

journey "winback" {
  when event "Tick" where hours_since(profile.last_seen) > 24 * 30
  reentry after 30 days
  send email "We miss you {{profile.first_name}}"
  stop
}
"#;
    assert_eq!(check_src(src), vec![]);
}

#[test]
fn a_file_with_many_errors_reports_them_all() {
    let src = r#"
segment loop = loop
jouney "typo" { }
policy { audience true }
policy { }
journey "a" {
  send smss "hi"
  stop
  wait 0 days
}
journey "a" {
  when event "E{{event.x}}"
  if "x" > 3 { }
  split {
    60% { send sms "a" }
    30% { stop }
  }
  wait until 25:00
  if lowr(profile.a) == "x" { send sms "b" fallback sms "c" }
}
"#;
    let d = crate::check_source(src);
    let codes_found: Vec<&str> = d.iter().map(|d| d.code).collect();
    for code in [
        codes::SEGMENT_RECURSION,
        codes::UNKNOWN_KEYWORD,
        codes::CLAUSE_NOT_ALLOWED,
        codes::DUPLICATE_POLICY,
        codes::MISSING_TRIGGER,
        codes::UNKNOWN_CHANNEL,
        codes::UNREACHABLE,
        codes::BAD_DURATION,
        codes::DUPLICATE_JOURNEY,
        codes::INTERPOLATION_NOT_ALLOWED,
        codes::TYPE_MISMATCH,
        codes::EMPTY_BLOCK,
        codes::SPLIT_NOT_100,
        codes::BAD_TIME_OF_DAY,
        codes::UNKNOWN_FUNCTION,
        codes::DUPLICATE_CHANNEL,
        codes::CONSTANT_CONDITION,
        codes::UNUSED_SEGMENT,
    ] {
        assert!(codes_found.contains(&code), "{code} missing from {codes_found:?}");
    }
    // sorted by position
    let starts: Vec<usize> = d.iter().map(|d| d.span.start).collect();
    let mut sorted = starts.clone();
    sorted.sort_unstable();
    assert_eq!(starts, sorted);
}

#[test]
fn every_diagnostic_points_inside_the_source() {
    let src = "segment s = s\njourney \"x\" {\n  sned\n  if 1 { }\n}\n";
    for d in check_src(src) {
        assert!(d.span.start <= d.span.end && d.span.end <= src.len(), "{d:?}");
        assert!(src.is_char_boundary(d.span.start) && src.is_char_boundary(d.span.end));
    }
    assert!(!with_code(&check_src(src), codes::UNKNOWN_KEYWORD).is_empty());
}

mod robustness {
    use super::SPEC_EXAMPLE;
    use proptest::prelude::*;

    /// Tokens that keep a mutated program likely to parse, so the checker sees odd trees.
    const TOKENS: &[&str] = &[
        "0",
        "-1",
        "100%",
        "25:99",
        "0 days",
        "\"{{x}}\"",
        "stop",
        "{ }",
        "sned",
        "EUX",
        "smss",
        "lowr(",
        "a",
        "true",
        "not",
        "\"x\"",
        "1.5",
        "??",
        "[",
        "]",
        "(",
        ")",
        " ",
        "\n",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn mutated_programs_never_panic(edits in prop::collection::vec((0usize..2000, 0usize..24, 0usize..6), 1..6)) {
            let mut src = SPEC_EXAMPLE.to_string();
            for (at, token, cut) in edits {
                let mut at = at % (src.len() + 1);
                while !src.is_char_boundary(at) { at -= 1; }
                let mut end = (at + cut).min(src.len());
                while !src.is_char_boundary(end) { end -= 1; }
                src.replace_range(at..end, TOKENS[token]);
            }
            let d = crate::check_source(&src);
            for diag in d.iter() {
                prop_assert!(diag.span.start <= diag.span.end && diag.span.end <= src.len());
            }
        }
    }
}

#[test]
fn suggestions_have_a_budget() {
    let mut s = super::Suggester::default();
    let candidates = ["sms", "email"];
    assert_eq!(s.help("smss", &candidates).as_deref(), Some("did you mean `sms`?"));
    let long = "x".repeat(1 << 20);
    let many: Vec<&str> = std::iter::repeat_n(long.as_str(), 100).collect();
    assert_eq!(s.suggest(&long, &many), None);
    // once spent, even cheap suggestions stop
    assert_eq!(s.suggest("smss", &candidates), None);
}

#[test]
fn hostile_files_check_quickly() {
    // many segments and many unknown names: without a budget, suggestions alone would compare
    // every unknown name with every segment
    let mut src = String::new();
    for i in 0..4_000 {
        src.push_str(&format!("segment segment_number_{i} = unknown_name_{i} or s{i}\n"));
    }
    src.push_str("journey \"j\" {\n  when event \"E\"\n  send sms \"a\"\n}\n");
    let started = std::time::Instant::now();
    let d = crate::check_source(&src);
    assert_eq!(with_code(&d.0, codes::UNKNOWN_SEGMENT).len(), 8_000);
    assert!(started.elapsed().as_secs() < 20, "took {:?}", started.elapsed());
}
