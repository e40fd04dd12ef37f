//! Money as integer micro-units (1e-6 of a currency unit) from end to end: prices are parsed from
//! their decimal text straight into micros (no float arithmetic), amounts are printed back as
//! decimal strings. JSON carries both: `{"amount": "0.0158", "micros": 15800, "currency": "USD"}`.

use serde::{Serialize, Serializer};
use std::fmt;

/// Micro-units in one unit of a currency.
pub const MICROS_PER_UNIT: i64 = 1_000_000;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("empty amount")]
    Empty,
    #[error("`{0}` is not a decimal number (write it like `0.0079`)")]
    NotDecimal(String),
    #[error("`{0}` is too large")]
    TooLarge(String),
    #[error("{0} is not a finite number")]
    NotFinite(String),
}

/// The decimal text of an amount of micros: at least two fraction digits (cents), and as many
/// more as the amount needs, without trailing zeros: 15800 → "0.0158", 50000 → "0.05",
/// 1_000_000 → "1.00", 1 → "0.000001", -4200 → "-0.0042".
pub fn format_amount(micros: i64) -> String {
    AmountText::new(micros).as_str().to_string()
}

/// The text of [`format_amount`] in a buffer on the stack: the response writer appends it
/// without allocating (and without `format!`, whose machinery costs more than the digits in a
/// WebAssembly module built for size).
pub struct AmountText {
    buf: [u8; 28],
    len: usize,
}

impl AmountText {
    pub fn new(micros: i64) -> AmountText {
        let mut text = AmountText { buf: [0; 28], len: 0 };
        if micros < 0 {
            text.push(b'-');
        }
        // unsigned_abs: i64::MIN has no positive i64 counterpart.
        let abs = micros.unsigned_abs();
        let mut units = abs / MICROS_PER_UNIT.unsigned_abs();
        let frac = abs % MICROS_PER_UNIT.unsigned_abs();
        // Whole units: at most 13 digits (i64::MAX micros), written backwards then copied.
        let mut digits = [0u8; 20];
        let mut n = 0;
        loop {
            if let Some(d) = digits.get_mut(n) {
                *d = b'0' + (units % 10) as u8;
            }
            n += 1;
            units /= 10;
            if units == 0 {
                break;
            }
        }
        for i in (0..n).rev() {
            text.push(digits.get(i).copied().unwrap_or(b'0'));
        }
        text.push(b'.');
        // Six fraction digits, then trailing zeros dropped down to two.
        let mut fraction = [0u8; 6];
        let mut f = frac;
        for slot in fraction.iter_mut().rev() {
            *slot = b'0' + (f % 10) as u8;
            f /= 10;
        }
        let mut keep = 6;
        while keep > 2 && fraction.get(keep - 1) == Some(&b'0') {
            keep -= 1;
        }
        for &b in fraction.get(..keep).unwrap_or_default() {
            text.push(b);
        }
        text
    }

    fn push(&mut self, b: u8) {
        if let Some(slot) = self.buf.get_mut(self.len) {
            *slot = b;
            self.len += 1;
        }
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII digits, '-' and '.' are ever written.
        std::str::from_utf8(self.buf.get(..self.len).unwrap_or_default()).unwrap_or_default()
    }
}

/// Parses a decimal string (`"0.0079"`, `"-1.5"`, `"12"`, `".5"`) into micros. Digits beyond the
/// sixth decimal are rounded half to even (`"0.0000125"` → 12, `"0.0000135"` → 14). No exponent,
/// no thousands separators, at most one leading `-` or `+`.
pub fn decimal_to_micros(text: &str) -> Result<i64, MoneyError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(MoneyError::Empty);
    }
    let not_decimal = || MoneyError::NotDecimal(text.to_string());
    let (negative, body) = match trimmed.as_bytes().first() {
        Some(b'-') => (true, trimmed.get(1..).unwrap_or("")),
        Some(b'+') => (false, trimmed.get(1..).unwrap_or("")),
        _ => (false, trimmed),
    };
    let (int_part, frac_part) = match body.split_once('.') {
        Some((i, f)) => (i, f),
        None => (body, ""),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (int_part.is_empty() && frac_part.is_empty())
        || !all_digits(int_part)
        || !all_digits(frac_part)
    {
        return Err(not_decimal());
    }
    let too_large = || MoneyError::TooLarge(text.to_string());
    let mut units: i64 = 0;
    for b in int_part.bytes() {
        units = units
            .checked_mul(10)
            .and_then(|u| u.checked_add(i64::from(b - b'0')))
            .ok_or_else(too_large)?;
    }
    let mut micros_frac: i64 = 0;
    let frac = frac_part.as_bytes();
    for i in 0..6 {
        let d = frac.get(i).map_or(0, |b| i64::from(b - b'0'));
        micros_frac = micros_frac * 10 + d;
    }
    // Round half to even on what lies beyond the sixth decimal.
    let rest = frac.get(6..).unwrap_or(&[]);
    let round_up = match rest.first() {
        None => false,
        Some(&first) => {
            let tail_nonzero = rest.get(1..).unwrap_or(&[]).iter().any(|&b| b != b'0');
            match first.cmp(&b'5') {
                std::cmp::Ordering::Greater => true,
                std::cmp::Ordering::Less => false,
                std::cmp::Ordering::Equal => tail_nonzero || micros_frac % 2 == 1,
            }
        }
    };
    let magnitude = units
        .checked_mul(MICROS_PER_UNIT)
        .and_then(|m| m.checked_add(micros_frac + i64::from(round_up)))
        .ok_or_else(too_large)?;
    Ok(if negative { -magnitude } else { magnitude })
}

