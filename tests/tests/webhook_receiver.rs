//! The runtime's webhook receiver over real HTTP on 127.0.0.1: every event
//! baileys-api posts (section 7) arrives as its typed `events::Event`
//! variant, unknown names as `Other`; WAHA-signed deliveries with a wrong,
//! missing or stale signature are refused with 401; a body over the limit is
//! refused from its `Content-Length` before it is sent, and while streaming
//! when it has none.

use std::net::SocketAddr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use e2e_tests::deliveries::{PHONE, baileys, baileys_events};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::mpsc;
use whatsapp_http_client::events::{Event, NAMES};
use whatsapp_http_client::models::{SessionStatus, WebhookStatus};
use whatsapp_http_client::runtime::webhook::axum::{
    Delivery, Limits, handler, handler_with, serve as serve_bounded,
};
use whatsapp_http_client::runtime::webhook::{
    HMAC_HEADER, HmacSha512, Receiver, TIMESTAMP_HEADER, WebhookError,
};

async fn serve(receiver: Receiver) -> (SocketAddr, mpsc::Receiver<Delivery<Event>>) {
    let (sink, events) = mpsc::channel(64);
    let app = axum::Router::new().route("/hook", handler(receiver, sink));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (addr, events)
}

async fn post(addr: SocketAddr, body: &[u8], headers: &[(&str, String)]) -> u16 {
    openapi_wa_runtime::install_crypto_provider(); // reqwest has no provider of its own
    let mut request = reqwest::Client::new()
        .post(format!("http://{addr}/hook"))
        .header("content-type", "application/json")
        .body(body.to_vec());
    for (name, value) in headers {
        request = request.header(*name, value);
    }
    request.send().await.unwrap().status().as_u16()
}

async fn next(events: &mut mpsc::Receiver<Delivery<Event>>) -> Delivery<Event> {
    tokio::time::timeout(Duration::from_secs(5), events.recv())
        .await
        .expect("a delivery reaches the channel")
        .expect("the channel is open")
}

