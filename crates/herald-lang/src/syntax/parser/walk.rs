//! The walk of pest's parse tree into the typed AST: how the parser built the AST before it
//! built it as the rules matched (`grammar.rs`). Kept, with pest's parser, as the differential
//! tests' oracle (`oracle.rs`): the hand-written parser's every answer (AST, spans, diagnostics
//! and their order) must be this walk's over pest's tokens. Never in a shipped build.

use crate::diagnostics::{codes, Diagnostic};
use crate::syntax::ast::*;
use crate::syntax::grammar::decode_escape;
use crate::syntax::pairs::{Pair, Pairs, Rule, Tok};
use crate::syntax::parser::MAX_EXPR_DEPTH;

/// The items of a successful parse (pest's tokens) and the diagnostics of the walk.
pub(super) fn build(source: &str, toks: &[Tok]) -> (Vec<Item>, Vec<Diagnostic>) {
    let mut pairs = Pairs::new(toks, source);
    let mut b = Builder { diags: Vec::new() };
    let mut items = Vec::new();
    if let Some(file) = pairs.next() {
        for pair in file.into_inner() {
            match pair.as_rule() {
                Rule::segment_def => items.push(b.segment(pair)),
                Rule::policy => items.push(Item::Policy(b.policy(pair))),
                Rule::journey => items.push(Item::Journey(b.journey(pair))),
                Rule::tests_for => items.push(b.tests_for(pair)),
                Rule::test_block => items.push(b.test_block(pair)),
                Rule::message_def => items.push(Item::Message(b.message_def(pair))),
                Rule::unknown_item => {
                    let span = span_of(&pair);
                    let word = first_ident(pair, span);
                    items.push(Item::Unknown(word, span));
                }
                _ => {}
            }
        }
    }
    (items, b.diags)
}

pub(super) fn span_of(pair: &Pair<'_, Rule>) -> Span {
    let s = pair.as_span();
    Span::new(s.start(), s.end())
}

/// The day words of `on DAYS` (the `on` itself is the first pair).
fn day_words(pair: Pair<'_, Rule>) -> Vec<Ident> {
    pair.into_inner()
        .filter(|p| p.as_rule() == Rule::ident)
        .map(|p| Ident { name: p.as_str().to_string(), span: span_of(&p) })
        .collect()
}

fn first_ident(pair: Pair<'_, Rule>, fallback: Span) -> Ident {
    match pair.into_inner().next() {
        Some(p) => Ident { name: p.as_str().to_string(), span: span_of(&p) },
        None => Ident { name: String::new(), span: fallback },
    }
}

pub(super) struct Builder {
    pub(super) diags: Vec<Diagnostic>,
}

/// Expression plus the depth of its tree, so chains can be bounded while they are folded.
type Built = (Expr, usize);

impl Builder {
    fn error(&mut self, code: crate::diagnostics::Code, span: Span, message: impl Into<String>) {
        self.diags.push(Diagnostic::error(code, span, message));
    }

    fn segment(&mut self, pair: Pair<'_, Rule>) -> Item {
        let span = span_of(&pair);
        let mut inner = pair.into_inner();
        let name = match inner.next() {
            Some(p) => Ident { name: p.as_str().to_string(), span: span_of(&p) },
            None => Ident { name: String::new(), span },
        };
        let expr = self.expr_opt(inner.next(), span);
        Item::Segment(SegmentDef { name, expr, span })
    }

    fn policy(&mut self, pair: Pair<'_, Rule>) -> Policy {
        let span = span_of(&pair);
        let clauses = pair.into_inner().filter_map(|p| self.clause(p)).collect();
        Policy { clauses, span }
    }

    fn journey(&mut self, pair: Pair<'_, Rule>) -> Journey {
        let span = span_of(&pair);
        let mut inner = pair.into_inner();
        let id = match inner.next() {
            Some(p) => self.string(p),
            None => StringLit { parts: Vec::new(), span },
        };
        let mut body = Vec::new();
        for p in inner {
            if let Some(step) = self.step(p) {
                body.push(JourneyEntry::Step(step));
            } else if let Some(clause) = self.clause(p) {
                body.push(JourneyEntry::Clause(clause));
            }
        }
        Journey { id, body, span }
    }

