//! Errors and warnings, each naming where in the document it arose.

use std::borrow::Cow;
use std::fmt;
use std::path::PathBuf;

/// Longest piece of document text an error quotes ([`excerpt`]).
pub const MAX_EXCERPT: usize = 80;

/// Longest message, pointer or origin an error prints: the backstop for text
/// that reached a message without [`excerpt`] (a parser's own message).
const MAX_PART: usize = 600;

/// Document text quoted in a message: control characters (terminal escape
/// sequences, line breaks, bidi controls) written as `\u{…}`, and cut to
/// [`MAX_EXCERPT`] characters with `…`.
pub fn excerpt(text: &str) -> String {
    cut(&escape_controls(text), MAX_EXCERPT).into_owned()
}

/// `text` with every control character (and bidi or other invisible format
/// character) escaped, so a message cannot drive the terminal it is printed
/// on or hide what it says.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_hidden(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Whether `c` would not show as itself where text is printed or
/// generated: control characters (line breaks included), bidi controls,
/// line and paragraph separators and other invisible format characters.
pub(crate) fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{061c}' | '\u{180e}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{206f}' | '\u{feff}' | '\u{fff9}'..='\u{fffb}')
}

fn cut(text: &str, max: usize) -> Cow<'_, str> {
    match text.char_indices().nth(max) {
        Some((end, _)) => Cow::Owned(format!("{}…", &text[..end])),
        None => Cow::Borrowed(text),
    }
}

/// What an error prints of a part: controls escaped, length capped.
fn shown(text: &str) -> String {
    cut(&escape_controls(text), MAX_PART).into_owned()
}

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
        write!(f, "#{}: {}", shown(&self.pointer), shown(&self.message))
    }
}

/// Where an error sits in the source text or in the parsed document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// Nowhere in particular (the whole file).
    File,
    /// A line and column, 1-based, of the source text.
    Line {
        /// The line, from 1.
        line: usize,
        /// The column, from 1.
        column: usize,
    },
    /// A JSON pointer into the parsed document.
    Pointer(String),
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File => Ok(()),
            Location::Line { line, column } => write!(f, ":{line}:{column}"),
            Location::Pointer(pointer) => write!(f, "#{}", shown(pointer)),
        }
    }
}

/// Why a document could not be turned into a model.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be read.
    #[error("{}: cannot read the file: {source}", shown(&path.display().to_string()))]
    Read {
        /// The file.
        path: PathBuf,
        #[source]
        /// What the system said.
        source: std::io::Error,
    },
    /// The document is malformed, unsupported or inconsistent at a known place.
    #[error("{}{location}: {}", shown(origin), shown(message))]
    Document {
        /// The file (or other origin) the document came from.
        origin: String,
        /// Where in the document.
        location: Location,
        /// What is wrong, and what to do.
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
