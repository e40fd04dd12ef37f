//! One sort for the workspace (issue #14, WebAssembly size): every sort in library code goes
//! through here instead of the standard library's `slice::sort*`, whose algorithms (driftsort,
//! ipnsort, their small-sort networks) are monomorphised for every element type and comparator
//! and came to about 40 copies, 67 KB of code in the main module (docs/wasm.md, "Size work of
//! 2026-12-07 evening, branch `sort`").
//!
//! The generic part is tiny: a comparator over positions, handed as `&mut dyn FnMut`, and a swap.
//! The sorting itself is one non-generic merge sort of a permutation (`merge_sort`): positions
//! `0..n` are sorted by comparing the elements they name, and the slice is then rearranged by
//! following the permutation's cycles with swaps (`apply`). Stable (equal elements keep their
//! order), so it serves as `sort_unstable*` too, and the output never depends on the algorithm's
//! choices; O(n log n) comparisons, n-1 of them on input already in order; 2n words of extra
//! memory (the permutation and the merge buffer); no panics on any input or comparator (an
//! inconsistent comparator gives some permutation of the input, never a panic).
//!
//! `clippy.toml` disallows the standard library's sorts in library code, so new code comes here
//! too; tests may use them. Library code keeps no `BTreeMap`/`BTreeSet` on the modules' paths: its
//! maps are `crate::sorted::SortedMap`s, built by one sort from here (`from_pairs`).

use std::cmp::Ordering;

/// Stable sort by a comparator (as `slice::sort_by`).
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let mut perm = {
        let v = &*v;
        let mut by_position = |i: usize, j: usize| match (v.get(i), v.get(j)) {
            (Some(a), Some(b)) => cmp(a, b),
            _ => Ordering::Equal,
        };
        permutation(v.len(), &mut by_position)
    };
    apply(&mut perm, &mut |i, j| v.swap(i, j));
}

/// Stable sort by a key (as `slice::sort_by_key`; the key is computed at each comparison).
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Stable sort in `Ord` order (as `slice::sort`).
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// Sort and drop repeats (as `sort_unstable` then `dedup`).
pub fn sort_dedup<T: Ord>(v: &mut Vec<T>) {
    sort(v);
    v.dedup();
}

/// Runs this short are sorted by insertion before merging.
const RUN: usize = 12;

/// The positions `0..n` in the stable order of `cmp`: the element to place at position `k` is
/// the one now at `permutation(..)[k]`.
fn permutation(n: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut perm: Vec<usize> = (0..n).collect();
    merge_sort(&mut perm, cmp);
    perm
}

/// Stable sort of `v` (positions) by `cmp`: insertion sort of short runs, then bottom-up merges
/// back and forth between `v` and one buffer; a merge whose halves are already in order is a
/// copy.
fn merge_sort(v: &mut Vec<usize>, cmp: &mut dyn FnMut(usize, usize) -> Ordering) {
    for run in v.chunks_mut(RUN) {
        insertion_sort(run, cmp);
    }
    let n = v.len();
    if n <= RUN {
        return;
    }
    let mut src = std::mem::take(v);
    let mut dst = vec![0; n];
    let mut width = RUN;
    while width < n {
        let pair = width.saturating_mul(2);
        for (from, to) in src.chunks(pair).zip(dst.chunks_mut(pair)) {
            let (left, right) = from.split_at(width.min(from.len()));
            merge(left, right, to, cmp);
        }
        std::mem::swap(&mut src, &mut dst);
        width = pair;
    }
    *v = src;
}

/// Stable insertion sort of a short run.
fn insertion_sort(run: &mut [usize], cmp: &mut dyn FnMut(usize, usize) -> Ordering) {
    for i in 1..run.len() {
        let mut j = i;
        while j > 0 {
            match (run.get(j - 1), run.get(j)) {
                (Some(&a), Some(&b)) if cmp(a, b) == Ordering::Greater => run.swap(j - 1, j),
                _ => break,
            }
            j -= 1;
        }
    }
}

/// Merges two sorted runs into `out` (as long as both together); on ties the left one first.
fn merge(
    left: &[usize],
    right: &[usize],
    out: &mut [usize],
    cmp: &mut dyn FnMut(usize, usize) -> Ordering,
) {
    // Already in order (common: sorted input, or runs that do not overlap): a copy.
    let in_order = match (left.last(), right.first()) {
        (Some(&a), Some(&b)) => cmp(a, b) != Ordering::Greater,
        _ => true,
    };
    if in_order {
        for (slot, &x) in out.iter_mut().zip(left.iter().chain(right)) {
            *slot = x;
        }
        return;
    }
    let (mut l, mut r) = (left.iter().peekable(), right.iter().peekable());
    for slot in out.iter_mut() {
        let take_right = match (l.peek(), r.peek()) {
            (Some(&&a), Some(&&b)) => cmp(a, b) == Ordering::Greater,
            (None, _) => true,
            (Some(_), None) => false,
        };
        if let Some(&x) = if take_right { r.next() } else { l.next() } {
            *slot = x;
        }
    }
}

