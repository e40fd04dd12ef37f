//! Expressions and literals, always printed on one line. These functions depend only on the
//! tree (never on the source text), so a hand-built AST prints correctly too: parentheses are
//! added exactly where the grammar's precedence requires them.

use crate::syntax::ast::{
    Content, Duration, EventMatch, Expr, ExprKind, Money, Path, PathRoot, SendOption, StrPart,
    StringLit, UnaryOp,
};

/// Binding strength of `not` (between `and` and the comparisons).
const NOT_LEVEL: u8 = 4;
/// Binding strength of postfix `exists` (between the comparisons and `+`).
const EXISTS_LEVEL: u8 = 6;
/// Binding strength of unary `-` (the tightest operator).
const NEG_LEVEL: u8 = 9;
/// Literals, paths, names, calls, lists and parenthesized expressions.
const ATOM_LEVEL: u8 = 10;

/// How tightly the outermost operator of `e` binds; see `BinaryOp::precedence`.
fn level(e: &Expr) -> u8 {
    match &e.kind {
        ExprKind::Binary { op, .. } => op.precedence(),
        ExprKind::Unary { op: UnaryOp::Not, .. } => NOT_LEVEL,
        ExprKind::Unary { op: UnaryOp::Neg, .. } => NEG_LEVEL,
        ExprKind::Exists(_) => EXISTS_LEVEL,
        _ => ATOM_LEVEL,
    }
}

/// The canonical text of an expression.
pub(crate) fn expr(e: &Expr) -> String {
    let mut out = String::new();
    write_expr(&mut out, e);
    out
}

fn write_expr(out: &mut String, e: &Expr) {
    match &e.kind {
        ExprKind::Number(n) => out.push_str(&n.text),
        ExprKind::String(s) => write_string(out, s),
        ExprKind::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        ExprKind::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_expr(out, item);
            }
            out.push(']');
        }
        ExprKind::Now => out.push_str("now"),
        ExprKind::Path(p) => write_path(out, p),
        ExprKind::Name(id) => out.push_str(&id.name),
        ExprKind::Unary { op, operand } => {
            // `not` chains (`not not x`) and so does `-`; the operand of `not` is a comparison
            // or tighter, the operand of `-` is an atom or another `-`.
            let (symbol, min) = match op {
                UnaryOp::Not => ("not ", NOT_LEVEL),
                UnaryOp::Neg => ("-", NEG_LEVEL),
            };
            out.push_str(symbol);
            write_operand(out, operand, min);
        }
        ExprKind::Binary { op, lhs, rhs } => {
            let p = op.precedence();
            // Chains fold to the left, so the right operand must bind tighter; comparisons do
            // not chain at all, so neither side may be a comparison.
            let left_min = if op.is_comparison() { p + 1 } else { p };
            write_operand(out, lhs, left_min);
            out.push(' ');
            out.push_str(op.symbol());
            out.push(' ');
            write_operand(out, rhs, p + 1);
        }
        ExprKind::Exists(inner) => {
            write_operand(out, inner, EXISTS_LEVEL);
            out.push_str(" exists");
        }
        ExprKind::Call { function, args } => {
            out.push_str(&function.name);
            out.push('(');
            for (i, arg) in args.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_expr(out, arg);
            }
            out.push(')');
        }
        ExprKind::Count { event, within } => {
            out.push_str("count(");
            write_event_match(out, event);
            out.push_str(" within ");
            out.push_str(&duration(within));
            out.push(')');
        }
        ExprKind::Aggregate(a) => {
            out.push_str(&a.function.name);
            out.push('(');
            write_event_match(out, &a.event);
            out.push_str(" within ");
            out.push_str(&duration(&a.within));
            if let Some(v) = &a.value {
                out.push_str(", ");
                write_expr(out, v);
            }
            out.push(')');
        }
        ExprKind::Duration(d) => out.push_str(&duration(d)),
        ExprKind::Paren(inner) => {
            out.push('(');
            write_expr(out, inner);
            out.push(')');
        }
    }
}

/// Writes `e`, in parentheses when it binds more loosely than its position allows.
fn write_operand(out: &mut String, e: &Expr, min_level: u8) {
    if level(e) < min_level {
        out.push('(');
        write_expr(out, e);
        out.push(')');
    } else {
        write_expr(out, e);
    }
}

fn write_path(out: &mut String, p: &Path) {
    out.push_str(match p.root {
        PathRoot::Profile => "profile",
        PathRoot::Event => "event",
        PathRoot::Trigger => "trigger",
        PathRoot::Item => "item",
        PathRoot::Digest => "digest",
    });
    for seg in &p.segments {
        // The written form is kept; `.key` is only possible for a word.
        if seg.bracketed || !is_word(&seg.key) {
            out.push('[');
            write_quoted(out, &[StrPart::Text(seg.key.clone())]);
            out.push(']');
        } else {
            out.push('.');
            out.push_str(&seg.key);
        }
    }
}

