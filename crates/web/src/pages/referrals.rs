//! `/referrals`: the referrals of the reader's office — those it received (the inbox) or
//! sent (the outbox) — the overdue ones first, filtered by status, purpose and the
//! person's province, a page at a time. The filters and the page's position (urgency, due
//! date and id of the last referral shown) name no one, so they sit in the address; the
//! list holds no identity and no message, as the app's list never does.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use panah_app::{Mailbox, Page, ReferralCursor, ReferralListed, ReferralQuery};
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

/// How many referrals a page shows, overdue and others together.
const LISTED: u32 = 50;

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
    /// The next page's address, if there is one.
    next: Option<String>,
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
    /// The part of the list the page goes on with: `others` after the overdue ones, which
    /// come first (the default).
    #[serde(default)]
    part: String,
    /// The position after which the page starts, in that part.
    #[serde(default)]
    after: String,
}

/// Where a page of the list starts: the overdue referrals come first, then the others,
/// each part in the app's order (urgent first, then by due date).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Start {
    /// Among the overdue ones, after this one (or from the first).
    Overdue(Option<ReferralCursor>),
    /// Among the others, after this one (or from the first).
    Others(Option<ReferralCursor>),
}

impl ListQuery {
    fn mailbox(&self) -> Mailbox {
        if self.mailbox == "outbox" {
            Mailbox::Outbox
        } else {
            Mailbox::Inbox
        }
    }

    /// Where the page starts; a position that is not one starts from the first.
    fn start(&self) -> Start {
        let after = self.after.parse().ok();
        if self.part == "others" {
            Start::Others(after)
        } else {
            Start::Overdue(after)
        }
    }

    /// The address of the page starting at `start`, in the same box with the same filters.
    fn next(&self, start: Start) -> String {
        let (part, after) = match start {
            Start::Overdue(after) => ("overdue", after),
            Start::Others(after) => ("others", after),
        };
        let mut href = self.href(self.mailbox_name());
        href.push_str("&part=");
        href.push_str(part);
        if let Some(after) = after {
            let mut query = form_urlencoded::Serializer::new(String::new());
            query.append_pair("after", &after.to_string());
            href.push('&');
            href.push_str(&query.finish());
        }
        href
    }

    fn mailbox_name(&self) -> &'static str {
        match self.mailbox() {
            Mailbox::Inbox => "inbox",
            Mailbox::Outbox => "outbox",
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
    let list = |overdue: bool, after: Option<ReferralCursor>, limit: u32| {
        app.list_referrals(
            actor,
            ReferralQuery {
                overdue: Some(overdue),
                ..base
            },
            after,
            limit,
            now,
        )
    };
    let none = || Page {
        items: Vec::new(),
        more: false,
    };
    // The overdue ones fill the page first; the others fill what room is left, and a
    // page with no room left still asks for none of them, to learn whether they follow.
    let start = query.start();
    let (overdue, others_after) = match start {
        Start::Overdue(after) => (list(true, after, LISTED).await?, None),
        Start::Others(after) => (none(), after),
    };
    let others = if overdue.more {
        none()
    } else {
        let room = LISTED - u32::try_from(overdue.items.len()).unwrap_or(LISTED);
        list(false, others_after, room).await?
    };
    let next = if overdue.more {
        overdue
            .items
            .last()
            .map(|last| query.next(Start::Overdue(Some(last.cursor()))))
    } else if others.more {
        let after = others
            .items
            .last()
            .map(ReferralListed::cursor)
            .or(others_after);
        Some(query.next(Start::Others(after)))
    } else {
        None
    };
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
    let current = query.mailbox_name();
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
        next,
        may_refer: app.may_refer_new_person(actor),
        saved: (query.saved == "referral").then(|| ui.t("referrals-saved-new")),
        ui,
    };
    Ok(page.into_response())
}
