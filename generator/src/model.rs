//! The model: one typed intermediate representation of a document that every
//! later stage (n8n metadata, Rust emission, `inspect`) reads. It is built from
//! the normalised `openapiv3` document by [`build`](crate::build); nothing
//! downstream needs `openapiv3` types again.
//!
//! Component references are resolved here (parameters, request bodies,
//! responses), except schema references, which stay as [`SchemaRef::Named`]
//! so that emitters can give named schemas their own types.

use indexmap::IndexMap;
use serde_json::Value;

use crate::diagnostics::Warning;

/// Everything later stages need to know about a document.
#[derive(Debug, Clone)]
pub struct Model {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// The `openapi` field as written in the source.
    pub openapi: String,
    /// `servers`, in document order.
    pub servers: Vec<Server>,
    /// Resources (tags) in the order `@devlikeapro/n8n-openapi-node` lists them.
    pub resources: Vec<Resource>,
    /// Every operation under `paths`, in document order (paths, then methods).
    pub operations: Vec<Operation>,
    /// Operations declared under the 3.1 `webhooks` key: requests the server
    /// sends, kept for later stages but not part of the client.
    pub webhooks: Vec<Operation>,
    /// `components.schemas`, in document order.
    pub schemas: IndexMap<String, Schema>,
    /// `components.securitySchemes`, in document order.
    pub security_schemes: IndexMap<String, SecurityScheme>,
    /// Repairs made while loading, each with its JSON pointer.
    pub warnings: Vec<Warning>,
}

/// The longest chain the generator follows: references (a `$ref` to a
/// `$ref` ..., a component parameter, body or response naming another),
/// and the walks of later stages along schemas (`Named` aliases, wrappers,
/// nesting); real documents take one to a handful. `refs` and `lower`
/// refuse longer reference chains with an error; past it a walk over
/// schemas stops as if the chain ended there. A fuse against cycles and
/// hostile documents, never reached by a real one. (The nesting of the
/// document's text is bounded apart, by
/// [`load::MAX_DEPTH`](crate::load::MAX_DEPTH).)
pub const MAX_REF_CHAIN: usize = 64;

impl Model {
    /// The schema a reference stands for: a named one from
    /// [`schemas`](Self::schemas) (`None` when the document has none of that
    /// name), an inline one as written. One step: a named schema that only
    /// refers to another is returned as it is.
    pub fn resolve<'m>(&'m self, schema: &'m SchemaRef) -> Option<&'m Schema> {
        match schema {
            SchemaRef::Named(name) => self.schemas.get(name),
            SchemaRef::Inline(inline) => Some(inline),
        }
    }
}

/// A `servers` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    /// The URL template, e.g. `{baseUrl}` or `https://api.example.com/v1`.
    pub url: String,
    /// The server's description.
    pub description: Option<String>,
    /// Variables in declaration order.
    pub variables: Vec<ServerVariable>,
}

impl Server {
    /// The URL with every variable replaced by its default.
    pub fn default_url(&self) -> String {
        let mut url = self.url.clone();
        for variable in &self.variables {
            url = url.replace(&format!("{{{}}}", variable.name), &variable.default);
        }
        url
    }
}

/// A server URL variable.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerVariable {
    /// The variable's name, as written in `{}` in the URL.
    pub name: String,
    /// Its `default` value.
    pub default: String,
    /// Its allowed values (`enum`), in order; empty when any value goes.
    pub enumeration: Vec<String>,
    /// Its description.
    pub description: Option<String>,
}

/// A resource: one tag, grouping operations.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// The tag name exactly as written (may contain emoji and spaces).
    pub tag: String,
    /// The declared tag's description.
    pub description: Option<String>,
    /// Whether the tag is declared in the top-level `tags` array.
    pub declared: bool,
    /// Indexes into [`Model::operations`] of the operations with this tag.
    pub operations: Vec<usize>,
}

/// HTTP methods an operation can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Method {
    /// `GET`.
    Get,
    /// `PUT`.
    Put,
    /// `POST`.
    Post,
    /// `DELETE`.
    Delete,
    /// `OPTIONS`.
    Options,
    /// `HEAD`.
    Head,
    /// `PATCH`.
    Patch,
    /// `TRACE`.
    Trace,
}

