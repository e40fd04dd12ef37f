//! The checks of `test "name" { ... }` blocks and `tests for "FILE"` (docs/testing.md):
//! - E0450: `at` or `until` is not an instant, or `at` turns the clock back;
//! - E0451: `journey "id"` names no journey of the file tested;
//! - E0452: an unknown channel; E0453: an unknown action; E0454: an unknown reason;
//! - E0455: an event, `after` or `expect` before the clock was set with `at`;
//! - E0456: an unknown statement, or a field that says nothing about what is expected;
//! - E0457: a literal that is no value (`{{ }}` in a text, a bare word other than true, false,
//!   null); E0458: two tests of one name, or a test without a name;
//! - E0459: `tests for` twice, or in a file that has journeys of its own;
//! - E0460: a cost that is not an amount;
//! - W0021: a test without `expect`; W0022: an `expect` of decisions before anything happened.

use crate::channel::Channel;
use crate::diagnostics::{codes, did_you_mean, Diagnostic};
use crate::syntax::ast::{
    DecisionPattern, ExpectField, ExpectKind, FieldKind, File, Item, Literal, LiteralKind, Span,
    StringLit, TestBlock, TestStmtKind,
};
use std::collections::HashSet;

/// The actions a decision can have.
pub const TEST_ACTIONS: &[&str] = &["enter", "send", "suppress", "defer", "exit", "update"];
/// The reasons a decision can give (SPEC §2 and §6).
pub const TEST_REASONS: &[&str] = &[
    "no_address",
    "invalid_address",
    "unsubscribed",
    "unsubscribed_topic",
    "frequency_cap",
    "budget",
    "too_long",
    "expired",
    "holdout",
    "quiet_hours",
    "exit_event",
    "exit_condition",
    "completed",
    "journey_changed",
    "restarted",
];
/// The statements a test may hold.
const STATEMENTS: &[&str] = &["at", "after", "profile", "event", "expect"];

/// Every diagnostic of the tests of `file`. `journeys` is the file whose journeys they run on
/// (`file` itself, or the one `tests for` names); `None` when it is not at hand, and then
/// journey ids are not checked.
pub fn check_tests(file: &File, journeys: Option<&File>) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let ids: Option<Vec<String>> = journeys.map(|f| {
        f.items
            .iter()
            .filter_map(|i| match i {
                Item::Journey(j) => j.id.as_plain(),
                _ => None,
            })
            .collect()
    });
    let has_journeys = file.items.iter().any(|i| matches!(i, Item::Journey(_)));
    let mut tests_for = 0;
    let mut names = HashSet::new();
    for item in &file.items {
        match item {
            Item::TestsFor(t) => {
                tests_for += 1;
                if has_journeys {
                    diags.push(
                        Diagnostic::error(
                            codes::TESTS_FOR_MISPLACED,
                            t.span,
                            "`tests for` in a file with journeys of its own",
                        )
                        .with_help("tests beside their journeys test them: remove this line"),
                    );
                } else if tests_for > 1 {
                    diags.push(
                        Diagnostic::error(
                            codes::TESTS_FOR_MISPLACED,
                            t.span,
                            "a second `tests for`: the tests of a file run on one file's journeys",
                        )
                        .with_help("put the tests of the other file in a file of their own"),
                    );
                }
                diags.extend(interpolation(&t.path));
            }
            Item::Test(t) => {
                let name = t.name.as_plain().unwrap_or_default();
                if name.trim().is_empty() {
                    diags.push(
                        Diagnostic::error(
                            codes::TEST_DUPLICATE,
                            t.name.span,
                            "a test without a name",
                        )
                        .with_help(
                            "say what it shows: `test \"the reminder goes by sms\" { ... }`",
                        ),
                    );
                } else if !names.insert(name.clone()) {
                    diags.push(
                        Diagnostic::error(
                            codes::TEST_DUPLICATE,
                            t.name.span,
                            format!("two tests are named \"{name}\""),
                        )
                        .with_help(
                            "give each test a name of its own: the results are listed by name",
                        ),
                    );
                }
                diags.extend(interpolation(&t.name));
                test(t, ids.as_deref(), &mut diags);
            }
            _ => {}
        }
    }
    diags
}

