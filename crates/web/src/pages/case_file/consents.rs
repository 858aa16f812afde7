//! The person's consents: each with who gave it and how, withdrawn ones kept and dated;
//! the form recording one, and a button withdrawing each valid one.

use axum::extract::{Path, State};
use axum::response::Response;
use panah_app::{Actor, App, AppError, Conflict, ConsentEntry, UseCase};
use panah_domain::{
    Case, CaseId, ConsentGiver, ConsentId, ConsentKind, ConsentMethod, FieldProblem, GivenBy,
    GuardianRelation, OrganizationKind,
};
use time::OffsetDateTime;

use super::{Attempt, People, Section, refused, saved, sent};
use crate::WebState;
use crate::dates::ShownDate;
use crate::errors::PageError;
use crate::form::{Fields, Reader};
use crate::pages::{SignedIn, parse_id};
use crate::ui::Ui;
use crate::widgets::{Checks, Choice, FormView, Input, Select, ungrouped};

/// The form's fields, by the names the app gives its problems.
const FIELDS: &[&str] = &[
    "kind",
    "given_on",
    "organization_kinds",
    "given_by",
    "guardian_relation",
    "method",
    "interpreter_used",
];

/// The kinds of organisation a person may agree to share their identity with: every
/// kind that takes referrals (donors take none).
const SHARED_WITH: [OrganizationKind; 6] = [
    OrganizationKind::MoiNational,
    OrganizationKind::MoiProvincial,
    OrganizationKind::PartnerMinistry,
    OrganizationKind::ForeignState,
    OrganizationKind::Ngo,
    OrganizationKind::Iom,
];

/// A consent as the list shows it.
pub(crate) struct ConsentRow {
    pub(crate) id: String,
    pub(crate) kind: String,
    pub(crate) given_on: ShownDate,
    pub(crate) shares_with: Option<String>,
    pub(crate) given_by: String,
    pub(crate) method: String,
    pub(crate) interpreter: String,
    pub(crate) recorded_by: Option<String>,
    pub(crate) withdrawn_on: Option<ShownDate>,
}

/// The form recording a consent.
pub(crate) struct ConsentForm {
    pub(crate) kind: Select,
    pub(crate) given_on: Input,
    pub(crate) organization_kinds: Checks,
    pub(crate) given_by: Checks,
    pub(crate) guardian_relation: Select,
    pub(crate) method: Select,
    pub(crate) interpreter_used: Checks,
}

/// The consents section.
pub(crate) struct ConsentsView {
    pub(crate) rows: Vec<ConsentRow>,
    pub(crate) form: Option<ConsentForm>,
    pub(crate) may_withdraw: bool,
}

/// The section for `case`, with what the app lets `actor` see and do.
pub(crate) async fn view(
    app: &App,
    actor: &Actor,
    case: &Case,
    people: &People,
    attempt: Option<&Attempt>,
    ui: &Ui,
    now: OffsetDateTime,
) -> Result<ConsentsView, PageError> {
    let consents = if app.permits(actor, UseCase::ListConsents) {
        app.consents(actor, case.id, now).await?
    } else {
        Vec::new()
    };
    let separator = ui.t("list-separator");
    let rows = consents
        .iter()
        .map(|consent| ConsentRow {
            id: consent.id.0.to_string(),
            kind: ui.term("consent-kind", consent.kind.as_str()),
            given_on: ui.date(&consent.given_on),
            shares_with: (!consent.organization_kinds.is_empty()).then(|| {
                consent
                    .organization_kinds
                    .iter()
                    .map(|kind| ui.term("organization-kind", kind.as_str()))
                    .collect::<Vec<_>>()
                    .join(&separator)
            }),
            given_by: match consent.given_by {
                GivenBy::ParentOrGuardian(relation) => ui.t1(
                    "consent-given-by-guardian",
                    "relation",
                    ui.term("guardian-relation", relation.as_str()),
                ),
                other => ui.term("consent-giver", other.giver().as_str()),
            },
            method: consent.method.map_or_else(
                || ui.t("not-recorded"),
                |method| ui.term("consent-method", method.as_str()),
            ),
            interpreter: if consent.interpreter_used {
                ui.t("answer-yes")
            } else {
                ui.t("answer-no")
            },
            recorded_by: people.name(consent.recorded_by),
            withdrawn_on: consent.withdrawn_on.as_ref().map(|date| ui.date(date)),
        })
        .collect();
    let form = app
        .permits(actor, UseCase::RecordConsent)
        .then(|| form(attempt, ui, now));
    Ok(ConsentsView {
        rows,
        form,
        may_withdraw: app.permits(actor, UseCase::WithdrawConsent),
    })
}

