//! Mutation testing of the whole pipeline: real documents, randomly damaged
//! (keys dropped, values swapped for other types, nulls inserted, random
//! strings; hostile names: keywords, the crate's own module and type names,
//! associated-item names (`Err`, `Target`), clashes; hostile shapes: string
//! enums of such names, `$ref`s in extensions, paths without `/`, `allOf`
//! loops; hostile text: code fences, indented code, bidi controls, line
//! breaks, `*/`, quotes), must either fail with an error or generate a crate
//! that passes [`check_crate`]: every Rust file parses (`syn`), no two items
//! of a scope share a name (what a compiler would refuse), no generated
//! file replaced another, no doc comment holds a code block rustdoc would
//! compile, no file holds a bidi or control character, `Cargo.toml` is TOML,
//! no type alias leads back to itself and no `Self::X` is both a variant and
//! an associated type.
//! Never a panic. Used by the test suite (a bounded run) and by
//! `cargo xtask fuzz --cases N` (a long one).
//!
//! The generator is a seeded xorshift, so every case is reproducible from
//! its seed; no property-testing crate is needed for mutating JSON values.

use std::panic::{AssertUnwindSafe, catch_unwind};

use serde_json::{Value, json};
use syn::ext::IdentExt;

/// A small deterministic random source.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator starting from `seed` (the same seed, the same numbers).
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    /// The next number.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }
}

/// Applies `count` random mutations to `document`.
pub fn mutate(document: &mut Value, rng: &mut Rng, count: usize) {
    for _ in 0..count {
        let mut paths = Vec::new();
        collect_paths(document, &mut Vec::new(), &mut paths, 0);
        if paths.is_empty() {
            return;
        }
        let path = paths.swap_remove(rng.below(paths.len()));
        let Some(target) = value_at(document, &path) else {
            continue;
        };
        match rng.below(10) {
            9 => hostile_shape(target, rng),
            0 => drop_a_key(target, rng),
            1 => *target = other_type(target, rng),
            2 => *target = Value::Null,
            3 => *target = Value::String(random_string(rng)),
            4 => rename_a_key(target, rng),
            5 => insert_a_key(target, rng),
            6 => hostile_text(target, rng),
            _ => hostile_name(target, rng),
        }
    }
}

fn collect_paths(value: &Value, at: &mut Vec<String>, out: &mut Vec<Vec<String>>, depth: usize) {
    out.push(at.clone());
    if depth > 24 {
        return;
    }
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                at.push(key.clone());
                collect_paths(child, at, out, depth + 1);
                at.pop();
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                at.push(i.to_string());
                collect_paths(child, at, out, depth + 1);
                at.pop();
            }
        }
        _ => {}
    }
}

