//! `/grants`: the programme manager's grants — each with its budget lines and what each
//! line has spent of its budget, drawn as a bar with the figures in words beside it —,
//! and the forms that create a grant (`/grants/new`) and change one
//! (`/grants/{id}/edit`) through the app's grant use cases, which check everything.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use panah_app::{AppError, Conflict, GrantChange, GrantEntry, LineEntry, UseCase};
use panah_domain::{
    Currency, FieldProblem, Grant, GrantId, Money, OrganizationId, OrganizationKind,
};
use serde::Deserialize;

use super::{SignedIn, parse_id};
use crate::WebState;
use crate::charts::{SpendBar, spend_bar};
use crate::dates::ShownDate;
use crate::errors::PageError;
use crate::form::{Fields, Reader};
use crate::numbers::format_money;
use crate::organizations::Organizations;
use crate::problems;
use crate::ui::Ui;
use crate::widgets::{FormView, Input, Problems, Select, choices, ungrouped};

/// How many grants one page lists.
const LISTED: u32 = 50;
/// Empty rows offered for new budget lines: a grant starts with a few lines, and more
/// rows come back each time the form is sent.
const NEW_ROWS: usize = 5;
/// Empty rows under a grant's lines when it is edited, for lines to add.
const ADDED_ROWS: usize = 3;
/// The fields of the grant forms outside the budget lines, by the names the app gives
/// its problems; a problem naming none of them is shown with the first.
const FIELDS: &[&str] = &[
    "code",
    "title",
    "donor_organization_id",
    "currency",
    "starts_on",
    "ends_on",
    "budget_lines",
];

// ---------------------------------------------------------------------------------------
// The list

#[derive(Template, WebTemplate)]
#[template(path = "grants.html")]
struct GrantsPage {
    ui: Ui,
    grants: Vec<GrantCard>,
    /// The address of the next page, if there are more grants.
    next: Option<String>,
    may_create: bool,
    /// Whether the person may read a donor's report (`/reports/funding`).
    may_report: bool,
    saved: bool,
}

/// A grant as the list shows it.
struct GrantCard {
    id: String,
    code: String,
    title: String,
    donor: String,
    starts_on: ShownDate,
    ends_on: ShownDate,
    budget: String,
    lines: Vec<SpendBar>,
    edit: Option<String>,
    report: Option<String>,
}

/// The list's address: grants after a code.
#[derive(Debug, Deserialize)]
pub(crate) struct ListQuery {
    after: Option<String>,
    saved: Option<String>,
}

/// `GET /grants`.
pub(crate) async fn list(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Query(query): Query<ListQuery>,
) -> Result<Response, PageError> {
    let app = &state.app;
    let actor = &signed_in.session.actor;
    let now = signed_in.visit.now;
    let page = app
        .list_grants(actor, query.after.as_deref(), LISTED, now)
        .await?;
    let ui = Ui::new(app, &signed_in.visit, Some(&signed_in.user));
    let organizations = Organizations::read(app, actor, now).await?;
    let may_edit = app.permits(actor, UseCase::ChangeGrant);
    let may_report = app.permits(actor, UseCase::ExportFundingReport);
    let mut grants = Vec::with_capacity(page.items.len());
    for grant in &page.items {
        let spent = app.grant_spend(actor, grant.id, now).await?;
        let lines = grant
            .budget_lines
            .iter()
            .map(|line| {
                let spent = spent
                    .iter()
                    .find(|(id, _)| *id == line.id)
                    .map_or(0, |(_, spent)| *spent);
                spend_bar(
                    &ui,
                    format!("{} — {}", line.code, line.name),
                    line.amount_minor,
                    spent,
                    grant.currency,
                )
            })
            .collect();
        grants.push(GrantCard {
            id: grant.id.0.to_string(),
            code: grant.code.clone(),
            title: grant.title.clone(),
            donor: organizations.name(grant.donor_organization_id, &ui),
            starts_on: ui.date(&grant.starts_on),
            ends_on: ui.date(&grant.ends_on),
            budget: money(grant.total_minor(), grant.currency, &ui),
            lines,
            edit: may_edit.then(|| format!("/grants/{}/edit", grant.id.0)),
            report: may_report.then(|| format!("/grants/{}/report", grant.id.0)),
        });
    }
    let next = page
        .items
        .last()
        .filter(|_| page.more)
        .map(|last| format!("/grants?after={}", url_encode(&last.code)));
    Ok(GrantsPage {
        grants,
        next,
        may_create: app.permits(actor, UseCase::CreateGrant),
        may_report: app.permits(actor, UseCase::ExportFundingReport),
        saved: query.saved.is_some(),
        ui,
    }
    .into_response())
}

