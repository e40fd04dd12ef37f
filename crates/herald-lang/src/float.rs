//! f64 to and from decimal text by hand, bit for bit as the standard library does it (issue #14,
//! WebAssembly size).
//!
//! Why: `str::parse::<f64>` is core's `dec2flt` (Eisel-Lemire with a 10,416-byte table of 128-bit
//! powers of five, `POWER_OF_FIVE_128`, random bytes gzip cannot shrink, plus about 5 KB of
//! code), and `{}`/`{:e}` of an f64 is core's `flt2dec` (Grisu with its cached powers of ten and
//! Dragon4's bignum as the fallback, about 11 KB of code and tables). The runtime module needs
//! neither at that price: numbers are read by [`parse`] (Clinger's exact fast path, exact
//! integer arithmetic for up to 19 digits, more digits bracketed by their first 19, else the
//! "simple decimal conversion" of core's own `dec2flt/slow.rs`, Go's `strconv` and Wuffs: no
//! table of powers) and written by [`write_display`]/[`write_lower_exp`] from zmij's shortest
//! digits (zmij already writes every float of the JSON output; its digits are the shortest that
//! read back, the closest of them to the value, as core's).
//!
//! Library code parses and prints f64 only through here (docs/architecture.md); the standard
//! library's `parse::<f64>`/`{}` of f64 stay the oracles of the tests (`float/tests.rs`).

/// `text.parse::<f64>().ok()`, bit for bit (the same syntax: an optional sign, digits with an
/// optional `.`, an optional exponent; `inf`, `infinity` and `nan` in any case; the same value,
/// correctly rounded, ties to even: overflow to infinity, underflow to zero or a subnormal, `-0`).
pub fn parse(text: &str) -> Option<f64> {
    let bytes = text.as_bytes();
    let (negative, rest) = match bytes.split_first()? {
        (b'-', rest) => (true, rest),
        (b'+', rest) => (false, rest),
        _ => (false, bytes),
    };
    if rest.is_empty() {
        return None;
    }
    let magnitude = match Scanned::of(rest) {
        Some(number) => number.exact().or_else(|| number.bracketed()).unwrap_or_else(|| slow(rest)),
        None => inf_nan(rest)?,
    };
    Some(if negative { -magnitude } else { magnitude })
}

/// `inf`, `infinity` or `nan`, in any case (core's `parse_inf_nan`).
fn inf_nan(s: &[u8]) -> Option<f64> {
    if s.eq_ignore_ascii_case(b"nan") {
        Some(f64::NAN)
    } else if s.eq_ignore_ascii_case(b"inf") || s.eq_ignore_ascii_case(b"infinity") {
        Some(f64::INFINITY)
    } else {
        None
    }
}

/// The digit at `i`, if there is one there.
fn digit_at(s: &[u8], i: usize) -> Option<u8> {
    s.get(i).filter(|c| c.is_ascii_digit()).map(|c| c - b'0')
}

/// A number's text checked and read up to its first 19 significant digits.
#[derive(Clone, Copy)]
struct Scanned {
    /// The first 19 significant digits.
    mantissa: u64,
    /// The value is `mantissa × 10^exponent` when `exact`, else a little more (below
    /// `(mantissa + 1) × 10^exponent`).
    exponent: i64,
    /// No nonzero significant digit was left out of `mantissa`.
    exact: bool,
}

impl Scanned {
    /// Digits with at most one `.` (at least one digit), then optionally `e`/`E`, a sign and
    /// digits; nothing else.
    fn of(s: &[u8]) -> Option<Scanned> {
        let (mut mantissa, mut kept, mut exact) = (0_u64, 0_u32, true);
        let (mut exponent, mut digits, mut fraction, mut i) = (0_i64, 0_usize, false, 0_usize);
        while let Some(&c) = s.get(i) {
            if c.is_ascii_digit() {
                digits += 1;
                let d = u64::from(c - b'0');
                if kept < 19 {
                    if kept != 0 || d != 0 {
                        mantissa = mantissa * 10 + d;
                        kept += 1;
                    }
                    // A leading zero: only its place counts.
                    if fraction {
                        exponent -= 1;
                    }
                } else {
                    // A digit left out: its place counts in the integer part.
                    exact &= d == 0;
                    if !fraction {
                        exponent += 1;
                    }
                }
            } else if c == b'.' && !fraction {
                fraction = true;
            } else {
                break;
            }
            i += 1;
        }
        if digits == 0 {
            return None;
        }
        if let Some(b'e' | b'E') = s.get(i) {
            i += 1;
            let negative = s.get(i) == Some(&b'-');
            if matches!(s.get(i), Some(b'-' | b'+')) {
                i += 1;
            }
            let (start, mut e) = (i, 0_i64);
            while let Some(d) = digit_at(s, i) {
                // As core: an exponent past 65,536 is read as about that (the value is 0 or
                // infinite either way).
                if e < 0x10000 {
                    e = 10 * e + i64::from(d);
                }
                i += 1;
            }
            if i == start {
                return None;
            }
            exponent += if negative { -e } else { e };
        }
        (i == s.len()).then_some(Scanned { mantissa, exponent, exact })
    }

