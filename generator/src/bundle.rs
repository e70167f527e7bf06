//! Bundling: references to other files (`schemas/pet.yaml`,
//! `common.yaml#/components/parameters/Limit`) are read and copied into the
//! document, so every later stage sees one self-contained document with
//! local references only.
//!
//! Safety: a referenced file must lie inside the directory of the document
//! being read (after resolving `..` and symbolic links); URLs are refused.
//!
//! Placement: a target under `…/schemas/X`, `…/parameters/X`,
//! `…/responses/X`, `…/requestBodies/X` or `…/headers/X` goes to the same
//! section of `components` under its own name; a whole file goes to
//! `components/schemas` under the file's stem. A name already taken gets
//! `_2`, `_3`, ... Each target is copied once, however often it is
//! referenced, so references between files (even cycles) stay references.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::diagnostics::Error;
use crate::pointer;

const SECTIONS: [&str; 5] = [
    "schemas",
    "parameters",
    "responses",
    "requestBodies",
    "headers",
];

/// Replaces every reference to another file in `document` (read from
/// `path`) by a local one, copying the targets in.
pub fn bundle(document: &mut Value, path: &Path) -> Result<(), Error> {
    let origin = path.display().to_string();
    let root = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let root = std::fs::canonicalize(root).map_err(|source| Error::Read {
        path: root.to_owned(),
        source,
    })?;
    let existing = SECTIONS
        .iter()
        .flat_map(|section| {
            let names = document
                .pointer(&format!("/components/{section}"))
                .and_then(Value::as_object)
                .map(|m| m.keys().cloned().collect::<Vec<_>>())
                .unwrap_or_default();
            names.into_iter().map(move |name| (*section, name))
        })
        .collect();
    let mut bundler = Bundler {
        root,
        origin,
        files: HashMap::new(),
        placed: HashMap::new(),
        imports: Vec::new(),
        existing,
    };
    let base = bundler.root.clone();
    bundler.rewrite(document, &base, "")?;
    // Targets may refer to further files; rewrite them relative to their own.
    let mut done = 0;
    while done < bundler.imports.len() {
        let (mut value, dir) = {
            let import = &bundler.imports[done];
            (import.value.clone(), import.dir.clone())
        };
        let at = bundler.imports[done].pointer.clone();
        bundler.rewrite(&mut value, &dir, &at)?;
        bundler.imports[done].value = value;
        done += 1;
    }
    if bundler.imports.is_empty() {
        return Ok(());
    }
    let Value::Object(root_map) = document else {
        return Ok(());
    };
    let components = root_map
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()));
    let Value::Object(components) = components else {
        return Err(Error::at_pointer(
            &bundler.origin,
            "/components",
            "`components` must be an object",
        ));
    };
    for import in bundler.imports {
        let section = components
            .entry(import.section)
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(section) = section {
            section.insert(import.name, import.value);
        }
    }
    Ok(())
}

struct Import {
    section: &'static str,
    name: String,
    value: Value,
    /// The directory of the file it came from (its own references are
    /// relative to it).
    dir: PathBuf,
    /// Where it will sit, for error messages.
    pointer: String,
}

struct Bundler {
    root: PathBuf,
    origin: String,
    /// Parsed files by canonical path.
    files: HashMap<PathBuf, Value>,
    /// `(file, fragment)` → the local reference it became.
    placed: HashMap<(PathBuf, String), String>,
    imports: Vec<Import>,
    /// Component names the document already has, by section.
    existing: std::collections::HashSet<(&'static str, String)>,
}

impl Bundler {
    fn error(&self, at: &str, message: String) -> Error {
        Error::at_pointer(&self.origin, at, message)
    }

    fn rewrite(&mut self, value: &mut Value, dir: &Path, at: &str) -> Result<(), Error> {
        match value {
            Value::Object(map) => {
                let reference = map.get("$ref").and_then(Value::as_str).map(str::to_owned);
                if let Some(reference) = reference {
                    if !reference.starts_with('#') {
                        let local = self.import(&reference, dir, &pointer::join(at, "$ref"))?;
                        map.insert("$ref".into(), Value::String(local));
                    }
                }
                for (key, child) in map.iter_mut() {
                    if key != "$ref" {
                        self.rewrite(child, dir, &pointer::join(at, key))?;
                    }
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter_mut().enumerate() {
                    self.rewrite(child, dir, &format!("{at}/{i}"))?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Copies the target of `reference` in (once) and returns the local
    /// reference that replaces it.
    fn import(&mut self, reference: &str, dir: &Path, at: &str) -> Result<String, Error> {
        if reference.contains("://") || reference.starts_with("//") {
            return Err(self.error(
                at,
                format!("`$ref: {reference}` is a URL; references to the network are refused. Download the document and refer to the file"),
            ));
        }
        let (file, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let path = dir.join(file);
        let canonical = std::fs::canonicalize(&path).map_err(|e| {
            self.error(
                at,
                format!("`$ref: {reference}`: cannot read {}: {e}", path.display()),
            )
        })?;
        if !canonical.starts_with(&self.root) {
            return Err(self.error(
                at,
                format!(
                    "`$ref: {reference}` leaves the document's directory ({}); only files inside it are read",
                    self.root.display()
                ),
            ));
        }
        let key = (canonical.clone(), fragment.to_owned());
        if let Some(local) = self.placed.get(&key) {
            return Ok(local.clone());
        }
        if !self.files.contains_key(&canonical) {
            let loaded = crate::load::load_fragment(&canonical)?;
            self.files.insert(canonical.clone(), loaded);
        }
        let target = if fragment.is_empty() {
            self.files[&canonical].clone()
        } else {
            pointer::resolve_local(&self.files[&canonical], &format!("#{fragment}"))
                .cloned()
                .ok_or_else(|| {
                    self.error(
                        at,
                        format!(
                            "`$ref: {reference}` points to nothing in {}",
                            canonical.display()
                        ),
                    )
                })?
        };
        let tokens: Vec<String> = fragment.split('/').skip(1).map(pointer::unescape).collect();
        let (section, wanted) = match tokens.as_slice() {
            [.., section, name] if SECTIONS.contains(&section.as_str()) => (
                SECTIONS
                    .iter()
                    .find(|s| **s == section.as_str())
                    .copied()
                    .unwrap_or("schemas"),
                name.clone(),
            ),
            [.., name] => ("schemas", name.clone()),
            [] => (
                "schemas",
                canonical.file_stem().map_or_else(
                    || "Imported".to_owned(),
                    |s| s.to_string_lossy().into_owned(),
                ),
            ),
        };
        let name = self.free_name(section, &wanted);
        let local = format!("#/components/{section}/{}", pointer::escape(&name));
        self.placed.insert(key, local.clone());
        self.imports.push(Import {
            section,
            name,
            value: target,
            dir: canonical
                .parent()
                .map_or_else(|| self.root.clone(), Path::to_owned),
            pointer: local.trim_start_matches('#').to_owned(),
        });
        Ok(local)
    }

    fn free_name(&self, section: &str, wanted: &str) -> String {
        let taken = |name: &str| {
            self.existing
                .iter()
                .any(|(s, n)| *s == section && n == name)
                || self
                    .imports
                    .iter()
                    .any(|i| i.section == section && i.name == name)
        };
        if !taken(wanted) {
            return wanted.to_owned();
        }
        (2..)
            .map(|n| format!("{wanted}_{n}"))
            .find(|name| !taken(name))
            .unwrap_or_default()
    }
}
