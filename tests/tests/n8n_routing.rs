//! n8n's own engine runs the n8n properties built from
//! `spec/whatsapp-http-api.yaml`: `tests/node/n8n-run.js` executes each of the
//! 29 operations as a one-node workflow through n8n-core's `WorkflowExecute`
//! and `RoutingNode` (parameters filled in by n8n-workflow, expressions
//! evaluated by n8n's expression engine, the request made by n8n-core's HTTP
//! helper) against a server that answers like baileys-api
//! (`e2e_tests::baileys`). Each test asserts the request the server received
//! and what the node output.
//!
//! Default mode is the package's node as its README builds it (the
//! properties in a node whose `requestDefaults` take the base URL from the
//! credential, a credential sending `x-api-key`): it must send exactly the
//! package's known defects. `--fixed` must send every request right.

use std::collections::BTreeMap;

use e2e_tests::baileys::{self, GROUP, JID, KEY, PHONE};
use e2e_tests::server::{Recorded, RecordingServer};
use e2e_tests::{node_output, node_tools, repo_root};
use generator::n8n::{Config, build_properties};
use serde_json::{Value, json};

fn properties(fixed: bool) -> Value {
    let raw = generator::load::load_path(&repo_root().join("spec/whatsapp-http-api.yaml"))
        .unwrap()
        .raw;
    let config = Config {
        fixed,
        ..Config::default()
    };
    build_properties(&raw, &config).unwrap().to_value()
}

/// The node as the package's README writes it around the properties, and
/// the credential the author used (base URL, key in `x-api-key`).
fn readme_node(properties: Value) -> Value {
    json!({
        "node": {
            "displayName": "WhatsApi",
            "name": "whatsApi",
            "group": ["transform"],
            "version": 1,
            "description": "Interact with the WhatsApp HTTP API",
            "defaults": {"name": "WhatsApi"},
            "inputs": ["main"],
            "outputs": ["main"],
            "credentials": [{"name": "whatsApiApi", "required": true}],
            "requestDefaults": {
                "headers": {"Accept": "application/json", "Content-Type": "application/json"},
                "baseURL": "={{$credentials.url}}",
            },
            "properties": properties,
        },
        "credentialType": {
            "name": "whatsApiApi",
            "displayName": "WhatsApi API",
            "properties": [
                {"displayName": "Base URL", "name": "url", "type": "string", "default": ""},
                {"displayName": "API Key", "name": "apiKey", "type": "string",
                 "typeOptions": {"password": true}, "default": ""},
            ],
            "authenticate": {"type": "generic", "properties": {"headers": {"x-api-key": "={{$credentials.apiKey}}"}}},
        },
    })
}

/// What one run of the node gave: its output items, or n8n's error.
#[derive(Debug)]
struct Output {
    items: Vec<Value>,
    error: Option<Value>,
}

/// Runs `runs` (the parameters of each, as n8n's editor saves them) through
/// n8n, one after the other, with the node and credential type of `setup`
/// and the stand-in's base URL and key as the credential.
fn run_n8n(mut setup: Value, base_url: &str, runs: &[Value]) -> Vec<Output> {
    let dir = node_tools();
    setup["credentials"] = json!({"url": base_url, "apiKey": KEY});
    setup["runs"] = json!(runs);
    let out = node_output(
        &["n8n-run.js".as_ref()],
        dir,
        serde_json::to_vec(&setup).unwrap().as_slice(),
    );
    let results: Vec<Value> = serde_json::from_slice(&out).unwrap();
    results
        .into_iter()
        .map(|result| Output {
            items: result["items"].as_array().cloned().unwrap_or_default(),
            error: result.get("error").cloned(),
        })
        .collect()
}

/// A request as the server received it, in a form to compare.
#[derive(Debug, Clone, PartialEq)]
struct Seen {
    method: String,
    path: String,
    query: Vec<(String, String)>,
    key_header: bool,
    body: Option<Value>,
}

