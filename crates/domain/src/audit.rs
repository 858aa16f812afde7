//! What the audit log records. Entries name who did what to which record, and how it
//! ended — never the personal data itself.

use time::OffsetDateTime;
use uuid::Uuid;

use crate::{DisplayName, OrganizationCode, OrganizationId, UserId, Username};

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

/// The operating-system account that ran a command of the server's command line. The
/// operator has no user account, so this is how the audit log names them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OsUser(String);

/// The text given is not an operating-system account name the log can keep.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not an operating-system account name (1 to {MAX_OS_USER_CHARS} printable characters)")]
pub struct OsUserError;

/// The longest operating-system account name kept, in characters. Linux allows 32.
pub const MAX_OS_USER_CHARS: usize = 64;

impl OsUser {
    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::str::FromStr for OsUser {
    type Err = OsUserError;

    /// Accepts what a password database holds as a name, and the `uid N` that stands for an
    /// account without one; refuses control characters, which could forge lines where the
    /// name is printed.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let count = s.chars().count();
        if (1..=MAX_OS_USER_CHARS).contains(&count) && !s.chars().any(char::is_control) {
            Ok(OsUser(s.to_owned()))
        } else {
            Err(OsUserError)
        }
    }
}

impl std::fmt::Display for OsUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Who acts, and when, for the audit entries a change writes — and, for a creating
/// request sent with an `Idempotency-Key`, the claim the change answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditContext {
    /// The signed-in user, if any (a failed sign-in has none).
    pub actor_id: Option<UserId>,
    /// The actor's organisation.
    pub actor_organization_id: Option<OrganizationId>,
    /// The operating-system account of an operator at the server's command line, who has
    /// no user account; `None` for everyone else.
    pub os_user: Option<OsUser>,
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
            os_user: None,
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
    /// Its position in the whole log, the list's order, from 1 (on PostgreSQL a number
    /// taken by a transaction that rolled back is skipped).
    pub seq: i64,
    /// Its identifier.
    pub id: Uuid,
    /// When it happened (UTC, microseconds).
    pub at: OffsetDateTime,
    /// Who acted.
    pub actor_id: Option<UserId>,
    /// The actor's organisation.
    pub actor_organization_id: Option<OrganizationId>,
    /// The operating-system account of an operator at the server's command line.
    pub os_user: Option<OsUser>,
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
    /// What the ids stand for, looked up when the log is read.
    pub names: AuditNames,
}

/// The names behind an entry's ids, as the users and organisations tables hold them when
/// the log is read. Not part of the entry's hash: the ids are the record, and a display
/// name changed later shows as it is now without breaking the chain.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditNames {
    /// The acting user's username.
    pub actor_username: Option<Username>,
    /// The acting user's display name.
    pub actor_display_name: Option<DisplayName>,
    /// The acting organisation's code.
    pub organization_code: Option<OrganizationCode>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_os_user_is_a_short_line_of_printable_text() {
        assert_eq!(
            "root".parse::<OsUser>().map(|u| u.to_string()),
            Ok("root".into())
        );
        assert!("uid 1001".parse::<OsUser>().is_ok());
        assert_eq!("".parse::<OsUser>(), Err(OsUserError));
        assert_eq!("root\nforged line".parse::<OsUser>(), Err(OsUserError));
        assert_eq!(
            "a".repeat(MAX_OS_USER_CHARS + 1).parse::<OsUser>(),
            Err(OsUserError)
        );
    }
}
