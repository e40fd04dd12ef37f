//! The table answers as chrono-tz does, for every zone: around every transition and across
//! 1800–2100, for UTC instants and for local wall-clock times. Zones are named and parsed as
//! chrono-tz names and parses them (`names.rs`).

use super::*;
use chrono::{LocalResult, NaiveDateTime, Offset, TimeZone};
use proptest::prelude::*;

/// herald's zone of chrono-tz's: the same index (checked by `names_are_chrono_tz_names`).
fn ours(tz: chrono_tz::Tz) -> Tz {
    Tz::all().nth(tz as usize).unwrap()
}

fn naive(secs: i64) -> NaiveDateTime {
    chrono::DateTime::from_timestamp(secs, 0).unwrap().naive_utc()
}

fn chrono_utc(tz: chrono_tz::Tz, secs: i64) -> i32 {
    tz.offset_from_utc_datetime(&naive(secs)).fix().local_minus_utc()
}

fn chrono_local(tz: chrono_tz::Tz, secs: i64) -> LocalOffset {
    match tz.offset_from_local_datetime(&naive(secs)) {
        LocalResult::None => LocalOffset::None,
        LocalResult::Single(o) => LocalOffset::Single(o.fix().local_minus_utc()),
        LocalResult::Ambiguous(a, b) => {
            LocalOffset::Ambiguous(a.fix().local_minus_utc(), b.fix().local_minus_utc())
        }
    }
}

const FROM: i64 = -5_364_662_400; // 1800-01-01
const TO: i64 = 4_102_444_800; // 2100-01-01
const STEP: i64 = 29 * 86_400 + 3_671; // not a whole number of days: samples drift through the day

#[test]
fn every_zone_decodes_and_matches_chrono_tz() {
    let table = Table::read(TABLE).expect("spans.bin reads");
    assert_eq!(
        table.zone_count,
        chrono_tz::TZ_VARIANTS.len(),
        "run crates/herald-lang/src/tz/generate.py"
    );
    let mut transitions = 0;
    let zones = Zones::embedded();
    for &tz in chrono_tz::TZ_VARIANTS.iter() {
        let zone = zones.zone(ours(tz)).unwrap_or_else(|e| panic!("{}: {e}", tz.name()));
        let s = zone.spans;
        transitions += s.rest.len();
        let mut utc: Vec<i64> = (FROM..TO).step_by(STEP as usize).collect();
        let mut local = utc.clone();
        let mut previous = s.first;
        for &(t, o) in &s.rest {
            utc.extend([t - 1, t, t + 1]);
            for base in [t + i64::from(previous), t + i64::from(o)] {
                local.extend([base - 3601, base - 1, base, base + 1, base + 1799, base + 3600]);
            }
            previous = o;
        }
        for x in utc {
            assert_eq!(zone.offset_at_utc(x), chrono_utc(tz, x), "{} at UTC {x}", tz.name());
        }
        for x in local {
            assert_eq!(zone.offset_at_local(x), chrono_local(tz, x), "{} at local {x}", tz.name());
        }
    }
    assert!(transitions > 30_000, "only {transitions} transitions");
}

fn zone(tz: Tz) -> Zone<'static> {
    Zones::embedded().zone(tz).unwrap()
}

#[test]
fn known_offsets() {
    let ny = zone("America/New_York".parse().unwrap());
    // 2026-03-08T06:59:59Z is 01:59:59 EST; a second later, 03:00:00 EDT.
    assert_eq!(ny.offset_at_utc(1_772_953_199), -5 * 3600);
    assert_eq!(ny.offset_at_utc(1_772_953_200), -4 * 3600);
    // Local 2026-03-08T02:30 does not exist; 2026-11-01T01:30 happens twice.
    assert_eq!(ny.offset_at_local(1_772_937_000), LocalOffset::None);
    assert_eq!(ny.offset_at_local(1_793_496_600), LocalOffset::Ambiguous(-4 * 3600, -5 * 3600));
    let kolkata = zone("Asia/Kolkata".parse().unwrap());
    assert_eq!(kolkata.offset_at_utc(1_772_953_200), 19_800);
    assert_eq!(zone(Tz::UTC).offset_at_local(0), LocalOffset::Single(0));
    assert_eq!(zone(Tz::UTC).offset_at_utc(i64::MIN), 0);
    assert_eq!(ny.name(), "America/New_York");
}

/// A copy of the embedded table with `f` applied, kept for the test's lifetime.
fn damaged(f: impl FnOnce(&mut Vec<u8>)) -> &'static [u8] {
    let mut bytes = TABLE.to_vec();
    f(&mut bytes);
    Vec::leak(bytes)
}

