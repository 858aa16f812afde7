//! `/api/v1/trainings` and `/api/v1/awareness-activities`: capacity building and awareness
//! raising. Programme managers and case managers record and change them; the Ministry's
//! national liaison reads them all and a provincial office its own province's (others:
//! 404). Costs are charged to budget lines as assistance is, and shown to readers of
//! costs only.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use panah_app::{AwarenessChange, AwarenessEntry, TrainingChange, TrainingEntry};
use panah_domain::{
    AwarenessActivity, AwarenessChannel, AwarenessId, BudgetLineId, OrganizationId, Participants,
    Province, Training, TrainingId, TrainingTopic,
};
use serde::Serialize;
use time::{Date, OffsetDateTime};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::{Allowed, gate};
use crate::case_records::{ListParams, MoneyJson, not_null_date};
use crate::cases::dto::{not_null, present};
use crate::dates::iso_date;
use crate::error::Problem;
use crate::query::{ApiPath, ApiQuery, Page, etag, if_match, page_limit};
use crate::vocabulary;
use crate::{ApiError, ApiJson, AppState};

/// The participants from one organisation.
#[derive(Debug, Clone, Copy, Serialize, eserde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ParticipantsJson {
    /// The organisation.
    #[eserde(compat)]
    pub organization_id: Uuid,
    /// Women.
    pub female: u32,
    /// Men.
    pub male: u32,
}

impl From<ParticipantsJson> for Participants {
    fn from(p: ParticipantsJson) -> Self {
        Participants {
            organization_id: OrganizationId(p.organization_id),
            female: p.female,
            male: p.male,
        }
    }
}

/// `POST /api/v1/trainings`
#[derive(Debug, eserde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTraining {
    /// Title, 1 to 200 characters.
    pub title: String,
    /// Topic.
    #[schema(value_type = vocabulary::TrainingTopic)]
    pub topic: TrainingTopic,
    /// Where it took place.
    #[schema(value_type = vocabulary::Province)]
    pub province: Province,
    /// First day; the day its cost is charged on.
    #[serde(with = "iso_date")]
    #[schema(value_type = String, format = Date)]
    pub starts_on: Date,
    /// Last day, not before the first.
    #[serde(with = "iso_date")]
    #[schema(value_type = String, format = Date)]
    pub ends_on: Date,
    /// The organising organisation.
    #[eserde(compat)]
    pub organizer_organization_id: Uuid,
    /// Participants by organisation, each organisation once.
    #[serde(default)]
    pub participants: Vec<ParticipantsJson>,
    /// What it cost.
    #[serde(default)]
    pub cost: Option<MoneyJson>,
    /// The budget line charged: needs a cost in the grant's currency, the first day in
    /// the grant's period.
    #[serde(default)]
    #[eserde(compat)]
    pub budget_line_id: Option<Uuid>,
}

/// `PATCH /api/v1/trainings/{id}`: any of the fields of a training.
#[derive(Debug, eserde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateTraining {
    /// New title.
    #[serde(default, deserialize_with = "not_null")]
    pub title: Option<String>,
    /// New topic.
    #[serde(default, deserialize_with = "not_null")]
    #[schema(value_type = Option<vocabulary::TrainingTopic>)]
    pub topic: Option<TrainingTopic>,
    /// New province.
    #[serde(default, deserialize_with = "not_null")]
    #[schema(value_type = Option<vocabulary::Province>)]
    pub province: Option<Province>,
    /// New first day.
    #[serde(default, deserialize_with = "not_null_date")]
    #[schema(value_type = Option<String>, format = Date)]
    pub starts_on: Option<Date>,
    /// New last day.
    #[serde(default, deserialize_with = "not_null_date")]
    #[schema(value_type = Option<String>, format = Date)]
    pub ends_on: Option<Date>,
    /// New organiser.
    #[serde(default, deserialize_with = "not_null")]
    pub organizer_organization_id: Option<Uuid>,
    /// The participants, replacing all.
    #[serde(default, deserialize_with = "not_null")]
    pub participants: Option<Vec<ParticipantsJson>>,
    /// New cost, or `null` to remove it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<MoneyJson>)]
    pub cost: Option<Option<MoneyJson>>,
    /// New budget line, or `null` to uncharge the cost.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<Uuid>)]
    pub budget_line_id: Option<Option<Uuid>>,
}

