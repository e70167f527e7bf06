//! What the generated code tells the runtime about each operation.

/// HTTP methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
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
    pub const fn as_str(self) -> &'static str {
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

/// One way an operation takes credentials: an OpenAPI security scheme, as
/// the client sends it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AuthScheme {
    /// An API key (`type: apiKey`) in the named header (`x-api-key`), from
    /// [`ClientBuilder::api_key`](super::ClientBuilder::api_key).
    ApiKeyHeader(&'static str),
    /// An API key in the named query parameter (`api_key`), from
    /// [`ClientBuilder::api_key`](super::ClientBuilder::api_key).
    ApiKeyQuery(&'static str),
    /// `Authorization: Bearer <token>` (HTTP `bearer`, OAuth 2, OpenID
    /// Connect), from [`ClientBuilder::bearer_token`](super::ClientBuilder::bearer_token).
    Bearer,
    /// `Authorization: Basic ...` (HTTP `basic`), from
    /// [`ClientBuilder::basic_auth`](super::ClientBuilder::basic_auth).
    Basic,
    /// A scheme this client cannot send (HTTP `digest`, an API key in a
    /// cookie), in words: an alternative holding it is never chosen, and a
    /// 401 names it among what the operation accepts.
    Unsupported(&'static str),
}

impl AuthScheme {
    /// The scheme in words (`the API key in header `x-api-key``, `a bearer
    /// token`); never a value.
    pub fn describe(self) -> String {
        match self {
            AuthScheme::ApiKeyHeader(name) => format!("the API key in header `{name}`"),
            AuthScheme::ApiKeyQuery(name) => format!("the API key in query parameter `{name}`"),
            AuthScheme::Bearer => "a bearer token".to_owned(),
            AuthScheme::Basic => "HTTP basic credentials".to_owned(),
            AuthScheme::Unsupported(what) => format!("{what} (which this client cannot send)"),
        }
    }

    /// The [`ClientBuilder`](super::ClientBuilder) method that gives its
    /// credentials (`ClientBuilder::bearer_token`); `None` for a scheme the
    /// client cannot send.
    pub fn builder_method(self) -> Option<&'static str> {
        match self {
            AuthScheme::ApiKeyHeader(_) | AuthScheme::ApiKeyQuery(_) => {
                Some("ClientBuilder::api_key")
            }
            AuthScheme::Bearer => Some("ClientBuilder::bearer_token"),
            AuthScheme::Basic => Some("ClientBuilder::basic_auth"),
            AuthScheme::Unsupported(_) => None,
        }
    }
}

/// One alternative of an operation's security: schemes sent together (an
/// OpenAPI security requirement object). An empty one means the operation
/// may be called without credentials.
pub type SecurityRequirement = &'static [AuthScheme];

/// Alternatives in words, each with its builder methods when `methods`:
/// `a bearer token (`ClientBuilder::bearer_token`), or ...`. Empty
/// alternatives are left out.
fn describe_alternatives(alternatives: &[SecurityRequirement], methods: bool) -> String {
    let texts: Vec<String> = alternatives
        .iter()
        .filter(|alternative| !alternative.is_empty())
        .map(|alternative| {
            let parts: Vec<String> = alternative
                .iter()
                .map(|scheme| match scheme.builder_method() {
                    Some(method) if methods => format!("{} (`{method}`)", scheme.describe()),
                    _ => scheme.describe(),
                })
                .collect();
            parts.join(" and ")
        })
        .collect();
    texts.join(", or ")
}

/// Which credentials a request carried: what an authentication failure is
/// worded after, and what `tracing` reports (never a value). Its `Display`
/// says it in words: `a bearer token`, `the API key as a bearer token`,
/// `none: ...`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SentCredentials {
    /// None, and none were needed: the operation declares no security, or
    /// allows calls without credentials and the client had none of those it
    /// also accepts.
    NotRequired,
    /// One alternative of the operation's security, every scheme in it.
    Alternative {
        /// The schemes sent.
        schemes: SecurityRequirement,
        /// The API key stood in for a bearer token the client was not given.
        api_key_as_bearer: bool,
    },
    /// None: the client was given credentials for no alternative the
    /// operation accepts.
    NoneConfigured {
        /// What the operation accepts, in the document's order.
        accepted: &'static [SecurityRequirement],
    },
}

