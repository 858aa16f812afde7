//! `/api/v1/grants`: donors' funding agreements and their budget lines. Programme
//! managers write them; case managers read them.

use std::collections::HashSet;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use panah_domain::{Currency, Grant, GrantId, OrganizationId, OrganizationKind, is_valid_code};
use panah_persistence::{GrantChanges, NewBudgetLine, NewGrant, StoreError};
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::auth::{Allowed, needs};
use crate::dates::iso_date;
use crate::error::Problem;
use crate::query::{ApiPath, ApiQuery, Page, decode_cursor, etag, if_match, page_limit, paginate};
use crate::{ApiError, ApiJson, AppState, FieldError};

/// The longest title or budget-line name, in characters.
const MAX_TEXT_CHARS: usize = 200;
/// The most budget lines a grant holds.
const MAX_LINES: usize = 100;

/// A budget line as sent.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetLineInput {
    /// Code, unique within the grant: 1 to 40 letters, digits, `-`, `_`, `.`.
    pub code: String,
    /// Name, 1 to 200 characters.
    pub name: String,
    /// Amount in minor units of the grant's currency, not negative.
    pub amount_minor: i64,
}

/// `POST /api/v1/grants`
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateGrant {
    /// Unique code, such as `US-CT-2026-01`.
    pub code: String,
    /// Title, 1 to 200 characters.
    pub title: String,
    /// The donor (an organisation of kind `donor`).
    pub donor_organization_id: Uuid,
    /// ISO 4217 currency of the budget.
    #[schema(value_type = String, example = "USD")]
    pub currency: Currency,
    /// First day.
    #[serde(with = "iso_date")]
    #[schema(value_type = String, format = Date)]
    pub starts_on: Date,
    /// Last day, not before the first.
    #[serde(with = "iso_date")]
    #[schema(value_type = String, format = Date)]
    pub ends_on: Date,
    /// Budget lines, at least one, with distinct codes.
    pub budget_lines: Vec<BudgetLineInput>,
}

/// `PATCH /api/v1/grants/{id}`: any of the fields. Budget lines are matched by code: a
/// listed code changes that line, a new one is added; lines are never removed.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateGrant {
    /// New title.
    pub title: Option<String>,
    /// New first day; charged costs must stay inside the period.
    #[serde(default, with = "iso_date::option")]
    #[schema(value_type = Option<String>, format = Date)]
    pub starts_on: Option<Date>,
    /// New last day.
    #[serde(default, with = "iso_date::option")]
    #[schema(value_type = Option<String>, format = Date)]
    pub ends_on: Option<Date>,
    /// Lines to change or add.
    #[serde(default)]
    pub budget_lines: Vec<BudgetLineInput>,
}

/// A budget line.
#[derive(Debug, Serialize, ToSchema)]
pub struct BudgetLineView {
    /// Id, for charging assistance to it.
    pub id: Uuid,
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Amount budgeted, in minor units.
    pub amount_minor: i64,
}

/// A grant.
#[derive(Debug, Serialize, ToSchema)]
pub struct GrantView {
    /// Id.
    pub id: Uuid,
    /// Code.
    pub code: String,
    /// Title.
    pub title: String,
    /// The donor.
    pub donor_organization_id: Uuid,
    /// Currency.
    #[schema(value_type = String)]
    pub currency: Currency,
    /// First day.
    #[serde(with = "iso_date")]
    #[schema(value_type = String, format = Date)]
    pub starts_on: Date,
    /// Last day.
    #[serde(with = "iso_date")]
    #[schema(value_type = String, format = Date)]
    pub ends_on: Date,
    /// Budget lines, by code.
    pub budget_lines: Vec<BudgetLineView>,
    /// The whole budget: the sum of the lines.
    pub total_minor: i64,
    /// Version, also the `ETag`.
    pub version: i64,
    /// Created at.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
    /// Last changed at.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: OffsetDateTime,
}

impl From<Grant> for GrantView {
    fn from(grant: Grant) -> Self {
        let total_minor = grant.total_minor();
        GrantView {
            id: grant.id.0,
            code: grant.code,
            title: grant.title,
            donor_organization_id: grant.donor_organization_id.0,
            currency: grant.currency,
            starts_on: grant.starts_on,
            ends_on: grant.ends_on,
            budget_lines: grant
                .budget_lines
                .into_iter()
                .map(|line| BudgetLineView {
                    id: line.id.0,
                    code: line.code,
                    name: line.name,
                    amount_minor: line.amount_minor,
                })
                .collect(),
            total_minor,
            version: grant.version,
            created_at: grant.created_at,
            updated_at: grant.updated_at,
        }
    }
}