    fn clause(&mut self, pair: Pair<'_, Rule>) -> Option<Clause> {
        let span = span_of(&pair);
        let rule = pair.as_rule();
        let mut inner = pair.into_inner();
        let kind = match rule {
            Rule::when_clause => ClauseKind::When(self.event_match(inner.next()?)),
            Rule::exit_clause => ClauseKind::ExitWhen(self.event_match(inner.next()?)),
            Rule::audience_clause => ClauseKind::Audience(self.expr_opt(inner.next(), span)),
            Rule::reentry_clause => {
                let first = inner.next()?;
                ClauseKind::Reentry(match first.as_rule() {
                    Rule::never => Reentry::Never,
                    Rule::always => Reentry::Always,
                    Rule::restart => Reentry::Restart,
                    _ => Reentry::After(self.duration(inner.next()?)),
                })
            }
            Rule::limit_clause => {
                let count = self.number(inner.next()?);
                let unit = inner.next()?;
                let channel = match unit.as_rule() {
                    Rule::messages => None,
                    _ => Some(Ident { name: unit.as_str().to_string(), span: span_of(&unit) }),
                };
                let window = self.duration(inner.next()?);
                ClauseKind::Limit(Limit { count, channel, window, span })
            }
            Rule::quiet_clause => {
                let from = self.time(inner.next()?);
                let to = self.time(inner.next()?);
                ClauseKind::QuietHours(QuietHours { from, to, span })
            }
            Rule::budget_clause => ClauseKind::Budget(self.money(inner.next()?)),
            Rule::timezone_clause => ClauseKind::Timezone(self.string(inner.next()?)),
            Rule::transactional_clause => ClauseKind::Transactional,
            Rule::exit_if_clause => ClauseKind::ExitIf(self.expr_opt(inner.next(), span)),
            Rule::key_clause => ClauseKind::Key(self.expr_opt(inner.next(), span)),
            Rule::holdout_clause => ClauseKind::Holdout(self.number(inner.next()?)),
            Rule::topic_clause => {
                let name = self.string(inner.next()?);
                let mode = inner.next();
                let mode_span = mode.as_ref().map(span_of);
                let opt_in = mode.map(|m| m.as_str() == "opt-in");
                ClauseKind::Topic(TopicClause { name, opt_in, mode_span })
            }
            Rule::default_locale_clause => ClauseKind::DefaultLocale(self.string(inner.next()?)),
            Rule::when_changes_clause => {
                let key = self.path_segment(inner.next()?);
                let to = inner.next().map(|p| Box::new(self.expr(p)));
                ClauseKind::WhenChanges(TraitChange { key, to, span })
            }
            _ => return None,
        };
        Some(Clause { kind, span })
    }

    fn event_match(&mut self, pair: Pair<'_, Rule>) -> EventMatch {
        let span = span_of(&pair);
        let mut inner = pair.into_inner();
        let name = match inner.next() {
            Some(p) => self.string(p),
            None => StringLit { parts: Vec::new(), span },
        };
        let condition = inner.next().map(|p| Box::new(self.expr(p)));
        EventMatch { name, condition, span }
    }

