//! Number helpers: `to_number`, `round`, `floor`, `ceil`, `format_number`, `format_money`
//! (SPEC §6).
//!
//! Rounding is decimal, half away from zero, on the shortest text that reads back as the number
//! (the digits a person sees): `round(1.005, 2)` is 1.01 and `0.1 + 0.2` prints as `0.30` with
//! `format_number(x, 2)`, never `0.30000000000000004`. Binary arithmetic (`x * 100`, then round)
//! would give 1.00 for the first.

use crate::eval::value::Val;
use std::borrow::Cow;

/// The widest precision `round` and `format_number` take (the checker says so for literals).
pub const MAX_DIGITS: u32 = 10;

/// Currencies without minor units (ISO 4217 exponent 0): `format_money` prints no decimals.
const ZERO_DECIMAL: &[&str] = &[
    "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND",
    "VUV", "XAF", "XOF", "XPF",
];

/// `to_number(x)`: a number as it is; text that is a plain decimal number (`"12"`, `" -3.5 "`,
/// `"1e3"`) as that number; anything else (`"12 apples"`, `"1,234"`, `true`, `"NaN"`) missing.
pub fn to_number<'a>(x: &Val<'_>) -> Val<'a> {
    match x {
        Val::Num(n) => Val::Num(*n),
        Val::Str(s) => {
            let t = s.trim();
            let plain = !t.is_empty()
                && t.bytes().all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b))
                && t.bytes().any(|b| b.is_ascii_digit());
            match herald_lang::float::parse(t) {
                Some(n) if plain && n.is_finite() => Val::Num(n),
                _ => Val::Missing,
            }
        }
        _ => Val::Missing,
    }
}

/// `floor`, `ceil`: numbers only.
pub fn unary<'a>(x: &Val<'_>, f: fn(f64) -> f64) -> Val<'a> {
    match x {
        Val::Num(n) => Val::Num(f(*n) + 0.0),
        _ => Val::Missing,
    }
}

/// The digit count argument: absent is 0; a whole number from 0 to `MAX_DIGITS`, else `None`.
fn digits_of(d: Option<&Val<'_>>) -> Option<u32> {
    match d {
        None => Some(0),
        Some(Val::Num(n)) if n.fract() == 0.0 && (0.0..=f64::from(MAX_DIGITS)).contains(n) => {
            Some(*n as u32)
        }
        _ => None,
    }
}

/// `round(x[, digits])`.
pub fn round<'a>(x: &Val<'_>, d: Option<&Val<'_>>) -> Val<'a> {
    let (Val::Num(n), Some(digits)) = (x, digits_of(d)) else { return Val::Missing };
    match Decimal::of(*n, digits) {
        Some(dec) => {
            herald_lang::float::parse(&dec.text(false)).map_or(Val::Missing, |v| Val::Num(v + 0.0))
        }
        None => Val::Missing,
    }
}

/// `format_number(x, digits)`: `1,234.50`.
pub fn format_number<'a>(x: &Val<'_>, d: Option<&Val<'_>>) -> Val<'a> {
    let (Val::Num(n), Some(digits)) = (x, digits_of(d.or(Some(&Val::Num(0.0))))) else {
        return Val::Missing;
    };
    Decimal::of(*n, digits).map_or(Val::Missing, |dec| Val::Str(Cow::Owned(dec.text(true))))
}

/// `format_money(x, "USD")`: `$1,234.50`, `€1,234.50`, `£1,234.50`, `-$5.00`; other codes
/// after the amount (`1,234.50 CAD`), without decimals for currencies that have none
/// (`1,235 JPY`). An unknown code is missing (the checker rejects a literal one, E0406).
pub fn format_money<'a>(x: &Val<'_>, code: Option<&Val<'_>>) -> Val<'a> {
    let (Val::Num(n), Some(Val::Str(code))) = (x, code) else { return Val::Missing };
    let code = code.as_ref();
    if !herald_lang::check::is_currency_code(code) {
        return Val::Missing;
    }
    let digits = if ZERO_DECIMAL.contains(&code) { 0 } else { 2 };
    let Some(dec) = Decimal::of(*n, digits) else { return Val::Missing };
    let sign = if dec.negative { "-" } else { "" };
    let amount = Decimal { negative: false, ..dec }.text(true);
    let text = match money_symbol(code) {
        Some(sym) => format!("{sign}{sym}{amount}"),
        None => format!("{sign}{amount} {code}"),
    };
    Val::Str(Cow::Owned(text))
}

/// The symbol `format_money` writes before the amount, for the codes that have one.
pub fn money_symbol(code: &str) -> Option<&'static str> {
    match code {
        "USD" => Some("$"),
        "EUR" => Some("€"),
        "GBP" => Some("£"),
        _ => None,
    }
}

/// A number rounded to a count of decimals, as decimal digits.
#[derive(Debug, Clone, PartialEq)]
struct Decimal {
    negative: bool,
    /// The integer part, without leading zeros ("0" for none).
    int: String,
    /// Exactly `digits` digits.
    frac: String,
}