fn form(attempt: Option<&Attempt>, ui: &Ui, now: OffsetDateTime) -> ConsentForm {
    let (fields, problems) = sent(attempt, Section::Consents);
    let fields = fields.unwrap_or_else(|| {
        Fields::with(&[
            ("given_on", ui.date_input(now.date())),
            ("given_by", ConsentGiver::Person.to_string()),
        ])
    });
    let form = FormView::new(ui, &fields, &problems, "consent");
    ConsentForm {
        kind: form
            .select(
                "kind",
                "consent-kind",
                ungrouped(ui.terms("consent-kind", ConsentKind::ALL)),
            )
            .empty(ui.t("choose-one"))
            .required(),
        given_on: form.date("given_on", "consent-given-on").required(),
        organization_kinds: form
            .checks(
                "organization_kinds",
                "consent-organization-kinds",
                "checkbox",
                ui.terms("organization-kind", &SHARED_WITH),
            )
            .hint(ui.t("consent-organization-kinds-hint")),
        given_by: form
            .checks(
                "given_by",
                "consent-given-by",
                "radio",
                ui.terms("consent-giver", ConsentGiver::ALL),
            )
            .hint(ui.t("consent-given-by-hint")),
        guardian_relation: form
            .select(
                "guardian_relation",
                "consent-guardian-relation",
                ungrouped(ui.terms("guardian-relation", GuardianRelation::ALL)),
            )
            .empty(ui.t("not-applicable"))
            .hint(ui.t("consent-guardian-relation-hint")),
        method: form
            .select(
                "method",
                "consent-method",
                ungrouped(ui.terms("consent-method", ConsentMethod::ALL)),
            )
            .empty(ui.t("not-recorded")),
        interpreter_used: form.checks(
            "interpreter_used",
            "consent-interpreter",
            "checkbox",
            vec![Choice {
                value: "yes".into(),
                label: ui.t("consent-interpreter-used"),
                chosen: false,
            }],
        ),
    }
}

/// The consent the form describes, or every field that cannot be read.
fn read(fields: &Fields) -> Result<ConsentEntry, Vec<FieldProblem>> {
    let mut reader = Reader::new(fields);
    let kind = reader.choice::<ConsentKind>("kind");
    let given_on = reader.date("given_on");
    let organization_kinds = reader.choices::<OrganizationKind>("organization_kinds");
    let giver = reader.choice::<ConsentGiver>("given_by");
    let relation = reader.optional_choice::<GuardianRelation>("guardian_relation");
    let method = reader.optional_choice::<ConsentMethod>("method");
    let interpreter_used = reader.ticked("interpreter_used");
    let given_by = giver.and_then(|giver| match GivenBy::from_parts(giver, relation) {
        Ok(given_by) => Some(given_by),
        Err((field, message)) => {
            // The domain says which way the two parts disagree; the code names it.
            let code = if giver == ConsentGiver::ParentOrGuardian {
                "guardian_relation_required"
            } else {
                "guardian_relation_not_allowed"
            };
            reader.refuse(FieldProblem::coded(field, code, message));
            None
        }
    });
    reader.finish()?;
    match (kind, given_on, given_by) {
        (Some(kind), Some(given_on), Some(given_by)) => Ok(ConsentEntry {
            kind,
            given_on,
            organization_kinds,
            given_by,
            method,
            interpreter_used,
        }),
        // Each of these adds its problem when it is missing.
        _ => Err(vec![FieldProblem::coded(
            "kind",
            "choose_one",
            "choose one",
        )]),
    }
}

/// `POST /cases/{id}/consents`: records a consent.
pub(crate) async fn record(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    fields: Fields,
) -> Result<Response, PageError> {
    let id = CaseId(parse_id(&id)?);
    let ui = Ui::new(&state.app, &signed_in.visit, Some(&signed_in.user));
    let found = match read(&fields) {
        Ok(entry) => {
            let actor = &signed_in.session.actor;
            match state
                .app
                .record_consent(actor, id, entry, signed_in.visit.now)
                .await
            {
                Ok(_) => return Ok(saved(id, "consent", Section::Consents)),
                Err(AppError::Invalid(found)) => found,
                Err(other) => return Err(other.into()),
            }
        }
        Err(found) => found,
    };
    let attempt = Attempt::invalid(Section::Consents, fields, &found, FIELDS, &ui);
    refused(&state, &signed_in, id, attempt).await
}

/// `POST /cases/{id}/consents/{consent}/withdraw`: withdraws a consent as of today;
/// what relied on it stops with it (the app does both at once).
pub(crate) async fn withdraw(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path((id, consent)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let id = CaseId(parse_id(&id)?);
    let consent = ConsentId(parse_id(&consent)?);
    let actor = &signed_in.session.actor;
    match state
        .app
        .withdraw_consent(actor, id, consent, None, signed_in.visit.now)
        .await
    {
        Ok(_) => Ok(saved(id, "withdrawn", Section::Consents)),
        Err(AppError::Conflict(Conflict::AlreadyWithdrawn)) => {
            let ui = Ui::new(&state.app, &signed_in.visit, Some(&signed_in.user));
            let notice = ui.t("consent-already-withdrawn");
            let attempt = Attempt::conflict(Section::Consents, Fields::default(), notice);
            refused(&state, &signed_in, id, attempt).await
        }
        Err(other) => Err(other.into()),
    }
}