fn seen(request: &Recorded) -> Seen {
    let query = request
        .query
        .as_deref()
        .unwrap_or_default()
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let decode = |text: &str| {
                percent_encoding::percent_decode_str(&text.replace('+', " "))
                    .decode_utf8_lossy()
                    .into_owned()
            };
            (decode(name), decode(value))
        })
        .collect();
    Seen {
        method: request.method.to_string(),
        path: request.raw_path.clone(),
        query,
        key_header: request.header("x-api-key") == Some(KEY),
        body: (!request.body.is_empty()).then(|| request.json()),
    }
}

/// One action with the parameters a user sets in the editor.
struct Case {
    resource: &'static str,
    operation: &'static str,
    set: Value,
}

fn cases() -> Vec<Case> {
    let case = |resource, operation, set: Value| Case {
        resource,
        operation,
        set,
    };
    let phone = json!({"phone": PHONE});
    let with = |extra: Value| {
        let mut set = json!({"phone": PHONE});
        for (key, value) in extra.as_object().unwrap() {
            set[key] = value.clone();
        }
        set
    };
    let stored = baileys::message_row(10);
    vec![
        case("Sessions", "List Sessions", json!({})),
        case("Sessions", "Find Session", phone.clone()),
        case("Sessions", "Delete Session", phone.clone()),
        case("Sessions", "Session Status", phone.clone()),
        case(
            "Sessions",
            "Add Session",
            json!({"sessionId": "6281111111111"}),
        ),
        case(
            "Sessions",
            "Add Session SSE",
            json!({"phone": "6281111111111"}),
        ),
        case("Chats", "Chat List", phone.clone()),
        case("Chats", "Load Conversation", with(json!({"jid": JID}))),
        case(
            "Chats",
            "Update Presence",
            with(json!({"jid": JID, "presence": "composing"})),
        ),
        case("Contacts", "Contact List", phone.clone()),
        case("Contacts", "Blocked Number List", phone.clone()),
        case(
            "Contacts",
            "Block Unblock Number",
            with(json!({"jid": JID})),
        ),
        case("Contacts", "Check Number", with(json!({"jid": JID}))),
        case("Contacts", "Profile Picture", with(json!({"jid": JID}))),
        case("Groups", "Group List", phone.clone()),
        case("Groups", "Group Metadata", with(json!({"jid": GROUP}))),
        case("Groups", "Leave Group", with(json!({"jid": GROUP}))),
        case("Groups", "Get Profile Picture", with(json!({"jid": GROUP}))),
        case(
            "Groups",
            "Post Update Presence",
            with(json!({"jid": GROUP, "presence": "available"})),
        ),
        case(
            "Groups",
            "Create Group",
            with(json!({"subject": "Team", "participants": format!("[\"{JID}\"]")})),
        ),
        case(
            "Groups",
            "Update Participants",
            with(json!({"jid": GROUP, "participants": format!("[\"{JID}\"]"), "action": "remove"})),
        ),
        case(
            "Groups",
            "Update Subject",
            with(json!({"jid": GROUP, "subject": "New"})),
        ),
        case(
            "Groups",
            "Update Description",
            with(json!({"jid": GROUP, "description": "About us"})),
        ),
        case(
            "Groups",
            "Update Setting",
            with(json!({"jid": GROUP, "action": "announcement"})),
        ),
        case("Messages", "Message List", phone.clone()),
        case(
            "Messages",
            "Send Message",
            with(json!({"jid": JID, "message": "{\"text\": \"Hi\"}"})),
        ),
        // The body left at its default.
        case("Messages", "Send Bulk Message", phone.clone()),
        case(
            "Messages",
            "Download Message Media",
            with(json!({
                "key": stored["key"].to_string(),
                "message": stored["message"].to_string(),
            })),
        ),
        case(
            "Messages",
            "Delete Message",
            with(json!({"jid": JID, "message": stored["key"].to_string()})),
        ),
    ]
}

