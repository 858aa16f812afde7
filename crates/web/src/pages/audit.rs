//! `/audit`: the audit log for auditors, newest first, filtered by who acted (their
//! username), the action and a range of days — filters that name no person of a case, so
//! they sit in the address with the page's cursor — and `POST /audit/verify`, which
//! recomputes the hash chain and shows what it found.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use panah_app::{AuditFilter, UseCase, Verification};
use panah_domain::{AuditEntry, FieldProblem, Username};
use serde::Deserialize;
use time::{Duration, OffsetDateTime, Time};

use super::SignedIn;
use crate::WebState;
use crate::dates::ShownDate;
use crate::errors::PageError;
use crate::form::{Fields, Reader};
use crate::numbers::local_digits;
use crate::problems;
use crate::ui::Ui;
use crate::widgets::{FormView, Input, Problems};

/// How many entries a page of the log shows.
const PER_PAGE: u32 = 50;

/// The filters' fields, as their problems name them.
const FILTER_FIELDS: &[&str] = &["actor", "action", "from", "to"];

#[derive(Template, WebTemplate)]
#[template(path = "audit.html")]
struct AuditPage {
    ui: Ui,
    /// The filters' inputs.
    filters: Vec<Input>,
    /// Whether a filter could not be read (its problem is beside it).
    refused: bool,
    /// The entries of this page; none when a filter could not be read.
    entries: Vec<EntryRow>,
    /// The next page's address, if there is one.
    next: Option<String>,
    /// Whether the person may verify the chain.
    may_verify: bool,
    /// What the verification found, on the page that answers it.
    verification: Option<VerificationView>,
}

/// One entry as the table shows it.
struct EntryRow {
    seq: String,
    date: ShownDate,
    time: String,
    actor: String,
    organization: Option<String>,
    action: String,
    target: Option<String>,
    outcome: String,
    failed: bool,
}

impl EntryRow {
    fn new(entry: &AuditEntry, ui: &Ui) -> EntryRow {
        let at = entry.at.to_offset(time::UtcOffset::UTC);
        let actor = match (&entry.names.actor_username, &entry.os_user) {
            (Some(username), _) => username.as_str().to_owned(),
            (None, Some(os_user)) => ui.t1("audit-operator", "name", os_user.as_str()),
            (None, None) => ui.t("audit-system"),
        };
        let target = entry
            .target_type
            .as_ref()
            .map(|kind| match &entry.target_id {
                Some(id) => format!("{kind} {id}"),
                None => kind.clone(),
            });
        EntryRow {
            seq: local_digits(&entry.seq.to_string(), ui.language),
            date: ui.date(&at.date()),
            time: local_digits(
                &format!("{:02}:{:02}:{:02}", at.hour(), at.minute(), at.second()),
                ui.language,
            ),
            actor,
            organization: entry
                .names
                .organization_code
                .as_ref()
                .map(|code| code.as_str().to_owned()),
            action: entry.action.clone(),
            target,
            outcome: ui.t(&format!("audit-outcome-{}", entry.outcome.as_str())),
            failed: entry.outcome != panah_domain::Outcome::Success,
        }
    }
}

/// What the verification found, in words.
struct VerificationView {
    ok: bool,
    said: String,
}

impl VerificationView {
    fn new(verification: &Verification, ui: &Ui) -> VerificationView {
        let checked = local_digits(&verification.entries_checked.to_string(), ui.language);
        let said = match (&verification.first_broken, verification.ok) {
            (_, true) => ui.t1("audit-verify-ok", "count", checked),
            (Some(broken), false) => ui.t1(
                "audit-verify-broken",
                "seq",
                local_digits(&broken.seq.to_string(), ui.language),
            ),
            (None, false) => ui.t("audit-verify-broken-unknown"),
        };
        VerificationView {
            ok: verification.ok,
            said,
        }
    }
}

/// The filters as the address gives them.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct AuditQuery {
    #[serde(default)]
    actor: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    before: String,
}

