//! The signed-in caller: resumed once per request by [`authenticate`], then checked
//! against the use case a handler runs by the [`Allowed`] extractor.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts, MatchedPath, Request, State};
use axum::http::header;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use panah_app::{Actor, Door, UseCase};
use panah_domain::UserId;
use time::OffsetDateTime;

use crate::{ApiError, AppState, RequestId};

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

/// Middleware for every protected route: checks the access token, resumes its session
/// through the app (current roles, not disabled, not signed out) and makes the caller's
/// [`Actor`] available to the handler.
pub async fn authenticate(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    // The scheme is case-insensitive (RFC 9110 §11.1): `bearer`, `Bearer` and `BEARER`.
    let token = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim_start().split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim());
    let Some(claims) = token.and_then(|token| state.tokens.verify(token)) else {
        // Anonymous refusals go to the log and metrics only: writing them into the audit
        // chain would let anyone outside amplify writes into it.
        return missing_token().into_response();
    };
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(String::new, |path| path.as_str().to_owned());
    let attempt = format!("{} {route}", request.method());
    let request_id = request.extensions().get::<RequestId>().map(|id| id.0);
    let resumed = state
        .app
        .resume_session(
            claims.session_id,
            UserId(claims.user_id),
            request_id,
            Door::Api,
            attempt,
            OffsetDateTime::now_utc(),
        )
        .await;
    match resumed {
        Ok(actor) => {
            request.extensions_mut().insert(actor);
            next.run(request).await
        }
        Err(error) => ApiError::from(error).into_response(),
    }
}

/// The use case a handler runs, named as a type so that it can be declared in the
/// handler's signature.
pub trait Gate {
    /// The use case.
    const USE_CASE: UseCase;
}

/// A caller whom the app allows the use case `G`, and the moment the request is handled
/// at.
///
/// Declared in a handler's signature before the body, it is checked before the body is
/// read: a refused caller gets 403 (audited by the app) and learns nothing about what the
/// body should hold.
#[derive(Debug, Clone)]
pub struct Allowed<G> {
    /// The caller.
    pub actor: Actor,
    /// When the request is handled: the one reading of the clock for it.
    pub now: OffsetDateTime,
    gate: std::marker::PhantomData<G>,
}

impl<G: Gate> FromRequestParts<AppState> for Allowed<G> {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        // Only routes behind `authenticate` have an actor; reaching this on another route
        // is a wiring mistake, answered as if unauthenticated rather than with a panic.
        let actor = parts
            .extensions
            .get::<Actor>()
            .cloned()
            .ok_or_else(missing_token)?;
        let now = OffsetDateTime::now_utc();
        state.app.authorize(&actor, G::USE_CASE, now).await?;
        Ok(Allowed {
            actor,
            now,
            gate: std::marker::PhantomData,
        })
    }
}

/// One type per [`UseCase`], for [`Allowed`]: `Allowed<gate::CreateUser>`.
pub mod gate {
    use super::{Gate, UseCase};

    macro_rules! gates {
        ($($name:ident),+ $(,)?) => {$(
            #[doc = concat!("[`UseCase::", stringify!($name), "`]")]
            #[derive(Debug, Clone, Copy)]
            pub struct $name;

            impl Gate for $name {
                const USE_CASE: UseCase = UseCase::$name;
            }
        )+};
    }

    gates!(
        SignOut,
        ChangeOwnPassword,
        ReadOwnAccount,
        ListOrganizations,
        ReadOrganization,
        AddOrganization,
        CreateUser,
        ListUsers,
        ReadUser,
        ChangeUser,
        ReadAuditLog,
        VerifyAuditChain,
        RegisterCase,
        ListCases,
        SearchCases,
        ReadCase,
        ChangeCase,
        RecordConsent,
        ListConsents,
        ReadConsent,
        WithdrawConsent,
        LogAssistance,
        ListAssistance,
        ReadAssistance,
        ChangeAssistance,
        WriteNote,
        ReadNotes,
        MakeReferral,
        ListReferrals,
        ReadReferral,
        ActOnReferral,
        SetReferralReference,
        RequestReturn,
        ListReturns,
        ReadReturn,
        MoveReturn,
        RecordVisit,
        HandOverReturn,
        CreateGrant,
        ChangeGrant,
        ListGrants,
        ReadGrant,
        ListChargeableLines,
        ExportFundingReport,
        ExportStatistics,
        ListLaws,
        OpenProceeding,
        ListProceedings,
        ReadProceeding,
        MoveProceeding,
        RecordTraining,
        ListTrainings,
        ReadTraining,
        ChangeTraining,
        RecordAwareness,
        ListAwareness,
        ReadAwareness,
        ChangeAwareness,
    );
}
