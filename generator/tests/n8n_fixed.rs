//! The fixed mode: each of the package's known defects, shown on a small
//! document in default mode and repaired in fixed mode.

use generator::n8n::{Config, build_properties};
use serde_json::{Value, json};

fn build(doc: &Value, fixed: bool) -> Vec<Value> {
    let config = Config {
        fixed,
        ..Config::default()
    };
    match build_properties(doc, &config).unwrap().to_value() {
        Value::Array(items) => items,
        other => panic!("{other}"),
    }
}

fn fields_named<'a>(properties: &'a [Value], name: &str) -> Vec<&'a Value> {
    properties.iter().filter(|p| p["name"] == name).collect()
}

fn doc(paths: Value) -> Value {
    json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths})
}

#[test]
fn fields_are_shown_for_the_option_value() {
    // Without an operationId the option's name is `GET /a/{id}` but its
    // value `GET -a--id-`; n8n matches displayOptions against values.
    let d = doc(
        json!({"/a/{id}": {"get": {"parameters": [{"name": "id", "in": "path", "schema": {"type": "string"}}], "responses": {}}}}),
    );
    let value_of = |props: &[Value]| props[1]["options"][0]["value"].clone();
    let shown = |props: &[Value]| {
        fields_named(props, "id")[0]["displayOptions"]["show"]["operation"][0].clone()
    };
    let default = build(&d, false);
    assert_eq!(value_of(&default), "GET -a--id-");
    assert_eq!(shown(&default), "GET /a/{id}", "the package's defect");
    let fixed = build(&d, true);
    assert_eq!(shown(&fixed), value_of(&fixed));
}

#[test]
fn field_names_are_unique_within_an_operation() {
    let d = doc(
        json!({"/user/{username}": {"put": {"operationId": "updateUser",
        "parameters": [{"name": "username", "in": "path", "schema": {"type": "string"}}],
        "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {"username": {"type": "string"}}}}}},
        "responses": {}}}}),
    );
    assert_eq!(
        fields_named(&build(&d, false), "username").len(),
        2,
        "the package's defect"
    );
    let fixed = build(&d, true);
    assert_eq!(fields_named(&fixed, "username").len(), 1);
    let renamed = fields_named(&fixed, "username_2");
    assert_eq!(renamed.len(), 1);
    assert_eq!(
        renamed[0]["routing"]["send"]["property"], "username",
        "still sent under its own name"
    );
}

#[test]
fn resources_without_operations_are_dropped() {
    let mut d = doc(
        json!({"/a": {"get": {"operationId": "a", "tags": ["used"], "responses": {}},
                                  "post": {"operationId": "b", "tags": ["old"], "deprecated": true, "responses": {}}}}),
    );
    d["tags"] = json!([{"name": "used"}, {"name": "unused"}, {"name": "old"}]);
    let values = |props: &[Value]| -> Vec<Value> {
        props[0]["options"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["value"].clone())
            .collect()
    };
    assert_eq!(
        values(&build(&d, false)),
        [json!("Used"), json!("Unused"), json!("Old")],
        "the package's defect"
    );
    assert_eq!(values(&build(&d, true)), [json!("Used")]);
}

#[test]
fn per_operation_query_keys_are_sent() {
    let mut d = doc(json!({
        "/sessions/{phone}/add-sse": {"get": {"operationId": "addSessionSSE", "security": [{"query": []}],
            "parameters": [{"name": "phone", "in": "path", "schema": {"type": "string"}}], "responses": {}}},
        "/sessions": {"get": {"operationId": "listSessions", "responses": {}}}
    }));
    d["security"] = json!([{"header": []}]);
    d["components"] = json!({"securitySchemes": {
        "header": {"type": "apiKey", "in": "header", "name": "x-api-key"},
        "query": {"type": "apiKey", "in": "query", "name": "api_key"}}});
    let request = |props: &[Value], i: usize| props[1]["options"][i]["routing"]["request"].clone();
    assert_eq!(
        request(&build(&d, false), 0).get("qs"),
        None,
        "the package's defect"
    );
    let fixed = build(&d, true);
    assert_eq!(
        request(&fixed, 0)["qs"],
        json!({"api_key": "={{ $credentials.apiKey }}"})
    );
    assert_eq!(
        request(&fixed, 1).get("qs"),
        None,
        "header-key operations are unchanged"
    );
}

#[test]
fn array_bodies_default_to_the_whole_array() {
    let d = doc(json!({"/bulk": {"post": {"operationId": "bulk",
        "requestBody": {"content": {"application/json": {"schema": {"type": "array",
            "items": {"type": "object", "properties": {"jid": {"type": "string", "example": "1@s"}}}}}}},
        "responses": {}}}}));
    let body = |props: &[Value]| fields_named(props, "body")[0].clone();
    assert_eq!(
        body(&build(&d, false))["default"],
        "{\n  \"jid\": \"1@s\"\n}",
        "the package's defect"
    );
    let fixed = body(&build(&d, true));
    assert_eq!(fixed["type"], "json");
    assert_eq!(fixed["default"], "[\n  {\n    \"jid\": \"1@s\"\n  }\n]");
}

#[test]
fn optional_query_parameters_without_a_default_are_not_sent_when_left_alone() {
    let d = doc(
        json!({"/{phone}/groups": {"get": {"operationId": "groupList", "parameters": [
        {"name": "phone", "in": "path", "required": true, "schema": {"type": "string"}},
        {"$ref": "#/components/parameters/Cursor"},
        {"name": "limit", "in": "query", "schema": {"type": "integer", "default": 25}},
        {"name": "search", "in": "query", "schema": {"type": "string", "default": ""}},
        {"name": "q", "in": "query", "schema": {"type": "string"}},
        {"name": "full", "in": "query", "schema": {"type": "boolean"}},
        {"name": "page", "in": "query", "example": 2, "schema": {"type": "integer"}},
        {"name": "needed", "in": "query", "required": true, "schema": {"type": "integer"}},
        {"name": "sort", "in": "query", "schema": {"type": "string", "enum": ["asc", "desc"]}}
    ], "responses": {}}}}),
    );
    let mut d = d;
    d["components"] = json!({"parameters": {"Cursor": {"name": "cursor", "in": "query", "schema": {"type": "integer"}}}});
    let value = |props: &[Value], name: &str| {
        fields_named(props, name)[0]["routing"]["send"]["value"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let default = build(&d, false);
    assert_eq!(fields_named(&default, "cursor")[0]["default"], 0.0);
    assert_eq!(
        value(&default, "cursor"),
        "={{ $value }}",
        "the package's defect: cursor=0 is sent"
    );
    let fixed = build(&d, true);
    assert_eq!(
        value(&fixed, "cursor"),
        "={{ $value === 0 ? undefined : $value }}"
    );
    assert_eq!(
        value(&fixed, "q"),
        "={{ $value === \"\" ? undefined : $value }}"
    );
    assert_eq!(
        value(&fixed, "full"),
        "={{ $value === true ? undefined : $value }}"
    );
    // Defaults and examples of the document are sent; required parameters
    // and enums are left alone.
    for name in ["limit", "search", "page", "needed", "sort"] {
        assert_eq!(value(&fixed, name), "={{ $value }}", "{name}");
    }
    // The fields themselves keep the package's shape.
    assert_eq!(fields_named(&fixed, "cursor")[0]["default"], 0.0);
}
