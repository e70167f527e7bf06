//! Snapshots of the generated clients, and a build of every one of them.
//!
//! The documents: every file of `tests/snapshots/documents/` (small ones,
//! each for a family of shapes: `shapes.yaml` every operation shape,
//! `names.yaml` names that collide or are not Rust, `objects.yaml` and
//! `compositions.yaml` schemas), and the real documents read where they are:
//! the project's `spec/whatsapp-http-api.yaml`, the build-script example's
//! petstore, and WAHA 2024.9.2 from `../shared/specs` (never copied into the
//! repository; the test fails naming the folder when it is missing).
//!
//! Each document's output is snapshotted under
//! `tests/snapshots/output/<document>/` (the project's spec's is the
//! committed client, `generated-client/`, not a second copy): every `.rs` file, and for the
//! documents of the folder also `n8n_properties.json` and `openapi.json` (for
//! the real documents these two are the document again and the n8n package's
//! output, which other tests hold). Regenerate after an intended change with
//! `EXPECTORATE=overwrite cargo test -p openapi-wa-generator --test
//! client_snapshots` and review the diff like code.
//!
//! Every output is also compiled as it is: one crate under
//! `target/snapshot-check` holds each as a module (`#[path]` to its
//! `lib.rs`), checked once with `cargo clippy -D warnings` in the target the
//! end-to-end tests build their crates in; a rerun with nothing changed costs
//! cargo's fingerprint check only.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Instant;

use generator::codegen;

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn snapshots() -> PathBuf {
    manifest_dir().join("tests/snapshots")
}

/// `../shared/specs/<file>` beside the checkout, read in place.
fn shared_spec(file: &str) -> PathBuf {
    let path = manifest_dir().join("../../shared/specs").join(file);
    assert!(
        path.is_file(),
        "this test needs the shared fixtures folder beside the checkout: {} is missing. \
         Check out the repository beside `shared/` and run again.",
        path.display()
    );
    path
}

/// The name of the project's own spec among the outputs.
const COMMITTED: &str = "whatsapp-http-api";

/// One document and what it generates.
struct Output {
    /// The output's folder under `tests/snapshots/output/` and, in snake
    /// case, its module in the compiled crate.
    name: String,
    spec: PathBuf,
    /// A document of `tests/snapshots/documents/`.
    in_folder: bool,
    /// The project's own spec: its snapshot is the committed client,
    /// `generated-client/` (held to it by `tests/tests/codegen.rs` and
    /// `cargo xtask codegen --check`), so it has no second copy here; it is
    /// still compiled with the others.
    committed: bool,
    /// The generated files, by path under `src/`.
    files: Vec<(String, String)>,
}

impl Output {
    fn module(&self) -> String {
        self.name.replace(['-', '.'], "_")
    }

    /// The files the snapshot holds.
    fn snapshotted(&self) -> impl Iterator<Item = &(String, String)> {
        self.files
            .iter()
            .filter(|(file, _)| !self.committed && (self.in_folder || file.ends_with(".rs")))
    }
}

/// The documents: the folder's, sorted by name, then the real ones.
fn documents() -> Vec<(String, PathBuf, bool)> {
    let mut documents: Vec<(String, PathBuf, bool)> =
        std::fs::read_dir(snapshots().join("documents"))
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| {
                path.extension()
                    .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
            })
            .map(|path| {
                let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
                (stem, path, true)
            })
            .collect();
    documents.sort();
    let root = manifest_dir().join("..");
    documents.extend([
        (
            COMMITTED.to_owned(),
            root.join("spec/whatsapp-http-api.yaml"),
            false,
        ),
        (
            "petstore".to_owned(),
            root.join("examples/build-script/petstore.yaml"),
            false,
        ),
        (
            "waha-2024.9.2".to_owned(),
            shared_spec("waha-2024.9.2.json"),
            false,
        ),
    ]);
    documents
}

/// Every document's output, generated once for all the tests here.
fn outputs() -> &'static [Output] {
    static OUTPUTS: OnceLock<Vec<Output>> = OnceLock::new();
    OUTPUTS.get_or_init(|| {
        documents()
            .into_iter()
            .map(|(name, spec, in_folder)| {
                let shown = spec.file_name().unwrap().to_string_lossy().into_owned();
                let (_, files) = codegen::client_sources(&spec, &shown)
                    .unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
                let files = files
                    .into_iter()
                    .map(|(path, text)| {
                        let path = path.strip_prefix("src").unwrap_or(&path);
                        (path.display().to_string(), text)
                    })
                    .collect();
                Output {
                    committed: name == COMMITTED,
                    name,
                    spec,
                    in_folder,
                    files,
                }
            })
            .collect()
    })
}

