//! The hand-written runtime under the generated operations: client
//! configuration, authentication, request encoding, typed errors, retries and
//! Server-Sent Events streams that reconnect, and the webhook receiver
//! ([`webhook`]) for the events the server pushes.
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

mod client;
mod encode;
mod error;
pub mod int_string;
mod multipart;
mod operation;
mod request;
mod retry;
mod sse;
pub mod webhook;

pub use client::{
    Client, ClientBuilder, DEFAULT_MAX_BODY_SIZE, DEFAULT_TIMEOUT, MAX_REDIRECTS,
    same_origin_redirects,
};
pub use error::{ApiError, Error};
pub use multipart::{FilePart, Multipart};
pub use operation::{ApiKeyPlacement, Method, OperationInfo, StreamInfo, reads_as};
pub use request::{Binary, FormField, FormStyle, RequestBuilder};
pub use retry::RetryPolicy;
pub use sse::{Event, EventStream, SseLimitExceeded, SseOptions, SseParser};
