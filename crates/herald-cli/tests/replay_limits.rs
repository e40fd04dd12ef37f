//! The simulator's limits and hostile inputs (docs/reliability.md, "Limits"): a user past
//! `MAX_EVALUATIONS_PER_USER` is stopped and named in the summary while the others go on; a
//! line past `MAX_LINE_BYTES` is a bad line, skipped unread by the CLI's reader and counted the
//! same by the in-memory one (the npm package's); and `herald replay`, `herald diff`,
//! `herald test` and `herald eval --carry-state` answer hostile files without a panic.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use herald_engine::sim::{self, NoProfiles, Options, MAX_EVALUATIONS_PER_USER, MAX_LINE_BYTES};
use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

const HERALD: &str = env!("CARGO_BIN_EXE_herald");
const CART_FILE: &str =
    concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/cart_abandonment.herald");
const CART: &str = include_str!("../../../examples/cart_abandonment.herald");

fn track(user: &str, event: &str, time: &str) -> String {
    format!(
        r#"{{"type":"track","userId":"{user}","event":"{event}","properties":{{"value":80}},"timestamp":"{time}"}}"#
    )
}

fn dir() -> PathBuf {
    let d = std::env::temp_dir().join(format!("herald-replay-limits-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn herald(args: &[&str]) -> Output {
    Command::new(HERALD).args(args).output().unwrap()
}

/// Replay through the CLI's reader (bytes, line by line, bounded) and through the in-memory one
/// (`replay_text`, what the package calls): the two summaries must be equal.
fn replay_both_ways(program: &herald_engine::Program, bytes: &[u8]) -> sim::Summary {
    let indexed =
        sim::index_reader(bytes, sim::Indexer::in_memory(), &mut |_| {}).expect("index bytes");
    let mut out = Vec::new();
    let from_bytes =
        sim::replay(program, indexed, &mut NoProfiles, &Options::default(), &mut out, &mut |_| {})
            .unwrap();
    if let Ok(text) = std::str::from_utf8(bytes) {
        let from_text = sim::replay_text(program, text, None, &Options::default()).unwrap();
        assert_eq!(from_text.summary, from_bytes);
    }
    from_bytes
}

#[test]
fn a_user_past_the_evaluation_bound_is_stopped_in_the_summary_and_the_others_go_on() {
    let program = herald_engine::compile(CART).unwrap();
    let mut text = String::new();
    // 10,001 tracks of one user, a minute apart: more evaluations than the bound allows.
    let start = herald_engine::eval::Timestamp::parse("2026-03-01T00:00:00Z").unwrap().0;
    for i in 0..=i64::from(MAX_EVALUATIONS_PER_USER) {
        let t = herald_engine::eval::Timestamp(start + i * 60_000).to_string();
        text.push_str(&track("busy", "Cart Abandoned", &t));
        text.push('\n');
    }
    text.push_str(r#"{"type":"identify","userId":"calm","traits":{"country":"US","phone":"+14155550100"},"timestamp":"2026-02-28T00:00:00Z"}"#);
    text.push('\n');
    text.push_str(&track("calm", "Cart Abandoned", "2026-03-01T00:00:00Z"));
    text.push('\n');
    let s = replay_both_ways(&program, text.as_bytes());
    assert_eq!(s.profiles, 2);
    assert_eq!(s.stopped, 1, "{}", s.to_json());
    assert_eq!(s.stopped_users[0].user, "busy");
    assert_eq!(s.stopped_users[0].error.code(), "too_many_evaluations");
    // "calm" is evaluated: its entry, then its wake-up an hour later and the send.
    assert!(s.evaluations > u64::from(MAX_EVALUATIONS_PER_USER), "{}", s.evaluations);
    assert!(s.evaluations <= u64::from(MAX_EVALUATIONS_PER_USER) + 10, "{}", s.evaluations);
    assert_eq!(s.journey("cart-abandonment").unwrap().entries, 1);
    let json: Value = serde_json::from_str(&s.to_json()).unwrap();
    assert_eq!(json["stopped"], 1, "{json}");
    let first = &json["stopped_users"][0];
    assert_eq!(first["user"], "busy", "{json}");
    assert_eq!(first["code"], "too_many_evaluations", "{json}");
}

#[test]
fn a_line_past_the_limit_is_a_bad_line_in_both_readers_and_the_replay_goes_on() {
    let program = herald_engine::compile(CART).unwrap();
    let long = format!(
        r#"{{"type":"track","userId":"u2","event":"Cart Abandoned","properties":{{"s":"{}"}},"timestamp":"2026-03-08T10:00:00Z"}}"#,
        "a".repeat(MAX_LINE_BYTES)
    );
    let at_limit = format!("{}{}", " ".repeat(MAX_LINE_BYTES - 2), "{}");
    let text = [
        track("u1", "Cart Abandoned", "2026-03-08T10:00:00Z"),
        long,
        at_limit,
        track("u3", "Cart Abandoned", "2026-03-08T10:00:00Z"),
    ]
    .join("\n");
    let s = replay_both_ways(&program, text.as_bytes());
    assert_eq!((s.messages, s.errors), (2, 2));
    // The line past the limit and the one at it (not a message: no type) are bad.
    assert_eq!(s.error_lines, [2, 3]);
    assert_eq!(s.profiles, 2);
}

/// Every kind of hostile line the issue names, in one file, each between good lines.
fn hostile_messages() -> Vec<u8> {
    let good = |u: &str| track(u, "Cart Abandoned", "2026-03-08T10:00:00Z").into_bytes();
    let huge = format!(
        r#"{{"type":"track","userId":"huge","event":"Cart Abandoned","properties":{{"s":"{}"}},"timestamp":"2026-03-08T10:00:00Z"}}"#,
        "x".repeat(5 << 20)
    );
    let lines: Vec<Vec<u8>> = vec![
        good("g1"),
        huge.into_bytes(),                                           // 5 MB: bad
        b"{\"type\":\"track\",\"userId\":\"\xff\xfe\",\"event\":\"x\"}".to_vec(), // not UTF-8: bad
        "[".repeat(100_000).into_bytes(),                            // deep: bad
        "{\"a\":".repeat(100_000).into_bytes(),                      // deep object: bad
        br#"{"type":"track","event":"Cart Abandoned","timestamp":"2026-03-08T10:00:00Z"}"#.to_vec(), // no user: bad
        track("y9999", "Cart Abandoned", "9999-12-31T23:59:59Z").into_bytes(),
        track("y1969", "Cart Abandoned", "1969-07-20T20:17:00Z").into_bytes(),
        track("y0001", "Cart Abandoned", "0001-01-01T00:00:00Z").into_bytes(),
        track("g1", "Order Completed", "2026-03-08T09:00:00Z").into_bytes(), // out of order
        br#"{"type":"track","userId":"nan","event":"Cart Abandoned","properties":{"value":NaN},"timestamp":"2026-03-08T10:00:00Z"}"#.to_vec(), // bad
        br#"{"type":"track","userId":"big","event":"Cart Abandoned","properties":{"value":1e400},"timestamp":"2026-03-08T10:00:00Z"}"#.to_vec(), // bad
        br#"{"type":"track","userId":"far","event":"Cart Abandoned","timestamp":"+10000-01-01T00:00:00Z"}"#.to_vec(), // bad
        br#"{"type":"identify","userId":"g2","traits":{"phone":"+14155550100","timezone":"../../etc/passwd"},"timestamp":"2026-03-08T09:00:00Z"}"#.to_vec(),
        good("g2"),
        b"\r".to_vec(),
        good("g3"),
    ];
    lines.join(&b"\n"[..])
}

#[test]
fn hostile_lines_are_counted_in_the_library_and_the_replay_goes_on() {
    let program = herald_engine::compile(CART).unwrap();
    let bytes = hostile_messages();
    let s = on_big_stack(move || replay_both_ways(&program, &bytes));
    assert_eq!(s.errors, 7, "{:?}", s.error_lines);
    assert_eq!(s.error_lines, [2, 3, 4, 5, 6, 11, 13]);
    assert_eq!(s.messages, 9);
    // g1, y9999, y1969, y0001, big, g2, g3.
    assert_eq!(s.profiles, 7);
    // `1e400` is valid JSON that no number holds: found when the properties are built, it stops
    // that user (as a request the evaluator refuses does), at the message's own time.
    assert_eq!(s.stopped, 1, "{:?}", s.stopped_users);
    assert_eq!(s.stopped_users[0].user, "big");
    assert_eq!(s.stopped_users[0].error.code(), "invalid_message");
    assert!(s.stopped_users[0].error.to_string().ends_with("(at 2026-03-08T10:00:00Z)"));
}

fn on_big_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new().stack_size(1 << 20).spawn(f).unwrap().join().unwrap()
}

#[test]
fn herald_replay_and_diff_answer_hostile_files_the_same_with_any_jobs() {
    let path = dir().join("hostile.ndjson");
    std::fs::write(&path, hostile_messages()).unwrap();
    let p = path.to_str().unwrap();
    let one = herald(&["replay", CART_FILE, p, "--format", "json"]);
    assert!(one.status.success(), "{}", String::from_utf8_lossy(&one.stderr));
    let two = herald(&["replay", CART_FILE, p, "--format", "json", "--jobs", "2"]);
    assert_eq!(one.stdout, two.stdout);
    let json: Value = serde_json::from_slice(&one.stdout).unwrap();
    assert_eq!(json["errors"], 7, "{json}");
    assert_eq!(json["messages"], 9, "{json}");
    let decisions = herald(&["replay", CART_FILE, p, "--decisions", "--format", "json"]);
    assert!(decisions.status.success());
    for line in String::from_utf8(decisions.stdout).unwrap().lines() {
        serde_json::from_str::<Value>(line).unwrap();
    }
    let diff = herald(&["diff", CART_FILE, CART_FILE, p, "--format", "json"]);
    assert!(diff.status.success(), "{}", String::from_utf8_lossy(&diff.stderr));
    let json: Value = serde_json::from_slice(&diff.stdout).unwrap();
    assert_eq!(json["users_differing"], 0, "{json}");
    // Hostile profiles: a line that is not JSON is a usage error naming the line, not a panic.
    let profiles = dir().join("profiles.ndjson");
    std::fs::write(&profiles, b"{\"id\":\"g1\"}\n\xff\n").unwrap();
    let out = herald(&["replay", CART_FILE, p, "--profiles", profiles.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("profiles line 2: the line is not UTF-8"));
}

#[test]
fn herald_eval_carry_state_skips_a_long_line_and_answers_the_next() {
    use std::io::Write;
    let good = r#"{"now":"2026-03-08T10:00:00Z","profile":{"id":"u1","phone":"+14155550100","country":"US"},"event":{"name":"Cart Abandoned","properties":{"value":80}}}"#;
    let mut input = Vec::new();
    input.extend_from_slice(good.as_bytes());
    input.push(b'\n');
    input.extend_from_slice(br#"{"now":"2026-03-08T10:00:00Z","profile":{"id":"u1","x":""#);
    input.extend(std::iter::repeat_n(b'a', 5 << 20));
    input.extend_from_slice(b"\"}}\n");
    input.extend_from_slice(good.replace("10:00", "12:00").as_bytes());
    input.push(b'\n');
    let mut child = Command::new(HERALD)
        .args(["eval", CART_FILE, "--carry-state"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(out.status.success());
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[1]["error"]["code"], "request_too_large", "{}", lines[1]);
    assert_eq!(lines[1]["error"]["line"], 2);
    // The third line got the first one's state (the run entered at 10:00 and waits).
    assert!(lines[2].get("error").is_none(), "{}", lines[2]);
    assert_ne!(lines[2]["state"], Value::Null);
    assert_eq!(lines[0]["decisions"][0]["action"], "enter");
    let actions: Vec<&Value> =
        lines[2]["decisions"].as_array().unwrap().iter().map(|d| &d["action"]).collect();
    assert!(!actions.contains(&&Value::from("enter")), "{}", lines[2]);
}

#[test]
fn herald_test_refuses_files_past_the_limits_without_reading_them_whole() {
    let d = dir();
    // A file of tests apart whose journeys are an endless file.
    let endless = d.join("endless.herald");
    std::fs::write(&endless, "tests for \"/dev/zero\"\n\ntest \"t\" {\n  expect no send\n}\n")
        .unwrap();
    let out = herald(&["test", endless.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("larger than 1048576 bytes"));
    // The file itself endless: a usage error, read to the bound only.
    let out = herald(&["test", "/dev/zero"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("larger than"));
    // Past the source limit: E0001. Not UTF-8: E0002.
    let big = d.join("big.herald");
    std::fs::write(&big, format!("# {}\n", "x".repeat(1 << 20))).unwrap();
    let out = herald(&["test", big.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("E0001"));
    let bad = d.join("bad.herald");
    std::fs::write(&bad, b"journey \"a\" {\xff}\n").unwrap();
    let out = herald(&["test", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("E0002"));
    // A test that moves the clock to the end of time and past it.
    let far = d.join("far.herald");
    std::fs::write(
        &far,
        format!(
            "{CART}\ntest \"far\" {{\n  at \"9999-12-31T23:00:00Z\"\n  profile {{ id \"a\" phone \"+14155550100\" }}\n  event \"Cart Abandoned\"\n  after 100000 days\n  expect no send\n}}\n"
        ),
    )
    .unwrap();
    let out = herald(&["test", far.to_str().unwrap()]);
    assert!(out.status.code().is_some_and(|c| c <= 1), "{out:?}");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"), "{out:?}");
}

#[test]
fn a_directory_loop_is_not_followed() {
    let d = dir().join("loop");
    std::fs::create_dir_all(&d).unwrap();
    let test = "test \"t\" {\n  at \"2026-03-01T10:00:00Z\"\n  expect no send\n}\n";
    std::fs::write(d.join("a.herald"), format!("{CART}\n{test}")).unwrap();
    let link = d.join("again");
    let _ = std::fs::remove_file(&link);
    #[cfg(unix)]
    std::os::unix::fs::symlink(&d, &link).unwrap();
    let out = herald(&["test", d.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("1 passed"), "{stdout}");
}
