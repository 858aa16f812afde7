//! `/`: the signed-in person's start page. For whoever may list cases, the open and
//! active cases assigned to them, through the app's list use case.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use panah_app::{CaseFilter, UseCase};
use panah_domain::{CaseStatus, CaseSummary};
use serde::Deserialize;

use super::SignedIn;
use crate::WebState;
use crate::dates::ShownDate;
use crate::errors::PageError;
use crate::ui::Ui;

/// How many cases of each status the dashboard lists.
const LISTED: u32 = 50;

#[derive(Template, WebTemplate)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    ui: Ui,
    name: String,
    /// The person's open and active cases, if they may list cases.
    my_cases: Option<Vec<CaseRow>>,
    /// Whether more cases are assigned to them than listed.
    more: bool,
    /// Whether they arrive from changing their password.
    changed_password: bool,
}

/// A case as the dashboard lists it: never anything of the person's identity.
struct CaseRow {
    number: String,
    category: String,
    status: String,
    identified_on: ShownDate,
}

impl CaseRow {
    fn new(case: &CaseSummary, ui: &Ui) -> CaseRow {
        CaseRow {
            number: case.case_number.to_string(),
            category: ui.t(&format!("case-category-{}", case.category.as_str())),
            status: ui.t(&format!("case-status-{}", case.status.as_str())),
            identified_on: ui.date(&case.identified_on),
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
    let ui = Ui::new(&state.app, &visit, Some(&user));
    let mut more = false;
    let my_cases = if state.app.permits(actor, UseCase::ListCases) {
        let mut rows = Vec::new();
        for status in [CaseStatus::Open, CaseStatus::Active] {
            let filter = CaseFilter {
                status: Some(status),
                assigned_to: Some(user.id),
                ..CaseFilter::default()
            };
            let page = state
                .app
                .list_cases(actor, &filter, None, LISTED, visit.now)
                .await?;
            more |= page.more;
            rows.extend(page.items.iter().map(|case| CaseRow::new(case, &ui)));
        }
        Some(rows)
    } else {
        None
    };
    Ok(DashboardPage {
        name: user.display_name.as_str().to_owned(),
        ui,
        my_cases,
        more,
        changed_password: query.changed.as_deref() == Some("password"),
    }
    .into_response())
}
