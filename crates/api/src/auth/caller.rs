//! The signed-in caller: checked once per request by [`authenticate`], then handed to
//! handlers by the [`Caller`] extractor.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts, MatchedPath, Request, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use panah_domain::policy::{self, Permission, Scope};
use panah_domain::{AuditContext, AuditEvent, Outcome, User};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::{ApiError, AppState, RequestId};

/// Routes that a user whose password must be changed may still use.
const ALLOWED_BEFORE_PASSWORD_CHANGE: &[&str] = &["/api/v1/auth/password", "/api/v1/auth/logout"];

/// The signed-in user of this request, with a live session and their current roles.
#[derive(Debug, Clone)]
pub struct Caller {
    /// The user, as the database holds them now.
    pub user: User,
    /// The session of the access token.
    pub session_id: Uuid,
    /// This request.
    pub request_id: Option<Uuid>,
}

impl Caller {
    /// The scope over which the caller may use `permission`, or 403 `forbidden`. The
    /// refusal is audited by [`authenticate`]. Handlers declare their permission with
    /// [`Allowed`] instead, which calls this before the body is read.
    fn require(&self, permission: Permission) -> Result<Scope, ApiError> {
        policy::authorize(self.user.roles.as_slice(), permission).map_err(|_| ApiError::forbidden())
    }

    /// The audit context of a change this caller makes now.
    pub fn audit(&self) -> AuditContext {
        AuditContext {
            actor_id: Some(self.user.id),
            actor_organization_id: Some(self.user.organization.id),
            request_id: self.request_id,
            at: OffsetDateTime::now_utc(),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        // Only routes behind `authenticate` have a caller; reaching this on another route
        // is a wiring mistake, answered as if unauthenticated rather than with a panic.
        parts
            .extensions
            .get::<Caller>()
            .cloned()
            .ok_or_else(missing_token)
    }
}

/// The client's address, for counting failed sign-ins. `unknown` when the server was
/// started without connection info (tests that call the router directly).
#[derive(Debug, Clone)]
pub struct ClientAddress(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddress(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map_or_else(|| "unknown".to_owned(), |info| info.0.ip().to_string()),
        ))
    }
}

fn missing_token() -> ApiError {
    ApiError::unauthorized(
        "unauthorized",
        "Sign in and send the access token as a Bearer token.",
    )
}

/// Middleware for every protected route: checks the access token and its session, makes
/// the [`Caller`] available, holds back users who must change their password, and audits
/// every 403 that a signed-in user receives.
pub async fn authenticate(
    State(app): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let token = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(str::trim);
    let Some(claims) = token.and_then(|token| app.auth.tokens.verify(token)) else {
        // Anonymous refusals go to the log and metrics only: writing them into the audit
        // chain would let anyone outside amplify writes into it.
        return missing_token().into_response();
    };
    let now = OffsetDateTime::now_utc();
    let session = match app.store.live_session(claims.session_id, now).await {
        Ok(Some(session)) if session.user.id.0 == claims.user_id => session,
        Ok(_) => {
            return ApiError::unauthorized(
                "session_ended",
                "This session has ended; sign in again.",
            )
            .into_response();
        }
        Err(error) => return ApiError::store(error).into_response(),
    };
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(String::new, |path| path.as_str().to_owned());
    let method = request.method().to_string();
    let caller = Caller {
        user: session.user,
        session_id: session.session_id,
        request_id: request.extensions().get::<RequestId>().map(|id| id.0),
    };

    let response = if caller.user.password_change_required
        && !ALLOWED_BEFORE_PASSWORD_CHANGE.contains(&route.as_str())
    {
        ApiError::new(
            StatusCode::FORBIDDEN,
            "password_change_required",
            "Change your one-time password first (POST /api/v1/auth/password).",
        )
        .into_response()
    } else {
        request.extensions_mut().insert(caller.clone());
        next.run(request).await
    };

    if response.status() == StatusCode::FORBIDDEN {
        let event = AuditEvent {
            action: "access.denied",
            target_type: Some("route"),
            target_id: Some(format!("{method} {route}")),
            outcome: Outcome::Denied,
            details: None,
        };
        if let Err(error) = app.store.record_audit(&caller.audit(), &event).await {
            // The refusal stands; a refusal that cannot be audited must not become a 500.
            tracing::error!(%error, "could not audit a refused request");
        }
    }
    response
}

/// A permission named as a type, so that a handler can declare it in its signature.
pub trait Needs {
    /// The permission.
    const PERMISSION: Permission;
}

/// A caller whom the policy allows the permission `P`, with the scope they get.
///
/// Declared in a handler's signature before the body, it is checked before the body is
/// read: a refused caller gets 403 (audited) and learns nothing about what the body should
/// hold.
#[derive(Debug, Clone)]
pub struct Allowed<P> {
    /// The caller.
    pub caller: Caller,
    /// Over which records the permission holds.
    pub scope: Scope,
    permission: std::marker::PhantomData<P>,
}

impl<S: Send + Sync, P: Needs> FromRequestParts<S> for Allowed<P> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let caller = Caller::from_request_parts(parts, state).await?;
        let scope = caller.require(P::PERMISSION)?;
        Ok(Allowed {
            caller,
            scope,
            permission: std::marker::PhantomData,
        })
    }
}

/// One type per [`Permission`], for [`Allowed`]: `Allowed<needs::UsersManage>`.
pub mod needs {
    use super::{Needs, Permission};

    macro_rules! needs {
        ($($name:ident),+ $(,)?) => {$(
            #[doc = concat!("[`Permission::", stringify!($name), "`]")]
            #[derive(Debug, Clone, Copy)]
            pub struct $name;

            impl Needs for $name {
                const PERMISSION: Permission = Permission::$name;
            }
        )+};
    }

    needs!(
        OrganizationsRead,
        OrganizationsManage,
        UsersRead,
        UsersManage,
        AuditRead,
        AuditVerify,
        CasesCreate,
        CasesRead,
        CasesUpdate,
        CasesAssign,
        CasesClose,
        AssistanceLog,
        AssistanceCostsRead,
        ReferralsCreate,
        ReferralsAct,
        ReturnsManage,
        GrantsManage,
        ReportsRead,
        ReportsExport,
        StatisticsRead,
    );
}
