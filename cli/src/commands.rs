//! The command tree, built at run time from the generated operation catalog:
//! `wa <resource> <operation> --<field> VALUE ...`, one flag per parameter
//! and per first-level body field, in kebab case.

use std::time::Duration;

use clap::{Arg, ArgAction, Command};
use whatsapp_http_client::catalog::{self, FieldLocation, FieldMeta, FieldType, OperationMeta};

/// `add_session_sse` → `add-session-sse`.
pub fn kebab(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for (i, c) in name.chars().enumerate() {
        match c {
            '_' | ' ' | '.' => out.push('-'),
            c if c.is_ascii_uppercase() => {
                if i > 0 && !out.ends_with('-') {
                    out.push('-');
                }
                out.push(c.to_ascii_lowercase());
            }
            c => out.push(c),
        }
    }
    out.trim_matches('-').to_owned()
}

/// An operationId in kebab case, acronyms kept whole and a NestJS-style
/// `XxxController_` prefix dropped: `addSessionSSE` → `add-session-sse`.
fn id_kebab(id: &str) -> String {
    let id = match id.split_once('_') {
        Some((prefix, rest)) if prefix.ends_with("Controller") && !rest.is_empty() => rest,
        _ => id,
    };
    let chars: Vec<char> = id.chars().collect();
    let mut out = String::with_capacity(id.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            out.push('-');
            continue;
        }
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1);
        let starts_word = c.is_ascii_uppercase()
            && prev.is_some_and(|p| {
                p.is_ascii_lowercase()
                    || p.is_ascii_digit()
                    || (p.is_ascii_uppercase() && next.is_some_and(char::is_ascii_lowercase))
            });
        if starts_word {
            out.push('-');
        }
        out.push(c.to_ascii_lowercase());
    }
    out.split('-')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// The command-line name of a resource and of an operation.
pub fn names(op: &OperationMeta) -> (String, String) {
    (
        kebab(op.module.trim_start_matches("r#")),
        kebab(op.method_name.trim_start_matches("r#")),
    )
}

/// The flag of a field; body fields whose name a parameter already uses get
/// a `body-` prefix.
pub fn flag(op: &OperationMeta, field: &FieldMeta) -> String {
    let name = kebab(field.name);
    let collides = field.location == FieldLocation::Body
        && op.parameters.iter().any(|p| kebab(p.name) == name);
    if collides || matches!(name.as_str(), "body" | "output" | "help") {
        format!("body-{name}")
    } else {
        name
    }
}

fn help(field: &FieldMeta) -> String {
    let kind = match field.field_type {
        FieldType::String => "text",
        FieldType::Number => "number",
        FieldType::Boolean => "true or false",
        FieldType::Json => "JSON text or @file.json",
        FieldType::Options => "one of the values below",
    };
    let mut text = if field.description.is_empty() {
        field.display_name.to_owned()
    } else {
        field.description.to_owned()
    };
    text.push_str(&format!(" [{kind}]"));
    if let Some(default) = field.default {
        text.push_str(&format!(" [default: {default}]"));
    }
    if let Some(example) = field.example {
        text.push_str(&format!(" [example: {example}]"));
    }
    if field.required {
        text.push_str(" [required]");
    }
    text
}

/// `--timeout`: a positive number of seconds a `Duration` can hold. Anything
/// else (`-1`, `nan`, `inf`, `1e30`) is a usage error, not a panic.
fn seconds(text: &str) -> Result<Duration, String> {
    let value: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds"))?;
    // NaN fails this too.
    if value.is_nan() || value <= 0.0 {
        return Err(format!("`{text}`: the timeout must be more than 0 seconds"));
    }
    Duration::try_from_secs_f64(value)
        .ok()
        .filter(|d| *d <= MAX_TIMEOUT)
        .ok_or_else(|| {
            format!(
                "`{text}`: the timeout must be at most {} seconds",
                MAX_TIMEOUT.as_secs()
            )
        })
}

