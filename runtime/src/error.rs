//! Typed errors. Each names the operation and says what to check, as a
//! troubleshooting guide does.
//!
//! No error ever holds the API key: URLs are shown without their query and
//! with any password masked, errors of the HTTP client lose their URL
//! (`reqwest::Error::without_url`), and text the server sends back has the
//! key masked before it is kept.

use std::time::Duration;

use super::operation::{OperationInfo, SentCredentials};

/// An error answer from the server, with its body as far as it could be read.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// The HTTP status code.
    pub status: u16,
    /// The server's own words: every explanation [`explanations`] finds in
    /// the body, joined by `; ` (`None` when the body holds none).
    pub message: Option<String>,
    /// The explanations one by one (a NestJS `message` array gives one
    /// each), the specific ones first.
    pub messages: Vec<String>,
    /// The body's `errors` array (validation failures), if any.
    pub errors: Vec<serde_json::Value>,
    /// The body as JSON, when it is JSON.
    pub body: Option<serde_json::Value>,
    /// The body as text (at most the first 64 KiB the client reads of an
    /// error answer).
    pub text: String,
}

impl ApiError {
    pub(crate) fn from_body(status: u16, text: String) -> Self {
        let body: Option<serde_json::Value> = serde_json::from_str(&text).ok();
        let messages = body
            .as_ref()
            .map(|body| explanations(body, status))
            .unwrap_or_default();
        let message = (!messages.is_empty()).then(|| messages.join("; "));
        let errors = body
            .as_ref()
            .and_then(|b| b.get("errors"))
            .and_then(|e| e.as_array())
            .cloned()
            .unwrap_or_default();
        ApiError {
            status,
            message,
            messages,
            errors,
            body,
            text,
        }
    }

    /// The server's words for the error: its explanations (each cut after
    /// [`MAX_EXPLANATION`] characters, at most [`MAX_EXPLANATIONS`] of
    /// them), or the raw body cut likewise, or `(empty body)`.
    pub fn summary(&self) -> String {
        if !self.messages.is_empty() {
            let mut parts: Vec<String> = self
                .messages
                .iter()
                .take(MAX_EXPLANATIONS)
                .map(|m| cut(m, MAX_EXPLANATION))
                .collect();
            if self.messages.len() > MAX_EXPLANATIONS {
                parts.push(format!(
                    "and {} more",
                    self.messages.len() - MAX_EXPLANATIONS
                ));
            }
            return parts.join("; ");
        }
        let text = self.text.trim();
        if text.is_empty() {
            "(empty body)".to_owned()
        } else {
            cut(text, MAX_EXPLANATION)
        }
    }

    /// The body read as `T`: the type the document declares for this
    /// error answer (the generated method's docs name it), so that no JSON
    /// is handled by hand.
    pub fn body_as<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        match &self.body {
            Some(body) => T::deserialize(body),
            None => serde_json::from_str(&self.text),
        }
    }
}

/// The longest explanation [`ApiError::summary`] shows, in characters.
pub const MAX_EXPLANATION: usize = 300;
/// The most explanations [`ApiError::summary`] shows.
pub const MAX_EXPLANATIONS: usize = 20;
/// How deep [`explanations`] looks into nested error objects.
const MAX_EXPLANATION_DEPTH: usize = 4;

/// `text` cut after `max` characters, with `…` when cut.
fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

