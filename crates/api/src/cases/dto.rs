//! The request and response shapes of `/api/v1/cases`, and their conversions.

use panah_app::{CaseFile, CaseFound};
use panah_domain::{
    AgeGroup, Case, CaseCategory, CaseStatus, CaseSummary, Country, ExploitationType,
    MeansOfControl, Person, Province, RecruiterRelation, Recruitment, Sex, TraffickingProfile,
};
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::dates::iso_date;
use crate::referrals::dto::ReferralSummaryView;
use crate::returns::dto::ReturnSummaryView;
use crate::vocabulary;

/// A person as sent when registering a case.
#[derive(Debug, eserde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonInput {
    /// Given name, any script, 1 to 200 characters.
    pub given_name: String,
    /// Family name.
    #[serde(default)]
    pub family_name: Option<String>,
    /// Father's name.
    #[serde(default)]
    pub fathers_name: Option<String>,
    /// The given name in a second script (a Latin transliteration beside an
    /// Arabic-script name, or the reverse); a search finds either.
    #[serde(default)]
    pub other_script_given_name: Option<String>,
    /// The family name in the second script.
    #[serde(default)]
    pub other_script_family_name: Option<String>,
    /// `female`, `male`, `other` or `unknown`.
    #[schema(value_type = vocabulary::Sex)]
    pub sex: Sex,
    /// Date of birth, before the date of identification.
    #[serde(default, with = "iso_date::option")]
    #[schema(value_type = Option<String>, format = Date)]
    pub date_of_birth: Option<Date>,
    /// Estimated age at identification, 0 to 120, when the date of birth is not known.
    #[serde(default)]
    pub estimated_age: Option<u8>,
    /// Citizenship (ISO 3166-1 alpha-2).
    #[schema(value_type = vocabulary::Country, example = "AF")]
    pub citizenship: Country,
    /// Phone number.
    #[serde(default)]
    pub phone: Option<String>,
    /// Address.
    #[serde(default)]
    pub address: Option<String>,
    /// Identity document number.
    #[serde(default)]
    pub document_number: Option<String>,
}

/// Changes to a person: every field optional; `null` clears an optional field and is
/// refused for a required one.
#[derive(Debug, Default, eserde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonPatch {
    /// Given name.
    #[serde(default, deserialize_with = "not_null")]
    pub given_name: Option<String>,
    /// Family name.
    #[serde(default, deserialize_with = "present")]
    pub family_name: Option<Option<String>>,
    /// Father's name.
    #[serde(default, deserialize_with = "present")]
    pub fathers_name: Option<Option<String>>,
    /// Given name in a second script.
    #[serde(default, deserialize_with = "present")]
    pub other_script_given_name: Option<Option<String>>,
    /// Family name in a second script.
    #[serde(default, deserialize_with = "present")]
    pub other_script_family_name: Option<Option<String>>,
    /// Sex.
    #[serde(default, deserialize_with = "not_null")]
    #[schema(value_type = vocabulary::Sex)]
    pub sex: Option<Sex>,
    /// Date of birth.
    #[serde(default, deserialize_with = "present_date")]
    #[schema(value_type = Option<String>, format = Date)]
    pub date_of_birth: Option<Option<Date>>,
    /// Estimated age.
    #[serde(default, deserialize_with = "present")]
    pub estimated_age: Option<Option<u8>>,
    /// Citizenship.
    #[serde(default, deserialize_with = "not_null")]
    #[schema(value_type = vocabulary::Country)]
    pub citizenship: Option<Country>,
    /// Phone number.
    #[serde(default, deserialize_with = "present")]
    pub phone: Option<Option<String>>,
    /// Address.
    #[serde(default, deserialize_with = "present")]
    pub address: Option<Option<String>>,
    /// Identity document number.
    #[serde(default, deserialize_with = "present")]
    pub document_number: Option<Option<String>>,
}

/// Tells a field sent as `null` (`Some(None)`: clear it) from a field not sent (`None`).
pub(crate) fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// A field that may be left out but not sent as `null`: what it holds cannot be cleared,
/// and a `null` silently taken as "unchanged" would tell the client it was.
pub(crate) fn not_null<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}

fn present_date<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Option<Date>>, D::Error> {
    iso_date::option::deserialize(deserializer).map(Some)
}

impl From<PersonPatch> for panah_domain::PersonPatch {
    fn from(patch: PersonPatch) -> Self {
        panah_domain::PersonPatch {
            given_name: patch.given_name,
            family_name: patch.family_name,
            fathers_name: patch.fathers_name,
            other_script_given_name: patch.other_script_given_name,
            other_script_family_name: patch.other_script_family_name,
            sex: patch.sex,
            date_of_birth: patch.date_of_birth,
            estimated_age: patch.estimated_age,
            citizenship: patch.citizenship,
            phone: patch.phone,
            address: patch.address,
            document_number: patch.document_number,
        }
    }
}

