//! Instants and local time. Inside herald an instant is a count of milliseconds since the Unix
//! epoch, UTC (`i64`). Requests and states carry RFC 3339 text; this module parses and prints it
//! without allocating more than the output string, and resolves recipient-local wall-clock times
//! (quiet hours, `wait until`) through `herald_lang::tz` (chrono-tz's copy of the IANA database
//! in herald's own table), so daylight-saving changes are handled by the IANA database rather
//! than by arithmetic on offsets.

use super::error::RequestError;
use chrono::{FixedOffset, NaiveDateTime, Timelike};
use herald_lang::dates::{days_from_civil, days_in_month, instant_ms, read_date};
use herald_lang::tz::Tz;
use herald_lang::tz::{Zone, Zones};

mod weekly;
pub use weekly::{instant_of_value, wait_until_on};

pub const MS_PER_MINUTE: i64 = 60_000;
pub const MS_PER_HOUR: i64 = 3_600_000;
pub const MS_PER_DAY: i64 = 86_400_000;

// The earliest and latest instants herald reads or writes (the language's `dates`, which the
// checker reads `wait until` texts with too). Sums saturate here so every instant stays printable.
pub use herald_lang::dates::{MAX_INSTANT, MIN_INSTANT};

/// `a + b` clamped to the printable range.
pub fn add(instant: i64, ms: i64) -> i64 {
    instant.saturating_add(ms).clamp(MIN_INSTANT, MAX_INSTANT)
}

/// The date of a day count since 1970-01-01: (year, month, day).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Parse an RFC 3339 instant (`2026-03-08T14:00:00Z`, `2026-03-08T09:00:00.5-05:00`).
/// Fractions finer than a millisecond are truncated. `None` when the text is no such instant.
pub fn parse_instant(text: &str) -> Option<i64> {
    parse_instant_bytes(text.as_bytes())
}

/// [`parse_instant`] of text as bytes (what the fast request reader holds).
pub fn parse_instant_bytes(text: &[u8]) -> Option<i64> {
    canonical_instant(text).or_else(|| parse_instant_general(text))
}

/// `YYYY-MM-DDTHH:MM:SSZ`, the form JSON producers write (a request's clock and every past
/// event's time), read from fixed positions; `None` for anything else, which the general parser
/// then reads (or refuses).
fn canonical_instant(text: &[u8]) -> Option<i64> {
    let b: &[u8; 20] = text.try_into().ok()?;
    if b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    if b[19] != b'Z' {
        return None;
    }
    let year = 100 * two_digits(b[0], b[1])? + two_digits(b[2], b[3])?;
    let month = two_digits(b[5], b[6])?;
    let day = two_digits(b[8], b[9])?;
    let hour = two_digits(b[11], b[12])?;
    let minute = two_digits(b[14], b[15])?;
    let second = two_digits(b[17], b[18])?;
    if year == 0 || !(1..=12).contains(&month) || day == 0 {
        return None;
    }
    if day > days_in_month(year, month) || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let days = days_from_civil(i64::from(year), month, day);
    let ms = (days * 86_400 + i64::from(hour * 3600 + minute * 60 + second)) * 1000;
    (MIN_INSTANT..=MAX_INSTANT).contains(&ms).then_some(ms)
}

fn two_digits(a: u8, b: u8) -> Option<u32> {
    (a.is_ascii_digit() && b.is_ascii_digit())
        .then(|| u32::from(a - b'0') * 10 + u32::from(b - b'0'))
}

/// Every other form: the fields of chrono's RFC 3339 reading less what the evaluator has never
/// taken (`herald_lang::dates::instant_ms`, the reader the checker's `wait until` test uses too).
fn parse_instant_general(text: &[u8]) -> Option<i64> {
    instant_ms(text)
}

/// Like [`parse_instant`], and also a bare date (`2026-03-08`, read as midnight UTC): what
/// `days_since` and `hours_since` accept.
pub fn parse_instant_or_date(text: &str) -> Option<i64> {
    if text.len() == 10 {
        let (year, month, day) = read_date(text.as_bytes()).filter(|&(year, ..)| year != 0)?;
        return Some(days_from_civil(i64::from(year), month, day) * MS_PER_DAY);
    }
    parse_instant(text)
}

