//! The public API of herald-engine (docs/api.md), used as an outside crate uses it: every item
//! is named here, so removing or renaming one breaks this build (and must then be a decision,
//! written in docs/api.md), and the main paths are exercised for real behaviour.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use herald_engine::cost::{
    Amount, Analysis, AnalysisForm, AnalyzeOptions, Campaign, CountryCode, CountrySource, Currency,
    Edge, Encoding, JourneyAnalysis, Node, NodeKind, PriceError, PriceTable, Quote, Rate,
    RateLookup, RunsNote, SmsSegments, Unit, VariantCost,
};
use herald_engine::diagnostics::{codes, Code, DiagnosticJson, LineIndex, Span};
use herald_engine::eval::{
    Action, Cost, Decision, Event, JourneyState, KeyState, Location, PastEventKey, PreparedProfile,
    ProfileKey, Reason, RequestField, RuleError, RunState, SendRecord, State, StreamOptions,
    StreamStats, Timestamp, Total, TraceEntry, TraceValue, Waiting,
};
use herald_engine::json::{Map, Number, Value};
use herald_engine::program::{EventWindow, FORMAT_VERSION, MAGIC, MAX_PAYLOAD_BYTES};
use herald_engine::sim::{
    DiffReport, DifferingUser, Indexed, Indexer, JourneyStats, KeepProperties, Kind, Line,
    LineCounts, LineError, Message, NoProfiles, Options, ProfileIndex, ProfileSource, Profiles,
    ProfilesError, Replay, ReplayError, SampleOptions, Session, Simulator, StoppedUser, Summary,
    TempFiles, UserError, UserOutcome,
};
use herald_engine::testing::{Failure, TestFile, TestReport, TestResult};
use herald_engine::{
    Channel, Diagnostic, Diagnostics, LoadError, Program, Request, RequestError, Response, Severity,
};
use std::any::type_name;

const WELCOME: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/welcome.herald"));
const WELCOME_TESTS: &str =
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/tests/welcome.herald"));

fn uses_trait<T: ProfileSource>() -> &'static str {
    type_name::<T>()
}

