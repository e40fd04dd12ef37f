//! Expressions. The grammar gives an `expr` as a flat run `prefix* primary exists* (infix
//! prefix* primary exists*)*`; its pieces are collected as they match and folded by precedence
//! when the run ends (`fold`). Precedence lives in the fold, not in nested rules, so neither long
//! chains nor runs of `not` recurse; only brackets do, which the pre-scan bounds.
//!
//! Every node carries the depth of its tree, bounded by `MAX_EXPR_DEPTH` so that later recursive
//! passes (and dropping the tree) stay shallow. When a fold stops at a diagnostic (too deep, a
//! chained comparison), the pieces after that point were never built by the walk of pest's tree
//! this parser replaces: what their building said is taken back, so the diagnostics and their
//! order stay that walk's.

use super::super::ast::*;
use super::super::parser::MAX_EXPR_DEPTH;
use super::super::peg::{Atomicity, Rule as R, P};
use super::lit::{duration, number, spanned, string, word};
use super::{event_match, ident, ident_of, kw, ok, word_rule};
use crate::diagnostics::{codes, Diagnostic};

/// Expression plus the depth of its tree.
type Built = (Expr, usize);

/// `expr`: an expression whose depth starts again at 1 (a condition, an interpolation...).
pub(in crate::syntax) fn expr(p: &mut P) -> Option<Expr> {
    expr_depth(p).map(|(e, _)| e)
}

/// One piece of an `expr` run, with the number of diagnostics once it had matched.
enum Piece {
    Prefix(UnaryOp, usize),
    Operand(Built),
    Exists(usize),
    Infix(BinaryOp, Span),
}

fn expr_depth(p: &mut P) -> Option<Built> {
    p.rule(R::expr, |p| {
        let start = p.pos;
        let mut pieces: Vec<(Piece, usize)> = Vec::new();
        ok(operand(p, &mut pieces))?;
        p.skip();
        p.star(|p| {
            let n = pieces.len();
            let matched = p
                .seq(|p| {
                    let op = infix_op(p)?;
                    pieces.push((op, p.diags.len()));
                    p.skip();
                    ok(operand(p, &mut pieces))
                })
                .is_some();
            if !matched {
                pieces.truncate(n);
            }
            matched
        });
        let span = p.from(start);
        Some(fold(p, pieces, span))
    })
}

/// `prefix* primary exists*`, its pieces pushed onto `pieces` (none if it fails).
fn operand(p: &mut P, pieces: &mut Vec<(Piece, usize)>) -> bool {
    let n = pieces.len();
    let matched = p
        .seq(|p| {
            p.star(|p| {
                let start = p.pos;
                let op = if word_rule(p, R::op_not, "not").is_some() {
                    UnaryOp::Not
                } else if p.rule_ok(R::op_neg, |p| p.lit("-")) {
                    UnaryOp::Neg
                } else {
                    return false;
                };
                pieces.push((Piece::Prefix(op, start), p.diags.len()));
                true
            });
            p.skip();
            let built = primary(p)?;
            pieces.push((Piece::Operand(built), p.diags.len()));
            p.skip();
            p.star(|p| match word_rule(p, R::op_exists, "exists") {
                Some(s) => {
                    pieces.push((Piece::Exists(s.end), p.diags.len()));
                    true
                }
                None => false,
            });
            Some(())
        })
        .is_some();
    if !matched {
        pieces.truncate(n);
    }
    matched
}

fn infix_op(p: &mut P) -> Option<Piece> {
    let start = p.pos;
    let op = if p.rule_ok(R::op_coalesce, |p| p.lit("??")) {
        BinaryOp::Coalesce
    } else if word_rule(p, R::op_or, "or").is_some() {
        BinaryOp::Or
    } else if word_rule(p, R::op_and, "and").is_some() {
        BinaryOp::And
    } else if p.rule_ok(R::op_cmp, |p| {
        ["==", "!=", "<=", ">=", "<", ">"].into_iter().any(|op| p.lit(op))
            || p.word_of(&["in", "contains", "starts_with", "ends_with"])
    }) {
        match p.text(p.from(start)) {
            "==" => BinaryOp::Eq,
            "!=" => BinaryOp::Ne,
            "<" => BinaryOp::Lt,
            "<=" => BinaryOp::Le,
            ">" => BinaryOp::Gt,
            ">=" => BinaryOp::Ge,
            "in" => BinaryOp::In,
            "contains" => BinaryOp::Contains,
            "starts_with" => BinaryOp::StartsWith,
            _ => BinaryOp::EndsWith,
        }
    } else if p.rule_ok(R::op_add, |p| p.lit("+") || p.lit("-")) {
        if p.text(p.from(start)) == "+" {
            BinaryOp::Add
        } else {
            BinaryOp::Sub
        }
    } else if p.rule_ok(R::op_mul, |p| p.lit("*") || p.lit("/")) {
        if p.text(p.from(start)) == "*" {
            BinaryOp::Mul
        } else {
            BinaryOp::Div
        }
    } else {
        return None;
    };
    Some(Piece::Infix(op, p.from(start)))
}

