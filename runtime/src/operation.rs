//! What the generated code tells the runtime about each operation.

/// HTTP methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `PUT`
    Put,
    /// `POST`
    Post,
    /// `DELETE`
    Delete,
    /// `OPTIONS`
    Options,
    /// `HEAD`
    Head,
    /// `PATCH`
    Patch,
    /// `TRACE`
    Trace,
}

impl Method {
    /// The method's name, upper case.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }

    /// Whether sending the request twice has the effect of sending it once
    /// (RFC 9110): only these are retried unless the caller allows more.
    pub fn is_idempotent(self) -> bool {
        !matches!(self, Method::Post | Method::Patch)
    }

    pub(crate) fn to_reqwest(self) -> reqwest::Method {
        match self {
            Method::Get => reqwest::Method::GET,
            Method::Put => reqwest::Method::PUT,
            Method::Post => reqwest::Method::POST,
            Method::Delete => reqwest::Method::DELETE,
            Method::Options => reqwest::Method::OPTIONS,
            Method::Head => reqwest::Method::HEAD,
            Method::Patch => reqwest::Method::PATCH,
            Method::Trace => reqwest::Method::TRACE,
        }
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where an operation wants its credentials, from its security requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyPlacement {
    /// In the named header (`x-api-key`).
    Header(&'static str),
    /// In the named query parameter (`api_key`).
    Query(&'static str),
    /// As `Authorization: Bearer <token>`: the builder's bearer token, or
    /// the API key when no token was given.
    Bearer,
    /// As `Authorization: Basic ...` (HTTP basic), from the builder's
    /// username and password.
    Basic,
}

/// One operation, as the runtime needs it to send a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperationInfo {
    /// The `operationId`; errors and logs name the operation by it.
    pub id: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path template, `{name}` for each path parameter.
    pub path: &'static str,
    /// Where the API key goes; empty when the operation needs no key.
    pub auth: &'static [ApiKeyPlacement],
    /// `false` when the document marks the operation `x-idempotent: false`:
    /// sending it twice would act twice, so it is never retried and its
    /// event stream is never reopened, whatever its method.
    pub repeatable: bool,
    /// For an operation that answers with an event stream: what the
    /// document says about its events.
    pub stream: Option<&'static StreamInfo>,
    /// What an error answer tells the user to check, from the `x-error-hint`
    /// of the operation's responses, in the document's order.
    pub error_hints: &'static [ErrorHint],
}

impl OperationInfo {
    /// The hint for an error answer of `status`: the response of that exact
    /// code, else its range (`4XX`), else `default`, as OpenAPI matches
    /// responses.
    pub fn error_hint(&self, status: u16) -> Option<&'static str> {
        [
            ResponseCode::Exact(status),
            ResponseCode::Range(status / 100),
            ResponseCode::Default,
        ]
        .into_iter()
        .find_map(|code| self.error_hints.iter().find(|h| h.status == code))
        .map(|h| h.hint)
    }
}

/// Which responses a hint belongs to, as an OpenAPI `responses` key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseCode {
    /// One status code (`404`).
    Exact(u16),
    /// A range by its first digit (`4XX` is `Range(4)`).
    Range(u16),
    /// `default`.
    Default,
}

/// The document's words for an error answer: an `x-error-hint` on a
/// response, said after the server's own message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorHint {
    /// The response it belongs to.
    pub status: ResponseCode,
    /// What to check, one sentence or more.
    pub hint: &'static str,
}

/// What the document says about an operation's event stream.
#[derive(Debug, Clone, Copy)]
pub struct StreamInfo {
    /// Tells an error event from a normal one: `true` when the event's data
    /// matches the error schema the document names (`x-error-schema`). Such
    /// an event ends the stream with [`Error::ErrorEvent`](super::Error::ErrorEvent).
    pub error_event: Option<fn(&str) -> bool>,
    /// The operation that tells what a cut stream's request did (a `GET` on
    /// the same resource, from the document's paths), named in
    /// [`Error::StreamCut`](super::Error::StreamCut).
    pub check_after_cut: Option<&'static OperationInfo>,
}

// Written out because a derived comparison of function pointers is linted:
// the same function may have several addresses. Equal addresses still mean
// the same test, which is all a comparison of statics needs.
impl PartialEq for StreamInfo {
    fn eq(&self, other: &Self) -> bool {
        let same_test = match (self.error_event, other.error_event) {
            (Some(a), Some(b)) => std::ptr::fn_addr_eq(a, b),
            (a, b) => a.is_none() && b.is_none(),
        };
        same_test && self.check_after_cut == other.check_after_cut
    }
}

impl Eq for StreamInfo {}

/// A [`StreamInfo::error_event`] test: the data is JSON that reads as `E`.
pub fn reads_as<E: serde::de::DeserializeOwned>(data: &str) -> bool {
    serde_json::from_str::<E>(data).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_match_as_openapi_matches_responses() {
        static HINTS: [ErrorHint; 3] = [
            ErrorHint {
                status: ResponseCode::Default,
                hint: "anything else",
            },
            ErrorHint {
                status: ResponseCode::Range(4),
                hint: "a client error",
            },
            ErrorHint {
                status: ResponseCode::Exact(404),
                hint: "no such thing",
            },
        ];
        let info = OperationInfo {
            id: "get",
            method: Method::Get,
            path: "/",
            auth: &[],
            repeatable: true,
            stream: None,
            error_hints: &HINTS,
        };
        // The exact code first, then its range, then `default`, whatever
        // the order in the document.
        assert_eq!(info.error_hint(404), Some("no such thing"));
        assert_eq!(info.error_hint(409), Some("a client error"));
        assert_eq!(info.error_hint(500), Some("anything else"));
        let bare = OperationInfo {
            error_hints: &[],
            ..info
        };
        assert_eq!(bare.error_hint(404), None);
    }
}
