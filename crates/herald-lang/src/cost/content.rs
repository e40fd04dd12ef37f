//! Send content as the cost model sees it before a profile is known: the literal text with each
//! `{{ }}` replaced by a stand-in of a fixed number of GSM-7 characters, and the sends of a
//! journey's steps.

use crate::syntax::ast::{
    BinaryOp, Expr, ExprKind, SendOption, Step, StepKind, StrPart, StringLit,
};

/// How many characters an interpolation counts for when the value is not known yet.
pub const DEFAULT_INTERPOLATION_CHARS: u32 = 32;

/// The literal text with every interpolation replaced by a stand-in of `chars` characters. The
/// stand-in is `xxxx xxxx …` (so that it also counts as words, one per five characters, for
/// voice), led by the characters outside basic GSM-7 that the expression can render: a
/// `format_money` symbol (`€` is a GSM-7 extension character, two septets; an unknown code counts
/// as `€`, the widest), the text of a literal it can output (`default(x, "amigo ç")`,
/// `x ?? "…"`), a literal `format_date` pattern rendered on a sample date. So a helper that
/// can make a message UCS-2 or longer is priced that way.
pub fn sample_text(lit: &StringLit, chars: u32) -> String {
    let mut out = String::new();
    for part in &lit.parts {
        match part {
            StrPart::Text(t) => out.push_str(t),
            StrPart::Interp(i) => {
                let mut special = String::new();
                output_chars(&i.expr, &mut special);
                let lead: String = special
                    .chars()
                    .filter(|c| super::tables::gsm7_septets(*c) != Some(1))
                    .collect();
                let n = lead.chars().count() as u32;
                out.push_str(&lead);
                for i in n..chars.max(n) {
                    out.push(if i % 5 == 4 { ' ' } else { 'x' });
                }
            }
        }
    }
    out
}

/// Characters an expression may put into rendered text (beyond its unknown data).
fn output_chars(e: &Expr, out: &mut String) {
    match &e.kind {
        ExprKind::Paren(inner) => output_chars(inner, out),
        ExprKind::String(s) => {
            if let Some(t) = s.as_plain() {
                out.push_str(&t);
            }
        }
        ExprKind::Binary { op: BinaryOp::Coalesce | BinaryOp::Add, lhs, rhs } => {
            output_chars(lhs, out);
            output_chars(rhs, out);
        }
        ExprKind::Call { function, args } => match (function.name.as_str(), args.as_slice()) {
            ("format_money", [_, code]) => out.push_str(match &code.kind {
                ExprKind::String(s) => match s.as_plain().as_deref() {
                    Some("USD") => "$",
                    Some("GBP") => "£",
                    Some("EUR") | None => "€",
                    Some(_) => "",
                },
                _ => "€",
            }),
            ("format_date", [_, pattern]) => {
                if let ExprKind::String(s) = &pattern.kind {
                    let sample = chrono::NaiveDate::from_ymd_opt(2026, 9, 30)
                        .and_then(|d| d.and_hms_opt(23, 59, 58));
                    if let (Some(p), Some(t)) = (s.as_plain(), sample) {
                        out.push_str(&crate::check::format_date_local(&t, &p).unwrap_or_default());
                    }
                }
            }
            ("default" | "capitalize" | "trim" | "lower" | "upper", args) => {
                args.iter().for_each(|a| output_chars(a, out));
            }
            _ => {}
        },
        _ => {}
    }
}

/// Calls `f` on every send step of the steps and their nested blocks, in source order.
pub fn for_each_send<'a, F>(steps: impl IntoIterator<Item = &'a Step>, f: &mut F)
where
    F: FnMut(&'a Step, &'a [SendOption]),
{
    for step in steps {
        match &step.kind {
            StepKind::Send(options) => f(step, options),
            StepKind::WaitFor { body, timeout, .. } => {
                for_each_send(&body.steps, f);
                if let Some(t) = timeout {
                    for_each_send(&t.steps, f);
                }
            }
            StepKind::If { branches, otherwise } => {
                for (_, block) in branches {
                    for_each_send(&block.steps, f);
                }
                if let Some(b) = otherwise {
                    for_each_send(&b.steps, f);
                }
            }
            StepKind::Split(arms) => {
                for arm in arms {
                    for_each_send(&arm.body.steps, f);
                }
            }
            StepKind::Wait(_)
            | StepKind::WaitUntil(_)
            | StepKind::Stop
            | StepKind::Set { .. }
            | StepKind::Unknown(_) => {}
            StepKind::WaitUntilDays { .. } | StepKind::WaitUntilExpr(_) => {}
            StepKind::Digest(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::ast::{Content, Item};

    #[test]
    fn interpolations_become_fixed_width_stand_ins() {
        let f = crate::syntax::parse(
            "journey \"j\" {\n when event \"E\"\n send sms \"Hi {{profile.name}}!\"\n}\n",
        )
        .unwrap();
        let Some(Item::Journey(j)) = f.items.first() else { panic!() };
        let mut texts = vec![];
        for_each_send(j.steps(), &mut |_, opts| {
            if let Content::Text(lit) = &opts[0].content {
                texts.push(sample_text(lit, 12));
            }
        });
        assert_eq!(texts, ["Hi xxxx xxxx xx!"]);
    }

    fn samples(send: &str) -> Vec<String> {
        let src = format!("journey \"j\" {{\n when event \"E\"\n {send}\n}}\n");
        let f = crate::syntax::parse(&src).unwrap();
        let Some(Item::Journey(j)) = f.items.first() else { panic!() };
        let mut texts = vec![];
        for_each_send(j.steps(), &mut |_, opts| {
            if let Content::Text(lit) = &opts[0].content {
                texts.push(sample_text(lit, 12));
            }
        });
        texts
    }

    #[test]
    fn helper_output_leads_the_stand_in() {
        // € is a GSM-7 extension character: kept (2 septets); $ and £ are basic: plain x's.
        assert_eq!(
            samples("send sms \"{{format_money(event.total, \"EUR\")}}\""),
            ["€xxx xxxx xx"]
        );
        assert_eq!(
            samples("send sms \"{{format_money(event.total, \"GBP\")}}\""),
            ["xxxx xxxx xx"]
        );
        // a code from data may be EUR
        assert_eq!(
            samples("send sms \"{{format_money(event.total, event.code)}}\""),
            ["€xxx xxxx xx"]
        );
        // a literal the expression can output: its characters outside basic GSM-7
        assert_eq!(samples("send sms \"{{default(profile.name, \"Ção\")}}\""), ["ãxxx xxxx xx"]);
        assert_eq!(samples("send sms \"{{profile.name ?? \"amigo\"}}\""), ["xxxx xxxx xx"]);
        // a literal compared, not output, does not count
        assert_eq!(samples("send sms \"{{profile.name == \"ç\"}}\""), ["xxxx xxxx xx"]);
        // a date pattern rendered: ASCII month and day names
        assert_eq!(samples("send sms \"{{format_date(now, \"%B ~%d\")}}\""), ["~xxx xxxx xx"]);
    }
}
