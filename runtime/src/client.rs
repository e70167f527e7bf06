//! The client: where the server is, the API key, and how to talk to it.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use super::error::{Error, shown_url};
use super::operation::OperationInfo;
use super::request::RequestBuilder;
use super::retry::RetryPolicy;
use super::sse::SseOptions;

/// The default time a call may take in all (see [`ClientBuilder::timeout`]).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The default limit of a response body: room for media downloads, not for
/// a server that never stops sending.
pub const DEFAULT_MAX_BODY_SIZE: u64 = 256 * 1024 * 1024;

/// Redirects followed in a row, within the base URL's origin.
pub const MAX_REDIRECTS: usize = 5;

/// The redirect policy of the client's own HTTP client: follow up to
/// [`MAX_REDIRECTS`] redirects within the origin (scheme, host and port) of
/// the request, never to another one. An HTTPS to HTTP redirect changes the
/// scheme, so it is never followed either. Give it to a `reqwest::Client` of
/// your own (with `referer(false)`) to keep the same promise.
pub fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let same_origin = attempt
            .previous()
            .first()
            .is_some_and(|first| first.origin() == attempt.url().origin());
        if same_origin && attempt.previous().len() <= MAX_REDIRECTS {
            attempt.follow()
        } else {
            // The 3xx answer comes back to the runtime, which turns it into
            // `Error::Redirect`.
            attempt.stop()
        }
    })
}

/// A configured client. Cheap to clone: clones share one connection pool.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    /// Where requests go, without a trailing `/` (may hold a password).
    pub(crate) request_base: String,
    /// `request_base` as errors and logs show it (any password masked).
    pub(crate) base_url: String,
    pub(crate) api_key: Option<ApiKey>,
    /// For operations whose security is HTTP `bearer` (or OAuth 2).
    pub(crate) bearer_token: Option<ApiKey>,
    /// For operations whose security is HTTP `basic`.
    pub(crate) basic_auth: Option<BasicAuth>,
    pub(crate) timeout: Duration,
    pub(crate) max_body_size: u64,
    pub(crate) retry: RetryPolicy,
    pub(crate) sse: SseOptions,
}

impl Inner {
    /// Every credential as it may come back in a server's text: the API
    /// key, the bearer token, the basic password and the `user:password`
    /// pair as the `Authorization` header encodes it.
    pub(crate) fn secrets(&self) -> Vec<String> {
        use base64::Engine as _;
        let mut secrets: Vec<String> = [&self.api_key, &self.bearer_token]
            .into_iter()
            .flatten()
            .map(|key| key.0.clone())
            .collect();
        if let Some(basic) = &self.basic_auth {
            let password = basic.password.as_ref().map_or("", |p| p.0.as_str());
            if !password.is_empty() {
                secrets.push(password.to_owned());
                let pair = format!("{}:{password}", basic.username);
                secrets.push(base64::engine::general_purpose::STANDARD.encode(pair));
            }
        }
        secrets
    }
}

/// The API key; its `Debug` never shows it.
#[derive(Clone)]
pub(crate) struct ApiKey(pub(crate) String);

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

/// HTTP basic credentials; their `Debug` shows the username only.
#[derive(Clone)]
pub(crate) struct BasicAuth {
    pub(crate) username: String,
    pub(crate) password: Option<ApiKey>,
}

impl fmt::Debug for BasicAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BasicAuth")
            .field("username", &self.username)
            .field("password", &self.password)
            .finish()
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("api_key", &self.inner.api_key)
            .field("bearer_token", &self.inner.bearer_token)
            .field("basic_auth", &self.inner.basic_auth)
            .field("timeout", &self.inner.timeout)
            .field("retry", &self.inner.retry)
            .field("sse", &self.inner.sse)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Starts configuring a client: a base URL and an API key, plus the
    /// options of [`ClientBuilder`].
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// The base URL requests go to, as it may be shown: a user name and
    /// password in it are replaced by `***`.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// `text` with the credentials masked, for text a server sent back.
    pub(crate) fn mask_key(&self, text: String) -> String {
        let secrets = self.inner.secrets();
        super::error::mask(
            text,
            &secrets.iter().map(String::as_str).collect::<Vec<_>>(),
        )
    }

    /// Starts a request for `operation`; generated methods call this, and so
    /// can generic callers with an operation from the catalog.
    pub fn request(&self, operation: &'static OperationInfo) -> RequestBuilder {
        RequestBuilder::new(self.clone(), operation)
    }
}

/// An excerpt of a body for an error, `client`'s API key masked (a free
/// function: the names of `Client`'s methods are reserved in generated
/// crates).
pub(crate) fn excerpt(client: &Client, body: &[u8]) -> String {
    let secrets = client.inner.secrets();
    super::error::excerpt(
        body,
        &secrets.iter().map(String::as_str).collect::<Vec<_>>(),
    )
}