fn test(t: &TestBlock, ids: Option<&[String]>, diags: &mut Vec<Diagnostic>) {
    let mut clock: Option<i64> = None;
    let mut happened = false;
    let mut expects = 0;
    for s in &t.body {
        match &s.kind {
            TestStmtKind::At(at) => {
                if let Some(to) = instant(at, diags) {
                    if clock.is_some_and(|now| to < now) {
                        diags.push(
                            Diagnostic::error(
                                codes::TEST_BAD_TIME,
                                at.span,
                                "this `at` turns the clock back",
                            )
                            .with_help("the clock only moves forward: use a later instant, or `after 1 hour`"),
                        );
                    }
                    if clock.is_some() {
                        happened = true;
                    }
                    clock = Some(to);
                } else if clock.is_none() {
                    clock = Some(i64::MIN);
                }
            }
            TestStmtKind::After(d) => {
                no_clock(clock, s.span, "`after`", diags);
                clock = clock.map(|c| c.saturating_add(d.seconds().saturating_mul(1000)));
                happened = true;
            }
            TestStmtKind::Profile(l) => {
                if !matches!(l.kind, LiteralKind::Object(_)) {
                    diags.push(Diagnostic::error(
                        codes::TEST_BAD_VALUE,
                        l.span,
                        "a profile is `{ key value ... }`",
                    ));
                }
                literal(l, diags);
            }
            TestStmtKind::Event { name, properties } => {
                no_clock(clock, s.span, "an event", diags);
                diags.extend(interpolation(name));
                if let Some(l) = properties {
                    literal(l, diags);
                }
                happened = true;
            }
            TestStmtKind::Expect(e) => {
                expects += 1;
                no_clock(clock, s.span, "`expect`", diags);
                match &e.kind {
                    ExpectKind::Decision(p) | ExpectKind::No(p) => {
                        if !happened && clock.is_some() {
                            diags.push(
                                Diagnostic::warning(
                                    codes::TEST_EXPECT_TOO_EARLY,
                                    e.span,
                                    "nothing has happened yet, so there are no decisions to expect",
                                )
                                .with_help("send an event first: `event \"Signed Up\"`, or move the clock: `after 1 hour`"),
                            );
                        }
                        pattern(p, ids, diags);
                    }
                    ExpectKind::NoDecisions => {}
                    ExpectKind::Waiting(fields) | ExpectKind::NotWaiting(fields) => {
                        for f in fields {
                            if !matches!(f.kind, FieldKind::Journey(_) | FieldKind::Until(_)) {
                                diags.push(
                                    Diagnostic::error(
                                        codes::TEST_UNKNOWN_STATEMENT,
                                        f.span,
                                        format!("`{}` says nothing about waiting", f.kind.name()),
                                    )
                                    .with_help("a wait has a `journey \"id\"` and an `until \"2026-03-01T11:00:00Z\"`"),
                                );
                            }
                            field(f, ids, diags);
                        }
                    }
                }
            }
            TestStmtKind::Unknown(word) => {
                let mut d = Diagnostic::error(
                    codes::TEST_UNKNOWN_STATEMENT,
                    word.span,
                    format!("unknown statement `{}` in a test", word.name),
                );
                d = match did_you_mean(&word.name, STATEMENTS.iter().copied()) {
                    Some(s) => d.with_help(format!("did you mean `{s}`?")),
                    None => d.with_help(
                        "a test holds `at`, `after`, `profile`, `event` and `expect` lines",
                    ),
                };
                diags.push(d);
            }
        }
    }
    if expects == 0 {
        diags.push(
            Diagnostic::warning(
                codes::TEST_WITHOUT_EXPECT,
                t.name.span,
                "this test expects nothing, so it cannot fail",
            )
            .with_help("add what should happen: `expect send sms`"),
        );
    }
}

fn no_clock(clock: Option<i64>, span: Span, what: &str, diags: &mut Vec<Diagnostic>) {
    if clock.is_none() {
        diags.push(
            Diagnostic::error(
                codes::TEST_NO_CLOCK,
                span,
                format!("{what} before the clock was set"),
            )
            .with_help("start the test with `at \"2026-03-01T10:00:00Z\"`"),
        );
    }
}

