//! Compiler probes for a diff's Rust changes: for each change, a small
//! program that uses exactly what the change touches in the OLD generated
//! crate (a method called with its old argument types and order and its
//! result read as the old type, a field read as its old type, a struct
//! built with its old constructor, a `match` on an enum's old variants...).
//! Built against the old crate, every probe must compile (else the probe is
//! wrong); built against the new crate, a probe of a breaking change must
//! fail, and a probe of a change called non-breaking must still compile.
//! `.ci/semver-agreement` runs them beside cargo-semver-checks, which has
//! no lint for several kinds of break (a parameter's or a result's type,
//! arguments in another order).
//!
//! What compiles may still break at run time, so two more kinds of probe
//! run: a *run-time probe* for a change to the fields of a model the client
//! reads (a value of the old document's schema, its required properties
//! only, read as the type: an older server's answer), and a *wire probe*
//! for arguments of one type in another order and for other credentials
//! (the old call made against a local listener, or the old constructor's
//! value as JSON: the request must be the same with both crates).
//!
//! The probes are read from the diff's JSON (`cargo xtask diff --json`) and
//! the old crate's sources, so they can be made for any pair of documents.

use std::path::Path;

use serde::Serialize;

use super::surface::{self, Api, Item, Sig, Struct};
use crate::emit::identifier::Identifier;
use crate::emit::layout::Files;

/// What was made for one Rust change of the report.
#[derive(Debug, Clone, Serialize)]
pub struct Probe {
    /// The change's index among the report's `changes`.
    pub change: usize,
    /// The change's kind and item, as in the report.
    pub kind: String,
    /// The changed item.
    pub item: String,
    /// Whether the report calls it breaking.
    pub breaking: bool,
    /// The example's name (`p012`), or `None` when no old code can refer
    /// to what changed (an addition).
    pub example: Option<String>,
    /// What the probe does, or why there is none.
    pub uses: String,
    /// The old items that go with the changed one (an operation's static
    /// and options struct, removed or renamed with its method), which a
    /// tool comparing item by item counts as the same change.
    pub covers: Vec<String>,
    /// The example's source.
    #[serde(skip)]
    pub source: String,
    /// The run-time probe's example (`r012`), for a change to a model a
    /// client reads: it reads a value valid for the old document's schema
    /// (its required properties only) as the type, printing `reads` or
    /// exiting with status 3.
    pub runtime_example: Option<String>,
    /// The JSON the run-time probe reads.
    pub runtime_value: Option<serde_json::Value>,
    /// The type the run-time probe reads (`c::models::Chat`).
    pub runtime_type: Option<String>,
    /// The run-time probe's source.
    #[serde(skip)]
    pub runtime_source: String,
    /// The wire probe's example (`w012`), for a change the compiler cannot
    /// see (arguments of one type in another order, other credentials): a
    /// module whose `probe()` makes the old call, with the old
    /// credentials, against a local listener and returns the request it
    /// received (request line and headers). The same call sending another
    /// request with the new crate is a break at run time.
    pub wire_example: Option<String>,
    /// The wire probe's source.
    #[serde(skip)]
    pub wire_source: String,
}

/// Reads the `src/*.rs` files of a generated crate.
pub fn read_crate(dir: &Path) -> std::io::Result<Files> {
    let mut files = Files::new();
    for entry in std::fs::read_dir(dir.join("src"))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "rs") {
            let name = path.file_name().unwrap_or_default();
            files.insert(Path::new("src").join(name), std::fs::read_to_string(&path)?);
        }
    }
    Ok(files)
}

