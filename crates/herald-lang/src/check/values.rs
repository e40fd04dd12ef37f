//! Literal values: durations (E0204), times of day (E0205), time zones (E0206), money (E0208,
//! W0006), limit counts (E0209), split percentages (E0210, E0202) and empty quiet hours (W0005).

use super::walk::Visitor;
use super::{with_help, word_span, Suggester};
use crate::diagnostics::{codes, did_you_mean, Diagnostic};
use crate::syntax::ast::{
    Clause, ClauseKind, Duration, Money, Number, QuietHours, Step, StepKind, StringLit, TimeOfDay,
};
use std::str::FromStr;

/// The longest duration accepted: 10 years of 365.25 days.
pub const MAX_DURATION_SECONDS: i64 = 3_652 * 86_400 + 43_200;
/// Money is counted in millionths of the currency unit (micros).
pub const MAX_MONEY_DECIMALS: usize = 6;

/// ISO 4217 List One, the codes in use (funds codes and precious metals included; withdrawn
/// codes such as HRK, SLL, CUC, ANG and ZWL excluded), as amended through 2025.
pub const CURRENCIES: &[&str] = &[
    "AED", "AFN", "ALL", "AMD", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN",
    "BHD", "BIF", "BMD", "BND", "BOB", "BOV", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD",
    "CDF", "CHE", "CHF", "CHW", "CLF", "CLP", "CNY", "COP", "COU", "CRC", "CUP", "CVE", "CZK",
    "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS",
    "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD",
    "IRR", "ISK", "JMD", "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD",
    "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT",
    "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MXV", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK",
    "NPR", "NZD", "OMR", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD",
    "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP",
    "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS",
    "UAH", "UGX", "USD", "USN", "UYI", "UYU", "UYW", "UZS", "VED", "VES", "VND", "VUV", "WST",
    "XAF", "XAG", "XAU", "XBA", "XBB", "XBC", "XBD", "XCD", "XCG", "XDR", "XOF", "XPD", "XPF",
    "XPT", "XSU", "XTS", "XUA", "XXX", "YER", "ZAR", "ZMW", "ZWG",
];

/// A decimal amount as written (`0.05`) in micros, or `None` when it has more than six
/// decimals, is not a plain decimal, or does not fit an i64.
pub fn money_micros(amount: &str) -> Option<i64> {
    let (int, frac) = amount.split_once('.').unwrap_or((amount, ""));
    if int.is_empty()
        || frac.len() > MAX_MONEY_DECIMALS
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let whole: i64 = int.parse().ok()?;
    let mut micros_frac: i64 = 0;
    for i in 0..MAX_MONEY_DECIMALS {
        let digit = frac.as_bytes().get(i).map_or(0, |b| i64::from(b - b'0'));
        micros_frac = micros_frac * 10 + digit;
    }
    whole.checked_mul(1_000_000)?.checked_add(micros_frac)
}

/// Why a percentage is not usable.
#[derive(Debug, PartialEq)]
enum PercentError {
    TooPrecise,
    TooLarge,
}

/// `33.33` → 3333 hundredths of a percent.
fn hundredths(text: &str) -> Result<u64, PercentError> {
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    if frac.len() > 2 {
        return Err(PercentError::TooPrecise);
    }
    let whole: u64 = int.parse().map_err(|_| PercentError::TooLarge)?;
    let mut f: u64 = 0;
    for i in 0..2 {
        let digit = frac.as_bytes().get(i).map_or(0, |b| u64::from(b.wrapping_sub(b'0')));
        f = f * 10 + digit;
    }
    whole.checked_mul(100).and_then(|w| w.checked_add(f)).ok_or(PercentError::TooLarge)
}

/// 9000 → "90", 9950 → "99.5", 3333 → "33.33".
fn percent_text(hundredths: u64) -> String {
    let (int, frac) = (hundredths / 100, hundredths % 100);
    if frac == 0 {
        format!("{int}")
    } else if frac % 10 == 0 {
        format!("{int}.{}", frac / 10)
    } else {
        format!("{int}.{frac:02}")
    }
}

