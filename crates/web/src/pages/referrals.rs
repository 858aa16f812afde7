//! `/referrals`: the referrals of the reader's office — those it received (the inbox) or
//! sent (the outbox) — the overdue ones first, filtered by status, purpose and the
//! person's province. The filters name no one, so they sit in the address; the list
//! holds no identity and no message, as the app's list never does.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use panah_app::{Mailbox, ReferralListed, ReferralQuery};
use panah_domain::{ReferralPurpose, ReferralStatus};
use serde::Deserialize;

use super::SignedIn;
use super::cases::province_choices;
use super::referral::ReferralRow;
use crate::WebState;
use crate::errors::PageError;
use crate::form::Fields;
use crate::organizations::Organizations;
use crate::ui::Ui;
use crate::widgets::{FormView, Problems, Select, ungrouped};

/// How many referrals each part of the list shows: an office's work of some weeks.
const LISTED: u32 = 100;

#[derive(Template, WebTemplate)]
#[template(path = "referrals.html")]
struct ReferralsPage {
    ui: Ui,
    /// `inbox` or `outbox`.
    mailbox: &'static str,
    /// The two boxes, as links keeping the filters.
    tabs: Vec<Tab>,
    filters: Vec<Select>,
    /// The overdue referrals of the box, first.
    overdue: Vec<ReferralRow>,
    /// The others.
    others: Vec<ReferralRow>,
    /// Whether either part has more than it shows.
    more: bool,
    /// Whether the reader may refer a person to IOM from here.
    may_refer: bool,
    /// What was just done, after the redirect that followed it.
    saved: Option<String>,
}

/// A box of the list.
struct Tab {
    href: String,
    label: String,
    current: bool,
}

/// The list's address: the box and the filters; a value that is none of the options is
/// ignored, as if not given.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ListQuery {
    #[serde(default, rename = "box")]
    mailbox: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    purpose: String,
    #[serde(default)]
    province: String,
    #[serde(default)]
    saved: String,
}

impl ListQuery {
    fn mailbox(&self) -> Mailbox {
        if self.mailbox == "outbox" {
            Mailbox::Outbox
        } else {
            Mailbox::Inbox
        }
    }

    /// The address of the box `mailbox` with the same filters.
    fn href(&self, mailbox: &str) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        query.append_pair("box", mailbox);
        for (name, value) in [
            ("status", &self.status),
            ("purpose", &self.purpose),
            ("province", &self.province),
        ] {
            if !value.is_empty() {
                query.append_pair(name, value);
            }
        }
        format!("/referrals?{}", query.finish())
    }
}

/// `GET /referrals`.
pub(crate) async fn show(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Query(query): Query<ListQuery>,
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
    let mailbox = query.mailbox();
    let base = ReferralQuery {
        mailbox: Some(mailbox),
        status: query.status.parse().ok(),
        purpose: query.purpose.parse().ok(),
        province: query.province.parse().ok(),
        ..ReferralQuery::default()
    };
    let overdue = app
        .list_referrals(
            actor,
            ReferralQuery {
                overdue: Some(true),
                ..base
            },
            None,
            LISTED,
            now,
        )
        .await?;
    let others = app
        .list_referrals(
            actor,
            ReferralQuery {
                overdue: Some(false),
                ..base
            },
            None,
            LISTED,
            now,
        )
        .await?;
    let organizations = Organizations::read(app, actor, now).await?;
    let rows = |items: &[ReferralListed]| -> Vec<ReferralRow> {
        items
            .iter()
            .map(|listed| {
                ReferralRow::new(&listed.summary, Some(&listed.profile), &organizations, &ui)
            })
            .collect()
    };
    let fields = Fields::with(&[
        ("status", query.status.clone()),
        ("purpose", query.purpose.clone()),
        ("province", query.province.clone()),
    ]);
    let no_problems = Problems::new();
    let form = FormView::new(&ui, &fields, &no_problems, "filter");
    let mut filters = vec![
        form.select(
            "status",
            "referral-status",
            ungrouped(ui.terms("referral-status", ReferralStatus::ALL)),
        )
        .empty(ui.t("filter-any")),
        form.select(
            "purpose",
            "referral-purpose",
            ungrouped(ui.terms("referral-purpose", ReferralPurpose::ALL)),
        )
        .empty(ui.t("filter-any")),
    ];
    // An office of one province refers and receives that province's people; whoever
    // works for more than one province chooses among them.
    if user.organization.province.is_none() {
        filters.push(
            form.select(
                "province",
                "referrals-province",
                ungrouped(province_choices(&ui)),
            )
            .empty(ui.t("filter-any")),
        );
    }
    let current = match mailbox {
        Mailbox::Inbox => "inbox",
        Mailbox::Outbox => "outbox",
    };
    let tabs = [("inbox", "referrals-inbox"), ("outbox", "referrals-outbox")]
        .into_iter()
        .map(|(name, key)| Tab {
            href: query.href(name),
            label: ui.t(key),
            current: name == current,
        })
        .collect();
    let page = ReferralsPage {
        mailbox: current,
        tabs,
        filters,
        overdue: rows(&overdue.items),
        others: rows(&others.items),
        more: overdue.more || others.more,
        may_refer: app.may_refer_new_person(actor),
        saved: (query.saved == "referral").then(|| ui.t("referrals-saved-new")),
        ui,
    };
    Ok(page.into_response())
}
