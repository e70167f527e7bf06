//! Receiving webhook deliveries: a delivery's headers and raw body bytes in,
//! a typed event (the generated `events::Event`, or any [`WebhookEvent`])
//! out, without tying the application to a web framework.
//!
//! A [`Receiver`] checks, in this order: the body size (`Content-Length`
//! first, so an oversized body is refused before it is read; then while
//! reading, for bodies without one), the signature (a pluggable
//! [`Verifier`]; the `X-Webhook-Hmac` HMAC-SHA512 scheme is built in as
//! [`HmacSha512`]), the
//! timestamp's freshness when asked, and last the JSON, which must be an
//! object. A delivery that fails a check is a [`WebhookError`], never an
//! event. What the headers alone decide ([`Receiver::check_headers`]: the
//! declared size, a missing signature, the freshness) is checked before any
//! of the body is read. Only these are refused: a generated `events::Event`
//! reads every object, a declared event whose body does not fit its payload
//! type as `Event::Unreadable { name, body, reason }`, so every authentic
//! delivery reaches the application (a sender does not retry a refusal).
//!
//! ```no_run
//! use std::time::Duration;
//!
//! use openapi_wa_runtime::Stream;
//! use openapi_wa_runtime::bytes::Bytes;
//! use openapi_wa_runtime::webhook::{HeaderMap, HmacSha512, Receiver, WebhookError};
//!
//! // `serde_json::Value` here; a generated crate's `events::Event` in practice.
//! async fn receive(
//!     headers: &HeaderMap,
//!     body_stream: impl Stream<Item = Result<Bytes, std::io::Error>>,
//! ) -> Result<serde_json::Value, WebhookError> {
//!     let receiver = Receiver::new()
//!         .verifier(HmacSha512::try_new("my-hmac-key")?)
//!         .max_age(Duration::from_secs(300));
//!     let body = receiver.read_body(headers, body_stream).await?;
//!     receiver.parse(headers, &body)
//! }
//! ```
//!
//! With the `axum` feature, [`axum::handler`] is a ready route that answers
//! `202 Accepted` at once and hands each event to a channel, and
//! [`axum::serve`] serves it within [`axum::Limits`] (header and body
//! timeouts, a connection limit, a budget of buffered bytes, graceful
//! shutdown).
//!
//! The `X-Webhook-Hmac` scheme signs the body only: `X-Webhook-Timestamp`
//! is not covered by the signature, so the freshness check refuses late deliveries of an honest
//! sender but does not stop a replay that rewrites the header.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::{Bytes, BytesMut};
use futures_util::{Stream, StreamExt};
use hmac::{Hmac, Mac};
use reqwest::header::CONTENT_LENGTH;
/// The headers of a delivery, as the receiver reads them (re-exported so a
/// caller needs no HTTP crate of its own to build them).
pub use reqwest::header::HeaderMap;
use sha2::Sha512;

/// The largest body a [`Receiver`] reads unless told otherwise: 1 MiB (a
/// message event with a long text and its quoted message is a few KiB).
pub const DEFAULT_MAX_WEBHOOK_BODY: usize = 1024 * 1024;

/// The signature header: hex of HMAC-SHA512(key, raw body).
pub const HMAC_HEADER: &str = "x-webhook-hmac";
/// The algorithm header (`sha512`).
pub const HMAC_ALGORITHM_HEADER: &str = "x-webhook-hmac-algorithm";
/// The delivery time header, in milliseconds since the epoch.
pub const TIMESTAMP_HEADER: &str = "x-webhook-timestamp";
/// The delivery id header.
pub const REQUEST_ID_HEADER: &str = "x-webhook-request-id";

/// An event type a delivery's JSON body reads into; the generated
/// `events::Event` implements it, and so does `serde_json::Value`.
pub trait WebhookEvent: Sized {
    /// Reads the body. An event the type does not know must not be an error.
    fn from_value(body: serde_json::Value) -> Result<Self, serde_json::Error>;
}

impl WebhookEvent for serde_json::Value {
    fn from_value(body: serde_json::Value) -> Result<Self, serde_json::Error> {
        Ok(body)
    }
}

