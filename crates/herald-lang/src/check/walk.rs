//! One traversal of the tree, shared by every rule. A rule implements the `Visitor` hooks it
//! needs; the walk makes sure no rule forgets a place where an expression, a duration, a time of
//! day or a string can appear (a `count(...)` inside an interpolation inside a send, say).
//!
//! Recursion follows the tree's nesting, which the parser bounds (64 blocks or brackets,
//! expression depth 128), so it cannot overflow the stack.

use crate::syntax::ast::Span;
use crate::syntax::ast::{
    Block, Clause, ClauseKind, Content, Duration, EventMatch, Expr, ExprKind, File, Ident, Item,
    Journey, JourneyEntry, Policy, Reentry, SegmentDef, Step, StepKind, StrPart, StringLit,
    TimeOfDay,
};

/// What a string literal is used for: only send text may interpolate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StrRole {
    JourneyId,
    EventName,
    TemplateId,
    Timezone,
    SendText,
    /// A message id, a topic name or a locale tag (SPEC §6): fixed text.
    MessageId,
    /// A string literal inside an expression (a condition or an interpolation).
    InExpr,
}

/// Where an expression sits: where a condition is expected only `true` holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Position {
    Condition,
    Value,
}

/// Which statement a block belongs to, for messages about empty blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BlockKind {
    If,
    Else,
    SplitArm,
    WaitForBody,
    Timeout,
}

