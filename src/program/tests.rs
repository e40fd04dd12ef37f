use super::*;
use herald_lang::compile::ir::{self, StepKind, WaitKind};

fn program(src: &str) -> Program {
    match compile(src) {
        Ok(p) => p,
        Err(d) => panic!("{d}"),
    }
}

const NESTED: &str = r#"journey "j" {
  when event "Go"
  send email "1"
  if profile.a == 1 {
    send email "2.then.1"
  } else if profile.a == 2 {
    send email "2.elif1.1"
    if profile.b == 1 {
      send email "2.elif1.2.then.1"
    }
  } else if profile.a == 3 {
    stop
  } else {
    wait for event "Clicked" within 1 day {
      send email "2.else.1.event.1"
    } timeout {
      split {
        30% { send email "2.else.1.timeout.1.arm1.1" }
        70% { wait 1 hour }
      }
    }
  }
  wait until 09:00
}
"#;

#[test]
fn step_ids_follow_the_block_scheme_in_source_order() {
    let p = program(NESTED);
    let j = &p.inner.journeys[0];
    let ids: Vec<&str> = j.steps.iter().map(|s| &*s.id).collect();
    assert_eq!(
        ids,
        [
            "1",
            "2",
            "2.then.1",
            "2.elif1.1",
            "2.elif1.2",
            "2.elif1.2.then.1",
            "2.elif2.1",
            "2.else.1",
            "2.else.1.event.1",
            "2.else.1.timeout.1",
            "2.else.1.timeout.1.arm1.1",
            "2.else.1.timeout.1.arm2.1",
            "3",
        ]
    );
    // Every send's text is the id of its own step.
    for s in &j.steps {
        if let StepKind::Send(opts) = &s.kind {
            let ir::Content::Text(ir::Text::Static(text)) = &opts[0].content else { panic!() };
            assert_eq!(&**text, &*s.id);
        }
    }
}

#[test]
fn continuations_leave_blocks_to_the_step_after_their_parent() {
    let p = program(NESTED);
    let j = &p.inner.journeys[0];
    let next_of = |id: &str| {
        let i = j.find_step(id).unwrap();
        j.step(i).unwrap().next.map(|n| &*j.step(n).unwrap().id)
    };
    assert_eq!(next_of("1"), Some("2"));
    assert_eq!(next_of("2"), Some("3"));
    assert_eq!(next_of("2.then.1"), Some("3"));
    assert_eq!(next_of("2.elif1.1"), Some("2.elif1.2"));
    assert_eq!(next_of("2.elif1.2.then.1"), Some("3"));
    assert_eq!(next_of("2.else.1.event.1"), Some("3"));
    assert_eq!(next_of("2.else.1.timeout.1.arm2.1"), Some("3"));
    assert_eq!(next_of("3"), None);
    // Block entry points.
    let i = j.find_step("2.else.1").unwrap();
    let StepKind::WaitFor { body, timeout, within_ms, .. } = &j.step(i).unwrap().kind else {
        panic!()
    };
    assert_eq!(*within_ms, 86_400_000);
    assert_eq!(&*j.step(body.unwrap()).unwrap().id, "2.else.1.event.1");
    assert_eq!(&*j.step(timeout.unwrap()).unwrap().id, "2.else.1.timeout.1");
    let i = j.find_step("2.else.1.timeout.1").unwrap();
    let StepKind::Split { arms } = &j.step(i).unwrap().kind else { panic!() };
    assert_eq!(arms.iter().map(|a| a.end_bucket).collect::<Vec<_>>(), [3000, 10_000]);
    // Kinds a state may park a run on.
    let i = j.find_step("3").unwrap();
    assert!(j.step(i).unwrap().kind.accepts_wait(WaitKind::WaitUntil));
    assert!(!j.step(i).unwrap().kind.accepts_wait(WaitKind::Wait));
    assert!(j.find_step("4").is_none());
}

#[test]
fn the_program_says_what_it_reads() {
    let p = program(
        r#"segment rich = profile.ltv >= 1000
journey "a" {
  when event "Cart Abandoned" where event.value >= 50
  audience rich and profile["home country"] == "US" and profile.address.city exists
  if count(event "Product Viewed" where event.price > 10 within 1 day) > 3 {
    send sms "Hi {{profile.first_name}} {{event.url}}"
  }
  if count(event "Clicked" within 1 hour) > 0 { stop }
}
"#,
    );
    assert_eq!(p.journey_ids(), ["a"]);
    let keys = p.profile_keys();
    for k in ["id", "timezone", "phone", "email", "push_token", "subscriptions", "events"] {
        assert!(keys.contains(&k), "{k}");
    }
    for k in ["ltv", "home country", "address", "first_name"] {
        assert!(keys.contains(&k), "{k}");
    }
    assert!(!keys.contains(&"city"));
    let mut counted = p.counted_events();
    counted.sort_unstable();
    assert_eq!(counted, ["Clicked", "Product Viewed"]);
    assert!(!p.reads_event_list());
    let mut ev = p.event_keys();
    ev.sort_unstable();
    assert_eq!(ev, ["url", "value"], "`event.price` inside count reads past events");
    assert!(p
        .inner
        .names
        .counts_with_condition(p.inner.names.names.get("Product Viewed").unwrap()));
}

