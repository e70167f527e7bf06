//! `wa listen`: a webhook receiver on the command line. Each delivery the
//! runtime's receiver accepts is printed as one compact JSON line,
//! `{"event", "session", "data", ...}` and then every other part of the
//! envelope (`status`, `message`, WAHA's `metadata`, `me`, ...), flushed as
//! it arrives. A declared event whose body does not read as its payload type
//! is printed all the same, with the reason on stderr: only a signature,
//! size or non-object body is refused, answered with its status (401, 413,
//! 400) and reported on stderr, escaped and cut.
//!
//! Serving is bounded (`runtime::webhook::axum::serve`): a connection limit,
//! header and body timeouts, a budget of buffered body bytes. Output goes
//! through a bounded queue to a thread of its own, so a stdout nobody reads
//! blocks that thread only: once the queue is full, deliveries are answered
//! 503 with `Retry-After`. On SIGINT or SIGTERM it stops accepting, answers
//! the requests in progress, prints every delivery it acknowledged and exits.

use std::io::Write as _;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, mpsc};
use whatsapp_http_client::events::Event;
use whatsapp_http_client::runtime::webhook::axum::{Delivery, Limits, handler_with, serve};
use whatsapp_http_client::runtime::webhook::{HmacSha512, Receiver, WebhookEvent};

use crate::run::{Failure, printable, write_out};

/// Deliveries acknowledged and not yet taken to the output queue, at most.
const HANDED: usize = 16;
/// Lines waiting to be printed, at most, in count and in bytes: past them
/// (stdout is not read fast enough) deliveries are answered 503 with
/// `Retry-After`.
const QUEUE: usize = 4096;
const QUEUE_BYTES: usize = 16 * 1024 * 1024;

/// What to listen on and what to accept.
pub struct Options {
    pub bind: IpAddr,
    pub port: u16,
    pub hmac_key: Option<String>,
    pub max_age: Option<Duration>,
    pub limits: Limits,
}

/// A delivery read as its typed event (a declared event that does not fit
/// its schema is `Event::Unreadable`, printed with its reason) with the body
/// kept for printing.
struct Heard {
    event: Event,
    body: Value,
}

impl WebhookEvent for Heard {
    fn from_value(body: Value) -> Result<Self, serde_json::Error> {
        let event = Event::from_value(body.clone())?;
        Ok(Self { event, body })
    }
}

/// A delivery as its printed line, made as soon as it is read: what waits
/// in a queue is the line, not the parsed body.
struct Line {
    text: String,
    /// Why a declared event did not read as its payload, for stderr.
    unreadable: Option<String>,
}

impl WebhookEvent for Line {
    fn from_value(body: Value) -> Result<Self, serde_json::Error> {
        Heard::from_value(body).map(|heard| Self {
            text: heard.line(),
            unreadable: heard.unreadable(),
        })
    }
}

/// What the output thread writes.
enum Out {
    Line(Line),
    Refused(String),
}

impl Heard {
    /// baileys-api's envelope has `sessionId` and `data`; WAHA's payloads
    /// `session` and `payload`.
    fn line(&self) -> String {
        let pick = |keys: [&str; 2]| {
            keys.iter()
                .find_map(|key| self.body.get(*key))
                .cloned()
                .unwrap_or(Value::Null)
        };
        let mut line = json!({
            "event": self.event.name(),
            "session": pick(["sessionId", "session"]),
            "data": pick(["data", "payload"]),
        });
        // Every other part of the envelope: `status` and `message` say
        // whether the event reports a failure.
        if let (Some(line), Some(body)) = (line.as_object_mut(), self.body.as_object()) {
            for (key, value) in body {
                let shown = ["event", "sessionId", "session", "data", "payload"];
                if !shown.contains(&key.as_str()) && !line.contains_key(key) {
                    line.insert(key.clone(), value.clone());
                }
            }
        }
        format!("{line}\n")
    }

    /// Why the event did not read as its declared payload, if it did not.
    fn unreadable(&self) -> Option<String> {
        match &self.event {
            Event::Unreadable { name, reason, .. } => Some(format!(
                "event `{name}` does not read as its declared payload (printed as received): {reason}"
            )),
            _ => None,
        }
    }
}

