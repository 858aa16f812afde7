//! `/api/v1/referrals`: cases moving between IOM, the Ministry of Interior and partner
//! ministries, with only as much of the person as they consented to share.
//!
//! Who sees a referral, and on which side, is the app's decision; a referral outside
//! the caller's view is 404 like one that does not exist. The workflow's refusals come
//! in the domain's order: not visible 404, wrong side 403, wrong status 409
//! `invalid_transition`.

pub(crate) mod dto;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use panah_app::{Mailbox, ReferralCursor, ReferralEntry, ReferralQuery, Subject};
use panah_domain::{
    CaseId, OrganizationId, ReferralAction, ReferralId, ReferralPurpose, ReferralStatus,
};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use dto::{ChangeReferral, CreateReferral, ReferralListItem, ReferralView, Transition};

use crate::auth::{Allowed, gate};
use crate::case_records::consents::given_by;
use crate::error::Problem;
use crate::query::{
    ApiPath, ApiQuery, Page, decode_cursor, etag, if_match, not_a_cursor, page_limit,
};
use crate::vocabulary;
use crate::{ApiError, ApiJson, AppState};

/// `GET /api/v1/referrals` parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListReferrals {
    /// `inbox` (received) or `outbox` (sent, drafts included); both when absent.
    #[serde(rename = "box")]
    #[param(rename = "box", inline)]
    pub mailbox: Option<MailboxParam>,
    /// Only this status.
    #[param(value_type = Option<vocabulary::ReferralStatus>)]
    pub status: Option<ReferralStatus>,
    /// Only this purpose.
    #[param(value_type = Option<vocabulary::ReferralPurpose>)]
    pub purpose: Option<ReferralPurpose>,
    /// Only referrals about a person in this province.
    #[param(value_type = Option<vocabulary::Province>)]
    pub province: Option<panah_domain::Province>,
    /// `true`: only referrals past their due date while `sent` or `acknowledged`;
    /// `false`: only the others.
    pub overdue: Option<bool>,
    /// Only the referrals of this IOM case (for those who may read the case; anyone else
    /// gets an empty list).
    pub case_id: Option<Uuid>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// `box=inbox|outbox`.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = Mailbox)]
pub enum MailboxParam {
    /// Received.
    Inbox,
    /// Sent.
    Outbox,
}

