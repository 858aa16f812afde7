//! Voluntary returns: which cases return and where to, each return's steps, its
//! reintegration plan and its monitoring visits.

use std::ops::RangeInclusive;

use panah_domain::{
    AssistanceStatus, AssistanceType, ConsentKind, Country, OrganizationKind, Place,
    ReturnDirection, ReturnStatus, Sex, TraffickingProfile,
};
use rand::RngExt;
use time::{Date, Duration, OffsetDateTime};

use super::{Builder, CaseInfo, CasePlan, ReturnPlan, Step, pick};
use crate::demo::staff::Who;

/// The statuses the demo's returns reach, with how many of each.
const RETURN_TARGETS: &[(ReturnStatus, usize)] = &[
    (ReturnStatus::Requested, 4),
    (ReturnStatus::Counselling, 4),
    (ReturnStatus::Documents, 4),
    (ReturnStatus::FitToTravel, 4),
    (ReturnStatus::TravelBooked, 4),
    (ReturnStatus::Departed, 3),
    (ReturnStatus::Arrived, 4),
    (ReturnStatus::Reintegration, 5),
    (ReturnStatus::Monitoring, 6),
    (ReturnStatus::Completed, 8),
    (ReturnStatus::Cancelled, 4),
];

/// How many days a return usually takes to move on from a status.
fn dwell(status: ReturnStatus) -> RangeInclusive<i64> {
    use ReturnStatus as S;
    match status {
        S::Requested => 1..=5,
        S::Counselling => 5..=20,
        S::Documents => 3..=10,
        S::FitToTravel => 2..=8,
        S::TravelBooked => 3..=12,
        S::Departed => 1..=2,
        S::Arrived => 3..=10,
        S::Reintegration => 15..=40,
        S::Monitoring => 30..=75,
        S::Completed | S::Cancelled => 1..=90,
    }
}

/// A return's steps and how long each took.
#[derive(Debug)]
pub(super) struct ReturnShape {
    /// The statuses it enters, `requested` first.
    steps: Vec<ReturnStatus>,
    /// Days from each step to the next.
    durations: Vec<i64>,
    /// The day it is requested.
    request: Date,
    /// Cancelled by withdrawing the return consent rather than by a transition.
    by_withdrawal: bool,
}

/// The country abroad where a person was exploited or passed through, if any.
fn abroad_of(profile: &TraffickingProfile) -> Option<Country> {
    profile
        .countries_of_exploitation
        .iter()
        .chain(&profile.countries_of_transit)
        .copied()
        .find(|c| *c != Country::AFGHANISTAN)
}

/// What caseworkers write after a monitoring visit (none, sometimes).
const VISIT_NOTES: &[Option<&str>] = &[
    Some("Household visited; the grant bought two sewing machines and income is irregular."),
    Some("The person works at a relative's shop and sleeps well again."),
    Some("Debts to the recruiter remain; referred to a legal counsellor."),
    Some("The children attend school; the family asks for help with rent."),
    Some("خانواده از وضعیت راضی است؛ درآمد ماهانه کافی نیست."),
    None,
];

