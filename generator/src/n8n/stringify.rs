//! `JSON.stringify(value, null, 2)`, byte for byte: JavaScript's number
//! formatting, its string escaping, and its object key order (integer-like
//! keys first, ascending, then the rest in insertion order).

use serde_json::{Map, Number, Value};

use super::js::Js;

/// `JSON.stringify(value, null, 2)` followed by a newline, as the reference
/// files are written.
pub fn to_js_json(value: &Value) -> String {
    let mut out = String::with_capacity(4096);
    write_value(&mut out, value, 0);
    out.push('\n');
    out
}

fn write_value(out: &mut String, value: &Value, depth: usize) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&js_number(n)),
        Value::String(s) => write_string(out, s),
        Value::Array(items) => {
            if items.is_empty() {
                out.push_str("[]");
                return;
            }
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_value(out, item, depth + 1);
            }
            newline(out, depth);
            out.push(']');
        }
        Value::Object(map) => {
            if map.is_empty() {
                out.push_str("{}");
                return;
            }
            out.push('{');
            for (i, (key, item)) in js_key_order(map).into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_string(out, key);
                out.push_str(": ");
                write_value(out, item, depth + 1);
            }
            newline(out, depth);
            out.push('}');
        }
    }
}

pub(crate) fn newline(out: &mut String, depth: usize) {
    out.push('\n');
    for _ in 0..depth {
        out.push_str("  ");
    }
}

/// Entries in the order a JavaScript object enumerates them.
pub fn js_key_order(map: &Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut indexed: Vec<(u32, (&String, &Value))> = Vec::new();
    let mut named = Vec::with_capacity(map.len());
    for entry in map {
        match array_index(entry.0) {
            Some(index) => indexed.push((index, entry)),
            None => named.push(entry),
        }
    }
    if indexed.is_empty() {
        return named;
    }
    indexed.sort_by_key(|(index, _)| *index);
    indexed
        .into_iter()
        .map(|(_, entry)| entry)
        .chain(named)
        .collect()
}

/// A canonical array index: `0` or digits without a leading zero, below 2³²−1.
pub fn array_index(key: &str) -> Option<u32> {
    if key.is_empty() || key.len() > 10 || !key.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if key.len() > 1 && key.starts_with('0') {
        return None;
    }
    key.parse::<u64>()
        .ok()
        .filter(|&n| n < u64::from(u32::MAX))
        .map(|n| n as u32)
}

pub(crate) fn write_string(out: &mut String, text: &str) {
    out.push('"');
    // Copy runs that need no escaping in one go.
    let mut start = 0;
    for (i, byte) in text.bytes().enumerate() {
        let escape = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            0x08 => "\\b",
            0x0c => "\\f",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&text[start..i]);
        if escape.is_empty() {
            out.push_str(&format!("\\u{byte:04x}"));
        } else {
            out.push_str(escape);
        }
        start = i + 1;
    }
    out.push_str(&text[start..]);
    out.push('"');
}

