//! `/cases/{id}`: the case file — the person's identity (read through the app, which
//! audits the read), the case's status and caseworker, consents, assistance, notes,
//! referrals and returns — with a form for each thing the app lets the reader do. Each
//! form posts to its own address under the case; a form the app refuses comes back inside
//! the whole case file, as it was filled in, each problem next to its field.

pub(crate) mod assistance;
pub(crate) mod budget_lines;
pub(crate) mod consents;
pub(crate) mod notes;
pub(crate) mod referrals;
pub(crate) mod status;

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use panah_app::{Actor, App, CaseFile, UseCase};
use panah_domain::{Case, CaseId, FieldProblem, UserId};
use serde::Deserialize;
use time::OffsetDateTime;

use super::SignedIn;
use super::parse_id;
use super::proceedings::{self, CaseProceedings};
use super::return_case::ReturnRow;
use crate::WebState;
use crate::dates::ShownDate;
use crate::errors::PageError;
use crate::form::Fields;
use crate::organizations::Organizations;
use crate::ui::Ui;
use crate::widgets::Problems;
use crate::{labels, problems};

/// The forms of the case file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Section {
    /// Moving the case's status.
    Status,
    /// Assigning the case.
    Assign,
    /// Recording or withdrawing a consent.
    Consents,
    /// Logging assistance.
    Assistance,
    /// Writing a note.
    Notes,
    /// Referring the case.
    Referrals,
}

impl Section {
    /// The id of the section's heading, for links to it.
    pub(crate) fn anchor(self) -> &'static str {
        match self {
            Section::Status | Section::Assign => "status",
            Section::Consents => "consents",
            Section::Assistance => "assistance",
            Section::Notes => "notes",
            Section::Referrals => "referrals",
        }
    }
}

/// A form of the case file that was sent and not done: shown again as it was filled in,
/// with its problems beside its fields, or with a notice saying why.
#[derive(Debug, Clone)]
pub(crate) struct Attempt {
    /// Which form.
    pub(crate) section: Section,
    /// What was sent.
    pub(crate) fields: Fields,
    /// Each field's problem, in the page's language.
    pub(crate) problems: Problems,
    /// Why, when it is not one field's fault.
    pub(crate) notice: Option<String>,
    /// The page's status.
    pub(crate) status: StatusCode,
}

impl Attempt {
    /// The form of `section` with `fields` as sent, refused for the problems `found`,
    /// each said next to the one of `names` (the form's fields) it concerns.
    pub(crate) fn invalid(
        section: Section,
        fields: Fields,
        found: &[FieldProblem],
        names: &[&'static str],
        ui: &Ui,
    ) -> Attempt {
        Attempt {
            section,
            fields,
            problems: problems::by_field(found, names, ui.language),
            notice: None,
            status: StatusCode::UNPROCESSABLE_ENTITY,
        }
    }

    /// The form of `section` with `fields` as sent, not done for the reason `notice`
    /// (the case or record changed meanwhile, a move no longer allowed).
    pub(crate) fn conflict(section: Section, fields: Fields, notice: String) -> Attempt {
        Attempt {
            section,
            fields,
            problems: Problems::new(),
            notice: Some(notice),
            status: StatusCode::CONFLICT,
        }
    }

    /// The fields sent for `section`, if the attempt was made with it.
    fn of(attempt: Option<&Attempt>, section: Section) -> Option<&Attempt> {
        attempt.filter(|attempt| attempt.section == section)
    }
}

/// One fact of the file: what it is, and its value as text or as a date.
pub(crate) struct Fact {
    pub(crate) label: String,
    pub(crate) value: String,
    pub(crate) date: Option<ShownDate>,
    /// Whether the value reads left to right whatever the page's direction (numbers,
    /// codes).
    pub(crate) ltr: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "case_file.html")]
