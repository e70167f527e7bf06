//! The recorded traffic of two real servers (`../shared/recordings/`, read
//! in place, never copied): every recorded answer is served by a local
//! server to a client generated from the matching document
//! (`spec/whatsapp-http-api.yaml` for baileys-api 2.0.0, WAHA's served
//! document for WAHA 2024.10.8), and every recorded delivery reaches the
//! generated receiver (`cli/tests/listen.rs` posts them through `wa
//! listen`). The test prints its counts.
//!
//! The clients are standalone crates generated here; the replay runs inside
//! each (`REPLAY_TEST` below), driving every operation through the request
//! builder and reading the answer as the generated method does (its return
//! type and `send_*` call, taken from the generated source).

use std::path::{Path, PathBuf};
use std::process::Command;

use e2e_tests::{repo_root, shared, standalone_target};

/// `(static, return type, send call)` of each operation's main method, read
/// from a generated crate's resource modules.
fn methods(krate: &Path, name: &str) -> Vec<(String, String, String)> {
    let mut found = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(krate.join("src"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for file in files {
        let module = file.file_stem().unwrap().to_str().unwrap().to_owned();
        if ["lib", "models", "events", "metadata", "catalog", "content"].contains(&module.as_str())
        {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for method in text.split("pub async fn ").skip(1) {
            let Some(after) = method.split_once("-> Result<").map(|(_, rest)| rest) else {
                continue;
            };
            let mut depth = 0;
            let mut ret = String::new();
            for c in after.chars() {
                match c {
                    '<' => depth += 1,
                    '>' => depth -= 1,
                    ',' if depth == 0 => break,
                    _ => {}
                }
                if !c.is_whitespace() {
                    ret.push(c);
                }
            }
            let Some(stat) = method
                .split_once(".request(&")
                .and_then(|(_, rest)| rest.split_once(')'))
                .map(|(stat, _)| stat.trim().to_owned())
            else {
                continue;
            };
            let send = [
                "send_json",
                "send_undeclared",
                "send_bytes",
                "send_text",
                "send_sse",
            ]
            .into_iter()
            .find(|send| method.contains(&format!(".{send}()")))
            .unwrap()
            .to_owned();
            let stat = format!("{name}::{module}::{stat}");
            if !found
                .iter()
                .any(|(s, _, _): &(String, String, String)| *s == stat)
            {
                let ret = ret.replace("super::models::", &format!("{name}::models::"));
                found.push((stat, ret, send));
            }
        }
    }
    found
}

/// The replay table: each operation's static and how its method reads the
/// answer.
fn table(methods: &[(String, String, String)]) -> String {
    let mut out =
        String::from("fn table() -> Vec<(&'static OperationInfo, Reader)> {\n    vec![\n");
    for (stat, ret, send) in methods {
        let read = match send.as_str() {
            "send_json" => format!("r.send_json::<{ret}>().await.map(|_| Read::Typed)"),
            "send_undeclared" => "r.send_undeclared().await.map(|v| match v { Some(_) => \
                                  Read::Undeclared, None => Read::Nothing })"
                .to_owned(),
            // Streams and media: what came is handed over as bytes.
            _ => "r.send_bytes().await.map(|_| Read::Bytes)".to_owned(),
        };
        out.push_str(&format!(
            "        (&{stat}, |r| Box::pin(async move {{ {read} }})),\n"
        ));
    }
    out.push_str("    ]\n}\n");
    out
}

fn generate(spec: &Path, name: &str) -> PathBuf {
    let out = repo_root().join("target/standalone").join(name);
    e2e_tests::standalone(spec, &out, Some(name)).unwrap();
    let manifest = out.join("Cargo.toml");
    let mut text = std::fs::read_to_string(&manifest).unwrap();
    if !text.contains("[dev-dependencies]") {
        text.push_str(
            "\n[dev-dependencies]\ntokio = { version = \"1\", features = [\"macros\", \
             \"rt-multi-thread\", \"net\", \"io-util\", \"sync\"] }\n",
        );
        std::fs::write(&manifest, text).unwrap();
    }
    out
}

/// Runs the replay inside a generated crate and returns its report.
/// `skew`: the crate is from another version of the document than the
/// server's; its answers' misfits are reported (naming the field), not
/// failures.
fn replay(krate: &Path, name: &str, exchanges: &str, deliveries: &str, skew: bool) -> String {
    let methods = methods(krate, name);
    assert!(!methods.is_empty());
    std::fs::create_dir_all(krate.join("tests")).unwrap();
    let source = REPLAY_TEST.replace("CRATE", name) + &table(&methods);
    std::fs::write(krate.join("tests/replay.rs"), source).unwrap();
    let output = Command::new(env!("CARGO"))
        .args(["test", "--quiet", "--test", "replay", "--", "--nocapture"])
        .current_dir(krate)
        .env("CARGO_TARGET_DIR", standalone_target())
        .env("REPLAY_EXCHANGES", shared(exchanges))
        .env("REPLAY_DELIVERIES", shared(deliveries))
        .env("REPLAY_SKEW", if skew { "1" } else { "" })
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "the replay fails in {}:\n{stdout}\n{}",
        krate.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

#[test]
fn every_recorded_answer_and_delivery_reaches_the_application() {
    let baileys = generate(
        &repo_root().join("spec/whatsapp-http-api.yaml"),
        "replay_baileys",
    );
    let report = replay(
        &baileys,
        "replay_baileys",
        "recordings/baileys-api-2.0.0.exchanges.jsonl",
        "recordings/baileys-api-2.0.0.webhooks.jsonl",
        false,
    );
    println!("baileys-api 2.0.0:\n{report}");
    assert!(report.contains("230 answers"), "{report}");
    assert!(report.contains("20 deliveries"), "{report}");
    assert!(report.lines().any(|l| l.trim() == "0 lost"), "{report}");

    let waha = generate(&shared("specs/waha-2024.10.8.served.json"), "replay_waha");
    let report = replay(
        &waha,
        "replay_waha",
        "recordings/waha-2024.10.8.exchanges.jsonl",
        "recordings/waha-2024.10.8.webhooks.jsonl",
        false,
    );
    assert!(report.lines().any(|l| l.trim() == "0 lost"), "{report}");
    println!("WAHA 2024.10.8:\n{report}");
    assert!(report.contains("104 answers"), "{report}");
    assert!(report.contains("53 deliveries"), "{report}");

    // A crate from WAHA's newer document receives the older server's
    // deliveries too.
    let newer = generate(&shared("specs/waha-2026.7.1.json"), "replay_waha_2026");
    let report = replay(
        &newer,
        "replay_waha_2026",
        "recordings/waha-2024.10.8.exchanges.jsonl",
        "recordings/waha-2024.10.8.webhooks.jsonl",
        true,
    );
    println!("WAHA 2024.10.8 to the crate of WAHA's 2026.7.1 document (version skew):\n{report}");
    assert!(report.contains("53 deliveries"), "{report}");
}

/// Run inside a generated crate: a local server answers each recorded
/// exchange in turn; the client reads it as the operation's method does.
/// Then every recorded delivery goes through the receiver.
const REPLAY_TEST: &str = r##"
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use CRATE::runtime::webhook::{HeaderMap, Receiver};
use CRATE::runtime::{Error, OperationInfo, RequestBuilder};
use CRATE::events::Event;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[allow(dead_code, reason = "which kinds occur depends on the document")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Read {
    Typed,
    Undeclared,
    Nothing,
    Bytes,
}

type Reader = fn(RequestBuilder) -> Pin<Box<dyn Future<Output = Result<Read, Error>> + Send>>;

type Answer = (u16, String, Vec<u8>);

async fn serve(answer: Arc<Mutex<Answer>>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        loop {
            let (mut socket, _) = listener.accept().await.unwrap();
            let answer = answer.clone();
            tokio::spawn(async move {
                let mut read = Vec::new();
                let mut buf = [0u8; 8192];
                loop {
                    let n = socket.read(&mut buf).await.unwrap_or(0);
                    if n == 0 {
                        return;
                    }
                    read.extend_from_slice(&buf[..n]);
                    let Some(end) = read.windows(4).position(|w| w == b"\r\n\r\n") else {
                        continue;
                    };
                    let head = String::from_utf8_lossy(&read[..end]).to_ascii_lowercase();
                    let length: usize = head
                        .lines()
                        .find_map(|l| l.strip_prefix("content-length:"))
                        .map(|v| v.trim().parse().unwrap())
                        .unwrap_or(0);
                    if read.len() < end + 4 + length {
                        continue;
                    }
                    let (status, content_type, body) = answer.lock().unwrap().clone();
                    let mut response = format!(
                        "HTTP/1.1 {status} X\r\ncontent-length: {}\r\nconnection: close\r\n",
                        body.len()
                    );
                    if !content_type.is_empty() {
                        response.push_str(&format!("content-type: {content_type}\r\n"));
                    }
                    response.push_str("\r\n");
                    let mut bytes = response.into_bytes();
                    bytes.extend_from_slice(&body);
                    let _ = socket.write_all(&bytes).await;
                    return;
                }
            });
        }
    });
    url
}

/// The operation a recorded request is, and its path values: the template
/// with the most literal segments that matches.
fn find<'t>(
    table: &'t [(&'static OperationInfo, Reader)],
    method: &str,
    path: &str,
) -> Option<(&'t (&'static OperationInfo, Reader), Vec<(&'static str, String)>)> {
    let segments: Vec<&str> = path.split('/').collect();
    let mut best: Option<(usize, &(&'static OperationInfo, Reader), Vec<(&'static str, String)>)> = None;
    for entry in table {
        let op = entry.0;
        if !op.method().as_str().eq_ignore_ascii_case(method) {
            continue;
        }
        let template: Vec<&'static str> = op.path().split('/').collect();
        if template.len() != segments.len() {
            continue;
        }
        let mut values = Vec::new();
        let mut literal = 0;
        let fits = template.iter().zip(&segments).all(|(t, s)| {
            if let Some(name) = t.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
                values.push((name, decode(s)));
                true
            } else {
                literal += 1;
                t == s
            }
        });
        if fits && best.as_ref().is_none_or(|b| literal > b.0) {
            best = Some((literal, entry, values));
        }
    }
    best.map(|(_, entry, values)| (entry, values))
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(high), Some(low)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((high * 16 + low) as u8);
                i += 3;
                continue;
            }
        }
        out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn replay() {
    let table = table();
    let answer = Arc::new(Mutex::new((200, String::new(), Vec::new())));
    let url = serve(answer.clone()).await;
    let client: CRATE::Client = CRATE::Client::builder()
        .base_url(&url)
        .api_key("<api-key>")
        .retry(CRATE::runtime::RetryPolicy::none())
        .build()
        .unwrap();
    let exchanges = std::fs::read_to_string(std::env::var("REPLAY_EXCHANGES").unwrap()).unwrap();
    let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
    let mut total = 0;
    let mut lost = Vec::new();
    for line in exchanges.lines() {
        let exchange: serde_json::Value = serde_json::from_str(line).unwrap();
        let request = &exchange["request"];
        let response = &exchange["response"];
        let status = response["status"].as_u64().unwrap() as u16;
        let content_type = response["content_type"].as_str().unwrap_or("").to_owned();
        // The recorder writes an empty body as `<0 bytes, sha256 ...>` and
        // leaves images out (`body_omitted`).
        let body = match response.get("body").and_then(|b| b.as_str()) {
            Some(body) if body.starts_with("<0 bytes, sha256 ") => Vec::new(),
            Some(body) => body.as_bytes().to_vec(),
            None => vec![0x89, b'P', b'N', b'G'],
        };
        *answer.lock().unwrap() = (status, content_type, body.clone());
        total += 1;
        let method = request["method"].as_str().unwrap();
        let url_text = request["url"].as_str().unwrap();
        let (path, query) = url_text.split_once('?').unwrap_or((url_text, ""));
        let Some(((op, reader), values)) = find(&table, method, path) else {
            lost.push(format!("no operation for {method} {path}"));
            continue;
        };
        let mut builder = client.request(op);
        for (name, value) in values {
            builder = builder.path_param(name, value).unwrap();
        }
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            builder = builder.query(&decode(key), decode(value));
        }
        let sent = request["body"].as_str().unwrap_or("");
        if !sent.is_empty() {
            builder = builder.bytes_body(sent.as_bytes().to_vec(), "application/json");
        }
        let outcome = reader(builder).await;
        // The recorder kept the first 3000 bytes of each body: a JSON body
        // it cut is not the server's answer, and must read as cut.
        let cut = body.len() == 3000
            && serde_json::from_slice::<serde_json::Value>(&body).is_err();
        if cut {
            match &outcome {
                Err(Error::InvalidBody { source, .. }) if source.is_eof() => {}
                other => lost.push(format!("{method} {path}: a cut body read as {other:?}")),
            }
            *counts.entry("body cut by the recorder: InvalidBody (end of input)".to_owned()).or_default() += 1;
            continue;
        }
        let key = match &outcome {
            Ok(read) => format!("{read:?} value"),
            Err(Error::EmptyBody { .. }) => "EmptyBody (documented: nothing to read)".to_owned(),
            Err(error @ Error::InvalidBody { .. }) => {
                lost.push(format!("{method} {path}: {error}"));
                "InvalidBody".to_owned()
            }
            Err(error) => match error.api_error() {
                Some(api) if api.message.is_some() => "typed error with the server's explanation".to_owned(),
                Some(api) if api.text.trim().is_empty() => "typed error, empty body".to_owned(),
                _ => {
                    lost.push(format!("{method} {path} ({status}): {error}"));
                    format!("other error")
                }
            },
        };
        *counts.entry(key).or_default() += 1;
    }
    let skew = !std::env::var("REPLAY_SKEW").unwrap_or_default().is_empty();
    println!("{total} answers");
    for (key, count) in &counts {
        println!("  {count:4} {key}");
    }
    if skew {
        // Another version of the document: each misfit once, by its reason.
        let mut misfits: std::collections::BTreeSet<String> = Default::default();
        for item in lost.drain(..) {
            let reason = item.split(" does not read as ").nth(1).unwrap_or(&item);
            let reason = reason.split(" at line ").next().unwrap_or(reason);
            misfits.insert(reason.to_owned());
        }
        for misfit in misfits {
            println!("  skew: {misfit}");
        }
    }
    println!("  {:4} lost", lost.len());
    for item in &lost {
        println!("  lost: {item}");
    }

    let deliveries = std::fs::read_to_string(std::env::var("REPLAY_DELIVERIES").unwrap()).unwrap();
    let receiver = Receiver::new();
    let mut events: std::collections::BTreeMap<&'static str, usize> = Default::default();
    let mut received = 0;
    let mut unreadable: std::collections::BTreeMap<String, usize> = Default::default();
    for line in deliveries.lines() {
        let delivery: serde_json::Value = serde_json::from_str(line).unwrap();
        let headers: std::collections::HashMap<String, String> =
            serde_json::from_value(delivery["headers"].clone()).unwrap();
        let headers = HeaderMap::try_from(&headers).unwrap();
        let body = delivery["body"].as_str().unwrap();
        let event: Event = receiver
            .parse(&headers, body.as_bytes())
            .unwrap_or_else(|e| panic!("refused: {e}\n{body}"));
        let kind = match &event {
            Event::Other { .. } => "Other (undeclared name)",
            Event::Unreadable { name, reason, .. } => {
                *unreadable.entry(format!("{name}: {reason}")).or_default() += 1;
                "Unreadable (handed over with the reason)"
            }
            _ => "typed",
        };
        *events.entry(kind).or_default() += 1;
        received += 1;
    }
    println!("{received} deliveries");
    for (key, count) in &events {
        println!("  {count:4} {key}");
    }
    for (reason, count) in &unreadable {
        println!("  {count:4} unreadable, {reason}");
    }
    if !skew {
        assert!(unreadable.is_empty(), "{unreadable:#?}");
    }
    assert!(lost.is_empty(), "{lost:#?}");
}
"##;
