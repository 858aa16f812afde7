//! `/api/v1/auth/*` and `/api/v1/me`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use panah_domain::{AuditContext, NewPassword, Role, Username};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;

use super::tokens::{ACCESS_TOKEN_SECONDS, new_refresh_token, refresh_token_hash};
use super::{Caller, ClientAddress};
use crate::error::Problem;
use crate::organizations::OrganizationView;
use crate::{ApiError, ApiJson, AppState, RequestId};
use panah_persistence::Refreshed;

/// `POST /api/v1/auth/login`
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// The username (case-insensitive).
    pub username: String,
    /// The password.
    pub password: String,
}

/// `POST /api/v1/auth/refresh`
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    /// The refresh token from the last sign-in or refresh. It works once.
    pub refresh_token: String,
}

/// `POST /api/v1/auth/password`
#[derive(Debug, Deserialize, ToSchema)]
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
    #[schema(value_type = Vec<String>)]
    pub roles: Vec<Role>,
}

fn invalid_credentials() -> ApiError {
    ApiError::unauthorized("invalid_credentials", "The username or password is wrong.")
}

fn anonymous(request_id: Option<RequestId>, at: OffsetDateTime) -> AuditContext {
    AuditContext {
        request_id: request_id.map(|id| id.0),
        ..AuditContext::system(at)
    }
}

