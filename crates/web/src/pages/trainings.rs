//! Trainings: `/trainings` (the list, newest first), `/trainings/{id}` (one, with its
//! participants by organisation), and the forms recording one (`/trainings/new`) and
//! changing it (`/trainings/{id}/edit`). Participants are rows of a table — an
//! organisation and how many women and men it sent — with empty rows to fill in and a
//! button that adds more without JavaScript. Ministry readers get the app's view, which
//! has no cost.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use panah_app::{AppError, TrainingChange, TrainingEntry, UseCase};
use panah_domain::{
    FieldProblem, OrganizationId, Participants, Province, Training, TrainingId, TrainingTopic,
};
use serde::Deserialize;
use uuid::Uuid;

use super::activities::{
    self, CostInputs, Refused, TRAINING_ORGANIZATIONS, chosen_line, shown_cost,
};
use super::case_file::{Fact, date_fact, fact};
use super::cases::province_choices;
use super::grants::typed_amount;
use super::{SignedIn, parse_id};
use crate::WebState;
use crate::dates::ShownDate;
use crate::errors::PageError;
use crate::form::{Fields, Reader};
use crate::organizations::Organizations;
use crate::ui::Ui;
use crate::widgets::{Choice, FormView, Group, Input, Problems, Select, ungrouped};
use crate::{numbers, problems};

/// How many trainings one page of the list shows.
const LISTED: u32 = 50;
/// Empty participant rows under those filled in, and how many "add rows" adds.
const EMPTY_ROWS: usize = 3;
/// The most participant rows a form may have: a training of more organisations than this
/// is recorded over the API.
const MAX_ROWS: usize = 60;
/// The form's fields outside the participant rows, by the names the app gives their
/// problems; a problem naming none of them is shown with the first.
const FIELDS: &[&str] = &[
    "title",
    "topic",
    "province",
    "starts_on",
    "ends_on",
    "organizer_organization_id",
    "participants",
    "cost",
    "currency",
    "budget_line_id",
];

/// Women and men who took part, in the page's digits.
fn counted(participants: &[Participants], ui: &Ui) -> (String, String) {
    let female: u32 = participants.iter().map(|p| p.female).sum();
    let male: u32 = participants.iter().map(|p| p.male).sum();
    (
        numbers::local_digits(&female.to_string(), ui.language),
        numbers::local_digits(&male.to_string(), ui.language),
    )
}

// ---------------------------------------------------------------------------------------
// The list

struct Row {
    href: String,
    title: String,
    topic: String,
    province: String,
    starts_on: ShownDate,
    ends_on: ShownDate,
    female: String,
    male: String,
    cost: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "trainings.html")]
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

/// `GET /trainings`.
pub(crate) async fn list(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Query(query): Query<ListQuery>,
) -> Result<Response, PageError> {
    let app = &state.app;
    let actor = &signed_in.session.actor;
    let now = signed_in.visit.now;
    let ui = Ui::new(app, &signed_in.visit, Some(&signed_in.user));
    let before = query.before.parse::<Uuid>().ok().map(TrainingId);
    let page = app.list_trainings(actor, before, LISTED, now).await?;
    let rows = page
        .items
        .iter()
        .map(|training| {
            let (female, male) = counted(&training.participants, &ui);
            Row {
                href: format!("/trainings/{}", training.id),
                title: training.title.clone(),
                topic: ui.term("training-topic", training.topic.as_str()),
                province: ui.term("province", training.province.code()),
                starts_on: ui.date(&training.starts_on),
                ends_on: ui.date(&training.ends_on),
                female,
                male,
                cost: shown_cost(training.cost, &ui),
            }
        })
        .collect();
    let next = page
        .items
        .last()
        .filter(|_| page.more)
        .map(|last| format!("/trainings?before={}", last.id));
    Ok(ListPage {
        rows,
        shows_cost: app.sees_activity_costs(actor),
        may_record: app.permits(actor, UseCase::RecordTraining),
        saved: query.saved == "training",
        next,
        ui,
    }
    .into_response())
}

// ---------------------------------------------------------------------------------------
// One training

struct ParticipantRow {
    organization: String,
    female: String,
    male: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "training.html")]
struct TrainingPage {
    ui: Ui,
    title: String,
    facts: Vec<Fact>,
    participants: Vec<ParticipantRow>,
    female: String,
    male: String,
    edit: Option<String>,
    saved: bool,
}

