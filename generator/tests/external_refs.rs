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

/// Loads `path` on a thread; `None` when it has not finished in 10 s (reading
/// a FIFO nobody writes to would block for ever).
fn load_within_seconds(path: &Path) -> Option<Result<(), String>> {
    let path = path.to_owned();
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let result = generator::load::load_path(&path)
            .map(|_| ())
            .map_err(|e| e.to_string());
        let _ = send.send(result);
    });
    receive
        .recv_timeout(std::time::Duration::from_secs(10))
        .ok()
}

#[cfg(unix)]
#[test]
fn fifos_and_other_non_regular_files_are_refused_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pet.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    write(
        dir.path(),
        "api.yaml",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Pet: {$ref: 'pet.yaml'}\n",
    );
    let err = load_within_seconds(&dir.path().join("api.yaml"))
        .expect("a $ref to a FIFO must not block")
        .unwrap_err();
    assert!(
        err.contains("pet.yaml") && err.contains("not a regular file"),
        "{err}"
    );

    // The document itself.
    let err = load_within_seconds(&fifo)
        .expect("a FIFO given as the document must not block")
        .unwrap_err();
    assert!(err.contains("not a regular file"), "{err}");

    // A directory as a `$ref`.
    std::fs::create_dir(dir.path().join("schemas")).unwrap();
    write(
        dir.path(),
        "dir.yaml",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Pet: {$ref: 'schemas'}\n",
    );
    let err = load_within_seconds(&dir.path().join("dir.yaml"))
        .expect("finishes")
        .unwrap_err();
    assert!(err.contains("is a directory"), "{err}");
}

#[test]
fn a_local_reference_in_another_file_resolves_in_that_file() {
    let dir = tempfile::tempdir().unwrap();
    // The document has a `Pet` of its own (a string); `other.yaml`'s `Owner`
    // refers to `other.yaml`'s `Pet` (an object) with `#/...`.
    write(
        dir.path(),
        "api.yaml",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Pet: {type: string}\n    Owner: {$ref: 'other.yaml#/components/schemas/Owner'}\n",
    );
    write(
        dir.path(),
        "other.yaml",
        "components:\n  schemas:\n    Owner:\n      type: object\n      properties:\n        pet: {$ref: '#/components/schemas/Pet'}\n        back: {$ref: 'api.yaml#/components/schemas/Pet'}\n    Pet:\n      type: object\n      properties:\n        name: {type: string}\n",
    );
    let (_, model) = generator::load_model(&dir.path().join("api.yaml")).unwrap();
    let owner = model.schemas.get("Owner_2").expect("other.yaml's Owner");
    let generator::model::SchemaKind::Object { properties, .. } = &owner.kind else {
        panic!("{owner:?}")
    };
    let pet = &properties["pet"];
    // other.yaml's Pet, copied in beside the document's own.
    assert!(
        matches!(&pet.schema, SchemaRef::Named(n) if n == "Pet_2"),
        "{pet:?}"
    );
    assert!(matches!(
        &model.schemas["Pet_2"].kind,
        generator::model::SchemaKind::Object { .. }
    ));
    // A reference back into the document is the document's own.
    let back = &properties["back"];
    assert!(
        matches!(&back.schema, SchemaRef::Named(n) if n == "Pet"),
        "{back:?}"
    );
}

#[test]
fn a_ref_key_inside_literal_data_is_data() {
    let dir = tempfile::tempdir().unwrap();
    // Each `$ref` below is inside an example, a default, a const or an enum
    // value: nothing to resolve, no file to read. A property *named*
    // `example` is still a schema, and its reference is still followed.
    write(
        dir.path(),
        "api.yaml",
        r##"
openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /a:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Doc"}
            example: {$ref: "missing.yaml"}
            examples:
              one: {value: {$ref: "#/nowhere"}}
              two: {$ref: "#/components/examples/Two"}
      responses:
        default: {$ref: "#/components/responses/Fine"}
components:
  examples:
    Two: {value: {$ref: "/etc/passwd"}}
  responses:
    Fine: {description: ok}
  schemas:
    Doc:
      type: object
      default: {$ref: "missing.yaml#/x"}
      examples: [{$ref: "#/nowhere"}]
      properties:
        kind: {const: {$ref: "#/nowhere"}}
        choice: {enum: [{$ref: "#/nowhere"}]}
        example: {$ref: "#/components/schemas/Example"}
    Example: {type: string}
"##,
    );
    let (_, model) = generator::load_model(&dir.path().join("api.yaml")).unwrap();
    let doc = &model.schemas["Doc"];
    assert_eq!(
        doc.default,
        Some(serde_json::json!({"$ref": "missing.yaml#/x"}))
    );
    let generator::model::SchemaKind::Object { properties, .. } = &doc.kind else {
        panic!("{doc:?}")
    };
    assert!(
        matches!(&properties["example"].schema, SchemaRef::Named(n) if n == "Example"),
        "{properties:?}"
    );

    // The property named `example` is checked like any reference.
    write(
        dir.path(),
        "bad.yaml",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Doc: {type: object, properties: {example: {$ref: '#/components/schemas/Gone'}}}\n",
    );
    let err = generator::load_model(&dir.path().join("bad.yaml"))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("#/components/schemas/Doc/properties/example/$ref"),
        "{err}"
    );
}