    fn step(&mut self, pair: Pair<'_, Rule>) -> Option<Step> {
        let span = span_of(&pair);
        let rule = pair.as_rule();
        let mut expire = None;
        let kind = match rule {
            Rule::stop_step => StepKind::Stop,
            Rule::send_step => {
                let mut options = Vec::new();
                for p in pair.into_inner() {
                    match p.as_rule() {
                        Rule::expire_after => expire = self.expire_after(p),
                        _ => options.extend(self.send_option(p)),
                    }
                }
                StepKind::Send(options)
            }
            Rule::wait_step => StepKind::Wait(self.duration(pair.into_inner().next()?)),
            Rule::wait_until_step => {
                let mut inner = pair.into_inner();
                let time = self.time(inner.next()?);
                match inner.next() {
                    None => StepKind::WaitUntil(time),
                    Some(on) => StepKind::WaitUntilDays { time, days: day_words(on) },
                }
            }
            Rule::wait_until_expr_step => {
                StepKind::WaitUntilExpr(self.expr(pair.into_inner().next()?))
            }
            Rule::wait_for_step => {
                let mut inner = pair.into_inner();
                let event = self.event_match(inner.next()?);
                let within = self.duration(inner.next()?);
                let body = self.block(inner.next()?);
                let timeout = inner.next().map(|p| self.block(p));
                StepKind::WaitFor { event, within, body, timeout }
            }
            Rule::if_step => {
                let mut inner = pair.into_inner();
                let cond = self.expr(inner.next()?);
                let block = self.block(inner.next()?);
                let mut branches = vec![(cond, block)];
                let mut otherwise = None;
                for p in inner {
                    match p.as_rule() {
                        Rule::else_if => {
                            let mut ei = p.into_inner();
                            let c = self.expr(ei.next()?);
                            let b = self.block(ei.next()?);
                            branches.push((c, b));
                        }
                        _ => otherwise = Some(self.block(p)),
                    }
                }
                StepKind::If { branches, otherwise }
            }
            Rule::split_step => StepKind::Split(
                pair.into_inner()
                    .filter_map(|arm| {
                        let span = span_of(&arm);
                        let mut inner = arm.into_inner();
                        let percent = self.number(inner.next()?);
                        let body = self.block(inner.next()?);
                        Some(SplitArm { percent, body, span })
                    })
                    .collect(),
            ),
            Rule::set_step => {
                let mut inner = pair.into_inner();
                let key = self.path_segment(inner.next()?);
                let value = self.expr_opt(inner.next(), span);
                StepKind::Set { key, value }
            }
            Rule::digest_step => {
                let mut inner = pair.into_inner().skip(1);
                let p = inner.next()?;
                match p.as_rule() {
                    Rule::time => StepKind::Digest(DigestUntil::Until(self.time(p))),
                    _ => StepKind::Digest(DigestUntil::For(self.duration(p))),
                }
            }
            Rule::unknown_step => StepKind::Unknown(first_ident(pair, span)),
            _ => return None,
        };
        Some(Step { kind, span, expire })
    }

    /// `expire after DURATION` (the pair holds the words `expire`, `after`, then the duration).
    fn expire_after(&mut self, pair: Pair<'_, Rule>) -> Option<Duration> {
        let d = pair.into_inner().find(|p| p.as_rule() == Rule::duration)?;
        Some(self.duration(d))
    }

    fn send_option(&mut self, pair: Pair<'_, Rule>) -> Option<SendOption> {
        let span = span_of(&pair);
        let mut inner = pair.into_inner();
        let ch = inner.next()?;
        let channel = Ident { name: ch.as_str().to_string(), span: span_of(&ch) };
        let content = inner.next()?;
        let content = match content.as_rule() {
            Rule::template_content => Content::Template(self.string(content.into_inner().next()?)),
            Rule::message_content => Content::Message(self.string(content.into_inner().next()?)),
            _ => Content::Text(self.string(content)),
        };
        Some(SendOption { channel, content, span })
    }

    /// `message "ID" { LOCALE "text" ... }`
    fn message_def(&mut self, pair: Pair<'_, Rule>) -> MessageDef {
        let span = span_of(&pair);
        let mut inner = pair.into_inner();
        let id = match inner.next() {
            Some(p) => self.string(p),
            None => StringLit { parts: Vec::new(), span },
        };
        let mut variants = Vec::new();
        for v in inner {
            let vspan = span_of(&v);
            let mut parts = v.into_inner();
            let (Some(tag), Some(text)) = (parts.next(), parts.next()) else { continue };
            let locale = Ident { name: tag.as_str().to_string(), span: span_of(&tag) };
            variants.push(MessageVariant { locale, text: self.string(text), span: vspan });
        }
        MessageDef { id, variants, span }
    }

    fn block(&mut self, pair: Pair<'_, Rule>) -> Block {
        let span = span_of(&pair);
        let steps = pair.into_inner().filter_map(|p| self.step(p)).collect();
        Block { steps, span }
    }

