//! Prometheus text metrics. Counters are fixed arrays of atomics indexed by route, status and reason, so
//! recording a request is a few relaxed atomic adds: no lock and no allocation on the hot path.

use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::Duration;

use super::error::Reason;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    Tokens,
    EmbedDashboard,
    SnowflakeEmbedUrl,
    Healthz,
    Metrics,
    Other,
}

impl Route {
    const ALL: [Route; 6] = [
        Route::Tokens,
        Route::EmbedDashboard,
        Route::SnowflakeEmbedUrl,
        Route::Healthz,
        Route::Metrics,
        Route::Other,
    ];

    /// Classifies by path only, so unknown paths share one label (no label-cardinality attack).
    pub fn of(path: &str) -> Route {
        match path {
            "/v1/tokens" => Route::Tokens,
            "/embed-dashboard" => Route::EmbedDashboard,
            "/v1/snowflake/embed-url" => Route::SnowflakeEmbedUrl,
            "/healthz" => Route::Healthz,
            "/metrics" => Route::Metrics,
            _ => Route::Other,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Route::Tokens => "/v1/tokens",
            Route::EmbedDashboard => "/embed-dashboard",
            Route::SnowflakeEmbedUrl => "/v1/snowflake/embed-url",
            Route::Healthz => "/healthz",
            Route::Metrics => "/metrics",
            Route::Other => "other",
        }
    }
}

/// Why hyper closed a connection before any request reached the router.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnClose {
    /// Request head over the size or field-count limit: hyper answered 431.
    HeaderTooLarge,
    /// Request head not complete within the header read timeout: dropped (slowloris).
    HeaderTimeout,
}

const STATUSES: [u16; 14] = [
    200, 202, 400, 401, 403, 404, 405, 408, 413, 415, 429, 431, 500, 503,
];
const N_STATUS: usize = STATUSES.len() + 1; // + "other"
/// Latency bucket upper bounds in microseconds.
const BUCKETS_US: [u64; 14] = [
    50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 1_000_000,
    5_000_000,
];
const N_ROUTES: usize = Route::ALL.len();

pub struct Metrics {
    requests: [[AtomicU64; N_STATUS]; N_ROUTES],
    buckets: [[AtomicU64; BUCKETS_US.len()]; N_ROUTES],
    count: [AtomicU64; N_ROUTES],
    sum_us: [AtomicU64; N_ROUTES],
    rejections: Vec<AtomicU64>,
    reloads_ok: AtomicU64,
    reloads_failed: AtomicU64,
    closed_header_too_large: AtomicU64,
    closed_header_timeout: AtomicU64,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics {
            requests: std::array::from_fn(|_| std::array::from_fn(|_| AtomicU64::new(0))),
            buckets: std::array::from_fn(|_| std::array::from_fn(|_| AtomicU64::new(0))),
            count: std::array::from_fn(|_| AtomicU64::new(0)),
            sum_us: std::array::from_fn(|_| AtomicU64::new(0)),
            rejections: Reason::ALL.iter().map(|_| AtomicU64::new(0)).collect(),
            reloads_ok: AtomicU64::new(0),
            reloads_failed: AtomicU64::new(0),
            closed_header_too_large: AtomicU64::new(0),
            closed_header_timeout: AtomicU64::new(0),
        }
    }
}

impl Metrics {
    pub fn record(&self, route: Route, status: u16, elapsed: Duration, rejection: Option<Reason>) {
        let r = route as usize;
        let s = STATUSES
            .iter()
            .position(|&x| x == status)
            .unwrap_or(STATUSES.len());
        self.requests[r][s].fetch_add(1, Relaxed);
        let us = elapsed.as_micros().min(u64::MAX as u128) as u64;
        // Cumulative buckets are summed at render time; each request touches one bucket.
        if let Some(b) = BUCKETS_US.iter().position(|&ub| us <= ub) {
            self.buckets[r][b].fetch_add(1, Relaxed);
        }
        self.count[r].fetch_add(1, Relaxed);
        self.sum_us[r].fetch_add(us, Relaxed);
        if let Some(reason) = rejection {
            self.rejections[reason.index()].fetch_add(1, Relaxed);
        }
    }

    /// A connection hyper closed itself; a 431 also counts as a request of route `other`.
    pub fn connection_closed(&self, why: ConnClose) {
        match why {
            ConnClose::HeaderTooLarge => {
                self.closed_header_too_large.fetch_add(1, Relaxed);
                self.record(Route::Other, 431, Duration::ZERO, None);
            }
            ConnClose::HeaderTimeout => {
                self.closed_header_timeout.fetch_add(1, Relaxed);
            }
        }
    }

