//! Hostile input, end to end (SPEC §5, docs/reliability.md): 5 MB strings, 100,000-deep JSON,
//! NaN and huge numbers, invalid UTF-8, every field of the wrong type, time zones that do not
//! exist, instants in year 9999 and before 1970. Each is answered — a response or a typed error —
//! by the library on a 1 MiB stack (a WebAssembly instance's), and by `herald eval`, which answers
//! every line and loses none of the good ones between the bad. The npm package's twin is
//! pkg/tests/hostile.test.mjs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use herald_engine::{compile, Program};
use serde_json::{json, Value};
use std::io::Write;
use std::process::{Command, Stdio};

const CODES: [&str; 9] = [
    "invalid_json",
    "invalid_request",
    "invalid_state",
    "invalid_prices",
    "too_many_events",
    "state_too_large",
    "request_too_large",
    "event_too_large",
    "trace_too_large",
];

/// Every time rule of the language in one program: waits, `wait until`, quiet hours, a `wait
/// for` deadline, the time functions, caps and a budget.
const TIMEKEEPER: &str = r#"policy {
  limit 3 messages per 1 day
  quiet hours 21:00 to 08:00
  timezone "America/New_York"
}

journey "clock" {
  when event "tick"
  reentry always
  budget $1 per entry
  if days_since(profile.since) > 1 or hours_since(now) == 0 {
    send push "{{ days_since(profile.since) }} {{ now }}"
  }
  wait until 09:30
  send sms "morning {{ profile.name ?? "you" }}"
  wait 1 day
  wait for event "reply" within 2 days {
    send email "thanks"
  } timeout {
    send webhook "no reply"
  }
}
"#;

fn program() -> Program {
    compile(TIMEKEEPER).unwrap()
}

fn valid_request() -> Value {
    json!({
        "now": "2026-03-08T14:00:00Z",
        "profile": {"id": "u1", "timezone": "Europe/Berlin", "phone": "+14155550100",
                    "email": "a@example.com", "push_token": "tok", "name": "Ana",
                    "since": "2026-01-01", "unread": 0, "subscriptions": {"sms": "subscribed"},
                    "events": [{"name": "reply", "time": "2026-03-01T00:00:00Z", "properties": {}}]},
        "event": {"name": "tick", "time": "2026-03-08T13:59:00Z", "properties": {"a": 1}},
        "state": null,
        "explain": true
    })
}

/// A request or error: JSON, and an error has one of the documented codes.
fn assert_answered(text: &str, out: &str) -> Value {
    let v: Value = serde_json::from_str(out)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {out}\n--- request: {}", preview(text)));
    if let Some(err) = v.get("error") {
        let code = err["code"].as_str().unwrap_or("");
        assert!(CODES.contains(&code), "unknown error code {code}: {out}");
        assert!(!err["message"].as_str().unwrap_or("").is_empty(), "{out}");
    } else {
        assert!(v["decisions"].is_array() && v["state"].is_object(), "{out}");
    }
    v
}

fn preview(text: &str) -> String {
    text.chars().take(300).collect()
}

fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new().stack_size(1 << 20).spawn(f).unwrap().join().unwrap()
}

/// Every path of a JSON value (object keys and array items), as pointers.
fn paths(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                let p = format!("{at}/{k}");
                out.push(p.clone());
                paths(child, p, out);
            }
        }
        Value::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                let p = format!("{at}/{i}");
                out.push(p.clone());
                paths(child, p, out);
            }
        }
        _ => {}
    }
}

/// The valid request with the value at each path replaced by each value of another type.
fn wrong_types() -> Vec<(String, String)> {
    let base = valid_request();
    let mut all = Vec::new();
    paths(&base, String::new(), &mut all);
    let others = [
        json!(null),
        json!(true),
        json!(-1),
        json!(1.5e300),
        json!("text"),
        json!(""),
        json!([]),
        json!([1, "a", null]),
        json!({}),
        json!({"x": {"y": []}}),
    ];
    let mut out = Vec::new();
    for p in &all {
        for other in &others {
            let mut r = base.clone();
            *r.pointer_mut(p).unwrap() = other.clone();
            out.push((format!("{p} = {other}"), r.to_string()));
        }
    }
    out
}

