//! `cargo xtask bench`: side-by-side measurements in one run, printed as a
//! Markdown table. Timings are medians of repeated runs; ratios compare
//! numbers from the same run only (the machines are noisy).
//!
//! Rows: the n8n properties build (in process, warm, and as whole processes)
//! against `@devlikeapro/n8n-openapi-node`; whole-process generation per
//! document, against `cargo-progenitor` 0.15.1 for WAHA, and for synthetic
//! documents of growing size; compile time of the generated crate against
//! progenitor's; and the runtime: a request through the generated client
//! against hand-written reqwest, and SSE parsing (`tests/examples/runtime_bench.rs`).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// How many repetitions each measurement takes.
struct Effort {
    warm_runs: usize,
    process_runs: usize,
}

pub fn run(quick: bool, only: Option<&str>) -> Result<(), String> {
    let only = match only {
        None => None,
        Some(group @ ("large-crate" | "runtime-crate" | "expansion")) => Some(group),
        Some(other) => {
            return Err(format!(
                "--only {other}: the groups are: large-crate, runtime-crate, expansion"
            ));
        }
    };
    let effort = if quick {
        Effort {
            warm_runs: 50,
            process_runs: 5,
        }
    } else {
        Effort {
            warm_runs: 500,
            process_runs: 20,
        }
    };
    let root = crate::repo::root();
    // Measurements run the release build of this very tool.
    let status = Command::new(env!("CARGO"))
        .args(["build", "--release", "--quiet", "-p", "xtask"])
        .current_dir(&root)
        .status()
        .map_err(|e| format!("cargo build: {e}"))?;
    if !status.success() {
        return Err("building the release xtask failed".into());
    }
    let xtask = root.join("target/release/xtask");
    if only == Some("expansion") {
        // Needs neither node nor the shared documents.
        let table = String::from(
            "| measurement | this project | alternative | ratio |\n|---|---|---|---|\n",
        ) + &expansion_rows(&xtask, effort.process_runs.min(5))?;
        println!("{table}");
        println!(
            "medians of {} process runs; {} cores",
            effort.process_runs.min(5),
            cores()
        );
        return Ok(());
    }
    let node_dir = root.join("tests/node");
    if !node_dir
        .join("node_modules/@devlikeapro/n8n-openapi-node")
        .exists()
    {
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&node_dir)
            .status()
            .map_err(|e| format!("npm ci: {e}"))?;
        if !status.success() {
            return Err("npm ci in tests/node failed".into());
        }
    }
    let shared = root.join("../shared/specs");
    let waha = shared.join("waha-2024.9.2.json");
    if !waha.exists() {
        return Err(format!(
            "the benchmark needs {} (the shared fixtures)",
            waha.display()
        ));
    }

    let mut table =
        String::from("| measurement | this project | alternative | ratio |\n|---|---|---|---|\n");
    if let Some(group) = only {
        match group {
            "large-crate" => table.push_str(&large_crate_row(&root, &xtask)?),
            _ => table.push_str(&runtime_crate_rows(&root, &xtask, &waha)?),
        }
        println!("{table}");
        println!("one build; {} cores; {}", cores(), versions());
        return Ok(());
    }

    // Metadata, warm: in-process medians.
    let ours = worker_median(
        &xtask,
        &["bench-n8n", "--runs", &effort.warm_runs.to_string()],
        &waha,
    )?;
    let theirs = node_warm_median(&node_dir, &waha, effort.warm_runs)?;
    table.push_str(&row(
        "n8n properties of WAHA, warm (`build()`)",
        ours,
        "n8n-openapi-node 0.1.4",
        theirs,
    ));

    // Metadata, whole process.
    let ours = process_median(effort.process_runs, || {
        Command::new(&xtask)
            .args(["n8n", "--spec"])
            .arg(&waha)
            .output()
            .map(|_| ())
    })?;
    let script = node_dir.join("n8n-build.mjs");
    let job = format!("[{{\"path\": {:?}}}]", waha.display().to_string());
    let theirs = process_median(effort.process_runs, || {
        let mut child = Command::new("node")
            .arg(&script)
            .current_dir(&node_dir)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .spawn()?;
        use std::io::Write as _;
        child
            .stdin
            .take()
            .expect("piped")
            .write_all(job.as_bytes())?;
        child.wait().map(|_| ())
    })?;
    table.push_str(&row(
        "`cargo xtask n8n` on WAHA, whole process",
        ours,
        "node + the package",
        theirs,
    ));

    // Generation, whole process, per document.
    for spec in [
        root.join(crate::repo::DEFAULT_SPEC),
        waha.clone(),
        shared.join("petstore.json"),
    ] {
        let out = std::env::temp_dir().join(format!("wa-bench-{}", std::process::id()));
        let ours = process_median(effort.process_runs, || {
            Command::new(&xtask)
                .args(codegen_args(&spec, &out))
                .output()
                .map(|_| ())
        })?;
        let peak = peak_memory(&xtask, &xtask, &codegen_args(&spec, &out))?;
        let _ = std::fs::remove_dir_all(&out);
        let name = spec
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        table.push_str(&format!(
            "| generate a crate for `{name}`, whole process | {}, {} peak | | |\n",
            show(ours),
            megabytes(peak)
        ));
    }

    // Against progenitor: generation and compile time for WAHA.
    match progenitor(&root) {
        Ok(progenitor) => {
            let repaired = repaired_waha(&xtask, &waha)?;
            let (ours_dir, theirs_dir) = pair_dirs();
            let ours = process_median(effort.process_runs, || {
                Command::new(&xtask)
                    .args(codegen_args(&waha, &ours_dir))
                    .output()
                    .map(|_| ())
            })?;
            let theirs = process_median(effort.process_runs, || {
                progenitor_command(&progenitor, &repaired, &theirs_dir)
                    .output()
                    .map(|_| ())
            })?;
            table.push_str(&row(
                "generate a crate for WAHA, whole process (progenitor gets our repaired 3.0.3 document)",
                ours,
                "progenitor 0.15.1",
                theirs,
            ));
            let ours_peak = peak_memory(&xtask, &xtask, &codegen_args(&waha, &ours_dir))?;
            let theirs_peak = peak_memory(
                &xtask,
                &progenitor,
                &[
                    "progenitor".as_ref(),
                    "-n".as_ref(),
                    "waha-progenitor".as_ref(),
                    "-v".as_ref(),
                    "0.1.0".as_ref(),
                    "-i".as_ref(),
                    repaired.as_os_str(),
                    "-o".as_ref(),
                    theirs_dir.as_os_str(),
                ],
            )?;
            table.push_str(&format!(
                "| peak memory generating WAHA | {} | progenitor 0.15.1: {} | {:.1}× less |\n",
                megabytes(ours_peak),
                megabytes(theirs_peak),
                theirs_peak as f64 / ours_peak as f64
            ));
            let target = root.join("target/bench-compile");
            let ours_build = compile_time(&ours_dir, &target)?;
            let theirs_build = compile_time(&theirs_dir, &target)?;
            table.push_str(&row(
                &format!(
                    "`cargo build` of the generated WAHA crate alone ({} lines)",
                    lines(&ours_dir)
                ),
                ours_build,
                &format!("progenitor's crate ({} lines)", lines(&theirs_dir)),
                theirs_build,
            ));
            let _ = std::fs::remove_file(&repaired);
        }
        Err(reason) => table.push_str(&format!("| progenitor rows | skipped: {reason} | | |\n")),
    }

    // Growth: synthetic documents of 250 to 2,000 operations and schemas,
    // and one of 13,000 (10.7 MB).
    let mut growth = Vec::new();
    for size in [250usize, 500, 1000, 2000, 13_000] {
        let spec = std::env::temp_dir().join(format!(
            "wa-bench-synthetic-{size}-{}.json",
            std::process::id()
        ));
        std::fs::write(&spec, generator::synthetic::document(size).to_string())
            .map_err(|e| e.to_string())?;
        let out =
            std::env::temp_dir().join(format!("wa-bench-synthetic-out-{}", std::process::id()));
        let runs = if size > 2000 {
            3
        } else {
            effort.process_runs.min(5)
        };
        let time = process_median(runs, || {
            Command::new(&xtask)
                .args(codegen_args(&spec, &out))
                .output()
                .map(|_| ())
        })?;
        let peak = peak_memory(&xtask, &xtask, &codegen_args(&spec, &out))?;
        let bytes = std::fs::metadata(&spec).map(|m| m.len()).unwrap_or(0);
        let _ = std::fs::remove_dir_all(&out);
        let _ = std::fs::remove_file(&spec);
        growth.push((size, bytes, time, peak));
    }
    for (size, bytes, time, peak) in &growth {
        let per_op = time.as_secs_f64() * 1e6 / *size as f64;
        table.push_str(&format!(
            "| generate a crate for a synthetic document, {size} operations + {size} schemas ({:.1} MB), whole process | {} ({per_op:.0} µs per operation), {} peak | | |\n",
            *bytes as f64 / 1e6,
            show(*time),
            megabytes(*peak)
        ));
    }

    table.push_str(&large_crate_row(&root, &xtask)?);
    table.push_str(&expansion_rows(&xtask, effort.process_runs.min(5))?);

    // Runtime: requests through the generated client against hand-written
    // reqwest, and SSE parsing.
    let rounds = if effort.process_runs < 10 { "5" } else { "15" };
    let output = Command::new(env!("CARGO"))
        .args([
            "run",
            "--release",
            "--quiet",
            "-p",
            "e2e-tests",
            "--example",
            "runtime_bench",
            "--",
            rounds,
        ])
        .current_dir(&root)
        .output()
        .map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&output.stdout);
    let value = |name: &str| -> Option<u64> {
        text.lines()
            .find_map(|line| line.strip_prefix(name)?.trim().parse().ok())
    };
    match (
        value("client_request_ns"),
        value("reqwest_request_ns"),
        value("sse_events_per_second"),
    ) {
        (Some(ours), Some(theirs), Some(events)) => {
            table.push_str(&format!(
                "| one request through the generated client (local server, sequential) | {:.1} µs | hand-written reqwest: {:.1} µs | {:+.1}% overhead |\n",
                ours as f64 / 1e3,
                theirs as f64 / 1e3,
                (ours as f64 / theirs as f64 - 1.0) * 100.0
            ));
            table.push_str(&format!(
                "| SSE events parsed per second | {:.1} million | | |\n",
                events as f64 / 1e6
            ));
        }
        _ => table.push_str(&format!(
            "| runtime rows | failed: {} | | |\n",
            String::from_utf8_lossy(&output.stderr)
                .lines()
                .last()
                .unwrap_or_default()
        )),
    }

    println!("{table}");
    println!(
        "medians of {} warm runs and {} process runs; {} cores; {}",
        effort.warm_runs,
        effort.process_runs,
        cores(),
        versions()
    );
    Ok(())
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(0, |n| n.get())
}

