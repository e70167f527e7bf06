//! Rust types for schemas: the `models` module.
//!
//! Every named schema gets a type named after it (upper camel case, see
//! [`names`]); inline schemas that need a definition of their own (objects
//! with properties, string enums, compositions) are named from where they are
//! used: a property's type is `ParentProperty` (`MessageImageRequestFile`), an
//! array's items add `Item`, a map's values `Value`, a branch of a
//! composition its variant name, and operation bodies and responses take the
//! name the caller passes (`SendMessageBody`). Collisions are numbered in the
//! order types are made (named schemas first, in document order). Asking
//! twice for the same inline schema at the same place gives the same type,
//! and the same inline schema written out again elsewhere (an enum repeated
//! in twenty webhook payloads) is emitted once and reused, when its boxing
//! does not depend on the place; one that two or more properties of the
//! same name hold is named after them (`engine` → `Engine`). A union's
//! inline branches are named from their title, tag property value, only
//! required property, only property, string format or kind, in that order
//! (`Image`, `Text`, `DateTime`, `String`).
//!
//! | schema | Rust |
//! |---|---|
//! | object with properties | `#[non_exhaustive]` `struct` (a field the document adds is no breaking change; callers build it with `new` and setters) deriving `Debug, Clone, PartialEq, Serialize, Deserialize` (and `Default` when every field is optional); `#[serde(rename_all = "camelCase")]` when at least two wire names are their fields in camel case (more than it would have to rename back); one `#[serde(...)]` per field: `rename` for a wire name the field (and the rule) does not give, `skip_serializing_if` for a non-required field (`Option`), none for a required nullable one (`Option`, so `null` is sent). Serde's rules hold: a missing required field or a repeated key is an error, unknown keys are skipped |
//! | `additionalProperties: T` (or `true`) beside properties | a `#[serde(flatten)] additional_properties: BTreeMap<String, T>` field (`serde_json::Value` for `true`) |
//! | object with only `additionalProperties: T` | `BTreeMap<String, T>` |
//! | free-form object, no type at all | `serde_json::Value` |
//! | string enum | `#[non_exhaustive]` `enum` with an `Other(String)` catch-all, so new server values still parse; `as_str`, `Display`, `FromStr` |
//! | integer enum / enum of mixed values | `i64` / `serde_json::Value`, the allowed values listed in the docs |
//! | `oneOf` / `anyOf` | `#[non_exhaustive]` enum, one variant per branch in document order, serialised untagged; read by a written-out `Deserialize` (`union.rs`) that picks the variant the value is: by `discriminator`, else by required keys and single-valued (`const`) properties, best fit first; a single branch is that branch's type |
//! | `allOf` | one struct with the merged properties (`Named` parts followed; required if any part requires it); an `allOf` of one schema plus annotation-only parts (`description`, `example`) is that schema's type |
//! | array | `Vec<T>` |
//! | string, any other `format` | `String`: `date-time` is not parsed (no date crate), `binary` in JSON is not assumed to be base64 |
//! | string with `format: int64` / `uint64` (a 64-bit integer sent as digits, as JavaScript servers send them) | `i64` / `u64`; a struct field of such a type (or an `Option`, array or map of them) reads a string of digits or a number and writes a string, as the schema says (`#[serde(with = "::openapi_wa_runtime::int_string")]`, plus `default` on an `Option`, which `with` does not fill by itself). Elsewhere (an alias read on its own, a body, a branch of a composition) it reads as a plain integer |
//! | integer / number / boolean | `i64` (`i32` for `format: int32`, `u64` for `uint64`) / `f64` / `bool` |
//! | named scalar, array or map | `pub type Name = ...;` |
//!
//! What a method returns follows the success response (the first 2xx with
//! content, else `default`):
//!
//! | success response | method returns |
//! |---|---|
//! | JSON with a schema | its type; an empty body reads as JSON `null` when the type takes it (`Option`, `serde_json::Value`), else it is `Error::EmptyBody` (operation, method called, status, the type): the server had nothing to say, no version is blamed. A body that does not fit is `Error::InvalidBody`: the type expected, the field where it stopped fitting (`data[0].participant`), a 1 KiB excerpt of what came, and a document/server mismatch named only when the body is JSON |
//! | no content declared | `Option<serde_json::Value>`: `None` for an empty body, else what the server sent (its JSON, or its text as a JSON string), never dropped |
//! | text, bytes, event stream | `String`, `runtime::Binary`, `runtime::EventStream<T>` |
//!
//! Version skew: a client generated from a newer document than the server
//! reads older answers as long as they hold what the newer document
//! requires; a required field the older server does not send is
//! `Error::InvalidBody` naming that field (make it optional in the document
//! if old servers matter). A client from an older document reads a newer
//! server's answers: unknown fields are skipped and unknown string-enum
//! values read as `Other(String)`. The same holds for webhook payloads,
//! except that a delivery never fails: it reaches the application as
//! `Event::Unreadable` with the reason.
//!
//! A declared error body (any non-2xx response with a JSON schema) gets
//! its type too: the method's `# Errors` docs list status → type, and
//! `Error::error_body::<T>()` reads the answer as it.
//!
//! An inline schema that would define the same type as an earlier one (a
//! string enum with the same values, or any other schema equal in every
//! part) becomes `pub type Name = First;` under its own name and docs: large
//! documents repeat inline schemas, and every definition costs compile time
//! (GitHub's REST API: 7,020 definitions down to 2,598, its crate's build
//! 205 s and 6.2 GB down to 74 s and 3.0 GB).
//!
//! Nullability is applied where a schema is used (`Option<T>`), never inside
//! an alias, so a nullable alias cannot become `Option<Option<T>>`. A
//! reference that leads back to its own type by value is boxed (see
//! `recursion.rs`). Structs do not refuse unknown fields, even with
//! `additionalProperties: false`: a client should survive a newer server.
//!
//! A struct a request body holds (directly or nested, across references) is
//! one a caller builds: it gets `new` with its required fields (`impl Into`
//! arguments) and a `#[must_use]` setter `with_<field>` per optional one,
//! `SendMessageRequest::new(jid, message).with_type(RecipientType::Group)`
//! (`constructors.rs`; `with_` cannot clash with a field, and `self_` is
//! set by `with_self`). One with only optional fields has no `new`: it is
//! `Default`. Structs only read from responses get neither, to keep the
//! crate's compile time down.
//!
//! Every item gets a doc comment: the schema's `title`/`description`, or one
//! saying where the type comes from, so `missing_docs` holds.