/// Requests built to hurt: sizes, depths, numbers, encodings, zones and instants at the edges.
fn hostile_texts() -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = Vec::new();
    let mut add = |label: &str, text: String| out.push((label.to_string(), text.into_bytes()));
    let base = valid_request();
    let with = |pointer: &str, raw: &str| {
        let marker = "\"@@HOLE@@\"";
        let mut r = base.clone();
        *r.pointer_mut(pointer).unwrap() = json!("@@HOLE@@");
        r.to_string().replace(marker, raw)
    };
    // 5 MB strings: the request over its limit, and a 3 MB string under it.
    let five_mb = "x".repeat(5 << 20);
    add("5 MB name", with("/profile/name", &format!("\"{five_mb}\"")));
    add("5 MB event property", with("/event/properties/a", &format!("\"{five_mb}\"")));
    let three_mb = "é".repeat(3 << 19);
    add("3 MB name", with("/profile/name", &format!("\"{three_mb}\"")));
    add("3 MB event property", with("/event/properties/a", &format!("\"{three_mb}\"")));
    add("3 MB event name", with("/event/name", &format!("\"{three_mb}\"")));
    add("3 MB key", with("/profile/name", &format!("{{\"{three_mb}\": 1}}")));
    // 100,000-deep JSON, everywhere JSON is read.
    let deep_array = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let deep_object = format!("{}1{}", "{\"a\":".repeat(100_000), "}".repeat(100_000));
    let unclosed = "[".repeat(100_000);
    add("deep request", deep_array.clone());
    add("deep unclosed", unclosed.clone());
    for p in [
        "/profile/name",
        "/profile/unread",
        "/profile/events",
        "/event/properties/a",
        "/event/properties",
        "/state",
        "/explain",
    ] {
        add(&format!("deep array at {p}"), with(p, &deep_array));
        add(&format!("deep object at {p}"), with(p, &deep_object));
        add(&format!("unclosed at {p}"), with(p, &unclosed));
    }
    let mut prices = base.clone();
    prices["prices"] = json!("@@HOLE@@");
    add("deep prices", prices.to_string().replace("\"@@HOLE@@\"", &deep_object));
    // Numbers: NaN is not JSON; huge and tiny ones are.
    for n in ["NaN", "Infinity", "-Infinity", "1e400", "-1e400", "1e-400", "1.7976931348623157e308"]
    {
        add(&format!("number {n} in a trait"), with("/profile/name", n));
        add(&format!("number {n} as the id"), with("/profile/id", n));
        add(&format!("number {n} in the event"), with("/event/properties/a", n));
    }
    add("huge integer id", with("/profile/id", "123456789012345678901234567890"));
    add("negative id", with("/profile/id", "-1"));
    add("fractional id", with("/profile/id", "1.5"));
    // Unicode edges: lone surrogates, NUL, the replacement character, a BOM.
    add("lone surrogate", with("/profile/name", "\"\\ud800\""));
    add("escaped NUL", with("/profile/name", "\"a\\u0000b\""));
    add("BOM", format!("\u{feff}{}", base));
    // Time zones that do not exist, and names that look like paths.
    for tz in ["Mars/Olympus", "", "../../etc/passwd", "America/New_York\u{0}", "UTC+25", "utc"] {
        add(&format!("time zone {tz:?}"), with("/profile/timezone", &json!(tz).to_string()));
    }
    // Instants at the ends of the range, before 1970, and past it.
    for now in [
        "9999-12-31T23:59:59.999Z",
        "9999-12-31T23:59:59Z",
        "9999-12-31T10:00:00-14:00",
        "0001-01-01T00:00:00Z",
        "0001-01-01T00:00:00+14:00",
        "1969-12-31T23:59:59.999Z",
        "1900-01-01T00:00:00Z",
        "1883-11-18T17:00:00Z",
        "10000-01-01T00:00:00Z",
        "0000-12-31T23:59:59Z",
        "-0001-01-01T00:00:00Z",
        "2026-02-29T00:00:00Z",
    ] {
        for tz in ["Pacific/Kiritimati", "Pacific/Pago_Pago", "Africa/Monrovia", "Europe/Amsterdam"]
        {
            let mut r = base.clone();
            r["now"] = json!(now);
            r["profile"]["timezone"] = json!(tz);
            r["profile"]["since"] = json!(now);
            r["event"]["time"] = json!(now);
            add(&format!("now {now} in {tz}"), r.to_string());
        }
    }
    // Not UTF-8 at all.
    out.push(("invalid UTF-8".into(), b"{\"now\": \"\xff\xfe\"}".to_vec()));
    out.push(("truncated UTF-8".into(), b"{\"now\": \"\xe2\x82".to_vec()));
    for (label, text) in wrong_types() {
        out.push((label, text.into_bytes()));
    }
    out
}