/// `text` as one component of a URL's query.
fn url_encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

fn money(amount_minor: i64, currency: Currency, ui: &Ui) -> String {
    format_money(
        Money {
            amount_minor,
            currency,
        },
        ui.language,
    )
}

// ---------------------------------------------------------------------------------------
// The forms

#[derive(Template, WebTemplate)]
#[template(path = "grant_form.html")]
struct GrantFormPage {
    ui: Ui,
    heading: String,
    action: String,
    button: String,
    refused: bool,
    /// What stopped the form that is not one field's problem (a conflict).
    notice: Option<String>,
    version: Option<i64>,
    /// Code, title: the code only when creating.
    code: Option<Input>,
    title: Input,
    donor: Option<Select>,
    currency: Option<Select>,
    /// The currency of an edited grant, which does not change.
    fixed_currency: Option<String>,
    starts_on: Input,
    ends_on: Input,
    lines_problem: Option<String>,
    rows: Vec<LineRow>,
}

/// One row of the budget-line table: its three inputs and its problem.
struct LineRow {
    /// The row's number, from one, for the inputs' labels.
    number: String,
    code: RowInput,
    name: RowInput,
    amount: RowInput,
    /// Whether the code is an existing line's, which cannot change.
    fixed: bool,
    problem: Option<String>,
}

/// An input of a budget-line row.
struct RowInput {
    id: String,
    name: String,
    value: String,
    /// Its label, read by screen readers; the table's column heading shows it.
    label: String,
}

/// The names of row `i`'s three fields.
fn row_names(i: usize) -> [String; 3] {
    [
        format!("line-{i}-code"),
        format!("line-{i}-name"),
        format!("line-{i}-amount"),
    ]
}

/// The rows of the budget-line table, filled in with `fields`: `count` rows, the first
/// `fixed` of them existing lines whose code is shown but not changed.
fn rows(
    ui: &Ui,
    fields: &Fields,
    count: usize,
    fixed: usize,
    row_problems: &[Option<String>],
) -> Vec<LineRow> {
    (0..count)
        .map(|i| {
            let number = ui.number(i + 1);
            let row_label = ui.t1("grant-line-row", "row", &number);
            let input = |name: String, label: &str| RowInput {
                id: format!("grant-{name}"),
                value: fields.get(&name).to_owned(),
                label: format!("{row_label}: {}", ui.t(label)),
                name,
            };
            let [code, name, amount] = row_names(i);
            LineRow {
                number,
                code: input(code, "grant-line-code"),
                name: input(name, "grant-line-name"),
                amount: input(amount, "grant-line-amount"),
                fixed: i < fixed,
                problem: row_problems.get(i).cloned().flatten(),
            }
        })
        .collect()
}

/// How many rows the form sent back: one past the last row with anything typed.
fn rows_sent(fields: &Fields) -> usize {
    (0..200)
        .filter(|i| {
            row_names(*i)
                .iter()
                .any(|name| !fields.get(name).trim().is_empty())
        })
        .map(|i| i + 1)
        .max()
        .unwrap_or(0)
}