    /// The value of a number with at most 19 significant digits (any exponent), correctly
    /// rounded, without the slow path: `None` when digits were left out.
    fn exact(&self) -> Option<f64> {
        if !self.exact {
            return None;
        }
        self.fast()
            .or_else(|| self.exact_in_128_bits())
            .or_else(|| self.exact_big_product())
            .or_else(|| self.exact_small_quotient())
    }

    /// More than 19 significant digits: the value lies between the first 19 digits and them plus
    /// one unit in their last place (times the power of ten); when both ends round to the same
    /// f64, so does the value (rounding is monotonic). Only when they differ (the value is
    /// within about 10^-19 of a halfway point: rare, and the same class for which core leaves
    /// Eisel-Lemire) does the slow path read all the digits.
    fn bracketed(&self) -> Option<f64> {
        if self.exact {
            return None;
        }
        let low = Scanned { exact: true, ..*self }.exact()?;
        let mantissa = self.mantissa.checked_add(1)?;
        let high = Scanned { mantissa, exact: true, ..*self }.exact()?;
        (low.to_bits() == high.to_bits()).then_some(low)
    }

    /// Clinger's fast path: a mantissa of at most 53 bits times or over a power of ten that an
    /// f64 holds exactly (10^0 to 10^22) is one correctly rounded IEEE operation. The "disguised"
    /// case: 10^23 to 10^37 when the mantissa times 10^(e-22) still fits in 53 bits.
    fn fast(&self) -> Option<f64> {
        const MAX_MANTISSA: u64 = 1 << 53;
        if self.mantissa == 0 {
            return Some(0.0);
        }
        if self.mantissa > MAX_MANTISSA {
            return None;
        }
        let pow10 = |e: i64| usize::try_from(e).ok().and_then(|e| POW10.get(e)).copied();
        let m = self.mantissa as f64;
        match self.exponent {
            e @ -22..=-1 => Some(m / pow10(-e)?),
            e @ 0..=22 => Some(m * pow10(e)?),
            e @ 23..=37 => {
                let scale = 10_u64.pow(u32::try_from(e - 22).ok()?);
                let m = self.mantissa.checked_mul(scale).filter(|m| *m <= MAX_MANTISSA)?;
                Some(m as f64 * 1e22)
            }
            _ => None,
        }
    }
}

impl Scanned {
    /// Up to 19 digits times 10^0..10^38, or over 10^1..10^21, in 128-bit integers: the digits
    /// JavaScript and zmij write for any f64 (17 at most), so nearly every JSON number the fast
    /// path leaves (`0.30000000000000004`). A product that fits in 128 bits is exact, and `as
    /// f64` rounds an integer correctly (to nearest, ties to even). A quotient: the digits shifted
    /// to fill 128 bits over 10^k (< 2^70) leave more than 57 bits, with a set lowest bit for a
    /// nonzero remainder (below the rounding bit, so it breaks only false ties), then scaled by
    /// the shift's power of two (exact: the value is at least 10^-21, a normal f64).
    fn exact_in_128_bits(&self) -> Option<f64> {
        let digits = u128::from(self.mantissa);
        match self.exponent {
            e @ 0..=38 => {
                let product = digits.checked_mul(10_u128.pow(u32::try_from(e).ok()?))?;
                Some(product as f64)
            }
            e @ -21..=-1 => {
                let divisor = 10_u128.pow(e.unsigned_abs() as u32);
                let shift = digits.leading_zeros();
                let numerator = digits << shift;
                let quotient = (numerator / divisor) | u128::from(numerator % divisor != 0);
                let scale = f64::from_bits(u64::from(1023 - shift) << 52);
                Some(quotient as f64 * scale)
            }
            _ => None,
        }
    }
}

