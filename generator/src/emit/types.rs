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
//! | `oneOf` / `anyOf` | `#[non_exhaustive]` enum, one variant per branch in document order, serialised untagged; read by a written-out `Deserialize` (`union.rs`: the variants and what each accepts, handed to the runtime's `for_generated_code::union::pick`) that picks the variant the value is: by `discriminator`, else by required keys and single-valued (`const`) properties, best fit first; `From` each variant's type when no two variants share it (aliases seen through); a single branch is that branch's type |
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
//! A `readOnly` property of such a struct is the server's: an `Option`
//! (read from answers, never sent), no argument of `new` and no setter.
//!
//! Docs say what the document says: a type, field or variant gets the
//! schema's `title`/`description` and notes on what the Rust type does not
//! carry (allowed values, format, default, deprecation); an inline type
//! says where it is used ("The type of the `file` property of
//! `SendMessageBody`", every schema for a type several properties share).
//! What the document leaves undescribed has no doc rather than a filler one
//! ("The `x` property."), and `models` then allows `missing_docs`.
//! Inside `models` its types are named bare; other modules get them through
//! `emit::models_path` (`super::models::X`).

pub(crate) mod constructors;
mod identity;
mod recursion;
mod shape;
mod string_enum;
mod union;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use proc_macro2::{Group, Spacing, TokenStream, TokenTree};
use quote::{ToTokens, quote};
use serde_json::Value;

use self::identity::SchemaKey;
use self::shape::{Layout, Shape, nullable, shape};
use super::identifier;
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

/// The clippy lints the models would trip, so that `models` allows those
/// alone (each found as clippy finds it, or a little more often).
#[derive(Debug, Default)]
struct ModelLints {
    /// A union (an enum whose variants carry values of any size).
    large_enum_variant: bool,
    /// An enum whose variants share a first or last word, or hold the
    /// enum's name.
    enum_variant_names: bool,
    /// A field or argument type past clippy's `type_complexity` limit.
    type_complexity: bool,
}

impl ModelLints {
    fn enum_variants(&mut self, rust: &str, variants: &[String]) {
        self.enum_variant_names |= variant_names_trip(rust, variants);
    }

    fn types<'a>(&mut self, types: impl IntoIterator<Item = &'a TokenStream>) {
        note_type_complexity(&mut self.type_complexity, types);
    }
}

/// Sets `tripped` when one of `types` is past clippy's `type_complexity`
/// limit; once set, the types are not scored again.
pub(crate) fn note_type_complexity<'a>(
    tripped: &mut bool,
    types: impl IntoIterator<Item = &'a TokenStream>,
) {
    if !*tripped {
        *tripped = types
            .into_iter()
            .any(|ty| type_score(ty) > TYPE_SCORE_ALLOWED);
    }
}

/// The rustdoc lints the models' docs would trip: document text quoted as
/// written may hold a bare URL or something that reads as an HTML tag.
#[derive(Debug, Clone, Copy, Default)]
struct DocLints {
    urls: bool,
    angle_brackets: bool,
}

impl DocLints {
    fn of(items: &[String]) -> Self {
        let mut lints = DocLints::default();
        for line in items.iter().flat_map(|item| item.lines()) {
            let Some(doc) = line.trim_start().strip_prefix("///") else {
                continue;
            };
            lints.urls |= doc.contains("http:") || doc.contains("https:") || doc.contains("www.");
            lints.angle_brackets |= doc.contains('<');
        }
        lints
    }
}

/// Whether clippy's `enum_variant_names` may fire on an enum `rust` with
/// these variants: a variant starting or ending with the enum's name, or
/// three variants or more sharing their first or last word.
fn variant_names_trip(rust: &str, variants: &[String]) -> bool {
    let rust = identifier::bare(rust);
    let bare = |v: &String| identifier::bare(v).to_owned();
    if variants
        .iter()
        .map(bare)
        .any(|v| v.starts_with(rust) || v.ends_with(rust))
    {
        return true;
    }
    if variants.len() < 3 {
        return false;
    }
    let words: Vec<Vec<String>> = variants.iter().map(|v| camel_words(&bare(v))).collect();
    let shared = |pick: fn(&Vec<String>) -> Option<&String>| {
        let first = words.first().and_then(pick);
        first.is_some() && words.iter().all(|w| pick(w) == first)
    };
    shared(|w| w.first()) || shared(|w| w.last())
}

