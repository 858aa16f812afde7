//! Staff accounts and organisations: admins write them, auditors read the accounts, and
//! the operator creates accounts at the command line.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use panah_domain::policy::{self, Permission};
use panah_domain::{
    AuditContext, DisplayName, FieldProblem, NewPassword, Organization, OrganizationCode,
    OrganizationId, OrganizationKind, Province, Role, Roles, TextRule, User, UserId, Username,
};
use panah_persistence::{NewUser, StoreError, UserChanges};
use time::OffsetDateTime;

use crate::error::valid;
use crate::{Actor, App, AppError, Conflict, Page, UseCase};

/// The organisation of the first admin.
const FIRST_ADMIN_ORGANIZATION: &str = "IOM-AF";

/// The longest organisation name, in characters.
const MAX_ORGANIZATION_NAME_CHARS: usize = 200;

/// How a command names an organisation: by id (the API) or by code (the command line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrganizationRef {
    /// By id; a problem names the field `organization_id`.
    Id(OrganizationId),
    /// By code, as typed; a problem names the field `organization`.
    Code(String),
}

/// A staff account to create.
#[derive(Debug, Clone)]
pub struct NewAccount {
    /// 3 to 64 characters: a-z, digits, `.`, `_`, `-`; case-insensitive.
    pub username: String,
    /// The name colleagues see (the username when not given).
    pub display_name: Option<String>,
    /// The user's organisation; the roles must fit its kind.
    pub organization: OrganizationRef,
    /// One or more roles.
    pub roles: Vec<Role>,
    /// The first password.
    pub password: String,
}

/// Changes to an account; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct AccountChange {
    /// The version read, which must still be the current one.
    pub expected_version: i64,
    /// A new display name.
    pub display_name: Option<String>,
    /// New roles, replacing the old.
    pub roles: Option<Vec<Role>>,
    /// Disable (ending every session at once) or re-enable the account.
    pub disabled: Option<bool>,
}

/// An organisation to add.
#[derive(Debug, Clone)]
pub struct NewOrganization {
    /// Its unique code.
    pub code: OrganizationCode,
    /// Its name.
    pub name: String,
    /// What it is.
    pub kind: OrganizationKind,
    /// Required for a provincial office, refused for every other kind.
    pub province: Option<Province>,
}

/// A random password of 24 characters (144 bits) that the password policy accepts: for
/// one-time passwords and generated accounts.
pub fn random_password(username: &Username) -> NewPassword {
    loop {
        let mut bytes = [0u8; 18];
        rand::fill(&mut bytes);
        if let Ok(password) = NewPassword::parse(&URL_SAFE_NO_PAD.encode(bytes), username) {
            return password;
        }
    }
}

impl App {
    /// Creates a staff account, with every problem of the command named.
    pub async fn create_user(
        &self,
        actor: &Actor,
        new: NewAccount,
        now: OffsetDateTime,
    ) -> Result<User, AppError> {
        self.create_account(actor, new, false, now).await
    }

    /// Creates a staff account with a random one-time password, which the new user must
    /// change at their first sign-in, and returns it with the account: the only time it
    /// is shown, for the admin to hand over. `new.password` is ignored.
    pub async fn create_user_with_one_time_password(
        &self,
        actor: &Actor,
        mut new: NewAccount,
        now: OffsetDateTime,
    ) -> Result<(User, String), AppError> {
        // An unreadable username is named by `create_account`, which then checks no
        // password: an empty one stands in for it.
        new.password = new
            .username
            .parse::<Username>()
            .map(|username| random_password(&username).expose().to_owned())
            .unwrap_or_default();
        let password = new.password.clone();
        let user = self.create_account(actor, new, true, now).await?;
        Ok((user, password))
    }

