//! `/api/v1/returns`: voluntary return and reintegration, to and from Afghanistan.
//!
//! A return is in the caller's scope exactly when its case is (a caseworker's own cases,
//! every case for a case manager); outside it, 404. It needs the person's `return`
//! consent, and withdrawing that consent before departure cancels it.

pub(crate) mod dto;

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use panah_app::{ReturnEntry, ReturnFilter, ReturnSeen, VisitEntry};
use panah_domain::{CaseId, MonitoringScores, OrganizationId, ReturnId};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use dto::{
    CreateReturn, CreateVisit, HandoverView, ReturnSummaryView, ReturnView, Transition, VisitView,
};

use crate::auth::{Allowed, gate};
use crate::error::Problem;
use crate::query::{ApiPath, ApiQuery, Page, decode_position, etag, page_limit};
use crate::vocabulary;
use crate::{ApiError, ApiJson, AppState};

/// `GET /api/v1/returns` parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListReturns {
    /// Only this status.
    #[param(value_type = Option<vocabulary::ReturnStatus>)]
    pub status: Option<panah_domain::ReturnStatus>,
    /// Only this direction.
    #[param(value_type = Option<vocabulary::ReturnDirection>)]
    pub direction: Option<panah_domain::ReturnDirection>,
    /// Only returns to this country.
    #[param(value_type = Option<vocabulary::Country>)]
    pub destination_country: Option<panah_domain::Country>,
    /// Only returns whose Afghan end is in this province.
    #[param(value_type = Option<vocabulary::Province>)]
    pub province: Option<panah_domain::Province>,
    /// Only the returns of this case.
    pub case_id: Option<Uuid>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Request a voluntary return for a case. Needs a valid `return` consent on the case.
#[utoipa::path(post, path = "/api/v1/returns", operation_id = "create_return", tag = "returns", security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe: the same key and body within 24 hours answers the first response again")),
    request_body = CreateReturn,
    responses(
        (status = 201, description = "The return requested", body = ReturnView, headers(("Location" = String), ("ETag" = String))),
        (status = 403, response = crate::error::Forbidden),
        (status = 404, description = "`not_found`: the case is unknown or outside your scope", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`, or `consent_required` without a valid return consent", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::RequestReturn>,
    ApiJson(body): ApiJson<CreateReturn>,
) -> Result<impl IntoResponse, ApiError> {
    let entry = ReturnEntry {
        case_id: CaseId(body.case_id),
        direction: body.direction,
        origin: body.origin.into(),
        destination: body.destination.into(),
        cooperating: body.cooperating_organization_id.map(OrganizationId),
        escort_required: body.escort_required.unwrap_or(false),
        travel_date: body.travel_date,
        needs: body.needs,
    };
    let seen = state.app.request_return(&actor, entry, now).await?;
    let id = seen.return_case.id;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/api/v1/returns/{id}"))],
        etag(seen.return_case.version),
        Json(ReturnView::from(seen)),
    ))
}

/// Returns in the caller's scope, newest first.
#[utoipa::path(get, path = "/api/v1/returns", operation_id = "list_returns", tag = "returns", security(("bearer" = [])),
    params(ListReturns),
    responses(
        (status = 200, description = "A page of returns", body = Page<ReturnSummaryView>),
        (status = 403, response = crate::error::Forbidden),
    ))]
pub async fn list(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::ListReturns>,
    ApiQuery(query): ApiQuery<ListReturns>,
) -> Result<Json<Page<ReturnSummaryView>>, ApiError> {
    let limit = page_limit(query.limit)?;
    let before = match query.cursor {
        Some(cursor) => Some(ReturnId(decode_position(&cursor)?)),
        None => None,
    };
    let filter = ReturnFilter {
        status: query.status,
        direction: query.direction,
        destination_country: query.destination_country,
        province: query.province,
        case_id: query.case_id.map(panah_domain::CaseId),
    };
    let returns = state
        .app
        .list_returns(&actor, &filter, before, limit, now)
        .await?;
    Ok(Json(Page::from_app(
        returns,
        |r| r.id.to_string(),
        |r| ReturnSummaryView::from(&r),
    )))
}

/// The return with its history, reintegration plan and monitoring visits.
#[utoipa::path(get, path = "/api/v1/returns/{id}", operation_id = "get_return", tag = "returns", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The return's id")),
    responses(
        (status = 200, description = "The return with its history, plan and visits", body = ReturnView, headers(("ETag" = String))),
        (status = 403, response = crate::error::Forbidden),
        (status = 404, description = "`not_found` (also outside your scope)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::ReadReturn>,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<impl IntoResponse, ApiError> {
    let seen = state.app.read_return(&actor, ReturnId(id), now).await?;
    Ok(answer(seen))
}

/// A return in full, with its version as the `ETag`.
fn answer(seen: ReturnSeen) -> impl IntoResponse {
    (etag(seen.return_case.version), Json(ReturnView::from(seen)))
}

/// Move a return to its next step, or cancel it before departure. Steps cannot be skipped.
#[utoipa::path(post, path = "/api/v1/returns/{id}/transitions", operation_id = "transition_return", tag = "returns", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The return's id")),
    request_body = Transition,
    responses(
        (status = 200, description = "The return after the move", body = ReturnView, headers(("ETag" = String))),
        (status = 403, response = crate::error::Forbidden),
        (status = 404, description = "`not_found` (also outside your scope)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invalid_transition`", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn transition(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::MoveReturn>,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<Transition>,
) -> Result<impl IntoResponse, ApiError> {
    let seen = state
        .app
        .move_return(&actor, ReturnId(id), body.to, body.comment, now)
        .await?;
    Ok(answer(seen))
}

/// Record a monitoring visit (from arrival until the return is completed). The
/// sustainability score is the mean of the three scores.
#[utoipa::path(post, path = "/api/v1/returns/{id}/monitoring-visits", operation_id = "record_monitoring_visit", tag = "returns", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The return's id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe: the same key and body within 24 hours answers the first response again")),
    request_body = CreateVisit,
    responses(
        (status = 201, description = "The visit recorded", body = VisitView, headers(("Location" = String))),
        (status = 403, response = crate::error::Forbidden),
        (status = 404, description = "`not_found` (also outside your scope)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invalid_transition`: the return is not between arrival and completion", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn record_visit(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::RecordVisit>,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<CreateVisit>,
) -> Result<impl IntoResponse, ApiError> {
    let entry = VisitEntry {
        date: body.date,
        scores: MonitoringScores {
            economic: body.economic,
            social: body.social,
            psychosocial: body.psychosocial,
        },
        notes: body.notes,
    };
    let visit = state
        .app
        .record_visit(&actor, ReturnId(id), entry, now)
        .await?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/api/v1/returns/{id}"))],
        Json(VisitView::from(visit)),
    ))
}

/// The handover packet for the receiving side: the journey, needs and reintegration plan
/// (no costs), the person's identity only with a valid `data_sharing` consent covering
/// foreign states. Every export is audited.
#[utoipa::path(get, path = "/api/v1/returns/{id}/handover", operation_id = "get_return_handover", tag = "returns", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The return's id")),
    responses(
        (status = 200, description = "The handover packet", body = HandoverView),
        (status = 403, response = crate::error::Forbidden),
        (status = 404, description = "`not_found` (also outside your scope)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn handover(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::HandOverReturn>,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<HandoverView>, ApiError> {
    let handover = state
        .app
        .hand_over_return(&actor, ReturnId(id), now)
        .await?;
    Ok(Json(HandoverView::from(handover)))
}
