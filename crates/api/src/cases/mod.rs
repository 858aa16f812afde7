//! `/api/v1/cases`: case files, the caseworker's daily work.
//!
//! A caseworker sees the cases assigned to them, a case manager every case; the app
//! passes the scope to the store, and a case outside it is 404 like one that does not
//! exist.

pub(crate) mod dto;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use panah_app::{CaseChange, CaseFilter, CaseSearch, NewCaseFile};
use panah_domain::{CaseId, OrganizationId, UserId};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use dto::{
    CaseFileView, CaseFoundView, CaseSummaryView, CaseView, CreateCase, SearchCases, UpdateCase,
};

use crate::auth::{Allowed, gate};
use crate::error::Problem;
use crate::query::{ApiPath, ApiQuery, Page, decode_position, etag, if_match, page_limit};
use crate::vocabulary;
use crate::{ApiError, ApiJson, AppState};

/// `GET /api/v1/cases` parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListCases {
    /// Only cases with this status.
    #[param(value_type = Option<vocabulary::CaseStatus>)]
    pub status: Option<panah_domain::CaseStatus>,
    /// Only cases of this province.
    #[param(value_type = Option<vocabulary::Province>)]
    pub province: Option<panah_domain::Province>,
    /// Only cases of this category.
    #[param(value_type = Option<vocabulary::CaseCategory>)]
    pub category: Option<panah_domain::CaseCategory>,
    /// Only cases assigned to this user.
    pub assigned_to: Option<Uuid>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Register a case with its person and trafficking profile.
#[utoipa::path(post, path = "/api/v1/cases", operation_id = "create_case", tag = "cases", security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe: the same key and body within 24 hours answers the first response again")),
    request_body = CreateCase,
    responses(
        (status = 201, description = "The case registered", body = CaseView, headers(("Location" = String), ("ETag" = String))),
        (status = 403, response = crate::error::Forbidden),
        (status = 422, description = "`validation_failed`", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::RegisterCase>,
    ApiJson(body): ApiJson<CreateCase>,
) -> Result<impl IntoResponse, ApiError> {
    let new = NewCaseFile {
        category: body.category,
        province: body.province,
        identified_on: body.identified_on,
        identified_by: body.identified_by_organization_id.map(OrganizationId),
        assigned_to: body.assigned_to.map(UserId),
        person: body.person.into(),
        trafficking: body.trafficking.into(),
    };
    let case = state.app.register_case(&actor, new, now).await?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/api/v1/cases/{}", case.id))],
        etag(case.version),
        Json(CaseView::from(case)),
    ))
}

/// Cases in the caller's scope, newest first. Never identity fields.
#[utoipa::path(get, path = "/api/v1/cases", operation_id = "list_cases", tag = "cases", security(("bearer" = [])),
    params(ListCases),
    responses(
        (status = 200, description = "A page of cases, without identity fields", body = Page<CaseSummaryView>),
        (status = 403, response = crate::error::Forbidden),
    ))]
pub async fn list(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::ListCases>,
    ApiQuery(query): ApiQuery<ListCases>,
) -> Result<Json<Page<CaseSummaryView>>, ApiError> {
    let limit = page_limit(query.limit)?;
    let before = match query.cursor {
        Some(cursor) => Some(CaseId(decode_position(&cursor)?)),
        None => None,
    };
    let filter = CaseFilter {
        status: query.status,
        province: query.province,
        category: query.category,
        assigned_to: query.assigned_to.map(UserId),
    };
    let cases = state
        .app
        .list_cases(&actor, &filter, before, limit, now)
        .await?;
    Ok(Json(Page::from_app(
        cases,
        |c| c.id.to_string(),
        CaseSummaryView::from,
    )))
}

/// Find cases by exact (normalised) given name, family name, phone or document number.
/// The terms travel in the body, never in a URL; the search is audited without them.
#[utoipa::path(post, path = "/api/v1/cases/search", operation_id = "search_cases", tag = "cases", security(("bearer" = [])),
    request_body = SearchCases,
    responses(
        (status = 200, description = "The matching cases, each with the person's names (each audited as a read) and no other identity field", body = Page<CaseFoundView>),
        (status = 403, response = crate::error::Forbidden),
    ))]
pub async fn search(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::SearchCases>,
    ApiJson(body): ApiJson<SearchCases>,
) -> Result<Json<Page<CaseFoundView>>, ApiError> {
    let search = CaseSearch {
        given_name: body.given_name,
        family_name: body.family_name,
        phone: body.phone,
        document_number: body.document_number,
    };
    let cases = state.app.search_cases(&actor, search, now).await?;
    Ok(Json(Page {
        items: cases.into_iter().map(CaseFoundView::from).collect(),
        next_cursor: None,
    }))
}

/// The case with its person. The read is audited.
#[utoipa::path(get, path = "/api/v1/cases/{id}", operation_id = "get_case", tag = "cases", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The case's id")),
    responses(
        (status = 200, description = "The case with its person, its referrals and its returns", body = CaseFileView, headers(("ETag" = String))),
        (status = 403, response = crate::error::Forbidden),
        (status = 404, description = "`not_found` (also outside your scope)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::ReadCase>,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<impl IntoResponse, ApiError> {
    let case = state.app.read_case(&actor, CaseId(id), now).await?;
    Ok((etag(case.case.version), Json(CaseFileView::from(case))))
}

/// Change a case. Needs `If-Match`. Status: the assigned caseworker moves `open → active`;
/// case managers close and reopen; other moves are 409 `invalid_transition`. Reassigning
/// is for case managers.
#[utoipa::path(patch, path = "/api/v1/cases/{id}", operation_id = "update_case", tag = "cases", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The case's id"),
           ("If-Match" = String, Header, description = "The ETag of the version read")),
    request_body = UpdateCase,
    responses(
        (status = 200, description = "The case as changed", body = CaseView, headers(("ETag" = String))),
        (status = 403, response = crate::error::Forbidden),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invalid_transition`", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`version_mismatch`", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "`precondition_required`", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn update(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::ChangeCase>,
    ApiPath(id): ApiPath<Uuid>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<UpdateCase>,
) -> Result<impl IntoResponse, ApiError> {
    let change = CaseChange {
        expected_version: if_match(&headers)?,
        status: body.status,
        assigned_to: body.assigned_to.map(UserId),
        category: body.category,
        province: body.province,
        person: body.person.map(Into::into),
        trafficking: body.trafficking.map(Into::into),
    };
    let case = state
        .app
        .change_case(&actor, CaseId(id), change, now)
        .await?;
    Ok((etag(case.version), Json(CaseView::from(case))))
}