/// The server's explanations of an error, in the shapes real APIs answer:
///
/// - `message`: a string, or an array of them (NestJS: one per rejected
///   field), or of objects as in `errors`;
/// - `detail` and `title` (RFC 9457 `application/problem+json`);
/// - `error_description` (OAuth 2), with `error` (its code);
/// - `error`: a string, or an object holding any of these shapes (`{"error":
///   {"message": ..}}`);
/// - `errors`: strings, or objects with `message`/`msg`/`detail`/`error`
///   and `path`/`field`/`loc`/`pointer` (given as `path: message`), or an
///   object of field → message(s).
///
/// Every explanation is kept, in that order, once each; a bare reason
/// phrase equal to the status text (`"error": "Not Found"` on a 404) is
/// dropped when something more specific is there.
pub fn explanations(body: &serde_json::Value, status: u16) -> Vec<String> {
    let mut found = Vec::new();
    collect(body, &mut found, 0);
    let mut out: Vec<String> = Vec::new();
    for text in found {
        let text = text.trim();
        if !text.is_empty() && !out.iter().any(|seen| seen == text) {
            out.push(text.to_owned());
        }
    }
    let reason = reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason());
    if let Some(reason) = reason {
        let bare = |text: &String| text.eq_ignore_ascii_case(reason);
        if out.iter().any(|text| !bare(text)) {
            out.retain(|text| !bare(text));
        }
    }
    out
}

fn collect(value: &serde_json::Value, out: &mut Vec<String>, depth: usize) {
    use serde_json::Value;
    if depth > MAX_EXPLANATION_DEPTH {
        return;
    }
    let Value::Object(map) = value else {
        if let Value::String(text) = value {
            out.push(text.clone());
        }
        return;
    };
    for key in [
        "message",
        "detail",
        "error_description",
        "error",
        "errors",
        "title",
    ] {
        match (key, map.get(key)) {
            (_, None | Some(Value::Null)) => {}
            (_, Some(Value::String(text))) => out.push(text.clone()),
            (_, Some(Value::Array(items))) => {
                for item in items {
                    entry(item, out, depth + 1);
                }
            }
            ("errors", Some(Value::Object(fields))) if !is_explained(fields) => {
                // `{"errors": {"name": ["is required"]}}` (Rails, Laravel).
                for (field, messages) in fields {
                    match messages {
                        Value::String(text) => out.push(format!("{field}: {text}")),
                        Value::Array(items) => {
                            for item in items.iter().filter_map(Value::as_str) {
                                out.push(format!("{field}: {item}"));
                            }
                        }
                        other => entry(other, out, depth + 1),
                    }
                }
            }
            (_, Some(nested @ Value::Object(_))) => collect(nested, out, depth + 1),
            (_, Some(_)) => {}
        }
    }
}

/// Whether an object holds an explanation under one of the known keys.
fn is_explained(map: &serde_json::Map<String, serde_json::Value>) -> bool {
    [
        "message",
        "msg",
        "detail",
        "error",
        "error_description",
        "title",
    ]
    .iter()
    .any(|key| {
        map.get(*key)
            .is_some_and(|v| v.is_string() || v.is_object())
    })
}

/// One item of an `errors` (or `message`) array.
fn entry(item: &serde_json::Value, out: &mut Vec<String>, depth: usize) {
    use serde_json::Value;
    match item {
        Value::String(text) => out.push(text.clone()),
        Value::Object(map) => {
            let text = ["message", "msg", "detail", "error", "title", "description"]
                .iter()
                .find_map(|key| map.get(*key).and_then(Value::as_str));
            let Some(text) = text else {
                // No text of its own: maybe a nested shape, else the item.
                let before = out.len();
                collect(item, out, depth + 1);
                if out.len() == before {
                    out.push(cut(&item.to_string(), MAX_EXPLANATION));
                }
                return;
            };
            let place = ["path", "field", "loc", "pointer", "param", "property"]
                .iter()
                .find_map(|key| match map.get(*key) {
                    Some(Value::String(place)) if !place.is_empty() => Some(place.clone()),
                    Some(Value::Array(parts)) if !parts.is_empty() => Some(
                        parts
                            .iter()
                            .map(|part| match part {
                                Value::String(text) => text.clone(),
                                other => other.to_string(),
                            })
                            .collect::<Vec<_>>()
                            .join("."),
                    ),
                    _ => None,
                })
                .or_else(|| {
                    // Which item of a list the request sent (a bulk
                    // operation's): several items may fail with the same
                    // words.
                    map.get("index")
                        .filter(|index| index.is_number() || index.is_string())
                        .map(|index| match index {
                            Value::String(text) => format!("item {text}"),
                            number => format!("item {number}"),
                        })
                });
            out.push(match place {
                Some(place) => format!("{place}: {text}"),
                None => text.to_owned(),
            });
        }
        Value::Null => {}
        other => out.push(other.to_string()),
    }
}

