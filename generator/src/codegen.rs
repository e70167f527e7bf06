//! The generator's top-level jobs, from a document's path to files on disk:
//! the sources of a client for a document ([`client_sources`]), a standalone
//! crate written into a directory ([`standalone_crate`]), and a client crate
//! committed beside its document, regenerated in place or checked
//! ([`CommittedClient`]). `emit` renders, `output` writes; this module joins
//! them. Nothing here knows any repository's layout: `cargo xtask` passes
//! this repository's paths.

use std::path::{Path, PathBuf};

use crate::emit::layout::{self, CrateOptions, Files};
pub use crate::emit::manifest::RuntimeSource;
use crate::emit::manifest::{self, ManifestOptions};
use crate::load::Document;
use crate::model::Model;
use crate::output::{self, OutputError};

/// Why a job failed. `Display` says it in words for the user; the variants
/// keep what a caller may act on (the document's error with its file and
/// JSON pointer or line, the path that could not be read or written).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum JobError {
    /// The document cannot be read or is not a valid OpenAPI document here;
    /// [`crate::Error::location`] says where (file, line, JSON pointer).
    #[error(transparent)]
    Document(#[from] crate::Error),
    /// The output directory may not be written ([`OutputError`]).
    #[error(transparent)]
    Output(#[from] OutputError),
    /// Reading or writing a file failed.
    #[error("{action} {}: {source}", path.display())]
    Io {
        /// `reading`, `writing`, `removing`.
        action: &'static str,
        /// The file or directory.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// A build-script helper ran where Cargo set no `OUT_DIR`.
    #[error(
        "OUT_DIR is not set: `Generator::build_script` writes into a build script's output \
         directory, so call it from build.rs (or use `Generator::generate` elsewhere)"
    )]
    NoOutDir,
}

impl JobError {
    /// The document's error, when that is what failed.
    pub fn document_error(&self) -> Option<&crate::Error> {
        match self {
            JobError::Document(error) => Some(error),
            _ => None,
        }
    }
}

fn io_error<'p>(
    action: &'static str,
    path: &'p Path,
) -> impl FnOnce(std::io::Error) -> JobError + 'p {
    move |source| JobError::Io {
        action,
        path: path.to_owned(),
        source,
    }
}

