//! English labels for the codes a report shows, for people reading an export in a
//! spreadsheet: "Kabul" beside `AF-KAB`, "Female" beside `female`, "Medical" beside
//! `medical`. The codes stay what programs read; the labels are only shown beside them.
//!
//! Every value of each vocabulary is matched by name, so a value added to the domain does
//! not build until it has its label.

use panah_domain::{
    AgeGroup, AssistanceType, AwarenessChannel, CaseCategory, Country, ExploitationType,
    OrganizationKind, ProceedingOutcome, ProceedingStage, Province, ReferralPurpose,
    ReferralStatus, ReturnDirection, ReturnStatus, Sex,
};

/// What the reports write for a value that is not known: no birth date or age, no
/// citizenship recorded.
const UNKNOWN: &str = "Unknown";

/// The label of `key` in the breakdown `group` of `section`, or `None` for a key that is
/// no value of the breakdown's vocabulary.
pub(crate) fn breakdown(section: &str, group: &str, key: &str) -> Option<&'static str> {
    match (section, group) {
        ("people_assisted", "by_sex") => key.parse().ok().map(sex),
        ("people_assisted", "by_age_group") => known(key, |k| k.parse().ok().map(age_group)),
        ("people_assisted", "by_citizenship") => {
            known(key, |k| k.parse::<Country>().ok().map(|c| c.name()))
        }
        ("people_assisted", "by_province") => {
            known(key, |k| k.parse::<Province>().ok().map(Province::name))
        }
        ("people_assisted", "by_category") => key.parse().ok().map(category),
        ("returns", "by_direction") => key.parse().ok().map(return_direction),
        ("returns", "by_status") => key.parse().ok().map(return_status),
        ("victims", "by_province") => key.parse::<Province>().ok().map(Province::name),
        ("victims", "by_sex") => key.parse().ok().map(sex),
        ("victims", "by_age_group") => known(key, |k| k.parse().ok().map(age_group)),
        ("victims", "by_exploitation_type") => key.parse().ok().map(exploitation),
        ("referrals", "by_purpose") => key.parse().ok().map(referral_purpose),
        ("referrals", "by_status") => key.parse().ok().map(referral_status),
        ("trainings", "participants_by_sex") => key.parse().ok().map(sex),
        ("trainings", "participants_by_organization_kind") => {
            key.parse().ok().map(organization_kind)
        }
        ("awareness", "activities_by_channel" | "reach_by_channel") => {
            key.parse().ok().map(channel)
        }
        ("awareness", "activities_by_province" | "reach_by_province") => {
            key.parse::<Province>().ok().map(Province::name)
        }
        ("proceedings", "by_stage") => key.parse().ok().map(stage),
        ("proceedings", "by_outcome") if key == "none" => Some("No outcome yet"),
        ("proceedings", "by_outcome") => key.parse().ok().map(outcome),
        _ => None,
    }
}

/// The label of an assistance type, such as "Medical" for `medical`.
pub(crate) fn service(key: &str) -> Option<&'static str> {
    key.parse().ok().map(assistance_type)
}

/// `unknown` (what the figures call a value not recorded), or the label `label` finds.
fn known(key: &str, label: impl Fn(&str) -> Option<&'static str>) -> Option<&'static str> {
    if key == "unknown" {
        Some(UNKNOWN)
    } else {
        label(key)
    }
}

fn sex(sex: Sex) -> &'static str {
    match sex {
        Sex::Female => "Female",
        Sex::Male => "Male",
        Sex::Other => "Other",
        Sex::Unknown => UNKNOWN,
    }
}

fn age_group(group: AgeGroup) -> &'static str {
    match group {
        AgeGroup::Age0To8 => "0 to 8 years",
        AgeGroup::Age9To17 => "9 to 17 years",
        AgeGroup::Age18To20 => "18 to 20 years",
        AgeGroup::Age21To23 => "21 to 23 years",
        AgeGroup::Age24To26 => "24 to 26 years",
        AgeGroup::Age27To29 => "27 to 29 years",
        AgeGroup::Age30To38 => "30 to 38 years",
        AgeGroup::Age39To47 => "39 to 47 years",
        AgeGroup::Age48Plus => "48 years and over",
    }
}