/// The longest `--timeout` taken: a year, well past any real wait.
const MAX_TIMEOUT: Duration = Duration::from_secs(365 * 24 * 3600);

/// The help heading of the flags every command takes.
pub const GLOBAL_HEADING: &str = "Global options";

/// The whole command line.
pub fn command() -> Command {
    let mut root = Command::new("wa")
        .about("Call any WhatsApp HTTP API operation from the command line")
        .version(env!("CARGO_PKG_VERSION"))
        .subcommand_required(true)
        .arg_required_else_help(true)
        .next_help_heading(GLOBAL_HEADING)
        .arg(
            Arg::new("base-url")
                .long("base-url")
                .env("WA_BASE_URL")
                .global(true)
                .default_value("http://localhost:3000")
                .help("The server's base URL"),
        )
        .arg(
            Arg::new("api-key")
                .long("api-key")
                .env("WA_API_KEY")
                .hide_env_values(true)
                .global(true)
                .help("The API key"),
        )
        .arg(
            Arg::new("timeout")
                .long("timeout")
                .value_name("SECONDS")
                .value_parser(seconds)
                .global(true)
                .help(
                    "The longest the whole command may take, in seconds: connecting, retries \
                     and their waits (Retry-After included: a retry that would pass it is not \
                     made), reading the answer (default 30). An event stream still open when it \
                     runs out is closed and the command fails; without --timeout a stream runs \
                     until the server ends it",
                ),
        )
        .arg(
            Arg::new("verbose")
                .short('v')
                .long("verbose")
                .action(ArgAction::SetTrue)
                .global(true)
                .help("Log each request and its outcome to stderr (never the key)"),
        )
        .subcommand(
            Command::new("list").about("One line per operation: resource, operation, method, path"),
        )
        .subcommand(
            Command::new("listen")
                .about(
                    "Receive webhook deliveries and print each event as one JSON line: \
                     {\"event\", \"session\", \"data\"}",
                )
                .arg(
                    Arg::new("port")
                        .long("port")
                        .required(true)
                        .value_parser(clap::value_parser!(u16))
                        .help("The port to listen on (0: any free port, printed on stderr)"),
                )
                .arg(
                    Arg::new("bind")
                        .long("bind")
                        .default_value("127.0.0.1")
                        .value_parser(clap::value_parser!(std::net::IpAddr))
                        .help("The address to listen on"),
                )
                .arg(
                    Arg::new("hmac-key")
                        .long("hmac-key")
                        .env("WA_HMAC_KEY")
                        .hide_env_values(true)
                        .help(
                            "Refuse deliveries not signed with this key (WAHA's X-Webhook-Hmac, \
                             HMAC-SHA512)",
                        ),
                )
                .arg(
                    Arg::new("max-age")
                        .long("max-age")
                        .value_name("SECONDS")
                        .value_parser(seconds)
                        .help("Refuse deliveries whose X-Webhook-Timestamp is further from now"),
                )
                .arg(
                    Arg::new("max-connections")
                        .long("max-connections")
                        .value_name("N")
                        .default_value("512")
                        .value_parser(clap::value_parser!(u32).range(1..))
                        .help(
                            "Connections open at once; past it a new one closes the longest idle \
                             (keep it under `ulimit -n`)",
                        ),
                )
                .arg(
                    Arg::new("header-timeout")
                        .long("header-timeout")
                        .value_name("SECONDS")
                        .default_value("10")
                        .value_parser(seconds)
                        .help("Close a connection whose request head takes longer to arrive"),
                )
                .arg(
                    Arg::new("body-timeout")
                        .long("body-timeout")
                        .value_name("SECONDS")
                        .default_value("30")
                        .value_parser(seconds)
                        .help("Answer 408 to a delivery whose body takes longer to arrive"),
                )
                .arg(
                    Arg::new("max-buffered")
                        .long("max-buffered")
                        .value_name("MIB")
                        .default_value("64")
                        // At least one MiB (one default-sized body): with
                        // none, every delivery would be answered 503.
                        .value_parser(clap::value_parser!(u32).range(1..))
                        .help(
                            "Body bytes held at once across deliveries being read, in MiB; \
                             past it deliveries are answered 503 with Retry-After",
                        ),
                ),
        )
        .subcommand(
            Command::new("completions")
                .about("Print shell completions")
                .arg(
                    Arg::new("shell")
                        .required(true)
                        .value_parser(clap::value_parser!(clap_complete::Shell)),
                ),
        );
    let mut resources: Vec<(String, Command)> = Vec::new();
    let all: Vec<(String, String)> = catalog::operations().iter().map(names).collect();
    for op in catalog::operations() {
        let (resource, operation) = names(op);
        // The operationId's own name still works (`add-session-sse` beside
        // `add-sse`), unless another command of the resource is called so.
        let old = id_kebab(op.id);
        let alias = (old != operation
            && !all.iter().any(|(r, o)| *r == resource && *o == old)
            && catalog::operations()
                .iter()
                .filter(|other| names(other).0 == resource && id_kebab(other.id) == old)
                .count()
                == 1)
            .then_some(old);
        let position = match resources.iter().position(|(r, _)| *r == resource) {
            Some(position) => position,
            None => {
                resources.push((
                    resource.clone(),
                    Command::new(resource.clone())
                        .about(format!("{} operations", op.resource))
                        .subcommand_required(true),
                ));
                resources.len() - 1
            }
        };
        let entry = &mut resources[position].1;
        let mut command = operation_command(op, operation);
        if let Some(alias) = alias {
            command = command.alias(alias);
        }
        *entry = std::mem::take(entry).subcommand(command);
    }
    for (_, command) in resources {
        root = root.subcommand(command);
    }
    root
}

