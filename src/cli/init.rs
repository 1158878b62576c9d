//! `snowtenant init`: the commented example spec, or a generated one for benchmarks.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::EXIT_INVALID;

#[derive(Args, Debug)]
pub struct InitArgs {
    /// Write here instead of standard output; refuses to overwrite.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Generate a spec with this many tenants (mixed isolation and warehouses) instead of the example.
    #[arg(long)]
    pub tenants: Option<usize>,
}

/// The bundled example, commented.
pub const EXAMPLE: &str = include_str!("../../examples/platform.yaml");

pub fn init(args: &InitArgs) -> ExitCode {
    let text = match args.tenants {
        Some(n) => crate::spec::generate(n),
        None => EXAMPLE.to_string(),
    };
    let written = match &args.out {
        None => std::io::stdout().write_all(text.as_bytes()),
        Some(path) => std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .and_then(|mut f| f.write_all(text.as_bytes())),
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(EXIT_INVALID)
        }
    }
}