/// Runs every case through n8n with `setup`; what the server saw of each,
/// and what the node output.
async fn run_all(setup: Value) -> BTreeMap<&'static str, (Seen, Output)> {
    let server = RecordingServer::start(baileys::respond).await;
    let cases = cases();
    let runs: Vec<Value> = cases
        .iter()
        .map(|case| {
            let mut parameters = case.set.clone();
            parameters["resource"] = json!(case.resource);
            parameters["operation"] = json!(case.operation);
            parameters
        })
        .collect();
    let base_url = server.base_url.clone();
    let outputs = tokio::task::spawn_blocking(move || run_n8n(setup, &base_url, &runs))
        .await
        .unwrap();
    let requests = server.requests();
    assert_eq!(
        requests.len(),
        cases.len(),
        "one request per operation: {requests:#?}\n{outputs:#?}"
    );
    cases
        .iter()
        .zip(requests.iter().zip(outputs))
        .map(|(case, (request, output))| (case.operation, (seen(request), output)))
        .collect()
}

/// The request the server must receive for each case: what the user set,
/// the document's defaults, nothing invented; the key in `x-api-key`, and in
/// the query where the document says so.
fn right(operation: &str) -> Seen {
    let stored = baileys::message_row(10);
    let request = |method: &str, path: String, query: &[(&str, &str)], body: Option<Value>| Seen {
        method: method.to_owned(),
        path,
        query: query
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect(),
        key_header: true,
        body,
    };
    let get = |path: String| request("GET", path, &[], None);
    let page = |path: String| request("GET", path, &[("limit", "25")], None);
    let jid = |path: &str| format!("/{PHONE}/{path}");
    match operation {
        "List Sessions" => get("/sessions".into()),
        "Find Session" => get(format!("/sessions/{PHONE}")),
        "Delete Session" => request("DELETE", format!("/sessions/{PHONE}"), &[], None),
        "Session Status" => get(format!("/sessions/{PHONE}/status")),
        "Add Session" => request(
            "POST",
            "/sessions/add".into(),
            &[],
            Some(json!({"sessionId": "6281111111111"})),
        ),
        "Add Session SSE" => request(
            "GET",
            "/sessions/6281111111111/add-sse".into(),
            &[("api_key", KEY)],
            None,
        ),
        "Chat List" => page(jid("chats")),
        "Load Conversation" => page(jid(&format!("chats/{JID}"))),
        "Update Presence" => request(
            "POST",
            jid(&format!("chats/{JID}/presence")),
            &[],
            Some(json!({"presence": "composing"})),
        ),
        "Contact List" => page(jid("contacts")),
        "Blocked Number List" => get(jid("contacts/blocklist")),
        "Block Unblock Number" => request(
            "POST",
            jid("contacts/blocklist/update"),
            &[],
            Some(json!({"jid": JID, "action": "block"})),
        ),
        "Check Number" => get(jid(&format!("contacts/{JID}"))),
        "Profile Picture" => get(jid(&format!("contacts/{JID}/photo"))),
        // The group list's `search` has the document's default `""`: all
        // groups.
        "Group List" => request(
            "GET",
            jid("groups"),
            &[("limit", "25"), ("search", "")],
            None,
        ),
        "Group Metadata" => get(jid(&format!("groups/{GROUP}"))),
        "Leave Group" => request("DELETE", jid(&format!("groups/{GROUP}")), &[], None),
        "Get Profile Picture" => get(jid(&format!("groups/{GROUP}/photo"))),
        "Post Update Presence" => request(
            "POST",
            jid(&format!("groups/{GROUP}/presence")),
            &[],
            Some(json!({"presence": "available"})),
        ),
        "Create Group" => request(
            "POST",
            jid("groups/create"),
            &[],
            Some(json!({"subject": "Team", "participants": [JID]})),
        ),
        "Update Participants" => request(
            "PUT",
            jid(&format!("groups/{GROUP}/update/participants")),
            &[],
            Some(json!({"participants": [JID], "action": "remove"})),
        ),
        "Update Subject" => request(
            "PUT",
            jid(&format!("groups/{GROUP}/update/subject")),
            &[],
            Some(json!({"subject": "New"})),
        ),
        "Update Description" => request(
            "PUT",
            jid(&format!("groups/{GROUP}/update/description")),
            &[],
            Some(json!({"description": "About us"})),
        ),
        "Update Setting" => request(
            "PUT",
            jid(&format!("groups/{GROUP}/update/setting")),
            &[],
            Some(json!({"action": "announcement"})),
        ),
        "Message List" => page(jid("messages")),
        "Send Message" => request(
            "POST",
            jid("messages/send"),
            &[],
            Some(json!({"jid": JID, "type": "number", "message": {"text": "Hi"}})),
        ),
        // The document's example item, as the array the route takes.
        "Send Bulk Message" => request(
            "POST",
            jid("messages/send/bulk"),
            &[],
            Some(json!([{
                "jid": "6281234567890@s.whatsapp.net", "type": "number",
                "message": {"text": "Hello"}, "options": {}, "delay": 1000,
            }])),
        ),
        "Download Message Media" => request(
            "POST",
            jid("messages/download"),
            &[],
            Some(json!({"key": stored["key"], "message": stored["message"]})),
        ),
        "Delete Message" => request(
            "DELETE",
            jid("messages/delete"),
            &[],
            Some(json!({"jid": JID, "type": "number", "message": stored["key"]})),
        ),
        other => panic!("no expected request for {other}"),
    }
}

