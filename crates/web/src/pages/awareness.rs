//! Awareness activities: `/awareness-activities` (the list, newest first, every field of
//! each: the Ministry's readers get the app's view, which has no cost) and the forms
//! recording one (`/awareness-activities/new`) and changing it
//! (`/awareness-activities/{id}/edit`).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use panah_app::{AppError, AwarenessChange, AwarenessEntry, UseCase};
use panah_domain::{
    AwarenessActivity, AwarenessChannel, AwarenessId, FieldProblem, OrganizationId,
    OrganizationKind, Province,
};
use serde::Deserialize;
use uuid::Uuid;

use super::activities::{self, CostInputs, Refused, chosen_line, shown_cost};
use super::cases::province_choices;
use super::grants::typed_amount;
use super::{SignedIn, parse_id};
use crate::WebState;
use crate::dates::ShownDate;
use crate::errors::PageError;
use crate::form::{Fields, Reader};
use crate::numbers;
use crate::organizations::Organizations;
use crate::ui::Ui;
use crate::widgets::{FormView, Input, Select, ungrouped};

/// How many activities one page of the list shows.
const LISTED: u32 = 50;
/// The form's fields, by the names the app gives their problems.
const FIELDS: &[&str] = &[
    "province",
    "date",
    "channel",
    "partner_organization_id",
    "estimated_reach",
    "description",
    "cost",
    "currency",
    "budget_line_id",
];

struct Row {
    date: ShownDate,
    province: String,
    channel: String,
    partner: Option<String>,
    reach: String,
    description: Option<String>,
    cost: Option<String>,
    edit: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "awareness.html")]
struct ListPage {
    ui: Ui,
    rows: Vec<Row>,
    shows_cost: bool,
    may_record: bool,
    saved: bool,
    next: Option<String>,
}

/// The list's address: where the page starts, and `saved` after a form was done.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ListQuery {
    #[serde(default)]
    before: String,
    #[serde(default)]
    saved: String,
}

/// `GET /awareness-activities`.
pub(crate) async fn list(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Query(query): Query<ListQuery>,
) -> Result<Response, PageError> {
    let app = &state.app;
    let actor = &signed_in.session.actor;
    let now = signed_in.visit.now;
    let ui = Ui::new(app, &signed_in.visit, Some(&signed_in.user));
    let before = query.before.parse::<Uuid>().ok().map(AwarenessId);
    let page = app.list_awareness(actor, before, LISTED, now).await?;
    let organizations = Organizations::read(app, actor, now).await?;
    let may_change = app.permits(actor, UseCase::ChangeAwareness);
    let rows = page
        .items
        .iter()
        .map(|activity| Row {
            date: ui.date(&activity.date),
            province: ui.term("province", activity.province.code()),
            channel: ui.term("awareness-channel", activity.channel.as_str()),
            partner: activity
                .partner_organization_id
                .map(|partner| organizations.name(partner, &ui)),
            reach: numbers::local_digits(&activity.estimated_reach.to_string(), ui.language),
            description: activity.description.clone(),
            cost: shown_cost(activity.cost, &ui),
            edit: may_change.then(|| format!("/awareness-activities/{}/edit", activity.id)),
        })
        .collect();
    let next = page
        .items
        .last()
        .filter(|_| page.more)
        .map(|last| format!("/awareness-activities?before={}", last.id));
    Ok(ListPage {
        rows,
        shows_cost: app.sees_activity_costs(actor),
        may_record: app.permits(actor, UseCase::RecordAwareness),
        saved: query.saved == "activity",
        next,
        ui,
    }
    .into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "awareness_form.html")]
struct FormPage {
    ui: Ui,
    heading: String,
    action: String,
    button: String,
    refused: bool,
    notice: Option<String>,
    version: Option<i64>,
    province: Select,
    date: Input,
    channel: Select,
    partner: Select,
    reach: Input,
    description: Input,
    cost: CostInputs,
}

