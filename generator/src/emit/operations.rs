//! Tokens for one resource module: a handle borrowing the client, one async
//! method per operation (and per extra response media kind), an options
//! struct for optional parameters, and the `OperationInfo` statics the runtime
//! sends requests from. All decisions come from [`super::plan`].

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

use crate::model::{Method, ParameterStyle, StatusCode};

use super::plan::{
    AuthPlacement, BodyKind, FileKind, MultipartPlan, OperationPlan, ParamPlacement, ParamPlan,
    ResourcePlan, ResponseKind, ResponseVariant, ValueType,
};
use super::types::{TypeSpace, note_type_complexity};
use super::{doc_attrs, ident, inner_doc_attrs};

/// The module of one resource.
pub fn resource_module(resource: &ResourcePlan, types: &mut TypeSpace) -> TokenStream {
    let rt = super::runtime_path();
    let handle = ident(&resource.handle_type);
    let accessor = resource.module.ident();
    let module_doc = inner_doc_attrs(&resource.doc);
    let handle_doc = doc_attrs(&format!(
        "The {} operations. Get one with [`Client::{}`](super::Client::{}).",
        resource.tag.trim(),
        resource.module.code(),
        resource.module.code()
    ));
    let statics: Vec<TokenStream> = resource
        .operations
        .iter()
        .map(|op| operation_static(op, types))
        .collect();
    let mut methods = Vec::new();
    let mut options = Vec::new();
    let mut lints = Lints::default();
    for op in &resource.operations {
        for variant in &op.variants {
            methods.push(method(resource, op, variant, types, &mut lints));
        }
        options.extend(options_struct(op, types, &mut lints));
        if let Some(BodyKind::Multipart(form)) = op.body.as_ref().map(|b| &b.kind) {
            options.push(multipart_struct(op, form, types, &mut lints));
        }
    }
    let imports = runtime_imports(resource).into_iter().map(ident);
    let accessor_doc = doc_attrs(&format!("The {} operations.", resource.tag.trim()));
    let allow_deprecated = types.has_deprecated_schemas().then(|| {
        quote!(#![allow(deprecated, reason = "the document's deprecated schemas are still its types")])
    });
    let allow_many_arguments = lints.too_many_arguments.then(|| {
        quote!(#![allow(
            clippy::too_many_arguments,
            reason = "one argument per required parameter, as the document lists them"
        )])
    });
    let allow_complex_types = lints.type_complexity.then(|| {
        quote!(#![allow(
            clippy::type_complexity,
            reason = "types mirror the document's nesting (arrays of arrays, maps of arrays)"
        )])
    });
    quote! {
        #module_doc
        #allow_deprecated
        #allow_many_arguments
        #allow_complex_types

        use #rt::{#(#imports),*};

        #(#statics)*

        #handle_doc
        #[derive(Debug, Clone, Copy)]
        pub struct #handle<'a> {
            client: &'a #rt::Client,
        }

        // An inherent impl of the client's root type from its child module:
        // each resource adds its accessor where the resource is written.
        impl super::Client {
            #accessor_doc
            pub fn #accessor(&self) -> #handle<'_> {
                #handle { client: &self.inner }
            }
        }

        impl #handle<'_> {
            #(#methods)*
        }

        #(#options)*
    }
}

/// The clippy lints a module's code would trip, so that it allows those
/// alone.
#[derive(Debug, Default)]
struct Lints {
    /// A method with more arguments than clippy's `too_many_arguments`
    /// takes (7, `self` counted).
    too_many_arguments: bool,
    /// A type past clippy's `type_complexity` threshold.
    type_complexity: bool,
}

impl Lints {
    fn arguments(&mut self, count: usize) {
        self.too_many_arguments |= count > 7;
    }

    fn types<'a>(&mut self, types: impl IntoIterator<Item = &'a TokenStream>) {
        note_type_complexity(&mut self.type_complexity, types);
    }
}

/// The runtime names the module's code spells unqualified: those every
/// module uses, and those its statics need (no unused import).
fn runtime_imports(resource: &ResourcePlan) -> Vec<&'static str> {
    let ops = &resource.operations;
    let mut names = Vec::new();
    if ops.iter().any(|op| !op.security.is_empty()) {
        names.push("AuthScheme");
    }
    names.push("Error");
    if ops.iter().any(|op| !op.error_hints.is_empty()) {
        names.push("ErrorHint");
    }
    names.extend(["Method", "OperationInfo"]);
    if ops.iter().any(|op| !op.error_hints.is_empty()) {
        names.push("ResponseCode");
    }
    if ops.iter().any(|op| op.stream.is_some()) {
        names.push("StreamInfo");
    }
    names
}

