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
    let count: usize = plan.resources.iter().map(|r| r.operations.len()).sum();
    let mut written = 0;
    for resource in &plan.resources {
        for op_plan in &resource.operations {
            written += 1;
            let last = written == count;
            any_fields |= write_operation(
                &mut operations,
                model,
                &resource.module.code(),
                op_plan,
                naming,
                last,
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
    for (index, event) in events.iter().enumerate() {
        write_event(&mut out, event, index + 1 == events.len());
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
fn write_event(out: &mut String, event: &EventPlan, last: bool) {
    let mut chain = Chain::new(
        "EventMeta::new",
        vec![
            Expr::string(&event.name),
            Expr::string(&event.variant),
            Expr::string(&event.payload_type),
        ],
    );
    chain.set_text("with_summary", &event.summary);
    chain.set_text("with_description", &event.description);
    write_entry(out, Expr::Chain(chain), last);
}

/// One entry of a static's slice, on lines of its own.
fn write_entry(out: &mut String, entry: Expr, last: bool) {
    out.push_str("    ");
    entry.write(out, 4, 4, if last { 0 } else { 1 });
    out.push_str(",\n");
}

/// The column `prettyplease` breaks lines at.
const MARGIN: usize = 89;

/// A Rust string literal, escaped as `quote` escapes it.
fn lit(text: &str) -> Literal {
    Literal::string(text)
}

/// The expressions `metadata.rs` is made of, laid out as `prettyplease`
/// lays them out: a box (a chain of calls, a call's arguments, a slice's
/// items) stays on one line when it fits within the margin together with
/// the text that follows it up to the next possible line break; otherwise
/// each of its parts goes on a line of its own (a chain's calls one
/// indentation step in, a call's arguments and a slice's items one step
/// further, each followed by a comma).
enum Expr {
    /// A literal or a path, never broken.
    Atom(String),
    /// `&[items]`.
    Slice(Vec<Expr>),
    /// `Type::new(args).with_a(args)...`.
    Chain(Chain),
}

/// `head(args)` followed by method calls.
struct Chain {
    head: &'static str,
    args: Vec<Expr>,
    calls: Vec<(&'static str, Vec<Expr>)>,
}

impl Chain {
    fn new(head: &'static str, args: Vec<Expr>) -> Chain {
        Chain {
            head,
            args,
            calls: Vec::new(),
        }
    }

    fn call(&mut self, method: &'static str, args: Vec<Expr>) {
        self.calls.push((method, args));
    }

    /// `.method("text")`, unless `text` is empty (the constructor's value).
    fn set_text(&mut self, method: &'static str, text: &str) {
        if !text.is_empty() {
            self.call(method, vec![Expr::string(text)]);
        }
    }

    /// `.method(&["a", "b"])`, unless there are none.
    fn set_strings(&mut self, method: &'static str, items: &[String]) {
        if !items.is_empty() {
            self.call(
                method,
                vec![Expr::Slice(items.iter().map(|i| Expr::string(i)).collect())],
            );
        }
    }
}

impl Expr {
    fn string(text: &str) -> Expr {
        Expr::Atom(lit(text).to_string())
    }

    /// The expression on one line.
    fn flat(&self) -> String {
        match self {
            Expr::Atom(text) => text.clone(),
            Expr::Slice(items) => format!("&[{}]", flat_list(items)),
            Expr::Chain(chain) => {
                let mut text = format!("{}({})", chain.head, flat_list(&chain.args));
                for (method, args) in &chain.calls {
                    let _ = write!(text, ".{method}({})", flat_list(args));
                }
                text
            }
        }
    }

    /// Writes the expression starting at column `column`, inside a block
    /// indented by `indent`; `trail` is how many characters follow it on
    /// its line before the next place a line may break.
    fn write(&self, out: &mut String, indent: usize, column: usize, trail: usize) {
        let flat = self.flat();
        if column + flat.len() + trail <= MARGIN {
            out.push_str(&flat);
            return;
        }
        match self {
            Expr::Atom(text) => out.push_str(text),
            Expr::Slice(items) => {
                out.push_str("&[");
                write_broken_list(out, items, indent);
                out.push(']');
            }
            Expr::Chain(chain) => {
                // The chain's calls one step in, the arguments of its head
                // one step further.
                let inner = indent + 4;
                out.push_str(chain.head);
                write_call_args(out, &chain.args, inner, column + chain.head.len(), 0);
                for (index, (method, args)) in chain.calls.iter().enumerate() {
                    let _ = write!(out, "\n{}.{method}", " ".repeat(inner));
                    let last = index + 1 == chain.calls.len();
                    write_call_args(
                        out,
                        args,
                        inner,
                        inner + 1 + method.len(),
                        if last { trail } else { 0 },
                    );
                }
            }
        }
    }
}

fn flat_list(items: &[Expr]) -> String {
    items.iter().map(Expr::flat).collect::<Vec<_>>().join(", ")
}

/// `(args)` from column `column` (at the `(`), in a block at `indent`.
fn write_call_args(out: &mut String, args: &[Expr], indent: usize, column: usize, trail: usize) {
    let flat = format!("({})", flat_list(args));
    if column + flat.len() + trail <= MARGIN {
        out.push_str(&flat);
        return;
    }
    out.push('(');
    write_broken_list(out, args, indent);
    out.push(')');
}

/// Items one a line, one step in from `indent`, each followed by a comma;
/// then a line break back to `indent`.
fn write_broken_list(out: &mut String, items: &[Expr], indent: usize) {
    let inner = indent + 4;
    let pad = " ".repeat(inner);
    for (index, item) in items.iter().enumerate() {
        let last = index + 1 == items.len();
        out.push('\n');
        out.push_str(&pad);
        item.write(out, inner, inner, if last { 0 } else { 1 });
        out.push(',');
    }
    out.push('\n');
    out.push_str(&" ".repeat(indent));
}

/// Writes one operation's entry; returns whether it has any field.
fn write_operation(
    out: &mut String,
    model: &Model,
    module: &str,
    plan: &OperationPlan,
    naming: &dyn N8nNaming,
    last: bool,
) -> bool {
    let op = &model.operations[plan.index];
    let (name, value, action, description) = naming.operation(op);
    let tag = op.tags.first().cloned().unwrap_or_default();
    let resource = naming.resource_value(&tag);
    let parameters: Vec<Expr> = op
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
    let any_fields = !(parameters.is_empty() && body_fields.is_empty());
    let info = format!("&super::{}::{}", super::ident(module), plan.static_name);
    let mut chain = Chain::new(
        "OperationMeta::new",
        vec![Expr::string(&plan.operation_id), Expr::Atom(info)],
    );
    for (method, text) in [
        ("with_tag", tag.as_str()),
        ("with_resource", &resource),
        ("with_module", module),
        ("with_method_name", &plan.variants[0].method_name.code()),
        ("with_name", &name),
        ("with_value", &value),
        ("with_action", &action),
        ("with_description", &description),
    ] {
        chain.set_text(method, text);
    }
    if !parameters.is_empty() {
        chain.call("with_parameters", vec![Expr::Slice(parameters)]);
    }
    if !body_fields.is_empty() {
        let method = if body_is_array {
            "with_array_body"
        } else {
            "with_body_fields"
        };
        chain.call(method, vec![Expr::Slice(body_fields)]);
    }
    chain.set_strings("with_request_media_types", &request_media);
    chain.set_strings("with_response_media_types", &response_media);
    chain.set_strings("with_security", &security);
    if op.deprecated {
        chain.call("deprecated", Vec::new());
    }
    write_entry(out, Expr::Chain(chain), last);
    any_fields
}

/// The first level of the JSON body: its properties, or the array itself.
fn body_fields(model: &Model, op: &Operation, naming: &dyn N8nNaming) -> (Vec<Expr>, bool) {
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
) -> Expr {
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
    let description = description
        .or_else(|| resolved.and_then(|s| s.description.as_deref()))
        .unwrap_or_default();
    let mut chain = Chain::new(
        "FieldMeta::new",
        vec![
            Expr::string(name),
            Expr::Atom(format!("FieldLocation::{location}")),
            Expr::Atom(format!("FieldType::{field_type}")),
        ],
    );
    chain.set_text("with_display_name", display_name);
    if required {
        chain.call("required", Vec::new());
    }
    // Kept apart: a default is what the server assumes, an example only
    // shows a value (a command line must not present one as the other).
    if let Some(default) = resolved.and_then(|s| s.default.as_ref()) {
        chain.set_text("with_default", &default.to_string());
    }
    if let Some(example) = example.or_else(|| resolved.and_then(|s| s.example.as_ref())) {
        chain.set_text("with_example", &example.to_string());
    }
    chain.set_strings("with_options", &options);
    chain.set_text("with_description", description);
    Expr::Chain(chain)
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
