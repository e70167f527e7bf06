//! Reads an OpenAPI document and turns it into a typed Rust client and
//! n8n-style operation metadata.
//!
//! The flow is `load` (bytes to JSON value) → `normalize` (OpenAPI 3.1 and
//! common authoring errors to the 3.0 shape `openapiv3` reads) → `model`
//! (one typed intermediate representation) → the emitters (`n8n`, `emit`).
//! See ARCHITECTURE.md at the repository root.
#![forbid(unsafe_code)]

pub mod diagnostics;
pub mod load;
pub mod model;
pub mod normalize;
pub mod pointer;
