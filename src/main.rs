use std::process::ExitCode;

fn main() -> ExitCode {
    snowtenant::cli::run()
}
