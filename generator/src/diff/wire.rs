//! Changes on the wire: what a client built from the old document sends
//! and reads, against a server that follows the new one. Requests break
//! when the server wants more (a new required parameter or body field, a
//! value it no longer accepts); responses break when the client wants what
//! the server no longer promises (a field no longer required). A response
//! field that becomes required is noted: a client built from the new
//! document cannot read an older server's answers without it.

use std::collections::HashSet;

use super::{Audience, Change, shown};
use crate::model::{
    MAX_REF_CHAIN, MediaType, Model, Operation, ParameterLocation, Schema, SchemaKind, SchemaRef,
    SecurityScheme,
};
use crate::pointer;

/// Which way a body goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Way {
    Request,
    Response,
}

struct Walk<'a> {
    old: &'a Model,
    new: &'a Model,
    item: String,
    seen: HashSet<(String, String, Way)>,
    out: &'a mut Vec<Change>,
}

impl Walk<'_> {
    fn push(&mut self, kind: &'static str, breaking: bool, message: String, old: &str, new: &str) {
        self.out.push(Change {
            audience: Audience::Wire,
            kind,
            breaking,
            item: self.item.clone(),
            message,
            old: Some(shown(old)),
            new: Some(shown(new)),
        });
    }
}

pub(super) fn changes(old: &Model, new: &Model, pairs: &[(usize, usize)], out: &mut Vec<Change>) {
    let matched_old: HashSet<usize> = pairs.iter().map(|p| p.0).collect();
    let matched_new: HashSet<usize> = pairs.iter().map(|p| p.1).collect();
    for (i, op) in old.operations.iter().enumerate() {
        if !matched_old.contains(&i) {
            out.push(Change {
                audience: Audience::Wire,
                kind: "route-removed",
                breaking: true,
                item: route(op),
                message: "the server no longer serves this route".to_owned(),
                old: Some(shown(&op.pointer)),
                new: None,
            });
        }
    }
    for (j, op) in new.operations.iter().enumerate() {
        if !matched_new.contains(&j) {
            out.push(Change {
                audience: Audience::Wire,
                kind: "route-added",
                breaking: false,
                item: route(op),
                message: "a new route".to_owned(),
                old: None,
                new: Some(shown(&op.pointer)),
            });
        }
    }
    let mut walk = Walk {
        old,
        new,
        item: String::new(),
        seen: HashSet::new(),
        out,
    };
    for &(i, j) in pairs {
        operation(&mut walk, &old.operations[i], &new.operations[j]);
    }
}

fn route(op: &Operation) -> String {
    format!("{} {}", op.method.as_str(), op.path)
}