/// Everything that can go wrong calling the API.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// 404: what the request names does not exist.
    #[error(
        "{operation}: not found (404): {}. {}",
        .error.summary(),
        .hint.unwrap_or("Check that the names and IDs in the request are right")
    )]
    NotFound {
        /// The operation's id.
        operation: &'static str,
        /// The server's answer.
        error: Box<ApiError>,
        /// What to check, from the document's `x-error-hint` on the
        /// operation's 404 response (see [`OperationInfo::error_hints`]).
        hint: Option<&'static str>,
    },
    /// 401 or 403: the credentials sent were refused, or none were sent. The
    /// message names what was sent (never its value) and the builder
    /// method that gave it, or, when nothing was sent, what the operation
    /// accepts.
    #[error(
        "{operation}: {}",
        unauthorized_text(.error, *.credentials, *.hint)
    )]
    Unauthorized {
        /// The operation's id.
        operation: &'static str,
        /// The server's answer.
        error: Box<ApiError>,
        /// What to check, from the document's `x-error-hint` on the
        /// operation's 401 or 403 response.
        hint: Option<&'static str>,
        /// The credentials the refused request carried.
        credentials: SentCredentials,
    },
    /// Any other non-success status.
    #[error(
        "{operation}: the server answered {}: {}{}",
        .error.status,
        .error.summary(),
        .hint.map(|hint| format!(". {hint}")).unwrap_or_default()
    )]
    Status {
        /// The operation's id.
        operation: &'static str,
        /// The server's answer.
        error: Box<ApiError>,
        /// What to check, from the document's `x-error-hint` on the
        /// response of this status (or its `4XX`/`5XX` range, or `default`).
        hint: Option<&'static str>,
    },
    /// No answer in time (or, on an event stream, silence longer than
    /// [`SseOptions::idle_timeout`](super::SseOptions::idle_timeout)).
    #[error(
        "{operation}: no answer from {url} within {timeout:?}. The server may need longer \
         (raise `ClientBuilder::timeout`), or it may be down or unreachable"
    )]
    Timeout {
        /// The operation's id.
        operation: &'static str,
        /// The request URL without its query string, any password masked.
        url: String,
        /// The timeout that ran out.
        timeout: Duration,
    },
    /// The connection could not be made (refused, unknown host, TLS).
    #[error(
        "{operation}: cannot connect to {url}: {}. Is the server running, and is the base \
         URL right?",
        chain(.source)
    )]
    Connect {
        /// The operation's id.
        operation: &'static str,
        /// The request URL without its query string, any password masked.
        url: String,
        /// What the HTTP client reported.
        #[source]
        source: reqwest::Error,
    },
    /// The request failed on the way (connection reset, body error, ...).
    #[error("{operation}: the request failed: {}", chain(.source))]
    Transport {
        /// The operation's id.
        operation: &'static str,
        /// What the HTTP client reported.
        #[source]
        source: reqwest::Error,
    },
    /// The answer's body does not read as the type the operation declares.
    #[error(
        "{}: the response (status {status}) does not read as `{}`{}: {source}; it came as: \
         {body}. {}",
        called(.operation, *.call),
        short_type_name(.expected),
        at_path(.path),
        invalid_body_advice(.source)
    )]
    InvalidBody {
        /// The operation's id.
        operation: &'static str,
        /// The method the caller called (`pets().get()`), when the request
        /// came from a generated method.
        call: Option<&'static str>,
        /// The HTTP status of the answer.
        status: u16,
        /// The Rust type the body was read as (`std::any::type_name`; shown
        /// without module paths).
        expected: &'static str,
        /// Where in the body it stopped fitting (`data[0].participant`;
        /// empty for the whole body).
        path: String,
        /// An excerpt of the body as received: at most [`MAX_EXCERPT`]
        /// bytes, invalid UTF-8 replaced, the key masked.
        body: String,
        /// Why it could not be read.
        #[source]
        source: serde_json::Error,
    },
    /// A success answer with no body where the document declares one: the
    /// server had nothing to say in this state (some servers answer `200` or
    /// `201` with an empty body in some states). Nothing was lost, there is just
    /// no value of the declared type to return; it is not a version mismatch.
    #[error(
        "{}: the server answered {status} with an empty body, where the document declares \
         `{}`; there is no value to return",
        called(.operation, *.call),
        short_type_name(.expected)
    )]
    EmptyBody {
        /// The operation's id.
        operation: &'static str,
        /// The method the caller called, when the request came from a
        /// generated method.
        call: Option<&'static str>,
        /// The HTTP status of the answer.
        status: u16,
        /// The Rust type the body would have been read as.
        expected: &'static str,
    },
    /// A value given by the caller cannot be sent.
    #[error("{operation}: invalid `{parameter}`: {reason}")]
    InvalidInput {
        /// The operation's id.
        operation: &'static str,
        /// The parameter (or `body`).
        parameter: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The server redirected the request somewhere the client does not
    /// follow: another origin (scheme, host or port; the API key goes to the
    /// base URL's origin only), or too many times.
    #[error(
        "{operation}: the server redirected ({status}) to {target}, which is not followed: \
         {reason}. Check the base URL"
    )]
    Redirect {
        /// The operation's id.
        operation: &'static str,
        /// The redirect's status (301, 302, 303, 307, 308).
        status: u16,
        /// The target's origin only (`scheme://host:port`), never its path or query.
        target: String,
        /// Why it was not followed.
        reason: &'static str,
    },
    /// A body, an event-stream line or an event passed its size limit
    /// ([`ClientBuilder::max_body_size`](super::ClientBuilder::max_body_size),
    /// [`SseOptions`](super::SseOptions)).
    #[error(
        "{operation}: the {what} is larger than the limit of {limit} bytes; raise the limit if \
         the server really sends this much"
    )]
    TooLarge {
        /// The operation's id.
        operation: &'static str,
        /// What passed the limit (`response body`, `event-stream line`, `event`).
        what: &'static str,
        /// The limit, in bytes.
        limit: u64,
    },
    /// An event stream was cut and cannot be resumed: the server sent no
    /// event ids to resume from, or the operation must not be sent twice
    /// (opening it again would repeat what it does).
    #[error(
        "{operation}: the event stream was cut and is not reopened, because {why}; cause: \
         {cause}{}",
        check_hint(*.check)
    )]
    StreamCut {
        /// The operation's id.
        operation: &'static str,
        /// Why it cannot be resumed.
        why: &'static str,
        /// The operation that tells what the cut request did, when the
        /// document has one.
        check: Option<&'static OperationInfo>,
        /// What cut it.
        cause: Box<Error>,
    },
    /// An event whose data matches the operation's error schema: the
    /// server reports a failure on the stream, which ends it.
    #[error("{operation}: the server reported an error on the event stream: {message}")]
    ErrorEvent {
        /// The operation's id.
        operation: &'static str,
        /// The server's words (the data's `error` or `message` text, else the data).
        message: String,
        /// The event's data as received.
        data: String,
    },
    /// An event stream dropped and could not be resumed.
    #[error(
        "{operation}: the event stream dropped and {attempts} reconnect attempts failed; last \
         error: {last}"
    )]
    StreamReconnectsExhausted {
        /// The operation's id.
        operation: &'static str,
        /// How many reconnects were tried.
        attempts: u32,
        /// The last attempt's error.
        last: Box<Error>,
    },
    /// The client's configuration is unusable (bad base URL, header value).
    #[error("invalid client configuration: {0}")]
    Config(String),
}