pub(crate) mod constructors;
mod identity;
mod recursion;
mod shape;
mod string_enum;
mod union;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use self::identity::SchemaKey;
use self::shape::{Layout, Shape, nullable, shape};
use super::layout::{finish_file, unparsable};
use super::names::{self, NameAllocator};
use super::print::{Printer, Ticket};
use super::{doc_attrs, ident};
use crate::diagnostics::Error;
use crate::model::{AdditionalProperties, Model, Schema, SchemaKind, SchemaRef};

/// Prelude names the emitted code uses unqualified; no inline type takes
/// them, and when a named schema does, the code spells the std path instead.
const PRELUDE: [(&str, &str); 7] = [
    ("String", "std::string::String"),
    ("Vec", "std::vec::Vec"),
    ("Option", "std::option::Option"),
    ("Box", "std::boxed::Box"),
    ("Result", "std::result::Result"),
    ("From", "std::convert::From"),
    ("Into", "std::convert::Into"),
];

/// How the models module spells the prelude types it uses.
#[derive(Debug, Clone)]
pub(crate) struct StdPaths {
    string: TokenStream,
    vec: TokenStream,
    option: TokenStream,
    boxed: TokenStream,
    result: TokenStream,
    from: TokenStream,
    into: TokenStream,
    /// The `skip_serializing_if` function for an optional field.
    is_none: String,
}

impl StdPaths {
    /// Bare names, except those `taken` by a generated type.
    fn new(taken: impl Fn(&str) -> bool) -> Self {
        let path = |index: usize| -> TokenStream {
            let (name, full) = PRELUDE[index];
            let text = if taken(name) { full } else { name };
            text.parse().unwrap_or_else(|_| quote!(#name))
        };
        StdPaths {
            string: path(0),
            vec: path(1),
            option: path(2),
            boxed: path(3),
            result: path(4),
            from: path(5),
            into: path(6),
            is_none: if taken("Option") {
                "std::option::Option::is_none".to_owned()
            } else {
                "Option::is_none".to_owned()
            },
        }
    }

    #[cfg(test)]
    pub(crate) fn unqualified() -> Self {
        Self::new(|_| false)
    }
}

/// Where a type is used: what to call a type defined there, which named
/// schema's layout holds it (for boxing), and words for its docs.
#[derive(Debug, Clone)]
struct Site {
    /// Upper-camel-case name for a type defined here.
    context: String,
    /// The named schema whose type contains this position by value.
    owner: Option<String>,
    /// Where this is, for a generated doc: "the `file` property of [`X`]".
    place: String,
}

impl Site {
    fn item(&self) -> Site {
        Site {
            context: format!("{}Item", self.context),
            owner: None,
            place: format!("an item of {}", self.place),
        }
    }

    fn map_value(&self) -> Site {
        Site {
            context: format!("{}Value", self.context),
            owner: None,
            place: format!("a value of {}", self.place),
        }
    }
}

/// The types of one crate's models, filled as operations ask for them.
pub struct TypeSpace<'m> {
    model: &'m Model,
    type_names: NameAllocator,
    /// Rust type name of each named schema.
    named: HashMap<String, String>,
    /// `(a, b)`: a use of `b` inside `a`'s type is boxed.
    boxed: HashSet<(String, String)>,
    std: StdPaths,
    /// What the unions' `Deserialize` impls use of `union_keys`.
    unions: union::UnionsUsed,
    /// Definitions, handed to the printer as soon as they are made (a huge
    /// document's models never exist as one token tree), in the order they
    /// were made.
    items: Vec<Ticket>,
    printer: Printer,
    /// Inline types made so far, by context name: the schema and its type.
    inline: HashMap<String, Vec<(Schema, TokenStream)>>,
    /// Inline types any place may share, by the schema's key: the schema,
    /// which references it boxes, its type.
    shared: HashMap<SchemaKey, Vec<(Schema, Vec<bool>, TokenStream)>>,
    /// Names for inline types that several properties of the same name hold
    /// (`engine` in twenty webhook payloads → `Engine`), by schema key.
    shared_names: HashMap<SchemaKey, String>,
    /// A struct field was marked `#[deprecated]`.
    deprecated_fields: bool,
    /// The first inline definition of each kind ([`definition_key`]): a
    /// later schema that would define the same type is an alias of it.
    /// Large documents repeat inline schemas a lot (GitHub's: 3,128 string
    /// enums of 523 value lists), and each definition costs compile time.
    first_definitions: HashMap<DefinitionKey, String>,
    /// The schemas request bodies hold: their structs get `new` and
    /// `with_...` setters.
    writable: constructors::Writable,
}

impl<'m> TypeSpace<'m> {
    /// A type space for `model`, with every named schema defined up front in
    /// document order, printing on the calling thread.
    pub fn new(model: &'m Model) -> Self {
        Self::with_printer(model, Printer::inline())
    }

