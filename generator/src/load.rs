//! Reading a document: bytes to a `serde_json::Value`, JSON or YAML, with the
//! OpenAPI version checked. Nothing here interprets the document further.

use std::path::Path;

use serde_json::Value;

use crate::diagnostics::{Error, Location, Warning};

/// The OpenAPI line a document belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecVersion {
    /// OpenAPI 3.0.x
    V3_0,
    /// OpenAPI 3.1.x
    V3_1,
    /// OpenAPI 3.2.x: read as 3.1, which it extends; what only 3.2 has
    /// (the `query` method, `additionalOperations`, `querystring`
    /// parameters) is set aside with a warning by `normalize`.
    V3_2,
}

/// A document as read from its source, before any normalisation.
#[derive(Debug, Clone)]
pub struct Document {
    /// Where the document came from (a file path or a name given by the caller).
    pub origin: String,
    /// The `openapi` field as written.
    pub openapi: String,
    /// Which OpenAPI line the document follows.
    pub version: SpecVersion,
    /// The document exactly as read, keys in document order.
    pub raw: Value,
    /// What reading changed (YAML integers beyond 64 bits), with pointers.
    pub warnings: Vec<Warning>,
    /// The other files its `$ref`s made it read (canonical paths, sorted).
    pub bundled: Vec<std::path::PathBuf>,
    /// What those `$ref`s copied in, and from where.
    pub imported: Vec<Imported>,
}

/// A part of the document copied in from another file by a `$ref`
/// (`schemas/pet.yaml` became `#/components/schemas/pet`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// Where the copy sits in the document (a JSON pointer).
    pub pointer: String,
    /// The file it was read from (canonical).
    pub file: std::path::PathBuf,
    /// Where it is in that file (a JSON pointer; empty for the whole file).
    pub fragment: String,
}

impl Document {
    /// Where the value at `pointer` of the bundled document is written: the
    /// file and the pointer inside it, `(None, pointer)` for the document's
    /// own text.
    pub fn written_at(&self, pointer: &str) -> (Option<&Path>, String) {
        for imported in &self.imported {
            if let Some(rest) = pointer.strip_prefix(imported.pointer.as_str()) {
                if rest.is_empty() || rest.starts_with('/') {
                    return (
                        Some(imported.file.as_path()),
                        format!("{}{rest}", imported.fragment),
                    );
                }
            }
        }
        (None, pointer.to_owned())
    }
}

/// Upper bound on nesting depth, so that hostile input cannot overflow the stack
/// of the recursive stages that follow.
pub const MAX_DEPTH: usize = 128;

/// The stack the recursive stages run on (`build`, the emitters): enough for
/// a document [`MAX_DEPTH`] levels deep in a debug build (which needed about
/// 16 MB), whatever the caller's thread has (2 MB for a spawned thread or a
/// test). Reserved, not used: pages are touched only as deep as a document
/// goes.
pub const STACK_SIZE: usize = 64 << 20;

/// Runs `work` on a thread with [`STACK_SIZE`] of stack, so a document
/// within [`MAX_DEPTH`] cannot overflow it, and returns its result (a panic
/// in it continues in the caller).
pub fn with_deep_stack<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("generator".into())
            .stack_size(STACK_SIZE)
            .spawn_scoped(scope, work)
            .expect("the system starts a thread (its stack is reserved, not committed)")
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// Reads and checks a document from a file. `.yaml`/`.yml` files are read as
/// YAML, anything else by looking at its first character.
pub fn load_path(path: &Path) -> Result<Document, Error> {
    let bytes = read_regular_file(path)?;
    let origin = path.display().to_string();
    let yaml_extension = matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    );
    let mut document = load_bytes(&bytes, &origin, yaml_extension)?;
    let bundled = crate::bundle::bundle(&mut document.raw, path)?;
    document.bundled = bundled.read;
    document.imported = bundled.imported;
    document.warnings.extend(bundled.warnings);
    Ok(document)
}

