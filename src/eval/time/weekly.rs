//! The waits of SPEC §6 that read the calendar: `wait until HH:MM on DAYS` (the next
//! recipient-local moment that is that time on one of those days) and the instant a
//! `wait until EXPR` waits for. Kept apart from the parsing and printing in `time.rs`.
//!
//! Daylight-saving changes follow the rule of `wait until HH:MM` and quiet hours: a time the
//! clock skips (02:30 on a spring-forward night) is the instant the clock jumps past it (03:00
//! new time), and a time the clock shows twice (01:30 on a fall-back night) is its first showing
//! that is not in the past.

use super::{instants_of_local, local_naive, parse_instant};
use crate::eval::value::Val;
use chrono::{Datelike, NaiveDateTime, NaiveTime, TimeDelta, Timelike};
use herald_lang::syntax::days;
use herald_lang::tz::Zone;

/// `wait until HH:MM on DAYS`: `now` when the recipient's clock shows that minute on one of the
/// days, else the earliest later instant it does. `None` for an empty day set or an instant out
/// of chrono's range (which the request's bounds on `now` rule out).
pub fn wait_until_on(
    tz: Zone<'_>,
    now: i64,
    minute_of_day: u32,
    days: days::DayMask,
) -> Option<i64> {
    let local = local_naive(tz, now)?;
    let today = local.date();
    if days::holds(days, today.weekday().num_days_from_monday())
        && local.hour() * 60 + local.minute() == minute_of_day
    {
        return Some(now);
    }
    let time = NaiveTime::from_hms_opt(minute_of_day / 60, minute_of_day % 60, 0)?;
    // From yesterday (a zone far ahead of the local date's start) to eight days ahead: every
    // day of the week is in range, whatever the offset and its changes.
    let mut best: Option<i64> = None;
    for offset_days in -1i64..=8 {
        let Some(day) = today.checked_add_signed(TimeDelta::days(offset_days)) else {
            continue;
        };
        if !days::holds(days, day.weekday().num_days_from_monday()) {
            continue;
        }
        for t in instants_of_local(tz, NaiveDateTime::new(day, time)).into_iter().flatten() {
            if t >= now && best.is_none_or(|b| t < b) {
                best = Some(t);
            }
        }
    }
    best
}

/// The instant a `wait until EXPR` value names: an instant (`now`), an RFC 3339 text, or a
/// `YYYY-MM-DD` date, read as the start of that day in the recipient's zone. `None` for anything
/// else (missing, a number, a text that is no instant): the caller ends the run.
pub fn instant_of_value(tz: Zone<'_>, v: &Val<'_>) -> Option<i64> {
    match v {
        Val::Time(t) => Some(*t),
        Val::Str(s) => parse_instant(s).or_else(|| local_start_of_date(tz, s)),
        _ => None,
    }
}

