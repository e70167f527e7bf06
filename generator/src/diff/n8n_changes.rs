//! Changes for saved n8n workflows: a workflow stores the resource and
//! operation option values it uses and its field values by field name (and,
//! for an options field, one of its option values). The node properties
//! both documents give are compared in those terms; an operation whose
//! value changed is recognised by its route (method and URL).

use std::collections::BTreeMap;

use serde_json::Value;

use super::{Audience, Change, Side, shown};

/// One operation of the node: its resource, option value and route.
#[derive(Debug, Clone)]
struct N8nOperation {
    resource: String,
    value: String,
    /// `GET /{phone}/chats`, from the routing.
    route: String,
}

/// One field shown for an operation.
#[derive(Debug, Clone)]
struct N8nField {
    name: String,
    kind: String,
    required: bool,
    has_default: bool,
    options: Vec<String>,
}

#[derive(Debug, Default)]
struct Node {
    resources: Vec<String>,
    operations: Vec<N8nOperation>,
    /// (resource, operation value) → fields.
    fields: BTreeMap<(String, String), Vec<N8nField>>,
}

fn strings(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|v| match v {
                Value::String(s) => Some(s.clone()),
                Value::Number(_) | Value::Bool(_) => Some(v.to_string()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn option_values(property: &Value) -> Vec<String> {
    property
        .get("options")
        .and_then(Value::as_array)
        .map(|options| {
            options
                .iter()
                .filter_map(|o| o.get("value"))
                .map(|v| match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// `=/{{$parameter["phone"]}}/chats` → `/{phone}/chats`.
fn route_path(url: &str) -> String {
    let url = url.strip_prefix('=').unwrap_or(url);
    let mut out = String::new();
    let mut rest = url;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            out.push_str(&rest[start..]);
            rest = "";
            break;
        };
        let inner = &after[..end];
        let name = inner.split('"').nth(1).unwrap_or(inner.trim()).to_owned();
        out.push('{');
        out.push_str(&name);
        out.push('}');
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

fn node(properties: &Value) -> Node {
    let mut node = Node::default();
    let Some(properties) = properties.as_array() else {
        return node;
    };
    for property in properties {
        let name = property
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let show = property.pointer("/displayOptions/show");
        let resources = strings(show.and_then(|s| s.get("resource")));
        if name == "resource" && show.is_none() {
            node.resources = option_values(property);
            continue;
        }
        if name == "operation" {
            for resource in &resources {
                for option in property
                    .get("options")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    let value = match option.get("value") {
                        Some(Value::String(s)) => s.clone(),
                        Some(other) => other.to_string(),
                        None => continue,
                    };
                    let request = option.pointer("/routing/request");
                    let method = request
                        .and_then(|r| r.get("method"))
                        .and_then(Value::as_str)
                        .unwrap_or("GET");
                    let url = request
                        .and_then(|r| r.get("url"))
                        .and_then(Value::as_str)
                        .unwrap_or_default();
                    node.operations.push(N8nOperation {
                        resource: resource.clone(),
                        value,
                        route: format!("{} {}", method.to_ascii_uppercase(), route_path(url)),
                    });
                }
            }
            continue;
        }
        let operations = strings(show.and_then(|s| s.get("operation")));
        let kind = property
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if kind == "notice" {
            continue;
        }
        let field = N8nField {
            name: name.to_owned(),
            kind: kind.to_owned(),
            required: property.get("required").and_then(Value::as_bool) == Some(true),
            has_default: property
                .get("default")
                .is_some_and(|d| !d.is_null() && d != "" && d != &Value::Array(Vec::new())),
            options: option_values(property),
        };
        for resource in &resources {
            for operation in &operations {
                node.fields
                    .entry((resource.clone(), operation.clone()))
                    .or_default()
                    .push(field.clone());
            }
        }
    }
    node
}

pub(super) fn changes(old: &Side, new: &Side, out: &mut Vec<Change>) {
    let (a, b) = (node(&old.n8n), node(&new.n8n));
    // The document's operation at a route, for the pointers.
    let pointer_of = |side: &Side, route: &str| {
        side.model
            .operations
            .iter()
            .find(|op| format!("{} {}", op.method.as_str(), op.path) == route)
            .map(|op| shown(&op.pointer))
    };
    let mut push =
        |kind: &'static str, breaking: bool, item: String, message: String, old_at, new_at| {
            out.push(Change {
                audience: Audience::N8n,
                kind,
                breaking,
                item,
                message,
                old: old_at,
                new: new_at,
            });
        };
    for resource in &a.resources {
        if !b.resources.contains(resource) {
            push(
                "n8n-resource-removed",
                true,
                resource.clone(),
                format!(
                    "resource \"{resource}\" is no longer an option: workflows using it lose it"
                ),
                None,
                None,
            );
        }
    }
    for resource in &b.resources {
        if !a.resources.contains(resource) {
            push(
                "n8n-resource-added",
                false,
                resource.clone(),
                format!("resource \"{resource}\" added"),
                None,
                None,
            );
        }
    }
    // Operations: the same resource and value, else the same route.
    let mut taken = vec![false; b.operations.len()];
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut unmatched = Vec::new();
    for (i, op) in a.operations.iter().enumerate() {
        match b
            .operations
            .iter()
            .enumerate()
            .position(|(j, o)| !taken[j] && o.resource == op.resource && o.value == op.value)
        {
            Some(j) => {
                taken[j] = true;
                pairs.push((i, j));
            }
            None => unmatched.push(i),
        }
    }
    for i in unmatched {
        let op = &a.operations[i];
        let old_at = pointer_of(old, &op.route);
        let item = format!("{} / {}", op.resource, op.value);
        match b
            .operations
            .iter()
            .enumerate()
            .position(|(j, o)| !taken[j] && o.route == op.route)
        {
            Some(j) => {
                taken[j] = true;
                let other = &b.operations[j];
                push(
                    "n8n-operation-renamed",
                    true,
                    item,
                    format!(
                        "{} is now \"{} / {}\": saved workflows that use \"{}\" no longer find their operation or its field values",
                        op.route, other.resource, other.value, op.value
                    ),
                    old_at,
                    pointer_of(new, &other.route),
                );
                pairs.push((i, j));
            }
            None => push(
                "n8n-operation-removed",
                true,
                item,
                format!("operation \"{}\" ({}) removed", op.value, op.route),
                old_at,
                None,
            ),
        }
    }
    for (j, op) in b.operations.iter().enumerate() {
        if !taken[j] {
            push(
                "n8n-operation-added",
                false,
                format!("{} / {}", op.resource, op.value),
                format!("operation \"{}\" ({}) added", op.value, op.route),
                None,
                pointer_of(new, &op.route),
            );
        }
    }
    pairs.sort_unstable();
    for (i, j) in pairs {
        let (oa, ob) = (&a.operations[i], &b.operations[j]);
        let empty = Vec::new();
        let fa = a
            .fields
            .get(&(oa.resource.clone(), oa.value.clone()))
            .unwrap_or(&empty);
        let fb = b
            .fields
            .get(&(ob.resource.clone(), ob.value.clone()))
            .unwrap_or(&empty);
        let (old_at, new_at) = (pointer_of(old, &oa.route), pointer_of(new, &ob.route));
        let item = |field: &str| format!("{} / {} / {}", ob.resource, ob.value, field);
        for field in fa {
            match fb.iter().find(|f| f.name == field.name) {
                None => push(
                    "n8n-field-removed",
                    true,
                    item(&field.name),
                    format!(
                        "field `{}` removed: saved values of it are dropped",
                        field.name
                    ),
                    old_at.clone(),
                    new_at.clone(),
                ),
                Some(other) => {
                    if other.kind != field.kind {
                        push(
                            "n8n-field-type-changed",
                            true,
                            item(&field.name),
                            format!(
                                "field `{}` is of type {} instead of {}",
                                field.name, other.kind, field.kind
                            ),
                            old_at.clone(),
                            new_at.clone(),
                        );
                    }
                    if other.required && !field.required && !other.has_default {
                        push(
                            "n8n-field-now-required",
                            true,
                            item(&field.name),
                            format!("field `{}` is now required and has no default", field.name),
                            old_at.clone(),
                            new_at.clone(),
                        );
                    }
                    for value in &field.options {
                        if !other.options.contains(value) {
                            push(
                                "n8n-option-removed",
                                true,
                                item(&field.name),
                                format!("option \"{value}\" of `{}` removed", field.name),
                                old_at.clone(),
                                new_at.clone(),
                            );
                        }
                    }
                    for value in &other.options {
                        if !field.options.contains(value) {
                            push(
                                "n8n-option-added",
                                false,
                                item(&field.name),
                                format!("option \"{value}\" of `{}` added", field.name),
                                old_at.clone(),
                                new_at.clone(),
                            );
                        }
                    }
                }
            }
        }
        for field in fb {
            if fa.iter().any(|f| f.name == field.name) {
                continue;
            }
            let breaking = field.required && !field.has_default;
            push(
                "n8n-field-added",
                breaking,
                item(&field.name),
                if breaking {
                    format!(
                        "required field `{}` added, without a default: saved workflows do not set it",
                        field.name
                    )
                } else {
                    format!("field `{}` added", field.name)
                },
                old_at.clone(),
                new_at.clone(),
            );
        }
    }
}
