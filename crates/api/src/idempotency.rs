//! `Idempotency-Key` on creating requests: a retry with the same key and body gets the
//! first answer again; the same key with another body is 422 `idempotency_key_reused`;
//! the same key while the first request still runs is 409 `idempotency_key_in_flight`.
//! Keys are per user and kept 24 hours.

use axum::body::{Body, to_bytes};
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use panah_app::{Actor, Claim, StoredResponse};
use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};

use crate::{ApiError, AppState, BODY_LIMIT_BYTES};

/// The request header.
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";

/// How long a key is remembered.
const KEPT: Duration = Duration::hours(24);

/// The routes whose `POST` creates a record.
const CREATING_ROUTES: &[&str] = &[
    "/api/v1/cases",
    "/api/v1/cases/{id}/consents",
    "/api/v1/cases/{id}/assistance",
    "/api/v1/cases/{id}/notes",
    "/api/v1/organizations",
    "/api/v1/users",
    "/api/v1/referrals",
    "/api/v1/returns",
    "/api/v1/returns/{id}/monitoring-visits",
    "/api/v1/grants",
    "/api/v1/cases/{id}/proceedings",
    "/api/v1/trainings",
    "/api/v1/awareness-activities",
];

/// Middleware for protected routes, inside `authenticate`: applies an `Idempotency-Key`
/// sent with a creating `POST`; passes everything else through untouched.
pub async fn idempotency(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let creating = request.method() == axum::http::Method::POST
        && request
            .extensions()
            .get::<MatchedPath>()
            .is_some_and(|path| CREATING_ROUTES.contains(&path.as_str()));
    let key = request.headers().get(IDEMPOTENCY_KEY).cloned();
    let user = request
        .extensions()
        .get::<Actor>()
        .and_then(Actor::signed_in)
        .map(|user| user.id);
    let (Some(key), Some(user), true) = (key, user, creating) else {
        return next.run(request).await;
    };
    let key = match key.to_str() {
        Ok(key) if (1..=255).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic()) => {
            key.to_owned()
        }
        _ => {
            return ApiError::invalid_field(
                "Idempotency-Key",
                "must be 1 to 255 visible ASCII characters",
            )
            .into_response();
        }
    };

    let (mut parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, BODY_LIMIT_BYTES).await else {
        return ApiError::for_status(StatusCode::PAYLOAD_TOO_LARGE).into_response();
    };
    let hash = Sha256::new()
        .chain_update(parts.uri.path().as_bytes())
        .chain_update([0])
        .chain_update(&bytes)
        .finalize()
        .to_vec();
    let now = OffsetDateTime::now_utc();
    let abandoned_before = now - Duration::try_from(state.request_timeout).unwrap_or(KEPT);
    let claim = state
        .app
        .claim_idempotency_key(user, &key, &hash, now, now - KEPT, abandoned_before)
        .await;
    match claim {
        Err(error) => return ApiError::from(error).into_response(),
        Ok(Claim::Replay(stored)) => return replay(stored),
        Ok(Claim::InFlight) => {
            return ApiError::new(
                StatusCode::CONFLICT,
                "idempotency_key_in_flight",
                "A request with this Idempotency-Key is still being answered; retry shortly.",
            )
            .retry_after(1)
            .into_response();
        }
        Ok(Claim::Reused) => {
            return ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "idempotency_key_reused",
                "This Idempotency-Key was used for a different request.",
            )
            .into_response();
        }
        Ok(Claim::Claimed(claim)) => {
            // The use case's write records what it creates on the claim, in its own
            // transaction.
            if let Some(actor) = parts.extensions.remove::<Actor>() {
                parts.extensions.insert(actor.with_claim(claim));
            }
        }
    }

    let response = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    if !response.status().is_success() {
        // A refused request created nothing (the store keeps a claim whose record was
        // written before a later failure): a corrected retry may use the same key.
        if let Err(error) = state.app.release_idempotency_key(user, &key).await {
            tracing::error!(%error, "could not release an idempotency key");
        }
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(body) = to_bytes(body, usize::MAX).await else {
        return ApiError::internal(&std::io::Error::other("could not buffer a response"))
            .into_response();
    };
    let header_text = |name| {
        parts
            .headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
            .map(str::to_owned)
    };
    let stored = StoredResponse {
        status: parts.status.as_u16(),
        location: header_text(header::LOCATION),
        etag: header_text(header::ETAG),
        body: body.to_vec(),
    };
    if let Err(error) = state
        .app
        .complete_idempotency_key(user, &key, &stored)
        .await
    {
        // The record exists; only a later replay would be affected, and it will be told
        // the request is still in flight rather than get a wrong answer.
        tracing::error!(%error, "could not store an idempotent response");
    }
    Response::from_parts(parts, Body::from(body))
}

fn replay(stored: StoredResponse) -> Response {
    let status = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK);
    let mut response = (status, stored.body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    for (name, value) in [
        (header::LOCATION, stored.location),
        (header::ETAG, stored.etag),
    ] {
        if let Some(value) = value.and_then(|v| HeaderValue::from_str(&v).ok()) {
            headers.insert(name, value);
        }
    }
    headers.insert("idempotent-replay", HeaderValue::from_static("true"));
    response
}
