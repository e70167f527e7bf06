//! n8n trigger-node properties for a document's webhooks: one "Events"
//! multi-options property listing every event, as the WAHA n8n node builds
//! its trigger by hand, so the trigger comes from the same document as the
//! action node. (The npm package builds action nodes only; there is no
//! output of its to match here.)

use serde_json::{Value, json};

use crate::model::Model;

/// `[{displayName: "Events", name: "events", type: "multiOptions",
/// required: true, default: [], options: [{name, value, description}...]}]`:
/// an option per webhook in document order, named and valued by the event
/// name the server sends, described by its summary (else its description).
/// The same name declared twice is listed once.
pub fn trigger_properties(model: &Model) -> Value {
    let mut seen = std::collections::HashSet::new();
    let options: Vec<Value> = model
        .webhooks
        .iter()
        .filter(|hook| seen.insert(hook.path.as_str()))
        .map(|hook| {
            let description = [&hook.summary, &hook.description]
                .into_iter()
                .find_map(|text| text.as_deref().map(str::trim).filter(|t| !t.is_empty()))
                .unwrap_or_default();
            json!({"name": hook.path, "value": hook.path, "description": description})
        })
        .collect();
    json!([{
        "displayName": "Events",
        "name": "events",
        "type": "multiOptions",
        "required": true,
        "default": [],
        "options": options,
    }])
}