struct CaseFilePage {
    ui: Ui,
    /// The case's id, for the forms' addresses.
    id: String,
    number: String,
    /// What was just done, said after the redirect that followed it.
    saved: Option<String>,
    /// The form refused, its anchor and why.
    refused: Option<(&'static str, String)>,
    /// The anchor of the section whose form is sent back, which is shown open.
    open: &'static str,
    summary: Vec<Fact>,
    identity: Vec<Fact>,
    profile: Vec<Fact>,
    status: status::StatusView,
    consents: consents::ConsentsView,
    assistance: assistance::AssistanceView,
    notes: notes::NotesView,
    referrals: referrals::ReferralsView,
    returns: Vec<ReturnRow>,
    /// The legal proceedings opened on the case, for whoever follows them.
    proceedings: Option<CaseProceedings>,
}

/// What the case file's address may say: `?saved=consent` after a form was done.
#[derive(Debug, Deserialize)]
pub(crate) struct FileQuery {
    saved: Option<String>,
}

/// What was done, by the word the redirect after it carries.
const SAVED: &[(&str, &str)] = &[
    ("case", "saved-case"),
    ("status", "saved-status"),
    ("assignee", "saved-assignee"),
    ("consent", "saved-consent"),
    ("withdrawn", "saved-withdrawn"),
    ("assistance", "saved-assistance"),
    ("service", "saved-service"),
    ("note", "saved-note"),
    ("referral", "saved-referral"),
];

/// `GET /cases/{id}`.
pub(crate) async fn show(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Query(query): Query<FileQuery>,
) -> Result<Response, PageError> {
    let id = CaseId(parse_id(&id)?);
    let saved = query
        .saved
        .and_then(|word| SAVED.iter().find(|(w, _)| *w == word).map(|(_, key)| *key));
    render(&state, &signed_in, id, None, saved).await
}

/// The case file's address after `section`'s form did `what` (a word of [`SAVED`]):
/// redirect-after-post, to the section.
pub(crate) fn saved(id: CaseId, what: &str, section: Section) -> Response {
    Redirect::to(&format!("/cases/{id}?saved={what}#{}", section.anchor())).into_response()
}

/// The people the page may name: the reader, and whoever they may assign cases to.
pub(crate) struct People(HashMap<UserId, String>);

impl People {
    async fn read(
        app: &App,
        actor: &Actor,
        now: OffsetDateTime,
    ) -> Result<(People, Option<Vec<(UserId, String)>>), PageError> {
        let mut names = HashMap::new();
        if let Some(user) = actor.signed_in() {
            names.insert(user.id, user.display_name.as_str().to_owned());
        }
        let assignees = if app.permits(actor, UseCase::ListAssignees) {
            let all = app.assignees(actor, now).await?;
            let listed: Vec<(UserId, String)> = all
                .into_iter()
                .map(|a| (a.id, a.display_name.as_str().to_owned()))
                .collect();
            names.extend(listed.iter().cloned());
            Some(listed)
        } else {
            None
        };
        Ok((People(names), assignees))
    }

