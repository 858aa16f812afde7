//! Legal proceedings: `/proceedings` (the list, filtered by stage, province and law in the
//! address — none of them names anyone), `/proceedings/{id}` (a proceeding with its
//! history and a button for each stage move the app offers the reader) and
//! `/cases/{id}/proceedings/new` (opening one on a case). The receiving office of the
//! referral a proceeding follows sees exactly the app's view for it, which holds nothing
//! of the case file.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use panah_app::{
    AppError, Mailbox, ProceedingEntry, ProceedingFilter, ProceedingListed, ProceedingRecord,
    ReferralQuery, UseCase,
};
use panah_domain::{
    CaseId, FieldProblem, Law, LawCode, ProceedingId, ProceedingOutcome, ProceedingStage, Province,
    ReferralId, ReferralPurpose,
};
use serde::Deserialize;
use uuid::Uuid;

use super::case_file::{Fact, date_fact, fact};
use super::cases::province_choices;
use super::{SignedIn, parse_id};
use crate::WebState;
use crate::dates::ShownDate;
use crate::errors::{ErrorPage, PageError};
use crate::form::{Fields, Reader};
use crate::organizations::Organizations;
use crate::ui::Ui;
use crate::widgets::{Checks, Choice, FormView, Input, Problems, Select, ungrouped};
use crate::{i18n, numbers, problems};

/// How many proceedings one page of the list shows.
const LISTED: u32 = 50;

/// A law's name in the page's language: the seeded laws have theirs in every language;
/// a law added later goes by the title it was given.
fn law_name(ui: &Ui, code: &LawCode, laws: &[Law]) -> String {
    let key = format!("law-{}", code.as_str().replace('_', "-"));
    i18n::try_message(ui.language, &key).unwrap_or_else(|| {
        laws.iter()
            .find(|law| law.code == *code)
            .map_or_else(|| code.to_string(), |law| law.title.clone())
    })
}

/// A proceeding's articles as the page lists them: "5, 7", in the page's digits.
fn articles(ui: &Ui, record: &ProceedingRecord) -> String {
    if record.articles.is_empty() {
        return ui.t("not-recorded");
    }
    numbers::local_digits(&record.articles.join(", "), ui.language)
}

// ---------------------------------------------------------------------------------------
// The list

/// A proceeding in the list.
struct Row {
    href: String,
    law: String,
    articles: String,
    province: String,
    stage: String,
    outcome: Option<String>,
    reported_on: ShownDate,
    /// The case file, for IOM's side only.
    case_href: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "proceedings.html")]
struct ListPage {
    ui: Ui,
    filters: Vec<Select>,
    rows: Vec<Row>,
    /// The next page, keeping the filters.
    next: Option<String>,
}

/// The list's address: its filters and where the page starts. A value that is none of
/// the options is ignored, as if not given.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ListQuery {
    #[serde(default)]
    stage: String,
    #[serde(default)]
    province: String,
    #[serde(default)]
    law: String,
    #[serde(default)]
    before: String,
}

/// `GET /proceedings`.
pub(crate) async fn list(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Query(query): Query<ListQuery>,
) -> Result<Response, PageError> {
    let app = &state.app;
    let actor = &signed_in.session.actor;
    let now = signed_in.visit.now;
    let ui = Ui::new(app, &signed_in.visit, Some(&signed_in.user));
    let filter = ProceedingFilter {
        stage: query.stage.parse().ok(),
        province: query.province.parse().ok(),
        law: query.law.parse().ok(),
        case_id: None,
    };
    let before = query.before.parse::<Uuid>().ok().map(ProceedingId);
    let page = app
        .list_proceedings(actor, &filter, before, LISTED, now)
        .await?;
    let laws = app.laws(actor, now).await?;
    let rows = page.items.iter().map(|p| row(&ui, p, &laws)).collect();
    let next = page.items.last().filter(|_| page.more).map(|last| {
        let mut address = form_urlencoded::Serializer::new(String::new());
        for (name, value) in [
            ("stage", &query.stage),
            ("province", &query.province),
            ("law", &query.law),
        ] {
            if !value.is_empty() {
                address.append_pair(name, value);
            }
        }
        address.append_pair("before", &last.record().id.to_string());
        format!("/proceedings?{}", address.finish())
    });
    let fields = Fields::with(&[
        ("stage", query.stage.clone()),
        ("province", query.province.clone()),
        ("law", query.law.clone()),
    ]);
    let no_problems = Problems::new();
    let form = FormView::new(&ui, &fields, &no_problems, "filter");
    let mut filters = vec![
        form.select(
            "stage",
            "proceeding-stage",
            ungrouped(ui.terms("proceeding-stage", ProceedingStage::ALL)),
        )
        .empty(ui.t("filter-any")),
    ];
    // An office of one province follows that province's proceedings only.
    if signed_in.user.organization.province.is_none() {
        filters.push(
            form.select(
                "province",
                "proceeding-province",
                ungrouped(province_choices(&ui)),
            )
            .empty(ui.t("filter-any")),
        );
    }
    filters.push(
        form.select("law", "proceeding-law", ungrouped(law_choices(&ui, &laws)))
            .empty(ui.t("filter-any")),
    );
    Ok(ListPage {
        filters,
        rows,
        next,
        ui,
    }
    .into_response())
}

