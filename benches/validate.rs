//! Validator throughput on a synthetic 10,000-tenant package, against sqlparser alone.
//!
//! `cargo bench --bench validate` prints, before criterion's own report, one summary line per
//! measurement (MB/s, statements/s) and the ratios ours / sqlparser-alone on the statements
//! sqlparser can parse, at 1 thread and at the default rayon thread count. Both sides run in the
//! same process, on the same statements, with the same thread count and the same global allocator
//! (mimalloc, as in the `snowtenant` binary). Figures are recorded in `docs/validator.md`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rayon::prelude::*;
use snowtenant::sqlcheck::{Typed, check_script, validate_script};
use sqlparser::dialect::SnowflakeDialect;
use sqlparser::parser::Parser;

/// The binary's allocator, so the figures are the ones `snowtenant build` and `lint` get. It
/// serves both sides of every comparison below.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const TENANTS: usize = 10_000;
/// About twenty statements per tenant, in the shapes the compiler emits.
fn tenant_statements(t: usize, out: &mut String) {
    let n = format!("T{t:05}");
    let stmts = [
        format!("CREATE ROLE IF NOT EXISTS TENANT_{n}_READ"),
        format!("CREATE ROLE IF NOT EXISTS TENANT_{n}_ADMIN"),
        format!("GRANT ROLE TENANT_{n}_READ TO ROLE TENANT_{n}_ADMIN"),
        format!("GRANT ROLE TENANT_{n}_ADMIN TO ROLE SYSADMIN"),
        format!("CREATE SCHEMA IF NOT EXISTS ANALYTICS.GOLD_CLIENT_{n} WITH MANAGED ACCESS"),
        format!("GRANT USAGE ON DATABASE ANALYTICS TO ROLE TENANT_{n}_READ"),
        format!("GRANT USAGE ON SCHEMA ANALYTICS.GOLD_CLIENT_{n} TO ROLE TENANT_{n}_READ"),
        format!(
            "GRANT SELECT ON ALL TABLES IN SCHEMA ANALYTICS.GOLD_CLIENT_{n} TO ROLE TENANT_{n}_READ"
        ),
        format!(
            "GRANT SELECT ON FUTURE TABLES IN SCHEMA ANALYTICS.GOLD_CLIENT_{n} TO ROLE TENANT_{n}_READ"
        ),
        format!(
            "GRANT OWNERSHIP ON SCHEMA ANALYTICS.GOLD_CLIENT_{n} TO ROLE TENANT_{n}_ADMIN COPY CURRENT GRANTS"
        ),
        format!(
            "CREATE WAREHOUSE IF NOT EXISTS TENANT_{n}_WH WITH WAREHOUSE_SIZE = XSMALL AUTO_SUSPEND = 60 AUTO_RESUME = TRUE INITIALLY_SUSPENDED = TRUE"
        ),
        format!("GRANT USAGE ON WAREHOUSE TENANT_{n}_WH TO ROLE TENANT_{n}_READ"),
        format!(
            "CREATE RESOURCE MONITOR IF NOT EXISTS TENANT_{n}_RM WITH CREDIT_QUOTA = 100 FREQUENCY = MONTHLY START_TIMESTAMP = IMMEDIATELY TRIGGERS ON 75 PERCENT DO NOTIFY ON 100 PERCENT DO SUSPEND ON 110 PERCENT DO SUSPEND_IMMEDIATE"
        ),
        format!("ALTER WAREHOUSE TENANT_{n}_WH SET RESOURCE_MONITOR = TENANT_{n}_RM"),
        format!("ALTER WAREHOUSE TENANT_{n}_WH SET TAG ANALYTICS.PLATFORM.TENANT = '{n}'"),
        format!(
            "CREATE USER IF NOT EXISTS SVC_{n} TYPE = SERVICE DEFAULT_ROLE = TENANT_{n}_READ QUERY_TAG = '{{\"tenant\":\"{n}\"}}'"
        ),
        format!("GRANT ROLE TENANT_{n}_READ TO USER SVC_{n}"),
        format!("ALTER USER SVC_{n} SET QUERY_TAG = '{{\"tenant\":\"{n}\"}}'"),
        format!(
            "CREATE NETWORK POLICY IF NOT EXISTS TENANT_{n}_NP ALLOWED_IP_LIST = ('10.{}.{}.0/24')",
            t / 256,
            t % 256
        ),
        format!(
            "INSERT INTO ANALYTICS.PLATFORM.TENANT_ROLE_MAP (TENANT, ROLE_NAME) VALUES ('{n}', 'TENANT_{n}_READ')"
        ),
    ];
    for s in stmts {
        out.push_str(&s);
        out.push_str(";\n");
    }
}

fn package() -> String {
    let mut s = String::from(
        "CREATE ROW ACCESS POLICY IF NOT EXISTS ANALYTICS.PLATFORM.TENANT_RAP AS (TENANT VARCHAR) RETURNS BOOLEAN -> \
         EXISTS (SELECT 1 FROM ANALYTICS.PLATFORM.TENANT_ROLE_MAP m WHERE m.TENANT = TENANT AND IS_ROLE_IN_SESSION(m.ROLE_NAME));\n\
         ALTER TABLE ANALYTICS.SHARED.EVENTS ADD ROW ACCESS POLICY ANALYTICS.PLATFORM.TENANT_RAP ON (TENANT);\n",
    );
    for t in 0..TENANTS {
        tenant_statements(t, &mut s);
    }
    s
}

