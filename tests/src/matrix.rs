//! The authorization matrix: for every route the router serves, who may use it.
//!
//! Each line of [`MATRIX`] is one route — its method and its template exactly as the router
//! and the OpenAPI document spell it —, the app's use case it runs, and its [`Access`]:
//! public, every signed-in user, or only some roles, each with the [`Scope`] of records the
//! policy gives it. Deny by default: a role not named on a line is refused there.
//!
//! `tests/authorization.rs` holds the router to this table three ways. It fails when the
//! router serves a route the table lacks, or the table names one the router does not serve;
//! it checks every named permission and scope against `panah_domain::policy::authorize`
//! and every use case's gate against the route's permission;
//! and it signs in one user of each role and sends a real request to every route, expecting
//! `403 forbidden` exactly where the table refuses, and `401` for every route that is not
//! public when no token is sent.
//!
//! Adding a route therefore means adding its line here, deciding who may use it.
//! The web pages have their table too, [`WEB_MATRIX`], held to the web router by
//! `tests/web_framework.rs`.

use panah_app::UseCase;
use panah_domain::Role;
use panah_domain::policy::{Permission, Scope};

use Access::{Everyone, Public, Roles, SignedIn};
use Permission as P;
use Role as R;
use Scope as S;
use UseCase as U;

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
    /// The app's use case that the route runs, which decides who may (`None` for the
    /// public routes, which run no gated use case).
    pub use_case: Option<UseCase>,
    /// Who may use it.
    pub access: Access,
}

