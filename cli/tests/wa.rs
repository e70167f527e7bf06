//! The `wa` binary end to end, as a subprocess against local servers on
//! 127.0.0.1.

use std::process::{Command, Output};
use std::time::Duration;

use e2e_tests::server::{
    Connection, RecordingServer, Reply, ScriptedSse, closed_port, head_header, head_target,
};
use serde_json::{Value, json};

const KEY: &str = "cli-secret-key";

fn wa(base_url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wa"))
        .args(["--base-url", base_url])
        .args(args)
        .env("WA_API_KEY", KEY)
        .output()
        .expect("wa runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn list_prints_one_line_per_operation() {
    let output = Command::new(env!("CARGO_BIN_EXE_wa"))
        .arg("list")
        .output()
        .unwrap();
    assert!(output.status.success());
    let stdout = text(&output.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 29);
    assert!(
        lines.contains(&"sessions add-sse GET /sessions/{phone}/add-sse"),
        "{stdout}"
    );
    assert!(
        lines.contains(&"messages send POST /{phone}/messages/send"),
        "{stdout}"
    );
}

#[test]
fn help_shows_fields_with_type_default_and_required() {
    let output = Command::new(env!("CARGO_BIN_EXE_wa"))
        .args(["messages", "send", "--help"])
        .output()
        .unwrap();
    let help = text(&output.stdout);
    assert!(
        help.contains("--phone <PHONE>") && help.contains("[required]"),
        "{help}"
    );
    assert!(
        help.contains("--message") && help.contains("JSON text or @file.json"),
        "{help}"
    );
    assert!(help.contains("[default: \"number\"]"), "{help}");
}

#[test]
fn missing_required_parameters_are_usage_errors() {
    let output = wa("http://127.0.0.1:9", &["sessions", "status"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("--phone"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_json_operation_sends_fields_and_prints_pretty_json() {
    let server = RecordingServer::start(|_| {
        Reply::json(
            200,
            json!({"key": {"remoteJid": "1@s", "fromMe": true, "id": "X"}}),
        )
    })
    .await;
    let base = server.base_url.clone();
    let output = tokio::task::spawn_blocking(move || {
        wa(
            &base,
            &[
                "messages",
                "send",
                "--phone",
                "628",
                "--jid",
                "1@s",
                "--message",
                "{\"text\":\"hi\"}",
                "--type",
                "number",
            ],
        )
    })
    .await
    .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let printed: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(printed["key"]["id"], "X");
    assert!(
        text(&output.stdout).contains("\n  \"key\""),
        "pretty printed"
    );
    let request = server.last();
    assert_eq!(request.raw_path, "/628/messages/send");
    assert_eq!(request.header("x-api-key"), Some(KEY));
    assert_eq!(
        request.json(),
        json!({"jid": "1@s", "type": "number", "message": {"text": "hi"}})
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_sse_operation_prints_one_line_per_event_across_a_dropped_connection() {
    let server = ScriptedSse::start(vec![
        Connection::SendThenDrop(vec![
            "id: 1\ndata: {\"connection\":\"connecting\"}\n\n".into(),
            "id: 2\ndata: {\"qr\":\"A\"}\n\n".into(),
            "id: 3\ndata: {\"con".into(),
        ]),
        Connection::SendThenEnd(vec!["id: 3\ndata: {\"connection\":\"open\"}\n\n".into()]),
    ])
    .await;
    let base = server.base_url.clone();
    let output = tokio::task::spawn_blocking(move || {
        // The operationId's name (`add-session-sse`) still works beside `add-sse`.
        wa(&base, &["sessions", "add-session-sse", "--phone", "628"])
    })
    .await
    .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(
        text(&output.stdout),
        "{\"connection\":\"connecting\"}\n{\"qr\":\"A\"}\n{\"connection\":\"open\"}\n"
    );
    let heads = server.heads();
    assert_eq!(heads.len(), 2);
    assert_eq!(
        head_target(&heads[1]),
        "/sessions/628/add-sse?api_key=cli-secret-key"
    );
    assert_eq!(head_header(&heads[1], "last-event-id"), Some("2"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_binary_operation_writes_the_output_file() {
    let server =
        RecordingServer::start(|_| Reply::raw(200, "image/jpeg", vec![0xff, 0xd8, 0x00, 0x01]))
            .await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("media.jpg");
    let (base, path) = (server.base_url.clone(), file.to_string_lossy().into_owned());
    let output = tokio::task::spawn_blocking(move || {
        wa(
            &base,
            &[
                "messages",
                "download-media",
                "--phone",
                "628",
                "--body",
                "{\"key\":{\"remoteJid\":\"1@s\",\"fromMe\":true,\"id\":\"X\"}}",
                "--output",
                &path,
            ],
        )
    })
    .await
    .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(std::fs::read(&file).unwrap(), [0xff, 0xd8, 0x00, 0x01]);
}

#[tokio::test(flavor = "multi_thread")]
async fn failures_give_one_line_and_a_non_zero_exit() {
    let not_found =
        RecordingServer::start(|_| Reply::json(404, json!({"error": "Session not found"}))).await;
    let forbidden =
        RecordingServer::start(|_| Reply::json(403, json!({"error": "Invalid API key"}))).await;
    let slow =
        RecordingServer::start(|_| Reply::json(200, json!({})).delayed(Duration::from_secs(5)))
            .await;
    let refused = format!("http://{}", closed_port().await);
    let cases = vec![
        (
            not_found.base_url.clone(),
            vec!["sessions", "status", "--phone", "628"],
            "Session not found",
        ),
        (
            forbidden.base_url.clone(),
            vec!["sessions", "list"],
            "Check the key",
        ),
        (
            slow.base_url.clone(),
            vec!["--timeout", "0.3", "sessions", "list"],
            "no answer",
        ),
        (refused, vec!["sessions", "list"], "cannot connect"),
    ];
    for (base, args, expected) in cases {
        let output = tokio::task::spawn_blocking(move || wa(&base, &args))
            .await
            .unwrap();
        assert_eq!(output.status.code(), Some(1));
        let stderr = text(&output.stderr);
        assert!(
            stderr.starts_with("error: ") && stderr.contains(expected),
            "{stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(output.stdout.is_empty());
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn verbose_output_never_shows_the_key_and_phones_stay_one_segment() {
    let server = RecordingServer::start(|request| {
        if request.raw_path.ends_with("add-sse") {
            Reply::raw(200, "text/event-stream", "data: {\"isOnline\":true}\n\n")
        } else {
            Reply::json(200, json!({"status": "connected"}))
        }
    })
    .await;
    for (phone, path) in [
        ("a/b", "/sessions/a%2Fb/status"),
        ("../admin", "/sessions/..%2Fadmin/status"),
    ] {
        let base = server.base_url.clone();
        let output = tokio::task::spawn_blocking(move || {
            wa(&base, &["-v", "sessions", "status", "--phone", phone])
        })
        .await
        .unwrap();
        assert!(output.status.success(), "{}", text(&output.stderr));
        assert_eq!(server.last().raw_path, path);
        let all = text(&output.stdout) + &text(&output.stderr);
        assert!(!all.contains(KEY), "{all}");
        assert!(text(&output.stderr).contains("> GET "), "{all}");
    }
    let base = server.base_url.clone();
    let output = tokio::task::spawn_blocking(move || {
        wa(&base, &["-v", "sessions", "add-sse", "--phone", "628"])
    })
    .await
    .unwrap();
    let all = text(&output.stdout) + &text(&output.stderr);
    assert!(!all.contains(KEY), "{all}");
    assert_eq!(
        server.last().query.as_deref(),
        Some("api_key=cli-secret-key"),
        "the key was sent, not shown"
    );
}

#[test]
fn completions_are_generated() {
    for shell in ["bash", "zsh", "fish"] {
        let output = Command::new(env!("CARGO_BIN_EXE_wa"))
            .args(["completions", shell])
            .output()
            .unwrap();
        assert!(output.status.success());
        assert!(text(&output.stdout).contains("add-sse"), "{shell}");
    }
}
