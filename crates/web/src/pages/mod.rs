//! The pages: each module a page or a form, its handlers and its template.

pub(crate) mod activities;
pub(crate) mod admin_organizations;
pub(crate) mod admin_users;
pub(crate) mod audit;
pub(crate) mod awareness;
pub(crate) mod case_file;
pub(crate) mod case_new;
pub(crate) mod cases;
pub(crate) mod dashboard;
pub(crate) mod funding;
pub(crate) mod grants;
pub(crate) mod language;
pub(crate) mod password;
pub(crate) mod proceedings;
pub(crate) mod referral;
pub(crate) mod referral_new;
pub(crate) mod referrals;
pub(crate) mod return_case;
pub(crate) mod sign_in;
pub(crate) mod trainings;

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use panah_app::WebSession;
use panah_domain::User;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::WebState;
use crate::errors::{ErrorPage, PageError};
use crate::visit::Visit;

impl<S: Send + Sync> FromRequestParts<S> for Visit {
    type Rejection = ErrorPage;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        // Every page route is behind the `visit` middleware; a route that is not is a
        // wiring mistake, answered as a failure rather than a panic.
        parts.extensions.get::<Visit>().cloned().ok_or_else(|| {
            crate::errors::internal(&std::io::Error::other(
                "a page route lacks the visit middleware",
            ))
        })
    }
}

/// Someone signed in who may use the pages: a live session, and the one-time password
/// changed (every page but the password page sends there until it is).
#[derive(Debug, Clone)]
pub(crate) struct SignedIn {
    /// The request.
    pub(crate) visit: Visit,
    /// Their session.
    pub(crate) session: WebSession,
    /// Their account, as the app gives it to them.
    pub(crate) user: User,
}

impl FromRequestParts<WebState> for SignedIn {
    type Rejection = PageError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &WebState,
    ) -> Result<Self, Self::Rejection> {
        let visit = Visit::from_request_parts(parts, state).await?;
        let session = visit
            .session
            .clone()
            .ok_or(PageError::Redirect("/sign-in"))?;
        let user = state.app.own_account(&session.actor, visit.now).await?;
        Ok(SignedIn {
            visit,
            session,
            user,
        })
    }
}

/// A form of ours, read from a URL-encoded body. A body that is not one is a 400 page.
#[derive(Debug)]
pub(crate) struct PageForm<T>(pub(crate) T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for PageForm<T> {
    type Rejection = ErrorPage;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        axum::Form::<T>::from_request(request, state)
            .await
            .map(|axum::Form(form)| PageForm(form))
            .map_err(|_| ErrorPage::BadRequest)
    }
}

/// The id in a page's address: anything but an id is a page that does not exist.
pub(crate) fn parse_id(text: &str) -> Result<Uuid, ErrorPage> {
    text.parse().map_err(|_| ErrorPage::NotFound)
}
