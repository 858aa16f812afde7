//! The names of things in the page's language: the values of the domain's vocabularies,
//! provinces, countries and organisations. Each is a message of the resources, named by
//! its family and its value (`case-status-open`, `province-af-kab`).

use panah_domain::{Country, Language, Organization, OrganizationKind};

use crate::i18n;

/// The message naming `value` of the vocabulary `family`: `family-value`, with the
/// value's underscores written as hyphens and its capitals in lower case, as message
/// identifiers are.
pub(crate) fn term(language: Language, family: &str, value: &str) -> String {
    i18n::message(language, &key(family, value))
}

fn key(family: &str, value: &str) -> String {
    format!("{family}-{}", value.replace('_', "-").to_ascii_lowercase())
}

/// The countries whose names the resources give in every language: Afghanistan, its
/// neighbours, and where the people Panah assists are most often taken, in the region
/// and beyond. Other countries go by their English name.
pub(crate) const NAMED_COUNTRIES: [&str; 20] = [
    "AF", "IR", "PK", "TJ", "UZ", "TM", "TR", "AE", "SA", "QA", "KW", "OM", "BH", "IQ", "IN", "RU",
    "KZ", "GR", "DE", "GB",
];

/// A country's name: from the resources for the countries they name, else its English
/// short name.
pub(crate) fn country(language: Language, country: Country) -> String {
    if NAMED_COUNTRIES.contains(&country.code()) {
        term(language, "country", country.code())
    } else {
        country.name().to_owned()
    }
}

/// An organisation's name. The organisations seeded with Panah have theirs in every
/// language (a provincial office by its province); one added later goes by the name it
/// was given.
pub(crate) fn organization(language: Language, organization: &Organization) -> String {
    let code = organization.code.as_str();
    if let Some(name) = i18n::try_message(language, &key("org", code)) {
        return name;
    }
    match organization.province {
        Some(province)
            if organization.kind == OrganizationKind::MoiProvincial
                && code == format!("MOI-{}", province.short_code()) =>
        {
            let province = term(language, "province", province.code());
            i18n::message_with(language, "org-moi-provincial", "province", &province)
        }
        _ => organization.name.clone(),
    }
}

#[cfg(test)]
mod tests {
    use panah_domain::{
        AssistanceStatus, AssistanceType, AwarenessChannel, CaseCategory, CaseStatus, ConsentGiver,
        ConsentKind, ConsentMethod, Currency, Disclosure, ExploitationType, GuardianRelation,
        MeansOfControl, OrganizationKind, ProceedingOutcome, ProceedingStage, Province,
        RecruiterRelation, Recruitment, ReferralAction, ReferralPurpose, ReferralStatus,
        ReturnDirection, ReturnStatus, Sex, TimelineEvent, TrainingTopic, Urgency,
    };

    use super::*;

    /// Every family of terms the pages show, with every value of its vocabulary.
    fn vocabularies() -> Vec<(&'static str, Vec<String>)> {
        fn all<T: ToString>(values: &[T]) -> Vec<String> {
            values.iter().map(ToString::to_string).collect()
        }
        vec![
            ("case-category", all(CaseCategory::ALL)),
            ("proceeding-stage", all(ProceedingStage::ALL)),
            // A proceeding is opened at `reported`: no move leads there.
            ("proceeding-move", all(&ProceedingStage::ALL[1..])),
            ("proceeding-outcome", all(ProceedingOutcome::ALL)),
            ("training-topic", all(TrainingTopic::ALL)),
            ("awareness-channel", all(AwarenessChannel::ALL)),
            ("case-status", all(CaseStatus::ALL)),
            ("sex", all(Sex::ALL)),
            ("exploitation", all(ExploitationType::ALL)),
            ("means-of-control", all(MeansOfControl::ALL)),
            ("recruitment", all(Recruitment::ALL)),
            ("recruiter-relation", all(RecruiterRelation::ALL)),
            ("consent-kind", all(ConsentKind::ALL)),
            ("consent-giver", all(ConsentGiver::ALL)),
            ("guardian-relation", all(GuardianRelation::ALL)),
            ("consent-method", all(ConsentMethod::ALL)),
            ("organization-kind", all(&OrganizationKind::ALL)),
            ("assistance-type", all(AssistanceType::ALL)),
            ("assistance-status", all(AssistanceStatus::ALL)),
            ("referral-purpose", all(ReferralPurpose::ALL)),
            ("referral-status", all(ReferralStatus::ALL)),
            ("urgency", all(Urgency::ALL)),
            ("disclosure", all(Disclosure::ALL)),
            ("timeline-event", all(TimelineEvent::ALL)),
            ("return-status", all(ReturnStatus::ALL)),
            ("referral-action", all(ReferralAction::ALL)),
            ("return-move", all(&ReturnStatus::ALL[1..])),
            ("return-direction", all(ReturnDirection::ALL)),
            (
                "province",
                Province::ALL.iter().map(|p| p.code().to_owned()).collect(),
            ),
            (
                "country",
                NAMED_COUNTRIES.iter().map(|c| (*c).to_owned()).collect(),
            ),
        ]
    }

    #[test]
    fn every_value_of_every_vocabulary_shown_has_its_message() {
        for (family, values) in vocabularies() {
            for value in values {
                let key = key(family, &value);
                assert!(
                    i18n::try_message(Language::English, &key).is_some(),
                    "no message {key}"
                );
            }
        }
        // Currencies are shown by their codes, which every language writes alike.
        assert_eq!(Currency::Usd.to_string(), "USD");
    }

    #[test]
    fn a_provincial_office_is_named_by_its_province_in_dari() {
        let office = Organization {
            id: panah_domain::OrganizationId(uuid::Uuid::nil()),
            code: "MOI-HER".parse().unwrap(),
            name: "Ministry of Interior, Herat provincial office".into(),
            kind: OrganizationKind::MoiProvincial,
            province: Some(Province::Herat),
        };
        let name = organization(Language::Dari, &office);
        assert!(name.contains("هرات"), "{name}");
        let added = Organization {
            code: "EMB-IR".parse().unwrap(),
            name: "Embassy of Iran".into(),
            kind: OrganizationKind::ForeignState,
            province: None,
            ..office
        };
        assert_eq!(organization(Language::Pashto, &added), "Embassy of Iran");
    }

    #[test]
    fn a_country_without_a_message_goes_by_its_english_name() {
        let chile: Country = "CL".parse().unwrap();
        assert_eq!(country(Language::Dari, chile), "Chile");
        let iran: Country = "IR".parse().unwrap();
        assert_eq!(country(Language::Dari, iran), "ایران");
    }
}