    /// Creates a staff account; `password_change_required` makes its password one to
    /// change at the first sign-in.
    async fn create_account(
        &self,
        actor: &Actor,
        new: NewAccount,
        password_change_required: bool,
        now: OffsetDateTime,
    ) -> Result<User, AppError> {
        self.authorize(actor, UseCase::CreateUser, now).await?;
        let mut problems = Vec::new();
        let mut problem = |field: &str, message: String| {
            problems.push(FieldProblem::new(field, message));
        };
        let username = new
            .username
            .parse::<Username>()
            .map_err(|e| problem("username", e.to_string()))
            .ok();
        let display_name = new
            .display_name
            .as_deref()
            .or(username.as_ref().map(Username::as_str))
            .map(str::parse::<DisplayName>)
            .transpose()
            .map_err(|e| problem("display_name", e.to_string()))
            .ok()
            .flatten();
        let (field, organization) = match &new.organization {
            OrganizationRef::Id(id) => ("organization_id", self.store.get_organization(*id).await?),
            OrganizationRef::Code(code) => ("organization", self.organization_by_code(code).await?),
        };
        let roles = match &organization {
            Some(organization) => Roles::new(new.roles.iter().copied(), organization.kind)
                .map_err(|e| problem("roles", e.to_string()))
                .ok(),
            None => {
                problem(
                    field,
                    match &new.organization {
                        OrganizationRef::Id(_) => "names no organisation".into(),
                        OrganizationRef::Code(code) => {
                            format!("no organisation has the code {code}")
                        }
                    },
                );
                None
            }
        };
        let password = username.as_ref().and_then(|username| {
            NewPassword::parse(&new.password, username)
                .map_err(|e| problem("password", e.to_string()))
                .ok()
        });
        let (Some(username), Some(display_name), Some(roles), Some(password), Some(organization)) =
            (username, display_name, roles, password, organization)
        else {
            return Err(AppError::Invalid(problems));
        };
        let new = NewUser {
            username,
            display_name,
            organization_id: organization.id,
            roles,
            password_hash: self.hash_password(&password).await?,
            password_change_required,
        };
        self.store
            .create_user(&new, &actor.audit(now))
            .await
            .map_err(|error| match error {
                StoreError::Conflict(_) => AppError::Conflict(Conflict::UsernameTaken),
                other => other.into(),
            })
    }

    /// Users in creation order, after `after`, at most `limit`.
    pub async fn list_users(
        &self,
        actor: &Actor,
        organization: Option<OrganizationId>,
        after: Option<UserId>,
        limit: u32,
        now: OffsetDateTime,
    ) -> Result<Page<User>, AppError> {
        self.authorize(actor, UseCase::ListUsers, now).await?;
        let users = self
            .store
            .list_users(organization, after, limit + 1)
            .await?;
        Ok(Page::of(users, limit))
    }

    /// One user.
    pub async fn user(
        &self,
        actor: &Actor,
        id: UserId,
        now: OffsetDateTime,
    ) -> Result<User, AppError> {
        self.authorize(actor, UseCase::ReadUser, now).await?;
        self.store.get_user(id).await?.ok_or(AppError::NotFound)
    }

    /// The user with the username typed (in any case).
    pub async fn user_named(
        &self,
        actor: &Actor,
        username: &str,
        now: OffsetDateTime,
    ) -> Result<User, AppError> {
        self.authorize(actor, UseCase::ReadUser, now).await?;
        let username = username
            .parse::<Username>()
            .map_err(|e| AppError::invalid("username", e.to_string()))?;
        self.store
            .find_login(&username)
            .await?
            .map(|(user, _)| user)
            .ok_or(AppError::NotFound)
    }

    /// Gives a user a new password that they must change at their next sign-in, ending
    /// every session of theirs and lifting a lockout of failed sign-ins: for someone who forgot theirs, or whose account must be
    /// taken back. `chosen` is checked against the password policy; without one, a random
    /// one-time password is made and returned — the only time it is shown.
    pub async fn reset_password(
        &self,
        actor: &Actor,
        id: UserId,
        chosen: Option<String>,
        now: OffsetDateTime,
    ) -> Result<Option<String>, AppError> {
        self.authorize(actor, UseCase::ChangeUser, now).await?;
        let user = self.store.get_user(id).await?.ok_or(AppError::NotFound)?;
        // Resetting one's own password would skip the check of the current one that
        // changing it asks for.
        if actor.signed_in().is_some_and(|me| me.id == user.id) {
            return Err(AppError::invalid(
                "password",
                "is your own: change it with your current password instead",
            ));
        }
        let (password, generated) = match chosen {
            Some(chosen) => (
                NewPassword::parse(&chosen, &user.username)
                    .map_err(|e| AppError::invalid("password", e.to_string()))?,
                false,
            ),
            None => (random_password(&user.username), true),
        };
        let hash = self.hash_password(&password).await?;
        let account_key = self.accounts.throttle.account_key(user.username.as_str());
        self.store
            .reset_password(user.id, &hash, &account_key, &actor.audit(now))
            .await?;
        Ok(generated.then(|| password.expose().to_owned()))
    }