    /// [`new`](Self::new), printing definitions with `printer`.
    pub(crate) fn with_printer(model: &'m Model, printer: Printer) -> Self {
        let mut type_names = NameAllocator::new();
        let named: HashMap<String, String> = model
            .schemas
            .keys()
            .map(|name| {
                let rust = type_names.allocate(&names::upper_camel_case_or(name, "Schema"));
                (name.clone(), rust)
            })
            .collect();
        let std = StdPaths::new(|name| type_names.is_taken(name));
        for (name, _) in PRELUDE {
            type_names.reserve(name);
        }
        let mut space = TypeSpace {
            model,
            type_names,
            named,
            boxed: recursion::boxed_edges(model),
            std,
            unions: union::UnionsUsed::default(),
            items: Vec::new(),
            printer,
            inline: HashMap::new(),
            shared: HashMap::new(),
            shared_names: shared_names(model),
            deprecated_fields: false,
            first_definitions: HashMap::new(),
            writable: constructors::Writable::of(model),
        };
        for name in model.schemas.keys() {
            space.define_named(name);
        }
        space
    }

    /// The Rust type for `schema` used at `context`: `context` (upper camel
    /// case, e.g. `SendMessageBody`) names an inline type the schema needs.
    /// Nullable schemas give `Option<T>`.
    pub fn type_of(&mut self, schema: &SchemaRef, context: &str) -> TokenStream {
        let ty = self.value_type_of(schema, context);
        self.optional_if(nullable(self.model, schema), ty)
    }

    /// [`type_of`](Self::type_of) without the `Option` of a nullable schema,
    /// for values that cannot be `null` where they go (parameters: a query
    /// has no `null`; an absent one is the options field's `None`).
    pub fn value_type_of(&mut self, schema: &SchemaRef, context: &str) -> TokenStream {
        let site = Site {
            context: names::upper_camel_case_or(context, "Value"),
            owner: None,
            place: format!("`{context}` (written inline in the document)"),
        };
        self.rust_type(schema, &site)
    }

    /// The item schema when `schema` is a (non-nullable) array, so callers can
    /// take `&[T]` rather than `&Vec<T>`.
    pub fn array_items(&self, schema: &SchemaRef) -> Option<SchemaRef> {
        let resolved = self.model.resolve(schema)?;
        match &resolved.kind {
            SchemaKind::Array { items } if !resolved.nullable => Some((**items).clone()),
            _ => None,
        }
    }

    /// Hands a definition to the printer.
    fn push_item(&mut self, item: TokenStream) {
        let ticket = self.printer.print(item);
        self.items.push(ticket);
    }

    /// Whether a named schema is deprecated (its type is `#[deprecated]`, so
    /// modules that use it allow that).
    pub(crate) fn has_deprecated_schemas(&self) -> bool {
        self.model.schemas.values().any(|s| s.deprecated)
    }

    /// The printer, for the other files of the crate.
    pub(crate) fn printer(&mut self) -> &mut Printer {
        &mut self.printer
    }