#[test]
fn the_library_answers_every_hostile_request() {
    let answered = on_small_stack(|| {
        let program = program();
        let mut answered = 0;
        for (label, bytes) in hostile_texts() {
            let Ok(text) = std::str::from_utf8(&bytes) else { continue };
            let out = program.evaluate_json(text);
            let v = assert_answered(text, &out);
            // Requests past the size limit are refused by size, whatever they hold.
            if text.len() > herald_engine::eval::MAX_REQUEST_BYTES {
                assert_eq!(v["error"]["code"], "request_too_large", "{label}");
            }
            // Every instant herald writes reads back.
            for d in v["decisions"].as_array().into_iter().flatten() {
                for key in ["at", "until"] {
                    if let Some(t) = d[key].as_str() {
                        assert!(herald_engine::eval::Timestamp::parse(t).is_some(), "{label}: {t}");
                    }
                }
            }
            answered += 1;
        }
        answered
    });
    assert!(answered > 300, "{answered}");
}

#[test]
fn the_time_rules_work_at_both_ends_of_the_calendar() {
    let program = program();
    for (now, tz) in [
        ("9999-12-31T23:59:59.999Z", "Pacific/Kiritimati"),
        ("9999-12-31T12:00:00Z", "America/New_York"),
        ("0001-01-01T00:00:00Z", "Pacific/Pago_Pago"),
        ("1969-12-31T23:59:59.999Z", "Africa/Monrovia"),
        ("1900-06-01T12:00:00Z", "Europe/Amsterdam"),
    ] {
        let mut r = valid_request();
        r["now"] = json!(now);
        r["profile"]["timezone"] = json!(tz);
        let out = program.evaluate_json(&r.to_string());
        let v: Value = serde_json::from_str(&out).unwrap();
        assert!(v.get("error").is_none(), "{now} {tz}: {out}");
        // The run enters and waits for 09:30 local, or sends and waits a day: every wake time
        // is inside the printable range, never before now.
        let state = &v["state"]["journeys"]["clock"]["run"];
        if let Some(until) = state["until"].as_str() {
            assert!(until >= now || now.starts_with("9999"), "{now} {tz}: {until}");
        }
        // A tick at the wake time (or at the end of time) is answered too.
        let mut tick = json!({"now": v["wake_at"].as_str().unwrap_or("9999-12-31T23:59:59.999Z"),
                              "profile": r["profile"], "state": v["state"]});
        let out = program.evaluate_json(&tick.to_string());
        assert!(serde_json::from_str::<Value>(&out).unwrap().get("error").is_none(), "{out}");
        tick["now"] = json!("9999-12-31T23:59:59.999Z");
        let out = program.evaluate_json(&tick.to_string());
        assert!(serde_json::from_str::<Value>(&out).unwrap().get("error").is_none(), "{out}");
    }
}

#[test]
fn wrong_types_of_herald_fields_are_invalid_requests_naming_the_field() {
    let program = program();
    let mut missing = Vec::new();
    for (pointer, field) in [
        ("/now", "now"),
        ("/profile", "profile"),
        ("/profile/id", "id"),
        ("/profile/timezone", "timezone"),
        ("/profile/phone", "phone"),
        ("/profile/subscriptions", "subscriptions"),
        ("/event", "event"),
        ("/event/name", "name"),
        ("/event/time", "time"),
        ("/explain", "explain"),
    ] {
        let mut r = valid_request();
        *r.pointer_mut(pointer).unwrap() = json!([1]);
        let out: Value = serde_json::from_str(&program.evaluate_json(&r.to_string())).unwrap();
        assert_eq!(out["error"]["code"], "invalid_request", "{pointer}: {out}");
        let message = out["error"]["message"].as_str().unwrap().to_string();
        if !message.contains(field) {
            missing.push(format!("{pointer}: {message}"));
        }
    }
    assert!(missing.is_empty(), "messages that do not name their field:\n{}", missing.join("\n"));
}

