//! Destination country of an E.164 number from a prefix table (calling codes, plus NANP area
//! codes for `+1`), generated from libphonenumber's metadata. A full phone library would add
//! 126–480 KB gzipped to the WebAssembly module for a question a table answers.
//!
//! Shared calling codes resolve to their main country (`+44` → GB, also for Jersey), except `+7`,
//! which splits into Kazakhstan (`+76`, `+77`) and Russia. Non-geographic codes (`+800`, `+881`…)
//! and unassigned NANP area codes have no country.

use super::tables::{CALLING_CODES, NANP_NON_US, NANP_UNASSIGNED};

/// Longest E.164 number, in digits.
const MAX_DIGITS: usize = 15;
/// Fewest national digits we accept after the calling code (the shortest numbering plans, e.g.
/// Saint Helena, have four).
const MIN_NATIONAL_DIGITS: usize = 4;

/// The ISO 3166 alpha-2 code of the country an E.164 number (`+14155550100`) rings in, or `None`
/// when the text is no E.164 number or its calling code names no country. Spaces, dots, dashes
/// and parentheses between digits are tolerated (`+1 (415) 555-0100`).
pub fn country_of_phone(e164: &str) -> Option<&'static str> {
    let rest = e164.trim().strip_prefix('+')?;
    let mut digits = [0u8; MAX_DIGITS];
    let mut n = 0;
    for c in rest.chars() {
        match c {
            '0'..='9' => {
                *digits.get_mut(n)? = c as u8 - b'0';
                n += 1;
            }
            ' ' | '-' | '.' | '(' | ')' => {}
            _ => return None,
        }
    }
    let digits = digits.get(..n)?;
    let (code, code_len) = calling_code(digits)?;
    let national = digits.get(code_len..)?;
    if national.len() < MIN_NATIONAL_DIGITS {
        return None;
    }
    match code {
        1 => nanp_region(national),
        7 => Some(match national.first() {
            Some(6 | 7) => "KZ",
            _ => "RU",
        }),
        _ => {
            let i = CALLING_CODES.binary_search_by_key(&code, |&(c, _)| c).ok()?;
            CALLING_CODES.get(i).map(|&(_, region)| region)
        }
    }
}

/// The calling code at the start of the digits and its length. Calling codes are prefix-free, so
/// the shortest match is the only one.
fn calling_code(digits: &[u8]) -> Option<(u16, usize)> {
    let mut code: u16 = 0;
    for (len, &d) in digits.iter().enumerate().take(3) {
        code = code * 10 + u16::from(d);
        if CALLING_CODES.binary_search_by_key(&code, |&(c, _)| c).is_ok() {
            return Some((code, len + 1));
        }
    }
    None
}