/// Reads a text file another document refers to (a Markdown description).
pub(crate) fn load_text(path: &Path) -> Result<String, Error> {
    let bytes = read_regular_file(path)?;
    String::from_utf8(bytes).map_err(|_| {
        Error::at(
            &path.display().to_string(),
            Location::File,
            "the file is not UTF-8 text",
        )
    })
}

/// Reads a file another document refers to: JSON or YAML, any value (no
/// OpenAPI version needed).
pub(crate) fn load_fragment(path: &Path) -> Result<Value, Error> {
    let bytes = read_regular_file(path)?;
    let origin = path.display().to_string();
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| Error::at(&origin, Location::File, "the file is not UTF-8 text"))?;
    let yaml = matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    );
    let value = if text.trim_start().starts_with(['{', '[']) && !yaml {
        parse_json(text, &origin)?
    } else {
        parse_yaml(text, &origin)?
    };
    check_depth(&value, &origin)?;
    Ok(value)
}

/// The bytes of a regular file. Anything else (a FIFO, a device, a socket,
/// a directory) is refused without waiting on it: reading a FIFO blocks until
/// someone writes to it, which may be never. The file is opened without
/// blocking and checked through its handle, so it cannot be swapped between
/// the check and the read.
fn read_regular_file(path: &Path) -> Result<Vec<u8>, Error> {
    use std::io::Read;
    let read_error = |source| Error::Read {
        path: path.to_owned(),
        source,
    };
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let mut file = options.open(path).map_err(read_error)?;
    let metadata = file.metadata().map_err(read_error)?;
    if !metadata.is_file() {
        let kind = if metadata.is_dir() {
            "a directory"
        } else {
            "not a regular file (a FIFO, device or socket)"
        };
        return Err(Error::at(
            &path.display().to_string(),
            Location::File,
            format!("is {kind}; only regular files are read"),
        ));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    file.read_to_end(&mut bytes).map_err(read_error)?;
    Ok(bytes)
}

/// Reads and checks a document held in memory.
pub fn load_str(text: &str, origin: &str) -> Result<Document, Error> {
    load_bytes(text.as_bytes(), origin, false)
}

fn load_bytes(bytes: &[u8], origin: &str, yaml_hint: bool) -> Result<Document, Error> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = line_column(&bytes[..e.valid_up_to()]);
        Error::at(
            origin,
            Location::Line { line, column },
            "the file is not UTF-8 text (is it a binary file?)",
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Error::at(
            origin,
            Location::File,
            "the file is empty; expected an OpenAPI document in JSON or YAML",
        ));
    }
    let looks_like_json = text.trim_start().starts_with(['{', '[']);
    let mut warnings = Vec::new();
    let raw = if looks_like_json && !yaml_hint {
        parse_json(text, origin)?
    } else {
        parse_yaml_reporting(text, origin, &mut warnings)?
    };
    check_depth(&raw, origin)?;
    let (openapi, version) = check_version(&raw, origin)?;
    Ok(Document {
        origin: origin.to_owned(),
        openapi,
        version,
        raw,
        warnings,
        bundled: Vec::new(),
        imported: Vec::new(),
    })
}

fn parse_json(text: &str, origin: &str) -> Result<Value, Error> {
    // The depth limit is [`MAX_DEPTH`], the generator's own bound, checked
    // on the text first (so the parser's recursion, whose own limit is off,
    // stays within it). Duplicate keys are an error (serde_json alone keeps
    // the last).
    check_json_depth(text, origin)?;
    let mut deserializer = serde_json::Deserializer::from_str(text);
    deserializer.disable_recursion_limit();
    let value = serde::Deserialize::deserialize(&mut deserializer)
        .and_then(|StrictValue(value)| deserializer.end().map(|()| value))
        .map_err(|e| json_error(origin, &e))?;
    Ok(value)
}