impl Method {
    /// Every method, in the order OpenAPI lists them in a path item.
    pub const ALL: [Method; 8] = [
        Method::Get,
        Method::Put,
        Method::Post,
        Method::Delete,
        Method::Options,
        Method::Head,
        Method::Patch,
        Method::Trace,
    ];

    /// The lower-case key used in a path item (`get`, `post`, ...).
    pub fn key(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Put => "put",
            Method::Post => "post",
            Method::Delete => "delete",
            Method::Options => "options",
            Method::Head => "head",
            Method::Patch => "patch",
            Method::Trace => "trace",
        }
    }

    /// The upper-case HTTP name (`GET`, `POST`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }

    /// Parses a path-item key.
    pub fn from_key(key: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.key() == key)
    }
}

/// One operation (a method on a path).
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// `operationId` as written, if any.
    pub operation_id: Option<String>,
    /// The HTTP method.
    pub method: Method,
    /// The path template as written, e.g. `/{phone}/chats/{jid}`.
    pub path: String,
    /// Tags in the operation's order; `["default"]` when it has none, as the
    /// n8n package does.
    pub tags: Vec<String>,
    /// `summary` as written.
    pub summary: Option<String>,
    /// `description` as written.
    pub description: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// Path-item and operation parameters merged (operation wins on the same
    /// name and location), path-item ones first, in document order.
    pub parameters: Vec<Parameter>,
    /// The request body, resolved; `None` when the operation takes none.
    pub request_body: Option<RequestBody>,
    /// Responses in document order.
    pub responses: Vec<Response>,
    /// The effective security: the operation's own `security` if present,
    /// else the document's. Alternatives (any one suffices); an empty list
    /// means no authentication.
    pub security: Vec<SecurityRequirement>,
    /// JSON pointer of the operation in the source document.
    pub pointer: String,
    /// `false` when the operation says `x-idempotent: false`: it must never
    /// be sent twice (never retried, its event stream never reopened).
    pub repeatable: bool,
}

impl Operation {
    /// Parameters in one location, in order.
    pub fn parameters_in(&self, location: ParameterLocation) -> impl Iterator<Item = &Parameter> {
        self.parameters
            .iter()
            .filter(move |p| p.location == location)
    }

    /// The names in `{}` of the path template, in order.
    pub fn path_template_names(&self) -> Vec<&str> {
        template_names(&self.path)
    }

    /// Responses with a 2xx status (or `2XX`), in document order; falls back to
    /// `default` when there is none.
    pub fn success_responses(&self) -> Vec<&Response> {
        let success: Vec<&Response> = self
            .responses
            .iter()
            .filter(|r| r.status.is_success())
            .collect();
        if success.is_empty() {
            self.responses
                .iter()
                .filter(|r| r.status == StatusCode::Default)
                .collect()
        } else {
            success
        }
    }
}

/// The `{name}` placeholders of a path template, in order.
pub fn template_names(path: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else { break };
        names.push(&after[..end]);
        rest = &after[end + 1..];
    }
    names
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParameterLocation {
    /// In the path template (`{name}`).
    Path,
    /// In the query string.
    Query,
    /// A request header.
    Header,
    /// A cookie.
    Cookie,
}

impl ParameterLocation {
    /// The `in` value as written in OpenAPI.
    pub fn as_str(self) -> &'static str {
        match self {
            ParameterLocation::Path => "path",
            ParameterLocation::Query => "query",
            ParameterLocation::Header => "header",
            ParameterLocation::Cookie => "cookie",
        }
    }
}

/// A parameter, resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// The parameter's name as written.
    pub name: String,
    /// Where it goes (`in`).
    pub location: ParameterLocation,
    /// Always true for path parameters.
    pub required: bool,
    /// `description` as written.
    pub description: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// The value's schema (from `schema`, or the first `content` entry's).
    pub schema: SchemaRef,
    /// `example` on the parameter, if any.
    pub example: Option<Value>,
    /// Query arrays: whether each item repeats the key (`form`, `explode`).
    pub explode: bool,
    /// `style`, or the location's default (`form` for query and cookie,
    /// `simple` for path and header).
    pub style: ParameterStyle,
}

