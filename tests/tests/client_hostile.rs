//! The client against servers that misbehave on purpose (`e2e_tests::hostile`):
//! the API key never shows in an error, `Debug` output or `tracing` event
//! and never reaches another origin; bodies, lines and events are bounded;
//! every wait is bounded; streams that cannot be resumed say so.

use std::future::Future;
use std::time::{Duration, Instant};

use e2e_tests::hostile::{Capture, Hostile, Step, chunked_head, last_chunk, response};
use e2e_tests::server::{closed_port, head_header, head_target};
use futures_util::StreamExt;
use serde_json::Value;
use whatsapp_http_client::runtime::{
    AuthScheme, EventStream, Method, OperationInfo, RetryPolicy, SseOptions,
};
use whatsapp_http_client::{Client, Error};

const KEY: &str = "SECRET-key-4b1d";

/// A repeatable event stream with the key in the query, as a document
/// without `x-idempotent: false` would give.
static WATCH: OperationInfo = OperationInfo::new("watch", Method::Get, "/watch/{phone}")
    .with_security(&[&[AuthScheme::ApiKeyQuery("api_key")]]);

fn client(base_url: &str) -> Client {
    builder(base_url).build().unwrap()
}

fn builder(base_url: &str) -> whatsapp_http_client::ClientBuilder {
    capture();
    Client::builder()
        .base_url(base_url)
        .api_key(KEY)
        .timeout(Duration::from_millis(800))
        .retry(RetryPolicy::none())
        .sse(sse(3))
}

fn sse(max_reconnects: u32) -> SseOptions {
    SseOptions::default()
        .with_max_reconnects(max_reconnects)
        .with_initial_backoff(Duration::from_millis(20))
        .with_max_backoff(Duration::from_millis(60))
}

/// Runs `future`, failing the test if it takes longer than `seconds`.
async fn within<T>(seconds: u64, future: impl Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(seconds), future)
        .await
        .expect("bounded in time")
}

async fn watch(client: &Client) -> Result<EventStream<Value>, Error> {
    client
        .request(&WATCH)
        .path_param("phone", "628")?
        .send_sse::<Value>()
        .await
}

/// Every item of a stream, bounded in time.
async fn all<T>(stream: EventStream<T>) -> Vec<Result<whatsapp_http_client::Event<T>, Error>> {
    within(10, stream.collect::<Vec<_>>()).await
}

/// Every item of the add-session stream of the server at `base_url`.
async fn add_session_items(
    base_url: &str,
) -> Vec<Result<whatsapp_http_client::Event<whatsapp_http_client::models::SessionEvent>, Error>> {
    all(client(base_url)
        .sessions()
        .add_sse("628", &Default::default())
        .await
        .unwrap())
    .await
}

fn sse_event(id: Option<u32>, data: &str) -> Step {
    match id {
        Some(id) => Step::Chunk(format!("id: {id}\ndata: {data}\n\n")),
        None => Step::Chunk(format!("data: {data}\n\n")),
    }
}

fn sse_head() -> Step {
    chunked_head(200, "text/event-stream", &[])
}

/// Display and Debug of an error, and of its sources.
fn everything(error: &Error) -> String {
    let mut text = format!("{error}\n{error:?}");
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(&format!("\n{cause}\n{cause:?}"));
        source = cause.source();
    }
    text
}

/// What every test of this file logs: a process-wide subscriber, because a
/// thread's own one misses events of callsites other tests' threads
/// registered first.
fn capture() -> &'static Capture {
    static CAPTURE: std::sync::OnceLock<Capture> = std::sync::OnceLock::new();
    CAPTURE.get_or_init(|| {
        let capture = Capture::default();
        tracing::subscriber::set_global_default(capture.clone()).expect("the only subscriber");
        capture
    })
}

