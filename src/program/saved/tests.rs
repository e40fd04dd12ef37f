use super::*;
use proptest::prelude::*;

const TYPICAL: &str = include_str!("../../../tests/fixtures/typical.herald");

fn compiled(source: &str) -> Program {
    match crate::compile(source) {
        Ok(p) => p,
        Err(d) => panic!("{d}"),
    }
}

fn saved(source: &str) -> Vec<u8> {
    compiled(source).save().unwrap()
}

/// The answer (or refusal) of a program to a request text, comparable across programs.
fn answer(p: &Program, request: &str) -> String {
    match p.try_evaluate_json(request) {
        Ok(text) => text,
        Err(e) => e.to_json(),
    }
}

/// Every conformance case's source and the request texts of its steps.
fn conformance_cases() -> Vec<(String, String, Vec<String>)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/conformance");
    let mut cases = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let case: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let Some(source) = case["source"].as_str() else { continue };
        let requests = case["steps"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| match (&s["request"], s["request_text"].as_str()) {
                (_, Some(text)) => Some(text.to_string()),
                (serde_json::Value::Null, None) => None,
                (r, None) => Some(r.to_string()),
            })
            .collect();
        cases.push((path.display().to_string(), source.to_string(), requests));
    }
    assert!(cases.len() >= 20, "found {} conformance cases", cases.len());
    cases
}

#[test]
fn a_loaded_program_answers_every_conformance_request_as_the_compiled_one() {
    let mut compared = 0;
    for (name, source, requests) in conformance_cases() {
        let Ok(original) = crate::compile(&source) else { continue };
        let bytes = original.save().unwrap();
        let loaded = Program::load(&bytes).unwrap();
        let evaluating = Program::load_for_evaluation(&bytes).unwrap();
        assert_eq!(loaded.journey_ids(), original.journey_ids(), "{name}");
        assert_eq!(loaded.warnings(), original.warnings(), "{name}");
        assert_eq!(loaded.profile_keys(), original.profile_keys(), "{name}");
        assert_eq!(loaded.counted_events(), original.counted_events(), "{name}");
        assert_eq!(loaded.source(), original.source(), "{name}");
        for request in &requests {
            let want = answer(&original, request);
            assert_eq!(answer(&loaded, request), want, "{name}: {request}");
            assert_eq!(answer(&evaluating, request), want, "{name}: {request}");
            compared += 1;
        }
        // Saving is deterministic: the loaded program saves to the same bytes.
        assert_eq!(loaded.save().unwrap(), bytes, "{name}");
    }
    assert!(compared > 50, "compared {compared} requests");
}

#[test]
fn a_loaded_program_keeps_its_price_table_warnings_and_analysis() {
    let prices = herald_lang::cost::PriceTable::parse(
        r#"{"currency":"EUR","channels":{"email":{"default":0.5},"sms":{"default":0.01,"DE":{"price":0.09,"cost":0.05}}},"carrier_fees":{"sms":{"US":0.003}}}"#,
    )
    .unwrap();
    let original = crate::compile_with_prices(TYPICAL, &prices).unwrap();
    let loaded = Program::load(&original.save().unwrap()).unwrap();
    assert_eq!(loaded.prices(), original.prices());
    let opts = herald_lang::cost::AnalyzeOptions::default();
    assert_eq!(
        serde_json::to_value(loaded.analyze(&opts)).unwrap(),
        serde_json::to_value(original.analyze(&opts)).unwrap()
    );
    // A warning survives (its code is one of the static codes again).
    let warned =
        "journey \"w\" {\n  when event \"a\"\n  send sms \"Your code is 1234. Café?\"\n}\n";
    let p = compiled(warned);
    let loaded = Program::load(&p.save().unwrap()).unwrap();
    assert_eq!(loaded.warnings(), p.warnings());
}

#[test]
fn the_header_says_what_wrote_it() {
    let bytes = saved(TYPICAL);
    assert_eq!(&bytes[..8], &MAGIC);
    assert_eq!(u16::from_le_bytes([bytes[8], bytes[9]]), FORMAT_VERSION);
    let n = usize::from(bytes[10]);
    assert_eq!(&bytes[11..11 + n], HERALD_VERSION.as_bytes());
    let m = usize::from(bytes[11 + n]);
    assert_eq!(&bytes[12 + n..12 + n + m], SOURCE_FINGERPRINT.as_bytes());
}

/// The offset of the herald version's text in a saved program.
const VERSION_AT: usize = 11;

#[test]
fn another_version_is_refused_with_a_clear_error() {
    let bytes = saved(TYPICAL);
    let mut other_format = bytes.clone();
    other_format[8..10].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
    let e = Program::load(&other_format).unwrap_err();
    assert_eq!(e, LoadError::FormatVersion { found: FORMAT_VERSION + 1 });
    assert_eq!(e.code(), "version_mismatch");
    assert!(e.to_string().contains("herald build"), "{e}");

    // Another herald: the same header with another version text.
    let mut other_herald = bytes[..VERSION_AT - 1].to_vec();
    other_herald.push(5);
    other_herald.extend_from_slice(b"9.9.9");
    other_herald.extend_from_slice(&bytes[VERSION_AT + HERALD_VERSION.len()..]);
    let e = Program::load(&other_herald).unwrap_err();
    assert_eq!(e, LoadError::HeraldVersion { built_by: "9.9.9".into() });
    assert_eq!(e.code(), "version_mismatch");
    let message = e.to_string();
    assert!(message.contains("built by herald 9.9.9"), "{message}");
    assert!(message.contains(&format!("this is herald {HERALD_VERSION}")), "{message}");

    // The same version number, other language sources.
    let at = VERSION_AT + HERALD_VERSION.len() + 1;
    let mut other_build = bytes.clone();
    other_build[at] = if other_build[at] == b'0' { b'1' } else { b'0' };
    let e = Program::load(&other_build).unwrap_err();
    assert!(matches!(e, LoadError::Fingerprint { .. }), "{e:?}");
    assert!(e.to_string().contains("another build of herald"), "{e}");
}

