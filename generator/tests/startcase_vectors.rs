//! Every `startCase` input/output pair recorded from lodash (2,745 of them in
//! `../shared/n8n/startcase.vectors.json`).

use generator::n8n::startcase::start_case_value;
use serde_json::Value;

#[test]
fn all_recorded_start_case_vectors_match() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/n8n/startcase.vectors.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("this test needs the shared fixtures at {} ({e}); check out the repository beside `shared/`", path.display())
    });
    let file: Value = serde_json::from_str(&text).unwrap();
    let vectors = file["vectors"].as_array().unwrap();
    assert_eq!(vectors.len(), 2745);
    let failures: Vec<String> = vectors
        .iter()
        .filter_map(|v| {
            let got = start_case_value(&v["input"]);
            let want = v["output"].as_str().unwrap();
            (got != want).then(|| format!("{}: got {got:?}, want {want:?}", v["input"]))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} differ:\n{}",
        failures.len(),
        vectors.len(),
        failures.join("\n")
    );
}
