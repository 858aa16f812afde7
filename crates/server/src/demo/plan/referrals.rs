//! IOM's referrals to ministries: which cases, to whom, with what disclosure, and each
//! referral's timeline to the status it is to reach.

use panah_domain::{
    Disclosure, ExploitationType, OrganizationKind, Province, ReferralAction, ReferralPurpose,
    ReferralStatus, TraffickingProfile, Urgency,
};
use rand::RngExt;
use time::{Date, Duration, OffsetDateTime};

use super::{Builder, ReferralOrigin, ReferralPlan, Rng, Step, pick, weighted};
use crate::demo::staff::Who;

/// The status a referral is to reach, and for a withdrawn one, where it is withdrawn from.
#[derive(Debug, Clone, Copy)]
pub(super) struct ReferralShape {
    /// The status it ends in.
    pub(super) target: ReferralStatus,
    /// For a withdrawn referral: the status it is withdrawn from.
    withdrawn_from: Option<ReferralStatus>,
    /// Whether it is overdue today.
    pub(super) overdue: bool,
}

impl ReferralShape {
    const fn new(target: ReferralStatus) -> ReferralShape {
        ReferralShape {
            target,
            withdrawn_from: None,
            overdue: false,
        }
    }

    const fn overdue(target: ReferralStatus) -> ReferralShape {
        ReferralShape {
            target,
            withdrawn_from: None,
            overdue: true,
        }
    }

    const fn withdrawn(from: ReferralStatus) -> ReferralShape {
        ReferralShape {
            target: ReferralStatus::Withdrawn,
            withdrawn_from: Some(from),
            overdue: false,
        }
    }

    /// The actions from creation (sent or draft) to the target.
    pub(super) fn actions(self) -> Vec<ReferralAction> {
        use ReferralAction as A;
        use ReferralStatus as S;
        let reach = |status: S| match status {
            S::Draft | S::Sent => vec![],
            S::Acknowledged => vec![A::Acknowledge],
            S::Accepted => vec![A::Acknowledge, A::Accept],
            S::Declined => vec![A::Acknowledge, A::Decline],
            S::Completed => vec![A::Acknowledge, A::Accept, A::Complete],
            S::Withdrawn => vec![],
        };
        match self.withdrawn_from {
            Some(from) => [reach(from), vec![A::Withdraw]].concat(),
            None => reach(self.target),
        }
    }

    /// Whether it is created as a draft (and stays one, or is withdrawn as one).
    pub(super) fn stays_draft(self) -> bool {
        self.target == ReferralStatus::Draft || self.withdrawn_from == Some(ReferralStatus::Draft)
    }

    /// Whether the receiver acts on it at all.
    fn receiver_acts(self) -> bool {
        self.actions()
            .iter()
            .any(|a| *a != ReferralAction::Withdraw)
    }
}

/// IOM's referrals to ministries: every status, a few overdue.
fn outbound_shapes() -> Vec<ReferralShape> {
    use ReferralStatus as S;
    let mut shapes = Vec::new();
    let mut add = |count: usize, shape: ReferralShape| shapes.extend((0..count).map(|_| shape));
    add(8, ReferralShape::new(S::Draft));
    add(8, ReferralShape::new(S::Sent));
    add(6, ReferralShape::overdue(S::Sent));
    add(7, ReferralShape::new(S::Acknowledged));
    add(5, ReferralShape::overdue(S::Acknowledged));
    add(12, ReferralShape::new(S::Accepted));
    add(10, ReferralShape::new(S::Declined));
    add(14, ReferralShape::new(S::Completed));
    add(3, ReferralShape::withdrawn(S::Draft));
    add(3, ReferralShape::withdrawn(S::Sent));
    add(2, ReferralShape::withdrawn(S::Acknowledged));
    add(2, ReferralShape::withdrawn(S::Accepted));
    shapes
}

