//! The loader and model on the real documents in `../shared/specs`.

use e2e_tests::shared;
use generator::model::{ParameterLocation, SchemaKind, SchemaRef};

#[test]
fn waha_as_published_has_typed_path_parameters_and_consistent_templates() {
    let (_, model) = generator::load_model(&shared("specs/waha-2024.9.2.json")).unwrap();
    assert_eq!(model.operations.len(), 98);
    assert_eq!(model.schemas.len(), 107);
    assert_eq!(model.resources.len(), 13);
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
fn summaries_count_resources_operations_and_schemas() {
    let cases = [
        (
            "specs/waha-2024.9.2.json",
            "13 resources, 98 operations, 107 schemas",
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
