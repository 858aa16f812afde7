//! `/api/v1/auth/*` and `/api/v1/me`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use panah_app::{Credentials, Session};
use panah_domain::Role;
use serde::Serialize;
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;

use super::tokens::ACCESS_TOKEN_SECONDS;
use super::{Allowed, ClientAddress, gate};
use crate::error::Problem;
use crate::organizations::OrganizationView;
use crate::vocabulary;
use crate::{ApiError, ApiJson, AppState, RequestId};

/// `POST /api/v1/auth/login`
#[derive(Debug, eserde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// The username (case-insensitive).
    pub username: String,
    /// The password.
    pub password: String,
}

/// `POST /api/v1/auth/refresh`
#[derive(Debug, eserde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    /// The refresh token from the last sign-in or refresh. It works once.
    pub refresh_token: String,
}

/// `POST /api/v1/auth/password`
#[derive(Debug, eserde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    /// The password in use now.
    pub current_password: String,
    /// The new one: 12 to 128 characters, not a common password, not containing the
    /// username.
    pub new_password: String,
}

/// Tokens for a session.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    /// Send as `Authorization: Bearer <access_token>`. Lives `expires_in` seconds.
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: &'static str,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    /// Exchange at `/api/v1/auth/refresh` for new tokens; works once.
    pub refresh_token: String,
    /// The password must be changed before anything else is allowed.
    pub password_change_required: bool,
}

/// `GET /api/v1/me`
#[derive(Debug, Serialize, ToSchema)]
pub struct MeResponse {
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
}

/// The tokens of `session`, issued at `now`.
fn tokens(state: &AppState, session: Session, now: OffsetDateTime) -> TokenResponse {
    TokenResponse {
        access_token: state
            .tokens
            .issue(session.user.id.0, session.session_id, now),
        token_type: "Bearer",
        expires_in: ACCESS_TOKEN_SECONDS,
        refresh_token: session.refresh_token,
        password_change_required: session.user.password_change_required,
    }
}

/// Sign in. Unknown users and wrong passwords get the same answer in the same time.
#[utoipa::path(post, path = "/api/v1/auth/login", operation_id = "login", tag = "auth", request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in: the session's tokens", body = TokenResponse),
        (status = 401, description = "`invalid_credentials`", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`too_many_attempts`, with Retry-After", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "`busy`: too many sign-ins at once, with Retry-After", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn login(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    request_id: Option<axum::Extension<RequestId>>,
    ApiJson(body): ApiJson<LoginRequest>,
) -> Result<Json<TokenResponse>, ApiError> {
    let now = OffsetDateTime::now_utc();
    let credentials = Credentials {
        username: body.username,
        password: body.password,
    };
    let session = state
        .app
        .sign_in(credentials, &client, request_id.map(|e| e.0.0), now)
        .await?;
    Ok(Json(tokens(&state, session, now)))
}

/// Exchange a refresh token for new tokens. Each refresh token works once; presenting a
/// used one ends the whole session.
#[utoipa::path(post, path = "/api/v1/auth/refresh", operation_id = "refresh", tag = "auth", request_body = RefreshRequest,
    responses(
        (status = 200, description = "The session's new tokens", body = TokenResponse),
        (status = 401, description = "`invalid_refresh_token`", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn refresh(
    State(state): State<AppState>,
    request_id: Option<axum::Extension<RequestId>>,
    ApiJson(body): ApiJson<RefreshRequest>,
) -> Result<Json<TokenResponse>, ApiError> {
    let now = OffsetDateTime::now_utc();
    let session = state
        .app
        .refresh_session(&body.refresh_token, request_id.map(|e| e.0.0), now)
        .await?;
    Ok(Json(tokens(&state, session, now)))
}

/// Sign out: the session's access and refresh tokens stop working at once.
#[utoipa::path(post, path = "/api/v1/auth/logout", operation_id = "logout", tag = "auth", security(("bearer" = [])),
    responses((status = 204, description = "Signed out")))]
pub async fn logout(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::SignOut>,
) -> Result<StatusCode, ApiError> {
    state.app.sign_out(&actor, now).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Change one's own password. Every other session of the user ends.
#[utoipa::path(post, path = "/api/v1/auth/password", operation_id = "change_password", tag = "auth", request_body = PasswordChange,
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Changed"),
        (status = 422, description = "`validation_failed`: the current password is wrong or the new one breaks the policy", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`too_many_attempts`", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn password(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::ChangeOwnPassword>,
    ClientAddress(client): ClientAddress,
    ApiJson(body): ApiJson<PasswordChange>,
) -> Result<StatusCode, ApiError> {
    state
        .app
        .change_own_password(
            &actor,
            body.current_password,
            &body.new_password,
            &client,
            now,
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The signed-in user.
#[utoipa::path(get, path = "/api/v1/me", operation_id = "get_me", tag = "auth", security(("bearer" = [])),
    responses(
        (status = 200, description = "The signed-in user", body = MeResponse),
        (status = 403, response = crate::error::PasswordChangeRequired),
    ))]
pub async fn me(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::ReadOwnAccount>,
) -> Result<Json<MeResponse>, ApiError> {
    let user = state.app.own_account(&actor, now).await?;
    Ok(Json(MeResponse {
        id: user.id.0,
        username: user.username.to_string(),
        display_name: user.display_name.as_str().to_owned(),
        organization: OrganizationView::from(&user.organization),
        roles: user.roles.as_slice().to_vec(),
    }))
}