/// The probes for the Rust changes of `report` (the JSON of a
/// [`Report`](super::Report)), against the old crate's sources `old`,
/// whose library is named `krate` (`pair_client`); the documents as read
/// give the run-time probes their values.
pub fn probes(
    report: &serde_json::Value,
    old: &Files,
    old_document: &serde_json::Value,
    new_document: &serde_json::Value,
    krate: &str,
) -> Vec<Probe> {
    let api = Api::of(old);
    let cx = Cx {
        api: &api,
        read: api.read_types(),
    };
    let mut out = Vec::new();
    let changes = report["changes"].as_array().cloned().unwrap_or_default();
    for (index, change) in changes.iter().enumerate() {
        if change["audience"] != "rust" {
            continue;
        }
        let kind = change["kind"].as_str().unwrap_or_default().to_owned();
        let item = change["item"].as_str().unwrap_or_default().to_owned();
        let breaking = change["breaking"].as_bool().unwrap_or(false);
        // A change to a renamed operation's method names its new path: the
        // probe calls it by its old name.
        let renamed_from = changes
            .iter()
            .find(|other| other["kind"] == "operation-renamed" && other["old"] == change["old"]);
        let probed = match renamed_from.and_then(|r| r["item"].as_str()) {
            Some(old_item) if !api.fns.contains_key(&item) => {
                cx.probe(&kind, old_item).map(|(body, uses)| {
                    (
                        body,
                        format!("{uses} (its old name: the operation was renamed)"),
                    )
                })
            }
            _ => cx.probe(&kind, &item),
        };
        let (body, uses) = match probed {
            Ok((body, uses)) => (Some(body), uses),
            Err(why) => (None, why),
        };
        let example = body.as_ref().map(|_| format!("p{index:03}"));
        let source = body.map_or_else(String::new, |body| {
            format!(
                "//! Probe of change {index}: {kind} `{item}`.\n//! {uses}\n\
                 #![allow(unused, unreachable_code, unreachable_patterns, deprecated, clippy::all)]\n\
                 use {krate} as c;\n\nfn main() {{}}\n\n{body}\n"
            )
        });
        let covers = cx.covers(&kind, &item);
        let runtime = runtime_probe(&cx, change, &kind, &item, (old_document, new_document));
        let runtime_example = runtime.as_ref().map(|_| format!("r{index:03}"));
        let runtime_type = runtime.as_ref().map(|(owner, _)| path(owner));
        let (runtime_value, runtime_source) = match runtime {
            Some((owner, value)) => {
                let text = serde_json::to_string(&value).unwrap_or_default();
                let source = format!(
                    "//! Run-time probe of change {index}: {kind} `{item}`: reads a value of the old\n\
                     //! schema of `{owner}` (its required properties only) as `{owner}`.\n\
                     use {krate} as c;\n\n\
                     fn main() {{\n    \
                         let json = r####\"{text}\"####;\n    \
                         match c::serde_json::from_str::<{}>(json) {{\n        \
                             Ok(_) => println!(\"reads\"),\n        \
                             Err(error) => {{\n            \
                                 println!(\"fails: {{error}}\");\n            \
                                 std::process::exit(3);\n        \
                             }}\n    \
                         }}\n\
                     }}\n",
                    path(&owner)
                );
                (Some(value), source)
            }
            None => (None, String::new()),
        };
        let wire = match kind.as_str() {
            "arguments-reordered" | "credentials-changed" => {
                cx.wire_probe(change, &item, old_document, krate).ok()
            }
            _ => None,
        };
        let wire_example = wire.as_ref().map(|_| format!("w{index:03}"));
        let wire_source = wire.unwrap_or_default();
        out.push(Probe {
            change: index,
            kind,
            item,
            breaking,
            example,
            uses,
            covers,
            source,
            runtime_example,
            runtime_value,
            runtime_type,
            runtime_source,
            wire_example,
            wire_source,
        });
    }
    out
}

/// Writes `examples/<name>.rs` for each probe and `probes.json` into `dir`.
pub fn write_probes(dir: &Path, probes: &[Probe]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir.join("examples"))?;
    for probe in probes {
        if let Some(name) = &probe.example {
            std::fs::write(
                dir.join("examples").join(format!("{name}.rs")),
                &probe.source,
            )?;
        }
        if let Some(name) = &probe.runtime_example {
            std::fs::write(
                dir.join("examples").join(format!("{name}.rs")),
                &probe.runtime_source,
            )?;
        }
        if let Some(name) = &probe.wire_example {
            std::fs::write(
                dir.join("examples").join(format!("{name}.rs")),
                &probe.wire_source,
            )?;
        }
    }
    let json = serde_json::to_string_pretty(probes).unwrap_or_default();
    std::fs::write(dir.join("probes.json"), json)
}

/// An enum variant as the surface reads it: its name and its payload.
type Variant = (String, String);

struct Cx<'a> {
    api: &'a Api,
    /// The model types the old crate reads from the server.
    read: std::collections::BTreeSet<String>,
}

/// A name as an identifier (`type` → `r#type`), by the generator's own rule.
fn ident(name: &str) -> String {
    Identifier::new(name).code()
}

/// A path of the crate (`models::Chat`) as the probe names it
/// (`c::models::Chat`), each segment an identifier.
fn path(p: &str) -> String {
    let segments: Vec<String> = p.split("::").map(ident).collect();
    format!("c::{}", segments.join("::"))
}

