//! Accounts made outside the API: the first admin at the very first start, and
//! `panah user create` for operators.

use anyhow::{Context, anyhow};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use panah_api::auth::Passwords;
use panah_domain::{
    AuditContext, DisplayName, NewPassword, OrganizationCode, Role, Roles, User, Username,
};
use panah_persistence::{NewUser, Store, StoreError};
use time::OffsetDateTime;

/// The organisation of the first admin.
const FIRST_ADMIN_ORGANIZATION: &str = "IOM-AF";

/// What `panah user create` asks for.
#[derive(Debug)]
pub struct UserRequest {
    /// Login name.
    pub username: String,
    /// The organisation's code, such as `IOM-AF` or `MOI-KAB`.
    pub organization: String,
    /// Roles, at least one.
    pub roles: Vec<String>,
    /// Name for people; the username when not given.
    pub display_name: Option<String>,
    /// The password, as read from standard input.
    pub password: String,
}

/// Creates a user for an operator, checking everything the API checks. The error says
/// what to fix in one line.
pub async fn create_user(
    store: &Store,
    passwords: &Passwords,
    request: UserRequest,
) -> anyhow::Result<User> {
    let username: Username = request
        .username
        .parse()
        .map_err(|e| anyhow!("--username: {e}"))?;
    let display_name: DisplayName = request
        .display_name
        .as_deref()
        .unwrap_or(username.as_str())
        .parse()
        .map_err(|e| anyhow!("--display-name: {e}"))?;
    let code: OrganizationCode = request
        .organization
        .parse()
        .map_err(|e| anyhow!("--organization: {e}"))?;
    let organization = store
        .list_organizations()
        .await?
        .into_iter()
        .find(|o| o.code == code)
        .ok_or_else(|| anyhow!("--organization: no organisation has the code {code}"))?;
    let roles = request
        .roles
        .iter()
        .map(|r| r.parse::<Role>().map_err(|e| anyhow!("--role {r}: {e}")))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let roles = Roles::new(roles, organization.kind).map_err(|e| anyhow!("--role: {e}"))?;
    let password =
        NewPassword::parse(&request.password, &username).map_err(|e| anyhow!("password: {e}"))?;
    let password_hash = passwords
        .hash(password.expose().to_owned())
        .await
        .map_err(|e| anyhow!("cannot hash the password: {e:?}"))?;
    let new = NewUser {
        username,
        display_name,
        organization_id: organization.id,
        roles,
        password_hash,
        password_change_required: false,
    };
    store
        .create_user(&new, &AuditContext::system(OffsetDateTime::now_utc()))
        .await
        .map_err(|error| match error {
            StoreError::Conflict(_) => anyhow!("--username: another user has this username"),
            other => anyhow::Error::new(other).context("cannot create the user"),
        })
}

/// On a database without users, creates `admin` (IOM-AF, role admin) with a random
/// one-time password that must be changed at first sign-in, and returns that password.
/// `None` when users exist — including when another server process created the admin
/// a moment earlier.
pub async fn ensure_first_admin(
    store: &Store,
    passwords: &Passwords,
) -> anyhow::Result<Option<String>> {
    if store.count_users().await? > 0 {
        return Ok(None);
    }
    let username: Username = "admin".parse().map_err(|e| anyhow!("{e}"))?;
    let password = loop {
        // 18 random bytes: 24 characters, 144 bits.
        let mut bytes = [0u8; 18];
        rand::fill(&mut bytes);
        let candidate = URL_SAFE_NO_PAD.encode(bytes);
        if NewPassword::parse(&candidate, &username).is_ok() {
            break candidate;
        }
    };
    let organization = store
        .list_organizations()
        .await?
        .into_iter()
        .find(|o| o.code.as_str() == FIRST_ADMIN_ORGANIZATION)
        .context("the IOM-AF organisation is missing from the database")?;
    let new = NewUser {
        username,
        display_name: "Administrator".parse().map_err(|e| anyhow!("{e}"))?,
        organization_id: organization.id,
        roles: Roles::new([Role::Admin], organization.kind)?,
        password_hash: passwords
            .hash(password.clone())
            .await
            .map_err(|e| anyhow!("cannot hash the password: {e:?}"))?,
        password_change_required: true,
    };
    match store
        .create_user(&new, &AuditContext::system(OffsetDateTime::now_utc()))
        .await
    {
        Ok(_) => Ok(Some(password)),
        Err(StoreError::Conflict(_)) => Ok(None),
        Err(other) => Err(anyhow::Error::new(other).context("cannot create the first admin")),
    }
}
