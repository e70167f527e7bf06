//! `N8NINodeProperties`: one n8n field per parameter and per first-level body
//! property, with the package's key order, defaults and routing.

use std::borrow::Cow;

use super::js::{Js, ObjMap, Thrown, object, string, type_error};
use super::schema::{RefResolver, SchemaKeys, example_text, extract_example};
use super::startcase::{start_case, start_case_js};

/// A field under construction: keys in insertion order, `undefined` kept
/// (it holds its position until a later source fills it).
pub type Field<'d> = ObjMap<'d>;

/// Builds fields against one document.
pub struct FieldBuilder<'d> {
    resolver: RefResolver<'d>,
}

/// What `fromSchema` gives: `{type, default, description, options?}`.
/// Kept apart rather than as an object: the callers lay the field out
/// themselves, in the order `lodash.defaults` would.
pub struct SchemaField<'d> {
    kind: Js<'d>,
    default: Js<'d>,
    description: Js<'d>,
    options: Option<Js<'d>>,
}

impl<'d> SchemaField<'d> {
    /// Appends `type`, `default`, `description` and `options` to a field
    /// that has none of them.
    fn append_to(self, field: &mut Field<'d>) {
        field.push_new("type".into(), self.kind);
        field.push_new("default".into(), self.default);
        field.push_new("description".into(), self.description);
        if let Some(options) = self.options {
            field.push_new("options".into(), options);
        }
    }
}

/// `lodash.defaults` keeps the first defined value.
fn or_else<'d>(value: Js<'d>, fallback: Js<'d>) -> Js<'d> {
    if value.is_undefined() {
        fallback
    } else {
        value
    }
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
    pub fn schema_field(&self, schema: &Js<'d>) -> Result<SchemaField<'d>, Thrown> {
        let schema = self.resolver.resolve(schema)?;
        let keys = SchemaKeys::of(&schema)?;
        let example = || extract_example(&self.resolver, &schema, &keys);
        // JSON kinds only need the example's text: written directly.
        let text = |empty: &'static str| -> Result<Js<'d>, Thrown> {
            let text = example_text(&self.resolver, &schema, &keys)?;
            Ok(text.map_or_else(|| string(empty), string))
        };
        let (kind, mut default) = match keys.kind.as_ref().map(|k| (k, k.as_str())) {
            None | Some((Js::Undefined, _) | (_, Some("string"))) => {
                ("string", or_else(example()?, string("")))
            }
            Some((_, Some("boolean"))) => ("boolean", or_else(example()?, Js::Bool(true))),
            Some((_, Some("object"))) => ("json", text("{}")?),
            Some((_, Some("array"))) => ("json", text("[]")?),
            Some((_, Some("number" | "integer"))) => {
                ("number", or_else(example()?, Js::Number(0.0)))
            }
            Some(_) => ("", example()?),
        };
        let enumeration = keys.enumeration.clone().unwrap_or(Js::Undefined);
        let has_enum = enumeration.truthy()
            && match enumeration.get("length")? {
                Js::Number(n) => n > 0.0,
                _ => false,
            };
        let mut options = None;
        let kind = if has_enum {
            let Some(values) = enumeration.items() else {
                return Err(type_error("schema.enum.map is not a function"));
            };
            options = Some(Js::Array(
                values
                    .iter()
                    .map(|value| {
                        object([
                            ("name", string(start_case_js(value))),
                            ("value", value.clone()),
                        ])
                    })
                    .collect(),
            ));
            if !default.truthy() {
                default = values[0].clone();
            }
            string("options")
        } else if kind.is_empty() {
            Js::Undefined
        } else {
            string(kind)
        };
        Ok(SchemaField {
            kind,
            default,
            description: keys.description.unwrap_or(Js::Undefined),
            options,
        })
    }

    /// `fromParameter`.
    pub fn parameter_field(&self, parameter: &Js<'d>) -> Result<Field<'d>, Thrown> {
        let parameter = self.resolver.resolve(parameter)?;
        // A resolved parameter is an object or an array: reading every key
        // up front throws nothing that reading them in turn would not.
        let [
            schema,
            content,
            name,
            required,
            description,
            example,
            location,
        ] = parameter.get_many([
            "schema",
            "content",
            "name",
            "required",
            "description",
            "example",
            "in",
        ])?;
        let schema = if schema.truthy() {
            self.schema_field(&schema)?
        } else {
            let content = json_content(&content)?;
            self.schema_field(&content.get("schema")?)?
        };
        // The parameter's keys, then the schema's where they are missing.
        let mut field = Field::with_capacity(9);
        field.push_new("displayName".into(), string(start_case_js(&name)));
        field.push_new("name".into(), dashed_name(&name)?);
        field.push_new("required".into(), required);
        field.push_new(
            "description".into(),
            or_else(description, schema.description),
        );
        field.push_new("default".into(), or_else(example, schema.default));
        field.push_new("type".into(), schema.kind);
        if let Some(options) = schema.options {
            field.push_new("options".into(), options);
        }
        if !field["required"].truthy() {
            field.shift_remove("required");
        }
        let wire_name = name.clone();
        match location.as_str() {
            Some("query") => {
                field.push_new(
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
            Some("path") => {
                field.insert("required", Js::Bool(true));
            }
            Some("header") => {
                let mut headers = ObjMap::new();
                headers.insert(wire_name.to_js_string(), string("={{ $value }}"));
                field.push_new(
                    "routing".into(),
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

    /// `fromSchemaProperty(name, property)` under `{required}`: the
    /// `required` key first, and only when it is truthy.
    fn schema_property_field(
        &self,
        required: Js<'d>,
        name: &Cow<'d, str>,
        property: &Js<'d>,
    ) -> Result<Field<'d>, Thrown> {
        let schema = self.schema_field(property)?;
        let mut field = Field::with_capacity(9);
        if required.truthy() {
            field.push_new("required".into(), required);
        }
        field.push_new("displayName".into(), string(start_case(name)));
        field.push_new("name".into(), dashed_name(&Js::String(name.clone()))?);
        schema.append_to(&mut field);
        Ok(field)
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
        // Resolved: an object or an array, whose keys can all be read first.
        let [kind, properties, items, required] =
            schema.get_many(["type", "properties", "items", "required"])?;
        let is = |name: &str| kind.as_str() == Some(name);
        if !properties.truthy() && !is("object") && !is("array") {
            return Err(Thrown(format!(
                "Error: Request body schema type '{}' not supported",
                kind.to_js_string()
            )));
        }
        let mut fields = Vec::new();
        if is("array") && items.truthy() {
            let inner = self.resolver.resolve(&items)?;
            let mut field = self.schema_property_field(
                Js::Bool(required.truthy()),
                &Cow::Borrowed("body"),
                &inner,
            )?;
            field.push_new(
                "routing".into(),
                object([(
                    "request",
                    object([("body", string("={{ JSON.parse($value) }}"))]),
                )]),
            );
            fields.push(field);
        }
        // Read once for all properties, not once per property.
        let required_list = if required.truthy() {
            required.items()
        } else {
            None
        };
        for key in properties.keys_in() {
            let property = properties.get(&key)?;
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
            let mut field = self.schema_property_field(is_required, &key, &property)?;
            let json = field.get("type").and_then(|t| t.as_str()) == Some("json");
            let value = if json {
                "={{ JSON.parse($value) }}"
            } else {
                "={{ $value }}"
            };
            field.push_new(
                "routing".into(),
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
