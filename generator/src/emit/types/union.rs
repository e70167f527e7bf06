//! `Deserialize` for the enums of `oneOf`/`anyOf`, written out instead of
//! `#[serde(untagged)]`.
//!
//! Serde's untagged enums take the first variant that reads, so a union whose
//! first variant accepts more than it should (a tag property typed as a
//! string enum with an `Other` catch-all, a struct whose fields are all
//! optional) always decodes as that variant. Here the value is read once into
//! a `serde_json::Value` and the variant is chosen by what the value is (the
//! runtime's `for_generated_code::union::pick` does it; the generated impl
//! only lists the variants and what each accepts):
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

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use super::StdPaths;
use super::shape::{Shape, nullable, shape};
use crate::emit::ident;
use crate::model::{Model, Schema, SchemaKind, SchemaRef};

/// Whether a module's unions read through the runtime's `union` module
/// (imported once at the top of `models`).
#[derive(Debug, Default, Clone)]
pub(super) struct UnionsUsed {
    any: bool,
}

impl UnionsUsed {
    pub fn any(&self) -> bool {
        self.any
    }

    fn kind(&mut self, name: &'static str) -> TokenStream {
        self.any = true;
        let name = ident(name);
        quote!(union::Kind::#name)
    }
}

/// How a variant's schema looks to the scoring, as tokens of the runtime's
/// `union::Kind`.
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
            // Through the runtime's constructors: the kinds can grow.
            if tags.is_empty() {
                let object = used.kind("object");
                quote!(#object(&[#(#required),*], &[#(#known),*]))
            } else {
                let tagged = used.kind("tagged");
                quote!(#tagged(&[#(#required),*], &[#(#known),*], &[#(#tags),*]))
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
/// tokens of the runtime's `union::Tag`.
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
    used.any = true;
    let tag = ident(tag);
    Some(quote!(union::Tag::#tag(#value)))
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
            let nullable = nullable.then(|| quote!(.nullable()));
            quote! {
                union::Variant::new(#kind, |value| serde_json::from_value(value).map(Self::#name))
                    #nullable
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
                let variants: &[union::Variant<Self>] = &[#(#entries),*];
                union::pick(value, variants, #discriminator, #expecting)
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

/// The import the unions' `Deserialize` impls read through: the runtime's
/// `for_generated_code::union` (scoring a value against each variant,
/// trying the variants best first).
pub(super) fn union_import() -> TokenStream {
    let rt = crate::emit::runtime_path();
    quote!(use #rt::for_generated_code::union;)
}
