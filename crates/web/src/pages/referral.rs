//! `/referrals/{id}`: a referral as the reader's side sees it — its status, purpose and
//! timeline, read-only — and the row that lists a referral on other pages. Acting on a
//! referral from the web is for a later page; this one makes sure that every link to a
//! referral leads somewhere.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use panah_domain::{Party, ReferralId, ReferralProfile, Urgency};

use super::{SignedIn, parse_id};
use crate::WebState;
use crate::dates::ShownDate;
use crate::errors::PageError;
use crate::organizations::Organizations;
use crate::ui::Ui;
use panah_app::ReferralSummary;

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
    comment: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "referral.html")]
struct ReferralPage {
    ui: Ui,
    row: ReferralRow,
    disclosure: String,
    case_href: Option<String>,
    /// The person's names, when the referral discloses them to the reader.
    names: Option<String>,
    message: Option<String>,
    timeline: Vec<Step>,
}

/// `GET /referrals/{id}`.
pub(crate) async fn show(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = ReferralId(parse_id(&id)?);
    let SignedIn {
        visit,
        session,
        user,
    } = signed_in;
    let actor = &session.actor;
    let ui = Ui::new(&state.app, &visit, Some(&user));
    let seen = state.app.read_referral(actor, id, visit.now).await?;
    let organizations = Organizations::read(&state.app, actor, visit.now).await?;
    let timeline = seen
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
            comment: entry.comment.clone(),
        })
        .collect();
    let names = seen.person.as_ref().map(|person| {
        [
            Some(person.given_name.as_str()),
            person.family_name.as_deref(),
            person.fathers_name.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ")
    });
    Ok(ReferralPage {
        row: ReferralRow::new(&seen.summary, Some(&seen.profile), &organizations, &ui),
        disclosure: ui.term("disclosure", seen.summary.disclosure.as_str()),
        case_href: seen.summary.case_id.map(|case| format!("/cases/{case}")),
        names,
        message: seen.message,
        timeline,
        ui,
    }
    .into_response())
}