/// Configures a [`Client`].
///
/// What the client promises about the API key (and the bearer token and
/// basic credentials, which errors mask the same way), whatever fails: no error,
/// `Debug` output or `tracing` event holds it (URLs are shown without their
/// query, passwords in them masked), and it goes to the base URL's origin
/// only. Redirects are followed only within the origin of the request
/// (scheme, host and port; at most [`MAX_REDIRECTS`] in a row), never from
/// HTTPS to HTTP, and without a `Referer`; a redirect elsewhere ends in
/// [`Error::Redirect`], naming the status and the target's origin. Bodies,
/// event-stream lines and events have size limits ([`Self::max_body_size`],
/// [`SseOptions`]); a call, event streams up to their opening, has the
/// [`Self::timeout`].
///
/// `C` is what [`Self::build`] returns: this crate's [`Client`], or a
/// generated client's own `Client`, which wraps it (`From<Client>`), so that
/// `GeneratedClient::builder()...build()` gives the generated type with its
/// resource handles.
pub struct ClientBuilder<C = Client> {
    base_url: Option<String>,
    api_key: Option<ApiKey>,
    bearer_token: Option<ApiKey>,
    basic_auth: Option<BasicAuth>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    max_body_size: Option<u64>,
    user_agent: Option<String>,
    http: Option<reqwest::Client>,
    root_certificates: Vec<Vec<u8>>,
    retry: Option<RetryPolicy>,
    sse: Option<SseOptions>,
    /// `fn() -> C`: the builder holds no `C`, so it is `Send` and `Sync`
    /// whatever `C` is.
    output: PhantomData<fn() -> C>,
}