impl Scanned {
    /// Up to 19 digits times 10^0..10^310 beyond 128 bits (`4.5e300`, `1234567890123456789e30`;
    /// the simple decimal conversion takes microseconds there): the digits times 5^e exactly, in
    /// 32-bit limbs (at most 64 + 720 bits), rounded once to 64 bits with a sticky lowest bit (11
    /// bits below the rounding bit: no false tie), converted (`as f64` rounds correctly) and
    /// scaled by 2^(e + the bits dropped), which is exact unless the value overflows, and then
    /// infinity is right. Past 10^310 the value (at least 1 × 10^311) is infinite.
    fn exact_big_product(&self) -> Option<f64> {
        const LIMBS: usize = 26;
        if self.exponent > 310 {
            return Some(f64::INFINITY);
        }
        let e = u32::try_from(self.exponent).ok()?;
        let mut limbs = [0_u32; LIMBS];
        let mut len = 0;
        let mut w = self.mantissa;
        while w > 0 {
            *limbs.get_mut(len)? = w as u32;
            w >>= 32;
            len += 1;
        }
        let mut left = e;
        while left > 0 {
            // 5^13 < 2^32.
            let step = left.min(13);
            let factor = 5_u64.pow(step);
            let mut carry = 0_u64;
            for limb in limbs.iter_mut().take(len) {
                let product = u64::from(*limb) * factor + carry;
                *limb = product as u32;
                carry = product >> 32;
            }
            if carry > 0 {
                *limbs.get_mut(len)? = carry as u32;
                len += 1;
            }
            left -= step;
        }
        // The top three limbs (the highest nonzero), the rest only as a sticky bit.
        let top = len.checked_sub(3)?;
        let three = limbs.get(top..len)?;
        let wide = three.iter().rev().fold(0_u128, |acc, l| (acc << 32) | u128::from(*l));
        let drop = 64 - wide.leading_zeros();
        let sticky = (wide & ((1 << drop) - 1)) != 0 || limbs.get(..top)?.iter().any(|l| *l != 0);
        let significand = (wide >> drop) as u64 | u64::from(sticky);
        Some(times_pow2(significand as f64, drop + 32 * top as u32 + e))
    }
}

impl Scanned {
    /// Up to 19 digits over 10^22..10^342 (`1e-300`, `2.2250738585072014e-308`; below 10^-342
    /// even 2^64 digits are under half the least subnormal, so zero): a candidate f64 from float
    /// arithmetic (the digits over 5^k, from its limbs, times 2^-k: a few ulps off at most), then
    /// corrected by exact comparisons of the value with the halfway points beside the candidate
    /// (`mantissa / (5^k × 2^k)` against `(2M + 1) × 2^(q-1)`, both sides made integers: products
    /// of small factors in 32-bit limbs, no division), subnormals alike. (A tie cannot happen
    /// here: a halfway point is `odd × 2^j`, the value `digits / 10^k` with k ≥ 22 would need
    /// 5^22 × 2^53 to divide into 19 digits; ties are still taken to even, as everywhere.)
    fn exact_small_quotient(&self) -> Option<f64> {
        if self.exponent < -342 || self.mantissa == 0 {
            return Some(0.0);
        }
        let k = u32::try_from(-self.exponent).ok().filter(|k| *k >= 22)?;
        let mut five_k = Big::from(1);
        let mut left = k;
        while left > 0 {
            // 5^27 < 2^63.
            let step = left.min(27);
            five_k.mul_small(5_u64.pow(step))?;
            left -= step;
        }
        if let Some(x) = self.quotient_estimate(&five_k, k) {
            return Some(x);
        }
        let divisor =
            five_k.limbs().iter().rev().fold(0.0, |acc, l| acc * 4_294_967_296.0 + f64::from(*l));
        let candidate = self.mantissa as f64 / divisor * f64::from_bits(u64::from(1023 - k) << 52);
        // The value against the halfway point between `bits` and the next f64 up.
        let against_halfway = |bits: u64| -> Option<core::cmp::Ordering> {
            let (significand, power) = match bits >> 52 {
                0 => (bits, -1074),
                biased => ((bits & ((1 << 52) - 1)) | (1 << 52), biased as i64 - 1075),
            };
            // mantissa / (5^k × 2^k) against (2M + 1) × 2^(power - 1): mantissa against
            // (2M + 1) × 5^k × 2^(power - 1 + k).
            let mut halfway = five_k.clone();
            halfway.mul_small(2 * significand + 1)?;
            let mut value = Big::from(self.mantissa);
            let t = power - 1 + i64::from(k);
            let shift = u32::try_from(t.unsigned_abs()).ok()?;
            if t >= 0 {
                halfway.shift_left(shift)?;
            } else {
                value.shift_left(shift)?;
            }
            Some(value.compare(&halfway))
        };
        let mut bits = candidate.to_bits();
        // The candidate is a few ulps off at most: a bound, then the slow path.
        for _ in 0..8 {
            match against_halfway(bits)? {
                core::cmp::Ordering::Greater => {
                    bits += 1;
                    continue;
                }
                // A tie: the even one.
                core::cmp::Ordering::Equal => return Some(f64::from_bits(bits + (bits & 1))),
                core::cmp::Ordering::Less => {}
            }
            let Some(below) = bits.checked_sub(1) else {
                return Some(0.0);
            };
            match against_halfway(below)? {
                core::cmp::Ordering::Less => bits = below,
                core::cmp::Ordering::Equal => return Some(f64::from_bits(below + (below & 1))),
                core::cmp::Ordering::Greater => return Some(f64::from_bits(bits)),
            }
        }
        None
    }
}

