//! `spec/whatsapp-http-api.yaml`: valid OpenAPI 3.0.3 by a real validator,
//! and shaped as the project requires (29 operations in five resources, the
//! `phone` session parameter, per-operation security, binary and SSE bodies).

use std::process::Command;

use e2e_tests::{node_tools, repo_root};
use generator::model::{ParameterLocation, SchemaRef, SecurityScheme};
use serde_json::Value;

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
    assert_eq!(
        download.success_responses()[0].content[0].media_type,
        "application/octet-stream"
    );

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
