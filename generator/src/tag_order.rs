//! The order in which `@devlikeapro/n8n-openapi-node` lists resources, so that
//! the model's resources line up with the n8n node users already know.
//!
//! The package sorts the tags (in order of first use) with JavaScript's
//! `Array.prototype.sort` and the comparator `index(a) - index(b)`, where
//! `index` is the position in the top-level `tags` array. For an undeclared tag
//! that is `NaN`, which the sort treats as "equal": an inconsistent order whose
//! result is whatever V8's TimSort does with it, so V8's TimSort
//! (`third_party/v8/builtins/array-sort.tq`: natural runs extended to the
//! minimum run length by binary insertion, the run-stack invariants, merges
//! with galloping and the adaptive `min_gallop`) is ported here step for step,
//! comparisons in the same order. A library sort would do: with a consistent
//! comparator every stable sort agrees, but with this one they do not, and
//! Rust's own sort may panic on it.

use std::cmp::Ordering;

/// Orders resource tags as the n8n package does. `seen` is the tags in order
/// of first use followed by declared-but-unused tags; `declared` the top-level
/// `tags` names. An undeclared `default` tag goes last.
pub fn n8n_resource_order(seen: &[String], declared: &[&str]) -> Vec<String> {
    let order = declaration_order(declared);
    let index = |tag: &String| order.get(tag.as_str()).copied();
    let compare = |a: &String, b: &String| match (index(a), index(b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        // NaN - anything is NaN, read as "equal" by the sort.
        _ => Ordering::Equal,
    };
    let mut tags = seen.to_vec();
    v8_sort(&mut tags, compare);
    if !declared.contains(&crate::DEFAULT_TAG) {
        if let Some(at) = tags.iter().position(|t| t == crate::DEFAULT_TAG) {
            let default = tags.remove(at);
            tags.push(default);
        }
    }
    tags
}

/// The package's `tagsOrder` map: each declaration sets the tag's index to
/// the number of distinct tags declared before it, so a tag declared twice
/// takes the later count.
pub fn declaration_order<'a>(declared: &[&'a str]) -> indexmap::IndexMap<&'a str, usize> {
    let mut order = indexmap::IndexMap::new();
    for tag in declared {
        let size = order.len();
        order.insert(*tag, size);
    }
    order
}

/// `Array.prototype.sort` as V8 runs it (TimSort), for any comparator,
/// consistent or not: the same comparisons in the same order, so the same
/// result as node.
pub fn v8_sort<T>(items: &mut Vec<T>, compare: impl Fn(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    // Sort positions, then move the items once: merges copy elements, and
    // positions copy freely.
    let mut order: Vec<usize> = (0..items.len()).collect();
    TimSort {
        work: &mut order,
        less: &|a: usize, b: usize| compare(&items[a], &items[b]) == Ordering::Less,
        runs: Vec::new(),
        min_gallop: MIN_GALLOP,
    }
    .sort();
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.into_iter().filter_map(|at| slots[at].take()));
}

/// V8's `kMinGallopWins`, the initial `min_gallop`.
const MIN_GALLOP: usize = 7;

/// V8's sort state: the work array (positions), the comparator (`less(a, b)`
/// is `compare(a, b) < 0`), the stack of pending runs (base, length).
struct TimSort<'a> {
    work: &'a mut Vec<usize>,
    less: &'a dyn Fn(usize, usize) -> bool,
    runs: Vec<(usize, usize)>,
    min_gallop: usize,
}

