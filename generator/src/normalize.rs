//! Normalisation: rewrites a raw document (3.0, 3.1 or 3.2) into the OpenAPI 3.0
//! shape that `openapiv3` reads without losing information, and repairs common
//! authoring errors, reporting each repair as a [`Warning`] with its pointer.
//!
//! Why on a `serde_json::Value`: `openapiv3` silently drops or rejects 3.1
//! constructs (type arrays, `const`, boolean schemas, numeric
//! `exclusiveMinimum`, `$ref` siblings), so they must be rewritten before the
//! typed parse, while their position is still known.
//!
//! 3.1 constructs rewritten (valid input, no warning):
//! - `type: [T, "null"]` → `type: T` + `nullable: true`; several types → `anyOf`
//!   of one branch per type, each with its own keywords; `type: "null"` →
//!   `nullable: true`;
//! - `const: v` → `enum: [v]`; `examples: [..]` → `example` (the first);
//! - numeric `exclusiveMinimum`/`exclusiveMaximum` → `minimum` + boolean flag;
//! - boolean schemas: `true` → `{}`, `false` → `{not: {}}`;
//! - `anyOf`/`oneOf` branches that only allow `null` → `nullable` on the parent;
//! - `$ref` with sibling keys → `allOf: [{$ref}]` beside the siblings, so a
//!   description or `nullable` next to a reference is kept;
//! - missing `paths` or operation `responses` → empty; `webhooks` (or a 3.0
//!   document's `x-webhooks`, same shape) and
//!   `components.pathItems` are moved out of the document and kept aside;
//! - OpenAPI 3.2 is read as the 3.1 it extends; the `query` method,
//!   `additionalOperations` and `in: querystring` parameters are removed,
//!   each with a warning;
//! - `mutualTLS` security schemes (which `openapiv3` does not know) are
//!   removed, with a warning: TLS identities belong to the HTTP client.
//!
//! Repairs (each reported):
//! - a schema with no `type` whose `enum`/`default`/`example` tells its type
//!   gets that type; a parameter schema with no hint at all becomes `string`;
//! - `type: object` whose `enum`/`default` is a scalar or array is retyped from
//!   that value;
//! - `type: array` without `items` gets `items: {}`;
//! - path parameters absent from the path template are removed; placeholders
//!   of the template that no parameter declares get a `string` parameter; path
//!   parameters not marked `required` are marked so;
//! - parameters with neither `schema` nor `content` get a `string` schema;
//! - a boolean `required` inside a schema (NestJS's `@ApiProperty({required})`
//!   written into the schema) is removed; `true` on a property adds the
//!   property to its object's `required` list;
//! - `info` without `version` gets an empty one;
//! - a path that does not start with `/` is read with one (refused by
//!   `build` when that path is declared too);
//! - a response `$ref` into `#/components/requestBodies/` at something shaped
//!   as a response (a `description`, no `required`) is read as a response:
//!   the target is copied once into `components/responses`.

use serde_json::{Map, Value, json};

use crate::diagnostics::Warning;
use crate::model::{Method, template_names};
use crate::pointer::{self, join};

/// The outcome of normalisation.
#[derive(Debug, Clone)]
pub struct Normalized {
    /// The document in 3.0 shape, ready for `openapiv3`.
    pub document: Value,
    /// `webhooks` (3.1), normalised like path items, by name in document order.
    pub webhooks: Map<String, Value>,
    /// Where they were read: `/webhooks`, or `/x-webhooks` in a 3.0 document.
    pub webhooks_pointer: &'static str,
    /// What was repaired, in document order.
    pub warnings: Vec<Warning>,
    /// The references to non-component places whose targets were copied in
    /// their place, for naming a fault inside a copy where it is written.
    pub copies: Vec<RefCopy>,
    /// Set when the document goes past a limit (the repetition limit,
    /// [`copy_budget`]): `build` refuses it there.
    pub refused: Option<Refusal>,
}

/// A `$ref` whose target `normalize` copied in place of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefCopy {
    /// Where the copy is in the normalised document (a JSON pointer).
    pub place: String,
    /// The target, as a pointer into the document as written.
    pub target: String,
    /// The `$ref` itself, as a pointer into the document as written.
    pub reference: String,
}

