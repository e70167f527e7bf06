//! `N8NINodeProperties`: one n8n field per parameter and per first-level body
//! property, with the package's key order, defaults and routing.

use indexmap::IndexMap;

use super::js::{Js, Thrown, object, string, type_error};
use super::schema::{RefResolver, extract_example};
use super::startcase::start_case;

/// A field under construction: keys in insertion order, `undefined` kept
/// (it holds its position until a later source fills it).
pub type Field = IndexMap<String, Js>;

/// Builds fields against one document.
pub struct FieldBuilder<'d> {
    resolver: RefResolver<'d>,
}

/// `lodash.defaults({}, ...sources)` then `delete required` when falsy.
fn combine(sources: &[&Field]) -> Field {
    let mut out = Field::new();
    for source in sources {
        for (key, value) in *source {
            let current = out.get(key);
            if current.is_none_or(Js::is_undefined) {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    if !out.get("required").is_some_and(Js::truthy) {
        out.shift_remove("required");
    }
    out
}

fn start_case_js(value: &Js) -> String {
    start_case(&value.to_js_string())
}

/// `name.replace(/\./g, "-")`, which throws for non-strings.
fn dashed_name(name: &Js) -> Result<Js, Thrown> {
    match name {
        Js::String(s) => Ok(string(s.replace('.', "-"))),
        _ => Err(type_error("name.replace is not a function")),
    }
}

/// `Object.keys(obj).find(key => /application\/json.*/.test(key))`, then its value.
fn json_content(content: &Js) -> Result<Js, Thrown> {
    match content {
        Js::Undefined | Js::Null => Err(type_error("Cannot convert undefined or null to object")),
        Js::Object(map) => Ok(super::js::js_order(map.keys().map(String::as_str))
            .into_iter()
            .find(|k| k.contains("application/json"))
            .map_or(Js::Undefined, |k| map[&k].clone())),
        _ => Ok(Js::Undefined),
    }
}

impl<'d> FieldBuilder<'d> {
    pub fn new(doc: &'d Js) -> Self {
        FieldBuilder {
            resolver: RefResolver::new(doc),
        }
    }

    /// `fromSchema`: `{type, default, description, options?}`.
    pub fn schema_field(&self, schema: &Js) -> Result<Field, Thrown> {
        let schema = self.resolver.resolve(schema)?;
        let example = extract_example(&self.resolver, &schema)?;
        let (kind, default) = match schema.get("type")? {
            Js::String(t) if t == "boolean" => (
                "boolean",
                if example.is_undefined() {
                    Js::Bool(true)
                } else {
                    example
                },
            ),
            Js::Undefined => (
                "string",
                if example.is_undefined() {
                    string("")
                } else {
                    example
                },
            ),
            Js::String(t) if t == "string" => (
                "string",
                if example.is_undefined() {
                    string("")
                } else {
                    example
                },
            ),
            Js::String(t) if t == "object" => (
                "json",
                string(example.stringify().unwrap_or_else(|| "{}".into())),
            ),
            Js::String(t) if t == "array" => (
                "json",
                string(example.stringify().unwrap_or_else(|| "[]".into())),
            ),
            Js::String(t) if t == "number" || t == "integer" => (
                "number",
                if example.is_undefined() {
                    Js::Number(0.0)
                } else {
                    example
                },
            ),
            _ => ("", example),
        };
        let mut field = Field::new();
        field.insert(
            "type".into(),
            if kind.is_empty() {
                Js::Undefined
            } else {
                string(kind)
            },
        );
        field.insert("default".into(), default);
        field.insert("description".into(), schema.get("description")?);
        let enumeration = schema.get("enum")?;
        let has_enum = enumeration.truthy()
            && match enumeration.get("length")? {
                Js::Number(n) => n > 0.0,
                _ => false,
            };
        if has_enum {
            let Js::Array(values) = &enumeration else {
                return Err(type_error("schema.enum.map is not a function"));
            };
            field.insert("type".into(), string("options"));
            let options = values
                .iter()
                .map(|value| {
                    object([
                        ("name", string(start_case_js(value))),
                        ("value", value.clone()),
                    ])
                })
                .collect();
            field.insert("options".into(), Js::Array(options));
            if !field["default"].truthy() {
                field.insert("default".into(), values[0].clone());
            }
        }
        Ok(field)
    }

    /// `fromParameter`.
    pub fn parameter_field(&self, parameter: &Js) -> Result<Field, Thrown> {
        let parameter = self.resolver.resolve(parameter)?;
        let schema = parameter.get("schema")?;
        let schema_keys = if schema.truthy() {
            self.schema_field(&schema)?
        } else {
            let content = json_content(&parameter.get("content")?)?;
            self.schema_field(&content.get("schema")?)?
        };
        let name = parameter.get("name")?;
        let mut parameter_keys = Field::new();
        parameter_keys.insert("displayName".into(), string(start_case_js(&name)));
        parameter_keys.insert("name".into(), dashed_name(&name)?);
        parameter_keys.insert("required".into(), parameter.get("required")?);
        parameter_keys.insert("description".into(), parameter.get("description")?);
        parameter_keys.insert("default".into(), parameter.get("example")?);
        let mut field = combine(&[&parameter_keys, &schema_keys]);
        let wire_name = name.clone();
        match parameter.get("in")? {
            Js::String(location) if location == "query" => {
                field.insert(
                    "routing".into(),
                    object([(
                        "send",
                        object([
                            ("type", string("query")),
                            ("property", wire_name),
                            ("value", string("={{ $value }}")),
                            ("propertyInDotNotation", Js::Bool(false)),
                        ]),
                    )]),
                );
            }
            Js::String(location) if location == "path" => {
                field.insert("required".into(), Js::Bool(true));
            }
            Js::String(location) if location == "header" => {
                let mut headers = IndexMap::new();
                headers.insert(wire_name.to_js_string(), string("={{ $value }}"));
                field.insert(
                    "routing".into(),
                    object([("request", object([("headers", Js::Object(headers))]))]),
                );
            }
            other => {
                return Err(Thrown(format!(
                    "Error: Unknown parameter location '{}'",
                    other.to_js_string()
                )));
            }
        }
        if !field.get("required").is_some_and(Js::truthy) {
            field.shift_remove("required");
        }
        Ok(field)
    }

    /// `fromParameters`: one field per parameter, in order.
    pub fn parameter_fields(&self, parameters: &Js) -> Result<Vec<Field>, Thrown> {
        if !parameters.truthy() {
            return Ok(Vec::new());
        }
        let mut fields = Vec::new();
        // `for (const parameter of parameters)`: arrays (and strings) iterate.
        match parameters {
            Js::Array(items) => {
                for parameter in items {
                    fields.push(self.parameter_field(parameter)?);
                }
            }
            _ => return Err(type_error("parameters is not iterable")),
        }
        Ok(fields)
    }

    /// `fromSchemaProperty(name, property)`.
    fn schema_property_field(&self, name: &str, property: &Js) -> Result<Field, Thrown> {
        let schema_keys = self.schema_field(property)?;
        let mut keys = Field::new();
        keys.insert("displayName".into(), string(start_case(name)));
        keys.insert("name".into(), string(name.replace('.', "-")));
        Ok(combine(&[&keys, &schema_keys]))
    }

    /// `fromRequestBody`: throws where the package throws (the caller turns
    /// that into the body-failure notice).
    pub fn request_body_fields(&self, body: &Js) -> Result<Vec<Field>, Thrown> {
        if !body.truthy() {
            return Ok(Vec::new());
        }
        let body = self.resolver.resolve(body)?;
        let content = json_content(&body.get("content")?)?;
        if !content.truthy() {
            return Err(Thrown(
                "Error: No '/application\\/json.*/' content found".into(),
            ));
        }
        let schema = self.resolver.resolve(&content.get("schema")?)?;
        let kind = schema.get("type")?;
        let is = |name: &str| matches!(&kind, Js::String(t) if t == name);
        if !schema.get("properties")?.truthy() && !is("object") && !is("array") {
            return Err(Thrown(format!(
                "Error: Request body schema type '{}' not supported",
                kind.to_js_string()
            )));
        }
        let mut fields = Vec::new();
        let items = schema.get("items")?;
        if is("array") && items.truthy() {
            let inner = self.resolver.resolve(&items)?;
            let keys = self.schema_property_field("body", &inner)?;
            let mut defaults = Field::new();
            defaults.insert(
                "required".into(),
                Js::Bool(schema.get("required")?.truthy()),
            );
            let mut field = combine(&[&defaults, &keys]);
            field.insert(
                "routing".into(),
                object([(
                    "request",
                    object([("body", string("={{ JSON.parse($value) }}"))]),
                )]),
            );
            fields.push(field);
        }
        let properties = schema.get("properties")?;
        let required = schema.get("required")?;
        for key in properties.keys_in() {
            let property = properties.get(&key)?;
            let keys = self.schema_property_field(&key, &property)?;
            let is_required = if required.truthy() {
                match &required {
                    Js::Array(list) => {
                        Js::Bool(list.iter().any(|r| matches!(r, Js::String(s) if *s == key)))
                    }
                    Js::String(text) => Js::Bool(text.contains(key.as_str())),
                    _ => return Err(type_error("schema.required.includes is not a function")),
                }
            } else {
                required.clone()
            };
            let mut defaults = Field::new();
            defaults.insert("required".into(), is_required);
            let mut field = combine(&[&defaults, &keys]);
            let json = matches!(field.get("type"), Some(Js::String(t)) if t == "json");
            let value = if json {
                "={{ JSON.parse($value) }}"
            } else {
                "={{ $value }}"
            };
            field.insert(
                "routing".into(),
                object([(
                    "send",
                    object([
                        ("property", string(key.clone())),
                        ("propertyInDotNotation", Js::Bool(false)),
                        ("type", string("body")),
                        ("value", string(value)),
                    ]),
                )]),
            );
            fields.push(field);
        }
        Ok(fields)
    }
}
