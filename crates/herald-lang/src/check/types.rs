//! Literal types: E0201 when the two sides of an operator, a function argument or a condition
//! hold values whose types are known and can never work together (`"a" > 3`, `lower(3)`,
//! `if 3 { }`); W0002 for conditions that are constants; W0004 for a `??` whose left side is
//! never missing.
//!
//! The inference is deliberately modest, so that it is sound: paths and segments are of unknown
//! type, and only types that follow from literals, operators and functions produce errors. A
//! value that may also be *missing* (the result of `days_since`, `x + 1`) counts as its type:
//! missing makes every comparison false anyway, so a mismatch with it is still always false.

use super::walk::{Position, Visitor};
use crate::diagnostics::{codes, Diagnostic};
use crate::syntax::ast::{BinaryOp, Expr, ExprKind, Ident, StringLit, UnaryOp};

/// The static type of an expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ty {
    /// A path, a segment, or anything the checker cannot know.
    Unknown,
    Number,
    Text,
    Bool,
    /// `now`: an instant, comparable with ISO-8601 text.
    Instant,
    List(Elem),
    /// `3 days`: only added to or subtracted from a time.
    Duration,
}

/// The type of a list's elements when they all agree, else `Any`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Elem {
    Any,
    Number,
    Text,
    Bool,
    Instant,
    List,
}

impl Elem {
    fn of(ty: Ty) -> Elem {
        match ty {
            Ty::Unknown => Elem::Any,
            Ty::Number => Elem::Number,
            Ty::Text => Elem::Text,
            Ty::Bool => Elem::Bool,
            Ty::Instant => Elem::Instant,
            Ty::List(_) => Elem::List,
            Ty::Duration => Elem::Any,
        }
    }
    fn ty(self) -> Ty {
        match self {
            Elem::Any => Ty::Unknown,
            Elem::Number => Ty::Number,
            Elem::Text => Ty::Text,
            Elem::Bool => Ty::Bool,
            Elem::Instant => Ty::Instant,
            Elem::List => Ty::List(Elem::Any),
        }
    }
}

impl Ty {
    fn known(self) -> bool {
        self != Ty::Unknown
    }
    /// How a marketer would name it.
    fn describe(self) -> &'static str {
        match self {
            Ty::Unknown => "a value",
            Ty::Number => "a number",
            Ty::Text => "text",
            Ty::Bool => "true or false",
            Ty::Instant => "a time (`now`)",
            Ty::List(_) => "a list",
            Ty::Duration => "a duration",
        }
    }
}

/// Can `==` ever hold between the two? Text and instants compare (an ISO-8601 string is read
/// as an instant); lists compare with lists.
fn comparable(a: Ty, b: Ty) -> bool {
    match (a, b) {
        (Ty::Unknown, _) | (_, Ty::Unknown) => true,
        (Ty::Instant, Ty::Text) | (Ty::Text, Ty::Instant) => true,
        (Ty::List(_), Ty::List(_)) => true,
        _ => a == b,
    }
}

/// Can `<` ever hold between the two (both known)? Numbers with numbers, text with text,
/// instants with instants or ISO-8601 text.
fn orderable(a: Ty, b: Ty) -> bool {
    matches!(
        (a, b),
        (Ty::Number, Ty::Number)
            | (Ty::Text, Ty::Text)
            | (Ty::Instant, Ty::Instant)
            | (Ty::Instant, Ty::Text)
            | (Ty::Text, Ty::Instant)
    )
}

fn strip_parens(mut e: &Expr) -> &Expr {
    while let ExprKind::Paren(inner) = &e.kind {
        e = inner;
    }
    e
}

/// `and`, `or`, `not`: their operands are conditions of their own.
fn is_logic(e: &Expr) -> bool {
    matches!(
        e.kind,
        ExprKind::Binary { op: BinaryOp::And | BinaryOp::Or, .. }
            | ExprKind::Unary { op: UnaryOp::Not, .. }
    )
}

fn plain(s: &StringLit) -> bool {
    !s.has_interpolation()
}

