//! `Deserialize` for the enums of `oneOf`/`anyOf`, written out instead of
//! `#[serde(untagged)]`.
//!
//! Serde's untagged enums take the first variant that reads, so a union whose
//! first variant accepts more than it should (a tag property typed as a
//! string enum with an `Other` catch-all, a struct whose fields are all
//! optional) always decodes as that variant. Here the value is read once into
//! a `serde_json::Value` and the variant is chosen by what the value is:
//!
//! 1. a `discriminator`: the tag property's value names the variant (through
//!    `mapping`, or the schema's name); a value the document does not map
//!    falls through to the next rule;
//! 2. otherwise each variant scores the value: an object variant refuses a
//!    value that lacks one of its required keys or carries another value in a
//!    property with a single allowed value (`const`, a one-value `enum`), and
//!    prefers values whose tags, then keys, it knows; scalars and arrays take
//!    values of their JSON type;
//! 3. the variants that do not refuse are tried from the best score to the
//!    worst (document order on ties); the first that reads wins.
//!
//! Even with a `discriminator`, `#[serde(tag = "...")]` would not read the
//! same: serde takes the tag key out of the object before the variant reads
//! it, so a variant struct that declares the tag property (as OpenAPI
//! documents do) misses a required field, and a tag value the mapping does
//! not name is refused instead of falling through to rule 2.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use super::StdPaths;
use super::shape::{Shape, nullable, shape};
use crate::emit::ident;
use crate::model::{Model, Schema, SchemaKind, SchemaRef};

/// Which `Kind` and `Tag` variants the unions of a module use, so the
/// `union_keys` module defines only those (no dead code).
#[derive(Debug, Default, Clone)]
pub(super) struct UnionsUsed {
    kinds: BTreeSet<&'static str>,
    tags: BTreeSet<&'static str>,
}

impl UnionsUsed {
    pub fn any(&self) -> bool {
        !self.kinds.is_empty()
    }

