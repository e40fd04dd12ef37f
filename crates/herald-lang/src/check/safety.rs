//! Safety rules of SPEC §6: a `budget` in a currency the price table cannot compare (E0211),
//! SMS and MMS text over the providers' 1,600 characters (E0212 for the literal text alone,
//! W0007 when interpolation may take it there), and an `exit when` that swallows the event a
//! later `wait for` waits for (W0008).

use super::walk::Visitor;
use crate::diagnostics::{codes, Diagnostic};
use crate::format::expr::expr;
use crate::syntax::ast::{
    Block, ClauseKind, Content, EventMatch, Journey, SendOption, Span, Step, StepKind, StrPart,
};

/// The longest SMS or MMS text providers take, in characters (Unicode scalar values).
pub const MAX_SMS_CHARS: usize = 1_600;
/// What analysis assumes one `{{ }}` renders to, in characters (SPEC §3).
pub const INTERPOLATION_CHARS: usize = 32;

pub(crate) struct Safety<'c> {
    pub(crate) diags: Vec<Diagnostic>,
    /// The price table's currency (budgets in another cannot be checked).
    pub(crate) currency: &'c str,
}

impl<'a> Visitor<'a> for Safety<'_> {
    fn journey(&mut self, j: &'a Journey) {
        for c in j.clauses() {
            if let ClauseKind::Budget(m) = &c.kind {
                // An unknown code is E0208's business.
                let known = super::CURRENCIES.contains(&m.currency.as_str());
                if known && m.currency != self.currency {
                    self.diags.push(
                        Diagnostic::error(
                            codes::BUDGET_CURRENCY,
                            m.span,
                            format!(
                                "this budget is in {} but the prices are in {}: it cannot be checked",
                                m.currency, self.currency
                            ),
                        )
                        .with_help(format!(
                            "write the budget in {} (at run time a budget that cannot be \
                             compared with the prices suppresses every send)",
                            self.currency
                        )),
                    );
                }
            }
        }
        let exits: Vec<&EventMatch> = j
            .clauses()
            .filter_map(|c| match &c.kind {
                ClauseKind::ExitWhen(m) => Some(m),
                _ => None,
            })
            .collect();
        if !exits.is_empty() {
            let mut waits = Vec::new();
            wait_fors(j.steps(), &mut waits);
            for w in waits {
                if exits.iter().any(|e| swallows(e, w)) {
                    let name = w.name.as_plain().unwrap_or_default();
                    self.diags.push(
                        Diagnostic::warning(
                            codes::WAIT_NEVER_RESUMES,
                            Span {
                                start: w.span.start,
                                end: w.condition.as_ref().map_or(w.name.span.end, |c| c.span.end),
                            },
                            format!(
                                "this `wait for` can never resume: `exit when event \"{name}\"` \
                                 ends the run first"
                            ),
                        )
                        .with_help(
                            "an exit is tested before the event a run waits for: drop the \
                             `exit when`, give it a `where` that leaves this event out, or wait \
                             for another event",
                        ),
                    );
                }
            }
        }
    }

    fn step(&mut self, s: &'a Step) {
        if let StepKind::Send(options) = &s.kind {
            for o in options {
                self.sms_length(o);
            }
        }
    }
}

impl Safety<'_> {
    /// E0212 and W0007 for one send option.
    fn sms_length(&mut self, o: &SendOption) {
        if !matches!(o.channel.name.as_str(), "sms" | "mms") {
            return;
        }
        let Content::Text(text) = &o.content else { return };
        let mut literal = 0usize;
        let mut interpolations = 0usize;
        for p in &text.parts {
            match p {
                StrPart::Text(t) => literal += t.chars().count(),
                StrPart::Interp(_) => interpolations += 1,
            }
        }
        let ch = &o.channel.name;
        if literal > MAX_SMS_CHARS {
            self.diags.push(
                Diagnostic::error(
                    codes::SMS_TOO_LONG,
                    text.span,
                    format!(
                        "this {ch} text is {literal} characters long; providers take at most \
                         {MAX_SMS_CHARS}"
                    ),
                )
                .with_help("shorten it, or send a link to the long text"),
            );
        } else if interpolations > 0
            && literal + interpolations * INTERPOLATION_CHARS > MAX_SMS_CHARS
        {
            let likely = literal + interpolations * INTERPOLATION_CHARS;
            self.diags.push(
                Diagnostic::warning(
                    codes::SMS_MAY_BE_TOO_LONG,
                    text.span,
                    format!(
                        "this {ch} text may be longer than {MAX_SMS_CHARS} characters once \
                         rendered: {literal} written and {interpolations} `{{{{ }}}}` counted \
                         as {INTERPOLATION_CHARS} each make {likely}"
                    ),
                )
                .with_help(
                    "shorten it; a rendered text over the limit is suppressed with `too_long` \
                     and the send moves to its fallback",
                ),
            );
        }
    }
}

