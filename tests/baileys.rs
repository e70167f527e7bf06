//! A stand-in for baileys-api 2.0.0 that answers as the real server was
//! measured to answer (`../shared/seed-api.md`, sections 6 and 7), for a
//! [`RecordingServer`](crate::server::RecordingServer):
//!
//! - the key first (403), then body validation (400 `{errors}`), then the
//!   session (404), except on the list routes, which never check it;
//! - list routes: `cursor`/`limit` must be numeric (400); the cursor is a
//!   row's `pkId`, and one no row has (`0`) gives an empty page;
//! - chat and message rows with 64-bit columns as strings, Buffers, and null
//!   columns left out; contact rows with `null`s; the group list answers
//!   contact rows filtered on `name contains String(search)` (so
//!   `"undefined"` without `search`);
//! - `{error}` 400s for an unknown JID and a long subject, 500s when
//!   WhatsApp does not answer (the [`OFFLINE`] session), Send Bulk's 500 with
//!   its `{results, errors}` shape;
//! - the SSE route: key in the query (`api_key` or `API_KEY`), no event ids;
//!   for a session that exists, one `{"error":"Session already exists"}`
//!   event and the end.

use serde_json::{Value, json};

use crate::server::{Recorded, Reply};

/// The server's API key.
pub const KEY: &str = "secret-key-123";
/// A session that exists and is connected.
pub const PHONE: &str = "6281234567890";
/// A session that exists but whose WhatsApp socket does not answer.
pub const OFFLINE: &str = "6280000000000";
/// A person on WhatsApp.
pub const JID: &str = "6289876543210@s.whatsapp.net";
/// A JID WhatsApp does not know.
pub const UNKNOWN_JID: &str = "6200000000000@s.whatsapp.net";
/// A group of [`PHONE`].
pub const GROUP: &str = "120363025246125486@g.us";

fn error(status: u16, message: &str) -> Reply {
    Reply::json(status, json!({"error": message}))
}

fn invalid(path: &str, value: Value, location: &str) -> Reply {
    Reply::json(
        400,
        json!({"errors": [{"type": "field", "value": value, "msg": "Invalid value", "path": path, "location": location}]}),
    )
}

/// A stored chat row as the server's serialiser writes it.
pub fn chat_row(pk_id: i64) -> Value {
    json!({
        "pkId": pk_id, "sessionId": PHONE, "id": JID, "name": "Ann",
        "unreadCount": 2, "readOnly": false, "archived": false,
        "conversationTimestamp": "1700000100", "pinned": "1700000300",
        "muteEndTime": "0", "ephemeralExpiration": 604800,
        "tcToken": {"type": "Buffer", "data": [1, 2, 3]}, "tcTokenTimestamp": "1700000001"
    })
}

/// A stored message row as the server's serialiser writes it.
pub fn message_row(pk_id: i64) -> Value {
    json!({
        "pkId": pk_id, "sessionId": PHONE, "remoteJid": JID, "id": "BAE5F5A632EAE722",
        "key": {"remoteJid": JID, "fromMe": true, "id": "BAE5F5A632EAE722"},
        "message": {"imageMessage": {"url": "https://mmg.whatsapp.net/x", "mimetype": "image/jpeg"}},
        "messageTimestamp": "1700000000", "status": 2, "pushName": "Me",
        "messageStubParameters": [], "messageSecret": {"type": "Buffer", "data": [9, 8]},
        "ephemeralStartTimestamp": "1700000000"
    })
}

/// A message as WhatsApp just made it (Send Message, Delete Message): numbers.
pub fn live_message(text: &str) -> Value {
    json!({
        "key": {"remoteJid": JID, "fromMe": true, "id": "3EB0C767D26A1D53"},
        "message": {"extendedTextMessage": {"text": text}},
        "messageTimestamp": 1700000500, "status": 1
    })
}

/// A stored contact row: `null` where a value is missing.
pub fn contact_row(pk_id: i64, id: &str, name: Option<&str>) -> Value {
    json!({
        "pkId": pk_id, "sessionId": PHONE, "id": id, "name": name, "notify": null,
        "verifiedName": null, "imgUrl": null, "status": null
    })
}

