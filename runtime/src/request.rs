//! Building, sending and reading one request.

use std::fmt::Display;
use std::time::{Duration, Instant};

use bytes::Bytes;
use serde::Serialize;
use serde::de::DeserializeOwned;
use tracing::Instrument;

use super::client::Client;
use super::encode;
use super::error::{Error, shown_url};
use super::multipart::Multipart;
use super::operation::{AuthScheme, OperationInfo, SentCredentials};
use super::retry::parse_retry_after;
use super::sse::EventStream;

/// How one field of a form body is encoded (OpenAPI's `encoding` entry).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormField {
    /// The field's name.
    pub name: &'static str,
    /// Its `style`.
    pub style: FormStyle,
    /// Its `explode`.
    pub explode: bool,
}

impl FormField {
    /// A field's `encoding` entry.
    pub const fn new(name: &'static str, style: FormStyle, explode: bool) -> Self {
        FormField {
            name,
            style,
            explode,
        }
    }
}

/// An `encoding` style of a form field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormStyle {
    /// No style given: arrays as `form` (exploded), objects as `deepObject`.
    Default,
    /// `form`: arrays repeated (or `a,b` without explode), objects as their
    /// own fields (or `key,value,...` without explode).
    Form,
    /// `spaceDelimited`: array items joined by spaces.
    SpaceDelimited,
    /// `pipeDelimited`: array items joined by `|`.
    PipeDelimited,
    /// `deepObject`: `name[key]=value`, nested objects nesting the brackets.
    DeepObject,
}

/// The `key=value` pairs of one form field.
fn form_pairs(
    name: &str,
    value: serde_json::Value,
    style: FormStyle,
    explode: bool,
    out: &mut Vec<(String, String)>,
) {
    use serde_json::Value;
    match value {
        Value::Null => {}
        Value::Array(items) => {
            let delimiter = match style {
                FormStyle::SpaceDelimited => Some(" "),
                FormStyle::PipeDelimited => Some("|"),
                FormStyle::Form | FormStyle::Default if !explode => Some(","),
                _ => None,
            };
            match delimiter {
                Some(delimiter) => {
                    let texts: Vec<String> = items.into_iter().map(form_text).collect();
                    out.push((name.to_owned(), texts.join(delimiter)));
                }
                None => {
                    for item in items {
                        match item {
                            Value::Object(_) | Value::Array(_) => {
                                out.push((name.to_owned(), item.to_string()));
                            }
                            item => form_pairs(name, item, style, explode, out),
                        }
                    }
                }
            }
        }
        Value::Object(entries) => match style {
            FormStyle::Form if explode => {
                for (key, value) in entries {
                    form_pairs(&key, value, FormStyle::Form, true, out);
                }
            }
            FormStyle::Form => {
                let mut texts = Vec::new();
                for (key, value) in entries {
                    texts.push(key);
                    texts.push(form_text(value));
                }
                out.push((name.to_owned(), texts.join(",")));
            }
            _ => {
                for (key, value) in entries {
                    let nested = format!("{name}[{key}]");
                    form_pairs(&nested, value, FormStyle::DeepObject, true, out);
                }
            }
        },
        scalar => out.push((name.to_owned(), form_text(scalar))),
    }
}

/// A scalar as form text (strings unquoted); anything else as JSON.
fn form_text(value: serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text,
        other => other.to_string(),
    }
}

/// Items' text joined by `delimiter`.
fn join<T: Display>(values: &[T], delimiter: &str) -> String {
    let mut out = String::new();
    for (i, value) in values.iter().enumerate() {
        if i > 0 {
            out.push_str(delimiter);
        }
        out.push_str(&value.to_string());
    }
    out
}

/// The path parameter styles that prefix their value (OpenAPI's `label`
/// and `matrix`); `simple` is [`RequestBuilder::path_param`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathStyle {
    /// `.a,b`
    Label,
    /// `;name=a,b`
    Matrix,
}

/// A binary response body with its content type.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Binary {
    /// The bytes as received.
    pub bytes: Bytes,
    /// The `Content-Type` header, if the server sent one.
    pub content_type: Option<String>,
}

