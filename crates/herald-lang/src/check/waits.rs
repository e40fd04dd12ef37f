//! The waits of SPEC §6: `wait until HH:MM on DAYS` (E0440 unknown day, W0019 a day named twice
//! or every day named), `wait until EXPR` (E0441 a value that is never an instant, E0442 a text
//! that is no ISO-8601 instant or date) and `send ... expire after D` (W0020 when quiet hours can
//! never defer the send, so it never expires).

use super::walk::Visitor;
use super::Suggester;
use crate::channel::Channel;
use crate::diagnostics::{codes, did_you_mean, Diagnostic};
use crate::syntax::ast::{
    BinaryOp, ClauseKind, Expr, ExprKind, File, Ident, Item, Journey, Step, StepKind, UnaryOp,
};
use crate::syntax::days::{self, DAY_WORDS, EVERY_DAY};

pub(crate) struct Waits {
    pub diags: Vec<Diagnostic>,
    /// The policy has quiet hours.
    policy_quiet: bool,
    /// Quiet hours apply to the journey being walked.
    journey_quiet: bool,
    suggester: Suggester,
}

impl Waits {
    pub fn new(file: &File) -> Self {
        let policy_quiet = file.items.iter().any(|i| match i {
            Item::Policy(p) => {
                p.clauses.iter().any(|c| matches!(c.kind, ClauseKind::QuietHours(_)))
            }
            _ => false,
        });
        Waits {
            diags: Vec::new(),
            policy_quiet,
            journey_quiet: false,
            suggester: Suggester::default(),
        }
    }

    fn days(&mut self, days: &[Ident]) {
        let mut seen: days::DayMask = 0;
        for d in days {
            let Some(mask) = days::mask_of(&d.name) else {
                let mut diag = Diagnostic::error(
                    codes::UNKNOWN_DAY,
                    d.span,
                    format!("unknown day `{}`", d.name),
                );
                let help = match self.suggest_day(&d.name) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => {
                        "write `monday` … `sunday`, `weekday` or `weekend`, separated by commas"
                            .to_string()
                    }
                };
                diag = diag.with_help(help);
                self.diags.push(diag);
                continue;
            };
            if seen & mask == mask {
                self.diags.push(
                    Diagnostic::warning(
                        codes::DUPLICATE_DAY,
                        d.span,
                        format!("`{}` is already named in this list", d.name),
                    )
                    .with_help(format!("remove `{}`", d.name)),
                );
            }
            seen |= mask;
        }
        if days.len() > 1 && seen == EVERY_DAY {
            let span = match (days.first(), days.last()) {
                (Some(a), Some(b)) => a.span.to(b.span),
                _ => return,
            };
            self.diags.push(
                Diagnostic::warning(
                    codes::DUPLICATE_DAY,
                    span,
                    "these days are every day of the week".to_string(),
                )
                .with_help("leave out `on ...`: `wait until HH:MM` waits for the next one"),
            );
        }
    }

    /// `mon` → `monday`, `tuesdays` → `tuesday`, `Monday` → `monday`, `weekdays` → `weekday`,
    /// else the nearest word by edit distance.
    fn suggest_day(&mut self, word: &str) -> Option<&'static str> {
        let lower = word.to_ascii_lowercase();
        let singular = lower.strip_suffix('s').unwrap_or(&lower);
        if let Some(w) = DAY_WORDS.iter().find(|w| **w == lower || **w == singular) {
            return Some(w);
        }
        if lower.len() >= 2 {
            let prefixed: Vec<&&str> = DAY_WORDS.iter().filter(|w| w.starts_with(&lower)).collect();
            if let [only] = prefixed.as_slice() {
                return Some(only);
            }
        }
        if !self.suggester.afford(&lower, DAY_WORDS) {
            return None;
        }
        did_you_mean(&lower, DAY_WORDS.iter().copied())
    }

    fn instant(&mut self, e: &Expr) {
        let mut inner = e;
        while let ExprKind::Paren(x) = &inner.kind {
            inner = x;
        }
        let what = match &inner.kind {
            ExprKind::Number(_) => "a number",
            ExprKind::Bool(_) => "true or false",
            ExprKind::List(_) => "a list",
            ExprKind::Name(_) => "a segment (true or false)",
            ExprKind::Exists(_) | ExprKind::Count { .. } => {
                if matches!(inner.kind, ExprKind::Count { .. }) {
                    "a number"
                } else {
                    "true or false"
                }
            }
            ExprKind::Unary { op: UnaryOp::Not, .. } => "true or false",
            ExprKind::Binary { op, .. } if is_condition(*op) => "true or false",
            ExprKind::String(s) => {
                if let Some(text) = s.as_plain() {
                    if !instant_text(&text) {
                        self.diags.push(
                            Diagnostic::error(
                                codes::BAD_INSTANT_TEXT,
                                s.span,
                                format!("\"{text}\" is no ISO-8601 instant or date"),
                            )
                            .with_help(
                                "write an instant such as \"2026-12-24T09:00:00Z\" (or with an \
                                 offset, \"2026-12-24T09:00:00-05:00\") or a date \"2026-12-24\"",
                            ),
                        );
                    }
                }
                return;
            }
            _ => return,
        };
        self.diags.push(
            Diagnostic::error(
                codes::WAIT_NOT_INSTANT,
                e.span,
                format!("`wait until` needs an instant, and this is {what}"),
            )
            .with_help(
                "give an ISO-8601 text, `now`, or a path holding one (`wait until \
                 trigger.appointment_at`); for a time of day write `wait until 09:00`",
            ),
        );
    }

    fn expire(&mut self, step: &Step) {
        let (Some(d), StepKind::Send(options)) = (&step.expire, &step.kind) else {
            return;
        };
        let channels: Vec<Channel> =
            options.iter().filter_map(|o| Channel::from_name(&o.channel.name)).collect();
        let message = if !self.journey_quiet {
            "this journey has no quiet hours, so the send is never deferred and never expires"
        } else if !channels.is_empty() && channels.iter().all(|c| !c.respects_quiet_hours()) {
            "email and webhook ignore quiet hours, so this send is never deferred and never expires"
        } else {
            return;
        };
        self.diags.push(
            Diagnostic::warning(codes::EXPIRE_NEVER, d.span, message.to_string())
                .with_help("remove `expire after`, or add `quiet hours` to the journey or policy"),
        );
    }
}