impl Builder {
    /// Picks the cases that return and plans the returns' routes; the steps come later.
    pub(super) fn choose_returns(&mut self) -> Vec<(usize, ReturnShape)> {
        let mut chosen = Vec::new();
        let mut targets: Vec<ReturnStatus> = RETURN_TARGETS
            .iter()
            .flat_map(|(status, count)| std::iter::repeat_n(*status, *count))
            .collect();
        // The longest journeys first: they need the earliest cases.
        targets.sort_by_key(|s| std::cmp::Reverse(ReturnStatus::ALL.iter().position(|x| x == s)));
        for (n, target) in targets.into_iter().enumerate() {
            let cancelled_at = (target == ReturnStatus::Cancelled).then(|| {
                pick(
                    &mut self.rng,
                    &[
                        ReturnStatus::Requested,
                        ReturnStatus::Counselling,
                        ReturnStatus::Documents,
                        ReturnStatus::FitToTravel,
                        ReturnStatus::TravelBooked,
                    ],
                )
            });
            let reached = cancelled_at.unwrap_or(target);
            let mut steps = vec![ReturnStatus::Requested];
            while let Some(next) = steps.last().and_then(|s| s.next()) {
                if steps.contains(&reached) {
                    break;
                }
                steps.push(next);
            }
            let mut durations: Vec<i64> = steps[..steps.len() - 1]
                .iter()
                .map(|s| self.rng.random_range(dwell(*s)))
                .collect();
            // The time since the last step: short for a return under way, any for one
            // that ended.
            let resting = if target.is_final() {
                self.rng.random_range(1..=90)
            } else {
                let range = dwell(reached);
                self.rng.random_range(1..=*range.end())
            };
            if let Some(at) = cancelled_at {
                steps.push(ReturnStatus::Cancelled);
                durations.push(self.rng.random_range(dwell(at)));
            }
            let span: i64 = durations.iter().sum::<i64>() + resting;
            let latest_request = self.window.last_day - Duration::days(span);
            let wants_from = n % 5 < 2;
            let Some((case, direction)) = self.return_case(latest_request, wants_from) else {
                continue;
            };
            self.cases[case].busy = true;
            let request = {
                let earliest = self.plan.cases[case].identified_on + Duration::days(3);
                let from = if target.is_final() {
                    earliest
                } else {
                    earliest.max(latest_request - Duration::days(20))
                };
                self.date_between(from, latest_request)
            };
            let return_plan = self.plan_return(case, direction, &steps, &durations, request);
            chosen.push((
                return_plan,
                ReturnShape {
                    steps,
                    durations,
                    request,
                    by_withdrawal: false,
                },
            ));
        }
        // One return is cancelled because the person withdrew their consent to return.
        if let Some((_, shape)) = chosen
            .iter_mut()
            .find(|(_, s)| s.steps.last() == Some(&ReturnStatus::Cancelled))
        {
            shape.by_withdrawal = true;
        }
        chosen
    }

    /// A free case that can return in the wanted direction, registered before
    /// `latest_request` less three days.
    fn return_case(
        &mut self,
        latest_request: Date,
        wants_from: bool,
    ) -> Option<(usize, ReturnDirection)> {
        let fits = |plan: &CasePlan, info: &CaseInfo, from: bool| {
            if info.busy || plan.identified_on + Duration::days(3) > latest_request {
                return false;
            }
            let afghan = plan.person.citizenship == Country::AFGHANISTAN;
            if from {
                !afghan
            } else {
                afghan && abroad_of(&plan.trafficking).is_some()
            }
        };
        for from in [wants_from, !wants_from] {
            let candidates: Vec<usize> = (0..self.plan.cases.len())
                .filter(|i| fits(&self.plan.cases[*i], &self.cases[*i], from))
                .collect();
            if !candidates.is_empty() {
                let case = pick(&mut self.rng, &candidates);
                let direction = if from {
                    ReturnDirection::FromAfghanistan
                } else {
                    ReturnDirection::ToAfghanistan
                };
                return Some((case, direction));
            }
        }
        None
    }