    /// Changes a user's display name, roles or disabled flag; takes effect on the user's
    /// very next request. An admin cannot lock themselves out.
    pub async fn change_user(
        &self,
        actor: &Actor,
        id: UserId,
        change: AccountChange,
        now: OffsetDateTime,
    ) -> Result<User, AppError> {
        self.authorize(actor, UseCase::ChangeUser, now).await?;
        let user = self.store.get_user(id).await?.ok_or(AppError::NotFound)?;
        let mut problems = Vec::new();
        let display_name = change
            .display_name
            .map(|name| name.parse::<DisplayName>())
            .transpose()
            .map_err(|e| problems.push(FieldProblem::new("display_name", e.to_string())))
            .ok()
            .flatten();
        let roles = change
            .roles
            .map(|roles| Roles::new(roles, user.organization.kind))
            .transpose()
            .map_err(|e| problems.push(FieldProblem::new("roles", e.to_string())))
            .ok()
            .flatten();
        valid(problems)?;
        // Locking oneself out: disabling one's own account, or giving oneself roles that no
        // longer manage users.
        let locks_out_self = actor.signed_in().is_some_and(|me| me.id == user.id)
            && (change.disabled == Some(true)
                || roles.as_ref().is_some_and(|roles| {
                    policy::authorize(roles.as_slice(), Permission::UsersManage).is_err()
                }));
        if locks_out_self {
            return Err(AppError::Conflict(Conflict::SelfLockout));
        }
        let changes = UserChanges {
            display_name,
            roles,
            disabled: change.disabled,
        };
        Ok(self
            .store
            .update_user(
                user.id,
                change.expected_version,
                &changes,
                &actor.audit(now),
            )
            .await?)
    }

    /// On a database without users, creates `admin` (IOM-AF, role admin) with a random
    /// one-time password that must be changed at first sign-in, and returns that
    /// password. `None` when users exist — including when another server process created
    /// the admin a moment earlier.
    pub async fn ensure_first_admin(
        &self,
        now: OffsetDateTime,
    ) -> Result<Option<String>, AppError> {
        if self.store.count_users().await? > 0 {
            return Ok(None);
        }
        let username: Username = "admin".parse().map_err(AppError::internal)?;
        let password = random_password(&username);
        let organization = self
            .organization_by_code(FIRST_ADMIN_ORGANIZATION)
            .await?
            .ok_or_else(|| {
                AppError::internal(std::io::Error::other(
                    "the IOM-AF organisation is missing from the database",
                ))
            })?;
        let new = NewUser {
            username,
            display_name: "Administrator".parse().map_err(AppError::internal)?,
            organization_id: organization.id,
            roles: Roles::new([Role::Admin], organization.kind).map_err(AppError::internal)?,
            password_hash: self.hash_password(&password).await?,
            password_change_required: true,
        };
        match self
            .store
            .create_user(&new, &AuditContext::system(now))
            .await
        {
            Ok(_) => Ok(Some(password.expose().to_owned())),
            Err(StoreError::Conflict(_)) => Ok(None),
            Err(other) => Err(other.into()),
        }
    }

    /// Every organisation, by code.
    pub async fn organizations(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
    ) -> Result<Vec<Organization>, AppError> {
        self.authorize(actor, UseCase::ListOrganizations, now)
            .await?;
        Ok(self.store.list_organizations().await?)
    }

    /// One organisation.
    pub async fn organization(
        &self,
        actor: &Actor,
        id: OrganizationId,
        now: OffsetDateTime,
    ) -> Result<Organization, AppError> {
        self.authorize(actor, UseCase::ReadOrganization, now)
            .await?;
        self.store
            .get_organization(id)
            .await?
            .ok_or(AppError::NotFound)
    }

    /// Adds an organisation: a foreign state's embassy, a partner, a donor.
    pub async fn add_organization(
        &self,
        actor: &Actor,
        new: NewOrganization,
        now: OffsetDateTime,
    ) -> Result<Organization, AppError> {
        self.authorize(actor, UseCase::AddOrganization, now).await?;
        let mut problems = Vec::new();
        let name = TextRule::line(MAX_ORGANIZATION_NAME_CHARS)
            .take("name", Some(new.name), &mut problems)
            .unwrap_or_default();
        match (new.kind, new.province) {
            (OrganizationKind::MoiProvincial, None) => problems.push(FieldProblem::new(
                "province",
                "is required for a provincial office",
            )),
            (kind, Some(_)) if kind != OrganizationKind::MoiProvincial => problems.push(
                FieldProblem::new("province", "is only for provincial offices"),
            ),
            _ => {}
        }
        valid(problems)?;
        let new = panah_persistence::NewOrganization {
            code: new.code,
            name,
            kind: new.kind,
            province: new.province,
        };
        self.store
            .create_organization(&new, &actor.audit(now))
            .await
            .map_err(|error| match error {
                StoreError::Conflict(_) => AppError::Conflict(Conflict::OrganizationCodeTaken),
                other => other.into(),
            })
    }

    /// The organisation with the code typed, if any.
    async fn organization_by_code(&self, code: &str) -> Result<Option<Organization>, AppError> {
        let Ok(code) = code.parse::<OrganizationCode>() else {
            return Ok(None);
        };
        Ok(self
            .store
            .list_organizations()
            .await?
            .into_iter()
            .find(|o| o.code == code))
    }
}