/// Why a delivery was refused.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// The body is larger than the receiver's limit.
    #[error("the body is larger than {limit} bytes")]
    TooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// The delivery carries no signature, and the receiver wants one.
    #[error("the delivery is not signed (no {header} header)")]
    MissingSignature {
        /// The header that was looked for.
        header: &'static str,
    },
    /// The signature is not the body's.
    #[error("the signature does not match the body")]
    BadSignature,
    /// The sender names an algorithm the verifier does not check.
    #[error("the signature algorithm is not the one expected ({expected})")]
    UnsupportedAlgorithm {
        /// What the verifier checks.
        expected: &'static str,
    },
    /// A freshness check was asked for and the delivery has no timestamp
    /// (or one that is not a number of milliseconds).
    #[error("the delivery has no valid {TIMESTAMP_HEADER} header")]
    MissingTimestamp,
    /// The timestamp is further from now than the receiver allows.
    #[error("the delivery is {age_ms} ms away from now, more than the {max_age_ms} ms allowed")]
    Stale {
        /// How far the timestamp is from now, in milliseconds.
        age_ms: u128,
        /// The allowed distance, in milliseconds.
        max_age_ms: u128,
    },
    /// The body is not JSON (or, for a strict event type, does not fit it).
    #[error("the body is not a valid event: {0}")]
    Body(#[source] serde_json::Error),
    /// The body is JSON but not an object (`42`, `null`, a list): no event
    /// has that shape.
    #[error("the body is JSON {found}, not an object: no event has that shape")]
    NotAnObject {
        /// What the body is (`a number`, `null`, `an array`, ...).
        found: &'static str,
    },
    /// The verifier was given an empty key, with which anyone could sign:
    /// every delivery is refused until a real key is configured.
    #[error("the signature key is empty: configure the key the sender signs with")]
    EmptyKey,
    /// Reading the body failed.
    #[error("reading the body failed: {0}")]
    Read(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl WebhookError {
    /// Whether the delivery was refused for its signature or timestamp (an
    /// HTTP receiver answers these with 401).
    pub fn is_unauthenticated(&self) -> bool {
        matches!(
            self,
            Self::MissingSignature { .. }
                | Self::BadSignature
                | Self::EmptyKey
                | Self::UnsupportedAlgorithm { .. }
                | Self::MissingTimestamp
                | Self::Stale { .. }
        )
    }

    /// The HTTP status a receiver answers this refusal with.
    pub fn status(&self) -> u16 {
        match self {
            Self::TooLarge { .. } => 413,
            error if error.is_unauthenticated() => 401,
            _ => 400,
        }
    }
}

/// Checks that a delivery comes from the expected sender.
pub trait Verifier: Send + Sync {
    /// `Ok` when `body` (the raw bytes, as received) is authentic.
    fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<(), WebhookError>;

    /// Refuses a delivery from its headers alone, before its body is read
    /// (no signature header, an algorithm not checked), so an unsigned body
    /// is never buffered. Accepts by default; [`verify`](Self::verify)
    /// still decides once the body is read.
    fn check_headers(&self, headers: &HeaderMap) -> Result<(), WebhookError> {
        let _ = headers;
        Ok(())
    }
}

/// The `X-Webhook-Hmac` signature: the hex of HMAC-SHA512 of the raw
/// body under the configured key, `X-Webhook-Hmac-Algorithm` is `sha512`.
/// The comparison is constant-time (`Mac::verify_slice`).
#[derive(Clone)]
pub struct HmacSha512 {
    key: Arc<[u8]>,
}

impl HmacSha512 {
    /// A verifier for `key`, the key the sender signs with. An empty key
    /// would let anyone sign: with one, every delivery is refused
    /// ([`WebhookError::EmptyKey`]); [`try_new`](Self::try_new) refuses it
    /// up front.
    pub fn new(key: impl AsRef<[u8]>) -> Self {
        Self {
            key: Arc::from(key.as_ref()),
        }
    }

    /// [`new`](Self::new), refusing an empty key.
    pub fn try_new(key: impl AsRef<[u8]>) -> Result<Self, WebhookError> {
        if key.as_ref().is_empty() {
            return Err(WebhookError::EmptyKey);
        }
        Ok(Self::new(key))
    }

    /// The hex signature a sender sends for `body` (for tests and for senders).
    pub fn sign(&self, body: &[u8]) -> String {
        let mut mac = self.mac();
        mac.update(body);
        let digest = mac.finalize().into_bytes();
        let mut hex = String::with_capacity(digest.len() * 2);
        for byte in digest {
            hex.push(char::from(HEX[usize::from(byte >> 4)]));
            hex.push(char::from(HEX[usize::from(byte & 0xf)]));
        }
        hex
    }

    fn mac(&self) -> Hmac<Sha512> {
        // HMAC takes a key of any length.
        <Hmac<Sha512> as Mac>::new_from_slice(&self.key)
            .unwrap_or_else(|_| unreachable!("HMAC accepts keys of every length"))
    }
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Hex digits to bytes; `None` for anything else (odd length included).
fn unhex(text: &str) -> Option<Vec<u8>> {
    let digit = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    };
    let bytes = text.as_bytes();
    if bytes.len() % 2 != 0 {
        return None;
    }
    bytes
        .chunks(2)
        .map(|pair| Some(digit(pair[0])? << 4 | digit(pair[1])?))
        .collect()
}

impl fmt::Debug for HmacSha512 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The key is a secret: never shown.
        f.debug_struct("HmacSha512")
            .field("key", &"<redacted>")
            .finish()
    }
}

