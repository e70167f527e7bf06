//! Webhook deliveries as the real servers post them: baileys-api's envelope
//! for every event of `seed-api.md` section 7, and WAHA payloads built from
//! its document's webhook schemas and examples.

use serde_json::{Map, Value, json};

/// The session every baileys delivery names.
pub const PHONE: &str = "6281234567890";

/// A stored/incoming message as `messages.upsert` carries it.
pub fn incoming_message(id: &str, from: &str, text: &str) -> Value {
    json!({
        "key": {"remoteJid": from, "fromMe": false, "id": id},
        "message": {"conversation": text},
        "messageTimestamp": 1700000000,
        "pushName": "Ann"
    })
}

/// baileys-api's envelope: `{sessionId, event, data, status}`.
pub fn baileys(event: &str, data: Value) -> Value {
    json!({"sessionId": PHONE, "event": event, "data": data, "status": "success"})
}

/// Every event baileys-api 2.0.0 emits (section 7), with its `data`.
pub fn baileys_events() -> Vec<(&'static str, Value)> {
    let message = incoming_message("A", "1@s.whatsapp.net", "hi");
    vec![
        (
            "qrcode.updated",
            json!({"qr": "data:image/png;base64,AAAA"}),
        ),
        ("connection.update", json!({"status": "connected"})),
        (
            "messages.upsert",
            json!({"messages": [message.clone()], "type": "notify"}),
        ),
        (
            "messages.update",
            json!({"messages": [{"key": message["key"], "update": {"status": 3}}]}),
        ),
        (
            "messages.delete",
            json!({"message": {"keys": [message["key"]]}}),
        ),
        (
            "message-receipt.update",
            json!({"message": {"key": message["key"], "receipt": {"userJid": "2@s.whatsapp.net", "readTimestamp": 1700000001}}}),
        ),
        (
            "messages.reaction",
            json!({"message": {"key": message["key"], "reaction": {"text": "👍"}}}),
        ),
        (
            "send.message",
            json!({"jid": "1@s.whatsapp.net", "result": message}),
        ),
        (
            "chats.set",
            json!({"chats": [{"id": "1@s.whatsapp.net", "unreadCount": 2}]}),
        ),
        (
            "chats.upsert",
            json!({"chats": [{"id": "1@s.whatsapp.net"}]}),
        ),
        (
            "chats.update",
            json!({"chats": [{"id": "1@s.whatsapp.net", "unreadCount": 0}]}),
        ),
        ("chats.delete", json!({"chats": ["1@s.whatsapp.net"]})),
        (
            "contacts.set",
            json!({"contacts": [{"id": "1@s.whatsapp.net", "notify": "Ann"}]}),
        ),
        (
            "contacts.upsert",
            json!({"contacts": [{"id": "1@s.whatsapp.net", "name": null}]}),
        ),
        (
            "contacts.update",
            json!({"contacts": [{"id": "1@s.whatsapp.net", "imgUrl": "changed"}]}),
        ),
        (
            "groups.upsert",
            json!({"groups": [{"id": "120363025246125486@g.us", "subject": "Team", "participants": [{"id": "1@s.whatsapp.net", "admin": null}]}]}),
        ),
        (
            "groups.update",
            json!({"groups": [{"id": "120363025246125486@g.us", "announce": true}]}),
        ),
        (
            "group-participants.update",
            json!({"groupId": "120363025246125486@g.us", "action": "add", "participants": ["1@s.whatsapp.net"]}),
        ),
    ]
}

/// The webhooks of a WAHA document (`webhooks`, name → body schema), each
/// with a payload built from its schema: `default`, then `example`, then the
/// first `enum` value, then the schema's shape, every property filled in.
pub fn waha_events(document: &Value) -> Vec<(String, Value)> {
    let hooks = document["webhooks"]
        .as_object()
        .expect("WAHA declares webhooks");
    hooks
        .iter()
        .map(|(name, item)| {
            let schema = &item["post"]["requestBody"]["content"]["application/json"]["schema"];
            (name.clone(), example(document, schema, 0))
        })
        .collect()
}

fn resolve<'a>(document: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(pointer) => resolve(
            document,
            document.pointer(&pointer[1..]).expect("a local $ref"),
        ),
        None => schema,
    }
}

fn example(document: &Value, schema: &Value, depth: usize) -> Value {
    let schema = resolve(document, schema);
    for key in ["default", "example"] {
        if let Some(value) = schema.get(key) {
            return value.clone();
        }
    }
    if let Some(first) = schema.get("enum").and_then(|e| e.get(0)) {
        return first.clone();
    }
    if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
        let mut merged = Map::new();
        for part in all {
            match example(document, part, depth) {
                Value::Object(fields) => merged.extend(fields),
                other if all.len() == 1 => return other,
                _ => {}
            }
        }
        return Value::Object(merged);
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(first) = schema.get(key).and_then(|b| b.get(0)) {
            return example(document, first, depth + 1);
        }
    }
    let kind = match schema.get("type") {
        Some(Value::Array(kinds)) => kinds
            .iter()
            .find(|k| *k != "null")
            .cloned()
            .unwrap_or(Value::Null),
        Some(kind) => kind.clone(),
        None if schema.get("properties").is_some() => json!("object"),
        None => Value::Null,
    };
    match kind.as_str() {
        Some("string") => json!("text"),
        Some("integer") => json!(1),
        Some("number") => json!(1.5),
        Some("boolean") => json!(true),
        Some("array") if depth < 8 => json!([example(document, &schema["items"], depth + 1)]),
        Some("array") => json!([]),
        Some("object") => {
            let mut fields = Map::new();
            if depth < 8 {
                if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
                    for (name, property) in properties {
                        fields.insert(name.clone(), example(document, property, depth + 1));
                    }
                }
            }
            Value::Object(fields)
        }
        _ => json!({}),
    }
}
