//! `/api/v1/cases/{id}/notes`: free-text notes on a case. A note is about a person, so it
//! is encrypted at rest and every read of notes is audited.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use panah_domain::{CaseId, CaseNote, NoteId};
use serde::Serialize;
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;

use super::ListParams;
use crate::auth::{Allowed, gate};
use crate::error::Problem;
use crate::query::{ApiPath, ApiQuery, Page, page_limit};
use crate::{ApiError, ApiJson, AppState};

/// `POST /api/v1/cases/{id}/notes`
#[derive(Debug, eserde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateNote {
    /// The text, 1 to 10,000 characters; line breaks are kept.
    pub body: String,
}

/// A note.
#[derive(Debug, Serialize, ToSchema)]
pub struct NoteView {
    /// Id.
    pub id: Uuid,
    /// The case.
    pub case_id: Uuid,
    /// The text.
    pub body: String,
    /// Who wrote it.
    pub author_id: Uuid,
    /// When.
    #[serde(with = "crate::timestamp")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
}

impl From<CaseNote> for NoteView {
    fn from(note: CaseNote) -> Self {
        NoteView {
            id: note.id.0,
            case_id: note.case_id.0,
            body: note.body,
            author_id: note.author_id.0,
            created_at: note.created_at,
        }
    }
}

/// Write a note on a case.
#[utoipa::path(post, path = "/api/v1/cases/{id}/notes", operation_id = "create_note", tag = "case records",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The case's id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe: the same key and body within 24 hours answers the first response again")),
    request_body = CreateNote,
    responses(
        (status = 201, description = "The note written", body = NoteView, headers(("Location" = String))),
        (status = 403, response = crate::error::Forbidden),
        (status = 404, description = "`not_found` (also outside your scope)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::WriteNote>,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<CreateNote>,
) -> Result<impl IntoResponse, ApiError> {
    let note = state
        .app
        .write_note(&actor, CaseId(id), &body.body, now)
        .await?;
    let location = format!("/api/v1/cases/{id}/notes/{}", note.id.0);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(NoteView::from(note)),
    ))
}

/// The notes of a case, newest first. The read is audited.
#[utoipa::path(get, path = "/api/v1/cases/{id}/notes", operation_id = "list_notes", tag = "case records",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The case's id"), ListParams),
    responses(
        (status = 200, description = "A page of the case's notes", body = Page<NoteView>),
        (status = 403, response = crate::error::Forbidden),
        (status = 404, description = "`not_found` (also outside your scope)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::ReadNotes>,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<ListParams>,
) -> Result<Json<Page<NoteView>>, ApiError> {
    let limit = page_limit(query.limit)?;
    let before = query.position()?.map(NoteId);
    let notes = state
        .app
        .notes(&actor, CaseId(id), before, limit, now)
        .await?;
    Ok(Json(Page::from_app(
        notes,
        |n| n.id.0.to_string(),
        NoteView::from,
    )))
}

/// One note of a case. The read is audited.
#[utoipa::path(get, path = "/api/v1/cases/{id}/notes/{nid}", operation_id = "get_note", tag = "case records",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The case's id"),
           ("nid" = Uuid, Path, description = "The note's id")),
    responses(
        (status = 200, description = "The note", body = NoteView),
        (status = 403, response = crate::error::Forbidden),
        (status = 404, description = "`not_found` (also outside your scope)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::ReadNotes>,
    ApiPath((id, nid)): ApiPath<(Uuid, Uuid)>,
) -> Result<Json<NoteView>, ApiError> {
    let note = state.app.note(&actor, CaseId(id), NoteId(nid), now).await?;
    Ok(Json(NoteView::from(note)))
}