impl From<PersonInput> for Person {
    fn from(input: PersonInput) -> Self {
        Person {
            given_name: input.given_name,
            family_name: input.family_name,
            fathers_name: input.fathers_name,
            other_script_given_name: input.other_script_given_name,
            other_script_family_name: input.other_script_family_name,
            sex: input.sex,
            date_of_birth: input.date_of_birth,
            estimated_age: input.estimated_age,
            citizenship: input.citizenship,
            phone: input.phone,
            address: input.address,
            document_number: input.document_number,
        }
    }
}

/// The trafficking profile: statistics-grade facts, no free text. In a request every
/// field may be left out (lists are then empty).
#[derive(Debug, Default, Serialize, eserde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = TraffickingProfile)]
pub struct TraffickingJson {
    /// Types of exploitation.
    #[serde(default)]
    #[schema(value_type = Vec<vocabulary::ExploitationType>)]
    pub exploitation_types: Vec<ExploitationType>,
    /// Means of control.
    #[serde(default)]
    #[schema(value_type = Vec<vocabulary::MeansOfControl>)]
    pub means_of_control: Vec<MeansOfControl>,
    /// How the person was recruited.
    #[serde(default)]
    #[schema(value_type = Option<vocabulary::Recruitment>)]
    pub recruitment: Option<Recruitment>,
    /// The recruiter's relationship to the person.
    #[serde(default)]
    #[schema(value_type = Option<vocabulary::RecruiterRelation>)]
    pub relationship_to_recruiter: Option<RecruiterRelation>,
    /// Countries of recruitment (ISO 3166-1 alpha-2).
    #[serde(default)]
    #[schema(value_type = Vec<vocabulary::Country>)]
    pub countries_of_recruitment: Vec<Country>,
    /// Countries of transit.
    #[serde(default)]
    #[schema(value_type = Vec<vocabulary::Country>)]
    pub countries_of_transit: Vec<Country>,
    /// Countries of exploitation.
    #[serde(default)]
    #[schema(value_type = Vec<vocabulary::Country>)]
    pub countries_of_exploitation: Vec<Country>,
    /// Whether borders were crossed.
    #[serde(default)]
    pub cross_border: Option<bool>,
}

impl From<TraffickingJson> for TraffickingProfile {
    fn from(profile: TraffickingJson) -> Self {
        TraffickingProfile {
            exploitation_types: profile.exploitation_types,
            means_of_control: profile.means_of_control,
            recruitment: profile.recruitment,
            relationship_to_recruiter: profile.relationship_to_recruiter,
            countries_of_recruitment: profile.countries_of_recruitment,
            countries_of_transit: profile.countries_of_transit,
            countries_of_exploitation: profile.countries_of_exploitation,
            cross_border: profile.cross_border,
        }
    }
}

impl From<TraffickingProfile> for TraffickingJson {
    fn from(profile: TraffickingProfile) -> Self {
        TraffickingJson {
            exploitation_types: profile.exploitation_types,
            means_of_control: profile.means_of_control,
            recruitment: profile.recruitment,
            relationship_to_recruiter: profile.relationship_to_recruiter,
            countries_of_recruitment: profile.countries_of_recruitment,
            countries_of_transit: profile.countries_of_transit,
            countries_of_exploitation: profile.countries_of_exploitation,
            cross_border: profile.cross_border,
        }
    }
}

/// `POST /api/v1/cases`
#[derive(Debug, eserde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateCase {
    /// `victim_of_trafficking`, `presumed_victim` or `vulnerable_migrant`.
    #[schema(value_type = vocabulary::CaseCategory)]
    pub category: CaseCategory,
    /// Province of identification (ISO 3166-2:AF); it also numbers the case.
    #[schema(value_type = vocabulary::Province, example = "AF-HER")]
    pub province: Province,
    /// Date of identification, not in the future.
    #[serde(with = "iso_date")]
    #[schema(value_type = String, format = Date)]
    pub identified_on: Date,
    /// Who identified the person (default: the caller's organisation).
    #[serde(default)]
    #[eserde(compat)]
    pub identified_by_organization_id: Option<Uuid>,
    /// The caseworker responsible (default: the caller; only case managers may name
    /// someone else, and a case manager who is no caseworker must).
    #[serde(default)]
    #[eserde(compat)]
    pub assigned_to: Option<Uuid>,
    /// The person.
    pub person: PersonInput,
    /// The trafficking profile.
    #[serde(default)]
    pub trafficking: TraffickingJson,
}