#[test]
fn checker_errors_fail_and_warnings_are_kept() {
    let err = compile("journey \"j\" {\n  when event \"Go\"\n  send smss \"x\"\n}\n").unwrap_err();
    assert!(err.iter().any(|d| d.code == herald_lang::diagnostics::codes::UNKNOWN_CHANNEL));
    assert!(err.iter().all(Diagnostic::is_error));
    let p = program("journey \"j\" {\n  when event \"Go\"\n  if 1 > 2 { send email \"x\" }\n}\n");
    assert!(!p.warnings().is_empty(), "a constant condition is a warning");
}

#[test]
fn policy_limits_quiet_hours_and_zone() {
    let p = program(
        r#"policy {
  limit 5 messages per 7 days
  limit 1 sms per 1 hour
  quiet hours 21:30 to 08:00
  timezone "Asia/Kolkata"
}
journey "inherits" {
  when event "Go"
  send sms "x"
}
journey "overrides" {
  when event "Go"
  quiet hours 12:00 to 13:00
  budget $0.05 per entry
  reentry after 2 days
  send sms "x"
}
"#,
    );
    let d = &p.inner;
    assert_eq!(d.default_tz.name(), "Asia/Kolkata");
    assert_eq!(d.policy_limits.len(), 2);
    assert_eq!(d.policy_limits[1].channel, Some(crate::Channel::Sms));
    assert_eq!(d.policy_limits[0].window_ms, 7 * 86_400_000);
    assert_eq!(&*d.policy_limits[0].text, "5 messages per 7 days");
    let q = d.journeys[0].quiet_hours.unwrap();
    assert_eq!((q.from_minute, q.to_minute), (21 * 60 + 30, 8 * 60));
    let q = d.journeys[1].quiet_hours.unwrap();
    assert_eq!((q.from_minute, q.to_minute), (12 * 60, 13 * 60));
    assert_eq!(d.journeys[1].budget.as_ref().unwrap().micros, 50_000);
    assert_eq!(d.journeys[1].reentry, ir::Reentry::After(2 * 86_400_000));
    assert_eq!(d.journeys[0].reentry, ir::Reentry::Never);
}

#[test]
fn compile_with_prices_keeps_the_table() {
    let table = herald_lang::cost::PriceTable::from_json(&crate::json_value!({
        "currency": "EUR", "channels": {"email": {"default": 0.5}}
    }))
    .unwrap();
    let p = compile_with_prices(
        "journey \"j\" {\n  when event \"Go\"\n  send email \"x\"\n}\n",
        &table,
    )
    .unwrap();
    assert_eq!(p.prices().currency().as_str(), "EUR");
    assert_eq!(
        compile("journey \"j\" {\n  when event \"Go\"\n  send email \"x\"\n}\n").unwrap().prices(),
        herald_lang::cost::PriceTable::builtin()
    );
    let analysis = p.analyze(&herald_lang::cost::AnalyzeOptions::default());
    assert_eq!(analysis.journeys.len(), 1);
}

#[test]
fn programs_are_shared_between_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Program>();
    let p = program(NESTED);
    assert_eq!(p.inner.journey_index("j"), Some(0));
    assert_eq!(p.inner.journey_index("nope"), None);
}

/// SPEC §6: a budget is checked against the currency of the table the program is priced with:
/// the built-in one (USD) by default, the given one with `compile_with_prices`.
#[test]
fn a_budget_must_be_in_the_currency_of_the_programs_prices() {
    let src = "journey \"j\" {\n  when event \"Go\"\n  budget 0.05 EUR per entry\n  send email \"x\"\n}\n";
    let err = compile(src).unwrap_err();
    assert_eq!(err.0[0].code, "E0211");
    let euros = herald_lang::cost::PriceTable::from_json(&crate::json_value!({
        "currency": "EUR", "channels": {"email": {"default": 0.5}}
    }))
    .unwrap();
    assert!(compile_with_prices(src, &euros).is_ok());
    let dollars = src.replace("0.05 EUR", "$0.05");
    assert_eq!(compile_with_prices(&dollars, &euros).unwrap_err().0[0].code, "E0211");
}

#[test]
fn the_event_window_is_the_longest_read_of_past_events() {
    use herald_lang::compile::EventWindow;
    let window = |src: &str| compile(src).unwrap().event_window();
    assert_eq!(
        window(
            r#"journey "a" {
  when event "x"
  if count(event "v" within 1 hour) > 1 and count(event "w" where event.n > 1 within 2 days) > 0 { stop }
}"#
        ),
        EventWindow::Within(2 * 24 * 3_600_000)
    );
    assert_eq!(
        window("journey \"a\" {\n  when event \"x\"\n  send email \"hi\"\n}"),
        EventWindow::None
    );
    assert_eq!(
        window(
            r#"journey "a" {
  when event "x"
  if len(profile.events) > 3 and count(event "v" within 1 hour) > 1 { stop }
}"#
        ),
        EventWindow::All
    );
}
