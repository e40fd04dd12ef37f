//! The evaluation form of a program: what `compile` produces and `eval` walks. Paths are
//! resolved to slots, event names are interned to small integers, steps are flattened into one
//! vector per journey with precomputed continuations, and every duration is in milliseconds.
//! Nothing here is looked up by string while a request is evaluated, except the key of a nested
//! path below its first segment (`profile.address.city` reads `city` from the `address` object).

use crate::channel::Channel;
use crate::syntax::ast::Span;
use std::sync::Arc;

/// Index of a step in its journey's flattened step vector.
pub type StepIdx = u32;
/// An interned event name.
pub type NameId = u32;
/// An index into the program's table of profile keys.
pub type SlotId = u32;

/// A condition or value with the source span it came from (for the explain trace).
#[derive(Debug, Clone)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub struct Cond {
    pub expr: Expr,
    pub span: Span,
}

#[derive(Debug, Clone)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub struct EventMatch {
    pub name: NameId,
    pub condition: Option<Cond>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub enum Reentry {
    Never,
    Always,
    /// A trigger during an active run ends it (`restarted`) and starts a new one.
    Restart,
    /// Milliseconds after the previous entry.
    After(i64),
}

/// Whose sends a limit counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub enum LimitScope {
    /// `policy { limit ... }`: every journey of the file.
    Policy,
    /// A journey's own `limit`: that journey's sends.
    Journey(u32),
}

#[derive(Debug, Clone)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub struct Limit {
    pub count: u32,
    pub channel: Option<Channel>,
    pub window_ms: i64,
    pub scope: LimitScope,
    /// How the clause reads, for traces (`5 messages per 7 days`).
    pub text: Arc<str>,
}

/// `quiet hours FROM to TO`, in minutes after local midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub struct QuietHours {
    pub from_minute: u32,
    pub to_minute: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub struct Budget {
    pub micros: i64,
    pub currency: Arc<str>,
}

#[derive(Debug, Clone)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub struct Journey {
    pub id: Arc<str>,
    pub triggers: Vec<EventMatch>,
    pub audience: Option<Cond>,
    pub exits: Vec<EventMatch>,
    pub reentry: Reentry,
    /// The journey's own limits (policy limits live on the program).
    pub limits: Vec<Limit>,
    /// The quiet hours in force: the journey's own, else the policy's (not for a
    /// transactional journey).
    pub quiet_hours: Option<QuietHours>,
    /// `transactional`: the policy's limits and quiet hours do not apply, and its sends do not
    /// count toward policy limits.
    pub transactional: bool,
    pub budget: Option<Budget>,
    pub steps: Vec<Step>,
    /// The first top-level step; `None` for a journey without steps.
    pub first: Option<StepIdx>,
    /// `exit if` conditions, tested whenever a run is evaluated, before its steps (SPEC §6).
    pub exit_conditions: Vec<Cond>,
    /// `key EXPR`: one run per distinct value, evaluated on the trigger (SPEC §6).
    pub key: Option<Cond>,
    /// `holdout P%`: profiles whose bucket (of 10 000, by profile id and journey id) is below
    /// this are the control group.
    pub holdout_buckets: Option<u32>,
    /// `when profile.KEY changes [to EXPR]` triggers.
    pub trait_triggers: Vec<TraitTrigger>,
    /// `topic "NAME"`: `subscriptions.topics.NAME` must not refuse (SPEC §6).
    pub topic: Option<Topic>,
}

/// `when profile.KEY changes [to EXPR]`: fires when the trait differs from the value the state
/// recorded at the previous evaluation.
#[derive(Debug, Clone)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub struct TraitTrigger {
    pub key: Arc<str>,
    pub slot: SlotId,
    /// `to EXPR`: the new value must equal it.
    pub to: Option<Cond>,
}

impl Journey {
    pub fn step(&self, idx: StepIdx) -> Option<&Step> {
        self.steps.get(idx as usize)
    }
    /// The flattened index of a step id, by linear search (called once per waiting run and
    /// request, on a vector of at most a few hundred steps).
    pub fn find_step(&self, id: &str) -> Option<StepIdx> {
        self.steps.iter().position(|s| &*s.id == id).and_then(|i| StepIdx::try_from(i).ok())
    }
}