/// A primary rule whose node has depth 1 and the rule's span (one shell for all).
#[inline(never)]
fn leaf(p: &mut P, rule: R, f: fn(&mut P) -> Option<ExprKind>) -> Option<Built> {
    p.rule(rule, |p| {
        let start = p.pos;
        let kind = f(p)?;
        Some((Expr { kind, span: p.from(start) }, 1))
    })
}

/// `expr ~ ("," ~ expr)*` (the items of a list, the arguments of a call): the expressions and
/// the depth of their parent.
fn expr_list(p: &mut P) -> Option<(Vec<Expr>, usize)> {
    let mut depth = 1;
    let mut add = |(e, d): Built| {
        depth = depth.max(d + 1);
        e
    };
    let mut items = vec![add(expr_depth(p)?)];
    p.skip();
    items.extend(
        p.many(|p| {
            p.seq(|p| {
                p.sym(",")?;
                p.skip();
                expr_depth(p)
            })
        })
        .into_iter()
        .map(&mut add),
    );
    Some((items, depth))
}

fn primary(p: &mut P) -> Option<Built> {
    leaf(p, R::expr_duration, |p| duration(p).map(ExprKind::Duration))
        .or_else(|| {
            let n = number(p)?;
            Some((Expr { span: n.span, kind: ExprKind::Number(n) }, 1))
        })
        .or_else(|| {
            let s = string(p)?;
            Some((Expr { span: s.span, kind: ExprKind::String(s) }, 1))
        })
        .or_else(|| {
            p.rule(R::list, |p| {
                let start = p.pos;
                p.sym("[")?;
                p.skip();
                let items = p.seq(|p| {
                    let items = expr_list(p)?;
                    p.skip();
                    p.lit(",");
                    Some(items)
                });
                p.skip();
                p.sym("]")?;
                let (items, depth) = items.unwrap_or((Vec::new(), 1));
                Some((Expr { kind: ExprKind::List(items), span: p.from(start) }, depth))
            })
        })
        .or_else(|| {
            p.rule(R::paren, |p| {
                let start = p.pos;
                p.sym("(")?;
                p.skip();
                let (inner, d) = expr_depth(p)?;
                p.skip();
                p.sym(")")?;
                Some((Expr { kind: ExprKind::Paren(Box::new(inner)), span: p.from(start) }, d + 1))
            })
        })
        .or_else(|| {
            p.rule(R::count_call, |p| {
                let start = p.pos;
                kw(p, "count")?;
                p.skip();
                p.sym("(")?;
                p.skip();
                let event = event_match(p)?;
                p.skip();
                kw(p, "within")?;
                p.skip();
                let within = duration(p)?;
                p.skip();
                p.sym(")")?;
                Some((Expr { kind: ExprKind::Count { event, within }, span: p.from(start) }, 2))
            })
        })
        .or_else(|| aggregate(p))
        .or_else(|| {
            p.rule(R::call, |p| {
                let start = p.pos;
                let function = ident_of(p, ident)?;
                p.skip();
                p.sym("(")?;
                p.skip();
                let args = p.seq(expr_list);
                p.skip();
                p.sym(")")?;
                let (args, depth) = args.unwrap_or((Vec::new(), 1));
                Some((Expr { kind: ExprKind::Call { function, args }, span: p.from(start) }, depth))
            })
        })
        .or_else(|| {
            leaf(p, R::boolean, |p| {
                let start = p.pos;
                ok(p.word_of(&["true", "false"]))?;
                Some(ExprKind::Bool(p.text(p.from(start)) == "true"))
            })
        })
        .or_else(|| {
            let span = word_rule(p, R::now, "now")?;
            Some((Expr { kind: ExprKind::Now, span }, 1))
        })
        .or_else(|| {
            leaf(p, R::path, |p| {
                let root_span = spanned(p, |p| {
                    p.rule_ok(R::path_root, |p| {
                        p.word_of(&["profile", "event", "trigger", "digest"])
                    })
                })?;
                let root = match p.text(root_span) {
                    "event" => PathRoot::Event,
                    "trigger" => PathRoot::Trigger,
                    "digest" => PathRoot::Digest,
                    _ => PathRoot::Profile,
                };
                p.skip();
                let mut segments = vec![path_segment(p)?];
                p.skip();
                segments.extend(p.many(path_segment));
                Some(ExprKind::Path(Path { root, root_span, segments }))
            })
        })
        .or_else(|| {
            leaf(p, R::item_path, |p| {
                let root_span = word_rule(p, R::item_root, "item")?;
                p.skip();
                let segments = p.many(path_segment);
                Some(ExprKind::Path(Path { root: PathRoot::Item, root_span, segments }))
            })
        })
        .or_else(|| {
            let span = spanned(p, |p| p.rule_ok(R::name, |p| ident(p).is_some()))?;
            Some((Expr { kind: ExprKind::Name(p.ident(span)), span }, 1))
        })
}