/// One request being put together. Generated methods drive it; a generic
/// caller (a command line, say) can too, from a catalog entry.
#[derive(Clone)]
pub struct RequestBuilder {
    client: Client,
    operation: &'static OperationInfo,
    path_values: Vec<(&'static str, encode::PathValue)>,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Option<(Bytes, String)>,
    accept: Option<String>,
    retry_non_idempotent: bool,
    call: Option<&'static str>,
}

impl std::fmt::Debug for RequestBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RequestBuilder")
            .field("operation", &self.operation.id)
            .field("path_values", &self.path_values)
            .field("query", &self.query)
            .finish_non_exhaustive()
    }
}

impl RequestBuilder {
    pub(crate) fn new(client: Client, operation: &'static OperationInfo) -> Self {
        RequestBuilder {
            client,
            operation,
            path_values: Vec::new(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            accept: None,
            retry_non_idempotent: false,
            call: None,
        }
    }

    fn invalid(&self, parameter: &str, reason: impl Into<String>) -> Error {
        Error::InvalidInput {
            operation: self.operation.id,
            parameter: parameter.to_owned(),
            reason: reason.into(),
        }
    }

    /// Fills the `{name}` placeholder with `value`, encoded as one path
    /// segment. Empty values and `.`/`..` are refused.
    pub fn path_param(mut self, name: &'static str, value: impl Display) -> Result<Self, Error> {
        let value = value.to_string();
        if let Some(problem) = encode::path_segment_problem(&value) {
            return Err(self.invalid(name, problem));
        }
        self.path_values
            .push((name, encode::PathValue::Plain(value)));
        Ok(self)
    }

    /// Fills the `{name}` placeholder with a list, in OpenAPI's default
    /// `simple` style (`a,b,c`; the commas are encoded with the segment).
    pub fn path_param_list<T: Display>(
        self,
        name: &'static str,
        values: &[T],
    ) -> Result<Self, Error> {
        self.path_param(name, join(values, ","))
    }

    /// Fills the `{name}` placeholder in the `label` (`.a,b`; exploded
    /// `.a.b`) or `matrix` (`;name=a,b`; exploded `;name=a;name=b`) style.
    /// A scalar is a list of one. Each item is percent-encoded; the style's
    /// `.`, `;`, `=` and `,` are written as they are. As in
    /// [`path_param`](Self::path_param), an item that is empty, `.` or `..`
    /// is refused (in the `label` style it would make the segment a
    /// dot-segment, which climbs the path), and so is an empty `label` list.
    pub fn path_param_styled<T: Display>(
        mut self,
        name: &'static str,
        style: PathStyle,
        explode: bool,
        values: &[T],
    ) -> Result<Self, Error> {
        let items: Vec<String> = values.iter().map(|v| v.to_string()).collect();
        for item in &items {
            if let Some(problem) = encode::path_segment_problem(item) {
                let problem = if items.len() > 1 {
                    format!("an item {problem}")
                } else {
                    problem.to_owned()
                };
                return Err(self.invalid(name, problem));
            }
        }
        if items.is_empty() && style == PathStyle::Label {
            return Err(self.invalid(name, "must not be an empty list"));
        }
        let items: Vec<String> = items.iter().map(|i| encode::path_item(i)).collect();
        let key = encode::path_item(name);
        let text = match (style, explode) {
            (PathStyle::Label, false) => format!(".{}", items.join(",")),
            (PathStyle::Label, true) => items.iter().map(|i| format!(".{i}")).collect(),
            (PathStyle::Matrix, _) if items.is_empty() => format!(";{key}"),
            (PathStyle::Matrix, false) => format!(";{key}={}", items.join(",")),
            (PathStyle::Matrix, true) => items.iter().map(|i| format!(";{key}={i}")).collect(),
        };
        self.path_values
            .push((name, encode::PathValue::Encoded(text)));
        Ok(self)
    }

    /// Adds a query parameter.
    pub fn query(mut self, name: &str, value: impl Display) -> Self {
        self.query.push((name.to_owned(), value.to_string()));
        self
    }

    /// Adds a query parameter once per item (`tag=a&tag=b`, OpenAPI's default
    /// `form` style with `explode`).
    pub fn query_array<T: Display>(mut self, name: &str, values: &[T]) -> Self {
        for value in values {
            self.query.push((name.to_owned(), value.to_string()));
        }
        self
    }

    /// Adds a query parameter holding a whole list, its items separated by
    /// `delimiter`: `,` for `form` without `explode`, `" "` for
    /// `spaceDelimited`, `|` for `pipeDelimited`.
    pub fn query_list<T: Display>(mut self, name: &str, values: &[T], delimiter: &str) -> Self {
        self.query.push((name.to_owned(), join(values, delimiter)));
        self
    }

    /// Adds a header holding a list, in the `simple` style (`a,b,c`).
    pub fn header_list<T: Display>(self, name: &str, values: &[T]) -> Self {
        self.header(name, join(values, ","))
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: impl Display) -> Self {
        self.headers.push((name.to_owned(), value.to_string()));
        self
    }

    /// Sends `body` as JSON.
    pub fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Result<Self, Error> {
        let bytes = serde_json::to_vec(body)
            .map_err(|e| self.invalid("body", format!("cannot be written as JSON: {e}")))?;
        self.body = Some((Bytes::from(bytes), "application/json".to_owned()));
        Ok(self)
    }

    /// Sends `body` as `application/x-www-form-urlencoded`, each field in
    /// OpenAPI's default encoding (see [`form_with`](Self::form_with)).
    pub fn form<T: Serialize + ?Sized>(self, body: &T) -> Result<Self, Error> {
        self.form_with(body, &[])
    }

    /// Sends `body` as `application/x-www-form-urlencoded`. Each top-level
    /// field is encoded as its entry in `encodings` says, else as OpenAPI's
    /// defaults for forms: scalars as text, arrays repeated (`tag=a&tag=b`),
    /// objects as `deepObject` (`meta[key]=value`). `null` fields are left
    /// out; the others keep the body's field order (`serde_json`'s
    /// `preserve_order`).
    pub fn form_with<T: Serialize + ?Sized>(
        mut self,
        body: &T,
        encodings: &[FormField],
    ) -> Result<Self, Error> {
        let value = serde_json::to_value(body).map_err(|e| self.invalid("body", e.to_string()))?;
        let serde_json::Value::Object(fields) = value else {
            return Err(self.invalid("body", "a form body must be an object"));
        };
        let mut pairs: Vec<(String, String)> = Vec::new();
        for (name, value) in fields {
            let encoding = encodings.iter().find(|e| e.name == name);
            let style = encoding.map_or(FormStyle::Default, |e| e.style);
            let explode = encoding.is_none_or(|e| e.explode);
            form_pairs(&name, value, style, explode, &mut pairs);
        }
        let encoded = encode::query_string(&pairs);
        self.body = Some((
            Bytes::from(encoded),
            "application/x-www-form-urlencoded".to_owned(),
        ));
        Ok(self)
    }

    /// Sends `form` as `multipart/form-data`.
    pub fn multipart(mut self, form: &Multipart) -> Result<Self, Error> {
        if let Some(problem) = form.error() {
            return Err(self.invalid("body", problem));
        }
        self.body = Some(form.encode());
        Ok(self)
    }

    /// Sends raw bytes with this content type.
    pub fn bytes_body(mut self, body: impl Into<Bytes>, content_type: &str) -> Self {
        self.body = Some((body.into(), content_type.to_owned()));
        self
    }

    /// Sends text with this content type.
    pub fn text_body(mut self, body: impl Into<String>, content_type: &str) -> Self {
        self.body = Some((Bytes::from(body.into()), content_type.to_owned()));
        self
    }

    /// Asks for this media type (`Accept`), when an operation offers several.
    pub fn accept(mut self, media_type: &str) -> Self {
        self.accept = Some(media_type.to_owned());
        self
    }

    /// Names the method the caller called (`pets().get()`), for errors
    /// about the answer's body; generated methods set it.
    pub fn called_as(mut self, call: &'static str) -> Self {
        self.call = Some(call);
        self
    }

    /// Allows retrying this request even if its method is not idempotent.
    pub fn retry_non_idempotent(mut self, allow: bool) -> Self {
        self.retry_non_idempotent = allow;
        self
    }

    /// Sends the request and reads a JSON body into `T`. An empty body reads
    /// as JSON `null` when `T` accepts it (`Option`, `()`), else it is
    /// [`Error::EmptyBody`]; a body that does not fit `T` is
    /// [`Error::InvalidBody`], naming the field.
    pub async fn send_json<T: DeserializeOwned>(self) -> Result<T, Error> {
        let called = self.called();
        let client = self.client.clone();
        let (status, body) = self.send_for_body("application/json").await?;
        decode_json(called, &client, status, &body)
    }

    /// Sends the request; any success answer will do, its body is dropped.
    pub async fn send_empty(self) -> Result<(), Error> {
        self.send_for_body("*/*").await.map(|_| ())
    }

    /// Sends the request and gives what the server sent, for an operation
    /// whose document declares no success content: `None` for an empty
    /// body, the JSON when it is JSON, else the text (invalid UTF-8
    /// replaced) as a JSON string.
    pub async fn send_undeclared(self) -> Result<Option<serde_json::Value>, Error> {
        let (_, body) = self.send_for_body("*/*").await?;
        Ok(undeclared(&body))
    }

    /// Sends the request and returns the body as bytes with its content type.
    pub async fn send_bytes(self) -> Result<Binary, Error> {
        let url = self.url()?;
        let accept = self.accept.as_deref().unwrap_or("*/*");
        let response = self.execute(&url, accept, true).await?;
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let bytes = self.read_body(response, &url).await?;
        Ok(Binary {
            bytes,
            content_type,
        })
    }

    /// Sends the request and returns the body as text.
    pub async fn send_text(self) -> Result<String, Error> {
        let accept = self
            .accept
            .clone()
            .unwrap_or_else(|| "text/plain".to_owned());
        let (_, body) = self.send_for_body(&accept).await?;
        Ok(String::from_utf8_lossy(&body).into_owned())
    }

    /// Opens a Server-Sent Events stream of `T` events that reconnects when
    /// the connection drops (see [`EventStream`]).
    pub async fn send_sse<T: DeserializeOwned + Send + 'static>(
        self,
    ) -> Result<EventStream<T>, Error> {
        let response = self.open_stream(None).await?;
        Ok(EventStream::new(self, response))
    }

