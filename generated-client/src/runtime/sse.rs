//! Server-Sent Events: a parser that follows the WHATWG rules, and a stream
//! of typed events that reconnects when the connection drops.
//!
//! The parser is written here rather than taken from `eventsource-stream`:
//! it is small, it must expose the last event id and the `retry` field to
//! the reconnect logic, and it dispatches a final event the server ended
//! without a blank line (the WHATWG algorithm drops it; servers that close
//! right after their last `data:` line would otherwise lose it). Owning it
//! also keeps the dependency list to what every generated crate already has.

use std::collections::VecDeque;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_util::stream::{BoxStream, Stream, StreamExt};
use serde::de::DeserializeOwned;

use super::error::Error;
use super::request::RequestBuilder;
use super::retry::backoff;

/// One event as received, `data` still text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawEvent {
    /// The `event` field, `message` when absent.
    pub event: String,
    /// The `data` lines joined with `\n`.
    pub data: String,
    /// The last event id seen on the stream so far, if any.
    pub id: Option<String>,
    /// A `retry` field that came with this event.
    pub retry: Option<Duration>,
}

/// An incremental `text/event-stream` parser.
#[derive(Debug, Default)]
pub struct SseParser {
    line: Vec<u8>,
    after_cr: bool,
    started: bool,
    data: String,
    has_data: bool,
    event: String,
    /// The id field seen since the last dispatch (WHATWG "last event ID buffer").
    id_buffer: String,
    /// The id of the last dispatched event (what a reconnect resumes from).
    last_id: String,
    retry: Option<Duration>,
}

impl SseParser {
    /// A parser at the start of a stream.
    pub fn new() -> Self {
        Self::default()
    }

    /// The last event id seen (the `Last-Event-ID` to resume with).
    pub fn last_event_id(&self) -> Option<&str> {
        (!self.last_id.is_empty()).then_some(self.last_id.as_str())
    }

    /// Feeds bytes; returns the events they complete. Lines may end with
    /// CRLF, LF or CR, and may be split anywhere between chunks.
    pub fn feed(&mut self, chunk: &[u8]) -> Vec<RawEvent> {
        let mut events = Vec::new();
        let mut bytes = chunk;
        if !self.started && !bytes.is_empty() {
            self.started = true;
            if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
                bytes = rest;
            }
        }
        for &byte in bytes {
            if self.after_cr {
                self.after_cr = false;
                if byte == b'\n' {
                    continue;
                }
            }
            match byte {
                b'\r' => {
                    self.after_cr = true;
                    self.end_line(&mut events);
                }
                b'\n' => self.end_line(&mut events),
                _ => self.line.push(byte),
            }
        }
        events
    }

    /// The stream ended cleanly: a last line without its line ending counts,
    /// and an event the server did not close with a blank line is dispatched.
    pub fn finish(&mut self) -> Option<RawEvent> {
        let mut events = Vec::new();
        if !self.line.is_empty() {
            self.end_line(&mut events);
        }
        self.dispatch(&mut events);
        events.pop()
    }

    /// Forgets a partly received event (after a dropped connection), keeping
    /// the last event id.
    pub fn discard_partial_event(&mut self) {
        self.id_buffer.clone_from(&self.last_id);
        self.line.clear();
        self.after_cr = false;
        self.data.clear();
        self.has_data = false;
        self.event.clear();
        self.retry = None;
    }

    fn end_line(&mut self, events: &mut Vec<RawEvent>) {
        let line = String::from_utf8_lossy(&std::mem::take(&mut self.line)).into_owned();
        if line.is_empty() {
            self.dispatch(events);
            return;
        }
        if line.starts_with(':') {
            return;
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line.as_str(), ""),
        };
        match field {
            "event" => self.event = value.to_owned(),
            "data" => {
                if self.has_data {
                    self.data.push('\n');
                }
                self.data.push_str(value);
                self.has_data = true;
            }
            "id" if !value.contains('\0') => self.id_buffer = value.to_owned(),
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                if let Ok(ms) = value.parse::<u64>() {
                    self.retry = Some(Duration::from_millis(ms));
                }
            }
            _ => {}
        }
    }

    fn dispatch(&mut self, events: &mut Vec<RawEvent>) {
        // The id is committed at every blank line, data or not.
        self.last_id.clone_from(&self.id_buffer);
        let event = std::mem::take(&mut self.event);
        let retry = self.retry.take();
        if !self.has_data {
            return;
        }
        self.has_data = false;
        events.push(RawEvent {
            event: if event.is_empty() {
                "message".to_owned()
            } else {
                event
            },
            data: std::mem::take(&mut self.data),
            id: self.last_event_id().map(str::to_owned),
            retry,
        });
    }
}

