//! `openapi-wa-generator`: the generator's command line (see [`generator::cli`]).

fn main() -> std::process::ExitCode {
    generator::cli::main()
}