/// The help for a word of the waits forms found where a step should start: `on` without
/// days, `expire` without `after DURATION`, a day without `on` (`wait until 09:00 monday`).
pub(crate) fn stray_word_help(word: &str) -> Option<&'static str> {
    Some(match word {
        "on" => "`on` follows a time of day and names the days: `wait until 09:00 on weekday`",
        "expire" => "`expire after DURATION` ends a send: `send sms \"...\" expire after 4 hours`",
        _ if days::mask_of(word).is_some() => {
            "name the days after `on`: `wait until 09:00 on monday`"
        }
        _ => return None,
    })
}

/// Operators whose result is true or false.
fn is_condition(op: BinaryOp) -> bool {
    !matches!(
        op,
        BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div | BinaryOp::Coalesce
    )
}

/// A text the evaluator reads as an instant: an RFC 3339 instant as it takes them (no space for
/// `T`, leap second, U+2212, year 0 or instant outside the years 1-9999) or a `YYYY-MM-DD` date
/// (`crate::dates::is_wait_instant`). Until 2026-12-07 this took all that chrono takes, so a few
/// texts (`"2026-03-08 14:00:00Z"`, `"...T23:59:60Z"`) passed here and ended the run there.
fn instant_text(text: &str) -> bool {
    crate::dates::is_wait_instant(text)
}

impl<'a> Visitor<'a> for Waits {
    fn journey(&mut self, j: &'a Journey) {
        let own = j.clauses().any(|c| matches!(c.kind, ClauseKind::QuietHours(_)));
        let transactional = j.clauses().any(|c| matches!(c.kind, ClauseKind::Transactional));
        self.journey_quiet = own || (self.policy_quiet && !transactional);
    }

    fn step(&mut self, s: &'a Step) {
        match &s.kind {
            StepKind::WaitUntilDays { days, .. } => self.days(days),
            StepKind::WaitUntilExpr(e) => self.instant(e),
            _ => {}
        }
        self.expire(s);
    }
}

#[cfg(test)]
mod tests {
    use crate::check::check;
    use crate::diagnostics::Diagnostic;
    use crate::syntax::parse;

    fn diags(steps: &str) -> Vec<Diagnostic> {
        let src = format!(
            "policy {{\n  quiet hours 21:00 to 08:00\n}}\n\njourney \"j\" {{\n  when event \"E\"\n{steps}\n}}\n"
        );
        let file = parse(&src).unwrap_or_else(|e| panic!("{src}: {e:?}"));
        check(&file)
    }
    fn codes(steps: &str) -> Vec<(String, String, Option<String>)> {
        let mut v: Vec<_> = diags(steps)
            .into_iter()
            .filter(|d| {
                d.code.as_str().starts_with("E044") || matches!(d.code.as_str(), "W0019" | "W0020")
            })
            .map(|d| (d.code.to_string(), d.message, d.help))
            .collect();
        v.sort();
        v
    }