fn group_metadata() -> Value {
    json!({
        "id": GROUP, "subject": "Team", "subjectOwner": PHONE, "subjectTime": 1700000000,
        "size": 2, "creation": 1690000000, "owner": null, "desc": "About", "restrict": false,
        "announce": false,
        "participants": [{"id": JID, "admin": "superadmin"}, {"id": "1@s.whatsapp.net", "admin": null}]
    })
}

/// One page of `rows` (each with a `pkId`) as Prisma pages them: the rows
/// after the cursor row, none when no row has that `pkId`.
fn page(rows: Vec<Value>, query: &[(String, String)]) -> Reply {
    let mut cursor = None;
    let mut limit = 25_usize;
    for (name, value) in query {
        let number = value.parse::<f64>().ok().filter(|n| n.is_finite());
        match (name.as_str(), number) {
            ("cursor", Some(n)) => cursor = Some(n as i64),
            ("limit", Some(n)) => limit = n as usize,
            ("cursor" | "limit", None) => return invalid(name, json!(value), "query"),
            _ => {}
        }
    }
    let start = match cursor {
        None => 0,
        Some(cursor) => match rows.iter().position(|row| row["pkId"] == cursor) {
            Some(index) => index + 1,
            None => rows.len(),
        },
    };
    let data: Vec<Value> = rows.into_iter().skip(start).take(limit).collect();
    let next = (data.len() == limit)
        .then(|| data.last().map(|row| row["pkId"].clone()))
        .flatten();
    Reply::json(200, json!({"data": data, "cursor": next}))
}

fn query_pairs(request: &Recorded) -> Vec<(String, String)> {
    request
        .query
        .as_deref()
        .unwrap_or_default()
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(name), decode(value))
        })
        .collect()
}

