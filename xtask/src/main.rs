//! Project tasks: `cargo xtask <command>`. See `cargo xtask --help`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use generator::codegen;

/// The generator allocates many small objects (syntax trees, n8n fields);
/// mimalloc serves them faster than the system allocator (WAHA: n8n build
/// 330 → 268 µs, whole generation 53 → 44 ms; see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod bench;
mod corpus;
mod repo;

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Project tasks for the WhatsApp HTTP API client generator"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// When `xtask diff` fails.
#[derive(Clone, Copy, clap::ValueEnum)]
enum FailOn {
    Breaking,
    BreakingRust,
    BreakingN8n,
    BreakingWire,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate the committed client from the default document, check that it
    /// is up to date, or write a standalone crate for any document.
    Codegen {
        /// The OpenAPI document (JSON or YAML); defaults to spec/whatsapp-http-api.yaml.
        #[arg(long)]
        spec: Option<PathBuf>,
        /// Write a standalone crate into this directory instead of
        /// regenerating generated-client/. It must be missing, empty or a crate
        /// the generator wrote; its Cargo.toml and src/ are replaced, other
        /// files (target/, .git, notes) kept.
        #[arg(long, requires = "spec")]
        out: Option<PathBuf>,
        /// Write into an --out directory the generator did not write.
        #[arg(long, requires = "out")]
        force: bool,
        /// The standalone crate's name (default: from the document's title).
        #[arg(long, requires = "out")]
        name: Option<String>,
        /// Give the standalone crate an empty `[workspace]` table, making it a
        /// workspace of its own; without it, it can be a member of yours.
        #[arg(long, requires = "out")]
        workspace: bool,
        /// Depend on the runtime crate at this path (default: this
        /// checkout's runtime/).
        #[arg(long, requires = "out", conflicts_with = "runtime_version")]
        runtime_path: Option<PathBuf>,
        /// Depend on a published `openapi-wa-runtime` of this version
        /// requirement (`0.1`) instead of a path.
        #[arg(long, requires = "out")]
        runtime_version: Option<String>,
        /// Over a crate generated before, move its version as the changes
        /// for its callers say (major, minor or patch; below 1.0 a breaking
        /// change moves the minor number). Without it the version is kept.
        #[arg(long, requires = "out")]
        bump: bool,
        /// Exit non-zero, naming the stale files, when generated-client/ is not
        /// what the document gives.
        #[arg(long, conflicts_with = "out")]
        check: bool,
        /// List every repair made to the document, not only the first few.
        #[arg(long, short, requires = "out")]
        verbose: bool,
    },
    /// Print the document's n8n node properties as
    /// `@devlikeapro/n8n-openapi-node` builds them (JSON.stringify(value, null, 2)).
    N8n {
        /// The OpenAPI document (JSON or YAML).
        #[arg(long, default_value = repo::DEFAULT_SPEC)]
        spec: PathBuf,
        /// `default` (the package's parsers) or `waha` (the WAHA node's).
        #[arg(long)]
        preset: Option<String>,
        /// A YAML/JSON file with `{find, replace}` overrides (and optionally
        /// `preset:` and `fixed:`).
        #[arg(long)]
        overrides: Option<PathBuf>,
        /// Repair the package's known defects (see the generator's `n8n::fixed` docs).
        #[arg(long)]
        fixed: bool,
        /// Print the trigger node's properties instead: an "Events"
        /// multi-options property listing the document's webhooks.
        #[arg(long, conflicts_with_all = ["preset", "overrides", "fixed"])]
        trigger: bool,
    },
    /// Write an installable n8n community node package (`n8n-nodes-<name>`):
    /// package.json with its `n8n` section, a declarative node with the
    /// `--fixed` properties, a credentials type from the document's security,
    /// and a trigger node for its webhooks. Plain JavaScript: no build step.
    N8nNode {
        /// The OpenAPI document (JSON or YAML).
        #[arg(long, default_value = repo::DEFAULT_SPEC)]
        spec: PathBuf,
        /// The package's directory: missing, empty, or a package this
        /// command wrote (its files are replaced).
        #[arg(long)]
        out: PathBuf,
        /// The name after `n8n-nodes-` (kebab case; default: the document's title).
        #[arg(long)]
        name: Option<String>,
        /// `default` (the package's parsers) or `waha` (the WAHA node's).
        #[arg(long)]
        preset: Option<String>,
        /// A YAML/JSON file with `{find, replace}` overrides.
        #[arg(long)]
        overrides: Option<PathBuf>,
    },
    /// Measure against the alternatives side by side and print a Markdown table.
    Bench {
        /// Fewer repetitions, for a quick look.
        #[arg(long)]
        quick: bool,
        /// Run one group of rows only: `large-crate` (compile time and peak
        /// memory of the crate generated for GitHub's 13 MB document) or
        /// `runtime-crate` (the WAHA crate's compile time against
        /// progenitor's, each runtime crate prebuilt, and an application's
        /// clean build on each) or `expansion` (time and peak memory of
        /// generation for the expansion attack, against document size).
        #[arg(long)]
        only: Option<String>,
    },
    /// Fetch the real public documents of `xtask/corpus.json` from their
    /// registries (cached in target/corpus/), then per document: generate a
    /// standalone crate, check it with `clippy -D warnings`, build the n8n
    /// properties; prints a Markdown table and the totals.
    Corpus {
        /// Only documents whose `package:path` contains this (repeatable).
        #[arg(long)]
        only: Vec<String>,
        /// Skip documents larger than this many bytes.
        #[arg(long)]
        max_bytes: Option<u64>,
        /// Parallel jobs for cargo (the machines are shared: default 1).
        #[arg(long, short = 'j', default_value_t = 1)]
        jobs: usize,
        /// Also write the report to this file.
        #[arg(long)]
        report: Option<PathBuf>,
    },
    /// (internal) Print the document as the generator normalises it (OpenAPI
    /// 3.0.3 with the repairs applied), for tools that cannot read the original.
    #[command(hide = true)]
    Normalized {
        #[arg(long)]
        spec: PathBuf,
    },
    /// (internal) Run a command and print its peak resident memory in bytes
    /// (the benchmark's memory column).
    #[command(hide = true)]
    PeakMemory {
        /// The program and its arguments.
        #[arg(trailing_var_arg = true, required = true)]
        command: Vec<std::ffi::OsString>,
    },
    /// (internal) The in-process half of the n8n benchmark row.
    #[command(hide = true)]
    BenchN8n {
        #[arg(long)]
        spec: PathBuf,
        #[arg(long, default_value_t = 100)]
        runs: usize,
    },
    /// Mutate real documents at random and run the whole generator on each:
    /// every mutant must fail with an error or generate parsable code.
    Fuzz {
        /// How many mutants to try.
        #[arg(long, default_value_t = 10_000)]
        cases: usize,
        /// The first seed (each case uses the next one).
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Documents to mutate (default: the spec, the snapshot document, and
        /// ../shared's petstore and edge cases when present).
        #[arg(long = "spec")]
        specs: Vec<PathBuf>,
    },
    /// What changes between two documents for Rust callers of the generated
    /// crate, for saved n8n workflows and on the wire: each change breaking
    /// or not, with its JSON pointer in both documents, and a semver
    /// verdict for the generated crate.
    Diff {
        /// The document as it was.
        old: PathBuf,
        /// The document as it is now.
        new: PathBuf,
        /// Print JSON for tools instead of text.
        #[arg(long)]
        json: bool,
        /// Exit with status 1 when a change breaks something (`breaking`:
        /// for anyone; `breaking-rust`, `breaking-n8n`, `breaking-wire`: for
        /// that audience).
        #[arg(long, value_enum)]
        fail_on: Option<FailOn>,
    },
    /// Write the compiler and run-time probes of a diff's Rust changes
    /// (`generator::diff::probe`) for `.ci/semver-agreement`.
    #[command(hide = true)]
    SemverProbes {
        /// The diff's JSON (`cargo xtask diff --json OLD NEW`).
        #[arg(long)]
        diff: PathBuf,
        /// The old document.
        #[arg(long)]
        old_document: PathBuf,
        /// The new document.
        #[arg(long)]
        new_document: PathBuf,
        /// The crate generated for the old document.
        #[arg(long)]
        old_crate: PathBuf,
        /// The generated crate's library name (`pair_client`).
        #[arg(long)]
        crate_name: String,
        /// Where to write `examples/` and `probes.json`.
        #[arg(long)]
        out: PathBuf,
    },
    /// Print what the generator understood of a document: resources,
    /// operations per resource, schemas and repair warnings.
    Inspect {
        /// The OpenAPI document (JSON or YAML).
        #[arg(long, default_value = repo::DEFAULT_SPEC)]
        spec: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Codegen {
            spec,
            out,
            force,
            name,
            workspace,
            runtime_path,
            runtime_version,
            bump,
            check,
            verbose,
        } => match (out, spec.clone()) {
            (Some(out), Some(spec)) => generator::cli::codegen(
                &generator::cli::CodegenArgs {
                    spec,
                    out,
                    force,
                    name,
                    workspace,
                    runtime_path,
                    runtime_version,
                    bump,
                    verbose,
                },
                repo::runtime(),
            ),
            _ => run_codegen(spec, check),
        },
        Command::Inspect { spec } => generator::cli::inspect(&spec),
        Command::Diff {
            old,
            new,
            json,
            fail_on,
        } => diff(&old, &new, json, fail_on),
        Command::SemverProbes {
            diff,
            old_document,
            new_document,
            old_crate,
            crate_name,
            out,
        } => semver_probes(
            &diff,
            (&old_document, &new_document),
            &old_crate,
            &crate_name,
            &out,
        ),
        Command::Fuzz { cases, seed, specs } => fuzz(cases, seed, specs),
        Command::Bench { quick, only } => bench::run(quick, only.as_deref()),
        Command::Corpus {
            only,
            max_bytes,
            jobs,
            report,
        } => corpus::run(&corpus::Options {
            only,
            max_bytes,
            jobs,
            report,
        }),
        Command::Normalized { spec } => generator::load::load_path(&spec)
            .map(|d| println!("{}", generator::normalize::normalize(&d.raw).document))
            .map_err(|e| e.to_string()),
        Command::BenchN8n { spec, runs } => bench::n8n_worker(&spec, runs),
        Command::PeakMemory { command } => bench::peak_memory_worker(&command),
        Command::N8n {
            spec,
            preset,
            overrides,
            fixed,
            trigger,
        } => generator::cli::n8n(&generator::cli::N8nArgs {
            spec,
            preset,
            overrides,
            fixed,
            trigger,
        }),
        Command::N8nNode {
            spec,
            out,
            name,
            preset,
            overrides,
        } => n8n_node(
            &spec,
            &out,
            name.as_deref(),
            preset.as_deref(),
            overrides.as_deref(),
        ),
    };
    generator::cli::finish(result)
}

fn diff(old: &Path, new: &Path, json: bool, fail_on: Option<FailOn>) -> Result<(), String> {
    use generator::diff::Audience;
    let report = generator::diff::diff_files(old, new).map_err(|e| e.to_string())?;
    if json {
        println!("{}", report.to_json());
    } else {
        print!("{}", report.to_text());
    }
    let audience = match fail_on {
        None => return Ok(()),
        Some(FailOn::Breaking) => None,
        Some(FailOn::BreakingRust) => Some(Audience::Rust),
        Some(FailOn::BreakingN8n) => Some(Audience::N8n),
        Some(FailOn::BreakingWire) => Some(Audience::Wire),
    };
    if report.breaks(audience) {
        return Err(format!(
            "{} breaking change(s) from {} to {}",
            report
                .changes
                .iter()
                .filter(|c| c.breaking && audience.is_none_or(|a| c.audience == a))
                .count(),
            old.display(),
            new.display()
        ));
    }
    Ok(())
}

fn semver_probes(
    diff: &Path,
    (old_document, new_document): (&Path, &Path),
    old_crate: &Path,
    crate_name: &str,
    out: &Path,
) -> Result<(), String> {
    use generator::diff::probe;
    let text = std::fs::read_to_string(diff).map_err(|e| format!("{}: {e}", diff.display()))?;
    let report: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", diff.display()))?;
    let document = generator::load::load_path(old_document).map_err(|e| e.to_string())?;
    let new = generator::load::load_path(new_document).map_err(|e| e.to_string())?;
    let files =
        probe::read_crate(old_crate).map_err(|e| format!("{}: {e}", old_crate.display()))?;
    let probes = probe::probes(&report, &files, &document.raw, &new.raw, crate_name);
    probe::write_probes(out, &probes).map_err(|e| format!("{}: {e}", out.display()))?;
    eprintln!(
        "{} probes ({} run-time) for {} Rust changes in {}",
        probes.iter().filter(|p| p.example.is_some()).count(),
        probes
            .iter()
            .filter(|p| p.runtime_example.is_some())
            .count(),
        probes.len(),
        out.display()
    );
    Ok(())
}

fn run_codegen(spec: Option<PathBuf>, check: bool) -> Result<(), String> {
    let root = repo::root();
    let spec = spec.unwrap_or_else(|| root.join(repo::DEFAULT_SPEC));
    let shown = shown_path(&root, &spec);
    let client = repo::committed_client(spec, shown.clone());
    if check {
        let stale = client.stale_files().map_err(|e| e.to_string())?;
        if stale.is_empty() {
            println!("{} is up to date with {shown}", repo::CLIENT_DIR);
            return Ok(());
        }
        return Err(format!(
            "{dir} is stale; run `cargo xtask codegen` and commit the result. Stale files in {dir}/:\n  {}",
            stale.join("\n  "),
            dir = repo::CLIENT_DIR
        ));
    }
    // What changes for the client's callers, told before anything is written.
    let document = generator::load::load_path(&client.spec).map_err(|e| e.to_string())?;
    if let Some(report) =
        codegen::changes_since(&client.dir, &document).map_err(|e| e.to_string())?
    {
        print!("{}", report.summary());
    }
    let written = client.regenerate().map_err(|e| e.to_string())?;
    println!(
        "generated {written} files in {} from {shown}",
        repo::CLIENT_DIR
    );
    Ok(())
}

/// The document's path as headers show it: relative to the workspace when
/// inside it, so output does not depend on where the checkout lives.
fn shown_path(root: &Path, spec: &Path) -> String {
    let absolute = std::fs::canonicalize(spec).unwrap_or_else(|_| spec.to_owned());
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_owned());
    absolute
        .strip_prefix(&root)
        .unwrap_or(spec)
        .to_string_lossy()
        .replace('\\', "/")
}

