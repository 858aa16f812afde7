//! Signing in and out, sessions, refresh tokens and one's own password: one throttling,
//! one audit and one revocation for every door. Access tokens are the API's business;
//! a session here is the row that every door's credential points at.

mod passwords;
mod throttle;
mod web;

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use panah_domain::{AuditContext, FieldProblem, Language, NewPassword, User, UserId, Username};
use panah_persistence::{Refreshed, SessionHolder};
use secrecy::SecretSlice;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use uuid::Uuid;

use passwords::Passwords;
pub use web::{WebSession, WebSignIn};

use crate::{Actor, App, AppError, Door, UseCase};

/// The sign-in settings.
#[derive(Debug, Clone)]
pub struct AuthSettings {
    /// Keys the hashes of typed usernames kept for throttling.
    pub signing_key: SecretSlice<u8>,
    /// How many password hashes may run at once.
    pub hash_concurrency: usize,
    /// Failed sign-ins per account within the window before the account is refused.
    pub account_failure_limit: u32,
    /// Failed sign-ins per client address within the window before it is refused.
    pub client_failure_limit: u32,
    /// The window over which failures count.
    pub failure_window: Duration,
    /// How long a session (and so a chain of refresh tokens) lasts from sign-in.
    pub session_lifetime: Duration,
    /// How long a web session may go unused before it ends.
    pub web_idle_timeout: Duration,
}

/// What accounts need at run time. Built once with the app.
#[derive(Debug)]
pub(crate) struct Accounts {
    pub(crate) passwords: Passwords,
    pub(crate) throttle: throttle::Throttle,
    session_lifetime: Duration,
    web_idle_timeout: Duration,
}

impl Accounts {
    pub(crate) fn new(settings: &AuthSettings) -> Accounts {
        Accounts {
            passwords: Passwords::new(settings.hash_concurrency),
            throttle: throttle::Throttle::new(settings),
            session_lifetime: settings.session_lifetime,
            web_idle_timeout: settings.web_idle_timeout,
        }
    }
}

/// The default number of password hashes at once: all cores but one, at least one.
pub(crate) fn default_hash_concurrency() -> usize {
    Passwords::default_concurrency()
}

/// What someone types to sign in.
#[derive(Debug, Clone)]
pub struct Credentials {
    /// The username as typed (case-insensitive).
    pub username: String,
    /// The password.
    pub password: String,
}

/// A live session: whose it is, and the refresh token that continues it.
#[derive(Debug, Clone)]
pub struct Session {
    /// The user, as the database holds them now.
    pub user: User,
    /// The session.
    pub session_id: Uuid,
    /// The refresh token to hand out: it works once, and only its hash is kept.
    pub refresh_token: String,
}

/// A new refresh token: what the client gets, and the hash the database keeps.
fn new_refresh_token() -> (String, Vec<u8>) {
    let mut bytes = [0u8; 32];
    rand::fill(&mut bytes);
    let token = URL_SAFE_NO_PAD.encode(bytes);
    let hash = refresh_token_hash(&token);
    (token, hash)
}

/// The hash under which a refresh token is stored.
fn refresh_token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// The audit context of someone not signed in yet.
fn anonymous(request_id: Option<Uuid>, at: OffsetDateTime) -> AuditContext {
    AuditContext {
        request_id,
        ..AuditContext::system(at)
    }
}

impl App {
    /// Signs in for the API: throttled per account and per `client` (the address it comes
    /// from), the same answer in the same time for an unknown user and a wrong password,
    /// every failure and success audited, a weaker hash upgraded. The session is held by a
    /// rotating refresh token.
    pub async fn sign_in(
        &self,
        credentials: Credentials,
        client: &str,
        request_id: Option<Uuid>,
        now: OffsetDateTime,
    ) -> Result<Session, AppError> {
        let (refresh_token, refresh_hash) = new_refresh_token();
        let (user, session_id) = self
            .start_session(
                credentials,
                client,
                SessionHolder::RefreshToken(&refresh_hash),
                request_id,
                now,
            )
            .await?;
        Ok(Session {
            user,
            session_id,
            refresh_token,
        })
    }

    /// Checks the password exactly as [`App::sign_in`] describes, then starts a session
    /// held by `holder`.
    async fn start_session(
        &self,
        credentials: Credentials,
        client: &str,
        holder: SessionHolder<'_>,
        request_id: Option<Uuid>,
        now: OffsetDateTime,
    ) -> Result<(User, Uuid), AppError> {
        let accounts = &self.accounts;
        // The hashing slot comes first: when sign-ins flood in, the excess is turned away
        // before it costs the database anything.
        let mut slot = accounts.passwords.slot().await?;
        let account_key = accounts.throttle.account_key(&credentials.username);
        accounts
            .throttle
            .check(&self.store, &account_key, client, now)
            .await?;
        let found = match credentials.username.parse::<Username>() {
            Ok(username) => self.store.find_login(&username).await?,
            Err(_) => None,
        };
        let (user, hash) = match found {
            Some((user, hash)) => (Some(user), Some(hash)),
            None => (None, None),
        };
        let verified = slot.verify(credentials.password.clone(), hash).await?;
        let context = anonymous(request_id, now);
        let user = match user {
            Some(user) if verified.matches && !user.disabled => user,
            user => {
                drop(slot);
                self.store
                    .record_login_failure(
                        &account_key,
                        user.map(|u| u.id),
                        client,
                        accounts.throttle.window_start(now),
                        &context,
                    )
                    .await?;
                return Err(AppError::InvalidCredentials);
            }
        };
        let upgraded = if verified.needs_rehash {
            Some(slot.hash(credentials.password).await?)
        } else {
            None
        };
        // The rest is database work: free the slot for the next sign-in.
        drop(slot);
        if let Some(hash) = upgraded {
            self.store.upgrade_password_hash(user.id, &hash).await?;
        }
        let context = AuditContext {
            actor_id: Some(user.id),
            actor_organization_id: Some(user.organization.id),
            ..context
        };
        let lifetime =
            time::Duration::try_from(accounts.session_lifetime).map_err(AppError::internal)?;
        let session_id = self
            .store
            .start_session(&user, &account_key, holder, now + lifetime, &context)
            .await?;
        Ok((user, session_id))
    }

