//! Checks every `$ref` of a raw document before anything relies on it: each
//! must be local (`#/...`), must name something that exists, and a chain of
//! references must end at something that is not itself a reference.
//! Recursive schemas (a schema whose properties refer back to it) are fine:
//! only chains made of nothing but `$ref` are cycles.

use std::collections::HashSet;

use serde_json::Value;

use crate::diagnostics::{Error, excerpt};
use crate::model::MAX_REF_CHAIN;
use crate::pointer;

/// Keys whose object value maps names to things (`properties: {example: ..}`
/// is a property named `example`, not an example): below them, keys are
/// names and never literal-data keywords.
pub(crate) const NAME_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
    "paths",
    "webhooks",
    "x-webhooks",
    "schemas",
    "parameters",
    "responses",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
    "pathItems",
    "examples",
    "content",
    "encoding",
    "variables",
    "mapping",
    "scopes",
];

/// Whether the value under the keyword `key` is literal data, where a `$ref`
/// key is only data (an example of a JSON Schema, say): `example`,
/// `default`, `const`, `enum`, an Example object's `value`, a schema's
/// `examples` list (a media type's `examples` map holds Example objects,
/// which may be references), and extensions other than [`READ_EXTENSIONS`].
pub(crate) fn is_literal(key: &str, value: &Value) -> bool {
    matches!(key, "example" | "default" | "const" | "enum" | "value")
        || (key == "examples" && value.is_array())
        || (key.starts_with("x-") && !READ_EXTENSIONS.contains(&key))
}

/// The extensions this generator reads, whose references are references:
/// every other `x-...` value is data (code samples, vendor examples), never
/// followed nor checked.
pub(crate) const READ_EXTENSIONS: &[&str] = &["x-webhooks", "x-error-schema"];

/// Whether the object under the keyword `key` maps names to things.
pub(crate) fn holds_names(key: &str, value: &Value) -> bool {
    NAME_MAPS.contains(&key) && value.is_object()
}

/// Calls `visit` with every `$ref` string of `value` and the pointer of its
/// `$ref` key, in document order, skipping literal data ([`is_literal`]).
/// `names` says whether `value`'s keys are names ([`holds_names`]).
pub(crate) fn for_each_ref<E>(
    value: &Value,
    names: bool,
    at: &mut String,
    visit: &mut impl FnMut(&str, &str) -> Result<(), E>,
) -> Result<(), E> {
    match value {
        Value::Object(map) => {
            if let (false, Some(Value::String(reference))) = (names, map.get("$ref")) {
                visit(reference, &pointer::join(at, "$ref"))?;
            }
            for (key, child) in map {
                if !names && is_literal(key, child) {
                    continue;
                }
                let child_names = !names && holds_names(key, child);
                let len = at.len();
                at.push('/');
                at.push_str(&pointer::escape(key));
                let result = for_each_ref(child, child_names, at, visit);
                at.truncate(len);
                result?;
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let len = at.len();
                at.push('/');
                at.push_str(&i.to_string());
                let result = for_each_ref(child, false, at, visit);
                at.truncate(len);
                result?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// Fails with the pointer of the first bad `$ref` found, in document order.
/// A `$ref` inside literal data (an example, a default) is data, not checked.
pub fn check_references(document: &Value, origin: &str) -> Result<(), Error> {
    let mut pointer = String::new();
    for_each_ref(document, false, &mut pointer, &mut |reference, at| {
        check_one(document, reference, origin, at)
    })
}

fn check_one(document: &Value, reference: &str, origin: &str, at: &str) -> Result<(), Error> {
    // Document text in messages: escaped and cut.
    let shown_reference = excerpt(reference);
    let mut seen = HashSet::new();
    let mut current = reference.to_owned();
    for _ in 0..MAX_REF_CHAIN {
        let shown_current = excerpt(&current);
        if !current.starts_with('#') {
            let what = if current.contains("://") {
                "a URL"
            } else {
                "another file"
            };
            return Err(Error::at_pointer(
                origin,
                at,
                format!(
                    "`$ref: {shown_current}` points to {what}; only references inside the document \
                     (`#/...`) are supported. Bundle the document first, for example with \
                     `npx @redocly/cli bundle`"
                ),
            ));
        }
        if !seen.insert(current.clone()) {
            return Err(Error::at_pointer(
                origin,
                at,
                format!(
                    "`$ref: {shown_reference}` starts a circular chain of references with no schema \
                     in it (it comes back to `{shown_current}`)"
                ),
            ));
        }
        let Some(target) = pointer::resolve_local(document, &current) else {
            let hint = if current == reference {
                String::new()
            } else {
                format!(" (reached from `{shown_reference}`)")
            };
            return Err(Error::at_pointer(
                origin,
                at,
                format!("`$ref: {shown_current}` points to nothing in the document{hint}"),
            ));
        };
        match target.get("$ref").and_then(Value::as_str) {
            Some(next) => current = next.to_owned(),
            None => return Ok(()),
        }
    }
    Err(Error::at_pointer(
        origin,
        at,
        format!(
            "`$ref: {shown_reference}` starts a chain of more than {} references",
            MAX_REF_CHAIN
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(doc: Value) -> Result<(), String> {
        check_references(&doc, "doc.json").map_err(|e| e.to_string())
    }

    #[test]
    fn accepts_resolvable_and_recursive_references() {
        let doc = json!({"components": {"schemas": {
            "Node": {"type": "object", "properties": {"next": {"$ref": "#/components/schemas/Node"}}},
            "Alias": {"$ref": "#/components/schemas/Node"}
        }}});
        assert_eq!(check(doc), Ok(()));
    }

    #[test]
    fn names_the_pointer_of_a_dangling_reference() {
        let doc = json!({"paths": {"/a": {"get": {"responses": {"200": {"$ref": "#/components/responses/Missing"}}}}}});
        let err = check(doc).unwrap_err();
        assert_eq!(
            err,
            "doc.json#/paths/~1a/get/responses/200/$ref: `$ref: #/components/responses/Missing` points to nothing in the document"
        );
    }

    #[test]
    fn rejects_a_chain_of_references_that_loops() {
        let doc = json!({"components": {"schemas": {
            "A": {"$ref": "#/components/schemas/B"},
            "B": {"$ref": "#/components/schemas/A"}
        }}});
        let err = check(doc).unwrap_err();
        assert!(
            err.starts_with("doc.json#/components/schemas/A/$ref: "),
            "{err}"
        );
        assert!(err.contains("circular"), "{err}");
    }

    #[test]
    fn refuses_external_files_and_urls() {
        let file = check(json!({"a": {"$ref": "other.yaml#/x"}})).unwrap_err();
        assert!(file.contains("another file"), "{file}");
        let url = check(json!({"a": {"$ref": "https://example.com/s.json"}})).unwrap_err();
        assert!(url.contains("a URL"), "{url}");
    }
}
