//! Constructors and setters for the structs a caller writes: `new` with the
//! required fields, `with_<field>` for each optional one.
//!
//! ```text
//! SendMessageRequest::new(jid, message).with_type(RecipientType::Group)
//! ```
//!
//! Only structs a request body holds by value (directly, or through
//! properties, items, map values and compositions, across references) get
//! them: a caller builds those, while a response is only read, and every
//! method costs compile time. A struct whose fields are all optional gets
//! no `new` (it derives `Default`: `SendOptions::default().with_quoted(m)`).
//! Arguments are `impl Into<T>`, so `&str` gives a `String`, a value a
//! `Box` and an array a `Vec`; the methods are generic, so nothing is
//! compiled for a method the application does not call.

use std::collections::HashSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::identity::SchemaKey;
use crate::emit::identifier::Identifier;
use crate::emit::names::NameAllocator;
use crate::emit::{doc_attrs, ident};
use crate::model::{AdditionalProperties, Model, SchemaKind, SchemaRef};

/// The schemas a request body holds by value.
#[derive(Debug, Default)]
pub(super) struct Writable {
    /// Named schemas.
    named: HashSet<String>,
    /// Inline object schemas, by their key (how the type space shares them).
    inline: HashSet<SchemaKey>,
}

impl Writable {
    /// Everything the request bodies of `model` reach.
    pub fn of(model: &Model) -> Self {
        let mut writable = Writable::default();
        for operation in &model.operations {
            let Some(body) = &operation.request_body else {
                continue;
            };
            for media in &body.content {
                if let Some(schema) = &media.schema {
                    writable.walk(model, schema, 0);
                }
            }
        }
        writable
    }

    /// Whether the named schema `name` is written in a body.
    pub fn named(&self, name: &str) -> bool {
        self.named.contains(name)
    }

    /// Whether the inline schema whose key is `key` is written in a body.
    pub fn inline(&self, key: &SchemaKey) -> bool {
        self.inline.contains(key)
    }

    fn walk(&mut self, model: &Model, schema: &SchemaRef, depth: usize) {
        // Far deeper than any document nests; a fuse for a model built by hand.
        if depth > crate::load::MAX_DEPTH {
            return;
        }
        let schema = match schema {
            SchemaRef::Named(name) => {
                if !self.named.insert(name.clone()) {
                    return;
                }
                match model.schemas.get(name) {
                    Some(schema) => schema,
                    None => return,
                }
            }
            SchemaRef::Inline(inline) => {
                if matches!(
                    inline.kind,
                    SchemaKind::Object { .. } | SchemaKind::AllOf(_)
                ) {
                    self.inline.insert(SchemaKey::of(inline));
                }
                inline
            }
        };
        match &schema.kind {
            SchemaKind::Array { items } => self.walk(model, items, depth + 1),
            SchemaKind::Object {
                properties,
                additional_properties,
            } => {
                for property in properties.values() {
                    self.walk(model, &property.schema, depth + 1);
                }
                if let AdditionalProperties::Schema(value) = additional_properties {
                    self.walk(model, value, depth + 1);
                }
            }
            SchemaKind::OneOf(parts) | SchemaKind::AnyOf(parts) | SchemaKind::AllOf(parts) => {
                for part in parts {
                    self.walk(model, part, depth + 1);
                }
            }
            _ => {}
        }
    }
}

/// One field of a struct, as its constructor and setter see it.
pub(crate) struct Settable {
    /// The field's name.
    pub field: Identifier,
    /// The field's type; for an optional field, the `T` of its `Option<T>`.
    pub ty: TokenStream,
    /// An argument of `new` (a required field), else a setter.
    pub required: bool,
    /// An optional field gets a `with_` setter (not one the server fills,
    /// `readOnly`: `new` leaves it `None`).
    pub setter: bool,
}

/// `impl #rust { new, with_... }`; `additional` says whether the struct has
/// an `additional_properties` map (empty from `new`).
pub(crate) fn constructors(
    rust: &str,
    fields: &[Settable],
    additional: bool,
    into: &TokenStream,
) -> TokenStream {
    let ty = ident(rust);
    let required: Vec<&Settable> = fields.iter().filter(|f| f.required).collect();
    let new = (!required.is_empty()).then(|| {
        let arguments = required.iter().map(|f| {
            let (name, ty) = (&f.field, &f.ty);
            quote!(#name: impl #into<#ty>)
        });
        let values = fields.iter().map(|f| {
            let name = &f.field;
            if f.required {
                quote!(#name: #name.into())
            } else {
                quote!(#name: None)
            }
        });
        let extra = additional.then(|| quote!(additional_properties: std::collections::BTreeMap::new(),));
        let listed: Vec<String> = required.iter().map(|f| format!("`{}`", f.field)).collect();
        let doc = doc_attrs(&format!(
            "A `{rust}` from its required fields ({}).",
            listed.join(", ")
        ));
        // A schema with many required properties has as many arguments
        // (the struct is `#[non_exhaustive]`: no struct literal outside).
        let many = (required.len() > 7).then(|| {
            quote!(#[allow(clippy::too_many_arguments, reason = "one argument per required property")])
        });
        quote! {
            #doc
            #[must_use]
            #many
            pub fn new(#(#arguments),*) -> Self {
                Self {
                    #(#values,)*
                    #extra
                }
            }
        }
    });
    let mut methods = NameAllocator::with_reserved(&["new"]);
    let setters = fields.iter().filter(|f| !f.required && f.setter).map(|f| {
        // `self_` (a keyword's field) is set by `with_self`, `_2fa` (a
        // name that starts with a digit) by `with_2fa`.
        let setter = format!("with_{}", f.field.as_str().trim_matches('_'));
        let setter = ident(&methods.allocate(&setter));
        let (name, ty) = (&f.field, &f.ty);
        let doc = doc_attrs(&format!("Sets the optional `{}` field.", f.field));
        quote! {
            #doc
            #[must_use]
            pub fn #setter(mut self, #name: impl #into<#ty>) -> Self {
                self.#name = Some(#name.into());
                self
            }
        }
    });
    quote! {
        impl #ty {
            #new
            #(#setters)*
        }
    }
}
