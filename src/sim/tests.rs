use super::*;
use crate::compile;
use serde_json::Value;

const CART: &str = r#"journey "cart" {
  when event "Cart Abandoned"
  exit when event "Order Completed"
  wait 1 hour
  if count(event "Product Viewed" within 1 day) >= 2 {
    send email "you looked twice"
  } else {
    send email "hello {{ profile.first_name ?? "there" }}"
  }
}
"#;

fn track(user: &str, event: &str, time: &str) -> String {
    format!(
        r#"{{"type":"track","userId":"{user}","event":"{event}","properties":{{}},"timestamp":"{time}"}}"#
    )
}

/// Every user of the tests has an email address (from the profiles).
fn profiles() -> String {
    (0..1000).map(|i| format!("{{\"id\":\"u{i}\",\"email\":\"u{i}@example.com\"}}\n")).collect()
}

fn decisions(program: &str, messages: &str, opts: Options) -> (Summary, Vec<Value>) {
    let p = compile(program).unwrap();
    let opts = Options { decisions: true, ..opts };
    let r = replay_text(&p, messages, Some(&profiles()), &opts).unwrap();
    let lines = r.decisions.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    (r.summary, lines)
}

#[test]
fn a_due_wait_ticks_before_the_next_message_with_now_at_the_wake_time() {
    let msgs = [
        track("u1", "Cart Abandoned", "2026-03-08T10:00:00Z"),
        track("u1", "Product Viewed", "2026-03-08T12:00:00Z"),
    ]
    .join("\n");
    let (s, d) = decisions(CART, &msgs, Options::default());
    let actions: Vec<(&str, &str)> =
        d.iter().map(|d| (d["action"].as_str().unwrap(), d["at"].as_str().unwrap())).collect();
    assert_eq!(
        actions,
        [
            ("enter", "2026-03-08T10:00:00Z"),
            ("send", "2026-03-08T11:00:00Z"),
            ("exit", "2026-03-08T11:00:00Z")
        ]
    );
    assert_eq!(d[0]["user"], "u1");
    // track, tick, track.
    assert_eq!(s.evaluations, 3);
    assert_eq!(s.journey("cart").unwrap().entries, 1);
}

#[test]
fn identify_merges_traits_without_evaluating_and_tracks_join_the_events() {
    let msgs = [
        r#"{"type":"identify","userId":"u1","traits":{"first_name":"Ana","id":"other"},"timestamp":"2026-03-08T09:00:00Z"}"#.to_string(),
        track("u1", "Product Viewed", "2026-03-08T09:10:00Z"),
        track("u1", "Cart Abandoned", "2026-03-08T09:20:00Z"),
        track("u2", "Product Viewed", "2026-03-08T09:10:00Z"),
        track("u2", "Product Viewed", "2026-03-08T09:15:00Z"),
        track("u2", "Cart Abandoned", "2026-03-08T09:20:00Z"),
        r#"{"type":"identify","userId":"u2","traits":{"first_name":"Bo"},"timestamp":"2026-03-08T09:30:00Z"}"#.to_string(),
    ]
    .join("\n");
    let (s, d) = decisions(CART, &msgs, Options::default());
    let sends: Vec<(&str, &str)> = d
        .iter()
        .filter(|d| d["action"] == "send")
        .map(|d| (d["user"].as_str().unwrap(), d["content"].as_str().unwrap()))
        .collect();
    // u1: one past view (the trigger's own event is not among them), named by the identify; u2:
    // two views; its identify came before the send.
    assert_eq!(sends, [("u1", "hello Ana"), ("u2", "you looked twice")]);
    assert_eq!(s.profiles, 2);
    assert_eq!(s.messages, 7);
    // 5 tracks and 2 ticks; identifies evaluate nothing.
    assert_eq!(s.evaluations, 7);
}

