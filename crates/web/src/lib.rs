//! Panah's web pages for people: server-rendered HTML in English, Dari and Pashto.
//!
//! A door like the API: a handler reads the request, calls one use case of `panah-app`
//! with the signed-in person's actor and the moment, and renders the answer. It decides
//! nothing itself — who may do what, what is valid and what is audited is the app's — and
//! it cannot reach the store, on which it does not depend. Every page works without
//! JavaScript: forms are plain `POST`s answered with a redirect; htmx, when it runs, only
//! makes them smoother.

mod assets;
mod charts;
mod cookies;
mod dates;
mod errors;
mod form;
mod i18n;
mod labels;
mod numbers;
mod organizations;
mod pages;
mod problems;
mod ui;
mod visit;
mod widgets;

use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware;
use axum::routing::{get, post};
use panah_app::App;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

use errors::ErrorPage;
use pages::case_file;

/// The pages' content security policy: everything from this site only, nothing inline
/// (no inline script, no style attribute), no framing, forms only to this site.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; base-uri 'none'; \
    form-action 'self'; frame-ancestors 'none'; object-src 'none'";

/// What every handler shares. Cheap to clone.
#[derive(Debug, Clone)]
pub struct WebState {
    /// The application: every use case, and the only way to the data.
    pub app: App,
}

/// The pages, their assets and the middleware they pass through. Request ids, the log
/// line and metrics are the server's, which wraps this router as it wraps the API's.
pub fn router(app: App, request_timeout: Duration) -> Router {
    let state = WebState { app };
    let pages = Router::new()
        .route("/", get(pages::dashboard::show))
        .route(
            "/sign-in",
            get(pages::sign_in::show).post(pages::sign_in::submit),
        )
        .route("/sign-out", post(pages::sign_in::sign_out))
        .route(
            "/password",
            get(pages::password::show).post(pages::password::submit),
        )
        .route("/language", post(pages::language::switch))
        .route("/cases", get(pages::cases::show).post(pages::cases::search))
        .route(
            "/cases/new",
            get(pages::case_new::show).post(pages::case_new::submit),
        )
        .route("/cases/{id}", get(pages::case_file::show))
        .route("/cases/{id}/status", post(case_file::status::move_to))
        .route("/cases/{id}/assignee", post(case_file::status::assign))
        .route("/cases/{id}/consents", post(case_file::consents::record))
        .route(
            "/cases/{id}/consents/{consent}/withdraw",
            post(case_file::consents::withdraw),
        )
        .route("/cases/{id}/assistance", post(case_file::assistance::log))
        .route(
            "/cases/{id}/assistance/{assistance}/status",
            post(case_file::assistance::change_status),
        )
        .route("/cases/{id}/notes", post(case_file::notes::write))
        .route("/cases/{id}/referrals", post(case_file::referrals::refer))
        .route("/budget-lines", get(case_file::budget_lines::lines))
        .route("/referrals", get(pages::referrals::show))
        .route(
            "/referrals/new",
            get(pages::referral_new::show).post(pages::referral_new::submit),
        )
        .route("/referrals/{id}", get(pages::referral::show))
        .route("/referrals/{id}/actions", post(pages::referral::act))
        .route("/referrals/{id}/forward", post(pages::referral::forward))
        .route(
            "/referrals/{id}/reference",
            post(pages::referral::set_reference),
        )
        .route("/returns/{id}", get(pages::return_case::show))
        .route("/audit", get(pages::audit::show))
        .route("/audit/verify", post(pages::audit::verify))
        .route(
            "/admin/users",
            get(pages::admin_users::list).post(pages::admin_users::create),
        )
        .route("/admin/users/{id}", get(pages::admin_users::show))
        .route(
            "/admin/organizations",
            get(pages::admin_organizations::list).post(pages::admin_organizations::add),
        )
        .route(
            "/admin/users/{id}/roles",
            post(pages::admin_users::change_roles),
        )
        .route(
            "/admin/users/{id}/disabled",
            post(pages::admin_users::change_disabled),
        )
        .route(
            "/admin/users/{id}/password",
            post(pages::admin_users::reset_password),
        )
        .route("/returns/{id}/status", post(pages::return_case::move_to))
        .route(
            "/returns/{id}/visits",
            post(pages::return_case::record_visit),
        )
        .route("/returns/{id}/handover", get(pages::return_case::handover))
        .route("/grants", get(pages::grants::list))
        .route(
            "/grants/new",
            get(pages::grants::new).post(pages::grants::create),
        )
        .route(
            "/grants/{id}/edit",
            get(pages::grants::edit).post(pages::grants::change),
        )
        .route("/grants/{id}/report", get(pages::funding::show))
        .route("/grants/{id}/report/file", get(pages::funding::file))
        .route("/proceedings", get(pages::proceedings::list))
        .route("/proceedings/{id}", get(pages::proceedings::show))
        .route("/proceedings/{id}/moves", post(pages::proceedings::move_to))
        .route(
            "/cases/{id}/proceedings/new",
            get(pages::proceedings::new).post(pages::proceedings::open),
        )
        .route("/trainings", get(pages::trainings::list))
        .route(
            "/trainings/new",
            get(pages::trainings::new).post(pages::trainings::record),
        )
        .route("/trainings/{id}", get(pages::trainings::show))
        .route(
            "/trainings/{id}/edit",
            get(pages::trainings::edit).post(pages::trainings::change),
        )
        .route("/awareness-activities", get(pages::awareness::list))
        .route(
            "/awareness-activities/new",
            get(pages::awareness::new).post(pages::awareness::record),
        )
        .route(
            "/awareness-activities/{id}/edit",
            get(pages::awareness::edit).post(pages::awareness::change),
        )
        .route("/reports/funding", get(pages::funding::donor))
        .route("/reports/funding/file", get(pages::funding::donor_file))
        .fallback(|| async { ErrorPage::NotFound })
        .method_not_allowed_fallback(|| async { ErrorPage::MethodNotAllowed })
        // Pages may not be kept anywhere: they hold personal data.
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(middleware::from_fn_with_state(state.clone(), visit::visit));
    // Assets need no session or language, and set their own caching.
    let app = pages
        .route("/assets/{name}", get(assets::serve))
        .with_state(state);
    // Fonts are compressed already; everything else (pages, CSS, JavaScript) is worth it.
    let compress = DefaultPredicate::new().and(NotForContentType::const_new("font/woff2"));
    app.layer(CompressionLayer::new().compress_when(compress))
        .layer(DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(visit::FORM_LIMIT_BYTES))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            request_timeout,
        ))
        .layer(security_header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(security_header(header::REFERRER_POLICY, "no-referrer"))
        .layer(security_header(header::X_FRAME_OPTIONS, "DENY"))
        .layer(security_header(
            header::CONTENT_SECURITY_POLICY,
            CONTENT_SECURITY_POLICY,
        ))
}

fn security_header(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value))
}