impl HmacSha512 {
    /// The signature the headers carry, as bytes: the algorithm is
    /// `sha512` (or not said), the header is there and is hex.
    fn signature(headers: &HeaderMap) -> Result<Vec<u8>, WebhookError> {
        if let Some(algorithm) = headers.get(HMAC_ALGORITHM_HEADER) {
            if !algorithm.as_bytes().eq_ignore_ascii_case(b"sha512") {
                return Err(WebhookError::UnsupportedAlgorithm { expected: "sha512" });
            }
        }
        let signature = headers
            .get(HMAC_HEADER)
            .ok_or(WebhookError::MissingSignature {
                header: HMAC_HEADER,
            })?;
        signature
            .to_str()
            .ok()
            .and_then(|text| unhex(text.trim()))
            .ok_or(WebhookError::BadSignature)
    }
}

impl Verifier for HmacSha512 {
    fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<(), WebhookError> {
        if self.key.is_empty() {
            return Err(WebhookError::EmptyKey);
        }
        let signature = Self::signature(headers)?;
        let mut mac = self.mac();
        mac.update(body);
        mac.verify_slice(&signature)
            .map_err(|_| WebhookError::BadSignature)
    }

    fn check_headers(&self, headers: &HeaderMap) -> Result<(), WebhookError> {
        if self.key.is_empty() {
            return Err(WebhookError::EmptyKey);
        }
        // A signature of another length than SHA-512's cannot match.
        match Self::signature(headers)?.len() {
            64 => Ok(()),
            _ => Err(WebhookError::BadSignature),
        }
    }
}

/// Parses deliveries: size limit, signature, freshness, then the event.
#[derive(Clone)]
pub struct Receiver {
    verifier: Option<Arc<dyn Verifier>>,
    max_body_size: usize,
    max_age: Option<Duration>,
}

impl fmt::Debug for Receiver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Receiver")
            .field("verifies", &self.verifier.is_some())
            .field("max_body_size", &self.max_body_size)
            .field("max_age", &self.max_age)
            .finish()
    }
}

impl Default for Receiver {
    fn default() -> Self {
        Self::new()
    }
}

impl Receiver {
    /// A receiver that accepts unsigned deliveries (some servers sign
    /// nothing) of up to [`DEFAULT_MAX_WEBHOOK_BODY`] bytes.
    pub fn new() -> Self {
        Self {
            verifier: None,
            max_body_size: DEFAULT_MAX_WEBHOOK_BODY,
            max_age: None,
        }
    }

