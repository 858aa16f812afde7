//! `/api/v1/laws` and the legal proceedings: `/api/v1/cases/{id}/proceedings` and
//! `/api/v1/proceedings`.
//!
//! IOM follows a proceeding through its case (a caseworker's own cases, every case for a
//! case manager); the organisation that received the referral it follows reads it and
//! moves its stage too, and sees no `case_id`. Outside that, 404.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use panah_app::{ProceedingEntry, ProceedingFilter, ProceedingListed, ProceedingSeen};
use panah_domain::{
    CaseId, Law, LawCode, ProceedingId, ProceedingOutcome, ProceedingStage, ProceedingStep,
    Province, ReferralId,
};
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::auth::{Allowed, gate};
use crate::dates::iso_date;
use crate::error::Problem;
use crate::query::{ApiPath, ApiQuery, Page, decode_position, etag, page_limit};
use crate::vocabulary;
use crate::{ApiError, ApiJson, AppState};

/// One article of a law.
#[derive(Debug, Serialize, ToSchema)]
pub struct ArticleView {
    /// Its number as the law writes it.
    pub number: String,
    /// Its short title.
    pub title: String,
}

/// A law trafficking cases are prosecuted under.
#[derive(Debug, Serialize, ToSchema)]
pub struct LawView {
    /// Its stable code, such as `lkht_2008`.
    #[schema(value_type = String, example = "lkht_2008")]
    pub code: LawCode,
    /// Its title.
    pub title: String,
    /// When it was enacted.
    #[serde(with = "iso_date")]
    #[schema(value_type = String, format = Date)]
    pub enacted_on: Date,
    /// Its articles, in the law's order.
    pub articles: Vec<ArticleView>,
}

impl From<Law> for LawView {
    fn from(law: Law) -> Self {
        LawView {
            code: law.code,
            title: law.title,
            enacted_on: law.enacted_on,
            articles: law
                .articles
                .into_iter()
                .map(|a| ArticleView {
                    number: a.number,
                    title: a.title,
                })
                .collect(),
        }
    }
}

/// Every law with its articles. Any signed-in user may list them.
#[utoipa::path(get, path = "/api/v1/laws", operation_id = "list_laws", tag = "prosecution", security(("bearer" = [])),
    responses(
        (status = 200, description = "Every law, by code", body = Page<LawView>),
        (status = 403, response = crate::error::PasswordChangeRequired),
    ))]
pub async fn laws(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::ListLaws>,
) -> Result<Json<Page<LawView>>, ApiError> {
    let laws = state.app.laws(&actor, now).await?;
    Ok(Json(Page {
        items: laws.into_iter().map(LawView::from).collect(),
        next_cursor: None,
    }))
}

/// `POST /api/v1/cases/{id}/proceedings`
#[derive(Debug, eserde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateProceeding {
    /// The referral for investigation or prosecution it follows: sent from this case.
    /// Its receiver follows the proceeding too.
    #[serde(default)]
    #[eserde(compat)]
    pub referral_id: Option<Uuid>,
    /// The law that applies (`GET /api/v1/laws`).
    #[schema(value_type = String, example = "ctip_2017")]
    pub law: LawCode,
    /// Article numbers of that law, each once.
    pub articles: Vec<String>,
    /// When the crime was reported; not in the future.
    #[serde(with = "iso_date")]
    #[schema(value_type = String, format = Date)]
    pub reported_on: Date,
    /// Where the proceeding runs.
    #[schema(value_type = vocabulary::Province, example = "AF-HER")]
    pub province: Province,
    /// How many were accused (no accused person's identity is recorded), at most 1,000.
    #[serde(default)]
    pub accused_count: Option<u32>,
    /// Whether the victim testified (default false).
    #[serde(default)]
    pub victim_testified: Option<bool>,
    /// Whether the victim had legal aid (default false).
    #[serde(default)]
    pub legal_aid: Option<bool>,
}

