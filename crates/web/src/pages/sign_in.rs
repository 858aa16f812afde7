//! `/sign-in` and `/sign-out`: the same sign-in as the API's (one throttling, one audit,
//! one kind of session row), held in a cookie.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use panah_app::{AppError, Credentials};
use serde::Deserialize;

use super::PageForm;
use crate::errors::PageError;
use crate::ui::Ui;
use crate::visit::Visit;
use crate::{WebState, cookies};

#[derive(Template, WebTemplate)]
#[template(path = "sign_in.html")]
struct SignInPage {
    ui: Ui,
    /// The username as typed, shown again after a refusal (never the password).
    username: String,
    /// Why the last attempt was refused.
    notice: Option<String>,
}

/// `GET /sign-in`; someone signed in already goes to their dashboard.
pub(crate) async fn show(State(state): State<WebState>, visit: Visit) -> Response {
    if visit.session.is_some() {
        return Redirect::to("/").into_response();
    }
    SignInPage {
        ui: Ui::new(&state.app, &visit, None),
        username: String::new(),
        notice: None,
    }
    .into_response()
}

/// The sign-in form.
#[derive(Debug, Deserialize)]
pub(crate) struct SignInForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
}

/// `POST /sign-in`: a new session in a new cookie, then the dashboard (which sends to
/// the password page first if the password must be changed).
pub(crate) async fn submit(
    State(state): State<WebState>,
    visit: Visit,
    PageForm(form): PageForm<SignInForm>,
) -> Result<Response, PageError> {
    let credentials = Credentials {
        username: form.username.clone(),
        password: form.password,
    };
    let refusal = match state
        .app
        .sign_in_web(credentials, &visit.client, visit.request_id, visit.now)
        .await
    {
        Ok(signed_in) => {
            let mut response = Redirect::to("/").into_response();
            response.headers_mut().append(
                header::SET_COOKIE,
                cookies::set(cookies::SESSION, &signed_in.cookie_token, None),
            );
            return Ok(response);
        }
        Err(AppError::InvalidCredentials) => (StatusCode::UNAUTHORIZED, "sign-in-wrong", None),
        Err(AppError::TooManyAttempts { retry_after_secs }) => (
            StatusCode::TOO_MANY_REQUESTS,
            "sign-in-too-many",
            Some(retry_after_secs),
        ),
        Err(AppError::Busy) => (StatusCode::SERVICE_UNAVAILABLE, "sign-in-busy", Some(1)),
        Err(other) => return Err(other.into()),
    };
    let (status, message, retry_after) = refusal;
    let ui = Ui::new(&state.app, &visit, None);
    let page = SignInPage {
        notice: Some(ui.t(message)),
        ui,
        username: form.username,
    };
    let mut response = (status, page).into_response();
    if let Some(secs) = retry_after {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    Ok(response)
}

/// `POST /sign-out`: ends the session at once, through the app (audited like the
/// API's), and forgets the cookie.
pub(crate) async fn sign_out(
    State(state): State<WebState>,
    visit: Visit,
) -> Result<Response, PageError> {
    if let Some(session) = &visit.session {
        match state.app.sign_out(&session.actor, visit.now).await {
            Ok(()) | Err(AppError::SessionEnded) => {}
            Err(other) => return Err(other.into()),
        }
    }
    let mut response = Redirect::to("/sign-in").into_response();
    response
        .headers_mut()
        .append(header::SET_COOKIE, cookies::clear(cookies::SESSION));
    Ok(response)
}
