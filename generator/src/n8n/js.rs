//! The slice of JavaScript value semantics the n8n package relies on:
//! `undefined` beside JSON values, truthiness, `in`, property access on
//! arrays and strings, `Object.assign`, and `JSON.stringify` of values
//! holding `undefined`.
//!
//! Values of the document are borrowed ([`Js::Doc`]) rather than converted:
//! the package mostly passes pieces of the document around, and copying the
//! document would cost more than the whole build.

use std::borrow::Cow;

use serde_json::Value;

use super::stringify::{array_index, js_double};

/// A JavaScript value as the package's objects hold them.
#[derive(Debug, Clone)]
pub enum Js<'a> {
    /// A value of the document, as `JSON.parse` made it.
    Doc(&'a Value),
    /// `undefined`: a key that is absent.
    Undefined,
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number (JavaScript numbers are all `f64`).
    Number(f64),
    /// A string, borrowed from the document when it can be.
    String(Cow<'a, str>),
    /// An array.
    Array(Vec<Js<'a>>),
    /// Keys in insertion order (JavaScript's enumeration order is applied
    /// when iterating and writing).
    Object(ObjMap<'a>),
    /// One value referenced from many places (the same `displayOptions`
    /// object on every field of an operation), never mutated.
    Shared(std::rc::Rc<Js<'a>>),
}

/// A JavaScript object's own properties in insertion order. The package's
/// objects have a handful of keys, so a vector beats hashing.
#[derive(Debug, Clone, Default)]
pub struct ObjMap<'a>(Vec<(Cow<'a, str>, Js<'a>)>);

impl<'a> ObjMap<'a> {
    /// An empty object.
    pub fn new() -> Self {
        ObjMap(Vec::new())
    }

    /// Room for `capacity` properties (fields have about eight).
    pub fn with_capacity(capacity: usize) -> Self {
        ObjMap(Vec::with_capacity(capacity))
    }

    /// Sets a property: in place when it exists (as JavaScript keeps its
    /// position), appended otherwise.
    pub fn insert(&mut self, key: impl Into<Cow<'a, str>>, value: Js<'a>) {
        let key = key.into();
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => self.0.push((key, value)),
        }
    }

    /// Appends a property the caller knows is absent.
    pub fn push_new(&mut self, key: Cow<'a, str>, value: Js<'a>) {
        debug_assert!(!self.contains_key(&key));
        self.0.push((key, value));
    }

    /// The value under `key`.
    pub fn get(&self, key: &str) -> Option<&Js<'a>> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The value under `key`, to change.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Js<'a>> {
        self.0.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Whether `key` is present.
    pub fn contains_key(&self, key: &str) -> bool {
        self.0.iter().any(|(k, _)| k == key)
    }

    /// `delete object[key]`.
    pub fn shift_remove(&mut self, key: &str) {
        self.0.retain(|(k, _)| k != key);
    }

    /// The entries in JavaScript's key order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Js<'a>)> {
        self.0.iter().map(|(k, v)| (k.as_ref(), v))
    }

    /// Entries with their keys as stored (cheap to clone).
    pub fn pairs(&self) -> impl Iterator<Item = (&Cow<'a, str>, &Js<'a>)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    /// The keys in JavaScript's key order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_ref())
    }

    /// How many keys.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there is no key.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'a> std::ops::Index<&str> for ObjMap<'a> {
    type Output = Js<'a>;

    fn index(&self, key: &str) -> &Js<'a> {
        self.get(key).unwrap_or(UNDEFINED)
    }
}

impl<'a, K: Into<Cow<'a, str>>> FromIterator<(K, Js<'a>)> for ObjMap<'a> {
    fn from_iter<I: IntoIterator<Item = (K, Js<'a>)>>(iter: I) -> Self {
        let iter = iter.into_iter();
        let mut map = ObjMap::with_capacity(iter.size_hint().0);
        for (k, v) in iter {
            map.insert(k, v);
        }
        map
    }
}

/// What the package throws; the message is logged, never output.
#[derive(Debug, Clone, PartialEq)]
pub struct Thrown(pub String);

/// Shorthand for the package's `TypeError`s.
pub fn type_error(what: impl Into<String>) -> Thrown {
    Thrown(format!("TypeError: {}", what.into()))
}

const UNDEFINED: &Js<'static> = &Js::Undefined;

impl<'a> Js<'a> {
    /// A JSON value, owned (for values that do not come from the document).
    pub fn from_json(value: &Value) -> Js<'static> {
        match value {
            Value::Null => Js::Null,
            Value::Bool(b) => Js::Bool(*b),
            Value::Number(n) => Js::Number(n.as_f64().unwrap_or(f64::NAN)),
            Value::String(s) => Js::String(Cow::Owned(s.clone())),
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
            Js::Shared(inner) => inner.truthy(),
            Js::Doc(value) => match value {
                Value::Null => false,
                Value::Bool(b) => *b,
                Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0 && !f.is_nan()),
                Value::String(s) => !s.is_empty(),
                Value::Array(_) | Value::Object(_) => true,
            },
            Js::Undefined | Js::Null => false,
            Js::Bool(b) => *b,
            Js::Number(n) => *n != 0.0 && !n.is_nan(),
            Js::String(s) => !s.is_empty(),
            Js::Array(_) | Js::Object(_) => true,
        }
    }

    /// Whether the value is `undefined`.
    pub fn is_undefined(&self) -> bool {
        matches!(self, Js::Undefined)
    }

    /// The string, for string values.
    pub fn as_str(&self) -> Option<&str> {
        if let Js::Shared(inner) = self {
            return inner.as_str();
        }
        match self {
            Js::Doc(Value::String(s)) => Some(s),
            Js::String(s) => Some(s.as_ref()),
            _ => None,
        }
    }

    /// Whether this is an object (not an array).
    pub fn is_object(&self) -> bool {
        if let Js::Shared(inner) = self {
            return inner.is_object();
        }
        matches!(self, Js::Object(_) | Js::Doc(Value::Object(_)))
    }

    /// Array items, for arrays.
    pub fn items(&self) -> Option<Vec<Js<'a>>> {
        if let Js::Shared(inner) = self {
            return inner.items();
        }
        match self {
            Js::Doc(Value::Array(items)) => Some(items.iter().map(Js::Doc).collect()),
            Js::Array(items) => Some(items.clone()),
            _ => None,
        }
    }

    /// `key in value`; primitives throw as in JavaScript.
    pub fn has(&self, key: &str) -> Result<bool, Thrown> {
        if let Js::Shared(inner) = self {
            return inner.has(key);
        }
        match self {
            Js::Object(map) => Ok(map.contains_key(key)),
            Js::Doc(Value::Object(map)) => Ok(doc_field(map, key).is_some()),
            Js::Array(items) => {
                Ok(key == "length" || array_index(key).is_some_and(|i| (i as usize) < items.len()))
            }
            Js::Doc(Value::Array(items)) => {
                Ok(key == "length" || array_index(key).is_some_and(|i| (i as usize) < items.len()))
            }
            other => Err(type_error(format!(
                "Cannot use 'in' operator to search for '{key}' in {}",
                other.describe()
            ))),
        }
    }

    /// `value[key]` (undefined where JavaScript gives undefined); reading a
    /// property of `undefined` or `null` throws. Borrowed where it can be.
    pub fn prop(&self, key: &str) -> Result<Cow<'_, Js<'a>>, Thrown> {
        Ok(match self {
            Js::Shared(inner) => return inner.prop(key),
            Js::Doc(value) => Cow::Owned(doc_prop(value, key)?),
            Js::Object(map) => Cow::Borrowed(map.get(key).unwrap_or(UNDEFINED)),
            Js::Array(items) => match key {
                "length" => Cow::Owned(Js::Number(items.len() as f64)),
                _ => Cow::Borrowed(
                    array_index(key)
                        .and_then(|i| items.get(i as usize))
                        .unwrap_or(UNDEFINED),
                ),
            },
            Js::String(s) => Cow::Owned(string_prop(s, key)),
            Js::Undefined | Js::Null => {
                return Err(type_error(format!(
                    "Cannot read properties of {} (reading '{key}')",
                    self.describe()
                )));
            }
            Js::Bool(_) | Js::Number(_) => Cow::Borrowed(UNDEFINED),
        })
    }

    /// [`prop`](Self::prop), owned (cheap for document values).
    pub fn get(&self, key: &str) -> Result<Js<'a>, Thrown> {
        // The common case (a document object's key) without the Cow.
        if let Js::Doc(Value::Object(map)) = self {
            return Ok(doc_field(map, key).map_or(Js::Undefined, Js::Doc));
        }
        self.prop(key).map(Cow::into_owned)
    }

    /// [`get`](Self::get) of several keys, in one scan of a small document
    /// object (key by key otherwise).
    pub fn get_many<const N: usize>(&self, keys: [&str; N]) -> Result<[Js<'a>; N], Thrown> {
        let mut values = std::array::from_fn(|_| Js::Undefined);
        match self {
            Js::Doc(Value::Object(map)) if map.len() <= 12 => {
                for (key, value) in map {
                    let wanted = |k: &&str| k.len() == key.len() && *k == key;
                    if let Some(at) = keys.iter().position(wanted) {
                        values[at] = Js::Doc(value);
                    }
                }
            }
            _ => {
                for (slot, key) in values.iter_mut().zip(keys) {
                    *slot = self.get(key)?;
                }
            }
        }
        Ok(values)
    }

    /// An object's property, or `None` (no throwing, for internal lookups).
    pub fn field(&self, key: &str) -> Option<Js<'a>> {
        if let Js::Shared(inner) = self {
            return inner.field(key);
        }
        match self {
            Js::Object(map) => map.get(key).cloned(),
            Js::Doc(Value::Object(map)) => doc_field(map, key).map(Js::Doc),
            _ => None,
        }
    }

    /// `for (const key in value)`: integer-like keys first, ascending.
    /// Keys of the document are borrowed.
    pub fn keys_in(&self) -> Vec<Cow<'a, str>> {
        match self {
            Js::Shared(inner) => inner.keys_in(),
            Js::Object(map) => js_order_keys(map.pairs().map(|(k, _)| k.clone()).collect()),
            Js::Doc(Value::Object(map)) => {
                js_order_keys(map.keys().map(|k| Cow::Borrowed(k.as_str())).collect())
            }
            Js::Array(items) => (0..items.len())
                .map(|i| Cow::Owned(i.to_string()))
                .collect(),
            Js::Doc(Value::Array(items)) => (0..items.len())
                .map(|i| Cow::Owned(i.to_string()))
                .collect(),
            Js::String(_) | Js::Doc(Value::String(_)) => {
                let units = self.as_str().map_or(0, |s| s.encode_utf16().count());
                (0..units).map(|i| Cow::Owned(i.to_string())).collect()
            }
            _ => Vec::new(),
        }
    }

    /// JavaScript `String(value)` (lodash `toString` for arrays).
    pub fn to_js_string(&self) -> String {
        match self {
            Js::Shared(inner) => inner.to_js_string(),
            Js::Doc(value) => value_to_js_string(value),
            Js::Undefined | Js::Null => String::new(),
            Js::Bool(b) => b.to_string(),
            Js::Number(n) => js_double(*n),
            Js::String(s) => s.to_string(),
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
            Js::Shared(inner) => inner.describe(),
            Js::Undefined => "undefined".into(),
            Js::Null | Js::Doc(Value::Null) => "null".into(),
            other => other.to_js_string(),
        }
    }

    /// `Object.assign(target, source)`: own enumerable properties in
    /// enumeration order; arrays and strings contribute their indexes.
    pub fn assign_into(target: &mut ObjMap<'a>, source: &Js<'a>) {
        if !matches!(
            source,
            Js::Object(_)
                | Js::Array(_)
                | Js::String(_)
                | Js::Doc(Value::Object(_) | Value::Array(_) | Value::String(_))
        ) {
            return;
        }
        for key in source.keys_in() {
            let value = source.get(&key).unwrap_or(Js::Undefined);
            target.insert(key, value);
        }
    }

    /// `JSON.stringify(value, null, 2)`; `None` for `undefined`.
    pub fn stringify(&self) -> Option<String> {
        match self {
            Js::Shared(inner) => return inner.stringify(),
            Js::Undefined => return None,
            _ => {}
        }
        // Written straight from the value: no intermediate JSON copy.
        let mut text = String::with_capacity(128);
        super::stringify::write_js(&mut text, self, 0);
        Some(text)
    }

    /// The JSON value `JSON.stringify` would write: `undefined` properties
    /// dropped, `undefined` array items as `null`, non-finite numbers as
    /// `null`.
    pub fn to_json(&self) -> Option<Value> {
        Some(match self {
            Js::Shared(inner) => return inner.to_json(),
            Js::Doc(value) => (*value).clone(),
            Js::Undefined => return None,
            Js::Null => Value::Null,
            Js::Bool(b) => Value::Bool(*b),
            Js::Number(n) => serde_json::Number::from_f64(*n).map_or(Value::Null, Value::Number),
            Js::String(s) => Value::String(s.to_string()),
            Js::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|i| i.to_json().unwrap_or(Value::Null))
                    .collect(),
            ),
            Js::Object(map) => {
                let mut out = serde_json::Map::with_capacity(map.len());
                for (key, value) in map.iter() {
                    if let Some(value) = value.to_json() {
                        out.insert(key.to_owned(), value);
                    }
                }
                Value::Object(out)
            }
        })
    }

    /// Strict equality for primitives, structural for the rest (as the
    /// package's comparisons of tag names, option values and override
    /// patterns need).
    pub fn same(&self, other: &Js<'_>) -> bool {
        // Tag names: strings of the document, compared directly.
        if let (Js::Doc(Value::String(a)), Js::Doc(Value::String(b))) = (self, other) {
            return a == b;
        }
        if let (Some(a), Some(b)) = (self.as_str(), other.as_str()) {
            return a == b;
        }
        match (self.number(), other.number()) {
            (Some(a), Some(b)) => return a == b || (a.is_nan() && b.is_nan()),
            (Some(_), None) | (None, Some(_)) => return false,
            (None, None) => {}
        }
        if self.is_undefined() || other.is_undefined() {
            return self.is_undefined() && other.is_undefined();
        }
        self.to_json() == other.to_json()
    }

    fn number(&self) -> Option<f64> {
        match self {
            Js::Number(n) => Some(*n),
            Js::Doc(Value::Number(n)) => n.as_f64(),
            _ => None,
        }
    }
}

