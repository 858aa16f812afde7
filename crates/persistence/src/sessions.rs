//! Sessions, refresh tokens and failed sign-ins.
//!
//! A session is one sign-in. Every access token names its session, and every request
//! checks that the session is live and its user enabled, so that signing out, disabling
//! a user or changing their roles takes effect on the very next request. Refresh tokens
//! are stored as hashes; each is used once, and using one twice revokes the session.

use panah_domain::{AuditContext, AuditEvent, Outcome, User, UserId};
use sqlx::FromRow;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::audit::append_audit;
use crate::store::{on_backend, write_tx};
use crate::users::{USER_SELECT, UserRow};
use crate::{Store, StoreError};

/// A live session and its user, as every authenticated request sees them.
#[derive(Debug, Clone)]
pub struct SessionUser {
    /// The session's id.
    pub session_id: Uuid,
    /// The user, with their current roles.
    pub user: User,
}

/// What holds a new session: the API's rotating refresh tokens, or the web pages' cookie.
#[derive(Debug, Clone, Copy)]
pub enum SessionHolder<'a> {
    /// The hash of the first refresh token.
    RefreshToken(&'a [u8]),
    /// The hash of the cookie token of a web session.
    WebCookie(&'a [u8]),
}

/// A live web session, its user, and when it was last used.
#[derive(Debug, Clone)]
pub struct WebSessionUser {
    /// The session and its user.
    pub session: SessionUser,
    /// When a request last used it (to the minute).
    pub last_seen_at: OffsetDateTime,
}

/// What presenting a refresh token led to.
#[derive(Debug, Clone)]
pub enum Refreshed {
    /// The token was valid: it is now used, and the new one replaces it.
    Rotated(Box<SessionUser>),
    /// The token had been used already: someone holds a copy. The session is revoked.
    Reused,
    /// Unknown token, or its session has ended or its user is disabled.
    Invalid,
}

/// Failed sign-ins within the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FailureCounts {
    /// Failures for the account.
    pub account: i64,
    /// When the oldest counted account failure happened.
    pub account_oldest: Option<OffsetDateTime>,
    /// Failures from the client address.
    pub client: i64,
    /// When the oldest counted client failure happened.
    pub client_oldest: Option<OffsetDateTime>,
}

#[derive(FromRow)]
struct SessionUserRow {
    session_id: Uuid,
    revoked_at: Option<OffsetDateTime>,
    expires_at: OffsetDateTime,
    last_seen_at: Option<OffsetDateTime>,
    #[sqlx(flatten)]
    user: UserRow,
}

impl SessionUserRow {
    /// The session, if it is live at `now` and its user enabled.
    fn live(
        self,
        now: OffsetDateTime,
    ) -> Result<Option<(SessionUser, Option<OffsetDateTime>)>, StoreError> {
        let user = self.user.user()?;
        let live = self.revoked_at.is_none() && self.expires_at > now && !user.disabled;
        Ok(live.then_some((
            SessionUser {
                session_id: self.session_id,
                user,
            },
            self.last_seen_at,
        )))
    }
}

/// The query reading sessions with their users as [`SessionUserRow`], where `condition`.
fn session_select(condition: &str) -> String {
    format!(
        "SELECT s.id AS session_id, s.revoked_at, s.expires_at, s.last_seen_at, x.* \
         FROM sessions s JOIN ({USER_SELECT}) x ON x.id = s.user_id WHERE {condition}"
    )
}