#[test]
fn a_damaged_table_gives_an_error_for_the_zone_never_utc() {
    let ny = ours(chrono_tz::America::New_York);
    // The header, and the layout before the columns.
    assert_eq!(Zones::from_bytes(b"HTZ0").zone(ny).unwrap_err(), TzError::Header);
    assert_eq!(Zones::from_bytes(b"HTZ2\x05\x00").zone(Tz::UTC).unwrap_err(), TzError::Header);
    assert_eq!(
        Zones::from_bytes(b"HTZ1\x01\x00\x01\x00\x00\x00").zone(Tz::UTC).unwrap_err(),
        TzError::Header
    );
    // A zone whose set index points past the sets.
    let at = 4 + 4 + 2 * ny.index();
    let bytes = damaged(|b| b[at..at + 2].copy_from_slice(&u16::MAX.to_le_bytes()));
    let e = Zones::from_bytes(bytes).zone(ny).unwrap_err();
    assert_eq!(e, TzError::Missing("America/New_York"));
    assert_eq!(e.to_string(), "the time-zone table has no spans for America/New_York");
    // A table cut short or with bytes to spare: the columns no longer add up, nothing reads.
    for bytes in [damaged(|b| b.truncate(b.len() - 1)), damaged(|b| b.push(0))] {
        assert!(Table::read(bytes).is_none());
        assert_eq!(Zones::from_bytes(bytes).zone(ny).unwrap_err(), TzError::Header);
    }
    // A set whose spans do not decode: that zone is damaged, and says so each time it is asked;
    // the others still answer. (A palette index of New York's past its palette.)
    let table = Table::read(TABLE).unwrap();
    let set = table.sets.get(table.set_of(ny.index()).unwrap()).unwrap();
    let at = set.indexes.as_ptr() as usize - TABLE.as_ptr() as usize + set.indexes.len() / 2;
    let bytes = damaged(|b| b[at] = u8::MAX);
    let zones = Zones::from_bytes(bytes);
    for _ in 0..2 {
        assert_eq!(zones.zone(ny).unwrap_err(), TzError::Damaged("America/New_York"));
    }
    assert_eq!(zones.zone(ours(chrono_tz::Asia::Kolkata)).unwrap().offset_at_utc(0), 19_800);
}

/// A set's decoding from hand-made bytes: a header, its times and its palette indexes.
fn decode(header: &[u8], times: &[u8], indexes: &[u8]) -> Option<Spans> {
    SetBytes { header, times, indexes }.decode()
}

#[test]
fn a_set_decodes_only_when_whole_and_in_order() {
    // Palette [0, 3600] (zigzag 0, 7200), first index 0, two transitions, their times 2 bytes.
    let header = [2, 0, 0xa0, 0x38, 0, 2, 2];
    // Two whole hours, then 5 seconds more: 7200, 7205; the offsets 3600 then 0.
    let spans = decode(&header, &[4 << 1, (10 << 1) | 1], &[1, 0]).unwrap();
    assert_eq!((spans.first, spans.rest), (0, vec![(7200, 3600), (7205, 0)]));
    // Out of order (a second delta of −1 s), or not after the first (0 h): refused.
    assert!(decode(&header, &[4 << 1, (1 << 1) | 1], &[1, 0]).is_none());
    assert!(decode(&header, &[4 << 1, 0], &[1, 0]).is_none());
    // A palette index past the palette, an index or a time missing, a time to spare.
    assert!(decode(&header, &[4 << 1, 10 << 1], &[1, 2]).is_none());
    assert!(decode(&header, &[4 << 1, 10 << 1], &[1]).is_none());
    assert!(decode(&header, &[4 << 1], &[1, 0]).is_none());
    assert!(decode(&header, &[4 << 1, 10 << 1, 2], &[1, 0]).is_none());
    // An offset of a day; hours that overflow the seconds.
    assert!(decode(&[1, 0x80, 0xc6, 0x0a, 0, 0, 0], &[], &[]).is_none());
    let huge = [0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
    assert!(decode(&[1, 0, 0, 1, 10], &huge, &[0]).is_none());
    assert!(decode(&[1, 0, 0, 0, 0], &[], &[]).is_some());
}

#[test]
fn a_damaged_table_reads_as_nothing_rather_than_panicking() {
    assert!(Table::read(b"HTZ0").is_none());
    assert!(Table::read(b"HTZ2\x05\x00").is_none());
    // One zone, one set of one transition whose times take 3 bytes: its index is missing.
    assert!(Table::read(b"HTZ2\x01\x00\x01\x00\x00\x00\x01\x00\x00\x01\x03\x02\x02\x00").is_none());
    let whole = b"HTZ2\x01\x00\x01\x00\x00\x00\x01\x00\x00\x01\x01\x04\x00";
    let t = Table::read(whole).unwrap();
    assert_eq!(t.decode(0).map(|s| (s.first, s.rest)), Some((0, vec![(3600, 0)])));
    let t = Table::read(TABLE).unwrap();
    assert!(t.set_of(usize::MAX / 4).is_none());
    assert!(t.decode(usize::MAX).is_none());
    let mut r = Reader { bytes: &[0xff; 20] };
    assert!(r.varint().is_none());
    assert_eq!(unzigzag(3), -2);
    assert_eq!(unzigzag(4), 2);
}

#[test]
fn names_are_chrono_tz_names() {
    // One name per zone, in chrono-tz's `TZ_VARIANTS` order, each parsing to its own zone.
    let all: Vec<Tz> = Tz::all().collect();
    assert_eq!(
        all.len(),
        chrono_tz::TZ_VARIANTS.len(),
        "run crates/herald-lang/src/tz/generate.py"
    );
    assert_eq!(names().len(), all.len());
    assert_eq!(Table::read(TABLE).unwrap().zone_count, all.len());
    for (i, (&tz, theirs)) in all.iter().zip(chrono_tz::TZ_VARIANTS).enumerate() {
        assert_eq!((tz.index(), theirs as usize), (i, i));
        assert_eq!(tz.name(), theirs.name());
        assert_eq!(names()[i], theirs.name());
        assert_eq!(tz.name().parse::<Tz>(), Ok(tz));
        assert_eq!(theirs.name().parse::<chrono_tz::Tz>(), Ok(theirs));
        assert_eq!(
            (format!("{tz}"), format!("{tz:?}")),
            (format!("{theirs}"), format!("{theirs:?}"))
        );
    }
    // Byte order, no repeats: what the binary search needs.
    assert!(names().windows(2).all(|w| w[0] < w[1]));
    assert_eq!(Tz::UTC, ours(chrono_tz::Tz::UTC));
    assert_eq!(Tz::UTC.name(), "UTC");
    let theirs = "Mars/Olympus".parse::<chrono_tz::Tz>().unwrap_err();
    assert_eq!("Mars/Olympus".parse::<Tz>().unwrap_err().to_string(), theirs.to_string());
}

/// The zone both parse `text` to (by name), or `None` for both: they must agree.
fn both_parse(text: &str) -> Option<&'static str> {
    let mine = text.parse::<Tz>().ok().map(Tz::name);
    let theirs = text.parse::<chrono_tz::Tz>().ok().map(chrono_tz::Tz::name);
    assert_eq!(mine, theirs, "{text:?}");
    mine
}