/// Rearranges a slice (through `swap`) so that position `k` holds the element that was at
/// `perm[k]`, following each cycle of the permutation; `perm` is consumed (each position is
/// marked done by pointing at itself). An entry out of range (none, from `permutation`) ends its
/// cycle, so `swap` is only ever given positions below `perm.len()`.
fn apply(perm: &mut [usize], swap: &mut dyn FnMut(usize, usize)) {
    let n = perm.len();
    for start in 0..n {
        let mut at = start;
        while let Some(slot) = perm.get_mut(at) {
            let from = std::mem::replace(slot, at);
            if from == at || from == start || from >= n {
                break;
            }
            swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// (key, original position): sorting by key alone must keep positions increasing among
    /// equal keys.
    fn tagged(keys: &[u8]) -> Vec<(u8, usize)> {
        keys.iter().copied().zip(0..).collect()
    }

    #[test]
    fn short_inputs() {
        let mut empty: Vec<u32> = Vec::new();
        sort(&mut empty);
        assert!(empty.is_empty());
        let mut one = vec![7];
        sort(&mut one);
        assert_eq!(one, [7]);
        let mut two = vec![2, 1];
        sort(&mut two);
        assert_eq!(two, [1, 2]);
    }

    #[test]
    fn large_reversed_and_sorted_inputs() {
        let mut v: Vec<u32> = (0..10_000).rev().collect();
        sort(&mut v);
        assert!(v.iter().copied().eq(0..10_000));
        sort(&mut v);
        assert!(v.iter().copied().eq(0..10_000));
    }

    #[test]
    fn stable_on_ties() {
        let mut v = tagged(&[3, 1, 3, 1, 2, 3, 1, 0, 2, 2, 3, 1, 0, 0, 1, 3, 2, 2]);
        sort_by_key(&mut v, |&(k, _)| k);
        let mut want = v.clone();
        want.sort_by_key(|&(k, _)| k);
        assert_eq!(v, want);
        assert!(v.windows(2).all(|w| w[0].0 < w[1].0 || (w[0].0 == w[1].0 && w[0].1 < w[1].1)));
    }

    #[test]
    fn an_inconsistent_comparator_permutes_without_panicking() {
        let mut v: Vec<u32> = (0..500).collect();
        let mut flip = false;
        sort_by(&mut v, |_, _| {
            flip = !flip;
            if flip {
                Ordering::Less
            } else {
                Ordering::Greater
            }
        });
        let mut back = v.clone();
        back.sort_unstable();
        assert!(back.iter().copied().eq(0..500));
        assert_ne!(v, back, "the comparator's answers were followed");
    }

    proptest! {
        #[test]
        fn sort_by_equals_std_stable_sort(keys in prop::collection::vec(0u8..8, 0..400)) {
            let mut ours = tagged(&keys);
            let mut std = ours.clone();
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            std.sort_by_key(|a| a.0);
            prop_assert_eq!(ours, std);
        }

        #[test]
        fn sort_equals_std_sort(v in prop::collection::vec(any::<i32>(), 0..300)) {
            let mut ours = v.clone();
            let mut std = v;
            sort(&mut ours);
            std.sort();
            prop_assert_eq!(ours, std);
        }

        #[test]
        fn sort_dedup_equals_std(v in prop::collection::vec(0u16..50, 0..200)) {
            let mut ours = v.clone();
            let mut std = v;
            sort_dedup(&mut ours);
            std.sort_unstable();
            std.dedup();
            prop_assert_eq!(ours, std);
        }

        #[test]
        fn the_permutation_is_applied(seed in prop::collection::vec(any::<u32>(), 0..200)) {
            // A random permutation: positions ordered by the random values (ties by position).
            let mut perm: Vec<usize> = (0..seed.len()).collect();
            perm.sort_by_key(|&i| seed[i]);
            let values: Vec<String> = (0..seed.len()).map(|i| format!("v{i}")).collect();
            let mut v = values.clone();
            apply(&mut perm.clone(), &mut |i, j| v.swap(i, j));
            let want: Vec<String> = perm.iter().map(|&i| values[i].clone()).collect();
            prop_assert_eq!(v, want);
        }

        #[test]
        fn permutation_sorts_positions(keys in prop::collection::vec(0u8..4, 0..100)) {
            let perm = permutation(keys.len(), &mut |i, j| keys[i].cmp(&keys[j]));
            let mut want: Vec<usize> = (0..keys.len()).collect();
            want.sort_by_key(|&i| keys[i]);
            prop_assert_eq!(perm, want);
        }
    }
}