impl Store {
    /// Starts a session for a user who just proved their password: stores what holds it
    /// (the first refresh token's hash, or the web cookie's), clears the account's failed sign-ins, removes the user's
    /// sessions that ended more than a day ago, and audits the sign-in.
    pub async fn start_session(
        &self,
        user: &User,
        account_key: &[u8],
        holder: SessionHolder<'_>,
        expires_at: OffsetDateTime,
        context: &AuditContext,
    ) -> Result<Uuid, StoreError> {
        let session_id = Uuid::now_v7();
        let (door, web_token_hash, last_seen_at) = match holder {
            SessionHolder::RefreshToken(_) => ("api", None, None),
            SessionHolder::WebCookie(hash) => ("web", Some(hash), Some(context.at)),
        };
        let event = AuditEvent::success("auth.login", "user", user.id)
            .with_details(serde_json::json!({ "door": door }).to_string());
        write_tx!(self, |tx| {
            sqlx::query(
                "INSERT INTO sessions (id, user_id, created_at, expires_at, web_token_hash, \
                 last_seen_at) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(session_id)
            .bind(user.id.0)
            .bind(context.at)
            .bind(expires_at)
            .bind(web_token_hash)
            .bind(last_seen_at)
            .execute(&mut *tx)
            .await?;
            if let SessionHolder::RefreshToken(refresh_hash) = holder {
                sqlx::query(
                    "INSERT INTO refresh_tokens (token_hash, session_id, issued_at) \
                     VALUES ($1, $2, $3)",
                )
                .bind(refresh_hash)
                .bind(session_id)
                .bind(context.at)
                .execute(&mut *tx)
                .await?;
            }
            sqlx::query("DELETE FROM login_failures WHERE account_key = $1")
                .bind(account_key)
                .execute(&mut *tx)
                .await?;
            // The user's sessions that ended more than a day ago can no longer be used or
            // reused; the audit log keeps their history, so their rows go.
            let ended_before = context.at - time::Duration::days(1);
            sqlx::query(
                "DELETE FROM refresh_tokens WHERE session_id IN (SELECT id FROM sessions \
                 WHERE user_id = $1 AND (expires_at < $2 OR revoked_at < $2))",
            )
            .bind(user.id.0)
            .bind(ended_before)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "DELETE FROM sessions WHERE user_id = $1 AND (expires_at < $2 OR revoked_at < $2)",
            )
            .bind(user.id.0)
            .bind(ended_before)
            .execute(&mut *tx)
            .await?;
            append_audit!(self, tx, context, &event);
        });
        Ok(session_id)
    }

    /// The session and its user, if the session is live at `now` and the user enabled.
    pub async fn live_session(
        &self,
        session_id: Uuid,
        now: OffsetDateTime,
    ) -> Result<Option<SessionUser>, StoreError> {
        let row: Option<SessionUserRow> = on_backend!(self, |pool| {
            sqlx::query_as(sqlx::AssertSqlSafe(session_select(
                "s.id = $1 AND s.web_token_hash IS NULL",
            )))
            .bind(session_id)
            .fetch_optional(pool)
            .await
        })?;
        Ok(row
            .map(|row| row.live(now))
            .transpose()?
            .flatten()
            .map(|(session, _)| session))
    }

    /// The web session held by the cookie token hashed to `token_hash`, if it is live at
    /// `now` and its user enabled. Whether it has been idle too long is the caller's rule.
    pub async fn live_web_session(
        &self,
        token_hash: &[u8],
        now: OffsetDateTime,
    ) -> Result<Option<WebSessionUser>, StoreError> {
        let row: Option<SessionUserRow> = on_backend!(self, |pool| {
            sqlx::query_as(sqlx::AssertSqlSafe(session_select("s.web_token_hash = $1")))
                .bind(token_hash)
                .fetch_optional(pool)
                .await
        })?;
        Ok(row
            .map(|row| row.live(now))
            .transpose()?
            .flatten()
            .and_then(|(session, last_seen_at)| {
                last_seen_at.map(|last_seen_at| WebSessionUser {
                    session,
                    last_seen_at,
                })
            }))
    }

    /// Records that a web session was used at `at`. Not audited: it changes nothing but
    /// when the session would end for idleness.
    pub async fn touch_web_session(
        &self,
        session_id: Uuid,
        at: OffsetDateTime,
    ) -> Result<(), StoreError> {
        on_backend!(self, |pool| {
            sqlx::query("UPDATE sessions SET last_seen_at = $2 WHERE id = $1 AND last_seen_at < $2")
                .bind(session_id)
                .bind(at)
                .execute(pool)
                .await
                .map(drop)
        })?;
        Ok(())
    }

