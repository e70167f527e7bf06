//! `Deserialize` for the generated structs, written out instead of derived.
//!
//! `#[derive(Deserialize)]` makes five impls per struct (a field enum, its
//! visitor and `Deserialize`, a visitor with `visit_seq` and `visit_map`, the
//! struct's `Deserialize`), and type- and borrow-checking them was over half
//! of the models' compile time (WAHA's models: 2.0 s, of which the derived
//! `Deserialize` took 1.1 s). Here each struct writes only
//! a `FromMap` impl that reads the object's entries; the visitor, the key
//! lookups and the missing-field error live once per `models.rs`, in the
//! `field_keys` module.
//!
//! Behaviour matches the derive for JSON objects: unknown keys are skipped
//! (or collected into `additional_properties`), a missing required field is
//! serde's "missing field" error, a missing or `null` optional field is
//! `None`. Two differences, both lenient: a repeated key keeps its last value
//! (the derive refuses it), and a JSON array is not read as a struct's fields
//! in order (the derive's `visit_seq`; no JSON API sends objects that way).

use proc_macro2::TokenStream;
use quote::quote;

use super::StdPaths;
use crate::emit::ident;

/// One field as the visitor fills it.
pub(super) struct FieldSlot {
    /// The key in the JSON object.
    pub wire: String,
    /// The Rust field name (possibly raw, `r#type`).
    pub field: String,
    /// Whether the field's type is `Option<_>`: missing and `null` are `None`.
    pub optional: bool,
    /// The field's whole type when its integers travel as strings: read
    /// through `runtime::int_string::Read<type>`.
    pub read_through: Option<TokenStream>,
}

/// Which helpers of the `field_keys` module the models use.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct HelpersUsed {
    /// `field_keys::Known`, for structs without additional properties.
    pub known: bool,
    /// `field_keys::KnownOrName`, for structs that keep the other keys.
    pub known_or_name: bool,
    /// `field_keys::required`, for structs with a required field.
    pub required: bool,
}

impl HelpersUsed {
    pub fn any(self) -> bool {
        self.known || self.known_or_name
    }
}

/// `impl Deserialize for #rust`; `additional` says whether other keys go
/// into the `additional_properties` map.
pub(super) fn deserialize_impl(
    rust: &str,
    fields: &[FieldSlot],
    additional: bool,
    std: &StdPaths,
    used: &mut HelpersUsed,
) -> TokenStream {
    let result = &std.result;
    let ty = ident(rust);
    let expecting = format!("a {rust} object");
    // Structs always have a property or additional properties (`shape`).
    let body = fields_body(&ty, fields, additional, used);
    quote! {
        impl<'de> serde::Deserialize<'de> for #ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                field_keys::read(deserializer)
            }
        }

        impl field_keys::FromMap for #ty {
            const EXPECTING: &'static str = #expecting;
            fn from_map<'de, A: serde::de::MapAccess<'de>>(mut __map: A) -> #result<Self, A::Error> {
                #body
            }
        }
    }
}

