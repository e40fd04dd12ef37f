use super::*;
use serde_json::json;

/// The table of a value written with serde_json's `json!` (the tests' notation).
fn parse(v: serde_json::Value) -> Result<PriceTable, PriceError> {
    PriceTable::from_json(&v.into())
}

fn cc(s: &str) -> Option<CountryCode> {
    CountryCode::parse(s)
}

/// The built-in table as JSON: what `PriceTable::builtin` read at start before its rows became
/// Rust data (`cost/tables.rs`, written by `data/generate.py` from the same rows).
const BUILTIN_JSON: &str = include_str!("../../../../../data/prices.json");

#[test]
fn builtin_data_parses_into_the_builtin_table() {
    let t = PriceTable::parse(BUILTIN_JSON).unwrap();
    // Every row of the generated Rust data, and nothing else: regenerate with data/generate.py.
    assert_eq!(&t, PriceTable::builtin(), "cost/tables.rs differs from data/prices.json");
    assert_eq!(t.currency(), Currency::USD);
    assert_eq!(t.as_of(), Some("2026-11-25"));
    for channel in Channel::ALL {
        assert!(t.has_channel(channel), "{channel}");
    }
}

#[test]
fn builtin_numbers() {
    let t = PriceTable::builtin();
    let price = |ch, c: &str| t.rate(ch, cc(c)).map(|l| l.rate.price);
    assert_eq!(price(Channel::Sms, "US"), Some(8300));
    assert_eq!(price(Channel::Sms, "CA"), Some(8300));
    assert_eq!(price(Channel::Sms, "GB"), Some(56_000));
    assert_eq!(price(Channel::Sms, "MX"), Some(181_900));
    assert_eq!(t.rate(Channel::Sms, None).map(|l| l.rate.price), Some(181_900));
    assert_eq!(price(Channel::Mms, "US"), Some(22_000));
    assert_eq!(t.rate(Channel::Mms, cc("GB")), None); // Twilio MMS is US/CA only
    assert_eq!(price(Channel::Whatsapp, "US"), Some(30_000));
    assert_eq!(price(Channel::Voice, "DE"), Some(376_300));
    assert_eq!(price(Channel::Voice, "IN"), Some(49_700)); // landline dearer than mobile
    assert_eq!(t.rate(Channel::Email, None).map(|l| l.rate.price), Some(800));
    assert_eq!(t.rate(Channel::Push, None).map(|l| l.rate.price), Some(0));
    assert_eq!(t.rate(Channel::Webhook, None).map(|l| l.rate.price), Some(0));
    assert_eq!(t.carrier_fee(Channel::Sms, cc("US")), 4200);
    assert_eq!(t.carrier_fee(Channel::Sms, cc("CA")), 0);
    assert_eq!(t.carrier_fee(Channel::Mms, cc("US")), 6000);
    let countries: Vec<String> = t.countries().iter().map(|c| c.to_string()).collect();
    assert_eq!(countries, ["AU", "BR", "CA", "DE", "FR", "GB", "IN", "JP", "MX", "US"]);
}

#[test]
fn builtin_data_matches_the_reference_it_was_generated_from() {
    // Spot checks against data/SOURCES.md rows, so a hand edit of prices.json shows up.
    let sources = include_str!("../../../../../data/SOURCES.md");
    assert!(sources.contains("| sms | US | 0.0083 |"));
    assert!(sources.contains("| sms | US | 0.0042 |"));
    assert!(sources.contains("| sms | default | 0.1819 | dearest listed country (MX) |"));
}

#[test]
fn the_spec_override_example() {
    let t = parse(json!({
        "currency": "USD",
        "channels": { "sms": { "default": 0.0100, "US": 0.0079 }, "email": { "default": 0.001 } },
        "carrier_fees": { "sms": { "US": 0.003 } }
    }))
    .unwrap();
    let us = t.rate(Channel::Sms, cc("US")).unwrap();
    assert_eq!(us, RateLookup { rate: Rate { price: 7900, cost: None }, from_default: false });
    let fr = t.rate(Channel::Sms, cc("FR")).unwrap();
    assert_eq!((fr.rate.price, fr.from_default), (10_000, true));
    assert_eq!(t.rate(Channel::Email, None).unwrap().rate.price, 1000);
    assert_eq!(t.carrier_fee(Channel::Sms, cc("US")), 3000);
    assert_eq!(t.carrier_fee(Channel::Sms, cc("FR")), 0);
    // The override replaces the whole table: push is not priced any more.
    assert!(!t.has_channel(Channel::Push));
    assert_eq!(t.rate(Channel::Push, None), None);
}

