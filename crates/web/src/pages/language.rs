//! `POST /language`: the language switch on every page.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use panah_domain::Language;
use serde::Deserialize;

use super::PageForm;
use crate::errors::{ErrorPage, PageError};
use crate::visit::Visit;
use crate::{WebState, cookies};

/// The switch's form.
#[derive(Debug, Deserialize)]
pub(crate) struct LanguageForm {
    lang: String,
    #[serde(default)]
    back: String,
}

/// How long the `lang` cookie lasts: a year.
const REMEMBERED_SECS: u64 = 365 * 24 * 3600;

/// Switches the language: saved on the account through the app for someone signed in,
/// and in the `lang` cookie for every visitor (so the sign-in page keeps it too). Then
/// back to the page it came from.
pub(crate) async fn switch(
    State(state): State<WebState>,
    visit: Visit,
    PageForm(form): PageForm<LanguageForm>,
) -> Result<Response, PageError> {
    let language: Language = form.lang.parse().map_err(|_| ErrorPage::BadRequest)?;
    if let Some(session) = &visit.session {
        state
            .app
            .choose_language(&session.actor, language, visit.now)
            .await?;
    }
    let mut response = Redirect::to(local_path(&form.back)).into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        cookies::set(cookies::LANGUAGE, language.tag(), Some(REMEMBERED_SECS)),
    );
    Ok(response)
}

/// `back` if it is a path of this site, else the start page: the switch must not become
/// a way to send someone to another site.
fn local_path(back: &str) -> &str {
    let local = back.starts_with('/')
        && !back.starts_with("//")
        && !back.contains(['\\', '\r', '\n'])
        && back.len() < 512;
    if local { back } else { "/" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_switch_returns_only_to_our_own_pages() {
        assert_eq!(local_path("/password"), "/password");
        for elsewhere in [
            "https://evil.example/",
            "//evil.example",
            "/\\evil.example",
            "",
            "password",
        ] {
            assert_eq!(local_path(elsewhere), "/", "{elsewhere}");
        }
    }
}