fn value_at<'a>(value: &'a mut Value, path: &[String]) -> Option<&'a mut Value> {
    let mut current = value;
    for token in path {
        current = match current {
            Value::Object(map) => map.get_mut(token)?,
            Value::Array(items) => items.get_mut(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(current)
}

fn drop_a_key(target: &mut Value, rng: &mut Rng) {
    if let Value::Object(map) = target {
        if !map.is_empty() {
            let key = map
                .keys()
                .nth(rng.below(map.len()))
                .cloned()
                .unwrap_or_default();
            map.shift_remove(&key);
        }
    } else if let Value::Array(items) = target {
        if !items.is_empty() {
            items.remove(rng.below(items.len()));
        }
    }
}

fn rename_a_key(target: &mut Value, rng: &mut Rng) {
    if let Value::Object(map) = target {
        let name = random_string(rng);
        rename_random_key(map, rng, name);
    }
}

/// Gives a key of `map`, chosen at random, the name `name`.
fn rename_random_key(map: &mut serde_json::Map<String, Value>, rng: &mut Rng, name: String) {
    if map.is_empty() {
        return;
    }
    let key = map
        .keys()
        .nth(rng.below(map.len()))
        .cloned()
        .unwrap_or_default();
    if let Some(value) = map.shift_remove(&key) {
        map.insert(name, value);
    }
}

fn insert_a_key(target: &mut Value, rng: &mut Rng) {
    const KEYS: &[&str] = &[
        "$ref",
        "type",
        "items",
        "properties",
        "allOf",
        "oneOf",
        "anyOf",
        "enum",
        "required",
        "nullable",
        "additionalProperties",
        "parameters",
        "requestBody",
        "responses",
        "content",
        "schema",
        "in",
        "name",
        "tags",
        "security",
        "default",
        "example",
        "format",
    ];
    if let Value::Object(map) = target {
        let key = KEYS[rng.below(KEYS.len())];
        let value = match rng.below(6) {
            0 => json!("#/components/schemas/Nope"),
            1 => json!(["string", "null"]),
            2 => json!({}),
            3 => json!([]),
            4 => json!(true),
            _ => Value::String(random_string(rng)),
        };
        map.insert(key.to_owned(), value);
    }
}

/// Text that attacks the files it lands in.
const HOSTILE_TEXT: &[&str] = &[
    "```rust\nstd::process::exit(1);\n```",
    "```\n{\"a\": 1}\n```",
    "~~~\npanic!();\n~~~",
    "Example:\n\n    let x = 1;\n",
    "- item\n\n      indented()\n",
    "> quote\n>\n>     quoted_code()\n",
    "~~~~\n```rust\nx\n```\n~~~~",
    "a\u{202e}b\u{2066}c\u{2069}",
    "line\nbreak\r\nand\rcr",
    "*/ /* */",
    "\"quotes\" 'single' \\ back`tick`",
    "- lazy\ncontinuation\n   - over\n          indented\n\ttab",
    "\u{1b}[2J\u{0}\u{7}",
    "<script>alert(1)</script>",
];

/// Names a generated crate uses itself, keywords and near-clashes.
const HOSTILE_NAMES: &[&str] = &[
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
    "Default",
    "Option",
    "Result",
    "String",
    "self",
    "Self",
    "type",
    "crate",
    "super",
    "request",
    "builder",
    "default",
    "models_operations",
    "Models",
    "",
    "🔑",
    "r#type",
    "list",
    "Options",
    "Body",
    "Response",
    "Err",
    "Ok",
    "Target",
    "Output",
    "Item",
    "SelfType",
    "Self_",
    "self_",
    "err",
];

/// Values of a string enum named like associated items and keywords.
const HOSTILE_ENUM: &[&str] = &[
    "ok", "err", "target", "output", "item", "self", "Self", "other",
];

/// Puts hostile text into a string, or adds a description holding it.
fn hostile_text(target: &mut Value, rng: &mut Rng) {
    let text = HOSTILE_TEXT[rng.below(HOSTILE_TEXT.len())].to_owned();
    match target {
        Value::String(s) => *s = text,
        Value::Object(map) => {
            let key = ["description", "summary", "title"][rng.below(3)];
            map.insert(key.to_owned(), Value::String(text));
        }
        _ => {}
    }
}

/// Renames a key, or sets a string (a tag, an operationId), to a hostile
/// name; on an object, also tags it with one (operations take tags).
fn hostile_name(target: &mut Value, rng: &mut Rng) {
    let name = HOSTILE_NAMES[rng.below(HOSTILE_NAMES.len())].to_owned();
    match target {
        Value::String(s) => *s = name,
        Value::Object(map) if !map.is_empty() => match rng.below(3) {
            0 => {
                map.insert("tags".to_owned(), json!([name]));
            }
            1 => {
                map.insert("operationId".to_owned(), Value::String(name));
            }
            _ => rename_random_key(map, rng, name),
        },
        _ => {}
    }
}

/// Shapes that broke crates or the loader: a string enum of associated-item
/// names, a `$ref` inside an extension (data, never followed), a key that
/// loses its leading `/` (a path, repaired), two schemas that are only each
/// other (`components`).
fn hostile_shape(target: &mut Value, rng: &mut Rng) {
    let Value::Object(map) = target else {
        return;
    };
    match rng.below(4) {
        0 => {
            map.insert("type".to_owned(), json!("string"));
            map.insert("enum".to_owned(), json!(HOSTILE_ENUM));
        }
        1 => {
            map.insert(
                "x-codeSamples".to_owned(),
                json!([{"source": {"$ref": "missing/Example.php"}}, {"$ref": "#/nowhere"}]),
            );
        }
        2 => {
            let slashed: Vec<String> = map.keys().filter(|k| k.starts_with('/')).cloned().collect();
            if !slashed.is_empty() {
                let key = slashed[rng.below(slashed.len())].clone();
                rename_random_key_named(map, &key, key.trim_start_matches('/').to_owned());
            }
        }
        _ => {
            if let Some(Value::Object(schemas)) = map.get_mut("schemas") {
                schemas.insert(
                    "LoopA".to_owned(),
                    json!({"allOf": [{"$ref": "#/components/schemas/LoopB"}]}),
                );
                schemas.insert(
                    "LoopB".to_owned(),
                    json!({"allOf": [{"$ref": "#/components/schemas/LoopA"}]}),
                );
            }
        }
    }
}

/// Gives the key `key` of `map` the name `name`, in its place.
fn rename_random_key_named(map: &mut serde_json::Map<String, Value>, key: &str, name: String) {
    if map.contains_key(&name) {
        return;
    }
    let entries: Vec<(String, Value)> = std::mem::take(map).into_iter().collect();
    for (k, v) in entries {
        if k == key {
            map.insert(name.clone(), v);
        } else {
            map.insert(k, v);
        }
    }
}

fn other_type(value: &Value, rng: &mut Rng) -> Value {
    let candidates = [
        json!(0),
        json!(-1.5),
        json!(true),
        json!("x"),
        json!([]),
        json!({}),
        json!([value.clone()]),
        json!({"type": "object"}),
    ];
    candidates[rng.below(candidates.len())].clone()
}

fn random_string(rng: &mut Rng) -> String {
    const PIECES: &[&str] = &[
        "a", "Z", "0", "9", "_", "-", ".", "/", "{", "}", " ", "type", "self", "Self", "crate",
        "2fa", "🔑", "é", "\"", "\\", "#", "%", "\u{0}", "\n", "r#", "::", "<", ">",
    ];
    (0..rng.below(6))
        .map(|_| PIECES[rng.below(PIECES.len())])
        .collect()
}

/// What happened to one mutated document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// It generated a client whose every Rust file parses.
    Generated,
    /// It was refused with an error (the error's text).
    Refused(String),
    /// Something panicked: a bug (the panic message).
    Panicked(String),
}

/// Runs the whole pipeline (load, model, n8n properties, client sources) on
/// a document, catching panics.
pub fn run_pipeline(document: &Value) -> Outcome {
    let text = document.to_string();
    let result = catch_unwind(AssertUnwindSafe(|| -> Result<(), String> {
        let loaded = crate::load::load_str(&text, "mutant.json").map_err(|e| e.to_string())?;
        let model = crate::build(&loaded).map_err(|e| e.to_string())?;
        let json = match crate::n8n::build_properties(&loaded.raw, &crate::n8n::Config::default()) {
            Ok(properties) => properties.to_js_json(),
            Err(_) => "[]\n".to_owned(),
        };
        let options = crate::emit::layout::CrateOptions {
            source: "mutant.json".into(),
            n8n_properties_json: json,
            hand_written: Vec::new(),
            lib_name: Some("mutant_client".into()),
        };
        let manifest = crate::emit::manifest::ManifestOptions {
            name: "mutant-client".into(),
            runtime: crate::emit::manifest::RuntimeSource::Version("0.1".into()),
            own_workspace: false,
            n8n_by_default: false,
        };
        let mut files =
            crate::emit::layout::render_crate(&model, &options, &crate::n8n_naming::DefaultNaming)
                .map_err(|e| e.to_string())?;
        files.insert(
            crate::emit::manifest::MANIFEST_FILE.into(),
            crate::emit::manifest::cargo_toml(&manifest, &model),
        );
        check_crate(&files).map_err(|e| format!("internal: {e}"))
    }));
    match result {
        Ok(Ok(())) => Outcome::Generated,
        Ok(Err(message)) if message.starts_with("internal:") => Outcome::Panicked(message),
        Ok(Err(message)) => Outcome::Refused(message),
        Err(panic) => Outcome::Panicked(
            panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_else(|| "panic".into()),
        ),
    }
}

/// Two things a compiler refuses that a parse does not see: type aliases
/// that lead back to themselves (E0391), and an associated type of a trait
/// impl named through `Self::` when the enum has a variant of that name
/// (ambiguous associated item).
fn check_aliases_and_associated_items(file: &syn::File, shown: &str) -> Result<(), String> {
    use std::collections::{HashMap, HashSet};
    // A type of this file: one segment, or `super::models::X` (how the
    // models refer to each other).
    let last_segment = |ty: &syn::Type| match ty {
        syn::Type::Path(p) if p.qself.is_none() => {
            let names: Vec<String> = p
                .path
                .segments
                .iter()
                .map(|s| s.ident.unraw().to_string())
                .collect();
            match names.as_slice() {
                [one] => Some(one.clone()),
                [parent, models, one] if parent == "super" && models == "models" => {
                    Some(one.clone())
                }
                _ => None,
            }
        }
        _ => None,
    };
    let mut aliases: HashMap<String, String> = HashMap::new();
    let mut variants: HashMap<String, HashSet<String>> = HashMap::new();
    for item in &file.items {
        match item {
            syn::Item::Type(alias) => {
                if let Some(target) = last_segment(&alias.ty) {
                    aliases.insert(alias.ident.unraw().to_string(), target);
                }
            }
            syn::Item::Enum(e) => {
                variants.insert(
                    e.ident.unraw().to_string(),
                    e.variants
                        .iter()
                        .map(|v| v.ident.unraw().to_string())
                        .collect(),
                );
            }
            _ => {}
        }
    }
    for start in aliases.keys() {
        let mut current = start;
        for _ in 0..=aliases.len() {
            match aliases.get(current) {
                Some(next) if next == start => {
                    return Err(format!(
                        "{shown}: the type alias `{start}` leads back to itself"
                    ));
                }
                Some(next) => current = next,
                None => break,
            }
        }
    }
    for item in &file.items {
        let syn::Item::Impl(block) = item else {
            continue;
        };
        let Some(names) = last_segment(&block.self_ty).and_then(|t| variants.get(&t)) else {
            continue;
        };
        let text = quote::ToTokens::to_token_stream(block).to_string();
        for inner in &block.items {
            if let syn::ImplItem::Type(associated) = inner {
                let name = associated.ident.unraw().to_string();
                if names.contains(&name) && text.contains(&format!("Self :: {name} >")) {
                    return Err(format!(
                        "{shown}: `Self::{name}` is ambiguous (a variant and an associated type)"
                    ));
                }
            }
        }
    }
    Ok(())
}

/// `Client` or `super::Client`: each resource module adds its accessor to
/// the root's client from below.
fn is_client(path: &syn::Path) -> bool {
    let names: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
    matches!(names.as_slice(), [one] if one == "Client")
        || matches!(names.as_slice(), [parent, one] if parent == "super" && one == "Client")
}

/// Why [`check_crate`] refuses a generated crate: the first problem found,
/// in words naming the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct CrateCheck(pub String);

impl CrateCheck {
    /// Whether the message says `text`.
    pub fn contains(&self, text: &str) -> bool {
        self.0.contains(text)
    }
}

/// What a compiler and rustdoc would refuse or run in a generated crate,
/// checked without compiling: see the module docs. The first problem found.
pub fn check_crate(files: &crate::emit::layout::Files) -> Result<(), CrateCheck> {
    check_crate_text(files).map_err(CrateCheck)
}

fn check_crate_text(files: &crate::emit::layout::Files) -> Result<(), String> {
    use std::collections::HashSet;
    let mut client_methods = HashSet::new();
    for (path, contents) in files {
        let shown = path.display();
        if let Some(c) = contents.chars().find(|&c| {
            (c.is_control() && c != '\n')
                || ('\u{202a}'..='\u{202e}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c)
        }) {
            return Err(format!("{shown} holds the character {:?}", c));
        }
        if path.extension().is_some_and(|e| e == "toml") {
            contents
                .parse::<toml::Table>()
                .map_err(|e| format!("{shown} is not TOML: {e}"))?;
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let file = syn::parse_file(contents).map_err(|e| format!("{shown} does not parse: {e}"))?;
        // The hand-written runtime's docs hold examples of its own.
        let generated = contents.starts_with(crate::emit::layout::GENERATED_MARKER);
        let check_docs = |attrs: &[syn::Attribute]| {
            if generated {
                check_docs(attrs, &shown.to_string())
            } else {
                Ok(())
            }
        };
        check_docs(&file.attrs)?;
        let mut types = HashSet::new();
        let mut values = HashSet::new();
        for item in &file.items {
            if let syn::Item::Use(import) = item {
                let mut imported = Vec::new();
                use_names(&import.tree, &mut imported);
                for name in imported {
                    if !types.insert(name.clone()) {
                        return Err(format!("{shown} imports `{name}` twice"));
                    }
                }
            }
        }
        for item in &file.items {
            let (type_name, value_name) = item_names(item);
            for (name, seen) in [(type_name, &mut types), (value_name, &mut values)] {
                if let Some(name) = name {
                    if !seen.insert(name.clone()) {
                        return Err(format!("{shown} defines `{name}` twice"));
                    }
                }
            }
            check_docs(item_attrs(item))?;
            match item {
                syn::Item::Struct(s) => {
                    for field in &s.fields {
                        check_docs(&field.attrs)?;
                    }
                }
                syn::Item::Enum(e) => {
                    for variant in &e.variants {
                        check_docs(&variant.attrs)?;
                    }
                }
                _ => {}
            }
            if let syn::Item::Impl(block) = item {
                let is_client = matches!(&*block.self_ty, syn::Type::Path(p) if is_client(&p.path));
                let mut methods = HashSet::new();
                for inner in &block.items {
                    if let syn::ImplItem::Fn(f) = inner {
                        check_docs(&f.attrs)?;
                        let name = f.sig.ident.to_string();
                        if block.trait_.is_none() && !methods.insert(name.clone()) {
                            return Err(format!("{shown} defines method `{name}` twice"));
                        }
                        if is_client
                            && block.trait_.is_none()
                            && !client_methods.insert(name.clone())
                        {
                            return Err(format!("`Client::{name}` is defined twice ({shown})"));
                        }
                    }
                }
            }
        }
        check_aliases_and_associated_items(&file, &shown.to_string())?;
        if path.ends_with("src/lib.rs") {
            for item in &file.items {
                if let syn::Item::Mod(module) = item {
                    let name = module.ident.unraw().to_string();
                    let file = format!("src/{name}.rs");
                    let ours = files.contains_key(std::path::Path::new(&file))
                        || files.contains_key(std::path::Path::new(&format!("src/{name}/mod.rs")));
                    if !ours {
                        return Err(format!("`mod {name}` has no file of its own"));
                    }
                    if name == "main" {
                        return Err("a module named `main` makes src/main.rs a binary".into());
                    }
                }
            }
        }
    }
    Ok(())
}

/// The names a `use` brings into scope.
fn use_names(tree: &syn::UseTree, out: &mut Vec<String>) {
    match tree {
        syn::UseTree::Path(path) => use_names(&path.tree, out),
        syn::UseTree::Name(name) if name.ident != "self" => {
            out.push(name.ident.unraw().to_string())
        }
        syn::UseTree::Rename(rename) => out.push(rename.rename.unraw().to_string()),
        syn::UseTree::Group(group) => group.items.iter().for_each(|t| use_names(t, out)),
        _ => {}
    }
}

/// The names an item defines in the type and value namespaces.
fn item_names(item: &syn::Item) -> (Option<String>, Option<String>) {
    use syn::Item;
    let name = |ident: &syn::Ident| Some(ident.unraw().to_string());
    match item {
        Item::Struct(s) => (
            name(&s.ident),
            (!matches!(s.fields, syn::Fields::Named(_))).then(|| s.ident.unraw().to_string()),
        ),
        Item::Enum(e) => (name(&e.ident), None),
        Item::Type(t) => (name(&t.ident), None),
        Item::Trait(t) => (name(&t.ident), None),
        Item::Mod(m) => (name(&m.ident), None),
        Item::Static(s) => (None, name(&s.ident)),
        Item::Const(c) => (None, name(&c.ident)),
        Item::Fn(f) => (None, name(&f.sig.ident)),
        _ => (None, None),
    }
}

fn item_attrs(item: &syn::Item) -> &[syn::Attribute] {
    use syn::Item;
    match item {
        Item::Struct(s) => &s.attrs,
        Item::Enum(e) => &e.attrs,
        Item::Type(t) => &t.attrs,
        Item::Static(s) => &s.attrs,
        Item::Fn(f) => &f.attrs,
        Item::Mod(m) => &m.attrs,
        Item::Impl(i) => &i.attrs,
        _ => &[],
    }
}

/// The doc comment of `attrs` holds no code block rustdoc would compile.
fn check_docs(attrs: &[syn::Attribute], shown: &str) -> Result<(), String> {
    let mut text = String::new();
    for attr in attrs {
        if let syn::Meta::NameValue(meta) = &attr.meta {
            if meta.path.is_ident("doc") {
                if let syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(line),
                    ..
                }) = &meta.value
                {
                    let line = line.value();
                    text.push_str(line.strip_prefix(' ').unwrap_or(&line));
                    text.push('\n');
                }
            }
        }
    }
    // The crate root's example is the generator's own code (identifiers
    // from the planner), a `no_run` block document text cannot produce:
    // every code block of a document becomes a `text` block.
    let text = text
        .rfind(crate::emit::root::EXAMPLE_START)
        .map_or(text.as_str(), |at| &text[..at]);
    if crate::emit::text::only_text_blocks(text) {
        Ok(())
    } else {
        Err(format!(
            "a doc comment in {shown} holds a code block rustdoc would run:\n{text}"
        ))
    }
}

/// Tallies of a fuzzing run.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    /// Mutants tried.
    pub cases: usize,
    /// Mutants that generated a crate passing the checks.
    pub generated: usize,
    /// Mutants refused with an error.
    pub refused: usize,
    /// `(seed, message)` of each panic, the first few kept.
    pub panics: Vec<(u64, String)>,
    /// Mutants that panicked or failed a check.
    pub panic_count: usize,
}

