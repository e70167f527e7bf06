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
}