/// A typed event.
#[derive(Debug, Clone, PartialEq)]
pub struct Event<T> {
    /// The event type (`message` unless the server named it).
    pub event: String,
    /// The last event id seen on the stream, if the server sends ids.
    pub id: Option<String>,
    /// The `data`, read as JSON into `T`.
    pub data: T,
    /// A reconnection delay the server asked for with this event.
    pub retry: Option<Duration>,
}

/// How dropped event streams are resumed.
#[derive(Debug, Clone, PartialEq)]
pub struct SseOptions {
    /// Reconnects tried in a row before giving up (0: never reconnect).
    pub max_reconnects: u32,
    /// The wait before the first reconnect; doubled each further try.
    pub initial_backoff: Duration,
    /// The longest wait between tries.
    pub max_backoff: Duration,
}

impl Default for SseOptions {
    /// Five reconnects, from 500 ms up to 10 s.
    fn default() -> Self {
        SseOptions {
            max_reconnects: 5,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(10),
        }
    }
}

/// A stream of typed Server-Sent Events.
///
/// When the connection drops before the server ends the stream, it
/// reconnects with backoff (the server's `retry` when it sent one), sending
/// `Last-Event-ID` when it has seen an id and the API key as the operation
/// requires, up to [`SseOptions::max_reconnects`] tries in a row; then it
/// yields [`Error::StreamReconnectsExhausted`] and ends. When the server ends
/// the stream cleanly, the stream ends. An event whose data is not valid
/// JSON for `T` is yielded as an [`Error::InvalidBody`] and the stream goes on.
pub struct EventStream<T> {
    inner: BoxStream<'static, Result<Event<T>, Error>>,
    _type: PhantomData<fn() -> T>,
}

impl<T> std::fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("EventStream")
    }
}

impl<T> Stream for EventStream<T> {
    type Item = Result<Event<T>, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

struct State {
    request: RequestBuilder,
    body: BoxStream<'static, reqwest::Result<Bytes>>,
    parser: SseParser,
    pending: VecDeque<RawEvent>,
    reconnects: u32,
    server_retry: Option<Duration>,
    done: bool,
}

impl<T: DeserializeOwned + Send + 'static> EventStream<T> {
    pub(crate) fn new(request: RequestBuilder, response: reqwest::Response) -> Self {
        let state = State {
            request,
            body: response.bytes_stream().boxed(),
            parser: SseParser::new(),
            pending: VecDeque::new(),
            reconnects: 0,
            server_retry: None,
            done: false,
        };
        let inner = futures_util::stream::unfold(state, |mut state| async move {
            let item = next_event(&mut state).await?;
            Some((
                item.map(|raw| typed(&state.request, raw)).and_then(|r| r),
                state,
            ))
        })
        .boxed();
        EventStream {
            inner,
            _type: PhantomData,
        }
    }
}

fn typed<T: DeserializeOwned>(request: &RequestBuilder, raw: RawEvent) -> Result<Event<T>, Error> {
    match serde_json::from_str(&raw.data) {
        Ok(data) => Ok(Event {
            event: raw.event,
            id: raw.id,
            data,
            retry: raw.retry,
        }),
        Err(source) => Err(Error::InvalidBody {
            operation: request.operation().id,
            status: 200,
            expected: "JSON event data for the declared type",
            body: raw.data,
            source,
        }),
    }
}

/// The next raw event, reconnecting as needed; `None` when the stream is over.
async fn next_event(state: &mut State) -> Option<Result<RawEvent, Error>> {
    loop {
        if let Some(event) = state.pending.pop_front() {
            if let Some(retry) = event.retry {
                state.server_retry = Some(retry);
            }
            return Some(Ok(event));
        }
        if state.done {
            return None;
        }
        match state.body.next().await {
            Some(Ok(chunk)) => {
                let events = state.parser.feed(&chunk);
                if !events.is_empty() {
                    // The connection delivers again: a later drop gets the
                    // full reconnect budget.
                    state.reconnects = 0;
                }
                state.pending.extend(events);
            }
            Some(Err(source)) => {
                let operation = state.request.operation().id;
                tracing::info!(operation, error = %source, "event stream dropped");
                // A half-received event is discarded; the server resends
                // from the last id.
                state.parser.discard_partial_event();
                let dropped = Error::Transport { operation, source };
                if let Err(error) = reconnect(state, dropped).await {
                    state.done = true;
                    return Some(Err(error));
                }
            }
            None => {
                state.done = true;
                state.pending.extend(state.parser.finish());
            }
        }
    }
}

