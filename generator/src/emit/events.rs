//! The generated `events` module: one `Event` enum with a variant per webhook
//! the document declares (3.1 `webhooks`, or a 3.0 document's `x-webhooks`),
//! each carrying its typed payload, `Other` for every event the document
//! does not know (servers add events; an unknown one is never an error), and
//! `Unreadable` for a declared event whose body does not fit its payload type
//! (with the reason, naming the field): a sender does not retry a refused
//! delivery, so only a body that is not a JSON object is an error.
//!
//! How a delivery picks its variant: the body's top-level `event` field is
//! matched against the webhook's name (its key under `webhooks`). Both servers
//! this project knows put it there: WAHA's payloads carry `event`, and so does
//! baileys-api's envelope `{sessionId, event, data, status, message}`. The
//! webhook's JSON request body schema is the variant's payload type; a
//! webhook without one carries `serde_json::Value`.

use proc_macro2::TokenStream;
use quote::quote;

use super::names::{self, NameAllocator};
use super::types::TypeSpace;
use super::{doc_attrs, ident};
use crate::model::{Model, Operation};

/// The plan of one variant: what the metadata lists and the enum holds.
#[derive(Debug, Clone)]
pub struct EventPlan {
    /// The webhook's name, e.g. `message.ack`: the body's `event` value.
    pub name: String,
    /// The Rust variant, e.g. `MessageAck`.
    pub variant: String,
    /// The payload type as Rust text from the crate root, e.g.
    /// `models::WahaWebhookMessageAck`.
    pub payload_type: String,
    /// The summary, else the description, else empty.
    pub summary: String,
    /// The description, else the summary, else empty.
    pub description: String,
    payload: TokenStream,
}

/// The name of the catch-all variant, reserved before the webhooks'.
const OTHER: &str = "Other";
/// The variant of a declared event whose body does not fit its payload type.
const UNREADABLE: &str = "Unreadable";

/// One plan per webhook with a name, in document order. The same name
/// declared twice (two methods under one key) keeps the first: a delivery
/// carries only the name.
pub fn event_plans(model: &Model, types: &mut TypeSpace) -> Vec<EventPlan> {
    let mut variants = NameAllocator::new();
    variants.reserve(OTHER);
    variants.reserve(UNREADABLE);
    let mut seen = std::collections::HashSet::new();
    let mut plans = Vec::new();
    for hook in &model.webhooks {
        let name = hook.path.clone();
        if !seen.insert(name.clone()) {
            continue;
        }
        let variant = variants.allocate(&names::upper_camel_case_or(&name, "Event"));
        let payload = match json_schema(hook) {
            Some(schema) => types.type_of(schema, &format!("{variant}Event")),
            None => quote!(serde_json::Value),
        };
        let summary = first_text(&[&hook.summary, &hook.description]);
        let description = first_text(&[&hook.description, &hook.summary]);
        plans.push(EventPlan {
            name,
            variant,
            // As a user names it from the crate root (`models::X`), not
            // as the events module does (`super::models::X`).
            payload_type: payload
                .to_string()
                .replace(' ', "")
                .replace("super::models::", "models::"),
            summary,
            description,
            payload,
        });
    }
    plans
}

fn first_text(texts: &[&Option<String>]) -> String {
    texts
        .iter()
        .find_map(|t| t.as_deref().map(str::trim).filter(|t| !t.is_empty()))
        .unwrap_or_default()
        .to_owned()
}

fn json_schema(hook: &Operation) -> Option<&crate::model::SchemaRef> {
    let body = hook.request_body.as_ref()?;
    body.content
        .iter()
        .find(|media| media.is_json())
        .and_then(|media| media.schema.as_ref())
}

