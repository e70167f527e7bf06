//! `-v`: the runtime's own `tracing` events (each response with its status,
//! each failure, retry, cut and reconnection of a stream) as lines on
//! stderr. The runtime never puts the API key in them; values are escaped
//! here all the same, since some come from the server.

use std::fmt::Write as _;
use std::io::Write as _;

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Metadata, Subscriber};

/// Writes the client runtime's events at `DEBUG` and above to stderr.
pub struct Stderr;

/// The crate whose events are shown (its module paths start so): the
/// runtime, which sends every request.
const TARGET: &str = "openapi_wa_runtime";

struct Line(String);

impl Visit for Line {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "error" {
            return;
        }
        if field.name() == "message" {
            self.0.push_str(value);
        } else {
            let _ = write!(self.0, " {}={value:?}", field.name());
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "error" {
            // The error is printed at the end in this command line's words
            // (the runtime's own hints name its library API).
            return;
        }
        if field.name() == "message" {
            let _ = write!(self.0, "{value:?}");
        } else {
            let _ = write!(self.0, " {}={value:?}", field.name());
        }
    }
}

impl Subscriber for Stderr {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.target().starts_with(TARGET) && *metadata.level() <= Level::DEBUG
    }

    fn new_span(&self, _: &Attributes<'_>) -> Id {
        // Spans are not shown: the `>` line already names the request.
        Id::from_u64(1)
    }

    fn record(&self, _: &Id, _: &Record<'_>) {}

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut line = Line(String::from("* "));
        event.record(&mut line);
        let _ = writeln!(std::io::stderr(), "{}", crate::run::printable(&line.0));
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}
