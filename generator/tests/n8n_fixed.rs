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
    let key_fields = |props: &[Value]| {
        props
            .iter()
            .filter(|p| p["routing"]["send"]["value"] == "={{ $credentials.apiKey }}")
            .cloned()
            .collect::<Vec<_>>()
    };
    let default = build(&d, false);
    assert_eq!(request(&default, 0).get("qs"), None, "the package's defect");
    assert!(key_fields(&default).is_empty(), "the package's defect");
    let fixed = build(&d, true);
    // n8n evaluates an option's own routing without `$credentials`: the key
    // goes on a hidden field shown for that operation alone.
    assert_eq!(request(&fixed, 0).get("qs"), None);
    assert_eq!(
        key_fields(&fixed),
        [json!({
            "displayName": "API Key in Query (api_key)",
            "name": "api_key_credential",
            "type": "hidden",
            "default": "",
            "routing": {"send": {"type": "query", "property": "api_key",
                "propertyInDotNotation": false, "value": "={{ $credentials.apiKey }}"}},
            "displayOptions": {"show": {"resource": ["Default"], "operation": ["Add Session SSE"]}},
        })]
    );
}

#[test]
fn optional_body_properties_without_a_default_are_not_sent_when_left_alone() {
    let d = doc(json!({"/add": {"post": {"operationId": "add",
        "requestBody": {"content": {"application/json": {"schema": {"type": "object",
            "required": ["id"],
            "properties": {
                "id": {"type": "string", "example": "628"},
                "read": {"type": "boolean"},
                "stamp": {"type": "string", "example": "1700000000"},
                "count": {"type": "integer"},
                "extra": {"type": "object"},
                "delay": {"type": "integer", "default": 1000}}}}}},
        "responses": {}}}}));
    let field = |props: &[Value], name: &str| fields_named(props, name)[0].clone();
    let default = build(&d, false);
    assert_eq!(
        field(&default, "read")["default"],
        true,
        "the package's defect"
    );
    assert_eq!(field(&default, "stamp")["default"], "1700000000");
    let fixed = build(&d, true);
    let value = |name: &str| field(&fixed, name)["routing"]["send"]["value"].clone();
    assert_eq!(field(&fixed, "read")["default"], false);
    assert_eq!(
        value("read"),
        "={{ $value === false ? undefined : $value }}"
    );
    assert_eq!(field(&fixed, "stamp")["default"], "");
    assert_eq!(field(&fixed, "stamp")["placeholder"], "1700000000");
    assert_eq!(
        value("stamp"),
        "={{ $value === \"\" ? undefined : $value }}"
    );
    assert_eq!(value("count"), "={{ $value === 0 ? undefined : $value }}");
    assert_eq!(field(&fixed, "extra")["default"], "");
    assert_eq!(
        value("extra"),
        "={{ $value === \"\" ? undefined : JSON.parse($value) }}"
    );
    // Required properties and document defaults are sent as before.
    assert_eq!(value("id"), "={{ $value }}");
    assert_eq!(field(&fixed, "id")["default"], "628");
    assert_eq!(value("delay"), "={{ $value }}");
}

#[test]
fn bytes_scalar_arrays_and_event_streams_become_n8n_items() {
    let d = doc(json!({
        "/media": {"post": {"operationId": "media", "responses": {"200": {"content": {
            "image/*": {"schema": {"type": "string", "format": "binary"}}}}}}},
        "/blocked": {"get": {"operationId": "blocked", "responses": {"200": {"content": {
            "application/json": {"schema": {"type": "array", "items": {"type": "string"}}}}}}}},
        "/events": {"get": {"operationId": "events", "responses": {"200": {"content": {
            "text/event-stream": {"schema": {"type": "string"}}}}}}},
        "/plain": {"get": {"operationId": "plain", "responses": {"200": {"content": {
            "application/json": {"schema": {"type": "array", "items": {"type": "object"}}}}}}}}
    }));
    let routing = |props: &[Value], i: usize| props[1]["options"][i]["routing"].clone();
    let default = build(&d, false);
    for i in 0..4 {
        assert_eq!(
            routing(&default, i).get("output"),
            None,
            "the package's defect"
        );
    }
    let fixed = build(&d, true);
    let actions = |i: usize| -> Vec<Value> {
        routing(&fixed, i)["output"]["postReceive"]
            .as_array()
            .unwrap()
            .iter()
            .map(|action| action["type"].clone())
            .collect()
    };
    assert_eq!(routing(&fixed, 0)["request"]["encoding"], "arraybuffer");
    assert_eq!(
        routing(&fixed, 0)["request"]["headers"]["Accept"],
        "image/*"
    );
    assert_eq!(actions(0), ["setKeyValue", "binaryData"]);
    assert_eq!(actions(1), ["set", "rootProperty"]);
    assert_eq!(
        routing(&fixed, 2)["request"]["headers"]["Accept"],
        "text/event-stream"
    );
    assert_eq!(actions(2), ["set", "rootProperty"]);
    assert_eq!(
        routing(&fixed, 3).get("output"),
        None,
        "objects are items already"
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
