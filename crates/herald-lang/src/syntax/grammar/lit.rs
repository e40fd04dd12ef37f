//! The grammar's literals: words, numbers, times, durations, money and strings, each read into
//! its node (a number or a duration that does not fit, or a bad escape, is a diagnostic).

use super::super::ast::*;
use super::super::peg::{is_ident_char, Atomicity, Rule as R, P};
use super::{expr, ok};
use crate::diagnostics::{codes, Diagnostic};

pub(in crate::syntax) fn word_body(p: &mut P) -> bool {
    if !p.peek().is_some_and(|b| b.is_ascii_alphabetic() || b == b'_') {
        return false;
    }
    p.pos += 1;
    while p.peek().is_some_and(is_ident_char) {
        p.pos += 1;
    }
    true
}

/// The span of a rule matched by `f` (for the rules whose node is their text).
pub(in crate::syntax) fn spanned(p: &mut P, f: impl FnOnce(&mut P) -> bool) -> Option<Span> {
    let start = p.pos;
    ok(f(p))?;
    Some(p.from(start))
}

pub(in crate::syntax) fn word(p: &mut P) -> Option<Span> {
    spanned(p, |p| p.rule_ok(R::word, word_body))
}

pub(in crate::syntax) fn number_body(p: &mut P) -> bool {
    if !p.digits() {
        return false;
    }
    let start = p.pos;
    if !(p.lit(".") && p.digits()) {
        p.pos = start;
    }
    true
}

/// `number`, as text only (an amount of money).
pub(in crate::syntax) fn number_text(p: &mut P) -> Option<Span> {
    spanned(p, |p| p.rule_ok(R::number, number_body))
}

/// `number`: its value, or a diagnostic when it has none.
pub(in crate::syntax) fn number(p: &mut P) -> Option<Number> {
    let span = number_text(p)?;
    Some(number_node(p, span))
}

/// The number written at `span` (`number` or a test's `t_number`).
pub(in crate::syntax) fn number_node(p: &mut P, span: Span) -> Number {
    let text = p.text(span).to_string();
    let value = match crate::float::parse(&text) {
        Some(v) if v.is_finite() => v,
        _ => {
            let message = format!("`{text}` is not a usable number");
            p.diags.push(Diagnostic::error(codes::SYNTAX, span, message));
            0.0
        }
    };
    Number { value, text, span }
}

fn int(p: &mut P) -> Option<Span> {
    spanned(p, |p| {
        p.rule_ok(R::int, |p| {
            p.lit("-");
            p.digits()
        })
    })
}

pub(in crate::syntax) fn time(p: &mut P) -> Option<TimeOfDay> {
    let span = spanned(p, |p| p.rule_ok(R::time, |p| p.digits() && p.lit(":") && p.digits()))?;
    let (h, m) = p.text(span).split_once(':').unwrap_or(("", ""));
    // Out-of-range digits become 99 and the checker reports an invalid time of day.
    let hour = if h.len() <= 2 { h.parse().unwrap_or(99) } else { 99 };
    let minute = if m.len() == 2 { m.parse().unwrap_or(99) } else { 99 };
    Some(TimeOfDay { hour, minute, span })
}

const UNITS: &[&str] =
    &["seconds", "second", "minutes", "minute", "hours", "hour", "days", "day", "weeks", "week"];

pub(in crate::syntax) fn unit(p: &mut P) -> Option<Span> {
    spanned(p, |p| p.rule_ok(R::unit, |p| p.word_of(UNITS)))
}

pub(in crate::syntax) fn duration(p: &mut P) -> Option<Duration> {
    p.rule(R::duration, |p| {
        let start = p.pos;
        let amount = int(p)?;
        p.skip();
        let unit = unit(p)?;
        let span = p.from(start);
        let amount_text = p.text(amount);
        let amount = match amount_text.parse::<i64>() {
            Ok(a) => a,
            Err(_) => {
                let message = format!("`{amount_text}` is too large");
                p.diags.push(Diagnostic::error(codes::BAD_DURATION, span, message));
                0
            }
        };
        let unit = match p.text(unit).trim_end_matches('s') {
            "second" => DurationUnit::Second,
            "minute" => DurationUnit::Minute,
            "hour" => DurationUnit::Hour,
            "day" => DurationUnit::Day,
            _ => DurationUnit::Week,
        };
        Some(Duration { amount, unit, span })
    })
}

