//! Server-Sent Events through the client: a repeatable stream with event ids
//! cut by the network is resumed (with `Last-Event-ID` and the `api_key`
//! query on every attempt) and yields every event once, in order; a clean
//! end ends it; a stream that cannot be resumed ends with a typed error; an
//! error event of the add-session stream ends it with the server's words.
//! (More hostile cases: `client_hostile.rs`.)

use std::time::Duration;

use e2e_tests::server::{Connection, ScriptedSse, head_header, head_target};
use futures_util::StreamExt;
use serde_json::Value;
use whatsapp_http_client::runtime::{
    AuthScheme, EventStream, Method, OperationInfo, RetryPolicy, SseOptions,
};
use whatsapp_http_client::{Client, Error};

/// An event stream that may be reopened (unlike add-session, which the
/// document marks `x-idempotent: false`), keyed in the query like it.
static WATCH: OperationInfo = OperationInfo::new("watch", Method::Get, "/sessions/{phone}/watch")
    .with_security(&[&[AuthScheme::ApiKeyQuery("api_key")]]);

async fn watch(client: &Client) -> EventStream<Value> {
    client
        .request(&WATCH)
        .path_param("phone", "628123")
        .unwrap()
        .send_sse()
        .await
        .unwrap()
}

fn client(base_url: &str, max_reconnects: u32) -> Client {
    Client::builder()
        .base_url(base_url)
        .api_key("sse-key")
        .retry(RetryPolicy::none())
        .sse(
            SseOptions::default()
                .with_max_reconnects(max_reconnects)
                .with_initial_backoff(Duration::from_millis(20))
                .with_max_backoff(Duration::from_millis(50)),
        )
        .build()
        .unwrap()
}

/// Every item of `stream` until it ends (within five seconds).
async fn all_events<T>(
    stream: whatsapp_http_client::EventStream<T>,
) -> Vec<Result<whatsapp_http_client::Event<T>, Error>> {
    tokio::time::timeout(Duration::from_secs(5), stream.collect::<Vec<_>>())
        .await
        .expect("the stream ends")
}

fn event(id: u32, state: &str) -> String {
    format!("id: {id}\ndata: {{\"connection\":\"{state}\"}}\n\n")
}

#[tokio::test]
async fn a_dropped_stream_resumes_and_yields_every_event_once_in_order() {
    let server = ScriptedSse::start(vec![
        Connection::SendThenDrop(vec![
            ": connected\n\n".into(),
            event(1, "connecting"),
            event(2, "open"),
            // Half an event, then the cut: it must not be delivered.
            "id: 3\ndata: {\"conne".into(),
        ]),
        Connection::SendThenEnd(vec![event(3, "open"), event(4, "close")]),
    ])
    .await;
    let stream = watch(&client(&server.base_url, 3)).await;
    let events = all_events(stream).await;
    let ids: Vec<String> = events
        .iter()
        .map(|e| e.as_ref().unwrap().id.clone().unwrap())
        .collect();
    assert_eq!(ids, ["1", "2", "3", "4"]);
    let heads = server.heads();
    assert_eq!(heads.len(), 2, "one reconnect");
    for head in &heads {
        assert_eq!(
            head_target(head),
            "/sessions/628123/watch?api_key=sse-key",
            "{head}"
        );
        assert_eq!(head_header(head, "x-api-key"), None);
        assert_eq!(head_header(head, "accept"), Some("text/event-stream"));
    }
    assert_eq!(head_header(&heads[0], "last-event-id"), None);
    assert_eq!(head_header(&heads[1], "last-event-id"), Some("2"));
}

#[tokio::test]
async fn a_clean_end_ends_the_stream_without_reconnecting_and_an_error_event_is_an_error() {
    let server = ScriptedSse::start(vec![Connection::SendThenEnd(vec![
        "data: {\"connection\":\"open\"}\n\n".into(),
        "data: {\"error\":\"Session already exists\"}\n\n".into(),
    ])])
    .await;
    let stream = client(&server.base_url, 3)
        .sessions()
        .add_sse("628123", &Default::default())
        .await
        .unwrap();
    let events = all_events(stream).await;
    assert_eq!(events.len(), 2);
    assert!(events[0].is_ok(), "{:?}", events[0]);
    let Err(Error::ErrorEvent { message, .. }) = &events[1] else {
        panic!("{:?}", events[1])
    };
    assert_eq!(message, "Session already exists");
    assert_eq!(server.heads().len(), 1);
}

