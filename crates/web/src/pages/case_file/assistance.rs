//! Assistance: the services logged on the case (with their costs when the app shows
//! them), each planned one with the buttons that record it delivered or cancelled, and
//! the form logging one, whose budget-line picker (`budget_lines.rs`) offers only the
//! lines a cost of that date and currency may be charged to. Without JavaScript the
//! form's second button sends it back with the lines for the date and currency typed;
//! with htmx the picker follows the two fields as they change.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use panah_app::{Actor, App, AppError, AssistanceChange, AssistanceEntry, UseCase};
use panah_domain::{
    AssistanceId, AssistanceStatus, AssistanceType, BudgetLineId, Case, CaseId, ChargeableLine,
    Currency, FieldProblem, OrganizationId, OrganizationKind,
};
use time::OffsetDateTime;
use uuid::Uuid;

use super::budget_lines::{LinePicker, line_label, picker};
use super::{Attempt, Section, refused, saved, sent};
use crate::WebState;
use crate::dates::ShownDate;
use crate::errors::{ErrorPage, PageError};
use crate::form::{Fields, Reader};
use crate::numbers::format_money;
use crate::organizations::Organizations;
use crate::pages::{SignedIn, parse_id};
use crate::ui::Ui;
use crate::widgets::{Checks, FormView, Input, Problems, Select, choices, ungrouped};

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
    /// The record's id, for its buttons' address.
    pub(crate) id: String,
    /// The version read, which the buttons send back.
    pub(crate) version: i64,
    /// Whether it is planned, and so may be recorded delivered or cancelled.
    pub(crate) planned: bool,
    pub(crate) date: ShownDate,
    pub(crate) service: String,
    pub(crate) status: String,
    pub(crate) provider: Option<String>,
    pub(crate) cost: Option<String>,
    pub(crate) charged_to: Option<String>,
    pub(crate) description: Option<String>,
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
    /// Whether the reader may record a planned service delivered or cancelled.
    pub(crate) may_change: bool,
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
            id: record.id.0.to_string(),
            version: record.version,
            planned: record.status == AssistanceStatus::Planned,
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
        may_change: app.permits(actor, UseCase::ChangeAssistance),
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

/// The service the form describes, or every field that cannot be read.
fn read(fields: &Fields) -> Result<AssistanceEntry, Vec<FieldProblem>> {
    let mut reader = Reader::new(fields);
    let assistance_type = reader.choice::<AssistanceType>("assistance_type");
    let status = reader.choice::<AssistanceStatus>("status");
    let date = reader.date("date");
    let provider = reader
        .optional_choice::<Uuid>("provider_organization_id")
        .map(OrganizationId);
    let cost = reader.optional_cost("cost", "currency");
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

/// `POST /cases/{id}/assistance/{assistance}/status`: records a planned service
/// delivered or cancelled (`to`), as of the version read.
pub(crate) async fn change_status(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path((id, assistance)): Path<(String, String)>,
    fields: Fields,
) -> Result<Response, PageError> {
    let id = CaseId(parse_id(&id)?);
    let assistance = AssistanceId(parse_id(&assistance)?);
    let to: AssistanceStatus = fields
        .get("to")
        .parse()
        .map_err(|_| ErrorPage::BadRequest)?;
    let expected_version = fields
        .get("version")
        .parse()
        .map_err(|_| ErrorPage::BadRequest)?;
    let change = AssistanceChange {
        expected_version,
        status: Some(to),
        ..AssistanceChange::default()
    };
    let actor = &signed_in.session.actor;
    let ui = Ui::new(&state.app, &signed_in.visit, Some(&signed_in.user));
    let notice = match state
        .app
        .change_assistance(actor, id, assistance, change, signed_in.visit.now)
        .await
    {
        Ok(_) => return Ok(saved(id, "service", Section::Assistance)),
        Err(AppError::VersionMismatch) => ui.t("assistance-changed-meanwhile"),
        // The service's charge no longer holds (its grant changed), or it was cancelled
        // meanwhile: the notice says so; the record stays as it was.
        Err(AppError::Invalid(_) | AppError::InvalidTransition(_)) => {
            ui.t("assistance-status-not-changed")
        }
        Err(other) => return Err(other.into()),
    };
    let attempt = Attempt::conflict(Section::Assistance, Fields::default(), notice);
    refused(&state, &signed_in, id, attempt).await
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