#[derive(Debug, Clone)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub struct Step {
    /// The stable id (`"2"`, `"2.else.1"`), see docs/evaluation.md.
    pub id: Arc<str>,
    pub kind: StepKind,
    /// Where the run goes when this step is done: the next step of the same block, or else the
    /// continuation of the enclosing step; `None` at the end of the journey.
    pub next: Option<StepIdx>,
    pub span: Span,
    /// `expire after DURATION` of a send step, in milliseconds (SPEC §6).
    pub expire_ms: Option<i64>,
    /// The journey's fingerprint up to and including this step (`format::journey_fingerprints`),
    /// recorded with a run waiting here: a different one in a later program ends the run.
    pub fingerprint: u64,
}

#[derive(Debug, Clone)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub enum StepKind {
    Send(Box<[SendOption]>),
    Wait {
        ms: i64,
    },
    WaitUntil {
        minute_of_day: u32,
    },
    /// `wait until HH:MM on DAYS`: `days` as `syntax::days::DayMask` (bit 0 Monday).
    WaitUntilDays {
        minute_of_day: u32,
        days: u8,
    },
    /// `wait until EXPR`: `at` is evaluated when the run reaches the step.
    WaitUntilAt {
        at: Cond,
    },
    WaitFor {
        event: EventMatch,
        within_ms: i64,
        /// First step of the event block (`None` when empty: continue after the step).
        body: Option<StepIdx>,
        /// First step of the timeout block, if there is one and it is not empty.
        timeout: Option<StepIdx>,
    },
    If {
        branches: Box<[(Cond, Option<StepIdx>)]>,
        otherwise: Option<StepIdx>,
    },
    Split {
        arms: Box<[SplitArm]>,
    },
    Stop,
    /// `set profile.KEY = EXPR`: an `update` decision; later steps of the evaluation see it.
    Set {
        key: Arc<str>,
        slot: SlotId,
        value: Cond,
    },
    /// `digest for D` / `digest until HH:MM`: the run waits; the journey's triggers meanwhile
    /// join its digest.
    Digest(DigestClose),
}

/// When a digest closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub enum DigestClose {
    /// `digest for D`: D after the run reached the step.
    For { ms: i64 },
    /// `digest until HH:MM`: the next recipient-local moment of that time, strictly after the
    /// run reached the step.
    Until { minute_of_day: u32 },
}

impl StepKind {
    /// Whether a run can be parked at this step for that reason: a state naming a step of
    /// another kind comes from an older version of the journey.
    pub fn accepts_wait(&self, kind: WaitKind) -> bool {
        matches!(
            (self, kind),
            (StepKind::Wait { .. }, WaitKind::Wait)
                | (StepKind::WaitUntil { .. }, WaitKind::WaitUntil)
                | (StepKind::WaitUntilDays { .. }, WaitKind::WaitUntil)
                | (StepKind::WaitUntilAt { .. }, WaitKind::WaitUntil)
                | (StepKind::WaitFor { .. }, WaitKind::WaitFor)
                | (StepKind::Send(_), WaitKind::QuietHours)
                | (StepKind::Digest(_), WaitKind::Digest)
        )
    }
}

/// Why a run is parked at a step (kept in the state).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaitKind {
    Wait,
    WaitUntil,
    WaitFor,
    QuietHours,
    /// At a `digest` step: the journey's triggers join the run until `until`.
    Digest,
}

impl WaitKind {
    pub fn name(self) -> &'static str {
        match self {
            WaitKind::Wait => "wait",
            WaitKind::WaitUntil => "wait_until",
            WaitKind::WaitFor => "wait_for",
            WaitKind::QuietHours => "quiet_hours",
            WaitKind::Digest => "digest",
        }
    }
    pub fn from_name(name: &str) -> Option<WaitKind> {
        [WaitKind::Wait, WaitKind::WaitUntil, WaitKind::WaitFor, WaitKind::QuietHours]
            .into_iter()
            .find(|k| k.name() == name)
    }
}