impl Normalized {
    /// A pointer into the normalised document as `(pointer into the document
    /// as written, the `$ref` that led there)` when it falls inside a copied
    /// target: the innermost copy holding it decides.
    pub fn written_place(&self, pointer: &str) -> Option<(String, &str)> {
        let copy = self
            .copies
            .iter()
            .filter(|c| {
                pointer
                    .strip_prefix(c.place.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            })
            .max_by_key(|c| c.place.len())?;
        let rest = &pointer[copy.place.len()..];
        Some((format!("{}{rest}", copy.target), &copy.reference))
    }
}

/// Normalises a raw document. Never fails: anything it cannot make sense of is
/// left for the typed parse to report with its pointer.
pub fn normalize(raw: &Value) -> Normalized {
    let mut document = raw.clone();
    let (copies, refused) = match inline_foreign_references(&mut document) {
        Ok(copies) => (copies, None),
        Err(refusal) => (Vec::new(), Some(refusal)),
    };
    let mut warnings = Vec::new();
    responses_named_as_bodies(&mut document, &mut warnings);
    let mut webhooks = Map::new();
    let mut webhooks_pointer = "/webhooks";
    if let Value::Object(root) = &mut document {
        root.insert("openapi".into(), Value::String("3.0.3".into()));
        if let Some(Value::Object(info)) = root.get_mut("info") {
            if !info.contains_key("version") {
                info.insert("version".into(), Value::String(String::new()));
                warnings.push(Warning {
                    pointer: "/info".into(),
                    message: "`info` has no `version` (it is required); read as an empty version"
                        .into(),
                });
            }
        }
        if let Some(Value::Object(paths)) = root.get_mut("paths") {
            paths_with_leading_slash(paths, &mut warnings);
        }
        root.remove("jsonSchemaDialect");
        // A 3.0 document cannot say `webhooks`; `x-webhooks` (same shape) is
        // how it declares them. The 3.1 key wins when both are written.
        let extension = root.remove("x-webhooks");
        match (root.remove("webhooks"), extension) {
            (Some(Value::Object(hooks)), _) => webhooks = hooks,
            (None, Some(Value::Object(hooks))) => {
                webhooks = hooks;
                webhooks_pointer = "/x-webhooks";
            }
            _ => {}
        }
        if !root.contains_key("paths") {
            root.insert("paths".into(), Value::Object(Map::new()));
        }
        if let Some(Value::Object(components)) = root.get_mut("components") {
            components.remove("pathItems");
            if let Some(Value::Object(schemes)) = components.get_mut("securitySchemes") {
                schemes.retain(|name, scheme| {
                    let mutual = scheme.get("type").and_then(Value::as_str) == Some("mutualTLS");
                    if mutual {
                        warnings.push(Warning {
                            pointer: join("/components/securitySchemes", name),
                            message: format!(
                                "security scheme `{name}` is `mutualTLS`, which the client does not apply by itself; give it an HTTP client with the certificate (`ClientBuilder::http_client`)"
                            ),
                        });
                    }
                    !mutual
                });
            }
        }
    }
    let snapshot = document.clone();
    let mut normalizer = Normalizer {
        source: &snapshot,
        warnings: &mut warnings,
    };
    if let Value::Object(root) = &mut document {
        if let Some(Value::Object(paths)) = root.get_mut("paths") {
            for (path, item) in paths.iter_mut() {
                let ptr = join("/paths", path);
                normalizer.path_item(item, &ptr, Some(path));
            }
        }
        if let Some(Value::Object(components)) = root.get_mut("components") {
            normalizer.components(components);
        }
    }
    for (name, item) in webhooks.iter_mut() {
        let ptr = join(webhooks_pointer, name);
        normalizer.path_item(item, &ptr, None);
    }
    Normalized {
        document,
        webhooks,
        webhooks_pointer,
        warnings,
        copies,
        refused,
    }
}

struct Normalizer<'a> {
    /// The document before this pass, for following `$ref`s to parameters.
    source: &'a Value,
    warnings: &'a mut Vec<Warning>,
}