impl Error {
    /// The HTTP status, for errors that have one.
    pub fn status(&self) -> Option<u16> {
        self.api_error().map(|e| e.status)
    }

    /// The server's error answer, for errors that have one.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::NotFound { error, .. }
            | Error::Unauthorized { error, .. }
            | Error::Status { error, .. } => Some(error),
            _ => None,
        }
    }

    /// The error answer's body read as `T`, the type the document declares
    /// for its status (a generated method's `# Errors` docs name it):
    /// `None` when there was no error answer or its body does not read as
    /// `T` (see [`ApiError::body_as`] for why).
    pub fn error_body<T: serde::de::DeserializeOwned>(&self) -> Option<T> {
        self.api_error()?.body_as().ok()
    }

    /// 404.
    pub fn is_not_found(&self) -> bool {
        matches!(self, Error::NotFound { .. })
    }

    /// 401 or 403.
    pub fn is_unauthorized(&self) -> bool {
        matches!(self, Error::Unauthorized { .. })
    }

    /// The request timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. })
    }

    /// The connection could not be made.
    pub fn is_connect(&self) -> bool {
        matches!(self, Error::Connect { .. })
    }

    pub(crate) fn from_status(
        info: &'static OperationInfo,
        status: u16,
        text: String,
        credentials: SentCredentials,
    ) -> Self {
        let error = Box::new(ApiError::from_body(status, text));
        let operation = info.id;
        let hint = info.error_hint(status);
        match status {
            404 => Error::NotFound {
                operation,
                error,
                hint,
            },
            401 | 403 => Error::Unauthorized {
                operation,
                error,
                hint,
                credentials,
            },
            _ => Error::Status {
                operation,
                error,
                hint,
            },
        }
    }

    /// What the document says to check for this error (its `x-error-hint`),
    /// for errors that have one.
    pub fn hint(&self) -> Option<&'static str> {
        match self {
            Error::NotFound { hint, .. }
            | Error::Unauthorized { hint, .. }
            | Error::Status { hint, .. } => *hint,
            _ => None,
        }
    }

    /// `url` is the URL to show (see [`shown_url`]); the HTTP client's own
    /// error loses its URL, which holds the query and so maybe the key.
    pub(crate) fn from_reqwest(
        operation: &'static str,
        url: &str,
        timeout: Duration,
        source: reqwest::Error,
    ) -> Self {
        let source = source.without_url();
        if source.is_timeout() {
            Error::Timeout {
                operation,
                url: url.to_owned(),
                timeout,
            }
        } else if source.is_builder() {
            // A URL or header reqwest refuses (a path value too long for a
            // URI, say): the request's fault, not the network's.
            Error::InvalidInput {
                operation,
                parameter: "request".to_owned(),
                reason: format!("the request cannot be built: {}", chain(&source)),
            }
        } else if source.is_connect() {
            Error::Connect {
                operation,
                url: url.to_owned(),
                source,
            }
        } else {
            Error::Transport { operation, source }
        }
    }

    /// A connection error that happened on an open stream or body.
    pub(crate) fn transport(operation: &'static str, source: reqwest::Error) -> Self {
        Error::Transport {
            operation,
            source: source.without_url(),
        }
    }

    /// Whether retrying the same request may succeed (connection problems,
    /// 429, 503).
    pub(crate) fn is_transient(&self) -> bool {
        match self {
            Error::Connect { .. } => true,
            Error::Transport { source, .. } => source.is_request() || source.is_connect(),
            Error::Status { error, .. } => matches!(error.status, 429 | 503),
            _ => false,
        }
    }
}

