//! Case files: the record of one assisted person, its workflow and what it holds.

use std::fmt;
use std::str::FromStr;

use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::enums::vocabulary;
use crate::{AgeGroup, Country, OrganizationId, Person, Province, UserId};

/// The identifier of a case.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct CaseId(pub Uuid);

impl fmt::Display for CaseId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// `AF-<province>-<year>-<6-digit sequence>`, such as `AF-KAB-2026-000123`: unique, and
/// numbered per province and year of registration.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct CaseNumber(String);

/// The text given is not a case number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a case number (expected AF-<province>-<year>-<6 digits>, such as AF-KAB-2026-000123)")]
pub struct CaseNumberError;

impl CaseNumber {
    /// The number of the `sequence`-th case registered in `province` in `year`.
    pub fn new(province: Province, year: i32, sequence: u32) -> CaseNumber {
        CaseNumber(format!("{}-{year:04}-{sequence:06}", province.code()))
    }

    /// The number as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for CaseNumber {
    type Err = CaseNumberError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let valid = s.len() == 18
            && s.get(..6).is_some_and(|p| p.parse::<Province>().is_ok())
            && s.as_bytes()[6] == b'-'
            && s.as_bytes()[11] == b'-'
            && s[7..11].bytes().all(|b| b.is_ascii_digit())
            && s[12..].bytes().all(|b| b.is_ascii_digit());
        if valid {
            Ok(CaseNumber(s.to_owned()))
        } else {
            Err(CaseNumberError)
        }
    }
}

impl fmt::Display for CaseNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

vocabulary! {
    /// Why IOM assists the person.
    CaseCategory, CaseCategoryError, "a case category" {
        /// An identified victim of trafficking.
        VictimOfTrafficking => "victim_of_trafficking",
        /// A presumed victim, not (yet) formally identified.
        PresumedVictim => "presumed_victim",
        /// A vulnerable migrant.
        VulnerableMigrant => "vulnerable_migrant",
    }
}

vocabulary! {
    /// Where a case is in its life.
    CaseStatus, CaseStatusError, "a case status" {
        /// Registered, not yet worked on.
        Open => "open",
        /// Being worked on by its caseworker.
        Active => "active",
        /// Closed; a case manager may reopen it.
        Closed => "closed",
    }
}

/// Who asks for a status change, as far as the workflow cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusActor {
    /// The caller is the case's assigned caseworker.
    pub is_assigned: bool,
    /// The caller may close and reopen cases (the policy's `CasesClose`).
    pub may_close: bool,
}

/// A status change the workflow does not allow (409 `invalid_transition`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a case cannot move from {from} to {to} by this caller")]
pub struct InvalidTransition {
    /// The current status.
    pub from: CaseStatus,
    /// The status asked for.
    pub to: CaseStatus,
}

impl CaseStatus {
    /// The case workflow: the assigned caseworker moves `open → active`; whoever may close
    /// cases (case managers) closes an open or active case and reopens a closed one.
    /// Nothing else.
    pub fn transition(
        self,
        to: CaseStatus,
        actor: StatusActor,
    ) -> Result<CaseStatus, InvalidTransition> {
        use CaseStatus::{Active, Closed, Open};
        let allowed = match (self, to) {
            (Open, Active) => actor.is_assigned,
            (Open | Active, Closed) | (Closed, Open) => actor.may_close,
            _ => false,
        };
        if allowed {
            Ok(to)
        } else {
            Err(InvalidTransition { from: self, to })
        }
    }
}

vocabulary! {
    /// HTCDS types of exploitation.
    ExploitationType, ExploitationTypeError, "an exploitation type" {
        /// Forced labour.
        ForcedLabour => "forced_labour",
        /// Sexual exploitation.
        SexualExploitation => "sexual_exploitation",
        /// Forced marriage.
        ForcedMarriage => "forced_marriage",
        /// Domestic servitude.
        DomesticServitude => "domestic_servitude",
        /// Forced begging.
        ForcedBegging => "forced_begging",
        /// Forced criminality.
        ForcedCriminality => "forced_criminality",
        /// Recruitment of children by armed groups.
        ChildRecruitment => "child_recruitment",
        /// Removal of organs.
        OrganRemoval => "organ_removal",
        /// Debt bondage.
        DebtBondage => "debt_bondage",
        /// Another form.
        Other => "other",
    }
}

vocabulary! {
    /// HTCDS means of control.
    MeansOfControl, MeansOfControlError, "a means of control" {
        /// Debt bondage.
        DebtBondage => "debt_bondage",
        /// Takes the person's earnings.
        TakesEarnings => "takes_earnings",
        /// Threats against the person or their family.
        Threats => "threats",
        /// Psychological abuse.
        PsychologicalAbuse => "psychological_abuse",
        /// Physical abuse.
        PhysicalAbuse => "physical_abuse",
        /// Sexual abuse.
        SexualAbuse => "sexual_abuse",
        /// False promises.
        FalsePromises => "false_promises",
        /// Psychoactive substances.
        PsychoactiveSubstances => "psychoactive_substances",
        /// Restricts movement.
        RestrictsMovement => "restricts_movement",
        /// Withholds identity documents.
        WithholdsDocuments => "withholds_documents",
        /// Withholds necessities.
        WithholdsNecessities => "withholds_necessities",
        /// Excessive working hours.
        ExcessiveWorkingHours => "excessive_working_hours",
        /// Threat of denunciation to authorities.
        ThreatOfAuthorities => "threat_of_authorities",
        /// Other means.
        Other => "other",
    }
}

