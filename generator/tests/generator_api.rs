//! `Generator`, the library API for build scripts: typed errors that keep
//! the document's file and JSON pointer, the files a generation read, repair
//! warnings, `x-error-hint` checked where it is written, and no output
//! outside a build script.

use std::path::Path;

use generator::codegen::JobError;
use generator::{Generator, Location};

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

#[test]
fn a_wrong_document_is_a_typed_error_with_its_file_and_pointer() {
    let dir = tempfile::tempdir().unwrap();
    let spec = write(
        dir.path(),
        "bad.yaml",
        &format!(
            "{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200': {{$ref: '#/components/responses/Nope'}}\n"
        ),
    );
    let error = Generator::new(&spec).generate().unwrap_err();
    let JobError::Document(document) = &error else {
        panic!("{error:?}");
    };
    assert_eq!(
        document.location(),
        Some(&Location::Pointer(
            "/paths/~1a/get/responses/200/$ref".into()
        ))
    );
    assert!(
        error.to_string().starts_with(&spec.display().to_string()),
        "{error}"
    );
}

#[test]
fn an_error_hint_must_be_text() {
    let dir = tempfile::tempdir().unwrap();
    let spec = write(
        dir.path(),
        "hint.yaml",
        &format!(
            "{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '404': {{description: gone, x-error-hint: 3}}\n"
        ),
    );
    let error = Generator::new(&spec).generate().unwrap_err();
    let location = error.document_error().and_then(|e| e.location());
    assert_eq!(
        location,
        Some(&Location::Pointer(
            "/paths/~1a/get/responses/404/x-error-hint".into()
        )),
        "{error}"
    );
    assert!(
        error.to_string().contains("must be a non-empty string"),
        "{error}"
    );
}

#[test]
fn the_generation_names_every_file_it_read_and_its_repairs() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "schemas/thing.yaml",
        "type: object\nproperties:\n  tags: {type: array}\n",
    );
    let spec = write(
        dir.path(),
        "api.yaml",
        &format!(
            "{HEAD}paths:\n  /things:\n    get:\n      operationId: listThings\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: 'schemas/thing.yaml'}}\n        '404': {{description: gone, x-error-hint: Check the thing}}\n"
        ),
    );
    let generated = Generator::new(&spec).generate().unwrap();
    let bundled = std::fs::canonicalize(dir.path().join("schemas/thing.yaml")).unwrap();
    assert_eq!(generated.inputs, [spec.clone(), bundled]);
    assert!(
        generated
            .warnings
            .iter()
            .any(|w| w.pointer.ends_with("/properties/tags") && w.message.contains("items")),
        "{:?}",
        generated.warnings
    );
    // The repair is named where the schema is written: the bundled file.
    let at = generated
        .warnings
        .iter()
        .position(|w| w.pointer.ends_with("/properties/tags"))
        .unwrap();
    assert_eq!(
        generated.warnings_written_at[at],
        (
            dir.path().join("schemas/thing.yaml"),
            "/properties/tags".to_owned()
        )
    );
    assert_eq!(
        generated.warnings_written_at.len(),
        generated.warnings.len()
    );
    assert!(
        generated
            .code
            .contains("ErrorHint::new(ResponseCode::Exact(404), \"Check the thing\")"),
        "{}",
        generated.code
    );
    // Without `.catalog(true)` there is no catalog.
    assert!(!generated.code.contains("pub mod catalog"));
}

#[test]
fn outside_a_build_script_nothing_is_written() {
    // Test binaries run without OUT_DIR (this crate has no build script).
    assert!(std::env::var_os("OUT_DIR").is_none());
    let dir = tempfile::tempdir().unwrap();
    let spec = write(
        dir.path(),
        "api.yaml",
        &format!(
            "{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '204': {{description: ok}}\n"
        ),
    );
    let error = Generator::new(&spec).build_script("api.rs").unwrap_err();
    assert!(matches!(error, JobError::NoOutDir), "{error:?}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}
