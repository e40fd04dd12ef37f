//! Structure: where clauses may go and how often (E0302–E0306), duplicate journey ids (E0107),
//! empty blocks (E0203), journeys without steps (E0307) and unreachable steps (E0301).

use super::walk::{BlockKind, Visitor};
use super::{step_keyword_span, word_span};
use crate::diagnostics::{codes, Diagnostic};
use crate::syntax::ast::{
    Block, Clause, ClauseKind, Journey, JourneyEntry, Policy, Span, Step, StepKind,
};
use std::collections::HashSet;

/// The word a clause starts with, and its name in messages.
fn clause_words(kind: &ClauseKind) -> (&'static str, &'static str) {
    match kind {
        ClauseKind::When(_) => ("when", "when"),
        ClauseKind::Audience(_) => ("audience", "audience"),
        ClauseKind::ExitWhen(_) => ("exit", "exit when"),
        ClauseKind::Reentry(_) => ("reentry", "reentry"),
        ClauseKind::Limit(_) => ("limit", "limit"),
        ClauseKind::QuietHours(_) => ("quiet", "quiet hours"),
        ClauseKind::Budget(_) => ("budget", "budget"),
        ClauseKind::Timezone(_) => ("timezone", "timezone"),
        ClauseKind::Transactional => ("transactional", "transactional"),
        ClauseKind::ExitIf(_) => ("exit", "exit if"),
        // A trait trigger is a `when` like any other: several `when` lines mean any of them.
        ClauseKind::WhenChanges(_) => ("when", "when"),
        ClauseKind::Key(_) => ("key", "key"),
        ClauseKind::Holdout(_) => ("holdout", "holdout"),
        ClauseKind::Topic(_) => ("topic", "topic"),
        ClauseKind::DefaultLocale(_) => ("default", "default locale"),
    }
}

fn keyword_span(c: &Clause) -> Span {
    word_span(c.span.start, clause_words(&c.kind).0)
}

/// Does every path through this step end the run?
fn always_stops(step: &Step) -> bool {
    match &step.kind {
        StepKind::Stop => true,
        StepKind::If { branches, otherwise } => {
            otherwise.as_ref().is_some_and(block_stops)
                && branches.iter().all(|(_, b)| block_stops(b))
        }
        StepKind::Split(arms) => !arms.is_empty() && arms.iter().all(|a| block_stops(&a.body)),
        StepKind::WaitFor { body, timeout, .. } => {
            block_stops(body) && timeout.as_ref().is_some_and(block_stops)
        }
        StepKind::Send(_)
        | StepKind::Wait(_)
        | StepKind::WaitUntil(_)
        | StepKind::Set { .. }
        | StepKind::Unknown(_) => false,
        StepKind::WaitUntilDays { .. } | StepKind::WaitUntilExpr(_) => false,
        StepKind::Digest(_) => false,
    }
}

fn block_stops(b: &Block) -> bool {
    b.steps.iter().any(always_stops)
}

#[derive(Default)]
pub(crate) struct Structure {
    pub(crate) diags: Vec<Diagnostic>,
    policies: usize,
    journey_ids: HashSet<String>,
}

