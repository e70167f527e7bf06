//! Finding the value at fault when `openapiv3` refuses a document.
//!
//! `serde_path_to_error` names the path to the first value that did not fit,
//! but `openapiv3` reads many places through untagged enums (`ReferenceOr`,
//! schema kinds, the paths map), and an error inside one of those is reported
//! at the enum: `#/paths` or `#/components/schemas/Session` for a bad
//! `maxLength` five levels down. Here the refused value is read again part by
//! part, each part as the type its place has, down to the deepest part that
//! is still refused, and then to the key whose removal makes it read.
//! Only failures pay for this.

use openapiv3 as oa;
use serde_json::Value;

use crate::pointer;

/// What a place in the document holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Document,
    Paths,
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    MediaType,
    Response,
    Header,
    Components,
    SecurityScheme,
    Schema,
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

impl Place {
    /// Why `value` does not read as what this place holds, if it does not.
    fn refusal(self, value: &Value) -> Option<String> {
        fn check<T: serde::de::DeserializeOwned>(value: &Value) -> Option<String> {
            serde_json::from_value::<T>(value.clone())
                .err()
                .map(|e| e.to_string())
        }
        match self {
            Place::Document => check::<oa::OpenAPI>(value),
            Place::Paths => check::<oa::Paths>(value),
            Place::PathItem => check::<oa::ReferenceOr<oa::PathItem>>(value),
            Place::Operation => check::<oa::Operation>(value),
            Place::Parameter => check::<oa::ReferenceOr<oa::Parameter>>(value),
            Place::RequestBody => check::<oa::ReferenceOr<oa::RequestBody>>(value),
            Place::MediaType => check::<oa::MediaType>(value),
            Place::Response => check::<oa::ReferenceOr<oa::Response>>(value),
            Place::Header => check::<oa::ReferenceOr<oa::Header>>(value),
            Place::Components => check::<oa::Components>(value),
            Place::SecurityScheme => check::<oa::ReferenceOr<oa::SecurityScheme>>(value),
            Place::Schema => check::<oa::ReferenceOr<oa::Schema>>(value),
        }
    }

    /// The place of the value under `key`, when it is one this module knows.
    fn child(self, key: &str) -> Option<Child> {
        use Place::*;
        Some(match (self, key) {
            (Document, "paths") => Child::One(Paths),
            (Document, "components") => Child::One(Components),
            (Paths, key) if !key.starts_with("x-") => Child::One(PathItem),
            (PathItem, key) if METHODS.contains(&key) => Child::One(Operation),
            (PathItem | Operation, "parameters") => Child::Each(Parameter),
            (Operation, "requestBody") => Child::One(RequestBody),
            (Operation, "responses") => Child::Each(Response),
            (Parameter | Header | MediaType, "schema") => Child::One(Schema),
            (Parameter | Header | RequestBody | Response, "content") => Child::Each(MediaType),
            (Response, "headers") => Child::Each(Header),
            (Components, "schemas") => Child::Each(Schema),
            (Components, "parameters") => Child::Each(Parameter),
            (Components, "requestBodies") => Child::Each(RequestBody),
            (Components, "responses") => Child::Each(Response),
            (Components, "headers") => Child::Each(Header),
            (Components, "securitySchemes") => Child::Each(SecurityScheme),
            (Schema, "properties") => Child::Each(Schema),
            (Schema, "items" | "additionalProperties" | "not") => Child::One(Schema),
            (Schema, "allOf" | "oneOf" | "anyOf") => Child::Each(Schema),
            _ => return None,
        })
    }
}

/// The place under a key: one value of that kind, or a map or list of them.
#[derive(Debug, Clone, Copy)]
enum Child {
    One(Place),
    Each(Place),
}

/// The place a pointer (from the document's root) names, if known.
fn place_of(pointer: &str) -> Option<Place> {
    let mut place = Place::Document;
    let mut each = false;
    for token in pointer.split('/').skip(1) {
        if each {
            each = false;
            continue;
        }
        let token = pointer::unescape(token);
        // `webhooks` hold path items, as `paths` do.
        if place == Place::Document && (token == "webhooks" || token == "x-webhooks") {
            place = Place::Paths;
            continue;
        }
        match place.child(&token)? {
            Child::One(next) => place = next,
            Child::Each(next) => {
                place = next;
                each = true;
            }
        }
    }
    (!each).then_some(place)
}

/// When `value`, found at `at` (a pointer from the document's root), does
/// not read as what its place holds: the pointer below `at` of the value at
/// fault and the error there.
pub(crate) fn narrow(value: &Value, at: &str) -> Option<(String, String)> {
    narrow_at(value, place_of(at)?)
}

fn narrow_at(value: &Value, place: Place) -> Option<(String, String)> {
    let error = place.refusal(value)?;
    let Value::Object(map) = value else {
        return Some((String::new(), error));
    };
    for (key, child) in map {
        let here = pointer::join("", key);
        let found = match place.child(key) {
            Some(Child::One(next)) => {
                narrow_at(child, next).map(|(at, e)| (format!("{here}{at}"), e))
            }
            Some(Child::Each(next)) => each(child).find_map(|(token, item)| {
                narrow_at(item, next)
                    .map(|(at, e)| (format!("{here}{}{at}", pointer::join("", &token)), e))
            }),
            None => None,
        };
        if found.is_some() {
            return found;
        }
    }
    for key in map.keys() {
        let mut without = map.clone();
        without.remove(key);
        if place.refusal(&Value::Object(without)).is_none() {
            return Some((pointer::join("", key), error));
        }
    }
    Some((String::new(), error))
}

/// The entries of a map or list, with their pointer tokens.
fn each(value: &Value) -> Box<dyn Iterator<Item = (String, &Value)> + '_> {
    match value {
        Value::Object(map) => Box::new(
            map.iter()
                .filter(|(k, _)| !k.starts_with("x-"))
                .map(|(k, v)| (k.clone(), v)),
        ),
        Value::Array(items) => Box::new(items.iter().enumerate().map(|(i, v)| (i.to_string(), v))),
        _ => Box::new(std::iter::empty()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_follow_the_document_structure() {
        assert_eq!(place_of(""), Some(Place::Document));
        assert_eq!(
            place_of("/paths/~1a/get/parameters/0/schema"),
            Some(Place::Schema)
        );
        assert_eq!(
            place_of("/paths/~1a/get/responses/200/content/application~1json"),
            Some(Place::MediaType)
        );
        assert_eq!(
            place_of("/components/schemas/S/properties/a/items"),
            Some(Place::Schema)
        );
        assert_eq!(place_of("/webhooks/hook/post"), Some(Place::Operation));
        assert_eq!(place_of("/paths/~1a/get/parameters"), None);
        assert_eq!(place_of("/info"), None);
    }
}
