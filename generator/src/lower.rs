//! Builds the [`Model`] from a loaded [`Document`]: checks references,
//! normalises, parses with `openapiv3`, then resolves component references
//! (parameters, bodies, responses) into the model's own types.

use indexmap::IndexMap;
use openapiv3 as oa;
use serde_json::Value;

use crate::diagnostics::{Error, Location, Warning};
use crate::load::Document;
use crate::model::{
    AdditionalProperties, Discriminator, Encoding, MAX_REF_CHAIN, MediaType, Method, Model,
    Operation, Parameter, ParameterLocation, ParameterStyle, Property, RequestBody, Resource,
    Response, Schema, SchemaKind, SchemaRef, SecurityRequirement, SecurityScheme, Server,
    ServerVariable, StatusCode,
};
use crate::normalize::{Normalized, normalize};
use crate::pointer;

/// The tag given to operations without tags, as `@devlikeapro/n8n-openapi-node` does.
pub const DEFAULT_TAG: &str = "default";

/// Builds the model of a loaded document.
pub fn build(document: &Document) -> Result<Model, Error> {
    crate::load::with_deep_stack(|| build_on_this_stack(document))
}

fn build_on_this_stack(document: &Document) -> Result<Model, Error> {
    let origin = document.origin.as_str();
    crate::refs::check_references(&document.raw, origin)?;
    let mut normalized = normalize(&document.raw);
    if let Some(refusal) = &normalized.refused {
        return Err(Error::at_pointer(
            origin,
            &refusal.pointer,
            &refusal.message,
        ));
    }
    let warnings = std::mem::take(&mut normalized.warnings);
    build_normalized(document, &normalized, warnings)
        .map_err(|error| where_written(error, &normalized))
}

/// An error inside a copy `normalize` made of a reference's target names the
/// target, where the author can fix it, and the `$ref` that led there: the
/// copy's own pointer is nowhere in the document as written.
fn where_written(error: Error, normalized: &Normalized) -> Error {
    let Error::Document {
        origin,
        location: Location::Pointer(pointer),
        message,
    } = error
    else {
        return error;
    };
    match normalized.written_place(&pointer) {
        Some((written, reference)) => Error::at_pointer(
            &origin,
            &written,
            format!("{message} (reached through the `$ref` at #{reference})"),
        ),
        None => Error::at_pointer(&origin, &pointer, message),
    }
}

fn build_normalized(
    document: &Document,
    normalized: &Normalized,
    normalize_warnings: Vec<Warning>,
) -> Result<Model, Error> {
    let origin = document.origin.as_str();
    let api: oa::OpenAPI = parse_typed(&normalized.document, origin, "")?;
    let builder = Builder {
        api: &api,
        document: &normalized.document,
        origin,
    };

    let mut operations = Vec::new();
    if let Some(Value::Object(paths)) = normalized.document.get("paths") {
        for (path, item_value) in paths {
            let item_ptr = pointer::join("/paths", path);
            let item = match api.paths.paths.get(path) {
                Some(oa::ReferenceOr::Item(item)) => item.clone(),
                Some(oa::ReferenceOr::Reference { reference }) => {
                    builder.path_item_ref(reference, &item_ptr)?
                }
                None if !path.starts_with('/') && !path.starts_with("x-") => {
                    return Err(Error::at_pointer(
                        origin,
                        &item_ptr,
                        format!(
                            "a path must start with `/`, and `/{}` is declared too: remove one",
                            crate::diagnostics::excerpt(path)
                        ),
                    ));
                }
                None => continue,
            };
            builder.path_item_operations(path, &item, item_value, &item_ptr, &mut operations)?;
        }
    }

    let mut webhooks = Vec::new();
    for (name, item_value) in &normalized.webhooks {
        let item_ptr = pointer::join(normalized.webhooks_pointer, name);
        let item: oa::PathItem = parse_typed(item_value, origin, &item_ptr)?;
        builder.path_item_operations(name, &item, item_value, &item_ptr, &mut webhooks)?;
    }

    let mut schemas = IndexMap::new();
    if let Some(components) = &api.components {
        for (name, schema) in &components.schemas {
            let ptr = pointer::join("/components/schemas", name);
            let schema = match schema {
                oa::ReferenceOr::Item(schema) => builder.schema(schema, &ptr, 0)?,
                oa::ReferenceOr::Reference { reference } => Schema {
                    kind: SchemaKind::AllOf(vec![builder.schema_reference(reference, &ptr, 0)?]),
                    ..Schema::default()
                },
            };
            schemas.insert(name.clone(), schema);
        }
    }

    let security_schemes = builder.security_schemes();
    let mut warnings = document.warnings.clone();
    warnings.extend(normalize_warnings);
    warnings.extend(unsupported_security(&security_schemes));
    let resources = resources(&api, &operations);
    Ok(Model {
        title: api.info.title.clone(),
        version: api.info.version.clone(),
        description: api.info.description.clone(),
        openapi: document.openapi.clone(),
        servers: api.servers.iter().map(server).collect(),
        resources,
        operations,
        webhooks,
        schemas,
        security_schemes,
        warnings,
    })
}

