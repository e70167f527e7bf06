//! Generated code builds runtime values only through the runtime's
//! constructors and methods, never as struct literals: a struct literal of a
//! runtime type would stop compiling the day the runtime adds a field, so
//! every client generated before would break. The runtime's types are
//! `#[non_exhaustive]` or have private fields, and this test checks the
//! generator's side: every struct expression in the committed client, in
//! standalone crates generated for real documents and in a build-script
//! file is parsed with `syn`, its path resolved through the file's `use`
//! items, and none may name a type of `openapi_wa_runtime`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use quote::ToTokens;
use syn::visit::Visit;

const RUNTIME: &str = "openapi_wa_runtime";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The names a module's `use` items bring in from the runtime (the last
/// name of each path, or its alias), and whether it glob-imports from it.
#[derive(Default, Clone)]
struct Imports {
    names: BTreeSet<String>,
    glob: bool,
}

impl Imports {
    fn of(items: &[syn::Item]) -> Imports {
        let mut imports = Imports::default();
        for item in items {
            if let syn::Item::Use(item) = item {
                imports.add(&item.tree, false);
            }
        }
        imports
    }

    /// `from_runtime`: whether the path so far starts at the runtime
    /// (`::openapi_wa_runtime`, or the `runtime` alias generated crates
    /// re-export it as).
    fn add(&mut self, tree: &syn::UseTree, from_runtime: bool) {
        match tree {
            syn::UseTree::Path(path) => {
                let head = path.ident.to_string();
                let starts = from_runtime || head == RUNTIME || head == "runtime";
                self.add(&path.tree, starts);
            }
            syn::UseTree::Name(name) if from_runtime => {
                self.names.insert(name.ident.to_string());
            }
            syn::UseTree::Rename(rename) if from_runtime || rename.ident == RUNTIME => {
                self.names.insert(rename.rename.to_string());
            }
            syn::UseTree::Glob(_) if from_runtime => self.glob = true,
            syn::UseTree::Group(group) => {
                for tree in &group.items {
                    self.add(tree, from_runtime);
                }
            }
            _ => {}
        }
    }
}

/// Finds struct expressions whose path leads into the runtime.
struct Finder<'a> {
    /// The crate root's imports (for `crate::X` and `super::X` from a
    /// top-level module).
    root: &'a Imports,
    /// The enclosing modules' imports, innermost last.
    scopes: Vec<Imports>,
    found: Vec<String>,
}

impl Finder<'_> {
    fn is_runtime(&self, path: &syn::Path) -> bool {
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        let Some(first) = segments.first() else {
            return false;
        };
        if first == RUNTIME || first == "runtime" {
            return true;
        }
        let scope = self.scopes.last().expect("a module scope");
        if matches!(first.as_str(), "crate" | "super") {
            // `crate::runtime::X`, `super::Binary` (a runtime item the root
            // re-exports).
            return segments.get(1).is_some_and(|second| {
                second == "runtime" || second == RUNTIME || self.root.names.contains(second)
            });
        }
        if first == "Self" || first == "self" {
            return false;
        }
        // A type the module imported from the runtime (or a runtime module
        // such as `catalog`); a glob import makes every unknown name
        // suspect, which is what generated code must not need.
        scope.names.contains(first) || (scope.glob && segments.len() == 1)
    }
}

impl<'ast> Visit<'ast> for Finder<'_> {
    fn visit_item_mod(&mut self, module: &'ast syn::ItemMod) {
        if let Some((_, items)) = &module.content {
            self.scopes.push(Imports::of(items));
            syn::visit::visit_item_mod(self, module);
            self.scopes.pop();
        }
    }

    fn visit_expr_struct(&mut self, expr: &'ast syn::ExprStruct) {
        if self.is_runtime(&expr.path) {
            self.found
                .push(expr.path.to_token_stream().to_string().replace(' ', ""));
        }
        syn::visit::visit_expr_struct(self, expr);
    }
}

/// The struct literals of runtime types in one file; `root` is the crate
/// root's parsed items when the file is one of its modules.
fn runtime_literals(source: &str, root: Option<&str>) -> Vec<String> {
    let file = syn::parse_file(source).expect("generated code parses");
    let own = Imports::of(&file.items);
    let root = match root {
        Some(root) => Imports::of(&syn::parse_file(root).expect("lib.rs parses").items),
        None => own.clone(),
    };
    let mut finder = Finder {
        root: &root,
        scopes: vec![own],
        found: Vec::new(),
    };
    finder.visit_file(&file);
    finder.found
}