fn operation(walk: &mut Walk<'_>, a: &Operation, b: &Operation) {
    walk.item = route(a);
    let (pa, pb) = (a.pointer.as_str(), b.pointer.as_str());
    if a.method != b.method || a.path != b.path {
        walk.push(
            "route-changed",
            true,
            format!("now {}: the old route is not served", route(b)),
            pa,
            pb,
        );
    }
    // Parameters by name and place.
    for param in &a.parameters {
        let other = b
            .parameters
            .iter()
            .find(|p| p.name == param.name && p.location == param.location);
        match other {
            None => walk.push(
                "parameter-removed",
                false,
                format!(
                    "{} parameter `{}` no longer read by the server",
                    param.location.as_str(),
                    param.name
                ),
                pa,
                pb,
            ),
            Some(other) => {
                if other.required && !param.required {
                    walk.push(
                        "parameter-now-required",
                        true,
                        format!(
                            "{} parameter `{}` is now required",
                            param.location.as_str(),
                            param.name
                        ),
                        pa,
                        pb,
                    );
                }
                walk.item = format!(
                    "{} ({} `{}`)",
                    route(a),
                    param.location.as_str(),
                    param.name
                );
                schema(walk, &param.schema, &other.schema, Way::Request, pa, pb, 0);
                walk.item = route(a);
            }
        }
    }
    for param in &b.parameters {
        if a.parameters
            .iter()
            .any(|p| p.name == param.name && p.location == param.location)
        {
            continue;
        }
        if param.location == ParameterLocation::Cookie && !param.required {
            continue;
        }
        walk.push(
            if param.required {
                "required-parameter-added"
            } else {
                "optional-parameter-added"
            },
            param.required,
            format!(
                "{} {} parameter `{}` added",
                if param.required {
                    "required"
                } else {
                    "optional"
                },
                param.location.as_str(),
                param.name
            ),
            pa,
            pb,
        );
    }
    // Request body.
    match (&a.request_body, &b.request_body) {
        (None, Some(body)) if body.required => walk.push(
            "request-body-added",
            true,
            "the server now requires a request body".to_owned(),
            pa,
            pb,
        ),
        (Some(old), Some(new)) => {
            if new.required && !old.required {
                walk.push(
                    "request-body-now-required",
                    true,
                    "the request body is now required".to_owned(),
                    pa,
                    pb,
                );
            }
            media(
                walk,
                &old.content,
                &new.content,
                Way::Request,
                &format!("{pa}/requestBody"),
                &format!("{pb}/requestBody"),
            );
        }
        _ => {}
    }
    // Success responses, by status.
    for response in a.success_responses() {
        let Some(other) = b
            .success_responses()
            .into_iter()
            .find(|r| r.status == response.status)
        else {
            let now: Vec<String> = b
                .success_responses()
                .iter()
                .map(|r| format!("{:?}", r.status))
                .collect();
            walk.push(
                "success-status-changed",
                true,
                format!(
                    "success status {:?} is no longer answered (now {})",
                    response.status,
                    now.join(", ")
                ),
                pa,
                pb,
            );
            continue;
        };
        let status = match response.status {
            crate::model::StatusCode::Code(c) => c.to_string(),
            crate::model::StatusCode::Range(c) => format!("{c}XX"),
            crate::model::StatusCode::Default => "default".to_owned(),
        };
        media(
            walk,
            &response.content,
            &other.content,
            Way::Response,
            &format!("{pa}/responses/{status}"),
            &format!("{pb}/responses/{status}"),
        );
    }
    // Credentials.
    let placements = |model: &Model, op: &Operation| -> Vec<String> {
        let mut out: Vec<String> = op
            .security
            .iter()
            .flat_map(|r| &r.schemes)
            .filter_map(|(name, _)| model.security_schemes.get(name).map(|s| (name, s)))
            .map(|(name, scheme)| match scheme {
                SecurityScheme::ApiKey {
                    location,
                    name: key,
                    ..
                } => {
                    format!("API key `{key}` in the {}", location.as_str())
                }
                SecurityScheme::Http { scheme, .. } => format!("HTTP {scheme}"),
                _ => format!("`{name}`"),
            })
            .collect();
        out.sort();
        out.dedup();
        out
    };
    let (old_auth, new_auth) = (placements(walk.old, a), placements(walk.new, b));
    if old_auth != new_auth {
        let words = |v: &[String]| {
            if v.is_empty() {
                "none".to_owned()
            } else {
                v.join(" or ")
            }
        };
        walk.push(
            "auth-placement-changed",
            !new_auth.is_empty(),
            format!(
                "credentials: {} instead of {}",
                words(&new_auth),
                words(&old_auth)
            ),
            pa,
            pb,
        );
    }
}

/// A body's media types: the client's choice (JSON first) must still be
/// there, and its schema compared.
fn media(walk: &mut Walk<'_>, old: &[MediaType], new: &[MediaType], way: Way, pa: &str, pb: &str) {
    let pick = |content: &[MediaType]| -> Option<usize> {
        content
            .iter()
            .position(MediaType::is_json)
            .or(if content.is_empty() { None } else { Some(0) })
    };
    let (Some(i), Some(_)) = (pick(old), pick(new)) else {
        if pick(old).is_some() != pick(new).is_some() {
            walk.push(
                "body-changed",
                true,
                format!(
                    "the {} {}",
                    if way == Way::Request {
                        "request"
                    } else {
                        "response"
                    },
                    if pick(old).is_some() {
                        "no longer has a body"
                    } else {
                        "now has a body"
                    }
                ),
                pa,
                pb,
            );
        }
        return;
    };
    let essence = old[i].essence();
    let Some(other) = new.iter().find(|m| m.essence() == essence) else {
        walk.push(
            "media-type-changed",
            true,
            format!(
                "`{}` is no longer {} (now {})",
                old[i].media_type,
                if way == Way::Request {
                    "accepted"
                } else {
                    "answered"
                },
                new.iter()
                    .map(|m| format!("`{}`", m.media_type))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            pa,
            pb,
        );
        return;
    };
    if let (Some(sa), Some(sb)) = (&old[i].schema, &other.schema) {
        let pa = pointer::join(&format!("{pa}/content"), &old[i].media_type) + "/schema";
        let pb = pointer::join(&format!("{pb}/content"), &other.media_type) + "/schema";
        schema(walk, sa, sb, way, &pa, &pb, 0);
    }
}

/// The schema `schema` stands for once references and one-part `allOf`
/// wrappers are followed ([`Model::resolve`] takes one step), with its
/// pointer: the last named schema's, else `at`.
fn unwrapped<'m>(
    model: &'m Model,
    schema: &'m SchemaRef,
    at: &str,
) -> Option<(&'m Schema, String)> {
    let mut current = schema;
    let mut at = at.to_owned();
    for _ in 0..MAX_REF_CHAIN {
        if let SchemaRef::Named(name) = current {
            at = pointer::join("/components/schemas", name);
        }
        let resolved = model.resolve(current)?;
        match &resolved.kind {
            // An `allOf` of one schema (a `$ref` with a description beside
            // it, a named schema that is only another reference) is that
            // schema.
            SchemaKind::AllOf(parts) if parts.len() == 1 => current = &parts[0],
            _ => return Some((resolved, at)),
        }
    }
    None
}

