//! `generator::diff` on small document pairs, one per kind of change:
//! `tests/diff/base.json` against `tests/diff/<case>.json`, each a copy of
//! the base with one change. Every case says what it must report for Rust
//! callers, n8n workflows and the wire, breaking or not, and the verdict.

use std::path::{Path, PathBuf};

use generator::diff::{Audience, Bump, Change, Report, diff_files};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff")
}

fn report(case: &str) -> Report {
    diff_files(
        &dir().join("base.json"),
        &dir().join(format!("{case}.json")),
    )
    .unwrap_or_else(|e| panic!("{case}: {e}"))
}

/// The changes of one audience as `(kind, breaking)`, in order.
fn kinds(report: &Report, audience: Audience) -> Vec<(&'static str, bool)> {
    report.of(audience).map(|c| (c.kind, c.breaking)).collect()
}

fn find<'r>(report: &'r Report, audience: Audience, kind: &str) -> &'r Change {
    report
        .of(audience)
        .find(|c| c.kind == kind)
        .unwrap_or_else(|| panic!("no {kind} change for {audience:?} in {:#?}", report.changes))
}

#[test]
fn every_case_file_is_a_valid_document_and_tested() {
    let mut cases: Vec<String> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.strip_suffix(".json").map(str::to_owned))
        .filter(|n| n != "base")
        .collect();
    cases.sort();
    let tested: Vec<&str> = CASES.iter().map(|c| c.0).collect();
    for case in &cases {
        assert!(
            tested.contains(&case.as_str()),
            "{case}.json has no expectation in CASES"
        );
    }
    assert_eq!(cases.len(), CASES.len());
}

type Expect = &'static [(&'static str, bool)];

/// Case, then its Rust, n8n and wire changes, then the verdict.
const CASES: &[(&str, Expect, Expect, Expect, Bump)] = &[
    (
        "operation-added",
        &[("operation-added", false)],
        &[("n8n-operation-added", false)],
        &[("route-added", false)],
        Bump::Minor,
    ),
    (
        "operation-removed",
        &[("operation-removed", true)],
        &[("n8n-operation-removed", true)],
        &[("route-removed", true)],
        Bump::Major,
    ),
    (
        // A second `getChat` in the module: the first is `get` no more
        // (the method naming rules), one breaking rename beside the addition.
        "name-shared",
        &[("operation-added", false), ("operation-renamed", true)],
        &[("n8n-operation-added", false)],
        &[("route-added", false)],
        Bump::Major,
    ),
    (
        "operation-id-renamed",
        &[("operation-renamed", true)],
        &[("n8n-operation-renamed", true)],
        &[],
        Bump::Major,
    ),
    (
        "tag-renamed",
        &[
            ("operation-renamed", true),
            ("operation-renamed", true),
            ("module-removed", true),
            ("module-added", false),
        ],
        &[
            ("n8n-resource-removed", true),
            ("n8n-resource-added", false),
            ("n8n-operation-renamed", true),
            ("n8n-operation-renamed", true),
        ],
        &[],
        Bump::Major,
    ),
    (
        "required-parameter-added",
        &[("required-parameter-added", true)],
        &[("n8n-field-added", true)],
        &[("required-parameter-added", true)],
        Bump::Major,
    ),
    (
        "optional-parameter-added",
        &[("optional-parameter-added", false)],
        &[("n8n-field-added", false)],
        &[("optional-parameter-added", false)],
        Bump::Minor,
    ),
    (
        "first-optional-parameter",
        &[("optional-parameter-added", false)],
        &[("n8n-field-added", false)],
        &[("optional-parameter-added", false)],
        Bump::Minor,
    ),
    (
        "parameter-type-changed",
        &[("parameter-type-changed", true)],
        &[("n8n-field-type-changed", true)],
        &[("value-type-changed", true)],
        Bump::Major,
    ),
    (
        "arguments-reordered",
        &[("arguments-reordered", true)],
        &[],
        &[("route-changed", true)],
        Bump::Major,
    ),
    (
        "response-field-added",
        &[("field-added", false)],
        &[],
        &[("property-added", false)],
        Bump::Minor,
    ),
    (
        "response-required-field-added",
        &[("required-field-added", true)],
        &[],
        &[("property-added", false)],
        Bump::Major,
    ),
    (
        "response-field-removed",
        &[("field-removed", true)],
        &[],
        &[("property-removed", false)],
        Bump::Major,
    ),
    (
        "response-field-now-required",
        &[("field-now-required", true)],
        &[],
        &[("property-now-required", false)],
        Bump::Major,
    ),
    (
        "request-field-now-required",
        &[
            ("field-now-required", true),
            ("required-parameter-added", true),
            ("function-removed", true),
        ],
        &[("n8n-field-now-required", true)],
        &[("property-now-required", true)],
        Bump::Major,
    ),
    (
        "enum-value-added",
        &[("enum-value-added", false), ("enum-value-added", false)],
        &[("n8n-option-added", false)],
        &[("enum-value-added", false), ("enum-value-added", false)],
        Bump::Minor,
    ),
    (
        "enum-value-removed",
        &[("enum-value-removed", true)],
        &[("n8n-option-removed", true)],
        &[("enum-value-removed", true)],
        Bump::Major,
    ),
    (
        "response-type-changed",
        &[("response-type-changed", true)],
        &[],
        &[("property-removed", false), ("property-removed", false)],
        Bump::Major,
    ),
    (
        "auth-moved",
        &[],
        &[],
        &[
            ("auth-placement-changed", true),
            ("auth-placement-changed", true),
            ("auth-placement-changed", true),
            ("auth-placement-changed", true),
        ],
        Bump::Patch,
    ),
    (
        "auth-kind-changed",
        &[
            ("credentials-changed", true),
            ("credentials-changed", true),
            ("credentials-changed", true),
            ("credentials-changed", true),
        ],
        &[],
        &[
            ("auth-placement-changed", true),
            ("auth-placement-changed", true),
            ("auth-placement-changed", true),
            ("auth-placement-changed", true),
        ],
        Bump::Major,
    ),
    ("description-changed", &[], &[], &[], Bump::Patch),
    (
        "n8n-field-removed",
        &[("optional-parameter-removed", true)],
        &[("n8n-field-removed", true)],
        &[("parameter-removed", false)],
        Bump::Major,
    ),
];