#[test]
fn equal_times_keep_file_order_and_ticks_stop_at_until() {
    // The exit comes after the trigger in the file, at the same instant: the run ends.
    let msgs = [
        track("u1", "Cart Abandoned", "2026-03-08T10:00:00Z"),
        track("u1", "Order Completed", "2026-03-08T10:00:00Z"),
        track("u2", "Cart Abandoned", "2026-03-08T10:00:00Z"),
    ]
    .join("\n");
    let (s, d) = decisions(CART, &msgs, Options::default());
    let u1: Vec<&str> =
        d.iter().filter(|d| d["user"] == "u1").map(|d| d["action"].as_str().unwrap()).collect();
    assert_eq!(u1, ["enter", "exit"]);
    assert_eq!(s.journey("cart").unwrap().exits.get("exit_event"), Some(&1));
    // u2's wait is due 10:00 + 1 h; an until before that fires no tick.
    let until = Some(crate::eval::Timestamp::parse("2026-03-08T10:59:59Z").unwrap().0);
    let (s, d) = decisions(CART, &msgs, Options { until, ..Options::default() });
    assert!(d.iter().all(|d| d["action"] != "send"));
    assert_eq!(s.evaluations, 3);
    // The default: the latest message plus 30 days.
    let (s, _) = decisions(CART, &msgs, Options::default());
    assert_eq!(s.until, Some(crate::eval::Timestamp::parse("2026-04-07T10:00:00Z").unwrap().0));
}

#[test]
fn a_user_past_the_evaluation_bound_is_stopped_and_reported() {
    let p = compile(CART).unwrap();
    let sim = Simulator::new(&p).with_max_evaluations(3);
    let msgs: Vec<Message> = (0..5)
        .map(|i| {
            let line = track("u1", "Product Viewed", &format!("2026-03-08T10:0{i}:00Z"));
            match read_line(&line, i + 1).unwrap() {
                Line::Message { message, .. } => message,
                _ => unreachable!(),
            }
        })
        .collect();
    let mut n = 0;
    let out = sim.run_user("u1", None, &msgs, 0, &mut |_| n += 1);
    assert_eq!(out.evaluations, 3);
    let err = out.error.unwrap();
    assert_eq!(err.code(), "too_many_evaluations");
    assert!(err.to_string().contains("stopped after 3 evaluations"));
}

#[test]
fn bad_and_other_lines_are_counted_and_the_replay_goes_on() {
    let msgs = format!(
        "{}\nnot json\n{{\"type\":\"page\",\"userId\":\"u1\",\"timestamp\":\"2026-03-08T10:00:00Z\"}}\n\n{}\n",
        track("u1", "Cart Abandoned", "2026-03-08T10:00:00Z"),
        r#"{"type":"track","userId":"u2","event":"Cart Abandoned"}"#
    );
    let (s, _) = decisions(CART, &msgs, Options::default());
    assert_eq!((s.messages, s.skipped, s.errors), (1, 1, 2));
    assert_eq!(s.error_lines, [2, 5]);
    let json: Value = serde_json::from_str(&s.to_json()).unwrap();
    assert_eq!(json["journeys"]["cart"]["sends"]["email"], 1);
    assert_eq!(json["journeys"]["cart"]["cost"]["currency"], "USD");
    assert_eq!(json["errors"], 2);
}

#[test]
fn the_output_does_not_depend_on_the_number_of_threads() {
    let mut lines = Vec::new();
    for i in 0..3000 {
        let user = format!("u{}", i % 700);
        let event = ["Product Viewed", "Cart Abandoned", "Order Completed"][i % 3];
        lines.push(track(&user, event, &format!("2026-03-{:02}T10:{:02}:00Z", 1 + i % 28, i % 60)));
    }
    let msgs = lines.join("\n");
    let one = decisions(CART, &msgs, Options { jobs: 1, ..Options::default() });
    let three = decisions(CART, &msgs, Options { jobs: 3, ..Options::default() });
    assert_eq!(one.0, three.0);
    assert_eq!(one.1, three.1);
    assert_eq!(one.0.profiles, 700);
}

