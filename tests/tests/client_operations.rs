//! The generated client over real HTTP on 127.0.0.1, against a server that
//! answers as baileys-api 2.0.0 was measured to (`e2e_tests::baileys`): for
//! every one of the 29 operations, the method, path, query, headers and body
//! the server receives, and the typed values the client reads from what the
//! real server sends (timestamps as strings of digits, `null`s, Buffers,
//! contact rows for groups).

use e2e_tests::baileys::{self, GROUP, JID, KEY, OFFLINE, PHONE, UNKNOWN_JID};
use e2e_tests::server::{Recorded, RecordingServer};
use serde_json::{Value, json};
use whatsapp_http_client::models::*;
use whatsapp_http_client::{Client, Error, chats, contacts, groups, messages};

struct Harness {
    server: RecordingServer,
    client: Client,
}

async fn start() -> Harness {
    let server = RecordingServer::start(baileys::respond).await;
    let client = Client::builder()
        .base_url(&server.base_url)
        .api_key(KEY)
        .build()
        .unwrap();
    Harness { server, client }
}

/// What every request but the SSE one carries: the key in the header only.
fn assert_common(request: &Recorded, method: &str, path: &str) {
    assert_eq!(request.method.as_str(), method, "{path}");
    assert_eq!(request.raw_path, path);
    assert_eq!(
        request.header("x-api-key"),
        Some(KEY),
        "{path}: API key header"
    );
    assert!(
        !request
            .query
            .as_deref()
            .unwrap_or_default()
            .contains("api_key"),
        "{path}: no query key"
    );
}

fn assert_json_body(request: &Recorded, expected: Value) {
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.json(), expected);
}

/// The `{error}` text of a 4xx/5xx answer.
#[track_caller]
fn assert_error<T: std::fmt::Debug>(result: Result<T, Error>, status: u16, text: &str) {
    let error = result.unwrap_err();
    assert_eq!(error.status(), Some(status), "{error}");
    assert!(error.to_string().contains(text), "{error}");
}

fn key() -> MessageKey {
    MessageKey::new(JID, true, "BAE5F5A632EAE722")
}

const GROUP_PATH: &str = "/6281234567890/groups/120363025246125486%40g.us";
const JID_SEGMENT: &str = "6289876543210%40s.whatsapp.net";

// Sessions

#[tokio::test]
async fn list_sessions() {
    let h = start().await;
    let list = h.client.sessions().list(&Default::default()).await.unwrap();
    assert_common(&h.server.last(), "GET", "/sessions");
    assert_eq!(list[0].id, PHONE);
    assert_eq!(list[0].status, SessionStatus::Connected);
    assert_eq!(list[1].status, SessionStatus::Disconected);
}

#[tokio::test]
async fn find_session() {
    let h = start().await;
    let s = h.client.sessions();
    assert_eq!(
        s.find(PHONE, &Default::default()).await.unwrap().message,
        "Session found"
    );
    assert_common(&h.server.last(), "GET", "/sessions/6281234567890");
    let missing = s.find("1", &Default::default()).await.unwrap_err();
    assert!(matches!(missing, Error::NotFound { .. }), "{missing}");
}

#[tokio::test]
async fn delete_session() {
    let h = start().await;
    let s = h.client.sessions();
    assert_eq!(
        s.delete(PHONE, &Default::default()).await.unwrap().message,
        "Session deleted"
    );
    assert_common(&h.server.last(), "DELETE", "/sessions/6281234567890");
    assert_error(
        s.delete("1", &Default::default()).await,
        404,
        "Session not found",
    );
}

#[tokio::test]
async fn session_status() {
    let h = start().await;
    let status = h
        .client
        .sessions()
        .status(OFFLINE, &Default::default())
        .await
        .unwrap();
    assert_eq!(status.status, SessionStatus::Connecting);
    assert_common(&h.server.last(), "GET", "/sessions/6280000000000/status");
}

