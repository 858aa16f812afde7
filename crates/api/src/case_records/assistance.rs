//! `/api/v1/cases/{id}/assistance`: the services planned, delivered or cancelled for a
//! case. Caseworkers log them on their own cases, case managers on every case.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use panah_app::{AssistanceChange, AssistanceEntry};
use panah_domain::{
    Assistance, AssistanceId, AssistanceStatus, AssistanceType, BudgetLineId, CaseId,
    OrganizationId, ReturnId,
};
use serde::Serialize;
use time::{Date, OffsetDateTime};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{ListParams, MoneyJson, not_null_date};
use crate::auth::{Allowed, gate};
use crate::cases::dto::{not_null, present};
use crate::dates::iso_date;
use crate::error::Problem;
use crate::query::{ApiPath, ApiQuery, Page, etag, if_match, page_limit};
use crate::vocabulary;
use crate::{ApiError, ApiJson, AppState};

/// `POST /api/v1/cases/{id}/assistance`
#[derive(Debug, eserde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateAssistance {
    /// The kind of service, such as `shelter` or `medical`.
    #[serde(rename = "type")]
    #[schema(value_type = vocabulary::AssistanceType)]
    pub assistance_type: AssistanceType,
    /// `planned`, `delivered` or `cancelled`.
    #[schema(value_type = vocabulary::AssistanceStatus)]
    pub status: AssistanceStatus,
    /// When it was (or is to be) delivered.
    #[serde(with = "iso_date")]
    #[schema(value_type = String, format = Date)]
    pub date: Date,
    /// The organisation that provides it.
    #[serde(default)]
    #[eserde(compat)]
    pub provider_organization_id: Option<Uuid>,
    /// What it cost.
    #[serde(default)]
    pub cost: Option<MoneyJson>,
    /// A description, at most 2000 characters; encrypted at rest.
    #[serde(default)]
    pub description: Option<String>,
    /// A return of the same case whose reintegration plan this belongs to.
    #[serde(default)]
    #[eserde(compat)]
    pub return_id: Option<Uuid>,
    /// The grant budget line the cost is charged to: the cost must be in the grant's
    /// currency (else 422 `currency_mismatch`) and the date in its period.
    #[serde(default)]
    #[eserde(compat)]
    pub budget_line_id: Option<Uuid>,
}

/// `PATCH /api/v1/cases/{id}/assistance/{aid}`: any of the fields; `null` removes the
/// cost or the description, and is refused for the status and the date.
#[derive(Debug, eserde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateAssistance {
    /// New status; a cancelled service stays cancelled.
    #[serde(default, deserialize_with = "not_null")]
    #[schema(value_type = vocabulary::AssistanceStatus)]
    pub status: Option<AssistanceStatus>,
    /// New date.
    #[serde(default, deserialize_with = "not_null_date")]
    #[schema(value_type = Option<String>, format = Date)]
    pub date: Option<Date>,
    /// New cost, or `null` to remove it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<MoneyJson>)]
    pub cost: Option<Option<MoneyJson>>,
    /// New description, or `null` to remove it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub description: Option<Option<String>>,
    /// New budget line, or `null` to uncharge the cost.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<Uuid>)]
    pub budget_line_id: Option<Option<Uuid>>,
}

/// An assistance record.
#[derive(Debug, Serialize, ToSchema)]
pub struct AssistanceView {
    /// Id.
    pub id: Uuid,
    /// The case.
    pub case_id: Uuid,
    /// The kind of service.
    #[serde(rename = "type")]
    #[schema(value_type = vocabulary::AssistanceType)]
    pub assistance_type: AssistanceType,
    /// Where it stands.
    #[schema(value_type = vocabulary::AssistanceStatus)]
    pub status: AssistanceStatus,
    /// When it was (or is to be) delivered.
    #[serde(with = "iso_date")]
    #[schema(value_type = String, format = Date)]
    pub date: Date,
    /// Who provides it.
    pub provider_organization_id: Option<Uuid>,
    /// What it cost.
    pub cost: Option<MoneyJson>,
    /// The description.
    pub description: Option<String>,
    /// Who logged it.
    pub recorded_by: Uuid,
    /// The return whose reintegration plan it belongs to.
    pub return_id: Option<Uuid>,
    /// The grant budget line it is charged to.
    pub budget_line_id: Option<Uuid>,
    /// Version, also the `ETag`.
    pub version: i64,
    /// Logged at.
    #[serde(with = "crate::timestamp")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
    /// Last changed at.
    #[serde(with = "crate::timestamp")]
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: OffsetDateTime,
}