#[test]
fn diff_reports_per_journey_deltas_and_the_first_differing_decision() {
    let msgs = [
        track("u1", "Cart Abandoned", "2026-03-08T10:00:00Z"),
        track("u2", "Product Viewed", "2026-03-08T10:00:00Z"),
    ]
    .join("\n");
    let old = compile(CART).unwrap();
    let new = compile(&CART.replace("wait 1 hour", "wait 2 hours")).unwrap();
    let r = diff_text(&old, &new, &msgs, Some(&profiles()), &Options::default()).unwrap();
    assert_eq!(r.differing, 1);
    assert_eq!(r.first[0].user, "u1");
    assert_eq!(r.first[0].index, 1);
    assert_eq!(r.first[0].old.as_ref().unwrap()["at"], "2026-03-08T11:00:00Z");
    assert_eq!(r.first[0].new.as_ref().unwrap()["at"], "2026-03-08T12:00:00Z");
    let json: Value = serde_json::from_str(&r.to_json()).unwrap();
    assert_eq!(json["journeys"]["cart"]["sends"]["email"]["delta"], 0);
    assert_eq!(json["users_differing"], 1);
    assert!(r.to_text().contains("1 of 2 users' decisions differ"));
}

#[test]
fn profiles_start_the_profile_and_update_decisions_would_apply() {
    let p = compile(CART).unwrap();
    let msgs = track("u1", "Cart Abandoned", "2026-03-08T10:00:00Z");
    let r = replay_text(
        &p,
        &msgs,
        Some(r#"{"id":"u1","first_name":"Zoe","email":"z@example.com"}"#),
        &Options { decisions: true, ..Options::default() },
    )
    .unwrap();
    assert!(r.decisions.contains("hello Zoe"));
    assert!(r.decisions.contains("\"to\":\"z@example.com\""));
}

#[test]
fn set_decisions_are_applied_to_the_profile_of_later_evaluations() {
    // SPEC §7: `set` decisions are applied to the profile. The second journey's audience reads
    // the trait the first one set; the third triggers on its change.
    let program = r#"journey "mark" {
  when event "Signed Up"
  set profile.onboarded = true
}

journey "tips" {
  when event "Opened App"
  audience profile.onboarded ?? false
  send email "tips"
}

journey "changed" {
  when profile.onboarded changes to true
  send email "welcome aboard"
}
"#;
    let msgs = [
        track("u1", "Opened App", "2026-03-08T10:00:00Z"),
        track("u1", "Signed Up", "2026-03-08T11:00:00Z"),
        track("u1", "Opened App", "2026-03-08T12:00:00Z"),
    ]
    .join("\n");
    let (summary, lines) = decisions(program, &msgs, Options::default());
    let sent: Vec<&str> = lines
        .iter()
        .filter(|d| d["action"] == "send")
        .map(|d| d["content"].as_str().unwrap())
        .collect();
    // at 12:00, in file order: the audience now holds, and the change is seen
    assert_eq!(sent, ["tips", "welcome aboard"], "{lines:#?}");
    let update = lines.iter().find(|d| d["action"] == "update").unwrap();
    assert_eq!(
        (update["key"].as_str(), update["value"].as_bool()),
        (Some("onboarded"), Some(true))
    );
    assert_eq!(summary.journeys.len(), 3);
}

/// Every decision of every user, replayed by `sim` (users in order, as `replay` does).
fn every_decision(sim: &Simulator, messages: &str, profiles: &str) -> (Vec<String>, u64) {
    let mut indexed = index_text(messages).unwrap();
    let mut profiles = Profiles::parse(profiles).unwrap();
    let mut out = Vec::new();
    let mut evaluations = 0;
    let until = indexed.counts.latest.unwrap() + DEFAULT_TAIL_MS;
    while let Some((u, msgs)) = indexed.next_user().unwrap() {
        let name = indexed.names[u as usize].clone();
        let profile = profiles.profile(&name).unwrap();
        let outcome = sim.run_user(&name, profile, &msgs, until, &mut |d| {
            out.push(format!("{name} {}", serde_json::to_string(d).unwrap()));
        });
        assert_eq!(outcome.error, None, "{name}");
        evaluations += outcome.evaluations;
    }
    (out, evaluations)
}

