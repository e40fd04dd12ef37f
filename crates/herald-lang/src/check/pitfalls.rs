//! Pitfalls: what parses but cannot mean what its writer wanted (SPEC §5 and §6, "Source").
//! - E0113: `null` (or `nil`, `undefined`, `None`): herald has no null; a missing value is
//!   tested with `exists`.
//! - E0320: an empty event name or journey id (`when event ""` matches no event a tracker sends).
//! - E0321: a file without journeys does nothing.
//! - W0010: `a ?? b != c` reads as `a ?? (b != c)`, since `??` binds loosest (as in JS); the
//!   warning shows both readings.

use super::walk::{StrRole, Visitor};
use crate::diagnostics::{codes, Diagnostic};
use crate::format::expr::expr as text;
use crate::syntax::ast::{BinaryOp, Expr, ExprKind, File, Item, Journey, Span, StringLit};
use std::collections::HashSet;

/// Words other languages use for "no value".
pub(crate) const NULL_WORDS: &[&str] = &["null", "nil", "undefined", "None", "NULL", "Nil"];

pub(crate) struct Pitfalls<'a> {
    pub(crate) diags: Vec<Diagnostic>,
    journeys: usize,
    /// `null`s already reported with the comparison they sit in.
    reported: HashSet<Span>,
    /// Segment names: a segment called `null` is the writer's own.
    segments: HashSet<&'a str>,
    tests_for: bool,
}

impl<'a> Pitfalls<'a> {
    pub(crate) fn new(file: &'a File) -> Self {
        let segments = file
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Segment(s) => Some(s.name.name.as_str()),
                _ => None,
            })
            .collect();
        let tests_for = file.items.iter().any(|i| matches!(i, Item::TestsFor(_)));
        Pitfalls { diags: Vec::new(), journeys: 0, reported: HashSet::new(), segments, tests_for }
    }

    fn null_word<'e>(&self, e: &'e Expr) -> Option<&'e str> {
        match &e.kind {
            ExprKind::Name(id)
                if NULL_WORDS.contains(&id.name.as_str())
                    && !self.segments.contains(id.name.as_str()) =>
            {
                Some(&id.name)
            }
            _ => None,
        }
    }

    /// E0321, once the whole file was seen.
    pub(crate) fn finish(mut self) -> Vec<Diagnostic> {
        // A file of tests apart (`tests for "FILE"`, docs/testing.md) has its journeys there.
        if self.journeys == 0 && !self.tests_for {
            self.diags.push(
                Diagnostic::error(
                    codes::NO_JOURNEYS,
                    Span::new(0, 0),
                    "the file has no journey, so it does nothing",
                )
                .with_help("add one: `journey \"welcome\" { when event \"Signed Up\" ... }`"),
            );
        }
        self.diags
    }

    fn comparison_with_null(&mut self, op: BinaryOp, value: &Expr, null: &Expr, word: &str) {
        let (message_op, help) = match op {
            BinaryOp::Eq => {
                ("==", format!("to test for a missing value, write `not {} exists`", text(value)))
            }
            _ => ("!=", format!("to test for a present value, write `{} exists`", text(value))),
        };
        self.reported.insert(null.span);
        self.diags.push(
            Diagnostic::error(
                codes::NO_NULL,
                null.span,
                format!(
                    "herald has no `{word}`: `{message_op} {word}` cannot test for a missing value"
                ),
            )
            .with_help(help),
        );
    }
}

impl<'a> Visitor<'a> for Pitfalls<'a> {
    fn journey(&mut self, _: &'a Journey) {
        self.journeys += 1;
    }

    fn string(&mut self, s: &'a StringLit, role: StrRole) {
        let what = match role {
            StrRole::EventName => "event name",
            StrRole::JourneyId => "journey id",
            _ => return,
        };
        if !s.parts.is_empty() && s.as_plain().is_none_or(|p| !p.trim().is_empty()) {
            return;
        }
        let help = match role {
            StrRole::EventName => {
                "write the event's name as your tracking sends it, such as `\"Signed Up\"`"
            }
            _ => "give the journey an id that says what it does, such as `\"welcome\"`",
        };
        self.diags.push(
            Diagnostic::error(codes::EMPTY_NAME, s.span, format!("the {what} is empty"))
                .with_help(help),
        );
    }

    fn expr(&mut self, e: &'a Expr) {
        match &e.kind {
            ExprKind::Binary { op: op @ (BinaryOp::Eq | BinaryOp::Ne), lhs, rhs } => {
                if let Some(word) = self.null_word(rhs) {
                    self.comparison_with_null(*op, lhs, rhs, word);
                } else if let Some(word) = self.null_word(lhs) {
                    self.comparison_with_null(*op, rhs, lhs, word);
                }
            }
            ExprKind::Binary { op: BinaryOp::Coalesce, lhs, rhs } => {
                let ExprKind::Binary { op, lhs: b, rhs: c } = &rhs.kind else { return };
                if !op.is_comparison() {
                    return;
                }
                let (a, b, c, op) = (text(lhs), text(b), text(c), op.symbol());
                self.diags.push(
                    Diagnostic::warning(
                        codes::COMPARISON_AFTER_COALESCE,
                        e.span,
                        format!(
                            "`??` binds looser than `{op}`: this reads as `{a} ?? ({b} {op} {c})`"
                        ),
                    )
                    .with_help(format!(
                        "to compare the value or its fallback, write `({a} ?? {b}) {op} {c}`; \
                         to keep this reading, write its parentheses"
                    )),
                );
            }
            ExprKind::Name(id)
                if self.null_word(e).is_some() && !self.reported.contains(&e.span) =>
            {
                let message =
                    format!("herald has no `{}`: a value that is absent is missing", id.name);
                self.diags.push(Diagnostic::error(codes::NO_NULL, e.span, message).with_help(
                    "test for it with `exists`: `profile.plan exists`, \
                         `not profile.plan exists`",
                ));
            }
            _ => {}
        }
    }
}