impl<C> Default for ClientBuilder<C> {
    fn default() -> Self {
        ClientBuilder {
            base_url: None,
            api_key: None,
            bearer_token: None,
            basic_auth: None,
            timeout: None,
            connect_timeout: None,
            max_body_size: None,
            user_agent: None,
            http: None,
            root_certificates: Vec::new(),
            retry: None,
            sse: None,
            output: PhantomData,
        }
    }
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url.as_deref().map(shown_url))
            .field("api_key", &self.api_key)
            .field("bearer_token", &self.bearer_token)
            .field("basic_auth", &self.basic_auth)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl<C: From<Client>> ClientBuilder<C> {
    /// A builder with nothing set; [`Self::base_url`] is required.
    pub fn new() -> Self {
        Self::default()
    }

    /// The server, e.g. `http://localhost:3000` (required).
    pub fn base_url(mut self, url: impl AsRef<str>) -> Self {
        self.base_url = Some(url.as_ref().to_owned());
        self
    }

    /// The API key, sent where each operation's security says (a header or
    /// query parameter of an `apiKey` scheme; as a bearer token to an
    /// operation that takes only bearer tokens and for which no
    /// [`Self::bearer_token`] was given).
    ///
    /// An operation whose security lists alternatives (basic, or bearer, or
    /// an API key, ...) gets the first alternative this client has every
    /// credential for; a 401 or 403 says which was sent, or, when none was,
    /// what the operation accepts ([`Error::Unauthorized`]).
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(ApiKey(key.into()));
        self
    }

    /// The token sent as `Authorization: Bearer <token>` to operations whose
    /// security is HTTP `bearer` (or OAuth 2 / OpenID Connect, with a token
    /// obtained elsewhere). Without one, those operations get the API key.
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.bearer_token = Some(ApiKey(token.into()));
        self
    }

    /// The username and password sent as HTTP basic authentication to
    /// operations whose security is HTTP `basic`:
    /// `.basic_auth("ann", Some("s3cret"))`, or `.basic_auth("ann",
    /// None::<&str>)` for a username alone.
    pub fn basic_auth(
        mut self,
        username: impl Into<String>,
        password: Option<impl Into<String>>,
    ) -> Self {
        self.basic_auth = Some(BasicAuth {
            username: username.into(),
            password: password.map(|p| ApiKey(p.into())),
        });
        self
    }

    /// How long one call may take in all (default 30 s): connecting, every
    /// try and the waits between them (backoff and `Retry-After`), and
    /// reading the answer's body. A retry whose wait would end past it is not
    /// made: the call ends with the last failure (a 503, say) at once rather
    /// than a timeout later. When it runs out during a try, the call ends
    /// with [`Error::Timeout`].
    ///
    /// For an event stream it bounds the opening (every try up to the
    /// response head, and an error answer's body); an open stream then lasts
    /// as long as the server keeps it and the caller reads it, bounded by
    /// [`SseOptions::idle_timeout`] (silence) and its reconnect limits. To
    /// bound a stream's whole life, stop reading it (drop it) when your
    /// deadline passes, e.g. with `tokio::time::timeout`.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// How long connecting may take (default: the timeout).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// The `User-Agent` header (default: this crate's name and version).
    pub fn user_agent(mut self, agent: impl Into<String>) -> Self {
        self.user_agent = Some(agent.into());
        self
    }

    /// The largest response body read, in bytes (default
    /// [`DEFAULT_MAX_BODY_SIZE`], 256 MiB). Checked against `Content-Length`
    /// at once and while the body streams in; a larger one ends in
    /// [`Error::TooLarge`]. Error answers are read up to 64 KiB only.
    pub fn max_body_size(mut self, bytes: u64) -> Self {
        self.max_body_size = Some(bytes);
        self
    }

    /// Use this `reqwest::Client` (proxies, TLS roots, pools) instead of a
    /// new one; the user agent and connect timeout above are then its own.
    ///
    /// So are its redirect and `Referer` policies, which the runtime cannot
    /// change: reqwest's default follows up to 10 redirects to any origin,
    /// sending the API key header along and a `Referer` that holds a query
    /// key. Build
    /// it with `.redirect(same_origin_redirects()).referer(false)` to keep
    /// this client's promise; a 3xx answer it does not follow still ends in
    /// [`Error::Redirect`].
    ///
    /// With the runtime's TLS (rustls with the `ring` provider), call
    /// [`crate::install_crypto_provider`] before building that client.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Also trust this certificate (PEM) for `https://` base URLs, beside
    /// the system's roots: a server with a self-signed certificate, or one
    /// from a private authority. Repeatable; a PEM bundle gives each of its
    /// certificates. A text holding no PEM certificate is refused by
    /// [`ClientBuilder::build`]. Not used with
    /// [`ClientBuilder::http_client`], whose client has its own roots.
    pub fn root_certificate_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.root_certificates.push(pem.into());
        self
    }

    /// Retries of failed requests (default: [`RetryPolicy::default`]).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Reconnection of dropped event streams (default: [`SseOptions::default`]).
    pub fn sse(mut self, options: SseOptions) -> Self {
        self.sse = Some(options);
        self
    }

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<C, Error> {
        let base_url = self.base_url.ok_or_else(|| {
            Error::Config("a base URL is required (`ClientBuilder::base_url`)".into())
        })?;
        let base_url = base_url.trim().trim_end_matches('/').to_owned();
        // Messages show the URL masked: it may hold a password.
        let shown_base_url = shown_url(&base_url);
        let parsed = reqwest::Url::parse(&base_url).map_err(|e| {
            Error::Config(format!("the base URL {shown_base_url:?} is not a URL: {e}"))
        })?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(Error::Config(format!(
                "the base URL {shown_base_url:?} must start with http:// or https://"
            )));
        }
        if parsed.query().is_some() || parsed.fragment().is_some() {
            return Err(Error::Config(format!(
                "the base URL {shown_base_url:?} must not have a query or fragment"
            )));
        }
        for (secret, what) in [
            (&self.api_key, "API key"),
            (&self.bearer_token, "bearer token"),
        ] {
            if let Some(secret) = secret {
                reqwest::header::HeaderValue::from_str(&secret.0).map_err(|_| {
                    Error::Config(format!("the {what} holds characters a header cannot carry"))
                })?;
            }
        }
        let timeout = self.timeout.unwrap_or(DEFAULT_TIMEOUT);
        let http = match self.http {
            Some(http) => http,
            None => {
                crate::tls::install_crypto_provider();
                let mut builder = reqwest::Client::builder();
                for pem in &self.root_certificates {
                    // A bundle read as such refuses nothing; one without a
                    // certificate would leave the roots silently unchanged.
                    let certificates = reqwest::Certificate::from_pem_bundle(pem)
                        .ok()
                        .filter(|certificates| !certificates.is_empty())
                        .ok_or_else(|| {
                            Error::Config(
                                "a root certificate given to `root_certificate_pem` holds no \
                                 PEM certificate (-----BEGIN CERTIFICATE-----)"
                                    .into(),
                            )
                        })?;
                    builder = builder.tls_certs_merge(certificates);
                }
                builder
                    .connect_timeout(self.connect_timeout.unwrap_or(timeout))
                    .redirect(same_origin_redirects())
                    .referer(false)
                    .user_agent(self.user_agent.unwrap_or_else(|| {
                        concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_owned()
                    }))
                    .build()
                    .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?
            }
        };
        Ok(C::from(Client {
            inner: Arc::new(Inner {
                http,
                request_base: base_url,
                base_url: shown_base_url,
                api_key: self.api_key,
                bearer_token: self.bearer_token,
                basic_auth: self.basic_auth,
                timeout,
                max_body_size: self.max_body_size.unwrap_or(DEFAULT_MAX_BODY_SIZE),
                retry: self.retry.unwrap_or_default(),
                sse: self.sse.unwrap_or_default(),
            }),
        }))
    }
}
