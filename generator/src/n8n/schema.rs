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
use super::stringify::{newline, write_js, write_string};

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
        for _ in 0..crate::model::MAX_REF_CHAIN {
            let text: Cow<'d, str> = match current {
                Js::Doc(Value::String(text)) => Cow::Borrowed(text),
                Js::String(text) => text,
                _ => return Err(type_error("ref.split is not a function")),
            };
            let mut schema: Js<'d> = Js::Doc(self.doc);
            // The segments after the first `/`-separated one.
            let mut rest = slash(&text).map(|at| &text[at + 1..]);
            while let Some(path) = rest {
                let (segment, next) = match slash(path) {
                    Some(at) => (&path[..at], Some(&path[at + 1..])),
                    None => (path, None),
                };
                schema = schema.get(segment)?;
                if !schema.truthy() {
                    return Err(Thrown(format!("Error: Schema not found for ref '{text}'")));
                }
                rest = next;
            }
            if let Some(next) = schema.field("$ref") {
                current = next;
                continue;
            }
            // A primitive target throws, as `"$ref" in target` does.
            schema.has("$ref")?;
            return Ok(schema);
        }
        Err(Thrown(
            "RangeError: Maximum call stack size exceeded".into(),
        ))
    }
}

/// Where the first `/` is: a byte scan, cheaper than a `char` pattern's
/// searcher on pointers this short.
fn slash(text: &str) -> Option<usize> {
    text.bytes().position(|b| b == b'/')
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

/// The keys of a resolved schema the package reads, found in one scan
/// (`None`: absent) rather than one lookup each.
#[derive(Default)]
pub struct SchemaKeys<'d> {
    pub kind: Option<Js<'d>>,
    pub description: Option<Js<'d>>,
    pub enumeration: Option<Js<'d>>,
    example: Option<Js<'d>>,
    default: Option<Js<'d>>,
    properties: Option<Js<'d>>,
    items: Option<Js<'d>>,
    one_of: Option<Js<'d>>,
    any_of: Option<Js<'d>>,
    all_of: Option<Js<'d>>,
    reference: Option<Js<'d>>,
}

impl<'d> SchemaKeys<'d> {
    /// The keys of an object; an array has none of them, and a primitive
    /// throws as `key in primitive` does.
    pub fn of(schema: &Js<'d>) -> Result<Self, Thrown> {
        let mut keys = SchemaKeys::default();
        match schema {
            Js::Doc(Value::Object(map)) => {
                for (key, value) in map {
                    if let Some(slot) = keys.slot(key) {
                        *slot = Some(Js::Doc(value));
                    }
                }
            }
            Js::Object(map) => {
                for (key, value) in map.iter() {
                    if let Some(slot) = keys.slot(key) {
                        *slot = Some(value.clone());
                    }
                }
            }
            Js::Shared(inner) => return Self::of(inner),
            Js::Doc(Value::Array(_)) | Js::Array(_) => {}
            primitive => {
                primitive.has("oneOf")?;
            }
        }
        Ok(keys)
    }

    fn slot(&mut self, key: &str) -> Option<&mut Option<Js<'d>>> {
        Some(match key {
            "type" => &mut self.kind,
            "description" => &mut self.description,
            "enum" => &mut self.enumeration,
            "example" => &mut self.example,
            "default" => &mut self.default,
            "properties" => &mut self.properties,
            "items" => &mut self.items,
            "oneOf" => &mut self.one_of,
            "anyOf" => &mut self.any_of,
            "allOf" => &mut self.all_of,
            "$ref" => &mut self.reference,
            _ => return None,
        })
    }

    /// Whether `resolveRef` gives this schema back unchanged and without
    /// references (`properties` short-circuits composition).
    fn resolves_to_itself(&self) -> bool {
        self.properties.is_some()
            || (self.one_of.is_none()
                && self.any_of.is_none()
                && self.all_of.is_none()
                && self.reference.is_none())
    }
}

/// A key's value, `undefined` when absent.
fn value<'v, 'd>(slot: &'v Option<Js<'d>>) -> &'v Js<'d> {
    slot.as_ref().unwrap_or(&Js::Undefined)
}

/// The references an example build has been through.
type Visited<'d> = HashSet<Option<Cow<'d, str>>, NameHash>;

/// `SchemaExample.extractExample(schema)` (a fresh builder per call) of a
/// resolved schema whose keys were read already.
pub fn extract_example<'d>(
    resolver: &RefResolver<'d>,
    schema: &Js<'d>,
    keys: &SchemaKeys<'d>,
) -> Result<Js<'d>, Thrown> {
    let mut visited = Visited::default();
    if keys.resolves_to_itself() {
        return example_of(resolver, keys, &mut visited, 0);
    }
    build_example(resolver, schema, &mut visited, 0)
}

/// `JSON.stringify(extractExample(schema), null, 2)`, written while the
/// schema is walked rather than from a built example; `None` where the
/// example is `undefined`.
pub fn example_text<'d>(
    resolver: &RefResolver<'d>,
    schema: &Js<'d>,
    keys: &SchemaKeys<'d>,
) -> Result<Option<String>, Thrown> {
    let mut visited = Visited::default();
    let mut out = String::with_capacity(64);
    let written = if keys.resolves_to_itself() {
        write_example_of(resolver, keys, &mut visited, 0, 0, &mut out)?
    } else {
        write_example(resolver, schema, &mut visited, 0, 0, &mut out)?
    };
    Ok(written.then_some(out))
}

