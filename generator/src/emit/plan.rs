//! Decisions before tokens: which module each operation lands in, what its
//! method and arguments are called, how its body is sent and its response
//! read. Kept apart from token generation so the rules can be tested as data.
//!
//! Naming rules (deterministic, in document order):
//! - resource module: the tag with everything but ASCII letters, digits,
//!   spaces, `_` and `-` removed, in snake case (`🖥️ Sessions` → `sessions`);
//!   an empty result becomes `resource`; a name the crate itself uses
//!   ([`RESERVED_MODULES`]: `models`, `lib`, `runtime`, the `Client` methods,
//!   ...) gets `_operations` (`models` → `models_operations`); operations
//!   without a tag (the `default` tag) land in `operations`; collisions get
//!   `_2`, `_3`, ...;
//! - handle type: the module in upper camel case (`Sessions`); a name the
//!   module itself uses ([`RESERVED_TYPES`]: `Client`, `Error`, `Default`,
//!   prelude names, ...) gets `Operations` (`Default` → `DefaultOperations`);
//! - an operation with several tags is generated in its first tag's module;
//! - method: the operationId in snake case, without a NestJS-style
//!   `XxxController_` prefix (`SessionsController_get` → `get`); without an
//!   operationId, the method and the path words (`get_pets_pet_id`);
//! - the handle already says the resource, so an operationId's words naming
//!   it (the module's words, its last word singular or plural: `chat` and
//!   `chats` in `chats`) are dropped, wherever they stand (`chatList` →
//!   `list`, `sendBulkMessage` → `send_bulk`, `repos/get` → `get`), when what
//!   remains is a good name: not empty, not a keyword, not starting with a
//!   digit, and not the name another operation of the module has or would
//!   get (then both keep their full names). Names made from the path are
//!   never shortened: the path words are all the name has;
//! - an operationId made of its own HTTP method and another operation's
//!   id (`postUpdatePresence` beside `updatePresence`, `getProfilePicture`
//!   beside `profilePicture`) loses the method word the same way: the
//!   prefix only kept the ids unique across the document, and the modules
//!   keep the methods apart (`groups().update_presence()`,
//!   `groups().profile_picture()` as `contacts().profile_picture()`);
//! - list versus get: a `GET` of a collection (no parameter closes the
//!   path) whose JSON answer is an array (or is not declared, when its name
//!   says many: `all`, or the resource's plural after the verb) is `list`
//!   where its name would be `get` or `get_all` (`getChats` in `chats` →
//!   `list`, beside `getChat` → `get`);
//! - operations of a module still sharing a name (WAHA's
//!   `ServerController_get` and `VersionController_get`, both `get`) each
//!   get the fixed words of their path after those all of them share, less
//!   the words the name or the resource already says:
//!   `GET /api/server/version` → `get_server_version`, `GET /api/version`
//!   → `get_version`;
//! - what still collides within a module (same path words) gets `_2`,
//!   `_3`, ...;
//! - options structs (`ListChatsOptions`) are named in the module's type
//!   scope, beside the handle and the runtime names it imports; every
//!   operation has one (`#[non_exhaustive]`, `Default`, a `with_` setter
//!   per field), even without optional parameters, so a parameter the
//!   document adds later is a field, not a breaking change;
//! - another response media type of the same operation gets its own method,
//!   suffixed by kind: `_json`, `_bytes`, `_text`, `_stream`;
//! - bodies: JSON first, else the first media type; an optional body whose
//!   schema says nothing (`{}`) is no argument; `multipart/form-data` of an
//!   object is a `...Form` struct (files as `FilePart`), form bodies carry
//!   their `encoding`;
//! - parameters: snake case; `body` and `options` are reserved for the body
//!   and the optional-parameters struct; collisions (e.g. `id` in path and
//!   query) get `_2`, `_3`, ... in parameter order;
//! - an optional query parameter whose schema has a scalar `default` sends
//!   that default when the caller gives no value, as an n8n field left alone
//!   does: the request then means what the document says whatever the
//!   server does without the parameter (baileys-api's group list, without
//!   `search`, looks for groups named "undefined").

use crate::model::{
    Encoding, MediaType, Method, Model, Operation, Parameter, ParameterLocation, ParameterStyle,
    SchemaKind, SchemaRef, SecurityScheme, StatusCode,
};

use std::collections::HashSet;

use super::identifier::Identifier;
use super::names::{self, NameAllocator};

/// Everything the emitter will generate for the operations.
#[derive(Debug, Clone)]
pub struct CratePlan {
    pub resources: Vec<ResourcePlan>,
}

/// One resource module.
#[derive(Debug, Clone)]
pub struct ResourcePlan {
    /// The tag as written.
    pub tag: String,
    /// Module and accessor name (`sessions`).
    pub module: Identifier,
    /// The handle type (`Sessions`).
    pub handle_type: String,
    /// The module's documentation.
    pub doc: String,
    pub operations: Vec<OperationPlan>,
}

/// One operation.
#[derive(Debug, Clone)]
pub struct OperationPlan {
    /// Index into [`Model::operations`].
    pub index: usize,
    /// `operationId`, or `METHOD path` when the document gives none.
    pub operation_id: String,
    /// Name of the `OperationInfo` static (`ADD_SESSION_SSE`).
    pub static_name: String,
    /// The HTTP method.
    pub http_method: Method,
    pub path: String,
    pub doc: String,
    /// The security alternatives, in the document's order (duplicates
    /// dropped), each the schemes sent together; empty when the operation
    /// needs no credentials; an empty alternative allows calls without.
    pub security: Vec<Vec<AuthPlacement>>,
    /// Path parameters and required query/header parameters, in order.
    pub required_params: Vec<ParamPlan>,
    /// Optional query and header parameters, in order.
    pub optional_params: Vec<ParamPlan>,
    /// The options struct's name (every operation has one, empty until the
    /// document gives the operation an optional parameter).
    pub options_type: Option<String>,
    pub body: Option<BodyPlan>,
    /// The main method first, then one per other response media kind.
    pub variants: Vec<ResponseVariant>,
    /// The handle type of the resource (for docs).
    pub handle_type: String,
    /// `false` when the document says `x-idempotent: false`.
    pub repeatable: bool,
    /// What the runtime is told about the operation's event stream, when it
    /// answers with one.
    pub stream: Option<StreamPlan>,
    /// The document marks the operation `deprecated`: its methods get
    /// `#[deprecated]`.
    pub deprecated: bool,
    /// The `x-error-hint` of each response that has one, in document order.
    pub error_hints: Vec<(crate::model::StatusCode, String)>,
    /// The error responses whose JSON body the document declares, in
    /// document order: what `Error::error_body` reads them as.
    pub error_bodies: Vec<ErrorBodyPlan>,
}

/// An error response with a declared JSON body.
#[derive(Debug, Clone)]
pub struct ErrorBodyPlan {
    /// The status as the document writes it: `404`, `4XX`, `default`.
    pub status: String,
    pub schema: SchemaRef,
    /// Name for an inline body type.
    pub context_name: String,
}

/// An event stream's error events and what to check after a cut.
#[derive(Debug, Clone)]
pub struct StreamPlan {
    /// `x-error-schema` of the `text/event-stream` media type.
    pub error_schema: Option<SchemaRef>,
    /// The static of the operation that tells what a cut stream's request
    /// did: the first `GET` with a JSON answer in the same resource whose
    /// path is a sibling of the stream's (same parent, a fixed last
    /// segment), else the stream's parent path itself.
    pub check_after_cut: Option<String>,
}