pub async fn listen(options: Options) -> Result<(), Failure> {
    let mut receiver = Receiver::new();
    if let Some(key) = &options.hmac_key {
        let verifier = HmacSha512::try_new(key).map_err(|_| {
            Failure::Usage(
                "--hmac-key (or WA_HMAC_KEY) is empty: anyone could sign with an empty key; give \
                 the key the server signs with, or leave it out to accept unsigned deliveries"
                    .to_owned(),
            )
        })?;
        receiver = receiver.verifier(verifier);
    }
    if let Some(age) = options.max_age {
        receiver = receiver.max_age(age);
    }
    let (sink, deliveries) = mpsc::channel(HANDED);
    // Any path: the server posts wherever it was told to.
    let app =
        axum::Router::new().fallback_service(handler_with::<Line>(receiver, sink, &options.limits));
    let address = SocketAddr::new(options.bind, options.port);
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .map_err(|e| Failure::Failed(format!("cannot listen on {address}: {e}")))?;
    let bound = listener
        .local_addr()
        .map_err(|e| Failure::Failed(format!("cannot listen on {address}: {e}")))?;
    // Before the address is printed: a signal from then on is a shutdown.
    let mut signals =
        Signals::new().map_err(|e| Failure::Failed(format!("cannot handle signals: {e}")))?;
    // Output on a thread of its own: a blocked stdout blocks that thread
    // only, the queue fills, and the handler answers 503.
    let (out, lines) = mpsc::channel(QUEUE);
    let forwarder = tokio::spawn(forward(deliveries, out));
    let (ended, writer_ended) = tokio::sync::oneshot::channel();
    let writer = std::thread::spawn(move || {
        let written = write_lines(lines);
        let _ = ended.send(());
        written
    });
    let _ = writeln!(std::io::stderr(), "listening on http://{bound}");
    let shutdown = async {
        tokio::select! {
            () = signals.next() => {}
            // stdout is closed: nothing more can be printed.
            _ = writer_ended => {}
        }
    };
    serve(listener, app, &options.limits, shutdown).await;
    // The handler's channel is closed now: what is queued is printed, then
    // the writer ends. A second signal does not wait for a stdout nobody
    // reads.
    let printed = async {
        let _ = forwarder.await;
        tokio::task::spawn_blocking(move || writer.join())
            .await
            .map_err(|e| Failure::Failed(format!("printing deliveries: {e}")))?
            .unwrap_or_else(|_| Err(Failure::Failed("printing deliveries failed".into())))
    };
    tokio::select! {
        printed = printed => printed,
        () = signals.next() => Err(Failure::Failed(
            "stopped by a second signal before every acknowledged delivery was printed".into(),
        )),
    }
}

/// Moves deliveries from the handler's channel to the output queue, within
/// [`QUEUE_BYTES`]: while the queue is full it waits, the handler's channel
/// fills, and deliveries are answered 503.
async fn forward(
    mut deliveries: mpsc::Receiver<Delivery<Line>>,
    out: mpsc::Sender<(Out, OwnedSemaphorePermit)>,
) {
    let budget = Arc::new(Semaphore::new(QUEUE_BYTES));
    while let Some(delivery) = deliveries.recv().await {
        let item = match delivery {
            Ok(line) => Out::Line(line),
            Err(refused) => Out::Refused(format!(
                "refused ({}): {}\n",
                refused.status(),
                printable(&refused.to_string())
            )),
        };
        let text = match &item {
            Out::Line(Line { text, .. }) | Out::Refused(text) => text,
        };
        let cost = u32::try_from(text.len().clamp(1, QUEUE_BYTES)).unwrap_or(u32::MAX);
        let Ok(permit) = budget.clone().acquire_many_owned(cost).await else {
            return;
        };
        if out.send((item, permit)).await.is_err() {
            // stdout is closed.
            return;
        }
    }
}

/// Prints lines until the queue closes or stdout does; each line's bytes go
/// back to the queue's budget once written.
fn write_lines(mut lines: mpsc::Receiver<(Out, OwnedSemaphorePermit)>) -> Result<(), Failure> {
    let stdout = std::io::stdout();
    while let Some((item, _permit)) = lines.blocking_recv() {
        match item {
            Out::Line(line) => {
                if let Some(reason) = &line.unreadable {
                    let _ = writeln!(std::io::stderr(), "{}", printable(reason));
                }
                write_out(&mut stdout.lock(), line.text.as_bytes())?
            }
            Out::Refused(report) => {
                let _ = std::io::stderr().write_all(report.as_bytes());
            }
        }
    }
    Ok(())
}

/// SIGINT and SIGTERM (Ctrl-C elsewhere), handled from creation on.
struct Signals {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl Signals {
    fn new() -> std::io::Result<Self> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Self {
                interrupt: signal(SignalKind::interrupt())?,
                terminate: signal(SignalKind::terminate())?,
            })
        }
        #[cfg(not(unix))]
        {
            Ok(Self {})
        }
    }

    /// Completes on the next signal.
    async fn next(&mut self) {
        #[cfg(unix)]
        tokio::select! {
            _ = self.interrupt.recv() => {}
            _ = self.terminate.recv() => {}
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}
