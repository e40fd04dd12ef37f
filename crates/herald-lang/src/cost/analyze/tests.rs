use super::*;
use serde_json::json;

/// The example of SPEC §1, verbatim (shared fixture).
const SPEC_EXAMPLE: &str =
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/spec_example.herald"));

fn run(src: &str, table: &PriceTable, opts: &AnalyzeOptions) -> Analysis {
    analyze(&crate::syntax::parse(src).unwrap(), table, opts)
}

fn builtin(src: &str) -> JourneyAnalysis {
    run(src, PriceTable::builtin(), &AnalyzeOptions::default()).journeys.remove(0)
}

fn in_country(src: &str, cc: &str) -> JourneyAnalysis {
    let opts = AnalyzeOptions { country: CountryCode::parse(cc), ..AnalyzeOptions::default() };
    run(src, PriceTable::builtin(), &opts).journeys.remove(0)
}

fn journey(steps: &str) -> String {
    format!("journey \"j\" {{\n  when event \"E\"\n{steps}\n}}\n")
}

fn spec_prices() -> PriceTable {
    PriceTable::from_json(&crate::json::Value::from(json!({
        "currency": "USD",
        "channels": { "sms": { "default": 0.0100, "US": 0.0079 }, "email": { "default": 0.001 } },
        "carrier_fees": { "sms": { "US": 0.003 } }
    })))
    .unwrap()
}

// Built-in unit prices used below (data/prices.json): US SMS 0.0083 + 0.0042 carrier fee =
// 12 500 micros a segment; MX SMS 0.1819 = 181 900 (the dearest); email 800; push 0.

#[test]
fn spec_example_by_hand() {
    // Paths: `if` sends one message (an SMS of 3 + 32 + 26 + 32 = 93 GSM-7 characters, one
    // segment; or push-with-email-fallback, dearest email 800), then `wait for` sends one more
    // (email 800, or in the timeout a one-segment SMS, or nothing after `stop`). So at most 2
    // messages, and at worst two one-segment SMS at the dearest destination, Mexico.
    let j = builtin(SPEC_EXAMPLE);
    assert_eq!(j.id, "cart-abandonment");
    assert_eq!(j.max_messages, 2);
    assert_eq!(j.worst_case_cost, Amount::new(2 * 181_900, Currency::USD));
    assert_eq!(j.worst_case_cost.amount, "0.3638");
    assert_eq!(j.country.map(|c| c.to_string()).as_deref(), Some("MX"));
    assert_eq!(j.country_source, Some(CountrySource::Dearest));
    assert_eq!(j.budget.as_ref().map(|b| b.micros), Some(50_000));
    assert_eq!(j.exceeds_budget, Some(true));
    assert!(j.unpriced_channels.is_empty());
    assert_eq!(j.worst_case_margin, None);
}

#[test]
fn spec_example_for_a_given_country() {
    let j = in_country(SPEC_EXAMPLE, "US");
    assert_eq!(j.worst_case_cost.micros, 2 * 12_500);
    assert_eq!(j.worst_case_cost.amount, "0.025");
    assert_eq!(j.country_source, Some(CountrySource::Given));
    assert_eq!(j.exceeds_budget, Some(false));
    assert!(!j.priced_at_default);
    // A country outside the table is priced at `default` (the dearest listed SMS) and says so.
    let j = in_country(SPEC_EXAMPLE, "NG");
    assert_eq!(j.worst_case_cost.micros, 2 * 181_900);
    assert!(j.priced_at_default);
    assert_eq!(j.country.map(|c| c.to_string()).as_deref(), Some("NG"));
}

#[test]
fn spec_example_with_the_spec_prices() {
    // US: 0.0079 + 0.003 fee = 10 900 a segment, dearer than default 10 000. Push is absent
    // from this table: unpriced, counted 0.
    let a = run(SPEC_EXAMPLE, &spec_prices(), &AnalyzeOptions::default());
    let j = &a.journeys[0];
    assert_eq!(j.worst_case_cost.micros, 21_800);
    assert_eq!(j.country.map(|c| c.to_string()).as_deref(), Some("US"));
    assert_eq!(j.unpriced_channels, [Channel::Push]);
    assert_eq!(a.prices_as_of, None);
}