/// A document object's property. Schemas have a handful of keys, where a
/// scan is cheaper than hashing the key.
fn doc_field<'a>(map: &'a serde_json::Map<String, Value>, key: &str) -> Option<&'a Value> {
    if map.len() <= 12 {
        // Comparing lengths and first bytes inline spares most calls to memcmp.
        let (len, first) = (key.len(), key.as_bytes().first());
        map.iter()
            .find(|(k, _)| k.len() == len && k.as_bytes().first() == first && *k == key)
            .map(|(_, v)| v)
    } else {
        map.get(key)
    }
}

fn doc_prop<'a>(value: &'a Value, key: &str) -> Result<Js<'a>, Thrown> {
    Ok(match value {
        Value::Object(map) => doc_field(map, key).map_or(Js::Undefined, Js::Doc),
        Value::Array(items) => match key {
            "length" => Js::Number(items.len() as f64),
            _ => array_index(key)
                .and_then(|i| items.get(i as usize))
                .map_or(Js::Undefined, Js::Doc),
        },
        Value::String(s) => string_prop(s, key),
        Value::Null => {
            return Err(type_error(format!(
                "Cannot read properties of null (reading '{key}')"
            )));
        }
        Value::Bool(_) | Value::Number(_) => Js::Undefined,
    })
}