vocabulary! {
    /// How the person was recruited (HTCDS-aligned).
    Recruitment, RecruitmentError, "a recruitment type" {
        /// An offer of work.
        JobOffer => "job_offer",
        /// An offer of marriage.
        MarriageOffer => "marriage_offer",
        /// An offer of education.
        EducationOffer => "education_offer",
        /// An offer of travel or migration.
        TravelOffer => "travel_offer",
        /// Arranged by the family.
        FamilyArrangement => "family_arrangement",
        /// Abduction.
        Abduction => "abduction",
        /// Other.
        Other => "other",
        /// Not known.
        Unknown => "unknown",
    }
}

vocabulary! {
    /// The recruiter's relationship to the person (HTCDS `recruiterRelation`).
    RecruiterRelation, RecruiterRelationError, "a relationship to the recruiter" {
        /// An intimate partner.
        IntimatePartner => "intimate_partner",
        /// A family member.
        FamilyMember => "family_member",
        /// A friend or acquaintance.
        FriendOrAcquaintance => "friend_or_acquaintance",
        /// An employer or broker.
        EmployerOrBroker => "employer_or_broker",
        /// A stranger.
        Stranger => "stranger",
        /// Other.
        Other => "other",
        /// Not known.
        Unknown => "unknown",
    }
}

/// The trafficking profile: statistics-grade facts, no free text.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, eserde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TraffickingProfile {
    /// Types of exploitation.
    #[serde(default)]
    pub exploitation_types: Vec<ExploitationType>,
    /// Means of control.
    #[serde(default)]
    pub means_of_control: Vec<MeansOfControl>,
    /// How the person was recruited.
    #[serde(default)]
    pub recruitment: Option<Recruitment>,
    /// The recruiter's relationship to the person.
    #[serde(default)]
    pub relationship_to_recruiter: Option<RecruiterRelation>,
    /// Countries of recruitment.
    #[serde(default)]
    pub countries_of_recruitment: Vec<Country>,
    /// Countries of transit.
    #[serde(default)]
    pub countries_of_transit: Vec<Country>,
    /// Countries of exploitation.
    #[serde(default)]
    pub countries_of_exploitation: Vec<Country>,
    /// Whether borders were crossed.
    #[serde(default)]
    pub cross_border: Option<bool>,
}

/// A case file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// Its id.
    pub id: CaseId,
    /// Its human-readable number.
    pub case_number: CaseNumber,
    /// Why the person is assisted.
    pub category: CaseCategory,
    /// Where the case is in its life.
    pub status: CaseStatus,
    /// Where the person was identified.
    pub province: Province,
    /// When the person was identified.
    pub identified_on: Date,
    /// Who identified the person.
    pub identified_by_organization_id: OrganizationId,
    /// The caseworker responsible, if any.
    pub assigned_to: Option<UserId>,
    /// The person (identity decrypted by the store for callers allowed to read it).
    pub person: Person,
    /// The trafficking profile.
    pub trafficking: TraffickingProfile,
    /// The age group at identification, kept in clear for statistics.
    pub age_group: Option<AgeGroup>,
    /// Incremented by every change; the `ETag`.
    pub version: i64,
    /// When it was registered.
    pub created_at: OffsetDateTime,
    /// When it last changed.
    pub updated_at: OffsetDateTime,
}

vocabulary! {
    /// A kind of service delivered to a case.
    AssistanceType, AssistanceTypeError, "an assistance type" {
        /// Shelter.
        Shelter => "shelter",
        /// Medical care.
        Medical => "medical",
        /// Psychosocial support.
        Psychosocial => "psychosocial",
        /// Legal counselling.
        LegalCounselling => "legal_counselling",
        /// Legal representation.
        LegalRepresentation => "legal_representation",
        /// Food and non-food items.
        FoodAndItems => "food_and_items",
        /// Cash assistance.
        Cash => "cash",
        /// Education.
        Education => "education",
        /// Vocational training.
        VocationalTraining => "vocational_training",
        /// Livelihood support.
        Livelihood => "livelihood",
        /// Family tracing.
        FamilyTracing => "family_tracing",
        /// Travel documents.
        TravelDocuments => "travel_documents",
        /// Transport.
        Transport => "transport",
        /// Reintegration grant.
        ReintegrationGrant => "reintegration_grant",
        /// Another service.
        Other => "other",
    }
}

