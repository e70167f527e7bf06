//! An installable n8n community node package for a document
//! (`cargo xtask n8n-node`): what users of `@devlikeapro/n8n-openapi-node`
//! write by hand around the properties, generated. Plain CommonJS, so n8n
//! loads it as installed, with no build step:
//!
//! - `package.json`, whose `n8n` section lists the node, the trigger and the
//!   credentials (what n8n's `PackageDirectoryLoader` reads);
//! - `nodes/<Name>/<Name>.node.js`: a declarative node (n8n routes every
//!   request itself) with the `--fixed` properties and `requestDefaults`
//!   taking the base URL from the credential. An event-stream operation
//!   (repair 10 of `n8n::fixed`) is read as it comes: the node asks n8n for
//!   the answer as a stream and its `postReceive` returns the events up to
//!   the first `qr` or `connection: "open"` one, or those read when
//!   `SSE_TIMEOUT_MS` (60 s) passes or the stream ends;
//! - `credentials/<Name>Api.credentials.js`: the base URL and the secret
//!   of the document's security scheme (an API key in a header or the
//!   query, a bearer token, or a basic user and password), applied by n8n's
//!   generic `authenticate`, with a `test` request: the first `GET` without
//!   parameters;
//! - `nodes/<Name>Trigger/<Name>Trigger.node.js`, for a document with
//!   webhooks: a webhook trigger with the "Events" property
//!   (`trigger_properties`), which starts the workflow only for the chosen
//!   events (the body's `event` field) and, where the document says how
//!   deliveries are signed, checks the signature (HMAC of the raw body, hex,
//!   in the header the webhook declares) against the key set on the node.
//!   A webhook declares it with a header parameter whose name holds `hmac`
//!   or `signature`; its description (or name) naming `sha256` or `sha1`
//!   chooses that hash, else SHA-512.

use heck::{ToKebabCase, ToLowerCamelCase, ToUpperCamelCase};
use serde_json::{Value, json};

use super::builder::{BuildError, build_properties};
use super::config::Config;
use super::trigger::trigger_properties;
use crate::model::{Method, Model, ParameterLocation, SecurityScheme};

/// The files of a package: paths relative to its directory, and contents.
#[derive(Debug, Clone)]
pub struct NodePackage {
    /// `n8n-nodes-<name>`.
    pub name: String,
    /// Each file: its path relative to the package's directory, and its contents.
    pub files: Vec<(String, String)>,
}

/// How long the node reads an event stream at most.
pub const SSE_TIMEOUT_MS: u64 = 60_000;

/// The package for a document: `raw` as read (the properties' input) and
/// its `model`, with `config`'s parsers and overrides (always in fixed mode).
/// `name` (kebab case) defaults to the document's title.
pub fn node_package(
    raw: &Value,
    model: &Model,
    config: Config,
    name: Option<&str>,
) -> Result<NodePackage, BuildError> {
    let config = Config {
        fixed: true,
        ..config
    };
    let properties = build_properties(raw, &config)?.to_value();
    // npm names are lower-case ASCII; JavaScript class names start with a
    // letter.
    let base = name
        .unwrap_or(&model.title)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                ' '
            }
        })
        .collect::<String>()
        .to_kebab_case();
    let base = match base.chars().next() {
        None => "api".to_owned(),
        Some(c) if c.is_ascii_digit() => format!("n-{base}"),
        Some(_) => base,
    };
    let class = base.to_upper_camel_case();
    let node_name = base.to_lower_camel_case();
    let credential_name = format!("{node_name}Api");
    let credential_class = format!("{class}Api");
    let title = model.title.trim().to_owned();
    let title = if title.is_empty() {
        class.clone()
    } else {
        title
    };
    let package_name = format!("n8n-nodes-{base}");

    let mut files = Vec::new();
    let mut nodes = vec![format!("nodes/{class}/{class}.node.js")];
    files.push((
        nodes[0].clone(),
        action_node(&class, &node_name, &title, &credential_name, properties),
    ));
    if !model.webhooks.is_empty() {
        let path = format!("nodes/{class}Trigger/{class}Trigger.node.js");
        files.push((
            path.clone(),
            trigger_node(&class, &node_name, &title, model),
        ));
        nodes.push(path);
    }
    let credential_path = format!("credentials/{credential_class}.credentials.js");
    files.push((
        credential_path.clone(),
        credentials(&credential_class, &credential_name, &title, model),
    ));
    let manifest = json!({
        "name": package_name,
        "version": "0.1.0",
        "description": format!("n8n nodes for {title}, generated from its OpenAPI document"),
        "keywords": ["n8n-community-node-package"],
        "license": "MIT",
        "files": ["nodes", "credentials"],
        "n8n": {
            "n8nNodesApiVersion": 1,
            "credentials": [credential_path],
            "nodes": nodes,
        },
    });
    files.push((
        "package.json".into(),
        format!("{}\n", serde_json::to_string_pretty(&manifest).unwrap()),
    ));
    files.push((
        "README.md".into(),
        format!(
            "# {package_name}\n\nn8n nodes for {title}, generated by `cargo xtask n8n-node` from the \
             document's OpenAPI description. Install it in n8n (Settings → Community Nodes, \
             or `npm install` it in `~/.n8n/nodes`), add a credential with the \
             server's base URL and its secret, and use the \"{title}\" node (and, if the document \
             has webhooks, \"{title} Trigger\").\n"
        ),
    ));
    files.sort();
    Ok(NodePackage {
        name: package_name,
        files,
    })
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap()
}

