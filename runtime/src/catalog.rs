//! The types of an operation catalog: every operation of an API with its
//! display metadata (resource, name, action, fields), for listing and
//! looking up operations at run time (a generic command line, say).
//!
//! A generated client with its catalog feature holds the data (its `metadata`
//! module) and a `catalog` module whose `operations()` and `find` call the
//! functions here on it.

/// One operation of the API.
///
/// Read its fields; build one with [`OperationMeta::new`] and the `with_`
/// methods (all `const`, so a generated catalog is a `static`). It is
/// `#[non_exhaustive]`: a later runtime may add fields, with defaults,
/// without breaking the code that builds it.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
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

impl OperationMeta {
    /// The operation `id` that `info` sends; its HTTP method and path are
    /// `info`'s. Every other field starts empty (`""`, `&[]`, `false`).
    pub const fn new(id: &'static str, info: &'static crate::OperationInfo) -> Self {
        OperationMeta {
            id,
            tag: "",
            resource: "",
            module: "",
            method_name: "",
            name: "",
            value: "",
            action: "",
            description: "",
            http_method: info.method().as_str(),
            path: info.path(),
            parameters: &[],
            body_fields: &[],
            body_is_array: false,
            request_media_types: &[],
            response_media_types: &[],
            security: &[],
            deprecated: false,
            info,
        }
    }

    /// With [`tag`](Self::tag).
    pub const fn with_tag(mut self, tag: &'static str) -> Self {
        self.tag = tag;
        self
    }

    /// With [`resource`](Self::resource).
    pub const fn with_resource(mut self, resource: &'static str) -> Self {
        self.resource = resource;
        self
    }

    /// With [`module`](Self::module).
    pub const fn with_module(mut self, module: &'static str) -> Self {
        self.module = module;
        self
    }

    /// With [`method_name`](Self::method_name).
    pub const fn with_method_name(mut self, method_name: &'static str) -> Self {
        self.method_name = method_name;
        self
    }

    /// With [`name`](Self::name).
    pub const fn with_name(mut self, name: &'static str) -> Self {
        self.name = name;
        self
    }

    /// With [`value`](Self::value).
    pub const fn with_value(mut self, value: &'static str) -> Self {
        self.value = value;
        self
    }

    /// With [`action`](Self::action).
    pub const fn with_action(mut self, action: &'static str) -> Self {
        self.action = action;
        self
    }

    /// With [`description`](Self::description).
    pub const fn with_description(mut self, description: &'static str) -> Self {
        self.description = description;
        self
    }

    /// With [`parameters`](Self::parameters).
    pub const fn with_parameters(mut self, parameters: &'static [FieldMeta]) -> Self {
        self.parameters = parameters;
        self
    }

    /// With [`body_fields`](Self::body_fields) (the properties of an object
    /// body).
    pub const fn with_body_fields(mut self, body_fields: &'static [FieldMeta]) -> Self {
        self.body_fields = body_fields;
        self
    }

    /// With the one [`body_fields`](Self::body_fields) entry of a body that
    /// is an array (sent whole): [`body_is_array`](Self::body_is_array).
    pub const fn with_array_body(mut self, body: &'static [FieldMeta]) -> Self {
        self.body_fields = body;
        self.body_is_array = true;
        self
    }

    /// With [`request_media_types`](Self::request_media_types).
    pub const fn with_request_media_types(mut self, types: &'static [&'static str]) -> Self {
        self.request_media_types = types;
        self
    }

    /// With [`response_media_types`](Self::response_media_types).
    pub const fn with_response_media_types(mut self, types: &'static [&'static str]) -> Self {
        self.response_media_types = types;
        self
    }

    /// With [`security`](Self::security).
    pub const fn with_security(mut self, security: &'static [&'static str]) -> Self {
        self.security = security;
        self
    }

    /// Marked deprecated in the document (the `deprecated` field).
    pub const fn deprecated(mut self) -> Self {
        self.deprecated = true;
        self
    }
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
///
/// Built with [`FieldMeta::new`] and the `with_` methods; `#[non_exhaustive]`
/// like [`OperationMeta`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
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

impl FieldMeta {
    /// The field `name` (on the wire), where it goes and its form type;
    /// not required, no display name, default, example, options or
    /// description until the `with_` methods give them.
    pub const fn new(name: &'static str, location: FieldLocation, field_type: FieldType) -> Self {
        FieldMeta {
            name,
            display_name: "",
            location,
            field_type,
            required: false,
            default: None,
            example: None,
            options: &[],
            description: "",
        }
    }

    /// With [`display_name`](Self::display_name).
    pub const fn with_display_name(mut self, display_name: &'static str) -> Self {
        self.display_name = display_name;
        self
    }

    /// Needed by every request (the `required` field).
    pub const fn required(mut self) -> Self {
        self.required = true;
        self
    }

    /// With [`default`](Self::default) (JSON text).
    pub const fn with_default(mut self, default: &'static str) -> Self {
        self.default = Some(default);
        self
    }

    /// With [`example`](Self::example) (JSON text).
    pub const fn with_example(mut self, example: &'static str) -> Self {
        self.example = Some(example);
        self
    }

    /// With [`options`](Self::options).
    pub const fn with_options(mut self, options: &'static [&'static str]) -> Self {
        self.options = options;
        self
    }

    /// With [`description`](Self::description).
    pub const fn with_description(mut self, description: &'static str) -> Self {
        self.description = description;
        self
    }
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
///
/// Built with [`EventMeta::new`] and the `with_` methods; `#[non_exhaustive]`
/// like [`OperationMeta`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
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

impl EventMeta {
    /// The event `name`, the `Event` variant that carries it and the
    /// payload's Rust type; no summary or description until the `with_`
    /// methods give them.
    pub const fn new(
        name: &'static str,
        variant: &'static str,
        payload_type: &'static str,
    ) -> Self {
        EventMeta {
            name,
            variant,
            payload_type,
            summary: "",
            description: "",
        }
    }

    /// With [`summary`](Self::summary).
    pub const fn with_summary(mut self, summary: &'static str) -> Self {
        self.summary = summary;
        self
    }

    /// With [`description`](Self::description).
    pub const fn with_description(mut self, description: &'static str) -> Self {
        self.description = description;
        self
    }
}

/// Looks an event up by its name (`order.paid`), exactly as the server
/// sends it.
pub fn event<'a>(events: &'a [EventMeta], name: &str) -> Option<&'a EventMeta> {
    events.iter().find(|event| event.name == name)
}