/// Past events older than the program's event window are dropped before each evaluation: the
/// decisions are exactly those of keeping every event, on the sample traffic and on events
/// placed at the edges of the windows (equal times, exactly `within` before a tick).
#[test]
fn dropping_old_events_and_reading_profiles_once_change_no_decision() {
    let programs = [
        CART.to_string(),
        // Short windows, a condition on the counted events' properties, waits that tick.
        r#"journey "short" {
  when event "Product Added"
  reentry always
  wait 10 minutes
  if count(event "Product Viewed" where event.price > 20 within 10 minutes) >= 1 {
    send email "seen it"
  } else if count(event "Product Viewed" within 1 hour) >= 2 {
    send email "twice"
  }
}
journey "now" {
  when event "Product Added"
  reentry always
  if count(event "Product Viewed" within 1 hour) >= 3 { send email "three views" }
}
"#
        .to_string(),
        r#"journey "long" {
  when event "Checkout Started"
  exit when event "Order Completed"
  wait for event "Order Completed" within 2 hours {
    stop
  }
  if count(event "Cart Viewed" within 3 days) > 0 { send email "come back" }
}
"#
        .to_string(),
    ];
    let mut sample = Vec::new();
    write_sample(&SampleOptions { users: 120, ..SampleOptions::default() }, &mut sample).unwrap();
    let mut text = String::from_utf8(sample).unwrap();
    // u_edge: views exactly 10 minutes and exactly 1 hour before later evaluations, two
    // events at the same instant, and two evaluations at the same instant (a tick, then tracks)
    // of which the later reads a view exactly the window before.
    for (event, time) in [
        ("Product Viewed", "2026-03-02T10:00:00Z"),
        ("Product Viewed", "2026-03-02T10:00:00Z"),
        ("Product Added", "2026-03-02T10:50:00Z"),
        ("Product Viewed", "2026-03-02T10:50:00Z"),
        ("App Opened", "2026-03-02T11:00:00Z"),
        ("Product Added", "2026-03-02T11:00:00Z"),
        ("Cart Abandoned", "2026-03-02T11:00:00Z"),
        ("Cart Viewed", "2026-03-01T11:10:00Z"),
        ("Checkout Started", "2026-03-04T09:10:00Z"),
    ] {
        text.push_str(&format!(
            "{{\"type\":\"track\",\"userId\":\"u_edge\",\"event\":\"{event}\",\"properties\":{{\"price\":30}},\"timestamp\":\"{time}\"}}\n"
        ));
    }
    let people: String = (0..200)
        .map(|i| format!("{{\"id\":\"u_{i:05}\",\"email\":\"u{i}@example.com\"}}\n"))
        .chain(std::iter::once("{\"id\":\"u_edge\",\"email\":\"e@example.com\"}\n".into()))
        .collect();
    for source in &programs {
        let program = compile(source).unwrap();
        assert!(matches!(program.event_window(), herald_lang::compile::EventWindow::Within(_)));
        // The simulator as it runs, and the reference: every event kept, the whole profile read
        // by `Program::evaluate` at every evaluation; and each change alone.
        let reference = Simulator::new(&program).keeping_old_events().reading_whole_profiles();
        let (b, nb) = every_decision(&reference, &text, &people);
        assert!(b.iter().filter(|d| d.contains("\"action\":\"send\"")).count() > 10);
        assert!(b.iter().any(|d| d.starts_with("u_edge ")));
        for sim in [
            Simulator::new(&program),
            Simulator::new(&program).keeping_old_events(),
            Simulator::new(&program).reading_whole_profiles(),
        ] {
            let (a, na) = every_decision(&sim, &text, &people);
            assert_eq!(na, nb);
            assert_eq!(a, b);
        }
    }
}