impl Structure {
    /// E0301 for the first step after one that always stops, once per list of steps.
    fn unreachable<'s>(&mut self, steps: impl IntoIterator<Item = &'s Step>) {
        let mut ended = false;
        for step in steps {
            if ended {
                self.diags.push(
                    Diagnostic::error(
                        codes::UNREACHABLE,
                        step_keyword_span(step),
                        "this step never runs: every path before it ends with `stop`",
                    )
                    .with_help("remove it, or move it before the `stop`"),
                );
                return;
            }
            ended = always_stops(step);
        }
    }

    fn duplicate_clause(&mut self, c: &Clause) {
        let (_, name) = clause_words(&c.kind);
        let help = match c.kind {
            ClauseKind::Audience(_) => "combine the conditions with `and` in one `audience`",
            _ => "keep only one of them",
        };
        self.diags.push(
            Diagnostic::error(
                codes::DUPLICATE_CLAUSE,
                keyword_span(c),
                format!("`{name}` is given more than once"),
            )
            .with_help(help),
        );
    }

    fn journey_clauses(&mut self, j: &Journey) {
        let mut seen_step = false;
        let mut seen: Vec<&'static str> = Vec::new();
        for entry in &j.body {
            let c = match entry {
                JourneyEntry::Step(_) => {
                    seen_step = true;
                    continue;
                }
                JourneyEntry::Clause(c) => c,
            };
            let (_, name) = clause_words(&c.kind);
            if matches!(c.kind, ClauseKind::DefaultLocale(_)) {
                self.diags.push(
                    Diagnostic::error(
                        codes::CLAUSE_NOT_ALLOWED,
                        keyword_span(c),
                        "`default locale` is only allowed in `policy`",
                    )
                    .with_help("put it in `policy { }`: it applies to every message of the file"),
                );
                continue;
            }
            if matches!(c.kind, ClauseKind::Timezone(_)) {
                self.diags.push(
                    Diagnostic::error(
                        codes::CLAUSE_NOT_ALLOWED,
                        keyword_span(c),
                        "`timezone` is only allowed in `policy`",
                    )
                    .with_help(
                        "put it in `policy { }`; a journey uses each profile's own time zone",
                    ),
                );
                continue;
            }
            if seen_step {
                self.diags.push(
                    Diagnostic::error(
                        codes::CLAUSE_AFTER_STEP,
                        keyword_span(c),
                        format!("`{name}` must come before the first step"),
                    )
                    .with_help("move it to the top of the journey, with the other header clauses"),
                );
            }
            // Several `exit when` and `exit if` are allowed (SPEC §6): any of them ends a run.
            let repeatable = matches!(
                c.kind,
                ClauseKind::When(_)
                    | ClauseKind::WhenChanges(_)
                    | ClauseKind::Limit(_)
                    | ClauseKind::ExitWhen(_)
                    | ClauseKind::ExitIf(_)
            );
            if !seen.contains(&name) {
                seen.push(name); // at most one entry per kind of clause
            } else if !repeatable {
                self.duplicate_clause(c);
            }
        }
        let label = match j.id.as_plain() {
            Some(id) => format!("journey `{id}`"),
            None => "this journey".to_string(),
        };
        // A misspelt `when` (`wen event "X"`) is already reported as an unknown word: saying
        // the trigger is missing too would be the same mistake twice.
        let misspelt_when = j.steps().any(|s| {
            matches!(&s.kind, StepKind::Unknown(w)
                if crate::diagnostics::did_you_mean(&w.name, ["when"]).is_some())
        });
        if !seen.contains(&"when") && !misspelt_when {
            self.diags.push(
                Diagnostic::error(
                    codes::MISSING_TRIGGER,
                    j.id.span,
                    format!("{label} has no `when` clause, so nothing can start it"),
                )
                .with_help("add a trigger such as `when event \"Signed Up\"` at the top"),
            );
        }
        if j.steps().next().is_none() {
            self.diags.push(
                Diagnostic::error(codes::NO_STEPS, j.id.span, format!("{label} has no steps"))
                    .with_help("add at least one step, such as `send email template \"welcome\"`"),
            );
        }
    }
}

