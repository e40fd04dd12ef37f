//! The hand-written float reader and writers are the standard library's, bit for bit and byte
//! for byte (core's `str::parse::<f64>`, `{}` and `{:e}` stay the oracles).

use super::*;
use proptest::prelude::*;

/// `parse` agrees with core: both reject, or both read the same bits.
fn agrees(text: &str) -> Result<(), String> {
    let core = text.parse::<f64>().ok().map(f64::to_bits);
    let ours = parse(text).map(f64::to_bits);
    if core == ours {
        Ok(())
    } else {
        Err(format!(
            "{text:?}: core {core:?} ({:?}), ours {ours:?} ({:?})",
            core.map(f64::from_bits),
            ours.map(f64::from_bits)
        ))
    }
}

fn check(text: &str) {
    if let Err(e) = agrees(text) {
        panic!("{e}");
    }
}

fn display_of(x: f64) -> String {
    display(x)
}

fn lower_exp_of(x: f64) -> String {
    let mut out = String::new();
    write_lower_exp(&mut out, x);
    out
}

#[test]
fn reads_edge_cases_as_core() {
    let long_ones = "1".repeat(900);
    let many_zeros = format!("0.{}1", "0".repeat(400));
    let tiny = format!("0.{}4940656458412465441765687928682213723651", "0".repeat(323));
    let huge = format!("{}e-300", "9".repeat(800));
    // The halfway point between the two f64 nearest 1 + 2^-52 written out in full, plus a digit.
    let halfway_long =
        format!("1.00000000000000011102230246251565404236316680908203125{}1", "0".repeat(800));
    let halfway_exact = "1.00000000000000011102230246251565404236316680908203125";
    let cases = [
        "0", "-0", "+0", "0.0", "-0.0", "00000", "0e0", "-0e-0", "0e99999999999", "-0e99999999999",
        "1", "-1", "+1", "12.5", "1733580000.123", "0.1", "0.2", "0.3", "3.14159", "1e0", "1E5",
        "1e+5", "1e-5", "1.", ".5", "-.5", "+.5", "5.e3", "9007199254740992", "9007199254740993",
        "9007199254740994", "9007199254740995", "18014398509481985", "2.2250738585072011e-308",
        "2.2250738585072012e-308", "2.2250738585072014e-308", "2.225073858507201e-308",
        "4.9406564584124654e-324", "4.9406564584124654e-325", "2.4703282292062327e-324",
        "2.4703282292062328e-324", "2.470328229206232720882e-324", "1e-324", "3e-324", "5e-324",
        "1e23", "8.5e22", "1e22", "1e37", "9007199254740992e22", "9007199254740993e22",
        "123456789e30", "1.7976931348623157e308", "1.7976931348623158e308",
        "1.7976931348623159e308", "1.797693134862315807e308", "1.7976931348623157081e308",
        "1e308", "1e309", "-1e309", "1e99999999999", "-1e99999999999", "1e-99999999999",
        "123e-400", "0.000000000000000000000000000000000000000000000001", "4.5e300",
        "0.30000000000000004", "1.00000000000000011102230246251565404236316680908203125",
        halfway_exact, &halfway_long, &long_ones, &many_zeros, &tiny, &huge,
        "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791",
        "inf", "-inf", "+inf", "INF", "Inf", "infinity", "-Infinity", "INFINITY", "nan", "NaN",
        "-nan", "+NAN", "infinit", "infinityy", "nana", "in", "", "-", "+", ".", "-.", "e", "e5",
        "1e", "1e+", "1e-", "1e+-5", "--1", "+-1", "1..2", "1.2.3", "1e5.3", "1e5e3", " 1", "1 ",
        "0x10", "1_000", "١", "1e٣", "12a", "a12", "+", "0.", "-0.", "00.00e00",
        "000000000000000000000000000001", "1000000000000000000000", "10000000000000000000000",
        "123456789012345678901234567890", "0.000001", "0.0000001", "1e-7", "1e21", "1e-6",
    ];
    for text in cases {
        check(text);
    }
    // Products whose top 64 bits end in a false tie (`1` then ten `0`s below the 53 bits kept, a
    // nonzero bit further down): only the sticky bit of `exact_big_product` rounds them up.
    for text in [
        "5797195577639878947e43",
        "7947572449018644416e102",
        "7538334955399637096e148",
        "431238030508926939e142",
        "907179831509353659e296",
        "5345542528460803067e185",
    ] {
        check(text);
    }
    // Powers of ten and two, and their neighbours, across the whole range.
    for e in -400..=400 {
        for mantissa in ["1", "9", "5", "25", "4503599627370497", "9007199254740993", "123456789"] {
            check(&format!("{mantissa}e{e}"));
        }
    }
    for e in -1100..=1100 {
        let x = 2f64.powi(e);
        for y in [
            x,
            f64::from_bits(x.to_bits().wrapping_add(1)),
            f64::from_bits(x.to_bits().wrapping_sub(1)),
        ] {
            check(&format!("{y}"));
            check(&format!("{y:e}"));
            check(&format!("{y:.30e}"));
        }
    }
}