/// Refuses JSON text nested deeper than [`MAX_DEPTH`] (more than
/// `MAX_DEPTH + 1` open brackets: the outermost value is level 0), naming the
/// line and column of the bracket too many, in one pass: strings and their
/// escapes are followed exactly, so a bracket inside a string is text.
/// [`check_depth`] then names the pointer of anything at the limit itself.
fn check_json_depth(text: &str, origin: &str) -> Result<(), Error> {
    let bytes = text.as_bytes();
    let (mut depth, mut line, mut line_start) = (0usize, 1usize, 0usize);
    let (mut in_string, mut escaped) = (false, false);
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            line += 1;
            line_start = i + 1;
        }
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH + 1 {
                    let column = text[line_start..i].chars().count() + 1;
                    return Err(Error::at(
                        origin,
                        Location::Line { line, column },
                        format!("the document nests deeper than {MAX_DEPTH} levels here"),
                    ));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// A JSON value that refuses objects with the same key twice.
struct StrictValue(Value);

impl<'de> serde::Deserialize<'de> for StrictValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StrictVisitor).map(StrictValue)
    }
}

struct StrictVisitor;

impl<'de> serde::de::Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(StrictValue(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                return Err(serde::de::Error::custom(format_args!(
                    "duplicate key `{}`",
                    crate::diagnostics::excerpt(&key)
                )));
            }
            let StrictValue(value) = map.next_value()?;
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}

fn json_error(origin: &str, error: &serde_json::Error) -> Error {
    let message = error.to_string();
    // serde_json appends " at line L column C"; the location carries that.
    let message = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(head, _)| head)
        .to_owned();
    Error::at(
        origin,
        Location::Line {
            line: error.line(),
            column: error.column(),
        },
        format!("invalid JSON: {message}"),
    )
}

fn parse_yaml(text: &str, origin: &str) -> Result<Value, Error> {
    parse_yaml_reporting(text, origin, &mut Vec::new())
}

/// [`parse_yaml`], adding a warning for each integer beyond 64 bits.
/// `serde_norway::Value` has no room for them; such a document is read again
/// with [`wide::Seed`], which keeps them as (floating-point) numbers, as
/// `serde_json` does for JSON.
fn parse_yaml_reporting(
    text: &str,
    origin: &str,
    warnings: &mut Vec<Warning>,
) -> Result<Value, Error> {
    check_yaml_flow_depth(text, origin)?;
    let parsed = serde_norway::from_str(text).or_else(|first: serde_norway::Error| {
        if !first.to_string().contains("128") {
            return Err(first);
        }
        let wide = std::cell::RefCell::new(Vec::new());
        let seed = wide::Seed {
            pointer: String::new(),
            wide: &wide,
        };
        let value = serde::de::DeserializeSeed::deserialize(
            seed,
            serde_norway::Deserializer::from_str(text),
        )
        .map_err(|_| first)?;
        for (pointer, number) in wide.into_inner() {
            warnings.push(Warning {
                pointer,
                message: format!(
                    "the integer {number} does not fit in 64 bits; read as the number {}",
                    number.parse::<f64>().unwrap_or(f64::NAN)
                ),
            });
        }
        Ok(value)
    });
    let yaml: serde_norway::Value = parsed.map_err(|e| {
        let location = e.location().map_or(Location::File, |l| Location::Line {
            line: l.line(),
            column: l.column(),
        });
        let message = e.to_string();
        let message = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(head, _)| head)
            .to_owned();
        Error::at(origin, location, format!("invalid YAML: {message}"))
    })?;
    yaml_to_json(yaml, "", 0, origin)
}