impl Scanned {
    /// Most numbers of `exact_small_quotient` without its exact comparisons: with `T` the top 64
    /// bits of 5^k (5^k = (T + f) × 2^s, 0 ≤ f < 1) and the digits shifted to 64 bits (`m'`),
    /// `Q = ⌊m' × 2^64 / T⌋` (one 128-bit division) puts the value's `m' × 2^64 / (T + f)` strictly
    /// between `Q - 4` and `Q + 1` (T ≥ 2^63, m' < 2^64), times 2^E. When both ends round to the
    /// f64 above the least normal (so the lower end is normal: rounding it to 53 bits with `as
    /// f64` is right, and scaling a normal result by powers of two is exact), so does the value;
    /// otherwise (near a halfway point, at or below the least normal) `None`.
    fn quotient_estimate(&self, five_k: &Big, k: u32) -> Option<f64> {
        let limbs = five_k.limbs();
        let below = limbs.len().saturating_sub(3);
        let top = limbs.iter().rev().take(3).fold(0_u128, |acc, l| (acc << 32) | u128::from(*l));
        if top == 0 || self.mantissa == 0 {
            return None;
        }
        let zeros = top.leading_zeros();
        let t = ((top << zeros) >> 64) as u64;
        // 5^k's bit length less 64.
        let s = 32 * below as i64 + i64::from(128 - zeros) - 64;
        let shift = self.mantissa.leading_zeros();
        let numerator = u128::from(self.mantissa << shift) << 64;
        let q = numerator / u128::from(t);
        let e = -64 - i64::from(shift) - s - i64::from(k);
        let scaled = |n: u128| {
            let (mut x, mut e) = (n as f64, e);
            while e < -1000 {
                x *= f64::from_bits((1023 - 1000) << 52);
                e += 1000;
            }
            x * f64::from_bits(u64::try_from(1023 + e).unwrap_or(0) << 52)
        };
        let (low, high) = (scaled(q.checked_sub(4)?), scaled(q.checked_add(1)?));
        (low > f64::MIN_POSITIVE && low.to_bits() == high.to_bits()).then_some(low)
    }
}

/// Limbs for [`Big`]: 1280 bits, above the largest operand of `exact_small_quotient`
/// (`2^64 × 2^1053`, and `2^54 × 5^342` is 849 bits).
const BIG_LIMBS: usize = 40;

/// A nonnegative integer in 32-bit limbs, the least significant first; operations that would
/// outgrow it return `None`.
#[derive(Clone)]
struct Big {
    limbs: [u32; BIG_LIMBS],
    len: usize,
}

impl Big {
    fn from(n: u64) -> Big {
        let mut big = Big { limbs: [0; BIG_LIMBS], len: 0 };
        let mut n = n;
        while n > 0 {
            if let Some(limb) = big.limbs.get_mut(big.len) {
                *limb = n as u32;
            }
            n >>= 32;
            big.len += 1;
        }
        big
    }

    fn limbs(&self) -> &[u32] {
        self.limbs.get(..self.len).unwrap_or_default()
    }

    /// Times `factor`.
    fn mul_small(&mut self, factor: u64) -> Option<()> {
        let mut carry = 0_u128;
        for limb in self.limbs.iter_mut().take(self.len) {
            let product = u128::from(*limb) * u128::from(factor) + carry;
            *limb = product as u32;
            carry = product >> 32;
        }
        while carry > 0 {
            *self.limbs.get_mut(self.len)? = carry as u32;
            carry >>= 32;
            self.len += 1;
        }
        Some(())
    }

    /// Times 2^bits.
    fn shift_left(&mut self, bits: u32) -> Option<()> {
        if self.len == 0 {
            return Some(());
        }
        let (whole, part) = ((bits / 32) as usize, bits % 32);
        let len = self.len + whole + 1;
        if len > BIG_LIMBS + 1 {
            return None;
        }
        let old = self.limbs;
        let old = old.get(..self.len).unwrap_or_default();
        for i in (0..len).rev() {
            // Limb i of the result: bits of limbs i - whole and i - whole - 1.
            let at = |j: Option<usize>| j.and_then(|j| old.get(j)).copied().unwrap_or(0);
            let high = at(i.checked_sub(whole));
            let low = at(i.checked_sub(whole + 1));
            let limb = if part == 0 { high } else { (high << part) | (low >> (32 - part)) };
            match self.limbs.get_mut(i) {
                Some(slot) => *slot = limb,
                None if limb == 0 => {}
                None => return None,
            }
        }
        self.len = len.min(BIG_LIMBS);
        while self.len > 0 && self.limbs.get(self.len - 1) == Some(&0) {
            self.len -= 1;
        }
        Some(())
    }

