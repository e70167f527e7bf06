//! A hostile HTTP server for the client's robustness tests: raw TCP on
//! 127.0.0.1 or 127.0.0.2 (a second origin), playing a script per
//! connection that may stall, reset, flood, redirect elsewhere or never
//! answer. Every wait is bounded, so a client that hangs fails its test's
//! own timeout instead of hanging the suite.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The longest any step waits: past it the connection closes anyway.
pub const MAX_WAIT: Duration = Duration::from_secs(20);

/// One thing a connection does after reading the request head.
#[derive(Debug, Clone)]
pub enum Step {
    /// Write these bytes.
    Write(Vec<u8>),
    /// Write this chunk of a chunked body (framed here).
    Chunk(String),
    /// Write `chunk` again and again, up to `total` bytes or until the
    /// client goes away.
    Flood { chunk: Vec<u8>, total: u64 },
    /// Wait (capped by [`MAX_WAIT`]).
    Sleep(Duration),
    /// Reset the connection (RST, not a clean close).
    Reset,
}

/// A response head with these lines, for a body of unknown length sent
/// chunked (a cut is then a broken body, not a clean end).
pub fn chunked_head(status: u16, content_type: &str, extra: &[(&str, &str)]) -> Step {
    let mut head = format!(
        "HTTP/1.1 {status} X\r\ncontent-type: {content_type}\r\ntransfer-encoding: chunked\r\n"
    );
    for (name, value) in extra {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    Step::Write(head.into_bytes())
}

/// A whole response with a body of known length.
pub fn response(status: u16, headers: &[(&str, &str)], body: &str) -> Step {
    let mut text = format!(
        "HTTP/1.1 {status} X\r\ncontent-length: {}\r\nconnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str("\r\n");
    text.push_str(body);
    Step::Write(text.into_bytes())
}

/// The end of a chunked body.
pub fn last_chunk() -> Step {
    Step::Write(b"0\r\n\r\n".to_vec())
}

type Script = dyn Fn(usize, &str) -> Vec<Step> + Send + Sync;

/// A server that answers connection number `n` (from 0) with
/// `script(n, request_head)`, then closes it. Records each request head.
pub struct Hostile {
    pub address: SocketAddr,
    pub base_url: String,
    heads: Arc<Mutex<Vec<String>>>,
}

impl Hostile {
    /// Listens on `ip` (`127.0.0.1`, or `127.0.0.2` for another origin).
    pub async fn start(
        ip: &str,
        script: impl Fn(usize, &str) -> Vec<Step> + Send + Sync + 'static,
    ) -> Self {
        let listener = TcpListener::bind(format!("{ip}:0")).await.unwrap();
        let address = listener.local_addr().unwrap();
        let heads: Arc<Mutex<Vec<String>>> = Arc::default();
        let log = heads.clone();
        let script: Arc<Script> = Arc::new(script);
        tokio::spawn(async move {
            let mut index = 0;
            while let Ok((socket, _)) = listener.accept().await {
                let (log, script) = (log.clone(), script.clone());
                let n = index;
                index += 1;
                tokio::spawn(async move {
                    let _ = tokio::time::timeout(MAX_WAIT, serve(socket, n, log, script)).await;
                });
            }
        });
        Hostile {
            address,
            base_url: format!("http://{address}"),
            heads,
        }
    }

    /// Every request head so far, one per connection that sent one.
    pub fn heads(&self) -> Vec<String> {
        self.heads.lock().unwrap().clone()
    }
}

async fn serve(mut socket: TcpStream, n: usize, log: Arc<Mutex<Vec<String>>>, script: Arc<Script>) {
    let mut head = Vec::new();
    let mut buffer = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match socket.read(&mut buffer).await {
            Ok(0) | Err(_) => return,
            Ok(read) => head.extend_from_slice(&buffer[..read]),
        }
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    log.lock().unwrap().push(head.clone());
    for step in script(n, &head) {
        let written = match step {
            Step::Write(bytes) => socket.write_all(&bytes).await,
            Step::Chunk(text) => {
                let framed = format!("{:x}\r\n{text}\r\n", text.len());
                socket.write_all(framed.as_bytes()).await
            }
            Step::Flood { chunk, total } => {
                let mut sent = 0u64;
                let mut result = Ok(());
                while sent < total && result.is_ok() {
                    result = socket.write_all(&chunk).await;
                    sent += chunk.len() as u64;
                }
                result
            }
            Step::Sleep(duration) => {
                tokio::time::sleep(duration.min(MAX_WAIT)).await;
                Ok(())
            }
            Step::Reset => {
                let _ = socket.set_zero_linger();
                return;
            }
        };
        if written.is_err() {
            return;
        }
        let _ = socket.flush().await;
    }
}

/// A `tracing` subscriber that keeps every span and event as text
/// (`name=value` per field), to check what the runtime logs.
#[derive(Clone, Default)]
pub struct Capture(pub Arc<Mutex<Vec<String>>>);

impl Capture {
    /// Everything captured, one field per line.
    pub fn text(&self) -> String {
        self.0.lock().unwrap().join("\n")
    }
}

struct Fields<'a>(&'a mut Vec<String>);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.push(format!("{}={value:?}", field.name()));
    }
}

impl tracing::Subscriber for Capture {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut lines = self.0.lock().unwrap();
        lines.push(format!("span {}", span.metadata().name()));
        span.record(&mut Fields(&mut lines));
        tracing::span::Id::from_u64(lines.len() as u64)
    }
    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        values.record(&mut Fields(&mut self.0.lock().unwrap()));
    }
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        event.record(&mut Fields(&mut self.0.lock().unwrap()));
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}
