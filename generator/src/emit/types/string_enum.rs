//! A string enum: one variant per value plus `Other(String)`, with serde
//! written by hand so that a value this client does not know (a newer server)
//! deserializes into `Other` and serializes back unchanged. `#[serde(other)]`
//! cannot keep the value, hence the hand-written impls.

use proc_macro2::TokenStream;
use quote::quote;

use super::StdPaths;
use crate::emit::names::{self, NameAllocator};
use crate::emit::{doc_attrs, ident};

/// Variant names for `values`, in order: upper camel case, `Empty` for the
/// empty string, collisions numbered; `Other` is kept for the catch-all.
pub(super) fn variant_names(values: &[String]) -> Vec<String> {
    let mut names = NameAllocator::with_reserved(&["Other"]);
    values
        .iter()
        .map(|value| names.allocate(&names::upper_camel_case_or(value, "Empty")))
        .collect()
}

/// The enum, `as_str`, `Display`, `From<&str>`, `FromStr` and serde impls.
pub(super) fn string_enum(rust: &str, doc: &str, values: &[String], std: &StdPaths) -> TokenStream {
    // A value listed twice is one variant (two would be unreachable arms).
    let mut unique: Vec<String> = Vec::with_capacity(values.len());
    for value in values {
        if !unique.contains(value) {
            unique.push(value.clone());
        }
    }
    let values = unique.as_slice();
    let StdPaths {
        string,
        result,
        from,
        ..
    } = std;
    let variants: Vec<(proc_macro2::Ident, &String)> = variant_names(values)
        .iter()
        .map(|name| ident(name))
        .zip(values)
        .collect();
    let doc = doc_attrs(doc);
    let rust = ident(rust);
    let definitions = variants.iter().map(|(variant, value)| {
        let doc = if value.is_empty() {
            doc_attrs("The empty string.")
        } else {
            doc_attrs(&crate::emit::text::code_span(value))
        };
        quote!(#doc #variant,)
    });
    let to_str = variants
        .iter()
        .map(|(variant, value)| quote!(Self::#variant => #value,));
    let from_str = variants
        .iter()
        .map(|(variant, value)| quote!(#value => Self::#variant,));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #rust {
            #(#definitions)*
            /// A value this client does not know (the server may be newer).
            Other(#string),
        }

        impl #rust {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::Other(value) => value,
                }
            }
        }

        impl std::fmt::Display for #rust {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl #from<&str> for #rust {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => Self::Other(other.to_owned()),
                }
            }
        }

        // `Self::Err` would be ambiguous beside a variant named `Err`: no
        // associated item is named through `Self::` in these impls.
        impl std::str::FromStr for #rust {
            type Err = std::convert::Infallible;

            fn from_str(value: &str) -> #result<Self, std::convert::Infallible> {
                Ok(Self::from(value))
            }
        }

        impl serde::Serialize for #rust {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> #result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for #rust {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                let value = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from(value.as_ref()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_are_camel_case_with_empty_and_collisions_handled() {
        let values: Vec<String> = [
            "SCAN_QR_CODE",
            "",
            "other",
            "Other",
            "image/png",
            "2fa",
            "self",
        ]
        .iter()
        .map(|v| (*v).to_owned())
        .collect();
        assert_eq!(
            variant_names(&values),
            [
                "ScanQrCode",
                "Empty",
                "Other2",
                "Other3",
                "ImagePng",
                "N2fa",
                "SelfType"
            ]
        );
    }

    #[test]
    fn values_map_to_variants_and_unknown_ones_to_other() {
        let tokens = string_enum(
            "Status",
            "The status.",
            &["WORKING".to_owned(), "FAILED".to_owned()],
            &StdPaths::unqualified(),
        )
        .to_string();
        assert!(
            tokens.contains("\"WORKING\" => Self :: Working"),
            "{tokens}"
        );
        assert!(tokens.contains("Self :: Failed => \"FAILED\""), "{tokens}");
        assert!(
            tokens.contains("other => Self :: Other (other . to_owned ())"),
            "{tokens}"
        );
    }
}