    /// The `models` module's docs and inner attributes.
    fn models_head(&self) -> TokenStream {
        let allow_deprecated = (self.deprecated_fields || self.has_deprecated_schemas()).then(|| {
            quote!(#![allow(
                deprecated,
                reason = "the document's deprecated schemas and properties are still read and written"
            )])
        });
        let union_keys = self
            .unions
            .any()
            .then(|| union::union_keys_module(&self.unions, &self.std));
        quote! {
            //! Types of the API's schemas.

            #allow_deprecated

            #![allow(
                clippy::large_enum_variant,
                reason = "untagged enums mirror the document's compositions; boxing would change their API"
            )]
            #![allow(
                clippy::enum_variant_names,
                reason = "variant names are the document's schema names"
            )]
            #![allow(
                clippy::type_complexity,
                reason = "types mirror the document's nesting (arrays of arrays, maps of arrays)"
            )]
            #![allow(
                rustdoc::bare_urls,
                rustdoc::invalid_html_tags,
                reason = "doc comments quote the document's descriptions as written"
            )]

            #union_keys
        }
    }

    /// The formatted `models.rs` file, with the generated-file header naming
    /// `source` (the document as it should appear, e.g. a relative path):
    /// every definition made so far.
    pub fn emit_models(&mut self, source: &str) -> Result<String, Error> {
        let head = self.models_head();
        let head = self.printer.print(head);
        let mut text = String::new();
        for ticket in std::iter::once(head).chain(self.items.iter().copied()) {
            match self.printer.take(ticket) {
                Ok(printed) => text.push_str(&printed),
                Err(error) => return Err(unparsable(Path::new("src/models.rs"), &error, source)),
            }
        }
        Ok(finish_file(&text, source))
    }

    fn optional_if(&self, optional: bool, ty: TokenStream) -> TokenStream {
        if optional {
            let option = &self.std.option;
            quote!(#option<#ty>)
        } else {
            ty
        }
    }

    fn rust_type(&mut self, schema: &SchemaRef, site: &Site) -> TokenStream {
        let models = super::models_path();
        match schema {
            SchemaRef::Named(name) => {
                let Some(rust) = self.named.get(name) else {
                    // The loader refuses dangling references; a model built by
                    // hand still gets a type that compiles.
                    return quote!(serde_json::Value);
                };
                let rust = ident(rust);
                let ty = quote!(#models::#rust);
                let boxed = site
                    .owner
                    .as_ref()
                    .is_some_and(|owner| self.boxed.contains(&(owner.clone(), name.clone())));
                if boxed {
                    let boxed = &self.std.boxed;
                    quote!(#boxed<#ty>)
                } else {
                    ty
                }
            }
            SchemaRef::Inline(inline) => self.inline_type(inline, site),
        }
    }

    fn inline_type(&mut self, schema: &Schema, site: &Site) -> TokenStream {
        let models = super::models_path();
        match shape(self.model, schema) {
            Shape::Same(part) => self.rust_type(part, site),
            Shape::Plain => self.plain_type(schema, site),
            defined => {
                if let Some((_, ty)) = self
                    .inline
                    .get(&site.context)
                    .and_then(|made| made.iter().find(|(s, _)| s == schema))
                {
                    return ty.clone();
                }
                // The same schema written out again elsewhere (an enum or a
                // union repeated in several bodies) is the same type, when
                // its boxing does not depend on where it stands.
                let shared = self.sharing_key(schema, &defined, site.owner.as_deref());
                if let Some(key) = &shared {
                    if let Some((_, _, ty)) = self
                        .shared
                        .get(&key.0)
                        .and_then(|made| made.iter().find(|(s, b, _)| s == schema && *b == key.1))
                    {
                        return ty.clone();
                    }
                }
                let preferred = shared
                    .as_ref()
                    .and_then(|(key, _)| self.shared_names.get(key))
                    .filter(|name| !self.type_names.is_taken(name))
                    .cloned();
                let rust = self
                    .type_names
                    .allocate(preferred.as_deref().unwrap_or(&site.context));
                let doc = schema_doc(schema).unwrap_or_else(|| match &preferred {
                    Some(_) => "A type several properties share.".to_owned(),
                    None => format!("The type of {}.", site.place),
                });
                let key = self.definition_key(schema, &defined, site.owner.as_deref());
                let item = match self.first_definitions.get(&key) {
                    Some(first) => {
                        let doc = doc_attrs(&format!("{doc}\n\nThe same type as [`{first}`]."));
                        let (name, first) = (ident(&rust), ident(first));
                        quote! {
                            #doc
                            pub type #name = #models::#first;
                        }
                    }
                    None => {
                        self.first_definitions.insert(key, rust.clone());
                        let written = self.writable.inline(schema);
                        self.definition(
                            &rust,
                            &doc,
                            schema,
                            defined,
                            site.owner.as_deref(),
                            written,
                        )
                    }
                };
                self.push_item(item);
                let name = ident(&rust);
                let ty = quote!(#models::#name);
                self.inline
                    .entry(site.context.clone())
                    .or_default()
                    .push((schema.clone(), ty.clone()));
                if let Some((key, boxed)) = shared {
                    self.shared
                        .entry(key)
                        .or_default()
                        .push((schema.clone(), boxed, ty.clone()));
                }
                ty
            }
        }
    }

    /// How an inline type of `shape` can be shared between places: its
    /// schema's key (the lookup key) and which references it boxes under
    /// `owner`. `None` when its layout holds inline types of its own whose
    /// boxing would depend on the place (such types are not shared).
    fn sharing_key(
        &self,
        schema: &Schema,
        shape: &Shape<'_>,
        owner: Option<&str>,
    ) -> Option<(SchemaKey, Vec<bool>)> {
        let parts: Vec<&SchemaRef> = match shape {
            Shape::StringEnum(_) => Vec::new(),
            Shape::Untagged(branches) => branches.iter().collect(),
            Shape::Struct(layout) => layout.properties.values().map(|(p, _)| p).collect(),
            Shape::Same(_) | Shape::Plain => return None,
        };
        let mut boxed = Vec::new();
        for part in parts {
            let mut part = part;
            // `Same` wrappers down to what the layout really holds.
            for _ in 0..crate::model::MAX_REF_CHAIN {
                match part {
                    SchemaRef::Inline(inline) => match shape::shape(self.model, inline) {
                        Shape::Same(inner) => part = inner,
                        Shape::Plain | Shape::StringEnum(_) => break,
                        _ => return None,
                    },
                    SchemaRef::Named(_) => break,
                }
            }
            if let SchemaRef::Named(name) = part {
                boxed.push(
                    owner.is_some_and(|o| self.boxed.contains(&(o.to_owned(), name.clone()))),
                );
            }
        }
        Some((SchemaKey::of(schema), boxed))
    }

    /// What makes an inline definition: two schemas with the same key
    /// define the same type under different names. A string enum is its
    /// values (its description only documents the type, and an alias keeps
    /// its own); any other shape is the whole schema, descriptions included
    /// (they become field docs), and which references its owner boxes (the
    /// same schema inside a reference cycle boxes differently).
    fn definition_key(
        &self,
        schema: &Schema,
        shape: &Shape<'_>,
        owner: Option<&str>,
    ) -> DefinitionKey {
        if let Shape::StringEnum(values) = shape {
            return DefinitionKey::StringEnum(values.to_vec());
        }
        let mut boxed: Vec<&str> = owner
            .map(|owner| {
                self.boxed
                    .iter()
                    .filter(|(from, _)| from == owner)
                    .map(|(_, to)| to.as_str())
                    .collect()
            })
            .unwrap_or_default();
        boxed.sort_unstable();
        DefinitionKey::Schema(
            SchemaKey::of(schema),
            boxed.into_iter().map(str::to_owned).collect(),
        )
    }

    /// The item for a schema of shape `shape` named `rust`; a struct
    /// `written` in a request body gets constructors.
    fn definition(
        &mut self,
        rust: &str,
        doc: &str,
        schema: &Schema,
        shape: Shape<'_>,
        owner: Option<&str>,
        written: bool,
    ) -> TokenStream {
        match shape {
            Shape::StringEnum(values) => string_enum::string_enum(rust, doc, values, &self.std),
            Shape::Struct(layout) => self.struct_item(rust, doc, &layout, owner, written),
            Shape::Untagged(branches) => self.untagged_enum(rust, doc, schema, branches, owner),
            Shape::Same(_) | Shape::Plain => {
                let site = Site {
                    context: rust.to_owned(),
                    owner: None,
                    place: format!("[`{rust}`]"),
                };
                let target = match shape {
                    Shape::Same(part) => self.rust_type(part, &site),
                    _ => self.plain_type(schema, &site),
                };
                let doc = doc_attrs(doc);
                let rust = ident(rust);
                quote! {
                    #doc
                    pub type #rust = #target;
                }
            }
        }
    }

    /// Types that need no definition of their own.
    fn plain_type(&mut self, schema: &Schema, site: &Site) -> TokenStream {
        match &schema.kind {
            SchemaKind::String { format, .. } => match string_int(format.as_deref()) {
                Some(int) => int,
                None => self.std.string.clone(),
            },
            SchemaKind::Integer { format, .. } => match format.as_deref() {
                Some("int32") => quote!(i32),
                Some("uint64") => quote!(u64),
                _ => quote!(i64),
            },
            SchemaKind::Number { .. } => quote!(f64),
            SchemaKind::Boolean => quote!(bool),
            SchemaKind::Array { items } => {
                let item = self.rust_type(items, &site.item());
                let item = self.optional_if(nullable(self.model, items), item);
                let vec = &self.std.vec;
                quote!(#vec<#item>)
            }
            SchemaKind::Object {
                additional_properties: AdditionalProperties::Schema(value),
                ..
            } => {
                let value = self.map_value_type(value, site);
                let string = &self.std.string;
                quote!(std::collections::BTreeMap<#string, #value>)
            }
            _ => quote!(serde_json::Value),
        }
    }

    fn map_value_type(&mut self, value: &SchemaRef, site: &Site) -> TokenStream {
        let ty = self.rust_type(value, &site.map_value());
        self.optional_if(nullable(self.model, value), ty)
    }

    fn define_named(&mut self, name: &str) {
        let Some(schema) = self.model.schemas.get(name) else {
            return;
        };
        let rust = self.named[name].clone();
        // A named schema that is only a wrapper around one inline schema
        // (`oneOf: [{...}]`) defines that schema under its own name, rather
        // than an alias to a second, numbered type.
        let mut doc = schema_doc(schema);
        let mut target = schema;
        let mut depth = 0;
        while let (Shape::Same(SchemaRef::Inline(inner)), true) = (
            shape(self.model, target),
            depth < crate::model::MAX_REF_CHAIN,
        ) {
            doc = doc.or_else(|| schema_doc(inner));
            target = inner;
            depth += 1;
        }
        let doc = doc.unwrap_or_else(|| format!("The `{name}` schema."));
        let doc = with_value_notes(doc, target);
        let written = self.writable.named(name);
        let item = self.definition(
            &rust,
            &doc,
            target,
            shape(self.model, target),
            Some(name),
            written,
        );
        let deprecated = schema.deprecated.then(|| quote!(#[deprecated]));
        self.push_item(quote!(#deprecated #item));
    }

    fn struct_item(
        &mut self,
        rust: &str,
        doc: &str,
        layout: &Layout,
        owner: Option<&str>,
        written: bool,
    ) -> TokenStream {
        let mut field_names = NameAllocator::with_reserved(&["additional_properties"]);
        let named: Vec<String> = layout
            .properties
            .keys()
            .map(|wire| field_names.allocate(&names::snake_case_or(wire, "field")))
            .collect();
        let camel_case = renames_are_camel_case(layout.properties.keys().zip(&named));
        let mut fields = Vec::new();
        let mut settable = Vec::new();
        let mut all_optional = true;
        for ((wire, (property, required)), field) in layout.properties.iter().zip(named) {
            let site = Site {
                context: format!("{rust}{}", names::upper_camel_case_or(wire, "Field")),
                owner: owner.map(str::to_owned),
                place: format!("the `{wire}` property of [`{rust}`]"),
            };
            let ty = self.rust_type(property, &site);
            let digits = carries_string_int(self.model, property, 0);
            let doc = doc_attrs(&property_doc(wire, property));
            let field_ident = ident(&field);
            // One `#[serde(...)]` per field, as a person would write it.
            let mut serde_args = Vec::new();
            let bare = field.trim_start_matches("r#");
            let implied = if camel_case {
                serde_camel_case(bare)
            } else {
                bare.to_owned()
            };
            // Under the rule, only a real camel-case name is left to it
            // (`self` for `self_` stays spelled out).
            let by_rule = *wire == implied && (*wire == bare || has_upper(wire));
            if !by_rule {
                serde_args.push(quote!(rename = #wire));
            }
            let value = ty.clone();
            let (ty, optional) = if *required {
                all_optional = false;
                let optional = nullable(self.model, property);
                (self.optional_if(optional, ty), optional)
            } else {
                (self.optional_if(true, ty), true)
            };
            // `new` takes a required field's whole type, a setter the value
            // inside an optional field's `Option`.
            settable.push(constructors::Settable {
                field: super::identifier::Identifier::parse(&field),
                ty: if *required { ty.clone() } else { value },
                required: *required,
            });
            // Integers the server sends as strings: read from a string or a
            // number, written as a string (`runtime::int_string`). Serde
            // fills a missing `Option` with `None` by itself, but not one
            // read through `with`: that needs `default`.
            if digits && optional {
                serde_args.push(quote!(default));
            }
            if !*required {
                let is_none = &self.std.is_none;
                serde_args.push(quote!(skip_serializing_if = #is_none));
            }
            if digits {
                let with = format!("{}::int_string", super::RUNTIME_PATH);
                serde_args.push(quote!(with = #with));
            }
            let serde = (!serde_args.is_empty()).then(|| quote!(#[serde(#(#serde_args),*)]));
            let deprecated = matches!(property, SchemaRef::Inline(inline) if inline.deprecated)
                .then(|| quote!(#[deprecated]));
            self.deprecated_fields |= deprecated.is_some();
            fields.push(quote! {
                #doc
                #deprecated
                #serde
                pub #field_ident: #ty,
            });
        }
        if let Some(value) = &layout.additional {
            let site = Site {
                context: rust.to_owned(),
                owner: None,
                place: format!("[`{rust}`]"),
            };
            let value = self.map_value_type(value, &site);
            let string = &self.std.string;
            fields.push(quote! {
                /// Properties beyond the named ones.
                #[serde(flatten)]
                pub additional_properties: std::collections::BTreeMap<#string, #value>,
            });
        }
        let constructors = (written && !settable.is_empty()).then(|| {
            constructors::constructors(rust, &settable, layout.additional.is_some(), &self.std.into)
        });
        let doc = doc_attrs(doc);
        let default = all_optional.then(|| quote!(Default,));
        let rename_all = camel_case.then(|| quote!(#[serde(rename_all = "camelCase")]));
        let rust = ident(rust);
        quote! {
            #doc
            #[derive(Debug, Clone, PartialEq, #default serde::Serialize, serde::Deserialize)]
            #rename_all
            #[non_exhaustive]
            pub struct #rust {
                #(#fields)*
            }

            #constructors
        }
    }

    fn untagged_enum(
        &mut self,
        rust: &str,
        doc: &str,
        schema: &Schema,
        branches: &[SchemaRef],
        owner: Option<&str>,
    ) -> TokenStream {
        let mut variant_names = NameAllocator::new();
        let mut variants = Vec::new();
        let mut chosen = Vec::new();
        for (index, branch) in branches.iter().enumerate() {
            let base = match branch {
                SchemaRef::Named(name) => self.named.get(name).cloned().unwrap_or_default(),
                SchemaRef::Inline(inline) => kind_name(inline, index),
            };
            let variant = variant_names.allocate(&names::upper_camel_case_or(
                &base,
                &format!("Variant{index}"),
            ));
            let site = Site {
                context: format!("{rust}{variant}"),
                owner: owner.map(str::to_owned),
                place: format!("the `{variant}` form of [`{rust}`]"),
            };
            let ty = self.rust_type(branch, &site);
            let ty = self.optional_if(nullable(self.model, branch), ty);
            let doc = match branch {
                SchemaRef::Inline(inline) => schema_doc(inline),
                SchemaRef::Named(_) => None,
            }
            .unwrap_or_else(|| format!("The `{variant}` form."));
            let doc = doc_attrs(&doc);
            chosen.push(union::UnionVariant {
                name: variant.clone(),
                branch,
            });
            let variant = ident(&variant);
            variants.push(quote! {
                #doc
                #variant(#ty),
            });
        }
        let deserialize = union::deserialize_impl(
            self.model,
            rust,
            schema,
            &chosen,
            &self.std,
            &mut self.unions,
        );
        let doc = doc_attrs(doc);
        let rust = ident(rust);
        quote! {
            #doc
            #[derive(Debug, Clone, PartialEq, serde::Serialize)]
            #[serde(untagged)]
            #[non_exhaustive]
            pub enum #rust {
                #(#variants)*
            }

            #deserialize
        }
    }
}

/// Whether a struct reads best with `#[serde(rename_all = "camelCase")]`:
/// at least two of its wire names are the camel case of their fields
/// (`pushName` for `push_name`), more than those the rule would then need
/// renamed back (`snake_case` kept as it is). Only for ASCII field names, the ones serde's rule handles.
fn renames_are_camel_case<'a>(fields: impl Iterator<Item = (&'a String, &'a String)>) -> bool {
    let (mut saved, mut added) = (0, 0);
    for (wire, field) in fields {
        let bare = field.trim_start_matches("r#");
        if !bare.is_ascii() || bare.trim_matches('_').is_empty() {
            return false;
        }
        let camel = serde_camel_case(bare);
        if *wire != bare && *wire == camel && has_upper(wire) {
            saved += 1;
        } else if *wire == bare && *wire != camel {
            added += 1;
        }
    }
    saved >= 2 && saved > added
}

fn has_upper(text: &str) -> bool {
    text.bytes().any(|b| b.is_ascii_uppercase())
}

/// A field name as serde's `rename_all = "camelCase"` writes it (serde's
/// own rule, `serde_derive`'s `RenameRule::CamelCase`): each `_` dropped
/// and the letter after it upper-cased, then the first letter lower-cased.
fn serde_camel_case(field: &str) -> String {
    let mut pascal = String::with_capacity(field.len());
    let mut capitalize = true;
    for ch in field.chars() {
        if ch == '_' {
            capitalize = true;
        } else if capitalize {
            pascal.push(ch.to_ascii_uppercase());
            capitalize = false;
        } else {
            pascal.push(ch);
        }
    }
    match pascal.get(..1) {
        Some(first) => first.to_ascii_lowercase() + &pascal[1..],
        None => pascal,
    }
}

/// The Rust integer for a string `format` that carries a 64-bit integer
/// as digits (`int64`, `uint64`).
fn string_int(format: Option<&str>) -> Option<TokenStream> {
    match format {
        Some("int64") => Some(quote!(i64)),
        Some("uint64") => Some(quote!(u64)),
        _ => None,
    }
}

/// Whether the Rust type of `schema` is made of integers carried as strings
/// that `runtime::int_string::StringInt` reads: such an integer, or an array
/// or a map of them, also through references and one-part compositions.
fn carries_string_int(model: &Model, schema: &SchemaRef, depth: usize) -> bool {
    let Some(resolved) = model.resolve(schema) else {
        return false;
    };
    if depth > crate::model::MAX_REF_CHAIN {
        return false;
    }
    match &resolved.kind {
        SchemaKind::String {
            format,
            enumeration,
        } => enumeration.is_empty() && string_int(format.as_deref()).is_some(),
        SchemaKind::Array { items } => carries_string_int(model, items, depth + 1),
        SchemaKind::Object {
            properties,
            additional_properties: AdditionalProperties::Schema(value),
        } if properties.is_empty() => carries_string_int(model, value, depth + 1),
        _ => match shape(model, resolved) {
            Shape::Same(part) => carries_string_int(model, part, depth + 1),
            _ => false,
        },
    }
}

/// What makes an inline definition ([`TypeSpace::definition_key`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum DefinitionKey {
    /// A string enum: its values.
    StringEnum(Vec<String>),
    /// Any other shape: the schema, and the references its owner boxes.
    Schema(SchemaKey, Vec<String>),
}

/// Names for inline types that two or more properties of named schemas
/// hold, all under the same property name: that name in upper camel case.
fn shared_names(model: &Model) -> HashMap<SchemaKey, String> {
    // Schema key → (how many properties hold it, their common name).
    let mut seen: HashMap<SchemaKey, (usize, Option<String>)> = HashMap::new();
    for schema in model.schemas.values() {
        let SchemaKind::Object { properties, .. } = &schema.kind else {
            continue;
        };
        for (wire, property) in properties {
            let SchemaRef::Inline(inline) = &property.schema else {
                continue;
            };
            if !matches!(
                shape(model, inline),
                Shape::StringEnum(_) | Shape::Untagged(_) | Shape::Struct(_)
            ) {
                continue;
            }
            let entry = seen
                .entry(SchemaKey::of(inline))
                .or_insert_with(|| (0, Some(wire.clone())));
            entry.0 += 1;
            if entry.1.as_deref() != Some(wire.as_str()) {
                entry.1 = None;
            }
        }
    }
    seen.into_iter()
        .filter_map(|(key, (count, wire))| {
            let name = names::upper_camel_case_or(&wire?, "");
            (count > 1 && !name.is_empty() && !name.starts_with("r#")).then_some((key, name))
        })
        .collect()
}

/// A variant name for an inline branch, the first of: its title; the value
/// of its tag property (a required property allowing one string, `type:
/// {enum: [image]}` → `Image`); its only required property (`{required:
/// [text]}` → `Text`); its only property; its kind (`String`, `Object`, ...);
/// `Variant` and its index.
fn kind_name(schema: &Schema, index: usize) -> String {
    if let Some(title) = schema.title.as_deref().filter(|t| !t.trim().is_empty()) {
        return title.to_owned();
    }
    if let SchemaKind::Object { properties, .. } = &schema.kind {
        let tag = properties
            .values()
            .find_map(|property| match &property.schema {
                SchemaRef::Inline(inline) if property.required => match &inline.kind {
                    SchemaKind::String { enumeration, .. } if enumeration.len() == 1 => {
                        Some(enumeration[0].clone())
                    }
                    _ => None,
                },
                _ => None,
            });
        let mut required = properties.iter().filter(|(_, p)| p.required);
        let only_required = match (required.next(), required.next()) {
            (Some((name, _)), None) => Some(name.clone()),
            _ => None,
        };
        let only = (properties.len() == 1)
            .then(|| properties.keys().next().cloned())
            .flatten();
        // A name that is all punctuation or emoji falls through to the kind.
        let readable = |name: &String| !names::upper_camel_case_or(name, "").is_empty();
        if let Some(name) = [tag, only_required, only]
            .into_iter()
            .flatten()
            .find(readable)
        {
            return name;
        }
    }
    match &schema.kind {
        // `date-time` → `DateTime`, beside a plain `String`.
        SchemaKind::String {
            format: Some(format),
            ..
        } if !names::upper_camel_case_or(format, "").is_empty() => format.clone(),
        SchemaKind::String { .. } => "String".into(),
        SchemaKind::Integer { .. } => "Integer".into(),
        SchemaKind::Number { .. } => "Number".into(),
        SchemaKind::Boolean => "Boolean".into(),
        SchemaKind::Array { .. } => "Array".into(),
        SchemaKind::Object { .. } => "Object".into(),
        _ => format!("Variant{index}"),
    }
}

/// `title` and `description`, when the schema has either.
fn schema_doc(schema: &Schema) -> Option<String> {
    let title = schema
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty());
    let description = schema
        .description
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty());
    match (title, description) {
        (Some(title), Some(description)) if title != description => {
            Some(format!("{title}\n\n{description}"))
        }
        (_, Some(text)) | (Some(text), None) => Some(text.to_owned()),
        (None, None) => None,
    }
}

/// The doc of a struct field. A referenced schema's description is about
/// the type, not this field, so only an inline schema speaks for the field.
fn property_doc(wire: &str, property: &SchemaRef) -> String {
    match property {
        SchemaRef::Inline(inline) => with_value_notes(
            schema_doc(inline).unwrap_or_else(|| format!("The `{wire}` property.")),
            inline,
        ),
        SchemaRef::Named(_) => format!("The `{wire}` property."),
    }
}

/// Adds what the Rust type does not say: allowed values of an integer or
/// mixed enum, a string's format, the default, deprecation.
fn with_value_notes(mut doc: String, schema: &Schema) -> String {
    let values: Vec<String> = match &schema.kind {
        SchemaKind::Integer { enumeration, .. } => {
            enumeration.iter().map(|v| format!("`{v}`")).collect()
        }
        SchemaKind::Enum(values) => values.iter().map(|v| format!("`{v}`")).collect(),
        _ => Vec::new(),
    };
    if !values.is_empty() {
        doc.push_str(&format!("\n\nAllowed values: {}.", values.join(", ")));
    }
    // Formats the Rust type does not carry (it is `String` for all of them
    // but the integers sent as strings).
    if let SchemaKind::String {
        format: Some(format),
        enumeration,
    } = &schema.kind
    {
        if string_int(Some(format)).is_some() && enumeration.is_empty() {
            doc.push_str(
                "\n\nSent as a string of digits; read from a string or a number, written as a string.",
            );
        } else {
            doc.push_str(&format!("\n\nFormat: `{format}`."));
        }
    }
    if let Some(default) = &schema.default {
        let shown = match default {
            Value::String(text) => format!("`{text:?}`"),
            other => format!("`{other}`"),
        };
        doc.push_str(&format!("\n\nDefault: {shown}."));
    }
    if schema.deprecated {
        doc.push_str("\n\nDeprecated by the API.");
    }
    doc
}

#[cfg(test)]
pub(crate) mod tests;