impl From<Assistance> for AssistanceView {
    fn from(assistance: Assistance) -> Self {
        AssistanceView {
            id: assistance.id.0,
            case_id: assistance.case_id.0,
            assistance_type: assistance.assistance_type,
            status: assistance.status,
            date: assistance.date,
            provider_organization_id: assistance.provider_organization_id.map(|o| o.0),
            cost: assistance.cost.map(MoneyJson::from),
            description: assistance.description,
            recorded_by: assistance.recorded_by.0,
            return_id: assistance.return_id.map(|r| r.0),
            budget_line_id: assistance.budget_line_id.map(|l| l.0),
            version: assistance.version,
            created_at: assistance.created_at,
            updated_at: assistance.updated_at,
        }
    }
}

/// Log assistance on a case.
#[utoipa::path(post, path = "/api/v1/cases/{id}/assistance", operation_id = "create_assistance", tag = "case records",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The case's id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe: the same key and body within 24 hours answers the first response again")),
    request_body = CreateAssistance,
    responses(
        (status = 201, description = "The assistance record logged", body = AssistanceView, headers(("Location" = String), ("ETag" = String))),
        (status = 403, response = crate::error::Forbidden),
        (status = 404, description = "`not_found` (also outside your scope)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::LogAssistance>,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<CreateAssistance>,
) -> Result<impl IntoResponse, ApiError> {
    let entry = AssistanceEntry {
        assistance_type: body.assistance_type,
        status: body.status,
        date: body.date,
        provider: body.provider_organization_id.map(OrganizationId),
        cost: body.cost.map(Into::into),
        description: body.description,
        return_id: body.return_id.map(ReturnId),
        budget_line_id: body.budget_line_id.map(BudgetLineId),
    };
    let assistance = state
        .app
        .log_assistance(&actor, CaseId(id), entry, now)
        .await?;
    let location = format!("/api/v1/cases/{id}/assistance/{}", assistance.id.0);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        etag(assistance.version),
        Json(AssistanceView::from(assistance)),
    ))
}

/// The assistance logged on a case, in the order it was logged.
#[utoipa::path(get, path = "/api/v1/cases/{id}/assistance", operation_id = "list_assistance", tag = "case records",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The case's id"), ListParams),
    responses(
        (status = 200, description = "A page of the case's assistance", body = Page<AssistanceView>),
        (status = 403, response = crate::error::Forbidden),
        (status = 404, description = "`not_found` (also outside your scope)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::ListAssistance>,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<ListParams>,
) -> Result<Json<Page<AssistanceView>>, ApiError> {
    let limit = page_limit(query.limit)?;
    let after = query.position()?.map(AssistanceId);
    let records = state
        .app
        .assistance(&actor, CaseId(id), after, limit, now)
        .await?;
    Ok(Json(Page::from_app(
        records,
        |a| a.id.0.to_string(),
        AssistanceView::from,
    )))
}

/// One assistance record, with its version as the `ETag`.
#[utoipa::path(get, path = "/api/v1/cases/{id}/assistance/{aid}", operation_id = "get_assistance", tag = "case records",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The case's id"),
           ("aid" = Uuid, Path, description = "The assistance record's id")),
    responses(
        (status = 200, description = "The assistance record", body = AssistanceView, headers(("ETag" = String))),
        (status = 403, response = crate::error::Forbidden),
        (status = 404, description = "`not_found` (also outside your scope)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::ReadAssistance>,
    ApiPath((id, aid)): ApiPath<(Uuid, Uuid)>,
) -> Result<impl IntoResponse, ApiError> {
    let assistance = state
        .app
        .assistance_record(&actor, CaseId(id), AssistanceId(aid), now)
        .await?;
    Ok((
        etag(assistance.version),
        Json(AssistanceView::from(assistance)),
    ))
}

/// Change an assistance record. Needs `If-Match`. Any status change is allowed except
/// out of `cancelled` (409 `invalid_transition`).
#[utoipa::path(patch, path = "/api/v1/cases/{id}/assistance/{aid}", operation_id = "update_assistance", tag = "case records",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The case's id"),
           ("aid" = Uuid, Path, description = "The assistance record's id"),
           ("If-Match" = String, Header, description = "The ETag of the version read")),
    request_body = UpdateAssistance,
    responses(
        (status = 200, description = "The assistance record as changed", body = AssistanceView, headers(("ETag" = String))),
        (status = 403, response = crate::error::Forbidden),
        (status = 404, description = "`not_found` (also outside your scope)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invalid_transition`", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`version_mismatch`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "`precondition_required`", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn update(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::ChangeAssistance>,
    ApiPath((id, aid)): ApiPath<(Uuid, Uuid)>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<UpdateAssistance>,
) -> Result<impl IntoResponse, ApiError> {
    let change = AssistanceChange {
        expected_version: if_match(&headers)?,
        status: body.status,
        date: body.date,
        cost: body.cost.map(|cost| cost.map(Into::into)),
        description: body.description,
        budget_line_id: body.budget_line_id.map(|line| line.map(BudgetLineId)),
    };
    let updated = state
        .app
        .change_assistance(&actor, CaseId(id), AssistanceId(aid), change, now)
        .await?;
    Ok((etag(updated.version), Json(AssistanceView::from(updated))))
}
