//! What the audit log records. Entries name who did what to which record, and how it
//! ended — never the personal data itself.

use time::OffsetDateTime;
use uuid::Uuid;

use crate::{OrganizationId, UserId};

/// How an audited action ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// It happened.
    Success,
    /// It was attempted and failed (a wrong password, a reused token).
    Failure,
    /// It was refused by the authorization policy.
    Denied,
}

impl Outcome {
    /// Every outcome.
    pub const ALL: [Outcome; 3] = [Outcome::Success, Outcome::Failure, Outcome::Denied];

    /// The snake_case name stored and shown.
    pub const fn as_str(self) -> &'static str {
        match self {
            Outcome::Success => "success",
            Outcome::Failure => "failure",
            Outcome::Denied => "denied",
        }
    }
}

impl std::str::FromStr for Outcome {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Outcome::ALL.into_iter().find(|o| o.as_str() == s).ok_or(())
    }
}

/// Who acts, and when, for the audit entries a change writes — and, for a creating
/// request sent with an `Idempotency-Key`, the claim the change answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuditContext {
    /// The signed-in user, if any (a failed sign-in has none).
    pub actor_id: Option<UserId>,
    /// The actor's organisation.
    pub actor_organization_id: Option<OrganizationId>,
    /// The HTTP request, to find its log lines.
    pub request_id: Option<Uuid>,
    /// When it happens.
    pub at: OffsetDateTime,
    /// The idempotency claim of the request, if it came with a key: a creating write
    /// records what it created on the claim in its own transaction, and a retry's write
    /// finds it there instead of creating it again.
    pub claim: Option<Uuid>,
}

impl AuditContext {
    /// An action of the system itself or of an operator at the command line.
    pub fn system(at: OffsetDateTime) -> AuditContext {
        AuditContext {
            actor_id: None,
            actor_organization_id: None,
            request_id: None,
            at,
            claim: None,
        }
    }
}

/// One thing to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    /// A dotted name such as `auth.login` or `user.update`.
    pub action: &'static str,
    /// The kind of record acted on, such as `user`.
    pub target_type: Option<&'static str>,
    /// The record's id.
    pub target_id: Option<String>,
    /// How it ended.
    pub outcome: Outcome,
    /// A small JSON object with more about it (changed field names, a route) — never
    /// personal data.
    pub details: Option<String>,
}

impl AuditEvent {
    /// A successful action on a record.
    pub fn success(
        action: &'static str,
        target_type: &'static str,
        target_id: impl ToString,
    ) -> Self {
        AuditEvent {
            action,
            target_type: Some(target_type),
            target_id: Some(target_id.to_string()),
            outcome: Outcome::Success,
            details: None,
        }
    }

    /// The same event with another outcome.
    pub fn with_outcome(self, outcome: Outcome) -> Self {
        AuditEvent { outcome, ..self }
    }

    /// The same event with details.
    pub fn with_details(self, details: String) -> Self {
        AuditEvent {
            details: Some(details),
            ..self
        }
    }
}

/// A stored audit entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// Its position in the chain, from 1.
    pub seq: i64,
    /// Its identifier.
    pub id: Uuid,
    /// When it happened (UTC, microseconds).
    pub at: OffsetDateTime,
    /// Who acted.
    pub actor_id: Option<UserId>,
    /// The actor's organisation.
    pub actor_organization_id: Option<OrganizationId>,
    /// What was done.
    pub action: String,
    /// The kind of record acted on.
    pub target_type: Option<String>,
    /// The record's id.
    pub target_id: Option<String>,
    /// How it ended.
    pub outcome: Outcome,
    /// The HTTP request.
    pub request_id: Option<Uuid>,
    /// More about it, as a JSON object.
    pub details: Option<String>,
}
