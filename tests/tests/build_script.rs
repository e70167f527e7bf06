//! The generator as users take it into their own builds: a crate outside
//! this workspace whose `build.rs` generates a client with
//! `Generator::build_script` and includes it in a module, calling a server
//! on 127.0.0.1; a standalone crate as a member of a user's workspace; and
//! nothing WhatsApp-specific in the runtime or in other documents' clients.
//!
//! The temporary crates build in `target/standalone-target`, the target
//! directory the other standalone crates share, so dependencies build once.

use std::path::Path;

use e2e_tests::server::{RecordingServer, Reply};
use e2e_tests::{repo_root, shared};
use generator::codegen;
use serde_json::json;

use e2e_tests::cargo_in_standalone as cargo;
use e2e_tests::standalone_target as target_dir;

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A TOML string for a path.
fn toml_path(path: &Path) -> String {
    format!("{:?}", path.display().to_string())
}

/// The workspace's lock file, so the temporary crates resolve to the
/// versions already built (Cargo prunes what they do not use).
fn copy_lock(dir: &Path) {
    std::fs::copy(repo_root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_crate_outside_the_workspace_generates_its_client_in_build_rs_and_calls_a_server() {
    let server = RecordingServer::start(|request| match request.raw_path.as_str() {
        "/pets" => Reply::json(
            200,
            json!([{"id": "7", "name": "Rex", "tag": {"colour": "brown"}, "photos": []}]),
        ),
        "/pets/7" => Reply::json(200, json!({"id": "7", "name": "Rex"})),
        _ => Reply::json(404, json!({"message": "no such pet"})),
    })
    .await;
    let root = repo_root();
    let example = root.join("examples/build-script");
    let dir = tempfile::tempdir().unwrap();
    let app = std::fs::canonicalize(dir.path()).unwrap();
    // The example crate's files, with a manifest naming this checkout by
    // path and a workspace of its own (it lives outside this one).
    for file in ["build.rs", "src/main.rs", "petstore.yaml"] {
        write(
            &app.join(file),
            &std::fs::read_to_string(example.join(file)).unwrap(),
        );
    }
    // The bundled file, with an array that says nothing of its items: a
    // repair the build reports as a Cargo warning.
    let pet = std::fs::read_to_string(example.join("schemas/pet.yaml")).unwrap();
    write(
        &app.join("schemas/pet.yaml"),
        &format!("{pet}  photos: {{type: array}}\n"),
    );
    write(
        &app.join("Cargo.toml"),
        &format!(
            "[package]\nname = \"pets-app\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
             [workspace]\n\n\
             [dependencies]\nopenapi-wa-runtime = {{ path = {} }}\n\
             serde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\n\
             tokio = {{ version = \"1\", features = [\"rt\", \"macros\"] }}\n\n\
             [build-dependencies]\nopenapi-wa-generator = {{ path = {} }}\n",
            toml_path(&root.join("runtime")),
            toml_path(&root.join("generator")),
        ),
    );
    copy_lock(&app);

    let build = tokio::task::spawn_blocking({
        let app = app.clone();
        move || cargo(&app, &["build"])
    })
    .await
    .unwrap();
    let stderr = String::from_utf8_lossy(&build.stderr);
    assert!(
        // Named where the schema is written: schemas/pet.yaml, not the root.
        stderr.contains("warning: pets-app@0.1.0: schemas/pet.yaml: #/properties/photos: array schema has no `items`"),
        "{stderr}"
    );
    // The build script reruns when the document or a file it bundles changes.
    let outputs = std::fs::read_dir(target_dir().join("debug/build"))
        .unwrap()
        .filter_map(|entry| std::fs::read_to_string(entry.ok()?.path().join("output")).ok());
    let bundled = format!(
        "cargo:rerun-if-changed={}",
        app.join("schemas/pet.yaml").display()
    );
    assert!(
        outputs.into_iter().any(
            |text| text.contains("cargo:rerun-if-changed=petstore.yaml\n")
                && text.contains(&bundled)
        ),
        "no build script output names {bundled}"
    );

    // The included code is clippy-clean where it lands, a binary's private
    // module, whatever part of the client the program leaves unused.
    tokio::task::spawn_blocking({
        let app = app.clone();
        move || cargo(&app, &["clippy", "--quiet", "--", "-D", "warnings"])
    })
    .await
    .unwrap();

    let run = |args: Vec<String>| {
        let app = app.clone();
        tokio::task::spawn_blocking(move || {
            let mut full = vec!["run".to_owned(), "--quiet".to_owned(), "--".to_owned()];
            full.extend(args);
            let full: Vec<&str> = full.iter().map(String::as_str).collect();
            String::from_utf8(cargo(&app, &full).stdout).unwrap()
        })
    };
    let found = run(vec![server.base_url.clone(), "7".into()])
        .await
        .unwrap();
    assert_eq!(
        found,
        "7 Rex\noperations: listPets, showPetById\nfound 7: Rex\n"
    );
    let paths: Vec<(String, Option<String>)> = server
        .requests()
        .iter()
        .map(|r| (r.raw_path.clone(), r.query.clone()))
        .collect();
    assert_eq!(
        paths,
        [
            ("/pets".to_owned(), Some("limit=10".to_owned())),
            ("/pets/7".to_owned(), None)
        ]
    );
    // A 404 says what the document's `x-error-hint` says.
    let missing = run(vec![server.base_url.clone(), "8".into()])
        .await
        .unwrap();
    assert!(
        missing.ends_with(
            "showPetById: not found (404): no such pet. Check the pet's id (`pets().list()` lists them)\n"
        ),
        "{missing}"
    );
}

#[test]
fn a_standalone_waha_crate_is_a_member_of_the_users_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        &root.join("Cargo.toml"),
        "[workspace]\nresolver = \"3\"\nmembers = [\"app\", \"clients/*\"]\n",
    );
    let waha = root.join("clients/waha");
    e2e_tests::standalone(
        &shared("specs/waha-2024.9.2.json"),
        &waha,
        Some("waha-client"),
    )
    .unwrap();
    // A second client in the same build shares the runtime.
    e2e_tests::standalone(
        &shared("specs/petstore.json"),
        &root.join("clients/petstore"),
        Some("petstore-client"),
    )
    .unwrap();
    let manifest = std::fs::read_to_string(waha.join("Cargo.toml")).unwrap();
    let manifest: toml::Table = manifest.parse().unwrap();
    assert!(!manifest.contains_key("workspace"), "{manifest}");
    write(
        &root.join("app/Cargo.toml"),
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nwaha-client = { path = \"../clients/waha\" }\n\
         petstore-client = { path = \"../clients/petstore\" }\n",
    );
    write(
        &root.join("app/src/main.rs"),
        "fn main() {\n    let client = waha_client::Client::builder()\n        .base_url(\"http://127.0.0.1:3000\")\n        .build()\n        .unwrap();\n    let _sessions = client.sessions();\n    let pets = petstore_client::Client::builder()\n        .base_url(client.base_url())\n        .build()\n        .unwrap();\n    let _pets = pets.pet();\n    println!(\"{}\", client.base_url());\n}\n",
    );
    copy_lock(root);
    cargo(root, &["build", "--quiet", "--workspace"]);
    let metadata = cargo(root, &["metadata", "--no-deps", "--format-version", "1"]);
    let metadata: serde_json::Value = serde_json::from_slice(&metadata.stdout).unwrap();
    let member_ids = metadata["workspace_members"].as_array().unwrap();
    let mut members: Vec<&str> = metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| member_ids.contains(&p["id"]))
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    members.sort_unstable();
    assert_eq!(members, ["app", "petstore-client", "waha-client"]);
    assert_eq!(
        metadata["workspace_root"].as_str(),
        Some(std::fs::canonicalize(root).unwrap().to_str().unwrap())
    );
    // One runtime package in the build: compiled once for both clients.
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).unwrap();
    assert_eq!(lock.matches("name = \"openapi-wa-runtime\"").count(), 1);
}

/// Words of the WhatsApp API that have no place in the runtime or in a
/// client for another document.
fn whatsapp_words(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    let mut found: Vec<String> = ["session", "phone", "whatsapp", "baileys", "waha"]
        .iter()
        .filter(|word| lower.contains(*word))
        .map(|word| (*word).to_owned())
        .collect();
    // Whole words only, and `-`/`_` join words: `openapi-wa-runtime` is a
    // name, `wa sessions list` is the WhatsApp command line.
    for word in lower.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_')) {
        if matches!(word, "wa" | "jid" | "jids") && !found.iter().any(|f| f == word) {
            found.push(word.to_owned());
        }
    }
    found
}

