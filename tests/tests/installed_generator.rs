//! The generator as a user gets it: packaged with `cargo package` (as
//! crates.io would get it), installed from that archive with `cargo install`,
//! run in a directory outside the repository on a document there. The crate
//! it writes with `--runtime-path` builds after the whole project is moved
//! elsewhere (the path is relative to the crate); the crate it writes by
//! default depends on the runtime by version and builds against the packaged
//! runtime put in place by a `[patch]`. Building both archives here is what
//! `cargo package`'s own verification would do (`.ci/run` packages them with
//! `--no-verify`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use e2e_tests::{repo_root, shared, standalone_cargo, standalone_target};

/// The runtime's and the generator's `.crate` archives, made by
/// `cargo package` and unpacked: their directories, runtime then generator.
/// Once per test process.
fn packaged() -> &'static (PathBuf, PathBuf) {
    static UNPACKED: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    UNPACKED.get_or_init(|| {
        let output = standalone_cargo(&repo_root())
            .args([
                "package",
                "--package",
                "openapi-wa-runtime",
                "--package",
                "openapi-wa-generator",
                "--allow-dirty",
                "--no-verify",
                "--locked",
                "--quiet",
            ])
            .output()
            .unwrap();
        assert_success("cargo package", &output);
        let unpacked = standalone_target().join("unpacked");
        let _ = std::fs::remove_dir_all(&unpacked);
        std::fs::create_dir_all(&unpacked).unwrap();
        let unpack = |member: &str| {
            let package = &manifest(&repo_root().join(member))["package"];
            let name_version = format!(
                "{}-{}",
                package["name"].as_str().unwrap(),
                package["version"].as_str().unwrap()
            );
            let archive = standalone_target().join(format!("package/{name_version}.crate"));
            let tar = Command::new("tar")
                .arg("xzf")
                .arg(&archive)
                .arg("-C")
                .arg(&unpacked)
                .output()
                .unwrap();
            assert_success("tar xzf", &tar);
            unpacked.join(name_version)
        };
        (unpack("runtime"), unpack("generator"))
    })
}

/// `cargo install --path` of the packaged generator (dev profile, into a
/// directory of the standalone target), once per test process.
fn installed() -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| {
        let (_, generator) = packaged();
        let root = standalone_target().join("installed-generator");
        let output = standalone_cargo(&standalone_target())
            .args([
                "install", "--locked", "--debug", "--force", "--quiet", "--path",
            ])
            .arg(generator)
            .arg("--root")
            .arg(&root)
            .output()
            .unwrap();
        assert_success("cargo install --path <packaged generator>", &output);
        root.join("bin/openapi-wa-generator")
    })
}

