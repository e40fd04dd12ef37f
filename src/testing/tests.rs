use super::*;

fn report(source: &str) -> TestReport {
    let program = crate::compile(source).expect("compiles");
    program.test()
}

const WELCOME: &str = r#"
journey "welcome" {
  when event "Signed Up"
  wait 1 hour
  send sms "Welcome!"
}
"#;

fn with_test(body: &str) -> String {
    format!("{WELCOME}\ntest \"t\" {{\n{body}\n}}\n")
}

const START: &str = r#"
  at "2026-03-01T10:00:00Z"
  profile { id "u1" phone "+14155550100" subscriptions { sms "subscribed" } }
  event "Signed Up"
"#;

#[test]
fn a_passing_test_passes() {
    let r = report(&with_test(&format!(
        "{START}\n  expect enter journey \"welcome\"\n  expect waiting until \"2026-03-01T11:00:00Z\"\n  after 59 minutes\n  expect no decisions\n  after 1 minute\n  expect send sms content \"Welcome!\" cost $0.0125 to \"+14155550100\"\n  expect exit reason completed\n  expect not waiting"
    )));
    assert_eq!((r.passed, r.failed), (1, 0), "{r:#?}");
}

#[test]
fn a_wrong_cost_fails_with_expected_and_actual() {
    let source = with_test(&format!("{START}\n  after 1 hour\n  expect send sms cost $0.0100"));
    let r = report(&source);
    assert_eq!((r.passed, r.failed), (0, 1));
    let f = r.tests[0].failure.as_ref().unwrap();
    assert_eq!(f.expected, "send sms cost $0.0100");
    assert!(f.actual.starts_with("send sms journey \"welcome\""), "{}", f.actual);
    assert!(f.actual.contains("cost $0.0125"), "{}", f.actual);
    assert_eq!(source.lines().nth(f.line - 1).unwrap().trim(), "expect send sms cost $0.0100");
}

#[test]
fn the_send_comes_only_when_its_wait_is_over() {
    let early = report(&with_test(&format!("{START}\n  after 30 minutes\n  expect send sms")));
    assert_eq!(early.failed, 1);
    assert_eq!(early.tests[0].failure.as_ref().unwrap().actual, "no decisions");
    let none = report(&with_test(&format!("{START}\n  after 2 hours\n  expect no send")));
    assert_eq!(none.failed, 1);
}

#[test]
fn a_wrong_channel_fails() {
    let r = report(&with_test(&format!("{START}\n  after 1 hour\n  expect send email")));
    assert_eq!(r.failed, 1);
}

#[test]
fn each_expectation_takes_its_own_decision() {
    let r = report(&with_test(&format!(
        "{START}\n  after 1 hour\n  expect send sms\n  expect send sms"
    )));
    assert_eq!(r.failed, 1, "one send cannot satisfy two expectations");
}

#[test]
fn the_clock_cannot_go_back_and_must_start() {
    let back = report(&with_test(&format!("{START}\n  at \"2026-02-01T00:00:00Z\"")));
    assert!(back.tests[0].failure.as_ref().unwrap().message.contains("cannot go back"));
    let none = report(&with_test("  event \"Signed Up\""));
    assert!(none.tests[0].failure.as_ref().unwrap().message.contains("no clock"));
}

#[test]
fn events_feed_count_and_profile_updates_apply() {
    let source = r#"
journey "browse" {
  when event "Cart Abandoned"
  if count(event "Product Viewed" within 1 day) >= 2 {
    send email "You looked twice"
  } else {
    send email "Hello {{profile.first_name ?? "there"}}"
  }
}

test "two views before the cart" {
  at "2026-03-01T10:00:00Z"
  profile { email "a@example.com" }
  event "Product Viewed"
  after 1 minute
  event "Product Viewed"
  profile { first_name "Ana" }
  after 1 minute
  event "Cart Abandoned" { value 80 }
  expect send email content "You looked twice"
}

test "no views" {
  at "2026-03-01T10:00:00Z"
  profile { email "a@example.com" first_name "Ana" }
  event "Cart Abandoned"
  expect send email content contains "Ana"
  expect no suppress
}
"#;
    let r = report(source);
    assert_eq!((r.passed, r.failed), (2, 0), "{r:#?}");
}