/// The package's known defects: what its own properties send instead of
/// [`right`].
fn with_package_defects(operation: &str, mut request: Seen) -> Seen {
    match operation {
        // Optional `cursor` with the package's made-up default 0: an empty
        // page (and the contact list's `search` with its made-up `""`).
        "Chat List" | "Load Conversation" | "Group List" | "Message List" => {
            request.query.insert(0, ("cursor".into(), "0".into()));
        }
        "Contact List" => {
            request.query.insert(0, ("cursor".into(), "0".into()));
            request.query.push(("search".into(), String::new()));
        }
        // The query key of the route's security is never sent: 403.
        "Add Session SSE" => request.query.clear(),
        // One item where the route takes an array.
        "Send Bulk Message" => {
            request.body = request.body.map(|body| body[0].clone());
        }
        // A value for every field the user left alone.
        "Add Session" => {
            request.body.as_mut().unwrap()["readIncomingMessages"] = json!(true);
        }
        "Send Message" => request.body.as_mut().unwrap()["options"] = json!({}),
        "Download Message Media" => {
            let body = request.body.as_mut().unwrap();
            let buffer = json!({"type": "Buffer", "data": [1, 2, 3]});
            for (name, value) in [
                ("pkId", json!(0)),
                ("sessionId", json!("")),
                ("remoteJid", json!("")),
                ("id", json!("")),
                ("messageTimestamp", json!("1700000000")),
                ("messageC2STimestamp", json!("1700000000")),
                ("ephemeralStartTimestamp", json!("1700000000")),
                ("revokeMessageTimestamp", json!("1700000000")),
                ("status", json!("")),
                ("pushName", json!("")),
                ("participant", json!("")),
                ("broadcast", json!(true)),
                ("starred", json!(true)),
                ("ephemeralDuration", json!(0)),
                ("messageStubType", json!(0)),
                ("messageStubParameters", json!([null])),
                ("mediaCiphertextSha256", buffer.clone()),
                ("messageSecret", buffer.clone()),
            ] {
                body[name] = value;
            }
        }
        _ => {}
    }
    request
}

/// The operations whose default-mode request differs from the right one.
const PACKAGE_DEFECTS: [&str; 10] = [
    "Chat List",
    "Load Conversation",
    "Contact List",
    "Group List",
    "Message List",
    "Add Session SSE",
    "Send Bulk Message",
    "Add Session",
    "Send Message",
    "Download Message Media",
];

fn assert_requests(results: &BTreeMap<&str, (Seen, Output)>, package_defects: bool) {
    assert_eq!(results.len(), 29);
    for (operation, (seen, output)) in results {
        let mut expected = right(operation);
        if package_defects {
            expected = with_package_defects(operation, expected);
        }
        assert_eq!(seen, &expected, "{operation}: {output:?}");
    }
}

