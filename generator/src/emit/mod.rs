//! Rust emission: from the model to the source files of a client crate.
//!
//! `plan` decides names and shapes, `types` gives every schema a Rust type,
//! `operations` writes one module per resource, `metadata` the operation
//! catalog data, `events` the webhooks' `Event` enum, and `krate` assembles, formats and writes the files.

pub mod events;
pub mod krate;
pub mod metadata;
pub mod names;
pub mod operations;
// Decisions before tokens, public for the tests that check them as data;
// not part of the documented API.
#[doc(hidden)]
pub mod plan;
mod print;
pub(crate) mod text;
pub mod types;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// `#[doc]` attributes, one per line, so prettyplease prints `///` comments.
/// The text is document text: [`text::doc_lines`] makes it safe.
pub(crate) fn doc_attrs(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote!(#(#[doc = #lines])*)
}

/// `#![doc]` attributes (`//!` comments) for `text`, as [`doc_attrs`].
pub(crate) fn inner_doc_attrs(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote!(#(#![doc = #lines])*)
}

fn doc_lines(text: &str) -> Vec<String> {
    text::doc_lines(text)
        .into_iter()
        .map(|line| {
            if line.is_empty() {
                line
            } else {
                format!(" {line}")
            }
        })
        .collect()
}

/// An identifier from a name the planner made valid; `r#` marks a raw one.
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The path generated code reaches the models by. Relative (`super::`), never
/// `crate::`: every generated module is a child of the client's root, which
/// is the crate root in a generated crate and any module of the user's in
/// code `include!`d from a build script, so the same path works in both.
/// Every reference to a model from another module goes through this helper
/// (inside `models` its types are named bare).
pub(crate) fn models_path() -> TokenStream {
    quote!(super::models)
}

/// The runtime crate's path in generated code: an absolute `::` path, so no
/// module of the user's can shadow it.
pub(crate) fn runtime_path() -> TokenStream {
    quote!(::openapi_wa_runtime)
}

/// [`runtime_path`] as text, for paths inside strings
/// (`serialize_with = "..."`) and for files written as text (`metadata`).
pub(crate) const RUNTIME_PATH: &str = "::openapi_wa_runtime";