    pub(super) fn number(&mut self, pair: Pair<'_, Rule>) -> Number {
        let span = span_of(&pair);
        let text = pair.as_str().to_string();
        let value = match text.parse::<f64>() {
            Ok(v) if v.is_finite() => v,
            _ => {
                self.error(codes::SYNTAX, span, format!("`{text}` is not a usable number"));
                0.0
            }
        };
        Number { value, text, span }
    }

    pub(super) fn duration(&mut self, pair: Pair<'_, Rule>) -> Duration {
        let span = span_of(&pair);
        let mut inner = pair.into_inner();
        let (amount_text, unit_text) = match (inner.next(), inner.next()) {
            (Some(a), Some(u)) => (a.as_str(), u.as_str()),
            _ => ("0", "seconds"),
        };
        let amount = match amount_text.parse::<i64>() {
            Ok(a) => a,
            Err(_) => {
                self.error(codes::BAD_DURATION, span, format!("`{amount_text}` is too large"));
                0
            }
        };
        let unit = match unit_text.trim_end_matches('s') {
            "second" => DurationUnit::Second,
            "minute" => DurationUnit::Minute,
            "hour" => DurationUnit::Hour,
            "day" => DurationUnit::Day,
            _ => DurationUnit::Week,
        };
        Duration { amount, unit, span }
    }

    fn time(&mut self, pair: Pair<'_, Rule>) -> TimeOfDay {
        let span = span_of(&pair);
        let (h, m) = pair.as_str().split_once(':').unwrap_or(("", ""));
        // Out-of-range digits become 99 and the checker reports an invalid time of day.
        let hour = if h.len() <= 2 { h.parse().unwrap_or(99) } else { 99 };
        let minute = if m.len() == 2 { m.parse().unwrap_or(99) } else { 99 };
        TimeOfDay { hour, minute, span }
    }

    pub(super) fn money(&mut self, pair: Pair<'_, Rule>) -> Money {
        let span = span_of(&pair);
        let inner = pair.into_inner().next();
        match inner {
            Some(p) if p.as_rule() == Rule::dollar_money => {
                let amount =
                    p.into_inner().next().map_or(String::new(), |n| n.as_str().to_string());
                Money { amount, currency: "USD".to_string(), dollar_sign: true, span }
            }
            Some(p) => {
                let mut parts = p.into_inner();
                let amount = parts.next().map_or(String::new(), |n| n.as_str().to_string());
                let currency = parts.next().map_or(String::new(), |c| c.as_str().to_string());
                Money { amount, currency, dollar_sign: false, span }
            }
            None => {
                Money { amount: String::new(), currency: String::new(), dollar_sign: false, span }
            }
        }
    }