const fn route(
    method: &'static str,
    path: &'static str,
    use_case: Option<UseCase>,
    access: Access,
) -> Route {
    Route {
        method,
        path,
        use_case,
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

/// Everyone who follows legal proceedings: IOM through the case, the receiving side
/// through the referral the proceeding follows.
const PROCEEDING_FOLLOWERS: &[(Role, Scope)] = &[
    (R::Caseworker, S::Own),
    (R::CaseManager, S::Organization),
    (R::MinistryLiaison, S::Ministry),
    (R::ProvincialOfficer, S::Received),
    (R::PartnerFocalPoint, S::Received),
];

/// Programme managers and case managers record trainings and awareness activities.
const ACTIVITY_RECORDERS: &[(Role, Scope)] =
    &[(R::CaseManager, S::All), (R::ProgrammeManager, S::All)];

/// Those who read trainings and awareness activities: their recorders, the Ministry's
/// national liaison, and provincial officers (their own province's).
const ACTIVITY_READERS: &[(Role, Scope)] = &[
    (R::CaseManager, S::All),
    (R::ProgrammeManager, S::All),
    (R::MinistryLiaison, S::All),
    (R::ProvincialOfficer, S::Organization),
];

/// Programme managers write grants.
const PROGRAMME: &[(Role, Scope)] = &[(R::ProgrammeManager, S::All)];
/// Programme managers and case managers read grants and reports.
const REPORT_READERS: &[(Role, Scope)] = &[(R::CaseManager, S::All), (R::ProgrammeManager, S::All)];

/// The national statistics report: case managers and the Ministry's national liaison over
/// every province, a provincial office over its own.
const STATISTICS_READERS: &[(Role, Scope)] = &[
    (R::CaseManager, S::All),
    (R::MinistryLiaison, S::All),
    (R::ProvincialOfficer, S::Organization),
];

/// Every route of the router and who may use it. `/api/docs` stands for the API reference
/// page together with the assets served below it.
#[rustfmt::skip]
pub const MATRIX: &[Route] = &[
    route("GET",   "/healthz",                                     None,                          Public),
    route("GET",   "/readyz",                                      None,                          Public),
    route("GET",   "/metrics",                                     None,                          Public),
    route("GET",   "/api/docs",                                    None,                          Public),
    route("GET",   "/api/v1/openapi.json",                         None,                          Public),
    route("POST",  "/api/v1/auth/login",                           None,                          Public),
    route("POST",  "/api/v1/auth/refresh",                         None,                          Public),
    route("POST",  "/api/v1/auth/logout",                          Some(U::SignOut),              SignedIn),
    route("POST",  "/api/v1/auth/password",                        Some(U::ChangeOwnPassword),    SignedIn),
    route("GET",   "/api/v1/me",                                   Some(U::ReadOwnAccount),       SignedIn),
    route("GET",   "/api/v1/organizations",                        Some(U::ListOrganizations),    Everyone(P::OrganizationsRead)),
    route("GET",   "/api/v1/organizations/{id}",                   Some(U::ReadOrganization),     Everyone(P::OrganizationsRead)),
    route("POST",  "/api/v1/organizations",                        Some(U::AddOrganization),      Roles(P::OrganizationsManage, ADMIN)),
    route("GET",   "/api/v1/users",                                Some(U::ListUsers),            Roles(P::UsersRead, ADMIN_AND_AUDITOR)),
    route("GET",   "/api/v1/users/{id}",                           Some(U::ReadUser),             Roles(P::UsersRead, ADMIN_AND_AUDITOR)),
    route("POST",  "/api/v1/users",                                Some(U::CreateUser),           Roles(P::UsersManage, ADMIN)),
    route("PATCH", "/api/v1/users/{id}",                           Some(U::ChangeUser),           Roles(P::UsersManage, ADMIN)),
    route("POST",  "/api/v1/cases",                                Some(U::RegisterCase),         Roles(P::CasesCreate, CASE_WORKERS)),
    route("GET",   "/api/v1/cases",                                Some(U::ListCases),            Roles(P::CasesRead, CASE_WORKERS)),
    route("POST",  "/api/v1/cases/search",                         Some(U::SearchCases),          Roles(P::CasesRead, CASE_WORKERS)),
    route("GET",   "/api/v1/cases/{id}",                           Some(U::ReadCase),             Roles(P::CasesRead, CASE_WORKERS)),
    route("PATCH", "/api/v1/cases/{id}",                           Some(U::ChangeCase),           Roles(P::CasesUpdate, CASE_WORKERS)),
    route("POST",  "/api/v1/cases/{id}/consents",                  Some(U::RecordConsent),        Roles(P::CasesUpdate, CASE_WORKERS)),
    route("GET",   "/api/v1/cases/{id}/consents",                  Some(U::ListConsents),         Roles(P::CasesRead, CASE_WORKERS)),
    route("GET",   "/api/v1/cases/{id}/consents/{cid}",            Some(U::ReadConsent),          Roles(P::CasesRead, CASE_WORKERS)),
    route("POST",  "/api/v1/cases/{id}/consents/{cid}/withdraw",   Some(U::WithdrawConsent),      Roles(P::CasesUpdate, CASE_WORKERS)),
    route("POST",  "/api/v1/cases/{id}/assistance",                Some(U::LogAssistance),        Roles(P::AssistanceLog, CASE_WORKERS)),
    route("GET",   "/api/v1/cases/{id}/assistance",                Some(U::ListAssistance),       Roles(P::CasesRead, CASE_WORKERS)),
    route("GET",   "/api/v1/cases/{id}/assistance/{aid}",          Some(U::ReadAssistance),       Roles(P::CasesRead, CASE_WORKERS)),
    route("PATCH", "/api/v1/cases/{id}/assistance/{aid}",          Some(U::ChangeAssistance),     Roles(P::AssistanceLog, CASE_WORKERS)),
    route("POST",  "/api/v1/cases/{id}/notes",                     Some(U::WriteNote),            Roles(P::CasesUpdate, CASE_WORKERS)),
    route("GET",   "/api/v1/cases/{id}/notes",                     Some(U::ReadNotes),            Roles(P::CasesRead, CASE_WORKERS)),
    route("GET",   "/api/v1/cases/{id}/notes/{nid}",               Some(U::ReadNotes),            Roles(P::CasesRead, CASE_WORKERS)),
    route("POST",  "/api/v1/referrals",                            Some(U::MakeReferral),         Roles(P::ReferralsCreate, REFERRERS)),
    route("GET",   "/api/v1/referrals",                            Some(U::ListReferrals),        Roles(P::ReferralsAct, REFERRAL_PARTIES)),
    route("GET",   "/api/v1/referrals/{id}",                       Some(U::ReadReferral),         Roles(P::ReferralsAct, REFERRAL_PARTIES)),
    route("PATCH", "/api/v1/referrals/{id}",                       Some(U::SetReferralReference), Roles(P::ReferralsAct, REFERRAL_PARTIES)),
    route("POST",  "/api/v1/referrals/{id}/transitions",           Some(U::ActOnReferral),        Roles(P::ReferralsAct, REFERRAL_PARTIES)),
    route("POST",  "/api/v1/returns",                              Some(U::RequestReturn),        Roles(P::ReturnsManage, CASE_WORKERS)),
    route("GET",   "/api/v1/returns",                              Some(U::ListReturns),          Roles(P::ReturnsManage, CASE_WORKERS)),
    route("GET",   "/api/v1/returns/{id}",                         Some(U::ReadReturn),           Roles(P::ReturnsManage, CASE_WORKERS)),
    route("POST",  "/api/v1/returns/{id}/transitions",             Some(U::MoveReturn),           Roles(P::ReturnsManage, CASE_WORKERS)),
    route("POST",  "/api/v1/returns/{id}/monitoring-visits",       Some(U::RecordVisit),          Roles(P::ReturnsManage, CASE_WORKERS)),
    route("GET",   "/api/v1/returns/{id}/handover",                Some(U::HandOverReturn),       Roles(P::ReturnsManage, CASE_WORKERS)),
    route("GET",   "/api/v1/laws",                                 Some(U::ListLaws),             Everyone(P::LawsRead)),
    route("POST",  "/api/v1/cases/{id}/proceedings",               Some(U::OpenProceeding),       Roles(P::ProceedingsOpen, CASE_WORKERS)),
    route("GET",   "/api/v1/proceedings",                          Some(U::ListProceedings),      Roles(P::ProceedingsFollow, PROCEEDING_FOLLOWERS)),
    route("GET",   "/api/v1/proceedings/{id}",                     Some(U::ReadProceeding),       Roles(P::ProceedingsFollow, PROCEEDING_FOLLOWERS)),
    route("POST",  "/api/v1/proceedings/{id}/transitions",         Some(U::MoveProceeding),       Roles(P::ProceedingsFollow, PROCEEDING_FOLLOWERS)),
    route("POST",  "/api/v1/trainings",                            Some(U::RecordTraining),       Roles(P::ActivitiesRecord, ACTIVITY_RECORDERS)),
    route("GET",   "/api/v1/trainings",                            Some(U::ListTrainings),        Roles(P::ActivitiesRead, ACTIVITY_READERS)),
    route("GET",   "/api/v1/trainings/{id}",                       Some(U::ReadTraining),         Roles(P::ActivitiesRead, ACTIVITY_READERS)),
    route("PATCH", "/api/v1/trainings/{id}",                       Some(U::ChangeTraining),       Roles(P::ActivitiesRecord, ACTIVITY_RECORDERS)),
    route("POST",  "/api/v1/awareness-activities",                 Some(U::RecordAwareness),      Roles(P::ActivitiesRecord, ACTIVITY_RECORDERS)),
    route("GET",   "/api/v1/awareness-activities",                 Some(U::ListAwareness),        Roles(P::ActivitiesRead, ACTIVITY_READERS)),
    route("GET",   "/api/v1/awareness-activities/{id}",            Some(U::ReadAwareness),        Roles(P::ActivitiesRead, ACTIVITY_READERS)),
    route("PATCH", "/api/v1/awareness-activities/{id}",            Some(U::ChangeAwareness),      Roles(P::ActivitiesRecord, ACTIVITY_RECORDERS)),
    route("POST",  "/api/v1/grants",                               Some(U::CreateGrant),          Roles(P::GrantsManage, PROGRAMME)),
    route("GET",   "/api/v1/grants",                               Some(U::ListGrants),           Roles(P::ReportsRead, REPORT_READERS)),
    route("GET",   "/api/v1/grants/{id}",                          Some(U::ReadGrant),            Roles(P::ReportsRead, REPORT_READERS)),
    route("PATCH", "/api/v1/grants/{id}",                          Some(U::ChangeGrant),          Roles(P::GrantsManage, PROGRAMME)),
    route("GET",   "/api/v1/budget-lines",                         Some(U::ListChargeableLines),  Roles(P::AssistanceLog, CASE_WORKERS)),
    route("GET",   "/api/v1/reports/funding",                      Some(U::ExportFundingReport),  Roles(P::ReportsExport, REPORT_READERS)),
    route("GET",   "/api/v1/reports/statistics",                   Some(U::ExportStatistics),     Roles(P::StatisticsExport, STATISTICS_READERS)),
    route("GET",   "/api/v1/audit",                                Some(U::ReadAuditLog),         Roles(P::AuditRead, AUDITOR)),
    route("POST",  "/api/v1/audit/verify",                         Some(U::VerifyAuditChain),     Roles(P::AuditVerify, AUDITOR)),
];

/// Every page of the web router and who may use it: each page runs the same use case as
/// the API route it stands beside, so the same roles may. The pages that combine several
/// things for every signed-in person (the start page, the case search) run only the
/// reading of one's own account; the sign-in page, the language switch and the assets are
/// public. `tests/web_framework.rs` holds the web router's routes to this table, and sends
/// every role a real request to each, expecting 403 exactly where it refuses (and where
/// [`WEB_NARROWED`] adds a refusal).
#[rustfmt::skip]
pub const WEB_MATRIX: &[Route] = &[
    route("GET",   "/",                                           Some(U::ReadOwnAccount),       SignedIn),
    route("GET",   "/sign-in",                                    None,                          Public),
    route("POST",  "/sign-in",                                    None,                          Public),
    route("POST",  "/sign-out",                                   Some(U::SignOut),              SignedIn),
    route("GET",   "/password",                                   Some(U::ChangeOwnPassword),    SignedIn),
    route("POST",  "/password",                                   Some(U::ChangeOwnPassword),    SignedIn),
    // Anyone's choice is kept in a cookie; a signed-in person's is also saved on their
    // account, through `ChooseLanguage`, which checks no permission either.
    route("POST",  "/language",                                   None,                          Public),
    // The search form for every signed-in person; the list of cases only for whoever may
    // list them.
    route("GET",   "/cases",                                      Some(U::ReadOwnAccount),       SignedIn),
    route("POST",  "/cases",                                      Some(U::SearchCases),          Roles(P::CasesRead, CASE_WORKERS)),
    route("GET",   "/cases/new",                                  Some(U::RegisterCase),         Roles(P::CasesCreate, CASE_WORKERS)),
    route("POST",  "/cases/new",                                  Some(U::RegisterCase),         Roles(P::CasesCreate, CASE_WORKERS)),
    route("GET",   "/cases/{id}",                                 Some(U::ReadCase),             Roles(P::CasesRead, CASE_WORKERS)),
    route("POST",  "/cases/{id}/status",                          Some(U::ChangeCase),           Roles(P::CasesUpdate, CASE_WORKERS)),
    route("POST",  "/cases/{id}/assignee",                        Some(U::ChangeCase),           Roles(P::CasesUpdate, CASE_WORKERS)),
    route("POST",  "/cases/{id}/consents",                        Some(U::RecordConsent),        Roles(P::CasesUpdate, CASE_WORKERS)),
    route("POST",  "/cases/{id}/consents/{consent}/withdraw",     Some(U::WithdrawConsent),      Roles(P::CasesUpdate, CASE_WORKERS)),
    route("POST",  "/cases/{id}/assistance",                      Some(U::LogAssistance),        Roles(P::AssistanceLog, CASE_WORKERS)),
    route("POST",  "/cases/{id}/assistance/{assistance}/status",  Some(U::ChangeAssistance),     Roles(P::AssistanceLog, CASE_WORKERS)),
    route("POST",  "/cases/{id}/notes",                           Some(U::WriteNote),            Roles(P::CasesUpdate, CASE_WORKERS)),
    // Not for the Ministry's offices, which read no case file: see `WEB_NARROWED`.
    route("POST",  "/cases/{id}/referrals",                       Some(U::MakeReferral),         Roles(P::ReferralsCreate, REFERRERS)),
    route("GET",   "/budget-lines",                               Some(U::ListChargeableLines),  Roles(P::AssistanceLog, CASE_WORKERS)),
    route("GET",   "/referrals",                                  Some(U::ListReferrals),        Roles(P::ReferralsAct, REFERRAL_PARTIES)),
    // The Ministry's form for a person it identified, not IOM's: see `WEB_NARROWED`.
    route("GET",   "/referrals/new",                              Some(U::MakeReferral),         Roles(P::ReferralsCreate, REFERRERS)),
    route("POST",  "/referrals/new",                              Some(U::MakeReferral),         Roles(P::ReferralsCreate, REFERRERS)),
    route("GET",   "/referrals/{id}",                             Some(U::ReadReferral),         Roles(P::ReferralsAct, REFERRAL_PARTIES)),
    route("POST",  "/referrals/{id}/actions",                     Some(U::ActOnReferral),        Roles(P::ReferralsAct, REFERRAL_PARTIES)),
    route("POST",  "/referrals/{id}/forward",                     Some(U::ActOnReferral),        Roles(P::ReferralsAct, REFERRAL_PARTIES)),
    route("POST",  "/referrals/{id}/reference",                   Some(U::SetReferralReference), Roles(P::ReferralsAct, REFERRAL_PARTIES)),
    route("GET",   "/returns/{id}",                               Some(U::ReadReturn),           Roles(P::ReturnsManage, CASE_WORKERS)),
    route("POST",  "/returns/{id}/status",                        Some(U::MoveReturn),           Roles(P::ReturnsManage, CASE_WORKERS)),
    route("POST",  "/returns/{id}/visits",                        Some(U::RecordVisit),          Roles(P::ReturnsManage, CASE_WORKERS)),
    route("GET",   "/returns/{id}/handover",                      Some(U::HandOverReturn),       Roles(P::ReturnsManage, CASE_WORKERS)),
    route("GET",   "/audit",                                      Some(U::ReadAuditLog),         Roles(P::AuditRead, AUDITOR)),
    route("POST",  "/audit/verify",                               Some(U::VerifyAuditChain),     Roles(P::AuditVerify, AUDITOR)),
    route("GET",   "/admin/users",                                Some(U::ListUsers),            Roles(P::UsersRead, ADMIN_AND_AUDITOR)),
    route("POST",  "/admin/users",                                Some(U::CreateUser),           Roles(P::UsersManage, ADMIN)),
    route("GET",   "/admin/users/{id}",                           Some(U::ReadUser),             Roles(P::UsersRead, ADMIN_AND_AUDITOR)),
    route("POST",  "/admin/users/{id}/roles",                     Some(U::ChangeUser),           Roles(P::UsersManage, ADMIN)),
    route("POST",  "/admin/users/{id}/disabled",                  Some(U::ChangeUser),           Roles(P::UsersManage, ADMIN)),
    route("POST",  "/admin/users/{id}/password",                  Some(U::ChangeUser),           Roles(P::UsersManage, ADMIN)),
    route("GET",   "/admin/organizations",                        Some(U::ListOrganizations),    Everyone(P::OrganizationsRead)),
    route("POST",  "/admin/organizations",                        Some(U::AddOrganization),      Roles(P::OrganizationsManage, ADMIN)),
    route("GET",   "/grants",                                     Some(U::ListGrants),           Roles(P::ReportsRead, REPORT_READERS)),
    route("GET",   "/grants/new",                                 Some(U::CreateGrant),          Roles(P::GrantsManage, PROGRAMME)),
    route("POST",  "/grants/new",                                 Some(U::CreateGrant),          Roles(P::GrantsManage, PROGRAMME)),
    route("GET",   "/grants/{id}/edit",                           Some(U::ChangeGrant),          Roles(P::GrantsManage, PROGRAMME)),
    route("POST",  "/grants/{id}/edit",                           Some(U::ChangeGrant),          Roles(P::GrantsManage, PROGRAMME)),
    // A grant's report reads the grant first (`ReadGrant`, the same roles).
    route("GET",   "/grants/{id}/report",                         Some(U::ExportFundingReport),  Roles(P::ReportsExport, REPORT_READERS)),
    route("GET",   "/grants/{id}/report/file",                    Some(U::ExportFundingReport),  Roles(P::ReportsExport, REPORT_READERS)),
    route("GET",   "/reports/funding",                            Some(U::ExportFundingReport),  Roles(P::ReportsExport, REPORT_READERS)),
    route("GET",   "/reports/funding/file",                       Some(U::ExportFundingReport),  Roles(P::ReportsExport, REPORT_READERS)),
    route("GET",   "/proceedings",                                Some(U::ListProceedings),      Roles(P::ProceedingsFollow, PROCEEDING_FOLLOWERS)),
    route("GET",   "/proceedings/{id}",                           Some(U::ReadProceeding),       Roles(P::ProceedingsFollow, PROCEEDING_FOLLOWERS)),
    route("POST",  "/proceedings/{id}/moves",                     Some(U::MoveProceeding),       Roles(P::ProceedingsFollow, PROCEEDING_FOLLOWERS)),
    route("GET",   "/cases/{id}/proceedings/new",                 Some(U::OpenProceeding),       Roles(P::ProceedingsOpen, CASE_WORKERS)),
    route("POST",  "/cases/{id}/proceedings/new",                 Some(U::OpenProceeding),       Roles(P::ProceedingsOpen, CASE_WORKERS)),
    route("GET",   "/trainings",                                  Some(U::ListTrainings),        Roles(P::ActivitiesRead, ACTIVITY_READERS)),
    route("GET",   "/trainings/new",                              Some(U::RecordTraining),       Roles(P::ActivitiesRecord, ACTIVITY_RECORDERS)),
    route("POST",  "/trainings/new",                              Some(U::RecordTraining),       Roles(P::ActivitiesRecord, ACTIVITY_RECORDERS)),
    route("GET",   "/trainings/{id}",                             Some(U::ReadTraining),         Roles(P::ActivitiesRead, ACTIVITY_READERS)),
    route("GET",   "/trainings/{id}/edit",                        Some(U::ChangeTraining),       Roles(P::ActivitiesRecord, ACTIVITY_RECORDERS)),
    route("POST",  "/trainings/{id}/edit",                        Some(U::ChangeTraining),       Roles(P::ActivitiesRecord, ACTIVITY_RECORDERS)),
    route("GET",   "/awareness-activities",                       Some(U::ListAwareness),        Roles(P::ActivitiesRead, ACTIVITY_READERS)),
    route("GET",   "/awareness-activities/new",                   Some(U::RecordAwareness),      Roles(P::ActivitiesRecord, ACTIVITY_RECORDERS)),
    route("POST",  "/awareness-activities/new",                   Some(U::RecordAwareness),      Roles(P::ActivitiesRecord, ACTIVITY_RECORDERS)),
    route("GET",   "/awareness-activities/{id}/edit",             Some(U::ChangeAwareness),      Roles(P::ActivitiesRecord, ACTIVITY_RECORDERS)),
    route("POST",  "/awareness-activities/{id}/edit",             Some(U::ChangeAwareness),      Roles(P::ActivitiesRecord, ACTIVITY_RECORDERS)),
    // Assets need no session: the stylesheet, scripts and fonts of every page.
    route("GET",   "/assets/{name}",                              None,                          Public),
];

/// Pages that serve only part of their use case, and so refuse some of the roles its
/// permission grants: the method, the route and those roles. The web test expects 403
/// for them too.
pub const WEB_NARROWED: &[(&str, &str, &[Role])] = &[
    // A referral from the case file refers an IOM case, which the Ministry's offices do
    // not read: they refer the people they identify from `/referrals/new`.
    (
        "POST",
        "/cases/{id}/referrals",
        &[R::MinistryLiaison, R::ProvincialOfficer],
    ),
    // The Ministry's form for a person it identified: IOM refers from the case file.
    ("GET", "/referrals/new", &[R::Caseworker, R::CaseManager]),
];