#[test]
fn results_serialize_as_documented() {
    let r = report(&with_test(&format!("{START}\n  after 1 hour\n  expect send push")));
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["passed"], 0);
    assert_eq!(json["failed"], 1);
    assert_eq!(json["tests"][0]["name"], "t");
    assert_eq!(json["tests"][0]["passed"], false);
    assert_eq!(json["tests"][0]["failure"]["expected"], "send push");
    assert!(json["tests"][0]["failure"]["line"].as_u64().unwrap() > 1);
}

#[test]
fn a_failure_spans_the_expectation_exactly() {
    let source = with_test(&format!("{START}\n  after 1 hour\n  expect send push\n  after 1 hour"));
    let r = report(&source);
    let f = r.tests[0].failure.as_ref().unwrap();
    assert_eq!(&source[f.span.start..f.span.end], "expect send push");
}

#[test]
fn an_expectation_with_nothing_after_its_action_ends_at_the_line() {
    let source = with_test(&format!(
        "{START}\n  expect enter\n  at \"2026-03-01T11:00:00Z\"\n  expect send\n  expect exit\n  after 1 hour\n  expect no send\n  event \"Signed Up\"\n  expect no decisions"
    ));
    let r = report(&source);
    assert_eq!((r.passed, r.failed), (1, 0), "{r:#?}");
}

/// The tests of examples/tests (each also with its expectations turned around, so that they
/// fail): the report's JSON is serde_json's of the derive.
#[test]
fn reports_are_written_as_serde_json_writes_them() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/tests");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "herald"))
        .collect();
    paths.sort();
    let (mut passed, mut failed) = (0, 0);
    for path in &paths {
        let text = std::fs::read_to_string(path).unwrap();
        for text in [text.clone(), text.replace("expect send", "expect no send")] {
            let tests = TestFile::parse(&text).unwrap();
            let (journeys, _) = tests.tests_for().unwrap();
            let source = std::fs::read_to_string(dir.join(journeys)).unwrap();
            let r = tests.run(&crate::compile(&source).unwrap());
            assert_eq!(r.to_json(), serde_json::to_string(&r).unwrap(), "{}", path.display());
            passed += r.passed;
            failed += r.failed;
        }
    }
    assert!(passed >= 10 && failed >= 10, "{passed} passed, {failed} failed");
}

mod generated {
    use super::*;
    use proptest::prelude::*;

    fn text() -> impl Strategy<Value = String> {
        prop_oneof!["[a-z \"\\\\\n]{0,8}", any::<String>()]
    }

    fn result() -> impl Strategy<Value = TestResult> {
        let failure = (text(), text(), text(), any::<[usize; 4]>()).prop_map(
            |(message, expected, actual, n)| Failure {
                message,
                expected,
                actual,
                line: n[0],
                column: n[1],
                span: Span::new(n[2], n[3]),
            },
        );
        (text(), any::<bool>(), any::<(usize, usize)>(), proptest::option::of(failure)).prop_map(
            |(name, passed, (line, decisions), failure)| TestResult {
                name,
                passed,
                line,
                decisions,
                failure,
            },
        )
    }

    proptest! {
        #[test]
        fn generated_reports_are_written_as_serde_json_writes_them(
            tests in proptest::collection::vec(result(), 0..4),
            passed in any::<usize>(),
            failed in any::<usize>(),
        ) {
            let r = TestReport { tests, passed, failed };
            prop_assert_eq!(r.to_json(), serde_json::to_string(&r).unwrap());
        }
    }
}
