//! The domain's closed vocabularies as OpenAPI schemas: a string `enum` of every value,
//! for clients to generate types from and for people to read in the API reference.
//!
//! The domain knows nothing of OpenAPI, so each vocabulary gets here a type of the same
//! name that only describes it, named in DTOs as `#[schema(value_type = vocabulary::Sex)]`.
//! Its values are the domain's own list (`ALL`, or `Country::all`) written the way serde
//! writes them, so the document cannot list a value the API would refuse or miss one it
//! sends.

use panah_domain as d;
use serde::Serialize;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};

/// A string schema whose only values are `values`, as JSON would carry them.
fn string_enum<T: Serialize>(
    description: &str,
    values: impl IntoIterator<Item = T>,
) -> RefOr<Schema> {
    let values: Vec<serde_json::Value> = values
        .into_iter()
        .map(|value| serde_json::to_value(value).unwrap_or_default())
        .collect();
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(description))
        .enum_values(Some(values))
        .into()
}

/// Declares, for each listed domain vocabulary, an uninhabited type of the same name whose
/// schema enumerates the vocabulary's values. Its description is its doc comment.
macro_rules! vocabularies {
    ($($(#[doc = $doc:literal])+ $name:ident = $values:expr;)+) => {
        $(
            $(#[doc = $doc])+
            pub(crate) enum $name {}

            impl utoipa::PartialSchema for $name {
                fn schema() -> RefOr<Schema> {
                    string_enum(concat!($($doc),+).trim(), $values)
                }
            }

            impl utoipa::ToSchema for $name {}
        )+

        /// Every vocabulary's schema, by name, for the document's components: one that
        /// only a query parameter names would otherwise be missing from them.
        pub(crate) fn schemas() -> Vec<(String, RefOr<Schema>)> {
            vec![$((stringify!($name).to_owned(), <$name as utoipa::PartialSchema>::schema())),+]
        }
    };
}

vocabularies! {
    /// Why the person is assisted.
    CaseCategory = d::CaseCategory::ALL;
    /// Where a case is in its life.
    CaseStatus = d::CaseStatus::ALL;
    /// A type of exploitation.
    ExploitationType = d::ExploitationType::ALL;
    /// A means the traffickers used to control the person.
    MeansOfControl = d::MeansOfControl::ALL;
    /// How the person was recruited.
    Recruitment = d::Recruitment::ALL;
    /// The recruiter's relationship to the person.
    RecruiterRelation = d::RecruiterRelation::ALL;
    /// What a consent covers.
    ConsentKind = d::ConsentKind::ALL;
    /// Who gave a consent.
    ConsentGiver = d::ConsentGiver::ALL;
    /// How a parent or guardian who consented is related to the person.
    GuardianRelation = d::GuardianRelation::ALL;
    /// How a consent was given.
    ConsentMethod = d::ConsentMethod::ALL;
    /// A kind of service.
    AssistanceType = d::AssistanceType::ALL;
    /// Where a service stands.
    AssistanceStatus = d::AssistanceStatus::ALL;
    /// Where a referral is in its workflow.
    ReferralStatus = d::ReferralStatus::ALL;
    /// A step one side of a referral takes.
    ReferralAction = d::ReferralAction::ALL;
    /// What a referral asks of the receiver.
    ReferralPurpose = d::ReferralPurpose::ALL;
    /// How soon a referral needs an answer.
    Urgency = d::Urgency::ALL;
    /// How much of the person the receiver is shown.
    Disclosure = d::Disclosure::ALL;
    /// What happened on a referral's timeline.
    TimelineEvent = d::TimelineEvent::ALL;
    /// An ISO 4217 currency the system accepts.
    Currency = d::Currency::ALL;
    /// Where a return is on its journey.
    ReturnStatus = d::ReturnStatus::ALL;
    /// Which way a return goes.
    ReturnDirection = d::ReturnDirection::ALL;
    /// Why the system, not a person, moved a return.
    StepReason = d::StepReason::ALL;
    /// Where a legal proceeding stands.
    ProceedingStage = d::ProceedingStage::ALL;
    /// How a legal proceeding ended in court, or that it was dismissed.
    ProceedingOutcome = d::ProceedingOutcome::ALL;
    /// What a training teaches.
    TrainingTopic = d::TrainingTopic::ALL;
    /// How an awareness activity reaches people.
    AwarenessChannel = d::AwarenessChannel::ALL;
    /// Sex, as recorded.
    Sex = d::Sex::ALL;
    /// A CTDC age group.
    AgeGroup = d::AgeGroup::ALL;
    /// One of Afghanistan's 34 provinces, by its ISO 3166-2:AF code.
    Province = d::Province::ALL;
    /// A country, by its ISO 3166-1 alpha-2 code.
    Country = d::Country::all();
    /// A role a user holds.
    Role = d::Role::ALL;
    /// What an organisation is.
    OrganizationKind = d::OrganizationKind::ALL;
    /// How an audited action ended.
    Outcome = d::Outcome::ALL;
}

#[cfg(test)]
mod tests {
    use utoipa::PartialSchema;

    use super::*;

    fn values(schema: RefOr<Schema>) -> Vec<String> {
        let RefOr::T(Schema::Object(object)) = schema else {
            panic!("a vocabulary is an inline string schema");
        };
        object
            .enum_values
            .unwrap_or_default()
            .into_iter()
            .map(|value| value.as_str().unwrap().to_owned())
            .collect()
    }

    #[test]
    fn a_vocabulary_lists_what_serde_writes() {
        assert_eq!(
            values(Sex::schema()),
            ["female", "male", "other", "unknown"]
        );
        assert_eq!(values(Province::schema()).len(), 34);
        assert!(values(Province::schema()).contains(&"AF-HER".to_owned()));
        assert!(values(Country::schema()).contains(&"IR".to_owned()));
        assert!(values(Role::schema()).contains(&"case_manager".to_owned()));
    }
}