fn duration_text(d: &Duration) -> String {
    let unit = d.unit.singular();
    if d.amount == 1 {
        format!("1 {unit}")
    } else {
        format!("{} {unit}s", d.amount)
    }
}

fn time_valid(t: &TimeOfDay) -> bool {
    t.hour <= 23 && t.minute <= 59
}

/// The closest IANA zone name: same name in another letter case, a city written with spaces
/// (`new york`), or the nearest by edit distance.
fn suggest_zone(name: &str, suggester: &mut Suggester) -> Option<&'static str> {
    // Every zone's name, in chrono-tz's `TZ_VARIANTS` order (the first match wins below).
    let zones = crate::tz::names();
    if !suggester.afford(name, zones) {
        return None;
    }
    let normalized = name.trim().replace(' ', "_");
    if let Some(z) = zones.iter().find(|z| z.eq_ignore_ascii_case(&normalized)) {
        return Some(z);
    }
    if let Some(z) = zones.iter().find(|z| {
        z.contains('/')
            && z.rsplit('/').next().is_some_and(|city| city.eq_ignore_ascii_case(&normalized))
    }) {
        return Some(z);
    }
    did_you_mean(name, zones.iter().copied())
}

#[derive(Default)]
pub(crate) struct Values {
    pub(crate) diags: Vec<Diagnostic>,
    suggester: Suggester,
}

impl Values {
    fn limit_count(&mut self, n: &Number) {
        let message = if n.value.fract() != 0.0 {
            Some((
                format!("a limit counts whole messages, and `{}` is not whole", n.text),
                "write a whole number such as `2`".to_string(),
            ))
        } else if n.value == 0.0 {
            Some((
                "a limit of 0 would block every message".to_string(),
                "use a limit of at least 1, or remove the sends".to_string(),
            ))
        } else if n.value > super::MAX_LIMIT_COUNT as f64 {
            Some((
                format!("`{}` is above the largest limit, {}", n.text, super::MAX_LIMIT_COUNT),
                "a larger limit never applies in practice: remove it".to_string(),
            ))
        } else {
            None
        };
        if let Some((message, help)) = message {
            self.diags.push(Diagnostic::error(codes::BAD_LIMIT, n.span, message).with_help(help));
        }
    }

    fn money(&mut self, m: &Money) {
        let decimals = m.amount.split_once('.').map_or(0, |(_, f)| f.len());
        if decimals > MAX_MONEY_DECIMALS {
            self.diags.push(
                Diagnostic::error(
                    codes::BAD_MONEY,
                    m.span,
                    format!(
                        "`{}` has {decimals} decimals; herald counts money in millionths \
                         ({MAX_MONEY_DECIMALS} decimals at most)",
                        m.amount
                    ),
                )
                .with_help("round the amount to 6 decimals"),
            );
        } else {
            match money_micros(&m.amount) {
                None => self.diags.push(Diagnostic::error(
                    codes::BAD_MONEY,
                    m.span,
                    format!("`{}` is too large an amount", m.amount),
                )),
                Some(0) => self.diags.push(
                    Diagnostic::warning(
                        codes::ZERO_BUDGET,
                        m.span,
                        "a budget of 0 suppresses every message that costs anything",
                    )
                    .with_help("only free channels can send; remove `budget` for no ceiling"),
                ),
                Some(_) => {}
            }
        }
        if !m.dollar_sign && !CURRENCIES.contains(&m.currency.as_str()) {
            let end = m.span.end;
            let span = crate::syntax::ast::Span::new(end.saturating_sub(m.currency.len()), end);
            let help = self
                .suggester
                .help(&m.currency, CURRENCIES)
                .or_else(|| Some("use an ISO 4217 code such as `USD`, `EUR` or `GBP`".to_string()));
            self.diags.push(with_help(
                Diagnostic::error(
                    codes::BAD_MONEY,
                    span,
                    format!("unknown currency `{}`", m.currency),
                ),
                help,
            ));
        }
    }

