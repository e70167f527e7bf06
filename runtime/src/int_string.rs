//! 64-bit integers carried as JSON strings (`type: string, format: int64`
//! or `uint64`).
//!
//! JavaScript servers write 64-bit columns as strings, since a JSON number
//! beyond 2^53 loses digits in JavaScript: such a server sends
//! `"createdAt":"1700000000"`. The models keep such a value as an
//! `i64` (or `u64`). Reading accepts a string of digits or a JSON number,
//! because the same field is a number in a live event and a string once
//! stored. Writing gives a string, as the schema says: a body read from the
//! server (a stored message sent back to download its media) goes back in
//! the shape the server and its OpenAPI document expect, and no digit is
//! lost to a JavaScript reader.
//!
//! Generated structs use it per field, `#[serde(with =
//! "::openapi_wa_runtime::int_string")]` (with `default` when the field is
//! an `Option`, which `with` does not fill by itself). [`StringInt`] covers the field types the generator emits
//! for such schemas: the integer itself, `Option` (absent or `null`), `Vec`
//! and string-keyed maps of them.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, Visitor};
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::{Deserialize, Serialize};

/// A value made of integers that travel as JSON strings.
pub trait StringInt: Sized {
    /// Reads the value, each integer from a string of digits or a number.
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
    /// Writes the value, each integer as a string of digits.
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;
}

/// The value of a field whose type is [`StringInt`], read through
/// [`StringInt::read`]: `map.next_value::<Read<Option<i64>>>()?.0`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Read<T>(pub T);

impl<'de, T: StringInt> Deserialize<'de> for Read<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::read(deserializer).map(Read)
    }
}

/// Writes `value` with its integers as strings (for `serialize_with`).
pub fn serialize<T: StringInt, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    value.write(serializer)
}

/// Reads `value`, accepting strings or numbers (for `deserialize_with`).
pub fn deserialize<'de, T: StringInt, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    T::read(deserializer)
}

/// Reads one integer of type `T` from a string or a number.
struct IntVisitor<T>(PhantomData<T>);

macro_rules! string_int {
    ($int:ty, $what:literal) => {
        impl<'de> Visitor<'de> for IntVisitor<$int> {
            type Value = $int;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!($what, ", as a string of digits or a number"))
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<$int, E> {
                text.trim()
                    .parse()
                    .map_err(|_| E::invalid_value(de::Unexpected::Str(text), &self))
            }

            fn visit_i64<E: de::Error>(self, value: i64) -> Result<$int, E> {
                <$int>::try_from(value)
                    .map_err(|_| E::invalid_value(de::Unexpected::Signed(value), &self))
            }

            fn visit_u64<E: de::Error>(self, value: u64) -> Result<$int, E> {
                <$int>::try_from(value)
                    .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(value), &self))
            }

            // A whole number written as a float (`1700000000.0`) is still the
            // integer; a fraction or a value out of range is refused.
            fn visit_f64<E: de::Error>(self, value: f64) -> Result<$int, E> {
                let fits = value.fract() == 0.0
                    && value >= <$int>::MIN as f64
                    && value <= <$int>::MAX as f64;
                if fits {
                    Ok(value as $int)
                } else {
                    Err(E::invalid_value(de::Unexpected::Float(value), &self))
                }
            }
        }

        impl StringInt for $int {
            fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_any(IntVisitor::<$int>(PhantomData))
            }

            fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }
    };
}

string_int!(i64, "a 64-bit integer");
string_int!(u64, "an unsigned 64-bit integer");

/// One item or value of a collection, read through [`StringInt`].
struct Item<'a, T>(&'a T);

impl<T: StringInt> Serialize for Item<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.write(serializer)
    }
}

impl<T: StringInt> StringInt for Option<T> {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<Read<T>>::deserialize(deserializer).map(|value| value.map(|Read(inner)| inner))
    }

    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Some(value) => serializer.serialize_some(&Item(value)),
            None => serializer.serialize_none(),
        }
    }
}

impl<T: StringInt> StringInt for Vec<T> {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let items = Vec::<Read<T>>::deserialize(deserializer)?;
        Ok(items.into_iter().map(|Read(item)| item).collect())
    }

    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.len()))?;
        for item in self {
            seq.serialize_element(&Item(item))?;
        }
        seq.end()
    }
}

impl<T: StringInt> StringInt for BTreeMap<String, T> {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let entries = BTreeMap::<String, Read<T>>::deserialize(deserializer)?;
        Ok(entries.into_iter().map(|(k, Read(v))| (k, v)).collect())
    }

    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.len()))?;
        for (key, value) in self {
            map.serialize_entry(key, &Item(value))?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read<T: StringInt>(json: &str) -> Result<T, serde_json::Error> {
        serde_json::from_str::<Read<T>>(json).map(|Read(value)| value)
    }

    fn write<T: StringInt>(value: &T) -> String {
        let mut out = Vec::new();
        value
            .write(&mut serde_json::Serializer::new(&mut out))
            .unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn strings_and_numbers_read_as_integers() {
        assert_eq!(read::<i64>(r#""1700000100""#).unwrap(), 1_700_000_100);
        assert_eq!(read::<i64>("1700000100").unwrap(), 1_700_000_100);
        assert_eq!(read::<i64>(r#""-5""#).unwrap(), -5);
        assert_eq!(read::<i64>("1700000100.0").unwrap(), 1_700_000_100);
        assert_eq!(read::<u64>(r#""18446744073709551615""#).unwrap(), u64::MAX);
        assert_eq!(read::<i64>(r#""9223372036854775807""#).unwrap(), i64::MAX);
    }

    #[test]
    fn what_is_not_an_integer_is_refused_with_the_value() {
        for bad in [r#""abc""#, r#""1.5""#, "1.5", "true", "{}", r#""""#] {
            let error = read::<i64>(bad).unwrap_err().to_string();
            assert!(error.contains("64-bit integer"), "{bad}: {error}");
        }
        assert!(read::<u64>("-1").is_err());
        assert!(read::<i64>(r#""9223372036854775808""#).is_err());
    }

    #[test]
    fn options_collections_and_maps_read_each_integer() {
        assert_eq!(read::<Option<i64>>("null").unwrap(), None);
        assert_eq!(read::<Option<i64>>(r#""7""#).unwrap(), Some(7));
        assert_eq!(read::<Vec<i64>>(r#"["1", 2]"#).unwrap(), vec![1, 2]);
        assert_eq!(
            read::<Vec<Option<i64>>>(r#"["1", null]"#).unwrap(),
            vec![Some(1), None]
        );
        let map = read::<BTreeMap<String, u64>>(r#"{"a": "3"}"#).unwrap();
        assert_eq!(map["a"], 3);
    }

    #[test]
    fn integers_are_written_as_strings() {
        assert_eq!(write(&1_700_000_100_i64), r#""1700000100""#);
        assert_eq!(write(&u64::MAX), r#""18446744073709551615""#);
        assert_eq!(write(&Some(-1_i64)), r#""-1""#);
        assert_eq!(write(&None::<i64>), "null");
        assert_eq!(write(&vec![Some(1_i64), None]), r#"["1",null]"#);
        let map: BTreeMap<String, i64> = [("a".to_owned(), 2)].into();
        assert_eq!(write(&map), r#"{"a":"2"}"#);
    }
}
