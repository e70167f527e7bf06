//! lodash `_.matches(source)` (`baseIsMatch`): a deep partial match, as the
//! package's overrides use it to find fields.

use super::js::Js;

/// Whether `object` matches `source`: every key of `source` is in `object`
/// with a matching value; objects match partially, arrays match when every
/// source item matches a distinct target item, primitives by `SameValueZero`.
pub fn is_match(object: &Js<'_>, source: &Js<'_>) -> bool {
    if let Js::Doc(value) = object {
        return is_match(&Js::from_json(value), source);
    }
    if let Js::Doc(value) = source {
        return is_match(object, &Js::from_json(value));
    }
    match source {
        Js::Object(entries) => entries.iter().all(|(key, expected)| match object {
            Js::Object(map) => map
                .get(key)
                .is_some_and(|actual| partial_equal(expected, actual)),
            Js::Array(_) | Js::String(_) => {
                let actual = object.get(key).unwrap_or(Js::Undefined);
                object.has(key).unwrap_or(false) && partial_equal(expected, &actual)
            }
            _ => false,
        }),
        other => partial_equal(other, object),
    }
}

fn partial_equal(expected: &Js<'_>, actual: &Js<'_>) -> bool {
    if let Js::Doc(value) = actual {
        return partial_equal(expected, &Js::from_json(value));
    }
    if let Js::Doc(value) = expected {
        return partial_equal(&Js::from_json(value), actual);
    }
    match (expected, actual) {
        (Js::Object(_), Js::Object(_)) => is_match(actual, expected),
        (Js::Array(wanted), Js::Array(have)) => {
            if wanted.len() > have.len() {
                return false;
            }
            let mut used = vec![false; have.len()];
            wanted.iter().all(|w| {
                let found = have
                    .iter()
                    .enumerate()
                    .find(|(i, h)| !used[*i] && partial_equal(w, h))
                    .map(|(i, _)| i);
                found.map(|i| used[i] = true).is_some()
            })
        }
        (Js::Number(a), Js::Number(b)) => a == b || (a.is_nan() && b.is_nan()),
        (a, b) => a.same(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn js(value: serde_json::Value) -> Js<'static> {
        Js::from_json(&value)
    }

    #[test]
    fn partial_objects_arrays_and_primitives() {
        let field = js(
            json!({"name": "session", "required": true, "type": "string", "tags": [1, 2, {"a": 1, "b": 2}]}),
        );
        assert!(is_match(
            &field,
            &js(json!({"name": "session", "required": true}))
        ));
        assert!(is_match(&field, &js(json!({}))));
        assert!(is_match(&field, &js(json!({"tags": [{"a": 1}, 2]}))));
        assert!(!is_match(&field, &js(json!({"name": "chatId"}))));
        assert!(!is_match(&field, &js(json!({"missing": null}))));
        assert!(!is_match(&field, &js(json!({"tags": [3]}))));
        assert!(!is_match(&field, &js(json!({"required": "true"}))));
    }
}
