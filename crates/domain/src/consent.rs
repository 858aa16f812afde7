//! Consents: what a person agreed to, who gave the consent and how, and which consents a
//! disclosure of their identity relies on.
//!
//! A consent is valid from the day it was given until it is withdrawn; a withdrawal is
//! dated, never deleted. A person under 18 never consents alone: a parent or guardian
//! consents for them, or a best-interests decision is recorded for an unaccompanied child.

use std::fmt;

use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::enums::vocabulary;
use crate::{CaseId, FieldProblem, OrganizationKind, ReferralPurpose, UserId};

/// The age from which a person consents for themselves.
pub const AGE_OF_CONSENT: u32 = 18;

vocabulary! {
    /// What a person consented to.
    ConsentKind, ConsentKindError, "a consent kind" {
        /// To be assisted.
        Assistance => "assistance",
        /// To have their identity shared with organisations of given kinds.
        DataSharing => "data_sharing",
        /// To return voluntarily.
        Return => "return",
        /// To be put in contact with law enforcement.
        LawEnforcementContact => "law_enforcement_contact",
    }
}

vocabulary! {
    /// Who gave a consent.
    ConsentGiver, ConsentGiverError, "a consent giver" {
        /// The person themselves (18 or older, or of unknown age).
        Person => "person",
        /// A parent or guardian, for the person.
        ParentOrGuardian => "parent_or_guardian",
        /// A best-interests decision, for an unaccompanied child.
        BestInterestsDecision => "best_interests_decision",
    }
}

vocabulary! {
    /// How a parent or guardian who consented is related to the person.
    GuardianRelation, GuardianRelationError, "a guardian relation" {
        /// Mother.
        Mother => "mother",
        /// Father.
        Father => "father",
        /// Brother or sister.
        Sibling => "sibling",
        /// Grandmother or grandfather.
        Grandparent => "grandparent",
        /// Uncle or aunt.
        UncleOrAunt => "uncle_or_aunt",
        /// Another relative.
        OtherRelative => "other_relative",
        /// A guardian appointed by a court or an authority.
        LegalGuardian => "legal_guardian",
    }
}

vocabulary! {
    /// How a consent was given.
    ConsentMethod, ConsentMethodError, "a consent method" {
        /// Signed or thumb-printed on paper.
        Written => "written",
        /// Said aloud, in front of the one recording it.
        Verbal => "verbal",
        /// Audio or video recorded.
        Recorded => "recorded",
    }
}

/// Who gave a consent, with the guardian's relation when a guardian gave it: the type
/// cannot hold a guardian without a relation, nor a relation without a guardian.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GivenBy {
    /// The person themselves.
    Person,
    /// A parent or guardian, related to the person as given.
    ParentOrGuardian(GuardianRelation),
    /// A best-interests decision for an unaccompanied child.
    BestInterestsDecision,
}

impl GivenBy {
    /// Who, as the vocabulary names it.
    pub const fn giver(self) -> ConsentGiver {
        match self {
            GivenBy::Person => ConsentGiver::Person,
            GivenBy::ParentOrGuardian(_) => ConsentGiver::ParentOrGuardian,
            GivenBy::BestInterestsDecision => ConsentGiver::BestInterestsDecision,
        }
    }

    /// The guardian's relation, when a guardian gave it.
    pub const fn relation(self) -> Option<GuardianRelation> {
        match self {
            GivenBy::ParentOrGuardian(relation) => Some(relation),
            _ => None,
        }
    }

    /// Who gave it from its two parts, or what is wrong with them (the field at fault and
    /// why): a guardian needs a relation, and only a guardian has one.
    pub fn from_parts(
        giver: ConsentGiver,
        relation: Option<GuardianRelation>,
    ) -> Result<GivenBy, (&'static str, &'static str)> {
        match (giver, relation) {
            (ConsentGiver::ParentOrGuardian, Some(relation)) => {
                Ok(GivenBy::ParentOrGuardian(relation))
            }
            (ConsentGiver::ParentOrGuardian, None) => Err((
                "guardian_relation",
                "say how the parent or guardian who consented is related to the person",
            )),
            (_, Some(_)) => Err((
                "guardian_relation",
                "only a consent given by a parent or guardian names their relation",
            )),
            (ConsentGiver::Person, None) => Ok(GivenBy::Person),
            (ConsentGiver::BestInterestsDecision, None) => Ok(GivenBy::BestInterestsDecision),
        }
    }

    /// What is wrong with this giver for a person aged `age` (unknown: `None`) on the day
    /// the consent was given, as a problem of `field`: a person under 18 never consents
    /// alone (`minor_consents_alone`), and a best-interests decision is for children only
    /// (`best_interests_for_adult`).
    pub fn problem_for_age(self, age: Option<u32>, field: &str) -> Option<FieldProblem> {
        let minor = age.map(|age| age < AGE_OF_CONSENT);
        match (self, minor) {
            (GivenBy::Person, Some(true)) => Some(FieldProblem::coded(
                field,
                "minor_consents_alone",
                "a person under 18 never consents alone: record the parent or guardian who \
                 consented, or a best-interests decision",
            )),
            (GivenBy::BestInterestsDecision, Some(false)) => Some(FieldProblem::coded(
                field,
                "best_interests_for_adult",
                "a best-interests decision is recorded for a child under 18 only",
            )),
            _ => None,
        }
    }
}

