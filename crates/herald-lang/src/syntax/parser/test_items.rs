//! The walk of pest's tree for `tests for` and `test "name" { ... }` items (docs/testing.md):
//! the differential tests' oracle, as `walk.rs`.

use super::walk::{span_of, Builder};
use crate::syntax::ast::*;
use crate::syntax::pairs::{Pair, Rule};

impl Builder {
    pub(super) fn tests_for(&mut self, pair: Pair<'_, Rule>) -> Item {
        let span = span_of(&pair);
        let path = match inner_of(pair).next() {
            Some(p) => self.string(p),
            None => StringLit { parts: Vec::new(), span },
        };
        Item::TestsFor(TestsFor { path, span })
    }

    pub(super) fn test_block(&mut self, pair: Pair<'_, Rule>) -> Item {
        let span = span_of(&pair);
        let mut inner = inner_of(pair);
        let name = match inner.next() {
            Some(p) => self.string(p),
            None => StringLit { parts: Vec::new(), span },
        };
        let body = inner.filter_map(|p| self.test_stmt(p)).collect();
        Item::Test(TestBlock { name, body, span })
    }

    fn test_stmt(&mut self, pair: Pair<'_, Rule>) -> Option<TestStmt> {
        let span = span_of(&pair);
        let rule = pair.as_rule();
        let mut inner = inner_of(pair);
        let kind = match rule {
            Rule::t_at => TestStmtKind::At(self.string(inner.next()?)),
            Rule::t_after => {
                // `after` is a token of its own; the duration follows it.
                let d = inner.find(|p| p.as_rule() == Rule::duration)?;
                TestStmtKind::After(self.duration(d))
            }
            Rule::t_profile => TestStmtKind::Profile(self.literal(inner.next()?)),
            Rule::t_event => {
                let name = self.string(inner.next()?);
                let properties = inner.next().map(|p| self.literal(p));
                TestStmtKind::Event { name, properties }
            }
            Rule::t_expect => TestStmtKind::Expect(self.expectation(inner.next()?)),
            Rule::unknown_step => {
                let word = inner.next()?;
                TestStmtKind::Unknown(Ident {
                    name: word.as_str().to_string(),
                    span: span_of(&word),
                })
            }
            _ => return None,
        };
        Some(TestStmt { kind, span })
    }

    fn expectation(&mut self, pair: Pair<'_, Rule>) -> Expectation {
        let span = span_of(&pair);
        let rule = pair.as_rule();
        let inner = inner_of(pair);
        let kind = match rule {
            Rule::t_no_decisions => ExpectKind::NoDecisions,
            Rule::t_waiting => ExpectKind::Waiting(inner.filter_map(|p| self.field(p)).collect()),
            Rule::t_not_waiting => {
                ExpectKind::NotWaiting(inner.filter_map(|p| self.field(p)).collect())
            }
            Rule::t_no => match inner.into_iter().next() {
                Some(p) => ExpectKind::No(self.pattern(p)),
                None => ExpectKind::NoDecisions,
            },
            _ => ExpectKind::Decision(self.pattern_parts(inner, span)),
        };
        Expectation { kind, span }
    }

    fn pattern(&mut self, pair: Pair<'_, Rule>) -> DecisionPattern {
        let span = span_of(&pair);
        self.pattern_parts(inner_of(pair), span)
    }

    fn pattern_parts<'i>(
        &mut self,
        inner: impl Iterator<Item = Pair<'i, Rule>>,
        span: Span,
    ) -> DecisionPattern {
        let mut action = Ident { name: String::new(), span };
        let mut channel = None;
        let mut fields = Vec::new();
        for p in inner {
            match p.as_rule() {
                Rule::t_action => {
                    action = Ident { name: p.as_str().to_string(), span: span_of(&p) }
                }
                Rule::t_channel => {
                    channel = Some(Ident { name: p.as_str().trim().to_string(), span: span_of(&p) })
                }
                _ => fields.extend(self.field(p)),
            }
        }
        DecisionPattern { action, channel, fields }
    }

    fn field(&mut self, pair: Pair<'_, Rule>) -> Option<ExpectField> {
        let span = span_of(&pair);
        let rule = pair.as_rule();
        let mut inner = inner_of(pair);
        let kind = match rule {
            Rule::f_journey => FieldKind::Journey(self.string(inner.next()?)),
            Rule::f_content => {
                let first = inner.next()?;
                if first.as_rule() == Rule::t_contains {
                    FieldKind::Content { contains: true, text: self.string(inner.next()?) }
                } else {
                    FieldKind::Content { contains: false, text: self.string(first) }
                }
            }
            Rule::f_template => FieldKind::Template(self.string(inner.next()?)),
            Rule::f_to => FieldKind::To(self.string(inner.next()?)),
            Rule::f_reason => {
                let w = inner.next()?;
                FieldKind::Reason(Ident { name: w.as_str().to_string(), span: span_of(&w) })
            }
            Rule::f_until => FieldKind::Until(self.string(inner.next()?)),
            Rule::f_step => FieldKind::Step(self.string(inner.next()?)),
            Rule::f_cost => FieldKind::Cost(self.money(inner.next()?)),
            _ => return None,
        };
        Some(ExpectField { kind, span })
    }

    fn literal(&mut self, pair: Pair<'_, Rule>) -> Literal {
        let span = span_of(&pair);
        let kind = match pair.as_rule() {
            Rule::t_object => {
                let mut members = Vec::new();
                for m in inner_of(pair) {
                    let mut parts = inner_of(m);
                    let (Some(k), Some(v)) = (parts.next(), parts.next()) else { continue };
                    let key_span = span_of(&k);
                    let key = if k.as_rule() == Rule::string {
                        let s = self.string(k);
                        s.as_plain().unwrap_or_default()
                    } else {
                        k.as_str().to_string()
                    };
                    members.push(Member { key, key_span, value: self.literal(v) });
                }
                LiteralKind::Object(members)
            }
            Rule::t_list => LiteralKind::List(inner_of(pair).map(|p| self.literal(p)).collect()),
            Rule::string => LiteralKind::String(self.string(pair)),
            Rule::t_number => LiteralKind::Number(self.number(pair)),
            _ => LiteralKind::Word(Ident { name: pair.as_str().to_string(), span }),
        };
        Literal { kind, span }
    }
}

/// The parts of a test rule without its words (`at`, `expect`, `no`...).
fn inner_of(pair: Pair<'_, Rule>) -> impl Iterator<Item = Pair<'_, Rule>> {
    pair.into_inner().filter(|p| {
        !matches!(
            p.as_rule(),
            Rule::w_tests
                | Rule::w_test
                | Rule::w_at
                | Rule::w_profile
                | Rule::w_expect
                | Rule::w_no
                | Rule::w_decisions
                | Rule::w_not
                | Rule::w_waiting
                | Rule::w_content
                | Rule::w_reason
                | Rule::w_step
                | Rule::w_cost
        )
    })
}