/// `GET /api/v1/grants` parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ListGrants {
    /// Page size, 1 to 200 (default 50).
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// A trimmed text of 1 to 200 characters without control characters.
fn check_text(field: &str, value: &str, errors: &mut Vec<FieldError>) -> String {
    let value = value.trim();
    let chars = value.chars().count();
    if chars == 0 || chars > MAX_TEXT_CHARS || value.chars().any(char::is_control) {
        errors.push(FieldError {
            field: field.into(),
            message: format!("must be 1 to {MAX_TEXT_CHARS} characters without control characters"),
        });
    }
    value.to_owned()
}

fn check_lines(lines: Vec<BudgetLineInput>, errors: &mut Vec<FieldError>) -> Vec<NewBudgetLine> {
    if lines.len() > MAX_LINES {
        errors.push(FieldError {
            field: "budget_lines".into(),
            message: format!("must be at most {MAX_LINES} lines"),
        });
    }
    let mut codes = HashSet::new();
    lines
        .into_iter()
        .enumerate()
        .map(|(i, line)| {
            let code = line.code.trim().to_owned();
            if !is_valid_code(&code) {
                errors.push(FieldError {
                    field: format!("budget_lines[{i}].code"),
                    message: "must be 1 to 40 letters, digits, '-', '_' or '.'".into(),
                });
            } else if !codes.insert(code.clone()) {
                errors.push(FieldError {
                    field: format!("budget_lines[{i}].code"),
                    message: "appears twice".into(),
                });
            }
            if line.amount_minor < 0 {
                errors.push(FieldError {
                    field: format!("budget_lines[{i}].amount_minor"),
                    message: "must not be negative".into(),
                });
            }
            NewBudgetLine {
                name: check_text(&format!("budget_lines[{i}].name"), &line.name, errors),
                code,
                amount_minor: line.amount_minor,
            }
        })
        .collect()
}

fn check_period(starts_on: Date, ends_on: Date, errors: &mut Vec<FieldError>) {
    if ends_on < starts_on {
        errors.push(FieldError {
            field: "ends_on".into(),
            message: "must not be before starts_on".into(),
        });
    }
}

/// Adds an error for each end of the period `starts_on`–`ends_on` that would leave a cost
/// charged to grant `id` outside: a later first day is the fault of `starts_on`, an earlier
/// last day of `ends_on`.
async fn check_charged(
    app: &AppState,
    id: GrantId,
    starts_on: Date,
    ends_on: Date,
    errors: &mut Vec<FieldError>,
) -> Result<(), ApiError> {
    if let Some((first, last)) = app.store.charged_dates(id).await.map_err(ApiError::store)? {
        for (field, outside) in [
            ("starts_on", first < starts_on),
            ("ends_on", last > ends_on),
        ] {
            if outside {
                errors.push(FieldError {
                    field: field.into(),
                    message: format!(
                        "the period must keep the costs charged from {first} to {last}"
                    ),
                });
            }
        }
    }
    Ok(())
}

/// Create a grant with its budget lines. The code is unique (409 `conflict`).
#[utoipa::path(post, path = "/api/v1/grants", tag = "grants", security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe: the same key and body within 24 hours answers the first response again")),
    request_body = CreateGrant,
    responses(
        (status = 201, body = GrantView, headers(("Location" = String), ("ETag" = String))),
        (status = 409, description = "`conflict`: the code is in use", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(app): State<AppState>,
    Allowed { caller, .. }: Allowed<needs::GrantsManage>,
    ApiJson(body): ApiJson<CreateGrant>,
) -> Result<impl IntoResponse, ApiError> {
    let mut errors = Vec::new();
    let code = body.code.trim().to_owned();
    if !is_valid_code(&code) {
        errors.push(FieldError {
            field: "code".into(),
            message: "must be 1 to 40 letters, digits, '-', '_' or '.'".into(),
        });
    }
    let title = check_text("title", &body.title, &mut errors);
    check_period(body.starts_on, body.ends_on, &mut errors);
    if body.budget_lines.is_empty() {
        errors.push(FieldError {
            field: "budget_lines".into(),
            message: "give at least one budget line".into(),
        });
    }
    let budget_lines = check_lines(body.budget_lines, &mut errors);
    let donor = app
        .store
        .get_organization(OrganizationId(body.donor_organization_id))
        .await
        .map_err(ApiError::store)?;
    if donor.is_none_or(|d| d.kind != OrganizationKind::Donor) {
        errors.push(FieldError {
            field: "donor_organization_id".into(),
            message: "must name a donor".into(),
        });
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let new = NewGrant {
        code,
        title,
        donor_organization_id: OrganizationId(body.donor_organization_id),
        currency: body.currency,
        starts_on: body.starts_on,
        ends_on: body.ends_on,
        budget_lines,
    };
    let id = app
        .store
        .create_grant(&new, &caller.audit())
        .await
        .map_err(|error| match error {
            StoreError::Conflict(_) => ApiError::new(
                StatusCode::CONFLICT,
                "conflict",
                "A grant with this code exists.",
            ),
            other => ApiError::store(other),
        })?;
    let grant = app
        .store
        .get_grant(id)
        .await
        .map_err(ApiError::store)?
        .ok_or_else(ApiError::not_found)?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/api/v1/grants/{id}"))],
        etag(grant.version),
        Json(GrantView::from(grant)),
    ))
}