fn law_choices(ui: &Ui, laws: &[Law]) -> Vec<Choice> {
    laws.iter()
        .map(|law| Choice {
            value: law.code.to_string(),
            label: law_name(ui, &law.code, laws),
            chosen: false,
        })
        .collect()
}

fn row(ui: &Ui, listed: &ProceedingListed, laws: &[Law]) -> Row {
    let record = listed.record();
    Row {
        href: format!("/proceedings/{}", record.id),
        law: law_name(ui, &record.law, laws),
        articles: articles(ui, record),
        province: ui.term("province", record.province.code()),
        stage: ui.term("proceeding-stage", record.stage.as_str()),
        outcome: record
            .outcome
            .map(|o| ui.term("proceeding-outcome", o.as_str())),
        reported_on: ui.date(&record.reported_on),
        case_href: listed.case_id().map(|case| format!("/cases/{case}")),
    }
}

// ---------------------------------------------------------------------------------------
// A proceeding

/// A stage reached, in the history.
struct Step {
    at: ShownDate,
    stage: String,
    outcome: Option<String>,
    by: String,
    comment: Option<String>,
}

/// A move the reader may make: its button.
struct Move {
    to: &'static str,
    label: String,
}

/// The form moving the proceeding: a button per move, the outcome (when a move records
/// one) and the comment.
struct MoveForm {
    moves: Vec<Move>,
    outcome: Option<Select>,
    comment: Input,
}

#[derive(Template, WebTemplate)]
#[template(path = "proceeding.html")]
struct ProceedingPage {
    ui: Ui,
    id: String,
    version: i64,
    saved: Option<String>,
    refused: Option<String>,
    facts: Vec<Fact>,
    /// The case file, for IOM's side only.
    case_href: Option<String>,
    history: Vec<Step>,
    form: Option<MoveForm>,
}

/// A move sent and not made: shown again as sent.
struct Attempt {
    fields: Fields,
    problems: Problems,
    notice: Option<String>,
    status: StatusCode,
}

/// What the page's address may say: `?saved=<stage>` after a move, `?saved=opened`.
#[derive(Debug, Deserialize)]
pub(crate) struct SavedQuery {
    saved: Option<String>,
}

/// `GET /proceedings/{id}`.
pub(crate) async fn show(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Query(query): Query<SavedQuery>,
) -> Result<Response, PageError> {
    let id = ProceedingId(parse_id(&id)?);
    let ui = Ui::new(&state.app, &signed_in.visit, Some(&signed_in.user));
    let saved = query.saved.and_then(|word| {
        if word == "opened" {
            Some(ui.t("proceeding-saved-opened"))
        } else {
            word.parse::<ProceedingStage>().ok().map(|stage| {
                ui.t1(
                    "proceeding-saved-moved",
                    "stage",
                    ui.term("proceeding-stage", stage.as_str()),
                )
            })
        }
    });
    render(&state, &signed_in, id, None, saved).await
}

