//! Synthetic documents of any size, for the benchmarks' growth rows and the
//! limit tests: `size` operations (one `POST` each, with a path and a query
//! parameter and a JSON body) and `size` object schemas with an enum, an
//! array and a reference into a small cycle of five, grouped 25 operations
//! to a tag. 1,000 operations make about 0.8 MB of JSON; 13,000 about 10.7 MB.
//! And [`nested_references`], the shape that made copying references explode.

/// The document, as a JSON value.
pub fn document(size: usize) -> serde_json::Value {
    use serde_json::json;
    let mut paths = serde_json::Map::new();
    let mut schemas = serde_json::Map::new();
    for i in 0..size {
        schemas.insert(
            format!("Item{i}"),
            json!({
                "type": "object",
                "description": format!("Item number {i}."),
                "required": ["id"],
                "properties": {
                    "id": {"type": "string"},
                    "count": {"type": "integer", "format": "int32"},
                    "state": {"type": "string", "enum": ["on", "off", "unknown"]},
                    // Small reference cycles (groups of five), as real documents have.
                    "next": {"$ref": format!("#/components/schemas/Item{}", i - i % 5 + (i + 1) % 5)},
                    "tags": {"type": "array", "items": {"type": "string"}}
                }
            }),
        );
        paths.insert(
            format!("/resource{}/{{id}}/items{i}", i / 25),
            json!({
                "post": {
                    "operationId": format!("createItem{i}"),
                    "summary": format!("Create item {i}"),
                    "tags": [format!("Resource{}", i / 25)],
                    "parameters": [
                        {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                        {"name": "limit", "in": "query", "schema": {"type": "integer"}}
                    ],
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/Item{i}")}}}},
                    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/Item{i}")}}}}}
                }
            }),
        );
    }
    json!({"openapi": "3.0.3", "info": {"title": "Synthetic", "version": "1"}, "paths": paths, "components": {"schemas": schemas}})
}

/// The expansion attack: `depth` levels, each holding `fanout` references to
/// one place nested in the next level (not a whole component), in two chains:
/// component schemas (`#/components/schemas/L1/properties/inner`) and response
/// schemas (`#/paths/~1r1/get/responses/200/content/application~1json/schema`).
/// Copying each target in place of its reference makes `fanout ^ depth`
/// copies; depth 7 with a fanout of 10 is about 9 KB of JSON.
pub fn nested_references(depth: usize, fanout: usize) -> serde_json::Value {
    use serde_json::json;
    let mut schemas = serde_json::Map::new();
    let mut paths = serde_json::Map::new();
    for level in 0..=depth {
        let holder = |target: String| -> serde_json::Value {
            if level == depth {
                return json!({"type": "object", "properties": {"leaf": {"type": "string"}}});
            }
            let properties: serde_json::Map<String, serde_json::Value> = (0..fanout)
                .map(|i| (format!("p{i}"), json!({"$ref": target.clone()})))
                .collect();
            json!({"type": "object", "properties": properties})
        };
        let inner = holder(format!(
            "#/components/schemas/L{}/properties/inner",
            level + 1
        ));
        schemas.insert(
            format!("L{level}"),
            json!({"type": "object", "properties": {"inner": inner}}),
        );
        let schema = holder(format!(
            "#/paths/~1r{}/get/responses/200/content/application~1json/schema",
            level + 1
        ));
        paths.insert(
            format!("/r{level}"),
            json!({"get": {
                "operationId": format!("getR{level}"),
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}
            }}),
        );
    }
    paths.insert(
        "/l0".to_owned(),
        json!({"get": {
            "operationId": "getL0",
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/L0"}}}}}
        }}),
    );
    json!({"openapi": "3.0.3", "info": {"title": "Nested references", "version": "1"}, "paths": paths, "components": {"schemas": schemas}})
}
