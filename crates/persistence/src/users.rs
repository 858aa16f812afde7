//! Staff accounts.

use panah_domain::{
    AuditContext, AuditEvent, DisplayName, Language, Organization, OrganizationId, Role, Roles,
    User, UserId, Username,
};
use sqlx::FromRow;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::audit::append_audit;
use crate::idempotency::once_per_claim;
use crate::organizations::OrganizationRow;
use crate::store::{map_conflict, on_backend, write_tx};
use crate::{Store, StoreError};

/// A user to create. The roles were checked against the organisation's kind.
#[derive(Debug, Clone)]
pub struct NewUser {
    /// Login name.
    pub username: Username,
    /// Name for people.
    pub display_name: DisplayName,
    /// The organisation the roles were checked against.
    pub organization_id: OrganizationId,
    /// Roles.
    pub roles: Roles,
    /// The argon2 PHC string.
    pub password_hash: String,
    /// Whether the password must be changed at the first sign-in.
    pub password_change_required: bool,
}

/// Changes to a user; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct UserChanges {
    /// A new display name.
    pub display_name: Option<DisplayName>,
    /// New roles, already checked against the user's organisation.
    pub roles: Option<Roles>,
    /// Disable or re-enable the account. Disabling ends every session.
    pub disabled: Option<bool>,
}

pub(crate) const USER_SELECT: &str = "SELECT u.id, u.username, u.display_name, u.roles, \
    u.disabled, u.password_change_required, u.version, u.created_at, u.updated_at, \
    u.password_hash, u.language, o.id AS org_id, o.code AS org_code, o.name AS org_name, \
    o.kind AS org_kind, o.province AS org_province \
    FROM users u JOIN organizations o ON o.id = u.organization_id";

#[derive(FromRow)]
pub(crate) struct UserRow {
    id: Uuid,
    username: String,
    display_name: String,
    roles: String,
    disabled: bool,
    password_change_required: bool,
    version: i64,
    created_at: OffsetDateTime,
    updated_at: OffsetDateTime,
    pub(crate) password_hash: String,
    language: Option<String>,
    org_id: Uuid,
    org_code: String,
    org_name: String,
    org_kind: String,
    org_province: Option<String>,
}

