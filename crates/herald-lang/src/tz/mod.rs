//! UTC offsets of IANA time zones, from a compact table of chrono-tz's own transitions.
//!
//! chrono-tz stores every zone's transitions as generated Rust data (about 880 KB in a
//! WebAssembly module, 150 KB gzipped), which alone would take most of the npm package's size
//! budget. `spans.bin` holds the same spans (`generate.py` reads them from chrono-tz's source),
//! deduplicated and varint-encoded: 190 KB, 22 KB gzipped. A zone is decoded on first use and
//! kept. The lookups follow chrono-tz's `offset_from_utc_datetime` and
//! `offset_from_local_datetime` step by step (the same spans, the same binary search), so the
//! answers are chrono-tz's; the tests compare them for every zone.
//!
//! Zones are still named and parsed by chrono-tz's `Tz`; only the offset data comes from here.

use chrono_tz::Tz;
use std::cmp::Ordering;
use std::sync::OnceLock;

static TABLE: &[u8] = include_bytes!("spans.bin");

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
/// transition, then each transition (UTC seconds) with the offset from then on.
#[derive(Debug, Default)]
struct Spans {
    first: i32,
    rest: Vec<(i64, i32)>,
}

/// The UTC offset (seconds) in force at an instant (UTC seconds since the epoch).
pub fn offset_at_utc(tz: Tz, utc: i64) -> i32 {
    let s = spans(tz);
    let found = binary_search(0, s.len(), |i| s.utc_span(i).cmp(utc));
    match found {
        Ok(i) => s.offset(i),
        // Unreachable: the spans cover every instant (chrono-tz unwraps here).
        Err(_) => s.first,
    }
}

/// The offsets at which the local clock shows `local` (seconds since the epoch, read as local
/// time), as chrono-tz's `offset_from_local_datetime` finds them.
pub fn offset_at_local(tz: Tz, local: i64) -> LocalOffset {
    let s = spans(tz);
    let index = binary_search(0, s.len(), |i| s.local_span(i).cmp(local));
    let len = s.len();
    match index {
        Ok(0) if len == 1 => LocalOffset::Single(s.offset(0)),
        Ok(0) if s.local_span(1).contains(local) => {
            LocalOffset::Ambiguous(s.offset(0), s.offset(1))
        }
        Ok(0) => LocalOffset::Single(s.offset(0)),
        Ok(i) if s.local_span(i - 1).contains(local) => {
            LocalOffset::Ambiguous(s.offset(i - 1), s.offset(i))
        }
        Ok(i) if i == len - 1 => LocalOffset::Single(s.offset(i)),
        Ok(i) if s.local_span(i + 1).contains(local) => {
            LocalOffset::Ambiguous(s.offset(i), s.offset(i + 1))
        }
        Ok(i) => LocalOffset::Single(s.offset(i)),
        Err(_) => LocalOffset::None,
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

    fn cmp(&self, x: i64) -> Ordering {
        match (self.begin, self.end) {
            (Some(a), Some(b)) if a <= x && x < b => Ordering::Equal,
            (Some(a), Some(b)) if a <= x && b <= x => Ordering::Less,
            (Some(_), Some(_)) => Ordering::Greater,
            (Some(a), None) if a <= x => Ordering::Equal,
            (Some(_), None) => Ordering::Greater,
            (None, Some(b)) if b <= x => Ordering::Less,
            (None, Some(_)) => Ordering::Equal,
            (None, None) => Ordering::Equal,
        }
    }
}

impl Spans {
    fn len(&self) -> usize {
        1 + self.rest.len()
    }

    fn transition(&self, i: usize) -> Option<(i64, i32)> {
        self.rest.get(i).copied()
    }

    fn offset(&self, index: usize) -> i32 {
        match index.checked_sub(1) {
            None => self.first,
            Some(i) => self.transition(i).map_or(self.first, |(_, o)| o),
        }
    }

    fn utc_span(&self, index: usize) -> Span {
        Span {
            begin: index.checked_sub(1).and_then(|i| self.transition(i)).map(|(t, _)| t),
            end: self.transition(index).map(|(t, _)| t),
        }
    }

    fn local_span(&self, index: usize) -> Span {
        let offset = i64::from(self.offset(index));
        Span {
            begin: index
                .checked_sub(1)
                .and_then(|i| self.transition(i))
                .map(|(t, _)| t.saturating_add(offset)),
            end: self.transition(index).map(|(t, _)| t.saturating_add(offset)),
        }
    }
}

/// chrono-tz's binary search (the semantics of `binary_search_by`, over indices).
fn binary_search<F: FnMut(usize) -> Ordering>(
    mut start: usize,
    mut end: usize,
    mut f: F,
) -> Result<usize, usize> {
    loop {
        let mid = start + (end - start) / 2;
        if mid == end {
            return Err(start);
        }
        match f(mid) {
            Ordering::Less => start = mid + 1,
            Ordering::Greater => end = mid,
            Ordering::Equal => return Ok(mid),
        }
    }
}

/// The decoded spans of a zone; decoded once. A zone the table cannot give (which the tests rule
/// out) reads as UTC rather than failing.
fn spans(tz: Tz) -> &'static Spans {
    static SETS: OnceLock<Vec<OnceLock<Spans>>> = OnceLock::new();
    static UTC: Spans = Spans { first: 0, rest: Vec::new() };
    let Some(table) = Table::read(TABLE) else { return &UTC };
    let Some(set) = table.set_of(tz as usize) else { return &UTC };
    let sets = SETS.get_or_init(|| (0..table.set_count).map(|_| OnceLock::new()).collect());
    let Some(cell) = sets.get(set) else { return &UTC };
    cell.get_or_init(|| table.decode(set).unwrap_or_default())
}

