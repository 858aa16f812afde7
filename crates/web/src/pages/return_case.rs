//! `/returns/{id}`: a voluntary return — its progress through the workflow's steps (an
//! ordered list, the current step marked), the moves the app allows the reader now, its
//! history, and the monitoring visits after arrival with their scores and the form
//! recording one — and `/returns/{id}/handover`, the packet for the receiving side, to
//! print. Also the row that lists a return on the case file.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use panah_app::{AppError, UseCase, VisitEntry};
use panah_domain::{
    FieldProblem, MonitoringScores, Place, ReturnCase, ReturnId, ReturnStatus, Score,
};
use serde::Deserialize;

use super::case_file::{Fact, date_fact, fact};
use super::{SignedIn, parse_id};
use crate::WebState;
use crate::dates::ShownDate;
use crate::errors::{ErrorPage, PageError};
use crate::form::{Fields, Reader};
use crate::organizations::Organizations;
use crate::ui::Ui;
use crate::widgets::{FormView, Input, Problems};
use crate::{labels, numbers, problems};

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

/// One move of the return's history.
struct Step {
    at: ShownDate,
    to: String,
    comment: Option<String>,
}

/// One step of the progress bar.
struct Stage {
    /// Its place on the way, in the page's digits.
    number: String,
    label: String,
    /// `done`, `current` or `ahead`.
    state: &'static str,
}

/// A move the reader may make.
struct Move {
    to: &'static str,
    label: String,
}

/// A monitoring visit as the page lists it.
struct VisitRow {
    on: ShownDate,
    economic: String,
    social: String,
    psychosocial: String,
    sustainability: String,
    notes: Option<String>,
}

/// The visit form's inputs.
struct VisitForm {
    date: Input,
    scores: Vec<Input>,
    notes: Input,
}

/// The two forms of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// Moving the return on.
    Move,
    /// Recording a visit.
    Visit,
}

/// A form of the page that was sent and not done: shown again as filled in.
struct Attempt {
    form: Form,
    fields: Fields,
    problems: Problems,
    notice: Option<String>,
    status: StatusCode,
}

