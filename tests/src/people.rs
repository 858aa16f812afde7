//! Test users of every role, created straight in the store.

use std::sync::OnceLock;

use panah_api::auth::Passwords;
use panah_domain::{AuditContext, Role, Roles, UserId};
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
        // Called from async tests: the hashing runtime lives and dies on its own thread.
        std::thread::spawn(|| {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap()
                .block_on(Passwords::new(1).hash(PASSWORD.to_owned()))
                .unwrap()
        })
        .join()
        .unwrap()
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

    /// Creates a user holding just `role`, in that role's home organisation.
    pub async fn create_user_with_role(&self, role: Role) -> TestUser {
        self.create_user(role.as_str(), role_home(role), &[role])
            .await
    }
}