/// A training.
#[derive(Debug, Serialize, ToSchema)]
pub struct TrainingView {
    /// Id.
    pub id: Uuid,
    /// Title.
    pub title: String,
    /// Topic.
    #[schema(value_type = vocabulary::TrainingTopic)]
    pub topic: TrainingTopic,
    /// Province.
    #[schema(value_type = vocabulary::Province)]
    pub province: Province,
    /// First day.
    #[serde(with = "iso_date")]
    #[schema(value_type = String, format = Date)]
    pub starts_on: Date,
    /// Last day.
    #[serde(with = "iso_date")]
    #[schema(value_type = String, format = Date)]
    pub ends_on: Date,
    /// The organiser.
    pub organizer_organization_id: Uuid,
    /// Participants by organisation.
    pub participants: Vec<ParticipantsJson>,
    /// What it cost (readers of costs only).
    pub cost: Option<MoneyJson>,
    /// The budget line charged (readers of costs only).
    pub budget_line_id: Option<Uuid>,
    /// Version, as in the `ETag`.
    pub version: i64,
    /// When it was recorded.
    #[serde(with = "crate::timestamp")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
    /// When it last changed.
    #[serde(with = "crate::timestamp")]
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: OffsetDateTime,
}

impl From<Training> for TrainingView {
    fn from(t: Training) -> Self {
        TrainingView {
            id: t.id.0,
            title: t.title,
            topic: t.topic,
            province: t.province,
            starts_on: t.starts_on,
            ends_on: t.ends_on,
            organizer_organization_id: t.organizer_organization_id.0,
            participants: t
                .participants
                .into_iter()
                .map(|p| ParticipantsJson {
                    organization_id: p.organization_id.0,
                    female: p.female,
                    male: p.male,
                })
                .collect(),
            cost: t.cost.map(Into::into),
            budget_line_id: t.budget_line_id.map(|l| l.0),
            version: t.version,
            created_at: t.created_at,
            updated_at: t.updated_at,
        }
    }
}

/// Record a training.
#[utoipa::path(post, path = "/api/v1/trainings", operation_id = "create_training", tag = "capacity building and awareness", security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe: the same key and body within 24 hours answers the first response again")),
    request_body = CreateTraining,
    responses(
        (status = 201, description = "The training recorded", body = TrainingView, headers(("Location" = String), ("ETag" = String))),
        (status = 403, response = crate::error::Forbidden),
        (status = 409, description = "`conflict`: the grant changed while the cost was charged", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`, or `currency_mismatch`", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create_training(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::RecordTraining>,
    ApiJson(body): ApiJson<CreateTraining>,
) -> Result<impl IntoResponse, ApiError> {
    let entry = TrainingEntry {
        title: body.title,
        topic: body.topic,
        province: body.province,
        starts_on: body.starts_on,
        ends_on: body.ends_on,
        organizer: OrganizationId(body.organizer_organization_id),
        participants: body.participants.into_iter().map(Into::into).collect(),
        cost: body.cost.map(Into::into),
        budget_line_id: body.budget_line_id.map(BudgetLineId),
    };
    let training = state.app.record_training(&actor, entry, now).await?;
    Ok((
        StatusCode::CREATED,
        [(
            header::LOCATION,
            format!("/api/v1/trainings/{}", training.id),
        )],
        etag(training.version),
        Json(TrainingView::from(training)),
    ))
}

/// Trainings the caller reads, newest first.
#[utoipa::path(get, path = "/api/v1/trainings", operation_id = "list_trainings", tag = "capacity building and awareness", security(("bearer" = [])),
    params(ListParams),
    responses(
        (status = 200, description = "A page of trainings", body = Page<TrainingView>),
        (status = 403, response = crate::error::Forbidden),
    ))]
pub async fn list_trainings(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::ListTrainings>,
    ApiQuery(query): ApiQuery<ListParams>,
) -> Result<Json<Page<TrainingView>>, ApiError> {
    let limit = page_limit(query.limit)?;
    let before = query.position()?.map(TrainingId);
    let page = state.app.list_trainings(&actor, before, limit, now).await?;
    Ok(Json(Page::from_app(
        page,
        |t| t.id.to_string(),
        TrainingView::from,
    )))
}

/// One training.
#[utoipa::path(get, path = "/api/v1/trainings/{id}", operation_id = "get_training", tag = "capacity building and awareness", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The training's id")),
    responses(
        (status = 200, description = "The training", body = TrainingView, headers(("ETag" = String))),
        (status = 403, response = crate::error::Forbidden),
        (status = 404, description = "`not_found` (also outside your province)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get_training(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::ReadTraining>,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<impl IntoResponse, ApiError> {
    let training = state.app.read_training(&actor, TrainingId(id), now).await?;
    Ok((etag(training.version), Json(TrainingView::from(training))))
}

/// Change a training.
#[utoipa::path(patch, path = "/api/v1/trainings/{id}", operation_id = "update_training", tag = "capacity building and awareness", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The training's id"),
           ("If-Match" = String, Header, description = "The ETag of the version read")),
    request_body = UpdateTraining,
    responses(
        (status = 200, description = "The training as changed", body = TrainingView, headers(("ETag" = String))),
        (status = 403, response = crate::error::Forbidden),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`conflict`: the grant changed while the cost was charged", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`version_mismatch`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`, or `currency_mismatch`", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "`precondition_required`", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn update_training(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::ChangeTraining>,
    ApiPath(id): ApiPath<Uuid>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<UpdateTraining>,
) -> Result<impl IntoResponse, ApiError> {
    let change = TrainingChange {
        expected_version: if_match(&headers)?,
        title: body.title,
        topic: body.topic,
        province: body.province,
        starts_on: body.starts_on,
        ends_on: body.ends_on,
        organizer: body.organizer_organization_id.map(OrganizationId),
        participants: body
            .participants
            .map(|ps| ps.into_iter().map(Into::into).collect()),
        cost: body.cost.map(|cost| cost.map(Into::into)),
        budget_line_id: body.budget_line_id.map(|line| line.map(BudgetLineId)),
    };
    let training = state
        .app
        .change_training(&actor, TrainingId(id), change, now)
        .await?;
    Ok((etag(training.version), Json(TrainingView::from(training))))
}

/// `POST /api/v1/awareness-activities`
#[derive(Debug, eserde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateAwareness {
    /// Where.
    #[schema(value_type = vocabulary::Province)]
    pub province: Province,
    /// When; the day its cost is charged on.
    #[serde(with = "iso_date")]
    #[schema(value_type = String, format = Date)]
    pub date: Date,
    /// How it reached people.
    #[schema(value_type = vocabulary::AwarenessChannel)]
    pub channel: AwarenessChannel,
    /// The provincial office of the same province it was done with.
    #[serde(default)]
    #[eserde(compat)]
    pub partner_organization_id: Option<Uuid>,
    /// How many people it reached, as estimated.
    pub estimated_reach: u32,
    /// What was done, at most 2,000 characters.
    #[serde(default)]
    pub description: Option<String>,
    /// What it cost.
    #[serde(default)]
    pub cost: Option<MoneyJson>,
    /// The budget line charged: needs a cost in the grant's currency, the date in the
    /// grant's period.
    #[serde(default)]
    #[eserde(compat)]
    pub budget_line_id: Option<Uuid>,
}