#[tokio::test(flavor = "current_thread")]
async fn no_failure_shows_the_key_in_errors_debug_or_tracing() {
    let capture = capture();
    let refused = format!("http://{}", closed_port().await);
    let reset = Hostile::start("127.0.0.1", |_, _| vec![Step::Reset]).await;
    let silent = Hostile::start("127.0.0.1", |_, _| {
        vec![Step::Sleep(Duration::from_secs(5))]
    })
    .await;
    let echo = Hostile::start("127.0.0.1", |_, head| {
        let target = head_target(head).to_owned();
        vec![response(
            500,
            &[("content-type", "application/json")],
            &format!("{{\"error\":\"bad request {target}\"}}"),
        )]
    })
    .await;
    let flaky = Hostile::start("127.0.0.1", |n, _| match n {
        0 => vec![sse_head(), sse_event(Some(1), "{}")],
        _ => vec![Step::Reset],
    })
    .await;
    let mut errors: Vec<Error> = Vec::new();
    for base in [&refused, &reset.base_url, &silent.base_url, &echo.base_url] {
        let client = client(base);
        errors.push(
            client
                .sessions()
                .add_sse("628", &Default::default())
                .await
                .unwrap_err(),
        );
        errors.push(
            client
                .request(&WATCH)
                .path_param("phone", "1")
                .unwrap()
                .send_json::<Value>()
                .await
                .unwrap_err(),
        );
    }
    // A path value too long for a URI: reqwest's "builder error".
    let long = "9".repeat(70_000);
    errors.push(
        client(&echo.base_url)
            .sessions()
            .add_sse(&long, &Default::default())
            .await
            .unwrap_err(),
    );
    // Reconnects running out.
    let stream = watch(&client(&flaky.base_url)).await.unwrap();
    let items = all(stream).await;
    errors.push(
        items
            .into_iter()
            .find_map(Result::err)
            .expect("the stream failed"),
    );
    // A password in the base URL.
    errors.push(
        client(&refused.replace("http://", "http://user:pa55word@"))
            .sessions()
            .list(&Default::default())
            .await
            .unwrap_err(),
    );

    assert!(errors.iter().any(|e| e.is_connect()), "{errors:?}");
    assert!(errors.iter().any(|e| e.is_timeout()), "{errors:?}");
    assert!(
        errors
            .iter()
            .any(|e| matches!(e, Error::StreamReconnectsExhausted { .. })),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| matches!(e, Error::InvalidInput { .. })),
        "{errors:?}"
    );
    assert!(errors.iter().any(|e| e.status() == Some(500)), "{errors:?}");
    for error in &errors {
        let text = everything(error);
        assert!(!text.contains(KEY), "the key leaked:\n{text}");
        assert!(!text.contains("pa55word"), "the password leaked:\n{text}");
    }
    let logged = capture.text();
    assert!(logged.contains("event stream cut"), "{logged}");
    assert!(
        !logged.contains(KEY),
        "the key leaked into tracing:\n{logged}"
    );
    assert!(!logged.contains("pa55word"), "{logged}");
    let debug = format!(
        "{:?}",
        client(&refused.replace("http://", "http://user:pa55word@"))
    );
    assert!(
        !debug.contains("pa55word") && !debug.contains(KEY),
        "{debug}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn redirects_to_another_origin_are_not_followed_and_carry_nothing_there() {
    let elsewhere = Hostile::start("127.0.0.2", |_, _| {
        vec![response(200, &[("content-type", "application/json")], "[]")]
    })
    .await;
    let target = format!("{}/steal?x=1", elsewhere.base_url);
    let origin = elsewhere.base_url.clone();
    for status in [301, 302, 303, 307, 308] {
        let location = target.clone();
        let server = Hostile::start("127.0.0.1", move |_, _| {
            vec![response(status, &[("location", &location)], "")]
        })
        .await;
        let client = client(&server.base_url);
        let error = within(5, client.sessions().list(&Default::default()))
            .await
            .unwrap_err();
        let Error::Redirect {
            status: seen,
            target,
            ..
        } = &error
        else {
            panic!("{status}: {error:?}")
        };
        assert_eq!((*seen, target.as_str()), (status, origin.as_str()));
        assert!(!error.to_string().contains("steal"), "{error}");
        let error = within(5, client.sessions().add_sse("628", &Default::default()))
            .await
            .unwrap_err();
        assert!(matches!(error, Error::Redirect { .. }), "{error:?}");
    }
    assert!(elsewhere.heads().is_empty(), "{:?}", elsewhere.heads());
}

