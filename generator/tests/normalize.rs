//! Each 3.1 rewrite and each repair, proven on a small document.

use generator::model::{AdditionalProperties, Model, ParameterStyle, SchemaKind, SchemaRef};
use generator::{build, load::load_str};
use serde_json::{Value, json};

fn model_of(doc: Value) -> Model {
    let document = load_str(&doc.to_string(), "test.json").expect("loads");
    build(&document).expect("builds")
}

/// A 3.1 document with one schema `S`.
fn with_schema(schema: Value) -> Value {
    json!({
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "components": {"schemas": {"S": schema}}
    })
}

fn schema_s(doc: Value) -> (generator::model::Schema, Vec<String>) {
    let model = model_of(doc);
    let warnings = model.warnings.iter().map(ToString::to_string).collect();
    (model.schemas["S"].clone(), warnings)
}

#[test]
fn type_array_with_null_becomes_nullable() {
    let (s, warnings) = schema_s(with_schema(json!({"type": ["string", "null"]})));
    assert!(s.nullable);
    assert!(matches!(s.kind, SchemaKind::String { .. }), "{:?}", s.kind);
    assert!(
        warnings.is_empty(),
        "valid 3.1 is not a repair: {warnings:?}"
    );
}

#[test]
fn multi_type_array_becomes_any_of_with_each_types_keywords() {
    let (s, _) = schema_s(with_schema(json!({
        "type": ["string", "integer", "null"], "maxLength": 3, "minimum": 1
    })));
    assert!(s.nullable);
    let SchemaKind::AnyOf(branches) = &s.kind else {
        panic!("{:?}", s.kind)
    };
    assert_eq!(branches.len(), 2);
    assert!(
        matches!(&branches[0], SchemaRef::Inline(b) if matches!(b.kind, SchemaKind::String { .. }))
    );
    assert!(
        matches!(&branches[1], SchemaRef::Inline(b) if matches!(b.kind, SchemaKind::Integer { .. }))
    );
}

#[test]
fn null_type_and_null_branches_become_nullable() {
    let (s, _) = schema_s(with_schema(json!({"type": "null"})));
    assert!(s.nullable);
    assert_eq!(s.kind, SchemaKind::Any);

    let doc = json!({
        "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
        "components": {"schemas": {
            "T": {"type": "object"},
            "S": {"anyOf": [{"$ref": "#/components/schemas/T"}, {"type": "null"}]}
        }}
    });
    let (s, _) = schema_s(doc);
    assert!(s.nullable);
    assert_eq!(
        s.kind,
        SchemaKind::AnyOf(vec![SchemaRef::Named("T".into())])
    );
}

#[test]
fn const_becomes_a_one_value_enum() {
    let (s, _) = schema_s(with_schema(json!({"type": "string", "const": "fixed"})));
    assert_eq!(
        s.kind,
        SchemaKind::String {
            format: None,
            enumeration: vec!["fixed".into()]
        }
    );
}

#[test]
fn examples_array_gives_the_first_example() {
    let (s, _) = schema_s(with_schema(json!({"type": "integer", "examples": [7, 8]})));
    assert_eq!(s.example, Some(json!(7)));
}

