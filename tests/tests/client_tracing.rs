//! Every request gets a `tracing` span naming the operation, method and path
//! template, with its status and duration; nothing recorded ever holds the
//! API key, not even for the SSE route that sends it in the query.

use e2e_tests::hostile::Capture;
use e2e_tests::server::{RecordingServer, Reply};
use serde_json::json;
use whatsapp_http_client::Client;

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
    client
        .sessions()
        .status("628", &Default::default())
        .await
        .unwrap();
    client
        .sessions()
        .add_sse("628", &Default::default())
        .await
        .unwrap();

    let lines = capture.text();
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
