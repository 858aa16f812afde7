//! `/api/v1/grants`: donors' funding agreements and their budget lines. Programme
//! managers write them; case managers read them.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use panah_app::{GrantChange, GrantEntry, LineEntry};
use panah_domain::{ChargeableLine, Currency, Grant, GrantId, OrganizationId};
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::auth::{Allowed, gate};
use crate::dates::iso_date;
use crate::error::Problem;
use crate::query::{ApiPath, ApiQuery, Page, decode_cursor, etag, if_match, page_limit};
use crate::vocabulary;
use crate::{ApiError, ApiJson, AppState};

/// A budget line as sent.
#[derive(Debug, eserde::Deserialize, ToSchema)]
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
#[derive(Debug, eserde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateGrant {
    /// Unique code, such as `US-CT-2026-01`.
    pub code: String,
    /// Title, 1 to 200 characters.
    pub title: String,
    /// The donor (an organisation of kind `donor`).
    #[eserde(compat)]
    pub donor_organization_id: Uuid,
    /// ISO 4217 currency of the budget.
    #[schema(value_type = vocabulary::Currency, example = "USD")]
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
#[derive(Debug, eserde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateGrant {
    /// New title.
    #[serde(default)]
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
    #[schema(value_type = vocabulary::Currency)]
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
    #[serde(with = "crate::timestamp")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
    /// Last changed at.
    #[serde(with = "crate::timestamp")]
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
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListGrants {
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl From<BudgetLineInput> for LineEntry {
    fn from(line: BudgetLineInput) -> LineEntry {
        LineEntry {
            code: line.code,
            name: line.name,
            amount_minor: line.amount_minor,
        }
    }
}

/// Create a grant with its budget lines. The code is unique (409 `conflict`).
#[utoipa::path(post, path = "/api/v1/grants", operation_id = "create_grant", tag = "grants", security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe: the same key and body within 24 hours answers the first response again")),
    request_body = CreateGrant,
    responses(
        (status = 201, description = "The grant created", body = GrantView, headers(("Location" = String), ("ETag" = String))),
        (status = 403, response = crate::error::Forbidden),
        (status = 409, description = "`conflict`: the code is in use", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::CreateGrant>,
    ApiJson(body): ApiJson<CreateGrant>,
) -> Result<impl IntoResponse, ApiError> {
    let entry = GrantEntry {
        code: body.code,
        title: body.title,
        donor: OrganizationId(body.donor_organization_id),
        currency: body.currency,
        starts_on: body.starts_on,
        ends_on: body.ends_on,
        lines: body.budget_lines.into_iter().map(Into::into).collect(),
    };
    let grant = state.app.create_grant(&actor, entry, now).await?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/api/v1/grants/{}", grant.id))],
        etag(grant.version),
        Json(GrantView::from(grant)),
    ))
}

/// Grants by code.
#[utoipa::path(get, path = "/api/v1/grants", operation_id = "list_grants", tag = "grants", security(("bearer" = [])),
    params(ListGrants),
    responses(
        (status = 200, description = "A page of grants", body = Page<GrantView>),
        (status = 403, response = crate::error::Forbidden),
    ))]
pub async fn list(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::ListGrants>,
    ApiQuery(query): ApiQuery<ListGrants>,
) -> Result<Json<Page<GrantView>>, ApiError> {
    let limit = page_limit(query.limit)?;
    let after = query.cursor.as_deref().map(decode_cursor).transpose()?;
    let grants = state
        .app
        .list_grants(&actor, after.as_deref(), limit, now)
        .await?;
    Ok(Json(Page::from_app(
        grants,
        |g| g.code.clone(),
        GrantView::from,
    )))
}

