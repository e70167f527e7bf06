//! How resources and operations are named: the package's customisation
//! points (`config.resource`, `config.operation`, the collector's field
//! order), as traits, with the package's defaults and the WAHA node's own.

use super::js::{Js, Thrown, type_error};
use super::startcase::{start_case, start_case_js, start_case_once};

/// Where an operation sits: the path key and the lower-case method.
#[derive(Debug, Clone, Copy)]
pub struct OperationContext<'a> {
    /// The operation's path template.
    pub pattern: &'a str,
    /// Its HTTP method, lower-case.
    pub method: &'a str,
}

/// `config.resource`: a tag's n8n name, value and description.
pub trait ResourceParser: Sync {
    /// The resource's display name for a tag.
    fn name(&self, tag: &Js<'_>) -> Result<String, Thrown>;
    /// The resource's value for a tag.
    fn value(&self, tag: &Js<'_>) -> Result<String, Thrown>;
    /// The resource's description.
    fn description(&self, description: &Js<'_>) -> String {
        if description.truthy() {
            description.to_js_string()
        } else {
            String::new()
        }
    }
}

/// `config.operation`: an operation's n8n option.
pub trait OperationParser: Sync {
    /// Whether the operation is left out of the node.
    fn should_skip(&self, operation: &Js<'_>) -> bool {
        operation.field("deprecated").is_some_and(|d| d.truthy())
    }
    /// The operation's display name.
    fn name(&self, operation: &Js<'_>, context: OperationContext<'_>) -> Result<String, Thrown>;
    /// The operation's value.
    fn value(&self, operation: &Js<'_>, context: OperationContext<'_>) -> Result<String, Thrown>;
    /// [`value`](Self::value) when the name is already known; parsers whose
    /// value derives from the name override it to avoid naming twice.
    fn value_given_name(
        &self,
        operation: &Js<'_>,
        context: OperationContext<'_>,
        _name: &str,
    ) -> Result<String, Thrown> {
        self.value(operation, context)
    }
    /// The operation's action text.
    fn action<'d>(
        &self,
        operation: &Js<'d>,
        context: OperationContext<'_>,
    ) -> Result<Js<'d>, Thrown> {
        let summary = operation.get("summary")?;
        Ok(if summary.truthy() {
            summary
        } else {
            Js::String(self.name(operation, context)?.into())
        })
    }
    /// The operation's description.
    fn description<'d>(&self, operation: &Js<'d>) -> Result<Js<'d>, Thrown> {
        let description = operation.get("description")?;
        if description.truthy() {
            return Ok(description);
        }
        let summary = operation.get("summary")?;
        Ok(if summary.truthy() {
            summary
        } else {
            Js::String("".into())
        })
    }
}

/// The collector's hook on the order of an operation's fields (parameters
/// and body, before the info notice is put first).
pub trait FieldOrder: Sync {
    /// `Ordering::Less` when `a` goes before `b`; the package sorts with
    /// V8's `Array.prototype.sort`.
    fn compare(&self, a: &Js<'_>, b: &Js<'_>) -> std::cmp::Ordering;
}

/// `DefaultResourceParser`: `startCase(tag)` for both name and value.
#[derive(Debug, Clone, Copy, Default)]
pub struct DefaultResourceParser;

impl ResourceParser for DefaultResourceParser {
    fn name(&self, tag: &Js<'_>) -> Result<String, Thrown> {
        Ok(start_case_js(tag))
    }
    fn value(&self, tag: &Js<'_>) -> Result<String, Thrown> {
        Ok(start_case_js(tag))
    }
}

/// The WAHA node's resource parser: the value drops every character outside
/// `[A-Za-z0-9_-]` first (`🖥️ Sessions` → `Sessions`).
#[derive(Debug, Clone, Copy, Default)]
pub struct WahaResourceParser;

