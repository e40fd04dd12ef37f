//! The expression functions: one table of signatures (arity, argument kinds, result type, a
//! usage line for help), read by `names` (unknown function, arity) and `types` (argument and
//! result types), and the `Functions` rule for what only functions have (SPEC §6,
//! docs/language.md "Functions"):
//!
//! - E0401 an aggregate without its value (`sum(event "Order Completed" within 30 days)`)
//! - E0402 `item` outside `any(...)` / `all(...)`
//! - E0403 an invalid `format_date` pattern (a literal one)
//! - E0404 a duration that is not added to or subtracted from a time
//! - E0405 `any`/`all` nested deeper than `MAX_LIST_NESTING`
//! - E0406 a `format_money` currency that is not an ISO 4217 code
//! - E0407 a `round`/`format_number` digit count that is not a whole number from 0 to 10
//! - E0408 an aggregate called like a plain function (`sum(profile.orders)`)
//! - W0011 `default(x, y)` whose `x` is a literal, so `y` is never used

use super::types::Ty;
use super::walk::{Position, Visitor};
use crate::diagnostics::{codes, Diagnostic};
use crate::syntax::ast::{BinaryOp, Expr, ExprKind, PathRoot, StrPart};

/// What an argument must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Param {
    /// Anything (missing included).
    Value,
    Number,
    Text,
    /// Text or a list (`len`).
    TextOrList,
    /// An instant: ISO-8601 text, a `YYYY-MM-DD` date, `now`, `time ± duration`.
    Time,
    /// A list (`any`, `all`): anything else yields missing at run time.
    List,
    /// A condition about `item`.
    Condition,
    /// A count of decimals, 0 to 10.
    Digits,
    /// An ISO 4217 code (`"USD"`).
    Currency,
    /// A strftime pattern (`"%B %-d"`).
    DatePattern,
}

impl Param {
    pub(crate) fn accepts(self, t: Ty) -> bool {
        match self {
            _ if t == Ty::Unknown => true,
            Param::Value | Param::Condition => true,
            Param::Number | Param::Digits => t == Ty::Number,
            Param::Text | Param::Currency | Param::DatePattern => t == Ty::Text,
            Param::TextOrList => t == Ty::Text || matches!(t, Ty::List(_)),
            Param::Time => matches!(t, Ty::Text | Ty::Instant),
            Param::List => matches!(t, Ty::List(_)),
        }
    }
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Param::Value | Param::Condition => "a value",
            Param::Number => "a number",
            Param::Digits => "a number of decimals (0 to 10)",
            Param::Text => "text",
            Param::Currency => "a currency code such as \"USD\"",
            Param::DatePattern => "a date pattern such as \"%B %-d\"",
            Param::TextOrList => "text or a list",
            Param::Time => "a date and time (such as \"2026-03-08T14:00:00Z\" or `now`)",
            Param::List => "a list",
        }
    }
}

/// One function of the language.
pub(crate) struct Signature {
    pub name: &'static str,
    pub params: &'static [Param],
    /// How many of `params` must be given (the rest are optional).
    pub required: usize,
    pub returns: Ty,
    /// Shown in help lines.
    pub usage: &'static str,
}

use Param as P;

