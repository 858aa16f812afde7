//! Staff accounts.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::{Language, Organization, OrganizationKind, Role, RoleMismatch};

/// The identifier of a user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UserId(pub Uuid);

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// The text given is not a valid username.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "not a username (3 to 64 characters: letters a-z, digits, dots, hyphens and underscores, starting with a letter or digit)"
)]
pub struct UsernameError;

/// A login name. Case-insensitive: parsing lower-cases it, so `Fatima.K` and `fatima.k`
/// are one account.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Username(String);

impl Username {
    /// The username as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Username {
    type Err = UsernameError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.to_ascii_lowercase();
        let valid = (3..=64).contains(&lower.len())
            && lower
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
            && lower
                .bytes()
                .next()
                .is_some_and(|b| b.is_ascii_alphanumeric());
        if valid {
            Ok(Username(lower))
        } else {
            Err(UsernameError)
        }
    }
}

impl<'de> Deserialize<'de> for Username {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

eserde::impl_edeserialize_compat!(Username);

impl fmt::Display for Username {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The text given is not a valid display name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a display name (1 to 100 characters, no control characters)")]
pub struct DisplayNameError;

/// A user's name as colleagues see it. Any script; trimmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct DisplayName(String);

impl DisplayName {
    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for DisplayName {
    type Err = DisplayNameError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let trimmed = s.trim();
        let chars = trimmed.chars().count();
        if (1..=100).contains(&chars) && !trimmed.chars().any(char::is_control) {
            Ok(DisplayName(trimmed.to_owned()))
        } else {
            Err(DisplayNameError)
        }
    }
}

impl<'de> Deserialize<'de> for DisplayName {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

eserde::impl_edeserialize_compat!(DisplayName);

/// Why a set of roles was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RolesError {
    /// No role at all.
    #[error("a user needs at least one role")]
    Empty,
    /// A role that does not fit the organisation.
    #[error(transparent)]
    Mismatch(#[from] RoleMismatch),
}

/// A non-empty set of roles that all fit one kind of organisation, sorted and without
/// duplicates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Roles(Vec<Role>);

impl Roles {
    /// Checks that `roles` is not empty and that staff of `kind` may hold each.
    pub fn new(
        roles: impl IntoIterator<Item = Role>,
        kind: OrganizationKind,
    ) -> Result<Roles, RolesError> {
        let mut roles: Vec<Role> = roles.into_iter().collect();
        roles.sort_unstable();
        roles.dedup();
        if roles.is_empty() {
            return Err(RolesError::Empty);
        }
        for role in &roles {
            role.check_fits(kind)?;
        }
        Ok(Roles(roles))
    }

    /// The roles, sorted.
    pub fn as_slice(&self) -> &[Role] {
        &self.0
    }

    /// Whether `role` is among them.
    pub fn contains(&self, role: Role) -> bool {
        self.0.contains(&role)
    }
}

/// A staff account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Its identifier.
    pub id: UserId,
    /// Its login name.
    pub username: Username,
    /// Its name for people.
    pub display_name: DisplayName,
    /// The organisation it belongs to.
    pub organization: Organization,
    /// What it may do.
    pub roles: Roles,
    /// A disabled account cannot sign in, and its sessions end at once.
    pub disabled: bool,
    /// The password was set by someone else (the first admin's one-time password) and
    /// must be changed before anything else.
    pub password_change_required: bool,
    /// The language the user chose for the pages, if they chose one.
    pub language: Option<Language>,
    /// Incremented by every change; the `ETag`.
    pub version: i64,
    /// When it was created.
    pub created_at: OffsetDateTime,
    /// When it was last changed.
    pub updated_at: OffsetDateTime,
}

/// A user as people name them: by id or by username, alike (an auditor filtering the log
/// by `?actor=` types whichever they have).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserRef {
    /// By id.
    Id(UserId),
    /// By username.
    Username(Username),
}

/// The text given is neither a user id nor a username.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("is neither a user id nor a username")]
pub struct UserRefError;

impl FromStr for UserRef {
    type Err = UserRefError;

    /// Text shaped like a UUID is an id; anything else must be a username. (A username
    /// shaped like a UUID, which the username rules allow, is then found by its id.)
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if let Ok(id) = Uuid::parse_str(s) {
            return Ok(UserRef::Id(UserId(id)));
        }
        s.parse().map(UserRef::Username).map_err(|_| UserRefError)
    }
}

impl<'de> Deserialize<'de> for UserRef {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_case_insensitive_and_plain() {
        assert_eq!("Fatima.K".parse::<Username>().unwrap().as_str(), "fatima.k");
        for good in ["ali", "a_b-c.d", "user2026"] {
            assert!(good.parse::<Username>().is_ok(), "{good}");
        }
        for bad in [
            "",
            "ab",
            ".ali",
            "-ali",
            "ali khan",
            "علی",
            "ali@iom",
            &"a".repeat(65),
        ] {
            assert!(bad.parse::<Username>().is_err(), "{bad}");
        }
    }

    #[test]
    fn display_names_take_any_script_and_are_trimmed() {
        assert_eq!(
            " فاطمه کریمی ".parse::<DisplayName>().unwrap().as_str(),
            "فاطمه کریمی"
        );
        for bad in ["", "   ", "a\nb", &"x".repeat(101)] {
            assert!(bad.parse::<DisplayName>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn roles_must_be_present_and_fit_the_organisation() {
        let roles = Roles::new(
            [Role::CaseManager, Role::Caseworker, Role::Caseworker],
            OrganizationKind::Iom,
        )
        .unwrap();
        assert_eq!(roles.as_slice(), [Role::Caseworker, Role::CaseManager]);
        assert_eq!(
            Roles::new([], OrganizationKind::Iom),
            Err(RolesError::Empty)
        );
        assert!(matches!(
            Roles::new(
                [Role::Caseworker, Role::MinistryLiaison],
                OrganizationKind::Iom
            ),
            Err(RolesError::Mismatch(_))
        ));
    }

    #[test]
    fn a_user_is_named_by_id_or_by_username_alike() {
        let id = "0190f5a2-7c3e-7d41-9a55-1c2b3d4e5f60";
        assert_eq!(
            id.parse::<UserRef>(),
            Ok(UserRef::Id(UserId(Uuid::parse_str(id).unwrap())))
        );
        assert_eq!(
            "Demo.Auditor".parse::<UserRef>(),
            Ok(UserRef::Username("demo.auditor".parse().unwrap()))
        );
        assert_eq!("not a name!".parse::<UserRef>(), Err(UserRefError));
    }
}
