//! The `herald` binary end to end: exit codes, output shapes (SPEC §4).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::io::Write;
use std::process::{Child, Command, Output, Stdio};

/// `herald ARGS` run from the repository's root, its input and output piped.
fn spawn(args: &[&str], stderr: Stdio) -> Child {
    Command::new(env!("CARGO_BIN_EXE_herald"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .unwrap()
}

/// The command's output, one JSON value a line.
fn json_lines(stdout: Vec<u8>) -> Vec<serde_json::Value> {
    String::from_utf8(stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

fn herald(args: &[&str], stdin: &str) -> Output {
    let mut child = spawn(args, Stdio::piped());
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
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples")).unwrap()
    {
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
        "/../../examples/requests/cart_abandonment.ndjson"
    ))
    .unwrap();
    let first = requests.lines().next().unwrap();
    let input = format!("{first}\nnot json\n\n{first}\n");
    let out = herald(&["eval", "examples/cart_abandonment.herald"], &input);
    assert_eq!(out.status.code(), Some(0));
    let lines: Vec<serde_json::Value> = json_lines(out.stdout);
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
        "/../../examples/requests/cart_abandonment.ndjson"
    ))
    .unwrap();
    let out = herald(&["eval", "--carry-state", "examples/cart_abandonment.herald"], &requests);
    assert_eq!(out.status.code(), Some(0));
    let lines: Vec<serde_json::Value> = json_lines(out.stdout);
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

fn cart_requests() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/requests/cart_abandonment.ndjson"
    ))
    .unwrap()
}

/// Runs `herald` with piped stdin/stdout, as a program that talks to it would.
struct Conversation {
    child: std::process::Child,
    stdin: Option<std::process::ChildStdin>,
    lines: std::sync::mpsc::Receiver<String>,
}

impl Conversation {
    fn start(args: &[&str]) -> Conversation {
        let mut child = spawn(args, Stdio::null());
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            use std::io::BufRead;
            for line in std::io::BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Conversation { child, stdin, lines }
    }

    /// Writes one line and waits for one answer line; a minute without one fails the test
    /// (herald holds its output back) instead of hanging it.
    fn ask(&mut self, line: &str) -> String {
        let stdin = self.stdin.as_mut().unwrap();
        stdin.write_all(line.as_bytes()).unwrap();
        stdin.write_all(b"\n").unwrap();
        stdin.flush().unwrap();
        match self.lines.recv_timeout(std::time::Duration::from_secs(60)) {
            Ok(answer) => answer,
            Err(e) => {
                let _ = self.child.kill();
                panic!(
                    "no answer to a request while stdin stays open ({e}): the output is held back"
                );
            }
        }
    }

    fn finish(mut self) -> std::process::ExitStatus {
        drop(self.stdin.take());
        self.child.wait().unwrap()
    }
}

impl Drop for Conversation {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn eval_answers_each_request_while_the_input_stays_open() {
    let requests = cart_requests();
    let mut lines = requests.lines();
    let first = lines.next().unwrap();
    for args in [
        &["eval", "examples/cart_abandonment.herald"][..],
        &["eval", "--carry-state", "examples/cart_abandonment.herald"],
        &["eval", "--progress", "examples/cart_abandonment.herald"],
    ] {
        let mut talk = Conversation::start(args);
        let answer: serde_json::Value = serde_json::from_str(&talk.ask(first)).unwrap();
        assert_eq!(answer["decisions"][0]["action"], "enter", "{args:?}");
        let answer: serde_json::Value = serde_json::from_str(&talk.ask("not json")).unwrap();
        assert_eq!(answer["error"]["code"], "invalid_json", "{args:?}");
        assert_eq!(answer["error"]["line"], 2);
        assert!(talk.finish().success());
    }
}

#[test]
fn eval_carry_state_keys_numeric_ids_survives_bad_bytes_and_shows_progress() {
    let requests = cart_requests().replace("\"id\": \"u_123\"", "\"id\": 123");
    assert!(requests.contains("\"id\": 123"));
    let mut lines: Vec<&str> = requests.lines().collect();
    let (first, rest) = lines.split_at_mut(1);
    let input = [first[0].as_bytes(), b"\n\xff\xfe not UTF-8\n", rest.join("\n").as_bytes(), b"\n"]
        .concat();
    for progress in [false, true] {
        let mut args = vec!["eval", "--carry-state"];
        if progress {
            args.push("--progress");
        }
        args.push("examples/cart_abandonment.herald");
        let mut child = spawn(&args, Stdio::piped());
        child.stdin.take().unwrap().write_all(&input).unwrap();
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        let lines: Vec<serde_json::Value> = json_lines(out.stdout);
        assert_eq!(lines.len(), 4, "the bad line is answered and the stream goes on");
        assert_eq!(lines[1]["error"]["code"], "invalid_json");
        assert_eq!(lines[1]["error"]["line"], 2);
        assert_eq!(
            lines[1]["error"]["message"],
            "invalid JSON: the line is not UTF-8 (bad byte at offset 0) at line 2"
        );
        // The numeric id's state was carried: the tick resumes the waiting run.
        let sms = &lines[2]["decisions"][0];
        assert_eq!(sms["action"], "send");
        assert_eq!(sms["channel"], "sms");
        // And again two days later: the run's `wait for` times out (without the state the tick
        // would find nothing waiting and decide nothing).
        assert!(lines[3]["decisions"][0]["step"].as_str().unwrap().starts_with("3.timeout"));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.contains("4 requests, 1 errors"), progress, "{stderr}");
    }
}

#[test]
fn eval_errors_name_the_input_line_and_the_json_path() {
    let first = cart_requests().lines().next().unwrap().to_string();
    let bad_time =
        first.replacen("\"time\": \"2026-03-08T10:00:00Z\"", "\"time\": \"yesterday\"", 1);
    assert_ne!(bad_time, first);
    let input = format!("{first}\n\n{first}\n{bad_time}\n{{\"now\": 3}}\n{{\"now\"\n");
    let out = herald(&["eval", "examples/cart_abandonment.herald"], &input);
    let lines: Vec<serde_json::Value> = json_lines(out.stdout);
    assert_eq!(lines.len(), 5);
    let error = &lines[2]["error"];
    assert_eq!(error["code"], "invalid_request");
    assert_eq!(error["path"], "profile.events[0].time");
    assert_eq!(error["line"], 4, "the input's line, blank lines counted");
    // The column is where the reader found the problem: the end of that event's object.
    let column = error["column"].as_u64().unwrap() as usize;
    let event_end = bad_time.find("\"sku\": \"A1\"}}").unwrap() + "\"sku\": \"A1\"}}".len();
    assert!(column > bad_time.find("yesterday").unwrap() && column <= event_end, "{column}");
    assert_eq!(
        error["message"],
        format!("invalid request: profile.events[0].time: `yesterday` is not an RFC 3339 instant at line 4 column {column}")
    );
    assert_eq!(lines[3]["error"]["path"], "now");
    assert_eq!(lines[3]["error"]["line"], 5);
    assert_eq!(lines[4]["error"]["code"], "invalid_json");
    assert_eq!(lines[4]["error"]["line"], 6);
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
