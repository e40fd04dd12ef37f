//! `format_date`'s patterns: chrono's strftime fields (`chrono::format::strftime`), read and
//! printed here without chrono's `StrftimeItems` and `DelayedFormat` (about 14 KB of code in the
//! WebAssembly runtime module, docs/wasm.md). Every pattern reads as chrono reads it and prints
//! what chrono prints for a local date and time without an offset (English names, no locale);
//! the tests compare both on random patterns and dates. Fields that need an offset (`%z`, `%Z`,
//! `%+`, …) make the pattern unprintable, as they make chrono's formatting fail.

use chrono::{Datelike, NaiveDateTime, Timelike};

/// How a number is padded to its width (chrono's `Pad`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pad {
    None,
    Zero,
    Space,
}

/// A numeric field (chrono's `Numeric`, the ones strftime can name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Num {
    Year,
    YearDiv100,
    YearMod100,
    IsoYear,
    IsoYearMod100,
    Quarter,
    Month,
    Day,
    WeekFromSun,
    WeekFromMon,
    IsoWeek,
    DaysFromSun,
    WeekdayFromMon,
    Ordinal,
    Hour,
    Hour12,
    Minute,
    Second,
    Nanosecond,
    /// `%s`: refused by `format_date` (seconds since 1970 are no date a reader wants).
    Timestamp,
}

/// A field printed as text (chrono's `Fixed` and its internal no-dot fractions).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fixed {
    ShortMonth,
    LongMonth,
    ShortWeekday,
    LongWeekday,
    LowerAmPm,
    UpperAmPm,
    /// `%.f`: a dot and 3, 6 or 9 digits, nothing for a whole second.
    Fraction,
    /// `%.3f` `%.6f` `%.9f` (with the dot) and `%3f` `%6f` `%9f` (without).
    Digits {
        digits: u8,
        dot: bool,
    },
    /// `%z` `%:z` `%::z` `%:::z` `%#z` `%Z` `%+`: they need a UTC offset, which a wall-clock time
    /// does not have.
    NeedsOffset,
}

/// One item of a pattern, as chrono's `StrftimeItems` yields them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Item<'p> {
    Text(&'p str),
    Num(Num, Pad),
    Fixed(Fixed),
    /// An unknown or incomplete `%` field.
    Error,
}

const fn z(n: Num) -> Item<'static> {
    Item::Num(n, Pad::Zero)
}

const fn sp(n: Num) -> Item<'static> {
    Item::Num(n, Pad::Space)
}

