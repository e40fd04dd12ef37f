//! Time helpers (SPEC §6), in the recipient's zone (`profile.timezone`, else the policy's
//! `timezone`, else UTC, as quiet hours): date parts, `days_until`/`hours_until`, instant ±
//! duration, `format_date`, and [`Ctx::instant`], the one way to read an expression as an instant
//! (what `wait until EXPR` uses).
//!
//! A bare date (`"1990-05-17"`) is a calendar date, not an instant: its parts are its own
//! (`day("1990-05-17")` is 17 in every zone) and `format_date` prints it as written. As an
//! instant (comparisons, `days_until`, `+ 3 days`) it is midnight UTC, as `days_since` reads it.

use crate::eval::expr::{Ctx, Scope};
use crate::eval::time::{local_naive, parse_instant, parse_instant_or_date};
use crate::eval::trace::Quiet;
use crate::eval::value::Val;
use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use herald_lang::compile::ir::{Builtin, Expr};
use herald_lang::tz::Zone;
use std::borrow::Cow;

impl<'a> Ctx<'a> {
    /// An expression read as an instant (milliseconds since the epoch): `now`, an ISO-8601
    /// text, a `YYYY-MM-DD` date (midnight UTC), `time ± duration`. `None` when it is none of
    /// these (missing, a number, text that is no time). For `wait until EXPR`.
    #[allow(dead_code)] // read by `wait until EXPR` (branch `waits`) and the tests
    pub fn instant(&self, e: &'a Expr, sc: &Scope<'a>) -> Option<i64> {
        instant_of(&self.eval(e, sc, &mut Quiet))
    }
}

/// A value as an instant: see [`Ctx::instant`].
pub fn instant_of(v: &Val<'_>) -> Option<i64> {
    match v {
        Val::Time(t) => Some(*t),
        Val::Str(s) => parse_instant_or_date(s),
        _ => None,
    }
}

/// `time ± duration`: an instant, or missing when the left side is not a time or the result
/// leaves the years 1–9999.
pub fn shift<'a>(v: &Val<'_>, ms: i64) -> Val<'a> {
    instant_of(v)
        .and_then(|t| t.checked_add(ms))
        .filter(|t| (crate::eval::time::MIN_INSTANT..=crate::eval::time::MAX_INSTANT).contains(t))
        .map_or(Val::Missing, Val::Time)
}

/// A bare `YYYY-MM-DD` date.
fn calendar_date(s: &str) -> Option<NaiveDate> {
    if s.len() != 10 || parse_instant(s).is_some() {
        return None;
    }
    herald_lang::dates::parse_ymd(s)
}

/// The recipient's wall clock for a value: a bare date at midnight, an instant in `tz`.
fn local(tz: Zone<'_>, v: &Val<'_>) -> Option<NaiveDateTime> {
    if let Val::Str(s) = v {
        if let Some(d) = calendar_date(s) {
            return d.and_hms_opt(0, 0, 0);
        }
    }
    local_naive(tz, instant_of(v)?)
}

/// `year month day hour minute weekday` (weekday: 1 = Monday … 7 = Sunday).
pub fn date_part<'a>(tz: Zone<'_>, part: Builtin, v: &Val<'_>) -> Val<'a> {
    let Some(t) = local(tz, v) else { return Val::Missing };
    let n = match part {
        Builtin::Year => t.year(),
        Builtin::Month => t.month() as i32,
        Builtin::Day => t.day() as i32,
        Builtin::Hour => t.hour() as i32,
        Builtin::Minute => t.minute() as i32,
        Builtin::Weekday => t.weekday().number_from_monday() as i32,
        _ => return Val::Missing,
    };
    Val::Num(f64::from(n))
}

/// `days_until(t)`, `hours_until(t)`: fractional, negative once `t` has passed.
pub fn until<'a>(now: i64, v: &Val<'_>, unit: i64) -> Val<'a> {
    instant_of(v).map_or(Val::Missing, |t| Val::Num(t.saturating_sub(now) as f64 / unit as f64))
}

