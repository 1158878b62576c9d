//! `snowtenant build` and `snowtenant check`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Args;

use crate::diag::{SourceFile, render_all};
use crate::package::Package;

use super::{EXIT_INVALID, color};

#[derive(Args, Debug)]
pub struct BuildArgs {
    /// The tenant spec (YAML).
    pub spec: PathBuf,
    /// Package folder; replaced atomically.
    #[arg(long, default_value = "dist")]
    pub out: PathBuf,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// The tenant spec (YAML).
    pub spec: PathBuf,
}

fn compile(path: &PathBuf) -> Result<Package, ExitCode> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", path.display());
            return Err(ExitCode::from(EXIT_INVALID));
        }
    };
    let source = SourceFile::new(path.display().to_string(), text);
    let package = crate::build::compile(&source).map_err(|diags| {
        eprint!("{}", render_all(&diags, &source, color()));
        ExitCode::from(EXIT_INVALID)
    })?;
    // The audit's warnings (e.g. ISO044: the account monitor would be replaced), before anything
    // is written or deployed.
    for f in &package.audit_warnings {
        eprintln!("warning[{}]: {}", f.code, f.message);
        for at in &f.at {
            eprintln!("  --> {at}");
        }
        eprintln!("  = help: {}", f.help);
    }
    for w in &package.warnings {
        eprintln!("warning: {}", w.render(&source, color()));
    }
    Ok(package)
}

pub fn build(args: &BuildArgs) -> ExitCode {
    let started = Instant::now();
    let package = match compile(&args.spec) {
        Ok(p) => p,
        Err(code) => return code,
    };
    // Read before the write replaces it: the previous package, to warn of a reused release.
    if let Ok(previous) = std::fs::read_to_string(args.out.join("manifest.json"))
        && let Some(warning) = crate::package::reused_release(&previous, &package.manifest)
    {
        eprintln!("{}: {warning}", args.spec.display());
    }
    if let Err(e) = crate::package::write_package(&args.out, &package.files, &[&args.spec]) {
        eprintln!(
            "error: cannot write the package to {}: {e} (the previous package, if any, is unchanged)",
            args.out.display()
        );
        return ExitCode::from(EXIT_INVALID);
    }
    summary(&package, started);
    println!(
        "wrote {} files to {}",
        package.files.len(),
        args.out.display()
    );
    ExitCode::SUCCESS
}

pub fn check(args: &CheckArgs) -> ExitCode {
    let started = Instant::now();
    match compile(&args.spec) {
        Ok(package) => {
            summary(&package, started);
            println!("{}: ok", args.spec.display());
            ExitCode::SUCCESS
        }
        Err(code) => code,
    }
}

fn summary(package: &Package, started: Instant) {
    let m = &package.manifest;
    let mut objects = std::collections::BTreeMap::new();
    for entry in &m.inventory {
        *objects.entry(entry.kind).or_insert(0usize) += 1;
    }
    let objects: Vec<String> = objects.iter().map(|(k, n)| format!("{n} {k}")).collect();
    println!("tenants:    {}", m.tenants);
    println!("objects:    {}", objects.join(", "));
    println!("statements: {}", m.statements);
    println!("files:      {}", package.files.len());
    println!(
        "elapsed:    {:.1} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
}