/// Converts YAML to JSON. YAML allows non-string keys (`200:` for a status
/// code); they become their string form, as JSON requires.
fn yaml_to_json(
    value: serde_norway::Value,
    pointer: &str,
    depth: usize,
    origin: &str,
) -> Result<Value, Error> {
    use serde_norway::Value as Y;
    if depth > MAX_DEPTH {
        return Err(depth_error(origin, pointer));
    }
    Ok(match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                serde_json::Number::from_f64(f)
                    .map_or_else(|| Value::String(n.to_string()), Value::Number)
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, item)| yaml_to_json(item, &format!("{pointer}/{i}"), depth + 1, origin))
                .collect::<Result<_, _>>()?,
        ),
        Y::Mapping(map) => {
            let mut out = serde_json::Map::with_capacity(map.len());
            for (key, item) in map {
                let key = match key {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    Y::Null => "null".to_owned(),
                    other => {
                        return Err(Error::at_pointer(
                            origin,
                            pointer,
                            format!(
                                "unsupported YAML mapping key {}; keys must be scalars",
                                crate::diagnostics::excerpt(&format!("{other:?}"))
                            ),
                        ));
                    }
                };
                let child = crate::pointer::join(pointer, &key);
                let item = yaml_to_json(item, &child, depth + 1, origin)?;
                out.insert(key, item);
            }
            Value::Object(out)
        }
        Y::Tagged(tagged) => yaml_to_json(tagged.value, pointer, depth, origin)?,
    })
}

/// Refuses YAML whose flow collections (`[`, `{`) nest deeper than
/// [`MAX_DEPTH`], in one pass over the text (constant work per byte), before
/// the YAML parser sees it: libyaml's scanner does work proportional to the
/// flow depth for every token, so 200 KB of `[` took 41 s to reach its own
/// depth error. (Block nesting costs the parser nothing extra and is bounded
/// after parsing.)
///
/// The count is built never to fall below the real depth, whatever the text
/// makes this scan believe: a bracket counts wherever it stands (in plain
/// text YAML would read as text, `see [docs]`, too), except in comments (`#`
/// after a space, outside quotes) and block scalars (`|`, `>`); inside a
/// quoted scalar brackets count too, but the closing quote never leaves the
/// count lower than it found it, so neither a real quote (`"]"`) nor a quote
/// this scan only took for one can hide an opening bracket.
fn check_yaml_flow_depth(text: &str, origin: &str) -> Result<(), Error> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut line = 1;
    let mut line_start = 0;
    // The quote character and the depth where the quoted scalar began.
    let mut quote: Option<(u8, usize)> = None;
    // Lines indented more than this belong to a block scalar.
    let mut block_scalar: Option<usize> = None;
    // Column after the line's indentation and `- ` entries, and of its last
    // `-`: what a block scalar indicator on the line belongs to.
    let (mut entry_column, mut dash_column) = (0, None);
    // The last byte that was not a space on this line (quotes and block
    // scalar indicators start a node only after `:`, `-`, `?` or a flow
    // indicator and a space, or first on a line).
    let mut previous: Option<u8> = None;
    let mut spaced = true;
    let mut i = 0;
    while i < bytes.len() {
        if i == line_start && quote.is_none() {
            let indent = bytes[i..].iter().take_while(|&&b| b == b' ').count();
            let blank = matches!(bytes.get(i + indent), None | Some(b'\n' | b'\r'));
            if let Some(threshold) = block_scalar {
                if blank || indent > threshold {
                    i = next_line(bytes, i);
                    line += 1;
                    line_start = i;
                    continue;
                }
                block_scalar = None;
            }
            let mut column = indent;
            dash_column = None;
            while bytes.get(i + column) == Some(&b'-') && bytes.get(i + column + 1) == Some(&b' ') {
                dash_column = Some(column);
                column += 1;
                column += bytes[i + column..]
                    .iter()
                    .take_while(|&&b| b == b' ')
                    .count();
            }
            entry_column = column;
            previous = None;
            spaced = true;
        }
        let b = bytes[i];
        match (b, quote) {
            (b'\n', _) => {
                line += 1;
                line_start = i + 1;
            }
            (b'\\', Some((b'"', _))) => i += 1,
            (b'\'', Some((b'\'', _))) if bytes.get(i + 1) == Some(&b'\'') => i += 1,
            (b'"' | b'\'', Some((open, entered))) if b == open => {
                quote = None;
                depth = depth.max(entered);
            }
            (b'"' | b'\'', None)
                if spaced || matches!(previous, Some(b'[' | b'{' | b',' | b':' | b'?')) =>
            {
                quote = Some((b, depth));
            }
            (b'#', None) if spaced => {
                i = next_line(bytes, i);
                line += 1;
                line_start = i;
                continue;
            }
            (b'[' | b'{', _) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    let column = text[line_start..i].chars().count() + 1;
                    return Err(Error::at(
                        origin,
                        Location::Line { line, column },
                        format!("the document nests deeper than {MAX_DEPTH} levels here"),
                    ));
                }
            }
            (b']' | b'}', _) => {
                let floor = quote.map_or(0, |(_, entered)| entered);
                depth = depth.saturating_sub(1).max(floor.min(depth));
            }
            (b'|' | b'>', None)
                if depth == 0
                    && (previous.is_none()
                        || spaced && matches!(previous, Some(b':' | b'-' | b'?'))) =>
            {
                let at = i - line_start;
                block_scalar = Some(match dash_column {
                    Some(dash) if at == entry_column => dash,
                    _ => entry_column,
                });
            }
            _ => {}
        }
        if b != b'\n' {
            spaced = matches!(b, b' ' | b'\t');
            if !spaced {
                previous = Some(b);
            }
        }
        i += 1;
    }
    Ok(())
}