impl Normalizer<'_> {
    fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        self.warnings.push(Warning {
            pointer: pointer.to_owned(),
            message: message.into(),
        });
    }

    fn components(&mut self, components: &mut Map<String, Value>) {
        for (section, value) in components.iter_mut() {
            let Value::Object(entries) = value else {
                continue;
            };
            let section_ptr = join("/components", section);
            for (name, entry) in entries.iter_mut() {
                let ptr = join(&section_ptr, name);
                match section.as_str() {
                    "schemas" => self.schema(entry, &ptr),
                    "parameters" => self.parameter(entry, &ptr),
                    "requestBodies" => self.content_holder(entry, &ptr),
                    "responses" => self.response(entry, &ptr),
                    "headers" => self.parameter_like(entry, &ptr),
                    "callbacks" => self.callback(entry, &ptr),
                    _ => {}
                }
            }
        }
    }

    /// A path item. `template` is the path key for items under `paths`, used
    /// to check path parameters against it; webhooks and callbacks have none.
    fn path_item(&mut self, item: &mut Value, ptr: &str, template: Option<&str>) {
        let Value::Object(item) = item else { return };
        strip_ref_siblings(item);
        // OpenAPI 3.2 operations beyond the eight methods 3.1 knows.
        for key in ["query", "additionalOperations"] {
            if item.remove(key).is_some() {
                self.warn(
                    &join(ptr, key),
                    format!("`{key}` (OpenAPI 3.2) is not read: the client has no method for it"),
                );
            }
        }
        self.parameters(item, ptr);
        let shared_params = item.get("parameters").cloned();
        for method in Method::ALL {
            let Some(Value::Object(op)) = item.get_mut(method.key()) else {
                continue;
            };
            let op_ptr = join(ptr, method.key());
            self.operation(op, &op_ptr);
            if let Some(template) = template {
                self.check_path_parameters(op, shared_params.as_ref(), template, &op_ptr);
            }
        }
        if let Some(template) = template {
            // Path-item parameters that the template lacks would apply to every
            // operation; they are removed there too.
            if let Some(Value::Array(params)) = item.get_mut("parameters") {
                let names = template_names(template);
                let source = self.source;
                let mut removed = Vec::new();
                params.retain(|param| {
                    let (location, name) = parameter_identity(source, param);
                    let keep = location != Some("path") || names.contains(&name.unwrap_or(""));
                    if !keep {
                        removed.push(name.unwrap_or_default().to_owned());
                    }
                    keep
                });
                for name in removed {
                    self.warn(
                        &format!("{ptr}/parameters"),
                        format!("path parameter `{name}` is not in the path template `{template}`; removed"),
                    );
                }
            }
        }
    }

    /// The `parameters` of a path item or operation. A 3.2 `querystring`
    /// parameter (the whole query as one value) is set aside.
    fn parameters(&mut self, holder: &mut Map<String, Value>, ptr: &str) {
        let Some(Value::Array(params)) = holder.get_mut("parameters") else {
            return;
        };
        // Repaired first, so that pointers name the parameters as written.
        for (i, param) in params.iter_mut().enumerate() {
            self.parameter(param, &format!("{ptr}/parameters/{i}"));
        }
        let source = self.source;
        let mut index = 0;
        let mut removed = Vec::new();
        params.retain(|param| {
            let i = index;
            index += 1;
            let querystring = parameter_identity(source, param).0 == Some("querystring");
            if querystring {
                removed.push(i);
            }
            !querystring
        });
        for i in removed {
            self.warn(
                &format!("{ptr}/parameters/{i}"),
                "`in: querystring` (OpenAPI 3.2) is not read: the client sends no such parameter",
            );
        }
    }

    fn operation(&mut self, op: &mut Map<String, Value>, ptr: &str) {
        self.parameters(op, ptr);
        if let Some(body) = op.get_mut("requestBody") {
            self.content_holder(body, &join(ptr, "requestBody"));
        }
        match op.get_mut("responses") {
            Some(Value::Object(responses)) => {
                for (status, response) in responses.iter_mut() {
                    let response_ptr = join(&join(ptr, "responses"), status);
                    self.response(response, &response_ptr);
                }
            }
            Some(_) | None => {
                op.insert("responses".into(), Value::Object(Map::new()));
            }
        }
        if let Some(Value::Object(callbacks)) = op.get_mut("callbacks") {
            for (name, callback) in callbacks.iter_mut() {
                let cb_ptr = join(&join(ptr, "callbacks"), name);
                self.callback(callback, &cb_ptr);
            }
        }
    }

    fn callback(&mut self, callback: &mut Value, ptr: &str) {
        let Value::Object(expressions) = callback else {
            return;
        };
        strip_ref_siblings(expressions);
        for (expression, item) in expressions.iter_mut() {
            if expression != "$ref" {
                self.path_item(item, &join(ptr, expression), None);
            }
        }
    }

    /// Removes declared path parameters the template lacks, and declares the
    /// placeholders nobody declared.
    fn check_path_parameters(
        &mut self,
        op: &mut Map<String, Value>,
        shared: Option<&Value>,
        template: &str,
        ptr: &str,
    ) {
        let names = template_names(template);
        let source = self.source;
        let mut declared: Vec<String> = Vec::new();
        if let Some(Value::Array(shared)) = shared {
            for param in shared {
                if let (Some("path"), Some(name)) = parameter_identity(source, param) {
                    declared.push(name.to_owned());
                }
            }
        }
        if let Some(Value::Array(params)) = op.get_mut("parameters") {
            let mut index = 0;
            let mut removed = Vec::new();
            params.retain(|param| {
                let i = index;
                index += 1;
                let (location, name) = parameter_identity(source, param);
                if location != Some("path") {
                    return true;
                }
                let name = name.unwrap_or_default();
                if names.contains(&name) {
                    declared.push(name.to_owned());
                    true
                } else {
                    removed.push((i, name.to_owned()));
                    false
                }
            });
            for (i, name) in removed {
                self.warn(
                    &format!("{ptr}/parameters/{i}"),
                    format!(
                        "path parameter `{name}` is not in the path template `{template}`; removed"
                    ),
                );
            }
        }
        for name in names {
            if declared.iter().any(|d| d == name) {
                continue;
            }
            let params = op
                .entry("parameters")
                .or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(params) = params {
                params.push(json!({
                    "name": name,
                    "in": "path",
                    "required": true,
                    "schema": {"type": "string"},
                }));
                declared.push(name.to_owned());
                self.warn(
                    &format!("{ptr}/parameters"),
                    format!(
                        "path template placeholder `{{{name}}}` has no parameter; declared as a required string"
                    ),
                );
            }
        }
    }

    fn parameter(&mut self, param: &mut Value, ptr: &str) {
        let Value::Object(map) = param else { return };
        if map.contains_key("$ref") {
            strip_ref_siblings(map);
            return;
        }
        if map.get("in").and_then(Value::as_str) == Some("path")
            && map.get("required") != Some(&Value::Bool(true))
        {
            map.insert("required".into(), Value::Bool(true));
            self.warn(
                ptr,
                "path parameters are always required; marked `required: true`",
            );
        }
        self.parameter_like(param, ptr);
    }

    /// Parameters and headers: a `schema` or a `content` map.
    fn parameter_like(&mut self, param: &mut Value, ptr: &str) {
        let Value::Object(map) = param else { return };
        if map.contains_key("$ref") {
            strip_ref_siblings(map);
            return;
        }
        if let Some(schema) = map.get_mut("schema") {
            let schema_ptr = join(ptr, "schema");
            self.schema(schema, &schema_ptr);
            self.type_parameter_schema(schema, &schema_ptr);
        } else if map.contains_key("content") {
            self.content_holder(param, ptr);
        } else {
            map.insert("schema".into(), json!({"type": "string"}));
            self.warn(
                ptr,
                "parameter has neither `schema` nor `content`; typed as string",
            );
        }
    }

    /// Parameters travel as text, so an untyped parameter schema with no hint
    /// of its type is a string.
    fn type_parameter_schema(&mut self, schema: &mut Value, ptr: &str) {
        let Value::Object(map) = schema else { return };
        if map.is_empty() || !is_structural(map) && !map.contains_key("type") {
            map.insert("type".into(), Value::String("string".into()));
            self.warn(ptr, "parameter schema has no `type`; typed as string");
        }
    }

    /// Request bodies and responses: `content.<media>.schema`.
    fn content_holder(&mut self, holder: &mut Value, ptr: &str) {
        let Value::Object(map) = holder else { return };
        if map.contains_key("$ref") {
            strip_ref_siblings(map);
            return;
        }
        if let Some(Value::Object(content)) = map.get_mut("content") {
            for (media, media_type) in content.iter_mut() {
                if let Some(schema) = media_type.get_mut("schema") {
                    let schema_ptr = join(&join(&join(ptr, "content"), media), "schema");
                    self.schema(schema, &schema_ptr);
                }
            }
        }
    }

    fn response(&mut self, response: &mut Value, ptr: &str) {
        self.content_holder(response, ptr);
        if let Some(Value::Object(headers)) = response.get_mut("headers") {
            for (name, header) in headers.iter_mut() {
                self.parameter_like(header, &join(&join(ptr, "headers"), name));
            }
        }
    }

    fn schema(&mut self, schema: &mut Value, ptr: &str) {
        match schema {
            Value::Bool(true) => *schema = json!({}),
            Value::Bool(false) => *schema = json!({"not": {}}),
            Value::Object(map) => self.schema_object(map, ptr),
            _ => {}
        }
    }

    fn schema_object(&mut self, map: &mut Map<String, Value>, ptr: &str) {
        // Properties had theirs handled by their object (`children`).
        self.boolean_required_in(map, ptr);
        // Dynamic references (2020-12 `$dynamicRef`, 2019-09 `$recursiveRef`)
        // are not followed: said, not silently dropped.
        for key in ["$dynamicRef", "$recursiveRef"] {
            if let Some(target) = map.remove(key) {
                let target = target.as_str().map(crate::diagnostics::excerpt);
                let only = !map.keys().any(|k| !k.starts_with('$') && !is_annotation(k));
                let typed = if only {
                    "not typed: the value is `serde_json::Value`"
                } else {
                    "typed from its other keywords only"
                };
                self.warn(
                    &join(ptr, key),
                    format!(
                        "`{key}: {}` is not followed (dynamic references are not supported); {typed}",
                        target.unwrap_or_default()
                    ),
                );
            }
        }
        if map.contains_key("$ref") {
            let siblings: Vec<String> = map
                .keys()
                .filter(|k| !matches!(k.as_str(), "$ref" | "$schema" | "$id" | "$comment"))
                .cloned()
                .collect();
            if siblings.is_empty() {
                map.retain(|k, _| k == "$ref");
                return;
            }
            let reference = map.remove("$ref").unwrap_or_default();
            map.insert("allOf".into(), json!([{ "$ref": reference }]));
        }
        rewrite_31_keywords(map);
        self.repair_array_of_arrays(map, ptr);
        self.children(map, ptr);
        absorb_null_branches(map);
        self.repair_type(map, ptr);
    }

    fn children(&mut self, map: &mut Map<String, Value>, ptr: &str) {
        let mut now_required = Vec::new();
        for key in ["properties", "patternProperties", "$defs", "definitions"] {
            if let Some(Value::Object(children)) = map.get_mut(key) {
                let base = join(ptr, key);
                for (name, child) in children.iter_mut() {
                    let child_ptr = join(&base, name);
                    if key == "properties" && self.boolean_required(child, &child_ptr) {
                        now_required.push(name.clone());
                    }
                    self.schema(child, &child_ptr);
                }
            }
        }
        if !now_required.is_empty() {
            let required = map
                .entry("required")
                .or_insert_with(|| Value::Array(Vec::new()));
            if !required.is_array() {
                *required = Value::Array(Vec::new());
            }
            if let Value::Array(required) = required {
                for name in now_required {
                    if !required.iter().any(|r| r.as_str() == Some(name.as_str())) {
                        required.push(Value::String(name));
                    }
                }
            }
        }
        for key in ["items", "additionalProperties", "not", "contains"] {
            if let Some(child) = map.get_mut(key) {
                if child.is_object() || (key != "additionalProperties" && child.is_boolean()) {
                    self.schema(child, &join(ptr, key));
                }
            }
        }
        for key in ["allOf", "oneOf", "anyOf", "prefixItems"] {
            if let Some(Value::Array(children)) = map.get_mut(key) {
                for (i, child) in children.iter_mut().enumerate() {
                    self.schema(child, &format!("{ptr}/{key}/{i}"));
                }
            }
        }
        // 3.1 tuples: openapiv3 knows only `items`; the closest 3.0 shape is
        // an array of any of the tuple's item types.
        if let Some(Value::Array(prefix)) = map.remove("prefixItems") {
            if !map.contains_key("items") {
                let items = match prefix.len() {
                    0 => json!({}),
                    1 => prefix.into_iter().next().unwrap_or_default(),
                    _ => json!({ "anyOf": prefix }),
                };
                map.insert("items".into(), items);
            }
        }
    }

    /// `required: true|false` inside a schema (NestJS writes the decorator's
    /// option there): removed, and reported. Returns whether it was `true`,
    /// which for a property means the property is required.
    fn boolean_required(&mut self, schema: &mut Value, ptr: &str) -> bool {
        match schema {
            Value::Object(map) => self.boolean_required_in(map, ptr),
            _ => false,
        }
    }

    fn boolean_required_in(&mut self, map: &mut Map<String, Value>, ptr: &str) -> bool {
        let Some(Value::Bool(flag)) = map.get("required") else {
            return false;
        };
        let flag = *flag;
        map.remove("required");
        let is_property = ptr
            .rsplit('/')
            .nth(1)
            .is_some_and(|parent| parent == "properties");
        let message = match (flag, is_property) {
            (true, true) => {
                "`required: true` inside a property schema; the property is listed in its object's `required` instead"
            }
            (false, true) => {
                "`required: false` inside a property schema; removed (properties are optional unless listed in `required`)"
            }
            _ => "a boolean `required` inside a schema that is not a property; removed",
        };
        self.warn(&join(ptr, "required"), message);
        flag && is_property
    }

    /// `type: array` whose `items` say `type: array` (with nothing more)
    /// while the example or default is a flat list: the items are the list's
    /// values (WAHA's webhook `events`).
    fn repair_array_of_arrays(&mut self, map: &mut Map<String, Value>, ptr: &str) {
        if map.get("type").and_then(Value::as_str) != Some("array") {
            return;
        }
        let hint = ["example", "default"]
            .iter()
            .find_map(|key| match map.get(*key) {
                Some(Value::Array(values))
                    if !values.is_empty()
                        && values.iter().all(|v| !v.is_array() && !v.is_null()) =>
                {
                    Some(json_type(&values[0]))
                }
                _ => None,
            });
        let Some(hint) = hint else { return };
        let Some(Value::Object(items)) = map.get_mut("items") else {
            return;
        };
        if items.get("type").and_then(Value::as_str) == Some("array")
            && !items.contains_key("items")
        {
            items.insert("type".into(), Value::String(hint.into()));
            self.warn(
                &join(ptr, "items"),
                format!(
                    "items say `type: array` but the example is a list of {hint}s; typed as {hint}"
                ),
            );
        }
    }

    fn repair_type(&mut self, map: &mut Map<String, Value>, ptr: &str) {
        let hint = ["enum", "default", "example"]
            .iter()
            .find_map(|key| match map.get(*key) {
                Some(Value::Array(values)) if *key == "enum" => {
                    values.iter().find(|v| !v.is_null()).map(json_type)
                }
                Some(Value::Null) | None => None,
                Some(value) => Some(json_type(value)),
            });
        match map.get("type").and_then(Value::as_str) {
            None if !map.contains_key("type") && !is_structural(map) => {
                if let Some(hint) = hint {
                    map.insert("type".into(), Value::String(hint.into()));
                    self.warn(
                        ptr,
                        format!("schema has no `type`; typed as {hint} from its values"),
                    );
                    if hint == "array" {
                        map.entry("items").or_insert_with(|| json!({}));
                    }
                }
            }
            Some("object") => {
                if let Some(hint) = hint.filter(|h| *h != "object") {
                    if !map.contains_key("properties") {
                        map.insert("type".into(), Value::String(hint.into()));
                        self.warn(
                            ptr,
                            format!(
                                "schema says `type: object` but its values are {hint}s; typed as {hint}"
                            ),
                        );
                        if hint == "array" {
                            map.entry("items").or_insert_with(|| json!({}));
                        }
                    }
                }
            }
            Some("array") if !map.contains_key("items") => {
                map.insert("items".into(), json!({}));
                self.warn(ptr, "array schema has no `items`; items may be anything");
            }
            _ => {}
        }
    }
}

