//! Bad input gets an error naming the file and the line or JSON pointer.

use generator::load::{load_path, load_str};
use generator::{Location, build};

fn load_err(text: &str) -> String {
    load_str(text, "spec.json").unwrap_err().to_string()
}

#[test]
fn unreadable_file_names_the_path() {
    let err = load_path(std::path::Path::new("/no/such/spec.yaml")).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("/no/such/spec.yaml: cannot read the file"),
        "{err}"
    );
}

#[test]
fn empty_document() {
    assert_eq!(
        load_err("  \n"),
        "spec.json: the file is empty; expected an OpenAPI document in JSON or YAML"
    );
}

#[test]
fn malformed_json_names_line_and_column() {
    let err = load_str(
        "{\n  \"openapi\": \"3.0.3\",\n  \"info\": {\n}",
        "spec.json",
    )
    .unwrap_err();
    assert!(
        matches!(err.location(), Some(Location::Line { line: 4, .. })),
        "{err}"
    );
    assert!(err.to_string().starts_with("spec.json:4:"), "{err}");
    assert!(err.to_string().contains("invalid JSON"), "{err}");
}

#[test]
fn malformed_yaml_names_the_line() {
    let err = load_str("openapi: 3.0.3\ninfo:\n  title: [unclosed\n", "spec.yaml").unwrap_err();
    let text = err.to_string();
    assert!(text.starts_with("spec.yaml:"), "{text}");
    assert!(text.contains("invalid YAML"), "{text}");
    assert!(
        matches!(err.location(), Some(Location::Line { .. })),
        "{text}"
    );
}

#[test]
fn binary_garbage_is_not_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("garbage.json");
    std::fs::write(&path, [0x7b, 0xff, 0xfe, 0x00, 0x81]).unwrap();
    let err = load_path(&path).unwrap_err().to_string();
    assert!(
        err.contains("garbage.json:1:2: the file is not UTF-8 text"),
        "{err}"
    );
}