fn category(category: CaseCategory) -> &'static str {
    match category {
        CaseCategory::VictimOfTrafficking => "Victim of trafficking",
        CaseCategory::PresumedVictim => "Presumed victim",
        CaseCategory::VulnerableMigrant => "Vulnerable migrant",
    }
}

fn assistance_type(kind: AssistanceType) -> &'static str {
    match kind {
        AssistanceType::Shelter => "Shelter",
        AssistanceType::Medical => "Medical",
        AssistanceType::Psychosocial => "Psychosocial support",
        AssistanceType::LegalCounselling => "Legal counselling",
        AssistanceType::LegalRepresentation => "Legal representation",
        AssistanceType::FoodAndItems => "Food and items",
        AssistanceType::Cash => "Cash",
        AssistanceType::Education => "Education",
        AssistanceType::VocationalTraining => "Vocational training",
        AssistanceType::Livelihood => "Livelihood",
        AssistanceType::FamilyTracing => "Family tracing",
        AssistanceType::TravelDocuments => "Travel documents",
        AssistanceType::Transport => "Transport",
        AssistanceType::ReintegrationGrant => "Reintegration grant",
        AssistanceType::Other => "Other",
    }
}

fn exploitation(kind: ExploitationType) -> &'static str {
    match kind {
        ExploitationType::ForcedLabour => "Forced labour",
        ExploitationType::SexualExploitation => "Sexual exploitation",
        ExploitationType::ForcedMarriage => "Forced marriage",
        ExploitationType::DomesticServitude => "Domestic servitude",
        ExploitationType::ForcedBegging => "Forced begging",
        ExploitationType::ForcedCriminality => "Forced criminality",
        ExploitationType::ChildRecruitment => "Recruitment of children",
        ExploitationType::OrganRemoval => "Removal of organs",
        ExploitationType::DebtBondage => "Debt bondage",
        ExploitationType::Other => "Other",
    }
}

fn organization_kind(kind: OrganizationKind) -> &'static str {
    match kind {
        OrganizationKind::Iom => "IOM",
        OrganizationKind::MoiNational => "Ministry of Interior (national)",
        OrganizationKind::MoiProvincial => "Ministry of Interior provincial offices",
        OrganizationKind::PartnerMinistry => "Partner ministries",
        OrganizationKind::ForeignState => "Foreign states",
        OrganizationKind::Donor => "Donors",
        OrganizationKind::Ngo => "Non-governmental organisations",
    }
}

fn channel(channel: AwarenessChannel) -> &'static str {
    match channel {
        AwarenessChannel::CommunitySession => "Community session",
        AwarenessChannel::Radio => "Radio",
        AwarenessChannel::Tv => "Television",
        AwarenessChannel::School => "School",
        AwarenessChannel::Print => "Print",
        AwarenessChannel::SocialMedia => "Social media",
    }
}

fn stage(stage: ProceedingStage) -> &'static str {
    match stage {
        ProceedingStage::Reported => "Reported",
        ProceedingStage::Investigation => "Investigation",
        ProceedingStage::Prosecution => "Prosecution",
        ProceedingStage::Trial => "Trial",
        ProceedingStage::Verdict => "Verdict",
        ProceedingStage::Appeal => "Appeal",
        ProceedingStage::Closed => "Closed",
    }
}

fn outcome(outcome: ProceedingOutcome) -> &'static str {
    match outcome {
        ProceedingOutcome::Conviction => "Conviction",
        ProceedingOutcome::Acquittal => "Acquittal",
        ProceedingOutcome::Dismissed => "Dismissed",
    }
}

fn return_direction(direction: ReturnDirection) -> &'static str {
    match direction {
        ReturnDirection::ToAfghanistan => "To Afghanistan",
        ReturnDirection::FromAfghanistan => "From Afghanistan",
    }
}

