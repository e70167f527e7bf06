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
        openapi_wa_runtime::install_crypto_provider(); // reqwest has no provider of its own
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
            json!({"event": name, "session": PHONE, "data": data}),
            "{name}"
        );
    }
    // A declared event whose data does not fit is refused, on stderr.
    let bad = br#"{"event": "connection.update", "data": {"status": 7}}"#;
    assert_eq!(post(&wa.url, bad, &[]), 400);
    let report = line(&mut wa.stderr);
    assert!(report.starts_with("refused (400): "), "{report}");
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
    // Server text in a refusal is escaped: no terminal control reaches stderr.
    let hostile = br#"{"event": "group-participants.update", "data": {"groupId": "1@g.us", "action": "add", "participants": "\u001b[2J"}}"#;
    let signature = HmacSha512::new(key).sign(hostile);
    assert_eq!(
        post(&wa.url, hostile, &[("x-webhook-hmac", &signature)]),
        400
    );
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
            printed,
            json!({"event": name, "session": payload["session"], "data": payload["payload"]}),
            "{name}"
        );
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
