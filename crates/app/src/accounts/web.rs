//! Sessions of the web pages: the same session rows, throttling and audit as the API's,
//! held by a random cookie token instead of refresh tokens, and ended by an idle timeout
//! as well as by the absolute one.

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use panah_domain::User;
use panah_persistence::SessionHolder;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use uuid::Uuid;

use super::Credentials;
use crate::{Actor, App, AppError, Door};

/// How stale a session's last use may be recorded: a request within this of the last
/// recorded one writes nothing, so browsing costs no write per page.
const TOUCH_EVERY: Duration = Duration::from_secs(60);

/// A new web session: whose it is and the tokens the browser is to hold.
#[derive(Debug, Clone)]
pub struct WebSignIn {
    /// The user signed in.
    pub user: User,
    /// The cookie's value. Only its hash is stored.
    pub cookie_token: String,
    /// The token every form of this session must send back (a synchronizer token
    /// against cross-site request forgery).
    pub csrf_token: String,
}

/// A live web session, resumed for one request.
#[derive(Debug, Clone)]
pub struct WebSession {
    /// Who acts in this request.
    pub actor: Actor,
    /// The session's synchronizer token, for the forms of the page.
    pub csrf_token: String,
}

/// The hash under which a cookie token is stored.
fn cookie_token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// The synchronizer token of the session held by `cookie_token`. Derived rather than
/// stored: it is a hash of the cookie under another label, so it cannot be computed
/// without the cookie (which scripts cannot read), nor from the stored hash.
fn csrf_token(cookie_token: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"panah web form token\0");
    hasher.update(cookie_token.as_bytes());
    URL_SAFE_NO_PAD.encode(hasher.finalize())
}

impl App {
    /// Signs in for the web pages, with the same checks, throttling and audit as
    /// [`App::sign_in`]; the session is held by a new random cookie token.
    pub async fn sign_in_web(
        &self,
        credentials: Credentials,
        client: &str,
        request_id: Option<Uuid>,
        now: OffsetDateTime,
    ) -> Result<WebSignIn, AppError> {
        let mut bytes = [0u8; 32];
        rand::fill(&mut bytes);
        let cookie_token = URL_SAFE_NO_PAD.encode(bytes);
        let hash = cookie_token_hash(&cookie_token);
        let (user, _) = self
            .start_session(
                credentials,
                client,
                SessionHolder::WebCookie(&hash),
                request_id,
                now,
            )
            .await?;
        Ok(WebSignIn {
            user,
            csrf_token: csrf_token(&cookie_token),
            cookie_token,
        })
    }

    /// The web session held by `cookie_token`, as the database holds it now: current
    /// roles, not disabled, neither signed out nor expired, and used within the idle
    /// timeout. Every request of a signed-in person starts here, so signing out (through
    /// either door), disabling a user or changing their roles takes effect on their next
    /// request.
    pub async fn resume_web_session(
        &self,
        cookie_token: &str,
        request_id: Option<Uuid>,
        attempt: impl Into<String>,
        now: OffsetDateTime,
    ) -> Result<WebSession, AppError> {
        let found = self
            .store
            .live_web_session(&cookie_token_hash(cookie_token), now)
            .await?
            .ok_or(AppError::SessionEnded)?;
        let idle = now - found.last_seen_at;
        if idle >= self.accounts.web_idle_timeout {
            return Err(AppError::SessionEnded);
        }
        if idle >= TOUCH_EVERY {
            self.store
                .touch_web_session(found.session.session_id, now)
                .await?;
        }
        Ok(WebSession {
            actor: Actor::user(
                found.session.user,
                Some(found.session.session_id),
                request_id,
                Door::Web,
                attempt,
            ),
            csrf_token: csrf_token(cookie_token),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_token_is_neither_the_cookie_nor_its_stored_hash() {
        let token = "a-cookie-token";
        let form = csrf_token(token);
        assert_ne!(form, token);
        assert_ne!(form, URL_SAFE_NO_PAD.encode(cookie_token_hash(token)));
        assert_eq!(
            form,
            csrf_token(token),
            "derived, so the same for the session"
        );
        assert_ne!(form, csrf_token("another-cookie-token"));
    }
}
