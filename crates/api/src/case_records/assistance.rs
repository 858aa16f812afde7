//! `/api/v1/cases/{id}/assistance`: the services planned, delivered or cancelled for a
//! case. Caseworkers log them on their own cases, case managers on every case.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use panah_domain::{
    Assistance, AssistanceId, AssistanceStatus, AssistanceType, BudgetLineId, CaseId,
    OrganizationId, ReturnId,
};
use panah_persistence::{AssistanceChanges, NewAssistance};
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{ListParams, MoneyJson, has_stray_control, not_null, not_null_date, present};
use crate::auth::{Allowed, needs};
use crate::cases::case_scope;
use crate::dates::iso_date;
use crate::error::Problem;
use crate::query::{ApiPath, ApiQuery, Page, etag, if_match, page_limit, paginate};
use crate::{ApiError, ApiJson, AppState, FieldError};

/// The longest description, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 2000;

/// `POST /api/v1/cases/{id}/assistance`
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateAssistance {
    /// The kind of service, such as `shelter` or `medical`.
    #[serde(rename = "type")]
    #[schema(value_type = String)]
    pub assistance_type: AssistanceType,
    /// `planned`, `delivered` or `cancelled`.
    #[schema(value_type = String)]
    pub status: AssistanceStatus,
    /// When it was (or is to be) delivered.
    #[serde(with = "iso_date")]
    #[schema(value_type = String, format = Date)]
    pub date: Date,
    /// The organisation that provides it.
    pub provider_organization_id: Option<Uuid>,
    /// What it cost.
    pub cost: Option<MoneyJson>,
    /// A description, at most 2000 characters; encrypted at rest.
    pub description: Option<String>,
    /// A return of the same case whose reintegration plan this belongs to.
    pub return_id: Option<Uuid>,
    /// The grant budget line the cost is charged to: the cost must be in the grant's
    /// currency (else 422 `currency_mismatch`) and the date in its period.
    pub budget_line_id: Option<Uuid>,
}

/// `PATCH /api/v1/cases/{id}/assistance/{aid}`: any of the fields; `null` removes the
/// cost or the description, and is refused for the status and the date.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateAssistance {
    /// New status; a cancelled service stays cancelled.
    #[serde(default, deserialize_with = "not_null")]
    #[schema(value_type = Option<String>)]
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
    #[schema(value_type = String)]
    pub assistance_type: AssistanceType,
    /// Where it stands.
    #[schema(value_type = String)]
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
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
    /// Last changed at.
    #[serde(with = "time::serde::rfc3339")]
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

/// The store's refusal of a charge whose grant changed between the check and the write
/// (409), or any other store error.
fn charge_changed(error: panah_persistence::StoreError) -> ApiError {
    match error {
        panah_persistence::StoreError::Conflict(_) => ApiError::new(
            StatusCode::CONFLICT,
            "conflict",
            "The grant's currency or period changed while you charged it; read it again.",
        ),
        other => ApiError::store(other),
    }
}

/// Checks a charge to a budget line: the line exists, there is a cost, in the grant's
/// currency (else 422 `currency_mismatch`), on a date in the grant's period.
async fn check_charge(
    app: &AppState,
    line: Option<BudgetLineId>,
    cost: Option<panah_domain::Money>,
    date: Date,
    errors: &mut Vec<FieldError>,
) -> Result<(), ApiError> {
    let Some(line) = line else {
        return Ok(());
    };
    let Some(target) = app
        .store
        .charge_target(line)
        .await
        .map_err(ApiError::store)?
    else {
        errors.push(FieldError {
            field: "budget_line_id".into(),
            message: "names no budget line".into(),
        });
        return Ok(());
    };
    match cost {
        None => errors.push(FieldError {
            field: "cost".into(),
            message: "is required to charge a budget line".into(),
        }),
        Some(cost) if cost.currency != target.currency => {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "currency_mismatch",
                format!(
                    "The cost is in {}, the grant's budget in {}.",
                    cost.currency, target.currency
                ),
            ));
        }
        Some(_) => {}
    }
    if date < target.starts_on || date > target.ends_on {
        errors.push(FieldError {
            field: "date".into(),
            message: format!(
                "must fall in the grant's period, {} to {}",
                target.starts_on, target.ends_on
            ),
        });
    }
    Ok(())
}

