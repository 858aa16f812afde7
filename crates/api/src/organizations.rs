//! `/api/v1/organizations`: the organisations of the framework.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use panah_app::NewOrganization;
use panah_domain::{Organization, OrganizationCode, OrganizationId, OrganizationKind, Province};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::{Allowed, gate};
use crate::error::Problem;
use crate::query::{ApiPath, Page};
use crate::vocabulary;
use crate::{ApiError, ApiJson, AppState};

/// An organisation as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrganizationView {
    /// Its id.
    pub id: Uuid,
    /// Its unique code, such as `MOI-KAB`.
    pub code: String,
    /// Its name.
    pub name: String,
    /// What it is: `iom`, `moi_national`, `moi_provincial`, `partner_ministry`,
    /// `foreign_state` or `donor`.
    #[schema(value_type = vocabulary::OrganizationKind, example = "moi_provincial")]
    pub kind: OrganizationKind,
    /// A provincial office's province (ISO 3166-2:AF), else null.
    #[schema(value_type = Option<vocabulary::Province>, example = "AF-KAB")]
    pub province: Option<Province>,
}

impl From<&Organization> for OrganizationView {
    fn from(organization: &Organization) -> Self {
        OrganizationView {
            id: organization.id.0,
            code: organization.code.to_string(),
            name: organization.name.clone(),
            kind: organization.kind,
            province: organization.province,
        }
    }
}

/// `POST /api/v1/organizations`
#[derive(Debug, eserde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateOrganization {
    /// Unique code: capitals, digits and single hyphens, such as `EMB-IR`.
    #[schema(value_type = String)]
    pub code: OrganizationCode,
    /// Name, 1 to 200 characters.
    pub name: String,
    /// What it is.
    #[schema(value_type = vocabulary::OrganizationKind)]
    pub kind: OrganizationKind,
    /// Required for `moi_provincial`, refused for every other kind.
    #[schema(value_type = Option<vocabulary::Province>)]
    #[serde(default)]
    pub province: Option<Province>,
}

/// Every organisation, by code. Any signed-in user may list them.
#[utoipa::path(get, path = "/api/v1/organizations", operation_id = "list_organizations", tag = "organizations", security(("bearer" = [])),
    responses(
        (status = 200, description = "Every organisation", body = Page<OrganizationView>),
        (status = 403, response = crate::error::PasswordChangeRequired),
    ))]
pub async fn list(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::ListOrganizations>,
) -> Result<Json<Page<OrganizationView>>, ApiError> {
    let organizations = state.app.organizations(&actor, now).await?;
    Ok(Json(Page {
        items: organizations.iter().map(OrganizationView::from).collect(),
        next_cursor: None,
    }))
}

/// Add an organisation (admins): a foreign state's embassy, a partner, a donor.
#[utoipa::path(post, path = "/api/v1/organizations", operation_id = "create_organization", tag = "organizations", security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe: the same key and body within 24 hours answers the first response again")),
    request_body = CreateOrganization,
    responses(
        (status = 201, description = "The organisation added", body = OrganizationView),
        (status = 403, response = crate::error::Forbidden),
        (status = 409, description = "`code_taken`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::AddOrganization>,
    ApiJson(body): ApiJson<CreateOrganization>,
) -> Result<impl IntoResponse, ApiError> {
    let new = NewOrganization {
        code: body.code,
        name: body.name,
        kind: body.kind,
        province: body.province,
    };
    let organization = state.app.add_organization(&actor, new, now).await?;
    let location = format!("/api/v1/organizations/{}", organization.id);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(OrganizationView::from(&organization)),
    ))
}

/// One organisation.
#[utoipa::path(get, path = "/api/v1/organizations/{id}", operation_id = "get_organization", tag = "organizations", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The organisation's id")),
    responses(
        (status = 200, description = "The organisation", body = OrganizationView),
        (status = 403, response = crate::error::PasswordChangeRequired),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::ReadOrganization>,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<OrganizationView>, ApiError> {
    let organization = state
        .app
        .organization(&actor, OrganizationId(id), now)
        .await?;
    Ok(Json(OrganizationView::from(&organization)))
}