fn pattern(p: &DecisionPattern, ids: Option<&[String]>, diags: &mut Vec<Diagnostic>) {
    if !TEST_ACTIONS.contains(&p.action.name.as_str()) {
        let mut d = Diagnostic::error(
            codes::TEST_UNKNOWN_ACTION,
            p.action.span,
            format!("unknown action `{}`", p.action.name),
        );
        d = match did_you_mean(&p.action.name, TEST_ACTIONS.iter().copied()) {
            Some(s) => d.with_help(format!("did you mean `{s}`?")),
            None => d.with_help(format!("an action is one of {}", TEST_ACTIONS.join(", "))),
        };
        diags.push(d);
    }
    if let Some(c) = &p.channel {
        if Channel::from_name(&c.name).is_none() {
            let names = Channel::ALL.map(Channel::name);
            let mut d = Diagnostic::error(
                codes::TEST_UNKNOWN_CHANNEL,
                c.span,
                format!("unknown channel `{}`", c.name),
            );
            d = match did_you_mean(&c.name, names.iter().copied()) {
                Some(s) => d.with_help(format!("did you mean `{s}`?")),
                None => d.with_help(format!("a channel is one of {}", names.join(", "))),
            };
            diags.push(d);
        }
    }
    for f in &p.fields {
        field(f, ids, diags);
    }
}

fn field(f: &ExpectField, ids: Option<&[String]>, diags: &mut Vec<Diagnostic>) {
    match &f.kind {
        FieldKind::Journey(s) => {
            diags.extend(interpolation(s));
            let (Some(ids), Some(id)) = (ids, s.as_plain()) else { return };
            if !ids.contains(&id) {
                let mut d = Diagnostic::error(
                    codes::TEST_UNKNOWN_JOURNEY,
                    s.span,
                    format!("no journey \"{id}\" in the file tested"),
                );
                d = match did_you_mean(&id, ids.iter().map(String::as_str)) {
                    Some(near) => d.with_help(format!("did you mean \"{near}\"?")),
                    None if ids.is_empty() => d.with_help("the file tested has no journeys"),
                    None => d.with_help(format!(
                        "its journeys: {}",
                        ids.iter().map(|i| format!("\"{i}\"")).collect::<Vec<_>>().join(", ")
                    )),
                };
                diags.push(d);
            }
        }
        FieldKind::Reason(w) => {
            if !TEST_REASONS.contains(&w.name.as_str()) {
                let mut d = Diagnostic::error(
                    codes::TEST_UNKNOWN_REASON,
                    w.span,
                    format!("unknown reason `{}`", w.name),
                );
                d = match did_you_mean(&w.name, TEST_REASONS.iter().copied()) {
                    Some(s) => d.with_help(format!("did you mean `{s}`?")),
                    None => d.with_help(format!("a reason is one of {}", TEST_REASONS.join(", "))),
                };
                diags.push(d);
            }
        }
        FieldKind::Until(s) => {
            instant(s, diags);
        }
        FieldKind::Cost(m) => {
            if super::money_micros(&m.amount).is_none() {
                diags.push(
                    Diagnostic::error(
                        codes::TEST_BAD_MONEY,
                        m.span,
                        format!("`{}` is not an amount", m.amount),
                    )
                    .with_help("write it as a price table would bill it: `cost $0.0125`"),
                );
            }
        }
        FieldKind::Content { text: s, .. }
        | FieldKind::Template(s)
        | FieldKind::To(s)
        | FieldKind::Step(s) => {
            diags.extend(interpolation(s));
        }
    }
}

/// An RFC 3339 instant, in milliseconds; E0450 otherwise.
fn instant(s: &StringLit, diags: &mut Vec<Diagnostic>) -> Option<i64> {
    let parsed = s.as_plain().and_then(|t| rfc3339_millis(&t));
    if parsed.is_none() && !s.has_interpolation() {
        diags.push(
            Diagnostic::error(
                codes::TEST_BAD_TIME,
                s.span,
                format!("\"{}\" is not an instant", s.as_plain().unwrap_or_default()),
            )
            .with_help("write a date, a time and a zone: \"2026-03-01T10:00:00Z\""),
        );
    }
    diags.extend(interpolation(s));
    parsed
}