/// Our normalised WAHA document (3.0.3, repaired), which progenitor reads
/// where it refuses the original.
fn repaired_waha(xtask: &Path, waha: &Path) -> Result<PathBuf, String> {
    let repaired = std::env::temp_dir().join(format!(
        "wa-bench-waha-normalised-{}.json",
        std::process::id()
    ));
    let normalised = Command::new(xtask)
        .args(["normalized", "--spec"])
        .arg(waha)
        .output()
        .map_err(|e| e.to_string())?;
    std::fs::write(&repaired, &normalised.stdout).map_err(|e| e.to_string())?;
    Ok(repaired)
}

/// Where our WAHA crate and progenitor's go.
fn pair_dirs() -> (PathBuf, PathBuf) {
    let temp = std::env::temp_dir();
    (
        temp.join(format!("wa-bench-ours-{}", std::process::id())),
        temp.join(format!("wa-bench-progenitor-{}", std::process::id())),
    )
}

/// `cargo progenitor` writing its WAHA crate (`waha-progenitor`) into `out`.
fn progenitor_command(progenitor: &Path, repaired: &Path, out: &Path) -> Command {
    let mut command = Command::new(progenitor);
    command
        .args(["progenitor", "-n", "waha-progenitor", "-v", "0.1.0", "-i"])
        .arg(repaired)
        .arg("-o")
        .arg(out);
    command
}