/// One scheme of a security alternative, as the client sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthPlacement {
    Header(String),
    Query(String),
    Bearer,
    Basic,
    /// A scheme the client cannot send (HTTP `digest`, an API key in a
    /// cookie, an undefined scheme), in words: an alternative holding it is
    /// never chosen, and a 401 names it among what the operation accepts.
    Unsupported(String),
}

/// Where a parameter goes (as `AuthPlacement` says where credentials go;
/// `diagnostics::Location` is where in a document an error is).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamPlacement {
    Path,
    Query,
    Header,
}

/// One parameter as a Rust argument or options field.
#[derive(Debug, Clone)]
pub struct ParamPlan {
    /// The Rust identifier.
    pub ident: Identifier,
    /// The name on the wire.
    pub wire_name: String,
    pub location: ParamPlacement,
    pub value_type: ValueType,
    pub doc: String,
    /// For an optional query parameter: the schema's `default` when it is a
    /// scalar of the parameter's type, sent when the caller gives none.
    pub default: Option<serde_json::Value>,
    /// How an array value is written (`style`).
    pub style: ParameterStyle,
    /// `explode` (for query arrays: repeat the key).
    pub explode: bool,
}

/// The Rust type of a parameter value.
#[derive(Debug, Clone)]
pub enum ValueType {
    Str,
    Integer,
    Number,
    Boolean,
    /// A named schema (an enum, usually) with its type from the type space.
    Schema(SchemaRef, String),
    Array(Box<ValueType>),
}

/// How the request body is sent.
#[derive(Debug, Clone)]
pub struct BodyPlan {
    pub kind: BodyKind,
    pub required: bool,
    /// Name for an inline body type (`SendMessageBody`).
    pub context_name: String,
}

/// A request body's encoding.
#[derive(Debug, Clone)]
pub enum BodyKind {
    Json(SchemaRef),
    /// `application/x-www-form-urlencoded`, with the `encoding` entries.
    Form(SchemaRef, Vec<Encoding>),
    Text(String),
    /// Raw bytes with this content type.
    Bytes(String),
    /// `multipart/form-data` of an object schema: a struct of its fields,
    /// files as the runtime's `FilePart`, each field its own part.
    Multipart(MultipartPlan),
}

/// The struct a `multipart/form-data` body is given as.
#[derive(Debug, Clone)]
pub struct MultipartPlan {
    /// The struct's name (`UploadFileForm`).
    pub type_name: String,
    pub fields: Vec<MultipartField>,
}

/// One field (part) of a multipart body.
#[derive(Debug, Clone)]
pub struct MultipartField {
    /// The part's name.
    pub wire_name: String,
    /// The Rust field.
    pub ident: Identifier,
    pub schema: SchemaRef,
    pub required: bool,
    /// Whether the field is a file (`format: binary`), or a list of them.
    pub file: FileKind,
    pub doc: String,
}

/// Whether a multipart field holds files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    NotFile,
    One,
    Many,
}

/// One way of reading the success response.
#[derive(Debug, Clone)]
pub struct ResponseVariant {
    pub method_name: Identifier,
    pub kind: ResponseKind,
    /// The `Accept` header to send, when the operation offers several kinds.
    pub accept: Option<String>,
    /// Name for an inline response type.
    pub context_name: String,
}

/// What a success response holds.
#[derive(Debug, Clone)]
pub enum ResponseKind {
    Json(SchemaRef),
    EventStream(Option<SchemaRef>),
    Binary,
    Text,
    Empty,
}

impl ResponseKind {
    fn suffix(&self) -> &'static str {
        match self {
            ResponseKind::Json(_) => "json",
            ResponseKind::EventStream(_) => "stream",
            ResponseKind::Binary => "bytes",
            ResponseKind::Text => "text",
            ResponseKind::Empty => "empty",
        }
    }
}

/// Module names the crate uses itself, which no resource module may take:
/// its own files and modules (`src/models.rs`, `src/lib.rs`, `src/main.rs`
/// would even make a binary), the crates its code names by path, and the
/// methods every [`Client`](crate) already has (a resource's accessor is a
/// `Client` method: inherent ones would clash, trait ones be shadowed).
pub const RESERVED_MODULES: &[&str] = &[
    // Files and modules of the crate.
    "lib",
    "main",
    "models",
    "metadata",
    "catalog",
    "runtime",
    "n8n_properties",
    // Paths the generated and runtime code name.
    "std",
    "core",
    "alloc",
    "serde",
    "serde_json",
    "bytes",
    "futures_util",
    "percent_encoding",
    "reqwest",
    "thiserror",
    "tokio",
    "tracing",
    // `Client`'s inherent methods (a test holds this list to the runtime).
    "builder",
    "base_url",
    "request",
    "mask_key",
    // The generated `Client`'s own: it dereferences to the runtime's.
    "deref",
    "inner",
    // Methods of the traits `Client` implements or every type has.
    "clone",
    "clone_from",
    "fmt",
    "to_owned",
    "clone_into",
    "into",
    "try_into",
    "from",
    "try_from",
    "borrow",
    "borrow_mut",
    "type_id",
    "eq",
    "ne",
    "default",
];

/// Type names a resource module uses itself, which its handle and options
/// types may not take: what it imports from the runtime and the prelude
/// names its code spells unqualified (or a reader expects to mean the
/// standard item, such as `Default`).
pub const RESERVED_TYPES: &[&str] = &[
    "Client",
    "Error",
    "Method",
    "OperationInfo",
    "AuthScheme",
    "ErrorHint",
    "ResponseCode",
    "StreamInfo",
    "Binary",
    "Event",
    "EventStream",
    "Default",
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "Clone",
    "Copy",
    "Debug",
    "PartialEq",
    "Eq",
    "Send",
    "Sync",
    "Sized",
    "From",
    "Into",
    "Iterator",
    "ToString",
    "ToOwned",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "AsRef",
    "AsMut",
];

/// The module of the webhooks' `Event` enum (`emit::events`).
pub const EVENTS_MODULE: &str = "events";

