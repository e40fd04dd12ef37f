//! `NaiveDate::parse_from_str(text, "%Y-%m-%d")`, answered without chrono's parser.
//!
//! Why: the pattern-driven parser (`parse_internal` with every `Fixed` item it can meet, RFC 2822
//! and 3339 included, and `Parsed`) was the only use of chrono's parsing left in the evaluator, and
//! cost about 20 KB of code in the WebAssembly modules (docs/wasm.md, "Size work of 2026-12-07").
//! This is exactly what chrono does for that one pattern (chrono 0.4 `format/parse.rs`: each
//! number after optional whitespace, the year with an optional sign and otherwise at most 4
//! digits, month and day at most 2; literal `-` between; nothing after), and a test compares the
//! two on generated and hand-picked texts.

use chrono::NaiveDate;

/// The date of a `%Y-%m-%d` text as chrono reads it, or `None` where chrono refuses it.
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
mod tests {
    use super::parse_ymd;
    use chrono::NaiveDate;
    use proptest::prelude::*;

    fn chrono(text: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
    }

    #[test]
    fn agrees_with_chrono_on_picked_texts() {
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
            assert_eq!(parse_ymd(text), chrono(text), "{text:?}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]
        #[test]
        fn agrees_with_chrono_on_generated_texts(text in "[0-9+\\- \t\u{a0}x]{0,12}") {
            prop_assert_eq!(parse_ymd(&text), chrono(&text), "{:?}", text);
        }

        #[test]
        fn agrees_with_chrono_on_near_dates(
            y in -300_000i64..300_000, m in 0u32..14, d in 0u32..33, pad in 0usize..3,
        ) {
            for text in [format!("{y}-{m}-{d}"), format!("{y:04}-{m:02}-{d:02}"), format!("{}{y}-{m}-{d}", " ".repeat(pad))] {
                prop_assert_eq!(parse_ymd(&text), chrono(&text), "{:?}", text);
            }
        }
    }
}
