//! `MessageContent`, what Send Message and Send Bulk send: every common
//! content of baileys-api reads into its own variant (each is told apart by
//! its one required key, so the result does not depend on the order the
//! union's variants are tried in), any other object passes through, and the
//! constructors write what the server expects.

use serde_json::{Value, json};
use whatsapp_http_client::models::*;

const JID: &str = "6289876543210@s.whatsapp.net";

fn key() -> Value {
    json!({"remoteJid": JID, "fromMe": true, "id": "BAE5F5A632EAE722"})
}

fn message_key() -> MessageKey {
    serde_json::from_value(key()).unwrap()
}

/// Each content as the server's users write it, with the variant it is.
fn shapes() -> Vec<(&'static str, Value)> {
    vec![
        ("text", json!({"text": "Hello"})),
        (
            "text",
            json!({"text": "Hi @6289876543210", "mentions": [JID]}),
        ),
        (
            "image",
            json!({"image": {"url": "https://example.com/a.jpg"}, "caption": "A", "mimetype": "image/jpeg"}),
        ),
        (
            "video",
            json!({"video": {"url": "https://example.com/a.mp4"}, "caption": "V", "gifPlayback": true}),
        ),
        (
            "audio",
            json!({"audio": {"url": "https://example.com/a.ogg"}, "mimetype": "audio/ogg; codecs=opus", "ptt": true}),
        ),
        (
            "document",
            json!({"document": {"url": "https://example.com/r.pdf"}, "mimetype": "application/pdf", "fileName": "r.pdf", "caption": "R"}),
        ),
        (
            "sticker",
            json!({"sticker": {"url": "https://example.com/s.webp"}}),
        ),
        (
            "location",
            json!({"location": {"degreesLatitude": -6.2, "degreesLongitude": 106.8, "name": "Monas", "address": "Jakarta"}}),
        ),
        (
            "contacts",
            json!({"contacts": {"displayName": "Ann", "contacts": [{"vcard": "BEGIN:VCARD\nVERSION:3.0\nFN:Ann\nEND:VCARD"}]}}),
        ),
        ("react", json!({"react": {"text": "👍", "key": key()}})),
        ("react", json!({"react": {"text": "", "key": key()}})),
        (
            "poll",
            json!({"poll": {"name": "Lunch?", "values": ["Pizza", "Sushi"], "selectableCount": 1}}),
        ),
        ("delete", json!({"delete": key()})),
        (
            "other",
            json!({"buttons": [{"buttonId": "1"}], "footer": "f"}),
        ),
        // A document without its required MIME type is not a typed
        // document: it passes through unchanged.
        (
            "other",
            json!({"document": {"url": "https://example.com/r.pdf"}}),
        ),
    ]
}

fn variant(content: &MessageContent) -> &'static str {
    match content {
        MessageContent::TextContent(_) => "text",
        MessageContent::ImageContent(_) => "image",
        MessageContent::VideoContent(_) => "video",
        MessageContent::AudioContent(_) => "audio",
        MessageContent::DocumentContent(_) => "document",
        MessageContent::StickerContent(_) => "sticker",
        MessageContent::LocationContent(_) => "location",
        MessageContent::ContactsContent(_) => "contacts",
        MessageContent::ReactionContent(_) => "react",
        MessageContent::PollContent(_) => "poll",
        MessageContent::DeleteContent(_) => "delete",
        MessageContent::OtherContent(_) => "other",
        // `#[non_exhaustive]`: a content the document adds later.
        _ => "unknown",
    }
}

#[test]
fn every_content_reads_into_its_variant_and_writes_back_unchanged() {
    for (expected, wire) in shapes() {
        let content: MessageContent =
            serde_json::from_value(wire.clone()).unwrap_or_else(|e| panic!("{wire}: {e}"));
        assert_eq!(variant(&content), expected, "{wire}");
        assert_eq!(serde_json::to_value(&content).unwrap(), wire);
    }
}

