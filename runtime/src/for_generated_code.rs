//! Not part of the documented API: the steps generated code takes that a
//! person writes differently (`Option` arguments passed through, the
//! error-event test of a stream). They stay for the generated code that
//! calls them, hidden from the documentation; a person calling the runtime
//! writes `if let Some(..)` around the documented step instead. [`union`]
//! reads the unions of generated models.

use std::fmt::Display;

use serde::Serialize;

use super::error::Error;
use super::multipart::{FilePart, Multipart};
use super::request::RequestBuilder;

// A file beside this one (serde only), so a crate holding just generated
// models can include it on its own.
#[path = "union.rs"]
pub mod union;

/// A [`StreamInfo::with_error_event`](super::StreamInfo::with_error_event)
/// test: the data is JSON that reads as `E`.
pub fn reads_as<E: serde::de::DeserializeOwned>(data: &str) -> bool {
    serde_json::from_str::<E>(data).is_ok()
}

impl RequestBuilder {
    /// Adds a query parameter when there is a value.
    #[doc(hidden)]
    pub fn query_opt<T: Display>(self, name: &str, value: Option<&T>) -> Self {
        match value {
            Some(value) => self.query(name, value),
            None => self,
        }
    }

    /// [`query_array`](RequestBuilder::query_array) when there are values.
    #[doc(hidden)]
    pub fn query_array_opt<T: Display>(self, name: &str, values: Option<&Vec<T>>) -> Self {
        match values {
            Some(values) => self.query_array(name, values),
            None => self,
        }
    }

    /// [`query_list`](RequestBuilder::query_list) when there are values.
    #[doc(hidden)]
    pub fn query_list_opt<T: Display>(
        self,
        name: &str,
        values: Option<&Vec<T>>,
        delimiter: &str,
    ) -> Self {
        match values {
            Some(values) => self.query_list(name, values, delimiter),
            None => self,
        }
    }

    /// [`header_list`](RequestBuilder::header_list) when there are values.
    #[doc(hidden)]
    pub fn header_list_opt<T: Display>(self, name: &str, values: Option<&Vec<T>>) -> Self {
        match values {
            Some(values) => self.header_list(name, values),
            None => self,
        }
    }

    /// Adds a header when there is a value.
    #[doc(hidden)]
    pub fn header_opt<T: Display>(self, name: &str, value: Option<&T>) -> Self {
        match value {
            Some(value) => self.header(name, value),
            None => self,
        }
    }

    /// Sends `body` as JSON when there is one.
    #[doc(hidden)]
    pub fn json_opt<T: Serialize>(self, body: Option<&T>) -> Result<Self, Error> {
        match body {
            Some(body) => self.json(body),
            None => Ok(self),
        }
    }

    /// Applies `set` with the value when there is one (an optional body).
    #[doc(hidden)]
    pub fn optional<T>(
        self,
        value: Option<T>,
        set: impl FnOnce(Self, T) -> Result<Self, Error>,
    ) -> Result<Self, Error> {
        match value {
            Some(value) => set(self, value),
            None => Ok(self),
        }
    }
}

impl Multipart {
    /// Adds a file part when there is a file.
    #[doc(hidden)]
    pub fn file_opt(self, name: &str, file: Option<&FilePart>) -> Self {
        match file {
            Some(file) => self.file(name, file),
            None => self,
        }
    }

    /// [`files`](Multipart::files) when there are files.
    #[doc(hidden)]
    pub fn files_opt(self, name: &str, files: Option<&Vec<FilePart>>) -> Self {
        match files {
            Some(files) => self.files(name, files),
            None => self,
        }
    }
}
