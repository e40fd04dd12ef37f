//! The hand-written saved form against postcard (the serde derives exist in tests only, as the
//! oracle): the same bytes both ways on every program of the corpus and on generated values, and
//! a reader that never panics, never over-allocates and reads back only what it would write.

use super::*;
use crate::cost::PriceTable;
use proptest::prelude::*;
use std::fmt::Debug;

fn root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every source of the corpus: the examples, the test fixtures, the formatter's test data and
/// the conformance cases, by name.
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
        let case: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        if let Some(source) = case["source"].as_str() {
            out.push((p.display().to_string(), source.to_string()));
        }
    }
    out
}

/// The corpus's programs, compiled (those that compile), one also with a price table.
fn programs() -> Vec<(String, ProgramData)> {
    let mut out: Vec<_> = corpus()
        .into_iter()
        .filter_map(|(name, source)| super::super::build(&source, None).ok().map(|p| (name, p)))
        .collect();
    let prices = PriceTable::parse(
        r#"{"currency":"EUR","as_of":"2026-11-25","channels":{"email":{"default":0.5},"sms":{"default":0.01,"DE":{"price":0.09,"cost":0.05},"US":0.0079}},"carrier_fees":{"sms":{"US":0.003}}}"#,
    )
    .unwrap();
    let typical = std::fs::read_to_string(root().join("tests/fixtures/typical.herald")).unwrap();
    let priced = super::super::build(&typical, Some(Arc::new(prices))).unwrap();
    out.push(("typical, priced".to_string(), priced));
    out
}

fn decode_all<T: Decode>(bytes: &[u8]) -> Result<T, DecodeError> {
    let mut r = Reader::new(bytes);
    let value = T::decode(&mut r);
    r.finish()?;
    assert_eq!(r.remaining(), 0, "bytes left after a value");
    Ok(value)
}

fn mine<T: Encode + ?Sized>(value: &T) -> Vec<u8> {
    let mut out = Vec::new();
    value.encode(&mut out);
    out
}

#[test]
fn every_program_of_the_corpus_is_written_as_postcard_writes_it_and_read_back() {
    let programs = programs();
    assert!(programs.len() >= 60, "{} programs", programs.len());
    let mut kinds = std::collections::HashSet::new();
    for (name, data) in &programs {
        let oracle = postcard::to_allocvec(data).unwrap();
        let bytes = to_bytes(data);
        assert_eq!(bytes, oracle, "{name}");
        // Ours reads postcard's bytes to what postcard reads them to, and the other way round.
        let read: ProgramData = decode_all(&oracle).unwrap();
        assert_eq!(postcard::to_allocvec(&read).unwrap(), oracle, "{name}");
        let theirs: ProgramData = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(to_bytes(&theirs), bytes, "{name}");
        assert_eq!(read.source, data.source);
        assert!(read.file.items.is_empty());
        for j in &data.journeys {
            for s in &j.steps {
                kinds.insert(std::mem::discriminant(&s.kind));
            }
        }
    }
    // The corpus reaches every kind of step (so every variant is compared above).
    assert_eq!(kinds.len(), 11, "kinds of steps in the corpus");
}

#[test]
fn every_variant_of_the_plain_enums_reads_back_as_itself() {
    fn each<T: Encode + Decode + PartialEq + Debug + serde::Serialize>(all: &[T]) {
        for (i, v) in all.iter().enumerate() {
            let bytes = mine(v);
            assert_eq!(bytes, postcard::to_allocvec(v).unwrap(), "{v:?}");
            assert_eq!(bytes, [u8::try_from(i).unwrap()], "{v:?}");
            assert_eq!(&decode_all::<T>(&bytes).unwrap(), v);
        }
        let past = [u8::try_from(all.len()).unwrap()];
        assert_eq!(decode_all::<T>(&past).unwrap_err(), DecodeError::Tag(0));
    }
    each(&Channel::ALL);
    each(&[Severity::Error, Severity::Warning]);
    each(&[EventScope::Run, EventScope::Incoming, EventScope::Counted]);
    use CmpOp::*;
    each(&[Eq, Ne, Lt, Le, Gt, Ge, In, Contains, StartsWith, EndsWith]);
    each(&[ArithOp::Add, ArithOp::Sub, ArithOp::Mul, ArithOp::Div]);
    each(&[Func::DaysSince, Func::HoursSince, Func::Lower, Func::Upper, Func::Len]);
    each(&[AggKind::Sum, AggKind::Min, AggKind::Max, AggKind::Avg, AggKind::Last]);
    let builtins: Vec<Builtin> = [
        "year",
        "month",
        "day",
        "hour",
        "minute",
        "weekday",
        "days_until",
        "hours_until",
        "default",
        "capitalize",
        "trim",
        "to_number",
        "round",
        "floor",
        "ceil",
        "format_number",
        "format_money",
        "format_date",
    ]
    .into_iter()
    .map(|n| Builtin::of_name(n).unwrap())
    .collect();
    each(&builtins);
}

