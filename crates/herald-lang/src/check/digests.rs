//! Digests (SPEC §6, second wave): `digest.X` only where a `digest` step has run (E0480, and
//! W0025 where only some paths pass one), only `count` and `events` (E0481), one digest per run
//! (E0482), `digest for` a positive duration (E0483), and a digest nothing can join because no
//! event triggers the journey (W0026).

use crate::diagnostics::{codes, Diagnostic};
use crate::syntax::ast::{
    Block, ClauseKind, Content, DigestUntil, Expr, ExprKind, File, Item, Journey, MessageDef, Path,
    PathRoot, Span, Step, StepKind, StrPart,
};

pub(crate) fn check(file: &File) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    // A `send CHANNEL message "ID"` reads the message's variants where the send stands: their
    // `digest.` reads are judged there, not at the top-level item.
    let messages: Vec<&MessageDef> = file
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Message(m) => Some(m),
            _ => None,
        })
        .collect();
    for item in &file.items {
        match item {
            Item::Segment(s) => {
                for (span, _) in digest_paths(&s.expr) {
                    diags.push(before(span, "a segment, which is read anywhere"));
                }
            }
            Item::Journey(j) => journey(j, &messages, &mut diags),
            _ => {}
        }
    }
    diags
}

fn before(span: Span, place: &str) -> Diagnostic {
    Diagnostic::error(
        codes::DIGEST_BEFORE,
        span,
        format!("`digest` is read in {place}, where no `digest` step has run"),
    )
    .with_help(
        "`digest.count` and `digest.events` exist in the steps after a `digest for DURATION` or \
         `digest until HH:MM` step",
    )
}

fn journey(j: &Journey, messages: &[&MessageDef], diags: &mut Vec<Diagnostic>) {
    for c in j.clauses() {
        let exprs: Vec<&Expr> = match &c.kind {
            ClauseKind::When(m) | ClauseKind::ExitWhen(m) => {
                m.condition.iter().map(|b| &**b).collect()
            }
            ClauseKind::Audience(e) | ClauseKind::ExitIf(e) | ClauseKind::Key(e) => vec![e],
            ClauseKind::WhenChanges(t) => t.to.iter().map(|b| &**b).collect(),
            _ => Vec::new(),
        };
        for e in exprs {
            for (span, _) in digest_paths(e) {
                diags.push(before(span, "a journey header clause"));
            }
        }
    }
    let steps: Vec<&Step> = j.steps().collect();
    let mut flow = Flow { diags, digests: 0, messages };
    flow.steps(&steps, Seen::NO);
    let has_event_trigger = j.clauses().any(|c| matches!(c.kind, ClauseKind::When(_)));
    if flow.digests > 0 && !has_event_trigger {
        if let Some(step) = first_digest(&steps) {
            flow.diags.push(
                Diagnostic::warning(
                    codes::DIGEST_NOTHING_JOINS,
                    crate::check::step_keyword_span(step),
                    "no event triggers this journey, so nothing can join its digest",
                )
                .with_help(
                    "add `when event \"NAME\"`: each such event then joins the waiting run's \
                     digest instead of starting a run",
                ),
            );
        }
    }
}

fn first_digest<'s>(steps: &[&'s Step]) -> Option<&'s Step> {
    for s in steps {
        let found = match &s.kind {
            StepKind::Digest(_) => return Some(s),
            StepKind::If { branches, otherwise } => branches
                .iter()
                .map(|(_, b)| b)
                .chain(otherwise.iter())
                .find_map(|b| first_digest(&b.steps.iter().collect::<Vec<_>>())),
            StepKind::Split(arms) => {
                arms.iter().find_map(|a| first_digest(&a.body.steps.iter().collect::<Vec<_>>()))
            }
            StepKind::WaitFor { body, timeout, .. } => std::iter::once(body)
                .chain(timeout.iter())
                .find_map(|b| first_digest(&b.steps.iter().collect::<Vec<_>>())),
            _ => None,
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

/// Whether a digest step has run on the way to a point: on some path, on every path.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Seen {
    some: bool,
    all: bool,
}

impl Seen {
    const NO: Seen = Seen { some: false, all: false };
    const YES: Seen = Seen { some: true, all: true };
    fn merge(outs: impl Iterator<Item = Seen>) -> Seen {
        let mut some = false;
        let mut all = true;
        let mut any = false;
        for o in outs {
            any = true;
            some |= o.some;
            all &= o.all;
        }
        if any {
            Seen { some, all }
        } else {
            Seen::NO
        }
    }
}

struct Flow<'d> {
    diags: &'d mut Vec<Diagnostic>,
    digests: usize,
    messages: &'d [&'d MessageDef],
}

