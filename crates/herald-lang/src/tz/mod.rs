//! UTC offsets of IANA time zones, from a compact table of chrono-tz's own transitions.
//!
//! chrono-tz stores every zone's transitions as generated Rust data (about 880 KB in a
//! WebAssembly module, 150 KB gzipped), which alone would take most of the npm package's size
//! budget. `spans.bin` holds the same spans (`generate.py` reads them from chrono-tz's source),
//! deduplicated and in columns ([`Table`], version `HTZ3`): the yearly transitions chrono-tz
//! expands from today's tzdata rules up to its horizon (2099) as runs of a few shared rules
//! ("the second Sunday of March at 02:00 local, +1 h"), the others as explicit local dates and
//! times: 75 KB, 13.6 KB gzipped (the explicit transitions alone, `HTZ2`, were 138 KB and 16.3
//! KB). A zone is decoded on first use and kept (the slowest in under 10 µs in a release
//! build, about 3 µs before the runs); the decoded spans are chrono-tz's exactly, every transition of every
//! zone (`spans.check`, the tests). The answers are chrono-tz's `offset_from_utc_datetime` and
//! `offset_from_local_datetime` (the same spans; the tests compare them for every zone).
//!
//! Reading the table can fail only if `spans.bin` is damaged (the tests decode every zone), and
//! that failure has one place: [`Zones::zone`] gives a [`TzError`], which the evaluator answers
//! as an `internal_error`. A [`Zone`] holds decoded, checked spans, so its lookups cannot fail:
//! there is no fallback offset (before, a zone the table could not give read as UTC).
//!
//! Zones are named and parsed by herald's own [`Tz`] (`names.rs`: the names chrono-tz accepts,
//! from `names.txt`), whose index is the zone's in `spans.bin`: chrono-tz is no dependency of
//! the library, only the tests' oracle.

use std::sync::OnceLock;

use crate::dates::{days_from_civil, days_in_month};

mod names;
pub use names::{names, ParseError, Tz};

static TABLE: &[u8] = include_bytes!("spans.bin");

/// No UTC offset reaches a day (the widest, local mean times, are under 16 hours); a set with one
/// that does is refused as damaged, and the local lookup relies on it.
const DAY: i64 = 86_400;

/// Why the zone table could not give a zone's spans: `spans.bin` is damaged (a bug in herald's
/// build, which the tests rule out for the embedded table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TzError {
    #[error("the time-zone table's header cannot be read")]
    Header,
    #[error("the time-zone table has no spans for {0}")]
    Missing(&'static str),
    #[error("the time-zone table's spans for {0} do not decode")]
    Damaged(&'static str),
}

/// What a local wall-clock time is in a zone: chrono's `LocalResult`, with total UTC offsets in
/// seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocalOffset {
    /// The clock skips this time (a spring-forward gap).
    None,
    Single(i32),
    /// The clock shows this time twice: the earlier offset (the first occurrence) first.
    Ambiguous(i32, i32),
}

/// The spans of one zone, as chrono-tz's `FixedTimespanSet`: the offset before the first
/// transition, then each transition (UTC seconds) with the offset from then on. Made only by
/// [`Table::decode`], which checks what the lookups rely on: transitions strictly increasing,
/// every offset under a day.
#[derive(Debug)]
struct Spans {
    first: i32,
    rest: Vec<(i64, i32)>,
}

/// A table of zones: the embedded one ([`Zones::embedded`]), or any bytes in that layout (the
/// tests read damaged ones). Each zone's spans are decoded on first use and kept.
pub struct Zones {
    table: Option<Table<'static>>,
    sets: Vec<OnceLock<Option<Spans>>>,
}

impl std::fmt::Debug for Zones {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Zones").field("sets", &self.sets.len()).finish_non_exhaustive()
    }
}