/// How many references into non-component places are followed inside one
/// another before the innermost is left as it is (a loop of them then fails
/// in `build`, naming the reference).
const MAX_FOREIGN_HOPS: usize = 16;

/// Values that copies of non-component places other than schemas
/// (responses, parameters, path items, ... written at their references) may
/// add to a document beyond its own number of values: the repetition limit,
/// [`copy_budget`].
pub const COPY_ALLOWANCE: usize = 100_000;

/// The repetition limit of a document of `values` JSON values: how many
/// values copies of referenced non-component places may add in all, counted
/// across the whole document (a copy inside a copy counts again).
pub fn copy_budget(values: usize) -> usize {
    values.saturating_add(COPY_ALLOWANCE)
}

/// A document `normalize` refuses: its pointer and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The `$ref` (as a pointer into the document as written) at which the
    /// limit was reached.
    pub pointer: String,
    /// Why, in words.
    pub message: String,
}

/// How many JSON values `value` holds, itself included.
fn values_in(value: &Value) -> usize {
    let mut count = 0;
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        count += 1;
        match value {
            Value::Array(items) => stack.extend(items),
            Value::Object(map) => stack.extend(map.values()),
            _ => {}
        }
    }
    count
}

/// Anything but a whole component (`#/components/schemas/Pet`), such as a
/// schema nested in one (`#/components/schemas/Item/definitions/ref`).
fn is_foreign(reference: &str) -> bool {
    reference.strip_prefix("#/").is_some_and(|pointer| {
        pointer
            .strip_prefix("components/")
            .is_none_or(|entry| entry.split('/').count() != 2)
    })
}