/// `PATCH /api/v1/cases/{id}`: any of the fields; none of them may be `null`.
#[derive(Debug, eserde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateCase {
    /// `active` (by the assigned caseworker, from `open`), `closed` or `open` again (by a
    /// case manager).
    #[serde(default, deserialize_with = "not_null")]
    #[schema(value_type = vocabulary::CaseStatus)]
    pub status: Option<CaseStatus>,
    /// Reassign (case managers).
    #[serde(default, deserialize_with = "not_null")]
    pub assigned_to: Option<Uuid>,
    /// New category.
    #[serde(default, deserialize_with = "not_null")]
    #[schema(value_type = vocabulary::CaseCategory)]
    pub category: Option<CaseCategory>,
    /// New province (the case number stays).
    #[serde(default, deserialize_with = "not_null")]
    #[schema(value_type = vocabulary::Province)]
    pub province: Option<Province>,
    /// Changes to the person.
    #[serde(default, deserialize_with = "not_null")]
    pub person: Option<PersonPatch>,
    /// The trafficking profile, replacing the old one.
    #[serde(default, deserialize_with = "not_null")]
    #[schema(value_type = TraffickingJson)]
    pub trafficking: Option<TraffickingJson>,
}

/// `POST /api/v1/cases/search`: at least one term; each must match exactly after
/// normalisation (case, spacing, Arabic keyboard variants; phones by digits).
#[derive(Debug, eserde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SearchCases {
    /// Given name.
    #[serde(default)]
    pub given_name: Option<String>,
    /// Family name.
    #[serde(default)]
    pub family_name: Option<String>,
    /// Phone number.
    #[serde(default)]
    pub phone: Option<String>,
    /// Identity document number.
    #[serde(default)]
    pub document_number: Option<String>,
}

/// The person as the case view shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonView {
    /// Given name.
    pub given_name: String,
    /// Family name.
    pub family_name: Option<String>,
    /// Father's name.
    pub fathers_name: Option<String>,
    /// Given name in a second script.
    pub other_script_given_name: Option<String>,
    /// Family name in a second script.
    pub other_script_family_name: Option<String>,
    /// Sex.
    #[schema(value_type = vocabulary::Sex)]
    pub sex: Sex,
    /// Date of birth.
    #[serde(with = "iso_date::option")]
    #[schema(value_type = Option<String>, format = Date)]
    pub date_of_birth: Option<Date>,
    /// Estimated age at identification.
    pub estimated_age: Option<u8>,
    /// Citizenship.
    #[schema(value_type = vocabulary::Country)]
    pub citizenship: Country,
    /// Phone number.
    pub phone: Option<String>,
    /// Address.
    pub address: Option<String>,
    /// Identity document number.
    pub document_number: Option<String>,
}

impl From<Person> for PersonView {
    fn from(person: Person) -> Self {
        PersonView {
            given_name: person.given_name,
            family_name: person.family_name,
            fathers_name: person.fathers_name,
            other_script_given_name: person.other_script_given_name,
            other_script_family_name: person.other_script_family_name,
            sex: person.sex,
            date_of_birth: person.date_of_birth,
            estimated_age: person.estimated_age,
            citizenship: person.citizenship,
            phone: person.phone,
            address: person.address,
            document_number: person.document_number,
        }
    }
}

/// A case with its person: only ever sent to those allowed to read identities, and each
/// such read is audited.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseView {
    /// Id.
    pub id: Uuid,
    /// Number, such as `AF-HER-2026-000042`.
    pub case_number: String,
    /// Status.
    #[schema(value_type = vocabulary::CaseStatus)]
    pub status: CaseStatus,
    /// Category.
    #[schema(value_type = vocabulary::CaseCategory)]
    pub category: CaseCategory,
    /// Province.
    #[schema(value_type = vocabulary::Province)]
    pub province: Province,
    /// Date of identification.
    #[serde(with = "iso_date")]
    #[schema(value_type = String, format = Date)]
    pub identified_on: Date,
    /// Who identified the person.
    pub identified_by_organization_id: Uuid,
    /// The caseworker responsible.
    pub assigned_to: Option<Uuid>,
    /// The person.
    pub person: PersonView,
    /// The trafficking profile.
    pub trafficking: TraffickingJson,
    /// CTDC age group at identification.
    #[schema(value_type = Option<vocabulary::AgeGroup>)]
    pub age_group: Option<AgeGroup>,
    /// Version, also the `ETag`.
    pub version: i64,
    /// Registered at.
    #[serde(with = "crate::timestamp")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
    /// Last changed at.
    #[serde(with = "crate::timestamp")]
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: OffsetDateTime,
}