/// Every `wait for` of some steps, nested ones included, in document order.
fn wait_fors<'a>(steps: impl IntoIterator<Item = &'a Step>, out: &mut Vec<&'a EventMatch>) {
    let block = |b: &'a Block, out: &mut Vec<&'a EventMatch>| wait_fors(&b.steps, out);
    for s in steps {
        match &s.kind {
            StepKind::WaitFor { event, body, timeout, .. } => {
                out.push(event);
                block(body, out);
                if let Some(t) = timeout {
                    block(t, out);
                }
            }
            StepKind::If { branches, otherwise } => {
                for (_, b) in branches {
                    block(b, out);
                }
                if let Some(b) = otherwise {
                    block(b, out);
                }
            }
            StepKind::Split(arms) => {
                for a in arms {
                    block(&a.body, out);
                }
            }
            _ => {}
        }
    }
}

/// Whether every event the `wait for` matches also matches the `exit when`, which is tested
/// first: the same name, and an exit without `where` or with the same `where` as the wait.
pub fn swallows(exit: &EventMatch, wait: &EventMatch) -> bool {
    let (Some(a), Some(b)) = (exit.name.as_plain(), wait.name.as_plain()) else {
        return false;
    };
    if a != b {
        return false;
    }
    match (&exit.condition, &wait.condition) {
        (None, _) => true,
        (Some(x), Some(y)) => expr(x) == expr(y),
        (Some(_), None) => false,
    }
}

/// Whether an `exit when` of the journey swallows this `wait for` event (analysis leaves the
/// event block of such a wait out: it never runs).
pub fn never_resumes(j: &Journey, wait: &EventMatch) -> bool {
    j.clauses().any(|c| matches!(&c.kind, ClauseKind::ExitWhen(e) if swallows(e, wait)))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{check_src, expect_at, journey, with_code};
    use crate::diagnostics::codes;

    #[test]
    fn a_budget_in_another_currency_than_the_table_is_an_error() {
        let src = journey("  budget 0.05 EUR per entry\n  send sms \"a\"");
        let d = check_src(&src);
        expect_at(&src, &d, codes::BUDGET_CURRENCY, "0.05 EUR", 0);
        assert!(with_code(
            &check_src(&journey("  budget $0.05 per entry\n  send sms \"a\"")),
            codes::BUDGET_CURRENCY
        )
        .is_empty());
        assert!(with_code(
            &check_src(&journey("  budget 0.05 USD per entry\n  send sms \"a\"")),
            codes::BUDGET_CURRENCY
        )
        .is_empty());
    }

    #[test]
    fn sms_longer_than_the_providers_take() {
        let long = "x".repeat(3_900);
        let src = journey(&format!("  send sms \"{long}\" fallback email \"{long}\""));
        let d = check_src(&src);
        assert_eq!(with_code(&d, codes::SMS_TOO_LONG).len(), 1, "email has no such limit");
        let at_limit = "é".repeat(1_600);
        assert!(with_code(
            &check_src(&journey(&format!("  send mms \"{at_limit}\""))),
            codes::SMS_TOO_LONG
        )
        .is_empty());
        // 1,580 written + one interpolation counted as 32 > 1,600: a warning, not an error.
        let src = journey(&format!("  send sms \"{}{{{{profile.name}}}}\"", "y".repeat(1_580)));
        let d = check_src(&src);
        assert!(with_code(&d, codes::SMS_TOO_LONG).is_empty());
        assert_eq!(with_code(&d, codes::SMS_MAY_BE_TOO_LONG).len(), 1);
        let src = journey(&format!("  send sms \"{}{{{{profile.name}}}}\"", "y".repeat(1_500)));
        assert!(with_code(&check_src(&src), codes::SMS_MAY_BE_TOO_LONG).is_empty());
    }

    #[test]
    fn an_exit_that_swallows_a_later_wait_for() {
        let src = "journey \"j\" {\n  when event \"E\"\n  exit when event \"Order\"\n  send email \"a\"\n  wait for event \"Order\" within 1 day {\n    send email \"thanks\"\n  }\n}\n";
        let d = check_src(src);
        expect_at(src, &d, codes::WAIT_NEVER_RESUMES, "event \"Order\"", 1);
        // An exit with a condition only swallows a wait with the same condition.
        let other = src.replace(
            "exit when event \"Order\"",
            "exit when event \"Order\" where event.total > 100",
        );
        assert!(with_code(&check_src(&other), codes::WAIT_NEVER_RESUMES).is_empty());
        let same = other.replace(
            "wait for event \"Order\"",
            "wait for event \"Order\" where event.total > 100",
        );
        assert_eq!(with_code(&check_src(&same), codes::WAIT_NEVER_RESUMES).len(), 1);
        let nested = src.replace("  wait for event \"Order\" within 1 day {\n    send email \"thanks\"\n  }", "  if profile.a == 1 {\n    wait for event \"Order\" within 1 day {\n      send email \"thanks\"\n    }\n  }");
        assert_eq!(with_code(&check_src(&nested), codes::WAIT_NEVER_RESUMES).len(), 1);
    }
}