#[tokio::test]
async fn add_session() {
    let h = start().await;
    let s = h.client.sessions();
    // Keys beyond the named ones (the socket configuration) go alongside.
    let body = {
        let mut value = AddSessionRequest::new("6281111111111").with_read_incoming_messages(true);
        value.additional_properties = [("syncFullHistory".to_owned(), json!(false))].into();
        value
    };
    let qr = s.add(&body, &Default::default()).await.unwrap();
    assert!(qr.qr.starts_with("data:image/png;base64,"));
    let request = h.server.last();
    assert_common(&request, "POST", "/sessions/add");
    assert_json_body(
        &request,
        json!({"sessionId": "6281111111111", "readIncomingMessages": true, "syncFullHistory": false}),
    );
    // An existing id is an `{error}` 400, an empty one an `{errors}` 400.
    let existing = AddSessionRequest::new(PHONE);
    assert_error(
        s.add(&existing, &Default::default()).await,
        400,
        "Session already exists",
    );
    let empty = AddSessionRequest::new(String::new());
    assert_error(s.add(&empty, &Default::default()).await, 400, "sessionId");
}

#[tokio::test]
async fn add_session_sse() {
    let h = start().await;
    let mut stream = h
        .client
        .sessions()
        .add_sse("6281111111111", &Default::default())
        .await
        .unwrap();
    let first = stream.next().await.unwrap().unwrap();
    assert_eq!(first.data.connection, Some(ConnectionState::Connecting));
    assert_eq!(first.id, None, "the server sends no event ids");
    let second = stream.next().await.unwrap().unwrap();
    assert_eq!(
        second.data.qr.as_deref(),
        Some("data:image/png;base64,iVBORw0KGgo=")
    );
    let third = stream.next().await.unwrap().unwrap();
    assert_eq!(third.data.connection, Some(ConnectionState::Open));
    assert_eq!(third.data.is_new_login, Some(true));
    assert!(stream.next().await.is_none(), "a clean end ends the stream");
    let request = h.server.last();
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.raw_path, "/sessions/6281111111111/add-sse");
    assert_eq!(request.query.as_deref(), Some("api_key=secret-key-123"));
    assert_eq!(
        request.header("x-api-key"),
        None,
        "the SSE route takes the key in the query only"
    );
    assert_eq!(request.header("accept"), Some("text/event-stream"));
}

#[tokio::test]
async fn add_session_sse_for_an_existing_session_is_one_error_event() {
    let h = start().await;
    let mut stream = h
        .client
        .sessions()
        .add_sse(PHONE, &Default::default())
        .await
        .unwrap();
    // Today's runtime hands the `{error}` event over as an event; the
    // error text is in the typed `error` field either way.
    let event = stream.next().await.unwrap();
    match event {
        Ok(event) => assert_eq!(event.data.error.as_deref(), Some("Session already exists")),
        Err(error) => assert!(
            error.to_string().contains("Session already exists"),
            "{error}"
        ),
    }
    assert!(stream.next().await.is_none(), "then the stream ends");
    assert_eq!(h.server.requests().len(), 1, "no second GET");
}

// Chats

#[tokio::test]
async fn chat_list() {
    let h = start().await;
    let c = h.client.chats();
    let page = c.list(PHONE, &Default::default()).await.unwrap();
    let request = h.server.last();
    assert_common(&request, "GET", "/6281234567890/chats");
    // No cursor on the first page (`cursor=0` would skip a row); the
    // document's default limit.
    assert_eq!(request.query.as_deref(), Some("limit=25"));
    assert_eq!(page.data.len(), 3);
    assert_eq!(page.cursor, None);
    let chat = &page.data[0];
    assert_eq!(chat.pk_id, Some(1));
    assert_eq!(chat.session_id.as_deref(), Some(PHONE));
    assert_eq!(chat.conversation_timestamp, Some(1_700_000_100_i64));
    assert_eq!(chat.pinned, Some(1_700_000_300_i64));
    assert_eq!(chat.mute_end_time, Some(0));
    assert_eq!(chat.unread_count, Some(2_i32));
    assert_eq!(chat.ephemeral_expiration, Some(604_800));
    let Some(BinaryColumn::Buffer(token)) = chat.tc_token.as_ref() else {
        panic!("{:?}", chat.tc_token)
    };
    assert_eq!(token.data, [1, 2, 3]);
    // Null columns are left out by the server: `None`.
    assert_eq!(chat.last_msg_timestamp, None);
    assert_eq!(chat.display_name, None);

    // The next page starts after the cursor's row.
    let options = chats::ChatListOptions::default()
        .with_cursor(1)
        .with_limit(1);
    let next = c.list(PHONE, &options).await.unwrap();
    assert_eq!(h.server.last().query.as_deref(), Some("cursor=1&limit=1"));
    assert_eq!(next.data[0].pk_id, Some(2));
    assert_eq!(next.cursor, Some(2));

    // No session check on list routes: an empty page, not a 404.
    let unknown = c.list("1", &Default::default()).await.unwrap();
    assert!(unknown.data.is_empty());
}

