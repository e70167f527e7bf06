//! The fixed mode: the package's output shape without its known defects.
//! Each repair is a documented departure from exact parity:
//!
//! 1. **Fields shown by operation value.** `displayOptions.show.operation`
//!    names the option's `value` (what n8n matches), not its `name`; the two
//!    differ for operations without an operationId or with non-ASCII names,
//!    whose fields the package hides for good. (Done in the builder.)
//! 2. **Unique field names per operation.** A second field with the same
//!    `name` in one operation (a path parameter and a body property, say) is
//!    renamed `<name>_2`, `<name>_3`, ...; its routing still sends the
//!    original name, so requests are unchanged.
//! 3. **No empty resources.** Resources without any operation (declared but
//!    unused tags, tags of skipped or dropped operations) leave the Resource
//!    options.
//! 4. **Per-operation security.** An operation whose security puts an API
//!    key in the query (the SSE route's `api_key`) gets it sent there:
//!    `routing.request.qs.<name> = "={{ $credentials.apiKey }}"` on its
//!    option (the credential's field is assumed to be `apiKey`).
//! 5. **Whole array bodies.** An array request body's `body` field is JSON
//!    whose default is the whole array (`[item]`), not a single item.
//! 6. **Unset optional query parameters stay unsent.** The package gives a
//!    field without a default in the document one of its own (`0` for a
//!    number, `""` for a string, `true` for a boolean) and n8n sends every
//!    field: an optional `cursor` went out as `cursor=0`, which baileys-api
//!    reads as a cursor (an empty page). For an optional query parameter
//!    whose document gives no `default` or `example`, the field keeps that
//!    default but its routing value is
//!    `={{ $value === <default> ? undefined : $value }}`: n8n leaves a query
//!    value of `undefined` out of the request. (The made-up value itself
//!    can then not be sent; it is no value the document offers.) A
//!    parameter the document gives a default (`search: ""` of the group
//!    list) is sent as before; enum fields, which start at their first
//!    value, are left alone.

use std::collections::HashMap;

use serde_json::Value;

use super::builder::Visit;
use super::config::Config;
use super::js::{Js, string};
use super::parsers::OperationContext;

