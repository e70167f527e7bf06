//! `wa listen` as a subprocess: every section 7 delivery comes out as one
//! compact JSON line as it arrives, unknown events too; with `--hmac-key`,
//! unsigned or wrongly signed deliveries are answered 401 and reported on
//! stderr, escaped.

use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStderr, ChildStdout, Command, Stdio};
use std::time::Duration;

use e2e_tests::deliveries::{PHONE, baileys, baileys_events};
use serde_json::{Value, json};
use whatsapp_http_client::runtime::webhook::HmacSha512;

struct Listener {
    child: Child,
    stdout: BufReader<ChildStdout>,
    stderr: BufReader<ChildStderr>,
    url: String,
}

impl Drop for Listener {
    fn drop(&mut self) {
        // Only the child this test started, by its handle.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn listen(extra: &[&str]) -> Listener {
    let mut child = Command::new(env!("CARGO_BIN_EXE_wa"))
        .args(["listen", "--port", "0"])
        .args(extra)
        .env_remove("WA_HMAC_KEY")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = BufReader::new(child.stdout.take().unwrap());
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut first = String::new();
    stderr.read_line(&mut first).unwrap();
    let url = first
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("{first}"))
        .to_owned();
    Listener {
        child,
        stdout,
        stderr,
        url,
    }
}

fn post(url: &str, body: &[u8], headers: &[(&str, &str)]) -> u16 {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let mut request = reqwest::Client::new()
            .post(format!("{url}/webhook"))
            .timeout(Duration::from_secs(10))
            .body(body.to_vec());
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.send().await.unwrap().status().as_u16()
    })
}

fn line(reader: &mut impl BufRead) -> String {
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    line
}

#[test]
fn every_delivery_is_one_json_line_as_it_arrives() {
    let mut wa = listen(&[]);
    let mut cases = baileys_events();
    cases.push(("labels.edit", json!({"id": "1"})));
    for (name, data) in cases {
        let body = baileys(name, data.clone());
        assert_eq!(
            post(&wa.url, body.to_string().as_bytes(), &[]),
            202,
            "{name}"
        );
        // Read before the next post: the line is flushed as it arrives.
        let printed = line(&mut wa.stdout);
        assert!(printed.ends_with('\n') && !printed.trim_end().contains('\n'));
        let printed: Value = serde_json::from_str(&printed).unwrap();
        assert_eq!(
            printed,
            json!({"event": name, "session": PHONE, "data": data, "status": "success"}),
            "{name}"
        );
    }
    // baileys-api's error form: no `data`; `status` and `message` printed.
    let error = json!({"sessionId": "722", "event": "qrcode.updated", "status": "error", "message": "Unable to generate QR code: Jid does not exists"});
    assert_eq!(post(&wa.url, error.to_string().as_bytes(), &[]), 202);
    let printed: Value = serde_json::from_str(&line(&mut wa.stdout)).unwrap();
    assert_eq!(
        printed,
        json!({"event": "qrcode.updated", "session": "722", "data": null, "status": "error", "message": "Unable to generate QR code: Jid does not exists"})
    );
    // A declared event whose data does not fit is acknowledged and printed
    // as received, with the reason on stderr.
    let bad = br#"{"event": "connection.update", "data": {"status": 7}}"#;
    assert_eq!(post(&wa.url, bad, &[]), 202);
    let printed: Value = serde_json::from_str(&line(&mut wa.stdout)).unwrap();
    assert_eq!(
        printed,
        json!({"event": "connection.update", "session": null, "data": {"status": 7}})
    );
    let report = line(&mut wa.stderr);
    assert!(
        report.starts_with(
            "event `connection.update` does not read as its declared payload (printed as received): at `data.status`"
        ),
        "{report}"
    );
    // JSON that is not an object is refused.
    for body in ["42", "null"] {
        assert_eq!(post(&wa.url, body.as_bytes(), &[]), 400, "{body}");
        let report = line(&mut wa.stderr);
        assert!(
            report.starts_with("refused (400): the body is JSON"),
            "{report}"
        );
    }
}

#[test]
fn an_empty_hmac_key_is_a_usage_error() {
    for (args, env) in [(&["--hmac-key", ""][..], None), (&[][..], Some(""))] {
        let mut command = Command::new(env!("CARGO_BIN_EXE_wa"));
        command.args(["listen", "--port", "0"]).args(args);
        match env {
            Some(value) => command.env("WA_HMAC_KEY", value),
            None => command.env_remove("WA_HMAC_KEY"),
        };
        let output = command.output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?} {env:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("is empty"), "{stderr}");
    }
}