#[test]
fn each_kind_of_change_is_classified_for_each_audience() {
    let mut failures = Vec::new();
    for (case, rust, n8n, wire, verdict) in CASES {
        let report = report(case);
        for (audience, expected) in [
            (Audience::Rust, rust),
            (Audience::N8n, n8n),
            (Audience::Wire, wire),
        ] {
            let got = kinds(&report, audience);
            if got != *expected {
                failures.push(format!(
                    "{case} {audience:?}: expected {expected:?}, got {got:?}"
                ));
            }
        }
        if report.verdict != *verdict {
            failures.push(format!(
                "{case}: verdict {:?}, expected {verdict:?}",
                report.verdict
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_same_document_has_no_change() {
    let base = dir().join("base.json");
    let report = diff_files(&base, &base).unwrap();
    assert!(report.changes.is_empty(), "{:#?}", report.changes);
    assert_eq!(report.verdict, Bump::None);
}

#[test]
fn changes_name_what_the_audience_holds_and_where_in_both_documents() {
    let renamed = report("operation-id-renamed");
    let rust = find(&renamed, Audience::Rust, "operation-renamed");
    assert_eq!(rust.item, "messages::Messages::send");
    assert!(
        rust.message
            .contains("`client.messages().send(..)` is now `client.messages().post(..)`"),
        "{}",
        rust.message
    );
    assert_eq!(
        rust.old.as_deref(),
        Some("#/paths/~1{phone}~1messages/post")
    );
    assert_eq!(
        rust.new.as_deref(),
        Some("#/paths/~1{phone}~1messages/post")
    );
    // A method renamed because another came to share its name says so.
    let shared = report("name-shared");
    let rust = find(&shared, Audience::Rust, "operation-renamed");
    assert_eq!(rust.item, "chats::Chats::get");
    assert!(
        rust.message.contains(
            "`client.chats().get(..)` is now `client.chats().get_chat(..)`: another operation \
             of its module came to share its name"
        ),
        "{}",
        rust.message
    );
    // n8n: the option value a saved workflow stores.
    let n8n = find(&renamed, Audience::N8n, "n8n-operation-renamed");
    assert_eq!(n8n.item, "Messages / Send Message");
    assert!(
        n8n.message.contains("\"Messages / Post Message\""),
        "{}",
        n8n.message
    );

    let reordered = report("arguments-reordered");
    let change = find(&reordered, Audience::Rust, "arguments-reordered");
    assert!(
        change.message.contains("(phone, jid) → (jid, phone)"),
        "{}",
        change.message
    );
    assert_eq!(
        change.new.as_deref(),
        Some("#/paths/~1{jid}~1chat-of~1{phone}/get")
    );

    let removed = report("response-field-removed");
    let field = find(&removed, Audience::Rust, "field-removed");
    assert_eq!(field.item, "models::Chat.name");
    assert_eq!(
        field.old.as_deref(),
        Some("#/components/schemas/Chat/properties/name")
    );

    let required = report("request-field-now-required");
    let new = find(&required, Audience::Rust, "required-parameter-added");
    assert_eq!(new.item, "models::SendRequest::new");
    assert!(
        new.message.contains("`text: impl Into<String>`"),
        "{}",
        new.message
    );
    let wire = find(&required, Audience::Wire, "property-now-required");
    assert_eq!(wire.item, "POST /{phone}/messages");
    assert_eq!(
        wire.new.as_deref(),
        Some("#/components/schemas/SendRequest/properties/text")
    );
}

#[test]
fn reports_read_as_text_and_json() {
    let report = report("operation-removed");
    let text = report.to_text();
    assert!(
        text.contains("Rust callers (1 breaking, 0 other):"),
        "{text}"
    );
    assert!(
        text.contains("  BREAKING chats::Chats::get: operation `getChat`"),
        "{text}"
    );
    assert!(
        text.ends_with("semver verdict for the generated crate: major\n"),
        "{text}"
    );
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(json["verdict"], "major");
    assert_eq!(json["changes"][0]["audience"], "rust");
    assert_eq!(json["changes"][0]["kind"], "operation-removed");
    assert_eq!(json["changes"][0]["breaking"], true);
    assert_eq!(
        json["changes"][0]["old"],
        "#/paths/~1{phone}~1chats~1{jid}/get"
    );
    assert!(report.breaks(Some(Audience::N8n)));
    assert!(!self::report("operation-added").breaks(None));
}

#[test]
fn versions_follow_the_verdict_as_cargo_reads_them() {
    assert_eq!(Bump::Major.next_version("0.1.3").as_deref(), Some("0.2.0"));
    assert_eq!(Bump::Minor.next_version("0.1.3").as_deref(), Some("0.1.4"));
    assert_eq!(Bump::Patch.next_version("0.1.3").as_deref(), Some("0.1.4"));
    assert_eq!(Bump::Major.next_version("1.4.2").as_deref(), Some("2.0.0"));
    assert_eq!(Bump::Minor.next_version("1.4.2").as_deref(), Some("1.5.0"));
    assert_eq!(Bump::Patch.next_version("1.4.2").as_deref(), Some("1.4.3"));
    assert_eq!(Bump::None.next_version("1.4.2").as_deref(), Some("1.4.2"));
    assert_eq!(Bump::Major.next_version("one"), None);
}

#[test]
fn a_document_that_does_not_load_is_an_error_naming_it() {
    let missing = dir().join("no-such-document.json");
    let error = diff_files(&dir().join("base.json"), &missing).unwrap_err();
    assert!(
        error.to_string().contains("no-such-document.json"),
        "{error}"
    );
}

#[test]
fn regeneration_tells_what_changed_and_the_version_follows_the_verdict() {
    use generator::codegen::{self, StandaloneOptions};
    let out = tempfile::tempdir().unwrap();
    let crate_dir = out.path().join("small");
    let options = StandaloneOptions {
        bump: true,
        ..StandaloneOptions::default()
    };
    let generate = |case: &str| {
        let mut told = None;
        let written = codegen::standalone_crate_reporting(
            &dir().join(format!("{case}.json")),
            &crate_dir,
            &options,
            |report| told = Some(report.clone()),
        )
        .unwrap();
        // What the callback got is what was returned, and it came first.
        assert_eq!(
            told.as_ref().map(Report::to_text),
            written.report.as_ref().map(Report::to_text)
        );
        written
    };
    // A new crate: nothing to compare, the generator's first version.
    let first = generate("base");
    assert!(first.report.is_none());
    assert_eq!(first.version, "0.1.0");
    assert!(crate_dir.join(codegen::DOCUMENT_FILE).is_file());
    // An operation added: minor, 0.1.0 → 0.1.1.
    let added = generate("operation-added");
    let report = added.report.unwrap();
    assert_eq!(report.verdict, Bump::Minor);
    assert!(
        report
            .summary()
            .contains("Rust callers: 0 breaking, 1 other"),
        "{}",
        report.summary()
    );
    assert_eq!(added.version, "0.1.1");
    // The same document again: no change, the version kept.
    let same = generate("operation-added");
    assert_eq!(same.report.unwrap().verdict, Bump::None);
    assert_eq!(same.version, "0.1.1");
    // An operation removed (against the kept document, which has two more):
    // major, 0.1.1 → 0.2.0, and the summary names the breaking changes.
    let removed = generate("operation-removed");
    let report = removed.report.unwrap();
    assert_eq!(report.verdict, Bump::Major);
    assert!(
        report
            .summary()
            .contains("BREAKING chats::Chats::get: operation `getChat`"),
        "{}",
        report.summary()
    );
    assert_eq!(removed.version, "0.2.0");
    let manifest = std::fs::read_to_string(crate_dir.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("\nversion = \"0.2.0\"\n"), "{manifest}");
    // Without `bump` the version stays where it is.
    let kept = codegen::standalone_crate_reporting(
        &dir().join("base.json"),
        &crate_dir,
        &StandaloneOptions::default(),
        |_| {},
    )
    .unwrap();
    assert_eq!(kept.report.unwrap().verdict, Bump::Minor);
    assert_eq!(kept.version, "0.2.0");
}

/// `.ci/semver-agreement` confirms each breaking Rust change with a probe
/// (generator::diff::probe): every breaking change of the small pairs gets
/// one that uses the old item, and the probes use what the change names,
/// with the old crate's types. (Compiling them against both crates, and
/// cargo-semver-checks, is the script's part.)
#[test]
fn every_breaking_rust_change_of_the_small_pairs_has_a_probe() {
    use generator::diff::probe;
    let base = dir().join("base.json");
    let (_, old_files) = generator::codegen::client_sources(&base, "base.json").unwrap();
    let old_document = generator::load::load_path(&base).unwrap().raw;
    let probes_of = |case: &str| {
        let json: serde_json::Value = serde_json::from_str(&report(case).to_json()).unwrap();
        let new_document = generator::load::load_path(&dir().join(format!("{case}.json")))
            .unwrap()
            .raw;
        probe::probes(
            &json,
            &old_files,
            &old_document,
            &new_document,
            "pair_client",
        )
    };
    let mut failures = Vec::new();
    for (case, ..) in CASES {
        let probes = probes_of(case);
        for p in &probes {
            let probed =
                p.example.is_some() || p.wire_example.is_some() || p.runtime_example.is_some();
            if p.breaking && !probed {
                failures.push(format!(
                    "{case}: {} `{}` has no probe: {}",
                    p.kind, p.item, p.uses
                ));
            }
            if let Some(name) = &p.example {
                assert!(p.source.contains("use pair_client as c;"), "{name}");
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // A method with its old argument types and order, its old result.
    let probes = probes_of("parameter-type-changed");
    let call = probes.iter().find(|p| p.example.is_some()).unwrap();
    assert!(
        call.source.contains("pub async fn probe(receiver: &c::") && call.source.contains(".await"),
        "{}",
        call.source
    );
    // Swapped arguments of one type and other credentials: a wire probe
    // with the old credentials.
    for (case, credentials) in [
        ("arguments-reordered", ".api_key(\"probe-key\")"),
        ("auth-kind-changed", ".api_key(\"probe-key\")"),
    ] {
        let probes = probes_of(case);
        let wire = probes.iter().find(|p| p.wire_example.is_some()).unwrap();
        assert!(
            wire.wire_source.contains(credentials),
            "{case}: {}",
            wire.wire_source
        );
    }
    // A required field added to a type the client reads: a value of the
    // old schema, read as the type.
    let probes = probes_of("response-required-field-added");
    let read = probes.iter().find(|p| p.runtime_example.is_some()).unwrap();
    assert_eq!(read.runtime_type.as_deref(), Some("c::models::Chat"));
    assert_eq!(read.runtime_value, Some(serde_json::json!({"id": "x"})));
}