#[test]
fn codes_time_zones_and_currencies_come_back_through_their_tables() {
    let code = crate::diagnostics::codes::CONSTANT_CONDITION;
    assert_eq!(decode_all::<Code>(&mine(&code)).unwrap(), code);
    for bad in ["W0042", "X0001", "E001", "E00011", ""] {
        assert_eq!(
            decode_all::<Code>(&mine(bad)).unwrap_err(),
            DecodeError::Unknown("diagnostic code", 0),
            "{bad}"
        );
    }
    let tz: Tz = "America/New_York".parse().unwrap();
    assert_eq!(decode_all::<Tz>(&mine(&tz)).unwrap(), tz);
    assert_eq!(mine(&tz), postcard::to_allocvec(&tz).unwrap());
    assert!(matches!(decode_all::<Tz>(&mine("Mars/Olympus")), Err(DecodeError::Unknown(..))));
    // Every zone is saved as chrono-tz's `Tz` was (its name, as its serde feature writes it), so
    // programs saved before herald had its own zones read back the same.
    for (tz, theirs) in Tz::all().zip(chrono_tz::TZ_VARIANTS) {
        let bytes = postcard::to_allocvec(&theirs).unwrap();
        assert_eq!(mine(&tz), bytes, "{tz}");
        assert_eq!(decode_all::<Tz>(&bytes).unwrap(), tz);
        assert_eq!(postcard::from_bytes::<chrono_tz::Tz>(&mine(&tz)).unwrap(), theirs);
    }
    assert!(decode_all::<Tz>(&mine("america/new_york")).is_err());
    let eur = crate::cost::Currency::parse("EUR").unwrap();
    assert_eq!(decode_all::<crate::cost::Currency>(&mine(&eur)).unwrap(), eur);
    assert!(decode_all::<crate::cost::Currency>(&mine("EUX")).is_err());
    let us = crate::cost::CountryCode::parse("US").unwrap();
    assert_eq!(decode_all::<crate::cost::CountryCode>(&mine(&us)).unwrap(), us);
    assert!(decode_all::<crate::cost::CountryCode>(&mine("us")).is_err());
}

#[test]
fn numbers_are_read_only_in_their_shortest_form_and_within_their_type() {
    assert_eq!(decode_all::<u32>(&[0x80, 0x01]).unwrap(), 128);
    // 0 written in two bytes: postcard would read it, `save` never writes it.
    assert_eq!(decode_all::<u32>(&[0x80, 0x00]).unwrap_err(), DecodeError::Number(0));
    assert_eq!(decode_all::<u32>(&[0xff, 0xff, 0xff, 0xff, 0x0f]).unwrap(), u32::MAX);
    assert!(decode_all::<u32>(&[0xff, 0xff, 0xff, 0xff, 0x10]).is_err());
    assert!(decode_all::<u32>(&[0xff, 0xff, 0xff, 0xff, 0xff, 0x01]).is_err());
    assert_eq!(decode_all::<i64>(&mine(&i64::MIN)).unwrap(), i64::MIN);
    assert!(
        decode_all::<u64>(&[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02]).is_err()
    );
    assert_eq!(decode_all::<u32>(&[0x80]).unwrap_err(), DecodeError::End);
    assert_eq!(decode_all::<bool>(&[2]).unwrap_err(), DecodeError::Tag(0));
    assert_eq!(decode_all::<Option<u32>>(&[2]).unwrap_err(), DecodeError::Tag(0));
}

