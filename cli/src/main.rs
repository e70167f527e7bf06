//! `wa`: call any WhatsApp HTTP API operation from the command line. The
//! commands come from the generated operation catalog, not from code per
//! operation; see `wa --help` and `wa list`.

mod commands;
mod run;

use std::process::ExitCode;

fn main() -> ExitCode {
    let matches = commands::command().get_matches();
    match matches.subcommand() {
        Some(("list", _)) => {
            use std::io::Write as _;
            let mut stdout = std::io::stdout().lock();
            for op in whatsapp_http_client::catalog::operations() {
                let (resource, operation) = commands::names(op);
                // A closed pipe (`wa list | head`) just ends the listing.
                if writeln!(
                    stdout,
                    "{resource} {operation} {} {}",
                    op.http_method, op.path
                )
                .is_err()
                {
                    break;
                }
            }
            ExitCode::SUCCESS
        }
        Some(("completions", sub)) => {
            let shell = *sub
                .get_one::<clap_complete::Shell>("shell")
                .expect("required");
            clap_complete::generate(
                shell,
                &mut commands::command(),
                "wa",
                &mut std::io::stdout(),
            );
            ExitCode::SUCCESS
        }
        Some((resource, sub)) => {
            let Some((operation, args)) = sub.subcommand() else {
                return ExitCode::from(2);
            };
            let runtime = match tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                Ok(runtime) => runtime,
                Err(e) => {
                    eprintln!("error: cannot start: {e}");
                    return ExitCode::FAILURE;
                }
            };
            match runtime.block_on(run::call(&matches, resource, operation, args)) {
                Ok(()) => ExitCode::SUCCESS,
                Err(message) => {
                    eprintln!("error: {message}");
                    ExitCode::FAILURE
                }
            }
        }
        None => ExitCode::from(2),
    }
}
