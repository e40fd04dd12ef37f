//! The tests of `examples/tests/` pass, and they catch what they are meant to (issue 13): each
//! example is broken on purpose three ways — a send on the wrong channel, a wait of the wrong
//! length, a text long enough to change the price — and its tests must fail, the cost
//! mutation on a `cost` expectation.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::disallowed_methods
)]

use herald_engine::testing::{TestFile, TestReport};
use std::path::Path;

/// Enough words to take any of the examples' SMS texts past one segment (160 GSM-7 characters).
const LONGER: &str =
    " Free returns for 30 days, gift wrapping at checkout and a team on chat every day \
                      from eight to eight if you have a question about sizes or delivery.";

#[derive(Clone, Copy, Debug)]
enum Kind {
    Channel,
    Wait,
    Cost,
}

/// (example, what to replace, its replacement, what it breaks). Every occurrence is replaced.
fn mutations() -> Vec<(&'static str, &'static str, String, Kind)> {
    let longer = |s: &str| format!("{s}{LONGER}");
    vec![
        ("cart_abandonment", "send sms \"Hi", "send mms \"Hi".into(), Kind::Channel),
        ("cart_abandonment", "wait 1 hour", "wait 2 hours".into(), Kind::Wait),
        (
            "cart_abandonment",
            "still thinking it over?",
            longer("still thinking it over?"),
            Kind::Cost,
        ),
        ("order_updates", "send sms \"Order", "send mms \"Order".into(), Kind::Channel),
        ("order_updates", "wait 3 days", "wait 4 days".into(), Kind::Wait),
        (
            "order_updates",
            "{{ event.tracking_url }}\"",
            longer("{{ event.tracking_url }}") + "\"",
            Kind::Cost,
        ),
        ("otp", "send sms \"Your code", "send mms \"Your code".into(), Kind::Channel),
        ("otp", "within 10 minutes", "within 15 minutes".into(), Kind::Wait),
        ("otp", "It expires in 10 minutes.", longer("It expires in 10 minutes."), Kind::Cost),
        (
            "quiet_hours_promo",
            "send sms \"Flash sale",
            "send mms \"Flash sale".into(),
            Kind::Channel,
        ),
        ("quiet_hours_promo", "wait until 09:00", "wait until 10:00".into(), Kind::Wait),
        (
            "quiet_hours_promo",
            "Reply STOP to opt out.",
            longer("Reply STOP to opt out."),
            Kind::Cost,
        ),
        (
            "welcome",
            "send push \"Welcome aboard",
            "send sms \"Welcome aboard".into(),
            Kind::Channel,
        ),
        ("welcome", "wait 2 days", "wait 3 days".into(), Kind::Wait),
        (
            "welcome",
            "Our best sellers are waiting:",
            longer("Our best sellers are waiting:"),
            Kind::Cost,
        ),
        ("winback", "send sms \"We miss you", "send whatsapp \"We miss you".into(), Kind::Channel),
        ("winback", "within 14 days", "within 21 days".into(), Kind::Wait),
        ("winback", "WELCOME15\"", longer("WELCOME15") + "\"", Kind::Cost),
        (
            "appointment_reminder",
            "send sms \"Reminder",
            "send mms \"Reminder".into(),
            Kind::Channel,
        ),
        (
            "appointment_reminder",
            "wait until 10:00 on weekday",
            "wait until 11:00 on weekday".into(),
            Kind::Wait,
        ),
        ("appointment_reminder", "Reply C to cancel.", longer("Reply C to cancel."), Kind::Cost),
        (
            "birthday",
            "send email \"Happy birthday",
            "send push \"Happy birthday".into(),
            Kind::Channel,
        ),
        ("birthday", "reentry after 300 days", "reentry after 400 days".into(), Kind::Wait),
        (
            "comment_digest",
            "send email \"{{ trigger.author }} commented",
            "send push \"{{ trigger.author }} commented".into(),
            Kind::Channel,
        ),
        ("comment_digest", "digest until 09:00", "digest until 10:00".into(), Kind::Wait),
        ("order_receipt", "send sms \"Thanks!", "send mms \"Thanks!".into(), Kind::Channel),
        // Without `transactional` the policy's quiet hours hold the night-time receipt back.
        ("order_receipt", "  transactional\n", String::new(), Kind::Wait),
        ("order_receipt", "is confirmed: ", longer("is confirmed: "), Kind::Cost),
        (
            "trial_conversion",
            "send email template \"trial_getting_started\"",
            "send push template \"trial_getting_started\"".into(),
            Kind::Channel,
        ),
        ("trial_conversion", "wait 3 days", "wait 4 days".into(), Kind::Wait),
        // The recipes of docs/recipes.md (SPEC §6: messages, topics, any/all).
        ("localized_cart", "send sms message", "send mms message".into(), Kind::Channel),
        ("localized_cart", "wait 1 hour", "wait 2 hours".into(), Kind::Wait),
        ("localized_cart", "Termina tu pedido hoy:", longer("Termina tu pedido hoy:"), Kind::Cost),
        (
            "promotions_topic",
            "send email template \"password_reset\"",
            "send push template \"password_reset\"".into(),
            Kind::Channel,
        ),
        ("promotions_topic", "wait 2 days", "wait 3 days".into(), Kind::Wait),
        ("vip_orders", "send sms \"Thanks", "send mms \"Thanks".into(), Kind::Channel),
        ("vip_orders", "wait 1 day", "wait 2 days".into(), Kind::Wait),
        ("vip_orders", "Your VIP code: VIP20", longer("Your VIP code: VIP20"), Kind::Cost),
    ]
}