/// `+1` numbers: the area code (NPA) picks the region; every assigned NPA that is not Canadian or
/// Caribbean is in the United States.
fn nanp_region(national: &[u8]) -> Option<&'static str> {
    let npa = match national {
        [a, b, c, ..] => u16::from(*a) * 100 + u16::from(*b) * 10 + u16::from(*c),
        _ => return None,
    };
    if !(200..=999).contains(&npa) || NANP_UNASSIGNED.binary_search(&npa).is_ok() {
        return None;
    }
    match NANP_NON_US.binary_search_by_key(&npa, |&(c, _)| c) {
        Ok(i) => NANP_NON_US.get(i).map(|&(_, region)| region),
        Err(_) => Some("US"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cost::country::CountryCode;

    #[test]
    fn united_states_and_canada_by_area_code() {
        assert_eq!(country_of_phone("+14155550100"), Some("US")); // San Francisco
        assert_eq!(country_of_phone("+12125550100"), Some("US")); // New York
        assert_eq!(country_of_phone("+19075550100"), Some("US")); // Alaska
        assert_eq!(country_of_phone("+18085550100"), Some("US")); // Hawaii
        assert_eq!(country_of_phone("+14165550100"), Some("CA")); // Toronto
        assert_eq!(country_of_phone("+16045550100"), Some("CA")); // Vancouver
        assert_eq!(country_of_phone("+15145550100"), Some("CA")); // Montréal
        assert_eq!(country_of_phone("+18675550100"), Some("CA")); // Yukon
    }

    #[test]
    fn caribbean_and_pacific_nanp_members() {
        assert_eq!(country_of_phone("+18765550100"), Some("JM"));
        assert_eq!(country_of_phone("+16585550100"), Some("JM"));
        assert_eq!(country_of_phone("+17875550100"), Some("PR"));
        assert_eq!(country_of_phone("+19395550100"), Some("PR"));
        assert_eq!(country_of_phone("+12425550100"), Some("BS"));
        assert_eq!(country_of_phone("+12465550100"), Some("BB"));
        assert_eq!(country_of_phone("+18095550100"), Some("DO"));
        assert_eq!(country_of_phone("+18685550100"), Some("TT"));
        assert_eq!(country_of_phone("+14415550100"), Some("BM"));
        assert_eq!(country_of_phone("+16715550100"), Some("GU"));
        assert_eq!(country_of_phone("+13405550100"), Some("VI"));
    }

    #[test]
    fn unassigned_area_codes_have_no_country() {
        assert_eq!(country_of_phone("+12005550100"), None);
        assert_eq!(country_of_phone("+19995550100"), None);
        assert_eq!(country_of_phone("+14115550100"), None); // N11 service code
        assert_eq!(country_of_phone("+10235550100"), None); // an NPA cannot start with 0
    }

    #[test]
    fn other_calling_codes() {
        assert_eq!(country_of_phone("+447911123456"), Some("GB"));
        assert_eq!(country_of_phone("+4915112345678"), Some("DE"));
        assert_eq!(country_of_phone("+33612345678"), Some("FR"));
        assert_eq!(country_of_phone("+919812345678"), Some("IN"));
        assert_eq!(country_of_phone("+5511912345678"), Some("BR"));
        assert_eq!(country_of_phone("+525512345678"), Some("MX"));
        assert_eq!(country_of_phone("+61412345678"), Some("AU"));
        assert_eq!(country_of_phone("+819012345678"), Some("JP"));
        assert_eq!(country_of_phone("+3545551234"), Some("IS")); // three-digit code
        assert_eq!(country_of_phone("+2348012345678"), Some("NG"));
        assert_eq!(country_of_phone("+79161234567"), Some("RU"));
        assert_eq!(country_of_phone("+77011234567"), Some("KZ"));
        assert_eq!(country_of_phone("+2901234"), Some("SH"));
    }

    #[test]
    fn separators_are_tolerated() {
        assert_eq!(country_of_phone("+1 (415) 555-0100"), Some("US"));
        assert_eq!(country_of_phone(" +44 7911 123456 "), Some("GB"));
        assert_eq!(country_of_phone("+49.151.12345678"), Some("DE"));
    }

    #[test]
    fn unknown_and_malformed_numbers() {
        assert_eq!(country_of_phone("+80012345678"), None); // international freephone
        assert_eq!(country_of_phone("+88112345678"), None); // satellite
        assert_eq!(country_of_phone("+99912345678"), None); // unassigned code
        assert_eq!(country_of_phone("+2812345678"), None); // 28x is spare
        assert_eq!(country_of_phone("14155550100"), None); // no +
        assert_eq!(country_of_phone("+1415555010x"), None);
        assert_eq!(country_of_phone("+1415"), None);
        assert_eq!(country_of_phone("+44"), None);
        assert_eq!(country_of_phone("+"), None);
        assert_eq!(country_of_phone(""), None);
        assert_eq!(country_of_phone("+1234567890123456"), None); // 16 digits
        assert_eq!(country_of_phone("+1٤١٥5550100"), None); // non-ASCII digits
    }

    #[test]
    fn every_region_of_the_tables_is_a_country_code() {
        for &(_, region) in CALLING_CODES.iter() {
            assert!(CountryCode::parse(region).is_some(), "{region}");
        }
        for &(_, region) in NANP_NON_US.iter() {
            assert!(CountryCode::parse(region).is_some(), "{region}");
        }
    }

    #[test]
    fn tables_are_sorted_for_binary_search() {
        assert!(CALLING_CODES.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(NANP_NON_US.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(NANP_UNASSIGNED.windows(2).all(|w| w[0] < w[1]));
        // prefix-free: no code is a prefix of another
        for &(a, _) in CALLING_CODES.iter() {
            for &(b, _) in CALLING_CODES.iter() {
                if a != b {
                    let (sa, sb) = (a.to_string(), b.to_string());
                    assert!(!sb.starts_with(&sa), "{a} is a prefix of {b}");
                }
            }
        }
    }

    #[test]
    fn agrees_with_the_reference_data() {
        let v: serde_json::Value =
            serde_json::from_str(include_str!("../../../../data/calling_codes.json")).unwrap();
        let non_us = v["nanp_area_code_to_region_non_US"].as_object().unwrap();
        for (npa, region) in non_us {
            let number = format!("+1{npa}5550100");
            assert_eq!(country_of_phone(&number), region.as_str(), "{number}");
        }
        for (code, regions) in v["calling_code_to_regions"].as_object().unwrap() {
            let main = regions[0].as_str().unwrap();
            if code == "1" || code == "7" {
                continue;
            }
            let number = format!("+{code}55501000");
            let expected = (main != "001").then_some(main);
            assert_eq!(country_of_phone(&number), expected, "{number}");
        }
    }
}
