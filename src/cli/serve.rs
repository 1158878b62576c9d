//! `snowtenant serve`: runs the embed service on a built package.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
#[cfg(feature = "serve")]
use std::sync::Arc;

use clap::Args;

#[cfg(feature = "serve")]
use crate::embed::server;
#[cfg(feature = "serve")]
use crate::embed::state::{AppState, Runtime};

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Package folder written by `snowtenant build` (reads `embed/config.json`).
    #[arg(long)]
    pub package: PathBuf,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", env = "SNOWTENANT_LISTEN")]
    pub listen: SocketAddr,
    /// Worker threads of the async runtime (default: one per CPU). 1 runs everything on a single
    /// thread (no cross-thread wake-ups), which is faster when the server shares a small machine
    /// with other busy processes; see docs/embed.md for measurements.
    #[arg(long, env = "SNOWTENANT_WORKERS", value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub workers: Option<u16>,
    /// A private address serving `/metrics` without a token (and `/healthz`). On the main address
    /// `/metrics` needs the config's `metrics_token`, and does not exist without one.
    #[arg(long, env = "SNOWTENANT_METRICS_LISTEN")]
    pub metrics_listen: Option<SocketAddr>,
    /// A `NAME=value` file read before the environment for `{"env": NAME}` secrets, re-read on
    /// SIGHUP, so env-var secrets rotate without a restart.
    #[arg(long, env = "SNOWTENANT_ENV_FILE")]
    pub env_file: Option<PathBuf>,
    /// `json`: one JSON object per log line (access logs carry client_ip, tenant, user, dashboard,
    /// jti, outcome). `text`: human-readable. Colour only when stderr is a terminal.
    #[arg(long, env = "SNOWTENANT_LOG_FORMAT", value_enum, default_value_t = LogFormat::Json)]
    pub log_format: LogFormat,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Json,
    Text,
}

#[cfg(feature = "serve")]
pub fn run(args: ServeArgs) -> ExitCode {
    init_logging(args.log_format);
    crate::embed::secrets::set_env_file(args.env_file.clone());
    // Secrets are read before the runtime starts, so a bad config exits at once with a clear message.
    let runtime = match Runtime::load(&args.package) {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("snowtenant serve: {e}");
            return ExitCode::from(super::EXIT_INVALID);
        }
    };
    let state = Arc::new(AppState::new(runtime, Some(args.package.clone())));
    let rt = match runtime_builder(args.workers).enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("snowtenant serve: cannot start the async runtime: {e}");
            return ExitCode::from(super::EXIT_INVALID);
        }
    };
    rt.block_on(async move {
        let listener = match tokio::net::TcpListener::bind(args.listen).await {
            Ok(l) => l,
            Err(e) => {
                eprintln!("snowtenant serve: cannot listen on {}: {e}", args.listen);
                return ExitCode::from(super::EXIT_INVALID);
            }
        };
        let addr = listener.local_addr().map(|a| a.to_string()).unwrap_or_default();
        if let Some(m) = args.metrics_listen {
            let ml = match tokio::net::TcpListener::bind(m).await {
                Ok(l) => l,
                Err(e) => {
                    eprintln!("snowtenant serve: cannot listen on {m} (metrics): {e}");
                    return ExitCode::from(super::EXIT_INVALID);
                }
            };
            tracing::info!(listen = %m, "metrics listening");
            let app = server::metrics_router(state.clone());
            // Stops with the process; it holds no request that needs draining.
            tokio::spawn(server::serve_app(ml, app, state.clone(), std::future::pending()));
        }
        tracing::info!(listen = %addr, package = %args.package.display(), "embed service listening");
        server::serve(listener, state.clone(), server::signals(state)).await;
        tracing::info!("stopped");
        ExitCode::SUCCESS
    })
}

/// One worker: a current-thread runtime, where the accept loop and every connection share the thread
/// (signals and the drain work the same). More: a multi-thread runtime with that many workers.
/// Unset: one worker per CPU this process may use (affinity and cgroup quota, as
/// `available_parallelism` reads them), so a one-CPU container gets the current-thread runtime: a
/// multi-thread runtime with one worker paid for its cross-thread queues and wakeups (p99 4.49 ms
/// against 4.19 ms at 64 connections pinned to one core, docs/embed.md).
#[cfg(feature = "serve")]
fn runtime_builder(workers: Option<u16>) -> tokio::runtime::Builder {
    let workers = workers.or_else(|| {
        std::thread::available_parallelism()
            .ok()
            .filter(|n| n.get() == 1)
            .map(|_| 1)
    });
    match workers {
        Some(1) => tokio::runtime::Builder::new_current_thread(),
        Some(n) => {
            let mut b = tokio::runtime::Builder::new_multi_thread();
            b.worker_threads(usize::from(n));
            b
        }
        None => tokio::runtime::Builder::new_multi_thread(),
    }
}

/// Logs to stderr, filtered by `RUST_LOG` (default `info`); ANSI colour only on a terminal, so a
/// log file or collector never gets escape codes.
#[cfg(feature = "serve")]
fn init_logging(format: LogFormat) {
    use std::io::IsTerminal;
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .with_ansi(false)
            .try_init(),
        LogFormat::Text => builder
            .with_ansi(std::io::stderr().is_terminal())
            .try_init(),
    };
}

/// A compile-only build has no embed service: say how to get one.
#[cfg(not(feature = "serve"))]
pub fn run(_args: ServeArgs) -> ExitCode {
    eprintln!(
        "error: this snowtenant was built without the `serve` feature (the embed service); build it \
         with `cargo build --release --features full` (or `--features serve`)"
    );
    ExitCode::from(super::EXIT_USAGE)
}