#[tokio::test]
async fn load_conversation() {
    let h = start().await;
    let options = chats::LoadConversationOptions::default().with_limit(1);
    let page = h
        .client
        .chats()
        .load_conversation(PHONE, JID, &options)
        .await
        .unwrap();
    let request = h.server.last();
    assert_common(
        &request,
        "GET",
        &format!("/6281234567890/chats/{JID_SEGMENT}"),
    );
    assert_eq!(request.query.as_deref(), Some("limit=1"));
    assert_eq!(page.cursor, Some(10));
    let message = &page.data[0];
    assert_eq!(message.key.id, "BAE5F5A632EAE722");
    assert_eq!(message.message_timestamp, Some(1_700_000_000_i64));
    assert_eq!(message.ephemeral_start_timestamp, Some(1_700_000_000));
    assert_eq!(message.pk_id, Some(10));
    assert_eq!(message.message_secret.as_ref().unwrap().data, [9, 8]);
    assert_eq!(message.status, Some(json!(2)));
    assert_eq!(message.revoke_message_timestamp, None);
}

#[tokio::test]
async fn update_presence() {
    let h = start().await;
    let c = h.client.chats();
    let body = PresenceRequest::new(Presence::Composing);
    let answer = c
        .update_presence(PHONE, JID, &body, &Default::default())
        .await
        .unwrap();
    assert_eq!(answer.message, "Presence updated");
    let request = h.server.last();
    assert_common(
        &request,
        "POST",
        &format!("/6281234567890/chats/{JID_SEGMENT}/presence"),
    );
    assert_json_body(&request, json!({"presence": "composing"}));
    assert_error(
        c.update_presence(PHONE, UNKNOWN_JID, &body, &Default::default())
            .await,
        400,
        "Jid does not exists",
    );
    assert_error(
        c.update_presence(OFFLINE, JID, &body, &Default::default())
            .await,
        500,
        "An error occured",
    );
}

// Contacts

#[tokio::test]
async fn contact_list() {
    let h = start().await;
    let k = h.client.contacts();
    let options = contacts::ContactListOptions::default()
        .with_search("Ann B")
        .with_limit(10);
    k.list(PHONE, &options).await.unwrap();
    let request = h.server.last();
    assert_common(&request, "GET", "/6281234567890/contacts");
    assert_eq!(request.query.as_deref(), Some("limit=10&search=Ann%20B"));

    let page = k.list(PHONE, &Default::default()).await.unwrap();
    assert_eq!(page.data.len(), 2);
    let ann = &page.data[0];
    assert_eq!((ann.pk_id, ann.name.as_deref()), (Some(1), Some("Ann")));
    // The server's `null`s are `None`.
    let unnamed = &page.data[1];
    assert_eq!(unnamed.name, None);
    assert_eq!(unnamed.img_url, None);
    assert_eq!(unnamed.status, None);
}

#[tokio::test]
async fn blocked_number_list() {
    let h = start().await;
    let k = h.client.contacts();
    assert_eq!(
        k.blocked_number_list(PHONE, &Default::default())
            .await
            .unwrap(),
        [JID]
    );
    assert_common(&h.server.last(), "GET", "/6281234567890/contacts/blocklist");
    assert_error(
        k.blocked_number_list(OFFLINE, &Default::default()).await,
        500,
        "blocklist",
    );
}