#[derive(Template, WebTemplate)]
#[template(path = "return.html")]
struct ReturnPage {
    ui: Ui,
    id: String,
    row: ReturnRow,
    origin: String,
    case_href: String,
    saved: Option<String>,
    /// Why the form sent back was not done, and the anchor of its section.
    refused: Option<(&'static str, String)>,
    stages: Vec<Stage>,
    /// Whether the return was cancelled, on the way shown by `stages`.
    cancelled: bool,
    moves: Vec<Move>,
    /// The comment sent with a move.
    comment: Option<Input>,
    history: Vec<Step>,
    visits: Vec<VisitRow>,
    visit_form: Option<VisitForm>,
    /// Whether the visit form is the one sent back, shown open.
    visit_sent: bool,
    /// Whether the reader may print the handover packet.
    handover: bool,
}

/// What the page's address may say: `?saved=status` or `?saved=visit`.
#[derive(Debug, Deserialize)]
pub(crate) struct SavedQuery {
    saved: Option<String>,
}

/// The steps on the way to `completed`, in order.
fn way() -> impl Iterator<Item = ReturnStatus> {
    ReturnStatus::ALL
        .iter()
        .copied()
        .filter(|status| *status != ReturnStatus::Cancelled)
}

/// A score, from 0 to 1, with two decimals in the page's digits.
fn score(value: f64, ui: &Ui) -> String {
    let text = format!("{value:.2}");
    let text = if ui.language.is_right_to_left() {
        text.replace('.', "٫")
    } else {
        text
    };
    numbers::local_digits(&text, ui.language)
}

/// `GET /returns/{id}`.
pub(crate) async fn show(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Query(query): Query<SavedQuery>,
) -> Result<Response, PageError> {
    let id = ReturnId(parse_id(&id)?);
    let saved = match query.saved.as_deref() {
        Some("status") => Some("return-saved-status"),
        Some("visit") => Some("return-saved-visit"),
        _ => None,
    };
    render(&state, &signed_in, id, None, saved).await
}

/// The page of return `id`, with the form of `attempt` as sent, or the notice `saved`.
async fn render(
    state: &WebState,
    signed_in: &SignedIn,
    id: ReturnId,
    attempt: Option<Attempt>,
    saved: Option<&str>,
) -> Result<Response, PageError> {
    let app = &state.app;
    let actor = &signed_in.session.actor;
    let mut ui = Ui::new(app, &signed_in.visit, Some(&signed_in.user));
    // A refused form is shown at the address it was posted to, which answers no `GET`.
    ui.here = format!("/returns/{}", id.0);
    let seen = app.read_return(actor, id, signed_in.visit.now).await?;
    let return_case = &seen.return_case;
    let sent = |form: Form| {
        attempt
            .as_ref()
            .filter(|a| a.form == form)
            .map(|a| (a.fields.clone(), a.problems.clone()))
            .unwrap_or_default()
    };
    // A cancelled return shows the way up to the step it was cancelled at.
    let cancelled = return_case.status == ReturnStatus::Cancelled;
    let reached = if cancelled {
        seen.history
            .iter()
            .rev()
            .find(|step| step.to == ReturnStatus::Cancelled)
            .and_then(|step| step.from)
            .unwrap_or(ReturnStatus::Requested)
    } else {
        return_case.status
    };
    let position = way().position(|status| status == reached).unwrap_or(0);
    let stages = way()
        .enumerate()
        .map(|(index, status)| Stage {
            number: ui.number(index + 1),
            label: ui.term("return-status", status.as_str()),
            state: match index.cmp(&position) {
                std::cmp::Ordering::Less => "done",
                std::cmp::Ordering::Equal if !cancelled => "current",
                std::cmp::Ordering::Equal => "done",
                std::cmp::Ordering::Greater => "ahead",
            },
        })
        .collect();
    let moves: Vec<Move> = app
        .return_moves(actor, return_case)
        .into_iter()
        .map(|to| Move {
            to: to.as_str(),
            label: ui.term("return-move", to.as_str()),
        })
        .collect();
    let comment = (!moves.is_empty()).then(|| {
        let (fields, problems) = sent(Form::Move);
        FormView::new(&ui, &fields, &problems, "move").area("comment", "return-comment")
    });
    let visit_form = app.may_record_visit(actor, return_case).then(|| {
        let (fields, problems) = sent(Form::Visit);
        let fields = if fields.is_empty() {
            Fields::with(&[("date", ui.date_input(signed_in.visit.now.date()))])
        } else {
            fields
        };
        let form = FormView::new(&ui, &fields, &problems, "visit");
        let score_input = |name: &'static str, label: &str| {
            form.text(name, label)
                .ltr(Some("decimal"))
                .hint(ui.t("visit-score-hint"))
                .required()
        };
        VisitForm {
            date: form.date("date", "visit-date").required(),
            scores: vec![
                score_input("economic", "visit-economic"),
                score_input("social", "visit-social"),
                score_input("psychosocial", "visit-psychosocial"),
            ],
            notes: form.area("notes", "visit-notes"),
        }
    });
    let page = ReturnPage {
        id: id.0.to_string(),
        row: ReturnRow::new(return_case, &ui),
        origin: place(&return_case.origin, &ui),
        case_href: format!("/cases/{}", return_case.case_id),
        saved: saved.map(|key| ui.t(key)),
        refused: attempt.as_ref().map(|a| {
            let anchor = match a.form {
                Form::Move => "moves",
                Form::Visit => "visits",
            };
            let why = a
                .notice
                .clone()
                .unwrap_or_else(|| ui.t("form-has-problems"));
            (anchor, why)
        }),
        stages,
        cancelled,
        moves,
        comment,
        history: seen
            .history
            .iter()
            .map(|step| Step {
                at: ui.date(&step.at.date()),
                to: ui.term("return-status", step.to.as_str()),
                comment: step.comment.clone(),
            })
            .collect(),
        visits: seen
            .visits
            .iter()
            .map(|visit| VisitRow {
                on: ui.date(&visit.visited_on),
                economic: score(visit.scores.economic.value(), &ui),
                social: score(visit.scores.social.value(), &ui),
                psychosocial: score(visit.scores.psychosocial.value(), &ui),
                sustainability: score(visit.scores.sustainability(), &ui),
                notes: visit.notes.clone(),
            })
            .collect(),
        visit_form,
        visit_sent: attempt.as_ref().is_some_and(|a| a.form == Form::Visit),
        handover: app.permits(actor, UseCase::HandOverReturn),
        ui,
    };
    let status = attempt.map_or(StatusCode::OK, |a| a.status);
    Ok((status, page).into_response())
}