pub(in crate::syntax) fn money(p: &mut P) -> Option<Money> {
    p.rule(R::money, |p| {
        let start = p.pos;
        let dollar = p.atomic(Atomicity::Compound, |p| {
            p.rule(R::dollar_money, |p| {
                p.sym("$")?;
                number_text(p)
            })
        });
        let (amount, currency) = match dollar {
            Some(amount) => (p.text(amount), "USD"),
            None => p.rule(R::code_money, |p| {
                let amount = number_text(p)?;
                p.skip();
                let currency = word(p)?;
                Some((p.text(amount), p.text(currency)))
            })?,
        };
        let (amount, currency) = (amount.to_string(), currency.to_string());
        Some(Money { amount, currency, dollar_sign: dollar.is_some(), span: p.from(start) })
    })
}

/// `string`: its text (escapes decoded) and interpolations. Atomic (`$`): no whitespace is
/// skipped inside but within `{{ }}`.
pub(in crate::syntax) fn string(p: &mut P) -> Option<StringLit> {
    p.atomic(Atomicity::Compound, |p| {
        p.rule(R::string, |p| {
            let start = p.pos;
            p.sym("\"")?;
            let mut parts: Vec<StrPart> = Vec::new();
            p.star(|p| {
                if let Some(text) = str_text(p) {
                    push_text(&mut parts, p.text(text));
                } else if let Some(span) = escape(p) {
                    let text = p.text(span);
                    match decode_escape(text) {
                        Some(c) => push_text(&mut parts, c.encode_utf8(&mut [0; 4])),
                        None => p.diags.push(
                            Diagnostic::error(
                                codes::INVALID_ESCAPE,
                                span,
                                format!("invalid escape `{text}`"),
                            )
                            .with_help(
                                "use \\\" \\\\ \\n \\t \\{ or \\u{1F600} (a Unicode scalar in hex)",
                            ),
                        ),
                    }
                } else {
                    let Some(interp) = interp(p) else { return false };
                    parts.push(StrPart::Interp(interp));
                }
                true
            });
            p.sym("\"")?;
            Some(StringLit { parts, span: p.from(start) })
        })
    })
}

fn push_text(parts: &mut Vec<StrPart>, t: &str) {
    match parts.last_mut() {
        Some(StrPart::Text(prev)) => prev.push_str(t),
        _ => parts.push(StrPart::Text(t.to_string())),
    }
}

fn str_text(p: &mut P) -> Option<Span> {
    spanned(p, |p| {
        p.rule_ok(R::str_text, |p| {
            let start = p.pos;
            while !(p.at("\"") || p.at("\\") || p.at("{{") || p.at("\n")) && p.any() {}
            p.pos > start
        })
    })
}

fn escape(p: &mut P) -> Option<Span> {
    spanned(p, |p| {
        p.rule_ok(R::escape, |p| {
            if !p.lit("\\") {
                return false;
            }
            let after_backslash = p.pos;
            if p.lit("u{") {
                while !(p.at("}") || p.at("\"") || p.at("\n")) && p.any() {}
                if p.lit("}") {
                    return true;
                }
                p.pos = after_backslash;
            }
            !p.at("\n") && p.any()
        })
    })
}

fn interp(p: &mut P) -> Option<Interpolation> {
    p.atomic(Atomicity::NonAtomic, |p| {
        p.rule(R::interp, |p| {
            let start = p.pos;
            p.sym("{{")?;
            p.skip();
            let expr = expr(p)?;
            p.skip();
            p.sym("}}")?;
            Some(Interpolation { expr, span: p.from(start) })
        })
    })
}

/// The character an escape of a string literal stands for (the tests' walk of pest's tree uses
/// it too).
pub(in crate::syntax) fn decode_escape(text: &str) -> Option<char> {
    let body = text.strip_prefix('\\')?;
    match body {
        "\"" => Some('"'),
        "\\" => Some('\\'),
        "n" => Some('\n'),
        "t" => Some('\t'),
        "{" => Some('{'),
        _ => {
            let hex = body.strip_prefix("u{")?.strip_suffix('}')?;
            if hex.is_empty() || hex.len() > 6 {
                return None;
            }
            char::from_u32(u32::from_str_radix(hex, 16).ok()?)
        }
    }
}