#[tokio::test]
async fn fixed_properties_send_all_29_requests_right_in_n8n() {
    let results = run_all(readme_node(properties(true))).await;
    assert_requests(&results, false);
    for (operation, (_, output)) in &results {
        assert!(output.error.is_none(), "{operation}: {output:?}");
        for item in &output.items {
            assert!(item["json"].is_object(), "{operation}: {item}");
        }
    }
    let items = |operation: &str| results[operation].1.items.clone();

    // The server's answer as items: the two sessions, the stand-in's rows.
    assert_eq!(items("List Sessions").len(), 2);
    assert_eq!(
        items("Chat List")[0]["json"]["data"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    assert_eq!(
        items("Group List")[0]["json"]["data"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    // The blocked numbers, one object per number.
    assert_eq!(
        items("Blocked Number List"),
        [json!({"json": {"value": JID}})]
    );
    // The media as n8n binary data, its type from the answer.
    let media = &items("Download Message Media")[0];
    assert_eq!(media["json"], json!({"mimeType": "image/jpeg"}));
    assert_eq!(media["binary"]["data"]["mimeType"], "image/jpeg");
    assert_eq!(media["binary"]["data"]["data"], "/9j/4A==");
    // The stream's events up to the QR code, one item each.
    assert_eq!(
        items("Add Session SSE"),
        [
            json!({"json": {"connection": "connecting"}}),
            json!({"json": {"qr": "data:image/png;base64,iVBORw0KGgo="}}),
        ]
    );
}

#[tokio::test]
async fn the_packages_properties_send_exactly_its_known_defects_in_n8n() {
    let results = run_all(readme_node(properties(false))).await;
    assert_requests(&results, true);
    let wrong: Vec<&str> = results
        .keys()
        .copied()
        .filter(|operation| right(operation) != results[operation].0)
        .collect();
    let mut defects = PACKAGE_DEFECTS.to_vec();
    defects.sort_unstable();
    assert_eq!(wrong, defects);
    let output = |operation: &str| &results[operation].1;
    // Without its query key the stream route refuses the node.
    assert_eq!(
        output("Add Session SSE").error.as_ref().unwrap()["httpCode"],
        "403"
    );
    // Bare strings as items, and the media bytes as text with no binary.
    assert_eq!(output("Blocked Number List").items, [json!({"json": JID})]);
    let media = &output("Download Message Media").items[0];
    assert!(
        media["json"].is_string() && media.get("binary").is_none(),
        "{media}"
    );
}

/// Writes the package `xtask n8n-node` generates for `spec` into `dir`.
fn write_package(spec: &std::path::Path, preset: generator::n8n::Preset, dir: &std::path::Path) {
    let document = generator::load::load_path(spec).unwrap();
    let model = generator::build(&document).unwrap();
    let package =
        generator::n8n::node_package(&document.raw, &model, preset.config(), None).unwrap();
    for (path, contents) in &package.files {
        let target = dir.join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, contents).unwrap();
    }
}

fn whatsapp_package() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_package(
        &repo_root().join("spec/whatsapp-http-api.yaml"),
        generator::n8n::Preset::Default,
        dir.path(),
    );
    dir
}

#[tokio::test]
async fn the_generated_package_loads_in_n8n_and_sends_all_29_requests_right() {
    let package = whatsapp_package();
    // n8n-core's PackageDirectoryLoader reads the package.json's `n8n`
    // section, the node and the credentials type, as n8n loads a community
    // package.
    let setup = json!({"package": package.path(), "nodeName": "whatsappHttpApi"});
    let results = run_all(setup).await;
    assert_requests(&results, false);
    let items = |operation: &str| results[operation].1.items.clone();
    for (operation, (_, output)) in &results {
        assert!(output.error.is_none(), "{operation}: {output:?}");
    }
    assert_eq!(
        items("Blocked Number List"),
        [json!({"json": {"value": JID}})]
    );
    assert_eq!(
        items("Download Message Media")[0]["binary"]["data"]["data"],
        "/9j/4A=="
    );
    // The node reads the stream itself (`encoding: stream`) and stops at
    // the QR code.
    assert_eq!(
        items("Add Session SSE"),
        [
            json!({"json": {"connection": "connecting"}}),
            json!({"json": {"qr": "data:image/png;base64,iVBORw0KGgo="}}),
        ]
    );
}

#[tokio::test]
async fn the_generated_node_stops_reading_an_open_stream_at_the_first_qr_code() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    // The real server keeps the stream open after the QR code (and sends
    // the next one 20 s later): the node must not wait for its end. A raw
    // server that sends two events and holds the connection open.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    let (head_tx, mut head_rx) = tokio::sync::mpsc::unbounded_channel::<String>();
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") && socket.read(&mut byte).await.unwrap() == 1 {
            head.push(byte[0]);
        }
        head_tx
            .send(String::from_utf8_lossy(&head).into_owned())
            .unwrap();
        let events = "data: {\"connection\":\"connecting\"}\n\n\
                      data: {\"qr\":\"data:image/png;base64,AAAA\"}\n\n";
        let reply = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n{:x}\r\n{events}\r\n",
            events.len()
        );
        socket.write_all(reply.as_bytes()).await.unwrap();
        // Held open until the test ends.
        tokio::time::sleep(std::time::Duration::from_secs(120)).await;
    });
    let server_base = base_url;
    let package = whatsapp_package();
    let setup = json!({"package": package.path(), "nodeName": "whatsappHttpApi"});
    let base_url = server_base.clone();
    let started = std::time::Instant::now();
    let outputs = tokio::task::spawn_blocking(move || {
        run_n8n(
            setup,
            &base_url,
            &[json!({"resource": "Sessions", "operation": "Add Session SSE", "phone": "6281111111111"})],
        )
    })
    .await
    .unwrap();
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
    assert_eq!(
        outputs[0].items,
        [
            json!({"json": {"connection": "connecting"}}),
            json!({"json": {"qr": "data:image/png;base64,AAAA"}}),
        ],
        "{:?}",
        outputs[0].error
    );
    let head = head_rx.recv().await.unwrap();
    assert!(
        head.starts_with(&format!(
            "GET /sessions/6281111111111/add-sse?api_key={KEY} "
        )),
        "{head}"
    );
}

