//! `spec/whatsapp-http-api.yaml`: valid OpenAPI 3.0.3 by a real validator,
//! and shaped as the project requires (29 operations in five resources, the
//! `phone` session parameter, per-operation security, binary and SSE bodies).

use std::process::Command;

use e2e_tests::{node_tools, repo_root};
use generator::model::{ParameterLocation, SchemaRef, SecurityScheme};
use serde_json::{Value, json};

fn validate(files: &[&std::path::Path]) -> (bool, String) {
    let tools = node_tools();
    let output = Command::new("node")
        .arg(tools.join("validate-spec.mjs"))
        .args(files)
        .output()
        .expect("node runs");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned()
            + &String::from_utf8_lossy(&output.stderr),
    )
}

#[test]
fn the_spec_passes_swagger_parser_validation() {
    let spec = repo_root().join("spec/whatsapp-http-api.yaml");
    let (ok, output) = validate(&[&spec]);
    assert!(ok, "{output}");
    assert!(output.starts_with("valid: "), "{output}");
}

#[test]
fn the_validator_rejects_a_broken_copy() {
    // Proves the validation above is not vacuous: the same tool refuses the
    // spec once a reference dangles and a type is wrong.
    let text = std::fs::read_to_string(repo_root().join("spec/whatsapp-http-api.yaml")).unwrap();
    let broken = text
        .replace(
            "$ref: \"#/components/schemas/ChatPage\"",
            "$ref: \"#/components/schemas/NoSuchPage\"",
        )
        .replace("type: boolean", "type: yes-or-no");
    assert_ne!(broken, text);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.yaml");
    std::fs::write(&path, broken).unwrap();
    let (ok, output) = validate(&[&path]);
    assert!(!ok, "{output}");
    assert!(output.contains("invalid: "), "{output}");
}

#[test]
fn the_spec_has_the_projects_shape() {
    let (document, model) =
        generator::load_model(&repo_root().join("spec/whatsapp-http-api.yaml")).unwrap();
    assert_eq!(document.openapi, "3.0.3");
    assert!(model.warnings.is_empty(), "{:?}", model.warnings);
    assert_eq!(model.operations.len(), 29);
    let resources: Vec<(&str, usize)> = model
        .resources
        .iter()
        .map(|r| (r.tag.as_str(), r.operations.len()))
        .collect();
    assert_eq!(
        resources,
        [
            ("Sessions", 6),
            ("Chats", 3),
            ("Contacts", 5),
            ("Groups", 10),
            ("Messages", 5)
        ]
    );

    // The session is the `phone` path parameter wherever a route acts on one.
    for op in &model.operations {
        let path_params: Vec<&str> = op
            .parameters_in(ParameterLocation::Path)
            .map(|p| p.name.as_str())
            .collect();
        if op.path.contains('{') {
            assert_eq!(path_params.first(), Some(&"phone"), "{}", op.path);
        }
        assert!(!path_params.contains(&"sessionId"), "{}", op.path);
    }

    let sse = model
        .operations
        .iter()
        .find(|op| op.operation_id.as_deref() == Some("addSessionSSE"))
        .unwrap();
    assert_eq!(sse.path, "/sessions/{phone}/add-sse");
    let names: Vec<&str> = sse.parameters.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["phone"]);
    let schemes: Vec<&str> = sse
        .security
        .iter()
        .flat_map(|r| r.schemes.iter().map(|(n, _)| n.as_str()))
        .collect();
    assert_eq!(schemes, ["apiKeyQuery"]);
    assert_eq!(
        model.security_schemes["apiKeyQuery"],
        SecurityScheme::ApiKey {
            location: ParameterLocation::Query,
            name: "api_key".into(),
            description: model.security_schemes["apiKeyQuery"]
                .description()
                .map(str::to_owned)
        }
    );
    let sse_media = &sse.success_responses()[0].content[0];
    assert!(sse_media.is_event_stream());
    assert_eq!(
        sse_media.schema,
        Some(SchemaRef::Named("SessionEvent".into()))
    );

    for op in model
        .operations
        .iter()
        .filter(|op| op.operation_id.as_deref() != Some("addSessionSSE"))
    {
        let schemes: Vec<&str> = op
            .security
            .iter()
            .flat_map(|r| r.schemes.iter().map(|(n, _)| n.as_str()))
            .collect();
        assert_eq!(schemes, ["apiKeyHeader"], "{}", op.path);
    }
    assert!(
        matches!(&model.security_schemes["apiKeyHeader"], SecurityScheme::ApiKey { location: ParameterLocation::Header, name, .. } if name == "x-api-key")
    );

    let download = model
        .operations
        .iter()
        .find(|op| op.operation_id.as_deref() == Some("downloadMessageMedia"))
        .unwrap();
    // The server answers with the media's own type, never octet-stream.
    let media: Vec<&str> = download.success_responses()[0]
        .content
        .iter()
        .map(|c| c.media_type.as_str())
        .collect();
    assert_eq!(media, ["image/*", "video/*", "audio/*", "application/*"]);

    assert_eq!(model.servers[0].url, "{baseUrl}");
    assert_eq!(model.servers[0].default_url(), "http://localhost:3000");

    for schema in [
        "ErrorResponse",
        "ValidationErrorResponse",
        "ChatPage",
        "MessagePage",
        "ContactPage",
        "GroupPage",
        "SessionEvent",
        "Presence",
        "GroupSetting",
        "ParticipantAction",
        "BlockAction",
        "SessionStatus",
    ] {
        assert!(
            model.schemas.contains_key(schema),
            "missing schema {schema}"
        );
    }
}

