//! The grammar of `tests for "FILE"` and `test "name" { ... }` items (docs/testing.md).

use super::super::ast::*;
use super::super::peg::{Rule as R, P};
use super::lit::{duration, money, number_body, number_node, spanned, string, word, word_body};
use super::{after, ident, kw, ok, text_of, unknown, word_rule};

pub(super) fn tests_for(p: &mut P) -> Option<Item> {
    p.rule(R::tests_for, |p| {
        let start = p.pos;
        word_rule(p, R::w_tests, "tests")?;
        p.skip();
        kw(p, "for")?;
        p.skip();
        let path = string(p)?;
        Some(Item::TestsFor(TestsFor { path, span: p.from(start) }))
    })
}

pub(super) fn test_block(p: &mut P) -> Option<Item> {
    p.rule(R::test_block, |p| {
        let start = p.pos;
        word_rule(p, R::w_test, "test")?;
        p.skip();
        let name = string(p)?;
        p.skip();
        p.sym("{")?;
        p.skip();
        let body = p.many(test_stmt);
        p.skip();
        p.sym("}")?;
        Some(Item::Test(TestBlock { name, body, span: p.from(start) }))
    })
}

/// A rule whose node is `kind` and the rule's span (statements, expectations, fields, literals):
/// one shell per kind of node, the bodies being functions (code size).
#[inline(never)]
fn node<K, N>(p: &mut P, rule: R, make: fn(K, Span) -> N, f: fn(&mut P) -> Option<K>) -> Option<N> {
    p.rule(rule, |p| {
        let start = p.pos;
        let kind = f(p)?;
        Some(make(kind, p.from(start)))
    })
}

fn stmt(kind: TestStmtKind, span: Span) -> TestStmt {
    TestStmt { kind, span }
}

fn test_stmt(p: &mut P) -> Option<TestStmt> {
    node(p, R::t_at, stmt, |p| {
        word_rule(p, R::w_at, "at")?;
        p.skip();
        string(p).map(TestStmtKind::At)
    })
    .or_else(|| {
        node(p, R::t_after, stmt, |p| {
            after(p)?;
            p.skip();
            duration(p).map(TestStmtKind::After)
        })
    })
    .or_else(|| {
        node(p, R::t_profile, stmt, |p| {
            word_rule(p, R::w_profile, "profile")?;
            p.skip();
            t_object(p).map(TestStmtKind::Profile)
        })
    })
    .or_else(|| {
        node(p, R::t_event, stmt, |p| {
            kw(p, "event")?;
            p.skip();
            let name = string(p)?;
            p.skip();
            let properties = t_object(p);
            Some(TestStmtKind::Event { name, properties })
        })
    })
    .or_else(|| {
        node(p, R::t_expect, stmt, |p| {
            word_rule(p, R::w_expect, "expect")?;
            p.skip();
            expectation(p).map(TestStmtKind::Expect)
        })
    })
    .or_else(|| {
        let (word, span) = unknown(p, R::unknown_step)?;
        Some(TestStmt { kind: TestStmtKind::Unknown(word), span })
    })
}

fn expect(kind: ExpectKind, span: Span) -> Expectation {
    Expectation { kind, span }
}

fn expectation(p: &mut P) -> Option<Expectation> {
    node(p, R::t_no_decisions, expect, |p| {
        word_rule(p, R::w_no, "no")?;
        p.skip();
        word_rule(p, R::w_decisions, "decisions")?;
        Some(ExpectKind::NoDecisions)
    })
    .or_else(|| {
        node(p, R::t_not_waiting, expect, |p| {
            word_rule(p, R::w_not, "not")?;
            p.skip();
            word_rule(p, R::w_waiting, "waiting")?;
            p.skip();
            Some(ExpectKind::NotWaiting(p.many(t_field)))
        })
    })
    .or_else(|| {
        node(p, R::t_waiting, expect, |p| {
            word_rule(p, R::w_waiting, "waiting")?;
            p.skip();
            Some(ExpectKind::Waiting(p.many(t_field)))
        })
    })
    .or_else(|| {
        node(p, R::t_no, expect, |p| {
            word_rule(p, R::w_no, "no")?;
            p.skip();
            t_decision(p).map(|(pattern, _)| ExpectKind::No(pattern))
        })
    })
    .or_else(|| {
        let (pattern, span) = t_decision(p)?;
        Some(Expectation { kind: ExpectKind::Decision(pattern), span })
    })
}

