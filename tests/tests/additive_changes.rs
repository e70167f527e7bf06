//! Additive changes to the project's document do not break a program
//! written against the client generated before them: a new optional
//! response field, a new operation, a new enum value and a new optional
//! parameter (on an operation that had options and on one that had none)
//! are minor changes, as `generator::diff` says and the compiler agrees.

use std::path::Path;

use e2e_tests::{cargo_in_standalone, repo_root};
use generator::diff::{Audience, Bump};
use serde_json::{Value, json};

/// A program that uses the client as the README shows: options from
/// `Default` and setters, bodies from constructors, matches with a `_` arm
/// (the enums are `#[non_exhaustive]`), response fields read by name.
const PROGRAM: &str = r#"
use additive_client::models::{
    ConnectionState, MessageContent, RecipientType, SendMessageRequest, SessionStatus, TextContent,
};
use additive_client::{Client, Error, chats::ChatListOptions, events::Event};

pub async fn run(client: &Client) -> Result<usize, Error> {
    let mut seen = 0;
    for session in client.sessions().list(&Default::default()).await? {
        match session.status {
            SessionStatus::Connected => seen += 1,
            SessionStatus::Other(_) => {}
            _ => {}
        }
        let _: &str = &session.id;
    }
    let status = client.sessions().status("6281234567890", &Default::default()).await?;
    if status.status == SessionStatus::Authenticated {
        seen += 1;
    }
    let options = ChatListOptions::default().with_limit(10);
    let page = client.chats().list("6281234567890", &options).await?;
    seen += page.data.len();
    let mut next = options.clone();
    next.cursor = page.cursor;
    let body = SendMessageRequest::new("6289876543210@s.whatsapp.net", MessageContent::TextContent(TextContent::new("hi")))
        .with_type(RecipientType::Number);
    let sent = client.messages().send("6281234567890", &body, &Default::default()).await?;
    let _ = sent.key.id;
    let mut events = client.sessions().add_sse("6281234567890", &Default::default()).await?;
    while let Some(event) = events.next().await {
        if event?.data.connection == Some(ConnectionState::Open) {
            break;
        }
    }
    Ok(seen)
}

pub fn name(event: &Event) -> &str {
    match event {
        Event::Other { .. } => "other",
        _ => event.name().unwrap_or("?"),
    }
}
"#;

/// The project's document with the four additive changes.
fn with_additions(document: &Value) -> Value {
    let mut document = document.clone();
    let schemas = &mut document["components"]["schemas"];
    // An optional response field.
    schemas["SessionSummary"]["properties"]["lastSeen"] =
        json!({"type": "integer", "description": "When the session was last seen."});
    // An enum value.
    schemas["SessionStatus"]["enum"]
        .as_array_mut()
        .unwrap()
        .push(json!("paused"));
    let paths = &mut document["paths"];
    // A new operation.
    paths["/sessions/{phone}/restart"] = json!({"post": {
        "operationId": "restartSession",
        "summary": "Restart Session",
        "tags": ["Sessions"],
        "parameters": [{"$ref": "#/components/parameters/Phone"}],
        "responses": {"200": {"description": "Restarted.", "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/SessionStatusResponse"}}}}}
    }});
    // An optional parameter, on an operation without options until now and
    // on one that has some.
    let verbose = json!({"name": "verbose", "in": "query", "required": false,
        "description": "Say more.", "schema": {"type": "boolean"}});
    paths["/sessions/{phone}/status"]["get"]["parameters"]
        .as_array_mut()
        .unwrap()
        .push(verbose.clone());
    paths["/{phone}/chats"]["get"]["parameters"]
        .as_array_mut()
        .unwrap()
        .push(verbose);
    document
}

fn write_json(path: &Path, value: &Value) {
    std::fs::write(path, serde_json::to_string_pretty(value).unwrap()).unwrap();
}

#[test]
fn a_program_against_the_old_client_compiles_against_the_new_one() {
    let root = repo_root().join("target/standalone/additive");
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).unwrap();
    let original = generator::load::load_path(&repo_root().join(e2e_tests::DEFAULT_SPEC))
        .unwrap()
        .raw;
    let (old_spec, new_spec) = (root.join("old.json"), root.join("new.json"));
    write_json(&old_spec, &original);
    write_json(&new_spec, &with_additions(&original));

    // The diff calls it a minor change: nothing breaks for Rust callers.
    let report = generator::diff::diff_files(&old_spec, &new_spec).unwrap();
    let rust: Vec<_> = report.of(Audience::Rust).collect();
    assert!(!report.breaks(Some(Audience::Rust)), "{}", report.to_text());
    assert_eq!(report.verdict, Bump::Minor, "{}", report.to_text());
    for kind in [
        "operation-added",
        "optional-parameter-added",
        "field-added",
        "enum-value-added",
    ] {
        assert!(
            rust.iter().any(|c| c.kind == kind),
            "no {kind} in {}",
            report.to_text()
        );
    }

    // The compiler agrees: the program builds against both crates.
    let client = root.join("additive-client");
    e2e_tests::standalone(&old_spec, &client, Some("additive-client")).unwrap();
    let program = root.join("program");
    std::fs::create_dir_all(program.join("src")).unwrap();
    std::fs::write(
        program.join("Cargo.toml"),
        "[package]\nname = \"additive-program\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n\
         [dependencies]\nadditive-client = { path = \"../additive-client\" }\n\n[workspace]\n",
    )
    .unwrap();
    std::fs::write(program.join("src/lib.rs"), PROGRAM).unwrap();
    cargo_in_standalone(&program, &["build", "--quiet"]);
    e2e_tests::standalone(&new_spec, &client, Some("additive-client")).unwrap();
    let sessions = std::fs::read_to_string(client.join("src/sessions.rs")).unwrap();
    assert!(sessions.contains("pub async fn restart("), "{sessions}");
    cargo_in_standalone(&program, &["build", "--quiet"]);
}