/// `PATCH /api/v1/awareness-activities/{id}`: any of the fields of an activity.
#[derive(Debug, eserde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateAwareness {
    /// New province.
    #[serde(default, deserialize_with = "not_null")]
    #[schema(value_type = Option<vocabulary::Province>)]
    pub province: Option<Province>,
    /// New date.
    #[serde(default, deserialize_with = "not_null_date")]
    #[schema(value_type = Option<String>, format = Date)]
    pub date: Option<Date>,
    /// New channel.
    #[serde(default, deserialize_with = "not_null")]
    #[schema(value_type = Option<vocabulary::AwarenessChannel>)]
    pub channel: Option<AwarenessChannel>,
    /// New partner office, or `null` to remove it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<Uuid>)]
    pub partner_organization_id: Option<Option<Uuid>>,
    /// New estimate of reach.
    #[serde(default, deserialize_with = "not_null")]
    pub estimated_reach: Option<u32>,
    /// New description, or `null` to remove it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub description: Option<Option<String>>,
    /// New cost, or `null` to remove it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<MoneyJson>)]
    pub cost: Option<Option<MoneyJson>>,
    /// New budget line, or `null` to uncharge the cost.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<Uuid>)]
    pub budget_line_id: Option<Option<Uuid>>,
}

/// An awareness activity.
#[derive(Debug, Serialize, ToSchema)]
pub struct AwarenessView {
    /// Id.
    pub id: Uuid,
    /// Where.
    #[schema(value_type = vocabulary::Province)]
    pub province: Province,
    /// When.
    #[serde(with = "iso_date")]
    #[schema(value_type = String, format = Date)]
    pub date: Date,
    /// How.
    #[schema(value_type = vocabulary::AwarenessChannel)]
    pub channel: AwarenessChannel,
    /// The partner provincial office.
    pub partner_organization_id: Option<Uuid>,
    /// Estimated reach.
    pub estimated_reach: u32,
    /// What was done.
    pub description: Option<String>,
    /// What it cost (readers of costs only).
    pub cost: Option<MoneyJson>,
    /// The budget line charged (readers of costs only).
    pub budget_line_id: Option<Uuid>,
    /// Version, as in the `ETag`.
    pub version: i64,
    /// When it was recorded.
    #[serde(with = "crate::timestamp")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
    /// When it last changed.
    #[serde(with = "crate::timestamp")]
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: OffsetDateTime,
}