    fn timezone(&mut self, s: &StringLit) {
        // With `{{ }}` it is E0207 already.
        let Some(name) = s.as_plain() else { return };
        if crate::tz::Tz::from_str(&name).is_ok() {
            return;
        }
        let help = match suggest_zone(&name, &mut self.suggester) {
            Some(z) => format!("did you mean \"{z}\"?"),
            None => "use an IANA time zone name such as \"America/New_York\" or \"Europe/Paris\""
                .to_string(),
        };
        self.diags.push(
            Diagnostic::error(codes::BAD_TIMEZONE, s.span, format!("unknown time zone \"{name}\""))
                .with_help(help),
        );
    }

    fn quiet_hours(&mut self, q: &QuietHours) {
        if time_valid(&q.from) && time_valid(&q.to) && q.from.hour == q.to.hour {
            if q.from.minute != q.to.minute {
                return;
            }
            self.diags.push(
                Diagnostic::warning(
                    codes::EMPTY_QUIET_HOURS,
                    q.from.span.to(q.to.span),
                    format!(
                        "quiet hours from {:02}:{:02} to {:02}:{:02} are empty, so they never apply",
                        q.from.hour, q.from.minute, q.to.hour, q.to.minute
                    ),
                )
                .with_help(
                    "quiet hours run from the first time (included) to the second (excluded), \
                     across midnight if needed, such as `21:00 to 08:00`",
                ),
            );
        }
    }

    fn split(&mut self, step: &Step, arms: &[crate::syntax::ast::SplitArm]) {
        let mut sum: u64 = 0;
        let mut summable = !arms.is_empty();
        for arm in arms {
            let p = &arm.percent;
            match hundredths(&p.text) {
                Err(PercentError::TooPrecise) => {
                    summable = false;
                    self.diags.push(
                        Diagnostic::error(
                            codes::BAD_PERCENT,
                            p.span,
                            format!("`{}%` has more than 2 decimals", p.text),
                        )
                        .with_help("herald splits in steps of 0.01%"),
                    );
                }
                Err(PercentError::TooLarge) => {
                    summable = false;
                    self.diags.push(Diagnostic::error(
                        codes::BAD_PERCENT,
                        p.span,
                        format!("`{}%` is more than 100%", p.text),
                    ));
                }
                Ok(0) => self.diags.push(
                    Diagnostic::error(
                        codes::BAD_PERCENT,
                        p.span,
                        "a 0% arm never runs".to_string(),
                    )
                    .with_help("remove this arm"),
                ),
                Ok(h) => {
                    if h > 10_000 {
                        self.diags.push(Diagnostic::error(
                            codes::BAD_PERCENT,
                            p.span,
                            format!("`{}%` is more than 100%", p.text),
                        ));
                    }
                    sum = sum.saturating_add(h);
                }
            }
        }
        if summable && sum != 10_000 {
            self.diags.push(
                Diagnostic::error(
                    codes::SPLIT_NOT_100,
                    word_span(step.span.start, "split"),
                    format!(
                        "the percentages of this split add up to {}%, not 100%",
                        percent_text(sum)
                    ),
                )
                .with_help(
                    "make them add up to 100; for a holdout group add an arm such as \
                     `10% { stop }`",
                ),
            );
        }
    }
}

impl<'a> Visitor<'a> for Values {
    fn duration(&mut self, d: &'a Duration) {
        if d.amount <= 0 {
            self.diags.push(
                Diagnostic::error(
                    codes::BAD_DURATION,
                    d.span,
                    format!("`{}` is not a duration: it must be more than zero", duration_text(d)),
                )
                .with_help("write a positive amount such as `1 day`"),
            );
        } else if d.seconds() > MAX_DURATION_SECONDS {
            self.diags.push(
                Diagnostic::error(
                    codes::BAD_DURATION,
                    d.span,
                    format!(
                        "`{}` is longer than 10 years, the longest duration herald accepts",
                        duration_text(d)
                    ),
                )
                .with_help("use a shorter duration"),
            );
        }
    }

