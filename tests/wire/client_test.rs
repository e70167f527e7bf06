//! Copied by `tests/tests/wire.rs` into the crate generated from
//! `wire.openapi.json`, and run there: the generated client against a local
//! server that records every request and answers from a table.

use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wire_client::models::{
    Circle, FormBody, FormBodyFlat, FormBodyMeta, IpRuleType, NetRuleType, Pet, Rule, Shape, Square,
};
use wire_client::{Client, Error};

/// One request as it arrived.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn body_text(&self) -> &str {
        std::str::from_utf8(&self.body).unwrap()
    }
}

/// The answer to each path.
fn answer(path: &str) -> (u16, &'static str) {
    match path {
        "/rules" => (
            200,
            r#"[{"type":"ip","value":"10.0.0.1"},{"type":"ip_net","value":"10.0.0.0/8"},"any"]"#,
        ),
        "/pets" => (
            200,
            r#"[{"kind":"dog","name":"Rex","barks":true},{"kind":"cat","name":"Tom"},{"kind":"dog","name":"Fido"}]"#,
        ),
        "/shapes" => (200, r#"[{"side":2.0},{"radius":1.5},{}]"#),
        "/denied" => (401, r#"{"message":"bad credentials"}"#),
        _ => (204, ""),
    }
}

/// A server on 127.0.0.1 that records what it receives.
async fn server() -> (String, Arc<Mutex<Vec<Seen>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            let record = record.clone();
            tokio::spawn(async move {
                let mut buffer = Vec::new();
                let mut chunk = [0u8; 4096];
                loop {
                    let head_end = buffer.windows(4).position(|w| w == b"\r\n\r\n");
                    if let Some(end) = head_end {
                        let head = String::from_utf8_lossy(&buffer[..end]).into_owned();
                        let mut lines = head.split("\r\n");
                        let mut first = lines.next().unwrap_or_default().split(' ');
                        let method = first.next().unwrap_or_default().to_owned();
                        let target = first.next().unwrap_or_default().to_owned();
                        let headers: Vec<(String, String)> = lines
                            .filter_map(|line| line.split_once(':'))
                            .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
                            .collect();
                        let length: usize = headers
                            .iter()
                            .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
                            .and_then(|(_, v)| v.parse().ok())
                            .unwrap_or(0);
                        if buffer.len() >= end + 4 + length {
                            let body = buffer[end + 4..end + 4 + length].to_vec();
                            let path = target.split('?').next().unwrap_or_default().to_owned();
                            record.lock().unwrap().push(Seen {
                                method,
                                target,
                                headers,
                                body,
                            });
                            let (status, text) = answer(&path);
                            let reply = format!(
                                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{text}",
                                text.len()
                            );
                            let _ = stream.write_all(reply.as_bytes()).await;
                            return;
                        }
                    }
                    match stream.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                    }
                }
            });
        }
    });
    (url, seen)
}

fn last(seen: &Arc<Mutex<Vec<Seen>>>) -> Seen {
    seen.lock()
        .unwrap()
        .last()
        .cloned()
        .expect("a request arrived")
}