impl ResourceParser for WahaResourceParser {
    fn name(&self, tag: &Js<'_>) -> Result<String, Thrown> {
        Ok(start_case_js(tag))
    }
    fn value(&self, tag: &Js<'_>) -> Result<String, Thrown> {
        let Some(tag) = tag.as_str() else {
            return Err(type_error("tag.name.replace is not a function"));
        };
        let kept: String = tag
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
            .collect();
        Ok(start_case(&kept))
    }
}

/// `DefaultOperationParser`: `startCase(operationId)`, else `METHOD path`.
#[derive(Debug, Clone, Copy, Default)]
pub struct DefaultOperationParser;

impl OperationParser for DefaultOperationParser {
    fn name(&self, operation: &Js<'_>, context: OperationContext<'_>) -> Result<String, Thrown> {
        let id = operation.get("operationId")?;
        // operationIds are unique: the memo would only grow.
        Ok(if id.truthy() {
            match id.as_str() {
                Some(text) => start_case_once(text),
                None => start_case_once(&id.to_js_string()),
            }
        } else {
            format!("{} {}", context.method.to_uppercase(), context.pattern)
        })
    }
    fn value(&self, operation: &Js<'_>, context: OperationContext<'_>) -> Result<String, Thrown> {
        Ok(dashed(&self.name(operation, context)?))
    }
    fn value_given_name(
        &self,
        _: &Js<'_>,
        _: OperationContext<'_>,
        name: &str,
    ) -> Result<String, Thrown> {
        Ok(dashed(name))
    }
}

/// `name.replace(/[^a-zA-Z0-9 ]/g, '-')`, per UTF-16 code unit.
fn dashed(name: &str) -> String {
    if name.is_ascii() {
        // One code unit per byte: no decoding.
        let mut out = String::with_capacity(name.len());
        for byte in name.bytes() {
            out.push(if byte.is_ascii_alphanumeric() || byte == b' ' {
                char::from(byte)
            } else {
                '-'
            });
        }
        return out;
    }
    name.encode_utf16()
        .map(|unit| match char::from_u32(u32::from(unit)) {
            Some(c) if c.is_ascii_alphanumeric() || c == ' ' => c,
            _ => '-',
        })
        .collect()
}

/// The WAHA node's operation parser: name and value from the operationId
/// after its first `_` (`ChatsController_getChatMessages` → `Get Chat
/// Messages`), the whole id when nothing follows. Without an operationId it
/// falls back to the default parser's `METHOD path`.
#[derive(Debug, Clone, Copy, Default)]
pub struct WahaOperationParser;

impl OperationParser for WahaOperationParser {
    fn name(&self, operation: &Js<'_>, context: OperationContext<'_>) -> Result<String, Thrown> {
        let id = operation.get("operationId")?;
        let Some(id) = id.as_str().map(str::to_owned) else {
            return DefaultOperationParser.name(operation, context);
        };
        let rest = id.split('_').skip(1).collect::<Vec<_>>().join("_");
        Ok(start_case_once(if rest.is_empty() { &id } else { &rest }))
    }
    fn value(&self, operation: &Js<'_>, context: OperationContext<'_>) -> Result<String, Thrown> {
        self.name(operation, context)
    }
    fn value_given_name(
        &self,
        _: &Js<'_>,
        _: OperationContext<'_>,
        name: &str,
    ) -> Result<String, Thrown> {
        Ok(name.to_owned())
    }
}

/// The WAHA collector's order: a field named `session` goes first.
#[derive(Debug, Clone, Copy, Default)]
pub struct SessionFirst;

impl FieldOrder for SessionFirst {
    fn compare(&self, a: &Js, _b: &Js) -> std::cmp::Ordering {
        let is_session = |field: &Js<'_>| {
            field
                .field("name")
                .is_some_and(|n| n.as_str() == Some("session"))
        };
        if is_session(a) {
            std::cmp::Ordering::Less
        } else if is_session(_b) {
            std::cmp::Ordering::Greater
        } else {
            std::cmp::Ordering::Equal
        }
    }
}
