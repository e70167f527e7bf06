//! This repository's layout: its default document, the client crate
//! committed from it and the runtime crate beside them. The generator's
//! library knows none of these; the tasks pass them in.

use std::path::{Path, PathBuf};

use generator::codegen::{CommittedClient, RuntimeSource};

/// The workspace's default document, relative to the workspace root.
pub const DEFAULT_SPEC: &str = "spec/whatsapp-http-api.yaml";
/// The committed client crate, relative to the workspace root.
pub const CLIENT_DIR: &str = "generated-client";
/// The committed client's library name, as its root doc's example names it.
pub const CLIENT_LIB: &str = "whatsapp_http_client";

/// The workspace root, from this crate's location.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_owned)
}

/// This checkout's runtime crate by absolute path: what the crates the
/// tasks write depend on.
pub fn runtime() -> RuntimeSource {
    let runtime = root().join("runtime");
    RuntimeSource::Path(
        std::fs::canonicalize(&runtime)
            .unwrap_or(runtime)
            .to_string_lossy()
            .into_owned(),
    )
}

/// The committed client, generated from `spec` (shown in its headers as
/// `shown_as`).
pub fn committed_client(spec: PathBuf, shown_as: String) -> CommittedClient {
    CommittedClient {
        spec,
        shown_as,
        dir: root().join(CLIENT_DIR),
        lib_name: CLIENT_LIB.to_owned(),
    }
}
