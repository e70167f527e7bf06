//! A short human summary of a model: what the generator understood of a
//! document (`cargo xtask inspect`).

use std::fmt::Write as _;

use crate::diagnostics::excerpt;
use crate::model::Model;

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
    let _ = writeln!(out, "{} warnings", model.warnings.len());
    for warning in &model.warnings {
        let _ = writeln!(out, "  warning: {warning}");
    }
    out
}
