//! Expressions: AST → `ir::Expr`. Paths become slots, event names become ids, literal lists and
//! negative literals are folded, and a segment is compiled once per event scope it is used in
//! (what `event.X` means depends on where the segment is used, SPEC §1).

use super::ir::{self, AggKind, ArithOp, Builtin, CmpOp, Const, EventScope, Func};
use super::lower::Lowerer;
use crate::syntax::ast::{self, BinaryOp, ExprKind, PathRoot, StrPart, UnaryOp};

impl<'f> Lowerer<'f> {
    pub(crate) fn cond(&mut self, expr: &'f ast::Expr, scope: EventScope) -> ir::Cond {
        ir::Cond { expr: self.expr(expr, scope), span: expr.span }
    }

    pub(crate) fn expr(&mut self, expr: &'f ast::Expr, scope: EventScope) -> ir::Expr {
        match &expr.kind {
            ExprKind::Number(n) => ir::Expr::Const(Const::Num(n.value)),
            ExprKind::Bool(b) => ir::Expr::Const(Const::Bool(*b)),
            ExprKind::String(s) => match s.as_plain() {
                Some(text) => ir::Expr::Const(Const::Str(text.into())),
                None => {
                    self.unproven(s.span, "`{ }` outside send content (E0207)");
                    ir::Expr::Const(Const::Str("".into()))
                }
            },
            ExprKind::List(items) => {
                let lowered: Vec<ir::Expr> = items.iter().map(|e| self.expr(e, scope)).collect();
                let consts: Option<Vec<Const>> = lowered
                    .iter()
                    .map(|e| match e {
                        ir::Expr::Const(c) => Some(c.clone()),
                        _ => None,
                    })
                    .collect();
                match consts {
                    Some(c) => ir::Expr::ConstList(c.into()),
                    None => ir::Expr::List(lowered.into()),
                }
            }
            ExprKind::Now => ir::Expr::Now(expr.span),
            ExprKind::Path(path) => self.path(path, expr.span, scope),
            ExprKind::Name(ident) => self.segment_ref(ident, scope),
            ExprKind::Paren(inner) => self.expr(inner, scope),
            ExprKind::Unary { op, operand } => {
                let inner = self.expr(operand, scope);
                match (op, inner) {
                    (UnaryOp::Neg, ir::Expr::Const(Const::Num(n))) => {
                        ir::Expr::Const(Const::Num(-n))
                    }
                    (UnaryOp::Neg, e) => ir::Expr::Neg(Box::new(e)),
                    (UnaryOp::Not, e) => ir::Expr::Not(Box::new(e)),
                }
            }
            ExprKind::Binary { op, lhs, rhs } => {
                let l = Box::new(self.expr(lhs, scope));
                let r = self.expr(rhs, scope);
                match op {
                    BinaryOp::Coalesce => ir::Expr::Coalesce(l, Box::new(r)),
                    BinaryOp::Or => ir::Expr::Or(l, Box::new(r)),
                    BinaryOp::And => ir::Expr::And(l, Box::new(r)),
                    BinaryOp::In => match r {
                        ir::Expr::ConstList(items) => ir::Expr::InConst(l, items),
                        r => ir::Expr::Cmp(CmpOp::In, l, Box::new(r)),
                    },
                    BinaryOp::Eq => ir::Expr::Cmp(CmpOp::Eq, l, Box::new(r)),
                    BinaryOp::Ne => ir::Expr::Cmp(CmpOp::Ne, l, Box::new(r)),
                    BinaryOp::Lt => ir::Expr::Cmp(CmpOp::Lt, l, Box::new(r)),
                    BinaryOp::Le => ir::Expr::Cmp(CmpOp::Le, l, Box::new(r)),
                    BinaryOp::Gt => ir::Expr::Cmp(CmpOp::Gt, l, Box::new(r)),
                    BinaryOp::Ge => ir::Expr::Cmp(CmpOp::Ge, l, Box::new(r)),
                    BinaryOp::Contains => ir::Expr::Cmp(CmpOp::Contains, l, Box::new(r)),
                    BinaryOp::StartsWith => ir::Expr::Cmp(CmpOp::StartsWith, l, Box::new(r)),
                    BinaryOp::EndsWith => ir::Expr::Cmp(CmpOp::EndsWith, l, Box::new(r)),
                    BinaryOp::Add | BinaryOp::Sub => match (duration_of(lhs), duration_of(rhs)) {
                        // `instant ± duration`, `duration + instant` (SPEC §6)
                        (_, Some(d)) => {
                            let ms = self.duration_ms(d);
                            let ms = if *op == BinaryOp::Sub { ms.saturating_neg() } else { ms };
                            ir::Expr::Shift(l, ms, expr.span)
                        }
                        (Some(d), None) if *op == BinaryOp::Add => {
                            ir::Expr::Shift(Box::new(r), self.duration_ms(d), expr.span)
                        }
                        _ if *op == BinaryOp::Add => ir::Expr::Arith(ArithOp::Add, l, Box::new(r)),
                        _ => ir::Expr::Arith(ArithOp::Sub, l, Box::new(r)),
                    },
                    BinaryOp::Mul => ir::Expr::Arith(ArithOp::Mul, l, Box::new(r)),
                    BinaryOp::Div => ir::Expr::Arith(ArithOp::Div, l, Box::new(r)),
                }
            }
            ExprKind::Exists(inner) => ir::Expr::Exists(Box::new(self.expr(inner, scope))),
            ExprKind::Call { function, args } => self.call(function, args, expr.span, scope),
            ExprKind::Aggregate(a) => {
                self.aggregate(&a.function, &a.event, &a.within, a.value.as_ref(), expr.span, scope)
            }
            // Only meaningful beside `+`/`-` (handled above); the checker reports it (E0404).
            ExprKind::Duration(_) => ir::Expr::Const(Const::Bool(false)),
            ExprKind::Count { event, within } => {
                let Some(name) = self.plain_string(&event.name) else {
                    return ir::Expr::Const(Const::Num(0.0));
                };
                let id = self.names.intern(&name);
                let condition =
                    event.condition.as_deref().map(|c| self.expr(c, EventScope::Counted));
                let within_ms = self.duration_ms(within);
                self.reads_past_events(id, condition.is_some(), within_ms);
                ir::Expr::Count(Box::new(ir::Count {
                    name: id,
                    condition,
                    within_ms,
                    span: expr.span,
                }))
            }
        }
    }