/// The budget lines of the form's rows with anything typed, each with its row, and a
/// problem for each amount that is no amount.
fn read_lines(
    fields: &Fields,
    currency: Option<Currency>,
    reader: &mut Reader<'_>,
) -> (Vec<LineEntry>, Vec<usize>) {
    let mut lines = Vec::new();
    let mut rows = Vec::new();
    for i in 0..rows_sent(fields) {
        let [code, name, amount] = row_names(i);
        if [&code, &name, &amount]
            .iter()
            .all(|field| fields.get(field).trim().is_empty())
        {
            continue;
        }
        let amount_minor = match currency {
            Some(currency) => reader.optional_amount(&amount, currency),
            None => None,
        };
        if amount_minor.is_none() && currency.is_some() && fields.get(&amount).trim().is_empty() {
            reader.refuse(FieldProblem::coded(amount, "required", "is required"));
        }
        lines.push(LineEntry {
            code: fields.get(&code).to_owned(),
            name: fields.get(&name).to_owned(),
            amount_minor: amount_minor.unwrap_or(0),
        });
        rows.push(i);
    }
    (lines, rows)
}

/// The problems of a refused form: those of its fields by name, and those of each
/// budget-line row (`rows` maps the app's line numbers to the form's rows).
fn sort_problems(
    found: &[FieldProblem],
    rows: &[usize],
    ui: &Ui,
) -> (Problems, Vec<Option<String>>) {
    let mut fields = Vec::new();
    let mut by_row: Vec<Option<String>> = Vec::new();
    for problem in found {
        let row = problem
            .field
            .strip_prefix("budget_lines[")
            .and_then(|rest| rest.split_once(']'))
            .and_then(|(n, _)| n.parse::<usize>().ok())
            .and_then(|n| rows.get(n).copied())
            .or_else(|| {
                problem
                    .field
                    .strip_prefix("line-")
                    .and_then(|rest| rest.split_once('-'))
                    .and_then(|(n, _)| n.parse().ok())
            });
        match row {
            Some(row) => {
                if by_row.len() <= row {
                    by_row.resize(row + 1, None);
                }
                let text = problems::say(problem, ui.language);
                let entry = &mut by_row[row];
                *entry = Some(match entry.take() {
                    Some(before) => format!("{before} {text}"),
                    None => text,
                });
            }
            None => fields.push(problem.clone()),
        }
    }
    (problems::by_field(&fields, FIELDS, ui.language), by_row)
}

/// `GET /grants/new`.
pub(crate) async fn new(
    State(state): State<WebState>,
    signed_in: SignedIn,
) -> Result<Response, PageError> {
    // Whoever may not create grants is refused (and the refusal audited) before the form.
    state
        .app
        .authorize(
            &signed_in.session.actor,
            UseCase::CreateGrant,
            signed_in.visit.now,
        )
        .await?;
    let ui = Ui::new(&state.app, &signed_in.visit, Some(&signed_in.user));
    let fields = Fields::with(&[("currency", Currency::Usd.as_str().to_owned())]);
    let page = new_form(&state, &signed_in, ui, &fields, &[], &[], None).await?;
    Ok(page.into_response())
}

/// `POST /grants/new`: creates the grant, then lists the grants.
pub(crate) async fn create(
    State(state): State<WebState>,
    signed_in: SignedIn,
    fields: Fields,
) -> Result<Response, PageError> {
    let mut reader = Reader::new(&fields);
    let currency = reader.choice::<Currency>("currency");
    let donor = reader
        .choice::<uuid::Uuid>("donor_organization_id")
        .map(OrganizationId);
    let starts_on = reader.date("starts_on");
    let ends_on = reader.date("ends_on");
    let (lines, rows) = read_lines(&fields, currency, &mut reader);
    let read = reader.finish();
    let (refused, notice) = match (read, currency, donor, starts_on, ends_on) {
        (Ok(()), Some(currency), Some(donor), Some(starts_on), Some(ends_on)) => {
            let entry = GrantEntry {
                code: fields.get("code").to_owned(),
                title: fields.get("title").to_owned(),
                donor,
                currency,
                starts_on,
                ends_on,
                lines,
            };
            let actor = &signed_in.session.actor;
            match state
                .app
                .create_grant(actor, entry, signed_in.visit.now)
                .await
            {
                Ok(_) => return Ok(Redirect::to("/grants?saved=grant").into_response()),
                Err(AppError::Invalid(problems)) => (problems, None),
                Err(AppError::Conflict(Conflict::GrantCodeTaken)) => {
                    (Vec::new(), Some("grant-code-taken"))
                }
                Err(other) => return Err(other.into()),
            }
        }
        (read, ..) => (read.err().unwrap_or_default(), None),
    };
    let ui = Ui::new(&state.app, &signed_in.visit, Some(&signed_in.user));
    let notice = notice.map(|key| ui.t(key));
    let page = new_form(&state, &signed_in, ui, &fields, &refused, &rows, notice).await?;
    let status = if page.notice.is_some() {
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, page).into_response())
}

