//! Cases IOM registers itself: the person, consents, status and assistance, and the
//! consents to share identity that some people later withdraw.

use panah_domain::{
    AssistanceStatus, AssistanceType, CaseCategory, CaseStatus, ConsentKind, Currency, Disclosure,
    Money, OrganizationKind, Sex,
};
use rand::RngExt;
use time::{Date, Duration, OffsetDateTime};

use super::{
    AssistancePlan, Builder, CaseInfo, CasePlan, Event, GrantKey, ReferralOrigin, Rng, Step, pick,
    weighted,
};
use crate::demo::staff::Who;
use crate::demo::{people, profiles};

/// A short description of a service of the kind, in English or Dari.
fn description(rng: &mut Rng, kind: AssistanceType) -> &'static str {
    use AssistanceType as T;
    let options: &[&str] = match kind {
        T::Shelter => &[
            "Safe shelter at the protection centre, 30 nights.",
            "پناهگاه امن، ۳۰ شب",
        ],
        T::Medical => &[
            "Medical examination and treatment at the regional hospital.",
            "Dental and eye care.",
        ],
        T::Psychosocial => &[
            "Individual counselling, four sessions.",
            "مشاوره روانی اجتماعی، چهار جلسه",
        ],
        T::LegalCounselling => &["Counselling on rights under the trafficking law."],
        T::LegalRepresentation => &["Lawyer assigned for the criminal proceedings."],
        T::FoodAndItems => &[
            "Food package and hygiene kit.",
            "بسته غذایی و لوازم بهداشتی",
        ],
        T::Cash => &["Multi-purpose cash for one month."],
        T::Education => &["School enrolment, books and uniform."],
        T::VocationalTraining => &[
            "Three-month tailoring course.",
            "Mobile phone repair course.",
        ],
        T::Livelihood => &[
            "Small business start-up kit.",
            "Livestock: two sheep and fodder.",
        ],
        T::FamilyTracing => &["Family tracing with the Red Crescent."],
        T::TravelDocuments => &["Passport and exit permit fees."],
        T::Transport => &["Transport to the home province.", "Air ticket and escort."],
        T::ReintegrationGrant => &["Reintegration grant, in kind."],
        T::Other => &["Mobile phone credit to keep in touch."],
    };
    pick(rng, options)
}

impl Builder {
    pub(super) fn direct_case(&mut self) {
        let rng = &mut self.rng;
        let category = weighted(
            rng,
            &[
                (CaseCategory::VictimOfTrafficking, 40),
                (CaseCategory::PresumedVictim, 35),
                (CaseCategory::VulnerableMigrant, 25),
            ],
        );
        let citizenship = people::citizenship(rng);
        let sex = people::sex(rng);
        let age = people::age(rng);
        let province = people::province(rng);
        let first = self.window.first_day + Duration::days(1);
        let identified_on = self.date_between(first, self.window.last_day);
        let rng = &mut self.rng;
        let identified_by = match weighted(rng, &[(0, 65), (1, 30), (2, 5)]) {
            0 => "IOM-AF".to_owned(),
            1 => format!("MOI-{}", province.short_code()),
            _ => "MOI".to_owned(),
        };
        let person = people::person(rng, citizenship, sex, age, identified_on, province);
        let trafficking = profiles::profile(rng, category, sex, age, citizenship);
        let assigned_to = weighted(rng, &[(Who::Caseworker1, 55), (Who::Caseworker2, 45)]);
        self.plan.cases.push(CasePlan {
            category,
            province,
            identified_on,
            identified_by,
            assigned_to,
            person,
            trafficking,
        });
        self.cases.push(CaseInfo {
            age,
            ..CaseInfo::default()
        });
    }