/// The pointer of a local reference's target, each token escaped one way
/// only, so two spellings of one place compare equal.
fn canonical_target(reference: &str) -> Option<String> {
    let fragment = pointer::fragment(reference)?;
    if fragment.is_empty() {
        return Some(fragment);
    }
    let tokens = fragment.strip_prefix('/')?;
    Some(tokens.split('/').fold(String::new(), |out, token| {
        join(&out, &pointer::unescape(token))
    }))
}

/// Whether the place at `target` (a canonical pointer) is a schema: inside
/// `components/schemas/<name>`, or at or below a `schema` keyword (not a
/// name such as a header called `schema`).
fn is_schema_place(target: &str) -> bool {
    let tokens: Vec<String> = target.split('/').skip(1).map(pointer::unescape).collect();
    if tokens.len() > 2 && tokens[0] == "components" && tokens[1] == "schemas" {
        return true;
    }
    tokens.iter().enumerate().any(|(i, token)| {
        token == "schema" && (i == 0 || !crate::refs::NAME_MAPS.contains(&tokens[i - 1].as_str()))
    })
}

/// A component name for the schema at `target`: its tokens without the
/// structural keywords (`S1/properties/inner` → `S1_inner`).
fn schema_name_for(target: &str) -> String {
    const STRUCTURAL: &[&str] = &[
        "components",
        "schemas",
        "properties",
        "definitions",
        "$defs",
        "items",
        "paths",
        "content",
        "schema",
        "responses",
        "allOf",
        "oneOf",
        "anyOf",
        "additionalProperties",
    ];
    let words: Vec<String> = target
        .split('/')
        .skip(1)
        .map(pointer::unescape)
        .filter(|token| !STRUCTURAL.contains(&token.as_str()))
        .map(|token| {
            token
                .chars()
                .map(|c| if c.is_alphanumeric() { c } else { ' ' })
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join("_")
        })
        .filter(|word| !word.is_empty())
        .collect();
    if words.is_empty() {
        "Nested".to_owned()
    } else {
        words.join("_")
    }
}

