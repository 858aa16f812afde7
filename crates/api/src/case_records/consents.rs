//! `/api/v1/cases/{id}/consents`: what the person agreed to. A consent is withdrawn by
//! dating the withdrawal; it is never deleted, so the list is the whole history.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use panah_app::ConsentEntry;
use panah_domain::{
    CaseId, Consent, ConsentGiver, ConsentId, ConsentKind, ConsentMethod, GivenBy,
    GuardianRelation, OrganizationKind,
};
use serde::Serialize;
use time::{Date, OffsetDateTime};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::{Allowed, gate};
use crate::dates::iso_date;
use crate::error::Problem;
use crate::query::{ApiPath, Page};
use crate::vocabulary;
use crate::{ApiError, ApiJson, AppState};

/// `POST /api/v1/cases/{id}/consents`
#[derive(Debug, eserde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordConsent {
    /// `assistance`, `data_sharing`, `return` or `law_enforcement_contact`.
    #[schema(value_type = vocabulary::ConsentKind)]
    pub kind: ConsentKind,
    /// When the person agreed, not in the future.
    #[serde(with = "iso_date")]
    #[schema(value_type = String, format = Date)]
    pub given_on: Date,
    /// For `data_sharing` (and only for it): with which kinds of organisation, at least
    /// one.
    #[schema(value_type = Option<Vec<vocabulary::OrganizationKind>>)]
    #[serde(default)]
    pub organization_kinds: Option<Vec<OrganizationKind>>,
    /// Who gave it: `person` (the default), `parent_or_guardian` or
    /// `best_interests_decision`. A person under 18 on that day never consents alone.
    #[schema(value_type = Option<vocabulary::ConsentGiver>)]
    #[serde(default)]
    pub given_by: Option<ConsentGiver>,
    /// With `parent_or_guardian` (and only then): `mother`, `father`, `sibling`,
    /// `grandparent`, `uncle_or_aunt`, `other_relative` or `legal_guardian`.
    #[schema(value_type = Option<vocabulary::GuardianRelation>)]
    #[serde(default)]
    pub guardian_relation: Option<GuardianRelation>,
    /// How it was given: `written`, `verbal` or `recorded`.
    #[schema(value_type = Option<vocabulary::ConsentMethod>)]
    #[serde(default)]
    pub method: Option<ConsentMethod>,
    /// Whether an interpreter helped (default: false).
    #[serde(default)]
    pub interpreter_used: bool,
}

/// `POST /api/v1/cases/{id}/consents/{cid}/withdraw`
#[derive(Debug, eserde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WithdrawConsent {
    /// When the person withdrew it (default: today): not before it was given, not in the
    /// future.
    #[serde(default, with = "iso_date::option")]
    #[schema(value_type = Option<String>, format = Date)]
    pub withdrawn_on: Option<Date>,
}

/// A consent, withdrawn or not.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConsentView {
    /// Id.
    pub id: Uuid,
    /// The case.
    pub case_id: Uuid,
    /// What was consented to.
    #[schema(value_type = vocabulary::ConsentKind)]
    pub kind: ConsentKind,
    /// When.
    #[serde(with = "iso_date")]
    #[schema(value_type = String, format = Date)]
    pub given_on: Date,
    /// For `data_sharing`: with which kinds of organisation; empty otherwise.
    #[schema(value_type = Vec<vocabulary::OrganizationKind>)]
    pub organization_kinds: Vec<OrganizationKind>,
    /// Who gave it: `person`, `parent_or_guardian` or `best_interests_decision`.
    #[schema(value_type = vocabulary::ConsentGiver)]
    pub given_by: ConsentGiver,
    /// For `parent_or_guardian`: their relation to the person.
    #[schema(value_type = Option<vocabulary::GuardianRelation>)]
    pub guardian_relation: Option<GuardianRelation>,
    /// How it was given; `null` when not recorded.
    #[schema(value_type = Option<vocabulary::ConsentMethod>)]
    pub method: Option<ConsentMethod>,
    /// Whether an interpreter helped.
    pub interpreter_used: bool,
    /// Whether it holds: given and not withdrawn.
    pub valid: bool,
    /// Who recorded it.
    pub recorded_by: Uuid,
    /// When it was recorded.
    #[serde(with = "crate::timestamp")]
    #[schema(value_type = String, format = DateTime)]
    pub recorded_at: OffsetDateTime,
    /// When it was withdrawn, if it was.
    #[serde(with = "iso_date::option")]
    #[schema(value_type = Option<String>, format = Date)]
    pub withdrawn_on: Option<Date>,
    /// Who recorded the withdrawal.
    pub withdrawn_by: Option<Uuid>,
}