impl Flow<'_> {
    fn steps(&mut self, steps: &[&Step], mut seen: Seen) -> Seen {
        for s in steps {
            seen = self.step(s, seen);
        }
        seen
    }

    fn block(&mut self, b: &Block, seen: Seen) -> Seen {
        let steps: Vec<&Step> = b.steps.iter().collect();
        self.steps(&steps, seen)
    }

    fn read(&mut self, e: &Expr, seen: Seen) {
        for (span, path) in digest_paths(e) {
            let field = path.segments.first().map(|s| s.key.as_str());
            if !matches!(field, Some("count" | "events")) {
                self.diags.push(
                    Diagnostic::error(
                        codes::DIGEST_FIELD,
                        span,
                        format!("a digest has no `{}`", field.unwrap_or("")),
                    )
                    .with_help(
                        "`digest.count` is the number of triggers gathered (the first \
                         included); `digest.events` the properties of the latest 100",
                    ),
                );
            } else if !seen.some {
                self.diags.push(before(span, "a step no `digest` step comes before"));
            } else if !seen.all {
                self.diags.push(
                    Diagnostic::warning(
                        codes::DIGEST_SOME_PATHS,
                        span,
                        "only some paths to here pass a `digest` step: on the others `digest` \
                         is missing",
                    )
                    .with_help(
                        "move the `digest` step before the branch, or give a default with `??`",
                    ),
                );
            }
        }
    }

    fn text(&mut self, s: &crate::syntax::ast::StringLit, seen: Seen) {
        for p in &s.parts {
            if let StrPart::Interp(i) = p {
                self.read(&i.expr, seen);
            }
        }
    }

    fn step(&mut self, s: &Step, seen: Seen) -> Seen {
        match &s.kind {
            StepKind::Digest(until) => {
                self.digests += 1;
                if seen.some {
                    self.diags.push(
                        Diagnostic::error(
                            codes::DIGEST_TWICE,
                            crate::check::step_keyword_span(s),
                            "a run can reach this `digest` after another one",
                        )
                        .with_help("a run gathers one digest: keep one `digest` step on each path"),
                    );
                }
                if let DigestUntil::For(d) = until {
                    if d.seconds() <= 0 {
                        self.diags.push(
                            Diagnostic::error(
                                codes::DIGEST_EMPTY,
                                crate::check::step_keyword_span(s),
                                "a digest of no time gathers nothing",
                            )
                            .with_help("give a positive duration (`digest for 1 hour`)"),
                        );
                    }
                }
                Seen::YES
            }
            StepKind::Send(options) => {
                for o in options {
                    match &o.content {
                        Content::Text(t) | Content::Template(t) => self.text(t, seen),
                        Content::Message(id) => {
                            let id = id.as_plain();
                            let found = self
                                .messages
                                .iter()
                                .find(|m| id.is_some() && m.id.as_plain() == id);
                            // An unknown id is `check/messages.rs`'s E0470.
                            if let Some(m) = found {
                                for v in &m.variants {
                                    self.text(&v.text, seen);
                                }
                            }
                        }
                    }
                }
                seen
            }
            StepKind::WaitUntilExpr(e) | StepKind::Set { value: e, .. } => {
                self.read(e, seen);
                seen
            }
            StepKind::If { branches, otherwise } => {
                let mut outs = Vec::with_capacity(branches.len() + 1);
                for (cond, b) in branches {
                    self.read(cond, seen);
                    outs.push(self.block(b, seen));
                }
                outs.push(match otherwise {
                    Some(b) => self.block(b, seen),
                    None => seen,
                });
                Seen::merge(outs.into_iter())
            }
            StepKind::Split(arms) => {
                let outs: Vec<Seen> = arms.iter().map(|a| self.block(&a.body, seen)).collect();
                if outs.is_empty() {
                    seen
                } else {
                    Seen::merge(outs.into_iter())
                }
            }
            StepKind::WaitFor { event, body, timeout, .. } => {
                if let Some(c) = &event.condition {
                    self.read(c, seen);
                }
                let a = self.block(body, seen);
                let b = match timeout {
                    Some(t) => self.block(t, seen),
                    None => seen,
                };
                Seen::merge([a, b].into_iter())
            }
            StepKind::Wait(_)
            | StepKind::WaitUntil(_)
            | StepKind::WaitUntilDays { .. }
            | StepKind::Stop
            | StepKind::Unknown(_) => seen,
        }
    }
}

/// Every `digest.X` path in an expression, with the span of its expression.
fn digest_paths(e: &Expr) -> Vec<(Span, &Path)> {
    let mut out = Vec::new();
    collect(e, &mut out);
    out
}