/// Ministries' referrals to IOM, with whether they disclose the person.
pub(super) fn inbound_shapes() -> Vec<(ReferralShape, Disclosure)> {
    use Disclosure::{Anonymised, Identity};
    use ReferralStatus as S;
    let mut shapes = Vec::new();
    let mut add = |count: usize, shape: ReferralShape, disclosure: Disclosure| {
        shapes.extend((0..count).map(|_| (shape, disclosure)));
    };
    add(1, ReferralShape::new(S::Draft), Identity);
    add(1, ReferralShape::new(S::Draft), Anonymised);
    add(2, ReferralShape::new(S::Sent), Identity);
    add(2, ReferralShape::overdue(S::Sent), Identity);
    add(2, ReferralShape::new(S::Acknowledged), Identity);
    add(1, ReferralShape::overdue(S::Acknowledged), Identity);
    add(1, ReferralShape::overdue(S::Acknowledged), Anonymised);
    add(7, ReferralShape::new(S::Accepted), Identity);
    add(1, ReferralShape::new(S::Accepted), Anonymised);
    add(3, ReferralShape::new(S::Declined), Identity);
    add(1, ReferralShape::new(S::Declined), Anonymised);
    add(5, ReferralShape::new(S::Completed), Identity);
    add(2, ReferralShape::withdrawn(S::Sent), Identity);
    add(1, ReferralShape::withdrawn(S::Acknowledged), Anonymised);
    shapes
}

fn exploitation_words(kind: ExploitationType) -> &'static str {
    use ExploitationType as E;
    match kind {
        E::ForcedLabour => "forced labour",
        E::SexualExploitation => "sexual exploitation",
        E::ForcedMarriage => "forced marriage",
        E::DomesticServitude => "domestic servitude",
        E::ForcedBegging => "forced begging",
        E::ForcedCriminality => "forced criminality",
        E::ChildRecruitment => "recruitment by an armed group",
        E::OrganRemoval => "organ removal",
        E::DebtBondage => "debt bondage",
        E::Other => "exploitation",
    }
}

/// A referral's message: what IOM asks for and why, without naming anyone.
fn referral_message(
    rng: &mut Rng,
    purpose: ReferralPurpose,
    profile: &TraffickingProfile,
) -> String {
    let what = profile
        .exploitation_types
        .first()
        .map_or("exploitation", |e| exploitation_words(*e));
    let place = profile.countries_of_exploitation.first().map_or_else(
        || "Afghanistan".to_owned(),
        |c| match c.code() {
            "AF" => "Afghanistan".to_owned(),
            "IR" => "Iran".to_owned(),
            "PK" => "Pakistan".to_owned(),
            "AE" => "the United Arab Emirates".to_owned(),
            "SA" => "Saudi Arabia".to_owned(),
            "TR" => "Türkiye".to_owned(),
            other => other.to_owned(),
        },
    );
    match purpose {
        ReferralPurpose::Investigation => format!(
            "Presumed victim of {what} in {place}. The person can describe the recruiter and \
             the route and agrees to speak to investigators. Requesting an investigation."
        ),
        ReferralPurpose::Prosecution => format!(
            "Victim of {what} in {place}, willing to testify. Requesting legal aid and \
             follow-up with the prosecutor."
        ),
        ReferralPurpose::Protection => format!(
            "The person fears reprisals after escaping {what} in {place}. Requesting \
             protection measures."
        ),
        ReferralPurpose::ReturnFacilitation => {
            "Requesting support with exit permits and documents for a voluntary return.".to_owned()
        }
        ReferralPurpose::Reintegration => pick(
            rng,
            &[
                "Requesting vocational training and job placement after return.",
                "Requesting enrolment in the livelihood programme of the provincial directorate.",
            ],
        )
        .to_owned(),
        ReferralPurpose::Assistance => {
            format!("Survivor of {what} in {place}; requesting social assistance for the family.")
        }
        ReferralPurpose::Other => "For information and coordination.".to_owned(),
    }
}