#[test]
fn every_body_is_a_named_schema() {
    let raw: Value = generator::load::load_path(&repo_root().join("spec/whatsapp-http-api.yaml"))
        .unwrap()
        .raw;
    for (path, item) in raw["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let bodies = op["requestBody"]["content"]
                .as_object()
                .into_iter()
                .flatten()
                .chain(
                    op["responses"]
                        .as_object()
                        .unwrap()
                        .values()
                        .flat_map(|r| r["content"].as_object().into_iter().flatten()),
                );
            for (media, content) in bodies {
                let schema = &content["schema"];
                let named = schema.get("$ref").is_some()
                    || schema["items"].get("$ref").is_some()
                    || schema["format"] == "binary"
                    || (schema["type"] == "array" && schema["items"]["type"] == "string");
                assert!(
                    named,
                    "{method} {path} {media}: inline body schema {schema}"
                );
            }
        }
    }
}

/// What the real server was measured to answer (`seed-api.md` section 6),
/// as the spec must say it.
#[test]
fn the_spec_says_what_the_real_server_answers() {
    let raw: Value = generator::load::load_path(&repo_root().join("spec/whatsapp-http-api.yaml"))
        .unwrap()
        .raw;
    let op = |path: &str, method: &str| raw["paths"][path][method].clone();
    let codes = |path: &str, method: &str| -> Vec<String> {
        op(path, method)["responses"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect()
    };
    let components = &raw["components"];
    let resolve = |value: &Value| -> Value {
        match value["$ref"].as_str() {
            Some(pointer) => raw
                .pointer(pointer.trim_start_matches('#'))
                .cloned()
                .unwrap(),
            None => value.clone(),
        }
    };

    // List routes never check the session; they refuse a non-numeric cursor.
    for path in [
        "/{phone}/chats",
        "/{phone}/chats/{jid}",
        "/{phone}/contacts",
        "/{phone}/groups",
        "/{phone}/messages",
    ] {
        assert_eq!(codes(path, "get"), ["200", "400", "403", "500"], "{path}");
        for parameter in op(path, "get")["parameters"].as_array().unwrap() {
            let parameter = resolve(parameter);
            if parameter["name"] == "cursor" {
                // No default or example: n8n and Prism would send `cursor=0`.
                assert_eq!(parameter["schema"]["type"], "integer");
                for key in ["default", "example"] {
                    assert!(parameter.get(key).is_none(), "{path}: cursor {key}");
                    assert!(parameter["schema"].get(key).is_none(), "{path}: {key}");
                }
            }
            if parameter["name"] == "limit" {
                assert_eq!(parameter["schema"]["type"], "integer");
            }
        }
    }
    // The group list sends an empty search unless told otherwise.
    let search = op("/{phone}/groups", "get")["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(&resolve)
        .find(|p| p["name"] == "search")
        .unwrap();
    assert_eq!(search["schema"]["default"], "");
    assert_eq!(
        resolve(
            &raw["paths"]["/{phone}/groups"]["get"]["responses"]["200"]["content"]["application/json"]
                ["schema"]
        )["properties"]["data"]["items"]["$ref"],
        "#/components/schemas/Contact"
    );

    // `{error}` 400s beside the validation ones, and the 500s of the
    // WhatsApp-backed routes.
    for (path, method) in [
        ("/{phone}/chats/{jid}/presence", "post"),
        ("/{phone}/groups/{jid}/presence", "post"),
        ("/{phone}/contacts/blocklist/update", "post"),
        ("/{phone}/messages/send", "post"),
        ("/{phone}/messages/delete", "delete"),
        ("/{phone}/groups/create", "post"),
        ("/{phone}/groups/{jid}/update/subject", "put"),
        ("/sessions/add", "post"),
    ] {
        assert_eq!(
            op(path, method)["responses"]["400"]["$ref"],
            "#/components/responses/BadRequest",
            "{method} {path}"
        );
    }
    for path in [
        "/{phone}/contacts/{jid}/photo",
        "/{phone}/groups/{jid}/photo",
    ] {
        assert_eq!(
            op(path, "get")["responses"]["400"]["$ref"],
            "#/components/responses/UnknownJid"
        );
    }
    for (path, method) in [
        ("/{phone}/contacts/blocklist", "get"),
        ("/{phone}/contacts/blocklist/update", "post"),
        ("/{phone}/contacts/{jid}", "get"),
        ("/{phone}/contacts/{jid}/photo", "get"),
        ("/{phone}/groups/{jid}/photo", "get"),
        ("/{phone}/groups/{jid}", "get"),
        ("/{phone}/groups/{jid}", "delete"),
        ("/{phone}/groups/create", "post"),
        ("/{phone}/groups/{jid}/update/participants", "put"),
        ("/{phone}/groups/{jid}/update/subject", "put"),
        ("/{phone}/groups/{jid}/update/description", "put"),
        ("/{phone}/groups/{jid}/update/setting", "put"),
        ("/{phone}/messages/send", "post"),
        ("/{phone}/messages/download", "post"),
        ("/{phone}/messages/delete", "delete"),
    ] {
        assert!(
            codes(path, method).contains(&"500".to_owned()),
            "{method} {path}: no 500"
        );
    }
    assert_eq!(
        op("/{phone}/messages/send/bulk", "post")["responses"]["500"]["content"]["application/json"]
            ["schema"]["$ref"],
        "#/components/schemas/BulkSendResponse"
    );

    // 64-bit columns are strings of digits.
    for (schema, column) in [
        ("Chat", "conversationTimestamp"),
        ("Chat", "pinned"),
        ("Chat", "createdAt"),
        ("WebMessage", "messageTimestamp"),
        ("WebMessage", "revokeMessageTimestamp"),
    ] {
        let property = &components["schemas"][schema]["properties"][column];
        assert_eq!(
            (&property["type"], &property["format"]),
            (&json!("string"), &json!("int64")),
            "{schema}.{column}"
        );
    }
    assert!(
        components["schemas"]["Chat"]["properties"]
            .get("mute")
            .is_none()
    );

    // The SSE route: not idempotent, `{error}` events typed.
    let sse = op("/sessions/{phone}/add-sse", "get");
    assert_eq!(sse["x-idempotent"], false);
    assert_eq!(
        sse["responses"]["200"]["content"]["text/event-stream"]["x-error-schema"]["$ref"],
        "#/components/schemas/ErrorResponse"
    );
}
