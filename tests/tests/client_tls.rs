//! HTTPS with the runtime's TLS (rustls, `ring` provider): the generated
//! client against a TLS server on 127.0.0.1 whose self-signed certificate,
//! made here with `rcgen`, the client is told to trust; the same server
//! refused when the certificate is not trusted.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, Response, StatusCode, Uri};
use e2e_tests::baileys::{self, KEY, PHONE};
use e2e_tests::server::Recorded;
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::{self, pki_types};
use whatsapp_http_client::{Client, Error};

/// A TLS listener for `axum::serve`: TCP accepted, then the handshake; a
/// failed handshake (a client that does not trust the certificate) is
/// skipped, as a server skips it.
struct TlsListener {
    tcp: TcpListener,
    acceptor: TlsAcceptor,
}

impl axum::serve::Listener for TlsListener {
    type Io = tokio_rustls::server::TlsStream<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            let Ok((tcp, address)) = self.tcp.accept().await else {
                continue;
            };
            if let Ok(tls) = self.acceptor.accept(tcp).await {
                return (tls, address);
            }
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        self.tcp.local_addr()
    }
}

/// Starts the baileys-api stand-in over HTTPS with a new self-signed
/// certificate for `localhost` and 127.0.0.1; returns its base URL and the
/// certificate (PEM).
async fn https_server() -> (String, String) {
    let certified =
        rcgen::generate_simple_self_signed(vec!["localhost".to_owned(), "127.0.0.1".to_owned()])
            .unwrap();
    let certificate_pem = certified.cert.pem();
    let key = pki_types::PrivateKeyDer::Pkcs8(certified.signing_key.serialize_der().into());
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(vec![certified.cert.der().clone()], key)
    .unwrap();
    let app = Router::new().fallback(
        |method: Method, uri: Uri, headers: HeaderMap, request: Request<Body>| async move {
            let body = axum::body::to_bytes(request.into_body(), 1 << 20)
                .await
                .unwrap_or_default();
            let reply = baileys::respond(&Recorded {
                method,
                raw_path: uri.path().to_owned(),
                query: uri.query().map(str::to_owned),
                headers,
                body,
            });
            Response::builder()
                .status(StatusCode::from_u16(reply.status).unwrap())
                .header("content-type", reply.content_type)
                .body(Body::from(reply.body))
                .unwrap()
        },
    );
    let listener = TlsListener {
        tcp: TcpListener::bind("127.0.0.1:0").await.unwrap(),
        acceptor: TlsAcceptor::from(Arc::new(config)),
    };
    let port = listener.tcp.local_addr().unwrap().port();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (format!("https://localhost:{port}"), certificate_pem)
}

#[tokio::test]
async fn https_reaches_a_server_whose_certificate_is_trusted() {
    let (base_url, certificate) = https_server().await;
    for base_url in [base_url.clone(), base_url.replace("localhost", "127.0.0.1")] {
        let client = Client::builder()
            .base_url(&base_url)
            .api_key(KEY)
            .root_certificate_pem(certificate.clone())
            .build()
            .unwrap();
        let page = client
            .chats()
            .list(PHONE, &Default::default())
            .await
            .unwrap_or_else(|e| panic!("{base_url}: {e}"));
        // The stand-in answers rows only to the right key and session.
        assert!(!page.data.is_empty(), "{base_url}: {page:?}");
    }
}

#[tokio::test]
async fn https_refuses_a_certificate_nobody_trusts() {
    let (base_url, _) = https_server().await;
    let client = Client::builder()
        .base_url(&base_url)
        .api_key(KEY)
        .build()
        .unwrap();
    let error = client
        .chats()
        .list(PHONE, &Default::default())
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Connect { .. } | Error::Transport { .. }),
        "{error:?}"
    );
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains(KEY), "{shown}");
}

#[tokio::test]
async fn a_root_certificate_that_is_not_pem_is_a_configuration_error() {
    let error = Client::builder()
        .base_url("https://localhost:1")
        .root_certificate_pem("not a certificate")
        .build()
        .unwrap_err();
    assert!(
        matches!(&error, Error::Config(message) if message.contains("root certificate")),
        "{error:?}"
    );
}
