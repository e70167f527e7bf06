//! What changes for the people who hold something built from a document
//! when the document changes: `cargo xtask diff OLD NEW`.
//!
//! Three audiences, each told in the names it holds:
//! - **Rust callers** of the generated crate: the crate is generated for
//!   both documents and its public API read back ([`surface`]); operations
//!   are matched by `operationId`, else by method and path, through
//!   [`emit::plan`](crate::emit::plan), so a renamed operation or a method
//!   that moved to another module is one change, not a removal and an
//!   addition. Breaking means a program that compiled against the old crate
//!   may not compile (or, for credentials, not authenticate) against the new.
//! - **n8n workflows**: the node properties both documents give
//!   ([`n8n`](crate::n8n)): resource and operation option values, field
//!   names and option values a saved workflow stores. Breaking means a saved
//!   workflow loses a value or no longer validates.
//! - **the wire** ([`wire`]): requests and responses as the documents
//!   describe them. Breaking means a client built from the old document,
//!   talking to a server that follows the new one, sends what the server no
//!   longer accepts or cannot read what it answers.
//!
//! Every change carries its JSON pointer in each document where it has one,
//! and the report ends in a semver verdict for the generated crate.

mod n8n_changes;
pub mod probe;
mod rust;
pub(crate) mod surface;
mod wire;

use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

use crate::codegen::JobError;
use crate::emit::layout::Files;
use crate::load::Document;
use crate::model::Model;

/// Who a change is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    /// Programs using the generated Rust crate.
    Rust,
    /// Saved n8n workflows using the node properties.
    N8n,
    /// Requests and responses on the wire.
    Wire,
}

impl Audience {
    fn title(self) -> &'static str {
        match self {
            Audience::Rust => "Rust callers",
            Audience::N8n => "n8n workflows",
            Audience::Wire => "the wire (a client of the old document, a server of the new)",
        }
    }
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Whom the change concerns.
    pub audience: Audience,
    /// A stable name for the kind of change (`operation-removed`,
    /// `field-added`, ...), for tools.
    pub kind: &'static str,
    /// Whether it breaks what that audience holds.
    pub breaking: bool,
    /// What the audience holds: a Rust path (`chats::Chats::list`), an n8n
    /// `resource / operation / field`, or `METHOD path`.
    pub item: String,
    /// The change in words.
    pub message: String,
    /// JSON pointer in the old document (`#/paths/...`), when it has one.
    pub old: Option<String>,
    /// JSON pointer in the new document.
    pub new: Option<String>,
}

/// How the generated crate's version should move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bump {
    /// The generated crate is the same.
    None,
    /// Only documentation or data changed.
    Patch,
    /// Additions only.
    Minor,
    /// Something a caller holds breaks.
    Major,
}

impl Bump {
    /// The version after `current` (`x.y.z`) moves by this bump, as Cargo
    /// reads versions: below 1.0 the minor number is the breaking one.
    pub fn next_version(self, current: &str) -> Option<String> {
        let core = current.split(['-', '+']).next()?;
        let mut parts = core.split('.').map(|p| p.parse::<u64>().ok());
        let (major, minor, patch) = (parts.next()??, parts.next()??, parts.next()??);
        Some(match self {
            Bump::None => current.to_owned(),
            Bump::Major if major == 0 => format!("0.{}.0", minor + 1),
            Bump::Major => format!("{}.0.0", major + 1),
            Bump::Minor if major == 0 => format!("0.{minor}.{}", patch + 1),
            Bump::Minor => format!("{major}.{}.0", minor + 1),
            Bump::Patch => format!("{major}.{minor}.{}", patch + 1),
        })
    }

    fn word(self) -> &'static str {
        match self {
            Bump::None => "no change",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

/// The changes between two documents.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// What the old and new documents are called (their paths as given).
    pub old: String,
    /// The new document's.
    pub new: String,
    /// Rust changes first, then n8n, then the wire; each in document order.
    pub changes: Vec<Change>,
    /// The generated crate's semver bump.
    pub verdict: Bump,
}

impl Report {
    /// Whether any change breaks something for `audience` (any audience
    /// when `None`).
    pub fn breaks(&self, audience: Option<Audience>) -> bool {
        self.changes
            .iter()
            .any(|c| c.breaking && audience.is_none_or(|a| c.audience == a))
    }

    /// The changes for one audience.
    pub fn of(&self, audience: Audience) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(move |c| c.audience == audience)
    }