/// Every `.rs` file of a crate's sources (path → text), checked with its
/// `lib.rs` as the root.
fn check_crate(name: &str, files: &[(String, String)]) {
    let lib = files
        .iter()
        .find(|(path, _)| path.ends_with("lib.rs"))
        .map(|(_, text)| text.as_str());
    let mut rs = 0;
    for (path, text) in files {
        if !path.ends_with(".rs") {
            continue;
        }
        rs += 1;
        let found = runtime_literals(text, lib);
        assert!(
            found.is_empty(),
            "{name}: {path} builds runtime values as struct literals: {found:?} \
             (use the runtime type's constructor and methods)"
        );
    }
    assert!(rs >= 3, "{name}: only {rs} Rust files");
}

#[test]
fn the_check_finds_struct_literals_of_runtime_types() {
    let source = r#"
        use ::openapi_wa_runtime::catalog::{FieldMeta, OperationMeta};
        use ::openapi_wa_runtime::{self as rt, RetryPolicy};
        pub struct Local { a: u8 }
        pub enum Event { Other { name: String } }
        pub static A: OperationMeta = OperationMeta { id: "a" };
        fn f() -> Local {
            let _ = ::openapi_wa_runtime::SseOptions { max_reconnects: 1 };
            let _ = rt::Response { status: 200 };
            let _ = RetryPolicy { max_retries: 1, ..RetryPolicy::default() };
            let _ = Event::Other { name: String::new() };
            let _ = FieldMeta::new("a");
            mod inner {
                use ::openapi_wa_runtime::webhook;
                fn g() { let _ = webhook::Limits { max_connections: 1 }; }
            }
            Local { a: 1 }
        }
    "#;
    assert_eq!(
        runtime_literals(source, None),
        [
            "OperationMeta",
            "::openapi_wa_runtime::SseOptions",
            "rt::Response",
            "RetryPolicy",
            "webhook::Limits",
        ]
    );
    // Through the root's re-exports, from a module file.
    let lib =
        "pub use ::openapi_wa_runtime::{Binary, Error};\npub use ::openapi_wa_runtime as runtime;";
    let module = "pub struct Binary2 {}\nfn f() { let _ = super::Binary { x: 1 }; let _ = super::runtime::FilePart { y: 2 }; let _ = super::Binary2 {}; }";
    assert_eq!(
        runtime_literals(module, Some(lib)),
        ["super::Binary", "super::runtime::FilePart"]
    );
    // The catalog the 0.1.0 generator wrote (tests/compat) built its
    // entries as struct literals.
    let old =
        std::fs::read_to_string(root().join("tests/compat/wire-client-0.1.0/src/metadata.rs"))
            .unwrap();
    let found = runtime_literals(&old, None);
    assert!(found.len() > 10, "{found:?}");
    assert!(
        found
            .iter()
            .all(|f| f == "OperationMeta" || f == "FieldMeta"),
        "{found:?}"
    );
}

#[test]
fn the_committed_client_builds_runtime_values_with_constructors_only() {
    let dir = root().join("generated-client/src");
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        files.push((path.display().to_string(), text));
    }
    files.sort();
    check_crate("generated-client", &files);
}

#[test]
fn standalone_crates_build_runtime_values_with_constructors_only() {
    let shared = root().join("../shared/specs");
    assert!(
        shared.is_dir(),
        "this test needs the shared fixtures folder beside the checkout: {} is missing",
        shared.display()
    );
    for spec in [
        shared.join("waha-2026.7.1.json"),
        shared.join("petstore.json"),
        root().join("generator/tests/snapshots/documents/shapes.yaml"),
        root().join("tests/wire/wire.openapi.json"),
    ] {
        let (_, files) = generator::codegen::client_sources(&spec, "spec")
            .unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
        let files: Vec<(String, String)> = files
            .iter()
            .map(|(path, text)| (path.display().to_string(), text.clone()))
            .collect();
        check_crate(&spec.display().to_string(), &files);
    }
}

#[test]
fn build_script_output_builds_runtime_values_with_constructors_only() {
    let spec = root().join("generator/tests/snapshots/documents/shapes.yaml");
    let generated = generator::Generator::new(&spec)
        .catalog(true)
        .generate()
        .unwrap();
    let found = runtime_literals(&generated.code, None);
    assert!(found.is_empty(), "{found:?}");
    assert!(generated.code.contains("OperationMeta::new("));
}
