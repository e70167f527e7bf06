//! Rust types for schemas: the `models` module.
//!
//! Every named schema gets a type named after it (upper camel case); inline
//! schemas that need a type of their own (objects with properties, string
//! enums, compositions) are named from where they are used (`SendMessageBody`,
//! `GroupMetadataParticipantsItem`). Mapping:
//!
//! | schema | Rust |
//! |---|---|
//! | object with properties | `struct` (serde derives; `Option` for optional or nullable fields) |
//! | object with only `additionalProperties: T` | `BTreeMap<String, T>` |
//! | free-form object, anything | `serde_json::Value` |
//! | string enum | `enum` with an `Other(String)` catch-all, so new server values still parse |
//! | `oneOf` / `anyOf` | `#[serde(untagged)]` enum, one variant per branch |
//! | `allOf` | one struct with the merged properties (an `allOf` of a single reference is that type) |
//! | array | `Vec<T>` |
//! | string (any format) / integer / number / boolean | `String` / `i64` (`i32` for int32) / `f64` / `bool` |
//!
//! A field whose type leads back to its own struct without going through a
//! `Vec` or a map is boxed, so recursive schemas have a finite size.

use std::collections::{BTreeSet, HashMap, HashSet};

use indexmap::IndexMap;
use proc_macro2::TokenStream;
use quote::quote;

use super::names::{self, NameAllocator};
use super::{doc_attrs, ident};
use crate::model::{AdditionalProperties, Model, Schema, SchemaKind, SchemaRef};

/// The types of one crate's models, filled as operations ask for them.
pub struct TypeSpace<'m> {
    model: &'m Model,
    type_names: NameAllocator,
    /// Rust type name of each named schema.
    named: HashMap<String, String>,
    /// Named schemas that lead back to themselves through direct fields.
    recursive_edges: HashSet<(String, String)>,
    /// Definitions, in the order they were made.
    items: Vec<TokenStream>,
    /// Named schemas already defined.
    defined: HashSet<String>,
}

impl<'m> TypeSpace<'m> {
    /// A type space for `model`, with every named schema defined up front in
    /// document order.
    pub fn new(model: &'m Model) -> Self {
        let mut type_names = NameAllocator::new();
        let named = model
            .schemas
            .keys()
            .map(|name| {
                let rust = type_names.allocate(&names::upper_camel_case_or(name, "Schema"));
                (name.clone(), rust)
            })
            .collect();
        let mut space = TypeSpace {
            model,
            type_names,
            named,
            recursive_edges: recursive_edges(model),
            items: Vec::new(),
            defined: HashSet::new(),
        };
        for name in model.schemas.keys() {
            space.define_named(name);
        }
        space
    }