impl TimSort<'_> {
    fn sort(&mut self) {
        let length = self.work.len();
        let min_run = min_run_length(length);
        let (mut low, mut remaining) = (0, length);
        while remaining != 0 {
            let mut run = self.count_and_make_run(low, low + remaining);
            if run < min_run {
                let forced = min_run.min(remaining);
                self.binary_insertion_sort(low, low + run, low + forced);
                run = forced;
            }
            self.runs.push((low, run));
            self.merge_collapse();
            low += run;
            remaining -= run;
        }
        self.merge_force_collapse();
    }

    fn less(&self, a: usize, b: usize) -> bool {
        (self.less)(a, b)
    }

    /// The run starting at `low`: non-descending, or strictly descending and
    /// then reversed.
    fn count_and_make_run(&mut self, low: usize, high: usize) -> usize {
        if low + 1 == high {
            return 1;
        }
        let mut run = 2;
        let descending = self.less(self.work[low + 1], self.work[low]);
        let mut previous = self.work[low + 1];
        for at in low + 2..high {
            let current = self.work[at];
            let is_less = self.less(current, previous);
            if is_less != descending {
                break;
            }
            previous = current;
            run += 1;
        }
        if descending {
            self.work[low..low + run].reverse();
        }
        run
    }

    /// `[low, start)` is sorted; insert each of `[start, high)`.
    fn binary_insertion_sort(&mut self, low: usize, start: usize, high: usize) {
        let start = if low == start { start + 1 } else { start };
        for at in start..high {
            let pivot = self.work[at];
            let (mut left, mut right) = (low, at);
            while left < right {
                let mid = left + ((right - left) >> 1);
                if self.less(pivot, self.work[mid]) {
                    right = mid;
                } else {
                    left = mid + 1;
                }
            }
            self.work[left..=at].rotate_right(1);
        }
    }

    fn run_invariant_established(&self, n: usize) -> bool {
        n < 2 || self.runs[n - 2].1 > self.runs[n - 1].1 + self.runs[n].1
    }

    fn merge_collapse(&mut self) {
        while self.runs.len() > 1 {
            let mut n = self.runs.len() - 2;
            if !self.run_invariant_established(n + 1) || !self.run_invariant_established(n) {
                if self.runs[n - 1].1 < self.runs[n + 1].1 {
                    n -= 1;
                }
                self.merge_at(n);
            } else if self.runs[n].1 <= self.runs[n + 1].1 {
                self.merge_at(n);
            } else {
                break;
            }
        }
    }

    fn merge_force_collapse(&mut self) {
        while self.runs.len() > 1 {
            let mut n = self.runs.len() - 2;
            if n > 0 && self.runs[n - 1].1 < self.runs[n + 1].1 {
                n -= 1;
            }
            self.merge_at(n);
        }
    }

    fn merge_at(&mut self, i: usize) {
        let (mut base_a, mut length_a) = self.runs[i];
        let (base_b, mut length_b) = self.runs[i + 1];
        self.runs[i].1 = length_a + length_b;
        self.runs.remove(i + 1);
        let key_right = self.work[base_b];
        let k = gallop_right(self.less, self.work, key_right, base_a, length_a, 0);
        base_a += k;
        length_a -= k;
        if length_a == 0 {
            return;
        }
        let key_left = self.work[base_a + length_a - 1];
        length_b = gallop_left(
            self.less,
            self.work,
            key_left,
            base_b,
            length_b,
            length_b - 1,
        );
        if length_b == 0 {
            return;
        }
        if length_a <= length_b {
            self.merge_low(base_a, length_a, base_b, length_b);
        } else {
            self.merge_high(base_a, length_a, base_b, length_b);
        }
    }

    fn merge_low(
        &mut self,
        base_a: usize,
        mut length_a: usize,
        base_b: usize,
        mut length_b: usize,
    ) {
        let temp: Vec<usize> = self.work[base_a..base_a + length_a].to_vec();
        let less = self.less;
        let work = &mut *self.work;
        let (mut dest, mut cursor_temp, mut cursor_b) = (base_a, 0, base_b);
        work[dest] = work[cursor_b];
        dest += 1;
        cursor_b += 1;
        // How the merge ends: `true` when the rest of A is copied (V8's
        // `Succeed`), `false` when B is copied and A's last element follows
        // (`CopyB`).
        let succeed = 'merge: {
            length_b -= 1;
            if length_b == 0 {
                break 'merge true;
            }
            if length_a == 1 {
                break 'merge false;
            }
            let mut min_gallop = self.min_gallop;
            loop {
                let (mut wins_a, mut wins_b) = (0, 0);
                loop {
                    if less(work[cursor_b], temp[cursor_temp]) {
                        work[dest] = work[cursor_b];
                        dest += 1;
                        cursor_b += 1;
                        wins_b += 1;
                        length_b -= 1;
                        wins_a = 0;
                        if length_b == 0 {
                            break 'merge true;
                        }
                        if wins_b >= min_gallop {
                            break;
                        }
                    } else {
                        work[dest] = temp[cursor_temp];
                        dest += 1;
                        cursor_temp += 1;
                        wins_a += 1;
                        length_a -= 1;
                        wins_b = 0;
                        if length_a == 1 {
                            break 'merge false;
                        }
                        if wins_a >= min_gallop {
                            break;
                        }
                    }
                }
                min_gallop += 1;
                let mut first = true;
                while wins_a >= MIN_GALLOP || wins_b >= MIN_GALLOP || first {
                    first = false;
                    min_gallop = min_gallop.saturating_sub(1).max(1);
                    self.min_gallop = min_gallop;
                    wins_a = gallop_right(less, &temp, work[cursor_b], cursor_temp, length_a, 0);
                    if wins_a > 0 {
                        work[dest..dest + wins_a]
                            .copy_from_slice(&temp[cursor_temp..cursor_temp + wins_a]);
                        dest += wins_a;
                        cursor_temp += wins_a;
                        length_a -= wins_a;
                        if length_a == 1 {
                            break 'merge false;
                        }
                        // Impossible with a consistent comparator; this one
                        // need not be.
                        if length_a == 0 {
                            break 'merge true;
                        }
                    }
                    work[dest] = work[cursor_b];
                    dest += 1;
                    cursor_b += 1;
                    length_b -= 1;
                    if length_b == 0 {
                        break 'merge true;
                    }
                    wins_b = gallop_left(less, work, temp[cursor_temp], cursor_b, length_b, 0);
                    if wins_b > 0 {
                        work.copy_within(cursor_b..cursor_b + wins_b, dest);
                        dest += wins_b;
                        cursor_b += wins_b;
                        length_b -= wins_b;
                        if length_b == 0 {
                            break 'merge true;
                        }
                    }
                    work[dest] = temp[cursor_temp];
                    dest += 1;
                    cursor_temp += 1;
                    length_a -= 1;
                    if length_a == 1 {
                        break 'merge false;
                    }
                }
                min_gallop += 1;
                self.min_gallop = min_gallop;
            }
        };
        if succeed {
            if length_a > 0 {
                work[dest..dest + length_a]
                    .copy_from_slice(&temp[cursor_temp..cursor_temp + length_a]);
            }
        } else {
            work.copy_within(cursor_b..cursor_b + length_b, dest);
            work[dest + length_b] = temp[cursor_temp];
        }
    }

    /// [`merge_low`](Self::merge_low) from the other end. The two stay
    /// separate mirror images, as in V8, so each reads against V8's line by
    /// line; a shared, direction-generic merge would hide an off-by-one.
    fn merge_high(
        &mut self,
        base_a: usize,
        mut length_a: usize,
        base_b: usize,
        mut length_b: usize,
    ) {
        let temp: Vec<usize> = self.work[base_b..base_b + length_b].to_vec();
        let less = self.less;
        let work = &mut *self.work;
        // Merged backwards; cursors may step below zero at the very end, as
        // V8's do: they are signed here.
        let mut dest = (base_b + length_b - 1) as isize;
        let mut cursor_temp = length_b as isize - 1;
        let mut cursor_a = (base_a + length_a - 1) as isize;
        let at = |i: isize| i as usize;
        work[at(dest)] = work[at(cursor_a)];
        dest -= 1;
        cursor_a -= 1;
        // `true`: V8's `Succeed` (the rest of B is copied); `false`: `CopyA`.
        let succeed = 'merge: {
            length_a -= 1;
            if length_a == 0 {
                break 'merge true;
            }
            if length_b == 1 {
                break 'merge false;
            }
            let mut min_gallop = self.min_gallop;
            loop {
                let (mut wins_a, mut wins_b) = (0, 0);
                loop {
                    if less(temp[at(cursor_temp)], work[at(cursor_a)]) {
                        work[at(dest)] = work[at(cursor_a)];
                        dest -= 1;
                        cursor_a -= 1;
                        wins_a += 1;
                        length_a -= 1;
                        wins_b = 0;
                        if length_a == 0 {
                            break 'merge true;
                        }
                        if wins_a >= min_gallop {
                            break;
                        }
                    } else {
                        work[at(dest)] = temp[at(cursor_temp)];
                        dest -= 1;
                        cursor_temp -= 1;
                        wins_b += 1;
                        length_b -= 1;
                        wins_a = 0;
                        if length_b == 1 {
                            break 'merge false;
                        }
                        if wins_b >= min_gallop {
                            break;
                        }
                    }
                }
                min_gallop += 1;
                let mut first = true;
                while wins_a >= MIN_GALLOP || wins_b >= MIN_GALLOP || first {
                    first = false;
                    min_gallop = min_gallop.saturating_sub(1).max(1);
                    self.min_gallop = min_gallop;
                    let k = gallop_right(
                        less,
                        work,
                        temp[at(cursor_temp)],
                        base_a,
                        length_a,
                        length_a - 1,
                    );
                    wins_a = length_a - k;
                    if wins_a > 0 {
                        dest -= wins_a as isize;
                        cursor_a -= wins_a as isize;
                        work.copy_within(at(cursor_a + 1)..at(cursor_a + 1) + wins_a, at(dest + 1));
                        length_a -= wins_a;
                        if length_a == 0 {
                            break 'merge true;
                        }
                    }
                    work[at(dest)] = temp[at(cursor_temp)];
                    dest -= 1;
                    cursor_temp -= 1;
                    length_b -= 1;
                    if length_b == 1 {
                        break 'merge false;
                    }
                    let k = gallop_left(less, &temp, work[at(cursor_a)], 0, length_b, length_b - 1);
                    wins_b = length_b - k;
                    if wins_b > 0 {
                        dest -= wins_b as isize;
                        cursor_temp -= wins_b as isize;
                        work[at(dest + 1)..at(dest + 1) + wins_b].copy_from_slice(
                            &temp[at(cursor_temp + 1)..at(cursor_temp + 1) + wins_b],
                        );
                        length_b -= wins_b;
                        if length_b == 1 {
                            break 'merge false;
                        }
                        // Impossible with a consistent comparator.
                        if length_b == 0 {
                            break 'merge true;
                        }
                    }
                    work[at(dest)] = work[at(cursor_a)];
                    dest -= 1;
                    cursor_a -= 1;
                    length_a -= 1;
                    if length_a == 0 {
                        break 'merge true;
                    }
                }
                min_gallop += 1;
                self.min_gallop = min_gallop;
            }
        };
        if succeed {
            if length_b > 0 {
                let to = at(dest - (length_b as isize - 1));
                work[to..to + length_b].copy_from_slice(&temp[..length_b]);
            }
        } else {
            dest -= length_a as isize;
            cursor_a -= length_a as isize;
            work.copy_within(at(cursor_a + 1)..at(cursor_a + 1) + length_a, at(dest + 1));
            work[at(dest)] = temp[at(cursor_temp)];
        }
    }
}