/// Append `YYYY-MM-DDTHH:MM:SSZ` (with `.mmm` when the milliseconds are not zero).
pub fn write_instant(out: &mut String, ms: i64) {
    out.push_str(InstantText::new(ms).as_str());
}

/// The text of [`write_instant`] in a buffer on the stack (the response writer appends it
/// without allocating).
pub struct InstantText {
    buf: [u8; 24],
    len: usize,
}

impl InstantText {
    pub fn new(ms: i64) -> InstantText {
        let ms = ms.clamp(MIN_INSTANT, MAX_INSTANT);
        let days = ms.div_euclid(MS_PER_DAY);
        let in_day = ms.rem_euclid(MS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        let secs = in_day / 1000;
        let millis = in_day % 1000;
        let mut buf = [0u8; 24];
        let fields: [(usize, i64, usize); 6] = [
            (0, year, 4),
            (5, i64::from(month), 2),
            (8, i64::from(day), 2),
            (11, secs / 3600, 2),
            (14, secs / 60 % 60, 2),
            (17, secs % 60, 2),
        ];
        for (at, value, width) in fields {
            let mut v = value;
            for i in (0..width).rev() {
                if let Some(slot) = buf.get_mut(at + i) {
                    *slot = b'0' + (v % 10) as u8;
                }
                v /= 10;
            }
        }
        for (at, sep) in [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')] {
            if let Some(slot) = buf.get_mut(at) {
                *slot = sep;
            }
        }
        let mut len = 19;
        if millis != 0 {
            let tail = [
                b'.',
                b'0' + (millis / 100) as u8,
                b'0' + (millis / 10 % 10) as u8,
                b'0' + (millis % 10) as u8,
            ];
            for (i, b) in tail.into_iter().enumerate() {
                if let Some(slot) = buf.get_mut(19 + i) {
                    *slot = b;
                }
            }
            len = 23;
        }
        if let Some(slot) = buf.get_mut(len) {
            *slot = b'Z';
        }
        InstantText { buf, len: len + 1 }
    }

    pub fn as_str(&self) -> &str {
        // Every byte written is ASCII.
        std::str::from_utf8(self.buf.get(..self.len).unwrap_or_default()).unwrap_or_default()
    }
}

/// The RFC 3339 text of an instant.
pub fn format_instant(ms: i64) -> String {
    let mut s = String::with_capacity(24);
    write_instant(&mut s, ms);
    s
}

/// The recipient's time zone: `profile.timezone` when it names an IANA zone, else the
/// policy's `timezone` (UTC by default).
pub fn recipient_tz(profile_timezone: Option<&str>, policy: Tz) -> Tz {
    profile_timezone.and_then(|name| name.parse::<Tz>().ok()).unwrap_or(policy)
}

/// The recipient's zone with its offsets, from `zones` (the embedded table but in tests). A
/// table that cannot give them is an internal error: answering with another zone's offsets
/// would send inside quiet hours.
pub fn recipient_zone<'z>(
    zones: &'z Zones,
    profile_timezone: Option<&str>,
    policy: Tz,
) -> Result<Zone<'z>, RequestError> {
    zones
        .zone(recipient_tz(profile_timezone, policy))
        .map_err(|e| RequestError::Internal(e.to_string()))
}

/// The UTC naive date-time of an instant (chrono's representation, for time-zone work).
fn naive_utc(ms: i64) -> Option<NaiveDateTime> {
    chrono::DateTime::from_timestamp_millis(ms).map(|d| d.naive_utc())
}

/// The recipient's wall clock at an instant: (naive local date-time).
pub fn local_naive(tz: Zone<'_>, ms: i64) -> Option<NaiveDateTime> {
    let utc = naive_utc(ms)?;
    let offset = FixedOffset::east_opt(tz.offset_at_utc(utc.and_utc().timestamp()))?;
    utc.checked_add_offset(offset)
}

/// Milliseconds since local midnight at an instant.
pub fn local_ms_of_day(tz: Zone<'_>, ms: i64) -> Option<i64> {
    let local = local_naive(tz, ms)?;
    let t = local.time();
    Some(
        i64::from(t.num_seconds_from_midnight()) * 1000
            + i64::from(t.nanosecond() / 1_000_000).min(999),
    )
}