#[test]
fn spec_example_graph() {
    let j = builtin(SPEC_EXAMPLE);
    let nodes: Vec<(&str, NodeKind, &str)> =
        j.nodes.iter().map(|n| (n.id.as_str(), n.kind, n.label.as_str())).collect();
    assert_eq!(
        nodes,
        [
            ("start", NodeKind::Start, "when event \"Cart Abandoned\""),
            ("1", NodeKind::Wait, "wait 1 hour"),
            ("2", NodeKind::If, "if count(event \"Product Viewed\" within 1 day) > 3"),
            ("2.then.1", NodeKind::Send, "send sms"),
            ("2.else.1", NodeKind::Send, "send push, fallback email template \"cart_reminder\""),
            ("3", NodeKind::WaitFor, "wait for event \"Checkout Started\" within 2 days"),
            ("3.then.1", NodeKind::Send, "send email template \"complete_your_order\""),
            ("3.timeout.1", NodeKind::Split, "split"),
            ("3.timeout.1.arm1.1", NodeKind::Send, "send sms"),
            ("3.timeout.1.arm2.1", NodeKind::Stop, "stop"),
            ("end", NodeKind::End, "end"),
        ]
    );
    let edges: Vec<(&str, &str, Option<&str>)> =
        j.edges.iter().map(|e| (e.from.as_str(), e.to.as_str(), e.label.as_deref())).collect();
    assert_eq!(
        edges,
        [
            ("start", "1", None),
            ("1", "2", None),
            ("2", "2.then.1", Some("then")),
            ("2", "2.else.1", Some("else")),
            ("2.then.1", "3", None),
            ("2.else.1", "3", None),
            ("3", "3.then.1", Some("then")),
            ("3", "3.timeout.1", Some("timeout")),
            ("3.timeout.1", "3.timeout.1.arm1.1", Some("50%")),
            ("3.timeout.1", "3.timeout.1.arm2.1", Some("50%")),
            ("3.then.1", "end", None),
            ("3.timeout.1.arm1.1", "end", None),
        ]
    );
    // Send nodes carry their cost at the analysed destination (MX).
    let cost = |id: &str| {
        j.nodes
            .iter()
            .find(|n| n.id == id)
            .and_then(|n| n.worst_case_cost.as_ref())
            .map(|a| a.micros)
    };
    assert_eq!(cost("2.then.1"), Some(181_900));
    assert_eq!(cost("2.else.1"), Some(800));
    assert_eq!(cost("1"), None);
    let src_of = |id: &str| {
        let n = j.nodes.iter().find(|n| n.id == id).unwrap();
        SPEC_EXAMPLE[n.span.start..n.span.end].trim_end()
    };
    assert_eq!(src_of("3.timeout.1.arm1.1"), "send sms \"Last chance: 10% off with CART10\"");
}

#[test]
fn spec_example_json_shape() {
    let a = run(SPEC_EXAMPLE, PriceTable::builtin(), &AnalyzeOptions::default());
    let v = serde_json::to_value(&a).unwrap();
    assert_eq!(v["currency"], "USD");
    assert_eq!(v["prices_as_of"], "2026-11-25");
    assert_eq!(v["interpolation_chars"], 32);
    assert!(v.get("campaign").is_none());
    let j = &v["journeys"][0];
    assert_eq!(j["id"], "cart-abandonment");
    assert_eq!(j["max_messages"], 2);
    assert_eq!(
        j["worst_case_cost"],
        json!({"amount": "0.3638", "micros": 363_800, "currency": "USD"})
    );
    assert_eq!(j["country"], "MX");
    assert_eq!(j["country_source"], "dearest");
    assert_eq!(j["budget"], json!({"amount": "0.05", "micros": 50_000, "currency": "USD"}));
    assert_eq!(j["exceeds_budget"], true);
    assert_eq!(
        j["nodes"][3],
        json!({"id": "2.then.1", "kind": "send", "label": "send sms",
               "span": j["nodes"][3]["span"], "channels": ["sms"],
               "worst_case_cost": {"amount": "0.1819", "micros": 181_900, "currency": "USD"}})
    );
    assert_eq!(j["nodes"][1]["kind"], "wait");
    assert!(j["nodes"][1]["span"]["start"].is_u64());
    assert_eq!(j["edges"][0], json!({"from": "start", "to": "1"}));
    assert_eq!(j["edges"][2], json!({"from": "2", "to": "2.then.1", "label": "then"}));
    let keys: Vec<&str> = j.as_object().unwrap().keys().map(String::as_str).collect();
    for k in ["id", "max_messages", "worst_case_cost", "nodes", "edges"] {
        assert!(keys.contains(&k), "{k}");
    }
}

