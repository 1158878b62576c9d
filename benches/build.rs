//! Build time for generated specs of 100, 1,000 and 10,000 tenants (validation and audit included),
//! and, printed first, the design target's ratio: the whole in-memory build of 10,000 tenants against
//! sqlparser alone parsing the SQL that build emits (same statements, same rayon threads, same
//! allocator). Run: `cargo bench --bench build`. Figures are recorded in docs/performance.md.

use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use rayon::prelude::*;
use snowtenant::diag::SourceFile;
use sqlparser::dialect::SnowflakeDialect;
use sqlparser::parser::Parser;

/// The binary's allocator (src/main.rs), for both sides of the ratio.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const RATIO_TENANTS: usize = 10_000;
const RUNS: usize = 5;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Median of `RUNS` builds vs median of `RUNS` sqlparser-only parses of the same statements.
fn ratio_to_sqlparser() {
    let source = SourceFile::new("generated.yaml", snowtenant::spec::generate(RATIO_TENANTS));
    let mut builds = Vec::new();
    let mut package = None;
    for _ in 0..RUNS {
        let t = Instant::now();
        package = Some(snowtenant::build::compile(&source).expect("generated specs are valid"));
        builds.push(t.elapsed());
    }
    let package = package.expect("at least one run");
    let statements: Vec<String> = package
        .files
        .iter()
        .filter(|(p, _)| p.ends_with(".sql") && !snowtenant::build::is_derived_copy(p))
        .flat_map(|(_, bytes)| {
            let text = String::from_utf8_lossy(bytes).into_owned();
            snowtenant::sqlcheck::split::split(&text)
                .into_iter()
                .map(|p| p.text.to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    let mut parses = Vec::new();
    let mut unparsed = 0;
    for _ in 0..RUNS {
        let t = Instant::now();
        unparsed = statements
            .par_iter()
            .filter(|s| Parser::parse_sql(&SnowflakeDialect {}, s).is_err())
            .count();
        parses.push(t.elapsed());
    }
    let (build, parse) = (median(builds), median(parses));
    println!(
        "build vs sqlparser alone, {RATIO_TENANTS} tenants, {} statements ({unparsed} sqlparser cannot parse), \
         {} rayon threads, median of {RUNS}: build {:.3} s, sqlparser {:.3} s, ratio {:.2}x",
        statements.len(),
        rayon::current_num_threads(),
        build.as_secs_f64(),
        parse.as_secs_f64(),
        build.as_secs_f64() / parse.as_secs_f64()
    );
}

fn build(c: &mut Criterion) {
    ratio_to_sqlparser();
    let mut group = c.benchmark_group("build");
    group.sample_size(10);
    for tenants in [100usize, 1_000, 10_000] {
        let source = SourceFile::new("generated.yaml", snowtenant::spec::generate(tenants));
        group.throughput(Throughput::Elements(tenants as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(tenants),
            &source,
            |b, source| {
                b.iter(|| snowtenant::build::compile(source).expect("generated specs are valid"))
            },
        );
    }
    group.finish();
}

criterion_group!(benches, build);
criterion_main!(benches);
