//! `/api/v1/cases`: case files, the caseworker's daily work.
//!
//! A caseworker sees the cases assigned to them, a case manager every case; the scope is a
//! `WHERE` clause in the store, and a case outside it is 404 like one that does not exist.

pub(crate) mod dto;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use panah_domain::policy::Scope;
use panah_domain::{CaseId, OrganizationId, Role, StatusActor, UserId};
use panah_persistence::{CaseChanges, CaseFilter, CaseScope, NewCase, SearchTerms};
use serde::Deserialize;
use time::OffsetDateTime;
use utoipa::IntoParams;
use uuid::Uuid;

use dto::{CaseSummaryView, CaseView, CreateCase, SearchCases, UpdateCase};

use crate::auth::{Allowed, Caller, needs};
use crate::error::Problem;
use crate::query::{ApiPath, ApiQuery, Page, decode_cursor, etag, if_match, page_limit, paginate};
use crate::{ApiError, ApiJson, AppState, FieldError};

/// The store scope for a caller granted `scope` over cases.
pub(crate) fn case_scope(caller: &Caller, scope: Scope) -> CaseScope {
    CaseScope::of(&caller.user, scope)
}

/// `GET /api/v1/cases` parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ListCases {
    /// Only cases with this status.
    #[param(value_type = Option<String>)]
    pub status: Option<panah_domain::CaseStatus>,
    /// Only cases of this province.
    #[param(value_type = Option<String>)]
    pub province: Option<panah_domain::Province>,
    /// Only cases of this category.
    #[param(value_type = Option<String>)]
    pub category: Option<panah_domain::CaseCategory>,
    /// Only cases assigned to this user.
    pub assigned_to: Option<Uuid>,
    /// Page size, 1 to 200 (default 50).
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Checks that `user` may be assigned cases: an enabled IOM caseworker.
async fn check_assignee(
    app: &AppState,
    user: Uuid,
    errors: &mut Vec<FieldError>,
) -> Result<(), ApiError> {
    let assignee = app
        .store
        .get_user(UserId(user))
        .await
        .map_err(ApiError::store)?;
    let fits = assignee.is_some_and(|u| !u.disabled && u.roles.contains(Role::Caseworker));
    if !fits {
        errors.push(FieldError {
            field: "assigned_to".into(),
            message: "must name an enabled caseworker".into(),
        });
    }
    Ok(())
}

/// Register a case with its person and trafficking profile.
#[utoipa::path(post, path = "/api/v1/cases", tag = "cases", security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe: the same key and body within 24 hours answers the first response again")),
    request_body = CreateCase,
    responses(
        (status = 201, body = CaseView, headers(("Location" = String), ("ETag" = String))),
        (status = 422, description = "`validation_failed`", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(app): State<AppState>,
    Allowed { caller, scope, .. }: Allowed<needs::CasesCreate>,
    ApiJson(body): ApiJson<CreateCase>,
) -> Result<impl IntoResponse, ApiError> {
    let today = OffsetDateTime::now_utc().date();
    let mut errors = Vec::new();
    if body.identified_on > today {
        errors.push(FieldError {
            field: "identified_on".into(),
            message: "must not be in the future".into(),
        });
    }
    // A caseworker registers cases for themselves; assigning to others is a manager's job.
    let assigned_to = body.assigned_to.unwrap_or(caller.user.id.0);
    if scope == Scope::Own && assigned_to != caller.user.id.0 {
        return Err(ApiError::forbidden());
    }
    // Checked even when it is the caller: a case manager who is no caseworker must name one.
    check_assignee(&app, assigned_to, &mut errors).await?;
    let identified_by = body
        .identified_by_organization_id
        .map_or(caller.user.organization.id, OrganizationId);
    if app
        .store
        .get_organization(identified_by)
        .await
        .map_err(ApiError::store)?
        .is_none()
    {
        errors.push(FieldError {
            field: "identified_by_organization_id".into(),
            message: "names no organisation".into(),
        });
    }
    let person = dto::check_person(body.person.into(), body.identified_on, &mut errors);
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let new = NewCase {
        category: body.category,
        province: body.province,
        identified_on: body.identified_on,
        identified_by_organization_id: identified_by,
        assigned_to: Some(UserId(assigned_to)),
        person,
        trafficking: body.trafficking,
    };
    let id = app
        .store
        .create_case(&new, &caller.audit())
        .await
        .map_err(ApiError::store)?;
    // The answer holds only what the caller just sent (plus the number and computed
    // fields); the creation's audit entry covers it, so it is not audited again as a read.
    let case = app
        .store
        .case_for_change(id, CaseScope::All)
        .await
        .map_err(ApiError::store)?
        .ok_or_else(ApiError::not_found)?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/api/v1/cases/{id}"))],
        etag(case.version),
        Json(CaseView::from(case)),
    ))
}

/// Cases in the caller's scope, newest first. Never identity fields.
#[utoipa::path(get, path = "/api/v1/cases", tag = "cases", security(("bearer" = [])),
    params(ListCases),
    responses((status = 200, body = Page<CaseSummaryView>)))]
pub async fn list(
    State(app): State<AppState>,
    Allowed { caller, scope, .. }: Allowed<needs::CasesRead>,
    ApiQuery(query): ApiQuery<ListCases>,
) -> Result<Json<Page<CaseSummaryView>>, ApiError> {
    let limit = page_limit(query.limit)?;
    let before = match query.cursor {
        Some(cursor) => Some(CaseId(decode_cursor(&cursor)?.parse::<Uuid>().map_err(
            |_| ApiError::invalid_field("cursor", "is not a cursor from this list"),
        )?)),
        None => None,
    };
    let filter = CaseFilter {
        status: query.status,
        province: query.province,
        category: query.category,
        assigned_to: query.assigned_to.map(UserId),
    };
    let cases = app
        .store
        .list_cases(case_scope(&caller, scope), &filter, before, limit + 1)
        .await
        .map_err(ApiError::store)?;
    Ok(Json(paginate(
        cases,
        limit,
        |c| c.id.to_string(),
        CaseSummaryView::from,
    )))
}