/// `GET /trainings/{id}`.
pub(crate) async fn show(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Query(query): Query<ListQuery>,
) -> Result<Response, PageError> {
    let id = TrainingId(parse_id(&id)?);
    let app = &state.app;
    let actor = &signed_in.session.actor;
    let now = signed_in.visit.now;
    let training = app.read_training(actor, id, now).await?;
    let ui = Ui::new(app, &signed_in.visit, Some(&signed_in.user));
    let organizations = Organizations::read(app, actor, now).await?;
    let mut facts = vec![
        fact(
            ui.t("training-topic"),
            ui.term("training-topic", training.topic.as_str()),
        ),
        fact(
            ui.t("activity-province"),
            ui.term("province", training.province.code()),
        ),
        date_fact(ui.t("training-starts-on"), ui.date(&training.starts_on)),
        date_fact(ui.t("training-ends-on"), ui.date(&training.ends_on)),
        fact(
            ui.t("training-organizer"),
            organizations.name(training.organizer_organization_id, &ui),
        ),
    ];
    if app.sees_activity_costs(actor) {
        facts.push(fact(
            ui.t("activity-cost"),
            shown_cost(training.cost, &ui).unwrap_or_else(|| ui.t("not-recorded")),
        ));
    }
    let (female, male) = counted(&training.participants, &ui);
    Ok(TrainingPage {
        title: training.title.clone(),
        facts,
        participants: training
            .participants
            .iter()
            .map(|p| ParticipantRow {
                organization: organizations.name(p.organization_id, &ui),
                female: numbers::local_digits(&p.female.to_string(), ui.language),
                male: numbers::local_digits(&p.male.to_string(), ui.language),
            })
            .collect(),
        female,
        male,
        edit: app
            .permits(actor, UseCase::ChangeTraining)
            .then(|| format!("/trainings/{}/edit", training.id)),
        saved: query.saved == "training",
        ui,
    }
    .into_response())
}

// ---------------------------------------------------------------------------------------
// The forms

/// An input of a participant row.
struct RowInput {
    id: String,
    name: String,
    value: String,
    /// Its label, read by screen readers; the table's column heading shows it.
    label: String,
}

/// A participant row: the organisation, women and men, and its problem.
struct ParticipantInputs {
    number: String,
    organization: RowInput,
    choices: Vec<Group>,
    female: RowInput,
    male: RowInput,
    problem: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "training_form.html")]
struct FormPage {
    ui: Ui,
    heading: String,
    action: String,
    button: String,
    refused: bool,
    notice: Option<String>,
    version: Option<i64>,
    title: Input,
    topic: Select,
    province: Select,
    starts_on: Input,
    ends_on: Input,
    organizer: Select,
    participants_problem: Option<String>,
    /// How many rows the form has, sent back so that "add rows" adds to them.
    row_count: usize,
    rows: Vec<ParticipantInputs>,
    cost: CostInputs,
}

/// The names of row `i`'s three fields.
fn row_names(i: usize) -> [String; 3] {
    [
        format!("participant-{i}-organization"),
        format!("participant-{i}-female"),
        format!("participant-{i}-male"),
    ]
}

/// How many rows the form sent with anything in them: one past the last such row.
fn rows_sent(fields: &Fields) -> usize {
    (0..MAX_ROWS)
        .filter(|i| {
            row_names(*i)
                .iter()
                .any(|name| !fields.get(name).trim().is_empty())
        })
        .map(|i| i + 1)
        .max()
        .unwrap_or(0)
}

/// The participants of the rows filled in, each with its row; a row's counts without
/// its organisation are refused beside the row.
fn read_rows(fields: &Fields, reader: &mut Reader<'_>) -> (Vec<Participants>, Vec<usize>) {
    let mut participants = Vec::new();
    let mut rows = Vec::new();
    for i in 0..rows_sent(fields) {
        let [organization, female, male] = row_names(i);
        if [&organization, &female, &male]
            .iter()
            .all(|name| fields.get(name).trim().is_empty())
        {
            continue;
        }
        let organization = reader.choice::<Uuid>(&organization);
        let female = reader.optional_number::<u32>(&female).unwrap_or(0);
        let male = reader.optional_number::<u32>(&male).unwrap_or(0);
        if let Some(organization) = organization {
            participants.push(Participants {
                organization_id: OrganizationId(organization),
                female,
                male,
            });
            rows.push(i);
        }
    }
    (participants, rows)
}