    fn compare(&self, other: &Big) -> core::cmp::Ordering {
        self.len
            .cmp(&other.len)
            .then_with(|| self.limbs().iter().rev().cmp(other.limbs().iter().rev()))
    }
}

/// `x × 2^k`, exact unless it overflows to infinity.
fn times_pow2(mut x: f64, mut k: u32) -> f64 {
    while k > 0 {
        let step = k.min(1000);
        x *= f64::from_bits(u64::from(1023 + step) << 52);
        k -= step;
    }
    x
}

/// 10^0 to 10^22: every one exact in an f64.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// Digits kept by the slow path: enough to decide every rounding (the longest exact halfway
/// value has 767 significant digits); a nonzero digit beyond them sets `truncated`.
const MAX_DIGITS: usize = 768;
/// Past this decimal point the value is zero or infinite.
const DECIMAL_POINT_RANGE: i32 = 2047;

/// A decimal `0.DIGITS × 10^decimal_point` that can be multiplied and divided by powers of two
/// exactly (core's `dec2flt::decimal_seq::DecimalSeq`, whose left shift counts its new digits
/// with a 0x0819-entry table; here the product is written into a scratch buffer instead).
struct Decimal {
    /// Significant digits, also those beyond `MAX_DIGITS` that were not kept.
    num_digits: usize,
    decimal_point: i32,
    /// A nonzero digit was dropped beyond `MAX_DIGITS`.
    truncated: bool,
    /// The digits' values (0-9), from the most significant.
    digits: [u8; MAX_DIGITS],
}

impl Decimal {
    /// A number's text (checked by `Scanned::of`), as core's `parse_decimal_seq` reads it.
    fn parse(s: &[u8]) -> Decimal {
        let mut d =
            Decimal { num_digits: 0, decimal_point: 0, truncated: false, digits: [0; MAX_DIGITS] };
        let mut i = 0;
        while s.get(i) == Some(&b'0') {
            i += 1;
        }
        while let Some(c) = digit_at(s, i) {
            d.push(c);
            i += 1;
        }
        if s.get(i) == Some(&b'.') {
            i += 1;
            let first = i;
            if d.num_digits == 0 {
                while s.get(i) == Some(&b'0') {
                    i += 1;
                }
            }
            while let Some(c) = digit_at(s, i) {
                d.push(c);
                i += 1;
            }
            d.decimal_point = (first as i32).wrapping_sub(i as i32);
        }
        if d.num_digits != 0 {
            // Trailing zeros are no digits.
            let trailing = s
                .get(..i)
                .unwrap_or_default()
                .iter()
                .rev()
                .filter(|c| **c != b'.')
                .take_while(|c| **c == b'0')
                .count();
            d.decimal_point = d.decimal_point.wrapping_add(trailing as i32);
            d.num_digits = d.num_digits.saturating_sub(trailing);
            d.decimal_point = d.decimal_point.wrapping_add(d.num_digits as i32);
            if d.num_digits > MAX_DIGITS {
                d.truncated = true;
                d.num_digits = MAX_DIGITS;
            }
        }
        if let Some(b'e' | b'E') = s.get(i) {
            i += 1;
            let negative = s.get(i) == Some(&b'-');
            if matches!(s.get(i), Some(b'-' | b'+')) {
                i += 1;
            }
            let mut e = 0_i32;
            while let Some(c) = digit_at(s, i) {
                if e < 0x10000 {
                    e = 10 * e + i32::from(c);
                }
                i += 1;
            }
            d.decimal_point = d.decimal_point.wrapping_add(if negative { -e } else { e });
        }
        d
    }

    fn digit(&self, i: usize) -> u8 {
        self.digits.get(i).copied().unwrap_or(0)
    }

    fn set(&mut self, i: usize, digit: u8) {
        if let Some(d) = self.digits.get_mut(i) {
            *d = digit;
        }
    }

    /// One more digit (kept while there is room).
    fn push(&mut self, digit: u8) {
        self.set(self.num_digits, digit);
        self.num_digits += 1;
    }

    /// Without trailing zeros.
    fn trim(&mut self) {
        while self.num_digits != 0 && self.digit(self.num_digits - 1) == 0 {
            self.num_digits -= 1;
        }
    }

