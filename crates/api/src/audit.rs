//! `/api/v1/audit`: the audit log, for auditors.

use axum::Json;
use axum::extract::State;
use panah_app::AuditFilter;
use panah_domain::{AuditEntry, Outcome, UserRef};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::auth::{Allowed, gate};
use crate::query::{ApiQuery, Page, decode_position, page_limit};
use crate::vocabulary;
use crate::{ApiError, AppState};

/// An audit entry as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEntryView {
    /// Position in the chain, from 1.
    pub seq: i64,
    /// The entry's id.
    pub id: Uuid,
    /// When it happened.
    #[serde(with = "crate::timestamp")]
    #[schema(value_type = String, format = DateTime)]
    pub at: OffsetDateTime,
    /// Who acted (null for failed sign-ins of unknown users, for the system and for an
    /// operator at the command line).
    pub actor_id: Option<Uuid>,
    /// The actor's organisation.
    pub actor_organization_id: Option<Uuid>,
    /// The user who acted, with their username and display name as they are now; null
    /// when no user acted.
    pub actor: Option<AuditActorView>,
    /// The actor's organisation with its code; null when no user acted.
    pub organization: Option<AuditOrganizationView>,
    /// The operating-system account of an operator who acted at the server's command line
    /// (`panah report funding`, `panah audit verify`, `panah user …`); null otherwise.
    pub os_user: Option<String>,
    /// What was done, such as `auth.login` or `user.update`.
    pub action: String,
    /// The kind of record acted on.
    pub target_type: Option<String>,
    /// The record's id.
    pub target_id: Option<String>,
    /// `success`, `failure` or `denied`.
    #[schema(value_type = vocabulary::Outcome)]
    pub outcome: Outcome,
    /// The request, to find its log lines.
    pub request_id: Option<Uuid>,
    /// More about it, as a JSON object.
    pub details: Option<serde_json::Value>,
}

/// The user behind an entry.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditActorView {
    /// The user's id.
    pub id: Uuid,
    /// Their username.
    pub username: Option<String>,
    /// Their display name.
    pub display_name: Option<String>,
}

/// The organisation behind an entry.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditOrganizationView {
    /// The organisation's id.
    pub id: Uuid,
    /// Its code, such as `IOM-AF`.
    pub code: Option<String>,
}

impl From<AuditEntry> for AuditEntryView {
    fn from(entry: AuditEntry) -> Self {
        let names = entry.names;
        AuditEntryView {
            seq: entry.seq,
            id: entry.id,
            at: entry.at,
            actor_id: entry.actor_id.map(|id| id.0),
            actor_organization_id: entry.actor_organization_id.map(|id| id.0),
            actor: entry.actor_id.map(|id| AuditActorView {
                id: id.0,
                username: names.actor_username.map(|name| name.as_str().to_owned()),
                display_name: names
                    .actor_display_name
                    .map(|name| name.as_str().to_owned()),
            }),
            organization: entry.actor_organization_id.map(|id| AuditOrganizationView {
                id: id.0,
                code: names.organization_code.map(|code| code.as_str().to_owned()),
            }),
            os_user: entry.os_user.map(|name| name.as_str().to_owned()),
            action: entry.action,
            target_type: entry.target_type,
            target_id: entry.target_id,
            outcome: entry.outcome,
            request_id: entry.request_id,
            details: entry
                .details
                .and_then(|details| serde_json::from_str(&details).ok()),
        }
    }
}

/// `GET /api/v1/audit` parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListAudit {
    /// Only entries of this user, named by id or by username.
    #[param(value_type = Option<String>)]
    pub actor: Option<UserRef>,
    /// Only entries of this action, such as `auth.login`.
    pub action: Option<String>,
    /// Only entries about records of this type, such as `user`.
    pub target_type: Option<String>,
    /// Only entries about this record.
    pub target_id: Option<String>,
    /// Only entries at or after this time (RFC 3339).
    #[serde(default, with = "crate::timestamp::option")]
    #[param(value_type = Option<String>, format = DateTime)]
    pub from: Option<OffsetDateTime>,
    /// Only entries before this time (RFC 3339).
    #[serde(default, with = "crate::timestamp::option")]
    #[param(value_type = Option<String>, format = DateTime)]
    pub to: Option<OffsetDateTime>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// The result of verifying the log: every lane's chain and every anchor.
#[derive(Debug, Serialize, ToSchema)]
pub struct VerificationView {
    /// Whether every lane and every anchor is intact.
    pub ok: bool,
    /// How many entries were checked.
    pub entries_checked: u64,
    /// How many anchors were checked.
    pub anchors_checked: u64,
    /// The first broken entry, or null.
    pub first_broken: Option<BrokenView>,
    /// The number of the first anchor that is not authentic, or null.
    pub broken_anchor: Option<i64>,
}

/// Where a lane breaks.
#[derive(Debug, Serialize, ToSchema)]
pub struct BrokenView {
    /// Its sequence number in the whole log; for a missing entry, the number after the
    /// last intact entry of its lane.
    pub seq: i64,
    /// Its lane.
    pub lane: i32,
    /// Its place in the lane, from 1.
    pub lane_seq: i64,
    /// Its id, when the row still exists.
    pub id: Option<Uuid>,
}

/// Audit entries, newest first (auditors).
#[utoipa::path(get, path = "/api/v1/audit", operation_id = "list_audit_entries", tag = "audit", security(("bearer" = [])),
    params(ListAudit),
    responses(
        (status = 200, description = "A page of audit entries, newest first", body = Page<AuditEntryView>),
        (status = 403, response = crate::error::Forbidden),
    ))]
pub async fn list(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::ReadAuditLog>,
    ApiQuery(query): ApiQuery<ListAudit>,
) -> Result<Json<Page<AuditEntryView>>, ApiError> {
    let limit = page_limit(query.limit)?;
    let before_seq = query
        .cursor
        .as_deref()
        .map(decode_position::<i64>)
        .transpose()?;
    let (actor_id, actor_username) = match query.actor {
        Some(UserRef::Id(id)) => (Some(id), None),
        Some(UserRef::Username(username)) => (None, Some(username)),
        None => (None, None),
    };
    let filter = AuditFilter {
        actor_id,
        actor_username,
        action: query.action,
        target_type: query.target_type,
        target_id: query.target_id,
        from: query.from,
        to: query.to,
        before_seq,
    };
    let entries = state.app.audit_log(&actor, &filter, limit, now).await?;
    Ok(Json(Page::from_app(
        entries,
        |e| e.seq.to_string(),
        AuditEntryView::from,
    )))
}

/// Recompute every lane's chain and check every anchor (auditors). The verification itself is audited.
#[utoipa::path(post, path = "/api/v1/audit/verify", operation_id = "verify_audit_chain", tag = "audit", security(("bearer" = [])),
    responses(
        (status = 200, description = "What the verification found", body = VerificationView),
        (status = 403, response = crate::error::Forbidden),
    ))]
pub async fn verify(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::VerifyAuditChain>,
) -> Result<Json<VerificationView>, ApiError> {
    let verification = state.app.verify_audit_chain(&actor, now).await?;
    Ok(Json(VerificationView {
        ok: verification.ok,
        entries_checked: verification.entries_checked,
        anchors_checked: verification.anchors_checked,
        first_broken: verification.first_broken.map(|broken| BrokenView {
            seq: broken.seq,
            lane: broken.lane,
            lane_seq: broken.lane_seq,
            id: broken.id,
        }),
        broken_anchor: verification.broken_anchor,
    }))
}