#[test]
fn numeric_exclusive_bounds_are_read() {
    // openapiv3 rejects a numeric exclusiveMinimum outright; after the rewrite
    // the schema is a plain number.
    let (s, _) = schema_s(with_schema(
        json!({"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 10}),
    ));
    assert!(matches!(s.kind, SchemaKind::Number { .. }), "{:?}", s.kind);
}

#[test]
fn boolean_schemas_are_read() {
    let doc = with_schema(
        json!({"type": "object", "properties": {"any": true, "never": false}, "additionalProperties": false}),
    );
    let (s, _) = schema_s(doc);
    let SchemaKind::Object {
        properties,
        additional_properties,
    } = &s.kind
    else {
        panic!()
    };
    assert_eq!(properties["any"].schema, SchemaRef::any());
    assert_eq!(*additional_properties, AdditionalProperties::Forbidden);
}

#[test]
fn ref_with_siblings_keeps_the_siblings() {
    let doc = json!({
        "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
        "components": {"schemas": {
            "T": {"type": "string"},
            "S": {"type": "object", "properties": {
                "t": {"$ref": "#/components/schemas/T", "description": "local words"}
            }}
        }}
    });
    let (s, _) = schema_s(doc);
    let SchemaKind::Object { properties, .. } = &s.kind else {
        panic!()
    };
    let SchemaRef::Inline(t) = &properties["t"].schema else {
        panic!()
    };
    assert_eq!(t.description.as_deref(), Some("local words"));
    assert_eq!(
        t.kind,
        SchemaKind::AllOf(vec![SchemaRef::Named("T".into())])
    );
}

#[test]
fn missing_paths_and_responses_are_accepted_and_webhooks_kept() {
    let model = model_of(json!({
        "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
        "webhooks": {"newPet": {"post": {"operationId": "newPet",
            "requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}}}}}
    }));
    assert!(model.operations.is_empty());
    assert_eq!(model.webhooks.len(), 1);
    assert_eq!(model.webhooks[0].operation_id.as_deref(), Some("newPet"));
    assert!(model.webhooks[0].responses.is_empty());
}

#[test]
fn untyped_parameter_schemas_are_typed_with_a_warning() {
    let model = model_of(json!({
        "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
        "paths": {"/api/{session}/x": {"get": {"parameters": [
            {"name": "session", "in": "path", "required": true, "schema": {"default": "default"}},
            {"name": "q", "in": "query", "schema": {}}
        ], "responses": {"200": {"description": "ok"}}}}}
    }));
    let params = &model.operations[0].parameters;
    for p in params {
        let SchemaRef::Inline(s) = &p.schema else {
            panic!()
        };
        assert!(
            matches!(s.kind, SchemaKind::String { .. }),
            "{}: {:?}",
            p.name,
            s.kind
        );
    }
    let pointers: Vec<&str> = model.warnings.iter().map(|w| w.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "/paths/~1api~1{session}~1x/get/parameters/0/schema",
            "/paths/~1api~1{session}~1x/get/parameters/1/schema"
        ]
    );
}

#[test]
fn object_typed_scalars_are_retyped_with_a_warning() {
    let (s, warnings) = schema_s(with_schema(json!({"type": "object", "properties": {
        "mimetype": {"type": "object", "default": "audio/ogg"},
        "contacts": {"type": "object", "default": ["a@c.us"]},
        "multiple": {"type": "object", "default": false},
        "event": {"type": "object", "enum": ["message", "session.status"], "default": "message"}
    }})));
    let SchemaKind::Object { properties, .. } = &s.kind else {
        panic!()
    };
    let kind = |name: &str| match &properties[name].schema {
        SchemaRef::Inline(s) => s.kind.clone(),
        other => panic!("{other:?}"),
    };
    assert!(matches!(kind("mimetype"), SchemaKind::String { .. }));
    assert!(matches!(kind("contacts"), SchemaKind::Array { .. }));
    assert_eq!(kind("multiple"), SchemaKind::Boolean);
    assert_eq!(
        kind("event"),
        SchemaKind::String {
            format: None,
            enumeration: vec!["message".into(), "session.status".into()]
        }
    );
    assert_eq!(warnings.len(), 4, "{warnings:?}");
    assert!(
        warnings[0].starts_with("#/components/schemas/S/properties/mimetype: "),
        "{warnings:?}"
    );
}

#[test]
fn arrays_without_items_get_any_items_with_a_warning() {
    let (s, warnings) = schema_s(with_schema(json!({"type": "array"})));
    assert_eq!(
        s.kind,
        SchemaKind::Array {
            items: Box::new(SchemaRef::any())
        }
    );
    assert_eq!(
        warnings,
        ["#/components/schemas/S: array schema has no `items`; items may be anything"]
    );
}

#[test]
fn path_parameters_are_reconciled_with_the_template() {
    let model = model_of(json!({
        "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
        "paths": {"/channels/{session}/follow": {"post": {"parameters": [
            {"name": "session", "in": "path", "schema": {"type": "string"}},
            {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}
        ], "responses": {"200": {"description": "ok"}}}},
        "/undeclared/{thing}": {"get": {"responses": {"200": {"description": "ok"}}}}}
    }));
    let follow = &model.operations[0];
    let names: Vec<&str> = follow.parameters.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["session"]);
    assert!(follow.parameters[0].required);
    let undeclared = &model.operations[1];
    assert_eq!(undeclared.parameters[0].name, "thing");
    let messages: Vec<String> = model.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "#/paths/~1channels~1{session}~1follow/post/parameters/0: path parameters are always required; marked `required: true`",
            "#/paths/~1channels~1{session}~1follow/post/parameters/1: path parameter `id` is not in the path template `/channels/{session}/follow`; removed",
            "#/paths/~1undeclared~1{thing}/get/parameters: path template placeholder `{thing}` has no parameter; declared as a required string",
        ]
    );
}

#[test]
fn component_references_are_resolved_and_dangling_ones_named() {
    let model = model_of(json!({
        "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"post": {
            "parameters": [{"$ref": "#/components/parameters/Limit"}],
            "requestBody": {"$ref": "#/components/requestBodies/Body"},
            "responses": {"404": {"$ref": "#/components/responses/NotFound"}}
        }}},
        "components": {
            "parameters": {"Limit": {"name": "limit", "in": "query", "schema": {"type": "integer"}}},
            "requestBodies": {"Body": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/E"}}}}},
            "responses": {"NotFound": {"description": "nf", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/E"}}}}},
            "schemas": {"E": {"type": "object", "properties": {"error": {"type": "string"}}}}
        }
    }));
    let op = &model.operations[0];
    assert_eq!(op.parameters[0].name, "limit");
    let body = op.request_body.as_ref().unwrap();
    assert!(body.required);
    assert_eq!(body.content[0].schema, Some(SchemaRef::Named("E".into())));
    assert_eq!(op.responses[0].description, "nf");

    let broken = json!({
        "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"get": {"responses": {"200": {"description": "ok", "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/Nope"}}}}}}}}
    });
    let document = load_str(&broken.to_string(), "broken.json").unwrap();
    let err = build(&document).unwrap_err().to_string();
    assert_eq!(
        err,
        "broken.json#/paths/~1a/get/responses/200/content/application~1json/schema/$ref: `$ref: #/components/schemas/Nope` points to nothing in the document"
    );
}

#[test]
fn operation_security_overrides_the_documents() {
    let model = model_of(json!({
        "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
        "security": [{"header": []}],
        "paths": {"/a": {"get": {"responses": {}}}, "/sse": {"get": {"security": [{"query": []}], "responses": {}}},
                  "/open": {"get": {"security": [], "responses": {}}}},
        "components": {"securitySchemes": {
            "header": {"type": "apiKey", "in": "header", "name": "x-api-key"},
            "query": {"type": "apiKey", "in": "query", "name": "api_key"}
        }}
    }));
    let schemes = |i: usize| -> Vec<String> {
        model.operations[i]
            .security
            .iter()
            .flat_map(|r| r.schemes.iter().map(|(n, _)| n.clone()))
            .collect()
    };
    assert_eq!(schemes(0), ["header"]);
    assert_eq!(schemes(1), ["query"]);
    assert!(schemes(2).is_empty());
}

#[test]
fn untagged_operations_get_the_default_resource_last() {
    let model = model_of(json!({
        "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
        "tags": [{"name": "b"}, {"name": "a", "description": "the a"}],
        "paths": {"/x": {"get": {"responses": {}}, "post": {"tags": ["a"], "responses": {}}},
                  "/y": {"get": {"tags": ["b"], "responses": {}}}}
    }));
    let tags: Vec<&str> = model.resources.iter().map(|r| r.tag.as_str()).collect();
    assert_eq!(tags, ["b", "a", "default"]);
    assert_eq!(model.resources[1].description.as_deref(), Some("the a"));
    assert_eq!(model.resources[2].operations, [0]);
}

#[test]
fn arrays_of_untyped_arrays_follow_their_flat_example() {
    let (s, warnings) = schema_s(with_schema(
        json!({"type": "array", "items": {"type": "array"}, "example": ["message", "session.status"]}),
    ));
    let SchemaKind::Array { items } = &s.kind else {
        panic!("{:?}", s.kind)
    };
    let SchemaRef::Inline(items) = items.as_ref() else {
        panic!()
    };
    assert!(
        matches!(items.kind, SchemaKind::String { .. }),
        "{:?}",
        items.kind
    );
    assert_eq!(
        warnings,
        [
            "#/components/schemas/S/items: items say `type: array` but the example is a list of strings; typed as string"
        ]
    );
}

#[test]
fn boolean_required_inside_a_property_means_the_property_is_required() {
    // NestJS writes `@ApiProperty({required: true})` into the schema (WAHA
    // 2026.7.1 has three).
    let (s, warnings) = schema_s(with_schema(json!({
        "type": "object",
        "required": ["a"],
        "properties": {
            "a": {"type": "string"},
            "b": {"type": "string", "required": true},
            "c": {"type": "string", "required": false},
            "d": {"type": "array", "items": {"type": "string", "required": true}}
        }
    })));
    let SchemaKind::Object { properties, .. } = &s.kind else {
        panic!("{:?}", s.kind)
    };
    let required: Vec<(&str, bool)> = properties
        .iter()
        .map(|(name, p)| (name.as_str(), p.required))
        .collect();
    assert_eq!(
        required,
        [("a", true), ("b", true), ("c", false), ("d", false)]
    );
    assert_eq!(
        warnings,
        [
            "#/components/schemas/S/properties/b/required: `required: true` inside a property schema; the property is listed in its object's `required` instead",
            "#/components/schemas/S/properties/c/required: `required: false` inside a property schema; removed (properties are optional unless listed in `required`)",
            "#/components/schemas/S/properties/d/items/required: a boolean `required` inside a schema that is not a property; removed",
        ]
    );
}

#[test]
fn security_schemes_the_client_cannot_apply_are_named_in_warnings() {
    // `mutualTLS` is valid 3.1 (`openapiv3` does not know it); digest and
    // cookie keys are valid but the client does not send them.
    let model = model_of(json!({
        "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
        "security": [{"mtls": []}, {"basic": []}],
        "paths": {"/a": {"get": {"responses": {"204": {"description": "ok"}}}}},
        "components": {"securitySchemes": {
            "mtls": {"type": "mutualTLS"},
            "basic": {"type": "http", "scheme": "basic"},
            "digest": {"type": "http", "scheme": "Digest"},
            "session": {"type": "apiKey", "in": "cookie", "name": "sid"}
        }}
    }));
    let warnings: Vec<String> = model.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        [
            "#/components/securitySchemes/mtls: security scheme `mtls` is `mutualTLS`, which the client does not apply by itself; give it an HTTP client with the certificate (`ClientBuilder::http_client`)",
            "#/components/securitySchemes/digest: security scheme `digest` is HTTP `digest` authentication, which the client does not send; operations that need it get no credentials from it",
            "#/components/securitySchemes/session: security scheme `session` is an API key in a cookie, which the client does not send; operations that need it get no credentials from it",
        ]
    );
    assert_eq!(
        model.security_schemes.keys().collect::<Vec<_>>(),
        ["basic", "digest", "session"]
    );
}