/// `--only runtime-crate`: the generated WAHA crate against progenitor's
/// now that both depend on a runtime crate (`openapi-wa-runtime`,
/// `progenitor-client`): each crate's compile time with its runtime and
/// other dependencies prebuilt, and the clean build of a small application
/// using it (every dependency compiled, one target directory each).
fn runtime_crate_rows(root: &Path, xtask: &Path, waha: &Path) -> Result<String, String> {
    let progenitor = progenitor(root)?;
    let repaired = repaired_waha(xtask, waha)?;
    let (ours_dir, theirs_dir) = pair_dirs();
    let generated = Command::new(xtask)
        .args(codegen_args(waha, &ours_dir))
        .args(["--name", "waha-client", "--force"])
        .output()
        .map_err(|e| e.to_string())?;
    if !generated.status.success() {
        return Err(String::from_utf8_lossy(&generated.stderr).into_owned());
    }
    let _ = std::fs::remove_dir_all(&theirs_dir);
    progenitor_command(&progenitor, &repaired, &theirs_dir)
        .output()
        .map_err(|e| e.to_string())?;
    let _ = std::fs::remove_file(&repaired);
    let target = root.join("target/bench-compile");
    let mut rows = row(
        &format!(
            "`cargo build` of the generated WAHA crate alone, its runtime crate prebuilt ({} lines)",
            lines(&ours_dir)
        ),
        compile_time(&ours_dir, &target)?,
        &format!(
            "progenitor's, `progenitor-client` prebuilt ({} lines)",
            lines(&theirs_dir)
        ),
        compile_time(&theirs_dir, &target)?,
    );
    // progenitor's crate has no TLS (reqwest without default features): it
    // cannot reach `https://` until its user adds a TLS feature, so it is
    // measured with one, run by run beside ours: reqwest's `rustls` (its
    // default TLS, rustls' default provider `aws-lc-rs`), then the TLS ours
    // uses (`rustls-no-provider` and rustls with `ring`).
    // Interleaved, twice each, the fastest kept: the machine is shared, and
    // a build slowed by another's is slower, never faster.
    let (mut ours, mut theirs_aws, mut theirs_ring) = (Duration::MAX, Duration::MAX, Duration::MAX);
    for _ in 0..2 {
        ours = ours.min(app_clean_build(
            root,
            &ours_dir,
            "waha-client",
            "waha_client",
        )?);
        add_tls(&theirs_dir, ProgenitorTls::ReqwestRustls)?;
        theirs_aws = theirs_aws.min(app_clean_build(
            root,
            &theirs_dir,
            "waha-progenitor",
            "waha_progenitor",
        )?);
        add_tls(&theirs_dir, ProgenitorTls::Ring)?;
        theirs_ring = theirs_ring.min(app_clean_build(
            root,
            &theirs_dir,
            "waha-progenitor",
            "waha_progenitor",
        )?);
    }
    rows.push_str(&row(
        "clean `cargo build` of an application using the WAHA client, every dependency (rustls with `ring`; fastest of 2)",
        ours,
        "the same application on progenitor's crate with reqwest's `rustls` feature (its default TLS: `aws-lc-rs`)",
        theirs_aws,
    ));
    rows.push_str(&row(
        "the same application on the WAHA client (as above)",
        ours,
        "progenitor's crate with the TLS ours uses (reqwest `rustls-no-provider`, rustls `ring`)",
        theirs_ring,
    ));
    Ok(rows)
}