/// The kind of value a schema holds, in words.
fn kind(schema: &Schema) -> String {
    match &schema.kind {
        SchemaKind::Any => "any value".to_owned(),
        SchemaKind::String {
            format: Some(f), ..
        } => format!("string ({f})"),
        SchemaKind::String { .. } => "string".to_owned(),
        SchemaKind::Integer { .. } => "integer".to_owned(),
        SchemaKind::Number { .. } => "number".to_owned(),
        SchemaKind::Boolean => "boolean".to_owned(),
        SchemaKind::Array { .. } => "array".to_owned(),
        SchemaKind::Object { .. } | SchemaKind::AllOf(_) => "object".to_owned(),
        SchemaKind::OneOf(_) => "oneOf".to_owned(),
        SchemaKind::AnyOf(_) => "anyOf".to_owned(),
        SchemaKind::Enum(_) => "enumeration".to_owned(),
    }
}

/// The properties of an object (an `allOf` merged), with `required`.
fn properties(model: &Model, schema: &Schema, depth: usize) -> Vec<(String, SchemaRef, bool)> {
    let mut out: Vec<(String, SchemaRef, bool)> = Vec::new();
    if depth > 16 {
        return out;
    }
    match &schema.kind {
        SchemaKind::Object { properties, .. } => {
            for (name, property) in properties {
                out.push((name.clone(), property.schema.clone(), property.required));
            }
        }
        SchemaKind::AllOf(parts) => {
            for part in parts {
                if let Some((resolved, _)) = unwrapped(model, part, "") {
                    for (name, schema, required) in properties(model, resolved, depth + 1) {
                        match out.iter_mut().find(|(n, _, _)| *n == name) {
                            Some(existing) => existing.2 |= required,
                            None => out.push((name, schema, required)),
                        }
                    }
                }
            }
        }
        _ => {}
    }
    out
}