/// Every public type, constant and function by name. Compiling is the test; the assertion only
/// keeps the names from being optimised into nothing.
#[test]
fn every_public_item_is_there() {
    let types = [
        // the root
        type_name::<Channel>(),
        type_name::<Diagnostic>(),
        type_name::<Diagnostics>(),
        type_name::<Severity>(),
        type_name::<LoadError>(),
        type_name::<Program>(),
        type_name::<Request>(),
        type_name::<RequestError>(),
        type_name::<Response>(),
        // program
        type_name::<EventWindow>(),
        // json
        type_name::<Value>(),
        type_name::<Number>(),
        type_name::<Map<String, Value>>(),
        // eval
        type_name::<Action>(),
        type_name::<Cost>(),
        type_name::<Decision>(),
        type_name::<Event>(),
        type_name::<JourneyState>(),
        type_name::<KeyState>(),
        type_name::<Location>(),
        type_name::<PastEventKey>(),
        type_name::<PreparedProfile>(),
        type_name::<ProfileKey>(),
        type_name::<Reason>(),
        type_name::<RequestField>(),
        type_name::<RuleError>(),
        type_name::<RunState>(),
        type_name::<SendRecord>(),
        type_name::<State>(),
        type_name::<StreamOptions>(),
        type_name::<StreamStats>(),
        type_name::<Timestamp>(),
        type_name::<Total>(),
        type_name::<TraceEntry>(),
        type_name::<TraceValue>(),
        type_name::<Waiting>(),
        // sim
        type_name::<DiffReport>(),
        type_name::<DifferingUser>(),
        type_name::<Indexed>(),
        type_name::<Indexer>(),
        type_name::<JourneyStats>(),
        type_name::<KeepProperties>(),
        type_name::<Kind>(),
        type_name::<Line>(),
        type_name::<LineCounts>(),
        type_name::<LineError>(),
        type_name::<Message>(),
        type_name::<NoProfiles>(),
        type_name::<Options>(),
        type_name::<ProfileIndex<std::fs::File>>(),
        uses_trait::<Profiles>(),
        type_name::<ProfilesError>(),
        type_name::<Replay>(),
        type_name::<ReplayError>(),
        type_name::<SampleOptions>(),
        type_name::<Session<'static>>(),
        type_name::<Simulator>(),
        type_name::<StoppedUser>(),
        type_name::<Summary>(),
        type_name::<TempFiles>(),
        type_name::<UserError>(),
        type_name::<UserOutcome>(),
        // testing
        type_name::<Failure>(),
        type_name::<TestFile>(),
        type_name::<TestReport>(),
        type_name::<TestResult>(),
        // cost
        type_name::<Amount>(),
        type_name::<Analysis>(),
        type_name::<AnalysisForm<'static>>(),
        type_name::<AnalyzeOptions>(),
        type_name::<Campaign>(),
        type_name::<CountryCode>(),
        type_name::<CountrySource>(),
        type_name::<Currency>(),
        type_name::<Edge>(),
        type_name::<Encoding>(),
        type_name::<JourneyAnalysis>(),
        type_name::<Node>(),
        type_name::<NodeKind>(),
        type_name::<PriceError>(),
        type_name::<PriceTable>(),
        type_name::<Quote>(),
        type_name::<Rate>(),
        type_name::<RateLookup>(),
        type_name::<RunsNote>(),
        type_name::<SmsSegments>(),
        type_name::<Unit>(),
        type_name::<VariantCost>(),
        // diagnostics
        type_name::<Code>(),
        type_name::<DiagnosticJson>(),
        type_name::<LineIndex<'static>>(),
        type_name::<Span>(),
    ];
    assert!(types.iter().all(|t| !t.is_empty()));

    let limits = [
        MAX_PAYLOAD_BYTES,
        herald_engine::syntax::MAX_SOURCE_BYTES,
        herald_engine::syntax::MAX_EXPR_DEPTH,
        herald_engine::syntax::MAX_NESTING,
        herald_engine::eval::MAX_REQUEST_BYTES,
        herald_engine::eval::MAX_PROFILE_EVENTS,
        herald_engine::eval::MAX_STATE_BYTES,
        herald_engine::eval::MAX_STATE_JOURNEYS,
        herald_engine::eval::MAX_STATE_SENDS,
        herald_engine::eval::MAX_TRIGGER_EVENT_BYTES,
        herald_engine::eval::MAX_KEYED_RUNS,
        herald_engine::eval::MAX_KEY_RECORDS,
        herald_engine::eval::MAX_KEY_BYTES,
        herald_engine::eval::MAX_STATE_TRAITS,
        herald_engine::eval::MAX_TRACE_ENTRIES,
        herald_engine::eval::MAX_TRAIT_BYTES,
        herald_engine::sim::MAX_LINE_BYTES,
        herald_engine::sim::DEFAULT_BUFFER_BYTES,
        herald_engine::sim::FIRST_N,
    ];
    assert!(limits.iter().all(|&n| n > 0));
    const {
        assert!(herald_engine::sim::MAX_EVALUATIONS_PER_USER > 0);
        assert!(herald_engine::sim::DEFAULT_TAIL_MS > 0);
        assert!(herald_engine::eval::STATE_VERSION > 0);
        assert!(FORMAT_VERSION > 0);
        assert!(!MAGIC.is_empty());
    }
    assert_eq!(herald_engine::testing::DEFAULT_PROFILE_ID, "test");
    assert_eq!(codes::INVALID_UTF8.as_str(), "E0002");

    // Functions and methods by path: a removed one does not compile.
    let _ = (herald_engine::compile, herald_engine::compile_with_prices);
    let _ = (herald_engine::program::compile, herald_engine::program::compile_with_prices);
    let _ = (herald_engine::check_source, herald_engine::format, herald_engine::source_text);
    let _ = (herald_engine::sms_segments, herald_engine::cost::sms_segments);
    let _ = (Program::journey_ids, Program::warnings, Program::source, Program::prices);
    let _ = (Program::analyze, Program::analyze_with_prices, Program::profile_keys);
    let _ = (Program::counted_events, Program::reads_event_list, Program::mentions_event);
    let _ = (Program::counts_event_properties, Program::event_window, Program::event_keys);
    let _ = (Program::incoming_events, Program::save, Program::load, Program::test);
    let _ = (Program::evaluate, Program::evaluate_json, Program::try_evaluate_json);
    let _ = Program::prepare_profile;
    let _ = Program::evaluate_ndjson::<&[u8], Vec<u8>>;
    let _ = Program::evaluate_ndjson_with::<&[u8], Vec<u8>>;
    let _ = (TestFile::parse, TestFile::has_tests, TestFile::tests_for, TestFile::check);
    let _ = (TestFile::check_against_source, TestFile::run);
    let _ = |r: &[u8]| herald_engine::sim::index_reader(r, Indexer::in_memory(), &mut |_| {});
    let _ = herald_engine::sim::index_text;
    let _ = (herald_engine::sim::index_text_keeping, herald_engine::sim::write_decision_line);
    let _ = (herald_engine::sim::replay, herald_engine::sim::replay_text);
    let _ = (herald_engine::sim::diff, herald_engine::sim::diff_text);
    let _ = (herald_engine::sim::read_line, herald_engine::sim::write_sample);
    let _ = (Timestamp::parse, Timestamp::millis, PriceTable::builtin, PriceTable::parse);
}