impl From<Consent> for ConsentView {
    fn from(consent: Consent) -> Self {
        ConsentView {
            valid: consent.is_valid(),
            id: consent.id.0,
            case_id: consent.case_id.0,
            kind: consent.kind,
            given_on: consent.given_on,
            organization_kinds: consent.organization_kinds,
            given_by: consent.given_by.giver(),
            guardian_relation: consent.given_by.relation(),
            method: consent.method,
            interpreter_used: consent.interpreter_used,
            recorded_by: consent.recorded_by.0,
            recorded_at: consent.recorded_at,
            withdrawn_on: consent.withdrawn_on,
            withdrawn_by: consent.withdrawn_by.map(|u| u.0),
        }
    }
}

/// Record a consent on a case.
#[utoipa::path(post, path = "/api/v1/cases/{id}/consents", operation_id = "record_consent", tag = "case records",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The case's id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe: the same key and body within 24 hours answers the first response again")),
    request_body = RecordConsent,
    responses(
        (status = 201, description = "The consent recorded", body = ConsentView, headers(("Location" = String))),
        (status = 403, response = crate::error::Forbidden),
        (status = 404, description = "`not_found` (also outside your scope)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn record(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::RecordConsent>,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<RecordConsent>,
) -> Result<impl IntoResponse, ApiError> {
    let entry = ConsentEntry {
        kind: body.kind,
        given_on: body.given_on,
        organization_kinds: body.organization_kinds.unwrap_or_default(),
        given_by: given_by(body.given_by, body.guardian_relation, "")?,
        method: body.method,
        interpreter_used: body.interpreter_used,
    };
    let consent = state
        .app
        .record_consent(&actor, CaseId(id), entry, now)
        .await?;
    let location = format!("/api/v1/cases/{id}/consents/{}", consent.id.0);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(ConsentView::from(consent)),
    ))
}

/// Who gave a consent, from the request's `given_by` (default: the person) and
/// `guardian_relation`, the fields named under `prefix`.
pub(crate) fn given_by(
    giver: Option<ConsentGiver>,
    relation: Option<GuardianRelation>,
    prefix: &str,
) -> Result<GivenBy, ApiError> {
    GivenBy::from_parts(giver.unwrap_or(ConsentGiver::Person), relation)
        .map_err(|(field, message)| ApiError::invalid_field(&format!("{prefix}{field}"), message))
}

/// Every consent of a case, withdrawn ones included, in the order they were recorded.
#[utoipa::path(get, path = "/api/v1/cases/{id}/consents", operation_id = "list_consents", tag = "case records",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The case's id")),
    responses(
        (status = 200, description = "Every consent of the case", body = Page<ConsentView>),
        (status = 403, response = crate::error::Forbidden),
        (status = 404, description = "`not_found` (also outside your scope)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::ListConsents>,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Page<ConsentView>>, ApiError> {
    let consents = state.app.consents(&actor, CaseId(id), now).await?;
    Ok(Json(Page {
        items: consents.into_iter().map(ConsentView::from).collect(),
        next_cursor: None,
    }))
}

/// One consent of a case.
#[utoipa::path(get, path = "/api/v1/cases/{id}/consents/{cid}", operation_id = "get_consent", tag = "case records",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The case's id"),
           ("cid" = Uuid, Path, description = "The consent's id")),
    responses(
        (status = 200, description = "The consent", body = ConsentView),
        (status = 403, response = crate::error::Forbidden),
        (status = 404, description = "`not_found` (also outside your scope)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::ReadConsent>,
    ApiPath((id, cid)): ApiPath<(Uuid, Uuid)>,
) -> Result<Json<ConsentView>, ApiError> {
    let consent = state
        .app
        .consent(&actor, CaseId(id), ConsentId(cid), now)
        .await?;
    Ok(Json(ConsentView::from(consent)))
}

/// Withdraw a consent. The consent stays, dated as withdrawn; withdrawing it again is 409
/// `already_withdrawn`.
#[utoipa::path(post, path = "/api/v1/cases/{id}/consents/{cid}/withdraw", operation_id = "withdraw_consent", tag = "case records",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The case's id"),
           ("cid" = Uuid, Path, description = "The consent's id")),
    request_body = WithdrawConsent,
    responses(
        (status = 200, description = "The consent, withdrawn", body = ConsentView),
        (status = 403, response = crate::error::Forbidden),
        (status = 404, description = "`not_found` (also outside your scope)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`already_withdrawn`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn withdraw(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::WithdrawConsent>,
    ApiPath((id, cid)): ApiPath<(Uuid, Uuid)>,
    ApiJson(body): ApiJson<WithdrawConsent>,
) -> Result<Json<ConsentView>, ApiError> {
    let consent = state
        .app
        .withdraw_consent(&actor, CaseId(id), ConsentId(cid), body.withdrawn_on, now)
        .await?;
    Ok(Json(ConsentView::from(consent)))
}