/// The form, filled in with `fields`, each problem beside its field.
async fn form_page(
    state: &WebState,
    signed_in: &SignedIn,
    (heading, action, button): (String, String, String),
    version: Option<i64>,
    fields: &Fields,
    refused: &Refused,
    notice: Option<String>,
) -> Result<FormPage, PageError> {
    let app = &state.app;
    let actor = &signed_in.session.actor;
    let now = signed_in.visit.now;
    let ui = Ui::new(app, &signed_in.visit, Some(&signed_in.user));
    let organizations = Organizations::read(app, actor, now).await?;
    let problems = refused.problems(&refused.found, FIELDS, &ui);
    let form = FormView::new(&ui, fields, &problems, "awareness");
    let cost = activities::cost_inputs(app, actor, &form, &ui, now).await?;
    Ok(FormPage {
        heading,
        action,
        button,
        refused: !problems.is_empty() || notice.is_some(),
        notice,
        version,
        province: form
            .select(
                "province",
                "activity-province",
                ungrouped(province_choices(&ui)),
            )
            .empty(ui.t("choose-one"))
            .required(),
        date: form.date("date", "awareness-date").required(),
        channel: form
            .select(
                "channel",
                "awareness-channel",
                ungrouped(ui.terms("awareness-channel", AwarenessChannel::ALL)),
            )
            .empty(ui.t("choose-one"))
            .required(),
        partner: form
            .select(
                "partner_organization_id",
                "awareness-partner",
                organizations.choices(&[OrganizationKind::MoiProvincial], None, &ui),
            )
            .empty(ui.t("not-recorded"))
            .hint(ui.t("awareness-partner-hint")),
        reach: form
            .text("estimated_reach", "awareness-reach")
            .ltr(Some("numeric"))
            .required(),
        description: form.area("description", "awareness-description"),
        cost,
        ui,
    })
}

/// The activity the form describes, or every field that cannot be read.
fn read(fields: &Fields) -> Result<AwarenessEntry, Vec<FieldProblem>> {
    let mut reader = Reader::new(fields);
    let province = reader.choice::<Province>("province");
    let date = reader.date("date");
    let channel = reader.choice::<AwarenessChannel>("channel");
    let partner = reader
        .optional_choice::<Uuid>("partner_organization_id")
        .map(OrganizationId);
    let reach = reader.optional_number::<u32>("estimated_reach");
    if fields.get("estimated_reach").trim().is_empty() {
        reader.refuse(FieldProblem::coded(
            "estimated_reach",
            "required",
            "is required",
        ));
    }
    let description = reader.text("description");
    let cost = reader.optional_cost("cost", "currency");
    let budget_line_id = chosen_line(&mut reader);
    reader.finish()?;
    match (province, date, channel, reach) {
        (Some(province), Some(date), Some(channel), Some(estimated_reach)) => Ok(AwarenessEntry {
            province,
            date,
            channel,
            partner,
            estimated_reach,
            description,
            cost,
            budget_line_id,
        }),
        // Each of these adds its problem when it is missing.
        _ => Err(vec![FieldProblem::coded(
            "province",
            "choose_one",
            "choose one",
        )]),
    }
}