    fn time(&mut self, t: &'a TimeOfDay) {
        if time_valid(t) {
            return;
        }
        let message = if t.hour == 99 || t.minute == 99 {
            "this is not a time of day".to_string()
        } else if t.hour > 23 {
            format!("`{:02}:{:02}` is not a time of day: hours run from 00 to 23", t.hour, t.minute)
        } else {
            format!(
                "`{:02}:{:02}` is not a time of day: minutes run from 00 to 59",
                t.hour, t.minute
            )
        };
        let help = if t.hour == 24 && t.minute == 0 {
            "midnight is `00:00`"
        } else {
            "write a 24-hour time `HH:MM`, from `00:00` to `23:59`"
        };
        self.diags.push(Diagnostic::error(codes::BAD_TIME_OF_DAY, t.span, message).with_help(help));
    }

    fn clause(&mut self, c: &'a Clause) {
        match &c.kind {
            ClauseKind::Limit(l) => self.limit_count(&l.count),
            ClauseKind::Budget(m) => self.money(m),
            ClauseKind::Timezone(s) => self.timezone(s),
            ClauseKind::QuietHours(q) => self.quiet_hours(q),
            _ => {}
        }
    }

    fn step(&mut self, s: &'a Step) {
        if let StepKind::Split(arms) = &s.kind {
            self.split(s, arms);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{check_src, expect_at, journey, with_code};
    use super::*;

    fn one(src: &str, code: impl std::fmt::Display, at: &str) -> Diagnostic {
        let d = check_src(src);
        expect_at(src, &d, code, at, 0).clone()
    }

    #[test]
    fn micros_are_exact() {
        assert_eq!(money_micros("0.05"), Some(50_000));
        assert_eq!(money_micros("12"), Some(12_000_000));
        assert_eq!(money_micros("0.000001"), Some(1));
        assert_eq!(money_micros("0.0000001"), None);
        assert_eq!(money_micros("99999999999999999999"), None);
        assert_eq!(money_micros(""), None);
    }

    #[test]
    fn durations_must_be_positive_and_at_most_ten_years() {
        let src = journey("  wait 0 days\n  send sms \"a\"");
        let e = one(&src, codes::BAD_DURATION, "0 days");
        assert_eq!(e.message, "`0 days` is not a duration: it must be more than zero");
        let src = journey("  wait for event \"x\" within -2 hours { send sms \"a\" }");
        one(&src, codes::BAD_DURATION, "-2 hours");
        let src = journey("  reentry after 600 weeks\n  send sms \"a\"");
        let e = one(&src, codes::BAD_DURATION, "600 weeks");
        assert!(e.message.contains("longer than 10 years"));
        let src =
            journey("  if count(event \"x\" within 0 seconds) > 1 { stop }\n  send sms \"a\"");
        one(&src, codes::BAD_DURATION, "0 seconds");
        let src = journey("  wait 3652 days\n  send sms \"a\"");
        assert!(with_code(&check_src(&src), codes::BAD_DURATION).is_empty());
    }

    #[test]
    fn times_of_day() {
        let src = journey("  wait until 24:00\n  send sms \"a\"");
        let e = one(&src, codes::BAD_TIME_OF_DAY, "24:00");
        assert_eq!(e.help.as_deref(), Some("midnight is `00:00`"));
        let src = journey("  quiet hours 21:00 to 08:60\n  send sms \"a\"");
        one(&src, codes::BAD_TIME_OF_DAY, "08:60");
        let src = journey("  wait until 123:5\n  send sms \"a\"");
        let e = one(&src, codes::BAD_TIME_OF_DAY, "123:5");
        assert_eq!(e.message, "this is not a time of day");
        let src = journey("  wait until 9:30\n  send sms \"a\"");
        assert!(with_code(&check_src(&src), codes::BAD_TIME_OF_DAY).is_empty());
    }

    #[test]
    fn time_zones() {
        let src = format!(
            "policy {{\n  timezone \"America/New_Yrok\"\n}}\n{}",
            journey("  send sms \"a\"")
        );
        let e = one(&src, codes::BAD_TIMEZONE, "\"America/New_Yrok\"");
        assert_eq!(e.help.as_deref(), Some("did you mean \"America/New_York\"?"));
        let mut s = Suggester::default();
        assert_eq!(suggest_zone("new york", &mut s), Some("America/New_York"));
        assert_eq!(suggest_zone("europe/paris", &mut s), Some("Europe/Paris"));
        assert_eq!(suggest_zone("Mars/Olympus", &mut s), None);
        // The candidates, in the order the first match is taken from: chrono-tz's, as before
        // herald had its own zone names.
        let theirs: Vec<&str> = chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name()).collect();
        assert_eq!(crate::tz::names(), theirs);
        assert_eq!(suggest_zone("calcutta", &mut s), Some("Asia/Calcutta"));
        assert_eq!(suggest_zone("us/eastern", &mut s), Some("US/Eastern"));
        let ok = format!("policy {{\n  timezone \"UTC\"\n}}\n{}", journey("  send sms \"a\""));
        assert_eq!(check_src(&ok), vec![]);
    }

    #[test]
    fn money() {
        let src = journey("  budget 0.05 EUX per entry\n  send sms \"a\"");
        let e = one(&src, codes::BAD_MONEY, "EUX");
        assert_eq!(e.message, "unknown currency `EUX`");
        assert!(e.help.is_some());
        let src = journey("  budget 0.05 eur per entry\n  send sms \"a\"");
        let e = one(&src, codes::BAD_MONEY, "eur");
        assert_eq!(e.help.as_deref(), Some("did you mean `EUR`?"));
        let src = journey("  budget $0.0000001 per entry\n  send sms \"a\"");
        one(&src, codes::BAD_MONEY, "$0.0000001");
        let src = journey("  budget 0.05 USD per entry\n  send sms \"a\"");
        assert_eq!(check_src(&src), vec![]);
        // A valid code other than the price table's is E0211 (check/safety.rs), not E0208.
        let src = journey("  budget 0.05 EUR per entry\n  send sms \"a\"");
        one(&src, codes::BUDGET_CURRENCY, "0.05 EUR");
        let src = journey("  budget $0 per entry\n  send sms \"a\"");
        let w = one(&src, codes::ZERO_BUDGET, "$0");
        assert!(!w.is_error());
    }

    #[test]
    fn limit_counts() {
        for (count, bad) in [("0", true), ("1.5", true), ("1000001", true), ("2.0", false)] {
            let src = journey(&format!(
                "  reentry always\n  limit {count} messages per 1 day\n  send sms \"a\""
            ));
            if bad {
                one(&src, codes::BAD_LIMIT, count);
            } else {
                assert_eq!(check_src(&src), vec![]);
            }
        }
    }

    #[test]
    fn split_percentages() {
        let src = journey("  split {\n    50% { send sms \"a\" }\n    40% { stop }\n  }");
        let e = one(&src, codes::SPLIT_NOT_100, "split");
        assert_eq!(e.message, "the percentages of this split add up to 90%, not 100%");
        let src = journey(
            "  split {\n    33.33% { send sms \"a\" }\n    33.33% { stop }\n    33.33% { stop }\n  }",
        );
        let e = one(&src, codes::SPLIT_NOT_100, "split");
        assert!(e.message.contains("99.99%"));
        let src = journey(
            "  split {\n    33.34% { send sms \"a\" }\n    33.33% { stop }\n    33.33% { stop }\n  }",
        );
        assert_eq!(check_src(&src), vec![]);
        let src = journey("  split {\n    0% { send sms \"a\" }\n    100% { stop }\n  }");
        one(&src, codes::BAD_PERCENT, "0");
        let src = journey("  split {\n    150% { send sms \"a\" }\n    100% { stop }\n  }");
        one(&src, codes::BAD_PERCENT, "150");
        let src = journey("  split {\n    50.125% { send sms \"a\" }\n    49.875% { stop }\n  }");
        let d = check_src(&src);
        assert_eq!(with_code(&d, codes::BAD_PERCENT).len(), 2);
        assert!(with_code(&d, codes::SPLIT_NOT_100).is_empty());
        assert_eq!(percent_text(9950), "99.5");
    }

    #[test]
    fn empty_quiet_hours() {
        let src = journey("  quiet hours 08:00 to 08:00\n  send sms \"a\"");
        let w = one(&src, codes::EMPTY_QUIET_HOURS, "08:00 to 08:00");
        assert!(!w.is_error());
    }
}