/// Names a type text may hold that need no path.
const PLAIN: &[&str] = &[
    "String", "Vec", "Option", "Result", "Box", "HashMap", "BTreeMap", "bool", "str", "char", "u8",
    "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize", "f32", "f64",
    "impl", "dyn", "Into", "AsRef", "Send", "Sync", "Fn", "FnMut", "FnOnce", "mut", "static",
    "std", "core", "alloc", "Self", "self", "Unpin", "Sized", "u", "i",
];

impl Cx<'_> {
    /// A type text of the old crate (`Result<models::Chat,Error>`,
    /// `&ChatListOptions`) with every crate path written from the probe
    /// (`Result<c::models::Chat,c::runtime::Error>`); `module` is where the
    /// type text is written, `owner` what `Self` stands for.
    fn qualify(&self, ty: &str, module: &str, owner: &str) -> String {
        let mut out = String::new();
        let chars: Vec<char> = ty.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let ch = chars[i];
            let starts_word = ch.is_alphabetic() || ch == '_';
            let after_quote = i > 0 && chars[i - 1] == '\'';
            if !starts_word || after_quote {
                if after_quote {
                    // A lifetime: copied as it is.
                    while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                        out.push(chars[i]);
                        i += 1;
                    }
                    continue;
                }
                out.push(ch);
                i += 1;
                continue;
            }
            // A path: words joined by `::`.
            let start = i;
            loop {
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                let joined = i + 2 < chars.len()
                    && chars[i] == ':'
                    && chars[i + 1] == ':'
                    && (chars[i + 2].is_alphabetic() || chars[i + 2] == '_');
                if joined {
                    i += 2;
                } else {
                    break;
                }
            }
            let text: String = chars[start..i].iter().collect();
            out.push_str(&self.qualify_path(&text, module, owner));
        }
        out
    }

    fn qualify_path(&self, text: &str, module: &str, owner: &str) -> String {
        let first = text.split("::").next().unwrap_or_default();
        let first = crate::emit::identifier::bare(first);
        if text == "Self" {
            return path(owner);
        }
        if matches!(first, "models" | "runtime" | "serde_json" | "bytes")
            || self.api.modules.iter().any(|m| m == first)
        {
            return path(text);
        }
        if text.contains("::") || PLAIN.contains(&text) {
            return text.to_owned();
        }
        let local = if module.is_empty() {
            text.to_owned()
        } else {
            format!("{module}::{text}")
        };
        if self.api.items.contains_key(&local) {
            return path(&local);
        }
        if self.api.items.contains_key(text) {
            return path(text);
        }
        // Generated modules import the rest from the runtime.
        format!("c::runtime::{text}")
    }

    /// The probe's body for a change, and what it does in words; or why no
    /// old code can refer to what changed.
    fn probe(&self, kind: &str, item: &str) -> Result<(String, String), String> {
        match kind {
            "operation-added" | "type-added" | "module-added" | "method-added"
            | "function-added" => Err(format!(
                "`{item}` is new: no code written against the old crate refers to it"
            )),
            "module-removed" => Ok((
                format!("use {} as probed;", path(item)),
                format!("imports module `{item}`"),
            )),
            "field-removed"
            | "field-type-changed"
            | "field-now-required"
            | "field-now-optional"
            | "optional-parameter-removed" => self.field_read(item),
            "field-added" | "optional-parameter-added" | "required-field-added" => {
                let owner = item.split_once('.').map_or(item, |(o, _)| o);
                self.struct_shape(owner)
            }
            "struct-now-non-exhaustive" => self.struct_shape(item),
            "default-removed" => {
                let owner = path(item);
                Ok((
                    format!(
                        "pub fn probe() -> {owner} {{\n    <{owner} as Default>::default()\n}}"
                    ),
                    format!("builds `{item}` with `Default::default()`"),
                ))
            }
            "enum-value-removed" | "variant-type-changed" => self.variant(item),
            "enum-value-added" => {
                let owner = item.rsplit_once("::").map_or(item, |(o, _)| o);
                self.enum_match(owner)
            }
            "enum-now-non-exhaustive" => self.enum_match(item),
            "type-removed" | "options-renamed" | "type-kind-changed" | "type-changed" => {
                self.type_use(item)
            }
            _ => {
                if let Some(sig) = self.api.fns.get(item) {
                    return self.call(item, sig);
                }
                Err(format!(
                    "`{item}` is not in the old crate (another change names its old place)"
                ))
            }
        }
    }

    /// The wire probe of an operation's method: called with a distinct
    /// value per argument (`"p0"`, `2`, ...; a body read from a value of its
    /// old schema), with the credentials the old operation took (read from
    /// the change's message).
    fn wire_probe(
        &self,
        change: &serde_json::Value,
        item: &str,
        old_document: &serde_json::Value,
        krate: &str,
    ) -> Result<String, String> {
        let sig = self
            .api
            .fns
            .get(item)
            .ok_or_else(|| format!("`{item}` is not in the old crate"))?;
        if item.starts_with("models::") && sig.receiver.is_none() {
            return self.constructor_probe(item, sig, krate);
        }
        if !sig.is_async || sig.receiver.as_deref() != Some("&self") {
            return Err(format!("`{item}` is not an operation's method"));
        }
        let (owner, name) = item
            .rsplit_once("::")
            .ok_or_else(|| format!("`{item}` is not a path"))?;
        let (module, _) = owner
            .rsplit_once("::")
            .ok_or_else(|| format!("`{item}` is not a handle's method"))?;
        let operation = change["old"]
            .as_str()
            .unwrap_or_default()
            .trim_start_matches('#');
        let mut args = Vec::new();
        for (index, (arg, ty)) in sig.args.iter().enumerate() {
            let n = index + 1;
            let value = match ty.as_str() {
                "&str" | "impl Into<String>" | "String" => format!("\"p{n}\""),
                "i64" | "i32" | "u64" | "u32" | "usize" | "impl Into<i64>" => format!("{n}"),
                "f64" | "f32" => format!("{n}.0"),
                "bool" => "true".to_owned(),
                _ if surface::is_options_argument(arg) => "&Default::default()".to_owned(),
                _ if ty.starts_with('&') && ty.contains("models::") && arg == "body" => {
                    let schema = old_document
                        .pointer(&format!("{operation}/requestBody/content"))
                        .and_then(serde_json::Value::as_object)
                        .and_then(|content| content.values().next())
                        .and_then(|media| media.get("schema"))
                        .ok_or_else(|| format!("no body schema at {operation}"))?;
                    let json = serde_json::to_string(&minimal(old_document, schema, 0))
                        .unwrap_or_default();
                    let ty = self.qualify(ty.trim_start_matches('&'), module, owner);
                    format!(
                        "&c::serde_json::from_str::<{ty}>(r####\"{json}\"####).expect(\"a body of the old schema\")"
                    )
                }
                _ => return Err(format!("no value for an argument of type `{ty}`")),
            };
            args.push(value);
        }
        // The old credentials, from "needs NEW instead of OLD".
        let message = change["message"].as_str().unwrap_or_default();
        let old_words = message.split(" instead of ").nth(1).unwrap_or(
            // Arguments in another order: the operation's own credentials
            // do not change; give the client every kind.
            "an API key and a bearer token and basic credentials",
        );
        let old_words = old_words.split(" or ").next().unwrap_or_default();
        let mut credentials = String::new();
        if old_words.contains("an API key") {
            credentials.push_str(".api_key(\"probe-key\")");
        }
        if old_words.contains("a bearer token") {
            credentials.push_str(".bearer_token(\"probe-token\")");
        }
        if old_words.contains("basic credentials") {
            credentials
                .push_str(".basic_auth(\"probe-user\", Some(\"probe-password\".to_owned()))");
        }
        let accessor = ident(module);
        Ok(format!(
            "//! Wire probe of `{item}`: the old call, with the old credentials, against a\n\
             //! local listener; prints the request it sent.\n\
             #![allow(unused, deprecated, clippy::all)]\n\
             use {krate} as c;\n\n\
             fn main() {{\n    \
                 let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();\n    \
                 println!(\"{{}}\", runtime.block_on(probe()));\n\
             }}\n\n\
             /// The request line and headers (but `host`), sorted, on one line.\n\
             pub async fn probe() -> String {{\n    \
                 use std::io::{{Read, Write}};\n    \
                 let listener = std::net::TcpListener::bind(\"127.0.0.1:0\").unwrap();\n    \
                 let address = listener.local_addr().unwrap();\n    \
                 let server = std::thread::spawn(move || {{\n        \
                     let (mut stream, _) = listener.accept().unwrap();\n        \
                     let mut head = Vec::new();\n        \
                     let mut byte = [0u8; 1];\n        \
                     while !head.ends_with(b\"\\r\\n\\r\\n\") && stream.read(&mut byte).unwrap_or(0) == 1 {{\n            \
                         head.push(byte[0]);\n        \
                     }}\n        \
                     let _ = stream.write_all(b\"HTTP/1.1 418 I'm a teapot\\r\\ncontent-length: 0\\r\\nconnection: close\\r\\n\\r\\n\");\n        \
                     let text = String::from_utf8_lossy(&head).into_owned();\n        \
                     let mut lines: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();\n        \
                     let first = lines.remove(0).to_owned();\n        \
                     let mut headers: Vec<String> = lines\n            \
                         .iter()\n            \
                         .map(|l| l.to_ascii_lowercase())\n            \
                         .filter(|l| !l.starts_with(\"host:\"))\n            \
                         .collect();\n        \
                         headers.sort();\n        \
                     format!(\"{{first}} | {{}}\", headers.join(\" | \"))\n    \
                 }});\n    \
                 c::runtime::install_crypto_provider();\n    \
                 let client = c::Client::builder()\n        \
                     .base_url(format!(\"http://{{address}}\"))\n        \
                     .retry(c::runtime::RetryPolicy::none())\n        \
                     {credentials}\n        \
                     .build()\n        \
                     .unwrap();\n    \
                 let _ = client.{accessor}().{}({}).await;\n    \
                 server.join().unwrap()\n\
             }}\n",
            ident(name),
            args.join(", ")
        ))
    }

    /// A model's constructor with arguments of one type in another order:
    /// the value built with a distinct value per argument, as JSON (the
    /// body a request would carry).
    fn constructor_probe(&self, item: &str, sig: &Sig, krate: &str) -> Result<String, String> {
        let (owner, name) = item
            .rsplit_once("::")
            .ok_or_else(|| format!("`{item}` is not a path"))?;
        let mut args = Vec::new();
        for (index, (_, ty)) in sig.args.iter().enumerate() {
            let n = index + 1;
            args.push(match ty.as_str() {
                "&str" | "impl Into<String>" | "String" => format!("\"p{n}\""),
                "i64" | "i32" | "impl Into<i64>" => format!("{n}"),
                "bool" | "impl Into<bool>" => "true".to_owned(),
                _ => return Err(format!("no value for an argument of type `{ty}`")),
            });
        }
        Ok(format!(
            "//! Wire probe of `{item}`: the value built with the old arguments, as the\n\
             //! JSON a request carries.\n\
             #![allow(unused, deprecated, clippy::all)]\n\
             use {krate} as c;\n\n\
             fn main() {{\n    \
                 let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();\n    \
                 println!(\"{{}}\", runtime.block_on(probe()));\n\
             }}\n\n\
             pub async fn probe() -> String {{\n    \
                 let value = {}::{}({});\n    \
                 c::serde_json::to_string(&value).unwrap()\n\
             }}\n",
            path(owner),
            ident(name),
            args.join(", ")
        ))
    }

    /// For an operation's method removed or renamed: its static (the
    /// method's name in upper case) and its options struct; for a module
    /// removed, the client's accessor; for a field removed, its setter.
    fn covers(&self, kind: &str, item: &str) -> Vec<String> {
        if matches!(kind, "field-removed" | "optional-parameter-removed") {
            // Its setter goes with it.
            let setter = item.replacen('.', "::with_", 1);
            return if self.api.fns.contains_key(&setter) {
                vec![setter]
            } else {
                Vec::new()
            };
        }
        if kind == "module-removed" {
            let accessor = format!("Client::{item}");
            return if self.api.fns.contains_key(&accessor) {
                vec![accessor]
            } else {
                Vec::new()
            };
        }
        if !matches!(
            kind,
            "operation-removed" | "operation-renamed" | "method-removed"
        ) {
            return Vec::new();
        }
        let Some(sig) = self.api.fns.get(item) else {
            return Vec::new();
        };
        let Some((owner, name)) = item.rsplit_once("::") else {
            return Vec::new();
        };
        let module = owner.rsplit_once("::").map_or("", |(m, _)| m);
        let mut covers = Vec::new();
        let statics = format!("{module}::{}", name.to_uppercase());
        if matches!(self.api.items.get(&statics), Some(Item::Static(_))) {
            covers.push(statics);
        }
        for (arg, ty) in &sig.args {
            let ty = ty.trim_start_matches('&');
            let options = format!("{module}::{ty}");
            if surface::is_options_argument(arg) && self.api.items.contains_key(&options) {
                covers.push(options);
            }
        }
        covers
    }

    /// Calls a function or method with its old argument types and order,
    /// its result read as the old type.
    fn call(&self, item: &str, sig: &Sig) -> Result<(String, String), String> {
        let (owner, name) = item
            .rsplit_once("::")
            .ok_or_else(|| format!("`{item}` is not a path"))?;
        let module = owner.rsplit_once("::").map_or("", |(m, _)| m);
        let mut params = Vec::new();
        let mut args = Vec::new();
        let owner_type = match self.api.items.get(owner) {
            Some(Item::Struct(s)) if s.lifetimes => format!("{}<'_>", path(owner)),
            _ => path(owner),
        };
        let receiver = match sig.receiver.as_deref() {
            Some("&self") => Some(format!("&{owner_type}")),
            Some("&mut self") => Some(format!("&mut {owner_type}")),
            Some(_) => Some(owner_type),
            None => None,
        };
        if let Some(receiver) = &receiver {
            params.push(format!("receiver: {receiver}"));
        }
        for (index, (_, ty)) in sig.args.iter().enumerate() {
            params.push(format!("a{index}: {}", self.qualify(ty, module, owner)));
            args.push(format!("a{index}"));
        }
        let ret = self.qualify(&sig.ret, module, owner);
        let callee = match receiver {
            Some(_) => format!("receiver.{}", ident(name)),
            None => format!("{}::{}", path(owner), ident(name)),
        };
        let call = format!("{callee}({})", args.join(", "));
        let (asyncness, call) = if sig.is_async {
            ("async ", format!("{call}.await"))
        } else {
            ("", call)
        };
        Ok((
            format!(
                "pub {asyncness}fn probe({}) -> {ret} {{\n    let result: {ret} = {call};\n    result\n}}",
                params.join(", ")
            ),
            format!(
                "calls `{item}` with its old arguments ({}) and reads its result as `{}`",
                sig.args
                    .iter()
                    .map(|(n, t)| format!("{n}: {t}"))
                    .collect::<Vec<_>>()
                    .join(", "),
                sig.ret
            ),
        ))
    }

    fn old_struct(&self, owner: &str) -> Result<&Struct, String> {
        match self.api.items.get(owner) {
            Some(Item::Struct(s)) => Ok(s),
            Some(_) => Err(format!("`{owner}` was not a struct")),
            None => Err(format!("`{owner}` is not in the old crate")),
        }
    }

    /// Reads a field as its old type.
    fn field_read(&self, item: &str) -> Result<(String, String), String> {
        let (owner, field) = item
            .split_once('.')
            .ok_or_else(|| format!("`{item}` is not a field"))?;
        let s = self.old_struct(owner)?;
        let f = s
            .fields
            .iter()
            .find(|f| f.name == field)
            .ok_or_else(|| format!("`{item}` is not in the old crate"))?;
        let module = owner.rsplit_once("::").map_or("", |(m, _)| m);
        let ty = self.qualify(&f.ty, module, owner);
        let body = format!(
            "pub fn probe(value: {}) -> {ty} {{\n    value.{}\n}}",
            path(owner),
            ident(field)
        );
        let uses = format!("reads `{item}` as `{}`", f.ty);
        Ok((body, uses))
    }

    /// What a caller can write of a struct's shape: a struct literal when
    /// the old struct allowed one, else a pattern naming its old fields.
    fn struct_shape(&self, owner: &str) -> Result<(String, String), String> {
        let s = self.old_struct(owner)?;
        let p = path(owner);
        if !s.non_exhaustive && !s.private_fields {
            let fields: Vec<String> = s
                .fields
                .iter()
                .map(|f| format!("{}: todo!()", ident(&f.name)))
                .collect();
            return Ok((
                format!(
                    "pub fn probe() -> {p} {{\n    {p} {{ {} }}\n}}",
                    fields.join(", ")
                ),
                format!("builds `{owner}` as a struct literal of its old fields"),
            ));
        }
        // A pattern that names no field: the fields a caller names are
        // changes of their own (removed, another type), and so are the
        // constructors and `Default` (`required-parameter-added` on `new`,
        // `default-removed`).
        Ok((
            format!("pub fn probe(value: {p}) {{\n    let {p} {{ .. }} = value;\n}}"),
            format!("destructures `{owner}` with `..`"),
        ))
    }

    /// An old enum's variants (name, payload) and whether it was
    /// `#[non_exhaustive]`.
    fn old_enum(&self, owner: &str) -> Result<(&[Variant], bool), String> {
        match self.api.items.get(owner) {
            Some(Item::Enum {
                variants,
                non_exhaustive,
            }) => Ok((variants, *non_exhaustive)),
            Some(_) => Err(format!("`{owner}` was not an enum")),
            None => Err(format!("`{owner}` is not in the old crate")),
        }
    }

    /// A `match` on an enum's old variants, with a `_` arm only when the old
    /// enum needed one.
    fn enum_match(&self, owner: &str) -> Result<(String, String), String> {
        let (variants, non_exhaustive) = self.old_enum(owner)?;
        let p = path(owner);
        let mut arms: Vec<String> = variants
            .iter()
            .map(|(name, _)| format!("        {p}::{} {{ .. }} => {{}}", ident(name)))
            .collect();
        if non_exhaustive {
            arms.push("        _ => {}".to_owned());
        }
        Ok((
            format!(
                "pub fn probe(value: &{p}) {{\n    match value {{\n{}\n    }}\n}}",
                arms.join(",\n")
            ),
            format!(
                "matches `{owner}` on its old variants{}",
                if non_exhaustive {
                    " and `_`"
                } else {
                    ", exhaustively"
                }
            ),
        ))
    }

    /// Matches one old variant, binding a one-value payload as its old type.
    fn variant(&self, item: &str) -> Result<(String, String), String> {
        let (owner, name) = item
            .rsplit_once("::")
            .ok_or_else(|| format!("`{item}` is not a variant"))?;
        let (variants, _) = self.old_enum(owner)?;
        let payload = variants
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, p)| p.clone())
            .ok_or_else(|| format!("`{item}` is not in the old crate"))?;
        let p = path(owner);
        let module = owner.rsplit_once("::").map_or("", |(m, _)| m);
        let single = payload
            .strip_prefix('(')
            .and_then(|p| p.strip_suffix(')'))
            .filter(|inner| !inner.contains(','));
        Ok(match single {
            Some(inner) => (
                format!(
                    "pub fn probe(value: &{p}) {{\n    if let {p}::{}(payload) = value {{\n        let _: &{} = payload;\n    }}\n}}",
                    ident(name),
                    self.qualify(inner, module, owner)
                ),
                format!("matches `{item}` and reads its payload as `{inner}`"),
            ),
            None => (
                format!(
                    "pub fn probe(value: &{p}) -> bool {{\n    matches!(value, {p}::{} {{ .. }})\n}}",
                    ident(name)
                ),
                format!("matches `{item}`"),
            ),
        })
    }

    /// Names a type (or static) as the old crate had it.
    fn type_use(&self, item: &str) -> Result<(String, String), String> {
        let p = path(item);
        let module = item.rsplit_once("::").map_or("", |(m, _)| m);
        match self.api.items.get(item) {
            Some(Item::Static(ty)) => {
                let ty = self.qualify(ty, module, item);
                Ok((
                    format!("pub fn probe() -> &'static {ty} {{\n    &{p}\n}}"),
                    format!("reads the static `{item}` as its old type"),
                ))
            }
            Some(Item::Alias(target)) => {
                let target_q = self.qualify(target, module, item);
                Ok((
                    format!("pub fn probe(value: {p}) -> {target_q} {{\n    value\n}}"),
                    format!("uses `{item}` as `{target}`"),
                ))
            }
            Some(Item::Struct(_)) => Ok((
                format!("pub fn probe(value: {p}) {{\n    let {p} {{ .. }} = value;\n}}"),
                format!("names the struct `{item}`"),
            )),
            Some(Item::Enum { .. }) => Ok((
                format!(
                    "pub fn probe(value: &{p}) {{\n    match value {{\n        _ => {{}}\n    }}\n}}\n\npub fn probe_enum() -> Option<{p}> {{\n    None\n}}"
                ),
                format!("names the enum `{item}`"),
            )),
            None => Err(format!("`{item}` is not in the old crate")),
        }
    }
}

