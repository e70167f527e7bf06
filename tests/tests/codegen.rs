//! `cargo xtask codegen`: the committed client is what the generator makes of
//! the spec, generation is deterministic, and standalone crates for real
//! documents build and pass clippy.

use std::path::{Path, PathBuf};

use e2e_tests::{cargo_in_standalone, repo_root, shared};
use generator::codegen;

#[test]
fn the_committed_client_is_up_to_date() {
    let root = repo_root();
    let stale = codegen::stale_files(
        &root.join(codegen::DEFAULT_SPEC),
        codegen::DEFAULT_SPEC,
        &root.join(codegen::CLIENT_DIR),
    )
    .unwrap();
    assert!(
        stale.is_empty(),
        "generated-client/ is stale; run `cargo xtask codegen` and commit. Stale: {stale:?}"
    );
}

#[test]
fn generation_is_deterministic_and_covers_every_operation() {
    let spec = repo_root().join(codegen::DEFAULT_SPEC);
    let (model, first) = codegen::client_sources(&spec, codegen::DEFAULT_SPEC).unwrap();
    let (_, second) = codegen::client_sources(&spec, codegen::DEFAULT_SPEC).unwrap();
    assert_eq!(first, second);
    let modules: Vec<String> = first
        .keys()
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    for module in ["sessions", "chats", "contacts", "groups", "messages"] {
        assert!(modules.contains(&module.to_owned()), "{modules:?}");
    }
    let methods: usize = first
        .values()
        .map(|text| text.matches("pub async fn ").count())
        .sum();
    assert_eq!(model.operations.len(), 29);
    assert_eq!(
        methods, 29,
        "one method per operation (no operation of this spec has two response kinds)"
    );
}

#[test]
fn failed_generation_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("crate");
    std::fs::create_dir_all(out.join("src")).unwrap();
    std::fs::write(out.join("src/lib.rs"), "// previous output\n").unwrap();
    let bad = dir.path().join("bad.yaml");
    std::fs::write(&bad, "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {$ref: '#/components/responses/Nope'}\n").unwrap();
    let err = codegen::standalone(&bad, &out, None).unwrap_err();
    assert!(err.contains("#/paths/~1a/get/responses/200/$ref"), "{err}");
    assert_eq!(
        std::fs::read_to_string(out.join("src/lib.rs")).unwrap(),
        "// previous output\n"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 2, "{leftovers:?}");
}

/// Generates a standalone crate and runs `cargo clippy -- -D warnings` on it
/// (which builds it), sharing one target directory between runs.
fn check_standalone(spec: &Path, name: &str) -> PathBuf {
    let out = repo_root().join("target/standalone").join(name);
    codegen::standalone(spec, &out, Some(name)).unwrap();
    cargo_in_standalone(
        &out,
        &["clippy", "--quiet", "--all-targets", "--", "-D", "warnings"],
    );
    out
}

#[test]
fn standalone_crates_for_real_documents_build_and_pass_clippy() {
    // One test, so the crates build one after the other and share the
    // dependency build.
    let waha = check_standalone(&shared("specs/waha-2024.9.2.json"), "waha-client");
    let waha_2026 = check_standalone(&shared("specs/waha-2026.7.1.json"), "waha-2026-client");
    let petstore = check_standalone(&shared("specs/petstore.json"), "petstore-client");
    check_standalone(
        &shared("specs/whatsapi-baileys-2.0.0.json"),
        "whatsapi-client",
    );

    // The WAHA session is a plain string path parameter: `/api/default/...`,
    // never a JSON-quoted value.
    let sessions = std::fs::read_to_string(waha.join("src/sessions.rs")).unwrap();
    assert!(
        sessions.contains("pub async fn get(&self, session: &str)"),
        "{sessions}"
    );
    // Both image and JSON answers of the QR route are reachable.
    let auth = std::fs::read_to_string(waha.join("src/auth.rs")).unwrap();
    assert!(
        auth.contains("pub async fn get_qr(") && auth.contains("pub async fn get_qr_bytes("),
        "{auth}"
    );
    // 2026.7.1: the session is still a plain string, and the property the
    // document marked `required: true` inside its schema is a required field
    // (nullable, so `null` is sent rather than the key left out).
    let sessions = std::fs::read_to_string(waha_2026.join("src/sessions.rs")).unwrap();
    assert!(
        sessions.contains("pub async fn get(\n        &self,\n        session: &str,"),
        "{sessions}"
    );
    let models = std::fs::read_to_string(waha_2026.join("src/models.rs")).unwrap();
    let worker = models
        .split("pub struct WahaEnvironmentWorker {")
        .nth(1)
        .and_then(|rest| rest.split('}').next())
        .unwrap_or_else(|| panic!("no WahaEnvironmentWorker in the models"));
    assert!(
        worker.contains("pub id: Option<String>,") && !worker.contains("skip_serializing_if"),
        "{worker}"
    );
    let pets = std::fs::read_to_string(petstore.join("src/pet.rs")).unwrap();
    assert!(pets.contains("pub async fn upload_file("), "{pets}");
}

#[test]
fn documents_that_once_tripped_clippy_give_clean_crates() {
    // `lints`: nine required query parameters, properties `+1`, `-1`, `foo`
    // and `baz`, duplicate enum values, a nine-deep array. `no-fields`: an
    // operation without a parameter or body (nothing for `metadata.rs` to
    // import but `OperationMeta`).
    let root = repo_root();
    let lints = check_standalone(&root.join("tests/wire/lints.openapi.json"), "lints-client");
    check_standalone(
        &root.join("tests/wire/no-fields.openapi.json"),
        "no-fields-client",
    );
    let models = std::fs::read_to_string(lints.join("src/models.rs")).unwrap();
    let level = models
        .split("pub enum OddLevel {")
        .nth(1)
        .and_then(|rest| rest.split('}').next())
        .unwrap_or_else(|| panic!("no OddLevel in the models:\n{models}"));
    assert_eq!(level.matches("Low,").count(), 1, "{level}");
}

#[test]
fn a_document_the_n8n_package_refuses_still_gets_a_client() {
    // No tags, and a cookie parameter on every operation: the n8n package
    // drops each operation (it knows no cookie fields) and then refuses the
    // document for having none left. The Rust client does not depend on it.
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("cookies.json");
    std::fs::write(
        &spec,
        r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": {
            "operationId": "getA",
            "parameters": [{"name": "sid", "in": "cookie", "schema": {"type": "string"}}],
            "responses": {"204": {"description": "ok"}}}}}}"#,
    )
    .unwrap();
    let (model, files) = codegen::client_sources(&spec, "cookies.json").unwrap();
    assert_eq!(files[Path::new("src/n8n_properties.json")], "[]\n");
    assert!(files[Path::new("src/default.rs")].contains("pub async fn get_a("));
    let warning = model.warnings.last().unwrap().to_string();
    assert!(
        warning.contains("the n8n package refuses this document")
            && warning.contains("Error: No operations found"),
        "{warning}"
    );
}

#[test]
fn a_document_without_operations_is_refused_in_rust_terms() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("empty.json");
    std::fs::write(
        &spec,
        r#"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}}"#,
    )
    .unwrap();
    let err = codegen::client_sources(&spec, "empty.json").unwrap_err();
    assert!(
        err.ends_with("empty.json#/paths: the document has no operations, so there is no client to generate; declare at least one under `paths`"),
        "{err}"
    );
}