/// The TLS added to progenitor's crate for the clean-build rows.
#[derive(Clone, Copy)]
enum ProgenitorTls {
    /// reqwest's `rustls` feature: rustls with its default provider, `aws-lc-rs`.
    ReqwestRustls,
    /// reqwest's `rustls-no-provider` and rustls with `ring`, as our runtime.
    Ring,
}

/// Rewrites the `reqwest` line of progenitor's Cargo.toml (written by
/// `cargo progenitor` 0.15.1 with `features = ["json", ...]`) to add `tls`.
fn add_tls(crate_dir: &Path, tls: ProgenitorTls) -> Result<(), String> {
    let path = crate_dir.join("Cargo.toml");
    let manifest = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
    let mut lines: Vec<String> = Vec::new();
    let mut found = false;
    for line in manifest.lines() {
        if line.starts_with("reqwest = ") {
            let Some(at) = line.find("features = [") else {
                return Err(format!("progenitor's reqwest line has no features: {line}"));
            };
            let (head, tail) = line.split_at(at + "features = [".len());
            let tail = tail
                .trim_start_matches("\"rustls\", ")
                .trim_start_matches("\"rustls-no-provider\", ");
            let feature = match tls {
                ProgenitorTls::ReqwestRustls => "rustls",
                ProgenitorTls::Ring => "rustls-no-provider",
            };
            lines.push(format!("{head}\"{feature}\", {tail}"));
            found = true;
        } else if !line.starts_with("rustls = ") {
            lines.push(line.to_owned());
        }
    }
    if !found {
        return Err("progenitor's Cargo.toml has no reqwest line".into());
    }
    if let ProgenitorTls::Ring = tls {
        lines.push(
            "rustls = { version = \"0.23\", default-features = false, features = [\"ring\", \"std\", \"tls12\"] }".into(),
        );
    }
    std::fs::write(&path, lines.join("\n") + "\n").map_err(|e| e.to_string())
}

