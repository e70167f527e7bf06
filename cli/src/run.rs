//! One operation call: flags to a request, the answer to stdout.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use clap::ArgMatches;
use openapi_wa_runtime::{AuthScheme, DEFAULT_TIMEOUT, SentCredentials};
use serde_json::{Map, Value};
use whatsapp_http_client::catalog::{self, FieldLocation, FieldMeta, FieldType, OperationMeta};
use whatsapp_http_client::{Client, Error};

use crate::commands::{flag, names};

/// How a command ends when it does not succeed.
#[derive(Debug)]
pub enum Failure {
    /// The command line is wrong (exit code 2, as clap's own errors).
    Usage(String),
    /// The call failed (exit code 1).
    Failed(String),
    /// Whoever read stdout stopped (`wa ... | head`): end quietly, as `cat`
    /// does.
    ClosedOutput,
}

/// Writes to stdout; a closed pipe is [`Failure::ClosedOutput`].
pub fn write_out(out: &mut impl Write, bytes: &[u8]) -> Result<(), Failure> {
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::BrokenPipe => Failure::ClosedOutput,
            _ => Failure::Failed(format!("writing the answer: {e}")),
        })
}

/// The longest message printed, in characters: a server's words can be
/// any length.
const MAX_MESSAGE: usize = 1000;