/// An error and its causes, joined: reqwest keeps what happened ("Connection
/// refused") in the causes. Its URL was removed before (`without_url`).
fn chain(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut cause = std::error::Error::source(error);
    while let Some(error) = cause {
        text.push_str(&format!(": {error}"));
        cause = error.source();
    }
    text
}

/// The most of a body an error keeps ([`Error::InvalidBody`]): 1 KiB.
pub const MAX_EXCERPT: usize = 1024;

/// At most [`MAX_EXCERPT`] bytes of `body` as text (invalid UTF-8
/// replaced), with its full length when cut, and `secret` masked before the
/// cut so that no part of it survives at the edge.
pub(crate) fn excerpt(body: &[u8], secrets: &[&str]) -> String {
    let longest = secrets.iter().map(|s| s.len()).max().unwrap_or(0);
    let window = MAX_EXCERPT + longest;
    let text = String::from_utf8_lossy(&body[..body.len().min(window)]).into_owned();
    let text = mask(text, secrets);
    if body.len() <= MAX_EXCERPT {
        return text;
    }
    let end = (0..=MAX_EXCERPT.min(text.len()))
        .rev()
        .find(|i| text.is_char_boundary(*i))
        .unwrap_or(0);
    format!("{}… ({} bytes in all)", &text[..end], body.len())
}