/// The first instant of a local calendar date (midnight, or the end of a gap at midnight).
fn local_start_of_date(tz: Zone<'_>, text: &str) -> Option<i64> {
    if text.len() != 10 {
        return None;
    }
    let date = herald_lang::dates::parse_ymd(text)?;
    let [first, _] = instants_of_local(tz, date.and_time(NaiveTime::MIN));
    // Keep to the range the rest of herald reads (years 0001 to 9999).
    first.filter(|t| (super::MIN_INSTANT..=super::MAX_INSTANT).contains(t))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::time::format_instant;
    use std::borrow::Cow;

    fn at(text: &str) -> i64 {
        parse_instant(text).unwrap_or_else(|| panic!("{text}"))
    }
    fn on(zone: &str, now: &str, hhmm: (u32, u32), words: &[&str]) -> String {
        let tz = crate::eval::time::test_zone(zone);
        let mask = words.iter().map(|w| days::mask_of(w).unwrap()).fold(0, |a, b| a | b);
        format_instant(wait_until_on(tz, at(now), hhmm.0 * 60 + hhmm.1, mask).unwrap())
    }

    #[test]
    fn next_matching_day_in_the_recipients_zone() {
        // Friday 2026-03-06 15:00 in New York (20:00Z): the next weekday 09:00 is Monday.
        assert_eq!(
            on("America/New_York", "2026-03-06T20:00:00Z", (9, 0), &["weekday"]),
            "2026-03-09T13:00:00Z"
        );
        // Friday 08:00 local: today still counts.
        assert_eq!(
            on("America/New_York", "2026-03-06T13:00:00Z", (9, 0), &["friday"]),
            "2026-03-06T14:00:00Z"
        );
        // Exactly on the minute: now.
        assert_eq!(
            on("America/New_York", "2026-03-06T14:00:30Z", (9, 0), &["friday"]),
            "2026-03-06T14:00:30Z"
        );
        // A week ahead when the only day is today and the time has passed.
        assert_eq!(on("UTC", "2026-03-06T10:00:00Z", (9, 0), &["friday"]), "2026-03-13T09:00:00Z");
        // Weekend, from a Monday; two days listed: the earlier wins.
        assert_eq!(
            on("Europe/London", "2026-03-02T12:00:00Z", (10, 0), &["weekend"]),
            "2026-03-07T10:00:00Z"
        );
        assert_eq!(
            on("UTC", "2026-03-02T12:00:00Z", (10, 0), &["thursday", "tuesday"]),
            "2026-03-03T10:00:00Z"
        );
        // The local date, not the UTC one: Tuesday 01:00Z is still Monday in New York.
        assert_eq!(
            on("America/New_York", "2026-03-03T01:00:00Z", (21, 30), &["monday"]),
            "2026-03-03T02:30:00Z"
        );
    }

    #[test]
    fn spring_forward_gaps_and_fall_back_folds() {
        // New York springs forward on Sunday 2026-03-08 at 02:00 (to 03:00 EDT): 02:30 that
        // Sunday does not exist; the wait ends when the clock jumps, 03:00 EDT = 07:00Z.
        assert_eq!(
            on("America/New_York", "2026-03-07T12:00:00Z", (2, 30), &["sunday"]),
            "2026-03-08T07:00:00Z"
        );
        // The Sunday after, the same words give 02:30 EDT.
        assert_eq!(
            on("America/New_York", "2026-03-08T12:00:00Z", (2, 30), &["sunday"]),
            "2026-03-15T06:30:00Z"
        );
        // London springs forward on 2026-03-29 at 01:00 (to 02:00 BST): 01:30 → 01:00Z.
        assert_eq!(
            on("Europe/London", "2026-03-28T12:00:00Z", (1, 30), &["weekend"]),
            "2026-03-29T01:00:00Z"
        );
        // New York falls back on Sunday 2026-11-01: 01:30 happens twice (05:30Z EDT, 06:30Z
        // EST); the first showing wins, the second when the first has passed.
        assert_eq!(
            on("America/New_York", "2026-10-31T12:00:00Z", (1, 30), &["sunday"]),
            "2026-11-01T05:30:00Z"
        );
        assert_eq!(
            on("America/New_York", "2026-11-01T05:45:00Z", (1, 30), &["sunday"]),
            "2026-11-01T06:30:00Z"
        );
        // London falls back on 2026-10-25 at 02:00 BST: 01:30 shows at 00:30Z and 01:30Z.
        assert_eq!(
            on("Europe/London", "2026-10-24T12:00:00Z", (1, 30), &["sunday"]),
            "2026-10-25T00:30:00Z"
        );
        // Weekdays across the New York change keep their local 09:00.
        assert_eq!(
            on("America/New_York", "2026-03-06T15:00:00Z", (9, 0), &["monday"]),
            "2026-03-09T13:00:00Z"
        );
        assert_eq!(
            on("America/New_York", "2026-03-02T15:00:00Z", (9, 0), &["tuesday"]),
            "2026-03-03T14:00:00Z"
        );
    }

    #[test]
    fn an_empty_day_set_has_no_answer() {
        assert_eq!(
            wait_until_on(crate::eval::time::test_zone("UTC"), at("2026-03-06T10:00:00Z"), 540, 0),
            None
        );
    }

    #[test]
    fn values_that_are_instants() {
        let ny = crate::eval::time::test_zone("America/New_York");
        let text = |s: &'static str| Val::Str(Cow::Borrowed(s));
        assert_eq!(instant_of_value(ny, &Val::Time(5)), Some(5));
        assert_eq!(
            instant_of_value(ny, &text("2026-03-08T09:00:00-05:00")),
            Some(at("2026-03-08T14:00:00Z"))
        );
        // A date is the recipient's midnight.
        assert_eq!(instant_of_value(ny, &text("2026-03-08")), Some(at("2026-03-08T05:00:00Z")));
        for v in [
            Val::Missing,
            Val::Num(1.0),
            Val::Bool(true),
            text("tomorrow"),
            text("2026-02-30"),
            text("2026-03-08 09:00"),
            text(""),
        ] {
            assert_eq!(instant_of_value(ny, &v), None, "{v:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(3000))]

        /// The checker takes a `wait until "TEXT"` exactly when the evaluator reads it as an
        /// instant (in UTC, where the first day of the year 1 is in range): no journey that checks
        /// meets a literal that ends its run.
        #[test]
        fn the_checker_takes_what_the_evaluator_reads(
            text in "[0-9+ -]{0,2}[0-9]{2,4}-[0-9 ]{1,2}-[0-9 ]{1,2}([Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,4})?([Zz]|[+\u{2212}-][0-9]{2}:[0-9]{2})?)?"
        ) {
            let utc = crate::eval::time::test_zone("UTC");
            let evaluator = instant_of_value(utc, &Val::Str(Cow::Borrowed(text.as_str()))).is_some();
            proptest::prop_assert_eq!(herald_lang::dates::is_wait_instant(&text), evaluator, "{}", text);
        }
    }
}