/// `POST /api/v1/proceedings/{id}/transitions`
#[derive(Debug, eserde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = ProceedingTransition)]
pub struct Transition {
    /// The next stage, or `closed` from any stage.
    #[schema(value_type = vocabulary::ProceedingStage)]
    pub to: ProceedingStage,
    /// Required for `verdict`; `dismissed` when closing before a verdict; the appeal's
    /// outcome when closing after an appeal; refused otherwise.
    #[serde(default)]
    #[schema(value_type = Option<vocabulary::ProceedingOutcome>)]
    pub outcome: Option<ProceedingOutcome>,
    /// Why, at most 2,000 characters.
    #[serde(default)]
    pub comment: Option<String>,
}

/// One entry of a proceeding's history.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProceedingStepView {
    /// The stage reached.
    #[schema(value_type = vocabulary::ProceedingStage)]
    pub stage: ProceedingStage,
    /// The outcome recorded with it.
    #[schema(value_type = Option<vocabulary::ProceedingOutcome>)]
    pub outcome: Option<ProceedingOutcome>,
    /// When.
    #[serde(with = "crate::timestamp")]
    #[schema(value_type = String, format = DateTime)]
    pub at: OffsetDateTime,
    /// The id of the organisation that made the move.
    pub by_organization: Uuid,
    /// Why, in the mover's words.
    pub comment: Option<String>,
}

impl From<ProceedingStep> for ProceedingStepView {
    fn from(step: ProceedingStep) -> Self {
        ProceedingStepView {
            stage: step.stage,
            outcome: step.outcome,
            at: step.at,
            by_organization: step.by_organization.0,
            comment: step.comment,
        }
    }
}

/// A legal proceeding. `case_id` is shown to IOM only; the receiving side's view holds
/// nothing of the case file.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProceedingView {
    /// Id.
    pub id: Uuid,
    /// The case (IOM only; absent in the receiving side's view).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub case_id: Option<Uuid>,
    /// The referral it follows.
    pub referral_id: Option<Uuid>,
    /// The law.
    #[schema(value_type = String, example = "ctip_2017")]
    pub law: LawCode,
    /// The articles charged.
    pub articles: Vec<String>,
    /// When the crime was reported.
    #[serde(with = "iso_date")]
    #[schema(value_type = String, format = Date)]
    pub reported_on: Date,
    /// Where.
    #[schema(value_type = vocabulary::Province)]
    pub province: Province,
    /// Where it stands.
    #[schema(value_type = vocabulary::ProceedingStage)]
    pub stage: ProceedingStage,
    /// The last court's outcome, or that it was dismissed.
    #[schema(value_type = Option<vocabulary::ProceedingOutcome>)]
    pub outcome: Option<ProceedingOutcome>,
    /// How many were accused.
    pub accused_count: Option<u32>,
    /// Whether the victim testified.
    pub victim_testified: bool,
    /// Whether the victim had legal aid.
    pub legal_aid: bool,
    /// Every stage reached, oldest first (absent from lists).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history: Option<Vec<ProceedingStepView>>,
    /// Version, as in the `ETag`.
    pub version: i64,
    /// When it was opened.
    #[serde(with = "crate::timestamp")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
    /// When it last changed.
    #[serde(with = "crate::timestamp")]
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: OffsetDateTime,
}

impl ProceedingView {
    fn new(listed: ProceedingListed, history: Option<Vec<ProceedingStep>>) -> Self {
        let case_id = listed.case_id().map(|c| c.0);
        let record = match listed {
            ProceedingListed::Case { record, .. } | ProceedingListed::Receiver(record) => record,
        };
        ProceedingView {
            id: record.id.0,
            case_id,
            referral_id: record.referral_id.map(|r| r.0),
            law: record.law,
            articles: record.articles,
            reported_on: record.reported_on,
            province: record.province,
            stage: record.stage,
            outcome: record.outcome,
            accused_count: record.accused_count,
            victim_testified: record.victim_testified,
            legal_aid: record.legal_aid,
            history: history.map(|h| h.into_iter().map(ProceedingStepView::from).collect()),
            version: record.version,
            created_at: record.created_at,
            updated_at: record.updated_at,
        }
    }
}

/// A proceeding in full, with its version as the `ETag`.
fn answer(seen: ProceedingSeen) -> impl IntoResponse {
    (
        etag(seen.proceeding.record().version),
        Json(ProceedingView::new(seen.proceeding, Some(seen.history))),
    )
}