    /// The return's route, consent and plan record.
    fn plan_return(
        &mut self,
        case: usize,
        direction: ReturnDirection,
        steps: &[ReturnStatus],
        durations: &[i64],
        request: Date,
    ) -> usize {
        let plan = &self.plan.cases[case];
        let province = plan.province;
        let citizenship = plan.person.citizenship;
        let abroad = abroad_of(&plan.trafficking).unwrap_or(citizenship);
        let child = self.cases[case].age < 18;
        let female = plan.person.sex == Sex::Female;
        let rng = &mut self.rng;
        let (origin, destination, cooperating) = match direction {
            ReturnDirection::ToAfghanistan => {
                let cooperating = match abroad.code() {
                    "IR" => pick(rng, &[Some("IR-BAFIA"), Some("MORR"), None]),
                    _ => pick(rng, &[Some("MORR"), Some("MORR"), Some("MOFA"), None]),
                };
                (
                    Place::abroad(abroad),
                    Place::in_afghanistan(province),
                    cooperating,
                )
            }
            ReturnDirection::FromAfghanistan => {
                let cooperating = match citizenship.code() {
                    "PK" => "EMB-PK",
                    "IN" => "EMB-IN",
                    "BD" => "BD-MOFA",
                    "IR" => "IR-BAFIA",
                    _ => "MOFA",
                };
                (
                    Place::in_afghanistan(province),
                    Place::abroad(citizenship),
                    Some(cooperating),
                )
            }
        };
        let escort_required = child || (female && rng.random_bool(0.4));
        let departs = steps.contains(&ReturnStatus::TravelBooked)
            && !steps.contains(&ReturnStatus::Cancelled);
        let travel_date = departs.then(|| {
            // The planned day of departure: the day it departed, or for a booked return
            // not yet gone, a few days after booking (which may be ahead).
            let booked: i64 = durations.iter().take(4).sum();
            let departed = durations.get(4).copied();
            request + Duration::days(booked + departed.unwrap_or(7))
        });
        let needs = if child {
            Some("Unaccompanied child: escort throughout, family reunification on arrival.")
        } else {
            pick(
                rng,
                &[
                    Some("Medical follow-up on arrival; safe accommodation for two nights."),
                    Some("Women-only transport and a female escort."),
                    Some("Onward transport to the home district; reintegration counselling."),
                    None,
                ],
            )
        };
        let consent = self.plan.consents.len();
        let planned = self.consent_plan(case, ConsentKind::Return, request, vec![]);
        self.plan.consents.push(planned);
        if direction == ReturnDirection::FromAfghanistan && self.rng.random_bool(0.6) {
            self.cases[case]
                .sharing
                .push(OrganizationKind::ForeignState);
        }
        self.plan.returns.push(ReturnPlan {
            case,
            consent,
            direction,
            origin,
            destination,
            cooperating,
            escort_required,
            travel_date,
            needs: needs.map(str::to_owned),
        });
        self.plan.returns.len() - 1
    }

    /// A return's steps, from the consent to its last status, with its reintegration plan
    /// and monitoring visits.
    pub(super) fn return_chain(&mut self, return_plan: usize, shape: ReturnShape) {
        let case = self.plan.returns[return_plan].case;
        let consent = self.plan.returns[return_plan].consent;
        let caseworker = self.plan.cases[case].assigned_to;
        let consent_at = self.office(shape.request);
        self.event(consent_at, caseworker, Step::Consent(consent));
        let mut t = self.later(consent_at, 0..=0);
        self.event(t, caseworker, Step::CreateReturn(return_plan));
        let mut entered = vec![(ReturnStatus::Requested, t)];
        for (i, to) in shape.steps.iter().enumerate().skip(1) {
            let days = shape.durations[i - 1];
            t = self.later(t, days..=days);
            let who = if self.rng.random_bool(0.8) {
                caseworker
            } else {
                Who::CaseManager
            };
            if *to == ReturnStatus::Cancelled && shape.by_withdrawal {
                self.event(
                    t,
                    caseworker,
                    Step::WithdrawConsent {
                        consent,
                        on: t.date(),
                    },
                );
            } else {
                let comment = self.return_comment(*to);
                self.event(
                    t,
                    who,
                    Step::MoveReturn {
                        return_plan,
                        to: *to,
                        comment,
                    },
                );
            }
            entered.push((*to, t));
            self.plan_items(case, return_plan, *to, t, &shape.steps);
        }
        // Monitoring visits while the person is back: between arrival and completion.
        for (i, (status, since)) in entered.iter().enumerate() {
            if !status.accepts_monitoring() {
                continue;
            }
            let until = entered
                .get(i + 1)
                .map_or(self.window.last_day + Duration::days(1), |(_, t)| t.date());
            let first = since.date() + Duration::days(1);
            let last = until - Duration::days(1);
            if first > last {
                continue;
            }
            let visits = match status {
                ReturnStatus::Arrived => self.rng.random_range(0..=1),
                ReturnStatus::Reintegration => self.rng.random_range(1..=2),
                _ => self.rng.random_range(1..=3),
            };
            let base = match status {
                ReturnStatus::Arrived => 0.25,
                ReturnStatus::Reintegration => 0.4,
                _ => 0.55,
            };
            let mut dates: Vec<Date> = (0..visits)
                .map(|_| self.date_between(first, last))
                .collect();
            dates.sort();
            dates.dedup();
            for (k, on) in dates.into_iter().enumerate() {
                let progress = base + 0.05 * k as f64;
                let mut score = |lift: f64| {
                    let noise = self.rng.random_range(-0.1..=0.15);
                    (((progress + lift + noise) * 20.0).round() / 20.0).clamp(0.0, 1.0)
                };
                let scores = [score(0.0), score(0.1), score(0.05)];
                let notes = pick(&mut self.rng, VISIT_NOTES);
                let at = self.office(on);
                self.event(
                    at,
                    caseworker,
                    Step::Visit {
                        return_plan,
                        on,
                        scores,
                        notes,
                    },
                );
            }
        }
    }

