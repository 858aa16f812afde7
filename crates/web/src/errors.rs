//! How the pages say no: the error pages (404, 403, 500 …) rendered in the visitor's
//! language, and the one mapping of the app's refusals to them.

use askama::Template;
use askama_web::WebTemplate;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use panah_app::AppError;
use panah_domain::Language;
use uuid::Uuid;

use crate::ui::Ui;

/// An error page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ErrorPage {
    /// Unknown, or outside what the visitor may see (the two look the same).
    NotFound,
    /// The method is not one the page answers.
    MethodNotAllowed,
    /// The visitor may not do this, or the form did not come from our own page.
    Forbidden,
    /// The request makes no sense (a form that is not one of ours).
    BadRequest,
    /// Someone acted on the record since the page was read, or its state no longer
    /// allows what the form asked: open it again and see where it stands.
    Changed,
    /// Too busy or the database is unreachable: try again in a moment.
    Unavailable,
    /// Something failed that no rule explains; the log has it under this id.
    Internal(Uuid),
}

impl ErrorPage {
    /// The page's status.
    pub(crate) fn status(&self) -> StatusCode {
        match self {
            ErrorPage::NotFound => StatusCode::NOT_FOUND,
            ErrorPage::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ErrorPage::Forbidden => StatusCode::FORBIDDEN,
            ErrorPage::BadRequest => StatusCode::BAD_REQUEST,
            ErrorPage::Changed => StatusCode::CONFLICT,
            ErrorPage::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            ErrorPage::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The page for a refusal of the app that no page handles itself.
    pub(crate) fn from_app(error: AppError) -> ErrorPage {
        match error {
            AppError::NotFound => ErrorPage::NotFound,
            AppError::Denied | AppError::WrongParty | AppError::PasswordChangeRequired => {
                ErrorPage::Forbidden
            }
            AppError::Busy | AppError::Unavailable | AppError::TooManyAttempts { .. } => {
                ErrorPage::Unavailable
            }
            // A page that cannot put these next to its form's fields still owes the
            // visitor a plain answer: they are the visitor's to act on, not failures.
            AppError::VersionMismatch | AppError::Conflict(_) | AppError::InvalidTransition(_) => {
                ErrorPage::Changed
            }
            AppError::Invalid(_)
            | AppError::ConsentRequired { .. }
            | AppError::CurrencyMismatch { .. } => ErrorPage::BadRequest,
            other => internal(&other),
        }
    }
}

/// Logs `error` under a new id and returns the page naming only that id.
pub(crate) fn internal(error: &dyn std::error::Error) -> ErrorPage {
    let id = Uuid::now_v7();
    tracing::error!(error_id = %id, %error, "a page failed");
    ErrorPage::Internal(id)
}

/// Why a handler did not show its page: an error page, or somewhere else to go first.
#[derive(Debug)]
pub(crate) enum PageError {
    /// Show this error page.
    Show(ErrorPage),
    /// Go to this page of ours (303 See Other).
    Redirect(&'static str),
}

impl From<ErrorPage> for PageError {
    fn from(page: ErrorPage) -> PageError {
        PageError::Show(page)
    }
}

impl From<AppError> for PageError {
    fn from(error: AppError) -> PageError {
        match error {
            // Ended meanwhile (signed out elsewhere, disabled): sign in again.
            AppError::SessionEnded => PageError::Redirect("/sign-in"),
            // Every page but the password page sends there until it is done.
            AppError::PasswordChangeRequired => PageError::Redirect("/password"),
            other => PageError::Show(ErrorPage::from_app(other)),
        }
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        match self {
            PageError::Show(page) => page.into_response(),
            PageError::Redirect(to) => Redirect::to(to).into_response(),
        }
    }
}

/// An error page.
#[derive(Template, WebTemplate)]
#[template(path = "error.html")]
struct ErrorTemplate {
    ui: Ui,
    title: String,
    explanation: String,
    error_id: Option<String>,
}

/// Renders `page` in `language`, with its status. Error pages show no header of the
/// signed-in person: they may come from a request whose session could not be read.
pub(crate) fn render_error(page: ErrorPage, language: Language) -> Response {
    let ui = Ui::bare(language);
    let (title, explanation) = match page {
        ErrorPage::NotFound | ErrorPage::MethodNotAllowed => {
            ("error-not-found-title", "error-not-found-text")
        }
        ErrorPage::Forbidden => ("error-forbidden-title", "error-forbidden-text"),
        ErrorPage::BadRequest => ("error-bad-request-title", "error-bad-request-text"),
        ErrorPage::Changed => ("error-changed-title", "error-changed-text"),
        ErrorPage::Unavailable => ("error-unavailable-title", "error-unavailable-text"),
        ErrorPage::Internal(_) => ("error-internal-title", "error-internal-text"),
    };
    let error_id = match page {
        ErrorPage::Internal(id) => Some(id.to_string()),
        _ => None,
    };
    let template = ErrorTemplate {
        title: ui.t(title),
        explanation: ui.t(explanation),
        ui,
        error_id,
    };
    (page.status(), template).into_response()
}

#[cfg(test)]
mod tests {
    use panah_app::Conflict;

    use super::*;

    #[test]
    fn a_refusal_the_visitor_can_act_on_is_never_an_internal_error() {
        for error in [
            AppError::VersionMismatch,
            AppError::Conflict(Conflict::UsernameTaken),
            AppError::InvalidTransition("already sent".into()),
        ] {
            let page = ErrorPage::from_app(error);
            assert_eq!(page, ErrorPage::Changed);
            assert_eq!(page.status(), StatusCode::CONFLICT);
        }
        let invalid = ErrorPage::from_app(AppError::invalid("name", "is empty"));
        assert_eq!(invalid, ErrorPage::BadRequest);
        assert!(matches!(
            ErrorPage::from_app(AppError::Internal("disk full".into())),
            ErrorPage::Internal(_)
        ));
    }
}
