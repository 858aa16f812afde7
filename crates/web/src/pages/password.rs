//! `/password`: changing one's own password — and the page every other page sends to
//! while the one-time password of a new account is still in use.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use panah_app::AppError;
use panah_domain::FieldProblem;
use serde::Deserialize;

use super::PageForm;
use crate::WebState;
use crate::errors::PageError;
use crate::problems;
use crate::ui::Ui;
use crate::visit::Visit;

#[derive(Template, WebTemplate)]
#[template(path = "password.html")]
struct PasswordPage {
    ui: Ui,
    /// Whether the password must be changed before anything else.
    required: bool,
    /// Each field's problem, in the page's language. Passwords are never shown again.
    problems: HashMap<&'static str, String>,
}

/// The page for `visit`'s signed-in person, or the way to the sign-in page.
fn page(
    state: &WebState,
    visit: &Visit,
    problems: HashMap<&'static str, String>,
) -> Result<PasswordPage, PageError> {
    let session = visit
        .session
        .as_ref()
        .ok_or(PageError::Redirect("/sign-in"))?;
    // The header shows the session's own account: reading it through the app would be
    // refused until the password is changed, which is what this page is for.
    let user = session.actor.signed_in();
    Ok(PasswordPage {
        ui: Ui::new(&state.app, visit, user),
        required: user.is_some_and(|u| u.password_change_required),
        problems,
    })
}

/// `GET /password`.
pub(crate) async fn show(
    State(state): State<WebState>,
    visit: Visit,
) -> Result<Response, PageError> {
    Ok(page(&state, &visit, HashMap::new())?.into_response())
}

/// The password form.
#[derive(Debug, Deserialize)]
pub(crate) struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    new_password_again: String,
}

/// The fields of the form, by the names the app gives its problems.
const FIELDS: &[&str] = &["current_password", "new_password", "new_password_again"];

/// `POST /password`: through the app (throttled, audited, every other session ended);
/// then the dashboard.
pub(crate) async fn submit(
    State(state): State<WebState>,
    visit: Visit,
    PageForm(form): PageForm<PasswordForm>,
) -> Result<Response, PageError> {
    let session = visit
        .session
        .as_ref()
        .ok_or(PageError::Redirect("/sign-in"))?;
    // Typing the new password twice guards against a typing slip locking someone out;
    // it is the form's own check, not a rule of passwords.
    if form.new_password != form.new_password_again {
        let problem = FieldProblem::coded("new_password_again", "passwords_differ", "differs");
        return refused(&state, &visit, &[problem]);
    }
    let changed = state
        .app
        .change_own_password(
            &session.actor,
            form.current_password,
            &form.new_password,
            &visit.client,
            visit.now,
        )
        .await;
    match changed {
        Ok(()) => Ok(Redirect::to("/?changed=password").into_response()),
        Err(AppError::Invalid(problems)) => refused(&state, &visit, &problems),
        Err(AppError::TooManyAttempts { .. }) => {
            let problem =
                FieldProblem::coded("current_password", "too_many_attempts", "too many attempts");
            refused(&state, &visit, &[problem])
        }
        Err(other) => Err(other.into()),
    }
}

/// The form again, each problem next to its field.
fn refused(state: &WebState, visit: &Visit, found: &[FieldProblem]) -> Result<Response, PageError> {
    let problems = problems::by_field(found, FIELDS, visit.language);
    Ok((
        StatusCode::UNPROCESSABLE_ENTITY,
        page(state, visit, problems)?,
    )
        .into_response())
}
