//! The generated `metadata` module: one `OperationMeta` per operation (the
//! types live in the hand-written `catalog` module) and the n8n properties
//! JSON, so applications can list and look up operations at run time.
//!
//! Field types and defaults follow the n8n package's mapping of the first
//! level of a schema: booleans, numbers, strings, JSON for objects and arrays,
//! options for enums. A field's default and its example are kept apart (the
//! n8n properties JSON, built elsewhere, shows the example as the default,
//! as the package does).
//!
//! The file is data only, so it is written as text in the layout
//! `prettyplease` gives such code, not built as tokens and printed: the
//! round trip through `syn` took a fifth of a generation's time, and for a
//! document with thousands of operations one syntax tree of the whole file
//! was most of the generator's memory.

use std::fmt::Write as _;

use proc_macro2::Literal;
use serde_json::Value;

use super::events::EventPlan;
use super::layout::GENERATED_MARKER;
use super::plan::{CratePlan, OperationPlan};
use crate::model::{Model, Operation, ParameterLocation, SchemaKind, SchemaRef};

/// How operations and fields are named in n8n terms; the n8n module's parsers
/// provide it.
pub trait N8nNaming {
    /// The resource value of a tag (`Sessions`).
    fn resource_value(&self, tag: &str) -> String;
    /// `(name, value, action, description)` of an operation.
    fn operation(&self, op: &Operation) -> (String, String, String, String);
    /// The display name of a field (`Phone` for `phone`).
    fn display_name(&self, name: &str) -> String;
}

