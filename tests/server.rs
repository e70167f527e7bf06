//! Local HTTP servers on 127.0.0.1 for the client tests: a recording server
//! that answers from a table, and a raw TCP server for event streams whose
//! connections the test cuts at will.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Method, Request, Response, StatusCode, Uri};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: Method,
    /// The path exactly as sent (still percent-encoded).
    pub raw_path: String,
    /// The query string as sent, if any.
    pub query: Option<String>,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Recorded {
    /// A header's value as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }
}

/// What the server answers to a request.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    pub delay: Duration,
    pub headers: Vec<(&'static str, String)>,
}

impl Reply {
    pub fn json(status: u16, body: serde_json::Value) -> Self {
        Reply {
            status,
            content_type: "application/json",
            body: body.to_string().into_bytes(),
            delay: Duration::ZERO,
            headers: Vec::new(),
        }
    }

    pub fn raw(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Self {
        Reply {
            status,
            content_type,
            body: body.into(),
            delay: Duration::ZERO,
            headers: Vec::new(),
        }
    }

    pub fn delayed(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }
}

type Responder = dyn Fn(&Recorded) -> Reply + Send + Sync;

/// A server that records every request and answers with `respond`.
pub struct RecordingServer {
    pub base_url: String,
    requests: Arc<Mutex<Vec<Recorded>>>,
}

impl RecordingServer {
    pub async fn start(respond: impl Fn(&Recorded) -> Reply + Send + Sync + 'static) -> Self {
        let requests: Arc<Mutex<Vec<Recorded>>> = Arc::default();
        let respond: Arc<Responder> = Arc::new(respond);
        let log = requests.clone();
        let app = Router::new().fallback(
            move |method: Method, uri: Uri, headers: HeaderMap, request: Request<Body>| {
                let log = log.clone();
                let respond = respond.clone();
                async move {
                    let body = axum::body::to_bytes(request.into_body(), usize::MAX)
                        .await
                        .unwrap_or_default();
                    let recorded = Recorded {
                        method,
                        raw_path: uri.path().to_owned(),
                        query: uri.query().map(str::to_owned),
                        headers,
                        body,
                    };
                    let reply = respond(&recorded);
                    log.lock().unwrap().push(recorded);
                    if !reply.delay.is_zero() {
                        tokio::time::sleep(reply.delay).await;
                    }
                    let mut response = Response::builder()
                        .status(StatusCode::from_u16(reply.status).unwrap())
                        .header("content-type", reply.content_type);
                    for (name, value) in &reply.headers {
                        response = response.header(*name, value);
                    }
                    response.body(Body::from(reply.body)).unwrap()
                }
            },
        );
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        RecordingServer {
            base_url: format!("http://{address}"),
            requests,
        }
    }

    /// Every request so far, in order.
    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }

    /// The last request.
    pub fn last(&self) -> Recorded {
        self.requests().pop().expect("a request was made")
    }
}

/// A free port with nothing listening on it (for refused connections).
pub async fn closed_port() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    address
}

/// What one connection of a [`ScriptedSse`] server does after its headers.
#[derive(Debug, Clone)]
pub enum Connection {
    /// Send these chunks, then cut the connection without ending the body.
    SendThenDrop(Vec<String>),
    /// Send these chunks, then end the body properly.
    SendThenEnd(Vec<String>),
    /// Answer with this status and body instead of a stream.
    Status(u16, String),
}

/// A raw HTTP/1.1 server for event streams: each accepted connection plays
/// the next script (the last one repeats), with chunked encoding so that a
/// cut is a broken body, not a clean end. Records each request head.
pub struct ScriptedSse {
    pub base_url: String,
    heads: Arc<Mutex<Vec<String>>>,
}

impl ScriptedSse {
    pub async fn start(scripts: Vec<Connection>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let heads: Arc<Mutex<Vec<String>>> = Arc::default();
        let log = heads.clone();
        tokio::spawn(async move {
            let mut index = 0;
            loop {
                let Ok((mut socket, _)) = listener.accept().await else {
                    return;
                };
                let script = scripts[index.min(scripts.len() - 1)].clone();
                index += 1;
                let log = log.clone();
                tokio::spawn(async move {
                    let mut head = Vec::new();
                    let mut buffer = [0u8; 1024];
                    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                        match socket.read(&mut buffer).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => head.extend_from_slice(&buffer[..n]),
                        }
                    }
                    log.lock()
                        .unwrap()
                        .push(String::from_utf8_lossy(&head).into_owned());
                    let (chunks, end) = match script {
                        Connection::Status(status, body) => {
                            let response = format!(
                                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                                body.len()
                            );
                            let _ = socket.write_all(response.as_bytes()).await;
                            return;
                        }
                        Connection::SendThenDrop(chunks) => (chunks, false),
                        Connection::SendThenEnd(chunks) => (chunks, true),
                    };
                    let headers = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n";
                    if socket.write_all(headers.as_bytes()).await.is_err() {
                        return;
                    }
                    for chunk in chunks {
                        let framed = format!("{:x}\r\n{chunk}\r\n", chunk.len());
                        if socket.write_all(framed.as_bytes()).await.is_err() {
                            return;
                        }
                        let _ = socket.flush().await;
                        tokio::time::sleep(Duration::from_millis(10)).await;
                    }
                    if end {
                        let _ = socket.write_all(b"0\r\n\r\n").await;
                        let _ = socket.flush().await;
                    }
                    // Dropping the socket here cuts the stream mid-body when
                    // no final chunk was sent.
                });
            }
        });
        ScriptedSse {
            base_url: format!("http://{address}"),
            heads,
        }
    }

    /// The request heads received, one per connection.
    pub fn heads(&self) -> Vec<String> {
        self.heads.lock().unwrap().clone()
    }
}

/// A request head's header value (case-insensitive name).
pub fn head_header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(n, _)| n.trim().eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim())
}

/// A request head's request line (`GET /path?query HTTP/1.1`).
pub fn head_target(head: &str) -> &str {
    head.lines()
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .unwrap_or_default()
}

/// Counts of calls per key, for tests that answer differently over time.
#[derive(Default, Clone)]
pub struct Counter(Arc<Mutex<HashMap<String, usize>>>);

impl Counter {
    /// Increments `key` and returns its new count.
    pub fn bump(&self, key: &str) -> usize {
        let mut counts = self.0.lock().unwrap();
        let count = counts.entry(key.to_owned()).or_default();
        *count += 1;
        *count
    }
}
