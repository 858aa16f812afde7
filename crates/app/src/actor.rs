//! Who acts, through which door, and the one check of what they may do: [`App::authorize`].

use panah_domain::policy::{self, Permission, Scope};
use panah_domain::{AuditContext, AuditEvent, OsUser, Outcome, User};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::{App, AppError};

/// The way a request reached the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Door {
    /// The JSON API.
    Api,
    /// The web pages.
    Web,
    /// The command line of the server (`panah user create`, `panah report`).
    Cli,
    /// `panah demo`, replaying a year of synthetic work.
    Demo,
}

impl Door {
    /// The name recorded in audit details.
    pub const fn as_str(self) -> &'static str {
        match self {
            Door::Api => "api",
            Door::Web => "web",
            Door::Cli => "cli",
            Door::Demo => "demo",
        }
    }
}

/// Who acts: a signed-in user, or the operator at the server's command line.
#[derive(Debug, Clone)]
enum Principal {
    User(Box<User>),
    Operator,
}

/// The one acting in a use case, and how they came.
#[derive(Debug, Clone)]
pub struct Actor {
    principal: Principal,
    /// The session the user is signed in with, if any.
    pub session_id: Option<Uuid>,
    /// The request, to find its log lines.
    pub request_id: Option<Uuid>,
    /// The door.
    pub door: Door,
    /// What the door was asked, in its own words (`POST /api/v1/cases`): recorded when a
    /// refusal is audited.
    pub attempt: String,
    /// The `Idempotency-Key` claim of the request, when it came with one: the record it
    /// creates is written on the claim in the same transaction.
    pub claim: Option<Uuid>,
    /// For the operator, the operating-system account running the command, which the
    /// audit log records in place of a user.
    os_user: Option<OsUser>,
}

impl Actor {
    /// A signed-in user in their session.
    pub fn user(
        user: User,
        session_id: Option<Uuid>,
        request_id: Option<Uuid>,
        door: Door,
        attempt: impl Into<String>,
    ) -> Actor {
        Actor {
            principal: Principal::User(Box::new(user)),
            session_id,
            request_id,
            door,
            attempt: attempt.into(),
            claim: None,
            os_user: None,
        }
    }

    /// The same actor, answering the idempotency claim `claim`.
    pub fn with_claim(self, claim: Uuid) -> Actor {
        Actor {
            claim: Some(claim),
            ..self
        }
    }

    /// The operator at the server's command line. Audited as the system unless
    /// [`Actor::run_by`] names the operating-system account.
    pub fn operator(door: Door, attempt: impl Into<String>) -> Actor {
        Actor {
            principal: Principal::Operator,
            session_id: None,
            request_id: None,
            door,
            attempt: attempt.into(),
            claim: None,
            os_user: None,
        }
    }

    /// The same operator, known as the operating-system account `os_user`: every audit
    /// entry of what they do names it. The operator has no user row, and the account that
    /// ran the command is the one thing that tells two operators apart afterwards. A
    /// signed-in user is named by their account, so this changes nothing for them.
    pub fn run_by(self, os_user: OsUser) -> Actor {
        Actor {
            os_user: Some(os_user),
            ..self
        }
    }

    /// The signed-in user, or `None` for the operator.
    pub fn signed_in(&self) -> Option<&User> {
        match &self.principal {
            Principal::User(user) => Some(user),
            Principal::Operator => None,
        }
    }

    /// The signed-in user, or [`AppError::Denied`] for the operator: for use cases that
    /// only make sense for a person with an account.
    pub(crate) fn user_or_denied(&self) -> Result<&User, AppError> {
        self.signed_in().ok_or(AppError::Denied)
    }

    /// The audit context of what this actor does at `at`.
    pub(crate) fn audit(&self, at: OffsetDateTime) -> AuditContext {
        let user = self.signed_in();
        AuditContext {
            actor_id: user.map(|u| u.id),
            actor_organization_id: user.map(|u| u.organization.id),
            os_user: match self.principal {
                Principal::Operator => self.os_user.clone(),
                Principal::User(_) => None,
            },
            request_id: self.request_id,
            at,
            claim: self.claim,
        }
    }

    /// Whether the policy grants this actor `permission`, and over which records.
    pub(crate) fn policy(&self, permission: Permission) -> Result<Scope, policy::Denied> {
        match &self.principal {
            Principal::User(user) => policy::authorize(user.roles.as_slice(), permission),
            Principal::Operator => policy::authorize_operator(permission),
        }
    }
}