    fn path(&mut self, path: &'f ast::Path, span: ast::Span, scope: EventScope) -> ir::Expr {
        match path.root {
            PathRoot::Profile => {
                let Some((first, rest)) = path.segments.split_first() else {
                    self.unproven(span, "`profile` without a key (E0100)");
                    return ir::Expr::Const(Const::Bool(false));
                };
                let slot = self.keys.slot(&first.key);
                ir::Expr::Profile(
                    slot,
                    ir::Path { rest: rest.iter().map(|s| s.key.as_str().into()).collect(), span },
                )
            }
            // `trigger.KEY` reads the run's trigger wherever it is written (SPEC §6); in a
            // trigger's own `where` and in `audience` that is the incoming event.
            PathRoot::Trigger => {
                if let Some(first) = path.segments.first() {
                    self.event_keys.slot(&first.key);
                }
                ir::Expr::Event(
                    EventScope::Run,
                    ir::Path {
                        rest: path.segments.iter().map(|s| s.key.as_str().into()).collect(),
                        span,
                    },
                )
            }
            PathRoot::Item => ir::Expr::Item(ir::Path {
                rest: path.segments.iter().map(|s| s.key.as_str().into()).collect(),
                span,
            }),
            // `digest.count`, `digest.events...` (the checker allows no other field).
            PathRoot::Digest => ir::Expr::Digest(ir::Path {
                rest: path.segments.iter().map(|s| s.key.as_str().into()).collect(),
                span,
            }),
            PathRoot::Event => {
                if scope != EventScope::Counted {
                    if let Some(first) = path.segments.first() {
                        self.event_keys.slot(&first.key);
                    }
                }
                ir::Expr::Event(
                    scope,
                    ir::Path {
                        rest: path.segments.iter().map(|s| s.key.as_str().into()).collect(),
                        span,
                    },
                )
            }
        }
    }

    fn call(
        &mut self,
        function: &'f ast::Ident,
        args: &'f [ast::Expr],
        span: ast::Span,
        scope: EventScope,
    ) -> ir::Expr {
        if let Some(b) = Builtin::of_name(&function.name) {
            let args = args.iter().map(|a| self.expr(a, scope)).collect();
            return ir::Expr::Builtin(b, args, span);
        }
        if let ("any" | "all", [list, cond]) = (function.name.as_str(), args) {
            return ir::Expr::Quantifier(Box::new(ir::Quantifier {
                all: function.name == "all",
                list: self.expr(list, scope),
                cond: self.expr(cond, scope),
                span,
            }));
        }
        let func = match function.name.as_str() {
            "days_since" => Func::DaysSince,
            "hours_since" => Func::HoursSince,
            "lower" => Func::Lower,
            "upper" => Func::Upper,
            "len" => Func::Len,
            _ => {
                self.unproven(function.span, "an unknown function (E0103)");
                return ir::Expr::Const(Const::Bool(false));
            }
        };
        let [arg] = args else {
            self.unproven(span, "a call with the wrong number of arguments (E0106)");
            return ir::Expr::Const(Const::Bool(false));
        };
        ir::Expr::Call(func, Box::new(self.expr(arg, scope)), span)
    }