/// Parses a JSON value into an `openapiv3` type, naming the pointer of the
/// first value that does not fit.
fn parse_typed<T: serde::de::DeserializeOwned>(
    value: &Value,
    origin: &str,
    base: &str,
) -> Result<T, Error> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let mut at = base.to_owned();
        for segment in e.path().iter() {
            use serde_path_to_error::Segment;
            match segment {
                Segment::Seq { index } => at = format!("{at}/{index}"),
                Segment::Map { key } => at = pointer::join(&at, key),
                Segment::Enum { .. } | Segment::Unknown => {}
            }
        }
        let mut message = e.inner().to_string();
        // `openapiv3` reads many places through untagged enums, whose errors
        // stop at the enum; look inside for the value at fault.
        if let Some(value) = value.pointer(&at[base.len()..]) {
            if let Some((inner, inner_message)) = crate::narrow::narrow(value, &at) {
                at.push_str(&inner);
                message = inner_message;
            }
        }
        Error::at_pointer(
            origin,
            &at,
            format!("not a valid OpenAPI document here: {message}"),
        )
    })
}

fn server(server: &oa::Server) -> Server {
    Server {
        url: server.url.clone(),
        description: server.description.clone(),
        variables: server
            .variables
            .iter()
            .flatten()
            .map(|(name, variable)| ServerVariable {
                name: name.clone(),
                default: variable.default.clone(),
                enumeration: variable.enumeration.clone(),
                description: variable.description.clone(),
            })
            .collect(),
    }
}

/// Resources in the order `@devlikeapro/n8n-openapi-node` lists them: tags in
/// order of first use, then declared-but-unused tags, sorted by declaration
/// index (a stable sort), with an undeclared `default` tag last.
fn resources(api: &oa::OpenAPI, operations: &[Operation]) -> Vec<Resource> {
    let mut seen: Vec<String> = Vec::new();
    for op in operations {
        for tag in &op.tags {
            if !seen.contains(tag) {
                seen.push(tag.clone());
            }
        }
    }
    for tag in &api.tags {
        if !seen.contains(&tag.name) {
            seen.push(tag.name.clone());
        }
    }
    let declared: Vec<&str> = api.tags.iter().map(|t| t.name.as_str()).collect();
    let order = crate::tag_order::n8n_resource_order(&seen, &declared);
    order
        .into_iter()
        .map(|tag| {
            let declaration = api.tags.iter().find(|t| t.name == tag);
            let operations = operations
                .iter()
                .enumerate()
                .filter(|(_, op)| op.tags.contains(&tag))
                .map(|(i, _)| i)
                .collect();
            Resource {
                description: declaration.and_then(|t| t.description.clone()),
                declared: declaration.is_some(),
                tag,
                operations,
            }
        })
        .collect()
}

struct Builder<'a> {
    api: &'a oa::OpenAPI,
    /// The normalised document, for references that do not point into the
    /// typed components.
    document: &'a Value,
    origin: &'a str,
}

impl<'a> Builder<'a> {
    fn error(&self, at: &str, message: impl Into<String>) -> Error {
        Error::at_pointer(self.origin, at, message)
    }

    fn path_item_ref(&self, reference: &str, at: &str) -> Result<oa::PathItem, Error> {
        let target = pointer::resolve_local(self.document, reference)
            .ok_or_else(|| self.error(at, format!("`$ref: {reference}` points to nothing")))?;
        let target_ptr = reference.trim_start_matches('#').to_owned();
        parse_typed(target, self.origin, &target_ptr)
    }