impl AuditQuery {
    fn fields(&self) -> Fields {
        Fields::with(&[
            ("actor", self.actor.clone()),
            ("action", self.action.clone()),
            ("from", self.from.clone()),
            ("to", self.to.clone()),
        ])
    }

    /// The store's filter, or the problems of the fields that could not be read. Days
    /// are whole days in UTC, the log's own time: `to` includes its day.
    fn filter(&self, fields: &Fields) -> Result<AuditFilter, Vec<FieldProblem>> {
        let mut reader = Reader::new(fields);
        let from = reader.optional_date("from");
        let to = reader.optional_date("to");
        let action = reader.text("action").map(|action| action.trim().to_owned());
        let actor = reader
            .text("actor")
            .map(|name| name.trim().parse::<Username>());
        if let Some(Err(_)) = &actor {
            reader.refuse(FieldProblem::coded(
                "actor",
                "username_unreadable",
                "is no username",
            ));
        }
        reader.finish()?;
        let midnight = |date: time::Date| date.with_time(Time::MIDNIGHT).assume_utc();
        Ok(AuditFilter {
            actor_username: actor.and_then(Result::ok),
            action,
            from: from.map(midnight),
            to: to.map(|day| midnight(day) + Duration::days(1)),
            before_seq: self.before.parse().ok(),
            ..AuditFilter::default()
        })
    }

    /// The address of the page after the entry `last`, with the same filters.
    fn next(&self, last: i64) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (name, value) in [
            ("actor", &self.actor),
            ("action", &self.action),
            ("from", &self.from),
            ("to", &self.to),
        ] {
            if !value.trim().is_empty() {
                query.append_pair(name, value.trim());
            }
        }
        query.append_pair("before", &last.to_string());
        format!("/audit?{}", query.finish())
    }
}

/// `GET /audit`.
pub(crate) async fn show(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Query(query): Query<AuditQuery>,
) -> Result<Response, PageError> {
    page(&state, &signed_in, &query, None).await
}

/// `POST /audit/verify`: the chain recomputed (and the verification audited), its result
/// shown on the log's first page. The result is rendered in the answer rather than
/// carried by a redirect's address, where anyone could write a reassuring one.
pub(crate) async fn verify(
    State(state): State<WebState>,
    signed_in: SignedIn,
) -> Result<Response, PageError> {
    let verification = state
        .app
        .verify_audit_chain(&signed_in.session.actor, signed_in.visit.now)
        .await?;
    page(
        &state,
        &signed_in,
        &AuditQuery::default(),
        Some(verification),
    )
    .await
}

async fn page(
    state: &WebState,
    signed_in: &SignedIn,
    query: &AuditQuery,
    verification: Option<Verification>,
) -> Result<Response, PageError> {
    let ui = Ui::new(&state.app, &signed_in.visit, Some(&signed_in.user));
    let actor = &signed_in.session.actor;
    let now: OffsetDateTime = signed_in.visit.now;
    let fields = query.fields();
    let (status, entries, next, problems) = match query.filter(&fields) {
        Ok(filter) => {
            let page = state.app.audit_log(actor, &filter, PER_PAGE, now).await?;
            let next = page
                .more
                .then(|| page.items.last().map(|last| query.next(last.seq)))
                .flatten();
            let rows = page.items.iter().map(|e| EntryRow::new(e, &ui)).collect();
            (StatusCode::OK, rows, next, Problems::new())
        }
        Err(found) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            Vec::new(),
            None,
            problems::by_field(&found, FILTER_FIELDS, ui.language),
        ),
    };
    let form = FormView::new(&ui, &fields, &problems, "audit");
    let filters = vec![
        form.text("actor", "audit-actor").ltr(None),
        form.text("action", "audit-action")
            .ltr(None)
            .hint(ui.t("audit-action-hint")),
        form.date("from", "audit-from"),
        form.date("to", "audit-to"),
    ];
    let page = AuditPage {
        filters,
        refused: !problems.is_empty(),
        entries,
        next,
        may_verify: state.app.permits(actor, UseCase::VerifyAuditChain),
        verification: verification.map(|v| VerificationView::new(&v, &ui)),
        ui,
    };
    Ok((status, page).into_response())
}
