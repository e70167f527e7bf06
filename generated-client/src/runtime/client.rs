//! The client: where the server is, the API key, and how to talk to it.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::error::Error;
use super::operation::OperationInfo;
use super::request::RequestBuilder;
use super::retry::RetryPolicy;
use super::sse::SseOptions;

/// The default time a request may take, connection included. Event streams
/// are exempt: they stay open as long as the server keeps them.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// A configured client. Cheap to clone: clones share one connection pool.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    /// Without a trailing `/`.
    pub(crate) base_url: String,
    pub(crate) api_key: Option<ApiKey>,
    /// For operations whose security is HTTP `bearer` (or OAuth 2).
    pub(crate) bearer_token: Option<ApiKey>,
    /// For operations whose security is HTTP `basic`.
    pub(crate) basic_auth: Option<BasicAuth>,
    pub(crate) timeout: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) sse: SseOptions,
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
    /// Starts configuring a client, as the n8n credentials do: a base URL and
    /// an API key, plus the options below.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Starts a request for `operation`; generated methods call this, and so
    /// can generic callers with an operation from the catalog.
    pub fn request(&self, operation: &'static OperationInfo) -> RequestBuilder {
        RequestBuilder::new(self.clone(), operation)
    }
}

/// Configures a [`Client`].
#[derive(Default)]
pub struct ClientBuilder {
    base_url: Option<String>,
    api_key: Option<ApiKey>,
    bearer_token: Option<ApiKey>,
    basic_auth: Option<BasicAuth>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    user_agent: Option<String>,
    http: Option<reqwest::Client>,
    retry: Option<RetryPolicy>,
    sse: Option<SseOptions>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("api_key", &self.api_key)
            .field("bearer_token", &self.bearer_token)
            .field("basic_auth", &self.basic_auth)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// The server, e.g. `http://localhost:3000` (required).
    pub fn base_url(mut self, url: impl AsRef<str>) -> Self {
        self.base_url = Some(url.as_ref().to_owned());
        self
    }

    /// The API key, sent where each operation's security says.
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
    /// operations whose security is HTTP `basic`.
    pub fn basic_auth(mut self, username: impl Into<String>, password: Option<String>) -> Self {
        self.basic_auth = Some(BasicAuth {
            username: username.into(),
            password: password.map(ApiKey),
        });
        self
    }

    /// How long one request may take in all (default 30 s; not applied to
    /// event streams once they are open).
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

    /// Use this `reqwest::Client` (proxies, TLS roots, pools) instead of a
    /// new one; the user agent and connect timeout above are then its own.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
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
    pub fn build(self) -> Result<Client, Error> {
        let base_url = self.base_url.ok_or_else(|| {
            Error::Config("a base URL is required (`ClientBuilder::base_url`)".into())
        })?;
        let base_url = base_url.trim().trim_end_matches('/').to_owned();
        let parsed = reqwest::Url::parse(&base_url)
            .map_err(|e| Error::Config(format!("the base URL {base_url:?} is not a URL: {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(Error::Config(format!(
                "the base URL {base_url:?} must start with http:// or https://"
            )));
        }
        if parsed.query().is_some() || parsed.fragment().is_some() {
            return Err(Error::Config(format!(
                "the base URL {base_url:?} must not have a query or fragment"
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
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout.unwrap_or(timeout))
                .user_agent(self.user_agent.unwrap_or_else(|| {
                    concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_owned()
                }))
                .build()
                .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                api_key: self.api_key,
                bearer_token: self.bearer_token,
                basic_auth: self.basic_auth,
                timeout,
                retry: self.retry.unwrap_or_default(),
                sse: self.sse.unwrap_or_default(),
            }),
        })
    }
}
