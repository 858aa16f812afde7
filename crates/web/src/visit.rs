//! What every page request goes through before its handler: the session it belongs to
//! (resumed through the app), the language to answer in, and for every `POST` the checks
//! against cross-site request forgery. Afterwards it renders the error page a handler
//! asked for, in that language.

use std::net::SocketAddr;

use axum::body::{Body, to_bytes};
use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use panah_app::{AppError, RequestId, WebSession};
use panah_domain::Language;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::errors::{ErrorPage, render_error};
use crate::{WebState, cookies, i18n};

/// The largest form body read (far more than any form of Panah's holds).
pub(crate) const FORM_LIMIT_BYTES: usize = 64 * 1024;

/// The header htmx sends the form token in (set by `hx-headers` on `<body>`).
pub(crate) const TOKEN_HEADER: &str = "x-csrf-token";

/// The form field holding the form token.
pub(crate) const TOKEN_FIELD: &str = "csrf";

/// One request of a page, as the handler sees it.
#[derive(Debug, Clone)]
pub(crate) struct Visit {
    /// The language to answer in.
    pub(crate) language: Language,
    /// The signed-in session, if there is a live one.
    pub(crate) session: Option<WebSession>,
    /// The token every form of the page carries: the session's, or the double-submit
    /// cookie's for someone not signed in.
    pub(crate) form_token: String,
    /// The request's id, for the audit log and the log lines.
    pub(crate) request_id: Option<Uuid>,
    /// When the request is handled: the one reading of the clock for it.
    pub(crate) now: OffsetDateTime,
    /// The path asked for, for the language switch to come back to.
    pub(crate) path: String,
    /// The address the request came from, for counting failed sign-ins.
    pub(crate) client: String,
}

/// Middleware for every page: builds the [`Visit`], refuses forged `POST`s with a 403
/// page, and renders error pages.
pub(crate) async fn visit(State(state): State<WebState>, request: Request, next: Next) -> Response {
    let now = OffsetDateTime::now_utc();
    let request_id = request.extensions().get::<RequestId>().map(|id| id.0);
    let attempt = format!(
        "{} {}",
        request.method(),
        request
            .extensions()
            .get::<MatchedPath>()
            .map_or("unmatched", MatchedPath::as_str)
    );
    let headers = request.headers().clone();
    let mut set_cookies = Vec::new();

    let session = match cookies::read(&headers, cookies::SESSION) {
        None => None,
        Some(token) => match state
            .app
            .resume_web_session(token, request_id, attempt, now)
            .await
        {
            Ok(session) => Some(session),
            Err(AppError::SessionEnded) => {
                set_cookies.push(cookies::clear(cookies::SESSION));
                None
            }
            Err(error) => {
                let language = fallback_language(&headers);
                return render_error(ErrorPage::from_app(error), language);
            }
        },
    };
    let form_token = match (&session, cookies::read(&headers, cookies::FORM)) {
        (Some(session), _) => session.csrf_token.clone(),
        (None, Some(token)) if is_token(token) => token.to_owned(),
        (None, _) => {
            let token = new_token();
            set_cookies.push(cookies::set(cookies::FORM, &token, None));
            token
        }
    };
    let language = session
        .as_ref()
        .and_then(|s| s.actor.signed_in())
        .and_then(|user| user.language)
        .unwrap_or_else(|| fallback_language(&headers));

    let (request, forged) = if request.method() == Method::POST {
        check_post(request, &form_token).await
    } else {
        (request, false)
    };
    if forged {
        tracing::warn!("refused a POST without a valid form token or from another origin");
        return with_cookies(render_error(ErrorPage::Forbidden, language), set_cookies);
    }

    let mut request = request;
    let client = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or_else(|| "unknown".to_owned(), |info| info.0.ip().to_string());
    let path = request.uri().path().to_owned();
    request.extensions_mut().insert(Visit {
        language,
        session,
        form_token,
        request_id,
        now,
        path,
        client,
    });
    let response = next.run(request).await;
    let response = match response.extensions().get::<ErrorPage>() {
        Some(page) => render_error(page.clone(), language),
        None => response,
    };
    with_cookies(response, set_cookies)
}