pub(crate) fn repair<'d>(
    properties: &mut [Js<'d>],
    doc: &'d Value,
    visits: &[Visit<'d>],
    config: &Config,
) {
    unique_field_names(properties);
    drop_empty_resources(properties);
    query_api_keys(properties, doc, visits, config);
    whole_array_bodies(properties);
    unset_queries_unsent(properties, doc, visits, config);
}

fn first_of(value: Option<Js<'_>>) -> Option<String> {
    value?.items()?.first().map(Js::to_js_string)
}

fn show_key(field: &Js<'_>) -> Option<(String, String)> {
    let show = field.field("displayOptions")?.field("show")?;
    Some((
        first_of(show.field("resource"))?,
        first_of(show.field("operation"))?,
    ))
}

fn is(field: &Js<'_>, key: &str, value: &str) -> bool {
    field.field(key).is_some_and(|v| v.as_str() == Some(value))
}

fn unique_field_names(properties: &mut [Js<'_>]) {
    let mut seen: HashMap<(String, String), HashMap<String, usize>> = HashMap::new();
    for field in properties.iter_mut() {
        let Some(key) = show_key(field) else { continue };
        if is(field, "type", "notice") {
            continue;
        }
        let Some(name) = field
            .field("name")
            .and_then(|n| n.as_str().map(str::to_owned))
        else {
            continue;
        };
        let count = seen
            .entry(key)
            .or_default()
            .entry(name.clone())
            .or_insert(0);
        *count += 1;
        if *count > 1 {
            if let Js::Object(map) = field {
                map.insert("name", string(format!("{name}_{count}")));
            }
        }
    }
}

fn is_operation_property(property: &Js<'_>) -> bool {
    is(property, "name", "operation") && is(property, "type", "options")
}

fn drop_empty_resources(properties: &mut [Js<'_>]) {
    let with_operations: Vec<String> = properties
        .iter()
        .filter(|p| is_operation_property(p))
        .filter_map(|p| first_of(p.field("displayOptions")?.field("show")?.field("resource")))
        .collect();
    if let Some(Js::Object(resource)) = properties.first_mut() {
        if let Some(Js::Array(options)) = resource.get_mut("options") {
            options.retain(|o| {
                o.field("value")
                    .is_some_and(|v| with_operations.contains(&v.to_js_string()))
            });
        }
    }
}

/// The query API key names an operation's effective security asks for.
fn query_keys(doc: &Value, operation: &Js<'_>) -> Vec<String> {
    let security = operation
        .field("security")
        .or_else(|| Js::Doc(doc).field("security"));
    let Some(first) = security
        .and_then(|s| s.items())
        .and_then(|alternatives| alternatives.into_iter().next())
    else {
        return Vec::new();
    };
    let schemes = doc.pointer("/components/securitySchemes");
    first
        .keys_in()
        .into_iter()
        .filter_map(|scheme| {
            let scheme = Js::Doc(schemes?.get(scheme.as_ref())?);
            (is(&scheme, "type", "apiKey") && is(&scheme, "in", "query"))
                .then(|| scheme.field("name").map(|n| n.to_js_string()))?
        })
        .collect()
}

/// The value of the operation option `visit` became.
fn operation_value(visit: &Visit<'_>, config: &Config) -> Option<String> {
    let context = OperationContext {
        pattern: visit.pattern,
        method: visit.method,
    };
    config.operation.value(&visit.operation, context).ok()
}

fn query_api_keys<'d>(
    properties: &mut [Js<'d>],
    doc: &'d Value,
    visits: &[Visit<'d>],
    config: &Config,
) {
    for visit in visits {
        let keys = query_keys(doc, &visit.operation);
        if keys.is_empty() {
            continue;
        }
        let Some(value) = operation_value(visit, config) else {
            continue;
        };
        for property in properties.iter_mut() {
            if !is_operation_property(property) {
                continue;
            }
            let Js::Object(map) = property else { continue };
            let Some(Js::Array(options)) = map.get_mut("options") else {
                continue;
            };
            for option in options.iter_mut() {
                if option.field("value").map(|v| v.to_js_string()).as_deref()
                    != Some(value.as_str())
                {
                    continue;
                }
                let Js::Object(option) = option else { continue };
                let Some(Js::Object(routing)) = option.get_mut("routing") else {
                    continue;
                };
                let Some(Js::Object(request)) = routing.get_mut("request") else {
                    continue;
                };
                let mut qs = match request.get("qs") {
                    Some(Js::Object(qs)) => qs.clone(),
                    _ => Default::default(),
                };
                for key in &keys {
                    qs.insert(key.clone(), string("={{ $credentials.apiKey }}"));
                }
                request.insert("qs", Js::Object(qs));
            }
        }
    }
}

fn whole_array_bodies(properties: &mut [Js<'_>]) {
    for field in properties.iter_mut() {
        let is_array_body = is(field, "name", "body")
            && field
                .field("routing")
                .and_then(|r| r.field("request"))
                .and_then(|r| r.field("body"))
                .is_some();
        if !is_array_body {
            continue;
        }
        let Js::Object(map) = field else { continue };
        let json_text = map.get("type").and_then(|t| t.as_str()) == Some("json");
        let item = match map.get("default") {
            Some(Js::String(text)) if json_text => serde_json::from_str::<Value>(text)
                .map_or_else(|_| Js::String(text.clone()), |v| Js::from_json(&v)),
            Some(value) => value.clone(),
            None => Js::Undefined,
        };
        let whole = Js::Array(vec![item]);
        map.insert("type", string("json"));
        map.insert(
            "default",
            string(whole.stringify().unwrap_or_else(|| "[]".into())),
        );
        map.shift_remove("options");
    }
}

/// A local `$ref` followed to its target (a few hops at most).
fn follow<'v>(doc: &'v Value, mut value: &'v Value) -> &'v Value {
    for _ in 0..8 {
        let Some(target) = value
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|reference| crate::pointer::resolve_local(doc, reference))
        else {
            break;
        };
        value = target;
    }
    value
}

/// The query parameter names of one operation (its own and its path's)
/// that the document gives no `default` or `example`, and that are optional.
fn queries_without_default(doc: &Value, visit: &Visit<'_>) -> Vec<String> {
    let operation = visit.operation.to_json().unwrap_or(Value::Null);
    let path_level = doc
        .get("paths")
        .and_then(|paths| paths.get(visit.pattern))
        .and_then(|item| item.get("parameters"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let own = operation
        .get("parameters")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    own.iter()
        .chain(&path_level)
        .map(|parameter| follow(doc, parameter))
        .filter(|parameter| {
            let schema = parameter.get("schema").map(|s| follow(doc, s));
            let given =
                |value: Option<&Value>, key: &str| value.is_some_and(|v| v.get(key).is_some());
            parameter.get("in").and_then(Value::as_str) == Some("query")
                && parameter.get("required").and_then(Value::as_bool) != Some(true)
                && !given(Some(parameter), "example")
                && !given(schema, "default")
                && !given(schema, "example")
        })
        .filter_map(|parameter| {
            parameter
                .get("name")
                .and_then(Value::as_str)
                .map(str::to_owned)
        })
        .collect()
}

fn unset_queries_unsent<'d>(
    properties: &mut [Js<'d>],
    doc: &'d Value,
    visits: &[Visit<'d>],
    config: &Config,
) {
    // (resource, operation value) → query names without a document default.
    let mut unset: HashMap<(String, String), Vec<String>> = HashMap::new();
    for visit in visits {
        let Some(value) = operation_value(visit, config) else {
            continue;
        };
        let names = queries_without_default(doc, visit);
        for tag in &visit.tags {
            if let Ok(resource) = config.resource.value(tag) {
                unset
                    .entry((resource, value.clone()))
                    .or_default()
                    .extend(names.iter().cloned());
            }
        }
    }
    for field in properties.iter_mut() {
        let Some(key) = show_key(field) else { continue };
        let Some(names) = unset.get(&key) else {
            continue;
        };
        let Some(send) = field.field("routing").and_then(|r| r.field("send")) else {
            continue;
        };
        let property = send.field("property").map(|p| p.to_js_string());
        let is_unset_query = is(&send, "type", "query")
            && is(&send, "value", "={{ $value }}")
            && property.is_some_and(|p| names.contains(&p))
            && !field.field("required").is_some_and(|r| r.truthy());
        let made_up = match (
            field
                .field("type")
                .and_then(|t| t.as_str().map(str::to_owned)),
            field.field("default"),
        ) {
            (Some(kind), Some(default))
                if matches!(kind.as_str(), "number" | "string" | "boolean") =>
            {
                default.stringify()
            }
            _ => None,
        };
        let (true, Some(made_up)) = (is_unset_query, made_up) else {
            continue;
        };
        let Js::Object(map) = field else { continue };
        let Some(Js::Object(routing)) = map.get_mut("routing") else {
            continue;
        };
        let Some(Js::Object(send)) = routing.get_mut("send") else {
            continue;
        };
        send.insert(
            "value",
            string(format!(
                "={{{{ $value === {made_up} ? undefined : $value }}}}"
            )),
        );
    }
}