fn next_line(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |p| from + p + 1)
}

/// Reading YAML into a `serde_norway::Value` that also takes integers
/// beyond 64 bits (as `f64`), noting where each was.
mod wide {
    use std::cell::RefCell;

    use serde::de::{DeserializeSeed, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};
    use serde_norway::Value as Y;
    use serde_norway::value::{Tag, TaggedValue};

    /// Where a value is, and the wide integers met so far (pointer, text).
    pub(super) struct Seed<'a> {
        pub(super) pointer: String,
        pub(super) wide: &'a RefCell<Vec<(String, String)>>,
    }

    impl Seed<'_> {
        fn at(&self, token: &str) -> Self {
            Seed {
                pointer: crate::pointer::join(&self.pointer, token),
                wide: self.wide,
            }
        }

        fn wide(self, text: String) -> Y {
            let number = text.parse::<f64>().unwrap_or(f64::NAN);
            self.wide.borrow_mut().push((self.pointer, text));
            Y::Number(number.into())
        }
    }

    impl<'de> DeserializeSeed<'de> for Seed<'_> {
        type Value = Y;
        fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Y, D::Error> {
            deserializer.deserialize_any(self)
        }
    }

    impl<'de> Visitor<'de> for Seed<'_> {
        type Value = Y;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("any YAML value")
        }
        fn visit_bool<E>(self, v: bool) -> Result<Y, E> {
            Ok(Y::Bool(v))
        }
        fn visit_i64<E>(self, v: i64) -> Result<Y, E> {
            Ok(Y::Number(v.into()))
        }
        fn visit_u64<E>(self, v: u64) -> Result<Y, E> {
            Ok(Y::Number(v.into()))
        }
        fn visit_i128<E>(self, v: i128) -> Result<Y, E> {
            Ok(self.wide(v.to_string()))
        }
        fn visit_u128<E>(self, v: u128) -> Result<Y, E> {
            Ok(self.wide(v.to_string()))
        }
        fn visit_f64<E>(self, v: f64) -> Result<Y, E> {
            Ok(Y::Number(v.into()))
        }
        fn visit_str<E>(self, v: &str) -> Result<Y, E> {
            Ok(Y::String(v.to_owned()))
        }
        fn visit_string<E>(self, v: String) -> Result<Y, E> {
            Ok(Y::String(v))
        }
        fn visit_unit<E>(self) -> Result<Y, E> {
            Ok(Y::Null)
        }
        fn visit_none<E>(self) -> Result<Y, E> {
            Ok(Y::Null)
        }
        fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Y, D::Error> {
            self.deserialize(d)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Y, A::Error> {
            let mut items = Vec::new();
            while let Some(item) = seq.next_element_seed(self.at(&items.len().to_string()))? {
                items.push(item);
            }
            Ok(Y::Sequence(items))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Y, A::Error> {
            let mut out = serde_norway::Mapping::new();
            while let Some(key) = map.next_key_seed(self.at(""))? {
                let token = match &key {
                    Y::String(s) => s.clone(),
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    _ => String::new(),
                };
                let value = map.next_value_seed(self.at(&token))?;
                out.insert(key, value);
            }
            Ok(Y::Mapping(out))
        }
        fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Y, A::Error> {
            let (tag, variant): (String, _) = data.variant()?;
            let value = variant.newtype_variant_seed(self)?;
            Ok(Y::Tagged(Box::new(TaggedValue {
                tag: Tag::new(tag),
                value,
            })))
        }
    }
}

