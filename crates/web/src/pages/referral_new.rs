//! `/referrals/new`: a Ministry of Interior office refers a person it has identified to
//! IOM — the person inline (no IOM case exists yet), anonymised or with their identity,
//! which needs the date the person agreed to be referred. The app checks everything; a
//! refused form comes back as it was filled in, each problem next to its field.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use panah_app::{AppError, ReferralEntry, Subject};
use panah_domain::{
    CaseCategory, ConsentGiver, Country, Disclosure, ExploitationType, FieldProblem, GivenBy,
    GuardianRelation, OrganizationId, OrganizationKind, Person, ReferralPurpose, Sex,
    TraffickingProfile, Urgency,
};
use uuid::Uuid;

use super::SignedIn;
use super::case_new::country_choices;
use super::cases::province_choices;
use crate::WebState;
use crate::errors::{ErrorPage, PageError};
use crate::form::{Fields, Reader};
use crate::organizations::Organizations;
use crate::problems;
use crate::ui::Ui;
use crate::widgets::{Checks, FormView, Group, Input, Problems, Select, ungrouped};

/// The form's fields, by the names the app gives its problems; a problem naming none of
/// them is shown with the first.
const FIELDS: &[&str] = &[
    "to_organization_id",
    "purpose",
    "urgency",
    "due_date",
    "message",
    "subject.category",
    "subject.province",
    "subject.identified_on",
    "subject.person.given_name",
    "subject.person.family_name",
    "subject.person.fathers_name",
    "subject.person.other_script_given_name",
    "subject.person.sex",
    "subject.person.date_of_birth",
    "subject.person.estimated_age",
    "subject.person.citizenship",
    "subject.person.phone",
    "subject.person.address",
    "subject.person.document_number",
    "subject.trafficking.exploitation_types",
    "disclosure",
    "subject.consent_given_on",
    "subject.consent_given_by",
    "subject.consent_guardian_relation",
];

#[derive(Template, WebTemplate)]
#[template(path = "referral_new.html")]
struct NewReferralPage {
    ui: Ui,
    refused: bool,
    to: Select,
    purpose: Select,
    urgency: Checks,
    due_date: Input,
    message: Input,
    category: Checks,
    province: Select,
    identified_on: Input,
    names: Vec<Input>,
    sex: Checks,
    date_of_birth: Input,
    estimated_age: Input,
    citizenship: Select,
    contact: Vec<Input>,
    exploitation_types: Checks,
    disclosure: Checks,
    consent_given_on: Input,
    consent_given_by: Checks,
    consent_guardian_relation: Select,
}

/// `GET /referrals/new`.
pub(crate) async fn show(
    State(state): State<WebState>,
    signed_in: SignedIn,
) -> Result<Response, PageError> {
    if !state.app.may_refer_new_person(&signed_in.session.actor) {
        return Err(ErrorPage::Forbidden.into());
    }
    let ui = Ui::new(&state.app, &signed_in.visit, Some(&signed_in.user));
    let actor = &signed_in.session.actor;
    let organizations = Organizations::read(&state.app, actor, signed_in.visit.now).await?;
    let receivers = receivers(&organizations, &ui);
    // IOM is one organisation in most places: chosen already when it is the only one.
    let only_receiver = match receivers.as_slice() {
        [group] if group.choices.len() == 1 => group.choices[0].value.clone(),
        _ => String::new(),
    };
    let today = ui.date_input(signed_in.visit.now.date());
    let own = &signed_in.user.organization;
    let fields = Fields::with(&[
        ("to_organization_id", only_receiver),
        ("subject.identified_on", today),
        (
            "subject.province",
            own.province
                .map(|p| p.code().to_owned())
                .unwrap_or_default(),
        ),
        (
            "subject.person.citizenship",
            Country::AFGHANISTAN.code().to_owned(),
        ),
        ("urgency", Urgency::Normal.to_string()),
        ("disclosure", Disclosure::Anonymised.to_string()),
        ("subject.consent_given_by", ConsentGiver::Person.to_string()),
    ]);
    Ok(page(ui, &fields, &Problems::new(), receivers).into_response())
}

