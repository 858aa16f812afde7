//! The authorization policy: which role may do what, over which records. Deny by default:
//! a permission not granted here is refused.
//!
//! The application layer asks [`authorize`] at the start of every use case and hands the
//! resulting [`Scope`] to the store, which turns it into a `WHERE` clause. The policy
//! never reads data itself, and nothing outside it compares role names.

use serde::Serialize;

use crate::Role;

/// Something a user may be allowed to do. Closed: adding an action means adding a variant
/// and deciding, in [`GRANTS`], who gets it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    /// List organisations (every signed-in user).
    OrganizationsRead,
    /// Add organisations.
    OrganizationsManage,
    /// List and read user accounts.
    UsersRead,
    /// Create users, change their roles, disable them.
    UsersManage,
    /// Read the audit log.
    AuditRead,
    /// Verify the audit chain.
    AuditVerify,
    /// Register a case.
    CasesCreate,
    /// Read case files, identity included.
    CasesRead,
    /// Change case files.
    CasesUpdate,
    /// Assign cases to caseworkers.
    CasesAssign,
    /// Close and reopen cases.
    CasesClose,
    /// Log assistance on cases.
    AssistanceLog,
    /// Read what assistance cost.
    AssistanceCostsRead,
    /// Create and send referrals.
    ReferralsCreate,
    /// Read and act on referrals (acknowledge, accept, decline, complete).
    ReferralsAct,
    /// Manage voluntary returns.
    ReturnsManage,
    /// Create and change grants.
    GrantsManage,
    /// Read grants and their budget lines.
    ReportsRead,
    /// Export funding reports (each export is audited with its purpose and recipient).
    ReportsExport,
    /// Load a data set into an empty database (the command line's `panah demo`).
    DataLoad,
    /// Read the laws trafficking cases are prosecuted under (every signed-in user).
    LawsRead,
    /// Open a legal proceeding on a case.
    ProceedingsOpen,
    /// Read legal proceedings and move their stage: IOM through the case, the receiving
    /// side through the referral the proceeding follows.
    ProceedingsFollow,
    /// Record and change trainings and awareness activities.
    ActivitiesRecord,
    /// Read trainings and awareness activities (a provincial office: its province's).
    ActivitiesRead,
    /// Export the national statistics report, aggregate and suppressed (a provincial
    /// office: its own province's).
    StatisticsExport,
}

impl Permission {
    /// Every permission.
    pub const ALL: &'static [Permission] = &[
        P::OrganizationsRead,
        P::OrganizationsManage,
        P::UsersRead,
        P::UsersManage,
        P::AuditRead,
        P::AuditVerify,
        P::CasesCreate,
        P::CasesRead,
        P::CasesUpdate,
        P::CasesAssign,
        P::CasesClose,
        P::AssistanceLog,
        P::AssistanceCostsRead,
        P::ReferralsCreate,
        P::ReferralsAct,
        P::ReturnsManage,
        P::GrantsManage,
        P::ReportsRead,
        P::ReportsExport,
        P::DataLoad,
        P::LawsRead,
        P::ProceedingsOpen,
        P::ProceedingsFollow,
        P::ActivitiesRecord,
        P::ActivitiesRead,
        P::StatisticsExport,
    ];
}

/// Over which records a permission holds. The store translates it into SQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Records assigned to the caller.
    Own,
    /// Records received by the caller's organisation.
    Received,
    /// Records of the caller's organisation (for a provincial office: its province).
    Organization,
    /// Records of the Ministry of Interior's national office and all provincial offices.
    Ministry,
    /// Every record of the kind.
    All,
}

/// The caller holds no role granting the permission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("none of the caller's roles grants {0:?}")]
pub struct Denied(pub Permission);

use Permission as P;
use Role as R;
use Scope as S;

