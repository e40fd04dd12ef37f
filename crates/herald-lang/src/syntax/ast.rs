//! The typed syntax tree. Every node keeps the byte span of the source it came from, so that the
//! checker, the formatter and the compiler can point at the exact text a marketer wrote.
//!
//! The tree is deliberately *permissive*: it can hold things the language forbids (a header
//! clause after a step, an unknown channel, a zero duration, a `{{ }}` in a journey id, an unknown
//! statement) because the checker reports those with better messages than a parse error could.

use serde::{Deserialize, Serialize};

pub use super::test_ast::*;

/// A half-open byte range `[start, end)` into the source text.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, PartialOrd, Ord,
)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span { start: self.start.min(other.start), end: self.end.max(other.end) }
    }
}

/// An identifier as written (a segment name, a channel name, a function name).
#[derive(Debug, Clone, PartialEq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// A whole `.herald` file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct File {
    pub items: Vec<Item>,
    /// Every `#` comment of the file, in source order (the formatter re-attaches them).
    pub comments: Vec<Comment>,
}

/// A `# ...` comment. `text` excludes the `#` and the line end.
#[derive(Debug, Clone, PartialEq)]
pub struct Comment {
    pub text: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Segment(SegmentDef),
    Policy(Policy),
    Journey(Journey),
    /// A top-level line starting with an unknown word (`jouney "x" { }`), for the checker to
    /// report with a suggestion. The span covers the line and a following `{ ... }` block.
    Unknown(Ident, Span),
    /// `tests for "FILE"` (docs/testing.md).
    TestsFor(TestsFor),
    /// `test "name" { ... }` (docs/testing.md): ignored by evaluation.
    Test(TestBlock),
    /// `message "ID" { en "..." es "..." }` (SPEC §6): one message in several languages.
    Message(MessageDef),
}

impl Item {
    pub fn span(&self) -> Span {
        match self {
            Item::Segment(s) => s.span,
            Item::Policy(p) => p.span,
            Item::Journey(j) => j.span,
            Item::Unknown(_, span) => *span,
            Item::TestsFor(t) => t.span,
            Item::Test(t) => t.span,
            Item::Message(m) => m.span,
        }
    }
}

/// `message "ID" { LOCALE "text" ... }`: the variants in the order written (the first is the
/// last resort of the locale fallback).
#[derive(Debug, Clone, PartialEq)]
pub struct MessageDef {
    pub id: StringLit,
    pub variants: Vec<MessageVariant>,
    pub span: Span,
}

/// One language of a message: `pt-BR "Olá {{ profile.first_name }}"`. The tag is kept as
/// written (the checker validates it; matching is case-insensitive).
#[derive(Debug, Clone, PartialEq)]
pub struct MessageVariant {
    pub locale: Ident,
    pub text: StringLit,
    pub span: Span,
}

/// `topic "NAME" [opt-in | opt-out]`
#[derive(Debug, Clone, PartialEq)]
pub struct TopicClause {
    pub name: StringLit,
    /// `Some(true)` for `opt-in`, `Some(false)` for `opt-out`, `None` when not written.
    pub opt_in: Option<bool>,
    /// The span of the mode word, when written.
    pub mode_span: Option<Span>,
}

/// `segment NAME = expr`
#[derive(Debug, Clone, PartialEq)]
pub struct SegmentDef {
    pub name: Ident,
    pub expr: Expr,
    pub span: Span,
}

/// `policy { ... }`: the clauses that apply across every journey of the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    pub clauses: Vec<Clause>,
    pub span: Span,
}

/// `journey "id" { header... steps... }`. Header clauses and steps are kept in one list, in
/// source order, so that the checker can say "this clause must come before the first step".
#[derive(Debug, Clone, PartialEq)]
pub struct Journey {
    pub id: StringLit,
    pub body: Vec<JourneyEntry>,
    pub span: Span,
}