fn examples() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/examples"))
}

/// The tests of `examples/tests/NAME.herald` run on `journeys` (the example, maybe mutated).
fn run(name: &str, journeys: &str) -> TestReport {
    let path = examples().join("tests").join(format!("{name}.herald"));
    let source = std::fs::read_to_string(&path).unwrap();
    let tests = TestFile::parse(&source).unwrap();
    let target = tests.tests_for().map(|(path, _)| path);
    assert_eq!(target.as_deref(), Some(format!("../{name}.herald").as_str()));
    let program = herald_engine::compile(journeys)
        .unwrap_or_else(|e| panic!("{name} does not compile: {e}\n{journeys}"));
    tests.run(&program)
}

fn example(name: &str) -> String {
    std::fs::read_to_string(examples().join(format!("{name}.herald"))).unwrap()
}

#[test]
fn every_example_has_tests_and_they_pass() {
    let mut names: Vec<String> = std::fs::read_dir(examples())
        .unwrap()
        .filter_map(|e| {
            let p = e.unwrap().path();
            (p.extension()? == "herald").then(|| p.file_stem().unwrap().to_string_lossy().into())
        })
        .collect();
    names.sort();
    assert!(names.len() >= 6, "{names:?}");
    for name in &names {
        let report = run(name, &example(name));
        assert!(report.tests.len() >= 2, "{name} has {} tests", report.tests.len());
        assert_eq!(report.failed, 0, "{name}: {report:#?}");
        // Email and push are priced per message, whatever the text: an example that sends
        // only those has no text whose length could change its cost.
        let priced_by_length = example(name).contains("sms \"");
        let kinds: &[Kind] = if priced_by_length {
            &[Kind::Channel, Kind::Wait, Kind::Cost]
        } else {
            &[Kind::Channel, Kind::Wait]
        };
        for &kind in kinds {
            let covered =
                mutations().iter().any(|(n, _, _, k)| n == name && *k as u8 == kind as u8);
            assert!(covered, "{name} has no {kind:?} mutation");
        }
    }
}

#[test]
fn broken_examples_fail_their_tests() {
    for (name, from, to, kind) in mutations() {
        let original = example(name);
        assert!(original.contains(from), "{name} no longer holds `{from}`: update the mutation");
        let broken = original.replace(from, &to);
        let report = run(name, &broken);
        assert!(
            report.failed > 0,
            "{name} with `{from}` → `{to}` ({kind:?}) still passes its tests"
        );
        if let Kind::Cost = kind {
            let on_cost = report.tests.iter().filter_map(|t| t.failure.as_ref()).any(|f| {
                f.expected.contains(" cost $")
                    && f.actual.contains("send sms")
                    && !f.actual.contains("cost $0.0125 ")
            });
            assert!(
                on_cost,
                "{name}: the longer text should fail a `cost` expectation: {report:#?}"
            );
        }
    }
}

#[test]
fn the_first_example_of_docs_testing_passes_and_is_canonical() {
    let doc = include_str!("../docs/testing.md");
    let start = doc.find("```herald\n").unwrap() + "```herald\n".len();
    let len = doc[start..].find("```").unwrap();
    let example = &doc[start..start + len];
    let program = herald_engine::compile(example).unwrap();
    let report = program.test();
    assert_eq!((report.passed, report.failed), (1, 0), "{report:#?}");
    assert_eq!(herald_engine::format(example).unwrap(), example);
    assert!(herald_engine::check_source(example).0.is_empty());
}

#[test]
fn the_examples_tests_check_clean_and_are_formatted() {
    for entry in std::fs::read_dir(examples().join("tests")).unwrap() {
        let path = entry.unwrap().path();
        let source = std::fs::read_to_string(&path).unwrap();
        let diagnostics = herald_engine::check_source(&source);
        assert!(diagnostics.0.is_empty(), "{}: {diagnostics:?}", path.display());
        assert_eq!(herald_engine::format(&source).unwrap(), source, "{}", path.display());
    }
}