/// Hooks called by `walk_file`, in source order. Every hook defaults to doing nothing.
pub(crate) trait Visitor<'a> {
    fn segment(&mut self, _: &'a SegmentDef) {}
    fn policy(&mut self, _: &'a Policy) {}
    fn journey(&mut self, _: &'a Journey) {}
    fn unknown_item(&mut self, _: &'a Ident, _: Span) {}
    fn clause(&mut self, _: &'a Clause) {}
    fn step(&mut self, _: &'a Step) {}
    fn block(&mut self, _: &'a Block, _: BlockKind) {}
    /// The root of an expression tree (a condition, a segment body, an interpolation).
    fn root(&mut self, _: &'a Expr, _: Position) {}
    /// Every expression node, roots included, before its children.
    fn expr(&mut self, _: &'a Expr) {}
    fn string(&mut self, _: &'a StringLit, _: StrRole) {}
    fn duration(&mut self, _: &'a Duration) {}
    fn time(&mut self, _: &'a TimeOfDay) {}
}

pub(crate) fn walk_file<'a>(file: &'a File, v: &mut impl Visitor<'a>) {
    for item in &file.items {
        match item {
            Item::Segment(s) => {
                v.segment(s);
                walk_root(&s.expr, Position::Condition, v);
            }
            Item::Policy(p) => {
                v.policy(p);
                for c in &p.clauses {
                    walk_clause(c, v);
                }
            }
            Item::Journey(j) => {
                v.journey(j);
                walk_string(&j.id, StrRole::JourneyId, v);
                for entry in &j.body {
                    match entry {
                        JourneyEntry::Clause(c) => walk_clause(c, v),
                        JourneyEntry::Step(s) => walk_step(s, v),
                    }
                }
            }
            Item::Unknown(word, span) => v.unknown_item(word, *span),
            Item::Message(m) => {
                walk_string(&m.id, StrRole::MessageId, v);
                for variant in &m.variants {
                    walk_string(&variant.text, StrRole::SendText, v);
                }
            }
            // Tests are checked on their own (`check::tests`): no journey rule applies to them.
            Item::TestsFor(_) | Item::Test(_) => {}
        }
    }
}

fn walk_clause<'a>(c: &'a Clause, v: &mut impl Visitor<'a>) {
    v.clause(c);
    match &c.kind {
        ClauseKind::When(m) | ClauseKind::ExitWhen(m) => walk_event(m, v),
        ClauseKind::Audience(e) => walk_root(e, Position::Condition, v),
        ClauseKind::Reentry(Reentry::After(d)) => v.duration(d),
        ClauseKind::Reentry(_) | ClauseKind::Budget(_) | ClauseKind::Transactional => {}
        ClauseKind::Limit(l) => v.duration(&l.window),
        ClauseKind::QuietHours(q) => {
            v.time(&q.from);
            v.time(&q.to);
        }
        ClauseKind::Timezone(s) => walk_string(s, StrRole::Timezone, v),
        ClauseKind::ExitIf(e) => walk_root(e, Position::Condition, v),
        ClauseKind::Key(e) => walk_root(e, Position::Value, v),
        ClauseKind::Holdout(_) => {}
        ClauseKind::Topic(t) => walk_string(&t.name, StrRole::MessageId, v),
        ClauseKind::DefaultLocale(s) => walk_string(s, StrRole::MessageId, v),
        ClauseKind::WhenChanges(c) => {
            if let Some(to) = &c.to {
                walk_root(to, Position::Value, v);
            }
        }
    }
}

fn walk_event<'a>(m: &'a EventMatch, v: &mut impl Visitor<'a>) {
    walk_string(&m.name, StrRole::EventName, v);
    if let Some(cond) = &m.condition {
        walk_root(cond, Position::Condition, v);
    }
}

fn walk_string<'a>(s: &'a StringLit, role: StrRole, v: &mut impl Visitor<'a>) {
    v.string(s, role);
    for part in &s.parts {
        if let StrPart::Interp(i) = part {
            walk_root(&i.expr, Position::Value, v);
        }
    }
}

fn walk_step<'a>(step: &'a Step, v: &mut impl Visitor<'a>) {
    v.step(step);
    match &step.kind {
        StepKind::Send(options) => {
            for o in options {
                match &o.content {
                    Content::Text(s) => walk_string(s, StrRole::SendText, v),
                    Content::Template(s) => walk_string(s, StrRole::TemplateId, v),
                    Content::Message(s) => walk_string(s, StrRole::MessageId, v),
                }
            }
        }
        StepKind::Wait(d) => v.duration(d),
        StepKind::WaitUntil(t) => v.time(t),
        StepKind::WaitUntilDays { time, .. } => v.time(time),
        StepKind::WaitUntilExpr(e) => walk_root(e, Position::Value, v),
        StepKind::Digest(crate::syntax::ast::DigestUntil::For(d)) => v.duration(d),
        StepKind::Digest(crate::syntax::ast::DigestUntil::Until(t)) => v.time(t),
        StepKind::WaitFor { event, within, body, timeout } => {
            walk_event(event, v);
            v.duration(within);
            walk_block(body, BlockKind::WaitForBody, v);
            if let Some(t) = timeout {
                walk_block(t, BlockKind::Timeout, v);
            }
        }
        StepKind::If { branches, otherwise } => {
            for (cond, block) in branches {
                walk_root(cond, Position::Condition, v);
                walk_block(block, BlockKind::If, v);
            }
            if let Some(b) = otherwise {
                walk_block(b, BlockKind::Else, v);
            }
        }
        StepKind::Split(arms) => {
            for arm in arms {
                walk_block(&arm.body, BlockKind::SplitArm, v);
            }
        }
        StepKind::Set { value, .. } => walk_root(value, Position::Value, v),
        StepKind::Stop | StepKind::Unknown(_) => {}
    }
    if let Some(d) = &step.expire {
        v.duration(d);
    }
}

fn walk_block<'a>(b: &'a Block, kind: BlockKind, v: &mut impl Visitor<'a>) {
    v.block(b, kind);
    for s in &b.steps {
        walk_step(s, v);
    }
}

fn walk_root<'a>(e: &'a Expr, pos: Position, v: &mut impl Visitor<'a>) {
    v.root(e, pos);
    walk_expr(e, v);
}

fn walk_expr<'a>(e: &'a Expr, v: &mut impl Visitor<'a>) {
    v.expr(e);
    match &e.kind {
        ExprKind::List(items) => {
            for item in items {
                walk_expr(item, v);
            }
        }
        ExprKind::Unary { operand, .. } => walk_expr(operand, v),
        ExprKind::Binary { lhs, rhs, .. } => {
            walk_expr(lhs, v);
            walk_expr(rhs, v);
        }
        ExprKind::Exists(inner) | ExprKind::Paren(inner) => walk_expr(inner, v),
        ExprKind::Call { args, .. } => {
            for a in args {
                walk_expr(a, v);
            }
        }
        ExprKind::Count { event, within } => {
            walk_event(event, v);
            v.duration(within);
        }
        ExprKind::Aggregate(a) => {
            walk_event(&a.event, v);
            v.duration(&a.within);
            if let Some(value) = &a.value {
                walk_expr(value, v);
            }
        }
        ExprKind::Duration(d) => v.duration(d),
        ExprKind::String(s) => walk_string(s, StrRole::InExpr, v),
        ExprKind::Number(_) | ExprKind::Bool(_) | ExprKind::Now | ExprKind::Path(_) => {}
        ExprKind::Name(_) => {}
    }
}
