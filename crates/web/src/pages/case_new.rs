//! `/cases/new`: registering a case — the case, the person (names in any script, dates in
//! either calendar) and the trafficking profile. The app checks everything; a refused
//! form comes back as it was filled in, each problem next to its field.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use panah_app::{AppError, NewCaseFile, UseCase};
use panah_domain::{
    CaseCategory, Country, ExploitationType, FieldProblem, MeansOfControl, Person,
    RecruiterRelation, Recruitment, Sex, TraffickingProfile, UserId,
};
use uuid::Uuid;

use super::SignedIn;
use super::cases::{assignee_choices, province_choices};
use crate::WebState;
use crate::errors::PageError;
use crate::form::{Fields, Reader};
use crate::labels::{self, NAMED_COUNTRIES};
use crate::problems;
use crate::ui::Ui;
use crate::widgets::{Checks, Choice, FormView, Group, Input, Problems, Select, ungrouped};

/// The form's fields, by the names the app gives its problems; a problem naming none of
/// them is shown with the first.
const FIELDS: &[&str] = &[
    "category",
    "province",
    "identified_on",
    "assigned_to",
    "person.given_name",
    "person.family_name",
    "person.fathers_name",
    "person.other_script_given_name",
    "person.other_script_family_name",
    "person.sex",
    "person.date_of_birth",
    "person.estimated_age",
    "person.citizenship",
    "person.phone",
    "person.address",
    "person.document_number",
    "trafficking.exploitation_types",
    "trafficking.means_of_control",
    "trafficking.recruitment",
    "trafficking.relationship_to_recruiter",
    "trafficking.countries_of_exploitation",
    "trafficking.other_countries",
    "trafficking.cross_border",
];

#[derive(Template, WebTemplate)]
#[template(path = "case_new.html")]
struct NewCasePage {
    ui: Ui,
    refused: bool,
    category: Checks,
    province: Select,
    identified_on: Input,
    assigned_to: Option<Select>,
    names: Vec<Input>,
    sex: Checks,
    date_of_birth: Input,
    estimated_age: Input,
    citizenship: Select,
    contact: Vec<Input>,
    exploitation_types: Checks,
    means_of_control: Checks,
    recruitment: Select,
    relationship_to_recruiter: Select,
    countries_of_exploitation: Checks,
    other_countries: Input,
    cross_border: Checks,
}

/// `GET /cases/new`.
pub(crate) async fn show(
    State(state): State<WebState>,
    signed_in: SignedIn,
) -> Result<Response, PageError> {
    // Whoever may not register cases is refused (and the refusal audited) before the form.
    state
        .app
        .authorize(
            &signed_in.session.actor,
            UseCase::RegisterCase,
            signed_in.visit.now,
        )
        .await?;
    let ui = Ui::new(&state.app, &signed_in.visit, Some(&signed_in.user));
    let fields = Fields::with(&[
        ("identified_on", ui.date_input(signed_in.visit.now.date())),
        ("person.citizenship", Country::AFGHANISTAN.code().to_owned()),
    ]);
    Ok(page(&state, &signed_in, ui, &fields, &Problems::new())
        .await?
        .into_response())
}