#[test]
fn every_output_matches_its_snapshot() {
    for output in outputs().iter().filter(|o| !o.committed) {
        let dir = snapshots().join("output").join(&output.name);
        // Where `EXPECTORATE=overwrite` writes a new document's files.
        std::fs::create_dir_all(&dir).unwrap();
        for (file, text) in output.snapshotted() {
            expectorate::assert_contents(dir.join(file), text);
        }
        // A file the generator no longer writes is no snapshot.
        let kept: Vec<&str> = output.snapshotted().map(|(f, _)| f.as_str()).collect();
        for entry in std::fs::read_dir(&dir).unwrap() {
            let file = entry.unwrap().file_name().to_string_lossy().into_owned();
            assert!(
                kept.contains(&file.as_str()),
                "{}: {file} is not generated from {} any more; remove it",
                dir.display(),
                output.spec.display()
            );
        }
    }
    // An output folder without its document is stale too.
    for entry in std::fs::read_dir(snapshots().join("output")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            outputs().iter().any(|o| o.name == name && !o.committed),
            "tests/snapshots/output/{name} has no document; remove it"
        );
    }
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

/// Every output as a module of one crate, checked with clippy: warnings
/// (the generated `lib.rs` warns on `missing_docs`) and clippy's lints are
/// errors.
#[test]
fn every_output_compiles_without_warnings() {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| manifest_dir().join("../target"), PathBuf::from);
    let root = target.join("snapshot-check");
    let runtime = manifest_dir().join("../runtime");
    write_if_changed(
        &root.join("Cargo.toml"),
        &format!(
            "# Written by generator/tests/client_snapshots.rs.\n\
             [package]\nname = \"snapshot-check\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [features]\ndefault = [\"n8n\"]\nn8n = []\n\n\
             [dependencies]\nopenapi-wa-runtime = {{ path = {runtime:?} }}\n\
             serde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\n\n\
             [workspace]\n",
            runtime = runtime.display().to_string()
        ),
    );
    // The workspace's own lock file: the versions it builds with, nothing
    // new to resolve. Cargo prunes it to what this crate uses.
    let lock = root.join("Cargo.lock");
    if !lock.exists() {
        std::fs::create_dir_all(&root).unwrap();
        std::fs::copy(manifest_dir().join("../Cargo.lock"), &lock).unwrap();
    }
    let mut lib = String::from(
        "//! Every snapshot's client as a module (written by \
         generator/tests/client_snapshots.rs).\n\n",
    );
    for output in outputs() {
        let module = output.module();
        for (file, text) in &output.files {
            write_if_changed(&root.join("src").join(&module).join(file), text);
        }
        lib.push_str(&format!(
            "#[path = \"{module}/lib.rs\"]\npub mod {module};\n"
        ));
    }
    write_if_changed(&root.join("src/lib.rs"), &lib);
    let started = Instant::now();
    let result = Command::new(env!("CARGO"))
        .args(["clippy", "--quiet", "--", "-D", "warnings"])
        .current_dir(&root)
        // The target the end-to-end tests build their crates in, with the
        // same settings (`tests/lib.rs`, `standalone_cargo`): the runtime's
        // dependencies' build scripts (ring's C and assembly) run once for
        // all of them.
        .env("CARGO_TARGET_DIR", target.join("standalone-target"))
        .env("CARGO_PROFILE_DEV_DEBUG", "false")
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    eprintln!(
        "cargo clippy of {} outputs: {:?}",
        outputs().len(),
        started.elapsed()
    );
    assert!(
        result.status.success(),
        "`cargo clippy -D warnings` failed in {}:\n{}{}",
        root.display(),
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
}