#[test]
fn a_fallback_chain_counts_once_at_its_dearest_channel() {
    let src = journey("  send push \"a\" fallback sms \"b\" fallback email template \"c\"");
    let j = in_country(&src, "US");
    assert_eq!(j.max_messages, 1);
    assert_eq!(j.worst_case_cost.micros, 12_500);
    let src = journey("  send whatsapp template \"w\" fallback sms \"b\"");
    let j = in_country(&src, "US");
    assert_eq!(j.worst_case_cost.micros, 30_000); // WhatsApp 0.030 beats SMS 0.0125
    let j = in_country(&src, "IN");
    assert_eq!(j.worst_case_cost.micros, 83_200); // in India the SMS is dearer
}

#[test]
fn stop_ends_the_path() {
    let src = journey(
        "  send sms \"a\"\n  if profile.x exists { stop }\n  send sms \"b\"\n  send sms \"c\"",
    );
    let j = in_country(&src, "US");
    assert_eq!(j.max_messages, 3);
    assert_eq!(j.worst_case_cost.micros, 3 * 12_500);
    // Every block stops: what follows is unreachable and counts nothing.
    let src = journey(
        "  split {\n 50% { send sms \"a\"\n send sms \"b\"\n stop }\n 50% { send email \"x\"\n stop }\n }\n  send sms \"never\"",
    );
    let j = in_country(&src, "US");
    assert_eq!(j.max_messages, 2);
    assert_eq!(j.worst_case_cost.micros, 2 * 12_500);
    // The unreachable send is still drawn (the checker reports it), with no edge into it.
    assert!(j.nodes.iter().any(|n| n.id == "2"));
    assert!(j.edges.iter().all(|e| e.to != "2"));
}

#[test]
fn split_and_branches_take_the_worst_arm() {
    let src = journey(
        "  split {\n 10% { send email \"a\"\n send email \"b\"\n send email \"c\" }\n 90% { send sms \"x\" }\n }",
    );
    let j = in_country(&src, "US");
    assert_eq!(j.max_messages, 3); // the three emails
    assert_eq!(j.worst_case_cost.micros, 12_500); // the SMS costs more than 3 × 800
    let src = journey(
        "  if profile.a > 1 { send email \"a\" } else if profile.b > 1 { send sms \"b\"\n send sms \"c\" } else { send push \"d\" }",
    );
    let j = in_country(&src, "US");
    assert_eq!((j.max_messages, j.worst_case_cost.micros), (2, 25_000));
    // Without `else`, skipping every branch is a path too (it costs nothing, so it never wins).
    let src = journey("  if profile.a > 1 { send sms \"a\" }");
    assert_eq!(in_country(&src, "US").worst_case_cost.micros, 12_500);
}

#[test]
fn wait_for_takes_the_worse_of_body_and_timeout() {
    let src = journey(
        "  wait for event \"P\" within 1 day { send sms \"a\"\n send sms \"b\" } timeout { send email \"c\" }",
    );
    let j = in_country(&src, "US");
    assert_eq!((j.max_messages, j.worst_case_cost.micros), (2, 25_000));
    let src = journey(
        "  wait for event \"P\" within 1 day { send email \"a\" } timeout { send sms \"b\"\n send voice \"c\" }",
    );
    let j = in_country(&src, "US");
    assert_eq!((j.max_messages, j.worst_case_cost.micros), (2, 12_500 + 14_000));
    let src = journey("  wait for event \"P\" within 1 day { send sms \"a\" }\n  send email \"z\"");
    let j = in_country(&src, "US");
    assert_eq!((j.max_messages, j.worst_case_cost.micros), (2, 13_300));
}

#[test]
fn interpolation_width_is_configurable() {
    let src = journey("  send sms \"{{profile.a}}{{profile.b}}\"");
    let j = in_country(&src, "US");
    assert_eq!(j.worst_case_cost.micros, 12_500); // 64 characters: one segment
    let opts = AnalyzeOptions {
        country: CountryCode::parse("US"),
        interpolation_chars: 100,
        audience: None,
    };
    let a = run(&src, PriceTable::builtin(), &opts);
    assert_eq!(a.interpolation_chars, 100);
    assert_eq!(a.journeys[0].worst_case_cost.micros, 2 * 12_500); // 200 characters: two
                                                                  // Literal UCS-2 text makes the stand-ins count in UCS-2 too: 64 + 7 > 70.
    let src = journey("  send sms \"{{profile.a}} 😀 {{profile.b}} 😀\"");
    assert_eq!(in_country(&src, "US").worst_case_cost.micros, 2 * 12_500);
}

