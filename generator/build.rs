//! Embeds the hand-written client runtime (`generated-client/src/runtime/`
//! and `catalog.rs`) so the generator can write it into standalone crates:
//! the runtime has one source of truth, the crate applications use.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let src = manifest.join("../generated-client/src");
    let mut files = Vec::new();
    collect(&src.join("runtime"), &src, &mut files);
    files.push(PathBuf::from("catalog.rs"));
    files.sort();
    let mut out = String::from(
        "/// Hand-written runtime files: path under `src/`, contents.\npub const RUNTIME_FILES: &[(&str, &str)] = &[\n",
    );
    for relative in &files {
        let absolute = src.join(relative);
        let _ = writeln!(
            out,
            "    ({:?}, include_str!({:?})),",
            relative.to_string_lossy().replace('\\', "/"),
            absolute.to_string_lossy()
        );
        println!("cargo:rerun-if-changed={}", absolute.display());
    }
    out.push_str("];\n");
    println!("cargo:rerun-if-changed={}", src.join("runtime").display());
    let dest = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("runtime_files.rs");
    std::fs::write(dest, out).unwrap();
}

fn collect(dir: &Path, root: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, root, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path.strip_prefix(root).unwrap().to_owned());
        }
    }
}
