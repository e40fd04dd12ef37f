//! Date and instant texts read without chrono's parser: RFC 3339 instants exactly as chrono's
//! `DateTime::parse_from_rfc3339` reads them ([`read_rfc3339`]), and `%Y-%m-%d` dates exactly as
//! `NaiveDate::parse_from_str(text, "%Y-%m-%d")` does ([`parse_ymd`]).
//!
//! Why: chrono's text parser (`chrono::format::parse`, `Parsed`, `scan`: about 24 KB of code)
//! was in the WebAssembly module only for the checker's test of `wait until "TEXT"`
//! (`check/waits.rs`) and `format_date`'s bare dates (docs/wasm.md, "Size work of 2026-12-07
//! evening"). The checker reads these; the evaluator (crate `herald-engine`, `eval/time.rs`)
//! reads instants through [`read_rfc3339`] too, refusing what it does not take (a space for `T`,
//! leap seconds, U+2212 for `-`, year 0, instants outside the years 1-9999). The tests compare
//! both readers with chrono, which stays the oracle, on generated and hand-picked texts.

use chrono::NaiveDate;

/// The fields of an RFC 3339 instant as written, each checked as chrono checks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rfc3339 {
    /// 0 to 9999.
    pub year: u32,
    /// 1 to 12.
    pub month: u32,
    /// 1 to the month's last day.
    pub day: u32,
    /// What stands between date and time: `T`, `t` or a space.
    pub separator: u8,
    /// 0 to 23.
    pub hour: u32,
    /// 0 to 59.
    pub minute: u32,
    /// 0 to 60 (a leap second).
    pub second: u32,
    /// The fraction's first nine digits, as nanoseconds (later digits are read and dropped).
    pub nanos: u32,
    /// Seconds east of UTC, from -23:59 to +23:59 (`Z` or `z` is 0).
    pub offset: i32,
    /// The offset's sign was U+2212 MINUS SIGN (which chrono reads as `-`).
    pub unicode_minus: bool,
}

/// The fields of an RFC 3339 instant (`2026-03-08T09:00:00.5-05:00`), or `None` where chrono's
/// `DateTime::parse_from_rfc3339` refuses the text (chrono 0.4 `format/parse.rs`,
/// `parse_rfc3339`): four-digit year, two-digit month and day of a real date, `T`, `t` or a
/// space, two-digit hour, minute and second (`60` allowed), an optional `.` and at least one
/// digit, then `Z`, `z` or a sign (`+`, `-`, U+2212) with two-digit hours below 24, `:` and
/// two-digit minutes below 60; nothing after.
pub fn read_rfc3339(text: &[u8]) -> Option<Rfc3339> {
    if !shaped(text, b"9999-99-99T99:99:99") {
        return None;
    }
    let (year, month, day) = date_of(text)?;
    let (hour, minute, second) = (two_digits(text, 11), two_digits(text, 14), two_digits(text, 17));
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut rest = text.get(19..)?;
    let mut nanos = 0u32;
    if let Some(fraction) = rest.strip_prefix(b".") {
        let count = fraction.iter().take_while(|b| b.is_ascii_digit()).count();
        if count == 0 {
            return None;
        }
        for i in 0..9 {
            let digit = fraction.get(i).filter(|_| i < count).map_or(0, |b| b - b'0');
            nanos = nanos * 10 + u32::from(digit);
        }
        rest = fraction.get(count..)?;
    }
    let (negative, unicode_minus, hh_mm) = match rest {
        [b'Z' | b'z'] => (false, false, None),
        [b'+', hh_mm @ ..] => (false, false, Some(hh_mm)),
        [b'-', hh_mm @ ..] => (true, false, Some(hh_mm)),
        [0xE2, 0x88, 0x92, hh_mm @ ..] => (true, true, Some(hh_mm)),
        _ => return None,
    };
    let offset = match hh_mm {
        Some(hh_mm) => offset_of(hh_mm)?,
        None => 0,
    };
    Some(Rfc3339 {
        year,
        month,
        day,
        separator: *text.get(10)?,
        hour,
        minute,
        second,
        nanos,
        offset: if negative { -offset } else { offset },
        unicode_minus,
    })
}

/// 0001-01-01T00:00:00Z, the earliest instant herald reads or writes (milliseconds since the
/// Unix epoch).
pub const MIN_INSTANT: i64 = -62_135_596_800_000;
/// 9999-12-31T23:59:59.999Z, the latest.
pub const MAX_INSTANT: i64 = 253_402_300_799_999;

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The instant (milliseconds since the Unix epoch) the evaluator reads from an RFC 3339 text:
/// the fields of [`read_rfc3339`] less what herald has never taken (a space for `T`, a leap
/// second `:60`, U+2212 for `-`, year 0, and instants outside the years 1-9999). Fractions finer
/// than a millisecond are truncated.
pub fn instant_ms(text: &[u8]) -> Option<i64> {
    let r = read_rfc3339(text)?;
    if r.separator == b' ' || r.second > 59 || r.unicode_minus || r.year == 0 {
        return None;
    }
    let days = days_from_civil(i64::from(r.year), r.month, r.day);
    let seconds =
        days * 86_400 + i64::from(r.hour * 3600 + r.minute * 60 + r.second) - i64::from(r.offset);
    let ms = seconds * 1000 + i64::from(r.nanos / 1_000_000);
    (MIN_INSTANT..=MAX_INSTANT).contains(&ms).then_some(ms)
}