/// A `$ref` may name any place in the document (another operation's
/// parameter or response: `#/paths/~1a/get/responses/401`, a schema inside
/// a component), but later stages look references up as whole components
/// only.
///
/// - A schema place is named once: a copy of it becomes a component of
///   `components/schemas` (named after its place, `Item_ref` for
///   `#/components/schemas/Item/definitions/ref`), every reference to it
///   points there, and a referenced place inside another is a reference in
///   the other's copy. So the schemas added hold at most the document's own
///   values, however often and however deep they are referenced.
/// - Any other place (a response, a parameter, a path item) is copied in
///   place of its reference, copies inside copies included, within the
///   repetition limit [`copy_budget`]: past it the document is refused at the
///   `$ref` that would have gone over.
///
/// Literal data (`example`, `default`, extensions this generator does not
/// read) is left alone ([`refs::for_each_ref`](crate::refs::for_each_ref)).
/// Returns the copies made, so that faults inside them can be named where
/// they are written.
fn inline_foreign_references(document: &mut Value) -> Result<Vec<RefCopy>, Refusal> {
    // Every reference to a place that is not a whole component, in document
    // order: (pointer of the object holding it, canonical target).
    let mut foreign: Vec<(String, String)> = Vec::new();
    let _ = crate::refs::for_each_ref(document, false, &mut String::new(), &mut |reference, at| {
        if is_foreign(reference) {
            if let Some(target) = canonical_target(reference) {
                let holder = at.strip_suffix("/$ref").unwrap_or(at).to_owned();
                foreign.push((holder, target));
            }
        }
        Ok::<(), ()>(())
    });
    // Most documents have none: no copy of the document for them.
    if foreign.is_empty() {
        return Ok(Vec::new());
    }
    let mut copies = Vec::new();
    let named = name_schema_places(document, &foreign, &mut copies);
    if !named.is_empty() {
        // Every reference to a named place (the copies' own included) now
        // points at its component.
        let mut rewrites = Vec::new();
        let _ =
            crate::refs::for_each_ref(document, false, &mut String::new(), &mut |reference, at| {
                if let Some(local) = canonical_target(reference).and_then(|t| named.get(&t)) {
                    rewrites.push((at.to_owned(), local.clone()));
                }
                Ok::<(), ()>(())
            });
        for (at, local) in rewrites {
            if let Some(slot) = document.pointer_mut(&at) {
                *slot = Value::String(local);
            }
        }
    }
    let any_left =
        crate::refs::for_each_ref(document, false, &mut String::new(), &mut |reference, _| {
            if is_foreign(reference) {
                Err(())
            } else {
                Ok(())
            }
        })
        .is_err();
    if !any_left {
        return Ok(copies);
    }
    // What is left: places that are not schemas, copied within the budget.
    let source = document.clone();
    let budget = copy_budget(values_in(&source));
    let written_of: std::collections::HashMap<String, String> = copies
        .iter()
        .map(|c: &RefCopy| (c.place.clone(), c.target.clone()))
        .collect();
    let mut at = At {
        source: &source,
        copies,
        copied: 0,
        budget,
        written_of: &written_of,
    };
    inline(document, &mut at, 0, false, "", "")?;
    Ok(at.copies)
}

/// Where the copying walk is: `source` is the document before it.
struct At<'a> {
    source: &'a Value,
    copies: Vec<RefCopy>,
    /// Values copied so far, across the whole document.
    copied: usize,
    budget: usize,
    /// The named schema places: component pointer → the place as written.
    written_of: &'a std::collections::HashMap<String, String>,
}