#[tokio::test(flavor = "multi_thread")]
async fn redirects_within_the_origin_are_followed_a_bounded_number_of_times_without_referer() {
    let server = Hostile::start("127.0.0.1", |n, head| {
        if head_target(head).starts_with("/loop") {
            vec![response(302, &[("location", &format!("/loop/{n}"))], "")]
        } else if head_target(head).starts_with("/sessions?") || head_target(head) == "/sessions" {
            vec![response(307, &[("location", "/moved?api_key=nothing")], "")]
        } else {
            vec![response(200, &[("content-type", "application/json")], "[]")]
        }
    })
    .await;
    let client = client(&server.base_url);
    let sessions = within(5, client.sessions().list(&Default::default()))
        .await
        .unwrap();
    assert!(sessions.is_empty());
    let heads = server.heads();
    assert_eq!(heads.len(), 2);
    assert_eq!(head_target(&heads[1]), "/moved?api_key=nothing");
    assert_eq!(
        head_header(&heads[1], "x-api-key"),
        Some(KEY),
        "same origin"
    );
    assert!(
        heads.iter().all(|h| head_header(h, "referer").is_none()),
        "{heads:?}"
    );

    static LOOP: OperationInfo = OperationInfo::new("loop", Method::Get, "/loop");
    let error = within(5, client.request(&LOOP).send_json::<Value>())
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Redirect { status: 302, .. }),
        "{error:?}"
    );
    assert!(
        server.heads().len() <= 2 + 6,
        "bounded: {}",
        server.heads().len()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn bodies_are_bounded_by_content_length_at_once_and_while_streaming() {
    let declared = Hostile::start("127.0.0.1", |_, _| {
        vec![
            Step::Write(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2147483648\r\n\r\n".to_vec()),
            Step::Sleep(Duration::from_secs(10)),
        ]
    })
    .await;
    let endless = Hostile::start("127.0.0.1", |_, _| {
        vec![
            Step::Write(
                b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n"
                    .to_vec(),
            ),
            Step::Flood {
                chunk: vec![b' '; 64 * 1024],
                total: 2 << 30,
            },
        ]
    })
    .await;
    // An error answer's body is read up to 64 KiB only: the status is the news.
    let endless_error = Hostile::start("127.0.0.1", |_, _| {
        vec![
            chunked_head(500, "text/plain", &[]),
            Step::Flood {
                chunk: b"4000\r\n"
                    .iter()
                    .copied()
                    .chain([b'e'; 0x4000])
                    .chain(*b"\r\n")
                    .collect(),
                total: 2 << 30,
            },
        ]
    })
    .await;
    let client = builder(&endless_error.base_url)
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let started = Instant::now();
    let error = within(5, client.sessions().list(&Default::default()))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(500), "{error:?}");
    assert_eq!(error.api_error().unwrap().text.len(), 64 * 1024);
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    for base in [&declared.base_url, &endless.base_url] {
        let client = builder(base)
            .max_body_size(1 << 20)
            .timeout(Duration::from_secs(5))
            .build()
            .unwrap();
        let started = Instant::now();
        let error = within(5, client.sessions().list(&Default::default()))
            .await
            .unwrap_err();
        assert!(
            matches!(
                error,
                Error::TooLarge {
                    what: "response body",
                    limit: 1048576,
                    ..
                }
            ),
            "{error:?}"
        );
        assert!(started.elapsed() < Duration::from_secs(3));
        let error = within(
            5,
            client
                .request(&WATCH)
                .path_param("phone", "1")
                .unwrap()
                .send_bytes(),
        )
        .await
        .unwrap_err();
        assert!(matches!(error, Error::TooLarge { .. }), "{error:?}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn event_stream_lines_and_events_are_bounded() {
    let endless_line = Hostile::start("127.0.0.1", |_, _| {
        vec![
            sse_head(),
            Step::Chunk("data: ".into()),
            Step::Chunk("x".repeat(40_000)),
            Step::Chunk("x".repeat(40_000)),
            Step::Sleep(Duration::from_secs(10)),
        ]
    })
    .await;
    let endless_event = Hostile::start("127.0.0.1", |_, _| {
        let mut steps = vec![sse_head()];
        steps.extend((0..100).map(|_| Step::Chunk(format!("data: {}\n", "y".repeat(1000)))));
        steps.push(Step::Sleep(Duration::from_secs(10)));
        steps
    })
    .await;
    for (base, what) in [
        (&endless_line.base_url, "event-stream line"),
        (&endless_event.base_url, "event"),
    ] {
        let client = builder(base)
            .sse(
                sse(3)
                    .with_max_line_bytes(64 * 1024)
                    .with_max_event_bytes(50 * 1000),
            )
            .build()
            .unwrap();
        let items = all(watch(&client).await.unwrap()).await;
        assert_eq!(items.len(), 1, "{items:?}");
        let error = items[0].as_ref().unwrap_err();
        assert!(
            matches!(error, Error::TooLarge { what: w, .. } if *w == what),
            "{error:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn streams_are_bounded_in_time_to_their_head_an_error_body_and_when_asked_their_silence() {
    let silent = Hostile::start("127.0.0.1", |_, _| {
        vec![Step::Sleep(Duration::from_secs(10))]
    })
    .await;
    let stalled_error = Hostile::start("127.0.0.1", |_, _| {
        vec![
            chunked_head(500, "application/json", &[]),
            Step::Chunk("{\"error\":".into()),
            Step::Sleep(Duration::from_secs(10)),
        ]
    })
    .await;
    let quiet = Hostile::start("127.0.0.1", |_, _| {
        vec![
            sse_head(),
            Step::Chunk(": hello\n\n".into()),
            Step::Sleep(Duration::from_secs(10)),
        ]
    })
    .await;
    let started = Instant::now();
    let error = within(
        5,
        client(&silent.base_url)
            .sessions()
            .add_sse("628", &Default::default()),
    )
    .await
    .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    let error = within(
        5,
        client(&stalled_error.base_url)
            .sessions()
            .add_sse("628", &Default::default()),
    )
    .await
    .unwrap_err();
    assert_eq!(error.status(), Some(500), "{error:?}");
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );

    let idle = builder(&quiet.base_url)
        .sse(sse(0).with_idle_timeout(Some(Duration::from_millis(300))))
        .build()
        .unwrap();
    let items = all(idle
        .sessions()
        .add_sse("628", &Default::default())
        .await
        .unwrap())
    .await;
    let Some(Err(Error::StreamCut { cause, .. })) = items.first() else {
        panic!("{items:?}")
    };
    assert!(cause.is_timeout(), "{cause:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn server_retry_is_kept_within_bounds_and_every_reconnect_counts() {
    for retry in ["0", "99999999999"] {
        let server = Hostile::start("127.0.0.1", move |n, _| {
            vec![
                sse_head(),
                Step::Chunk(format!("retry: {retry}\nid: {n}\ndata: {{}}\n\n")),
            ]
        })
        .await;
        let started = Instant::now();
        let items = all(watch(&client(&server.base_url)).await.unwrap()).await;
        let elapsed = started.elapsed();
        assert_eq!(
            server.heads().len(),
            4,
            "the first connection and 3 reconnects"
        );
        assert_eq!(items.iter().filter(|i| i.is_ok()).count(), 4);
        assert!(
            matches!(
                items.last(),
                Some(Err(Error::StreamReconnectsExhausted { attempts: 3, .. }))
            ),
            "{items:?}"
        );
        // 3 waits of at least 20 ms (`retry: 0` raised to the minimum), at
        // most 60 ms each (the huge `retry` lowered to the maximum).
        assert!(elapsed >= Duration::from_millis(60), "{retry}: {elapsed:?}");
        assert!(elapsed < Duration::from_secs(3), "{retry}: {elapsed:?}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_id_with_a_control_character_does_not_break_the_reconnect() {
    let server = Hostile::start("127.0.0.1", |n, _| match n {
        0 => vec![
            sse_head(),
            sse_event(Some(1), "{\"n\":1}"),
            Step::Chunk("id: 2\u{1}x\ndata: {\"n\":2}\n\n".into()),
        ],
        _ => vec![sse_head(), sse_event(Some(3), "{\"n\":3}"), last_chunk()],
    })
    .await;
    let items = all(watch(&client(&server.base_url)).await.unwrap()).await;
    let data: Vec<Value> = items.into_iter().map(|i| i.unwrap().data).collect();
    assert_eq!(
        data,
        [
            serde_json::json!({"n": 1}),
            serde_json::json!({"n": 2}),
            serde_json::json!({"n": 3})
        ]
    );
    let heads = server.heads();
    assert_eq!(head_header(&heads[1], "last-event-id"), Some("1"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stream_that_cannot_be_resumed_is_not_reopened_and_says_what_to_check() {
    // The real add-session stream: no ids, and the operation must not be
    // sent twice (a second GET would try to create the session again).
    for with_ids in [false, true] {
        let server = Hostile::start("127.0.0.1", move |_, _| {
            vec![
                sse_head(),
                sse_event(with_ids.then_some(1), "{\"connection\":\"connecting\"}"),
                sse_event(
                    with_ids.then_some(2),
                    "{\"qr\":\"data:image/png;base64,AA\"}",
                ),
            ]
        })
        .await;
        let items = add_session_items(&server.base_url).await;
        assert_eq!(items.len(), 3, "{items:?}");
        assert!(items[0].is_ok() && items[1].is_ok());
        let error = items[2].as_ref().unwrap_err();
        let Error::StreamCut {
            check: Some(check), ..
        } = error
        else {
            panic!("{error:?}")
        };
        assert_eq!(check.id(), "sessionStatus");
        assert!(error.to_string().contains("sessionStatus"), "{error}");
        assert_eq!(server.heads().len(), 1, "never reopened");
    }
    // A repeatable stream without ids cannot be resumed either.
    let server = Hostile::start("127.0.0.1", |_, _| vec![sse_head(), sse_event(None, "{}")]).await;
    let items = all(watch(&client(&server.base_url)).await.unwrap()).await;
    assert!(
        matches!(
            items.last(),
            Some(Err(Error::StreamCut { check: None, .. }))
        ),
        "{items:?}"
    );
    assert_eq!(server.heads().len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_operation_marked_not_idempotent_is_never_retried() {
    let server = Hostile::start("127.0.0.1", |_, _| {
        vec![response(
            503,
            &[("content-type", "application/json")],
            "{\"error\":\"busy\"}",
        )]
    })
    .await;
    let client = builder(&server.base_url)
        .retry(RetryPolicy::default().with_initial_backoff(Duration::from_millis(10)))
        .build()
        .unwrap();
    let error = within(5, client.sessions().add_sse("628", &Default::default()))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert_eq!(
        server.heads().len(),
        1,
        "a GET, but marked x-idempotent: false"
    );
    let error = within(5, client.sessions().list(&Default::default()))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert_eq!(server.heads().len(), 1 + 3, "an ordinary GET is retried");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_error_event_ends_the_stream_with_the_servers_words() {
    let server = Hostile::start("127.0.0.1", |_, _| {
        vec![
            sse_head(),
            sse_event(None, "{\"connection\":\"open\"}"),
            sse_event(None, "{\"error\":\"Session already exists\"}"),
            sse_event(None, "{\"connection\":\"close\"}"),
            last_chunk(),
        ]
    })
    .await;
    let items = add_session_items(&server.base_url).await;
    assert_eq!(items.len(), 2, "{items:?}");
    assert!(items[0].is_ok());
    let error = items[1].as_ref().unwrap_err();
    let Error::ErrorEvent { message, .. } = error else {
        panic!("{error:?}")
    };
    assert_eq!(message, "Session already exists");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_timeout_bounds_the_whole_call_retries_and_their_waits_included() {
    // A 503 asking for an hour: waiting (even the policy's 5 s cap) would
    // pass the 800 ms timeout, so the 503 is the answer at once.
    let busy = Hostile::start("127.0.0.1", |_, _| {
        vec![response(
            503,
            &[
                ("content-type", "application/json"),
                ("retry-after", "3600"),
            ],
            "{\"error\":\"busy\"}",
        )]
    })
    .await;
    let client = builder(&busy.base_url)
        .retry(RetryPolicy::default())
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let error = within(5, client.sessions().list(&Default::default()))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(503), "{error:?}");
    assert!(
        started.elapsed() < Duration::from_millis(700),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(busy.heads().len(), 1);
    // Slow tries with short waits: the tries stop when the 800 ms run out,
    // where six tries of 400 ms each took 2.4 s.
    let slow = Hostile::start("127.0.0.1", |_, _| {
        vec![
            Step::Sleep(Duration::from_millis(400)),
            response(503, &[("content-type", "application/json")], "{}"),
        ]
    })
    .await;
    let client = builder(&slow.base_url)
        .retry(
            RetryPolicy::default()
                .with_max_retries(5)
                .with_initial_backoff(Duration::from_millis(10)),
        )
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let error = within(5, client.sessions().list(&Default::default()))
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    assert!(
        elapsed < Duration::from_millis(1300),
        "{elapsed:?}, {error:?}"
    );
    assert!(
        error.is_timeout() || error.status() == Some(503),
        "{error:?}"
    );
    assert!(slow.heads().len() <= 2, "{}", slow.heads().len());
}

/// Operations whose security is a bearer token, and basic credentials.
static WITH_TOKEN: OperationInfo =
    OperationInfo::new("withToken", Method::Get, "/token").with_security(&[&[AuthScheme::Bearer]]);
static WITH_BASIC: OperationInfo =
    OperationInfo::new("withBasic", Method::Get, "/basic").with_security(&[&[AuthScheme::Basic]]);

#[tokio::test(flavor = "current_thread")]
async fn a_server_echoing_the_credentials_never_puts_them_in_an_error() {
    const TOKEN: &str = "bearer-SECRET-9f2c";
    const PASSWORD: &str = "basic-SECRET-77aa";
    // The request head, credentials included, sent back in an error body
    // and in a body that does not read.
    let echo = Hostile::start("127.0.0.1", |n, head| {
        let body = serde_json::json!({ "error": head }).to_string();
        let status = if n % 2 == 0 { 500 } else { 200 };
        let body = if status == 200 {
            format!("{body}!")
        } else {
            body
        };
        vec![response(
            status,
            &[("content-type", "application/json")],
            &body,
        )]
    })
    .await;
    let client = Client::builder()
        .base_url(&echo.base_url)
        .bearer_token(TOKEN)
        .basic_auth("probe-user", Some(PASSWORD.to_owned()))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let mut shown = Vec::new();
    for operation in [&WITH_TOKEN, &WITH_BASIC, &WITH_TOKEN, &WITH_BASIC] {
        let error = client
            .request(operation)
            .send_json::<Value>()
            .await
            .unwrap_err();
        shown.push(format!("{error}\n{error:?}"));
    }
    let heads = echo.heads().join("\n");
    assert!(
        heads.contains("Bearer ") && heads.contains("Basic "),
        "{heads}"
    );
    let basic = heads
        .lines()
        .find_map(|line| line.strip_prefix("authorization: Basic "))
        .expect("basic credentials sent")
        .trim()
        .to_owned();
    for text in &shown {
        for secret in [TOKEN, PASSWORD, basic.as_str()] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }
}