    /// Refuses every delivery `verifier` does not accept.
    pub fn verifier(mut self, verifier: impl Verifier + 'static) -> Self {
        self.verifier = Some(Arc::new(verifier));
        self
    }

    /// The largest body read, in bytes.
    pub fn max_body_size(mut self, bytes: usize) -> Self {
        self.max_body_size = bytes;
        self
    }

    /// Refuses deliveries whose `X-Webhook-Timestamp` (milliseconds) is
    /// further than `age` from now, in either direction, or missing.
    pub fn max_age(mut self, age: Duration) -> Self {
        self.max_age = Some(age);
        self
    }

    /// Refuses a body its `Content-Length` says is too large, before any of
    /// it is read.
    pub fn check_length(&self, headers: &HeaderMap) -> Result<(), WebhookError> {
        let declared = headers
            .get(CONTENT_LENGTH)
            .and_then(|value| value.to_str().ok())
            .and_then(|text| text.trim().parse::<u64>().ok());
        match declared {
            Some(length) if length > self.max_body_size as u64 => Err(WebhookError::TooLarge {
                limit: self.max_body_size,
            }),
            _ => Ok(()),
        }
    }

    /// The checks the headers alone decide, before any of the body is read:
    /// the declared length, the verifier's
    /// [`check_headers`](Verifier::check_headers) (a missing signature) and
    /// the timestamp's freshness.
    pub fn check_headers(&self, headers: &HeaderMap) -> Result<(), WebhookError> {
        self.check_length(headers)?;
        if let Some(verifier) = &self.verifier {
            verifier.check_headers(headers)?;
        }
        if let Some(max_age) = self.max_age {
            check_fresh(headers, max_age, SystemTime::now())?;
        }
        Ok(())
    }

    /// Reads a body stream within the limit: the headers are checked first
    /// ([`check_headers`](Self::check_headers): an unsigned or stale
    /// delivery, or one whose `Content-Length` is too large, is refused
    /// before a byte of its body is read), then the bytes as they come,
    /// stopping at the first chunk past the limit (the rest is never read).
    pub async fn read_body<S, B, E>(
        &self,
        headers: &HeaderMap,
        body: S,
    ) -> Result<Bytes, WebhookError>
    where
        S: Stream<Item = Result<B, E>>,
        B: AsRef<[u8]>,
        E: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        self.check_headers(headers)?;
        let mut body = std::pin::pin!(body);
        let mut read = BytesMut::new();
        while let Some(chunk) = body.next().await {
            let chunk = chunk.map_err(|error| WebhookError::Read(error.into()))?;
            let chunk = chunk.as_ref();
            if read.len() + chunk.len() > self.max_body_size {
                return Err(WebhookError::TooLarge {
                    limit: self.max_body_size,
                });
            }
            read.extend_from_slice(chunk);
        }
        Ok(read.freeze())
    }

    /// Checks a delivery read in full and parses its event.
    pub fn parse<E: WebhookEvent>(
        &self,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<E, WebhookError> {
        if body.len() > self.max_body_size {
            return Err(WebhookError::TooLarge {
                limit: self.max_body_size,
            });
        }
        if let Some(verifier) = &self.verifier {
            verifier.verify(headers, body)?;
        }
        if let Some(max_age) = self.max_age {
            check_fresh(headers, max_age, SystemTime::now())?;
        }
        let value: serde_json::Value = serde_json::from_slice(body).map_err(WebhookError::Body)?;
        let found = match &value {
            serde_json::Value::Object(_) => None,
            serde_json::Value::Null => Some("null"),
            serde_json::Value::Bool(_) => Some("a boolean"),
            serde_json::Value::Number(_) => Some("a number"),
            serde_json::Value::String(_) => Some("a string"),
            serde_json::Value::Array(_) => Some("an array"),
        };
        if let Some(found) = found {
            return Err(WebhookError::NotAnObject { found });
        }
        E::from_value(value).map_err(WebhookError::Body)
    }
}