/// Copies the targets of the non-component references left in `value` (at
/// `place`; `written` is the same value in the document as written, inside a
/// copy: inside its target), as [`for_each_ref`](crate::refs::for_each_ref)
/// walks: names and literal data as it reads them.
fn inline(
    value: &mut Value,
    at: &mut At<'_>,
    hops: usize,
    names: bool,
    place: &str,
    written: &str,
) -> Result<(), Refusal> {
    let written = at.written_of.get(place).map_or(written, String::as_str);
    match value {
        Value::Object(map) => {
            let target = map
                .get("$ref")
                .and_then(Value::as_str)
                .filter(|r| !names && is_foreign(r) && hops < MAX_FOREIGN_HOPS)
                .and_then(|r| {
                    let target = crate::pointer::resolve_local(at.source, r)?;
                    Some((target, crate::pointer::fragment(r)?, r.to_owned()))
                });
            if let Some((target, target_ptr, reference)) = target {
                at.copied = at.copied.saturating_add(values_in(target));
                if at.copied > at.budget {
                    return Err(Refusal {
                        pointer: join(written, "$ref"),
                        message: format!(
                            "repetition limit exceeded: copying the target of `$ref: {}` here brings the copies of places that are not components past {} JSON values (the document's own number plus {COPY_ALLOWANCE}); make the target a component and refer to that",
                            crate::diagnostics::excerpt(&reference),
                            at.budget
                        ),
                    });
                }
                *value = target.clone();
                at.copies.push(RefCopy {
                    place: place.to_owned(),
                    target: target_ptr.clone(),
                    reference: written.to_owned(),
                });
                return inline(value, at, hops + 1, false, place, &target_ptr);
            }
            for (key, child) in map.iter_mut() {
                if !names && crate::refs::is_literal(key, child) {
                    continue;
                }
                let child_names = !names && crate::refs::holds_names(key, child);
                inline(
                    child,
                    at,
                    hops,
                    child_names,
                    &join(place, key),
                    &join(written, key),
                )?;
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                let i = i.to_string();
                inline(item, at, hops, false, &join(place, &i), &join(written, &i))?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// Gives every referenced schema place (not a whole component) a component
/// of its own in `components/schemas` and returns canonical target → the
/// reference to that component. A named place nested in another is a
/// reference in the other's copy, so each written value is copied at most
/// once. Records each as a [`RefCopy`] (at the first reference to it).
fn name_schema_places(
    document: &mut Value,
    foreign: &[(String, String)],
    copies: &mut Vec<RefCopy>,
) -> std::collections::HashMap<String, String> {
    let mut named: indexmap::IndexMap<String, (String, String)> = indexmap::IndexMap::new();
    if !matches!(document.get("components"), None | Some(Value::Object(_))) {
        return std::collections::HashMap::new();
    }
    if !matches!(
        document.pointer("/components/schemas"),
        None | Some(Value::Object(_))
    ) {
        return std::collections::HashMap::new();
    }
    let mut taken: std::collections::HashSet<String> = document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    for (holder, target) in foreign {
        if named.contains_key(target)
            || !is_schema_place(target)
            || document.pointer(target).is_none()
        {
            continue;
        }
        let wanted = schema_name_for(target);
        let name = if taken.contains(&wanted) {
            (2..)
                .map(|n| format!("{wanted}_{n}"))
                .find(|n| !taken.contains(n))
                .unwrap_or_default()
        } else {
            wanted
        };
        taken.insert(name.clone());
        named.insert(target.clone(), (name, holder.clone()));
    }
    if named.is_empty() {
        return std::collections::HashMap::new();
    }
    let locals: std::collections::HashMap<String, String> = named
        .iter()
        .map(|(target, (name, _))| {
            (
                target.clone(),
                format!("#/components/schemas/{}", pointer::escape(name)),
            )
        })
        .collect();
    let mut made = Vec::new();
    for (target, (name, holder)) in &named {
        let Some(value) = document.pointer(target) else {
            continue;
        };
        let mut path = target.clone();
        made.push((name.clone(), copy_pruned(value, &mut path, &locals, true)));
        copies.push(RefCopy {
            place: join("/components/schemas", name),
            target: target.clone(),
            reference: holder.clone(),
        });
    }
    if let Value::Object(root) = document {
        let components = root
            .entry("components")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(components) = components {
            let schemas = components
                .entry("schemas")
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(schemas) = schemas {
                for (name, value) in made {
                    schemas.insert(name, value);
                }
            }
        }
    }
    locals
}

/// A copy of `value` (at `path`) in which every value at a named place
/// below it is a reference to that place's component instead.
fn copy_pruned(
    value: &Value,
    path: &mut String,
    locals: &std::collections::HashMap<String, String>,
    top: bool,
) -> Value {
    if !top {
        if let Some(local) = locals.get(path.as_str()) {
            return json!({ "$ref": local });
        }
    }
    let len = path.len();
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, child)| {
                    path.push('/');
                    path.push_str(&pointer::escape(key));
                    let child = copy_pruned(child, path, locals, false);
                    path.truncate(len);
                    (key.clone(), child)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, child)| {
                    path.push('/');
                    path.push_str(&i.to_string());
                    let child = copy_pruned(child, path, locals, false);
                    path.truncate(len);
                    child
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Paths must start with `/` (`openapiv3` drops any other key): `pets/{id}`
/// is read as `/pets/{id}`, with a warning, unless that path is declared
/// too (then `build` refuses the one without `/`, naming it).
fn paths_with_leading_slash(paths: &mut Map<String, Value>, warnings: &mut Vec<Warning>) {
    if paths
        .keys()
        .all(|path| path.starts_with('/') || path.starts_with("x-"))
    {
        return;
    }
    let old = std::mem::take(paths);
    for (path, item) in old.iter() {
        let repaired = format!("/{path}");
        let repair =
            !path.starts_with('/') && !path.starts_with("x-") && !old.contains_key(&repaired);
        if repair {
            warnings.push(Warning {
                pointer: join("/paths", path),
                message: format!(
                    "path `{}` does not start with `/`; read as `{}`",
                    crate::diagnostics::excerpt(path),
                    crate::diagnostics::excerpt(&repaired)
                ),
            });
            paths.insert(repaired, item.clone());
        } else {
            paths.insert(path.clone(), item.clone());
        }
    }
}

/// A response written as a `$ref` into `#/components/requestBodies/` at
/// something shaped as a response (a `description`, no `required`): the
/// target is copied once into `components/responses` (under its name, or
/// `<name>_2`, ... when taken) and the references point there, each with a
/// warning.
fn responses_named_as_bodies(document: &mut Value, warnings: &mut Vec<Warning>) {
    let mut found: Vec<(String, String)> = Vec::new();
    let _ = crate::refs::for_each_ref(document, false, &mut String::new(), &mut |reference, at| {
        if !reference.starts_with("#/components/requestBodies/") {
            return Ok::<(), ()>(());
        }
        let tokens: Vec<String> = at.split('/').skip(1).map(pointer::unescape).collect();
        let n = tokens.len();
        let is_response = n >= 3
            && tokens[n - 3] == "responses"
            && matches!(
                tokens[0].as_str(),
                "paths" | "webhooks" | "x-webhooks" | "components"
            )
            && !tokens.iter().any(|t| t == "schema" || t == "schemas");
        if is_response {
            found.push((at.to_owned(), reference.to_owned()));
        }
        Ok(())
    });
    if found.is_empty() {
        return;
    }
    let mut placed: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    for (at, reference) in found {
        let local = match placed.get(&reference) {
            Some(local) => local.clone(),
            None => {
                let Some(target) = pointer::resolve_local(document, &reference).cloned() else {
                    continue;
                };
                let shaped = target.get("description").is_some_and(Value::is_string)
                    && target.get("required").is_none();
                if !shaped {
                    continue;
                }
                let wanted = reference
                    .rsplit('/')
                    .next()
                    .map(pointer::unescape)
                    .unwrap_or_default();
                let Some(Value::Object(components)) = document.get_mut("components") else {
                    continue;
                };
                let responses = components
                    .entry("responses")
                    .or_insert_with(|| Value::Object(Map::new()));
                let Value::Object(responses) = responses else {
                    continue;
                };
                let name = std::iter::once(wanted.clone())
                    .chain((2..).map(|n| format!("{wanted}_{n}")))
                    .find(|name| !responses.contains_key(name))
                    .unwrap_or_default();
                responses.insert(name.clone(), target);
                let local = format!("#/components/responses/{}", pointer::escape(&name));
                placed.insert(reference.clone(), local.clone());
                local
            }
        };
        if let Some(slot) = document.pointer_mut(&at) {
            *slot = Value::String(local.clone());
        }
        warnings.push(Warning {
            pointer: at,
            message: format!(
                "a response refers to the request body `{}`, which is shaped as a response; read as the response `{}`",
                crate::diagnostics::excerpt(&reference),
                crate::diagnostics::excerpt(&local)
            ),
        });
    }
}

/// Keywords that describe a schema without constraining its type.
fn is_annotation(key: &str) -> bool {
    matches!(
        key,
        "title" | "description" | "deprecated" | "readOnly" | "writeOnly" | "example" | "examples"
    ) || key.starts_with("x-")
}

/// Whether a schema's shape comes from structure rather than `type`.
fn is_structural(map: &Map<String, Value>) -> bool {
    [
        "$ref",
        "allOf",
        "oneOf",
        "anyOf",
        "not",
        "properties",
        "additionalProperties",
        "items",
    ]
    .iter()
    .any(|key| map.contains_key(*key))
}

/// The JSON Schema type name of a value.
fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// In 3.0, `$ref` siblings are ignored; in 3.1 only `summary`/`description`
/// may stand beside a non-schema reference. `openapiv3` keeps only `$ref`.
fn strip_ref_siblings(map: &mut Map<String, Value>) {
    if map.contains_key("$ref") {
        map.retain(|k, _| k == "$ref");
    }
}

/// The `(in, name)` of a parameter, following a `$ref` chain in the source.
fn parameter_identity<'v>(
    source: &'v Value,
    param: &'v Value,
) -> (Option<&'v str>, Option<&'v str>) {
    let mut current = param;
    for _ in 0..32 {
        match current.get("$ref").and_then(Value::as_str) {
            Some(reference) => match pointer::resolve_local(source, reference) {
                Some(target) => current = target,
                None => return (None, None),
            },
            None => break,
        }
    }
    (
        current.get("in").and_then(Value::as_str),
        current.get("name").and_then(Value::as_str),
    )
}

/// Keywords that belong to one JSON type, moved into that type's branch when a
/// 3.1 type array is split into `anyOf`.
fn keywords_of(type_name: &str) -> &'static [&'static str] {
    match type_name {
        "string" => &["format", "pattern", "minLength", "maxLength"],
        "integer" | "number" => &[
            "format",
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
        ],
        "array" => &[
            "items",
            "minItems",
            "maxItems",
            "uniqueItems",
            "prefixItems",
        ],
        "object" => &[
            "properties",
            "required",
            "additionalProperties",
            "minProperties",
            "maxProperties",
        ],
        _ => &[],
    }
}

/// The 3.1 → 3.0 keyword rewrites of one schema object (children excluded).
fn rewrite_31_keywords(map: &mut Map<String, Value>) {
    match map.get("type") {
        Some(Value::Array(types)) => {
            let mut types: Vec<String> = types
                .iter()
                .filter_map(|t| t.as_str().map(str::to_owned))
                .collect();
            let had_null = types.iter().any(|t| t == "null");
            types.retain(|t| t != "null");
            types.dedup();
            if had_null {
                map.insert("nullable".into(), Value::Bool(true));
            }
            match types.len() {
                0 => {
                    map.remove("type");
                }
                1 => {
                    map.insert("type".into(), Value::String(types.remove(0)));
                }
                _ => {
                    map.remove("type");
                    let branches: Vec<Value> = types
                        .iter()
                        .map(|t| {
                            let mut branch = Map::new();
                            branch.insert("type".into(), Value::String(t.clone()));
                            for key in keywords_of(t) {
                                if let Some(value) = map.get(*key) {
                                    branch.insert((*key).into(), value.clone());
                                }
                            }
                            Value::Object(branch)
                        })
                        .collect();
                    for t in &types {
                        for key in keywords_of(t) {
                            map.remove(*key);
                        }
                    }
                    map.insert("anyOf".into(), Value::Array(branches));
                }
            }
        }
        Some(Value::String(t)) if t == "null" => {
            map.remove("type");
            map.insert("nullable".into(), Value::Bool(true));
        }
        _ => {}
    }
    if let Some(value) = map.remove("const") {
        map.entry("enum")
            .or_insert_with(|| Value::Array(vec![value]));
    }
    if let Some(Value::Array(examples)) = map.get("examples") {
        let first = examples.first().cloned();
        map.remove("examples");
        if let Some(first) = first {
            map.entry("example").or_insert(first);
        }
    }
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(Value::Number(n)) = map.get(exclusive) {
            let n = n.clone();
            map.insert(bound.into(), Value::Number(n));
            map.insert(exclusive.into(), Value::Bool(true));
        }
    }
}

/// `anyOf: [X, {type: null}]` (3.1's optional reference) → `X` made nullable.
fn absorb_null_branches(map: &mut Map<String, Value>) {
    for key in ["anyOf", "oneOf"] {
        let Some(Value::Array(branches)) = map.get_mut(key) else {
            continue;
        };
        let before = branches.len();
        branches.retain(|branch| !only_null(branch));
        if branches.len() == before {
            continue;
        }
        map.insert("nullable".into(), Value::Bool(true));
        if let Some(Value::Array(branches)) = map.get(key) {
            if branches.is_empty() {
                map.remove(key);
            }
        }
    }
}

/// A schema that admits only `null` (after the type-array rewrite).
fn only_null(branch: &Value) -> bool {
    let Value::Object(map) = branch else {
        return false;
    };
    map.get("nullable") == Some(&Value::Bool(true))
        && !map.contains_key("type")
        && !is_structural(map)
        && !map.contains_key("enum")
}