/// A JSON number (an `f64` from serde_json) into micros, through its shortest decimal text so that
/// `0.0079` is exactly 7900 and half-to-even applies to the number as written.
pub fn f64_to_micros(value: f64) -> Result<i64, MoneyError> {
    if !value.is_finite() {
        return Err(MoneyError::NotFinite(crate::float::display(value)));
    }
    // Rust prints floats without exponent and with the shortest digits that round-trip
    // (`crate::float::display` is that text without core's float formatting).
    decimal_to_micros(&crate::float::display(value))
}

/// An ISO 4217 currency code, kept as three ASCII capital letters so that it is `Copy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency([u8; 3]);

impl Currency {
    pub const USD: Currency = Currency(*b"USD");

    /// The code when it is an active ISO 4217 code (capital letters, e.g. `EUR`).
    pub fn parse(code: &str) -> Option<Currency> {
        if !is_currency_code(code) {
            return None;
        }
        let b = code.as_bytes();
        Some(Currency([*b.first()?, *b.get(1)?, *b.get(2)?]))
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("???")
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Read back as written, in the tests of `compile::saved_form` (postcard, their oracle).
#[cfg(test)]
impl<'de> serde::Deserialize<'de> for Currency {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Currency::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("`{text}` is not a code")))
    }
}

/// Whether `code` is an ISO 4217 currency code in use (the list of 2025; the testing codes XTS
/// and XXX are left out because no price is ever in them).
pub fn is_currency_code(code: &str) -> bool {
    ISO_4217.binary_search(&code).is_ok()
}

/// Active ISO 4217 alphabetic codes, sorted (tests check the order).
pub(crate) const ISO_4217: &[&str] = &[
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT",
    "BGN", "BHD", "BIF", "BMD", "BND", "BOB", "BOV", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD",
    "CAD", "CDF", "CHE", "CHF", "CHW", "CLF", "CLP", "CNY", "COP", "COU", "CRC", "CUP", "CVE",
    "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL",
    "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR",
    "IQD", "IRR", "ISK", "JMD", "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD",
    "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK",
    "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MXV", "MYR", "MZN", "NAD", "NGN", "NIO",
    "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON",
    "RSD", "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD",
    "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD",
    "TZS", "UAH", "UGX", "USD", "USN", "UYI", "UYU", "UYW", "UZS", "VED", "VES", "VND", "VUV",
    "WST", "XAF", "XAG", "XAU", "XBA", "XBB", "XBC", "XBD", "XCD", "XCG", "XDR", "XOF", "XPD",
    "XPF", "XPT", "XSU", "XUA", "YER", "ZAR", "ZMW", "ZWG",
];

/// An amount of money as JSON shows it: `{"amount": "0.0158", "micros": 15800, "currency": "USD"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Amount {
    pub amount: String,
    pub micros: i64,
    pub currency: String,
}

impl Amount {
    pub fn new(micros: i64, currency: Currency) -> Amount {
        Amount { amount: format_amount(micros), micros, currency: currency.as_str().to_string() }
    }
}

/// `{"amount", "micros"}` without the currency, for a margin inside an object that has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Micros(pub i64);