#[test]
fn a_ref_inside_an_extension_is_data() {
    // Dropbox Sign's `x-codeSamples` refer to PHP files (which exist here),
    // Azure's `x-ms-examples` to files that do not; Cohere's extensions to
    // places that are not in the document. None is read or followed. The
    // extensions this generator reads (`x-webhooks`, `x-error-schema`) are
    // still followed.
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "examples/AccountCreateExample.php",
        "<?php\n\nrequire_once __DIR__ . \"/vendor/autoload.php\";\n$config = Dropbox\\Sign\\Configuration::getDefaultConfiguration();\n  : [ {\n",
    );
    write(
        dir.path(),
        "api.yaml",
        r##"
openapi: 3.0.3
info: {title: t, version: "1"}
x-extra: {$ref: "#/nowhere"}
paths:
  /account:
    post:
      x-codeSamples:
        - {lang: PHP, label: PHP, source: {$ref: examples/AccountCreateExample.php}}
      x-ms-examples:
        create: {$ref: "./examples/missing.json"}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Account", x-note: {$ref: "#/gone"}}
components:
  schemas:
    Account:
      type: object
      x-internal: {$ref: "other.yaml#/Gone"}
      properties:
        x-id: {$ref: "schemas/id.yaml"}
"##,
    );
    write(dir.path(), "schemas/id.yaml", "type: string\n");
    let (document, model) = generator::load_model(&dir.path().join("api.yaml")).unwrap();
    assert_eq!(document.bundled.len(), 1, "{:?}", document.bundled);
    assert!(
        document
            .bundled
            .iter()
            .all(|f| !f.ends_with("AccountCreateExample.php")),
        "{:?}",
        document.bundled
    );
    // A property named like an extension is a name: its reference is read.
    let generator::model::SchemaKind::Object { properties, .. } = &model.schemas["Account"].kind
    else {
        panic!()
    };
    assert!(
        matches!(&properties["x-id"].schema, SchemaRef::Named(n) if n == "id"),
        "{properties:?}"
    );
}

#[test]
fn an_error_in_a_file_read_for_a_ref_names_that_ref() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "api.yaml",
        r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "schemas/broken.yaml"}
"##,
    );
    write(dir.path(), "schemas/broken.yaml", "type: object\n  : [ {\n");
    let err = generator::load_model(&dir.path().join("api.yaml"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("broken.yaml:2:"), "{err}");
    assert!(err.contains("invalid YAML"), "{err}");
    assert!(
        err.contains(
            "(read for the `$ref: schemas/broken.yaml` at #/paths/~1a/get/responses/200/content/application~1json/schema/$ref)"
        ),
        "{err}"
    );
}

#[test]
fn a_description_given_as_a_ref_to_a_markdown_file_is_read_as_text() {
    // Redocly-style `description: {$ref: x.md}`: the file is the text.
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "api.yaml",
        r##"
openapi: 3.0.3
info: {title: t, version: "1", description: {$ref: "docs/intro.md"}}
tags:
  - name: pets
    description: {$ref: "docs/pets.md"}
paths:
  /pets:
    get:
      tags: [pets]
      responses: {"200": {description: ok}}
"##,
    );
    write(
        dir.path(),
        "docs/intro.md",
        "# Intro\n\nHello: *world* [x]\n",
    );
    write(
        dir.path(),
        "docs/pets.md",
        "Pets: all of them.\n- one\n- two: {\n",
    );
    let (_, model) = generator::load_model(&dir.path().join("api.yaml")).unwrap();
    assert_eq!(
        model.description.as_deref(),
        Some("# Intro\n\nHello: *world* [x]\n")
    );
    assert_eq!(
        model.resources[0].description.as_deref(),
        Some("Pets: all of them.\n- one\n- two: {\n")
    );
    let warnings: Vec<String> = model.warnings.iter().map(ToString::to_string).collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("#/tags/0/description: ") && w.contains("docs/pets.md")),
        "{warnings:?}"
    );
}
