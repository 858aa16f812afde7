//! `/referrals/{id}`: a referral as the reader's side sees it — exactly what the app's
//! view of it holds (the API's view of the same referral): its status, parties, purpose,
//! the person without identity, the identity only when the referral discloses it, the
//! sender's message and the timeline — with the actions the app lets the reader take
//! (acknowledge, accept, decline with a reason, complete, withdraw) and, for the national
//! office that received it, forwarding to a provincial office; for the receiving office,
//! its own reference for the referral. Also the row that lists a referral on other pages.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use panah_app::{AppError, ReferralSeen, ReferralSummary};
use panah_domain::{
    OrganizationId, OrganizationKind, Party, Person, ReferralAction, ReferralId, ReferralProfile,
    Urgency,
};
use serde::Deserialize;
use uuid::Uuid;

use super::case_file::{Fact, date_fact, fact};
use super::{SignedIn, parse_id};
use crate::WebState;
use crate::dates::ShownDate;
use crate::errors::{ErrorPage, PageError};
use crate::form::{Fields, Reader};
use crate::organizations::Organizations;
use crate::ui::Ui;
use crate::widgets::{FormView, Input, Problems, Select};
use crate::{labels, numbers, problems};

/// A referral in a list.
pub(crate) struct ReferralRow {
    /// Its page.
    pub(crate) href: String,
    /// The case number, when the reader's side may know it.
    pub(crate) case_number: Option<String>,
    /// The person's category, when the list shows the person's profile.
    pub(crate) category: Option<String>,
    /// Its purpose.
    pub(crate) purpose: String,
    /// "Received from" or "Sent to", and the other organisation.
    pub(crate) counterpart: String,
    /// Its status.
    pub(crate) status: String,
    /// Whether it is urgent, said in words.
    pub(crate) urgent: Option<String>,
    /// Its due date.
    pub(crate) due: Option<ShownDate>,
    /// Whether it is past its due date while the receiver has to decide.
    pub(crate) overdue: bool,
}

impl ReferralRow {
    /// The row of `summary` (with the person's `profile`, when the list has it).
    pub(crate) fn new(
        summary: &ReferralSummary,
        profile: Option<&ReferralProfile>,
        organizations: &Organizations,
        ui: &Ui,
    ) -> ReferralRow {
        let counterpart = match summary.side {
            Party::Receiver => ui.t1(
                "referral-received-from",
                "organization",
                organizations.name(summary.from_organization_id, ui),
            ),
            _ => ui.t1(
                "referral-sent-to",
                "organization",
                organizations.name(summary.to_organization_id, ui),
            ),
        };
        ReferralRow {
            href: format!("/referrals/{}", summary.id.0),
            case_number: profile
                .and_then(|p| p.case_number.as_ref())
                .map(ToString::to_string),
            category: profile.map(|p| ui.term("case-category", p.category.as_str())),
            purpose: ui.term("referral-purpose", summary.purpose.as_str()),
            counterpart,
            status: ui.term("referral-status", summary.status.as_str()),
            urgent: (summary.urgency == Urgency::Urgent)
                .then(|| ui.term("urgency", summary.urgency.as_str())),
            due: summary.due_date.as_ref().map(|date| ui.date(date)),
            overdue: summary.overdue,
        }
    }
}

/// One step of the timeline.
struct Step {
    at: ShownDate,
    event: String,
    by: String,
    /// For a forward: the office it went to.
    forwarded_to: Option<String>,
    comment: Option<String>,
}

/// The two forms of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// Acting on the referral.
    Act,
    /// Forwarding it to a provincial office.
    Forward,
    /// Recording the receiving office's own reference.
    Reference,
}

/// A form of the page that was sent and not done: shown again as filled in.
struct Attempt {
    form: Form,
    fields: Fields,
    problems: Problems,
    notice: Option<String>,
    status: StatusCode,
}

/// An action the reader may take.
struct Move {
    action: &'static str,
    label: String,
}

/// The actions form: one button per action the app offers, and the comment.
struct ActForm {
    moves: Vec<Move>,
    comment: Input,
}

/// The receiving office's reference form, as of the version shown.
struct ReferenceForm {
    reference: Input,
    version: i64,
}

/// The forward form: the provincial office, and the comment.
struct ForwardForm {
    office: Select,
    comment: Input,
}

#[derive(Template, WebTemplate)]
#[template(path = "referral.html")]
struct ReferralPage {
    ui: Ui,
    id: String,
    row: ReferralRow,
    /// The IOM case, for the side that holds it.
    case_href: Option<String>,
    /// What was just done.
    saved: Option<String>,
    /// Why the form sent back was not done.
    refused: Option<String>,
    /// The referral: parties, purpose, urgency, dates.
    facts: Vec<Fact>,
    /// The person without identity.
    profile: Vec<Fact>,
    /// The person's identity, when the referral discloses it to the reader.
    identity: Option<Vec<Fact>>,
    message: Option<String>,
    timeline: Vec<Step>,
    act: Option<ActForm>,
    forward: Option<ForwardForm>,
    reference: Option<ReferenceForm>,
}