#[test]
fn signatures_are_checked_and_refusals_reported() {
    let key = "listen-key";
    let mut wa = listen(&["--hmac-key", key]);
    let body = baileys(
        "qrcode.updated",
        json!({"qr": "data:image/png;base64,AAAA"}),
    )
    .to_string();
    let good = HmacSha512::new(key).sign(body.as_bytes());
    let wrong = HmacSha512::new("other").sign(body.as_bytes());
    assert_eq!(post(&wa.url, body.as_bytes(), &[]), 401);
    let report = line(&mut wa.stderr);
    assert!(
        report.starts_with("refused (401): the delivery is not signed"),
        "{report}"
    );
    assert_eq!(
        post(&wa.url, body.as_bytes(), &[("x-webhook-hmac", &wrong)]),
        401
    );
    let report = line(&mut wa.stderr);
    assert!(report.contains("does not match"), "{report}");
    assert!(!report.contains(key));
    assert_eq!(
        post(
            &wa.url,
            body.as_bytes(),
            &[
                ("x-webhook-hmac", &good),
                ("x-webhook-hmac-algorithm", "sha512")
            ]
        ),
        202
    );
    let printed: Value = serde_json::from_str(&line(&mut wa.stdout)).unwrap();
    assert_eq!(printed["event"], "qrcode.updated");
    // Server text in a report is escaped: no terminal control reaches stderr.
    let hostile = br#"{"event": "group-participants.update", "data": {"groupId": "1@g.us", "action": "add", "participants": "\u001b[2J"}}"#;
    let signature = HmacSha512::new(key).sign(hostile);
    assert_eq!(
        post(&wa.url, hostile, &[("x-webhook-hmac", &signature)]),
        202
    );
    let printed = line(&mut wa.stdout);
    assert!(!printed.contains('\u{1b}'), "{printed:?}");
    let report = line(&mut wa.stderr);
    assert!(
        !report.contains('\u{1b}') && report.contains("\\u{1b}"),
        "{report:?}"
    );
}

#[test]
fn waha_deliveries_signed_and_timestamped_print_their_session_and_payload() {
    let key = "waha-key";
    let mut wa = listen(&["--hmac-key", key, "--max-age", "60"]);
    let document: Value = serde_json::from_slice(
        &std::fs::read(e2e_tests::shared("specs/waha-2026.7.1.json")).unwrap(),
    )
    .unwrap();
    let signer = HmacSha512::new(key);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis();
    for (name, payload) in e2e_tests::deliveries::waha_events(&document) {
        let body = payload.to_string();
        let signature = signer.sign(body.as_bytes());
        let fresh = now.to_string();
        let headers = [
            ("x-webhook-hmac", signature.as_str()),
            ("x-webhook-hmac-algorithm", "sha512"),
            ("x-webhook-timestamp", fresh.as_str()),
            ("x-webhook-request-id", "1"),
        ];
        assert_eq!(post(&wa.url, body.as_bytes(), &headers), 202, "{name}");
        let printed: Value = serde_json::from_str(&line(&mut wa.stdout)).unwrap();
        assert_eq!(
            (&printed["event"], &printed["session"], &printed["data"]),
            (&json!(name), &payload["session"], &payload["payload"]),
            "{name}"
        );
        // Every other part of the envelope is printed too.
        for (key, value) in payload.as_object().unwrap() {
            if !["event", "session", "payload"].contains(&key.as_str()) {
                assert_eq!(&printed[key], value, "{name}: {key}");
            }
        }
    }
    // The same delivery an hour late is refused.
    let body = br#"{"event": "message", "session": "default", "payload": {}}"#;
    let signature = signer.sign(body);
    let late = (now - 3_600_000).to_string();
    let headers = [
        ("x-webhook-hmac", signature.as_str()),
        ("x-webhook-timestamp", late.as_str()),
    ];
    assert_eq!(post(&wa.url, body, &headers), 401);
    let report = line(&mut wa.stderr);
    assert!(
        report.starts_with("refused (401): the delivery is "),
        "{report}"
    );
}

/// The 73 deliveries two real servers posted (`../shared/recordings/`, read
/// in place): each answered 202 and printed, every part of its envelope.
#[test]
fn every_recorded_delivery_of_both_real_servers_is_printed() {
    let mut bodies = Vec::new();
    for file in [
        "recordings/baileys-api-2.0.0.webhooks.jsonl",
        "recordings/waha-2024.10.8.webhooks.jsonl",
    ] {
        for line in std::fs::read_to_string(e2e_tests::shared(file))
            .unwrap()
            .lines()
        {
            let delivery: serde_json::Value = serde_json::from_str(line).unwrap();
            bodies.push(delivery["body"].as_str().unwrap().to_owned());
        }
    }
    assert_eq!(bodies.len(), 73);
    let mut child = Command::new(env!("CARGO_BIN_EXE_wa"))
        .args(["listen", "--port", "0"])
        .env_remove("WA_HMAC_KEY")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut first = String::new();
    stderr.read_line(&mut first).unwrap();
    let url = first
        .trim()
        .strip_prefix("listening on ")
        .unwrap()
        .to_owned();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let http = reqwest::Client::new();
    let (mut printed, mut with_status) = (0, 0);
    for body in &bodies {
        let status = runtime.block_on(async {
            http.post(format!("{url}/webhook"))
                .header("content-type", "application/json")
                .body(body.clone())
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        });
        assert_eq!(status, 202, "{body}");
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        let line: serde_json::Value = serde_json::from_str(&line).unwrap();
        let sent: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(line["event"], sent["event"]);
        // Every part of the envelope is printed.
        if let Some(status) = sent.get("status") {
            assert_eq!(&line["status"], status);
            assert_eq!(line.get("message"), sent.get("message"));
            with_status += 1;
        }
        printed += 1;
    }
    let _ = child.kill();
    let _ = child.wait();
    println!(
        "wa listen: {printed} of {} deliveries printed ({with_status} with a status)",
        bodies.len()
    );
    assert_eq!(printed, 73);
}
