//! Hand-written WAHA payloads (shapes from the WAHA 2024.9 docs) read into
//! the models emitted from the published document.

use models_waha::models::*;
use serde_json::json;

#[test]
fn a_message_webhook_reads_with_its_enums_and_raw_data() {
    let event: WahaWebhookMessage = serde_json::from_value(json!({
        "session": "default",
        "engine": "WEBJS",
        "event": "message",
        "payload": {
            "id": "false_11111111111@c.us_AAAAAAAAAAAAAAAAAAAA",
            "timestamp": 1666943582,
            "from": "11111111111@c.us",
            "fromMe": false,
            "to": "22222222222@c.us",
            "participant": "",
            "body": "Hi there!",
            "hasMedia": false,
            "mediaUrl": "",
            "ack": 1,
            "ackName": "SERVER",
            "_data": {"notifyName": "John"}
        },
        "me": {"id": "22222222222@c.us", "pushName": "Me"},
        "environment": {"version": "2024.9.2", "engine": "WEBJS", "tier": "CORE", "browser": "/usr/bin/chromium"}
    }))
    .unwrap();
    assert_eq!(event.engine, Engine::Webjs);
    assert_eq!(event.event, WahaWebhookMessageEvent::Message);
    assert_eq!(event.payload.body, "Hi there!");
    assert!(!event.payload.from_me);
    assert_eq!(event.payload.data, Some(json!({"notifyName": "John"})));
    assert_eq!(event.me.unwrap().push_name, "Me");
}

#[test]
fn an_unknown_status_is_kept_and_sent_back_unchanged() {
    let known: SessionInfo =
        serde_json::from_value(json!({"name": "default", "status": "WORKING"})).unwrap();
    assert_eq!(known.status, Status::Working);
    assert_eq!(known.status.to_string(), "WORKING");
    assert_eq!("SCAN_QR_CODE".parse(), Ok(Status::ScanQrCode));

    let newer = json!({"name": "default", "status": "PAUSED"});
    let session: SessionInfo = serde_json::from_value(newer.clone()).unwrap();
    assert_eq!(session.status, Status::Other("PAUSED".into()));
    assert_eq!(session.status.as_str(), "PAUSED");
    assert_eq!(serde_json::to_value(&session).unwrap(), newer);
}

#[test]
fn a_file_is_either_remote_or_binary() {
    let remote: MessageImageRequest = serde_json::from_value(json!({
        "chatId": "11111111111@c.us",
        "file": {"mimetype": "image/jpeg", "url": "https://example.com/a.jpg"},
        "session": "default"
    }))
    .unwrap();
    assert!(matches!(
        remote.file,
        MessageImageRequestFile::RemoteFile(RemoteFile { ref url, .. }) if url == "https://example.com/a.jpg"
    ));
    let binary: MessageImageRequest = serde_json::from_value(json!({
        "chatId": "11111111111@c.us",
        "file": {"mimetype": "image/jpeg", "filename": "a.jpg", "data": "/9j/4AAQ"},
        "session": "default"
    }))
    .unwrap();
    assert!(matches!(binary.file, MessageImageRequestFile::BinaryFile(_)));
    // Optional fields left out are not sent.
    assert_eq!(
        serde_json::to_value(&remote).unwrap(),
        json!({
            "chatId": "11111111111@c.us",
            "file": {"mimetype": "image/jpeg", "url": "https://example.com/a.jpg"},
            "session": "default"
        })
    );
}

#[test]
fn a_required_nullable_label_is_sent_as_null() {
    let association: LabelChatAssociation = serde_json::from_value(json!({
        "labelId": "1", "chatId": "11111111111@c.us", "label": null
    }))
    .unwrap();
    assert_eq!(association.label, None);
    assert_eq!(
        serde_json::to_value(&association).unwrap(),
        json!({"labelId": "1", "chatId": "11111111111@c.us", "label": null})
    );
}

#[test]
fn health_details_keep_properties_beyond_the_named_ones() {
    let health = json!({
        "status": "ok",
        "info": {"mongodb": {"status": "up", "latencyMs": 3}},
        "error": {},
        "details": {"mongodb": {"status": "up", "latencyMs": 3}}
    });
    let read: CheckResponse = serde_json::from_value(health.clone()).unwrap();
    let mongodb = &read.info.as_ref().unwrap()["mongodb"];
    assert_eq!(mongodb.status, "up");
    assert_eq!(mongodb.additional_properties["latencyMs"], json!(3));
    assert_eq!(serde_json::to_value(&read).unwrap(), health);
}

#[test]
fn requests_with_only_optional_fields_start_from_default() {
    let request = SessionCreateRequest::default().with_name("default");
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({"name": "default"})
    );
}
