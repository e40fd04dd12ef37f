//! ISO 3166-1 alpha-2 country codes, as price tables key them and phone numbers resolve to.

use crate::compile::saved_form::{named, Decode, Encode, Reader};
use serde::{Serialize, Serializer};
use std::fmt;

/// A country (or territory) code: two ASCII capital letters from ISO 3166-1 alpha-2, plus the
/// three codes phone numbering uses beyond it (`AC` Ascension, `TA` Tristan da Cunha, `XK`
/// Kosovo). `Copy`, so quotes carry it without allocating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CountryCode([u8; 2]);

impl CountryCode {
    /// The code when it is a known country code written in capitals (`"US"`, not `"us"`).
    pub fn parse(code: &str) -> Option<CountryCode> {
        let i = COUNTRIES.binary_search(&code).ok()?;
        let b = COUNTRIES.get(i)?.as_bytes();
        Some(CountryCode([*b.first()?, *b.get(1)?]))
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("??")
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for CountryCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Read back as written, in the tests of `compile::saved_form` (postcard, their oracle).
#[cfg(test)]
impl<'de> serde::Deserialize<'de> for CountryCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        CountryCode::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("`{text}` is not a code")))
    }
}

/// Saved as its text (a saved program's price table, `compile::saved_form`), read back through
/// the list.
impl Encode for CountryCode {
    fn encode(&self, out: &mut Vec<u8>) {
        self.as_str().encode(out);
    }
}

impl Decode for CountryCode {
    fn decode(r: &mut Reader<'_>) -> Self {
        named(r, "country", CountryCode::parse, CountryCode(*b"US"))
    }
}

/// ISO 3166-1 alpha-2 (249 codes) and AC, TA, XK; sorted (a test checks it).
pub(crate) const COUNTRIES: &[&str] = &[
    "AC", "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX",
    "AZ", "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR",
    "BS", "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM",
    "CN", "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC",
    "EE", "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE",
    "GF", "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK",
    "HM", "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE",
    "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB",
    "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH",
    "MK", "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ",
    "NA", "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF",
    "PG", "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU",
    "RW", "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR",
    "SS", "ST", "SV", "SX", "SY", "SZ", "TA", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM",
    "TN", "TO", "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE",
    "VG", "VI", "VN", "VU", "WF", "WS", "XK", "YE", "YT", "ZA", "ZM", "ZW",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted_and_complete() {
        let mut sorted = COUNTRIES.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, COUNTRIES);
        assert_eq!(COUNTRIES.len(), 249 + 3);
    }

    #[test]
    fn parse_accepts_only_known_capital_codes() {
        for ok in ["US", "CA", "GB", "DE", "JP", "XK", "AC"] {
            assert_eq!(CountryCode::parse(ok).map(|c| c.to_string()), Some(ok.into()));
        }
        for bad in ["us", "USA", "U", "", "ZZ", "UK", "EU", "001", "U1"] {
            assert_eq!(CountryCode::parse(bad), None, "{bad}");
        }
    }
}
