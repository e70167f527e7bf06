//! Mutation testing of the whole pipeline: real documents, randomly damaged
//! (keys dropped, values swapped for other types, nulls inserted, random
//! strings), must either fail with an error or generate code that parses.
//! Never a panic. Used by the test suite (a bounded run) and by
//! `cargo xtask fuzz --cases N` (a long one).
//!
//! The generator is a seeded xorshift, so every case is reproducible from
//! its seed; no property-testing crate is needed for mutating JSON values.

use std::panic::{AssertUnwindSafe, catch_unwind};

use serde_json::{Value, json};

/// A small deterministic random source.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }
}

/// Applies `count` random mutations to `document`.
pub fn mutate(document: &mut Value, rng: &mut Rng, count: usize) {
    for _ in 0..count {
        let mut paths = Vec::new();
        collect_paths(document, &mut Vec::new(), &mut paths, 0);
        if paths.is_empty() {
            return;
        }
        let path = paths.swap_remove(rng.below(paths.len()));
        let Some(target) = value_at(document, &path) else {
            continue;
        };
        match rng.below(6) {
            0 => drop_a_key(target, rng),
            1 => *target = other_type(target, rng),
            2 => *target = Value::Null,
            3 => *target = Value::String(random_string(rng)),
            4 => rename_a_key(target, rng),
            _ => insert_a_key(target, rng),
        }
    }
}

fn collect_paths(value: &Value, at: &mut Vec<String>, out: &mut Vec<Vec<String>>, depth: usize) {
    out.push(at.clone());
    if depth > 24 {
        return;
    }
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                at.push(key.clone());
                collect_paths(child, at, out, depth + 1);
                at.pop();
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                at.push(i.to_string());
                collect_paths(child, at, out, depth + 1);
                at.pop();
            }
        }
        _ => {}
    }
}

fn value_at<'a>(value: &'a mut Value, path: &[String]) -> Option<&'a mut Value> {
    let mut current = value;
    for token in path {
        current = match current {
            Value::Object(map) => map.get_mut(token)?,
            Value::Array(items) => items.get_mut(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(current)
}

fn drop_a_key(target: &mut Value, rng: &mut Rng) {
    if let Value::Object(map) = target {
        if !map.is_empty() {
            let key = map
                .keys()
                .nth(rng.below(map.len()))
                .cloned()
                .unwrap_or_default();
            map.shift_remove(&key);
        }
    } else if let Value::Array(items) = target {
        if !items.is_empty() {
            items.remove(rng.below(items.len()));
        }
    }
}

fn rename_a_key(target: &mut Value, rng: &mut Rng) {
    if let Value::Object(map) = target {
        if !map.is_empty() {
            let key = map
                .keys()
                .nth(rng.below(map.len()))
                .cloned()
                .unwrap_or_default();
            if let Some(value) = map.shift_remove(&key) {
                map.insert(random_string(rng), value);
            }
        }
    }
}

fn insert_a_key(target: &mut Value, rng: &mut Rng) {
    const KEYS: &[&str] = &[
        "$ref",
        "type",
        "items",
        "properties",
        "allOf",
        "oneOf",
        "anyOf",
        "enum",
        "required",
        "nullable",
        "additionalProperties",
        "parameters",
        "requestBody",
        "responses",
        "content",
        "schema",
        "in",
        "name",
        "tags",
        "security",
        "default",
        "example",
        "format",
    ];
    if let Value::Object(map) = target {
        let key = KEYS[rng.below(KEYS.len())];
        let value = match rng.below(6) {
            0 => json!("#/components/schemas/Nope"),
            1 => json!(["string", "null"]),
            2 => json!({}),
            3 => json!([]),
            4 => json!(true),
            _ => Value::String(random_string(rng)),
        };
        map.insert(key.to_owned(), value);
    }
}

fn other_type(value: &Value, rng: &mut Rng) -> Value {
    let candidates = [
        json!(0),
        json!(-1.5),
        json!(true),
        json!("x"),
        json!([]),
        json!({}),
        json!([value.clone()]),
        json!({"type": "object"}),
    ];
    candidates[rng.below(candidates.len())].clone()
}

fn random_string(rng: &mut Rng) -> String {
    const PIECES: &[&str] = &[
        "a", "Z", "0", "9", "_", "-", ".", "/", "{", "}", " ", "type", "self", "Self", "crate",
        "2fa", "🔑", "é", "\"", "\\", "#", "%", "\u{0}", "\n", "r#", "::", "<", ">",
    ];
    (0..rng.below(6))
        .map(|_| PIECES[rng.below(PIECES.len())])
        .collect()
}

/// What happened to one mutated document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// It generated a client whose every Rust file parses.
    Generated,
    /// It was refused with an error (the error's text).
    Refused(String),
    /// Something panicked: a bug (the panic message).
    Panicked(String),
}

/// Runs the whole pipeline (load, model, n8n properties, client sources) on
/// a document, catching panics.
pub fn run_pipeline(document: &Value) -> Outcome {
    let text = document.to_string();
    let result = catch_unwind(AssertUnwindSafe(|| -> Result<(), String> {
        let loaded = crate::load::load_str(&text, "mutant.json").map_err(|e| e.to_string())?;
        let model = crate::build(&loaded).map_err(|e| e.to_string())?;
        let json = match crate::n8n::build_properties(&loaded.raw, &crate::n8n::Config::default()) {
            Ok(properties) => properties.to_js_json(),
            Err(_) => "[]\n".to_owned(),
        };
        let options = crate::emit::krate::CrateOptions {
            source: "mutant.json".into(),
            n8n_properties_json: json,
            hand_written: Vec::new(),
        };
        let files =
            crate::emit::krate::client_sources(&model, &options, &crate::n8n_naming::DefaultNaming)
                .map_err(|e| e.to_string())?;
        for (path, contents) in &files {
            if path.extension().is_some_and(|e| e == "rs") {
                syn::parse_file(contents)
                    .map_err(|e| format!("internal: {} does not parse: {e}", path.display()))?;
            }
        }
        Ok(())
    }));
    match result {
        Ok(Ok(())) => Outcome::Generated,
        Ok(Err(message)) if message.starts_with("internal:") => Outcome::Panicked(message),
        Ok(Err(message)) => Outcome::Refused(message),
        Err(panic) => Outcome::Panicked(
            panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_else(|| "panic".into()),
        ),
    }
}

/// Tallies of a fuzzing run.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub cases: usize,
    pub generated: usize,
    pub refused: usize,
    /// `(seed, message)` of each panic, the first few kept.
    pub panics: Vec<(u64, String)>,
    pub panic_count: usize,
}

/// Mutates each seed document `cases` times in all (round robin) and runs
/// the pipeline on every mutant.
pub fn fuzz(seeds: &[Value], cases: usize, first_seed: u64) -> Report {
    let mut report = Report::default();
    for case in 0..cases {
        let seed = first_seed.wrapping_add(case as u64);
        let mut rng = Rng::new(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let mut document = seeds[case % seeds.len()].clone();
        let count = 1 + rng.below(4);
        mutate(&mut document, &mut rng, count);
        report.cases += 1;
        match run_pipeline(&document) {
            Outcome::Generated => report.generated += 1,
            Outcome::Refused(_) => report.refused += 1,
            Outcome::Panicked(message) => {
                report.panic_count += 1;
                if report.panics.len() < 10 {
                    report.panics.push((seed, message));
                }
            }
        }
    }
    report
}
