//! The bodies of herald's fuzz targets. Each takes arbitrary bytes and asserts what herald
//! promises for any input (docs/reliability.md); a panic, an abort or a hang is a finding.
//!
//! This file is compiled twice: by the fuzz crate (`fuzz/`, nightly, libFuzzer) and, on stable,
//! by `tests/fuzz_regressions.rs`, which runs every body over the kept crash inputs
//! (`fuzz/regressions/TARGET/`) and the seeds (`fuzz/seeds/TARGET/`) as an ordinary test.

use herald_engine::cost::{sms_segments as count_segments, AnalyzeOptions, Encoding};
use herald_engine::eval::{MAX_STATE_BYTES, MAX_STATE_SENDS};
use herald_engine::sim::{self, NoProfiles, Profiles, MAX_EVALUATIONS_PER_USER};
use herald_engine::{Program, Request, RequestError};
use herald_lang::format::erase_spans;
use serde_json::Value;
use std::sync::OnceLock;

/// Every example journey of `examples/`, with the event that starts its first journey. The
/// order is the selector's (fuzz/make_seeds.py): new examples go at the end, so the selector
/// bytes of kept inputs keep their meaning.
pub const EXAMPLES: [(&str, &str, &str); 9] = [
    (
        "cart_abandonment",
        include_str!("../../examples/cart_abandonment.herald"),
        r#"{"name": "Cart Abandoned", "properties": {"value": 80, "url": "https://x.example"}}"#,
    ),
    (
        "order_updates",
        include_str!("../../examples/order_updates.herald"),
        r#"{"name": "Order Shipped", "properties": {"order_id": "A1", "tracking_url": "t"}}"#,
    ),
    (
        "otp",
        include_str!("../../examples/otp.herald"),
        r#"{"name": "OTP Requested", "properties": {"code": "123456"}}"#,
    ),
    (
        "quiet_hours_promo",
        include_str!("../../examples/quiet_hours_promo.herald"),
        r#"{"name": "Flash Sale Started", "properties": {"discount_percent": 30}}"#,
    ),
    ("welcome", include_str!("../../examples/welcome.herald"), r#"{"name": "Signed Up"}"#),
    ("winback", include_str!("../../examples/winback.herald"), r#"{"name": "Daily Check"}"#),
    (
        "appointment_reminder",
        include_str!("../../examples/appointment_reminder.herald"),
        r#"{"name": "Appointment Booked", "properties": {"appointment_id": "a1", "starts_at": "2026-03-10T15:00:00Z"}}"#,
    ),
    ("birthday", include_str!("../../examples/birthday.herald"), r#"{"name": "Daily Check"}"#),
    (
        "trial_conversion",
        include_str!("../../examples/trial_conversion.herald"),
        r#"{"name": "Trial Started", "properties": {"plan_name": "Team"}}"#,
    ),
];

/// A profile with every key the examples read.
const PROFILE: &str = r#"{"id": "u1", "timezone": "America/New_York", "phone": "+14155550100",
 "email": "ana@example.com", "push_token": "tok", "subscriptions": {"sms": "subscribed"},
 "first_name": "Ana", "country": "US", "lifetime_value": 120, "preferred_channel": "sms",
 "last_order_at": "2025-12-01T00:00:00Z", "birthday": "1990-03-08", "plan": "trial",
 "tier": "gold", "app_installed": true, "events": []}"#;

const NOW: &str = r#""2026-03-08T14:00:00Z""#;

fn programs() -> &'static [Program] {
    static PROGRAMS: OnceLock<Vec<Program>> = OnceLock::new();
    PROGRAMS.get_or_init(|| {
        EXAMPLES
            .iter()
            .map(|(name, source, _)| match herald_engine::compile(source) {
                Ok(p) => p,
                Err(d) => panic!("examples/{name}.herald does not compile: {d:?}"),
            })
            .collect()
    })
}

fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

// ------------------------------------------------------------------------ parse_check

/// Source text through the checker and the compiler: no panic; diagnostics point inside the
/// source at character boundaries; `compile` succeeds exactly when the checker reports no error;
/// a program that compiles can be analysed and evaluated.
pub fn parse_check(data: &[u8]) {
    let Some(source) = text(data) else {
        return; // The library takes &str; the CLI reports a file that is not UTF-8 as E0002.
    };
    let diagnostics = herald_engine::check_source(source);
    for d in diagnostics.iter() {
        assert!(
            d.span.start <= d.span.end && d.span.end <= source.len(),
            "{} span {:?} outside a source of {} bytes",
            d.code,
            d.span,
            source.len()
        );
        assert!(
            source.is_char_boundary(d.span.start) && source.is_char_boundary(d.span.end),
            "{} span {:?} splits a character",
            d.code,
            d.span
        );
    }
    let _ = diagnostics.to_json("fuzz.herald", source);
    match herald_engine::compile(source) {
        Ok(program) => {
            assert!(!diagnostics.has_errors(), "compiled despite errors: {diagnostics:?}");
            let _ = program.analyze(&AnalyzeOptions::default());
            let tick = format!(r#"{{"now": {NOW}, "profile": {PROFILE}}}"#);
            let event =
                format!(r#"{{"now": {NOW}, "profile": {PROFILE}, "event": {{"name": "e"}}}}"#);
            for request in [tick, event] {
                let _ = program.evaluate_json(&request);
            }
        }
        Err(errors) => {
            assert!(errors.has_errors(), "compile failed without an error: {errors:?}");
            assert!(
                diagnostics.has_errors(),
                "the checker passed what compile refused: {errors:?}"
            );
        }
    }
}

// ------------------------------------------------------------------------ format_roundtrip

/// `format` is idempotent and keeps the program: format(format(x)) == format(x), the two parse
/// to the same tree (spans aside), and the checker says the same of both.
pub fn format_roundtrip(data: &[u8]) {
    let Some(source) = text(data) else { return };
    let Ok(once) = herald_engine::format(source) else { return };
    let twice = match herald_engine::format(&once) {
        Ok(t) => t,
        Err(d) => panic!("formatted text does not format again: {d:?}\n--- formatted:\n{once}"),
    };
    assert_eq!(twice, once, "format is not idempotent\n--- source:\n{source}");
    let (Ok(before), Ok(after)) =
        (herald_lang::syntax::parse(source), herald_lang::syntax::parse(&once))
    else {
        panic!("source or formatted text does not parse\n--- formatted:\n{once}");
    };
    assert!(
        erase_spans(&before) == erase_spans(&after),
        "format changed the program\n--- source:\n{source}\n--- formatted:\n{once}"
    );
    let codes = |s: &str| {
        let mut c: Vec<(&'static str, bool)> = herald_engine::check_source(s)
            .iter()
            .map(|d| (d.code.as_str(), d.is_error()))
            .collect();
        c.sort_unstable();
        c
    };
    assert_eq!(codes(source), codes(&once), "the checker reads the formatted text differently");
}

// ------------------------------------------------------------------------ evaluate

/// Where the fuzzed bytes go in the request: the whole request, or one part of a request that
/// is otherwise valid (so mutations reach the evaluator instead of stopping at the JSON reader).
const SLOTS: usize = 8;

fn request_with_slot(slot: usize, fuzz: &str, event: &str) -> String {
    match slot {
        1 => format!(r#"{{"now": {NOW}, "profile": {fuzz}, "event": {event}}}"#),
        2 => format!(r#"{{"now": {NOW}, "profile": {PROFILE}, "event": {fuzz}}}"#),
        3 => {
            format!(r#"{{"now": {NOW}, "profile": {PROFILE}, "event": {event}, "state": {fuzz}}}"#)
        }
        4 => {
            format!(r#"{{"now": {NOW}, "profile": {PROFILE}, "event": {event}, "prices": {fuzz}}}"#)
        }
        5 => format!(
            r#"{{"now": {NOW}, "profile": {{"id": "u1", "phone": "+14155550100", "events": {fuzz}}}, "event": {event}}}"#
        ),
        6 => format!(
            r#"{{"now": {NOW}, "profile": {PROFILE}, "event": {{"name": "Cart Abandoned", "properties": {fuzz}}}, "explain": true}}"#
        ),
        7 => format!(r#"{{"now": {fuzz}, "profile": {PROFILE}, "event": {event}, "state": null}}"#),
        _ => fuzz.to_string(),
    }
}

/// A request (any bytes) against every example journey: no panic; one response line per
/// request line in a stream, whatever the lines hold; the same answer twice; the typed API
/// agrees with the text API; a response's state stays within its bounds and is read back.
pub fn evaluate(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else { return };
    let programs = programs();
    let index = usize::from(selector) % programs.len();
    let (Some(program), Some((_, _, event))) = (programs.get(index), EXAMPLES.get(index)) else {
        return;
    };
    ndjson_answers_every_line(program, rest);
    let Some(fuzz) = text(rest) else { return };
    let slot = usize::from(selector) / programs.len() % SLOTS;
    let request = request_with_slot(slot, fuzz, event);
    check_request(program, &request);
}

/// `evaluate_ndjson` (what `herald eval` runs) answers every non-blank line with one line of
/// JSON, in order.
fn ndjson_answers_every_line(program: &Program, input: &[u8]) {
    let mut out = Vec::new();
    let stats = match program.evaluate_ndjson(input, &mut out) {
        Ok(s) => s,
        Err(e) => panic!("evaluate_ndjson failed on an in-memory stream: {e}"),
    };
    let expected = input.split(|&b| b == b'\n').filter(|l| !is_blank(l)).count();
    let Ok(out) = String::from_utf8(out) else { panic!("the stream's output is not UTF-8") };
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), expected, "lines answered vs request lines");
    assert_eq!(stats.requests as usize, expected);
    for line in lines {
        assert!(serde_json::from_str::<Value>(line).is_ok(), "not JSON: {line}");
    }
}

/// A line the stream skips: empty once trimmed (as `str::trim` trims, when it is UTF-8).
fn is_blank(line: &[u8]) -> bool {
    std::str::from_utf8(line).is_ok_and(|s| s.trim().is_empty())
}

fn check_request(program: &Program, request: &str) {
    let first = program.try_evaluate_json(request);
    let again = program.try_evaluate_json(request);
    assert_eq!(first, again, "two evaluations of one request differ");
    let typed = serde_json::from_str::<Request>(request).ok().map(|r| program.evaluate(&r));
    match (&first, &typed) {
        (Ok(text), Some(Ok(response))) => {
            let a: Value = parse_json(text);
            let b = match serde_json::to_value(response) {
                Ok(v) => v,
                Err(e) => panic!("a response does not serialize: {e}"),
            };
            assert!(a == b, "evaluate_json and evaluate disagree:\n{a}\n{b}");
        }
        (Err(a), Some(Err(b))) => assert_eq!(a.code(), b.code(), "{a} / {b}"),
        (Ok(_), Some(Err(e))) => panic!("evaluate_json answered, evaluate refused: {e}"),
        (Err(e), Some(Ok(_))) => panic!("evaluate answered, evaluate_json refused: {e}"),
        (_, None) => {}
    }
    if let Ok(text) = &first {
        state_is_bounded_and_read_back(program, request, text);
    }
}

fn parse_json(text: &str) -> Value {
    match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => panic!("not JSON ({e}): {text}"),
    }
}

/// The state of a response is within its documented bounds, and a tick at `wake_at` with that
/// state (and the same profile and prices) is answered.
fn state_is_bounded_and_read_back(program: &Program, request: &str, response: &str) {
    let response = parse_json(response);
    let state = response.get("state").cloned().unwrap_or(Value::Null);
    let state_text = state.to_string();
    assert!(state_text.len() <= MAX_STATE_BYTES, "state of {} bytes", state_text.len());
    let sends = state.get("sends").and_then(Value::as_array).map_or(0, Vec::len);
    assert!(sends <= MAX_STATE_SENDS, "{sends} sends kept");
    let Ok(Value::Object(mut tick)) = serde_json::from_str::<Value>(request) else { return };
    tick.remove("event");
    tick.remove("explain");
    if let Some(wake) = response.get("wake_at").filter(|w| w.is_string()) {
        tick.insert("now".into(), wake.clone());
    }
    tick.insert("state".into(), state);
    let tick = Value::Object(tick).to_string();
    if let Err(e) = program.try_evaluate_json(&tick) {
        assert!(
            !matches!(e, RequestError::InvalidState(_) | RequestError::StateTooLarge(_)),
            "herald refused its own state: {e}\n--- request:\n{tick}"
        );
    }
}

// ------------------------------------------------------------------------ sms_segments

/// The segment counter on any text: GSM-7 exactly when every character is in the GSM 03.38
/// tables; units are septets (1 or 2 a character) or UTF-16 units; the count of segments is
/// consistent with the units and the part sizes.
pub fn sms_segments(data: &[u8]) {
    let Some(text) = text(data) else { return };
    let s = count_segments(text);
    let chars = text.chars().count() as u64;
    let units = u64::from(s.units);
    let segments = u64::from(s.segments);
    assert!(segments >= 1, "{s:?}");
    match s.encoding {
        Encoding::Gsm7 => {
            assert!(text.chars().all(herald_lang::cost::segments::is_gsm7), "{s:?} for {text:?}");
            assert!(chars <= units && units <= 2 * chars, "{s:?} for {chars} characters");
            if units <= 160 {
                assert_eq!(segments, 1, "{s:?}");
            } else {
                // 153 septets a part, less one when an escape pair would straddle two parts.
                assert!(
                    segments >= units.div_ceil(153) && segments <= units.div_ceil(152),
                    "{s:?}"
                );
            }
        }
        Encoding::Ucs2 => {
            assert!(!text.chars().all(herald_lang::cost::segments::is_gsm7), "{s:?} for {text:?}");
            assert_eq!(units, text.encode_utf16().count() as u64, "{s:?}");
            if units <= 70 {
                assert_eq!(segments, 1, "{s:?}");
            } else {
                assert!(segments >= units.div_ceil(67) && segments <= units, "{s:?}");
            }
        }
    }
}

// ------------------------------------------------------------------------ replay

/// The simulator (`herald replay`, `program.replay()`) on any input: a selector byte picks the
/// example journey, then Segment NDJSON, then (after a NUL byte, when there is one) profiles as
/// NDJSON. No panic, no hang (a user is stopped past `MAX_EVALUATIONS_PER_USER`); every
/// non-blank line is a message, a skipped line or a counted bad line, never fatal; the same
/// output twice, over bytes and over text, and on one thread or three; a program compared with
/// itself differs for no user.
pub fn replay(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else { return };
    let programs = programs();
    let Some(program) = programs.get(usize::from(selector) % programs.len()) else { return };
    let (messages, profiles) = match rest.iter().position(|&b| b == 0) {
        Some(i) => (rest.get(..i).unwrap_or_default(), rest.get(i + 1..)),
        None => (rest, None),
    };
    let profiles = match profiles.map(std::str::from_utf8) {
        None => None,
        Some(Ok(p)) => Some(p),
        Some(Err(_)) => return, // The CLI reads the profiles file as text; the package a string.
    };
    let options = sim::Options { decisions: true, ..sim::Options::default() };
    // The CLI's path: bytes, line by line.
    let Some(first) = replay_bytes(program, messages, profiles, &options) else { return };
    let (summary, decisions) = &first;
    lines_are_all_counted(messages, summary);
    assert!(
        summary.evaluations <= summary.profiles * u64::from(MAX_EVALUATIONS_PER_USER),
        "{} evaluations for {} users",
        summary.evaluations,
        summary.profiles
    );
    assert!(serde_json::from_str::<Value>(&summary.to_json()).is_ok(), "summary is not JSON");
    for line in decisions.lines() {
        assert!(serde_json::from_str::<Value>(line).is_ok(), "decision is not JSON: {line}");
    }
    // Deterministic: again, split over three threads, and over text (the package's path) when
    // the input is text; one comparison covers the three (a fuzzer's time is best spent on new
    // inputs, not on a third and fourth replay of each).
    let threads = sim::Options { jobs: 3, ..options };
    if let Ok(text) = std::str::from_utf8(messages) {
        match sim::replay_text(program, text, profiles, &threads) {
            Ok(r) => {
                assert!(
                    r.summary == *summary,
                    "replay_text on 3 threads and the byte reader differ"
                );
                assert!(r.decisions == *decisions, "replay_text's decisions differ");
            }
            Err(e) => panic!("replay_text failed where the byte reader did not: {e}"),
        }
        match sim::diff_text(program, program, text, profiles, &sim::Options::default()) {
            Ok(d) => {
                assert_eq!(d.differing, 0, "a program differs from itself: {:?}", d.first);
                assert!(d.old == d.new, "a program's two summaries differ");
            }
            Err(e) => panic!("diff_text failed where replay did not: {e}"),
        }
    } else {
        let split = replay_bytes(program, messages, profiles, &threads);
        assert!(split.as_ref() == Some(&first), "--jobs 3 answers differently");
    }
}

/// A replay over bytes, as `herald replay` reads a file: the summary and the decisions, or
/// `None` when the profiles are refused (a typed error, `ProfilesError`, the CLI's exit 2).
fn replay_bytes(
    program: &Program,
    messages: &[u8],
    profiles: Option<&str>,
    options: &sim::Options,
) -> Option<(sim::Summary, String)> {
    let indexed = match sim::index_reader(messages, sim::Indexer::in_memory(), &mut |_| {}) {
        Ok(i) => i,
        Err(e) => panic!("indexing bytes held in memory failed: {e}"),
    };
    let mut out = Vec::new();
    let summary = match profiles {
        Some(p) => {
            let mut p = Profiles::parse(p).ok()?;
            sim::replay(program, indexed, &mut p, options, &mut out, &mut |_| {})
        }
        None => sim::replay(program, indexed, &mut NoProfiles, options, &mut out, &mut |_| {}),
    };
    let summary = match summary {
        Ok(s) => s,
        Err(e) => panic!("a replay in memory failed: {e}"),
    };
    let Ok(decisions) = String::from_utf8(out) else { panic!("decisions are not UTF-8") };
    Some((summary, decisions))
}

/// Every non-blank line is counted once: a message, a skipped message or a bad line; the bad
/// lines named are the first ones, in order, within the input.
fn lines_are_all_counted(messages: &[u8], summary: &sim::Summary) {
    let lines: Vec<&[u8]> = messages.split(|&b| b == b'\n').collect();
    // A line past the limit is a bad line even when it is all white space.
    let blank = |l: &[u8]| l.len() <= sim::MAX_LINE_BYTES && is_blank(l);
    let non_blank = lines.iter().filter(|l| !blank(l)).count() as u64;
    assert_eq!(
        summary.messages + summary.skipped + summary.errors,
        non_blank,
        "messages {} + skipped {} + errors {} vs {non_blank} non-blank lines",
        summary.messages,
        summary.skipped,
        summary.errors
    );
    let named = summary.error_lines.len() as u64;
    assert_eq!(named, summary.errors.min(sim::FIRST_N as u64), "{:?}", summary.error_lines);
    assert!(summary.error_lines.windows(2).all(|w| w[0] < w[1]), "{:?}", summary.error_lines);
    assert!(summary.error_lines.iter().all(|&l| l >= 1 && l <= lines.len() as u64));
}
