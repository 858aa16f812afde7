//! Why a use case refused or failed: one closed enum that every door maps to its own way
//! of saying it (problem+json, a page, a line on the terminal).

use panah_domain::{ConsentNeed, Currency, FieldProblem};
use panah_persistence::StoreError;

/// Why a use case did not happen. Nothing here carries personal data: messages and
/// problems name fields, never their values.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The policy refuses this actor the use case (audited).
    #[error("your roles do not allow this")]
    Denied,
    /// The actor must change their one-time password before anything else (audited).
    #[error("change your one-time password first")]
    PasswordChangeRequired,
    /// The other organisation of the referral takes this action (audited).
    #[error("the other organisation of this referral takes this action")]
    WrongParty,
    /// Unknown, or outside the actor's scope: the two look the same.
    #[error("not found")]
    NotFound,
    /// The command breaks rules: every problem, each naming its field.
    #[error("invalid: {}", problems(.0))]
    Invalid(Vec<FieldProblem>),
    /// What was asked needs consents of the person that are not on record: the field
    /// that asked for it, with what is missing in words, and each missing consent.
    #[error("the person's consent is required: {problem}")]
    ConsentRequired {
        /// The field of the command that needs the consents, and what is missing.
        problem: FieldProblem,
        /// Each consent that is missing: its kind and the organisation kinds to cover.
        missing: Vec<ConsentNeed>,
    },
    /// A cost charged to a budget line in another currency than the grant's.
    #[error("the cost is in {cost}, the grant's budget in {budget}")]
    CurrencyMismatch {
        /// The cost's currency.
        cost: Currency,
        /// The grant's.
        budget: Currency,
    },
    /// The record's state does not allow the move; says which.
    #[error("{0}")]
    InvalidTransition(String),
    /// The record changed since the actor read it.
    #[error("the record changed since it was read")]
    VersionMismatch,
    /// The command conflicts with what is stored.
    #[error("{0}")]
    Conflict(Conflict),
    /// Sign-in: the username or password is wrong (or the account disabled).
    #[error("the username or password is wrong")]
    InvalidCredentials,
    /// The session has ended (signed out, expired, revoked, or the user disabled).
    #[error("this session has ended")]
    SessionEnded,
    /// The refresh token is unknown, used already, or its session has ended.
    #[error("this refresh token is not valid")]
    InvalidRefreshToken,
    /// Too many failed sign-ins for the account or the client.
    #[error("too many failed sign-ins")]
    TooManyAttempts {
        /// When to try again, in seconds.
        retry_after_secs: u64,
    },
    /// Too many password checks at once; retry in a moment.
    #[error("too many sign-ins at once")]
    Busy,
    /// The database cannot be reached; retry later.
    #[error("the database is unavailable")]
    Unavailable,
    /// Something failed that no rule explains: the cause is for the log only.
    #[error("internal error: {0}")]
    Internal(Box<dyn std::error::Error + Send + Sync>),
}

/// A command that conflicts with what is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Conflict {
    /// Another user has this username.
    #[error("another user has this username")]
    UsernameTaken,
    /// Another organisation has this code.
    #[error("another organisation has this code")]
    OrganizationCodeTaken,
    /// A grant with this code exists.
    #[error("a grant with this code exists")]
    GrantCodeTaken,
    /// An admin would disable themselves or drop their own admin role.
    #[error("you cannot disable yourself or remove your own admin role")]
    SelfLockout,
    /// The consent was withdrawn before.
    #[error("this consent was withdrawn before")]
    AlreadyWithdrawn,
    /// The grant's currency or period changed while a cost was charged to it.
    #[error("the grant's currency or period changed while you charged it")]
    ChargeChanged,
    /// Costs were charged to the grant while its period changed, and uncharged since.
    #[error("costs were charged to the grant meanwhile")]
    ChargedMeanwhile,
    /// Another request with the same `Idempotency-Key` answered it meanwhile.
    #[error("another request with this idempotency key answered it")]
    ClaimAnswered,
}

fn problems(problems: &[FieldProblem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

impl AppError {
    /// [`AppError::Invalid`] with one problem.
    pub fn invalid(field: &str, message: impl Into<String>) -> AppError {
        AppError::Invalid(vec![FieldProblem::new(field, message)])
    }

    /// [`AppError::ConsentRequired`] for `field`, naming every missing consent and what
    /// else the actor may do (`otherwise`).
    pub(crate) fn consent_required(
        field: &str,
        missing: Vec<ConsentNeed>,
        otherwise: &str,
    ) -> AppError {
        let needs: Vec<String> = missing.iter().map(ToString::to_string).collect();
        AppError::ConsentRequired {
            problem: FieldProblem::new(
                field,
                format!(
                    "needs {} of the person: record it on the case first, or {otherwise}",
                    needs.join(" and ")
                ),
            ),
            missing,
        }
    }

    /// [`AppError::Internal`] for a failure that is no store error.
    pub(crate) fn internal(cause: impl std::error::Error + Send + Sync + 'static) -> AppError {
        AppError::Internal(Box::new(cause))
    }

    /// Whether a door should record this as a refusal of access.
    pub fn is_denial(&self) -> bool {
        matches!(
            self,
            AppError::Denied | AppError::PasswordChangeRequired | AppError::WrongParty
        )
    }
}

/// `Ok` when no problem was found, else every problem.
pub(crate) fn valid(problems: Vec<FieldProblem>) -> Result<(), AppError> {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(AppError::Invalid(problems))
    }
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> AppError {
        match error {
            unavailable if unavailable.is_unavailable() => {
                tracing::warn!(error = %unavailable, "database unavailable");
                AppError::Unavailable
            }
            StoreError::NotFound => AppError::NotFound,
            StoreError::VersionMismatch => AppError::VersionMismatch,
            StoreError::ClaimAnswered => AppError::Conflict(Conflict::ClaimAnswered),
            other => AppError::Internal(Box::new(other)),
        }
    }
}
