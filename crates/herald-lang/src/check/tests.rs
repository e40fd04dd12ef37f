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
    let codes_found: Vec<&str> = d.iter().map(|d| d.code.as_str()).collect();
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
        assert!(codes_found.contains(&code.as_str()), "{code} missing from {codes_found:?}");
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

// ---- What newcomers write (SPEC §6, "Diagnostics suggest..." and "Source") ------------------
// Each pins the code, the span, the message and the help line.

/// A journey around `lines` (header or steps), as a file.
fn journey_with(lines: &str) -> String {
    format!("journey \"j\" {{\n  when event \"A\"\n{lines}\n  send email \"hi\"\n}}\n")
}

/// The one diagnostic of `src`; it must cover exactly `text`.
fn the_one(src: &str, text: &str) -> crate::Diagnostic {
    let found = crate::check_source(src).0;
    assert_eq!(found.len(), 1, "expected one diagnostic, got {found:#?}\n{src}");
    let d = found.into_iter().next().unwrap();
    assert_eq!(&src[d.span.start..d.span.end], text, "{d:?}");
    d
}

fn pinned(d: &crate::Diagnostic, code: crate::diagnostics::Code, message: &str, help: &str) {
    assert_eq!((d.code, d.message.as_str(), d.help.as_deref()), (code, message, Some(help)));
}

#[test]
fn a_function_of_another_tool_given_an_event_is_an_unknown_function() {
    let src = journey_with("  if cnt(event \"X\" within 1 day) > 3 {\n    stop\n  }");
    let d = the_one(&src, "cnt");
    pinned(&d, codes::UNKNOWN_FUNCTION, "unknown function `cnt`", "did you mean `count`?");
    // Nothing close: no suggestion, the list of functions.
    let src = journey_with("  if tally(event \"X\" within 1 day) > 3 {\n    stop\n  }");
    let d = the_one(&src, "tally");
    assert_eq!(
        d.help.as_deref(),
        Some("the function that reads past events is `count(event \"Name\" within DURATION)`")
    );
}

#[test]
fn round_is_not_offered_count() {
    // `round` may become a function; until then it must not be mistaken for `count`.
    let src = journey_with("  if round(profile.x) > 3 {\n    stop\n  }");
    for d in crate::check_source(&src).0 {
        assert_ne!(d.help.as_deref(), Some("did you mean `count`?"), "{d:?}");
    }
}

#[test]
fn words_and_operators_of_other_languages() {
    let src =
        journey_with("  if profile.x > 3 {\n    stop\n  } elif profile.y > 2 {\n    stop\n  }");
    let d = the_one(&src, "elif");
    pinned(&d, codes::UNKNOWN_KEYWORD, "unknown keyword `elif`", "did you mean `else if`?");
    for (line, op, herald) in [
        ("  audience profile.country = \"US\"", "=", "=="),
        ("  audience profile.a == 1 && profile.b == 2", "&&", "and"),
        ("  audience profile.a == 1 || profile.b == 2", "||", "or"),
        ("  audience !profile.a exists", "!", "not"),
        ("  audience profile.a === 1", "===", "=="),
    ] {
        let d = the_one(&journey_with(line), op);
        pinned(
            &d,
            codes::FOREIGN_OPERATOR,
            &format!("`{op}` is not a herald operator"),
            &format!("did you mean `{herald}`?"),
        );
    }
    // herald's own operators stay fine.
    assert_eq!(crate::check_source(&journey_with("  audience profile.a != 1")).0, vec![]);
}

#[test]
fn null_is_told_to_use_exists() {
    let d = the_one(&journey_with("  audience profile.plan == null"), "null");
    pinned(
        &d,
        codes::NO_NULL,
        "herald has no `null`: `== null` cannot test for a missing value",
        "to test for a missing value, write `not profile.plan exists`",
    );
    let d = the_one(&journey_with("  audience nil != profile.plan"), "nil");
    assert_eq!(d.help.as_deref(), Some("to test for a present value, write `profile.plan exists`"));
    let d = the_one(&journey_with("  audience profile.plan in [undefined]"), "undefined");
    assert_eq!(d.code, codes::NO_NULL);
    // A segment of that name is the writer's own.
    let src = format!("segment null = profile.x == 1\n{}", journey_with("  audience null"));
    assert_eq!(crate::check_source(&src).0, vec![]);
}

#[test]
fn count_without_within_names_it() {
    let d = the_one(&journey_with("  if count(event \"X\") > 0 {\n    stop\n  }"), ")");
    pinned(
        &d,
        codes::SYNTAX,
        "`count` needs a time window: expected `within` and a duration before `)`",
        "write `count(event \"X\" within 7 days)`",
    );
    let d = the_one(
        &journey_with("  if count(event \"X\" where event.a == lower(\"B\")) > 0 {\n    stop\n  }"),
        ")",
    );
    assert_eq!(d.help.as_deref(), Some("write `count(event \"X\" within 7 days)`"));
}

#[test]
fn a_missing_brace_points_at_the_brace_it_closes() {
    let src = "journey \"j\" {\n  when event \"A\"\n  if profile.a == 1 {\n    send email \"hi\"\n\n  send sms \"x\"\n}\n";
    let d = the_one(src, "{");
    assert_eq!(d.span.start, src.find("1 {").unwrap() + 2, "the `if`'s brace, not the journey's");
    pinned(
        &d,
        codes::SYNTAX,
        "this `{` is never closed: the file ends before its `}`",
        "add a `}` after the last step of the block opened on line 3",
    );
    // Without an indentation clue, the innermost open block.
    let src =
        "journey \"j\" {\n  when event \"A\"\n  split {\n    50% { stop }\n    50% { stop }\n";
    let d = the_one(src, "{");
    assert_eq!(d.span.start, src.find("split {").unwrap() + 6);
}