/// Reopens the stream after a drop, trying up to the configured limit.
async fn reconnect(state: &mut State, dropped: Error) -> Result<(), Error> {
    let options = state.request.client().inner.sse.clone();
    let operation = state.request.operation().id;
    let mut last = dropped;
    while state.reconnects < options.max_reconnects {
        let delay = state.server_retry.unwrap_or_else(|| {
            backoff(
                options.initial_backoff,
                options.max_backoff,
                state.reconnects,
            )
        });
        state.reconnects += 1;
        tokio::time::sleep(delay).await;
        let last_id = state.parser.last_event_id().map(str::to_owned);
        tracing::info!(
            operation,
            attempt = state.reconnects,
            last_event_id = last_id.as_deref(),
            "reconnecting event stream"
        );
        match state.request.open_stream(last_id.as_deref()).await {
            Ok(response) => {
                state.body = response.bytes_stream().boxed();
                return Ok(());
            }
            Err(error) if error.is_transient() || error.is_timeout() => last = error,
            Err(error) => return Err(error),
        }
    }
    Err(Error::StreamReconnectsExhausted {
        operation,
        attempts: state.reconnects,
        last: Box::new(last),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_all(chunks: &[&[u8]]) -> Vec<RawEvent> {
        let mut parser = SseParser::new();
        let mut events: Vec<RawEvent> = chunks.iter().flat_map(|c| parser.feed(c)).collect();
        events.extend(parser.finish());
        events
    }

    fn data(events: &[RawEvent]) -> Vec<&str> {
        events.iter().map(|e| e.data.as_str()).collect()
    }

    #[test]
    fn joins_multi_line_data_and_names_events() {
        let events = parse_all(&[b"event: qr\ndata: a\ndata: b\n\ndata: c\n\n"]);
        assert_eq!(data(&events), ["a\nb", "c"]);
        assert_eq!(events[0].event, "qr");
        assert_eq!(events[1].event, "message");
    }

    #[test]
    fn ignores_comments_and_unknown_fields_and_strips_one_space() {
        let events = parse_all(&[b": keep-alive\nfoo: bar\ndata:  two spaces\ndata:none\n\n"]);
        assert_eq!(data(&events), [" two spaces\nnone"]);
    }

    #[test]
    fn handles_crlf_cr_and_splits_anywhere() {
        let events = parse_all(&[b"data: a\r", b"\ndata: b\r\r", b"data: c\r\n\r\n"]);
        assert_eq!(data(&events), ["a\nb", "c"]);
        let text = b"id: 7\r\ndata: {\"x\":1}\r\n\r\n";
        let chunks: Vec<&[u8]> = text.chunks(1).collect();
        let events = parse_all(&chunks);
        assert_eq!(data(&events), ["{\"x\":1}"]);
        assert_eq!(events[0].id.as_deref(), Some("7"));
    }

    #[test]
    fn ids_persist_and_ids_with_nul_are_ignored() {
        let events =
            parse_all(&[b"id: 1\ndata: a\n\ndata: b\n\nid: x\0y\ndata: c\n\nid\ndata: d\n\n"]);
        let ids: Vec<Option<&str>> = events.iter().map(|e| e.id.as_deref()).collect();
        assert_eq!(ids, [Some("1"), Some("1"), Some("1"), None]);
    }

    #[test]
    fn an_id_counts_only_once_its_event_is_complete() {
        let mut parser = SseParser::new();
        parser.feed(b"id: 1\ndata: a\n\nid: 2\ndata: b");
        assert_eq!(parser.last_event_id(), Some("1"));
        parser.discard_partial_event();
        parser.feed(b"\n\n");
        assert_eq!(
            parser.last_event_id(),
            Some("1"),
            "the half event was dropped"
        );
    }

    #[test]
    fn reads_retry_only_when_all_digits() {
        let events = parse_all(&[b"retry: 1500\ndata: a\n\nretry: 1.5\ndata: b\n\n"]);
        assert_eq!(events[0].retry, Some(Duration::from_millis(1500)));
        assert_eq!(events[1].retry, None);
    }

    #[test]
    fn skips_a_bom_and_events_without_data() {
        let events = parse_all(&[b"\xEF\xBB\xBFevent: x\n\ndata: a\n\n"]);
        assert_eq!(data(&events), ["a"]);
        assert_eq!(events[0].event, "message");
    }

    #[test]
    fn dispatches_a_final_event_without_blank_line_at_a_clean_end() {
        assert_eq!(data(&parse_all(&[b"data: a\n\ndata: last"])), ["a", "last"]);
        assert_eq!(
            data(&parse_all(&[b"data: a\n\ndata: last\n"])),
            ["a", "last"]
        );
    }
}
