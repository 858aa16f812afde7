//! The authorization matrix: for every route the router serves, who may use it.
//!
//! Each line of [`MATRIX`] is one route — its method and its template exactly as the router
//! and the OpenAPI document spell it — and its [`Access`]: public, every signed-in user, or
//! only some roles, each with the [`Scope`] of records the policy gives it. Deny by
//! default: a role not named on a line is refused there.
//!
//! `tests/authorization.rs` holds the router to this table three ways. It fails when the
//! router serves a route the table lacks, or the table names one the router does not serve;
//! it checks every named permission and scope against `panah_domain::policy::authorize`;
//! and it signs in one user of each role and sends a real request to every route, expecting
//! `403 forbidden` exactly where the table refuses, and `401` for every route that is not
//! public when no token is sent.
//!
//! Adding a route therefore means adding its line here, deciding who may use it.

use panah_domain::Role;
use panah_domain::policy::{Permission, Scope};

use Access::{Everyone, Public, Roles, SignedIn};
use Permission as P;
use Role as R;
use Scope as S;

/// Who may use a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, without a token.
    Public,
    /// Every signed-in user, whatever their roles: the route concerns only the caller's
    /// own session or account, and checks no permission.
    SignedIn,
    /// Every signed-in user, through a permission the policy grants everyone over all
    /// records.
    Everyone(Permission),
    /// Only the roles listed, through the permission named, each over its scope.
    Roles(Permission, &'static [(Role, Scope)]),
}

impl Access {
    /// Whether a signed-in user holding just `role` may use the route.
    pub fn allows(self, role: Role) -> bool {
        match self {
            Public | SignedIn | Everyone(_) => true,
            Roles(_, granted) => granted.iter().any(|(r, _)| *r == role),
        }
    }
}

/// One line of the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route {
    /// The HTTP method, in capitals.
    pub method: &'static str,
    /// The route template, with path parameters in braces (`/api/v1/users/{id}`).
    pub path: &'static str,
    /// Who may use it.
    pub access: Access,
}

const fn route(method: &'static str, path: &'static str, access: Access) -> Route {
    Route {
        method,
        path,
        access,
    }
}

/// Administrators, over every record.
const ADMIN: &[(Role, Scope)] = &[(R::Admin, S::All)];
/// Auditors, over every record.
const AUDITOR: &[(Role, Scope)] = &[(R::Auditor, S::All)];
/// Administrators and auditors, over every record.
const ADMIN_AND_AUDITOR: &[(Role, Scope)] = &[(R::Admin, S::All), (R::Auditor, S::All)];

/// Caseworkers over the cases assigned to them, case managers over every IOM case.
const CASE_WORKERS: &[(Role, Scope)] =
    &[(R::Caseworker, S::Own), (R::CaseManager, S::Organization)];

/// Everyone who makes referrals: IOM caseworkers from their own cases, case managers from
/// any, the Ministry of Interior's liaison and provincial officers for their offices.
const REFERRERS: &[(Role, Scope)] = &[
    (R::Caseworker, S::Own),
    (R::CaseManager, S::Organization),
    (R::MinistryLiaison, S::Organization),
    (R::ProvincialOfficer, S::Organization),
];

/// Everyone who reads and acts on referrals, over the referrals of their side.
const REFERRAL_PARTIES: &[(Role, Scope)] = &[
    (R::Caseworker, S::Received),
    (R::CaseManager, S::Organization),
    (R::MinistryLiaison, S::Ministry),
    (R::ProvincialOfficer, S::Organization),
    (R::PartnerFocalPoint, S::Received),
];

/// Programme managers write grants.
const PROGRAMME: &[(Role, Scope)] = &[(R::ProgrammeManager, S::All)];
/// Programme managers and case managers read grants and reports.
const REPORT_READERS: &[(Role, Scope)] = &[(R::CaseManager, S::All), (R::ProgrammeManager, S::All)];

