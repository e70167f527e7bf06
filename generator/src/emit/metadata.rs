//! The generated `metadata` module: one `OperationMeta` per operation (the
//! types live in the hand-written `catalog` module) and the n8n properties
//! JSON, so applications can list and look up operations at run time.
//!
//! Field types and defaults follow the n8n package's mapping of the first
//! level of a schema: booleans, numbers, strings, JSON for objects and arrays,
//! options for enums; the default is the example, else the default.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use super::krate::CrateOptions;
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

/// The `metadata` module's tokens.
pub fn metadata_module(
    model: &Model,
    plan: &CratePlan,
    options: &CrateOptions,
    naming: &dyn N8nNaming,
) -> TokenStream {
    let mut entries = Vec::new();
    for resource in &plan.resources {
        for op_plan in &resource.operations {
            entries.push(operation_entry(model, &resource.module, op_plan, naming));
        }
    }
    let _ = options;
    let json_file = super::krate::N8N_PROPERTIES_FILE;
    quote! {
        //! Operation metadata and n8n node properties, generated from the document.

        use crate::catalog::{FieldLocation, FieldMeta, FieldType, OperationMeta};

        /// Every operation, in module order then document order.
        pub static OPERATIONS: &[OperationMeta] = &[#(#entries),*];

        /// The n8n node properties of the document, as `@devlikeapro/n8n-openapi-node` builds them.
        pub const N8N_PROPERTIES_JSON: &str = include_str!(#json_file);

    }
}

fn operation_entry(
    model: &Model,
    module: &str,
    plan: &OperationPlan,
    naming: &dyn N8nNaming,
) -> TokenStream {
    let op = &model.operations[plan.index];
    let (name, value, action, description) = naming.operation(op);
    let id = &plan.operation_id;
    let tag = op.tags.first().cloned().unwrap_or_default();
    let resource = naming.resource_value(&tag);
    let method_name = &plan.variants[0].method_name;
    let http_method = op.method.as_str();
    let path = &op.path;
    let parameters = op.parameters.iter().map(|p| {
        let location = match p.location {
            ParameterLocation::Path => quote!(FieldLocation::Path),
            ParameterLocation::Query => quote!(FieldLocation::Query),
            ParameterLocation::Header => quote!(FieldLocation::Header),
            ParameterLocation::Cookie => quote!(FieldLocation::Cookie),
        };
        let example = p.example.as_ref();
        field(
            model,
            &p.name,
            &naming.display_name(&p.name),
            location,
            p.required,
            &p.schema,
            example,
            p.description.as_deref(),
        )
    });
    let (body_fields, body_is_array) = body_fields(model, op, naming);
    let request_media: Vec<&str> = op
        .request_body
        .iter()
        .flat_map(|b| b.content.iter().map(|m| m.media_type.as_str()))
        .collect();
    let response_media: Vec<&str> = op
        .success_responses()
        .into_iter()
        .flat_map(|r| r.content.iter().map(|m| m.media_type.as_str()))
        .collect();
    let security: Vec<String> = plan
        .auth
        .iter()
        .map(|a| match a {
            super::plan::AuthPlacement::Header(h) => format!("header {h}"),
            super::plan::AuthPlacement::Query(q) => format!("query {q}"),
            super::plan::AuthPlacement::Bearer => "bearer".to_owned(),
        })
        .collect();
    let deprecated = op.deprecated;
    let info_module = super::ident(module);
    let info_static = super::ident(&plan.static_name);
    quote! {
        OperationMeta {
            id: #id,
            tag: #tag,
            resource: #resource,
            module: #module,
            method_name: #method_name,
            name: #name,
            value: #value,
            action: #action,
            description: #description,
            http_method: #http_method,
            path: #path,
            parameters: &[#(#parameters),*],
            body_fields: &[#(#body_fields),*],
            body_is_array: #body_is_array,
            request_media_types: &[#(#request_media),*],
            response_media_types: &[#(#response_media),*],
            security: &[#(#security),*],
            deprecated: #deprecated,
            info: &crate::#info_module::#info_static,
        }
    }
}

/// The first level of the JSON body: its properties, or the array itself.
fn body_fields(model: &Model, op: &Operation, naming: &dyn N8nNaming) -> (Vec<TokenStream>, bool) {
    let Some(schema) = op
        .request_body
        .as_ref()
        .and_then(|b| b.content.iter().find(|m| m.is_json()))
        .and_then(|m| m.schema.as_ref())
    else {
        return (Vec::new(), false);
    };
    let Some(resolved) = resolve(model, schema) else {
        return (Vec::new(), false);
    };
    match &resolved.kind {
        SchemaKind::Array { .. } => {
            let required = op.request_body.as_ref().is_some_and(|b| b.required);
            let field = field(
                model,
                "body",
                "Body",
                quote!(FieldLocation::Body),
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
                    let description =
                        resolve(model, property_schema).and_then(|s| s.description.as_deref());
                    field(
                        model,
                        name,
                        &naming.display_name(name),
                        quote!(FieldLocation::Body),
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
        if guard > 64 {
            break;
        }
        let Some(resolved) = resolve(model, current) else {
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

fn resolve<'m>(model: &'m Model, schema: &'m SchemaRef) -> Option<&'m crate::model::Schema> {
    match schema {
        SchemaRef::Named(name) => model.schemas.get(name),
        SchemaRef::Inline(schema) => Some(schema),
    }
}

#[allow(clippy::too_many_arguments)]
fn field(
    model: &Model,
    name: &str,
    display_name: &str,
    location: TokenStream,
    required: bool,
    schema: &SchemaRef,
    example: Option<&Value>,
    description: Option<&str>,
) -> TokenStream {
    let resolved = resolve(model, schema);
    let (field_type, options): (TokenStream, Vec<String>) = match resolved.map(|s| &s.kind) {
        Some(SchemaKind::String { enumeration, .. }) if !enumeration.is_empty() => {
            (quote!(FieldType::Options), enumeration.clone())
        }
        Some(SchemaKind::Integer { enumeration, .. }) if !enumeration.is_empty() => (
            quote!(FieldType::Options),
            enumeration.iter().map(ToString::to_string).collect(),
        ),
        Some(SchemaKind::Boolean) => (quote!(FieldType::Boolean), Vec::new()),
        Some(SchemaKind::Integer { .. } | SchemaKind::Number { .. }) => {
            (quote!(FieldType::Number), Vec::new())
        }
        Some(SchemaKind::Object { .. } | SchemaKind::Array { .. } | SchemaKind::AllOf(_)) => {
            (quote!(FieldType::Json), Vec::new())
        }
        _ => (quote!(FieldType::String), Vec::new()),
    };
    let default = example
        .or_else(|| resolved.and_then(|s| s.example.as_ref()))
        .or_else(|| resolved.and_then(|s| s.default.as_ref()))
        .map(Value::to_string);
    let default = match default {
        Some(text) => quote!(Some(#text)),
        None => quote!(None),
    };
    let description = description
        .or_else(|| resolved.and_then(|s| s.description.as_deref()))
        .unwrap_or_default();
    quote! {
        FieldMeta {
            name: #name,
            display_name: #display_name,
            location: #location,
            field_type: #field_type,
            required: #required,
            default: #default,
            options: &[#(#options),*],
            description: #description,
        }
    }
}
