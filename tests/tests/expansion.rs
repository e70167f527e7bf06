//! The expansion attack at depth 7: each level refers ten times to a place
//! nested in the next (`generator::synthetic::nested_references(7, 10)`,
//! about 9 KB), in component schemas and in response schemas alike. Copying
//! each target in place of its reference made `10 ^ 7` copies: depth 6 took
//! 3.3 GB and 40 s, depth 7 went past 12.9 GB. Each nested place is now named
//! once, so the whole crate generates (and passes `fuzz::check_crate`) within
//! the memory budget of any document: at most 100 bytes per byte of document
//! plus 64 MB for the process itself. `cargo xtask bench` measures the time
//! and peak memory for growing depths.
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
fn nested_references_at_depth_seven_generate_within_the_memory_budget() {
    let document = generator::synthetic::nested_references(7, 10);
    let bytes = document.to_string().len() as u64;
    let outcome = generator::fuzz::run_pipeline(&document);
    assert!(
        matches!(outcome, generator::fuzz::Outcome::Generated),
        "{outcome:?}"
    );
    let peak = peak_memory();
    let bound = 100 * bytes + (64 << 20);
    println!("{bytes} bytes: peak {} KB", peak >> 10);
    assert!(
        peak <= bound,
        "generating a {bytes}-byte document peaked at {} MB (bound {} MB)",
        peak >> 20,
        bound >> 20
    );
}
