//! What goes wrong in practice, each turned into its typed error with a
//! message that says what to check: unknown phone (404), bad key (403/401),
//! validation (400), server errors, timeouts, refused connections, bodies
//! that do not parse, invalid input; plus retries and path encoding.

use std::time::{Duration, Instant};

use e2e_tests::server::{Counter, RecordingServer, Reply, closed_port};
use serde_json::json;
use whatsapp_http_client::runtime::RetryPolicy;
use whatsapp_http_client::{Client, Error};

async fn client_for(server: &RecordingServer) -> Client {
    Client::builder()
        .base_url(&server.base_url)
        .api_key("k")
        .retry(RetryPolicy::none())
        .build()
        .unwrap()
}

#[tokio::test]
async fn unknown_phone_is_not_found_with_the_servers_words() {
    let server =
        RecordingServer::start(|_| Reply::json(404, json!({"error": "Session not found"}))).await;
    let error = client_for(&server)
        .await
        .sessions()
        .status("628000", &Default::default())
        .await
        .unwrap_err();
    assert!(error.is_not_found(), "{error:?}");
    assert_eq!(error.status(), Some(404));
    assert_eq!(
        error.api_error().unwrap().message.as_deref(),
        Some("Session not found")
    );
    let text = error.to_string();
    assert!(
        text.starts_with("sessionStatus: not found (404): Session not found."),
        "{text}"
    );
    // What to check comes from the spec (`x-error-hint` on the
    // SessionNotFound response), not from the runtime, which is generic.
    assert!(
        text.ends_with(
            "Session not found. Check that a session exists for the phone number \
             (`sessions().list()` lists them)"
        ),
        "{text}"
    );
    assert_eq!(
        error.hint(),
        Some("Check that a session exists for the phone number (`sessions().list()` lists them)")
    );
}

#[tokio::test]
async fn a_bad_key_is_unauthorized() {
    for status in [401, 403] {
        let server = RecordingServer::start(move |_| {
            Reply::json(status, json!({"error": "Invalid API key"}))
        })
        .await;
        let error = client_for(&server)
            .await
            .sessions()
            .list(&Default::default())
            .await
            .unwrap_err();
        assert!(error.is_unauthorized(), "{error:?}");
        let text = error.to_string();
        assert!(
            text.contains(&format!(
                "refused the credentials sent ({status}; the API key in header `x-api-key`): \
                 Invalid API key"
            )),
            "{text}"
        );
        assert!(text.contains("`ClientBuilder::api_key`"), "{text}");
    }
}

#[tokio::test]
async fn validation_errors_keep_the_errors_array() {
    let server = RecordingServer::start(|_| {
        Reply::json(400, json!({"errors": [{"type": "field", "msg": "Invalid value", "path": "jid", "location": "body"}]}))
    })
    .await;
    let body = whatsapp_http_client::models::BlockRequest::new(String::new());
    let error = client_for(&server)
        .await
        .contacts()
        .block_unblock_number("628", &body, &Default::default())
        .await
        .unwrap_err();
    let Error::Status { error: api, .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(api.status, 400);
    assert_eq!(api.errors.len(), 1);
    assert_eq!(
        error.to_string(),
        "blockUnblockNumber: the server answered 400: jid: Invalid value"
    );
}

#[tokio::test]
async fn other_statuses_keep_the_raw_text() {
    let server =
        RecordingServer::start(|_| Reply::raw(502, "text/html", "<h1>Bad Gateway</h1>")).await;
    let error = client_for(&server)
        .await
        .sessions()
        .list(&Default::default())
        .await
        .unwrap_err();
    let api = error.api_error().unwrap();
    assert_eq!(
        (api.status, api.body.clone(), api.text.as_str()),
        (502, None, "<h1>Bad Gateway</h1>")
    );
}

#[tokio::test]
async fn a_slow_server_times_out() {
    let server =
        RecordingServer::start(|_| Reply::json(200, json!([])).delayed(Duration::from_secs(5)))
            .await;
    let client = Client::builder()
        .base_url(&server.base_url)
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let started = Instant::now();
    let error = client
        .sessions()
        .list(&Default::default())
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(3));
    assert!(error.to_string().contains("within 200ms"), "{error}");
}