async fn render(
    state: &WebState,
    signed_in: &SignedIn,
    id: ProceedingId,
    attempt: Option<Attempt>,
    saved: Option<String>,
) -> Result<Response, PageError> {
    let app = &state.app;
    let actor = &signed_in.session.actor;
    let now = signed_in.visit.now;
    let mut ui = Ui::new(app, &signed_in.visit, Some(&signed_in.user));
    // A refused move is shown at the address it was posted to, which answers no `GET`.
    ui.here = format!("/proceedings/{id}");
    let seen = app.read_proceeding(actor, id, now).await?;
    let laws = app.laws(actor, now).await?;
    let organizations = Organizations::read(app, actor, now).await?;
    let record = seen.proceeding.record();
    let moves = app.proceeding_moves(actor, record);
    let (fields, problems) = attempt
        .as_ref()
        .map(|a| (a.fields.clone(), a.problems.clone()))
        .unwrap_or_default();
    let form = (!moves.is_empty()).then(|| {
        let view = FormView::new(&ui, &fields, &problems, "move");
        let mut outcomes: Vec<ProceedingOutcome> = Vec::new();
        for step in &moves {
            for outcome in &step.outcomes {
                if !outcomes.contains(outcome) {
                    outcomes.push(*outcome);
                }
            }
        }
        let needed = moves.iter().any(|m| m.needs_outcome);
        MoveForm {
            moves: moves
                .iter()
                .map(|m| Move {
                    to: m.to.as_str(),
                    label: ui.term("proceeding-move", m.to.as_str()),
                })
                .collect(),
            outcome: (!outcomes.is_empty()).then(|| {
                let select = view
                    .select(
                        "outcome",
                        "proceeding-outcome",
                        ungrouped(ui.terms("proceeding-outcome", &outcomes)),
                    )
                    .empty(ui.t("proceeding-no-outcome"));
                if needed {
                    select.hint(ui.t("proceeding-outcome-hint"))
                } else {
                    select
                }
            }),
            comment: view.area("comment", "proceeding-comment"),
        }
    });
    let page = ProceedingPage {
        id: id.to_string(),
        version: record.version,
        saved,
        refused: attempt.as_ref().map(|a| {
            a.notice
                .clone()
                .unwrap_or_else(|| ui.t("form-has-problems"))
        }),
        facts: facts(&ui, record, &laws),
        case_href: seen
            .proceeding
            .case_id()
            .map(|case| format!("/cases/{case}")),
        history: seen
            .history
            .iter()
            .map(|step| Step {
                at: ui.date(&step.at.date()),
                stage: ui.term("proceeding-stage", step.stage.as_str()),
                outcome: step
                    .outcome
                    .map(|o| ui.term("proceeding-outcome", o.as_str())),
                by: organizations.name(step.by_organization, &ui),
                comment: step.comment.clone(),
            })
            .collect(),
        form,
        ui,
    };
    let status = attempt.map_or(StatusCode::OK, |a| a.status);
    Ok((status, page).into_response())
}

/// What the proceeding is: the law and articles, where and when, where it stands, and
/// what is known of the trial — never anything of the case file.
fn facts(ui: &Ui, record: &ProceedingRecord, laws: &[Law]) -> Vec<Fact> {
    let yes_no = |answer: bool| ui.t(if answer { "answer-yes" } else { "answer-no" });
    let law = laws.iter().find(|law| law.code == record.law);
    let articles = match law {
        Some(law) => {
            let named: Vec<String> = record
                .articles
                .iter()
                .map(|number| {
                    let title = law
                        .articles
                        .iter()
                        .find(|a| a.number == *number)
                        .map(|a| a.title.as_str())
                        .unwrap_or_default();
                    let number = numbers::local_digits(number, ui.language);
                    format!(
                        "{} ({title})",
                        ui.t1("proceeding-article", "number", number)
                    )
                })
                .collect();
            if named.is_empty() {
                ui.t("not-recorded")
            } else {
                named.join(&ui.t("list-separator"))
            }
        }
        None => articles(ui, record),
    };
    vec![
        fact(ui.t("proceeding-law"), law_name(ui, &record.law, laws)),
        fact(ui.t("proceeding-articles"), articles),
        fact(
            ui.t("proceeding-stage"),
            ui.term("proceeding-stage", record.stage.as_str()),
        ),
        fact(
            ui.t("proceeding-outcome"),
            record.outcome.map_or_else(
                || ui.t("not-recorded"),
                |o| ui.term("proceeding-outcome", o.as_str()),
            ),
        ),
        date_fact(ui.t("proceeding-reported-on"), ui.date(&record.reported_on)),
        fact(
            ui.t("proceeding-province"),
            ui.term("province", record.province.code()),
        ),
        fact(
            ui.t("proceeding-accused-count"),
            record.accused_count.map_or_else(
                || ui.t("not-recorded"),
                |n| numbers::local_digits(&n.to_string(), ui.language),
            ),
        ),
        fact(
            ui.t("proceeding-testified"),
            yes_no(record.victim_testified),
        ),
        fact(ui.t("proceeding-legal-aid"), yes_no(record.legal_aid)),
        date_fact(
            ui.t("proceeding-opened-on"),
            ui.date(&record.created_at.date()),
        ),
        date_fact(
            ui.t("proceeding-updated-on"),
            ui.date(&record.updated_at.date()),
        ),
    ]
}