    /// The integer part, rounded half to even (up when digits were dropped); at most 2^64 - 1.
    fn round(&self) -> u64 {
        if self.num_digits == 0 || self.decimal_point < 0 {
            return 0;
        }
        if self.decimal_point > 18 {
            return u64::MAX;
        }
        let dp = self.decimal_point as usize;
        let mut n = 0_u64;
        for i in 0..dp {
            n = n * 10 + if i < self.num_digits { u64::from(self.digit(i)) } else { 0 };
        }
        let mut round_up = false;
        if dp < self.num_digits {
            round_up = self.digit(dp) >= 5;
            if self.digit(dp) == 5 && dp + 1 == self.num_digits {
                round_up = self.truncated || (dp != 0 && self.digit(dp - 1) & 1 != 0);
            }
        }
        n + u64::from(round_up)
    }

    /// Times 2^shift (shift at most 60).
    fn left_shift(&mut self, shift: u32) {
        if self.num_digits == 0 {
            return;
        }
        // 2^60 < 10^19: the product has at most 19 more digits. Written from the right.
        const ROOM: usize = 19;
        let mut out = [0_u8; MAX_DIGITS + ROOM];
        let end = self.num_digits + ROOM;
        let mut write = end;
        let mut n = 0_u64;
        let mut put = |n: &mut u64, write: &mut usize| {
            *write -= 1;
            if let Some(d) = out.get_mut(*write) {
                *d = (*n % 10) as u8;
            }
            *n /= 10;
        };
        for i in (0..self.num_digits).rev() {
            n += u64::from(self.digit(i)) << shift;
            put(&mut n, &mut write);
        }
        while n > 0 {
            put(&mut n, &mut write);
        }
        let product = out.get(write..end).unwrap_or_default();
        let kept = product.len().min(MAX_DIGITS);
        let (head, dropped) = product.split_at(kept);
        if dropped.iter().any(|d| *d != 0) {
            self.truncated = true;
        }
        if let Some(digits) = self.digits.get_mut(..kept) {
            digits.copy_from_slice(head);
        }
        let new_digits = product.len() - self.num_digits;
        self.num_digits = kept;
        self.decimal_point = self.decimal_point.wrapping_add(new_digits as i32);
        self.trim();
    }

    /// Over 2^shift (shift at most 60), as core's `DecimalSeq::right_shift`.
    fn right_shift(&mut self, shift: u32) {
        let (mut read, mut write, mut n) = (0_usize, 0_usize, 0_u64);
        while (n >> shift) == 0 {
            if read < self.num_digits {
                n = 10 * n + u64::from(self.digit(read));
                read += 1;
            } else if n == 0 {
                return;
            } else {
                while (n >> shift) == 0 {
                    n *= 10;
                    read += 1;
                }
                break;
            }
        }
        self.decimal_point = self.decimal_point.wrapping_sub((read as i32).wrapping_sub(1));
        if self.decimal_point < -DECIMAL_POINT_RANGE {
            self.num_digits = 0;
            self.decimal_point = 0;
            self.truncated = false;
            return;
        }
        let mask = (1_u64 << shift) - 1;
        while read < self.num_digits {
            let new_digit = (n >> shift) as u8;
            n = 10 * (n & mask) + u64::from(self.digit(read));
            read += 1;
            self.set(write, new_digit);
            write += 1;
        }
        while n > 0 {
            let new_digit = (n >> shift) as u8;
            n = 10 * (n & mask);
            if write < MAX_DIGITS {
                self.set(write, new_digit);
                write += 1;
            } else if new_digit > 0 {
                self.truncated = true;
            }
        }
        self.num_digits = write;
        self.trim();
    }
}