/// Plans every operation of the model.
pub fn plan(model: &Model) -> CratePlan {
    let mut modules = NameAllocator::with_reserved(RESERVED_MODULES);
    // `events` is the webhooks' module: taken only when there are webhooks,
    // so a tag named so keeps its name in a document without them.
    let events_taken = !model.webhooks.is_empty();
    if events_taken {
        modules.reserve(EVENTS_MODULE);
    }
    // Every operation's full method name, for the method prefix rule.
    let document_names: HashSet<String> = model
        .operations
        .iter()
        .map(|op| method_base_name(op).as_str().to_owned())
        .collect();
    let mut resources: Vec<ResourcePlan> = Vec::new();
    let mut placed = vec![false; model.operations.len()];
    for resource in &model.resources {
        let operations: Vec<usize> = resource
            .operations
            .iter()
            .copied()
            .filter(|&i| !placed[i] && model.operations[i].tags.first() == Some(&resource.tag))
            .collect();
        if operations.is_empty() {
            continue;
        }
        let cleaned: String = resource
            .tag
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '_' | '-'))
            .collect();
        // Operations without a tag land in `default` (as in the n8n
        // package); their module reads as what it is.
        let words = if resource.tag == crate::DEFAULT_TAG {
            Identifier::new("operations")
        } else {
            names::snake_identifier(&cleaned, "resource")
        };
        let reserved =
            RESERVED_MODULES.contains(&words.as_str()) || (events_taken && words == EVENTS_MODULE);
        let module = if reserved {
            modules.allocate_identifier(&Identifier::new(format!("{words}_operations")))
        } else {
            modules.allocate_identifier(&words)
        };
        let mut handle_type = names::upper_camel_case_or(module.as_str(), "Resource");
        if RESERVED_TYPES.contains(&handle_type.as_str()) {
            handle_type.push_str("Operations");
        }
        let mut type_names = NameAllocator::with_reserved(RESERVED_TYPES);
        type_names.reserve(&handle_type);
        let doc = resource
            .description
            .clone()
            .unwrap_or_else(|| format!("{} operations.", resource.tag.trim()));
        let full_names: Vec<Identifier> = operations
            .iter()
            .map(|&i| method_base_name(&model.operations[i]))
            .collect();
        let base_names = method_base_names(
            model,
            &operations,
            &full_names,
            (words.as_str(), &document_names),
        );
        let mut method_names = NameAllocator::new();
        let mut ops = Vec::new();
        for (index, base_name) in operations.into_iter().zip(base_names) {
            placed[index] = true;
            ops.push(plan_operation(
                model,
                index,
                base_name,
                &handle_type,
                &mut method_names,
                &mut type_names,
            ));
        }
        resources.push(ResourcePlan {
            tag: resource.tag.clone(),
            module,
            handle_type,
            doc,
            operations: ops,
        });
    }
    for resource in &mut resources {
        for i in 0..resource.operations.len() {
            if resource.operations[i].stream.is_some() {
                let check = check_after_cut(&resource.operations, i);
                if let Some(stream) = &mut resource.operations[i].stream {
                    stream.check_after_cut = check;
                }
            }
        }
    }
    CratePlan { resources }
}

/// See [`StreamPlan::check_after_cut`].
fn check_after_cut(operations: &[OperationPlan], stream: usize) -> Option<String> {
    let path = operations[stream].path.as_str();
    let (parent, _) = path.rsplit_once('/')?;
    let readable = |op: &&OperationPlan| {
        op.http_method == Method::Get
            && op.body.is_none()
            && matches!(op.variants[0].kind, ResponseKind::Json(_))
    };
    let sibling = operations.iter().filter(readable).find(|op| {
        op.path != path
            && op
                .path
                .strip_prefix(parent)
                .and_then(|rest| rest.strip_prefix('/'))
                .is_some_and(|last| !last.is_empty() && !last.contains(['/', '{']))
    });
    sibling
        .or_else(|| {
            operations
                .iter()
                .filter(readable)
                .find(|op| op.path == parent)
        })
        .map(|op| op.static_name.clone())
}

/// One operation's method name before collision handling, and the name its
/// types are made from.
struct MethodName {
    /// The method (`list`, `get_version`).
    method: Identifier,
    /// The name the options struct and inline types are made from when it
    /// is not the method's: the full name of a shortened method (the types
    /// of every module share `models`, where `ListResponse` would say
    /// nothing).
    types: Option<Identifier>,
}

/// The method names of one module's operations before collision handling
/// (the module's naming rules): each operation's own name, without a
/// document-wide method prefix and the resource's words, `list` for a
/// `get` of a collection, where that leaves a good name no other operation
/// of the module has or would get; names still shared then get the words
/// of their paths that tell them apart.
fn method_base_names(
    model: &Model,
    operations: &[usize],
    full: &[Identifier],
    (resource, document): (&str, &HashSet<String>),
) -> Vec<MethodName> {
    let short: Vec<Option<String>> = operations
        .iter()
        .zip(full)
        .map(|(&i, name)| {
            let op = &model.operations[i];
            op.operation_id.as_ref()?;
            let name = name.as_str();
            let unprefixed = without_method_prefix(op, name, document);
            let name = unprefixed.as_deref().unwrap_or(name);
            let short = without_resource(name, resource);
            let candidate = short.as_deref().unwrap_or(name);
            if matches!(candidate, "get" | "get_all")
                && lists_a_collection(model, op, says_many(name, resource))
            {
                return Some("list".to_owned());
            }
            (unprefixed.is_some() || short.is_some()).then(|| candidate.to_owned())
        })
        .collect();
    let clashes = |i: usize, name: &str| {
        full.iter()
            .enumerate()
            .any(|(j, other)| j != i && *other == name)
            || short
                .iter()
                .enumerate()
                .any(|(j, other)| j != i && other.as_deref() == Some(name))
    };
    let mut names: Vec<MethodName> = full
        .iter()
        .enumerate()
        .map(|(i, name)| match &short[i] {
            Some(short) if !clashes(i, short) => MethodName {
                method: Identifier::new(short.as_str()),
                types: Some(name.clone()),
            },
            _ => MethodName {
                method: name.clone(),
                types: None,
            },
        })
        .collect();
    // Operations that would share a name are told apart by their paths.
    for i in 0..names.len() {
        let same: Vec<usize> = (0..names.len())
            .filter(|&j| names[j].method == names[i].method)
            .collect();
        if same.len() < 2 || same[0] != i {
            continue;
        }
        let words: Vec<Vec<&str>> = same
            .iter()
            .map(|&j| path_words(&model.operations[operations[j]].path))
            .collect();
        let common = (0..)
            .take_while(|&k| words.iter().all(|w| k < w.len() && w[k] == words[0][k]))
            .count();
        for (&j, words) in same.iter().zip(&words) {
            // The words that tell it apart, less those the name or the
            // handle already says.
            let name = names[j].method.as_str();
            let path = names::snake_identifier(&words[common..].join(" "), "");
            let (extra, _) = resource_words_dropped(path.as_str(), resource);
            let extra: Vec<&str> = extra
                .into_iter()
                .filter(|w| !w.is_empty() && !name.split('_').any(|n| n == *w))
                .collect();
            if !extra.is_empty() {
                let name = format!("{name} {}", extra.join(" "));
                names[j].method = names::snake_identifier(&name, "call");
            }
        }
    }
    names
}

/// The fixed segments of a path (`/api/{session}/chats` → `api`, `chats`).
fn path_words(path: &str) -> Vec<&str> {
    path.split('/')
        .filter(|segment| !segment.is_empty() && !segment.contains('{'))
        .collect()
}

/// `name` without its leading HTTP method when that is the operation's own
/// and the rest is another operation's name in the document: the prefix
/// only kept the operationIds unique across the document
/// (`postUpdatePresence` beside `updatePresence`), which the modules
/// already do.
fn without_method_prefix(op: &Operation, name: &str, document: &HashSet<String>) -> Option<String> {
    let rest = name.strip_prefix(op.method.key())?.strip_prefix('_')?;
    let good = document.contains(rest) && names::snake_case_or(rest, "") == rest;
    good.then(|| rest.to_owned())
}

/// A `GET` of a collection: no parameter closes its path (`/chats`, not
/// `/chats/{id}`), and its JSON answer is an array, or, when the document
/// does not say what it answers, its name says many (`many`).
fn lists_a_collection(model: &Model, op: &Operation, many: bool) -> bool {
    let is_array = |schema: &SchemaRef| match model.resolve(schema).map(|s| &s.kind) {
        Some(SchemaKind::Array { .. }) => true,
        Some(SchemaKind::Any) => many,
        _ => false,
    };
    op.method == Method::Get
        && op
            .path
            .rsplit('/')
            .next()
            .is_some_and(|last| !last.contains('{'))
        && match response_kinds(op).first() {
            Some((ResponseKind::Json(schema), _)) => is_array(schema),
            Some((ResponseKind::Empty, _)) => many,
            _ => false,
        }
}