/// The fields that stand for several (`%D`, `%F`, `%c`…), as chrono expands them.
static D: &[Item<'static>] =
    &[z(Num::Month), Item::Text("/"), z(Num::Day), Item::Text("/"), z(Num::YearMod100)];
static F: &[Item<'static>] =
    &[z(Num::Year), Item::Text("-"), z(Num::Month), Item::Text("-"), z(Num::Day)];
static R: &[Item<'static>] = &[z(Num::Hour), Item::Text(":"), z(Num::Minute)];
static T: &[Item<'static>] =
    &[z(Num::Hour), Item::Text(":"), z(Num::Minute), Item::Text(":"), z(Num::Second)];
static C: &[Item<'static>] = &[
    Item::Fixed(Fixed::ShortWeekday),
    Item::Text(" "),
    Item::Fixed(Fixed::ShortMonth),
    Item::Text(" "),
    sp(Num::Day),
    Item::Text(" "),
    z(Num::Hour),
    Item::Text(":"),
    z(Num::Minute),
    Item::Text(":"),
    z(Num::Second),
    Item::Text(" "),
    z(Num::Year),
];
static AMPM: &[Item<'static>] = &[
    z(Num::Hour12),
    Item::Text(":"),
    z(Num::Minute),
    Item::Text(":"),
    z(Num::Second),
    Item::Text(" "),
    Item::Fixed(Fixed::UpperAmPm),
];
static V: &[Item<'static>] =
    &[sp(Num::Day), Item::Text("-"), Item::Fixed(Fixed::ShortMonth), Item::Text("-"), z(Num::Year)];

/// The items of a pattern, in order: chrono's `StrftimeItems::new` (without locales).
struct Items<'p> {
    rest: &'p str,
    queue: &'static [Item<'static>],
}

impl<'p> Items<'p> {
    fn new(pattern: &'p str) -> Self {
        Items { rest: pattern, queue: &[] }
    }

    fn next_char(&mut self) -> Option<char> {
        let mut chars = self.rest.chars();
        let c = chars.next()?;
        self.rest = chars.as_str();
        Some(c)
    }

    /// After a `%`: the field, or `Item::Error`.
    fn field(&mut self) -> Item<'p> {
        let Some(spec) = self.next_char() else { return Item::Error };
        let pad = match spec {
            '-' => Some(Pad::None),
            '0' => Some(Pad::Zero),
            '_' => Some(Pad::Space),
            _ => None,
        };
        let alternate = spec == '#';
        let spec = if pad.is_some() || alternate {
            match self.next_char() {
                Some(c) => c,
                None => return Item::Error,
            }
        } else {
            spec
        };
        if alternate && spec != 'z' {
            return Item::Error;
        }
        let several = |queue: &'static [Item<'static>], this: &mut Self| match queue.split_first() {
            Some((first, rest)) => {
                this.queue = rest;
                *first
            }
            None => Item::Error,
        };
        let item = match spec {
            'A' => Item::Fixed(Fixed::LongWeekday),
            'B' => Item::Fixed(Fixed::LongMonth),
            'C' => z(Num::YearDiv100),
            'D' => several(D, self),
            'F' => several(F, self),
            'G' => z(Num::IsoYear),
            'H' => z(Num::Hour),
            'I' => z(Num::Hour12),
            'M' => z(Num::Minute),
            'P' => Item::Fixed(Fixed::LowerAmPm),
            'R' => several(R, self),
            'S' => z(Num::Second),
            'T' | 'X' => several(T, self),
            'U' => z(Num::WeekFromSun),
            'V' => z(Num::IsoWeek),
            'W' => z(Num::WeekFromMon),
            'Y' => z(Num::Year),
            'a' => Item::Fixed(Fixed::ShortWeekday),
            'b' | 'h' => Item::Fixed(Fixed::ShortMonth),
            'c' => several(C, self),
            'd' => z(Num::Day),
            'e' => sp(Num::Day),
            'f' => z(Num::Nanosecond),
            'g' => z(Num::IsoYearMod100),
            'j' => z(Num::Ordinal),
            'k' => sp(Num::Hour),
            'l' => sp(Num::Hour12),
            'm' => z(Num::Month),
            'n' => Item::Text("\n"),
            'p' => Item::Fixed(Fixed::UpperAmPm),
            'q' => Item::Num(Num::Quarter, Pad::None),
            'r' => several(AMPM, self),
            's' => Item::Num(Num::Timestamp, Pad::None),
            't' => Item::Text("\t"),
            'u' => Item::Num(Num::WeekdayFromMon, Pad::None),
            'v' => several(V, self),
            'w' => Item::Num(Num::DaysFromSun, Pad::None),
            'x' => several(D, self),
            'y' => z(Num::YearMod100),
            'z' | 'Z' | '+' => Item::Fixed(Fixed::NeedsOffset),
            ':' => {
                let colons = self.rest.bytes().take_while(|&b| b == b':').count().min(2);
                match self.rest.get(colons..).and_then(|r| r.strip_prefix('z')) {
                    Some(rest) => {
                        self.rest = rest;
                        Item::Fixed(Fixed::NeedsOffset)
                    }
                    None => Item::Error,
                }
            }
            '.' => match self.next_char() {
                Some('f') => Item::Fixed(Fixed::Fraction),
                Some(d @ ('3' | '6' | '9')) => self.digits(d, true),
                _ => Item::Error,
            },
            d @ ('3' | '6' | '9') => self.digits(d, false),
            '%' => Item::Text("%"),
            _ => Item::Error,
        };
        match (pad, item) {
            (None, item) => item,
            // A padding modifier only on a numeric field of its own.
            (Some(pad), Item::Num(n, _)) if self.queue.is_empty() => Item::Num(n, pad),
            (Some(_), _) => Item::Error,
        }
    }

    /// `%3f`, `%.3f` and their 6 and 9: the digit is read, an `f` must follow.
    fn digits(&mut self, digit: char, dot: bool) -> Item<'p> {
        match self.next_char() {
            Some('f') => Item::Fixed(Fixed::Digits { digits: digit as u8 - b'0', dot }),
            _ => Item::Error,
        }
    }
}

impl<'p> Iterator for Items<'p> {
    type Item = Item<'p>;

    fn next(&mut self) -> Option<Item<'p>> {
        if let Some((&first, rest)) = self.queue.split_first() {
            self.queue = rest;
            return Some(first);
        }
        if self.rest.is_empty() {
            return None;
        }
        if let Some(rest) = self.rest.strip_prefix('%') {
            self.rest = rest;
            return Some(self.field());
        }
        let end = self.rest.find('%').unwrap_or(self.rest.len());
        let (text, rest) = self.rest.split_at(end);
        self.rest = rest;
        Some(Item::Text(text))
    }
}