    /// Connects (or reconnects) an event stream: the timeout bounds the wait
    /// for the response head only, and `Last-Event-ID` is sent when resuming.
    pub(crate) async fn open_stream(
        &self,
        last_event_id: Option<&str>,
    ) -> Result<reqwest::Response, Error> {
        let mut request = self.clone();
        if let Some(id) = last_event_id {
            request
                .headers
                .push(("Last-Event-ID".to_owned(), id.to_owned()));
        }
        let url = request.url()?;
        request.execute(&url, "text/event-stream", false).await
    }

    /// The URL as errors and logs show it.
    pub(crate) fn shown_url(&self) -> String {
        shown_url(&self.url().unwrap_or_default())
    }

    pub(crate) fn operation(&self) -> &'static OperationInfo {
        self.operation
    }

    /// The operation and the method called, for errors about a body.
    pub(crate) fn called(&self) -> Called {
        Called {
            operation: self.operation.id,
            call: self.call,
        }
    }

    pub(crate) fn client(&self) -> &Client {
        &self.client
    }

    async fn send_for_body(self, default_accept: &str) -> Result<(u16, Bytes), Error> {
        let (status, _, body) = self.send_for_response(default_accept).await?;
        Ok((status.as_u16(), body))
    }

    /// [`send_for_body`](Self::send_for_body) with the response's status
    /// and headers, for `Response` (`response.rs`).
    pub(super) async fn send_for_response(
        self,
        default_accept: &str,
    ) -> Result<(reqwest::StatusCode, reqwest::header::HeaderMap, Bytes), Error> {
        let url = self.url()?;
        let accept = self.accept.as_deref().unwrap_or(default_accept);
        let mut response = self.execute(&url, accept, true).await?;
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        let body = self.read_body(response, &url).await?;
        Ok((status, headers, body))
    }

    /// A success body, up to the client's size limit: refused at once when
    /// `Content-Length` says it is larger, else counted as it streams in.
    async fn read_body(&self, mut response: reqwest::Response, url: &str) -> Result<Bytes, Error> {
        let inner = &self.client.inner;
        let limit = inner.max_body_size;
        let too_large = || Error::TooLarge {
            operation: self.operation.id,
            what: "response body",
            limit,
        };
        let declared = response.content_length();
        if declared.is_some_and(|length| length > limit) {
            return Err(too_large());
        }
        // Capacity from the declared length, but never more than 1 MiB up
        // front: the header is the server's word, not a fact.
        let mut body = Vec::with_capacity(declared.unwrap_or(0).min(1 << 20) as usize);
        while let Some(chunk) = response.chunk().await.map_err(|e| {
            Error::from_reqwest(self.operation.id, &shown_url(url), inner.timeout, e)
        })? {
            if (body.len() + chunk.len()) as u64 > limit {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Bytes::from(body))
    }

    /// The URL the request goes to, without the query string. It may hold
    /// the base URL's password: errors and logs show it through `shown_url`.
    fn url(&self) -> Result<String, Error> {
        let (path, missing) = encode::fill_template(self.operation.path, &self.path_values);
        if let Some(name) = missing.first() {
            return Err(self.invalid(name, "no value was given for this path parameter"));
        }
        Ok(format!("{}{}", self.client.inner.request_base, path))
    }

    /// The credentials this request carries: the first alternative of the
    /// operation's security the client has every credential for, the API
    /// key standing in for a missing bearer token only when no alternative
    /// fits without it. An empty alternative (calls without credentials
    /// allowed) is taken only when no other fits.
    pub(crate) fn credentials(&self) -> SentCredentials {
        let inner = &self.client.inner;
        let security = self.operation.security;
        if security.is_empty() {
            return SentCredentials::NotRequired;
        }
        let has = |scheme: &AuthScheme, key_as_bearer: bool| match scheme {
            AuthScheme::ApiKeyHeader(_) | AuthScheme::ApiKeyQuery(_) => inner.api_key.is_some(),
            AuthScheme::Bearer => {
                inner.bearer_token.is_some() || (key_as_bearer && inner.api_key.is_some())
            }
            AuthScheme::Basic => inner.basic_auth.is_some(),
            AuthScheme::Unsupported(_) => false,
        };
        for key_as_bearer in [false, true] {
            let fits = security.iter().find(|alternative| {
                !alternative.is_empty() && alternative.iter().all(|s| has(s, key_as_bearer))
            });
            if let Some(schemes) = fits {
                return SentCredentials::Alternative {
                    schemes,
                    api_key_as_bearer: key_as_bearer,
                };
            }
        }
        if security.iter().any(|alternative| alternative.is_empty()) {
            SentCredentials::NotRequired
        } else {
            SentCredentials::NoneConfigured { accepted: security }
        }
    }

    /// Sends with retries and returns a success response; error statuses
    /// become typed errors (their body read). The client's timeout bounds the
    /// whole call: every try, the waits between them (a retry whose wait
    /// would end past it is not made: the last failure is the answer) and,
    /// when `timed`, the success body. For a stream (`timed` false) it
    /// bounds the tries up to the response head.
    async fn execute(
        &self,
        url: &str,
        accept: &str,
        timed: bool,
    ) -> Result<reqwest::Response, Error> {
        let inner = &self.client.inner;
        let policy = &inner.retry;
        // `None`: a timeout too long for the clock, which never runs out.
        let deadline = tokio::time::Instant::now().checked_add(inner.timeout);
        // An operation the document says must never be sent twice is not
        // retried, whatever its method or the caller's wish.
        let may_retry = self.operation.repeatable
            && (self.operation.method.is_idempotent()
                || policy.retry_non_idempotent
                || self.retry_non_idempotent);
        let credentials = self.credentials();
        let span = tracing::info_span!(
            "request",
            operation = self.operation.id,
            method = self.operation.method.as_str(),
            path = self.operation.path,
        );
        async move {
            if !self.operation.security.is_empty() {
                tracing::debug!("credentials: {credentials}");
            }
            let mut attempt = 0;
            loop {
                let started = Instant::now();
                let remaining = deadline.map_or(inner.timeout, |deadline| {
                    deadline.saturating_duration_since(tokio::time::Instant::now())
                });
                let result = self
                    .attempt(url, accept, timed, remaining, credentials)
                    .await;
                let elapsed_ms = started.elapsed().as_millis() as u64;
                let (error, retry_after) = match result {
                    Ok(response) => {
                        tracing::debug!(status = response.status().as_u16(), elapsed_ms, attempt, "response");
                        return Ok(response);
                    }
                    Err((error, retry_after)) => {
                        tracing::debug!(status = error.status(), elapsed_ms, attempt, error = %error, "request failed");
                        (error, retry_after)
                    }
                };
                if !(may_retry && attempt < policy.max_retries && error.is_transient()) {
                    return Err(error);
                }
                let delay = policy.delay(attempt, retry_after);
                let in_time = deadline.is_none_or(|deadline| {
                    tokio::time::Instant::now()
                        .checked_add(delay)
                        .is_some_and(|ready| ready < deadline)
                });
                if !in_time {
                    tracing::debug!(
                        attempt,
                        delay_ms = delay.as_millis() as u64,
                        "not retrying: the wait would pass the timeout"
                    );
                    return Err(error);
                }
                tracing::info!(attempt, delay_ms = delay.as_millis() as u64, "retrying");
                tokio::time::sleep(delay).await;
                attempt += 1;
            }
        }
        .instrument(span)
        .await
    }

    /// One try, within `remaining` of the call's timeout. On failure, also
    /// the server's `Retry-After`.
    async fn attempt(
        &self,
        url: &str,
        accept: &str,
        timed: bool,
        remaining: Duration,
        credentials: SentCredentials,
    ) -> Result<reqwest::Response, (Error, Option<Duration>)> {
        let inner = &self.client.inner;
        let id = self.operation.id;
        let shown = shown_url(url);
        let started = Instant::now();
        let timed_out = || Error::Timeout {
            operation: id,
            url: shown.clone(),
            timeout: inner.timeout,
        };
        if remaining.is_zero() {
            return Err((timed_out(), None));
        }
        // Headers are checked here so that a value no header can carry is
        // the caller's error, named, not the HTTP client's "builder error".
        for (name, value) in &self.headers {
            let problem = if reqwest::header::HeaderName::from_bytes(name.as_bytes()).is_err() {
                Some("is not a valid header name")
            } else if reqwest::header::HeaderValue::from_str(value).is_err() {
                Some(
                    "holds characters a header value cannot carry (control characters, line breaks)",
                )
            } else {
                None
            };
            if let Some(reason) = problem {
                return Err((self.invalid(name, reason), None));
            }
        }
        let schemes = match credentials {
            SentCredentials::Alternative { schemes, .. } => schemes,
            _ => &[],
        };
        // The query is encoded here rather than by reqwest so that path and
        // query follow one encoding rule; a query API key joins it.
        let mut query = self.query.clone();
        let key = inner.api_key.as_ref().map(|k| k.0.as_str());
        for scheme in schemes {
            if let (AuthScheme::ApiKeyQuery(name), Some(key)) = (scheme, key) {
                query.push(((*name).to_owned(), key.to_owned()));
            }
        }
        let mut request = if query.is_empty() {
            inner.http.request(self.operation.method.to_reqwest(), url)
        } else {
            let full = format!("{url}?{}", encode::query_string(&query));
            inner.http.request(self.operation.method.to_reqwest(), full)
        };
        let bearer = inner.bearer_token.as_ref().map(|t| t.0.as_str()).or(key);
        for scheme in schemes {
            match scheme {
                AuthScheme::ApiKeyHeader(name) => {
                    if let Some(key) = key {
                        request = request.header(*name, key);
                    }
                }
                AuthScheme::Bearer => {
                    if let Some(token) = bearer {
                        request = request.bearer_auth(token);
                    }
                }
                AuthScheme::Basic => {
                    if let Some(basic) = &inner.basic_auth {
                        request = request.basic_auth(
                            &basic.username,
                            basic.password.as_ref().map(|p| p.0.as_str()),
                        );
                    }
                }
                AuthScheme::ApiKeyQuery(_) | AuthScheme::Unsupported(_) => {}
            }
        }
        request = request.header(reqwest::header::ACCEPT, accept);
        for (name, value) in &self.headers {
            request = request.header(name.as_str(), value.as_str());
        }
        if let Some((body, content_type)) = &self.body {
            request = request
                .header(reqwest::header::CONTENT_TYPE, content_type.as_str())
                .body(body.clone());
        }
        if timed {
            // From connecting to the end of the success body.
            request = request.timeout(remaining);
        }
        // A stream's response head must come in time too: a server that
        // accepts and never answers is an error.
        let response = match tokio::time::timeout(remaining, request.send()).await {
            Ok(sent) => {
                sent.map_err(|e| (Error::from_reqwest(id, &shown, inner.timeout, e), None))?
            }
            Err(_) => return Err((timed_out(), None)),
        };
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        // 304 is an answer, not a redirect.
        if status.is_redirection() && status != reqwest::StatusCode::NOT_MODIFIED {
            return Err((self.redirect_error(&response), None));
        }
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(parse_retry_after);
        // The error body gets what is left of the call's time, the head's
        // wait taken off.
        let text = self
            .client
            .mask_key(error_body(response, remaining.saturating_sub(started.elapsed())).await);
        Err((
            Error::from_status(self.operation, status.as_u16(), text, credentials),
            retry_after,
        ))
    }

    /// A 3xx answer the redirect policy did not follow.
    fn redirect_error(&self, response: &reqwest::Response) -> Error {
        let target = response
            .headers()
            .get(reqwest::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|location| response.url().join(location).ok());
        let (target, reason) = match target {
            Some(target) if target.origin() != response.url().origin() => (
                target.origin().ascii_serialization(),
                "it leads to another origin, and the API key goes to the base URL's origin only",
            ),
            Some(target) => (
                target.origin().ascii_serialization(),
                "too many redirects in a row (or the HTTP client's own policy)",
            ),
            None => (
                "(no valid Location)".to_owned(),
                "the answer names no valid target",
            ),
        };
        Error::Redirect {
            operation: self.operation.id,
            status: response.status().as_u16(),
            target,
            reason,
        }
    }
}

