//! `multipart/form-data` bodies (RFC 7578), written out as bytes rather than
//! with reqwest's `multipart` feature: its form is a stream that cannot be
//! cloned, and a request whose body cannot be cloned cannot be retried.

use std::hash::{BuildHasher, Hasher};

use bytes::Bytes;
use serde::Serialize;

/// A file sent as one part of a multipart body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilePart {
    /// The file's contents.
    pub bytes: Bytes,
    /// The file name the server is told (`filename=`); `file` when `None`.
    pub file_name: Option<String>,
    /// The part's `Content-Type`; `application/octet-stream` when `None`.
    pub content_type: Option<String>,
}

impl FilePart {
    /// A file of these bytes, with no name or type of its own.
    pub fn new(bytes: impl Into<Bytes>) -> Self {
        FilePart {
            bytes: bytes.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// Names the file.
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// Gives the file's media type.
    pub fn content_type(mut self, media_type: impl Into<String>) -> Self {
        self.content_type = Some(media_type.into());
        self
    }
}

/// One part: its field name, file name, content type and bytes.
#[derive(Debug, Clone)]
struct Part {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    body: Bytes,
}

/// The parts of a multipart body, in order.
#[derive(Debug, Clone, Default)]
pub struct Multipart {
    parts: Vec<Part>,
    /// The first value that could not be written as JSON; sending refuses
    /// the body then.
    error: Option<String>,
}

impl Multipart {
    /// An empty body.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a file part.
    pub fn file(mut self, name: &str, file: &FilePart) -> Self {
        self.parts.push(Part {
            name: name.to_owned(),
            file_name: Some(file.file_name.clone().unwrap_or_else(|| "file".to_owned())),
            content_type: Some(
                file.content_type
                    .clone()
                    .unwrap_or_else(|| "application/octet-stream".to_owned()),
            ),
            body: file.bytes.clone(),
        });
        self
    }

    /// Adds one file part per file, all with this name.
    pub fn files(self, name: &str, files: &[FilePart]) -> Self {
        files.iter().fold(self, |form, file| form.file(name, file))
    }

    /// Adds a field in OpenAPI's default multipart encoding: text as
    /// `text/plain`, numbers and booleans as their text, objects as
    /// `application/json`, arrays one part per item; `null` (and `None`)
    /// adds nothing.
    pub fn value<T: Serialize + ?Sized>(mut self, name: &str, value: &T) -> Self {
        match serde_json::to_value(value) {
            Ok(value) => self.push_value(name, value),
            Err(e) => {
                if self.error.is_none() {
                    self.error = Some(format!("field `{name}` cannot be written: {e}"));
                }
            }
        }
        self
    }

    fn push_value(&mut self, name: &str, value: serde_json::Value) {
        use serde_json::Value;
        let (content_type, body) = match value {
            Value::Null => return,
            Value::Array(items) => {
                for item in items {
                    self.push_value(name, item);
                }
                return;
            }
            Value::String(text) => (None, text),
            Value::Object(_) => (Some("application/json".to_owned()), value.to_string()),
            scalar => (None, scalar.to_string()),
        };
        self.parts.push(Part {
            name: name.to_owned(),
            file_name: None,
            content_type,
            body: Bytes::from(body),
        });
    }

    /// Why the body cannot be sent, if a value could not be written.
    pub(crate) fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// The body's bytes and its `Content-Type` (with the boundary).
    pub(crate) fn encode(&self) -> (Bytes, String) {
        let boundary = self.boundary();
        let mut out = Vec::new();
        for part in &self.parts {
            out.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            let mut disposition = format!("form-data; name=\"{}\"", quoted(&part.name));
            if let Some(file_name) = &part.file_name {
                disposition.push_str(&format!("; filename=\"{}\"", quoted(file_name)));
            }
            out.extend_from_slice(format!("Content-Disposition: {disposition}\r\n").as_bytes());
            if let Some(content_type) = &part.content_type {
                let content_type = content_type.replace(['\r', '\n'], "");
                out.extend_from_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
            }
            out.extend_from_slice(b"\r\n");
            out.extend_from_slice(&part.body);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        (
            Bytes::from(out),
            format!("multipart/form-data; boundary={boundary}"),
        )
    }

    /// A boundary no part's bytes contain.
    fn boundary(&self) -> String {
        loop {
            let random = std::collections::hash_map::RandomState::new()
                .build_hasher()
                .finish();
            let boundary = format!("----client-boundary-{random:016x}");
            let found = self.parts.iter().any(|part| {
                part.body
                    .windows(boundary.len())
                    .any(|window| window == boundary.as_bytes())
            });
            if !found {
                return boundary;
            }
        }
    }
}

/// A name or file name inside a quoted header parameter, escaped as the
/// HTML standard does for `multipart/form-data`.
fn quoted(text: &str) -> String {
    text.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_framed_by_a_boundary_and_escaped() {
        let form = Multipart::new()
            .file(
                "doc\"1",
                &FilePart::new(&b"%PDF"[..])
                    .file_name("a.pdf")
                    .content_type("application/pdf"),
            )
            .value("tags", &["x", "y"])
            .value("meta", &serde_json::json!({"k": 1}))
            .value("none", &Option::<String>::None);
        assert_eq!(form.error(), None);
        let (body, content_type) = form.encode();
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap();
        let expected = format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"doc%221\"; filename=\"a.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\nx\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\ny\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{{\"k\":1}}\r\n\
             --{b}--\r\n",
            b = boundary
        );
        assert_eq!(std::str::from_utf8(&body).unwrap(), expected);
    }
}