/// Reads a delivery's payload as `T`, for generated `Event::from_value`: the
/// reason when it does not fit names the field (`payload.me.id: invalid
/// type: null, expected a string`).
pub fn read_payload<T: serde::de::DeserializeOwned>(body: &serde_json::Value) -> Result<T, String> {
    serde_path_to_error::deserialize(body).map_err(|error| {
        let path = error.path().to_string();
        if path == "." {
            error.into_inner().to_string()
        } else {
            format!("at `{path}`: {}", error.into_inner())
        }
    })
}

fn check_fresh(
    headers: &HeaderMap,
    max_age: Duration,
    now: SystemTime,
) -> Result<(), WebhookError> {
    let sent_ms = headers
        .get(TIMESTAMP_HEADER)
        .and_then(|value| value.to_str().ok())
        .and_then(|text| text.trim().parse::<u128>().ok())
        .ok_or(WebhookError::MissingTimestamp)?;
    let now_ms = now
        .duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
        .as_millis();
    let age_ms = now_ms.abs_diff(sent_ms);
    if age_ms > max_age.as_millis() {
        return Err(WebhookError::Stale {
            age_ms,
            max_age_ms: max_age.as_millis(),
        });
    }
    Ok(())
}

/// A ready axum route: `202 Accepted` for every event, which goes to a
/// channel, and the refusal's status (401, 413, 400) otherwise; and
/// [`serve`](axum::serve), a server for it that slow or hostile clients
/// cannot starve (see [`Limits`](axum::Limits)).
#[cfg(feature = "axum")]
pub mod axum {
    use std::collections::BTreeMap;
    use std::future::Future;
    use std::pin::pin;
    use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex, PoisonError};
    use std::time::{Duration, Instant};

    use ::axum::Router;
    use ::axum::body::Body;
    use ::axum::extract::Request;
    use ::axum::http::header::{CONNECTION, RETRY_AFTER};
    use ::axum::http::{HeaderValue, StatusCode};
    use ::axum::response::{IntoResponse, Response};
    use ::axum::routing::{MethodRouter, post};
    use bytes::Bytes;
    use futures_util::StreamExt;
    use hyper_util::rt::{TokioIo, TokioTimer};
    use tokio::net::TcpListener;
    use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore, TryAcquireError, mpsc, watch};
    use tokio::task::JoinSet;

    use super::{Receiver, WebhookError, WebhookEvent};

    /// What the handler hands to the application: an event, or why a
    /// delivery was refused (already answered).
    pub type Delivery<E> = Result<E, WebhookError>;

    /// The bounds of a webhook server: [`serve`] applies the connection
    /// limit, the header timeout and the shutdown grace; [`handler_with`]
    /// the body timeout and the buffer budget. The defaults are those of
    /// [`Limits::default`].
    #[derive(Debug, Clone)]
    pub struct Limits {
        max_connections: usize,
        header_timeout: Duration,
        body_timeout: Duration,
        max_buffered: usize,
        shutdown_grace: Duration,
    }

    impl Default for Limits {
        /// 512 connections, 10 s for a request's head, 30 s for its body,
        /// 64 MiB of bodies buffered at once, 10 s of grace on shutdown.
        fn default() -> Self {
            Self {
                max_connections: 512,
                header_timeout: Duration::from_secs(10),
                body_timeout: Duration::from_secs(30),
                max_buffered: 64 * 1024 * 1024,
                shutdown_grace: Duration::from_secs(10),
            }
        }
    }

    impl Limits {
        /// The most connections open at once (at least 1). A connection past
        /// it closes the one that has waited longest without a request in
        /// progress (or, when every one has a request in progress, the one
        /// whose request started first), so connections that send nothing
        /// cannot keep honest senders out. Keep it under the process's
        /// limit of open files; when `accept` fails for lack of them, the
        /// same eviction makes room.
        pub fn max_connections(mut self, connections: usize) -> Self {
            self.max_connections = connections.max(1);
            self
        }

        /// How long a request's head (request line and headers) may take to
        /// arrive, counted from the first byte, or from the end of the
        /// previous answer on a kept-alive connection; the connection is
        /// closed past it.
        pub fn header_timeout(mut self, timeout: Duration) -> Self {
            self.header_timeout = timeout;
            self
        }

        /// How long a delivery's body may take to arrive once its head is
        /// read; past it the answer is `408 Request Timeout` and the
        /// connection is closed.
        pub fn body_timeout(mut self, timeout: Duration) -> Self {
            self.body_timeout = timeout;
            self
        }

        /// The most body bytes held at once across every delivery being
        /// read; a delivery that would go past it is answered `503` with
        /// `Retry-After` (the receiver's own limit bounds each body).
        pub fn max_buffered(mut self, bytes: usize) -> Self {
            self.max_buffered = bytes;
            self
        }

        /// How long [`serve`] waits, once told to stop, for requests in
        /// progress to be answered before it closes their connections.
        pub fn shutdown_grace(mut self, grace: Duration) -> Self {
            self.shutdown_grace = grace;
            self
        }
    }

    struct Shared<E> {
        receiver: Receiver,
        sink: mpsc::Sender<Delivery<E>>,
        body_timeout: Duration,
        budget: Arc<Semaphore>,
    }

    /// A `POST` route reading deliveries with `receiver` and sending each to
    /// `sink`, with the default [`Limits`]. It answers as soon as the event
    /// is queued; when the channel is full (the application is behind) it
    /// answers `503` with `Retry-After` rather than wait, so the sender
    /// retries later. Mount it at the path the server posts to:
    /// `Router::new().route("/webhook", handler(..))`.
    pub fn handler<E>(receiver: Receiver, sink: mpsc::Sender<Delivery<E>>) -> MethodRouter
    where
        E: WebhookEvent + Send + 'static,
    {
        handler_with(receiver, sink, &Limits::default())
    }

    /// [`handler`] with `limits`' body timeout and buffer budget. The
    /// headers are checked before the body is read
    /// ([`Receiver::check_headers`]): an unsigned delivery, where a
    /// signature is wanted, is refused without reading its body.
    pub fn handler_with<E>(
        receiver: Receiver,
        sink: mpsc::Sender<Delivery<E>>,
        limits: &Limits,
    ) -> MethodRouter
    where
        E: WebhookEvent + Send + 'static,
    {
        let budget = limits.max_buffered.min(Semaphore::MAX_PERMITS);
        let shared = Arc::new(Shared {
            receiver,
            sink,
            body_timeout: limits.body_timeout,
            budget: Arc::new(Semaphore::new(budget)),
        });
        post(move |request: Request| {
            let shared = shared.clone();
            async move { receive(&shared, request).await }
        })
    }

    /// The buffer budget is spent: the delivery is answered 503.
    #[derive(Debug)]
    struct Busy;

    impl std::fmt::Display for Busy {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("the server holds as many body bytes as it may")
        }
    }

    impl std::error::Error for Busy {}

    type BoxError = Box<dyn std::error::Error + Send + Sync>;

    /// Takes `len` bytes of the budget into `held`.
    fn spend(
        budget: &Arc<Semaphore>,
        held: &mut Option<OwnedSemaphorePermit>,
        len: usize,
    ) -> Result<(), BoxError> {
        let Ok(len) = u32::try_from(len) else {
            return Err(Busy.into());
        };
        match budget.clone().try_acquire_many_owned(len) {
            Ok(permit) => {
                match held {
                    Some(held) => held.merge(permit),
                    None => *held = Some(permit),
                }
                Ok(())
            }
            Err(TryAcquireError::NoPermits | TryAcquireError::Closed) => Err(Busy.into()),
        }
    }

    fn unavailable() -> Response {
        let mut response = StatusCode::SERVICE_UNAVAILABLE.into_response();
        response
            .headers_mut()
            .insert(RETRY_AFTER, HeaderValue::from_static("1"));
        response
    }

    async fn receive<E: WebhookEvent + Send + 'static>(
        shared: &Shared<E>,
        request: Request<Body>,
    ) -> Response {
        let (parts, body) = request.into_parts();
        let mut held = None;
        let result = match shared.receiver.check_headers(&parts.headers) {
            Err(error) => Err(error),
            Ok(()) => {
                let budget = &shared.budget;
                let chunks = body.into_data_stream().map(|chunk| {
                    let chunk: Bytes = chunk.map_err(BoxError::from)?;
                    spend(budget, &mut held, chunk.len())?;
                    Ok::<_, BoxError>(chunk)
                });
                let read = shared.receiver.read_body(&parts.headers, chunks);
                match tokio::time::timeout(shared.body_timeout, read).await {
                    Err(_) => {
                        tracing::debug!("a webhook body did not arrive in time: 408");
                        let mut response = StatusCode::REQUEST_TIMEOUT.into_response();
                        response
                            .headers_mut()
                            .insert(CONNECTION, HeaderValue::from_static("close"));
                        return response;
                    }
                    Ok(Err(WebhookError::Read(error))) if error.is::<Busy>() => {
                        tracing::debug!("webhook buffer budget spent: 503");
                        return unavailable();
                    }
                    Ok(Err(error)) => Err(error),
                    Ok(Ok(bytes)) => shared.receiver.parse::<E>(&parts.headers, &bytes),
                }
            }
        };
        // The body's bytes are given back once it is parsed.
        drop(held);
        let status = match &result {
            Ok(_) => StatusCode::ACCEPTED,
            Err(error) => StatusCode::from_u16(error.status()).unwrap_or(StatusCode::BAD_REQUEST),
        };
        match shared.sink.try_send(result) {
            Ok(()) => status.into_response(),
            Err(mpsc::error::TrySendError::Full(_) | mpsc::error::TrySendError::Closed(_))
                if status == StatusCode::ACCEPTED =>
            {
                unavailable()
            }
            // A refusal is answered whether or not the application hears of it.
            Err(_) => status.into_response(),
        }
    }

    /// The largest read buffer of a connection, and so of a request head.
    const READ_BUFFER: usize = 64 * 1024;

    /// One open connection, as the eviction sees it.
    struct Slot {
        /// When its last request started (or it was accepted), in
        /// milliseconds since the server started.
        since: AtomicU64,
        /// Requests in progress.
        busy: AtomicUsize,
        evict: Notify,
    }

    #[derive(Default)]
    struct Table {
        next: u64,
        open: BTreeMap<u64, Arc<Slot>>,
    }

    impl Table {
        /// Closes the connection that has waited longest without a request
        /// in progress, else the one whose request started first.
        fn evict_one(&mut self) {
            let oldest = |busy: bool| {
                self.open
                    .iter()
                    .filter(|(_, slot)| busy || slot.busy.load(Ordering::Relaxed) == 0)
                    .min_by_key(|(id, slot)| (slot.since.load(Ordering::Relaxed), **id))
                    .map(|(id, _)| *id)
            };
            if let Some(id) = oldest(false).or_else(|| oldest(true)) {
                if let Some(slot) = self.open.remove(&id) {
                    slot.evict.notify_one();
                }
            }
        }
    }

    /// Removes its connection from the table when the connection ends.
    struct Leave {
        table: Arc<Mutex<Table>>,
        id: u64,
    }

    impl Drop for Leave {
        fn drop(&mut self) {
            lock(&self.table).open.remove(&self.id);
        }
    }

    /// Counts a request in progress on its connection.
    struct InProgress(Arc<Slot>);

    impl Drop for InProgress {
        fn drop(&mut self) {
            self.0.busy.fetch_sub(1, Ordering::Relaxed);
        }
    }

    fn lock(table: &Mutex<Table>) -> std::sync::MutexGuard<'_, Table> {
        table.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Serves `router` (HTTP/1.1) on `listener` within `limits` until
    /// `shutdown` completes; then stops accepting, lets the requests in
    /// progress be answered (for at most the shutdown grace), closes every
    /// connection and returns. Once it has returned, every clone of the
    /// router it held is dropped, so a [`handler`]'s channel closes when
    /// the application holds no other sender: everything it acknowledged is
    /// in the channel.
    ///
    /// Unlike `axum::serve`, a request's head must arrive within the header
    /// timeout, and at most `max_connections` are open: a new connection
    /// past the limit closes the longest idle one (see
    /// [`Limits::max_connections`]).
    pub async fn serve(
        listener: TcpListener,
        router: Router,
        limits: &Limits,
        shutdown: impl Future<Output = ()>,
    ) {
        let started = Instant::now();
        let elapsed_ms = move || u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let table = Arc::new(Mutex::new(Table::default()));
        let (closing, closed) = watch::channel(false);
        let mut builder = hyper::server::conn::http1::Builder::new();
        builder
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header_timeout)
            // Each connection's read buffer (hyper's default grows to about
            // 400 KiB): a request head must fit in it.
            .max_buf_size(READ_BUFFER);
        let mut tasks = JoinSet::new();
        let mut shutdown = pin!(shutdown);
        loop {
            while tasks.try_join_next().is_some() {}
            let accepted = tokio::select! {
                biased;
                () = &mut shutdown => break,
                accepted = listener.accept() => accepted,
            };
            let stream = match accepted {
                Ok((stream, _)) => stream,
                Err(error) => {
                    use std::io::ErrorKind::{ConnectionAborted, ConnectionReset, Interrupted};
                    if !matches!(
                        error.kind(),
                        ConnectionAborted | ConnectionReset | Interrupted
                    ) {
                        // Most likely out of file descriptors: free one.
                        tracing::warn!(%error, "accepting a webhook connection failed");
                        lock(&table).evict_one();
                        tokio::time::sleep(Duration::from_millis(10)).await;
                    }
                    continue;
                }
            };
            let slot = Arc::new(Slot {
                since: AtomicU64::new(elapsed_ms()),
                busy: AtomicUsize::new(0),
                evict: Notify::new(),
            });
            let id = {
                let mut table = lock(&table);
                while table.open.len() >= limits.max_connections {
                    table.evict_one();
                }
                let id = table.next;
                table.next += 1;
                table.open.insert(id, slot.clone());
                id
            };
            let leave = Leave {
                table: table.clone(),
                id,
            };
            let service = {
                let router = router.clone();
                let slot = slot.clone();
                hyper::service::service_fn(move |request: hyper::Request<hyper::body::Incoming>| {
                    let mut router = router.clone();
                    slot.since.store(elapsed_ms(), Ordering::Relaxed);
                    slot.busy.fetch_add(1, Ordering::Relaxed);
                    let in_progress = InProgress(slot.clone());
                    async move {
                        let response =
                            tower_service::Service::call(&mut router, request.map(Body::new)).await;
                        drop(in_progress);
                        response
                    }
                })
            };
            let connection = builder.serve_connection(TokioIo::new(stream), service);
            let mut closed = closed.clone();
            tasks.spawn(async move {
                let _leave = leave;
                let mut connection = pin!(connection);
                tokio::select! {
                    _ = connection.as_mut() => {}
                    // Dropped: the socket closes.
                    () = slot.evict.notified() => {}
                    _ = closed.changed() => {
                        connection.as_mut().graceful_shutdown();
                        let _ = connection.await;
                    }
                }
            });
        }
        drop(listener);
        let _ = closing.send(true);
        let finished = async { while tasks.join_next().await.is_some() {} };
        let _ = tokio::time::timeout(limits.shutdown_grace, finished).await;
        // What is still open past the grace is closed, and waited for.
        tasks.shutdown().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips_and_refuses_odd_or_foreign_digits() {
        assert_eq!(unhex("00ff7A"), Some(vec![0, 255, 122]));
        assert_eq!(unhex("abc"), None);
        assert_eq!(unhex("zz"), None);
    }

    #[test]
    fn freshness_is_checked_both_ways() {
        let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let mut headers = HeaderMap::new();
        let max = Duration::from_secs(60);
        assert!(matches!(
            check_fresh(&headers, max, now),
            Err(WebhookError::MissingTimestamp)
        ));
        for (ms, fresh) in [
            (1_700_000_000_000u64, true),
            (1_699_999_000_000, false),
            (1_700_000_061_000, false),
        ] {
            headers.insert(TIMESTAMP_HEADER, ms.to_string().parse().unwrap());
            assert_eq!(check_fresh(&headers, max, now).is_ok(), fresh, "{ms}");
        }
    }
}