    /// The report as text for people: a section per audience, breaking
    /// changes first, each with its pointers, then the verdict.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "changes from {} to {}", self.old, self.new);
        for audience in [Audience::Rust, Audience::N8n, Audience::Wire] {
            let changes: Vec<&Change> = self.of(audience).collect();
            let breaking = changes.iter().filter(|c| c.breaking).count();
            let _ = writeln!(
                out,
                "\n{} ({} breaking, {} other):",
                audience.title(),
                breaking,
                changes.len() - breaking
            );
            if changes.is_empty() {
                let _ = writeln!(out, "  nothing");
            }
            for change in changes
                .iter()
                .filter(|c| c.breaking)
                .chain(changes.iter().filter(|c| !c.breaking))
            {
                let mark = if change.breaking {
                    "BREAKING"
                } else {
                    "        "
                };
                let _ = writeln!(out, "  {mark} {}: {}", change.item, change.message);
                let places: Vec<String> = [("old", &change.old), ("new", &change.new)]
                    .into_iter()
                    .filter_map(|(side, p)| p.as_ref().map(|p| format!("{side} {p}")))
                    .collect();
                if !places.is_empty() {
                    let _ = writeln!(out, "           {}", places.join(", "));
                }
            }
        }
        let _ = writeln!(
            out,
            "\nsemver verdict for the generated crate: {}",
            self.verdict.word()
        );
        out
    }

    /// A short form for a regeneration: per audience the counts and the
    /// first breaking changes, then the verdict.
    pub fn summary(&self) -> String {
        const SHOWN: usize = 8;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "what changes for callers, from {} to {}:",
            self.old, self.new
        );
        for audience in [Audience::Rust, Audience::N8n, Audience::Wire] {
            let changes: Vec<&Change> = self.of(audience).collect();
            let breaking: Vec<&&Change> = changes.iter().filter(|c| c.breaking).collect();
            let _ = writeln!(
                out,
                "  {}: {} breaking, {} other",
                audience.title(),
                breaking.len(),
                changes.len() - breaking.len()
            );
            for change in breaking.iter().take(SHOWN) {
                let _ = writeln!(out, "    BREAKING {}: {}", change.item, change.message);
            }
            if breaking.len() > SHOWN {
                let _ = writeln!(out, "    ... and {} more", breaking.len() - SHOWN);
            }
        }
        let _ = writeln!(
            out,
            "  semver verdict for the generated crate: {} (`cargo xtask diff OLD NEW` lists every change)",
            self.verdict.word()
        );
        out
    }

    /// The report as JSON for tools.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// One side of a diff: a document, its model and what the generator makes
/// of it.
pub struct Side {
    pub(crate) model: Model,
    pub(crate) files: Files,
    pub(crate) api: surface::Api,
    pub(crate) plan: crate::emit::plan::CratePlan,
    /// The n8n node properties (`[]` when the package refuses the document).
    pub(crate) n8n: serde_json::Value,
}

impl Side {
    /// Generates the crate for `document` (as `codegen` does) and reads its
    /// API back.
    pub fn of(document: &Document) -> Result<Side, JobError> {
        let mut model = crate::build(document)?;
        let options = crate::codegen::crate_options(document, &mut model, "document")?;
        let files =
            crate::emit::layout::render_crate(&model, &options, &crate::n8n_naming::DefaultNaming)?;
        Ok(Side::from_files(model, files, &options.n8n_properties_json))
    }

    pub(crate) fn from_files(model: Model, files: Files, n8n_json: &str) -> Side {
        let api = surface::Api::of(&files);
        let plan = crate::emit::plan::plan(&model);
        let n8n = serde_json::from_str(n8n_json).unwrap_or(serde_json::Value::Array(Vec::new()));
        Side {
            model,
            files,
            api,
            plan,
            n8n,
        }
    }
}

/// Loads two documents and compares them.
pub fn diff_files(old: &Path, new: &Path) -> Result<Report, JobError> {
    let old_document = crate::load::load_path(old)?;
    let new_document = crate::load::load_path(new)?;
    let mut report = diff(&Side::of(&old_document)?, &Side::of(&new_document)?);
    report.old = old.display().to_string();
    report.new = new.display().to_string();
    Ok(report)
}

/// Compares two sides.
pub fn diff(old: &Side, new: &Side) -> Report {
    let pairs = match_operations(&old.model, &new.model);
    let mut changes = Vec::new();
    rust::changes(old, new, &pairs, &mut changes);
    n8n_changes::changes(old, new, &mut changes);
    wire::changes(&old.model, &new.model, &pairs, &mut changes);
    let rust: Vec<&Change> = changes
        .iter()
        .filter(|c| c.audience == Audience::Rust)
        .collect();
    let verdict = if rust.iter().any(|c| c.breaking) {
        Bump::Major
    } else if !rust.is_empty() {
        Bump::Minor
    } else if old.files != new.files {
        Bump::Patch
    } else {
        Bump::None
    };
    Report {
        old: old.model.title.clone(),
        new: new.model.title.clone(),
        changes,
        verdict,
    }
}

/// Old and new operations that are the same operation: the same
/// `operationId`, else the same method and path. Indexes into
/// [`Model::operations`].
pub(crate) fn match_operations(old: &Model, new: &Model) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    let mut taken = vec![false; new.operations.len()];
    let mut done = vec![false; old.operations.len()];
    for (i, op) in old.operations.iter().enumerate() {
        let Some(id) = &op.operation_id else { continue };
        if let Some(j) = new
            .operations
            .iter()
            .enumerate()
            .position(|(j, n)| !taken[j] && n.operation_id.as_ref() == Some(id))
        {
            taken[j] = true;
            done[i] = true;
            pairs.push((i, j));
        }
    }
    for (i, op) in old.operations.iter().enumerate() {
        if done[i] {
            continue;
        }
        if let Some(j) = new
            .operations
            .iter()
            .enumerate()
            .position(|(j, n)| !taken[j] && n.method == op.method && n.path == op.path)
        {
            taken[j] = true;
            pairs.push((i, j));
        }
    }
    pairs.sort_unstable();
    pairs
}

/// `#/...` for a model pointer.
pub(crate) fn shown(pointer: &str) -> String {
    format!("#{pointer}")
}