/// What was just done to the referral, said by the page after the redirect.
#[derive(Debug, Clone, Copy)]
enum Saved {
    /// It was moved by this action.
    Moved(ReferralAction),
    /// The receiving office's reference was recorded.
    Reference,
}

/// What the page's address may say: `?saved=<action>` after an action was taken,
/// `?saved=reference` after the reference was recorded.
#[derive(Debug, Deserialize)]
pub(crate) struct SavedQuery {
    saved: Option<String>,
}

/// `GET /referrals/{id}`.
pub(crate) async fn show(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Query(query): Query<SavedQuery>,
) -> Result<Response, PageError> {
    let id = ReferralId(parse_id(&id)?);
    let saved = query.saved.and_then(|word| match word.as_str() {
        "reference" => Some(Saved::Reference),
        action => action.parse().ok().map(Saved::Moved),
    });
    render(&state, &signed_in, id, None, saved).await
}

/// The page of referral `id`, with the form of `attempt` as sent, or a notice that the
/// change `saved` was made.
async fn render(
    state: &WebState,
    signed_in: &SignedIn,
    id: ReferralId,
    attempt: Option<Attempt>,
    saved: Option<Saved>,
) -> Result<Response, PageError> {
    let app = &state.app;
    let actor = &signed_in.session.actor;
    let now = signed_in.visit.now;
    let mut ui = Ui::new(app, &signed_in.visit, Some(&signed_in.user));
    // A refused form is shown at the address it was posted to, which answers no `GET`.
    ui.here = format!("/referrals/{}", id.0);
    let seen = app.read_referral(actor, id, now).await?;
    let organizations = Organizations::read(app, actor, now).await?;
    let moves = app.referral_moves(actor, &seen.summary);
    let sent = |form: Form| {
        attempt
            .as_ref()
            .filter(|a| a.form == form)
            .map(|a| (a.fields.clone(), a.problems.clone()))
            .unwrap_or_default()
    };
    let act = moves
        .iter()
        .any(|m| *m != ReferralAction::Forward)
        .then(|| {
            let (fields, problems) = sent(Form::Act);
            let form = FormView::new(&ui, &fields, &problems, "act");
            ActForm {
                moves: moves
                    .iter()
                    .filter(|m| **m != ReferralAction::Forward)
                    .map(|m| Move {
                        action: m.as_str(),
                        label: ui.term("referral-action", m.as_str()),
                    })
                    .collect(),
                comment: form
                    .area("comment", "referral-comment")
                    .hint(ui.t("referral-comment-hint")),
            }
        });
    let forward = moves.contains(&ReferralAction::Forward).then(|| {
        let (fields, problems) = sent(Form::Forward);
        let form = FormView::new(&ui, &fields, &problems, "forward");
        ForwardForm {
            office: form
                .select(
                    "to_organization_id",
                    "referral-forward-to",
                    organizations.choices(&[OrganizationKind::MoiProvincial], None, &ui),
                )
                .empty(ui.t("choose-one"))
                .required(),
            comment: form.area("comment", "referral-comment"),
        }
    });
    let reference = app
        .may_set_referral_reference(actor, &seen.summary)
        .then(|| {
            let (fields, problems) = match attempt.as_ref().filter(|a| a.form == Form::Reference) {
                Some(a) => (a.fields.clone(), a.problems.clone()),
                None => (
                    Fields::with(&[(
                        "receiver_reference",
                        seen.summary.receiver_reference.clone().unwrap_or_default(),
                    )]),
                    Problems::new(),
                ),
            };
            let form = FormView::new(&ui, &fields, &problems, "reference");
            ReferenceForm {
                reference: form
                    .text("receiver_reference", "referral-receiver-reference")
                    .ltr(None)
                    .hint(ui.t("referral-reference-hint")),
                // A form sent back shows the version it was filled in against, so that
                // sending it again still meets a change made meanwhile.
                version: seen.summary.version,
            }
        });
    let page = ReferralPage {
        id: id.0.to_string(),
        row: ReferralRow::new(&seen.summary, Some(&seen.profile), &organizations, &ui),
        case_href: seen.summary.case_id.map(|case| format!("/cases/{case}")),
        saved: saved.map(|saved| match saved {
            Saved::Moved(action) => ui.t1(
                "referral-saved",
                "status",
                ui.term("referral-status", action.target().as_str()),
            ),
            Saved::Reference => ui.t("referral-reference-saved"),
        }),
        refused: attempt.as_ref().map(|a| {
            a.notice
                .clone()
                .unwrap_or_else(|| ui.t("form-has-problems"))
        }),
        facts: facts(&seen, &organizations, &ui),
        profile: profile(&seen, &ui),
        identity: seen.person.as_ref().map(|person| identity(person, &ui)),
        message: seen.message.clone(),
        timeline: seen
            .timeline
            .iter()
            .map(|entry| Step {
                at: ui.date(&entry.at.date()),
                event: ui.term("timeline-event", entry.event.as_str()),
                by: format!(
                    "{} ({})",
                    entry.actor_display_name.as_str(),
                    entry.organization_code.as_str()
                ),
                forwarded_to: entry
                    .forwarded_to
                    .as_ref()
                    .map(|(office, _)| organizations.name(*office, &ui)),
                comment: entry.comment.clone(),
            })
            .collect(),
        act,
        forward,
        reference,
        ui,
    };
    let status = attempt.map_or(StatusCode::OK, |a| a.status);
    Ok((status, page).into_response())
}