#[test]
fn the_dearest_destination_may_be_outside_the_table() {
    // SMS is dearest in MX, voice in DE; `default` prices each channel at its dearest, so an
    // unlisted country is the worst case for a journey that uses both.
    let src = journey("  send sms \"a\"\n  send voice \"b\"");
    let j = builtin(&src);
    assert_eq!(j.country, None);
    assert_eq!(j.country_source, Some(CountrySource::Default));
    assert_eq!(j.worst_case_cost.micros, 181_900 + 376_300);
    let v = serde_json::to_value(&j).unwrap();
    assert_eq!(v["country"], serde_json::Value::Null);
    assert_eq!(v["country_source"], "default");
}

#[test]
fn journeys_without_phone_channels_have_no_country() {
    let j = builtin(&journey("  send email \"a\"\n  send push \"b\"\n  send webhook \"c\""));
    assert_eq!((j.country, j.country_source), (None, None));
    assert_eq!((j.max_messages, j.worst_case_cost.micros), (3, 800));
    let v = serde_json::to_value(&j).unwrap();
    assert!(v.get("country_source").is_none());
}

#[test]
fn margins_follow_the_worst_case_path() {
    let t = PriceTable::from_json(&crate::json::Value::from(json!({
        "channels": {"sms": {"US": {"price": 0.01, "cost": 0.004}},
                     "email": {"default": {"price": 0.001, "cost": 0.0002}}}
    })))
    .unwrap();
    let src = journey("  send sms \"a\"\n  send email \"b\"");
    let j = run(&src, &t, &AnalyzeOptions::default()).journeys.remove(0);
    assert_eq!(j.worst_case_cost.micros, 11_000);
    assert_eq!(j.worst_case_margin.map(|m| m.micros), Some(6000 + 800));
    // One message without a known cost: no margin.
    let j = in_country(&src, "US");
    assert_eq!(j.worst_case_margin, None);
}

#[test]
fn audience_multiplies_the_worst_case() {
    let src = format!("{SPEC_EXAMPLE}\n{}", journey("  send email \"welcome\""));
    let opts = AnalyzeOptions { audience: Some(1000), ..AnalyzeOptions::default() };
    let a = run(&src, PriceTable::builtin(), &opts);
    let c = a.journeys[0].campaign.as_ref().unwrap();
    assert_eq!((c.audience, c.max_messages), (1000, 2000));
    assert_eq!(c.worst_case_cost.micros, 363_800_000);
    assert_eq!(c.worst_case_cost.amount, "363.80");
    let total = a.campaign.as_ref().unwrap();
    assert_eq!(total.max_messages, 2000 + 1000);
    assert_eq!(total.worst_case_cost.micros, 363_800_000 + 800_000);
    // No overflow with absurd audiences.
    let opts = AnalyzeOptions { audience: Some(u64::MAX), ..AnalyzeOptions::default() };
    let a = run(&src, PriceTable::builtin(), &opts);
    assert_eq!(a.journeys[0].campaign.as_ref().unwrap().worst_case_cost.micros, i64::MAX);
}

#[test]
fn budgets_in_another_currency_are_not_compared() {
    let src =
        "journey \"j\" {\n when event \"E\"\n budget 0.01 EUR per entry\n send sms \"a\"\n}\n";
    let j = builtin(src);
    assert_eq!(j.budget.as_ref().map(|b| b.currency.as_str()), Some("EUR"));
    assert_eq!(j.exceeds_budget, None);
}

#[test]
fn table_rendering() {
    let opts = AnalyzeOptions { audience: Some(10), ..AnalyzeOptions::default() };
    let src = format!("{SPEC_EXAMPLE}\n{}", journey("  send email \"welcome\""));
    let text = run(&src, PriceTable::builtin(), &opts).render_table();
    let lines: Vec<&str> = text.lines().collect();
    let expected = [
        "journey           max messages  worst case (USD)  destination   campaign messages  campaign cost (USD)",
        "cart-abandonment             2            0.3638  MX (dearest)                 20                3.638",
        "j                            1            0.0008  -                            10                0.008",
        "total                                                                          30                3.646",
    ];
    assert_eq!(lines[..4], expected);
    assert!(text.contains("Prices in USD as of 2026-11-25."), "{text}");
    assert!(text.contains("each {{ }} counts as 32 characters"), "{text}");
    assert!(
        text.contains("cart-abandonment: the worst case exceeds the budget of 0.05 USD"),
        "{text}"
    );
}