fn string_prop(text: &str, key: &str) -> Js<'static> {
    match key {
        "length" => Js::Number(text.encode_utf16().count() as f64),
        _ => array_index(key)
            .and_then(|i| text.encode_utf16().nth(i as usize))
            .map_or(Js::Undefined, |u| {
                Js::String(Cow::Owned(String::from_utf16_lossy(&[u])))
            }),
    }
}

fn value_to_js_string(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => super::stringify::js_number(n),
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .map(value_to_js_string)
            .collect::<Vec<_>>()
            .join(","),
        Value::Object(_) => "[object Object]".to_owned(),
    }
}

/// Keys in JavaScript enumeration order, without copying them.
fn js_order_keys(mut keys: Vec<Cow<'_, str>>) -> Vec<Cow<'_, str>> {
    if keys.iter().any(|k| array_index(k).is_some()) {
        // A stable sort: integer-like keys first by value, the rest keep their order.
        keys.sort_by_key(|k| array_index(k).map_or(u64::MAX, u64::from));
    }
    keys
}

/// Keys in JavaScript enumeration order.
pub fn js_order<'k>(keys: impl Iterator<Item = &'k str>) -> Vec<&'k str> {
    let mut indexed: Vec<(u32, &str)> = Vec::new();
    let mut named: Vec<&str> = Vec::new();
    for key in keys {
        match array_index(key) {
            Some(i) => indexed.push((i, key)),
            None => named.push(key),
        }
    }
    if indexed.is_empty() {
        return named;
    }
    indexed.sort_by_key(|(i, _)| *i);
    indexed.into_iter().map(|(_, k)| k).chain(named).collect()
}

/// An object literal from key/value pairs, in order.
/// The keys are distinct literals, borrowed rather than copied, and
/// appended without looking for an earlier one.
pub fn object<'a, const N: usize>(entries: [(&'static str, Js<'a>); N]) -> Js<'a> {
    let mut map = ObjMap::with_capacity(N);
    for (key, value) in entries {
        map.push_new(Cow::Borrowed(key), value);
    }
    Js::Object(map)
}

/// A string value.
pub fn string(text: impl Into<Cow<'static, str>>) -> Js<'static> {
    Js::String(text.into())
}