/// V8's `ComputeMinRunLength`.
fn min_run_length(mut n: usize) -> usize {
    let mut r = 0;
    while n >= 64 {
        r |= n & 1;
        n >>= 1;
    }
    n + r
}

/// Where `key` goes in the sorted `array[base..base + length]`, left of any
/// equal elements; the search starts at `hint` and gallops.
fn gallop_left(
    less: &dyn Fn(usize, usize) -> bool,
    array: &[usize],
    key: usize,
    base: usize,
    length: usize,
    hint: usize,
) -> usize {
    let (mut last, mut offset) = (0usize, 1usize);
    if less(array[base + hint], key) {
        let max = length - hint;
        while offset < max {
            if !less(array[base + hint + offset], key) {
                break;
            }
            last = offset;
            offset = (offset << 1) + 1;
        }
        offset = offset.min(max);
        last += hint;
        offset += hint;
    } else {
        let max = hint + 1;
        while offset < max {
            if less(array[base + hint - offset], key) {
                break;
            }
            last = offset;
            offset = (offset << 1) + 1;
        }
        offset = offset.min(max);
        (last, offset) = (hint.wrapping_sub(offset), hint - last);
    }
    // Now array[last] < key <= array[offset] (last may be -1).
    last = last.wrapping_add(1);
    while last < offset {
        let m = last + ((offset - last) >> 1);
        if less(array[base + m], key) {
            last = m + 1;
        } else {
            offset = m;
        }
    }
    offset
}