/// One clean build (fresh target directory, no incremental compilation) of
/// an application whose `main` names `Client` of the client crate at
/// `client_dir`.
fn app_clean_build(
    root: &Path,
    client_dir: &Path,
    package: &str,
    lib: &str,
) -> Result<Duration, String> {
    let app = std::env::temp_dir().join(format!("wa-bench-app-{package}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&app);
    std::fs::create_dir_all(app.join("src")).map_err(|e| e.to_string())?;
    let manifest = format!(
        "[package]\nname = \"bench-app\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [workspace]\n\n[dependencies]\n{package} = {{ path = {:?} }}\n",
        client_dir.display().to_string()
    );
    std::fs::write(app.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    std::fs::write(
        app.join("src/main.rs"),
        format!(
            "fn main() {{\n    println!(\"{{}}\", std::any::type_name::<{lib}::Client>());\n}}\n"
        ),
    )
    .map_err(|e| e.to_string())?;
    let target = root.join(format!("target/bench-app-{package}"));
    let _ = std::fs::remove_dir_all(&target);
    // Resolved first, so the timed build compiles and downloads nothing else.
    Command::new(env!("CARGO"))
        .args(["fetch", "--quiet"])
        .current_dir(&app)
        .status()
        .map_err(|e| e.to_string())?;
    let started = Instant::now();
    let status = Command::new(env!("CARGO"))
        .args(["build", "--quiet"])
        .current_dir(&app)
        .env("CARGO_TARGET_DIR", &target)
        .env("CARGO_INCREMENTAL", "0")
        .status()
        .map_err(|e| e.to_string())?;
    let took = started.elapsed();
    let _ = std::fs::remove_dir_all(&app);
    let _ = std::fs::remove_dir_all(&target);
    if status.success() {
        Ok(took)
    } else {
        Err(format!("the application on {package} does not build"))
    }
}

/// The corpus's largest document (GitHub's REST API, 13 MB, from the npm
/// package `@octokit/openapi`): one `cargo build` of its generated crate
/// (`CARGO_INCREMENTAL=0`, as the other compile rows), the crate's own time
/// from cargo's `--timings` data (front end and code generation), and the
/// peak memory of the build (its largest process: the crate's rustc). One
/// build only: it takes minutes and gigabytes.
fn large_crate_row(root: &Path, xtask: &Path) -> Result<String, String> {
    let (package, document) = crate::corpus::LARGE_DOCUMENT;
    let spec = crate::corpus::fetch_document(root, package, document)?;
    let out = root.join("target/bench-large-crate");
    let generated = Command::new(xtask)
        .args(codegen_args(&spec, &out))
        .args(["--name", "github-client"])
        .output()
        .map_err(|e| e.to_string())?;
    let what = format!(
        "`cargo build` of the crate generated for GitHub's `{document}` ({:.1} MB)",
        std::fs::metadata(&spec).map_or(0.0, |m| m.len() as f64 / 1e6)
    );
    if !generated.status.success() {
        return Ok(format!(
            "| {what} | generation failed: {} | | |\n",
            String::from_utf8_lossy(&generated.stderr).trim()
        ));
    }
    let target = root.join("target/bench-compile");
    let started = Instant::now();
    let measured = Command::new(xtask)
        .arg("peak-memory")
        .arg(env!("CARGO"))
        .args(["build", "--quiet", "--timings"])
        .current_dir(&out)
        .env("CARGO_TARGET_DIR", &target)
        .env("CARGO_INCREMENTAL", "0")
        .output()
        .map_err(|e| e.to_string())?;
    let wall = started.elapsed();
    let peak: u64 = String::from_utf8_lossy(&measured.stdout)
        .trim()
        .parse()
        .map_err(|_| {
            format!(
                "peak-memory said: {}",
                String::from_utf8_lossy(&measured.stderr)
            )
        })?;
    // `--timings` writes the report into the target dir it was given.
    let report = std::fs::read_dir(target.join("cargo-timings"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().is_some_and(|n| n != "cargo-timing.html"))
        .max_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok());
    let unit = report
        .and_then(|p| std::fs::read_to_string(p).ok())
        .and_then(|html| unit_timing(&html, "github-client"));
    let time = match unit {
        Some(UnitTiming {
            duration,
            sections: Some((front, codegen)),
            ..
        }) if duration > 0.0 => {
            format!("{duration:.1} s (front end {front:.1} s, code generation {codegen:.1} s)")
        }
        Some(UnitTiming { duration, .. }) if duration > 0.0 => format!("{duration:.1} s"),
        // cargo records no duration for a unit that failed: from its start.
        Some(UnitTiming { start, .. }) => format!("{:.1} s", wall.as_secs_f64() - start),
        None => format!("{:.1} s (whole build)", wall.as_secs_f64()),
    };
    let outcome = if measured.status.success() {
        format!("{time}, {:.2} GB peak", peak as f64 / 1e9)
    } else {
        format!(
            "does not compile ({}); until the error: {time}, {:.2} GB peak",
            first_error(&measured.stderr),
            peak as f64 / 1e9
        )
    };
    Ok(format!(
        "| {what}, {} lines | {outcome} | | |\n",
        lines(&out)
    ))
}

/// One unit of a `cargo build --timings` report, in seconds.
#[derive(Debug, PartialEq)]
struct UnitTiming {
    /// From the start of the build.
    start: f64,
    /// 0 when the unit failed.
    duration: f64,
    /// Front end and code generation, when cargo gives them.
    sections: Option<(f64, f64)>,
}

/// The unit named `name` in a `cargo build --timings` report.
fn unit_timing(html: &str, name: &str) -> Option<UnitTiming> {
    let data = html.split("const UNIT_DATA = ").nth(1)?;
    let data = &data[..data.find(";\n")?];
    let units: serde_json::Value = serde_json::from_str(data).ok()?;
    let unit = units.as_array()?.iter().find(|u| u["name"] == name)?;
    let section = |wanted: &str| {
        unit["sections"].as_array()?.iter().find_map(|s| {
            (s[0] == wanted).then(|| Some(s[1]["end"].as_f64()? - s[1]["start"].as_f64()?))?
        })
    };
    Some(UnitTiming {
        start: unit["start"].as_f64()?,
        duration: unit["duration"].as_f64()?,
        sections: section("frontend").zip(section("codegen")),
    })
}

/// The first compiler error in cargo's output, short.
fn first_error(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let line = text
        .lines()
        .find(|l| l.starts_with("error"))
        .unwrap_or("failed");
    line.chars().take(90).collect()
}

/// The in-process half of the n8n row: prints the median build time in
/// nanoseconds (run by `run` in the release build).
pub fn n8n_worker(spec: &Path, runs: usize) -> Result<(), String> {
    let document = generator::load::load_path(spec).map_err(|e| e.to_string())?;
    let config = generator::n8n::Config::default();
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        let properties =
            generator::n8n::build_properties(&document.raw, &config).map_err(|e| e.to_string())?;
        times.push(started.elapsed());
        drop(std::hint::black_box(properties));
    }
    println!("{}", median(&mut times).as_nanos());
    Ok(())
}

/// The expansion attack (`synthetic::nested_references`): each level refers
/// `fanout` times to a place nested in the next, so copying targets at their
/// references made `fanout ^ depth` copies. Time and peak memory of a whole
/// `codegen` process against the document's size.
fn expansion_rows(xtask: &Path, runs: usize) -> Result<String, String> {
    let mut rows = String::new();
    for (depth, fanout) in [
        (6usize, 10usize),
        (7, 10),
        (20, 10),
        (40, 10),
        (40, 100),
        (100, 100),
    ] {
        let spec = std::env::temp_dir().join(format!(
            "wa-bench-expansion-{depth}-{fanout}-{}.json",
            std::process::id()
        ));
        std::fs::write(
            &spec,
            generator::synthetic::nested_references(depth, fanout).to_string(),
        )
        .map_err(|e| e.to_string())?;
        let out =
            std::env::temp_dir().join(format!("wa-bench-expansion-out-{}", std::process::id()));
        let time = process_median(runs, || {
            Command::new(xtask)
                .args(codegen_args(&spec, &out))
                .output()
                .map(|_| ())
        })?;
        let peak = peak_memory(xtask, xtask, &codegen_args(&spec, &out))?;
        let bytes = std::fs::metadata(&spec).map(|m| m.len()).unwrap_or(0);
        let _ = std::fs::remove_dir_all(&out);
        let _ = std::fs::remove_file(&spec);
        rows.push_str(&format!(
            "| generate a crate for the expansion attack, depth {depth}, {fanout} references per level ({:.1} KB; {fanout}^{} copies when targets were copied), whole process | {}, {} peak ({:.0} bytes per byte) | | |\n",
            bytes as f64 / 1e3,
            depth.min(16),
            show(time),
            megabytes(peak),
            peak as f64 / bytes.max(1) as f64
        ));
    }
    Ok(rows)
}

/// `xtask peak-memory CMD...`: runs the command, then prints the peak
/// resident memory of its process (`getrusage(RUSAGE_CHILDREN)`, exact since
/// this process has no other child; the largest of its descendants, such as
/// cargo's rustc). The command's stderr passes through, for its errors.
pub fn peak_memory_worker(command: &[std::ffi::OsString]) -> Result<(), String> {
    let (program, args) = command.split_first().ok_or("no command given")?;
    let status = Command::new(program)
        .args(args)
        .stdout(std::process::Stdio::null())
        .status()
        .map_err(|e| format!("{}: {e}", program.to_string_lossy()))?;
    // SAFETY: `getrusage` fills the zeroed struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        if libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) != 0 {
            return Err("getrusage failed".into());
        }
        usage
    };
    // Linux reports kibibytes. Printed for a failed command too (how far a
    // failing compile got); the exit status says it failed.
    println!("{}", usage.ru_maxrss as u64 * 1024);
    if !status.success() {
        return Err(format!("{} failed: {status}", program.to_string_lossy()));
    }
    Ok(())
}