#[test]
fn openapi_3_2_is_read_as_3_1_with_what_only_3_2_has_set_aside() {
    let model = model_of(json!({
        "openapi": "3.2.0", "info": {"title": "t", "version": "1"},
        "paths": {"/a": {
            "get": {"operationId": "getA", "parameters": [
                {"name": "q", "in": "querystring", "content": {"application/x-www-form-urlencoded": {"schema": {"type": "object"}}}},
                {"name": "limit", "in": "query", "schema": {"type": "integer"}}
            ], "responses": {"204": {"description": "ok"}}},
            "query": {"operationId": "queryA", "responses": {"204": {"description": "ok"}}},
            "additionalOperations": {"LINK": {"responses": {"204": {"description": "ok"}}}}
        }}
    }));
    assert_eq!(model.openapi, "3.2.0");
    assert_eq!(model.operations.len(), 1);
    let names: Vec<&str> = model.operations[0]
        .parameters
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(names, ["limit"]);
    let warnings: Vec<String> = model.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        [
            "#/paths/~1a/query: `query` (OpenAPI 3.2) is not read: the client has no method for it",
            "#/paths/~1a/additionalOperations: `additionalOperations` (OpenAPI 3.2) is not read: the client has no method for it",
            "#/paths/~1a/get/parameters/0: `in: querystring` (OpenAPI 3.2) is not read: the client sends no such parameter",
        ]
    );
}