#[test]
fn a_length_is_never_trusted_beyond_the_bytes_that_remain() {
    // A sequence of 2^63 journeys in 10 bytes: refused before anything is allocated.
    let mut bytes = Vec::new();
    put_varint(&mut bytes, 1 << 62);
    assert_eq!(decode_all::<Vec<Journey>>(&bytes).unwrap_err(), DecodeError::Length(0));
    assert_eq!(decode_all::<String>(&[3, b'a', b'b']).unwrap_err(), DecodeError::Length(0));
    assert_eq!(decode_all::<String>(&[2, 0xc3, 0x28]).unwrap_err(), DecodeError::Utf8(0));
    assert_eq!(decode_all::<String>(&[2, b'o', b'k']).unwrap(), "ok");
}

#[test]
fn tables_are_read_only_in_the_order_save_writes_them() {
    let names = |list: &[&str]| {
        let v: Vec<Arc<str>> = list.iter().map(|s| Arc::from(*s)).collect();
        mine(&v)
    };
    assert_eq!(decode_all::<Interner>(&names(&["a", "b"])).unwrap().len(), 2);
    assert_eq!(decode_all::<Interner>(&names(&["a", "a"])).unwrap_err(), DecodeError::Order(0));
    let map = |entries: &[(&str, u32)]| {
        let v: Vec<(Arc<str>, u32)> = entries.iter().map(|(k, v)| (Arc::from(*k), *v)).collect();
        mine(&v)
    };
    let ok = decode_all::<FnvMap<Arc<str>, u32>>(&map(&[("a", 1), ("b", 0)])).unwrap();
    assert_eq!(ok.get("b"), Some(&0));
    for bad in [&[("b", 0), ("a", 1)][..], &[("a", 0), ("a", 1)][..]] {
        assert_eq!(
            decode_all::<FnvMap<Arc<str>, u32>>(&map(bad)).unwrap_err(),
            DecodeError::Order(4),
            "{bad:?}"
        );
    }
}

#[test]
fn nesting_is_bounded() {
    // 4 MiB in this debug build, whose frames are several times a release build's (the wasm
    // instance has 1 MiB); without the bound this would overflow any stack.
    let handle = std::thread::Builder::new()
        .stack_size(4 << 20)
        .spawn(|| {
            // `not not not … true`, one level past the bound: an error, not a stack overflow.
            let mut bytes = vec![7u8; MAX_DEPTH];
            bytes.extend([0, 2, 1]);
            assert_eq!(decode_all::<Expr>(&bytes).unwrap_err(), DecodeError::TooDeep);
            let within: Expr = decode_all(&bytes[1..]).unwrap();
            assert!(matches!(within, Expr::Not(_)));
        })
        .unwrap();
    handle.join().unwrap();
}

#[test]
fn the_deepest_expressions_the_parser_accepts_read_back() {
    // The compiler's own recursion, in a debug build, wants more than a test thread's stack.
    let handle = std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(|| {
            let depth = crate::syntax::MAX_EXPR_DEPTH - 2;
            let parens = format!("{}profile.a == 1{}", "(".repeat(60), ")".repeat(60));
            let chain = vec!["profile.b == 1"; depth].join(" or ");
            for c in [parens, chain] {
                let source = format!(
                    "journey \"d\" {{\n  when event \"a\" where {c}\n  send email \"hi\"\n}}\n"
                );
                let data = super::super::build(&source, None).unwrap();
                let bytes = to_bytes(&data);
                assert_eq!(to_bytes(&decode_all::<ProgramData>(&bytes).unwrap()), bytes);
            }
        })
        .unwrap();
    handle.join().unwrap();
}

/// A payload that reads is one `save` could have written: it writes back to the same bytes.
fn reads_only_what_it_writes(bytes: &[u8]) -> Result<(), TestCaseError> {
    if let Ok((data, rest)) = from_bytes(bytes) {
        let used = bytes.len() - rest;
        prop_assert_eq!(&to_bytes(&data)[..], &bytes[..used]);
    }
    Ok(())
}

