//! Reading a `oneOf`/`anyOf` union: the value is read once into a
//! [`serde_json::Value`] and the variant is chosen by what the value is,
//! not by which variant happens to read first (serde's `untagged`).
//!
//! 1. A discriminator: the tag property's value names the variant; a
//!    value it does not name falls through to the next rule.
//! 2. Otherwise each variant scores the value ([`Kind`]): an object
//!    variant refuses a value that lacks one of its required keys or
//!    carries another value in a property with a single allowed value
//!    ([`Tag`]), and prefers values whose tags, then keys, it knows;
//!    scalars and arrays take values of their JSON type.
//! 3. The variants that do not refuse are tried from the best score to
//!    the worst (declaration order on ties); the first that reads wins.
//!
//! Serde only: a crate holding just the generated models can include this
//! file on its own.

use serde_json::Value;

/// A value a property must have (`const`, or an `enum` of one value).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    /// This string.
    Str(&'static str),
    /// This integer.
    Int(i64),
    /// This boolean.
    Bool(bool),
}

impl Tag {
    fn matches(&self, value: &Value) -> bool {
        match self {
            Tag::Str(tag) => value.as_str() == Some(*tag),
            Tag::Int(tag) => value.as_i64() == Some(*tag),
            Tag::Bool(tag) => value.as_bool() == Some(*tag),
        }
    }
}

/// What a variant accepts. Generated code builds the object kinds with
/// [`Kind::object`] and [`Kind::tagged`], so they can grow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Kind {
    /// An object with these keys.
    #[non_exhaustive]
    Object {
        /// Keys the object must have.
        required: &'static [&'static str],
        /// Every key the variant declares.
        known: &'static [&'static str],
    },
    /// An object with these keys, whose `tags` properties (when present)
    /// hold these values.
    #[non_exhaustive]
    Tagged {
        /// Keys the object must have.
        required: &'static [&'static str],
        /// Every key the variant declares.
        known: &'static [&'static str],
        /// Properties with a single allowed value, and that value.
        tags: &'static [(&'static str, Tag)],
    },
    /// A string, preferably one of these.
    StringEnum(&'static [&'static str]),
    /// An object read as a map.
    Map,
    /// A string.
    String,
    /// An integer.
    Integer,
    /// Any number.
    Number,
    /// A boolean.
    Boolean,
    /// An array.
    Array,
    /// Any value (`null` included), as the last resort.
    Any,
}

impl Kind {
    /// An object with the `required` keys, declaring the `known` ones.
    pub const fn object(required: &'static [&'static str], known: &'static [&'static str]) -> Self {
        Self::Object { required, known }
    }

    /// An object with the `required` keys, declaring the `known` ones,
    /// whose `tags` properties (when present) hold these values.
    pub const fn tagged(
        required: &'static [&'static str],
        known: &'static [&'static str],
        tags: &'static [(&'static str, Tag)],
    ) -> Self {
        Self::Tagged {
            required,
            known,
            tags,
        }
    }
}

/// One variant of a union: built with [`Variant::new`] (and
/// [`Variant::nullable`]), so it can grow.
#[non_exhaustive]
pub struct Variant<T> {
    /// What the variant accepts.
    pub kind: Kind,
    /// Whether it takes `null`.
    pub nullable: bool,
    /// Reads the value as this variant.
    pub read: fn(Value) -> Result<T, serde_json::Error>,
}

impl<T> Variant<T> {
    /// A variant accepting `kind` (not `null`), read by `read`.
    pub const fn new(kind: Kind, read: fn(Value) -> Result<T, serde_json::Error>) -> Self {
        Self {
            kind,
            nullable: false,
            read,
        }
    }

    /// The variant also takes `null`.
    pub const fn nullable(mut self) -> Self {
        self.nullable = true;
        self
    }
}

/// An object's fit: refused without a required key, else better with
/// each tag matched, then each key known, worse with each key unknown.
fn object_score(value: &Value, required: &[&str], known: &[&str], matched: i64) -> Option<i64> {
    let object = value.as_object()?;
    if required.iter().any(|key| !object.contains_key(*key)) {
        return None;
    }
    let present = object
        .keys()
        .filter(|key| known.contains(&key.as_str()))
        .count() as i64;
    let unknown = object.len() as i64 - present;
    Some(1_000_000 * matched + 1_000 * present - unknown)
}