/// One grant, with its version as the `ETag`.
#[utoipa::path(get, path = "/api/v1/grants/{id}", operation_id = "get_grant", tag = "grants", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The grant's id")),
    responses(
        (status = 200, description = "The grant", body = GrantView, headers(("ETag" = String))),
        (status = 403, response = crate::error::Forbidden),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::ReadGrant>,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<impl IntoResponse, ApiError> {
    let grant = state.app.grant(&actor, GrantId(id), now).await?;
    Ok((etag(grant.version), Json(GrantView::from(grant))))
}

/// Change a grant. Needs `If-Match`. The period must keep every charged cost inside it.
#[utoipa::path(patch, path = "/api/v1/grants/{id}", operation_id = "update_grant", tag = "grants", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The grant's id"),
           ("If-Match" = String, Header, description = "The ETag of the version read")),
    request_body = UpdateGrant,
    responses(
        (status = 200, description = "The grant as changed", body = GrantView, headers(("ETag" = String))),
        (status = 403, response = crate::error::Forbidden),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`conflict`: costs were charged and uncharged while the period changed; retry", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`version_mismatch`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "`precondition_required`", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn update(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::ChangeGrant>,
    ApiPath(id): ApiPath<Uuid>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<UpdateGrant>,
) -> Result<impl IntoResponse, ApiError> {
    let change = GrantChange {
        expected_version: if_match(&headers)?,
        title: body.title,
        starts_on: body.starts_on,
        ends_on: body.ends_on,
        lines: body.budget_lines.into_iter().map(Into::into).collect(),
    };
    let grant = state
        .app
        .change_grant(&actor, GrantId(id), change, now)
        .await?;
    Ok((etag(grant.version), Json(GrantView::from(grant))))
}

/// `GET /api/v1/budget-lines` parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListChargeableLines {
    /// Only lines a cost dated this day may be charged to (inside the grant's period).
    #[serde(default, with = "iso_date::option")]
    #[param(value_type = Option<String>, format = Date)]
    pub on: Option<Date>,
    /// Only lines of grants in this currency.
    #[param(value_type = Option<vocabulary::Currency>)]
    pub currency: Option<Currency>,
}

/// A budget line one may charge a cost to: no amount, no spend.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChargeableLineView {
    /// The line's id: the `budget_line_id` of assistance.
    pub id: Uuid,
    /// Its code within the grant.
    pub code: String,
    /// Its name.
    pub name: String,
    /// The grant.
    pub grant_id: Uuid,
    /// The grant's code.
    pub grant_code: String,
    /// The grant's title.
    pub grant_title: String,
    /// The currency a charged cost must be in.
    #[schema(value_type = vocabulary::Currency)]
    pub currency: Currency,
    /// The first day a charged cost may be dated.
    #[serde(with = "iso_date")]
    #[schema(value_type = String, format = Date)]
    pub starts_on: Date,
    /// The last day.
    #[serde(with = "iso_date")]
    #[schema(value_type = String, format = Date)]
    pub ends_on: Date,
}

impl From<ChargeableLine> for ChargeableLineView {
    fn from(line: ChargeableLine) -> Self {
        ChargeableLineView {
            id: line.id.0,
            code: line.code,
            name: line.name,
            grant_id: line.grant_id.0,
            grant_code: line.grant_code,
            grant_title: line.grant_title,
            currency: line.currency,
            starts_on: line.starts_on,
            ends_on: line.ends_on,
        }
    }
}

/// The budget lines those who log assistance may charge a cost to, by grant and line
/// code: for a date and a currency when given. Amounts and spend are not shown.
#[utoipa::path(get, path = "/api/v1/budget-lines", operation_id = "list_chargeable_lines", tag = "grants", security(("bearer" = [])),
    params(ListChargeableLines),
    responses(
        (status = 200, description = "Every matching line, on one page", body = Page<ChargeableLineView>),
        (status = 403, response = crate::error::Forbidden),
        (status = 422, description = "`validation_failed`: a date or currency that does not parse", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn chargeable_lines(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::ListChargeableLines>,
    ApiQuery(query): ApiQuery<ListChargeableLines>,
) -> Result<Json<Page<ChargeableLineView>>, ApiError> {
    let lines = state
        .app
        .chargeable_lines(&actor, query.on, query.currency, now)
        .await?;
    Ok(Json(Page {
        items: lines.into_iter().map(ChargeableLineView::from).collect(),
        next_cursor: None,
    }))
}