/// The language of someone not signed in: the one they chose (the `lang` cookie), else
/// their browser's, else English.
fn fallback_language(headers: &HeaderMap) -> Language {
    cookies::read(headers, cookies::LANGUAGE)
        .and_then(|tag| tag.parse().ok())
        .or_else(|| {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|value| value.to_str().ok())
                .and_then(i18n::from_accept_language)
        })
        .unwrap_or(Language::English)
}

fn with_cookies(mut response: Response, cookies: Vec<axum::http::HeaderValue>) -> Response {
    for cookie in cookies {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

/// A new random token: 32 bytes in URL-safe base64.
pub(crate) fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::fill(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Whether `text` looks like a token this server made (so that nothing else is echoed
/// into a page).
fn is_token(text: &str) -> bool {
    text.len() == 43
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_".contains(&b))
}

/// Whether a `POST` comes from one of our own pages, as the OWASP cheat sheet on
/// cross-site request forgery advises: the browser says so (`Sec-Fetch-Site`), or, from
/// a browser too old to say, the `Origin` names this host. A request naming neither is
/// refused.
fn from_our_pages(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site") {
        return site == "same-origin";
    }
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let origin = headers
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok())
        .and_then(|o| o.split_once("://"))
        .map(|(_, authority)| authority);
    matches!((origin, host), (Some(origin), Some(host)) if origin == host)
}

/// Checks a `POST`: from our own pages, and carrying the form token (in the htmx header,
/// or as the form field). Reads the body to find the field and hands the request on with
/// the same body. Returns whether the request is forged.
async fn check_post(request: Request, expected: &str) -> (Request, bool) {
    if !from_our_pages(request.headers()) {
        return (request, true);
    }
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, FORM_LIMIT_BYTES).await else {
        return (Request::from_parts(parts, Body::empty()), true);
    };
    let presented = parts
        .headers
        .get(TOKEN_HEADER)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
        .or_else(|| {
            form_urlencoded::parse(&bytes)
                .find(|(name, _)| name == TOKEN_FIELD)
                .map(|(_, value)| value.into_owned())
        });
    let valid = presented.is_some_and(|presented| same_token(expected, &presented));
    (Request::from_parts(parts, Body::from(bytes)), !valid)
}

/// Compares two tokens in constant time.
fn same_token(expected: &str, presented: &str) -> bool {
    let (a, b) = (expected.as_bytes(), presented.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

impl IntoResponse for ErrorPage {
    /// An empty response carrying the page to render; [`visit`] renders it in the
    /// visitor's language.
    fn into_response(self) -> Response {
        let status = self.status();
        let mut response = (status, ()).into_response();
        response.extensions_mut().insert(self);
        response
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn only_posts_from_our_own_pages_pass() {
        assert!(from_our_pages(&headers(&[(
            "sec-fetch-site",
            "same-origin"
        )])));
        assert!(!from_our_pages(&headers(&[(
            "sec-fetch-site",
            "cross-site"
        )])));
        assert!(!from_our_pages(&headers(&[(
            "sec-fetch-site",
            "same-site"
        )])));
        assert!(from_our_pages(&headers(&[
            ("origin", "https://panah.example"),
            ("host", "panah.example")
        ])));
        assert!(!from_our_pages(&headers(&[
            ("origin", "https://evil.example"),
            ("host", "panah.example")
        ])));
        assert!(!from_our_pages(&headers(&[
            ("origin", "null"),
            ("host", "panah.example")
        ])));
        assert!(!from_our_pages(&headers(&[("host", "panah.example")])));
    }

    #[test]
    fn tokens_compare_exactly() {
        let token = new_token();
        assert!(is_token(&token));
        assert!(same_token(&token, &token.clone()));
        assert!(!same_token(&token, &new_token()));
        assert!(!same_token(&token, ""));
        assert!(!is_token("<script>"));
    }
}
