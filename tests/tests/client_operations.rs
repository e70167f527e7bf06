//! The generated client over real HTTP on 127.0.0.1: for every one of the 29
//! operations, the method, path, query, headers and body the server receives,
//! and the typed value the client returns.

use std::sync::{Arc, Mutex};

use e2e_tests::server::{Recorded, RecordingServer, Reply};
use serde_json::{Value, json};
use whatsapp_http_client::models::*;
use whatsapp_http_client::{Client, chats, contacts, groups, messages};

const KEY: &str = "secret-key-123";
const PHONE: &str = "6281234567890";
const JID: &str = "6289876543210@s.whatsapp.net";
const GROUP: &str = "120363025246125486@g.us";

struct Harness {
    server: RecordingServer,
    next: Arc<Mutex<Reply>>,
    client: Client,
}

impl Harness {
    async fn start() -> Self {
        let next = Arc::new(Mutex::new(Reply::json(200, json!({}))));
        let reply = next.clone();
        let server = RecordingServer::start(move |_| reply.lock().unwrap().clone()).await;
        let client = Client::builder()
            .base_url(&server.base_url)
            .api_key(KEY)
            .build()
            .unwrap();
        Harness {
            server,
            next,
            client,
        }
    }

    fn answer(&self, reply: Reply) {
        *self.next.lock().unwrap() = reply;
    }

    fn answer_json(&self, body: Value) {
        self.answer(Reply::json(200, body));
    }
}

/// What every request must carry: the key in the header, JSON accepted.
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

fn message_json() -> Value {
    json!({"key": {"remoteJid": JID, "fromMe": true, "id": "BAE5F5A632EAE722"}, "message": {"conversation": "hi"}, "messageTimestamp": 1700000000, "status": 1})
}

#[tokio::test]
async fn sessions_operations() {
    let h = Harness::start().await;
    let sessions = h.client.sessions();

    h.answer_json(
        json!([{"id": PHONE, "status": "connected"}, {"id": "2", "status": "disconected"}]),
    );
    let list = sessions.list().await.unwrap();
    assert_common(&h.server.last(), "GET", "/sessions");
    assert_eq!(list[0].status, SessionStatus::Connected);
    assert_eq!(list[1].status, SessionStatus::Disconected);

    h.answer_json(json!({"message": "Session found"}));
    assert_eq!(sessions.find(PHONE).await.unwrap().message, "Session found");
    assert_common(&h.server.last(), "GET", "/sessions/6281234567890");

    h.answer_json(json!({"message": "The session has been successfully deleted."}));
    sessions.delete(PHONE).await.unwrap();
    assert_common(&h.server.last(), "DELETE", "/sessions/6281234567890");

    h.answer_json(json!({"status": "wait_for_qrcode_auth"}));
    let status = sessions.status(PHONE).await.unwrap();
    assert_eq!(status.status, SessionStatus::WaitForQrcodeAuth);
    assert_common(&h.server.last(), "GET", "/sessions/6281234567890/status");

    h.answer_json(json!({"qr": "data:image/png;base64,iVBORw0KGgo="}));
    // Keys beyond the named ones (the socket configuration) go alongside.
    let body = AddSessionRequest {
        session_id: PHONE.into(),
        read_incoming_messages: Some(true),
        additional_properties: [("syncFullHistory".to_owned(), json!(false))].into(),
    };
    let qr = sessions.add(&body).await.unwrap();
    assert!(qr.qr.starts_with("data:image/png"));
    let request = h.server.last();
    assert_common(&request, "POST", "/sessions/add");
    assert_json_body(
        &request,
        json!({"sessionId": PHONE, "readIncomingMessages": true, "syncFullHistory": false}),
    );
}