/// Whether `name` (snake case) says many: it holds `all`, or the plural of
/// the resource's last word after its verb (`get_chats` in `chats`,
/// `get_pets` in `pet`; not `repos_get`, where the word only says where).
fn says_many(name: &str, resource: &str) -> bool {
    let Some(last) = resource.rsplit('_').find(|w| !w.is_empty()) else {
        return false;
    };
    let plural = if last.ends_with('s') {
        last.to_owned()
    } else if let Some(stem) = last.strip_suffix('y') {
        format!("{stem}ies")
    } else {
        format!("{last}s")
    };
    name.split('_')
        .enumerate()
        .any(|(i, word)| word == "all" || (i > 0 && word == plural))
}

/// `name` (snake case) without the words of `resource` (snake case): every
/// run of them, the last word singular or plural; `None` when nothing was
/// dropped or what remains is not a good name (empty, a keyword, a leading
/// digit).
pub(crate) fn without_resource(name: &str, resource: &str) -> Option<String> {
    let (kept, dropped) = resource_words_dropped(name, resource);
    let rest = kept.join("_");
    let good = dropped
        && !kept.is_empty()
        && kept.iter().all(|w| !w.is_empty())
        && names::snake_case_or(&rest, "") == rest;
    good.then_some(rest)
}

/// The words of `name` (snake case) that do not name `resource`, and
/// whether any did.
fn resource_words_dropped<'n>(name: &'n str, resource: &str) -> (Vec<&'n str>, bool) {
    let words: Vec<&str> = name.split('_').collect();
    let resource: Vec<&str> = resource.split('_').filter(|w| !w.is_empty()).collect();
    let Some((last, head)) = resource.split_last() else {
        return (words, false);
    };
    let mut forms = vec![(*last).to_owned()];
    if let Some(stem) = last.strip_suffix("ies") {
        forms.push(format!("{stem}y"));
    } else if let Some(stem) = last.strip_suffix('s') {
        forms.push(stem.to_owned());
    } else if let Some(stem) = last.strip_suffix('y') {
        forms.push(format!("{stem}ies"));
        forms.push(format!("{last}s"));
    } else {
        forms.push(format!("{last}s"));
    }
    let mut kept: Vec<&str> = Vec::new();
    let mut dropped = false;
    let mut i = 0;
    while i < words.len() {
        let n = head.len() + 1;
        let matches = i + n <= words.len()
            && words[i..i + head.len()] == *head
            && forms.iter().any(|f| f == words[i + head.len()]);
        if matches {
            dropped = true;
            i += n;
        } else {
            kept.push(words[i]);
            i += 1;
        }
    }
    (kept, dropped)
}

fn plan_operation(
    model: &Model,
    index: usize,
    name: MethodName,
    handle_type: &str,
    method_names: &mut NameAllocator,
    type_names: &mut NameAllocator,
) -> OperationPlan {
    let op = &model.operations[index];
    let main_name = method_names.allocate_identifier(&name.method);
    // From the name as code writes it: a keyword's `r#` is a word of its
    // types' names (`r#type` → `RTypeOptions`).
    let context = names::upper_camel_case_or(
        &name.types.as_ref().unwrap_or(&main_name).code(),
        "Operation",
    );
    let static_name = main_name.as_str().to_ascii_uppercase();

    let mut arg_names = NameAllocator::with_reserved(&["body", "options", "self"]);
    let mut required_params = Vec::new();
    let mut optional_params = Vec::new();
    for param in &op.parameters {
        let location = match param.location {
            ParameterLocation::Path => ParamPlacement::Path,
            ParameterLocation::Query => ParamPlacement::Query,
            ParameterLocation::Header => ParamPlacement::Header,
            // Cookies are set by the HTTP client's cookie store, not per call.
            ParameterLocation::Cookie => continue,
        };
        let value_type = value_type(model, param, &context);
        let default = (location == ParamPlacement::Query && !param.required)
            .then(|| scalar_default(model, &param.schema, &value_type))
            .flatten();
        let plan = ParamPlan {
            ident: arg_names.allocate_identifier(&names::snake_identifier(&param.name, "param")),
            wire_name: param.name.clone(),
            location,
            default,
            value_type,
            doc: param.description.clone().unwrap_or_else(|| {
                format!(
                    "The `{}` {} parameter.",
                    param.name,
                    param.location.as_str()
                )
            }),
            style: param.style,
            explode: param.explode,
        };
        if param.required {
            required_params.push(plan);
        } else {
            optional_params.push(plan);
        }
    }
    // Path parameters first, in template order: they read like the URL.
    let template = op.path_template_names();
    required_params.sort_by_key(|p| match p.location {
        ParamPlacement::Path => template.iter().position(|t| *t == p.wire_name).unwrap_or(0),
        _ => usize::MAX,
    });
    // Every operation takes an options struct, even before it has an
    // optional parameter: the first one the document adds is then a field,
    // not a new argument.
    let options_type = Some(type_names.allocate(&format!("{context}Options")));

    let mut variants = Vec::new();
    let kinds = response_kinds(op);
    let several = kinds.len() > 1;
    for (i, (kind, media)) in kinds.into_iter().enumerate() {
        let method_name = if i == 0 {
            main_name.clone()
        } else {
            method_names.allocate_identifier(&Identifier::new(format!(
                "{}_{}",
                name.method.as_str().trim_end_matches('_'),
                kind.suffix()
            )))
        };
        variants.push(ResponseVariant {
            method_name,
            kind,
            accept: if several { media } else { None },
            context_name: format!("{context}Response"),
        });
    }

    OperationPlan {
        index,
        operation_id: op
            .operation_id
            .clone()
            .unwrap_or_else(|| format!("{} {}", op.method.as_str(), op.path)),
        static_name,
        http_method: op.method,
        path: op.path.clone(),
        doc: operation_doc(op),
        security: security(model, op),
        required_params,
        optional_params,
        options_type,
        body: body(model, op, &context),
        variants,
        handle_type: handle_type.to_owned(),
        repeatable: op.repeatable,
        error_hints: op
            .responses
            .iter()
            .filter_map(|r| Some((r.status, r.error_hint.clone()?)))
            .collect(),
        stream: op
            .success_responses()
            .into_iter()
            .flat_map(|r| &r.content)
            .find(|m| m.is_event_stream())
            .map(|media| StreamPlan {
                error_schema: media.error_schema.clone(),
                check_after_cut: None,
            }),
        deprecated: op.deprecated,
        error_bodies: error_bodies(model, op, &context),
    }
}

/// The error responses of `op` with a JSON schema that says something (not
/// `{}`). `default` counts when the operation has a 2xx response (else it
/// is the success answer).
fn error_bodies(model: &Model, op: &Operation, context: &str) -> Vec<ErrorBodyPlan> {
    let has_success = op.responses.iter().any(|r| r.status.is_success());
    op.responses
        .iter()
        .filter(|r| !r.status.is_success() && (has_success || r.status != StatusCode::Default))
        .filter_map(|r| {
            let schema = r
                .content
                .iter()
                .find(|m| m.is_json())
                .and_then(|m| m.schema.clone())?;
            if is_empty_schema(model, &schema) {
                return None;
            }
            let status = match r.status {
                StatusCode::Code(code) => code.to_string(),
                StatusCode::Range(class) => format!("{class}XX"),
                StatusCode::Default => "default".to_owned(),
            };
            let context_name = match r.status {
                StatusCode::Default => format!("{context}ErrorDefault"),
                _ => format!("{context}Error{status}"),
            };
            Some(ErrorBodyPlan {
                status,
                schema,
                context_name,
            })
        })
        .collect()
}

