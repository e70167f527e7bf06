//! The operation catalog: every operation of the API with its n8n-style
//! metadata (resource, name, action, fields), for listing and looking up
//! operations at run time, and the n8n node properties JSON built from the
//! same document.
//!
//! This file is hand-written and travels unchanged into every generated
//! crate; the data it reads is the generated `metadata` module.

use crate::metadata::{EVENTS, N8N_PROPERTIES_JSON, OPERATIONS};

/// One operation of the API.
#[derive(Debug, Clone, Copy)]
pub struct OperationMeta {
    /// `operationId` (or `METHOD path` when the document gives none).
    pub id: &'static str,
    /// The resource tag exactly as the document writes it.
    pub tag: &'static str,
    /// The n8n resource value (`Sessions`).
    pub resource: &'static str,
    /// The Rust module and the handle accessor (`sessions`).
    pub module: &'static str,
    /// The Rust method (`add_session_sse`).
    pub method_name: &'static str,
    /// The n8n operation name (`Add Session SSE`).
    pub name: &'static str,
    /// The n8n operation value.
    pub value: &'static str,
    /// The n8n action (the summary, or the name).
    pub action: &'static str,
    /// The description (or the summary).
    pub description: &'static str,
    /// Upper-case HTTP method.
    pub http_method: &'static str,
    /// Path template, e.g. `/sessions/{phone}/add-sse`.
    pub path: &'static str,
    /// Parameters in document order.
    pub parameters: &'static [FieldMeta],
    /// The first level of a JSON request body, in document order.
    pub body_fields: &'static [FieldMeta],
    /// Whether the JSON body is an array (sent whole, not field by field).
    pub body_is_array: bool,
    /// Request body media types, in document order.
    pub request_media_types: &'static [&'static str],
    /// Success response media types, in document order.
    pub response_media_types: &'static [&'static str],
    /// How the API key is sent: `header x-api-key`, `query api_key`, `bearer`.
    pub security: &'static [&'static str],
    /// Marked deprecated in the document.
    pub deprecated: bool,
    /// What the runtime needs to send it: a generic caller (such as a command
    /// line) passes this to [`Client::request`](crate::runtime::Client::request).
    pub info: &'static crate::runtime::OperationInfo,
}

/// Where a field goes in the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldLocation {
    /// A path template placeholder.
    Path,
    /// A query string parameter.
    Query,
    /// A request header.
    Header,
    /// A cookie.
    Cookie,
    /// A property of the JSON request body.
    Body,
}

/// The n8n type of a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    /// Free text.
    String,
    /// A number.
    Number,
    /// A boolean.
    Boolean,
    /// JSON text (objects and arrays).
    Json,
    /// One of [`FieldMeta::options`].
    Options,
}

/// One parameter or body field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldMeta {
    /// The name on the wire.
    pub name: &'static str,
    /// The n8n display name (`Phone`).
    pub display_name: &'static str,
    /// Where it goes.
    pub location: FieldLocation,
    /// Its n8n type.
    pub field_type: FieldType,
    /// Whether a request needs it.
    pub required: bool,
    /// The schema's default as JSON text: what the server assumes when the
    /// field is left out.
    pub default: Option<&'static str>,
    /// An example value as JSON text (the parameter's or the schema's).
    pub example: Option<&'static str>,
    /// Allowed values, for [`FieldType::Options`].
    pub options: &'static [&'static str],
    /// The description, empty when the document has none.
    pub description: &'static str,
}

/// Every operation, in document order.
pub fn operations() -> &'static [OperationMeta] {
    OPERATIONS
}

/// Looks an operation up by resource and operation, each given as the n8n
/// value, the Rust name, or kebab case (`sessions`, `add-session-sse`, `Add
/// Session SSE`); letter case, spaces, `-` and `_` do not matter.
pub fn find(resource: &str, operation: &str) -> Option<&'static OperationMeta> {
    let resource = loose(resource);
    let operation = loose(operation);
    OPERATIONS.iter().find(|op| {
        (loose(op.module) == resource || loose(op.resource) == resource)
            && (loose(op.method_name) == operation
                || loose(op.name) == operation
                || loose(op.id) == operation)
    })
}

/// Looks an operation up by its `operationId`.
pub fn by_id(id: &str) -> Option<&'static OperationMeta> {
    OPERATIONS.iter().find(|op| op.id == id)
}

/// The n8n node properties of the document, exactly as
/// `@devlikeapro/n8n-openapi-node` 0.1.4 builds them
/// (`JSON.stringify(value, null, 2)` and a newline).
pub fn n8n_properties_json() -> &'static str {
    N8N_PROPERTIES_JSON
}

fn loose(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, ' ' | '-' | '_'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// One event the server sends to a webhook (a variant of the generated
/// `events::Event`, present when the document declares webhooks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventMeta {
    /// The event's name: the body's `event` field (`message.ack`).
    pub name: &'static str,
    /// The `Event` variant that carries it (`MessageAck`).
    pub variant: &'static str,
    /// The payload's Rust type (`crate::models::WahaWebhookMessageAck`).
    pub payload_type: &'static str,
    /// The summary (or the description), empty when the document has none.
    pub summary: &'static str,
    /// The description (or the summary), empty when the document has none.
    pub description: &'static str,
}

/// Every event the document's webhooks declare, in document order.
pub fn events() -> &'static [EventMeta] {
    EVENTS
}

/// Looks an event up by its name (`message.ack`), exactly as the server
/// sends it.
pub fn event(name: &str) -> Option<&'static EventMeta> {
    EVENTS.iter().find(|event| event.name == name)
}