/// The identifier of a consent.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct ConsentId(pub Uuid);

/// A consent, valid from `given_on` until withdrawn. Withdrawal is recorded, never deleted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consent {
    /// Its id.
    pub id: ConsentId,
    /// The case.
    pub case_id: CaseId,
    /// What was consented to.
    pub kind: ConsentKind,
    /// When.
    pub given_on: Date,
    /// For `data_sharing`: with which kinds of organisation.
    pub organization_kinds: Vec<OrganizationKind>,
    /// Who gave it.
    pub given_by: GivenBy,
    /// How it was given; `None` when that was not recorded.
    pub method: Option<ConsentMethod>,
    /// Whether an interpreter helped.
    pub interpreter_used: bool,
    /// Who recorded it.
    pub recorded_by: UserId,
    /// When it was recorded.
    pub recorded_at: OffsetDateTime,
    /// When it was withdrawn, if it was.
    pub withdrawn_on: Option<Date>,
    /// Who recorded the withdrawal.
    pub withdrawn_by: Option<UserId>,
}

impl Consent {
    /// Whether the consent holds (given and not withdrawn).
    pub fn is_valid(&self) -> bool {
        self.withdrawn_on.is_none()
    }

    /// Whether this consent, as it stands, lets the person's identity be shared with an
    /// organisation of `kind`: a valid `data_sharing` consent naming that kind. The one
    /// definition every disclosure relies on.
    pub fn shares_with(&self, kind: OrganizationKind) -> bool {
        self.kind == ConsentKind::DataSharing
            && self.is_valid()
            && self.organization_kinds.contains(&kind)
    }

    /// Whether this consent, as it stands, is a valid consent of `kind`.
    pub fn holds_for(&self, kind: ConsentKind) -> bool {
        self.kind == kind && self.is_valid()
    }
}

/// A consent that something needs and the case does not hold: its kind and, for
/// `data_sharing`, the organisation kinds it must cover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentNeed {
    /// The kind of consent.
    pub kind: ConsentKind,
    /// For `data_sharing`: the kinds of organisation it must name.
    pub organization_kinds: Vec<OrganizationKind>,
}

impl ConsentNeed {
    /// A need for a valid consent of `kind`.
    pub fn of(kind: ConsentKind) -> ConsentNeed {
        ConsentNeed {
            kind,
            organization_kinds: Vec::new(),
        }
    }

    /// A need for a valid `data_sharing` consent covering organisations of `kind`.
    pub fn sharing_with(kind: OrganizationKind) -> ConsentNeed {
        ConsentNeed {
            kind: ConsentKind::DataSharing,
            organization_kinds: vec![kind],
        }
    }
}

impl fmt::Display for ConsentNeed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a valid {} consent", self.kind)?;
        if !self.organization_kinds.is_empty() {
            let kinds: Vec<&str> = self.organization_kinds.iter().map(|k| k.as_str()).collect();
            write!(f, " covering {}", kinds.join(" or "))?;
        }
        Ok(())
    }
}

/// The consents a disclosure of the person's identity relies on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DisclosureBasis {
    /// The `data_sharing` consent covering the receiver.
    pub data_sharing: ConsentId,
    /// For an investigation or a prosecution: the `law_enforcement_contact` consent.
    pub law_enforcement_contact: Option<ConsentId>,
}

/// The consents, among `consents`, that let the person's identity go to an organisation
/// of kind `receiver` for `purpose` — or every consent that is missing. Identity goes
/// only with a valid `data_sharing` consent covering the receiver; for an investigation or
/// a prosecution, also with a valid `law_enforcement_contact` consent. The newest
/// covering consent is the one relied on, so `consents` come newest first.
pub fn disclosure_basis(
    consents: &[Consent],
    purpose: ReferralPurpose,
    receiver: OrganizationKind,
) -> Result<DisclosureBasis, Vec<ConsentNeed>> {
    let sharing = consents.iter().find(|c| c.shares_with(receiver));
    let law_enforcement = consents
        .iter()
        .find(|c| c.holds_for(ConsentKind::LawEnforcementContact));
    let needs_law_enforcement = purpose.involves_law_enforcement();
    let mut missing = Vec::new();
    if sharing.is_none() {
        missing.push(ConsentNeed::sharing_with(receiver));
    }
    if needs_law_enforcement && law_enforcement.is_none() {
        missing.push(ConsentNeed::of(ConsentKind::LawEnforcementContact));
    }
    match sharing {
        Some(sharing) if missing.is_empty() => Ok(DisclosureBasis {
            data_sharing: sharing.id,
            law_enforcement_contact: law_enforcement
                .filter(|_| needs_law_enforcement)
                .map(|c| c.id),
        }),
        _ => Err(missing),
    }
}