/// Every plain function (`count` and the aggregates have their own syntax: see `AGGREGATES`).
pub(crate) const SIGNATURES: &[Signature] = &[
    sig("days_since", &[P::Time], 1, Ty::Number, "days_since(profile.signed_up_at)"),
    sig("hours_since", &[P::Time], 1, Ty::Number, "hours_since(profile.last_seen_at)"),
    sig("days_until", &[P::Time], 1, Ty::Number, "days_until(profile.renewal_at)"),
    sig("hours_until", &[P::Time], 1, Ty::Number, "hours_until(profile.appointment_at)"),
    sig("year", &[P::Time], 1, Ty::Number, "year(profile.birthday)"),
    sig("month", &[P::Time], 1, Ty::Number, "month(profile.birthday)"),
    sig("day", &[P::Time], 1, Ty::Number, "day(profile.birthday)"),
    sig("hour", &[P::Time], 1, Ty::Number, "hour(now)"),
    sig("minute", &[P::Time], 1, Ty::Number, "minute(now)"),
    sig("weekday", &[P::Time], 1, Ty::Number, "weekday(now) <= 5"),
    sig("lower", &[P::Text], 1, Ty::Text, "lower(profile.country)"),
    sig("upper", &[P::Text], 1, Ty::Text, "upper(profile.country)"),
    sig("capitalize", &[P::Text], 1, Ty::Text, "capitalize(profile.first_name)"),
    sig("trim", &[P::Text], 1, Ty::Text, "trim(profile.first_name)"),
    sig("len", &[P::TextOrList], 1, Ty::Number, "len(profile.orders)"),
    sig("default", &[P::Value, P::Value], 2, Ty::Unknown, "default(profile.first_name, \"there\")"),
    sig("to_number", &[P::Value], 1, Ty::Number, "to_number(profile.points)"),
    sig("round", &[P::Number, P::Digits], 1, Ty::Number, "round(event.total, 2)"),
    sig("floor", &[P::Number], 1, Ty::Number, "floor(event.total)"),
    sig("ceil", &[P::Number], 1, Ty::Number, "ceil(event.total)"),
    sig("format_number", &[P::Number, P::Digits], 2, Ty::Text, "format_number(event.total, 2)"),
    sig(
        "format_money",
        &[P::Number, P::Currency],
        2,
        Ty::Text,
        "format_money(event.total, \"USD\")",
    ),
    sig("format_date", &[P::Time, P::DatePattern], 2, Ty::Text, "format_date(now, \"%B %-d\")"),
    sig("any", &[P::List, P::Condition], 2, Ty::Bool, "any(profile.orders, item.total > 100)"),
    sig(
        "all",
        &[P::List, P::Condition],
        2,
        Ty::Bool,
        "all(profile.orders, item.status == \"paid\")",
    ),
];

const fn sig(
    name: &'static str,
    params: &'static [Param],
    required: usize,
    returns: Ty,
    usage: &'static str,
) -> Signature {
    Signature { name, params, required, returns, usage }
}

/// The aggregates over past events, with a usage line each.
pub(crate) const AGGREGATES: &[(&str, &str)] = &[
    ("sum", "sum(event \"Order Completed\" within 30 days, event.total)"),
    ("min", "min(event \"Order Completed\" within 30 days, event.total)"),
    ("max", "max(event \"Order Completed\" within 30 days, event.total)"),
    ("avg", "avg(event \"Order Completed\" within 30 days, event.total)"),
    ("last", "last(event \"Product Viewed\" within 7 days, event.name)"),
];

pub(crate) fn signature(name: &str) -> Option<&'static Signature> {
    SIGNATURES.iter().find(|s| s.name == name)
}

/// Every function name, for suggestions.
pub(crate) fn all_names() -> Vec<&'static str> {
    let mut v: Vec<&str> = SIGNATURES.iter().map(|s| s.name).collect();
    v.push("count");
    v.extend(AGGREGATES.iter().map(|(n, _)| *n));
    v
}

/// How deep `any`/`all` may nest: each level visits at most `MAX_LIST_ITEMS` items (the
/// evaluator's bound), so one expression does at most 1,000² condition evaluations.
pub const MAX_LIST_NESTING: usize = 2;

/// The widest `round`/`format_number` precision.
pub const MAX_DIGITS: f64 = 10.0;

#[derive(Default)]
pub(crate) struct Functions {
    pub(crate) diags: Vec<Diagnostic>,
}

