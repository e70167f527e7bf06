//! The generator's top-level jobs, shared by `cargo xtask codegen` and the
//! tests: the sources of a client for a document, a standalone crate, and
//! the up-to-date check of a committed client.

use std::path::{Path, PathBuf};

use crate::emit::krate::{self, CrateOptions, Files};
use crate::load::Document;
use crate::model::Model;

/// Why a job failed, in words for the user.
pub type JobError = String;

/// Loads `spec` and renders the client sources (`src/...`), with headers
/// naming the document as `shown_as`.
pub fn client_sources(spec: &Path, shown_as: &str) -> Result<(Model, Files), JobError> {
    client_sources_with(spec, shown_as, Vec::new())
}

/// [`client_sources`] for the committed crate in `client_dir`: its
/// hand-written modules are declared in `lib.rs`.
fn client_sources_in(
    spec: &Path,
    shown_as: &str,
    client_dir: &Path,
) -> Result<(Model, Files), JobError> {
    let hand_written = krate::hand_written_modules(client_dir)
        .map_err(|e| format!("reading {}: {e}", client_dir.display()))?;
    client_sources_with(spec, shown_as, hand_written)
}

fn client_sources_with(
    spec: &Path,
    shown_as: &str,
    hand_written: Vec<String>,
) -> Result<(Model, Files), JobError> {
    let (document, mut model) = crate::load_model(spec).map_err(|e| e.to_string())?;
    let mut options = crate_options(&document, &mut model, shown_as)?;
    options.hand_written = hand_written;
    let naming = crate::n8n_naming::DefaultNaming;
    let files = krate::client_sources(&model, &options, &naming).map_err(|e| e.to_string())?;
    Ok((model, files))
}

/// What the crate embeds beside the code. A document with neither
/// operations nor schemas has nothing to generate. One without operations
/// (schemas or webhooks only) gets a models-only crate: the n8n package
/// refuses such a document ("No operations found"), so its n8n properties
/// are `[]`. One the package refuses for another reason (its operations
/// cannot all be placed, say) still has its client, with `[]` as its n8n
/// properties and a warning in `model` saying why.
fn crate_options(
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
        .to_string());
    }
    let n8n_properties_json = if model.operations.is_empty() {
        "[]\n".to_owned()
    } else {
        match n8n_properties(document) {
            Ok(json) => json,
            Err(refused) => {
                model.warnings.push(crate::Warning {
                    pointer: String::new(),
                    message: refused,
                });
                "[]\n".to_owned()
            }
        }
    };
    Ok(CrateOptions {
        source: shown_as.to_owned(),
        n8n_properties_json,
        hand_written: Vec::new(),
    })
}

/// The document's n8n properties, or why the n8n package refuses them (in
/// words that say the Rust client is not affected).
pub fn n8n_properties(document: &Document) -> Result<String, String> {
    crate::n8n::build_properties(&document.raw, &crate::n8n::Config::default())
        .map(|properties| properties.to_js_json())
        .map_err(|e| {
            format!(
                "the n8n package refuses this document ({e}); the client is generated, with `[]` as its n8n properties"
            )
        })
}

/// The files of `client_dir` that differ from what `spec` gives, or that are
/// generated but no longer produced; empty when up to date.
pub fn stale_files(
    spec: &Path,
    shown_as: &str,
    client_dir: &Path,
) -> Result<Vec<String>, JobError> {
    let (_, files) = client_sources_in(spec, shown_as, client_dir)?;
    let extra = krate::stale_generated_files(client_dir, &files).map_err(|e| e.to_string())?;
    let mut stale: Vec<String> = files
        .iter()
        .filter(|(path, contents)| {
            std::fs::read_to_string(client_dir.join(path))
                .ok()
                .as_deref()
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

/// Regenerates the sources of a committed client crate in place; returns how
/// many files it wrote.
pub fn regenerate(spec: &Path, shown_as: &str, client_dir: &Path) -> Result<usize, JobError> {
    let (_, files) = client_sources_in(spec, shown_as, client_dir)?;
    let extra = krate::stale_generated_files(client_dir, &files).map_err(|e| e.to_string())?;
    krate::write_files(client_dir, &files)
        .map_err(|e| format!("writing {}: {e}", client_dir.display()))?;
    for path in &extra {
        std::fs::remove_file(client_dir.join(path))
            .map_err(|e| format!("removing {}: {e}", path.display()))?;
    }
    Ok(files.len())
}

/// Writes a standalone crate for `spec` into `out`, which must be missing,
/// empty or a crate the generator wrote (see [`standalone_with`]); returns
/// the crate's name.
pub fn standalone(spec: &Path, out: &Path, name: Option<&str>) -> Result<String, JobError> {
    standalone_with(spec, out, name, false)
}

/// [`standalone`]; with `force`, also into a directory the generator did not
/// write (its `Cargo.toml` and `src/` are replaced, other files kept). The
/// directory is checked before anything is read or written.
pub fn standalone_with(
    spec: &Path,
    out: &Path,
    name: Option<&str>,
    force: bool,
) -> Result<String, JobError> {
    krate::check_output_dir(out, force).map_err(|e| e.to_string())?;
    let shown = spec.file_name().map_or_else(
        || spec.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let (document, mut model) = crate::load_model(spec).map_err(|e| e.to_string())?;
    let options = crate_options(&document, &mut model, &shown)?;
    let name = name.map_or_else(|| default_crate_name(&model.title), str::to_owned);
    let naming = crate::n8n_naming::DefaultNaming;
    let files =
        krate::standalone_crate(&model, &options, &naming, &name).map_err(|e| e.to_string())?;
    krate::write_crate(out, &files, force).map_err(|e| e.to_string())?;
    Ok(name)
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

/// The workspace's default document, relative to the workspace root.
pub const DEFAULT_SPEC: &str = "spec/whatsapp-http-api.yaml";
/// The committed client crate, relative to the workspace root.
pub const CLIENT_DIR: &str = "generated-client";

/// The workspace root, from the generator crate's location.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_owned)
}