/// `text` safe for a terminal, on one line: a line break or tab a space (a
/// server's multi-line explanation stays readable), a carriage return
/// dropped, other control characters (escape sequences) and bidirectional
/// overrides written as `\u{..}` escapes, and cut after [`MAX_MESSAGE`]
/// characters.
pub fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(MAX_MESSAGE + 8));
    for (count, c) in text.chars().enumerate() {
        if count == MAX_MESSAGE {
            out.push_str("… (cut)");
            break;
        }
        match c {
            '\n' | '\t' => {
                out.push(' ');
                continue;
            }
            '\r' => continue,
            _ => {}
        }
        let hidden = c.is_control()
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        if hidden {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

/// What the answer is, from the operation's success media types.
enum Answer {
    Json,
    Stream,
    Binary,
    Text,
    Empty,
}

fn answer(op: &OperationMeta) -> Answer {
    let types = op.response_media_types;
    if types.iter().any(|t| t.contains("event-stream")) {
        Answer::Stream
    } else if types.iter().any(|t| t.contains("json")) {
        Answer::Json
    } else if types.iter().any(|t| t.starts_with("text/")) {
        Answer::Text
    } else if types.is_empty() {
        Answer::Empty
    } else {
        Answer::Binary
    }
}

/// JSON text, or the contents of `@file` (usage errors).
fn json_argument(text: &str, flag: &str) -> Result<Value, String> {
    let text = match text.strip_prefix('@') {
        Some(path) => std::fs::read_to_string(path)
            .map_err(|e| format!("--{flag}: cannot read {path}: {e}"))?,
        None => text.to_owned(),
    };
    serde_json::from_str(&text).map_err(|e| format!("--{flag}: not valid JSON ({e})"))
}

/// A body field's value as the JSON type its field says.
fn body_value(field: &FieldMeta, text: &str, flag: &str) -> Result<Value, String> {
    Ok(match field.field_type {
        FieldType::Json => json_argument(text, flag)?,
        FieldType::Number => {
            let number: f64 = text
                .parse()
                .map_err(|_| format!("--{flag}: `{text}` is not a number"))?;
            serde_json::Number::from_f64(number).map_or(Value::Null, Value::Number)
        }
        FieldType::Boolean => Value::Bool(
            text.parse()
                .map_err(|_| format!("--{flag}: `{text}` is not true or false"))?,
        ),
        FieldType::String | FieldType::Options => Value::String(text.to_owned()),
    })
}

pub async fn call(
    global: &ArgMatches,
    resource: &str,
    operation: &str,
    args: &ArgMatches,
) -> Result<(), Failure> {
    let op = catalog::operations()
        .iter()
        .find(|op| names(op) == (resource.to_owned(), operation.to_owned()))
        .ok_or_else(|| Failure::Usage(format!("unknown operation {resource} {operation}")))?;
    let verbose = global.get_flag("verbose");
    let _log = verbose.then(|| tracing::subscriber::set_default(crate::verbose::Stderr));
    let mut builder = Client::builder().base_url(
        global
            .get_one::<String>("base-url")
            .map_or("", String::as_str),
    );
    if let Some(key) = global.get_one::<String>("api-key") {
        builder = builder.api_key(key);
    }
    // `--timeout` bounds the whole command: the client's timeout bounds a
    // call (retries and their waits included) and a stream's opening; the
    // deadline closes a stream still open when it passes (`respond`).
    let timeout = global.get_one::<Duration>("timeout").copied();
    let deadline = timeout.and_then(|t| tokio::time::Instant::now().checked_add(t));
    if let Some(timeout) = timeout {
        builder = builder.timeout(timeout);
    }
    let client = builder.build().map_err(|e| describe(&e, op))?;

    let mut request = client.request(op.info);
    let mut shown_path = op.path.to_owned();
    for field in op.parameters {
        let given = args.try_get_one::<String>(&flag(op, field)).ok().flatten();
        let Some(value) = given.map(String::as_str).or_else(|| query_default(field)) else {
            continue;
        };
        match field.location {
            FieldLocation::Path => {
                request = request
                    .path_param(field.name, value)
                    .map_err(|e| describe(&e, op))?;
                shown_path = shown_path.replace(&format!("{{{}}}", field.name), value);
            }
            FieldLocation::Query => request = request.query(field.name, value),
            FieldLocation::Header => request = request.header(field.name, value),
            FieldLocation::Cookie | FieldLocation::Body => {}
        }
    }
    if let Some(body) = body(op, args).map_err(Failure::Usage)? {
        request = request.json(&body).map_err(|e| describe(&e, op))?;
    }

    let started = Instant::now();
    if verbose {
        // The path template filled in by hand: the API key (a header, or the
        // SSE route's query parameter) is never part of it, and the base
        // URL's password is masked.
        eprintln!(
            "> {} {}{}",
            op.http_method,
            client.base_url(),
            printable(&shown_path)
        );
    }
    let result = respond(op, request, args, deadline.zip(timeout)).await;
    if verbose {
        let outcome = match &result {
            Ok(()) | Err(Failure::ClosedOutput) => "ok",
            Err(_) => "failed",
        };
        eprintln!("< {outcome} after {} ms", started.elapsed().as_millis());
    }
    result
}

/// The value an optional query parameter left out is sent with: its scalar
/// `default`, as the generated client and n8n send it (the server may
/// assume something else when it is absent: baileys-api's group list
/// filters by the text "undefined" without `search`).
fn query_default(field: &FieldMeta) -> Option<&'static str> {
    if field.location != FieldLocation::Query || field.required {
        return None;
    }
    let text = field.default?;
    match serde_json::from_str::<Value>(text).ok()? {
        Value::String(_) => {
            Some(text.strip_prefix('"')?.strip_suffix('"')?).filter(|t| !t.contains('\\'))
        }
        Value::Number(_) | Value::Bool(_) => Some(text),
        _ => None,
    }
}

/// The JSON body from `--body` and the field flags, `None` when the
/// operation takes none and none was given. Errors are usage errors.
fn body(op: &OperationMeta, args: &ArgMatches) -> Result<Option<Value>, String> {
    let mut body = match args.try_get_one::<String>("body").ok().flatten() {
        Some(text) => Some(json_argument(text, "body")?),
        None => None,
    };
    if op.body_is_array {
        return Ok(body);
    }
    let mut fields = Map::new();
    for field in op.body_fields {
        let flag = flag(op, field);
        if let Some(text) = args.try_get_one::<String>(&flag).ok().flatten() {
            fields.insert(field.name.to_owned(), body_value(field, text, &flag)?);
        }
    }
    if op.body_fields.is_empty() {
        return Ok(body);
    }
    let given_body = body.is_some();
    let mut merged = match body.take() {
        Some(Value::Object(map)) => map,
        Some(_) => return Err("--body must be a JSON object for this operation".into()),
        None => Map::new(),
    };
    merged.extend(fields);
    for field in op.body_fields.iter().filter(|f| f.required) {
        if !merged.contains_key(field.name) {
            let flag = flag(op, field);
            return Err(if given_body {
                format!(
                    "the --body given has no `{}`, which this operation requires (add it there, or give --{flag})",
                    field.name
                )
            } else {
                format!("missing --{flag} (or give the whole body with --body)")
            });
        }
    }
    Ok(Some(Value::Object(merged)))
}

/// A runtime error in the words of this command line: its hints name the
/// flags (`--api-key`, `WA_API_KEY`, `--timeout`, `--base-url`), not the
/// library's builder; mistakes in the given values are usage errors.
fn describe(error: &Error, op: &OperationMeta) -> Failure {
    let failed = |text: String| Failure::Failed(text);
    match error {
        Error::Config(message) => Failure::Usage(format!(
            "{message} (check --base-url / WA_BASE_URL and --api-key / WA_API_KEY)"
        )),
        Error::InvalidInput {
            parameter, reason, ..
        } => {
            // A parameter's problem names its flag; the request as a whole
            // (too long a URL, say) has none.
            match op
                .parameters
                .iter()
                .chain(op.body_fields)
                .find(|f| f.name == parameter)
            {
                Some(field) => Failure::Usage(format!("--{}: {reason}", flag(op, field))),
                None => Failure::Usage(format!("{parameter}: {reason}")),
            }
        }
        Error::Unauthorized {
            operation,
            error,
            credentials,
            ..
        } => failed(match credentials {
            SentCredentials::Alternative { .. } => format!(
                "{operation}: the server refused the API key ({}): {}. Check --api-key (or \
                 WA_API_KEY) against the server's configuration",
                error.status,
                error.summary()
            ),
            SentCredentials::NoneConfigured { accepted } => {
                // `wa` sends an API key only: an alternative of API keys
                // alone (a bearer token may be the key) is one it can send.
                let takes_key = accepted.iter().any(|alternative| {
                    !alternative.is_empty()
                        && alternative.iter().all(|scheme| {
                            matches!(
                                scheme,
                                AuthScheme::ApiKeyHeader(_)
                                    | AuthScheme::ApiKeyQuery(_)
                                    | AuthScheme::Bearer
                            )
                        })
                });
                format!(
                    "{operation}: the server refused the request ({}): {}. No credentials were \
                     sent: this operation accepts {}{}",
                    error.status,
                    error.summary(),
                    op.info.describe_security(),
                    if takes_key {
                        "; give --api-key (or WA_API_KEY)"
                    } else {
                        ", and wa can send only an API key (--api-key)"
                    }
                )
            }
            _ => format!(
                "{operation}: the server refused the request ({}): {}. No credentials were sent: \
                 the document says this operation needs none",
                error.status,
                error.summary()
            ),
        }),
        Error::NotFound {
            operation, error, ..
        } => failed(format!(
            "{operation}: not found (404): {}. Check the values given{}",
            error.summary(),
            match catalog::operations()
                .iter()
                .find(|m| m.id == "listSessions")
                .filter(|_| op.parameters.iter().any(|p| p.name == "phone"))
            {
                // The command's own name, as `wa --help` lists it (not the
                // operationId's alias).
                Some(list) => {
                    let (resource, command) = names(list);
                    format!(
                        " (is there a session for --phone? `wa {resource} {command}` lists them)"
                    )
                }
                None => String::new(),
            }
        )),
        Error::Timeout {
            operation,
            url,
            timeout,
        } => failed(format!(
            "{operation}: no answer from {url} within {} s. The server may need longer (adding a \
             session can take 25 s and more): raise --timeout SECONDS (default {}); if it never \
             answers, check that it is up",
            timeout.as_secs_f64(),
            DEFAULT_TIMEOUT.as_secs()
        )),
        Error::Connect {
            operation,
            url,
            source,
        } => failed(format!(
            "{operation}: cannot connect to {url}: {}. Is the server running, and is --base-url \
             (or WA_BASE_URL) right?",
            sources(source)
        )),
        Error::Redirect {
            operation,
            status,
            target,
            reason,
        } => failed(format!(
            "{operation}: the server redirected ({status}) to {target}, which is not followed: \
             {reason}. Check --base-url"
        )),
        Error::TooLarge {
            operation,
            what,
            limit,
        } => failed(format!(
            "{operation}: the {what} is larger than the limit of {limit} bytes"
        )),
        Error::StreamCut {
            operation,
            why,
            check,
            cause,
        } => {
            let hint = match check.and_then(|info| {
                catalog::operations()
                    .iter()
                    .find(|m| std::ptr::eq(m.info, info))
            }) {
                Some(meta) => {
                    let (resource, operation) = names(meta);
                    format!(
                        ". Check what it did with `wa {resource} {operation}` before running it again"
                    )
                }
                None => ". Check what it did before running it again".to_owned(),
            };
            failed(format!(
                "{operation}: the event stream was cut and is not reopened, because {why} \
                 (cause: {}){hint}",
                message(describe(cause, op))
            ))
        }
        Error::StreamReconnectsExhausted {
            operation,
            attempts,
            last,
        } => failed(format!(
            "{operation}: the event stream dropped and {attempts} reconnect attempts failed; last \
             error: {}",
            message(describe(last, op))
        )),
        other => failed(other.to_string()),
    }
}

fn message(failure: Failure) -> String {
    match failure {
        Failure::Usage(text) | Failure::Failed(text) => text,
        Failure::ClosedOutput => String::new(),
    }
}

/// An error and its causes, joined (`reqwest` keeps the useful part, such
/// as "Connection refused", in the causes).
fn sources(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(error) = cause {
        text.push_str(&format!(": {error}"));
        cause = error.source();
    }
    text
}

/// `deadline`: when `--timeout` was given, the instant it runs out (and the
/// timeout), which closes an event stream still open then.
async fn respond(
    op: &OperationMeta,
    request: openapi_wa_runtime::RequestBuilder,
    args: &ArgMatches,
    deadline: Option<(tokio::time::Instant, Duration)>,
) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    let fail = |e: Error| describe(&e, op);
    match answer(op) {
        Answer::Json => {
            let value: Value = request.send_json().await.map_err(fail)?;
            let text = serde_json::to_string_pretty(&value).expect("a JSON value prints");
            write_out(&mut stdout, format!("{text}\n").as_bytes())
        }
        Answer::Stream => {
            let mut events = request.send_sse::<Value>().await.map_err(fail)?;
            let mut received = 0u64;
            loop {
                let next = match deadline {
                    Some((deadline, _)) => tokio::time::timeout_at(deadline, events.next()).await,
                    None => Ok(events.next().await),
                };
                let Ok(next) = next else {
                    let timeout = deadline.map_or(0.0, |(_, timeout)| timeout.as_secs_f64());
                    return Err(Failure::Failed(format!(
                        "{}: the event stream was still open when --timeout {timeout} s ran out \
                         ({received} events received); it is closed. Leave --timeout out to \
                         read the stream until the server ends it",
                        op.id
                    )));
                };
                let Some(event) = next else {
                    return Ok(());
                };
                let event = event.map_err(fail)?;
                received += 1;
                write_out(&mut stdout, format!("{}\n", event.data).as_bytes())?;
            }
        }
        Answer::Text => {
            let text = request.send_text().await.map_err(fail)?;
            write_out(&mut stdout, format!("{text}\n").as_bytes())
        }
        // The document declares no content: whatever comes is printed.
        Answer::Empty => match request.send_undeclared().await.map_err(fail)? {
            Some(value) => {
                let text = serde_json::to_string_pretty(&value).expect("a JSON value prints");
                write_out(&mut stdout, format!("{text}\n").as_bytes())
            }
            None => Ok(()),
        },
        Answer::Binary => {
            let output = args.try_get_one::<String>("output").ok().flatten().cloned();
            if output.is_none() && stdout.is_terminal() {
                return Err(Failure::Usage(
                    "the answer is binary; give --output FILE or redirect stdout".into(),
                ));
            }
            let binary = request.send_bytes().await.map_err(fail)?;
            match output {
                Some(path) => std::fs::write(&path, &binary.bytes)
                    .map_err(|e| Failure::Failed(format!("writing {path}: {e}"))),
                None => write_out(&mut stdout, &binary.bytes),
            }
        }
    }
}