/// Where the n8n properties JSON of `metadata.rs` comes from.
#[derive(Debug, Clone, Copy)]
pub enum Json<'a> {
    /// `include_str!` of this file beside `metadata.rs`.
    File(&'a str),
    /// This text, written as a string literal (code included from a build
    /// script is one file).
    Inline(&'a str),
}

/// The `metadata.rs` file; `source` names the document in its header.
pub fn metadata_file(
    model: &Model,
    plan: &CratePlan,
    events: &[EventPlan],
    naming: &dyn N8nNaming,
    source: &str,
    json: Json<'_>,
) -> String {
    let source = super::text::one_line(source);
    let mut operations = String::new();
    let mut any_fields = false;
    for resource in &plan.resources {
        for op_plan in &resource.operations {
            any_fields |= write_operation(
                &mut operations,
                model,
                &resource.module.code(),
                op_plan,
                naming,
            );
        }
    }
    // Only what the entries name is imported (no unused imports).
    let imports = if any_fields {
        "{EventMeta, FieldLocation, FieldMeta, FieldType, OperationMeta}"
    } else {
        "{EventMeta, OperationMeta}"
    };
    let import = use_line(&format!("{}::catalog", super::RUNTIME_PATH), imports);
    let mut out = format!(
        "{GENERATED_MARKER} from {source}; do not edit.\n\n\
         //! Operation metadata and n8n node properties, generated from the document.\n\n\
         {import}\
         /// Every operation, in module order then document order.\n\
         pub static OPERATIONS: &[OperationMeta] = &[\n\
         {operations}"
    );
    out.push_str(
        "];\n/// Every event the document's webhooks declare, in document order.\n\
         pub static EVENTS: &[EventMeta] = &[",
    );
    if !events.is_empty() {
        out.push('\n');
    }
    for event in events {
        write_event(&mut out, event);
    }
    let json = match json {
        Json::File(file) => format!("include_str!({})", Literal::string(file)),
        Json::Inline(text) => Literal::string(text).to_string(),
    };
    let _ = write!(
        out,
        "];\n\
         /// The n8n node properties of the document, as `@devlikeapro/n8n-openapi-node` builds them.\n\
         pub const N8N_PROPERTIES_JSON: &str = {json};\n"
    );
    out
}

/// `use path::{A, B};` as `prettyplease` lays it out: on one line when it
/// fits its margin, else the names on a line of their own.
fn use_line(path: &str, imports: &str) -> String {
    let line = format!("use {path}::{imports};\n");
    if line.len() - 1 <= MARGIN {
        return line;
    }
    let names = imports.trim_start_matches('{').trim_end_matches('}');
    format!("use {path}::{{\n    {names},\n}};\n")
}

/// Writes one event's entry.
fn write_event(out: &mut String, event: &EventPlan) {
    out.push_str("    EventMeta {\n");
    for (key, value) in [
        ("name", &event.name),
        ("variant", &event.variant),
        ("payload_type", &event.payload_type),
        ("summary", &event.summary),
        ("description", &event.description),
    ] {
        let _ = writeln!(out, "        {key}: {},", lit(value));
    }
    out.push_str("    },\n");
}

/// The column `prettyplease` breaks lines at.
const MARGIN: usize = 89;

/// A Rust string literal, escaped as `quote` escapes it.
fn lit(text: &str) -> Literal {
    Literal::string(text)
}

/// `&["a", "b"]` on one line when `key: ` and it fit within `prettyplease`'s
/// 89-column margin at `indent`, else one item a line, as it breaks them.
fn write_str_array(out: &mut String, indent: usize, key: &str, items: &[String]) {
    let pad = " ".repeat(indent);
    let literals: Vec<String> = items.iter().map(|i| lit(i).to_string()).collect();
    let inline = format!("&[{}]", literals.join(", "));
    if indent + key.len() + ": ".len() + inline.len() + ",".len() <= MARGIN {
        let _ = writeln!(out, "{pad}{key}: {inline},");
        return;
    }
    let _ = writeln!(out, "{pad}{key}: &[");
    for literal in literals {
        let _ = writeln!(out, "{pad}    {literal},");
    }
    let _ = writeln!(out, "{pad}],");
}

/// `key: &[` the fields `],`, or `key: &[],` when there are none.
fn write_fields(out: &mut String, key: &str, fields: &[FieldText]) {
    if fields.is_empty() {
        let _ = writeln!(out, "        {key}: &[],");
        return;
    }
    let _ = writeln!(out, "        {key}: &[");
    for field in fields {
        out.push_str(&field.0);
    }
    out.push_str("        ],\n");
}

/// Writes one operation's entry; returns whether it has any field.
fn write_operation(
    out: &mut String,
    model: &Model,
    module: &str,
    plan: &OperationPlan,
    naming: &dyn N8nNaming,
) -> bool {
    let op = &model.operations[plan.index];
    let (name, value, action, description) = naming.operation(op);
    let tag = op.tags.first().cloned().unwrap_or_default();
    let resource = naming.resource_value(&tag);
    let parameters: Vec<FieldText> = op
        .parameters
        .iter()
        .map(|p| {
            let location = match p.location {
                ParameterLocation::Path => "Path",
                ParameterLocation::Query => "Query",
                ParameterLocation::Header => "Header",
                ParameterLocation::Cookie => "Cookie",
            };
            field(
                model,
                &p.name,
                &naming.display_name(&p.name),
                location,
                p.required,
                &p.schema,
                p.example.as_ref(),
                p.description.as_deref(),
            )
        })
        .collect();
    let (body_fields, body_is_array) = body_fields(model, op, naming);
    let request_media: Vec<String> = op
        .request_body
        .iter()
        .flat_map(|b| b.content.iter().map(|m| m.media_type.clone()))
        .collect();
    let response_media: Vec<String> = op
        .success_responses()
        .into_iter()
        .flat_map(|r| r.content.iter().map(|m| m.media_type.clone()))
        .collect();
    let security: Vec<String> = plan
        .security
        .iter()
        .map(|alternative| {
            let schemes: Vec<String> = alternative
                .iter()
                .map(|a| match a {
                    super::plan::AuthPlacement::Header(h) => format!("header {h}"),
                    super::plan::AuthPlacement::Query(q) => format!("query {q}"),
                    super::plan::AuthPlacement::Bearer => "bearer".to_owned(),
                    super::plan::AuthPlacement::Basic => "basic".to_owned(),
                    super::plan::AuthPlacement::Unsupported(what) => format!("unsupported: {what}"),
                })
                .collect();
            if schemes.is_empty() {
                "none".to_owned()
            } else {
                schemes.join(" + ")
            }
        })
        .collect();
    out.push_str("    OperationMeta {\n");
    for (key, text) in [
        ("id", plan.operation_id.as_str()),
        ("tag", &tag),
        ("resource", &resource),
        ("module", module),
        ("method_name", &plan.variants[0].method_name.code()),
        ("name", &name),
        ("value", &value),
        ("action", &action),
        ("description", &description),
        ("http_method", op.method.as_str()),
        ("path", &op.path),
    ] {
        let _ = writeln!(out, "        {key}: {},", lit(text));
    }
    write_fields(out, "parameters", &parameters);
    write_fields(out, "body_fields", &body_fields);
    let _ = writeln!(out, "        body_is_array: {body_is_array},");
    write_str_array(out, 8, "request_media_types", &request_media);
    write_str_array(out, 8, "response_media_types", &response_media);
    write_str_array(out, 8, "security", &security);
    let _ = writeln!(out, "        deprecated: {},", op.deprecated);
    let _ = writeln!(
        out,
        "        info: &super::{}::{},",
        super::ident(module),
        plan.static_name
    );
    out.push_str("    },\n");
    !(parameters.is_empty() && body_fields.is_empty())
}

/// One `FieldMeta { ... },` entry, as text at its indentation.
struct FieldText(String);

/// The first level of the JSON body: its properties, or the array itself.
fn body_fields(model: &Model, op: &Operation, naming: &dyn N8nNaming) -> (Vec<FieldText>, bool) {
    let Some(schema) = op
        .request_body
        .as_ref()
        .and_then(|b| b.content.iter().find(|m| m.is_json()))
        .and_then(|m| m.schema.as_ref())
    else {
        return (Vec::new(), false);
    };
    let Some(resolved) = model.resolve(schema) else {
        return (Vec::new(), false);
    };
    match &resolved.kind {
        SchemaKind::Array { .. } => {
            let required = op.request_body.as_ref().is_some_and(|b| b.required);
            let field = field(
                model,
                "body",
                "Body",
                "Body",
                required,
                schema,
                None,
                resolved.description.as_deref(),
            );
            (vec![field], true)
        }
        _ => {
            let properties = object_properties(model, schema);
            let fields = properties
                .iter()
                .map(|(name, property_schema, required)| {
                    let description = model
                        .resolve(property_schema)
                        .and_then(|s| s.description.as_deref());
                    field(
                        model,
                        name,
                        &naming.display_name(name),
                        "Body",
                        *required,
                        property_schema,
                        None,
                        description,
                    )
                })
                .collect();
            (fields, false)
        }
    }
}

/// Properties of an object schema, following names and merging `allOf`.
fn object_properties<'m>(
    model: &'m Model,
    schema: &'m SchemaRef,
) -> Vec<(&'m str, &'m SchemaRef, bool)> {
    let mut out: Vec<(&str, &SchemaRef, bool)> = Vec::new();
    let mut stack = vec![schema];
    let mut guard = 0;
    while let Some(current) = stack.pop() {
        guard += 1;
        if guard > crate::model::MAX_REF_CHAIN {
            break;
        }
        let Some(resolved) = model.resolve(current) else {
            continue;
        };
        match &resolved.kind {
            SchemaKind::Object { properties, .. } => {
                for (name, property) in properties {
                    match out.iter_mut().find(|(n, _, _)| n == name) {
                        Some(existing) => {
                            *existing = (name, &property.schema, property.required || existing.2)
                        }
                        None => out.push((name, &property.schema, property.required)),
                    }
                }
            }
            SchemaKind::AllOf(parts) => stack.extend(parts.iter().rev()),
            _ => {}
        }
    }
    out
}