/// SPEC §6: past events are validated only when the program reads them. The timekeeper never
/// counts events, so a wrong `events` is not its business; a program that counts refuses it.
#[test]
fn wrong_past_events_are_refused_only_by_a_program_that_reads_them() {
    let mut r = valid_request();
    r["profile"]["events"] = json!([1]);
    let out: Value = serde_json::from_str(&program().evaluate_json(&r.to_string())).unwrap();
    assert!(out.get("error").is_none(), "the timekeeper reads no past events: {out}");
    let counting = compile(
        "journey \"c\" {\n  when event \"tick\"\n  if count(event \"reply\" within 30 days) > 0 {\n    send push \"x\"\n  }\n}\n",
    )
    .unwrap();
    let out: Value = serde_json::from_str(&counting.evaluate_json(&r.to_string())).unwrap();
    assert_eq!(out["error"]["code"], "invalid_request", "{out}");
    let message = out["error"]["message"].as_str().unwrap();
    assert!(message.contains("events"), "the message names the field: {message}");
}

#[test]
fn a_policy_zone_that_does_not_exist_is_a_check_error_and_a_profile_zone_falls_back() {
    let diagnostics = herald_engine::check_source(
        "policy {\n  timezone \"Mars/Olympus\"\n}\n\njourney \"j\" {\n  when event \"e\"\n  send push \"x\"\n}\n",
    );
    assert!(diagnostics.has_errors(), "{diagnostics:?}");
    let program = program();
    let mut r = valid_request();
    r["profile"]["timezone"] = json!("Mars/Olympus");
    let out = program.evaluate_json(&r.to_string());
    assert!(out.contains("Mars/Olympus"), "the trace names the unknown zone: {out}");
}

#[test]
fn hostile_sources_get_their_errors() {
    let big = format!(
        "journey \"j\" {{\n  when event \"e\"\n  send sms \"{}\"\n}}\n",
        "x".repeat(5 << 20)
    );
    assert_eq!(herald_engine::check_source(&big).0[0].code, "E0001");
    assert!(herald_engine::format(&big).is_err());
    let big_comment = format!("# {}\n", "x".repeat(5 << 20));
    assert_eq!(herald_engine::check_source(&big_comment).0[0].code, "E0001");
    let braces = "{".repeat(100_000);
    on_small_stack(move || {
        assert_eq!(herald_engine::check_source(&braces).0[0].code, "E0003");
    });
    // Not UTF-8: the CLI reports E0002.
    let dir = std::env::temp_dir().join(format!("herald-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("latin1.herald");
    std::fs::write(&file, b"journey \"caf\xe9\" {\n  when event \"e\"\n  stop\n}\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_herald"))
        .args(["check", "--format", "json", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("E0002"), "{out:?}");
}

/// `herald eval` on a stream of every hostile line, each followed by a good one: one answer per
/// line, in order, and every good line answered exactly as it is alone.
#[test]
fn the_cli_answers_every_line_and_loses_none_of_the_good_ones() {
    let dir = std::env::temp_dir().join(format!("herald-hostile-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("timekeeper.herald");
    std::fs::write(&file, TIMEKEEPER).unwrap();
    let program = program();
    let good = valid_request().to_string();
    let good_answer = program.evaluate_json(&good);
    let hostile = hostile_texts();
    let mut input = Vec::new();
    for (_, bytes) in &hostile {
        input.extend_from_slice(bytes);
        input.push(b'\n');
        input.extend_from_slice(good.as_bytes());
        input.push(b'\n');
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_herald"))
        .args(["eval", file.to_str().unwrap()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2 * hostile.len(), "one answer per line");
    for (i, (label, bytes)) in hostile.iter().enumerate() {
        let text = String::from_utf8_lossy(bytes);
        let answer = assert_answered(&text, lines[2 * i]);
        if std::str::from_utf8(bytes).is_err() {
            assert_eq!(answer["error"]["code"], "invalid_json", "{label}");
        }
        assert_eq!(lines[2 * i + 1], good_answer, "the good line after {label}");
    }
}