impl UserRow {
    pub(crate) fn user(&self) -> Result<User, StoreError> {
        let organization: Organization = OrganizationRow {
            id: self.org_id,
            code: self.org_code.clone(),
            name: self.org_name.clone(),
            kind: self.org_kind.clone(),
            province: self.org_province.clone(),
        }
        .try_into()?;
        let corrupt = |column| StoreError::Corrupt { column };
        let roles = self
            .roles
            .split(' ')
            .map(|r| r.parse::<Role>())
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| corrupt("users.roles"))?;
        Ok(User {
            id: UserId(self.id),
            username: self
                .username
                .parse()
                .map_err(|_| corrupt("users.username"))?,
            display_name: self
                .display_name
                .parse()
                .map_err(|_| corrupt("users.display_name"))?,
            roles: Roles::new(roles, organization.kind).map_err(|_| corrupt("users.roles"))?,
            organization,
            disabled: self.disabled,
            password_change_required: self.password_change_required,
            language: self
                .language
                .as_deref()
                .map(str::parse)
                .transpose()
                .map_err(|_| corrupt("users.language"))?,
            version: self.version,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

pub(crate) fn roles_text(roles: &Roles) -> String {
    roles
        .as_slice()
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

impl Store {
    /// Creates a user and audits it. A taken username is
    /// `Conflict("users_username_key")`.
    pub async fn create_user(
        &self,
        new: &NewUser,
        context: &AuditContext,
    ) -> Result<User, StoreError> {
        let id = UserId(Uuid::now_v7());
        let event = AuditEvent::success("user.create", "user", id);
        let created = write_tx!(self, |tx| {
            once_per_claim!(tx, context, id.0, {
                sqlx::query(
                "INSERT INTO users (id, username, display_name, organization_id, roles, \
                 password_hash, password_change_required, disabled, version, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, FALSE, 1, $8, $8)",
            )
            .bind(id.0)
            .bind(new.username.as_str())
            .bind(new.display_name.as_str())
            .bind(new.organization_id.0)
            .bind(roles_text(&new.roles))
            .bind(&new.password_hash)
            .bind(new.password_change_required)
            .bind(context.at)
            .execute(&mut *tx)
            .await
            .map_err(map_conflict)?;
                append_audit!(self, tx, context, &event);
            })
        });
        self.get_user(UserId(created))
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// The user with this id.
    pub async fn get_user(&self, id: UserId) -> Result<Option<User>, StoreError> {
        let row: Option<UserRow> = on_backend!(self, |pool| {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "{USER_SELECT} WHERE u.id = $1"
            )))
            .bind(id.0)
            .fetch_optional(pool)
            .await
        })?;
        row.as_ref().map(UserRow::user).transpose()
    }

    /// The user signing in with this username, and their password hash.
    pub async fn find_login(
        &self,
        username: &Username,
    ) -> Result<Option<(User, String)>, StoreError> {
        let row: Option<UserRow> = on_backend!(self, |pool| {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "{USER_SELECT} WHERE u.username = $1"
            )))
            .bind(username.as_str())
            .fetch_optional(pool)
            .await
        })?;
        row.map(|row| Ok((row.user()?, row.password_hash)))
            .transpose()
    }

    /// Users in creation order, after the user `after` (the cursor), at most `limit`.
    pub async fn list_users(
        &self,
        organization_id: Option<OrganizationId>,
        after: Option<UserId>,
        limit: u32,
    ) -> Result<Vec<User>, StoreError> {
        let rows: Vec<UserRow> = on_backend!(self, |pool| {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "{USER_SELECT} WHERE ($1 IS NULL OR u.organization_id = $1) \
                 AND ($2 IS NULL OR u.id > $2) ORDER BY u.id LIMIT $3"
            )))
            .bind(organization_id.map(|id| id.0))
            .bind(after.map(|id| id.0))
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await
        })?;
        rows.iter().map(UserRow::user).collect()
    }

    /// How many users exist; zero on the very first start.
    pub async fn count_users(&self) -> Result<i64, StoreError> {
        let count: i64 = on_backend!(self, |pool| {
            sqlx::query_scalar("SELECT COUNT(*) FROM users")
                .fetch_one(pool)
                .await
        })?;
        Ok(count)
    }

    /// Applies `changes` if the user is still at `expected_version`, and audits them.
    /// Disabling a user also ends every session of theirs.
    pub async fn update_user(
        &self,
        id: UserId,
        expected_version: i64,
        changes: &UserChanges,
        context: &AuditContext,
    ) -> Result<User, StoreError> {
        let mut changed = Vec::new();
        if changes.display_name.is_some() {
            changed.push("display_name");
        }
        if changes.roles.is_some() {
            changed.push("roles");
        }
        if changes.disabled.is_some() {
            changed.push("disabled");
        }
        let event = AuditEvent::success("user.update", "user", id)
            .with_details(serde_json::json!({ "changed": changed }).to_string());
        write_tx!(self, |tx| {
            // The version condition makes the check and the change one atomic step: of two
            // concurrent updates of one version, the second matches no row.
            let updated = sqlx::query(
                "UPDATE users SET display_name = COALESCE($2, display_name), \
                 roles = COALESCE($3, roles), disabled = COALESCE($4, disabled), \
                 version = version + 1, updated_at = $5 WHERE id = $1 AND version = $6",
            )
            .bind(id.0)
            .bind(changes.display_name.as_ref().map(DisplayName::as_str))
            .bind(changes.roles.as_ref().map(roles_text))
            .bind(changes.disabled)
            .bind(context.at)
            .bind(expected_version)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if updated == 0 {
                let exists: Option<i64> =
                    sqlx::query_scalar("SELECT version FROM users WHERE id = $1")
                        .bind(id.0)
                        .fetch_optional(&mut *tx)
                        .await?;
                return Err(match exists {
                    Some(_) => StoreError::VersionMismatch,
                    None => StoreError::NotFound,
                });
            }
            if changes.disabled == Some(true) {
                sqlx::query(
                    "UPDATE sessions SET revoked_at = $2, revoked_reason = 'user_disabled' \
                     WHERE user_id = $1 AND revoked_at IS NULL",
                )
                .bind(id.0)
                .bind(context.at)
                .execute(&mut *tx)
                .await?;
            }
            append_audit!(self, tx, context, &event);
        });
        self.get_user(id).await?.ok_or(StoreError::NotFound)
    }

    /// Sets a new password the user chose, clears `password_change_required`, and ends
    /// every other session of theirs (`keep` stays signed in).
    pub async fn change_password(
        &self,
        id: UserId,
        password_hash: &str,
        keep: Option<Uuid>,
        context: &AuditContext,
    ) -> Result<(), StoreError> {
        let event = AuditEvent::success("auth.password_change", "user", id);
        write_tx!(self, |tx| {
            sqlx::query(
                "UPDATE users SET password_hash = $2, password_change_required = FALSE, \
                 version = version + 1, updated_at = $3 WHERE id = $1",
            )
            .bind(id.0)
            .bind(password_hash)
            .bind(context.at)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "UPDATE sessions SET revoked_at = $3, revoked_reason = 'password_changed' \
                 WHERE user_id = $1 AND revoked_at IS NULL AND ($2 IS NULL OR id <> $2)",
            )
            .bind(id.0)
            .bind(keep)
            .bind(context.at)
            .execute(&mut *tx)
            .await?;
            append_audit!(self, tx, context, &event);
        });
        Ok(())
    }

    /// Sets a password someone else chose for the user (an operator's reset): the user must
    /// change it at their next sign-in, and every session of theirs ends at once, so
    /// whoever held the account before the reset is out. Audited as `user.password_reset`.
    pub async fn reset_password(
        &self,
        id: UserId,
        password_hash: &str,
        account_key: &[u8],
        context: &AuditContext,
    ) -> Result<(), StoreError> {
        let event = AuditEvent::success("user.password_reset", "user", id);
        write_tx!(self, |tx| {
            let updated = sqlx::query(
                "UPDATE users SET password_hash = $2, password_change_required = TRUE, \
                 version = version + 1, updated_at = $3 WHERE id = $1",
            )
            .bind(id.0)
            .bind(password_hash)
            .bind(context.at)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if updated == 0 {
                return Err(StoreError::NotFound);
            }
            sqlx::query(
                "UPDATE sessions SET revoked_at = $2, revoked_reason = 'password_reset' \
                 WHERE user_id = $1 AND revoked_at IS NULL",
            )
            .bind(id.0)
            .bind(context.at)
            .execute(&mut *tx)
            .await?;
            // The account's failed sign-ins go too: a reset is how an admin gives an
            // account back to its holder, and someone who guessed at it must not keep the
            // holder locked out of the new password.
            sqlx::query("DELETE FROM login_failures WHERE account_key = $1")
                .bind(account_key)
                .execute(&mut *tx)
                .await?;
            append_audit!(self, tx, context, &event);
        });
        Ok(())
    }

    /// Records the language a user chose for the pages, and audits it. The account's
    /// `version` stays: a preference of its holder is not what an admin edits, and an
    /// admin's pending change should not fail because someone switched language.
    pub async fn set_language(
        &self,
        id: UserId,
        language: Language,
        context: &AuditContext,
    ) -> Result<(), StoreError> {
        let event = AuditEvent::success("user.language", "user", id)
            .with_details(serde_json::json!({ "language": language.tag() }).to_string());
        write_tx!(self, |tx| {
            sqlx::query("UPDATE users SET language = $2, updated_at = $3 WHERE id = $1")
                .bind(id.0)
                .bind(language.tag())
                .bind(context.at)
                .execute(&mut *tx)
                .await?;
            append_audit!(self, tx, context, &event);
        });
        Ok(())
    }

    /// Replaces a hash made with weaker parameters by one made with the current policy.
    /// Not audited: the password itself did not change.
    pub async fn upgrade_password_hash(
        &self,
        id: UserId,
        password_hash: &str,
    ) -> Result<(), StoreError> {
        on_backend!(self, |pool| {
            sqlx::query("UPDATE users SET password_hash = $2 WHERE id = $1")
                .bind(id.0)
                .bind(password_hash)
                .execute(pool)
                .await
                .map(drop)
        })?;
        Ok(())
    }
}