/// `Some("<value as JSON text>")` or `None`, laid out for the field `key`.
fn optional_json(key: &str, value: Option<&Value>) -> String {
    match value {
        Some(value) => {
            let literal = lit(&value.to_string()).to_string();
            // `prettyplease` breaks the call when the line passes its margin.
            if 16 + key.len() + ": Some(".len() + literal.len() + "),".len() <= MARGIN {
                format!("Some({literal})")
            } else {
                format!("Some(\n                    {literal},\n                )")
            }
        }
        None => "None".to_owned(),
    }
}

#[allow(clippy::too_many_arguments)]
fn field(
    model: &Model,
    name: &str,
    display_name: &str,
    location: &str,
    required: bool,
    schema: &SchemaRef,
    example: Option<&Value>,
    description: Option<&str>,
) -> FieldText {
    let resolved = model.resolve(schema);
    let (field_type, options): (&str, Vec<String>) = match resolved.map(|s| &s.kind) {
        Some(SchemaKind::String { enumeration, .. }) if !enumeration.is_empty() => {
            ("Options", enumeration.clone())
        }
        Some(SchemaKind::Integer { enumeration, .. }) if !enumeration.is_empty() => (
            "Options",
            enumeration.iter().map(ToString::to_string).collect(),
        ),
        Some(SchemaKind::Boolean) => ("Boolean", Vec::new()),
        Some(SchemaKind::Integer { .. } | SchemaKind::Number { .. }) => ("Number", Vec::new()),
        Some(SchemaKind::Object { .. } | SchemaKind::Array { .. } | SchemaKind::AllOf(_)) => {
            ("Json", Vec::new())
        }
        // A union with an object or array branch takes JSON text (Send
        // Message's `message`); a union of scalars stays text.
        Some(SchemaKind::OneOf(branches) | SchemaKind::AnyOf(branches))
            if branches.iter().any(|branch| {
                matches!(
                    model.resolve(branch).map(|s| &s.kind),
                    Some(
                        SchemaKind::Object { .. }
                            | SchemaKind::Array { .. }
                            | SchemaKind::AllOf(_)
                            | SchemaKind::OneOf(_)
                            | SchemaKind::AnyOf(_)
                    )
                )
            }) =>
        {
            ("Json", Vec::new())
        }
        _ => ("String", Vec::new()),
    };
    // Kept apart: a default is what the server assumes, an example only
    // shows a value (a command line must not present one as the other).
    let default = optional_json("default", resolved.and_then(|s| s.default.as_ref()));
    let example = optional_json(
        "example",
        example.or_else(|| resolved.and_then(|s| s.example.as_ref())),
    );
    let description = description
        .or_else(|| resolved.and_then(|s| s.description.as_deref()))
        .unwrap_or_default();
    let mut out = String::with_capacity(512);
    let _ = writeln!(out, "            FieldMeta {{");
    let _ = writeln!(out, "                name: {},", lit(name));
    let _ = writeln!(out, "                display_name: {},", lit(display_name));
    let _ = writeln!(out, "                location: FieldLocation::{location},");
    let _ = writeln!(out, "                field_type: FieldType::{field_type},");
    let _ = writeln!(out, "                required: {required},");
    let _ = writeln!(out, "                default: {default},");
    let _ = writeln!(out, "                example: {example},");
    write_str_array(&mut out, 16, "options", &options);
    let _ = writeln!(out, "                description: {},", lit(description));
    let _ = writeln!(out, "            }},");
    FieldText(out)
}

#[cfg(test)]
mod literal_tests {
    #[test]
    fn string_literals_escape_what_rustc_refuses_in_them() {
        // `text_direction_codepoint_in_literal` denies bidi controls.
        let text = super::lit("a\u{202e}b\u{2066}\r\n\"\\").to_string();
        assert_eq!(text, r#""a\u{202e}b\u{2066}\r\n\"\\""#);
    }
}
