//! Which references must be boxed so recursive schemas have a finite size.
//!
//! A named type holds another "by value" when the other is a field (through
//! `Option` or not), a variant, or the target of an alias, directly or inside
//! an inline type defined there; `Vec` and maps hold their items on the heap
//! and break the chain. A by-value reference from `a` to `b` is boxed when
//! `b` leads back to `a` by value: every edge of such a cycle is boxed, which
//! is more than the minimum but does not depend on the order of the walk.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use super::shape::{Shape, shape};
use crate::model::{Model, Schema, SchemaRef};

/// Pairs `(a, b)`: inside the type of named schema `a`, a use of named schema
/// `b` must be boxed.
pub(super) fn boxed_edges(model: &Model) -> HashSet<(String, String)> {
    let by_value: BTreeMap<&str, BTreeSet<String>> = model
        .schemas
        .iter()
        .map(|(name, schema)| {
            let mut targets = BTreeSet::new();
            held_by_value(model, schema, &mut targets, 0);
            (name.as_str(), targets)
        })
        .collect();
    let mut edges = HashSet::new();
    for (from, targets) in &by_value {
        for to in targets {
            if reaches(&by_value, to, from) {
                edges.insert(((*from).to_owned(), to.clone()));
            }
        }
    }
    edges
}

/// Whether `to` can be reached from `from` by value (zero steps count).
fn reaches(by_value: &BTreeMap<&str, BTreeSet<String>>, from: &str, to: &str) -> bool {
    let mut stack = vec![from];
    let mut seen = HashSet::new();
    while let Some(current) = stack.pop() {
        if current == to {
            return true;
        }
        if seen.insert(current) {
            if let Some(next) = by_value.get(current) {
                stack.extend(next.iter().map(String::as_str));
            }
        }
    }
    false
}

/// Named schemas the type of `schema` holds by value.
fn held_by_value(model: &Model, schema: &Schema, out: &mut BTreeSet<String>, depth: usize) {
    // Inline schemas nest as deep as the document does; this bounds a
    // pathological one without affecting real documents.
    if depth > crate::model::MAX_REF_CHAIN {
        return;
    }
    let visit = |part: &SchemaRef, out: &mut BTreeSet<String>| match part {
        SchemaRef::Named(name) => {
            out.insert(name.clone());
        }
        SchemaRef::Inline(inline) => held_by_value(model, inline, out, depth + 1),
    };
    match shape(model, schema) {
        Shape::Struct(layout) => {
            for (property, _) in layout.properties.values() {
                visit(property, out);
            }
        }
        Shape::Untagged(branches) => {
            for branch in branches {
                visit(branch, out);
            }
        }
        Shape::Same(part) => visit(part, out),
        Shape::StringEnum(_) | Shape::Plain => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::types::tests::{model_of, object, reference};

    #[test]
    fn self_reference_and_mutual_recursion_are_boxed_lists_are_not() {
        let model = model_of(vec![
            ("Node", object(&[("next", reference("Node"), false)])),
            ("A", object(&[("b", reference("B"), true)])),
            ("B", object(&[("a", reference("A"), false)])),
            (
                "Tree",
                object(&[(
                    "children",
                    SchemaRef::Inline(Box::new(Schema {
                        kind: crate::model::SchemaKind::Array {
                            items: Box::new(reference("Tree")),
                        },
                        ..Schema::default()
                    })),
                    true,
                )]),
            ),
            ("Leaf", object(&[("node", reference("Node"), true)])),
        ]);
        let edges = boxed_edges(&model);
        let mut edges: Vec<(String, String)> = edges.into_iter().collect();
        edges.sort();
        let pairs: Vec<(&str, &str)> = edges
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        assert_eq!(pairs, [("A", "B"), ("B", "A"), ("Node", "Node")]);
    }

    #[test]
    fn a_field_merged_from_an_all_of_part_counts_for_the_merged_struct() {
        // `Child` = allOf [Base, {..}], and Base has a `parent: Child` field:
        // the merged `Child` struct holds a `Child` by value.
        let model = model_of(vec![
            ("Base", object(&[("parent", reference("Child"), false)])),
            (
                "Child",
                Schema {
                    kind: crate::model::SchemaKind::AllOf(vec![
                        reference("Base"),
                        SchemaRef::Inline(Box::new(object(&[(
                            "name",
                            crate::emit::types::tests::string(),
                            true,
                        )]))),
                    ]),
                    ..Schema::default()
                },
            ),
        ]);
        let edges = boxed_edges(&model);
        assert!(edges.contains(&("Child".to_owned(), "Child".to_owned())));
        // Base holds Child, which holds Base's fields but not a Base.
        assert!(!edges.contains(&("Base".to_owned(), "Child".to_owned())));
    }
}
