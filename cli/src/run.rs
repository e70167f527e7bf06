//! One operation call: flags to a request, the answer to stdout.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use clap::ArgMatches;
use futures_util::StreamExt;
use serde_json::{Map, Value};
use whatsapp_http_client::Client;
use whatsapp_http_client::catalog::{self, FieldLocation, FieldMeta, FieldType, OperationMeta};

use crate::commands::{flag, names};

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

/// JSON text, or the contents of `@file`.
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
) -> Result<(), String> {
    let op = catalog::operations()
        .iter()
        .find(|op| names(op) == (resource.to_owned(), operation.to_owned()))
        .ok_or_else(|| format!("unknown operation {resource} {operation}"))?;
    let verbose = global.get_flag("verbose");
    let mut builder = Client::builder().base_url(
        global
            .get_one::<String>("base-url")
            .map_or("", String::as_str),
    );
    if let Some(key) = global.get_one::<String>("api-key") {
        builder = builder.api_key(key);
    }
    if let Some(seconds) = global.get_one::<f64>("timeout") {
        builder = builder.timeout(Duration::from_secs_f64(*seconds));
    }
    let client = builder.build().map_err(|e| e.to_string())?;

    let mut request = client.request(op.info);
    let mut shown_path = op.path.to_owned();
    for field in op.parameters {
        let Some(value) = args.try_get_one::<String>(&flag(op, field)).ok().flatten() else {
            continue;
        };
        match field.location {
            FieldLocation::Path => {
                request = request
                    .path_param(field.name, value)
                    .map_err(|e| e.to_string())?;
                shown_path = shown_path.replace(&format!("{{{}}}", field.name), value);
            }
            FieldLocation::Query => request = request.query(field.name, value),
            FieldLocation::Header => request = request.header(field.name, value),
            FieldLocation::Cookie | FieldLocation::Body => {}
        }
    }
    let mut body = match args.try_get_one::<String>("body").ok().flatten() {
        Some(text) => Some(json_argument(text, "body")?),
        None => None,
    };
    if !op.body_is_array {
        let mut fields = Map::new();
        for field in op.body_fields {
            let flag = flag(op, field);
            if let Some(text) = args.try_get_one::<String>(&flag).ok().flatten() {
                fields.insert(field.name.to_owned(), body_value(field, text, &flag)?);
            }
        }
        if !fields.is_empty() || (body.is_none() && !op.body_fields.is_empty()) {
            let mut merged = match body.take() {
                Some(Value::Object(map)) => map,
                Some(_) => return Err("--body must be a JSON object for this operation".into()),
                None => Map::new(),
            };
            merged.extend(fields);
            for field in op.body_fields.iter().filter(|f| f.required) {
                if !merged.contains_key(field.name) {
                    return Err(format!(
                        "missing --{} (or give the whole body with --body)",
                        flag(op, field)
                    ));
                }
            }
            body = Some(Value::Object(merged));
        }
    }
    if let Some(body) = &body {
        request = request.json(body).map_err(|e| e.to_string())?;
    }

    let started = Instant::now();
    if verbose {
        // The path template filled in by hand: the API key (a header, or the
        // SSE route's query parameter) is never part of it.
        eprintln!("> {} {}{}", op.http_method, client.base_url(), shown_path);
    }
    let result = respond(op, request, args).await;
    if verbose {
        let outcome = match &result {
            Ok(()) => "ok".to_owned(),
            Err(_) => "failed".to_owned(),
        };
        eprintln!("< {outcome} after {} ms", started.elapsed().as_millis());
    }
    result
}

async fn respond(
    op: &OperationMeta,
    request: whatsapp_http_client::runtime::RequestBuilder,
    args: &ArgMatches,
) -> Result<(), String> {
    let mut stdout = std::io::stdout().lock();
    let write_error = |e: std::io::Error| format!("writing the answer: {e}");
    match answer(op) {
        Answer::Json => {
            let value: Value = request.send_json().await.map_err(|e| e.to_string())?;
            let text = serde_json::to_string_pretty(&value).map_err(|e| e.to_string())?;
            writeln!(stdout, "{text}").map_err(write_error)
        }
        Answer::Stream => {
            let mut events = request
                .send_sse::<Value>()
                .await
                .map_err(|e| e.to_string())?;
            while let Some(event) = events.next().await {
                let event = event.map_err(|e| e.to_string())?;
                writeln!(stdout, "{}", event.data).map_err(write_error)?;
                stdout.flush().map_err(write_error)?;
            }
            Ok(())
        }
        Answer::Text => {
            let text = request.send_text().await.map_err(|e| e.to_string())?;
            writeln!(stdout, "{text}").map_err(write_error)
        }
        Answer::Empty => request.send_empty().await.map_err(|e| e.to_string()),
        Answer::Binary => {
            let output = args.try_get_one::<String>("output").ok().flatten().cloned();
            if output.is_none() && stdout.is_terminal() {
                return Err("the answer is binary; give --output FILE or redirect stdout".into());
            }
            let binary = request.send_bytes().await.map_err(|e| e.to_string())?;
            match output {
                Some(path) => {
                    std::fs::write(&path, &binary.bytes).map_err(|e| format!("writing {path}: {e}"))
                }
                None => stdout.write_all(&binary.bytes).map_err(write_error),
            }
        }
    }
}