fn typical_payload() -> Vec<u8> {
    let typical = std::fs::read_to_string(root().join("tests/fixtures/typical.herald")).unwrap();
    to_bytes(&super::super::build(&typical, None).unwrap())
}

#[test]
fn every_truncation_of_a_payload_is_an_error() {
    let bytes = typical_payload();
    for len in 0..bytes.len() {
        assert!(from_bytes(&bytes[..len]).is_err(), "{len}");
    }
}

fn leaf_expr() -> impl Strategy<Value = Expr> {
    let span = (0usize..5000, 0usize..5000).prop_map(|(start, end)| Span { start, end });
    let path = (proptest::collection::vec("[a-z]{0,5}", 0..3), span.clone())
        .prop_map(|(rest, span)| Path { rest: rest.into_iter().map(Box::from).collect(), span });
    let constant = prop_oneof![
        any::<f64>().prop_map(Const::Num),
        ".{0,8}".prop_map(|s| Const::Str(s.into())),
        any::<bool>().prop_map(Const::Bool),
    ];
    prop_oneof![
        constant.clone().prop_map(Expr::Const),
        proptest::collection::vec(constant, 0..4).prop_map(|v| Expr::ConstList(v.into())),
        span.clone().prop_map(Expr::Now),
        (any::<u32>(), path.clone()).prop_map(|(s, p)| Expr::Profile(s, p)),
        (0u8..3, path.clone()).prop_map(|(s, p)| {
            let scope = [EventScope::Run, EventScope::Incoming, EventScope::Counted];
            Expr::Event(scope[usize::from(s)], p)
        }),
        (any::<u32>(), span).prop_map(|(i, s)| Expr::Segment(i, s)),
        path.clone().prop_map(Expr::Item),
        path.prop_map(Expr::Digest),
    ]
}

