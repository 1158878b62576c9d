//! `snowtenant docs PACKAGE [--plan MIGRATION.sql] --out DIR`: a static site of a package.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Args;

use super::EXIT_INVALID;

#[derive(Args, Debug)]
pub struct DocsArgs {
    /// A built package folder (`dist/`).
    pub package: PathBuf,
    /// A migration script from `snowtenant plan OLD PACKAGE` (adds the plan page).
    #[arg(long)]
    pub plan: Option<PathBuf>,
    /// The site's folder; replaced atomically.
    #[arg(long)]
    pub out: PathBuf,
}

pub fn run(args: &DocsArgs) -> ExitCode {
    let started = Instant::now();
    let fail = |msg: String| {
        eprintln!("error: {msg}");
        ExitCode::from(EXIT_INVALID)
    };
    let plan = match &args.plan {
        Some(path) => match std::fs::read_to_string(path) {
            Ok(text) => Some((path.display().to_string(), text)),
            Err(e) => return fail(format!("cannot read {}: {e}", path.display())),
        },
        None => None,
    };
    let loaded = match crate::docs::load(&args.package) {
        Ok(l) => l,
        Err(e) => return fail(e),
    };
    let files = match crate::docs::site(
        &loaded,
        plan.as_ref().map(|(n, t)| (n.as_str(), t.as_str())),
    ) {
        Ok(f) => f,
        Err(e) => return fail(e),
    };
    if let Err(e) = crate::package::write_site(&args.out, &files) {
        return fail(format!(
            "cannot write the site to {}: {e} (the previous site, if any, is unchanged)",
            args.out.display()
        ));
    }
    println!(
        "wrote {} files to {} in {:.2} s (open {}/index.html; {}/summary.md is for a CI comment)",
        files.len(),
        args.out.display(),
        started.elapsed().as_secs_f64(),
        args.out.display(),
        args.out.display()
    );
    ExitCode::SUCCESS
}