/// `POST /proceedings/{id}/moves`: moves the proceeding to the stage of the button
/// pressed, with the outcome chosen and the comment typed.
pub(crate) async fn move_to(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    fields: Fields,
) -> Result<Response, PageError> {
    let id = ProceedingId(parse_id(&id)?);
    // Whoever may not move proceedings is refused (and the refusal audited) before the
    // form is read.
    state
        .app
        .authorize(
            &signed_in.session.actor,
            UseCase::MoveProceeding,
            signed_in.visit.now,
        )
        .await?;
    let to: ProceedingStage = fields
        .get("to")
        .parse()
        .map_err(|_| ErrorPage::BadRequest)?;
    let mut reader = Reader::new(&fields);
    let outcome = reader.optional_choice::<ProceedingOutcome>("outcome");
    let comment = reader.text("comment");
    let ui = Ui::new(&state.app, &signed_in.visit, Some(&signed_in.user));
    let found = match reader.finish() {
        Ok(()) => {
            let outcome = state
                .app
                .move_proceeding(
                    &signed_in.session.actor,
                    id,
                    to,
                    outcome,
                    comment,
                    signed_in.visit.now,
                )
                .await;
            match outcome {
                Ok(_) => {
                    return Ok(
                        Redirect::to(&format!("/proceedings/{id}?saved={to}")).into_response()
                    );
                }
                Err(AppError::Invalid(found)) => found,
                Err(AppError::InvalidTransition(_)) => {
                    let attempt = Attempt {
                        fields,
                        problems: Problems::new(),
                        notice: Some(ui.t("proceeding-changed-meanwhile")),
                        status: StatusCode::CONFLICT,
                    };
                    return render(&state, &signed_in, id, Some(attempt), None).await;
                }
                Err(other) => return Err(other.into()),
            }
        }
        Err(found) => found,
    };
    let attempt = Attempt {
        problems: problems::by_field(&found, &["outcome", "comment"], ui.language),
        fields,
        notice: None,
        status: StatusCode::UNPROCESSABLE_ENTITY,
    };
    render(&state, &signed_in, id, Some(attempt), None).await
}

// ---------------------------------------------------------------------------------------
// Opening one on a case

/// The fields of the form, by the names the app gives its problems.
const FIELDS: &[&str] = &[
    "law",
    "articles",
    "referral_id",
    "reported_on",
    "province",
    "accused_count",
    "victim_testified",
    "legal_aid",
];

#[derive(Template, WebTemplate)]
#[template(path = "proceeding_new.html")]
struct NewPage {
    ui: Ui,
    case_id: String,
    refused: bool,
    law: Select,
    /// The articles of each law, a group of boxes per law.
    articles: Vec<Checks>,
    articles_problem: Option<String>,
    referral: Select,
    reported_on: Input,
    province: Select,
    accused_count: Input,
    victim_testified: Checks,
    legal_aid: Checks,
}