/// An array of package values, written as `JSON.stringify` does.
pub(crate) fn write_js_items(out: &mut String, items: &[Js<'_>], depth: usize) {
    if items.is_empty() {
        out.push_str("[]");
        return;
    }
    out.push('[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        newline(out, depth + 1);
        write_js(out, item, depth + 1);
    }
    newline(out, depth);
    out.push(']');
}

/// `JSON.stringify` of a package value straight to text (no intermediate
/// JSON value): `undefined` properties skipped, `undefined` items `null`.
pub(crate) fn write_js(out: &mut String, value: &Js<'_>, depth: usize) {
    match value {
        Js::Doc(value) => write_value(out, value, depth),
        Js::Shared(inner) => write_js(out, inner, depth),
        Js::Undefined | Js::Null => out.push_str("null"),
        Js::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Js::Number(n) if n.is_finite() => out.push_str(&js_double(*n)),
        Js::Number(_) => out.push_str("null"),
        Js::String(s) => write_string(out, s),
        Js::Array(items) => write_js_items(out, items, depth),
        Js::Object(map) => {
            let defined = || map.iter().filter(|(_, v)| !v.is_undefined());
            let reordered;
            // Only integer-like keys move; most objects have none.
            let entries: Vec<(&str, &Js<'_>)> = if defined().any(|(k, _)| array_index(k).is_some())
            {
                reordered = super::js::js_order(defined().map(|(k, _)| k));
                reordered.iter().map(|k| (*k, &map[*k])).collect()
            } else {
                defined().collect()
            };
            if entries.is_empty() {
                out.push_str("{}");
                return;
            }
            out.push('{');
            for (i, (key, value)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_string(out, key);
                out.push_str(": ");
                write_js(out, value, depth + 1);
            }
            newline(out, depth);
            out.push('}');
        }
    }
}

/// A number as JavaScript's `Number.prototype.toString` writes it: JSON
/// numbers are doubles there, so large integers lose precision as they do
/// in JavaScript.
pub fn js_number(number: &Number) -> String {
    let value = number.as_f64().unwrap_or(f64::NAN);
    js_double(value)
}

/// `Number.prototype.toString()` of a double (ECMAScript Number::toString).
pub fn js_double(value: f64) -> String {
    if value.is_nan() {
        return "NaN".to_owned();
    }
    if value == 0.0 {
        return "0".to_owned();
    }
    if value.is_infinite() {
        return if value > 0.0 { "Infinity" } else { "-Infinity" }.to_owned();
    }
    let sign = if value < 0.0 { "-" } else { "" };
    // Rust's `{:e}` gives the shortest digits that round-trip, as JavaScript
    // requires; only the layout differs.
    let exp_form = format!("{:e}", value.abs());
    let (mantissa, exponent) = exp_form.split_once('e').unwrap_or((&exp_form, "0"));
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let k = digits.len() as i32;
    let n = exponent + 1;
    let body = if k <= n && n <= 21 {
        format!("{digits}{}", "0".repeat((n - k) as usize))
    } else if 0 < n && n <= 21 {
        format!("{}.{}", &digits[..n as usize], &digits[n as usize..])
    } else if -6 < n && n <= 0 {
        format!("0.{}{digits}", "0".repeat((-n) as usize))
    } else {
        let e = n - 1;
        let sign = if e >= 0 { '+' } else { '-' };
        if k == 1 {
            format!("{digits}e{sign}{}", e.abs())
        } else {
            format!("{}.{}e{sign}{}", &digits[..1], &digits[1..], e.abs())
        }
    };
    format!("{sign}{body}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_are_written_as_javascript_does() {
        for (value, text) in [
            (0.0, "0"),
            (-0.0, "0"),
            (1.0, "1"),
            (38.8937255, "38.8937255"),
            (1e21, "1e+21"),
            (1e20, "100000000000000000000"),
            (1.5e-7, "1.5e-7"),
            (0.000001, "0.000001"),
            (-2.5, "-2.5"),
            (123456789012345680000.0, "123456789012345680000"),
        ] {
            assert_eq!(js_double(value), text, "{value}");
        }
        assert_eq!(
            js_number(&serde_json::Number::from(12345678901234567890u64)),
            "12345678901234567000"
        );
    }

    #[test]
    fn layout_escapes_and_key_order() {
        let value = json!({"b": [1, {}], "10": "x", "2": [], "a\"\u{1}/é": null, "01": true});
        let text = to_js_json(&value);
        assert_eq!(
            text,
            "{\n  \"2\": [],\n  \"10\": \"x\",\n  \"b\": [\n    1,\n    {}\n  ],\n  \"a\\\"\\u0001/é\": null,\n  \"01\": true\n}\n"
        );
    }

    #[test]
    fn array_indexes_are_canonical_and_bounded() {
        assert_eq!(array_index("0"), Some(0));
        assert_eq!(array_index("4294967294"), Some(4_294_967_294));
        assert_eq!(array_index("4294967295"), None);
        assert_eq!(array_index("007"), None);
        assert_eq!(array_index("-1"), None);
    }
}