/// Checks a cost: amounts are never negative.
fn check_cost(
    cost: Option<MoneyJson>,
    errors: &mut Vec<FieldError>,
) -> Option<panah_domain::Money> {
    if let Some(cost) = cost
        && cost.amount_minor < 0
    {
        errors.push(FieldError {
            field: "cost.amount_minor".into(),
            message: "must be 0 or more".into(),
        });
    }
    cost.map(Into::into)
}

/// Checks a description: trimmed, at most 2000 characters, no control characters but
/// line breaks and tabs. An empty one is no description.
fn check_description(text: Option<String>, errors: &mut Vec<FieldError>) -> Option<String> {
    let trimmed = text?.trim().to_owned();
    if trimmed.chars().count() > MAX_DESCRIPTION_CHARS || has_stray_control(&trimmed) {
        errors.push(FieldError {
            field: "description".into(),
            message: format!(
                "must be at most {MAX_DESCRIPTION_CHARS} characters without control characters"
            ),
        });
    }
    (!trimmed.is_empty()).then_some(trimmed)
}

/// Log assistance on a case.
#[utoipa::path(post, path = "/api/v1/cases/{id}/assistance", tag = "case records",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The case's id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe: the same key and body within 24 hours answers the first response again")),
    request_body = CreateAssistance,
    responses(
        (status = 201, body = AssistanceView, headers(("Location" = String), ("ETag" = String))),
        (status = 404, description = "`not_found` (also outside your scope)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(app): State<AppState>,
    Allowed { caller, scope, .. }: Allowed<needs::AssistanceLog>,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<CreateAssistance>,
) -> Result<impl IntoResponse, ApiError> {
    let mut errors = Vec::new();
    let cost = check_cost(body.cost, &mut errors);
    let description = check_description(body.description, &mut errors);
    let provider = body.provider_organization_id.map(OrganizationId);
    if let Some(provider) = provider
        && app
            .store
            .get_organization(provider)
            .await
            .map_err(ApiError::store)?
            .is_none()
    {
        errors.push(FieldError {
            field: "provider_organization_id".into(),
            message: "names no organisation".into(),
        });
    }
    let scope = case_scope(&caller, scope);
    let return_id = body.return_id.map(ReturnId);
    if let Some(return_id) = return_id {
        let of_this_case = app
            .store
            .get_return(return_id, scope)
            .await
            .map_err(ApiError::store)?
            .is_some_and(|r| r.case_id.0 == id);
        if !of_this_case {
            errors.push(FieldError {
                field: "return_id".into(),
                message: "names no return of this case".into(),
            });
        }
    }
    let budget_line_id = body.budget_line_id.map(BudgetLineId);
    check_charge(&app, budget_line_id, cost, body.date, &mut errors).await?;
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let new = NewAssistance {
        assistance_type: body.assistance_type,
        status: body.status,
        date: body.date,
        provider_organization_id: provider,
        cost,
        description,
        return_id,
        budget_line_id,
    };
    let assistance = app
        .store
        .create_assistance(CaseId(id), scope, &new, &caller.audit())
        .await
        .map_err(charge_changed)?;
    let location = format!("/api/v1/cases/{id}/assistance/{}", assistance.id.0);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        etag(assistance.version),
        Json(AssistanceView::from(assistance)),
    ))
}