    fn kind(&mut self, name: &'static str) -> TokenStream {
        self.kinds.insert(name);
        let name = ident(name);
        quote!(union_keys::Kind::#name)
    }
}

/// How a variant's schema looks to the scoring, as tokens of
/// `union_keys::Kind`.
fn kind_tokens(
    model: &Model,
    branch: &SchemaRef,
    depth: usize,
    used: &mut UnionsUsed,
) -> TokenStream {
    let Some(schema) = model.resolve(branch) else {
        return used.kind("Any");
    };
    if depth > 16 {
        return used.kind("Any");
    }
    match shape(model, schema) {
        Shape::Struct(layout) => {
            let required = layout
                .properties
                .iter()
                .filter(|(_, (_, required))| *required)
                .map(|(wire, _)| wire.as_str());
            let known = layout.properties.keys().map(String::as_str);
            let tags: Vec<TokenStream> = layout
                .properties
                .iter()
                .filter_map(|(wire, (property, _))| {
                    let tag = single_value(model, property, used)?;
                    Some(quote!((#wire, #tag)))
                })
                .collect();
            if tags.is_empty() {
                let object = used.kind("Object");
                quote! {
                    #object {
                        required: &[#(#required),*],
                        known: &[#(#known),*],
                    }
                }
            } else {
                let tagged = used.kind("Tagged");
                quote! {
                    #tagged {
                        required: &[#(#required),*],
                        known: &[#(#known),*],
                        tags: &[#(#tags),*],
                    }
                }
            }
        }
        Shape::StringEnum(values) => {
            let values = values.iter();
            let kind = used.kind("StringEnum");
            quote!(#kind(&[#(#values),*]))
        }
        Shape::Same(part) => kind_tokens(model, part, depth + 1, used),
        Shape::Untagged(_) => used.kind("Any"),
        Shape::Plain => used.kind(match &schema.kind {
            SchemaKind::String { .. } => "String",
            SchemaKind::Integer { .. } => "Integer",
            SchemaKind::Number { .. } => "Number",
            SchemaKind::Boolean => "Boolean",
            SchemaKind::Array { .. } => "Array",
            SchemaKind::Object { .. } => "Map",
            _ => "Any",
        }),
    }
}

/// The one value a property allows (`const`, or an `enum` of one value), as
/// tokens of `union_keys::Tag`.
fn single_value(model: &Model, property: &SchemaRef, used: &mut UnionsUsed) -> Option<TokenStream> {
    let schema: &Schema = model.resolve(property)?;
    let (tag, value) = match &schema.kind {
        SchemaKind::String { enumeration, .. } if enumeration.len() == 1 => {
            let value = &enumeration[0];
            ("Str", quote!(#value))
        }
        SchemaKind::Integer { enumeration, .. } if enumeration.len() == 1 => {
            let value = enumeration[0];
            ("Int", quote!(#value))
        }
        SchemaKind::Enum(values) if values.len() == 1 => match &values[0] {
            Value::String(value) => ("Str", quote!(#value)),
            Value::Bool(value) => ("Bool", quote!(#value)),
            Value::Number(n) => {
                let value = n.as_i64()?;
                ("Int", quote!(#value))
            }
            _ => return None,
        },
        _ => return None,
    };
    used.tags.insert(tag);
    let tag = ident(tag);
    Some(quote!(union_keys::Tag::#tag(#value)))
}

/// One variant of the enum: its Rust name and the branch it reads.
pub(super) struct UnionVariant<'a> {
    pub name: String,
    pub branch: &'a SchemaRef,
}

/// `impl Deserialize for #rust` choosing among `variants` as the module doc
/// says; `schema` is the union's own schema (for its `discriminator`).
pub(super) fn deserialize_impl(
    model: &Model,
    rust: &str,
    schema: &Schema,
    variants: &[UnionVariant<'_>],
    std: &StdPaths,
    used: &mut UnionsUsed,
) -> TokenStream {
    let result = &std.result;
    let ty = ident(rust);
    let expecting = format!("a {rust} value");
    let entries: Vec<TokenStream> = variants
        .iter()
        .map(|variant| {
            let kind = kind_tokens(model, variant.branch, 0, used);
            let nullable = nullable(model, variant.branch);
            let name = ident(&variant.name);
            quote! {
                union_keys::Variant {
                    kind: #kind,
                    nullable: #nullable,
                    read: |value| serde_json::from_value(value).map(Self::#name),
                }
            }
        })
        .collect();
    let discriminator = match &schema.discriminator {
        Some(discriminator) => {
            let property = &discriminator.property_name;
            let mut names: Vec<(String, usize)> = Vec::new();
            for (value, reference) in &discriminator.mapping {
                let target = reference
                    .strip_prefix("#/components/schemas/")
                    .map(crate::pointer::unescape)
                    .unwrap_or_else(|| reference.clone());
                if let Some(index) = position_of(variants, &target) {
                    names.push((value.clone(), index));
                }
            }
            // Without a mapping entry, a schema's name is its tag value.
            for (index, variant) in variants.iter().enumerate() {
                if let SchemaRef::Named(name) = variant.branch {
                    if !names.iter().any(|(value, _)| value == name) {
                        names.push((name.clone(), index));
                    }
                }
            }
            let values = names.iter().map(|(value, index)| quote!((#value, #index)));
            quote!(Some((#property, &[#(#values),*])))
        }
        None => quote!(None),
    };
    quote! {
        impl<'de> serde::Deserialize<'de> for #ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                let variants: &[union_keys::Variant<Self>] = &[#(#entries),*];
                union_keys::pick(value, variants, #discriminator, #expecting)
            }
        }
    }
}

/// The index of the variant reading the named schema.
fn position_of(variants: &[UnionVariant<'_>], name: &str) -> Option<usize> {
    variants
        .iter()
        .position(|v| matches!(v.branch, SchemaRef::Named(n) if n == name))
}

/// The `union_keys` module the unions' `Deserialize` impls share, with the
/// `Kind` and `Tag` variants they use.
pub(super) fn union_keys_module(used: &UnionsUsed, std: &StdPaths) -> TokenStream {
    let result = &std.result;
    let option = &std.option;
    let string = &std.string;
    let has = |kind: &str| used.kinds.contains(kind);
    let tag = |name: &str| used.tags.contains(name);
    let tags = (!used.tags.is_empty()).then(|| {
        let str_variant = tag("Str").then(|| quote!(Str(&'static str),));
        let int_variant = tag("Int").then(|| quote!(Int(i64),));
        let bool_variant = tag("Bool").then(|| quote!(Bool(bool),));
        let str_arm = tag("Str").then(|| quote!(Tag::Str(tag) => value.as_str() == Some(*tag),));
        let int_arm = tag("Int").then(|| quote!(Tag::Int(tag) => value.as_i64() == Some(*tag),));
        let bool_arm =
            tag("Bool").then(|| quote!(Tag::Bool(tag) => value.as_bool() == Some(*tag),));
        quote! {
            /// A value a property must have.
            pub(super) enum Tag {
                #str_variant
                #int_variant
                #bool_variant
            }

            impl Tag {
                fn matches(&self, value: &Value) -> bool {
                    match self {
                        #str_arm
                        #int_arm
                        #bool_arm
                    }
                }
            }
        }
    });
    let mut variants = Vec::new();
    let mut arms = Vec::new();
    let objects = has("Object") || has("Tagged");
    if has("Object") {
        variants.push(quote! {
            /// An object with these keys.
            Object {
                required: &'static [&'static str],
                known: &'static [&'static str],
            },
        });
        arms.push(quote! {
            Kind::Object { required, known } => object_score(value, required, known, 0),
        });
    }
    if has("Tagged") {
        variants.push(quote! {
            /// An object with these keys, whose `tags` properties (when
            /// present) hold these values.
            Tagged {
                required: &'static [&'static str],
                known: &'static [&'static str],
                tags: &'static [(&'static str, Tag)],
            },
        });
        arms.push(quote! {
            Kind::Tagged { required, known, tags } => {
                let mut matched = 0;
                for (key, tag) in tags.iter() {
                    if let Some(found) = value.get(*key) {
                        if !tag.matches(found) {
                            return None;
                        }
                        matched += 1;
                    }
                }
                object_score(value, required, known, matched)
            }
        });
    }
    let object_score = objects.then(|| {
        quote! {
            /// An object's fit: refused without a required key, else better
            /// with each tag matched, then each key known, worse with each
            /// key unknown.
            fn object_score(value: &Value, required: &[&str], known: &[&str], matched: i64) -> #option<i64> {
                let object = value.as_object()?;
                if required.iter().any(|key| !object.contains_key(*key)) {
                    return None;
                }
                let present = object.keys().filter(|key| known.contains(&key.as_str())).count() as i64;
                let unknown = object.len() as i64 - present;
                Some(1_000_000 * matched + 1_000 * present - unknown)
            }
        }
    });
    if has("StringEnum") {
        variants.push(quote!(StringEnum(&'static [&'static str]),));
        arms.push(quote! {
            Kind::StringEnum(values) => {
                let text = value.as_str()?;
                Some(if values.contains(&text) { 2 } else { 1 })
            }
        });
    }
    for (name, test) in [
        ("Map", quote!(value.is_object())),
        ("String", quote!(value.is_string())),
        ("Integer", quote!((value.is_i64() || value.is_u64()))),
        ("Number", quote!(value.is_number())),
        ("Boolean", quote!(value.is_boolean())),
        ("Array", quote!(value.is_array())),
    ] {
        if has(name) {
            let variant = ident(name);
            variants.push(quote!(#variant,));
            arms.push(quote!(Kind::#variant => #test.then_some(1),));
        }
    }
    let any_null = if has("Any") {
        variants.push(quote!(Any,));
        arms.push(quote!(Kind::Any => Some(0),));
        quote!((nullable || matches!(kind, Kind::Any)))
    } else {
        quote!(nullable)
    };
    quote! {
        /// What the unions' `Deserialize` impls share: scoring a value
        /// against each variant, and trying the variants best first.
        mod union_keys {
            use serde_json::Value;

            #tags

            /// What a variant accepts.
            pub(super) enum Kind {
                #(#variants)*
            }

            /// One variant of a union.
            pub(super) struct Variant<T> {
                pub(super) kind: Kind,
                pub(super) nullable: bool,
                pub(super) read: fn(Value) -> #result<T, serde_json::Error>,
            }

            #object_score

            /// How well `value` fits: `None` when it cannot be this variant.
            fn score(value: &Value, kind: &Kind, nullable: bool) -> #option<i64> {
                if value.is_null() {
                    return #any_null.then_some(1);
                }
                match kind {
                    #(#arms)*
                }
            }

            /// The variant `value` is: the one its discriminator names, else
            /// the first that reads it among those that fit, best fit first.
            pub(super) fn pick<T, E: serde::de::Error>(
                value: Value,
                variants: &[Variant<T>],
                discriminator: #option<(&str, &[(&str, usize)])>,
                expecting: &str,
            ) -> #result<T, E> {
                if let Some((property, values)) = discriminator {
                    let tag = value.get(property).and_then(Value::as_str);
                    if let Some((_, index)) = values.iter().find(|(name, _)| Some(*name) == tag) {
                        return (variants[*index].read)(value).map_err(E::custom);
                    }
                }
                let mut order: std::vec::Vec<(i64, usize)> = variants
                    .iter()
                    .enumerate()
                    .filter_map(|(index, variant)| Some((score(&value, &variant.kind, variant.nullable)?, index)))
                    .collect();
                order.sort_by_key(|(score, index)| (std::cmp::Reverse(*score), *index));
                let mut last: #option<serde_json::Error> = None;
                for (_, index) in order {
                    match (variants[index].read)(value.clone()) {
                        Ok(read) => return Ok(read),
                        Err(error) => last = Some(error),
                    }
                }
                let reason: #string = match last {
                    Some(error) => error.to_string(),
                    None => "no variant fits its shape".to_owned(),
                };
                Err(E::custom(format_args!("expected {expecting}: {reason}")))
            }
        }
    }
}