#[tokio::test]
async fn block_unblock_number() {
    let h = start().await;
    let k = h.client.contacts();
    let body = BlockRequest::new(JID).with_action(BlockAction::Unblock);
    k.block_unblock_number(PHONE, &body, &Default::default())
        .await
        .unwrap();
    let request = h.server.last();
    assert_common(&request, "POST", "/6281234567890/contacts/blocklist/update");
    assert_json_body(&request, json!({"jid": JID, "action": "unblock"}));
    let unknown = BlockRequest::new(UNKNOWN_JID);
    assert_error(
        k.block_unblock_number(PHONE, &unknown, &Default::default())
            .await,
        400,
        "Jid does not exists",
    );
}

#[tokio::test]
async fn check_number() {
    let h = start().await;
    let k = h.client.contacts();
    assert!(
        k.check_number(PHONE, JID, &Default::default())
            .await
            .unwrap()
            .exists
    );
    assert_common(
        &h.server.last(),
        "GET",
        &format!("/6281234567890/contacts/{JID_SEGMENT}"),
    );
    assert!(
        !k.check_number(PHONE, UNKNOWN_JID, &Default::default())
            .await
            .unwrap()
            .exists
    );
    assert_error(
        k.check_number(OFFLINE, JID, &Default::default()).await,
        500,
        "checking number",
    );
}

#[tokio::test]
async fn profile_picture() {
    let h = start().await;
    let k = h.client.contacts();
    let photo = k
        .profile_picture(PHONE, JID, &Default::default())
        .await
        .unwrap();
    assert_eq!(photo.url, "https://pps.whatsapp.net/v/t61/p.jpg");
    assert_common(
        &h.server.last(),
        "GET",
        &format!("/6281234567890/contacts/{JID_SEGMENT}/photo"),
    );
    assert_error(
        k.profile_picture(PHONE, UNKNOWN_JID, &Default::default())
            .await,
        400,
        "Jid does not exists",
    );
}

// Groups

#[tokio::test]
async fn group_list() {
    let h = start().await;
    let g = h.client.groups();
    // No search given: the client sends the empty default, so every group
    // comes back (without it the server looks for "undefined").
    let page = g.list(PHONE, &Default::default()).await.unwrap();
    let request = h.server.last();
    assert_common(&request, "GET", "/6281234567890/groups");
    assert_eq!(request.query.as_deref(), Some("limit=25&search="));
    assert_eq!(page.data.len(), 2);
    // Contact rows, not group metadata.
    let team = &page.data[0];
    assert_eq!(team.id, GROUP);
    assert_eq!(team.name.as_deref(), Some("Team"));
    assert_eq!(team.pk_id, Some(5));
    assert_eq!(team.notify, None);

    let options = groups::GroupListOptions::default().with_search("Fam");
    let family = g.list(PHONE, &options).await.unwrap();
    assert_eq!(
        h.server.last().query.as_deref(),
        Some("limit=25&search=Fam")
    );
    assert_eq!(family.data.len(), 1);
    assert_eq!(family.data[0].name.as_deref(), Some("Family"));
}

#[tokio::test]
async fn group_metadata() {
    let h = start().await;
    let g = h.client.groups();
    let metadata = g.metadata(PHONE, GROUP, &Default::default()).await.unwrap();
    assert_common(&h.server.last(), "GET", GROUP_PATH);
    assert_eq!(metadata.subject, "Team");
    assert_eq!(metadata.creation, Some(1_690_000_000_i64));
    assert_eq!(metadata.size, Some(2_i32));
    assert_eq!(metadata.owner, None);
    assert_eq!(
        metadata.participants[0].admin.as_deref(),
        Some("superadmin")
    );
    assert_eq!(metadata.participants[1].admin, None);
    assert_error(
        g.metadata(OFFLINE, GROUP, &Default::default()).await,
        500,
        "group metadata",
    );
}