    /// Continues a session with its refresh token, which works once: presenting a used
    /// one ends the whole session.
    pub async fn refresh_session(
        &self,
        refresh_token: &str,
        request_id: Option<Uuid>,
        now: OffsetDateTime,
    ) -> Result<Session, AppError> {
        let (next_token, next_hash) = new_refresh_token();
        let outcome = self
            .store
            .rotate_refresh_token(
                &refresh_token_hash(refresh_token),
                &next_hash,
                &anonymous(request_id, now),
            )
            .await?;
        match outcome {
            Refreshed::Rotated(session) => Ok(Session {
                user: session.user,
                session_id: session.session_id,
                refresh_token: next_token,
            }),
            Refreshed::Reused | Refreshed::Invalid => Err(AppError::InvalidRefreshToken),
        }
    }

    /// The actor of a live session of `user_id`, as the database holds the user now:
    /// current roles, not disabled, the session neither ended nor expired. Every request
    /// of a signed-in person starts here, so signing out or disabling a user takes
    /// effect on their next request.
    pub async fn resume_session(
        &self,
        session_id: Uuid,
        user_id: UserId,
        request_id: Option<Uuid>,
        door: Door,
        attempt: impl Into<String>,
        now: OffsetDateTime,
    ) -> Result<Actor, AppError> {
        match self.store.live_session(session_id, now).await? {
            Some(session) if session.user.id == user_id => Ok(Actor::user(
                session.user,
                Some(session.session_id),
                request_id,
                door,
                attempt,
            )),
            _ => Err(AppError::SessionEnded),
        }
    }

    /// Ends the actor's session at once.
    pub async fn sign_out(&self, actor: &Actor, now: OffsetDateTime) -> Result<(), AppError> {
        self.authorize(actor, UseCase::SignOut, now).await?;
        let session = actor.session_id.ok_or(AppError::SessionEnded)?;
        self.store.end_session(session, &actor.audit(now)).await?;
        Ok(())
    }

    /// The actor's own account.
    pub async fn own_account(&self, actor: &Actor, now: OffsetDateTime) -> Result<User, AppError> {
        self.authorize(actor, UseCase::ReadOwnAccount, now).await?;
        actor.user_or_denied().cloned()
    }

    /// Records the language the actor chose for their pages.
    pub async fn choose_language(
        &self,
        actor: &Actor,
        language: Language,
        now: OffsetDateTime,
    ) -> Result<(), AppError> {
        self.authorize(actor, UseCase::ChooseLanguage, now).await?;
        let user = actor.user_or_denied()?;
        self.store
            .set_language(user.id, language, &actor.audit(now))
            .await?;
        Ok(())
    }

    /// Changes the actor's own password; every other session of theirs ends. Guessing
    /// the current password here is throttled like guessing it at sign-in, so a stolen
    /// session does not open an unthrottled oracle.
    pub async fn change_own_password(
        &self,
        actor: &Actor,
        current: String,
        new: &str,
        client: &str,
        now: OffsetDateTime,
    ) -> Result<(), AppError> {
        self.authorize(actor, UseCase::ChangeOwnPassword, now)
            .await?;
        let user = actor.user_or_denied()?;
        let accounts = &self.accounts;
        let mut slot = accounts.passwords.slot().await?;
        let username = &user.username;
        let account_key = accounts.throttle.account_key(username.as_str());
        accounts
            .throttle
            .check(&self.store, &account_key, client, now)
            .await?;
        let hash = self.store.find_login(username).await?.map(|(_, hash)| hash);
        let verified = slot.verify(current.clone(), hash).await?;
        if !verified.matches {
            self.store
                .record_login_failure(
                    &account_key,
                    Some(user.id),
                    client,
                    accounts.throttle.window_start(now),
                    &actor.audit(now),
                )
                .await?;
            return Err(AppError::Invalid(vec![FieldProblem::coded(
                "current_password",
                "not_current_password",
                "is not your current password",
            )]));
        }
        let new = NewPassword::parse(new, username).map_err(|e| {
            AppError::Invalid(vec![FieldProblem::coded(
                "new_password",
                e.code(),
                e.to_string(),
            )])
        })?;
        if new.expose() == current {
            return Err(AppError::Invalid(vec![FieldProblem::coded(
                "new_password",
                "password_unchanged",
                "must differ from the current password",
            )]));
        }
        let hash = slot.hash(new.expose().to_owned()).await?;
        self.store
            .change_password(user.id, &hash, actor.session_id, &actor.audit(now))
            .await?;
        Ok(())
    }

    /// Hashes a password for a new account, in a hashing slot of its own.
    pub(crate) async fn hash_password(&self, password: &NewPassword) -> Result<String, AppError> {
        self.accounts
            .passwords
            .hash(password.expose().to_owned())
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refresh_tokens_are_random_and_stored_only_as_hashes() {
        let (a, hash_a) = new_refresh_token();
        let (b, _) = new_refresh_token();
        assert_ne!(a, b);
        assert_eq!(hash_a, refresh_token_hash(&a));
        assert_eq!(hash_a.len(), 32);
        assert!(
            !hash_a
                .windows(a.len().min(8))
                .any(|w| w == &a.as_bytes()[..8])
        );
    }
}
