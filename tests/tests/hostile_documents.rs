//! A document written to attack the crate generated from it: descriptions
//! whose code blocks would run as doctests, bidi controls, line breaks in the
//! title and the file name, Markdown that trips clippy's doc lints, and tags
//! named like the crate's own modules and types. The crate must build, pass
//! clippy with `-D warnings`, and `cargo test --doc` must run nothing.

use std::path::Path;
use std::process::Command;

use e2e_tests::repo_root;
use serde_json::{Value, json};

/// A statement that leaves a file named `ran-<name>` in the crate if a
/// doctest runs it.
fn payload(name: &str) -> String {
    format!(
        "std::fs::write(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/ran-{name}\"), \"\").unwrap();"
    )
}

fn hostile_document() -> Value {
    let descriptions = [
        format!("Writes a file:\n```rust\n{}\n```", payload("rust")),
        format!("```\n{}\n```", payload("bare")),
        "A plain JSON example:\n```\n{\"a\": 1}\n```".to_owned(),
        "```json\n{\"a\": 1}\n```".to_owned(),
        format!("Indented:\n\n    {}\n", payload("indented")),
        format!("~~~\n{}\n~~~", payload("tilde")),
        format!("- a list item\n\n      {}\n", payload("list")),
        format!("> quoted\n>\n>     {}\n", payload("quote")),
        "Admins\u{202e} only \u{2066}x\u{2069} \u{200f}here".to_owned(),
        "Steps:\n- first\ncontinued lazily\n   - nested\n          over-indented\n\tTabbed\n> quote\nlazy"
            .to_owned(),
        "ends */ a comment /* and \"quotes\" and \\ a backslash\rbare CR\u{2028}line separator"
            .to_owned(),
        "- [a]: https://example.com/a\n\n> [b]: https://example.com/b\n\nSee <https://x.y> and https://bare.example and [broken] and [`Client`] and <b>bold</b> <unclosed".to_owned(),
    ];
    let tags = [
        "models",
        "lib",
        "main",
        "catalog",
        "metadata",
        "runtime",
        "Client",
        "Error",
        "Method",
        "OperationInfo",
        "request",
        "events",
        "self",
        "Self",
        "super",
        "crate",
        "Err",
    ];
    let mut paths = serde_json::Map::new();
    for (i, tag) in tags.iter().enumerate() {
        let description = &descriptions[i % descriptions.len()];
        paths.insert(
            format!("/{tag}"),
            json!({"get": {
                "operationId": format!("{tag}List"),
                "summary": descriptions[(i + 1) % descriptions.len()],
                "description": description,
                "tags": [tag],
                "parameters": [{"name": "q\"x", "in": "query", "description": description,
                                "schema": {"type": "string"}}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Thing"}}}}}
            }}),
        );
    }
    // Operations named like Rust keywords that cannot be raw, each with a
    // second response kind (a method name built from theirs), a body whose
    // properties are named so too, and a string enum whose values are the
    // names of associated items (`Self::Err` in `FromStr`).
    for name in ["self", "Self", "super", "crate", "Err", "Target"] {
        paths.insert(
            format!("/kw/{name}"),
            json!({"post": {
                "operationId": name,
                "tags": ["Keywords"],
                "parameters": [{"name": name, "in": "query", "schema": {"$ref": "#/components/schemas/Associated"}}],
                "requestBody": {"content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{name}")}}}},
                "responses": {"200": {"description": "ok", "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/G"}},
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                }}}
            }}),
        );
    }
    // A path without its leading `/`: repaired, not dropped.
    paths.insert(
        "kw/relative".to_owned(),
        json!({"get": {"operationId": "relative", "tags": ["Keywords"],
            "responses": {"200": {"description": "ok"}}}}),
    );
    // No tag: the `operations` module; deprecated, answering a deprecated
    // schema with a deprecated property.
    paths.insert(
        "/untagged".to_owned(),
        json!({"get": {"operationId": "untagged", "deprecated": true, "responses": {"200": {
            "description": "old", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Old"}}}
        }}}}),
    );
    let properties: serde_json::Map<String, Value> = descriptions
        .iter()
        .enumerate()
        .map(|(i, d)| {
            (
                format!("field{i}\"*/"),
                json!({"type": "string", "description": d, "default": d}),
            )
        })
        .collect();
    // Webhooks named like the catch-all, alike once in Rust case, with
    // backticks and comment ends; hostile text in their docs.
    let hook_names = ["other", "Other", "a.b", "a-b", "`x`*/", "\u{202e}"];
    let webhooks: serde_json::Map<String, Value> = hook_names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let body = match i % 3 {
                0 => json!({"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}),
                1 => json!({"content": {"application/json": {"schema": {"type": "object", "properties": {"event": {"type": "string"}}}}}}),
                _ => json!({"content": {"text/plain": {"schema": {"type": "string"}}}}),
            };
            let hook = json!({"post": {
                "summary": descriptions[i % descriptions.len()],
                "description": descriptions[(i + 3) % descriptions.len()],
                "requestBody": body,
                "responses": {"200": {"description": "ok"}}
            }});
            ((*name).to_owned(), hook)
        })
        .collect();
    json!({
        "openapi": "3.0.3",
        "x-webhooks": webhooks,
        "info": {
            "title": "Hostile\n[package]\nname = \"taken\" \u{202e}",
            "version": "1\n*/",
            "description": descriptions.join("\n\n"),
        },
        "tags": tags.iter().enumerate().map(|(i, t)| json!({
            "name": t, "description": descriptions[(i + 2) % descriptions.len()]
        })).collect::<Vec<_>>(),
        "paths": paths,
        "components": {"schemas": {
            "Thing": {
                "type": "object",
                "title": descriptions[4],
                "description": descriptions[0],
                "properties": properties,
            },
            "Kind": {
                "type": "string",
                "description": descriptions[1],
                "enum": ["a\nb", "`x`", "\u{202e}", "*/", "```rust"],
            },
            "Default": {"type": "object", "properties": {"x": {"type": "string"}}},
            "Old": {"type": "object", "deprecated": true, "properties": {
                "gone": {"type": "string", "deprecated": true},
                "thing": {"$ref": "#/components/schemas/Thing"}
            }},
            "Client": {"type": "string", "description": descriptions[5]},
            "Associated": {"type": "string", "enum": ["ok", "err", "target", "output", "item", "error", "self", "Self", "super", "crate", "other", "iter", "into_iter"]},
            "self": keyword_schema(),
            "Self": keyword_schema(),
            "super": keyword_schema(),
            "crate": keyword_schema(),
            "Err": keyword_schema(),
            "Target": keyword_schema(),
            // An `allOf` cycle: each is the other, with nothing else.
            "G": {"allOf": [{"$ref": "#/components/schemas/H"}]},
            "H": {"allOf": [{"$ref": "#/components/schemas/G"}]},
        }},
    })
}