#[tokio::test]
async fn leave_group() {
    let h = start().await;
    let g = h.client.groups();
    assert_eq!(
        g.leave(PHONE, GROUP, &Default::default())
            .await
            .unwrap()
            .message,
        "Left the group"
    );
    assert_common(&h.server.last(), "DELETE", GROUP_PATH);
    assert_error(
        g.leave(OFFLINE, GROUP, &Default::default()).await,
        500,
        "leave group",
    );
}

#[tokio::test]
async fn get_profile_picture() {
    let h = start().await;
    let g = h.client.groups();
    let photo = g
        .profile_picture(PHONE, GROUP, &Default::default())
        .await
        .unwrap();
    assert!(photo.url.starts_with("https://"));
    assert_common(&h.server.last(), "GET", &format!("{GROUP_PATH}/photo"));
    assert_error(
        g.profile_picture(OFFLINE, GROUP, &Default::default()).await,
        500,
        "photo",
    );
}

#[tokio::test]
async fn post_update_presence() {
    let h = start().await;
    let body = PresenceRequest::new(Presence::Recording);
    let g = h.client.groups();
    let answer = g
        .update_presence(PHONE, GROUP, &body, &Default::default())
        .await
        .unwrap();
    assert_eq!(answer.message, "Presence updated");
    let request = h.server.last();
    assert_common(&request, "POST", &format!("{GROUP_PATH}/presence"));
    assert_json_body(&request, json!({"presence": "recording"}));
    assert_error(
        g.update_presence("1", GROUP, &body, &Default::default())
            .await,
        404,
        "Session not found",
    );
}

#[tokio::test]
async fn create_group() {
    let h = start().await;
    let g = h.client.groups();
    let body = CreateGroupRequest::new("Team", vec![JID.to_owned()]);
    let created = g.create(PHONE, &body, &Default::default()).await.unwrap();
    assert_eq!(created.data.id, GROUP);
    assert_eq!(created.data.subject_time, Some(1_700_000_000_i64));
    assert_eq!(created.error, None);
    let request = h.server.last();
    assert_common(&request, "POST", "/6281234567890/groups/create");
    assert_json_body(&request, json!({"subject": "Team", "participants": [JID]}));
    let long = CreateGroupRequest::new("x".repeat(101), vec![JID.to_owned()]);
    assert_error(
        g.create(PHONE, &long, &Default::default()).await,
        400,
        "Subject must be less than 100 characters",
    );
}

#[tokio::test]
async fn update_participants() {
    let h = start().await;
    let body = UpdateParticipantsRequest::new(vec![JID.to_owned()])
        .with_action(ParticipantAction::Promote);
    let g = h.client.groups();
    let result = g
        .update_participants(PHONE, GROUP, &body, &Default::default())
        .await
        .unwrap();
    assert_eq!(result.data[0].status.as_deref(), Some("200"));
    assert_eq!(result.data[0].jid.as_deref(), Some(JID));
    assert_eq!(result.error, None);
    let request = h.server.last();
    assert_common(
        &request,
        "PUT",
        &format!("{GROUP_PATH}/update/participants"),
    );
    assert_json_body(
        &request,
        json!({"participants": [JID], "action": "promote"}),
    );
    assert_error(
        g.update_participants(OFFLINE, GROUP, &body, &Default::default())
            .await,
        500,
        "update participants",
    );
}

#[tokio::test]
async fn update_subject() {
    let h = start().await;
    let g = h.client.groups();
    let body = UpdateSubjectRequest::new("New");
    let answer = g
        .update_subject(PHONE, GROUP, &body, &Default::default())
        .await
        .unwrap();
    assert_eq!(answer.message, "Group subject updated");
    let request = h.server.last();
    assert_common(&request, "PUT", &format!("{GROUP_PATH}/update/subject"));
    assert_json_body(&request, json!({"subject": "New"}));
    let long = UpdateSubjectRequest::new("x".repeat(101));
    assert_error(
        g.update_subject(PHONE, GROUP, &long, &Default::default())
            .await,
        400,
        "Subject must be less than 100 characters",
    );
}

