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

use super::error::{ApiError, Error};
use super::request::RequestBuilder;
use super::retry::backoff;

/// The default longest line of an event stream: 1 MiB.
pub const DEFAULT_MAX_LINE_BYTES: usize = 1 << 20;
/// The default largest event (its `data` lines together): 4 MiB.
pub const DEFAULT_MAX_EVENT_BYTES: usize = 4 << 20;

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

/// A line or an event passed the parser's limit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the {what} is longer than {limit} bytes")]
pub struct SseLimitExceeded {
    /// `event-stream line` or `event`.
    pub what: &'static str,
    /// The limit, in bytes.
    pub limit: usize,
}

/// An incremental `text/event-stream` parser, with limits on the length of
/// a line and of an event's data, so that a server that never ends a line
/// or an event cannot grow it without bound.
#[derive(Debug)]
pub struct SseParser {
    max_line: usize,
    max_event: usize,
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

impl Default for SseParser {
    fn default() -> Self {
        Self::with_limits(DEFAULT_MAX_LINE_BYTES, DEFAULT_MAX_EVENT_BYTES)
    }
}

impl SseParser {
    /// A parser at the start of a stream, with the default limits.
    pub fn new() -> Self {
        Self::default()
    }

    /// A parser with these limits on a line and on an event's data.
    pub fn with_limits(max_line_bytes: usize, max_event_bytes: usize) -> Self {
        SseParser {
            max_line: max_line_bytes,
            max_event: max_event_bytes,
            line: Vec::new(),
            after_cr: false,
            started: false,
            data: String::new(),
            has_data: false,
            event: String::new(),
            id_buffer: String::new(),
            last_id: String::new(),
            retry: None,
        }
    }

    /// The last event id seen (the `Last-Event-ID` to resume with).
    pub fn last_event_id(&self) -> Option<&str> {
        (!self.last_id.is_empty()).then_some(self.last_id.as_str())
    }

    /// Feeds bytes; returns the events they complete. Lines may end with
    /// CRLF, LF or CR, and may be split anywhere between chunks. A line or
    /// an event over the limits is an error; the stream is then unusable.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<Vec<RawEvent>, SseLimitExceeded> {
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
                    self.end_line(&mut events)?;
                }
                b'\n' => self.end_line(&mut events)?,
                _ => {
                    if self.line.len() >= self.max_line {
                        return Err(SseLimitExceeded {
                            what: "event-stream line",
                            limit: self.max_line,
                        });
                    }
                    self.line.push(byte);
                }
            }
        }
        Ok(events)
    }

    /// The stream ended cleanly: a last line without its line ending counts,
    /// and an event the server did not close with a blank line is dispatched.
    pub fn finish(&mut self) -> Result<Option<RawEvent>, SseLimitExceeded> {
        let mut events = Vec::new();
        if !self.line.is_empty() {
            self.end_line(&mut events)?;
        }
        self.dispatch(&mut events);
        Ok(events.pop())
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

    fn end_line(&mut self, events: &mut Vec<RawEvent>) -> Result<(), SseLimitExceeded> {
        let line = String::from_utf8_lossy(&std::mem::take(&mut self.line)).into_owned();
        if line.is_empty() {
            self.dispatch(events);
            return Ok(());
        }
        if line.starts_with(':') {
            return Ok(());
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
                if self.data.len() + value.len() > self.max_event {
                    return Err(SseLimitExceeded {
                        what: "event",
                        limit: self.max_event,
                    });
                }
                self.data.push_str(value);
                self.has_data = true;
            }
            // WHATWG ignores an id holding NUL; so are ids with any other
            // control character here, because `Last-Event-ID` could not
            // carry them back: the previous id stays the one to resume from.
            "id" if !value.chars().any(char::is_control) => self.id_buffer = value.to_owned(),
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                if let Ok(ms) = value.parse::<u64>() {
                    self.retry = Some(Duration::from_millis(ms));
                }
            }
            _ => {}
        }
        Ok(())
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

