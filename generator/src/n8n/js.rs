//! The slice of JavaScript value semantics the n8n package relies on:
//! `undefined` beside JSON values, truthiness, `in`, property access on
//! arrays and strings, and `JSON.stringify` of values holding `undefined`.

use indexmap::IndexMap;
use serde_json::Value;

use super::stringify::{array_index, js_double};

/// A JavaScript value as the package's objects hold them.
#[derive(Debug, Clone, PartialEq)]
pub enum Js {
    Undefined,
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Js>),
    /// Keys in insertion order (JavaScript's enumeration order is applied
    /// when iterating and writing).
    Object(IndexMap<String, Js>),
}

/// What the package throws; the message is logged, never output.
#[derive(Debug, Clone, PartialEq)]
pub struct Thrown(pub String);

/// Shorthand for the package's `TypeError`s.
pub fn type_error(what: impl Into<String>) -> Thrown {
    Thrown(format!("TypeError: {}", what.into()))
}

impl Js {
    /// A JSON value as JavaScript sees it after `JSON.parse`.
    pub fn from_json(value: &Value) -> Js {
        match value {
            Value::Null => Js::Null,
            Value::Bool(b) => Js::Bool(*b),
            Value::Number(n) => Js::Number(n.as_f64().unwrap_or(f64::NAN)),
            Value::String(s) => Js::String(s.clone()),
            Value::Array(items) => Js::Array(items.iter().map(Js::from_json).collect()),
            Value::Object(map) => Js::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), Js::from_json(v)))
                    .collect(),
            ),
        }
    }

    /// `!!value`.
    pub fn truthy(&self) -> bool {
        match self {
            Js::Undefined | Js::Null => false,
            Js::Bool(b) => *b,
            Js::Number(n) => *n != 0.0 && !n.is_nan(),
            Js::String(s) => !s.is_empty(),
            Js::Array(_) | Js::Object(_) => true,
        }
    }

    pub fn is_undefined(&self) -> bool {
        matches!(self, Js::Undefined)
    }

    /// `key in value`; primitives throw as in JavaScript.
    pub fn has(&self, key: &str) -> Result<bool, Thrown> {
        match self {
            Js::Object(map) => Ok(map.contains_key(key)),
            Js::Array(items) => {
                Ok(key == "length" || array_index(key).is_some_and(|i| (i as usize) < items.len()))
            }
            other => Err(type_error(format!(
                "Cannot use 'in' operator to search for '{key}' in {}",
                other.describe()
            ))),
        }
    }

    /// `value[key]` (undefined where JavaScript gives undefined); reading a
    /// property of `undefined` or `null` throws.
    pub fn get(&self, key: &str) -> Result<Js, Thrown> {
        Ok(match self {
            Js::Object(map) => map.get(key).cloned().unwrap_or(Js::Undefined),
            Js::Array(items) => match key {
                "length" => Js::Number(items.len() as f64),
                _ => array_index(key)
                    .and_then(|i| items.get(i as usize).cloned())
                    .unwrap_or(Js::Undefined),
            },
            Js::String(s) => {
                let units: Vec<u16> = s.encode_utf16().collect();
                match key {
                    "length" => Js::Number(units.len() as f64),
                    _ => array_index(key)
                        .and_then(|i| units.get(i as usize))
                        .map_or(Js::Undefined, |u| {
                            Js::String(String::from_utf16_lossy(&[*u]))
                        }),
                }
            }
            Js::Undefined | Js::Null => {
                return Err(type_error(format!(
                    "Cannot read properties of {} (reading '{key}')",
                    self.describe()
                )));
            }
            Js::Bool(_) | Js::Number(_) => Js::Undefined,
        })
    }

    /// A borrowed property of an object (no clone), or `None`.
    pub fn field(&self, key: &str) -> Option<&Js> {
        match self {
            Js::Object(map) => map.get(key),
            _ => None,
        }
    }

    /// `for (const key in value)`: integer-like keys first, ascending.
    pub fn keys_in(&self) -> Vec<String> {
        match self {
            Js::Object(map) => js_order(map.keys().map(String::as_str)),
            Js::Array(items) => (0..items.len()).map(|i| i.to_string()).collect(),
            Js::String(s) => (0..s.encode_utf16().count())
                .map(|i| i.to_string())
                .collect(),
            _ => Vec::new(),
        }
    }

    /// JavaScript `String(value)` (lodash `toString` for arrays).
    pub fn to_js_string(&self) -> String {
        match self {
            Js::Undefined | Js::Null => String::new(),
            Js::Bool(b) => b.to_string(),
            Js::Number(n) => js_double(*n),
            Js::String(s) => s.clone(),
            Js::Array(items) => items
                .iter()
                .map(Js::to_js_string)
                .collect::<Vec<_>>()
                .join(","),
            Js::Object(_) => "[object Object]".to_owned(),
        }
    }

    fn describe(&self) -> String {
        match self {
            Js::Undefined => "undefined".into(),
            Js::Null => "null".into(),
            other => other.to_js_string(),
        }
    }

    /// `Object.assign(target, source)`: own enumerable properties in
    /// enumeration order; arrays and strings contribute their indexes.
    pub fn assign_into(target: &mut IndexMap<String, Js>, source: &Js) {
        match source {
            Js::Object(map) => {
                for key in js_order(map.keys().map(String::as_str)) {
                    target.insert(key.clone(), map[&key].clone());
                }
            }
            Js::Array(_) | Js::String(_) => {
                for key in source.keys_in() {
                    let value = source.get(&key).unwrap_or(Js::Undefined);
                    target.insert(key, value);
                }
            }
            _ => {}
        }
    }

    /// `JSON.stringify(value, null, 2)`; `None` for `undefined` (as
    /// JavaScript returns `undefined`).
    pub fn stringify(&self) -> Option<String> {
        self.to_json().map(|v| {
            let mut text = super::stringify::to_js_json(&v);
            text.pop();
            text
        })
    }

    /// The JSON value `JSON.stringify` would write: `undefined` properties
    /// dropped, `undefined` array items as `null`, non-finite numbers as
    /// `null`, keys in JavaScript order.
    pub fn to_json(&self) -> Option<Value> {
        Some(match self {
            Js::Undefined => return None,
            Js::Null => Value::Null,
            Js::Bool(b) => Value::Bool(*b),
            Js::Number(n) => serde_json::Number::from_f64(*n).map_or(Value::Null, Value::Number),
            Js::String(s) => Value::String(s.clone()),
            Js::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|i| i.to_json().unwrap_or(Value::Null))
                    .collect(),
            ),
            Js::Object(map) => {
                let mut out = serde_json::Map::new();
                for key in js_order(map.keys().map(String::as_str)) {
                    if let Some(value) = map[&key].to_json() {
                        out.insert(key, value);
                    }
                }
                Value::Object(out)
            }
        })
    }
}

/// Keys in JavaScript enumeration order.
pub fn js_order<'a>(keys: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut indexed: Vec<(u32, &str)> = Vec::new();
    let mut named: Vec<String> = Vec::new();
    for key in keys {
        match array_index(key) {
            Some(i) => indexed.push((i, key)),
            None => named.push(key.to_owned()),
        }
    }
    if indexed.is_empty() {
        return named;
    }
    indexed.sort_by_key(|(i, _)| *i);
    indexed
        .into_iter()
        .map(|(_, k)| k.to_owned())
        .chain(named)
        .collect()
}

/// An object literal from key/value pairs, in order.
pub fn object<const N: usize>(entries: [(&str, Js); N]) -> Js {
    Js::Object(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
    )
}

/// A string value.
pub fn string(text: impl Into<String>) -> Js {
    Js::String(text.into())
}