#[tokio::test]
async fn update_description() {
    let h = start().await;
    let g = h.client.groups();
    let body = UpdateDescriptionRequest::new("About");
    g.update_description(PHONE, GROUP, &body, &Default::default())
        .await
        .unwrap();
    let request = h.server.last();
    assert_common(&request, "PUT", &format!("{GROUP_PATH}/update/description"));
    assert_json_body(&request, json!({"description": "About"}));
    // The server refuses an empty description.
    let empty = UpdateDescriptionRequest::new(String::new());
    assert_error(
        g.update_description(PHONE, GROUP, &empty, &Default::default())
            .await,
        400,
        "description",
    );
}

#[tokio::test]
async fn update_setting() {
    let h = start().await;
    let g = h.client.groups();
    let body = UpdateSettingRequest::new(GroupSetting::NotAnnouncement);
    let answer = g
        .update_setting(PHONE, GROUP, &body, &Default::default())
        .await
        .unwrap();
    assert_eq!(answer.message, "Group setting updated");
    let request = h.server.last();
    assert_common(&request, "PUT", &format!("{GROUP_PATH}/update/setting"));
    assert_json_body(&request, json!({"action": "not_announcement"}));
    assert_error(
        g.update_setting(OFFLINE, GROUP, &body, &Default::default())
            .await,
        500,
        "update setting",
    );
}

// Messages

#[tokio::test]
async fn message_list() {
    let h = start().await;
    let m = h.client.messages();
    let options = messages::MessageListOptions::default().with_cursor(10);
    let page = m.list(PHONE, &options).await.unwrap();
    let request = h.server.last();
    assert_common(&request, "GET", "/6281234567890/messages");
    assert_eq!(request.query.as_deref(), Some("cursor=10&limit=25"));
    assert_eq!(page.data.len(), 1);
    assert_eq!(page.data[0].pk_id, Some(11));
    assert_eq!(page.data[0].message_timestamp, Some(1_700_000_000_i64));
    assert_eq!(page.cursor, None);
    // `cursor=0` is a cursor no row has: the real server's empty page.
    let zero = messages::MessageListOptions::default().with_cursor(0);
    assert!(m.list(PHONE, &zero).await.unwrap().data.is_empty());
}

#[tokio::test]
async fn send_message() {
    let h = start().await;
    let m = h.client.messages();
    let body = SendMessageRequest::new(
        JID,
        MessageContent::text_with_mentions("hello @6289876543210", [JID]),
    )
    .with_type(RecipientType::Number);
    let sent = m.send(PHONE, &body, &Default::default()).await.unwrap();
    assert!(sent.key.from_me);
    // A message WhatsApp just made has a number where stored ones have a
    // string: both read as the same integer.
    assert_eq!(sent.message_timestamp, Some(1_700_000_500_i64));
    let request = h.server.last();
    assert_common(&request, "POST", "/6281234567890/messages/send");
    assert_json_body(
        &request,
        json!({"jid": JID, "type": "number", "message": {"text": "hello @6289876543210", "mentions": [JID]}}),
    );

    // A reply quotes the stored message; its timestamp goes back as the
    // string it came as.
    let stored: WebMessage = serde_json::from_value(baileys::message_row(10)).unwrap();
    let reply = SendMessageRequest::new(JID, "thanks").replying_to(stored);
    m.send(PHONE, &reply, &Default::default()).await.unwrap();
    let sent_body = h.server.last().json();
    assert_eq!(sent_body["message"], json!({"text": "thanks"}));
    assert_eq!(
        sent_body["options"]["quoted"]["messageTimestamp"],
        "1700000000"
    );
    assert_eq!(sent_body["options"]["quoted"]["pkId"], 10);

    assert_error(
        m.send(
            PHONE,
            &SendMessageRequest::new(UNKNOWN_JID, "hi"),
            &Default::default(),
        )
        .await,
        400,
        "Jid does not exists",
    );
    assert_error(
        m.send(
            OFFLINE,
            &SendMessageRequest::new(JID, "hi"),
            &Default::default(),
        )
        .await,
        500,
        "send message",
    );
}

