//! Both readers against chrono, the implementation they replaced and the oracle.

use super::{is_rfc3339, parse_ymd, read_date, read_rfc3339, Rfc3339};
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Timelike};
use proptest::prelude::*;

/// Year, month, day, hour, minute, second, nanosecond, offset in seconds.
type Fields = (i32, u32, u32, u32, u32, u32, u32, i32);

/// chrono's answer, as fields: the local date and time (a leap second is second 59 with a
/// nanosecond of 1,000,000,000 or more) and the offset.
fn chrono_fields(text: &str) -> Option<Fields> {
    let d: DateTime<FixedOffset> = DateTime::parse_from_rfc3339(text).ok()?;
    let l = d.naive_local();
    Some((
        l.year(),
        l.month(),
        l.day(),
        l.hour(),
        l.minute(),
        l.second(),
        l.nanosecond(),
        d.offset().local_minus_utc(),
    ))
}

/// [`read_rfc3339`]'s answer in the same terms.
fn own_fields(text: &str) -> Option<Fields> {
    let r: Rfc3339 = read_rfc3339(text.as_bytes())?;
    let leap = r.second == 60;
    Some((
        i32::try_from(r.year).ok()?,
        r.month,
        r.day,
        r.hour,
        r.minute,
        if leap { 59 } else { r.second },
        r.nanos + if leap { 1_000_000_000 } else { 0 },
        r.offset,
    ))
}

fn agree(text: &str) -> Result<(), TestCaseError> {
    prop_assert_eq!(own_fields(text), chrono_fields(text), "{:?}", text);
    prop_assert_eq!(is_rfc3339(text), chrono_fields(text).is_some(), "{:?}", text);
    if let Some(r) = read_rfc3339(text.as_bytes()) {
        prop_assert_eq!(text.as_bytes().get(10), Some(&r.separator), "{:?}", text);
        prop_assert_eq!(r.unicode_minus, text.contains('\u{2212}'), "{:?}", text);
    }
    Ok(())
}

#[test]
fn rfc3339_agrees_with_chrono_on_picked_texts() {
    let accepted = [
        "2026-03-08T14:00:00Z",
        "2026-03-08t14:00:00z",
        "2026-03-08 14:00:00Z",
        "2026-03-08T09:00:00.5-05:00",
        "2026-03-08T09:00:00.123456789123456789+05:30",
        "2026-03-08T09:00:00.000000001Z",
        "2026-03-08T09:00:00.1234567891Z",
        "2016-12-31T23:59:60Z",
        "2016-12-31T23:59:60.999999999Z",
        "2026-03-08T00:00:60+01:00",
        "0000-01-01T00:00:00Z",
        "0000-02-29T00:00:00Z",
        "0000-01-01T00:00:00+23:59",
        "9999-12-31T23:59:59-23:59",
        "2024-02-29T12:00:00Z",
        "2026-03-08T14:00:00\u{2212}05:00",
        "2026-03-08T14:00:00+00:00",
        "2026-03-08T14:00:00-00:00",
    ];
    for text in accepted {
        assert!(chrono_fields(text).is_some(), "chrono refuses {text:?}");
    }
    let refused = [
        "",
        "2026-03-08",
        "2026-03-08T14:00Z",
        "2026-03-08T14:00:00",
        "2026-03-08T14:00:00.Z",
        "2026-03-08T14:00:00Zjunk",
        "2026-03-08T14:00:00Z ",
        " 2026-03-08T14:00:00Z",
        "2026-03-08T14:00:61Z",
        "2026-03-08T24:00:00Z",
        "2026-03-08T23:60:00Z",
        "2026-02-29T00:00:00Z",
        "1900-02-29T00:00:00Z",
        "2026-13-01T00:00:00Z",
        "2026-00-01T00:00:00Z",
        "2026-01-00T00:00:00Z",
        "2026-04-31T00:00:00Z",
        "2026-03-08T14:00:00+24:00",
        "2026-03-08T14:00:00+23:60",
        "2026-03-08T14:00:00+2300",
        "2026-03-08T14:00:00+23",
        "2026-03-08T14:00:00+23:5",
        "2026-03-08T14:00:00+23:599",
        "2026-03-08T14:00:00UTC",
        "2026-03-08T14:00:00\u{2013}05:00",
        "2026-03-08_14:00:00Z",
        "2026-03-08\u{a0}14:00:00Z",
        "+2026-03-08T14:00:00Z",
        "20260-03-08T14:00:00Z",
        "2026-3-08T14:00:00Z",
        "2026-03-08T4:00:00Z",
        "२०२६-03-08T14:00:00Z",
        "２０２６-03-08T14:00:00Z",
        "2026-03-08T14:00:00.é",
        "2026-03-08T14:00:00é",
        "2026-03-08T14:00:00.5",
        "2026-03-08T14:00:00,5Z",
    ];
    for text in refused {
        assert!(chrono_fields(text).is_none(), "chrono reads {text:?}");
    }
    for text in accepted.into_iter().chain(refused) {
        agree(text).unwrap();
    }
}

#[test]
fn dates_in_rfc3339_are_real_dates() {
    // Every (year, month, day) of four centuries plus year 0, against chrono's calendar.
    for year in (0..=400).chain(1896..=2104).chain(9996..=9999) {
        for month in 0..=13 {
            for day in 0..=32 {
                let text = format!("{year:04}-{month:02}-{day:02}");
                let chrono = NaiveDate::from_ymd_opt(year, month, day)
                    .map(|d| (d.year() as u32, d.month(), d.day()));
                assert_eq!(read_date(text.as_bytes()), chrono, "{text}");
            }
        }
    }
}