#[test]
fn swagger_2_is_named_with_a_way_out() {
    let err = load_err(r#"{"swagger": "2.0", "info": {}, "paths": {}}"#);
    assert!(
        err.starts_with("spec.json#/swagger: this is a Swagger 2.0 document"),
        "{err}"
    );
    assert!(err.contains("swagger2openapi"), "{err}");
}

#[test]
fn missing_or_unknown_openapi_version() {
    assert_eq!(
        load_err(r#"{"info": {}}"#),
        "spec.json#: missing the `openapi` field; is this an OpenAPI 3 document?"
    );
    assert!(
        load_err(r#"{"openapi": "4.0.0"}"#)
            .starts_with("spec.json#/openapi: unsupported OpenAPI version \"4.0.0\"")
    );
    assert!(
        load_err(r#"{"openapi": 3.1}"#)
            .starts_with("spec.json#/openapi: `openapi` must be a version string")
    );
}

#[test]
fn yaml_with_integer_status_keys_loads() {
    let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        200:\n          description: ok\n";
    let document = load_str(yaml, "spec.yaml").unwrap();
    let model = build(&document).unwrap();
    assert_eq!(model.operations[0].responses.len(), 1);
}

#[test]
fn structural_errors_name_the_pointer() {
    let doc = r#"{"openapi": "3.0.3", "info": {"version": "1"}, "paths": {}}"#;
    let err = build(&load_str(doc, "spec.json").unwrap())
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with(
            "spec.json#/info: not a valid OpenAPI document here: missing field `title`"
        ),
        "{err}"
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let depth = 5000;
    let text = format!(
        "{{\"openapi\": \"3.0.3\", \"x\": {}{}}}",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let err = load_err(&text);
    assert!(
        err.starts_with("spec.json:1:") && err.contains("nests deeper than 128 levels"),
        "{err}"
    );
    let yaml = format!(
        "openapi: 3.0.3\nx: {}{}\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let err = load_str(&yaml, "spec.yaml").unwrap_err().to_string();
    assert!(err.starts_with("spec.yaml"), "{err}");
}

#[test]
fn duplicate_keys_are_refused_with_their_line() {
    let err = load_err("{\n  \"openapi\": \"3.0.3\",\n  \"openapi\": \"3.1.0\"\n}");
    assert!(err.starts_with("spec.json:3:"), "{err}");
    assert!(err.contains("duplicate key `openapi`"), "{err}");
    let err = load_str("openapi: 3.0.3\ninfo: {}\ninfo: {}\n", "spec.yaml")
        .unwrap_err()
        .to_string();
    assert!(err.contains("duplicate entry with key \"info\""), "{err}");
}

#[test]
fn yaml_alias_bombs_are_refused_in_bounded_memory() {
    let mut yaml = String::from(
        "openapi: 3.0.3\nx:\n  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 9].join(", ");
        yaml.push_str(&format!("  a{i}: &a{i} [{refs}]\n"));
    }
    let err = load_str(&yaml, "bomb.yaml").unwrap_err().to_string();
    assert!(err.contains("repetition limit exceeded"), "{err}");
}

/// The error for `yaml`, or `None` when loading takes more than 10 s.
fn yaml_error_within_seconds(yaml: String) -> Option<generator::Error> {
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = send.send(load_str(&yaml, "spec.yaml").err());
    });
    receive
        .recv_timeout(std::time::Duration::from_secs(10))
        .ok()
        .flatten()
}

#[test]
fn deep_yaml_flow_nesting_is_refused_before_parsing() {
    // Refused by the scan before the YAML parser runs: the error names the
    // line and column of the bracket that goes one level too deep, even
    // though the text is not valid YAML further on (which the parser would
    // have reported instead).
    for (opener, column) in [("[", 4 + 128), ("{a: ", 4 + 128 * 4)] {
        let yaml = format!(
            "openapi: 3.0.3\nx: {}\n  : : bad YAML ]]]\n",
            opener.repeat(200)
        );
        let err = load_str(&yaml, "spec.yaml").unwrap_err();
        assert_eq!(
            err.location(),
            Some(&Location::Line { line: 2, column }),
            "{err}"
        );
        assert!(
            err.to_string().contains("nests deeper than 128 levels"),
            "{err}"
        );
    }
    // Closing brackets inside quotes cannot hide the depth.
    let yaml = format!("openapi: 3.0.3\nx: {}\n", "[ \"]\" ".repeat(200));
    let err = load_str(&yaml, "spec.yaml").unwrap_err().to_string();
    assert!(err.contains("nests deeper than 128 levels"), "{err}");
    // Brackets in comments and block scalars are text.
    let text = "[".repeat(300);
    let yaml = format!(
        "openapi: 3.0.3 # {text}\ninfo:\n  title: t\n  version: '1'\n  description: |\n    {text}\n    {text}\n  x-note: >-\n    {text}\npaths: {{}}\n"
    );
    let document = load_str(&yaml, "spec.yaml").unwrap();
    assert_eq!(
        document.raw["info"]["description"],
        format!("{text}\n{text}\n")
    );
}

#[test]
fn deep_yaml_flow_nesting_is_refused_in_linear_time() {
    // 200 KB of `[`: the YAML scanner's work grows with the flow depth for
    // every token (quadratic in all), which took 41 s before the parser's own
    // depth error; the scan refuses it in a millisecond. A timing guard of
    // 10 s: today's scan has four orders of magnitude of room, the parser
    // alone did not come close.
    let yaml = format!("openapi: 3.0.3\nx: {}\n", "[".repeat(200_000));
    let err = yaml_error_within_seconds(yaml).expect("refused within 10 s");
    assert!(
        err.to_string().contains("nests deeper than 128 levels"),
        "{err}"
    );
}

#[test]
fn a_bad_value_inside_a_schema_is_named_by_its_own_pointer() {
    // `openapiv3` reads schemas through untagged enums, whose errors stop at
    // the component; the pointer must reach the value at fault.
    let text = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
        "components": {"schemas": {"S": {"type": "object", "properties": {
            "a": {"type": "object", "properties": {"b": {"type": "string", "maxLength": "long"}}}
        }}}}}"#;
    let err = build(&load_str(text, "spec.json").unwrap())
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with(
            "spec.json#/components/schemas/S/properties/a/properties/b/maxLength: not a valid OpenAPI document here"
        ),
        "{err}"
    );
}

#[test]
fn a_bad_value_behind_a_reference_into_a_component_is_named_where_it_is_written() {
    // codat's accounting document: `properties/type` is a `$ref` to a schema
    // nested in a component (`Item/definitions/itemType`), copied in place
    // before parsing, and that schema's `type` is a schema, not a name. The
    // pointer names the place in the document, not the copy, and the `$ref`
    // that led there; a reference inside the copied schema maps to its own
    // target in turn.
    let text = r##"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {},
        "components": {"schemas": {"Item": {
            "allOf": [{"type": "object", "properties": {
                "type": {"$ref": "#/components/schemas/Item/definitions/itemType"},
                "kind": {"$ref": "#/components/schemas/Item/definitions/wrapper"}}}],
            "definitions": {
                "itemType": {"type": {"type": "string", "enum": ["Service"]}},
                "wrapper": {"type": "object", "properties": {"inner": {"$ref": "#/components/schemas/Item/definitions/bad"}}},
                "bad": {"type": "string", "maxLength": "long"}
            }}}}}"##;
    let fixed = text.replace(
        r#"{"type": {"type": "string", "enum": ["Service"]}}"#,
        r#"{"type": "string"}"#,
    );
    for (text, at, through) in [
        (
            text,
            "/components/schemas/Item/definitions/itemType/type",
            "/components/schemas/Item/allOf/0/properties/type",
        ),
        (
            fixed.as_str(),
            "/components/schemas/Item/definitions/bad/maxLength",
            "/components/schemas/Item/definitions/wrapper/properties/inner",
        ),
    ] {
        let err = build(&load_str(text, "spec.json").unwrap())
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with(&format!(
                "spec.json#{at}: not a valid OpenAPI document here"
            )) && err.ends_with(&format!("(reached through the `$ref` at #{through})")),
            "{err}"
        );
    }
}