#[tokio::test]
async fn reconnects_give_up_after_the_limit_with_a_typed_error() {
    let server = ScriptedSse::start(vec![
        Connection::SendThenDrop(vec![event(1, "connecting")]),
        Connection::Status(503, "{\"error\":\"down\"}".into()),
    ])
    .await;
    let stream = watch(&client(&server.base_url, 2)).await;
    let events = all_events(stream).await;
    assert_eq!(events.len(), 2);
    assert_eq!(events[0].as_ref().unwrap().id.as_deref(), Some("1"));
    let error = events[1].as_ref().unwrap_err();
    let Error::StreamReconnectsExhausted { attempts, last, .. } = error else {
        panic!("{error:?}")
    };
    assert_eq!(*attempts, 2);
    assert_eq!(last.status(), Some(503));
    assert_eq!(
        server.heads().len(),
        3,
        "the first connection and two reconnects"
    );
}

#[tokio::test]
async fn a_refused_stream_is_an_error_before_any_event() {
    let server = ScriptedSse::start(vec![Connection::Status(
        403,
        "{\"error\":\"Invalid API key\"}".into(),
    )])
    .await;
    let error = client(&server.base_url, 3)
        .sessions()
        .add_sse("628123", &Default::default())
        .await
        .unwrap_err();
    assert!(error.is_unauthorized(), "{error:?}");
}

#[tokio::test]
async fn event_data_that_does_not_fit_is_an_error_item_and_the_stream_goes_on() {
    let server = ScriptedSse::start(vec![Connection::SendThenEnd(vec![
        "data: not json\n\n".into(),
        "data: {\"isOnline\":true}\n\n".into(),
    ])])
    .await;
    let stream = client(&server.base_url, 0)
        .sessions()
        .add_sse("628123", &Default::default())
        .await
        .unwrap();
    let events: Vec<_> = stream.collect().await;
    assert!(matches!(&events[0], Err(Error::InvalidBody { body, .. }) if body == "not json"));
    assert_eq!(events[1].as_ref().unwrap().data.is_online, Some(true));
}

/// baileys-api's stream, as measured: no ids, and a repeated GET for the
/// session it just created is one `{"error":"Session already exists"}`
/// event and the end.
fn baileys_add_sse_after_a_cut() -> Vec<Connection> {
    vec![
        Connection::SendThenDrop(vec![
            "data: {\"connection\":\"connecting\"}\n\n".into(),
            "data: {\"qr\":\"data:image/png;base64,AAAA\"}\n\n".into(),
        ]),
        Connection::SendThenEnd(vec![
            "data: {\"error\":\"Session already exists\"}\n\n".into(),
        ]),
    ]
}

#[tokio::test]
async fn a_cut_stream_without_ids_never_yields_a_connection_event_it_did_not_get() {
    let server = ScriptedSse::start(baileys_add_sse_after_a_cut()).await;
    let stream = client(&server.base_url, 3)
        .sessions()
        .add_sse("628123", &Default::default())
        .await
        .unwrap();
    let events = all_events(stream).await;
    // What came before the cut, in order, without ids.
    let first = events[0].as_ref().unwrap();
    assert_eq!(first.id, None);
    assert_eq!(
        first.data.connection,
        Some(whatsapp_http_client::models::ConnectionState::Connecting)
    );
    assert_eq!(
        events[1].as_ref().unwrap().data.qr.as_deref(),
        Some("data:image/png;base64,AAAA")
    );
    // After the cut: one typed "stream cut" error and no second GET, which
    // would try to create the session again.
    assert_eq!(events.len(), 3, "{events:?}");
    assert!(
        matches!(&events[2], Err(Error::StreamCut { .. })),
        "{:?}",
        events[2]
    );
    assert_eq!(server.heads().len(), 1);
    for head in server.heads() {
        assert_eq!(
            head_header(&head, "last-event-id"),
            None,
            "no id to resume from"
        );
    }
}