/// `from_map`'s body: one local per field, filled as keys come, then the
/// struct.
fn fields_body(
    ty: &proc_macro2::Ident,
    fields: &[FieldSlot],
    additional: bool,
    used: &mut HelpersUsed,
) -> TokenStream {
    let rt = crate::emit::runtime_path();
    let models = crate::emit::models_path();
    let wires = fields.iter().map(|f| f.wire.as_str());
    // Locals are numbered, not named after the fields: a field named `foo`
    // or `_1` (from `+1`) would trip clippy's `disallowed_names` and
    // `just_underscores_and_digits`.
    let locals: Vec<proc_macro2::Ident> = (0..fields.len())
        .map(|index| ident(&format!("__field{index}")))
        .collect();
    let arms = fields
        .iter()
        .zip(&locals)
        .enumerate()
        .map(|(index, (slot, local))| {
            let index = proc_macro2::Literal::usize_unsuffixed(index);
            let next = match &slot.read_through {
                Some(ty) => quote!(__map.next_value::<#rt::int_string::Read<#ty>>()?.0),
                None => quote!(__map.next_value()?),
            };
            let value = if slot.optional {
                quote!(#local = #next)
            } else {
                quote!(#local = Some(#next))
            };
            if additional {
                quote!(Ok(#index) => #value,)
            } else {
                quote!(Some(#index) => #value,)
            }
        });
    let values: Vec<TokenStream> = fields
        .iter()
        .zip(&locals)
        .map(|(slot, local)| {
            let field = ident(&slot.field);
            if slot.optional {
                quote!(#field: #local)
            } else {
                used.required = true;
                let wire = &slot.wire;
                quote!(#field: field_keys::required(#local, #wire)?)
            }
        })
        .collect();
    let (seed, other, extra_local, extra_value) = if additional {
        used.known_or_name = true;
        (
            quote!(field_keys::KnownOrName),
            quote! {
                Ok(_) => {
                    __map.next_value::<serde::de::IgnoredAny>()?;
                }
                Err(__other) => {
                    additional_properties.insert(__other, __map.next_value()?);
                }
            },
            quote!(let mut additional_properties = std::collections::BTreeMap::new();),
            quote!(additional_properties,),
        )
    } else {
        used.known = true;
        (
            quote!(field_keys::Known),
            quote! {
                _ => {
                    __map.next_value::<serde::de::IgnoredAny>()?;
                }
            },
            quote!(),
            quote!(),
        )
    };
    quote! {
        #(let mut #locals = None;)*
        #extra_local
        while let Some(__key) = __map.next_key_seed(#seed(&[#(#wires),*]))? {
            match __key {
                #(#arms)*
                #other
            }
        }
        Ok(#models::#ty {
            #(#values,)*
            #extra_value
        })
    }
}

/// The `field_keys` module: the key lookups every generated `Deserialize`
/// shares, emitted once with only the helpers in use.
pub(super) fn field_keys_module(used: HelpersUsed, std: &StdPaths) -> TokenStream {
    let result = &std.result;
    let option = &std.option;
    let string = &std.string;
    let required = used.required.then(|| {
        quote! {
            /// A required field's value, or serde's "missing field" error.
            pub(super) fn required<T, E: Error>(value: #option<T>, field: &'static str) -> #result<T, E> {
                value.ok_or_else(|| E::missing_field(field))
            }
        }
    });
    let known = used.known.then(|| {
        quote! {
            /// Which of a struct's fields a key names (`None` for other keys).
            pub(super) struct Known(pub(super) &'static [&'static str]);

            impl<'de> DeserializeSeed<'de> for Known {
                type Value = #option<usize>;
                fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> #result<Self::Value, D::Error> {
                    deserializer.deserialize_identifier(self)
                }
            }

            impl<'de> Visitor<'de> for Known {
                type Value = #option<usize>;
                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("a field name")
                }
                fn visit_str<E: Error>(self, key: &str) -> #result<Self::Value, E> {
                    Ok(self.0.iter().position(|name| *name == key))
                }
                fn visit_bytes<E: Error>(self, key: &[u8]) -> #result<Self::Value, E> {
                    Ok(self.0.iter().position(|name| name.as_bytes() == key))
                }
            }
        }
    });
    let known_or_name = used.known_or_name.then(|| {
        quote! {
            /// Which of a struct's fields a key names, or the key itself
            /// (for `additional_properties`).
            pub(super) struct KnownOrName(pub(super) &'static [&'static str]);

            impl<'de> DeserializeSeed<'de> for KnownOrName {
                type Value = #result<usize, #string>;
                fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> #result<Self::Value, D::Error> {
                    deserializer.deserialize_identifier(self)
                }
            }

            impl<'de> Visitor<'de> for KnownOrName {
                type Value = #result<usize, #string>;
                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("a field name")
                }
                fn visit_str<E: Error>(self, key: &str) -> #result<Self::Value, E> {
                    Ok(self.0.iter().position(|name| *name == key).ok_or_else(|| key.to_owned()))
                }
                fn visit_bytes<E: Error>(self, key: &[u8]) -> #result<Self::Value, E> {
                    match std::str::from_utf8(key) {
                        Ok(key) => self.visit_str(key),
                        Err(_) => Err(E::invalid_value(serde::de::Unexpected::Bytes(key), &self)),
                    }
                }
            }
        }
    });
    quote! {
        /// What the structs' `Deserialize` impls share: one visitor for
        /// every struct, and the key lookups (serde's derive makes a field
        /// enum and two visitors per struct, which compile several times
        /// slower).
        mod field_keys {
            use serde::de::{DeserializeSeed, Deserializer, Error, MapAccess, Visitor};

            /// A struct read from a JSON object, key by key.
            pub(super) trait FromMap: Sized {
                /// What the struct is, for errors ("a Pet object").
                const EXPECTING: &'static str;
                /// Reads the struct from the object's entries.
                fn from_map<'de, A: MapAccess<'de>>(map: A) -> #result<Self, A::Error>;
            }

            /// Every struct's visitor: an object, handed to its `FromMap`.
            struct MapVisitor<T>(std::marker::PhantomData<T>);

            impl<'de, T: FromMap> Visitor<'de> for MapVisitor<T> {
                type Value = T;
                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str(T::EXPECTING)
                }
                fn visit_map<A: MapAccess<'de>>(self, map: A) -> #result<T, A::Error> {
                    T::from_map(map)
                }
            }

            /// `Deserialize::deserialize` for a struct.
            pub(super) fn read<'de, D: Deserializer<'de>, T: FromMap>(deserializer: D) -> #result<T, D::Error> {
                deserializer.deserialize_map(MapVisitor(std::marker::PhantomData))
            }

            #required
            #known
            #known_or_name
        }
    }
}
