//! What the pages of trainings and awareness activities share: their cost and the budget
//! line it is charged to — the cost's amount and currency, and a select of every grant's
//! lines (the app checks that the line fits the cost's date and currency, and says so
//! beside the line when it does not).

use panah_app::{Actor, App, AppError, UseCase};
use panah_domain::{BudgetLineId, Currency, FieldProblem, Money, OrganizationKind};
use time::OffsetDateTime;

use crate::errors::PageError;
use crate::numbers::format_money;
use crate::problems;
use crate::ui::Ui;
use crate::widgets::{Choice, FormView, Group, Input, Problems, Select, choices, ungrouped};

/// How many grants the budget-line select offers lines of.
const GRANTS: u32 = 100;

/// The organisations that organise trainings and send people to them.
pub(crate) const TRAINING_ORGANIZATIONS: [OrganizationKind; 4] = [
    OrganizationKind::Iom,
    OrganizationKind::MoiNational,
    OrganizationKind::MoiProvincial,
    OrganizationKind::PartnerMinistry,
];

/// The cost inputs of a form: amount, currency and budget line.
pub(crate) struct CostInputs {
    pub(crate) amount: Input,
    pub(crate) currency: Select,
    pub(crate) line: Select,
}

/// The cost inputs of `form`, with the lines of every grant the reader may list.
pub(crate) async fn cost_inputs(
    app: &App,
    actor: &Actor,
    form: &FormView<'_>,
    ui: &Ui,
    now: OffsetDateTime,
) -> Result<CostInputs, PageError> {
    let grants = if app.permits(actor, UseCase::ListGrants) {
        app.list_grants(actor, None, GRANTS, now).await?.items
    } else {
        Vec::new()
    };
    let groups: Vec<Group> = grants
        .iter()
        .map(|grant| Group {
            label: Some(format!("{} ({})", grant.code, grant.currency)),
            choices: grant
                .budget_lines
                .iter()
                .map(|line| Choice {
                    value: line.id.0.to_string(),
                    label: format!("{} · {} {}", grant.code, line.code, line.name),
                    chosen: false,
                })
                .collect(),
        })
        .collect();
    Ok(CostInputs {
        amount: form
            .text("cost", "activity-cost")
            .ltr(Some("decimal"))
            .hint(ui.t("assistance-cost-hint")),
        currency: form
            .select(
                "currency",
                "activity-currency",
                ungrouped(choices(Currency::ALL, |c| c.to_string(), |c| c.to_string())),
            )
            .empty(ui.t("not-recorded")),
        line: form
            .select("budget_line_id", "activity-budget-line", groups)
            .empty(ui.t("assistance-not-charged"))
            .hint(ui.t("activity-budget-line-hint")),
    })
}

/// The budget line chosen in the form, if one was.
pub(crate) fn chosen_line(reader: &mut crate::form::Reader<'_>) -> Option<BudgetLineId> {
    reader
        .optional_choice::<uuid::Uuid>("budget_line_id")
        .map(BudgetLineId)
}

/// A cost as the lists show it, in the page's digits.
pub(crate) fn shown_cost(cost: Option<Money>, ui: &Ui) -> Option<String> {
    cost.map(|money| format_money(money, ui.language))
}

/// Why the app refused a form: its field problems, and the currency of the budget
/// line's grant when the cost was in another (said with that currency beside the
/// currency's select).
#[derive(Debug, Default)]
pub(crate) struct Refused {
    pub(crate) found: Vec<FieldProblem>,
    pub(crate) grant_currency: Option<Currency>,
}

impl Refused {
    /// Problems found while reading the form.
    pub(crate) fn of(found: Vec<FieldProblem>) -> Refused {
        Refused {
            found,
            grant_currency: None,
        }
    }

    /// Whether anything was refused.
    pub(crate) fn is_empty(&self) -> bool {
        self.found.is_empty() && self.grant_currency.is_none()
    }

    /// `found` (the field problems, or some of them) beside the one of `names` (the
    /// form's fields) each concerns, in the page's language, with the currency's.
    pub(crate) fn problems(
        &self,
        found: &[FieldProblem],
        names: &[&'static str],
        ui: &Ui,
    ) -> Problems {
        let mut problems = problems::by_field(found, names, ui.language);
        if let Some(currency) = self.grant_currency {
            problems.insert(
                "currency",
                ui.t1("problem-currency-mismatch", "currency", currency.as_str()),
            );
        }
        problems
    }
}

/// The app's refusal of a form that the page shows beside its fields: the field
/// problems (the amount's under its input) and a currency that is not the grant's. Any
/// other refusal is the page's error.
pub(crate) fn refusals(error: AppError) -> Result<Refused, PageError> {
    match error {
        AppError::Invalid(found) => Ok(Refused::of(
            found
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
        )),
        AppError::CurrencyMismatch { budget, .. } => Ok(Refused {
            found: Vec::new(),
            grant_currency: Some(budget),
        }),
        other => Err(other.into()),
    }
}