#[tokio::test]
async fn a_union_decodes_as_the_variant_each_value_is() {
    let (url, _) = server().await;
    let client = Client::builder().base_url(&url).build().unwrap();
    // A single-valued `enum` and a `const` tell the object variants apart.
    let rules = client
        .operations()
        .list_rules(&Default::default())
        .await
        .unwrap();
    // The response types are `#[non_exhaustive]` (a field the document adds
    // is no breaking change): read back, compared field by field.
    assert_eq!(rules.len(), 3, "{rules:?}");
    assert!(
        matches!(&rules[0], Rule::IpRule(r) if r.r#type == IpRuleType::Ip && r.value.as_deref() == Some("10.0.0.1")),
        "{rules:?}"
    );
    assert!(
        matches!(&rules[1], Rule::NetRule(r) if r.r#type == NetRuleType::IpNet && r.value.as_deref() == Some("10.0.0.0/8")),
        "{rules:?}"
    );
    assert_eq!(rules[2], Rule::String("any".into()));
    // The discriminator names the variant, though both read either payload.
    let pets = client
        .operations()
        .list_pets(&Default::default())
        .await
        .unwrap();
    assert_eq!(pets.len(), 3, "{pets:?}");
    assert!(
        matches!(&pets[0], Pet::Dog(d) if d.kind == "dog" && d.name == "Rex" && d.barks == Some(true)),
        "{pets:?}"
    );
    assert!(
        matches!(&pets[1], Pet::Cat(c) if c.kind == "cat" && c.name == "Tom"),
        "{pets:?}"
    );
    assert!(
        matches!(&pets[2], Pet::Dog(d) if d.kind == "dog" && d.name == "Fido" && d.barks.is_none()),
        "{pets:?}"
    );
    // No tag: the keys present decide, the first variant accepting anything.
    let shapes = client
        .operations()
        .list_shapes(&Default::default())
        .await
        .unwrap();
    assert_eq!(
        shapes,
        [
            Shape::Square(Square::new(2.0)),
            Shape::Circle(Circle::default().with_radius(1.5)),
            Shape::Circle(Circle::default()),
        ]
    );
    // Values that fit no variant are an error, not the first variant.
    let wrong: Result<Rule, _> = serde_json::from_str(r#"{"type":"ip_net","value":7}"#);
    assert!(wrong.is_err(), "{wrong:?}");
    let wrong: Result<Pet, _> = serde_json::from_str(r#"{"kind":"cat"}"#);
    assert!(wrong.is_err(), "{wrong:?}");
}

#[tokio::test]
async fn form_bodies_encode_arrays_and_objects_as_openapi_says() {
    let (url, seen) = server().await;
    let client = Client::builder().base_url(&url).build().unwrap();
    let body = FormBody::new(vec![
        "https://a.example/1.png".to_owned(),
        "https://a.example/2.png".to_owned(),
    ])
    .with_meta(FormBodyMeta::default().with_a("x y").with_b(3))
    .with_csv(vec!["p".to_owned(), "q".to_owned()])
    .with_piped(vec![1, 2])
    .with_flat(FormBodyFlat::default().with_x("z"));
    client
        .operations()
        .send_form(&body, &Default::default())
        .await
        .unwrap();
    let request = last(&seen);
    assert_eq!(request.method, "POST");
    assert_eq!(
        request.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    // Fields in the document's order.
    assert_eq!(
        request.body_text(),
        "MediaUrl=https%3A%2F%2Fa.example%2F1.png&MediaUrl=https%3A%2F%2Fa.example%2F2.png\
         &meta%5Ba%5D=x%20y&meta%5Bb%5D=3&csv=p%2Cq&piped=1%7C2&x=z"
    );
}

#[tokio::test]
async fn basic_and_bearer_credentials_go_where_the_security_says() {
    let (url, seen) = server().await;
    let client = Client::builder()
        .base_url(&url)
        .basic_auth("ann", Some("s3cret"))
        .bearer_token("tok-123")
        .build()
        .unwrap();
    client
        .operations()
        .basic_only(&Default::default())
        .await
        .unwrap();
    // base64("ann:s3cret")
    assert_eq!(
        last(&seen).header("authorization"),
        Some("Basic YW5uOnMzY3JldA==")
    );
    client
        .operations()
        .bearer_only(&Default::default())
        .await
        .unwrap();
    assert_eq!(last(&seen).header("authorization"), Some("Bearer tok-123"));
    client
        .operations()
        .digest_only(&Default::default())
        .await
        .unwrap();
    assert_eq!(last(&seen).header("authorization"), None);
    let shown = format!("{client:?}");
    assert!(
        !shown.contains("s3cret") && !shown.contains("tok-123"),
        "{shown}"
    );
}

#[tokio::test]
async fn an_optional_or_empty_body_is_not_asked_for() {
    let (url, seen) = server().await;
    let client = Client::builder().base_url(&url).build().unwrap();
    client
        .operations()
        .search(&Default::default())
        .await
        .unwrap();
    let request = last(&seen);
    assert_eq!((request.method.as_str(), request.body.len()), ("GET", 0));
    client
        .operations()
        .purge(&Default::default())
        .await
        .unwrap();
    assert_eq!(last(&seen).method, "DELETE");
    client
        .operations()
        .replace(None, &Default::default())
        .await
        .unwrap();
    let request = last(&seen);
    assert_eq!((request.method.as_str(), request.body.len()), ("PUT", 0));
    client
        .operations()
        .replace(Some(&Shape::Square(Square::new(1.0))), &Default::default())
        .await
        .unwrap();
    assert_eq!(last(&seen).body_text(), r#"{"side":1.0}"#);
    // Form bodies too: an empty optional one is no argument, another is an
    // `Option`.
    client
        .operations()
        .drop_form(&Default::default())
        .await
        .unwrap();
    let request = last(&seen);
    assert_eq!((request.method.as_str(), request.body.len()), ("DELETE", 0));
    client
        .operations()
        .patch_form(None, &Default::default())
        .await
        .unwrap();
    assert_eq!(last(&seen).header("content-type"), None);
    let body = FormBody::new(vec!["u".into()]).with_note("n");
    client
        .operations()
        .patch_form(Some(&body), &Default::default())
        .await
        .unwrap();
    assert_eq!(last(&seen).body_text(), "MediaUrl=u&note=n");
}

#[tokio::test]
async fn array_parameters_follow_their_style() {
    let (url, seen) = server().await;
    let client = Client::builder().base_url(&url).build().unwrap();
    let options = wire_client::operations::GetItemsOptions::default()
        .with_x_extra(vec!["e".into()])
        .with_sort(wire_client::models::GetItemsSort::Desc)
        .with_fields(vec!["a".into(), "b".into()]);
    client
        .operations()
        .get_items(&[1, 2], &["t1".into(), "t2".into()], &options)
        .await
        .unwrap();
    let request = last(&seen);
    assert_eq!(request.target, "/items/1%2C2?sort=desc&fields=a%2Cb");
    assert_eq!(request.header("x-tags"), Some("t1,t2"));
    assert_eq!(request.header("x-extra"), Some("e"));
}

#[tokio::test]
async fn label_and_matrix_path_values_keep_their_prefixes() {
    let (url, seen) = server().await;
    let client = Client::builder().base_url(&url).build().unwrap();
    client
        .operations()
        .get_cells(
            &[1, 2],
            "t x",
            &["a".into(), "b/c".into()],
            &Default::default(),
        )
        .await
        .unwrap();
    // matrix `;ids=1,2`, label `.t%20x`, exploded label `.a.b%2Fc`: each
    // item encoded, the style's own characters as written.
    assert_eq!(last(&seen).target, "/cells/;ids=1,2/.t%20x/.a.b%2Fc");
}

#[tokio::test]
async fn multipart_bodies_send_files_and_fields_as_parts() {
    let (url, seen) = server().await;
    let client = Client::builder().base_url(&url).build().unwrap();
    let form = wire_client::operations::UploadForm::new(
        wire_client::runtime::FilePart::new(&b"\x89PNG\r\n"[..])
            .file_name("a.png")
            .content_type("image/png"),
        "hi",
    )
    .with_extra(vec![wire_client::runtime::FilePart::new(&b"raw"[..])])
    .with_tags(vec!["x".into(), "y".into()])
    .with_meta(wire_client::models::UploadFormMeta::default().with_k(1))
    .with_count(2);
    client
        .operations()
        .upload(&form, &Default::default())
        .await
        .unwrap();
    let request = last(&seen);
    let content_type = request.header("content-type").unwrap();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("{content_type}"));
    let part = |head: &str, body: &str| format!("--{boundary}\r\n{head}\r\n\r\n{body}\r\n");
    let expected = [
        part(
            "Content-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\nContent-Type: image/png",
            "\u{89}PNG\r\n",
        ),
        part(
            "Content-Disposition: form-data; name=\"extra\"; filename=\"file\"\r\nContent-Type: application/octet-stream",
            "raw",
        ),
        part("Content-Disposition: form-data; name=\"caption\"", "hi"),
        part("Content-Disposition: form-data; name=\"tags\"", "x"),
        part("Content-Disposition: form-data; name=\"tags\"", "y"),
        part(
            "Content-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json",
            r#"{"k":1}"#,
        ),
        part("Content-Disposition: form-data; name=\"count\"", "2"),
        format!("--{boundary}--\r\n"),
    ]
    .concat();
    let mut expected = expected.into_bytes();
    // The PNG signature's first byte is 0x89, not the UTF-8 of U+0089.
    let at = expected
        .windows(2)
        .position(|w| w == "\u{89}".as_bytes())
        .unwrap();
    expected.splice(at..at + 2, [0x89]);
    assert_eq!(request.body, expected);
}

/// What a client with these credentials sends to `GET /me` (basic, or
/// bearer, or OAuth 2, or an API key, as `@scalar/galaxy` has it): the
/// `Authorization` and `X-API-Key` headers.
async fn sent_to_me(
    url: &str,
    seen: &Arc<Mutex<Vec<Seen>>>,
    builder: wire_client::runtime::ClientBuilder<Client>,
) -> (Option<String>, Option<String>) {
    let client = builder.base_url(url).build().unwrap();
    client.operations().get_me(&Default::default()).await.unwrap();
    let request = last(seen);
    (
        request.header("authorization").map(str::to_owned),
        request.header("x-api-key").map(str::to_owned),
    )
}

#[tokio::test]
async fn the_first_alternative_the_client_has_credentials_for_is_sent() {
    let (url, seen) = server().await;
    let none = None::<String>;
    // A bearer token alone: the second alternative, where only the first
    // (basic) was sent before, so nothing went out.
    assert_eq!(
        sent_to_me(&url, &seen, Client::builder().bearer_token("tok-1")).await,
        (Some("Bearer tok-1".into()), none.clone())
    );
    assert_eq!(
        sent_to_me(&url, &seen, Client::builder().basic_auth("ann", Some("pw"))).await,
        (Some("Basic YW5uOnB3".into()), none.clone())
    );
    // Basic comes first in the document, so it wins over a bearer token.
    assert_eq!(
        sent_to_me(
            &url,
            &seen,
            Client::builder()
                .bearer_token("tok-1")
                .basic_auth("ann", None::<&str>)
        )
        .await,
        (Some("Basic YW5uOg==".into()), none.clone())
    );
    // The API key goes in its own header, not as a bearer token, though
    // the bearer alternative comes first.
    assert_eq!(
        sent_to_me(&url, &seen, Client::builder().api_key("key-123456")).await,
        (none.clone(), Some("key-123456".into()))
    );
    assert_eq!(
        sent_to_me(&url, &seen, Client::builder()).await,
        (none.clone(), none.clone())
    );
}

#[tokio::test]
async fn each_credential_kind_goes_where_its_scheme_says() {
    let (url, seen) = server().await;
    let keyed = Client::builder()
        .base_url(&url)
        .api_key("key-123456")
        .build()
        .unwrap();
    keyed.operations().query_key(&Default::default()).await.unwrap();
    assert_eq!(last(&seen).target, "/query-key?api_key=key-123456");
    // An operation that takes only a bearer token gets the API key when no
    // token was given.
    keyed.operations().bearer_only(&Default::default()).await.unwrap();
    assert_eq!(last(&seen).header("authorization"), Some("Bearer key-123456"));
    // An AND-set goes whole or not at all.
    keyed.operations().both_key_and_basic(&Default::default()).await.unwrap();
    let request = last(&seen);
    assert_eq!(
        (request.header("x-api-key"), request.header("authorization")),
        (None, None)
    );
    let both = Client::builder()
        .base_url(&url)
        .api_key("key-123456")
        .basic_auth("ann", Some(String::from("pw")))
        .build()
        .unwrap();
    both.operations().both_key_and_basic(&Default::default()).await.unwrap();
    let request = last(&seen);
    assert_eq!(
        (request.header("x-api-key"), request.header("authorization")),
        (Some("key-123456"), Some("Basic YW5uOnB3"))
    );
}

#[tokio::test]
async fn a_refusal_is_worded_after_the_credentials_sent() {
    let (url, _) = server().await;
    let bearer = Client::builder()
        .base_url(&url)
        .bearer_token("tok-123456789")
        .build()
        .unwrap();
    let error = bearer.operations().denied(&Default::default()).await.unwrap_err();
    assert!(matches!(error, Error::Unauthorized { .. }), "{error:?}");
    let text = error.to_string();
    assert!(
        text.contains("refused the credentials sent (401; a bearer token): bad credentials")
            && text.contains("`ClientBuilder::bearer_token`")
            && !text.contains("api_key")
            && !text.contains("tok-123456789"),
        "{text}"
    );
    let keyless = Client::builder().base_url(&url).build().unwrap();
    let text = keyless.operations().denied(&Default::default()).await.unwrap_err().to_string();
    assert!(
        text.contains(
            "No credentials were sent: this operation accepts HTTP basic credentials \
             (`ClientBuilder::basic_auth`), or a bearer token (`ClientBuilder::bearer_token`), \
             and the client was given none of them"
        ),
        "{text}"
    );
}

#[tokio::test]
async fn label_and_matrix_values_cannot_change_the_path() {
    let (url, seen) = server().await;
    let client = Client::builder().base_url(&url).build().unwrap();
    for value in ["", ".", ".."] {
        let error = client.operations().label_detail(value, &Default::default()).await.unwrap_err();
        assert!(
            matches!(&error, Error::InvalidInput { parameter, .. } if parameter == "id"),
            "{value:?}: {error:?}"
        );
        let error = client.operations().matrix_detail(value, &Default::default()).await.unwrap_err();
        assert!(matches!(error, Error::InvalidInput { .. }), "{value:?}: {error:?}");
    }
    assert!(seen.lock().unwrap().is_empty(), "nothing was sent");
    client.operations().label_detail("...", &Default::default()).await.unwrap();
    assert_eq!(last(&seen).target, "/labels/..../detail");
    client.operations().matrix_detail("a.b", &Default::default()).await.unwrap();
    assert_eq!(last(&seen).target, "/matrix/;id=a.b/detail");
}