impl From<Case> for CaseView {
    fn from(case: Case) -> Self {
        CaseView {
            id: case.id.0,
            case_number: case.case_number.to_string(),
            status: case.status,
            category: case.category,
            province: case.province,
            identified_on: case.identified_on,
            identified_by_organization_id: case.identified_by_organization_id.0,
            assigned_to: case.assigned_to.map(|u| u.0),
            person: PersonView::from(case.person),
            trafficking: case.trafficking.into(),
            age_group: case.age_group,
            version: case.version,
            created_at: case.created_at,
            updated_at: case.updated_at,
        }
    }
}

/// A case in a list: no identity field, by construction.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseSummaryView {
    /// Id.
    pub id: Uuid,
    /// Number.
    pub case_number: String,
    /// Status.
    #[schema(value_type = vocabulary::CaseStatus)]
    pub status: CaseStatus,
    /// Category.
    #[schema(value_type = vocabulary::CaseCategory)]
    pub category: CaseCategory,
    /// Province.
    #[schema(value_type = vocabulary::Province)]
    pub province: Province,
    /// Date of identification.
    #[serde(with = "iso_date")]
    #[schema(value_type = String, format = Date)]
    pub identified_on: Date,
    /// The caseworker responsible.
    pub assigned_to: Option<Uuid>,
    /// Sex.
    #[schema(value_type = vocabulary::Sex)]
    pub sex: Sex,
    /// Age group.
    #[schema(value_type = Option<vocabulary::AgeGroup>)]
    pub age_group: Option<AgeGroup>,
    /// Citizenship.
    #[schema(value_type = vocabulary::Country)]
    pub citizenship: Country,
    /// Version.
    pub version: i64,
    /// Registered at.
    #[serde(with = "crate::timestamp")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
    /// Last changed at.
    #[serde(with = "crate::timestamp")]
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: OffsetDateTime,
}

impl From<CaseSummary> for CaseSummaryView {
    fn from(case: CaseSummary) -> Self {
        CaseSummaryView {
            id: case.id.0,
            case_number: case.case_number.to_string(),
            status: case.status,
            category: case.category,
            province: case.province,
            identified_on: case.identified_on,
            assigned_to: case.assigned_to.map(|u| u.0),
            sex: case.sex,
            age_group: case.age_group,
            citizenship: case.citizenship,
            version: case.version,
            created_at: case.created_at,
            updated_at: case.updated_at,
        }
    }
}

/// A case a search found: the summary, and the person's names so that people sharing a
/// name can be told apart. Each result is audited as a read of the person's names.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseFoundView {
    /// The case as lists show it.
    #[serde(flatten)]
    pub case: CaseSummaryView,
    /// The person's names.
    pub names: NamesView,
}

/// A person's names, and nothing else of their identity.
#[derive(Debug, Serialize, ToSchema)]
pub struct NamesView {
    /// Given name.
    pub given_name: String,
    /// Family name.
    pub family_name: Option<String>,
    /// Father's name.
    pub fathers_name: Option<String>,
    /// Given name in a second script.
    pub other_script_given_name: Option<String>,
    /// Family name in a second script.
    pub other_script_family_name: Option<String>,
}

impl From<CaseFound> for CaseFoundView {
    fn from(found: CaseFound) -> Self {
        let names = found.names;
        CaseFoundView {
            case: found.case.into(),
            names: NamesView {
                given_name: names.given_name,
                family_name: names.family_name,
                fathers_name: names.fathers_name,
                other_script_given_name: names.other_script_given_name,
                other_script_family_name: names.other_script_family_name,
            },
        }
    }
}

/// `GET /api/v1/cases/{id}`: the case with its person, and what was done for the person
/// elsewhere — the case's referrals (as the reader's side sees them) and its returns,
/// newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseFileView {
    /// The case.
    #[serde(flatten)]
    pub case: CaseView,
    /// The referrals made of the case, or that opened it.
    pub referrals: Vec<ReferralSummaryView>,
    /// Its voluntary returns.
    pub returns: Vec<ReturnSummaryView>,
}

impl From<CaseFile> for CaseFileView {
    fn from(file: CaseFile) -> Self {
        CaseFileView {
            referrals: file.referrals.into_iter().map(Into::into).collect(),
            returns: file.returns.iter().map(Into::into).collect(),
            case: file.case.into(),
        }
    }
}
