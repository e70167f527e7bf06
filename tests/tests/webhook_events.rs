//! The events baileys-api pushes to its webhook (`seed-api.md` section 7),
//! read into the spec's `WebhookEvent`: every event it really emits, an
//! error event, a socket.io payload (no `sessionId`/`event`), and a name a
//! newer server adds.

use serde_json::{Value, json};
use whatsapp_http_client::models::{
    SessionStatus, WebhookEvent, WebhookEventName, WebhookEventStatus,
};

const PHONE: &str = "6281234567890";

fn posted(event: &str, data: Value) -> Value {
    json!({"sessionId": PHONE, "event": event, "data": data, "status": "success"})
}

#[test]
fn every_emitted_event_reads_with_its_name() {
    let message = json!({"key": {"remoteJid": "1@s.whatsapp.net", "fromMe": false, "id": "A"}, "messageTimestamp": 1700000000, "pushName": "Ann"});
    let cases = [
        (
            "qrcode.updated",
            WebhookEventName::QrcodeUpdated,
            json!({"qr": "data:image/png;base64,AAAA"}),
        ),
        (
            "connection.update",
            WebhookEventName::ConnectionUpdate,
            json!({"status": "connected"}),
        ),
        (
            "messages.upsert",
            WebhookEventName::MessagesUpsert,
            json!({"messages": [message]}),
        ),
        (
            "messages.update",
            WebhookEventName::MessagesUpdate,
            json!({"messages": []}),
        ),
        (
            "messages.delete",
            WebhookEventName::MessagesDelete,
            json!({"message": {"keys": []}}),
        ),
        (
            "message-receipt.update",
            WebhookEventName::MessageReceiptUpdate,
            json!({"message": {"key": {}, "receipt": {}}}),
        ),
        (
            "messages.reaction",
            WebhookEventName::MessagesReaction,
            json!({"message": {"key": {}, "reaction": {}}}),
        ),
        (
            "send.message",
            WebhookEventName::SendMessage,
            json!({"jid": "1@s.whatsapp.net", "result": message}),
        ),
        (
            "chats.set",
            WebhookEventName::ChatsSet,
            json!({"chats": []}),
        ),
        (
            "chats.upsert",
            WebhookEventName::ChatsUpsert,
            json!({"chats": []}),
        ),
        (
            "chats.update",
            WebhookEventName::ChatsUpdate,
            json!({"chats": []}),
        ),
        (
            "chats.delete",
            WebhookEventName::ChatsDelete,
            json!({"chats": ["1@s.whatsapp.net"]}),
        ),
        (
            "contacts.set",
            WebhookEventName::ContactsSet,
            json!({"contacts": []}),
        ),
        (
            "contacts.upsert",
            WebhookEventName::ContactsUpsert,
            json!({"contacts": []}),
        ),
        (
            "contacts.update",
            WebhookEventName::ContactsUpdate,
            json!({"contacts": []}),
        ),
        (
            "groups.upsert",
            WebhookEventName::GroupsUpsert,
            json!({"groups": []}),
        ),
        (
            "groups.update",
            WebhookEventName::GroupsUpdate,
            json!({"groups": []}),
        ),
        (
            "group-participants.update",
            WebhookEventName::GroupParticipantsUpdate,
            json!({"groupId": "1@g.us", "action": "add", "participants": []}),
        ),
    ];
    for (name, expected, data) in cases {
        let wire = posted(name, data.clone());
        let event: WebhookEvent =
            serde_json::from_value(wire.clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(event.event, Some(expected), "{name}");
        assert_eq!(event.session_id.as_deref(), Some(PHONE));
        assert_eq!(event.status, Some(WebhookEventStatus::Success));
        assert_eq!(event.data, Some(data));
        assert_eq!(serde_json::to_value(&event).unwrap(), wire);
    }
    // A connection update's status is a session status.
    let event: WebhookEvent = serde_json::from_value(posted(
        "connection.update",
        json!({"status": "disconected"}),
    ))
    .unwrap();
    let status: SessionStatus =
        serde_json::from_value(event.data.unwrap()["status"].clone()).unwrap();
    assert_eq!(status, SessionStatus::Disconected);
}

#[test]
fn errors_socket_io_payloads_and_new_names_read_too() {
    let error: WebhookEvent = serde_json::from_value(json!({
        "sessionId": PHONE, "event": "send.message", "data": {}, "status": "error", "message": "Jid does not exists"
    }))
    .unwrap();
    assert_eq!(error.status, Some(WebhookEventStatus::Error));
    assert_eq!(error.message.as_deref(), Some("Jid does not exists"));
    // The error form without `data`, as baileys-api posts it.
    let error: WebhookEvent = serde_json::from_value(json!({
        "sessionId": "722", "event": "qrcode.updated", "status": "error", "message": "Unable to generate QR code"
    }))
    .unwrap();
    assert_eq!(
        (error.status, error.data),
        (Some(WebhookEventStatus::Error), None)
    );
    let socket: WebhookEvent =
        serde_json::from_value(json!({"status": "success", "data": {"qr": "x"}})).unwrap();
    assert_eq!((socket.session_id, socket.event), (None, None));
    let newer: WebhookEvent = serde_json::from_value(posted("labels.edit", json!({}))).unwrap();
    assert_eq!(
        newer.event,
        Some(WebhookEventName::Other("labels.edit".into()))
    );
}
