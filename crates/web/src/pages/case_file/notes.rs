//! Notes on the case: newest first (the app audits their reading, since they hold
//! personal data), and the form writing one.

use axum::extract::{Path, State};
use axum::response::Response;
use panah_app::{Actor, App, AppError, UseCase};
use panah_domain::{Case, CaseId};
use time::OffsetDateTime;

use super::{Attempt, People, Section, refused, saved, sent};
use crate::WebState;
use crate::dates::ShownDate;
use crate::errors::PageError;
use crate::form::Fields;
use crate::pages::{SignedIn, parse_id};
use crate::ui::Ui;
use crate::widgets::{FormView, Input};

/// How many notes the case file shows, newest first.
const LISTED: u32 = 100;

/// A note as the list shows it.
pub(crate) struct NoteRow {
    pub(crate) written_on: ShownDate,
    pub(crate) author: Option<String>,
    pub(crate) body: String,
}

/// The notes section.
pub(crate) struct NotesView {
    pub(crate) rows: Vec<NoteRow>,
    /// Whether older notes exist than those shown.
    pub(crate) more: bool,
    pub(crate) form: Option<Input>,
}

/// The section for `case`, with what the app lets `actor` see and do.
pub(crate) async fn view(
    app: &App,
    actor: &Actor,
    case: &Case,
    people: &People,
    attempt: Option<&Attempt>,
    ui: &Ui,
    now: OffsetDateTime,
) -> Result<NotesView, PageError> {
    let (rows, more) = if app.permits(actor, UseCase::ReadNotes) {
        let page = app.notes(actor, case.id, None, LISTED, now).await?;
        let rows = page
            .items
            .iter()
            .map(|note| NoteRow {
                written_on: ui.date(&note.created_at.date()),
                author: people.name(note.author_id),
                body: note.body.clone(),
            })
            .collect();
        (rows, page.more)
    } else {
        (Vec::new(), false)
    };
    let form = app.permits(actor, UseCase::WriteNote).then(|| {
        let (fields, problems) = sent(attempt, Section::Notes);
        let fields = fields.unwrap_or_default();
        FormView::new(ui, &fields, &problems, "note")
            .area("body", "note-body")
            .required()
    });
    Ok(NotesView { rows, more, form })
}

/// `POST /cases/{id}/notes`: writes a note.
pub(crate) async fn write(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    fields: Fields,
) -> Result<Response, PageError> {
    let id = CaseId(parse_id(&id)?);
    let actor = &signed_in.session.actor;
    match state
        .app
        .write_note(actor, id, fields.get("body"), signed_in.visit.now)
        .await
    {
        Ok(_) => Ok(saved(id, "note", Section::Notes)),
        Err(AppError::Invalid(found)) => {
            let ui = Ui::new(&state.app, &signed_in.visit, Some(&signed_in.user));
            let attempt = Attempt::invalid(Section::Notes, fields, &found, &["body"], &ui);
            refused(&state, &signed_in, id, attempt).await
        }
        Err(other) => Err(other.into()),
    }
}
