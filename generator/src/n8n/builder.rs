//! `N8NPropertiesBuilder.build(overrides)`: walks the raw document twice
//! (resources, then operations) and assembles
//! `[Resource] ++ [Operation per resource] ++ [fields]`, then applies the
//! find/replace overrides.

use std::borrow::Cow;
use std::cmp::Ordering;

use indexmap::IndexMap;
use serde_json::Value;

use super::config::{Config, Override};
use super::fields::{Field, FieldBuilder};
use super::js::{Js, Thrown, object, string, type_error};
use super::matches::is_match;
use super::parsers::OperationContext;
use super::startcase::NameHash;
use super::stringify::js_key_order;
use crate::tag_order::v8_sort;

/// Why the package's `build()` would throw.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("the n8n properties cannot be built: {0}")]
pub struct BuildError(pub String);

impl From<Thrown> for BuildError {
    fn from(thrown: Thrown) -> Self {
        BuildError(thrown.0)
    }
}

const HTTP_METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// One operation as the walker hands it to the collectors.
pub(crate) struct Visit<'d> {
    pub pattern: &'d str,
    pub method: &'d str,
    pub operation: Js<'d>,
    /// The operation's tags, `["default"]` when it has none.
    pub tags: Vec<Js<'d>>,
}

/// The built properties, borrowing from the document they came from.
#[derive(Debug, Clone)]
pub struct Properties<'d>(Vec<Js<'d>>);

impl Properties<'_> {
    /// `JSON.stringify(properties, null, 2)` and a newline, byte for byte.
    pub fn to_js_json(&self) -> String {
        let mut out = String::with_capacity(64 * 1024);
        super::stringify::write_js_items(&mut out, &self.0, 0);
        out.push('\n');
        out
    }

    /// The properties as a JSON value.
    pub fn to_value(&self) -> Value {
        Value::Array(self.0.iter().filter_map(Js::to_json).collect())
    }

    /// How many properties there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none (never, for a successful build).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Builds the n8n properties of a raw document (as read, not normalised).
pub fn build_properties<'d>(raw: &'d Value, config: &Config) -> Result<Properties<'d>, BuildError> {
    // Each build starts with an empty name memo: timings stay honest and
    // memory bounded.
    super::startcase::clear_memo();
    let visits = walk(raw)?;
    let resource = resource_property(raw, &visits, config)?;
    let (operations, fields) = collect_operations(raw, &visits, config)?;
    let mut properties: Vec<Js<'_>> = Vec::with_capacity(1 + operations.len() + fields.len());
    properties.push(resource);
    properties.extend(operations);
    properties.extend(fields.into_iter().map(Js::Object));
    apply_overrides(&mut properties, &config.overrides);
    if config.fixed {
        super::fixed::repair(&mut properties, raw, &visits, config);
    }
    Ok(Properties(properties))
}

/// `OpenAPIWalker.walkPaths`: paths in order, methods in path-item order.
fn walk(doc: &Value) -> Result<Vec<Visit<'_>>, BuildError> {
    let mut visits = Vec::new();
    let Some(Value::Object(paths)) = doc.get("paths") else {
        return Ok(visits);
    };
    for (pattern, item) in js_key_order(paths) {
        let Value::Object(item) = item else {
            return Err(type_error(format!("Cannot convert {item} to object")).into());
        };
        for (method, operation) in js_key_order(item) {
            if !HTTP_METHODS.contains(&method.as_str()) {
                continue;
            }
            let operation = Js::Doc(operation);
            let tags = operation.get("tags")?;
            let tags = match (tags.items(), tags.truthy()) {
                (Some(items), _) if !items.is_empty() => items,
                (Some(_), _) | (None, false) => vec![string("default")],
                (None, true) => return Err(type_error("tags.forEach is not a function").into()),
            };
            if operation.truthy() {
                visits.push(Visit {
                    pattern,
                    method,
                    operation,
                    tags,
                });
            }
        }
    }
    Ok(visits)
}

