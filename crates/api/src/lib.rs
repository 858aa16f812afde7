//! Panah's HTTP API: the axum [`Router`], its extractors and handlers, problem+json errors
//! and the OpenAPI document generated from the handlers.
//!
//! This is the only crate that knows HTTP and JSON. [`router`] builds the whole
//! application, so tests can drive it without a socket.

mod audit;
pub mod auth;
mod case_records;
mod cases;
mod dates;
mod error;
pub mod fuzzing;
mod grants;
mod health;
mod idempotency;
mod json;
mod observe;
mod organizations;
mod outreach;
mod prosecution;
mod query;
mod referrals;
mod reports;
mod returns;
#[cfg(test)]
mod tests;
mod timestamp;
mod users;
mod vocabulary;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{NotForContentType, Predicate, SizeAbove};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use utoipa_swagger_ui::SwaggerUi;

pub use error::{ApiError, FieldError, PROBLEM_JSON, Problem, problem_for_bare_errors};
pub use json::ApiJson;
pub use observe::{RequestId, observe, prometheus, spawn_metrics_upkeep};
pub use query::{ApiPath, ApiQuery, Page};

/// The largest request body any endpoint accepts unless it says otherwise.
pub const BODY_LIMIT_BYTES: usize = 256 * 1024;

/// Where the OpenAPI document is served.
pub const OPENAPI_PATH: &str = "/api/v1/openapi.json";

/// Whether a request for `path` is the API's (everything under `/api/`, and the health
/// and metrics endpoints); every other path belongs to the web pages.
pub fn serves(path: &str) -> bool {
    path == "/api"
        || path.starts_with("/api/")
        || matches!(path, "/healthz" | "/readyz" | "/metrics")
}

/// What every handler shares. Cheap to clone.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The application: every use case, and the only way to the data.
    pub app: panah_app::App,
    /// How long a request may take before it is answered 503.
    pub request_timeout: Duration,
    /// Signs and checks access tokens.
    pub tokens: Arc<auth::TokenKeys>,
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Panah",
        description = "Case management for counter-trafficking work under the IOM – Ministry of \
            Interior cooperation framework. Errors are application/problem+json with a stable `code`.",
    ),
    components(
        schemas(Problem, FieldError, error::MissingConsent),
        responses(
            error::Unauthorized,
            error::Forbidden,
            error::PasswordChangeRequired,
            error::BadRequest,
            error::PayloadTooLarge,
            error::UnsupportedMediaType,
            error::ValidationFailed,
        ),
    ),
    modifiers(&BearerSecurity, &Vocabularies),
    tags(
        (name = "operations", description = "Health, readiness and metrics"),
        (name = "auth", description = "Sign-in, tokens, sessions and one's own account"),
        (name = "users", description = "Staff accounts (admins write, auditors read)"),
        (name = "organizations", description = "The organisations of the framework"),
        (name = "cases", description = "Case files: the person, the profile, the workflow"),
        (name = "case records", description = "A case's consents, assistance and notes"),
        (name = "referrals", description = "Referrals between IOM, the Ministry of Interior and partner ministries"),
        (name = "returns", description = "Voluntary return and reintegration, to and from Afghanistan"),
        (name = "prosecution", description = "Laws, and the legal proceedings that follow a case"),
        (name = "capacity building and awareness", description = "Trainings for Ministry and partner staff, and awareness activities with the provincial offices"),
        (name = "grants", description = "Donors' grants and their budget lines"),
        (name = "reports", description = "Funding reports for donors, with small cells suppressed"),
        (name = "audit", description = "The hash-chained audit log (auditors)"),
    ),
)]
struct ApiDoc;

/// Declares the bearer-token scheme that protected operations name.
struct BearerSecurity;

impl utoipa::Modify for BearerSecurity {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

/// Lists every closed vocabulary among the document's schemas.
struct Vocabularies;

impl utoipa::Modify for Vocabularies {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.schemas.extend(vocabulary::schemas());
    }
}

