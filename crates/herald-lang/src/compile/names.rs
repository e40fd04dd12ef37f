//! Interning tables: event names and profile keys become small integers at compile time, so the
//! evaluator compares integers, and a request is resolved against the program once, when it is
//! read.

use super::ir::{NameId, SlotId};
use std::hash::Hasher;
use std::sync::Arc;

pub use fnv::FnvHasher;

/// FNV-1a, 64 bit (the `fnv` crate): tiny, fast on the short keys herald looks up, and the same
/// everywhere. Run fingerprints and split buckets are this hash: their values are pinned by
/// tests (`fingerprints_keep_their_exact_values`, `pinned_values_never_change`).
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut hasher = FnvHasher::default();
    hasher.write(bytes);
    hasher.finish()
}

/// The interning maps (their keys are names from one source file, so hash flooding is no
/// concern).
pub type FnvMap<K, V> = fnv::FnvHashMap<K, V>;

/// Tables this small are searched in order rather than through their hash index.
const SCAN_BELOW: usize = 8;

/// A set of strings numbered in order of first appearance. Saved as its list of names (the
/// index is built again when it is read, so the two always agree).
#[derive(Debug, Clone, Default)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(test, serde(into = "Vec<Arc<str>>", from = "Vec<Arc<str>>"))]
pub struct Interner {
    names: Vec<Arc<str>>,
    index: FnvMap<Arc<str>, u32>,
}

impl From<Interner> for Vec<Arc<str>> {
    fn from(table: Interner) -> Self {
        table.names
    }
}

impl From<Vec<Arc<str>>> for Interner {
    fn from(names: Vec<Arc<str>>) -> Self {
        let mut table = Interner::default();
        for name in names {
            table.intern(&name);
        }
        table
    }
}

/// Writes a map with its entries in key order, as `saved_form` does (postcard's bytes, the
/// oracle of its tests, are then the same whatever order the map was filled in).
#[cfg(test)]
pub fn sorted_map<K, V, H, S>(
    map: &std::collections::HashMap<K, V, H>,
    s: S,
) -> Result<S::Ok, S::Error>
where
    K: Ord + serde::Serialize,
    V: serde::Serialize,
    S: serde::Serializer,
{
    let mut entries: Vec<(&K, &V)> = map.iter().collect();
    crate::sort::sort_by(&mut entries, |a, b| a.0.cmp(b.0));
    s.collect_map(entries)
}

impl Interner {
    pub fn intern(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.index.get(name) {
            return id;
        }
        let id = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        let shared: Arc<str> = Arc::from(name);
        self.names.push(shared.clone());
        self.index.insert(shared, id);
        id
    }
    pub fn get(&self, name: &str) -> Option<u32> {
        // A program reads a handful of profile keys and counts a few event names, and the reader
        // looks up every key of every profile: comparing (lengths first, as `==` on strings does)
        // over a short list beats hashing the key.
        if self.names.len() <= SCAN_BELOW {
            let at = self.names.iter().position(|n| **n == *name)?;
            return u32::try_from(at).ok();
        }
        self.index.get(name).copied()
    }
    pub fn name(&self, id: u32) -> Option<&Arc<str>> {
        self.names.get(id as usize)
    }
    pub fn len(&self) -> usize {
        self.names.len()
    }
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.names.iter().map(|n| &**n)
    }
}

/// Event names (`NameId`) with what the program does with each.
#[derive(Debug, Clone, Default)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub struct EventNames {
    pub names: Interner,
    /// Per name: some `count(...)` counts it.
    pub counted: Vec<bool>,
    /// Per name: some `count(... where ...)` reads the properties of the events it counts.
    pub counted_with_condition: Vec<bool>,
}

impl EventNames {
    pub fn intern(&mut self, name: &str) -> NameId {
        let id = self.names.intern(name);
        let len = self.names.len();
        self.counted.resize(len, false);
        self.counted_with_condition.resize(len, false);
        id
    }
    pub fn mark_counted(&mut self, id: NameId, with_condition: bool) {
        if let Some(c) = self.counted.get_mut(id as usize) {
            *c = true;
        }
        if with_condition {
            if let Some(c) = self.counted_with_condition.get_mut(id as usize) {
                *c = true;
            }
        }
    }
    pub fn is_counted(&self, id: NameId) -> bool {
        self.counted.get(id as usize).copied().unwrap_or(false)
    }
    pub fn counts_with_condition(&self, id: NameId) -> bool {
        self.counted_with_condition.get(id as usize).copied().unwrap_or(false)
    }
}

/// The profile keys read as `profile.KEY` (the first segment of each path).
#[derive(Debug, Clone, Default)]
#[cfg_attr(test, derive(serde::Serialize, serde::Deserialize))]
pub struct ProfileKeys {
    pub keys: Interner,
}

impl ProfileKeys {
    pub fn slot(&mut self, key: &str) -> SlotId {
        self.keys.intern(key)
    }
    pub fn get(&self, key: &str) -> Option<SlotId> {
        self.keys.get(key)
    }
    pub fn len(&self) -> usize {
        self.keys.len()
    }
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_agree_below_and_above_the_scan_limit() {
        let mut table = Interner::default();
        for n in 0..20 {
            let name = format!("key{n}");
            assert_eq!(table.intern(&name), n);
            // Every name interned so far is found, whether the table is scanned or hashed.
            for m in 0..=n {
                assert_eq!(table.get(&format!("key{m}")), Some(m), "{m} of {n}");
            }
            assert_eq!(table.get("key"), None);
            assert_eq!(table.get(&format!("key{}", n + 1)), None);
            assert_eq!(table.intern(&name), n);
        }
    }

    #[test]
    fn fnv_matches_reference_vectors() {
        // Reference values of FNV-1a 64.
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn interning_is_stable() {
        let mut names = EventNames::default();
        let a = names.intern("Cart Abandoned");
        let b = names.intern("Order Completed");
        assert_eq!(names.intern("Cart Abandoned"), a);
        assert_ne!(a, b);
        names.mark_counted(b, true);
        assert!(names.is_counted(b) && names.counts_with_condition(b));
        assert!(!names.is_counted(a));
        assert_eq!(names.names.get("Order Completed"), Some(b));
        assert_eq!(names.names.get("nope"), None);
    }
}