/// For a change to a model's fields: the model and the value an older
/// server could answer. It is the smallest value of the old schema (the
/// model's place in the old document is the change's old pointer without
/// `/properties/<field>`, or the new pointer's when the old document has
/// it), completed with what the new schema requires besides (old values
/// win), so that the only thing the new type can miss is the changed field:
/// for a field added or now required, the value leaves it out.
fn runtime_probe(
    cx: &Cx<'_>,
    change: &serde_json::Value,
    kind: &str,
    item: &str,
    (old_document, new_document): (&serde_json::Value, &serde_json::Value),
) -> Option<(String, serde_json::Value)> {
    if !matches!(
        kind,
        "field-added"
            | "required-field-added"
            | "field-removed"
            | "field-type-changed"
            | "field-now-required"
            | "field-now-optional"
    ) {
        return None;
    }
    let (owner, _) = item.split_once('.')?;
    if !owner.starts_with("models::") {
        return None;
    }
    let Some(Item::Struct(_)) = cx.api.items.get(owner) else {
        return None;
    };
    // Only what the client reads from a server: a body the caller builds is
    // never read back.
    if !cx.read.contains(owner) {
        return None;
    }
    let pointer = |side: &str| change[side].as_str().map(|p| p.trim_start_matches('#'));
    let owner_of = |p: &str| {
        p.rsplit_once("/properties/")
            .map(|(o, f)| (o.to_owned(), f.to_owned()))
    };
    let (old_owner, _) = owner_of(pointer("old").or_else(|| pointer("new"))?)?;
    let old_schema = old_document.pointer(&old_owner)?;
    let mut value = minimal(old_document, old_schema, 0);
    let new_place = pointer("new").and_then(owner_of);
    if let Some((new_owner, field)) = &new_place
        && let Some(new_schema) = new_document.pointer(new_owner)
    {
        merge(&mut value, minimal(new_document, new_schema, 0));
        if matches!(
            kind,
            "field-added" | "required-field-added" | "field-now-required"
        ) && let serde_json::Value::Object(object) = &mut value
        {
            object.remove(&field.replace("~1", "/").replace("~0", "~"));
        }
    }
    Some((owner.to_owned(), value))
}

