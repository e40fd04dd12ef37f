use super::*;

fn seg(text: &str) -> (Encoding, u32, u32) {
    let s = sms_segments(text);
    (s.encoding, s.segments, s.units)
}

use Encoding::{Gsm7 as G, Ucs2 as U};

const DIGITS: &str = "1234567890";

fn digits(n: usize) -> String {
    DIGITS.chars().cycle().take(n).collect()
}

// ---- the calculator's own test data (tests/index.test.js) ----

#[test]
fn gsm7_one_two_three_segments() {
    assert_eq!(seg(&digits(160)), (G, 1, 160));
    assert_eq!(seg(&digits(161)), (G, 2, 161));
    assert_eq!(seg(&digits(306)), (G, 2, 306));
    assert_eq!(seg(&digits(307)), (G, 3, 307));
}

#[test]
fn ucs2_one_two_three_segments() {
    // "😜" + digits: the emoji takes two UTF-16 units.
    assert_eq!(seg(&format!("😜{}", &digits(69)[1..])), (U, 1, 70));
    assert_eq!(seg(&format!("😜{}", &digits(70)[1..])), (U, 2, 71));
    assert_eq!(seg(&format!("😜{}", &digits(134)[1..])), (U, 3, 135));
}

#[test]
fn flags_at_the_segment_boundary() {
    // 🇮🇹 is two regional indicators: one grapheme, four units.
    let body = "🇮🇹234567890123456789012345678901234567890123456789012345678901234567";
    assert_eq!(seg(body), (U, 1, 70));
    assert_eq!(seg(&format!("{body}8")), (U, 2, 71));
}

#[test]
fn zwj_sequence_at_the_segment_boundary() {
    // 🏳️‍🌈 = U+1F3F3 U+FE0F U+200D U+1F308: one grapheme, six units.
    let body = "🏳️‍🌈2345678901234567890123456789012345678901234567890123456789012345";
    assert_eq!(seg(body), (U, 1, 70));
    assert_eq!(seg(&format!("{body}6")), (U, 2, 71));
}

#[test]
fn escape_characters_take_two_septets() {
    for esc in ['|', '^', '€', '{', '}', '[', ']', '~', '\\'] {
        let one = format!("{esc}{}", &digits(159)[1..]);
        assert_eq!(seg(&one), (G, 1, 160), "{esc}");
        let two = format!("{esc}{}", &digits(160)[1..]);
        assert_eq!(seg(&two), (G, 2, 161), "{esc}");
    }
}

#[test]
fn accented_letters_outside_gsm7_are_ucs2() {
    for c in ['Á', 'Ú', 'ú', 'ç', 'í', 'Í', 'ó', 'Ó'] {
        let seventy: String = std::iter::repeat_n(c, 70).collect();
        assert_eq!(seg(&seventy), (U, 1, 70), "{c}");
        let seventy_one: String = std::iter::repeat_n(c, 71).collect();
        assert_eq!(seg(&seventy_one), (U, 2, 71), "{c}");
    }
}

#[test]
fn gsm7_extension_characters_count_one_unit_in_ucs2() {
    // Issue #18 / PR #61: `]` in a UCS-2 message is one UTF-16 unit, not an escape pair.
    let one = format!("😀{}", "]".repeat(68));
    assert_eq!(seg(&one), (U, 1, 70));
    let two = format!("😀{}", "]".repeat(69));
    assert_eq!(seg(&two), (U, 2, 71));
    let pr61 = "||||||||||||||||||||||||{||||||||||||||||||||||||||||∞||||||||||^|||||";
    assert_eq!(seg(pr61), (U, 1, 70));
}

#[test]
fn line_breaks() {
    assert_eq!(seg("\rabcde\r\n123"), (G, 1, 11));
    assert_eq!(seg("\nabcde\n\n123\n"), (G, 1, 12));
}

#[test]
fn combining_marks_stay_with_their_letter() {
    // é + three combining acute accents: one grapheme, four units.
    let triple = "é\u{301}\u{301}\u{301}";
    assert_eq!(seg(triple), (U, 1, 4));
    assert_eq!(seg(&format!("{triple}{}", "a".repeat(66))), (U, 1, 70));
    assert_eq!(seg(&format!("{triple}{}", "a".repeat(67))), (U, 2, 71));
}

// ---- the GSM 03.38 tables ----

#[derive(serde::Deserialize)]
struct Tables {
    gsm7_basic: Set,
    gsm7_extension: Set,
}
#[derive(serde::Deserialize)]
struct Set {
    count: usize,
    chars: Vec<Entry>,
}
#[derive(serde::Deserialize)]
struct Entry {
    unicode: String,
}

