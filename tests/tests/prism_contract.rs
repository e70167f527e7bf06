//! Contract test: Prism (`@stoplight/prism-cli`, from npm) mocks
//! `spec/whatsapp-http-api.yaml` with request validation on, and every
//! operation is called through the generated client. Prism must accept every
//! request: its validator logs a pass for each, and no violation.

use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use e2e_tests::{node_tools, repo_root};
use serde_json::json;
use whatsapp_http_client::models::*;
use whatsapp_http_client::runtime::RetryPolicy;
use whatsapp_http_client::{Client, Error};

struct Prism {
    child: Child,
    log: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start_prism(port: u16) -> Prism {
    let tools = node_tools();
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("prism.log");
    let out = std::fs::File::create(&log).unwrap();
    let child = Command::new(tools.join("node_modules/.bin/prism"))
        .args(["mock", "--port", &port.to_string(), "--host", "127.0.0.1"])
        .arg(repo_root().join("spec/whatsapp-http-api.yaml"))
        .stdout(Stdio::from(out.try_clone().unwrap()))
        .stderr(Stdio::from(out))
        .spawn()
        .expect("prism starts");
    let prism = Prism {
        child,
        log,
        _dir: dir,
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "Prism did not start:\n{}",
            std::fs::read_to_string(&prism.log).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    prism
}

/// Accepted by the validator: success, or an answer Prism made after the
/// request passed (the SSE route's body cannot be mocked as text).
fn accepted<T>(operation: &str, result: Result<T, Error>) {
    match result {
        Ok(_) => {}
        Err(error) if matches!(error.status(), Some(400 | 401 | 403 | 404 | 422)) => {
            panic!("{operation}: Prism refused the request: {error}")
        }
        Err(Error::InvalidBody { .. }) => {}
        Err(error) if error.status() == Some(500) => {}
        Err(error) => panic!("{operation}: {error}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn prism_accepts_every_request_the_client_sends() {
    let port = free_port();
    let prism = start_prism(port);
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .api_key("contract-key")
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let (phone, jid, group) = (
        "6281234567890",
        "6289876543210@s.whatsapp.net",
        "120363025246125486@g.us",
    );
    let key = MessageKey::new(jid, true, "BAE5F5A632EAE722");
    // A stored message as the list routes give it: its timestamp a string
    // of digits, which the client writes back as a string.
    let stored: WebMessage = serde_json::from_value(json!({
        "pkId": 7, "sessionId": phone, "remoteJid": jid, "id": "BAE5F5A632EAE722",
        "key": {"remoteJid": jid, "fromMe": true, "id": "BAE5F5A632EAE722"},
        "message": {"conversation": "hi"}, "messageTimestamp": "1700000000", "status": 2
    }))
    .unwrap();
    assert_eq!(stored.message_timestamp, Some(1_700_000_000));

    let s = client.sessions();
    accepted("listSessions", s.list(&Default::default()).await);
    accepted("findSession", s.find(phone, &Default::default()).await);
    accepted("deleteSession", s.delete(phone, &Default::default()).await);
    accepted("sessionStatus", s.status(phone, &Default::default()).await);
    accepted(
        "addSession",
        s.add(
            &AddSessionRequest::new(phone).with_read_incoming_messages(true),
            &Default::default(),
        )
        .await,
    );
    accepted(
        "addSessionSSE",
        s.add_sse(phone, &Default::default()).await.map(|_| ()),
    );

    let c = client.chats();
    accepted(
        "chatList",
        c.list(
            phone,
            &whatsapp_http_client::chats::ChatListOptions::default()
                .with_cursor(12)
                .with_limit(10),
        )
        .await,
    );
    accepted(
        "loadConversation",
        c.load_conversation(phone, jid, &Default::default()).await,
    );
    accepted(
        "updatePresence",
        c.update_presence(
            phone,
            jid,
            &PresenceRequest::new(Presence::Available),
            &Default::default(),
        )
        .await,
    );

    let k = client.contacts();
    accepted(
        "contactList",
        k.list(
            phone,
            &whatsapp_http_client::contacts::ContactListOptions::default().with_search("a"),
        )
        .await,
    );
    accepted(
        "blockedNumberList",
        k.blocked_number_list(phone, &Default::default()).await,
    );
    accepted(
        "blockUnblockNumber",
        k.block_unblock_number(
            phone,
            &BlockRequest::new(jid).with_action(BlockAction::Block),
            &Default::default(),
        )
        .await,
    );
    accepted(
        "checkNumber",
        k.check_number(phone, jid, &Default::default()).await,
    );
    accepted(
        "profilePicture",
        k.profile_picture(phone, jid, &Default::default()).await,
    );

    let g = client.groups();
    accepted("groupList", g.list(phone, &Default::default()).await);
    accepted(
        "groupMetadata",
        g.metadata(phone, group, &Default::default()).await,
    );
    accepted(
        "leaveGroup",
        g.leave(phone, group, &Default::default()).await,
    );
    accepted(
        "getProfilePicture",
        g.profile_picture(phone, group, &Default::default()).await,
    );
    accepted(
        "postUpdatePresence",
        g.update_presence(
            phone,
            group,
            &PresenceRequest::new(Presence::Paused),
            &Default::default(),
        )
        .await,
    );
    accepted(
        "createGroup",
        g.create(
            phone,
            &CreateGroupRequest::new("Team", vec![jid.into()]),
            &Default::default(),
        )
        .await,
    );
    accepted(
        "updateParticipants",
        g.update_participants(
            phone,
            group,
            &UpdateParticipantsRequest::new(vec![jid.into()]).with_action(ParticipantAction::Add),
            &Default::default(),
        )
        .await,
    );
    accepted(
        "updateSubject",
        g.update_subject(
            phone,
            group,
            &UpdateSubjectRequest::new("New"),
            &Default::default(),
        )
        .await,
    );
    accepted(
        "updateDescription",
        g.update_description(
            phone,
            group,
            &UpdateDescriptionRequest::new("About"),
            &Default::default(),
        )
        .await,
    );
    accepted(
        "updateSetting",
        g.update_setting(
            phone,
            group,
            &UpdateSettingRequest::new(GroupSetting::Locked),
            &Default::default(),
        )
        .await,
    );

    let m = client.messages();
    accepted("messageList", m.list(phone, &Default::default()).await);
    let message =
        SendMessageRequest::new(jid, MessageContent::text("hi")).with_type(RecipientType::Number);
    accepted(
        "sendMessage",
        m.send(phone, &message, &Default::default()).await,
    );
    let bulk = [BulkMessage::new(jid, MessageContent::text("hi")).with_delay(1000)];
    accepted(
        "sendBulkMessage",
        m.send_bulk(phone, &bulk, &Default::default()).await,
    );
    accepted(
        "downloadMessageMedia",
        m.download_media(phone, &stored, &Default::default()).await,
    );
    accepted(
        "deleteMessage",
        m.delete(
            phone,
            &DeleteMessageRequest::new(jid, key),
            &Default::default(),
        )
        .await,
    );

    let log = std::fs::read_to_string(&prism.log).unwrap();
    let passed = log
        .matches("The request passed the validation rules")
        .count();
    assert_eq!(passed, 29, "every request passes Prism's validator:\n{log}");
    assert!(!log.contains("[VALIDATOR] ✖"), "{log}");
}
