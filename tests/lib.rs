//! Shared helpers for the end-to-end tests in `tests/tests/`: where the
//! third-party fixtures live, and the Node tools the tests install themselves.

pub mod baileys;
pub mod deliveries;
pub mod hostile;
pub mod server;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The repository root (the workspace directory).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits inside the workspace")
        .to_owned()
}

/// `../shared`, beside the checkout: third parties' specs and reference
/// outputs. They are never copied into the repository, so a test that needs
/// them fails loudly, naming the folder, when it is missing.
pub fn shared_dir() -> PathBuf {
    let dir = repo_root().join("../shared");
    assert!(
        dir.join("specs").is_dir(),
        "this test needs the shared fixtures folder at {} (specs/, n8n/, seed-api.md); \
         it is missing. Check out the repository beside `shared/` and run again.",
        dir.display()
    );
    dir
}

/// A file under `../shared`, with the folder checked first.
pub fn shared(relative: &str) -> PathBuf {
    let path = shared_dir().join(relative);
    assert!(path.exists(), "missing shared fixture {}", path.display());
    path
}

/// The target directory the standalone and temporary crates share, so
/// their dependencies build once.
pub fn standalone_target() -> PathBuf {
    repo_root().join("target/standalone-target")
}

/// Runs `cargo <args>` in a generated standalone crate (or any crate the
/// tests write), with [`standalone_target`]; panics with cargo's output when
/// it fails, else returns it.
pub fn cargo_in_standalone(dir: &Path, args: &[&str]) -> std::process::Output {
    let output = Command::new(env!("CARGO"))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", standalone_target())
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "`cargo {}` fails in {}:\n{}\n{}",
        args.join(" "),
        dir.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// `tests/node`, with its pinned npm packages installed (`npm ci` on first use
/// in a process; a lock directory keeps concurrent test processes from
/// installing at the same time). Panics with npm's output when it fails.
pub fn node_tools() -> &'static Path {
    static INSTALLED: OnceLock<PathBuf> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        let dir = repo_root().join("tests/node");
        let _lock = DirLock::acquire(&dir.join(".install.lock"));
        let marker = dir.join("node_modules/.package-lock.json");
        let lock = dir.join("package-lock.json");
        let fresh = match (std::fs::metadata(&marker), std::fs::metadata(&lock)) {
            (Ok(m), Ok(l)) => m.modified().ok() >= l.modified().ok(),
            _ => false,
        };
        if !fresh {
            let output = Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
                .current_dir(&dir)
                .output()
                .expect("these tests need Node.js and npm on PATH (Node 20)");
            assert!(
                output.status.success(),
                "`npm ci` in {} failed:\n{}{}",
                dir.display(),
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
        }
        dir
    })
}

/// Runs `node ARGS` in `dir` with `input` on stdin; its stdout. Panics with
/// its stderr when it fails.
pub fn node_output(args: &[&std::ffi::OsStr], dir: &Path, input: &[u8]) -> Vec<u8> {
    use std::io::Write as _;
    use std::process::Stdio;
    let mut child = Command::new("node")
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node runs");
    child.stdin.take().unwrap().write_all(input).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// A crude cross-process mutex: directory creation is atomic.
struct DirLock(PathBuf);

impl DirLock {
    fn acquire(path: &Path) -> Self {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(300);
        loop {
            match std::fs::create_dir(path) {
                Ok(()) => return DirLock(path.to_owned()),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    assert!(
                        std::time::Instant::now() < deadline,
                        "waited 5 minutes for {}; remove it if no install is running",
                        path.display()
                    );
                    std::thread::sleep(std::time::Duration::from_millis(200));
                }
                Err(e) => panic!("cannot create lock {}: {e}", path.display()),
            }
        }
    }
}

impl Drop for DirLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir(&self.0);
    }
}

/// The README's Rust examples, compiled as doctests, so what it shows
/// builds against the generated client.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeExamples;

/// The repository's default document, relative to its root.
pub const DEFAULT_SPEC: &str = "spec/whatsapp-http-api.yaml";
/// The client crate committed from it, relative to the root.
pub const CLIENT_DIR: &str = "generated-client";
/// That crate's library name, as its root doc's example names it.
pub const CLIENT_LIB: &str = "whatsapp_http_client";

/// This checkout's runtime crate, by absolute path: what the crates the
/// tests generate depend on.
pub fn runtime() -> generator::codegen::RuntimeSource {
    let runtime = repo_root().join("runtime");
    let runtime = std::fs::canonicalize(&runtime).unwrap_or(runtime);
    generator::codegen::RuntimeSource::Path(runtime.to_string_lossy().into_owned())
}

/// Writes a standalone crate for `spec` into `out` (missing, empty or a
/// crate the generator wrote), depending on this checkout's runtime;
/// returns the crate's name.
pub fn standalone(
    spec: &Path,
    out: &Path,
    name: Option<&str>,
) -> Result<String, generator::codegen::JobError> {
    standalone_options(spec, out, name, false)
}

/// [`standalone`], also into a directory the generator did not write.
pub fn standalone_forced(
    spec: &Path,
    out: &Path,
    name: Option<&str>,
) -> Result<String, generator::codegen::JobError> {
    standalone_options(spec, out, name, true)
}

fn standalone_options(
    spec: &Path,
    out: &Path,
    name: Option<&str>,
    force: bool,
) -> Result<String, generator::codegen::JobError> {
    let options = generator::codegen::StandaloneOptions {
        name: name.map(str::to_owned),
        force,
        runtime: runtime(),
        ..Default::default()
    };
    generator::codegen::standalone_crate(spec, out, &options)
}