/// The problems of a refused form: those of its fields by name, and those of each row
/// (`rows` maps the app's participant numbers to the form's rows).
fn sort_problems(
    found: &[FieldProblem],
    rows: &[usize],
    ui: &Ui,
) -> (Vec<FieldProblem>, Vec<Option<String>>) {
    let mut fields = Vec::new();
    let mut by_row: Vec<Option<String>> = Vec::new();
    for problem in found {
        let row = problem
            .field
            .strip_prefix("participants[")
            .and_then(|rest| rest.split_once(']'))
            .and_then(|(n, _)| n.parse::<usize>().ok())
            .and_then(|n| rows.get(n).copied())
            .or_else(|| {
                problem
                    .field
                    .strip_prefix("participant-")
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
    (fields, by_row)
}

/// What a form page needs besides its heading: filled in with `fields`, `problems`
/// beside the fields and `row_problems` beside the rows, `count` rows.
#[allow(clippy::too_many_arguments)]
async fn form_page(
    state: &WebState,
    signed_in: &SignedIn,
    ui: Ui,
    (heading, action, button): (String, String, String),
    version: Option<i64>,
    fields: &Fields,
    (problems, row_problems): (&Problems, &[Option<String>]),
    notice: Option<String>,
) -> Result<FormPage, PageError> {
    let app = &state.app;
    let actor = &signed_in.session.actor;
    let now = signed_in.visit.now;
    let organizations = Organizations::read(app, actor, now).await?;
    let form = FormView::new(&ui, fields, problems, "training");
    let cost = activities::cost_inputs(app, actor, &form, &ui, now).await?;
    let asked = fields
        .get("rows")
        .parse::<usize>()
        .unwrap_or(0)
        .min(MAX_ROWS);
    let more = if fields.get("more") == "rows" {
        EMPTY_ROWS
    } else {
        0
    };
    let count = (rows_sent(fields) + EMPTY_ROWS)
        .max(asked + more)
        .min(MAX_ROWS);
    let choices = organizations.choices(&TRAINING_ORGANIZATIONS, None, &ui);
    let rows = (0..count)
        .map(|i| {
            let number = ui.number(i + 1);
            let row_label = ui.t1("training-participant-row", "row", &number);
            let input = |name: String, label: &str| RowInput {
                id: format!("training-{name}"),
                value: fields.get(&name).to_owned(),
                label: format!("{row_label}: {}", ui.t(label)),
                name,
            };
            let [organization, female, male] = row_names(i);
            let organization = input(organization, "training-participant-organization");
            let chosen = organization.value.clone();
            ParticipantInputs {
                number,
                choices: choices
                    .iter()
                    .map(|group| Group {
                        label: group.label.clone(),
                        choices: group
                            .choices
                            .iter()
                            .map(|c| Choice {
                                chosen: c.value == chosen,
                                ..c.clone()
                            })
                            .collect(),
                    })
                    .collect(),
                organization,
                female: input(female, "training-participant-female"),
                male: input(male, "training-participant-male"),
                problem: row_problems.get(i).cloned().flatten(),
            }
        })
        .collect();
    Ok(FormPage {
        heading,
        action,
        button,
        refused: !problems.is_empty()
            || row_problems.iter().any(Option::is_some)
            || notice.is_some(),
        notice,
        version,
        title: form.text("title", "training-title").required(),
        topic: form
            .select(
                "topic",
                "training-topic",
                ungrouped(ui.terms("training-topic", TrainingTopic::ALL)),
            )
            .empty(ui.t("choose-one"))
            .required(),
        province: form
            .select(
                "province",
                "activity-province",
                ungrouped(province_choices(&ui)),
            )
            .empty(ui.t("choose-one"))
            .required(),
        starts_on: form.date("starts_on", "training-starts-on").required(),
        ends_on: form.date("ends_on", "training-ends-on").required(),
        organizer: form
            .select(
                "organizer_organization_id",
                "training-organizer",
                organizations.choices(&TRAINING_ORGANIZATIONS, None, &ui),
            )
            .empty(ui.t("choose-one"))
            .required(),
        participants_problem: problems.get("participants").cloned(),
        row_count: count,
        rows,
        cost,
        ui,
    })
}

/// The training the form describes, or every field that cannot be read; with the form's
/// row of each participant.
fn read(fields: &Fields) -> (Result<TrainingEntry, Vec<FieldProblem>>, Vec<usize>) {
    let mut reader = Reader::new(fields);
    let topic = reader.choice::<TrainingTopic>("topic");
    let province = reader.choice::<Province>("province");
    let starts_on = reader.date("starts_on");
    let ends_on = reader.date("ends_on");
    let organizer = reader
        .choice::<Uuid>("organizer_organization_id")
        .map(OrganizationId);
    let (participants, rows) = read_rows(fields, &mut reader);
    let cost = reader.optional_cost("cost", "currency");
    let budget_line_id = chosen_line(&mut reader);
    let entry = match (
        reader.finish(),
        topic,
        province,
        starts_on,
        ends_on,
        organizer,
    ) {
        (Ok(()), Some(topic), Some(province), Some(starts_on), Some(ends_on), Some(organizer)) => {
            Ok(TrainingEntry {
                title: fields.get("title").to_owned(),
                topic,
                province,
                starts_on,
                ends_on,
                organizer,
                participants,
                cost,
                budget_line_id,
            })
        }
        (found, ..) => Err(found.err().unwrap_or_default()),
    };
    (entry, rows)
}

/// The form sent back: with its problems, or with more rows when "add rows" was pressed.
#[allow(clippy::too_many_arguments)]
async fn sent_back(
    state: &WebState,
    signed_in: &SignedIn,
    texts: (String, String, String),
    version: Option<i64>,
    fields: &Fields,
    refused: &Refused,
    rows: &[usize],
    notice: Option<String>,
) -> Result<Response, PageError> {
    let ui = Ui::new(&state.app, &signed_in.visit, Some(&signed_in.user));
    let (field_problems, row_problems) = sort_problems(&refused.found, rows, &ui);
    let problems = refused.problems(&field_problems, FIELDS, &ui);
    let status = if notice.is_some() {
        StatusCode::CONFLICT
    } else if refused.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = form_page(
        state,
        signed_in,
        ui,
        texts,
        version,
        fields,
        (&problems, &row_problems),
        notice,
    )
    .await?;
    Ok((status, page).into_response())
}

fn new_texts(ui: &Ui) -> (String, String, String) {
    (
        ui.t("training-new-title"),
        "/trainings/new".to_owned(),
        ui.t("training-new-button"),
    )
}

fn edit_texts(ui: &Ui, training: &Training) -> (String, String, String) {
    (
        ui.t1("training-edit-title", "title", &training.title),
        format!("/trainings/{}/edit", training.id),
        ui.t("training-edit-button"),
    )
}

/// `GET /trainings/new`.
pub(crate) async fn new(
    State(state): State<WebState>,
    signed_in: SignedIn,
) -> Result<Response, PageError> {
    state
        .app
        .authorize(
            &signed_in.session.actor,
            UseCase::RecordTraining,
            signed_in.visit.now,
        )
        .await?;
    let ui = Ui::new(&state.app, &signed_in.visit, Some(&signed_in.user));
    let today = ui.date_input(signed_in.visit.now.date());
    let fields = Fields::with(&[("starts_on", today.clone()), ("ends_on", today)]);
    let texts = new_texts(&ui);
    let page = form_page(
        &state,
        &signed_in,
        ui,
        texts,
        None,
        &fields,
        (&Problems::new(), &[]),
        None,
    )
    .await?;
    Ok(page.into_response())
}

/// `POST /trainings/new`: records the training, then shows it.
pub(crate) async fn record(
    State(state): State<WebState>,
    signed_in: SignedIn,
    fields: Fields,
) -> Result<Response, PageError> {
    // Whoever may not record trainings is refused (and the refusal audited) before the
    // form is read.
    state
        .app
        .authorize(
            &signed_in.session.actor,
            UseCase::RecordTraining,
            signed_in.visit.now,
        )
        .await?;
    let ui = Ui::new(&state.app, &signed_in.visit, Some(&signed_in.user));
    let texts = new_texts(&ui);
    if fields.get("more") == "rows" {
        let nothing = Refused::default();
        return sent_back(
            &state,
            &signed_in,
            texts,
            None,
            &fields,
            &nothing,
            &[],
            None,
        )
        .await;
    }
    let (entry, rows) = read(&fields);
    let refused = match entry {
        Ok(entry) => match state
            .app
            .record_training(&signed_in.session.actor, entry, signed_in.visit.now)
            .await
        {
            Ok(training) => {
                return Ok(
                    Redirect::to(&format!("/trainings/{}?saved=training", training.id))
                        .into_response(),
                );
            }
            Err(error) => activities::refusals(error)?,
        },
        Err(found) => Refused::of(found),
    };
    sent_back(
        &state, &signed_in, texts, None, &fields, &refused, &rows, None,
    )
    .await
}

/// The edit form's fields as the training is.
fn fields_of(training: &Training, ui: &Ui) -> Fields {
    let mut values: Vec<(String, String)> = vec![
        ("title".into(), training.title.clone()),
        ("topic".into(), training.topic.to_string()),
        ("province".into(), training.province.code().to_owned()),
        ("starts_on".into(), ui.date_input(training.starts_on)),
        ("ends_on".into(), ui.date_input(training.ends_on)),
        (
            "organizer_organization_id".into(),
            training.organizer_organization_id.0.to_string(),
        ),
    ];
    if let Some(cost) = training.cost {
        values.push((
            "cost".into(),
            typed_amount(cost.amount_minor, cost.currency),
        ));
        values.push(("currency".into(), cost.currency.to_string()));
    }
    if let Some(line) = training.budget_line_id {
        values.push(("budget_line_id".into(), line.0.to_string()));
    }
    for (i, p) in training.participants.iter().enumerate() {
        let [organization, female, male] = row_names(i);
        values.push((organization, p.organization_id.0.to_string()));
        values.push((female, p.female.to_string()));
        values.push((male, p.male.to_string()));
    }
    let borrowed: Vec<(&str, String)> = values
        .iter()
        .map(|(k, v)| (k.as_str(), v.clone()))
        .collect();
    Fields::with(&borrowed)
}

async fn training_of(
    state: &WebState,
    signed_in: &SignedIn,
    id: &str,
) -> Result<Training, PageError> {
    let id = TrainingId(parse_id(id)?);
    state
        .app
        .authorize(
            &signed_in.session.actor,
            UseCase::ChangeTraining,
            signed_in.visit.now,
        )
        .await?;
    Ok(state
        .app
        .read_training(&signed_in.session.actor, id, signed_in.visit.now)
        .await?)
}

/// `GET /trainings/{id}/edit`.
pub(crate) async fn edit(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let training = training_of(&state, &signed_in, &id).await?;
    let ui = Ui::new(&state.app, &signed_in.visit, Some(&signed_in.user));
    let fields = fields_of(&training, &ui);
    let texts = edit_texts(&ui, &training);
    let page = form_page(
        &state,
        &signed_in,
        ui,
        texts,
        Some(training.version),
        &fields,
        (&Problems::new(), &[]),
        None,
    )
    .await?;
    Ok(page.into_response())
}

/// `POST /trainings/{id}/edit`: changes the training as of the version read.
pub(crate) async fn change(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    fields: Fields,
) -> Result<Response, PageError> {
    let training = training_of(&state, &signed_in, &id).await?;
    let ui = Ui::new(&state.app, &signed_in.visit, Some(&signed_in.user));
    let texts = edit_texts(&ui, &training);
    let version = numbers::ascii_digits(fields.get("version"))
        .parse::<i64>()
        .unwrap_or(training.version);
    if fields.get("more") == "rows" {
        let nothing = Refused::default();
        return sent_back(
            &state,
            &signed_in,
            texts,
            Some(version),
            &fields,
            &nothing,
            &[],
            None,
        )
        .await;
    }
    let (entry, rows) = read(&fields);
    let mut notice = None;
    let refused = match entry {
        Ok(entry) => {
            let change = TrainingChange {
                expected_version: version,
                title: Some(entry.title),
                topic: Some(entry.topic),
                province: Some(entry.province),
                starts_on: Some(entry.starts_on),
                ends_on: Some(entry.ends_on),
                organizer: Some(entry.organizer),
                participants: Some(entry.participants),
                cost: Some(entry.cost),
                budget_line_id: Some(entry.budget_line_id),
            };
            match state
                .app
                .change_training(
                    &signed_in.session.actor,
                    training.id,
                    change,
                    signed_in.visit.now,
                )
                .await
            {
                Ok(_) => {
                    return Ok(
                        Redirect::to(&format!("/trainings/{}?saved=training", training.id))
                            .into_response(),
                    );
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
        texts,
        Some(version),
        &fields,
        &refused,
        &rows,
        notice,
    )
    .await
}
