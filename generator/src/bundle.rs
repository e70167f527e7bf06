//! Bundling: references to other files (`schemas/pet.yaml`,
//! `common.yaml#/components/parameters/Limit`) are read and copied into the
//! document, so every later stage sees one self-contained document with
//! local references only.
//!
//! A reference resolves in the file it is written in: `#/components/schemas/Pet`
//! inside `other.yaml` is `other.yaml`'s `Pet`, copied in like any other
//! target (under a free name when the document has a `Pet` of its own), and
//! a reference from another file back into the document is local again.
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

use crate::diagnostics::{Error, Warning, excerpt};
use crate::{pointer, refs};

const SECTIONS: [&str; 5] = [
    "schemas",
    "parameters",
    "responses",
    "requestBodies",
    "headers",
];

/// What [`bundle`] tells besides the document it rewrote.
#[derive(Debug, Default)]
pub struct Bundled {
    /// The files read, sorted (a build script reruns when one changes).
    pub read: Vec<PathBuf>,
    /// Where each copy came from (so a message about it can name its file).
    pub imported: Vec<crate::load::Imported>,
    /// The repairs made (a `description` given as a `$ref` to a whole file
    /// is that file's text, as Redocly reads it).
    pub warnings: Vec<Warning>,
}

/// Replaces every reference to another file in `document` (read from
/// `path`) by a local one, copying the targets in; says what it read, where
/// each copy came from and what it repaired ([`Bundled`]).
pub fn bundle(document: &mut Value, path: &Path) -> Result<Bundled, Error> {
    let origin = path.display().to_string();
    let root = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let root = std::fs::canonicalize(root).map_err(|source| Error::Read {
        path: root.to_owned(),
        source,
    })?;
    // The document's own file, so references back into it stay local.
    let main = std::fs::canonicalize(path).ok();
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
        main,
        origin,
        files: HashMap::new(),
        placed: HashMap::new(),
        imports: Vec::new(),
        existing,
        warnings: Vec::new(),
    };
    let base = bundler.root.clone();
    bundler.rewrite(document, &base, None, false, "")?;
    // Targets may refer to further files, and to themselves; rewrite them
    // relative to their own file.
    let mut done = 0;
    while done < bundler.imports.len() {
        let (mut value, file) = {
            let import = &bundler.imports[done];
            (import.value.clone(), import.file.clone())
        };
        let at = bundler.imports[done].pointer.clone();
        let dir = file
            .parent()
            .map_or_else(|| bundler.root.clone(), Path::to_owned);
        // A whole file may be any value; a target under a section of names
        // (`…/schemas`) is one entry, whose keys are keywords.
        bundler.rewrite(&mut value, &dir, Some(&file), false, &at)?;
        bundler.imports[done].value = value;
        done += 1;
    }
    let mut read: Vec<PathBuf> = bundler.files.keys().cloned().collect();
    read.sort();
    let imported = bundler
        .imports
        .iter()
        .map(|import| crate::load::Imported {
            pointer: import.pointer.clone(),
            file: import.file.clone(),
            fragment: import.fragment.clone(),
        })
        .collect();
    let warnings = std::mem::take(&mut bundler.warnings);
    if bundler.imports.is_empty() {
        return Ok(Bundled {
            read,
            imported,
            warnings,
        });
    }
    let Value::Object(root_map) = document else {
        return Ok(Bundled {
            read,
            imported,
            warnings,
        });
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
    Ok(Bundled {
        read,
        imported,
        warnings,
    })
}

struct Import {
    section: &'static str,
    name: String,
    value: Value,
    /// The file it came from (canonical): its own references are relative to
    /// its directory, and its `#/...` references point into it.
    file: PathBuf,
    /// Where it will sit, for error messages.
    pointer: String,
    /// Where it is in `file` (a JSON pointer; empty for the whole file).
    fragment: String,
}

struct Bundler {
    root: PathBuf,
    /// The document's own file, canonical.
    main: Option<PathBuf>,
    origin: String,
    /// Parsed files by canonical path.
    files: HashMap<PathBuf, Value>,
    /// `(file, fragment)` → the local reference it became.
    placed: HashMap<(PathBuf, String), String>,
    imports: Vec<Import>,
    /// Component names the document already has, by section.
    existing: std::collections::HashSet<(&'static str, String)>,
    warnings: Vec<Warning>,
}

impl Bundler {
    fn error(&self, at: &str, message: String) -> Error {
        Error::at_pointer(&self.origin, at, message)
    }

