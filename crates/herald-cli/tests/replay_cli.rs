//! `herald replay`, `herald diff` and `herald sample` as a user runs them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};

const HERALD: &str = env!("CARGO_BIN_EXE_herald");
const CART: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/cart_abandonment.herald");

fn herald(args: &[&str]) -> Output {
    Command::new(HERALD).args(args).output().unwrap()
}

fn dir() -> PathBuf {
    let d = std::env::temp_dir().join(format!("herald-replay-cli-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn sample(users: &str) -> PathBuf {
    let path = dir().join(format!("sample-{users}.ndjson"));
    let out = herald(&["sample", "--users", users]);
    assert!(out.status.success());
    std::fs::write(&path, &out.stdout).unwrap();
    path
}

#[test]
fn sample_is_the_same_file_every_time() {
    let a = herald(&["sample", "--users", "20"]).stdout;
    let b = herald(&["sample", "--users", "20"]).stdout;
    assert_eq!(a, b);
    assert_ne!(a, herald(&["sample", "--users", "20", "--seed", "2"]).stdout);
}

#[test]
fn replay_prints_a_table_per_journey_or_json_and_jobs_change_nothing() {
    let s = sample("200");
    let s = s.to_str().unwrap();
    let text = herald(&["replay", CART, s]);
    assert!(text.status.success());
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.starts_with("200 profiles, "), "{text}");
    assert!(text.contains("journey \"cart-abandonment\"\n  entries"));
    assert!(text.contains("total cost     USD "));
    let one = herald(&["replay", CART, s, "--format", "json"]);
    let two = herald(&["replay", CART, s, "--format", "json", "--jobs", "2"]);
    assert_eq!(one.stdout, two.stdout);
    let json: Value = serde_json::from_slice(&one.stdout).unwrap();
    assert_eq!(json["profiles"], 200);
    let j = &json["journeys"]["cart-abandonment"];
    assert!(j["entries"].as_u64().unwrap() > 0);
    assert_eq!(j["cost"]["currency"], "USD");
    let sends: u64 = j["sends"].as_object().unwrap().values().map(|v| v.as_u64().unwrap()).sum();
    assert!(sends > 0);
    // The decisions: one per line with the user first; the summary on stderr.
    let d = herald(&["replay", CART, s, "--decisions", "--format", "json", "--jobs", "2"]);
    let text = String::from_utf8(d.stdout).unwrap();
    assert!(text.lines().all(|l| l.starts_with("{\"user\":\"u_")));
    let lines: Vec<Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.iter().filter(|d| d["action"] == "send").count() as u64, sends);
    assert_eq!(serde_json::from_slice::<Value>(&d.stderr).unwrap(), json);
}

/// `--jobs N` splits users across threads and changes nothing in the output: the table, the
/// JSON summary and every decision line (users in order of first appearance) are the same
/// bytes with one thread and with two, on a sample large enough for many batches of users.
#[test]
fn jobs_1_and_jobs_2_write_the_same_bytes() {
    let s = sample("600");
    let s = s.to_str().unwrap();
    let typical = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/typical.herald");
    for journey in [CART, typical] {
        for extra in
            [&[][..], &["--format", "json"], &["--decisions"], &["--decisions", "--format", "json"]]
        {
            let run = |jobs: &str| {
                let mut args = vec!["replay", journey, s, "--jobs", jobs];
                args.extend_from_slice(extra);
                let out = herald(&args);
                assert!(out.status.success(), "{args:?}");
                out
            };
            let (one, two) = (run("1"), run("2"));
            assert!(!one.stdout.is_empty());
            assert_eq!(one.stdout, two.stdout, "{journey} {extra:?}: stdout");
            assert_eq!(one.stderr, two.stderr, "{journey} {extra:?}: stderr");
            if extra.contains(&"--decisions") {
                // Many users, so many batches: the threads really did share the work.
                let text = String::from_utf8(one.stdout).unwrap();
                let mut users: Vec<&str> =
                    text.lines().map(|l| l.split('"').nth(3).unwrap()).collect();
                users.dedup();
                assert!(users.len() > 50, "{}", users.len());
            }
        }
    }
}

#[test]
fn diff_shows_what_a_longer_wait_changes() {
    let s = sample("200");
    let new = dir().join("cart_2h.herald");
    let source = std::fs::read_to_string(CART).unwrap();
    std::fs::write(&new, source.replace("wait 1 hour", "wait 2 hours")).unwrap();
    let out =
        herald(&["diff", CART, new.to_str().unwrap(), s.to_str().unwrap(), "--format", "json"]);
    assert!(out.status.success());
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json["users_differing"].as_u64().unwrap() > 0);
    let first = &json["first_differing"][0];
    assert_ne!(first["old"], first["new"]);
    let cost = &json["journeys"]["cart-abandonment"]["cost"];
    assert_eq!(
        cost["delta"]["micros"].as_i64().unwrap(),
        cost["new"]["micros"].as_i64().unwrap() - cost["old"]["micros"].as_i64().unwrap()
    );
    // The same program twice: nothing differs.
    let same = herald(&["diff", CART, CART, s.to_str().unwrap(), "--format", "json"]);
    let same: Value = serde_json::from_slice(&same.stdout).unwrap();
    assert_eq!(same["users_differing"], 0);
    let text = herald(&["diff", CART, new.to_str().unwrap(), s.to_str().unwrap()]);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("users' decisions differ"), "{text}");
    assert!(text.contains("cost (USD)"));
}

#[test]
fn usage_errors_and_bad_profiles() {
    let s = sample("5");
    let s = s.to_str().unwrap();
    let out = herald(&["replay", CART, s, "--until", "tomorrow"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--until"));
    let out = herald(&["replay", CART, "/nonexistent/file.ndjson"]);
    assert_eq!(out.status.code(), Some(2));
    let profiles = dir().join("bad-profiles.ndjson");
    std::fs::write(&profiles, "{\"id\":\"a\"}\n{\"name\":\"no id\"}\n").unwrap();
    let out = herald(&["replay", CART, s, "--profiles", profiles.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("profiles line 2"));
}
