//! Short ways to build what Send Message sends: [`MessageContent`]
//! constructors and replies. [`SendMessageRequest::new`] and the `with_...`
//! setters of every body are generated in `models`.
//!
//! Hand-written beside the generated models (they come from the spec's
//! `MessageContent` schema): a file of the crate without the generated
//! marker, which `cargo xtask codegen` leaves alone and declares in `lib.rs`.
//!
//! ```
//! use whatsapp_http_client::models::{MessageContent, SendMessageRequest};
//!
//! let hello = SendMessageRequest::new("6289876543210@s.whatsapp.net", MessageContent::text("Hello"));
//! assert_eq!(
//!     serde_json::to_value(&hello).unwrap(),
//!     serde_json::json!({"jid": "6289876543210@s.whatsapp.net", "message": {"text": "Hello"}})
//! );
//! ```

use crate::models::{
    AudioContent, ContactCard, ContactCards, ContactsContent, DeleteContent, DocumentContent,
    ImageContent, Location, LocationContent, MediaSource, MessageContent, MessageKey, Poll,
    PollContent, Reaction, ReactionContent, SendMessageRequest, SendOptions, StickerContent,
    TextContent, VideoContent, WebMessage,
};

impl MediaSource {
    /// Media Baileys fetches from `url` (http(s), or a path on the server).
    pub fn url(url: impl Into<String>) -> Self {
        MediaSource::new(url)
    }
}

impl MessageContent {
    /// A text message.
    pub fn text(text: impl Into<String>) -> Self {
        MessageContent::TextContent(TextContent::new(text))
    }

    /// A text that mentions `jids` (write `@<number>` in the text for each).
    pub fn text_with_mentions(
        text: impl Into<String>,
        jids: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        let jids: Vec<String> = jids.into_iter().map(Into::into).collect();
        MessageContent::TextContent(TextContent::new(text).with_mentions(jids))
    }

    /// A picture from `url`, with an optional caption.
    pub fn image(url: impl Into<String>, caption: Option<String>) -> Self {
        MessageContent::ImageContent(ImageContent {
            image: MediaSource::url(url),
            caption,
            mimetype: None,
        })
    }

    /// A video from `url`, with an optional caption.
    pub fn video(url: impl Into<String>, caption: Option<String>) -> Self {
        MessageContent::VideoContent(VideoContent {
            video: MediaSource::url(url),
            caption,
            gif_playback: None,
        })
    }

    /// An audio file from `url`; `voice_note` sends it as a voice note.
    pub fn audio(url: impl Into<String>, voice_note: bool) -> Self {
        MessageContent::AudioContent(AudioContent {
            audio: MediaSource::url(url),
            mimetype: None,
            ptt: voice_note.then_some(true),
        })
    }

    /// A file from `url` with its MIME type and the name it shows.
    pub fn document(
        url: impl Into<String>,
        mimetype: impl Into<String>,
        file_name: impl Into<String>,
    ) -> Self {
        MessageContent::DocumentContent(DocumentContent {
            document: MediaSource::url(url),
            mimetype: mimetype.into(),
            file_name: Some(file_name.into()),
            caption: None,
        })
    }

    /// A sticker (a WebP image) from `url`.
    pub fn sticker(url: impl Into<String>) -> Self {
        MessageContent::StickerContent(StickerContent {
            sticker: MediaSource::url(url),
        })
    }

    /// A location.
    pub fn location(latitude: f64, longitude: f64) -> Self {
        MessageContent::LocationContent(LocationContent {
            location: Location {
                degrees_latitude: latitude,
                degrees_longitude: longitude,
                name: None,
                address: None,
            },
        })
    }

    /// One contact card (`vcard` in vCard format) shown as `display_name`.
    pub fn contact(display_name: impl Into<String>, vcard: impl Into<String>) -> Self {
        MessageContent::ContactsContent(ContactsContent {
            contacts: ContactCards {
                display_name: display_name.into(),
                contacts: vec![ContactCard {
                    vcard: vcard.into(),
                }],
            },
        })
    }

    /// An emoji reaction to the message `key`; an empty `emoji` removes it.
    pub fn reaction(key: MessageKey, emoji: impl Into<String>) -> Self {
        MessageContent::ReactionContent(ReactionContent {
            react: Reaction {
                text: emoji.into(),
                key,
            },
        })
    }

    /// A poll: a question, its options and how many a voter may pick.
    pub fn poll(
        name: impl Into<String>,
        values: impl IntoIterator<Item = impl Into<String>>,
        selectable_count: i32,
    ) -> Self {
        MessageContent::PollContent(PollContent {
            poll: Poll {
                name: name.into(),
                values: values.into_iter().map(Into::into).collect(),
                selectable_count,
            },
        })
    }

    /// Deletes the message `key` for everyone.
    pub fn delete(key: MessageKey) -> Self {
        MessageContent::DeleteContent(DeleteContent { delete: key })
    }

    /// Any other Baileys content, sent as it is.
    pub fn other(content: serde_json::Value) -> Self {
        MessageContent::OtherContent(content)
    }
}

impl From<&str> for MessageContent {
    /// A text message.
    fn from(text: &str) -> Self {
        MessageContent::text(text)
    }
}

impl From<String> for MessageContent {
    /// A text message.
    fn from(text: String) -> Self {
        MessageContent::text(text)
    }
}

impl SendOptions {
    /// Options that send the message as a reply to `message` (a message as
    /// the list routes or Send Message return it).
    pub fn quoting(message: WebMessage) -> Self {
        SendOptions::default().with_quoted(message)
    }
}

impl SendMessageRequest {
    /// The same message, as a reply to `message` (other options kept).
    #[must_use]
    pub fn replying_to(mut self, message: WebMessage) -> Self {
        let mut options = self.options.take().unwrap_or_default();
        options.quoted = Some(message);
        self.options = Some(options);
        self
    }
}