/// Any number's text (checked by `Scanned::of`), correctly rounded: the decimal is scaled by
/// powers of two into [1/2, 1), then shifted left by 53 bits and rounded (core's
/// `parse_long_mantissa`).
fn slow(s: &[u8]) -> f64 {
    const MAX_SHIFT: u32 = 60;
    /// The shift that brings a decimal point of `n` (`n` < 19) down by about `n`.
    const POWERS: [u8; 19] =
        [0, 3, 6, 9, 13, 16, 19, 23, 26, 29, 33, 36, 39, 43, 46, 49, 53, 56, 59];
    const MINIMUM_EXPONENT: i32 = -1023;
    const INFINITE_POWER: i32 = 0x7FF;
    const MANTISSA_BITS: u32 = 52;
    let shift_for = |n: i32| {
        usize::try_from(n).ok().and_then(|n| POWERS.get(n)).map_or(MAX_SHIFT, |p| u32::from(*p))
    };
    let mut d = Decimal::parse(s);
    if d.num_digits == 0 || d.decimal_point < -324 {
        return 0.0;
    }
    if d.decimal_point >= 310 {
        return f64::INFINITY;
    }
    let mut exp2 = 0_i32;
    while d.decimal_point > 0 {
        let shift = shift_for(d.decimal_point);
        d.right_shift(shift);
        if d.decimal_point < -DECIMAL_POINT_RANGE {
            return 0.0;
        }
        exp2 += shift as i32;
    }
    while d.decimal_point <= 0 {
        let shift = if d.decimal_point == 0 {
            match d.digit(0) {
                5.. => break,
                0 | 1 => 2,
                _ => 1,
            }
        } else {
            shift_for(d.decimal_point.wrapping_neg())
        };
        d.left_shift(shift);
        if d.decimal_point > DECIMAL_POINT_RANGE {
            return f64::INFINITY;
        }
        exp2 -= shift as i32;
    }
    // In [1/2, 1); the binary format's significand is in [1, 2).
    exp2 -= 1;
    while MINIMUM_EXPONENT + 1 > exp2 {
        let n = ((MINIMUM_EXPONENT + 1 - exp2) as u32).min(MAX_SHIFT);
        d.right_shift(n);
        exp2 += n as i32;
    }
    if exp2 - MINIMUM_EXPONENT >= INFINITE_POWER {
        return f64::INFINITY;
    }
    d.left_shift(MANTISSA_BITS + 1);
    let mut mantissa = d.round();
    if mantissa >= 1_u64 << (MANTISSA_BITS + 1) {
        // Rounding carried into a new bit.
        d.right_shift(1);
        exp2 += 1;
        mantissa = d.round();
        if exp2 - MINIMUM_EXPONENT >= INFINITE_POWER {
            return f64::INFINITY;
        }
    }
    let mut power2 = exp2 - MINIMUM_EXPONENT;
    if mantissa < 1_u64 << MANTISSA_BITS {
        // A subnormal.
        power2 -= 1;
    }
    mantissa &= (1_u64 << MANTISSA_BITS) - 1;
    f64::from_bits(mantissa | (u64::from(power2.unsigned_abs()) << MANTISSA_BITS))
}

/// The shortest digits that read back as a finite nonzero `x`, the closest to it of those (as
/// core's Grisu/Dragon shortest mode): `|x|` is `0.DIGITS × 10^point`.
struct Shortest {
    digits: [u8; 32],
    len: usize,
    point: i32,
}

impl Shortest {
    /// From zmij's text (`1.5e-7`, `123.25`, `1e+16`, ...): its digits without leading and
    /// trailing zeros, and where the point goes.
    fn of(x: f64) -> Shortest {
        let mut buffer = zmij::Buffer::new();
        let text = buffer.format_finite(x).as_bytes();
        let mut s = Shortest { digits: [0; 32], len: 0, point: 0 };
        let (mut before_point, mut seen_point, mut i) = (0_i32, false, 0_usize);
        while let Some(&c) = text.get(i) {
            i += 1;
            match c {
                // A leading zero after the point moves the point.
                b'0' if s.len == 0 => before_point -= i32::from(seen_point),
                b'0'..=b'9' => {
                    if let Some(d) = s.digits.get_mut(s.len) {
                        *d = c;
                        s.len += 1;
                    }
                    if !seen_point {
                        before_point += 1;
                    }
                }
                b'.' => seen_point = true,
                b'e' | b'E' => break,
                _ => {}
            }
        }
        let negative = text.get(i) == Some(&b'-');
        let mut exponent = 0_i32;
        while let Some(&c) = text.get(i) {
            if c.is_ascii_digit() {
                exponent = exponent * 10 + i32::from(c - b'0');
            }
            i += 1;
        }
        while s.len > 0 && s.digits.get(s.len - 1) == Some(&b'0') {
            s.len -= 1;
        }
        s.point = before_point + if negative { -exponent } else { exponent };
        s.break_tie_up(x);
        s
    }

    /// When `|x|` lies exactly halfway between two shortest candidates, core's digits are the
    /// upper one and zmij's the even one (`-1478403075761354.25` is `-1478403075761354.3` in
    /// core, `...354.2` in zmij): take the upper. Such an `x` has at most 18 significant digits
    /// ending in 5 (`exact_digits`), the lower candidate being all but the last of them.
    fn break_tie_up(&mut self, x: f64) {
        let Some((exact, point)) = exact_digits(x) else { return };
        if exact % 10 != 5 || exact < 10 {
            return;
        }
        let mut lower = Shortest { digits: [0; 32], len: 0, point };
        lower.set_digits(exact / 10);
        if lower.digits() != self.digits() || lower.point != self.point {
            return;
        }
        let upper = exact / 10 + 1;
        self.set_digits(upper);
        if count_digits(upper) > count_digits(exact / 10) {
            // 99.5 → 100.
            self.point += 1;
        }
    }

