//! n8n-style names for the generated catalog, from the n8n module's default
//! parsers, so the catalog and the n8n properties always agree.

use serde_json::{Value, json};

use crate::emit::metadata::N8nNaming;
use crate::model::Operation;
use crate::n8n::parsers::{
    DefaultOperationParser, DefaultResourceParser, OperationContext, OperationParser,
    ResourceParser,
};
use crate::n8n::startcase::start_case;

/// The default parsers of `@devlikeapro/n8n-openapi-node`.
#[derive(Debug, Clone, Copy, Default)]
pub struct DefaultNaming;

/// The JavaScript view of the operation fields the parsers read.
fn operation_js(op: &Operation) -> crate::n8n::Js<'static> {
    let value: Value = json!({
        "operationId": op.operation_id,
        "summary": op.summary,
        "description": op.description,
        "deprecated": op.deprecated,
    });
    crate::n8n::Js::from_json(&value)
}

impl N8nNaming for DefaultNaming {
    fn resource_value(&self, tag: &str) -> String {
        let tag = crate::n8n::Js::String(tag.to_owned().into());
        DefaultResourceParser.value(&tag).unwrap_or_default()
    }

    fn operation(&self, op: &Operation) -> (String, String, String, String) {
        let js = operation_js(op);
        let context = OperationContext {
            pattern: &op.path,
            method: op.method.key(),
        };
        let parser = DefaultOperationParser;
        let name = parser.name(&js, context).unwrap_or_default();
        let value = parser.value(&js, context).unwrap_or_default();
        let action = parser
            .action(&js, context)
            .map(|a| a.to_js_string())
            .unwrap_or_default();
        let description = parser
            .description(&js)
            .map(|d| d.to_js_string())
            .unwrap_or_default();
        (name, value, action, description)
    }

    fn display_name(&self, name: &str) -> String {
        start_case(name)
    }
}
