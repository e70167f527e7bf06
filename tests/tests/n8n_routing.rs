//! The n8n node properties built from `spec/whatsapp-http-api.yaml`, routed
//! as n8n's declarative `RoutingNode` routes them (operation option's
//! `routing.request`, then every shown field's `routing.send`, values left
//! alone taking the field's `default`), sent to a server that answers like
//! baileys-api (`e2e_tests::baileys`). The node authenticates with the
//! `x-api-key` header of its credential.
//!
//! The router evaluates only the expressions the builder writes and panics
//! on any other, so a new kind of expression cannot pass unnoticed.

use std::collections::BTreeMap;

use e2e_tests::baileys::{self, KEY, PHONE};
use e2e_tests::repo_root;
use e2e_tests::server::RecordingServer;
use generator::n8n::{Config, build_properties};
use serde_json::{Value, json};

fn properties(fixed: bool) -> Vec<Value> {
    let raw = generator::load::load_path(&repo_root().join("spec/whatsapp-http-api.yaml"))
        .unwrap()
        .raw;
    let config = Config {
        fixed,
        ..Config::default()
    };
    match build_properties(&raw, &config).unwrap().to_value() {
        Value::Array(items) => items,
        other => panic!("{other}"),
    }
}

/// A request as n8n would make it.
#[derive(Debug)]
struct Routed {
    method: String,
    url: String,
    /// Query values in order; `None` is JavaScript's `undefined`, which
    /// n8n's HTTP layer leaves out.
    qs: Vec<(String, Option<String>)>,
    body: Option<Value>,
}

impl Routed {
    fn query(&self) -> Vec<(String, String)> {
        self.qs
            .iter()
            .filter_map(|(name, value)| value.clone().map(|v| (name.clone(), v)))
            .collect()
    }
}

fn shown_for(field: &Value, resource: &str, operation: &str) -> bool {
    let show = &field["displayOptions"]["show"];
    let has = |key: &str, value: &str| {
        show[key]
            .as_array()
            .is_some_and(|values| values.iter().any(|v| v == value))
    };
    has("resource", resource) && has("operation", operation)
}

/// `String(value)` for the values fields hold.
fn js_string(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Number(number) => match number.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", f as i64),
            _ => number.to_string(),
        },
        other => other.to_string(),
    }
}

/// A JavaScript literal as the builder writes it in an expression.
fn literal(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|_| panic!("unknown literal `{text}`"))
}