/// `ACTION [CHANNEL] FIELD...` and its span.
fn t_decision(p: &mut P) -> Option<(DecisionPattern, Span)> {
    p.rule(R::t_decision, |p| {
        let start = p.pos;
        let action = spanned(p, |p| p.rule_ok(R::t_action, word_body))?;
        let action = p.ident(action);
        p.skip();
        let channel = spanned(p, |p| {
            p.rule_ok(R::t_channel, |p| {
                let field_word = |p: &mut P| {
                    p.rule_ok(R::t_field_word, |p| {
                        p.word_of(&["content", "reason", "step", "cost"])
                    })
                };
                let stmt_word = |p: &mut P| {
                    p.rule_ok(R::t_stmt_word, |p| {
                        p.word_of(&["at", "expect", "profile", "event", "after"])
                    })
                };
                p.seq(|p| {
                    ok(p.look(false, field_word))?;
                    p.skip();
                    ok(p.look(false, stmt_word))?;
                    p.skip();
                    ident(p)
                })
                .is_some()
            })
        });
        let channel = channel.map(|span| Ident { name: p.text(span).trim().to_string(), span });
        p.skip();
        let fields = p.many(t_field);
        Some((DecisionPattern { action, channel, fields }, p.from(start)))
    })
}

fn field(kind: FieldKind, span: Span) -> ExpectField {
    ExpectField { kind, span }
}

fn t_field(p: &mut P) -> Option<ExpectField> {
    node(p, R::f_journey, field, |p| {
        kw(p, "journey")?;
        p.skip();
        string(p).map(FieldKind::Journey)
    })
    .or_else(|| {
        node(p, R::f_content, field, |p| {
            word_rule(p, R::w_content, "content")?;
            p.skip();
            let contains = word_rule(p, R::t_contains, "contains").is_some();
            p.skip();
            let text = string(p)?;
            Some(FieldKind::Content { contains, text })
        })
    })
    .or_else(|| {
        node(p, R::f_template, field, |p| {
            kw(p, "template")?;
            p.skip();
            string(p).map(FieldKind::Template)
        })
    })
    .or_else(|| {
        node(p, R::f_to, field, |p| {
            kw(p, "to")?;
            p.skip();
            string(p).map(FieldKind::To)
        })
    })
    .or_else(|| {
        node(p, R::f_reason, field, |p| {
            word_rule(p, R::w_reason, "reason")?;
            p.skip();
            let w = word(p)?;
            Some(FieldKind::Reason(p.ident(w)))
        })
    })
    .or_else(|| {
        node(p, R::f_until, field, |p| {
            kw(p, "until")?;
            p.skip();
            string(p).map(FieldKind::Until)
        })
    })
    .or_else(|| {
        node(p, R::f_step, field, |p| {
            word_rule(p, R::w_step, "step")?;
            p.skip();
            string(p).map(FieldKind::Step)
        })
    })
    .or_else(|| {
        node(p, R::f_cost, field, |p| {
            word_rule(p, R::w_cost, "cost")?;
            p.skip();
            money(p).map(FieldKind::Cost)
        })
    })
}

fn literal(kind: LiteralKind, span: Span) -> Literal {
    Literal { kind, span }
}

/// `{ key value, ... }` (keys bare or quoted, `:` and `,` optional).
fn t_object(p: &mut P) -> Option<Literal> {
    node(p, R::t_object, literal, |p| {
        p.sym("{")?;
        p.skip();
        let members = p.many(|p| {
            p.seq(|p| {
                let member = p.rule(R::t_member, |p| {
                    let key_start = p.pos;
                    let key = match string(p) {
                        Some(s) => s.as_plain().unwrap_or_default(),
                        None => text_of(p, word)?,
                    };
                    let key_span = p.from(key_start);
                    p.skip();
                    p.lit(":");
                    p.skip();
                    let value = t_value(p)?;
                    Some(Member { key, key_span, value })
                })?;
                p.skip();
                p.lit(",");
                Some(member)
            })
        });
        p.skip();
        p.sym("}")?;
        Some(LiteralKind::Object(members))
    })
}

fn t_value(p: &mut P) -> Option<Literal> {
    t_object(p)
        .or_else(|| {
            node(p, R::t_list, literal, |p| {
                p.sym("[")?;
                p.skip();
                let items = p.many(|p| {
                    p.seq(|p| {
                        let item = t_value(p)?;
                        p.skip();
                        p.lit(",");
                        Some(item)
                    })
                });
                p.skip();
                p.sym("]")?;
                Some(LiteralKind::List(items))
            })
        })
        .or_else(|| {
            let s = string(p)?;
            Some(Literal { span: s.span, kind: LiteralKind::String(s) })
        })
        .or_else(|| {
            let span = spanned(p, |p| {
                p.rule_ok(R::t_number, |p| {
                    p.lit("-");
                    if !number_body(p) {
                        return false;
                    }
                    let start = p.pos;
                    if !((p.lit("e") || p.lit("E")) && {
                        let _ = p.lit("+") || p.lit("-");
                        p.digits()
                    }) {
                        p.pos = start;
                    }
                    true
                })
            })?;
            Some(Literal { kind: LiteralKind::Number(number_node(p, span)), span })
        })
        .or_else(|| {
            let span = spanned(p, |p| p.rule_ok(R::t_word, word_body))?;
            Some(Literal { kind: LiteralKind::Word(p.ident(span)), span })
        })
}
