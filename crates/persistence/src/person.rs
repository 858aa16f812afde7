//! A person's identity as the database holds it: sealed field by field under the row it
//! belongs to, with blind indexes for search. Cases and a ministry's inline referral
//! subjects are sealed the same way, each value opening only in its own row.

use panah_domain::Person;
use time::Date;
use uuid::Uuid;

use crate::StoreError;
use crate::columns::{corrupt, parse};
use crate::crypto::{FieldKeys, IndexKind};

/// The sealed columns and blind indexes of a person.
pub(crate) struct SealedPerson {
    pub(crate) given_name: Vec<u8>,
    pub(crate) family_name: Option<Vec<u8>>,
    pub(crate) fathers_name: Option<Vec<u8>>,
    pub(crate) other_script_given_name: Option<Vec<u8>>,
    pub(crate) other_script_family_name: Option<Vec<u8>>,
    pub(crate) date_of_birth: Option<Vec<u8>>,
    pub(crate) phone: Option<Vec<u8>>,
    pub(crate) address: Option<Vec<u8>>,
    pub(crate) document_number: Option<Vec<u8>>,
    pub(crate) given_name_index: Option<Vec<u8>>,
    pub(crate) family_name_index: Option<Vec<u8>>,
    pub(crate) other_script_given_name_index: Option<Vec<u8>>,
    pub(crate) other_script_family_name_index: Option<Vec<u8>>,
    pub(crate) phone_index: Option<Vec<u8>>,
    pub(crate) document_number_index: Option<Vec<u8>>,
}

/// Seals `person` for row `id` of `table` (the identity of a case, or of a referral's
/// inline subject: sealed the same way, each value opening only in its own row).
pub(crate) fn seal_person(
    keys: &FieldKeys,
    table: &str,
    id: Uuid,
    person: &Person,
) -> Result<SealedPerson, StoreError> {
    let seal = |column: &str, value: &str| keys.seal(table, column, id, value);
    let seal_opt = |column: &str, value: Option<&str>| value.map(|v| seal(column, v)).transpose();
    let date_of_birth = person.date_of_birth.map(|d| d.to_string());
    Ok(SealedPerson {
        given_name: seal("given_name", &person.given_name)?,
        family_name: seal_opt("family_name", person.family_name.as_deref())?,
        fathers_name: seal_opt("fathers_name", person.fathers_name.as_deref())?,
        other_script_given_name: seal_opt(
            "other_script_given_name",
            person.other_script_given_name.as_deref(),
        )?,
        other_script_family_name: seal_opt(
            "other_script_family_name",
            person.other_script_family_name.as_deref(),
        )?,
        date_of_birth: seal_opt("date_of_birth", date_of_birth.as_deref())?,
        phone: seal_opt("phone", person.phone.as_deref())?,
        address: seal_opt("address", person.address.as_deref())?,
        document_number: seal_opt("document_number", person.document_number.as_deref())?,
        given_name_index: keys.blind_index(IndexKind::GivenName, &person.given_name),
        family_name_index: person
            .family_name
            .as_deref()
            .and_then(|v| keys.blind_index(IndexKind::FamilyName, v)),
        // A name in either script is searched as the same kind of value, so one term
        // finds it in either column.
        other_script_given_name_index: person
            .other_script_given_name
            .as_deref()
            .and_then(|v| keys.blind_index(IndexKind::GivenName, v)),
        other_script_family_name_index: person
            .other_script_family_name
            .as_deref()
            .and_then(|v| keys.blind_index(IndexKind::FamilyName, v)),
        phone_index: person
            .phone
            .as_deref()
            .and_then(|v| keys.blind_index(IndexKind::Phone, v)),
        document_number_index: person
            .document_number
            .as_deref()
            .and_then(|v| keys.blind_index(IndexKind::DocumentNumber, v)),
    })
}

/// The stored columns of a person: sealed identity and the fields kept in clear.
pub(crate) struct PersonColumns<'a> {
    pub given_name: &'a [u8],
    pub family_name: &'a Option<Vec<u8>>,
    pub fathers_name: &'a Option<Vec<u8>>,
    pub other_script_given_name: &'a Option<Vec<u8>>,
    pub other_script_family_name: &'a Option<Vec<u8>>,
    pub date_of_birth: &'a Option<Vec<u8>>,
    pub phone: &'a Option<Vec<u8>>,
    pub address: &'a Option<Vec<u8>>,
    pub document_number: &'a Option<Vec<u8>>,
    pub sex: &'a str,
    pub citizenship: &'a str,
    pub estimated_age: Option<i32>,
}

/// Opens the person sealed in row `id` of `table` (see [`seal_person`]).
pub(crate) fn open_person(
    keys: &FieldKeys,
    table: &'static str,
    id: Uuid,
    columns: &PersonColumns<'_>,
) -> Result<Person, StoreError> {
    let open = |column: &'static str, value: &[u8]| keys.open(table, column, id, value);
    let open_opt = |column: &'static str, value: &Option<Vec<u8>>| {
        value.as_deref().map(|v| open(column, v)).transpose()
    };
    let date_of_birth = open_opt("date_of_birth", columns.date_of_birth)?
        .map(|text| {
            Date::parse(&text, &time::format_description::well_known::Iso8601::DATE)
                .map_err(|_| corrupt("person.date_of_birth")())
        })
        .transpose()?;
    Ok(Person {
        given_name: open("given_name", columns.given_name)?,
        family_name: open_opt("family_name", columns.family_name)?,
        fathers_name: open_opt("fathers_name", columns.fathers_name)?,
        other_script_given_name: open_opt(
            "other_script_given_name",
            columns.other_script_given_name,
        )?,
        other_script_family_name: open_opt(
            "other_script_family_name",
            columns.other_script_family_name,
        )?,
        sex: parse(columns.sex, "person.sex")?,
        date_of_birth,
        estimated_age: columns
            .estimated_age
            .map(|age| u8::try_from(age).map_err(|_| corrupt("person.estimated_age")()))
            .transpose()?,
        citizenship: parse(columns.citizenship, "person.citizenship")?,
        phone: open_opt("phone", columns.phone)?,
        address: open_opt("address", columns.address)?,
        document_number: open_opt("document_number", columns.document_number)?,
    })
}