/// `format_date(t, "PATTERN")`: strftime fields (chrono's), the recipient's wall clock.
pub fn format_date<'a>(tz: Zone<'_>, v: &Val<'_>, pattern: Option<&Val<'_>>) -> Val<'a> {
    let (Some(t), Some(Val::Str(p))) = (local(tz, v), pattern) else { return Val::Missing };
    herald_lang::check::format_date_local(&t, p).map_or(Val::Missing, |s| Val::Str(Cow::Owned(s)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::time::test_zone;

    fn ny() -> Zone<'static> {
        test_zone("America/New_York")
    }

    fn s(x: &str) -> Val<'_> {
        Val::Str(Cow::Borrowed(x))
    }
    fn num(v: Val<'_>) -> Option<f64> {
        match v {
            Val::Num(n) => Some(n),
            _ => None,
        }
    }
    fn text(v: Val<'_>) -> Option<String> {
        match v {
            Val::Str(s) => Some(s.into_owned()),
            _ => None,
        }
    }

    #[test]
    fn date_parts_in_the_recipient_zone() {
        // 03:30 UTC on a Monday is 22:30 on Sunday the day before in New York.
        let t = s("2026-03-09T03:30:00Z");
        assert_eq!(num(date_part(ny(), Builtin::Day, &t)), Some(8.0));
        assert_eq!(num(date_part(ny(), Builtin::Weekday, &t)), Some(7.0));
        assert_eq!(num(date_part(ny(), Builtin::Hour, &t)), Some(23.0)); // EDT from Mar 8
        assert_eq!(num(date_part(test_zone("UTC"), Builtin::Weekday, &t)), Some(1.0));
        assert_eq!(num(date_part(ny(), Builtin::Minute, &t)), Some(30.0));
        assert_eq!(num(date_part(ny(), Builtin::Year, &Val::Time(0))), Some(1969.0));
    }

    #[test]
    fn a_bare_date_keeps_its_own_parts() {
        let d = s("1990-05-17");
        assert_eq!(num(date_part(ny(), Builtin::Day, &d)), Some(17.0));
        assert_eq!(num(date_part(ny(), Builtin::Month, &d)), Some(5.0));
        assert_eq!(num(date_part(ny(), Builtin::Weekday, &d)), Some(4.0)); // a Thursday
        assert_eq!(num(date_part(ny(), Builtin::Hour, &d)), Some(0.0));
        assert!(date_part(ny(), Builtin::Day, &s("1990-02-30")).is_missing());
        assert!(date_part(ny(), Builtin::Day, &Val::Num(3.0)).is_missing());
        assert!(date_part(ny(), Builtin::Day, &Val::Missing).is_missing());
    }

    #[test]
    fn until_and_shift() {
        let now = parse_instant("2026-03-08T12:00:00Z").unwrap_or_default();
        assert_eq!(num(until(now, &s("2026-03-10T00:00:00Z"), 86_400_000)), Some(1.5));
        assert_eq!(num(until(now, &s("2026-03-08T10:00:00Z"), 3_600_000)), Some(-2.0));
        assert!(until(now, &s("soon"), 1).is_missing());
        let two_hours_before = shift(&s("2026-03-08T12:00:00Z"), -7_200_000);
        assert!(matches!(two_hours_before, Val::Time(t) if t == now - 7_200_000));
        assert!(shift(&Val::Num(1.0), 1).is_missing());
        assert!(shift(&Val::Time(crate::eval::time::MAX_INSTANT), 1).is_missing());
    }

    #[test]
    fn expressions_read_as_instants() {
        use crate::eval::input::ProfileData;
        use herald_lang::compile::ir::Const;
        let prog =
            herald_lang::compile::build("journey \"j\" {\n  when event \"E\"\n  stop\n}\n", None)
                .unwrap_or_else(|e| panic!("{e:?}"));
        let profile = ProfileData { timezone: Some("Asia/Tokyo".into()), ..ProfileData::default() };
        let now = parse_instant("2026-03-08T12:00:00Z").unwrap_or_default();
        let zone = crate::eval::time::recipient_zone(
            herald_lang::tz::Zones::embedded(),
            profile.timezone.as_deref(),
            prog.default_tz,
        )
        .unwrap();
        let ctx = Ctx { prog: &prog, profile: &profile, now, zone, sets: None };
        let span = herald_lang::syntax::ast::Span::default();
        let sc = Scope::default();
        let two_hours_ago = Expr::Shift(Box::new(Expr::Now(span)), -7_200_000, span);
        assert_eq!(ctx.instant(&two_hours_ago, &sc), Some(now - 7_200_000));
        let text = Expr::Const(Const::Str("2026-03-09".into()));
        assert_eq!(ctx.instant(&text, &sc), parse_instant("2026-03-09T00:00:00Z"));
        assert_eq!(ctx.instant(&Expr::Const(Const::Num(3.0)), &sc), None);
        assert_eq!(ctx.zone.name(), "Asia/Tokyo");
    }

    #[test]
    fn format_dates() {
        let t = s("2026-03-09T03:30:00Z");
        let f = |v: &Val<'_>, p: &str| text(format_date(ny(), v, Some(&s(p))));
        assert_eq!(f(&t, "%A %B %-d, %H:%M").as_deref(), Some("Sunday March 8, 23:30"));
        assert_eq!(f(&t, "%Y-%m-%d").as_deref(), Some("2026-03-08"));
        assert_eq!(f(&s("1990-05-17"), "%b %-d").as_deref(), Some("May 17"));
        assert_eq!(f(&t, "%Q"), None);
        assert_eq!(f(&t, "%Z"), None);
        assert_eq!(f(&Val::Missing, "%Y"), None);
    }
}
