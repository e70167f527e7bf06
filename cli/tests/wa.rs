//! The `wa` binary end to end, as a subprocess against local servers on
//! 127.0.0.1.

use std::process::{Command, Output};
use std::time::Duration;

use e2e_tests::hostile::{Hostile, Step, chunked_head, response};
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

/// `wa ARGS` with no base URL or key: for what needs no server.
fn bare_wa(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wa"))
        .args(args)
        .output()
        .expect("wa runs")
}

/// [`wa`] off the async runtime, for tests whose servers run on it.
async fn wa_off(base_url: &str, args: &[&str]) -> Output {
    let base_url = base_url.to_owned();
    let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        wa(&base_url, &args)
    })
    .await
    .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn list_prints_one_line_per_operation() {
    let output = bare_wa(&["list"]);
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
    let output = bare_wa(&["messages", "send-message", "--help"]);
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
fn help_shows_examples_as_examples_and_global_flags_apart() {
    let output = bare_wa(&["sessions", "add-session-sse", "--help"]);
    let help = text(&output.stdout);
    // The spec's `example` of the phone, not a default the server assumes.
    assert!(help.contains("[example: \"6281234567890\"]"), "{help}");
    assert!(!help.contains("[default: \"6281234567890\"]"), "{help}");
    let operation = help.find("Operation options:").expect("a heading");
    let global = help.find("Global options:").expect("a heading");
    let phone = operation + help[operation..].find("--phone").unwrap();
    let timeout = help.rfind("--timeout").unwrap();
    assert!(
        operation < phone && phone < global && global < timeout,
        "{help}"
    );
    let version = bare_wa(&["--version"]);
    assert!(version.status.success());
    assert_eq!(
        text(&version.stdout),
        format!("wa {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn every_usage_error_exits_2() {
    let cases: Vec<Vec<&str>> = vec![
        // A required body field, without --body.
        vec![
            "messages",
            "send-message",
            "--phone",
            "628",
            "--message",
            "{}",
        ],
        vec![
            "messages",
            "send-message",
            "--phone",
            "628",
            "--jid",
            "1@s",
            "--message",
            "{nope",
        ],
        vec!["sessions", "session-status", "--phone", ""],
        vec!["sessions", "session-status", "--phone", ".."],
        vec!["--base-url", "ftp://host", "sessions", "list"],
        vec!["--timeout=-1", "sessions", "list"],
        vec!["--timeout", "nan", "sessions", "list"],
        vec!["--timeout", "inf", "sessions", "list"],
        vec!["--timeout", "1e30", "sessions", "list"],
        vec!["--timeout", "0", "sessions", "list"],
    ];
    for args in cases {
        let output = wa("http://127.0.0.1:9", &args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&output.stderr)
        );
        assert!(text(&output.stderr).starts_with("error: "), "{args:?}");
    }
    // With --body, the body flags are not required one by one.
    let output = wa(
        "http://127.0.0.1:9",
        &[
            "messages",
            "send-message",
            "--phone",
            "628",
            "--body",
            "{\"message\":{}}",
        ],
    );
    assert_eq!(
        output.status.code(),
        Some(2),
        "the merged body still lacks jid"
    );
    assert!(
        text(&output.stderr)
            .contains("the --body given has no `jid`, which this operation requires (add it there, or give --jid)"),
        "{}",
        text(&output.stderr)
    );
}

/// Runs `wa ARGS | head -c 10` in bash; gives wa's exit code and stderr.
fn into_head(base_url: &str, args: &str) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "\"$WA\" --base-url {base_url} {args} 2>wa.err | head -c 10 >/dev/null; \
             echo ${{PIPESTATUS[0]}}; cat wa.err"
        ))
        .current_dir(dir.path())
        .env("WA", env!("CARGO_BIN_EXE_wa"))
        .env("WA_API_KEY", KEY)
        .output()
        .unwrap();
    let all = text(&output.stdout);
    let (code, stderr) = all.split_once('\n').unwrap_or((&all, ""));
    (code.to_owned(), stderr.to_owned())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_closed_stdout_ends_quietly() {
    let (code, stderr) = into_head("http://127.0.0.1:9", "completions bash");
    assert_eq!((code.as_str(), stderr.as_str()), ("0", ""));
    let server = Hostile::start("127.0.0.1", |_, _| {
        let mut steps = vec![chunked_head(200, "text/event-stream", &[])];
        for _ in 0..200 {
            steps.push(Step::Chunk(
                "data: {\"connection\":\"connecting\"}\n\n".into(),
            ));
            steps.push(Step::Sleep(Duration::from_millis(20)));
        }
        steps
    })
    .await;
    let base = server.base_url.clone();
    let (code, stderr) = tokio::task::spawn_blocking(move || {
        into_head(&base, "sessions add-session-sse --phone 628")
    })
    .await
    .unwrap();
    assert_eq!((code.as_str(), stderr.as_str()), ("0", ""));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_key_and_a_base_url_password_never_show_whatever_fails() {
    let reset = Hostile::start("127.0.0.1", |_, _| vec![Step::Reset]).await;
    let refused = format!("http://{}", closed_port().await);
    let with_password = refused.replace("http://", "http://admin:pa55word@");
    let long = "9".repeat(70_000);
    let cases = vec![
        (
            refused.clone(),
            vec!["-v", "sessions", "add-session-sse", "--phone", "628"],
        ),
        (
            reset.base_url.clone(),
            vec!["-v", "sessions", "add-session-sse", "--phone", "628"],
        ),
        (
            reset.base_url.clone(),
            vec!["-v", "sessions", "add-session-sse", "--phone", &long],
        ),
        (with_password.clone(), vec!["-v", "sessions", "list"]),
        (
            with_password,
            vec!["-v", "sessions", "add-session-sse", "--phone", "628"],
        ),
    ];
    for (base, args) in cases {
        let output = wa_off(&base, &args).await;
        assert_ne!(output.status.code(), Some(0));
        assert_ne!(output.status.code(), Some(101), "no panic");
        let all = text(&output.stdout) + &text(&output.stderr);
        assert!(!all.contains(KEY) && !all.contains("pa55word"), "{all}");
        assert!(all.contains("error: "), "{all}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn server_text_cannot_drive_the_terminal_and_is_cut() {
    let server = Hostile::start("127.0.0.1", |_, _| {
        let body = format!(
            "{{\"error\":\"\\u001b]0;owned\\u0007\\u001b[2J\\u202e{}\"}}",
            "x".repeat(5000)
        );
        vec![response(
            500,
            &[("content-type", "application/json")],
            &body,
        )]
    })
    .await;
    let output = wa_off(&server.base_url, &["sessions", "list"]).await;
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains('\u{7}') && !stderr.contains('\u{202e}'),
        "{stderr:?}"
    );
    assert!(stderr.contains("\\u{1b}]0;owned"), "{stderr}");
    assert!(
        stderr.chars().count() < 1200,
        "{} characters",
        stderr.chars().count()
    );
    assert_eq!(stderr.lines().count(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn verbose_shows_each_response_and_stream_connection_with_its_status() {
    let server = RecordingServer::start(|_| Reply::json(200, json!([]))).await;
    let output = wa_off(&server.base_url, &["-v", "sessions", "list"]).await;
    let stderr = text(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("* response status=200"), "{stderr}");
    // Which credentials went out, never their value.
    assert!(
        stderr.contains("* credentials: the API key in header `x-api-key`"),
        "{stderr}"
    );
    let stream = ScriptedSse::start(vec![Connection::SendThenDrop(vec![
        "data: {\"connection\":\"connecting\"}\n\n".into(),
    ])])
    .await;
    let output = wa_off(
        &stream.base_url,
        &["-v", "sessions", "add-session-sse", "--phone", "628"],
    )
    .await;
    let stderr = text(&output.stderr);
    assert!(stderr.contains("* response status=200"), "{stderr}");
    assert!(stderr.contains("* event stream cut"), "{stderr}");
    assert!(!stderr.contains(KEY), "{stderr}");
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
    let output = wa_off(
        &server.base_url,
        &[
            "messages",
            "send-message",
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
    .await;
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
async fn a_cut_add_session_stream_is_not_reopened_and_says_what_to_check() {
    let server = ScriptedSse::start(vec![
        Connection::SendThenDrop(vec![
            "id: 1\ndata: {\"connection\":\"connecting\"}\n\n".into(),
            "id: 2\ndata: {\"qr\":\"A\"}\n\n".into(),
            "id: 3\ndata: {\"con".into(),
        ]),
        Connection::SendThenEnd(vec!["id: 3\ndata: {\"connection\":\"open\"}\n\n".into()]),
    ])
    .await;
    let output = wa_off(
        &server.base_url,
        &["sessions", "add-session-sse", "--phone", "628"],
    )
    .await;
    // Reopening would ask the server to create the session again: the
    // stream is reported cut, with the command that tells what happened.
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        text(&output.stdout),
        "{\"connection\":\"connecting\"}\n{\"qr\":\"A\"}\n"
    );
    let stderr = text(&output.stderr);
    assert!(stderr.contains("the event stream was cut"), "{stderr}");
    assert!(stderr.contains("`wa sessions status`"), "{stderr}");
    let heads = server.heads();
    assert_eq!(heads.len(), 1);
    assert_eq!(
        head_target(&heads[0]),
        "/sessions/628/add-sse?api_key=cli-secret-key"
    );
    assert_eq!(head_header(&heads[0], "last-event-id"), None);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_error_event_fails_the_command() {
    let server = ScriptedSse::start(vec![Connection::SendThenEnd(vec![
        "data: {\"error\":\"Session already exists\"}\n\n".into(),
    ])])
    .await;
    let output = wa_off(
        &server.base_url,
        &["sessions", "add-session-sse", "--phone", "628"],
    )
    .await;
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    assert!(
        text(&output.stderr).contains("Session already exists"),
        "{}",
        text(&output.stderr)
    );
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
            "Check --api-key (or WA_API_KEY)",
        ),
        (
            slow.base_url.clone(),
            vec!["--timeout", "0.3", "sessions", "list"],
            "The server may need longer",
        ),
        (
            slow.base_url.clone(),
            vec![
                "--timeout",
                "0.3",
                "sessions",
                "add-session",
                "--session-id",
                "628",
            ],
            "raise --timeout",
        ),
        (refused, vec!["sessions", "list"], "is --base-url"),
    ];
    for (base, args, expected) in cases {
        let output = wa_off(&base, &args).await;
        assert_eq!(output.status.code(), Some(1));
        let stderr = text(&output.stderr);
        assert!(
            stderr.starts_with("error: ") && stderr.contains(expected),
            "{stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(!stderr.contains("ClientBuilder"), "{stderr}");
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
        let output = wa_off(
            &server.base_url,
            &["-v", "sessions", "session-status", "--phone", phone],
        )
        .await;
        assert!(output.status.success(), "{}", text(&output.stderr));
        assert_eq!(server.last().raw_path, path);
        let all = text(&output.stdout) + &text(&output.stderr);
        assert!(!all.contains(KEY), "{all}");
        assert!(text(&output.stderr).contains("> GET "), "{all}");
    }
    let output = wa_off(
        &server.base_url,
        &["-v", "sessions", "add-session-sse", "--phone", "628"],
    )
    .await;
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
        let output = bare_wa(&["completions", shell]);
        assert!(output.status.success());
        assert!(text(&output.stdout).contains("add-sse"), "{shell}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn list_and_error_answers_of_the_real_server_are_printed_as_sent() {
    use e2e_tests::baileys;
    let server = e2e_tests::server::RecordingServer::start(baileys::respond).await;
    let run = |args: Vec<String>| {
        let base = server.base_url.clone();
        tokio::task::spawn_blocking(move || {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            Command::new(env!("CARGO_BIN_EXE_wa"))
                .args(["--base-url", &base])
                .args(&args)
                .env("WA_API_KEY", baileys::KEY)
                .output()
                .expect("wa runs")
        })
    };
    let args = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let output = run(args(&["chats", "chat-list", "--phone", baileys::PHONE]))
        .await
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let page: Value = serde_json::from_slice(&output.stdout).unwrap();
    // The page as the server sent it: 64-bit columns as strings.
    assert_eq!(page["data"][0]["conversationTimestamp"], "1700000100");
    assert_eq!(page["data"].as_array().unwrap().len(), 3);
    let sent = server.last();
    assert!(
        !sent.query.as_deref().unwrap_or_default().contains("cursor"),
        "no cursor on the first page: {:?}",
        sent.query
    );

    // An `{error}` 400 and a 500 are one line each, in the server's words.
    for (list, expected) in [
        (
            vec![
                "contacts",
                "profile-picture",
                "--phone",
                baileys::PHONE,
                "--jid",
                baileys::UNKNOWN_JID,
            ],
            "Jid does not exists",
        ),
        (
            vec![
                "groups",
                "group-metadata",
                "--phone",
                baileys::OFFLINE,
                "--jid",
                baileys::GROUP,
            ],
            "An error occured during group metadata",
        ),
    ] {
        let output = run(args(&list)).await.unwrap();
        assert_eq!(output.status.code(), Some(1));
        let stderr = text(&output.stderr);
        assert!(stderr.contains(expected), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn timeout_bounds_a_stream_that_never_answers_stalls_its_error_or_goes_silent() {
    let never = Hostile::start("127.0.0.1", |_, _| {
        vec![Step::Sleep(Duration::from_secs(15))]
    })
    .await;
    let stalled = Hostile::start("127.0.0.1", |_, _| {
        vec![
            chunked_head(500, "application/json", &[]),
            Step::Chunk("{\"error\":".into()),
            Step::Sleep(Duration::from_secs(15)),
        ]
    })
    .await;
    let silent = Hostile::start("127.0.0.1", |_, _| {
        vec![
            chunked_head(200, "text/event-stream", &[]),
            Step::Chunk("data: {\"connection\":\"connecting\"}\n\n".into()),
            Step::Sleep(Duration::from_secs(15)),
        ]
    })
    .await;
    for server in [&never, &stalled, &silent] {
        let started = std::time::Instant::now();
        let output = wa_off(
            &server.base_url,
            &[
                "--timeout",
                "1",
                "sessions",
                "add-session-sse",
                "--phone",
                "628",
            ],
        )
        .await;
        assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{:?}",
            started.elapsed()
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn timeout_bounds_the_whole_command_retries_and_a_busy_stream_included() {
    // A 503 asking for an hour's wait: the retry would pass --timeout, so
    // it is not made and the 503 is the answer at once (it took 10 s when
    // the timeout bounded each try only).
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
    let started = std::time::Instant::now();
    let output = wa_off(&busy.base_url, &["--timeout", "1", "sessions", "list"]).await;
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("503") && stderr.contains("busy"),
        "{stderr}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(busy.heads().len(), 1);
    // A stream whose events come every 300 ms is closed when --timeout runs
    // out (it never ended while --timeout bounded only its silence).
    let chatty = Hostile::start("127.0.0.1", |_, _| {
        let mut steps = vec![chunked_head(200, "text/event-stream", &[])];
        for _ in 0..50 {
            steps.push(Step::Chunk(
                "data: {\"connection\":\"connecting\"}\n\n".into(),
            ));
            steps.push(Step::Sleep(Duration::from_millis(300)));
        }
        steps
    })
    .await;
    let started = std::time::Instant::now();
    let output = wa_off(
        &chatty.base_url,
        &[
            "--timeout",
            "2",
            "sessions",
            "add-session-sse",
            "--phone",
            "628",
        ],
    )
    .await;
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("still open when --timeout 2 s ran out"),
        "{stderr}"
    );
    assert!(
        text(&output.stdout).lines().count() >= 2,
        "events printed as they came"
    );
    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_optional_query_parameter_left_out_sends_its_default() {
    // baileys-api filters the group list by `String(search)`: without
    // `search` only groups named "undefined" come back. The spec gives it
    // `default: ""`, which `wa` sends as the generated client does.
    use e2e_tests::baileys;
    let server = e2e_tests::server::RecordingServer::start(baileys::respond).await;
    let base = server.base_url.clone();
    let output = tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_wa"))
            .args([
                "--base-url",
                &base,
                "groups",
                "list",
                "--phone",
                baileys::PHONE,
            ])
            .env("WA_API_KEY", baileys::KEY)
            .output()
            .expect("wa runs")
    })
    .await
    .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let page: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(page["data"].as_array().unwrap().len(), 2, "{page}");
    let query = server.last().query.unwrap_or_default();
    assert!(query.split('&').any(|pair| pair == "search="), "{query}");
    assert!(query.split('&').any(|pair| pair == "limit=25"), "{query}");
    assert!(!query.contains("cursor"), "{query}");
}

/// WAHA answers errors NestJS's way: `error` is the status text, `message`
/// the explanation (a string, or one reason per rejected field).
#[tokio::test(flavor = "multi_thread")]
async fn a_waha_shaped_error_shows_the_message_and_every_reason() {
    let not_found = RecordingServer::start(|_| {
        Reply::json(
            404,
            json!({"statusCode": 404, "message": "We didn't find a session with name 'default'.\nPlease start it first", "error": "Not Found"}),
        )
    })
    .await;
    let output = wa_off(
        &not_found.base_url,
        &["sessions", "status", "--phone", "628"],
    )
    .await;
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains(
            "not found (404): We didn't find a session with name 'default'. Please start it first."
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("Not Found"), "{stderr}");
    // The hint names the command as `wa --help` lists it, not an alias.
    assert!(stderr.contains("`wa sessions list` lists them"), "{stderr}");

    let rejected = RecordingServer::start(|_| {
        Reply::json(
            400,
            json!({"statusCode": 400, "message": ["name must be a string", "config.webhooks.0.url must be a URL address"], "error": "Bad Request"}),
        )
    })
    .await;
    let output = wa_off(&rejected.base_url, &["sessions", "list"]).await;
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr.contains(
            "the server answered 400: name must be a string; config.webhooks.0.url must be a URL address"
        ),
        "{stderr}"
    );
}
