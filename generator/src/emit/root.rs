//! The client's root: the items of `lib.rs` (or of the module a build
//! script's output is included in): `Client`, its builder, the runtime's
//! re-exports, the crate's documentation with its example, and the
//! `catalog` module over the generated `metadata`.

use proc_macro2::TokenStream;
use quote::quote;

use super::layout::CrateOptions;
use super::plan::CratePlan;
use crate::model::Model;

/// The `catalog` module: the runtime's catalog functions on this client's
/// `metadata`.
pub(super) fn catalog_tokens() -> TokenStream {
    let rt = super::runtime_path();
    quote! {
        //! The operation catalog: every operation of the API with its metadata
        //! (resource, name, action, fields), for listing and looking up
        //! operations at run time, and the n8n node properties JSON built from
        //! the same document.

        pub use #rt::catalog::{EventMeta, FieldLocation, FieldMeta, FieldType, OperationMeta};

        /// Every operation, in module order then document order.
        pub fn operations() -> &'static [OperationMeta] {
            super::metadata::OPERATIONS
        }

        /// Looks an operation up by resource and operation, each given as the
        /// n8n value, the Rust name, or kebab case; letter case, spaces, `-`
        /// and `_` do not matter.
        pub fn find(resource: &str, operation: &str) -> Option<&'static OperationMeta> {
            #rt::catalog::find(operations(), resource, operation)
        }

        /// Looks an operation up by its `operationId`.
        pub fn by_id(id: &str) -> Option<&'static OperationMeta> {
            #rt::catalog::by_id(operations(), id)
        }

        /// Every event the document's webhooks declare, in document order.
        pub fn events() -> &'static [EventMeta] {
            super::metadata::EVENTS
        }

        /// Looks an event up by its name (`message.ack`), exactly as the
        /// server sends it.
        pub fn event(name: &str) -> Option<&'static EventMeta> {
            #rt::catalog::event(events(), name)
        }

        /// The n8n node properties of the document, exactly as
        /// `@devlikeapro/n8n-openapi-node` 0.1.4 builds them
        /// (`JSON.stringify(value, null, 2)` and a newline).
        pub fn n8n_properties_json() -> &'static str {
            super::metadata::N8N_PROPERTIES_JSON
        }
    }
}

/// The client's root items: the `Client` type (wrapping the runtime's, so
/// each resource module can add its accessor as an inherent method), its
/// builder, and the runtime types users name.
pub(super) fn root_tokens(model: &Model, plan: &CratePlan, included: bool) -> TokenStream {
    let rt = super::runtime_path();
    // Included in a module of the user's (a binary's, say), the client's
    // items are not a library's public API: what the program does not call
    // would be warned about as unused.
    let (unused_imports, dead_code) = if included {
        (
            quote!(#[allow(unused_imports, reason = "the client's API: a program uses part of it")]),
            quote!(#[allow(dead_code, reason = "the client's API: a program uses part of it")]),
        )
    } else {
        (TokenStream::new(), TokenStream::new())
    };
    let reexports = quote! {
        /// The runtime under this client: its builder's options
        /// ([`RetryPolicy`](runtime::RetryPolicy),
        /// [`SseOptions`](runtime::SseOptions)), the request builder for
        /// generic callers, ...
        #unused_imports
        pub use #rt as runtime;
        #unused_imports
        pub use #rt::{Binary, Error, Event, EventStream, Response};

        /// The `bytes` crate of [`Binary`]'s body, re-exported so an
        /// application needs no dependency of its own on it.
        #unused_imports
        pub use #rt::bytes;
        /// The `serde_json` crate of the models' free-form fields
        /// (`serde_json::Value`), re-exported likewise.
        #unused_imports
        pub use serde_json;
        /// What an [`EventStream`] is, for code generic over streams (its
        /// inherent `next` reads it without any import).
        #unused_imports
        pub use #rt::Stream;
    };
    if plan.resources.is_empty() {
        return reexports;
    }
    let title = super::text::one_line(model.title.trim());
    let client_doc = super::doc_attrs(&format!(
        "A client of {title}: one handle per resource (`client.{}()`), built with \
         [`Client::builder`].\n\nIt wraps the runtime's [`Client`](runtime::Client) \
         and dereferences to it (its base URL, and `request` for generic callers). \
         Cheap to clone: clones share one connection pool.",
        plan.resources[0].module
    ));
    quote! {
        #reexports

        #client_doc
        #[derive(Debug, Clone)]
        #dead_code
        pub struct Client {
            inner: #rt::Client,
        }

        #dead_code
        impl Client {
            /// Starts configuring a client: a base URL (required) and the
            /// credentials, plus the options of [`ClientBuilder`].
            pub fn builder() -> ClientBuilder {
                ClientBuilder::new()
            }
        }

        impl From<#rt::Client> for Client {
            fn from(inner: #rt::Client) -> Self {
                Client { inner }
            }
        }

        // Deref, so everything the runtime's client offers stays one call
        // away, and generic callers pass `&client` where it is expected.
        impl std::ops::Deref for Client {
            type Target = #rt::Client;

            fn deref(&self) -> &#rt::Client {
                &self.inner
            }
        }

        /// Configures a [`Client`]: the runtime's builder, building this
        /// client's type.
        #dead_code
        pub type ClientBuilder = #rt::ClientBuilder<Client>;
    }
}

