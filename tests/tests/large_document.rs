//! A large document generates in memory that grows with its size, not
//! beyond: a 3,000-operation synthetic document (2.7 MB) must generate a
//! whole crate with a peak of at most 100 bytes of memory per byte of
//! document, plus 64 MB for the process itself. (Before models were printed
//! one definition at a time and `metadata.rs` was written as text, peaks
//! were about 170 bytes per byte.) The benchmark measures the 10.7 MB,
//! 12,000-operation document in release (`cargo xtask bench`).
//!
//! This file holds one test, so its process's peak is this generation's.

/// The process's peak resident memory so far, in bytes (`VmHWM`).
fn peak_memory() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status")
        .expect("this test reads /proc/self/status (Linux)");
    let line = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .expect("VmHWM in /proc/self/status");
    let kib: u64 = line
        .split_whitespace()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .expect("VmHWM in kB");
    kib * 1024
}

#[test]
fn a_large_document_generates_in_memory_proportional_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("synthetic.json");
    let text = generator::synthetic::document(3000).to_string();
    std::fs::write(&spec, &text).unwrap();
    let bytes = text.len() as u64;
    drop(text);
    let out = dir.path().join("crate");
    e2e_tests::standalone(&spec, &out, None).unwrap();
    let models = std::fs::read_to_string(out.join("src/models.rs")).unwrap();
    assert!(
        models.contains("pub struct Item2999 {"),
        "every schema is generated"
    );
    let peak = peak_memory();
    let bound = 100 * bytes + (64 << 20);
    assert!(
        peak <= bound,
        "generating a {bytes}-byte document peaked at {} MB (bound {} MB)",
        peak >> 20,
        bound >> 20
    );
}