#[tokio::test]
async fn add_session_sse_sends_the_key_in_the_query_only() {
    let h = Harness::start().await;
    h.answer(Reply::raw(200, "text/event-stream", "data: {\"connection\":\"connecting\"}\n\ndata: {\"qr\":\"data:image/png;base64,AAAA\"}\n\n"));
    let mut stream = h.client.sessions().add_sse(PHONE).await.unwrap();
    use futures_util::StreamExt;
    let first = stream.next().await.unwrap().unwrap();
    assert_eq!(first.data.connection, Some(ConnectionState::Connecting));
    let second = stream.next().await.unwrap().unwrap();
    assert_eq!(
        second.data.qr.as_deref(),
        Some("data:image/png;base64,AAAA")
    );
    assert!(stream.next().await.is_none(), "a clean end ends the stream");
    let request = h.server.last();
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.raw_path, "/sessions/6281234567890/add-sse");
    assert_eq!(request.query.as_deref(), Some("api_key=secret-key-123"));
    assert_eq!(
        request.header("x-api-key"),
        None,
        "the SSE route takes the key in the query only"
    );
    assert_eq!(request.header("accept"), Some("text/event-stream"));
}

#[tokio::test]
async fn chats_operations() {
    let h = Harness::start().await;
    let chats = h.client.chats();

    h.answer_json(json!({"data": [{"id": JID, "name": "Ann", "unreadCount": 2}], "cursor": 25}));
    let page = chats
        .list(
            PHONE,
            &chats::ChatListOptions {
                cursor: Some(0.0),
                limit: Some(25.0),
            },
        )
        .await
        .unwrap();
    assert_eq!(page.data[0].id, JID);
    assert_eq!(page.cursor, Some(25.0));
    let request = h.server.last();
    assert_common(&request, "GET", "/6281234567890/chats");
    assert_eq!(request.query.as_deref(), Some("cursor=0&limit=25"));

    h.answer_json(json!({"data": [message_json()], "cursor": null}));
    let page = chats
        .load_conversation(PHONE, JID, &Default::default())
        .await
        .unwrap();
    assert_eq!(page.cursor, None);
    assert_eq!(page.data[0].key.id, "BAE5F5A632EAE722");
    let request = h.server.last();
    assert_common(
        &request,
        "GET",
        "/6281234567890/chats/6289876543210%40s.whatsapp.net",
    );
    assert_eq!(request.query, None, "unset options send nothing");

    h.answer_json(json!({"message": "Presence updated"}));
    chats
        .update_presence(
            PHONE,
            JID,
            &PresenceRequest {
                presence: Presence::Composing,
            },
        )
        .await
        .unwrap();
    let request = h.server.last();
    assert_common(
        &request,
        "POST",
        "/6281234567890/chats/6289876543210%40s.whatsapp.net/presence",
    );
    assert_json_body(&request, json!({"presence": "composing"}));
}

#[tokio::test]
async fn contacts_operations() {
    let h = Harness::start().await;
    let contacts = h.client.contacts();

    h.answer_json(json!({"data": [{"id": JID, "name": "Ann"}], "cursor": null}));
    let options = contacts::ContactListOptions {
        search: Some("Ann B".into()),
        limit: Some(10.0),
        ..Default::default()
    };
    contacts.list(PHONE, &options).await.unwrap();
    let request = h.server.last();
    assert_common(&request, "GET", "/6281234567890/contacts");
    assert_eq!(request.query.as_deref(), Some("limit=10&search=Ann%20B"));

    h.answer_json(json!([JID]));
    assert_eq!(contacts.blocked_number_list(PHONE).await.unwrap(), [JID]);
    assert_common(&h.server.last(), "GET", "/6281234567890/contacts/blocklist");

    h.answer_json(json!({"message": "The contact has been blocked."}));
    let body = BlockRequest {
        jid: JID.into(),
        action: Some(BlockAction::Unblock),
    };
    contacts.block_unblock_number(PHONE, &body).await.unwrap();
    let request = h.server.last();
    assert_common(&request, "POST", "/6281234567890/contacts/blocklist/update");
    assert_json_body(&request, json!({"jid": JID, "action": "unblock"}));

    h.answer_json(json!({"exists": true}));
    assert!(contacts.check_number(PHONE, JID).await.unwrap().exists);
    assert_common(
        &h.server.last(),
        "GET",
        "/6281234567890/contacts/6289876543210%40s.whatsapp.net",
    );

    h.answer_json(json!({"url": "https://pps.whatsapp.net/p.jpg"}));
    assert_eq!(
        contacts.profile_picture(PHONE, JID).await.unwrap().url,
        "https://pps.whatsapp.net/p.jpg"
    );
    assert_common(
        &h.server.last(),
        "GET",
        "/6281234567890/contacts/6289876543210%40s.whatsapp.net/photo",
    );
}

