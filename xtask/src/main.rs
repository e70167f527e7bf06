//! Project tasks: `cargo xtask <command>`. See `cargo xtask --help`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Project tasks for the WhatsApp HTTP API client generator"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print what the generator understood of a document: resources,
    /// operations per resource, schemas and repair warnings.
    Inspect {
        /// The OpenAPI document (JSON or YAML).
        #[arg(long, default_value = "spec/whatsapp-http-api.yaml")]
        spec: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Inspect { spec } => inspect(&spec),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn inspect(spec: &std::path::Path) -> Result<(), String> {
    let (_, model) = generator::load_model(spec).map_err(|e| e.to_string())?;
    print!("{}", generator::summary::summary(&model));
    Ok(())
}