#[test]
fn halfway_cases_round_to_even_as_core() {
    // Exactly halfway between neighbouring f64 (written with every digit), and a hair above and
    // below: the cases a reader without enough digits gets wrong.
    for bits in [
        0x3FF0_0000_0000_0000_u64,
        0x4340_0000_0000_0000,
        0x0010_0000_0000_0000,
        1,
        0x7FEF_FFFF_FFFF_FFFE,
        0x3FB9_9999_9999_999A,
    ] {
        let x = f64::from_bits(bits);
        let next = f64::from_bits(bits + 1);
        // The midpoint, exactly: x + (next - x) / 2 has at most 1100 significant digits.
        let mid = format!("{:.1100e}", x + (next - x) / 2.0);
        let exact = exact_midpoint(x, next);
        for text in [mid, exact.clone(), format!("{exact}1"), format!("{exact}0000000000000000001")]
        {
            check(&text);
        }
        let below = exact_below(&exact);
        check(&below);
    }
}

/// The midpoint of two neighbouring f64 written exactly (`{:.N}` prints exact digits).
fn exact_midpoint(x: f64, next: f64) -> String {
    // Both are exact in 1100 decimals; their midpoint is too, once halved digit by digit.
    let a = format!("{x:.1100}");
    let b = format!("{next:.1100}");
    let (a, b) = (a.into_bytes(), b.into_bytes());
    assert_eq!(a.len(), b.len(), "same layout");
    // Sum then halve, as decimal strings with the point in the same place.
    let mut sum = vec![0_u32; a.len() + 1];
    let mut carry = 0;
    let mut point = 0;
    for i in (0..a.len()).rev() {
        if a[i] == b'.' {
            point = i;
            continue;
        }
        let s = u32::from(a[i] - b'0') + u32::from(b[i] - b'0') + carry;
        sum[i + 1] = s % 10;
        carry = s / 10;
    }
    sum[0] = carry;
    let mut out = String::new();
    let mut rem = 0;
    for (i, d) in sum.iter().enumerate() {
        if i == point + 1 {
            out.push('.');
            continue;
        }
        let v = rem * 10 + d;
        out.push(char::from(b'0' + u8::try_from(v / 2).unwrap()));
        rem = v % 2;
    }
    out.push(if rem == 1 { '5' } else { '0' });
    out
}

/// The same text with its last nonzero digit one lower (just below the midpoint), then nines.
fn exact_below(text: &str) -> String {
    let mut bytes = text.trim_end_matches('0').as_bytes().to_vec();
    let last = bytes.len() - 1;
    bytes[last] -= 1;
    let mut s = String::from_utf8(bytes).unwrap();
    s.push_str("999999999999999999999");
    s
}

#[test]
fn the_edge_tests_can_fail() {
    // The oracle comparison notices a wrong answer and a wrong rejection.
    assert!(agrees("1.5").is_ok());
    let mut wrong = "1.5".parse::<f64>().unwrap().to_bits();
    wrong += 1;
    assert_ne!(parse("1.5").map(f64::to_bits), Some(wrong));
    assert!(parse("1.5x").is_none() && "1.5x".parse::<f64>().is_err());
    assert_eq!(exact_midpoint(1.0, 2.0).trim_matches('0'), "1.5");
}