fn reference() -> (Vec<char>, Vec<char>) {
    let t: Tables =
        serde_json::from_str(include_str!("../../../../../data/gsm7_tables.json")).unwrap();
    let parse = |s: &Set| -> Vec<char> {
        assert_eq!(s.chars.len(), s.count);
        s.chars
            .iter()
            .map(|e| char::from_u32(u32::from_str_radix(&e.unicode[2..], 16).unwrap()).unwrap())
            .collect()
    };
    (parse(&t.gsm7_basic), parse(&t.gsm7_extension))
}

#[test]
fn every_basic_character_is_one_septet() {
    let (basic, _) = reference();
    assert_eq!(basic.len(), 127);
    for c in basic {
        assert_eq!(seg(&c.to_string()), (G, 1, 1), "U+{:04X}", c as u32);
        assert_eq!(seg(&c.to_string().repeat(160)), (G, 1, 160));
        assert_eq!(seg(&c.to_string().repeat(161)), (G, 2, 161));
    }
}

#[test]
fn every_extension_character_is_an_escape_pair() {
    let (_, ext) = reference();
    assert_eq!(ext.len(), 10);
    for c in ext {
        assert_eq!(seg(&c.to_string()), (G, 1, 2), "U+{:04X}", c as u32);
        // 80 pairs fill one segment exactly; 81 need two parts of at most 76 pairs (152
        // septets: a 77th pair would straddle the 153-septet boundary).
        assert_eq!(seg(&c.to_string().repeat(80)), (G, 1, 160));
        assert_eq!(seg(&c.to_string().repeat(81)), (G, 2, 162));
        assert_eq!(seg(&c.to_string().repeat(152)), (G, 2, 304));
        assert_eq!(seg(&c.to_string().repeat(153)), (G, 3, 306));
    }
}

#[test]
fn nothing_else_in_the_bmp_is_gsm7() {
    let (basic, ext) = reference();
    let gsm: Vec<char> =
        (0u32..=0xFFFF).filter_map(char::from_u32).filter(|c| is_gsm7(*c)).collect();
    assert_eq!(gsm.len(), 137);
    for c in gsm {
        assert!(basic.contains(&c) || ext.contains(&c), "U+{:04X}", c as u32);
    }
}

#[test]
fn known_non_gsm_characters() {
    for c in ['`', 'ç', 'α', '\u{A0}', '’', '“', '–', '…', '\t', '\0'] {
        assert_eq!(seg(&c.to_string()).0, U, "U+{:04X}", c as u32);
    }
    assert_eq!(seg("ß").0, G);
    assert_eq!(seg("ΔΦΓΛΩΠΨΣΘΞ").0, G);
    assert_eq!(seg("Ç").0, G); // capital C-cedilla is at 0x09, the small one is not GSM
}

// ---- boundaries: escape pairs and grapheme clusters are never split ----

#[test]
fn an_escape_pair_moves_whole_to_the_next_part() {
    // 152 + 2 would overfill the 153-septet part: the € starts part two.
    let s = format!("{}€{}", "a".repeat(152), "a".repeat(151));
    assert_eq!(seg(&s), (G, 2, 305));
    // 306 septets fit two parts on paper, but the pair forces a third.
    let s = format!("{}€{}", "a".repeat(152), "a".repeat(152));
    assert_eq!(seg(&s), (G, 3, 306));
    // With the pair entirely inside the first part there is no loss.
    let s = format!("{}€{}", "a".repeat(151), "a".repeat(153));
    assert_eq!(seg(&s), (G, 2, 306));
}

#[test]
fn an_emoji_moves_whole_to_the_next_part() {
    let s = format!("{}😀{}", "ç".repeat(66), "ç".repeat(65));
    assert_eq!(seg(&s), (U, 2, 133));
    let s = format!("{}😀{}", "ç".repeat(66), "ç".repeat(66));
    assert_eq!(seg(&s), (U, 3, 134));
}

#[test]
fn flags_are_never_split() {
    let flag = "🇺🇸";
    assert_eq!(seg(&flag.repeat(17)), (U, 1, 68));
    assert_eq!(seg(&flag.repeat(18)), (U, 2, 72));
    // 16 flags (64 units) per part: 33 flags need three parts although 132 units ≤ 2 × 67.
    assert_eq!(seg(&flag.repeat(33)), (U, 3, 132));
    assert_eq!(seg(&flag.repeat(32)), (U, 2, 128));
}