/// `profile.KEY` (or `profile["KEY"]`) for the one-key trait of `set` and `changes`.
pub(crate) fn trait_path(seg: &crate::syntax::ast::PathSegment) -> String {
    let mut out = String::new();
    let p = Path { root: PathRoot::Profile, root_span: seg.span, segments: vec![seg.clone()] };
    write_path(&mut out, &p);
    out
}

/// `[A-Za-z_][A-Za-z0-9_]*`, what may follow a `.` in a path.
fn is_word(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `event "Name"` with its optional `where` condition.
pub(crate) fn event_match(e: &EventMatch) -> String {
    let mut out = String::new();
    write_event_match(&mut out, e);
    out
}

fn write_event_match(out: &mut String, e: &EventMatch) {
    out.push_str("event ");
    write_string(out, &e.name);
    if let Some(cond) = &e.condition {
        out.push_str(" where ");
        write_expr(out, cond);
    }
}

/// `1 day`, `2 days`: the unit is singular for exactly one, plural otherwise.
pub(crate) fn duration(d: &Duration) -> String {
    let plural = if d.amount == 1 { "" } else { "s" };
    format!("{} {}{}", d.amount, d.unit.singular(), plural)
}

/// `$0.05` or `0.05 EUR`, amount and code as written.
pub(crate) fn money(m: &Money) -> String {
    if m.dollar_sign {
        format!("${}", m.amount)
    } else {
        format!("{} {}", m.amount, m.currency)
    }
}

/// `sms "text"` or `email template "id"`.
pub(crate) fn send_option(o: &SendOption) -> String {
    let mut out = o.channel.name.clone();
    out.push(' ');
    match &o.content {
        Content::Text(s) => write_string(&mut out, s),
        Content::Template(s) => {
            out.push_str("template ");
            write_string(&mut out, s);
        }
        Content::Message(s) => {
            out.push_str("message ");
            write_string(&mut out, s);
        }
    }
    out
}

/// A string literal, escaped canonically, with `{{ expr }}` interpolations.
pub(crate) fn string(s: &StringLit) -> String {
    let mut out = String::new();
    write_string(&mut out, s);
    out
}

fn write_string(out: &mut String, s: &StringLit) {
    write_quoted(out, &s.parts);
}

fn write_quoted(out: &mut String, parts: &[StrPart]) {
    out.push('"');
    for (i, part) in parts.iter().enumerate() {
        match part {
            StrPart::Text(text) => {
                // A literal `{` right before another `{` (of the text or of an interpolation)
                // would open an interpolation, so it is written `\{`.
                let next_opens = matches!(parts.get(i + 1), Some(StrPart::Interp(_)))
                    || matches!(parts.get(i + 1), Some(StrPart::Text(t)) if t.starts_with('{'));
                write_text(out, text, next_opens);
            }
            StrPart::Interp(interp) => {
                out.push_str("{{ ");
                write_expr(out, &interp.expr);
                out.push_str(" }}");
            }
        }
    }
    out.push('"');
}

fn write_text(out: &mut String, text: &str, followed_by_brace: bool) {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '{' => {
                let brace_next = match chars.peek() {
                    Some(&next) => next == '{',
                    None => followed_by_brace,
                };
                out.push_str(if brace_next { "\\{" } else { "{" });
            }
            c if needs_unicode_escape(c) => {
                out.push_str(&format!("\\u{{{:X}}}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
}

/// Control characters, and the invisible formatting characters that can make text read
/// differently from what it is (bidirectional overrides, zero-width characters, the BOM).
fn needs_unicode_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{2069}'
                | '\u{FEFF}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::ast::{BinaryOp, Ident, Interpolation, Number, PathSegment, Span};

    fn e(kind: ExprKind) -> Expr {
        Expr { kind, span: Span::default() }
    }
    fn name(n: &str) -> Expr {
        e(ExprKind::Name(Ident { name: n.into(), span: Span::default() }))
    }
    fn bin(op: BinaryOp, l: Expr, r: Expr) -> Expr {
        e(ExprKind::Binary { op, lhs: Box::new(l), rhs: Box::new(r) })
    }
    fn un(op: UnaryOp, x: Expr) -> Expr {
        e(ExprKind::Unary { op, operand: Box::new(x) })
    }
    fn text(t: &str) -> StrPart {
        StrPart::Text(t.into())
    }
    fn lit(parts: Vec<StrPart>) -> StringLit {
        StringLit { parts, span: Span::default() }
    }

    #[test]
    fn hand_built_trees_get_the_parentheses_precedence_needs() {
        let (a, b, c) = (name("a"), name("b"), name("c"));
        let sub_right = bin(BinaryOp::Sub, a.clone(), bin(BinaryOp::Sub, b.clone(), c.clone()));
        assert_eq!(expr(&sub_right), "a - (b - c)");
        let sub_left = bin(BinaryOp::Sub, bin(BinaryOp::Sub, a.clone(), b.clone()), c.clone());
        assert_eq!(expr(&sub_left), "a - b - c");
        let cmp_chain = bin(BinaryOp::Eq, bin(BinaryOp::Lt, a.clone(), b.clone()), c.clone());
        assert_eq!(expr(&cmp_chain), "(a < b) == c");
        let not_and = un(UnaryOp::Not, bin(BinaryOp::And, a.clone(), b.clone()));
        assert_eq!(expr(&not_and), "not (a and b)");
        let not_cmp = un(UnaryOp::Not, bin(BinaryOp::Eq, a.clone(), b.clone()));
        assert_eq!(expr(&not_cmp), "not a == b");
        let cmp_not = bin(BinaryOp::Eq, un(UnaryOp::Not, a.clone()), b.clone());
        assert_eq!(expr(&cmp_not), "(not a) == b");
        let exists_sum = e(ExprKind::Exists(Box::new(bin(BinaryOp::Add, a.clone(), b.clone()))));
        assert_eq!(expr(&exists_sum), "a + b exists");
        let exists_cmp = e(ExprKind::Exists(Box::new(bin(BinaryOp::Gt, a.clone(), b.clone()))));
        assert_eq!(expr(&exists_cmp), "(a > b) exists");
        let neg_sum = un(UnaryOp::Neg, bin(BinaryOp::Add, a.clone(), b.clone()));
        assert_eq!(expr(&neg_sum), "-(a + b)");
        let neg_neg = un(UnaryOp::Neg, un(UnaryOp::Neg, a.clone()));
        assert_eq!(expr(&neg_neg), "--a");
        let mul_neg = bin(BinaryOp::Mul, a.clone(), un(UnaryOp::Neg, b.clone()));
        assert_eq!(expr(&mul_neg), "a * -b");
        let coalesce_or = bin(
            BinaryOp::Coalesce,
            bin(BinaryOp::Or, a.clone(), b.clone()),
            bin(BinaryOp::Coalesce, b.clone(), c.clone()),
        );
        assert_eq!(expr(&coalesce_or), "a or b ?? (b ?? c)");
        let and_or = bin(BinaryOp::And, bin(BinaryOp::Or, a.clone(), b), c);
        assert_eq!(expr(&and_or), "(a or b) and c");
        let paren = e(ExprKind::Paren(Box::new(a)));
        assert_eq!(expr(&paren), "(a)");
    }

    #[test]
    fn strings_are_escaped_canonically() {
        let s = lit(vec![text("a\"b\\c\nd\te\r\u{7}\u{202E}é😀")]);
        assert_eq!(string(&s), r#""a\"b\\c\nd\te\u{D}\u{7}\u{202E}é😀""#);
    }

    #[test]
    fn a_brace_before_a_brace_is_escaped() {
        assert_eq!(string(&lit(vec![text("{{x}} {")])), r#""\{{x}} {""#);
        assert_eq!(string(&lit(vec![text("{{{")])), r#""\{\{{""#);
        let interp = StrPart::Interp(Interpolation { expr: name("x"), span: Span::default() });
        assert_eq!(string(&lit(vec![text("a{"), interp.clone(), text("}")])), r#""a\{{{ x }}}""#);
        // Adjacent text parts (only in hand-built trees) are looked across too.
        assert_eq!(string(&lit(vec![text("{"), text("{")])), r#""\{{""#);
    }

    #[test]
    fn paths_keep_their_written_form() {
        let seg = |key: &str, bracketed| PathSegment {
            key: key.into(),
            bracketed,
            span: Span::default(),
        };
        let p = e(ExprKind::Path(Path {
            root: PathRoot::Profile,
            root_span: Span::default(),
            segments: vec![seg("a", false), seg("b", true), seg("c d", false)],
        }));
        assert_eq!(expr(&p), r#"profile.a["b"]["c d"]"#);
    }

    #[test]
    fn durations_and_numbers() {
        let d = |amount| Duration {
            amount,
            unit: crate::syntax::ast::DurationUnit::Day,
            span: Span::default(),
        };
        assert_eq!(duration(&d(1)), "1 day");
        assert_eq!(duration(&d(2)), "2 days");
        assert_eq!(duration(&d(0)), "0 days");
        assert_eq!(duration(&d(-1)), "-1 days");
        let n =
            e(ExprKind::Number(Number { value: 1.5, text: "01.50".into(), span: Span::default() }));
        assert_eq!(expr(&n), "01.50");
    }
}
