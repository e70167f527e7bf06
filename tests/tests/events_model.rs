//! Webhooks into the model, the catalog and the n8n trigger: a 3.0 document
//! declares them under `x-webhooks`, a 3.1 one under `webhooks` (which wins
//! when both are written); `cargo xtask n8n --trigger`'s "Events" property
//! lists exactly the document's webhooks, which are the catalog's events.

use e2e_tests::{repo_root, shared};
use generator::load::{load_path, load_str};
use generator::n8n::trigger_properties;
use serde_json::Value;

fn hook(summary: &str) -> String {
    format!(
        r#"{{"post": {{"summary": "{summary}", "requestBody": {{"content": {{"application/json": {{"schema": {{"type": "object"}}}}}}}}, "responses": {{"200": {{"description": "ok"}}}}}}}}"#
    )
}

fn names(text: &str) -> Vec<String> {
    let model = generator::build(&load_str(text, "doc.json").unwrap()).unwrap();
    model.webhooks.iter().map(|w| w.path.clone()).collect()
}

#[test]
fn x_webhooks_declare_events_in_3_0_and_webhooks_win_in_3_1() {
    let info = r#""info": {"title": "t", "version": "1"}, "paths": {}"#;
    let v30 = format!(
        r#"{{"openapi": "3.0.3", {info}, "x-webhooks": {{"a.b": {}, "c": {}}}}}"#,
        hook("A"),
        hook("C")
    );
    assert_eq!(names(&v30), ["a.b", "c"]);
    let both = format!(
        r#"{{"openapi": "3.1.0", {info}, "webhooks": {{"real": {}}}, "x-webhooks": {{"ext": {}}}}}"#,
        hook("R"),
        hook("E")
    );
    assert_eq!(names(&both), ["real"]);
    let none = format!(r#"{{"openapi": "3.0.3", {info}}}"#);
    assert!(names(&none).is_empty());
}

fn options(spec: &std::path::Path) -> Vec<(String, String)> {
    let model = generator::build(&load_path(spec).unwrap()).unwrap();
    let properties = trigger_properties(&model);
    let events = &properties[0];
    assert_eq!(events["displayName"], "Events");
    assert_eq!(events["name"], "events");
    assert_eq!(events["type"], "multiOptions");
    assert_eq!(events["required"], true);
    assert_eq!(events["default"], Value::Array(vec![]));
    events["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            assert_eq!(o["name"], o["value"]);
            (
                o["value"].as_str().unwrap().to_owned(),
                o["description"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn the_trigger_lists_every_webhook_and_the_catalog_the_same_events() {
    for (spec, count) in [
        ("specs/waha-2024.9.2.json", 20),
        ("specs/waha-2026.7.1.json", 29),
    ] {
        let options = options(&shared(spec));
        let document: Value =
            serde_json::from_slice(&std::fs::read(shared(spec)).unwrap()).unwrap();
        let declared: Vec<&String> = document["webhooks"].as_object().unwrap().keys().collect();
        assert_eq!(options.len(), count);
        assert_eq!(options.iter().map(|o| &o.0).collect::<Vec<_>>(), declared);
        let ack = options.iter().find(|o| o.0 == "message.ack").unwrap();
        assert!(
            ack.1.starts_with("Receive events when server or recipient"),
            "{ack:?}"
        );
    }
    let ours = options(&repo_root().join("spec/whatsapp-http-api.yaml"));
    let catalog = whatsapp_http_client::catalog::events();
    assert_eq!(ours.len(), 21);
    assert_eq!(
        ours.iter().map(|o| o.0.as_str()).collect::<Vec<_>>(),
        catalog.iter().map(|e| e.name).collect::<Vec<_>>()
    );
    for (option, event) in ours.iter().zip(catalog) {
        assert_eq!(option.1, event.summary);
        assert!(event.payload_type.starts_with("models::"), "{event:?}");
    }
    assert_eq!(whatsapp_http_client::events::NAMES.len(), 21);
}

#[test]
fn a_broken_x_webhook_is_named_by_its_own_pointer() {
    let text = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
        "x-webhooks": {"bad.hook": {"post": {"parameters": [{"name": "a", "in": "nowhere"}], "responses": {}}}}}"#;
    let error = generator::build(&load_str(text, "doc.json").unwrap()).unwrap_err();
    let shown = error.to_string();
    assert!(shown.contains("/x-webhooks/bad.hook/post"), "{shown}");
}
