//! The types of an operation catalog: every operation of an API with its
//! display metadata (resource, name, action, fields), for listing and
//! looking up operations at run time (a generic command line, say).
//!
//! A generated client with its catalog feature holds the data (its `metadata`
//! module) and a `catalog` module whose `operations()` and `find` call the
//! functions here on it.

/// One operation of the API.
#[derive(Debug, Clone, Copy)]
pub struct OperationMeta {
    /// `operationId` (or `METHOD path` when the document gives none).
    pub id: &'static str,
    /// The resource tag exactly as the document writes it.
    pub tag: &'static str,
    /// The resource as shown to users (`Pets`).
    pub resource: &'static str,
    /// The Rust module and the handle accessor (`pets`).
    pub module: &'static str,
    /// The Rust method (`list_pets`).
    pub method_name: &'static str,
    /// The operation as shown to users (`List Pets`).
    pub name: &'static str,
    /// The operation as a value (`listPets`).
    pub value: &'static str,
    /// The action (the summary, or the name).
    pub action: &'static str,
    /// The description (or the summary).
    pub description: &'static str,
    /// Upper-case HTTP method.
    pub http_method: &'static str,
    /// Path template, e.g. `/pets/{petId}/photos`.
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
    /// The security alternatives in the document's order, each the schemes
    /// sent together joined by ` + `: `header x-api-key`, `query api_key`,
    /// `bearer`, `basic`, `header x-api-key + basic`, `none` (calls without
    /// credentials allowed), `unsupported: ...`.
    pub security: &'static [&'static str],
    /// Marked deprecated in the document.
    pub deprecated: bool,
    /// What the runtime needs to send it: a generic caller (such as a command
    /// line) passes this to [`Client::request`](crate::Client::request).
    pub info: &'static crate::OperationInfo,
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

/// The type of a field, as a form shows it.
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
    /// The display name (`Pet Id`).
    pub display_name: &'static str,
    /// Where it goes.
    pub location: FieldLocation,
    /// Its form type.
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

/// Looks an operation of `operations` up by resource and operation, each
/// given as the display value, the Rust name, or kebab case (`pets`,
/// `list-pets`, `List Pets`); letter case, spaces, `-` and `_` do not
/// matter.
pub fn find<'a>(
    operations: &'a [OperationMeta],
    resource: &str,
    operation: &str,
) -> Option<&'a OperationMeta> {
    let resource = loose(resource);
    let operation = loose(operation);
    operations.iter().find(|op| {
        (loose(op.module) == resource || loose(op.resource) == resource)
            && (loose(op.method_name) == operation
                || loose(op.name) == operation
                || loose(op.id) == operation)
    })
}

/// Looks an operation of `operations` up by its `operationId`.
pub fn by_id<'a>(operations: &'a [OperationMeta], id: &str) -> Option<&'a OperationMeta> {
    operations.iter().find(|op| op.id == id)
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
    /// The event's name: the body's `event` field (`order.paid`).
    pub name: &'static str,
    /// The `Event` variant that carries it (`OrderPaid`).
    pub variant: &'static str,
    /// The payload's Rust type (`models::OrderPaidEvent`).
    pub payload_type: &'static str,
    /// The summary (or the description), empty when the document has none.
    pub summary: &'static str,
    /// The description (or the summary), empty when the document has none.
    pub description: &'static str,
}

/// Looks an event up by its name (`order.paid`), exactly as the server
/// sends it.
pub fn event<'a>(events: &'a [EventMeta], name: &str) -> Option<&'a EventMeta> {
    events.iter().find(|event| event.name == name)
}