/// Delivers `deliveries` (headers, raw body) to the trigger node of the
/// package in `dir` with `parameters`; each result as the driver gives it.
fn deliver(dir: &std::path::Path, node: &str, parameters: Value, deliveries: Value) -> Vec<Value> {
    let setup = json!({"package": dir, "nodeName": node, "parameters": parameters,
        "deliveries": deliveries});
    let out = node_output(
        &["n8n-run.js".as_ref()],
        node_tools(),
        serde_json::to_vec(&setup).unwrap().as_slice(),
    );
    serde_json::from_slice(&out).unwrap()
}

#[test]
fn the_generated_trigger_starts_workflows_for_the_chosen_events_only() {
    let package = whatsapp_package();
    let upsert = json!({"sessionId": PHONE, "event": "messages.upsert",
        "data": {"messages": []}, "status": "success"});
    let results = deliver(
        package.path(),
        "whatsappHttpApiTrigger",
        json!({"events": ["messages.upsert"]}),
        json!([
            {"headers": {"Content-Type": "application/json"}, "body": upsert.to_string()},
            {"headers": {}, "body": json!({"sessionId": PHONE, "event": "chats.set", "data": {}}).to_string()},
        ]),
    );
    assert_eq!(results[0]["items"], json!([upsert]));
    assert_eq!(results[1]["items"], Value::Null, "not a chosen event");
}

#[test]
fn the_generated_trigger_checks_signatures_where_the_document_says_how() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("signed.json");
    std::fs::write(
        &spec,
        json!({"openapi": "3.1.0", "info": {"title": "Signed", "version": "1"},
            "paths": {"/ping": {"get": {"operationId": "ping", "responses": {"200": {"description": "ok"}}}}},
            "webhooks": {"message": {"post": {
                "parameters": [{"name": "X-Webhook-Hmac", "in": "header", "required": true,
                    "description": "Hex HMAC-SHA512 of the raw body", "schema": {"type": "string"}}],
                "requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}},
                "responses": {"200": {"description": "ok"}}}}}})
        .to_string(),
    )
    .unwrap();
    let package = dir.path().join("package");
    write_package(&spec, generator::n8n::Preset::Default, &package);
    let body = json!({"event": "message", "payload": {"body": "hi"}}).to_string();
    let signature = hmac_sha512_hex(b"secret", body.as_bytes());
    let results = deliver(
        &package,
        "signedTrigger",
        json!({"events": ["message"], "hmacKey": "secret"}),
        json!([
            {"headers": {"X-Webhook-Hmac": signature}, "body": body},
            {"headers": {"X-Webhook-Hmac": "00"}, "body": body},
            {"headers": {}, "body": body},
        ]),
    );
    assert_eq!(results[0]["items"][0]["payload"]["body"], "hi");
    for refused in &results[1..] {
        assert_eq!(refused["status"], 401, "{refused}");
        assert_eq!(refused["items"], Value::Null);
    }
}

