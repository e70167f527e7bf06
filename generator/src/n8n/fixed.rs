//! The fixed mode: the package's output shape without its known defects.
//! Each repair is a documented departure from exact parity. They are held
//! to what n8n really does by `tests/tests/n8n_routing.rs`, which runs the
//! properties through n8n's own engine (n8n-core's `RoutingNode`).
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
//! 4. **Per-operation security, where n8n resolves credentials.** An
//!    operation whose security puts an API key in the query (the SSE route's
//!    `api_key`) gets a hidden field shown for it alone, whose
//!    `routing.send` puts `={{ $credentials.apiKey }}` in the query (the
//!    credential's field is assumed to be `apiKey`, as in the package's
//!    README and in `xtask n8n-node`'s credentials). n8n evaluates an
//!    operation option's own routing without `$credentials` (n8n-core's
//!    `routing-node.js` passes only `$value` and `$version` there), so the
//!    key cannot go on the option; a field's routing gets them.
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
//! 7. **No invented body values.** n8n sends every body field shown, and the
//!    package gives each a value: the document's example or one of its own
//!    (Download Message Media sent 18 fields the user never set: `pkId: 0`,
//!    `starred: true`, four example timestamps, two example Buffers; Add
//!    Session sent `readIncomingMessages: true` where the server's default
//!    is false). An optional body property (not in the schema's `required`)
//!    without a `default` in the document starts empty and is sent only when
//!    the user gives it a value: a string or JSON field starts at `""` (the
//!    example moves to its `placeholder`), a boolean at `false` (an unset
//!    flag is the server's own default), a number at `0`; its routing value
//!    is `undefined` (left out of the JSON body) while it holds that empty
//!    value. Required properties, properties with a document default and
//!    enum fields are sent as before.
//! 8. **Binary answers as n8n binary data.** An operation whose success
//!    answer is bytes (no JSON or text media type: `image/*`,
//!    `application/octet-stream`, ...) asks n8n for an `arraybuffer` and
//!    its option's `routing.output.postReceive` makes the item's `json`
//!    `{mimeType: <the answer's Content-Type>}` and stores the bytes as its
//!    binary property `data` (n8n's `setKeyValue`, then `binaryData`, which
//!    reads the file type from the bytes). The package left the bytes
//!    decoded as text in `json`, with no binary property.
//! 9. **Arrays of scalars as one object per item.** n8n items are objects;
//!    an array answer of strings or numbers (the blocked numbers) became
//!    items whose `json` is a bare string. Its option's `postReceive` makes
//!    one item `{value: <item>}` per element (n8n's `set`, then
//!    `rootProperty`).
//! 10. **Event streams read as items.** n8n cannot stream: its request
//!     reads a whole answer. An operation answering `text/event-stream`
//!     asks for it (`Accept: text/event-stream`) and its option's
//!     `postReceive` turns the events read into one item per event (each
//!     `data:` line's JSON, or `{data: <text>}`), up to and including the
//!     first that asks the user to act or says the stream succeeded: a `qr`
//!     code or `connection: "open"` (an `error` event is an item too). These
//!     properties alone wait for the stream to end; the node that
//!     `xtask n8n-node` writes reads the stream as it comes and stops at
//!     that event, or after `SSE_TIMEOUT_MS` with the events so far.

use std::collections::HashMap;

use serde_json::Value;

use super::builder::Visit;
use super::config::Config;
use super::js::{Js, string};
use super::parsers::OperationContext;