    /// A case's own chain: registration, consents, status, assistance, and for some, closure.
    pub(super) fn case_chain(&mut self, case: usize) {
        let plan = &self.plan.cases[case];
        let (identified_on, assigned, category) =
            (plan.identified_on, plan.assigned_to, plan.category);
        let t0 = self.office(identified_on);
        self.event(t0, assigned, Step::CreateCase(case));
        let mut t = t0;
        if self.rng.random_bool(0.95) {
            t = self.later(t, 0..=0);
            self.consent(
                case,
                ConsentKind::Assistance,
                identified_on,
                vec![],
                t,
                assigned,
            );
        }
        let mut sharing = self.cases[case].sharing.clone();
        if sharing.is_empty() && self.rng.random_bool(0.3) {
            sharing = pick(
                &mut self.rng,
                &[
                    &[
                        OrganizationKind::MoiNational,
                        OrganizationKind::MoiProvincial,
                    ][..],
                    &[OrganizationKind::PartnerMinistry][..],
                    &[
                        OrganizationKind::MoiNational,
                        OrganizationKind::MoiProvincial,
                        OrganizationKind::PartnerMinistry,
                    ][..],
                ],
            )
            .to_vec();
        }
        if !sharing.is_empty() {
            sharing.sort_by_key(|k| k.as_str());
            sharing.dedup();
            t = self.later(t, 0..=0);
            let consent = self.consent(
                case,
                ConsentKind::DataSharing,
                identified_on,
                sharing,
                t,
                assigned,
            );
            self.cases[case].sharing_consent = Some(consent);
        }
        if self.cases[case].law_enforcement
            || (category != CaseCategory::VulnerableMigrant && self.rng.random_bool(0.25))
        {
            t = self.later(t, 0..=0);
            self.consent(
                case,
                ConsentKind::LawEnforcementContact,
                identified_on,
                vec![],
                t,
                assigned,
            );
        }
        let last = self.window.last_day;
        let active = self.cases[case].busy || self.rng.random_bool(0.88);
        if active {
            let at = self.later(t0, 0..=5);
            if at.date() <= last {
                self.event(
                    at,
                    assigned,
                    Step::CaseStatus {
                        case,
                        to: CaseStatus::Active,
                    },
                );
            }
        }
        let closes = active
            && !self.cases[case].busy
            && identified_on + Duration::days(45) <= last
            && self.rng.random_bool(0.25);
        let count = weighted(&mut self.rng, &[(1, 25), (2, 35), (3, 25), (4, 15)]);
        let until = (identified_on + Duration::days(150)).min(last);
        let mut latest = identified_on;
        for _ in 0..count {
            let item = self.assistance_item(case, identified_on, until, closes);
            latest = latest.max(self.plan.assistance[item].date);
            let date = self.plan.assistance[item].date;
            let at = if date == identified_on {
                self.later(t0, 0..=0) + Duration::minutes(30)
            } else {
                self.office(date)
            };
            self.event(at, assigned, Step::Assistance(item));
        }
        if closes {
            let days = self.rng.random_range(10..=40);
            let at = self.office(latest + Duration::days(days));
            if at.date() <= last {
                self.event(
                    at,
                    Who::CaseManager,
                    Step::CaseStatus {
                        case,
                        to: CaseStatus::Closed,
                    },
                );
            }
        }
    }

    fn consent(
        &mut self,
        case: usize,
        kind: ConsentKind,
        given_on: Date,
        organization_kinds: Vec<OrganizationKind>,
        at: OffsetDateTime,
        who: Who,
    ) -> usize {
        let consent = self.consent_plan(case, kind, given_on, organization_kinds);
        self.plan.consents.push(consent);
        let consent = self.plan.consents.len() - 1;
        self.event(at, who, Step::Consent(consent));
        consent
    }

