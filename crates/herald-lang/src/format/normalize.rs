//! Span erasure, to compare two trees by meaning: `parse(format(x))` must equal `parse(x)` once
//! every byte position is zeroed. Public so that integration tests (and tools that want to
//! double-check a rewrite) can use it.

use crate::syntax::ast::{
    Block, Clause, ClauseKind, Comment, Content, Duration, EventMatch, Expr, ExprKind, File, Ident,
    Item, JourneyEntry, Number, Reentry, Span, Step, StepKind, StrPart, StringLit, TimeOfDay,
};
use crate::syntax::ast::{
    ExpectField, ExpectKind, FieldKind, Literal, LiteralKind, TestBlock, TestStmtKind,
};

/// A copy of `file` with every span zeroed and comment texts without trailing whitespace (the
/// formatter trims it). Parentheses are kept.
pub fn erase_spans(file: &File) -> File {
    let mut f = file.clone();
    Eraser { parens: true }.file(&mut f);
    f
}

/// Like [`erase_spans`], and every `( )` is dropped as well: for comparing a hand-built tree with
/// the parse of its printed form, where the printer added the parentheses precedence needs.
pub fn erase_spans_and_parens(file: &File) -> File {
    let mut f = file.clone();
    Eraser { parens: false }.file(&mut f);
    f
}

struct Eraser {
    /// Keep `ExprKind::Paren` nodes.
    parens: bool,
}

const ZERO: Span = Span { start: 0, end: 0 };

impl Eraser {
    fn file(&self, f: &mut File) {
        for item in &mut f.items {
            match item {
                Item::Segment(s) => {
                    s.span = ZERO;
                    ident(&mut s.name);
                    self.expr(&mut s.expr);
                }
                Item::Policy(p) => {
                    p.span = ZERO;
                    p.clauses.iter_mut().for_each(|c| self.clause(c));
                }
                Item::Journey(j) => {
                    j.span = ZERO;
                    self.string(&mut j.id);
                    for entry in &mut j.body {
                        match entry {
                            JourneyEntry::Clause(c) => self.clause(c),
                            JourneyEntry::Step(s) => self.step(s),
                        }
                    }
                }
                Item::Message(m) => {
                    m.span = ZERO;
                    self.string(&mut m.id);
                    for v in &mut m.variants {
                        v.span = ZERO;
                        ident(&mut v.locale);
                        self.string(&mut v.text);
                    }
                }
                Item::Unknown(word, span) => {
                    ident(word);
                    *span = ZERO;
                }
                Item::TestsFor(t) => {
                    t.span = ZERO;
                    self.string(&mut t.path);
                }
                Item::Test(t) => self.test(t),
            }
        }
        f.comments.iter_mut().for_each(comment);
    }

    fn test(&self, t: &mut TestBlock) {
        t.span = ZERO;
        self.string(&mut t.name);
        for s in &mut t.body {
            s.span = ZERO;
            match &mut s.kind {
                TestStmtKind::At(at) => self.string(at),
                TestStmtKind::After(d) => duration(d),
                TestStmtKind::Profile(l) => self.literal(l),
                TestStmtKind::Event { name, properties } => {
                    self.string(name);
                    if let Some(l) = properties {
                        self.literal(l);
                    }
                }
                TestStmtKind::Expect(e) => {
                    e.span = ZERO;
                    match &mut e.kind {
                        ExpectKind::Decision(p) | ExpectKind::No(p) => {
                            ident(&mut p.action);
                            if let Some(c) = &mut p.channel {
                                ident(c);
                            }
                            p.fields.iter_mut().for_each(|f| self.field(f));
                        }
                        ExpectKind::NoDecisions => {}
                        ExpectKind::Waiting(fields) | ExpectKind::NotWaiting(fields) => {
                            fields.iter_mut().for_each(|f| self.field(f));
                        }
                    }
                }
                TestStmtKind::Unknown(word) => ident(word),
            }
        }
    }

    fn field(&self, f: &mut ExpectField) {
        f.span = ZERO;
        match &mut f.kind {
            FieldKind::Journey(s)
            | FieldKind::Content { text: s, .. }
            | FieldKind::Template(s)
            | FieldKind::To(s)
            | FieldKind::Until(s)
            | FieldKind::Step(s) => self.string(s),
            FieldKind::Reason(i) => ident(i),
            FieldKind::Cost(m) => m.span = ZERO,
        }
    }

    fn literal(&self, l: &mut Literal) {
        l.span = ZERO;
        match &mut l.kind {
            LiteralKind::Object(members) => {
                for m in members {
                    m.key_span = ZERO;
                    self.literal(&mut m.value);
                }
            }
            LiteralKind::List(items) => items.iter_mut().for_each(|i| self.literal(i)),
            LiteralKind::String(s) => self.string(s),
            LiteralKind::Number(n) => number(n),
            LiteralKind::Word(w) => ident(w),
        }
    }