/// The referral itself: who sent it to whom, what for, how urgently, what the receiver
/// is shown, and its dates.
fn facts(seen: &ReferralSeen, organizations: &Organizations, ui: &Ui) -> Vec<Fact> {
    let summary = &seen.summary;
    let mut facts = vec![
        fact(
            ui.t("referral-from"),
            organizations.name(summary.from_organization_id, ui),
        ),
        fact(
            ui.t("referral-to-organization"),
            organizations.name(summary.to_organization_id, ui),
        ),
        fact(
            ui.t("referral-urgency"),
            ui.term("urgency", summary.urgency.as_str()),
        ),
        match &summary.due_date {
            Some(due) => date_fact(ui.t("referral-due-date"), ui.date(due)),
            None => fact(ui.t("referral-due-date"), ui.t("not-recorded")),
        },
        fact(
            ui.t("referral-disclosure"),
            ui.term("disclosure", summary.disclosure.as_str()),
        ),
    ];
    if let Some(reference) = &summary.receiver_reference {
        facts.push(Fact {
            ltr: true,
            ..fact(ui.t("referral-receiver-reference"), reference.clone())
        });
    }
    facts.extend([
        date_fact(
            ui.t("referral-created-on"),
            ui.date(&summary.created_at.date()),
        ),
        date_fact(
            ui.t("referral-updated-on"),
            ui.date(&summary.updated_at.date()),
        ),
    ]);
    facts
}

/// The person as the referral describes them without identifying them.
fn profile(seen: &ReferralSeen, ui: &Ui) -> Vec<Fact> {
    let profile = &seen.profile;
    let exploitation = if profile.exploitation_types.is_empty() {
        ui.t("not-recorded")
    } else {
        profile
            .exploitation_types
            .iter()
            .map(|t| ui.term("exploitation", t.as_str()))
            .collect::<Vec<_>>()
            .join(&ui.t("list-separator"))
    };
    let mut facts = vec![
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
            ui.t("referrals-province"),
            ui.term("province", profile.province.code()),
        ),
        fact(ui.t("trafficking-exploitation-types"), exploitation),
    ];
    if let Some(given) = &seen.consent_given_on {
        facts.push(date_fact(ui.t("referral-consent-given-on"), ui.date(given)));
    }
    facts
}

