//! Per-request observability: a request id, a trace span, one log line and the Prometheus
//! metrics. Only the matched route template is recorded, never the URI (it could carry an
//! id someone typed) and never a body.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use tracing::Instrument;
use uuid::Uuid;

pub use panah_app::RequestId;

/// The route label for requests that matched no route.
const UNMATCHED: &str = "unmatched";

/// Middleware: gives the request an id (in its extensions and the `x-request-id` response
/// header), a span, logs its outcome and records metrics. Wraps the web pages' routes as
/// well as the API's, so both doors are observed alike.
pub async fn observe(mut request: Request, next: Next) -> Response {
    let started = Instant::now();
    let request_id = RequestId(Uuid::now_v7());
    request.extensions_mut().insert(request_id);
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or(UNMATCHED.to_owned(), |path| path.as_str().to_owned());
    let method = request.method().clone();
    let span = tracing::info_span!(
        "request",
        request_id = %request_id.0,
        method = %method,
        route = %route,
    );
    let mut response = next.run(request).instrument(span.clone()).await;
    let status = response.status().as_u16();
    let elapsed = started.elapsed();
    span.in_scope(|| {
        tracing::info!(
            status,
            latency_ms = elapsed.as_secs_f64() * 1000.0,
            "answered"
        );
    });
    let labels = [
        ("method", method.to_string()),
        ("route", route),
        ("status", status.to_string()),
    ];
    metrics::counter!("http_requests_total", &labels).increment(1);
    metrics::histogram!("http_request_duration_seconds", &labels).record(elapsed.as_secs_f64());
    if let Ok(value) = HeaderValue::from_str(&request_id.0.to_string()) {
        response.headers_mut().insert("x-request-id", value);
    }
    response
}

/// The process-wide Prometheus recorder's handle, installing the recorder on first use.
/// Metrics are process-wide by nature of the `metrics` facade.
pub fn prometheus() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let builder = PrometheusBuilder::new()
            .set_buckets_for_metric(
                Matcher::Full("http_request_duration_seconds".to_owned()),
                &[
                    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
                ],
            )
            .unwrap_or_else(|_| PrometheusBuilder::new());
        let recorder = builder.build_recorder();
        let handle = recorder.handle();
        // Fails only if another recorder was installed first; ours then stays empty,
        // which the metrics test would notice.
        let _ = metrics::set_global_recorder(recorder);
        handle
    })
}

/// Drains the recorder's histogram samples into their buckets every `period`, so memory
/// stays bounded when nobody scrapes `/metrics`. Runs until the runtime stops.
pub fn spawn_metrics_upkeep(period: Duration) {
    let handle = prometheus();
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(period);
        loop {
            interval.tick().await;
            handle.run_upkeep();
        }
    });
}
