//! Errors and warnings, each naming where in the document it arose.

use std::fmt;
use std::path::PathBuf;

/// A problem the loader repaired: the document is usable, but a human should
/// fix it at the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// JSON pointer of the repaired value.
    pub pointer: String,
    /// What was wrong and what the loader did about it.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}: {}", self.pointer, self.message)
    }
}

/// Where an error sits in the source text or in the parsed document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// Nowhere in particular (the whole file).
    File,
    /// A line and column, 1-based, of the source text.
    Line { line: usize, column: usize },
    /// A JSON pointer into the parsed document.
    Pointer(String),
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File => Ok(()),
            Location::Line { line, column } => write!(f, ":{line}:{column}"),
            Location::Pointer(pointer) => write!(f, "#{pointer}"),
        }
    }
}

/// Why a document could not be turned into a model.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be read.
    #[error("{}: cannot read the file: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The document is malformed, unsupported or inconsistent at a known place.
    #[error("{origin}{location}: {message}")]
    Document {
        /// The file (or other origin) the document came from.
        origin: String,
        location: Location,
        message: String,
    },
}

impl Error {
    pub(crate) fn at(origin: &str, location: Location, message: impl Into<String>) -> Self {
        Error::Document {
            origin: origin.to_owned(),
            location,
            message: message.into(),
        }
    }

    pub(crate) fn at_pointer(origin: &str, pointer: &str, message: impl Into<String>) -> Self {
        Self::at(origin, Location::Pointer(pointer.to_owned()), message)
    }

    /// The location the error names, if it names one.
    pub fn location(&self) -> Option<&Location> {
        match self {
            Error::Read { .. } => None,
            Error::Document { location, .. } => Some(location),
        }
    }
}