impl<'a> Visitor<'a> for Structure {
    fn policy(&mut self, p: &'a Policy) {
        self.policies += 1;
        if self.policies > 1 {
            self.diags.push(
                Diagnostic::error(
                    codes::DUPLICATE_POLICY,
                    word_span(p.span.start, "policy"),
                    "a file has at most one `policy`",
                )
                .with_help("merge the clauses into the first `policy { }`"),
            );
        }
        let mut seen: Vec<&'static str> = Vec::new();
        for c in &p.clauses {
            let (_, name) = clause_words(&c.kind);
            match c.kind {
                // Several topics, one line each (`check/messages.rs` rejects a name twice).
                ClauseKind::Limit(_) | ClauseKind::Topic(_) => {}
                ClauseKind::QuietHours(_)
                | ClauseKind::Timezone(_)
                | ClauseKind::DefaultLocale(_) => {
                    if seen.contains(&name) {
                        self.duplicate_clause(c);
                    } else {
                        seen.push(name);
                    }
                }
                _ => self.diags.push(
                    Diagnostic::error(
                        codes::CLAUSE_NOT_ALLOWED,
                        keyword_span(c),
                        format!("`{name}` is not allowed in `policy`"),
                    )
                    .with_help(format!(
                        "`policy` takes `limit`, `quiet hours`, `timezone`, `topic` and \
                         `default locale`; put `{name}` in a journey"
                    )),
                ),
            }
        }
    }

    fn journey(&mut self, j: &'a Journey) {
        if let Some(id) = j.id.as_plain() {
            if !self.journey_ids.insert(id.clone()) {
                self.diags.push(
                    Diagnostic::error(
                        codes::DUPLICATE_JOURNEY,
                        j.id.span,
                        format!("there is already a journey \"{id}\""),
                    )
                    .with_help("journey ids must be unique in a file: rename one"),
                );
            }
        }
        self.journey_clauses(j);
        self.unreachable(j.steps());
    }

    fn step(&mut self, s: &'a Step) {
        if let StepKind::Split(arms) = &s.kind {
            if arms.is_empty() {
                self.diags.push(
                    Diagnostic::error(
                        codes::EMPTY_BLOCK,
                        word_span(s.span.start, "split"),
                        "this split has no arms",
                    )
                    .with_help("add arms such as `50% { ... }` that add up to 100%"),
                );
            }
        }
    }

