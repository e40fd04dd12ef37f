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

/// FNV-1a (64 bits) of a zone's spans as generate.py hashes chrono-tz's: the first offset
/// (i32), then each transition's time (i64) and offset (i32), little-endian.
fn fnv(spans: &Spans) -> u64 {
    let mut bytes = spans.first.to_le_bytes().to_vec();
    for (t, o) in &spans.rest {
        bytes.extend(t.to_le_bytes());
        bytes.extend(o.to_le_bytes());
    }
    bytes
        .iter()
        .fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3))
}

/// Every zone's decoded spans are chrono-tz's, the whole list: spans.check holds, per zone, the
/// count and hash of the transitions generate.py read from chrono-tz's source (its `TimeSpans`
/// are private), runs included; and, against chrono-tz itself, each transition changes the
/// offset chrono-tz gives at that second (the other test compares around each one).
#[test]
fn every_zone_decodes_to_chrono_tz_transitions_exactly() {
    let check = include_str!("spans.check");
    assert_eq!(check.lines().count(), chrono_tz::TZ_VARIANTS.len(), "run generate.py");
    let zones = Zones::embedded();
    let table = Table::read(TABLE).unwrap();
    let mut slowest = (std::time::Duration::ZERO, 0, "");
    for (line, &tz) in check.lines().zip(chrono_tz::TZ_VARIANTS.iter()) {
        let [name, count, hash] = line.split(' ').collect::<Vec<_>>()[..] else { panic!("{line}") };
        assert_eq!(name, tz.name());
        let set = table.set_of(ours(tz).index()).unwrap();
        let spans = table.decode(set).unwrap();
        // The time of a zone's decoding (once per zone and process): the fastest of a few.
        let took = (0..5)
            .map(|_| {
                let started = std::time::Instant::now();
                std::hint::black_box(table.decode(set));
                started.elapsed()
            })
            .min()
            .unwrap();
        slowest = slowest.max((took, spans.rest.len(), name));
        assert_eq!(spans.rest.len().to_string(), count, "{name}");
        assert_eq!(format!("{:016x}", fnv(&spans)), hash, "{name}");
        let zone = zones.zone(ours(tz)).unwrap();
        assert_eq!(zone.spans.rest, spans.rest);
        let mut before = spans.first;
        for &(t, o) in &spans.rest {
            assert_eq!((chrono_utc(tz, t - 1), chrono_utc(tz, t)), (before, o), "{name} at {t}");
            before = o;
        }
    }
    println!("slowest decode: {} ({} transitions) in {:?}", slowest.2, slowest.1, slowest.0);
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
    assert_eq!(Zones::from_bytes(b"HTZ3\x05\x00").zone(Tz::UTC).unwrap_err(), TzError::Header);
    assert_eq!(
        Zones::from_bytes(b"HTZ2\x01\x00\x01\x00\x00\x00").zone(Tz::UTC).unwrap_err(),
        TzError::Header
    );
    // A zone whose set index points past the sets.
    let at = 4 + 6 + 2 * ny.index();
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

/// Two rules as tzdata's US rules since 2007: the second Sunday of March at 02:00 local, +1 h;
/// the first Sunday of November at 02:00 local, −1 h.
const US_RULES: [u8; 14] =
    [3 | 1 << 4, 0, 8, 0xc0, 0x70, 0xa0, 0x38, 11 | 1 << 4, 0, 1, 0xc0, 0x70, 0x9f, 0x38];

/// A set's decoding from hand-made bytes: a header, its days, clock times and palette indexes,
/// with the rules `rules` (bytes as in the table).
fn decode(
    header: &[u8],
    days: &[u8],
    clocks: &[u8],
    indexes: &[u8],
    rules: &[u8],
) -> Option<Spans> {
    let mut r = Reader { bytes: rules };
    let mut read = Vec::new();
    while !r.bytes.is_empty() {
        read.push(Rule::read(&mut r).unwrap());
    }
    SetBytes { header, days, clocks, indexes }.decode(&read)
}

/// The UTC second of a local date and time at a fixed offset.
fn at(y: i32, m: u32, d: u32, hour: u32, offset: i64) -> i64 {
    let local = chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap().and_hms_opt(hour, 0, 0).unwrap();
    local.and_utc().timestamp() - offset
}

#[test]
fn a_set_decodes_only_when_whole_and_in_order() {
    // Palette [0, 3600] (zigzag 0, 7200), first index 0, two explicit transitions whose days
    // take 2 bytes and clock times 3, no run.
    let header = [2, 0, 0xa0, 0x38, 0, 2, 2, 3, 0];
    // 1970-01-02 02:00 local (UTC) to +1 h; 1970-01-03 02:00:05 local (+1 h) to UTC.
    let clocks = [9 << 1, 0xcb, 0x70];
    let spans = decode(&header, &[2, 2], &clocks, &[1, 0], &[]).unwrap();
    assert_eq!((spans.first, spans.rest), (0, vec![(93_600, 3600), (176_405, 0)]));
    // Out of order (the second on the same local day at 02:00: 01:00 UTC), refused.
    assert!(decode(&header, &[2, 0], &clocks, &[1, 0], &[]).is_none());
    // A time of day of a whole day (96 quarter hours), or a 0; a palette index past the palette.
    assert!(decode(&header, &[2, 2], &[0xc2, 0x01, 18], &[1, 0], &[]).is_none());
    assert!(decode(&header, &[2, 2], &[0, 0xcb, 0x70], &[1, 0], &[]).is_none());
    assert!(decode(&header, &[2, 2], &clocks, &[1, 2], &[]).is_none());
    // An index, a day or a clock time missing; a day or a clock time to spare.
    assert!(decode(&header, &[2, 2], &clocks, &[1], &[]).is_none());
    assert!(decode(&header, &[2], &clocks, &[1, 0], &[]).is_none());
    assert!(decode(&header, &[2, 2], &clocks[..2], &[1, 0], &[]).is_none());
    assert!(decode(&header, &[2, 2, 2], &clocks, &[1, 0], &[]).is_none());
    assert!(decode(&header, &[2, 2], &[18, 0xcb, 0x70, 18], &[1, 0], &[]).is_none());
    // An offset of a day; days that overflow the seconds.
    assert!(decode(&[1, 0x80, 0xc6, 0x0a, 0, 0, 0, 0, 0], &[], &[], &[], &[]).is_none());
    let huge = [0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
    assert!(decode(&[1, 0, 0, 1, 10, 1, 0], &huge, &[0], &[0], &[]).is_none());
    assert!(decode(&[1, 0, 0, 0, 0, 0, 0], &[], &[], &[], &[]).is_some());
}

#[test]
fn a_run_expands_its_rules_year_by_year() {
    // Palette [-18000, -14400], first index 0: US Eastern. One run from 2007 of 5 transitions
    // of the US rules, then one explicit transition (2010-06-01 00:00 local, to −5 h).
    let run = [1, 0, 0xd7, 0x0f, 5, 2, 0, 1];
    let header = [[2, 0x9f, 0x99, 0x02, 0xff, 0xe0, 0x01, 0, 1, 2, 1].as_slice(), &run].concat();
    let days = [0xf0, 0x08]; // 2009-03-08 (the run's last, locally) + 568 days: 2010-09-27
    let spans = decode(&header, &days, &[2], &[0], &US_RULES).unwrap();
    let (edt, est) = (-4 * 3600, -5 * 3600);
    assert_eq!(spans.first, est);
    assert_eq!(
        spans.rest,
        vec![
            (at(2007, 3, 11, 2, -18_000), edt),
            (at(2007, 11, 4, 2, -14_400), est),
            (at(2008, 3, 9, 2, -18_000), edt),
            (at(2008, 11, 2, 2, -14_400), est),
            (at(2009, 3, 8, 2, -18_000), edt),
            (at(2010, 9, 27, 0, -14_400), est),
        ]
    );
    // The same run with the UTC clock: 02:00 UTC.
    let mut utc = US_RULES;
    utc[0] |= 1 << 6;
    utc[7] |= 1 << 6;
    let spans = decode(&header, &days, &[2], &[0], &utc).unwrap();
    assert_eq!(spans.rest.first(), Some(&(at(2007, 3, 11, 2, 0), edt)));
    // The last Sunday of March at 01:00 UTC, from 1996 to 2099: 2099-03-29.
    let rule = [3 | 2 << 4 | 1 << 6, 0, 0, 0xa0, 0x38, 0xa0, 0x38];
    let header = [1, 0, 0, 0, 0, 0, 1, 0, 0xcc, 0x0f, 104, 1, 0];
    // (One offset, then +1 h a year: the offset reaches a day and is refused before 2099.)
    assert!(decode(&header, &[], &[], &[], &rule).is_none());
    let header = [1, 0, 0, 0, 0, 0, 1, 0, 0xcc, 0x0f, 20, 1, 0];
    let spans = decode(&header, &[], &[], &[], &rule).unwrap();
    assert_eq!(spans.rest.last(), Some(&(at(2015, 3, 29, 1, 0), 20 * 3600)));
}

#[test]
fn a_damaged_run_is_refused_never_a_panic() {
    let header = |run: &[u8]| {
        [[2, 0x9f, 0x99, 0x02, 0xff, 0xe0, 0x01, 0, 0, 0, 0, 1].as_slice(), run].concat()
    };
    let run = |run: &[u8]| decode(&header(run), &[], &[], &[], &US_RULES);
    assert_eq!(run(&[0, 0xd7, 0x0f, 4, 2, 0, 1]).unwrap().rest.len(), 4);
    // Cut short: a rule index, the rule count, the year missing.
    for cut in 1..7 {
        assert!(run(&[0, 0xd7, 0x0f, 4, 2, 0, 1][..cut]).is_none(), "cut at {cut}");
    }
    // A rule past the rules; explicit transitions before the run that are not there; no rules
    // for transitions.
    assert!(run(&[0, 0xd7, 0x0f, 4, 2, 0, 2]).is_none());
    assert!(run(&[1, 0xd7, 0x0f, 4, 2, 0, 1]).is_none());
    assert!(run(&[0, 0xd7, 0x0f, 4, 0]).is_none());
    // Years out of herald's (0, 10000), or reaching them.
    assert!(run(&[0, 0, 4, 2, 0, 1]).is_none());
    assert!(run(&[0, 0x90, 0x4e, 4, 2, 0, 1]).is_none());
    assert!(run(&[0, 0x8f, 0x4e, 4, 2, 0, 1]).is_none());
    assert!(run(&[0, 0x8f, 0x4e, 1, 2, 0, 1]).is_some());
    assert!(
        run(&[0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 1, 1, 0]).is_none()
    );
    // The November rule first: 2007-11-04, then March of the next year, 2008-03-09.
    let spans = run(&[0, 0xd7, 0x0f, 2, 2, 1, 0]).unwrap();
    assert_eq!(spans.rest[1], (at(2008, 3, 9, 2, -21_600), -18_000));
    // Rules whose transitions are not in order: March 31 + 2 days (UTC) then April 1 − 2 days.
    let backwards = [
        3 | 1 << 6,
        0,
        31,
        0xfe,
        0x8b,
        0x15,
        0xa0,
        0x38,
        4 | 1 << 6,
        0,
        1,
        0xfd,
        0x8b,
        0x15,
        0x9f,
        0x38,
    ];
    assert!(decode(&header(&[0, 0xd7, 0x0f, 1, 2, 0, 1]), &[], &[], &[], &backwards).is_some());
    assert!(decode(&header(&[0, 0xd7, 0x0f, 2, 2, 0, 1]), &[], &[], &[], &backwards).is_none());
    // A run after an explicit transition it does not follow (2008-01-01), or before one that
    // does not follow it (a day before the run's last, or a day after).
    let explicit = |since: u8, days: &[u8]| {
        let header =
            [2, 0x9f, 0x99, 0x02, 0xff, 0xe0, 0x01, 0, 1, 3, 1, 1, since, 0xd7, 0x0f, 4, 2, 0, 1];
        decode(&header, days, &[2], &[0], &US_RULES)
    };
    assert!(explicit(1, &[0xee, 0xd8, 0x01]).is_none());
    assert!(explicit(0, &[0x01]).is_none());
    let spans = explicit(0, &[0x02]).unwrap();
    assert_eq!(spans.rest.last(), Some(&(at(2008, 11, 3, 0, -18_000), -18_000)));
    // Two runs, the second starting before the first ends.
    assert!(run(&[0, 0xd7, 0x0f, 4, 2, 0, 1]).is_some());
    let two = [
        2, 0x9f, 0x99, 0x02, 0xff, 0xe0, 0x01, 0, 0, 0, 0, 2, 0, 0xd7, 0x0f, 4, 2, 0, 1, 0, 0xd8,
        0x0f, 2, 2, 0, 1,
    ];
    assert!(decode(&two, &[], &[], &[], &US_RULES).is_none());
    // Rules that are not rules: month 0 or 13, kind 3, weekday 7, day 0 or 32, a time of two
    // days, a change of a day.
    let bad: [&[u8]; 8] = [
        &[1 << 4, 0, 8, 0, 0],
        &[13 | 1 << 4, 0, 8, 0, 0],
        &[3 | 3 << 4, 0, 8, 0, 0],
        &[3 | 1 << 4, 7, 8, 0, 0],
        &[3 | 1 << 4, 0, 0, 0, 0],
        &[3 | 1 << 4, 0, 32, 0, 0],
        &[3 | 1 << 4, 0, 8, 0x80, 0x8c, 0x15, 0],
        &[3 | 1 << 4, 0, 8, 0, 0x80, 0xc6, 0x0a],
    ];
    for rule in bad {
        assert!(Rule::read(&mut Reader { bytes: rule }).is_none(), "{rule:?}");
    }
    assert!(Rule::read(&mut Reader { bytes: &[3 | 1 << 4, 0, 8] }).is_none());
    // The farthest time a varint gives (i64::MIN seconds), refused without overflowing.
    let far = [3 | 1 << 4, 0, 8, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0];
    assert!(Rule::read(&mut Reader { bytes: &far }).is_none());
    assert!(Rule::read(&mut Reader { bytes: &[3 | 1 << 4, 0, 8, 0, 0] }).is_some());
    // In a whole table: the zone is damaged, no panic; a damaged rule, and the table is.
    let table = |rules: &[u8], header: &[u8]| -> &'static [u8] {
        let mut t = b"HTZ3\x01\x00\x01\x00".to_vec();
        t.extend([u8::try_from(rules.len() / 7).unwrap(), 0, 0, 0]);
        t.extend(rules);
        t.extend(header);
        Vec::leak(t)
    };
    let with_explicit = |rules: &[u8], since: u8| -> &'static [u8] {
        let header =
            [2, 0x9f, 0x99, 0x02, 0xff, 0xe0, 0x01, 0, 1, 3, 1, 1, since, 0xd7, 0x0f, 4, 2, 0, 1];
        let t = [table(rules, &header), &[0xee, 0xd8, 0x01, 2, 0]].concat();
        Vec::leak(t)
    };
    let first = Tz::all().next().unwrap();
    let good = Zones::from_bytes(table(&US_RULES, &header(&[0, 0xd7, 0x0f, 4, 2, 0, 1])));
    assert_eq!(good.zone(first).unwrap().offset_at_utc(at(2008, 7, 1, 0, 0)), -4 * 3600);
    let cut = Zones::from_bytes(table(&US_RULES, &header(&[0, 0xd7, 0x0f, 4, 2, 0])));
    assert_eq!(cut.zone(first).unwrap_err(), TzError::Header);
    let out_of_order = Zones::from_bytes(with_explicit(&US_RULES, 1));
    assert_eq!(out_of_order.zone(first).unwrap_err(), TzError::Damaged(first.name()));
    // (An explicit transition before the run, 2006-01-01, and the same table decodes.)
    let mut later = with_explicit(&US_RULES, 1).to_vec();
    let at_days = later.len() - 5;
    later.splice(at_days..at_days + 3, [0xba, 0xcd, 0x01]);
    let later = Zones::from_bytes(Vec::leak(later));
    assert_eq!(later.zone(first).unwrap().offset_at_utc(at(2009, 7, 1, 0, 0)), -5 * 3600);
    let mut bad_rule = US_RULES;
    bad_rule[1] = 9;
    assert!(Table::read(table(&bad_rule, &header(&[0, 0xd7, 0x0f, 4, 2, 0, 1]))).is_none());
}

#[test]
fn a_damaged_table_reads_as_nothing_rather_than_panicking() {
    assert!(Table::read(b"HTZ0").is_none());
    assert!(Table::read(b"HTZ3\x05\x00").is_none());
    // One zone, one set of one transition whose days take 1 byte and clocks 1: its index is
    // missing.
    let no_index = b"HTZ3\x01\x00\x01\x00\x00\x00\x00\x00\x01\x00\x00\x01\x01\x01\x00\x02\x0a";
    assert!(Table::read(no_index).is_none());
    let whole = b"HTZ3\x01\x00\x01\x00\x00\x00\x00\x00\x01\x00\x00\x01\x01\x01\x00\x02\x0a\x00";
    let t = Table::read(whole).unwrap();
    assert_eq!(t.decode(0).map(|s| (s.first, s.rest)), Some((0, vec![(86_400 + 3600, 0)])));
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