#[test]
fn compile_evaluate_save_and_load() {
    let program = herald_engine::compile(WELCOME).unwrap();
    assert_eq!(program.journey_ids(), ["welcome-series"]);
    assert_eq!(program.source(), WELCOME);
    assert!(program.mentions_event("Signed Up"));
    assert!(program.incoming_events().contains(&"Order Completed"));
    let request: Request = serde_json::from_value(serde_json::json!({
        "now": "2026-03-02T15:00:00Z",
        "profile": {"id": "ana", "email": "ana@example.com", "timezone": "America/New_York"},
        "event": {"name": "Signed Up"},
    }))
    .unwrap();
    let response: Response = program.evaluate(&request).unwrap();
    let send = response.decisions.iter().find(|d| d.action == Action::Send).unwrap();
    assert_eq!(send.channel, Some(Channel::Email));
    assert_eq!(send.template.as_deref(), Some("welcome_1"));
    assert!(response.wake_at.is_some(), "the journey waits two days");

    // A saved program answers byte for byte as the one it was saved from.
    let loaded = Program::load(&program.save().unwrap()).unwrap();
    let text = serde_json::to_string(&request).unwrap();
    assert_eq!(loaded.evaluate_json(&text), program.evaluate_json(&text));
    assert!(matches!(Program::load(b"not a program"), Err(LoadError::NotAProgram(_))));

    // A bad request is a typed error with a stable code.
    let err: RequestError = program.try_evaluate_json("{").unwrap_err();
    assert_eq!(err.code(), "invalid_json");

    // The request's JSON values are herald's, built by hand or from serde_json's.
    let mut request = request;
    request.profile.insert("plan".into(), Value::from("pro"));
    assert_eq!(request.profile.get("plan").and_then(Value::as_str), Some("pro"));
    assert_eq!(request.profile.keys().collect::<Vec<_>>(), ["email", "id", "plan", "timezone"]);
    let from_serde: Map<String, Value> =
        serde_json::json!({"n": 1, "x": 1.5}).as_object().unwrap().clone().into();
    assert_eq!(from_serde.get("n"), Some(&Value::Number(Number::from(1u64))));
    assert_eq!(from_serde.get("x").and_then(Value::as_f64), Some(1.5));
    assert!(program.evaluate(&request).is_ok());
}

#[test]
fn diagnostics_format_segments_and_source_text() {
    let diagnostics: Diagnostics =
        herald_engine::check_source("journey \"x\" {\n  when event \"e\"\n  send smss \"hi\"\n}\n");
    assert!(diagnostics.has_errors());
    let first: &Diagnostic = &diagnostics.0[0];
    assert_eq!(first.severity, Severity::Error);
    assert!(herald_engine::compile("journey {").is_err());

    let formatted = herald_engine::format("journey \"x\" {\nwhen event \"e\"\nstop\n}\n").unwrap();
    assert_eq!(formatted, "journey \"x\" {\n  when event \"e\"\n\n  stop\n}\n");
    assert_eq!(herald_engine::format(&formatted).unwrap(), formatted, "idempotent");

    let segments: SmsSegments = herald_engine::sms_segments("hello");
    assert_eq!((segments.encoding, segments.segments), (Encoding::Gsm7, 1));

    assert_eq!(herald_engine::source_text(b"journey").unwrap(), "journey");
    let bad = herald_engine::source_text(b"caf\xe9").unwrap_err();
    assert_eq!(bad.0[0].code, codes::INVALID_UTF8);
    assert_eq!(bad.0[0].span, Span::new(3, 4));
}

#[test]
fn tests_of_a_file_apart_run_on_its_journeys() {
    let tests = TestFile::parse(WELCOME_TESTS).unwrap();
    assert!(tests.has_tests());
    let (path, _span) = tests.tests_for().unwrap();
    assert_eq!(path, "../welcome.herald");
    let program = herald_engine::compile(WELCOME).unwrap();
    assert!(tests.check(&program).iter().all(|d| !d.is_error()));
    assert!(tests.check_against_source("journey {").is_err(), "the journeys do not parse");
    let report: TestReport = tests.run(&program);
    assert!(report.tests.len() >= 2);
    assert_eq!(report.failed, 0, "{report:?}");

    // A test that names a journey the program lacks: E0451.
    let naming = TestFile::parse(concat!(
        "tests for \"x.herald\"\n",
        "test \"t\" {\n  at \"2026-03-02T15:00:00Z\"\n  profile { id \"a\" }\n",
        "  event \"e\"\n  expect enter journey \"nope\"\n}\n",
    ))
    .unwrap();
    let other = herald_engine::compile("journey \"x\" {\n  when event \"e\"\n  stop\n}\n").unwrap();
    assert!(naming.check(&other).iter().any(|d| d.code == codes::TEST_UNKNOWN_JOURNEY));
    assert!(naming.check_against_source(WELCOME).unwrap().iter().any(|d| d.is_error()));
}

#[test]
fn analysis_and_replay() {
    let program = herald_engine::compile(WELCOME).unwrap();
    let analysis: Analysis = program.analyze(&AnalyzeOptions::default());
    let journey: &JourneyAnalysis = &analysis.journeys[0];
    assert_eq!(journey.id, "welcome-series");
    assert!(journey.max_messages >= 1);

    let messages = concat!(
        r#"{"type":"identify","userId":"ana","timestamp":"2026-03-02T15:00:00Z","traits":{"email":"ana@example.com"}}"#,
        "\n",
        r#"{"type":"track","userId":"ana","event":"Signed Up","timestamp":"2026-03-02T15:00:01Z"}"#,
        "\n",
    );
    let replay: Replay =
        herald_engine::sim::replay_text(&program, messages, None, &Options::default()).unwrap();
    assert_eq!(replay.summary.profiles, 1);
    assert!(replay.summary.messages >= 1);
}