/// `ResourceCollector`: the Resource property.
fn resource_property<'d>(
    doc: &'d Value,
    visits: &[Visit<'d>],
    config: &Config,
) -> Result<Js<'d>, BuildError> {
    // name → description, in first-seen order; declarations overwrite.
    let mut tags: Vec<(Js<'d>, Js<'d>)> = Vec::new();
    for visit in visits {
        for tag in &visit.tags {
            if !tags.iter().any(|(t, _)| t.same(tag)) {
                tags.push((tag.clone(), string("")));
            }
        }
    }
    let mut order: Vec<(Js<'d>, usize)> = Vec::new();
    if let Some(declared) = Js::Doc(doc).field("tags").and_then(|t| t.items()) {
        for tag in declared {
            let name = tag.get("name")?;
            let description = tag.get("description")?;
            let description = if description.truthy() {
                description
            } else {
                string("")
            };
            match tags.iter_mut().find(|(t, _)| t.same(&name)) {
                Some(entry) => entry.1 = description,
                None => tags.push((name.clone(), description)),
            }
            let size = order.len();
            match order.iter_mut().find(|(t, _)| t.same(&name)) {
                Some(entry) => entry.1 = size,
                None => order.push((name, size)),
            }
        }
    }
    let index = |tag: &Js<'_>| order.iter().find(|(t, _)| t.same(tag)).map(|(_, i)| *i);
    v8_sort(&mut tags, |a, b| match (index(&a.0), index(&b.0)) {
        (Some(x), Some(y)) => x.cmp(&y),
        _ => Ordering::Equal,
    });
    let default = string("default");
    if index(&default).is_none() {
        if let Some(at) = tags.iter().position(|(t, _)| t.same(&default)) {
            let entry = tags.remove(at);
            tags.push(entry);
        }
    }
    let mut options = Vec::with_capacity(tags.len());
    for (name, description) in &tags {
        options.push(object([
            ("name", string(config.resource.name(name)?)),
            ("value", string(config.resource.value(name)?)),
            (
                "description",
                string(config.resource.description(description)),
            ),
        ]));
    }
    Ok(object([
        ("displayName", string("Resource")),
        ("name", string("resource")),
        ("type", string("options")),
        ("noDataExpression", Js::Bool(true)),
        ("options", Js::Array(options)),
        ("default", string("")),
    ]))
}

/// Each resource's operation options, in first-seen order (names are
/// short: hashed as the name memo hashes them).
type OptionsByResource<'d> = IndexMap<String, Vec<Js<'d>>, NameHash>;

/// `OperationsCollector`: the Operation properties and every field.
#[allow(clippy::type_complexity)]
fn collect_operations<'d>(
    doc: &'d Value,
    visits: &[Visit<'d>],
    config: &Config,
) -> Result<(Vec<Js<'d>>, Vec<Field<'d>>), BuildError> {
    let builder = FieldBuilder::new(doc);
    let mut options_by_resource = OptionsByResource::default();
    let mut all_fields: Vec<Field<'d>> = Vec::new();
    for visit in visits {
        // Errors drop the rest of this operation, as the package's
        // try/catch does; what was registered before stays.
        let _ = visit_operation(
            &builder,
            visit,
            config,
            &mut options_by_resource,
            &mut all_fields,
        );
    }
    if options_by_resource.is_empty() {
        return Err(BuildError(
            "Error: No operations found in OpenAPI document".into(),
        ));
    }
    let operations = options_by_resource
        .into_iter()
        .map(|(resource, options)| {
            object([
                ("displayName", string("Operation")),
                ("name", string("operation")),
                ("type", string("options")),
                ("noDataExpression", Js::Bool(true)),
                (
                    "displayOptions",
                    object([(
                        "show",
                        object([("resource", Js::Array(vec![string(resource)]))]),
                    )]),
                ),
                ("options", Js::Array(options)),
                ("default", string("")),
            ])
        })
        .collect();
    Ok((operations, all_fields))
}