#[tokio::test]
async fn a_refused_connection_names_the_server() {
    let address = closed_port().await;
    let client = Client::builder()
        .base_url(format!("http://{address}"))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let error = client
        .sessions()
        .list(&Default::default())
        .await
        .unwrap_err();
    assert!(error.is_connect(), "{error:?}");
    let text = error.to_string();
    assert!(
        text.contains(&format!("cannot connect to http://{address}/sessions")),
        "{text}"
    );
    assert!(text.contains("Is the server running"), "{text}");
}

#[tokio::test]
async fn a_body_that_does_not_parse_is_kept() {
    let server = RecordingServer::start(|_| Reply::json(200, json!({"status": 42}))).await;
    let error = client_for(&server)
        .await
        .sessions()
        .status("628", &Default::default())
        .await
        .unwrap_err();
    let Error::InvalidBody { status, body, .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!((*status, body.as_str()), (200, "{\"status\":42}"));
    // The field, the method called, the type expected, what came, and a
    // mismatch with the document (the body is JSON, just not the declared).
    let text = error.to_string();
    for part in [
        "`sessions().status()` (sessionStatus)",
        "does not read as `SessionStatusResponse` at `status`",
        "it came as: {\"status\":42}",
        "not what the document this client was generated from declares",
    ] {
        assert!(text.contains(part), "{part}: {text}");
    }
}

#[tokio::test]
async fn a_body_that_is_not_json_blames_no_version_and_is_kept_as_an_excerpt() {
    // 8 MiB of bytes that are not UTF-8: the error keeps 1 KiB of them.
    let server =
        RecordingServer::start(|_| Reply::raw(200, "text/html", vec![0xff_u8; 8 << 20])).await;
    let error = client_for(&server)
        .await
        .sessions()
        .status("628", &Default::default())
        .await
        .unwrap_err();
    let Error::InvalidBody { body, path, .. } = &error else {
        panic!("{error:?}")
    };
    assert!(body.len() < 4 * 1024, "{}", body.len());
    assert!(body.ends_with("(8388608 bytes in all)"), "{body}");
    assert_eq!(path, "");
    let text = error.to_string();
    assert!(text.contains("The answer is not JSON"), "{text}");
    assert!(!text.contains("version"), "{text}");
}

#[tokio::test]
async fn an_empty_success_body_where_a_schema_is_declared_is_its_own_error() {
    let server = RecordingServer::start(|_| Reply::raw(200, "application/json", "")).await;
    let error = client_for(&server)
        .await
        .sessions()
        .status("628", &Default::default())
        .await
        .unwrap_err();
    let Error::EmptyBody {
        operation,
        call,
        status,
        ..
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(
        (*operation, *call, *status),
        ("sessionStatus", Some("sessions().status()"), 200)
    );
    let text = error.to_string();
    assert_eq!(
        text,
        "`sessions().status()` (sessionStatus): the server answered 200 with an empty body, \
         where the document declares `SessionStatusResponse`; there is no value to return"
    );
}

#[tokio::test]
async fn a_declared_error_body_reads_as_its_type() {
    use whatsapp_http_client::models::{BulkMessage, BulkSendResponse, ErrorResponse};
    let server = RecordingServer::start(|request| {
        if request.raw_path.ends_with("/bulk") {
            Reply::json(
                500,
                json!({"results": [], "errors": [{"index": 0, "error": "Jid does not exists"}]}),
            )
        } else {
            Reply::json(404, json!({"error": "Session not found"}))
        }
    })
    .await;
    let client = client_for(&server).await;
    let bulk = [BulkMessage::new("1@s.whatsapp.net", "hi")];
    let error = client
        .messages()
        .send_bulk("628", &bulk, &Default::default())
        .await
        .unwrap_err();
    let failed: BulkSendResponse = error.error_body().unwrap();
    assert_eq!(failed.errors[0].error, "Jid does not exists");
    // Its explanation is in the message too.
    assert!(
        error
            .to_string()
            .ends_with("500: item 0: Jid does not exists"),
        "{error}"
    );
    let error = client
        .sessions()
        .status("628", &Default::default())
        .await
        .unwrap_err();
    let missing: ErrorResponse = error.error_body().unwrap();
    assert_eq!(missing.error, "Session not found");
    assert!(error.error_body::<BulkSendResponse>().is_none());
}

#[tokio::test]
async fn empty_and_dot_phones_are_refused_before_sending() {
    let server = RecordingServer::start(|_| Reply::json(200, json!({"status": "connected"}))).await;
    let client = client_for(&server).await;
    for phone in ["", ".", ".."] {
        let error = client
            .sessions()
            .status(phone, &Default::default())
            .await
            .unwrap_err();
        let Error::InvalidInput { parameter, .. } = &error else {
            panic!("{error:?}")
        };
        assert_eq!(parameter, "phone");
    }
    assert!(server.requests().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn hostile_phones_stay_one_path_segment() {
    let server = RecordingServer::start(|_| Reply::json(200, json!({"status": "connected"}))).await;
    let client = client_for(&server).await;
    for (phone, path) in [
        ("../admin", "/sessions/..%2Fadmin/status"),
        ("a/b", "/sessions/a%2Fb/status"),
        ("62 81?x=1#y", "/sessions/62%2081%3Fx%3D1%23y/status"),
        ("%2e%2e", "/sessions/%252e%252e/status"),
    ] {
        client
            .sessions()
            .status(phone, &Default::default())
            .await
            .unwrap();
        let request = server.last();
        assert_eq!(request.raw_path, path, "{phone}");
        assert_eq!(request.query, None, "{phone}");
    }
}

#[tokio::test]
async fn idempotent_requests_retry_on_503_honouring_retry_after() {
    let counter = Counter::default();
    let calls = counter.clone();
    let server = RecordingServer::start(move |request| {
        if calls.bump(request.method.as_str()) == 1 {
            Reply::json(503, json!({"error": "busy"})).with_header("retry-after", "0")
        } else {
            Reply::json(200, json!([]))
        }
    })
    .await;
    let client = Client::builder()
        .base_url(&server.base_url)
        .retry(
            RetryPolicy::default()
                .with_max_retries(2)
                .with_initial_backoff(Duration::from_millis(10)),
        )
        .build()
        .unwrap();
    client.sessions().list(&Default::default()).await.unwrap();
    assert_eq!(server.requests().len(), 2, "one retry");

    // POST is not retried unless asked.
    let body = whatsapp_http_client::models::AddSessionRequest::new("1");
    let error = client
        .sessions()
        .add(&body, &Default::default())
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert_eq!(server.requests().len(), 3, "no retry for POST");
}

#[tokio::test]
async fn the_key_never_shows_in_debug_output() {
    let client = Client::builder()
        .base_url("http://localhost:3000")
        .api_key("very-secret-key")
        .build()
        .unwrap();
    let debug = format!("{client:?}");
    assert!(!debug.contains("very-secret-key"), "{debug}");
    assert!(debug.contains("redacted"), "{debug}");
}

#[tokio::test]
async fn bad_base_urls_are_configuration_errors() {
    for url in ["", "localhost:3000", "ftp://host", "http://host/?q=1"] {
        let error = Client::builder().base_url(url).build().unwrap_err();
        assert!(matches!(error, Error::Config(_)), "{url}: {error:?}");
    }
}

/// The error answers baileys-api really sends (`e2e_tests::baileys`), each
/// typed: `{error}` 400s, `{errors}` 400s, 404 only where the session is
/// checked, 500s with the server's words, Send Bulk's 500 with its shape.
#[tokio::test]
async fn the_real_servers_error_answers_are_typed() {
    use e2e_tests::baileys::{self, JID, KEY, OFFLINE, PHONE, UNKNOWN_JID};
    use whatsapp_http_client::models::*;
    let server = RecordingServer::start(baileys::respond).await;
    let client = Client::builder()
        .base_url(&server.base_url)
        .api_key(KEY)
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let api = |error: &Error| match error {
        Error::Status { error, .. } => error.clone(),
        other => panic!("{other:?}"),
    };

    // `{error}` 400: the words, no `errors`.
    let presence = PresenceRequest::new(Presence::Available);
    let error = client
        .chats()
        .update_presence(PHONE, UNKNOWN_JID, &presence, &Default::default())
        .await
        .unwrap_err();
    let body = api(&error);
    assert_eq!(
        (body.status, body.message.as_deref()),
        (400, Some("Jid does not exists"))
    );
    assert!(body.errors.is_empty());
    assert_eq!(
        error.to_string(),
        "updatePresence: the server answered 400: Jid does not exists"
    );

    // Body validation runs before the session check: bad body + unknown
    // phone is a 400 with `errors`, not a 404.
    let empty = UpdateDescriptionRequest::new(String::new());
    let error = client
        .groups()
        .update_description("1", baileys::GROUP, &empty, &Default::default())
        .await
        .unwrap_err();
    let body = api(&error);
    assert_eq!((body.status, body.errors.len()), (400, 1));

    // 404 where the session is checked; never on a list route.
    let error = client
        .contacts()
        .check_number("1", JID, &Default::default())
        .await
        .unwrap_err();
    assert!(matches!(error, Error::NotFound { .. }), "{error:?}");
    let page = client
        .groups()
        .list("1", &Default::default())
        .await
        .unwrap();
    assert!(page.data.is_empty() && page.cursor.is_none());

    // 500 when WhatsApp does not answer, in the server's words.
    let error = client
        .groups()
        .leave(OFFLINE, baileys::GROUP, &Default::default())
        .await
        .unwrap_err();
    let body = api(&error);
    assert_eq!(
        (body.status, body.message.as_deref()),
        (500, Some("An error occured during leave group"))
    );

    // Send Bulk's 500 keeps its `{results, errors}` body, readable as the
    // success type.
    let bulk = [BulkMessage::new(JID, "hi")];
    let error = client
        .messages()
        .send_bulk(OFFLINE, &bulk, &Default::default())
        .await
        .unwrap_err();
    let body = api(&error);
    assert_eq!(body.status, 500);
    let failed: BulkSendResponse = serde_json::from_value(body.body.unwrap()).unwrap();
    assert!(failed.results.is_empty());
    assert_eq!(
        (failed.errors[0].index, failed.errors[0].error.as_str()),
        (0, "Jid does not exists")
    );
}

/// What the typed client cannot send but n8n or a hand-made URL can: a
/// cursor that is not a number is a validation 400 on every list route.
#[tokio::test]
async fn a_cursor_that_is_not_a_number_is_refused() {
    use e2e_tests::baileys::{self, KEY, PHONE};
    let server = RecordingServer::start(baileys::respond).await;
    for path in ["chats", "contacts", "groups", "messages"] {
        openapi_wa_runtime::install_crypto_provider(); // reqwest has no provider of its own
        let answer = reqwest::Client::new()
            .get(format!("{}/{PHONE}/{path}?cursor=abc", server.base_url))
            .header("x-api-key", KEY)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 400, "{path}");
        let body: serde_json::Value = answer.json().await.unwrap();
        assert_eq!(body["errors"][0]["path"], "cursor", "{path}");
    }
}
