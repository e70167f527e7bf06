//! `cargo xtask diff` as a command: text, `--json`, and `--fail-on`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn case(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../generator/tests/diff/{name}.json"))
}

fn xtask(args: &[&str], old: &str, new: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("diff")
        .arg(case(old))
        .arg(case(new))
        .args(args)
        .output()
        .expect("xtask runs")
}

#[test]
fn fail_on_breaking_sets_the_exit_status() {
    let breaking = xtask(&["--fail-on", "breaking"], "base", "operation-removed");
    assert_eq!(breaking.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&breaking.stderr);
    assert!(stderr.contains("breaking change(s)"), "{stderr}");
    let stdout = String::from_utf8_lossy(&breaking.stdout);
    assert!(stdout.contains("BREAKING chats::Chats::get"), "{stdout}");

    let additive = xtask(&["--fail-on", "breaking"], "base", "operation-added");
    assert!(additive.status.success(), "{additive:?}");
    // Only the audience asked about counts.
    let wire_only = xtask(&["--fail-on", "breaking-rust"], "base", "auth-moved");
    assert!(wire_only.status.success(), "{wire_only:?}");
    let wire = xtask(&["--fail-on", "breaking-wire"], "base", "auth-moved");
    assert_eq!(wire.status.code(), Some(1));
}

#[test]
fn json_is_for_tools() {
    let output = xtask(&["--json"], "base", "operation-id-renamed");
    assert!(output.status.success());
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(report["verdict"], "major");
    let kinds: Vec<&str> = report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["operation-renamed", "n8n-operation-renamed"]);
}
