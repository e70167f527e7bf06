//! RFC 6901 JSON pointers: building them while walking a document, and
//! following them to the value they name.

use serde_json::Value;

/// Escapes one reference token (`~` → `~0`, `/` → `~1`).
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Unescapes one reference token (`~1` → `/`, `~0` → `~`).
pub fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Appends one token to a pointer.
pub fn join(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + token.len() + 1);
    out.push_str(pointer);
    out.push('/');
    out.push_str(&escape(token));
    out
}

/// Follows a local reference such as `#/components/schemas/Pet` (percent
/// decoding included) and returns the value it names.
pub fn resolve_local<'a>(document: &'a Value, reference: &str) -> Option<&'a Value> {
    document.pointer(&fragment(reference)?)
}

/// The JSON pointer of a local reference (`#/a%7Bb%7D` → `/a{b}`).
pub fn fragment(reference: &str) -> Option<String> {
    Some(percent_decode(reference.strip_prefix('#')?))
}

/// Decodes `%XX` sequences in a URI fragment; invalid sequences stay as they are.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(byte) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn escapes_and_joins_tokens() {
        assert_eq!(join("/paths", "/pets/{id}"), "/paths/~1pets~1{id}");
        assert_eq!(unescape("~1pets~0x"), "/pets~x");
    }

    #[test]
    fn resolves_local_references_with_percent_encoding() {
        let doc = json!({"components": {"schemas": {"A B": {"type": "string"}}}});
        assert_eq!(
            resolve_local(&doc, "#/components/schemas/A%20B"),
            Some(&json!({"type": "string"}))
        );
        assert_eq!(resolve_local(&doc, "#/components/schemas/C"), None);
        assert_eq!(resolve_local(&doc, "other.json#/x"), None);
    }
}