/// The first line of every file `n8n-node` writes (JavaScript files), or
/// the package.json's description it writes.
const N8N_NODE_MARK: &str = "// @generated by `cargo xtask n8n-node`";

fn n8n_node(
    spec: &Path,
    out: &Path,
    name: Option<&str>,
    preset: Option<&str>,
    overrides: Option<&Path>,
) -> Result<(), String> {
    let file = generator::cli::n8n_config_file(preset, overrides)?;
    let document = generator::load::load_path(spec).map_err(|e| e.to_string())?;
    let model = generator::build(&document).map_err(|e| e.to_string())?;
    let package = generator::n8n::node_package(&document.raw, &model, file.config(), name)
        .map_err(|e| format!("{}: {e}", document.origin))?;
    // Only into a missing or empty directory, or one this command wrote.
    if out.exists() {
        if !out.is_dir() {
            return Err(format!("{} is not a directory", out.display()));
        }
        let ours = std::fs::read_to_string(out.join("package.json"))
            .ok()
            .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
            .and_then(|manifest| {
                let nodes = manifest["n8n"]["nodes"].as_array()?.clone();
                let first = nodes.first()?.as_str()?.to_owned();
                let text = std::fs::read_to_string(out.join(first)).ok()?;
                Some(text.starts_with(N8N_NODE_MARK))
            })
            .unwrap_or(false);
        let empty = std::fs::read_dir(out)
            .map_err(|e| format!("{}: {e}", out.display()))?
            .next()
            .is_none();
        if !empty && !ours {
            return Err(format!(
                "{} is not empty and was not written by `cargo xtask n8n-node`",
                out.display()
            ));
        }
    }
    for (path, contents) in &package.files {
        let target = out.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::write(&target, contents).map_err(|e| format!("{}: {e}", target.display()))?;
    }
    println!(
        "wrote {} ({} files) in {}",
        package.name,
        package.files.len(),
        out.display()
    );
    Ok(())
}

