//! The audit's cost on the 10,000-tenant package and its share of build time.
//!
//! `cargo bench --bench audit` prints, before criterion's report, one summary line: the whole
//! build (which includes the audit), the audit's own work (ownership, sessions, static checks,
//! execution proof) on a package whose step files are already folded into the model, and the
//! audit's share. Folding statements into the model happens while the build parses them, which it
//! must do anyway (BUG001); the model's own cost is printed apart. Figures are in `docs/audit.md`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use snowtenant::audit::{PackageInput, audit};
use snowtenant::diag::SourceFile;

const TENANTS: usize = 10_000;

fn source() -> SourceFile {
    SourceFile::new("generated.yaml", snowtenant::spec::generate(TENANTS))
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn bench(c: &mut Criterion) {
    let source = source();
    let package =
        snowtenant::build::compile(&source).expect("the generated spec builds and audits clean");
    let runs = 5;
    let build: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            black_box(snowtenant::build::compile(&source).unwrap());
            t.elapsed()
        })
        .collect();
    let audits: Vec<Duration> = (0..runs)
        .map(|_| {
            let input = PackageInput::from_files(&package.files);
            let t = Instant::now();
            let report = audit(&input);
            let e = t.elapsed();
            assert!(report.passed(), "{}", report.to_human());
            e
        })
        .collect();
    let (b, a) = (median(build), median(audits));
    let t = Instant::now();
    let input = PackageInput::from_files(&package.files);
    let parse_and_fold = t.elapsed();
    let report = audit(&input);
    println!(
        "audit bench: {TENANTS} tenants, {} statements; build (with audit) {:.2} s, audit {:.3} s = {:.1}% of build",
        report.statements,
        b.as_secs_f64(),
        a.as_secs_f64(),
        100.0 * a.as_secs_f64() / b.as_secs_f64()
    );
    println!(
        "  parsing the audited files and folding them into the model: {:.3} s",
        parse_and_fold.as_secs_f64()
    );
    // Where the audit's time goes, once.
    let t = Instant::now();
    let ctx = snowtenant::audit::Context::new(&input);
    let model = t.elapsed();
    let t = Instant::now();
    let findings = snowtenant::audit::checks::run(&ctx);
    let checks = t.elapsed();
    let t = Instant::now();
    let mut more = Vec::new();
    let _ = snowtenant::audit::execute::prove(&ctx, &mut more);
    let execute = t.elapsed();
    println!(
        "  phases: ownership + sessions {:.3} s, static checks {:.3} s ({} findings), execution proof {:.3} s",
        model.as_secs_f64(),
        checks.as_secs_f64(),
        findings.len(),
        execute.as_secs_f64()
    );
    for line in &report.proof {
        println!("  proof: {line}");
    }
    let mut g = c.benchmark_group("audit");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(10));
    g.bench_function("audit_10000_tenants", |bch| {
        bch.iter_batched(
            || PackageInput::from_files(&package.files),
            |input| black_box(audit(&input)),
            criterion::BatchSize::LargeInput,
        )
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