/// `operation` with the method the caller called, when known.
fn called(operation: &str, call: Option<&str>) -> String {
    match call {
        Some(call) => format!("`{call}` ({operation})"),
        None => operation.to_owned(),
    }
}

fn at_path(path: &str) -> String {
    if path.is_empty() || path == "." {
        String::new()
    } else {
        format!(" at `{path}`")
    }
}

/// What an undecodable body means: JSON that does not fit the document's
/// type is the server departing from the document; no JSON at all is
/// something else answering.
fn invalid_body_advice(source: &serde_json::Error) -> &'static str {
    if source.is_data() {
        "The answer is JSON but not what the document this client was generated from declares: \
         the server departs from it (a server of another version than the document, or a \
         document that is wrong)"
    } else {
        "The answer is not JSON: check that the base URL is the API's (a proxy or another \
         server may be answering)"
    }
}

/// A type name without its module paths:
/// `alloc::vec::Vec<my_api::models::Chat>` → `Vec<Chat>`.
pub(crate) fn short_type_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        out.push_str(word.rsplit("::").next().unwrap_or(word));
        word.clear();
    };
    for c in name.chars() {
        if c.is_alphanumeric() || c == '_' || c == ':' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// A 401 or 403 in words: what was sent and where it came from, or what the
/// operation accepts when nothing was sent; the document's hint last.
fn unauthorized_text(
    error: &ApiError,
    credentials: SentCredentials,
    hint: Option<&'static str>,
) -> String {
    let status = error.status;
    let summary = error.summary();
    let hint = hint.map(|hint| format!(". {hint}")).unwrap_or_default();
    match credentials {
        SentCredentials::Alternative { .. } => format!(
            "the server refused the credentials sent ({status}; {credentials}): {summary}{}",
            if hint.is_empty() {
                format!(
                    ". Check what was given to {} against the server's configuration",
                    credentials.builder_methods()
                )
            } else {
                hint
            }
        ),
        SentCredentials::NoneConfigured { .. } => format!(
            "the server refused the request ({status}): {summary}. No credentials were sent: \
             this operation accepts {}, and the client was given none of them{hint}",
            credentials.accepted_with_builder_methods()
        ),
        _ => format!(
            "the server refused the request ({status}): {summary}. No credentials were sent: the \
             document says this operation needs none{hint}"
        ),
    }
}

/// The shortest key masked in text a server sent back.
pub(crate) const MIN_MASKED: usize = 8;

fn check_hint(check: Option<&'static OperationInfo>) -> String {
    match check {
        Some(op) => format!(
            ". Check its outcome with `{}` ({} {}) before opening it again",
            op.id, op.method, op.path
        ),
        None => ". Check what the request did before opening it again".to_owned(),
    }
}

/// `url` as errors and logs show it: no query or fragment, and any user name
/// and password replaced by `***`. Text that does not parse as a URL keeps
/// only what cannot hold a secret.
pub(crate) fn shown_url(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(mut parsed) => {
            parsed.set_query(None);
            parsed.set_fragment(None);
            if !parsed.username().is_empty() || parsed.password().is_some() {
                let _ = parsed.set_username("***");
                let _ = parsed.set_password(None);
            }
            let text = parsed.to_string();
            // `Url` adds a `/` to an empty path; the base URL had none.
            if !url.ends_with('/') && parsed.path() == "/" {
                text.trim_end_matches('/').to_owned()
            } else {
                text
            }
        }
        Err(_) => {
            let cut = url.find(['?', '#']).unwrap_or(url.len());
            let url = &url[..cut];
            match (url.find("://"), url.rfind('@')) {
                (Some(start), Some(at)) if at > start => {
                    format!("{}***{}", &url[..start + 3], &url[at..])
                }
                _ => url.to_owned(),
            }
        }
    }
}

