//! Percent-encoding of path segments and query strings.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Everything but RFC 3986 unreserved characters is encoded in a path
/// segment, so a value can never add a segment (`/`) or start a query (`?`,
/// `#`). Values that are exactly `.` or `..` are refused before encoding
/// (see [`path_segment_problem`]): URL parsers treat them, encoded or not, as
/// dot-segments and would climb the path.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'~')
    .remove(b'.');

/// Query keys and values: the same set, so `&`, `=`, `+` and spaces arrive
/// as the caller wrote them.
const QUERY: &AsciiSet = SEGMENT;

/// One path segment, percent-encoded.
pub fn path_segment(value: &str) -> String {
    utf8_percent_encode(value, SEGMENT).to_string()
}

/// Why a value cannot be a path segment, if it cannot.
pub fn path_segment_problem(value: &str) -> Option<&'static str> {
    match value {
        "" => Some("must not be empty"),
        "." | ".." => Some("must not be `.` or `..`, which would change the path"),
        _ => None,
    }
}

/// Fills a path template's `{name}` placeholders with encoded values.
/// Placeholders without a value are left as they are (the builder refuses to
/// send such a request).
/// A path parameter's value: plain text, encoded as one segment when the
/// path is filled, or text already encoded (`label`/`matrix` styles, whose
/// `.`, `;` and `=` must stay as written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathValue {
    Plain(String),
    Encoded(String),
}

/// One item of a `label` or `matrix` path value, encoded as a segment's text.
pub fn path_item(item: &str) -> String {
    utf8_percent_encode(item, SEGMENT).to_string()
}

pub fn fill_template(
    template: &str,
    values: &[(&'static str, PathValue)],
) -> (String, Vec<String>) {
    let mut out = String::with_capacity(template.len() + 16);
    let mut missing = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let Some(end) = rest[start..].find('}') else {
            break;
        };
        out.push_str(&rest[..start]);
        let name = &rest[start + 1..start + end];
        match values.iter().find(|(n, _)| *n == name) {
            Some((_, PathValue::Plain(value))) => out.push_str(&path_segment(value)),
            Some((_, PathValue::Encoded(value))) => out.push_str(value),
            None => {
                missing.push(name.to_owned());
                out.push_str(&rest[start..=start + end]);
            }
        }
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    (out, missing)
}

/// `k=v&k2=v2`, encoded.
pub fn query_string(pairs: &[(String, String)]) -> String {
    let mut out = String::new();
    for (key, value) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        out.extend(utf8_percent_encode(key, QUERY));
        out.push('=');
        out.extend(utf8_percent_encode(value, QUERY));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_values_stay_one_segment() {
        assert_eq!(path_segment("628123"), "628123");
        assert_eq!(path_segment("../admin"), "..%2Fadmin");
        assert_eq!(path_segment("a/b"), "a%2Fb");
        assert_eq!(path_segment("a b?c#d%"), "a%20b%3Fc%23d%25");
        assert_eq!(path_segment("12@g.us"), "12%40g.us");
        assert_eq!(
            path_segment_problem(".."),
            Some("must not be `.` or `..`, which would change the path")
        );
        assert_eq!(path_segment_problem(""), Some("must not be empty"));
        assert_eq!(path_segment_problem("..."), None);
        assert_eq!(path_segment("é"), "%C3%A9");
    }

    #[test]
    fn templates_are_filled_in_order() {
        let (path, missing) = fill_template(
            "/{owner}/pets/{id}",
            &[
                ("id", PathValue::Plain("1@s".into())),
                ("owner", PathValue::Plain("62".into())),
            ],
        );
        assert_eq!(path, "/62/pets/1%40s");
        assert!(missing.is_empty());
        let (_, missing) = fill_template("/{owner}/x", &[]);
        assert_eq!(missing, ["owner"]);
        // Text already encoded (the `label` and `matrix` styles) is kept.
        let (path, _) = fill_template(
            "/items/{ids}",
            &[("ids", PathValue::Encoded(";ids=1,2".into()))],
        );
        assert_eq!(path, "/items/;ids=1,2");
    }

    #[test]
    fn query_strings_are_encoded() {
        let pairs = [
            ("search".to_owned(), "a&b=c d".to_owned()),
            ("limit".to_owned(), "25".to_owned()),
        ];
        assert_eq!(query_string(&pairs), "search=a%26b%3Dc%20d&limit=25");
    }
}
