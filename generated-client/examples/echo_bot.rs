//! A bot that answers every incoming text message with the same text: the
//! server posts its events to this program's webhook, and the replies go out
//! through the generated client.
//!
//! ```text
//! WA_BASE_URL=http://localhost:3000 WA_API_KEY=... \
//!   cargo run -p whatsapp-http-client --features axum --example echo_bot -- 127.0.0.1:8080
//! ```
//!
//! then start baileys-api with `ENABLE_WEBHOOK=true URL_WEBHOOK=http://127.0.0.1:8080/webhook`.

use tokio::net::TcpListener;
use tokio::sync::mpsc;
use whatsapp_http_client::Client;
use whatsapp_http_client::events::Event;
use whatsapp_http_client::models::{MessageContent, SendMessageRequest, WebMessage};
use whatsapp_http_client::runtime::webhook::Receiver;
use whatsapp_http_client::runtime::webhook::axum::{Limits, handler, serve};

/// The text of a plain or extended text message.
pub fn text_of(message: &WebMessage) -> Option<&str> {
    let content = message.message.as_ref()?;
    content
        .get("conversation")
        .or_else(|| content.get("extendedTextMessage")?.get("text"))?
        .as_str()
}

/// Answers one event: every text message someone else sent in it is sent
/// back to its chat, as a reply. Returns how many replies went out.
pub async fn answer(client: &Client, event: &Event) -> Result<usize, whatsapp_http_client::Error> {
    let Event::MessagesUpsert(upsert) = event else {
        return Ok(0);
    };
    let Some(session) = upsert.session_id.as_deref() else {
        return Ok(0);
    };
    // The error form of the event carries no data.
    let Some(data) = &upsert.data else {
        return Ok(0);
    };
    let mut replies = 0;
    for message in &data.messages {
        // Our own messages come back as events too: never answer them.
        if message.key.from_me {
            continue;
        }
        let Some(text) = text_of(message) else {
            continue;
        };
        let reply = SendMessageRequest::new(&message.key.remote_jid, MessageContent::text(text))
            .replying_to(message.clone());
        client
            .messages()
            .send(session, &reply, &Default::default())
            .await?;
        replies += 1;
    }
    Ok(replies)
}

/// Serves the webhook at `/webhook` on `listener` and answers events until
/// the server stops.
pub async fn run(client: Client, listener: TcpListener) -> std::io::Result<()> {
    let (sink, mut deliveries) = mpsc::channel(64);
    let app = axum::Router::new().route("/webhook", handler::<Event>(Receiver::new(), sink));
    // Bounded serving: header and body timeouts, a connection limit.
    let server = tokio::spawn(async move {
        serve(listener, app, &Limits::default(), std::future::pending()).await;
    });
    while let Some(delivery) = deliveries.recv().await {
        match delivery {
            Ok(event) => {
                if let Err(error) = answer(&client, &event).await {
                    eprintln!("could not answer: {error}");
                }
            }
            Err(refused) => eprintln!("refused a delivery: {refused}"),
        }
    }
    server.await.map_err(std::io::Error::other)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let address = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8080".into());
    let mut builder = Client::builder()
        .base_url(std::env::var("WA_BASE_URL").unwrap_or_else(|_| "http://localhost:3000".into()));
    if let Ok(key) = std::env::var("WA_API_KEY") {
        builder = builder.api_key(key);
    }
    let client = builder.build()?;
    let listener = TcpListener::bind(&address).await?;
    eprintln!("listening on http://{}/webhook", listener.local_addr()?);
    run(client, listener).await?;
    Ok(())
}