impl SentCredentials {
    /// The builder methods that gave what was sent, in words
    /// (`` `ClientBuilder::api_key` and `ClientBuilder::basic_auth` ``);
    /// empty when nothing was sent.
    pub fn builder_methods(&self) -> String {
        let SentCredentials::Alternative {
            schemes,
            api_key_as_bearer,
        } = self
        else {
            return String::new();
        };
        let mut methods: Vec<&str> = Vec::new();
        for scheme in schemes.iter() {
            let method = match scheme {
                AuthScheme::Bearer if *api_key_as_bearer => Some("ClientBuilder::api_key"),
                scheme => scheme.builder_method(),
            };
            if let Some(method) = method.filter(|m| !methods.contains(m)) {
                methods.push(method);
            }
        }
        let methods: Vec<String> = methods.iter().map(|m| format!("`{m}`")).collect();
        methods.join(" and ")
    }

    /// When nothing was sent for want of credentials: what the operation
    /// accepts, each scheme with the builder method that gives it.
    pub fn accepted_with_builder_methods(&self) -> String {
        match self {
            SentCredentials::NoneConfigured { accepted } => describe_alternatives(accepted, true),
            _ => String::new(),
        }
    }
}

impl std::fmt::Display for SentCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SentCredentials::NotRequired => f.write_str("none (the operation needs none)"),
            SentCredentials::Alternative {
                schemes,
                api_key_as_bearer,
            } => {
                let texts: Vec<String> = schemes
                    .iter()
                    .map(|scheme| match scheme {
                        AuthScheme::Bearer if *api_key_as_bearer => {
                            "the API key as a bearer token".to_owned()
                        }
                        scheme => scheme.describe(),
                    })
                    .collect();
                f.write_str(&texts.join(" and "))
            }
            SentCredentials::NoneConfigured { accepted } => write!(
                f,
                "none: the client has none this operation accepts ({})",
                describe_alternatives(accepted, false)
            ),
        }
    }
}

/// One operation, as the runtime needs it to send a request. Generated code
/// builds it as a `static` with [`OperationInfo::new`] and the `with_`
/// steps, so fields this crate adds later do not break it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperationInfo {
    pub(crate) id: &'static str,
    pub(crate) method: Method,
    pub(crate) path: &'static str,
    pub(crate) security: &'static [SecurityRequirement],
    pub(crate) repeatable: bool,
    pub(crate) stream: Option<&'static StreamInfo>,
    pub(crate) error_hints: &'static [ErrorHint],
}

impl OperationInfo {
    /// An operation that needs no credentials, may be sent twice (retried,
    /// its stream reopened) as its method allows, has no event stream and
    /// no error hints.
    pub const fn new(id: &'static str, method: Method, path: &'static str) -> Self {
        OperationInfo {
            id,
            method,
            path,
            security: &[],
            repeatable: true,
            stream: None,
            error_hints: &[],
        }
    }

    /// Its security: the alternatives of its OpenAPI `security`, in the
    /// document's order, each a set of schemes sent together. The client
    /// sends the first alternative it has every credential for (see
    /// [`SentCredentials`]).
    pub const fn with_security(self, security: &'static [SecurityRequirement]) -> Self {
        OperationInfo { security, ..self }
    }

    /// Marks it as never to be sent twice (`x-idempotent: false`): it is
    /// never retried and its event stream is never reopened, whatever its
    /// method.
    pub const fn not_repeatable(self) -> Self {
        OperationInfo {
            repeatable: false,
            ..self
        }
    }

    /// What the document says about its event stream.
    pub const fn with_stream(self, stream: &'static StreamInfo) -> Self {
        OperationInfo {
            stream: Some(stream),
            ..self
        }
    }

    /// What its error answers tell the user to check (`x-error-hint`), in the
    /// document's order.
    pub const fn with_error_hints(self, error_hints: &'static [ErrorHint]) -> Self {
        OperationInfo {
            error_hints,
            ..self
        }
    }

    /// The `operationId`; errors and logs name the operation by it.
    pub const fn id(&self) -> &'static str {
        self.id
    }

    /// The HTTP method.
    pub const fn method(&self) -> Method {
        self.method
    }

    /// The path template, `{name}` for each path parameter.
    pub const fn path(&self) -> &'static str {
        self.path
    }

    /// The security alternatives; empty when the operation needs no
    /// credentials.
    pub const fn security(&self) -> &'static [SecurityRequirement] {
        self.security
    }

    /// `false` when the document marks the operation `x-idempotent: false`.
    pub const fn is_repeatable(&self) -> bool {
        self.repeatable
    }

    /// For an operation that answers with an event stream: what the
    /// document says about its events.
    pub const fn stream(&self) -> Option<&'static StreamInfo> {
        self.stream
    }

    /// The `x-error-hint`s of the operation's responses, in the document's
    /// order.
    pub const fn error_hints(&self) -> &'static [ErrorHint] {
        self.error_hints
    }

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

    /// The security alternatives in words (`HTTP basic credentials
    /// (...), or a bearer token (...)`), empty when it needs none.
    pub fn describe_security(&self) -> String {
        describe_alternatives(self.security, false)
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
    status: ResponseCode,
    hint: &'static str,
}

