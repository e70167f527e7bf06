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
    /// The server's own words: the body's `error` (or `message`) text.
    pub message: Option<String>,
    /// The body's `errors` array (validation failures), if any.
    pub errors: Vec<serde_json::Value>,
    /// The body as JSON, when it is JSON.
    pub body: Option<serde_json::Value>,
    /// The body as text.
    pub text: String,
}

impl ApiError {
    pub(crate) fn from_body(status: u16, text: String) -> Self {
        let body: Option<serde_json::Value> = serde_json::from_str(&text).ok();
        let message = body.as_ref().and_then(|b| {
            ["error", "message"]
                .iter()
                .find_map(|key| b.get(*key).and_then(|v| v.as_str()).map(str::to_owned))
        });
        let errors = body
            .as_ref()
            .and_then(|b| b.get("errors"))
            .and_then(|e| e.as_array())
            .cloned()
            .unwrap_or_default();
        ApiError {
            status,
            message,
            errors,
            body,
            text,
        }
    }

    /// The server's words for the error: its `error` text, the `errors`
    /// entries, or the raw body.
    pub fn summary(&self) -> String {
        if let Some(message) = &self.message {
            return message.clone();
        }
        if !self.errors.is_empty() {
            let parts: Vec<String> = self
                .errors
                .iter()
                .map(|e| {
                    match (
                        e.get("path").and_then(|p| p.as_str()),
                        e.get("msg").and_then(|m| m.as_str()),
                    ) {
                        (Some(path), Some(msg)) => format!("{path}: {msg}"),
                        (None, Some(msg)) => msg.to_owned(),
                        _ => e.to_string(),
                    }
                })
                .collect();
            return parts.join("; ");
        }
        let text = self.text.trim();
        if text.is_empty() {
            "(empty body)".to_owned()
        } else if text.len() > 300 {
            let cut = (0..=300)
                .rev()
                .find(|i| text.is_char_boundary(*i))
                .unwrap_or(0);
            format!("{}…", &text[..cut])
        } else {
            text.to_owned()
        }
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
    /// The answer's body is not what the operation declares.
    #[error(
        "{operation}: the response (status {status}) is not valid {expected}: {source}. The \
         server's version may not match this client's"
    )]
    InvalidBody {
        /// The operation's id.
        operation: &'static str,
        /// The HTTP status of the answer.
        status: u16,
        /// What was expected (`JSON for the declared type`, ...).
        expected: &'static str,
        /// The body as received.
        body: String,
        /// Why it could not be read.
        #[source]
        source: serde_json::Error,
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

/// `text` with every occurrence of `secret` masked (a server may echo the
/// key back in an error body). A secret shorter than [`MIN_MASKED`] is left:
/// masking it would mangle ordinary words (a key `k` in "Invalid API key"),
/// and so short a key protects nothing anyway.
pub(crate) fn mask(text: String, secret: Option<&str>) -> String {
    match secret {
        Some(secret) if secret.len() >= MIN_MASKED && text.contains(secret) => {
            text.replace(secret, "<redacted>")
        }
        _ => text,
    }
}