fn instant_of_naive_utc(n: NaiveDateTime) -> i64 {
    n.and_utc().timestamp_millis()
}

/// Every instant at which the local clock shows `naive` (one, two in a repeated hour), or, when
/// the clock skips it (a spring-forward gap), the instant the clock jumps past it: the first
/// instant whose local time is at or after `naive`.
fn instants_of_local(tz: Zone<'_>, naive: NaiveDateTime) -> [Option<i64>; 2] {
    use herald_lang::tz::LocalOffset;
    // As chrono's `from_local_datetime`: local − offset, and no answer when that is out of range.
    let instant = |offset: i32| {
        let offset = FixedOffset::east_opt(offset)?;
        naive.checked_sub_offset(offset).map(instant_of_naive_utc)
    };
    match tz.offset_at_local(naive.and_utc().timestamp()) {
        LocalOffset::Single(o) => match instant(o) {
            Some(t) => [Some(t), None],
            None => [gap_end(tz, naive), None],
        },
        LocalOffset::Ambiguous(a, b) => match (instant(a), instant(b)) {
            (Some(a), Some(b)) => [Some(a), Some(b)],
            _ => [gap_end(tz, naive), None],
        },
        LocalOffset::None => [gap_end(tz, naive), None],
    }
}

/// The first instant whose local wall-clock time is at or after `naive`, found by bisection over
/// a window wide enough for any UTC offset. Used only inside daylight-saving gaps.
fn gap_end(tz: Zone<'_>, naive: NaiveDateTime) -> Option<i64> {
    let center = instant_of_naive_utc(naive);
    let mut lo = center - 36 * MS_PER_HOUR; // local(lo) < naive for every offset
    let mut hi = center + 36 * MS_PER_HOUR; // local(hi) > naive for every offset
                                            // Gaps lie on whole minutes; bisect on minutes.
    lo = lo.div_euclid(MS_PER_MINUTE);
    hi = hi.div_euclid(MS_PER_MINUTE);
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if local_naive(tz, mid * MS_PER_MINUTE)? >= naive {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Some(hi * MS_PER_MINUTE)
}

/// The earliest instant `>= not_before` (or `> not_before` when `strict`) at which the local
/// clock reaches `minute_of_day` (minutes after midnight), considering yesterday through two
/// days ahead so every daylight-saving shape is covered.
pub fn next_local_time(
    tz: Zone<'_>,
    not_before: i64,
    minute_of_day: u32,
    strict: bool,
) -> Option<i64> {
    let local = local_naive(tz, not_before)?;
    let date = local.date();
    let time = chrono::NaiveTime::from_hms_opt(minute_of_day / 60, minute_of_day % 60, 0)?;
    let mut best: Option<i64> = None;
    for offset_days in -1i64..=2 {
        let Some(day) = date.checked_add_signed(chrono::TimeDelta::days(offset_days)) else {
            continue;
        };
        for t in instants_of_local(tz, NaiveDateTime::new(day, time)).into_iter().flatten() {
            let ok = if strict { t > not_before } else { t >= not_before };
            if ok && best.is_none_or(|b| t < b) {
                best = Some(t);
            }
        }
    }
    best
}

/// `wait until HH:MM`: now when the recipient's clock shows that minute, else the next time it
/// does.
pub fn wait_until(tz: Zone<'_>, now: i64, minute_of_day: u32) -> Option<i64> {
    let local = local_naive(tz, now)?;
    if local.hour() * 60 + local.minute() == minute_of_day {
        return Some(now);
    }
    next_local_time(tz, now, minute_of_day, false)
}

/// Whether a local time of day (ms after midnight) lies in `[from, to)` minutes, across midnight
/// when `from > to`. Equal bounds describe an empty window.
pub fn in_window(ms_of_day: i64, from_minute: u32, to_minute: u32) -> bool {
    let from = i64::from(from_minute) * MS_PER_MINUTE;
    let to = i64::from(to_minute) * MS_PER_MINUTE;
    if from <= to {
        ms_of_day >= from && ms_of_day < to
    } else {
        ms_of_day >= from || ms_of_day < to
    }
}

/// Whether the recipient is inside quiet hours at an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuietHours {
    Outside,
    /// Inside; they end at this instant (the next local `to`, as UTC).
    Until(i64),
    /// The local time or the end could not be worked out. Every instant herald accepts has a
    /// local time in every zone, and every zone shows each minute within two days, so this is a
    /// bug; the caller must not send (it would be at a time the recipient may be asleep).
    Unknown,
}

