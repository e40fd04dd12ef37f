//! The acceptance test of issue 13: `herald replay` of the sample traffic equals, decision for
//! decision, driving `herald eval` request by request as SPEC §7 describes. The driver below is
//! written from the SPEC alone (it shares no code with the simulator): per user in order of
//! first appearance, messages in time order (file order among equal times), ticks at every
//! `wake_at` up to each message, identify merges traits, track is evaluated and then appended
//! to `profile.events`, ticks go on until the latest timestamp plus 30 days, state carried.
//! Users advance in lock step: each round sends every user's next request to one `herald eval`
//! process, so a round's responses decide the next round's requests.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::disallowed_methods
)]

use herald_engine::eval::Timestamp;
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::io::Write;
use std::process::{Command, Stdio};

const HERALD: &str = env!("CARGO_BIN_EXE_herald");
const JOURNEY: &str =
    concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/cart_abandonment.herald");

fn ms(text: &str) -> i64 {
    Timestamp::parse(text).unwrap().millis()
}

struct User {
    id: String,
    messages: Vec<Value>,
    next: usize,
    profile: Map<String, Value>,
    events: Vec<Value>,
    state: Value,
    wake_at: Option<String>,
    decisions: Vec<Value>,
    /// The track being evaluated in this round (appended to the events after its response).
    pending: Option<Value>,
}

impl User {
    /// This user's next request, applying identifies on the way; None when done.
    fn next_request(&mut self, until: i64) -> Option<Value> {
        loop {
            let msg = self.messages.get(self.next).cloned();
            let due = |w: &Option<String>, t: i64| w.as_deref().is_some_and(|w| ms(w) <= t);
            let tick_before = match &msg {
                Some(m) => due(&self.wake_at, ms(m["timestamp"].as_str().unwrap())),
                None => due(&self.wake_at, until),
            };
            if tick_before {
                return Some(self.request(self.wake_at.clone().unwrap(), None));
            }
            let m = msg?;
            self.next += 1;
            let time = m["timestamp"].as_str().unwrap().to_string();
            if m["type"] == "identify" {
                if let Some(traits) = m["traits"].as_object() {
                    for (k, v) in traits {
                        if k != "id" && k != "events" {
                            self.profile.insert(k.clone(), v.clone());
                        }
                    }
                }
                continue;
            }
            let props = m.get("properties").cloned().filter(|p| !p.is_null()).unwrap_or(json!({}));
            let event = json!({"name": m["event"], "time": time, "properties": props});
            self.pending = Some(event.clone());
            return Some(self.request(time, Some(event)));
        }
    }

    fn request(&self, now: String, event: Option<Value>) -> Value {
        let mut profile = self.profile.clone();
        // The newest 1,000 events (herald's limit on profile.events).
        let from = self.events.len().saturating_sub(1000);
        profile.insert("events".into(), Value::Array(self.events[from..].to_vec()));
        let mut r = json!({"now": now, "profile": profile, "state": self.state});
        if let Some(e) = event {
            r["event"] = e;
        }
        r
    }

    fn answer(&mut self, response: Value) {
        assert!(response.get("error").is_none(), "{} got {response}", self.id);
        self.state = response["state"].clone();
        self.wake_at = response["wake_at"].as_str().map(str::to_string);
        for d in response["decisions"].as_array().unwrap() {
            let mut with_user = Map::new();
            with_user.insert("user".into(), json!(self.id));
            with_user.extend(d.as_object().unwrap().clone());
            self.decisions.push(Value::Object(with_user));
        }
        if let Some(e) = self.pending.take() {
            self.events.push(e);
        }
    }
}

fn eval_batch(requests: &[Value]) -> Vec<Value> {
    let mut child = Command::new(HERALD)
        .args(["eval", JOURNEY])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut text = String::new();
    for r in requests {
        text.push_str(&r.to_string());
        text.push('\n');
    }
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(text.as_bytes()).unwrap());
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn replay_of_the_sample_equals_driving_herald_eval_request_by_request() {
    let sample = Command::new(HERALD).arg("sample").output().unwrap();
    assert!(sample.status.success());
    let sample_text = String::from_utf8(sample.stdout).unwrap();
    let dir = std::env::temp_dir().join(format!("herald-replay-vs-eval-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let sample_path = dir.join("sample.ndjson");
    std::fs::write(&sample_path, &sample_text).unwrap();

    // The simulator, through the CLI.
    let replay = Command::new(HERALD)
        .args(["replay", JOURNEY, sample_path.to_str().unwrap(), "--decisions", "--format", "json"])
        .output()
        .unwrap();
    assert!(replay.status.success());
    let replayed: Vec<Value> = String::from_utf8(replay.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let summary: Value = serde_json::from_slice(&replay.stderr).unwrap();

    // The driver.
    let mut users: Vec<User> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut latest = i64::MIN;
    for line in sample_text.lines() {
        let m: Value = serde_json::from_str(line).unwrap();
        if m["type"] != "identify" && m["type"] != "track" {
            continue;
        }
        latest = latest.max(ms(m["timestamp"].as_str().unwrap()));
        let id = m["userId"].as_str().unwrap().to_string();
        let i = *index.entry(id.clone()).or_insert_with(|| {
            let mut profile = Map::new();
            profile.insert("id".into(), json!(id));
            users.push(User {
                id: id.clone(),
                messages: Vec::new(),
                next: 0,
                profile,
                events: Vec::new(),
                state: Value::Null,
                wake_at: None,
                decisions: Vec::new(),
                pending: None,
            });
            users.len() - 1
        });
        users[i].messages.push(m);
    }
    for u in &mut users {
        // A stable sort: file order among equal times.
        u.messages.sort_by_key(|m| ms(m["timestamp"].as_str().unwrap()));
    }
    let until = latest + 30 * 24 * 3600 * 1000;
    let mut rounds = 0;
    let mut evaluations = 0;
    loop {
        let mut who = Vec::new();
        let mut requests = Vec::new();
        for (i, u) in users.iter_mut().enumerate() {
            if let Some(r) = u.next_request(until) {
                who.push(i);
                requests.push(r);
            }
        }
        if requests.is_empty() {
            break;
        }
        rounds += 1;
        evaluations += requests.len();
        let responses = eval_batch(&requests);
        assert_eq!(responses.len(), requests.len());
        for (i, r) in who.into_iter().zip(responses) {
            users[i].answer(r);
        }
    }
    let driven: Vec<Value> = users.into_iter().flat_map(|u| u.decisions).collect();

    assert!(rounds > 10, "{rounds} rounds");
    assert_eq!(summary["evaluations"], json!(evaluations));
    assert_eq!(summary["profiles"], json!(1000));
    assert_eq!(replayed.len(), driven.len());
    for (i, (a, b)) in replayed.iter().zip(&driven).enumerate() {
        assert_eq!(a, b, "decision {i} differs");
    }
    // The sample exercises the journey: entries, every branch's channels, waits, exits.
    let actions = |a: &str| driven.iter().filter(|d| d["action"] == a).count();
    assert!(actions("enter") > 100 && actions("send") > 100 && actions("defer") > 10);
    assert!(driven.iter().any(|d| d["reason"] == "exit_event"));
    std::fs::remove_dir_all(&dir).ok();
}
