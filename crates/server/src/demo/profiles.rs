//! Trafficking profiles that fit a person's category, sex, age and citizenship.

use panah_domain::{
    CaseCategory, Country, ExploitationType, MeansOfControl, RecruiterRelation, Recruitment, Sex,
    TraffickingProfile,
};
use rand::RngExt;

use super::people::country;
use super::plan::{Rng, pick, weighted};

/// A trafficking profile fitting the person. Vulnerable migrants mostly have none.
pub(super) fn profile(
    rng: &mut Rng,
    category: CaseCategory,
    sex: Sex,
    age: u8,
    citizenship: Country,
) -> TraffickingProfile {
    use ExploitationType as E;
    let afghan = citizenship == Country::AFGHANISTAN;
    if category == CaseCategory::VulnerableMigrant {
        if rng.random_bool(0.6) {
            return TraffickingProfile::default();
        }
        let abroad = country(weighted(rng, &[("IR", 6), ("PK", 3), ("TR", 1)]));
        return TraffickingProfile {
            countries_of_transit: if afghan { vec![abroad] } else { vec![] },
            cross_border: Some(true),
            ..TraffickingProfile::default()
        };
    }
    let child = age < 18;
    let female = sex == Sex::Female;
    let table: &[(ExploitationType, u32)] = match (child, female) {
        (false, false) => &[
            (E::ForcedLabour, 40),
            (E::DebtBondage, 20),
            (E::ForcedCriminality, 10),
            (E::OrganRemoval, 4),
            (E::SexualExploitation, 3),
            (E::DomesticServitude, 3),
            (E::Other, 5),
        ],
        (false, true) => &[
            (E::SexualExploitation, 30),
            (E::ForcedMarriage, 25),
            (E::DomesticServitude, 25),
            (E::ForcedLabour, 15),
            (E::DebtBondage, 5),
        ],
        (true, false) => &[
            (E::ForcedLabour, 30),
            (E::ForcedBegging, 25),
            (E::ChildRecruitment, 15),
            (E::SexualExploitation, 10),
            (E::ForcedCriminality, 10),
            (E::DebtBondage, 10),
        ],
        (true, true) => &[
            (E::ForcedMarriage, 35),
            (E::DomesticServitude, 25),
            (E::ForcedBegging, 20),
            (E::SexualExploitation, 15),
            (E::ForcedLabour, 5),
        ],
    };
    let main = weighted(rng, table);
    let mut exploitation_types = vec![main];
    if rng.random_bool(0.2) {
        let second = weighted(rng, table);
        if second != main {
            exploitation_types.push(second);
        }
    }
    let exploited_in = if afghan {
        let table: &[(&str, u32)] = if child {
            &[("IR", 35), ("PK", 25), ("AF", 35), ("AE", 5)]
        } else {
            &[
                ("IR", 40),
                ("PK", 15),
                ("AF", 15),
                ("AE", 8),
                ("SA", 8),
                ("TR", 8),
                ("QA", 3),
                ("IN", 3),
            ]
        };
        country(weighted(rng, table))
    } else {
        country(weighted(rng, &[("AF", 8), ("IR", 1), ("AE", 1)]))
    };
    let transit = match (citizenship.code(), exploited_in.code()) {
        ("AF", "TR") => vec![country("IR")],
        ("BD" | "IN", "AF") => vec![country("AE")],
        ("PK", "IR") => vec![country("AF")],
        _ => vec![],
    };
    let recruitment = match main {
        E::ForcedMarriage => weighted(
            rng,
            &[
                (Recruitment::MarriageOffer, 5),
                (Recruitment::FamilyArrangement, 5),
            ],
        ),
        E::ChildRecruitment => {
            weighted(rng, &[(Recruitment::Abduction, 5), (Recruitment::Other, 3)])
        }
        _ if child => weighted(
            rng,
            &[
                (Recruitment::FamilyArrangement, 4),
                (Recruitment::JobOffer, 4),
                (Recruitment::Abduction, 1),
                (Recruitment::Unknown, 1),
            ],
        ),
        _ => weighted(
            rng,
            &[
                (Recruitment::JobOffer, 7),
                (Recruitment::TravelOffer, 2),
                (Recruitment::EducationOffer, 1),
                (Recruitment::Unknown, 1),
            ],
        ),
    };
    let relationship = match recruitment {
        Recruitment::MarriageOffer => weighted(
            rng,
            &[
                (RecruiterRelation::FamilyMember, 3),
                (RecruiterRelation::IntimatePartner, 2),
            ],
        ),
        Recruitment::FamilyArrangement => RecruiterRelation::FamilyMember,
        Recruitment::Abduction => RecruiterRelation::Stranger,
        Recruitment::JobOffer | Recruitment::TravelOffer | Recruitment::EducationOffer => weighted(
            rng,
            &[
                (RecruiterRelation::EmployerOrBroker, 6),
                (RecruiterRelation::FriendOrAcquaintance, 3),
                (RecruiterRelation::FamilyMember, 1),
            ],
        ),
        _ => RecruiterRelation::Unknown,
    };
    TraffickingProfile {
        means_of_control: means_of_control(rng, main),
        exploitation_types,
        recruitment: rng.random_bool(0.9).then_some(recruitment),
        relationship_to_recruiter: rng.random_bool(0.85).then_some(relationship),
        countries_of_recruitment: vec![citizenship],
        countries_of_transit: transit,
        countries_of_exploitation: vec![exploited_in],
        cross_border: Some(exploited_in != citizenship),
    }
}

/// One to three means of control typical of the form of exploitation.
fn means_of_control(rng: &mut Rng, main: ExploitationType) -> Vec<MeansOfControl> {
    use ExploitationType as E;
    use MeansOfControl as M;
    let pool: &[MeansOfControl] = match main {
        E::ForcedLabour => &[
            M::DebtBondage,
            M::TakesEarnings,
            M::ExcessiveWorkingHours,
            M::WithholdsDocuments,
            M::Threats,
            M::RestrictsMovement,
        ],
        E::SexualExploitation => &[
            M::PhysicalAbuse,
            M::SexualAbuse,
            M::Threats,
            M::PsychoactiveSubstances,
            M::RestrictsMovement,
        ],
        E::ForcedMarriage => &[
            M::Threats,
            M::RestrictsMovement,
            M::PsychologicalAbuse,
            M::PhysicalAbuse,
        ],
        E::DomesticServitude => &[
            M::RestrictsMovement,
            M::WithholdsDocuments,
            M::WithholdsNecessities,
            M::ExcessiveWorkingHours,
            M::PsychologicalAbuse,
        ],
        E::ForcedBegging => &[M::PhysicalAbuse, M::TakesEarnings, M::Threats],
        E::ForcedCriminality => &[
            M::Threats,
            M::PsychoactiveSubstances,
            M::ThreatOfAuthorities,
        ],
        E::ChildRecruitment => &[M::Threats, M::FalsePromises, M::PhysicalAbuse],
        E::OrganRemoval => &[M::FalsePromises, M::DebtBondage],
        E::DebtBondage => &[M::DebtBondage, M::TakesEarnings, M::Threats],
        E::Other => &[M::FalsePromises, M::Other],
    };
    let count = rng.random_range(1..=3usize).min(pool.len());
    let mut chosen: Vec<MeansOfControl> = Vec::with_capacity(count);
    while chosen.len() < count {
        let means = pick(rng, pool);
        if !chosen.contains(&means) {
            chosen.push(means);
        }
    }
    chosen
}