    /// `sum|min|max|avg|last(event "N" [where c] within D, value)`: the past events are chosen
    /// and validated exactly as for `count(...)`; their properties are kept since `value` reads
    /// them.
    fn aggregate(
        &mut self,
        function: &'f ast::Ident,
        event: &'f ast::EventMatch,
        within: &'f ast::Duration,
        value: Option<&'f ast::Expr>,
        span: ast::Span,
        scope: EventScope,
    ) -> ir::Expr {
        let (Some(kind), Some(value)) = (AggKind::of_name(&function.name), value) else {
            self.unproven(span, "an aggregate without its value (E0401)");
            return ir::Expr::Const(Const::Bool(false));
        };
        let _ = scope;
        let Some(name) = self.plain_string(&event.name) else {
            return ir::Expr::Const(Const::Bool(false));
        };
        let id = self.names.intern(&name);
        let condition = event.condition.as_deref().map(|c| self.expr(c, EventScope::Counted));
        let within_ms = self.duration_ms(within);
        // The value reads the past events' properties, whether or not there is a `where`.
        self.reads_past_events(id, true, within_ms);
        let value = self.expr(value, EventScope::Counted);
        ir::Expr::Aggregate(Box::new(ir::Aggregate {
            kind,
            events: ir::Count { name: id, condition, within_ms, span },
            value,
        }))
    }

    fn segment_ref(&mut self, ident: &'f ast::Ident, scope: EventScope) -> ir::Expr {
        let name = ident.name.as_str();
        if let Some(&idx) = self.segment_cache.get(&(name, scope)) {
            return ir::Expr::Segment(idx, ident.span);
        }
        let Some(def) = self.segment_defs.get(name).copied() else {
            self.unproven(ident.span, "an unknown segment (E0104)");
            return ir::Expr::Const(Const::Bool(false));
        };
        if self.segments_in_progress.contains(&name) {
            self.unproven(ident.span, "a segment that refers to itself (E0109)");
            return ir::Expr::Const(Const::Bool(false));
        }
        self.segments_in_progress.push(name);
        let body = self.expr(&def.expr, scope);
        self.segments_in_progress.pop();
        let idx = u32::try_from(self.segments.len()).unwrap_or(u32::MAX);
        self.segments.push(body);
        self.segment_cache.insert((name, scope), idx);
        ir::Expr::Segment(idx, ident.span)
    }

    /// Send content text: fixed, or parts to render.
    pub(crate) fn text(&mut self, s: &'f ast::StringLit) -> ir::Text {
        if let Some(plain) = s.as_plain() {
            return ir::Text::Static(plain.into());
        }
        let parts = s
            .parts
            .iter()
            .map(|p| match p {
                StrPart::Text(t) => ir::TextPart::Lit(t.as_str().into()),
                StrPart::Interp(i) => ir::TextPart::Expr(self.cond(&i.expr, EventScope::Run)),
            })
            .collect();
        ir::Text::Parts(parts)
    }

    /// A string that must not interpolate (event names, journey ids, time zones).
    pub(crate) fn plain_string(&mut self, s: &ast::StringLit) -> Option<String> {
        let plain = s.as_plain();
        if plain.is_none() {
            self.unproven(s.span, "`{ }` in a name (E0207)");
        }
        plain
    }

    /// Every read of past events (`count(event "NAME" [where ...] within D)`, and the
    /// aggregates over past events) goes through here: the name is counted (its past events are
    /// read; their properties too `with_condition`), and the program's event window
    /// (`ProgramData::event_window`) grows to cover `within_ms`.
    pub(crate) fn reads_past_events(
        &mut self,
        id: ir::NameId,
        with_condition: bool,
        within_ms: i64,
    ) {
        self.names.mark_counted(id, with_condition);
        self.max_past_window_ms = self.max_past_window_ms.max(within_ms);
    }

    pub(crate) fn duration_ms(&mut self, d: &ast::Duration) -> i64 {
        d.seconds().saturating_mul(1000)
    }
}

/// The duration written as this operand (through parentheses), if it is one.
fn duration_of(e: &ast::Expr) -> Option<&ast::Duration> {
    match &e.kind {
        ExprKind::Duration(d) => Some(d),
        ExprKind::Paren(inner) => duration_of(inner),
        _ => None,
    }
}