#[test]
fn displays_edge_values_as_core() {
    let mut values = vec![
        0.0,
        -0.0,
        1.0,
        -1.0,
        0.1,
        0.2,
        0.3,
        1e21,
        1e22,
        1e-7,
        1e-6,
        1e-5,
        1e15,
        1e16,
        1e17,
        123456789.0,
        1.5,
        100.0,
        0.30000000000000004,
        9007199254740993.0,
        f64::MAX,
        f64::MIN,
        f64::MIN_POSITIVE,
        5e-324,
        -5e-324,
        f64::from_bits(0x000F_FFFF_FFFF_FFFF),
        f64::EPSILON,
        f64::NAN,
        -f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        1733580000.123,
        4.5e300,
        1.7e-300,
    ];
    for e in -1100..=1100 {
        let x = 2f64.powi(e);
        values.extend([
            x,
            f64::from_bits(x.to_bits().wrapping_add(1)),
            f64::from_bits(x.to_bits().wrapping_sub(1)),
        ]);
    }
    for e in -330..=310 {
        let x: f64 = format!("1e{e}").parse().unwrap();
        values.extend([
            x,
            -x,
            f64::from_bits(x.to_bits().wrapping_add(1)),
            f64::from_bits(x.to_bits().wrapping_sub(1)),
        ]);
    }
    for x in values {
        assert_eq!(display_of(x), format!("{x}"), "{{}} of {x:e}");
        assert_eq!(lower_exp_of(x), format!("{x:e}"), "{{:e}} of {x:e}");
    }
    // Exactly halfway between two shortest candidates: core takes the upper, zmij the even one.
    let tie: f64 = "-1478403075761354.25".parse().unwrap();
    assert_eq!(zmij::Buffer::new().format_finite(tie), "-1478403075761354.2");
    assert_eq!(display_of(tie), "-1478403075761354.3");
    assert_eq!(lower_exp_of(tie), "-1.4784030757613543e15");
    for text in
        ["1478403075761354.25", "9007199254740993", "0.5", "2.5", "1e23", "4503599627370496.5"]
    {
        let x: f64 = text.parse().unwrap();
        assert_eq!(display_of(x), format!("{x}"));
        assert_eq!(lower_exp_of(x), format!("{x:e}"));
    }
    assert_eq!(display_of(1e21), "1000000000000000000000");
    assert_eq!(display_of(1e-7), "0.0000001");
    assert_eq!(display_of(-0.0), "-0");
    assert_eq!(lower_exp_of(-0.0), "-0e0");
    assert_eq!(display_of(f64::NAN), "NaN");
    assert_eq!(display_of(f64::NEG_INFINITY), "-inf");
}

/// What the exact paths (no slow path) read from `text`, if they answer.
fn without_slow_path(text: &str) -> Option<u64> {
    let number = Scanned::of(text.as_bytes())?;
    number.exact().or_else(|| number.bracketed()).map(f64::to_bits)
}

#[test]
fn reads_up_to_19_digits_with_small_exponents_without_the_slow_path() {
    // Every exponent from the 128-bit path's end (-21) to past where the value underflows,
    // with 1 to 19 digits, answered by the exact paths themselves (a fallback would be the
    // slow path's tens of microseconds), bit for bit as core.
    let mantissas = [
        1_u64,
        5,
        9,
        25,
        49,
        123,
        22_250_738_585_072_014,
        49_406_564_584_124_654,
        24_703_282_292_062_327,
        24_703_282_292_062_328,
        9_007_199_254_740_993,
        1_234_567_890_123_456_789,
        9_999_999_999_999_999_999,
    ];
    for e in -360_i64..=-22 {
        for m in mantissas {
            let text = format!("{m}e{e}");
            let core = text.parse::<f64>().unwrap().to_bits();
            assert_eq!(without_slow_path(&text), Some(core), "{text}");
            check(&format!("{m}0000000000000e{}", e - 13));
        }
    }
    // Halfway and subnormal boundaries (2^-1075 is 2.4703282292062327208...e-324), the least
    // normal and the largest subnormal, 19-digit neighbours of the least subnormal.
    for text in [
        "2.4703282292062327e-324",
        "2.4703282292062328e-324",
        "2.470328229206232720e-324",
        "2.470328229206232721e-324",
        "4.9406564584124654e-324",
        "7.4109846876186981e-324",
        "7.4109846876186982e-324",
        "2.2250738585072011e-308",
        "2.2250738585072012e-308",
        "2.2250738585072009e-308",
        "2.2250738585072014e-308",
        "1e-323",
        "1e-342",
        "9.999999999999999999e-343",
        "1.8446744073709551615e-324",
        "1e-22",
        "1e-23",
    ] {
        let core = text.parse::<f64>().unwrap().to_bits();
        assert_eq!(without_slow_path(text), Some(core), "{text}");
    }
}