/// Whether the recipient is inside quiet hours at `now`, and until when.
pub fn quiet_hours_at(tz: Zone<'_>, now: i64, from_minute: u32, to_minute: u32) -> QuietHours {
    let Some(ms_of_day) = local_ms_of_day(tz, now) else { return QuietHours::Unknown };
    if !in_window(ms_of_day, from_minute, to_minute) {
        return QuietHours::Outside;
    }
    match next_local_time(tz, now, to_minute, true) {
        Some(end) => QuietHours::Until(end),
        None => QuietHours::Unknown,
    }
}

/// A zone of the embedded table, for tests.
#[cfg(test)]
pub(crate) fn test_zone(name: &str) -> Zone<'static> {
    let tz = name.parse().unwrap_or_else(|e| panic!("{name}: {e}"));
    herald_lang::tz::Zones::embedded().zone(tz).unwrap_or_else(|e| panic!("{e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_zone_shows_every_minute_within_two_days() {
        // What `Evaluation::guaranteed` relies on for `wait until HH:MM` and digests: an answer
        // in every zone, around daylight-saving changes and at the ends of the range.
        let instants = [
            parse_instant("2026-03-08T07:30:00Z"),
            parse_instant("2026-11-01T05:30:00Z"),
            parse_instant("2026-03-29T01:30:00Z"),
            parse_instant("0001-01-01T00:00:00Z"),
            parse_instant("9999-12-31T23:59:59.999Z"),
        ];
        assert_eq!(Tz::all().count(), 597, "every zone");
        for tz in Tz::all() {
            let zone = Zones::embedded().zone(tz).unwrap();
            for now in instants.iter().map(|t| t.unwrap()) {
                for minute in (0..1440).step_by(37) {
                    let next = wait_until(zone, now, minute);
                    assert!(next.is_some_and(|t| t >= now), "{} {now} {minute}", tz.name());
                }
            }
        }
    }

    #[test]
    fn a_zone_the_table_cannot_give_is_an_internal_error_never_utc() {
        // Before, a zone the table could not give read as UTC: quiet hours would have been
        // worked out in the wrong zone and a message sent at night.
        let ny = Some("America/New_York");
        for damaged in [&b"HTZ3"[..], b"HTZ3\x01\x00\x00\x00\x00\x00", b"HTZ2", b"HTZ1", b""] {
            let zones = Zones::from_bytes(damaged);
            let e = recipient_zone(&zones, ny, Tz::UTC).unwrap_err();
            assert_eq!(e.code(), "internal_error");
            assert!(e.to_string().contains("time-zone table"), "{e}");
        }
        let embedded = Zones::embedded();
        assert_eq!(recipient_zone(embedded, ny, Tz::UTC).unwrap().name(), "America/New_York");
        let tokyo: Tz = "Asia/Tokyo".parse().unwrap();
        assert_eq!(recipient_zone(embedded, Some("Mars/Olympus"), tokyo).unwrap().tz(), tokyo);
        assert_eq!(recipient_zone(embedded, None, tokyo).unwrap().tz(), tokyo);
    }

    #[test]
    fn the_canonical_form_reads_as_the_general_parser_reads_it() {
        // Every field at and around its limits, in the fixed-position form.
        let mut checked = 0;
        for year in ["0000", "0001", "1969", "1970", "2024", "2100", "9999"] {
            for month in ["00", "01", "02", "12", "13"] {
                for day in ["00", "01", "28", "29", "30", "31", "32"] {
                    for time in
                        ["00:00:00", "23:59:59", "24:00:00", "12:60:00", "12:00:60", "1a:00:00"]
                    {
                        let text = format!("{year}-{month}-{day}T{time}Z");
                        let fast = canonical_instant(text.as_bytes());
                        let general = parse_instant_general(text.as_bytes());
                        assert!(fast.is_none() || fast == general, "{text}");
                        assert_eq!(parse_instant(&text), general, "{text}");
                        checked += usize::from(fast.is_some());
                    }
                }
            }
        }
        assert!(checked > 100, "{checked}");
        for text in [
            "2026-03-08t14:00:00Z",
            "2026-03-08T14:00:00z",
            "2026-03-08 14:00:00Z",
            "+026-03-08T14:00:00Z",
        ] {
            assert_eq!(canonical_instant(text.as_bytes()), None, "{text}");
        }
    }

    /// chrono's RFC 3339 reading (the oracle) less what the evaluator refuses: a space for `T`,
    /// a leap second, U+2212 for `-`, year 0, and instants outside the years 1-9999.
    fn chrono_instant(text: &str) -> Option<i64> {
        use chrono::Datelike;
        let d = chrono::DateTime::parse_from_rfc3339(text).ok()?;
        let refused = text.as_bytes().get(10) == Some(&b' ')
            || d.timestamp_subsec_nanos() >= 1_000_000_000
            || text.contains('\u{2212}')
            || d.naive_local().year() == 0;
        let ms = d.timestamp_millis();
        (!refused && (MIN_INSTANT..=MAX_INSTANT).contains(&ms)).then_some(ms)
    }

    #[test]
    fn reads_what_chrono_reads_less_its_refusals() {
        for text in [
            "2026-03-08T14:00:00Z",
            "2026-03-08t14:00:00z",
            "2026-03-08 14:00:00Z",
            "2016-12-31T23:59:60Z",
            "2026-03-08T14:00:00\u{2212}05:00",
            "0000-12-31T23:00:00-01:00",
            "0001-01-01T00:00:00+00:01",
            "0001-01-01T00:00:00-00:01",
            "9999-12-31T23:59:59.999Z",
            "9999-12-31T23:59:59.999-00:01",
            "9999-12-31T23:59:59.9999999999+00:01",
            "1969-12-31T23:59:59.9999Z",
            "2026-03-08T14:00:00.123456789123+23:59",
            "2026-03-08T14:00:00+24:00",
            "2026-03-08T14:00:00+23:60",
        ] {
            assert_eq!(parse_instant(text), chrono_instant(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(10_000))]
        #[test]
        fn reads_what_chrono_reads_on_generated_texts(
            text in "[0-9]{4}-[01][0-9]-[0-3][0-9][Tt ][0-2][0-9]:[0-6][0-9]:[0-6][0-9](\\.[0-9]{0,12})?([Zz]|[+\\-\u{2212}][0-2][0-9]:[0-6][0-9])?[0-9Z]?",
        ) {
            proptest::prop_assert_eq!(parse_instant(&text), chrono_instant(&text), "{:?}", text);
        }

        #[test]
        fn reads_what_chrono_reads_on_any_text(text in "\\PC{0,30}") {
            proptest::prop_assert_eq!(parse_instant(&text), chrono_instant(&text), "{:?}", text);
        }
    }

    fn at(s: &str) -> i64 {
        parse_instant(s).unwrap()
    }

    #[test]
    fn parses_and_prints_round_trip() {
        for s in [
            "2026-03-08T14:00:00Z",
            "1970-01-01T00:00:00Z",
            "2024-02-29T23:59:59.123Z",
            "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999Z",
            "1969-12-31T23:59:59.500Z",
        ] {
            assert_eq!(format_instant(at(s)), s);
        }
        assert_eq!(at("1970-01-01T00:00:01Z"), 1000);
    }

    #[test]
    fn offsets_and_fractions() {
        assert_eq!(at("2026-03-08T09:00:00-05:00"), at("2026-03-08T14:00:00Z"));
        assert_eq!(at("2026-03-08T19:30:00+05:30"), at("2026-03-08T14:00:00Z"));
        assert_eq!(at("2026-03-08T14:00:00.5Z") - at("2026-03-08T14:00:00Z"), 500);
        assert_eq!(at("2026-03-08T14:00:00.123999Z") - at("2026-03-08T14:00:00Z"), 123);
        assert_eq!(at("2026-03-08t14:00:00z"), at("2026-03-08T14:00:00Z"));
    }

    #[test]
    fn rejects_malformed() {
        for s in [
            "",
            "2026-03-08",
            "2026-03-08T14:00Z",
            "2026-02-30T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-03-08T24:00:00Z",
            "2026-03-08T14:00:00",
            "2026-03-08T14:00:00.Z",
            "2026-03-08T14:00:00Zjunk",
            "0000-01-01T00:00:00Z",
            "२०२६-03-08T14:00:00Z",
        ] {
            assert_eq!(parse_instant(s), None, "{s}");
        }
        assert_eq!(parse_instant_or_date("2026-03-08"), Some(at("2026-03-08T00:00:00Z")));
    }

    #[test]
    fn civil_round_trip_over_centuries() {
        for days in (-800_000..800_000).step_by(997) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn quiet_hours_whose_end_cannot_be_worked_out_are_unknown_not_outside() {
        // No source can ask for it (the checker bounds times of day to 23:59): an end at
        // minute 1440 has no instant, and the answer must not read as "outside", which sends.
        let ny = super::test_zone("America/New_York");
        let late = at("2026-03-09T03:00:00Z"); // 23:00 in New York
        assert_eq!(quiet_hours_at(ny, late, 21 * 60, 24 * 60), QuietHours::Unknown);
        assert_eq!(
            quiet_hours_at(ny, at("2026-03-09T00:00:00Z"), 21 * 60, 24 * 60),
            QuietHours::Outside
        );
    }

    #[test]
    fn quiet_hours_across_midnight_and_dst() {
        let ny = super::test_zone("America/New_York");
        // 22:00 EST on 2026-03-07 (UTC-5) → quiet until 08:00 EDT on 2026-03-08 (UTC-4).
        let now = at("2026-03-08T03:00:00Z");
        assert_eq!(
            match quiet_hours_at(ny, now, 21 * 60, 8 * 60) {
                QuietHours::Until(end) => Some(format_instant(end)),
                _ => None,
            }
            .as_deref(),
            Some("2026-03-08T12:00:00Z")
        );
        // Outside: 12:00 local.
        assert_eq!(
            quiet_hours_at(ny, at("2026-03-08T16:00:00Z"), 21 * 60, 8 * 60),
            QuietHours::Outside
        );
        // Start inclusive, end exclusive.
        assert!(in_window(21 * 60 * MS_PER_MINUTE, 21 * 60, 8 * 60));
        assert!(!in_window(8 * 60 * MS_PER_MINUTE, 21 * 60, 8 * 60));
    }

    #[test]
    fn wait_until_in_a_gap_lands_on_the_jump() {
        let ny = super::test_zone("America/New_York");
        // 2026-03-08 02:30 does not exist in New York: the clock jumps 02:00 → 03:00 at 07:00Z.
        let now = at("2026-03-08T06:00:00Z"); // 01:00 EST
        assert_eq!(
            wait_until(ny, now, 2 * 60 + 30).map(format_instant).as_deref(),
            Some("2026-03-08T07:00:00Z")
        );
    }

    #[test]
    fn wait_until_in_a_repeated_hour_takes_the_first() {
        let ny = super::test_zone("America/New_York");
        // 2026-11-01 01:30 happens twice: 05:30Z (EDT) and 06:30Z (EST).
        let now = at("2026-11-01T04:00:00Z"); // 00:00 EDT
        assert_eq!(
            wait_until(ny, now, 90).map(format_instant).as_deref(),
            Some("2026-11-01T05:30:00Z")
        );
        // In the second 01:10 (EST), 01:30 EST is still ahead.
        let now = at("2026-11-01T06:10:00Z");
        assert_eq!(
            wait_until(ny, now, 90).map(format_instant).as_deref(),
            Some("2026-11-01T06:30:00Z")
        );
    }

    #[test]
    fn wait_until_now_when_the_minute_matches() {
        let kolkata = super::test_zone("Asia/Kolkata");
        let now = at("2026-03-08T03:30:20Z"); // 09:00:20 IST
        assert_eq!(wait_until(kolkata, now, 9 * 60), Some(now));
        let later = at("2026-03-08T03:31:00Z");
        assert_eq!(
            wait_until(kolkata, later, 9 * 60).map(format_instant).as_deref(),
            Some("2026-03-09T03:30:00Z")
        );
    }

    #[test]
    fn saturating_add() {
        assert_eq!(add(MAX_INSTANT - 1, 10), MAX_INSTANT);
        assert_eq!(add(0, i64::MAX), MAX_INSTANT);
    }
}
