//! Wall time of `apply` for about 10,000 statements of a generated package against the fake
//! Snowflake server answering each statement after 20 ms, with 1 session and with 16.
//! Run: `cargo bench --bench apply` (add `--profile dev` to skip the release build: the run is
//! bound by the 20 ms round trips). Figures are recorded in docs/apply.md.

#[path = "../tests/support/fake_snowflake.rs"]
mod fake_snowflake;

use std::time::Duration;

use snowtenant::apply::{self, connection::Auth, progress::Mode};
use snowtenant::diag::SourceFile;

const TENANTS: usize = 575;
const ROUND_TRIP_MS: u64 = 20;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(run());
}

async fn run() {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = SourceFile::new("generated.yaml", snowtenant::spec::generate(TENANTS));
    let package = snowtenant::build::compile(&spec).expect("generated specs are valid");
    let input = dir.path().join("dist");
    snowtenant::package::write_atomically(&input, &package.files).expect("write package");
    let loaded = apply::source::load(&input).expect("package loads");
    let depth = apply::graph::build(&loaded).depth();
    println!(
        "{} statements ({TENANTS} tenants), longest dependency chain {depth}, {ROUND_TRIP_MS} ms per round trip",
        loaded.steps.len()
    );
    let sessions: Vec<usize> = std::env::var("APPLY_BENCH_SESSIONS")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![16, 1]);
    let mut times: Vec<(usize, Duration)> = Vec::new();
    for n in sessions {
        let server = fake_snowflake::FakeSnowflake::start().await;
        server.delay_ms(ROUND_TRIP_MS);
        let settings = apply::Settings {
            name: "bench".into(),
            account: "benchacct".into(),
            user: "deployer".into(),
            auth: Auth::Password("secret".into()),
            role: None,
            warehouse: None,
            database: None,
            schema: None,
            endpoint: Some(server.endpoint()),
        };
        let mut options = apply::Options::new(
            input.clone(),
            settings,
            dir.path().join(format!("journal-{n}.jsonl")),
        );
        options.sessions = n;
        options.progress = Mode::Quiet;
        let report = apply::apply(&options).await.expect("apply");
        assert!(report.failures.is_empty(), "{:?}", report.failures);
        assert_eq!(report.ran, report.total);
        println!(
            "sessions {n:>2}: {:>7.1} s wall, {} statements + {} USE switches, {:.0} statements/s",
            report.elapsed.as_secs_f64(),
            report.ran,
            report.context_switches,
            report.ran as f64 / report.elapsed.as_secs_f64()
        );
        times.push((n, report.elapsed));
    }
    if let (Some(one), Some(sixteen)) = (
        times.iter().find(|(n, _)| *n == 1),
        times.iter().find(|(n, _)| *n == 16),
    ) {
        println!(
            "speed-up with 16 sessions: {:.1}x",
            one.1.as_secs_f64() / sixteen.1.as_secs_f64()
        );
    }
}