/// The routes behind `authenticate`: every one needs a valid access token and a live
/// session.
fn protected_routes() -> OpenApiRouter<AppState> {
    let mut routes = OpenApiRouter::new()
        .routes(routes!(auth::logout))
        .routes(routes!(auth::password))
        .routes(routes!(auth::me))
        .routes(routes!(users::create, users::list))
        .routes(routes!(users::get, users::update))
        .routes(routes!(organizations::list, organizations::create))
        .routes(routes!(organizations::get))
        .routes(routes!(cases::create, cases::list))
        .routes(routes!(cases::search))
        .routes(routes!(cases::get, cases::update))
        .routes(routes!(
            case_records::consents::record,
            case_records::consents::list
        ))
        .routes(routes!(case_records::consents::get))
        .routes(routes!(case_records::consents::withdraw))
        .routes(routes!(
            case_records::assistance::create,
            case_records::assistance::list
        ))
        .routes(routes!(
            case_records::assistance::get,
            case_records::assistance::update
        ))
        .routes(routes!(
            case_records::notes::create,
            case_records::notes::list
        ))
        .routes(routes!(case_records::notes::get))
        .routes(routes!(referrals::create, referrals::list))
        .routes(routes!(referrals::get, referrals::change))
        .routes(routes!(referrals::transition))
        .routes(routes!(returns::create, returns::list))
        .routes(routes!(returns::get))
        .routes(routes!(returns::transition))
        .routes(routes!(returns::record_visit))
        .routes(routes!(returns::handover))
        .routes(routes!(prosecution::laws))
        .routes(routes!(prosecution::create))
        .routes(routes!(prosecution::list))
        .routes(routes!(prosecution::get))
        .routes(routes!(prosecution::transition))
        .routes(routes!(outreach::create_training, outreach::list_trainings))
        .routes(routes!(outreach::get_training, outreach::update_training))
        .routes(routes!(
            outreach::create_awareness,
            outreach::list_awareness
        ))
        .routes(routes!(outreach::get_awareness, outreach::update_awareness))
        .routes(routes!(grants::create, grants::list))
        .routes(routes!(grants::get, grants::update))
        .routes(routes!(grants::chargeable_lines))
        .routes(routes!(reports::funding))
        .routes(routes!(reports::statistics))
        .routes(routes!(audit::list))
        .routes(routes!(audit::verify));
    document_unauthorized(routes.get_openapi_mut());
    routes
}

/// Adds the 401 that `authenticate` answers to every operation of `openapi`, so that no
/// protected route can be left without it in the document.
fn document_unauthorized(openapi: &mut utoipa::openapi::OpenApi) {
    let unauthorized = utoipa::openapi::Ref::from_response_name("Unauthorized");
    for item in openapi.paths.paths.values_mut() {
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ];
        for operation in operations.into_iter().flatten() {
            operation
                .responses
                .responses
                .insert("401".to_owned(), unauthorized.clone().into());
        }
    }
}

/// Where `/metrics` is served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metrics {
    /// Beside the API, on the main address (the default).
    Here,
    /// On an address of its own ([`metrics_router`]), and not beside the API.
    Apart,
}

/// The routes anyone may call, and the document describing them with `protected`: the
/// document served on an address describes what that address serves.
fn public_routes(protected: OpenApiRouter<AppState>, metrics: Metrics) -> OpenApiRouter<AppState> {
    let routes = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(health::healthz))
        .routes(routes!(health::readyz));
    let routes = match metrics {
        Metrics::Here => routes.routes(routes!(health::metrics)),
        Metrics::Apart => routes,
    };
    let mut routes = routes
        .routes(routes!(auth::login))
        .routes(routes!(auth::refresh))
        .merge(protected);
    document_request_problems(routes.get_openapi_mut());
    routes
}

