//! A response's status and headers beside its body, for the callers who ask.
//!
//! Generated methods return the body alone (`client.chats().list(..)` is a
//! `ChatPage`), since that is what almost every call wants. A caller who
//! needs the status (`200` or `201`) or a header (a rate limit, a request
//! id) sends the same operation through the request builder and ends it
//! with one of the `send_..._with_response` methods here, which check the
//! status, limit the body and decode it exactly as the plain `send_...`:
//!
//! ```no_run
//! # use openapi_wa_runtime::{Client, Error};
//! # mod pets {
//! #     pub static LIST: openapi_wa_runtime::OperationInfo =
//! #         openapi_wa_runtime::OperationInfo::new("listPets", openapi_wa_runtime::Method::Get, "/pets");
//! # }
//! # #[derive(serde::Deserialize)]
//! # struct PetPage { items: Vec<serde_json::Value> }
//! # async fn run(client: Client) -> Result<(), Error> {
//! let page = client
//!     .request(&pets::LIST)
//!     .query("limit", 10)
//!     .send_json_with_response::<PetPage>()
//!     .await?;
//! println!("{} {:?}", page.status, page.header("x-request-id"));
//! for pet in &page.body.items { /* ... */ }
//! # Ok(())
//! # }
//! ```

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use super::error::Error;
use super::request::{Binary, RequestBuilder, decode_json};

/// A success response: its status, its headers and its decoded body.
///
/// `Debug` shows the header names but not their values: a server may echo
/// a credential or set a cookie in them.
#[derive(Clone)]
pub struct Response<T> {
    /// The status (a success: errors are [`Error`]s).
    pub status: StatusCode,
    /// Every header of the response.
    pub headers: HeaderMap,
    /// The body, read as the operation's method reads it.
    pub body: T,
}

impl<T> Response<T> {
    /// The first value of the header `name` (any case), when it is text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// The body, without the status and headers.
    pub fn into_body(self) -> T {
        self.body
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for Response<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.headers.keys().map(|name| name.as_str()).collect();
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("headers", &names)
            .field("body", &self.body)
            .finish()
    }
}

impl RequestBuilder {
    /// [`send_json`](Self::send_json), with the status and headers.
    pub async fn send_json_with_response<T: DeserializeOwned>(self) -> Result<Response<T>, Error> {
        let called = self.called();
        let client = self.client().clone();
        let (status, headers, body) = self.send_for_response("application/json").await?;
        let body = decode_json(called, &client, status.as_u16(), &body)?;
        Ok(Response {
            status,
            headers,
            body,
        })
    }

    /// [`send_empty`](Self::send_empty), with the status and headers.
    pub async fn send_empty_with_response(self) -> Result<Response<()>, Error> {
        let (status, headers, _) = self.send_for_response("*/*").await?;
        Ok(Response {
            status,
            headers,
            body: (),
        })
    }

    /// [`send_bytes`](Self::send_bytes), with the status and headers.
    pub async fn send_bytes_with_response(self) -> Result<Response<Binary>, Error> {
        let (status, headers, bytes) = self.send_for_response("*/*").await?;
        let content_type = headers
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        Ok(Response {
            status,
            headers,
            body: Binary {
                bytes,
                content_type,
            },
        })
    }

    /// [`send_text`](Self::send_text), with the status and headers.
    pub async fn send_text_with_response(self) -> Result<Response<String>, Error> {
        let (status, headers, body) = self.send_for_response("text/plain").await?;
        Ok(Response {
            status,
            headers,
            body: String::from_utf8_lossy(&body).into_owned(),
        })
    }
}
