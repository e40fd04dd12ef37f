//! The syntax tree of `herald test` (docs/testing.md): `tests for "FILE"` and
//! `test "name" { ... }` items. Evaluation and compilation ignore them; `check`, `fmt` and the
//! test runner read them.

use super::ast::{Duration, Ident, Money, Number, Span, StringLit};

/// `tests for "cart_abandonment.herald"`: the tests of this file run against the journeys of
/// that file (relative to this one) instead of the journeys of their own file.
#[derive(Debug, Clone, PartialEq)]
pub struct TestsFor {
    pub path: StringLit,
    pub span: Span,
}

/// `test "name" { statements }`
#[derive(Debug, Clone, PartialEq)]
pub struct TestBlock {
    pub name: StringLit,
    pub body: Vec<TestStmt>,
    pub span: Span,
}

/// One line of a test.
#[derive(Debug, Clone, PartialEq)]
pub struct TestStmt {
    pub kind: TestStmtKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TestStmtKind {
    /// `at "2026-03-01T10:00:00Z"`: the clock moves to that instant (due ticks fire).
    At(StringLit),
    /// `after 2 hours`: the clock moves forward (due ticks fire).
    After(Duration),
    /// `profile { ... }`: traits merged into the profile (an identify).
    Profile(Literal),
    /// `event "Name" [{ properties }]`: a track at the clock's time.
    Event { name: StringLit, properties: Option<Literal> },
    /// `expect ...`
    Expect(Expectation),
    /// A line starting with an unknown word (the checker reports it).
    Unknown(Ident),
}

/// A JSON-like value: `{ key value ... }`, `[a, b]`, `"text"`, `3.5`, `true`, `false`, `null`.
#[derive(Debug, Clone, PartialEq)]
pub struct Literal {
    pub kind: LiteralKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum LiteralKind {
    Object(Vec<Member>),
    List(Vec<Literal>),
    String(StringLit),
    Number(Number),
    /// `true`, `false`, `null`, or an unknown bare word (the checker reports it).
    Word(Ident),
}

/// `key value` of an object literal. `quoted` keeps `"key with spaces"` quoted when printed.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub key: String,
    pub key_span: Span,
    pub value: Literal,
}

/// `expect ...`
#[derive(Debug, Clone, PartialEq)]
pub struct Expectation {
    pub kind: ExpectKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExpectKind {
    /// `expect send sms cost $0.0158`: some decision since the clock last moved matches.
    Decision(DecisionPattern),
    /// `expect no send email`: no decision since the clock last moved matches.
    No(DecisionPattern),
    /// `expect no decisions`
    NoDecisions,
    /// `expect waiting [journey "id"] [until "T"]`
    Waiting(Vec<ExpectField>),
    /// `expect not waiting [journey "id"]`
    NotWaiting(Vec<ExpectField>),
}

/// `ACTION [CHANNEL] FIELD...`
#[derive(Debug, Clone, PartialEq)]
pub struct DecisionPattern {
    pub action: Ident,
    pub channel: Option<Ident>,
    pub fields: Vec<ExpectField>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ExpectField {
    pub kind: FieldKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FieldKind {
    Journey(StringLit),
    /// `content "text"` (`contains`: the text holds it).
    Content {
        contains: bool,
        text: StringLit,
    },
    Template(StringLit),
    To(StringLit),
    Reason(Ident),
    Until(StringLit),
    Step(StringLit),
    Cost(Money),
}

impl FieldKind {
    /// The word that starts the field.
    pub fn name(&self) -> &'static str {
        match self {
            FieldKind::Journey(_) => "journey",
            FieldKind::Content { .. } => "content",
            FieldKind::Template(_) => "template",
            FieldKind::To(_) => "to",
            FieldKind::Reason(_) => "reason",
            FieldKind::Until(_) => "until",
            FieldKind::Step(_) => "step",
            FieldKind::Cost(_) => "cost",
        }
    }
}