/// `text` with every occurrence of each of `secrets` masked (a server may
/// echo credentials back in an error body). A secret shorter than
/// [`MIN_MASKED`] is left: masking it would mangle ordinary words (a key `k`
/// in "Invalid API key"), and so short a key protects nothing anyway.
pub(crate) fn mask(mut text: String, secrets: &[&str]) -> String {
    for secret in secrets {
        if secret.len() >= MIN_MASKED && text.contains(secret) {
            text = text.replace(secret, "<redacted>");
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn said(status: u16, body: serde_json::Value) -> Vec<String> {
        explanations(&body, status)
    }

    #[test]
    fn nestjs_message_string_wins_over_the_reason_phrase() {
        let body = json!({"statusCode": 404, "message": "We didn't find a pet named 'rex'", "error": "Not Found"});
        assert_eq!(said(404, body), ["We didn't find a pet named 'rex'"]);
    }

    #[test]
    fn nestjs_message_array_keeps_every_reason() {
        let body = json!({"statusCode": 400, "message": ["name must be a string", "config.webhooks.0.url must be a URL address"], "error": "Bad Request"});
        let error = ApiError::from_body(400, body.to_string());
        assert_eq!(
            error.summary(),
            "name must be a string; config.webhooks.0.url must be a URL address"
        );
        assert_eq!(error.messages.len(), 2);
    }

    #[test]
    fn a_bare_reason_phrase_stays_when_it_is_all_there_is() {
        assert_eq!(said(404, json!({"error": "Not Found"})), ["Not Found"]);
        // Any other phrase is the server's explanation, whatever the status.
        assert_eq!(said(400, json!({"error": "Not Found"})), ["Not Found"]);
    }

    #[test]
    fn error_string_and_error_object() {
        assert_eq!(
            said(400, json!({"error": "Owner does not exist"})),
            ["Owner does not exist"]
        );
        let body = json!({"error": {"code": 403, "message": "The caller does not have permission", "status": "PERMISSION_DENIED"}});
        assert_eq!(said(403, body), ["The caller does not have permission"]);
    }

    #[test]
    fn errors_strings_and_objects_with_their_place() {
        let body = json!({"errors": [
            {"type": "field", "msg": "Invalid value", "path": "owner", "location": "body"},
            {"message": "is required", "field": "name"},
            {"detail": "must be positive", "pointer": "/data/count"},
            {"loc": ["body", "items", 0], "msg": "field required"},
            "plain text",
            {"index": 0, "error": "Owner does not exist"}
        ]});
        assert_eq!(
            said(400, body),
            [
                "owner: Invalid value",
                "name: is required",
                "/data/count: must be positive",
                "body.items.0: field required",
                "plain text",
                "item 0: Owner does not exist"
            ]
        );
    }

    /// A bulk operation's 500: the same words for several items; which item
    /// failed is what tells them apart.
    #[test]
    fn errors_of_items_keep_their_index() {
        let body = json!({"results": [], "errors": [
            {"index": 0, "error": "the recipient does not exist"},
            {"index": 1, "error": "the recipient does not exist"}
        ]});
        assert_eq!(
            said(500, body),
            [
                "item 0: the recipient does not exist",
                "item 1: the recipient does not exist"
            ]
        );
    }

    #[test]
    fn errors_as_a_map_of_fields() {
        let body =
            json!({"errors": {"name": ["is required", "is too short"], "age": "must be a number"}});
        assert_eq!(
            said(422, body),
            [
                "name: is required",
                "name: is too short",
                "age: must be a number"
            ]
        );
    }

    #[test]
    fn problem_json_title_and_detail() {
        let body = json!({"type": "https://example.com/out-of-credit", "title": "You do not have enough credit.", "detail": "Your balance is 30, but that costs 50.", "status": 403});
        assert_eq!(
            said(403, body),
            [
                "Your balance is 30, but that costs 50.",
                "You do not have enough credit."
            ]
        );
        // A title that only repeats the status text gives way to the detail.
        let body = json!({"title": "Bad Request", "detail": "count must be positive"});
        assert_eq!(said(400, body), ["count must be positive"]);
    }

    #[test]
    fn oauth_error_description_with_its_code() {
        let body = json!({"error": "invalid_grant", "error_description": "The authorization code expired"});
        assert_eq!(
            said(400, body),
            ["The authorization code expired", "invalid_grant"]
        );
    }

    #[test]
    fn repeated_explanations_are_kept_once_and_nothing_is_found_in_other_shapes() {
        let body = json!({"message": "Pet not found", "error": "Pet not found"});
        assert_eq!(said(404, body), ["Pet not found"]);
        assert!(said(500, json!([1, 2])).is_empty());
        assert!(said(500, json!({"results": []})).is_empty());
        let error = ApiError::from_body(502, "<h1>Bad Gateway</h1>".to_owned());
        assert_eq!(
            (error.message.as_deref(), error.summary().as_str()),
            (None, "<h1>Bad Gateway</h1>")
        );
    }

    #[test]
    fn the_summary_is_cut() {
        let long = "x".repeat(1000);
        let error = ApiError::from_body(400, json!({"message": long}).to_string());
        assert_eq!(error.summary().chars().count(), MAX_EXPLANATION + 1);
        let many: Vec<String> = (0..30).map(|i| format!("reason {i}")).collect();
        let error = ApiError::from_body(400, json!({"message": many}).to_string());
        assert!(
            error.summary().ends_with("reason 19; and 10 more"),
            "{}",
            error.summary()
        );
    }

    #[test]
    fn type_names_lose_their_module_paths() {
        assert_eq!(
            short_type_name("alloc::vec::Vec<my_api::models::Chat>"),
            "Vec<Chat>"
        );
        assert_eq!(
            short_type_name("core::option::Option<(u8, a::B)>"),
            "Option<(u8, B)>"
        );
    }

    #[test]
    fn an_excerpt_is_bounded_and_masks_a_key_cut_at_its_edge() {
        let key = "secret-api-key-123";
        // The key straddles the 1 KiB edge: no part of it survives.
        let mut body = vec![b'a'; MAX_EXCERPT - 5];
        body.extend_from_slice(key.as_bytes());
        body.extend_from_slice(&[b'b'; 10_000]);
        let shown = excerpt(&body, &[key]);
        assert!(
            !shown.contains("secret") && !shown.contains("-123"),
            "{shown}"
        );
        assert!(shown.len() < MAX_EXCERPT + 64, "{}", shown.len());
        assert!(shown.ends_with(&format!("({} bytes in all)", body.len())));
        // Invalid UTF-8 costs at most three bytes per byte kept.
        let shown = excerpt(&vec![0xff; 1 << 20], &[]);
        assert!(shown.len() <= 3 * MAX_EXCERPT + 64, "{}", shown.len());
        assert_eq!(excerpt(b"{}", &[]), "{}");
    }

    #[test]
    fn nesting_is_bounded() {
        let mut body = json!({"message": "deep"});
        for _ in 0..100 {
            body = json!({"error": body});
        }
        assert!(said(500, body).is_empty());
    }

    #[test]
    fn the_body_reads_as_a_declared_type() {
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct Failed {
            results: Vec<u32>,
        }
        let error = ApiError::from_body(500, r#"{"results":[1]}"#.to_owned());
        assert_eq!(
            error.body_as::<Failed>().unwrap(),
            Failed { results: vec![1] }
        );
        assert!(
            ApiError::from_body(500, "oops".to_owned())
                .body_as::<Failed>()
                .is_err()
        );
    }
}