pub(super) fn lib_tokens(
    model: &Model,
    plan: &CratePlan,
    modules: &[String],
    options: &CrateOptions,
    root: TokenStream,
    has_events: bool,
) -> TokenStream {
    let mut doc = format!(
        "{} {}: a typed async client.",
        model.title.trim(),
        model.version
    )
    .replace(" : a typed", ": a typed");
    if let Some(description) = &model.description {
        doc.push_str("\n\n");
        doc.push_str(description.trim());
    }
    doc.push_str(
        "\n\nBuild a [`Client`] with [`Client::builder`], then call operations through one \
         handle per resource. With the `n8n` feature, `catalog` lists every operation with its \
         metadata.",
    );
    if has_events {
        doc.push_str(
            " [`events`] holds the events the server sends to a webhook; \
             [`runtime::webhook`] receives them.",
        );
    }
    let events = has_events.then(|| {
        let m = super::ident(super::plan::EVENTS_MODULE);
        quote!(#[rustfmt::skip] pub mod #m;)
    });
    let doc_lines = super::inner_doc_attrs(&doc);
    let example = options
        .lib_name
        .as_deref()
        .and_then(|lib| usage_example(model, plan, lib))
        .map(|lines| quote!(#(#![doc = #lines])*));
    let modules = modules.iter().map(|m| {
        let m = super::ident(m);
        quote!(#[rustfmt::skip] pub mod #m;)
    });
    let hand_written = options.hand_written.iter().map(|m| {
        let m = super::ident(m);
        quote!(pub mod #m;)
    });
    quote! {
        #doc_lines
        #example
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]
        // Generated files are laid out by prettyplease; rustfmt leaves them be,
        // so `cargo fmt` and `codegen --check` agree.
        #![cfg_attr(rustfmt, rustfmt::skip)]

        #[cfg(feature = "n8n")]
        #[rustfmt::skip]
        pub mod catalog;
        #events
        #[cfg(feature = "n8n")]
        #[rustfmt::skip]
        pub mod metadata;
        #[rustfmt::skip]
        pub mod models;
        #(#modules)*
        #(#hand_written)*

        #root
    }
}

/// How the crate root's example starts (after its `For example:` line).
pub(crate) const EXAMPLE_START: &str = "```no_run\n# async fn example() -> Result<(), ";

/// The crate root's example, as `//!` lines: build the client and call the
/// document's first operation that takes only scalar arguments and no body
/// (a `no_run` doctest, so `cargo test` compiles it). The code is ours:
/// identifiers from the planner, string arguments named after parameters
/// (never document text), so it needs no escaping.
fn usage_example(model: &Model, plan: &CratePlan, lib: &str) -> Option<Vec<String>> {
    use super::plan::ValueType;
    let (resource, op) = plan
        .resources
        .iter()
        .flat_map(|r| r.operations.iter().map(move |op| (r, op)))
        .filter(|(_, op)| {
            op.body.is_none()
                && !op.deprecated
                && op.required_params.iter().all(|p| {
                    matches!(
                        p.value_type,
                        ValueType::Str
                            | ValueType::Integer
                            | ValueType::Number
                            | ValueType::Boolean
                    )
                })
        })
        .min_by_key(|(_, op)| op.index)?;
    let args: Vec<String> = op
        .required_params
        .iter()
        .map(|p| match p.value_type {
            ValueType::Str => format!("{:?}", p.ident.as_str()),
            ValueType::Integer => "1".to_owned(),
            ValueType::Number => "1.0".to_owned(),
            _ => "true".to_owned(),
        })
        .chain(
            op.options_type
                .as_ref()
                .map(|_| "&Default::default()".to_owned()),
        )
        .collect();
    let base_url = model
        .servers
        .first()
        .map(|s| s.url.as_str())
        .filter(|url| {
            url.starts_with("http")
                && url
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || ":/.-_".contains(c))
        })
        .unwrap_or("http://localhost:8080");
    // The first alternative of the operation's security the client can
    // send, each of its schemes given.
    let credentials: String = op
        .security
        .iter()
        .find(|alternative| {
            !alternative
                .iter()
                .any(|a| matches!(a, super::plan::AuthPlacement::Unsupported(_)))
        })
        .map(|alternative| {
            let mut setters: Vec<&str> = Vec::new();
            for placement in alternative {
                let setter = match placement {
                    super::plan::AuthPlacement::Header(_)
                    | super::plan::AuthPlacement::Query(_) => "\n    .api_key(\"my-key\")",
                    super::plan::AuthPlacement::Bearer => "\n    .bearer_token(\"my-token\")",
                    super::plan::AuthPlacement::Basic => {
                        "\n    .basic_auth(\"my-user\", Some(\"my-password\"))"
                    }
                    super::plan::AuthPlacement::Unsupported(_) => "",
                };
                if !setters.contains(&setter) {
                    setters.push(setter);
                }
            }
            setters.concat()
        })
        .unwrap_or_default();
    let code = format!(
        "{EXAMPLE_START}{lib}::Error> {{\n\
         let client = {lib}::Client::builder()\n    .base_url({base_url:?}){credentials}\n    .build()?;\n\
         let answer = client.{}().{}({}).await?;\n\
         # let _ = answer;\n# Ok(())\n# }}\n```",
        resource.module.ident(),
        op.variants[0].method_name.ident(),
        args.join(", ")
    );
    let mut lines = vec![String::new(), " For example:".to_owned(), String::new()];
    lines.extend(code.lines().map(|line| format!(" {line}")));
    Some(lines)
}