/// The peak resident memory of `program args`, in bytes, through
/// `xtask peak-memory`.
fn peak_memory(xtask: &Path, program: &Path, args: &[&std::ffi::OsStr]) -> Result<u64, String> {
    let output = Command::new(xtask)
        .arg("peak-memory")
        .arg(program)
        .args(args)
        .output()
        .map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        return Err(format!(
            "{} failed: {}",
            program.display(),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    text.trim().parse().map_err(|_| {
        format!(
            "peak-memory said: {text}{}",
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

/// `codegen --spec SPEC --out OUT`.
fn codegen_args<'a>(spec: &'a Path, out: &'a Path) -> [&'a std::ffi::OsStr; 5] {
    [
        "codegen".as_ref(),
        "--spec".as_ref(),
        spec.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]
}

/// Bytes as megabytes, for the table.
fn megabytes(bytes: u64) -> String {
    format!("{:.0} MB", bytes as f64 / 1e6)
}

fn worker_median(xtask: &Path, args: &[&str], spec: &Path) -> Result<Duration, String> {
    let output = Command::new(xtask)
        .args(args)
        .arg("--spec")
        .arg(spec)
        .output()
        .map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&output.stdout);
    text.trim()
        .parse::<u64>()
        .map(Duration::from_nanos)
        .map_err(|_| {
            format!(
                "the worker said: {text}{}",
                String::from_utf8_lossy(&output.stderr)
            )
        })
}

fn node_warm_median(node_dir: &Path, spec: &Path, runs: usize) -> Result<Duration, String> {
    let script = r#"
import { N8NPropertiesBuilder } from "@devlikeapro/n8n-openapi-node";
import fs from "fs";
const silent = { info() {}, warn() {}, error() {}, debug() {}, trace() {}, fatal() {}, child() { return silent; } };
const text = fs.readFileSync(process.argv[2], "utf8");
const runs = Number(process.argv[3]);
const times = [];
for (let i = 0; i < runs; i++) {
  const doc = JSON.parse(text);
  const t = process.hrtime.bigint();
  new N8NPropertiesBuilder(doc, { logger: silent }).build();
  times.push(process.hrtime.bigint() - t);
}
times.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
console.log(String(times[Math.floor(times.length / 2)]));
"#;
    let path: PathBuf = node_dir.join(".bench-warm.mjs");
    std::fs::write(&path, script).map_err(|e| e.to_string())?;
    let output = Command::new("node")
        .arg(&path)
        .arg(spec)
        .arg(runs.to_string())
        .current_dir(node_dir)
        .output()
        .map_err(|e| e.to_string());
    let _ = std::fs::remove_file(&path);
    let output = output?;
    let text = String::from_utf8_lossy(&output.stdout);
    text.trim()
        .parse::<u64>()
        .map(Duration::from_nanos)
        .map_err(|_| {
            format!(
                "node said: {text}{}",
                String::from_utf8_lossy(&output.stderr)
            )
        })
}

fn process_median(
    runs: usize,
    mut run: impl FnMut() -> std::io::Result<()>,
) -> Result<Duration, String> {
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        run().map_err(|e| e.to_string())?;
        times.push(started.elapsed());
    }
    Ok(median(&mut times))
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn show(duration: Duration) -> String {
    if duration < Duration::from_millis(2) {
        format!("{:.3} ms", duration.as_secs_f64() * 1e3)
    } else {
        format!("{:.1} ms", duration.as_secs_f64() * 1e3)
    }
}

fn row(what: &str, ours: Duration, alternative: &str, theirs: Duration) -> String {
    format!(
        "| {what} | {} | {alternative}: {} | {:.1}× faster |\n",
        show(ours),
        show(theirs),
        theirs.as_secs_f64() / ours.as_secs_f64()
    )
}

fn versions() -> String {
    let version = |program: &str, arg: &str| {
        Command::new(program)
            .arg(arg)
            .output()
            .ok()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
            .unwrap_or_default()
    };
    format!(
        "{}, node {}",
        version("rustc", "--version"),
        version("node", "--version")
    )
}

/// `cargo-progenitor` 0.15.1, installed from crates.io into
/// `target/bench-tools` on first use.
fn progenitor(root: &Path) -> Result<PathBuf, String> {
    let tools = root.join("target/bench-tools");
    let binary = tools.join("bin/cargo-progenitor");
    if !binary.exists() {
        eprintln!(
            "installing cargo-progenitor 0.15.1 into {} (once)",
            tools.display()
        );
        let status = Command::new(env!("CARGO"))
            .args([
                "install",
                "cargo-progenitor",
                "--version",
                "0.15.1",
                "--locked",
                "--quiet",
                "--root",
            ])
            .arg(&tools)
            .status()
            .map_err(|e| e.to_string())?;
        if !status.success() {
            return Err("cargo install cargo-progenitor failed".into());
        }
    }
    Ok(binary)
}

/// The median of three rebuilds of a crate whose dependencies are built,
/// without incremental compilation.
fn compile_time(crate_dir: &Path, target: &Path) -> Result<Duration, String> {
    let build = || {
        Command::new(env!("CARGO"))
            .args(["build", "--quiet"])
            .current_dir(crate_dir)
            .env("CARGO_TARGET_DIR", target)
            .env("CARGO_INCREMENTAL", "0")
            .status()
    };
    build().map_err(|e| e.to_string())?;
    let lib = crate_dir.join("src/lib.rs");
    process_median(3, || {
        let text = std::fs::read(&lib)?;
        std::fs::write(&lib, text)?;
        build().map(|_| ())
    })
}

/// Lines of Rust under `src/`.
fn lines(crate_dir: &Path) -> usize {
    fn count(dir: &Path) -> usize {
        std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|entry| {
                let path = entry.path();
                if path.is_dir() {
                    count(&path)
                } else if path.extension().is_some_and(|e| e == "rs") {
                    std::fs::read_to_string(&path).map_or(0, |t| t.lines().count())
                } else {
                    0
                }
            })
            .sum()
    }
    count(&crate_dir.join("src"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_timings_are_read_from_cargos_report() {
        let html = r#"<script>
const UNIT_DATA = [{"i":0,"name":"serde","start":0.1,"duration":2.5,"sections":null},{"i":22,"name":"github-client","start":54.63,"duration":74.42,"sections":[["frontend",{"start":0.0,"end":70.98}],["codegen",{"start":70.98,"end":74.42}]]}];
const CONCURRENCY_DATA = [];
</script>"#;
        let unit = unit_timing(html, "github-client").unwrap();
        assert_eq!((unit.start, unit.duration), (54.63, 74.42));
        let (front, codegen) = unit.sections.unwrap();
        assert!((front - 70.98).abs() < 1e-9 && (codegen - 3.44).abs() < 1e-9);
        assert_eq!(
            unit_timing(html, "serde"),
            Some(UnitTiming {
                start: 0.1,
                duration: 2.5,
                sections: None
            })
        );
        assert_eq!(unit_timing(html, "tokio"), None);
        assert_eq!(unit_timing("<html></html>", "serde"), None);
    }
}