#[test]
fn document_text_in_errors_cannot_drive_the_terminal_or_flood_it() {
    // A terminal escape (clear screen, then a fake message) and a huge
    // reference, both quoted by the error.
    let hostile = format!(
        "#/components/schemas/\u{1b}[2J\u{1b}[1;1Hall good\n{}",
        "x".repeat(5000)
    );
    let text = serde_json::json!({
        "openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
        "components": {"schemas": {"A": {"$ref": hostile}}}
    })
    .to_string();
    let document = load_str(&text, "spec.json").unwrap();
    let err = build(&document).unwrap_err().to_string();
    assert!(!err.contains(|c: char| c.is_control()), "{err:?}");
    assert!(err.contains("\\u{1b}[2J"), "{err}");
    assert!(err.len() < 400, "{} bytes: {err}", err.len());

    // Keys in a parser's message, and the version, too.
    let err = load_err("{\"openapi\": \"3.0.3\", \"\u{1b}]0;x\u{7}\": 1, \"\u{1b}]0;x\u{7}\": 2}");
    assert!(!err.contains(|c: char| c.is_control()), "{err:?}");
    let err = load_err(&format!(
        "{{\"openapi\": \"4\u{202e}{}\"}}",
        "9".repeat(3000)
    ));
    assert!(
        !err.contains(|c: char| c.is_control() || c == '\u{202e}'),
        "{err:?}"
    );
    assert!(err.len() < 400, "{} bytes: {err}", err.len());

    // `cargo xtask inspect` prints document text the same way.
    let text = serde_json::json!({
        "openapi": "3.0.3", "info": {"title": "t\u{1b}[2J", "version": "1\n2"}, "paths": {},
        "tags": [{"name": "\u{1b}]0;title\u{7}"}]
    })
    .to_string();
    let model = build(&load_str(&text, "spec.json").unwrap()).unwrap();
    let summary = generator::summary::summary(&model);
    assert!(
        !summary.replace('\n', "").contains(|c: char| c.is_control()),
        "{summary:?}"
    );
    assert_eq!(
        summary.lines().next(),
        Some("t\\u{1b}[2J 1\\u{a}2 (OpenAPI 3.0.3)")
    );
}

#[test]
fn yaml_integers_beyond_64_bits_are_numbers_with_a_warning() {
    let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    S: {type: integer, maximum: 123456789012345678901234567890, example: -99999999999999999999}\n";
    let document = load_str(yaml, "spec.yaml").unwrap();
    let schema = &document.raw["components"]["schemas"]["S"];
    assert_eq!(schema["maximum"].as_f64(), Some(1.2345678901234568e29));
    assert_eq!(schema["example"].as_f64(), Some(-1e20));
    let model = build(&document).unwrap();
    let warnings: Vec<String> = model.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        [
            "#/components/schemas/S/maximum: the integer 123456789012345678901234567890 does not fit in 64 bits; read as the number 123456789012345680000000000000",
            "#/components/schemas/S/example: the integer -99999999999999999999 does not fit in 64 bits; read as the number -100000000000000000000",
        ]
    );
}