fn depth_error(origin: &str, pointer: &str) -> Error {
    Error::at_pointer(
        origin,
        pointer,
        format!("the document nests deeper than {MAX_DEPTH} levels here"),
    )
}

/// Refuses documents nested deeper than [`MAX_DEPTH`], naming the first place
/// that goes too deep.
fn check_depth(value: &Value, origin: &str) -> Result<(), Error> {
    fn walk(value: &Value, depth: usize, pointer: &mut String) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        let len = pointer.len();
        let ok = match value {
            Value::Array(items) => items.iter().enumerate().all(|(i, item)| {
                pointer.truncate(len);
                pointer.push_str(&format!("/{i}"));
                walk(item, depth + 1, pointer)
            }),
            Value::Object(map) => map.iter().all(|(key, item)| {
                pointer.truncate(len);
                pointer.push('/');
                pointer.push_str(&crate::pointer::escape(key));
                walk(item, depth + 1, pointer)
            }),
            _ => true,
        };
        if ok {
            pointer.truncate(len);
        }
        ok
    }
    let mut pointer = String::new();
    if walk(value, 0, &mut pointer) {
        Ok(())
    } else {
        Err(depth_error(origin, &pointer))
    }
}

fn check_version(raw: &Value, origin: &str) -> Result<(String, SpecVersion), Error> {
    let Some(root) = raw.as_object() else {
        return Err(Error::at_pointer(
            origin,
            "",
            "the document is not an object; expected an OpenAPI document with an `openapi` field",
        ));
    };
    if let Some(swagger) = root.get("swagger") {
        return Err(Error::at_pointer(
            origin,
            "/swagger",
            format!(
                "this is a Swagger {} document; only OpenAPI 3.0 and 3.1 are supported. Convert it \
                 first, for example with `npx swagger2openapi`",
                crate::diagnostics::excerpt(swagger.as_str().unwrap_or("2.0"))
            ),
        ));
    }
    let Some(openapi) = root.get("openapi") else {
        return Err(Error::at_pointer(
            origin,
            "",
            "missing the `openapi` field; is this an OpenAPI 3 document?",
        ));
    };
    let Some(openapi) = openapi.as_str() else {
        return Err(Error::at_pointer(
            origin,
            "/openapi",
            format!(
                "`openapi` must be a version string such as \"3.0.3\", found {}",
                crate::diagnostics::excerpt(&openapi.to_string())
            ),
        ));
    };
    let version = if openapi.starts_with("3.0") {
        SpecVersion::V3_0
    } else if openapi.starts_with("3.1") {
        SpecVersion::V3_1
    } else if openapi.starts_with("3.2") {
        SpecVersion::V3_2
    } else {
        return Err(Error::at_pointer(
            origin,
            "/openapi",
            format!(
                "unsupported OpenAPI version {}; supported are 3.0.x, 3.1.x and 3.2.x (read as 3.1)",
                crate::diagnostics::excerpt(&format!("{openapi:?}"))
            ),
        ));
    };
    Ok((openapi.to_owned(), version))
}

fn line_column(prefix: &[u8]) -> (usize, usize) {
    let line = prefix.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = prefix.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
    (line, column)
}