    pub(super) fn string(&mut self, pair: Pair<'_, Rule>) -> StringLit {
        let span = span_of(&pair);
        let mut parts: Vec<StrPart> = Vec::new();
        let push_text = |parts: &mut Vec<StrPart>, t: &str| match parts.last_mut() {
            Some(StrPart::Text(prev)) => prev.push_str(t),
            _ => parts.push(StrPart::Text(t.to_string())),
        };
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::str_text => push_text(&mut parts, p.as_str()),
                Rule::escape => match decode_escape(p.as_str()) {
                    Some(c) => push_text(&mut parts, c.encode_utf8(&mut [0; 4])),
                    None => self.diags.push(
                        Diagnostic::error(
                            codes::INVALID_ESCAPE,
                            span_of(&p),
                            format!("invalid escape `{}`", p.as_str()),
                        )
                        .with_help(
                            "use \\\" \\\\ \\n \\t \\{ or \\u{1F600} (a Unicode scalar in hex)",
                        ),
                    ),
                },
                Rule::interp => {
                    let ispan = span_of(&p);
                    let expr = self.expr_opt(p.into_inner().next(), ispan);
                    parts.push(StrPart::Interp(Interpolation { expr, span: ispan }));
                }
                _ => {}
            }
        }
        StringLit { parts, span }
    }

    fn expr_opt(&mut self, pair: Option<Pair<'_, Rule>>, span: Span) -> Expr {
        match pair {
            Some(p) => self.expr(p),
            None => Expr { kind: ExprKind::Bool(false), span },
        }
    }

    fn expr(&mut self, pair: Pair<'_, Rule>) -> Expr {
        self.expr_depth(pair).0
    }

    /// Builds any expression-level rule, returning the tree and its depth.
    fn expr_depth(&mut self, pair: Pair<'_, Rule>) -> Built {
        let span = span_of(&pair);
        let rule = pair.as_rule();
        match rule {
            Rule::expr => self.operators(pair.into_inner(), span),
            Rule::number => (Expr { kind: ExprKind::Number(self.number(pair)), span }, 1),
            Rule::string => (Expr { kind: ExprKind::String(self.string(pair)), span }, 1),
            Rule::boolean => (Expr { kind: ExprKind::Bool(pair.as_str() == "true"), span }, 1),
            Rule::now => (Expr { kind: ExprKind::Now, span }, 1),
            Rule::list => {
                let mut depth = 1;
                let items = pair
                    .into_inner()
                    .map(|p| {
                        let (e, d) = self.expr_depth(p);
                        depth = depth.max(d + 1);
                        e
                    })
                    .collect();
                (Expr { kind: ExprKind::List(items), span }, depth)
            }
            Rule::paren => {
                let (inner, d) = match pair.into_inner().next() {
                    Some(p) => self.expr_depth(p),
                    None => (Expr { kind: ExprKind::Bool(false), span }, 1),
                };
                (Expr { kind: ExprKind::Paren(Box::new(inner)), span }, d + 1)
            }
            Rule::count_call => {
                let mut inner = pair.into_inner();
                let event = match inner.next() {
                    Some(p) => self.event_match(p),
                    None => EventMatch {
                        name: StringLit { parts: Vec::new(), span },
                        condition: None,
                        span,
                    },
                };
                let within = match inner.next() {
                    Some(p) => self.duration(p),
                    None => Duration { amount: 0, unit: DurationUnit::Second, span },
                };
                (Expr { kind: ExprKind::Count { event, within }, span }, 2)
            }
            Rule::call => {
                let mut inner = pair.into_inner();
                let function = match inner.next() {
                    Some(p) => Ident { name: p.as_str().to_string(), span: span_of(&p) },
                    None => Ident { name: String::new(), span },
                };
                let mut depth = 1;
                let args = inner
                    .map(|p| {
                        let (e, d) = self.expr_depth(p);
                        depth = depth.max(d + 1);
                        e
                    })
                    .collect();
                (Expr { kind: ExprKind::Call { function, args }, span }, depth)
            }
            Rule::path => {
                let mut inner = pair.into_inner();
                let (root, root_span) = match inner.next() {
                    Some(p) if p.as_str() == "event" => (PathRoot::Event, span_of(&p)),
                    Some(p) if p.as_str() == "trigger" => (PathRoot::Trigger, span_of(&p)),
                    Some(p) if p.as_str() == "digest" => (PathRoot::Digest, span_of(&p)),
                    Some(p) => (PathRoot::Profile, span_of(&p)),
                    None => (PathRoot::Profile, span),
                };
                let segments = inner.map(|seg| self.path_segment(seg)).collect();
                (Expr { kind: ExprKind::Path(Path { root, root_span, segments }), span }, 1)
            }
            Rule::agg_call | Rule::expr_duration | Rule::item_path => {
                self.function_form(pair, span)
            }
            Rule::name => {
                let name = pair.as_str().to_string();
                (Expr { kind: ExprKind::Name(Ident { name, span }), span }, 1)
            }
            _ => match pair.into_inner().next() {
                Some(p) => self.expr_depth(p),
                None => (Expr { kind: ExprKind::Bool(false), span }, 1),
            },
        }
    }

    /// The expression forms of SPEC §6's functions, out of `expr_depth` so that its frame (one
    /// per bracket level) stays small.
    #[inline(never)]
    fn function_form(&mut self, pair: Pair<'_, Rule>, span: Span) -> Built {
        match pair.as_rule() {
            Rule::agg_call => self.aggregate(pair, span),
            Rule::expr_duration => {
                let d = match pair.into_inner().next() {
                    Some(p) => self.duration(p),
                    None => Duration { amount: 0, unit: DurationUnit::Second, span },
                };
                (Expr { kind: ExprKind::Duration(d), span }, 1)
            }
            _ => {
                let mut inner = pair.into_inner();
                let root_span = inner.next().map_or(span, |p| span_of(&p));
                let segments = inner.map(|seg| self.path_segment(seg)).collect();
                let path = Path { root: PathRoot::Item, root_span, segments };
                (Expr { kind: ExprKind::Path(path), span }, 1)
            }
        }
    }

    /// `sum(event "Name" [where c] within D, value)` and its siblings (SPEC §6).
    fn aggregate(&mut self, pair: Pair<'_, Rule>, span: Span) -> Built {
        let mut inner = pair.into_inner();
        let function = match inner.next() {
            Some(p) => Ident { name: p.as_str().to_string(), span: span_of(&p) },
            None => Ident { name: String::new(), span },
        };
        let event = match inner.next() {
            Some(p) => self.event_match(p),
            None => {
                EventMatch { name: StringLit { parts: Vec::new(), span }, condition: None, span }
            }
        };
        let within = match inner.next() {
            Some(p) => self.duration(p),
            None => Duration { amount: 0, unit: DurationUnit::Second, span },
        };
        let (value, depth) = match inner.next() {
            Some(p) => {
                let (e, d) = self.expr_depth(p);
                (Some(e), d + 1)
            }
            None => (None, 2),
        };
        let call = AggregateCall { function, event, within, value };
        (Expr { kind: ExprKind::Aggregate(Box::new(call)), span }, depth.max(2))
    }

    fn path_segment(&mut self, seg: Pair<'_, Rule>) -> PathSegment {
        let span = span_of(&seg);
        match seg.into_inner().next() {
            Some(p) if p.as_rule() == Rule::string => {
                let lit = self.string(p);
                let key = match lit.as_plain() {
                    Some(k) => k,
                    None => {
                        self.error(
                            codes::INTERPOLATION_NOT_ALLOWED,
                            lit.span,
                            "`{{ }}` is only allowed in send content",
                        );
                        String::new()
                    }
                };
                PathSegment { key, bracketed: true, span }
            }
            Some(p) => PathSegment { key: p.as_str().to_string(), bracketed: false, span },
            None => PathSegment { key: String::new(), bracketed: false, span },
        }
    }

    /// Applies precedence to the flat `prefix* primary exists* (infix prefix* primary exists*)*`
    /// sequence of an `expr` (shunting-yard). Operators wait on a heap stack, so neither long
    /// chains nor runs of `not` recurse; the depth of every node built is checked as it is made.
    fn operators(&mut self, inner: Pairs<'_, Rule>, span: Span) -> Built {
        let mut operands: Vec<Built> = Vec::new();
        let mut ops: Vec<PendingOp> = Vec::new();
        for pair in inner {
            let op = match pair.as_rule() {
                Rule::op_not => PendingOp::Prefix(UnaryOp::Not, span_of(&pair).start),
                Rule::op_neg => PendingOp::Prefix(UnaryOp::Neg, span_of(&pair).start),
                Rule::op_exists => {
                    // Postfix: first finish what binds tighter (`a + b exists`, `-a exists`).
                    if !self.reduce_while(&mut operands, &mut ops, span, |p| p > EXISTS_PRECEDENCE)
                    {
                        return failed(span);
                    }
                    let Some((operand, depth)) = operands.pop() else { return failed(span) };
                    let depth = depth + 1;
                    if !self.depth_ok(depth, span) {
                        return failed(span);
                    }
                    let s = Span::new(operand.span.start, span_of(&pair).end);
                    operands
                        .push((Expr { kind: ExprKind::Exists(Box::new(operand)), span: s }, depth));
                    continue;
                }
                Rule::op_coalesce
                | Rule::op_or
                | Rule::op_and
                | Rule::op_cmp
                | Rule::op_add
                | Rule::op_mul => {
                    let op = binary_op(&pair);
                    let p = op.precedence();
                    // Left associative: an operator of the same level on the stack goes first.
                    if !self.reduce_while(&mut operands, &mut ops, span, |q| q >= p) {
                        return failed(span);
                    }
                    PendingOp::Infix(op, span_of(&pair))
                }
                _ => {
                    let built = self.expr_depth(pair);
                    if built.1 > MAX_EXPR_DEPTH {
                        return failed(span);
                    }
                    operands.push(built);
                    continue;
                }
            };
            ops.push(op);
        }
        if !self.reduce_while(&mut operands, &mut ops, span, |_| true) {
            return failed(span);
        }
        match (operands.pop(), operands.is_empty()) {
            (Some(built), true) => built,
            _ => failed(span),
        }
    }

    /// Pops and applies pending operators while `pops(precedence)` holds. False after a
    /// diagnostic (too deep, chained comparison): the caller stops building.
    fn reduce_while(
        &mut self,
        operands: &mut Vec<Built>,
        ops: &mut Vec<PendingOp>,
        span: Span,
        pops: impl Fn(u8) -> bool,
    ) -> bool {
        while let Some(top) = ops.last() {
            if !pops(top.precedence()) {
                break;
            }
            let Some(op) = ops.pop() else { break };
            let built = match op {
                PendingOp::Prefix(op, start) => {
                    let Some((operand, depth)) = operands.pop() else { return false };
                    let s = Span::new(start, operand.span.end);
                    (
                        Expr { kind: ExprKind::Unary { op, operand: Box::new(operand) }, span: s },
                        depth + 1,
                    )
                }
                PendingOp::Infix(op, op_span) => {
                    let (Some((rhs, rd)), Some((lhs, ld))) = (operands.pop(), operands.pop())
                    else {
                        return false;
                    };
                    if op.is_comparison() && is_bare_comparison(&lhs) {
                        self.diags.push(
                            Diagnostic::error(
                                codes::SYNTAX,
                                op_span,
                                format!(
                                    "comparisons do not chain: `{}` follows another comparison",
                                    op.symbol()
                                ),
                            )
                            .with_help("join the two comparisons with `and`"),
                        );
                        return false;
                    }
                    let s = lhs.span.to(rhs.span);
                    let kind = ExprKind::Binary { op, lhs: Box::new(lhs), rhs: Box::new(rhs) };
                    (Expr { kind, span: s }, ld.max(rd) + 1)
                }
            };
            if !self.depth_ok(built.1, span) {
                return false;
            }
            operands.push(built);
        }
        true
    }

    fn depth_ok(&mut self, depth: usize, span: Span) -> bool {
        if depth <= MAX_EXPR_DEPTH {
            return true;
        }
        if !self.diags.iter().any(|d| d.code == codes::TOO_DEEP) {
            self.diags.push(
                Diagnostic::error(
                    codes::TOO_DEEP,
                    span,
                    format!("this expression is nested more than {MAX_EXPR_DEPTH} levels deep"),
                )
                .with_help("split it into segments"),
            );
        }
        false
    }
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

