//! `cargo xtask codegen`: the committed client is what the generator makes of
//! the spec, generation is deterministic, and standalone crates for real
//! documents build and pass clippy.

use std::path::{Path, PathBuf};
use std::process::Command;

use e2e_tests::{repo_root, shared};
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
    let target = repo_root().join("target/standalone-target");
    let output = Command::new(env!("CARGO"))
        .args(["clippy", "--quiet", "--all-targets", "--", "-D", "warnings"])
        .current_dir(&out)
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "{name} does not build cleanly:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    out
}

#[test]
fn standalone_crates_for_real_documents_build_and_pass_clippy() {
    // One test, so the crates build one after the other and share the
    // dependency build.
    let waha = check_standalone(&shared("specs/waha-2024.9.2.json"), "waha-client");
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
    let pets = std::fs::read_to_string(petstore.join("src/pet.rs")).unwrap();
    assert!(pets.contains("pub async fn upload_file("), "{pets}");
}

/// Documents that describe only schemas, or only the webhooks a server sends
/// (no `paths`), are real (payment providers publish their notifications this
/// way). The n8n package refuses them ("No operations found"), which must not
/// stop the crate: its models are the point; its n8n properties are empty.
#[test]
fn a_document_without_operations_generates_a_models_only_crate() {
    let dir = tempfile::tempdir().unwrap();
    for (file, text) in [
        (
            "schemas.yaml",
            "openapi: 3.0.3\ninfo: {title: Schemas only, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Pet:\n      type: object\n      required: [name]\n      properties:\n        name: {type: string}\n",
        ),
        (
            "webhooks.yaml",
            "openapi: 3.1.0\ninfo: {title: Notifications, version: '1'}\nwebhooks:\n  pet.created:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/Pet'}\n      responses:\n        '200': {description: ok}\ncomponents:\n  schemas:\n    Pet:\n      type: object\n      properties:\n        name: {type: string}\n",
        ),
    ] {
        let spec = dir.path().join(file);
        std::fs::write(&spec, text).unwrap();
        let out = dir.path().join(file.replace(".yaml", ""));
        codegen::standalone(&spec, &out, None).unwrap_or_else(|e| panic!("{file}: {e}"));
        let models = std::fs::read_to_string(out.join("src/models.rs")).unwrap();
        assert!(models.contains("pub struct Pet {"), "{file}: {models}");
        let properties = std::fs::read_to_string(out.join("src/n8n_properties.json")).unwrap();
        assert_eq!(properties, "[]", "{file}");
    }
}