#[derive(Debug, Clone)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub struct SplitArm {
    /// This arm takes buckets `[previous arm's end, end)` of 10 000.
    pub end_bucket: u32,
    pub percent_text: Arc<str>,
    pub first: Option<StepIdx>,
}

#[derive(Debug, Clone)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub struct SendOption {
    pub channel: Channel,
    pub content: Content,
}

#[derive(Debug, Clone)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub enum Content {
    Text(Text),
    Template(Text),
    /// `message "ID"`: an index into `ProgramData::messages` (SPEC §6).
    Message(u32),
}

/// `message "ID" { LOCALE "text" ... }`: the variants in the order written.
#[derive(Debug, Clone)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub struct Message {
    pub id: Arc<str>,
    pub variants: Box<[Variant]>,
    /// The variant when the profile's locale matches none: the policy's `default locale` if the
    /// message has it, else the first.
    pub fallback: u32,
}

/// One language of a message.
#[derive(Debug, Clone)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub struct Variant {
    /// The tag as written (`pt-BR`); matched case-insensitively.
    pub locale: Arc<str>,
    pub text: Text,
}

impl Message {
    /// The variant for a profile's locale (SPEC §6): the exact tag, then its language
    /// (`pt-BR` → `pt`), then another variant of that language, then the fallback (`default locale`, else the first variant). Tags
    /// compare case-insensitively; `_` is read as `-` (`pt_BR`, as some platforms write it).
    pub fn variant_for(&self, locale: Option<&str>) -> Option<&Variant> {
        if let Some(wanted) = locale.map(str::trim).filter(|l| !l.is_empty()) {
            let same = |tag: &str, want: &str| {
                tag.len() == want.len()
                    && tag.bytes().zip(want.bytes()).all(|(a, b)| {
                        let norm = |c: u8| if c == b'_' { b'-' } else { c.to_ascii_lowercase() };
                        norm(a) == norm(b)
                    })
            };
            if let Some(v) = self.variants.iter().find(|v| same(&v.locale, wanted)) {
                return Some(v);
            }
            let language = wanted.split(['-', '_']).next().unwrap_or(wanted);
            if let Some(v) = self.variants.iter().find(|v| same(&v.locale, language)) {
                return Some(v);
            }
            // Beyond SPEC §6's list: another variant of the same language (`pt` or `pt-PT` →
            // `pt-BR`, the first written) before the default, as a Portuguese reader would want.
            let of_language =
                |tag: &str| same(tag.split(['-', '_']).next().unwrap_or(tag), language);
            if let Some(v) = self.variants.iter().find(|v| of_language(&v.locale)) {
                return Some(v);
            }
        }
        self.variants.get(self.fallback as usize).or_else(|| self.variants.first())
    }
}

/// A journey's `topic "NAME"` (SPEC §6).
#[derive(Debug, Clone)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub struct Topic {
    pub name: Arc<str>,
    /// An index into `ProgramData::topics` (what the request readers look for).
    pub index: u32,
    /// `policy { topic "NAME" opt-in }`: a missing status refuses.
    pub opt_in: bool,
}

/// Message text: fixed, or literal parts and interpolations to render with the profile.
#[derive(Debug, Clone)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub enum Text {
    Static(Arc<str>),
    Parts(Box<[TextPart]>),
}

#[derive(Debug, Clone)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub enum TextPart {
    Lit(Box<str>),
    Expr(Cond),
}

/// A literal value.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub enum Const {
    Num(f64),
    Str(Box<str>),
    Bool(bool),
}

/// Which event `event.X` reads (SPEC §1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub enum EventScope {
    /// The event that started the run (the trigger's `where`, `audience`, steps).
    Run,
    /// The event being tested by `exit when ... where` and `wait for ... where`.
    Incoming,
    /// The past event being counted inside `count(... where ...)`.
    Counted,
}

