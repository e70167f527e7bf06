//! The loader and model on the real documents in `../shared/specs`.

use e2e_tests::shared;
use generator::model::{ParameterLocation, SchemaKind, SchemaRef};

#[test]
fn waha_as_published_has_typed_path_parameters_and_consistent_templates() {
    for (spec, operations, schemas, resources, webhooks) in [
        ("specs/waha-2024.9.2.json", 98, 107, 13, 20),
        ("specs/waha-2026.7.1.json", 162, 195, 18, 29),
    ] {
        let (_, model) = generator::load_model(&shared(spec)).unwrap();
        assert_eq!(model.operations.len(), operations, "{spec}");
        assert_eq!(model.schemas.len(), schemas, "{spec}");
        assert_eq!(model.resources.len(), resources, "{spec}");
        assert_eq!(model.webhooks.len(), webhooks, "{spec}");
        path_parameters_match_templates(&model);
    }
}

fn path_parameters_match_templates(model: &generator::model::Model) {
    for op in &model.operations {
        let mut declared: Vec<&str> = op
            .parameters_in(ParameterLocation::Path)
            .map(|p| {
                let SchemaRef::Inline(schema) = &p.schema else {
                    panic!(
                        "{} {}: path parameter {} is a reference",
                        op.method.as_str(),
                        op.path,
                        p.name
                    )
                };
                assert!(
                    matches!(schema.kind, SchemaKind::String { .. }),
                    "{} {}: path parameter `{}` is not a string: {:?}",
                    op.method.as_str(),
                    op.path,
                    p.name,
                    schema.kind
                );
                assert!(p.required);
                p.name.as_str()
            })
            .collect();
        let mut template = op.path_template_names();
        declared.sort_unstable();
        template.sort_unstable();
        assert_eq!(declared, template, "{} {}", op.method.as_str(), op.path);
    }
}

#[test]
fn waha_repairs_are_reported_with_pointers() {
    let (_, model) = generator::load_model(&shared("specs/waha-2024.9.2.json")).unwrap();
    let count = |needle: &str| {
        model
            .warnings
            .iter()
            .filter(|w| w.message.contains(needle))
            .count()
    };
    assert_eq!(count("schema has no `type`"), 66);
    assert_eq!(count("schema says `type: object`"), 33);
    assert_eq!(count("is not in the path template"), 4);
    // WebhookConfig.events: `items: {type: array}` with a flat example list.
    assert_eq!(
        count("items say `type: array` but the example is a list"),
        1
    );
    assert_eq!(count("array schema has no `items`"), 0);
    assert!(
        model
            .warnings
            .iter()
            .all(|w| w.pointer.starts_with("/paths/") || w.pointer.starts_with("/components/"))
    );
}

#[test]
fn waha_2026_repairs_nestjs_required_flags_as_warnings() {
    // Three `required: true` written inside schemas (NestJS): two properties,
    // which become required, and one array's items, which is dropped.
    let (_, model) = generator::load_model(&shared("specs/waha-2026.7.1.json")).unwrap();
    let required: Vec<&str> = model
        .warnings
        .iter()
        .filter(|w| w.pointer.ends_with("/required"))
        .map(|w| w.pointer.as_str())
        .collect();
    assert_eq!(
        required,
        [
            "/components/schemas/SessionInfo/properties/timestamps/properties/activity/required",
            "/components/schemas/MessagePollVoteRequest/properties/votes/items/required",
            "/components/schemas/WAHAEnvironment/properties/worker/properties/id/required",
        ]
    );
    let SchemaKind::Object { properties, .. } = &model.schemas["WAHAEnvironment"].kind else {
        panic!("WAHAEnvironment is an object")
    };
    let SchemaRef::Inline(worker) = &properties["worker"].schema else {
        panic!("worker is inline")
    };
    let SchemaKind::Object { properties, .. } = &worker.kind else {
        panic!("worker is an object")
    };
    assert!(properties["id"].required);
    assert_eq!(model.warnings.len(), 151);
}

#[test]
fn summaries_count_resources_operations_and_schemas() {
    let cases = [
        (
            "specs/waha-2024.9.2.json",
            "13 resources, 98 operations, 107 schemas",
        ),
        (
            "specs/waha-2026.7.1.json",
            "18 resources, 162 operations, 195 schemas, 29 webhooks",
        ),
        (
            "specs/petstore.json",
            "3 resources, 19 operations, 8 schemas",
        ),
        (
            "specs/whatsapi-baileys-2.0.0.json",
            "5 resources, 30 operations, 56 schemas",
        ),
    ];
    for (spec, expected) in cases {
        let (_, model) = generator::load_model(&shared(spec)).unwrap();
        let summary = generator::summary::summary(&model);
        assert!(
            summary.lines().nth(1).unwrap().starts_with(expected),
            "{spec}:\n{summary}"
        );
    }
}

#[test]
fn waha_resources_follow_the_declared_tag_order() {
    let (_, model) = generator::load_model(&shared("specs/waha-2024.9.2.json")).unwrap();
    let tags: Vec<&str> = model.resources.iter().map(|r| r.tag.as_str()).collect();
    assert_eq!(tags[..3], ["🖥️ Sessions", "🔑 Auth", "🖼️ Screenshot"]);
    assert_eq!(tags[12], "🗄️ Storage");
    assert!(model.resources[12].operations.is_empty());
}
