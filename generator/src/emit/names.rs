//! Rust names from arbitrary document names, deterministic and documented:
//!
//! - words come from `heck` (snake case for modules, functions, fields and
//!   arguments; upper camel case for types and variants); characters outside
//!   ASCII letters and digits are word separators and disappear (emoji too);
//! - a name that starts with a digit gets a prefix: `_` in snake case
//!   (`2fa` → `_2fa`), `N` in camel case (`2fa` → `N2fa`);
//! - an empty result takes the caller's fallback (`field`, `Value`, ...);
//! - Rust keywords become raw identifiers (`type` → `r#type`), except those
//!   that cannot be raw: in snake case (`self`, `crate`, `super`) they get a
//!   trailing `_` (names built from them drop it: `self_` → `with_self`,
//!   `self_bytes`); in camel case `Self` becomes `SelfType`, which stays a
//!   valid camel-case name when a suffix is added (`SelfTypeOptions`, where
//!   `Self_Options` would fail `non_camel_case_types`);
//! - collisions after conversion, within one scope, are resolved by a
//!   [`NameAllocator`] in document order: the second `pet_id` becomes
//!   `pet_id_2`, the second `Pet` type `Pet2`.

use std::collections::HashSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

use super::identifier::Identifier;

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "crate", "super", "_"];