impl Zones {
    /// The table built into herald (`spans.bin`).
    pub fn embedded() -> &'static Zones {
        static EMBEDDED: OnceLock<Zones> = OnceLock::new();
        EMBEDDED.get_or_init(|| Zones::from_bytes(TABLE))
    }

    /// A table in `spans.bin`'s layout. Damage is reported by [`Zones::zone`], zone by zone.
    pub fn from_bytes(bytes: &'static [u8]) -> Zones {
        let table = Table::read(bytes);
        let sets = table.as_ref().map_or(0, |t| t.sets.len());
        Zones { table, sets: (0..sets).map(|_| OnceLock::new()).collect() }
    }

    /// A zone's offsets, decoded on first use.
    pub fn zone(&self, tz: Tz) -> Result<Zone<'_>, TzError> {
        let table = self.table.as_ref().ok_or(TzError::Header)?;
        let missing = TzError::Missing(tz.name());
        let set = table.set_of(tz.index()).ok_or(missing)?;
        let cell = self.sets.get(set).ok_or(missing)?;
        let spans = cell.get_or_init(|| table.decode(set)).as_ref();
        let spans = spans.ok_or(TzError::Damaged(tz.name()))?;
        Ok(Zone { tz, spans })
    }
}

/// A zone with its decoded spans: every lookup has an answer.
#[derive(Debug, Clone, Copy)]
pub struct Zone<'z> {
    tz: Tz,
    spans: &'z Spans,
}

impl Zone<'_> {
    pub fn tz(&self) -> Tz {
        self.tz
    }

    pub fn name(&self) -> &'static str {
        self.tz.name()
    }

    /// The UTC offset (seconds) in force at an instant (UTC seconds since the epoch): the offset
    /// of the last transition at or before it, else the offset before every transition.
    pub fn offset_at_utc(&self, utc: i64) -> i32 {
        let rest = &self.spans.rest;
        let after = rest.partition_point(|&(t, _)| t <= utc);
        // `take(after).next_back()`: the transition before `after`, none when `after` is 0.
        rest.iter().take(after).next_back().map_or(self.spans.first, |&(_, o)| o)
    }

    /// The offsets at which the local clock shows `local` (seconds since the epoch, read as
    /// local time), as chrono-tz's `offset_from_local_datetime` finds them: the spans whose
    /// local extent holds it, in order (two in a repeated hour, none in a skipped one).
    pub fn offset_at_local(&self, local: i64) -> LocalOffset {
        let Spans { first, rest } = self.spans;
        // A span ends (locally) before its ending transition + a day: those ending a day before
        // `local` cannot hold it.
        let skip = rest.partition_point(|&(t, _)| t.saturating_add(DAY) <= local);
        let start = rest.iter().take(skip).next_back();
        let mut begin = start.map(|&(t, _)| t);
        let mut offset = start.map_or(*first, |&(_, o)| o);
        let mut found: (Option<i32>, Option<i32>) = (None, None);
        for next in rest.iter().skip(skip).map(Some).chain(std::iter::once(None)) {
            let end = next.map(|&(t, _)| t);
            let shift = |t: i64| t.saturating_add(i64::from(offset));
            let span = Span { begin: begin.map(shift), end: end.map(shift) };
            if span.contains(local) {
                found = match found {
                    (None, _) => (Some(offset), None),
                    (Some(a), None) => (Some(a), Some(offset)),
                    both => both,
                };
            }
            let Some(&(t, o)) = next else { break };
            // The next span begins (locally) after its transition − a day: past `local`, so
            // are all later ones.
            if t.saturating_sub(DAY) > local {
                break;
            }
            (begin, offset) = (Some(t), o);
        }
        match found {
            (Some(a), Some(b)) => LocalOffset::Ambiguous(a, b),
            (Some(a), None) => LocalOffset::Single(a),
            (None, _) => LocalOffset::None,
        }
    }
}

/// A span of time, open at either end (chrono-tz's `Span`).
struct Span {
    begin: Option<i64>,
    end: Option<i64>,
}

impl Span {
    fn contains(&self, x: i64) -> bool {
        match (self.begin, self.end) {
            (Some(a), Some(b)) => a <= x && x < b,
            (Some(a), None) => a <= x,
            (None, Some(b)) => b > x,
            (None, None) => true,
        }
    }
}

