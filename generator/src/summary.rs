//! A short human summary of a model: what the generator understood of a
//! document (`cargo xtask inspect`).

use std::fmt::Write as _;

use crate::diagnostics::excerpt;
use crate::model::{Model, Operation, SecurityScheme};

/// The summary text: title, resources with their operation counts, schemas,
/// then every repair warning with its pointer. Document text is printed as
/// errors print it (controls escaped, cut), as it goes to a terminal.
pub fn summary(model: &Model) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {} (OpenAPI {})",
        excerpt(&model.title),
        excerpt(&model.version),
        excerpt(&model.openapi)
    );
    let _ = writeln!(
        out,
        "{} resources, {} operations, {} schemas, {} webhooks",
        model.resources.len(),
        model.operations.len(),
        model.schemas.len(),
        model.webhooks.len()
    );
    for resource in &model.resources {
        let deprecated = resource
            .operations
            .iter()
            .filter(|&&i| model.operations[i].deprecated)
            .count();
        let note = if deprecated > 0 {
            format!(" ({deprecated} deprecated)")
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "  {:<24} {:>3} operations{note}",
            excerpt(&resource.tag),
            resource.operations.len()
        );
    }
    security(model, &mut out);
    let _ = writeln!(out, "{} warnings", model.warnings.len());
    for warning in &model.warnings {
        let _ = writeln!(out, "  warning: {warning}");
    }
    out
}

/// The security alternatives operations accept, one line per distinct list
/// (`basic | bearer | key + basic`) with its operations, then what each
/// scheme is. Printed only when some operation has security.
fn security(model: &Model, out: &mut String) {
    if model.operations.iter().all(|op| op.security.is_empty()) {
        return;
    }
    let mut groups: Vec<(String, Vec<&Operation>)> = Vec::new();
    for op in &model.operations {
        let alternatives: Vec<String> = op
            .security
            .iter()
            .map(|requirement| {
                if requirement.schemes.is_empty() {
                    "(no credentials)".to_owned()
                } else {
                    let names: Vec<String> = requirement
                        .schemes
                        .iter()
                        .map(|(name, _)| excerpt(name))
                        .collect();
                    names.join(" + ")
                }
            })
            .collect();
        let key = if alternatives.is_empty() {
            "none".to_owned()
        } else {
            alternatives.join(" | ")
        };
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, ops)) => ops.push(op),
            None => groups.push((key, vec![op])),
        }
    }
    let _ = writeln!(
        out,
        "security: alternatives in order, `+` joining schemes sent together (the client sends \
         the first alternative it has every credential for)"
    );
    for (key, ops) in &groups {
        let mut names: Vec<String> = ops
            .iter()
            .take(3)
            .map(|op| excerpt(&format!("{} {}", op.method.as_str(), op.path)))
            .collect();
        if ops.len() > 3 {
            names.push("...".to_owned());
        }
        let _ = writeln!(
            out,
            "  {key}: {} operation{} ({})",
            ops.len(),
            if ops.len() == 1 { "" } else { "s" },
            names.join(", ")
        );
    }
    for (name, scheme) in &model.security_schemes {
        let what = match scheme {
            SecurityScheme::ApiKey { location, name, .. } => format!(
                "API key in {} `{}`{}",
                location.as_str(),
                excerpt(name),
                if matches!(location, crate::model::ParameterLocation::Cookie) {
                    " (not sent by the client)"
                } else {
                    ""
                }
            ),
            SecurityScheme::Http { scheme, .. } => match scheme.to_ascii_lowercase().as_str() {
                "basic" | "bearer" => format!("HTTP {}", excerpt(scheme)),
                _ => format!("HTTP {} (not sent by the client)", excerpt(scheme)),
            },
            SecurityScheme::OAuth2 { .. } => "OAuth 2, sent as a bearer token".to_owned(),
            SecurityScheme::OpenIdConnect { .. } => {
                "OpenID Connect, sent as a bearer token".to_owned()
            }
        };
        let _ = writeln!(out, "  scheme {}: {what}", excerpt(name));
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn inspect_lists_every_security_alternative() {
        // `@scalar/galaxy`'s shape: basic, or bearer, or OAuth 2, or a key.
        let text = serde_json::json!({
            "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "security": [{"basic": []}, {"bearer": []}, {"oauth": ["read"]}, {"key": []}],
            "paths": {
                "/me": {"get": {"responses": {}}},
                "/planets": {"post": {"responses": {}}},
                "/both": {"get": {"security": [{"key": [], "basic": []}, {}], "responses": {}}},
                "/open": {"get": {"security": [], "responses": {}}}
            },
            "components": {"securitySchemes": {
                "basic": {"type": "http", "scheme": "basic"},
                "bearer": {"type": "http", "scheme": "bearer"},
                "oauth": {"type": "oauth2", "flows": {}},
                "key": {"type": "apiKey", "in": "header", "name": "X-API-Key"}
            }}
        })
        .to_string();
        let model = crate::build(&crate::load::load_str(&text, "spec.json").unwrap()).unwrap();
        let summary = super::summary(&model);
        for line in [
            "  basic | bearer | oauth | key: 2 operations (GET /me, POST /planets)",
            "  key + basic | (no credentials): 1 operation (GET /both)",
            "  none: 1 operation (GET /open)",
            "  scheme oauth: OAuth 2, sent as a bearer token",
            "  scheme key: API key in header `X-API-Key`",
        ] {
            assert!(summary.lines().any(|l| l == line), "{line}\n{summary}");
        }
    }
}