/// The role → permission map of DOMAIN.md ("Who may do what"). Anything absent is denied.
pub const GRANTS: &[(Role, Permission, Scope)] = &[
    (R::Caseworker, P::CasesCreate, S::Own),
    (R::Caseworker, P::CasesRead, S::Own),
    (R::Caseworker, P::CasesUpdate, S::Own),
    (R::Caseworker, P::AssistanceLog, S::Own),
    (R::Caseworker, P::AssistanceCostsRead, S::Own),
    (R::Caseworker, P::ReferralsCreate, S::Own),
    (R::Caseworker, P::ReferralsAct, S::Received),
    (R::Caseworker, P::ReturnsManage, S::Own),
    (R::Caseworker, P::ProceedingsOpen, S::Own),
    (R::Caseworker, P::ProceedingsFollow, S::Own),
    (R::CaseManager, P::CasesCreate, S::Organization),
    (R::CaseManager, P::CasesRead, S::Organization),
    (R::CaseManager, P::CasesUpdate, S::Organization),
    (R::CaseManager, P::CasesAssign, S::Organization),
    (R::CaseManager, P::CasesClose, S::Organization),
    (R::CaseManager, P::AssistanceLog, S::Organization),
    (R::CaseManager, P::AssistanceCostsRead, S::Organization),
    (R::CaseManager, P::ReferralsCreate, S::Organization),
    (R::CaseManager, P::ReferralsAct, S::Organization),
    (R::CaseManager, P::ReturnsManage, S::Organization),
    (R::CaseManager, P::ReportsRead, S::All),
    (R::CaseManager, P::ProceedingsOpen, S::Organization),
    (R::CaseManager, P::ProceedingsFollow, S::Organization),
    (R::CaseManager, P::ReportsExport, S::All),
    (R::CaseManager, P::ActivitiesRecord, S::All),
    (R::CaseManager, P::ActivitiesRead, S::All),
    (R::CaseManager, P::StatisticsExport, S::All),
    (R::ProgrammeManager, P::AssistanceCostsRead, S::All),
    (R::ProgrammeManager, P::ActivitiesRecord, S::All),
    (R::ProgrammeManager, P::ActivitiesRead, S::All),
    (R::ProgrammeManager, P::GrantsManage, S::All),
    (R::ProgrammeManager, P::ReportsRead, S::All),
    (R::ProgrammeManager, P::ReportsExport, S::All),
    (R::Admin, P::UsersRead, S::All),
    (R::Admin, P::UsersManage, S::All),
    (R::Admin, P::OrganizationsManage, S::All),
    (R::Auditor, P::UsersRead, S::All),
    (R::Auditor, P::AuditRead, S::All),
    (R::Auditor, P::AuditVerify, S::All),
    (R::MinistryLiaison, P::ReferralsCreate, S::Organization),
    (R::MinistryLiaison, P::ReferralsAct, S::Ministry),
    (R::MinistryLiaison, P::ProceedingsFollow, S::Ministry),
    (R::MinistryLiaison, P::ActivitiesRead, S::All),
    (R::MinistryLiaison, P::StatisticsExport, S::All),
    (R::ProvincialOfficer, P::ReferralsCreate, S::Organization),
    (R::ProvincialOfficer, P::ReferralsAct, S::Organization),
    (R::ProvincialOfficer, P::ProceedingsFollow, S::Received),
    (R::ProvincialOfficer, P::ActivitiesRead, S::Organization),
    (R::ProvincialOfficer, P::StatisticsExport, S::Organization),
    (R::PartnerFocalPoint, P::ReferralsAct, S::Received),
    (R::PartnerFocalPoint, P::ProceedingsFollow, S::Received),
];

/// Permissions that every signed-in user has, whatever their roles.
const EVERYONE: &[Permission] = &[P::OrganizationsRead, P::LawsRead];

/// What an operator at the server's command line may do: the operator holds the keys and
/// the database already, so this is about which use cases the command line offers, not
/// about trust. It never includes reading case files.
const OPERATOR: &[Permission] = &[
    P::OrganizationsRead,
    P::OrganizationsManage,
    P::UsersRead,
    P::UsersManage,
    P::AuditRead,
    P::AuditVerify,
    P::ReportsRead,
    P::ReportsExport,
    P::DataLoad,
];

