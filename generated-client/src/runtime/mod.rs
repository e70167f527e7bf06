//! The hand-written runtime under the generated operations: client
//! configuration, authentication, request encoding, typed errors, retries and
//! Server-Sent Events streams that reconnect.
//!
//! It depends only on crates.io crates and on nothing else in its crate, so
//! the generator copies it unchanged into every crate it writes.
//!
//! Generated methods call it like this:
//!
//! ```ignore
//! self.client
//!     .request(&ADD_SESSION_SSE)          // a static OperationInfo
//!     .path_param("phone", phone)?        // one percent-encoded segment
//!     .query_opt("limit", options.limit.as_ref())
//!     .send_sse::<SessionEvent>()         // or send_json, send_bytes, send_text, send_empty
//!     .await
//! ```
//!
//! A caller who needs a response's status and headers makes the same chain
//! and ends it with `send_json_with_response` (or `_bytes_`, `_text_`,
//! `_empty_`), which gives a [`Response`] (`response.rs`).

mod client;
mod encode;
mod error;
pub mod int_string;
mod multipart;
mod operation;
mod request;
mod response;
mod retry;
mod sse;

pub use client::{
    Client, ClientBuilder, DEFAULT_MAX_BODY_SIZE, DEFAULT_TIMEOUT, MAX_REDIRECTS,
    same_origin_redirects,
};
pub use error::{ApiError, Error};
pub use multipart::{FilePart, Multipart};
pub use operation::{ApiKeyPlacement, Method, OperationInfo, StreamInfo, reads_as};
pub use request::{Binary, FormField, FormStyle, RequestBuilder};
pub use response::Response;
pub use retry::RetryPolicy;
pub use sse::{Event, EventStream, SseLimitExceeded, SseOptions, SseParser};
