//! Rust emission: from the model to the source files of a client crate.
//!
//! `plan` decides names and shapes, `types` gives every schema a Rust type,
//! `operations` writes one module per resource, `metadata` the operation
//! catalog data, and `krate` assembles, formats and writes the files.

pub mod krate;
pub mod metadata;
pub mod names;
pub mod operations;
pub mod plan;
mod print;
pub mod types;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// `#[doc]` attributes, one per line, so prettyplease prints `///` comments.
pub(crate) fn doc_attrs(text: &str) -> TokenStream {
    let lines = text.trim().lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {}", line.trim_end())
        };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// An identifier from a name the planner made valid; `r#` marks a raw one.
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}
