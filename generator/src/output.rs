//! The output directory's policy: which directories the generator may write
//! (missing, empty, or holding a crate it wrote; any with `force`), how files
//! land (staged, then swapped in by renames, so an error leaves the previous
//! files as they were), which generated files a new document no longer
//! produces, and which files are the crate's own (never overwritten or
//! removed: only files carrying the generated marker are the generator's).

use std::path::{Path, PathBuf};

use crate::emit::layout::{Files, GENERATED_MARKER};
use crate::emit::manifest::MANIFEST_MARKER;

/// Why [`write_crate`] will not write into a directory.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The path exists and is not a directory.
    #[error("{} exists and is not a directory; `--out` takes a directory", .0.display())]
    NotADirectory(PathBuf),
    /// The directory holds files the generator did not write.
    #[error(
        "{} is not empty and was not written by the generator (its Cargo.toml does not start \
         with `{MANIFEST_MARKER}`); choose another directory, or pass --force to replace its \
         Cargo.toml and src/ (other files are kept)",
        .0.display()
    )]
    NotOurs(PathBuf),
    /// Reading or writing failed.
    #[error("writing {}: {source}", path.display())]
    Io {
        /// The directory or file.
        path: PathBuf,
        #[source]
        /// What the system said.
        source: std::io::Error,
    },
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.to_owned(),
        source,
    }
}

/// Whether [`write_crate`] may write into `out_dir`: a missing path, an
/// empty directory, one holding a crate the generator wrote, or any
/// directory when `force` is set. Touches nothing.
pub fn check_output_dir(out_dir: &Path, force: bool) -> Result<(), OutputError> {
    let metadata = match std::fs::metadata(out_dir) {
        Ok(metadata) => metadata,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(io_error(out_dir)(e)),
    };
    if !metadata.is_dir() {
        return Err(OutputError::NotADirectory(out_dir.to_owned()));
    }
    let empty = std::fs::read_dir(out_dir)
        .map_err(io_error(out_dir))?
        .next()
        .is_none();
    let ours = std::fs::read_to_string(out_dir.join("Cargo.toml"))
        .is_ok_and(|text| text.starts_with(MANIFEST_MARKER));
    if empty || ours || force {
        Ok(())
    } else {
        Err(OutputError::NotOurs(out_dir.to_owned()))
    }
}

/// Writes a whole crate into `out_dir` (see [`check_output_dir`] for which
/// directories it accepts). The crate's top-level entries (`Cargo.toml`,
/// `src/`) are staged inside the directory, then swapped in with renames, so
/// an error leaves the previous crate as it was and a reader never sees half
/// of one; everything else in the directory (`target/`, `Cargo.lock`,
/// `.git`, notes) is kept.
pub fn write_crate(out_dir: &Path, files: &Files, force: bool) -> Result<(), OutputError> {
    check_output_dir(out_dir, force)?;
    let created = !out_dir.exists();
    std::fs::create_dir_all(out_dir).map_err(io_error(out_dir))?;
    let result = swap_in(out_dir, files);
    if result.is_err() && created {
        let _ = std::fs::remove_dir_all(out_dir);
    }
    result
}

fn swap_in(out_dir: &Path, files: &Files) -> Result<(), OutputError> {
    let staging = tempfile::Builder::new()
        .prefix(".codegen-new-")
        .tempdir_in(out_dir)
        .map_err(io_error(out_dir))?;
    for (relative, contents) in files {
        let target = staging.path().join(relative);
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir).map_err(io_error(dir))?;
        }
        std::fs::write(&target, contents).map_err(io_error(&target))?;
    }
    let mut entries: Vec<PathBuf> = files
        .keys()
        .filter_map(|path| path.components().next())
        .map(|first| PathBuf::from(first.as_os_str()))
        .collect();
    entries.dedup();
    let old = tempfile::Builder::new()
        .prefix(".codegen-old-")
        .tempdir_in(out_dir)
        .map_err(io_error(out_dir))?;
    // (entry, whether an old one was moved aside), for the roll-back.
    let mut done: Vec<(&Path, bool)> = Vec::new();
    let mut result = Ok(());
    for entry in &entries {
        let target = out_dir.join(entry);
        let existed = target.symlink_metadata().is_ok();
        if existed {
            if let Err(e) = std::fs::rename(&target, old.path().join(entry)) {
                result = Err(io_error(&target)(e));
                break;
            }
        }
        if let Err(e) = std::fs::rename(staging.path().join(entry), &target) {
            if existed {
                let _ = std::fs::rename(old.path().join(entry), &target);
            }
            result = Err(io_error(&target)(e));
            break;
        }
        done.push((entry, existed));
    }
    if result.is_err() {
        for (entry, existed) in done.into_iter().rev() {
            let target = out_dir.join(entry);
            let _ = std::fs::rename(&target, staging.path().join(entry));
            if existed {
                let _ = std::fs::rename(old.path().join(entry), &target);
            }
        }
    }
    // Both temporary directories are removed when dropped.
    result
}

/// Writes `files` under `root`, creating directories. Every file is first
/// written beside its target under a temporary name, then all are renamed
/// into place, so a failure while writing leaves the old files untouched.
pub fn write_files(root: &Path, files: &Files) -> std::io::Result<()> {
    let mut staged = Vec::with_capacity(files.len());
    let result = (|| {
        for (relative, contents) in files {
            let target = root.join(relative);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            let temporary = target.with_extension("rs.tmp-codegen");
            std::fs::write(&temporary, contents)?;
            staged.push((temporary, target));
        }
        Ok(())
    })();
    if let Err(e) = result {
        for (temporary, _) in &staged {
            let _ = std::fs::remove_file(temporary);
        }
        return Err(e);
    }
    for (temporary, target) in staged {
        std::fs::rename(&temporary, &target)?;
    }
    Ok(())
}

/// The crate's own modules beside the generated ones: each `src/<name>.rs`
/// that does not start with the generated marker (and is not `lib.rs` or
/// `catalog.rs`, which `lib.rs` always declares), sorted by name.
/// Regeneration leaves these files alone and `lib.rs` declares them, so
/// hand-written additions to the generated types (convenience constructors,
/// say) live in the committed crate without being overwritten.
pub fn hand_written_modules(root: &Path) -> std::io::Result<Vec<String>> {
    let src = root.join("src");
    let mut modules = Vec::new();
    if !src.is_dir() {
        return Ok(modules);
    }
    for entry in std::fs::read_dir(&src)? {
        let path = entry?.path();
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        let is_rust = path.is_file() && path.extension().is_some_and(|e| e == "rs");
        if !is_rust || matches!(stem, "lib" | "catalog") {
            continue;
        }
        let text = std::fs::read_to_string(&path)?;
        if !text.starts_with(GENERATED_MARKER) {
            modules.push(stem.to_owned());
        }
    }
    modules.sort();
    Ok(modules)
}

/// Files under `root/src` that carry the generated marker but are not in
/// `files`: modules of resources the document no longer has.
pub fn stale_generated_files(root: &Path, files: &Files) -> std::io::Result<Vec<PathBuf>> {
    let mut stale = Vec::new();
    let src = root.join("src");
    if !src.is_dir() {
        return Ok(stale);
    }
    for entry in std::fs::read_dir(&src)? {
        let path = entry?.path();
        let relative = path.strip_prefix(root).unwrap_or(&path).to_owned();
        if path.extension().is_some_and(|e| e == "rs") && !files.contains_key(&relative) {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            if text.starts_with(GENERATED_MARKER) {
                stale.push(relative);
            }
        }
    }
    stale.sort();
    Ok(stale)
}