/// The layout of `spans.bin` (written by generate.py), version `"HTZ3"`: u16 zone count, u16 set
/// count, u16 rule count, a u16 set index per zone (in `Tz` order, as in `names.txt`), the
/// rules ([`Rule`]), then four columns, which gzip compresses better than one set after another
/// (docs/wasm.md): every set's header, every set's explicit transition days, their clock times,
/// their palette indexes.
///
/// A header: the palette (varint count, zigzag varint offsets), the palette index of the first
/// span, the count of explicit transitions, the byte lengths of the set's days and clock times,
/// then its runs (varint count; each: the count of explicit transitions before it since the
/// previous run, the first year, the count of transitions, the count of rules and each rule's
/// index, all varints). A set's transitions are its explicit ones and its runs' in that order.
///
/// An explicit transition is its local date and time on the clock before it (the offset of the
/// previous span): the zigzag varint of its days from the previous transition's local date (from
/// 1970-01-01 for the first), and the varint time of day, in quarter hours plus one shifted left
/// by one when a whole number of them, else in seconds shifted left by one with the low bit set
/// (never a 0 byte: wasm-opt would cut the data segment at runs of them, midnight being
/// common); then its offset's palette index, one byte.
///
/// A run is what chrono-tz made of a yearly rule (its transitions to its horizon, 2099):
/// `count` transitions following its rules in turn, the first in the first year, the year
/// moving on whenever a rule's month is not after the previous transition's. Little-endian
/// throughout.
struct Table<'a> {
    zone_count: usize,
    zones: &'a [u8],
    rules: Vec<Rule>,
    sets: Vec<SetBytes<'a>>,
}

/// Where one set's parts lie: its header (and what follows it), its days, clock times and
/// indexes.
struct SetBytes<'a> {
    header: &'a [u8],
    days: &'a [u8],
    clocks: &'a [u8],
    indexes: &'a [u8],
}

/// A yearly transition (as a tzdata rule): on a day of `month`, at `seconds` after that day's
/// 00:00 on `clock`, the total offset changes by `change`. Written as a byte `month | kind << 4
/// | clock << 6` (kind 0: a fixed day, 1: the first weekday on or after a day, 2: the month's
/// last weekday; clock 0: the local time before the transition, 1: UTC), a byte weekday (0 for
/// Sunday), a byte day (0 for the last weekday), then zigzag varints `seconds` and `change`.
/// The rule holds no offset: the zones that follow the same rules share them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Rule {
    month: u32,
    day: RuleDay,
    wall: bool,
    seconds: i64,
    change: i32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RuleDay {
    Fixed(u32),
    OnOrAfter { weekday: i64, day: u32 },
    Last { weekday: i64 },
}

/// The years a run may reach: those of herald's instants.
const YEARS: std::ops::RangeInclusive<i64> = 1..=9999;

impl Rule {
    fn read(r: &mut Reader<'_>) -> Option<Rule> {
        let (&[kind, weekday, day], rest) = r.bytes.split_first_chunk::<3>()?;
        r.bytes = rest;
        let month = u32::from(kind & 15);
        let weekday = i64::from(weekday);
        let day = u32::from(day);
        let day = match kind >> 4 & 3 {
            0 => RuleDay::Fixed(day),
            1 => RuleDay::OnOrAfter { weekday, day },
            2 => RuleDay::Last { weekday },
            _ => return None,
        };
        let seconds = unzigzag(r.varint()?);
        let change = i32::try_from(unzigzag(r.varint()?)).ok()?;
        let days_ok = match day {
            RuleDay::Fixed(d) | RuleDay::OnOrAfter { day: d, .. } => (1..=31).contains(&d),
            RuleDay::Last { .. } => true,
        };
        let fits = (1..=12).contains(&month)
            && weekday < 7
            && days_ok
            && seconds.unsigned_abs() < 2 * DAY.unsigned_abs()
            && i64::from(change).abs() < DAY;
        fits.then_some(Rule { month, day, wall: kind >> 6 == 0, seconds, change })
    }