/// The runtime's `Method` variant for `method`.
fn runtime_method(method: Method) -> TokenStream {
    match method {
        Method::Get => quote!(Get),
        Method::Put => quote!(Put),
        Method::Post => quote!(Post),
        Method::Delete => quote!(Delete),
        Method::Options => quote!(Options),
        Method::Head => quote!(Head),
        Method::Patch => quote!(Patch),
        Method::Trace => quote!(Trace),
    }
}

fn operation_static(op: &OperationPlan, types: &mut TypeSpace) -> TokenStream {
    let rt = super::runtime_path();
    let name = ident(&op.static_name);
    let id = &op.operation_id;
    let method = runtime_method(op.http_method);
    let path = &op.path;
    let alternatives = op.security.iter().map(|alternative| {
        let schemes = alternative.iter().map(|placement| match placement {
            AuthPlacement::Header(h) => quote!(AuthScheme::ApiKeyHeader(#h)),
            AuthPlacement::Query(q) => quote!(AuthScheme::ApiKeyQuery(#q)),
            AuthPlacement::Bearer => quote!(AuthScheme::Bearer),
            AuthPlacement::Basic => quote!(AuthScheme::Basic),
            AuthPlacement::Unsupported(what) => quote!(AuthScheme::Unsupported(#what)),
        });
        quote!(&[#(#schemes),*])
    });
    let doc = doc_attrs(&format!("`{} {}`", op.http_method.as_str(), op.path));
    let hints = op.error_hints.iter().map(|(status, hint)| {
        let status = match status {
            StatusCode::Code(code) => {
                let code = proc_macro2::Literal::u16_unsuffixed(*code);
                quote!(ResponseCode::Exact(#code))
            }
            StatusCode::Range(class) => {
                let class = proc_macro2::Literal::u16_unsuffixed(*class);
                quote!(ResponseCode::Range(#class))
            }
            StatusCode::Default => quote!(ResponseCode::Default),
        };
        quote!(ErrorHint::new(#status, #hint))
    });
    let stream = match &op.stream {
        None => quote!(),
        Some(stream) => {
            let error_event = match &stream.error_schema {
                Some(schema) => {
                    let context = format!("{}ErrorEvent", op.variants[0].context_name);
                    let ty = types.type_of(schema, &context);
                    quote!(.with_error_event(#rt::for_generated_code::reads_as::<#ty>))
                }
                None => quote!(),
            };
            let check = match &stream.check_after_cut {
                Some(name) => {
                    let name = ident(name);
                    quote!(.with_check_after_cut(&#name))
                }
                None => quote!(),
            };
            quote!(.with_stream(&StreamInfo::new()#error_event #check))
        }
    };
    let security = if op.security.is_empty() {
        quote!()
    } else {
        quote!(.with_security(&[#(#alternatives),*]))
    };
    let repeatable = if op.repeatable {
        quote!()
    } else {
        quote!(.not_repeatable())
    };
    let hints = if op.error_hints.is_empty() {
        quote!()
    } else {
        quote!(.with_error_hints(&[#(#hints),*]))
    };
    quote! {
        #doc
        pub static #name: OperationInfo = OperationInfo::new(#id, Method::#method, #path)
            #security #repeatable #stream #hints;
    }
}

/// One callable method.
fn method(
    resource: &ResourcePlan,
    op: &OperationPlan,
    variant: &ResponseVariant,
    types: &mut TypeSpace,
    lints: &mut Lints,
) -> TokenStream {
    let name = variant.method_name.ident();
    let static_name = ident(&op.static_name);
    let call = format!("{}().{}()", resource.module, variant.method_name);
    let mut doc = op.doc.clone();
    if variant.accept.is_some() && !std::ptr::eq(variant, &op.variants[0]) {
        doc = format!(
            "{doc}\n\nAsks for `{}` and returns it as {}.",
            variant.accept.as_deref().unwrap_or_default(),
            match variant.kind {
                ResponseKind::Binary => "bytes",
                ResponseKind::Text => "text",
                _ => "a typed value",
            }
        );
    }
    if let Some(arguments) = arguments_doc(op) {
        doc = format!("{doc}\n\n{arguments}");
    }
    if let Some(errors) = error_bodies_doc(op, types) {
        doc = format!("{doc}\n\n{errors}");
    }
    let doc = doc_attrs(&doc);
    let mut args = Vec::new();
    let mut arg_types = Vec::new();
    let mut steps = Vec::new();
    for param in &op.required_params {
        let arg = param.ident.ident();
        let ty = argument_type(&param.value_type, types);
        arg_types.push(ty.clone());
        args.push(quote!(#arg: #ty));
        steps.push(param_step(param, quote!(#arg), false));
    }
    if let Some(body) = &op.body {
        let (ty, step) = body_argument(&body.kind, body.required, &body.context_name, types);
        args.push(quote!(body: #ty));
        arg_types.push(ty);
        steps.push(step);
    }
    if let Some(options_type) = &op.options_type {
        let options_type = ident(options_type);
        // No optional parameter yet: the argument is there so that the
        // first one the document adds is not a breaking change, and it is
        // named as an unused argument is.
        if op.optional_params.is_empty() {
            args.push(quote!(_options: &#options_type));
        } else {
            args.push(quote!(options: &#options_type));
        }
        for param in &op.optional_params {
            let field = param.ident.ident();
            match default_value(param, &field) {
                Some(value) => steps.push(param_step(param, value, false)),
                None => steps.push(param_step(param, quote!(options.#field.as_ref()), true)),
            }
        }
    }
    let (ret, terminal) = response(&variant.kind, &variant.context_name, types);
    // `self`, then the arguments. (An async fn's return type is a future
    // to clippy, whose own type it does not score.)
    lints.arguments(args.len() + 1);
    lints.types(&arg_types);
    let accept = variant.accept.as_ref().map(|media| quote!(.accept(#media)));
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    // An operation the document calls `new` (gambitcomm's mimic: "Add an
    // agent") is a request, not a constructor; the name is the document's.
    let not_constructor = (variant.method_name == "new").then(|| {
        quote!(#[allow(clippy::new_ret_no_self, reason = "the document's operation `new`, a request rather than a constructor")])
    });
    quote! {
        #doc
        #deprecated
        #not_constructor
        pub async fn #name(&self, #(#args),*) -> Result<#ret, Error> {
            self.client
                .request(&#static_name)
                .called_as(#call)
                #(#steps)*
                #accept
                #terminal
        }
    }
}

/// The body argument's type and the request step that sends it.
fn body_argument(
    kind: &BodyKind,
    required: bool,
    context: &str,
    types: &mut TypeSpace,
) -> (TokenStream, TokenStream) {
    let rt = super::runtime_path();
    match kind {
        BodyKind::Json(schema) => {
            if let (true, Some(items)) = (required, types.array_items(schema)) {
                let item = types.type_of(&items, &format!("{context}Item"));
                return (quote!(&[#item]), quote!(.json(body)?));
            }
            let ty = types.type_of(schema, context);
            if required {
                (quote!(&#ty), quote!(.json(body)?))
            } else {
                (quote!(Option<&#ty>), quote!(.json_opt(body)?))
            }
        }
        BodyKind::Form(schema, encodings) => {
            let ty = types.type_of(schema, context);
            let fields = encodings.iter().map(|encoding| {
                let name = &encoding.name;
                let style = ident(match encoding.style {
                    None => "Default",
                    Some(ParameterStyle::SpaceDelimited) => "SpaceDelimited",
                    Some(ParameterStyle::PipeDelimited) => "PipeDelimited",
                    Some(ParameterStyle::DeepObject) => "DeepObject",
                    Some(_) => "Form",
                });
                // OpenAPI: `explode` defaults to true for `form` only.
                let explode = encoding
                    .explode
                    .unwrap_or(matches!(encoding.style, None | Some(ParameterStyle::Form)));
                quote! {
                    #rt::FormField::new(#name, #rt::FormStyle::#style, #explode)
                }
            });
            let call = if encodings.is_empty() {
                quote!(form(body))
            } else {
                quote!(form_with(body, &[#(#fields),*]))
            };
            by_reference(required, quote!(#ty), call)
        }
        BodyKind::Multipart(form) => {
            let ty = ident(&form.type_name);
            let parts = form.fields.iter().map(|field| {
                let wire = &field.wire_name;
                let name = field.ident.ident();
                match (field.file, field.required) {
                    (FileKind::One, true) => quote!(.file(#wire, &body.#name)),
                    (FileKind::One, false) => quote!(.file_opt(#wire, body.#name.as_ref())),
                    (FileKind::Many, true) => quote!(.files(#wire, &body.#name)),
                    (FileKind::Many, false) => quote!(.files_opt(#wire, body.#name.as_ref())),
                    (FileKind::NotFile, _) => quote!(.value(#wire, &body.#name)),
                }
            });
            by_reference(
                required,
                quote!(#ty),
                quote!(multipart(&#rt::Multipart::new()#(#parts)*)),
            )
        }
        BodyKind::Text(media) | BodyKind::Bytes(media) => {
            let (ty, call) = match kind {
                BodyKind::Text(_) => (quote!(String), quote!(text_body)),
                _ => (quote!(#rt::bytes::Bytes), quote!(bytes_body)),
            };
            if required {
                (quote!(impl Into<#ty>), quote!(.#call(body, #media)))
            } else {
                (
                    quote!(Option<#ty>),
                    quote!(.optional(body, |request, body| Ok(request.#call(body, #media)))?),
                )
            }
        }
    }
}

/// A body passed by reference: `&T`, or `Option<&T>` when optional (the
/// argument's type, and the step sending it).
/// `call` is the fallible builder call that sends `body`.
fn by_reference(required: bool, ty: TokenStream, call: TokenStream) -> (TokenStream, TokenStream) {
    if required {
        (quote!(&#ty), quote!(.#call?))
    } else {
        (
            quote!(Option<&#ty>),
            quote!(.optional(body, |request, body| request.#call)?),
        )
    }
}

fn response(
    kind: &ResponseKind,
    context: &str,
    types: &mut TypeSpace,
) -> (TokenStream, TokenStream) {
    let rt = super::runtime_path();
    match kind {
        ResponseKind::Json(schema) => {
            let ty = types.type_of(schema, context);
            (quote!(#ty), quote!(.send_json().await))
        }
        ResponseKind::EventStream(schema) => {
            let ty = match schema {
                Some(schema) => types.type_of(schema, &format!("{context}Event")),
                None => quote!(serde_json::Value),
            };
            (quote!(#rt::EventStream<#ty>), quote!(.send_sse().await))
        }
        ResponseKind::Binary => (quote!(#rt::Binary), quote!(.send_bytes().await)),
        ResponseKind::Text => (quote!(String), quote!(.send_text().await)),
        // The document declares no content: whatever comes is handed over.
        ResponseKind::Empty => (
            quote!(Option<serde_json::Value>),
            quote!(.send_undeclared().await),
        ),
    }
}

/// The method docs' `# Arguments` section: the document's description of
/// each required parameter that has one, as the options struct's fields
/// carry the optional ones'.
fn arguments_doc(op: &OperationPlan) -> Option<String> {
    let items: Vec<String> = op
        .required_params
        .iter()
        .filter_map(|param| {
            let description = param.description.as_deref()?.trim();
            if description.is_empty() {
                return None;
            }
            // Later lines of the description belong to the list item.
            let text = description.lines().collect::<Vec<_>>().join("\n  ");
            Some(format!("- `{}`: {text}", param.ident.as_str()))
        })
        .collect();
    (!items.is_empty()).then(|| format!("# Arguments\n\n{}", items.join("\n")))
}

/// The method docs' `# Errors` section: the type each declared error body
/// reads as, with `Error::error_body`.
fn error_bodies_doc(op: &OperationPlan, types: &mut TypeSpace) -> Option<String> {
    if op.error_bodies.is_empty() {
        return None;
    }
    let mut text = String::from(
        "# Errors\n\nAn error answer's body reads as the type the document declares for its \
         status, with `Error::error_body::<T>()`:\n",
    );
    for body in &op.error_bodies {
        let ty = types
            .type_of(&body.schema, &body.context_name)
            .to_string()
            .replace(' ', "")
            .replace("super::models::", "models::");
        text.push_str(&format!("\n- `{}`: `{ty}`", body.status));
    }
    Some(text)
}

/// Required arguments borrow strings; everything else is passed by value.
fn argument_type(value_type: &ValueType, types: &mut TypeSpace) -> TokenStream {
    match value_type {
        ValueType::Str => quote!(&str),
        ValueType::Array(item) => {
            let item = value_type_tokens(item, types);
            quote!(&[#item])
        }
        other => value_type_tokens(other, types),
    }
}

fn value_type_tokens(value_type: &ValueType, types: &mut TypeSpace) -> TokenStream {
    match value_type {
        ValueType::Str => quote!(String),
        ValueType::Integer => quote!(i64),
        ValueType::Number => quote!(f64),
        ValueType::Boolean => quote!(bool),
        ValueType::Schema(schema, context) => types.value_type_of(schema, context),
        ValueType::Array(item) => {
            let item = value_type_tokens(item, types);
            quote!(Vec<#item>)
        }
    }
}

/// `options.field`, or the parameter's default when it is not set.
fn default_value(param: &ParamPlan, field: &proc_macro2::Ident) -> Option<TokenStream> {
    let default = param.default.as_ref()?;
    let literal = match default {
        serde_json::Value::String(text) => {
            return Some(quote!(options.#field.as_deref().unwrap_or(#text)));
        }
        serde_json::Value::Bool(value) => quote!(#value),
        serde_json::Value::Number(number) => match (&param.value_type, number.as_i64()) {
            (ValueType::Integer, Some(integer)) => {
                proc_macro2::Literal::i64_unsuffixed(integer).into_token_stream()
            }
            _ => proc_macro2::Literal::f64_unsuffixed(number.as_f64()?).into_token_stream(),
        },
        _ => return None,
    };
    Some(quote!(options.#field.unwrap_or(#literal)))
}

/// The request-builder call that puts one parameter into the request.
/// Arrays follow the parameter's `style`: query arrays repeat the key
/// (`form` with `explode`) or join their items (`,`, `" "`, `|`); header
/// arrays are `simple` (`a,b`); path values are `simple`, or prefixed in the
/// `label` (`.a,b`) and `matrix` (`;id=a,b`) styles.
fn param_step(param: &ParamPlan, value: TokenStream, optional: bool) -> TokenStream {
    let wire = &param.wire_name;
    let array = matches!(param.value_type, ValueType::Array(_));
    let delimiter = match param.style {
        ParameterStyle::SpaceDelimited => Some(" "),
        ParameterStyle::PipeDelimited => Some("|"),
        _ if !param.explode => Some(","),
        _ => None,
    };
    let path_style = match param.style {
        ParameterStyle::Label => Some(quote!(Label)),
        ParameterStyle::Matrix => Some(quote!(Matrix)),
        _ => None,
    };
    if let (ParamPlacement::Path, Some(style)) = (param.location, path_style) {
        let rt = super::runtime_path();
        let explode = param.explode;
        let values = if array { value } else { quote!(&[#value]) };
        return quote!(.path_param_styled(#wire, #rt::PathStyle::#style, #explode, #values)?);
    }
    match (param.location, optional, array) {
        (ParamPlacement::Path, _, false) => quote!(.path_param(#wire, #value)?),
        (ParamPlacement::Path, _, true) => quote!(.path_param_list(#wire, #value)?),
        (ParamPlacement::Query, false, false) => quote!(.query(#wire, #value)),
        (ParamPlacement::Query, true, false) => quote!(.query_opt(#wire, #value)),
        (ParamPlacement::Query, false, true) => match delimiter {
            Some(delimiter) => quote!(.query_list(#wire, #value, #delimiter)),
            None => quote!(.query_array(#wire, #value)),
        },
        (ParamPlacement::Query, true, true) => match delimiter {
            Some(delimiter) => quote!(.query_list_opt(#wire, #value, #delimiter)),
            None => quote!(.query_array_opt(#wire, #value)),
        },
        (ParamPlacement::Header, false, false) => quote!(.header(#wire, #value)),
        (ParamPlacement::Header, true, false) => quote!(.header_opt(#wire, #value)),
        (ParamPlacement::Header, false, true) => quote!(.header_list(#wire, #value)),
        (ParamPlacement::Header, true, true) => quote!(.header_list_opt(#wire, #value)),
    }
}

fn options_struct(
    op: &OperationPlan,
    types: &mut TypeSpace,
    lints: &mut Lints,
) -> Option<TokenStream> {
    let name = op.options_type.as_ref()?;
    // In intra-doc links, as code writes it (`r#match`).
    let method = op.variants[0].method_name.code();
    let doc = if op.optional_params.is_empty() {
        format!(
            "Optional parameters of [`{}::{method}`]: none yet. Pass `&Default::default()`; \
             a parameter the API adds later becomes a field here, so calls keep compiling.",
            op.handle_type
        )
    } else {
        format!(
            "Optional parameters of [`{}::{method}`]. Start from `Default::default()` and \
             set what you need with the `with_` methods (or the public fields): the struct is \
             `#[non_exhaustive]`, so a parameter the API adds later is not a breaking change.",
            op.handle_type
        )
    };
    let doc = doc_attrs(&doc);
    let mut fields = Vec::new();
    let mut settable = Vec::new();
    for param in &op.optional_params {
        let field = param.ident.ident();
        let ty = value_type_tokens(&param.value_type, types);
        let described = param.description.clone().unwrap_or_else(|| {
            let place = match param.location {
                ParamPlacement::Path => "path",
                ParamPlacement::Query => "query",
                ParamPlacement::Header => "header",
            };
            format!("The `{}` {place} parameter.", param.wire_name)
        });
        let doc = match &param.default {
            Some(default) => format!("{described}\n\nSent as `{default}` when not set."),
            None => described,
        };
        let doc = doc_attrs(&doc);
        lints.types([&quote!(Option<#ty>), &quote!(impl Into<#ty>)]);
        fields.push(quote! {
            #doc
            pub #field: Option<#ty>,
        });
        settable.push(super::types::constructors::Settable {
            field: param.ident.clone(),
            ty,
            required: false,
            setter: true,
        });
    }
    let setters = (!settable.is_empty())
        .then(|| super::types::constructors::constructors(name, &settable, false, &quote!(Into)));
    let name = ident(name);
    Some(quote! {
        #doc
        #[derive(Debug, Clone, Default, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        #setters
    })
}

/// The struct a `multipart/form-data` body is given as: one field per part,
/// files as `FilePart`s.
fn multipart_struct(
    op: &OperationPlan,
    form: &MultipartPlan,
    types: &mut TypeSpace,
    lints: &mut Lints,
) -> TokenStream {
    let rt = super::runtime_path();
    let name = ident(&form.type_name);
    let doc = doc_attrs(&format!(
        "The `multipart/form-data` body of [`{}::{}`].",
        op.handle_type,
        op.variants[0].method_name.code()
    ));
    let mut settable = Vec::new();
    let fields: Vec<TokenStream> = form
        .fields
        .iter()
        .map(|field| {
            let ty = match field.file {
                FileKind::One => quote!(#rt::FilePart),
                FileKind::Many => quote!(Vec<#rt::FilePart>),
                FileKind::NotFile => {
                    let context = format!(
                        "{}{}",
                        form.type_name,
                        super::names::upper_camel_case_or(&field.wire_name, "Field")
                    );
                    if field.required {
                        types.type_of(&field.schema, &context)
                    } else {
                        // Absent and `null` are both no part: one `Option`.
                        types.value_type_of(&field.schema, &context)
                    }
                }
            };
            settable.push(super::types::constructors::Settable {
                field: field.ident.clone(),
                ty: ty.clone(),
                required: field.required,
                setter: true,
            });
            lints.types([&quote!(impl Into<#ty>)]);
            let ty = if field.required {
                ty
            } else {
                quote!(Option<#ty>)
            };
            lints.types([&ty]);
            let doc = doc_attrs(&field.doc);
            let field = field.ident.ident();
            quote! {
                #doc
                pub #field: #ty,
            }
        })
        .collect();
    // Built with `new(required..)` and `with_` setters: the struct is
    // `#[non_exhaustive]`, so a field the document adds is no breaking change.
    let constructors =
        super::types::constructors::constructors(&form.type_name, &settable, false, &quote!(Into));
    let default = form
        .fields
        .iter()
        .all(|f| !f.required)
        .then(|| quote!(Default,));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        #constructors
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use crate::emit::types::type_score;

    #[test]
    fn type_scores_follow_clippys_rule() {
        // Result 10 + String 20 + Error 20.
        assert_eq!(type_score(&quote!(Result<String, Error>)), 50);
        // A reference costs 1; a slice nests its item.
        assert_eq!(type_score(&quote!(&[String])), 1 + 10 + 20);
        let deep = quote!(Result<Vec<Vec<std::collections::BTreeMap<String, Vec<i64>>>>, Error>);
        // 10 + 20 + 30 + 40 + (50 + 50 + 60) + 20: past clippy's 250.
        assert_eq!(type_score(&deep), 280);
        assert_eq!(type_score(&quote!(not a type)), u64::MAX);
    }
}