    fn block(&mut self, b: &'a Block, kind: BlockKind) {
        if b.steps.is_empty() {
            let (what, help) = match kind {
                BlockKind::If => (
                    "this `if` block is empty",
                    "add the steps to run when the condition holds, or negate the condition",
                ),
                BlockKind::Else => (
                    "this `else` block is empty",
                    "remove `else { }`: without it the run goes on after the `if`",
                ),
                BlockKind::SplitArm => {
                    ("this split arm is empty", "for a group that gets nothing write `{ stop }`")
                }
                BlockKind::WaitForBody => (
                    "this `wait for` block is empty",
                    "add the steps to run when the event arrives",
                ),
                BlockKind::Timeout => (
                    "this `timeout` block is empty",
                    "remove `timeout { }`: without it the run goes on after the `wait for`",
                ),
            };
            self.diags.push(Diagnostic::error(codes::EMPTY_BLOCK, b.span, what).with_help(help));
        }
        self.unreachable(&b.steps);
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{check_src, expect_at, journey, with_code};
    use crate::diagnostics::codes;

    #[test]
    fn unreachable_after_stop_once_per_block() {
        let src = journey("  send sms \"a\"\n  stop\n  wait 1 day\n  send sms \"b\"");
        let d = check_src(&src);
        expect_at(&src, &d, codes::UNREACHABLE, "wait", 0);
        let src = journey(
            "  if profile.a == 1 { send sms \"z\" } else { send sms \"x\"\n stop\n send email \"y\" }\n  send sms \"b\"",
        );
        let d = check_src(&src);
        expect_at(&src, &d, codes::UNREACHABLE, "send", 2);
    }

    #[test]
    fn unreachable_after_branches_that_all_stop() {
        let src = journey(
            "  if profile.a == 1 { stop } else if profile.a == 2 { send sms \"x\"\n stop } else { stop }\n  send sms \"b\"",
        );
        let d = check_src(&src);
        expect_at(&src, &d, codes::UNREACHABLE, "send", 1);
        let src = journey("  split {\n    50% { stop }\n    50% { stop }\n  }\n  send sms \"b\"");
        let d = check_src(&src);
        expect_at(&src, &d, codes::UNREACHABLE, "send", 0);
        // without `else` the run may go on
        let src = journey("  if profile.a == 1 { stop }\n  send sms \"b\"");
        assert!(with_code(&check_src(&src), codes::UNREACHABLE).is_empty());
        // a wait for without timeout goes on after the block on timeout
        let src = journey("  wait for event \"x\" within 1 day { stop }\n  send sms \"b\"");
        assert!(with_code(&check_src(&src), codes::UNREACHABLE).is_empty());
        let src = journey(
            "  wait for event \"x\" within 1 day { stop } timeout { stop }\n  send sms \"b\"",
        );
        let d = check_src(&src);
        expect_at(&src, &d, codes::UNREACHABLE, "send", 0);
    }

    #[test]
    fn empty_blocks() {
        let cases = [
            ("  if profile.a == 1 { }\n  send sms \"a\"", "{ }"),
            ("  if profile.a == 1 { stop } else {}\n  send sms \"a\"", "{}"),
            ("  split {\n    50% { }\n    50% { stop }\n  }", "{ }"),
            ("  wait for event \"x\" within 1 day { }", "{ }"),
            ("  wait for event \"x\" within 1 day { send sms \"a\" } timeout {  }", "{  }"),
            ("  split { }", "split"),
        ];
        for (steps, at) in cases {
            let src = journey(steps);
            let d = check_src(&src);
            expect_at(&src, &d, codes::EMPTY_BLOCK, at, 0);
        }
    }

    #[test]
    fn journey_shape() {
        let src = "journey \"a\" {\n  send sms \"x\"\n}\njourney \"b\" {\n  when event \"E\"\n}\n";
        let d = check_src(src);
        let e = expect_at(src, &d, codes::MISSING_TRIGGER, "\"a\"", 0);
        assert_eq!(e.message, "journey `a` has no `when` clause, so nothing can start it");
        expect_at(src, &d, codes::NO_STEPS, "\"b\"", 0);
    }

    #[test]
    fn duplicate_journey_ids() {
        let src = format!("{}{}", journey("  send sms \"a\""), journey("  send sms \"b\""));
        let d = check_src(&src);
        expect_at(&src, &d, codes::DUPLICATE_JOURNEY, "\"j\"", 1);
    }

    #[test]
    fn header_clauses() {
        let src = journey(
            "  audience profile.a == 1\n  when event \"F\"\n  audience profile.b == 1\n  limit 1 messages per 1 day\n  limit 1 sms per 1 day\n  send sms \"a\"\n  budget $1 per entry\n  timezone \"UTC\"",
        );
        let d = check_src(&src);
        expect_at(&src, &d, codes::DUPLICATE_CLAUSE, "audience", 1);
        expect_at(&src, &d, codes::CLAUSE_AFTER_STEP, "budget", 0);
        let e = expect_at(&src, &d, codes::CLAUSE_NOT_ALLOWED, "timezone", 0);
        assert_eq!(e.message, "`timezone` is only allowed in `policy`");
    }

    #[test]
    fn policy_rules() {
        let src = format!(
            "policy {{\n  quiet hours 21:00 to 08:00\n  quiet hours 22:00 to 07:00\n  audience profile.a == 1\n  limit 5 messages per 7 days\n  limit 1 sms per 1 day\n}}\npolicy {{\n  timezone \"UTC\"\n}}\n{}",
            journey("  send sms \"a\"")
        );
        let d = check_src(&src);
        expect_at(&src, &d, codes::DUPLICATE_CLAUSE, "quiet", 1);
        let e = expect_at(&src, &d, codes::CLAUSE_NOT_ALLOWED, "audience", 0);
        assert_eq!(e.message, "`audience` is not allowed in `policy`");
        expect_at(&src, &d, codes::DUPLICATE_POLICY, "policy", 1);
    }
}
