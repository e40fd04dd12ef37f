//! The `herald` binary end to end: exit codes, output shapes (SPEC §4).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn herald(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_herald"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The command may exit before reading its input (a compile error): ignore a broken pipe.
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    child.wait_with_output().unwrap()
}

fn temp_file(name: &str, contents: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("herald-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

#[test]
fn check_exit_codes() {
    let clean = herald(&["check", "examples/welcome.herald", "examples/otp.herald"], "");
    assert_eq!(clean.status.code(), Some(0), "{}", String::from_utf8_lossy(&clean.stderr));
    let bad =
        temp_file("bad.herald", "journey \"x\" {\n  when event \"e\"\n  send smss \"hi\"\n}\n");
    let out = herald(&["check", bad.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("E0102"), "{stderr}");
    assert!(stderr.contains("did you mean `sms`?"), "{stderr}");
    assert!(stderr.contains("send smss"), "the source line is shown: {stderr}");
    assert_eq!(herald(&["check"], "").status.code(), Some(2));
    assert_eq!(herald(&["check", "no/such/file.herald"], "").status.code(), Some(2));
}

#[test]
fn check_json_matches_the_spec_shape() {
    let bad =
        temp_file("json.herald", "journey \"x\" {\n  when event \"e\"\n  send smss \"hi\"\n}\n");
    let out = herald(&["check", "--format", "json", bad.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &json[0];
    assert_eq!(d["code"], "E0102");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["message"], "unknown channel `smss`");
    assert_eq!(d["line"], 3);
    assert_eq!(d["column"], 8);
    assert_eq!(d["span"]["start"], 38);
    assert_eq!(d["span"]["end"], 42);
    assert_eq!(d["help"], "did you mean `sms`?");
    assert_eq!(d["file"], bad.to_str().unwrap());
}

#[test]
fn segments_prints_the_spec_json() {
    let out = herald(&["segments", "Hello"], "");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        r#"{"encoding":"GSM-7","segments":1,"units":5}"#
    );
    let out = herald(&["segments", "Hi 😀"], "");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        r#"{"encoding":"UCS-2","segments":1,"units":5}"#
    );
}

#[test]
fn analyze_json_and_table() {
    let out = herald(
        &["analyze", "examples/cart_abandonment.herald", "--country", "US", "--format", "json"],
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let j = &json["journeys"][0];
    assert_eq!(j["id"], "cart-abandonment");
    assert_eq!(j["max_messages"], 2);
    // Two one-segment US SMS at $0.0083 + $0.0042 carrier fee.
    assert_eq!(j["worst_case_cost"]["micros"], 25_000);
    assert!(j["nodes"].as_array().unwrap().len() > 5);
    let out = herald(&["analyze", "examples/cart_abandonment.herald"], "");
    assert!(String::from_utf8_lossy(&out.stdout).contains("cart-abandonment"));
    let out = herald(&["analyze", "examples/cart_abandonment.herald", "--country", "XX"], "");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn fmt_prints_checks_and_writes() {
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/examples")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "herald") {
            let out = herald(&["fmt", "--check", path.to_str().unwrap()], "");
            assert_eq!(out.status.code(), Some(0), "{} is not in canonical form", path.display());
        }
    }
    let messy = "journey   \"x\"{when event \"e\"   # trigger\nsend sms \"hi {{profile.name}}\"}";
    let path = temp_file("messy.herald", messy);
    let p = path.to_str().unwrap();
    let out = herald(&["fmt", p], "");
    assert_eq!(out.status.code(), Some(0));
    let formatted = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        formatted,
        "journey \"x\" {\n  when event \"e\" # trigger\n\n  send sms \"hi {{ profile.name }}\"\n}\n"
    );
    assert_eq!(herald(&["fmt", "--check", p], "").status.code(), Some(1));
    assert_eq!(herald(&["fmt", "--write", p], "").status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), formatted);
    assert_eq!(herald(&["fmt", "--check", p], "").status.code(), Some(0));
    let broken = temp_file("broken.herald", "journey \"x\" {");
    assert_eq!(herald(&["fmt", broken.to_str().unwrap()], "").status.code(), Some(1));
    assert_eq!(herald(&["fmt", "--check", "--write", p], "").status.code(), Some(2));
}

#[test]
fn eval_answers_each_line_and_survives_bad_ones() {
    let requests = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/requests/cart_abandonment.ndjson"
    ))
    .unwrap();
    let first = requests.lines().next().unwrap();
    let input = format!("{first}\nnot json\n\n{first}\n");
    let out = herald(&["eval", "examples/cart_abandonment.herald"], &input);
    assert_eq!(out.status.code(), Some(0));
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3, "one response per non-blank request line");
    assert_eq!(lines[0]["decisions"][0]["action"], "enter");
    assert_eq!(lines[0]["wake_at"], "2026-03-08T15:00:00Z");
    assert_eq!(lines[1]["error"]["code"], "invalid_json");
    assert!(lines[1]["error"]["message"].is_string());
    assert_eq!(lines[2], lines[0], "evaluation is a pure function");
}

#[test]
fn eval_carry_state_replays_a_timeline() {
    let requests = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/requests/cart_abandonment.ndjson"
    ))
    .unwrap();
    let out = herald(&["eval", "--carry-state", "examples/cart_abandonment.herald"], &requests);
    assert_eq!(out.status.code(), Some(0));
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    let sms = &lines[1]["decisions"][0];
    assert_eq!(sms["action"], "send");
    assert_eq!(sms["channel"], "sms");
    assert_eq!(sms["content"], "Hi Ana, still thinking it over? https://shop.example/cart/123");
    assert_eq!(sms["step"], "2.then.1");
    assert_eq!(lines[2]["decisions"][1]["action"], "exit");
    // Without the flag the ticks carry no state: nothing is waiting.
    let out = herald(&["eval", "examples/cart_abandonment.herald"], &requests);
    let text = String::from_utf8(out.stdout).unwrap();
    let second: serde_json::Value = serde_json::from_str(text.lines().nth(1).unwrap()).unwrap();
    assert_eq!(second["decisions"], serde_json::json!([]));
}

#[test]
fn eval_refuses_a_journey_with_errors() {
    let bad = temp_file(
        "eval-bad.herald",
        "journey \"x\" {\n  when event \"e\"\n  send smss \"hi\"\n}\n",
    );
    let out = herald(&["eval", bad.to_str().unwrap()], "{}\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("E0102"));
}
