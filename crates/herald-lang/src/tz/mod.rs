//! UTC offsets of IANA time zones, from a compact table of chrono-tz's own transitions.
//!
//! chrono-tz stores every zone's transitions as generated Rust data (about 880 KB in a
//! WebAssembly module, 150 KB gzipped), which alone would take most of the npm package's size
//! budget. `spans.bin` holds the same spans (`generate.py` reads them from chrono-tz's source),
//! deduplicated, varint-encoded and in columns ([`Table`]): 138 KB, 16 KB gzipped. A zone is decoded on first use and
//! kept. The answers are chrono-tz's `offset_from_utc_datetime` and `offset_from_local_datetime`
//! (the same spans; the tests compare them for every zone).
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

/// The layout of `spans.bin` (written by generate.py): `"HTZ2"`, u16 zone count, u16 set count,
/// a u16 set index per zone (in `Tz` order, as in `names.txt`), then three columns, which gzip
/// compresses better than one set after another (docs/wasm.md): every set's header, every set's
/// transition times, every set's palette indexes. A header: the palette (varint count, zigzag varint offsets), the
/// palette index of the first span, the transition count and the byte length of the set's
/// times. A time is the varint delta from the previous transition (from 0 for the first): the
/// zigzag delta in hours shifted left by one when it is a whole number of hours, else the zigzag
/// delta in seconds shifted left by one with the low bit set. A palette index is one byte.
/// Little-endian throughout.
struct Table<'a> {
    zone_count: usize,
    zones: &'a [u8],
    sets: Vec<SetBytes<'a>>,
}

/// Where one set's parts lie: its header (and what follows it), its times, its indexes.
struct SetBytes<'a> {
    header: &'a [u8],
    times: &'a [u8],
    indexes: &'a [u8],
}

impl<'a> Table<'a> {
    fn read(bytes: &'a [u8]) -> Option<Table<'a>> {
        let rest = bytes.strip_prefix(b"HTZ2")?;
        let zone_count = usize::from(u16_at(rest, 0)?);
        let set_count = usize::from(u16_at(rest, 2)?);
        let rest = rest.get(4..)?;
        let (zones, rest) = rest.split_at_checked(zone_count * 2)?;
        // The headers give each set's share of the two columns that follow them.
        let mut r = Reader { bytes: rest };
        let mut shares = Vec::with_capacity(set_count);
        for _ in 0..set_count {
            let header = r.bytes;
            let palette = r.varint()?;
            for _ in 0..palette {
                r.varint()?;
            }
            r.varint()?; // the first span's index
            let count = usize::try_from(r.varint()?).ok()?;
            let times = usize::try_from(r.varint()?).ok()?;
            shares.push((header, times, count));
        }
        let (mut times, mut indexes) = r.bytes.split_at_checked(
            shares.iter().try_fold(0usize, |sum, &(_, t, _)| sum.checked_add(t))?,
        )?;
        let mut sets = Vec::with_capacity(set_count);
        for (header, t, count) in shares {
            let (these_times, rest) = times.split_at_checked(t)?;
            let (these_indexes, rest_indexes) = indexes.split_at_checked(count)?;
            (times, indexes) = (rest, rest_indexes);
            sets.push(SetBytes { header, times: these_times, indexes: these_indexes });
        }
        indexes.is_empty().then_some(Table { zone_count, zones, sets })
    }

    fn set_of(&self, zone: usize) -> Option<usize> {
        if zone >= self.zone_count {
            return None;
        }
        u16_at(self.zones, zone * 2).map(usize::from)
    }

    fn decode(&self, set: usize) -> Option<Spans> {
        self.sets.get(set)?.decode()
    }
}

impl SetBytes<'_> {
    fn decode(&self) -> Option<Spans> {
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
        let mut times = Reader { bytes: self.times };
        let mut rest: Vec<(i64, i32)> = Vec::with_capacity(count.min(4096));
        let mut at: i64 = 0;
        for i in 0..count {
            let x = times.varint()?;
            let delta = unzigzag(x >> 1);
            let delta = if x & 1 == 0 { delta.checked_mul(3600)? } else { delta };
            let next = at.checked_add(delta)?;
            // Strictly increasing: the lookups search them.
            if rest.last().is_some_and(|_| next <= at) {
                return None;
            }
            at = next;
            let index = *self.indexes.get(i)?;
            rest.push((at, *palette.get(usize::from(index))?));
        }
        // Every time read, and no more: the column's share was the set's.
        times.bytes.is_empty().then_some(Spans { first, rest })
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
