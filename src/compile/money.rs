//! The one piece of money arithmetic the compiler needs: a decimal literal (`0.05`) as integer
//! micros, exactly (no floating point), rounding half to even past the sixth decimal.

/// `"0.05"` → `50_000`. `None` for text that is not a plain non-negative decimal or overflows.
pub fn decimal_to_micros(text: &str) -> Option<i64> {
    let (int_part, frac_part) = match text.split_once('.') {
        Some((i, f)) => (i, f),
        None => (text, ""),
    };
    if int_part.is_empty() || !int_part.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if text.contains('.') && (frac_part.is_empty() || !frac_part.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let mut micros: i64 = 0;
    for b in int_part.bytes() {
        micros = micros.checked_mul(10)?.checked_add(i64::from(b - b'0'))?;
    }
    micros = micros.checked_mul(1_000_000)?;
    let frac = frac_part.as_bytes();
    let mut scale = 100_000;
    for &b in frac.iter().take(6) {
        micros = micros.checked_add(i64::from(b - b'0') * scale)?;
        scale /= 10;
    }
    // Round half to even on the digits past the sixth.
    if let Some((&first, rest)) = frac.get(6..).and_then(|r| r.split_first()) {
        let rest_nonzero = rest.iter().any(|&b| b != b'0');
        let round_up = match first {
            b'6'..=b'9' => true,
            b'5' => rest_nonzero || micros % 2 == 1,
            _ => false,
        };
        if round_up {
            micros = micros.checked_add(1)?;
        }
    }
    Some(micros)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_micros() {
        assert_eq!(decimal_to_micros("0.05"), Some(50_000));
        assert_eq!(decimal_to_micros("12"), Some(12_000_000));
        assert_eq!(decimal_to_micros("0.0000015"), Some(2));
        assert_eq!(decimal_to_micros("0.0000025"), Some(2));
        assert_eq!(decimal_to_micros("0.00000251"), Some(3));
        assert_eq!(decimal_to_micros("1."), None);
        assert_eq!(decimal_to_micros("-1"), None);
        assert_eq!(decimal_to_micros("99999999999999999999"), None);
    }
}