fn group_json() -> Value {
    json!({"id": GROUP, "subject": "Team", "participants": [{"id": JID, "admin": "admin"}, {"id": "1@s.whatsapp.net", "admin": null}], "announce": false})
}

#[tokio::test]
async fn groups_operations() {
    let h = Harness::start().await;
    let groups = h.client.groups();
    let group_path = "/6281234567890/groups/120363025246125486%40g.us";

    h.answer_json(json!({"data": [group_json()], "cursor": 1}));
    let options = groups::GroupListOptions {
        search: Some("Team".into()),
        ..Default::default()
    };
    assert_eq!(
        groups.list(PHONE, &options).await.unwrap().data[0].subject,
        "Team"
    );
    let request = h.server.last();
    assert_common(&request, "GET", "/6281234567890/groups");
    assert_eq!(request.query.as_deref(), Some("search=Team"));

    h.answer_json(group_json());
    let metadata = groups.metadata(PHONE, GROUP).await.unwrap();
    assert_eq!(metadata.participants[1].admin, None);
    assert_common(&h.server.last(), "GET", group_path);

    h.answer_json(json!({"message": "left"}));
    groups.leave(PHONE, GROUP).await.unwrap();
    assert_common(&h.server.last(), "DELETE", group_path);

    h.answer_json(json!({"url": "https://pps.whatsapp.net/g.jpg"}));
    groups.get_profile_picture(PHONE, GROUP).await.unwrap();
    assert_common(&h.server.last(), "GET", &format!("{group_path}/photo"));

    h.answer_json(json!({"message": "Presence updated"}));
    groups
        .post_update_presence(
            PHONE,
            GROUP,
            &PresenceRequest {
                presence: Presence::Recording,
            },
        )
        .await
        .unwrap();
    let request = h.server.last();
    assert_common(&request, "POST", &format!("{group_path}/presence"));
    assert_json_body(&request, json!({"presence": "recording"}));

    h.answer_json(json!({"data": group_json(), "error": null}));
    let body = CreateGroupRequest {
        subject: "Team".into(),
        participants: vec![JID.into()],
    };
    assert_eq!(groups.create(PHONE, &body).await.unwrap().data.id, GROUP);
    let request = h.server.last();
    assert_common(&request, "POST", "/6281234567890/groups/create");
    assert_json_body(&request, json!({"subject": "Team", "participants": [JID]}));

    h.answer_json(json!({"data": [{"status": "200", "jid": JID}], "error": null}));
    let body = UpdateParticipantsRequest {
        participants: vec![JID.into()],
        action: Some(ParticipantAction::Promote),
    };
    let result = groups
        .update_participants(PHONE, GROUP, &body)
        .await
        .unwrap();
    assert_eq!(result.data[0].status.as_deref(), Some("200"));
    let request = h.server.last();
    assert_common(
        &request,
        "PUT",
        &format!("{group_path}/update/participants"),
    );
    assert_json_body(
        &request,
        json!({"participants": [JID], "action": "promote"}),
    );

    h.answer_json(json!({"message": "ok"}));
    groups
        .update_subject(
            PHONE,
            GROUP,
            &UpdateSubjectRequest {
                subject: "New".into(),
            },
        )
        .await
        .unwrap();
    let request = h.server.last();
    assert_common(&request, "PUT", &format!("{group_path}/update/subject"));
    assert_json_body(&request, json!({"subject": "New"}));

    groups
        .update_description(
            PHONE,
            GROUP,
            &UpdateDescriptionRequest {
                description: "About".into(),
            },
        )
        .await
        .unwrap();
    let request = h.server.last();
    assert_common(&request, "PUT", &format!("{group_path}/update/description"));
    assert_json_body(&request, json!({"description": "About"}));

    groups
        .update_setting(
            PHONE,
            GROUP,
            &UpdateSettingRequest {
                action: GroupSetting::NotAnnouncement,
            },
        )
        .await
        .unwrap();
    let request = h.server.last();
    assert_common(&request, "PUT", &format!("{group_path}/update/setting"));
    assert_json_body(&request, json!({"action": "not_announcement"}));
}