impl Decimal {
    fn of(x: f64, digits: u32) -> Option<Decimal> {
        if !x.is_finite() {
            return None;
        }
        // The shortest digits that read back as `x`, and where the point goes.
        let mut sci = String::new();
        herald_lang::float::write_lower_exp(&mut sci, x.abs());
        let (mantissa, exp) = sci.split_once('e')?;
        let exp: i64 = exp.parse().ok()?;
        let ds: Vec<u8> = mantissa.bytes().filter(u8::is_ascii_digit).map(|b| b - b'0').collect();
        let point = exp + 1; // digits before the decimal point
        let total = point + i64::from(digits); // digits to keep
        let mut kept: Vec<u8> = if total <= 0 {
            Vec::new()
        } else {
            let n = usize::try_from(total).ok()?;
            (0..n).map(|i| ds.get(i).copied().unwrap_or(0)).collect()
        };
        let next =
            if total < 0 { 0 } else { ds.get(usize::try_from(total).ok()?).copied().unwrap_or(0) };
        if next >= 5 {
            // Half away from zero: add one at the last kept place.
            let mut carry = true;
            for d in kept.iter_mut().rev() {
                if *d == 9 {
                    *d = 0;
                } else {
                    *d += 1;
                    carry = false;
                    break;
                }
            }
            if carry {
                kept.insert(0, 1);
            }
        }
        let digits = digits as usize;
        while kept.len() < digits + 1 {
            kept.insert(0, 0);
        }
        let split = kept.len() - digits;
        let (int, frac) = kept.split_at(split);
        let int: String = int.iter().map(|d| char::from(b'0' + d)).collect();
        let int = int.trim_start_matches('0');
        let int = if int.is_empty() { "0".to_string() } else { int.to_string() };
        let frac: String = frac.iter().map(|d| char::from(b'0' + d)).collect();
        let zero = int == "0" && frac.bytes().all(|b| b == b'0');
        Some(Decimal { negative: x < 0.0 && !zero, int, frac })
    }

    /// `-1234.50`, or with `grouping` `-1,234.50`.
    fn text(&self, grouping: bool) -> String {
        let mut out = String::with_capacity(self.int.len() * 4 / 3 + self.frac.len() + 2);
        if self.negative {
            out.push('-');
        }
        let len = self.int.len();
        for (i, c) in self.int.chars().enumerate() {
            if grouping && i > 0 && (len - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        if !self.frac.is_empty() {
            out.push('.');
            out.push_str(&self.frac);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> Val<'_> {
        Val::Str(Cow::Borrowed(x))
    }
    fn text(v: Val<'_>) -> String {
        match v {
            Val::Str(s) => s.into_owned(),
            other => format!("{other:?}"),
        }
    }
    fn num(v: Val<'_>) -> Option<f64> {
        match v {
            Val::Num(n) => Some(n),
            _ => None,
        }
    }

    #[test]
    fn rounding_is_decimal_half_away_from_zero() {
        let cases = [
            (1.005, 2, "1.01"),
            (0.1 + 0.2, 2, "0.30"),
            (1234.5, 2, "1,234.50"),
            (999.995, 2, "1,000.00"),
            (0.004, 2, "0.00"),
            (0.005, 2, "0.01"),
            (0.0004, 2, "0.00"),
            (-2.5, 0, "-3"),
            (2.5, 0, "3"),
            (-0.001, 2, "0.00"),
            (1234567.891, 1, "1,234,567.9"),
            (1e21, 0, "1,000,000,000,000,000,000,000"),
            (12.0, 0, "12"),
        ];
        for (x, d, want) in cases {
            assert_eq!(
                text(format_number(&Val::Num(x), Some(&Val::Num(f64::from(d))))),
                want,
                "{x}"
            );
        }
        assert_eq!(num(round(&Val::Num(1.005), Some(&Val::Num(2.0)))), Some(1.01));
        assert_eq!(num(round(&Val::Num(2.5), None)), Some(3.0));
        assert_eq!(num(round(&Val::Num(-2.5), None)), Some(-3.0));
        assert_eq!(num(round(&Val::Num(0.1 + 0.2), Some(&Val::Num(2.0)))), Some(0.3));
        assert!(round(&Val::Num(1.0), Some(&Val::Num(11.0))).is_missing());
        assert!(round(&Val::Num(1.0), Some(&Val::Num(1.5))).is_missing());
        assert!(round(&s("1"), None).is_missing());
    }

    #[test]
    fn money() {
        let m = |x: f64, c: &str| text(format_money(&Val::Num(x), Some(&s(c))));
        assert_eq!(m(1234.5, "USD"), "$1,234.50");
        assert_eq!(m(0.1 + 0.2, "USD"), "$0.30");
        assert_eq!(m(-5.0, "USD"), "-$5.00");
        assert_eq!(m(1234.5, "EUR"), "€1,234.50");
        assert_eq!(m(1234.5, "GBP"), "£1,234.50");
        assert_eq!(m(1234.5, "CAD"), "1,234.50 CAD");
        assert_eq!(m(1234.5, "JPY"), "1,235 JPY");
        assert!(format_money(&Val::Num(1.0), Some(&s("usd"))).is_missing());
        assert!(format_money(&s("1"), Some(&s("USD"))).is_missing());
    }

    #[test]
    fn to_number_reads_plain_numbers_only() {
        assert_eq!(num(to_number(&s(" 12.5 "))), Some(12.5));
        assert_eq!(num(to_number(&s("-3"))), Some(-3.0));
        assert_eq!(num(to_number(&s("1e3"))), Some(1000.0));
        assert_eq!(num(to_number(&Val::Num(7.0))), Some(7.0));
        for bad in ["", "12 apples", "1,234", "NaN", "inf", "e", "-", "0x10"] {
            assert!(to_number(&s(bad)).is_missing(), "{bad}");
        }
        assert!(to_number(&Val::Bool(true)).is_missing());
    }

    #[test]
    fn floor_and_ceil() {
        assert_eq!(num(unary(&Val::Num(-0.5), f64::floor)), Some(-1.0));
        assert_eq!(num(unary(&Val::Num(1.2), f64::ceil)), Some(2.0));
        assert!(unary(&s("1"), f64::ceil).is_missing());
    }
}