/// Why the n8n package refuses a document (the Rust client is not affected).
#[derive(Debug, Clone, thiserror::Error)]
#[error(
    "the n8n package refuses this document ({0}); the client is generated, with `[]` as its n8n properties"
)]
pub struct N8nRefused(#[source] pub crate::n8n::BuildError);

/// Loads `spec` and renders the client sources (`src/...`), with headers
/// naming the document as `shown_as`.
pub fn client_sources(spec: &Path, shown_as: &str) -> Result<(Model, Files), JobError> {
    client_sources_with(spec, shown_as, Vec::new(), None)
}

fn client_sources_with(
    spec: &Path,
    shown_as: &str,
    hand_written: Vec<String>,
    lib_name: Option<&str>,
) -> Result<(Model, Files), JobError> {
    let (document, mut model) = crate::load_model(spec)?;
    let mut options = crate_options(&document, &mut model, shown_as)?;
    options.hand_written = hand_written;
    options.lib_name = lib_name.map(str::to_owned);
    let naming = crate::n8n_naming::DefaultNaming;
    let mut files = layout::render_crate(&model, &options, &naming)?;
    keep_document(&mut files, &document);
    Ok((model, files))
}

/// Where a generated crate keeps the document it was generated from (as
/// loaded: JSON, other files' `$ref`s bundled in), so that the next
/// regeneration can say what changed for its callers ([`changes_since`]).
pub const DOCUMENT_FILE: &str = "src/openapi.json";

fn keep_document(files: &mut Files, document: &Document) {
    let mut text = serde_json::to_string_pretty(&document.raw).unwrap_or_default();
    text.push('\n');
    files.insert(PathBuf::from(DOCUMENT_FILE), text);
}

/// What changes for the callers of the crate in `dir` when it is generated
/// from `document`: the diff between the document the crate keeps
/// ([`DOCUMENT_FILE`]) and `document`. `None` when the crate keeps none
/// (a new directory, or a crate from an older generator) or the kept one no
/// longer loads.
pub fn changes_since(
    dir: &Path,
    document: &Document,
) -> Result<Option<crate::diff::Report>, JobError> {
    let kept = dir.join(DOCUMENT_FILE);
    if !kept.is_file() {
        return Ok(None);
    }
    let Ok(old) = crate::load::load_path(&kept) else {
        return Ok(None);
    };
    let Ok(old) = crate::diff::Side::of(&old) else {
        return Ok(None);
    };
    let new = crate::diff::Side::of(document)?;
    let mut report = crate::diff::diff(&old, &new);
    report.old = kept.display().to_string();
    report.new = document.origin.clone();
    Ok(Some(report))
}

/// What the crate embeds beside the code. A document with neither
/// operations nor schemas has nothing to generate. One without operations
/// (schemas or webhooks only) gets a models-only crate: the n8n package
/// refuses such a document ("No operations found"), so its n8n properties
/// are `[]`. One the package refuses for another reason (its operations
/// cannot all be placed, say) still has its client, with `[]` as its n8n
/// properties and a warning in `model` saying why.
pub(crate) fn crate_options(
    document: &Document,
    model: &mut Model,
    shown_as: &str,
) -> Result<CrateOptions, JobError> {
    if model.operations.is_empty() && model.schemas.is_empty() && model.webhooks.is_empty() {
        return Err(crate::Error::at_pointer(
            &document.origin,
            "/paths",
            "the document has no operations, schemas or webhooks, so there is nothing to generate; declare at least one operation under `paths`",
        )
        .into());
    }
    let n8n_properties_json = if model.operations.is_empty() {
        "[]\n".to_owned()
    } else {
        match n8n_properties(document) {
            Ok(json) => json,
            Err(refused) => {
                model.warnings.push(crate::Warning {
                    pointer: String::new(),
                    message: refused.to_string(),
                });
                "[]\n".to_owned()
            }
        }
    };
    Ok(CrateOptions {
        source: shown_as.to_owned(),
        n8n_properties_json,
        hand_written: Vec::new(),
        lib_name: None,
    })
}

/// The document's n8n properties, or why the n8n package refuses them (in
/// words that say the Rust client is not affected).
pub fn n8n_properties(document: &Document) -> Result<String, N8nRefused> {
    crate::n8n::build_properties(&document.raw, &crate::n8n::Config::default())
        .map(|properties| properties.to_js_json())
        .map_err(N8nRefused)
}

/// A client crate committed beside its document (this repository's
/// `generated-client/`): regenerated in place, its hand-written modules
/// (see [`output::hand_written_modules`]) kept and declared in `lib.rs`.
#[derive(Debug, Clone)]
pub struct CommittedClient {
    /// The document.
    pub spec: PathBuf,
    /// The document's path as the files' headers show it (relative, so the
    /// output does not depend on where the checkout lives).
    pub shown_as: String,
    /// The crate's directory.
    pub dir: PathBuf,
    /// The crate's library name, as its root doc's example names it.
    pub lib_name: String,
}

impl CommittedClient {
    /// The crate's sources as the document gives them now.
    fn sources(&self) -> Result<Files, JobError> {
        let hand_written =
            output::hand_written_modules(&self.dir).map_err(io_error("reading", &self.dir))?;
        let (_, files) = client_sources_with(
            &self.spec,
            &self.shown_as,
            hand_written,
            Some(&self.lib_name),
        )?;
        Ok(files)
    }

    /// The crate's files that differ from what the document gives, or that
    /// are generated but no longer produced; empty when up to date.
    pub fn stale_files(&self) -> Result<Vec<String>, JobError> {
        let files = self.sources()?;
        let extra = output::stale_generated_files(&self.dir, &files)
            .map_err(io_error("reading", &self.dir))?;
        let mut stale: Vec<String> = files
            .iter()
            .filter(|(path, contents)| {
                std::fs::read_to_string(self.dir.join(path)).ok().as_deref()
                    != Some(contents.as_str())
            })
            .map(|(path, _)| path.display().to_string())
            .collect();
        stale.extend(
            extra
                .iter()
                .map(|p| format!("{} (no longer generated)", p.display())),
        );
        Ok(stale)
    }

    /// Regenerates the crate's sources in place, removing the generated
    /// files the document no longer produces; returns how many files it
    /// wrote.
    pub fn regenerate(&self) -> Result<usize, JobError> {
        let files = self.sources()?;
        let extra = output::stale_generated_files(&self.dir, &files)
            .map_err(io_error("reading", &self.dir))?;
        output::write_files(&self.dir, &files).map_err(io_error("writing", &self.dir))?;
        for path in &extra {
            let path = self.dir.join(path);
            std::fs::remove_file(&path).map_err(io_error("removing", &path))?;
        }
        Ok(files.len())
    }
}

/// How [`standalone_crate`] writes a crate.
#[derive(Debug, Clone)]
pub struct StandaloneOptions {
    /// The package name (default: from the document's title).
    pub name: Option<String>,
    /// Write into a directory the generator did not write.
    pub force: bool,
    /// Where the runtime crate comes from (default: the registry's runtime
    /// released with this generator, [`published_runtime`]).
    pub runtime: RuntimeSource,
    /// Write an empty `[workspace]` table, making the crate a workspace of
    /// its own (default: none, so it can be a member of the user's).
    pub own_workspace: bool,
    /// Over a crate generated before: move its version as the changes for
    /// its callers say ([`crate::diff::Bump`]); without it the version is
    /// kept.
    pub bump: bool,
}

impl Default for StandaloneOptions {
    fn default() -> Self {
        StandaloneOptions {
            name: None,
            force: false,
            runtime: published_runtime(),
            own_workspace: false,
            bump: false,
        }
    }
}

/// The runtime released with this generator, from the registry: the
/// requirement its version gives (`0.1` for 0.1.x, `1` for 1.x), what the
/// installed generator writes by default.
pub fn published_runtime() -> RuntimeSource {
    let version = env!("CARGO_PKG_VERSION");
    let mut parts = version.split('.');
    RuntimeSource::Version(match (parts.next(), parts.next()) {
        (Some("0"), Some(minor)) => format!("0.{minor}"),
        (Some(major), _) => major.to_owned(),
        _ => version.to_owned(),
    })
}

/// Writes a standalone crate for `spec` into `out` as `options` say; returns
/// the crate's name. The directory is checked before anything is read or
/// written.
pub fn standalone_crate(
    spec: &Path,
    out: &Path,
    options: &StandaloneOptions,
) -> Result<String, JobError> {
    standalone_crate_reporting(spec, out, options, |_| {}).map(|written| written.name)
}

/// What [`standalone_crate_reporting`] wrote.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Standalone {
    /// The crate's package name.
    pub name: String,
    /// Its version.
    pub version: String,
    /// What changed for its callers, when it was generated before.
    pub report: Option<crate::diff::Report>,
    /// The repairs made to the document and what could not be typed, each
    /// with its JSON pointer, in document order (what `inspect` lists).
    pub warnings: Vec<crate::Warning>,
}

