//! Validator throughput on a synthetic 10,000-tenant package, against sqlparser alone.
//!
//! `cargo bench --bench validate` prints, before criterion's own report, one summary line per
//! measurement (MB/s, statements/s) and the ratio ours / sqlparser-alone on the statements
//! sqlparser can parse. Figures are recorded in `docs/validator.md`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use snowtenant::sqlcheck::{Typed, validate_script};
use sqlparser::dialect::SnowflakeDialect;
use sqlparser::parser::Parser;

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

/// sqlparser alone: one `parse_sql` per statement it can parse (the baseline the issue sets).
fn sqlparser_alone(stmts: &[String]) -> usize {
    stmts
        .iter()
        .filter(|s| Parser::parse_sql(&SnowflakeDialect {}, s).is_ok())
        .count()
}

fn time<F: FnMut()>(mut f: F) -> Duration {
    f(); // warm up
    let runs = 3;
    let start = Instant::now();
    for _ in 0..runs {
        f();
    }
    start.elapsed() / runs
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
        .map(|c| c.text.clone())
        .collect();
    let native_script: String = native.iter().map(|s| format!("{s};\n")).collect();
    let mb = script.len() as f64 / 1e6;
    let native_mb = native_script.len() as f64 / 1e6;

    let ours_all = time(|| {
        black_box(validate_script(black_box(&script)));
    });
    let ours_native = time(|| {
        black_box(validate_script(black_box(&native_script)));
    });
    let alone = time(|| {
        black_box(sqlparser_alone(black_box(&native)));
    });
    let line = |what: &str, d: Duration, mb: f64, n: usize| {
        let s = d.as_secs_f64();
        println!(
            "{what:<48} {s:>7.3} s  {:>7.2} MB/s  {:>10.0} statements/s",
            mb / s,
            n as f64 / s
        );
    };
    println!(
        "package: {TENANTS} tenants, {total} statements, {mb:.1} MB; sqlparser parses {} of them",
        native.len()
    );
    line("validate_script, whole package", ours_all, mb, total);
    line(
        "validate_script, sqlparser-parsable statements",
        ours_native,
        native_mb,
        native.len(),
    );
    line(
        "sqlparser alone (parse_sql per statement)",
        alone,
        native_mb,
        native.len(),
    );
    println!(
        "ratio ours/sqlparser on the same statements: {:.2}x (target <= 1.5x); rayon threads: {}",
        ours_native.as_secs_f64() / alone.as_secs_f64(),
        rayon::current_num_threads()
    );

    let mut g = c.benchmark_group("validate");
    g.sample_size(10)
        .measurement_time(Duration::from_secs(8))
        .warm_up_time(Duration::from_secs(1));
    g.throughput(Throughput::Bytes(script.len() as u64));
    g.bench_function("validate_script/package", |b| {
        b.iter(|| validate_script(black_box(&script)))
    });
    g.throughput(Throughput::Bytes(native_script.len() as u64));
    g.bench_function("validate_script/sqlparser_subset", |b| {
        b.iter(|| validate_script(black_box(&native_script)))
    });
    g.bench_function("sqlparser_alone/sqlparser_subset", |b| {
        b.iter(|| sqlparser_alone(black_box(&native)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
