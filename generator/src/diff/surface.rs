//! The public Rust API of a generated crate, read back from its sources with
//! `syn`: what a caller can name, build, match and call. The diff compares
//! two of these, so every change it reports is a change of the code the
//! generator really writes (names, argument order, `Option`s), not a guess
//! from the document.

use std::collections::{BTreeMap, BTreeSet};

use quote::ToTokens;
use syn::ext::IdentExt;

use crate::emit::layout::Files;

/// The public items of one generated crate, by path (`models::Chat`,
/// `chats::ChatListOptions`, `chats::LIST`).
#[derive(Debug, Clone, Default)]
pub(crate) struct Api {
    /// Resource and other modules, by name (`chats`, `models`).
    pub modules: Vec<String>,
    pub items: BTreeMap<String, Item>,
    /// Inherent public functions by `module::Type::name` (`Client::chats`
    /// for the accessors every module adds to the root `Client`).
    pub fns: BTreeMap<String, Sig>,
}

/// A public type or static.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Item {
    Struct(Struct),
    Enum {
        /// Variant name → its payload as text (empty for a unit variant).
        variants: Vec<(String, String)>,
        non_exhaustive: bool,
    },
    Alias(String),
    Static(String),
}

/// A public struct.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Struct {
    /// Public fields in order: Rust name, type, wire name.
    pub fields: Vec<Field>,
    pub non_exhaustive: bool,
    /// Has a field the caller cannot name (so no struct literal outside).
    pub private_fields: bool,
    /// Derives `Default`.
    pub default: bool,
    /// Has lifetime parameters (a resource handle `Chats<'a>`).
    pub lifetimes: bool,
}

/// A public field.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Field {
    pub name: String,
    pub ty: String,
    /// The JSON key (serde's `rename`, `rename_all = "camelCase"`).
    pub wire: String,
}

/// A function's signature, without `self`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Sig {
    /// Argument name and type, in order.
    pub args: Vec<(String, String)>,
    pub ret: String,
    /// `self`, `&self`, `&mut self` (as written, `mut self` as `self`), or
    /// `None` for an associated function.
    pub receiver: Option<String>,
    pub is_async: bool,
}