    /// Appends the operations of one path item, in the order their methods
    /// appear in the document.
    fn path_item_operations(
        &self,
        path: &str,
        item: &oa::PathItem,
        item_value: &Value,
        item_ptr: &str,
        out: &mut Vec<Operation>,
    ) -> Result<(), Error> {
        let methods: Vec<Method> = match item_value {
            Value::Object(map) => map.keys().filter_map(|k| Method::from_key(k)).collect(),
            _ => Method::ALL.to_vec(),
        };
        for method in methods {
            let op = match method {
                Method::Get => &item.get,
                Method::Put => &item.put,
                Method::Post => &item.post,
                Method::Delete => &item.delete,
                Method::Options => &item.options,
                Method::Head => &item.head,
                Method::Patch => &item.patch,
                Method::Trace => &item.trace,
            };
            if let Some(op) = op {
                let op_ptr = pointer::join(item_ptr, method.key());
                out.push(self.operation(path, method, op, &item.parameters, item_ptr, &op_ptr)?);
            }
        }
        Ok(())
    }

    fn operation(
        &self,
        path: &str,
        method: Method,
        op: &oa::Operation,
        shared: &[oa::ReferenceOr<oa::Parameter>],
        item_ptr: &str,
        op_ptr: &str,
    ) -> Result<Operation, Error> {
        let mut parameters: Vec<Parameter> = Vec::new();
        for (i, param) in shared.iter().enumerate() {
            let at = format!("{item_ptr}/parameters/{i}");
            parameters.push(self.parameter(param, &at)?);
        }
        for (i, param) in op.parameters.iter().enumerate() {
            let at = format!("{op_ptr}/parameters/{i}");
            let param = self.parameter(param, &at)?;
            // An operation parameter overrides a path-item one with the same
            // name and location.
            match parameters
                .iter_mut()
                .find(|p| p.name == param.name && p.location == param.location)
            {
                Some(existing) => *existing = param,
                None => parameters.push(param),
            }
        }
        let request_body = match &op.request_body {
            Some(body) => Some(self.request_body(body, &pointer::join(op_ptr, "requestBody"))?),
            None => None,
        };
        let responses = self.responses(&op.responses, &pointer::join(op_ptr, "responses"))?;
        let security = op
            .security
            .as_ref()
            .or(self.api.security.as_ref())
            .map(|alternatives| {
                alternatives
                    .iter()
                    .map(|requirement| SecurityRequirement {
                        schemes: requirement
                            .iter()
                            .map(|(name, scopes)| (name.clone(), scopes.clone()))
                            .collect(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let tags = if op.tags.is_empty() {
            vec![DEFAULT_TAG.to_owned()]
        } else {
            op.tags.clone()
        };
        let repeatable = match op.extensions.get("x-idempotent") {
            None => true,
            Some(serde_json::Value::Bool(idempotent)) => *idempotent,
            Some(other) => {
                return Err(self.error(
                    &pointer::join(op_ptr, "x-idempotent"),
                    format!("`x-idempotent` must be true or false, not {other}"),
                ));
            }
        };
        Ok(Operation {
            repeatable,
            operation_id: op.operation_id.clone().filter(|id| !id.is_empty()),
            method,
            path: path.to_owned(),
            tags,
            summary: op.summary.clone().filter(|s| !s.is_empty()),
            description: op.description.clone().filter(|s| !s.is_empty()),
            deprecated: op.deprecated,
            parameters,
            request_body,
            responses,
            security,
            pointer: op_ptr.to_owned(),
        })
    }

    /// Follows a component reference of the kind `section` (`parameters`,
    /// `requestBodies`, `responses`) to the item.
    fn component<'c, T>(
        &self,
        mut current: &'c oa::ReferenceOr<T>,
        lookup: impl Fn(&str) -> Option<&'c oa::ReferenceOr<T>>,
        section: &str,
        at: &str,
    ) -> Result<&'c T, Error> {
        for _ in 0..MAX_REF_CHAIN {
            match current {
                oa::ReferenceOr::Item(item) => return Ok(item),
                oa::ReferenceOr::Reference { reference } => {
                    let prefix = format!("#/components/{section}/");
                    let name = reference.strip_prefix(&prefix).ok_or_else(|| {
                        self.error(
                            at,
                            format!(
                                "`$ref: {reference}` must point into `#/components/{section}/`"
                            ),
                        )
                    })?;
                    current = lookup(&pointer::unescape(name)).ok_or_else(|| {
                        self.error(at, format!("`$ref: {reference}` points to nothing"))
                    })?;
                }
            }
        }
        Err(self.error(at, "too many chained references"))
    }

    fn parameter(
        &self,
        param: &oa::ReferenceOr<oa::Parameter>,
        at: &str,
    ) -> Result<Parameter, Error> {
        let components = self.api.components.as_ref();
        let param = self.component(
            param,
            |name| components.and_then(|c| c.parameters.get(name)),
            "parameters",
            at,
        )?;
        let (data, location, style) = match param {
            oa::Parameter::Query {
                parameter_data,
                style,
                ..
            } => (parameter_data, ParameterLocation::Query, query_style(style)),
            oa::Parameter::Header { parameter_data, .. } => (
                parameter_data,
                ParameterLocation::Header,
                ParameterStyle::Simple,
            ),
            oa::Parameter::Path {
                parameter_data,
                style,
                ..
            } => (
                parameter_data,
                ParameterLocation::Path,
                match style {
                    oa::PathStyle::Matrix => ParameterStyle::Matrix,
                    oa::PathStyle::Label => ParameterStyle::Label,
                    oa::PathStyle::Simple => ParameterStyle::Simple,
                },
            ),
            oa::Parameter::Cookie { parameter_data, .. } => (
                parameter_data,
                ParameterLocation::Cookie,
                ParameterStyle::Form,
            ),
        };
        // OpenAPI: `explode` defaults to true for `form`, false otherwise.
        let explode_default = style == ParameterStyle::Form;
        let schema = match &data.format {
            oa::ParameterSchemaOrContent::Schema(schema) => {
                self.schema_or_ref(schema, &pointer::join(at, "schema"), 0)?
            }
            oa::ParameterSchemaOrContent::Content(content) => {
                let media = self.content(content, &pointer::join(at, "content"))?;
                media
                    .into_iter()
                    .next()
                    .and_then(|m| m.schema)
                    .unwrap_or_else(SchemaRef::any)
            }
        };
        Ok(Parameter {
            name: data.name.clone(),
            location,
            required: data.required || location == ParameterLocation::Path,
            description: data.description.clone().filter(|d| !d.is_empty()),
            deprecated: data.deprecated.unwrap_or(false),
            schema,
            example: data.example.clone(),
            explode: data.explode.unwrap_or(explode_default),
            style,
        })
    }

    fn request_body(
        &self,
        body: &oa::ReferenceOr<oa::RequestBody>,
        at: &str,
    ) -> Result<RequestBody, Error> {
        let components = self.api.components.as_ref();
        let body = self.component(
            body,
            |name| components.and_then(|c| c.request_bodies.get(name)),
            "requestBodies",
            at,
        )?;
        Ok(RequestBody {
            description: body.description.clone().filter(|d| !d.is_empty()),
            required: body.required,
            content: self.content(&body.content, &pointer::join(at, "content"))?,
        })
    }

    fn responses(&self, responses: &oa::Responses, at: &str) -> Result<Vec<Response>, Error> {
        let components = self.api.components.as_ref();
        let lookup = |name: &str| components.and_then(|c| c.responses.get(name));
        let mut out = Vec::new();
        for (status, response) in &responses.responses {
            let ptr = pointer::join(at, &status.to_string());
            let response = self.component(response, lookup, "responses", &ptr)?;
            out.push(Response {
                status: match status {
                    oa::StatusCode::Code(code) => StatusCode::Code(*code),
                    oa::StatusCode::Range(class) => StatusCode::Range(*class),
                },
                description: response.description.clone(),
                error_hint: self.error_hint(response, &ptr)?,
                content: self.content(&response.content, &pointer::join(&ptr, "content"))?,
            });
        }
        if let Some(response) = &responses.default {
            let ptr = pointer::join(at, "default");
            let response = self.component(response, lookup, "responses", &ptr)?;
            out.push(Response {
                status: StatusCode::Default,
                description: response.description.clone(),
                error_hint: self.error_hint(response, &ptr)?,
                content: self.content(&response.content, &pointer::join(&ptr, "content"))?,
            });
        }
        Ok(out)
    }

    /// A response's `x-error-hint`: what a client tells its user to check
    /// when this response comes, after the server's own words.
    fn error_hint(&self, response: &oa::Response, at: &str) -> Result<Option<String>, Error> {
        match response.extensions.get("x-error-hint") {
            None => Ok(None),
            Some(serde_json::Value::String(hint)) if !hint.trim().is_empty() => {
                Ok(Some(hint.trim().to_owned()))
            }
            Some(_) => Err(self.error(
                &pointer::join(at, "x-error-hint"),
                "`x-error-hint` must be a non-empty string: what to tell the user to check when this response comes",
            )),
        }
    }

    fn content(
        &self,
        content: &IndexMap<String, oa::MediaType>,
        at: &str,
    ) -> Result<Vec<MediaType>, Error> {
        content
            .iter()
            .map(|(media_type, media)| {
                let ptr = pointer::join(&pointer::join(at, media_type), "schema");
                Ok(MediaType {
                    media_type: media_type.clone(),
                    schema: match &media.schema {
                        Some(schema) => Some(self.schema_or_ref(schema, &ptr, 0)?),
                        None => None,
                    },
                    error_schema: self.error_schema(media, &pointer::join(at, media_type))?,
                    encoding: self.encoding(media, &pointer::join(at, media_type)),
                })
            })
            .collect()
    }

    /// `x-error-schema` on a media type: the schema of the error events an
    /// event stream may carry (a `$ref`, or a schema written in place).
    fn error_schema(&self, media: &oa::MediaType, at: &str) -> Result<Option<SchemaRef>, Error> {
        let Some(value) = media.extensions.get("x-error-schema") else {
            return Ok(None);
        };
        let at = pointer::join(at, "x-error-schema");
        let schema: oa::ReferenceOr<oa::Schema> =
            serde_json::from_value(value.clone()).map_err(|e| {
                self.error(
                    &at,
                    format!("`x-error-schema` must be a schema or a `$ref` to one: {e}"),
                )
            })?;
        self.schema_or_ref(&schema, &at, 0).map(Some)
    }

    /// A media type's `encoding` entries. `explode` is read from the
    /// document: `openapiv3` makes a missing one `false`, while OpenAPI's
    /// default depends on the style.
    fn encoding(&self, media: &oa::MediaType, at: &str) -> Vec<Encoding> {
        let raw = self.through_refs(at);
        media
            .encoding
            .iter()
            .map(|(name, encoding)| Encoding {
                name: name.clone(),
                style: encoding.style.as_ref().map(query_style),
                explode: raw
                    .and_then(|media| media.get("encoding")?.get(name)?.get("explode"))
                    .and_then(Value::as_bool),
            })
            .collect()
    }

    /// The value at `at`, following the `$ref`s met on the way (a
    /// referenced request body's content, say).
    fn through_refs(&self, at: &str) -> Option<&'a Value> {
        let follow = |mut value: &'a Value| {
            for _ in 0..MAX_REF_CHAIN {
                match value.get("$ref").and_then(Value::as_str) {
                    Some(reference) => value = pointer::resolve_local(self.document, reference)?,
                    None => break,
                }
            }
            Some(value)
        };
        let mut current = follow(self.document)?;
        for token in at.split('/').skip(1) {
            let token = pointer::unescape(token);
            current = match current {
                Value::Object(map) => map.get(&token)?,
                Value::Array(items) => items.get(token.parse::<usize>().ok()?)?,
                _ => return None,
            };
            current = follow(current)?;
        }
        Some(current)
    }

    fn security_schemes(&self) -> IndexMap<String, SecurityScheme> {
        let Some(components) = &self.api.components else {
            return IndexMap::new();
        };
        components
            .security_schemes
            .iter()
            .filter_map(|(name, scheme)| {
                let oa::ReferenceOr::Item(scheme) = scheme else {
                    return None;
                };
                let scheme = match scheme {
                    oa::SecurityScheme::APIKey {
                        location,
                        name,
                        description,
                        ..
                    } => SecurityScheme::ApiKey {
                        location: match location {
                            oa::APIKeyLocation::Query => ParameterLocation::Query,
                            oa::APIKeyLocation::Header => ParameterLocation::Header,
                            oa::APIKeyLocation::Cookie => ParameterLocation::Cookie,
                        },
                        name: name.clone(),
                        description: description.clone(),
                    },
                    oa::SecurityScheme::HTTP {
                        scheme,
                        bearer_format,
                        description,
                        ..
                    } => SecurityScheme::Http {
                        scheme: scheme.to_ascii_lowercase(),
                        bearer_format: bearer_format.clone(),
                        description: description.clone(),
                    },
                    oa::SecurityScheme::OAuth2 { description, .. } => SecurityScheme::OAuth2 {
                        description: description.clone(),
                    },
                    oa::SecurityScheme::OpenIDConnect { description, .. } => {
                        SecurityScheme::OpenIdConnect {
                            description: description.clone(),
                        }
                    }
                };
                Some((name.clone(), scheme))
            })
            .collect()
    }

    /// A schema or a reference to one; `openapiv3` boxes some of them.
    fn schema_or_ref<S: std::borrow::Borrow<oa::Schema>>(
        &self,
        schema: &oa::ReferenceOr<S>,
        at: &str,
        depth: usize,
    ) -> Result<SchemaRef, Error> {
        match schema {
            oa::ReferenceOr::Reference { reference } => self.schema_reference(reference, at, depth),
            oa::ReferenceOr::Item(schema) => Ok(SchemaRef::Inline(Box::new(self.schema(
                schema.borrow(),
                at,
                depth,
            )?))),
        }
    }

    /// `#/components/schemas/X` stays a name; any other local pointer is
    /// inlined (it has no name of its own).
    fn schema_reference(
        &self,
        reference: &str,
        at: &str,
        depth: usize,
    ) -> Result<SchemaRef, Error> {
        if let Some(name) = reference.strip_prefix("#/components/schemas/") {
            if !name.contains('/') {
                let name = pointer::unescape(name);
                let exists = self
                    .api
                    .components
                    .as_ref()
                    .is_some_and(|c| c.schemas.contains_key(&name));
                if !exists {
                    return Err(self.error(at, format!("`$ref: {reference}` points to nothing")));
                }
                return Ok(SchemaRef::Named(name));
            }
        }
        if depth > crate::load::MAX_DEPTH {
            return Err(self.error(at, format!("`$ref: {reference}` recurses without a name; give the schema a name under components.schemas")));
        }
        let target = pointer::resolve_local(self.document, reference)
            .ok_or_else(|| self.error(at, format!("`$ref: {reference}` points to nothing")))?;
        let target_ptr = reference.trim_start_matches('#');
        let schema: oa::ReferenceOr<oa::Schema> = parse_typed(target, self.origin, target_ptr)?;
        self.schema_or_ref(&schema, target_ptr, depth + 1)
    }

    fn schema(&self, schema: &oa::Schema, at: &str, depth: usize) -> Result<Schema, Error> {
        if depth > crate::load::MAX_DEPTH {
            return Err(self.error(at, "schema nests too deeply"));
        }
        let data = &schema.schema_data;
        let mut out = Schema {
            title: data.title.clone(),
            description: data.description.clone().filter(|d| !d.is_empty()),
            nullable: data.nullable,
            read_only: data.read_only,
            write_only: data.write_only,
            deprecated: data.deprecated,
            default: data.default.clone(),
            example: data.example.clone(),
            discriminator: data.discriminator.as_ref().map(|d| Discriminator {
                property_name: d.property_name.clone(),
                mapping: d
                    .mapping
                    .iter()
                    .map(|(value, reference)| (value.clone(), reference.clone()))
                    .collect(),
            }),
            kind: SchemaKind::Any,
        };
        let d = depth + 1;
        out.kind = match &schema.schema_kind {
            oa::SchemaKind::Type(oa::Type::String(s)) => {
                if s.enumeration.iter().any(Option::is_none) {
                    out.nullable = true;
                }
                SchemaKind::String {
                    format: variant_name(&s.format),
                    enumeration: s.enumeration.iter().flatten().cloned().collect(),
                }
            }
            oa::SchemaKind::Type(oa::Type::Integer(i)) => {
                if i.enumeration.iter().any(Option::is_none) {
                    out.nullable = true;
                }
                SchemaKind::Integer {
                    format: variant_name(&i.format),
                    enumeration: i.enumeration.iter().flatten().copied().collect(),
                }
            }
            oa::SchemaKind::Type(oa::Type::Number(n)) => SchemaKind::Number {
                format: variant_name(&n.format),
            },
            oa::SchemaKind::Type(oa::Type::Boolean(_)) => SchemaKind::Boolean,
            oa::SchemaKind::Type(oa::Type::Array(a)) => SchemaKind::Array {
                items: Box::new(match &a.items {
                    Some(items) => self.schema_or_ref(items, &pointer::join(at, "items"), d)?,
                    None => SchemaRef::any(),
                }),
            },
            oa::SchemaKind::Type(oa::Type::Object(o)) => self.object(
                &o.properties,
                &o.required,
                o.additional_properties.as_ref(),
                at,
                d,
            )?,
            oa::SchemaKind::OneOf { one_of } => {
                SchemaKind::OneOf(self.branches(one_of, &pointer::join(at, "oneOf"), d)?)
            }
            oa::SchemaKind::AnyOf { any_of } => {
                SchemaKind::AnyOf(self.branches(any_of, &pointer::join(at, "anyOf"), d)?)
            }
            oa::SchemaKind::AllOf { all_of } => {
                SchemaKind::AllOf(self.branches(all_of, &pointer::join(at, "allOf"), d)?)
            }
            oa::SchemaKind::Not { .. } => SchemaKind::Any,
            oa::SchemaKind::Any(any) => self.any_schema(any, &mut out, at, d)?,
        };
        Ok(out)
    }

    fn branches(
        &self,
        branches: &[oa::ReferenceOr<oa::Schema>],
        at: &str,
        depth: usize,
    ) -> Result<Vec<SchemaRef>, Error> {
        branches
            .iter()
            .enumerate()
            .map(|(i, branch)| self.schema_or_ref(branch, &format!("{at}/{i}"), depth))
            .collect()
    }

    fn object(
        &self,
        properties: &IndexMap<String, oa::ReferenceOr<Box<oa::Schema>>>,
        required: &[String],
        additional: Option<&oa::AdditionalProperties>,
        at: &str,
        depth: usize,
    ) -> Result<SchemaKind, Error> {
        let props_ptr = pointer::join(at, "properties");
        let mut out = IndexMap::new();
        for (name, schema) in properties {
            let schema = self.schema_or_ref(schema, &pointer::join(&props_ptr, name), depth)?;
            out.insert(
                name.clone(),
                Property {
                    schema,
                    required: required.contains(name),
                },
            );
        }
        let additional_properties = match additional {
            None => AdditionalProperties::Unspecified,
            Some(oa::AdditionalProperties::Any(false)) => AdditionalProperties::Forbidden,
            Some(oa::AdditionalProperties::Any(true)) => AdditionalProperties::Any,
            Some(oa::AdditionalProperties::Schema(schema)) => {
                let ptr = pointer::join(at, "additionalProperties");
                match self.schema_or_ref(schema, &ptr, depth)? {
                    SchemaRef::Inline(s) if s.kind == SchemaKind::Any => AdditionalProperties::Any,
                    schema => AdditionalProperties::Schema(Box::new(schema)),
                }
            }
        };
        Ok(SchemaKind::Object {
            properties: out,
            additional_properties,
        })
    }

    /// Schemas `openapiv3` could not classify: keywords of several kinds at
    /// once, or no `type`. Composition wins, then structure, then values.
    fn any_schema(
        &self,
        any: &oa::AnySchema,
        out: &mut Schema,
        at: &str,
        depth: usize,
    ) -> Result<SchemaKind, Error> {
        let has_object_shape = !any.properties.is_empty() || any.additional_properties.is_some();
        let object = || {
            self.object(
                &any.properties,
                &any.required,
                any.additional_properties.as_ref(),
                at,
                depth,
            )
        };
        if !any.all_of.is_empty() {
            let mut parts = self.branches(&any.all_of, &pointer::join(at, "allOf"), depth)?;
            if has_object_shape {
                parts.push(SchemaRef::Inline(Box::new(Schema {
                    kind: object()?,
                    ..Schema::default()
                })));
            }
            return Ok(SchemaKind::AllOf(parts));
        }
        if !any.one_of.is_empty() {
            return Ok(SchemaKind::OneOf(self.branches(
                &any.one_of,
                &pointer::join(at, "oneOf"),
                depth,
            )?));
        }
        if !any.any_of.is_empty() {
            return Ok(SchemaKind::AnyOf(self.branches(
                &any.any_of,
                &pointer::join(at, "anyOf"),
                depth,
            )?));
        }
        if has_object_shape || any.typ.as_deref() == Some("object") {
            return object();
        }
        if any.items.is_some() || any.typ.as_deref() == Some("array") {
            let items = match &any.items {
                Some(items) => self.schema_or_ref(items, &pointer::join(at, "items"), depth)?,
                None => SchemaRef::any(),
            };
            return Ok(SchemaKind::Array {
                items: Box::new(items),
            });
        }
        if !any.enumeration.is_empty() {
            if any.enumeration.iter().any(Value::is_null) {
                out.nullable = true;
            }
            let values: Vec<&Value> = any.enumeration.iter().filter(|v| !v.is_null()).collect();
            if values.iter().all(|v| v.is_string()) {
                return Ok(SchemaKind::String {
                    format: any.format.clone(),
                    enumeration: values
                        .iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect(),
                });
            }
            if values.iter().all(|v| v.is_i64()) {
                return Ok(SchemaKind::Integer {
                    format: any.format.clone(),
                    enumeration: values.iter().filter_map(|v| v.as_i64()).collect(),
                });
            }
            return Ok(SchemaKind::Enum(values.into_iter().cloned().collect()));
        }
        Ok(match any.typ.as_deref() {
            Some("string") => SchemaKind::String {
                format: any.format.clone(),
                enumeration: Vec::new(),
            },
            Some("integer") => SchemaKind::Integer {
                format: any.format.clone(),
                enumeration: Vec::new(),
            },
            Some("number") => SchemaKind::Number {
                format: any.format.clone(),
            },
            Some("boolean") => SchemaKind::Boolean,
            _ => SchemaKind::Any,
        })
    }
}

/// A warning for each security scheme the generated client cannot apply by
/// itself (it supports API keys in a header or the query, HTTP `basic` and
/// `bearer`, and OAuth 2 / OpenID Connect tokens as bearer tokens).
fn unsupported_security(schemes: &IndexMap<String, SecurityScheme>) -> Vec<Warning> {
    schemes
        .iter()
        .filter_map(|(name, scheme)| {
            let what = match scheme {
                SecurityScheme::ApiKey {
                    location: ParameterLocation::Cookie,
                    ..
                } => "an API key in a cookie".to_owned(),
                SecurityScheme::Http { scheme, .. } if !matches!(scheme.as_str(), "basic" | "bearer") => {
                    format!("HTTP `{scheme}` authentication")
                }
                _ => return None,
            };
            Some(Warning {
                pointer: pointer::join("/components/securitySchemes", name),
                message: format!(
                    "security scheme `{name}` is {what}, which the client does not send; operations that need it get no credentials from it"
                ),
            })
        })
        .collect()
}

fn query_style(style: &oa::QueryStyle) -> ParameterStyle {
    match style {
        oa::QueryStyle::Form => ParameterStyle::Form,
        oa::QueryStyle::SpaceDelimited => ParameterStyle::SpaceDelimited,
        oa::QueryStyle::PipeDelimited => ParameterStyle::PipeDelimited,
        oa::QueryStyle::DeepObject => ParameterStyle::DeepObject,
    }
}

/// The `format` string of an `openapiv3` format field, as the document
/// spells it.
fn variant_name<T: FormatName>(format: &oa::VariantOrUnknownOrEmpty<T>) -> Option<String> {
    match format {
        oa::VariantOrUnknownOrEmpty::Item(item) => Some(item.name().to_owned()),
        oa::VariantOrUnknownOrEmpty::Unknown(name) => Some(name.clone()),
        oa::VariantOrUnknownOrEmpty::Empty => None,
    }
}

/// `openapiv3`'s known formats back to their OpenAPI spelling (the
/// inverse of their `FromStr`).
trait FormatName {
    fn name(&self) -> &'static str;
}

impl FormatName for oa::StringFormat {
    fn name(&self) -> &'static str {
        match self {
            oa::StringFormat::Date => "date",
            oa::StringFormat::DateTime => "date-time",
            oa::StringFormat::Password => "password",
            oa::StringFormat::Byte => "byte",
            oa::StringFormat::Binary => "binary",
        }
    }
}

impl FormatName for oa::IntegerFormat {
    fn name(&self) -> &'static str {
        match self {
            oa::IntegerFormat::Int32 => "int32",
            oa::IntegerFormat::Int64 => "int64",
        }
    }
}

impl FormatName for oa::NumberFormat {
    fn name(&self) -> &'static str {
        match self {
            oa::NumberFormat::Float => "float",
            oa::NumberFormat::Double => "double",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_formats_read_back_as_the_document_spells_them() {
        for name in ["date", "date-time", "password", "byte", "binary"] {
            let format: oa::StringFormat = name.parse().unwrap();
            assert_eq!(format.name(), name);
        }
        for name in ["int32", "int64"] {
            let format: oa::IntegerFormat = name.parse().unwrap();
            assert_eq!(format.name(), name);
        }
        for name in ["float", "double"] {
            let format: oa::NumberFormat = name.parse().unwrap();
            assert_eq!(format.name(), name);
        }
    }
}