/// Made of literals only: the same for every profile, event and time.
fn is_constant(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Number(_) | ExprKind::Bool(_) => true,
        ExprKind::String(s) => plain(s),
        ExprKind::List(items) => items.iter().all(is_constant),
        ExprKind::Unary { operand, .. } => is_constant(operand),
        ExprKind::Binary { lhs, rhs, .. } => is_constant(lhs) && is_constant(rhs),
        ExprKind::Exists(inner) | ExprKind::Paren(inner) => is_constant(inner),
        ExprKind::Now
        | ExprKind::Path(_)
        | ExprKind::Name(_)
        | ExprKind::Call { .. }
        | ExprKind::Count { .. }
        | ExprKind::Aggregate { .. } => false,
        ExprKind::Duration(_) => true,
    }
}

/// Never *missing*: a literal, or an operator that always yields true or false.
fn never_missing(e: &Expr) -> bool {
    match &strip_parens(e).kind {
        ExprKind::Number(_)
        | ExprKind::String(_)
        | ExprKind::Bool(_)
        | ExprKind::List(_)
        | ExprKind::Now
        | ExprKind::Exists(_) => true,
        ExprKind::Unary { op: UnaryOp::Not, .. } => true,
        ExprKind::Binary { op, .. } => op.is_comparison(),
        _ => false,
    }
}

#[derive(Default)]
pub(crate) struct Types {
    pub(crate) diags: Vec<Diagnostic>,
}

impl Types {
    fn mismatch(&mut self, span: crate::syntax::ast::Span, message: String) {
        self.diags.push(Diagnostic::error(codes::TYPE_MISMATCH, span, message));
    }

    /// An expression where only `true` holds.
    fn condition(&mut self, e: &Expr) {
        let inner = strip_parens(e);
        let before = self.diags.len();
        let ty = self.infer(inner);
        if is_logic(inner) {
            return;
        }
        // A constant condition that is already wrong needs no second message.
        let has_error = self.diags.iter().skip(before).any(Diagnostic::is_error);
        if ty.known() && ty != Ty::Bool && ty != Ty::Duration {
            let help = match ty {
                Ty::Text => "compare it with something, for example `profile.country == \"US\"`",
                Ty::Number => "compare it with something, for example `profile.score > 3`",
                _ => "write a comparison, `exists`, or a segment",
            };
            self.diags.push(
                Diagnostic::error(
                    codes::TYPE_MISMATCH,
                    inner.span,
                    format!(
                        "a condition must be true or false, but this is {}: it never holds",
                        ty.describe()
                    ),
                )
                .with_help(help),
            );
        } else if !has_error && is_constant(inner) {
            let message = match inner.kind {
                ExprKind::Bool(true) => "this condition is always true".to_string(),
                ExprKind::Bool(false) => "this condition is always false".to_string(),
                _ => "this condition is the same for everyone: it reads no profile, event or time"
                    .to_string(),
            };
            self.diags.push(
                Diagnostic::warning(codes::CONSTANT_CONDITION, inner.span, message)
                    .with_help("test a `profile.` or `event.` value, or remove the condition"),
            );
        }
    }

    fn infer(&mut self, e: &Expr) -> Ty {
        match &e.kind {
            ExprKind::Number(_) => Ty::Number,
            ExprKind::String(_) => Ty::Text,
            ExprKind::Bool(_) => Ty::Bool,
            ExprKind::Now => Ty::Instant,
            // `digest.count` is a number and `digest.events` a list (SPEC §6, second wave).
            ExprKind::Path(p) if p.root == crate::syntax::ast::PathRoot::Digest => {
                match p.segments.as_slice() {
                    [only] if only.key == "count" => Ty::Number,
                    [only] if only.key == "events" => Ty::List(Elem::Any),
                    _ => Ty::Unknown,
                }
            }
            ExprKind::Path(_) | ExprKind::Name(_) => Ty::Unknown,
            ExprKind::Count { .. } => Ty::Number,
            ExprKind::Duration(_) => Ty::Duration,
            ExprKind::Aggregate(a) => {
                let v = a.value.as_ref().map(|v| self.infer(v));
                match a.function.name.as_str() {
                    "last" => v.unwrap_or(Ty::Unknown),
                    _ => Ty::Number,
                }
            }
            ExprKind::Paren(inner) => self.infer(inner),
            ExprKind::Exists(inner) => {
                self.infer(inner);
                Ty::Bool
            }
            ExprKind::List(items) => {
                let mut elem: Option<Elem> = None;
                for item in items {
                    let t = Elem::of(self.infer(item));
                    elem = Some(match elem {
                        None => t,
                        Some(prev) if prev == t => prev,
                        Some(_) => Elem::Any,
                    });
                }
                Ty::List(elem.unwrap_or(Elem::Any))
            }
            ExprKind::Unary { op: UnaryOp::Not, operand } => {
                self.condition(operand);
                Ty::Bool
            }
            ExprKind::Unary { op: UnaryOp::Neg, operand } => {
                let t = self.infer(operand);
                if t.known() && t != Ty::Number {
                    self.mismatch(
                        operand.span,
                        format!("`-` needs a number, but this is {}", t.describe()),
                    );
                }
                Ty::Number
            }
            ExprKind::Binary { op, lhs, rhs } => self.binary(*op, lhs, rhs, e),
            ExprKind::Call { function, args } => self.call(function, args),
        }
    }

