//! Zones by name: herald's [`Tz`], which names and parses IANA zones as chrono-tz's `Tz` does.
//!
//! Why not chrono-tz's `Tz`: naming and parsing zones was all herald still used of it (offsets
//! come from `spans.bin`), and it cost about 10 KB gzipped in each WebAssembly module — a perfect
//! hash map of 597 names (its entries and its strings, with phf's and siphasher's code) and two
//! 2.4 KB `match` tables behind `Tz::name`. Here the names are one text file, `names.txt` (written
//! by `generate.py` from chrono-tz's source: 9 KB raw, 3.4 KB gzipped), read into a list on first
//! use, and found by binary search.
//!
//! The names are exactly the ones chrono-tz's `FromStr` accepts (its map's keys: one name per
//! zone, each link a zone of its own, matched exactly, letter case included), in the order of its
//! `Tz` enum, which is their byte order. So a zone's line in `names.txt` is its index in
//! chrono-tz's enum and in `spans.bin`, the binary search gives it, and iterating the list visits
//! the zones in chrono-tz's `TZ_VARIANTS` order (the checker's did-you-mean relies on that). The
//! tests hold all of it to chrono-tz, which stays a dev-dependency.

use std::sync::OnceLock;

static NAMES: &str = include_str!("names.txt");

/// Every zone's name, in `Tz` order (= byte order): the lines of `names.txt`.
pub fn names() -> &'static [&'static str] {
    static LIST: OnceLock<Vec<&'static str>> = OnceLock::new();
    LIST.get_or_init(|| NAMES.lines().collect())
}

/// An IANA time zone: its index in [`names`] (and in `spans.bin`), the same number as chrono-tz's
/// `Tz as usize`. Made only by parsing a name, by [`Tz::all`] or as [`Tz::UTC`], so it always
/// names a zone.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Tz(u16);

/// A name that is no zone's (chrono-tz's `ParseError`, with its message).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("failed to parse timezone")]
pub struct ParseError;

impl Tz {
    /// `UTC` (chrono-tz's `Tz::UTC`): the zone of a policy without `timezone`. Its index in
    /// `names.txt`, which the tests check.
    pub const UTC: Tz = Tz(592);

    /// The zone's IANA name, as chrono-tz's `Tz::name` gives it.
    pub fn name(self) -> &'static str {
        // Every `Tz` is an index of the list (see the type), so the fallback is never taken.
        names().get(self.index()).copied().unwrap_or_default()
    }

    /// The zone's index: its line in `names.txt`, its zone in `spans.bin`.
    pub fn index(self) -> usize {
        usize::from(self.0)
    }

    /// Every zone, in chrono-tz's `TZ_VARIANTS` order.
    pub fn all() -> impl Iterator<Item = Tz> {
        (0..names().len()).map_while(|i| u16::try_from(i).ok()).map(Tz)
    }
}

impl std::str::FromStr for Tz {
    type Err = ParseError;

    /// chrono-tz's `Tz::from_str`: the name exactly (case-sensitive), a link's name included.
    fn from_str(name: &str) -> Result<Tz, ParseError> {
        let at = names().binary_search(&name).map_err(|_| ParseError)?;
        u16::try_from(at).map(Tz).map_err(|_| ParseError)
    }
}

/// The name, as chrono-tz's `Debug` and `Display` write it.
impl std::fmt::Debug for Tz {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::fmt::Display for Tz {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// As chrono-tz's `serde` feature has it: the name. Only the saved form's tests use serde (they
/// compare `saved_form`'s bytes with postcard's).
#[cfg(test)]
impl serde::Serialize for Tz {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

#[cfg(test)]
impl<'de> serde::Deserialize<'de> for Tz {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Tz, D::Error> {
        let name = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        name.parse().map_err(|_| {
            serde::de::Error::custom(format_args!("failed to parse timezone: '{name}'"))
        })
    }
}