fn collect<'e>(e: &'e Expr, out: &mut Vec<(Span, &'e Path)>) {
    match &e.kind {
        ExprKind::Path(p) if p.root == PathRoot::Digest => out.push((e.span, p)),
        ExprKind::List(items) => items.iter().for_each(|i| collect(i, out)),
        ExprKind::Unary { operand, .. } => collect(operand, out),
        ExprKind::Binary { lhs, rhs, .. } => {
            collect(lhs, out);
            collect(rhs, out);
        }
        ExprKind::Exists(inner) | ExprKind::Paren(inner) => collect(inner, out),
        ExprKind::Call { args, .. } => args.iter().for_each(|a| collect(a, out)),
        ExprKind::String(s) => {
            for p in &s.parts {
                if let StrPart::Interp(i) = p {
                    collect(&i.expr, out);
                }
            }
        }
        ExprKind::Path(_)
        | ExprKind::Name(_)
        | ExprKind::Count { .. }
        | ExprKind::Aggregate(_)
        | ExprKind::Duration(_)
        | ExprKind::Number(_)
        | ExprKind::Bool(_)
        | ExprKind::Now => {}
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{check_src, with_code};
    use crate::diagnostics::codes;

    fn codes_of(src: &str) -> Vec<crate::diagnostics::Code> {
        let d = check_src(src);
        [
            codes::DIGEST_BEFORE,
            codes::DIGEST_FIELD,
            codes::DIGEST_TWICE,
            codes::DIGEST_EMPTY,
            codes::DIGEST_SOME_PATHS,
            codes::DIGEST_NOTHING_JOINS,
        ]
        .into_iter()
        .filter(|c| !with_code(&d, c).is_empty())
        .collect()
    }

    #[test]
    fn a_daily_digest_is_clean() {
        let src = "journey \"c\" {\n  when event \"Comment\"\n  digest until 09:00\n  \
                   send email \"{{ digest.count }} comments\"\n  \
                   if any(digest.events, item.author == \"Ana\") {\n    send email \"Ana\"\n  }\n}\n";
        assert_eq!(codes_of(src), Vec::<crate::diagnostics::Code>::new());
    }

    #[test]
    fn a_message_sent_after_a_digest_may_read_it_and_one_sent_before_may_not() {
        let msg = "message \"n\" {\n  en \"{{ digest.count }} comments\"\n}\n";
        let after = format!(
            "{msg}journey \"c\" {{\n  when event \"C\"\n  digest for 1 hour\n  send email message \"n\"\n}}\n"
        );
        assert_eq!(codes_of(&after), Vec::<crate::diagnostics::Code>::new());
        let before = format!(
            "{msg}journey \"c\" {{\n  when event \"C\"\n  send email message \"n\"\n  digest for 1 hour\n}}\n"
        );
        assert_eq!(codes_of(&before), vec![codes::DIGEST_BEFORE]);
    }

    #[test]
    fn each_rule_has_its_code() {
        let before = "journey \"c\" {\n  when event \"C\"\n  send email \"{{ digest.count }}\"\n  digest for 1 hour\n}\n";
        assert_eq!(codes_of(before), vec![codes::DIGEST_BEFORE]);
        let none = "journey \"c\" {\n  when event \"C\"\n  audience digest.count > 1\n  send email \"x\"\n}\n";
        assert_eq!(codes_of(none), vec![codes::DIGEST_BEFORE]);
        let field = "journey \"c\" {\n  when event \"C\"\n  digest for 1 hour\n  send email \"{{ digest.size }}\"\n}\n";
        assert_eq!(codes_of(field), vec![codes::DIGEST_FIELD]);
        let twice =
            "journey \"c\" {\n  when event \"C\"\n  digest for 1 hour\n  digest for 1 hour\n}\n";
        assert_eq!(codes_of(twice), vec![codes::DIGEST_TWICE]);
        let empty = "journey \"c\" {\n  when event \"C\"\n  digest for 0 hours\n}\n";
        assert_eq!(codes_of(empty), vec![codes::DIGEST_EMPTY]);
        let some = "journey \"c\" {\n  when event \"C\"\n  if profile.vip == true {\n    digest for 1 hour\n  }\n  send email \"{{ digest.count }}\"\n}\n";
        assert_eq!(codes_of(some), vec![codes::DIGEST_SOME_PATHS]);
        let joins = "journey \"c\" {\n  when profile.plan changes\n  digest for 1 hour\n  send email \"{{ digest.count }}\"\n}\n";
        assert_eq!(codes_of(joins), vec![codes::DIGEST_NOTHING_JOINS]);
        // typed: a number is no text
        let typed = "journey \"c\" {\n  when event \"C\"\n  digest for 1 hour\n  if digest.count == \"many\" {\n    stop\n  }\n}\n";
        assert!(!with_code(&check_src(typed), codes::TYPE_MISMATCH).is_empty());
        let segment = "segment many = digest.count > 3\njourney \"c\" {\n  when event \"C\"\n  send email \"x\"\n}\n";
        assert!(codes_of(segment).contains(&codes::DIGEST_BEFORE));
    }
}