    fn binary(&mut self, op: BinaryOp, lhs: &Expr, rhs: &Expr, whole: &Expr) -> Ty {
        if matches!(op, BinaryOp::And | BinaryOp::Or) {
            self.condition(lhs);
            self.condition(rhs);
            return Ty::Bool;
        }
        let l = self.infer(lhs);
        let r = self.infer(rhs);
        if l == Ty::Duration || r == Ty::Duration {
            return self.shift(op, (lhs, l), (rhs, r));
        }
        let sym = op.symbol();
        match op {
            BinaryOp::And | BinaryOp::Or => Ty::Bool,
            BinaryOp::Coalesce => {
                if never_missing(lhs) {
                    self.diags.push(
                        Diagnostic::warning(
                            codes::FALLBACK_NEVER_USED,
                            lhs.span,
                            "this value is never missing, so the fallback after `??` is never used",
                        )
                        .with_help("put a `profile.` or `event.` value left of `??`"),
                    );
                    l
                } else if l == r {
                    l
                } else {
                    Ty::Unknown
                }
            }
            BinaryOp::Eq | BinaryOp::Ne => {
                if !comparable(l, r) {
                    let always = if op == BinaryOp::Eq { "false" } else { "true" };
                    self.mismatch(
                        whole.span,
                        format!(
                            "this compares {} with {}: `{sym}` is always {always}",
                            l.describe(),
                            r.describe()
                        ),
                    );
                }
                Ty::Bool
            }
            BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => {
                if l.known() && r.known() && !orderable(l, r) {
                    self.diags.push(
                        Diagnostic::error(
                            codes::TYPE_MISMATCH,
                            whole.span,
                            format!(
                                "{} and {} cannot be ordered: `{sym}` is always false",
                                l.describe(),
                                r.describe()
                            ),
                        )
                        .with_help("compare numbers with numbers, or text with text"),
                    );
                }
                Ty::Bool
            }
            BinaryOp::In => {
                match r {
                    Ty::List(elem) if !comparable(l, elem.ty()) => self.mismatch(
                        whole.span,
                        format!(
                            "{} is never in a list of {}: `in` is always false",
                            l.describe(),
                            plural_of(elem.ty())
                        ),
                    ),
                    Ty::Text if l.known() && l != Ty::Text => self.mismatch(
                        whole.span,
                        format!("{} is never in text: `in` is always false", l.describe()),
                    ),
                    Ty::List(_) | Ty::Text | Ty::Unknown => {}
                    _ => self.mismatch(
                        rhs.span,
                        format!("`in` needs a list on its right, but this is {}", r.describe()),
                    ),
                }
                Ty::Bool
            }
            BinaryOp::Contains => {
                match l {
                    Ty::Text if r.known() && r != Ty::Text => self.mismatch(
                        rhs.span,
                        format!(
                            "text can only contain text, but this is {}: `contains` is always false",
                            r.describe()
                        ),
                    ),
                    Ty::List(elem) if !comparable(r, elem.ty()) => self.mismatch(
                        whole.span,
                        format!(
                            "a list of {} never contains {}: `contains` is always false",
                            plural_of(elem.ty()),
                            r.describe()
                        ),
                    ),
                    Ty::List(_) | Ty::Text | Ty::Unknown => {}
                    _ => self.mismatch(
                        lhs.span,
                        format!(
                            "`contains` needs text or a list on its left, but this is {}",
                            l.describe()
                        ),
                    ),
                }
                Ty::Bool
            }
            BinaryOp::StartsWith | BinaryOp::EndsWith => {
                for (side, t) in [(lhs, l), (rhs, r)] {
                    if t.known() && t != Ty::Text {
                        self.mismatch(
                            side.span,
                            format!(
                                "`{sym}` needs text on both sides, but this is {}",
                                t.describe()
                            ),
                        );
                    }
                }
                Ty::Bool
            }
            BinaryOp::Add => {
                if l.known() && r.known() {
                    let fine = matches!((l, r), (Ty::Number, Ty::Number) | (Ty::Text, Ty::Text));
                    if !fine {
                        self.mismatch(
                            whole.span,
                            format!("`+` cannot add {} and {}", l.describe(), r.describe()),
                        );
                    }
                } else {
                    for (side, t) in [(lhs, l), (rhs, r)] {
                        if matches!(t, Ty::Bool | Ty::Instant | Ty::List(_)) {
                            self.mismatch(
                                side.span,
                                format!("`+` needs numbers, but this is {}", t.describe()),
                            );
                        }
                    }
                }
                match (l, r) {
                    (Ty::Number, Ty::Number | Ty::Unknown) | (Ty::Unknown, Ty::Number) => {
                        Ty::Number
                    }
                    _ => Ty::Unknown,
                }
            }
            BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div => {
                for (side, t) in [(lhs, l), (rhs, r)] {
                    if t.known() && t != Ty::Number {
                        self.mismatch(
                            side.span,
                            format!("`{sym}` needs numbers, but this is {}", t.describe()),
                        );
                    }
                }
                Ty::Number
            }
        }
    }

