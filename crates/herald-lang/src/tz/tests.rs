//! The table answers as chrono-tz does, for every zone: around every transition and across
//! 1800–2100, for UTC instants and for local wall-clock times.

use super::*;
use chrono::{LocalResult, NaiveDateTime, Offset, TimeZone};

fn naive(secs: i64) -> NaiveDateTime {
    chrono::DateTime::from_timestamp(secs, 0).unwrap().naive_utc()
}

fn chrono_utc(tz: Tz, secs: i64) -> i32 {
    tz.offset_from_utc_datetime(&naive(secs)).fix().local_minus_utc()
}

fn chrono_local(tz: Tz, secs: i64) -> LocalOffset {
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
    for &tz in chrono_tz::TZ_VARIANTS.iter() {
        let set = table.set_of(tz as usize).unwrap();
        let s = table.decode(set).unwrap_or_else(|| panic!("{} does not decode", tz.name()));
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
            assert_eq!(offset_at_utc(tz, x), chrono_utc(tz, x), "{} at UTC {x}", tz.name());
        }
        for x in local {
            assert_eq!(offset_at_local(tz, x), chrono_local(tz, x), "{} at local {x}", tz.name());
        }
    }
    assert!(transitions > 30_000, "only {transitions} transitions");
}

#[test]
fn known_offsets() {
    let ny: Tz = "America/New_York".parse().unwrap();
    // 2026-03-08T06:59:59Z is 01:59:59 EST; a second later, 03:00:00 EDT.
    assert_eq!(offset_at_utc(ny, 1_772_953_199), -5 * 3600);
    assert_eq!(offset_at_utc(ny, 1_772_953_200), -4 * 3600);
    // Local 2026-03-08T02:30 does not exist; 2026-11-01T01:30 happens twice.
    assert_eq!(offset_at_local(ny, 1_772_937_000), LocalOffset::None);
    assert_eq!(offset_at_local(ny, 1_793_496_600), LocalOffset::Ambiguous(-4 * 3600, -5 * 3600));
    let kolkata: Tz = "Asia/Kolkata".parse().unwrap();
    assert_eq!(offset_at_utc(kolkata, 1_772_953_200), 19_800);
    assert_eq!(offset_at_local(Tz::UTC, 0), LocalOffset::Single(0));
}

#[test]
fn a_damaged_table_reads_as_nothing_rather_than_panicking() {
    assert!(Table::read(b"HTZ0").is_none());
    assert!(Table::read(b"HTZ1\x05\x00").is_none());
    let t = Table::read(TABLE).unwrap();
    assert!(t.set_of(usize::MAX / 4).is_none());
    let truncated = Table { sets: &[0x85], ..t };
    assert!(truncated.decode(0).is_none());
    let mut r = Reader { bytes: &[0xff; 20] };
    assert!(r.varint().is_none());
    assert_eq!(unzigzag(3), -2);
    assert_eq!(unzigzag(4), 2);
}