/// Hex HMAC-SHA512, as WAHA signs (the runtime's signer).
fn hmac_sha512_hex(key: &[u8], body: &[u8]) -> String {
    openapi_wa_runtime::webhook::HmacSha512::new(key).sign(body)
}

#[tokio::test]
async fn the_waha_package_loads_in_n8n_and_runs_an_operation_and_a_delivery() {
    let dir = tempfile::tempdir().unwrap();
    write_package(
        &e2e_tests::shared("specs/waha-2026.7.1.json"),
        generator::n8n::Preset::Waha,
        dir.path(),
    );
    let server = RecordingServer::start(|_| {
        e2e_tests::server::Reply::json(200, json!([{"name": "default", "status": "WORKING"}]))
    })
    .await;
    let setup = json!({"package": dir.path(), "nodeName": "wahaWhatsappHttpApi"});
    let base_url = server.base_url.clone();
    let outputs = tokio::task::spawn_blocking(move || {
        run_n8n(
            setup,
            &base_url,
            &[json!({"resource": "Sessions", "operation": "List"})],
        )
    })
    .await
    .unwrap();
    assert_eq!(
        outputs[0].items,
        [json!({"json": {"name": "default", "status": "WORKING"}})],
        "{:?}",
        outputs[0].error
    );
    let request = server.last();
    assert_eq!(request.raw_path, "/api/sessions");
    assert_eq!(request.header("x-api-key"), Some(KEY));

    let message = json!({"id": "evt_1", "session": "default", "event": "message",
        "payload": {"id": "false_1@c.us_AAA", "body": "hi"}});
    let results = deliver(
        dir.path(),
        "wahaWhatsappHttpApiTrigger",
        json!({"events": ["message"]}),
        json!([{"headers": {}, "body": message.to_string()}]),
    );
    assert_eq!(results[0]["items"], json!([message]));
}

#[test]
fn a_hostile_document_gives_a_package_that_loads_and_runs_nothing_of_it() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("hostile.json");
    let evil = "x-hmac'); process.exit(3); ('";
    std::fs::write(
        &spec,
        json!({"openapi": "3.1.0",
            "info": {"title": "3D \"API\" `${process.exit(4)}` </script>\u{2028}", "version": "1"},
            "paths": {"/ping": {"get": {"operationId": "ping'); process.exit(5); ('",
                "summary": "*/ process.exit(6) /*", "responses": {"200": {"description": "ok"}}}}},
            "webhooks": {"a'b": {"post": {
                "parameters": [{"name": evil, "in": "header", "schema": {"type": "string"}}],
                "responses": {"200": {"description": "ok"}}}}}})
        .to_string(),
    )
    .unwrap();
    let package = dir.path().join("package");
    write_package(&spec, generator::n8n::Preset::Default, &package);
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(package.join("package.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["name"], "n8n-nodes-n-3d-api-process-exit-4-script");
    // The trigger loads (n8n-core's loader) and checks the header whose name
    // is the hostile text; nothing of the document runs.
    let body = json!({"event": "a'b"}).to_string();
    let results = deliver(
        &package,
        "n3dApiProcessExit4ScriptTrigger",
        json!({"events": ["a'b"], "hmacKey": "k"}),
        json!([{"headers": {evil: hmac_sha512_hex(b"k", body.as_bytes())}, "body": body}]),
    );
    assert_eq!(results[0]["items"], json!([{"event": "a'b"}]));
}