/// Why `format_date` cannot print a pattern, for the checker's message: the first unknown field
/// or `%s`, else a field that needs an offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatternProblem {
    UnknownField,
    Timestamp,
    NeedsOffset,
}

/// What is wrong with a pattern, `None` when `format_date` prints it.
pub fn pattern_problem(pattern: &str) -> Option<PatternProblem> {
    let mut offset = false;
    for item in Items::new(pattern) {
        match item {
            Item::Error => return Some(PatternProblem::UnknownField),
            Item::Num(Num::Timestamp, _) => return Some(PatternProblem::Timestamp),
            Item::Fixed(Fixed::NeedsOffset) => offset = true,
            _ => {}
        }
    }
    offset.then_some(PatternProblem::NeedsOffset)
}

/// `format_date`'s text for a recipient-local date and time, or `None` when the pattern cannot
/// be printed (unknown fields, `%s`, fields that need an offset). Used by the checker on a
/// sample date and by the evaluator.
pub fn format_date_local(local: &NaiveDateTime, pattern: &str) -> Option<String> {
    let mut out = String::with_capacity(pattern.len() + 16);
    for item in Items::new(pattern) {
        match item {
            Item::Text(s) => out.push_str(s),
            Item::Num(Num::Timestamp, _) | Item::Error => return None,
            Item::Num(n, pad) => numeric(&mut out, local, n, pad),
            Item::Fixed(f) => fixed(&mut out, local, f)?,
        }
    }
    Some(out)
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: [&str; 7] =
    ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

fn numeric(out: &mut String, t: &NaiveDateTime, n: Num, pad: Pad) {
    let week_from = |days_since: u32| (t.ordinal() as i32 - days_since as i32 + 6) / 7;
    // chrono prints these through a `u8` (`write_two`): the casts wrap as its do, for the years
    // outside 0–9999 that a wall clock can only reach at the ends of the range.
    let two = match n {
        Num::YearDiv100 => t.year().div_euclid(100),
        Num::YearMod100 => t.year().rem_euclid(100),
        Num::IsoYearMod100 => t.iso_week().year().rem_euclid(100),
        Num::Month => t.month() as i32,
        Num::Day => t.day() as i32,
        Num::WeekFromSun => week_from(t.weekday().num_days_from_sunday()),
        Num::WeekFromMon => week_from(t.weekday().num_days_from_monday()),
        Num::IsoWeek => t.iso_week().week() as i32,
        Num::Hour => t.hour() as i32,
        Num::Hour12 => t.hour12().1 as i32,
        Num::Minute => t.minute() as i32,
        Num::Second => (t.second() + t.nanosecond() / 1_000_000_000) as i32,
        Num::Quarter => return digit(out, t.quarter() as u8),
        Num::DaysFromSun => return digit(out, t.weekday().num_days_from_sunday() as u8),
        Num::WeekdayFromMon => return digit(out, t.weekday().number_from_monday() as u8),
        Num::Year => return year(out, t.year(), pad),
        Num::IsoYear => return year(out, t.iso_week().year(), pad),
        Num::Ordinal => return padded(out, 3, i64::from(t.ordinal()), pad, false),
        Num::Nanosecond => {
            return padded(out, 9, i64::from(t.nanosecond() % 1_000_000_000), pad, false)
        }
        Num::Timestamp => return,
    };
    let v = two as u8;
    match (v / 10, pad) {
        (0, Pad::None) => {}
        (0, Pad::Space) => out.push(' '),
        (tens, _) => digit(out, tens),
    }
    digit(out, v % 10);
}

/// One digit, as chrono's `write_one`/`write_two` write it (`b'0' + v`, whatever `v` is).
fn digit(out: &mut String, v: u8) {
    out.push(char::from(b'0'.wrapping_add(v)));
}

fn year(out: &mut String, year: i32, pad: Pad) {
    let sign = !(0..10_000).contains(&year);
    padded(out, 4, i64::from(year), pad, sign);
}

/// `v` as chrono's `write_n` prints it: Rust's `{v:0width$}`, `{v:width$}` or `{v}`, and with
/// `sign` `{v:+0w$}`, `{v:+w$}` or `{v:+}` where `w` is one more than `width`.
fn padded(out: &mut String, width: usize, v: i64, pad: Pad, sign: bool) {
    let mut digits = [0u8; 20];
    let mut n = v.unsigned_abs();
    let mut start = digits.len();
    while let Some(slot) = start.checked_sub(1).and_then(|i| digits.get_mut(i)) {
        *slot = b'0' + (n % 10) as u8;
        start -= 1;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let digits = digits.get(start..).unwrap_or_default();
    let width = width + usize::from(sign);
    let sign = if v < 0 {
        "-"
    } else if sign {
        "+"
    } else {
        ""
    };
    let fill = width.saturating_sub(digits.len() + sign.len());
    match pad {
        Pad::None => out.push_str(sign),
        Pad::Zero => {
            out.push_str(sign);
            out.extend(std::iter::repeat_n('0', fill));
        }
        Pad::Space => {
            out.extend(std::iter::repeat_n(' ', fill));
            out.push_str(sign);
        }
    }
    out.extend(digits.iter().map(|&d| char::from(d)));
}

fn fixed(out: &mut String, t: &NaiveDateTime, f: Fixed) -> Option<()> {
    let month = MONTHS.get(t.month0() as usize).copied().unwrap_or_default();
    let weekday =
        WEEKDAYS.get(t.weekday().num_days_from_sunday() as usize).copied().unwrap_or_default();
    let nano = t.nanosecond() % 1_000_000_000;
    match f {
        Fixed::LongMonth => out.push_str(month),
        Fixed::ShortMonth => out.push_str(month.get(..3).unwrap_or_default()),
        Fixed::LongWeekday => out.push_str(weekday),
        Fixed::ShortWeekday => out.push_str(weekday.get(..3).unwrap_or_default()),
        Fixed::UpperAmPm => out.push_str(if t.hour() >= 12 { "PM" } else { "AM" }),
        Fixed::LowerAmPm => out.push_str(if t.hour() >= 12 { "pm" } else { "am" }),
        Fixed::Fraction => {
            if nano != 0 {
                out.push('.');
                if nano % 1_000_000 == 0 {
                    padded(out, 3, i64::from(nano / 1_000_000), Pad::Zero, false);
                } else if nano % 1_000 == 0 {
                    padded(out, 6, i64::from(nano / 1_000), Pad::Zero, false);
                } else {
                    padded(out, 9, i64::from(nano), Pad::Zero, false);
                }
            }
        }
        Fixed::Digits { digits, dot } => {
            if dot {
                out.push('.');
            }
            // chrono's `nanosecond() / 1_000_000 % 1000` etc.: the leap-second nanoseconds
            // (a second's 1e9 and more) count as part of the fraction's digits here.
            let (v, width) = match digits {
                3 => (t.nanosecond() / 1_000_000 % 1_000, 3),
                6 => (t.nanosecond() / 1_000 % 1_000_000, 6),
                _ => (t.nanosecond() % 1_000_000_000, 9),
            };
            padded(out, width, i64::from(v), Pad::Zero, false);
        }
        Fixed::NeedsOffset => return None,
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::format::{Item as ChronoItem, Numeric, StrftimeItems};
    use chrono::NaiveDate;
    use proptest::prelude::*;

    /// The implementation this module replaced: chrono's own strftime.
    fn chrono_format(local: &NaiveDateTime, pattern: &str) -> Option<String> {
        use std::fmt::Write;
        let items: Vec<ChronoItem<'_>> = StrftimeItems::new(pattern).collect();
        if items
            .iter()
            .any(|i| matches!(i, ChronoItem::Error | ChronoItem::Numeric(Numeric::Timestamp, _)))
        {
            return None;
        }
        let mut out = String::new();
        write!(out, "{}", local.format_with_items(items.into_iter())).ok()?;
        Some(out)
    }

    /// The checker's verdict as it was written with chrono's items.
    fn chrono_problem(pattern: &str) -> Option<PatternProblem> {
        for item in StrftimeItems::new(pattern) {
            match item {
                ChronoItem::Error => return Some(PatternProblem::UnknownField),
                ChronoItem::Numeric(Numeric::Timestamp, _) => {
                    return Some(PatternProblem::Timestamp)
                }
                _ => {}
            }
        }
        let sample = NaiveDate::from_ymd_opt(2026, 9, 30)?.and_hms_opt(23, 59, 58)?;
        chrono_format(&sample, pattern).is_none().then_some(PatternProblem::NeedsOffset)
    }

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32, ms: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d).unwrap().and_hms_milli_opt(h, min, s, ms).unwrap()
    }

    /// Every field chrono knows, with every padding modifier, and the ones it refuses.
    const FIELDS: &[&str] = &[
        "Y", "C", "y", "q", "m", "b", "B", "h", "d", "e", "a", "A", "w", "u", "U", "W", "G", "g",
        "V", "j", "D", "x", "F", "v", "H", "k", "I", "l", "P", "p", "M", "S", "f", ".f", ".3f",
        ".6f", ".9f", "3f", "6f", "9f", "R", "T", "X", "r", "Z", "z", ":z", "::z", ":::z", "::::z",
        "#z", "c", "+", "s", "t", "n", "%", "Q", "", ":", ".", ".3", "3", "#", "#a", "E", "O", "i",
        "é", " ",
    ];

    #[test]
    fn every_field_prints_as_chrono_prints_it() {
        let dates = [
            at(2026, 3, 8, 23, 30, 5, 0),
            at(2026, 9, 30, 0, 0, 0, 7),
            at(2021, 1, 1, 12, 59, 59, 999),
            at(2020, 12, 31, 13, 1, 2, 120),
            at(1, 1, 1, 0, 0, 0, 0),
            at(0, 12, 31, 23, 0, 0, 500),
            at(9999, 12, 31, 11, 0, 0, 0),
            at(10_000, 1, 1, 1, 0, 0, 0),
            at(999, 6, 15, 9, 5, 1, 10),
            at(-1, 6, 15, 9, 5, 1, 10),
        ];
        let mut printed = 0;
        for field in FIELDS {
            for modifier in ["", "-", "0", "_", "#"] {
                let pattern = format!("%{modifier}{field}");
                for d in &dates {
                    let ours = format_date_local(d, &pattern);
                    assert_eq!(ours, chrono_format(d, &pattern), "{pattern:?} on {d}");
                    printed += usize::from(ours.is_some());
                }
                assert_eq!(pattern_problem(&pattern), chrono_problem(&pattern), "{pattern:?}");
            }
        }
        assert!(printed > 500, "only {printed} printed");
        // Spot checks that do not lean on chrono.
        let d = at(2026, 3, 8, 23, 30, 5, 0);
        assert_eq!(
            format_date_local(&d, "%A %B %-d, %H:%M %p %j %e|%_m|%-I%P").as_deref(),
            Some("Sunday March 8, 23:30 PM 067  8| 3|11pm")
        );
        assert_eq!(
            format_date_local(&at(7, 1, 2, 0, 0, 0, 0), "%Y %-Y %_Y").as_deref(),
            Some("0007 7    7")
        );
        assert_eq!(format_date_local(&d, "100%% %Z"), None);
        assert_eq!(pattern_problem("%s"), Some(PatternProblem::Timestamp));
        assert_eq!(pattern_problem("%Y %:z"), Some(PatternProblem::NeedsOffset));
        assert_eq!(pattern_problem("%Y %:z %Q"), Some(PatternProblem::UnknownField));
        assert_eq!(pattern_problem("%Y-%m-%d"), None);
    }

    fn pattern() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            4 => (prop::sample::select(FIELDS), prop::sample::select(&["", "", "", "-", "0", "_", "#"][..]))
                .prop_map(|(f, m)| format!("%{m}{f}")),
            1 => "[a-z :/.,%-]{0,3}",
            1 => any::<char>().prop_map(String::from),
        ];
        prop::collection::vec(piece, 0..8).prop_map(|v| v.concat())
    }

    fn local() -> impl Strategy<Value = NaiveDateTime> {
        // Years 0–10000: the wall clocks of instants in 0001–9999 in every zone, and bare dates.
        (-62_198_755_200_000i64..253_402_387_200_000i64)
            .prop_map(|ms| chrono::DateTime::from_timestamp_millis(ms).unwrap().naive_utc())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]
        #[test]
        fn random_patterns_print_as_chrono_prints_them(t in local(), p in pattern()) {
            prop_assert_eq!(format_date_local(&t, &p), chrono_format(&t, &p), "{:?} on {}", p, t);
            prop_assert_eq!(pattern_problem(&p), chrono_problem(&p), "{:?}", p);
        }

        #[test]
        fn instants_in_zones_print_as_chrono_prints_them(
            ms in -62_135_596_800_000i64..253_402_300_800_000i64,
            zone in prop::sample::select(chrono_tz::TZ_VARIANTS.to_vec()),
            field in prop::sample::select(FIELDS),
        ) {
            use chrono::TimeZone;
            let t = zone.timestamp_millis_opt(ms).unwrap().naive_local();
            let p = format!("%{field} %-{field}|%_{field}|%0{field}");
            prop_assert_eq!(format_date_local(&t, &p), chrono_format(&t, &p), "{:?} on {}", p, t);
        }
    }
}