/// A profile an identify makes unreadable stops the user at its next evaluation with the
/// evaluator's error, and one the next identify mends does not: read once or every time alike.
#[test]
fn an_unreadable_profile_stops_the_user_alike_whether_read_once_or_every_time() {
    let program = compile(CART).unwrap();
    let identify = |phone: &str, time: &str| {
        format!(
            r#"{{"type":"identify","userId":"u1","traits":{{"phone":{phone}}},"timestamp":"{time}"}}"#
        )
    };
    for mended in [false, true] {
        let mut lines = vec![
            track("u1", "Product Viewed", "2026-03-08T09:00:00Z"),
            identify("5", "2026-03-08T09:10:00Z"),
        ];
        if mended {
            lines.push(identify("\"+14155550100\"", "2026-03-08T09:20:00Z"));
        }
        lines.push(track("u1", "Cart Abandoned", "2026-03-08T09:30:00Z"));
        let text = lines.join("\n");
        let run = |sim: &Simulator| {
            let mut indexed = index_text(&text).unwrap();
            let (_, msgs) = indexed.next_user().unwrap().unwrap();
            let mut seen = Vec::new();
            let outcome = sim.run_user("u1", None, &msgs, i64::MAX / 2, &mut |d| {
                seen.push(serde_json::to_string(d).unwrap())
            });
            (outcome, seen)
        };
        let once = run(&Simulator::new(&program));
        let every = run(&Simulator::new(&program).reading_whole_profiles());
        assert_eq!(once, every);
        assert_eq!(once.0.error.is_some(), !mended, "{:?}", once.0.error);
    }
}

fn sample_text(users: u32) -> String {
    let mut text = Vec::new();
    write_sample(&SampleOptions { users, ..SampleOptions::default() }, &mut text).unwrap();
    String::from_utf8(text).unwrap()
}

type Users = Vec<(String, Vec<Message>)>;

fn users_of(mut indexed: Indexed) -> (LineCounts, Users) {
    let mut users = Vec::new();
    while let Some((u, msgs)) = indexed.next_user().unwrap() {
        users.push((indexed.names[u as usize].to_string(), msgs));
    }
    (indexed.counts, users)
}

/// The stream reader reads lines in place in its reader's buffer, copying only those that
/// straddle its end: with any buffer size it reads what the text reader does (a last line
/// without a newline, a bad line and a line longer than the buffer included).
#[test]
fn the_first_pass_reads_a_stream_alike_whatever_its_buffer() {
    let text = sample_text(30) + "not json\n\n" + &track("z", "E", "2026-03-01T00:00:00Z");
    let reference = users_of(index_text(&text).unwrap());
    assert_eq!(reference.0.errors, 1);
    for capacity in [1, 7, 64, 333, 1 << 16] {
        let reader = std::io::BufReader::with_capacity(capacity, text.as_bytes());
        let mut bytes = 0;
        let indexed = index_reader(reader, Indexer::in_memory(), &mut |n| bytes = n).unwrap();
        assert_eq!(users_of(indexed), reference, "buffer of {capacity} bytes");
        assert_eq!(bytes, text.len() as u64);
    }
}

/// The first pass drops the properties of tracks the program cannot read
/// (`Simulator::properties_read`): every example's decisions are the same as with every
/// property kept.
#[test]
fn dropping_the_properties_no_journey_reads_changes_no_decision() {
    let text = sample_text(120);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources =
        vec![std::fs::read_to_string(dir.join("tests/fixtures/typical.herald")).unwrap()];
    for entry in std::fs::read_dir(dir.join("examples")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "herald") {
            sources.push(std::fs::read_to_string(path).unwrap());
        }
    }
    // A `count(... where ...)` reads the properties of an event no journey reacts to.
    sources.push(
        r#"journey "views" {
  when event "Cart Viewed"
  if count(event "Product Viewed" where event.price > 20 within 1 day) >= 1 {
    send email "pricey"
  } else {
    send email "cheap"
  }
}
"#
        .to_string(),
    );
    assert!(sources.len() > 5);
    let opts = Options { decisions: true, ..Options::default() };
    let mut deciding = 0;
    for source in sources {
        let program = compile(&source).unwrap();
        let dropped = replay_text(&program, &text, None, &opts).unwrap();
        let mut kept = Vec::new();
        let summary = replay(
            &program,
            index_text(&text).unwrap(),
            &mut NoProfiles,
            &opts,
            &mut kept,
            &mut |_| {},
        )
        .unwrap();
        assert_eq!(dropped.summary, summary, "{source}");
        assert_eq!(dropped.decisions, String::from_utf8(kept).unwrap(), "{source}");
        deciding += usize::from(!dropped.decisions.is_empty());
    }
    // The typical journey, the cart examples and `views` decide on the sample.
    assert!(deciding >= 4, "{deciding}");
}