#[cfg(test)]
mod tests {
    use time::macros::{date, datetime};

    use super::*;

    fn consent(kind: ConsentKind, kinds: &[OrganizationKind], withdrawn: bool) -> Consent {
        Consent {
            id: ConsentId(Uuid::now_v7()),
            case_id: CaseId(Uuid::nil()),
            kind,
            given_on: date!(2026 - 01 - 10),
            organization_kinds: kinds.to_vec(),
            given_by: GivenBy::Person,
            method: Some(ConsentMethod::Written),
            interpreter_used: false,
            recorded_by: UserId(Uuid::nil()),
            recorded_at: datetime!(2026-01-10 09:00 UTC),
            withdrawn_on: withdrawn.then_some(date!(2026 - 02 - 01)),
            withdrawn_by: None,
        }
    }

    #[test]
    fn an_identity_disclosure_needs_data_sharing_covering_the_receiver() {
        let provincial = OrganizationKind::MoiProvincial;
        let sharing = consent(ConsentKind::DataSharing, &[provincial], false);
        let basis = disclosure_basis(
            std::slice::from_ref(&sharing),
            ReferralPurpose::Assistance,
            provincial,
        )
        .unwrap();
        assert_eq!(basis.data_sharing, sharing.id);
        assert_eq!(basis.law_enforcement_contact, None);

        let other = consent(
            ConsentKind::DataSharing,
            &[OrganizationKind::PartnerMinistry],
            false,
        );
        let withdrawn = consent(ConsentKind::DataSharing, &[provincial], true);
        assert_eq!(
            disclosure_basis(&[other, withdrawn], ReferralPurpose::Protection, provincial),
            Err(vec![ConsentNeed::sharing_with(provincial)])
        );
    }

    #[test]
    fn an_investigation_or_prosecution_also_needs_law_enforcement_contact() {
        let national = OrganizationKind::MoiNational;
        let sharing = consent(ConsentKind::DataSharing, &[national], false);
        for purpose in [ReferralPurpose::Investigation, ReferralPurpose::Prosecution] {
            assert_eq!(
                disclosure_basis(std::slice::from_ref(&sharing), purpose, national),
                Err(vec![ConsentNeed::of(ConsentKind::LawEnforcementContact)])
            );
            assert_eq!(
                disclosure_basis(&[], purpose, national),
                Err(vec![
                    ConsentNeed::sharing_with(national),
                    ConsentNeed::of(ConsentKind::LawEnforcementContact)
                ])
            );
            let contact = consent(ConsentKind::LawEnforcementContact, &[], false);
            let withdrawn_contact = consent(ConsentKind::LawEnforcementContact, &[], true);
            assert!(
                disclosure_basis(&[sharing.clone(), withdrawn_contact], purpose, national).is_err()
            );
            let basis =
                disclosure_basis(&[sharing.clone(), contact.clone()], purpose, national).unwrap();
            assert_eq!(basis.law_enforcement_contact, Some(contact.id));
        }
    }

    #[test]
    fn a_missing_consent_reads_as_what_would_cover_it() {
        assert_eq!(
            ConsentNeed::sharing_with(OrganizationKind::MoiProvincial).to_string(),
            "a valid data_sharing consent covering moi_provincial"
        );
        assert_eq!(
            ConsentNeed::of(ConsentKind::Return).to_string(),
            "a valid return consent"
        );
    }

    #[test]
    fn a_guardian_gives_a_relation_and_nobody_else_does() {
        use ConsentGiver as G;
        assert_eq!(
            GivenBy::from_parts(G::ParentOrGuardian, Some(GuardianRelation::Mother)),
            Ok(GivenBy::ParentOrGuardian(GuardianRelation::Mother))
        );
        assert!(GivenBy::from_parts(G::ParentOrGuardian, None).is_err());
        assert!(GivenBy::from_parts(G::Person, Some(GuardianRelation::Father)).is_err());
        assert_eq!(GivenBy::from_parts(G::Person, None), Ok(GivenBy::Person));
    }

    #[test]
    fn a_person_under_18_never_consents_alone() {
        let guardian = GivenBy::ParentOrGuardian(GuardianRelation::UncleOrAunt);
        assert!(
            GivenBy::Person
                .problem_for_age(Some(17), "given_by")
                .is_some()
        );
        assert_eq!(GivenBy::Person.problem_for_age(Some(18), "given_by"), None);
        assert_eq!(GivenBy::Person.problem_for_age(None, "given_by"), None);
        assert_eq!(guardian.problem_for_age(Some(9), "given_by"), None);
        assert_eq!(guardian.problem_for_age(Some(40), "given_by"), None);
        assert_eq!(
            GivenBy::BestInterestsDecision.problem_for_age(Some(15), "given_by"),
            None
        );
        assert!(
            GivenBy::BestInterestsDecision
                .problem_for_age(Some(30), "given_by")
                .is_some()
        );
    }
}
