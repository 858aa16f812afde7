//! Panah's domain: the vocabulary of the IOM – Ministry of Interior counter-trafficking
//! cooperation framework as Rust types.
//!
//! Values here are parsed once at the boundary (`FromStr`, `TryFrom`, `Deserialize`) and
//! are proof of their own validity afterwards. The crate does no I/O and never reads the
//! system clock: time is passed in by the caller.

mod audit;
pub mod calendar;
mod case;
mod consent;
mod country;
mod enums;
mod figures;
mod grant;
mod language;
mod money;
mod organization;
mod outreach;
mod password;
mod person;
pub mod policy;
mod prosecution;
mod province;
mod referral;
mod returns;
mod role;
pub mod solar_hijri;
mod suppression;
mod text;
mod user;

pub use audit::{
    AuditContext, AuditEntry, AuditEvent, AuditNames, MAX_OS_USER_CHARS, OsUser, OsUserError,
    Outcome,
};
pub use case::{
    Assistance, AssistanceId, AssistanceStatus, AssistanceStatusError, AssistanceType,
    AssistanceTypeError, Case, CaseCategory, CaseCategoryError, CaseId, CaseNote, CaseNumber,
    CaseNumberError, CaseStatus, CaseStatusError, CaseSummary, ExploitationType,
    ExploitationTypeError, InvalidTransition, MeansOfControl, MeansOfControlError, NoteId,
    RecruiterRelation, RecruiterRelationError, Recruitment, RecruitmentError, StatusActor,
    TraffickingProfile,
};
pub use consent::{
    AGE_OF_CONSENT, Consent, ConsentGiver, ConsentGiverError, ConsentId, ConsentKind,
    ConsentKindError, ConsentMethod, ConsentMethodError, ConsentNeed, DisclosureBasis, GivenBy,
    GuardianRelation, GuardianRelationError, disclosure_basis,
};
pub use country::{Country, CountryError};
pub use figures::{
    ActivityFigures, AwarenessFigures, Breakdown, FundingFigures, FundingScope, LawFigures,
    ServiceFigures, SpendFigures, StatisticsFigures, TrainingFigures,
};
pub use grant::{
    BudgetLine, BudgetLineId, ChargeableLine, Grant, GrantId, MAX_CODE_CHARS, is_valid_code,
};
pub use language::{Language, LanguageError};
pub use money::{Currency, CurrencyError, Money};
pub use organization::{
    Organization, OrganizationCode, OrganizationCodeError, OrganizationId, OrganizationKind,
    OrganizationKindError,
};
pub use outreach::{
    AwarenessActivity, AwarenessChannel, AwarenessChannelError, AwarenessId, Participants,
    Training, TrainingId, TrainingTopic, TrainingTopicError,
};
pub use password::{MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS, NewPassword, PasswordError};
pub use person::{
    AgeGroup, AgeGroupError, MAX_IDENTITY_CHARS, Person, PersonNames, PersonPatch, Sex, SexError,
    age_on,
};
pub use prosecution::{
    Law, LawArticle, LawCode, LawCodeError, LegalProceeding, MAX_LAW_CODE_CHARS, ProceedingId,
    ProceedingMoveError, ProceedingOutcome, ProceedingOutcomeError, ProceedingStage,
    ProceedingStageError, ProceedingStep,
};
pub use province::{Province, ProvinceError};
pub use referral::{
    Disclosure, DisclosureError, Party, Referral, ReferralAction, ReferralActionError, ReferralId,
    ReferralProfile, ReferralPurpose, ReferralPurposeError, ReferralStatus, ReferralStatusError,
    TimelineEntry, TimelineEvent, TimelineEventError, TransitionRefusal, Urgency, UrgencyError,
    is_overdue,
};
pub use returns::{
    MonitoringScores, MonitoringVisit, Place, ReturnCase, ReturnDirection, ReturnDirectionError,
    ReturnId, ReturnStatus, ReturnStatusError, ReturnStep, ReturnTransitionError, RouteEnd,
    RouteError, RouteProblem, Score, ScoreError, StepReason, StepReasonError, VisitId, check_route,
};
pub use role::{Role, RoleError, RoleMismatch};
pub use suppression::{
    Cell, SuppressedGroup, Threshold, ThresholdError, UnbalancedBreakdown, suppress_count,
    suppress_group,
};
pub use text::{FieldProblem, Shape, TextRule};
pub use user::{
    DisplayName, DisplayNameError, Roles, RolesError, User, UserId, UserRef, UserRefError,
    Username, UsernameError,
};