#[test]
fn long_numbers_near_halfway_points_read_as_core() {
    // The exact midpoints of neighbouring f64 across the range (subnormal, the least normal,
    // small, large) written with every digit, a hair above and below, and cut to 19..40 digits
    // with the last one one up and down: the bracket of more than 19 digits either decides or
    // leaves the number to the slow path, and never decides wrongly.
    let mut decided = 0;
    for bits in [
        1_u64,
        2,
        3,
        0x0000_0000_0000_1234,
        0x000F_FFFF_FFFF_FFFF,
        0x0010_0000_0000_0000,
        0x0010_0000_0000_0001,
        0x0123_4567_89AB_CDEF,
        0x1FFF_FFFF_FFFF_FFFF,
        0x3CB0_0000_0000_0001,
        0x4415_AF1D_78B5_8C40,
        0x7E37_E43C_8800_759C,
        0x7FEF_FFFF_FFFF_FFFE,
    ] {
        let x = f64::from_bits(bits);
        let exact = exact_midpoint(x, f64::from_bits(bits + 1));
        check(&exact);
        check(&format!("{exact}1"));
        check(&exact_below(&exact));
        // As `D.DDD...e-N`: the significant digits from the first nonzero one.
        let digits: String = exact.chars().filter(char::is_ascii_digit).collect();
        let lead = digits.len() - digits.trim_start_matches('0').len();
        let point = exact.find('.').unwrap_or(exact.len()) as i64;
        let significant = digits.trim_start_matches('0').trim_end_matches('0');
        let power = point - 1 - lead as i64;
        for n in 19..=40.min(significant.len()) {
            let cut = &significant[..n];
            let mut up: Vec<u8> = cut.as_bytes().to_vec();
            // The cut plus one in the last place (carrying), and the cut itself (below).
            let mut i = n;
            loop {
                i -= 1;
                if up[i] == b'9' {
                    up[i] = b'0';
                } else {
                    up[i] += 1;
                    break;
                }
                if i == 0 {
                    up.insert(0, b'1');
                    break;
                }
            }
            let up = String::from_utf8(up).unwrap();
            for m in [cut, up.as_str()] {
                let text = format!("{}.{}e{power}", &m[..1], &m[1..]);
                check(&text);
                if let Some(ours) = without_slow_path(&text) {
                    decided += 1;
                    assert_eq!(Some(ours), text.parse::<f64>().ok().map(f64::to_bits), "{text}");
                }
            }
        }
    }
    // Some of these are decided by the bracket, and the ones within 10^-19 of the tie are not.
    assert!(decided > 0, "the bracket decided none");
    assert_eq!(without_slow_path(&midpoint_of(1)), None, "the exact tie needs every digit");
}

/// The exact midpoint above `f64::from_bits(bits)`.
fn midpoint_of(bits: u64) -> String {
    exact_midpoint(f64::from_bits(bits), f64::from_bits(bits + 1))
}

#[test]
fn long_numbers_are_bracketed_without_the_slow_path() {
    // 20 and more digits away from halfway points: the two 19-digit ends round alike.
    for text in [
        "12345678901234567890123e-310",
        "1234567890123456789012345e280",
        "3.1415926535897932385",
        "0.000000000000000000000000000000000000000000012345678901234567890123456789",
        "123456789012345678901234567890",
        "99999999999999999999e-343",
    ] {
        let core = text.parse::<f64>().unwrap().to_bits();
        assert_eq!(without_slow_path(text), Some(core), "{text}");
    }
    let long = format!("{}e-250", "7".repeat(500));
    assert_eq!(without_slow_path(&long), Some(long.parse::<f64>().unwrap().to_bits()));
    // Dropped zeros leave the number exact: `1` followed by 30 zeros is 10^30.
    let number = Scanned::of(format!("1{}", "0".repeat(30)).as_bytes()).unwrap();
    assert!(number.exact && number.mantissa == 10_u64.pow(18) && number.exponent == 12);
    let number = Scanned::of(format!("0.{}1", "0".repeat(30)).as_bytes()).unwrap();
    assert!(number.exact && number.mantissa == 1 && number.exponent == -31);
    let number = Scanned::of(b"12345678901234567890.12").unwrap();
    assert!(!number.exact && number.mantissa == 1_234_567_890_123_456_789 && number.exponent == 1);
}

