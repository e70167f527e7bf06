//! Snapshots of every generated client file (resource modules, catalog
//! metadata, lib, models) for `tests/snapshots/shapes.yaml`, a small document
//! with every operation shape: path, query (scalar, enum, array) and optional
//! parameters, JSON bodies, an event stream with a query API key, and a route
//! answering both an image and JSON. Regenerate after an intended change with
//! `EXPECTORATE=overwrite cargo test -p openapi-wa-generator --test
//! client_snapshots` and review the diff like code.

use std::path::Path;

use generator::codegen;

#[test]
fn shapes_client_files() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let (_, files) = codegen::client_sources(&dir.join("shapes.yaml"), "shapes.yaml").unwrap();
    let names: Vec<String> = files.keys().map(|p| p.display().to_string()).collect();
    assert_eq!(
        names,
        [
            "src/catalog.rs",
            "src/events.rs",
            "src/lib.rs",
            "src/metadata.rs",
            "src/models.rs",
            "src/n8n_properties.json",
            "src/nodes.rs",
            "src/openapi.json"
        ]
    );
    for (path, contents) in &files {
        let file = path.file_name().unwrap().to_string_lossy();
        expectorate::assert_contents(dir.join(format!("shapes.client/{file}")), contents);
    }
}

/// The same client as one file for `include!` (what a build script writes):
/// its top level holds no inner attribute or `//!` line (the compiler
/// refuses them in an included file) and nothing names `crate::`, so it
/// works inside any module of any crate.
#[test]
fn shapes_as_one_includable_file() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    for catalog in [false, true] {
        let generated = generator::Generator::new(dir.join("shapes.yaml"))
            .catalog(catalog)
            .generate()
            .unwrap();
        let file = syn::parse_file(&generated.code).unwrap();
        assert!(file.attrs.is_empty(), "inner attributes at the top level");
        assert!(!generated.code.contains("crate::"), "a crate-rooted path");
        assert!(!generated.code.contains("include_str!"), "a second file");
        let modules: Vec<String> = file
            .items
            .iter()
            .filter_map(|item| match item {
                syn::Item::Mod(m) => {
                    assert!(m.content.is_some(), "mod {} is not inline", m.ident);
                    Some(m.ident.to_string())
                }
                _ => None,
            })
            .collect();
        if catalog {
            assert_eq!(
                modules,
                ["metadata", "nodes", "events", "catalog", "models"]
            );
        } else {
            assert_eq!(modules, ["nodes", "events", "models"]);
            expectorate::assert_contents(dir.join("shapes.included.rs"), &generated.code);
        }
    }
}

/// Names that collide after case conversion, keywords, leading digits, empty
/// and emoji-only names: the renames are deterministic and shown here.
#[test]
fn names_client_files() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let (_, files) = codegen::client_sources(&dir.join("names.yaml"), "names.yaml").unwrap();
    for (path, contents) in &files {
        let file = path.file_name().unwrap().to_string_lossy();
        expectorate::assert_contents(dir.join(format!("names.client/{file}")), contents);
    }
}

/// `metadata.rs` is written as text, not printed from a syntax tree; it must
/// still read exactly as `prettyplease` prints it (long `Some(..)` calls and
/// option lists broken at its margin), for every document at hand.
#[test]
fn metadata_text_is_what_prettyplease_prints() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("../../shared");
    assert!(
        shared.is_dir(),
        "this test needs the shared fixtures folder beside the checkout: {} is missing",
        shared.display()
    );
    let specs = [
        root.join("tests/snapshots/shapes.yaml"),
        root.join("tests/snapshots/names.yaml"),
        root.join("../spec/whatsapp-http-api.yaml"),
        shared.join("specs/waha-2024.9.2.json"),
        shared.join("specs/whatsapi-baileys-2.0.0.json"),
        shared.join("specs/petstore.json"),
        shared.join("n8n/edge/edge-cases.openapi.json"),
    ];
    for spec in specs {
        let (_, files) = codegen::client_sources(&spec, "spec").unwrap();
        let text = &files[Path::new("src/metadata.rs")];
        // The header line and the blank line after the module docs are the
        // generator's own; the rest is prettyplease's layout.
        let body = text.split_once("\n\n").unwrap().1;
        let printed = prettyplease::unparse(&syn::parse_file(body).unwrap());
        assert_eq!(
            body.replacen("document.\n\n", "document.\n", 1),
            printed,
            "{}",
            spec.display()
        );
    }
}
