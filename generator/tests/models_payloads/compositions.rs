//! Payloads for the models of `tests/snapshots/documents/compositions.yaml`.

use models_compositions::models::{self, *};
use serde_json::json;

#[test]
fn string_enum_values_known_and_unknown_round_trip() {
    for (wire, value) in [
        ("SCAN_QR_CODE", Status::ScanQrCode),
        ("", Status::Empty),
        ("other", Status::Other2),
        ("PAUSED", Status::Other("PAUSED".into())),
    ] {
        let read: Status = serde_json::from_value(json!(wire)).unwrap();
        assert_eq!(read, value);
        assert_eq!(serde_json::to_value(&read).unwrap(), json!(wire));
        assert_eq!(read.to_string(), wire);
    }
    assert!(serde_json::from_value::<Status>(json!(1)).is_err());
}

#[test]
fn recursive_messages_nest() {
    let wire = json!({
        "id": "2", "status": "WORKING", "ack": 1,
        "replyTo": {"id": "1", "status": "STOPPED"},
        "thread": [{"id": "0", "status": "NEW"}]
    });
    let message: Message = serde_json::from_value(wire.clone()).unwrap();
    assert_eq!(message.reply_to.as_ref().unwrap().id, "1");
    assert_eq!(message.thread.as_ref().unwrap()[0].status, Status::Other("NEW".into()));
    assert_eq!(serde_json::to_value(&message).unwrap(), wire);
    let tree: Tree = serde_json::from_value(json!({"parent": {"root": {"children": []}}})).unwrap();
    assert_eq!(tree.parent.unwrap().root.children, Some(Vec::new()));
}

#[test]
fn untagged_branches_are_tried_in_document_order() {
    let read = |value| serde_json::from_value::<GetQrResponse>(value).unwrap();
    assert!(matches!(
        read(json!({"mimetype": "image/png", "url": "u"})),
        GetQrResponse::RemoteFile(_)
    ));
    assert_eq!(read(json!("raw")), GetQrResponse::String("raw".into()));
    assert_eq!(read(json!([1, 2])), GetQrResponse::Array(vec![1, 2]));
    assert!(serde_json::from_value::<GetQrResponse>(json!(true)).is_err());
}

#[test]
fn all_of_parts_merge_and_require_what_any_part_requires() {
    let extended: Extended =
        serde_json::from_value(json!({"id": "1", "name": "n", "extra": 2})).unwrap();
    assert_eq!((extended.name.as_str(), extended.extra), ("n", Some(2)));
    assert!(serde_json::from_value::<Extended>(json!({"id": "1"})).is_err());
}

#[test]
fn prelude_named_schemas_are_usable() {
    let option: models::Option = serde_json::from_value(json!("a")).unwrap();
    assert_eq!(option, models::Option::A);
    let result: models::Result = serde_json::from_value(json!({"ok": true})).unwrap();
    assert_eq!(result.ok, Some(true));
}