    /// Exchanges a refresh token for the next one. A token presented twice revokes its
    /// whole session (the family of tokens), and the reuse is audited.
    pub async fn rotate_refresh_token(
        &self,
        presented_hash: &[u8],
        next_hash: &[u8],
        context: &AuditContext,
    ) -> Result<Refreshed, StoreError> {
        let now = context.at;
        let found: Option<(Uuid, Option<OffsetDateTime>)> = on_backend!(self, |pool| {
            sqlx::query_as("SELECT session_id, used_at FROM refresh_tokens WHERE token_hash = $1")
                .bind(presented_hash)
                .fetch_optional(pool)
                .await
        })?;
        let Some((session_id, _)) = found else {
            return Ok(Refreshed::Invalid);
        };
        let Some(session) = self.live_session(session_id, now).await? else {
            return Ok(Refreshed::Invalid);
        };
        let actor = AuditContext {
            actor_id: Some(session.user.id),
            actor_organization_id: Some(session.user.organization.id),
            ..context.clone()
        };
        let reuse = AuditEvent::success("auth.refresh_reuse", "session", session_id)
            .with_outcome(Outcome::Failure);
        let rotated = write_tx!(self, |tx| {
            // Marking the token used only if it was unused makes two concurrent
            // refreshes with one token count as a reuse, not as two rotations.
            let claimed = sqlx::query(
                "UPDATE refresh_tokens SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL",
            )
            .bind(presented_hash)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1;
            if claimed {
                sqlx::query(
                    "INSERT INTO refresh_tokens (token_hash, session_id, issued_at) VALUES ($1, $2, $3)",
                )
                .bind(next_hash)
                .bind(session_id)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            } else {
                sqlx::query(
                    "UPDATE sessions SET revoked_at = $2, revoked_reason = 'refresh_token_reused' \
                     WHERE id = $1 AND revoked_at IS NULL",
                )
                .bind(session_id)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                append_audit!(self, tx, &actor, &reuse);
            }
            claimed
        });
        Ok(if rotated {
            Refreshed::Rotated(Box::new(session))
        } else {
            Refreshed::Reused
        })
    }

    /// Ends a session at once (sign-out), and audits it.
    pub async fn end_session(
        &self,
        session_id: Uuid,
        context: &AuditContext,
    ) -> Result<(), StoreError> {
        let event = AuditEvent::success("auth.logout", "session", session_id);
        write_tx!(self, |tx| {
            sqlx::query(
                "UPDATE sessions SET revoked_at = $2, revoked_reason = 'logout' \
                 WHERE id = $1 AND revoked_at IS NULL",
            )
            .bind(session_id)
            .bind(context.at)
            .execute(&mut *tx)
            .await?;
            append_audit!(self, tx, context, &event);
        });
        Ok(())
    }

    /// Failed sign-ins since `since` for the account key and the client.
    pub async fn login_failures(
        &self,
        account_key: &[u8],
        client: &str,
        since: OffsetDateTime,
    ) -> Result<FailureCounts, StoreError> {
        let (account, account_oldest, client_count, client_oldest): (
            i64,
            Option<OffsetDateTime>,
            i64,
            Option<OffsetDateTime>,
        ) = on_backend!(self, |pool| {
            sqlx::query_as(
                "SELECT \
                   (SELECT COUNT(*) FROM login_failures WHERE account_key = $1 AND at > $3), \
                   (SELECT MIN(at) FROM login_failures WHERE account_key = $1 AND at > $3), \
                   (SELECT COUNT(*) FROM login_failures WHERE client = $2 AND at > $3), \
                   (SELECT MIN(at) FROM login_failures WHERE client = $2 AND at > $3)",
            )
            .bind(account_key)
            .bind(client)
            .bind(since)
            .fetch_one(pool)
            .await
        })?;
        Ok(FailureCounts {
            account,
            account_oldest,
            client: client_count,
            client_oldest,
        })
    }

    /// Counts a failed sign-in against the account key and the client, forgets failures
    /// older than `forget_before`, and audits the failure (naming the user if one exists).
    pub async fn record_login_failure(
        &self,
        account_key: &[u8],
        user_id: Option<UserId>,
        client: &str,
        forget_before: OffsetDateTime,
        context: &AuditContext,
    ) -> Result<(), StoreError> {
        let event = AuditEvent {
            action: "auth.login",
            target_type: user_id.map(|_| "user"),
            target_id: user_id.map(|id| id.to_string()),
            outcome: Outcome::Failure,
            details: None,
        };
        write_tx!(self, |tx| {
            sqlx::query("INSERT INTO login_failures (account_key, client, at) VALUES ($1, $2, $3)")
                .bind(account_key)
                .bind(client)
                .bind(context.at)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM login_failures WHERE at < $1")
                .bind(forget_before)
                .execute(&mut *tx)
                .await?;
            append_audit!(self, tx, context, &event);
        });
        Ok(())
    }
}
