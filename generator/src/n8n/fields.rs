//! `N8NINodeProperties`: one n8n field per parameter and per first-level body
//! property, with the package's key order, defaults and routing.

use std::borrow::Cow;

use super::js::{Js, ObjMap, Thrown, object, string, type_error};
use super::schema::{RefResolver, extract_example};
use super::startcase::{start_case, start_case_js};

/// A field under construction: keys in insertion order, `undefined` kept
/// (it holds its position until a later source fills it).
pub type Field<'d> = ObjMap<'d>;

/// Builds fields against one document.
pub struct FieldBuilder<'d> {
    resolver: RefResolver<'d>,
}

/// `lodash.defaults({}, ...sources)` then `delete required` when falsy.
///
/// The first source's keys are distinct, so copying it into `{}` is the
/// source itself: it becomes the result, and only the second is merged.
fn combine<'d>(first: Field<'d>, second: Field<'d>) -> Field<'d> {
    let mut out = first;
    for (key, value) in second.into_pairs() {
        match out.get_mut(&key) {
            Some(slot) if slot.is_undefined() => *slot = value,
            Some(_) => {}
            None => out.push_new(key, value),
        }
    }
    if !out.get("required").is_some_and(Js::truthy) {
        out.shift_remove("required");
    }
    out
}

/// `name.replace(/\./g, "-")`, which throws for non-strings. Names rarely
/// hold dots; those are kept as they are, without a copy.
fn dashed_name<'d>(name: &Js<'d>) -> Result<Js<'d>, Thrown> {
    match name.as_str() {
        Some(s) if s.contains('.') => Ok(string(s.replace('.', "-"))),
        Some(_) => Ok(name.clone()),
        None => Err(type_error("name.replace is not a function")),
    }
}

/// `Object.keys(obj).find(key => /application\/json.*/.test(key))`, then its value.
fn json_content<'d>(content: &Js<'d>) -> Result<Js<'d>, Thrown> {
    match content {
        Js::Undefined | Js::Null | Js::Doc(serde_json::Value::Null) => {
            Err(type_error("Cannot convert undefined or null to object"))
        }
        other if other.is_object() => match other
            .keys_in()
            .into_iter()
            .find(|k| k.contains("application/json"))
        {
            Some(key) => other.get(&key),
            None => Ok(Js::Undefined),
        },
        _ => Ok(Js::Undefined),
    }
}

impl<'d> FieldBuilder<'d> {
    pub fn new(doc: &'d serde_json::Value) -> Self {
        FieldBuilder {
            resolver: RefResolver::new(doc),
        }
    }

