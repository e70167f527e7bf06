//! `tag_order::v8_sort` against node's own `Array.prototype.sort`, with the
//! n8n package's comparator (`index(a) - index(b)`, `NaN` for an undeclared
//! tag): seeded random arrays of every length up to 1,200, few to most keys
//! missing, random and nearly sorted (so merges gallop). The comparator is
//! inconsistent, so only V8's exact algorithm gives node's order.

use std::cmp::Ordering;

use generator::tag_order::v8_sort;

/// Arrays of keys (`None`: undeclared), from a fixed seed.
fn cases() -> Vec<Vec<Option<u32>>> {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut cases = Vec::new();
    let lengths = [
        0usize, 1, 2, 3, 31, 63, 64, 65, 96, 127, 128, 129, 200, 257, 500, 1200,
    ];
    for (round, &length) in lengths.iter().cycle().take(lengths.len() * 6).enumerate() {
        let missing = [0, 3, 30, 90][round % 4];
        let nearly_sorted = round % 3 == 0;
        let keys = (0..length)
            .map(|at| {
                if (next() % 100) < missing {
                    None
                } else if nearly_sorted {
                    Some(at as u32 + (next() % 4) as u32)
                } else {
                    Some((next() % (length as u64 / 2 + 1)) as u32)
                }
            })
            .collect();
        cases.push(keys);
    }
    cases
}

#[test]
fn v8_sort_orders_as_node_does_with_an_inconsistent_comparator() {
    let cases = cases();
    let input = serde_json::to_string(&cases).unwrap();
    let script = r#"
const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
const out = cases.map(keys => {
  const k = keys.map(x => (x === null ? undefined : x));
  return k.map((_, i) => i).sort((a, b) => k[a] - k[b]);
});
process.stdout.write(JSON.stringify(out));
"#;
    let stdout = e2e_tests::node_output(
        &["-e".as_ref(), script.as_ref()],
        &e2e_tests::repo_root(),
        input.as_bytes(),
    );
    let expected: Vec<Vec<usize>> = serde_json::from_slice(&stdout).unwrap();
    for (keys, node) in cases.iter().zip(&expected) {
        let mut ours: Vec<usize> = (0..keys.len()).collect();
        v8_sort(&mut ours, |&a, &b| match (keys[a], keys[b]) {
            (Some(x), Some(y)) => x.cmp(&y),
            _ => Ordering::Equal,
        });
        assert_eq!(&ours, node, "keys {keys:?}");
    }
}