/// The same client as one file for `include!` (what a build script writes):
/// its top level holds no inner attribute or `//!` line (the compiler
/// refuses them in an included file) and nothing names `crate::`, so it
/// works inside any module of any crate.
#[test]
fn shapes_as_one_includable_file() {
    let dir = snapshots();
    for catalog in [false, true] {
        let generated = generator::Generator::new(dir.join("documents/shapes.yaml"))
            .catalog(catalog)
            .generate()
            .unwrap();
        let file = syn::parse_file(&generated.code).unwrap();
        assert!(file.attrs.is_empty(), "inner attributes at the top level");
        assert!(!generated.code.contains("crate::"), "a crate-rooted path");
        assert!(!generated.code.contains("include_str!"), "a second file");
        let modules: Vec<String> = file
            .items
            .iter()
            .filter_map(|item| match item {
                syn::Item::Mod(m) => {
                    assert!(m.content.is_some(), "mod {} is not inline", m.ident);
                    Some(m.ident.to_string())
                }
                _ => None,
            })
            .collect();
        if catalog {
            assert_eq!(
                modules,
                ["metadata", "nodes", "events", "catalog", "models"]
            );
        } else {
            assert_eq!(modules, ["nodes", "events", "models"]);
            expectorate::assert_contents(dir.join("shapes.included.rs"), &generated.code);
        }
    }
}

/// `metadata.rs` is written as text, not printed from a syntax tree; it must
/// still read exactly as `prettyplease` prints it (long `Some(..)` calls and
/// option lists broken at its margin), for every document at hand.
#[test]
fn metadata_text_is_what_prettyplease_prints() {
    let mut texts: Vec<(String, String)> = outputs()
        .iter()
        .map(|o| {
            let text = &o.files.iter().find(|(f, _)| f == "metadata.rs").unwrap().1;
            (o.spec.display().to_string(), text.clone())
        })
        .collect();
    for spec in [
        shared_spec("whatsapi-baileys-2.0.0.json"),
        shared_spec("petstore.json"),
        shared_spec("../n8n/edge/edge-cases.openapi.json"),
    ] {
        let (_, files) = codegen::client_sources(&spec, "spec").unwrap();
        let text = files[Path::new("src/metadata.rs")].clone();
        texts.push((spec.display().to_string(), text));
    }
    for (spec, text) in texts {
        // The header line and the blank line after the module docs are the
        // generator's own; the rest is prettyplease's layout.
        let body = text.split_once("\n\n").unwrap().1;
        let printed = prettyplease::unparse(&syn::parse_file(body).unwrap());
        assert_eq!(
            body.replacen("document.\n\n", "document.\n", 1),
            printed,
            "{spec}"
        );
    }
}

/// A doc line that says nothing the code does not: "The `x` property.",
/// "The `X` schema.", "The `X` form.", "A type several properties share.".
fn is_filler(line: &str) -> bool {
    let Some(text) = line.trim().strip_prefix("/// ") else {
        return false;
    };
    if text == "A type several properties share." {
        return true;
    }
    let Some(rest) = text.strip_prefix("The `") else {
        return false;
    };
    ["` property.", "` schema.", "` form."].iter().any(|end| {
        rest.strip_suffix(end)
            .is_some_and(|name| !name.contains('`') && !name.contains(' '))
    })
}

#[test]
fn the_filler_doc_test_sees_filler() {
    assert!(is_filler("    /// The `pushName` property."));
    assert!(is_filler("/// The `Session` schema."));
    assert!(is_filler("/// A type several properties share."));
    assert!(!is_filler(
        "/// The `id` property of [`Planet`] (`readOnly`)."
    ));
    assert!(!is_filler("    /// The `limit` query parameter."));
}

/// Docs only where the document says something: no filler doc in the
/// models of the WAHA documents (2024.9.2 had 260 of its 407 fields
/// documented "The `x` property.") nor in any snapshot's files.
#[test]
fn no_filler_docs() {
    let mut texts: Vec<(String, String)> = Vec::new();
    for output in outputs() {
        for (file, text) in &output.files {
            texts.push((format!("{}/{file}", output.name), text.clone()));
        }
    }
    for spec in ["waha-2024.10.8.served.json", "waha-2026.7.1.json"] {
        let (_, files) = codegen::client_sources(&shared_spec(spec), spec)
            .unwrap_or_else(|e| panic!("{spec}: {e}"));
        for (path, text) in files {
            texts.push((format!("{spec}/{}", path.display()), text));
        }
    }
    let mut found = Vec::new();
    for (file, text) in &texts {
        for line in text.lines().filter(|line| is_filler(line)) {
            found.push(format!("{file}: {}", line.trim()));
        }
    }
    assert!(
        texts
            .iter()
            .any(|(file, _)| file == "waha-2024.9.2/models.rs"),
        "WAHA 2024.9.2 is among the documents"
    );
    assert_eq!(
        found.len(),
        0,
        "filler docs:\n{}",
        found[..found.len().min(20)].join("\n")
    );
}