    /// The Rust type for a schema used at `context` (a camel-case name for a
    /// type the schema may need).
    pub fn type_of(&mut self, schema: &SchemaRef, context: &str) -> TokenStream {
        let ty = self.type_of_inner(schema, context, None);
        if self.nullable(schema) {
            quote!(Option<#ty>)
        } else {
            ty
        }
    }

    /// The item schema when `schema` is a (non-nullable) array, so callers can
    /// take `&[T]` rather than `&Vec<T>`.
    pub fn array_items(&self, schema: &SchemaRef) -> Option<SchemaRef> {
        let resolved = match schema {
            SchemaRef::Named(name) => self.model.schemas.get(name)?,
            SchemaRef::Inline(schema) => schema,
        };
        match &resolved.kind {
            SchemaKind::Array { items } if !resolved.nullable => Some((**items).clone()),
            _ => None,
        }
    }

    /// The `models` module: every definition made so far.
    pub fn models_tokens(&self) -> TokenStream {
        let items = &self.items;
        quote! {
            //! Types of the API's schemas.

            #![allow(clippy::large_enum_variant, clippy::enum_variant_names)]

            #(#items)*
        }
    }

    fn nullable(&self, schema: &SchemaRef) -> bool {
        match schema {
            SchemaRef::Named(name) => self.model.schemas.get(name).is_some_and(|s| s.nullable),
            SchemaRef::Inline(schema) => schema.nullable,
        }
    }

    /// `owner`: the named schema whose struct this type sits in, to decide
    /// boxing.
    fn type_of_inner(
        &mut self,
        schema: &SchemaRef,
        context: &str,
        owner: Option<&str>,
    ) -> TokenStream {
        match schema {
            SchemaRef::Named(name) => {
                let rust = ident(self.named.get(name).map_or("Value", String::as_str));
                let ty = quote!(crate::models::#rust);
                match owner {
                    Some(owner)
                        if self
                            .recursive_edges
                            .contains(&(owner.to_owned(), name.clone())) =>
                    {
                        quote!(Box<#ty>)
                    }
                    _ => ty,
                }
            }
            SchemaRef::Inline(inline) => self.inline_type(inline, context, owner),
        }
    }

    fn inline_type(&mut self, schema: &Schema, context: &str, owner: Option<&str>) -> TokenStream {
        match &schema.kind {
            SchemaKind::String { enumeration, .. } if !enumeration.is_empty() => {
                let name = self
                    .type_names
                    .allocate(&names::upper_camel_case_or(context, "Value"));
                self.items.push(string_enum(&name, schema, enumeration));
                let name = ident(&name);
                quote!(crate::models::#name)
            }
            SchemaKind::Object { properties, .. } if !properties.is_empty() => {
                let name = self
                    .type_names
                    .allocate(&names::upper_camel_case_or(context, "Object"));
                let item = self.struct_item(&name, schema, &self.merged_properties(schema), owner);
                self.items.push(item);
                let name = ident(&name);
                quote!(crate::models::#name)
            }
            SchemaKind::AllOf(parts) => {
                if let [single] = parts.as_slice() {
                    return self.type_of_inner(single, context, owner);
                }
                let properties = self.merged_properties(schema);
                if properties.is_empty() {
                    return quote!(serde_json::Value);
                }
                let name = self
                    .type_names
                    .allocate(&names::upper_camel_case_or(context, "Object"));
                let item = self.struct_item(&name, schema, &properties, owner);
                self.items.push(item);
                let name = ident(&name);
                quote!(crate::models::#name)
            }
            SchemaKind::OneOf(branches) | SchemaKind::AnyOf(branches) => {
                if let [single] = branches.as_slice() {
                    return self.type_of_inner(single, context, owner);
                }
                let name = self
                    .type_names
                    .allocate(&names::upper_camel_case_or(context, "Variant"));
                let item = self.untagged_enum(&name, schema, branches, owner);
                self.items.push(item);
                let name = ident(&name);
                quote!(crate::models::#name)
            }
            _ => self.plain_type(schema, context, owner),
        }
    }

    /// Types that need no definition of their own.
    fn plain_type(&mut self, schema: &Schema, context: &str, owner: Option<&str>) -> TokenStream {
        match &schema.kind {
            SchemaKind::String { .. } => quote!(String),
            SchemaKind::Integer { format, .. } => match format.as_deref() {
                Some("int32") => quote!(i32),
                _ => quote!(i64),
            },
            SchemaKind::Number { .. } => quote!(f64),
            SchemaKind::Boolean => quote!(bool),
            SchemaKind::Array { items } => {
                let item = self.type_of_inner(items, &format!("{context}Item"), None);
                let item = if self.nullable(items) {
                    quote!(Option<#item>)
                } else {
                    item
                };
                quote!(Vec<#item>)
            }
            SchemaKind::Object {
                additional_properties: AdditionalProperties::Schema(value),
                ..
            } => {
                let value_ty = self.type_of_inner(value, &format!("{context}Value"), None);
                quote!(std::collections::BTreeMap<String, #value_ty>)
            }
            _ => {
                let _ = owner;
                quote!(serde_json::Value)
            }
        }
    }

    fn define_named(&mut self, name: &str) {
        if !self.defined.insert(name.to_owned()) {
            return;
        }
        let Some(schema) = self.model.schemas.get(name) else {
            return;
        };
        let rust = self.named[name].clone();
        let item = match &schema.kind {
            SchemaKind::String { enumeration, .. } if !enumeration.is_empty() => {
                string_enum(&rust, schema, enumeration)
            }
            SchemaKind::Object { properties, .. } if !properties.is_empty() => {
                let properties = self.merged_properties(schema);
                self.struct_item(&rust, schema, &properties, Some(name))
            }
            SchemaKind::AllOf(parts)
                if parts.len() > 1 || !matches!(parts.first(), Some(SchemaRef::Named(_))) =>
            {
                let properties = self.merged_properties(schema);
                if properties.is_empty() {
                    self.alias(&rust, name, schema, quote!(serde_json::Value))
                } else {
                    self.struct_item(&rust, schema, &properties, Some(name))
                }
            }
            SchemaKind::OneOf(branches) | SchemaKind::AnyOf(branches) if branches.len() > 1 => {
                self.untagged_enum(&rust, schema, branches, Some(name))
            }
            _ => {
                // Aliases: the target never needs boxing (an alias of itself
                // would be a ref-only cycle, refused by the loader).
                let target = match &schema.kind {
                    SchemaKind::AllOf(parts)
                    | SchemaKind::OneOf(parts)
                    | SchemaKind::AnyOf(parts) => match parts.first() {
                        Some(part) => self.type_of_inner(part, &rust, None),
                        None => quote!(serde_json::Value),
                    },
                    _ => self.plain_type(schema, &rust, None),
                };
                let target = if schema.nullable {
                    quote!(Option<#target>)
                } else {
                    target
                };
                self.alias(&rust, name, schema, target)
            }
        };
        self.items.push(item);
    }

    fn alias(&self, rust: &str, name: &str, schema: &Schema, target: TokenStream) -> TokenStream {
        let doc = doc_attrs(&schema_doc(schema, name));
        let rust = ident(rust);
        quote! {
            #doc
            pub type #rust = #target;
        }
    }

    /// Properties of an object, with `allOf` parts merged in order (later
    /// parts win; a property is required if any part requires it).
    fn merged_properties(&self, schema: &Schema) -> IndexMap<String, (SchemaRef, bool)> {
        let mut out = IndexMap::new();
        let mut visiting = BTreeSet::new();
        collect_properties(self.model, schema, &mut out, &mut visiting);
        out
    }

    fn struct_item(
        &mut self,
        rust: &str,
        schema: &Schema,
        properties: &IndexMap<String, (SchemaRef, bool)>,
        owner: Option<&str>,
    ) -> TokenStream {
        let mut field_names = NameAllocator::with_reserved(&["additional_properties"]);
        let mut fields = Vec::new();
        let mut all_optional = true;
        for (wire, (property, required)) in properties {
            let field = field_names.allocate(&names::snake_case_or(wire, "field"));
            let context = format!("{rust}{}", names::upper_camel_case_or(wire, "Field"));
            let ty = self.type_of_inner(property, &context, owner);
            let nullable = self.nullable(property);
            // A referenced schema's description is about the type, not
            // this field; only an inline schema speaks for the field.
            let doc = doc_attrs(
                &match property {
                    SchemaRef::Inline(inline) => {
                        inline.description.clone().or(inline.title.clone())
                    }
                    SchemaRef::Named(_) => None,
                }
                .unwrap_or_else(|| format!("The `{wire}` property.")),
            );
            let rename = (field.trim_start_matches("r#") != wire.as_str())
                .then(|| quote!(#[serde(rename = #wire)]));
            let field_ident = ident(&field);
            let (ty, attrs) = if !*required {
                (
                    quote!(Option<#ty>),
                    quote!(#[serde(default, skip_serializing_if = "Option::is_none")]),
                )
            } else if nullable {
                all_optional = false;
                (quote!(Option<#ty>), quote!())
            } else {
                all_optional = false;
                (ty, quote!())
            };
            fields.push(quote! {
                #doc
                #rename
                #attrs
                pub #field_ident: #ty,
            });
        }
        if let SchemaKind::Object {
            additional_properties: AdditionalProperties::Schema(value),
            ..
        } = &schema.kind
        {
            let value_ty = self.type_of_inner(value, &format!("{rust}Value"), None);
            fields.push(quote! {
                /// Properties beyond the named ones.
                #[serde(flatten)]
                pub additional_properties: std::collections::BTreeMap<String, #value_ty>,
            });
        }
        let doc = doc_attrs(&schema_doc(schema, rust));
        let default = all_optional.then(|| quote!(Default,));
        let rust = ident(rust);
        quote! {
            #doc
            #[derive(Debug, Clone, PartialEq, #default serde::Serialize, serde::Deserialize)]
            pub struct #rust {
                #(#fields)*
            }
        }
    }

    fn untagged_enum(
        &mut self,
        rust: &str,
        schema: &Schema,
        branches: &[SchemaRef],
        owner: Option<&str>,
    ) -> TokenStream {
        let mut variant_names = NameAllocator::new();
        let mut variants = Vec::new();
        for (i, branch) in branches.iter().enumerate() {
            let base = match branch {
                SchemaRef::Named(name) => self.named.get(name).cloned().unwrap_or_default(),
                SchemaRef::Inline(inline) => kind_name(inline, i),
            };
            let variant = variant_names.allocate(&names::upper_camel_case_or(&base, "Variant"));
            let ty = self.type_of_inner(branch, &format!("{rust}{variant}"), owner);
            let variant_ident = ident(&variant);
            let doc = doc_attrs(&format!("The `{variant}` form."));
            variants.push(quote! {
                #doc
                #variant_ident(#ty),
            });
        }
        let doc = doc_attrs(&schema_doc(schema, rust));
        let rust = ident(rust);
        quote! {
            #doc
            #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
            #[serde(untagged)]
            pub enum #rust {
                #(#variants)*
            }
        }
    }
}

fn collect_properties(
    model: &Model,
    schema: &Schema,
    out: &mut IndexMap<String, (SchemaRef, bool)>,
    visiting: &mut BTreeSet<String>,
) {
    match &schema.kind {
        SchemaKind::Object { properties, .. } => {
            for (name, property) in properties {
                let required = property.required || out.get(name).is_some_and(|(_, r)| *r);
                out.insert(name.clone(), (property.schema.clone(), required));
            }
        }
        SchemaKind::AllOf(parts) => {
            for part in parts {
                match part {
                    SchemaRef::Named(name) => {
                        if visiting.insert(name.clone()) {
                            if let Some(target) = model.schemas.get(name) {
                                collect_properties(model, target, out, visiting);
                            }
                            visiting.remove(name);
                        }
                    }
                    SchemaRef::Inline(inline) => collect_properties(model, inline, out, visiting),
                }
            }
        }
        _ => {}
    }
}

/// A variant name for an inline branch, from its kind.
fn kind_name(schema: &Schema, index: usize) -> String {
    match &schema.kind {
        SchemaKind::String { .. } => "String".into(),
        SchemaKind::Integer { .. } => "Integer".into(),
        SchemaKind::Number { .. } => "Number".into(),
        SchemaKind::Boolean => "Boolean".into(),
        SchemaKind::Array { .. } => "Array".into(),
        SchemaKind::Object { .. } => "Object".into(),
        _ => format!("Variant{index}"),
    }
}

fn schema_doc(schema: &Schema, name: &str) -> String {
    match (&schema.title, &schema.description) {
        (Some(title), Some(description)) if title != description => {
            format!("{title}\n\n{description}")
        }
        (_, Some(text)) | (Some(text), None) => text.clone(),
        (None, None) => format!("The `{name}` schema."),
    }
}

/// A string enum with a catch-all `Other` variant, and serde by hand so that
/// unknown values round-trip.
fn string_enum(rust: &str, schema: &Schema, values: &[String]) -> TokenStream {
    let mut variant_names = NameAllocator::with_reserved(&["Other"]);
    let variants: Vec<(proc_macro2::Ident, &String)> = values
        .iter()
        .map(|value| {
            let name = variant_names.allocate(&names::upper_camel_case_or(value, "Empty"));
            (ident(&name), value)
        })
        .collect();
    let doc = doc_attrs(&schema_doc(schema, rust));
    let rust = ident(rust);
    let definitions = variants.iter().map(|(variant, value)| {
        let doc = if value.is_empty() {
            " The empty string.".to_owned()
        } else {
            format!(" `{value}`")
        };
        quote!(#[doc = #doc] #variant,)
    });
    let to_str = variants
        .iter()
        .map(|(variant, value)| quote!(Self::#variant => #value,));
    let from_str = variants
        .iter()
        .map(|(variant, value)| quote!(#value => Self::#variant,));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum #rust {
            #(#definitions)*
            /// A value this client does not know (the server may be newer).
            Other(String),
        }

        impl #rust {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::Other(value) => value,
                }
            }
        }

        impl std::fmt::Display for #rust {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl From<&str> for #rust {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => Self::Other(other.to_owned()),
                }
            }
        }

        impl std::str::FromStr for #rust {
            type Err = std::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl serde::Serialize for #rust {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for #rust {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from(value.as_ref()))
            }
        }
    }
}

/// Pairs `(a, b)` of named schemas where `a` holds `b` directly (not through
/// a `Vec` or map) and `b` leads back to `a` the same way: such fields must be
/// boxed.
fn recursive_edges(model: &Model) -> HashSet<(String, String)> {
    let mut direct: HashMap<&str, BTreeSet<String>> = HashMap::new();
    for (name, schema) in &model.schemas {
        let mut targets = BTreeSet::new();
        direct_targets(schema, &mut targets, 0);
        direct.insert(name.as_str(), targets);
    }
    let reaches = |from: &str, to: &str| -> bool {
        let mut stack = vec![from.to_owned()];
        let mut seen = HashSet::new();
        while let Some(current) = stack.pop() {
            if current == to {
                return true;
            }
            if !seen.insert(current.clone()) {
                continue;
            }
            if let Some(next) = direct.get(current.as_str()) {
                stack.extend(next.iter().cloned());
            }
        }
        false
    };
    let mut edges = HashSet::new();
    for (name, targets) in &direct {
        for target in targets {
            if reaches(target, name) {
                edges.insert(((*name).to_owned(), target.clone()));
            }
        }
    }
    edges
}

/// Named schemas a schema contains by value (fields, compositions, inline
/// objects), not behind a `Vec` or a map.
fn direct_targets(schema: &Schema, out: &mut BTreeSet<String>, depth: usize) {
    if depth > 32 {
        return;
    }
    let visit = |schema_ref: &SchemaRef, out: &mut BTreeSet<String>| match schema_ref {
        SchemaRef::Named(name) => {
            out.insert(name.clone());
        }
        SchemaRef::Inline(inline) => direct_targets(inline, out, depth + 1),
    };
    match &schema.kind {
        SchemaKind::Object { properties, .. } => {
            for property in properties.values() {
                visit(&property.schema, out);
            }
        }
        SchemaKind::AllOf(parts) | SchemaKind::OneOf(parts) | SchemaKind::AnyOf(parts) => {
            for part in parts {
                visit(part, out);
            }
        }
        _ => {}
    }
}
