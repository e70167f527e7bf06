//! Payloads for the models of `tests/snapshots/documents/objects.yaml`.

use models_objects::models::*;
use serde_json::json;

#[test]
fn renamed_keyword_and_emoji_fields_round_trip() {
    let wire = json!({
        "name": "default",
        "pushName": "Me",
        "label": null,
        "createdAt": "2024-09-01T10:00:00Z",
        "type": "personal",
        "self": true,
        "2fa": false,
        "🔥": "hot",
        "participants": [{"id": "1@c.us", "admin": true}],
        "metadata": {"any": ["thing"]}
    });
    let session: Session = serde_json::from_value(wire.clone()).unwrap();
    assert_eq!(session.push_name, "Me");
    assert_eq!(session.r#type.as_deref(), Some("personal"));
    assert_eq!(session.self_, Some(true));
    assert_eq!(session._2fa, Some(false));
    assert_eq!(session.field.as_deref(), Some("hot"));
    assert_eq!(session.participants.as_ref().unwrap()[0].admin, Some(true));
    assert_eq!(serde_json::to_value(&session).unwrap(), wire);
}

#[test]
fn map_values_and_extra_properties_are_typed() {
    let extra: Extra = serde_json::from_value(json!({"id": "a", "x": 1.5, "y": 2})).unwrap();
    assert_eq!(extra.additional_properties["x"], 1.5);
    assert_eq!(extra.additional_properties["y"], 2.0);
    assert!(serde_json::from_value::<Extra>(json!({"id": "a", "x": "text"})).is_err());
    let inventory: Inventory = serde_json::from_value(json!({"sold": 3})).unwrap();
    assert_eq!(inventory["sold"], 3);
}

#[test]
fn an_inline_body_and_response_have_their_operation_names() {
    let body = UpdateSessionBody::new("n").with_config(SessionConfig::default().with_debug(true));
    assert_eq!(
        serde_json::to_value(&body).unwrap(),
        json!({"name": "n", "config": {"debug": true}})
    );
    let health: HealthResponse =
        serde_json::from_value(json!({"info": {"db": {"status": "up", "ms": 1}}})).unwrap();
    assert_eq!(health.info.unwrap()["db"].additional_properties["ms"], json!(1));
}

#[test]
fn a_body_is_built_from_its_required_fields_and_setters() {
    // `new` takes the required properties (`impl Into`: a `&str` is a
    // `String`), the optional ones are `None` until a `with_...` sets them.
    let body = UpdateSessionBody::new("n");
    assert_eq!(serde_json::to_value(&body).unwrap(), json!({"name": "n"}));
    // A struct whose fields are all optional has no `new`: it is `Default`.
    let body = body.with_config(SessionConfig::default().with_debug(true));
    assert_eq!(
        serde_json::to_value(&body).unwrap(),
        json!({"name": "n", "config": {"debug": true}})
    );
    assert_eq!(body.config.unwrap().debug, Some(true));
}

#[test]
fn reading_objects_keeps_serdes_rules() {
    // A required field that is missing is serde's own error, naming it.
    let err = serde_json::from_str::<Session>(r#"{"name": "a", "label": null, "createdAt": "t"}"#)
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("missing field `pushName`"), "{err}");
    // A required nullable field may be missing or null; an optional one too.
    let session: Session = serde_json::from_str(
        r#"{"name": "a", "pushName": "b", "createdAt": "t", "retries": null}"#,
    )
    .unwrap();
    assert_eq!((session.label, session.retries), (None, None));
    // Unknown keys are skipped, whatever their value; escaped keys are read.
    let session: Session = serde_json::from_str(
        r#"{"n\u0061me": "a", "pushName": "b", "label": "l", "createdAt": "t",
            "newer": {"deep": [1, {"x": null}]}, "ratio": 0.5}"#,
    )
    .unwrap();
    assert_eq!(session.name, "a");
    assert_eq!(session.ratio, Some(0.5));
    // A repeated key is refused, as serde's derive refuses it (the
    // written-out `Deserialize` this replaced kept the last value).
    let err = serde_json::from_str::<Session>(
        r#"{"name": "a", "name": "b", "pushName": "b", "label": "l", "createdAt": "t"}"#,
    )
    .unwrap_err()
    .to_string();
    assert!(err.starts_with("duplicate field `name`"), "{err}");
    // A value of the wrong type names what was expected.
    let err = serde_json::from_str::<Session>(r#""a""#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("expected struct Session"), "{err}");
    // An array is read as the fields in order (serde's derive), so a short
    // one is refused by its length.
    let err = serde_json::from_str::<Session>(r#"["a", "b"]"#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("invalid length 2"), "{err}");
    let err = serde_json::from_str::<Session>(
        r#"{"name": 1, "pushName": "b", "label": "l", "createdAt": "t"}"#,
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("expected a string"), "{err}");
}

#[test]
fn integers_sent_as_strings_read_from_strings_or_numbers_and_are_written_as_strings() {
    // What baileys-api sends: 64-bit columns as strings, 32-bit ones as numbers.
    let row: Row = serde_json::from_value(json!({
        "pkId": "12", "createdAt": "1700000100", "pinned": 1700000300,
        "size": "18446744073709551615", "seen": ["1", 2], "unreadCount": 3
    }))
    .unwrap();
    assert_eq!(row.pk_id, 12_i64);
    assert_eq!(row.created_at, Some(1_700_000_100));
    assert_eq!(row.pinned, Some(1_700_000_300));
    assert_eq!(row.size, Some(u64::MAX));
    assert_eq!(row.seen, Some(vec![1, 2]));
    assert_eq!(row.unread_count, Some(3));
    assert_eq!(
        serde_json::to_value(&row).unwrap(),
        json!({"pkId": "12", "createdAt": "1700000100", "pinned": "1700000300",
               "size": "18446744073709551615", "seen": ["1", "2"], "unreadCount": 3})
    );
    // Required and nullable: `null` is read and written back.
    let row: Row = serde_json::from_value(json!({"pkId": 1, "createdAt": null})).unwrap();
    assert_eq!(row.created_at, None);
    assert_eq!(serde_json::to_value(&row).unwrap(), json!({"pkId": "1", "createdAt": null}));
    // Not an integer: refused, naming what was expected.
    let error = serde_json::from_value::<Row>(json!({"pkId": "x", "createdAt": null})).unwrap_err();
    assert!(error.to_string().contains("64-bit integer"), "{error}");
    assert!(serde_json::from_value::<Row>(json!({"createdAt": null})).is_err());
}