/// Make a referral: from an IOM case (IOM staff), or with the person inline from a
/// ministry to IOM. Kept as a draft unless `send` is true.
#[utoipa::path(post, path = "/api/v1/referrals", operation_id = "create_referral", tag = "referrals", security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe: the same key and body within 24 hours answers the first response again")),
    request_body = CreateReferral,
    responses(
        (status = 201, description = "The referral, in the sender's view", body = ReferralView, headers(("Location" = String))),
        (status = 403, response = crate::error::Forbidden),
        (status = 404, description = "`not_found`: the case is unknown or outside your scope", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`, or `consent_required` for an identity disclosure without the person's consent", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::MakeReferral>,
    ApiJson(body): ApiJson<CreateReferral>,
) -> Result<impl IntoResponse, ApiError> {
    let entry = ReferralEntry {
        case_id: body.case_id.map(CaseId),
        subject: body
            .subject
            .map(|subject| {
                Ok::<_, ApiError>(Subject {
                    consent_given_by: given_by(
                        subject.consent_given_by,
                        subject.consent_guardian_relation,
                        "subject.consent_",
                    )?,
                    category: subject.category,
                    province: subject.province,
                    identified_on: subject.identified_on,
                    person: subject.person.into(),
                    trafficking: subject.trafficking.into(),
                    consent_given_on: subject.consent_given_on,
                })
            })
            .transpose()?,
        to: OrganizationId(body.to_organization_id),
        purpose: body.purpose,
        disclosure: body.disclosure,
        urgency: body.urgency,
        due_date: body.due_date,
        message: body.message,
        send: body.send.unwrap_or(false),
    };
    let seen = state.app.make_referral(&actor, entry, now).await?;
    Ok((
        StatusCode::CREATED,
        [(
            header::LOCATION,
            format!("/api/v1/referrals/{}", seen.summary.id),
        )],
        Json(ReferralView::from(seen)),
    ))
}

/// Referrals the caller sees, urgent first, then by due date (none last). Never the
/// person's identity, never the message.
#[utoipa::path(get, path = "/api/v1/referrals", operation_id = "list_referrals", tag = "referrals", security(("bearer" = [])),
    params(ListReferrals),
    responses(
        (status = 200, description = "A page of referrals", body = Page<ReferralListItem>),
        (status = 403, response = crate::error::Forbidden),
    ))]
pub async fn list(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::ListReferrals>,
    ApiQuery(query): ApiQuery<ListReferrals>,
) -> Result<Json<Page<ReferralListItem>>, ApiError> {
    let limit = page_limit(query.limit)?;
    let cursor = query.cursor.as_deref().map(parse_cursor).transpose()?;
    let filter = ReferralQuery {
        mailbox: query.mailbox.map(|m| match m {
            MailboxParam::Inbox => Mailbox::Inbox,
            MailboxParam::Outbox => Mailbox::Outbox,
        }),
        status: query.status,
        purpose: query.purpose,
        province: query.province,
        overdue: query.overdue,
        case_id: query.case_id.map(CaseId),
    };
    let page = state
        .app
        .list_referrals(&actor, filter, cursor, limit, now)
        .await?;
    Ok(Json(Page::from_app(
        page,
        |listed| listed.cursor().to_string(),
        ReferralListItem::from,
    )))
}

pub(crate) fn parse_cursor(cursor: &str) -> Result<ReferralCursor, ApiError> {
    decode_cursor(cursor)?.parse().map_err(|_| not_a_cursor())
}

/// The referral in the caller's view: the receiver sees the person's identity only when
/// the referral discloses it, and that read is audited.
#[utoipa::path(get, path = "/api/v1/referrals/{id}", operation_id = "get_referral", tag = "referrals", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The referral's id")),
    responses(
        (status = 200, description = "The referral in the caller's view", body = ReferralView, headers(("ETag" = String))),
        (status = 403, response = crate::error::Forbidden),
        (status = 404, description = "`not_found` (also outside your scope)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::ReadReferral>,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<impl IntoResponse, ApiError> {
    let seen = state.app.read_referral(&actor, ReferralId(id), now).await?;
    Ok(with_etag(seen))
}

/// Move a referral on: the sender sends and withdraws; the receiver acknowledges, accepts,
/// declines (with a reason in `comment`) and completes; the Ministry's national office
/// forwards what it received to a provincial office (`to_organization_id`). Accepting a
/// ministry's referral that discloses the person opens an IOM case for them.
#[utoipa::path(post, path = "/api/v1/referrals/{id}/transitions", operation_id = "transition_referral", tag = "referrals", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The referral's id")),
    request_body = Transition,
    responses(
        (status = 200, description = "The referral after the action", body = ReferralView, headers(("ETag" = String))),
        (status = 403, description = "`wrong_party`: the other organisation takes this action; `forbidden`: your roles do not allow this; `password_change_required`: change your one-time password first", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found` (also outside your scope)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invalid_transition`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed` (a decline without a reason, a forward without an office), or `consent_required` to forward an identity the person did not agree to share with provincial offices", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn transition(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::ActOnReferral>,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<Transition>,
) -> Result<impl IntoResponse, ApiError> {
    let id = ReferralId(id);
    let seen = match (body.action, body.to_organization_id) {
        (ReferralAction::Forward, Some(to)) => {
            state
                .app
                .forward_referral(&actor, id, OrganizationId(to), body.comment, now)
                .await?
        }
        (ReferralAction::Forward, None) | (_, None) => {
            state
                .app
                .act_on_referral(&actor, id, body.action, body.comment, now)
                .await?
        }
        (_, Some(_)) => {
            return Err(ApiError::invalid_field(
                "to_organization_id",
                "is only sent to forward a referral",
            ));
        }
    };
    Ok(with_etag(seen))
}

/// Record the receiving organisation's own reference for a referral, such as a
/// ministry's file number (`null` removes it). Only the receiver does; `If-Match`
/// carries the version read.
#[utoipa::path(patch, path = "/api/v1/referrals/{id}", operation_id = "set_referral_reference", tag = "referrals", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The referral's id"),
        ("If-Match" = String, Header, description = "The ETag of the referral as read")),
    request_body = ChangeReferral,
    responses(
        (status = 200, description = "The referral with its reference", body = ReferralView, headers(("ETag" = String))),
        (status = 403, description = "`wrong_party`: the sender does not record the receiver's reference; `forbidden`: your roles do not allow this; `password_change_required`: change your one-time password first", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found` (also outside your scope)", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`version_mismatch`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "`precondition_required`", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn change(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::SetReferralReference>,
    ApiPath(id): ApiPath<Uuid>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<ChangeReferral>,
) -> Result<impl IntoResponse, ApiError> {
    let version = if_match(&headers)?;
    let seen = state
        .app
        .set_referral_reference(
            &actor,
            ReferralId(id),
            version,
            body.receiver_reference,
            now,
        )
        .await?;
    Ok(with_etag(seen))
}

/// The referral as JSON with its version as the `ETag`.
fn with_etag(seen: panah_app::ReferralSeen) -> impl IntoResponse {
    (etag(seen.summary.version), Json(ReferralView::from(seen)))
}