fn interpolation(s: &StringLit) -> Option<Diagnostic> {
    s.has_interpolation().then(|| {
        Diagnostic::error(codes::TEST_BAD_VALUE, s.span, "a test's text cannot hold `{{ }}`")
            .with_help("write the value the journey would see: tests hold plain values")
    })
}

fn literal(l: &Literal, diags: &mut Vec<Diagnostic>) {
    match &l.kind {
        LiteralKind::Object(members) => members.iter().for_each(|m| literal(&m.value, diags)),
        LiteralKind::List(items) => items.iter().for_each(|i| literal(i, diags)),
        LiteralKind::String(s) => diags.extend(interpolation(s)),
        LiteralKind::Number(_) => {}
        LiteralKind::Word(w) => {
            if !matches!(w.name.as_str(), "true" | "false" | "null") {
                diags.push(
                    Diagnostic::error(
                        codes::TEST_BAD_VALUE,
                        w.span,
                        format!("`{}` is no value", w.name),
                    )
                    .with_help(format!("a text goes in quotes: \"{}\"", w.name)),
                );
            }
        }
    }
}

/// An RFC 3339 instant (`2026-03-01T10:00:00Z`, `2026-03-01T05:00:00.5-05:00`) in milliseconds.
/// Read here from its fixed fields, each validated by chrono's constructors, rather than by
/// chrono's general parser: that parser is not otherwise in the WebAssembly module, and it
/// would add to its size budget (docs/wasm.md) for this one check. The runner reads instants
/// with the evaluator's own parser, which accepts the same forms.
fn rfc3339_millis(text: &str) -> Option<i64> {
    use chrono::{NaiveDate, NaiveTime};
    let b = text.as_bytes();
    let num = |from: usize, len: usize| -> Option<u32> {
        let digits = b.get(from..from + len)?;
        digits
            .iter()
            .all(u8::is_ascii_digit)
            .then(|| digits.iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0')))
    };
    let sep = |at: usize, allowed: &[u8]| b.get(at).is_some_and(|c| allowed.contains(c));
    if !(sep(4, b"-") && sep(7, b"-") && sep(10, b"Tt") && sep(13, b":") && sep(16, b":")) {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(i32::try_from(num(0, 4)?).ok()?, num(5, 2)?, num(8, 2)?)?;
    let mut pos = 19;
    let mut millis = 0u32;
    if sep(pos, b".") {
        pos += 1;
        let start = pos;
        while b.get(pos).is_some_and(u8::is_ascii_digit) {
            pos += 1;
        }
        if pos == start {
            return None;
        }
        let first3 = text.get(start..pos.min(start + 3))?;
        millis = format!("{first3:0<3}").parse().ok()?;
    }
    let time = NaiveTime::from_hms_milli_opt(num(11, 2)?, num(14, 2)?, num(17, 2)?, millis)?;
    let offset_minutes: i64 = match b.get(pos) {
        Some(b'Z' | b'z') if pos + 1 == b.len() => 0,
        Some(sign @ (b'+' | b'-')) if pos + 6 == b.len() && sep(pos + 3, b":") => {
            let (h, m) = (num(pos + 1, 2)?, num(pos + 4, 2)?);
            if h > 23 || m > 59 {
                return None;
            }
            let minutes = i64::from(h * 60 + m);
            if *sign == b'-' {
                -minutes
            } else {
                minutes
            }
        }
        _ => return None,
    };
    let local = date.and_time(time).and_utc().timestamp_millis();
    Some(local - offset_minutes * 60_000)
}

#[cfg(test)]
mod instant_tests {
    use super::rfc3339_millis;

    #[test]
    fn reads_what_the_evaluator_reads() {
        assert_eq!(rfc3339_millis("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(rfc3339_millis("1970-01-01T01:00:00.5+01:00"), Some(500));
        assert_eq!(rfc3339_millis("2026-03-01T10:00:00Z"), Some(1_772_359_200_000));
        for bad in [
            "2026-02-30T10:00:00Z",
            "2026-03-01 10:00:00Z",
            "2026-03-01T10:00:00",
            "March 1st",
            "2026-03-01T24:00:00Z",
            "2026-03-01T10:00:00.Z",
            "2026-03-01T10:00:00+1:00",
        ] {
            assert_eq!(rfc3339_millis(bad), None, "{bad}");
        }
    }
}