fn digits(n: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    prop::collection::vec(prop_oneof![8 => 0_u8..10, 2 => Just(0_u8), 1 => Just(9_u8)], n)
        .prop_map(|ds| ds.into_iter().map(|d| char::from(b'0' + d)).collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn reads_random_numbers_as_core(
        sign in prop_oneof![Just(""), Just("-"), Just("+")],
        int in digits(0..800),
        frac in prop::option::of(digits(0..60)),
        exp in prop::option::of((prop_oneof![Just("e"), Just("E")], prop_oneof![Just(""), Just("-"), Just("+")], -400_i32..400)),
    ) {
        let mut text = format!("{sign}{int}");
        if let Some(f) = frac {
            text.push('.');
            text.push_str(&f);
        }
        if let Some((e, s, n)) = exp {
            text.push_str(&format!("{e}{s}{}", n.unsigned_abs()));
        }
        prop_assert!(agrees(&text).is_ok(), "{}", agrees(&text).unwrap_err());
    }

    #[test]
    fn reads_short_numbers_as_core(int in digits(0..22), frac in digits(0..22), exp in -340_i32..320) {
        let text = format!("{int}.{frac}e{exp}");
        prop_assert!(agrees(&text).is_ok(), "{}", agrees(&text).unwrap_err());
        let text = format!("{int}{frac}e{exp}");
        prop_assert!(agrees(&text).is_ok(), "{}", agrees(&text).unwrap_err());
    }

    #[test]
    fn reads_up_to_19_digits_as_core(
        m in prop_oneof![any::<u64>(), 1_u64 << 53..10_000_000_000_000_000_000, 1_u64..1000],
        e in prop_oneof![-45_i32..60, 0_i32..330],
        point in 0_usize..20,
    ) {
        // The 128-bit path's range and around it, with the point anywhere in the digits.
        let digits = m.to_string();
        let point = point.min(digits.len());
        let text = format!("{}.{}e{e}", &digits[..point], &digits[point..]);
        prop_assert!(agrees(&text).is_ok(), "{}", agrees(&text).unwrap_err());
        let text = format!("{m}e{e}");
        prop_assert!(agrees(&text).is_ok(), "{}", agrees(&text).unwrap_err());
    }

    #[test]
    fn reads_up_to_19_digits_with_small_exponents_as_core(
        m in prop_oneof![1_u64..10_000_000_000_000_000_000, 1_u64..100_000, 1_u64 << 53..1 << 54],
        e in -350_i32..-21,
        point in 0_usize..20,
    ) {
        let digits = m.to_string();
        let point = point.min(digits.len());
        let text = format!("{}.{}e{e}", &digits[..point], &digits[point..]);
        let core = text.parse::<f64>().ok().map(f64::to_bits);
        prop_assert_eq!(without_slow_path(&text), core, "{}", text);
        prop_assert!(agrees(&text).is_ok(), "{}", agrees(&text).unwrap_err());
    }

    #[test]
    fn reads_19_digits_next_to_halfway_points_as_core(
        bits in prop_oneof![1_u64..0x0020_0000_0000_0000, 0x0020_0000_0000_0000_u64..0x3B90_0000_0000_0000],
        n in 15_usize..20,
    ) {
        // The midpoint above an f64 below 10^-21, cut to n digits and one up in the last
        // place: within 10^-(n-1) of the halfway point, where the 128-bit estimate of
        // `exact_small_quotient` must leave the decision to the exact comparisons.
        let exact = midpoint_of(bits);
        let significant = exact.trim_start_matches(['0', '.']).trim_end_matches('0');
        let power = -(exact.len() as i64 - exact.trim_start_matches(['0', '.']).len() as i64 - 1);
        let cut = significant.get(..n).unwrap_or(significant);
        let exponent = power - cut.len() as i64 + 1;
        let cut: u64 = cut.parse().unwrap();
        for m in [cut, cut + 1] {
            let text = format!("{m}e{exponent}");
            let core = text.parse::<f64>().ok().map(f64::to_bits);
            prop_assert_eq!(without_slow_path(&text), core, "{}", text);
        }
    }

    #[test]
    fn reads_20_to_40_digits_as_core(
        ds in digits(20..41),
        lead in 1_u8..10,
        e in -350_i32..310,
        point in 0_usize..41,
    ) {
        let digits = format!("{lead}{ds}");
        let point = point.min(digits.len());
        let text = format!("{}.{}e{e}", &digits[..point], &digits[point..]);
        prop_assert!(agrees(&text).is_ok(), "{}", agrees(&text).unwrap_err());
        // When the bracket decides, it is right (checked against core, not only through `parse`).
        if let Some(ours) = without_slow_path(&text) {
            prop_assert_eq!(Some(ours), text.parse::<f64>().ok().map(f64::to_bits), "{}", text);
        }
    }

    #[test]
    fn reads_any_text_as_core(text in "[0-9.eE+\\-infatyINFATY ]{0,12}") {
        prop_assert!(agrees(&text).is_ok(), "{}", agrees(&text).unwrap_err());
    }

    #[test]
    fn reads_printed_floats_back_as_core(bits in any::<u64>(), precision in 0_usize..40) {
        let x = f64::from_bits(bits);
        for text in [format!("{x}"), format!("{x:e}"), format!("{x:?}"), format!("{x:.precision$e}"), format!("{x:E}")] {
            prop_assert!(agrees(&text).is_ok(), "{}", agrees(&text).unwrap_err());
        }
    }

    #[test]
    fn displays_random_floats_as_core(bits in any::<u64>()) {
        let x = f64::from_bits(bits);
        prop_assert_eq!(display_of(x), format!("{x}"));
        prop_assert_eq!(lower_exp_of(x), format!("{x:e}"));
    }

    #[test]
    fn displays_short_decimals_as_core(m in 1_u64..100_000_000, e in -330_i32..310) {
        let x: f64 = format!("{m}e{e}").parse().unwrap();
        prop_assert_eq!(display_of(x), format!("{x}"));
        prop_assert_eq!(lower_exp_of(x), format!("{x:e}"));
    }
}

/// Library code reads and writes f64 only through this module (the rule in docs/architecture.md;
/// clippy cannot tell `str::parse::<f64>` from the integer parses): no `parse::<f64>`,
/// `f64::from_str`, `let x: f64 = ....parse()` or `{:e}` outside tests and the pest oracle's walk.
/// (`{}` of an f64 leaves no trace in the text: the wasm-size tool shows it, docs/wasm.md.)
#[test]
fn library_code_reads_floats_only_here() {
    fn rust_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let lang = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&lang.join("src"), &mut files);
    rust_files(&lang.join("../../src"), &mut files);
    assert!(files.len() > 50, "found the sources: {}", files.len());
    let mut found = Vec::new();
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let oracle = path.ends_with("syntax/parser/walk.rs");
        if name == "tests.rs"
            || name.ends_with("_tests.rs")
            || oracle
            || path.components().any(|c| c.as_os_str() == "tests")
        {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for (n, line) in text.lines().enumerate().take_while(|(_, l)| !l.contains("#[cfg(test)]")) {
            let code = line.trim_start();
            if code.starts_with("//") {
                continue;
            }
            let banned = code.contains("parse::<f64>")
                || code.contains("f64::from_str")
                || (code.contains(": f64") && code.contains(".parse()"))
                || code.contains(":e}");
            if banned {
                found.push(format!("{}:{}: {code}", path.display(), n + 1));
            }
        }
    }
    assert!(found.is_empty(), "use herald_lang::float:\n{}", found.join("\n"));
}