/// Adds to `value` what `other` has and it has not, in nested objects too.
fn merge(value: &mut serde_json::Value, other: serde_json::Value) {
    if let (serde_json::Value::Object(mine), serde_json::Value::Object(theirs)) = (value, other) {
        for (key, their) in theirs {
            match mine.get_mut(&key) {
                Some(own) => merge(own, their),
                None => {
                    mine.insert(key, their);
                }
            }
        }
    }
}

/// The smallest value a schema allows, roughly: required properties only,
/// the first value of an enum, the first branch of a union, empty arrays.
fn minimal(
    document: &serde_json::Value,
    schema: &serde_json::Value,
    depth: usize,
) -> serde_json::Value {
    use serde_json::{Map, Value, json};
    if depth > 32 {
        return Value::Null;
    }
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        return reference
            .strip_prefix('#')
            .and_then(|p| document.pointer(p))
            .map_or(Value::Null, |target| minimal(document, target, depth + 1));
    }
    if let Some(value) = schema.get("const") {
        return value.clone();
    }
    if let Some(first) = schema
        .get("enum")
        .and_then(Value::as_array)
        .and_then(|values| values.iter().find(|v| !v.is_null()))
    {
        return first.clone();
    }
    if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
        let mut merged = Map::new();
        for part in parts {
            if let Value::Object(object) = minimal(document, part, depth + 1) {
                merged.extend(object);
            }
        }
        if let Value::Object(own) = minimal_object(document, schema, depth) {
            merged.extend(own);
        }
        return Value::Object(merged);
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(first) = schema
            .get(key)
            .and_then(Value::as_array)
            .and_then(|b| b.first())
        {
            return minimal(document, first, depth + 1);
        }
    }
    let ty = match schema.get("type") {
        Some(Value::String(ty)) => ty.as_str(),
        Some(Value::Array(types)) => types
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .unwrap_or("null"),
        _ if schema.get("properties").is_some() => "object",
        _ => "",
    };
    match ty {
        "object" => minimal_object(document, schema, depth),
        "array" => json!([]),
        "string" => match schema.get("format").and_then(Value::as_str) {
            Some("date-time") => json!("2024-01-01T00:00:00Z"),
            Some("date") => json!("2024-01-01"),
            Some("int64" | "int32") => json!("0"),
            Some("byte" | "binary") => json!(""),
            _ => json!("x"),
        },
        "integer" | "number" => json!(0),
        "boolean" => json!(false),
        "null" => Value::Null,
        // Untyped: its example, else an object.
        _ => schema.get("example").cloned().unwrap_or_else(|| json!({})),
    }
}

fn minimal_object(
    document: &serde_json::Value,
    schema: &serde_json::Value,
    depth: usize,
) -> serde_json::Value {
    let mut object = serde_json::Map::new();
    let required: Vec<&str> = schema
        .get("required")
        .and_then(serde_json::Value::as_array)
        .map(|r| r.iter().filter_map(serde_json::Value::as_str).collect())
        .unwrap_or_default();
    if let Some(properties) = schema
        .get("properties")
        .and_then(serde_json::Value::as_object)
    {
        for (name, property) in properties {
            if required.contains(&name.as_str()) {
                object.insert(name.clone(), minimal(document, property, depth + 1));
            }
        }
    }
    serde_json::Value::Object(object)
}
