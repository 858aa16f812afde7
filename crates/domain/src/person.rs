//! The assisted person: identity (personal data, encrypted at rest by the store) and the
//! few attributes kept in clear for statistics.

use time::Date;

use crate::enums::vocabulary;
use crate::{Country, FieldProblem, TextRule};

vocabulary! {
    /// Sex, as recorded for statistics.
    Sex, SexError, "a sex" {
        /// Female.
        Female => "female",
        /// Male.
        Male => "male",
        /// Other.
        Other => "other",
        /// Not known or not disclosed.
        Unknown => "unknown",
    }
}

vocabulary! {
    /// CTDC's `ageBroad` bands, for statistics.
    AgeGroup, AgeGroupError, "an age group" {
        /// 0 to 8 years.
        Age0To8 => "0-8",
        /// 9 to 17 years.
        Age9To17 => "9-17",
        /// 18 to 20 years.
        Age18To20 => "18-20",
        /// 21 to 23 years.
        Age21To23 => "21-23",
        /// 24 to 26 years.
        Age24To26 => "24-26",
        /// 27 to 29 years.
        Age27To29 => "27-29",
        /// 30 to 38 years.
        Age30To38 => "30-38",
        /// 39 to 47 years.
        Age39To47 => "39-47",
        /// 48 years or more.
        Age48Plus => "48+",
    }
}

impl AgeGroup {
    /// The band of someone `years` old.
    pub fn of_age(years: u32) -> AgeGroup {
        match years {
            0..=8 => AgeGroup::Age0To8,
            9..=17 => AgeGroup::Age9To17,
            18..=20 => AgeGroup::Age18To20,
            21..=23 => AgeGroup::Age21To23,
            24..=26 => AgeGroup::Age24To26,
            27..=29 => AgeGroup::Age27To29,
            30..=38 => AgeGroup::Age30To38,
            39..=47 => AgeGroup::Age39To47,
            _ => AgeGroup::Age48Plus,
        }
    }
}

/// Full years between a date of birth and a later date.
pub fn age_on(date_of_birth: Date, on: Date) -> u32 {
    let mut years = on.year() - date_of_birth.year();
    if (on.month() as u8, on.day()) < (date_of_birth.month() as u8, date_of_birth.day()) {
        years -= 1;
    }
    u32::try_from(years).unwrap_or(0)
}

/// The longest identity text field, in characters.
pub const MAX_IDENTITY_CHARS: usize = 200;

/// The person a case is about. Every field but `sex` and `citizenship` is personal data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// Given name (any script).
    pub given_name: String,
    /// Family name.
    pub family_name: Option<String>,
    /// Father's name, as Afghan documents carry it.
    pub fathers_name: Option<String>,
    /// The given name in a second script: a Latin transliteration beside an Arabic-script
    /// name, or the reverse. Searchable like the given name.
    pub other_script_given_name: Option<String>,
    /// The family name in the second script.
    pub other_script_family_name: Option<String>,
    /// Sex.
    pub sex: Sex,
    /// Date of birth, when known.
    pub date_of_birth: Option<Date>,
    /// Estimated age at identification, when the date of birth is not known.
    pub estimated_age: Option<u8>,
    /// Citizenship.
    pub citizenship: Country,
    /// Phone number as given.
    pub phone: Option<String>,
    /// Address.
    pub address: Option<String>,
    /// Identity document number.
    pub document_number: Option<String>,
}

/// A person's names and nothing else: what a search result shows so that people with
/// the same given name can be told apart without opening each file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonNames {
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

impl Person {
    /// The person's names.
    pub fn names(&self) -> PersonNames {
        PersonNames {
            given_name: self.given_name.clone(),
            family_name: self.family_name.clone(),
            fathers_name: self.fathers_name.clone(),
            other_script_given_name: self.other_script_given_name.clone(),
            other_script_family_name: self.other_script_family_name.clone(),
        }
    }
}

/// Changes to a person: `None` leaves a field as it is; for an optional field, `Some(None)`
/// clears it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonPatch {
    /// Given name.
    pub given_name: Option<String>,
    /// Family name.
    pub family_name: Option<Option<String>>,
    /// Father's name.
    pub fathers_name: Option<Option<String>>,
    /// Given name in a second script.
    pub other_script_given_name: Option<Option<String>>,
    /// Family name in a second script.
    pub other_script_family_name: Option<Option<String>>,
    /// Sex.
    pub sex: Option<Sex>,
    /// Date of birth.
    pub date_of_birth: Option<Option<Date>>,
    /// Estimated age.
    pub estimated_age: Option<Option<u8>>,
    /// Citizenship.
    pub citizenship: Option<Country>,
    /// Phone number.
    pub phone: Option<Option<String>>,
    /// Address.
    pub address: Option<Option<String>>,
    /// Identity document number.
    pub document_number: Option<Option<String>>,
}

