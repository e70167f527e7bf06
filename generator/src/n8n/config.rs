//! What a build is configured with: the parsers, the collector's behaviour,
//! overrides, and the fixed mode; plus the declarative file that selects a
//! preset and lists overrides without writing Rust.
//!
//! ```yaml
//! preset: waha          # default | waha
//! fixed: false          # true: the package's known defects repaired
//! overrides:
//!   - find: {name: session, required: true, type: string}
//!     replace: {default: "={{ $json.session }}"}
//! ```

use serde::Deserialize;
use serde_json::Value;

use super::parsers::{
    DefaultOperationParser, DefaultResourceParser, FieldOrder, OperationParser, ResourceParser,
    SessionFirst, WahaOperationParser, WahaResourceParser,
};

/// One `{find, replace}` override.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Override {
    /// Fields that match this (lodash `_.matches`) ...
    pub find: Value,
    /// ... get these keys (`Object.assign`).
    pub replace: Value,
}

/// The builder's configuration.
pub struct Config {
    /// Names and values of the resources (tags).
    pub resource: Box<dyn ResourceParser>,
    /// Names, values and actions of the operations.
    pub operation: Box<dyn OperationParser>,
    /// `OperationsCollector` (true) or `BaseOperationsCollector` (false).
    pub info_notice: bool,
    /// The collector's field-order hook, if any.
    pub field_order: Option<Box<dyn FieldOrder>>,
    /// Text replacements applied to the built properties, in order.
    pub overrides: Vec<Override>,
    /// Repair the package's known defects (see the module `fixed`).
    pub fixed: bool,
}

impl Default for Config {
    /// The package with `config = {}`.
    fn default() -> Self {
        Config {
            resource: Box::new(DefaultResourceParser),
            operation: Box::new(DefaultOperationParser),
            info_notice: true,
            field_order: None,
            overrides: Vec::new(),
            fixed: false,
        }
    }
}

/// The presets a configuration file can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Preset {
    /// The package's defaults.
    #[default]
    Default,
    /// The WAHA node's parsers and collector (`n8n-nodes-waha`).
    Waha,
}

impl Preset {
    /// Parses a preset name.
    pub fn from_name(name: &str) -> Result<Preset, ConfigError> {
        match name {
            "default" => Ok(Preset::Default),
            "waha" => Ok(Preset::Waha),
            other => Err(ConfigError::UnknownPreset(other.to_owned())),
        }
    }

    /// The configuration this preset stands for.
    pub fn config(self) -> Config {
        match self {
            Preset::Default => Config::default(),
            Preset::Waha => Config {
                resource: Box::new(WahaResourceParser),
                operation: Box::new(WahaOperationParser),
                field_order: Some(Box::new(SessionFirst)),
                ..Config::default()
            },
        }
    }
}

/// Why a preset name or a configuration file is refused.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// No preset has this name.
    #[error("unknown preset `{0}`; known presets: default, waha")]
    UnknownPreset(String),
    /// The file is not a configuration (or overrides list).
    #[error("{origin}: {source}")]
    Parse {
        /// The file, as the caller named it.
        origin: String,
        /// What the YAML reader said.
        #[source]
        source: serde_norway::Error,
    },
}

/// A configuration file (YAML or JSON).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    #[serde(default)]
    /// The parsers to start from.
    pub preset: Preset,
    #[serde(default)]
    /// Repair the package's known defects (`n8n::fixed`).
    pub fixed: bool,
    #[serde(default)]
    /// Text replacements applied to the built properties, in order.
    pub overrides: Vec<Override>,
}

impl ConfigFile {
    /// Reads a configuration or overrides file; a bare list is read as the
    /// overrides alone.
    pub fn parse(text: &str, origin: &str) -> Result<ConfigFile, ConfigError> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Shape {
            List(Vec<Override>),
            File(ConfigFile),
        }
        let shape: Shape = serde_norway::from_str(text).map_err(|source| ConfigError::Parse {
            origin: origin.to_owned(),
            source,
        })?;
        Ok(match shape {
            Shape::List(overrides) => ConfigFile {
                overrides,
                ..ConfigFile::default()
            },
            Shape::File(file) => file,
        })
    }

    /// The builder configuration.
    pub fn config(self) -> Config {
        Config {
            overrides: self.overrides,
            fixed: self.fixed,
            ..self.preset.config()
        }
    }
}