const HEADER: &str = "// @generated by `cargo xtask n8n-node`; do not edit.\n'use strict';\n";

fn action_node(
    class: &str,
    node_name: &str,
    title: &str,
    credential_name: &str,
    properties: Value,
) -> String {
    let description = json!({
        "displayName": title,
        "name": node_name,
        "group": ["transform"],
        "version": 1,
        "subtitle": "={{$parameter[\"operation\"] + \": \" + $parameter[\"resource\"]}}",
        "description": format!("Interact with {title}"),
        "defaults": {"name": title},
        "inputs": ["main"],
        "outputs": ["main"],
        "credentials": [{"name": credential_name, "required": true}],
        "requestDefaults": {
            "baseURL": "={{$credentials.url}}",
            "headers": {"Accept": "application/json", "Content-Type": "application/json"},
        },
        "properties": properties,
    });
    format!(
        r#"{HEADER}
const SSE_TIMEOUT_MS = {SSE_TIMEOUT_MS};

/** One `data:` block of an event stream as an item's JSON. */
function eventOf(block) {{
	const data = block
		.split(/\r?\n/)
		.filter((line) => line.startsWith('data:'))
		.map((line) => line.slice(5).replace(/^ /, ''))
		.join('\n');
	if (data === '') return undefined;
	try {{
		const event = JSON.parse(data);
		return event !== null && typeof event === 'object' && !Array.isArray(event) ? event : {{ data: event }};
	}} catch (error) {{
		return {{ data }};
	}}
}}

/** Whether the wait ends with this event: a QR code to scan, or success. */
function ends(event) {{
	return event.qr !== undefined || event.connection === 'open';
}}

/**
 * The events of a stream n8n opened (`encoding: 'stream'`), as items: up to
 * the first that ends the wait, or those read when the stream ends or
 * SSE_TIMEOUT_MS passes. n8n cannot hand a workflow events one by one.
 */
async function readEvents(items, response) {{
	const stream = response.body;
	if (typeof stream === 'string') {{
		const events = stream.split(/\r?\n\r?\n/).map(eventOf).filter(Boolean);
		const last = events.findIndex(ends);
		return (last < 0 ? events : events.slice(0, last + 1)).map((json) => ({{ json }}));
	}}
	const events = [];
	await new Promise((resolve, reject) => {{
		let buffer = '';
		let done = false;
		const finish = () => {{
			if (done) return;
			done = true;
			clearTimeout(timer);
			stream.destroy();
			resolve();
		}};
		const timer = setTimeout(finish, SSE_TIMEOUT_MS);
		stream.setEncoding('utf8');
		stream.on('data', (chunk) => {{
			buffer += chunk;
			let end;
			while (!done && (end = buffer.search(/\r?\n\r?\n/)) >= 0) {{
				const event = eventOf(buffer.slice(0, end));
				buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
				if (event) {{
					events.push(event);
					if (ends(event)) finish();
				}}
			}}
		}});
		stream.on('end', () => {{
			const event = eventOf(buffer);
			if (event && !done) events.push(event);
			finish();
		}});
		stream.on('error', (error) => {{
			if (done) return;
			done = true;
			clearTimeout(timer);
			reject(error);
		}});
	}});
	return events.map((json) => ({{ json }}));
}}

const description = {description};

// Event-stream operations are read as they come (see readEvents).
for (const property of description.properties) {{
	for (const option of property.type === 'options' ? property.options : []) {{
		const request = option.routing && option.routing.request;
		if (request && request.headers && request.headers.Accept === 'text/event-stream') {{
			request.encoding = 'stream';
			request.json = false;
			option.routing.output = {{ postReceive: [readEvents] }};
		}}
	}}
}}

class {class} {{
	constructor() {{
		this.description = description;
	}}
}}

module.exports = {{ {class} }};
"#,
        description = pretty(&description),
    )
}

