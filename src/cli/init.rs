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

/// The most tenants `init --tenants` generates. Past about 50,000 the generated spec's cross-tenant
/// view (one branch per tenth tenant) would exceed Snowflake's 1 MB (SPEC078); the spec text also
/// grows by about 500 bytes a tenant, so the cap keeps `init` from exhausting memory.
pub const MAX_GENERATED_TENANTS: usize = 40_000;

pub fn init(args: &InitArgs) -> ExitCode {
    let text = match args.tenants {
        Some(0) => {
            eprintln!("error: --tenants must be at least 1 (a spec needs a tenant)");
            return ExitCode::from(EXIT_INVALID);
        }
        Some(n) if n > MAX_GENERATED_TENANTS => {
            eprintln!(
                "error: --tenants {n} is more than the {MAX_GENERATED_TENANTS} tenants `init` generates"
            );
            return ExitCode::from(EXIT_INVALID);
        }
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
            match &args.out {
                Some(path) => eprintln!("error: cannot write {}: {e}", path.display()),
                None => eprintln!("error: cannot write to standard output: {e}"),
            }
            ExitCode::from(EXIT_INVALID)
        }
    }
}
