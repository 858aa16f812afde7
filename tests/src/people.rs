//! Test users of every role, created straight in the store.

use std::sync::OnceLock;

use argon2::PasswordHasher;
use panah_app::{Actor, Door};
use panah_domain::{AuditContext, Organization, Person, Role, Roles, Sex, UserId};
use panah_persistence::NewUser;
use time::OffsetDateTime;

use crate::TestDb;

/// The password of every test user.
pub const PASSWORD: &str = "correct horse battery staple";

/// A user created for a test.
#[derive(Debug, Clone)]
pub struct TestUser {
    /// Its id.
    pub id: UserId,
    /// Its username.
    pub username: String,
    /// Its organisation's code.
    pub organization: String,
}

/// The organisation where a user of `role` works in tests: IOM-AF, MOI, MOI-KAB or MOJ.
pub fn role_home(role: Role) -> &'static str {
    match role {
        Role::MinistryLiaison => "MOI",
        Role::ProvincialOfficer => "MOI-KAB",
        Role::PartnerFocalPoint => "MOJ",
        _ => "IOM-AF",
    }
}

/// One argon2 hash of [`PASSWORD`], shared by every test user: hashing is the slow part.
fn password_hash() -> String {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| {
        // The policy's parameters (argon2id, m = 19456 KiB, t = 2, p = 1) are the crate's
        // defaults, so the app verifies this hash without asking to redo it.
        argon2::Argon2::default()
            .hash_password(PASSWORD.as_bytes())
            .unwrap()
            .to_string()
    })
    .clone()
}

impl TestDb {
    /// Creates `username` with `roles` in the organisation with `organization` code, and
    /// the password [`PASSWORD`].
    pub async fn create_user(
        &self,
        username: &str,
        organization: &str,
        roles: &[Role],
    ) -> TestUser {
        let org = self
            .store
            .list_organizations()
            .await
            .unwrap()
            .into_iter()
            .find(|o| o.code.as_str() == organization)
            .unwrap_or_else(|| panic!("no organisation {organization}"));
        let new = NewUser {
            username: username.parse().unwrap(),
            display_name: username.parse().unwrap(),
            organization_id: org.id,
            roles: Roles::new(roles.iter().copied(), org.kind).unwrap(),
            password_hash: password_hash(),
            password_change_required: false,
        };
        let user = self
            .store
            .create_user(&new, &AuditContext::system(OffsetDateTime::now_utc()))
            .await
            .unwrap();
        TestUser {
            id: user.id,
            username: username.to_owned(),
            organization: organization.to_owned(),
        }
    }

    /// The organisation with `code`.
    pub async fn organization(&self, code: &str) -> Organization {
        self.store
            .list_organizations()
            .await
            .unwrap()
            .into_iter()
            .find(|o| o.code.as_str() == code)
            .unwrap_or_else(|| panic!("no organisation {code}"))
    }

    /// `user` acting through `door`, as the app sees them after signing in.
    pub async fn actor(&self, user: &TestUser, door: Door) -> Actor {
        let user = self.store.get_user(user.id).await.unwrap().unwrap();
        Actor::user(user, None, None, door, "a test")
    }

    /// Creates a user holding just `role`, in that role's home organisation.
    pub async fn create_user_with_role(&self, role: Role) -> TestUser {
        self.create_user(role.as_str(), role_home(role), &[role])
            .await
    }
}

/// A person with only the required fields and a given name.
pub fn person(given_name: &str) -> Person {
    Person {
        given_name: given_name.to_owned(),
        family_name: None,
        fathers_name: None,
        other_script_given_name: None,
        other_script_family_name: None,
        sex: Sex::Female,
        date_of_birth: None,
        estimated_age: None,
        citizenship: "AF".parse().unwrap(),
        phone: None,
        address: None,
        document_number: None,
    }
}
