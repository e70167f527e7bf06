//! The example bot (`generated-client/examples/echo_bot.rs`, compiled in
//! here as it is) against local servers: baileys-api's webhook posts an
//! incoming text message to the bot, and the bot's reply goes out through the
//! generated client to the API.

use std::time::Duration;

use e2e_tests::deliveries::{PHONE, baileys, incoming_message};
use e2e_tests::server::{RecordingServer, Reply};
use serde_json::json;
use whatsapp_http_client::Client;

#[allow(dead_code, reason = "the example's main is not run here")]
#[path = "../../generated-client/examples/echo_bot.rs"]
mod echo_bot;

#[tokio::test]
async fn the_bot_answers_an_incoming_text_through_the_client() {
    let api = RecordingServer::start(|request| {
        let sent = request.json();
        Reply::json(
            200,
            json!({"key": {"remoteJid": sent["jid"], "fromMe": true, "id": "REPLY"}, "message": {"conversation": sent["message"]["text"]}}),
        )
    })
    .await;
    let client = Client::builder()
        .base_url(&api.base_url)
        .api_key("bot-key")
        .build()
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let hook = format!("http://{}/webhook", listener.local_addr().unwrap());
    tokio::spawn(echo_bot::run(client, listener));

    let mut own = incoming_message("MINE", "2@s.whatsapp.net", "sent by us");
    own["key"]["fromMe"] = json!(true);
    let deliveries = [
        baileys("connection.update", json!({"status": "connected"})),
        baileys(
            "messages.upsert",
            json!({"messages": [own, incoming_message("IN1", "1@s.whatsapp.net", "hello bot")], "type": "notify"}),
        ),
    ];
    openapi_wa_runtime::install_crypto_provider(); // reqwest has no provider of its own
    let http = reqwest::Client::new();
    for delivery in deliveries {
        let status = http
            .post(&hook)
            .json(&delivery)
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status.as_u16(), 202);
    }
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while api.requests().is_empty() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the bot never replied"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // Give a wrongly answered own message time to show up too.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let requests = api.requests();
    assert_eq!(requests.len(), 1, "one reply, none to our own message");
    let reply = &requests[0];
    assert_eq!(reply.method, "POST");
    assert_eq!(reply.raw_path, format!("/{PHONE}/messages/send"));
    assert_eq!(reply.header("x-api-key"), Some("bot-key"));
    let body = reply.json();
    assert_eq!(body["jid"], "1@s.whatsapp.net");
    assert_eq!(body["message"]["text"], "hello bot");
    // Sent as a reply to the incoming message.
    assert_eq!(body["options"]["quoted"]["key"]["id"], "IN1", "{body}");
}