/// Where `key` goes in the sorted `array[base..base + length]`, right of any
/// equal elements; the search starts at `hint` and gallops.
fn gallop_right(
    less: &dyn Fn(usize, usize) -> bool,
    array: &[usize],
    key: usize,
    base: usize,
    length: usize,
    hint: usize,
) -> usize {
    let (mut last, mut offset) = (0usize, 1usize);
    if less(key, array[base + hint]) {
        let max = hint + 1;
        while offset < max {
            if !less(key, array[base + hint - offset]) {
                break;
            }
            last = offset;
            offset = (offset << 1) + 1;
        }
        offset = offset.min(max);
        (last, offset) = (hint.wrapping_sub(offset), hint - last);
    } else {
        let max = length - hint;
        while offset < max {
            if less(key, array[base + hint + offset]) {
                break;
            }
            last = offset;
            offset = (offset << 1) + 1;
        }
        offset = offset.min(max);
        last += hint;
        offset += hint;
    }
    last = last.wrapping_add(1);
    while last < offset {
        let m = last + ((offset - last) >> 1);
        if less(key, array[base + m]) {
            offset = m;
        } else {
            last = m + 1;
        }
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(seen: &[&str], declared: &[&str]) -> Vec<String> {
        let seen: Vec<String> = seen.iter().map(|s| s.to_string()).collect();
        n8n_resource_order(&seen, declared)
    }

    #[test]
    fn declared_tags_follow_declaration_order() {
        assert_eq!(order(&["b", "c", "a"], &["a", "b", "c"]), ["a", "b", "c"]);
    }

    #[test]
    fn undeclared_tags_keep_first_use_order() {
        assert_eq!(order(&["z", "y", "x"], &[]), ["z", "y", "x"]);
    }

    #[test]
    fn mixed_tags_reproduce_v8_with_nan_comparisons() {
        // Checked in node (see the package's mapping notes): index A=1, B=0, C=2.
        assert_eq!(
            order(&["A", "B", "X", "C"], &["B", "A", "C"]),
            ["B", "A", "X", "C"]
        );
        assert_eq!(
            order(&["C", "A", "X", "B"], &["B", "A", "C"]),
            ["B", "A", "C", "X"]
        );
    }

    #[test]
    fn undeclared_default_goes_last() {
        assert_eq!(order(&["default", "a"], &["a"]), ["a", "default"]);
        assert_eq!(
            order(&["default", "a"], &["default", "a"]),
            ["default", "a"]
        );
    }
}
