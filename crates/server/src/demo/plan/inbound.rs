//! Ministries' referrals to IOM with the person inline, and the cases that accepting those
//! that name the person opens.

use panah_app::Subject;
use panah_domain::{
    CaseCategory, CaseStatus, Disclosure, Province, ReferralAction, ReferralPurpose,
    ReferralStatus, Urgency,
};
use rand::RngExt;
use time::{Duration, OffsetDateTime};

use super::referrals::ReferralShape;
use super::{
    Builder, CaseInfo, CasePlan, ReferralOrigin, ReferralPlan, Step, giver, pick, weighted,
};
use crate::demo::staff::Who;
use crate::demo::{people, profiles};

impl Builder {
    /// A ministry's referral to IOM with the person inline; accepting one that discloses
    /// the person opens a case, which then has a life of its own.
    pub(super) fn inbound_chain(&mut self, shape: ReferralShape, disclosure: Disclosure) {
        use ReferralStatus as S;
        let last = self.window.last_day;
        let days = Duration::days;
        let (earliest, latest) = match (shape.target, shape.overdue) {
            (S::Draft, _) => (last - days(10), last),
            (S::Sent, false) => (last - days(8), last),
            (S::Sent, true) => (last - days(50), last - days(25)),
            (S::Acknowledged, false) => (last - days(10), last - days(4)),
            (S::Acknowledged, true) => (last - days(60), last - days(30)),
            (S::Completed, _) => (self.window.first_day + days(5), last - days(80)),
            _ => (self.window.first_day + days(5), last - days(40)),
        };
        let created_on = self.date_between(earliest, latest);
        let (sender, from) = weighted(
            &mut self.rng,
            &[
                ((Who::Herat, "MOI-HER"), 4),
                ((Who::Kabul, "MOI-KAB"), 3),
                ((Who::Liaison, "MOI"), 3),
            ],
        );
        let province = match from {
            "MOI-HER" => Province::Herat,
            "MOI-KAB" => Province::Kabul,
            _ => pick(
                &mut self.rng,
                &[
                    Province::Nangarhar,
                    Province::Kandahar,
                    Province::Nimroz,
                    Province::Balkh,
                    Province::Kunduz,
                ],
            ),
        };
        let rng = &mut self.rng;
        let category = weighted(
            rng,
            &[
                (CaseCategory::PresumedVictim, 70),
                (CaseCategory::VictimOfTrafficking, 15),
                (CaseCategory::VulnerableMigrant, 15),
            ],
        );
        let citizenship = people::citizenship(rng);
        let sex = people::sex(rng);
        let age = people::age(rng);
        let identified_on =
            (created_on - Duration::days(rng.random_range(0..=4))).max(self.window.first_day);
        let person = people::person(rng, citizenship, sex, age, identified_on, province);
        let trafficking = profiles::profile(rng, category, sex, age, citizenship);
        let consent_given_on =
            (disclosure == Disclosure::Identity || rng.random_bool(0.5)).then_some(identified_on);
        let purpose = weighted(
            rng,
            &[
                (ReferralPurpose::Assistance, 70),
                (ReferralPurpose::Protection, 20),
                (ReferralPurpose::ReturnFacilitation, 10),
            ],
        );
        let due_in = if shape.overdue { 5..=10 } else { 14..=28 };
        let due_date = Some(created_on + Duration::days(rng.random_range(due_in)));
        let (town, _) = people::town(province);
        let message = pick(
            rng,
            &[
                "Identified among deportees at the border crossing; needs shelter and medical care.",
                "Reported by the family; the person escaped from the employer and is in our office.",
                "Found during a check at the bus terminal; the person is a minor travelling alone.",
                "The person asked the police for help; please assess for assistance and protection.",
            ],
        );
        let message = format!("{message} ({town})");
        let urgent = age < 18 || rng.random_bool(0.2);
        let subject = Subject {
            category,
            province,
            identified_on,
            person,
            trafficking,
            consent_given_on,
            consent_given_by: giver(&mut self.details, age),
        };
        let referral = self.plan.referrals.len();
        self.plan.referrals.push(ReferralPlan {
            from: from.to_owned(),
            to: "IOM-AF".to_owned(),
            origin: ReferralOrigin::Subject(Box::new(subject.clone())),
            purpose,
            disclosure,
            urgency: if urgent {
                Urgency::Urgent
            } else {
                Urgency::Normal
            },
            due_date,
            message: Some(message),
            send: !shape.stays_draft(),
        });
        let at = self.office(created_on);
        self.event(at, sender, Step::CreateReferral(referral));
        let caseworker = weighted(
            &mut self.rng,
            &[(Who::Caseworker1, 1), (Who::Caseworker2, 1)],
        );
        let mut t = at;
        for action in shape.actions() {
            let days = match action {
                ReferralAction::Acknowledge => 0..=2,
                ReferralAction::Accept | ReferralAction::Decline => 1..=5,
                _ => 15..=40,
            };
            t = self.later(t, days);
            let comment = self.referral_comment(action, true);
            match action {
                ReferralAction::Withdraw => self.event(
                    t,
                    sender,
                    Step::ReferralAction {
                        referral,
                        action,
                        comment,
                    },
                ),
                ReferralAction::Accept if disclosure == Disclosure::Identity => {
                    let case = self.opened_case(referral, &subject, caseworker, age);
                    self.event(
                        t,
                        caseworker,
                        Step::AcceptInbound {
                            referral,
                            case,
                            comment,
                        },
                    );
                    self.opened_case_chain(case, t);
                }
                _ => {
                    let who = if action == ReferralAction::Decline && self.rng.random_bool(0.5) {
                        Who::CaseManager
                    } else {
                        caseworker
                    };
                    self.event(
                        t,
                        who,
                        Step::ReferralAction {
                            referral,
                            action,
                            comment,
                        },
                    );
                }
            }
        }
    }

    /// The case that accepting the inbound `referral` opens: its subject's.
    fn opened_case(
        &mut self,
        referral: usize,
        subject: &Subject,
        caseworker: Who,
        age: u8,
    ) -> usize {
        self.plan.cases.push(CasePlan {
            category: subject.category,
            province: subject.province,
            identified_on: subject.identified_on,
            identified_by: self.plan.referrals[referral].from.clone(),
            assigned_to: caseworker,
            person: subject.person.clone(),
            trafficking: subject.trafficking.clone(),
        });
        self.cases.push(CaseInfo {
            age,
            busy: true,
            ..CaseInfo::default()
        });
        self.plan.cases.len() - 1
    }

    /// After an inbound referral opened the case at `at`: it becomes active and gets
    /// assistance.
    fn opened_case_chain(&mut self, case: usize, at: OffsetDateTime) {
        let caseworker = self.plan.cases[case].assigned_to;
        let active = self.later(at, 0..=1);
        self.event(
            active,
            caseworker,
            Step::CaseStatus {
                case,
                to: CaseStatus::Active,
            },
        );
        let from = at.date();
        let until = (from + Duration::days(25)).min(self.window.last_day);
        for _ in 0..self.rng.random_range(1..=3) {
            let item = self.assistance_item(case, from, until, false);
            let date = self.plan.assistance[item].date;
            let at = if date == from {
                active + Duration::minutes(20)
            } else {
                self.office(date)
            };
            self.event(at, caseworker, Step::Assistance(item));
        }
    }
}
