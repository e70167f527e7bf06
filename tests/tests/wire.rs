//! The client generated for a small document (`tests/wire/wire.openapi.json`)
//! on the wire: its crate is generated into `target/standalone/wire-client`,
//! `tests/wire/client_test.rs` is copied in as its test, and the test runs
//! there against a server on 127.0.0.1 that records what it received: unions
//! decoded as the variant each value is, form bodies encoded as OpenAPI says,
//! HTTP basic and bearer credentials, no body argument for an optional empty
//! body, array parameters by style. The crate also passes clippy.

use e2e_tests::{cargo_in_standalone, repo_root};

#[test]
fn the_generated_client_is_right_on_the_wire() {
    let root = repo_root();
    let out = root.join("target/standalone/wire-client");
    e2e_tests::standalone(
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
    cargo_in_standalone(
        &out,
        &["clippy", "--quiet", "--all-targets", "--", "-D", "warnings"],
    );
    cargo_in_standalone(&out, &["test", "--quiet"]);
}