#[test]
fn parsing_accepts_and_refuses_what_chrono_tz_does() {
    // Links are zones of their own, under their own names.
    assert_eq!(both_parse("US/Eastern"), Some("US/Eastern"));
    assert_eq!(both_parse("Asia/Calcutta"), Some("Asia/Calcutta"));
    assert_eq!(both_parse("Etc/GMT+5"), Some("Etc/GMT+5"));
    assert_eq!(both_parse("GMT"), Some("GMT"));
    let odd = [
        "",
        "utc",
        "Utc",
        "UTC ",
        " UTC",
        "Z",
        "gmt",
        "Europe/",
        "/",
        "America/New York",
        "Mars/Olympus",
        "America/New_York\0",
        "America\\New_York",
        "UTC\n",
        "Ame\u{301}rica/Lima",
        "Africa/Abidja",
        "Zulu/",
        "Zulv",
        "A",
        "\u{10ffff}",
    ];
    for text in odd {
        assert_eq!(both_parse(text), None, "{text:?}");
    }
    // Every name in other letter cases (chrono-tz's parse is case-sensitive), cut short, with a
    // character more or a space around it.
    let mut refused = 0;
    for &name in names() {
        assert_eq!(both_parse(name), Some(name));
        let swapped: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_uppercase() {
                    c.to_ascii_lowercase()
                } else {
                    c.to_ascii_uppercase()
                }
            })
            .collect();
        let edits = [
            name.to_ascii_lowercase(),
            name.to_ascii_uppercase(),
            swapped,
            name[..name.len() - 1].to_string(),
            name[1..].to_string(),
            format!("{name}x"),
            format!("{name}/"),
            format!(" {name}"),
            format!("{name} "),
            name.replace('_', " "),
            name.replace('/', "_"),
        ];
        refused += edits.iter().filter(|text| both_parse(text).is_none()).count();
    }
    // Most edits name no zone (a few do: `GMT0` cut short is `GMT`).
    assert!(refused > 5_000, "{refused}");
}

proptest! {
    #[test]
    fn random_texts_parse_as_chrono_tz_parses_them(text in "[A-Za-z_/+0-9 -]{0,12}") {
        both_parse(&text);
    }

    #[test]
    fn edited_names_parse_as_chrono_tz_parses_them(
        zone in any::<prop::sample::Index>(),
        at in any::<prop::sample::Index>(),
        c in prop::sample::select(vec!['a', 'A', 'z', 'Z', '_', '/', '-', '+', '0', ' ', 'é']),
        edit in 0..3u8,
    ) {
        let name = names()[zone.index(names().len())];
        let mut chars: Vec<char> = name.chars().collect();
        let i = at.index(chars.len() + 1);
        match edit {
            0 => chars.insert(i, c),
            1 if i < chars.len() => {
                chars.remove(i);
            }
            _ if i < chars.len() => chars[i] = c,
            _ => chars.push(c),
        }
        both_parse(&chars.into_iter().collect::<String>());
    }
}
