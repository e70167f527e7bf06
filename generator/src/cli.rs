//! The `openapi-wa-generator` command line (feature `cli`, on by default):
//! `codegen`, `inspect` and `n8n` on any document, from any directory.
//! `cargo xtask` in this repository calls the same functions.
//!
//! ```sh
//! cargo install openapi-wa-generator          # or: cargo install --path generator
//! openapi-wa-generator codegen --spec openapi.yaml --out petstore-client
//! openapi-wa-generator inspect --spec openapi.yaml
//! openapi-wa-generator n8n --spec openapi.yaml > properties.json
//! ```

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::codegen::{self, RuntimeSource};

/// How many repairs `codegen` lists without `-v`.
pub const REPAIRS_SHOWN: usize = 5;

/// The command line.
#[derive(Debug, Parser)]
#[command(
    name = "openapi-wa-generator",
    version,
    about = "Generates a typed Rust client crate and n8n node properties from an OpenAPI document"
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a client crate for a document.
    Codegen(CodegenArgs),
    /// Print what the generator understood of a document: resources,
    /// operations per resource, schemas and repair warnings.
    Inspect(InspectArgs),
    /// Print the document's n8n node properties as
    /// `@devlikeapro/n8n-openapi-node` builds them.
    N8n(N8nArgs),
}

/// `codegen`: a standalone crate for a document.
#[derive(Debug, Clone, Args)]
pub struct CodegenArgs {
    /// The OpenAPI document (JSON or YAML; 3.0, 3.1 or 3.2).
    #[arg(long)]
    pub spec: PathBuf,
    /// The crate's directory. It must be missing, empty or a crate the
    /// generator wrote; its Cargo.toml and src/ are replaced, other files
    /// (target/, .git, notes) kept.
    #[arg(long)]
    pub out: PathBuf,
    /// Write into an --out directory the generator did not write.
    #[arg(long)]
    pub force: bool,
    /// The crate's name (default: from the document's title).
    #[arg(long)]
    pub name: Option<String>,
    /// Give the crate an empty `[workspace]` table, making it a workspace of
    /// its own; without it, it can be a member of yours.
    #[arg(long)]
    pub workspace: bool,
    /// Depend on the runtime crate at this directory (written relative to
    /// the crate, so a repository holding both builds wherever it is cloned).
    #[arg(long, conflicts_with = "runtime_version")]
    pub runtime_path: Option<PathBuf>,
    /// Depend on `openapi-wa-runtime` from crates.io with this version
    /// requirement (the default for the installed generator: its own
    /// version's `major.minor`).
    #[arg(long)]
    pub runtime_version: Option<String>,
    /// Over a crate generated before, move its version by what changed for
    /// its callers (major, minor or patch); without it the version is kept.
    #[arg(long)]
    pub bump: bool,
    /// List every repair, not only the first few.
    #[arg(long, short)]
    pub verbose: bool,
}

/// `inspect`.
#[derive(Debug, Clone, Args)]
pub struct InspectArgs {
    /// The OpenAPI document (JSON or YAML).
    #[arg(long)]
    pub spec: PathBuf,
}

/// `n8n`.
#[derive(Debug, Clone, Args)]
pub struct N8nArgs {
    /// The OpenAPI document (JSON or YAML).
    #[arg(long)]
    pub spec: PathBuf,
    /// `default` (the package's parsers) or `waha` (the WAHA node's).
    #[arg(long)]
    pub preset: Option<String>,
    /// A YAML/JSON file with `{find, replace}` overrides (and optionally
    /// `preset:` and `fixed:`).
    #[arg(long)]
    pub overrides: Option<PathBuf>,
    /// Repair the package's known defects (see the generator's `n8n::fixed` docs).
    #[arg(long)]
    pub fixed: bool,
    /// Print the trigger node's properties instead: an "Events"
    /// multi-options property listing the document's webhooks.
    #[arg(long, conflicts_with_all = ["preset", "overrides", "fixed"])]
    pub trigger: bool,
}

/// The binary's `main`: parses the arguments, runs the command, prints an
/// error as `error: ...` on stderr and exits 1 on failure.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Codegen(args) => codegen(&args, codegen::published_runtime()),
        Command::Inspect(args) => inspect(&args.spec),
        Command::N8n(args) => n8n(&args),
    };
    finish(result)
}

