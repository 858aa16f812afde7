//! `/`: the signed-in person's start page — what needs them today. For whoever the app
//! lets see them: their open and active cases, the referrals their organisation received
//! and has still to act on, the overdue referrals, and the planned assistance whose day
//! has come on their cases. Each list is asked of the app, which decides who sees what.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use panah_app::{
    Actor, CaseFilter, DueAssistance, Mailbox, ReferralListed, ReferralQuery, UseCase,
};
use panah_domain::{CaseStatus, CaseSummary, ReferralStatus};
use serde::Deserialize;
use time::OffsetDateTime;

use super::SignedIn;
use super::referral::ReferralRow;
use crate::WebState;
use crate::dates::ShownDate;
use crate::errors::PageError;
use crate::organizations::Organizations;
use crate::ui::Ui;

/// How many cases of each status are shown.
const CASES_LISTED: u32 = 50;
/// How many items of each list of what needs doing are shown: the oldest or most
/// urgent first, enough for a glance; the rest wait behind "there are more".
const DUE_LISTED: u32 = 15;

#[derive(Template, WebTemplate)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    ui: Ui,
    name: String,
    /// The person's open and active cases, if they may list cases.
    my_cases: Option<Listed<CaseRow>>,
    /// Referrals received and waiting for the person's organisation to act.
    awaiting: Option<Listed<ReferralRow>>,
    /// Referrals past their due date, received or sent.
    overdue: Option<Listed<ReferralRow>>,
    /// Planned assistance due on the person's cases.
    due: Option<Listed<DueRow>>,
    /// Whether they arrive from changing their password.
    changed_password: bool,
}

/// Items of one list, and whether there are more than shown.
struct Listed<T> {
    items: Vec<T>,
    more: bool,
}

/// A case as the dashboard lists it: never anything of the person's identity.
pub(crate) struct CaseRow {
    pub(crate) href: String,
    pub(crate) number: String,
    pub(crate) category: String,
    pub(crate) status: String,
    pub(crate) province: String,
    pub(crate) identified_on: ShownDate,
}

impl CaseRow {
    pub(crate) fn new(case: &CaseSummary, ui: &Ui) -> CaseRow {
        CaseRow {
            href: format!("/cases/{}", case.id),
            number: case.case_number.to_string(),
            category: ui.term("case-category", case.category.as_str()),
            status: ui.term("case-status", case.status.as_str()),
            province: ui.term("province", case.province.code()),
            identified_on: ui.date(&case.identified_on),
        }
    }
}

/// A planned service due: of which case, what, and since when.
struct DueRow {
    href: String,
    number: String,
    service: String,
    date: ShownDate,
}

impl DueRow {
    fn new(due: &DueAssistance, ui: &Ui) -> DueRow {
        DueRow {
            href: format!("/cases/{}#assistance", due.case_id),
            number: due.case_number.to_string(),
            service: ui.term("assistance-type", due.assistance_type.as_str()),
            date: ui.date(&due.date),
        }
    }
}

/// What the dashboard's address may say: `?changed=password` after a password change.
#[derive(Debug, Deserialize)]
pub(crate) struct DashboardQuery {
    changed: Option<String>,
}

/// `GET /`.
pub(crate) async fn show(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Query(query): Query<DashboardQuery>,
) -> Result<Response, PageError> {
    let SignedIn {
        visit,
        session,
        user,
    } = signed_in;
    let actor = &session.actor;
    let app = &state.app;
    let now = visit.now;
    let ui = Ui::new(app, &visit, Some(&user));

    let my_cases = if app.permits(actor, UseCase::ListCases) {
        let mut listed = Listed {
            items: Vec::new(),
            more: false,
        };
        for status in [CaseStatus::Open, CaseStatus::Active] {
            let filter = CaseFilter {
                status: Some(status),
                assigned_to: Some(user.id),
                ..CaseFilter::default()
            };
            let page = app
                .list_cases(actor, &filter, None, CASES_LISTED, now)
                .await?;
            listed.more |= page.more;
            listed
                .items
                .extend(page.items.iter().map(|case| CaseRow::new(case, &ui)));
        }
        Some(listed)
    } else {
        None
    };

    let (awaiting, overdue) = if app.permits(actor, UseCase::ListReferrals) {
        let organizations = Organizations::read(app, actor, now).await?;
        let mut awaiting = Vec::new();
        let mut awaiting_more = false;
        for status in [ReferralStatus::Sent, ReferralStatus::Acknowledged] {
            let query = ReferralQuery {
                mailbox: Some(Mailbox::Inbox),
                status: Some(status),
                ..ReferralQuery::default()
            };
            let page = referrals(app, actor, query, now).await?;
            awaiting_more |= page.more;
            awaiting.extend(page.items);
        }
        let query = ReferralQuery {
            overdue: Some(true),
            ..ReferralQuery::default()
        };
        let overdue = referrals(app, actor, query, now).await?;
        let rows = |items: &[ReferralListed]| {
            items
                .iter()
                .map(|referral| {
                    ReferralRow::new(
                        &referral.summary,
                        Some(&referral.profile),
                        &organizations,
                        &ui,
                    )
                })
                .collect()
        };
        (
            Some(Listed {
                items: rows(&awaiting),
                more: awaiting_more,
            }),
            Some(Listed {
                items: rows(&overdue.items),
                more: overdue.more,
            }),
        )
    } else {
        (None, None)
    };

    let due = if app.permits(actor, UseCase::ListAssistanceDue) {
        let page = app
            .assistance_due(actor, Some(user.id), now.date(), DUE_LISTED, now)
            .await?;
        Some(Listed {
            items: page.items.iter().map(|due| DueRow::new(due, &ui)).collect(),
            more: page.more,
        })
    } else {
        None
    };

    Ok(DashboardPage {
        name: user.display_name.as_str().to_owned(),
        ui,
        my_cases,
        awaiting,
        overdue,
        due,
        changed_password: query.changed.as_deref() == Some("password"),
    }
    .into_response())
}

/// The first page of the referrals `query` finds.
async fn referrals(
    app: &panah_app::App,
    actor: &Actor,
    query: ReferralQuery,
    now: OffsetDateTime,
) -> Result<panah_app::Page<ReferralListed>, PageError> {
    Ok(app
        .list_referrals(actor, query, None, DUE_LISTED, now)
        .await?)
}
