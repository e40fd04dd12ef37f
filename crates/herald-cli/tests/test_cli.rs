//! `herald test` as a user runs it: results like `cargo test`, failures with the expectation's
//! source line, expected and actual, `N passed, N failed`, exit 1 on failure; `check` and `fmt`
//! on test files.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::process::Command;

fn herald(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_herald"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn temp(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("herald-test-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

const JOURNEY: &str = r#"journey "welcome" {
  when event "Signed Up"
  wait 1 hour
  send sms "Welcome!"
}
"#;

#[test]
fn the_examples_tests_pass() {
    let (code, out, _) = herald(&["test", "examples/tests"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("running 4 tests from examples/tests/cart_abandonment.herald"), "{out}");
    assert!(out.contains("... ok\n"));
    let last = out.lines().last().unwrap();
    assert!(last.starts_with("test result: ok. ") && last.ends_with(" passed, 0 failed"), "{last}");
}

#[test]
fn a_failure_shows_the_line_expected_and_actual_and_exits_1() {
    let text = format!(
        "{JOURNEY}\ntest \"passes\" {{\n  at \"2026-03-02T15:00:00Z\"\n  profile {{ phone \"+14155550100\" subscriptions {{ sms \"subscribed\" }} }}\n  event \"Signed Up\"\n  expect enter\n}}\n\ntest \"wrong wait\" {{\n  at \"2026-03-02T15:00:00Z\"\n  profile {{ phone \"+14155550100\" subscriptions {{ sms \"subscribed\" }} }}\n  event \"Signed Up\"\n  after 30 minutes\n  expect send sms cost $0.0125\n}}\n"
    );
    let p = temp("fail.herald", &text);
    let (code, out, _) = herald(&["test", p.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("test passes ... ok"), "{out}");
    assert!(out.contains("test wrong wait ... FAILED"), "{out}");
    assert!(out.contains("---- wrong wait ----"), "{out}");
    assert!(out.contains("fail.herald:19:3"), "{out}");
    assert!(out.contains("19 │   expect send sms cost $0.0125"), "{out}");
    assert!(out.contains("= expected: send sms cost $0.0125"), "{out}");
    assert!(out.contains("= actual:   no decisions"), "{out}");
    assert!(out.trim_end().ends_with("test result: FAILED. 1 passed, 1 failed"), "{out}");

    let (code, json, _) = herald(&["test", "--format", "json", p.to_str().unwrap()]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["passed"], 1);
    assert_eq!(v["failed"], 1);
    assert_eq!(v["files"][0]["tests"][1]["failure"]["line"], 19);
    // Byte for byte what serde_json wrote of the CLI's structs (the report flattened after
    // `file`), the library's report by its derive.
    let program = herald_engine::compile(&text).unwrap();
    let report = herald_engine::testing::TestFile::parse(&text).unwrap().run(&program);
    let expected = format!(
        "{{\"files\":[{{\"file\":{},{}],\"passed\":1,\"failed\":1,\"errors\":0}}\n",
        serde_json::to_string(p.to_str().unwrap()).unwrap(),
        &serde_json::to_string(&report).unwrap()[1..],
    );
    assert_eq!(json, expected);
}

#[test]
fn check_and_fmt_know_tests() {
    let journeys = temp("journeys.herald", JOURNEY);
    let tests = temp(
        "journeys_tests.herald",
        "tests for \"journeys.herald\"\n\ntest \"t\" {\n  at \"2026-03-02T15:00:00Z\"\n  event \"Signed Up\"\n  expect enter journey \"welcom\"   # typo\n  expect send smss\n}\n",
    );
    let (code, _, err) = herald(&["check", tests.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("E0451") && err.contains("did you mean \"welcome\"?"), "{err}");
    assert!(err.contains("E0452") && err.contains("did you mean `sms`?"), "{err}");
    let (code, out, _) = herald(&["fmt", tests.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(out.contains("  expect enter journey \"welcom\" # typo\n"), "{out}");
    let (code, _, err) = herald(&["check", journeys.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
}