/// Sign in. Unknown users and wrong passwords get the same answer in the same time.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = LoginRequest,
    responses(
        (status = 200, body = TokenResponse),
        (status = 401, description = "`invalid_credentials`", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`too_many_attempts`, with Retry-After", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "`busy`: too many sign-ins at once, with Retry-After", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn login(
    State(app): State<AppState>,
    ClientAddress(client): ClientAddress,
    request_id: Option<axum::Extension<RequestId>>,
    ApiJson(body): ApiJson<LoginRequest>,
) -> Result<Json<TokenResponse>, ApiError> {
    let auth = &app.auth;
    // The hashing slot comes first: when sign-ins flood in, the excess is turned away
    // before it costs the database anything.
    let mut slot = auth.passwords.slot().await?;
    let now = OffsetDateTime::now_utc();
    let account_key = auth.throttle.account_key(&body.username);
    auth.throttle
        .check(&app.store, &account_key, &client, now)
        .await?;

    let found = match body.username.parse::<Username>() {
        Ok(username) => app
            .store
            .find_login(&username)
            .await
            .map_err(ApiError::store)?,
        Err(_) => None,
    };
    let (user, hash) = match found {
        Some((user, hash)) => (Some(user), Some(hash)),
        None => (None, None),
    };
    let verified = slot.verify(body.password.clone(), hash).await?;
    let context = anonymous(request_id.map(|e| e.0), now);

    let user = match user {
        Some(user) if verified.matches && !user.disabled => user,
        user => {
            drop(slot);
            app.store
                .record_login_failure(
                    &account_key,
                    user.map(|u| u.id),
                    &client,
                    auth.throttle.window_start(now),
                    &context,
                )
                .await
                .map_err(ApiError::store)?;
            return Err(invalid_credentials());
        }
    };
    let upgraded = if verified.needs_rehash {
        Some(slot.hash(body.password).await?)
    } else {
        None
    };
    // The rest is database work: free the slot for the next sign-in.
    drop(slot);
    if let Some(hash) = upgraded {
        app.store
            .upgrade_password_hash(user.id, &hash)
            .await
            .map_err(ApiError::store)?;
    }
    let (refresh_token, refresh_hash) = new_refresh_token();
    let context = AuditContext {
        actor_id: Some(user.id),
        actor_organization_id: Some(user.organization.id),
        ..context
    };
    let session_id = app
        .store
        .start_session(
            &user,
            &account_key,
            &refresh_hash,
            now + auth.session_lifetime,
            &context,
        )
        .await
        .map_err(ApiError::store)?;
    Ok(Json(TokenResponse {
        access_token: auth.tokens.issue(user.id.0, session_id, now),
        token_type: "Bearer",
        expires_in: ACCESS_TOKEN_SECONDS,
        refresh_token,
        password_change_required: user.password_change_required,
    }))
}

/// Exchange a refresh token for new tokens. Each refresh token works once; presenting a
/// used one ends the whole session.
#[utoipa::path(post, path = "/api/v1/auth/refresh", tag = "auth", request_body = RefreshRequest,
    responses(
        (status = 200, body = TokenResponse),
        (status = 401, description = "`invalid_refresh_token`", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn refresh(
    State(app): State<AppState>,
    request_id: Option<axum::Extension<RequestId>>,
    ApiJson(body): ApiJson<RefreshRequest>,
) -> Result<Json<TokenResponse>, ApiError> {
    let now = OffsetDateTime::now_utc();
    let (next_token, next_hash) = new_refresh_token();
    let context = anonymous(request_id.map(|e| e.0), now);
    let outcome = app
        .store
        .rotate_refresh_token(
            &refresh_token_hash(&body.refresh_token),
            &next_hash,
            &context,
        )
        .await
        .map_err(ApiError::store)?;
    match outcome {
        Refreshed::Rotated(session) => Ok(Json(TokenResponse {
            access_token: app
                .auth
                .tokens
                .issue(session.user.id.0, session.session_id, now),
            token_type: "Bearer",
            expires_in: ACCESS_TOKEN_SECONDS,
            refresh_token: next_token,
            password_change_required: session.user.password_change_required,
        })),
        Refreshed::Reused | Refreshed::Invalid => Err(ApiError::unauthorized(
            "invalid_refresh_token",
            "This refresh token is not valid; sign in again.",
        )),
    }
}

/// Sign out: the session's access and refresh tokens stop working at once.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth", security(("bearer" = [])),
    responses((status = 204, description = "Signed out")))]
pub async fn logout(State(app): State<AppState>, caller: Caller) -> Result<StatusCode, ApiError> {
    app.store
        .end_session(caller.session_id, &caller.audit())
        .await
        .map_err(ApiError::store)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Change one's own password. Every other session of the user ends.
#[utoipa::path(post, path = "/api/v1/auth/password", tag = "auth", request_body = PasswordChange,
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Changed"),
        (status = 422, description = "`validation_failed`: the current password is wrong or the new one breaks the policy", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`too_many_attempts`", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn password(
    State(app): State<AppState>,
    caller: Caller,
    ClientAddress(client): ClientAddress,
    ApiJson(body): ApiJson<PasswordChange>,
) -> Result<StatusCode, ApiError> {
    let auth = &app.auth;
    let mut slot = auth.passwords.slot().await?;
    let now = OffsetDateTime::now_utc();
    let username = &caller.user.username;
    // Guessing the current password through this endpoint counts like guessing it at
    // sign-in: a stolen access token must not open an unthrottled oracle.
    let account_key = auth.throttle.account_key(username.as_str());
    auth.throttle
        .check(&app.store, &account_key, &client, now)
        .await?;
    let hash = app
        .store
        .find_login(username)
        .await
        .map_err(ApiError::store)?
        .map(|(_, hash)| hash);
    let verified = slot.verify(body.current_password.clone(), hash).await?;
    if !verified.matches {
        app.store
            .record_login_failure(
                &account_key,
                Some(caller.user.id),
                &client,
                auth.throttle.window_start(now),
                &caller.audit(),
            )
            .await
            .map_err(ApiError::store)?;
        return Err(ApiError::invalid_field(
            "current_password",
            "is not your current password",
        ));
    }
    let new = NewPassword::parse(&body.new_password, username)
        .map_err(|e| ApiError::invalid_field("new_password", e.to_string()))?;
    if new.expose() == body.current_password {
        return Err(ApiError::invalid_field(
            "new_password",
            "must differ from the current password",
        ));
    }
    let hash = slot.hash(new.expose().to_owned()).await?;
    app.store
        .change_password(
            caller.user.id,
            &hash,
            Some(caller.session_id),
            &caller.audit(),
        )
        .await
        .map_err(ApiError::store)?;
    Ok(StatusCode::NO_CONTENT)
}

/// The signed-in user.
#[utoipa::path(get, path = "/api/v1/me", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = MeResponse)))]
pub async fn me(caller: Caller) -> Json<MeResponse> {
    let user = caller.user;
    Json(MeResponse {
        id: user.id.0,
        username: user.username.to_string(),
        display_name: user.display_name.as_str().to_owned(),
        organization: OrganizationView::from(&user.organization),
        roles: user.roles.as_slice().to_vec(),
    })
}