    /// The name of `id`, if the page may name them.
    pub(crate) fn name(&self, id: UserId) -> Option<String> {
        self.0.get(&id).cloned()
    }
}

/// The case file of `id`, with the form of `attempt` as it was sent, or a notice that
/// `saved` was done.
pub(crate) async fn render(
    state: &WebState,
    signed_in: &SignedIn,
    id: CaseId,
    attempt: Option<Attempt>,
    saved: Option<&str>,
) -> Result<Response, PageError> {
    let app = &state.app;
    let actor = &signed_in.session.actor;
    let now = signed_in.visit.now;
    let mut ui = Ui::new(app, &signed_in.visit, Some(&signed_in.user));
    // A refused form is shown at the address it was posted to, which answers no `GET`:
    // the language switch returns to the case file itself.
    ui.here = format!("/cases/{id}");
    // The identity read is audited by the app before anything is shown.
    let CaseFile {
        case,
        referrals,
        returns,
    } = app.read_case(actor, id, now).await?;
    let organizations = Organizations::read(app, actor, now).await?;
    let (people, assignees) = People::read(app, actor, now).await?;
    let attempt = attempt.as_ref();
    let page = CaseFilePage {
        id: case.id.to_string(),
        number: case.case_number.to_string(),
        saved: saved.map(|key| ui.t(key)),
        refused: attempt.and_then(|a| {
            let why = match &a.notice {
                Some(notice) => notice.clone(),
                None if !a.problems.is_empty() => ui.t("form-has-problems"),
                // A form sent back to be filled in further, such as the budget lines
                // offered for a new date: nothing was refused.
                None => return None,
            };
            Some((a.section.anchor(), why))
        }),
        open: attempt.map_or("", |a| a.section.anchor()),
        summary: summary(&case, &organizations, &people, &ui),
        identity: identity(&case, &ui),
        profile: profile(&case, &ui),
        status: status::view(app, actor, &case, assignees, attempt, &ui),
        consents: consents::view(app, actor, &case, &people, attempt, &ui, now).await?,
        assistance: assistance::view(app, actor, &case, &organizations, attempt, &ui, now).await?,
        notes: notes::view(app, actor, &case, &people, attempt, &ui, now).await?,
        referrals: referrals::view(app, actor, &referrals, &organizations, attempt, &ui),
        returns: returns.iter().map(|r| ReturnRow::new(r, &ui)).collect(),
        proceedings: proceedings::of_case(app, actor, case.id, &ui, now).await?,
        ui,
    };
    let status = attempt.map_or(StatusCode::OK, |a| a.status);
    Ok((status, page).into_response())
}

/// What the case is: its number, category, status, where and when the person was
/// identified and by whom, and whose it is.
fn summary(case: &Case, organizations: &Organizations, people: &People, ui: &Ui) -> Vec<Fact> {
    let assigned = case
        .assigned_to
        .map(|id| {
            people
                .name(id)
                .unwrap_or_else(|| ui.t("case-assigned-to-colleague"))
        })
        .unwrap_or_else(|| ui.t("case-unassigned"));
    vec![
        fact(
            ui.t("case-category"),
            ui.term("case-category", case.category.as_str()),
        ),
        fact(
            ui.t("case-status"),
            ui.term("case-status", case.status.as_str()),
        ),
        fact(
            ui.t("case-province"),
            ui.term("province", case.province.code()),
        ),
        date_fact(ui.t("case-identified-on"), ui.date(&case.identified_on)),
        fact(
            ui.t("case-identified-by"),
            organizations.name(case.identified_by_organization_id, ui),
        ),
        fact(ui.t("case-assigned-to"), assigned),
    ]
}

/// The person's identity, every field, "not recorded" where there is nothing.
fn identity(case: &Case, ui: &Ui) -> Vec<Fact> {
    let person = &case.person;
    let or_none = |value: &Option<String>| value.clone().unwrap_or_else(|| ui.t("not-recorded"));
    let other_script = [
        person.other_script_given_name.as_deref(),
        person.other_script_family_name.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    let mut facts = vec![
        fact(ui.t("person-given-name"), person.given_name.clone()),
        fact(ui.t("person-family-name"), or_none(&person.family_name)),
        fact(ui.t("person-fathers-name"), or_none(&person.fathers_name)),
        fact(
            ui.t("person-other-script-names"),
            if other_script.is_empty() {
                ui.t("not-recorded")
            } else {
                other_script
            },
        ),
        fact(ui.t("person-sex"), ui.term("sex", person.sex.as_str())),
    ];
    facts.push(match (person.date_of_birth, person.estimated_age) {
        (Some(born), _) => date_fact(ui.t("person-date-of-birth"), ui.date(&born)),
        (None, Some(age)) => Fact {
            ltr: false,
            ..fact(
                ui.t("person-estimated-age"),
                crate::numbers::local_digits(&age.to_string(), ui.language),
            )
        },
        (None, None) => fact(ui.t("person-date-of-birth"), ui.t("not-recorded")),
    });
    facts.extend([
        match case.age_group {
            Some(group) => Fact {
                ltr: true,
                ..fact(
                    ui.t("person-age-group"),
                    crate::numbers::local_digits(group.as_str(), ui.language),
                )
            },
            None => fact(ui.t("person-age-group"), ui.t("not-recorded")),
        },
        fact(
            ui.t("person-citizenship"),
            labels::country(ui.language, person.citizenship),
        ),
        Fact {
            ltr: person.phone.is_some(),
            ..fact(ui.t("person-phone"), or_none(&person.phone))
        },
        fact(ui.t("person-address"), or_none(&person.address)),
        Fact {
            ltr: person.document_number.is_some(),
            ..fact(
                ui.t("person-document-number"),
                or_none(&person.document_number),
            )
        },
    ]);
    facts
}

/// The trafficking profile.
fn profile(case: &Case, ui: &Ui) -> Vec<Fact> {
    let profile = &case.trafficking;
    let listed = |family: &str, values: Vec<&str>| {
        if values.is_empty() {
            ui.t("not-recorded")
        } else {
            values
                .iter()
                .map(|value| ui.term(family, value))
                .collect::<Vec<_>>()
                .join(&ui.t("list-separator"))
        }
    };
    let countries = if profile.countries_of_exploitation.is_empty() {
        ui.t("not-recorded")
    } else {
        profile
            .countries_of_exploitation
            .iter()
            .map(|country| labels::country(ui.language, *country))
            .collect::<Vec<_>>()
            .join(&ui.t("list-separator"))
    };
    vec![
        fact(
            ui.t("trafficking-exploitation-types"),
            listed(
                "exploitation",
                profile
                    .exploitation_types
                    .iter()
                    .map(|t| t.as_str())
                    .collect(),
            ),
        ),
        fact(
            ui.t("trafficking-means-of-control"),
            listed(
                "means-of-control",
                profile
                    .means_of_control
                    .iter()
                    .map(|m| m.as_str())
                    .collect(),
            ),
        ),
        fact(
            ui.t("trafficking-recruitment"),
            listed(
                "recruitment",
                profile.recruitment.iter().map(|r| r.as_str()).collect(),
            ),
        ),
        fact(
            ui.t("trafficking-relationship-to-recruiter"),
            listed(
                "recruiter-relation",
                profile
                    .relationship_to_recruiter
                    .iter()
                    .map(|r| r.as_str())
                    .collect(),
            ),
        ),
        fact(ui.t("trafficking-countries-of-exploitation"), countries),
        fact(
            ui.t("trafficking-cross-border"),
            match profile.cross_border {
                Some(true) => ui.t("answer-yes"),
                Some(false) => ui.t("answer-no"),
                None => ui.t("answer-not-known"),
            },
        ),
    ]
}

pub(crate) fn fact(label: String, value: String) -> Fact {
    Fact {
        label,
        value,
        date: None,
        ltr: false,
    }
}

pub(crate) fn date_fact(label: String, date: ShownDate) -> Fact {
    Fact {
        label,
        value: String::new(),
        date: Some(date),
        ltr: false,
    }
}

/// The case file with the refused form of `attempt`.
pub(crate) async fn refused(
    state: &WebState,
    signed_in: &SignedIn,
    id: CaseId,
    attempt: Attempt,
) -> Result<Response, PageError> {
    render(state, signed_in, id, Some(attempt), None).await
}

/// What each section's form needs to be drawn again: the fields sent, or none.
pub(crate) fn sent(attempt: Option<&Attempt>, section: Section) -> (Option<Fields>, Problems) {
    match Attempt::of(attempt, section) {
        // A button sends no fields of the form: the form stays as first shown.
        Some(attempt) if !attempt.fields.is_empty() => {
            (Some(attempt.fields.clone()), attempt.problems.clone())
        }
        _ => (None, Problems::new()),
    }
}