fn return_status(status: ReturnStatus) -> &'static str {
    match status {
        ReturnStatus::Requested => "Requested",
        ReturnStatus::Counselling => "Counselling",
        ReturnStatus::Documents => "Documents",
        ReturnStatus::FitToTravel => "Fit to travel",
        ReturnStatus::TravelBooked => "Travel booked",
        ReturnStatus::Departed => "Departed",
        ReturnStatus::Arrived => "Arrived",
        ReturnStatus::Reintegration => "Reintegration",
        ReturnStatus::Monitoring => "Monitoring",
        ReturnStatus::Completed => "Completed",
        ReturnStatus::Cancelled => "Cancelled",
    }
}

fn referral_purpose(purpose: ReferralPurpose) -> &'static str {
    match purpose {
        ReferralPurpose::Assistance => "Assistance",
        ReferralPurpose::Protection => "Protection",
        ReferralPurpose::Investigation => "Investigation",
        ReferralPurpose::Prosecution => "Prosecution",
        ReferralPurpose::ReturnFacilitation => "Return facilitation",
        ReferralPurpose::Reintegration => "Reintegration",
        ReferralPurpose::Other => "Other",
    }
}

fn referral_status(status: ReferralStatus) -> &'static str {
    match status {
        ReferralStatus::Draft => "Draft",
        ReferralStatus::Sent => "Sent",
        ReferralStatus::Acknowledged => "Acknowledged",
        ReferralStatus::Accepted => "Accepted",
        ReferralStatus::Declined => "Declined",
        ReferralStatus::Completed => "Completed",
        ReferralStatus::Withdrawn => "Withdrawn",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_breakdown_value_the_report_lists_has_a_label() {
        let vocabularies: [(&str, &str, Vec<&str>); 14] = [
            ("trainings", "participants_by_sex", vec!["female", "male"]),
            (
                "trainings",
                "participants_by_organization_kind",
                OrganizationKind::ALL.iter().map(|v| v.as_str()).collect(),
            ),
            (
                "awareness",
                "activities_by_channel",
                AwarenessChannel::ALL.iter().map(|v| v.as_str()).collect(),
            ),
            (
                "awareness",
                "reach_by_province",
                Province::ALL.iter().map(|v| v.code()).collect(),
            ),
            (
                "proceedings",
                "by_stage",
                ProceedingStage::ALL.iter().map(|v| v.as_str()).collect(),
            ),
            (
                "proceedings",
                "by_outcome",
                ProceedingOutcome::ALL
                    .iter()
                    .map(|v| v.as_str())
                    .chain(["none"])
                    .collect(),
            ),
            (
                "people_assisted",
                "by_sex",
                Sex::ALL.iter().map(|v| v.as_str()).collect(),
            ),
            (
                "people_assisted",
                "by_age_group",
                AgeGroup::ALL.iter().map(|v| v.as_str()).collect(),
            ),
            (
                "people_assisted",
                "by_province",
                Province::ALL.iter().map(|v| v.code()).collect(),
            ),
            (
                "people_assisted",
                "by_category",
                CaseCategory::ALL.iter().map(|v| v.as_str()).collect(),
            ),
            (
                "returns",
                "by_direction",
                ReturnDirection::ALL.iter().map(|v| v.as_str()).collect(),
            ),
            (
                "returns",
                "by_status",
                ReturnStatus::ALL.iter().map(|v| v.as_str()).collect(),
            ),
            (
                "referrals",
                "by_purpose",
                ReferralPurpose::ALL.iter().map(|v| v.as_str()).collect(),
            ),
            (
                "referrals",
                "by_status",
                ReferralStatus::ALL.iter().map(|v| v.as_str()).collect(),
            ),
        ];
        for (section, group, keys) in vocabularies {
            for key in keys {
                assert!(
                    breakdown(section, group, key).is_some(),
                    "{section} {group} {key}"
                );
            }
        }
        assert_eq!(
            breakdown("people_assisted", "by_province", "AF-KAB"),
            Some("Kabul")
        );
        assert_eq!(
            breakdown("people_assisted", "by_citizenship", "AF"),
            Some("Afghanistan")
        );
        assert_eq!(
            breakdown("people_assisted", "by_age_group", "unknown"),
            Some("Unknown")
        );
        assert_eq!(breakdown("people_assisted", "by_sex", "nonsense"), None);
        assert_eq!(service("medical"), Some("Medical"));
    }
}