/// Time per number of `parse` and of core on the inputs each path takes, and for a hostile
/// 4 MiB request's worth of the worst of them (run in release:
/// `cargo test --release -p herald-lang --lib float::tests::parse_speed -- --ignored --nocapture`;
/// figures in docs/wasm.md, branch `floats`).
#[test]
#[ignore = "a measurement, not a check"]
fn parse_speed() {
    use std::hint::black_box;
    use std::time::Instant;
    let long = format!("{}e-250", "7".repeat(500));
    let cases = [
        "0.30000000000000004",
        "1e-300",
        "1.5e-30",
        "2.2250738585072014e-308",
        "4.9406564584124654e-324",
        "1234567890123456789e30",
        "12345678901234567890123e-310",
        "1234567890123456789012345e280",
        "3.1415926535897932385",
        long.as_str(),
    ];
    const N: u32 = 100_000;
    for text in cases {
        assert!(agrees(text).is_ok(), "{text}");
        let start = Instant::now();
        for _ in 0..N {
            black_box(parse(black_box(text)));
        }
        let ours = start.elapsed().as_secs_f64() * 1e9 / f64::from(N);
        let start = Instant::now();
        for _ in 0..N {
            let _ = black_box(black_box(text).parse::<f64>());
        }
        let core = start.elapsed().as_secs_f64() * 1e9 / f64::from(N);
        let per_request = (4 << 20) / (text.len() + 1);
        println!(
            "{:<32} ours {ours:>9.0} ns  core {core:>6.0} ns  4 MiB request ({per_request} numbers): ours {:.3} s, core {:.3} s",
            if text.len() > 32 { "500 digits e-250" } else { text },
            ours * per_request as f64 / 1e9,
            core * per_request as f64 / 1e9
        );
    }
}
