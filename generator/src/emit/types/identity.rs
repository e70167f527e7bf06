//! The identity of a schema where inline types are shared and aliased: two
//! inline schemas written out in several places define one type when their
//! keys are equal.

use crate::model::Schema;

/// A schema's identity: its JSON serialization, every field the model
/// keeps (titles, descriptions and examples included: they become docs;
/// properties in document order; references by name). Equal schemas have
/// equal keys and unequal ones different keys; the key does not depend on
/// where the schema stands.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct SchemaKey(String);

impl SchemaKey {
    /// The key of `schema`.
    pub(crate) fn of(schema: &Schema) -> Self {
        // The model's maps have string keys and its values are JSON values:
        // nothing in a schema can fail to serialize.
        Self(serde_json::to_string(schema).expect("a schema serializes"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SchemaKind;

    #[test]
    fn equal_schemas_have_equal_keys_and_any_difference_shows() {
        let enumeration = |values: &[&str]| Schema {
            kind: SchemaKind::String {
                format: None,
                enumeration: values.iter().map(|v| (*v).to_owned()).collect(),
            },
            ..Schema::default()
        };
        assert_eq!(
            SchemaKey::of(&enumeration(&["a", "b"])),
            SchemaKey::of(&enumeration(&["a", "b"]))
        );
        assert_ne!(
            SchemaKey::of(&enumeration(&["a", "b"])),
            SchemaKey::of(&enumeration(&["b", "a"]))
        );
        let described = Schema {
            description: Some("The state.".to_owned()),
            ..enumeration(&["a", "b"])
        };
        assert_ne!(
            SchemaKey::of(&described),
            SchemaKey::of(&enumeration(&["a", "b"]))
        );
    }
}