/// sqlparser alone: one `parse_sql` per statement it can parse (the baseline the issue sets), in
/// parallel on the current rayon pool like the validator, each tree dropped once parsed.
fn sqlparser_alone(stmts: &[String]) -> usize {
    stmts
        .par_iter()
        .filter(|s| Parser::parse_sql(&SnowflakeDialect {}, s).is_ok())
        .count()
}

/// Timed rounds after a warm-up of each: every round runs each measurement once, in turn, so a
/// neighbour's build or the VM slowing down hits all of them in the same round. Returns the runs of
/// each measurement, round by round.
fn rounds(fs: &mut [&mut dyn FnMut()], n: usize) -> Vec<Vec<Duration>> {
    for f in fs.iter_mut() {
        f();
    }
    let mut runs = vec![Vec::with_capacity(n); fs.len()];
    for _ in 0..n {
        for (f, r) in fs.iter_mut().zip(&mut runs) {
            let start = Instant::now();
            f();
            r.push(start.elapsed());
        }
    }
    runs
}

fn median<T: PartialOrd + Copy>(mut v: Vec<T>) -> T {
    v.sort_by(|a, b| a.partial_cmp(b).expect("no NaN"));
    v[v.len() / 2]
}

/// The median over rounds of ours / sqlparser alone in the same round.
fn paired_ratio(ours: &[Duration], alone: &[Duration]) -> f64 {
    median(
        ours.iter()
            .zip(alone)
            .map(|(o, a)| o.as_secs_f64() / a.as_secs_f64())
            .collect(),
    )
}

fn line(what: &str, d: Duration, mb: f64, n: usize) {
    let s = d.as_secs_f64();
    println!(
        "  {what:<46} {s:>7.3} s  {:>7.2} MB/s  {:>10.0} statements/s",
        mb / s,
        n as f64 / s
    );
}

/// The summary table at `threads` rayon threads.
fn summary(threads: usize, script: &str, native: &[String], native_script: &str, total: usize) {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("rayon pool");
    let (mb, native_mb) = (script.len() as f64 / 1e6, native_script.len() as f64 / 1e6);
    pool.install(|| {
        let mut alone = || {
            black_box(sqlparser_alone(black_box(native)));
        };
        let mut check_native = || {
            black_box(check_script(black_box(native_script)));
        };
        let mut validate_native = || {
            black_box(validate_script(black_box(native_script)));
        };
        let mut check_all = || {
            black_box(check_script(black_box(script)));
        };
        let mut validate_all = || {
            black_box(validate_script(black_box(script)));
        };
        let runs = rounds(
            &mut [
                &mut alone,
                &mut check_native,
                &mut validate_native,
                &mut check_all,
                &mut validate_all,
            ],
            7,
        );
        let m = |i: usize| median(runs[i].clone());
        println!("rayon threads: {threads} (median of 7 rounds)");
        line("check_script, whole package", m(3), mb, total);
        line("validate_script, whole package", m(4), mb, total);
        let n = native.len();
        line("check_script, sqlparser-parsable", m(1), native_mb, n);
        line("validate_script, sqlparser-parsable", m(2), native_mb, n);
        line("sqlparser alone, parse_sql per statement", m(0), native_mb, n);
        println!(
            "  ratio on the same statements, same threads, median of the rounds' ratios (target <= 1.5x): check_script {:.2}x, validate_script {:.2}x",
            paired_ratio(&runs[1], &runs[0]),
            paired_ratio(&runs[2], &runs[0])
        );
    });
}

fn bench(c: &mut Criterion) {
    let script = package();
    let report = validate_script(&script);
    assert!(
        report.is_clean(),
        "synthetic package must be valid: {:?}",
        report.diagnostics.first()
    );
    let total = report.statements.len();
    // The statements sqlparser parses natively, as separate texts and as one script.
    let native: Vec<String> = report
        .statements
        .iter()
        .filter(|c| matches!(c.stmt, Typed::Sql(_)))
        .map(|c| c.text.to_string())
        .collect();
    drop(report);
    let native_script: String = native.iter().map(|s| format!("{s};\n")).collect();
    assert!(check_script(&native_script).is_clean());
    println!(
        "package: {TENANTS} tenants, {total} statements, {:.1} MB; sqlparser parses {} of them ({:.1} MB)",
        script.len() as f64 / 1e6,
        native.len(),
        native_script.len() as f64 / 1e6
    );
    for threads in [1, rayon::current_num_threads()] {
        summary(threads, &script, &native, &native_script, total);
    }

    let mut g = c.benchmark_group("validate");
    g.sample_size(10)
        .measurement_time(Duration::from_secs(8))
        .warm_up_time(Duration::from_secs(1));
    g.throughput(Throughput::Bytes(script.len() as u64));
    g.bench_function("check_script/package", |b| {
        b.iter(|| check_script(black_box(&script)))
    });
    g.bench_function("validate_script/package", |b| {
        b.iter(|| validate_script(black_box(&script)))
    });
    g.throughput(Throughput::Bytes(native_script.len() as u64));
    g.bench_function("check_script/sqlparser_subset", |b| {
        b.iter(|| check_script(black_box(&native_script)))
    });
    g.bench_function("sqlparser_alone/sqlparser_subset", |b| {
        b.iter(|| sqlparser_alone(black_box(&native)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