fn fuzz(cases: usize, seed: u64, specs: Vec<PathBuf>) -> Result<(), String> {
    let root = repo::root();
    let specs = if specs.is_empty() {
        let mut defaults = vec![
            root.join(repo::DEFAULT_SPEC),
            root.join("generator/tests/snapshots/documents/shapes.yaml"),
        ];
        for shared in [
            "../shared/specs/petstore.json",
            "../shared/n8n/edge/edge-cases.openapi.json",
        ] {
            let path = root.join(shared);
            if path.exists() {
                defaults.push(path);
            }
        }
        defaults
    } else {
        specs
    };
    let seeds = specs
        .iter()
        .map(|p| {
            generator::load::load_path(p)
                .map(|d| d.raw)
                .map_err(|e| e.to_string())
        })
        .collect::<Result<Vec<_>, _>>()?;
    // Panics are caught and counted; keep the default hook from printing each.
    std::panic::set_hook(Box::new(|_| {}));
    let started = std::time::Instant::now();
    let report = generator::fuzz::fuzz(&seeds, cases, seed);
    println!(
        "tried {} mutants of {} documents in {:.1?}: {} generated a crate that passes the checks, {} refused with an error, {} panicked or failed a check",
        report.cases,
        seeds.len(),
        started.elapsed(),
        report.generated,
        report.refused,
        report.panic_count
    );
    for (seed, message) in &report.panics {
        println!("  panic at seed {seed}: {message}");
    }
    if report.panic_count > 0 {
        return Err(format!("{} mutants panicked", report.panic_count));
    }
    Ok(())
}
