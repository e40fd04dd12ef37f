//! The analysis writer against serde_json (the oracle): both forms on every source of the corpus
//! under several options and price tables, and on analyses with generated strings and numbers.

use super::super::*;
use crate::cost::PriceTable;
use crate::diagnostics::LineIndex;
use proptest::prelude::*;
use serde_json::Value;

fn root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every source of the corpus: the examples, the test fixtures, the formatter's test data and
/// the conformance cases.
fn corpus() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for dir in ["examples", "tests/fixtures", "crates/herald-lang/src/format/testdata"] {
        let mut paths: Vec<_> = std::fs::read_dir(root().join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "herald"))
            .collect();
        paths.sort();
        for p in paths {
            out.push((p.display().to_string(), std::fs::read_to_string(&p).unwrap()));
        }
    }
    let mut cases: Vec<_> = std::fs::read_dir(root().join("tests/conformance"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    cases.sort();
    for p in cases {
        let case: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        if let Some(source) = case["source"].as_str() {
            out.push((p.display().to_string(), source.to_string()));
        }
    }
    out
}

/// What the package's `analyze()` answered before the writer (src/wasm/compile.rs): the
/// analysis through `serde_json::to_value`, `span_utf16` added beside each journey's and node's
/// `span`, written by serde_json.
fn old_sorted(a: &Analysis, index: &LineIndex<'_>) -> String {
    let mut value = serde_json::to_value(a).unwrap();
    let with_utf16 = |item: &mut Value| {
        let span = item
            .get("span")
            .and_then(|s| Some((s.get("start")?.as_u64()?, s.get("end")?.as_u64()?)));
        if let (Some((start, end)), Some(map)) = (span, item.as_object_mut()) {
            let at = |offset: u64| index.utf16(usize::try_from(offset).unwrap_or(usize::MAX));
            map.insert(
                "span_utf16".to_string(),
                serde_json::json!({"start": at(start), "end": at(end)}),
            );
        }
    };
    let journeys = value.get_mut("journeys").and_then(Value::as_array_mut);
    for journey in journeys.into_iter().flatten() {
        with_utf16(journey);
        let nodes = journey.get_mut("nodes").and_then(Value::as_array_mut);
        for node in nodes.into_iter().flatten() {
            with_utf16(node);
        }
    }
    serde_json::to_string(&value).unwrap()
}

/// The package's check before the writer: the first `micros` of the value a JS number cannot
/// hold exactly.
fn old_inexact(value: &Value) -> Option<i64> {
    const MAX_SAFE_INTEGER: i64 = (1 << 53) - 1;
    match value {
        Value::Object(map) => map.iter().find_map(|(key, v)| match v {
            Value::Number(n) if key == "micros" => match n.as_i64() {
                Some(m) if (-MAX_SAFE_INTEGER..=MAX_SAFE_INTEGER).contains(&m) => None,
                Some(m) => Some(m),
                None => Some(i64::MAX),
            },
            other => old_inexact(other),
        }),
        Value::Array(items) => items.iter().find_map(old_inexact),
        _ => None,
    }
}

fn assert_as_serde(a: &Analysis, source: &str, name: &str) {
    let index = LineIndex::new(source);
    assert_eq!(a.to_json(AnalysisForm::Declared), serde_json::to_string(a).unwrap(), "{name}");
    assert_eq!(a.to_json(AnalysisForm::SortedUtf16(&index)), old_sorted(a, &index), "{name}");
    assert_eq!(a.inexact_micros(), old_inexact(&serde_json::to_value(a).unwrap()), "{name}");
}

fn tables() -> Vec<PriceTable> {
    vec![
        PriceTable::builtin().clone(),
        PriceTable::parse(
            r#"{"currency":"EUR","as_of":"2026-11-25","channels":{"email":{"default":0.5},"sms":{"default":0.01,"DE":{"price":0.09,"cost":0.05},"US":0.0079}},"carrier_fees":{"sms":{"US":0.003}}}"#,
        )
        .unwrap(),
        PriceTable::parse(
            r#"{"currency":"USD","channels":{"sms":{"US":{"price":900000,"cost":1}},"email":{"default":{"price":999999,"cost":0.5}},"push":{"default":1000000}}}"#,
        )
        .unwrap(),
    ]
}

fn options() -> Vec<AnalyzeOptions> {
    let d = AnalyzeOptions::default;
    vec![
        d(),
        AnalyzeOptions { country: CountryCode::parse("DE"), ..d() },
        AnalyzeOptions { country: CountryCode::parse("MX"), audience: Some(1_000), ..d() },
        AnalyzeOptions { audience: Some(u64::MAX), interpolation_chars: 0, ..d() },
        AnalyzeOptions { audience: Some(9_000_000_000), interpolation_chars: 1_000, ..d() },
    ]
}

#[test]
fn every_analysis_of_the_corpus_is_written_as_serde_json_writes_it() {
    let corpus = corpus();
    assert!(corpus.len() >= 60, "{} sources", corpus.len());
    let (tables, options) = (tables(), options());
    let (mut analysed, mut inexact, mut margins, mut variants) = (0, 0, 0, 0);
    for (name, source) in &corpus {
        let Ok(file) = crate::syntax::parse(source) else { continue };
        for table in &tables {
            for opts in &options {
                let a = analyze(&file, table, opts);
                assert_as_serde(&a, source, name);
                analysed += 1;
                inexact += usize::from(a.inexact_micros().is_some());
                margins += a.journeys.iter().filter(|j| j.worst_case_margin.is_some()).count();
                variants += a
                    .journeys
                    .iter()
                    .flat_map(|j| &j.nodes)
                    .map(|n| n.variants.len())
                    .sum::<usize>();
            }
        }
    }
    // The corpus reaches every part of the writer.
    assert!(analysed >= 60 * 15 && inexact > 0 && margins > 0 && variants > 0);
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z \"\\\\]{0,8}",
        any::<String>(),
        proptest::collection::vec(0u32..0x80, 0..6)
            .prop_map(|v| v.into_iter().filter_map(char::from_u32).collect()),
    ]
}