/// Decides whether a caller holding `roles` may use `permission`, and over which records:
/// the widest scope any of the roles grants.
pub fn authorize(roles: &[Role], permission: Permission) -> Result<Scope, Denied> {
    if EVERYONE.contains(&permission) {
        return Ok(Scope::All);
    }
    GRANTS
        .iter()
        .filter(|(role, granted, _)| *granted == permission && roles.contains(role))
        .map(|(_, _, scope)| *scope)
        .max()
        .ok_or(Denied(permission))
}

/// Whether a user holding `roles` may be assigned cases: IOM caseworkers only. A case
/// manager who registers or accepts a case names a caseworker for it (or leaves it to
/// assign).
pub fn takes_cases(roles: &[Role]) -> bool {
    roles.contains(&R::Caseworker)
}

/// Decides whether an operator at the server's command line may use `permission`: over
/// every record, for the permissions the command line offers.
pub fn authorize_operator(permission: Permission) -> Result<Scope, Denied> {
    if OPERATOR.contains(&permission) {
        Ok(Scope::All)
    } else {
        Err(Denied(permission))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_is_granted_twice_to_the_same_role() {
        for (i, (role, permission, _)) in GRANTS.iter().enumerate() {
            assert!(
                GRANTS[i + 1..]
                    .iter()
                    .all(|(r, p, _)| (r, p) != (role, permission)),
                "{role} {permission:?}"
            );
        }
    }

    #[test]
    fn users_and_the_audit_log_belong_to_admins_and_auditors_only() {
        assert_eq!(authorize(&[R::Admin], P::UsersManage), Ok(S::All));
        assert_eq!(authorize(&[R::Auditor], P::UsersRead), Ok(S::All));
        assert_eq!(
            authorize(&[R::Auditor], P::UsersManage),
            Err(Denied(P::UsersManage))
        );
        assert_eq!(
            authorize(&[R::Admin], P::AuditRead),
            Err(Denied(P::AuditRead))
        );
        for role in Role::ALL {
            if role != R::Admin && role != R::Auditor {
                assert!(authorize(&[role], P::UsersRead).is_err(), "{role}");
                assert!(authorize(&[role], P::AuditRead).is_err(), "{role}");
            }
        }
    }

    #[test]
    fn admins_and_auditors_never_see_case_files() {
        for role in [
            R::Admin,
            R::Auditor,
            R::ProgrammeManager,
            R::MinistryLiaison,
            R::ProvincialOfficer,
            R::PartnerFocalPoint,
        ] {
            assert!(authorize(&[role], P::CasesRead).is_err(), "{role}");
        }
    }

    #[test]
    fn the_widest_scope_of_the_callers_roles_wins() {
        assert_eq!(authorize(&[R::Caseworker], P::CasesRead), Ok(S::Own));
        assert_eq!(
            authorize(&[R::Caseworker, R::CaseManager], P::CasesRead),
            Ok(S::Organization)
        );
    }

    #[test]
    fn permission_all_lists_every_permission_once_and_every_grant_is_among_them() {
        for (i, permission) in Permission::ALL.iter().enumerate() {
            assert!(
                !Permission::ALL[i + 1..].contains(permission),
                "{permission:?}"
            );
        }
        for (_, permission, _) in GRANTS {
            assert!(Permission::ALL.contains(permission), "{permission:?}");
        }
    }

    #[test]
    fn an_operator_never_reads_case_files() {
        assert_eq!(authorize_operator(P::UsersManage), Ok(S::All));
        for permission in [
            P::CasesRead,
            P::CasesUpdate,
            P::ReferralsAct,
            P::ReturnsManage,
        ] {
            assert!(authorize_operator(permission).is_err(), "{permission:?}");
        }
    }

    #[test]
    fn every_signed_in_user_may_list_organisations() {
        assert_eq!(authorize(&[], P::OrganizationsRead), Ok(S::All));
        assert!(authorize(&[], P::UsersRead).is_err());
    }
}