/// How event streams are bounded and how dropped ones are resumed. Build
/// it from the default and change what differs with the `with_` methods:
/// `SseOptions::default().with_max_reconnects(2)`. It is
/// `#[non_exhaustive]`, so a later runtime can add settings without breaking
/// that code.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SseOptions {
    /// Reconnects of one stream in all before giving up (0: never
    /// reconnect). Every reconnect counts, also after the stream delivered
    /// again, so a server that drops every connection cannot keep the client
    /// reconnecting for ever.
    pub max_reconnects: u32,
    /// The wait before the first reconnect; doubled each further try. Also
    /// the shortest wait a server's `retry` field can ask for.
    pub initial_backoff: Duration,
    /// The longest wait between tries, and the longest a server's `retry`
    /// can ask for.
    pub max_backoff: Duration,
    /// How long an open stream may stay silent (no bytes at all, comments
    /// included) before it counts as cut; `None` (the default): as long as
    /// the server keeps it open, since some streams are quiet for hours.
    pub idle_timeout: Option<Duration>,
    /// The longest line accepted (default 1 MiB).
    pub max_line_bytes: usize,
    /// The largest event accepted, its `data` lines together (default 4 MiB).
    pub max_event_bytes: usize,
}

impl Default for SseOptions {
    /// Five reconnects, from 500 ms up to 10 s; no idle limit; lines up to
    /// 1 MiB and events up to 4 MiB.
    fn default() -> Self {
        SseOptions {
            max_reconnects: 5,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(10),
            idle_timeout: None,
            max_line_bytes: DEFAULT_MAX_LINE_BYTES,
            max_event_bytes: DEFAULT_MAX_EVENT_BYTES,
        }
    }
}

impl SseOptions {
    /// With [`max_reconnects`](Self::max_reconnects): reconnects of one
    /// stream in all (0: never reconnect).
    pub fn with_max_reconnects(mut self, max_reconnects: u32) -> Self {
        self.max_reconnects = max_reconnects;
        self
    }

    /// With [`initial_backoff`](Self::initial_backoff): the wait before the
    /// first reconnect.
    pub fn with_initial_backoff(mut self, initial_backoff: Duration) -> Self {
        self.initial_backoff = initial_backoff;
        self
    }

    /// With [`max_backoff`](Self::max_backoff): the longest wait between
    /// tries.
    pub fn with_max_backoff(mut self, max_backoff: Duration) -> Self {
        self.max_backoff = max_backoff;
        self
    }

    /// With [`idle_timeout`](Self::idle_timeout): how long an open stream
    /// may stay silent (`None`: as long as the server keeps it open).
    pub fn with_idle_timeout(mut self, idle_timeout: Option<Duration>) -> Self {
        self.idle_timeout = idle_timeout;
        self
    }

    /// With [`max_line_bytes`](Self::max_line_bytes): the longest line
    /// accepted.
    pub fn with_max_line_bytes(mut self, max_line_bytes: usize) -> Self {
        self.max_line_bytes = max_line_bytes;
        self
    }

    /// With [`max_event_bytes`](Self::max_event_bytes): the largest event
    /// accepted.
    pub fn with_max_event_bytes(mut self, max_event_bytes: usize) -> Self {
        self.max_event_bytes = max_event_bytes;
        self
    }
}

/// A stream of typed Server-Sent Events.
///
/// When the connection drops (or stays silent longer than
/// [`SseOptions::idle_timeout`]) before the server ends the stream, what
/// happens depends on whether the stream can be resumed: only when the
/// server sent event ids and the operation may be sent twice
/// ([`OperationInfo::is_repeatable`](super::OperationInfo::is_repeatable)). Then it
/// reconnects with backoff (the server's `retry`, kept within the options'
/// bounds), sending `Last-Event-ID` and the API key as the operation
/// requires, up to [`SseOptions::max_reconnects`] times in all, then yields
/// [`Error::StreamReconnectsExhausted`]. Otherwise it yields
/// [`Error::StreamCut`] and ends: reopening it would not resume it, it would
/// start over (and repeat what the request does).
///
/// When the server ends the stream cleanly, the stream ends. An event whose
/// data matches the operation's error schema yields [`Error::ErrorEvent`]
/// and ends the stream; one whose data is not valid JSON for `T` is yielded
/// as an [`Error::InvalidBody`] and the stream goes on. A line or an event
/// over the options' limits yields [`Error::TooLarge`] and ends it.
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