impl From<AwarenessActivity> for AwarenessView {
    fn from(a: AwarenessActivity) -> Self {
        AwarenessView {
            id: a.id.0,
            province: a.province,
            date: a.date,
            channel: a.channel,
            partner_organization_id: a.partner_organization_id.map(|o| o.0),
            estimated_reach: a.estimated_reach,
            description: a.description,
            cost: a.cost.map(Into::into),
            budget_line_id: a.budget_line_id.map(|l| l.0),
            version: a.version,
            created_at: a.created_at,
            updated_at: a.updated_at,
        }
    }
}

/// Record an awareness activity.
#[utoipa::path(post, path = "/api/v1/awareness-activities", operation_id = "create_awareness_activity", tag = "capacity building and awareness", security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe: the same key and body within 24 hours answers the first response again")),
    request_body = CreateAwareness,
    responses(
        (status = 201, description = "The activity recorded", body = AwarenessView, headers(("Location" = String), ("ETag" = String))),
        (status = 403, response = crate::error::Forbidden),
        (status = 409, description = "`conflict`: the grant changed while the cost was charged", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`, or `currency_mismatch`", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create_awareness(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::RecordAwareness>,
    ApiJson(body): ApiJson<CreateAwareness>,
) -> Result<impl IntoResponse, ApiError> {
    let entry = AwarenessEntry {
        province: body.province,
        date: body.date,
        channel: body.channel,
        partner: body.partner_organization_id.map(OrganizationId),
        estimated_reach: body.estimated_reach,
        description: body.description,
        cost: body.cost.map(Into::into),
        budget_line_id: body.budget_line_id.map(BudgetLineId),
    };
    let activity = state.app.record_awareness(&actor, entry, now).await?;
    Ok((
        StatusCode::CREATED,
        [(
            header::LOCATION,
            format!("/api/v1/awareness-activities/{}", activity.id),
        )],
        etag(activity.version),
        Json(AwarenessView::from(activity)),
    ))
}

/// Awareness activities the caller reads, newest first.
#[utoipa::path(get, path = "/api/v1/awareness-activities", operation_id = "list_awareness_activities", tag = "capacity building and awareness", security(("bearer" = [])),
    params(ListParams),
    responses(
        (status = 200, description = "A page of awareness activities", body = Page<AwarenessView>),
        (status = 403, response = crate::error::Forbidden),
    ))]
pub async fn list_awareness(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::ListAwareness>,
    ApiQuery(query): ApiQuery<ListParams>,
) -> Result<Json<Page<AwarenessView>>, ApiError> {
    let limit = page_limit(query.limit)?;
    let before = query.position()?.map(AwarenessId);
    let page = state.app.list_awareness(&actor, before, limit, now).await?;
    Ok(Json(Page::from_app(
        page,
        |a| a.id.to_string(),
        AwarenessView::from,
    )))
}

/// One awareness activity.
#[utoipa::path(get, path = "/api/v1/awareness-activities/{id}", operation_id = "get_awareness_activity", tag = "capacity building and awareness", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The activity's id")),
    responses(
        (status = 200, description = "The activity", body = AwarenessView, headers(("ETag" = String))),
        (status = 403, response = crate::error::Forbidden),
        (status = 404, description = "`not_found` (also outside your province)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get_awareness(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::ReadAwareness>,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<impl IntoResponse, ApiError> {
    let activity = state
        .app
        .read_awareness(&actor, AwarenessId(id), now)
        .await?;
    Ok((etag(activity.version), Json(AwarenessView::from(activity))))
}

/// Change an awareness activity.
#[utoipa::path(patch, path = "/api/v1/awareness-activities/{id}", operation_id = "update_awareness_activity", tag = "capacity building and awareness", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The activity's id"),
           ("If-Match" = String, Header, description = "The ETag of the version read")),
    request_body = UpdateAwareness,
    responses(
        (status = 200, description = "The activity as changed", body = AwarenessView, headers(("ETag" = String))),
        (status = 403, response = crate::error::Forbidden),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`conflict`: the grant changed while the cost was charged", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`version_mismatch`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`, or `currency_mismatch`", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "`precondition_required`", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn update_awareness(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::ChangeAwareness>,
    ApiPath(id): ApiPath<Uuid>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<UpdateAwareness>,
) -> Result<impl IntoResponse, ApiError> {
    let change = AwarenessChange {
        expected_version: if_match(&headers)?,
        province: body.province,
        date: body.date,
        channel: body.channel,
        partner: body.partner_organization_id.map(|o| o.map(OrganizationId)),
        estimated_reach: body.estimated_reach,
        description: body.description,
        cost: body.cost.map(|cost| cost.map(Into::into)),
        budget_line_id: body.budget_line_id.map(|line| line.map(BudgetLineId)),
    };
    let activity = state
        .app
        .change_awareness(&actor, AwarenessId(id), change, now)
        .await?;
    Ok((etag(activity.version), Json(AwarenessView::from(activity))))
}
