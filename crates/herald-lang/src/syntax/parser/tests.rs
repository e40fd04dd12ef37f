use super::*;

fn parse_ok(src: &str) -> File {
    match parse(src) {
        Ok(f) => f,
        Err(d) => panic!("parse failed: {d:?}"),
    }
}

fn first_journey(f: &File) -> &Journey {
    f.items.iter().find_map(|i| if let Item::Journey(j) = i { Some(j) } else { None }).unwrap()
}

/// The example of SPEC §1, verbatim (shared fixture).
const SPEC_EXAMPLE: &str =
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/spec_example.herald"));

#[test]
fn parses_the_spec_example() {
    let f = parse_ok(SPEC_EXAMPLE);
    assert_eq!(f.items.len(), 3);
    assert_eq!(f.comments.len(), 4);
    let j = first_journey(&f);
    assert_eq!(j.id.as_plain().as_deref(), Some("cart-abandonment"));
    assert_eq!(j.clauses().count(), 6);
    assert_eq!(j.steps().count(), 3);
    let steps: Vec<_> = j.steps().collect();
    match &steps[1].kind {
        StepKind::If { branches, otherwise } => {
            assert_eq!(branches.len(), 1);
            let sms = &branches[0].1.steps[0];
            let StepKind::Send(opts) = &sms.kind else { panic!() };
            let Content::Text(lit) = &opts[0].content else { panic!() };
            assert_eq!(lit.parts.len(), 4);
            let StrPart::Interp(i) = &lit.parts[1] else { panic!() };
            assert!(matches!(i.expr.kind, ExprKind::Binary { op: BinaryOp::Coalesce, .. }));
            let StepKind::Send(fallbacks) = &otherwise.as_ref().unwrap().steps[0].kind else {
                panic!()
            };
            assert_eq!(fallbacks.len(), 2);
            assert_eq!(fallbacks[1].channel.name, "email");
            assert!(matches!(&fallbacks[1].content, Content::Template(_)));
        }
        other => panic!("{other:?}"),
    }
    match &steps[2].kind {
        StepKind::WaitFor { within, timeout, .. } => {
            assert_eq!(within.seconds(), 2 * 86_400);
            let StepKind::Split(arms) = &timeout.as_ref().unwrap().steps[0].kind else { panic!() };
            assert_eq!(arms.len(), 2);
            assert_eq!(arms[0].percent.value, 50.0);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn spans_point_at_source_text() {
    let f = parse_ok(SPEC_EXAMPLE);
    let j = first_journey(&f);
    let send = j.steps().nth(1).unwrap();
    let StepKind::If { branches, .. } = &send.kind else { panic!() };
    let StepKind::Send(opts) = &branches[0].1.steps[0].kind else { panic!() };
    let ch = &opts[0].channel;
    assert_eq!(&SPEC_EXAMPLE[ch.span.start..ch.span.end], "sms");
}

fn expr_of(src: &str) -> Expr {
    let f = parse_ok(&format!("segment s = {src}"));
    match f.items.into_iter().next().unwrap() {
        Item::Segment(s) => s.expr,
        _ => panic!(),
    }
}

#[test]
fn precedence_follows_the_spec() {
    // ?? is loosest
    let e = expr_of("profile.a ?? 1 == 2");
    assert!(matches!(e.kind, ExprKind::Binary { op: BinaryOp::Coalesce, .. }));
    // not binds looser than comparisons
    let e = expr_of("not profile.a == 1");
    let ExprKind::Unary { op: UnaryOp::Not, operand } = e.kind else { panic!() };
    assert!(matches!(operand.kind, ExprKind::Binary { op: BinaryOp::Eq, .. }));
    // * before +, left associative
    let e = expr_of("1 + 2 * 3 - 4");
    let ExprKind::Binary { op: BinaryOp::Sub, lhs, .. } = e.kind else { panic!() };
    assert!(matches!(lhs.kind, ExprKind::Binary { op: BinaryOp::Add, .. }));
    // or looser than and
    let e = expr_of("true or false and false");
    assert!(matches!(e.kind, ExprKind::Binary { op: BinaryOp::Or, .. }));
    // exists is postfix and binds tighter than comparisons
    let e = expr_of("profile.email exists and profile[\"first name\"] starts_with \"A\"");
    let ExprKind::Binary { op: BinaryOp::And, lhs, rhs } = e.kind else { panic!() };
    assert!(matches!(lhs.kind, ExprKind::Exists(_)));
    let ExprKind::Binary { op: BinaryOp::StartsWith, lhs, .. } = rhs.kind else { panic!() };
    let ExprKind::Path(p) = lhs.kind else { panic!() };
    assert_eq!(p.segments[0].key, "first name");
    assert!(p.segments[0].bracketed);
}

#[test]
fn functions_and_literals() {
    let e = expr_of("days_since(profile.signup) > 3.5 and len([1, -2, \"x\"]) == 3 and now exists");
    assert!(matches!(e.kind, ExprKind::Binary { op: BinaryOp::And, .. }));
    let e = expr_of("count(event \"Viewed\" where event.sku == \"a\" within 2 hours)");
    let ExprKind::Count { event, within } = e.kind else { panic!() };
    assert_eq!(event.name.as_plain().as_deref(), Some("Viewed"));
    assert!(event.condition.is_some());
    assert_eq!(within.seconds(), 7200);
}

#[test]
fn escapes_are_decoded() {
    let e = expr_of(r#""a\"b\\c\nd\te\u{1F600}\{""#);
    let ExprKind::String(s) = e.kind else { panic!() };
    assert_eq!(s.as_plain().unwrap(), "a\"b\\c\nd\te\u{1F600}{");
    let err = parse(r#"segment s = "bad \q""#).unwrap_err();
    assert_eq!(err.0[0].code, codes::INVALID_ESCAPE);
    let err = parse(r#"segment s = "bad \u{110000}""#).unwrap_err();
    assert_eq!(err.0[0].code, codes::INVALID_ESCAPE);
}

#[test]
fn money_forms() {
    let f = parse_ok("journey \"j\" { when event \"e\" budget 0.05 EUR per entry stop }");
    let j = first_journey(&f);
    let ClauseKind::Budget(m) = &j.clauses().nth(1).unwrap().kind else { panic!() };
    assert_eq!((m.amount.as_str(), m.currency.as_str(), m.dollar_sign), ("0.05", "EUR", false));
    let f = parse_ok("journey \"j\" { when event \"e\" budget $1 per entry stop }");
    let j = first_journey(&f);
    let ClauseKind::Budget(m) = &j.clauses().nth(1).unwrap().kind else { panic!() };
    assert_eq!((m.amount.as_str(), m.currency.as_str(), m.dollar_sign), ("1", "USD", true));
}

#[test]
fn unknown_words_are_kept_for_the_checker() {
    let f = parse_ok("jouney \"x\" { stop }\njourney \"y\" {\n when event \"e\"\n sned sms \"hi\"\n iff x { stop }\n stop\n}");
    assert!(matches!(&f.items[0], Item::Unknown(w, _) if w.name == "jouney"));
    let j = first_journey(&f);
    let words: Vec<_> =
        j.steps()
            .filter_map(|s| {
                if let StepKind::Unknown(w) = &s.kind {
                    Some(w.name.as_str())
                } else {
                    None
                }
            })
            .collect();
    assert_eq!(words, ["sned", "iff"]);
    assert_eq!(j.steps().count(), 3);
}

#[test]
fn header_clauses_may_follow_steps_for_the_checker_to_reject() {
    let f = parse_ok("journey \"j\" { when event \"e\" stop limit 1 sms per 1 day }");
    let j = first_journey(&f);
    assert!(matches!(j.body.last(), Some(JourneyEntry::Clause(_))));
}

#[test]
fn syntax_errors_point_at_the_problem() {
    let src = "journey \"j\" {\n  when event \"e\"\n  send sms\n}\n";
    let err = parse(src).unwrap_err();
    let d = &err.0[0];
    assert_eq!(d.code, codes::SYNTAX);
    assert_eq!(&src[d.span.start..d.span.end], "}");
    assert_eq!(d.message, "expected a string, found `}`");
}

#[test]
fn deep_nesting_is_refused_without_overflowing() {
    let parens = format!("segment s = {}1{}", "(".repeat(100_000), ")".repeat(100_000));
    assert_eq!(parse(&parens).unwrap_err().0[0].code, codes::TOO_DEEP);
    let mut ifs = String::from("journey \"j\" { when event \"e\"\n");
    for _ in 0..20_000 {
        ifs.push_str("if true {\n");
    }
    ifs.push_str("stop\n");
    for _ in 0..20_000 {
        ifs.push_str("}\n");
    }
    ifs.push('}');
    assert_eq!(parse(&ifs).unwrap_err().0[0].code, codes::TOO_DEEP);
    let nots = format!("segment s = {}true", "not ".repeat(100_000));
    assert_eq!(parse(&nots).unwrap_err().0[0].code, codes::TOO_DEEP);
    let chain = format!("segment s = 1{}", " + 1".repeat(100_000));
    assert_eq!(parse(&chain).unwrap_err().0[0].code, codes::TOO_DEEP);
}

#[test]
fn invalid_utf8_and_size_limits() {
    assert_eq!(parse_bytes(b"segment s = \xff").unwrap_err().0[0].code, codes::INVALID_UTF8);
    let big = "#".repeat(MAX_SOURCE_BYTES + 1);
    assert_eq!(parse(&big).unwrap_err().0[0].code, codes::SOURCE_TOO_LARGE);
}

#[test]
fn nesting_at_the_limit_parses_on_a_small_stack() {
    // 1 MiB, the default stack of a wasm instance; debug frames are far larger than release ones.
    let handle = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(|| {
            let n = crate::syntax::MAX_NESTING;
            let parens = format!("segment s = {}1{}", "(".repeat(n), ")".repeat(n));
            assert!(parse(&parens).is_ok());
            let lists = format!("segment s = {}1{}", "[".repeat(n), "]".repeat(n));
            assert!(parse(&lists).is_ok());
        })
        .unwrap();
    handle.join().unwrap();
}

#[test]
fn comparisons_do_not_chain() {
    let err = parse("segment s = profile.a == 1 == true").unwrap_err();
    assert_eq!(err.0[0].code, codes::SYNTAX);
    assert!(err.0[0].message.contains("do not chain"), "{}", err.0[0].message);
    // Parenthesized, it is a comparison of a comparison: the checker's business.
    assert!(parse("segment s = (profile.a == 1) == true").is_ok());
}

#[test]
fn prefix_and_postfix_operators_bind_as_documented() {
    let e = expr_of("-profile.a * 2");
    let ExprKind::Binary { op: BinaryOp::Mul, lhs, .. } = e.kind else { panic!() };
    assert!(matches!(lhs.kind, ExprKind::Unary { op: UnaryOp::Neg, .. }));
    let e = expr_of("not profile.a exists and true");
    let ExprKind::Binary { op: BinaryOp::And, lhs, .. } = e.kind else { panic!() };
    let ExprKind::Unary { op: UnaryOp::Not, operand } = lhs.kind else { panic!() };
    assert!(matches!(operand.kind, ExprKind::Exists(_)));
    let e = expr_of("profile.a + 1 exists");
    let ExprKind::Exists(inner) = e.kind else { panic!() };
    assert!(matches!(inner.kind, ExprKind::Binary { op: BinaryOp::Add, .. }));
    let e = expr_of("not not true");
    let ExprKind::Unary { operand, .. } = e.kind else { panic!() };
    assert!(matches!(operand.kind, ExprKind::Unary { op: UnaryOp::Not, .. }));
}