#[test]
fn typed_contents_carry_their_fields() {
    let read = |value: Value| serde_json::from_value::<MessageContent>(value).unwrap();
    let MessageContent::TextContent(text) = read(shapes()[1].1.clone()) else {
        panic!()
    };
    assert_eq!(text.mentions.as_deref(), Some(&[JID.to_owned()][..]));
    let MessageContent::LocationContent(location) = read(shapes()[7].1.clone()) else {
        panic!()
    };
    assert_eq!(location.location.degrees_latitude, -6.2);
    let MessageContent::ReactionContent(reaction) = read(shapes()[9].1.clone()) else {
        panic!()
    };
    assert_eq!(reaction.react.key, message_key());
    let MessageContent::PollContent(poll) = read(shapes()[11].1.clone()) else {
        panic!()
    };
    assert_eq!(poll.poll.selectable_count, 1);
    let MessageContent::DocumentContent(document) = read(shapes()[5].1.clone()) else {
        panic!()
    };
    assert_eq!(document.file_name.as_deref(), Some("r.pdf"));
}

#[test]
fn constructors_write_what_the_server_reads() {
    let cases: Vec<(MessageContent, Value)> = vec![
        (MessageContent::text("Hello"), json!({"text": "Hello"})),
        ("Hello".into(), json!({"text": "Hello"})),
        (
            MessageContent::text_with_mentions("Hi @6289876543210", [JID]),
            json!({"text": "Hi @6289876543210", "mentions": [JID]}),
        ),
        (
            MessageContent::image("https://example.com/a.jpg", Some("A".into())),
            json!({"image": {"url": "https://example.com/a.jpg"}, "caption": "A"}),
        ),
        (
            MessageContent::video("https://example.com/a.mp4", None),
            json!({"video": {"url": "https://example.com/a.mp4"}}),
        ),
        (
            MessageContent::audio("https://example.com/a.ogg", true),
            json!({"audio": {"url": "https://example.com/a.ogg"}, "ptt": true}),
        ),
        (
            MessageContent::document("https://example.com/r.pdf", "application/pdf", "r.pdf"),
            json!({"document": {"url": "https://example.com/r.pdf"}, "mimetype": "application/pdf", "fileName": "r.pdf"}),
        ),
        (
            MessageContent::sticker("https://example.com/s.webp"),
            json!({"sticker": {"url": "https://example.com/s.webp"}}),
        ),
        (
            MessageContent::location(-6.2, 106.8),
            json!({"location": {"degreesLatitude": -6.2, "degreesLongitude": 106.8}}),
        ),
        (
            MessageContent::contact("Ann", "BEGIN:VCARD\nEND:VCARD"),
            json!({"contacts": {"displayName": "Ann", "contacts": [{"vcard": "BEGIN:VCARD\nEND:VCARD"}]}}),
        ),
        (
            MessageContent::reaction(message_key(), "👍"),
            json!({"react": {"text": "👍", "key": key()}}),
        ),
        (
            MessageContent::poll("Lunch?", ["Pizza", "Sushi"], 1),
            json!({"poll": {"name": "Lunch?", "values": ["Pizza", "Sushi"], "selectableCount": 1}}),
        ),
        (
            MessageContent::delete(message_key()),
            json!({"delete": key()}),
        ),
        (
            MessageContent::other(json!({"buttons": []})),
            json!({"buttons": []}),
        ),
    ];
    for (content, wire) in cases {
        assert_eq!(serde_json::to_value(&content).unwrap(), wire);
        // And each reads back as itself.
        let back: MessageContent = serde_json::from_value(wire.clone()).unwrap();
        assert_eq!(back, content, "{wire}");
    }
}

#[test]
fn a_reply_quotes_the_message_in_options() {
    let stored: WebMessage = serde_json::from_value(json!({
        "key": key(), "messageTimestamp": "1700000000", "pkId": 3
    }))
    .unwrap();
    let request = SendMessageRequest::new(JID, "thanks").replying_to(stored.clone());
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({"jid": JID, "message": {"text": "thanks"},
               "options": {"quoted": {"key": key(), "messageTimestamp": "1700000000", "pkId": 3}}})
    );
    assert_eq!(SendOptions::quoting(stored.clone()).quoted, Some(stored));
    // Other options pass through beside `quoted`.
    let options: SendOptions =
        serde_json::from_value(json!({"ephemeralExpiration": 86400})).unwrap();
    assert_eq!(options.additional_properties["ephemeralExpiration"], 86400);
}
