//! Assistance: the services logged on the case (with their costs when the app shows
//! them), and the form logging one, whose budget-line picker offers only the lines a cost
//! of that date and currency may be charged to. Without JavaScript the form's second
//! button sends it back with the lines for the date and currency typed; with htmx the
//! picker follows the two fields as they change (`GET /budget-lines`).

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use panah_app::{Actor, App, AppError, AssistanceEntry, UseCase};
use panah_domain::solar_hijri::parse_either_calendar;
use panah_domain::{
    AssistanceStatus, AssistanceType, BudgetLineId, Case, CaseId, ChargeableLine, Currency,
    FieldProblem, Money, OrganizationId, OrganizationKind,
};
use serde::Deserialize;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use super::{Attempt, Section, refused, saved, sent};
use crate::WebState;
use crate::dates::ShownDate;
use crate::errors::PageError;
use crate::form::{Fields, Reader};
use crate::numbers::format_money;
use crate::organizations::Organizations;
use crate::pages::{SignedIn, parse_id};
use crate::ui::Ui;
use crate::widgets::{Checks, Choice, FormView, Input, Problems, Select, choices, ungrouped};

/// How many assistance records the case file lists: far more than a case has.
const LISTED: u32 = 500;

/// The form's fields, by the names the app gives its problems.
const FIELDS: &[&str] = &[
    "assistance_type",
    "status",
    "date",
    "provider_organization_id",
    "cost",
    "currency",
    "budget_line_id",
    "description",
];

/// The kinds of organisation that provide services: all but donors.
const PROVIDERS: [OrganizationKind; 5] = [
    OrganizationKind::Iom,
    OrganizationKind::PartnerMinistry,
    OrganizationKind::MoiNational,
    OrganizationKind::MoiProvincial,
    OrganizationKind::ForeignState,
];

/// A service as the list shows it.
pub(crate) struct AssistanceRow {
    pub(crate) date: ShownDate,
    pub(crate) service: String,
    pub(crate) status: String,
    pub(crate) provider: Option<String>,
    pub(crate) cost: Option<String>,
    pub(crate) charged_to: Option<String>,
    pub(crate) description: Option<String>,
}

/// The budget-line picker: the select of the lines a cost of the form's date and
/// currency may be charged to, which `GET /budget-lines` draws again when they change.
pub(crate) struct LinePicker {
    pub(crate) select: Select,
}

/// The form logging a service.
pub(crate) struct AssistanceForm {
    pub(crate) assistance_type: Select,
    pub(crate) status: Checks,
    pub(crate) date: Input,
    pub(crate) provider: Select,
    pub(crate) amount: Input,
    pub(crate) currency: Select,
    pub(crate) picker: LinePicker,
    pub(crate) description: Input,
}

/// The assistance section.
pub(crate) struct AssistanceView {
    pub(crate) rows: Vec<AssistanceRow>,
    /// Whether the list has a cost to show (the app shows costs only to whoever may
    /// read them).
    pub(crate) shows_cost: bool,
    pub(crate) form: Option<AssistanceForm>,
}

/// The section for `case`, with what the app lets `actor` see and do.
pub(crate) async fn view(
    app: &App,
    actor: &Actor,
    case: &Case,
    organizations: &Organizations,
    attempt: Option<&Attempt>,
    ui: &Ui,
    now: OffsetDateTime,
) -> Result<AssistanceView, PageError> {
    let records = if app.permits(actor, UseCase::ListAssistance) {
        app.assistance(actor, case.id, None, LISTED, now)
            .await?
            .items
    } else {
        Vec::new()
    };
    // The lines charged are named from the lines the actor may charge; reading them is
    // worth it only when something is charged.
    let charged = records.iter().any(|r| r.budget_line_id.is_some());
    let lines: HashMap<BudgetLineId, ChargeableLine> =
        if charged && app.permits(actor, UseCase::ListChargeableLines) {
            app.chargeable_lines(actor, None, None, now)
                .await?
                .into_iter()
                .map(|line| (line.id, line))
                .collect()
        } else {
            HashMap::new()
        };
    let rows: Vec<AssistanceRow> = records
        .iter()
        .map(|record| AssistanceRow {
            date: ui.date(&record.date),
            service: ui.term("assistance-type", record.assistance_type.as_str()),
            status: ui.term("assistance-status", record.status.as_str()),
            provider: record
                .provider_organization_id
                .map(|id| organizations.name(id, ui)),
            cost: record.cost.map(|cost| format_money(cost, ui.language)),
            charged_to: record
                .budget_line_id
                .and_then(|id| lines.get(&id))
                .map(line_label),
            description: record.description.clone(),
        })
        .collect();
    let form = if app.permits(actor, UseCase::LogAssistance) {
        Some(form(app, actor, organizations, attempt, ui, now).await?)
    } else {
        None
    };
    Ok(AssistanceView {
        shows_cost: rows.iter().any(|row| row.cost.is_some()),
        rows,
        form,
    })
}