#[test]
fn entries_with_wholesale_cost_and_decimal_strings() {
    let t = parse(json!({"currency": "EUR", "as_of": "2026-01-31",
        "channels": {"sms": {"DE": {"price": "0.0850", "cost": 0.061}, "default": "0.1"}}}))
    .unwrap();
    assert_eq!(t.currency().as_str(), "EUR");
    assert_eq!(t.as_of(), Some("2026-01-31"));
    assert_eq!(
        t.rate(Channel::Sms, cc("DE")).unwrap().rate,
        Rate { price: 85_000, cost: Some(61_000) }
    );
}

#[test]
fn prices_round_half_to_even() {
    let t = parse(json!({"channels": {"sms": {
        "US": 0.0000125, "CA": 0.0000135, "GB": "0.00001250000001", "DE": 0.0000005
    }}}))
    .unwrap();
    let p = |c: &str| t.rate(Channel::Sms, cc(c)).unwrap().rate.price;
    assert_eq!(p("US"), 12);
    assert_eq!(p("CA"), 14);
    assert_eq!(p("GB"), 13);
    assert_eq!(p("DE"), 0);
}

#[test]
fn currency_defaults_to_usd_and_must_be_iso_4217() {
    assert_eq!(parse(json!({"channels": {}})).unwrap().currency(), Currency::USD);
    let e = parse(json!({"currency": "DOLLARS", "channels": {}})).unwrap_err();
    assert_eq!(e.code(), "prices.unknown_currency");
    assert!(e.to_string().contains("`DOLLARS` is not an ISO 4217 currency code"), "{e}");
    assert_eq!(
        parse(json!({"currency": "usd", "channels": {}})).unwrap_err().code(),
        "prices.unknown_currency"
    );
    assert_eq!(
        parse(json!({"currency": 840, "channels": {}})).unwrap_err().code(),
        "prices.unknown_currency"
    );
}

#[test]
fn negative_prices_are_rejected() {
    let e = parse(json!({"channels": {"sms": {"US": -0.0079}}})).unwrap_err();
    assert_eq!(e.code(), "prices.negative_price");
    assert_eq!(
        e.to_string(),
        "channels.sms.US is negative (-0.0079); prices, costs and fees must be zero or more"
    );
    let e = parse(json!({"channels": {"sms": {"US": {"price": 0.01, "cost": -1}}}})).unwrap_err();
    assert!(e.to_string().starts_with("channels.sms.US.cost is negative"), "{e}");
    let e = parse(json!({"channels": {}, "carrier_fees": {"sms": {"US": -0.003}}})).unwrap_err();
    assert!(e.to_string().starts_with("carrier_fees.sms.US is negative"), "{e}");
}

#[test]
fn bad_country_codes_are_rejected_with_a_hint() {
    let e = parse(json!({"channels": {"sms": {"USA": 0.01}}})).unwrap_err();
    assert_eq!(e.code(), "prices.bad_country");
    assert!(e.to_string().contains("`USA` in channels.sms is not an ISO 3166 country code"), "{e}");
    let e = parse(json!({"channels": {"sms": {"us": 0.01}}})).unwrap_err();
    assert!(e.to_string().ends_with("(did you mean `US`?)"), "{e}");
    let e = parse(json!({"channels": {"sms": {"UK": 0.01}}})).unwrap_err();
    assert!(e.to_string().ends_with("(did you mean `GB`?)"), "{e}");
    let e = parse(json!({"channels": {"sms": {"Default": 0.01}}})).unwrap_err();
    assert!(e.to_string().ends_with("(did you mean `default`?)"), "{e}");
    let e = parse(json!({"channels": {"sms": {"ZZ": 0.01}}})).unwrap_err();
    assert!(!e.to_string().contains("did you mean"), "{e}");
}