/// The person's identity, every field the referral discloses.
pub(crate) fn identity(person: &Person, ui: &Ui) -> Vec<Fact> {
    let or_none = |value: &Option<String>| value.clone().unwrap_or_else(|| ui.t("not-recorded"));
    let other_script = [
        person.other_script_given_name.as_deref(),
        person.other_script_family_name.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    vec![
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
        match (person.date_of_birth, person.estimated_age) {
            (Some(born), _) => date_fact(ui.t("person-date-of-birth"), ui.date(&born)),
            (None, Some(age)) => fact(
                ui.t("person-estimated-age"),
                numbers::local_digits(&age.to_string(), ui.language),
            ),
            (None, None) => fact(ui.t("person-date-of-birth"), ui.t("not-recorded")),
        },
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
    ]
}

/// The page's address after `action` was taken: redirect-after-post.
fn done(id: ReferralId, action: ReferralAction) -> Response {
    Redirect::to(&format!("/referrals/{}?saved={action}", id.0)).into_response()
}

/// `POST /referrals/{id}/actions`: takes the action of the button pressed, with the
/// comment typed.
pub(crate) async fn act(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    fields: Fields,
) -> Result<Response, PageError> {
    let id = ReferralId(parse_id(&id)?);
    let action: ReferralAction = fields
        .get("action")
        .parse()
        .map_err(|_| ErrorPage::BadRequest)?;
    let comment = Reader::new(&fields).text("comment");
    let ui = Ui::new(&state.app, &signed_in.visit, Some(&signed_in.user));
    let outcome = state
        .app
        .act_on_referral(
            &signed_in.session.actor,
            id,
            action,
            comment,
            signed_in.visit.now,
        )
        .await;
    let attempt = match outcome {
        Ok(_) => return Ok(done(id, action)),
        Err(AppError::Invalid(found)) => Attempt {
            form: Form::Act,
            problems: problems::by_field(&found, &["comment"], ui.language),
            fields,
            notice: None,
            status: StatusCode::UNPROCESSABLE_ENTITY,
        },
        Err(AppError::InvalidTransition(_)) => Attempt {
            form: Form::Act,
            fields,
            problems: Problems::new(),
            notice: Some(ui.t("referral-changed-meanwhile")),
            status: StatusCode::CONFLICT,
        },
        Err(other) => return Err(other.into()),
    };
    render(&state, &signed_in, id, Some(attempt), None).await
}

/// `POST /referrals/{id}/reference`: records the receiving office's own reference (an
/// empty one removes it), as of the version read; a referral changed meanwhile is shown
/// again as it now stands, with the reference as typed.
pub(crate) async fn set_reference(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    fields: Fields,
) -> Result<Response, PageError> {
    let id = ReferralId(parse_id(&id)?);
    let ui = Ui::new(&state.app, &signed_in.visit, Some(&signed_in.user));
    let version = fields
        .get("version")
        .parse::<i64>()
        .map_err(|_| ErrorPage::BadRequest)?;
    let reference = Reader::new(&fields).text("receiver_reference");
    let outcome = state
        .app
        .set_referral_reference(
            &signed_in.session.actor,
            id,
            version,
            reference,
            signed_in.visit.now,
        )
        .await;
    let (problems, notice, status) = match outcome {
        Ok(_) => {
            return Ok(
                Redirect::to(&format!("/referrals/{}?saved=reference", id.0)).into_response(),
            );
        }
        Err(AppError::Invalid(found)) => (
            problems::by_field(&found, &["receiver_reference"], ui.language),
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Err(AppError::VersionMismatch) => (
            Problems::new(),
            Some(ui.t("referral-reference-changed-meanwhile")),
            StatusCode::CONFLICT,
        ),
        Err(other) => return Err(other.into()),
    };
    let attempt = Attempt {
        form: Form::Reference,
        fields,
        problems,
        notice,
        status,
    };
    render(&state, &signed_in, id, Some(attempt), None).await
}

/// `POST /referrals/{id}/forward`: forwards the referral to the provincial office chosen.
pub(crate) async fn forward(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    fields: Fields,
) -> Result<Response, PageError> {
    let id = ReferralId(parse_id(&id)?);
    let ui = Ui::new(&state.app, &signed_in.visit, Some(&signed_in.user));
    const FIELDS: &[&str] = &["to_organization_id", "comment"];
    let mut reader = Reader::new(&fields);
    let office = reader
        .choice::<Uuid>("to_organization_id")
        .map(OrganizationId);
    let comment = reader.text("comment");
    let (problems, notice, status) = match (office, reader.finish()) {
        (Some(office), Ok(())) => {
            let outcome = state
                .app
                .forward_referral(
                    &signed_in.session.actor,
                    id,
                    office,
                    comment,
                    signed_in.visit.now,
                )
                .await;
            match outcome {
                Ok(_) => return Ok(done(id, ReferralAction::Forward)),
                Err(AppError::Invalid(found)) => (
                    problems::by_field(&found, FIELDS, ui.language),
                    None,
                    StatusCode::UNPROCESSABLE_ENTITY,
                ),
                // The identity goes on only under the person's consent to share it with
                // provincial offices: the office's answer says which consent is missing.
                Err(AppError::ConsentRequired { missing, .. }) => (
                    Problems::from([(
                        "to_organization_id",
                        problems::missing_consents(&missing, ui.language),
                    )]),
                    None,
                    StatusCode::UNPROCESSABLE_ENTITY,
                ),
                Err(AppError::InvalidTransition(_)) => (
                    Problems::new(),
                    Some(ui.t("referral-changed-meanwhile")),
                    StatusCode::CONFLICT,
                ),
                Err(other) => return Err(other.into()),
            }
        }
        // `choice` names the office's problem when none was chosen.
        (_, found) => (
            problems::by_field(&found.err().unwrap_or_default(), FIELDS, ui.language),
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    };
    let attempt = Attempt {
        form: Form::Forward,
        fields,
        problems,
        notice,
        status,
    };
    render(&state, &signed_in, id, Some(attempt), None).await
}