/// The layout of `spans.bin` (written by generate.py): `"HTZ1"`, u16 zone count, u16 set count,
/// a u16 set index per zone (in `Tz` order), a u32 offset per set, then the sets. A set: the
/// palette (varint count, zigzag varint offsets), the palette index of the first span, the
/// transition count, then per transition the zigzag varint delta from the previous one (from 0
/// for the first) and its palette index. Little-endian throughout.
struct Table<'a> {
    zone_count: usize,
    set_count: usize,
    zones: &'a [u8],
    offsets: &'a [u8],
    sets: &'a [u8],
}

impl<'a> Table<'a> {
    fn read(bytes: &'a [u8]) -> Option<Table<'a>> {
        let rest = bytes.strip_prefix(b"HTZ1")?;
        let zone_count = usize::from(u16_at(rest, 0)?);
        let set_count = usize::from(u16_at(rest, 2)?);
        let rest = rest.get(4..)?;
        let (zones, rest) = rest.split_at_checked(zone_count * 2)?;
        let (offsets, sets) = rest.split_at_checked(set_count * 4)?;
        Some(Table { zone_count, set_count, zones, offsets, sets })
    }

    fn set_of(&self, zone: usize) -> Option<usize> {
        if zone >= self.zone_count {
            return None;
        }
        u16_at(self.zones, zone * 2).map(usize::from)
    }

    fn decode(&self, set: usize) -> Option<Spans> {
        let start = u32_at(self.offsets, set * 4)? as usize;
        let mut r = Reader { bytes: self.sets.get(start..)? };
        let palette_len = r.varint()? as usize;
        let mut palette = Vec::with_capacity(palette_len.min(64));
        for _ in 0..palette_len {
            palette.push(i32::try_from(unzigzag(r.varint()?)).ok()?);
        }
        let first = *palette.get(r.varint()? as usize)?;
        let count = r.varint()? as usize;
        let mut rest = Vec::with_capacity(count.min(4096));
        let mut at: i64 = 0;
        for _ in 0..count {
            at = at.checked_add(unzigzag(r.varint()?))?;
            rest.push((at, *palette.get(r.varint()? as usize)?));
        }
        Some(Spans { first, rest })
    }
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    let b = bytes.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes(b.try_into().ok()?))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes(b.try_into().ok()?))
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
