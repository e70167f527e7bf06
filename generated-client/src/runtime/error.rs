//! Typed errors. Each names the operation and says what to check, the way the
//! n8n node's troubleshooting notes do.

use std::time::Duration;

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
    /// 404: the session (phone) or the item does not exist.
    #[error(
        "{operation}: not found (404): {}. Check that a session exists for the phone number \
         and that the IDs in the request are right",
        .error.summary()
    )]
    NotFound {
        /// The operation's id.
        operation: &'static str,
        /// The server's answer.
        error: Box<ApiError>,
    },
    /// 401 or 403: the API key is missing or wrong.
    #[error(
        "{operation}: the server refused the API key ({}): {}. Check the key given to \
         `ClientBuilder::api_key` against the server's configuration",
        .error.status,
        .error.summary()
    )]
    Unauthorized {
        /// The operation's id.
        operation: &'static str,
        /// The server's answer.
        error: Box<ApiError>,
    },
    /// Any other non-success status.
    #[error("{operation}: the server answered {}: {}", .error.status, .error.summary())]
    Status {
        /// The operation's id.
        operation: &'static str,
        /// The server's answer.
        error: Box<ApiError>,
    },
    /// No answer in time.
    #[error(
        "{operation}: no answer from {url} within {timeout:?}. Check that the server is up and \
         reachable, or raise the timeout with `ClientBuilder::timeout`"
    )]
    Timeout {
        /// The operation's id.
        operation: &'static str,
        /// The request URL without its query string.
        url: String,
        /// The timeout that ran out.
        timeout: Duration,
    },
    /// The connection could not be made (refused, unknown host, TLS).
    #[error(
        "{operation}: cannot connect to {url}: {source}. Is the server running, and is the base \
         URL right?"
    )]
    Connect {
        /// The operation's id.
        operation: &'static str,
        /// The request URL without its query string.
        url: String,
        /// What the HTTP client reported.
        #[source]
        source: reqwest::Error,
    },
    /// The request failed on the way (connection reset, body error, ...).
    #[error("{operation}: the request failed: {source}")]
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

    pub(crate) fn from_status(operation: &'static str, status: u16, text: String) -> Self {
        let error = Box::new(ApiError::from_body(status, text));
        match status {
            404 => Error::NotFound { operation, error },
            401 | 403 => Error::Unauthorized { operation, error },
            _ => Error::Status { operation, error },
        }
    }

    pub(crate) fn from_reqwest(
        operation: &'static str,
        url: &str,
        timeout: Duration,
        source: reqwest::Error,
    ) -> Self {
        if source.is_timeout() {
            Error::Timeout {
                operation,
                url: url.to_owned(),
                timeout,
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