fn operation_command(op: &OperationMeta, name: String) -> Command {
    let about = if op.description.is_empty() {
        op.action
    } else {
        op.description
    };
    let mut command = Command::new(name)
        .about(format!("{}  ({} {})", op.action, op.http_method, op.path))
        .long_about(format!("{about}\n\n{} {}", op.http_method, op.path))
        .next_help_heading("Operation options");
    let has_body = !op.request_media_types.is_empty();
    for field in op
        .parameters
        .iter()
        .filter(|f| f.location != FieldLocation::Cookie)
    {
        let mut arg = Arg::new(flag(op, field))
            .long(flag(op, field))
            .help(help(field))
            .value_name(field.display_name.to_uppercase().replace(' ', "_"));
        arg = arg.required(field.required);
        if !field.options.is_empty() {
            arg = arg.value_parser(field.options.to_vec());
        }
        command = command.arg(arg);
    }
    if !op.body_is_array {
        for field in op.body_fields {
            let mut arg = Arg::new(flag(op, field))
                .long(flag(op, field))
                .help(help(field));
            // Required, unless `--body` gives the whole body (checked again
            // on the merged body).
            if field.required {
                arg = if has_body {
                    arg.required_unless_present("body")
                } else {
                    arg.required(true)
                };
            }
            if !field.options.is_empty() {
                arg = arg.value_parser(field.options.to_vec());
            }
            command = command.arg(arg);
        }
    }
    if has_body {
        command = command.arg(
            Arg::new("body")
                .long("body")
                .value_name("JSON")
                .help("The whole request body: JSON text or @file.json (fields given as flags are merged over it)")
                .required(op.body_is_array),
        );
    }
    if op
        .response_media_types
        .iter()
        .any(|m| !m.contains("json") && !m.contains("event-stream"))
    {
        command = command.arg(
            Arg::new("output")
                .long("output")
                .short('o')
                .value_name("FILE")
                .help(
                    "Where to write the binary answer (default: stdout when it is not a terminal)",
                ),
        );
    }
    command
}