fn expr() -> impl Strategy<Value = Expr> {
    leaf_expr().prop_recursive(5, 48, 4, |inner| {
        let b = || inner.clone().prop_map(Box::new);
        let span = (0usize..100, any::<usize>()).prop_map(|(start, end)| Span { start, end });
        prop_oneof![
            b().prop_map(Expr::Not),
            b().prop_map(Expr::Neg),
            (b(), b()).prop_map(|(x, y)| Expr::And(x, y)),
            (b(), b()).prop_map(|(x, y)| Expr::Or(x, y)),
            (b(), b()).prop_map(|(x, y)| Expr::Coalesce(x, y)),
            (b(), b()).prop_map(|(x, y)| Expr::Cmp(CmpOp::StartsWith, x, y)),
            (b(), b()).prop_map(|(x, y)| Expr::Arith(ArithOp::Div, x, y)),
            b().prop_map(Expr::Exists),
            (b(), proptest::collection::vec(any::<bool>(), 0..3))
                .prop_map(|(x, v)| { Expr::InConst(x, v.into_iter().map(Const::Bool).collect()) }),
            (b(), span.clone()).prop_map(|(x, s)| Expr::Call(Func::Len, x, s)),
            proptest::collection::vec(inner.clone(), 0..3).prop_map(|v| Expr::List(v.into())),
            (proptest::collection::vec(inner.clone(), 0..3), span.clone())
                .prop_map(|(v, s)| Expr::Builtin(Builtin::FormatMoney, v.into(), s)),
            (b(), any::<i64>(), span.clone()).prop_map(|(x, ms, s)| Expr::Shift(x, ms, s)),
            (any::<u32>(), proptest::option::of(inner.clone()), any::<i64>(), span.clone())
                .prop_map(|(name, condition, within_ms, span)| {
                    Expr::Count(Box::new(Count { name, condition, within_ms, span }))
                }),
            (inner.clone(), any::<i64>(), inner.clone()).prop_map(|(c, within_ms, value)| {
                let events =
                    Count { name: 1, condition: Some(c), within_ms, span: Span::default() };
                Expr::Aggregate(Box::new(Aggregate { kind: AggKind::Avg, events, value }))
            }),
            (any::<bool>(), inner.clone(), inner, span).prop_map(|(all, list, cond, span)| {
                Expr::Quantifier(Box::new(Quantifier { all, list, cond, span }))
            }),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn generated_expressions_are_written_as_postcard_writes_them(e in expr()) {
        let bytes = mine(&e);
        prop_assert_eq!(&bytes, &postcard::to_allocvec(&e).unwrap());
        let back: Expr = decode_all(&bytes).unwrap();
        prop_assert_eq!(mine(&back), bytes);
    }

    #[test]
    fn generated_numbers_and_texts_are_written_as_postcard_writes_them(
        a in any::<u32>(), b in any::<u64>(), c in any::<i64>(), d in any::<usize>(),
        f in any::<f64>(), s in ".{0,40}", o in proptest::option::of(any::<i64>()),
    ) {
        let value = (a, (b, (c, (d, (f.to_bits(), (s.clone(), o))))));
        let bytes = mine(&value);
        prop_assert_eq!(&bytes, &postcard::to_allocvec(&value).unwrap());
        prop_assert_eq!(decode_all(&bytes), Ok(value));
        prop_assert_eq!(decode_all::<f64>(&mine(&f)).unwrap().to_bits(), f.to_bits());
    }

    /// Random bytes: an error or a program, and a program only when it writes back to them.
    #[test]
    fn random_bytes_read_only_what_save_would_write(
        bytes in proptest::collection::vec(any::<u8>(), 0..600)
    ) {
        reads_only_what_it_writes(&bytes)?;
    }

    /// A real payload with bytes changed or cut: the same.
    #[test]
    fn changed_payloads_read_only_what_save_would_write(
        changes in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
        cut in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
    ) {
        let mut payload = typical_payload();
        for (i, b) in changes {
            let i = i.index(payload.len());
            payload[i] = b;
        }
        if truncate {
            payload.truncate(cut.index(payload.len()));
        }
        reads_only_what_it_writes(&payload)?;
    }
}

/// Not a check: prints the saved size of each example against its source and against the same
/// data as JSON (the figures of docs/wasm.md, "Compiled programs"). `cargo test -p herald-lang
/// saved_sizes -- --ignored --nocapture`.
#[test]
#[ignore]
fn saved_sizes() {
    for (name, data) in programs().into_iter().filter(|(n, _)| n.contains("/examples/")) {
        let json = serde_json::to_vec(&data).unwrap();
        println!(
            "{name}: source {} B, payload {} B, as JSON {} B",
            data.source.len(),
            to_bytes(&data).len(),
            json.len()
        );
    }
}

/// Not a check: times saving and loading the largest example's payload, by hand and with serde
/// and postcard (what saved programs used before; the figures of docs/wasm.md, "Compiled
/// programs"). `cargo test -p herald-lang --release saved_speed -- --ignored --nocapture`.
#[test]
#[ignore]
fn saved_speed() {
    let (name, data) = programs()
        .into_iter()
        .filter(|(n, _)| n.contains("/examples/"))
        .max_by_key(|(_, d)| to_bytes(d).len())
        .unwrap();
    let bytes = to_bytes(&data);
    let rounds = 2000;
    let time = |what: &str, f: &mut dyn FnMut() -> usize| {
        let mut best = std::time::Duration::MAX;
        let mut sink = 0;
        for _ in 0..5 {
            let start = std::time::Instant::now();
            for _ in 0..rounds {
                sink += f();
            }
            best = best.min(start.elapsed() / rounds);
        }
        println!("{what}: {best:?} per payload ({sink})");
    };
    println!("{name}: payload {} B", bytes.len());
    time("save, by hand", &mut || to_bytes(&data).len());
    time("save, postcard", &mut || postcard::to_allocvec(&data).unwrap().len());
    time("load, by hand", &mut || decode_all::<ProgramData>(&bytes).unwrap().journeys.len());
    time("load, postcard", &mut || {
        postcard::from_bytes::<ProgramData>(&bytes).unwrap().journeys.len()
    });
}