/// The form opening a proceeding on `case`, filled in with `fields`.
async fn new_form(
    state: &WebState,
    signed_in: &SignedIn,
    case: CaseId,
    fields: &Fields,
    problems: &Problems,
) -> Result<NewPage, PageError> {
    let app = &state.app;
    let actor = &signed_in.session.actor;
    let now = signed_in.visit.now;
    app.may_open_proceeding_on(actor, case, now).await?;
    let mut ui = Ui::new(app, &signed_in.visit, Some(&signed_in.user));
    ui.here = format!("/cases/{case}/proceedings/new");
    let laws = app.laws(actor, now).await?;
    let organizations = Organizations::read(app, actor, now).await?;
    // The case's referrals for investigation or prosecution that a proceeding may
    // follow; the app lists a case's referrals only to those who may read the case.
    let mut referrals = Vec::new();
    for purpose in [ReferralPurpose::Investigation, ReferralPurpose::Prosecution] {
        let query = ReferralQuery {
            mailbox: Some(Mailbox::Outbox),
            purpose: Some(purpose),
            case_id: Some(case),
            ..ReferralQuery::default()
        };
        referrals.extend(
            app.list_referrals(actor, query, None, 100, now)
                .await?
                .items,
        );
    }
    let form = FormView::new(&ui, fields, problems, "proceeding");
    let articles = laws
        .iter()
        .map(|law| {
            let name = law_name(&ui, &law.code, &laws);
            let boxes = law
                .articles
                .iter()
                .map(|article| Choice {
                    value: format!("{}:{}", law.code, article.number),
                    label: format!(
                        "{} — {}",
                        ui.t1(
                            "proceeding-article",
                            "number",
                            numbers::local_digits(&article.number, ui.language)
                        ),
                        article.title
                    ),
                    chosen: false,
                })
                .collect();
            let checks = form.checks("articles", "proceeding-articles", "checkbox", boxes);
            Checks {
                id: format!(
                    "proceeding-articles-{}",
                    law.code.as_str().replace('_', "-")
                ),
                legend: ui.t1("proceeding-articles-of", "law", name),
                problem: None,
                ..checks
            }
        })
        .collect();
    let referral_choices = referrals
        .iter()
        .map(|listed| {
            let summary = &listed.summary;
            Choice {
                value: summary.id.0.to_string(),
                label: format!(
                    "{} — {} ({})",
                    ui.term("referral-purpose", summary.purpose.as_str()),
                    organizations.name(summary.to_organization_id, &ui),
                    ui.date(&summary.created_at.date()).main
                ),
                chosen: false,
            }
        })
        .collect();
    let yes = |key: &str| {
        vec![Choice {
            value: "yes".into(),
            label: ui.t(key),
            chosen: false,
        }]
    };
    Ok(NewPage {
        case_id: case.to_string(),
        refused: !problems.is_empty(),
        law: form
            .select("law", "proceeding-law", ungrouped(law_choices(&ui, &laws)))
            .empty(ui.t("choose-one"))
            .required(),
        articles,
        articles_problem: problems.get("articles").cloned(),
        referral: form
            .select(
                "referral_id",
                "proceeding-referral",
                ungrouped(referral_choices),
            )
            .empty(ui.t("proceeding-no-referral"))
            .hint(ui.t("proceeding-referral-hint")),
        reported_on: form
            .date("reported_on", "proceeding-reported-on")
            .required(),
        province: form
            .select(
                "province",
                "proceeding-province",
                ungrouped(province_choices(&ui)),
            )
            .empty(ui.t("choose-one"))
            .required(),
        accused_count: form
            .text("accused_count", "proceeding-accused-count")
            .ltr(Some("numeric"))
            .hint(ui.t("proceeding-accused-count-hint")),
        victim_testified: form.checks(
            "victim_testified",
            "proceeding-testified",
            "checkbox",
            yes("proceeding-testified-yes"),
        ),
        legal_aid: form.checks(
            "legal_aid",
            "proceeding-legal-aid",
            "checkbox",
            yes("proceeding-legal-aid-yes"),
        ),
        ui,
    })
}

/// `GET /cases/{id}/proceedings/new`.
pub(crate) async fn new(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let case = CaseId(parse_id(&id)?);
    let ui = Ui::new(&state.app, &signed_in.visit, Some(&signed_in.user));
    let fields = Fields::with(&[("reported_on", ui.date_input(signed_in.visit.now.date()))]);
    let page = new_form(&state, &signed_in, case, &fields, &Problems::new()).await?;
    Ok(page.into_response())
}