vocabulary! {
    /// Where a service stands.
    AssistanceStatus, AssistanceStatusError, "an assistance status" {
        /// Planned.
        Planned => "planned",
        /// Delivered.
        Delivered => "delivered",
        /// Cancelled.
        Cancelled => "cancelled",
    }
}

/// The identifier of an assistance record.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct AssistanceId(pub Uuid);

/// One service delivered or planned for a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assistance {
    /// Its id.
    pub id: AssistanceId,
    /// The case.
    pub case_id: CaseId,
    /// The kind of service.
    pub assistance_type: AssistanceType,
    /// Where it stands.
    pub status: AssistanceStatus,
    /// When it was (or is to be) delivered.
    pub date: Date,
    /// Who provides it.
    pub provider_organization_id: Option<OrganizationId>,
    /// What it cost.
    pub cost: Option<crate::Money>,
    /// A description; may hold personal data, so encrypted at rest.
    pub description: Option<String>,
    /// Who logged it.
    pub recorded_by: UserId,
    /// The return whose reintegration plan it belongs to.
    pub return_id: Option<crate::ReturnId>,
    /// The grant budget line it is charged to.
    pub budget_line_id: Option<crate::BudgetLineId>,
    /// Incremented by every change; the `ETag`.
    pub version: i64,
    /// When it was logged.
    pub created_at: OffsetDateTime,
    /// When it last changed.
    pub updated_at: OffsetDateTime,
}

/// The identifier of a case note.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct NoteId(pub Uuid);

/// A free-text note on a case; personal data, encrypted at rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseNote {
    /// Its id.
    pub id: NoteId,
    /// The case.
    pub case_id: CaseId,
    /// The text.
    pub body: String,
    /// Who wrote it.
    pub author_id: UserId,
    /// When.
    pub created_at: OffsetDateTime,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_numbers_are_padded_and_parse_back() {
        let number = CaseNumber::new(Province::Kabul, 2026, 123);
        assert_eq!(number.as_str(), "AF-KAB-2026-000123");
        assert_eq!(number.as_str().parse::<CaseNumber>(), Ok(number));
        for bad in [
            "AF-KAB-2026-00012",
            "AF-XXX-2026-000123",
            "af-kab-2026-000123",
            "AF-KAB-26-000123",
        ] {
            assert!(bad.parse::<CaseNumber>().is_err(), "{bad}");
        }
    }

    #[test]
    fn the_case_workflow_as_a_table() {
        use CaseStatus::{Active, Closed, Open};
        let caseworker = StatusActor {
            is_assigned: true,
            may_close: false,
        };
        let other_caseworker = StatusActor {
            is_assigned: false,
            may_close: false,
        };
        let manager = StatusActor {
            is_assigned: false,
            may_close: true,
        };
        let assigned_manager = StatusActor {
            is_assigned: true,
            may_close: true,
        };
        for from in CaseStatus::ALL.iter().copied() {
            for to in CaseStatus::ALL.iter().copied() {
                for (who, actor) in [
                    ("caseworker", caseworker),
                    ("other caseworker", other_caseworker),
                    ("manager", manager),
                    ("assigned manager", assigned_manager),
                ] {
                    let expected = match (from, to) {
                        (Open, Active) => actor.is_assigned,
                        (Open | Active, Closed) | (Closed, Open) => actor.may_close,
                        _ => false,
                    };
                    assert_eq!(
                        from.transition(to, actor).is_ok(),
                        expected,
                        "{who}: {from} → {to}"
                    );
                }
            }
        }
        assert!(
            Active.transition(Open, manager).is_err(),
            "no way back to open but reopening"
        );
        assert!(Closed.transition(Active, manager).is_err());
    }
}

impl Case {
    /// The case as lists show it.
    pub fn summary(&self) -> CaseSummary {
        CaseSummary {
            id: self.id,
            case_number: self.case_number.clone(),
            category: self.category,
            status: self.status,
            province: self.province,
            identified_on: self.identified_on,
            assigned_to: self.assigned_to,
            sex: self.person.sex,
            age_group: self.age_group,
            citizenship: self.person.citizenship,
            version: self.version,
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }
}

/// A case as lists show it: no identity field at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseSummary {
    /// Its id.
    pub id: CaseId,
    /// Its number.
    pub case_number: CaseNumber,
    /// Category.
    pub category: CaseCategory,
    /// Status.
    pub status: CaseStatus,
    /// Province.
    pub province: Province,
    /// When the person was identified.
    pub identified_on: Date,
    /// The assigned caseworker.
    pub assigned_to: Option<UserId>,
    /// Sex (statistics).
    pub sex: crate::Sex,
    /// Age group (statistics).
    pub age_group: Option<AgeGroup>,
    /// Citizenship (statistics).
    pub citizenship: Country,
    /// Version.
    pub version: i64,
    /// When it was registered.
    pub created_at: OffsetDateTime,
    /// When it last changed.
    pub updated_at: OffsetDateTime,
}
