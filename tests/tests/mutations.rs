//! Mutation testing: real documents, randomly damaged (hostile names and
//! text among the mutations), either fail with an error or generate a crate
//! that passes `generator::fuzz::check_crate` (parses, no name clashes, no
//! doctest-able code block, no bidi or control character, TOML manifest);
//! nothing panics. A bounded run here; `cargo xtask fuzz --cases N` runs
//! longer.

use e2e_tests::{repo_root, shared};
use generator::fuzz::{Outcome, fuzz, run_pipeline};
use serde_json::Value;

fn seeds() -> Vec<Value> {
    let paths = [
        repo_root().join("spec/whatsapp-http-api.yaml"),
        repo_root().join("generator/tests/snapshots/documents/shapes.yaml"),
        shared("specs/petstore.json"),
        shared("n8n/edge/edge-cases.openapi.json"),
    ];
    paths
        .iter()
        .map(|p| generator::load::load_path(p).unwrap().raw)
        .collect()
}

#[test]
fn the_unmutated_seeds_generate() {
    for seed in seeds() {
        assert_eq!(run_pipeline(&seed), Outcome::Generated);
    }
}

#[test]
fn mutated_documents_never_panic() {
    // Seeds 1592 and 1663 once panicked (a keyword operationId); they are in range.
    let report = fuzz(&seeds(), 250, 1590);
    assert_eq!(report.cases, 250);
    assert!(
        report.panics.is_empty(),
        "{} of {} mutants panicked; first ones (seed, message): {:#?}",
        report.panic_count,
        report.cases,
        report.panics
    );
    assert!(
        report.generated > 0 && report.refused > 0,
        "the mutations exercise both paths: {report:?}"
    );
}