fn amount() -> impl Strategy<Value = Amount> {
    (any::<i64>(), text(), text()).prop_map(|(micros, amount, currency)| Amount {
        amount,
        micros,
        currency,
    })
}

fn generated() -> impl Strategy<Value = (Analysis, String)> {
    let source = prop_oneof![
        Just("journey \"é\" {\n  when event \"E\"\n  send sms \"héllo 🎉\"\n  wait 1 day\n  if profile.plan == \"pro\" {\n    send email \"x\"\n  }\n}\n".to_string()),
        Just(std::fs::read_to_string(root().join("tests/fixtures/typical.herald")).unwrap()),
    ];
    (
        source,
        text(),
        text(),
        proptest::collection::vec(amount(), 8),
        proptest::collection::vec(any::<Option<bool>>(), 4),
        any::<(u64, Option<u64>, u32, usize, usize)>(),
        proptest::option::of(text()),
    )
        .prop_map(|(source, id, label, amounts, flags, numbers, prices_as_of)| {
            let file = crate::syntax::parse(&source).unwrap();
            let opts = AnalyzeOptions { audience: Some(numbers.0), ..AnalyzeOptions::default() };
            let mut a = analyze(&file, PriceTable::builtin(), &opts);
            let pick = |i: usize| amounts[i % amounts.len()].clone();
            a.prices_as_of = prices_as_of;
            a.interpolation_chars = numbers.2;
            if let Some(c) = &mut a.campaign {
                c.worst_case_cost = pick(0);
            }
            for (k, j) in a.journeys.iter_mut().enumerate() {
                j.id = format!("{id}{k}");
                j.worst_case_cost = pick(k + 1);
                j.worst_case_margin = flags[0].map(|_| pick(k + 2));
                j.budget = flags[1].map(|_| pick(k + 3));
                j.exceeds_budget = flags[2];
                j.priced_at_default = flags[3].unwrap_or(false);
                j.longest_run_seconds = numbers.1;
                j.max_messages = numbers.0;
                j.span = Span::new(numbers.3, numbers.4);
                if flags[3] == Some(true) {
                    j.unpriced_channels = vec![Channel::Sms, Channel::Whatsapp];
                    j.country_source = Some(CountrySource::Dearest);
                    j.runs = Some(RunsNote {
                        keyed: true,
                        restart: false,
                        max_runs: numbers.2,
                        holdout: Some(label.clone()),
                        note: label.clone(),
                    });
                }
                for (i, n) in j.nodes.iter_mut().enumerate() {
                    n.label = format!("{label}{i}");
                    n.span = Span::new(numbers.4, numbers.3 % 300);
                    if n.worst_case_cost.is_some() {
                        n.worst_case_cost = Some(pick(i + 4));
                    }
                    for v in &mut n.variants {
                        v.cost = pick(i + 5);
                        v.locale = label.clone();
                    }
                }
                for e in &mut j.edges {
                    if e.label.is_some() {
                        e.label = Some(label.clone());
                    }
                }
            }
            (a, source)
        })
}

proptest! {
    #[test]
    fn generated_analyses_are_written_as_serde_json_writes_them((a, source) in generated()) {
        assert_as_serde(&a, &source, "generated");
    }
}