#[test]
fn files_without_journeys_and_odd_trees_do_not_panic() {
    let a = run("segment s = profile.a > 1\n", PriceTable::builtin(), &AnalyzeOptions::default());
    assert!(a.journeys.is_empty());
    // Unknown channels and statements (the checker reports them) are analysed leniently.
    let src = journey("  send pigeon \"coo\"\n  sned sms \"x\"");
    if let Ok(f) = crate::syntax::parse(&src) {
        let a = analyze(&f, PriceTable::builtin(), &AnalyzeOptions::default());
        assert_eq!(a.journeys[0].max_messages, 1);
        assert_eq!(a.journeys[0].worst_case_cost.micros, 0);
    }
    let empty = PriceTable::empty(Currency::USD);
    let a = run(SPEC_EXAMPLE, &empty, &AnalyzeOptions::default());
    assert_eq!(a.journeys[0].worst_case_cost.micros, 0);
    assert_eq!(a.journeys[0].unpriced_channels, [Channel::Sms, Channel::Email, Channel::Push]);
}

/// SPEC §6: an `exit when` that swallows a later `wait for` event (W0008) makes its event block
/// unreachable; analysis leaves it out of the counts (the graph still draws it).
#[test]
fn an_event_block_an_exit_swallows_is_not_counted() {
    let steps = "  wait for event \"Order\" within 1 day {\n    send email \"a\"\n    send email \"b\"\n  } timeout {\n    send email \"c\"\n  }";
    let open = builtin(&journey(steps));
    assert_eq!(open.max_messages, 2);
    let src = journey(&format!("  exit when event \"Order\"\n{steps}"));
    let shut = builtin(&src);
    assert_eq!(shut.max_messages, 1);
    assert_eq!(shut.worst_case_cost.micros, 800);
    // An exit with another condition leaves the block reachable.
    let src = journey(&format!("  exit when event \"Order\" where event.total > 5\n{steps}"));
    assert_eq!(builtin(&src).max_messages, 2);
}

#[test]
fn helper_output_is_priced_as_it_renders() {
    // 128 written characters + one interpolation of 32: 160 septets with `£` (basic GSM-7), one
    // segment; 161 with `€` (a GSM-7 extension character, two septets), two segments, still
    // GSM-7; a literal fallback with `ã` (outside GSM-7) makes it UCS-2: 160 units, 3 segments.
    let text = "x".repeat(128);
    let cost = |interp: &str| {
        let src = journey(&format!("  send sms \"{text}{{{{{interp}}}}}\""));
        in_country(&src, "US").worst_case_cost.micros
    };
    assert_eq!(cost("format_money(event.total, \"GBP\")"), 12_500);
    assert_eq!(cost("format_money(event.total, \"EUR\")"), 2 * 12_500);
    assert_eq!(cost("format_money(event.total, event.code)"), 2 * 12_500);
    assert_eq!(cost("default(profile.name, \"João\")"), 3 * 12_500);
}

#[test]
fn a_message_is_counted_at_its_dearest_variant_and_names_it() {
    let src = "message \"cart\" {\n  en \"Hi, you left something in your cart. Finish your order today: shop.example/cart\"\n  \
               pt-BR \"Olá, você deixou algo no carrinho. Conclua seu pedido hoje mesmo: shop.example/cart\"\n}\n\
               journey \"j\" {\n  when event \"E\"\n  send sms message \"cart\"\n}\n";
    let a = in_country(src, "US");
    let node = a.nodes.iter().find(|n| n.kind == NodeKind::Send).unwrap();
    let by_locale = |l: &str| node.variants.iter().find(|v| v.locale == l).unwrap();
    let (en, pt) = (by_locale("en"), by_locale("pt-BR"));
    assert_eq!((en.units, en.encoding, en.dearest), (1, Some(Encoding::Gsm7), false));
    assert_eq!((pt.units, pt.encoding, pt.dearest), (2, Some(Encoding::Ucs2), true));
    assert_eq!(pt.cost.micros, 2 * en.cost.micros);
    // The worst case is the Portuguese one.
    assert_eq!(a.worst_case_cost.micros, pt.cost.micros);
    let text = run(
        src,
        PriceTable::builtin(),
        &AnalyzeOptions { country: CountryCode::parse("US"), ..AnalyzeOptions::default() },
    )
    .render_table();
    assert!(text.contains("counted at its dearest variant `pt-BR` (2 segments, UCS-2"), "{text}");
}
