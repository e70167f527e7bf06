//! What Rust item a schema becomes, decided once for the type space and the
//! recursion check alike, so both see the same layout.

use std::collections::BTreeSet;

use indexmap::IndexMap;

// The walks over `Named` chains stop at `MAX_REF_CHAIN`: the loader refuses
// reference-only cycles, so it is only a fuse against a model built by hand.
use crate::model::{AdditionalProperties, MAX_REF_CHAIN, Model, Schema, SchemaKind, SchemaRef};

/// The Rust form of a schema.
#[derive(Debug)]
pub(super) enum Shape<'s> {
    /// A string enum: its values in order.
    StringEnum(&'s [String]),
    /// A struct: an object with properties, or a merged `allOf`.
    Struct(Layout),
    /// An untagged enum of two or more branches (`oneOf`/`anyOf`).
    Untagged(&'s [SchemaRef]),
    /// The type of another schema: a one-branch composition, or an `allOf`
    /// whose other parts only annotate (what a `$ref` with a sibling
    /// `description` becomes after normalisation).
    Same(&'s SchemaRef),
    /// A type that needs no definition: scalars, arrays, maps, free-form.
    Plain,
}

/// The fields of a struct.
#[derive(Debug, Default)]
pub(super) struct Layout {
    /// Property name → (schema, required), in document order; `allOf`
    /// parts merged in order (a later part's schema wins, a property is
    /// required if any part requires it).
    pub properties: IndexMap<String, (SchemaRef, bool)>,
    /// The value type of `additionalProperties` beside the properties (`Any`
    /// for `true`/`{}`); `None` when unspecified or forbidden.
    pub additional: Option<SchemaRef>,
}

/// Decides the shape of `schema`. A schema that is only another which
/// leads back to it (`G: allOf [H]`, `H: allOf [G]`: a cycle of aliases, which
/// Rust refuses) constrains nothing: it is `Plain` (any JSON value), like
/// every schema of the cycle.
pub(super) fn shape<'s>(model: &Model, schema: &'s Schema) -> Shape<'s> {
    match shape_alone(model, schema) {
        Shape::Same(part) if same_leads_back(model, schema, part) => Shape::Plain,
        shape => shape,
    }
}

/// Whether following `Same` from `part` comes back to `schema`.
fn same_leads_back(model: &Model, schema: &Schema, part: &SchemaRef) -> bool {
    let mut current = part;
    for _ in 0..MAX_REF_CHAIN {
        let Some(next) = model.resolve(current) else {
            return false;
        };
        if std::ptr::eq(next, schema) {
            return true;
        }
        match shape_alone(model, next) {
            Shape::Same(part) => current = part,
            _ => return false,
        }
    }
    false
}

fn shape_alone<'s>(model: &Model, schema: &'s Schema) -> Shape<'s> {
    match &schema.kind {
        SchemaKind::String { enumeration, .. } if !enumeration.is_empty() => {
            Shape::StringEnum(enumeration)
        }
        SchemaKind::Object { properties, .. } if !properties.is_empty() => {
            Shape::Struct(layout(model, schema))
        }
        SchemaKind::OneOf(branches) | SchemaKind::AnyOf(branches) => match branches.as_slice() {
            [] => Shape::Plain,
            [single] => Shape::Same(single),
            _ => Shape::Untagged(branches),
        },
        SchemaKind::AllOf(parts) => {
            let constraining: Vec<&SchemaRef> =
                parts.iter().filter(|p| !is_annotation(p)).collect();
            match constraining.as_slice() {
                [] => Shape::Plain,
                [single] => Shape::Same(single),
                [first, ..] => {
                    let layout = layout(model, schema);
                    if layout.properties.is_empty() && layout.additional.is_none() {
                        // No part is an object: the parts agree on a scalar
                        // type (the model keeps no other constraint).
                        Shape::Same(first)
                    } else {
                        Shape::Struct(layout)
                    }
                }
            }
        }
        _ => Shape::Plain,
    }
}

/// An inline `allOf` part that adds nothing to the other parts' type: only
/// `title`, `description`, `example`, `nullable` and the like, possibly with
/// `type: object` and no properties (what the loader's repair makes of an
/// `{example: {...}}` part, as whatsapi-baileys writes them).
pub(super) fn is_annotation(part: &SchemaRef) -> bool {
    let SchemaRef::Inline(schema) = part else {
        return false;
    };
    match &schema.kind {
        SchemaKind::Any => true,
        SchemaKind::Object {
            properties,
            additional_properties,
        } => {
            properties.is_empty()
                && matches!(
                    additional_properties,
                    AdditionalProperties::Unspecified | AdditionalProperties::Any
                )
        }
        _ => false,
    }
}

/// Whether `schema` allows `null`, following one-part compositions (an
/// `allOf: [$ref]` with `nullable` beside it, or a nullable annotation part).
pub(super) fn nullable(model: &Model, schema: &SchemaRef) -> bool {
    nullable_at(model, schema, 0)
}

fn nullable_at(model: &Model, schema: &SchemaRef, depth: usize) -> bool {
    let Some(resolved) = model.resolve(schema) else {
        return false;
    };
    if resolved.nullable {
        return true;
    }
    if depth > MAX_REF_CHAIN {
        return false;
    }
    match &resolved.kind {
        SchemaKind::AllOf(parts) => {
            let annotated = parts.iter().any(|part| {
                is_annotation(part) && matches!(part, SchemaRef::Inline(inline) if inline.nullable)
            });
            annotated
                || matches!(shape(model, resolved), Shape::Same(part) if nullable_at(model, part, depth + 1))
        }
        SchemaKind::OneOf(_) | SchemaKind::AnyOf(_) => {
            matches!(shape(model, resolved), Shape::Same(part) if nullable_at(model, part, depth + 1))
        }
        _ => false,
    }
}

/// The merged fields of an object or an `allOf`, following `Named` parts.
fn layout(model: &Model, schema: &Schema) -> Layout {
    let mut layout = Layout::default();
    collect(model, schema, &mut layout, &mut BTreeSet::new(), 0);
    layout
}

fn collect(
    model: &Model,
    schema: &Schema,
    out: &mut Layout,
    visiting: &mut BTreeSet<String>,
    depth: usize,
) {
    if depth > MAX_REF_CHAIN {
        return;
    }
    match &schema.kind {
        SchemaKind::Object {
            properties,
            additional_properties,
        } => {
            for (name, property) in properties {
                let required = property.required || out.properties.get(name).is_some_and(|p| p.1);
                out.properties
                    .insert(name.clone(), (property.schema.clone(), required));
            }
            if out.additional.is_none() {
                out.additional = match additional_properties {
                    AdditionalProperties::Schema(value) => Some((**value).clone()),
                    AdditionalProperties::Any => Some(SchemaRef::any()),
                    AdditionalProperties::Unspecified | AdditionalProperties::Forbidden => None,
                };
            }
        }
        SchemaKind::AllOf(parts) => {
            for part in parts {
                match part {
                    SchemaRef::Named(name) => {
                        if visiting.insert(name.clone()) {
                            if let Some(target) = model.schemas.get(name) {
                                collect(model, target, out, visiting, depth + 1);
                            }
                            visiting.remove(name);
                        }
                    }
                    SchemaRef::Inline(inline) => collect(model, inline, out, visiting, depth + 1),
                }
            }
        }
        _ => {}
    }
}
