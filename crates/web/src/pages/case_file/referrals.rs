//! The case's referrals, and the form referring the case to another organisation. The
//! person's identity goes only under their consent: when no consent covers the receiver,
//! the app refuses, and the form says which consents are missing.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use panah_app::{Actor, App, AppError, ReferralEntry, ReferralSummary, UseCase};
use panah_domain::{
    CaseId, Disclosure, FieldProblem, OrganizationId, OrganizationKind, ReferralPurpose, Urgency,
};
use uuid::Uuid;

use super::{Attempt, Section, refused, saved, sent};
use crate::WebState;
use crate::errors::PageError;
use crate::form::{Fields, Reader};
use crate::organizations::Organizations;
use crate::pages::referral::ReferralRow;
use crate::pages::{SignedIn, parse_id};
use crate::problems;
use crate::ui::Ui;
use crate::widgets::{Checks, FormView, Input, Problems, Select, ungrouped};

/// The form's fields, by the names the app gives its problems.
const FIELDS: &[&str] = &[
    "to_organization_id",
    "purpose",
    "disclosure",
    "urgency",
    "due_date",
    "message",
];

/// The kinds of organisation a case is referred to, in the order the receiver's select
/// groups them.
const RECEIVERS: [OrganizationKind; 6] = [
    OrganizationKind::MoiNational,
    OrganizationKind::MoiProvincial,
    OrganizationKind::PartnerMinistry,
    OrganizationKind::ForeignState,
    OrganizationKind::Ngo,
    OrganizationKind::Iom,
];

/// The form referring the case.
pub(crate) struct ReferralForm {
    pub(crate) to: Select,
    pub(crate) purpose: Select,
    pub(crate) disclosure: Checks,
    pub(crate) urgency: Checks,
    pub(crate) due_date: Input,
    pub(crate) message: Input,
}

/// The referrals section.
pub(crate) struct ReferralsView {
    pub(crate) rows: Vec<ReferralRow>,
    pub(crate) form: Option<ReferralForm>,
}

/// The section: the case's `referrals` as the reader's side sees them, and the form
/// if the app lets `actor` refer it.
pub(crate) fn view(
    app: &App,
    actor: &Actor,
    referrals: &[ReferralSummary],
    organizations: &Organizations,
    attempt: Option<&Attempt>,
    ui: &Ui,
) -> ReferralsView {
    let rows = referrals
        .iter()
        .map(|referral| ReferralRow::new(referral, None, organizations, ui))
        .collect();
    let form = app.permits(actor, UseCase::MakeReferral).then(|| {
        let (fields, problems) = sent(attempt, Section::Referrals);
        let fields = fields.unwrap_or_else(|| {
            Fields::with(&[
                ("disclosure", Disclosure::Anonymised.to_string()),
                ("urgency", Urgency::Normal.to_string()),
            ])
        });
        let own = actor.signed_in().map(|user| user.organization.id);
        let form = FormView::new(ui, &fields, &problems, "referral");
        ReferralForm {
            to: form
                .select(
                    "to_organization_id",
                    "referral-to",
                    organizations.choices(&RECEIVERS, own, ui),
                )
                .empty(ui.t("choose-one"))
                .required(),
            purpose: form
                .select(
                    "purpose",
                    "referral-purpose",
                    ungrouped(ui.terms("referral-purpose", ReferralPurpose::ALL)),
                )
                .empty(ui.t("choose-one"))
                .required(),
            disclosure: form
                .checks(
                    "disclosure",
                    "referral-disclosure",
                    "radio",
                    ui.terms("disclosure", Disclosure::ALL),
                )
                .hint(ui.t("referral-disclosure-hint")),
            urgency: form.checks(
                "urgency",
                "referral-urgency",
                "radio",
                ui.terms("urgency", Urgency::ALL),
            ),
            due_date: form.date("due_date", "referral-due-date"),
            message: form
                .area("message", "referral-message")
                .hint(ui.t("referral-message-hint")),
        }
    });
    ReferralsView { rows, form }
}

/// The referral the form describes, or every field that cannot be read.
fn read(case: CaseId, fields: &Fields) -> Result<ReferralEntry, Vec<FieldProblem>> {
    let mut reader = Reader::new(fields);
    let to = reader
        .choice::<Uuid>("to_organization_id")
        .map(OrganizationId);
    let purpose = reader.choice::<ReferralPurpose>("purpose");
    let disclosure = reader.choice::<Disclosure>("disclosure");
    let urgency = reader.optional_choice::<Urgency>("urgency");
    let due_date = reader.optional_date("due_date");
    let message = reader.text("message");
    reader.finish()?;
    match (to, purpose, disclosure) {
        (Some(to), Some(purpose), Some(disclosure)) => Ok(ReferralEntry {
            case_id: Some(case),
            subject: None,
            to,
            purpose,
            disclosure,
            urgency,
            due_date,
            message,
            // The case file offers no draft: a referral made here is sent.
            send: true,
        }),
        // Each of these adds its problem when it is missing.
        _ => Err(vec![FieldProblem::coded(
            "to_organization_id",
            "choose_one",
            "choose one",
        )]),
    }
}

/// `POST /cases/{id}/referrals`: refers the case, and sends the referral.
pub(crate) async fn refer(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    fields: Fields,
) -> Result<Response, PageError> {
    let id = CaseId(parse_id(&id)?);
    let ui = Ui::new(&state.app, &signed_in.visit, Some(&signed_in.user));
    let problems = match read(id, &fields) {
        Ok(entry) => {
            let actor = &signed_in.session.actor;
            match state
                .app
                .make_referral(actor, entry, signed_in.visit.now)
                .await
            {
                Ok(_) => return Ok(saved(id, "referral", Section::Referrals)),
                Err(AppError::Invalid(found)) => problems::by_field(&found, FIELDS, ui.language),
                // The identity asked for and no consent covering the receiver: the
                // disclosure's answer says which consents to record first.
                Err(AppError::ConsentRequired { missing, .. }) => Problems::from([(
                    "disclosure",
                    problems::missing_consents(&missing, ui.language),
                )]),
                Err(other) => return Err(other.into()),
            }
        }
        Err(found) => problems::by_field(&found, FIELDS, ui.language),
    };
    let attempt = Attempt {
        section: Section::Referrals,
        fields,
        problems,
        notice: None,
        status: StatusCode::UNPROCESSABLE_ENTITY,
    };
    refused(&state, &signed_in, id, attempt).await
}