impl Builder {
    /// Picks the cases IOM refers, with each referral's receiver, disclosure and moment of
    /// creation.
    pub(super) fn choose_referrals(&mut self) -> Vec<(usize, ReferralShape, OffsetDateTime)> {
        let mut chosen = Vec::new();
        let last = self.window.last_day;
        let days = Duration::days;
        for shape in outbound_shapes() {
            use ReferralStatus as S;
            let (earliest, latest) = match (shape.target, shape.withdrawn_from, shape.overdue) {
                (S::Draft, _, _) => (last - days(12), last),
                (S::Sent, _, false) => (last - days(10), last),
                (S::Sent, _, true) => (last - days(60), last - days(25)),
                (S::Acknowledged, _, false) => (last - days(12), last - days(4)),
                (S::Acknowledged, _, true) => (last - days(70), last - days(30)),
                (S::Accepted | S::Declined, _, _) => (self.window.first_day, last - days(15)),
                (S::Completed, _, _) => (self.window.first_day, last - days(60)),
                (S::Withdrawn, _, _) => (self.window.first_day, last - days(35)),
            };
            let candidates: Vec<usize> = (0..self.plan.cases.len())
                .filter(|i| {
                    !self.cases[*i].busy && self.plan.cases[*i].identified_on + days(1) <= latest
                })
                .collect();
            if candidates.is_empty() {
                continue;
            }
            let case = pick(&mut self.rng, &candidates);
            self.cases[case].busy = true;
            let earliest = earliest.max(self.plan.cases[case].identified_on + days(1));
            let created_on = self.date_between(earliest, latest);
            let created_at = self.office(created_on);
            let referral = self.plan_outbound(case, shape, created_on);
            chosen.push((referral, shape, created_at));
        }
        chosen
    }

    fn plan_outbound(&mut self, case: usize, shape: ReferralShape, created_on: Date) -> usize {
        let province = self.plan.cases[case].province;
        let rng = &mut self.rng;
        let mut receivers: Vec<(&str, u32)> = match province {
            Province::Herat => vec![("MOI-HER", 60), ("MOI", 20), ("MOJ", 20)],
            Province::Kabul => vec![("MOI-KAB", 60), ("MOI", 20), ("MOJ", 20)],
            _ => vec![("MOI", 60), ("MOJ", 40)],
        };
        // MOLSA has no demo account: its referrals wait for it, or are withdrawn unanswered.
        if !shape.receiver_acts() {
            receivers.push(("MOLSA", 30));
        }
        let to = weighted(rng, &receivers);
        let (kind, purposes): (OrganizationKind, &[(ReferralPurpose, u32)]) = match to {
            "MOI-HER" | "MOI-KAB" => (
                OrganizationKind::MoiProvincial,
                &[
                    (ReferralPurpose::Investigation, 50),
                    (ReferralPurpose::Protection, 35),
                    (ReferralPurpose::ReturnFacilitation, 10),
                    (ReferralPurpose::Other, 5),
                ],
            ),
            "MOI" => (
                OrganizationKind::MoiNational,
                &[
                    (ReferralPurpose::Investigation, 50),
                    (ReferralPurpose::Protection, 35),
                    (ReferralPurpose::ReturnFacilitation, 10),
                    (ReferralPurpose::Other, 5),
                ],
            ),
            "MOJ" => (
                OrganizationKind::PartnerMinistry,
                &[
                    (ReferralPurpose::Prosecution, 70),
                    (ReferralPurpose::Protection, 15),
                    (ReferralPurpose::Assistance, 15),
                ],
            ),
            _ => (
                OrganizationKind::PartnerMinistry,
                &[
                    (ReferralPurpose::Reintegration, 60),
                    (ReferralPurpose::Assistance, 40),
                ],
            ),
        };
        let purpose = weighted(rng, purposes);
        let disclosure = if rng.random_bool(0.55) {
            self.cases[case].sharing.push(kind);
            self.cases[case].law_enforcement |= purpose.involves_law_enforcement();
            Disclosure::Identity
        } else {
            Disclosure::Anonymised
        };
        let rng = &mut self.rng;
        let due_in = if shape.overdue { 7..=14 } else { 14..=30 };
        let due_date = (shape.overdue || rng.random_bool(0.85))
            .then(|| created_on + Duration::days(rng.random_range(due_in)));
        let message = rng
            .random_bool(0.9)
            .then(|| referral_message(rng, purpose, &self.plan.cases[case].trafficking));
        self.plan.referrals.push(ReferralPlan {
            from: "IOM-AF".to_owned(),
            to: to.to_owned(),
            origin: ReferralOrigin::Case(case),
            purpose,
            disclosure,
            urgency: if rng.random_bool(0.2) {
                Urgency::Urgent
            } else {
                Urgency::Normal
            },
            due_date,
            message,
            send: !shape.stays_draft(),
        });
        self.plan.referrals.len() - 1
    }