/// The `events.rs` module.
pub fn events_module(model: &Model, plans: &[EventPlan]) -> TokenStream {
    let rt = super::runtime_path();
    let module_doc = super::inner_doc_attrs(&format!(
        "The events {} sends to a webhook, one [`Event`] variant each, generated from the \
         document's webhooks.\n\nA delivery's variant is the one whose name is the body's `event` \
         field; an event the document does not declare arrives as [`Event::Other`], never as an \
         error. Read deliveries with [`Event::from_json`], or receive them with \
         [`runtime::webhook`](super::runtime::webhook), which also checks signatures.",
        model.title.trim()
    ));
    let variants = plans.iter().map(|plan| {
        let variant = ident(&plan.variant);
        let payload = &plan.payload;
        // The name in a sentence of its own: a description may open with a
        // code block, which must start its own paragraph.
        let mut doc = format!("The {} event.", super::text::code_span(&plan.name));
        if !plan.description.is_empty() {
            doc.push_str("\n\n");
            doc.push_str(&plan.description);
        }
        let doc = doc_attrs(&doc);
        quote!(#doc #variant(#payload),)
    });
    let arms = plans.iter().map(|plan| {
        let variant = ident(&plan.variant);
        let name = &plan.name;
        quote!(Some(#name) => Self::read(body, #name, Self::#variant),)
    });
    let name_arms = plans.iter().map(|plan| {
        let variant = ident(&plan.variant);
        let name = &plan.name;
        quote!(Self::#variant(_) => Some(#name),)
    });
    let names = plans.iter().map(|plan| &plan.name);
    let from_value_doc = doc_attrs(
        "Reads a delivery's JSON body: the variant named by its `event` field, else \
         [`Event::Other`]. A declared event whose body does not fit its payload type is \
         [`Event::Unreadable`], with the reason: every delivery reaches the application. Only \
         a body that is not a JSON object is an error.",
    );
    quote! {
        #module_doc

        #![allow(
            clippy::large_enum_variant,
            reason = "payloads are the document's types, read once per delivery"
        )]

        /// Every event name the document declares, in document order.
        pub const NAMES: &[&str] = &[#(#names),*];

        /// One event delivered to a webhook.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum Event {
            #(#variants)*
            /// An event the document does not declare: its name (the body's
            /// `event` field; `None` when there is none) and the whole body.
            Other {
                /// The body's `event` field.
                name: Option<String>,
                /// The body as received.
                body: serde_json::Value,
            },
            /// A declared event whose body does not read as its payload type
            /// (a sender of another version than the document, say): handed
            /// over as received rather than refused, since a sender does not
            /// retry a refusal.
            Unreadable {
                /// The body's `event` field.
                name: String,
                /// The body as received.
                body: serde_json::Value,
                /// Why it does not read as its type, naming the field.
                reason: String,
            },
        }

        impl Event {
            #from_value_doc
            pub fn from_value(body: serde_json::Value) -> Result<Self, serde_json::Error> {
                if !body.is_object() {
                    return Err(<serde_json::Error as serde::de::Error>::custom(
                        "a delivery's body must be a JSON object",
                    ));
                }
                let name = body.get("event").and_then(serde_json::Value::as_str).map(str::to_owned);
                Ok(match name.as_deref() {
                    #(#arms)*
                    _ => Self::Other { name, body },
                })
            }

            /// The payload as `variant`'s type, else [`Event::Unreadable`].
            #[allow(dead_code, reason = "unused when the document declares no webhook")]
            fn read<T: serde::de::DeserializeOwned>(
                body: serde_json::Value,
                name: &str,
                variant: fn(T) -> Self,
            ) -> Self {
                match #rt::webhook::read_payload(&body) {
                    Ok(payload) => variant(payload),
                    Err(reason) => Self::Unreadable { name: name.to_owned(), body, reason },
                }
            }

            /// [`from_value`](Self::from_value) on the body's bytes.
            pub fn from_json(body: &[u8]) -> Result<Self, serde_json::Error> {
                Self::from_value(serde_json::from_slice(body)?)
            }

            /// The event's name, as the body's `event` field gives it.
            pub fn name(&self) -> Option<&str> {
                match self {
                    #(#name_arms)*
                    Self::Other { name, .. } => name.as_deref(),
                    Self::Unreadable { name, .. } => Some(name.as_str()),
                }
            }
        }

        impl #rt::webhook::WebhookEvent for Event {
            fn from_value(body: serde_json::Value) -> Result<Self, serde_json::Error> {
                Self::from_value(body)
            }
        }
    }
}
