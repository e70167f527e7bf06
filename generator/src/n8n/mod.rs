//! n8n node properties exactly as `@devlikeapro/n8n-openapi-node` 0.1.4
//! builds them (see `../shared/n8n/MAPPING.md` for the algorithm), reading the
//! raw document as the package does, plus a fixed mode without its defects.

mod builder;
pub mod config;
mod fields;
mod fixed;
pub mod js;
mod matches;
pub mod package;
pub mod parsers;
mod schema;
pub mod startcase;
pub mod stringify;
pub mod trigger;

pub use builder::{BuildError, Properties, build_properties};
pub use config::{Config, ConfigError, ConfigFile, Override, Preset};
pub use js::Js;
pub use package::{NodePackage, node_package};
pub use stringify::to_js_json;
pub use trigger::trigger_properties;
