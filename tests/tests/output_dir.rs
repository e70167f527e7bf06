//! `codegen --out DIR` writes only where it may: never over a directory the
//! generator did not write (unless forced), never over a file, and it keeps
//! what is not its own (`.git`, notes, `target/`).

use std::path::Path;

use generator::codegen;
use generator::output::OutputError;

const SPEC: &str = "openapi: 3.0.3\ninfo: {title: Tiny, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '204': {description: none}\n";

fn spec(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("tiny.yaml");
    std::fs::write(&path, SPEC).unwrap();
    path
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_directory_the_generator_did_not_write_is_refused_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let spec = spec(dir.path());
    let out = dir.path().join("work");
    std::fs::create_dir_all(out.join(".git")).unwrap();
    std::fs::write(out.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    std::fs::write(out.join("notes.md"), "mine\n").unwrap();

    let err = e2e_tests::standalone(&spec, &out, None).unwrap_err();
    assert!(
        matches!(&err, codegen::JobError::Output(OutputError::NotOurs(dir)) if *dir == out),
        "{err:?}"
    );
    let message = err.to_string();
    assert!(
        message.contains("was not written by the generator") && message.contains("--force"),
        "{message}"
    );
    assert_eq!(names(&out), [".git", "notes.md"]);

    e2e_tests::standalone_forced(&spec, &out, None).unwrap();
    assert_eq!(names(&out), [".git", "Cargo.toml", "notes.md", "src"]);
    assert_eq!(
        std::fs::read_to_string(out.join("notes.md")).unwrap(),
        "mine\n"
    );
    assert!(out.join(".git/HEAD").is_file());

    // Now it is the generator's: regenerating needs no force, replaces
    // `src/` whole and still keeps the rest.
    std::fs::write(out.join("src/stale.rs"), "// gone after regeneration\n").unwrap();
    std::fs::create_dir_all(out.join("target")).unwrap();
    e2e_tests::standalone(&spec, &out, None).unwrap();
    assert_eq!(
        names(&out),
        [".git", "Cargo.toml", "notes.md", "src", "target"]
    );
    assert!(!out.join("src/stale.rs").exists());
    assert_eq!(names(dir.path()), ["tiny.yaml", "work"]);
}

#[test]
fn a_file_is_refused_before_anything_is_touched() {
    let dir = tempfile::tempdir().unwrap();
    let spec = spec(dir.path());
    let out = dir.path().join("taken.txt");
    std::fs::write(&out, "keep me\n").unwrap();
    let err = e2e_tests::standalone(&spec, &out, None).unwrap_err();
    assert!(
        matches!(
            &err,
            codegen::JobError::Output(OutputError::NotADirectory(_))
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("is not a directory"), "{err}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me\n");
    assert_eq!(names(dir.path()), ["taken.txt", "tiny.yaml"]);
}

#[test]
fn a_directory_named_with_a_dot_leaves_nothing_behind() {
    // `--out .` and `--out dir/.`: the directory has no usable parent name.
    let dir = tempfile::tempdir().unwrap();
    let spec = spec(dir.path());
    std::fs::create_dir(dir.path().join("here")).unwrap();
    let out = dir.path().join("here").join(".");
    e2e_tests::standalone(&spec, &out, None).unwrap();
    assert_eq!(names(&dir.path().join("here")), ["Cargo.toml", "src"]);
    assert_eq!(names(dir.path()), ["here", "tiny.yaml"]);
    // Again, now over its own output.
    e2e_tests::standalone(&spec, &out, None).unwrap();
    assert_eq!(names(&dir.path().join("here")), ["Cargo.toml", "src"]);
}