#[test]
fn a_bad_value_under_paths_is_named_by_its_own_pointer() {
    // `openapiv3` reads `paths` through `ReferenceOr`, whose errors stop at
    // `#/paths`.
    let cases = [
        (
            r#"{"parameters": [{"name": "q", "in": "query", "schema": {"type": "string", "maxLength": "x"}}], "responses": {}}"#,
            "#/paths/~1a/get/parameters/0/schema/maxLength",
        ),
        (
            r#"{"requestBody": {"content": {"application/json": {"schema": {"properties": {"b": {"minimum": "low"}}}}}}, "responses": {}}"#,
            "#/paths/~1a/get/requestBody/content/application~1json/schema/properties/b/minimum",
        ),
        (
            r#"{"responses": {"200": {"description": "ok", "headers": {"X-N": {"schema": {"type": "array", "items": {"minLength": "y"}}}}}}}"#,
            "#/paths/~1a/get/responses/200/headers/X-N/schema/items/minLength",
        ),
        (
            r#"{"deprecated": "yes", "responses": {}}"#,
            "#/paths/~1a/get/deprecated",
        ),
    ];
    for (operation, pointer) in cases {
        let text = format!(
            r#"{{"openapi": "3.0.3", "info": {{"title": "t", "version": "1"}}, "paths": {{"/a": {{"get": {operation}}}}}}}"#
        );
        let err = build(&load_str(&text, "spec.json").unwrap())
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with(&format!(
                "spec.json{pointer}: not a valid OpenAPI document here"
            )),
            "{pointer}: {err}"
        );
    }
}

/// Places that are not schemas (path items here, through callbacks) are
/// still copied at their references, within the repetition limit: a chain
/// of path items each calling back the next one four times would copy
/// `4 ^ 12` path items; it is refused at the `$ref` that goes over.
#[test]
fn copies_of_referenced_places_past_the_repetition_limit_are_refused() {
    let depth = 12;
    let mut paths = serde_json::Map::new();
    for level in 0..=depth {
        let callbacks: serde_json::Map<String, serde_json::Value> = (0..4)
            .filter(|_| level < depth)
            .map(|i| {
                (
                    format!("cb{i}"),
                    serde_json::json!({"{$request.body#/url}": {"$ref": format!("#/paths/~1p{}", level + 1)}}),
                )
            })
            .collect();
        paths.insert(
            format!("/p{level}"),
            serde_json::json!({"post": {"operationId": format!("p{level}"), "callbacks": callbacks,
                "responses": {"200": {"description": "ok"}}}}),
        );
    }
    let text = serde_json::json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths})
        .to_string();
    let err = build(&load_str(&text, "spec.json").unwrap())
        .unwrap_err()
        .to_string();
    assert!(err.contains("repetition limit exceeded"), "{err}");
    assert!(
        err.starts_with("spec.json#/paths/~1p") && err.contains("/$ref: "),
        "{err}"
    );
    println!("{err}");
}

/// A JSON document whose schema `S` nests `levels` object schemas.
fn nested_schema_document(levels: usize) -> String {
    let mut schema = serde_json::json!({"type": "string"});
    for _ in 0..levels {
        schema = serde_json::json!({"type": "object", "properties": {"a": schema}});
    }
    serde_json::json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
        "components": {"schemas": {"S": schema}}})
    .to_string()
}

/// The depth limit is the generator's one bound ([`generator::load::MAX_DEPTH`],
/// 128 levels of JSON), not the JSON parser's: 62 nested schemas (128
/// levels) load and generate; one more is refused by that bound, naming
/// where.
#[test]
fn the_depth_limit_is_the_generators_bound_not_the_parsers() {
    assert_eq!(generator::load::MAX_DEPTH, 128);
    let text = nested_schema_document(62);
    let document = load_str(&text, "spec.json").expect("128 levels load");
    build(&document).expect("builds");
    let outcome = generator::fuzz::run_pipeline(&document.raw);
    assert!(
        matches!(outcome, generator::fuzz::Outcome::Generated),
        "{outcome:?}"
    );
    let err = load_str(&nested_schema_document(63), "spec.json")
        .unwrap_err()
        .to_string();
    assert!(err.contains("nests deeper than 128 levels"), "{err}");
    assert!(err.starts_with("spec.json"), "{err}");
    // Brackets in strings (escaped quotes included) are text.
    let text = format!(
        "{{\"openapi\": \"3.0.3\", \"x\": \"\\\"{}\"}}",
        "[{".repeat(300)
    );
    let document = load_str(&text, "spec.json").expect("brackets in a string are text");
    assert!(document.raw["x"].as_str().unwrap().ends_with("[{[{"));
}
