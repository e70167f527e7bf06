//! Runtime rows of `cargo xtask bench`: requests per second through the
//! generated client against the same request written by hand with reqwest,
//! on a local axum server, in alternating rounds; and SSE events parsed per
//! second. Prints `name value` lines for the bench to read.

use std::time::{Duration, Instant};

use e2e_tests::server::{RecordingServer, Reply};
use serde_json::json;
use whatsapp_http_client::Client;
use whatsapp_http_client::models::SessionStatusResponse;
use whatsapp_http_client::runtime::{RetryPolicy, SseParser};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10);
    let per_round = 400;
    let server = RecordingServer::start(|_| Reply::json(200, json!({"status": "connected"}))).await;
    let client = Client::builder()
        .base_url(&server.base_url)
        .api_key("k")
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    // The same 30 s timeout the generated client applies by default.
    openapi_wa_runtime::install_crypto_provider(); // reqwest has no provider of its own
    let raw = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let base = server.base_url.clone();
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        let started = Instant::now();
        for _ in 0..per_round {
            let status = client
                .sessions()
                .status("628", &Default::default())
                .await
                .unwrap();
            std::hint::black_box(status);
        }
        ours.push(started.elapsed() / per_round as u32);
        let started = Instant::now();
        for _ in 0..per_round {
            // What a hand-written call does: build the URL, set the headers,
            // send, read the typed body.
            let phone = std::hint::black_box("628");
            let status: SessionStatusResponse = raw
                .get(format!("{base}/sessions/{phone}/status"))
                .header("x-api-key", "k")
                .header("accept", "application/json")
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            std::hint::black_box(status);
        }
        theirs.push(started.elapsed() / per_round as u32);
    }
    println!("client_request_ns {}", median(&mut ours).as_nanos());
    println!("reqwest_request_ns {}", median(&mut theirs).as_nanos());

    let events: String = (0..100_000)
        .map(|i| format!("id: {i}\ndata: {{\"connection\":\"open\",\"n\":{i}}}\n\n"))
        .collect();
    let started = Instant::now();
    let mut parser = SseParser::new();
    let mut count = 0;
    for chunk in events.as_bytes().chunks(1024) {
        count += parser.feed(chunk).expect("within the limits").len();
    }
    let elapsed = started.elapsed();
    println!(
        "sse_events_per_second {}",
        (count as f64 / elapsed.as_secs_f64()) as u64
    );
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}
