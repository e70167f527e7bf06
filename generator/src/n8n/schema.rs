//! The package's `RefResolver` (one level of `$ref`/composition resolution)
//! and `SchemaExample` (defaults from examples), ported with their quirks:
//! `properties` short-circuits composition, only the first `oneOf`/`anyOf`
//! branch counts, `allOf` merges shallowly, a `$ref` target's keys win over
//! local siblings, and the example builder's visited set is shared by every
//! sibling (a second reference to the same schema yields `{}`).

use std::collections::HashSet;

use indexmap::IndexMap;

use super::js::{Js, Thrown, type_error};

/// `RefResolver`.
pub struct RefResolver<'d> {
    doc: &'d Js,
}

/// The references a resolution went through; `None` entries are `allOf`
/// members that were not references (the package keeps their `undefined`).
pub type Refs = Option<Vec<Option<String>>>;

impl<'d> RefResolver<'d> {
    pub fn new(doc: &'d Js) -> Self {
        RefResolver { doc }
    }

    /// `resolve(schema)`.
    pub fn resolve(&self, schema: &Js) -> Result<Js, Thrown> {
        Ok(self.resolve_ref(schema)?.0)
    }

    /// `resolveRef(schema)`: the resolved schema and the refs followed.
    pub fn resolve_ref(&self, schema: &Js) -> Result<(Js, Refs), Thrown> {
        if schema.has("properties")? {
            return Ok((schema.clone(), None));
        }
        let mut schema = schema.clone();
        if schema.has("oneOf")? {
            schema = schema.get("oneOf")?.get("0")?;
        }
        if schema.has("anyOf")? {
            schema = schema.get("anyOf")?.get("0")?;
        }
        if schema.has("allOf")? {
            let Js::Array(members) = schema.get("allOf")? else {
                return Err(type_error("schema.allOf.map is not a function"));
            };
            let mut merged = IndexMap::new();
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
            let mut rest: IndexMap<String, Js> = match &schema {
                Js::Object(map) => map
                    .iter()
                    .filter(|(k, _)| *k != "$ref")
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
                _ => IndexMap::new(),
            };
            Js::assign_into(&mut rest, &target);
            let reference = reference.to_js_string();
            return Ok((Js::Object(rest), Some(vec![Some(reference)])));
        }
        Ok((schema, None))
    }

    /// `findRef(ref)`: the pointer split on `/` after the first segment (no
    /// unescaping), chains followed.
    pub fn find_ref(&self, reference: &Js) -> Result<Js, Thrown> {
        let mut current = reference.clone();
        for _ in 0..64 {
            let Js::String(text) = &current else {
                return Err(type_error("ref.split is not a function"));
            };
            let mut schema = self.doc.clone();
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

/// `SchemaExample.extractExample(schema)`: a fresh builder per call.
pub fn extract_example(resolver: &RefResolver<'_>, schema: &Js) -> Result<Js, Thrown> {
    let mut visited: HashSet<Option<String>> = HashSet::new();
    build_example(resolver, schema, &mut visited, 0)
}

fn build_example(
    resolver: &RefResolver<'_>,
    schema: &Js,
    visited: &mut HashSet<Option<String>>,
    depth: usize,
) -> Result<Js, Thrown> {
    if depth > 256 {
        return Err(Thrown(
            "RangeError: Maximum call stack size exceeded".into(),
        ));
    }
    let (schema, refs) = resolver.resolve_ref(schema)?;
    if let Some(refs) = refs {
        for reference in refs {
            if visited.contains(&reference) {
                return Ok(Js::Object(IndexMap::new()));
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
        let Js::Array(members) = schema.get("allOf")? else {
            return Err(type_error("schema.allOf.map is not a function"));
        };
        let mut merged = IndexMap::new();
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
    let properties = schema.get("properties")?;
    if properties.truthy() {
        let mut object = IndexMap::new();
        for key in properties.keys_in() {
            let property = properties.get(&key)?;
            let value = build_example(resolver, &property, visited, depth + 1)?;
            object.insert(key, value);
        }
        return Ok(Js::Object(object));
    }
    if schema.has("items")? {
        let items = schema.get("items")?;
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