impl Journey {
    pub fn clauses(&self) -> impl Iterator<Item = &Clause> {
        self.body.iter().filter_map(|e| match e {
            JourneyEntry::Clause(c) => Some(c),
            JourneyEntry::Step(_) => None,
        })
    }
    pub fn steps(&self) -> impl Iterator<Item = &Step> {
        self.body.iter().filter_map(|e| match e {
            JourneyEntry::Step(s) => Some(s),
            JourneyEntry::Clause(_) => None,
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum JourneyEntry {
    Clause(Clause),
    Step(Step),
}

/// A header clause of a journey, or a clause of `policy`. Which clauses are allowed where is the
/// checker's business.
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    pub kind: ClauseKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ClauseKind {
    /// `when event "Name" [where expr]`
    When(EventMatch),
    /// `audience expr`
    Audience(Expr),
    /// `exit when event "Name" [where expr]`
    ExitWhen(EventMatch),
    /// `reentry never | always | restart | after DURATION`
    Reentry(Reentry),
    /// `limit N messages per DURATION` / `limit N CHANNEL per DURATION`
    Limit(Limit),
    /// `quiet hours HH:MM to HH:MM`
    QuietHours(QuietHours),
    /// `budget MONEY per entry`
    Budget(Money),
    /// `timezone "Area/City"` (policy only)
    Timezone(StringLit),
    /// `transactional` (journey only): the policy's limits and quiet hours do not apply, and
    /// the journey's sends do not count toward policy limits (SPEC §6).
    Transactional,
    /// `exit if expr`: an active run ends when it holds (SPEC §6).
    ExitIf(Expr),
    /// `when profile.KEY changes [to EXPR]`: a trigger on a trait (SPEC §6).
    WhenChanges(TraitChange),
    /// `key EXPR`: one run per distinct value, evaluated on the trigger (SPEC §6).
    Key(Expr),
    /// `holdout P%`: a control group that enters but receives nothing (SPEC §6).
    Holdout(Number),
    /// `topic "NAME"` (journey: its messages' topic) or `topic "NAME" opt-in` (policy: the
    /// topic needs consent) (SPEC §6).
    Topic(TopicClause),
    /// `default locale "TAG"` (policy): the variant of a message when no variant matches the
    /// profile's locale (SPEC §6).
    DefaultLocale(StringLit),
}

/// `when profile.KEY changes [to EXPR]`
#[derive(Debug, Clone, PartialEq)]
pub struct TraitChange {
    /// The trait (one key below `profile`).
    pub key: PathSegment,
    /// `to EXPR`: fire only when the new value equals it.
    pub to: Option<Box<Expr>>,
    pub span: Span,
}

/// `event "Name" [where expr]`, as used by `when`, `exit when` and `wait for`.
#[derive(Debug, Clone, PartialEq)]
pub struct EventMatch {
    pub name: StringLit,
    pub condition: Option<Box<Expr>>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Reentry {
    Never,
    Always,
    /// A trigger during an active run ends it and starts a new one (SPEC §6).
    Restart,
    After(Duration),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Limit {
    /// The number of messages, as written (the checker rejects zero, fractions and negatives).
    pub count: Number,
    /// `None` for `messages`/`message`; else the channel the cap counts.
    pub channel: Option<Ident>,
    pub window: Duration,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct QuietHours {
    pub from: TimeOfDay,
    pub to: TimeOfDay,
    pub span: Span,
}

/// A numeric literal with the exact text it was written as (the formatter reprints `text`).
#[derive(Debug, Clone, PartialEq)]
pub struct Number {
    pub value: f64,
    pub text: String,
    pub span: Span,
}

/// `HH:MM` as written; the checker validates the ranges.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeOfDay {
    pub hour: u32,
    pub minute: u32,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DurationUnit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
}

impl DurationUnit {
    pub fn seconds(self) -> i64 {
        match self {
            DurationUnit::Second => 1,
            DurationUnit::Minute => 60,
            DurationUnit::Hour => 3_600,
            DurationUnit::Day => 86_400,
            DurationUnit::Week => 604_800,
        }
    }
    pub fn singular(self) -> &'static str {
        match self {
            DurationUnit::Second => "second",
            DurationUnit::Minute => "minute",
            DurationUnit::Hour => "hour",
            DurationUnit::Day => "day",
            DurationUnit::Week => "week",
        }
    }
}

/// `7 days`. `amount` may be zero or negative here; the checker rejects that.
#[derive(Debug, Clone, PartialEq)]
pub struct Duration {
    pub amount: i64,
    pub unit: DurationUnit,
    pub span: Span,
}

impl Duration {
    /// Length in seconds, saturating (the checker bounds `amount`).
    pub fn seconds(&self) -> i64 {
        self.amount.saturating_mul(self.unit.seconds())
    }
}

/// `$0.05` or `0.05 EUR`. The amount keeps its decimal text so no precision is lost before it
/// becomes integer micros.
#[derive(Debug, Clone, PartialEq)]
pub struct Money {
    pub amount: String,
    /// ISO 4217 code; `USD` for the `$` form.
    pub currency: String,
    /// True when written with `$`.
    pub dollar_sign: bool,
    pub span: Span,
}

/// A double-quoted string, split into literal text and `{{ expr }}` interpolations. Escapes are
/// already decoded in `Text` parts.
#[derive(Debug, Clone, PartialEq)]
pub struct StringLit {
    pub parts: Vec<StrPart>,
    pub span: Span,
}

impl StringLit {
    /// The text when the string has no interpolation.
    pub fn as_plain(&self) -> Option<String> {
        let mut out = String::new();
        for p in &self.parts {
            match p {
                StrPart::Text(t) => out.push_str(t),
                StrPart::Interp(_) => return None,
            }
        }
        Some(out)
    }
    pub fn has_interpolation(&self) -> bool {
        self.parts.iter().any(|p| matches!(p, StrPart::Interp(_)))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum StrPart {
    Text(String),
    /// `{{ expr }}`; the span of the `Interpolation` covers the braces.
    Interp(Interpolation),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Interpolation {
    pub expr: Expr,
    pub span: Span,
}

/// A step of a journey or of a block.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub kind: StepKind,
    pub span: Span,
    /// `expire after DURATION` at the end of a `send` step (SPEC §6); `None` on every other step.
    pub expire: Option<Duration>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum StepKind {
    /// `send CHANNEL CONTENT [fallback CHANNEL CONTENT]...`; the first entry is the primary.
    Send(Vec<SendOption>),
    /// `wait DURATION`
    Wait(Duration),
    /// `wait until HH:MM`
    WaitUntil(TimeOfDay),
    /// `wait until HH:MM on DAYS`: the day words as written (`monday`, `weekday`...), which the
    /// checker validates (see `syntax::days`).
    WaitUntilDays { time: TimeOfDay, days: Vec<Ident> },
    /// `wait until EXPR`: an expression that gives an instant.
    WaitUntilExpr(Expr),
    /// `wait for event "Name" [where expr] within DURATION { } [timeout { }]`
    WaitFor { event: EventMatch, within: Duration, body: Block, timeout: Option<Block> },
    /// `if c { } else if c { } else { }`: `branches` holds each condition with its block.
    If { branches: Vec<(Expr, Block)>, otherwise: Option<Block> },
    /// `split { P% { } ... }`
    Split(Vec<SplitArm>),
    /// `stop`
    Stop,
    /// `set profile.KEY = EXPR` (SPEC §6): an `update` decision; later steps see the value.
    Set { key: PathSegment, value: Expr },
    /// `digest for DURATION` / `digest until HH:MM` (SPEC §6, second wave): the run waits and
    /// the journey's triggers meanwhile join its digest (`digest.count`, `digest.events`).
    Digest(DigestUntil),
    /// A line starting with an identifier that is no statement (`sned sms "hi"`), kept so the
    /// checker can say "unknown keyword `sned`, did you mean `send`?" and go on. The step's span
    /// covers the rest of the line and a `{ ... }` block that follows it, if any.
    Unknown(Ident),
}

/// When a digest closes.
#[derive(Debug, Clone, PartialEq)]
pub enum DigestUntil {
    /// `digest for DURATION`
    For(Duration),
    /// `digest until HH:MM`: the next recipient-local moment of that time.
    Until(TimeOfDay),
}

#[derive(Debug, Clone, PartialEq)]
pub struct SendOption {
    pub channel: Ident,
    pub content: Content,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    /// The message text, possibly with interpolation.
    Text(StringLit),
    /// `template "id"`: content kept by the sending provider.
    Template(StringLit),
    /// `message "ID"`: a `message` item, its variant chosen by the profile's locale (SPEC §6).
    Message(StringLit),
}

/// `{ steps }`; the span covers the braces.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub steps: Vec<Step>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SplitArm {
    /// The percentage as written before `%`.
    pub percent: Number,
    pub body: Block,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    Number(Number),
    String(StringLit),
    Bool(bool),
    List(Vec<Expr>),
    /// `now`: the request's time.
    Now,
    /// `profile.a.b`, `event["x y"]`
    Path(Path),
    /// A bare name: a segment reference.
    Name(Ident),
    Unary {
        op: UnaryOp,
        operand: Box<Expr>,
    },
    Binary {
        op: BinaryOp,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    /// postfix `exists`
    Exists(Box<Expr>),
    /// `name(args)`: `days_since`, `hours_since`, `lower`, `upper`, `len` (or an unknown name).
    Call {
        function: Ident,
        args: Vec<Expr>,
    },
    /// `count(event "Name" [where expr] within DURATION)`
    Count {
        event: EventMatch,
        within: Duration,
    },
    /// `( expr )`, kept so the formatter reprints what was written.
    Paren(Box<Expr>),
    /// `sum|min|max|avg|last(event "Name" [where expr] within DURATION, VALUE)` (boxed: an
    /// expression's size is paid once per bracket level on the parser's stack).
    Aggregate(Box<AggregateCall>),
    /// A duration as an operand: `now + 3 days`, `profile.appointment_at - 2 hours`.
    Duration(Duration),
}

/// An aggregate over past events; `value` is `None` when the `, VALUE` part is missing (an
/// error the checker explains, E0401).
#[derive(Debug, Clone, PartialEq)]
pub struct AggregateCall {
    pub function: Ident,
    pub event: EventMatch,
    pub within: Duration,
    pub value: Option<Expr>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathRoot {
    Profile,
    Event,
    /// `trigger.KEY`: the properties of the event that started the run (SPEC §6).
    Trigger,
    /// `item`, `item.a.b`: the element inside `any(LIST, COND)` / `all(LIST, COND)`.
    Item,
    /// `digest.count`, `digest.events`: the run's digest, after a `digest` step.
    Digest,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    pub root: PathRoot,
    pub root_span: Span,
    pub segments: Vec<PathSegment>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PathSegment {
    pub key: String,
    /// True for `["key"]`, false for `.key` (the formatter keeps the form; `.key` is used when
    /// the key is not an identifier).
    pub bracketed: bool,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    Not,
    Neg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    Coalesce,
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    In,
    Contains,
    StartsWith,
    EndsWith,
    Add,
    Sub,
    Mul,
    Div,
}

impl BinaryOp {
    /// The operator as written in source.
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Coalesce => "??",
            BinaryOp::Or => "or",
            BinaryOp::And => "and",
            BinaryOp::Eq => "==",
            BinaryOp::Ne => "!=",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::In => "in",
            BinaryOp::Contains => "contains",
            BinaryOp::StartsWith => "starts_with",
            BinaryOp::EndsWith => "ends_with",
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
        }
    }
    /// Binding strength, loosest first (`??` = 1). Comparisons do not chain.
    pub fn precedence(self) -> u8 {
        match self {
            BinaryOp::Coalesce => 1,
            BinaryOp::Or => 2,
            BinaryOp::And => 3,
            // `not` sits at 4
            BinaryOp::Eq
            | BinaryOp::Ne
            | BinaryOp::Lt
            | BinaryOp::Le
            | BinaryOp::Gt
            | BinaryOp::Ge
            | BinaryOp::In
            | BinaryOp::Contains
            | BinaryOp::StartsWith
            | BinaryOp::EndsWith => 5,
            // postfix `exists` sits at 6
            BinaryOp::Add | BinaryOp::Sub => 7,
            BinaryOp::Mul | BinaryOp::Div => 8,
        }
    }
    pub fn is_comparison(self) -> bool {
        self.precedence() == 5
    }
}

/// The channels a send can use, in the order the spec lists them (spelled by `Channel::name`).
pub const CHANNELS: [&str; 7] = {
    use crate::channel::Channel;
    [
        Channel::Sms.name(),
        Channel::Mms.name(),
        Channel::Whatsapp.name(),
        Channel::Voice.name(),
        Channel::Email.name(),
        Channel::Push.name(),
        Channel::Webhook.name(),
    ]
};

/// Reserved words: not usable as segment names. (Path keys after `.` may be any identifier.)
pub const KEYWORDS: &[&str] = &[
    "segment",
    "policy",
    "journey",
    "when",
    "event",
    "where",
    "audience",
    "exit",
    "reentry",
    "never",
    "always",
    "after",
    "limit",
    "per",
    "quiet",
    "to",
    "timezone",
    "budget",
    "entry",
    "send",
    "fallback",
    "template",
    "wait",
    "until",
    "for",
    "within",
    "timeout",
    "if",
    "else",
    "split",
    "stop",
    "and",
    "or",
    "not",
    "in",
    "contains",
    "starts_with",
    "ends_with",
    "exists",
    "now",
    "true",
    "false",
    "profile",
    "count",
];

/// The functions of the expression language with their arity (`count` has its own syntax).
pub const FUNCTIONS: &[(&str, usize)] =
    &[("days_since", 1), ("hours_since", 1), ("lower", 1), ("upper", 1), ("len", 1)];

/// The functions added by SPEC §6 with their largest arity (the checker's table in
/// `check/functions.rs` holds their full signatures; the aggregates have their own syntax).
pub const MORE_FUNCTIONS: &[(&str, usize)] = &[
    ("sum", 2),
    ("min", 2),
    ("max", 2),
    ("avg", 2),
    ("last", 2),
    ("year", 1),
    ("month", 1),
    ("day", 1),
    ("hour", 1),
    ("minute", 1),
    ("weekday", 1),
    ("days_until", 1),
    ("hours_until", 1),
    ("default", 2),
    ("capitalize", 1),
    ("trim", 1),
    ("to_number", 1),
    ("round", 2),
    ("floor", 1),
    ("ceil", 1),
    ("format_number", 2),
    ("format_money", 2),
    ("format_date", 2),
    ("any", 2),
    ("all", 2),
];