/// The method name before collision handling.
fn method_base_name(op: &Operation) -> Identifier {
    match &op.operation_id {
        Some(id) => {
            let id = match id.split_once('_') {
                Some((prefix, rest)) if prefix.ends_with("Controller") && !rest.is_empty() => rest,
                _ => id.as_str(),
            };
            names::snake_identifier(id, "call")
        }
        None => names::snake_identifier(
            &format!(
                "{} {}",
                op.method.key(),
                op.path.replace(['{', '}', '/'], " ")
            ),
            "call",
        ),
    }
}

fn operation_doc(op: &Operation) -> String {
    let mut parts = Vec::new();
    if let Some(summary) = &op.summary {
        parts.push(summary.trim().to_owned());
    }
    if let Some(description) = &op.description {
        if op.summary.as_deref() != Some(description.as_str()) {
            parts.push(description.trim().to_owned());
        }
    }
    parts.push(format!("`{} {}`", op.method.as_str(), op.path));
    if op.deprecated {
        parts.push("Deprecated by the API.".to_owned());
    }
    parts.join("\n\n")
}

fn security(model: &Model, op: &Operation) -> Vec<Vec<AuthPlacement>> {
    let mut alternatives: Vec<Vec<AuthPlacement>> = Vec::new();
    for requirement in &op.security {
        let alternative: Vec<AuthPlacement> = requirement
            .schemes
            .iter()
            .map(|(name, _)| match model.security_schemes.get(name) {
                Some(SecurityScheme::ApiKey { location, name, .. }) => match location {
                    ParameterLocation::Header => AuthPlacement::Header(name.clone()),
                    ParameterLocation::Query => AuthPlacement::Query(name.clone()),
                    _ => AuthPlacement::Unsupported(format!("an API key in cookie `{name}`")),
                },
                Some(SecurityScheme::Http { scheme, .. }) => {
                    match scheme.to_ascii_lowercase().as_str() {
                        "bearer" => AuthPlacement::Bearer,
                        "basic" => AuthPlacement::Basic,
                        _ => AuthPlacement::Unsupported(format!("HTTP `{scheme}` authentication")),
                    }
                }
                Some(SecurityScheme::OAuth2 { .. } | SecurityScheme::OpenIdConnect { .. }) => {
                    AuthPlacement::Bearer
                }
                None => AuthPlacement::Unsupported(format!("the undefined scheme `{name}`")),
            })
            .collect();
        if !alternatives.contains(&alternative) {
            alternatives.push(alternative);
        }
    }
    alternatives
}

/// Parameter values travel as text; the Rust type follows the schema where
/// that text has an obvious typed form.
fn value_type(model: &Model, param: &Parameter, context: &str) -> ValueType {
    scalar_type(
        model,
        &param.schema,
        &format!(
            "{context}{}",
            names::upper_camel_case_or(&param.name, "Param")
        ),
    )
}

/// The schema's `default`, when it is a JSON scalar of `value_type`.
fn scalar_default(
    model: &Model,
    schema: &SchemaRef,
    value_type: &ValueType,
) -> Option<serde_json::Value> {
    let resolved = match schema {
        SchemaRef::Named(name) => model.schemas.get(name)?,
        SchemaRef::Inline(schema) => schema.as_ref(),
    };
    let default = resolved.default.as_ref()?;
    let fits = match value_type {
        ValueType::Str => default.is_string(),
        ValueType::Integer => default.is_i64(),
        ValueType::Number => default.is_number(),
        ValueType::Boolean => default.is_boolean(),
        ValueType::Schema(..) | ValueType::Array(_) => false,
    };
    fits.then(|| default.clone())
}

fn scalar_type(model: &Model, schema: &SchemaRef, context: &str) -> ValueType {
    let Some(resolved) = model.resolve(schema) else {
        return ValueType::Str;
    };
    match &resolved.kind {
        SchemaKind::String { enumeration, .. } if !enumeration.is_empty() => {
            ValueType::Schema(schema.clone(), context.to_owned())
        }
        SchemaKind::String { .. } | SchemaKind::Any => ValueType::Str,
        SchemaKind::Integer { .. } => ValueType::Integer,
        SchemaKind::Number { .. } => ValueType::Number,
        SchemaKind::Boolean => ValueType::Boolean,
        SchemaKind::Array { items } => {
            // The parameter styles write arrays of scalars only (`a,b`); an
            // item that is itself an array has no wire form of its own, so it
            // is a string the caller writes, as an object item is.
            let item = match scalar_type(model, items, &format!("{context}Item")) {
                ValueType::Array(_) => ValueType::Str,
                item => item,
            };
            ValueType::Array(Box::new(item))
        }
        _ => ValueType::Str,
    }
}

/// The body argument. An optional body whose schema says nothing (`{}`, or
/// no schema: what frameworks write for a GET or DELETE that reads no body)
/// is not asked for at all, nor is such a body on GET or HEAD even when
/// marked required (there is nothing to send).
fn body(model: &Model, op: &Operation, context: &str) -> Option<BodyPlan> {
    let body = op.request_body.as_ref()?;
    let media = body
        .content
        .iter()
        .find(|m| m.is_json())
        .or_else(|| body.content.first())?;
    let says_nothing = media
        .schema
        .as_ref()
        .is_none_or(|schema| is_empty_schema(model, schema));
    if says_nothing && (!body.required || matches!(op.method, Method::Get | Method::Head)) {
        return None;
    }
    let schema = || media.schema.clone().unwrap_or_else(SchemaRef::any);
    let essence = media.essence();
    let kind = if media.is_json() {
        BodyKind::Json(schema())
    } else if essence == "application/x-www-form-urlencoded" {
        BodyKind::Form(schema(), media.encoding.clone())
    } else if let Some(form) = (essence == "multipart/form-data")
        .then(|| multipart(model, &schema(), context))
        .flatten()
    {
        BodyKind::Multipart(form)
    } else if essence.starts_with("text/") {
        BodyKind::Text(media.media_type.clone())
    } else {
        BodyKind::Bytes(media.media_type.clone())
    };
    Some(BodyPlan {
        kind,
        required: body.required,
        context_name: format!("{context}Body"),
    })
}

/// The struct of a multipart body whose schema is an object with
/// properties; `None` for any other schema (sent as bytes then).
fn multipart(model: &Model, schema: &SchemaRef, context: &str) -> Option<MultipartPlan> {
    let SchemaKind::Object { properties, .. } = &model.resolve(schema)?.kind else {
        return None;
    };
    if properties.is_empty() {
        return None;
    }
    let mut idents = NameAllocator::new();
    let fields = properties
        .iter()
        .map(|(wire, property)| {
            let file = match model.resolve(&property.schema).map(|s| &s.kind) {
                Some(kind) if is_binary(kind) => FileKind::One,
                Some(SchemaKind::Array { items })
                    if model.resolve(items).is_some_and(|s| is_binary(&s.kind)) =>
                {
                    FileKind::Many
                }
                _ => FileKind::NotFile,
            };
            let description = model
                .resolve(&property.schema)
                .and_then(|s| s.description.clone());
            MultipartField {
                wire_name: wire.clone(),
                ident: idents.allocate_identifier(&names::snake_identifier(wire, "field")),
                schema: property.schema.clone(),
                required: property.required,
                file,
                doc: description.unwrap_or_else(|| format!("The `{wire}` part.")),
            }
        })
        .collect();
    Some(MultipartPlan {
        type_name: format!("{context}Form"),
        fields,
    })
}

