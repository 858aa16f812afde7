//! `/returns/{id}`: a voluntary return, read-only — its status, route and history — and
//! the row that lists a return on the case file. Moving a return on from the web is for a
//! later page; this one makes sure that every link to a return leads somewhere.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use panah_domain::{Place, ReturnCase, ReturnId};

use super::{SignedIn, parse_id};
use crate::WebState;
use crate::dates::ShownDate;
use crate::errors::PageError;
use crate::labels;
use crate::ui::Ui;

/// A return in a list.
pub(crate) struct ReturnRow {
    /// Its page.
    pub(crate) href: String,
    /// To or from Afghanistan.
    pub(crate) direction: String,
    /// Where it goes.
    pub(crate) destination: String,
    /// Its status.
    pub(crate) status: String,
    /// The planned travel date.
    pub(crate) travel_date: Option<ShownDate>,
}

impl ReturnRow {
    pub(crate) fn new(return_case: &ReturnCase, ui: &Ui) -> ReturnRow {
        ReturnRow {
            href: format!("/returns/{}", return_case.id.0),
            direction: ui.term("return-direction", return_case.direction.as_str()),
            destination: place(&return_case.destination, ui),
            status: ui.term("return-status", return_case.status.as_str()),
            travel_date: return_case.travel_date.as_ref().map(|date| ui.date(date)),
        }
    }
}

/// A place as a page names it: the province and country in Afghanistan, else the
/// country.
fn place(place: &Place, ui: &Ui) -> String {
    let country = labels::country(ui.language, place.country);
    match place.province {
        Some(province) => format!(
            "{}{}{country}",
            ui.term("province", province.code()),
            ui.t("list-separator")
        ),
        None => country,
    }
}

/// One move of the return.
struct Step {
    at: ShownDate,
    to: String,
    comment: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "return.html")]
struct ReturnPage {
    ui: Ui,
    row: ReturnRow,
    origin: String,
    case_href: String,
    history: Vec<Step>,
}

/// `GET /returns/{id}`.
pub(crate) async fn show(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = ReturnId(parse_id(&id)?);
    let SignedIn {
        visit,
        session,
        user,
    } = signed_in;
    let ui = Ui::new(&state.app, &visit, Some(&user));
    let seen = state.app.read_return(&session.actor, id, visit.now).await?;
    let history = seen
        .history
        .iter()
        .map(|step| Step {
            at: ui.date(&step.at.date()),
            to: ui.term("return-status", step.to.as_str()),
            comment: step.comment.clone(),
        })
        .collect();
    Ok(ReturnPage {
        row: ReturnRow::new(&seen.return_case, &ui),
        origin: place(&seen.return_case.origin, &ui),
        case_href: format!("/cases/{}", seen.return_case.case_id),
        history,
        ui,
    }
    .into_response())
}
