//! Rust identifiers as data, so no caller takes `r#` off a string.

use std::fmt;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{ToTokens, TokenStreamExt};

/// Rust keywords (strict, reserved and edition 2024's `gen`) that can be raw
/// identifiers.
pub(crate) const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "static", "struct", "trait", "true", "try", "type", "unsafe", "use", "where",
    "while", "abstract", "become", "box", "do", "final", "macro", "override", "priv", "typeof",
    "unsized", "virtual", "yield",
];

/// A valid Rust identifier: the bare name (`type`, `list`), written raw
/// (`r#type`) in code when it is a keyword.
///
/// [`as_str`](Self::as_str) and `Display` give the bare name, for what is
/// not code: file names (`type.rs`), statics (`TYPE`), docs and commands.
/// [`ident`](Self::ident) and `ToTokens` give the token to emit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Identifier {
    name: String,
}

impl Identifier {
    /// `name`, which must be a valid identifier once raw where it is a
    /// keyword ([`names`](super::names) makes such names).
    pub(crate) fn new(name: impl Into<String>) -> Self {
        Identifier { name: name.into() }
    }

    /// From the text of an identifier as written in code, `r#` marking a
    /// raw one: how names made as text (`names::snake_case_or`) come in.
    pub(crate) fn parse(text: &str) -> Self {
        Identifier::new(bare(text))
    }

    /// The bare name.
    pub fn as_str(&self) -> &str {
        &self.name
    }

    /// Whether code writes it raw (`r#type`).
    pub fn is_raw(&self) -> bool {
        KEYWORDS.contains(&self.name.as_str())
    }

    /// The identifier as code writes it: `r#type`, `list`.
    pub fn code(&self) -> String {
        if self.is_raw() {
            format!("r#{}", self.name)
        } else {
            self.name.clone()
        }
    }

    /// The token: raw when a keyword.
    pub fn ident(&self) -> Ident {
        if self.is_raw() {
            Ident::new_raw(&self.name, Span::call_site())
        } else {
            Ident::new(&self.name, Span::call_site())
        }
    }
}

impl fmt::Display for Identifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

impl ToTokens for Identifier {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.append(self.ident());
    }
}

impl PartialEq<str> for Identifier {
    fn eq(&self, other: &str) -> bool {
        self.name == other
    }
}

impl PartialEq<&str> for Identifier {
    fn eq(&self, other: &&str) -> bool {
        self.name == *other
    }
}

/// The bare name of an identifier written as code (`r#type` → `type`), for
/// names still carried as text.
pub(crate) fn bare(code: &str) -> &str {
    code.strip_prefix("r#").unwrap_or(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_are_raw_in_code_only() {
        let ty = Identifier::new("type");
        assert!(ty.is_raw());
        assert_eq!(ty.as_str(), "type");
        assert_eq!(ty.to_string(), "type");
        assert_eq!(ty.ident().to_string(), "r#type");
        assert_eq!(ty.code(), "r#type");
        assert_eq!(quote::quote!(#ty).to_string(), "r#type");
        assert_eq!(Identifier::parse("r#type"), ty);
        let list = Identifier::parse("list");
        assert!(!list.is_raw());
        assert_eq!(list.ident().to_string(), "list");
        assert_eq!(list, "list");
    }
}