/// Mutates each seed document `cases` times in all (round robin) and runs
/// the pipeline on every mutant.
pub fn fuzz(seeds: &[Value], cases: usize, first_seed: u64) -> Tally {
    let mut report = Tally::default();
    for case in 0..cases {
        let seed = first_seed.wrapping_add(case as u64);
        let mut rng = Rng::new(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let mut document = seeds[case % seeds.len()].clone();
        let count = 1 + rng.below(4);
        mutate(&mut document, &mut rng, count);
        report.cases += 1;
        match run_pipeline(&document) {
            Outcome::Generated => report.generated += 1,
            Outcome::Refused(_) => report.refused += 1,
            Outcome::Panicked(message) => {
                report.panic_count += 1;
                if report.panics.len() < 10 {
                    report.panics.push((seed, message));
                }
            }
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::layout::{Files, GENERATED_MARKER};

    fn files(entries: &[(&str, &str)]) -> Files {
        entries
            .iter()
            .map(|(path, text)| (path.into(), format!("{GENERATED_MARKER}\n{text}")))
            .collect()
    }

    #[test]
    fn the_crate_check_finds_what_would_fail_or_run() {
        let lib = "pub mod a;";
        let ok = files(&[
            ("src/lib.rs", lib),
            ("src/a.rs", "/// ```text\n/// x\n/// ```\npub struct A {}"),
        ]);
        assert_eq!(check_crate(&ok), Ok(()));
        let cases = [
            (
                "src/a.rs",
                "/// ```\n/// std::process::exit(1);\n/// ```\npub struct A {}",
                "rustdoc would run",
            ),
            (
                "src/a.rs",
                "pub struct A {\n    /// Example:\n    ///\n    ///     run();\n    pub x: i64,\n}",
                "rustdoc would run",
            ),
            (
                "src/a.rs",
                "use crate::runtime::{Client, Error};\npub struct Client<'a> { c: &'a () }",
                "twice",
            ),
            ("src/a.rs", "pub struct A {}\npub enum A {}", "twice"),
            ("src/a.rs", "/// a\u{202e}b\npub struct A {}", "character"),
            ("src/a.rs", "pub struct A {", "does not parse"),
            (
                "src/a.rs",
                "pub type G = super::models::H;\npub type H = G;",
                "leads back to itself",
            ),
            (
                "src/a.rs",
                "pub enum S { Ok, Err }\nimpl std::str::FromStr for S {\n    type Err = ();\n    fn from_str(v: &str) -> Result<Self, Self::Err> { Ok(Self::Ok) }\n}",
                "ambiguous",
            ),
        ];
        for (path, text, problem) in cases {
            let crate_files = files(&[("src/lib.rs", lib), (path, text)]);
            let err = check_crate(&crate_files).unwrap_err();
            assert!(err.contains(problem), "{text}: {err}");
        }
        let missing = files(&[("src/lib.rs", "pub mod a;\npub mod b;"), ("src/a.rs", "")]);
        assert!(
            check_crate(&missing)
                .unwrap_err()
                .contains("no file of its own")
        );
        let mut toml = files(&[("src/lib.rs", "")]);
        toml.insert("Cargo.toml".into(), "[package\nname = 1".into());
        assert!(check_crate(&toml).unwrap_err().contains("not TOML"));
        let accessors = files(&[
            ("src/lib.rs", "pub mod a;\npub mod b;"),
            ("src/a.rs", "impl Client { pub fn x(&self) {} }"),
            ("src/b.rs", "impl super::Client { pub fn x(&self) {} }"),
        ]);
        assert!(
            check_crate(&accessors)
                .unwrap_err()
                .contains("`Client::x` is defined twice")
        );
    }
}