/// Every route of the router and who may use it. `/api/docs` stands for the API reference
/// page together with the assets served below it.
#[rustfmt::skip]
pub const MATRIX: &[Route] = &[
    route("GET",   "/healthz",                   Public),
    route("GET",   "/readyz",                    Public),
    route("GET",   "/metrics",                   Public),
    route("GET",   "/api/docs",                  Public),
    route("GET",   "/api/v1/openapi.json",       Public),
    route("POST",  "/api/v1/auth/login",         Public),
    route("POST",  "/api/v1/auth/refresh",       Public),
    route("POST",  "/api/v1/auth/logout",        SignedIn),
    route("POST",  "/api/v1/auth/password",      SignedIn),
    route("GET",   "/api/v1/me",                 SignedIn),
    route("GET",   "/api/v1/organizations",      Everyone(P::OrganizationsRead)),
    route("GET",   "/api/v1/organizations/{id}", Everyone(P::OrganizationsRead)),
    route("POST",  "/api/v1/organizations",      Roles(P::OrganizationsManage, ADMIN)),
    route("GET",   "/api/v1/users",              Roles(P::UsersRead, ADMIN_AND_AUDITOR)),
    route("GET",   "/api/v1/users/{id}",         Roles(P::UsersRead, ADMIN_AND_AUDITOR)),
    route("POST",  "/api/v1/users",              Roles(P::UsersManage, ADMIN)),
    route("PATCH", "/api/v1/users/{id}",         Roles(P::UsersManage, ADMIN)),
    route("POST",  "/api/v1/cases",              Roles(P::CasesCreate, CASE_WORKERS)),
    route("GET",   "/api/v1/cases",              Roles(P::CasesRead, CASE_WORKERS)),
    route("POST",  "/api/v1/cases/search",       Roles(P::CasesRead, CASE_WORKERS)),
    route("GET",   "/api/v1/cases/{id}",         Roles(P::CasesRead, CASE_WORKERS)),
    route("PATCH", "/api/v1/cases/{id}",         Roles(P::CasesUpdate, CASE_WORKERS)),
    route("POST",  "/api/v1/cases/{id}/consents",                 Roles(P::CasesUpdate, CASE_WORKERS)),
    route("GET",   "/api/v1/cases/{id}/consents",                 Roles(P::CasesRead, CASE_WORKERS)),
    route("GET",   "/api/v1/cases/{id}/consents/{cid}",           Roles(P::CasesRead, CASE_WORKERS)),
    route("POST",  "/api/v1/cases/{id}/consents/{cid}/withdraw",  Roles(P::CasesUpdate, CASE_WORKERS)),
    route("POST",  "/api/v1/cases/{id}/assistance",               Roles(P::AssistanceLog, CASE_WORKERS)),
    route("GET",   "/api/v1/cases/{id}/assistance",               Roles(P::CasesRead, CASE_WORKERS)),
    route("GET",   "/api/v1/cases/{id}/assistance/{aid}",         Roles(P::CasesRead, CASE_WORKERS)),
    route("PATCH", "/api/v1/cases/{id}/assistance/{aid}",         Roles(P::AssistanceLog, CASE_WORKERS)),
    route("POST",  "/api/v1/cases/{id}/notes",                    Roles(P::CasesUpdate, CASE_WORKERS)),
    route("GET",   "/api/v1/cases/{id}/notes",                    Roles(P::CasesRead, CASE_WORKERS)),
    route("GET",   "/api/v1/cases/{id}/notes/{nid}",              Roles(P::CasesRead, CASE_WORKERS)),
    route("POST",  "/api/v1/referrals",                           Roles(P::ReferralsCreate, REFERRERS)),
    route("GET",   "/api/v1/referrals",                           Roles(P::ReferralsAct, REFERRAL_PARTIES)),
    route("GET",   "/api/v1/referrals/{id}",                      Roles(P::ReferralsAct, REFERRAL_PARTIES)),
    route("POST",  "/api/v1/referrals/{id}/transitions",          Roles(P::ReferralsAct, REFERRAL_PARTIES)),
    route("POST",  "/api/v1/returns",                             Roles(P::ReturnsManage, CASE_WORKERS)),
    route("GET",   "/api/v1/returns",                             Roles(P::ReturnsManage, CASE_WORKERS)),
    route("GET",   "/api/v1/returns/{id}",                        Roles(P::ReturnsManage, CASE_WORKERS)),
    route("POST",  "/api/v1/returns/{id}/transitions",            Roles(P::ReturnsManage, CASE_WORKERS)),
    route("POST",  "/api/v1/returns/{id}/monitoring-visits",      Roles(P::ReturnsManage, CASE_WORKERS)),
    route("GET",   "/api/v1/returns/{id}/handover",               Roles(P::ReturnsManage, CASE_WORKERS)),
    route("POST",  "/api/v1/grants",                              Roles(P::GrantsManage, PROGRAMME)),
    route("GET",   "/api/v1/grants",                              Roles(P::ReportsRead, REPORT_READERS)),
    route("GET",   "/api/v1/grants/{id}",                         Roles(P::ReportsRead, REPORT_READERS)),
    route("PATCH", "/api/v1/grants/{id}",                         Roles(P::GrantsManage, PROGRAMME)),
    route("GET",   "/api/v1/reports/funding",                     Roles(P::ReportsRead, REPORT_READERS)),
    route("GET",   "/api/v1/audit",              Roles(P::AuditRead, AUDITOR)),
    route("POST",  "/api/v1/audit/verify",       Roles(P::AuditVerify, AUDITOR)),
];