impl Functions {
    /// `lists`: how many `any`/`all` conditions enclose `e`. `shift`: `e` is an operand of
    /// `+`/`-` (where a duration is allowed).
    fn visit(&mut self, e: &Expr, lists: usize, shift: bool) {
        match &e.kind {
            ExprKind::Path(p) if p.root == PathRoot::Item && lists == 0 => {
                self.diags.push(
                    Diagnostic::error(
                        codes::ITEM_OUTSIDE_LIST,
                        p.root_span,
                        "`item` is only defined inside `any(...)` or `all(...)`",
                    )
                    .with_help("write `any(profile.orders, item.total > 100)`"),
                );
            }
            ExprKind::Duration(_) if !shift => {
                self.diags.push(
                    Diagnostic::error(
                        codes::DURATION_NOT_SHIFT,
                        e.span,
                        "a duration can only be added to or subtracted from a time",
                    )
                    .with_help("write `now + 3 days` or `profile.appointment_at - 2 hours`"),
                );
            }
            ExprKind::Aggregate(a) if a.value.is_none() => {
                let function = &a.function;
                let usage = AGGREGATES.iter().find(|(n, _)| *n == function.name).map(|(_, u)| *u);
                self.diags.push(
                    Diagnostic::error(
                        codes::AGGREGATE_NEEDS_VALUE,
                        e.span,
                        format!(
                            "`{}` needs the value to read from each event, after a comma",
                            function.name
                        ),
                    )
                    .with_help(format!(
                        "write `{}`",
                        usage.unwrap_or("sum(event \"N\" within 30 days, event.total)")
                    )),
                );
            }
            ExprKind::Call { function, args } => {
                self.call(&function.name, function.span, args, lists)
            }
            _ => {}
        }
        match &e.kind {
            ExprKind::Paren(inner) => self.visit(inner, lists, shift),
            ExprKind::Binary { op: BinaryOp::Add | BinaryOp::Sub, lhs, rhs } => {
                self.visit(lhs, lists, true);
                self.visit(rhs, lists, true);
            }
            ExprKind::Binary { lhs, rhs, .. } => {
                self.visit(lhs, lists, false);
                self.visit(rhs, lists, false);
            }
            ExprKind::Unary { operand, .. } => self.visit(operand, lists, false),
            ExprKind::Exists(inner) => self.visit(inner, lists, false),
            ExprKind::List(items) => items.iter().for_each(|i| self.visit(i, lists, false)),
            ExprKind::Call { function, args }
                if matches!(function.name.as_str(), "any" | "all") =>
            {
                for (i, a) in args.iter().enumerate() {
                    self.visit(a, if i == 1 { lists + 1 } else { lists }, false);
                }
            }
            ExprKind::Call { args, .. } => args.iter().for_each(|a| self.visit(a, lists, false)),
            ExprKind::Count { event, .. } => {
                if let Some(c) = &event.condition {
                    self.visit(c, lists, false);
                }
            }
            ExprKind::Aggregate(a) => {
                if let Some(c) = &a.event.condition {
                    self.visit(c, lists, false);
                }
                if let Some(v) = &a.value {
                    self.visit(v, lists, false);
                }
            }
            ExprKind::String(s) => {
                for part in &s.parts {
                    if let StrPart::Interp(i) = part {
                        self.visit(&i.expr, lists, false);
                    }
                }
            }
            _ => {}
        }
    }

