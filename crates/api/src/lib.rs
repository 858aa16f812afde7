//! Panah's HTTP API: the axum [`Router`], its extractors and handlers, problem+json errors
//! and the OpenAPI document generated from the handlers.
//!
//! This is the only crate that knows HTTP and JSON. [`router`] builds the whole
//! application, so tests can drive it without a socket.

mod error;
mod health;
mod json;
mod observe;
#[cfg(test)]
mod tests;

use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware;
use panah_persistence::Store;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use utoipa_swagger_ui::SwaggerUi;

pub use error::{ApiError, FieldError, PROBLEM_JSON, Problem, problem_for_bare_errors};
pub use json::ApiJson;
pub use observe::{RequestId, prometheus, spawn_metrics_upkeep};

/// The largest request body any endpoint accepts unless it says otherwise.
pub const BODY_LIMIT_BYTES: usize = 256 * 1024;

/// Where the OpenAPI document is served.
pub const OPENAPI_PATH: &str = "/api/v1/openapi.json";

/// What every handler shares. Cheap to clone.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The database.
    pub store: Store,
    /// How long a request may take before it is answered 503.
    pub request_timeout: Duration,
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Panah",
        description = "Case management for counter-trafficking work under the IOM – Ministry of \
            Interior cooperation framework. Errors are application/problem+json with a stable `code`.",
    ),
    components(schemas(Problem, FieldError)),
    tags((name = "operations", description = "Health, readiness and metrics")),
)]
struct ApiDoc;

/// Builds the application: every route, the OpenAPI document and API reference page, and
/// the middleware that every request passes through.
pub fn router(state: AppState) -> Router {
    // Install the metrics recorder now, so the first requests are counted too.
    observe::prometheus();
    let (routes, openapi) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(health::healthz))
        .routes(routes!(health::readyz))
        .routes(routes!(health::metrics))
        .split_for_parts();
    let request_timeout = state.request_timeout;
    let app = routes
        .merge(SwaggerUi::new("/api/docs").url(OPENAPI_PATH, openapi))
        .with_state(state);
    with_middleware(app, request_timeout)
}

/// Wraps an application in what every request passes through: problem+json for every
/// error, the body limit, the timeout, security headers and observability.
fn with_middleware(app: Router, request_timeout: Duration) -> Router {
    app.fallback(|| async { ApiError::not_found() })
        .method_not_allowed_fallback(|| async {
            ApiError::for_status(StatusCode::METHOD_NOT_ALLOWED)
        })
        // Layers run bottom-up for requests: the last one added sees the request first.
        .layer(DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT_BYTES))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            request_timeout,
        ))
        .layer(middleware::map_response(problem_for_bare_errors))
        .layer(security_header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(security_header(header::REFERRER_POLICY, "no-referrer"))
        .layer(security_header(header::CACHE_CONTROL, "no-store"))
        .layer(security_header(header::X_FRAME_OPTIONS, "DENY"))
        .layer(security_header(
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; \
             frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
        ))
        .layer(middleware::from_fn(observe::observe))
}

fn security_header(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value))
}
