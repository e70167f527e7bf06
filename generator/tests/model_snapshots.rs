//! Snapshots of the emitted `models.rs` for the small documents in
//! `tests/snapshots/*.yaml`: a change in the output shows up as a diff of
//! `tests/snapshots/*.models.rs`, reviewed like code. After an intended
//! change, regenerate them with `EXPECTORATE=overwrite cargo test -p
//! openapi-wa-generator --test model_snapshots` and review the diff.
//!
//! The models come from the whole client generation, so inline request and
//! response types are named as the operation emitter names them.

use std::path::{Path, PathBuf};

use generator::codegen;

fn snapshot(name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let spec = dir.join(format!("{name}.yaml"));
    let (_, files) = codegen::client_sources(&spec, &format!("{name}.yaml"))
        .unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
    let models = &files[&PathBuf::from("src/models.rs")];
    expectorate::assert_contents(dir.join(format!("{name}.models.rs")), models);
}

#[test]
fn objects() {
    snapshot("objects");
}

#[test]
fn compositions() {
    snapshot("compositions");
}