    #[test]
    fn day_words_are_checked_with_suggestions() {
        assert!(codes("  wait until 09:00 on monday, weekend\n  send sms \"a\"").is_empty());
        for (word, want) in [
            ("mon", "monday"),
            ("tuesdays", "tuesday"),
            ("Friday", "friday"),
            ("weekdays", "weekday"),
            ("wednesdy", "wednesday"),
            ("thu", "thursday"),
        ] {
            let got = codes(&format!("  wait until 09:00 on {word}\n  send sms \"a\""));
            assert_eq!(got.len(), 1, "{word}: {got:?}");
            assert_eq!(got[0].0, "E0440");
            assert_eq!(got[0].1, format!("unknown day `{word}`"));
            assert_eq!(got[0].2.as_deref(), Some(format!("did you mean `{want}`?").as_str()));
        }
        // `t` could be tuesday or thursday: no guess.
        let got = codes("  wait until 09:00 on xyzzy\n  send sms \"a\"");
        assert_eq!(got[0].2.as_deref().map(|h| h.starts_with("write `monday`")), Some(true));
    }

    #[test]
    fn stray_words_of_the_waits_get_their_own_help() {
        for (steps, word, help) in [
            ("  wait until 09:00 on\n  send sms \"a\"", "on", "names the days"),
            ("  wait until 09:00 monday\n  send sms \"a\"", "monday", "after `on`"),
            ("  send sms \"a\" expire after\n  stop", "expire", "ends a send"),
        ] {
            let d: Vec<_> = diags(steps).into_iter().filter(|d| d.code == "E0105").collect();
            assert_eq!(d.len(), 1, "{steps}: {d:?}");
            assert_eq!(d[0].message, format!("unknown keyword `{word}`"));
            assert!(d[0].help.as_deref().is_some_and(|h| h.contains(help)), "{:?}", d[0].help);
        }
    }

    #[test]
    fn duplicate_and_every_day_warn() {
        let got = codes("  wait until 09:00 on monday, monday\n  send sms \"a\"");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, "W0019");
        assert_eq!(got[0].1, "`monday` is already named in this list");
        let got = codes("  wait until 09:00 on weekday, friday\n  send sms \"a\"");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].1, "`friday` is already named in this list");
        let got = codes("  wait until 09:00 on weekday, saturday, sunday\n  send sms \"a\"");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].1, "these days are every day of the week");
    }

    #[test]
    fn wait_until_expressions_must_be_instants() {
        for ok in [
            "now",
            "event.at",
            "profile.renewal_at",
            "\"2026-12-24T09:00:00Z\"",
            "\"2026-12-24T09:00:00.5-05:00\"",
            "\"2026-12-24\"",
            "profile.a ?? \"2026-12-24\"",
            "(event.at)",
        ] {
            assert!(codes(&format!("  wait until {ok}\n  send sms \"a\"")).is_empty(), "{ok}");
        }
        for (bad, what) in [
            ("9", "a number"),
            ("true", "true or false"),
            ("event.at > now", "true or false"),
            ("not event.x", "true or false"),
            ("event.at exists", "true or false"),
            ("[1]", "a list"),
            ("(3)", "a number"),
        ] {
            let got = codes(&format!("  wait until {bad}\n  send sms \"a\""));
            assert_eq!(got.len(), 1, "{bad}: {got:?}");
            assert_eq!(got[0].0, "E0441");
            assert_eq!(got[0].1, format!("`wait until` needs an instant, and this is {what}"));
        }
        // The last five chrono reads, and the evaluator does not (the run would end there).
        for bad in [
            "tomorrow",
            "2026-12-24 09:00",
            "2026-02-30",
            "24/12/2026",
            "2026-03-08 14:00:00Z",
            "2026-06-30T23:59:60Z",
            "2026-03-08T14:00:00\u{2212}05:00",
            "0000-03-08T14:00:00Z",
            "0000-03-08",
            "+10000-1-1",
        ] {
            let got = codes(&format!("  wait until \"{bad}\"\n  send sms \"a\""));
            assert_eq!(got.len(), 1, "{bad}: {got:?}");
            assert_eq!(got[0].0, "E0442");
        }
    }

    #[test]
    fn expire_after_that_can_never_expire_warns() {
        assert!(codes("  send sms \"a\" expire after 4 hours").is_empty());
        assert!(codes("  send email \"a\" fallback push \"b\" expire after 4 hours").is_empty());
        let got = codes("  send email \"a\" fallback webhook \"b\" expire after 4 hours");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, "W0020");
        let src = "journey \"j\" {\n  when event \"E\"\n  send sms \"a\" expire after 1 hour\n}\n";
        let d: Vec<_> =
            check(&parse(src).unwrap()).into_iter().filter(|d| d.code == "W0020").collect();
        assert_eq!(d.len(), 1);
        assert!(d[0].message.starts_with("this journey has no quiet hours"));
        // Durations are checked like every other.
        let got: Vec<_> = diags("  send sms \"a\" expire after 0 hours")
            .into_iter()
            .map(|d| d.code.as_str())
            .collect();
        assert!(got.contains(&"E0203") || got.iter().any(|c| c.starts_with("E02")), "{got:?}");
    }
}