/// Find cases by exact (normalised) given name, family name, phone or document number.
/// The terms travel in the body, never in a URL; the search is audited without them.
#[utoipa::path(post, path = "/api/v1/cases/search", tag = "cases", security(("bearer" = [])),
    request_body = SearchCases,
    responses((status = 200, body = Page<CaseSummaryView>)))]
pub async fn search(
    State(app): State<AppState>,
    Allowed { caller, scope, .. }: Allowed<needs::CasesRead>,
    ApiJson(body): ApiJson<SearchCases>,
) -> Result<Json<Page<CaseSummaryView>>, ApiError> {
    let terms = SearchTerms {
        given_name: body.given_name.filter(|v| !v.trim().is_empty()),
        family_name: body.family_name.filter(|v| !v.trim().is_empty()),
        phone: body.phone.filter(|v| !v.trim().is_empty()),
        document_number: body.document_number.filter(|v| !v.trim().is_empty()),
    };
    if terms.given_name.is_none()
        && terms.family_name.is_none()
        && terms.phone.is_none()
        && terms.document_number.is_none()
    {
        return Err(ApiError::invalid_field(
            "body",
            "give at least one search term",
        ));
    }
    let cases = app
        .store
        .search_cases(case_scope(&caller, scope), &terms, 200, &caller.audit())
        .await
        .map_err(ApiError::store)?;
    Ok(Json(Page {
        items: cases.into_iter().map(CaseSummaryView::from).collect(),
        next_cursor: None,
    }))
}

/// The case with its person. The read is audited.
#[utoipa::path(get, path = "/api/v1/cases/{id}", tag = "cases", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The case's id")),
    responses(
        (status = 200, body = CaseView, headers(("ETag" = String))),
        (status = 404, description = "`not_found` (also outside your scope)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get(
    State(app): State<AppState>,
    Allowed { caller, scope, .. }: Allowed<needs::CasesRead>,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<impl IntoResponse, ApiError> {
    let case = app
        .store
        .read_case(CaseId(id), case_scope(&caller, scope), &caller.audit())
        .await
        .map_err(ApiError::store)?
        .ok_or_else(ApiError::not_found)?;
    Ok((etag(case.version), Json(CaseView::from(case))))
}

/// Change a case. Needs `If-Match`. Status: the assigned caseworker moves `open → active`;
/// case managers close and reopen; other moves are 409 `invalid_transition`. Reassigning
/// is for case managers.
#[utoipa::path(patch, path = "/api/v1/cases/{id}", tag = "cases", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The case's id"),
           ("If-Match" = String, Header, description = "The ETag of the version read")),
    request_body = UpdateCase,
    responses(
        (status = 200, body = CaseView, headers(("ETag" = String))),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invalid_transition`", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`version_mismatch`", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "`precondition_required`", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn update(
    State(app): State<AppState>,
    Allowed { caller, scope, .. }: Allowed<needs::CasesUpdate>,
    ApiPath(id): ApiPath<Uuid>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<UpdateCase>,
) -> Result<impl IntoResponse, ApiError> {
    let expected_version = if_match(&headers)?;
    let nothing = body.status.is_none()
        && body.assigned_to.is_none()
        && body.category.is_none()
        && body.province.is_none()
        && body.person.is_none()
        && body.trafficking.is_none();
    if nothing {
        // An empty change would still bump the version and write an audit entry.
        return Err(ApiError::invalid_field(
            "body",
            "give at least one field to change",
        ));
    }
    let scope = case_scope(&caller, scope);
    let id = CaseId(id);
    let case = app
        .store
        .case_for_change(id, scope)
        .await
        .map_err(ApiError::store)?
        .ok_or_else(ApiError::not_found)?;
    if case.version != expected_version {
        return Err(ApiError::version_mismatch());
    }
    let is_case_manager = caller.user.roles.contains(Role::CaseManager);
    if body.assigned_to.is_some() && !is_case_manager {
        return Err(ApiError::forbidden());
    }
    if let Some(to) = body.status {
        let actor = StatusActor {
            is_assigned: case.assigned_to == Some(caller.user.id),
            is_case_manager,
        };
        case.status
            .transition(to, actor)
            .map_err(|e| ApiError::invalid_transition(e.to_string()))?;
    }
    let mut errors = Vec::new();
    if let Some(assignee) = body.assigned_to {
        check_assignee(&app, assignee, &mut errors).await?;
    }
    let person = body.person.map(|patch| {
        dto::check_person(
            patch.apply(case.person.clone()),
            case.identified_on,
            &mut errors,
        )
    });
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let changes = CaseChanges {
        status: body.status,
        assigned_to: body.assigned_to.map(|u| Some(UserId(u))),
        category: body.category,
        province: body.province,
        person,
        trafficking: body.trafficking,
    };
    let audit = caller.audit();
    app.store
        .update_case(id, scope, expected_version, &changes, &audit)
        .await
        .map_err(ApiError::store)?;
    // Reassigning a case away from oneself takes it out of one's own scope: answer with
    // the case as it now is all the same, since the caller just wrote it.
    let case = app
        .store
        .case_for_change(id, CaseScope::All)
        .await
        .map_err(ApiError::store)?
        .ok_or_else(ApiError::not_found)?;
    Ok((etag(case.version), Json(CaseView::from(case))))
}
