//! The budget-line picker of the assistance form: the lines a cost of the form's date and
//! currency may be charged to (`App::chargeable_lines`), drawn inside the case file, and
//! alone at `GET /budget-lines` for htmx to swap in as the date and currency change.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use panah_app::{Actor, App};
use panah_domain::solar_hijri::parse_either_calendar;
use panah_domain::{ChargeableLine, Currency};
use serde::Deserialize;
use time::{Date, OffsetDateTime};

use crate::WebState;
use crate::errors::PageError;
use crate::form::Fields;
use crate::pages::SignedIn;
use crate::ui::Ui;
use crate::widgets::{Choice, FormView, Problems, Select, ungrouped};

/// The budget-line picker: the select of the lines a cost of the form's date and
/// currency may be charged to, which `GET /budget-lines` draws again when they change.
pub(crate) struct LinePicker {
    pub(crate) select: Select,
}

/// The picker for the date and currency in `fields`, keeping the line chosen.
pub(crate) async fn picker(
    app: &App,
    actor: &Actor,
    fields: &Fields,
    problems: &Problems,
    ui: &Ui,
    now: OffsetDateTime,
) -> Result<LinePicker, PageError> {
    let on: Option<Date> = parse_either_calendar(fields.get("date").trim());
    let currency: Option<Currency> = fields.get("currency").parse().ok();
    let lines = app.chargeable_lines(actor, on, currency, now).await?;
    let choices = lines
        .iter()
        .map(|line| Choice {
            value: line.id.0.to_string(),
            label: line_label(line),
            chosen: false,
        })
        .collect();
    let hint = if lines.is_empty() {
        ui.t("assistance-no-budget-line")
    } else {
        ui.t("assistance-budget-line-hint")
    };
    let select = FormView::new(ui, fields, problems, "assistance")
        .select(
            "budget_line_id",
            "assistance-budget-line",
            ungrouped(choices),
        )
        .empty(ui.t("assistance-not-charged"))
        .hint(hint);
    Ok(LinePicker { select })
}

/// A budget line as the picker and the list name it: its grant, code, name and currency.
pub(crate) fn line_label(line: &ChargeableLine) -> String {
    format!(
        "{} · {} {} ({})",
        line.grant_code, line.code, line.name, line.currency
    )
}

/// What the picker's address says: the date and currency typed, and the line chosen.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct PickerQuery {
    #[serde(default)]
    date: String,
    #[serde(default)]
    currency: String,
    #[serde(default)]
    budget_line_id: String,
}

/// The picker alone, for htmx to swap in.
#[derive(Template, WebTemplate)]
#[template(path = "budget_lines.html")]
struct PickerFragment {
    picker: LinePicker,
}

/// `GET /budget-lines?date=&currency=&budget_line_id=`: the budget-line picker for a
/// date and currency (neither names a person, so they may sit in the address).
pub(crate) async fn lines(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Query(query): Query<PickerQuery>,
) -> Result<Response, PageError> {
    let ui = Ui::new(&state.app, &signed_in.visit, Some(&signed_in.user));
    let fields = Fields::with(&[
        ("date", query.date),
        ("currency", query.currency),
        ("budget_line_id", query.budget_line_id),
    ]);
    let picker = picker(
        &state.app,
        &signed_in.session.actor,
        &fields,
        &Problems::new(),
        &ui,
        signed_in.visit.now,
    )
    .await?;
    Ok(PickerFragment { picker }.into_response())
}