    /// The decimal digits of `n` (nonzero) without trailing zeros.
    fn set_digits(&mut self, n: u64) {
        let mut itoa = itoa::Buffer::new();
        let text = itoa.format(n).trim_end_matches('0').as_bytes();
        self.len = 0;
        for (slot, c) in self.digits.iter_mut().zip(text) {
            *slot = *c;
            self.len += 1;
        }
    }

    fn digits(&self) -> &[u8] {
        self.digits.get(..self.len).unwrap_or_default()
    }
}

/// `|x|` (finite, nonzero) as `0.DIGITS × 10^point` exactly, when DIGITS (without trailing
/// zeros) has at most 19 digits: `x` is `o × 2^e` with `o` odd, so `o × 5^-e × 10^e` for `e < 0`,
/// and `(o / 5^e) × 10^e` for `e ≥ 0` when 5^e divides `o` (else the last significant digit is
/// even: no tie).
fn exact_digits(x: f64) -> Option<(u64, i32)> {
    let bits = x.to_bits() & !(1 << 63);
    let (fraction, biased) = (bits & ((1 << 52) - 1), (bits >> 52) as i32);
    let (m, e) =
        if biased == 0 { (fraction, -1074) } else { (fraction | (1 << 52), biased - 1075) };
    if m == 0 {
        return None;
    }
    let zeros = m.trailing_zeros();
    let (odd, e) = (m >> zeros, e + zeros as i32);
    let (digits, ten_power) = if e < 0 {
        let mut s = odd;
        for _ in 0..e.unsigned_abs() {
            s = s.checked_mul(5)?;
        }
        (s, e)
    } else {
        let five = 5_u64.checked_pow(e.unsigned_abs())?;
        if odd % five != 0 {
            return None;
        }
        (odd / five, e)
    };
    Some((digits, ten_power + count_digits(digits)))
}

fn count_digits(n: u64) -> i32 {
    n.checked_ilog10().map_or(1, |l| l as i32 + 1)
}

/// Writes NaN, the sign and infinity as core does; `false` when `x` is finite and nonzero.
fn special(out: &mut String, x: f64, zero: &str) -> bool {
    if x.is_nan() {
        out.push_str("NaN");
        return true;
    }
    if x.is_sign_negative() {
        out.push('-');
    }
    if x.is_infinite() {
        out.push_str("inf");
    } else if x == 0.0 {
        out.push_str(zero);
    } else {
        return false;
    }
    true
}

fn push_ascii(out: &mut String, digits: &[u8]) {
    out.extend(digits.iter().map(|d| char::from(*d)));
}

fn push_zeros(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n('0', n));
}

/// `format!("{x}")`: the shortest digits that read back, never in exponent notation (`1e21` is
/// `1000000000000000000000`, `1e-7` is `0.0000001`), `-0`, `NaN`, `inf`, `-inf`.
pub fn write_display(out: &mut String, x: f64) {
    if special(out, x, "0") {
        return;
    }
    let s = Shortest::of(x);
    let digits = s.digits();
    match usize::try_from(s.point) {
        Err(_) | Ok(0) => {
            out.push_str("0.");
            push_zeros(out, s.point.unsigned_abs() as usize);
            push_ascii(out, digits);
        }
        Ok(point) if point < digits.len() => {
            let (int, frac) = digits.split_at(point);
            push_ascii(out, int);
            out.push('.');
            push_ascii(out, frac);
        }
        Ok(point) => {
            push_ascii(out, digits);
            push_zeros(out, point - digits.len());
        }
    }
}

/// `format!("{x:e}")`: the shortest digits that read back as `d.ddde±x` (`1e21`, `1.5e-7`,
/// `0e0`, `-0e0`, `NaN`, `inf`).
pub fn write_lower_exp(out: &mut String, x: f64) {
    if special(out, x, "0e0") {
        return;
    }
    let s = Shortest::of(x);
    let (first, rest) = s.digits().split_at(1.min(s.len));
    push_ascii(out, first);
    if !rest.is_empty() {
        out.push('.');
        push_ascii(out, rest);
    }
    out.push('e');
    out.push_str(itoa::Buffer::new().format(s.point - 1));
}

/// `x.to_string()` (see [`write_display`]).
pub fn display(x: f64) -> String {
    let mut out = String::new();
    write_display(&mut out, x);
    out
}

#[cfg(test)]
mod tests;