/// `POST /referrals/new`: sends the referral to IOM, then shows the office's outbox.
pub(crate) async fn submit(
    State(state): State<WebState>,
    signed_in: SignedIn,
    fields: Fields,
) -> Result<Response, PageError> {
    let ui = Ui::new(&state.app, &signed_in.visit, Some(&signed_in.user));
    let problems = match read(&fields) {
        Ok(entry) => {
            let outcome = state
                .app
                .make_referral(&signed_in.session.actor, entry, signed_in.visit.now)
                .await;
            match outcome {
                Ok(_) => {
                    let to = "/referrals?box=outbox&saved=referral";
                    return Ok(Redirect::to(to).into_response());
                }
                Err(AppError::Invalid(found)) => problems::by_field(&found, FIELDS, ui.language),
                // The identity asked for without the date the person agreed to be
                // referred: the date's answer says so.
                Err(AppError::ConsentRequired { .. }) => Problems::from([(
                    "subject.consent_given_on",
                    ui.t("referral-new-consent-required"),
                )]),
                Err(other) => return Err(other.into()),
            }
        }
        Err(found) => problems::by_field(&found, FIELDS, ui.language),
    };
    let organizations =
        Organizations::read(&state.app, &signed_in.session.actor, signed_in.visit.now).await?;
    let receivers = receivers(&organizations, &ui);
    let page = page(ui, &fields, &problems, receivers);
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// The referral the form describes, or every field that cannot be read.
fn read(fields: &Fields) -> Result<ReferralEntry, Vec<FieldProblem>> {
    let mut reader = Reader::new(fields);
    let to = reader
        .choice::<Uuid>("to_organization_id")
        .map(OrganizationId);
    let purpose = reader.choice::<ReferralPurpose>("purpose");
    let urgency = reader.optional_choice::<Urgency>("urgency");
    let due_date = reader.optional_date("due_date");
    let category = reader.choice::<CaseCategory>("subject.category");
    let province = reader.choice("subject.province");
    let identified_on = reader.date("subject.identified_on");
    let sex = reader.choice::<Sex>("subject.person.sex");
    let date_of_birth = reader.optional_date("subject.person.date_of_birth");
    // An age too large for the record is kept as the largest it holds, which the app
    // refuses as out of range, rather than called unreadable.
    let estimated_age = reader
        .optional_number::<u32>("subject.person.estimated_age")
        .map(|age| u8::try_from(age).unwrap_or(u8::MAX));
    let citizenship = reader.choice::<Country>("subject.person.citizenship");
    let exploitation_types =
        reader.choices::<ExploitationType>("subject.trafficking.exploitation_types");
    let disclosure = reader.choice::<Disclosure>("disclosure");
    let consent_given_on = reader.optional_date("subject.consent_given_on");
    let giver = reader.choice::<ConsentGiver>("subject.consent_given_by");
    let relation = reader.optional_choice::<GuardianRelation>("subject.consent_guardian_relation");
    let given_by = giver.and_then(|giver| match GivenBy::from_parts(giver, relation) {
        Ok(given_by) => Some(given_by),
        Err((_, message)) => {
            // The domain says which way the two parts disagree; the code names it.
            let code = if giver == ConsentGiver::ParentOrGuardian {
                "guardian_relation_required"
            } else {
                "guardian_relation_not_allowed"
            };
            reader.refuse(FieldProblem::coded(
                "subject.consent_guardian_relation",
                code,
                message,
            ));
            None
        }
    });
    let person = sex.zip(citizenship).map(|(sex, citizenship)| Person {
        given_name: fields.get("subject.person.given_name").to_owned(),
        family_name: reader.text("subject.person.family_name"),
        fathers_name: reader.text("subject.person.fathers_name"),
        other_script_given_name: reader.text("subject.person.other_script_given_name"),
        other_script_family_name: None,
        sex,
        date_of_birth,
        estimated_age,
        citizenship,
        phone: reader.text("subject.person.phone"),
        address: reader.text("subject.person.address"),
        document_number: reader.text("subject.person.document_number"),
    });
    let message = reader.text("message");
    reader.finish()?;
    match (
        to,
        purpose,
        category,
        province,
        identified_on,
        person,
        disclosure,
        given_by,
    ) {
        (
            Some(to),
            Some(purpose),
            Some(category),
            Some(province),
            Some(identified_on),
            Some(person),
            Some(disclosure),
            Some(consent_given_by),
        ) => Ok(ReferralEntry {
            case_id: None,
            subject: Some(Subject {
                category,
                province,
                identified_on,
                person,
                trafficking: TraffickingProfile {
                    exploitation_types,
                    ..TraffickingProfile::default()
                },
                consent_given_on,
                consent_given_by,
            }),
            to,
            purpose,
            disclosure,
            urgency,
            due_date,
            message,
            // A ministry's referral of a new person goes at once: there is no case file
            // to keep a draft on.
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

/// IOM's offices, to choose the receiver from.
fn receivers(organizations: &Organizations, ui: &Ui) -> Vec<Group> {
    organizations.choices(&[OrganizationKind::Iom], None, ui)
}

/// The form, filled in with `fields`, each of `problems` beside its field.
fn page(ui: Ui, fields: &Fields, problems: &Problems, receivers: Vec<Group>) -> NewReferralPage {
    let form = FormView::new(&ui, fields, problems, "refer");
    let (_, citizenship_groups) = country_choices(&ui);
    NewReferralPage {
        refused: !problems.is_empty(),
        to: form
            .select("to_organization_id", "referral-to", receivers)
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
        category: form.checks(
            "subject.category",
            "case-category",
            "radio",
            ui.terms("case-category", CaseCategory::ALL),
        ),
        province: form
            .select(
                "subject.province",
                "referral-new-province",
                ungrouped(province_choices(&ui)),
            )
            .empty(ui.t("choose-one"))
            .required(),
        identified_on: form
            .date("subject.identified_on", "case-identified-on")
            .required(),
        names: vec![
            form.text("subject.person.given_name", "person-given-name")
                .required(),
            form.text("subject.person.family_name", "person-family-name"),
            form.text("subject.person.fathers_name", "person-fathers-name"),
            form.text(
                "subject.person.other_script_given_name",
                "person-other-script-given-name",
            )
            .hint(ui.t("person-other-script-hint")),
        ],
        sex: form.checks(
            "subject.person.sex",
            "person-sex",
            "radio",
            ui.terms("sex", Sex::ALL),
        ),
        date_of_birth: form.date("subject.person.date_of_birth", "person-date-of-birth"),
        estimated_age: form
            .text("subject.person.estimated_age", "person-estimated-age")
            .ltr(Some("numeric"))
            .hint(ui.t("person-estimated-age-hint")),
        citizenship: form
            .select(
                "subject.person.citizenship",
                "person-citizenship",
                citizenship_groups,
            )
            .required(),
        contact: vec![
            form.text("subject.person.phone", "person-phone")
                .ltr(Some("tel"))
                .kind("tel"),
            form.text("subject.person.address", "person-address"),
            form.text("subject.person.document_number", "person-document-number")
                .ltr(None),
        ],
        exploitation_types: form.checks(
            "subject.trafficking.exploitation_types",
            "trafficking-exploitation-types",
            "checkbox",
            ui.terms("exploitation", ExploitationType::ALL),
        ),
        disclosure: form
            .checks(
                "disclosure",
                "referral-disclosure",
                "radio",
                ui.terms("disclosure", Disclosure::ALL),
            )
            .hint(ui.t("referral-new-disclosure-hint")),
        consent_given_on: form
            .date("subject.consent_given_on", "referral-consent-given-on")
            .hint(ui.t("referral-new-consent-hint")),
        consent_given_by: form
            .checks(
                "subject.consent_given_by",
                "consent-given-by",
                "radio",
                ui.terms("consent-giver", ConsentGiver::ALL),
            )
            .hint(ui.t("consent-given-by-hint")),
        consent_guardian_relation: form
            .select(
                "subject.consent_guardian_relation",
                "consent-guardian-relation",
                ungrouped(ui.terms("guardian-relation", GuardianRelation::ALL)),
            )
            .empty(ui.t("not-applicable"))
            .hint(ui.t("consent-guardian-relation-hint")),
        ui,
    }
}