#[allow(clippy::too_many_arguments, reason = "both sides and where they are")]
fn schema(
    walk: &mut Walk<'_>,
    a: &SchemaRef,
    b: &SchemaRef,
    way: Way,
    pa: &str,
    pb: &str,
    depth: usize,
) {
    if depth > 24 {
        return;
    }
    let (Some((sa, pa)), Some((sb, pb))) = (unwrapped(walk.old, a, pa), unwrapped(walk.new, b, pb))
    else {
        return;
    };
    // Named schemas are compared once per pair and direction (and cycles
    // end there); inline ones are trees.
    let named = pa.starts_with("/components/") && pb.starts_with("/components/");
    if named && !walk.seen.insert((pa.clone(), pb.clone(), way)) {
        return;
    }
    let (ka, kb) = (kind(sa), kind(sb));
    if ka != kb && !matches!(sa.kind, SchemaKind::Any) {
        walk.push(
            "value-type-changed",
            true,
            format!("{ka} is now {kb}"),
            &pa,
            &pb,
        );
        return;
    }
    if sa.nullable && !sb.nullable && way == Way::Request {
        walk.push(
            "no-longer-nullable",
            true,
            "`null` is no longer accepted".to_owned(),
            &pa,
            &pb,
        );
    }
    if !sa.nullable && sb.nullable && way == Way::Response {
        walk.push(
            "now-nullable",
            true,
            "the server may now answer `null`".to_owned(),
            &pa,
            &pb,
        );
    }
    match (&sa.kind, &sb.kind) {
        (
            SchemaKind::String {
                enumeration: ea, ..
            },
            SchemaKind::String {
                enumeration: eb, ..
            },
        ) => {
            let removed: Vec<&String> = ea.iter().filter(|v| !eb.contains(v)).collect();
            let added: Vec<&String> = eb.iter().filter(|v| !ea.contains(v)).collect();
            if !removed.is_empty() && !eb.is_empty() {
                walk.push(
                    "enum-value-removed",
                    way == Way::Request,
                    format!(
                        "value{} {} no longer allowed",
                        if removed.len() == 1 { "" } else { "s" },
                        removed
                            .iter()
                            .map(|v| format!("\"{v}\""))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    &pa,
                    &pb,
                );
            }
            if !added.is_empty() && !ea.is_empty() {
                walk.push(
                    "enum-value-added",
                    false,
                    format!(
                        "value{} {} added{}",
                        if added.len() == 1 { "" } else { "s" },
                        added
                            .iter()
                            .map(|v| format!("\"{v}\""))
                            .collect::<Vec<_>>()
                            .join(", "),
                        if way == Way::Response {
                            " (an old client reads it as `Other`)"
                        } else {
                            ""
                        }
                    ),
                    &pa,
                    &pb,
                );
            }
        }
        (SchemaKind::Array { items: ia }, SchemaKind::Array { items: ib }) => {
            schema(
                walk,
                ia,
                ib,
                way,
                &format!("{pa}/items"),
                &format!("{pb}/items"),
                depth + 1,
            );
        }
        (
            SchemaKind::Object { .. } | SchemaKind::AllOf(_),
            SchemaKind::Object { .. } | SchemaKind::AllOf(_),
        ) => {
            let (props_a, props_b) = (properties(walk.old, sa, 0), properties(walk.new, sb, 0));
            for (name, schema_a, required_a) in &props_a {
                let at_a = pointer::join(&format!("{pa}/properties"), name);
                match props_b.iter().find(|(n, _, _)| n == name) {
                    None => {
                        let breaking = way == Way::Response && *required_a;
                        walk.push(
                            "property-removed",
                            breaking,
                            match (way, required_a) {
                                (Way::Response, true) => format!("required property `{name}` removed: an old client fails to read the answer"),
                                (Way::Response, false) => format!("property `{name}` no longer sent"),
                                (Way::Request, _) => format!("property `{name}` no longer read by the server"),
                            },
                            &at_a,
                            &pb,
                        );
                    }
                    Some((_, schema_b, required_b)) => {
                        let at_b = pointer::join(&format!("{pb}/properties"), name);
                        match (way, required_a, required_b) {
                            (Way::Request, false, true) => walk.push(
                                "property-now-required",
                                true,
                                format!("property `{name}` is now required"),
                                &at_a,
                                &at_b,
                            ),
                            (Way::Response, true, false) => walk.push(
                                "property-now-optional",
                                true,
                                format!("property `{name}` is no longer required: an old client fails on answers without it"),
                                &at_a,
                                &at_b,
                            ),
                            (Way::Response, false, true) => walk.push(
                                "property-now-required",
                                false,
                                format!("property `{name}` is now required: a client of the new document fails on older servers' answers without it"),
                                &at_a,
                                &at_b,
                            ),
                            _ => {}
                        }
                        schema(walk, schema_a, schema_b, way, &at_a, &at_b, depth + 1);
                    }
                }
            }
            for (name, _, required) in &props_b {
                if props_a.iter().any(|(n, _, _)| n == name) {
                    continue;
                }
                let at_b = pointer::join(&format!("{pb}/properties"), name);
                let (breaking, message) = match (way, required) {
                    (Way::Request, true) => (true, format!("required property `{name}` added")),
                    (Way::Request, false) => (false, format!("optional property `{name}` added")),
                    (Way::Response, true) => (
                        false,
                        format!(
                            "required property `{name}` added: a client of the new document fails on older servers' answers without it"
                        ),
                    ),
                    (Way::Response, false) => (false, format!("optional property `{name}` added")),
                };
                walk.push("property-added", breaking, message, &pa, &at_b);
            }
        }
        _ => {}
    }
}