    fn call(&mut self, name: &str, span: crate::syntax::ast::Span, args: &[Expr], lists: usize) {
        if let Some((_, usage)) = AGGREGATES.iter().find(|(n, _)| *n == name) {
            self.diags.push(
                Diagnostic::error(
                    codes::AGGREGATE_AS_CALL,
                    span,
                    format!("`{name}` reads past events: `{name}(event \"Name\" within DURATION, VALUE)`"),
                )
                .with_help(format!(
                    "write `{usage}`; over a list of the profile, use `any`/`all` or `len`"
                )),
            );
            return;
        }
        let arg = |i: usize| args.get(i).map(strip);
        match name {
            "any" | "all" if lists >= MAX_LIST_NESTING => {
                self.diags.push(
                    Diagnostic::error(
                        codes::LIST_NESTING,
                        span,
                        format!(
                            "`{name}` is nested {} deep; at most {MAX_LIST_NESTING} levels of \
                             `any`/`all` are allowed",
                            lists + 1
                        ),
                    )
                    .with_help("split the condition into segments, or test fewer levels"),
                );
            }
            "round" | "format_number" => {
                if let Some(d) = arg(1) {
                    let value = match &d.kind {
                        ExprKind::Number(n) => Some(n.value),
                        ExprKind::Unary { op: crate::syntax::ast::UnaryOp::Neg, operand } => {
                            match &strip(operand).kind {
                                ExprKind::Number(n) => Some(-n.value),
                                _ => None,
                            }
                        }
                        _ => None,
                    };
                    if let Some(v) = value {
                        if v.fract() != 0.0 || !(0.0..=MAX_DIGITS).contains(&v) {
                            self.diags.push(
                                Diagnostic::error(
                                    codes::BAD_DIGITS,
                                    d.span,
                                    format!(
                                        "`{name}` takes a whole number of decimals from 0 to 10, not {}",
                                        crate::float::display(v)
                                    ),
                                )
                                .with_help(format!("write `{name}(x, 2)`")),
                            );
                        }
                    }
                }
            }
            "format_money" => {
                if let Some(ExprKind::String(s)) = arg(1).map(|a| &a.kind) {
                    if let Some(code) = s.as_plain() {
                        if !is_currency_code(&code) {
                            let upper = code.trim().to_ascii_uppercase();
                            let help = if is_currency_code(&upper) {
                                format!("did you mean \"{upper}\"?")
                            } else if let Some(s) = crate::diagnostics::did_you_mean(
                                &upper,
                                super::values::CURRENCIES.iter().copied(),
                            ) {
                                format!("did you mean \"{s}\"?")
                            } else {
                                "write an ISO 4217 code: \"USD\", \"EUR\", \"GBP\", \"CAD\"…"
                                    .to_string()
                            };
                            self.diags.push(
                                Diagnostic::error(
                                    codes::BAD_CURRENCY,
                                    s.span,
                                    format!("\"{code}\" is not a currency code"),
                                )
                                .with_help(help),
                            );
                        }
                    }
                }
            }
            "format_date" => {
                if let Some(ExprKind::String(s)) = arg(1).map(|a| &a.kind) {
                    if let Some(pattern) = s.as_plain() {
                        if let Err(why) = check_date_pattern(&pattern) {
                            self.diags.push(
                                Diagnostic::error(
                                    codes::BAD_DATE_PATTERN,
                                    s.span,
                                    format!("invalid date pattern: {why}"),
                                )
                                .with_help(
                                    "use strftime fields such as %Y %m %d %B %b %A %a %H %M %-d %p; \
                                     write %% for a percent sign",
                                ),
                            );
                        }
                    }
                }
            }
            "default" => {
                if let Some(x) = arg(0) {
                    let never_missing = match &x.kind {
                        ExprKind::Number(_) | ExprKind::Bool(_) | ExprKind::List(_) => true,
                        ExprKind::String(s) => s.as_plain().is_some_and(|t| !t.trim().is_empty()),
                        _ => false,
                    };
                    if never_missing {
                        self.diags.push(
                            Diagnostic::warning(
                                codes::DEFAULT_NEVER_USED,
                                x.span,
                                "this value is never missing or blank, so the default is never used",
                            )
                            .with_help("put a `profile.` or `event.` value first: `default(profile.first_name, \"there\")`"),
                        );
                    }
                }
            }
            _ => {}
        }
    }
}

fn strip(mut e: &Expr) -> &Expr {
    while let ExprKind::Paren(inner) = &e.kind {
        e = inner;
    }
    e
}

/// An ISO 4217 code herald knows (the list that `budget` amounts are checked against).
pub fn is_currency_code(code: &str) -> bool {
    super::values::CURRENCIES.contains(&code)
}

/// A strftime pattern `format_date` can print (SPEC §6): every `%` field known to chrono, and
/// none that needs a UTC offset or the epoch (`%z`, `%Z`, `%s`, `%c`'s siblings `%+`): the date
/// prints as the recipient's wall clock shows it. The fields are read by `check/strftime.rs`.
pub fn check_date_pattern(pattern: &str) -> Result<(), String> {
    use super::strftime::{pattern_problem, PatternProblem};
    if pattern.is_empty() {
        return Err("the pattern is empty".into());
    }
    match pattern_problem(pattern) {
        None => Ok(()),
        Some(PatternProblem::UnknownField) => {
            Err(format!("\"{pattern}\" has an unknown or incomplete `%` field"))
        }
        Some(PatternProblem::Timestamp) => {
            Err("`%s` (seconds since 1970) is not a date a reader wants".into())
        }
        Some(PatternProblem::NeedsOffset) => Err("time-zone fields (`%z`, `%Z`, `%+`) are not \
                                                  supported: the date prints in the recipient's \
                                                  zone"
            .into()),
    }
}

