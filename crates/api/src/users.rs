//! `/api/v1/users`: staff accounts, managed by admins and read by auditors.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use panah_app::{AccountChange, NewAccount, OrganizationRef};
use panah_domain::{OrganizationId, Role, User, UserId};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::auth::{Allowed, gate};
use crate::error::Problem;
use crate::organizations::OrganizationView;
use crate::query::{ApiPath, ApiQuery, Page, decode_position, etag, if_match, page_limit};
use crate::vocabulary;
use crate::{ApiError, ApiJson, AppState};

/// A user as the API shows it. Never the password or its hash.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserView {
    /// The user's id.
    pub id: Uuid,
    /// The username.
    pub username: String,
    /// The name colleagues see.
    pub display_name: String,
    /// The user's organisation.
    pub organization: OrganizationView,
    /// The user's roles.
    #[schema(value_type = Vec<vocabulary::Role>)]
    pub roles: Vec<Role>,
    /// A disabled user cannot sign in.
    pub disabled: bool,
    /// The user must change their password before anything else.
    pub password_change_required: bool,
    /// The version, also sent as the `ETag`.
    pub version: i64,
    /// When the user was created.
    #[serde(with = "crate::timestamp")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
    /// When the user last changed.
    #[serde(with = "crate::timestamp")]
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: OffsetDateTime,
}

impl From<User> for UserView {
    fn from(user: User) -> Self {
        UserView {
            id: user.id.0,
            username: user.username.to_string(),
            display_name: user.display_name.as_str().to_owned(),
            organization: OrganizationView::from(&user.organization),
            roles: user.roles.as_slice().to_vec(),
            disabled: user.disabled,
            password_change_required: user.password_change_required,
            version: user.version,
            created_at: user.created_at,
            updated_at: user.updated_at,
        }
    }
}

/// `POST /api/v1/users`
#[derive(Debug, eserde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUser {
    /// 3 to 64 characters: a-z, digits, `.`, `_`, `-`; case-insensitive.
    pub username: String,
    /// The name colleagues see, 1 to 100 characters.
    pub display_name: String,
    /// The user's organisation; the roles must fit its kind.
    #[eserde(compat)]
    pub organization_id: Uuid,
    /// One or more roles.
    #[schema(value_type = Vec<vocabulary::Role>)]
    pub roles: Vec<Role>,
    /// The first password: 12 to 128 characters, not common, not containing the username.
    pub password: String,
}

/// `PATCH /api/v1/users/{id}`: any of the fields.
#[derive(Debug, eserde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateUser {
    /// A new display name.
    #[serde(default)]
    pub display_name: Option<String>,
    /// New roles, replacing the old; they must fit the user's organisation.
    #[schema(value_type = Option<Vec<vocabulary::Role>>)]
    #[serde(default)]
    pub roles: Option<Vec<Role>>,
    /// Disable (ending every session at once) or re-enable the account.
    #[serde(default)]
    pub disabled: Option<bool>,
}

/// `GET /api/v1/users` parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListUsers {
    /// Only users of this organisation.
    pub organization_id: Option<Uuid>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Create a user (admins).
#[utoipa::path(post, path = "/api/v1/users", operation_id = "create_user", tag = "users", security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe: the same key and body within 24 hours answers the first response again")),
    request_body = CreateUser,
    responses(
        (status = 201, description = "The user created", body = UserView, headers(("Location" = String), ("ETag" = String))),
        (status = 403, response = crate::error::Forbidden),
        (status = 409, description = "`username_taken`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::CreateUser>,
    ApiJson(body): ApiJson<CreateUser>,
) -> Result<impl IntoResponse, ApiError> {
    let new = NewAccount {
        username: body.username,
        display_name: Some(body.display_name),
        organization: OrganizationRef::Id(OrganizationId(body.organization_id)),
        roles: body.roles,
        password: body.password,
    };
    let user = state.app.create_user(&actor, new, now).await?;
    let location = format!("/api/v1/users/{}", user.id);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        etag(user.version),
        Json(UserView::from(user)),
    ))
}

/// Users in creation order (admins and auditors).
#[utoipa::path(get, path = "/api/v1/users", operation_id = "list_users", tag = "users", security(("bearer" = [])),
    params(ListUsers),
    responses(
        (status = 200, description = "A page of users", body = Page<UserView>),
        (status = 403, response = crate::error::Forbidden),
    ))]
pub async fn list(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::ListUsers>,
    ApiQuery(query): ApiQuery<ListUsers>,
) -> Result<Json<Page<UserView>>, ApiError> {
    let limit = page_limit(query.limit)?;
    let after = match query.cursor {
        Some(cursor) => Some(UserId(decode_position(&cursor)?)),
        None => None,
    };
    let users = state
        .app
        .list_users(
            &actor,
            query.organization_id.map(OrganizationId),
            after,
            limit,
            now,
        )
        .await?;
    Ok(Json(Page::from_app(
        users,
        |u| u.id.to_string(),
        UserView::from,
    )))
}

/// One user, with its version as the `ETag`.
#[utoipa::path(get, path = "/api/v1/users/{id}", operation_id = "get_user", tag = "users", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The user's id")),
    responses(
        (status = 200, description = "The user", body = UserView, headers(("ETag" = String))),
        (status = 403, response = crate::error::Forbidden),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::ReadUser>,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<impl IntoResponse, ApiError> {
    let user = state.app.user(&actor, UserId(id), now).await?;
    Ok((etag(user.version), Json(UserView::from(user))))
}

/// Change a user's display name, roles or disabled flag (admins). Needs `If-Match`.
/// Takes effect on the user's very next request.
#[utoipa::path(patch, path = "/api/v1/users/{id}", operation_id = "update_user", tag = "users", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The user's id"),
           ("If-Match" = String, Header, description = "The ETag of the version read")),
    request_body = UpdateUser,
    responses(
        (status = 200, description = "The user as changed", body = UserView, headers(("ETag" = String))),
        (status = 403, response = crate::error::Forbidden),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`self_lockout`: admins cannot disable themselves or drop their own admin role", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`version_mismatch`", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "`precondition_required`", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn update(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::ChangeUser>,
    ApiPath(id): ApiPath<Uuid>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<UpdateUser>,
) -> Result<impl IntoResponse, ApiError> {
    let change = AccountChange {
        expected_version: if_match(&headers)?,
        display_name: body.display_name,
        roles: body.roles,
        disabled: body.disabled,
    };
    let user = state
        .app
        .change_user(&actor, UserId(id), change, now)
        .await?;
    Ok((etag(user.version), Json(UserView::from(user))))
}