#[test]
fn what_is_not_a_program_is_named() {
    for (bytes, says) in [
        (&b""[..], "this is empty"),
        (TYPICAL.as_bytes(), "this starts with 6A 6F 75 72"),
        (b"{\"journeys\": []}", "this starts with 7B 22"),
        (&MAGIC[..7], "this starts with 89 48"),
    ] {
        let e = Program::load(bytes).unwrap_err();
        assert_eq!(e.code(), "not_a_program", "{e}");
        assert!(e.to_string().contains(says), "{e}");
    }
}

#[test]
fn every_truncation_is_a_typed_error() {
    let bytes = saved(TYPICAL);
    for len in 0..bytes.len() {
        let e = Program::load(&bytes[..len]).unwrap_err();
        let want = if len < MAGIC.len() { "not_a_program" } else { "corrupt_program" };
        assert_eq!(e.code(), want, "{len}: {e}");
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert_eq!(Program::load(&longer).unwrap_err().code(), "corrupt_program");
}

#[test]
fn every_changed_byte_is_caught() {
    let bytes = saved(TYPICAL);
    for at in 0..bytes.len() {
        for flip in [0x01, 0x80, 0xff] {
            let mut b = bytes.clone();
            b[at] ^= flip;
            match Program::load(&b) {
                Err(e) => assert!(
                    ["not_a_program", "version_mismatch", "corrupt_program"].contains(&e.code()),
                    "{at}: {e}"
                ),
                Ok(_) => panic!("byte {at} ^ {flip:#x} was not caught"),
            }
        }
    }
}

/// A saved program whose payload is `payload` with a correct header and checksum: what a
/// hand-made or buggy file would look like past the integrity checks.
fn wrapped(payload: &[u8]) -> Vec<u8> {
    let bytes = saved("journey \"w\" {\n  when event \"a\"\n  send email \"hi\"\n}\n");
    let header = bytes.len() - payload_len(&bytes) - 12;
    let mut out = bytes[..header].to_vec();
    out.extend_from_slice(&u32::try_from(payload.len()).unwrap().to_le_bytes());
    out.extend_from_slice(&fnv1a64(payload).to_le_bytes());
    out.extend_from_slice(payload);
    out
}

fn payload_len(saved: &[u8]) -> usize {
    let n = usize::from(saved[10]);
    let m = usize::from(saved[11 + n]);
    let at = 12 + n + m;
    u32::from_le_bytes(saved[at..at + 4].try_into().unwrap()) as usize
}

const REQUEST: &str = r#"{"now":"2026-03-08T14:00:00Z","profile":{"id":"u1","email":"a@b.co","phone":"+14155550100","events":[{"name":"Viewed","time":"2026-03-08T13:00:00Z"}]},"event":{"name":"a"}}"#;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Payloads that pass the checksum but were changed (as a bug or a hand could change them):
    /// loading gives a typed error or a program, and such a program evaluates without panicking.
    #[test]
    fn changed_payloads_behind_a_good_checksum_never_panic(
        changes in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
        cut in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
    ) {
        let bytes = saved(TYPICAL);
        let at = bytes.len() - payload_len(&bytes);
        let mut payload = bytes[at..].to_vec();
        for (i, b) in changes {
            let i = i.index(payload.len());
            payload[i] = b;
        }
        if truncate {
            payload.truncate(cut.index(payload.len()));
        }
        match Program::load(&wrapped(&payload)) {
            Ok(p) => {
                let _ = p.try_evaluate_json(REQUEST);
            }
            Err(e) => prop_assert_eq!(e.code(), "corrupt_program"),
        }
    }

    #[test]
    fn random_payloads_behind_a_good_checksum_never_panic(
        payload in proptest::collection::vec(any::<u8>(), 0..400)
    ) {
        if let Err(e) = Program::load(&wrapped(&payload)) {
            prop_assert_eq!(e.code(), "corrupt_program");
        }
    }
}

#[test]
fn a_payload_nested_past_the_bound_is_corrupt_not_a_crash() {
    // The typical program's payload up to its first journey's trigger condition would do, but
    // any payload will: the reader meets a segment list of one `not not not …` expression.
    let mut payload = vec![0u8, 0, 1];
    payload.extend(std::iter::repeat_n(7u8, 1 << 16));
    let e = Program::load(&wrapped(&payload)).unwrap_err();
    assert_eq!(e.code(), "corrupt_program");
    assert!(e.to_string().contains("nested deeper than"), "{e}");
}