/// The form creating a grant, filled in with `fields`, each of `found` beside its field.
async fn new_form(
    state: &WebState,
    signed_in: &SignedIn,
    ui: Ui,
    fields: &Fields,
    found: &[FieldProblem],
    rows_of_lines: &[usize],
    notice: Option<String>,
) -> Result<GrantFormPage, PageError> {
    let actor = &signed_in.session.actor;
    let organizations = Organizations::read(&state.app, actor, signed_in.visit.now).await?;
    let (problems, row_problems) = sort_problems(found, rows_of_lines, &ui);
    let form = FormView::new(&ui, fields, &problems, "grant");
    let currencies = choices(
        Currency::ALL,
        |c| c.as_str().to_owned(),
        |c| c.as_str().to_owned(),
    );
    let count = rows_sent(fields).max(NEW_ROWS - 1) + 1;
    Ok(GrantFormPage {
        heading: ui.t("grant-new-title"),
        action: "/grants/new".to_owned(),
        button: ui.t("grant-new-button"),
        refused: !found.is_empty() || notice.is_some(),
        notice,
        version: None,
        code: Some(
            form.text("code", "grant-code")
                .ltr(None)
                .hint(ui.t("grant-code-hint"))
                .required(),
        ),
        title: form.text("title", "grant-title").required(),
        donor: Some(
            form.select(
                "donor_organization_id",
                "grant-donor",
                ungrouped(
                    organizations
                        .choices(&[OrganizationKind::Donor], None, &ui)
                        .into_iter()
                        .flat_map(|group| group.choices)
                        .collect(),
                ),
            )
            .empty(ui.t("choose-one"))
            .required(),
        ),
        currency: Some(
            form.select("currency", "grant-currency", ungrouped(currencies))
                .required(),
        ),
        fixed_currency: None,
        starts_on: form.date("starts_on", "grant-starts-on").required(),
        ends_on: form.date("ends_on", "grant-ends-on").required(),
        lines_problem: problems.get("budget_lines").cloned(),
        rows: rows(&ui, fields, count, 0, &row_problems),
        ui,
    })
}

/// The grant in the address, as the app gives it to the person.
async fn grant_of(state: &WebState, signed_in: &SignedIn, id: &str) -> Result<Grant, PageError> {
    let id = GrantId(parse_id(id)?);
    Ok(state
        .app
        .grant(&signed_in.session.actor, id, signed_in.visit.now)
        .await?)
}

/// The edit form's fields as the grant is: its title, period and lines.
fn fields_of(grant: &Grant, ui: &Ui) -> Fields {
    let mut values = vec![
        ("title", grant.title.clone()),
        ("starts_on", ui.date_input(grant.starts_on)),
        ("ends_on", ui.date_input(grant.ends_on)),
    ];
    let mut names = Vec::new();
    for (i, line) in grant.budget_lines.iter().enumerate() {
        let [code, name, amount] = row_names(i);
        let typed = typed_amount(line.amount_minor, grant.currency);
        names.push((code, line.code.clone()));
        names.push((name, line.name.clone()));
        names.push((amount, typed));
    }
    let owned: Vec<(String, String)> = values
        .drain(..)
        .map(|(k, v)| (k.to_owned(), v))
        .chain(names)
        .collect();
    let borrowed: Vec<(&str, String)> =
        owned.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    Fields::with(&borrowed)
}

/// An amount as one would type it: digits and the decimal point only, which the amount
/// field reads back in every language.
pub(crate) fn typed_amount(amount_minor: i64, currency: Currency) -> String {
    let places = currency.minor_digits();
    if places == 0 {
        return amount_minor.to_string();
    }
    let divisor = 10_i64.pow(places);
    format!(
        "{}.{:0width$}",
        amount_minor / divisor,
        amount_minor % divisor,
        width = places as usize
    )
}