/// The document's scheme for the credential: the one most operations ask
/// for first (a query key only when nothing else is asked), else the first
/// declared.
fn credential_scheme(model: &Model) -> Option<(&str, &SecurityScheme)> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for operation in &model.operations {
        let Some(first) = operation.security.first() else {
            continue;
        };
        for (name, _) in &first.schemes {
            match counts.iter_mut().find(|(n, _)| n == name) {
                Some((_, count)) => *count += 1,
                None => counts.push((name, 1)),
            }
        }
    }
    let in_query = |name: &str| {
        matches!(
            model.security_schemes.get(name),
            Some(SecurityScheme::ApiKey {
                location: ParameterLocation::Query,
                ..
            })
        )
    };
    let best = counts
        .iter()
        .filter(|(name, _)| model.security_schemes.contains_key(*name))
        .max_by_key(|(name, count)| (!in_query(name), *count))
        .map(|(name, _)| *name)
        .or_else(|| model.security_schemes.keys().next().map(String::as_str))?;
    Some((best, model.security_schemes.get(best)?))
}

fn credentials(class: &str, name: &str, title: &str, model: &Model) -> String {
    let base_url = model
        .servers
        .first()
        .map(|server| server.default_url().trim_end_matches('/').to_owned())
        .filter(|url| url.starts_with("http://") || url.starts_with("https://"))
        .unwrap_or_default();
    let mut properties = vec![json!({
        "displayName": "Base URL",
        "name": "url",
        "type": "string",
        "default": base_url,
        "placeholder": "http://localhost:3000",
        "description": "Where the server runs",
        "required": true,
    })];
    let secret = |display: &str, field: &str, description: Option<&str>| {
        json!({
            "displayName": display,
            "name": field,
            "type": "string",
            "typeOptions": {"password": true},
            "default": "",
            "description": description.unwrap_or_default(),
        })
    };
    let mut credential = json!({
        "name": name,
        "displayName": if title.to_ascii_lowercase().ends_with("api") {
            title.to_owned()
        } else {
            format!("{title} API")
        },
        "documentationUrl": "",
    });
    match credential_scheme(model) {
        Some((
            _,
            SecurityScheme::ApiKey {
                location,
                name: key,
                description,
            },
        )) => {
            properties.push(secret("API Key", "apiKey", description.as_deref()));
            let place = match location {
                ParameterLocation::Query => "qs",
                _ => "headers",
            };
            credential["authenticate"] = json!({"type": "generic", "properties": {
                place: {key: "={{$credentials.apiKey}}"}}});
        }
        Some((
            _,
            SecurityScheme::Http {
                scheme,
                description,
                ..
            },
        )) if scheme.eq_ignore_ascii_case("basic") => {
            properties.push(json!({"displayName": "User", "name": "username",
                "type": "string", "default": ""}));
            properties.push(secret("Password", "password", description.as_deref()));
            credential["authenticate"] = json!({"type": "generic", "properties": {"auth": {
                "username": "={{$credentials.username}}", "password": "={{$credentials.password}}"}}});
        }
        Some((
            _,
            SecurityScheme::Http { description, .. }
            | SecurityScheme::OAuth2 { description }
            | SecurityScheme::OpenIdConnect { description },
        )) => {
            properties.push(secret("Token", "apiKey", description.as_deref()));
            credential["authenticate"] = json!({"type": "generic", "properties": {"headers": {
                "Authorization": "=Bearer {{$credentials.apiKey}}"}}});
        }
        None => {}
    }
    credential["properties"] = Value::Array(properties);
    if let Some(path) = model
        .operations
        .iter()
        .find(|op| {
            op.method == Method::Get
                && op.parameters.iter().all(|p| !p.required)
                && !op.path.contains('{')
        })
        .map(|op| op.path.clone())
    {
        credential["test"] = json!({"request": {"baseURL": "={{$credentials.url}}", "url": path}});
    }
    format!(
        "{HEADER}\nconst credential = {};\n\nclass {class} {{\n\tconstructor() {{\n\t\tObject.assign(this, credential);\n\t}}\n}}\n\nmodule.exports = {{ {class} }};\n",
        pretty(&credential)
    )
}

