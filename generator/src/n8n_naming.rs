//! n8n-style names for the generated catalog, from the n8n module's default
//! parsers, and the default n8n properties JSON of a document.

use crate::emit::metadata::N8nNaming;
use crate::model::Operation;

/// The default parsers of `@devlikeapro/n8n-openapi-node`.
#[derive(Debug, Clone, Copy, Default)]
pub struct DefaultNaming;

impl N8nNaming for DefaultNaming {
    fn resource_value(&self, tag: &str) -> String {
        start_case(tag)
    }

    fn operation(&self, op: &Operation) -> (String, String, String, String) {
        let name = match &op.operation_id {
            Some(id) => start_case(id),
            None => format!("{} {}", op.method.as_str(), op.path),
        };
        let value: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == ' ' {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        let action = op.summary.clone().unwrap_or_else(|| name.clone());
        let description = op
            .description
            .clone()
            .or_else(|| op.summary.clone())
            .unwrap_or_default();
        (name, value, action, description)
    }

    fn display_name(&self, name: &str) -> String {
        start_case(name)
    }
}

use crate::n8n::startcase::start_case;