    /// An IOM referral's steps, from creation at `at`.
    pub(super) fn referral_chain(
        &mut self,
        referral: usize,
        shape: ReferralShape,
        at: OffsetDateTime,
    ) {
        let ReferralOrigin::Case(case) = self.plan.referrals[referral].origin else {
            return;
        };
        let caseworker = self.plan.cases[case].assigned_to;
        let sender = if self.rng.random_bool(0.75) {
            caseworker
        } else {
            Who::CaseManager
        };
        let receiver = match self.plan.referrals[referral].to.as_str() {
            "MOI-HER" => Who::Herat,
            "MOI-KAB" => Who::Kabul,
            "MOJ" => Who::Justice,
            _ => Who::Liaison,
        };
        self.event(at, sender, Step::CreateReferral(referral));
        let mut t = at;
        for action in shape.actions() {
            let days = match action {
                ReferralAction::Acknowledge => 1..=3,
                ReferralAction::Accept | ReferralAction::Decline => 2..=10,
                ReferralAction::Complete => 10..=45,
                _ => 2..=20,
            };
            t = self.later(t, days);
            let who = if action == ReferralAction::Withdraw {
                sender
            } else {
                receiver
            };
            let comment = self.referral_comment(action, false);
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

    pub(super) fn referral_comment(
        &mut self,
        action: ReferralAction,
        to_iom: bool,
    ) -> Option<&'static str> {
        use ReferralAction as A;
        let options: &[&str] = match (action, to_iom) {
            (A::Send, _) => &[],
            (A::Acknowledge, false) => &[
                "Received; assigned to an officer of the anti-trafficking unit.",
                "Received.",
                "رسید؛ به افسر مربوطه سپرده شد.",
            ],
            (A::Accept, false) => &[
                "Accepted; an investigation has been opened.",
                "Accepted; protection measures arranged with the district police.",
                "Accepted; a legal aid lawyer will be assigned.",
            ],
            (A::Decline, false) => &[
                "Declined: outside our mandate, please refer to the provincial office.",
                "Declined: the person could not be reached at the address given.",
            ],
            (A::Complete, false) => &[
                "Completed: the case file was sent to the Attorney General's Office.",
                "Completed: the services were delivered.",
            ],
            (A::Acknowledge, true) => &["Received by IOM; a caseworker will contact the person."],
            (A::Accept, true) => &[
                "Accepted; case opened and shelter arranged.",
                "Accepted; the person will be met at the border office.",
            ],
            (A::Decline, true) => &[
                "Declined: the person did not wish to be assisted.",
                "Declined: not within IOM's mandate; referred to UNHCR.",
            ],
            (A::Complete, true) => &["Completed: assistance delivered."],
            (A::Withdraw, _) => &[
                "Withdrawn: the person no longer wishes to proceed.",
                "Withdrawn: referred to another office instead.",
                "Withdrawn: the person moved to another province.",
            ],
            (A::Forward, _) => &["Forwarded to the provincial office of the person's province."],
        };
        // A decline always says why; other comments are sometimes left out.
        if options.is_empty() || (!action.needs_reason() && self.rng.random_bool(0.2)) {
            None
        } else {
            Some(pick(&mut self.rng, options))
        }
    }
}
