//! Byte-identical output against every reference the npm package produced
//! (`../shared/n8n/`).

use std::path::PathBuf;

use generator::n8n::{ConfigFile, Preset, build_properties};

fn shared(relative: &str) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared")
        .join(relative);
    assert!(
        path.exists(),
        "this test needs the shared fixture {} ; check out the repository beside `shared/`",
        path.display()
    );
    path
}

fn check(spec: &str, reference: &str, config: generator::n8n::Config) {
    let document = generator::load::load_path(&shared(spec)).unwrap();
    let built = build_properties(&document.raw, &config).unwrap();
    let ours = built.to_js_json();
    let theirs = std::fs::read_to_string(shared(reference)).unwrap();
    if ours != theirs {
        let line = ours
            .lines()
            .zip(theirs.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        let context = |text: &str| {
            text.lines()
                .skip(line.saturating_sub(3))
                .take(7)
                .collect::<Vec<_>>()
                .join("\n")
        };
        panic!(
            "{reference}: first difference at line {}\n--- ours\n{}\n--- package\n{}",
            line + 1,
            context(&ours),
            context(&theirs)
        );
    }
}

#[test]
fn whatsapi_baileys_default() {
    check(
        "specs/whatsapi-baileys-2.0.0.json",
        "n8n/default/whatsapi-baileys-2.0.0.properties.json",
        Preset::Default.config(),
    );
}

#[test]
fn waha_default() {
    check(
        "specs/waha-2024.9.2.json",
        "n8n/default/waha.properties.json",
        Preset::Default.config(),
    );
}

#[test]
fn waha_2026_default() {
    check(
        "specs/waha-2026.7.1.json",
        "n8n/default/waha-2026.7.1.properties.json",
        Preset::Default.config(),
    );
}

#[test]
fn petstore_default() {
    check(
        "specs/petstore.json",
        "n8n/default/petstore.properties.json",
        Preset::Default.config(),
    );
}

#[test]
fn edge_cases_default() {
    check(
        "n8n/edge/edge-cases.openapi.json",
        "n8n/edge/edge-cases.properties.json",
        Preset::Default.config(),
    );
}

#[test]
fn waha_with_the_waha_preset() {
    check(
        "specs/waha-2024.9.2.json",
        "n8n/waha-custom/waha.properties.json",
        Preset::Waha.config(),
    );
}

#[test]
fn waha_with_the_waha_preset_and_its_overrides() {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("presets/waha-overrides.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    let config = ConfigFile::parse(&text, "waha-overrides.yaml")
        .unwrap()
        .config();
    check(
        "specs/waha-2024.9.2.json",
        "n8n/waha-custom/waha.with-overrides.properties.json",
        config,
    );
}
