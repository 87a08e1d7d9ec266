//! Stable sorting, small in WebAssembly.
//!
//! The standard library's stable sort (driftsort) is fast and large: it is compiled anew for
//! every element type and comparison, about 4 KB of WebAssembly each time, and the engine
//! sorts some thirty kinds of things (docs/performance.md, the tenth pass). In
//! WebAssembly, [`Stable`] sorts with one merge sort of positions, compiled once and called
//! through a `dyn` comparison, and then moves the elements into place by swapping; natively
//! it is the standard library's sort.
//!
//! Both are stable, so they give the same order for any consistent comparison (equal
//! elements keep their order; the rest have only one sorted order): reports stay
//! byte-identical between the two targets. Unstable sorts (`sort_unstable*`) are not
//! replaced: their order of equal elements is the algorithm's own.

use std::cmp::Ordering;

/// Stable sorts of a slice (see the module documentation).
pub(crate) trait Stable<T> {
    /// As `sort_by`.
    fn stable_sort_by(&mut self, compare: impl FnMut(&T, &T) -> Ordering);

    /// As `sort_by_key` (the key is computed for each comparison, as there).
    fn stable_sort_by_key<K: Ord>(&mut self, mut key: impl FnMut(&T) -> K) {
        self.stable_sort_by(|a, b| key(a).cmp(&key(b)));
    }

    /// As `sort_by`, for large elements (findings, scenarios): sorts their positions, then
    /// moves each element into place once, along the cycles of the permutation, where a
    /// merge sort moves every element about log₂ n times (at 10,000 components the
    /// findings' sort was 1.3 % of `score --format json` in copying alone).
    fn stable_sort_large_by(&mut self, compare: impl FnMut(&T, &T) -> Ordering);

    /// As `sort`.
    fn stable_sort(&mut self)
    where
        T: Ord,
    {
        self.stable_sort_by(T::cmp);
    }
}

impl<T> Stable<T> for [T] {
    fn stable_sort_large_by(&mut self, mut compare: impl FnMut(&T, &T) -> Ordering) {
        let order = {
            let v: &[T] = self;
            let mut positions: Vec<usize> = (0..v.len()).collect();
            positions.stable_sort_by(|&i, &j| compare(&v[i], &v[j]));
            positions
        };
        permute(self, &order);
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn stable_sort_by(&mut self, compare: impl FnMut(&T, &T) -> Ordering) {
        self.sort_by(compare);
    }

    #[cfg(target_arch = "wasm32")]
    fn stable_sort_by(&mut self, mut compare: impl FnMut(&T, &T) -> Ordering) {
        if self.len() <= SHORT {
            insertion_sort(self, &mut compare);
            return;
        }
        let order = {
            let v: &[T] = self;
            order(v.len(), &mut |i, j| compare(&v[i], &v[j]))
        };
        permute(self, &order);
    }
}

/// Slices this short are sorted in place by insertion, without allocating.
const SHORT: usize = 16;

/// A stable insertion sort in place (for [`SHORT`] slices, and the merge sort's short runs).
fn insertion_sort<T>(v: &mut [T], compare: &mut impl FnMut(&T, &T) -> Ordering) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && compare(&v[j - 1], &v[j]) == Ordering::Greater {
            v.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// The positions `0..n` in their stable sorted order: a top-down merge sort (insertion sort
/// for [`SHORT`] runs) that takes the left run's element on ties.
// Compiled natively too, for its tests; used only in WebAssembly.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn order(n: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    fn sort(
        v: &mut [usize],
        scratch: &mut [usize],
        compare: &mut dyn FnMut(usize, usize) -> Ordering,
    ) {
        let n = v.len();
        if n <= SHORT {
            insertion_sort(v, &mut |&a, &b| compare(a, b));
            return;
        }
        let mid = n / 2;
        sort(&mut v[..mid], &mut scratch[..mid], compare);
        sort(&mut v[mid..], &mut scratch[mid..], compare);
        if compare(v[mid - 1], v[mid]) != Ordering::Greater {
            return; // already in order
        }
        scratch[..n].copy_from_slice(v);
        let (left, right) = scratch[..n].split_at(mid);
        let (mut i, mut j) = (0, 0);
        for slot in v.iter_mut() {
            let take_left = j == right.len()
                || (i < left.len() && compare(left[i], right[j]) != Ordering::Greater);
            if take_left {
                *slot = left[i];
                i += 1;
            } else {
                *slot = right[j];
                j += 1;
            }
        }
    }
    let mut v: Vec<usize> = (0..n).collect();
    let mut scratch = vec![0; n];
    sort(&mut v, &mut scratch, compare);
    v
}

/// Moves `v[order[k]]` to position `k` for every `k`, following each cycle of the
/// permutation with swaps.
fn permute<T>(v: &mut [T], order: &[usize]) {
    let mut done = vec![false; v.len()];
    for start in 0..v.len() {
        if done[start] {
            continue;
        }
        // The value that belongs at `start`'s cycle's end travels along with `cur`.
        let mut cur = start;
        loop {
            done[cur] = true;
            let next = order[cur];
            if next == start {
                break;
            }
            v.swap(cur, next);
            cur = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator (xorshift), so the test needs no crate.
    fn numbers(seed: u64, n: usize, range: u64) -> Vec<u64> {
        let mut x = seed | 1;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x % range
            })
            .collect()
    }

    /// The compact sort and permutation give the standard library's stable order, ties
    /// included (pairs of key and original position tell equal keys apart).
    #[test]
    fn the_compact_sort_agrees_with_the_standard_stable_sort() {
        for n in [0, 1, 2, 3, 15, 16, 17, 31, 32, 33, 100, 1000] {
            for (seed, range) in [(7, 3), (11, 50), (13, 1_000_000)] {
                let keys = numbers(seed + n as u64, n, range);
                let items: Vec<(u64, usize)> = keys.iter().copied().zip(0..).collect();
                let mut want = items.clone();
                want.sort_by_key(|p| p.0);
                let mut got = items.clone();
                let positions = order(got.len(), &mut |i, j| items[i].0.cmp(&items[j].0));
                permute(&mut got, &positions);
                assert_eq!(got, want, "{n} items, keys below {range}");
                let mut through_trait = items;
                through_trait.stable_sort_by_key(|p| p.0);
                assert_eq!(through_trait, want);
            }
        }
    }

    /// Sorting positions and moving the elements gives the standard library's stable order.
    #[test]
    fn the_large_element_sort_agrees_with_the_standard_stable_sort() {
        for n in [0, 1, 2, 17, 100, 1000] {
            let keys = numbers(29 + n as u64, n, 7);
            let items: Vec<(u64, usize, String)> = keys
                .iter()
                .zip(0..)
                .map(|(&k, i)| (k, i, format!("item {i}")))
                .collect();
            let mut want = items.clone();
            want.sort_by_key(|p| p.0);
            let mut got = items;
            got.stable_sort_large_by(|a, b| a.0.cmp(&b.0));
            assert_eq!(got, want, "{n} items");
        }
    }

    /// Already sorted and reversed inputs (the merge's shortcut and its longest path).
    #[test]
    fn sorted_and_reversed_inputs() {
        let sorted: Vec<usize> = (0..200).collect();
        assert_eq!(order(200, &mut |i, j| sorted[i].cmp(&sorted[j])), sorted);
        let reversed: Vec<usize> = (0..200).rev().collect();
        let mut v = reversed.clone();
        permute(
            &mut v,
            &order(200, &mut |i, j| reversed[i].cmp(&reversed[j])),
        );
        assert_eq!(v, sorted);
    }
}