impl<'a> Visitor<'a> for Functions {
    fn root(&mut self, e: &'a Expr, _: Position) {
        self.visit(e, 0, false);
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{check_src, expect_at, journey, with_code};
    use super::*;

    #[test]
    fn the_table_knows_every_function_once() {
        let names = all_names();
        for (i, n) in names.iter().enumerate() {
            assert!(!names[i + 1..].contains(n), "{n} twice");
        }
        for s in SIGNATURES {
            assert!(s.required <= s.params.len() && s.required >= 1, "{}", s.name);
            assert!(s.usage.starts_with(s.name), "{}", s.name);
        }
    }

    #[test]
    fn item_outside_any_is_an_error_with_help() {
        let src = journey("  if item.total > 3 {\n    send sms \"a\"\n  }");
        let d = check_src(&src);
        let e = expect_at(&src, &d, codes::ITEM_OUTSIDE_LIST, "item", 0);
        assert!(e.help.as_deref().unwrap_or("").contains("any(profile.orders"));
        let ok = journey(
            "  if any(profile.orders, item.total > 3 and any(item.lines, item.sku == \"A\")) {\n    send sms \"a\"\n  }",
        );
        assert!(with_code(&check_src(&ok), codes::ITEM_OUTSIDE_LIST).is_empty());
    }

    #[test]
    fn lists_nest_two_deep_at_most() {
        let src = journey(
            "  if any(profile.a, any(item.b, any(item.c, item == 1))) {\n    send sms \"a\"\n  }",
        );
        let d = check_src(&src);
        assert_eq!(with_code(&d, codes::LIST_NESTING).len(), 1, "{d:#?}");
    }

    #[test]
    fn aggregate_without_value_and_as_a_call() {
        let src = journey(
            "  if sum(event \"Order Completed\" within 30 days) > 3 {\n    send sms \"a\"\n  }",
        );
        let d = check_src(&src);
        let e = with_code(&d, codes::AGGREGATE_NEEDS_VALUE);
        assert_eq!(e.len(), 1, "{d:#?}");
        let src = journey("  if sum(profile.orders) > 3 {\n    send sms \"a\"\n  }");
        let d = check_src(&src);
        let e = expect_at(&src, &d, codes::AGGREGATE_AS_CALL, "sum", 0);
        assert!(e.help.as_deref().unwrap_or("").contains("within 30 days, event.total"));
    }

    #[test]
    fn durations_only_shift_times() {
        let src = journey("  if profile.at > 3 days {\n    send sms \"a\"\n  }");
        let d = check_src(&src);
        expect_at(&src, &d, codes::DURATION_NOT_SHIFT, "3 days", 0);
        let ok = journey("  if profile.at - 2 hours < now + 3 days {\n    send sms \"a\"\n  }");
        let d = check_src(&ok);
        assert!(d.iter().all(|d| !d.is_error()), "{d:#?}");
    }

    #[test]
    fn literal_arguments_are_validated() {
        let src = journey(
            "  send sms \"{{format_money(event.total, \"usd\")}} {{round(event.x, 11)}} \
             {{format_date(now, \"%Q\")}}\"",
        );
        let d = check_src(&src);
        let c = with_code(&d, codes::BAD_CURRENCY);
        assert_eq!(c.len(), 1, "{d:#?}");
        assert_eq!(c[0].help.as_deref(), Some("did you mean \"USD\"?"));
        assert_eq!(with_code(&d, codes::BAD_DIGITS).len(), 1, "{d:#?}");
        assert_eq!(with_code(&d, codes::BAD_DATE_PATTERN).len(), 1, "{d:#?}");
    }

    #[test]
    fn date_patterns() {
        assert!(check_date_pattern("%B %-d, %Y").is_ok());
        assert!(check_date_pattern("%A %H:%M").is_ok());
        assert!(check_date_pattern("100%%").is_ok());
        assert!(check_date_pattern("%Q").is_err());
        assert!(check_date_pattern("%").is_err());
        assert!(check_date_pattern("").is_err());
        assert!(check_date_pattern("%Z").is_err());
        assert!(check_date_pattern("%s").is_err());
    }

    #[test]
    fn default_of_a_literal_warns() {
        let src = journey("  send sms \"{{default(\"x\", profile.a)}}\"");
        let d = check_src(&src);
        assert_eq!(with_code(&d, codes::DEFAULT_NEVER_USED).len(), 1, "{d:#?}");
    }
}