impl<T> EventStream<T> {
    /// The next event, or `None` once the stream has ended: `while let
    /// Some(event) = events.next().await` reads a stream without importing
    /// `futures_util::StreamExt` (whose `next` does the same).
    pub async fn next(&mut self) -> Option<Result<Event<T>, Error>> {
        self.inner.next().await
    }
}

struct State {
    request: RequestBuilder,
    options: SseOptions,
    body: BoxStream<'static, reqwest::Result<Bytes>>,
    parser: SseParser,
    pending: VecDeque<RawEvent>,
    reconnects: u32,
    server_retry: Option<Duration>,
    done: bool,
}

impl State {
    fn operation(&self) -> &'static str {
        self.request.operation().id
    }

    /// Ends the stream with `error`.
    fn fail(&mut self, error: Error) -> Option<Result<RawEvent, Error>> {
        self.done = true;
        self.pending.clear();
        Some(Err(error))
    }
}

impl<T: DeserializeOwned + Send + 'static> EventStream<T> {
    pub(crate) fn new(request: RequestBuilder, response: reqwest::Response) -> Self {
        let options = request.client().inner.sse.clone();
        let state = State {
            parser: SseParser::with_limits(options.max_line_bytes, options.max_event_bytes),
            options,
            request,
            body: response.bytes_stream().boxed(),
            pending: VecDeque::new(),
            reconnects: 0,
            server_retry: None,
            done: false,
        };
        let inner = futures_util::stream::unfold(state, |mut state| async move {
            let item = match next_event(&mut state).await? {
                Ok(raw) => match error_event(&state, &raw) {
                    Some(error) => {
                        state.done = true;
                        state.pending.clear();
                        Err(error)
                    }
                    None => typed(&state.request, raw),
                },
                Err(error) => Err(error),
            };
            Some((item, state))
        })
        .boxed();
        EventStream {
            inner,
            _type: PhantomData,
        }
    }
}

/// The error an event stands for, when the operation has an error schema
/// and the event's data matches it.
fn error_event(state: &State, raw: &RawEvent) -> Option<Error> {
    let matches = state.request.operation().stream?.error_event()?;
    if !matches(&raw.data) {
        return None;
    }
    let client = state.request.client();
    let message = ApiError::from_body(200, raw.data.clone()).summary();
    Some(Error::ErrorEvent {
        operation: state.operation(),
        message: client.mask_key(message),
        data: client.mask_key(raw.data.clone()),
    })
}

fn typed<T: DeserializeOwned>(request: &RequestBuilder, raw: RawEvent) -> Result<Event<T>, Error> {
    let mut deserializer = serde_json::Deserializer::from_str(&raw.data);
    let read = match serde_path_to_error::deserialize(&mut deserializer) {
        Ok(data) => deserializer
            .end()
            .map(|()| data)
            .map_err(|e| (String::new(), e)),
        Err(error) => {
            let path = error.path().to_string();
            let path = if path == "." { String::new() } else { path };
            Err((path, error.into_inner()))
        }
    };
    match read {
        Ok(data) => Ok(Event {
            event: raw.event,
            id: raw.id,
            data,
            retry: raw.retry,
        }),
        Err((path, source)) => Err(Error::InvalidBody {
            operation: request.operation().id,
            call: request.called().call,
            status: 200,
            expected: std::any::type_name::<T>(),
            path,
            body: super::client::excerpt(request.client(), raw.data.as_bytes()),
            source,
        }),
    }
}

/// What reading the body gave.
enum Read {
    Chunk(Bytes),
    Ended,
    /// The connection broke or went silent for too long.
    Cut(Error),
}