/// How a parameter (or a form field) serialises arrays and objects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParameterStyle {
    /// `form`: `a=1&a=2` exploded, `a=1,2` not.
    Form,
    /// `simple`: `1,2`.
    Simple,
    /// `label`: `.1.2` or `.1,2`.
    Label,
    /// `matrix`: `;a=1;a=2` or `;a=1,2`.
    Matrix,
    /// `spaceDelimited`: `1 2`.
    SpaceDelimited,
    /// `pipeDelimited`: `1|2`.
    PipeDelimited,
    /// `deepObject`: `a[key]=value`.
    DeepObject,
}

/// A form field's `encoding` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Encoding {
    /// The property it applies to.
    pub name: String,
    /// `style`, when given.
    pub style: Option<ParameterStyle>,
    /// `explode` as written; `None` when not given.
    pub explode: Option<bool>,
}

/// A request body, resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    /// `description` as written.
    pub description: Option<String>,
    /// `required: true`.
    pub required: bool,
    /// Media types in document order.
    pub content: Vec<MediaType>,
}

/// One media type of a body.
#[derive(Debug, Clone, PartialEq)]
pub struct MediaType {
    /// e.g. `application/json`, `text/event-stream`.
    pub media_type: String,
    /// The schema of the media type, when it has one.
    pub schema: Option<SchemaRef>,
    /// `x-error-schema`: what an error event of this event stream looks like.
    pub error_schema: Option<SchemaRef>,
    /// `encoding` (form bodies), in document order.
    pub encoding: Vec<Encoding>,
}

impl MediaType {
    /// `application/json` and `+json` types.
    pub fn is_json(&self) -> bool {
        let essence = self.essence();
        essence == "application/json" || essence.ends_with("+json")
    }

    /// `text/event-stream`.
    pub fn is_event_stream(&self) -> bool {
        self.essence() == "text/event-stream"
    }

    /// The media type without parameters, lower-case.
    pub fn essence(&self) -> String {
        self.media_type
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase()
    }
}

/// A response status key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatusCode {
    /// An exact status such as 200.
    Code(u16),
    /// A range such as `2XX` (the digit is the class).
    Range(u16),
    /// `default`.
    Default,
}

impl StatusCode {
    /// 2xx or `2XX`.
    pub fn is_success(self) -> bool {
        match self {
            StatusCode::Code(code) => (200..300).contains(&code),
            StatusCode::Range(class) => class == 2,
            StatusCode::Default => false,
        }
    }
}

/// A response, resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// The status key (`200`, `4XX`, `default`).
    pub status: StatusCode,
    /// `description` as written (required by OpenAPI).
    pub description: String,
    /// The response's `x-error-hint`: what a client tells its user to check
    /// when this response comes (an error's message ends with it).
    pub error_hint: Option<String>,
    /// Media types in document order; empty for no body.
    pub content: Vec<MediaType>,
}

/// One alternative of a security requirement: every scheme named must apply.
#[derive(Debug, Clone, PartialEq)]
pub struct SecurityRequirement {
    /// Scheme names (keys of [`Model::security_schemes`]) with their scopes.
    pub schemes: Vec<(String, Vec<String>)>,
}

/// A security scheme.
#[derive(Debug, Clone, PartialEq)]
pub enum SecurityScheme {
    /// An API key in a header, query parameter or cookie.
    ApiKey {
        /// Where the key goes.
        location: ParameterLocation,
        /// The header, query parameter or cookie name.
        name: String,
        /// The scheme's description.
        description: Option<String>,
    },
    /// HTTP authentication (`bearer`, `basic`, ...).
    Http {
        /// The HTTP scheme name as written (`bearer`, `basic`, `digest`, ...).
        scheme: String,
        /// `bearerFormat`, a hint such as `JWT`.
        bearer_format: Option<String>,
        /// The scheme's description.
        description: Option<String>,
    },
    /// OAuth 2 or OpenID Connect: a bearer token obtained elsewhere.
    OAuth2 {
        /// The scheme's description.
        description: Option<String>,
    },
    /// OpenID Connect: a bearer token obtained elsewhere.
    OpenIdConnect {
        /// The scheme's description.
        description: Option<String>,
    },
}

