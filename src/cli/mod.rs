//! Command-line entry point: parses arguments and dispatches to one module per command.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub mod serve;

/// Exit code for an invalid spec, failed check or rejected input.
pub const EXIT_INVALID: u8 = 1;
/// Exit code for usage errors (clap uses the same).
pub const EXIT_USAGE: u8 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "snowtenant",
    version,
    about = "Multi-tenant Snowflake platform compiler"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run the embed service on a built package.
    Serve(serve::ServeArgs),
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Serve(args) => serve::run(args),
    }
}