#[tokio::test]
async fn every_baileys_event_arrives_as_its_variant() {
    let (addr, mut events) = serve(Receiver::new()).await;
    let cases = baileys_events();
    assert_eq!(cases.len(), 18, "section 7 lists 18 emitted events");
    for (name, data) in &cases {
        assert!(NAMES.contains(name), "{name} is declared");
        let body = serde_json::to_vec(&baileys(name, data.clone())).unwrap();
        assert_eq!(post(addr, &body, &[]).await, 202, "{name}");
        let event = next(&mut events)
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(event.name(), Some(*name));
        assert!(!matches!(event, Event::Other { .. }), "{name}: {event:?}");
        // The catalog names the same variant.
        let meta = whatsapp_http_client::catalog::event(name).unwrap();
        assert!(format!("{event:?}").starts_with(meta.variant), "{name}");
    }
    // Typed payloads, not JSON: a few fields read through their types.
    let typed = |name: &str| baileys(name, cases.iter().find(|c| c.0 == name).unwrap().1.clone());
    match Event::from_value(typed("messages.upsert")).unwrap() {
        Event::MessagesUpsert(upsert) => {
            assert_eq!(upsert.session_id.as_deref(), Some(PHONE));
            assert_eq!(upsert.data.as_ref().unwrap().messages[0].key.id, "A");
            assert!(!upsert.data.as_ref().unwrap().messages[0].key.from_me);
        }
        other => panic!("{other:?}"),
    }
    match Event::from_value(typed("connection.update")).unwrap() {
        Event::ConnectionUpdate(update) => {
            assert_eq!(update.data.unwrap().status, SessionStatus::Connected)
        }
        other => panic!("{other:?}"),
    }
    match Event::from_value(typed("group-participants.update")).unwrap() {
        Event::GroupParticipantsUpdate(update) => {
            let data = update.data.unwrap();
            assert_eq!(data.group_id, "120363025246125486@g.us");
            assert_eq!(data.participants, ["1@s.whatsapp.net"]);
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn errors_unknown_names_and_bodies_without_a_name_arrive_too() {
    let (addr, mut events) = serve(Receiver::new()).await;
    // An error delivery: empty data, status `error`, a message.
    let error = json!({"sessionId": PHONE, "event": "send.message", "data": {}, "status": "error", "message": "Jid does not exists"});
    assert_eq!(post(addr, error.to_string().as_bytes(), &[]).await, 202);
    match next(&mut events).await.unwrap() {
        Event::SendMessage(sent) => {
            assert_eq!(sent.status, Some(WebhookStatus::Error));
            assert_eq!(sent.message.as_deref(), Some("Jid does not exists"));
            assert_eq!(sent.data.unwrap().jid, None);
        }
        other => panic!("{other:?}"),
    }
    // A name a newer server adds, and a socket.io-style body without one.
    for (body, name) in [
        (
            baileys("labels.edit", json!({"id": "1"})),
            Some("labels.edit"),
        ),
        (json!({"status": "success", "data": {"qr": "x"}}), None),
    ] {
        assert_eq!(post(addr, body.to_string().as_bytes(), &[]).await, 202);
        match next(&mut events).await.unwrap() {
            Event::Other {
                name: got,
                body: kept,
            } => {
                assert_eq!(got.as_deref(), name);
                assert_eq!(kept, body);
            }
            other => panic!("{other:?}"),
        }
    }
    // baileys-api's error form: no `data` at all, as the spec declares it.
    let error = json!({"sessionId": "722", "event": "qrcode.updated", "status": "error", "message": "Unable to generate QR code"});
    assert_eq!(post(addr, error.to_string().as_bytes(), &[]).await, 202);
    match next(&mut events).await.unwrap() {
        Event::QrcodeUpdated(qr) => {
            assert_eq!(qr.status, Some(WebhookStatus::Error));
            assert_eq!(qr.message.as_deref(), Some("Unable to generate QR code"));
            assert!(qr.data.is_none());
        }
        other => panic!("{other:?}"),
    }
    // A declared event whose data does not fit: acknowledged and handed
    // over as received, with the reason naming the field.
    let misfit = json!({"event": "connection.update", "data": {"status": 7}});
    assert_eq!(post(addr, misfit.to_string().as_bytes(), &[]).await, 202);
    match next(&mut events).await.unwrap() {
        Event::Unreadable { name, body, reason } => {
            assert_eq!((name.as_str(), body), ("connection.update", misfit));
            assert!(
                reason.starts_with("at `data.status`: invalid type"),
                "{reason}"
            );
        }
        other => panic!("{other:?}"),
    }
    // Not JSON: 400, an error.
    assert_eq!(post(addr, b"{not json", &[]).await, 400);
    assert!(matches!(
        next(&mut events).await,
        Err(WebhookError::Body(_))
    ));
    // JSON that is not an object: no event has that shape.
    for (body, found) in [
        ("42", "a number"),
        ("null", "null"),
        ("[1]", "an array"),
        ("\"x\"", "a string"),
    ] {
        assert_eq!(post(addr, body.as_bytes(), &[]).await, 400, "{body}");
        match next(&mut events).await {
            Err(WebhookError::NotAnObject { found: got }) => assert_eq!(got, found),
            other => panic!("{body}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn an_empty_hmac_key_refuses_every_delivery() {
    assert!(matches!(
        HmacSha512::try_new(""),
        Err(WebhookError::EmptyKey)
    ));
    let empty = HmacSha512::new("");
    let (addr, mut events) = serve(Receiver::new().verifier(empty.clone())).await;
    let body = br#"{"event": "x"}"#;
    // Signed with the empty key, as anyone could: refused.
    let signature = empty.sign(body);
    assert_eq!(post(addr, body, &[(HMAC_HEADER, signature)]).await, 401);
    assert!(matches!(
        next(&mut events).await,
        Err(WebhookError::EmptyKey)
    ));
}

fn now_ms() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis()
}

#[tokio::test]
async fn signed_deliveries_are_checked_before_they_are_read() {
    let key = "waha-secret";
    let receiver = Receiver::new()
        .verifier(HmacSha512::new(key))
        .max_age(Duration::from_secs(300));
    let (addr, mut events) = serve(receiver).await;
    let body = baileys("connection.update", json!({"status": "connected"})).to_string();
    let signer = HmacSha512::new(key);
    let good = signer.sign(body.as_bytes());
    let fresh = now_ms().to_string();
    let signed = |signature: &str, timestamp: &str| {
        vec![
            (HMAC_HEADER, signature.to_owned()),
            ("x-webhook-hmac-algorithm", "sha512".to_owned()),
            (TIMESTAMP_HEADER, timestamp.to_owned()),
            ("x-webhook-request-id", "req-1".to_owned()),
        ]
    };
    assert_eq!(
        post(addr, body.as_bytes(), &signed(&good, &fresh)).await,
        202
    );
    assert!(matches!(
        next(&mut events).await,
        Ok(Event::ConnectionUpdate(_))
    ));
    // Upper-case hex is the same signature.
    assert_eq!(
        post(addr, body.as_bytes(), &signed(&good.to_uppercase(), &fresh)).await,
        202
    );
    assert!(next(&mut events).await.is_ok());

    let other_key = HmacSha512::new("another key").sign(body.as_bytes());
    let mut flipped = good.clone().into_bytes();
    flipped[0] = if flipped[0] == b'0' { b'1' } else { b'0' };
    let flipped = String::from_utf8(flipped).unwrap();
    let stale = (now_ms() - 3_600_000).to_string();
    let refusals: Vec<(Vec<(&str, String)>, &str)> = vec![
        (signed(&other_key, &fresh), "BadSignature"),
        (signed(&flipped, &fresh), "BadSignature"),
        (signed(&good[..64], &fresh), "BadSignature"),
        (signed("not hex", &fresh), "BadSignature"),
        (vec![(TIMESTAMP_HEADER, fresh.clone())], "MissingSignature"),
        (signed(&good, &stale), "Stale"),
        (vec![(HMAC_HEADER, good.clone())], "MissingTimestamp"),
        (
            vec![
                (HMAC_HEADER, good.clone()),
                ("x-webhook-hmac-algorithm", "sha256".into()),
                (TIMESTAMP_HEADER, fresh.clone()),
            ],
            "UnsupportedAlgorithm",
        ),
    ];
    for (headers, expected) in refusals {
        assert_eq!(
            post(addr, body.as_bytes(), &headers).await,
            401,
            "{expected}"
        );
        let refused = next(&mut events).await.expect_err(expected);
        assert!(format!("{refused:?}").starts_with(expected), "{refused:?}");
        assert!(refused.is_unauthenticated());
        // The key is in no message.
        assert!(!refused.to_string().contains(key) && !format!("{refused:?}").contains(key));
    }
    // A body changed after signing is refused.
    let tampered = body.replace("connected", "disconected");
    assert_eq!(
        post(addr, tampered.as_bytes(), &signed(&good, &fresh)).await,
        401
    );
    assert!(matches!(
        next(&mut events).await,
        Err(WebhookError::BadSignature)
    ));
    assert!(!format!("{signer:?}").contains(key));
}

/// Sends `head`, then `chunk` again and again (slowly) up to `body_bytes`,
/// and returns the status line and how many body bytes went out before the
/// answer came.
async fn raw_post(
    addr: SocketAddr,
    head: &str,
    chunk: &[u8],
    counts: usize,
    body_bytes: usize,
) -> (String, usize) {
    let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let (mut reader, mut writer) = stream.into_split();
    writer.write_all(head.as_bytes()).await.unwrap();
    let mut sent = 0;
    let mut answer = vec![0u8; 1024];
    loop {
        tokio::select! {
            read = reader.read(&mut answer) => {
                let n = read.unwrap();
                let text = String::from_utf8_lossy(&answer[..n]).to_string();
                return (text.lines().next().unwrap_or_default().to_owned(), sent);
            }
            written = writer.write_all(chunk), if sent < body_bytes => {
                if written.is_ok() {
                    sent += counts;
                }
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
        }
    }
}

#[tokio::test]
async fn an_oversized_body_is_refused_without_reading_it_all() {
    let limit = 64 * 1024;
    let (addr, mut events) = serve(Receiver::new().max_body_size(limit)).await;
    // Declared too large: answered before a byte of the body is sent.
    let total = 50 * 1024 * 1024;
    let head = format!(
        "POST /hook HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: {total}\r\n\r\n"
    );
    let (status, sent) = raw_post(addr, &head, b"", 0, 0).await;
    assert!(status.contains(" 413 "), "{status}");
    assert_eq!(sent, 0);
    assert!(
        matches!(next(&mut events).await, Err(WebhookError::TooLarge { limit: l }) if l == limit)
    );
    // Chunked, no length: cut soon after the limit, far before the end.
    let head = "POST /hook HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\n";
    let chunk = format!("4000\r\n{}\r\n", " ".repeat(0x4000));
    let (status, sent) = raw_post(addr, head, chunk.as_bytes(), 0x4000, total).await;
    assert!(status.contains(" 413 "), "{status}");
    assert!(sent < 4 * limit, "{sent} bytes sent before the answer");
    assert!(matches!(
        next(&mut events).await,
        Err(WebhookError::TooLarge { .. })
    ));
    // Within the limit, the same route accepts.
    let body = baileys("chats.delete", json!({"chats": ["1@s.whatsapp.net"]}));
    assert_eq!(post(addr, body.to_string().as_bytes(), &[]).await, 202);
    assert!(matches!(next(&mut events).await, Ok(Event::ChatsDelete(_))));
}

#[tokio::test]
async fn a_full_channel_answers_503_so_the_sender_retries() {
    let (sink, mut events) = mpsc::channel::<Delivery<Value>>(1);
    let app = axum::Router::new().route("/hook", handler(Receiver::new(), sink));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let body = br#"{"event": "x"}"#;
    assert_eq!(post(addr, body, &[]).await, 202);
    assert_eq!(post(addr, body, &[]).await, 503);
    assert!(events.recv().await.unwrap().is_ok());
    assert_eq!(post(addr, body, &[]).await, 202);
}

/// Reads the answer's status line, `None` when none came within `within`
/// (or the connection closed without one).
async fn status_line(stream: &mut tokio::net::TcpStream, within: Duration) -> Option<String> {
    let mut answer = vec![0u8; 512];
    let n = tokio::time::timeout(within, stream.read(&mut answer))
        .await
        .ok()?
        .ok()?;
    let text = String::from_utf8_lossy(&answer[..n]).to_string();
    text.lines().next().map(str::to_owned)
}

#[tokio::test]
async fn an_unsigned_delivery_is_refused_before_its_body_is_sent() {
    let (addr, mut events) = serve(Receiver::new().verifier(HmacSha512::new("k"))).await;
    for head in [
        // No signature.
        "POST /hook HTTP/1.1\r\nhost: x\r\ncontent-length: 900000\r\n\r\n",
        // One that is not hex.
        "POST /hook HTTP/1.1\r\nhost: x\r\nx-webhook-hmac: zz\r\ncontent-length: 900000\r\n\r\n",
        // Chunked, no signature.
        "POST /hook HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\n",
    ] {
        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        stream.write_all(head.as_bytes()).await.unwrap();
        let status = status_line(&mut stream, Duration::from_secs(3)).await;
        assert!(
            status.as_deref().is_some_and(|s| s.contains(" 401 ")),
            "{head:?}: {status:?}"
        );
        assert!(next(&mut events).await.unwrap_err().is_unauthenticated());
    }
}

async fn serve_with(
    limits: Limits,
    receiver: Receiver,
) -> (
    SocketAddr,
    mpsc::Receiver<Delivery<Value>>,
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<()>,
) {
    let (sink, events) = mpsc::channel(64);
    let app = axum::Router::new().route("/hook", handler_with(receiver, sink, &limits));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        serve_bounded(listener, app, &limits, async {
            let _ = stopped.await;
        })
        .await;
    });
    (addr, events, stop, server)
}

#[tokio::test]
async fn slow_heads_and_bodies_are_cut_by_their_timeouts() {
    let limits = Limits::default()
        .header_timeout(Duration::from_millis(500))
        .body_timeout(Duration::from_millis(500));
    let (addr, _events, _stop, _server) = serve_with(limits, Receiver::new()).await;
    // A head sent a byte every 100 ms: closed after the header timeout.
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(b"POST /hook HTTP/1.1\r\nhost: x\r\n")
        .await
        .unwrap();
    let start = std::time::Instant::now();
    let mut closed = false;
    for _ in 0..50 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let _ = stream.write_all(b"a").await;
        let mut byte = [0u8; 1];
        if let Ok(Ok(0) | Err(_)) =
            tokio::time::timeout(Duration::from_millis(1), stream.read(&mut byte)).await
        {
            closed = true;
            break;
        }
    }
    assert!(closed, "open after {:?}", start.elapsed());
    assert!(
        start.elapsed() < Duration::from_secs(3),
        "{:?}",
        start.elapsed()
    );
    // A chunked body that never ends: 408.
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(
            b"POST /hook HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\n1\r\n{\r\n",
        )
        .await
        .unwrap();
    let status = status_line(&mut stream, Duration::from_secs(3)).await;
    assert!(
        status.as_deref().is_some_and(|s| s.contains(" 408 ")),
        "{status:?}"
    );
}

#[tokio::test]
async fn connections_past_the_limit_close_the_longest_idle_one() {
    let limits = Limits::default().max_connections(8);
    let (addr, mut events, _stop, _server) = serve_with(limits, Receiver::new()).await;
    // 40 connections that send half a head and then nothing.
    let mut idle = Vec::new();
    for _ in 0..40 {
        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        stream.write_all(b"POST /hook HTTP/1.1\r\n").await.unwrap();
        idle.push(stream);
    }
    // Honest deliveries still get in, each on a new connection.
    openapi_wa_runtime::install_crypto_provider(); // reqwest has no provider of its own
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .timeout(Duration::from_secs(3))
        .build()
        .unwrap();
    for i in 0..10 {
        let status = client
            .post(format!("http://{addr}/hook"))
            .body(format!("{{\"event\": \"x\", \"n\": {i}}}"))
            .send()
            .await
            .map(|answer| answer.status().as_u16());
        assert_eq!(status.ok(), Some(202), "delivery {i}");
        assert_eq!(next_value(&mut events).await["n"], i);
    }
    // Most of the idle connections were closed to make room.
    let mut closed = 0;
    for stream in &mut idle {
        let mut byte = [0u8; 1];
        if let Ok(Ok(0) | Err(_)) =
            tokio::time::timeout(Duration::from_millis(20), stream.read(&mut byte)).await
        {
            closed += 1;
        }
    }
    assert!(closed >= 40 - 8, "{closed} of 40 idle connections closed");
}

async fn next_value(events: &mut mpsc::Receiver<Delivery<Value>>) -> Value {
    tokio::time::timeout(Duration::from_secs(5), events.recv())
        .await
        .expect("a delivery reaches the channel")
        .expect("the channel is open")
        .expect("an event")
}

#[tokio::test]
async fn bodies_past_the_buffer_budget_are_answered_503() {
    let limits = Limits::default().max_buffered(64 * 1024);
    let (addr, mut events, _stop, _server) = serve_with(limits, Receiver::new()).await;
    // A body of 48 KiB half sent holds its bytes...
    let big = format!(
        "{{\"event\": \"x\", \"pad\": \"{}\"}}",
        " ".repeat(48 * 1024)
    );
    let mut holder = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST /hook HTTP/1.1\r\nhost: x\r\ncontent-length: {}\r\n\r\n",
        big.len()
    );
    holder.write_all(head.as_bytes()).await.unwrap();
    holder
        .write_all(&big.as_bytes()[..40 * 1024])
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    // ...so another of 48 KiB is answered 503 with Retry-After.
    openapi_wa_runtime::install_crypto_provider(); // reqwest has no provider of its own
    let answer = reqwest::Client::new()
        .post(format!("http://{addr}/hook"))
        .body(big.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 503);
    assert!(answer.headers().contains_key("retry-after"));
    // Once the first is read, its bytes are given back.
    holder
        .write_all(&big.as_bytes()[40 * 1024..])
        .await
        .unwrap();
    let status = status_line(&mut holder, Duration::from_secs(3)).await;
    assert!(
        status.as_deref().is_some_and(|s| s.contains(" 202 ")),
        "{status:?}"
    );
    assert_eq!(next_value(&mut events).await["event"], "x");
    openapi_wa_runtime::install_crypto_provider(); // reqwest has no provider of its own
    let answer = reqwest::Client::new()
        .post(format!("http://{addr}/hook"))
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 202);
}

#[tokio::test]
async fn shutdown_answers_requests_in_progress_and_closes_the_channel() {
    let (addr, mut events, stop, server) = serve_with(Limits::default(), Receiver::new()).await;
    // A delivery whose body is still coming when the server is told to stop.
    let body = br#"{"event": "late"}"#;
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST /hook HTTP/1.1\r\nhost: x\r\ncontent-length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(&body[..5]).await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    stop.send(()).unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    // No new connection is accepted...
    openapi_wa_runtime::install_crypto_provider(); // reqwest has no provider of its own
    let refused = tokio::time::timeout(
        Duration::from_secs(1),
        reqwest::Client::new()
            .post(format!("http://{addr}/hook"))
            .body("{}")
            .send(),
    )
    .await;
    assert!(!matches!(refused, Ok(Ok(_))), "{refused:?}");
    // ...but the one in progress is answered, and its event handed over.
    stream.write_all(&body[5..]).await.unwrap();
    let status = status_line(&mut stream, Duration::from_secs(3)).await;
    assert!(
        status.as_deref().is_some_and(|s| s.contains(" 202 ")),
        "{status:?}"
    );
    tokio::time::timeout(Duration::from_secs(5), server)
        .await
        .expect("serve returns once its connections are done")
        .unwrap();
    assert_eq!(next_value(&mut events).await["event"], "late");
    // Every sender is gone: the channel ends.
    assert!(events.recv().await.is_none());
}