async fn read(state: &mut State) -> Read {
    let next = state.body.next();
    let next = match state.options.idle_timeout {
        None => next.await,
        Some(idle) => match tokio::time::timeout(idle, next).await {
            Ok(next) => next,
            Err(_) => {
                return Read::Cut(Error::Timeout {
                    operation: state.operation(),
                    url: state.request.shown_url(),
                    timeout: idle,
                });
            }
        },
    };
    match next {
        Some(Ok(chunk)) => Read::Chunk(chunk),
        Some(Err(source)) => Read::Cut(Error::transport(state.operation(), source)),
        None => Read::Ended,
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
        match read(state).await {
            Read::Chunk(chunk) => match state.parser.feed(&chunk) {
                Ok(events) => state.pending.extend(events),
                Err(limit) => return state.fail(too_large(state.operation(), limit)),
            },
            Read::Cut(cause) => {
                let operation = state.operation();
                tracing::info!(operation, error = %cause, "event stream cut");
                // A half-received event is discarded; the server resends
                // from the last id.
                state.parser.discard_partial_event();
                let why = if !state.request.operation().repeatable {
                    Some("the operation must not be sent twice: opening it again would repeat it")
                } else if state.parser.last_event_id().is_none() {
                    Some("the server sent no event ids to resume from")
                } else {
                    None
                };
                if let Some(why) = why {
                    let check = state
                        .request
                        .operation()
                        .stream
                        .and_then(|s| s.check_after_cut());
                    return state.fail(Error::StreamCut {
                        operation,
                        why,
                        check,
                        cause: Box::new(cause),
                    });
                }
                if let Err(error) = reconnect(state, cause).await {
                    return state.fail(error);
                }
            }
            Read::Ended => {
                state.done = true;
                match state.parser.finish() {
                    Ok(last) => state.pending.extend(last),
                    Err(limit) => return state.fail(too_large(state.operation(), limit)),
                }
            }
        }
    }
}

fn too_large(operation: &'static str, limit: SseLimitExceeded) -> Error {
    Error::TooLarge {
        operation,
        what: limit.what,
        limit: limit.limit as u64,
    }
}

/// Reopens the stream after a drop, trying up to the configured limit of
/// reconnects for the whole stream.
async fn reconnect(state: &mut State, dropped: Error) -> Result<(), Error> {
    let options = state.options.clone();
    let operation = state.operation();
    let mut last = dropped;
    while state.reconnects < options.max_reconnects {
        // The server's `retry` is a wish, kept within the policy's bounds:
        // `retry: 0` must not make a reconnect storm, nor a huge value a
        // wait for ever.
        let delay = match state.server_retry {
            Some(retry) => retry.clamp(options.initial_backoff, options.max_backoff),
            None => backoff(
                options.initial_backoff,
                options.max_backoff,
                state.reconnects,
            ),
        };
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
        let mut events: Vec<RawEvent> = chunks
            .iter()
            .flat_map(|c| parser.feed(c).unwrap())
            .collect();
        events.extend(parser.finish().unwrap());
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
        parser.feed(b"id: 1\ndata: a\n\nid: 2\ndata: b").unwrap();
        assert_eq!(parser.last_event_id(), Some("1"));
        parser.discard_partial_event();
        parser.feed(b"\n\n").unwrap();
        assert_eq!(
            parser.last_event_id(),
            Some("1"),
            "the half event was dropped"
        );
    }

    #[test]
    fn ids_with_control_characters_are_ignored() {
        let events =
            parse_all(&[b"id: 1\ndata: a\n\nid: 2\x01x\ndata: b\n\nid: 3\tx\ndata: c\n\n"]);
        let ids: Vec<Option<&str>> = events.iter().map(|e| e.id.as_deref()).collect();
        assert_eq!(ids, [Some("1"), Some("1"), Some("1")]);
    }

    #[test]
    fn lines_and_events_are_bounded() {
        let mut parser = SseParser::with_limits(16, 32);
        let error = parser.feed(&[b'x'; 17]).unwrap_err();
        assert_eq!(error.what, "event-stream line");
        let mut parser = SseParser::with_limits(16, 30);
        assert!(parser.feed(b"data: 0123456789\n").unwrap().is_empty());
        assert!(parser.feed(b"data: 0123456789\n").unwrap().is_empty());
        let error = parser.feed(b"data: 0123456789\n").unwrap_err();
        assert_eq!((error.what, error.limit), ("event", 30));
        // At the limits exactly, all is well.
        let mut parser = SseParser::with_limits(16, 21);
        let events = parser
            .feed(b"data: 0123456789\ndata: 0123456789\n\n")
            .unwrap();
        assert_eq!(events[0].data.len(), 21);
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