impl PersonPatch {
    /// `person` with these changes applied.
    pub fn apply(self, person: Person) -> Person {
        Person {
            given_name: self.given_name.unwrap_or(person.given_name),
            family_name: self.family_name.unwrap_or(person.family_name),
            fathers_name: self.fathers_name.unwrap_or(person.fathers_name),
            other_script_given_name: self
                .other_script_given_name
                .unwrap_or(person.other_script_given_name),
            other_script_family_name: self
                .other_script_family_name
                .unwrap_or(person.other_script_family_name),
            sex: self.sex.unwrap_or(person.sex),
            date_of_birth: self.date_of_birth.unwrap_or(person.date_of_birth),
            estimated_age: self.estimated_age.unwrap_or(person.estimated_age),
            citizenship: self.citizenship.unwrap_or(person.citizenship),
            phone: self.phone.unwrap_or(person.phone),
            address: self.address.unwrap_or(person.address),
            document_number: self.document_number.unwrap_or(person.document_number),
        }
    }
}

impl Person {
    /// The person as a record keeps it, with what types cannot express checked: texts
    /// trimmed (an empty optional one is absent); a given name; identity texts of at most
    /// [`MAX_IDENTITY_CHARS`] characters without control characters; a date of birth
    /// before `identified_on`; an age up to 120. Each problem names its field under
    /// `person.`.
    pub fn checked(self, identified_on: Date) -> (Person, Vec<FieldProblem>) {
        let mut problems = Vec::new();
        let optional = TextRule {
            required: false,
            ..TextRule::line(MAX_IDENTITY_CHARS)
        };
        let mut text = |field: &str, value: Option<String>, rule: TextRule| {
            rule.take(&format!("person.{field}"), value, &mut problems)
        };
        let given_name = text(
            "given_name",
            Some(self.given_name),
            TextRule::line(MAX_IDENTITY_CHARS),
        )
        .unwrap_or_default();
        let person = Person {
            given_name,
            family_name: text("family_name", self.family_name, optional),
            fathers_name: text("fathers_name", self.fathers_name, optional),
            other_script_given_name: text(
                "other_script_given_name",
                self.other_script_given_name,
                optional,
            ),
            other_script_family_name: text(
                "other_script_family_name",
                self.other_script_family_name,
                optional,
            ),
            phone: text("phone", self.phone, optional),
            address: text("address", self.address, optional),
            document_number: text("document_number", self.document_number, optional),
            ..self
        };
        if person
            .date_of_birth
            .is_some_and(|born| born >= identified_on)
        {
            problems.push(FieldProblem::coded(
                "person.date_of_birth",
                "born_after_identification",
                "must be before the date of identification",
            ));
        }
        if person.estimated_age.is_some_and(|age| age > 120) {
            problems.push(FieldProblem::coded(
                "person.estimated_age",
                "age_out_of_range",
                "must be between 0 and 120",
            ));
        }
        (person, problems)
    }

    /// The age group at `identified_on`, from the date of birth or else the estimated age.
    pub fn age_group(&self, identified_on: Date) -> Option<AgeGroup> {
        self.age(identified_on, identified_on).map(AgeGroup::of_age)
    }

    /// The age in full years on `on`: from the date of birth, or else from the age
    /// estimated at `identified_on` plus the full years since; `None` when neither is
    /// known.
    pub fn age(&self, identified_on: Date, on: Date) -> Option<u32> {
        match (self.date_of_birth, self.estimated_age) {
            (Some(born), _) => Some(age_on(born, on)),
            (None, Some(age)) => {
                let since = if on > identified_on {
                    age_on(identified_on, on)
                } else {
                    0
                };
                Some(u32::from(age) + since)
            }
            (None, None) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn age_groups_follow_ctdc_bands_at_their_edges() {
        let cases = [
            (0, "0-8"),
            (8, "0-8"),
            (9, "9-17"),
            (17, "9-17"),
            (18, "18-20"),
            (20, "18-20"),
            (21, "21-23"),
            (26, "24-26"),
            (29, "27-29"),
            (30, "30-38"),
            (47, "39-47"),
            (48, "48+"),
            (120, "48+"),
        ];
        for (years, band) in cases {
            assert_eq!(AgeGroup::of_age(years).as_str(), band, "{years}");
        }
    }

    #[test]
    fn an_estimated_age_grows_with_the_years_since_identification() {
        let person = Person {
            given_name: "a".to_owned(),
            family_name: None,
            fathers_name: None,
            other_script_given_name: None,
            other_script_family_name: None,
            sex: Sex::Female,
            date_of_birth: None,
            estimated_age: Some(16),
            citizenship: "AF".parse().unwrap(),
            phone: None,
            address: None,
            document_number: None,
        };
        let identified = date!(2025 - 06 - 01);
        assert_eq!(person.age(identified, date!(2026 - 05 - 31)), Some(16));
        assert_eq!(person.age(identified, date!(2027 - 06 - 01)), Some(18));
        assert_eq!(person.age(identified, date!(2024 - 01 - 01)), Some(16));
        let born = Person {
            date_of_birth: Some(date!(2010 - 03 - 01)),
            ..person
        };
        assert_eq!(born.age(identified, date!(2028 - 03 - 01)), Some(18));
    }

    #[test]
    fn age_counts_full_years_up_to_the_day() {
        assert_eq!(age_on(date!(2008 - 11 - 20), date!(2026 - 11 - 19)), 17);
        assert_eq!(age_on(date!(2008 - 11 - 20), date!(2026 - 11 - 20)), 18);
        assert_eq!(age_on(date!(2008 - 02 - 29), date!(2026 - 02 - 28)), 17);
    }
}