impl ErrorHint {
    /// The hint for the responses `status` names.
    pub const fn new(status: ResponseCode, hint: &'static str) -> Self {
        ErrorHint { status, hint }
    }

    /// The response it belongs to.
    pub const fn status(&self) -> ResponseCode {
        self.status
    }

    /// What to check, one sentence or more.
    pub const fn hint(&self) -> &'static str {
        self.hint
    }
}

/// What the document says about an operation's event stream.
#[derive(Debug, Clone, Copy)]
pub struct StreamInfo {
    error_event: Option<fn(&str) -> bool>,
    check_after_cut: Option<&'static OperationInfo>,
}

impl StreamInfo {
    /// A stream with no error events and no operation to check after a cut.
    pub const fn new() -> Self {
        StreamInfo {
            error_event: None,
            check_after_cut: None,
        }
    }

    /// Tells an error event from a normal one: `test` is `true` when the
    /// event's data matches the error schema the document names
    /// (`x-error-schema`). Such an event ends the stream with
    /// [`Error::ErrorEvent`](super::Error::ErrorEvent).
    pub const fn with_error_event(self, test: fn(&str) -> bool) -> Self {
        StreamInfo {
            error_event: Some(test),
            ..self
        }
    }

    /// The operation that tells what a cut stream's request did (a `GET` on
    /// the same resource, from the document's paths), named in
    /// [`Error::StreamCut`](super::Error::StreamCut).
    pub const fn with_check_after_cut(self, operation: &'static OperationInfo) -> Self {
        StreamInfo {
            check_after_cut: Some(operation),
            ..self
        }
    }

    /// The error-event test, if the document names an error schema.
    pub const fn error_event(&self) -> Option<fn(&str) -> bool> {
        self.error_event
    }

    /// The operation to check after a cut, if the document has one.
    pub const fn check_after_cut(&self) -> Option<&'static OperationInfo> {
        self.check_after_cut
    }
}

impl Default for StreamInfo {
    fn default() -> Self {
        Self::new()
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_match_as_openapi_matches_responses() {
        static INFO: OperationInfo =
            OperationInfo::new("get", Method::Get, "/").with_error_hints(&[
                ErrorHint::new(ResponseCode::Default, "anything else"),
                ErrorHint::new(ResponseCode::Range(4), "a client error"),
                ErrorHint::new(ResponseCode::Exact(404), "no such thing"),
            ]);
        let info = INFO;
        // The exact code first, then its range, then `default`, whatever
        // the order in the document.
        assert_eq!(info.error_hint(404), Some("no such thing"));
        assert_eq!(info.error_hint(409), Some("a client error"));
        assert_eq!(info.error_hint(500), Some("anything else"));
        let bare = info.with_error_hints(&[]);
        assert_eq!(bare.error_hint(404), None);
    }

    #[test]
    fn credentials_are_said_in_words_without_values() {
        static ACCEPTED: [SecurityRequirement; 3] = [
            &[AuthScheme::ApiKeyHeader("X-Key"), AuthScheme::Basic],
            &[AuthScheme::Bearer],
            &[AuthScheme::Unsupported("HTTP `digest` authentication")],
        ];
        let sent = SentCredentials::Alternative {
            schemes: ACCEPTED[0],
            api_key_as_bearer: false,
        };
        assert_eq!(
            sent.to_string(),
            "the API key in header `X-Key` and HTTP basic credentials"
        );
        assert_eq!(
            sent.builder_methods(),
            "`ClientBuilder::api_key` and `ClientBuilder::basic_auth`"
        );
        let key_as_bearer = SentCredentials::Alternative {
            schemes: ACCEPTED[1],
            api_key_as_bearer: true,
        };
        assert_eq!(key_as_bearer.to_string(), "the API key as a bearer token");
        assert_eq!(key_as_bearer.builder_methods(), "`ClientBuilder::api_key`");
        let none = SentCredentials::NoneConfigured {
            accepted: &ACCEPTED,
        };
        assert_eq!(
            none.accepted_with_builder_methods(),
            "the API key in header `X-Key` (`ClientBuilder::api_key`) and HTTP basic credentials \
             (`ClientBuilder::basic_auth`), or a bearer token (`ClientBuilder::bearer_token`), or \
             HTTP `digest` authentication (which this client cannot send)"
        );
    }
}