/// Grants by code.
#[utoipa::path(get, path = "/api/v1/grants", tag = "grants", security(("bearer" = [])),
    params(ListGrants),
    responses((status = 200, body = Page<GrantView>)))]
pub async fn list(
    State(app): State<AppState>,
    _allowed: Allowed<needs::ReportsRead>,
    ApiQuery(query): ApiQuery<ListGrants>,
) -> Result<Json<Page<GrantView>>, ApiError> {
    let limit = page_limit(query.limit)?;
    let after = query.cursor.as_deref().map(decode_cursor).transpose()?;
    let grants = app
        .store
        .list_grants(after.as_deref(), limit + 1)
        .await
        .map_err(ApiError::store)?;
    Ok(Json(paginate(
        grants,
        limit,
        |g| g.code.clone(),
        GrantView::from,
    )))
}

/// One grant, with its version as the `ETag`.
#[utoipa::path(get, path = "/api/v1/grants/{id}", tag = "grants", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The grant's id")),
    responses(
        (status = 200, body = GrantView, headers(("ETag" = String))),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get(
    State(app): State<AppState>,
    _allowed: Allowed<needs::ReportsRead>,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<impl IntoResponse, ApiError> {
    let grant = app
        .store
        .get_grant(GrantId(id))
        .await
        .map_err(ApiError::store)?
        .ok_or_else(ApiError::not_found)?;
    Ok((etag(grant.version), Json(GrantView::from(grant))))
}

/// Change a grant. Needs `If-Match`. The period must keep every charged cost inside it.
#[utoipa::path(patch, path = "/api/v1/grants/{id}", tag = "grants", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The grant's id"),
           ("If-Match" = String, Header, description = "The ETag of the version read")),
    request_body = UpdateGrant,
    responses(
        (status = 200, body = GrantView, headers(("ETag" = String))),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`conflict`: costs were charged and uncharged while the period changed; retry", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`version_mismatch`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "`precondition_required`", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn update(
    State(app): State<AppState>,
    Allowed { caller, .. }: Allowed<needs::GrantsManage>,
    ApiPath(id): ApiPath<Uuid>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<UpdateGrant>,
) -> Result<impl IntoResponse, ApiError> {
    let expected_version = if_match(&headers)?;
    let id = GrantId(id);
    let current = app
        .store
        .get_grant(id)
        .await
        .map_err(ApiError::store)?
        .ok_or_else(ApiError::not_found)?;
    if current.version != expected_version {
        return Err(ApiError::version_mismatch());
    }
    let mut errors = Vec::new();
    if body.title.is_none()
        && body.starts_on.is_none()
        && body.ends_on.is_none()
        && body.budget_lines.is_empty()
    {
        errors.push(FieldError {
            field: "body".into(),
            message: "give at least one field to change".into(),
        });
    }
    let title = body
        .title
        .as_deref()
        .map(|title| check_text("title", title, &mut errors));
    let starts_on = body.starts_on.unwrap_or(current.starts_on);
    let ends_on = body.ends_on.unwrap_or(current.ends_on);
    check_period(starts_on, ends_on, &mut errors);
    check_charged(&app, id, starts_on, ends_on, &mut errors).await?;
    let budget_lines = check_lines(body.budget_lines, &mut errors);
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let changes = GrantChanges {
        title,
        starts_on: body.starts_on,
        ends_on: body.ends_on,
        budget_lines,
    };
    match app
        .store
        .update_grant(id, expected_version, &changes, &caller.audit())
        .await
    {
        Ok(()) => {}
        // A cost was charged between the check above and the write, which checks again.
        Err(StoreError::Conflict(GrantChanges::PERIOD_LEAVES_CHARGES)) => {
            let mut errors = Vec::new();
            check_charged(&app, id, starts_on, ends_on, &mut errors).await?;
            if errors.is_empty() {
                // And was uncharged again since: the caller may simply retry.
                return Err(ApiError::new(
                    StatusCode::CONFLICT,
                    "conflict",
                    "Costs were charged to the grant meanwhile; try again.",
                ));
            }
            return Err(ApiError::validation(errors));
        }
        Err(other) => return Err(ApiError::store(other)),
    }
    let grant = app
        .store
        .get_grant(id)
        .await
        .map_err(ApiError::store)?
        .ok_or_else(ApiError::not_found)?;
    Ok((etag(grant.version), Json(GrantView::from(grant))))
}
