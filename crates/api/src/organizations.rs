//! `/api/v1/organizations`: the organisations of the framework.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use panah_domain::{Organization, OrganizationCode, OrganizationKind, Province};
use panah_persistence::{NewOrganization, StoreError};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::{Allowed, needs};
use crate::error::Problem;
use crate::query::Page;
use crate::{ApiError, ApiJson, AppState, FieldError};

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
    #[schema(value_type = String, example = "moi_provincial")]
    pub kind: OrganizationKind,
    /// A provincial office's province (ISO 3166-2:AF), else null.
    #[schema(value_type = Option<String>, example = "AF-KAB")]
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
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateOrganization {
    /// Unique code: capitals, digits and single hyphens, such as `EMB-IR`.
    #[schema(value_type = String)]
    pub code: OrganizationCode,
    /// Name, 1 to 200 characters.
    pub name: String,
    /// What it is.
    #[schema(value_type = String)]
    pub kind: OrganizationKind,
    /// Required for `moi_provincial`, refused for every other kind.
    #[schema(value_type = Option<String>)]
    pub province: Option<Province>,
}

/// Every organisation, by code. Any signed-in user may list them.
#[utoipa::path(get, path = "/api/v1/organizations", tag = "organizations", security(("bearer" = [])),
    responses((status = 200, body = Page<OrganizationView>)))]
pub async fn list(
    State(app): State<AppState>,
    _: Allowed<needs::OrganizationsRead>,
) -> Result<Json<Page<OrganizationView>>, ApiError> {
    let organizations = app
        .store
        .list_organizations()
        .await
        .map_err(ApiError::store)?;
    Ok(Json(Page {
        items: organizations.iter().map(OrganizationView::from).collect(),
        next_cursor: None,
    }))
}

/// Add an organisation (admins): a foreign state's embassy, a partner, a donor.
#[utoipa::path(post, path = "/api/v1/organizations", tag = "organizations", security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe: the same key and body within 24 hours answers the first response again")),
    request_body = CreateOrganization,
    responses(
        (status = 201, body = OrganizationView),
        (status = 409, description = "`code_taken`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(app): State<AppState>,
    Allowed { caller, .. }: Allowed<needs::OrganizationsManage>,
    ApiJson(body): ApiJson<CreateOrganization>,
) -> Result<impl IntoResponse, ApiError> {
    let mut errors = Vec::new();
    let name = body.name.trim().to_owned();
    if !(1..=200).contains(&name.chars().count()) || name.chars().any(char::is_control) {
        errors.push(FieldError {
            field: "name".into(),
            message: "must be 1 to 200 characters without control characters".into(),
        });
    }
    match (body.kind, body.province) {
        (OrganizationKind::MoiProvincial, None) => errors.push(FieldError {
            field: "province".into(),
            message: "is required for a provincial office".into(),
        }),
        (kind, Some(_)) if kind != OrganizationKind::MoiProvincial => errors.push(FieldError {
            field: "province".into(),
            message: "is only for provincial offices".into(),
        }),
        _ => {}
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let new = NewOrganization {
        code: body.code,
        name,
        kind: body.kind,
        province: body.province,
    };
    let organization = app
        .store
        .create_organization(&new, &caller.audit())
        .await
        .map_err(|error| match error {
            StoreError::Conflict(_) => ApiError::new(
                StatusCode::CONFLICT,
                "code_taken",
                "Another organisation has this code.",
            ),
            other => ApiError::store(other),
        })?;
    let location = format!("/api/v1/organizations/{}", organization.id);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(OrganizationView::from(&organization)),
    ))
}

/// One organisation.
#[utoipa::path(get, path = "/api/v1/organizations/{id}", tag = "organizations", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The organisation's id")),
    responses(
        (status = 200, body = OrganizationView),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get(
    State(app): State<AppState>,
    _: Allowed<needs::OrganizationsRead>,
    crate::query::ApiPath(id): crate::query::ApiPath<Uuid>,
) -> Result<Json<OrganizationView>, ApiError> {
    let organization = app
        .store
        .get_organization(panah_domain::OrganizationId(id))
        .await
        .map_err(ApiError::store)?
        .ok_or_else(ApiError::not_found)?;
    Ok(Json(OrganizationView::from(&organization)))
}