    pub fn reload(&self, ok: bool) {
        if ok {
            &self.reloads_ok
        } else {
            &self.reloads_failed
        }
        .fetch_add(1, Relaxed);
    }

    pub fn render(&self) -> String {
        let mut o = String::with_capacity(8192);
        o.push_str("# HELP snowtenant_embed_requests_total Requests by route and status.\n");
        o.push_str("# TYPE snowtenant_embed_requests_total counter\n");
        for route in Route::ALL {
            for (i, c) in self.requests[route as usize].iter().enumerate() {
                let n = c.load(Relaxed);
                if n == 0 {
                    continue;
                }
                let status = STATUSES
                    .get(i)
                    .map_or("other".to_string(), |s| s.to_string());
                let _ = writeln!(
                    o,
                    "snowtenant_embed_requests_total{{route=\"{}\",status=\"{status}\"}} {n}",
                    route.label()
                );
            }
        }
        o.push_str("# HELP snowtenant_embed_request_duration_seconds Request latency.\n");
        o.push_str("# TYPE snowtenant_embed_request_duration_seconds histogram\n");
        for route in Route::ALL {
            let r = route as usize;
            let mut cum = 0;
            for (i, ub) in BUCKETS_US.iter().enumerate() {
                cum += self.buckets[r][i].load(Relaxed);
                let _ = writeln!(
                    o,
                    "snowtenant_embed_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {cum}",
                    route.label(),
                    *ub as f64 / 1e6
                );
            }
            let count = self.count[r].load(Relaxed);
            let _ = writeln!(
                o,
                "snowtenant_embed_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {count}",
                route.label()
            );
            let _ = writeln!(
                o,
                "snowtenant_embed_request_duration_seconds_sum{{route=\"{}\"}} {}",
                route.label(),
                self.sum_us[r].load(Relaxed) as f64 / 1e6
            );
            let _ = writeln!(
                o,
                "snowtenant_embed_request_duration_seconds_count{{route=\"{}\"}} {count}",
                route.label()
            );
        }
        o.push_str("# HELP snowtenant_embed_rejections_total Refused requests by reason.\n");
        o.push_str("# TYPE snowtenant_embed_rejections_total counter\n");
        for reason in Reason::ALL {
            let _ = writeln!(
                o,
                "snowtenant_embed_rejections_total{{reason=\"{}\"}} {}",
                reason.code(),
                self.rejections[reason.index()].load(Relaxed)
            );
        }
        o.push_str("# HELP snowtenant_embed_config_reloads_total Config reloads by outcome.\n");
        o.push_str("# TYPE snowtenant_embed_config_reloads_total counter\n");
        let _ = writeln!(
            o,
            "snowtenant_embed_config_reloads_total{{outcome=\"ok\"}} {}",
            self.reloads_ok.load(Relaxed)
        );
        let _ = writeln!(
            o,
            "snowtenant_embed_config_reloads_total{{outcome=\"failed\"}} {}",
            self.reloads_failed.load(Relaxed)
        );
        o.push_str("# HELP snowtenant_embed_connections_closed_total Connections closed before a request reached the service, by reason.\n");
        o.push_str("# TYPE snowtenant_embed_connections_closed_total counter\n");
        let _ = writeln!(
            o,
            "snowtenant_embed_connections_closed_total{{reason=\"header_too_large\"}} {}",
            self.closed_header_too_large.load(Relaxed)
        );
        let _ = writeln!(
            o,
            "snowtenant_embed_connections_closed_total{{reason=\"header_timeout\"}} {}",
            self.closed_header_timeout.load(Relaxed)
        );
        o
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counts_and_histogram() {
        let m = Metrics::default();
        m.record(Route::EmbedDashboard, 200, Duration::from_micros(300), None);
        m.record(
            Route::EmbedDashboard,
            401,
            Duration::from_micros(40),
            Some(Reason::TokenExpired),
        );
        let t = m.render();
        assert!(t.contains(
            "snowtenant_embed_requests_total{route=\"/embed-dashboard\",status=\"200\"} 1"
        ));
        assert!(t.contains("snowtenant_embed_rejections_total{reason=\"token_expired\"} 1"));
        assert!(t.contains("snowtenant_embed_request_duration_seconds_bucket{route=\"/embed-dashboard\",le=\"0.0005\"} 2"));
        assert!(t.contains(
            "snowtenant_embed_request_duration_seconds_count{route=\"/embed-dashboard\"} 2"
        ));
    }
}