/// Open a legal proceeding on a case, at stage `reported`.
#[utoipa::path(post, path = "/api/v1/cases/{id}/proceedings", operation_id = "create_proceeding", tag = "prosecution", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The case's id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe: the same key and body within 24 hours answers the first response again")),
    request_body = CreateProceeding,
    responses(
        (status = 201, description = "The proceeding opened", body = ProceedingView, headers(("Location" = String), ("ETag" = String))),
        (status = 403, response = crate::error::Forbidden),
        (status = 404, description = "`not_found`: the case is unknown or outside your scope", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::OpenProceeding>,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<CreateProceeding>,
) -> Result<impl IntoResponse, ApiError> {
    let entry = ProceedingEntry {
        case_id: CaseId(id),
        referral_id: body.referral_id.map(ReferralId),
        law: body.law,
        articles: body.articles,
        reported_on: body.reported_on,
        province: body.province,
        accused_count: body.accused_count,
        victim_testified: body.victim_testified.unwrap_or(false),
        legal_aid: body.legal_aid.unwrap_or(false),
    };
    let seen = state.app.open_proceeding(&actor, entry, now).await?;
    let id = seen.proceeding.record().id;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/api/v1/proceedings/{id}"))],
        answer(seen),
    ))
}

/// `GET /api/v1/proceedings` parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListProceedings {
    /// Only this stage.
    #[param(value_type = Option<vocabulary::ProceedingStage>)]
    pub stage: Option<ProceedingStage>,
    /// Only this province.
    #[param(value_type = Option<vocabulary::Province>)]
    pub province: Option<Province>,
    /// Only under this law (its code).
    #[param(value_type = Option<String>)]
    pub law: Option<LawCode>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// The legal proceedings the caller follows, newest first.
#[utoipa::path(get, path = "/api/v1/proceedings", operation_id = "list_proceedings", tag = "prosecution", security(("bearer" = [])),
    params(ListProceedings),
    responses(
        (status = 200, description = "A page of proceedings, without their history", body = Page<ProceedingView>),
        (status = 403, response = crate::error::Forbidden),
    ))]
pub async fn list(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::ListProceedings>,
    ApiQuery(query): ApiQuery<ListProceedings>,
) -> Result<Json<Page<ProceedingView>>, ApiError> {
    let limit = page_limit(query.limit)?;
    let before = match query.cursor {
        Some(cursor) => Some(ProceedingId(decode_position(&cursor)?)),
        None => None,
    };
    let filter = ProceedingFilter {
        stage: query.stage,
        province: query.province,
        law: query.law,
        case_id: None,
    };
    let page = state
        .app
        .list_proceedings(&actor, &filter, before, limit, now)
        .await?;
    Ok(Json(Page::from_app(
        page,
        |p| p.record().id.to_string(),
        |p| ProceedingView::new(p, None),
    )))
}

/// The proceeding with its history.
#[utoipa::path(get, path = "/api/v1/proceedings/{id}", operation_id = "get_proceeding", tag = "prosecution", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The proceeding's id")),
    responses(
        (status = 200, description = "The proceeding with its history", body = ProceedingView, headers(("ETag" = String))),
        (status = 403, response = crate::error::Forbidden),
        (status = 404, description = "`not_found` (also outside your scope)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::ReadProceeding>,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<impl IntoResponse, ApiError> {
    let seen = state
        .app
        .read_proceeding(&actor, ProceedingId(id), now)
        .await?;
    Ok(answer(seen))
}

/// Move a proceeding's stage: one stage on, or `closed` from any stage.
#[utoipa::path(post, path = "/api/v1/proceedings/{id}/transitions", operation_id = "transition_proceeding", tag = "prosecution", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The proceeding's id")),
    request_body = Transition,
    responses(
        (status = 200, description = "The proceeding after the move", body = ProceedingView, headers(("ETag" = String))),
        (status = 403, response = crate::error::Forbidden),
        (status = 404, description = "`not_found` (also outside your scope)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invalid_transition`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: a verdict without its outcome, or an outcome the move does not record", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn transition(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::MoveProceeding>,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<Transition>,
) -> Result<impl IntoResponse, ApiError> {
    let seen = state
        .app
        .move_proceeding(
            &actor,
            ProceedingId(id),
            body.to,
            body.outcome,
            body.comment,
            now,
        )
        .await?;
    Ok(answer(seen))
}