fn visit_operation<'d>(
    builder: &FieldBuilder<'d>,
    visit: &Visit<'d>,
    config: &Config,
    options_by_resource: &mut OptionsByResource<'d>,
    all_fields: &mut Vec<Field<'d>>,
) -> Result<(), Thrown> {
    let operation = &visit.operation;
    if config.operation.should_skip(operation) {
        return Ok(());
    }
    let context = OperationContext {
        pattern: visit.pattern,
        method: visit.method,
    };
    let name = config.operation.name(operation, context)?;
    let value = config
        .operation
        .value_given_name(operation, context, &name)?;
    let option = object([
        ("name", string(name.clone())),
        ("value", string(value.clone())),
        ("action", config.operation.action(operation, context)?),
        ("description", config.operation.description(operation)?),
        (
            "routing",
            object([(
                "request",
                object([
                    ("method", string(upper_method(visit.method))),
                    ("url", string(routing_url(visit.pattern))),
                ]),
            )]),
        ),
    ]);
    let mut fields = builder.parameter_fields(&operation.get("parameters")?)?;
    match builder.request_body_fields(&operation.get("requestBody")?) {
        Ok(body) => fields.extend(body),
        Err(_) => {
            let mut notice = Field::with_capacity(8);
            let text = [
                " ",
                visit.pattern,
                "<br/><br/>There's no body available for request, kindly use HTTP Request node to send body",
            ];
            notice.push_new(
                "displayName".into(),
                string(method_and(visit.method, &text)),
            );
            notice.push_new("name".into(), string("operation"));
            notice.push_new("type".into(), string("notice"));
            notice.push_new("default".into(), string(""));
            fields.push(notice);
        }
    }
    if let Some(order) = &config.field_order {
        let mut as_js: Vec<Js<'d>> = fields.into_iter().map(Js::Object).collect();
        v8_sort(&mut as_js, |a, b| order.compare(a, b));
        fields = as_js
            .into_iter()
            .map(|f| match f {
                Js::Object(map) => map,
                _ => Field::with_capacity(8),
            })
            .collect();
    }
    if config.info_notice {
        let mut notice = Field::with_capacity(8);
        let text = method_and(visit.method, &[" ", visit.pattern]);
        notice.push_new("displayName".into(), string(text));
        notice.push_new("name".into(), string("operation"));
        notice.push_new("type".into(), string("notice"));
        notice.push_new("typeOptions".into(), object([("theme", string("info"))]));
        notice.push_new("default".into(), string(""));
        fields.insert(0, notice);
    }
    let mut resources = Vec::with_capacity(visit.tags.len());
    for tag in &visit.tags {
        resources.push(config.resource.value(tag)?);
    }
    let operation_name = if config.fixed { value.clone() } else { name };
    let last = resources.len().saturating_sub(1);
    let mut option = Some(option);
    let mut fields = Some(fields);
    for (index, resource) in resources.into_iter().enumerate() {
        let display = Js::Shared(std::rc::Rc::new(object([(
            "show",
            object([
                ("resource", Js::Array(vec![string(resource.clone())])),
                ("operation", Js::Array(vec![string(operation_name.clone())])),
            ]),
        )])));
        // Each resource gets its own copy; the last one takes the original.
        let mut copies = if index == last {
            fields.take().unwrap_or_default()
        } else {
            fields.clone().unwrap_or_default()
        };
        for field in &mut copies {
            // Fresh fields have no display options yet.
            field.push_new("displayOptions".into(), display.clone());
        }
        let options = match options_by_resource.get_mut(&resource) {
            Some(options) => options,
            None => options_by_resource.entry(resource.clone()).or_default(),
        };
        // The options are the builder's own objects, with string values.
        if options.iter().any(|o| option_value(o) == Some(&value)) {
            return Err(Thrown(format!(
                "Error: Duplicate operation '{value}' for resource '{resource}'"
            )));
        }
        options.push(if index == last {
            option.take().unwrap_or(Js::Undefined)
        } else {
            option.clone().unwrap_or(Js::Undefined)
        });
        all_fields.extend(copies);
    }
    Ok(())
}

/// An option's value, read in place.
fn option_value<'o>(option: &'o Js<'_>) -> Option<&'o str> {
    match option {
        Js::Object(map) => map.get("value").and_then(Js::as_str),
        _ => None,
    }
}

/// The upper-case method followed by `parts`, in one allocation.
fn method_and(method: &str, parts: &[&str]) -> String {
    let method = upper_method(method);
    let length = method.len() + parts.iter().map(|p| p.len()).sum::<usize>();
    let mut text = String::with_capacity(length);
    text.push_str(&method);
    for part in parts {
        text.push_str(part);
    }
    text
}

/// The method in upper case, without allocating: visits only hold the
/// eight HTTP methods.
fn upper_method(method: &str) -> Cow<'static, str> {
    const UPPER: [&str; 8] = [
        "GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE",
    ];
    match HTTP_METHODS.iter().position(|m| *m == method) {
        Some(i) => Cow::Borrowed(UPPER[i]),
        None => Cow::Owned(method.to_uppercase()),
    }
}

/// `/a/{b}` → `=/a/{{$parameter["b"]}}` (the routing URL expression).
fn routing_url(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 33);
    out.push('=');
    let mut rest = pattern;
    // Byte scans: paths are short, and a `char` pattern's searcher costs
    // more than it saves on them.
    let find = |text: &str, byte: u8| text.bytes().position(|b| b == byte);
    while let Some(start) = find(rest, b'{') {
        let Some(end) = find(&rest[start..], b'}') else {
            break;
        };
        out.push_str(&rest[..start]);
        out.push_str("{{$parameter[\"");
        out.push_str(&rest[start + 1..start + end]);
        out.push_str("\"]}}");
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    out
}

/// `lodash.filter(fields, find)` + `Object.assign(element, replace)`, in turn.
fn apply_overrides(properties: &mut [Js<'_>], overrides: &[Override]) {
    for rule in overrides {
        let find = Js::from_json(&rule.find);
        let replace = Js::from_json(&rule.replace);
        for property in properties.iter_mut() {
            if is_match(property, &find) {
                if let Js::Object(map) = property {
                    Js::assign_into(map, &replace);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_placeholders_become_parameters() {
        assert_eq!(
            routing_url("/api/{session}/chats/{chatId}"),
            "=/api/{{$parameter[\"session\"]}}/chats/{{$parameter[\"chatId\"]}}"
        );
        assert_eq!(routing_url("/a/{}/b{"), "=/a/{{$parameter[\"\"]}}/b{");
        assert_eq!(upper_method("patch"), "PATCH");
    }
}
