//! Synthetic documents of any size, for the benchmarks' growth rows and the
//! limit tests: `size` operations (one `POST` each, with a path and a query
//! parameter and a JSON body) and `size` object schemas with an enum, an
//! array and a reference into a small cycle of five, grouped 25 operations
//! to a tag. 1,000 operations make about 0.8 MB of JSON; 13,000 about 10.7 MB.

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