    /// `fromSchema`: `{type, default, description, options?}`.
    pub fn schema_field(&self, schema: &Js<'d>) -> Result<Field<'d>, Thrown> {
        let schema = self.resolver.resolve(schema)?;
        let example = extract_example(&self.resolver, &schema)?;
        let kind_value = schema.get("type")?;
        let or = |fallback: Js<'d>, example: Js<'d>| {
            if example.is_undefined() {
                fallback
            } else {
                example
            }
        };
        let (kind, default) = match (kind_value.is_undefined(), kind_value.as_str()) {
            (true, _) | (_, Some("string")) => ("string", or(string(""), example)),
            (_, Some("boolean")) => ("boolean", or(Js::Bool(true), example)),
            (_, Some("object")) => (
                "json",
                string(example.stringify().unwrap_or_else(|| "{}".into())),
            ),
            (_, Some("array")) => (
                "json",
                string(example.stringify().unwrap_or_else(|| "[]".into())),
            ),
            (_, Some("number" | "integer")) => ("number", or(Js::Number(0.0), example)),
            _ => ("", example),
        };
        let mut field = Field::with_capacity(8);
        field.push_new(
            "type".into(),
            if kind.is_empty() {
                Js::Undefined
            } else {
                string(kind)
            },
        );
        field.push_new("default".into(), default);
        field.push_new("description".into(), schema.get("description")?);
        let enumeration = schema.get("enum")?;
        let has_enum = enumeration.truthy()
            && match enumeration.get("length")? {
                Js::Number(n) => n > 0.0,
                _ => false,
            };
        if has_enum {
            let Some(values) = enumeration.items() else {
                return Err(type_error("schema.enum.map is not a function"));
            };
            field.insert("type", string("options"));
            let options = values
                .iter()
                .map(|value| {
                    object([
                        ("name", string(start_case_js(value))),
                        ("value", value.clone()),
                    ])
                })
                .collect();
            field.insert("options", Js::Array(options));
            if !field["default"].truthy() {
                field.insert("default", values[0].clone());
            }
        }
        Ok(field)
    }

    /// `fromParameter`.
    pub fn parameter_field(&self, parameter: &Js<'d>) -> Result<Field<'d>, Thrown> {
        let parameter = self.resolver.resolve(parameter)?;
        let schema = parameter.get("schema")?;
        let schema_keys = if schema.truthy() {
            self.schema_field(&schema)?
        } else {
            let content = json_content(&parameter.get("content")?)?;
            self.schema_field(&content.get("schema")?)?
        };
        let name = parameter.get("name")?;
        let mut parameter_keys = Field::with_capacity(8);
        parameter_keys.push_new("displayName".into(), string(start_case_js(&name)));
        parameter_keys.push_new("name".into(), dashed_name(&name)?);
        parameter_keys.push_new("required".into(), parameter.get("required")?);
        parameter_keys.push_new("description".into(), parameter.get("description")?);
        parameter_keys.push_new("default".into(), parameter.get("example")?);
        let mut field = combine(parameter_keys, schema_keys);
        let wire_name = name.clone();
        let location = parameter.get("in")?;
        match location.as_str() {
            Some("query") => {
                field.insert(
                    "routing",
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
            Some("path") => {
                field.insert("required", Js::Bool(true));
            }
            Some("header") => {
                let mut headers = ObjMap::new();
                headers.insert(wire_name.to_js_string(), string("={{ $value }}"));
                field.insert(
                    "routing",
                    object([("request", object([("headers", Js::Object(headers))]))]),
                );
            }
            _ => {
                return Err(Thrown(format!(
                    "Error: Unknown parameter location '{}'",
                    location.to_js_string()
                )));
            }
        }
        if !field.get("required").is_some_and(Js::truthy) {
            field.shift_remove("required");
        }
        Ok(field)
    }

    /// `fromParameters`: one field per parameter, in order.
    pub fn parameter_fields(&self, parameters: &Js<'d>) -> Result<Vec<Field<'d>>, Thrown> {
        if !parameters.truthy() {
            return Ok(Vec::new());
        }
        // `for (const parameter of parameters)`: only arrays make sense here.
        let Some(items) = parameters.items() else {
            return Err(type_error("parameters is not iterable"));
        };
        items
            .iter()
            .map(|parameter| self.parameter_field(parameter))
            .collect()
    }

    /// `fromSchemaProperty(name, property)`.
    fn schema_property_field(
        &self,
        name: &Cow<'d, str>,
        property: &Js<'d>,
    ) -> Result<Field<'d>, Thrown> {
        let schema_keys = self.schema_field(property)?;
        let mut keys = Field::with_capacity(8);
        keys.push_new("displayName".into(), string(start_case(name)));
        keys.push_new("name".into(), dashed_name(&Js::String(name.clone()))?);
        Ok(combine(keys, schema_keys))
    }

    /// `fromRequestBody`: throws where the package throws (the caller turns
    /// that into the body-failure notice).
    pub fn request_body_fields(&self, body: &Js<'d>) -> Result<Vec<Field<'d>>, Thrown> {
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
        let is = |name: &str| kind.as_str() == Some(name);
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
            let keys = self.schema_property_field(&Cow::Borrowed("body"), &inner)?;
            let mut defaults = Field::with_capacity(8);
            defaults.insert("required", Js::Bool(schema.get("required")?.truthy()));
            let mut field = combine(defaults, keys);
            field.insert(
                "routing",
                object([(
                    "request",
                    object([("body", string("={{ JSON.parse($value) }}"))]),
                )]),
            );
            fields.push(field);
        }
        let properties = schema.get("properties")?;
        let required = schema.get("required")?;
        // Read once for all properties, not once per property.
        let required_list = if required.truthy() {
            required.items()
        } else {
            None
        };
        for key in properties.keys_in() {
            let property = properties.get(&key)?;
            let keys = self.schema_property_field(&key, &property)?;
            let is_required = if required.truthy() {
                match (&required_list, required.as_str()) {
                    (Some(list), _) => {
                        Js::Bool(list.iter().any(|r| r.as_str() == Some(key.as_ref())))
                    }
                    (None, Some(text)) => Js::Bool(text.contains(key.as_ref())),
                    _ => return Err(type_error("schema.required.includes is not a function")),
                }
            } else {
                required.clone()
            };
            let mut defaults = Field::with_capacity(8);
            defaults.insert("required", is_required);
            let mut field = combine(defaults, keys);
            let json = field.get("type").and_then(|t| t.as_str()) == Some("json");
            let value = if json {
                "={{ JSON.parse($value) }}"
            } else {
                "={{ $value }}"
            };
            field.insert(
                "routing",
                object([(
                    "send",
                    object([
                        ("property", Js::String(key.clone())),
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