    /// One service for a case, dated between `from` and `until`; none left planned on a
    /// case that is to close.
    pub(super) fn assistance_item(
        &mut self,
        case: usize,
        from: Date,
        until: Date,
        closes: bool,
    ) -> usize {
        use AssistanceType as T;
        let plan = &self.plan.cases[case];
        let child = self.cases[case].age < 18;
        let vulnerable = child || plan.person.sex == Sex::Female;
        let victim = plan.category != CaseCategory::VulnerableMigrant;
        let boost = |yes: bool, weight: u32| if yes { weight * 3 } else { weight };
        let table = [
            (T::Shelter, boost(vulnerable, 8)),
            (T::Medical, 12),
            (T::Psychosocial, boost(victim, 8)),
            (T::LegalCounselling, if victim { 8 } else { 1 }),
            (
                T::LegalRepresentation,
                if plan.category == CaseCategory::VictimOfTrafficking {
                    4
                } else {
                    0
                },
            ),
            (T::FoodAndItems, 12),
            (T::Cash, 8),
            (T::Education, if child { 10 } else { 0 }),
            (T::VocationalTraining, if child { 1 } else { 5 }),
            (T::Livelihood, if child { 0 } else { 5 }),
            (T::FamilyTracing, boost(child, 2)),
            (T::TravelDocuments, 2),
            (T::Transport, 5),
            (T::ReintegrationGrant, 1),
            (T::Other, 2),
        ];
        let assistance_type = weighted(&mut self.rng, &table);
        let status = if closes {
            weighted(
                &mut self.rng,
                &[
                    (AssistanceStatus::Delivered, 85),
                    (AssistanceStatus::Cancelled, 15),
                ],
            )
        } else {
            weighted(
                &mut self.rng,
                &[
                    (AssistanceStatus::Delivered, 70),
                    (AssistanceStatus::Planned, 18),
                    (AssistanceStatus::Cancelled, 12),
                ],
            )
        };
        let date = if status == AssistanceStatus::Planned {
            // Planned lately, still to be delivered.
            let recent = (self.window.last_day - Duration::days(20)).max(from);
            self.date_between(recent, self.window.last_day)
        } else {
            self.date_between(from, until)
        };
        self.push_assistance(case, assistance_type, status, date, None)
    }

