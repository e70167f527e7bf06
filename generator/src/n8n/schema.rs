//! The package's `RefResolver` (one level of `$ref`/composition resolution)
//! and `SchemaExample` (defaults from examples), ported with their quirks:
//! `properties` short-circuits composition, only the first `oneOf`/`anyOf`
//! branch counts, `allOf` merges shallowly, a `$ref` target's keys win over
//! local siblings, and the example builder's visited set is shared by every
//! sibling (a second reference to the same schema yields `{}`).

use std::borrow::Cow;
use std::collections::HashSet;

use serde_json::Value;

use super::js::{Js, ObjMap, Thrown, type_error};
use super::startcase::NameHash;

/// `RefResolver`.
pub struct RefResolver<'d> {
    doc: &'d Value,
}

/// The references a resolution went through; `None` entries are `allOf`
/// members that were not references (the package keeps their `undefined`).
pub type Refs<'d> = Option<Vec<Option<Cow<'d, str>>>>;

impl<'d> RefResolver<'d> {
    pub fn new(doc: &'d Value) -> Self {
        RefResolver { doc }
    }

    /// `resolve(schema)`.
    pub fn resolve(&self, schema: &Js<'d>) -> Result<Js<'d>, Thrown> {
        Ok(self.resolve_ref(schema)?.0)
    }

    /// `resolveRef(schema)`: the resolved schema and the refs followed.
    pub fn resolve_ref(&self, schema: &Js<'d>) -> Result<(Js<'d>, Refs<'d>), Thrown> {
        // Most schemas are plain or a lone `$ref`: one look at their keys
        // settles it.
        if let Js::Doc(Value::Object(map)) = schema {
            if !map.keys().any(|k| is_composition_key(k)) {
                return Ok((schema.clone(), None));
            }
            if let Some(reference @ Value::String(text)) = lone_ref(map) {
                let target = self.find_ref(&Js::Doc(reference))?;
                if target.is_object() {
                    return Ok((target, Some(vec![Some(Cow::Borrowed(text.as_str()))])));
                }
            }
        }
        if schema.has("properties")? {
            return Ok((schema.clone(), None));
        }
        let mut schema: Cow<'_, Js<'d>> = Cow::Borrowed(schema);
        if schema.has("oneOf")? {
            schema = Cow::Owned(schema.prop("oneOf")?.prop("0")?.into_owned());
        }
        if schema.has("anyOf")? {
            schema = Cow::Owned(schema.prop("anyOf")?.prop("0")?.into_owned());
        }
        if schema.has("allOf")? {
            let Some(members) = schema.prop("allOf")?.items() else {
                return Err(type_error("schema.allOf.map is not a function"));
            };
            let mut merged = ObjMap::new();
            let mut refs = Vec::new();
            for member in &members {
                let (resolved, member_refs) = self.resolve_ref(member)?;
                Js::assign_into(&mut merged, &resolved);
                // lodash.flatten of [undefined, [ref], ...]
                match member_refs {
                    Some(list) => refs.extend(list),
                    None => refs.push(None),
                }
            }
            return Ok((Js::Object(merged), Some(refs)));
        }
        if schema.has("$ref")? {
            let reference = schema.get("$ref")?;
            let target = self.find_ref(&reference)?;
            let only_ref = schema.keys_in().len() == 1 && target.is_object();
            if only_ref {
                // `{...rest} + target` with nothing in `rest` reads exactly as
                // the target itself; skip the copy.
                let reference = match reference {
                    Js::Doc(Value::String(text)) => Cow::Borrowed(text.as_str()),
                    other => Cow::Owned(other.to_js_string()),
                };
                return Ok((target, Some(vec![Some(reference)])));
            }
            let mut rest: ObjMap<'d> = ObjMap::new();
            if schema.is_object() {
                for key in schema.keys_in() {
                    if key != "$ref" {
                        let value = schema.get(&key)?;
                        rest.insert(key, value);
                    }
                }
            }
            Js::assign_into(&mut rest, &target);
            let reference = match reference {
                Js::Doc(Value::String(text)) => Cow::Borrowed(text.as_str()),
                other => Cow::Owned(other.to_js_string()),
            };
            return Ok((Js::Object(rest), Some(vec![Some(reference)])));
        }
        Ok((schema.into_owned(), None))
    }

    /// `findRef(ref)`: the pointer split on `/` after the first segment (no
    /// unescaping), chains followed.
    pub fn find_ref(&self, reference: &Js<'d>) -> Result<Js<'d>, Thrown> {
        let mut current = reference.clone();
        for _ in 0..64 {
            let Some(text) = current.as_str().map(str::to_owned) else {
                return Err(type_error("ref.split is not a function"));
            };
            let mut schema: Js<'d> = Js::Doc(self.doc);
            for segment in text.split('/').skip(1) {
                schema = schema.get(segment)?;
                if !schema.truthy() {
                    return Err(Thrown(format!("Error: Schema not found for ref '{text}'")));
                }
            }
            if schema.has("$ref")? {
                current = schema.get("$ref")?;
                continue;
            }
            return Ok(schema);
        }
        Err(Thrown(
            "RangeError: Maximum call stack size exceeded".into(),
        ))
    }
}

/// The value of `{"$ref": value}`, a schema with no other key.
fn lone_ref(map: &serde_json::Map<String, Value>) -> Option<&Value> {
    match map.iter().next() {
        Some((key, value)) if map.len() == 1 && key == "$ref" => Some(value),
        _ => None,
    }
}

/// The keys that make `resolveRef` do more than return the schema.
fn is_composition_key(key: &str) -> bool {
    matches!(key, "properties" | "oneOf" | "anyOf" | "allOf" | "$ref")
}

/// The references an example build has been through.
type Visited<'d> = HashSet<Option<Cow<'d, str>>, NameHash>;

/// `SchemaExample.extractExample(schema)`: a fresh builder per call.
pub fn extract_example<'d>(resolver: &RefResolver<'d>, schema: &Js<'d>) -> Result<Js<'d>, Thrown> {
    let mut visited = Visited::default();
    build_example(resolver, schema, &mut visited, 0)
}

fn build_example<'d>(
    resolver: &RefResolver<'d>,
    schema: &Js<'d>,
    visited: &mut Visited<'d>,
    depth: usize,
) -> Result<Js<'d>, Thrown> {
    if depth > 256 {
        return Err(Thrown(
            "RangeError: Maximum call stack size exceeded".into(),
        ));
    }
    let (schema, refs) = resolver.resolve_ref(schema)?;
    if let Some(refs) = refs {
        for reference in refs {
            if visited.contains(&reference) {
                return Ok(Js::Object(ObjMap::new()));
            }
            visited.insert(reference);
        }
    }
    if schema.has("oneOf")? {
        return build_example(
            resolver,
            &schema.get("oneOf")?.get("0")?,
            visited,
            depth + 1,
        );
    }
    if schema.has("allOf")? {
        let Some(members) = schema.get("allOf")?.items() else {
            return Err(type_error("schema.allOf.map is not a function"));
        };
        let mut merged = ObjMap::new();
        for member in &members {
            let example = build_example(resolver, member, visited, depth + 1)?;
            Js::assign_into(&mut merged, &example);
        }
        return Ok(Js::Object(merged));
    }
    let example = schema.get("example")?;
    if !example.is_undefined() {
        return Ok(example);
    }
    let default = schema.get("default")?;
    if !default.is_undefined() {
        return Ok(default);
    }
    let properties = schema.prop("properties")?;
    if properties.truthy() {
        let mut object = ObjMap::new();
        for key in properties.keys_in() {
            let property = properties.prop(&key)?;
            let value = build_example(resolver, &property, visited, depth + 1)?;
            object.insert(key, value);
        }
        return Ok(Js::Object(object));
    }
    if schema.has("items")? {
        let items = schema.prop("items")?;
        if items.truthy() {
            return Ok(Js::Array(vec![build_example(
                resolver,
                &items,
                visited,
                depth + 1,
            )?]));
        }
    }
    Ok(Js::Undefined)
}