/// `POST /returns/{id}/status`: moves the return to the step of the button pressed.
pub(crate) async fn move_to(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    fields: Fields,
) -> Result<Response, PageError> {
    let id = ReturnId(parse_id(&id)?);
    let to: ReturnStatus = fields
        .get("to")
        .parse()
        .map_err(|_| ErrorPage::BadRequest)?;
    let comment = Reader::new(&fields).text("comment");
    let ui = Ui::new(&state.app, &signed_in.visit, Some(&signed_in.user));
    let outcome = state
        .app
        .move_return(
            &signed_in.session.actor,
            id,
            to,
            comment,
            signed_in.visit.now,
        )
        .await;
    let attempt = match outcome {
        Ok(_) => return Ok(saved(id, "status", "moves")),
        Err(AppError::Invalid(found)) => Attempt {
            form: Form::Move,
            problems: problems::by_field(&found, &["comment"], ui.language),
            fields,
            notice: None,
            status: StatusCode::UNPROCESSABLE_ENTITY,
        },
        Err(AppError::InvalidTransition(_)) => Attempt {
            form: Form::Move,
            fields,
            problems: Problems::new(),
            notice: Some(ui.t("return-changed-meanwhile")),
            status: StatusCode::CONFLICT,
        },
        Err(other) => return Err(other.into()),
    };
    render(&state, &signed_in, id, Some(attempt), None).await
}

/// The visit form's fields, by the names the app gives its problems.
const VISIT_FIELDS: &[&str] = &["date", "economic", "social", "psychosocial", "notes"];

/// The score typed for `name`: a number from 0 to 1, in any script's digits, with `.` or
/// the Arabic decimal separator.
fn read_score(reader: &mut Reader<'_>, fields: &Fields, name: &str) -> Option<Score> {
    let typed = numbers::ascii_digits(fields.get(name).trim()).replace('٫', ".");
    if typed.is_empty() {
        reader.refuse(FieldProblem::coded(name, "required", "is required"));
        return None;
    }
    let score = typed.parse::<f64>().ok().and_then(|v| Score::new(v).ok());
    if score.is_none() {
        reader.refuse(FieldProblem::coded(
            name,
            "score_unreadable",
            "is no number from 0 to 1",
        ));
    }
    score
}

/// `POST /returns/{id}/visits`: records a monitoring visit.
pub(crate) async fn record_visit(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    fields: Fields,
) -> Result<Response, PageError> {
    let id = ReturnId(parse_id(&id)?);
    let ui = Ui::new(&state.app, &signed_in.visit, Some(&signed_in.user));
    let mut reader = Reader::new(&fields);
    let date = reader.date("date");
    let economic = read_score(&mut reader, &fields, "economic");
    let social = read_score(&mut reader, &fields, "social");
    let psychosocial = read_score(&mut reader, &fields, "psychosocial");
    let notes = reader.text("notes");
    let found = match (date, economic, social, psychosocial, reader.finish()) {
        (Some(date), Some(economic), Some(social), Some(psychosocial), Ok(())) => {
            let entry = VisitEntry {
                date,
                scores: MonitoringScores {
                    economic,
                    social,
                    psychosocial,
                },
                notes,
            };
            let outcome = state
                .app
                .record_visit(&signed_in.session.actor, id, entry, signed_in.visit.now)
                .await;
            match outcome {
                Ok(_) => return Ok(saved(id, "visit", "visits")),
                Err(AppError::Invalid(found)) => found,
                Err(AppError::InvalidTransition(_)) => {
                    let attempt = Attempt {
                        form: Form::Visit,
                        fields,
                        problems: Problems::new(),
                        notice: Some(ui.t("return-changed-meanwhile")),
                        status: StatusCode::CONFLICT,
                    };
                    return render(&state, &signed_in, id, Some(attempt), None).await;
                }
                Err(other) => return Err(other.into()),
            }
        }
        (.., found) => found.err().unwrap_or_default(),
    };
    let attempt = Attempt {
        form: Form::Visit,
        problems: problems::by_field(&found, VISIT_FIELDS, ui.language),
        fields,
        notice: None,
        status: StatusCode::UNPROCESSABLE_ENTITY,
    };
    render(&state, &signed_in, id, Some(attempt), None).await
}