    /// The day (since 1970-01-01) the rule names in `year` (in [`YEARS`]).
    fn day(&self, year: i64) -> Option<i64> {
        let weekday_of = |days: i64| (days + 4).rem_euclid(7);
        Some(match self.day {
            RuleDay::Fixed(day) => days_from_civil(year, self.month, day),
            RuleDay::OnOrAfter { weekday, day } => {
                let d = days_from_civil(year, self.month, day);
                d + (weekday - weekday_of(d)).rem_euclid(7)
            }
            RuleDay::Last { weekday } => {
                let last = days_in_month(u32::try_from(year).ok()?, self.month);
                let d = days_from_civil(year, self.month, last);
                d - (weekday_of(d) - weekday).rem_euclid(7)
            }
        })
    }
}

impl<'a> Table<'a> {
    fn read(bytes: &'a [u8]) -> Option<Table<'a>> {
        let rest = bytes.strip_prefix(b"HTZ3")?;
        let zone_count = usize::from(u16_at(rest, 0)?);
        let set_count = usize::from(u16_at(rest, 2)?);
        let rule_count = usize::from(u16_at(rest, 4)?);
        let rest = rest.get(6..)?;
        let (zones, rest) = rest.split_at_checked(zone_count * 2)?;
        let mut r = Reader { bytes: rest };
        let mut rules = Vec::with_capacity(rule_count);
        for _ in 0..rule_count {
            rules.push(Rule::read(&mut r)?);
        }
        // The headers give each set's share of the three columns that follow them.
        let mut shares = Vec::with_capacity(set_count);
        let (mut days_total, mut clocks_total) = (0usize, 0usize);
        for _ in 0..set_count {
            let header = r.bytes;
            let palette = r.varint()?;
            for _ in 0..palette {
                r.varint()?;
            }
            r.varint()?; // the first span's index
            let count = usize::try_from(r.varint()?).ok()?;
            let days = usize::try_from(r.varint()?).ok()?;
            let clocks = usize::try_from(r.varint()?).ok()?;
            for _ in 0..r.varint()? {
                for _ in 0..3 {
                    r.varint()?; // explicit transitions before, first year, count
                }
                for _ in 0..r.varint()? {
                    r.varint()?; // a rule's index
                }
            }
            shares.push((header, days, clocks, count));
            days_total = days_total.checked_add(days)?;
            clocks_total = clocks_total.checked_add(clocks)?;
        }
        let (mut days, rest) = r.bytes.split_at_checked(days_total)?;
        let (mut clocks, mut indexes) = rest.split_at_checked(clocks_total)?;
        let mut sets = Vec::with_capacity(set_count);
        for (header, d, c, count) in shares {
            let (these_days, rest_days) = days.split_at_checked(d)?;
            let (these_clocks, rest_clocks) = clocks.split_at_checked(c)?;
            let (these_indexes, rest_indexes) = indexes.split_at_checked(count)?;
            (days, clocks, indexes) = (rest_days, rest_clocks, rest_indexes);
            sets.push(SetBytes {
                header,
                days: these_days,
                clocks: these_clocks,
                indexes: these_indexes,
            });
        }
        indexes.is_empty().then_some(Table { zone_count, zones, rules, sets })
    }

    fn set_of(&self, zone: usize) -> Option<usize> {
        if zone >= self.zone_count {
            return None;
        }
        u16_at(self.zones, zone * 2).map(usize::from)
    }

    fn decode(&self, set: usize) -> Option<Spans> {
        self.sets.get(set)?.decode(&self.rules)
    }
}

/// Spans as they are decoded, checked transition by transition.
struct Decoded {
    first: i32,
    rest: Vec<(i64, i32)>,
    /// The offset in force after the last transition.
    offset: i32,
    /// The last transition's local date (days since 1970-01-01) on the clock before it.
    day: i64,
}

impl Decoded {
    /// Adds a transition: after the last (the lookups search them), to an offset under a day.
    fn push(&mut self, at: i64, offset: i32) -> Option<()> {
        if self.rest.last().is_some_and(|&(last, _)| at <= last) || i64::from(offset).abs() >= DAY {
            return None;
        }
        self.day = at.checked_add(i64::from(self.offset))?.div_euclid(DAY);
        self.offset = offset;
        self.rest.push((at, offset));
        Some(())
    }
}

impl SetBytes<'_> {
    fn decode(&self, rules: &[Rule]) -> Option<Spans> {
        let mut r = Reader { bytes: self.header };
        let palette_len = r.varint()? as usize;
        let mut palette = Vec::with_capacity(palette_len.min(64));
        for _ in 0..palette_len {
            palette.push(i32::try_from(unzigzag(r.varint()?)).ok()?);
        }
        if palette.iter().any(|o| i64::from(*o).abs() >= DAY) {
            return None;
        }
        let first = *palette.get(r.varint()? as usize)?;
        let count = r.varint()? as usize;
        r.varint()?; // the lengths of the days and clocks, which `Table::read` took
        r.varint()?;
        let mut out =
            Decoded { first, rest: Vec::with_capacity(count.min(4096)), offset: first, day: 0 };
        let mut explicit = Explicit {
            days: Reader { bytes: self.days },
            clocks: Reader { bytes: self.clocks },
            indexes: self.indexes.iter(),
            palette: &palette,
        };
        for _ in 0..r.varint()? {
            for _ in 0..r.varint()? {
                explicit.next(&mut out)?;
            }
            let mut year = i64::try_from(r.varint()?).ok()?;
            let n = r.varint()?;
            let k = r.varint()?;
            let mut these = Vec::with_capacity(k.min(4) as usize);
            for _ in 0..k {
                these.push(*rules.get(usize::try_from(r.varint()?).ok()?)?);
            }
            if these.is_empty() && n > 0 {
                return None;
            }
            let mut previous: Option<u32> = None;
            for rule in these.iter().cycle().take(usize::try_from(n).ok()?) {
                // Each turn of the rules moves the year on at least once: the years bound it.
                if previous.is_some_and(|month| rule.month <= month) {
                    year += 1;
                }
                if !YEARS.contains(&year) {
                    return None;
                }
                previous = Some(rule.month);
                let wall = if rule.wall { i64::from(out.offset) } else { 0 };
                let at = rule.day(year)? * DAY + rule.seconds - wall;
                out.push(at, out.offset.checked_add(rule.change)?)?;
            }
        }
        while !explicit.indexes.as_slice().is_empty() {
            explicit.next(&mut out)?;
        }
        // Every day and clock time read, and no more: the columns' shares were the set's.
        (explicit.days.bytes.is_empty() && explicit.clocks.bytes.is_empty())
            .then_some(Spans { first: out.first, rest: out.rest })
    }
}