/// Keeps ASCII letters and digits, turning everything else into a separator.
fn ascii_words(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

/// A valid snake-case identifier for `name`.
pub fn snake_identifier(name: &str, fallback: &str) -> Identifier {
    let mut out = ascii_words(name).to_snake_case();
    if out.is_empty() {
        out = fallback.to_owned();
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    if NOT_RAW.contains(&out.as_str()) {
        out.push('_');
    }
    Identifier::new(out)
}

/// [`snake_identifier`] as code writes it (`r#`-prefixed when a keyword).
pub fn snake_case_or(name: &str, fallback: &str) -> String {
    snake_identifier(name, fallback).code()
}

/// A valid upper-camel-case identifier for `name`.
pub fn upper_camel_case_or(name: &str, fallback: &str) -> String {
    let mut out = ascii_words(name).to_upper_camel_case();
    if out.is_empty() {
        out = fallback.to_owned();
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'N');
    }
    // Upper camel case starts with a capital: `Self` is its only keyword.
    if out == "Self" {
        return "SelfType".to_owned();
    }
    out
}

/// Hands out names in one scope, making each unique by a numeric suffix.
#[derive(Debug, Clone, Default)]
pub struct NameAllocator {
    used: HashSet<String>,
}

impl NameAllocator {
    /// An empty scope.
    pub fn new() -> Self {
        Self::default()
    }

    /// A scope where `reserved` names are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        let mut allocator = Self::new();
        for name in reserved {
            allocator.reserve(name);
        }
        allocator
    }

    /// Marks `name` as taken without handing it out (names the emitted code
    /// uses unqualified, such as `Option`).
    pub fn reserve(&mut self, name: &str) {
        self.used
            .insert(Identifier::parse(name).as_str().to_owned());
    }

    /// Whether `name` is already taken.
    pub fn is_taken(&self, name: &str) -> bool {
        self.used.contains(Identifier::parse(name).as_str())
    }

    /// [`allocate_identifier`](Self::allocate_identifier) for a name as code
    /// writes it (`r#type`), given back the same way.
    pub fn allocate(&mut self, candidate: &str) -> String {
        self.allocate_identifier(&Identifier::parse(candidate))
            .code()
    }

    /// `candidate` if free, else `candidate_2`, `candidate_3`, ... (snake
    /// case) or `Candidate2`, ... (camel case); the result is then taken.
    pub fn allocate_identifier(&mut self, candidate: &Identifier) -> Identifier {
        let base = candidate.as_str();
        if self.used.insert(base.to_owned()) {
            return candidate.clone();
        }
        let camel = base.starts_with(|c: char| c.is_ascii_uppercase());
        let separator = if camel { "" } else { "_" };
        let stem = base.trim_end_matches('_');
        (2..)
            .map(|n| format!("{stem}{separator}{n}"))
            .find(|name| self.used.insert(name.clone()))
            .map_or_else(|| candidate.clone(), Identifier::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases_and_separators() {
        assert_eq!(snake_case_or("addSessionSSE", "f"), "add_session_sse");
        assert_eq!(snake_case_or("🖥️ Sessions", "f"), "sessions");
        assert_eq!(snake_case_or("x-api-key", "f"), "x_api_key");
        assert_eq!(upper_camel_case_or("group.setting", "T"), "GroupSetting");
        assert_eq!(
            upper_camel_case_or("WAHAWebhookMessage", "T"),
            "WahaWebhookMessage"
        );
    }

    #[test]
    fn keywords_digits_and_empty_names() {
        assert_eq!(snake_case_or("type", "f"), "r#type");
        assert_eq!(snake_case_or("match", "f"), "r#match");
        assert_eq!(snake_case_or("self", "f"), "self_");
        assert_eq!(snake_case_or("crate", "f"), "crate_");
        assert_eq!(upper_camel_case_or("Self", "T"), "SelfType");
        assert_eq!(snake_case_or("2fa", "f"), "_2fa");
        assert_eq!(upper_camel_case_or("2fa", "T"), "N2fa");
        assert_eq!(snake_case_or("🔑", "field"), "field");
        assert_eq!(upper_camel_case_or("", "Value"), "Value");
    }

    #[test]
    fn every_keyword_class_is_escaped() {
        assert_eq!(snake_case_or("super", "f"), "super_");
        assert_eq!(snake_case_or("Self", "f"), "self_");
        assert_eq!(upper_camel_case_or("self", "T"), "SelfType");
        assert_eq!(snake_case_or("async", "f"), "r#async");
        assert_eq!(snake_case_or("gen", "f"), "r#gen");
        assert_eq!(snake_case_or("_", "f"), "f");
        // Keywords only matter after case conversion.
        assert_eq!(snake_case_or("Type", "f"), "r#type");
        assert_eq!(upper_camel_case_or("type", "T"), "Type");
    }

    #[test]
    fn non_ascii_is_dropped_and_splits_words() {
        assert_eq!(snake_case_or("café au lait", "f"), "caf_au_lait");
        assert_eq!(upper_camel_case_or("📱 Chats 💬", "T"), "Chats");
        assert_eq!(upper_camel_case_or("✅", "Variant3"), "Variant3");
        assert_eq!(snake_case_or("42", "f"), "_42");
    }

    #[test]
    fn reserved_names_are_skipped_but_not_handed_out() {
        let mut types = NameAllocator::new();
        assert!(!types.is_taken("Option"));
        types.reserve("Option");
        assert!(types.is_taken("Option"));
        assert_eq!(types.allocate("Option"), "Option2");
        assert_eq!(types.allocate("Pet"), "Pet");
    }

    #[test]
    fn collisions_get_numbered_in_order() {
        let mut names = NameAllocator::with_reserved(&["body"]);
        assert_eq!(names.allocate("pet_id"), "pet_id");
        assert_eq!(names.allocate("pet_id"), "pet_id_2");
        assert_eq!(names.allocate("pet_id"), "pet_id_3");
        assert_eq!(names.allocate("body"), "body_2");
        assert_eq!(names.allocate("r#type"), "r#type");
        assert_eq!(names.allocate("r#type"), "type_2");
        let mut types = NameAllocator::new();
        assert_eq!(types.allocate("Pet"), "Pet");
        assert_eq!(types.allocate("Pet"), "Pet2");
        assert_eq!(types.allocate("Self_"), "Self_");
        assert_eq!(types.allocate("Self_"), "Self2");
    }
}