/// The proceeding the form describes, or every field that cannot be read.
fn read(case: CaseId, fields: &Fields) -> Result<ProceedingEntry, Vec<FieldProblem>> {
    let mut reader = Reader::new(fields);
    let law = reader.choice::<LawCode>("law");
    let referral_id = reader
        .optional_choice::<Uuid>("referral_id")
        .map(ReferralId);
    let reported_on = reader.date("reported_on");
    let province = reader.choice::<Province>("province");
    let accused_count = reader.optional_number::<u32>("accused_count");
    // Each box names its law and article; one of another law than the one chosen is a
    // box ticked by mistake.
    let mut articles = Vec::new();
    if let Some(law) = &law {
        for value in fields.all("articles") {
            match value.split_once(':') {
                Some((code, number)) if code == law.as_str() => articles.push(number.to_owned()),
                _ => reader.refuse(FieldProblem::coded(
                    "articles",
                    "article_of_another_law",
                    "is an article of another law",
                )),
            }
        }
    }
    let victim_testified = reader.ticked("victim_testified");
    let legal_aid = reader.ticked("legal_aid");
    reader.finish()?;
    match (law, reported_on, province) {
        (Some(law), Some(reported_on), Some(province)) => Ok(ProceedingEntry {
            case_id: case,
            referral_id,
            law,
            articles,
            reported_on,
            province,
            accused_count,
            victim_testified,
            legal_aid,
        }),
        // Each of these adds its problem when it is missing.
        _ => Err(vec![FieldProblem::coded("law", "choose_one", "choose one")]),
    }
}

/// `POST /cases/{id}/proceedings/new`: opens the proceeding, then shows it.
pub(crate) async fn open(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    fields: Fields,
) -> Result<Response, PageError> {
    let case = CaseId(parse_id(&id)?);
    state
        .app
        .authorize(
            &signed_in.session.actor,
            UseCase::OpenProceeding,
            signed_in.visit.now,
        )
        .await?;
    let found = match read(case, &fields) {
        Ok(entry) => {
            match state
                .app
                .open_proceeding(&signed_in.session.actor, entry, signed_in.visit.now)
                .await
            {
                Ok(seen) => {
                    let id = seen.proceeding.record().id;
                    return Ok(
                        Redirect::to(&format!("/proceedings/{id}?saved=opened")).into_response()
                    );
                }
                Err(AppError::Invalid(found)) => found,
                Err(other) => return Err(other.into()),
            }
        }
        Err(found) => found,
    };
    // The app names each article by its place in the list (`articles[1]`): the page
    // shows them all beside the articles.
    let found: Vec<FieldProblem> = found
        .into_iter()
        .map(|problem| match problem.field.split_once('[') {
            Some((base, _)) => FieldProblem {
                field: base.to_owned(),
                ..problem
            },
            None => problem,
        })
        .collect();
    let ui = Ui::new(&state.app, &signed_in.visit, Some(&signed_in.user));
    let problems = problems::by_field(&found, FIELDS, ui.language);
    let page = new_form(&state, &signed_in, case, &fields, &problems).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// The proceedings opened on a case, for its case file: each with its law, stage and
/// page.
pub(crate) struct CaseProceedings {
    pub(crate) rows: Vec<CaseProceedingRow>,
    /// The address of the form opening one, for whoever may.
    pub(crate) open: Option<String>,
}

/// A proceeding in the case file.
pub(crate) struct CaseProceedingRow {
    pub(crate) href: String,
    pub(crate) law: String,
    pub(crate) stage: String,
    pub(crate) reported_on: ShownDate,
}

/// The case file's section on `case`'s proceedings, if the reader follows proceedings.
pub(crate) async fn of_case(
    app: &panah_app::App,
    actor: &panah_app::Actor,
    case: CaseId,
    ui: &Ui,
    now: time::OffsetDateTime,
) -> Result<Option<CaseProceedings>, PageError> {
    if !app.permits(actor, UseCase::ListProceedings) {
        return Ok(None);
    }
    let filter = ProceedingFilter {
        case_id: Some(case),
        ..ProceedingFilter::default()
    };
    let page = app
        .list_proceedings(actor, &filter, None, LISTED, now)
        .await?;
    let laws = app.laws(actor, now).await?;
    let rows = page
        .items
        .iter()
        .map(|listed| {
            let record = listed.record();
            CaseProceedingRow {
                href: format!("/proceedings/{}", record.id),
                law: law_name(ui, &record.law, &laws),
                stage: ui.term("proceeding-stage", record.stage.as_str()),
                reported_on: ui.date(&record.reported_on),
            }
        })
        .collect();
    Ok(Some(CaseProceedings {
        rows,
        open: app
            .permits(actor, UseCase::OpenProceeding)
            .then(|| format!("/cases/{case}/proceedings/new")),
    }))
}