    /// Rewrites the references in `value`, which was read from `file`
    /// (`None`: the document itself) in directory `dir`; `names` as in
    /// [`refs::for_each_ref`](crate::refs::for_each_ref): literal data is left
    /// alone.
    fn rewrite(
        &mut self,
        value: &mut Value,
        dir: &Path,
        file: Option<&Path>,
        names: bool,
        at: &str,
    ) -> Result<(), Error> {
        match value {
            Value::Object(map) => {
                let reference = map.get("$ref").and_then(Value::as_str).map(str::to_owned);
                if let (false, Some(reference)) = (names, reference) {
                    let ref_at = pointer::join(at, "$ref");
                    let local = match (reference.strip_prefix('#'), file) {
                        // Local to the document: stays.
                        (Some(_), None) => None,
                        // Local to another file: that file's target.
                        (Some(fragment), Some(file)) => Some(self.import_target(
                            file.to_owned(),
                            fragment,
                            &reference,
                            &ref_at,
                        )?),
                        (None, _) => Some(self.import(&reference, dir, &ref_at)?),
                    };
                    if let Some(local) = local {
                        map.insert("$ref".into(), Value::String(local));
                    }
                }
                for (key, child) in map.iter_mut() {
                    if !names && (key == "$ref" || refs::is_literal(key, child)) {
                        continue;
                    }
                    if !names && key == "description" {
                        if let Some(text) =
                            self.description_file(child, dir, &pointer::join(at, key))?
                        {
                            *child = Value::String(text);
                            continue;
                        }
                    }
                    let child_names = !names && refs::holds_names(key, child);
                    self.rewrite(child, dir, file, child_names, &pointer::join(at, key))?;
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter_mut().enumerate() {
                    self.rewrite(child, dir, file, false, &format!("{at}/{i}"))?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// A `description` written as `{$ref: intro.md}` (a reference to a
    /// whole file, which Redocly reads as text): the file's text, with a
    /// warning. `None` for anything else.
    fn description_file(
        &mut self,
        value: &Value,
        dir: &Path,
        at: &str,
    ) -> Result<Option<String>, Error> {
        let Value::Object(map) = value else {
            return Ok(None);
        };
        let Some(Value::String(reference)) = map.get("$ref") else {
            return Ok(None);
        };
        if reference.contains('#') || map.len() != 1 {
            return Ok(None);
        }
        let ref_at = pointer::join(at, "$ref");
        let canonical = self.checked_file(reference, dir, &ref_at)?;
        let text =
            crate::load::load_text(&canonical).map_err(|e| self.read_for(e, reference, &ref_at))?;
        self.files
            .entry(canonical)
            .or_insert_with(|| Value::String(text.clone()));
        self.warnings.push(Warning {
            pointer: at.to_owned(),
            message: format!(
                "a description is text, not a reference: the text of `{}` is used",
                excerpt(reference)
            ),
        });
        Ok(Some(text))
    }

    /// `error`, from reading a file for the `$ref` at `at`, naming that
    /// `$ref` too: the file's line says what is wrong, the `$ref` why it
    /// was read.
    fn read_for(&self, error: Error, reference: &str, at: &str) -> Error {
        let shown_reference = excerpt(reference);
        match error {
            Error::Document {
                origin,
                location,
                message,
            } => Error::Document {
                origin,
                location,
                message: format!("{message} (read for the `$ref: {shown_reference}` at #{at})"),
            },
            Error::Read { path, source } => self.error(
                at,
                format!(
                    "`$ref: {shown_reference}`: cannot read {}: {source}",
                    path.display()
                ),
            ),
        }
    }

    /// The canonical path of the file `reference` names (relative to
    /// `dir`), refused when it is a URL or outside the document's directory.
    fn checked_file(&self, reference: &str, dir: &Path, at: &str) -> Result<PathBuf, Error> {
        let shown_reference = excerpt(reference);
        if reference.contains("://") || reference.starts_with("//") {
            return Err(self.error(
                at,
                format!("`$ref: {shown_reference}` is a URL; references to the network are refused. Download the document and refer to the file"),
            ));
        }
        let file = reference
            .split_once('#')
            .map_or(reference, |(file, _)| file);
        let path = dir.join(file);
        let canonical = std::fs::canonicalize(&path).map_err(|e| {
            self.error(
                at,
                format!(
                    "`$ref: {shown_reference}`: cannot read {}: {e}",
                    path.display()
                ),
            )
        })?;
        if !canonical.starts_with(&self.root) {
            return Err(self.error(
                at,
                format!(
                    "`$ref: {shown_reference}` leaves the document's directory ({}); only files inside it are read",
                    self.root.display()
                ),
            ));
        }
        Ok(canonical)
    }

    /// Copies the target of `reference` in (once) and returns the local
    /// reference that replaces it.
    fn import(&mut self, reference: &str, dir: &Path, at: &str) -> Result<String, Error> {
        let canonical = self.checked_file(reference, dir, at)?;
        let fragment = reference
            .split_once('#')
            .map_or("", |(_, fragment)| fragment);
        self.import_target(canonical, fragment, reference, at)
    }

    /// Copies `fragment` of the file `canonical` in (once) and returns the
    /// local reference that replaces `reference`.
    fn import_target(
        &mut self,
        canonical: PathBuf,
        fragment: &str,
        reference: &str,
        at: &str,
    ) -> Result<String, Error> {
        let shown_reference = excerpt(reference);
        if self.main.as_ref() == Some(&canonical) {
            return Ok(format!("#{fragment}"));
        }
        let key = (canonical.clone(), fragment.to_owned());
        if let Some(local) = self.placed.get(&key) {
            return Ok(local.clone());
        }
        if !self.files.contains_key(&canonical) {
            let loaded = crate::load::load_fragment(&canonical)
                .map_err(|e| self.read_for(e, reference, at))?;
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
                            "`$ref: {shown_reference}` points to nothing in {}",
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
            file: canonical,
            pointer: local.trim_start_matches('#').to_owned(),
            fragment: fragment.to_owned(),
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