#[test]
fn label_and_matrix_path_styles_are_kept_without_a_warning() {
    let model = model_of(json!({
        "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
        "paths": {"/a/{ids}/{tag}": {"get": {"parameters": [
            {"name": "ids", "in": "path", "required": true, "style": "matrix", "explode": true, "schema": {"type": "array", "items": {"type": "integer"}}},
            {"name": "tag", "in": "path", "required": true, "style": "label", "schema": {"type": "string"}}
        ], "responses": {}}}}
    }));
    assert!(model.warnings.is_empty(), "{:?}", model.warnings);
    let styles: Vec<_> = model.operations[0]
        .parameters
        .iter()
        .map(|p| p.style)
        .collect();
    assert_eq!(styles, [ParameterStyle::Matrix, ParameterStyle::Label]);
}

/// A `$ref` may name any place in the document, not only `components`:
/// real documents point at another operation's parameter or response
/// (`#/paths/~1a/get/responses/401`), with the path's braces percent-encoded
/// as a URI fragment allows.
#[test]
fn references_into_other_operations_are_followed() {
    let model = model_of(json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/a/{id}": {"get": {
                "operationId": "getA",
                "parameters": [
                    {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                    {"name": "page", "in": "query", "schema": {"type": "integer"}}
                ],
                "responses": {
                    "200": {"description": "ok"},
                    "401": {"description": "Unauthorized", "content": {"application/json": {"schema": {"type": "object", "properties": {"message": {"type": "string"}}}}}}
                }
            }},
            "/b/{id}": {"post": {
                "operationId": "postB",
                "parameters": [
                    {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                    {"$ref": "#/paths/~1a~1%7Bid%7D/get/parameters/1"}
                ],
                "responses": {
                    "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item/definitions/ref"}}}},
                    "401": {"$ref": "#/paths/~1a~1{id}/get/responses/401"}
                }
            }}
        },
        "components": {"schemas": {"Item": {
            "type": "object",
            "properties": {"ref": {"$ref": "#/components/schemas/Item/definitions/ref"}},
            "definitions": {"ref": {"type": "object", "properties": {"id": {"type": "string"}}}}
        }}}
    }));
    let post = model
        .operations
        .iter()
        .find(|o| o.operation_id.as_deref() == Some("postB"))
        .expect("postB");
    let names: Vec<&str> = post.parameters.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["id", "page"]);
    let unauthorized = post
        .responses
        .iter()
        .find(|r| r.description == "Unauthorized")
        .expect("the 401 response, followed");
    assert_eq!(unauthorized.content.len(), 1);
    // A schema nested in a component is followed, and named once.
    let ok = &post.responses[0].content[0].schema;
    assert_eq!(ok, &Some(SchemaRef::Named("Item_ref".into())), "{ok:?}");
    assert!(
        matches!(&model.schemas["Item_ref"].kind, SchemaKind::Object { properties, .. } if properties.contains_key("id")),
        "{:?}",
        model.schemas["Item_ref"]
    );
    let item = &model.schemas["Item"];
    assert!(
        matches!(&item.kind, SchemaKind::Object { properties, .. } if properties["ref"].schema == SchemaRef::Named("Item_ref".into())),
        "{item:?}"
    );
}

