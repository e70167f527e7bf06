//! The status and headers of a response, for a caller who asks for them
//! (`RequestBuilder::send_..._with_response`), over real HTTP on 127.0.0.1
//! against `e2e_tests::baileys`; the body constructors and setters on the
//! wire; what the crate re-exports.

use e2e_tests::baileys::{self, JID, KEY, PHONE};
use e2e_tests::server::{Recorded, RecordingServer, Reply};
use whatsapp_http_client::models::{ChatPage, RecipientType, SendMessageRequest, WebMessage};
use whatsapp_http_client::{Client, Error, Response, chats, messages, serde_json};

/// baileys-api's answers, with headers a real deployment adds: a request
/// id, a rate limit, and (worse than any server should) the key echoed back.
fn with_headers(request: &Recorded) -> Reply {
    let reply = baileys::respond(request);
    let status = if request.raw_path.ends_with("/messages/send") && reply.status == 200 {
        201
    } else {
        reply.status
    };
    Reply { status, ..reply }
        .with_header("x-request-id", "req-42")
        .with_header("x-ratelimit-remaining", "99")
        .with_header("x-echo", KEY)
}

async fn start() -> (RecordingServer, Client) {
    let server = RecordingServer::start(with_headers).await;
    let client = Client::builder()
        .base_url(&server.base_url)
        .api_key(KEY)
        .build()
        .unwrap();
    (server, client)
}

#[tokio::test]
async fn a_json_response_carries_its_status_and_headers() {
    let (server, client) = start().await;
    let page: Response<ChatPage> = client
        .request(&chats::LIST)
        .path_param("phone", PHONE)
        .unwrap()
        .query("limit", 2)
        .send_json_with_response()
        .await
        .unwrap();
    assert_eq!(page.status.as_u16(), 200);
    assert_eq!(page.header("X-Request-Id"), Some("req-42"));
    assert_eq!(page.header("x-ratelimit-remaining"), Some("99"));
    assert_eq!(page.header("content-type"), Some("application/json"));
    // The body is what the plain method reads.
    let plain = client
        .chats()
        .list(PHONE, &chats::ChatListOptions::default().with_limit(2))
        .await
        .unwrap();
    assert_eq!(page.body, plain);
    assert!(!page.body.data.is_empty());
    assert_eq!(server.last().query.as_deref(), Some("limit=2"));
    // `Debug` names the headers but shows none of their values.
    let shown = format!("{page:?}");
    assert!(
        shown.contains("x-echo") && shown.contains("status: 200"),
        "{shown}"
    );
    assert!(!shown.contains(KEY) && !shown.contains("req-42"), "{shown}");
}

#[tokio::test]
async fn a_body_built_with_its_setters_is_sent_and_a_201_is_seen() {
    let (server, client) = start().await;
    let body = SendMessageRequest::new(JID, "hello").with_type(RecipientType::Number);
    let sent: Response<WebMessage> = client
        .request(&messages::SEND)
        .path_param("phone", PHONE)
        .unwrap()
        .json(&body)
        .unwrap()
        .send_json_with_response()
        .await
        .unwrap();
    assert_eq!(sent.status.as_u16(), 201);
    assert_eq!(sent.into_body().key.remote_jid, JID);
    assert_eq!(
        server.last().json(),
        serde_json::json!({"jid": JID, "type": "number", "message": {"text": "hello"}})
    );
}

#[tokio::test]
async fn errors_stay_typed_and_bytes_keep_their_content_type() {
    let (_server, client) = start().await;
    let missing = client
        .request(&chats::LIST)
        .path_param("phone", PHONE)
        .unwrap()
        .query("limit", "x")
        .send_json_with_response::<ChatPage>()
        .await
        .unwrap_err();
    assert_eq!(missing.status(), Some(400), "{missing}");
    let stored: WebMessage = serde_json::from_value(baileys::message_row(7)).unwrap();
    let media = client
        .request(&messages::DOWNLOAD_MEDIA)
        .path_param("phone", PHONE)
        .unwrap()
        .json(&stored)
        .unwrap()
        .send_bytes_with_response()
        .await
        .unwrap();
    assert_eq!(media.status.as_u16(), 200);
    assert_eq!(media.body.content_type.as_deref(), Some("image/jpeg"));
    assert_eq!(&media.body.bytes[..], &[0xff, 0xd8, 0xff, 0xe0]);
    assert_eq!(media.header("x-request-id"), Some("req-42"));
    // An unknown session is the same typed error as from the plain method.
    let gone = client
        .request(&messages::DOWNLOAD_MEDIA)
        .path_param("phone", "6200000000001")
        .unwrap()
        .json(&stored)
        .unwrap()
        .send_empty_with_response()
        .await
        .unwrap_err();
    assert!(matches!(gone, Error::NotFound { .. }), "{gone:?}");
}

#[tokio::test]
async fn an_event_stream_reads_without_stream_ext() {
    let (_server, client) = start().await;
    // Only the crate and tokio: the inherent `next`, no `StreamExt` import.
    let mut events = client
        .sessions()
        .add_sse("6281111111111", &Default::default())
        .await
        .unwrap();
    let mut seen = Vec::new();
    while let Some(event) = events.next().await {
        seen.push(event.unwrap().data.connection);
    }
    assert_eq!(seen.len(), 3, "{seen:?}");
    // The trait it implements is re-exported for generic code.
    fn is_stream<S: whatsapp_http_client::Stream>(_: &S) {}
    is_stream(&events);
}