macro_rules! use_cases {
    ($($(#[$meta:meta])* $name:ident => [$($permission:ident),*],)+) => {
        /// Every use case of the app, with the permissions it consults: the first is the
        /// one it needs at all (none: any signed-in user, for their own account), the
        /// others decide parts of it. Doors name the use case they are about to run, so
        /// that a refusal comes before they read what was sent.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum UseCase {
            $($(#[$meta])* $name,)+
        }

        impl UseCase {
            /// Every use case.
            pub const ALL: &'static [UseCase] = &[$(UseCase::$name),+];

            /// The permissions this use case consults, the gate first.
            pub const fn consults(self) -> &'static [Permission] {
                match self {
                    $(UseCase::$name => &[$(Permission::$permission),*],)+
                }
            }
        }
    };
}

use_cases! {
    /// Sign out of one's own session.
    SignOut => [],
    /// Change one's own password.
    ChangeOwnPassword => [],
    /// Read one's own account.
    ReadOwnAccount => [],
    /// Choose the language of one's pages.
    ChooseLanguage => [],
    /// List the organisations.
    ListOrganizations => [OrganizationsRead],
    /// Read one organisation.
    ReadOrganization => [OrganizationsRead],
    /// Add an organisation.
    AddOrganization => [OrganizationsManage],
    /// Create a user.
    CreateUser => [UsersManage],
    /// List users.
    ListUsers => [UsersRead],
    /// Read a user.
    ReadUser => [UsersRead],
    /// Change a user's name, roles or disabled flag, or reset their password.
    ChangeUser => [UsersManage],
    /// Read the audit log.
    ReadAuditLog => [AuditRead],
    /// Verify the audit chain.
    VerifyAuditChain => [AuditVerify],
    /// Register a case (assigning it to someone else needs `CasesAssign`).
    RegisterCase => [CasesCreate, CasesAssign],
    /// List cases.
    ListCases => [CasesRead],
    /// Search cases by identity.
    SearchCases => [CasesRead],
    /// Read a case with its person (its referrals need `ReferralsAct`, its returns
    /// `ReturnsManage`).
    ReadCase => [CasesRead, ReferralsAct, ReturnsManage],
    /// Change a case (assigning needs `CasesAssign`, closing and reopening `CasesClose`).
    ChangeCase => [CasesUpdate, CasesAssign, CasesClose],
    /// List the caseworkers a case may be assigned to.
    ListAssignees => [CasesAssign],
    /// Record a consent.
    RecordConsent => [CasesUpdate],
    /// List a case's consents.
    ListConsents => [CasesRead],
    /// Read a consent.
    ReadConsent => [CasesRead],
    /// Withdraw a consent.
    WithdrawConsent => [CasesUpdate],
    /// Log assistance.
    LogAssistance => [AssistanceLog, AssistanceCostsRead],
    /// List a case's assistance (costs need `AssistanceCostsRead`).
    ListAssistance => [CasesRead, AssistanceCostsRead],
    /// Read an assistance record (its cost needs `AssistanceCostsRead`).
    ReadAssistance => [CasesRead, AssistanceCostsRead],
    /// List the planned assistance whose day has come, across the cases in scope.
    ListAssistanceDue => [CasesRead],
    /// Change an assistance record.
    ChangeAssistance => [AssistanceLog, AssistanceCostsRead],
    /// Write a note on a case.
    WriteNote => [CasesUpdate],
    /// Read a case's notes.
    ReadNotes => [CasesRead],
    /// Make a referral (from a case: within `CasesRead`'s scope).
    MakeReferral => [ReferralsCreate, CasesRead],
    /// List referrals (a case's referrals: within `CasesRead`'s scope).
    ListReferrals => [ReferralsAct, CasesRead],
    /// Read a referral.
    ReadReferral => [ReferralsAct],
    /// Act on a referral.
    ActOnReferral => [ReferralsAct],
    /// Record the receiving organisation's own reference on a referral.
    SetReferralReference => [ReferralsAct],
    /// Request a return.
    RequestReturn => [ReturnsManage, AssistanceCostsRead],
    /// List returns.
    ListReturns => [ReturnsManage],
    /// Read a return.
    ReadReturn => [ReturnsManage, AssistanceCostsRead],
    /// Move a return on.
    MoveReturn => [ReturnsManage, AssistanceCostsRead],
    /// Record a monitoring visit.
    RecordVisit => [ReturnsManage],
    /// Export a return's handover packet.
    HandOverReturn => [ReturnsManage],
    /// Create a grant.
    CreateGrant => [GrantsManage],
    /// Change a grant.
    ChangeGrant => [GrantsManage],
    /// List grants.
    ListGrants => [ReportsRead],
    /// Read a grant.
    ReadGrant => [ReportsRead],
    /// List the budget lines one may charge a cost to (no amounts, no spend).
    ListChargeableLines => [AssistanceLog],
    /// Export a funding report.
    ExportFundingReport => [ReportsExport],
    /// Export the national statistics report.
    ExportStatistics => [StatisticsExport],
    /// Load the demo data set into an empty database.
    LoadDemo => [DataLoad],
    /// List the laws and their articles.
    ListLaws => [LawsRead],
    /// Open a legal proceeding on a case.
    OpenProceeding => [ProceedingsOpen],
    /// List the legal proceedings one follows.
    ListProceedings => [ProceedingsFollow],
    /// Read a legal proceeding with its history.
    ReadProceeding => [ProceedingsFollow],
    /// Move a legal proceeding's stage.
    MoveProceeding => [ProceedingsFollow],
    /// Record a training.
    RecordTraining => [ActivitiesRecord, AssistanceCostsRead],
    /// List trainings (costs need `AssistanceCostsRead`).
    ListTrainings => [ActivitiesRead, AssistanceCostsRead],
    /// Read a training (its cost needs `AssistanceCostsRead`).
    ReadTraining => [ActivitiesRead, AssistanceCostsRead],
    /// Change a training.
    ChangeTraining => [ActivitiesRecord, AssistanceCostsRead],
    /// Record an awareness activity.
    RecordAwareness => [ActivitiesRecord, AssistanceCostsRead],
    /// List awareness activities (costs need `AssistanceCostsRead`).
    ListAwareness => [ActivitiesRead, AssistanceCostsRead],
    /// Read an awareness activity (its cost needs `AssistanceCostsRead`).
    ReadAwareness => [ActivitiesRead, AssistanceCostsRead],
    /// Change an awareness activity.
    ChangeAwareness => [ActivitiesRecord, AssistanceCostsRead],
}

impl UseCase {
    /// The permission that gates the use case, if any.
    pub fn gate(self) -> Option<Permission> {
        self.consults().first().copied()
    }

    /// Whether a user who must change their one-time password may still do this.
    pub const fn allowed_before_password_change(self) -> bool {
        // Choosing a language too: the password page must be readable in one's own.
        matches!(
            self,
            UseCase::SignOut | UseCase::ChangeOwnPassword | UseCase::ChooseLanguage
        )
    }
}

/// The one decision behind [`App::authorize`] and [`App::permits`].
fn decide(actor: &Actor, use_case: UseCase) -> Result<Scope, AppError> {
    match (&actor.principal, use_case.gate()) {
        (Principal::User(user), _)
            if user.password_change_required && !use_case.allowed_before_password_change() =>
        {
            Err(AppError::PasswordChangeRequired)
        }
        // A use case of one's own account: every signed-in user, over their own.
        (Principal::User(_), None) => Ok(Scope::Own),
        (Principal::Operator, None) => Err(AppError::Denied),
        (_, Some(permission)) => actor.policy(permission).map_err(|_| AppError::Denied),
    }
}

impl App {
    /// Whether `actor` may run `use_case`, and over which records: the one check every
    /// use case starts with, and that doors call before they read what was sent. A
    /// refusal is audited (once: a door's early check and the use case's own agree).
    pub async fn authorize(
        &self,
        actor: &Actor,
        use_case: UseCase,
        now: OffsetDateTime,
    ) -> Result<Scope, AppError> {
        match decide(actor, use_case) {
            Ok(scope) => Ok(scope),
            Err(refusal) => Err(self.refuse(actor, now, refusal).await),
        }
    }

    /// Whether [`App::authorize`] would let `actor` run `use_case`, asked without running
    /// it and so without auditing: for doors to offer only what the actor may do (a menu
    /// entry, a button). The use case still checks when it runs.
    pub fn permits(&self, actor: &Actor, use_case: UseCase) -> bool {
        decide(actor, use_case).is_ok()
    }

    /// Whether `actor` holds `permission`, one of those `use_case` consults beyond its
    /// gate, and over which records. Pure: the use case decides what a refusal means.
    pub(crate) fn may(
        &self,
        actor: &Actor,
        use_case: UseCase,
        permission: Permission,
    ) -> Option<Scope> {
        debug_assert!(
            use_case.consults().contains(&permission),
            "{use_case:?} does not declare that it consults {permission:?}"
        );
        actor.policy(permission).ok()
    }

    /// Audits a refusal of `actor` and returns it: every 403 a person gets is in the log.
    pub(crate) async fn refuse(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        refusal: AppError,
    ) -> AppError {
        let event = AuditEvent {
            action: "access.denied",
            target_type: Some("route"),
            target_id: Some(actor.attempt.clone()),
            outcome: Outcome::Denied,
            details: None,
        };
        if let Err(error) = self.store.record_audit(&actor.audit(now), &event).await {
            // The refusal stands; a refusal that cannot be audited must not become a 500.
            tracing::error!(%error, "could not audit a refused request");
        }
        refusal
    }
}
