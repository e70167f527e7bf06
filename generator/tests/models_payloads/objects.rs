//! Payloads for the models of `tests/snapshots/objects.yaml`.

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
    let body = UpdateSessionBody {
        name: "n".into(),
        config: Some(SessionConfig {
            debug: Some(true),
            ..SessionConfig::default()
        }),
    };
    assert_eq!(
        serde_json::to_value(&body).unwrap(),
        json!({"name": "n", "config": {"debug": true}})
    );
    let health: HealthResponse =
        serde_json::from_value(json!({"info": {"db": {"status": "up", "ms": 1}}})).unwrap();
    assert_eq!(health.info.unwrap()["db"].additional_properties["ms"], json!(1));
}