/// The most of an error answer's body that is read: the status says what
/// happened, the body only adds the server's words.
const MAX_ERROR_BODY: usize = 64 * 1024;

/// An error answer's body as text, as far as it comes within `timeout` and
/// [`MAX_ERROR_BODY`]; a server that stalls or floods it does not hold the
/// error back.
async fn error_body(mut response: reqwest::Response, timeout: Duration) -> String {
    let mut body = Vec::new();
    let read = async {
        while let Ok(Some(chunk)) = response.chunk().await {
            let room = MAX_ERROR_BODY - body.len();
            body.extend_from_slice(&chunk[..chunk.len().min(room)]);
            if body.len() >= MAX_ERROR_BODY {
                break;
            }
        }
    };
    let _ = tokio::time::timeout(timeout, read).await;
    String::from_utf8_lossy(&body).into_owned()
}

/// The operation an answer belongs to and the method the caller called.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Called {
    pub(crate) operation: &'static str,
    pub(crate) call: Option<&'static str>,
}

/// A success body the document declares nothing for, as the caller gets it.
pub(super) fn undeclared(body: &[u8]) -> Option<serde_json::Value> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    Some(
        serde_json::from_slice(body).unwrap_or_else(|_| {
            serde_json::Value::String(String::from_utf8_lossy(body).into_owned())
        }),
    )
}