pub(crate) fn repair<'d>(
    properties: &mut Vec<Js<'d>>,
    doc: &'d Value,
    visits: &[Visit<'d>],
    config: &Config,
) {
    unique_field_names(properties);
    drop_empty_resources(properties);
    query_api_keys(properties, doc, visits, config);
    whole_array_bodies(properties);
    unset_queries_unsent(properties, doc, visits, config);
    unset_bodies_unsent(properties, doc, visits, config);
    answers_as_items(properties, doc, visits, config);
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

/// The Resource values an operation is listed under.
fn resources_of(visit: &Visit<'_>, config: &Config) -> Vec<String> {
    visit
        .tags
        .iter()
        .filter_map(|tag| config.resource.value(tag).ok())
        .collect()
}

fn query_api_keys<'d>(
    properties: &mut Vec<Js<'d>>,
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
        let resources = resources_of(visit, config);
        for key in &keys {
            properties.push(Js::from_json(&serde_json::json!({
                "displayName": format!("API Key in Query ({key})"),
                "name": format!("{key}_credential"),
                "type": "hidden",
                "default": "",
                "routing": {"send": {
                    "type": "query",
                    "property": key,
                    "propertyInDotNotation": false,
                    "value": "={{ $credentials.apiKey }}",
                }},
                "displayOptions": {"show": {"resource": resources, "operation": [value]}},
            })));
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
        for resource in resources_of(visit, config) {
            unset
                .entry((resource, value.clone()))
                .or_default()
                .extend(names.iter().cloned());
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

/// The JSON request body schema of an operation, `$ref`s followed.
fn json_body_schema<'v>(doc: &'v Value, operation: &'v Value) -> Option<&'v Value> {
    let body = follow(doc, operation.get("requestBody")?);
    let content = body.get("content")?.as_object()?;
    let (_, media) = content.iter().find(|(kind, _)| kind.contains("json"))?;
    Some(follow(doc, media.get("schema")?))
}

/// The optional properties of an operation's JSON body that the document
/// gives no `default`.
fn body_properties_without_default(doc: &Value, operation: &Value) -> Vec<String> {
    let Some(schema) = json_body_schema(doc, operation) else {
        return Vec::new();
    };
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|names| names.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
        return Vec::new();
    };
    properties
        .iter()
        .filter(|(name, _)| !required.contains(&name.as_str()))
        .filter(|(_, property)| follow(doc, property).get("default").is_none())
        .map(|(name, _)| name.clone())
        .collect()
}

fn unset_bodies_unsent<'d>(
    properties: &mut [Js<'d>],
    doc: &'d Value,
    visits: &[Visit<'d>],
    config: &Config,
) {
    let mut unset: HashMap<(String, String), Vec<String>> = HashMap::new();
    for visit in visits {
        let Some(value) = operation_value(visit, config) else {
            continue;
        };
        let operation = visit.operation.to_json().unwrap_or(Value::Null);
        let names = body_properties_without_default(doc, &operation);
        for resource in resources_of(visit, config) {
            unset
                .entry((resource, value.clone()))
                .or_default()
                .extend(names.iter().cloned());
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
        let sent_as_is = is(&send, "value", "={{ $value }}");
        let sent_parsed = is(&send, "value", "={{ JSON.parse($value) }}");
        if !is(&send, "type", "body")
            || !property.is_some_and(|p| names.contains(&p))
            || field.field("required").is_some_and(|r| r.truthy())
            || !(sent_as_is || sent_parsed)
        {
            continue;
        }
        let kind = field
            .field("type")
            .and_then(|t| t.as_str().map(str::to_owned));
        let (empty, test, parse) = match (kind.as_deref(), sent_parsed) {
            (Some("string"), false) => (Js::String("".into()), "\"\"", false),
            (Some("json"), true) => (Js::String("".into()), "\"\"", true),
            (Some("boolean"), false) => (Js::Bool(false), "false", false),
            (Some("number"), false) => (Js::Number(0.0), "0", false),
            _ => continue,
        };
        let example = field
            .field("default")
            .filter(|d| !d.same(&empty) && !matches!(d, Js::Bool(_)))
            .map(|d| d.to_js_string());
        let Js::Object(map) = field else { continue };
        map.insert("default", empty);
        if let Some(example) = example {
            map.insert("placeholder", string(example));
        }
        let sent = if parse {
            "JSON.parse($value)"
        } else {
            "$value"
        };
        if let Some(Js::Object(routing)) = map.get_mut("routing") {
            if let Some(Js::Object(send)) = routing.get_mut("send") {
                send.insert(
                    "value",
                    string(format!("={{{{ $value === {test} ? undefined : {sent} }}}}")),
                );
            }
        }
    }
}

/// How n8n should read an operation's success answer, when not as JSON
/// objects.
enum Answer {
    /// Bytes, with the media types the document lists.
    Binary(Vec<String>),
    /// A JSON array of strings, numbers or booleans.
    Scalars,
    /// `text/event-stream`.
    Events,
}

fn answer_of(doc: &Value, operation: &Value) -> Option<Answer> {
    let responses = operation.get("responses")?.as_object()?;
    let (_, response) = responses
        .iter()
        .find(|(code, _)| code.starts_with('2') || code.eq_ignore_ascii_case("2XX"))?;
    let content = follow(doc, response).get("content")?.as_object()?;
    let kinds: Vec<String> = content.keys().map(|k| k.to_ascii_lowercase()).collect();
    if let Some((_, media)) = content
        .iter()
        .find(|(kind, _)| kind.to_ascii_lowercase().contains("json"))
    {
        let schema = follow(doc, media.get("schema")?);
        let items = follow(doc, schema.get("items")?);
        let scalar = |schema: &Value| {
            matches!(
                schema.get("type").and_then(Value::as_str),
                Some("string" | "number" | "integer" | "boolean")
            )
        };
        return (schema.get("type").and_then(Value::as_str) == Some("array") && scalar(items))
            .then_some(Answer::Scalars);
    }
    if kinds.iter().any(|k| k.starts_with("text/event-stream")) {
        return Some(Answer::Events);
    }
    if kinds.is_empty() || kinds.iter().any(|k| k.starts_with("text/")) {
        return None;
    }
    Some(Answer::Binary(content.keys().cloned().collect()))
}

/// The n8n expression that turns an event stream's text into
/// `{items: [event...]}`, up to the first event that ends the wait
/// (repair 10).
const EVENTS_EXPRESSION: &str = "={{ { \"items\": (() => { \
const events = String($response.body).split(/\\r?\\n\\r?\\n/)\
.map(block => block.split(/\\r?\\n/).filter(line => line.startsWith(\"data:\"))\
.map(line => line.slice(5).replace(/^ /, \"\")).join(\"\\n\"))\
.filter(data => data !== \"\")\
.map(data => { try { const event = JSON.parse(data); \
return event !== null && typeof event === \"object\" && !Array.isArray(event) ? event : { \"data\": event }; } \
catch (error) { return { \"data\": data }; } }); \
const last = events.findIndex(event => event.qr !== undefined || event.connection === \"open\"); \
return last < 0 ? events : events.slice(0, last + 1); })() } }}";

fn answers_as_items<'d>(
    properties: &mut [Js<'d>],
    doc: &'d Value,
    visits: &[Visit<'d>],
    config: &Config,
) {
    for visit in visits {
        let operation = visit.operation.to_json().unwrap_or(Value::Null);
        let Some(answer) = answer_of(doc, &operation) else {
            continue;
        };
        let Some(value) = operation_value(visit, config) else {
            continue;
        };
        let resources = resources_of(visit, config);
        let (request, post_receive) = match answer {
            Answer::Binary(kinds) => (
                serde_json::json!({"encoding": "arraybuffer", "json": false,
                    "headers": {"Accept": kinds.join(", ")}}),
                serde_json::json!([
                    {"type": "setKeyValue", "properties": {"mimeType":
                        "={{ $response.headers[\"content-type\"] }}"}},
                    {"type": "binaryData", "properties": {"destinationProperty": "data"}},
                ]),
            ),
            Answer::Scalars => (
                serde_json::json!({}),
                serde_json::json!([
                    {"type": "set", "properties": {"value":
                        "={{ { \"items\": $response.body.map(value => ({ \"value\": value })) } }}"}},
                    {"type": "rootProperty", "properties": {"property": "items"}},
                ]),
            ),
            Answer::Events => (
                serde_json::json!({"headers": {"Accept": "text/event-stream"}}),
                serde_json::json!([
                    {"type": "set", "properties": {"value": EVENTS_EXPRESSION}},
                    {"type": "rootProperty", "properties": {"property": "items"}},
                ]),
            ),
        };
        for property in properties.iter_mut() {
            if !is_operation_property(property) {
                continue;
            }
            let listed = first_of(
                property
                    .field("displayOptions")
                    .and_then(|d| d.field("show"))
                    .and_then(|s| s.field("resource")),
            );
            if !listed.is_some_and(|r| resources.contains(&r)) {
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
                if let Some(Js::Object(target)) = routing.get_mut("request") {
                    if let Value::Object(extra) = &request {
                        for (key, value) in extra {
                            target.insert(key.clone(), Js::from_json(value));
                        }
                    }
                }
                routing.insert(
                    "output",
                    Js::from_json(&serde_json::json!({"postReceive": post_receive})),
                );
            }
        }
    }
}
