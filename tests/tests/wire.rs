//! The client generated for a small document (`tests/wire/wire.openapi.json`)
//! on the wire: its crate is generated into `target/standalone/wire-client`,
//! `tests/wire/client_test.rs` is copied in as its test, and the test runs
//! there against a server on 127.0.0.1 that records what it received: unions
//! decoded as the variant each value is, form bodies encoded as OpenAPI says,
//! HTTP basic and bearer credentials, no body argument for an optional empty
//! body, array parameters by style. The crate also passes clippy.

use std::process::Command;

use e2e_tests::repo_root;
use generator::codegen;

#[test]
fn the_generated_client_is_right_on_the_wire() {
    let root = repo_root();
    let out = root.join("target/standalone/wire-client");
    codegen::standalone(
        &root.join("tests/wire/wire.openapi.json"),
        &out,
        Some("wire-client"),
    )
    .unwrap();
    std::fs::create_dir_all(out.join("tests")).unwrap();
    std::fs::copy(
        root.join("tests/wire/client_test.rs"),
        out.join("tests/wire.rs"),
    )
    .unwrap();
    let manifest = out.join("Cargo.toml");
    let mut text = std::fs::read_to_string(&manifest).unwrap();
    text.push_str(
        "\n[dev-dependencies]\ntokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\", \"net\", \"io-util\"] }\n",
    );
    std::fs::write(&manifest, text).unwrap();
    let target = root.join("target/standalone-target");
    for args in [
        &["clippy", "--quiet", "--all-targets", "--", "-D", "warnings"][..],
        &["test", "--quiet"][..],
    ] {
        let output = Command::new(env!("CARGO"))
            .args(args)
            .current_dir(&out)
            .env("CARGO_TARGET_DIR", &target)
            .output()
            .expect("cargo runs");
        assert!(
            output.status.success(),
            "cargo {} failed in {}:\n{}\n{}",
            args[0],
            out.display(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