/// How well `value` fits: `None` when it cannot be this variant.
fn score(value: &Value, kind: &Kind, nullable: bool) -> Option<i64> {
    if value.is_null() {
        return (nullable || matches!(kind, Kind::Any)).then_some(1);
    }
    match kind {
        Kind::Object { required, known } => object_score(value, required, known, 0),
        Kind::Tagged {
            required,
            known,
            tags,
        } => {
            let mut matched = 0;
            for (key, tag) in tags.iter() {
                if let Some(found) = value.get(*key) {
                    if !tag.matches(found) {
                        return None;
                    }
                    matched += 1;
                }
            }
            object_score(value, required, known, matched)
        }
        Kind::StringEnum(values) => {
            let text = value.as_str()?;
            Some(if values.contains(&text) { 2 } else { 1 })
        }
        Kind::Map => value.is_object().then_some(1),
        Kind::String => value.is_string().then_some(1),
        Kind::Integer => (value.is_i64() || value.is_u64()).then_some(1),
        Kind::Number => value.is_number().then_some(1),
        Kind::Boolean => value.is_boolean().then_some(1),
        Kind::Array => value.is_array().then_some(1),
        Kind::Any => Some(0),
    }
}

/// The variant `value` is: the one its discriminator (`(property,
/// [(tag value, variant index)])`) names, else the first that reads it
/// among those that fit, best fit first. `expecting` names the union in
/// the error.
pub fn pick<T, E: serde::de::Error>(
    value: Value,
    variants: &[Variant<T>],
    discriminator: Option<(&str, &[(&str, usize)])>,
    expecting: &str,
) -> Result<T, E> {
    if let Some((property, values)) = discriminator {
        let tag = value.get(property).and_then(Value::as_str);
        let named = values
            .iter()
            .find(|(name, _)| Some(*name) == tag)
            .and_then(|(_, index)| variants.get(*index));
        if let Some(variant) = named {
            return (variant.read)(value).map_err(E::custom);
        }
    }
    let mut order: Vec<(i64, usize)> = variants
        .iter()
        .enumerate()
        .filter_map(|(index, variant)| {
            Some((score(&value, &variant.kind, variant.nullable)?, index))
        })
        .collect();
    order.sort_by_key(|(score, index)| (std::cmp::Reverse(*score), *index));
    let mut last: Option<serde_json::Error> = None;
    for (_, index) in order {
        match (variants[index].read)(value.clone()) {
            Ok(read) => return Ok(read),
            Err(error) => last = Some(error),
        }
    }
    let reason = match last {
        Some(error) => error.to_string(),
        None => "no variant fits its shape".to_owned(),
    };
    Err(E::custom(format_args!("expected {expecting}: {reason}")))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[derive(Debug, PartialEq)]
    enum Shape {
        Circle(Value),
        Square(Value),
        Text(String),
    }

    fn variants() -> [Variant<Shape>; 3] {
        [
            Variant {
                kind: Kind::Tagged {
                    required: &["radius"],
                    known: &["kind", "radius"],
                    tags: &[("kind", Tag::Str("circle"))],
                },
                nullable: false,
                read: |v| Ok(Shape::Circle(v)),
            },
            Variant {
                kind: Kind::Object {
                    required: &[],
                    known: &["side"],
                },
                nullable: true,
                read: |v| Ok(Shape::Square(v)),
            },
            Variant {
                kind: Kind::String,
                nullable: false,
                read: |v| serde_json::from_value(v).map(Shape::Text),
            },
        ]
    }

    fn read(value: Value) -> Result<Shape, serde_json::Error> {
        pick(value, &variants(), None, "a Shape")
    }

    #[test]
    fn the_best_fit_reads_not_the_first_that_would() {
        // The square variant takes any object; the circle's keys fit better.
        let circle = json!({"kind": "circle", "radius": 1});
        assert_eq!(read(circle.clone()).unwrap(), Shape::Circle(circle));
        // A wrong tag refuses the circle.
        let other = json!({"kind": "oval", "radius": 1});
        assert_eq!(read(other.clone()).unwrap(), Shape::Square(other));
        assert_eq!(read(json!("hi")).unwrap(), Shape::Text("hi".into()));
        assert_eq!(read(Value::Null).unwrap(), Shape::Square(Value::Null));
    }

    #[test]
    fn a_discriminator_names_the_variant_and_an_unknown_tag_falls_through() {
        let value = json!({"type": "square", "radius": 2});
        let discriminator = Some(("type", &[("square", 1usize)][..]));
        let read: Shape =
            pick::<_, serde_json::Error>(value.clone(), &variants(), discriminator, "a Shape")
                .unwrap();
        assert_eq!(read, Shape::Square(value));
        let value = json!({"type": "circle?", "radius": 2});
        let read: Shape =
            pick::<_, serde_json::Error>(value.clone(), &variants(), discriminator, "a Shape")
                .unwrap();
        assert_eq!(read, Shape::Circle(value));
    }

    #[test]
    fn a_value_no_variant_takes_is_an_error_naming_the_union() {
        let error = read(json!(3)).unwrap_err().to_string();
        assert_eq!(error, "expected a Shape: no variant fits its shape");
    }
}