/// An exit code for a command's result, printing the error.
pub fn finish(result: Result<(), String>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// `codegen`: writes the crate, says where, and reports on stderr the
/// repairs made to the document (a count and the first
/// [`REPAIRS_SHOWN`]; all with `verbose`) and what could not be typed (all).
/// `default_runtime` is the runtime dependency when neither
/// `--runtime-path` nor `--runtime-version` is given.
pub fn codegen(args: &CodegenArgs, default_runtime: RuntimeSource) -> Result<(), String> {
    let runtime = match (&args.runtime_path, &args.runtime_version) {
        (_, Some(version)) => RuntimeSource::Version(version.clone()),
        (Some(path), None) => {
            let absolute = std::fs::canonicalize(path).map_err(|e| {
                format!(
                    "--runtime-path {}: {e} (the runtime crate's directory)",
                    path.display()
                )
            })?;
            if !absolute.join("Cargo.toml").is_file() {
                return Err(format!(
                    "--runtime-path {}: no Cargo.toml there (the runtime crate's directory)",
                    path.display()
                ));
            }
            RuntimeSource::Path(absolute.to_string_lossy().into_owned())
        }
        (None, None) => default_runtime,
    };
    let options = codegen::StandaloneOptions {
        name: args.name.clone(),
        force: args.force,
        runtime,
        own_workspace: args.workspace,
        bump: args.bump,
    };
    let written = codegen::standalone_crate_reporting(&args.spec, &args.out, &options, |report| {
        print!("{}", report.summary());
    })
    .map_err(|e| e.to_string())?;
    println!(
        "generated crate `{}` {} in {}",
        written.name,
        written.version,
        args.out.display()
    );
    let mut stderr = std::io::stderr().lock();
    let _ = report_warnings(
        &mut stderr,
        &written.warnings,
        args.verbose,
        &args.spec.display().to_string(),
    );
    Ok(())
}

/// Whether a warning says something was left untyped
/// (`serde_json::Value`) rather than repaired.
pub fn is_untyped(warning: &crate::Warning) -> bool {
    warning.message.contains("serde_json::Value") || warning.message.contains("may be anything")
}

/// Writes the repairs (a count, then the first [`REPAIRS_SHOWN`], or all
/// when `verbose`) and everything that could not be typed (always all).
pub fn report_warnings(
    out: &mut dyn std::io::Write,
    warnings: &[crate::Warning],
    verbose: bool,
    spec: &str,
) -> std::io::Result<()> {
    let (untyped, repairs): (Vec<_>, Vec<_>) = warnings.iter().partition(|w| is_untyped(w));
    if !repairs.is_empty() {
        let shown = if verbose {
            repairs.len()
        } else {
            REPAIRS_SHOWN.min(repairs.len())
        };
        writeln!(
            out,
            "{} repair{} made to the document (where, what was done):",
            repairs.len(),
            if repairs.len() == 1 { "" } else { "s" }
        )?;
        for warning in &repairs[..shown] {
            writeln!(out, "  {warning}")?;
        }
        if shown < repairs.len() {
            writeln!(
                out,
                "  ... and {} more: `-v` lists them all (so does `inspect --spec {spec}`)",
                repairs.len() - shown
            )?;
        }
    }
    if !untyped.is_empty() {
        writeln!(
            out,
            "{} place{} not typed (serde_json::Value there):",
            untyped.len(),
            if untyped.len() == 1 { "" } else { "s" }
        )?;
        for warning in &untyped {
            writeln!(out, "  {warning}")?;
        }
    }
    Ok(())
}

/// `inspect`: the summary of what the generator understood.
pub fn inspect(spec: &Path) -> Result<(), String> {
    let (document, model) = crate::load_model(spec).map_err(|e| e.to_string())?;
    print!("{}", crate::summary::summary(&model));
    if model.operations.is_empty() {
        println!("  note: the document has no operations, so there is no client to generate");
    } else if let Err(refused) = codegen::n8n_properties(&document) {
        println!("  note: {refused}");
    }
    Ok(())
}

/// The n8n configuration: the overrides file when given (else the
/// defaults), with `preset` when given.
pub fn n8n_config_file(
    preset: Option<&str>,
    overrides: Option<&std::path::Path>,
) -> Result<crate::n8n::ConfigFile, String> {
    use crate::n8n::{ConfigFile, Preset};
    let mut file = match overrides {
        Some(path) => {
            let text =
                std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
            ConfigFile::parse(&text, &path.display().to_string()).map_err(|e| e.to_string())?
        }
        None => ConfigFile::default(),
    };
    if let Some(name) = preset {
        file.preset = Preset::from_name(name).map_err(|e| e.to_string())?;
    }
    Ok(file)
}

/// `n8n`: the node properties (or, with `trigger`, the trigger node's) as
/// JSON on stdout.
pub fn n8n(args: &N8nArgs) -> Result<(), String> {
    let document = crate::load::load_path(&args.spec).map_err(|e| e.to_string())?;
    let text = if args.trigger {
        let model = crate::build(&document).map_err(|e| e.to_string())?;
        crate::n8n::to_js_json(&crate::n8n::trigger_properties(&model))
    } else {
        let mut file = n8n_config_file(args.preset.as_deref(), args.overrides.as_deref())?;
        file.fixed |= args.fixed;
        crate::n8n::build_properties(&document.raw, &file.config())
            .map_err(|e| format!("{}: {e}", document.origin))?
            .to_js_json()
    };
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .map_err(|e| format!("writing the output: {e}"))
}