    /// `time ± duration` (SPEC §6): an instant. A duration anywhere else is E0404 (functions).
    fn shift(&mut self, op: BinaryOp, (lhs, l): (&Expr, Ty), (rhs, r): (&Expr, Ty)) -> Ty {
        let time = match (op, l, r) {
            (BinaryOp::Add | BinaryOp::Sub, _, Ty::Duration) => Some((lhs, l)),
            (BinaryOp::Add, Ty::Duration, _) => Some((rhs, r)),
            _ => None,
        };
        match time {
            Some((side, t)) if !matches!(t, Ty::Unknown | Ty::Text | Ty::Instant) => {
                self.diags.push(
                    Diagnostic::error(
                        codes::TYPE_MISMATCH,
                        side.span,
                        format!("a duration shifts a time, but this is {}", t.describe()),
                    )
                    .with_help("write `now + 3 days` or `profile.appointment_at - 2 hours`"),
                );
                Ty::Unknown
            }
            Some(_) => Ty::Instant,
            None => Ty::Unknown,
        }
    }

    /// Argument and result types from the one table of signatures (`check/functions.rs`).
    fn call(&mut self, function: &Ident, args: &[Expr]) -> Ty {
        let name = function.name.as_str();
        let tys: Vec<Ty> = args
            .iter()
            .enumerate()
            .map(|(i, a)| {
                if matches!(name, "any" | "all") && i == 1 {
                    self.condition(a);
                    Ty::Bool
                } else {
                    self.infer(a)
                }
            })
            .collect();
        let Some(sig) = super::functions::signature(name) else {
            return Ty::Unknown; // reported by `names`
        };
        if args.len() < sig.required || args.len() > sig.params.len() {
            return sig.returns; // reported by `names`
        }
        for ((param, arg), t) in sig.params.iter().zip(args).zip(&tys) {
            if !param.accepts(*t) {
                self.mismatch(
                    arg.span,
                    format!("`{name}` needs {}, but this is {}", param.describe(), t.describe()),
                );
            }
        }
        match (name, tys.as_slice()) {
            ("default", [a, b]) if a == b => *a,
            _ => sig.returns,
        }
    }
}

fn plural_of(ty: Ty) -> &'static str {
    match ty {
        Ty::Number => "numbers",
        Ty::Text => "texts",
        Ty::Bool => "true/false values",
        Ty::Instant => "times",
        Ty::List(_) => "lists",
        Ty::Unknown => "values",
        Ty::Duration => "durations",
    }
}

