//! `wa`: call any WhatsApp HTTP API operation from the command line. The
//! commands come from the generated operation catalog, not from code per
//! operation; see `wa --help` and `wa list`.

mod commands;
mod listen;
mod run;
mod verbose;

use std::io::Write as _;
use std::process::ExitCode;

use run::Failure;
use whatsapp_http_client::runtime::webhook::axum::Limits;

fn main() -> ExitCode {
    let matches = commands::command().get_matches();
    let result = match matches.subcommand() {
        Some(("list", _)) => list(),
        Some(("listen", args)) => listen(args),
        Some(("completions", sub)) => {
            let shell = *sub
                .get_one::<clap_complete::Shell>("shell")
                .expect("required");
            // Written whole into memory first: `clap_complete` panics when
            // its writer fails, as a closed pipe (`| head`) makes it.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut commands::command(), "wa", &mut script);
            run::write_out(&mut std::io::stdout().lock(), &script)
        }
        Some((resource, sub)) => match sub.subcommand() {
            Some((operation, args)) => call(&matches, resource, operation, args),
            None => Err(Failure::Usage(format!(
                "`wa {resource}` needs an operation"
            ))),
        },
        None => Err(Failure::Usage("a command is required".into())),
    };
    match result {
        Ok(()) | Err(Failure::ClosedOutput) => ExitCode::SUCCESS,
        Err(Failure::Usage(message)) => {
            report(&message);
            ExitCode::from(2)
        }
        Err(Failure::Failed(message)) => {
            report(&message);
            ExitCode::FAILURE
        }
    }
}

/// One line on stderr, whatever the message holds: control characters
/// escaped, long messages cut (they may come from the server).
fn report(message: &str) {
    let _ = writeln!(std::io::stderr(), "error: {}", run::printable(message));
}

fn list() -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    for op in whatsapp_http_client::catalog::operations() {
        let (resource, operation) = commands::names(op);
        let line = format!("{resource} {operation} {} {}\n", op.http_method, op.path);
        run::write_out(&mut stdout, line.as_bytes())?;
    }
    Ok(())
}

fn listen(args: &clap::ArgMatches) -> Result<(), Failure> {
    let options = listen::Options {
        bind: *args.get_one("bind").expect("has a default"),
        port: *args.get_one("port").expect("required"),
        hmac_key: args.get_one::<String>("hmac-key").cloned(),
        max_age: args.get_one::<std::time::Duration>("max-age").copied(),
        limits: Limits::default()
            .max_connections(
                usize::try_from(
                    *args
                        .get_one::<u32>("max-connections")
                        .expect("has a default"),
                )
                .unwrap_or(usize::MAX),
            )
            .header_timeout(*args.get_one("header-timeout").expect("has a default"))
            .body_timeout(*args.get_one("body-timeout").expect("has a default"))
            .max_buffered(
                usize::try_from(*args.get_one::<u32>("max-buffered").expect("has a default"))
                    .unwrap_or(usize::MAX)
                    .saturating_mul(1024 * 1024),
            ),
    };
    runtime()?.block_on(listen::listen(options))
}

fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::Failed(format!("cannot start: {e}")))
}

fn call(
    matches: &clap::ArgMatches,
    resource: &str,
    operation: &str,
    args: &clap::ArgMatches,
) -> Result<(), Failure> {
    runtime()?.block_on(run::call(matches, resource, operation, args))
}