#[derive(Debug, Clone)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub struct Path {
    /// The keys below the root slot (`profile.a.b` → `["b"]`; `event.a.b` → `["a", "b"]`).
    pub rest: Box<[Box<str>]>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub enum CmpOp {
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub enum ArithOp {
    Add,
    Sub,
    Mul,
    Div,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub enum Func {
    DaysSince,
    HoursSince,
    Lower,
    Upper,
    Len,
}

#[derive(Debug, Clone)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub struct Count {
    pub name: NameId,
    pub condition: Option<Expr>,
    pub within_ms: i64,
    pub span: Span,
}

#[derive(Debug, Clone)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub enum Expr {
    Const(Const),
    /// A list literal whose items are all literals (`["US", "CA"]`).
    ConstList(Box<[Const]>),
    /// A list literal with computed items.
    List(Box<[Expr]>),
    Now(Span),
    /// `profile.KEY...`: the root key is a slot.
    Profile(SlotId, Path),
    /// `event.KEY...`: keys read from the properties of the scope's event.
    Event(EventScope, Path),
    /// A segment compiled for one event scope: an index into the program's segment bodies.
    Segment(u32, Span),
    Not(Box<Expr>),
    Neg(Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Coalesce(Box<Expr>, Box<Expr>),
    Cmp(CmpOp, Box<Expr>, Box<Expr>),
    /// `x in [literals]`, the commonest membership test, without building a list value.
    InConst(Box<Expr>, Box<[Const]>),
    Arith(ArithOp, Box<Expr>, Box<Expr>),
    Exists(Box<Expr>),
    Call(Func, Box<Expr>, Span),
    Count(Box<Count>),
    /// A builtin of SPEC §6 (text, number and time helpers) with its arguments.
    Builtin(Builtin, Box<[Expr]>, Span),
    /// `instant ± duration`: the instant shifted by the milliseconds (negative for `-`).
    Shift(Box<Expr>, i64, Span),
    /// `sum|min|max|avg|last(event ... within D, value)`.
    Aggregate(Box<Aggregate>),
    /// `any(LIST, COND)` / `all(LIST, COND)`.
    Quantifier(Box<Quantifier>),
    /// `item`, `item.a.b`: the element of the innermost `any`/`all`.
    Item(Path),
    /// `digest.count`, `digest.events`: the run's digest (the first segment names the field).
    Digest(Path),
}

/// The helpers of SPEC §6 that are plain calls; evaluated in `src/eval/functions/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub enum Builtin {
    Year,
    Month,
    Day,
    Hour,
    Minute,
    Weekday,
    DaysUntil,
    HoursUntil,
    Default,
    Capitalize,
    Trim,
    ToNumber,
    Round,
    Floor,
    Ceil,
    FormatNumber,
    FormatMoney,
    FormatDate,
}

impl Builtin {
    pub fn of_name(name: &str) -> Option<Builtin> {
        Some(match name {
            "year" => Builtin::Year,
            "month" => Builtin::Month,
            "day" => Builtin::Day,
            "hour" => Builtin::Hour,
            "minute" => Builtin::Minute,
            "weekday" => Builtin::Weekday,
            "days_until" => Builtin::DaysUntil,
            "hours_until" => Builtin::HoursUntil,
            "default" => Builtin::Default,
            "capitalize" => Builtin::Capitalize,
            "trim" => Builtin::Trim,
            "to_number" => Builtin::ToNumber,
            "round" => Builtin::Round,
            "floor" => Builtin::Floor,
            "ceil" => Builtin::Ceil,
            "format_number" => Builtin::FormatNumber,
            "format_money" => Builtin::FormatMoney,
            "format_date" => Builtin::FormatDate,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub enum AggKind {
    Sum,
    Min,
    Max,
    Avg,
    Last,
}

impl AggKind {
    pub fn of_name(name: &str) -> Option<AggKind> {
        Some(match name {
            "sum" => AggKind::Sum,
            "min" => AggKind::Min,
            "max" => AggKind::Max,
            "avg" => AggKind::Avg,
            "last" => AggKind::Last,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub struct Aggregate {
    pub kind: AggKind,
    /// Which past events, when: the same rules as `count(...)`.
    pub events: Count,
    /// The value read from each past event (`event.X` is that event).
    pub value: Expr,
}

#[derive(Debug, Clone)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub struct Quantifier {
    /// `all` (else `any`).
    pub all: bool,
    pub list: Expr,
    pub cond: Expr,
    pub span: Span,
}
