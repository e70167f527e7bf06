//! Rough timing of the n8n properties build (the benchmark proper is
//! `cargo xtask bench`):
//! `cargo run --release -p openapi-wa-generator --example n8n_timing -- SPEC`.

use std::time::{Duration, Instant};

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let path = std::env::args().nth(1).expect("usage: n8n_timing SPEC");
    let document = generator::load::load_path(std::path::Path::new(&path)).expect("loads");
    let config = generator::n8n::Config::default();
    let (mut build, mut write) = (Vec::new(), Vec::new());
    for _ in 0..300 {
        let start = Instant::now();
        let properties = generator::n8n::build_properties(&document.raw, &config).expect("builds");
        build.push(start.elapsed());
        let start = Instant::now();
        std::hint::black_box(properties.to_js_json());
        write.push(start.elapsed());
    }
    println!(
        "build median {:?}, JSON text median {:?} (300 runs)",
        median(build),
        median(write)
    );
}