#[test]
fn dynamic_references_are_reported_never_dropped_silently() {
    let (s, warnings) = schema_s(with_schema(json!({"$dynamicRef": "#meta"})));
    assert!(matches!(s.kind, SchemaKind::Any), "{:?}", s.kind);
    assert_eq!(
        warnings,
        [
            "#/components/schemas/S/$dynamicRef: `$dynamicRef: #meta` is not followed (dynamic references are not supported); not typed: the value is `serde_json::Value`"
        ]
    );
    let (s, warnings) = schema_s(with_schema(
        json!({"type": "object", "description": "tree", "$recursiveRef": "#"}),
    ));
    assert!(matches!(s.kind, SchemaKind::Object { .. }), "{:?}", s.kind);
    assert!(
        warnings[0].ends_with("typed from its other keywords only"),
        "{warnings:?}"
    );
}
/// How many JSON values `value` holds (itself included).
fn values_in(value: &Value) -> usize {
    1 + match value {
        Value::Array(items) => items.iter().map(values_in).sum(),
        Value::Object(map) => map.values().map(values_in).sum(),
        _ => 0,
    }
}

/// References to places nested in another schema (not whole components),
/// several per level, each level referring to the next: copying each target
/// in place of its reference made `fanout ^ depth` copies (a 7 KB document
/// went past 12.9 GB). The normalised document stays within a few times the
/// written one, and every level is one named schema.
#[test]
fn references_into_nested_places_do_not_multiply_the_document() {
    let raw = generator::synthetic::nested_references(6, 6);
    let normalized = generator::normalize::normalize(&raw);
    assert!(normalized.refused.is_none(), "{:?}", normalized.refused);
    let (written, normal) = (values_in(&raw), values_in(&normalized.document));
    assert!(
        normal <= 3 * written,
        "{written} values as written became {normal}"
    );
    let model = model_of(raw);
    // Each nested place is named once (`L1/properties/inner` and the
    // response schema of `/r1`), whatever the number of references to it.
    assert_eq!(model.schemas.len(), 7 + 6 + 6, "{:?}", model.schemas.keys());
}