/// The assistance logged on a case, in the order it was logged.
#[utoipa::path(get, path = "/api/v1/cases/{id}/assistance", tag = "case records",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The case's id"), ListParams),
    responses(
        (status = 200, body = Page<AssistanceView>),
        (status = 404, description = "`not_found` (also outside your scope)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list(
    State(app): State<AppState>,
    Allowed { caller, scope, .. }: Allowed<needs::CasesRead>,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<ListParams>,
) -> Result<Json<Page<AssistanceView>>, ApiError> {
    let limit = page_limit(query.limit)?;
    let after = query.position()?.map(AssistanceId);
    let records = app
        .store
        .list_assistance(CaseId(id), case_scope(&caller, scope), after, limit + 1)
        .await
        .map_err(ApiError::store)?
        .ok_or_else(ApiError::not_found)?;
    Ok(Json(paginate(
        records,
        limit,
        |a| a.id.0.to_string(),
        AssistanceView::from,
    )))
}

/// One assistance record, with its version as the `ETag`.
#[utoipa::path(get, path = "/api/v1/cases/{id}/assistance/{aid}", tag = "case records",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The case's id"),
           ("aid" = Uuid, Path, description = "The assistance record's id")),
    responses(
        (status = 200, body = AssistanceView, headers(("ETag" = String))),
        (status = 404, description = "`not_found` (also outside your scope)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get(
    State(app): State<AppState>,
    Allowed { caller, scope, .. }: Allowed<needs::CasesRead>,
    ApiPath((id, aid)): ApiPath<(Uuid, Uuid)>,
) -> Result<impl IntoResponse, ApiError> {
    let assistance = app
        .store
        .get_assistance(CaseId(id), AssistanceId(aid), case_scope(&caller, scope))
        .await
        .map_err(ApiError::store)?
        .ok_or_else(ApiError::not_found)?;
    Ok((
        etag(assistance.version),
        Json(AssistanceView::from(assistance)),
    ))
}

/// Change an assistance record. Needs `If-Match`. Any status change is allowed except
/// out of `cancelled` (409 `invalid_transition`).
#[utoipa::path(patch, path = "/api/v1/cases/{id}/assistance/{aid}", tag = "case records",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The case's id"),
           ("aid" = Uuid, Path, description = "The assistance record's id"),
           ("If-Match" = String, Header, description = "The ETag of the version read")),
    request_body = UpdateAssistance,
    responses(
        (status = 200, body = AssistanceView, headers(("ETag" = String))),
        (status = 404, description = "`not_found` (also outside your scope)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invalid_transition`", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`version_mismatch`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "`precondition_required`", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn update(
    State(app): State<AppState>,
    Allowed { caller, scope, .. }: Allowed<needs::AssistanceLog>,
    ApiPath((id, aid)): ApiPath<(Uuid, Uuid)>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<UpdateAssistance>,
) -> Result<impl IntoResponse, ApiError> {
    let expected_version = if_match(&headers)?;
    let scope = case_scope(&caller, scope);
    let (case_id, aid) = (CaseId(id), AssistanceId(aid));
    let current = app
        .store
        .get_assistance(case_id, aid, scope)
        .await
        .map_err(ApiError::store)?
        .ok_or_else(ApiError::not_found)?;
    if current.version != expected_version {
        return Err(ApiError::version_mismatch());
    }
    // The rule is checked against the version read; the update below applies only to that
    // same version, so the status it was checked against is the one it changes.
    if let Some(to) = body.status
        && current.status == AssistanceStatus::Cancelled
        && to != AssistanceStatus::Cancelled
    {
        return Err(ApiError::invalid_transition(format!(
            "A cancelled service cannot become {to}."
        )));
    }
    let mut errors = Vec::new();
    let changes = AssistanceChanges {
        status: body.status,
        date: body.date,
        cost: body.cost.map(|cost| check_cost(cost, &mut errors)),
        description: body
            .description
            .map(|text| check_description(text, &mut errors)),
        budget_line_id: body.budget_line_id.map(|line| line.map(BudgetLineId)),
    };
    if changes.status.is_none()
        && changes.date.is_none()
        && changes.cost.is_none()
        && changes.description.is_none()
        && changes.budget_line_id.is_none()
    {
        errors.push(FieldError {
            field: "body".into(),
            message: "give at least one of status, date, cost, description, budget_line_id".into(),
        });
    }
    // The charge is checked as it will stand after the change.
    check_charge(
        &app,
        changes.budget_line_id.unwrap_or(current.budget_line_id),
        changes.cost.unwrap_or(current.cost),
        changes.date.unwrap_or(current.date),
        &mut errors,
    )
    .await?;
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let updated = app
        .store
        .update_assistance(
            case_id,
            aid,
            scope,
            expected_version,
            &changes,
            &caller.audit(),
        )
        .await
        .map_err(charge_changed)?;
    Ok((etag(updated.version), Json(AssistanceView::from(updated))))
}
