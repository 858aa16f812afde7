//! The case's status and caseworker: the moves of the workflow the app offers the reader
//! (`open → active` for its caseworker, close and reopen for whoever may), and for whoever
//! assigns cases, the caseworker. Both forms carry the version read, so that a change made
//! meanwhile by someone else is not overwritten.

use axum::extract::{Path, State};
use axum::response::Response;
use panah_app::{Actor, App, AppError, CaseChange};
use panah_domain::{Case, CaseId, CaseStatus, FieldProblem, UserId};
use uuid::Uuid;

use super::{Attempt, Section, refused, saved, sent};
use crate::WebState;
use crate::errors::{ErrorPage, PageError};
use crate::form::{Fields, Reader};
use crate::pages::SignedIn;
use crate::pages::cases::assignee_choices;
use crate::pages::parse_id;
use crate::ui::Ui;
use crate::widgets::{FormView, Select, ungrouped};

/// A move the reader may make.
pub(crate) struct Move {
    /// The status it moves to.
    pub(crate) to: &'static str,
    /// What its button says.
    pub(crate) label: String,
}

/// The status section's forms.
pub(crate) struct StatusView {
    /// The version of the case read, sent back by both forms.
    pub(crate) version: i64,
    /// The moves offered.
    pub(crate) moves: Vec<Move>,
    /// The caseworker's select, for whoever assigns cases.
    pub(crate) assign: Option<Select>,
}

/// The section for `case`: the moves the app offers `actor`, and the caseworkers
/// (`assignees`) if they may assign.
pub(crate) fn view(
    app: &App,
    actor: &Actor,
    case: &Case,
    assignees: Option<Vec<(UserId, String)>>,
    attempt: Option<&Attempt>,
    ui: &Ui,
) -> StatusView {
    let moves = app
        .status_moves(actor, case)
        .into_iter()
        .map(|to| Move {
            to: to.as_str(),
            label: ui.term("case-move", to.as_str()),
        })
        .collect();
    let assign = assignees.map(|assignees| {
        let (fields, problems) = sent(attempt, Section::Assign);
        let current = case
            .assigned_to
            .map(|id| id.0.to_string())
            .unwrap_or_default();
        let fields = fields.unwrap_or_else(|| Fields::with(&[("assigned_to", current)]));
        FormView::new(ui, &fields, &problems, "assign")
            .select(
                "assigned_to",
                "case-assigned-to",
                ungrouped(assignee_choices(&assignees.into_iter().collect())),
            )
            .empty(ui.t("choose-one"))
    });
    StatusView {
        version: case.version,
        moves,
        assign,
    }
}

/// `POST /cases/{id}/status`: moves the case to `to`.
pub(crate) async fn move_to(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    fields: Fields,
) -> Result<Response, PageError> {
    let id = CaseId(parse_id(&id)?);
    let to: CaseStatus = fields
        .get("to")
        .parse()
        .map_err(|_| ErrorPage::BadRequest)?;
    let change = CaseChange {
        expected_version: version(&fields)?,
        status: Some(to),
        ..CaseChange::default()
    };
    change_case(
        &state,
        &signed_in,
        id,
        change,
        Section::Status,
        fields,
        "status",
    )
    .await
}

/// `POST /cases/{id}/assignee`: assigns the case to the caseworker chosen.
pub(crate) async fn assign(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    fields: Fields,
) -> Result<Response, PageError> {
    let id = CaseId(parse_id(&id)?);
    let expected_version = version(&fields)?;
    let mut reader = Reader::new(&fields);
    let assignee = reader.choice::<Uuid>("assigned_to").map(UserId);
    let (Some(assignee), Ok(())) = (assignee, reader.finish()) else {
        let ui = Ui::new(&state.app, &signed_in.visit, Some(&signed_in.user));
        let found = [FieldProblem::coded(
            "assigned_to",
            "choose_one",
            "choose one",
        )];
        let attempt = Attempt::invalid(Section::Assign, fields, &found, FIELDS, &ui);
        return refused(&state, &signed_in, id, attempt).await;
    };
    let change = CaseChange {
        expected_version,
        assigned_to: Some(assignee),
        ..CaseChange::default()
    };
    change_case(
        &state,
        &signed_in,
        id,
        change,
        Section::Assign,
        fields,
        "assignee",
    )
    .await
}

/// The version the form was filled in against.
fn version(fields: &Fields) -> Result<i64, ErrorPage> {
    fields
        .get("version")
        .parse()
        .map_err(|_| ErrorPage::BadRequest)
}

/// The assignment form's one field.
const FIELDS: &[&str] = &["assigned_to"];

async fn change_case(
    state: &WebState,
    signed_in: &SignedIn,
    id: CaseId,
    change: CaseChange,
    section: Section,
    fields: Fields,
    what: &str,
) -> Result<Response, PageError> {
    let actor = &signed_in.session.actor;
    let ui = Ui::new(&state.app, &signed_in.visit, Some(&signed_in.user));
    let attempt = match state
        .app
        .change_case(actor, id, change, signed_in.visit.now)
        .await
    {
        Ok(_) => return Ok(saved(id, what, section)),
        Err(AppError::Invalid(found)) => Attempt::invalid(section, fields, &found, FIELDS, &ui),
        Err(AppError::VersionMismatch) => {
            Attempt::conflict(section, fields, ui.t("case-changed-meanwhile"))
        }
        Err(AppError::InvalidTransition(_)) => {
            Attempt::conflict(section, fields, ui.t("case-move-not-allowed"))
        }
        Err(other) => return Err(other.into()),
    };
    refused(state, signed_in, id, attempt).await
}