/// `GET /grants/{id}/edit`.
pub(crate) async fn edit(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    // Whoever may not change grants is refused (and the refusal audited) before the grant
    // is read: the same answer for every id.
    state
        .app
        .authorize(
            &signed_in.session.actor,
            UseCase::ChangeGrant,
            signed_in.visit.now,
        )
        .await?;
    let grant = grant_of(&state, &signed_in, &id).await?;
    let ui = Ui::new(&state.app, &signed_in.visit, Some(&signed_in.user));
    let fields = fields_of(&grant, &ui);
    Ok(edit_form(ui, &grant, &fields, &[], &[], None).into_response())
}

/// `POST /grants/{id}/edit`: changes the grant as of the version read.
pub(crate) async fn change(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    fields: Fields,
) -> Result<Response, PageError> {
    let grant = grant_of(&state, &signed_in, &id).await?;
    let mut reader = Reader::new(&fields);
    let starts_on = reader.date("starts_on");
    let ends_on = reader.date("ends_on");
    let version = reader.optional_number::<i64>("version");
    let (mut lines, rows) = read_lines(&fields, Some(grant.currency), &mut reader);
    // The existing lines keep their codes whatever the form sent for them.
    for (line, row) in lines.iter_mut().zip(&rows) {
        if let Some(existing) = grant.budget_lines.get(*row) {
            line.code.clone_from(&existing.code);
        }
    }
    let read = reader.finish();
    let (refused, notice) = match read {
        Ok(()) => {
            let change = GrantChange {
                expected_version: version.unwrap_or(grant.version),
                title: Some(fields.get("title").to_owned()),
                starts_on,
                ends_on,
                lines,
            };
            let actor = &signed_in.session.actor;
            match state
                .app
                .change_grant(actor, grant.id, change, signed_in.visit.now)
                .await
            {
                Ok(_) => return Ok(Redirect::to("/grants?saved=grant").into_response()),
                Err(AppError::Invalid(problems)) => (problems, None),
                Err(AppError::VersionMismatch) => (Vec::new(), Some("grant-changed-meanwhile")),
                Err(AppError::Conflict(Conflict::ChargedMeanwhile)) => {
                    (Vec::new(), Some("grant-charged-meanwhile"))
                }
                Err(other) => return Err(other.into()),
            }
        }
        Err(problems) => (problems, None),
    };
    let ui = Ui::new(&state.app, &signed_in.visit, Some(&signed_in.user));
    let notice = notice.map(|key| ui.t(key));
    let status = if notice.is_some() {
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = edit_form(ui, &grant, &fields, &refused, &rows, notice);
    Ok((status, page).into_response())
}

/// The form changing `grant`, filled in with `fields`, each of `found` beside its field.
fn edit_form(
    ui: Ui,
    grant: &Grant,
    fields: &Fields,
    found: &[FieldProblem],
    rows_of_lines: &[usize],
    notice: Option<String>,
) -> GrantFormPage {
    let (problems, row_problems) = sort_problems(found, rows_of_lines, &ui);
    let form = FormView::new(&ui, fields, &problems, "grant");
    let existing = grant.budget_lines.len();
    let count = rows_sent(fields).max(existing) + ADDED_ROWS;
    // An existing line's code is shown as it is, whatever was sent for it.
    let mut rows = rows(&ui, fields, count, existing, &row_problems);
    for (row, line) in rows.iter_mut().zip(&grant.budget_lines) {
        row.code.value.clone_from(&line.code);
    }
    GrantFormPage {
        heading: ui.t1("grant-edit-title", "code", &grant.code),
        action: format!("/grants/{}/edit", grant.id.0),
        button: ui.t("grant-edit-button"),
        refused: !found.is_empty() || notice.is_some(),
        notice,
        version: Some(grant.version),
        code: None,
        title: form.text("title", "grant-title").required(),
        donor: None,
        currency: None,
        fixed_currency: Some(grant.currency.as_str().to_owned()),
        starts_on: form.date("starts_on", "grant-starts-on").required(),
        ends_on: form.date("ends_on", "grant-ends-on").required(),
        lines_problem: problems.get("budget_lines").cloned(),
        rows,
        ui,
    }
}