/// A set's explicit transitions, read in turn from its columns.
struct Explicit<'a, 'p> {
    days: Reader<'a>,
    clocks: Reader<'a>,
    indexes: std::slice::Iter<'a, u8>,
    palette: &'p [i32],
}

impl Explicit<'_, '_> {
    fn next(&mut self, out: &mut Decoded) -> Option<()> {
        let day = out.day.checked_add(unzigzag(self.days.varint()?))?;
        let x = self.clocks.varint()?;
        let clock = if x & 1 == 0 { (x >> 1).checked_sub(1)?.checked_mul(900)? } else { x >> 1 };
        let clock = i64::try_from(clock).ok().filter(|c| *c < DAY)?;
        let local = day.checked_mul(DAY)?.checked_add(clock)?;
        let offset = *self.palette.get(usize::from(*self.indexes.next()?))?;
        out.push(local.checked_sub(i64::from(out.offset))?, offset)
    }
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    let b = bytes.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes(b.try_into().ok()?))
}

fn unzigzag(n: u64) -> i64 {
    // The casts reinterpret bits, as zigzag decoding does.
    ((n >> 1) as i64) ^ -((n & 1) as i64)
}

struct Reader<'a> {
    bytes: &'a [u8],
}

impl Reader<'_> {
    fn varint(&mut self) -> Option<u64> {
        let mut value: u64 = 0;
        for shift in (0..64).step_by(7) {
            let (&byte, rest) = self.bytes.split_first()?;
            self.bytes = rest;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests;