fn binary_op(pair: &Pair<'_, Rule>) -> BinaryOp {
    match (pair.as_rule(), pair.as_str()) {
        (Rule::op_coalesce, _) => BinaryOp::Coalesce,
        (Rule::op_or, _) => BinaryOp::Or,
        (Rule::op_and, _) => BinaryOp::And,
        (_, "==") => BinaryOp::Eq,
        (_, "!=") => BinaryOp::Ne,
        (_, "<") => BinaryOp::Lt,
        (_, "<=") => BinaryOp::Le,
        (_, ">") => BinaryOp::Gt,
        (_, ">=") => BinaryOp::Ge,
        (_, "in") => BinaryOp::In,
        (_, "contains") => BinaryOp::Contains,
        (_, "starts_with") => BinaryOp::StartsWith,
        (_, "ends_with") => BinaryOp::EndsWith,
        (_, "+") => BinaryOp::Add,
        (_, "-") => BinaryOp::Sub,
        (_, "*") => BinaryOp::Mul,
        _ => BinaryOp::Div,
    }
}

fn is_bare_comparison(e: &Expr) -> bool {
    matches!(&e.kind, ExprKind::Binary { op, .. } if op.is_comparison())
}

/// The placeholder of an expression whose building stopped at a diagnostic.
fn failed(span: Span) -> Built {
    (Expr { kind: ExprKind::Bool(false), span }, MAX_EXPR_DEPTH + 1)
}
