//! Every request gets a `tracing` span naming the operation, method and path
//! template, with its status and duration; nothing recorded ever holds the
//! API key, not even for the SSE route that sends it in the query.

use std::sync::{Arc, Mutex};

use e2e_tests::server::{RecordingServer, Reply};
use serde_json::json;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};
use whatsapp_http_client::Client;

/// A subscriber that writes every span and event field as `name=value`.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<String>>>);

struct Fields<'a>(&'a mut Vec<String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.push(format!("{}={value:?}", field.name()));
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut lines = self.0.lock().unwrap();
        lines.push(format!("span {}", span.metadata().name()));
        span.record(&mut Fields(&mut lines));
        Id::from_u64(lines.len() as u64)
    }
    fn record(&self, _: &Id, values: &Record<'_>) {
        values.record(&mut Fields(&mut self.0.lock().unwrap()));
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        event.record(&mut Fields(&mut self.0.lock().unwrap()));
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

#[tokio::test(flavor = "current_thread")]
async fn spans_name_the_operation_and_never_hold_the_key() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let server = RecordingServer::start(|request| {
        if request.raw_path.ends_with("add-sse") {
            Reply::raw(200, "text/event-stream", "data: {\"isOnline\":true}\n\n")
        } else {
            Reply::json(200, json!({"status": "connected"}))
        }
    })
    .await;
    let key = "key-that-must-not-leak";
    let client = Client::builder()
        .base_url(&server.base_url)
        .api_key(key)
        .build()
        .unwrap();
    client.sessions().status("628").await.unwrap();
    client.sessions().add_sse("628").await.unwrap();

    let lines = capture.0.lock().unwrap().join("\n");
    assert!(lines.contains("span request"), "{lines}");
    assert!(lines.contains("operation=\"sessionStatus\""), "{lines}");
    assert!(lines.contains("method=\"GET\""), "{lines}");
    assert!(
        lines.contains("path=\"/sessions/{phone}/status\""),
        "{lines}"
    );
    assert!(lines.contains("operation=\"addSessionSSE\""), "{lines}");
    assert!(lines.contains("status=200"), "{lines}");
    assert!(lines.contains("elapsed_ms="), "{lines}");
    assert!(
        !lines.contains(key),
        "the key leaked into tracing:\n{lines}"
    );
    assert_eq!(
        server.requests()[1].query.as_deref(),
        Some("api_key=key-that-must-not-leak"),
        "it was sent, though"
    );
}
