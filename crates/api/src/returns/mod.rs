//! `/api/v1/returns`: voluntary return and reintegration, to and from Afghanistan.
//!
//! A return is in the caller's scope exactly when its case is (a caseworker's own cases,
//! every case for a case manager); outside it, 404. It needs the person's `return`
//! consent, and withdrawing that consent before departure cancels it (see the store).

mod dto;

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use panah_domain::{
    AuditEvent, CaseId, ConsentKind, MonitoringScores, OrganizationId, OrganizationKind, ReturnId,
    check_route,
};
use panah_persistence::{CaseScope, NewReturn, NewVisit, ReturnFilter, StoreError};
use serde::Deserialize;
use time::OffsetDateTime;
use utoipa::IntoParams;
use uuid::Uuid;

use dto::{
    CreateReturn, CreateVisit, HandoverProfile, HandoverView, PlanItemView, ReturnSummaryView,
    ReturnView, Transition, VisitView,
};

use crate::auth::{Allowed, needs};
use crate::cases::case_scope;
use crate::cases::dto::PersonView;
use crate::error::Problem;
use crate::query::{ApiPath, ApiQuery, Page, decode_cursor, page_limit, paginate};
use crate::{ApiError, ApiJson, AppState, FieldError};

/// The longest needs text and transition comment, in characters.
const MAX_TEXT_CHARS: usize = 2000;
/// The longest visit notes, in characters.
const MAX_NOTES_CHARS: usize = 4000;

fn conflict(error: StoreError, detail: &str) -> ApiError {
    match error {
        StoreError::Conflict(_) => ApiError::invalid_transition(detail),
        other => ApiError::store(other),
    }
}