/// [`standalone_crate`], also giving the repairs made to the document and,
/// over a crate generated before, what changes for its callers:
/// `before_writing` gets that (the kept document against the new one)
/// before anything is written, and the version is kept, or moved by the
/// verdict with [`StandaloneOptions::bump`]. A runtime given by absolute
/// path is written relative to the crate (when both lie under one root), so
/// a crate committed with the runtime beside it builds wherever the
/// repository is cloned.
pub fn standalone_crate_reporting(
    spec: &Path,
    out: &Path,
    options: &StandaloneOptions,
    before_writing: impl FnOnce(&crate::diff::Report),
) -> Result<Standalone, JobError> {
    output::check_output_dir(out, options.force)?;
    let shown = spec.file_name().map_or_else(
        || spec.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let (document, mut model) = crate::load_model(spec)?;
    let mut crate_options = crate_options(&document, &mut model, &shown)?;
    let name = options
        .name
        .clone()
        .unwrap_or_else(|| default_crate_name(&model.title));
    crate_options.lib_name = Some(name.replace('-', "_"));
    let naming = crate::n8n_naming::DefaultNaming;
    let runtime = match &options.runtime {
        RuntimeSource::Path(path) if Path::new(path).is_absolute() => {
            RuntimeSource::Path(relative_path(out, Path::new(path)).unwrap_or_else(|| path.clone()))
        }
        other => other.clone(),
    };
    let manifest = ManifestOptions {
        name: name.clone(),
        runtime,
        own_workspace: options.own_workspace,
        n8n_by_default: false,
    };
    let mut files = layout::render_crate(&model, &crate_options, &naming)?;
    files.insert(
        PathBuf::from(manifest::MANIFEST_FILE),
        manifest::cargo_toml(&manifest, &model),
    );
    keep_document(&mut files, &document);
    let report = changes_since(out, &document)?;
    let version_of = |text: &str| {
        let manifest = text.parse::<toml::Table>().ok()?;
        manifest
            .get("package")?
            .get("version")?
            .as_str()
            .map(str::to_owned)
    };
    let old_version = std::fs::read_to_string(out.join(manifest::MANIFEST_FILE))
        .ok()
        .and_then(|text| version_of(&text));
    let manifest_path = PathBuf::from(manifest::MANIFEST_FILE);
    let written_version = files
        .get(&manifest_path)
        .and_then(|text| version_of(text))
        .unwrap_or_default();
    let version = match (&old_version, &report) {
        (Some(old), Some(report)) if options.bump => report
            .verdict
            .next_version(old)
            .unwrap_or_else(|| old.clone()),
        (Some(old), _) => old.clone(),
        (None, _) => written_version.clone(),
    };
    if version != written_version {
        if let Some(text) = files.get_mut(&manifest_path) {
            *text = with_version(text, &version);
        }
    }
    if let Some(report) = &report {
        before_writing(report);
    }
    output::write_crate(out, &files, options.force)?;
    Ok(Standalone {
        name,
        version,
        report,
        warnings: model.warnings,
    })
}

/// A generated `Cargo.toml` with its package version replaced: the first
/// `version = ` line, the `[package]` table's (dependencies are inline
/// tables on their own lines).
fn with_version(manifest: &str, version: &str) -> String {
    let mut done = false;
    manifest
        .lines()
        .map(|line| {
            if !done && line.starts_with("version = ") {
                done = true;
                format!("version = {}", toml::Value::String(version.to_owned()))
            } else {
                line.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// `target` as a path relative to the directory `from` (which need not
/// exist yet), `/`-separated as Cargo.toml writes paths; `None` when the
/// two share no root (two Windows drives) or `target` does not exist.
pub fn relative_path(from: &Path, target: &Path) -> Option<String> {
    let target = std::fs::canonicalize(target).ok()?;
    let from = canonical_dir(from)?;
    let from: Vec<_> = from.components().collect();
    let to: Vec<_> = target.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return None;
    }
    let mut parts: Vec<String> = vec!["..".to_owned(); from.len() - common];
    for part in &to[common..] {
        parts.push(part.as_os_str().to_str()?.to_owned());
    }
    Some(if parts.is_empty() {
        ".".to_owned()
    } else {
        parts.join("/")
    })
}

/// `dir` made absolute (`..` taken lexically) with its deepest existing
/// ancestor resolved (links followed), the rest appended.
fn canonical_dir(dir: &Path) -> Option<PathBuf> {
    let mut lexical = PathBuf::new();
    for part in std::path::absolute(dir).ok()?.components() {
        match part {
            std::path::Component::ParentDir => {
                lexical.pop();
            }
            std::path::Component::CurDir => {}
            other => lexical.push(other),
        }
    }
    let mut existing = lexical.as_path();
    loop {
        if let Ok(resolved) = std::fs::canonicalize(existing) {
            return Some(resolved.join(lexical.strip_prefix(existing).ok()?));
        }
        existing = existing.parent()?;
    }
}

/// A crate name from the document title: lower-case ASCII words joined by `-`,
/// ending in `-client`.
pub fn default_crate_name(title: &str) -> String {
    let words: Vec<String> = title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    match words.first() {
        None => "api-client".to_owned(),
        Some(first) if first.starts_with(|c: char| c.is_ascii_digit()) => {
            format!("api-{}-client", words.join("-"))
        }
        Some(_) => format!("{}-client", words.join("-")),
    }
}
