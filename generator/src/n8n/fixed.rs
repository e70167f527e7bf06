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

use std::collections::HashMap;

use super::builder::VisitSummary;
use super::config::Config;
use super::js::{Js, string};
use super::parsers::OperationContext;

pub(crate) fn repair(properties: &mut [Js], doc: &Js, visits: &[VisitSummary], config: &Config) {
    unique_field_names(properties);
    drop_empty_resources(properties);
    query_api_keys(properties, doc, visits, config);
    whole_array_bodies(properties);
}

fn show_key(field: &Js) -> Option<(String, String)> {
    let show = field.field("displayOptions")?.field("show")?;
    let first = |key: &str| match show.field(key) {
        Some(Js::Array(items)) => items.first().map(Js::to_js_string),
        _ => None,
    };
    Some((first("resource")?, first("operation")?))
}

fn unique_field_names(properties: &mut [Js]) {
    let mut seen: HashMap<(String, String), HashMap<String, usize>> = HashMap::new();
    for field in properties.iter_mut() {
        let Some(key) = show_key(field) else { continue };
        if matches!(field.field("type"), Some(Js::String(t)) if t == "notice") {
            continue;
        }
        let Some(Js::String(name)) = field.field("name").cloned() else {
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
                map.insert("name".into(), string(format!("{name}_{count}")));
            }
        }
    }
}

fn drop_empty_resources(properties: &mut [Js]) {
    let with_operations: Vec<String> = properties
        .iter()
        .filter(|p| {
            matches!(p.field("name"), Some(Js::String(n)) if n == "operation")
                && matches!(p.field("type"), Some(Js::String(t)) if t == "options")
        })
        .filter_map(|p| {
            match p
                .field("displayOptions")?
                .field("show")?
                .field("resource")?
            {
                Js::Array(items) => items.first().map(Js::to_js_string),
                _ => None,
            }
        })
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
fn query_keys(doc: &Js, operation: &Js) -> Vec<String> {
    let security = match operation.field("security") {
        Some(security) => security.clone(),
        None => doc.field("security").cloned().unwrap_or(Js::Undefined),
    };
    let Js::Array(alternatives) = security else {
        return Vec::new();
    };
    let Some(Js::Object(first)) = alternatives.first() else {
        return Vec::new();
    };
    let schemes = doc
        .field("components")
        .and_then(|c| c.field("securitySchemes"));
    first
        .keys()
        .filter_map(|scheme| {
            let scheme = schemes?.field(scheme)?;
            let is = |key: &str, value: &str| matches!(scheme.field(key), Some(Js::String(v)) if v == value);
            (is("type", "apiKey") && is("in", "query")).then(|| scheme.field("name").map(Js::to_js_string))?
        })
        .collect()
}

fn query_api_keys(properties: &mut [Js], doc: &Js, visits: &[VisitSummary], config: &Config) {
    for visit in visits {
        let keys = query_keys(doc, &visit.operation);
        if keys.is_empty() {
            continue;
        }
        let context = OperationContext {
            pattern: &visit.pattern,
            method: &visit.method,
        };
        let Ok(value) = config.operation.value(&visit.operation, context) else {
            continue;
        };
        for property in properties.iter_mut() {
            let is_operation_property = matches!(property.field("type"), Some(Js::String(t)) if t == "options")
                && matches!(property.field("name"), Some(Js::String(n)) if n == "operation");
            if !is_operation_property {
                continue;
            }
            let Js::Object(map) = property else { continue };
            let Some(Js::Array(options)) = map.get_mut("options") else {
                continue;
            };
            for option in options.iter_mut() {
                if option.field("value").map(Js::to_js_string).as_deref() != Some(value.as_str()) {
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
                request.insert("qs".into(), Js::Object(qs));
            }
        }
    }
}

fn whole_array_bodies(properties: &mut [Js]) {
    for field in properties.iter_mut() {
        let is_array_body = matches!(field.field("name"), Some(Js::String(n)) if n == "body")
            && field
                .field("routing")
                .and_then(|r| r.field("request"))
                .and_then(|r| r.field("body"))
                .is_some();
        if !is_array_body {
            continue;
        }
        let Js::Object(map) = field else { continue };
        let item = match (map.get("type"), map.get("default")) {
            (Some(Js::String(t)), Some(Js::String(text))) if t == "json" => {
                serde_json::from_str::<serde_json::Value>(text)
                    .map_or_else(|_| Js::String(text.clone()), |v| Js::from_json(&v))
            }
            (_, Some(value)) => value.clone(),
            (_, None) => Js::Undefined,
        };
        let whole = Js::Array(vec![item]);
        map.insert("type".into(), string("json"));
        map.insert(
            "default".into(),
            string(whole.stringify().unwrap_or_else(|| "[]".into())),
        );
        map.shift_remove("options");
    }
}