/// `GET /api/v1/returns` parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ListReturns {
    /// Only this status.
    #[param(value_type = Option<String>)]
    pub status: Option<panah_domain::ReturnStatus>,
    /// Only this direction.
    #[param(value_type = Option<String>)]
    pub direction: Option<panah_domain::ReturnDirection>,
    /// Only returns to this country.
    #[param(value_type = Option<String>)]
    pub destination_country: Option<panah_domain::Country>,
    /// Only returns whose Afghan end is in this province.
    #[param(value_type = Option<String>)]
    pub province: Option<panah_domain::Province>,
    /// Page size, 1 to 200 (default 50).
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Request a voluntary return for a case. Needs a valid `return` consent on the case.
#[utoipa::path(post, path = "/api/v1/returns", tag = "returns", security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe: the same key and body within 24 hours answers the first response again")),
    request_body = CreateReturn,
    responses(
        (status = 201, body = ReturnView, headers(("Location" = String), ("ETag" = String))),
        (status = 404, description = "`not_found`: the case is unknown or outside your scope", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`, or `consent_required` without a valid return consent", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(app): State<AppState>,
    Allowed { caller, scope, .. }: Allowed<needs::ReturnsManage>,
    ApiJson(body): ApiJson<CreateReturn>,
) -> Result<impl IntoResponse, ApiError> {
    let mut errors = Vec::new();
    let origin = body.origin.into();
    let destination = body.destination.into();
    if let Err(route) = check_route(body.direction, &origin, &destination) {
        errors.extend(route.iter().map(|e| FieldError {
            field: e.field().into(),
            message: e.message().into(),
        }));
    }
    if let Some(organization) = body.cooperating_organization_id {
        let fits = app
            .store
            .get_organization(OrganizationId(organization))
            .await
            .map_err(ApiError::store)?
            .is_some_and(|o| {
                matches!(
                    o.kind,
                    OrganizationKind::ForeignState
                        | OrganizationKind::MoiNational
                        | OrganizationKind::MoiProvincial
                        | OrganizationKind::PartnerMinistry
                )
            });
        if !fits {
            errors.push(FieldError {
                field: "cooperating_organization_id".into(),
                message: "must name a ministry or a foreign state".into(),
            });
        }
    }
    let needs =
        crate::case_records::check_free_text("needs", body.needs, MAX_TEXT_CHARS, &mut errors);
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let new = NewReturn {
        case_id: CaseId(body.case_id),
        direction: body.direction,
        origin,
        destination,
        cooperating_organization_id: body.cooperating_organization_id.map(OrganizationId),
        escort_required: body.escort_required.unwrap_or(false),
        travel_date: body.travel_date,
        needs,
    };
    let scope = case_scope(&caller, scope);
    let id = app
        .store
        .create_return(&new, scope, &caller.audit())
        .await
        .map_err(|error| match error {
            StoreError::ConsentRequired => {
                ApiError::consent_required("case_id", "the case has no valid return consent")
            }
            other => ApiError::store(other),
        })?;
    let view = full_view(&app, id, scope).await?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/api/v1/returns/{id}"))],
        crate::query::etag(view.summary.version),
        Json(view),
    ))
}

/// The return with its history, plan and visits, if in `scope`.
async fn full_view(app: &AppState, id: ReturnId, scope: CaseScope) -> Result<ReturnView, ApiError> {
    let return_case = app
        .store
        .get_return(id, scope)
        .await
        .map_err(ApiError::store)?
        .ok_or_else(ApiError::not_found)?;
    let history = app
        .store
        .return_history(id)
        .await
        .map_err(ApiError::store)?;
    let plan = app.store.return_plan(id).await.map_err(ApiError::store)?;
    let visits = app.store.list_visits(id).await.map_err(ApiError::store)?;
    Ok(ReturnView {
        summary: ReturnSummaryView::from(&return_case),
        needs: return_case.needs,
        history: history.into_iter().map(Into::into).collect(),
        plan: plan
            .into_iter()
            .map(|item| PlanItemView::new(item, true))
            .collect(),
        monitoring_visits: visits.into_iter().map(Into::into).collect(),
    })
}

/// Returns in the caller's scope, newest first.
#[utoipa::path(get, path = "/api/v1/returns", tag = "returns", security(("bearer" = [])),
    params(ListReturns),
    responses((status = 200, body = Page<ReturnSummaryView>)))]
pub async fn list(
    State(app): State<AppState>,
    Allowed { caller, scope, .. }: Allowed<needs::ReturnsManage>,
    ApiQuery(query): ApiQuery<ListReturns>,
) -> Result<Json<Page<ReturnSummaryView>>, ApiError> {
    let limit = page_limit(query.limit)?;
    let before = match query.cursor {
        Some(cursor) => Some(ReturnId(decode_cursor(&cursor)?.parse::<Uuid>().map_err(
            |_| ApiError::invalid_field("cursor", "is not a cursor from this list"),
        )?)),
        None => None,
    };
    let filter = ReturnFilter {
        status: query.status,
        direction: query.direction,
        destination_country: query.destination_country,
        province: query.province,
    };
    let returns = app
        .store
        .list_returns(case_scope(&caller, scope), &filter, before, limit + 1)
        .await
        .map_err(ApiError::store)?;
    Ok(Json(paginate(
        returns,
        limit,
        |r| r.id.to_string(),
        |r| ReturnSummaryView::from(&r),
    )))
}

/// The return with its history, reintegration plan and monitoring visits.
#[utoipa::path(get, path = "/api/v1/returns/{id}", tag = "returns", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The return's id")),
    responses(
        (status = 200, body = ReturnView, headers(("ETag" = String))),
        (status = 404, description = "`not_found` (also outside your scope)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get(
    State(app): State<AppState>,
    Allowed { caller, scope, .. }: Allowed<needs::ReturnsManage>,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<impl IntoResponse, ApiError> {
    let view = full_view(&app, ReturnId(id), case_scope(&caller, scope)).await?;
    Ok((crate::query::etag(view.summary.version), Json(view)))
}

/// Move a return to its next step, or cancel it before departure. Steps cannot be skipped.
#[utoipa::path(post, path = "/api/v1/returns/{id}/transitions", tag = "returns", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The return's id")),
    request_body = Transition,
    responses(
        (status = 200, body = ReturnView, headers(("ETag" = String))),
        (status = 404, description = "`not_found` (also outside your scope)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invalid_transition`", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn transition(
    State(app): State<AppState>,
    Allowed { caller, scope, .. }: Allowed<needs::ReturnsManage>,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<Transition>,
) -> Result<impl IntoResponse, ApiError> {
    let scope = case_scope(&caller, scope);
    let id = ReturnId(id);
    let current = app
        .store
        .get_return(id, scope)
        .await
        .map_err(ApiError::store)?
        .ok_or_else(ApiError::not_found)?;
    current
        .status
        .transition(body.to)
        .map_err(|refusal| ApiError::invalid_transition(refusal.to_string()))?;
    let mut errors = Vec::new();
    let comment =
        crate::case_records::check_free_text("comment", body.comment, MAX_TEXT_CHARS, &mut errors);
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    app.store
        .transition_return(
            id,
            current.status,
            body.to,
            comment.as_deref(),
            &caller.audit(),
        )
        .await
        .map_err(|e| {
            conflict(
                e,
                "The return changed while you acted on it; read it again.",
            )
        })?;
    let view = full_view(&app, id, scope).await?;
    Ok((crate::query::etag(view.summary.version), Json(view)))
}

/// Record a monitoring visit (from arrival until the return is completed). The
/// sustainability score is the mean of the three scores.
#[utoipa::path(post, path = "/api/v1/returns/{id}/monitoring-visits", tag = "returns", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The return's id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe: the same key and body within 24 hours answers the first response again")),
    request_body = CreateVisit,
    responses(
        (status = 201, body = VisitView, headers(("Location" = String))),
        (status = 404, description = "`not_found` (also outside your scope)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invalid_transition`: the return is not between arrival and completion", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn record_visit(
    State(app): State<AppState>,
    Allowed { caller, scope, .. }: Allowed<needs::ReturnsManage>,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<CreateVisit>,
) -> Result<impl IntoResponse, ApiError> {
    let id = ReturnId(id);
    app.store
        .get_return(id, case_scope(&caller, scope))
        .await
        .map_err(ApiError::store)?
        .ok_or_else(ApiError::not_found)?;
    let mut errors = Vec::new();
    if body.date > OffsetDateTime::now_utc().date() {
        errors.push(FieldError {
            field: "date".into(),
            message: "must not be in the future".into(),
        });
    }
    let notes =
        crate::case_records::check_free_text("notes", body.notes, MAX_NOTES_CHARS, &mut errors);
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let new = NewVisit {
        visited_on: body.date,
        scores: MonitoringScores {
            economic: body.economic,
            social: body.social,
            psychosocial: body.psychosocial,
        },
        notes,
    };
    let visit = app
        .store
        .record_visit(id, &new, &caller.audit())
        .await
        .map_err(|e| {
            conflict(
                e,
                "Monitoring visits are recorded from arrival until the return is completed.",
            )
        })?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/api/v1/returns/{id}"))],
        Json(VisitView::from(visit)),
    ))
}

/// The handover packet for the receiving side: the journey, needs and reintegration plan
/// (no costs), the person's identity only with a valid `data_sharing` consent covering
/// foreign states. Every export is audited.
#[utoipa::path(get, path = "/api/v1/returns/{id}/handover", tag = "returns", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The return's id")),
    responses(
        (status = 200, body = HandoverView),
        (status = 404, description = "`not_found` (also outside your scope)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn handover(
    State(app): State<AppState>,
    Allowed { caller, scope, .. }: Allowed<needs::ReturnsManage>,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<HandoverView>, ApiError> {
    let scope = case_scope(&caller, scope);
    let id = ReturnId(id);
    let return_case = app
        .store
        .get_return(id, scope)
        .await
        .map_err(ApiError::store)?
        .ok_or_else(ApiError::not_found)?;
    let case = app
        .store
        .case_for_change(return_case.case_id, scope)
        .await
        .map_err(ApiError::store)?
        .ok_or_else(ApiError::not_found)?;
    let consents = app
        .store
        .list_consents(case.id, scope)
        .await
        .map_err(ApiError::store)?
        .unwrap_or_default();
    let shares_identity = consents.iter().any(|c| {
        c.kind == ConsentKind::DataSharing
            && c.withdrawn_on.is_none()
            && c.organization_kinds
                .contains(&OrganizationKind::ForeignState)
    });
    let plan = app.store.return_plan(id).await.map_err(ApiError::store)?;
    let event = AuditEvent::success("return.handover", "return", id).with_details(
        serde_json::json!({ "case_id": case.id, "identity": shares_identity }).to_string(),
    );
    // Audited before anything leaves: an export the log does not hold never happened.
    app.store
        .record_audit(&caller.audit(), &event)
        .await
        .map_err(ApiError::store)?;
    Ok(Json(HandoverView {
        return_case: ReturnSummaryView::from(&return_case),
        disclosure: if shares_identity {
            "identity"
        } else {
            "anonymised"
        },
        profile: HandoverProfile {
            case_number: case.case_number.to_string(),
            category: case.category,
            sex: case.person.sex,
            age_group: case.age_group,
            citizenship: case.person.citizenship,
            exploitation_types: case.trafficking.exploitation_types.clone(),
        },
        person: shares_identity.then(|| PersonView::from(case.person)),
        needs: return_case.needs,
        plan: plan
            .into_iter()
            .map(|item| PlanItemView::new(item, false))
            .collect(),
        generated_at: OffsetDateTime::now_utc(),
    }))
}
