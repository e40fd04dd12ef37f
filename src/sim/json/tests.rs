//! The summary, diff and decision-line writers against serde_json (the `Serialize` impls of
//! `summary.rs` and `diff.rs`, `Decision`'s, as the oracle): on replays and diffs of the
//! examples over sample traffic, and on generated summaries and reports.

use super::super::*;
use crate::eval::Timestamp;
use herald_lang::json::Value;
use proptest::prelude::*;

fn root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn examples() -> Vec<(String, Program)> {
    let mut paths: Vec<_> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "herald"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| {
            let source = std::fs::read_to_string(&p).unwrap();
            crate::compile(&source).ok().map(|program| (p.display().to_string(), program))
        })
        .collect()
}

fn sample(users: u32) -> String {
    let mut text = Vec::new();
    write_sample(&SampleOptions { users, ..SampleOptions::default() }, &mut text).unwrap();
    String::from_utf8(text).unwrap() + "not json\n{\"type\":\"page\",\"userId\":\"p\"}\n"
}

/// The decision line as it was written with serde_json.
fn old_line(user: &str, d: &Decision) -> String {
    let json = serde_json::to_string(d).unwrap();
    format!("{{\"user\":{},{}\n", serde_json::to_string(user).unwrap(), &json[1..])
}

#[test]
fn replays_and_diffs_of_the_examples_are_written_as_serde_json_writes_them() {
    let programs = examples();
    assert!(programs.len() >= 8, "{} examples", programs.len());
    let text = sample(40);
    let (mut decisions, mut differing) = (0, 0);
    for (name, program) in &programs {
        let opts = Options { decisions: true, ..Options::default() };
        let r = replay_text(program, &text, None, &opts).unwrap();
        assert_eq!(r.summary.to_json(), serde_json::to_string(&r.summary).unwrap(), "{name}");
        // Every decision: its line, and its value as `to_value` makes it.
        let sim = Simulator::new(program);
        let mut indexed = index_text(&text).unwrap();
        let until = indexed.counts.latest.unwrap() + DEFAULT_TAIL_MS;
        while let Some((u, msgs)) = indexed.next_user().unwrap() {
            let user = indexed.names[u as usize].clone();
            sim.run_user(&user, None, &msgs, until, &mut |d| {
                let mut line = String::new();
                write_decision_line(&mut line, &user, d);
                assert_eq!(line, old_line(&user, d), "{name}");
                assert_eq!(
                    decision_value(d),
                    Some(serde_json::to_value(d).unwrap().into()),
                    "{name}"
                );
                decisions += 1;
            });
        }
        for (other, new) in &programs {
            let r = diff_text(program, new, &text, None, &Options::default()).unwrap();
            assert_eq!(r.to_json(), serde_json::to_string(&r).unwrap(), "{name} → {other}");
            differing += r.first.len();
        }
    }
    assert!(decisions > 300 && differing > 0, "{decisions} decisions, {differing} differing");
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof!["[a-z \"\\\\]{0,8}", any::<String>()]
}

fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
        text().prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            proptest::collection::btree_map(text(), inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn stats() -> impl Strategy<Value = JourneyStats> {
    let reasons = proptest::sample::select(vec!["budget", "completed", "frequency_cap", "a\"b"]);
    let counts = proptest::collection::btree_map(reasons, any::<u64>(), 0..3);
    (any::<u64>(), any::<[u64; 7]>(), counts.clone(), any::<u64>(), counts, any::<i64>()).prop_map(
        |(entries, sends, suppressed, deferred, exits, cost_micros)| JourneyStats {
            entries,
            sends: sends.map(|n| n % 3),
            suppressed: suppressed.into_iter().collect(),
            deferred,
            exits: exits.into_iter().collect(),
            cost_micros,
        },
    )
}

fn summary() -> impl Strategy<Value = Summary> {
    let stopped = (text(), text(), any::<i64>(), 0u32..3).prop_map(|(user, message, at, k)| {
        let at = Timestamp(at.rem_euclid(253_402_300_799_000));
        let error = match k {
            0 => UserError::TooManyEvaluations { limit: 7, at },
            1 => UserError::Request { code: "invalid_state", message, at },
            _ => UserError::Profile(message),
        };
        StoppedUser { user, error }
    });
    (
        any::<[u64; 6]>(),
        proptest::collection::vec(any::<u64>(), 0..4),
        proptest::collection::vec(stopped, 0..3),
        proptest::option::of(-62_135_596_800_000i64..253_402_300_799_000),
        proptest::collection::vec((text(), stats()), 0..4),
        proptest::sample::select(vec!["USD", "EUR", "JPY"]),
    )
        .prop_map(|(n, error_lines, stopped_users, until, journeys, currency)| Summary {
            profiles: n[0],
            messages: n[1],
            skipped: n[2],
            errors: n[3],
            error_lines,
            evaluations: n[4],
            stopped: n[5],
            stopped_users,
            until,
            journeys,
            currency: herald_lang::cost::Currency::parse(currency).unwrap(),
        })
}

proptest! {
    #[test]
    fn generated_summaries_and_reports_are_written_as_serde_json_writes_them(
        old in summary(),
        new in summary(),
        differing in any::<u64>(),
        first in proptest::collection::vec(
            (text(), any::<usize>(), proptest::option::of(value()), proptest::option::of(value())),
            0..3,
        ),
    ) {
        prop_assert_eq!(old.to_json(), serde_json::to_string(&old).unwrap());
        let first = first
            .into_iter()
            .map(|(user, index, old, new)| DifferingUser { user, index, old, new })
            .collect();
        let r = DiffReport { old, new, differing, first };
        prop_assert_eq!(r.to_json(), serde_json::to_string(&r).unwrap());
    }
}