/// The return's page after `what` was done, at the section `anchor`.
fn saved(id: ReturnId, what: &str, anchor: &str) -> Response {
    Redirect::to(&format!("/returns/{}?saved={what}#{anchor}", id.0)).into_response()
}

/// An item of the reintegration plan in the packet.
struct PlanRow {
    service: String,
    status: String,
    date: ShownDate,
    provider: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "handover.html")]
struct HandoverPage {
    ui: Ui,
    back: String,
    generated: ShownDate,
    journey: Vec<Fact>,
    profile: Vec<Fact>,
    identity: Option<Vec<Fact>>,
    needs: Option<String>,
    plan: Vec<PlanRow>,
}

/// `GET /returns/{id}/handover`: the handover packet, to print. The app audits it as an
/// export before anything is shown, as it does for the API's.
pub(crate) async fn handover(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = ReturnId(parse_id(&id)?);
    let app = &state.app;
    let actor = &signed_in.session.actor;
    let now = signed_in.visit.now;
    let ui = Ui::new(app, &signed_in.visit, Some(&signed_in.user));
    let packet = app.hand_over_return(actor, id, now).await?;
    let organizations = Organizations::read(app, actor, now).await?;
    let trip = &packet.return_case;
    let yes_no = |yes: bool| ui.t(if yes { "answer-yes" } else { "answer-no" });
    let journey = vec![
        fact(
            ui.t("return-direction"),
            ui.term("return-direction", trip.direction.as_str()),
        ),
        fact(ui.t("return-origin"), place(&trip.origin, &ui)),
        fact(ui.t("return-destination"), place(&trip.destination, &ui)),
        match &trip.travel_date {
            Some(date) => date_fact(ui.t("return-travel-date"), ui.date(date)),
            None => fact(ui.t("return-travel-date"), ui.t("not-recorded")),
        },
        fact(ui.t("return-escort"), yes_no(trip.escort_required)),
        fact(
            ui.t("return-cooperating"),
            trip.cooperating_organization_id
                .map(|org| organizations.name(org, &ui))
                .unwrap_or_else(|| ui.t("not-recorded")),
        ),
        fact(
            ui.t("return-status"),
            ui.term("return-status", trip.status.as_str()),
        ),
    ];
    let profile = &packet.profile;
    let exploitation = profile
        .exploitation_types
        .iter()
        .map(|t| ui.term("exploitation", t.as_str()))
        .collect::<Vec<_>>();
    let profile = vec![
        Fact {
            ltr: true,
            ..fact(ui.t("case-number"), profile.case_number.to_string())
        },
        fact(
            ui.t("case-category"),
            ui.term("case-category", profile.category.as_str()),
        ),
        fact(ui.t("person-sex"), ui.term("sex", profile.sex.as_str())),
        match profile.age_group {
            Some(group) => Fact {
                ltr: true,
                ..fact(
                    ui.t("person-age-group"),
                    numbers::local_digits(group.as_str(), ui.language),
                )
            },
            None => fact(ui.t("person-age-group"), ui.t("not-recorded")),
        },
        fact(
            ui.t("person-citizenship"),
            labels::country(ui.language, profile.citizenship),
        ),
        fact(
            ui.t("trafficking-exploitation-types"),
            if exploitation.is_empty() {
                ui.t("not-recorded")
            } else {
                exploitation.join(&ui.t("list-separator"))
            },
        ),
    ];
    let identity = packet
        .person
        .as_ref()
        .map(|person| super::referral::identity(person, &ui));
    let plan = packet
        .plan
        .iter()
        .map(|item| PlanRow {
            service: ui.term("assistance-type", item.assistance_type.as_str()),
            status: ui.term("assistance-status", item.status.as_str()),
            date: ui.date(&item.date),
            provider: item
                .provider_organization_id
                .map(|org| organizations.name(org, &ui))
                .unwrap_or_else(|| ui.t("not-recorded")),
        })
        .collect();
    Ok(HandoverPage {
        back: format!("/returns/{}", id.0),
        generated: ui.date(&packet.generated_at.date()),
        journey,
        profile,
        identity,
        needs: packet.needs.clone(),
        plan,
        ui,
    }
    .into_response())
}