#[tokio::test]
async fn send_bulk_message() {
    let h = start().await;
    let m = h.client.messages();
    let bulk = vec![
        BulkMessage::new(JID, MessageContent::text("a")).with_delay(500),
        BulkMessage::new(UNKNOWN_JID, MessageContent::text("b")),
    ];
    let result = m
        .send_bulk(PHONE, &bulk, &Default::default())
        .await
        .unwrap();
    assert_eq!(result.results[0].index, 0_i32);
    assert_eq!(
        result.results[0].result.message_timestamp,
        Some(1_700_000_500)
    );
    assert_eq!(result.errors[0].index, 1);
    assert_eq!(result.errors[0].error, "Jid does not exists");
    let request = h.server.last();
    assert_common(&request, "POST", "/6281234567890/messages/send/bulk");
    assert_json_body(
        &request,
        json!([{"jid": JID, "message": {"text": "a"}, "delay": 500}, {"jid": UNKNOWN_JID, "message": {"text": "b"}}]),
    );
    // An empty array is accepted.
    let empty = m.send_bulk(PHONE, &[], &Default::default()).await.unwrap();
    assert!(empty.results.is_empty() && empty.errors.is_empty());
    // All failed: a 500 with the same shape.
    let failed = m
        .send_bulk(OFFLINE, &bulk, &Default::default())
        .await
        .unwrap_err();
    assert_eq!(failed.status(), Some(500), "{failed}");
}

#[tokio::test]
async fn download_message_media() {
    let h = start().await;
    let m = h.client.messages();
    let stored: WebMessage = serde_json::from_value(baileys::message_row(10)).unwrap();
    let media = m
        .download_media(PHONE, &stored, &Default::default())
        .await
        .unwrap();
    assert_eq!(media.bytes.as_ref(), [0xff, 0xd8, 0xff, 0xe0]);
    assert_eq!(media.content_type.as_deref(), Some("image/jpeg"));
    let request = h.server.last();
    assert_common(&request, "POST", "/6281234567890/messages/download");
    // The stored message goes back as the server sent it: the columns it
    // had, timestamps as strings, Buffers as Buffers.
    assert_eq!(request.json(), baileys::message_row(10));
    assert_error(
        m.download_media(OFFLINE, &stored, &Default::default())
            .await,
        500,
        "media download",
    );
}

#[tokio::test]
async fn delete_message() {
    let h = start().await;
    let m = h.client.messages();
    let body = DeleteMessageRequest::new(JID, key());
    let revoke = m.delete(PHONE, &body, &Default::default()).await.unwrap();
    assert_eq!(
        revoke.message.as_ref().unwrap()["protocolMessage"]["key"]["id"],
        "BAE5F5A632EAE722"
    );
    assert_eq!(revoke.message_timestamp, Some(1_700_000_500));
    let request = h.server.last();
    assert_common(&request, "DELETE", "/6281234567890/messages/delete");
    assert_json_body(
        &request,
        json!({"jid": JID, "message": {"remoteJid": JID, "fromMe": true, "id": "BAE5F5A632EAE722"}}),
    );
    let mut unknown = body.clone();
    unknown.jid = UNKNOWN_JID.into();
    assert_error(
        m.delete(PHONE, &unknown, &Default::default()).await,
        400,
        "Jid does not exists",
    );
}

#[tokio::test]
async fn every_catalog_operation_has_a_test_above() {
    // One test per operation, named after it; this keeps them honest when
    // the spec grows.
    let source = include_str!("client_operations.rs");
    let ids: Vec<&str> = whatsapp_http_client::catalog::operations()
        .iter()
        .map(|op| op.id)
        .collect();
    assert_eq!(ids.len(), 29);
    for op in whatsapp_http_client::catalog::operations() {
        let test = format!("async fn {}()", snake(op.id));
        assert!(source.contains(&test), "{} has no test `{test}`", op.id);
    }
}

/// `addSessionSSE` → `add_session_sse`.
fn snake(id: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = id.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
        let prev_lower = i > 0 && chars[i - 1].is_lowercase();
        if c.is_uppercase() && i > 0 && (prev_lower || next_lower) {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}