/// `ScanQrCode` → `Scan`, `Qr`, `Code`.
fn camel_words(name: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut previous_lower = false;
    for ch in name.chars() {
        if ch.is_uppercase() && previous_lower || words.is_empty() {
            words.push(String::new());
        }
        if let Some(word) = words.last_mut() {
            word.push(ch);
        }
        previous_lower = ch.is_lowercase() || ch.is_ascii_digit();
    }
    words
}

/// Clippy's `type_complexity` limit (250), less a margin for what
/// [`type_score`] may count differently.
pub(crate) const TYPE_SCORE_ALLOWED: u64 = 200;

/// A type's complexity as clippy's `type_complexity` scores it: a path, a
/// slice, array or tuple costs 10 times its depth of nesting (1 at the
/// top), a reference 1; type arguments nest one deeper; `impl Trait`
/// counts as a path. A type that does not parse scores past any limit.
pub(crate) fn type_score(ty: &TokenStream) -> u64 {
    fn score(ty: &syn::Type, nest: u64) -> u64 {
        let arguments = |path: &syn::Path| -> u64 {
            path.segments
                .iter()
                .flat_map(|segment| match &segment.arguments {
                    syn::PathArguments::AngleBracketed(args) => args.args.iter().collect(),
                    _ => Vec::new(),
                })
                .map(|arg| match arg {
                    syn::GenericArgument::Type(inner) => score(inner, nest + 1),
                    _ => 0,
                })
                .sum()
        };
        match ty {
            syn::Type::Path(path) => 10 * nest + arguments(&path.path),
            syn::Type::Reference(reference) => 1 + score(&reference.elem, nest),
            syn::Type::Slice(slice) => 10 * nest + score(&slice.elem, nest + 1),
            syn::Type::Array(array) => 10 * nest + score(&array.elem, nest + 1),
            syn::Type::Tuple(tuple) => {
                10 * nest + tuple.elems.iter().map(|t| score(t, nest + 1)).sum::<u64>()
            }
            syn::Type::Paren(inner) => score(&inner.elem, nest),
            syn::Type::Group(inner) => score(&inner.elem, nest),
            syn::Type::ImplTrait(bounds) => {
                10 * nest
                    + bounds
                        .bounds
                        .iter()
                        .map(|bound| match bound {
                            syn::TypeParamBound::Trait(t) => arguments(&t.path),
                            _ => 0,
                        })
                        .sum::<u64>()
            }
            _ => u64::MAX / 2,
        }
    }
    syn::parse2::<syn::Type>(ty.clone()).map_or(u64::MAX, |ty| score(&ty, 1))
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
    /// The named schemas `models` defines as `pub type` aliases: Rust name
    /// → schema name.
    named_aliases: HashMap<String, String>,
    /// The inline types defined as another's alias: Rust name → the other.
    inline_aliases: HashMap<String, String>,
    /// Every type `models` defines (named and inline), by its Rust name:
    /// what [`qualified`](Self::qualified) qualifies.
    defined: HashSet<String>,
    /// `(a, b)`: a use of `b` inside `a`'s type is boxed.
    boxed: HashSet<(String, String)>,
    std: StdPaths,
    /// Whether a union's `Deserialize` impl reads through the runtime.
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
    shared_names: HashMap<SchemaKey, SharedName>,
    /// A struct field was marked `#[deprecated]`.
    deprecated_fields: bool,
    /// A type, field or variant the document says nothing about was left
    /// without a doc (rather than given a filler one).
    undocumented: bool,
    /// The clippy lints the definitions made so far would trip.
    lints: ModelLints,
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
            defined: named.values().cloned().collect(),
            named_aliases: model
                .schemas
                .iter()
                .filter(|(_, schema)| named_alias(model, schema).is_some())
                .filter_map(|(name, _)| Some((named.get(name)?.clone(), name.clone())))
                .collect(),
            inline_aliases: HashMap::new(),
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
            undocumented: false,
            lints: ModelLints::default(),
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

    /// A type as `models` spells it (its own types by their bare names), as
    /// another module of the client spells it: each of the models' types
    /// through [`models_path`](super::models_path) (`super::models::X`).
    fn qualified(&self, ty: TokenStream) -> TokenStream {
        let models = super::models_path();
        let mut out = TokenStream::new();
        // A name right after `::` is a segment of another path
        // (`std::string::String`), not one of the models' types.
        let (mut joint_colon, mut after_separator) = (false, false);
        for token in ty {
            let (was_joint, was_after) = (joint_colon, after_separator);
            joint_colon = matches!(&token, TokenTree::Punct(p) if p.as_char() == ':' && p.spacing() == Spacing::Joint);
            after_separator =
                was_joint && matches!(&token, TokenTree::Punct(p) if p.as_char() == ':');
            match token {
                TokenTree::Ident(name)
                    if !was_after && self.defined.contains(&name.to_string()) =>
                {
                    out.extend(quote!(#models::#name));
                }
                TokenTree::Group(group) => {
                    let inner = self.qualified(group.stream());
                    let mut copy = Group::new(group.delimiter(), inner);
                    copy.set_span(group.span());
                    out.extend([TokenTree::Group(copy)]);
                }
                other => out.extend([other]),
            }
        }
        out
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
        let ty = self.rust_type(schema, &site);
        self.qualified(ty)
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
    fn models_head(&self, docs: DocLints) -> TokenStream {
        let allow_deprecated = (self.deprecated_fields || self.has_deprecated_schemas()).then(|| {
            quote!(#![allow(
                deprecated,
                reason = "the document's deprecated schemas and properties are still read and written"
            )])
        });
        let union_import = self.unions.any().then(union::union_import);
        let allow_missing_docs = self.undocumented.then(|| {
            quote!(#![allow(
                missing_docs,
                reason = "what the document does not describe has no doc rather than a filler one"
            )])
        });
        let lints = &self.lints;
        let allow_large_variants = lints.large_enum_variant.then(|| {
            quote!(#![allow(
                clippy::large_enum_variant,
                reason = "untagged enums mirror the document's compositions; boxing would change their API"
            )])
        });
        let allow_variant_names = lints.enum_variant_names.then(|| {
            quote!(#![allow(
                clippy::enum_variant_names,
                reason = "variant names are the document's schema names and values"
            )])
        });
        let allow_complex_types = lints.type_complexity.then(|| {
            quote!(#![allow(
                clippy::type_complexity,
                reason = "types mirror the document's nesting (arrays of arrays, maps of arrays)"
            )])
        });
        let rustdoc: Vec<TokenStream> = [
            (docs.urls, quote!(rustdoc::bare_urls)),
            (docs.angle_brackets, quote!(rustdoc::invalid_html_tags)),
        ]
        .into_iter()
        .filter_map(|(tripped, lint)| tripped.then_some(lint))
        .collect();
        let allow_rustdoc = (!rustdoc.is_empty()).then(|| {
            quote!(#![allow(
                #(#rustdoc,)*
                reason = "doc comments quote the document's descriptions as written"
            )])
        });
        quote! {
            //! Types of the API's schemas.

            #allow_deprecated
            #allow_missing_docs
            #allow_large_variants
            #allow_variant_names
            #allow_complex_types
            #allow_rustdoc

            #union_import
        }
    }

    /// The formatted `models.rs` file, with the generated-file header naming
    /// `source` (the document as it should appear, e.g. a relative path):
    /// every definition made so far.
    pub fn emit_models(&mut self, source: &str) -> Result<String, Error> {
        let mut items = Vec::with_capacity(self.items.len());
        for ticket in std::mem::take(&mut self.items) {
            match self.printer.take(ticket) {
                Ok(printed) => items.push(printed),
                Err(error) => return Err(unparsable(Path::new("src/models.rs"), &error, source)),
            }
        }
        let docs = DocLints::of(&items);
        let head = self.models_head(docs);
        let head = self.printer.print(head);
        let mut text = match self.printer.take(head) {
            Ok(printed) => printed,
            Err(error) => return Err(unparsable(Path::new("src/models.rs"), &error, source)),
        };
        for item in items {
            text.push_str(&item);
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

    /// The type of `schema` as `models` spells it: its own types by their
    /// bare names.
    fn rust_type(&mut self, schema: &SchemaRef, site: &Site) -> TokenStream {
        match schema {
            SchemaRef::Named(name) => {
                let Some(rust) = self.named.get(name) else {
                    // The loader refuses dangling references; a model built by
                    // hand still gets a type that compiles.
                    return quote!(serde_json::Value);
                };
                let ty = ident(rust).into_token_stream();
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
                // The schema's key, made once: it serializes the schema.
                let schema_key = SchemaKey::of(schema);
                let shared = self.sharing_key(&schema_key, &defined, site.owner.as_deref());
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
                    .filter(|shared| !self.type_names.is_taken(&shared.name))
                    .cloned();
                let rust = self.type_names.allocate(
                    preferred
                        .as_ref()
                        .map_or(site.context.as_str(), |shared| shared.name.as_str()),
                );
                let doc = schema_doc(schema).unwrap_or_else(|| match &preferred {
                    Some(shared) => self.shared_doc(shared),
                    None => format!("The type of {}.", site.place),
                });
                let key = self.definition_key(&schema_key, &defined, site.owner.as_deref());
                let item = match self.first_definitions.get(&key) {
                    Some(first) => {
                        self.inline_aliases.insert(rust.clone(), first.clone());
                        let doc = doc_attrs(&format!("{doc}\n\nThe same type as [`{first}`]."));
                        let (name, first) = (ident(&rust), ident(first));
                        quote! {
                            #doc
                            pub type #name = #first;
                        }
                    }
                    None => {
                        self.first_definitions.insert(key, rust.clone());
                        let written = self.writable.inline(&schema_key);
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
                self.defined.insert(rust.clone());
                let ty = ident(&rust).into_token_stream();
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

    /// Where a shared inline type is used: "The type of the `engine`
    /// property of [`A`], [`B`] and [`C`]."
    fn shared_doc(&self, shared: &SharedName) -> String {
        let mut owners: Vec<String> = shared
            .owners
            .iter()
            .filter_map(|owner| self.named.get(owner))
            .map(|rust| format!("[`{}`]", identifier::bare(rust)))
            .collect();
        owners.dedup();
        // A long list (an enum in twenty webhook payloads) names a few.
        const SHOWN: usize = 5;
        if owners.len() > SHOWN + 1 {
            let more = owners.len() - SHOWN;
            owners.truncate(SHOWN);
            owners.push(format!("{more} other schemas"));
        }
        let listed = match owners.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
            _ => owners.concat(),
        };
        format!("The type of the `{}` property of {listed}.", shared.wire)
    }

    /// How an inline type of `shape` can be shared between places: its
    /// schema's key (the lookup key) and which references it boxes under
    /// `owner`. `None` when its layout holds inline types of its own whose
    /// boxing would depend on the place (such types are not shared).
    fn sharing_key(
        &self,
        key: &SchemaKey,
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
        Some((key.clone(), boxed))
    }

    /// What makes an inline definition: two schemas with the same key
    /// define the same type under different names. A string enum is its
    /// values (its description only documents the type, and an alias keeps
    /// its own); any other shape is the whole schema, descriptions included
    /// (they become field docs), and which references its owner boxes (the
    /// same schema inside a reference cycle boxes differently).
    fn definition_key(
        &self,
        key: &SchemaKey,
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
        DefinitionKey::Schema(key.clone(), boxed.into_iter().map(str::to_owned).collect())
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
            Shape::StringEnum(values) => {
                let mut variants = string_enum::variant_names(values);
                variants.push("Other".to_owned());
                self.lints.enum_variants(rust, &variants);
                string_enum::string_enum(rust, doc, values, &self.std)
            }
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

    /// The Rust type of a string, integer, number or boolean schema.
    fn scalar_type(&self, kind: &SchemaKind) -> Option<TokenStream> {
        Some(match kind {
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
            _ => return None,
        })
    }

    /// Types that need no definition of their own.
    fn plain_type(&mut self, schema: &Schema, site: &Site) -> TokenStream {
        if let Some(scalar) = self.scalar_type(&schema.kind) {
            return scalar;
        }
        match &schema.kind {
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
        let doc = with_value_notes(doc.unwrap_or_default(), target);
        self.undocumented |= doc.is_empty();
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
            // A `readOnly` property of a struct a caller builds is the
            // server's to fill: no argument of `new`, no setter, an `Option`
            // read from answers and never sent.
            let read_only = self.model.resolve(property).is_some_and(|s| s.read_only);
            let required = &(*required && !(written && read_only));
            let doc = property_doc(property, read_only && written);
            self.undocumented |= doc.is_empty();
            let doc = doc_attrs(&doc);
            let field_ident = ident(&field);
            // One `#[serde(...)]` per field, as a person would write it.
            let mut serde_args = Vec::new();
            let bare = identifier::bare(&field);
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
            let into = if *required { ty.clone() } else { value };
            // The field, and a constructor's or setter's `impl Into<T>`.
            self.lints.types([&ty, &quote!(impl Into<#into>)]);
            settable.push(constructors::Settable {
                field: super::identifier::Identifier::parse(&field),
                ty: into,
                required: *required,
                setter: !(written && read_only),
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
            self.lints
                .types([&quote!(std::collections::BTreeMap<#string, #value>)]);
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
        // Each variant's name and type.
        let mut converted = Vec::new();
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
            .unwrap_or_default();
            self.undocumented |= doc.is_empty();
            let doc = doc_attrs(&doc);
            chosen.push(union::UnionVariant {
                name: variant.clone(),
                branch,
            });
            converted.push((variant.clone(), ty.clone()));
            let variant = ident(&variant);
            variants.push(quote! {
                #doc
                #variant(#ty),
            });
        }
        let (from_impls, no_from) = self.variant_conversions(rust, &converted);
        let names: Vec<String> = converted.iter().map(|(name, _)| name.clone()).collect();
        self.lints.enum_variants(rust, &names);
        self.lints.large_enum_variant |= names.len() > 1;
        // `From<T>`'s argument.
        self.lints.types(converted.iter().map(|(_, ty)| ty));
        let doc = if no_from.is_empty() {
            doc.to_owned()
        } else {
            let listed: Vec<String> = no_from.iter().map(|v| format!("`{v}`")).collect();
            let mut doc = doc.to_owned();
            add_note(
                &mut doc,
                &format!(
                    "No `From` impl for the {} form{}: another form's type is, or may be, the same.",
                    listed.join(", "),
                    if listed.len() > 1 { "s" } else { "" }
                ),
            );
            doc
        };
        let deserialize = union::deserialize_impl(
            self.model,
            rust,
            schema,
            &chosen,
            &self.std,
            &mut self.unions,
        );
        let doc = doc_attrs(&doc);
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

            #(#from_impls)*
        }
    }

    /// `impl From<T> for #rust` for each variant whose type `T` is its own
    /// (aliases seen through): so `new(.., impl Into<Union>)` takes a
    /// variant's value. A variant whose type another variant has too gets
    /// none, nor does any variant when an alias cannot be seen through (an
    /// alias of an inline type not made yet). Those are returned by name
    /// for the enum's doc.
    fn variant_conversions(
        &self,
        rust: &str,
        variants: &[(String, TokenStream)],
    ) -> (Vec<TokenStream>, Vec<String>) {
        let texts: Vec<Option<String>> = variants
            .iter()
            .map(|(_, ty)| self.without_aliases(ty.clone(), 0).map(|t| t.to_string()))
            .collect();
        let all_known = texts.iter().all(Option::is_some);
        let (mut impls, mut skipped) = (Vec::new(), Vec::new());
        let from = &self.std.from;
        let union = ident(rust);
        for ((variant, ty), text) in variants.iter().zip(&texts) {
            let shared = texts.iter().filter(|t| *t == text).count() > 1;
            if shared || !all_known {
                skipped.push(identifier::bare(variant).to_owned());
                continue;
            }
            let name = ident(variant);
            impls.push(quote! {
                impl #from<#ty> for #union {
                    fn from(value: #ty) -> Self {
                        Self::#name(value)
                    }
                }
            });
        }
        (impls, skipped)
    }

    /// `ty` with every alias of `models` replaced by what it stands for, so
    /// two spellings of one type compare equal; `None` when an alias's
    /// target is not known without defining more types.
    fn without_aliases(&self, ty: TokenStream, depth: usize) -> Option<TokenStream> {
        if depth > 16 {
            return None;
        }
        let mut out = TokenStream::new();
        for token in ty {
            match token {
                TokenTree::Ident(name) => {
                    let text = name.to_string();
                    let target = if let Some(schema) = self.named_aliases.get(&text) {
                        let schema = self.model.schemas.get(schema)?;
                        Some(self.pure_type(named_alias(self.model, schema)?, depth)?)
                    } else {
                        self.inline_aliases
                            .get(&text)
                            .map(|first| ident(first).into_token_stream())
                    };
                    match target {
                        Some(target) => out.extend(self.without_aliases(target, depth + 1)?),
                        None => out.extend([TokenTree::Ident(name)]),
                    }
                }
                TokenTree::Group(group) => {
                    let inner = self.without_aliases(group.stream(), depth + 1)?;
                    out.extend([TokenTree::Group(Group::new(group.delimiter(), inner))]);
                }
                other => out.extend([other]),
            }
        }
        Some(out)
    }

    /// The type [`plain_type`](Self::plain_type) gives `schema` (or the
    /// part a `Same` shape stands for), when that defines no type; `None`
    /// when it would.
    fn pure_type(&self, schema: &Schema, depth: usize) -> Option<TokenStream> {
        if depth > 16 {
            return None;
        }
        let of_ref = |part: &SchemaRef| -> Option<TokenStream> {
            let ty = match part {
                SchemaRef::Named(name) => ident(self.named.get(name)?).into_token_stream(),
                SchemaRef::Inline(inline) => self.pure_type(inline, depth + 1)?,
            };
            Some(self.optional_if(nullable(self.model, part), ty))
        };
        match shape(self.model, schema) {
            Shape::Same(SchemaRef::Named(name)) => {
                Some(ident(self.named.get(name)?).into_token_stream())
            }
            Shape::Same(SchemaRef::Inline(inline)) => self.pure_type(inline, depth + 1),
            Shape::Plain => Some(match &schema.kind {
                kind @ (SchemaKind::String { .. }
                | SchemaKind::Integer { .. }
                | SchemaKind::Number { .. }
                | SchemaKind::Boolean) => self.scalar_type(kind)?,
                SchemaKind::Array { items } => {
                    let item = of_ref(items)?;
                    let vec = &self.std.vec;
                    quote!(#vec<#item>)
                }
                SchemaKind::Object {
                    additional_properties: AdditionalProperties::Schema(value),
                    ..
                } => {
                    let value = of_ref(value)?;
                    let string = &self.std.string;
                    quote!(std::collections::BTreeMap<#string, #value>)
                }
                _ => quote!(serde_json::Value),
            }),
            _ => None,
        }
    }
}

/// What a named schema's `pub type` alias stands for, when it is one: past
/// the inline wrappers its definition unwraps, a schema that needs no
/// definition of its own (`Same` or `Plain`).
fn named_alias<'a>(model: &'a Model, schema: &'a Schema) -> Option<&'a Schema> {
    let mut target = schema;
    for _ in 0..crate::model::MAX_REF_CHAIN {
        match shape(model, target) {
            Shape::Same(SchemaRef::Inline(inner)) => target = inner,
            Shape::Same(_) | Shape::Plain => return Some(target),
            _ => return None,
        }
    }
    None
}

/// Whether a struct reads best with `#[serde(rename_all = "camelCase")]`:
/// at least two of its wire names are the camel case of their fields
/// (`pushName` for `push_name`), more than those the rule would then need
/// renamed back (`snake_case` kept as it is). Only for ASCII field names, the ones serde's rule handles.
fn renames_are_camel_case<'a>(fields: impl Iterator<Item = (&'a String, &'a String)>) -> bool {
    let (mut saved, mut added) = (0, 0);
    for (wire, field) in fields {
        let bare = identifier::bare(field);
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

/// A name for an inline type that two or more properties of named schemas
/// hold, all under the same property name, and the schemas that hold it.
#[derive(Debug, Clone)]
struct SharedName {
    /// The property's name in upper camel case (`engine` → `Engine`).
    name: String,
    /// The property's name as the document writes it.
    wire: String,
    /// The named schemas whose property it is, in document order.
    owners: Vec<String>,
}

/// The [`SharedName`]s of a model, by schema key.
fn shared_names(model: &Model) -> HashMap<SchemaKey, SharedName> {
    // Schema key → the schemas holding it, their common property name.
    let mut seen: HashMap<SchemaKey, (Vec<String>, Option<String>)> = HashMap::new();
    for (owner, schema) in &model.schemas {
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
                .or_insert_with(|| (Vec::new(), Some(wire.clone())));
            entry.0.push(owner.clone());
            if entry.1.as_deref() != Some(wire.as_str()) {
                entry.1 = None;
            }
        }
    }
    seen.into_iter()
        .filter_map(|(key, (owners, wire))| {
            let wire = wire?;
            let name = names::upper_camel_case_or(&wire, "");
            (owners.len() > 1 && !name.is_empty() && !name.starts_with("r#"))
                .then_some((key, SharedName { name, wire, owners }))
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

/// The doc of a struct field: what the document says about the property,
/// empty when it says nothing (no filler). A referenced schema's
/// description is about the type, not this field, so only an inline schema
/// speaks for the field.
fn property_doc(property: &SchemaRef, read_only: bool) -> String {
    let mut doc = match property {
        SchemaRef::Inline(inline) => {
            with_value_notes(schema_doc(inline).unwrap_or_default(), inline)
        }
        SchemaRef::Named(_) => String::new(),
    };
    if read_only {
        add_note(
            &mut doc,
            "Set by the server (`readOnly`): read from answers, never sent.",
        );
    }
    doc
}

/// `note` as a paragraph of its own after `doc`.
fn add_note(doc: &mut String, note: &str) {
    if !doc.is_empty() {
        doc.push_str("\n\n");
    }
    doc.push_str(note);
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
        add_note(&mut doc, &format!("Allowed values: {}.", values.join(", ")));
    }
    // Formats the Rust type does not carry (it is `String` for all of them
    // but the integers sent as strings).
    if let SchemaKind::String {
        format: Some(format),
        enumeration,
    } = &schema.kind
    {
        if string_int(Some(format)).is_some() && enumeration.is_empty() {
            add_note(
                &mut doc,
                "Sent as a string of digits; read from a string or a number, written as a string.",
            );
        } else {
            add_note(&mut doc, &format!("Format: `{format}`."));
        }
    }
    if let Some(default) = &schema.default {
        let shown = match default {
            Value::String(text) => format!("`{text:?}`"),
            other => format!("`{other}`"),
        };
        add_note(&mut doc, &format!("Default: {shown}."));
    }
    if schema.deprecated {
        add_note(&mut doc, "Deprecated by the API.");
    }
    doc
}

#[cfg(test)]
pub(crate) mod tests;