/// The signature header a webhook declares, with its hash.
fn signature(model: &Model) -> Option<(String, &'static str)> {
    model.webhooks.iter().find_map(|hook| {
        hook.parameters.iter().find_map(|parameter| {
            let name = parameter.name.to_ascii_lowercase();
            let signs = parameter.location == ParameterLocation::Header
                && (name.contains("hmac") || name.contains("signature"));
            if !signs {
                return None;
            }
            let words = format!(
                "{name} {}",
                parameter.description.as_deref().unwrap_or_default()
            )
            .to_ascii_lowercase();
            let hash = if words.contains("sha256") || words.contains("sha-256") {
                "sha256"
            } else if words.contains("sha1") || words.contains("sha-1") {
                "sha1"
            } else {
                "sha512"
            };
            Some((name, hash))
        })
    })
}

fn trigger_node(class: &str, node_name: &str, title: &str, model: &Model) -> String {
    let mut properties = match trigger_properties(model) {
        Value::Array(items) => items,
        _ => Vec::new(),
    };
    let signed = signature(model);
    if let Some((header, hash)) = &signed {
        properties.push(json!({
            "displayName": "Signature Key",
            "name": "hmacKey",
            "type": "string",
            "typeOptions": {"password": true},
            "default": "",
            "description": format!("The key the server signs deliveries with ({hash} HMAC in `{header}`); deliveries without a valid signature are refused. Empty: not checked."),
        }));
    }
    let description = json!({
        "displayName": format!("{title} Trigger"),
        "name": format!("{node_name}Trigger"),
        "group": ["trigger"],
        "version": 1,
        "description": format!("Starts the workflow on {title} events"),
        "defaults": {"name": format!("{title} Trigger")},
        "inputs": [],
        "outputs": ["main"],
        "webhooks": [{"name": "default", "httpMethod": "POST", "responseMode": "onReceived", "path": "webhook"}],
        "properties": properties,
    });
    // JSON string literals are JavaScript string literals.
    let (header, hash) = signed
        .map(|(header, hash)| {
            (
                Value::from(header).to_string(),
                Value::from(hash).to_string(),
            )
        })
        .unwrap_or_else(|| ("undefined".into(), "undefined".into()));
    format!(
        r#"{HEADER}
const crypto = require('node:crypto');

/** The header deliveries are signed in, and the HMAC's hash (none: unsigned). */
const SIGNATURE_HEADER = {header};
const SIGNATURE_HASH = {hash};

const description = {description};

function signedRight(key, raw, given) {{
	if (typeof given !== 'string' || !Buffer.isBuffer(raw)) return false;
	const expected = crypto.createHmac(SIGNATURE_HASH, key).update(raw).digest('hex');
	const a = Buffer.from(expected);
	const b = Buffer.from(given.trim().toLowerCase());
	return a.length === b.length && crypto.timingSafeEqual(a, b);
}}

class {class}Trigger {{
	constructor() {{
		this.description = description;
	}}

	async webhook() {{
		const request = this.getRequestObject();
		if (SIGNATURE_HEADER) {{
			const key = this.getNodeParameter('hmacKey', '');
			if (key && !signedRight(key, request.rawBody, request.headers[SIGNATURE_HEADER])) {{
				this.getResponseObject().status(401).json({{ error: 'invalid signature' }});
				return {{ noWebhookResponse: true }};
			}}
		}}
		const body = this.getBodyData();
		const events = this.getNodeParameter('events', []);
		if (events.length > 0 && !events.includes(body.event)) {{
			return {{}};
		}}
		return {{ workflowData: [this.helpers.returnJsonArray(body)] }};
	}}
}}

module.exports = {{ {class}Trigger }};
"#,
        description = pretty(&description),
    )
}