    fn clause(&self, c: &mut Clause) {
        c.span = ZERO;
        match &mut c.kind {
            ClauseKind::When(e) | ClauseKind::ExitWhen(e) => self.event(e),
            ClauseKind::Audience(e) => self.expr(e),
            ClauseKind::Reentry(Reentry::After(d)) => duration(d),
            ClauseKind::Reentry(Reentry::Never | Reentry::Always | Reentry::Restart) => {}
            ClauseKind::Transactional => {}
            ClauseKind::Limit(l) => {
                l.span = ZERO;
                number(&mut l.count);
                if let Some(ch) = &mut l.channel {
                    ident(ch);
                }
                duration(&mut l.window);
            }
            ClauseKind::QuietHours(q) => {
                q.span = ZERO;
                time(&mut q.from);
                time(&mut q.to);
            }
            ClauseKind::Budget(m) => m.span = ZERO,
            ClauseKind::Timezone(s) => self.string(s),
            ClauseKind::ExitIf(e) | ClauseKind::Key(e) => self.expr(e),
            ClauseKind::Holdout(n) => number(n),
            ClauseKind::Topic(t) => {
                self.string(&mut t.name);
                t.mode_span = t.mode_span.map(|_| ZERO);
            }
            ClauseKind::DefaultLocale(s) => self.string(s),
            ClauseKind::WhenChanges(t) => {
                t.span = ZERO;
                t.key.span = ZERO;
                if let Some(to) = &mut t.to {
                    self.expr(to);
                }
            }
        }
    }

    fn event(&self, e: &mut EventMatch) {
        e.span = ZERO;
        self.string(&mut e.name);
        if let Some(c) = &mut e.condition {
            self.expr(c);
        }
    }

    fn step(&self, s: &mut Step) {
        s.span = ZERO;
        if let Some(d) = &mut s.expire {
            duration(d);
        }
        match &mut s.kind {
            StepKind::Send(options) => {
                for o in options {
                    o.span = ZERO;
                    ident(&mut o.channel);
                    match &mut o.content {
                        Content::Text(t) | Content::Template(t) | Content::Message(t) => {
                            self.string(t)
                        }
                    }
                }
            }
            StepKind::Wait(d) => duration(d),
            StepKind::WaitUntil(t) => time(t),
            StepKind::WaitUntilDays { time: t, days } => {
                time(t);
                days.iter_mut().for_each(ident);
            }
            StepKind::WaitUntilExpr(e) => self.expr(e),
            StepKind::Digest(crate::syntax::ast::DigestUntil::For(d)) => duration(d),
            StepKind::Digest(crate::syntax::ast::DigestUntil::Until(t)) => time(t),
            StepKind::WaitFor { event, within, body, timeout } => {
                self.event(event);
                duration(within);
                self.block(body);
                if let Some(t) = timeout {
                    self.block(t);
                }
            }
            StepKind::If { branches, otherwise } => {
                for (cond, block) in branches {
                    self.expr(cond);
                    self.block(block);
                }
                if let Some(b) = otherwise {
                    self.block(b);
                }
            }
            StepKind::Split(arms) => {
                for arm in arms {
                    arm.span = ZERO;
                    number(&mut arm.percent);
                    self.block(&mut arm.body);
                }
            }
            StepKind::Stop => {}
            StepKind::Set { key, value } => {
                key.span = ZERO;
                self.expr(value);
            }
            StepKind::Unknown(word) => ident(word),
        }
    }

    fn block(&self, b: &mut Block) {
        b.span = ZERO;
        b.steps.iter_mut().for_each(|s| self.step(s));
    }

    fn string(&self, s: &mut StringLit) {
        s.span = ZERO;
        for part in &mut s.parts {
            if let StrPart::Interp(i) = part {
                i.span = ZERO;
                self.expr(&mut i.expr);
            }
        }
    }

    fn expr(&self, e: &mut Expr) {
        if !self.parens {
            while let ExprKind::Paren(inner) = &mut e.kind {
                let placeholder = Expr { kind: ExprKind::Now, span: ZERO };
                *e = std::mem::replace(inner.as_mut(), placeholder);
            }
        }
        e.span = ZERO;
        match &mut e.kind {
            ExprKind::Number(n) => number(n),
            ExprKind::String(s) => self.string(s),
            ExprKind::Bool(_) | ExprKind::Now => {}
            ExprKind::List(items) => items.iter_mut().for_each(|i| self.expr(i)),
            ExprKind::Path(p) => {
                p.root_span = ZERO;
                p.segments.iter_mut().for_each(|s| s.span = ZERO);
            }
            ExprKind::Name(id) => ident(id),
            ExprKind::Unary { operand, .. } => self.expr(operand),
            ExprKind::Binary { lhs, rhs, .. } => {
                self.expr(lhs);
                self.expr(rhs);
            }
            ExprKind::Exists(inner) | ExprKind::Paren(inner) => self.expr(inner),
            ExprKind::Call { function, args } => {
                ident(function);
                args.iter_mut().for_each(|a| self.expr(a));
            }
            ExprKind::Count { event, within } => {
                self.event(event);
                duration(within);
            }
            ExprKind::Aggregate(a) => {
                ident(&mut a.function);
                self.event(&mut a.event);
                duration(&mut a.within);
                if let Some(v) = &mut a.value {
                    self.expr(v);
                }
            }
            ExprKind::Duration(d) => duration(d),
        }
    }
}

fn ident(i: &mut Ident) {
    i.span = ZERO;
}
fn number(n: &mut Number) {
    n.span = ZERO;
}
fn duration(d: &mut Duration) {
    d.span = ZERO;
}
fn time(t: &mut TimeOfDay) {
    t.span = ZERO;
}
fn comment(c: &mut Comment) {
    c.span = ZERO;
    c.text.truncate(c.text.trim_end().len());
}
