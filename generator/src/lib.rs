//! Reads an OpenAPI document and turns it into a typed Rust client and
//! n8n-style operation metadata.
//!
//! The flow is `load` (bytes to JSON value) → `normalize` (OpenAPI 3.1 and
//! common authoring errors to the 3.0 shape `openapiv3` reads) → [`build`]
//! (the `model`: one typed intermediate representation) → the emitters
//! (`n8n`; `emit`, which renders files in memory) → `output` (writes them).
//! `codegen` runs the whole flow from a document's path. See
//! ARCHITECTURE.md at the repository root.
//!
//! In a build script, [`Generator`] is the whole API:
//!
//! ```no_run
//! // The body of build.rs's `main`. A failure names the document's file
//! // and the line or JSON pointer at fault.
//! if let Err(error) = generator::Generator::new("openapi.yaml").build_script("api.rs") {
//!     panic!("{error}");
//! }
//! ```
//!
//! ```ignore
//! // src/lib.rs: the file holds no inner attributes and no `crate::` paths,
//! // so it can go into any module.
//! mod api {
//!     include!(concat!(env!("OUT_DIR"), "/api.rs"));
//! }
//! ```
//!
//! Errors are [`codegen::JobError`]: a document's error keeps its file and
//! its line or JSON pointer ([`Error::location`]).
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod api;
mod bundle;
#[cfg(feature = "cli")]
pub mod cli;
pub mod codegen;
pub mod diagnostics;
pub mod diff;
pub mod emit;
pub mod fuzz;
pub mod load;
mod lower;
pub mod model;
pub mod n8n;
pub mod n8n_naming;
mod narrow;
pub mod normalize;
pub mod output;
pub mod pointer;
mod refs;
pub mod summary;
pub mod synthetic;
pub mod tag_order;

pub use api::{Generated, Generator};

/// The crate README's examples, compiled as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeExamples;
pub use diagnostics::{Error, Location, Warning};
pub use load::{Document, SpecVersion};
pub use lower::{DEFAULT_TAG, build};
pub use model::Model;

/// Loads a document from a file and builds its model.
pub fn load_model(path: &std::path::Path) -> Result<(Document, Model), Error> {
    let document = load::load_path(path)?;
    let model = build(&document)?;
    Ok((document, model))
}