impl Api {
    /// Reads the `.rs` files of a generated crate (`src/lib.rs`,
    /// `src/<module>.rs`). Hand-written modules are not in `files`.
    pub fn of(files: &Files) -> Api {
        let mut api = Api::default();
        for (path, text) in files {
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
                continue;
            };
            let Ok(file) = syn::parse_file(text) else {
                continue;
            };
            let module = if stem == "lib" { "" } else { stem };
            if !module.is_empty() {
                api.modules.push(module.to_owned());
            }
            api.read_items(module, &file.items);
        }
        api.modules.sort();
        api.qualify_models();
        api
    }

    /// Inside `models` generated code names its own types bare (`CallData`);
    /// elsewhere they are `models::CallData`. The types read there are
    /// written as elsewhere, so one text names one type everywhere.
    fn qualify_models(&mut self) {
        let names: BTreeSet<String> = self
            .items
            .keys()
            .filter_map(|path| path.strip_prefix("models::"))
            .map(str::to_owned)
            .collect();
        let qualify = |text: &mut String| *text = qualified(text, &names);
        for (path, item) in &mut self.items {
            if !path.starts_with("models::") {
                continue;
            }
            match item {
                Item::Struct(s) => s.fields.iter_mut().for_each(|f| qualify(&mut f.ty)),
                Item::Enum { variants, .. } => variants.iter_mut().for_each(|(_, p)| qualify(p)),
                Item::Alias(target) => qualify(target),
                Item::Static(ty) => qualify(ty),
            }
        }
        for (path, sig) in &mut self.fns {
            if !path.starts_with("models::") {
                continue;
            }
            sig.args.iter_mut().for_each(|(_, ty)| qualify(ty));
            qualify(&mut sig.ret);
        }
    }

    /// The model types a client reads from the server: what its methods
    /// return and what the webhook events (`events::Event`) carry, and every
    /// model those hold.
    pub fn read_types(&self) -> BTreeSet<String> {
        let mut queue: Vec<String> = Vec::new();
        for (path, sig) in &self.fns {
            if !path.starts_with("models::") {
                queue.extend(model_types(&sig.ret));
            }
        }
        if let Some(Item::Enum { variants, .. }) = self.items.get("events::Event") {
            for (_, payload) in variants {
                queue.extend(model_types(payload));
            }
        }
        let mut read = BTreeSet::new();
        while let Some(path) = queue.pop() {
            if !read.insert(path.clone()) {
                continue;
            }
            match self.items.get(&path) {
                Some(Item::Struct(s)) => {
                    for field in &s.fields {
                        queue.extend(model_types(&field.ty));
                    }
                }
                Some(Item::Enum { variants, .. }) => {
                    for (_, payload) in variants {
                        queue.extend(model_types(payload));
                    }
                }
                Some(Item::Alias(target)) => queue.extend(model_types(target)),
                _ => {}
            }
        }
        read
    }

    fn read_items(&mut self, module: &str, items: &[syn::Item]) {
        let path = |name: &str| {
            if module.is_empty() {
                name.to_owned()
            } else {
                format!("{module}::{name}")
            }
        };
        for item in items {
            match item {
                syn::Item::Struct(s) if is_pub(&s.vis) => {
                    let camel = serde_rename_all_camel(&s.attrs);
                    let mut fields = Vec::new();
                    let mut private_fields = false;
                    for (index, field) in s.fields.iter().enumerate() {
                        if !is_pub(&field.vis) {
                            private_fields = true;
                            continue;
                        }
                        let name = field
                            .ident
                            .as_ref()
                            .map_or_else(|| index.to_string(), |i| i.unraw().to_string());
                        let wire = serde_rename(&field.attrs).unwrap_or_else(|| {
                            if camel {
                                camel_case(&name)
                            } else {
                                name.clone()
                            }
                        });
                        fields.push(Field {
                            ty: type_text(&field.ty),
                            name,
                            wire,
                        });
                    }
                    self.items.insert(
                        path(&s.ident.unraw().to_string()),
                        Item::Struct(Struct {
                            fields,
                            non_exhaustive: non_exhaustive(&s.attrs),
                            private_fields,
                            default: derives(&s.attrs, "Default"),
                            lifetimes: s.generics.lifetimes().next().is_some(),
                        }),
                    );
                }
                syn::Item::Enum(e) if is_pub(&e.vis) => {
                    let variants = e
                        .variants
                        .iter()
                        .map(|v| {
                            let payload = match &v.fields {
                                syn::Fields::Unit => String::new(),
                                fields => normalize(&fields.to_token_stream().to_string()),
                            };
                            (v.ident.unraw().to_string(), payload)
                        })
                        .collect();
                    self.items.insert(
                        path(&e.ident.unraw().to_string()),
                        Item::Enum {
                            variants,
                            non_exhaustive: non_exhaustive(&e.attrs),
                        },
                    );
                }
                syn::Item::Type(t) if is_pub(&t.vis) => {
                    self.items.insert(
                        path(&t.ident.unraw().to_string()),
                        Item::Alias(type_text(&t.ty)),
                    );
                }
                syn::Item::Static(s) if is_pub(&s.vis) => {
                    self.items.insert(
                        path(&s.ident.unraw().to_string()),
                        Item::Static(type_text(&s.ty)),
                    );
                }
                syn::Item::Mod(m) if is_pub(&m.vis) => {
                    if let Some((_, inner)) = &m.content {
                        let name = path(&m.ident.unraw().to_string());
                        self.modules.push(name.clone());
                        self.read_items(&name, inner);
                    }
                }
                syn::Item::Impl(block) if block.trait_.is_none() => {
                    let Some(owner) = self_type(&block.self_ty) else {
                        continue;
                    };
                    let owner = if owner == "Client" {
                        owner
                    } else {
                        path(&owner)
                    };
                    for inner in &block.items {
                        let syn::ImplItem::Fn(f) = inner else {
                            continue;
                        };
                        if !is_pub(&f.vis) {
                            continue;
                        }
                        let args = f
                            .sig
                            .inputs
                            .iter()
                            .filter_map(|input| match input {
                                syn::FnArg::Typed(typed) => Some((
                                    normalize(&typed.pat.to_token_stream().to_string()),
                                    type_text(&typed.ty),
                                )),
                                syn::FnArg::Receiver(_) => None,
                            })
                            .collect();
                        let receiver = f.sig.inputs.iter().find_map(|input| match input {
                            syn::FnArg::Receiver(r) => Some(match &r.kind {
                                syn::ReceiverKind::Reference(_, _, Some(_)) => {
                                    "&mut self".to_owned()
                                }
                                syn::ReceiverKind::Reference(_, _, None) => "&self".to_owned(),
                                _ => "self".to_owned(),
                            }),
                            syn::FnArg::Typed(_) => None,
                        });
                        let ret = match &f.sig.output {
                            syn::ReturnType::Default => "()".to_owned(),
                            syn::ReturnType::Type(_, ty) => type_text(ty),
                        };
                        self.fns.insert(
                            format!("{owner}::{}", f.sig.ident.unraw()),
                            Sig {
                                args,
                                ret,
                                receiver,
                                is_async: f.sig.asyncness.is_some(),
                            },
                        );
                    }
                }
                _ => {}
            }
        }
    }
}

fn is_pub(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

/// Whether a `#[derive(..)]` names `name`.
fn derives(attrs: &[syn::Attribute], name: &str) -> bool {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("derive"))
        .any(|a| {
            a.to_token_stream()
                .to_string()
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .any(|word| word == name)
        })
}

fn non_exhaustive(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| a.path().is_ident("non_exhaustive"))
}

