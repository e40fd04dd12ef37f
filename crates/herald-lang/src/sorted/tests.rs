//! The sorted map behaves as a `BTreeMap` (the oracle) under any sequence of operations.

use super::*;
use proptest::prelude::*;
use std::collections::BTreeMap;

#[derive(Debug, Clone)]
enum Op {
    Insert(String, u8),
    Remove(String),
    Get(String),
    GetMut(String, u8),
    Retain(u8),
}

fn key() -> impl Strategy<Value = String> {
    // Short keys over a few bytes (non-ASCII too): repeats are frequent, order is byte order.
    "[ab\u{e9}Z]{0,3}"
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (key(), any::<u8>()).prop_map(|(k, v)| Op::Insert(k, v)),
        1 => key().prop_map(Op::Remove),
        1 => key().prop_map(Op::Get),
        1 => (key(), any::<u8>()).prop_map(|(k, v)| Op::GetMut(k, v)),
        1 => any::<u8>().prop_map(Op::Retain),
    ]
}

fn same(ours: &SortedMap<String, u8>, oracle: &BTreeMap<String, u8>) -> bool {
    ours.len() == oracle.len()
        && ours.is_empty() == oracle.is_empty()
        && ours.iter().eq(oracle.iter())
        && ours.iter().rev().eq(oracle.iter().rev())
        && ours.keys().eq(oracle.keys())
        && ours.values().eq(oracle.values())
        && ours.first_key_value() == oracle.first_key_value()
        && ours.last_key_value() == oracle.last_key_value()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]
    #[test]
    fn operations_give_what_a_btree_map_gives(ops in prop::collection::vec(op(), 0..60)) {
        let mut ours = SortedMap::new();
        let mut oracle = BTreeMap::new();
        for op in ops {
            match op {
                Op::Insert(k, v) => prop_assert_eq!(ours.insert(k.clone(), v), oracle.insert(k, v)),
                Op::Remove(k) => prop_assert_eq!(ours.remove(k.as_str()), oracle.remove(k.as_str())),
                Op::Get(k) => {
                    prop_assert_eq!(ours.get(k.as_str()), oracle.get(k.as_str()));
                    prop_assert_eq!(ours.get_key_value(k.as_str()), oracle.get_key_value(k.as_str()));
                    prop_assert_eq!(ours.contains_key(k.as_str()), oracle.contains_key(k.as_str()));
                }
                Op::GetMut(k, v) => {
                    let a = ours.get_mut(k.as_str()).map(|x| { *x = v; *x });
                    let b = oracle.get_mut(k.as_str()).map(|x| { *x = v; *x });
                    prop_assert_eq!(a, b);
                }
                Op::Retain(m) => {
                    ours.retain(|_, v| *v >= m);
                    oracle.retain(|_, v| *v >= m);
                }
            }
            prop_assert!(same(&ours, &oracle));
        }
        let owned: Vec<_> = ours.clone().into_iter().collect();
        prop_assert_eq!(owned, oracle.clone().into_iter().collect::<Vec<_>>());
    }

    #[test]
    fn built_from_pairs_as_collect_builds_a_btree_map(
        pairs in prop::collection::vec((key(), any::<u8>()), 0..40),
    ) {
        let oracle: BTreeMap<String, u8> = pairs.iter().cloned().collect();
        let ours: SortedMap<String, u8> = pairs.iter().cloned().collect();
        prop_assert!(same(&ours, &oracle));
        let mut extended = SortedMap::new();
        extended.extend(pairs.iter().cloned());
        prop_assert!(same(&extended, &oracle));
        // Extending a map already filled: the later pairs win, as with BTreeMap::extend.
        let (a, b) = pairs.split_at(pairs.len() / 2);
        let mut twice: SortedMap<String, u8> = a.iter().cloned().collect();
        twice.extend(b.iter().cloned());
        let mut oracle_twice: BTreeMap<String, u8> = a.iter().cloned().collect();
        oracle_twice.extend(b.iter().cloned());
        prop_assert!(same(&twice, &oracle_twice));
        prop_assert_eq!(&SortedMap::from_pairs(pairs), &ours);
    }

    #[test]
    fn read_and_written_by_serde_as_a_btree_map(
        pairs in prop::collection::vec((key(), any::<u8>()), 0..20),
    ) {
        let members: Vec<String> = pairs
            .iter()
            .map(|(k, v)| format!("{}:{v}", serde_json::to_string(k).unwrap()))
            .collect();
        let text = format!("{{{}}}", members.join(","));
        let ours: SortedMap<String, u8> = serde_json::from_str(&text).unwrap();
        let oracle: BTreeMap<String, u8> = serde_json::from_str(&text).unwrap();
        prop_assert!(same(&ours, &oracle));
        prop_assert_eq!(serde_json::to_string(&ours).unwrap(), serde_json::to_string(&oracle).unwrap());
    }
}

#[test]
fn refused_as_serde_refuses_a_btree_map() {
    for text in ["[1]", "null", "{\"a\":\"x\"}", "{\"a\":1"] {
        let ours = serde_json::from_str::<SortedMap<String, u8>>(text).unwrap_err();
        let oracle = serde_json::from_str::<BTreeMap<String, u8>>(text).unwrap_err();
        assert_eq!(ours.to_string(), oracle.to_string(), "{text}");
    }
}

#[test]
fn a_large_map_out_of_order_is_built_by_one_sort() {
    // 200,000 keys in reverse order, a third repeated: O(n²) inserts would take minutes.
    let n = 200_000u32;
    let pairs: Vec<(String, u32)> =
        (0..n).rev().map(|i| (format!("k{:06}", i % 150_000), i)).collect();
    let ours: SortedMap<String, u32> = pairs.iter().cloned().collect();
    let oracle: BTreeMap<String, u32> = pairs.into_iter().collect();
    assert_eq!(ours.len(), 150_000);
    assert!(ours.iter().eq(oracle.iter()));
}