/// Whether the evaluator reads `wait until "TEXT"` as an instant (`eval/time/weekly.rs`,
/// `instant_of_value`): an instant [`instant_ms`] takes, or a ten-character `%Y-%m-%d` date
/// ([`parse_ymd`]) of the years 1-9999, which it reads as the start of that day in the
/// recipient's zone. The checker (`check/waits.rs`) refuses every other text, so a journey that
/// checks never meets a literal the evaluator reads as no instant. (One edge it cannot see: the
/// first day of the year 1 begins before 0001-01-01T00:00:00Z in zones east of UTC.)
pub fn is_wait_instant(text: &str) -> bool {
    use chrono::Datelike;
    instant_ms(text.as_bytes()).is_some()
        || (text.len() == 10 && parse_ymd(text).is_some_and(|d| (1..=9999).contains(&d.year())))
}

/// Whether chrono's `DateTime::parse_from_rfc3339` reads the text.
pub fn is_rfc3339(text: &str) -> bool {
    read_rfc3339(text.as_bytes()).is_some()
}

/// `HH:MM` with nothing after, hours below 24 and minutes below 60, as seconds.
fn offset_of(hh_mm: &[u8]) -> Option<i32> {
    let (hours, minutes) = (two_digits(hh_mm, 0), two_digits(hh_mm, 3));
    if hh_mm.len() != 5 || !shaped(hh_mm, b"99:99") || hours > 23 || minutes > 59 {
        return None;
    }
    i32::try_from(hours * 3600 + minutes * 60).ok()
}

/// `YYYY-MM-DD` of a real proleptic Gregorian date (year 0 included), in exactly ten bytes:
/// (year, month, day).
pub fn read_date(text: &[u8]) -> Option<(u32, u32, u32)> {
    if text.len() != 10 || !shaped(text, b"9999-99-99") {
        return None;
    }
    date_of(text)
}

/// The date at the start of a text of the shape `9999-99-99`, if it is a real one.
fn date_of(text: &[u8]) -> Option<(u32, u32, u32)> {
    let year = 100 * two_digits(text, 0) + two_digits(text, 2);
    let (month, day) = (two_digits(text, 5), two_digits(text, 8));
    let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
    valid.then_some((year, month, day))
}

/// Whether `text` starts with `shape`: an ASCII digit where `shape` has `9`, `T`, `t` or a space
/// where it has `T`, and its byte elsewhere.
fn shaped(text: &[u8], shape: &[u8]) -> bool {
    text.len() >= shape.len()
        && text.iter().zip(shape).all(|(&b, &s)| match s {
            b'9' => b.is_ascii_digit(),
            b'T' => matches!(b, b'T' | b't' | b' '),
            _ => b == s,
        })
}

/// The two digits at `at` as a number (0 to 99 where [`shaped`] found digits there).
fn two_digits(text: &[u8], at: usize) -> u32 {
    text.iter().skip(at).take(2).fold(0, |n, b| n * 10 + u32::from(b.wrapping_sub(b'0')))
}

/// The days of a month (1-12) of a proleptic Gregorian year.
pub fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

/// The date of a `%Y-%m-%d` text as chrono reads it, or `None` where chrono refuses it.
///
/// This is exactly what chrono does for that one pattern (chrono 0.4 `format/parse.rs`: each
/// number after optional whitespace, the year with an optional sign and otherwise at most 4
/// digits, month and day at most 2; literal `-` between; nothing after).
pub fn parse_ymd(text: &str) -> Option<NaiveDate> {
    let (year, rest) = signed_number(text.trim_start())?;
    let rest = rest.strip_prefix('-')?;
    let (month, rest) = number(rest.trim_start(), 2)?;
    let rest = rest.strip_prefix('-')?;
    let (day, rest) = number(rest.trim_start(), 2)?;
    if !rest.is_empty() {
        return None;
    }
    NaiveDate::from_ymd_opt(
        i32::try_from(year).ok()?,
        u32::try_from(month).ok()?,
        u32::try_from(day).ok()?,
    )
}

/// chrono's signed year: `-` or `+` then any count of digits, or up to 4 digits.
fn signed_number(s: &str) -> Option<(i64, &str)> {
    if let Some(digits) = s.strip_prefix('-') {
        let (v, rest) = number(digits, usize::MAX)?;
        Some((0i64.checked_sub(v)?, rest))
    } else if let Some(digits) = s.strip_prefix('+') {
        number(digits, usize::MAX)
    } else {
        number(s, 4)
    }
}

/// At least one and at most `max` ASCII digits (chrono's `scan::number(s, 1, max)`).
fn number(s: &str, max: usize) -> Option<(i64, &str)> {
    let len = s.bytes().take(max).take_while(u8::is_ascii_digit).count();
    if len == 0 {
        return None;
    }
    let (digits, rest) = s.split_at_checked(len)?;
    let mut n = 0i64;
    for b in digits.bytes() {
        n = n.checked_mul(10)?.checked_add(i64::from(b - b'0'))?;
    }
    Some((n, rest))
}

#[cfg(test)]
mod tests;