/// `type: string, format: binary`: a file.
fn is_binary(kind: &SchemaKind) -> bool {
    matches!(kind, SchemaKind::String { format: Some(format), .. } if format == "binary")
}

/// A schema with no constraint at all: `{}` (titles and descriptions aside).
fn is_empty_schema(model: &Model, schema: &SchemaRef) -> bool {
    model
        .resolve(schema)
        .is_some_and(|s| s.kind == SchemaKind::Any && !s.nullable)
}

/// The success response's media types grouped by how they are read, JSON
/// first, then in document order; each with the media type to ask for.
fn response_kinds(op: &Operation) -> Vec<(ResponseKind, Option<String>)> {
    let Some(response) = op
        .success_responses()
        .into_iter()
        .find(|r| !r.content.is_empty())
    else {
        return vec![(ResponseKind::Empty, None)];
    };
    let mut kinds: Vec<(ResponseKind, Option<String>)> = Vec::new();
    let mut ordered: Vec<&MediaType> = response.content.iter().filter(|m| m.is_json()).collect();
    ordered.extend(response.content.iter().filter(|m| !m.is_json()));
    for media in ordered {
        let kind = if media.is_json() {
            ResponseKind::Json(media.schema.clone().unwrap_or_else(SchemaRef::any))
        } else if media.is_event_stream() {
            ResponseKind::EventStream(media.schema.clone())
        } else if media.essence().starts_with("text/") || media.essence().ends_with("xml") {
            ResponseKind::Text
        } else {
            ResponseKind::Binary
        };
        if !kinds.iter().any(|(k, _)| k.suffix() == kind.suffix()) {
            kinds.push((kind, Some(media.media_type.clone())));
        }
    }
    kinds
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load_str;
    use serde_json::json;

    fn plan_of(doc: serde_json::Value) -> CratePlan {
        let document = load_str(&doc.to_string(), "t.json").unwrap();
        plan(&crate::build(&document).unwrap())
    }

    #[test]
    fn controller_prefixes_and_collisions_are_named_deterministically() {
        let plan = plan_of(json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "tags": [{"name": "🖥️ Sessions"}],
            "paths": {
                "/a": {"get": {"operationId": "SessionsController_get", "tags": ["🖥️ Sessions"], "responses": {}}},
                "/b": {"get": {"operationId": "get", "tags": ["🖥️ Sessions"], "responses": {}},
                       "post": {"tags": ["🖥️ Sessions"], "responses": {}}}
            }
        }));
        let resource = &plan.resources[0];
        assert_eq!(resource.module, "sessions");
        assert_eq!(resource.handle_type, "Sessions");
        let names: Vec<&str> = resource
            .operations
            .iter()
            .map(|o| o.variants[0].method_name.as_str())
            .collect();
        // Two `get`s: their paths tell them apart.
        assert_eq!(names, ["get_a", "get_b", "post_b"]);
    }

    #[test]
    fn operations_sharing_a_name_get_the_words_of_their_paths() {
        let op = |id: &str| json!({"operationId": id, "tags": ["o"], "responses": {}});
        let plan = plan_of(json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {
                "/api/server/version": {"get": op("ServerController_get")},
                "/api/version": {"get": op("VersionController_get")},
                "/api/server/stop": {"post": op("ServerController_stop"),
                                     "put": op("stop")},
                "/x/{id}": {"get": op("find")},
                "/x/{id}/": {"get": op("Find")}
            }
        }));
        assert_eq!(
            method_names(&plan, 0),
            // Same fixed words: numbered.
            [
                "get_server_version",
                "get_version",
                "stop",
                "stop_2",
                "find",
                "find_2"
            ]
        );
        // Words the name or the resource already says are not repeated.
        let plan = plan_of(json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {
                "/api/contacts/all": {"get": {"operationId": "ContactsController_getAll",
                    "tags": ["Contacts"], "responses": {}}},
                "/api/{session}/lids": {"get": {"operationId": "LidsController_getAll",
                    "tags": ["Contacts"], "responses": {}}}
            }
        }));
        assert_eq!(method_names(&plan, 0), ["get_all", "get_all_lids"]);
    }

    #[test]
    fn a_get_of_a_collection_answering_an_array_is_list() {
        let array = json!({"200": {"description": "ok", "content": {"application/json":
            {"schema": {"type": "array", "items": {"type": "string"}}}}}});
        let object = json!({"200": {"description": "ok", "content": {"application/json":
            {"schema": {"type": "object"}}}}});
        let op = |id: &str, tag: &str, responses: &serde_json::Value| json!({"operationId": id, "tags": [tag], "responses": responses});
        let plan = plan_of(json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {
                "/{session}/chats": {"get": op("ChatsController_getChats", "chats", &array)},
                "/{session}/groups": {"get": op("getGroups", "groups", &array)},
                "/{session}/groups/{id}": {"get": op("getGroup", "groups", &array)},
                "/contacts/all": {"get": op("getAll", "contacts", &array)},
                // An object, or a path closed by a parameter: not a list.
                "/labels": {"get": op("getLabels", "labels", &object)},
                "/labels/{id}": {"get": op("getAll", "labels", &array)},
                // No answer declared: a list when the name says many.
                "/{session}/channels": {"get": op("getChannels", "channels", &json!({}))},
                "/server/version": {"get": op("get", "channels", &json!({}))}
            }
        }));
        assert_eq!(method_names(&plan, 0), ["list"]);
        assert_eq!(method_names(&plan, 1), ["list", "get"]);
        assert_eq!(method_names(&plan, 2), ["list"]);
        assert_eq!(method_names(&plan, 3), ["get", "get_all"]);
        assert_eq!(method_names(&plan, 4), ["list", "get"]);
        // Types keep the operation's full name.
        assert_eq!(
            plan.resources[0].operations[0].options_type.as_deref(),
            Some("GetChatsOptions")
        );
    }

    #[test]
    fn a_method_prefix_that_only_kept_ids_unique_is_dropped() {
        let op = |id: &str, tag: &str| json!({"operationId": id, "tags": [tag], "responses": {}});
        let plan = plan_of(json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {
                "/chats/{jid}/presence": {"post": op("updatePresence", "chats")},
                "/groups/{jid}/presence": {"post": op("postUpdatePresence", "groups")},
                // Not the operation's own method, or no operation named so.
                "/groups/{jid}/x": {"put": op("postUpdateSubject", "groups"),
                                    "post": op("postMessage", "groups")},
                "/groups/{jid}/y": {"post": op("updateSubject", "groups")}
            }
        }));
        assert_eq!(method_names(&plan, 0), ["update_presence"]);
        assert_eq!(
            method_names(&plan, 1),
            [
                "update_presence",
                "post_update_subject",
                "post_message",
                "update_subject"
            ]
        );
        assert_eq!(
            plan.resources[1].operations[0].options_type.as_deref(),
            Some("PostUpdatePresenceOptions")
        );
    }

    fn method_names(plan: &CratePlan, resource: usize) -> Vec<&str> {
        plan.resources[resource]
            .operations
            .iter()
            .map(|o| o.variants[0].method_name.as_str())
            .collect()
    }

    #[test]
    fn method_names_drop_the_words_of_their_resource() {
        let op = |id: &str, tag: &str| json!({"operationId": id, "tags": [tag], "responses": {}});
        let plan = plan_of(json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {
                "/1": {"get": op("chatList", "Chats"), "post": op("sendBulkChat", "Chats")},
                "/2": {"get": op("repos/get", "repos"), "put": op("listRepos", "repos"),
                       "post": op("repo", "repos"), "delete": op("typeRepo", "repos")},
                // `getPet` would become `get`, which `get` already is: both stay.
                "/3": {"get": op("get", "pets"), "put": op("getPet", "pets"),
                       "post": op("listPets", "pets"), "patch": op("listPet", "pets")},
                "/4": {"get": op("categoryList", "Pet category"), "put": op("petCategoriesGet", "Pet category")}
            }
        }));
        assert_eq!(method_names(&plan, 0), ["list", "send_bulk"]);
        // Nothing left, or only a keyword: the full name stays.
        assert_eq!(method_names(&plan, 1), ["get", "list", "repo", "type_repo"]);
        // `listPets` and `listPet` would both be `list`.
        assert_eq!(
            method_names(&plan, 2),
            ["get", "get_pet", "list_pets", "list_pet"]
        );
        assert_eq!(method_names(&plan, 3), ["category_list", "get"]);
    }

    #[test]
    fn names_the_crate_uses_are_never_given_to_resources() {
        let mut paths = serde_json::Map::new();
        let tags = [
            "models",
            "lib",
            "main",
            "catalog",
            "metadata",
            "runtime",
            "Client",
            "Error",
            "Method",
            "OperationInfo",
            "default",
            "builder",
            "request",
            "clone",
            "models operations",
        ];
        for (i, tag) in tags.iter().enumerate() {
            paths.insert(
                format!("/{i}"),
                json!({"get": {"operationId": format!("op{i}"), "tags": [tag], "parameters": [
                    {"name": "q", "in": "query", "schema": {"type": "string"}}
                ], "responses": {}}}),
            );
        }
        let plan = plan_of(json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths
        }));
        let names: Vec<(&str, &str)> = plan
            .resources
            .iter()
            .map(|r| (r.module.as_str(), r.handle_type.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("models_operations", "ModelsOperations"),
                ("lib_operations", "LibOperations"),
                ("main_operations", "MainOperations"),
                ("catalog_operations", "CatalogOperations"),
                ("metadata_operations", "MetadataOperations"),
                ("runtime_operations", "RuntimeOperations"),
                ("client", "ClientOperations"),
                ("error", "ErrorOperations"),
                ("method", "MethodOperations"),
                ("operation_info", "OperationInfoOperations"),
                ("builder_operations", "BuilderOperations"),
                ("request_operations", "RequestOperations"),
                ("clone_operations", "CloneOperations"),
                ("models_operations_2", "ModelsOperations2"),
                // Undeclared `default` sorts last (as in the n8n package).
                ("operations", "Operations"),
            ]
        );
        // An options struct never takes the handle's name.
        let plan = plan_of(json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {"operationId": "options", "tags": ["options"], "parameters": [
                {"name": "q", "in": "query", "schema": {"type": "string"}}
            ], "responses": {}}}}
        }));
        let resource = &plan.resources[0];
        assert_eq!(resource.handle_type, "Options");
        assert_eq!(
            resource.operations[0].options_type.as_deref(),
            Some("OptionsOptions")
        );
    }

    #[test]
    fn every_method_of_the_runtime_client_is_reserved() {
        // A resource's accessor is a `Client` method: one named like a method
        // the runtime already has would not compile.
        let client = include_str!("../../../runtime/src/client.rs");
        let file = syn::parse_file(client).expect("client.rs parses");
        let mut methods = Vec::new();
        for item in file.items {
            if let syn::Item::Impl(block) = item {
                let is_client = matches!(&*block.self_ty, syn::Type::Path(p)
                    if p.path.is_ident("Client"));
                if is_client && block.trait_.is_none() {
                    for item in block.items {
                        if let syn::ImplItem::Fn(f) = item {
                            methods.push(f.sig.ident.to_string());
                        }
                    }
                }
            }
        }
        assert!(methods.contains(&"request".to_owned()), "{methods:?}");
        for method in methods {
            assert!(
                RESERVED_MODULES.contains(&method.as_str()),
                "`{method}` is not reserved"
            );
        }
    }

    #[test]
    fn keyword_operation_ids_give_valid_static_names() {
        // Found by `cargo xtask fuzz`: `r#type` upper-cased is not an identifier.
        let plan = plan_of(json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {"operationId": "type", "responses": {}}}}
        }));
        let op = &plan.resources[0].operations[0];
        assert_eq!(op.variants[0].method_name, "type");
        assert!(op.variants[0].method_name.is_raw());
        assert_eq!(op.static_name, "TYPE");
    }

    #[test]
    fn parameters_split_into_arguments_and_options() {
        let plan = plan_of(json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/{phone}/chats/{id}": {"get": {"operationId": "listChats", "parameters": [
                {"name": "phone", "in": "path", "required": true, "schema": {"type": "string"}},
                {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                {"name": "id", "in": "query", "schema": {"type": "integer"}},
                {"name": "limit", "in": "query", "schema": {"type": "number"}},
                {"name": "type", "in": "query", "required": true, "schema": {"type": "string", "enum": ["a"]}}
            ], "responses": {}}}}
        }));
        let op = &plan.resources[0].operations[0];
        let required: Vec<&str> = op
            .required_params
            .iter()
            .map(|p| p.ident.as_str())
            .collect();
        let optional: Vec<&str> = op
            .optional_params
            .iter()
            .map(|p| p.ident.as_str())
            .collect();
        assert_eq!(required, ["phone", "id", "type"]);
        assert_eq!(optional, ["id_2", "limit"]);
        assert_eq!(op.options_type.as_deref(), Some("ListChatsOptions"));
    }

    #[test]
    fn array_parameters_have_scalar_items() {
        // gambitcomm's mimic: a path parameter that is an array of arrays.
        // The styles write arrays of scalars only (`a,b`), so a nested array
        // item is a string the caller writes, like an object item.
        let plan = plan_of(json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/m/{grid}": {"get": {"operationId": "get", "parameters": [
                {"name": "grid", "in": "path", "required": true, "schema": {"type": "array",
                    "items": {"type": "array", "items": {"type": "string"}}}},
                {"name": "rows", "in": "query", "required": true, "schema": {"type": "array",
                    "items": {"type": "array", "items": {"type": "array", "items": {"type": "integer"}}}}},
                {"name": "ids", "in": "header", "schema": {"type": "array", "items": {"type": "integer"}}}
            ], "responses": {}}}}
        }));
        let op = &plan.resources[0].operations[0];
        let types: Vec<String> = op
            .required_params
            .iter()
            .chain(&op.optional_params)
            .map(|p| format!("{:?}", p.value_type))
            .collect();
        assert_eq!(types, ["Array(Str)", "Array(Str)", "Array(Integer)"]);
    }

    #[test]
    fn optional_query_parameters_keep_a_scalar_default_of_their_type() {
        let plan = plan_of(json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/g": {"get": {"operationId": "groupList", "parameters": [
                {"name": "search", "in": "query", "schema": {"type": "string", "default": ""}},
                {"name": "limit", "in": "query", "schema": {"type": "integer", "default": 25}},
                {"name": "ratio", "in": "query", "schema": {"type": "number", "default": 0.5}},
                {"name": "all", "in": "query", "schema": {"type": "boolean", "default": false}},
                {"name": "cursor", "in": "query", "schema": {"type": "integer"}},
                {"name": "wrong", "in": "query", "schema": {"type": "integer", "default": "x"}},
                {"name": "tags", "in": "query", "schema": {"type": "array", "items": {"type": "string"}, "default": []}},
                {"name": "needed", "in": "query", "required": true, "schema": {"type": "string", "default": "a"}},
                {"name": "x-trace", "in": "header", "schema": {"type": "string", "default": "t"}}
            ], "responses": {}}}}
        }));
        let op = &plan.resources[0].operations[0];
        let defaults: Vec<(&str, Option<&serde_json::Value>)> = op
            .required_params
            .iter()
            .chain(&op.optional_params)
            .map(|p| (p.wire_name.as_str(), p.default.as_ref()))
            .collect();
        assert_eq!(
            defaults,
            [
                ("needed", None),
                ("search", Some(&json!(""))),
                ("limit", Some(&json!(25))),
                ("ratio", Some(&json!(0.5))),
                ("all", Some(&json!(false))),
                ("cursor", None),
                ("wrong", None),
                ("tags", None),
                ("x-trace", None),
            ]
        );
    }

    #[test]
    fn json_and_image_responses_give_two_methods() {
        let plan = plan_of(json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/qr": {"get": {"operationId": "getQr", "responses": {"200": {"description": "ok", "content": {
                "image/png": {"schema": {"type": "string", "format": "binary"}},
                "application/json": {"schema": {"type": "object"}}
            }}}}}}
        }));
        let op = &plan.resources[0].operations[0];
        let variants: Vec<(&str, Option<&str>)> = op
            .variants
            .iter()
            .map(|v| (v.method_name.as_str(), v.accept.as_deref()))
            .collect();
        assert_eq!(
            variants,
            [
                ("get_qr", Some("application/json")),
                ("get_qr_bytes", Some("image/png"))
            ]
        );
    }

    #[test]
    fn streams_get_their_error_schema_and_what_to_check_after_a_cut() {
        let plan = plan_of(json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {
                "/jobs/{id}": {"get": {"operationId": "getJob", "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}}}}},
                "/jobs/{id}/status": {"get": {"operationId": "jobStatus", "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}}}}},
                "/jobs/{id}/run": {"get": {"operationId": "runJob", "x-idempotent": false, "responses": {"200": {"description": "ok", "content": {
                    "text/event-stream": {"schema": {"type": "object"}, "x-error-schema": {"$ref": "#/components/schemas/Oops"}}
                }}}}},
                "/jobs/{id}/watch": {"get": {"operationId": "watchJob", "responses": {"200": {"description": "ok", "content": {"text/event-stream": {}}}}}}
            },
            "components": {"schemas": {"Oops": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}}}}
        }));
        let ops = &plan.resources[0].operations;
        let run = ops.iter().find(|o| o.operation_id == "runJob").unwrap();
        assert!(!run.repeatable);
        let stream = run.stream.as_ref().unwrap();
        assert!(matches!(&stream.error_schema, Some(SchemaRef::Named(name)) if name == "Oops"));
        assert_eq!(stream.check_after_cut.as_deref(), Some("JOB_STATUS"));
        let watch = ops.iter().find(|o| o.operation_id == "watchJob").unwrap();
        assert!(watch.repeatable);
        assert!(watch.stream.as_ref().unwrap().error_schema.is_none());
        assert!(
            ops.iter()
                .find(|o| o.operation_id == "getJob")
                .unwrap()
                .stream
                .is_none()
        );
    }

    #[test]
    fn a_bad_x_idempotent_or_x_error_schema_is_an_error_naming_where() {
        for (operation, needle) in [
            (
                json!({"x-idempotent": "no", "responses": {}}),
                "/paths/~1a/get/x-idempotent",
            ),
            (
                json!({"responses": {"200": {"description": "ok", "content": {"text/event-stream": {"x-error-schema": {"$ref": "#/components/schemas/Missing"}}}}}}),
                "x-error-schema",
            ),
        ] {
            let doc = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": operation}}});
            let document = load_str(&doc.to_string(), "t.json").unwrap();
            let error = crate::build(&document).unwrap_err().to_string();
            assert!(error.contains(needle), "{error}");
        }
    }

    #[test]
    fn security_decides_where_the_key_goes() {
        let plan = plan_of(json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "security": [{"h": []}],
            "paths": {"/a": {"get": {"responses": {}}}, "/sse": {"get": {"security": [{"q": []}], "responses": {}}}},
            "components": {"securitySchemes": {
                "h": {"type": "apiKey", "in": "header", "name": "x-api-key"},
                "q": {"type": "apiKey", "in": "query", "name": "api_key"}
            }}
        }));
        let ops = &plan.resources[0].operations;
        assert_eq!(
            ops[0].security,
            [[AuthPlacement::Header("x-api-key".into())]]
        );
        assert_eq!(ops[1].security, [[AuthPlacement::Query("api_key".into())]]);
    }

    #[test]
    fn http_basic_and_bearer_security_are_placed() {
        let plan = plan_of(json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "security": [{"basic": []}],
            "paths": {"/a": {"get": {"responses": {}}}, "/b": {"get": {"security": [{"bearer": []}], "responses": {}}}},
            "components": {"securitySchemes": {
                "basic": {"type": "http", "scheme": "Basic"},
                "bearer": {"type": "http", "scheme": "bearer"}
            }}
        }));
        let ops = &plan.resources[0].operations;
        assert_eq!(ops[0].security, [[AuthPlacement::Basic]]);
        assert_eq!(ops[1].security, [[AuthPlacement::Bearer]]);
    }

    #[test]
    fn every_security_alternative_is_kept_in_order() {
        // `@scalar/galaxy`'s `GET /me`: basic, bearer, OAuth 2 or an API key;
        // OAuth 2 is sent as a bearer token, so it adds no alternative.
        let plan = plan_of(json!({
            "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "paths": {
                "/me": {"get": {"security": [{"basic": []}, {"bearer": []}, {"oauth": ["read"]}, {"key": []}], "responses": {}}},
                "/both": {"get": {"security": [{"key": [], "basic": []}, {"digest": []}, {}], "responses": {}}}
            },
            "components": {"securitySchemes": {
                "basic": {"type": "http", "scheme": "basic"},
                "bearer": {"type": "http", "scheme": "bearer"},
                "digest": {"type": "http", "scheme": "digest"},
                "oauth": {"type": "oauth2", "flows": {}},
                "key": {"type": "apiKey", "in": "header", "name": "X-API-Key"}
            }}
        }));
        let ops = &plan.resources[0].operations;
        assert_eq!(
            ops[0].security,
            [
                vec![AuthPlacement::Basic],
                vec![AuthPlacement::Bearer],
                vec![AuthPlacement::Header("X-API-Key".into())],
            ]
        );
        assert_eq!(
            ops[1].security,
            [
                vec![
                    AuthPlacement::Header("X-API-Key".into()),
                    AuthPlacement::Basic
                ],
                vec![AuthPlacement::Unsupported(
                    "HTTP `digest` authentication".into()
                )],
                vec![],
            ]
        );
    }

    #[test]
    fn bodies_that_say_nothing_are_not_asked_for() {
        let empty = json!({"content": {"application/json": {}}});
        let required_empty =
            json!({"required": true, "content": {"application/json": {"schema": {}}}});
        let plan = plan_of(json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {
                "/a": {"get": {"requestBody": required_empty, "responses": {}},
                       "delete": {"requestBody": empty, "responses": {}},
                       "put": {"requestBody": required_empty, "responses": {}},
                       "post": {"requestBody": {"content": {"application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {"a": {"type": "string"}}}}}}, "responses": {}}}
            }
        }));
        let bodies: Vec<Option<bool>> = plan.resources[0]
            .operations
            .iter()
            .map(|op| op.body.as_ref().map(|b| b.required))
            .collect();
        assert_eq!(bodies, [None, None, Some(true), Some(false)]);
    }
}