#[tokio::test]
async fn messages_operations() {
    let h = Harness::start().await;
    let messages = h.client.messages();
    let stored: WebMessage = serde_json::from_value(message_json()).unwrap();

    h.answer_json(json!({"data": [message_json()], "cursor": 2}));
    messages
        .list(
            PHONE,
            &messages::MessageListOptions {
                cursor: Some(1.0),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let request = h.server.last();
    assert_common(&request, "GET", "/6281234567890/messages");
    assert_eq!(request.query.as_deref(), Some("cursor=1"));

    h.answer_json(message_json());
    let body = SendMessageRequest {
        jid: JID.into(),
        r#type: Some(RecipientType::Number),
        message: json!({"text": "hello", "mentions": [JID]}),
        options: None,
    };
    let sent = messages.send(PHONE, &body).await.unwrap();
    assert!(sent.key.from_me);
    let request = h.server.last();
    assert_common(&request, "POST", "/6281234567890/messages/send");
    assert_json_body(
        &request,
        json!({"jid": JID, "type": "number", "message": {"text": "hello", "mentions": [JID]}}),
    );

    h.answer_json(json!({"results": [{"index": 0, "result": message_json()}], "errors": [{"index": 1, "error": "bad jid"}]}));
    let bulk = vec![
        BulkMessage {
            jid: JID.into(),
            r#type: None,
            message: json!({"text": "a"}),
            options: None,
            delay: Some(500.0),
        },
        BulkMessage {
            jid: "x".into(),
            r#type: None,
            message: json!({"text": "b"}),
            options: None,
            delay: None,
        },
    ];
    let result = messages.send_bulk(PHONE, &bulk).await.unwrap();
    assert_eq!(result.errors[0].error, "bad jid");
    let request = h.server.last();
    assert_common(&request, "POST", "/6281234567890/messages/send/bulk");
    assert_json_body(
        &request,
        json!([{"jid": JID, "message": {"text": "a"}, "delay": 500.0}, {"jid": "x", "message": {"text": "b"}}]),
    );

    h.answer(Reply::raw(200, "image/jpeg", vec![0xff, 0xd8, 0xff, 0xe0]));
    let media = messages.download_media(PHONE, &stored).await.unwrap();
    assert_eq!(media.bytes.as_ref(), [0xff, 0xd8, 0xff, 0xe0]);
    assert_eq!(media.content_type.as_deref(), Some("image/jpeg"));
    let request = h.server.last();
    assert_common(&request, "POST", "/6281234567890/messages/download");
    assert_eq!(request.json()["key"]["id"], "BAE5F5A632EAE722");

    h.answer_json(message_json());
    let body = DeleteMessageRequest {
        jid: JID.into(),
        r#type: None,
        message: stored.key.clone(),
    };
    messages.delete(PHONE, &body).await.unwrap();
    let request = h.server.last();
    assert_common(&request, "DELETE", "/6281234567890/messages/delete");
    assert_json_body(
        &request,
        json!({"jid": JID, "message": {"remoteJid": JID, "fromMe": true, "id": "BAE5F5A632EAE722"}}),
    );
}

#[tokio::test]
async fn every_catalog_operation_was_exercised_above() {
    // The tests above cover each operation by name; this keeps them honest
    // when the spec grows.
    let covered = [
        "listSessions",
        "findSession",
        "deleteSession",
        "sessionStatus",
        "addSession",
        "addSessionSSE",
        "chatList",
        "loadConversation",
        "updatePresence",
        "contactList",
        "blockedNumberList",
        "blockUnblockNumber",
        "checkNumber",
        "profilePicture",
        "groupList",
        "groupMetadata",
        "leaveGroup",
        "getProfilePicture",
        "postUpdatePresence",
        "createGroup",
        "updateParticipants",
        "updateSubject",
        "updateDescription",
        "updateSetting",
        "messageList",
        "sendMessage",
        "sendBulkMessage",
        "downloadMessageMedia",
        "deleteMessage",
    ];
    let ids: Vec<&str> = whatsapp_http_client::catalog::operations()
        .iter()
        .map(|op| op.id)
        .collect();
    assert_eq!(ids.len(), 29);
    for id in ids {
        assert!(covered.contains(&id), "{id} has no test");
    }
}