#[test]
fn structural_errors() {
    assert_eq!(parse(json!([1, 2])).unwrap_err(), PriceError::NotAnObject);
    assert_eq!(parse(json!({"currency": "USD"})).unwrap_err(), PriceError::MissingChannels);
    let e = parse(json!({"chanels": {}})).unwrap_err();
    assert_eq!(e.code(), "prices.unknown_key");
    assert!(e.to_string().contains("did you mean `channels`?"), "{e}");
    let e = parse(json!({"channels": {"smss": {"US": 0.01}}})).unwrap_err();
    assert_eq!(e.code(), "prices.unknown_channel");
    assert_eq!(e.to_string(), "unknown channel `smss` in channels (did you mean `sms`?)");
    let e = parse(json!({"channels": {"sms": 0.01}})).unwrap_err();
    assert_eq!(e.to_string(), "`channels.sms` must be a JSON object");
    let e = parse(json!({"channels": []})).unwrap_err();
    assert_eq!(e.code(), "prices.not_an_object");
    let e = parse(json!({"channels": {"sms": {"US": "cheap"}}})).unwrap_err();
    assert_eq!(e.code(), "prices.bad_number");
    assert!(e.to_string().starts_with("channels.sms.US must be a decimal number"), "{e}");
    let e = parse(json!({"channels": {"sms": {"US": true}}})).unwrap_err();
    assert!(e.to_string().ends_with("found a boolean"), "{e}");
    let e = parse(json!({"channels": {"sms": {"US": {"cost": 0.01}}}})).unwrap_err();
    assert_eq!(e.to_string(), "channels.sms.US needs a `price`");
    let e = parse(json!({"channels": {"sms": {"US": {"price": 0.01, "margin": 1}}}})).unwrap_err();
    assert_eq!(e.code(), "prices.unknown_key");
    let e = parse(json!({"channels": {"sms": {"US": 1e12}}})).unwrap_err();
    assert_eq!(e.code(), "prices.too_large");
    let e = parse(json!({"channels": {"sms": {"US": 1e300}}})).unwrap_err();
    assert_eq!(e.code(), "prices.too_large");
    let e = parse(json!({"channels": {}, "as_of": "yesterday"})).unwrap_err();
    assert_eq!(e, PriceError::BadDate);
}

#[test]
fn to_json_round_trips() {
    let t = PriceTable::builtin();
    let again = PriceTable::from_json(&t.to_json()).unwrap();
    assert_eq!(&again, t);
    let with_cost = parse(json!({"currency": "GBP",
        "channels": {"sms": {"GB": {"price": 0.04, "cost": 0.02}}}}))
    .unwrap();
    assert_eq!(PriceTable::from_json(&with_cost.to_json()).unwrap(), with_cost);
}

#[test]
fn long_user_text_is_clipped_in_errors() {
    let key = "X".repeat(10_000);
    let e = parse(json!({"channels": {"sms": {key.clone(): 0.01}}})).unwrap_err();
    assert!(e.to_string().len() < 300, "{}", e.to_string().len());
    let e = parse(json!({"channels": {"sms": {"US": "9".repeat(10_000)}}})).unwrap_err();
    assert_eq!(e.code(), "prices.too_large");
    assert!(e.to_string().len() < 300);
    let e = parse(json!({"channels": {"sms": {"US": "x".repeat(10_000)}}})).unwrap_err();
    assert!(e.to_string().len() < 300);
}

#[test]
fn parse_reads_json_text() {
    let t = PriceTable::parse(r#"{"channels": {"sms": {"US": 0.0079}}}"#).unwrap();
    assert_eq!(t.rate(Channel::Sms, cc("US")).unwrap().rate.price, 7900);
    let e = PriceTable::parse("{\n  \"channels\": {,}\n}").unwrap_err();
    assert_eq!(e.code(), "prices.invalid_json");
    assert!(matches!(e, PriceError::InvalidJson { line: 2, .. }), "{e:?}");
    assert!(
        e.to_string()
            .starts_with("the price table is not valid JSON: key must be a string at line 2"),
        "{e}"
    );
    let big = format!("{{\"channels\": {{}}, \"as_of\": \"{}\"}}", " ".repeat(MAX_TABLE_BYTES));
    assert_eq!(PriceTable::parse(&big).unwrap_err().code(), "prices.too_big");
    let deep = "[".repeat(10_000);
    assert_eq!(PriceTable::parse(&deep).unwrap_err().code(), "prices.invalid_json");
}
