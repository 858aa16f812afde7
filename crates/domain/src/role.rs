//! Roles: what a user does, and which organisations' staff may hold each.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::OrganizationKind;

/// A role from DOMAIN.md. A user holds one or more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// IOM: registers cases and logs assistance on the cases assigned to them.
    Caseworker,
    /// IOM: all IOM cases; assigns, closes and reopens them.
    CaseManager,
    /// IOM: grants and funding reports; aggregates only.
    ProgrammeManager,
    /// IOM: users and organisations.
    Admin,
    /// IOM: reads users and the audit log, verifies the audit chain.
    Auditor,
    /// MoI national: referrals received by MoI national or any provincial office.
    MinistryLiaison,
    /// MoI provincial office: referrals sent to or from their own office.
    ProvincialOfficer,
    /// Partner ministry: referrals received by their ministry.
    PartnerFocalPoint,
}

eserde::impl_edeserialize_compat!(Role);

/// The text given was not one of the roles.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "not a role (expected caseworker, case_manager, programme_manager, admin, auditor, ministry_liaison, provincial_officer or partner_focal_point)"
)]
pub struct RoleError;

/// A role that staff of the organisation's kind may not hold.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the role {role} is not for staff of a {kind} organisation")]
pub struct RoleMismatch {
    /// The role refused.
    pub role: Role,
    /// The organisation's kind.
    pub kind: OrganizationKind,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 8] = [
        Role::Caseworker,
        Role::CaseManager,
        Role::ProgrammeManager,
        Role::Admin,
        Role::Auditor,
        Role::MinistryLiaison,
        Role::ProvincialOfficer,
        Role::PartnerFocalPoint,
    ];

    /// The snake_case name used in JSON, the database and the command line.
    pub const fn as_str(self) -> &'static str {
        match self {
            Role::Caseworker => "caseworker",
            Role::CaseManager => "case_manager",
            Role::ProgrammeManager => "programme_manager",
            Role::Admin => "admin",
            Role::Auditor => "auditor",
            Role::MinistryLiaison => "ministry_liaison",
            Role::ProvincialOfficer => "provincial_officer",
            Role::PartnerFocalPoint => "partner_focal_point",
        }
    }

    /// The kind of organisation whose staff may hold this role.
    pub const fn organization_kind(self) -> OrganizationKind {
        match self {
            Role::Caseworker
            | Role::CaseManager
            | Role::ProgrammeManager
            | Role::Admin
            | Role::Auditor => OrganizationKind::Iom,
            Role::MinistryLiaison => OrganizationKind::MoiNational,
            Role::ProvincialOfficer => OrganizationKind::MoiProvincial,
            Role::PartnerFocalPoint => OrganizationKind::PartnerMinistry,
        }
    }

    /// Checks that staff of an organisation of `kind` may hold this role.
    pub fn check_fits(self, kind: OrganizationKind) -> Result<(), RoleMismatch> {
        if self.organization_kind() == kind {
            Ok(())
        } else {
            Err(RoleMismatch { role: self, kind })
        }
    }
}

impl FromStr for Role {
    type Err = RoleError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or(RoleError)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_their_names() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert!("superuser".parse::<Role>().is_err());
    }

    #[test]
    fn each_role_fits_exactly_one_kind_of_organisation() {
        for role in Role::ALL {
            let fitting: Vec<_> = OrganizationKind::ALL
                .into_iter()
                .filter(|kind| role.check_fits(*kind).is_ok())
                .collect();
            assert_eq!(fitting, [role.organization_kind()], "{role}");
        }
        assert!(
            Role::Caseworker
                .check_fits(OrganizationKind::MoiNational)
                .is_err()
        );
        assert!(
            Role::ProvincialOfficer
                .check_fits(OrganizationKind::MoiNational)
                .is_err()
        );
        assert!(
            Role::ProvincialOfficer
                .check_fits(OrganizationKind::MoiProvincial)
                .is_ok()
        );
        assert!(Role::Admin.check_fits(OrganizationKind::Donor).is_err());
    }
}