#[test]
fn no_whatsapp_wording_in_the_runtime_or_in_other_documents_clients() {
    let root = repo_root();
    let mut runtime = vec![root.join("runtime/Cargo.toml")];
    for entry in std::fs::read_dir(root.join("runtime/src")).unwrap() {
        runtime.push(entry.unwrap().path());
    }
    for path in runtime {
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            whatsapp_words(&text),
            Vec::<String>::new(),
            "{}",
            path.display()
        );
    }
    // The test can fail: the committed client is full of such words.
    let committed = std::fs::read_to_string(root.join("generated-client/src/sessions.rs")).unwrap();
    assert!(whatsapp_words(&committed).contains(&"phone".to_owned()));

    // A client for another document: only the words its document uses
    // (petstore has a `phone` field and a "user session").
    for document in [
        shared("specs/petstore.json"),
        root.join("examples/build-script/petstore.yaml"),
    ] {
        let own = whatsapp_words(&std::fs::read_to_string(&document).unwrap());
        let not_its_own = |text: &str| -> Vec<String> {
            whatsapp_words(text)
                .into_iter()
                .filter(|w| !own.contains(w))
                .collect()
        };
        let (_, files) = codegen::client_sources(&document, "spec").unwrap();
        for (path, text) in &files {
            assert_eq!(
                not_its_own(text),
                Vec::<String>::new(),
                "{}",
                path.display()
            );
        }
        let included = generator::Generator::new(&document)
            .catalog(true)
            .generate()
            .unwrap();
        assert_eq!(not_its_own(&included.code), Vec::<String>::new());
    }
}
