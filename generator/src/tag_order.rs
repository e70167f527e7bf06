//! The order in which `@devlikeapro/n8n-openapi-node` lists resources, so that
//! the model's resources line up with the n8n node users already know.
//!
//! The package sorts the tags (in order of first use) with JavaScript's
//! `Array.prototype.sort` and the comparator `index(a) - index(b)`, where
//! `index` is the position in the top-level `tags` array. For an undeclared tag
//! that is `NaN`, which the sort treats as "equal": an inconsistent order whose
//! result is whatever V8's TimSort does with it. For fewer than 64 elements V8
//! finds the first natural run and binary-inserts the rest; that is ported
//! here exactly. Longer lists are sorted stably, which equals V8 whenever every
//! tag is declared (a consistent comparator).

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
    if !declared.contains(&crate::build::DEFAULT_TAG) {
        if let Some(at) = tags.iter().position(|t| t == crate::build::DEFAULT_TAG) {
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

/// `Array.prototype.sort` as V8 runs it: for fewer than 64 elements, count
/// the natural run at the start (reversing it if strictly descending), then
/// binary-insert every remaining element; longer arrays are sorted stably,
/// which matches V8 whenever the comparator is consistent.
pub fn v8_sort<T>(items: &mut [T], compare: impl Fn(&T, &T) -> Ordering) {
    if items.len() < 64 {
        v8_short_sort(items, compare);
    } else {
        items.sort_by(compare);
    }
}

fn v8_short_sort<T>(items: &mut [T], compare: impl Fn(&T, &T) -> Ordering) {
    let n = items.len();
    if n < 2 {
        return;
    }
    let mut run = 2;
    let descending = compare(&items[1], &items[0]) == Ordering::Less;
    while run < n {
        let order = compare(&items[run], &items[run - 1]);
        let continues = if descending {
            order == Ordering::Less
        } else {
            order != Ordering::Less
        };
        if !continues {
            break;
        }
        run += 1;
    }
    if descending {
        items[..run].reverse();
    }
    for start in run..n {
        let (mut left, mut right) = (0, start);
        while left < right {
            let mid = left + ((right - left) >> 1);
            if compare(&items[start], &items[mid]) == Ordering::Less {
                right = mid;
            } else {
                left = mid + 1;
            }
        }
        items[left..=start].rotate_right(1);
    }
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