/// `resolveRef`, then the visited check: `Err(Some({}))` for a schema
/// whose reference was seen before in this example.
fn enter<'d>(
    resolver: &RefResolver<'d>,
    schema: &Js<'d>,
    visited: &mut Visited<'d>,
    depth: usize,
) -> Result<Option<SchemaKeys<'d>>, Thrown> {
    if depth > 256 {
        return Err(Thrown(
            "RangeError: Maximum call stack size exceeded".into(),
        ));
    }
    let (schema, refs) = resolver.resolve_ref(schema)?;
    if let Some(refs) = refs {
        for reference in refs {
            if visited.contains(&reference) {
                return Ok(None);
            }
            visited.insert(reference);
        }
    }
    SchemaKeys::of(&schema).map(Some)
}

fn build_example<'d>(
    resolver: &RefResolver<'d>,
    schema: &Js<'d>,
    visited: &mut Visited<'d>,
    depth: usize,
) -> Result<Js<'d>, Thrown> {
    match enter(resolver, schema, visited, depth)? {
        Some(keys) => example_of(resolver, &keys, visited, depth),
        None => Ok(Js::Object(ObjMap::new())),
    }
}

/// The example of a resolved schema, from its keys.
fn example_of<'d>(
    resolver: &RefResolver<'d>,
    keys: &SchemaKeys<'d>,
    visited: &mut Visited<'d>,
    depth: usize,
) -> Result<Js<'d>, Thrown> {
    if let Some(one_of) = &keys.one_of {
        return build_example(resolver, &one_of.get("0")?, visited, depth + 1);
    }
    if let Some(all_of) = &keys.all_of {
        let Some(members) = all_of.items() else {
            return Err(type_error("schema.allOf.map is not a function"));
        };
        let mut merged = ObjMap::new();
        for member in &members {
            let example = build_example(resolver, member, visited, depth + 1)?;
            Js::assign_into(&mut merged, &example);
        }
        return Ok(Js::Object(merged));
    }
    for given in [&keys.example, &keys.default].into_iter().flatten() {
        if !given.is_undefined() {
            return Ok(given.clone());
        }
    }
    let properties = value(&keys.properties);
    if properties.truthy() {
        let mut object = ObjMap::new();
        for key in properties.keys_in() {
            let property = properties.prop(&key)?;
            let value = build_example(resolver, &property, visited, depth + 1)?;
            object.insert(key, value);
        }
        return Ok(Js::Object(object));
    }
    match &keys.items {
        Some(items) if items.truthy() => Ok(Js::Array(vec![build_example(
            resolver,
            items,
            visited,
            depth + 1,
        )?])),
        _ => Ok(Js::Undefined),
    }
}

/// [`build_example`] as text at nesting level `indent`: `false`, and
/// nothing written, for `undefined`.
fn write_example<'d>(
    resolver: &RefResolver<'d>,
    schema: &Js<'d>,
    visited: &mut Visited<'d>,
    depth: usize,
    indent: usize,
    out: &mut String,
) -> Result<bool, Thrown> {
    match enter(resolver, schema, visited, depth)? {
        Some(keys) => write_example_of(resolver, &keys, visited, depth, indent, out),
        None => {
            out.push_str("{}");
            Ok(true)
        }
    }
}

/// [`example_of`] as text, in the same walk order (the visited set sees
/// the same references in the same order).
fn write_example_of<'d>(
    resolver: &RefResolver<'d>,
    keys: &SchemaKeys<'d>,
    visited: &mut Visited<'d>,
    depth: usize,
    indent: usize,
    out: &mut String,
) -> Result<bool, Thrown> {
    if let Some(one_of) = &keys.one_of {
        return write_example(resolver, &one_of.get("0")?, visited, depth + 1, indent, out);
    }
    if keys.all_of.is_some() {
        // Members overwrite each other's keys: merged as values first.
        let example = example_of(resolver, keys, visited, depth)?;
        write_js(out, &example, indent);
        return Ok(true);
    }
    for given in [&keys.example, &keys.default].into_iter().flatten() {
        if !given.is_undefined() {
            write_js(out, given, indent);
            return Ok(true);
        }
    }
    let properties = value(&keys.properties);
    if properties.truthy() {
        out.push('{');
        let open = out.len();
        for key in properties.keys_in() {
            let property = properties.prop(&key)?;
            let mark = out.len();
            if mark > open {
                out.push(',');
            }
            newline(out, indent + 1);
            write_string(out, &key);
            out.push_str(": ");
            // `JSON.stringify` leaves out `undefined` properties.
            if !write_example(resolver, &property, visited, depth + 1, indent + 1, out)? {
                out.truncate(mark);
            }
        }
        if out.len() > open {
            newline(out, indent);
        }
        out.push('}');
        return Ok(true);
    }
    match &keys.items {
        Some(items) if items.truthy() => {
            out.push('[');
            newline(out, indent + 1);
            // `undefined` array items are written `null`.
            if !write_example(resolver, items, visited, depth + 1, indent + 1, out)? {
                out.push_str("null");
            }
            newline(out, indent);
            out.push(']');
            Ok(true)
        }
        _ => Ok(false),
    }
}