#[test]
fn zwj_families_and_skin_tones_are_never_split() {
    let family = "👨‍👩‍👧‍👦"; // 4 × 2 units + 3 ZWJ = 11 units, one grapheme
    assert_eq!(seg(family), (U, 1, 11));
    assert_eq!(seg(&family.repeat(6)), (U, 1, 66));
    // 7 families = 77 units: 6 per part (66), so two parts.
    assert_eq!(seg(&family.repeat(7)), (U, 2, 77));
    // 13 families = 143 units: 6 + 6 + 1 parts.
    assert_eq!(seg(&family.repeat(13)), (U, 3, 143));
    let thumbs = "👍🏽"; // 2 + 2 units
    assert_eq!(seg(&thumbs.repeat(17)), (U, 1, 68));
    assert_eq!(seg(&thumbs.repeat(34)), (U, 3, 136)); // 16 + 16 + 2
}

#[test]
fn crlf_may_be_split_like_the_calculator_does() {
    // 66 + CR fill the first part exactly, LF starts the second.
    let s = format!("{}\r\n{}", "ç".repeat(66), "ç".repeat(66));
    assert_eq!(seg(&s), (U, 2, 134));
}

#[test]
fn an_oversized_cluster_is_cut_between_code_points() {
    let zalgo = format!("a{}", "\u{301}".repeat(100));
    assert_eq!(seg(&zalgo), (U, 2, 101));
    let zalgo = format!("a{}", "\u{301}".repeat(140));
    assert_eq!(seg(&zalgo), (U, 3, 141));
}

#[test]
fn long_bodies() {
    assert_eq!(seg(&"a".repeat(1600)), (G, 11, 1600)); // 10 × 153 = 1530 < 1600
    assert_eq!(seg(&"a".repeat(1530)), (G, 10, 1530));
    assert_eq!(seg(&"ç".repeat(1600)), (U, 24, 1600)); // 23 × 67 = 1541 < 1600
    assert_eq!(seg(&"😀".repeat(800)), (U, 25, 1600)); // 33 emoji (66 units) a part
    assert_eq!(seg(&"€".repeat(1600)), (G, 22, 3200)); // 76 pairs a part: 21 × 76 = 1596
}

#[test]
fn empty_and_tiny() {
    assert_eq!(seg(""), (G, 1, 0));
    assert_eq!(seg("a"), (G, 1, 1));
    assert_eq!(seg("😀"), (U, 1, 2));
    assert_eq!(seg("Hi Ana, still thinking it over?"), (G, 1, 31));
}

#[test]
fn serializes_like_the_cli_prints_it() {
    assert_eq!(
        serde_json::to_string(&sms_segments("hello")).unwrap(),
        r#"{"encoding":"GSM-7","segments":1,"units":5}"#
    );
    assert_eq!(
        serde_json::to_string(&sms_segments("héllo ✓")).unwrap(),
        r#"{"encoding":"UCS-2","segments":1,"units":7}"#
    );
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn segments_bound_the_units(text in "\\PC{0,400}") {
            let s = sms_segments(&text);
            let (single, part) = match s.encoding {
                Encoding::Gsm7 => (GSM7_SINGLE, GSM7_PART),
                Encoding::Ucs2 => (UCS2_SINGLE, UCS2_PART),
            };
            prop_assert!(s.segments >= 1);
            if s.units <= single {
                prop_assert_eq!(s.segments, 1);
            } else {
                // At least the plain division; at most one lost slot per part boundary.
                prop_assert!(s.segments >= s.units.div_ceil(part));
                prop_assert!(s.segments <= s.units.div_ceil(part / 2));
            }
            if s.encoding == Encoding::Ucs2 {
                prop_assert_eq!(s.units as usize, text.encode_utf16().count());
            }
        }

        #[test]
        fn gsm_text_is_counted_in_septets(text in "[a-zA-Z0-9 @£$¥èéùìòÇ\\n€\\[\\]{}|^~]{0,400}") {
            let s = sms_segments(&text);
            prop_assert_eq!(s.encoding, Encoding::Gsm7);
            let septets: u32 = text.chars().map(|c| if "€[]{}|^~".contains(c) { 2 } else { 1 }).sum();
            prop_assert_eq!(s.units, septets);
        }
    }
}

/// `to_json` is the derive's text, on generated texts (both encodings, every segment count).
#[test]
fn segments_json_is_what_serde_json_writes() {
    let texts =
        ["", "Hello", "Hi 🎉", "€[]", &"é".repeat(161), &"x".repeat(1000), &"ü🎉".repeat(200)];
    for t in texts {
        let s = sms_segments(t);
        assert_eq!(s.to_json(), serde_json::to_string(&s).unwrap(), "{t}");
    }
}
