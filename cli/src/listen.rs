//! `wa listen`: a webhook receiver on the command line. Each delivery the
//! runtime's receiver accepts is printed as one compact JSON line,
//! `{"event", "session", "data", ...}` and then every other part of the
//! envelope (`status`, `message`, WAHA's `metadata`, `me`, ...), flushed as
//! it arrives. A declared event whose body does not read as its payload type
//! is printed all the same, with the reason on stderr: only a signature,
//! size or non-object body is refused, answered with its status (401, 413,
//! 400) and reported on stderr, escaped and cut.

use std::io::Write as _;
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use serde_json::{Value, json};
use tokio::sync::mpsc;
use whatsapp_http_client::events::Event;
use whatsapp_http_client::runtime::webhook::axum::handler;
use whatsapp_http_client::runtime::webhook::{HmacSha512, Receiver, WebhookEvent};

use crate::run::{Failure, printable, write_out};

/// What to listen on and what to accept.
pub struct Options {
    pub bind: IpAddr,
    pub port: u16,
    pub hmac_key: Option<String>,
    pub max_age: Option<Duration>,
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
    let (sink, mut deliveries) = mpsc::channel(256);
    // Any path: the server posts wherever it was told to.
    let app = axum::Router::new().fallback_service(handler::<Heard>(receiver, sink));
    let address = SocketAddr::new(options.bind, options.port);
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .map_err(|e| Failure::Failed(format!("cannot listen on {address}: {e}")))?;
    let bound = listener
        .local_addr()
        .map_err(|e| Failure::Failed(format!("cannot listen on {address}: {e}")))?;
    let _ = writeln!(std::io::stderr(), "listening on http://{bound}");
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    let stdout = std::io::stdout();
    while let Some(delivery) = deliveries.recv().await {
        match delivery {
            Ok(heard) => {
                if let Some(reason) = heard.unreadable() {
                    let _ = writeln!(std::io::stderr(), "{}", printable(&reason));
                }
                write_out(&mut stdout.lock(), heard.line().as_bytes())?
            }
            Err(refused) => {
                let _ = writeln!(
                    std::io::stderr(),
                    "refused ({}): {}",
                    refused.status(),
                    printable(&refused.to_string())
                );
            }
        }
    }
    match server.await {
        Ok(Err(e)) => Err(Failure::Failed(format!("serving on {bound}: {e}"))),
        _ => Ok(()),
    }
}