/// `sum(event "Name" [where c] within D, value)` and its siblings (SPEC §6).
fn aggregate(p: &mut P) -> Option<Built> {
    p.rule(R::agg_call, |p| {
        let start = p.pos;
        let function = spanned(p, |p| {
            p.rule_ok(R::agg_fn, |p| p.word_of(&["sum", "min", "max", "avg", "last"]))
        })?;
        let function = p.ident(function);
        p.skip();
        p.sym("(")?;
        p.skip();
        let event = event_match(p)?;
        p.skip();
        kw(p, "within")?;
        p.skip();
        let within = duration(p)?;
        p.skip();
        let value = p.seq(|p| {
            p.sym(",")?;
            p.skip();
            expr_depth(p)
        });
        p.skip();
        p.sym(")")?;
        let (value, depth) = match value {
            Some((e, d)) => (Some(e), d + 1),
            None => (None, 2),
        };
        let call = AggregateCall { function, event, within, value };
        Some((
            Expr { kind: ExprKind::Aggregate(Box::new(call)), span: p.from(start) },
            depth.max(2),
        ))
    })
}

/// `.name` or `["key"]` (a key with `{{ }}` is a diagnostic: a path is not a template).
pub(in crate::syntax) fn path_segment(p: &mut P) -> Option<PathSegment> {
    fn spaces(p: &mut P) {
        while matches!(p.peek(), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            p.pos += 1;
        }
    }
    p.atomic(Atomicity::Compound, |p| {
        p.rule(R::path_segment, |p| {
            let start = p.pos;
            let dotted = p.seq(|p| {
                p.sym(".")?;
                spaces(p);
                word(p)
            });
            if let Some(w) = dotted {
                let key = p.text(w).to_string();
                return Some(PathSegment { key, bracketed: false, span: p.from(start) });
            }
            let lit = p.seq(|p| {
                p.sym("[")?;
                spaces(p);
                let lit = string(p)?;
                spaces(p);
                p.sym("]")?;
                Some(lit)
            })?;
            let key = match lit.as_plain() {
                Some(k) => k,
                None => {
                    p.diags.push(Diagnostic::error(
                        codes::INTERPOLATION_NOT_ALLOWED,
                        lit.span,
                        "`{{ }}` is only allowed in send content",
                    ));
                    String::new()
                }
            };
            Some(PathSegment { key, bracketed: true, span: p.from(start) })
        })
    })
}

/// Applies precedence to an `expr`'s pieces (shunting-yard): operators wait on a heap stack,
/// and the depth of every node is checked as it is made. On a diagnostic the fold stops, and the
/// diagnostics of the pieces after the one it stopped at are dropped (see the module's comment).
fn fold(p: &mut P, pieces: Vec<(Piece, usize)>, span: Span) -> Built {
    let mut f = Fold { operands: Vec::new(), ops: Vec::new(), span };
    let all = p.diags.len();
    for (piece, mark) in pieces {
        let stop = |p: &mut P, d: Option<Diagnostic>| {
            p.diags.truncate(mark);
            p.diags.extend(d);
            failed(span)
        };
        let op = match piece {
            Piece::Prefix(op, start) => PendingOp::Prefix(op, start),
            Piece::Exists(end) => {
                // Postfix: first finish what binds tighter (`a + b exists`, `-a exists`).
                if let Err(d) = f.reduce_while(p, mark, EXISTS_PRECEDENCE + 1) {
                    return stop(p, d);
                }
                let Some((operand, depth)) = f.operands.pop() else { return stop(p, None) };
                let depth = depth + 1;
                if let Err(d) = depth_ok(p, depth, span, mark) {
                    return stop(p, d);
                }
                let s = Span::new(operand.span.start, end);
                f.operands
                    .push((Expr { kind: ExprKind::Exists(Box::new(operand)), span: s }, depth));
                continue;
            }
            Piece::Infix(op, op_span) => {
                let prec = op.precedence();
                // Left associative: an operator of the same level on the stack goes first.
                if let Err(d) = f.reduce_while(p, mark, prec) {
                    return stop(p, d);
                }
                PendingOp::Infix(op, op_span)
            }
            Piece::Operand(built) => {
                if built.1 > MAX_EXPR_DEPTH {
                    return stop(p, None);
                }
                f.operands.push(built);
                continue;
            }
        };
        f.ops.push(op);
    }
    if let Err(d) = f.reduce_while(p, all, 0) {
        p.diags.extend(d);
        return failed(span);
    }
    match (f.operands.pop(), f.operands.is_empty()) {
        (Some(built), true) => built,
        _ => failed(span),
    }
}