    /// The reintegration plan items that become known when a return reaches `status` at `t`.
    fn plan_items(
        &mut self,
        case: usize,
        return_plan: usize,
        status: ReturnStatus,
        t: OffsetDateTime,
        steps: &[ReturnStatus],
    ) {
        use AssistanceStatus::{Delivered, Planned};
        let cancelled = steps.contains(&ReturnStatus::Cancelled);
        let reaches = |s: ReturnStatus| steps.contains(&s) && !cancelled;
        let child = self.cases[case].age < 18;
        let caseworker = self.plan.cases[case].assigned_to;
        let mut items = Vec::new();
        match status {
            ReturnStatus::Documents => items.push((AssistanceType::TravelDocuments, Delivered)),
            ReturnStatus::FitToTravel if self.rng.random_bool(0.5) => {
                items.push((AssistanceType::Medical, Delivered));
            }
            ReturnStatus::TravelBooked if !reaches(ReturnStatus::Departed) && !cancelled => {
                items.push((AssistanceType::Transport, Planned));
            }
            ReturnStatus::Departed => items.push((AssistanceType::Transport, Delivered)),
            ReturnStatus::Arrived if !reaches(ReturnStatus::Reintegration) => {
                items.push((AssistanceType::ReintegrationGrant, Planned));
            }
            ReturnStatus::Reintegration => {
                items.push((AssistanceType::ReintegrationGrant, Delivered));
                let follow = if reaches(ReturnStatus::Monitoring) {
                    Delivered
                } else {
                    Planned
                };
                let kind = if child {
                    AssistanceType::Education
                } else {
                    pick(
                        &mut self.rng,
                        &[
                            AssistanceType::Livelihood,
                            AssistanceType::VocationalTraining,
                        ],
                    )
                };
                items.push((kind, follow));
            }
            _ => {}
        }
        for (n, (kind, item_status)) in items.into_iter().enumerate() {
            let item = self.push_assistance(case, kind, item_status, t.date(), Some(return_plan));
            let at = t + Duration::minutes(10 * (n as i64 + 1));
            self.event(at, caseworker, Step::Assistance(item));
        }
    }

    fn return_comment(&mut self, to: ReturnStatus) -> Option<&'static str> {
        use ReturnStatus as S;
        let options: &[&str] = match to {
            S::Counselling => &[
                "Counselling session held; the person confirmed the wish to return.",
                "جلسه مشاوره برگزار شد؛ شخص خواهان بازگشت است.",
            ],
            S::Documents => &[
                "Travel documents obtained.",
                "Emergency travel document issued.",
            ],
            S::FitToTravel => &["Medical clearance given by the IOM doctor."],
            S::TravelBooked => &[
                "Travel booked; escort arranged.",
                "Bus tickets booked to the border crossing.",
            ],
            S::Departed => &["Departed as planned."],
            S::Arrived => &[
                "Arrived; met by IOM staff at the border.",
                "Arrived; received at the airport by IOM and the cooperating authority.",
            ],
            S::Reintegration => &["Reintegration plan agreed with the person and the family."],
            S::Monitoring => &["Reintegration assistance delivered; monitoring started."],
            S::Completed => &["Monitoring completed; reintegration judged sustainable."],
            S::Cancelled => &[
                "The person decided to stay and look for work locally.",
                "The family at the destination could not be traced; return cancelled.",
            ],
            S::Requested => &[],
        };
        if options.is_empty() || self.rng.random_bool(0.25) {
            None
        } else {
            Some(pick(&mut self.rng, options))
        }
    }
}