/// `POST /cases/new`: registers the case, then shows its file.
pub(crate) async fn submit(
    State(state): State<WebState>,
    signed_in: SignedIn,
    fields: Fields,
) -> Result<Response, PageError> {
    let refused = match read(&fields) {
        Ok(new) => {
            let actor = &signed_in.session.actor;
            match state
                .app
                .register_case(actor, new, signed_in.visit.now)
                .await
            {
                Ok(case) => {
                    let to = format!("/cases/{}?saved=case", case.id);
                    return Ok(Redirect::to(&to).into_response());
                }
                Err(AppError::Invalid(problems)) => problems,
                Err(other) => return Err(other.into()),
            }
        }
        Err(problems) => problems,
    };
    let ui = Ui::new(&state.app, &signed_in.visit, Some(&signed_in.user));
    let problems = problems::by_field(&refused, FIELDS, ui.language);
    let page = page(&state, &signed_in, ui, &fields, &problems).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// The case the form describes, or every field that cannot be read.
fn read(fields: &Fields) -> Result<NewCaseFile, Vec<FieldProblem>> {
    let mut reader = Reader::new(fields);
    let category = reader.choice::<CaseCategory>("category");
    let province = reader.choice("province");
    let identified_on = reader.date("identified_on");
    let assigned_to = reader.optional_choice::<Uuid>("assigned_to").map(UserId);
    let sex = reader.choice::<Sex>("person.sex");
    let date_of_birth = reader.optional_date("person.date_of_birth");
    // An age too large for the record is kept as the largest it holds, which the app
    // refuses as out of range, rather than called unreadable.
    let estimated_age = reader
        .optional_number::<u32>("person.estimated_age")
        .map(|age| u8::try_from(age).unwrap_or(u8::MAX));
    let citizenship = reader.choice::<Country>("person.citizenship");
    let mut countries = reader.choices::<Country>("trafficking.countries_of_exploitation");
    for code in fields
        .get("trafficking.other_countries")
        .split([',', '،', ';', ' '])
        .filter(|code| !code.is_empty())
    {
        match code.to_ascii_uppercase().parse::<Country>() {
            Ok(country) if !countries.contains(&country) => countries.push(country),
            Ok(_) => {}
            Err(_) => reader.refuse(FieldProblem::coded(
                "trafficking.other_countries",
                "country_unreadable",
                "is not a list of ISO 3166-1 country codes",
            )),
        }
    }
    let cross_border = match fields.get("trafficking.cross_border") {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    };
    let trafficking = TraffickingProfile {
        exploitation_types: reader.choices::<ExploitationType>("trafficking.exploitation_types"),
        means_of_control: reader.choices::<MeansOfControl>("trafficking.means_of_control"),
        recruitment: reader.optional_choice::<Recruitment>("trafficking.recruitment"),
        relationship_to_recruiter: reader
            .optional_choice::<RecruiterRelation>("trafficking.relationship_to_recruiter"),
        countries_of_recruitment: Vec::new(),
        countries_of_transit: Vec::new(),
        countries_of_exploitation: countries,
        cross_border,
    };
    let person = |sex, citizenship| Person {
        given_name: fields.get("person.given_name").to_owned(),
        family_name: reader.text("person.family_name"),
        fathers_name: reader.text("person.fathers_name"),
        other_script_given_name: reader.text("person.other_script_given_name"),
        other_script_family_name: reader.text("person.other_script_family_name"),
        sex,
        date_of_birth,
        estimated_age,
        citizenship,
        phone: reader.text("person.phone"),
        address: reader.text("person.address"),
        document_number: reader.text("person.document_number"),
    };
    let person = sex
        .zip(citizenship)
        .map(|(sex, citizenship)| person(sex, citizenship));
    reader.finish()?;
    match (category, province, identified_on, person) {
        (Some(category), Some(province), Some(identified_on), Some(person)) => Ok(NewCaseFile {
            category,
            province,
            identified_on,
            identified_by: None,
            assigned_to,
            person,
            trafficking,
        }),
        // Each of these adds its problem when it is missing, so this is never reached
        // with the problems empty.
        _ => Err(vec![FieldProblem::coded(
            "category",
            "choose_one",
            "choose one",
        )]),
    }
}

/// The form, filled in with `fields`, each of `problems` beside its field.
async fn page(
    state: &WebState,
    signed_in: &SignedIn,
    ui: Ui,
    fields: &Fields,
    problems: &Problems,
) -> Result<NewCasePage, PageError> {
    let actor = &signed_in.session.actor;
    // Who may assign cases names the caseworker; a caseworker registers their own.
    let assignees = if state.app.permits(actor, UseCase::ListAssignees) {
        let all = state.app.assignees(actor, signed_in.visit.now).await?;
        Some(
            all.into_iter()
                .map(|a| (a.id, a.display_name.as_str().to_owned()))
                .collect(),
        )
    } else {
        None
    };
    let form = FormView::new(&ui, fields, problems, "case");
    let (named, citizenship_groups) = country_choices(&ui);
    let yes_no = vec![
        Choice {
            value: "yes".into(),
            label: ui.t("answer-yes"),
            chosen: false,
        },
        Choice {
            value: "no".into(),
            label: ui.t("answer-no"),
            chosen: false,
        },
        Choice {
            value: String::new(),
            label: ui.t("answer-not-known"),
            chosen: false,
        },
    ];
    Ok(NewCasePage {
        refused: !problems.is_empty(),
        category: form.checks(
            "category",
            "case-category",
            "radio",
            ui.terms("case-category", CaseCategory::ALL),
        ),
        province: form
            .select(
                "province",
                "case-province",
                ungrouped(province_choices(&ui)),
            )
            .empty(ui.t("choose-one"))
            .hint(ui.t("case-province-hint"))
            .required(),
        identified_on: form.date("identified_on", "case-identified-on").required(),
        assigned_to: assignees.map(|assignees| {
            form.select(
                "assigned_to",
                "case-assigned-to",
                ungrouped(assignee_choices(&assignees)),
            )
            .empty(ui.t("choose-one"))
            .required()
        }),
        names: vec![
            form.text("person.given_name", "person-given-name")
                .required(),
            form.text("person.family_name", "person-family-name"),
            form.text("person.fathers_name", "person-fathers-name"),
            form.text(
                "person.other_script_given_name",
                "person-other-script-given-name",
            )
            .hint(ui.t("person-other-script-hint")),
            form.text(
                "person.other_script_family_name",
                "person-other-script-family-name",
            ),
        ],
        sex: form.checks(
            "person.sex",
            "person-sex",
            "radio",
            ui.terms("sex", Sex::ALL),
        ),
        date_of_birth: form.date("person.date_of_birth", "person-date-of-birth"),
        estimated_age: form
            .text("person.estimated_age", "person-estimated-age")
            .ltr(Some("numeric"))
            .hint(ui.t("person-estimated-age-hint")),
        citizenship: form
            .select(
                "person.citizenship",
                "person-citizenship",
                citizenship_groups,
            )
            .required(),
        contact: vec![
            form.text("person.phone", "person-phone")
                .ltr(Some("tel"))
                .kind("tel"),
            form.text("person.address", "person-address"),
            form.text("person.document_number", "person-document-number")
                .ltr(None),
        ],
        exploitation_types: form.checks(
            "trafficking.exploitation_types",
            "trafficking-exploitation-types",
            "checkbox",
            ui.terms("exploitation", ExploitationType::ALL),
        ),
        means_of_control: form.checks(
            "trafficking.means_of_control",
            "trafficking-means-of-control",
            "checkbox",
            ui.terms("means-of-control", MeansOfControl::ALL),
        ),
        recruitment: form
            .select(
                "trafficking.recruitment",
                "trafficking-recruitment",
                ungrouped(ui.terms("recruitment", Recruitment::ALL)),
            )
            .empty(ui.t("answer-not-recorded")),
        relationship_to_recruiter: form
            .select(
                "trafficking.relationship_to_recruiter",
                "trafficking-relationship-to-recruiter",
                ungrouped(ui.terms("recruiter-relation", RecruiterRelation::ALL)),
            )
            .empty(ui.t("answer-not-recorded")),
        countries_of_exploitation: form.checks(
            "trafficking.countries_of_exploitation",
            "trafficking-countries-of-exploitation",
            "checkbox",
            named,
        ),
        other_countries: form
            .text("trafficking.other_countries", "trafficking-other-countries")
            .ltr(None)
            .hint(ui.t("trafficking-other-countries-hint")),
        cross_border: form.checks(
            "trafficking.cross_border",
            "trafficking-cross-border",
            "radio",
            yes_no,
        ),
        ui,
    })
}

/// The countries for a citizenship select, in two groups: the region's, named in the
/// page's language, then every other by its English name. Also the region's alone, for
/// the boxes of countries of exploitation.
pub(crate) fn country_choices(ui: &Ui) -> (Vec<Choice>, Vec<Group>) {
    let named: Vec<Choice> = NAMED_COUNTRIES
        .iter()
        .filter_map(|code| code.parse::<Country>().ok())
        .map(|country| Choice {
            value: country.code().to_owned(),
            label: labels::country(ui.language, country),
            chosen: false,
        })
        .collect();
    let others: Vec<Choice> = Country::all()
        .filter(|country| !NAMED_COUNTRIES.contains(&country.code()))
        .map(|country| Choice {
            value: country.code().to_owned(),
            label: country.name().to_owned(),
            chosen: false,
        })
        .collect();
    let groups = vec![
        Group {
            label: Some(ui.t("countries-named")),
            choices: named.clone(),
        },
        Group {
            label: Some(ui.t("countries-other")),
            choices: others,
        },
    ];
    (named, groups)
}