struct Fold {
    operands: Vec<Built>,
    ops: Vec<PendingOp>,
    span: Span,
}

impl Fold {
    /// Pops and applies pending operators while their precedence is at least `min`. An error
    /// (too deep, chained comparison) stops the fold with its diagnostic, if it says one.
    /// `mark`: the diagnostics that exist at this point of the walk. (One copy: not generic,
    /// not inlined into its three callers.)
    #[inline(never)]
    fn reduce_while(&mut self, p: &P, mark: usize, min: u8) -> Result<(), Option<Diagnostic>> {
        while let Some(top) = self.ops.last() {
            if top.precedence() < min {
                break;
            }
            let Some(op) = self.ops.pop() else { break };
            let built = match op {
                PendingOp::Prefix(op, start) => {
                    let Some((operand, depth)) = self.operands.pop() else { return Err(None) };
                    let s = Span::new(start, operand.span.end);
                    (
                        Expr { kind: ExprKind::Unary { op, operand: Box::new(operand) }, span: s },
                        depth + 1,
                    )
                }
                PendingOp::Infix(op, op_span) => {
                    let (Some((rhs, rd)), Some((lhs, ld))) =
                        (self.operands.pop(), self.operands.pop())
                    else {
                        return Err(None);
                    };
                    if op.is_comparison() && is_bare_comparison(&lhs) {
                        return Err(Some(
                            Diagnostic::error(
                                codes::SYNTAX,
                                op_span,
                                format!(
                                    "comparisons do not chain: `{}` follows another comparison",
                                    op.symbol()
                                ),
                            )
                            .with_help("join the two comparisons with `and`"),
                        ));
                    }
                    let s = lhs.span.to(rhs.span);
                    let kind = ExprKind::Binary { op, lhs: Box::new(lhs), rhs: Box::new(rhs) };
                    (Expr { kind, span: s }, ld.max(rd) + 1)
                }
            };
            depth_ok(p, built.1, self.span, mark)?;
            self.operands.push(built);
        }
        Ok(())
    }
}

/// Too deep is said once per file: not again if the diagnostics up to `mark` say it.
fn depth_ok(p: &P, depth: usize, span: Span, mark: usize) -> Result<(), Option<Diagnostic>> {
    if depth <= MAX_EXPR_DEPTH {
        return Ok(());
    }
    let said = p.diags.get(..mark).unwrap_or(&p.diags).iter().any(|d| d.code == codes::TOO_DEEP);
    Err((!said).then(|| {
        Diagnostic::error(
            codes::TOO_DEEP,
            span,
            format!("this expression is nested more than {MAX_EXPR_DEPTH} levels deep"),
        )
        .with_help("split it into segments")
    }))
}

/// Postfix `exists` binds between comparisons (5) and `+ -` (7).
const EXISTS_PRECEDENCE: u8 = 6;

/// An operator waiting for its right operand.
enum PendingOp {
    Prefix(UnaryOp, usize),
    Infix(BinaryOp, Span),
}

impl PendingOp {
    fn precedence(&self) -> u8 {
        match self {
            // `not` sits between `and` (3) and comparisons (5); unary minus binds tightest.
            PendingOp::Prefix(UnaryOp::Not, _) => 4,
            PendingOp::Prefix(UnaryOp::Neg, _) => 9,
            PendingOp::Infix(op, _) => op.precedence(),
        }
    }
}

fn is_bare_comparison(e: &Expr) -> bool {
    matches!(&e.kind, ExprKind::Binary { op, .. } if op.is_comparison())
}

/// The placeholder of an expression whose building stopped at a diagnostic.
fn failed(span: Span) -> Built {
    (Expr { kind: ExprKind::Bool(false), span }, MAX_EXPR_DEPTH + 1)
}