/// Percent-decoding of a path segment or query value (`+` is a space in
/// a query, as Express reads it).
fn decode(text: &str) -> String {
    percent_encoding::percent_decode_str(&text.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned()
}

fn sessions_exist(phone: &str) -> bool {
    phone == PHONE || phone == OFFLINE
}

/// What the server answers to `request`.
pub fn respond(request: &Recorded) -> Reply {
    let segments: Vec<String> = request
        .raw_path
        .trim_start_matches('/')
        .split('/')
        .map(decode)
        .collect();
    let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
    let method = request.method.as_str();
    let query = query_pairs(request);
    let body = request.json();

    // The SSE route reads the key from the query only.
    if let ["sessions", phone, "add-sse"] = segments.as_slice() {
        let key = query
            .iter()
            .find(|(name, _)| name == "api_key" || name == "API_KEY")
            .map(|(_, value)| value.as_str());
        if key != Some(KEY) {
            return error(403, "Invalid API key");
        }
        let events = if sessions_exist(phone) {
            "data: {\"error\":\"Session already exists\"}\n\n".to_owned()
        } else {
            "data: {\"connection\":\"connecting\"}\n\n\
             data: {\"qr\":\"data:image/png;base64,iVBORw0KGgo=\"}\n\n\
             data: {\"connection\":\"open\",\"isNewLogin\":true}\n\n"
                .to_owned()
        };
        return Reply::raw(200, "text/event-stream", events);
    }
    if request.header("x-api-key") != Some(KEY) {
        return error(403, "Invalid API key");
    }
    let jid_known = |jid: &str| jid != UNKNOWN_JID;
    let wa_failure = |phone: &str, what: &str| {
        (phone == OFFLINE).then(|| error(500, &format!("An error occured during {what}")))
    };
    let session_missing =
        |phone: &str| (!sessions_exist(phone)).then(|| error(404, "Session not found"));
    // After validation, in the server's order: the session, the JID, then
    // WhatsApp itself; `None` when all pass.
    let checks = |phone: &str, jid: &str, what: &str| {
        session_missing(phone)
            .or_else(|| (!jid_known(jid)).then(|| error(400, "Jid does not exists")))
            .or_else(|| wa_failure(phone, what))
    };
    let field = |name: &str| body.get(name).filter(|v| !v.is_null());
    let presence_ok = || {
        matches!(
            field("presence").and_then(Value::as_str),
            Some("unavailable" | "available" | "composing" | "recording" | "paused")
        )
    };

    match (method, segments.as_slice()) {
        ("GET", ["sessions"]) => Reply::json(
            200,
            json!([{"id": PHONE, "status": "connected"}, {"id": OFFLINE, "status": "disconected"}]),
        ),
        ("GET", ["sessions", phone]) => session_missing(phone)
            .unwrap_or_else(|| Reply::json(200, json!({"message": "Session found"}))),
        ("DELETE", ["sessions", phone]) => session_missing(phone)
            .unwrap_or_else(|| Reply::json(200, json!({"message": "Session deleted"}))),
        ("GET", ["sessions", phone, "status"]) => session_missing(phone).unwrap_or_else(|| {
            let status = if *phone == PHONE {
                "connected"
            } else {
                "connecting"
            };
            Reply::json(200, json!({"status": status}))
        }),
        ("POST", ["sessions", "add"]) => match field("sessionId").and_then(Value::as_str) {
            None | Some("") => invalid("sessionId", json!(null), "body"),
            Some(id) if sessions_exist(id) => error(400, "Session already exists"),
            Some(_) => Reply::json(200, json!({"qr": "data:image/png;base64,iVBORw0KGgo="})),
        },
        ("GET", [phone, "chats"]) => {
            let rows = if *phone == PHONE {
                vec![chat_row(1), chat_row(2), chat_row(3)]
            } else {
                Vec::new()
            };
            page(rows, &query)
        }
        ("GET", [phone, "chats", _] | [phone, "messages"]) => {
            let rows = if *phone == PHONE {
                vec![message_row(10), message_row(11)]
            } else {
                Vec::new()
            };
            page(rows, &query)
        }
        ("POST", [phone, "chats" | "groups", jid, "presence"]) => {
            if !presence_ok() {
                return invalid("presence", json!(body.get("presence")), "body");
            }
            checks(phone, jid, "presence update")
                .unwrap_or_else(|| Reply::json(200, json!({"message": "Presence updated"})))
        }
        ("GET", [phone, "contacts"]) => {
            let rows = if *phone == PHONE {
                vec![
                    contact_row(1, JID, Some("Ann")),
                    contact_row(2, "1@s.whatsapp.net", None),
                ]
            } else {
                Vec::new()
            };
            page(rows, &query)
        }
        ("GET", [phone, "contacts", "blocklist"]) => session_missing(phone)
            .or_else(|| wa_failure(phone, "blocklist"))
            .unwrap_or_else(|| Reply::json(200, json!([JID]))),
        ("POST", [phone, "contacts", "blocklist", "update"]) => {
            let Some(jid) = field("jid").and_then(Value::as_str) else {
                return invalid("jid", json!(null), "body");
            };
            if !matches!(
                field("action").and_then(Value::as_str),
                None | Some("block" | "unblock")
            ) {
                return invalid("action", json!(body.get("action")), "body");
            }
            checks(phone, jid, "blocklist update").unwrap_or_else(|| {
                Reply::json(200, json!({"message": "The contact has been blocked"}))
            })
        }
        ("GET", [phone, "contacts" | "groups", jid, "photo"]) => {
            checks(phone, jid, "get photo URL").unwrap_or_else(|| {
                Reply::json(200, json!({"url": "https://pps.whatsapp.net/v/t61/p.jpg"}))
            })
        }
        ("GET", [phone, "contacts", jid]) => session_missing(phone)
            .or_else(|| wa_failure(phone, "checking number"))
            .unwrap_or_else(|| Reply::json(200, json!({"exists": jid_known(jid)}))),
        ("GET", [phone, "groups"]) => {
            // `name contains String(search)`: the text "undefined" without it.
            let search = query
                .iter()
                .find(|(name, _)| name == "search")
                .map_or_else(|| "undefined".to_owned(), |(_, value)| value.clone());
            let rows = if *phone == PHONE {
                vec![
                    contact_row(5, GROUP, Some("Team")),
                    contact_row(6, "120363000000000001@g.us", Some("Family")),
                ]
            } else {
                Vec::new()
            };
            let rows = rows
                .into_iter()
                .filter(|row| {
                    row["name"]
                        .as_str()
                        .is_some_and(|name| name.contains(&search))
                })
                .collect();
            page(rows, &query)
        }
        ("POST", [phone, "groups", "create"]) => {
            let subject = field("subject").and_then(Value::as_str).unwrap_or_default();
            let participants = field("participants").and_then(Value::as_array);
            if subject.is_empty() || participants.is_none_or(Vec::is_empty) {
                return invalid("subject", json!(subject), "body");
            }
            session_missing(phone)
                .or_else(|| {
                    (subject.chars().count() > 100)
                        .then(|| error(400, "Subject must be less than 100 characters"))
                })
                .or_else(|| wa_failure(phone, "group creation"))
                .unwrap_or_else(|| {
                    Reply::json(200, json!({"data": group_metadata(), "error": null}))
                })
        }
        ("GET", [phone, "groups", _jid]) => session_missing(phone)
            .or_else(|| wa_failure(phone, "group metadata"))
            .unwrap_or_else(|| Reply::json(200, group_metadata())),
        ("DELETE", [phone, "groups", _jid]) => session_missing(phone)
            .or_else(|| wa_failure(phone, "leave group"))
            .unwrap_or_else(|| Reply::json(200, json!({"message": "Left the group"}))),
        ("PUT", [phone, "groups", _jid, "update", what]) => {
            let valid = match *what {
                "participants" => field("participants")
                    .and_then(Value::as_array)
                    .is_some_and(|p| !p.is_empty()),
                "subject" => field("subject")
                    .and_then(Value::as_str)
                    .is_some_and(|s| !s.is_empty()),
                "description" => field("description")
                    .and_then(Value::as_str)
                    .is_some_and(|s| !s.is_empty()),
                "setting" => matches!(
                    field("action").and_then(Value::as_str),
                    Some("announcement" | "not_announcement" | "unlocked" | "locked")
                ),
                _ => return error(404, "URL not found"),
            };
            if !valid {
                return invalid(what, json!(null), "body");
            }
            let long_subject = *what == "subject"
                && field("subject")
                    .and_then(Value::as_str)
                    .is_some_and(|s| s.chars().count() > 100);
            session_missing(phone)
                .or_else(|| long_subject.then(|| error(400, "Subject must be less than 100 characters")))
                .or_else(|| wa_failure(phone, &format!("update {what}")))
                .unwrap_or_else(|| {
                    if *what == "participants" {
                        Reply::json(200, json!({"data": [{"status": "200", "jid": JID, "content": {"tag": "participant"}}], "error": null}))
                    } else {
                        Reply::json(200, json!({"message": format!("Group {what} updated")}))
                    }
                })
        }
        ("POST", [phone, "messages", "send"]) => {
            let (Some(jid), Some(_)) = (field("jid").and_then(Value::as_str), field("message"))
            else {
                return invalid("jid", json!(null), "body");
            };
            checks(phone, jid, "send message").unwrap_or_else(|| {
                let text = body["message"]["text"].as_str().unwrap_or("media");
                Reply::json(200, live_message(text))
            })
        }
        ("POST", [phone, "messages", "send", "bulk"]) => {
            let Some(items) = body.as_array() else {
                return invalid("", body.clone(), "body");
            };
            if let Some(missing) = session_missing(phone) {
                return missing;
            }
            let (mut results, mut errors) = (Vec::new(), Vec::new());
            for (index, item) in items.iter().enumerate() {
                let jid = item["jid"].as_str().unwrap_or_default();
                if *phone == OFFLINE || !jid_known(jid) {
                    errors.push(json!({"index": index, "error": "Jid does not exists"}));
                } else {
                    results.push(json!({"index": index, "result": live_message("bulk")}));
                }
            }
            let status = if results.is_empty() && !errors.is_empty() {
                500
            } else {
                200
            };
            Reply::json(status, json!({"results": results, "errors": errors}))
        }
        ("POST", [phone, "messages", "download"]) => {
            if field("key").is_none() || field("message").is_none() {
                return invalid("message", json!(null), "body");
            }
            session_missing(phone)
                .or_else(|| wa_failure(phone, "media download"))
                .unwrap_or_else(|| Reply::raw(200, "image/jpeg", vec![0xff, 0xd8, 0xff, 0xe0]))
        }
        ("DELETE", [phone, "messages", "delete"]) => {
            let (Some(jid), Some(_)) = (field("jid").and_then(Value::as_str), field("message"))
            else {
                return invalid("message", json!(null), "body");
            };
            checks(phone, jid, "message delete").unwrap_or_else(|| {
                let mut revoke = live_message("");
                revoke["message"] = json!({"protocolMessage": {"type": 0, "key": body["message"]}});
                Reply::json(200, revoke)
            })
        }
        _ => error(404, "URL not found"),
    }
}