/// A text near an RFC 3339 instant: each field in and around its range, any separator of
/// those chrono reads and some it does not, fractions of any length, offsets of every form.
fn near_instant() -> impl Strategy<Value = String> {
    let fraction = prop_oneof![
        Just(String::new()),
        Just(".".to_string()),
        "\\.[0-9]{1,20}",
        "\\.[0-9]{0,3}[a-z ]",
    ];
    let offset = prop_oneof![
        Just("Z".to_string()),
        Just("z".to_string()),
        Just(String::new()),
        "[+\\-\u{2212}\u{2013}][0-9]{2}:[0-9]{2}",
        "[+\\-\u{2212}][0-2][0-9]:[0-6][0-9]",
        "[+\\-][0-9]{0,3}:?[0-9]{0,3}",
        "[Zz+\\-:0-9 ]{0,4}",
    ];
    (
        0u32..=10_000,
        0u32..=13,
        0u32..=32,
        prop_oneof![Just('T'), Just('t'), Just(' '), Just('_'), Just('\u{a0}')],
        0u32..=25,
        0u32..=61,
        0u32..=61,
        fraction,
        offset,
    )
        .prop_map(|(y, mo, d, sep, h, mi, s, frac, off)| {
            format!("{y:04}-{mo:02}-{d:02}{sep}{h:02}:{mi:02}:{s:02}{frac}{off}")
        })
}

/// A text with one byte-level change: a character replaced, inserted or removed.
fn mutated(text: String, at: usize, with: char, how: u8) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    let at = at % (chars.len() + 1);
    match how % 3 {
        0 if at < chars.len() => chars[at] = with,
        1 => chars.insert(at, with),
        _ if at < chars.len() => {
            chars.remove(at);
        }
        _ => {}
    }
    chars.into_iter().collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(5_000))]

    #[test]
    fn rfc3339_agrees_with_chrono_near_instants(text in near_instant()) {
        agree(&text)?;
    }

    #[test]
    fn rfc3339_agrees_with_chrono_after_one_change(
        text in near_instant(),
        at in 0usize..40,
        with in prop_oneof![
            Just('0'), Just('9'), Just('T'), Just('Z'), Just('z'), Just(':'), Just('-'),
            Just('+'), Just('.'), Just(' '), Just('\u{2212}'), Just('é'), Just('６'),
        ],
        how in 0u8..3,
    ) {
        agree(&mutated(text, at, with, how))?;
    }

    #[test]
    fn rfc3339_agrees_with_chrono_on_any_text(text in "\\PC{0,32}") {
        agree(&text)?;
    }

    #[test]
    fn rfc3339_agrees_with_chrono_on_shaped_text(
        text in "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{0,12})?([Zz]|[+\\-\u{2212}][0-9]{2}:?[0-9]{0,3})?[ 0-9Zz]{0,2}",
    ) {
        agree(&text)?;
    }
}

fn chrono_ymd(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

#[test]
fn ymd_agrees_with_chrono_on_picked_texts() {
    for text in [
        "2026-03-08",
        "2024-02-29",
        "2023-02-29",
        "2026-3-8",
        "2026-03-8",
        " 2026-03-08",
        "2026- 3- 8",
        "2026 -03-08",
        "+2026-03-08",
        "-2026-03-08",
        "+002026-3-8",
        "0000-01-01",
        "0001-01-01",
        "9999-12-31",
        "20261-03-08",
        "2026-003-08",
        "2026-03-008",
        "2026-13-01",
        "2026-00-01",
        "2026-01-00",
        "2026-01-32",
        "2026-04-31",
        "2026-03-08 ",
        "2026-03-08T",
        "2026/03/08",
        "",
        "-",
        "--",
        "2026--03",
        "+-2026-1-1",
        "\u{a0}2026-03-08",
        "2026-\u{2003}3-08",
        "+99999999999999999999-1-1",
        "-9223372036854775808-1-1",
        "+262143-1-1",
        "-262144-1-1",
        "+262142-12-31",
        "-262143-1-1",
        "２０２６-03-08",
    ] {
        assert_eq!(parse_ymd(text), chrono_ymd(text), "{text:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20_000))]
    #[test]
    fn ymd_agrees_with_chrono_on_generated_texts(text in "[0-9+\\- \t\u{a0}x]{0,12}") {
        prop_assert_eq!(parse_ymd(&text), chrono_ymd(&text), "{:?}", text);
    }

    #[test]
    fn ymd_agrees_with_chrono_on_near_dates(
        y in -300_000i64..300_000, m in 0u32..14, d in 0u32..33, pad in 0usize..3,
    ) {
        for text in [format!("{y}-{m}-{d}"), format!("{y:04}-{m:02}-{d:02}"), format!("{}{y}-{m}-{d}", " ".repeat(pad))] {
            prop_assert_eq!(parse_ymd(&text), chrono_ymd(&text), "{:?}", text);
        }
    }

    #[test]
    fn ymd_agrees_with_chrono_on_any_text(text in "\\PC{0,14}") {
        prop_assert_eq!(parse_ymd(&text), chrono_ymd(&text), "{:?}", text);
    }
}
