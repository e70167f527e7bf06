//! A client an earlier generator wrote still builds and passes its test
//! against the current runtime: `tests/compat/wire-client-0.1.0` (see its
//! README), pinned, never regenerated, copied into
//! `target/standalone/compat-wire-client` with its runtime dependency
//! pointed at this checkout's `runtime/`.

use e2e_tests::{cargo_in_standalone, repo_root};

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn the_client_of_the_previous_generator_works_on_the_current_runtime() {
    let root = repo_root();
    let out = root.join("target/standalone/compat-wire-client");
    let _ = std::fs::remove_dir_all(&out);
    copy_dir(&root.join("tests/compat/wire-client-0.1.0"), &out);
    let manifest = out.join("Cargo.toml");
    let mut table: toml::Table = std::fs::read_to_string(&manifest).unwrap().parse().unwrap();
    let runtime = std::fs::canonicalize(root.join("runtime")).unwrap();
    table["dependencies"]["openapi-wa-runtime"]["path"] =
        toml::Value::String(runtime.to_string_lossy().into_owned());
    let mut text = toml::to_string(&table).unwrap();
    // Tokio's features as in the other crates of the shared target
    // directory (no `rt-multi-thread`), so tokio and the crates above it are
    // built once for all of them.
    text.push_str(
        "\n[dev-dependencies]\ntokio = { version = \"1\", features = [\"macros\", \"rt\", \"net\", \"io-util\"] }\n",
    );
    std::fs::write(&manifest, text).unwrap();
    cargo_in_standalone(&out, &["test", "--quiet"]);
}
