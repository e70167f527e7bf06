//! The emitted `models.rs` compiles without warnings, passes clippy with
//! `-D warnings`, reads real payloads, and documents without rustdoc warnings.
//!
//! Each document's models go into a small crate of their own (serde and
//! serde_json only, `#![deny(warnings, missing_docs)]`) in one cargo
//! workspace under `target/emit-check`, with a shared target directory, so a
//! second run only recompiles what changed. The payload tests beside this file
//! (`models_payloads/<crate>.rs`) become the crates' integration tests.
//!
//! The documents: WAHA as published (107 schemas), petstore and
//! whatsapi-baileys from `../shared/specs`, and the snapshot documents.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use generator::codegen;

/// A crate to build: its name, the document, and whether it has payload tests.
struct Case {
    name: &'static str,
    spec: PathBuf,
    payloads: bool,
}

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared/specs/<file>` beside the checkout; never copied into the
/// repository, so a missing folder fails with its path.
fn shared_spec(file: &str) -> PathBuf {
    let path = manifest_dir().join("../../shared/specs").join(file);
    assert!(
        path.is_file(),
        "this test needs the shared fixtures folder: {} is missing. Check out the \
         repository beside `shared/` and run again.",
        path.display()
    );
    path
}

fn cases() -> Vec<Case> {
    let snapshots = manifest_dir().join("tests/snapshots/documents");
    vec![
        Case {
            name: "waha",
            spec: shared_spec("waha-2024.9.2.json"),
            payloads: true,
        },
        Case {
            name: "petstore",
            spec: shared_spec("petstore.json"),
            payloads: false,
        },
        Case {
            name: "baileys",
            spec: shared_spec("whatsapi-baileys-2.0.0.json"),
            payloads: false,
        },
        Case {
            name: "objects",
            spec: snapshots.join("objects.yaml"),
            payloads: true,
        },
        Case {
            name: "compositions",
            spec: snapshots.join("compositions.yaml"),
            payloads: true,
        },
    ]
}

/// Writes `contents` unless the file already holds it, so cargo's
/// fingerprints (file times) see no change on a rerun.
fn write_if_changed(path: &Path, contents: &str) {
    if std::fs::read_to_string(path).ok().as_deref() == Some(contents) {
        return;
    }
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

fn write_workspace(root: &Path, cases: &[Case]) {
    let members: Vec<String> = cases.iter().map(|c| format!("\"{}\"", c.name)).collect();
    write_if_changed(
        &root.join("Cargo.toml"),
        &format!(
            "# Written by generator/tests/models_compile.rs.\n[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    );
    // The generator's own lock file: the same serde versions, nothing new to
    // resolve. Cargo prunes it to what these crates use.
    let lock = root.join("Cargo.lock");
    if !lock.exists() {
        std::fs::copy(manifest_dir().join("../Cargo.lock"), &lock).unwrap();
    }
    for case in cases {
        let started = Instant::now();
        let shown = case
            .spec
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let (model, files) = codegen::client_sources(&case.spec, &shown)
            .unwrap_or_else(|e| panic!("{}: {e}", case.spec.display()));
        let models = &files[&PathBuf::from("src/models.rs")];
        eprintln!(
            "{}: {} schemas, models.rs {} lines, generated in {:?}",
            case.name,
            model.schemas.len(),
            models.lines().count(),
            started.elapsed()
        );
        let dir = root.join(case.name);
        write_if_changed(
            &dir.join("Cargo.toml"),
            &format!(
                "[package]\nname = \"models-{}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
                 [dependencies]\nserde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\n",
                case.name
            ),
        );
        // The runtime modules models may use: integers sent as strings
        // from the runtime crate; it needs only serde. The crate names itself
        // `openapi_wa_runtime`, so the models' `::openapi_wa_runtime::int_string`
        // paths resolve without compiling the HTTP half of the runtime. (No
        // outer doc on the module: rustdoc would resolve its `//!` links in
        // the crate root.)
        // Likewise the runtime's reader of unions (`for_generated_code::union`).
        let int_string = manifest_dir().join("../runtime/src/int_string.rs");
        let union = manifest_dir().join("../runtime/src/union.rs");
        write_if_changed(
            &dir.join("src/lib.rs"),
            &format!(
                "//! Models emitted from `{shown}`.\n#![deny(warnings, missing_docs)]\n\n\
                 extern crate self as openapi_wa_runtime;\n\npub mod models;\n\n\
                 #[path = {int_string:?}]\npub mod int_string;\n\n\
                 /// The runtime's steps for generated code.\n#[doc(hidden)]\n\
                 pub mod for_generated_code {{\n    #[path = {union:?}]\n    pub mod union;\n}}\n",
                int_string = int_string.display().to_string(),
                union = union.display().to_string()
            ),
        );
        write_if_changed(&dir.join("src/models.rs"), models);
        if case.payloads {
            let source = manifest_dir()
                .join("tests/models_payloads")
                .join(format!("{}.rs", case.name));
            let text = std::fs::read_to_string(&source)
                .unwrap_or_else(|e| panic!("{}: {e}", source.display()));
            write_if_changed(&dir.join("tests/payloads.rs"), &text);
        }
    }
}

fn cargo(root: &Path, args: &[&str]) {
    let started = Instant::now();
    let output = Command::new(env!("CARGO"))
        .args(args)
        .current_dir(root)
        .env("CARGO_TARGET_DIR", root.join("target"))
        // Only read by `cargo doc`: links and HTML in the docs must be sound.
        .env("RUSTDOCFLAGS", "-D warnings")
        .output()
        .expect("cargo runs");
    eprintln!("cargo {}: {:?}", args.join(" "), started.elapsed());
    assert!(
        output.status.success(),
        "`cargo {}` failed in {}:\n{}{}",
        args.join(" "),
        root.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn emitted_models_compile_pass_clippy_and_read_payloads() {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| manifest_dir().join("../target"), PathBuf::from);
    let root = target.join("emit-check");
    let cases = cases();
    write_workspace(&root, &cases);
    cargo(
        &root,
        &[
            "clippy",
            "--quiet",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    );
    cargo(&root, &["test", "--quiet", "--workspace"]);
    cargo(&root, &["doc", "--quiet", "--workspace", "--no-deps"]);
}