/// An object whose properties are named like Rust keywords that cannot be
/// raw, one of them an inline object (a type named after the property).
fn keyword_schema() -> Value {
    json!({"type": "object", "required": ["self"], "properties": {
        "self": {"type": "string"},
        "Self": {"type": "object", "properties": {"crate": {"type": "string"}}},
        "super": {"type": "array", "items": {"type": "object", "properties": {"x": {"type": "integer"}}}},
        "crate": {"$ref": "#/components/schemas/Associated"},
        "kind": {"type": "string", "enum": ["self", "Self", "err"]}
    }})
}

fn cargo(dir: &Path, args: &[&str]) {
    let output = Command::new(env!("CARGO"))
        .args(args)
        .current_dir(dir)
        .env(
            "CARGO_TARGET_DIR",
            repo_root().join("target/standalone-target"),
        )
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "`cargo {}` failed:\n{}\n{}",
        args.join(" "),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_hostile_document_gives_a_crate_that_builds_lints_clean_and_runs_nothing() {
    let dir = tempfile::tempdir().unwrap();
    // A file name that would be a line of code if copied into a header.
    let spec = dir
        .path()
        .join("hostile\ncompile_error!(\"the file name ran\");\n.json");
    std::fs::write(&spec, hostile_document().to_string()).unwrap();
    let out = repo_root().join("target/standalone/hostile-client");
    let _ = std::fs::remove_dir_all(&out);
    e2e_tests::standalone(&spec, &out, Some("hostile-client")).unwrap();

    // Every resource has its own file; none replaced `models.rs` or `lib.rs`.
    let lib = std::fs::read_to_string(out.join("src/lib.rs")).unwrap();
    for module in [
        "models_operations",
        "lib_operations",
        "main_operations",
        "catalog_operations",
        "metadata_operations",
        "runtime_operations",
        "client",
        "error",
        "method",
        "operation_info",
        "request_operations",
        "operations",
        "events_operations",
        "events",
        "self_",
        "super_",
        "crate_",
        "err",
        "keywords",
    ] {
        assert!(
            out.join(format!("src/{module}.rs")).is_file(),
            "{module}: {lib}"
        );
        assert!(
            lib.contains(&format!("pub mod {module};")),
            "{module}: {lib}"
        );
    }
    assert!(!out.join("src/main.rs").exists());
    let keywords = std::fs::read_to_string(out.join("src/keywords.rs")).unwrap();
    assert!(keywords.contains("\"/kw/relative\""), "{keywords}");
    // A variant per webhook, none taking the catch-all's name.
    let events = std::fs::read_to_string(out.join("src/events.rs")).unwrap();
    for variant in [
        "Other2(", "Other3(", "AB(", "AB2(", "X(", "Event(", "Other {",
    ] {
        assert!(events.contains(variant), "{variant}: {events}");
    }

    cargo(
        &out,
        &["clippy", "--quiet", "--all-targets", "--", "-D", "warnings"],
    );
    cargo(&out, &["test", "--quiet", "--doc"]);
    let ran: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("ran-"))
        .collect();
    assert!(ran.is_empty(), "doctests from the document ran: {ran:?}");

    // No generated file holds a bidi control or a code block rustdoc would
    // compile.
    for entry in std::fs::read_dir(out.join("src")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(
                !text.contains(['\u{202e}', '\u{2066}', '\u{2069}', '\u{200f}', '\r']),
                "{}",
                path.display()
            );
            let lines: Vec<&str> = text.lines().collect();
            for (at, line) in lines.iter().enumerate() {
                // The crate root's example is the generator's own code, a
                // `no_run` doctest (`cargo test --doc` above compiled it).
                let ours = path.ends_with("src/lib.rs")
                    && *line == "//! ```no_run"
                    && lines.get(at + 1)
                        == Some(&"//! # async fn example() -> Result<(), hostile_client::Error> {");
                if ours {
                    continue;
                }
                let comment = line.trim_start();
                if let Some(doc) = comment
                    .strip_prefix("///")
                    .or_else(|| comment.strip_prefix("//!"))
                {
                    let doc = doc.trim_start();
                    if doc.starts_with("```") || doc.starts_with("~~~") {
                        let info = doc.trim_start_matches(['`', '~']).trim();
                        // A backtick in the info string makes it a code span.
                        let span = doc.starts_with('`') && info.contains('`');
                        assert!(
                            span || info.is_empty() || info == "text",
                            "{}: {line}",
                            path.display()
                        );
                    }
                }
            }
        }
    }
}
