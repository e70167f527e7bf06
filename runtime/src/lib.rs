//! The runtime under every client `openapi-wa-generator` writes: client
//! configuration, authentication, request encoding, typed errors, retries and
//! Server-Sent Events streams that reconnect, and the receiver ([`webhook`])
//! for the events a server pushes to its webhooks.
//!
//! A generated client depends on this crate (as progenitor's code depends on
//! `progenitor-client`) instead of carrying a copy of it, so an application
//! with several generated clients compiles it once, and a fix here reaches
//! every client without regenerating. Nothing in it is specific to one API:
//! what an error tells the user beyond the server's words comes from the
//! document (`x-error-hint`, carried by [`OperationInfo::error_hints`]).
//!
//! Generated code declares each operation as a static [`OperationInfo`]
//! (built with `const` constructors, so a later runtime can grow it) and
//! its methods call the runtime like this:
//!
//! ```no_run
//! use openapi_wa_runtime::{AuthScheme, Client, Error, Method, OperationInfo, RetryPolicy};
//!
//! /// `GET /pets/{petId}/events`, the API key in the `x-api-key` header.
//! static WATCH_PET: OperationInfo = OperationInfo::new("watchPet", Method::Get, "/pets/{petId}/events")
//!     .with_security(&[&[AuthScheme::ApiKeyHeader("x-api-key")]]);
//!
//! #[derive(Debug, serde::Deserialize)]
//! struct PetEvent {
//!     name: String,
//! }
//!
//! async fn watch(client: &Client, pet_id: &str) -> Result<(), Error> {
//!     let mut events = client
//!         .request(&WATCH_PET)            // a static OperationInfo
//!         .path_param("petId", pet_id)?   // one percent-encoded segment
//!         .query("limit", 25)
//!         .send_sse::<PetEvent>()         // or send_json, send_bytes, send_text, send_empty
//!         .await?;
//!     while let Some(event) = events.next().await {
//!         println!("{}", event?.data.name);
//!     }
//!     Ok(())
//! }
//!
//! # async fn run() -> Result<(), Error> {
//! let client: Client = Client::builder()
//!     .base_url("http://localhost:8080")
//!     .api_key("my-key")
//!     .retry(RetryPolicy::default().with_max_retries(3))
//!     .build()?;
//! watch(&client, "7").await
//! # }
//! ```
//!
//! A caller who needs a response's status and headers makes the same chain
//! and ends it with `send_json_with_response` (or `_bytes_`, `_text_`,
//! `_empty_`), which gives a [`Response`].

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod catalog;
mod client;
mod encode;
mod error;
#[doc(hidden)]
pub mod for_generated_code;
pub mod int_string;
mod multipart;
mod operation;
mod request;
mod response;
mod retry;
mod sse;
mod tls;
pub mod webhook;

pub use client::{
    Client, ClientBuilder, DEFAULT_MAX_BODY_SIZE, DEFAULT_TIMEOUT, MAX_REDIRECTS,
    same_origin_redirects,
};
pub use error::{ApiError, Error, MAX_EXCERPT, MAX_EXPLANATION, MAX_EXPLANATIONS, explanations};
pub use multipart::{FilePart, Multipart};
pub use operation::{
    AuthScheme, ErrorHint, Method, OperationInfo, ResponseCode, SecurityRequirement,
    SentCredentials, StreamInfo,
};
pub use request::{Binary, FormField, FormStyle, PathStyle, RequestBuilder};
pub use response::Response;
pub use retry::RetryPolicy;
pub use sse::{Event, EventStream, RawEvent, SseLimitExceeded, SseOptions, SseParser};
pub use tls::install_crypto_provider;

/// Re-exported for generated code (`bytes::Bytes` bodies), so a crate that
/// includes a generated client needs no `bytes` dependency of its own.
pub use bytes;

/// The trait an [`EventStream`] implements, for code generic over streams.
pub use futures_util::Stream;