impl SecurityScheme {
    /// The scheme's description, if the document gives one.
    pub fn description(&self) -> Option<&str> {
        match self {
            SecurityScheme::ApiKey { description, .. }
            | SecurityScheme::Http { description, .. }
            | SecurityScheme::OAuth2 { description }
            | SecurityScheme::OpenIdConnect { description } => description.as_deref(),
        }
    }
}

/// A schema either named in `components.schemas` or written inline.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub enum SchemaRef {
    /// `#/components/schemas/<name>`.
    Named(String),
    /// A schema written where it is used.
    Inline(Box<Schema>),
}

impl SchemaRef {
    /// A schema that accepts anything.
    pub fn any() -> Self {
        SchemaRef::Inline(Box::default())
    }
}

/// A schema, with 3.1 constructs already normalised away. Its JSON
/// serialization (`Serialize`) is its identity where types are shared
/// (`emit::types::identity`).
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
pub struct Schema {
    /// `title` as written.
    pub title: Option<String>,
    /// `description` as written.
    pub description: Option<String>,
    /// May also be `null` (3.0 `nullable`, 3.1 `type: [T, "null"]`).
    pub nullable: bool,
    /// `readOnly: true`: sent by the server only.
    pub read_only: bool,
    /// `writeOnly: true`: sent by the client only.
    pub write_only: bool,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// `default`, as JSON.
    pub default: Option<Value>,
    /// `example` (or the first of 3.1's `examples`), as JSON.
    pub example: Option<Value>,
    /// `discriminator` of a `oneOf`/`anyOf`: the property naming the variant.
    pub discriminator: Option<Discriminator>,
    /// What values the schema describes.
    pub kind: SchemaKind,
}

/// A `discriminator`.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
pub struct Discriminator {
    /// The property whose value names the variant.
    pub property_name: String,
    /// Value → `$ref` as written (`#/components/schemas/Cat`), in order.
    pub mapping: Vec<(String, String)>,
}

/// What values a schema describes.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
pub enum SchemaKind {
    /// Anything (no constraints the model keeps).
    #[default]
    Any,
    /// `type: string`.
    String {
        /// `format` as written (`date-time`, `binary`, ...).
        format: Option<String>,
        /// Allowed values, in order; empty when unconstrained.
        enumeration: Vec<String>,
    },
    /// `type: integer`.
    Integer {
        /// `format` as written (`int32`, `int64`, ...).
        format: Option<String>,
        /// Allowed values, in order; empty when unconstrained.
        enumeration: Vec<i64>,
    },
    /// `type: number`.
    Number {
        /// `format` as written (`float`, `double`, ...).
        format: Option<String>,
    },
    /// `type: boolean`.
    Boolean,
    /// `type: array`.
    Array {
        /// The items' schema.
        items: Box<SchemaRef>,
    },
    /// `type: object` (or properties without a type).
    Object {
        /// Properties in document order.
        properties: IndexMap<String, Property>,
        /// What the object allows beyond its properties.
        additional_properties: AdditionalProperties,
    },
    /// Exactly one of the variants (`oneOf`).
    OneOf(Vec<SchemaRef>),
    /// At least one of the variants (`anyOf`).
    AnyOf(Vec<SchemaRef>),
    /// All of the parts at once (`allOf`).
    AllOf(Vec<SchemaRef>),
    /// An enumeration of values that are not all strings or all integers.
    Enum(Vec<Value>),
}

/// An object property.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Property {
    /// The property's schema.
    pub schema: SchemaRef,
    /// Listed in the object's `required`.
    pub required: bool,
}

/// What an object allows beyond its named properties.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
pub enum AdditionalProperties {
    /// Not said: anything is allowed, nothing is typed.
    #[default]
    Unspecified,
    /// `additionalProperties: false`.
    Forbidden,
    /// `additionalProperties: true` or `{}`.
    Any,
    /// `additionalProperties: <schema>`: a map of that value type.
    Schema(Box<SchemaRef>),
}