    /// Adds an assistance record with a cost fitting its type and a budget line of the
    /// grant that pays for such services.
    pub(super) fn push_assistance(
        &mut self,
        case: usize,
        assistance_type: AssistanceType,
        status: AssistanceStatus,
        date: Date,
        return_plan: Option<usize>,
    ) -> usize {
        use AssistanceType as T;
        let rng = &mut self.rng;
        let (low, high) = match assistance_type {
            T::Shelter => (150, 900),
            T::Medical => (50, 1200),
            T::Psychosocial => (40, 300),
            T::LegalCounselling => (50, 200),
            T::LegalRepresentation => (300, 1500),
            T::FoodAndItems => (40, 200),
            T::Cash => (100, 400),
            T::Education => (100, 500),
            T::VocationalTraining => (200, 800),
            T::Livelihood => (500, 2000),
            T::FamilyTracing => (30, 150),
            T::TravelDocuments => (60, 250),
            T::Transport => (20, 700),
            T::ReintegrationGrant => (1000, 2500),
            T::Other => (20, 200),
        };
        let (lines, us_share): (&[(GrantKey, &'static str)], u32) = match assistance_type {
            T::TravelDocuments | T::Transport => {
                (&[(GrantKey::It, "RET"), (GrantKey::Us, "RR")], 35)
            }
            T::ReintegrationGrant | T::Livelihood | T::VocationalTraining => {
                (&[(GrantKey::It, "REI"), (GrantKey::Us, "RR")], 35)
            }
            T::Medical | T::Psychosocial => (&[(GrantKey::It, "MH"), (GrantKey::Us, "DA")], 60),
            T::LegalCounselling | T::LegalRepresentation => (&[(GrantKey::Us, "LEG")], 100),
            _ => (&[(GrantKey::Us, "DA")], 100),
        };
        let grant = if rng.random_range(0..100) < us_share {
            GrantKey::Us
        } else {
            GrantKey::It
        };
        let line = lines.iter().find(|(g, _)| *g == grant).copied();
        let charged = match status {
            AssistanceStatus::Delivered => rng.random_bool(0.85),
            AssistanceStatus::Planned => rng.random_bool(0.5),
            AssistanceStatus::Cancelled => false,
        };
        let has_cost = charged || rng.random_bool(0.6);
        let currency = match (charged, line) {
            (true, Some((GrantKey::It, _))) => Currency::Eur,
            (true, _) => Currency::Usd,
            (false, _) => pick(rng, &[Currency::Usd, Currency::Usd, Currency::Eur]),
        };
        let major = rng.random_range(low / 5..=high / 5) * 5;
        let major = if currency == Currency::Eur {
            major * 9 / 10
        } else {
            major
        };
        let provider = match assistance_type {
            T::LegalRepresentation => pick(rng, &[Some("IOM-AF"), Some("MOJ")]),
            T::Psychosocial => pick(rng, &[Some("IOM-AF"), Some("IOM-AF"), Some("MOWA")]),
            T::Livelihood | T::VocationalTraining => pick(rng, &[Some("IOM-AF"), Some("MOLSA")]),
            T::FamilyTracing => pick(rng, &[Some("IOM-AF"), Some("MORR")]),
            _ => pick(rng, &[Some("IOM-AF"), Some("IOM-AF"), Some("IOM-AF"), None]),
        };
        let description = rng
            .random_bool(0.6)
            .then(|| description(rng, assistance_type).to_owned());
        self.plan.assistance.push(AssistancePlan {
            case,
            assistance_type,
            status,
            date,
            provider,
            cost: has_cost.then_some(Money {
                amount_minor: i64::from(major) * 100,
                currency,
            }),
            line: if charged { line } else { None },
            description,
            return_plan,
        });
        self.plan.assistance.len() - 1
    }

    /// Some people later withdraw their consent to share their identity: from referrals
    /// already made (which then stop disclosing it) and from cases without any.
    pub(super) fn withdraw_some_sharing(&mut self) {
        let mut with_referral = Vec::new();
        let mut without = Vec::new();
        for (i, referral) in self.plan.referrals.iter().enumerate() {
            if let (ReferralOrigin::Case(case), Disclosure::Identity) =
                (&referral.origin, referral.disclosure)
                && let Some(consent) = self.cases[*case].sharing_consent
            {
                with_referral.push((i, consent));
            }
        }
        for (case, info) in self.cases.iter().enumerate() {
            if !info.busy
                && let Some(consent) = info.sharing_consent
                && self.plan.cases[case].identified_on + Duration::days(30) < self.window.last_day
            {
                without.push((case, consent));
            }
        }
        // After everything else that happened to the case: the last event of its chain.
        let last_event_of =
            |events: &[(OffsetDateTime, u64, Event)], case: usize, referral: Option<usize>| {
                events
                    .iter()
                    .filter(|(_, _, e)| match e.step {
                        Step::ReferralAction { referral: r, .. } | Step::CreateReferral(r) => {
                            Some(r) == referral
                        }
                        Step::CreateCase(c) => c == case,
                        _ => false,
                    })
                    .map(|(at, _, _)| *at)
                    .max()
            };
        let mut planned = Vec::new();
        for _ in 0..2 {
            if !with_referral.is_empty() {
                let k = self.rng.random_range(0..with_referral.len());
                let (referral, consent) = with_referral.swap_remove(k);
                let case = self.plan.consents[consent].case;
                planned.push((
                    case,
                    consent,
                    last_event_of(&self.events, case, Some(referral)),
                ));
            }
            if !without.is_empty() {
                let k = self.rng.random_range(0..without.len());
                let (case, consent) = without.swap_remove(k);
                planned.push((case, consent, last_event_of(&self.events, case, None)));
            }
        }
        for (case, consent, after) in planned {
            let Some(after) = after else { continue };
            let at = self.later(after, 3..=20);
            if at.date() > self.window.last_day {
                continue;
            }
            let who = self.plan.cases[case].assigned_to;
            self.event(
                at,
                who,
                Step::WithdrawConsent {
                    consent,
                    on: at.date(),
                },
            );
        }
    }
}
