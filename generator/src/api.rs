//! The library's entry point for build scripts and tools: [`Generator`].

use std::path::{Path, PathBuf};

use crate::codegen::JobError;
use crate::diagnostics::Warning;

/// Generates a client from an OpenAPI document as one Rust file that can be
/// `include!`d in any module.
///
/// The file holds the client's modules inline (`models`, one per resource,
/// with the `n8n` catalog when asked) and its root items (`Client`,
/// `ClientBuilder`, the runtime types users name). Its code names the
/// runtime as `::openapi_wa_runtime` and its own modules by relative paths,
/// so the including crate needs `openapi-wa-runtime`, `serde` (with
/// `derive`) and `serde_json` as dependencies, and nothing else.
///
/// # Example
///
/// In `build.rs` (with `openapi-wa-generator` under `[build-dependencies]`):
///
/// ```no_run
/// // The body of build.rs's `main`. A failure names the document's file
/// // and the line or JSON pointer at fault.
/// if let Err(error) = generator::Generator::new("petstore.yaml").build_script("petstore.rs") {
///     panic!("{error}");
/// }
/// ```
///
/// and in the crate:
///
/// ```ignore
/// mod petstore {
///     include!(concat!(env!("OUT_DIR"), "/petstore.rs"));
/// }
///
/// let client = petstore::Client::builder().base_url("http://localhost:8080").build()?;
/// let pets = client.pets().list(&Default::default()).await?;
/// ```
#[derive(Debug, Clone)]
pub struct Generator {
    spec: PathBuf,
    catalog: bool,
}

/// A generated client: its code and what the generator noticed.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The Rust file, formatted, starting with a `// @generated` line.
    pub code: String,
    /// The repairs made to the document (untyped schemas, `type: object`
    /// on scalars, ...), each with its JSON pointer.
    pub warnings: Vec<Warning>,
    /// Where each of [`Self::warnings`] is written, in the same order: the
    /// file holding the value (the document, or a file its `$ref`s read,
    /// shown beside the document as `schemas/pet.yaml`) and the JSON pointer
    /// inside that file.
    pub warnings_written_at: Vec<(PathBuf, String)>,
    /// Every file the generation read: the document, then the files its
    /// `$ref`s point into.
    pub inputs: Vec<PathBuf>,
}

impl Generator {
    /// A generator for the document at `spec` (JSON or YAML; OpenAPI 3.0,
    /// 3.1 or 3.2). A relative path is relative to the current directory,
    /// which in a build script is the package's directory.
    pub fn new(spec: impl Into<PathBuf>) -> Self {
        Generator {
            spec: spec.into(),
            catalog: false,
        }
    }

    /// Also emit the operation catalog: `catalog::operations()` (every
    /// operation's metadata) and `catalog::n8n_properties_json()` (the n8n
    /// node properties, written into the file as a string). Off by default:
    /// for a large document it is most of the file.
    pub fn catalog(mut self, catalog: bool) -> Self {
        self.catalog = catalog;
        self
    }

    /// Reads the document and generates the client. Nothing is written.
    ///
    /// # Errors
    ///
    /// [`JobError::Document`] when the document cannot be read or is not
    /// valid here; its [`location`](crate::Error::location) names the file
    /// and the line or JSON pointer.
    pub fn generate(&self) -> Result<Generated, JobError> {
        let shown = self.spec.file_name().map_or_else(
            || self.spec.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let (document, mut model) = crate::load_model(&self.spec)?;
        let options = crate::codegen::crate_options(&document, &mut model, &shown)?;
        let code = crate::emit::layout::render_single_file(
            &model,
            &options,
            &crate::n8n_naming::DefaultNaming,
            self.catalog,
        )?;
        let spec_dir = self.spec.parent().unwrap_or(Path::new(""));
        let canonical_dir = std::fs::canonicalize(if spec_dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            spec_dir
        })
        .ok();
        let warnings_written_at = model
            .warnings
            .iter()
            .map(|warning| match document.written_at(&warning.pointer) {
                (Some(file), pointer) => {
                    let beside = canonical_dir
                        .as_deref()
                        .and_then(|dir| file.strip_prefix(dir).ok())
                        .map_or_else(|| file.to_owned(), |relative| spec_dir.join(relative));
                    (beside, pointer)
                }
                (None, pointer) => (self.spec.clone(), pointer),
            })
            .collect();
        let mut inputs = vec![self.spec.clone()];
        inputs.extend(document.bundled);
        Ok(Generated {
            code,
            warnings: model.warnings,
            warnings_written_at,
            inputs,
        })
    }

    /// The one call a `build.rs` needs: generates the client into
    /// `$OUT_DIR/<file_name>`, prints `cargo:rerun-if-changed` for the
    /// document and every file it refers to, and each repair warning as a
    /// `cargo:warning` line. Returns the path written.
    ///
    /// The file is written only when its contents change, through a
    /// temporary file and a rename, so a failed build never leaves half a
    /// file behind.
    ///
    /// # Errors
    ///
    /// As [`Self::generate`]; [`JobError::NoOutDir`] outside a build script;
    /// [`JobError::Io`] when the file cannot be written.
    pub fn build_script(&self, file_name: &str) -> Result<PathBuf, JobError> {
        let out_dir = std::env::var_os("OUT_DIR").ok_or(JobError::NoOutDir)?;
        // Printed first: a document that fails to load still reruns the
        // script once it is fixed.
        println!("cargo:rerun-if-changed={}", self.spec.display());
        let generated = self.generate()?;
        for input in &generated.inputs[1..] {
            println!("cargo:rerun-if-changed={}", input.display());
        }
        for (warning, (file, pointer)) in generated
            .warnings
            .iter()
            .zip(&generated.warnings_written_at)
        {
            // Named where the value is written: a schema of
            // `schemas/pet.yaml` by that file, not the root document.
            // `Warning`'s `Display` escapes control characters, line breaks
            // included, so each is one line Cargo reads as one warning.
            let at = Warning {
                pointer: pointer.clone(),
                message: warning.message.clone(),
            };
            println!(
                "cargo:warning={}: {at}",
                crate::diagnostics::escape_controls(&file.display().to_string())
            );
        }
        let target = Path::new(&out_dir).join(file_name);
        write_if_changed(&target, &generated.code)?;
        Ok(target)
    }
}

/// Writes `contents` to `target` unless it already holds them (an unchanged
/// file keeps its modification time, so Cargo does not rebuild for it).
fn write_if_changed(target: &Path, contents: &str) -> Result<(), JobError> {
    if std::fs::read(target).is_ok_and(|old| old == contents.as_bytes()) {
        return Ok(());
    }
    let io = |source| JobError::Io {
        action: "writing",
        path: target.to_owned(),
        source,
    };
    let temporary = target.with_extension("rs.tmp-codegen");
    std::fs::write(&temporary, contents).map_err(io)?;
    std::fs::rename(&temporary, target).map_err(|e| {
        let _ = std::fs::remove_file(&temporary);
        io(e)
    })
}