impl<'a> Visitor<'a> for Types {
    fn root(&mut self, e: &'a Expr, pos: Position) {
        match pos {
            Position::Condition => self.condition(e),
            Position::Value => {
                self.infer(e);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{check_src, expect_at, journey, with_code};
    use crate::diagnostics::codes;

    /// `if COND { send sms "a" }` in a journey.
    fn cond(c: &str) -> String {
        journey(&format!("  if {c} {{ send sms \"a\" }}"))
    }

    fn mismatch_at(c: &str, text: &str) -> String {
        let src = cond(c);
        let d = check_src(&src);
        expect_at(&src, &d, codes::TYPE_MISMATCH, text, 0).message.clone()
    }

    #[test]
    fn comparisons_of_incompatible_literals() {
        let m = mismatch_at("\"a\" > 3", "\"a\" > 3");
        assert_eq!(m, "text and a number cannot be ordered: `>` is always false");
        let src = cond("\"a\" > 3");
        assert!(with_code(&check_src(&src), codes::CONSTANT_CONDITION).is_empty());
        mismatch_at("profile.a == (1 == \"x\")", "1 == \"x\"");
        mismatch_at("5 in 3", "3");
        mismatch_at("5 in [\"a\", \"b\"]", "5 in [\"a\", \"b\"]");
        mismatch_at("\"x\" contains 1", "1");
        mismatch_at("3 contains profile.a", "3");
        mismatch_at("profile.a starts_with 3", "3");
        mismatch_at("now > 3", "now > 3");
    }

    #[test]
    fn arithmetic_needs_numbers() {
        mismatch_at("profile.a == 1 + \"x\"", "1 + \"x\"");
        mismatch_at("profile.a > true * 2", "true");
        mismatch_at("-\"x\" < profile.a", "\"x\"");
        mismatch_at("profile.a + [1] > 2", "[1]");
    }

    #[test]
    fn function_arguments() {
        let m = mismatch_at("lower(3) == \"a\"", "3");
        assert_eq!(m, "`lower` needs text, but this is a number");
        mismatch_at("days_since(5) > 1", "5");
        mismatch_at("len(true) > 1", "true");
        // the result type is known too
        mismatch_at("upper(profile.a) > 3", "upper(profile.a) > 3");
    }

    #[test]
    fn conditions_must_be_booleans() {
        mismatch_at("3", "3");
        mismatch_at("not \"x\"", "\"x\"");
        mismatch_at("profile.a == 1 and \"yes\"", "\"yes\"");
        let src = journey("  audience \"US\"\n  send sms \"a\"");
        let d = check_src(&src);
        expect_at(&src, &d, codes::TYPE_MISMATCH, "\"US\"", 0);
        let src = "segment s = 5\n".to_string() + &journey("  audience s\n  send sms \"a\"");
        let d = check_src(&src);
        expect_at(&src, &d, codes::TYPE_MISMATCH, "5", 0);
    }

    #[test]
    fn unknown_sides_are_never_errors() {
        for c in [
            "profile.a > 3",
            "profile.a == \"x\"",
            "profile.a in profile.b",
            "profile.tags contains \"vip\"",
            "profile.a + 1 > profile.b",
            "(profile.a ?? 0) + 1 > 2",
            "(profile.tier ?? \"none\") == \"none\"",
            "profile.day > now",
            "\"2026-01-01T00:00:00Z\" < now and profile.a exists",
            "days_since(profile.signup) > 30",
            "len(profile.tags) > 0",
            "profile.a in [1, \"x\"]",
            "count(event \"x\" within 1 day) > 3",
            "lower(profile.a ?? \"x\") == \"y\"",
            "\"a\" + \"b\" == profile.c",
        ] {
            let d = check_src(&cond(c));
            assert_eq!(d, vec![], "{c}");
        }
    }

    #[test]
    fn constant_conditions_warn() {
        let src = cond("true");
        let d = check_src(&src);
        let w = expect_at(&src, &d, codes::CONSTANT_CONDITION, "true", 0);
        assert!(!w.is_error());
        assert_eq!(w.message, "this condition is always true");
        let src = cond("profile.a == 1 or (1 < 2)");
        let d = check_src(&src);
        expect_at(&src, &d, codes::CONSTANT_CONDITION, "1 < 2", 0);
        assert!(
            with_code(&check_src(&cond("profile.a exists")), codes::CONSTANT_CONDITION).is_empty()
        );
    }

    #[test]
    fn coalesce_with_a_literal_left_side() {
        let src = journey("  send sms \"Hi {{ \"x\" ?? profile.name }}\"");
        let d = check_src(&src);
        let w = expect_at(&src, &d, codes::FALLBACK_NEVER_USED, "\"x\"", 0);
        assert!(!w.is_error());
    }

    #[test]
    fn interpolation_expressions_are_typed() {
        let src = journey("  send sms \"n = {{ 1 + \"x\" }}\"");
        let d = check_src(&src);
        expect_at(&src, &d, codes::TYPE_MISMATCH, "1 + \"x\"", 0);
    }
}