async fn form(
    app: &App,
    actor: &Actor,
    organizations: &Organizations,
    attempt: Option<&Attempt>,
    ui: &Ui,
    now: OffsetDateTime,
) -> Result<AssistanceForm, PageError> {
    let (fields, problems) = sent(attempt, Section::Assistance);
    let fields = fields.unwrap_or_else(|| {
        Fields::with(&[
            ("date", ui.date_input(now.date())),
            ("status", AssistanceStatus::Delivered.to_string()),
        ])
    });
    let form = FormView::new(ui, &fields, &problems, "assistance");
    let picker = picker(app, actor, &fields, &problems, ui, now).await?;
    Ok(AssistanceForm {
        assistance_type: form
            .select(
                "assistance_type",
                "assistance-type",
                ungrouped(ui.terms("assistance-type", AssistanceType::ALL)),
            )
            .empty(ui.t("choose-one"))
            .required(),
        status: form
            .checks(
                "status",
                "assistance-status",
                "radio",
                ui.terms(
                    "assistance-status",
                    &[AssistanceStatus::Delivered, AssistanceStatus::Planned],
                ),
            )
            .required(),
        date: form.date("date", "assistance-date").required(),
        provider: form
            .select(
                "provider_organization_id",
                "assistance-provider",
                organizations.choices(&PROVIDERS, None, ui),
            )
            .empty(ui.t("not-recorded")),
        amount: form
            .text("cost", "assistance-cost")
            .ltr(Some("decimal"))
            .hint(ui.t("assistance-cost-hint")),
        currency: form
            .select(
                "currency",
                "assistance-currency",
                ungrouped(choices(Currency::ALL, |c| c.to_string(), |c| c.to_string())),
            )
            .empty(ui.t("not-recorded")),
        picker,
        description: form.area("description", "assistance-description"),
    })
}

/// The picker for the date and currency in `fields`, keeping the line chosen.
async fn picker(
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
fn line_label(line: &ChargeableLine) -> String {
    format!(
        "{} · {} {} ({})",
        line.grant_code, line.code, line.name, line.currency
    )
}

/// The service the form describes, or every field that cannot be read.
fn read(fields: &Fields) -> Result<AssistanceEntry, Vec<FieldProblem>> {
    let mut reader = Reader::new(fields);
    let assistance_type = reader.choice::<AssistanceType>("assistance_type");
    let status = reader.choice::<AssistanceStatus>("status");
    let date = reader.date("date");
    let provider = reader
        .optional_choice::<Uuid>("provider_organization_id")
        .map(OrganizationId);
    let currency = reader.optional_choice::<Currency>("currency");
    let cost = match (reader.text("cost"), currency) {
        (None, _) => None,
        (Some(_), None) => {
            reader.refuse(FieldProblem::coded(
                "currency",
                "currency_required",
                "say the currency of the cost",
            ));
            None
        }
        (Some(_), Some(currency)) => reader
            .optional_amount("cost", currency)
            .map(|amount_minor| Money {
                amount_minor,
                currency,
            }),
    };
    let budget_line_id = reader
        .optional_choice::<Uuid>("budget_line_id")
        .map(BudgetLineId);
    let description = reader.text("description");
    reader.finish()?;
    match (assistance_type, status, date) {
        (Some(assistance_type), Some(status), Some(date)) => Ok(AssistanceEntry {
            assistance_type,
            status,
            date,
            provider,
            cost,
            description,
            return_id: None,
            budget_line_id,
        }),
        // Each of these adds its problem when it is missing.
        _ => Err(vec![FieldProblem::coded(
            "assistance_type",
            "choose_one",
            "choose one",
        )]),
    }
}

/// `POST /cases/{id}/assistance`: logs a service — or, from the picker's button, shows
/// the form again with the budget lines for the date and currency typed.
pub(crate) async fn log(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    fields: Fields,
) -> Result<Response, PageError> {
    let id = CaseId(parse_id(&id)?);
    let ui = Ui::new(&state.app, &signed_in.visit, Some(&signed_in.user));
    if fields.get("refresh") == "lines" {
        let attempt = Attempt {
            section: Section::Assistance,
            fields,
            problems: Problems::new(),
            notice: None,
            status: StatusCode::OK,
        };
        return refused(&state, &signed_in, id, attempt).await;
    }
    let found = match read(&fields) {
        Ok(entry) => {
            let actor = &signed_in.session.actor;
            match state
                .app
                .log_assistance(actor, id, entry, signed_in.visit.now)
                .await
            {
                Ok(_) => return Ok(saved(id, "assistance", Section::Assistance)),
                Err(AppError::Invalid(found)) => found
                    .into_iter()
                    .map(|problem| match problem.field.as_str() {
                        // The amount typed is what the app calls the cost's minor units.
                        "cost.amount_minor" => FieldProblem {
                            field: "cost".into(),
                            ..problem
                        },
                        _ => problem,
                    })
                    .collect(),
                Err(AppError::CurrencyMismatch { budget, .. }) => {
                    let problems = Problems::from([(
                        "currency",
                        ui.t1("problem-currency-mismatch", "currency", budget.as_str()),
                    )]);
                    let attempt = Attempt {
                        section: Section::Assistance,
                        fields,
                        problems,
                        notice: None,
                        status: StatusCode::UNPROCESSABLE_ENTITY,
                    };
                    return refused(&state, &signed_in, id, attempt).await;
                }
                Err(other) => return Err(other.into()),
            }
        }
        Err(found) => found,
    };
    let attempt = Attempt::invalid(Section::Assistance, fields, &found, FIELDS, &ui);
    refused(&state, &signed_in, id, attempt).await
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_amount_without_its_currency_is_refused_beside_the_currency() {
        let fields =
            Fields::parse(b"assistance_type=medical&status=delivered&date=2026-03-21&cost=12");
        let problems = read(&fields).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].field, "currency");
        assert_eq!(problems[0].code, "currency_required");
    }
}