/// A JSON success body read into `T`. An empty body reads as JSON `null`
/// when `T` takes it (`()`, `Option`), else it is [`Error::EmptyBody`]; a
/// body that does not fit is [`Error::InvalidBody`] with the place where it
/// stopped fitting and an excerpt.
pub(super) fn decode_json<T: DeserializeOwned>(
    called: Called,
    client: &Client,
    status: u16,
    body: &[u8],
) -> Result<T, Error> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return serde_json::from_slice(b"null").map_err(|_| Error::EmptyBody {
            operation: called.operation,
            call: called.call,
            status,
            expected: std::any::type_name::<T>(),
        });
    }
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let read = match serde_path_to_error::deserialize(&mut deserializer) {
        Ok(value) => deserializer
            .end()
            .map(|()| value)
            .map_err(|e| (String::new(), e)),
        Err(error) => {
            // The whole body is `.` to serde_path_to_error; empty here.
            let path = error.path().to_string();
            let path = if path == "." { String::new() } else { path };
            Err((path, error.into_inner()))
        }
    };
    read.map_err(|(path, source)| Error::InvalidBody {
        operation: called.operation,
        call: called.call,
        status,
        expected: std::any::type_name::<T>(),
        path,
        body: super::client::excerpt(client, body),
        source,
    })
}