fn warnings_of(model: &Model) -> Vec<String> {
    model.warnings.iter().map(ToString::to_string).collect()
}

#[test]
fn info_without_a_version_is_repaired() {
    let model = model_of(json!({
        "openapi": "3.0.3",
        "info": {"title": "t"},
        "paths": {"/a": {"get": {"responses": {"200": {"description": "ok"}}}}}
    }));
    assert_eq!(model.version, "");
    let warnings = warnings_of(&model);
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("#/info: ") && w.contains("no `version`")),
        "{warnings:?}"
    );
}

#[test]
fn a_response_ref_into_request_bodies_at_a_response_is_repaired() {
    let model = model_of(json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"get": {"operationId": "getA", "responses": {
            "200": {"$ref": "#/components/requestBodies/Ok"},
            "404": {"$ref": "#/components/requestBodies/Ok"}
        }}}},
        "components": {"requestBodies": {"Ok": {
            "description": "the thing",
            "content": {"application/json": {"schema": {"type": "object", "properties": {"id": {"type": "string"}}}}}
        }}}
    }));
    let responses = &model.operations[0].responses;
    assert_eq!(responses.len(), 2);
    assert!(
        responses
            .iter()
            .all(|r| r.description == "the thing" && r.content.len() == 1),
        "{responses:?}"
    );
    let warnings = warnings_of(&model);
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("#/paths/~1a/get/responses/200/$ref: ")
                && w.contains("#/components/requestBodies/Ok")),
        "{warnings:?}"
    );
}

#[test]
fn paths_without_a_leading_slash_are_repaired_not_dropped() {
    let model = model_of(json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "pets/{id}": {"get": {"operationId": "getPet", "parameters": [
                {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}
            ], "responses": {"200": {"description": "ok"}}}},
            "/owners": {"get": {"operationId": "listOwners", "responses": {"200": {"description": "ok"}}}}
        }
    }));
    let paths: Vec<&str> = model.operations.iter().map(|o| o.path.as_str()).collect();
    assert_eq!(paths, ["/pets/{id}", "/owners"]);
    let warnings = warnings_of(&model);
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("#/paths/pets~1{id}: ") && w.contains("`/pets/{id}`")),
        "{warnings:?}"
    );
    // Where the repaired path is already declared, the document is refused
    // at the path that does not start with `/`.
    let document = load_str(
        &json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/pets": {"get": {"responses": {"200": {"description": "ok"}}}},
                "pets": {"post": {"responses": {"200": {"description": "ok"}}}}
            }
        })
        .to_string(),
        "test.json",
    )
    .unwrap();
    let err = build(&document).unwrap_err().to_string();
    assert!(err.starts_with("test.json#/paths/pets: "), "{err}");
    assert!(err.contains("start with `/`"), "{err}");
}