/// Adds the answers of the body and query extractors to every operation that has a body
/// or query parameters (unless it describes them itself), so that no route can be left
/// without them in the document: a body that is not JSON is 400, too large 413, of
/// another media type 415, and a body or query that does not fit is 422.
fn document_request_problems(openapi: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::path::ParameterIn;
    use utoipa::openapi::{Ref, RefOr};
    for item in openapi.paths.paths.values_mut() {
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ];
        for operation in operations.into_iter().flatten() {
            let has_query = operation.parameters.iter().flatten().any(|parameter| {
                matches!(parameter, RefOr::T(p) if matches!(p.parameter_in, ParameterIn::Query))
            });
            let mut problems = Vec::new();
            if operation.request_body.is_some() {
                problems.extend([
                    ("400", "BadRequest"),
                    ("413", "PayloadTooLarge"),
                    ("415", "UnsupportedMediaType"),
                ]);
            }
            if operation.request_body.is_some() || has_query {
                problems.push(("422", "ValidationFailed"));
            }
            for (status, response) in problems {
                operation
                    .responses
                    .responses
                    .entry(status.to_owned())
                    .or_insert_with(|| Ref::from_response_name(response).into());
            }
        }
    }
}

/// The OpenAPI document of every route, as served at [`OPENAPI_PATH`].
pub fn openapi() -> utoipa::openapi::OpenApi {
    public_routes(protected_routes(), Metrics::Here)
        .split_for_parts()
        .1
}

/// Builds the application: every route, the OpenAPI document and API reference page, and
/// the middleware that every request passes through.
pub fn router(state: AppState) -> Router {
    router_with(state, Metrics::Here)
}

/// Serves only `/metrics`, with the same middleware as the API: for a monitoring address
/// of its own (`metrics.bind`), when [`router_with`] was told [`Metrics::Apart`].
pub fn metrics_router(request_timeout: Duration) -> Router {
    observe::prometheus();
    let app = Router::new().route("/metrics", axum::routing::get(health::metrics));
    with_middleware(app, request_timeout)
}

/// [`router`], with `/metrics` beside the API or not.
pub fn router_with(state: AppState, metrics: Metrics) -> Router {
    // Install the metrics recorder now, so the first requests are counted too.
    observe::prometheus();
    // Route layers run outside-in in reverse order of adding: `authenticate` first, then
    // `idempotency`, which needs the caller.
    let protected = protected_routes()
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            idempotency::idempotency,
        ))
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            auth::authenticate,
        ));
    let (routes, openapi) = public_routes(protected, metrics).split_for_parts();
    let request_timeout = state.request_timeout;
    let app = routes
        .merge(SwaggerUi::new("/api/docs").url(OPENAPI_PATH, openapi))
        .with_state(state);
    with_middleware(app, request_timeout)
}

/// Wraps an application in what every request passes through: problem+json for every
/// error, the body limit, the timeout, security headers, compression and observability.
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
        .layer(compression())
        .layer(middleware::from_fn(observe::observe))
}

/// Compresses a response with brotli or gzip when the client accepts either: field offices
/// are on slow links, and a page of 200 cases shrinks from 62 KB to a fraction of that.
///
/// A body under a kilobyte is sent as it is (it fits in one packet either way), and so are
/// workbooks and images, which are compressed already. Everything else is compressed,
/// `/metrics` included: Prometheus asks for gzip and the text shrinks tenfold.
///
/// Compressing secrets next to text an attacker chose can leak them through the length
/// (BREACH), but only to an attacker who can make the victim's client send authenticated
/// requests: this API's bearer tokens are never sent on their own, as cookies are. Pages
/// signed in with a cookie need that thought again.
fn compression() -> CompressionLayer<impl Predicate> {
    const XLSX: &str = panah_app::ReportFormat::Xlsx.media_type();
    CompressionLayer::new().compress_when(
        SizeAbove::new(1024)
            .and(NotForContentType::IMAGES)
            .and(NotForContentType::const_new(XLSX)),
    )
}

fn security_header(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value))
}
