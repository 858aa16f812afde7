//! Liveness, readiness and metrics: what load balancers and monitoring ask.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use panah_app::Readiness;
use serde::Serialize;
use utoipa::ToSchema;

use crate::AppState;
use crate::error::{ApiError, Problem};

/// The body of a successful health or readiness check.
#[derive(Debug, Serialize, ToSchema)]
pub struct Status {
    /// `ok` for liveness, `ready` for readiness.
    pub status: &'static str,
}

/// Liveness: the process is up and answering.
#[utoipa::path(get, path = "/healthz", operation_id = "healthz", tag = "operations",
    responses((status = 200, description = "The process is alive", body = Status)))]
pub async fn healthz() -> Json<Status> {
    Json(Status { status: "ok" })
}

/// Readiness: the database answers and holds exactly this binary's migrations.
#[utoipa::path(get, path = "/readyz", operation_id = "readyz", tag = "operations",
    responses(
        (status = 200, description = "Ready to serve", body = Status),
        (status = 503, description = "Not ready (code `not_ready`)", body = Problem,
            content_type = "application/problem+json"),
    ))]
pub async fn readyz(State(state): State<AppState>) -> Result<Json<Status>, ApiError> {
    let detail = match state.app.readiness().await {
        Ok(Readiness::Ready) => return Ok(Json(Status { status: "ready" })),
        Ok(Readiness::MigrationsPending) => "The database needs migrating: run `panah migrate`.",
        Ok(Readiness::MigrationsUnknown) => {
            "The database was migrated by another version of Panah."
        }
        Ok(Readiness::MigrationFailed) => "A database migration failed part-way.",
        Err(error) => {
            tracing::warn!(%error, "readiness check: database unreachable");
            "The database does not answer."
        }
    };
    Err(ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "not_ready",
        detail,
    ))
}

/// Prometheus metrics: request counts and latency histograms by method, route and status.
#[utoipa::path(get, path = "/metrics", operation_id = "metrics", tag = "operations",
    responses((status = 200, description = "Prometheus text exposition format",
        body = String, content_type = "text/plain")))]
pub async fn metrics() -> impl IntoResponse {
    let handle = crate::observe::prometheus();
    handle.run_upkeep();
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        handle.render(),
    )
}