/// The form sent back with why it was not done.
async fn sent_back(
    state: &WebState,
    signed_in: &SignedIn,
    texts: (String, String, String),
    version: Option<i64>,
    fields: &Fields,
    refused: &Refused,
    notice: Option<String>,
) -> Result<Response, PageError> {
    let status = if notice.is_some() {
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = form_page(state, signed_in, texts, version, fields, refused, notice).await?;
    Ok((status, page).into_response())
}

fn new_texts(ui: &Ui) -> (String, String, String) {
    (
        ui.t("awareness-new-title"),
        "/awareness-activities/new".to_owned(),
        ui.t("awareness-new-button"),
    )
}

fn edit_texts(ui: &Ui, activity: &AwarenessActivity) -> (String, String, String) {
    (
        ui.t("awareness-edit-title"),
        format!("/awareness-activities/{}/edit", activity.id),
        ui.t("awareness-edit-button"),
    )
}

/// `GET /awareness-activities/new`.
pub(crate) async fn new(
    State(state): State<WebState>,
    signed_in: SignedIn,
) -> Result<Response, PageError> {
    state
        .app
        .authorize(
            &signed_in.session.actor,
            UseCase::RecordAwareness,
            signed_in.visit.now,
        )
        .await?;
    let ui = Ui::new(&state.app, &signed_in.visit, Some(&signed_in.user));
    let fields = Fields::with(&[("date", ui.date_input(signed_in.visit.now.date()))]);
    let page = form_page(
        &state,
        &signed_in,
        new_texts(&ui),
        None,
        &fields,
        &Refused::default(),
        None,
    )
    .await?;
    Ok(page.into_response())
}

/// `POST /awareness-activities/new`: records the activity, then lists them.
pub(crate) async fn record(
    State(state): State<WebState>,
    signed_in: SignedIn,
    fields: Fields,
) -> Result<Response, PageError> {
    // Whoever may not record activities is refused (and the refusal audited) before the
    // form is read.
    state
        .app
        .authorize(
            &signed_in.session.actor,
            UseCase::RecordAwareness,
            signed_in.visit.now,
        )
        .await?;
    let refused = match read(&fields) {
        Ok(entry) => match state
            .app
            .record_awareness(&signed_in.session.actor, entry, signed_in.visit.now)
            .await
        {
            Ok(_) => {
                return Ok(Redirect::to("/awareness-activities?saved=activity").into_response());
            }
            Err(error) => activities::refusals(error)?,
        },
        Err(found) => Refused::of(found),
    };
    let ui = Ui::new(&state.app, &signed_in.visit, Some(&signed_in.user));
    sent_back(
        &state,
        &signed_in,
        new_texts(&ui),
        None,
        &fields,
        &refused,
        None,
    )
    .await
}

/// The edit form's fields as the activity is.
fn fields_of(activity: &AwarenessActivity, ui: &Ui) -> Fields {
    let mut values: Vec<(&str, String)> = vec![
        ("province", activity.province.code().to_owned()),
        ("date", ui.date_input(activity.date)),
        ("channel", activity.channel.to_string()),
        ("estimated_reach", activity.estimated_reach.to_string()),
        (
            "description",
            activity.description.clone().unwrap_or_default(),
        ),
    ];
    if let Some(partner) = activity.partner_organization_id {
        values.push(("partner_organization_id", partner.0.to_string()));
    }
    if let Some(cost) = activity.cost {
        values.push(("cost", typed_amount(cost.amount_minor, cost.currency)));
        values.push(("currency", cost.currency.to_string()));
    }
    if let Some(line) = activity.budget_line_id {
        values.push(("budget_line_id", line.0.to_string()));
    }
    Fields::with(&values)
}

async fn activity_of(
    state: &WebState,
    signed_in: &SignedIn,
    id: &str,
) -> Result<AwarenessActivity, PageError> {
    let id = AwarenessId(parse_id(id)?);
    state
        .app
        .authorize(
            &signed_in.session.actor,
            UseCase::ChangeAwareness,
            signed_in.visit.now,
        )
        .await?;
    Ok(state
        .app
        .read_awareness(&signed_in.session.actor, id, signed_in.visit.now)
        .await?)
}

/// `GET /awareness-activities/{id}/edit`.
pub(crate) async fn edit(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let activity = activity_of(&state, &signed_in, &id).await?;
    let ui = Ui::new(&state.app, &signed_in.visit, Some(&signed_in.user));
    let fields = fields_of(&activity, &ui);
    let page = form_page(
        &state,
        &signed_in,
        edit_texts(&ui, &activity),
        Some(activity.version),
        &fields,
        &Refused::default(),
        None,
    )
    .await?;
    Ok(page.into_response())
}

/// `POST /awareness-activities/{id}/edit`: changes the activity as of the version read.
pub(crate) async fn change(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    fields: Fields,
) -> Result<Response, PageError> {
    let activity = activity_of(&state, &signed_in, &id).await?;
    let ui = Ui::new(&state.app, &signed_in.visit, Some(&signed_in.user));
    let version = numbers::ascii_digits(fields.get("version"))
        .parse::<i64>()
        .unwrap_or(activity.version);
    let mut notice = None;
    let refused = match read(&fields) {
        Ok(entry) => {
            let change = AwarenessChange {
                expected_version: version,
                province: Some(entry.province),
                date: Some(entry.date),
                channel: Some(entry.channel),
                partner: Some(entry.partner),
                estimated_reach: Some(entry.estimated_reach),
                description: Some(entry.description),
                cost: Some(entry.cost),
                budget_line_id: Some(entry.budget_line_id),
            };
            match state
                .app
                .change_awareness(
                    &signed_in.session.actor,
                    activity.id,
                    change,
                    signed_in.visit.now,
                )
                .await
            {
                Ok(_) => {
                    return Ok(Redirect::to("/awareness-activities?saved=activity").into_response());
                }
                Err(AppError::VersionMismatch) => {
                    notice = Some(ui.t("activity-changed-meanwhile"));
                    Refused::default()
                }
                Err(error) => activities::refusals(error)?,
            }
        }
        Err(found) => Refused::of(found),
    };
    sent_back(
        &state,
        &signed_in,
        edit_texts(&ui, &activity),
        Some(version),
        &fields,
        &refused,
        notice,
    )
    .await
}