impl Serialize for Micros {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Micros", 2)?;
        st.serialize_field("amount", &format_amount(self.0))?;
        st.serialize_field("micros", &self.0)?;
        st.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_print_at_least_cents_and_no_trailing_zeros() {
        assert_eq!(format_amount(15800), "0.0158");
        assert_eq!(format_amount(23700), "0.0237");
        assert_eq!(format_amount(50000), "0.05");
        assert_eq!(format_amount(1_000_000), "1.00");
        assert_eq!(format_amount(0), "0.00");
        assert_eq!(format_amount(1), "0.000001");
        assert_eq!(format_amount(12_345_678), "12.345678");
        assert_eq!(format_amount(-4200), "-0.0042");
        assert_eq!(format_amount(-1), "-0.000001");
        assert_eq!(format_amount(i64::MIN), "-9223372036854.775808");
        assert_eq!(format_amount(i64::MAX), "9223372036854.775807");
    }

    #[test]
    fn decimals_parse_exactly() {
        assert_eq!(decimal_to_micros("0.0079"), Ok(7900));
        assert_eq!(decimal_to_micros("0.0083"), Ok(8300));
        assert_eq!(decimal_to_micros("12"), Ok(12_000_000));
        assert_eq!(decimal_to_micros(".5"), Ok(500_000));
        assert_eq!(decimal_to_micros("5."), Ok(5_000_000));
        assert_eq!(decimal_to_micros("-1.25"), Ok(-1_250_000));
        assert_eq!(decimal_to_micros("+0.01"), Ok(10_000));
        assert_eq!(decimal_to_micros(" 0.1 "), Ok(100_000));
        assert_eq!(decimal_to_micros("0.000001"), Ok(1));
    }

    #[test]
    fn rounding_is_half_to_even_beyond_six_digits() {
        assert_eq!(decimal_to_micros("0.0000125"), Ok(12)); // tie, 12 is even
        assert_eq!(decimal_to_micros("0.0000135"), Ok(14)); // tie, 13 is odd → 14
        assert_eq!(decimal_to_micros("0.00001250001"), Ok(13)); // above the tie
        assert_eq!(decimal_to_micros("0.0000124999"), Ok(12));
        assert_eq!(decimal_to_micros("0.0000005"), Ok(0));
        assert_eq!(decimal_to_micros("0.0000015"), Ok(2));
        assert_eq!(decimal_to_micros("0.9999995"), Ok(1_000_000));
        assert_eq!(decimal_to_micros("-0.0000135"), Ok(-14)); // symmetric
        assert_eq!(decimal_to_micros("0.12345650"), Ok(123_456)); // trailing zeros: a tie
    }

    #[test]
    fn bad_decimals_are_errors() {
        assert_eq!(decimal_to_micros(""), Err(MoneyError::Empty));
        for bad in ["abc", "1e-3", "1,5", "--1", ".", "-", "1.2.3", "0x10", "1 000"] {
            assert!(matches!(decimal_to_micros(bad), Err(MoneyError::NotDecimal(_))), "{bad}");
        }
        assert!(matches!(decimal_to_micros("99999999999999999999"), Err(MoneyError::TooLarge(_))));
        assert!(matches!(decimal_to_micros("9223372036855"), Err(MoneyError::TooLarge(_))));
    }

    #[test]
    fn floats_go_through_their_shortest_text() {
        assert_eq!(f64_to_micros(0.0079), Ok(7900));
        assert_eq!(f64_to_micros(0.1819), Ok(181_900));
        assert_eq!(f64_to_micros(0.0000125), Ok(12));
        assert_eq!(f64_to_micros(1e-7), Ok(0));
        assert_eq!(f64_to_micros(-0.003), Ok(-3000));
        assert!(f64_to_micros(f64::NAN).is_err());
        assert!(f64_to_micros(f64::INFINITY).is_err());
        assert!(f64_to_micros(1e300).is_err());
    }

    #[test]
    fn currency_codes_are_iso_4217() {
        let mut sorted = ISO_4217.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, ISO_4217);
        assert!(ISO_4217.len() > 170);
        for code in ["USD", "EUR", "GBP", "JPY", "INR", "BRL", "MXN", "CAD", "AUD", "CHF"] {
            assert_eq!(Currency::parse(code).map(|c| c.to_string()), Some(code.into()));
        }
        for bad in ["usd", "US", "USDD", "XXX", "ABC", "", "€"] {
            assert_eq!(Currency::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn amounts_serialize_as_string_and_micros() {
        let a = Amount::new(15800, Currency::USD);
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            r#"{"amount":"0.0158","micros":15800,"currency":"USD"}"#
        );
        assert_eq!(
            serde_json::to_string(&Micros(-300)).unwrap(),
            r#"{"amount":"-0.0003","micros":-300}"#
        );
    }
}