fn assert_success(what: &str, output: &Output) {
    assert!(
        output.status.success(),
        "`{what}` failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Runs the installed generator in `dir`.
fn generator(dir: &Path, args: &[&str]) -> Output {
    let output = Command::new(installed())
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert_success(&format!("openapi-wa-generator {}", args.join(" ")), &output);
    output
}

/// `cargo build` in `dir`, with the workspace's lock file so it resolves to
/// the versions already built.
fn build(dir: &Path) {
    std::fs::copy(repo_root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let output = standalone_cargo(dir)
        .args(["build", "--quiet"])
        .output()
        .unwrap();
    assert_success(&format!("cargo build in {}", dir.display()), &output);
}

fn copy_dir(from: &Path, to: &Path) {
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

fn manifest(dir: &Path) -> toml::Table {
    std::fs::read_to_string(dir.join("Cargo.toml"))
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn a_crate_written_outside_the_repository_builds_after_its_project_moves() {
    let project = tempfile::tempdir().unwrap();
    let project = project.path();
    assert!(!project.starts_with(repo_root()));
    std::fs::copy(shared("specs/petstore.json"), project.join("petstore.json")).unwrap();
    // The runtime vendored beside the client, as a repository would hold it.
    let runtime = project.join("vendor/openapi-wa-runtime");
    copy_dir(&repo_root().join("runtime/src"), &runtime.join("src"));
    for file in ["Cargo.toml", "README.md"] {
        std::fs::copy(repo_root().join("runtime").join(file), runtime.join(file)).unwrap();
    }
    let output = generator(
        project,
        &[
            "codegen",
            "--spec",
            "petstore.json",
            "--out",
            "clients/petstore",
            "--runtime-path",
            "vendor/openapi-wa-runtime",
        ],
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains(
            "generated crate `swagger-petstore-openapi-3-0-client` 0.1.0 in clients/petstore"
        ),
        "{stdout}"
    );
    let written = manifest(&project.join("clients/petstore"));
    assert_eq!(
        written["dependencies"]["openapi-wa-runtime"]["path"].as_str(),
        Some("../../vendor/openapi-wa-runtime"),
        "{written}"
    );
    // The whole project moves (another clone, another machine).
    let elsewhere = tempfile::tempdir().unwrap();
    let moved = elsewhere.path().join("deeper/than/before");
    std::fs::create_dir_all(moved.parent().unwrap()).unwrap();
    std::fs::rename(project, &moved).unwrap();
    build(&moved.join("clients/petstore"));
}

#[test]
fn codegen_reports_its_repairs_a_few_or_all() {
    let dir = tempfile::tempdir().unwrap();
    let spec = shared("specs/waha-2024.9.2.json");
    let spec = spec.to_str().unwrap();
    let inspect = generator(dir.path(), &["inspect", "--spec", spec]);
    let inspect = String::from_utf8_lossy(&inspect.stdout);
    let listed = inspect.lines().filter(|l| l.contains("#/")).count();
    assert!(listed > 10, "{inspect}");

    let short = generator(dir.path(), &["codegen", "--spec", spec, "--out", "a"]);
    let short = String::from_utf8_lossy(&short.stderr);
    assert!(
        short.starts_with(&format!("{listed} repairs made to the document")),
        "{short}"
    );
    assert_eq!(
        short.lines().filter(|l| l.contains("#/")).count(),
        5,
        "{short}"
    );
    assert!(
        short.contains(&format!("... and {} more: `-v` lists them all", listed - 5)),
        "{short}"
    );
    let all = generator(dir.path(), &["codegen", "--spec", spec, "--out", "b", "-v"]);
    let all = String::from_utf8_lossy(&all.stderr);
    assert_eq!(
        all.lines().filter(|l| l.contains("#/")).count(),
        listed,
        "{all}"
    );
}

#[test]
fn what_could_not_be_typed_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("tree.yaml"),
        "openapi: 3.1.0\ninfo: {title: Tree, version: '1'}\npaths:\n  /tree:\n    get:\n      \
         operationId: getTree\n      responses:\n        '200':\n          description: ok\n          \
         content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Node'}\n\
         components:\n  schemas:\n    Node:\n      $dynamicRef: '#node'\n",
    )
    .unwrap();
    let output = generator(
        dir.path(),
        &["codegen", "--spec", "tree.yaml", "--out", "tree"],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("1 place not typed (serde_json::Value there):\n  #/components/schemas/Node/$dynamicRef: `$dynamicRef: #node` is not followed"),
        "{stderr}"
    );
}

#[test]
fn a_crate_depending_on_the_runtime_by_version_builds_against_the_packaged_runtime() {
    // The runtime as crates.io would get it.
    let (packaged, _) = packaged();
    let version = manifest(&repo_root().join("runtime"))["package"]["version"]
        .as_str()
        .unwrap()
        .to_owned();

    let project = tempfile::tempdir().unwrap();
    std::fs::copy(
        shared("specs/petstore.json"),
        project.path().join("petstore.json"),
    )
    .unwrap();
    // No runtime flag: the installed generator's default, a version.
    generator(
        project.path(),
        &["codegen", "--spec", "petstore.json", "--out", "petstore"],
    );
    let crate_dir = project.path().join("petstore");
    let written = manifest(&crate_dir);
    let requirement = written["dependencies"]["openapi-wa-runtime"]["version"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        version.starts_with(&format!("{requirement}.")),
        "{requirement} does not take {version}"
    );
    std::fs::create_dir_all(crate_dir.join(".cargo")).unwrap();
    std::fs::write(
        crate_dir.join(".cargo/config.toml"),
        format!(
            "[patch.crates-io]\nopenapi-wa-runtime = {{ path = {:?} }}\n",
            packaged.display().to_string()
        ),
    )
    .unwrap();
    build(&crate_dir);
}