#[test]
fn units_of_other_tools_are_suggested() {
    for (written, unit) in [("hrs", "hours"), ("mins", "minutes"), ("dyas", "days"), ("h", "hours")]
    {
        let d = the_one(&journey_with(&format!("  wait 2 {written}")), written);
        pinned(
            &d,
            codes::SYNTAX,
            &format!(
                "expected a unit (`seconds`, `minutes`, `hours`, `days` or `weeks`), found `{written}`"
            ),
            &format!("did you mean `{unit}`?"),
        );
    }
    let d = the_one(&journey_with("  wait 2 months"), "months");
    assert_eq!(
        d.help.as_deref(),
        Some("the longest unit is `weeks`: write `30 days` or `52 weeks`")
    );
}

#[test]
fn a_misspelt_when_is_one_error() {
    let src = "journey \"j\" {\n  wen event \"A\"\n  send email \"hi\"\n}\n";
    let d = the_one(src, "wen");
    pinned(&d, codes::UNKNOWN_KEYWORD, "unknown keyword `wen`", "did you mean `when`?");
}

#[test]
fn a_missing_event_keyword_is_named() {
    let d = the_one(&journey_with("  exit when \"X\""), "\"X\"");
    pinned(
        &d,
        codes::SYNTAX,
        "expected the keyword `event` before the event name",
        "write `exit when event \"X\"`",
    );
    let src = "journey \"j\" {\n  when \"A\"\n  send email \"hi\"\n}\n";
    assert_eq!(the_one(src, "\"A\"").help.as_deref(), Some("write `when event \"A\"`"));
    let d = the_one(&journey_with("  wait for \"B\" within 1 day {\n    stop\n  }"), "\"B\"");
    assert_eq!(d.help.as_deref(), Some("write `wait for event \"B\"`"));
}

#[test]
fn a_comparison_right_of_coalesce_warns_with_both_readings() {
    let src = journey_with("  audience profile.a ?? \"none\" != \"staff\"");
    let d = the_one(&src, "profile.a ?? \"none\" != \"staff\"");
    assert_eq!(d.severity, crate::Severity::Warning);
    pinned(
        &d,
        codes::COMPARISON_AFTER_COALESCE,
        "`??` binds looser than `!=`: this reads as `profile.a ?? (\"none\" != \"staff\")`",
        "to compare the value or its fallback, write `(profile.a ?? \"none\") != \"staff\"`; to keep this reading, write its parentheses",
    );
    // Either parenthesised reading is quiet.
    for ok in ["(profile.a ?? \"none\") != \"staff\"", "profile.a ?? (\"none\" != \"staff\")"] {
        assert_eq!(crate::check_source(&journey_with(&format!("  audience {ok}"))).0, vec![]);
    }
}

#[test]
fn too_deep_stays_on_its_line() {
    let chain = vec!["profile.a"; 200].join(" +\n  ");
    let src = journey_with(&format!("  audience {chain} > 1"));
    let d = crate::check_source(&src).0.into_iter().find(|d| d.code == codes::TOO_DEEP).unwrap();
    assert!(!src[d.span.start..d.span.end].contains('\n'), "{d:?}");
    assert!(d.span.end > d.span.start);
}

#[test]
fn a_byte_order_mark_is_ignored_and_spans_stay_right() {
    let plain = journey_with("  send smss \"x\"");
    let with_bom = format!("\u{feff}{plain}");
    assert_eq!(crate::check_source(&plain).0.len(), 1);
    let d = the_one(&with_bom, "smss");
    assert_eq!(d.code, codes::UNKNOWN_CHANNEL);
    // Columns are an editor's: the mark counts for none.
    let index = crate::diagnostics::LineIndex::new(&with_bom);
    assert_eq!(index.line_col(3), (1, 1));
    assert_eq!(
        index.line_col(d.span.start),
        crate::diagnostics::LineIndex::new(&plain).line_col(d.span.start - 3)
    );
    assert!(crate::syntax::parse(&format!("\u{feff}{}", journey_with(""))).is_ok());
}

#[test]
fn empty_names_and_a_file_without_journeys_are_errors() {
    let src = "journey \"\" {\n  when event \"\"\n  exit when event \"\"\n  send email \"hi\"\n}\n";
    let found = crate::check_source(src).0;
    let empty: Vec<_> = found.iter().filter(|d| d.code == codes::EMPTY_NAME).collect();
    assert_eq!(empty.len(), 3, "{found:#?}");
    assert_eq!(empty[0].message, "the journey id is empty");
    assert_eq!(
        empty[0].help.as_deref(),
        Some("give the journey an id that says what it does, such as `\"welcome\"`")
    );
    assert_eq!(empty[1].message, "the event name is empty");
    assert_eq!(
        empty[1].help.as_deref(),
        Some("write the event's name as your tracking sends it, such as `\"Signed Up\"`")
    );
    let src = journey_with("  if count(event \"\" within 1 day) > 0 {\n    stop\n  }");
    assert_eq!(the_one(&src, "\"\"").code, codes::EMPTY_NAME);
    for src in [
        "",
        "# nothing yet\n",
        "segment a = profile.x == 1\npolicy {\n  limit 1 messages per 1 day\n}\n",
    ] {
        let found = crate::check_source(src).0;
        let d = found
            .iter()
            .find(|d| d.code == codes::NO_JOURNEYS)
            .unwrap_or_else(|| panic!("{src:?}: {found:#?}"));
        assert_eq!(d.message, "the file has no journey, so it does nothing");
        assert_eq!(
            d.help.as_deref(),
            Some("add one: `journey \"welcome\" { when event \"Signed Up\" ... }`")
        );
    }
}