/// Loose equality is not used by the builder: `===` on JSON values, with
/// numbers compared as numbers.
fn strictly_equal(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

/// Evaluates a routing expression; `None` is `undefined`.
fn evaluate(expression: &str, value: &Value) -> Option<Value> {
    match expression {
        "={{ $value }}" => Some(value.clone()),
        "={{ JSON.parse($value) }}" => Some(match value {
            Value::String(text) => serde_json::from_str(text).expect("JSON text"),
            other => other.clone(),
        }),
        "={{ $credentials.apiKey }}" => Some(json!(KEY)),
        other => {
            let inner = other
                .strip_prefix("={{ $value === ")
                .and_then(|rest| rest.strip_suffix(" ? undefined : $value }}"))
                .unwrap_or_else(|| panic!("an expression this router does not know: {other}"));
            (!strictly_equal(value, &literal(inner))).then(|| value.clone())
        }
    }
}

/// `=/{{$parameter["phone"]}}/chats` with the parameters filled in.
fn url(template: &str, parameters: &BTreeMap<String, Value>) -> String {
    let mut out = template
        .strip_prefix('=')
        .expect("an expression")
        .to_owned();
    while let Some(start) = out.find("{{$parameter[\"") {
        let end = out[start..].find("\"]}}").expect("closed") + start;
        let name = &out[start + "{{$parameter[\"".len()..end];
        let value = js_string(&parameters[name]);
        out.replace_range(start..end + "\"]}}".len(), &value);
    }
    out
}

/// Routes one action with the values the user set; every other shown field
/// takes its default.
fn route(properties: &[Value], resource: &str, operation: &str, set: &[(&str, Value)]) -> Routed {
    let option = properties
        .iter()
        .filter(|p| {
            p["name"] == "operation" && p["displayOptions"]["show"]["resource"][0] == resource
        })
        .flat_map(|p| p["options"].as_array().unwrap())
        .find(|o| o["value"] == operation)
        .unwrap_or_else(|| panic!("no action {resource} / {operation}"));
    let fields: Vec<&Value> = properties
        .iter()
        .filter(|f| shown_for(f, resource, operation))
        .collect();
    let mut parameters: BTreeMap<String, Value> = fields
        .iter()
        .map(|f| (f["name"].as_str().unwrap().to_owned(), f["default"].clone()))
        .collect();
    for (name, value) in set {
        assert!(
            parameters.contains_key(*name),
            "{operation} has no field {name}"
        );
        parameters.insert((*name).to_owned(), value.clone());
    }
    let request = &option["routing"]["request"];
    let mut routed = Routed {
        method: request["method"].as_str().unwrap().to_owned(),
        url: url(request["url"].as_str().unwrap(), &parameters),
        qs: Vec::new(),
        body: None,
    };
    for (name, expression) in request["qs"].as_object().into_iter().flatten() {
        let value = evaluate(expression.as_str().unwrap(), &Value::Null);
        routed
            .qs
            .push((name.clone(), value.as_ref().map(js_string)));
    }
    for field in fields {
        let value = &parameters[field["name"].as_str().unwrap()];
        let routing = &field["routing"];
        if let Some(expression) = routing["request"]["body"].as_str() {
            routed.body = evaluate(expression, value);
        }
        let send = &routing["send"];
        let Some(kind) = send["type"].as_str() else {
            continue;
        };
        let property = send["property"].as_str().unwrap().to_owned();
        let value = evaluate(send["value"].as_str().unwrap(), value);
        match kind {
            "query" => routed.qs.push((property, value.as_ref().map(js_string))),
            "body" => {
                let body = routed.body.get_or_insert_with(|| json!({}));
                if let Some(value) = value {
                    body[property] = value;
                }
            }
            other => panic!("unknown send type {other}"),
        }
    }
    routed
}

/// Sends `routed` to the server as n8n's HTTP layer would, with the
/// credential's header; answers status and JSON (or text).
async fn send(server: &RecordingServer, routed: &Routed) -> (u16, Value) {
    openapi_wa_runtime::install_crypto_provider(); // reqwest has no provider of its own
    let client = reqwest::Client::new();
    let method = reqwest::Method::from_bytes(routed.method.as_bytes()).unwrap();
    let mut request = client
        .request(method, format!("{}{}", server.base_url, routed.url))
        .header("x-api-key", KEY)
        .query(&routed.query());
    if let Some(body) = &routed.body {
        request = request.json(body);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
    (status, body)
}

fn phone() -> (&'static str, Value) {
    ("phone", json!(PHONE))
}

#[tokio::test]
async fn list_actions_left_alone_do_not_send_cursor_0_in_fixed_mode() {
    let server = RecordingServer::start(baileys::respond).await;
    for (resource, operation, rows) in [
        ("Chats", "Chat List", 3),
        ("Groups", "Group List", 2),
        ("Contacts", "Contact List", 2),
        ("Messages", "Message List", 2),
    ] {
        // The package's own properties: `cursor=0`, an empty page.
        let default = route(&properties(false), resource, operation, &[phone()]);
        assert!(
            default.query().contains(&("cursor".into(), "0".into())),
            "{operation}: {default:?}"
        );
        let (status, page) = send(&server, &default).await;
        assert_eq!((status, page["data"].as_array().unwrap().len()), (200, 0));

        let fixed = route(&properties(true), resource, operation, &[phone()]);
        let names: Vec<String> = fixed.query().into_iter().map(|(n, _)| n).collect();
        assert!(
            !names.contains(&"cursor".to_owned()),
            "{operation}: {fixed:?}"
        );
        // A search left alone: none for contacts, the empty default (all
        // groups) for the group list.
        let search = fixed.query().into_iter().find(|(n, _)| n == "search");
        let expected = (operation == "Group List").then(|| ("search".to_owned(), String::new()));
        assert_eq!(search, expected, "{operation}");
        let (status, page) = send(&server, &fixed).await;
        assert_eq!(status, 200, "{page}");
        assert_eq!(page["data"].as_array().unwrap().len(), rows, "{operation}");

        // A cursor the user sets is sent.
        let next = route(
            &properties(true),
            resource,
            operation,
            &[phone(), ("cursor", json!(1))],
        );
        assert!(next.query().contains(&("cursor".into(), "1".into())));
    }
}

#[tokio::test]
async fn the_group_list_left_alone_lists_all_groups() {
    let server = RecordingServer::start(baileys::respond).await;
    // The empty search default goes out in both modes (the package's own
    // properties still send `cursor=0` beside it, see above).
    for fixed in [false, true] {
        let routed = route(&properties(fixed), "Groups", "Group List", &[phone()]);
        assert!(routed.query().contains(&("search".into(), String::new())));
    }
    let routed = route(&properties(true), "Groups", "Group List", &[phone()]);
    let (status, page) = send(&server, &routed).await;
    assert_eq!(status, 200);
    assert_eq!(page["data"].as_array().unwrap().len(), 2);
    assert_eq!(page["data"][0]["id"], baileys::GROUP);
    let team = route(
        &properties(true),
        "Groups",
        "Group List",
        &[phone(), ("search", json!("Team"))],
    );
    let (_, page) = send(&server, &team).await;
    assert_eq!(page["data"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn add_session_sse_gets_its_api_key_in_fixed_mode() {
    let server = RecordingServer::start(baileys::respond).await;
    let new_phone = ("phone", json!("6281111111111"));
    // The package sends only the credential's header, which the route
    // ignores: 403.
    let default = route(
        &properties(false),
        "Sessions",
        "Add Session SSE",
        std::slice::from_ref(&new_phone),
    );
    assert_eq!(send(&server, &default).await.0, 403);
    let fixed = route(
        &properties(true),
        "Sessions",
        "Add Session SSE",
        &[new_phone],
    );
    assert_eq!(fixed.query(), [("api_key".to_owned(), KEY.to_owned())]);
    let (status, events) = send(&server, &fixed).await;
    assert_eq!(status, 200);
    assert!(
        events
            .as_str()
            .unwrap()
            .starts_with("data: {\"connection\":\"connecting\"}"),
        "{events}"
    );
    assert_eq!(server.last().raw_path, "/sessions/6281111111111/add-sse");
}

#[tokio::test]
async fn send_message_left_alone_sends_a_text_and_no_options_that_quote() {
    let server = RecordingServer::start(baileys::respond).await;
    let routed = route(
        &properties(true),
        "Messages",
        "Send Message",
        &[phone(), ("jid", json!(baileys::JID))],
    );
    let body = routed.body.clone().unwrap();
    assert_eq!(
        body["message"],
        json!({"text": "Hello", "mentions": ["6281234567890@s.whatsapp.net"]})
    );
    assert_eq!(body["options"], json!({}));
    let (status, sent) = send(&server, &routed).await;
    assert_eq!(status, 200, "{sent}");
    assert_eq!(sent["messageTimestamp"], 1700000500);
}