/// The last segment of an impl's self type (`Chats<'_>` → `Chats`,
/// `super::Client` → `Client`).
fn self_type(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.unraw().to_string()),
        _ => None,
    }
}

fn serde_args(attrs: &[syn::Attribute]) -> Vec<String> {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("serde"))
        .map(|a| a.to_token_stream().to_string())
        .collect()
}

/// `#[serde(rename = "...")]`.
fn serde_rename(attrs: &[syn::Attribute]) -> Option<String> {
    for text in serde_args(attrs) {
        let compact: String = text.split_whitespace().collect();
        if let Some(rest) = compact.split("rename=\"").nth(1) {
            let raw = rest.split('"').next()?;
            return Some(raw.replace("\\\"", "\""));
        }
    }
    None
}

fn serde_rename_all_camel(attrs: &[syn::Attribute]) -> bool {
    serde_args(attrs).iter().any(|t| {
        t.split_whitespace()
            .collect::<String>()
            .contains("rename_all=\"camelCase\"")
    })
}

/// serde's `camelCase` rule for a field name.
fn camel_case(field: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for ch in field.chars() {
        if ch == '_' {
            upper = true;
        } else if upper {
            out.push(ch.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(ch);
        }
    }
    out
}

fn type_text(ty: &syn::Type) -> String {
    normalize(&ty.to_token_stream().to_string())
}

/// Token text without spaces, the paths generated code spells written
/// the way a caller names them (`super::models::Chat` → `models::Chat`,
/// `::openapi_wa_runtime::Binary` → `runtime::Binary`).
pub(crate) fn normalize(tokens: &str) -> String {
    // Spaces only where two words meet (`impl Into<String>`).
    let mut compact = String::with_capacity(tokens.len());
    for word in tokens.split_whitespace() {
        let joins = |c: char| c.is_alphanumeric() || c == '_';
        if compact.ends_with(joins) && word.starts_with(joins) {
            compact.push(' ');
        }
        compact.push_str(word);
    }
    compact
        .replace("super::models::", "models::")
        .replace("crate::models::", "models::")
        .replace("::openapi_wa_runtime::", "runtime::")
        .replace("std::string::String", "String")
        .replace("std::vec::Vec", "Vec")
        .replace("std::option::Option", "Option")
        .replace("std::boxed::Box", "Box")
}

/// `text` with each bare word that is one of `names` (not a path's later
/// segment: `serde_json::Value` stays) written `models::Name`.
fn qualified(text: &str, names: &BTreeSet<String>) -> String {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(word) {
        let (before, from) = rest.split_at(start);
        out.push_str(before);
        let end = from.find(|c: char| !word(c)).unwrap_or(from.len());
        let (name, after) = from.split_at(end);
        if names.contains(name) && !out.ends_with("::") {
            out.push_str("models::");
        }
        out.push_str(name);
        rest = after;
    }
    out.push_str(rest);
    out
}

/// The `models::X` types a type text names.
pub(crate) fn model_types(ty: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = ty;
    while let Some(at) = rest.find("models::") {
        let after = &rest[at + "models::".len()..];
        let end = after
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        found.push(format!("models::{}", &after[..end]));
        rest = &after[end..];
    }
    found
}

/// `Option<T>` → `T`.
pub(crate) fn strip_option(ty: &str) -> Option<&str> {
    ty.strip_prefix("Option<")?.strip_suffix('>')
}

/// Whether a method's argument is its operation's options struct: named
/// `options`, or `_options` while the operation has no optional parameter
/// yet (`emit::operations`).
pub(crate) fn is_options_argument(name: &str) -> bool {
    name == "options" || name == "_options"
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    #[test]
    fn models_read_through_other_models_are_read_types() {
        // Inside `models` generated code names its types bare.
        let files: Files = [
            (
                PathBuf::from("src/models.rs"),
                "pub struct Call { pub data: CallData, pub list: Vec<Option<Peer>> }\n\
                 pub struct CallData { pub id: String }\n\
                 pub struct Peer { pub id: String }\n\
                 pub struct Unread { pub id: String }\n"
                    .to_owned(),
            ),
            (
                PathBuf::from("src/calls.rs"),
                "pub struct Calls;\n\
                 impl Calls { pub async fn get(&self) -> Result<super::models::Call, Error> { todo!() } }\n"
                    .to_owned(),
            ),
        ]
        .into_iter()
        .collect();
        let api = Api::of(&files);
        let read = api.read_types();
        for reached in ["models::Call", "models::CallData", "models::Peer"] {
            assert!(read.contains(reached), "{reached} not in {read:?}");
        }
        assert!(!read.contains("models::Unread"), "{read:?}");
        let Some(Item::Struct(call)) = api.items.get("models::Call") else {
            panic!("{:?}", api.items.keys());
        };
        assert_eq!(call.fields[0].ty, "models::CallData");
        assert_eq!(call.fields[1].ty, "Vec<Option<models::Peer>>");
    }
}
