//! The xtask binary itself: what `inspect` prints, and bad input ending in
//! a located error and exit code 1, never a panic.

use std::process::Command;

fn xtask(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .output()
        .expect("xtask runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn inspect_shows_what_the_generator_understood() {
    let (code, stdout, _) = xtask(&["inspect", "--spec", "spec/whatsapp-http-api.yaml"]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("5 resources, 29 operations, 103 schemas, 21 webhooks"),
        "{stdout}"
    );
    assert!(stdout.contains("0 warnings"), "{stdout}");
}

#[test]
fn bad_input_exits_1_with_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\"openapi\": \"3.0.3\",\n \"paths\": {\"/a\": {\"get\": {\"responses\": {\"200\": {\"$ref\": \"#/nope\"}}}}}}").unwrap();
    let broken = broken.to_string_lossy().into_owned();
    for args in [
        vec!["inspect", "--spec", "/no/such/file.yaml"],
        vec!["inspect", "--spec", broken.as_str()],
        vec![
            "codegen",
            "--spec",
            broken.as_str(),
            "--out",
            dir.path().join("out").to_str().unwrap(),
        ],
        vec!["n8n", "--spec", "/no/such/file.yaml"],
    ] {
        let (code, stdout, stderr) = xtask(&args);
        assert_eq!(code, 1, "{args:?}: {stderr}");
        assert!(stdout.is_empty(), "{args:?}: {stdout}");
        assert!(stderr.starts_with("error: "), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
    let (_, _, stderr) = xtask(&["inspect", "--spec", broken.as_str()]);
    assert!(
        stderr.contains("broken.json#/paths/~1a/get/responses/200/$ref"),
        "{stderr}"
    );
    assert!(!dir.path().join("out").exists(), "nothing written");
}
