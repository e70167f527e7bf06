//! Rust emission: from the model to the files of a client, in memory.
//!
//! `plan` decides names and shapes as data; `types` gives every schema a
//! Rust type and writes the models; `operations` writes one module per
//! resource, `events` the webhooks' `Event` enum, `metadata` the operation
//! catalog's data, `root` the client's root items; `print` formats the
//! tokens; `layout` assembles the files (a crate's sources or one
//! includable file) and `manifest` a standalone crate's `Cargo.toml`.
//! Nothing here writes to disk: that is [`crate::output`]'s job.

pub mod events;
pub mod identifier;
pub mod layout;
pub mod manifest;
pub mod metadata;
pub mod names;
pub mod operations;
// Decisions before tokens, public for the tests that check them as data;
// not part of the documented API.
#[doc(hidden)]
pub mod plan;
mod print;
pub(crate) mod root;
pub(crate) mod text;
pub mod types;

use proc_macro2::{Ident, TokenStream};
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

/// An identifier from a name made valid as text (`names::snake_case_or`);
/// `r#` marks a raw one.
pub(crate) fn ident(name: &str) -> Ident {
    identifier::Identifier::parse(name).ident()
}

/// The path generated code reaches the models by. Relative (`super::`), never
/// `crate::`: every generated module is a child of the client's root, which
/// is the crate root in a generated crate and any module of the user's in
/// code `include!`d from a build script, so the same path works in both.
/// Every reference to a model goes through this helper.
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
