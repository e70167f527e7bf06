//! References to other files: read from inside the document's directory,
//! copied in as components; files outside it and URLs are refused.

use std::path::Path;

use generator::model::SchemaRef;

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

const ROOT: &str = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /pets:
    get:
      parameters:
        - $ref: "common.yaml#/components/parameters/Limit"
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "schemas/pet.yaml"}
components:
  schemas:
    Owner: {type: object, properties: {pet: {$ref: "schemas/pet.yaml"}}}
"##;

#[test]
fn relative_files_are_bundled_as_components() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "api.yaml", ROOT);
    write(
        dir.path(),
        "common.yaml",
        "components:\n  parameters:\n    Limit: {name: limit, in: query, schema: {type: integer}}\n",
    );
    // A schema file referring to another, relative to itself, and back.
    write(
        dir.path(),
        "schemas/pet.yaml",
        "type: object\nproperties:\n  tag: {$ref: \"tag.yaml#/Tag\"}\n",
    );
    write(
        dir.path(),
        "schemas/tag.yaml",
        "Tag:\n  type: object\n  properties:\n    pet: {$ref: \"pet.yaml\"}\n",
    );
    let (document, model) = generator::load_model(&dir.path().join("api.yaml")).unwrap();
    assert!(
        !document.raw.to_string().contains(".yaml"),
        "no external reference is left"
    );
    let op = &model.operations[0];
    assert_eq!(op.parameters[0].name, "limit");
    assert_eq!(
        op.responses[0].content[0].schema,
        Some(SchemaRef::Named("pet".into()))
    );
    let names: Vec<&str> = model.schemas.keys().map(String::as_str).collect();
    assert_eq!(names, ["Owner", "pet", "Tag"]);
}

#[test]
fn files_outside_the_directory_are_refused() {
    let outer = tempfile::tempdir().unwrap();
    let dir = outer.path().join("spec");
    write(
        &dir,
        "api.yaml",
        &ROOT.replace("schemas/pet.yaml", "../secret.yaml"),
    );
    write(
        &dir,
        "common.yaml",
        "components:\n  parameters:\n    Limit: {name: limit, in: query, schema: {type: integer}}\n",
    );
    write(outer.path(), "secret.yaml", "type: string\n");
    let err = generator::load_model(&dir.join("api.yaml"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("leaves the document's directory"), "{err}");
    assert!(
        err.contains("#/paths/~1pets/get/responses/200/content/application~1json/schema/$ref"),
        "{err}"
    );
}

#[test]
fn urls_and_missing_files_are_errors_naming_the_reference() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "common.yaml",
        "components:\n  parameters:\n    Limit: {name: limit, in: query, schema: {type: integer}}\n",
    );
    write(
        dir.path(),
        "api.yaml",
        &ROOT.replace("schemas/pet.yaml", "https://example.com/pet.yaml"),
    );
    let err = generator::load_model(&dir.path().join("api.yaml"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("is a URL"), "{err}");

    std::fs::remove_file(dir.path().join("common.yaml")).unwrap();
    write(dir.path(), "api.yaml", ROOT);
    let err = generator::load_model(&dir.path().join("api.yaml"))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("`$ref: common.yaml#/components/parameters/Limit`: cannot read"),
        "{err}"
    );
}
