//! The demo data set as a plan: every record to write and every step of every workflow,
//! each with the moment it happens and the staff member who does it. The plan is built
//! from a seeded generator and the date of the run, touches no database, and is then
//! replayed in time order by [`super::load`].
//!
//! Time runs over the 331 days before today (for a run on 2026-11-28: the whole of 2026 so
//! far). Everything that happens is dated on or before yesterday; only plans may lie
//! ahead: referral due dates that have not passed, and the travel date of a booked return.
//! Each chain of steps (a case's consents, a referral's timeline, a return's history) is
//! built forward from its first step, so a step never comes before the one it needs.

mod cases;
mod inbound;
mod referrals;
mod returns;

use std::ops::RangeInclusive;

use panah_app::Subject;
use panah_domain::{
    AssistanceStatus, AssistanceType, CaseCategory, CaseStatus, ConsentKind, ConsentMethod,
    Currency, Disclosure, GivenBy, GuardianRelation, Money, OrganizationKind, Person, Place,
    Province, ReferralAction, ReferralPurpose, ReferralStatus, ReturnDirection, ReturnStatus,
    TraffickingProfile, Urgency,
};
use rand::{RngExt, SeedableRng};
use time::{Date, Duration, OffsetDateTime};

use super::staff::Who;
use referrals::inbound_shapes;

/// The demo's generator: small, fast and the same on every platform for a given seed.
pub(crate) type Rng = rand::rngs::Xoshiro256PlusPlus;

/// How many cases the demo holds in all, those opened by accepting a ministry's referral
/// included.
pub(crate) const CASES: usize = 300;

/// One item of `items`, uniformly. `items` is never empty.
pub(crate) fn pick<T: Copy>(rng: &mut Rng, items: &[T]) -> T {
    items[rng.random_range(0..items.len())]
}

/// One value of `table`, with the probability of its weight. `table` is never empty.
pub(crate) fn weighted<T: Copy>(rng: &mut Rng, table: &[(T, u32)]) -> T {
    let total: u32 = table.iter().map(|(_, w)| w).sum();
    let mut roll = rng.random_range(0..total.max(1));
    for (value, weight) in table {
        if roll < *weight {
            return *value;
        }
        roll -= weight;
    }
    table[0].0
}

/// Which of the two grants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum GrantKey {
    /// The United States' grant, in USD.
    Us,
    /// Italy's grant, in EUR.
    It,
}

/// A grant to create.
#[derive(Debug)]
pub(crate) struct GrantPlan {
    pub key: GrantKey,
    pub code: String,
    pub title: &'static str,
    pub donor: &'static str,
    pub currency: Currency,
    pub starts_on: Date,
    pub ends_on: Date,
    /// Code, name, amount in minor units.
    pub lines: Vec<(&'static str, &'static str, i64)>,
}

/// The days the demo spans.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Window {
    /// The moment of the run.
    pub now: OffsetDateTime,
    /// The first day of the demo's year of work.
    pub first_day: Date,
    /// Yesterday: the last day anything happened.
    pub last_day: Date,
}

impl Window {
    /// The 331 days before `now`'s date.
    pub fn ending(now: OffsetDateTime) -> Window {
        let today = now.date();
        Window {
            now,
            first_day: today - Duration::days(331),
            last_day: today - Duration::days(1),
        }
    }
}

/// A case to register.
#[derive(Debug)]
pub(crate) struct CasePlan {
    pub category: CaseCategory,
    pub province: Province,
    pub identified_on: Date,
    /// The identifying organisation's code.
    pub identified_by: String,
    pub assigned_to: Who,
    pub person: Person,
    pub trafficking: TraffickingProfile,
}

/// A consent to record on a case.
#[derive(Debug)]
pub(crate) struct ConsentPlan {
    pub case: usize,
    pub kind: ConsentKind,
    pub given_on: Date,
    pub organization_kinds: Vec<OrganizationKind>,
    pub given_by: GivenBy,
    pub method: ConsentMethod,
    pub interpreter_used: bool,
}

/// Who gives a consent for a person aged `age`: an adult themselves; a child through a
/// parent or guardian, or, for one travelling alone, a best-interests decision.
pub(crate) fn giver(rng: &mut Rng, age: u8) -> GivenBy {
    if age >= 18 {
        return GivenBy::Person;
    }
    if rng.random_bool(0.15) {
        return GivenBy::BestInterestsDecision;
    }
    GivenBy::ParentOrGuardian(weighted(
        rng,
        &[
            (GuardianRelation::Mother, 35),
            (GuardianRelation::Father, 30),
            (GuardianRelation::UncleOrAunt, 15),
            (GuardianRelation::Sibling, 10),
            (GuardianRelation::Grandparent, 5),
            (GuardianRelation::LegalGuardian, 5),
        ],
    ))
}

/// Assistance to log on a case.
#[derive(Debug)]
pub(crate) struct AssistancePlan {
    pub case: usize,
    pub assistance_type: AssistanceType,
    pub status: AssistanceStatus,
    pub date: Date,
    /// The provider's organisation code.
    pub provider: Option<&'static str>,
    pub cost: Option<Money>,
    /// The grant and budget line code charged.
    pub line: Option<(GrantKey, &'static str)>,
    pub description: Option<String>,
    /// The return whose reintegration plan the item belongs to.
    pub return_plan: Option<usize>,
}

/// Where a referral's person comes from.
#[derive(Debug)]
pub(crate) enum ReferralOrigin {
    /// A case of the plan.
    Case(usize),
    /// A person sent inline by a ministry.
    Subject(Box<Subject>),
}

/// A referral to create.
#[derive(Debug)]
pub(crate) struct ReferralPlan {
    pub from: String,
    pub to: String,
    pub origin: ReferralOrigin,
    pub purpose: ReferralPurpose,
    pub disclosure: Disclosure,
    pub urgency: Urgency,
    pub due_date: Option<Date>,
    pub message: Option<String>,
    pub send: bool,
}

/// A return to request.
#[derive(Debug)]
pub(crate) struct ReturnPlan {
    pub case: usize,
    /// The `return` consent it relies on.
    pub consent: usize,
    pub direction: ReturnDirection,
    pub origin: Place,
    pub destination: Place,
    /// The cooperating organisation's code.
    pub cooperating: Option<&'static str>,
    pub escort_required: bool,
    pub travel_date: Option<Date>,
    pub needs: Option<String>,
}

/// One thing that happens.
#[derive(Debug)]
pub(crate) enum Step {
    CreateCase(usize),
    CaseStatus {
        case: usize,
        to: CaseStatus,
    },
    Consent(usize),
    WithdrawConsent {
        consent: usize,
        on: Date,
    },
    Assistance(usize),
    CreateReferral(usize),
    ReferralAction {
        referral: usize,
        action: ReferralAction,
        comment: Option<&'static str>,
    },
    /// Accepting a ministry's referral that discloses the person, which opens the case.
    AcceptInbound {
        referral: usize,
        case: usize,
        comment: Option<&'static str>,
    },
    CreateReturn(usize),
    MoveReturn {
        return_plan: usize,
        to: ReturnStatus,
        comment: Option<&'static str>,
    },
    Visit {
        return_plan: usize,
        on: Date,
        scores: [f64; 3],
        notes: Option<&'static str>,
    },
}

/// A step, when it happens and who takes it.
#[derive(Debug)]
pub(crate) struct Event {
    pub at: OffsetDateTime,
    pub who: Who,
    pub step: Step,
}

/// The whole data set.
#[derive(Debug)]
pub(crate) struct Plan {
    pub window: Window,
    pub grants: Vec<GrantPlan>,
    pub cases: Vec<CasePlan>,
    pub consents: Vec<ConsentPlan>,
    pub assistance: Vec<AssistancePlan>,
    pub referrals: Vec<ReferralPlan>,
    pub returns: Vec<ReturnPlan>,
    /// In time order; steps at the same moment in the order they were planned.
    pub events: Vec<Event>,
}

/// Builds the plan for a run at `window.now` from `seed`.
pub(crate) fn build(seed: u64, window: Window) -> Plan {
    let mut builder = Builder {
        rng: Rng::seed_from_u64(seed),
        details: Rng::seed_from_u64(seed.wrapping_add(1)),
        window,
        plan: Plan {
            window,
            grants: grants(window),
            cases: Vec::new(),
            consents: Vec::new(),
            assistance: Vec::new(),
            referrals: Vec::new(),
            returns: Vec::new(),
            events: Vec::new(),
        },
        cases: Vec::new(),
        events: Vec::new(),
    };
    builder.build();
    let Builder {
        mut plan, events, ..
    } = builder;
    let mut events = events;
    // Stable: steps planned at the same moment keep the order they were planned in,
    // which puts each step after the one it needs.
    events.sort_by_key(|(at, seq, _)| (*at, *seq));
    plan.events = events.into_iter().map(|(_, _, event)| event).collect();
    plan
}

/// The two donors' grants over the demo's year (or years).
fn grants(window: Window) -> Vec<GrantPlan> {
    let starts_on = Date::from_ordinal_date(window.first_day.year(), 1).unwrap_or(window.first_day);
    let ends_on = Date::from_ordinal_date(window.last_day.year() + 1, 1)
        .map_or(window.last_day, |d| d - Duration::days(1));
    let year = window.last_day.year();
    vec![
        GrantPlan {
            key: GrantKey::Us,
            code: format!("US-CT-{year}-01"),
            title: "Protection and direct assistance for victims of trafficking in Afghanistan",
            donor: "DONOR-US",
            currency: Currency::Usd,
            starts_on,
            ends_on,
            lines: vec![
                ("DA", "Direct assistance to victims", 45_000_000),
                ("LEG", "Legal counselling and representation", 12_000_000),
                ("RR", "Return and reintegration", 30_000_000),
                ("CB", "Capacity building for MoI and partners", 8_000_000),
            ],
        },
        GrantPlan {
            key: GrantKey::It,
            code: format!("IT-AVRR-{year}-01"),
            title: "Voluntary return and sustainable reintegration of victims of trafficking",
            donor: "DONOR-IT",
            currency: Currency::Eur,
            starts_on,
            ends_on,
            lines: vec![
                ("RET", "Return travel and documents", 15_000_000),
                ("REI", "Reintegration grants and livelihoods", 25_000_000),
                ("MH", "Medical and psychosocial care", 9_000_000),
                ("AW", "Awareness raising with provincial offices", 4_000_000),
            ],
        },
    ]
}

/// What the plan knows about a case while building, beyond what is stored.
#[derive(Debug, Clone, Default)]
struct CaseInfo {
    age: u8,
    /// Referred with its identity for an investigation or a prosecution: its person gives
    /// a law_enforcement_contact consent too.
    law_enforcement: bool,
    /// Taken by a referral or a return: kept open, never closed.
    busy: bool,
    /// Organisation kinds its data_sharing consent must cover.
    sharing: Vec<OrganizationKind>,
    /// Its data_sharing consent.
    sharing_consent: Option<usize>,
}

struct Builder {
    rng: Rng,
    /// Draws who gave each consent and how: a stream of its own, so that these details
    /// leave the rest of the plan as it was.
    details: Rng,
    window: Window,
    plan: Plan,
    cases: Vec<CaseInfo>,
    /// Events with their planning order.
    events: Vec<(OffsetDateTime, u64, Event)>,
}

impl Builder {
    /// A consent of the case's person given on `given_on`, with who gave it (for a child,
    /// a guardian or a best-interests decision) and how.
    fn consent_plan(
        &mut self,
        case: usize,
        kind: ConsentKind,
        given_on: Date,
        organization_kinds: Vec<OrganizationKind>,
    ) -> ConsentPlan {
        let plan = &self.plan.cases[case];
        let age = plan
            .person
            .age(plan.identified_on, given_on)
            .map_or(self.cases[case].age, |age| {
                u8::try_from(age).unwrap_or(u8::MAX)
            });
        let foreign = plan.person.citizenship.code() != "AF";
        let details = &mut self.details;
        let given_by = giver(details, age);
        let method = weighted(
            details,
            &[
                (ConsentMethod::Written, 60),
                (ConsentMethod::Verbal, 30),
                (ConsentMethod::Recorded, 10),
            ],
        );
        let interpreter_used = details.random_bool(if foreign { 0.7 } else { 0.1 });
        ConsentPlan {
            case,
            kind,
            given_on,
            organization_kinds,
            given_by,
            method,
            interpreter_used,
        }
    }

    fn build(&mut self) {
        let inbound = inbound_shapes();
        let opened = inbound
            .iter()
            .filter(|(shape, disclosure)| {
                *disclosure == Disclosure::Identity
                    && matches!(
                        shape.target,
                        ReferralStatus::Accepted | ReferralStatus::Completed
                    )
            })
            .count();
        for _ in 0..CASES - opened {
            self.direct_case();
        }
        // Registration in date order, so that case numbers grow with the date.
        let mut both: Vec<(CasePlan, CaseInfo)> = std::mem::take(&mut self.plan.cases)
            .into_iter()
            .zip(std::mem::take(&mut self.cases))
            .collect();
        both.sort_by_key(|(case, _)| case.identified_on);
        (self.plan.cases, self.cases) = both.into_iter().unzip();
        let returns = self.choose_returns();
        let referrals = self.choose_referrals();
        for case in 0..self.plan.cases.len() {
            self.case_chain(case);
        }
        for (return_plan, shape) in returns {
            self.return_chain(return_plan, shape);
        }
        for (referral, shape, at) in referrals {
            self.referral_chain(referral, shape, at);
        }
        for (shape, disclosure) in inbound {
            self.inbound_chain(shape, disclosure);
        }
        self.withdraw_some_sharing();
    }

    fn event(&mut self, at: OffsetDateTime, who: Who, step: Step) {
        // Nothing happens after the run started, even when a chain ran long.
        let at = at.min(self.window.now - Duration::seconds(1));
        let seq = self.events.len() as u64;
        self.events.push((at, seq, Event { at, who, step }));
    }

    /// A moment in office hours in Kabul (08:30 to 16:30, UTC+4:30) on `date`.
    fn office(&mut self, date: Date) -> OffsetDateTime {
        let seconds = self.rng.random_range(4 * 3600..=11 * 3600 + 59 * 60);
        date.midnight().assume_utc() + Duration::seconds(seconds)
    }

    /// A moment `days` days after `t` in office hours, or minutes later on the same day.
    fn later(&mut self, t: OffsetDateTime, days: RangeInclusive<i64>) -> OffsetDateTime {
        let days = self.rng.random_range(days);
        if days == 0 {
            t + Duration::minutes(self.rng.random_range(5..=90))
        } else {
            let at = self.office(t.date() + Duration::days(days));
            at.max(t + Duration::minutes(5))
        }
    }

    /// A random date between `from` and `to`, both included.
    fn date_between(&mut self, from: Date, to: Date) -> Date {
        let span = (to - from).whole_days().max(0);
        from + Duration::days(self.rng.random_range(0..=span))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use time::macros::datetime;

    use super::*;

    fn plan() -> Plan {
        build(2026, Window::ending(datetime!(2026-11-28 10:00 UTC)))
    }

    #[test]
    fn the_same_seed_and_day_give_the_same_plan() {
        let (a, b) = (plan(), plan());
        assert_eq!(format!("{:?}", a.cases), format!("{:?}", b.cases));
        assert_eq!(a.events.len(), b.events.len());
    }

    #[test]
    fn the_plan_covers_the_year_so_far_and_nothing_happens_from_today() {
        let plan = plan();
        assert_eq!(plan.window.first_day, time::macros::date!(2026 - 01 - 01));
        assert_eq!(
            plan.grants[0].starts_on,
            time::macros::date!(2026 - 01 - 01)
        );
        assert_eq!(plan.grants[0].ends_on, time::macros::date!(2026 - 12 - 31));
        for event in &plan.events {
            assert!(event.at.date() <= plan.window.last_day, "{event:?}");
            assert!(event.at.date() > plan.window.first_day, "{event:?}");
        }
        assert!(plan.events.windows(2).all(|w| w[0].at <= w[1].at));
    }

    #[test]
    fn the_cases_are_varied_like_real_ones() {
        let plan = plan();
        assert_eq!(plan.cases.len(), CASES);
        let provinces: HashSet<_> = plan.cases.iter().map(|c| c.province).collect();
        assert!(provinces.len() >= 10, "{provinces:?}");
        let children = plan
            .cases
            .iter()
            .filter(|c| {
                c.person
                    .age_group(c.identified_on)
                    .is_some_and(|g| g.as_str() == "9-17")
            })
            .count();
        assert!(children >= 40, "{children} children");
        let arabic = plan
            .cases
            .iter()
            .filter(|c| {
                c.person
                    .given_name
                    .chars()
                    .any(|ch| ('\u{0600}'..='\u{06FF}').contains(&ch))
            })
            .count();
        assert!((60..=200).contains(&arabic), "{arabic} in Arabic script");
        let citizenships: HashSet<_> = plan
            .cases
            .iter()
            .map(|c| c.person.citizenship.code().to_owned())
            .collect();
        for code in ["AF", "PK", "IR", "BD", "IN"] {
            assert!(citizenships.contains(code), "{code}");
        }
        let types: HashSet<_> = plan.assistance.iter().map(|a| a.assistance_type).collect();
        assert_eq!(types.len(), AssistanceType::ALL.len(), "{types:?}");
    }

    #[test]
    fn every_workflow_status_is_planned() {
        let plan = plan();
        assert_eq!(plan.returns.len(), 50);
        let returns = plan
            .events
            .iter()
            .filter(|e| matches!(e.step, Step::CreateReturn(_)))
            .count();
        assert_eq!(returns, 50);
        let withdrawals = plan
            .events
            .iter()
            .filter(|e| matches!(e.step, Step::WithdrawConsent { .. }))
            .count();
        assert!(withdrawals >= 3, "{withdrawals}");
        let opened = plan
            .events
            .iter()
            .filter(|e| matches!(e.step, Step::AcceptInbound { .. }))
            .count();
        assert_eq!(opened, 12);
    }

    #[test]
    fn any_seed_on_any_day_gives_the_whole_plan_in_its_window() {
        let days = [
            datetime!(2026-11-28 10:00 UTC),
            datetime!(2026-03-01 00:30 UTC),
            datetime!(2027-01-03 23:59 UTC),
            datetime!(2028-02-29 12:00 UTC),
        ];
        for now in days {
            for seed in 0..25 {
                let plan = build(seed, Window::ending(now));
                let what = format!("seed {seed} on {now}");
                assert_eq!(plan.cases.len(), CASES, "{what}");
                assert_eq!(plan.referrals.len(), 110, "{what}");
                assert_eq!(plan.returns.len(), 50, "{what}");
                assert!(plan.events.windows(2).all(|w| w[0].at <= w[1].at), "{what}");
                for event in &plan.events {
                    let date = event.at.date();
                    assert!(
                        date > plan.window.first_day && date <= plan.window.last_day,
                        "{what}: {event:?}"
                    );
                }
                let grant = &plan.grants[0];
                assert!(
                    plan.assistance
                        .iter()
                        .all(|a| a.line.is_none()
                            || (grant.starts_on..=grant.ends_on).contains(&a.date)),
                    "{what}"
                );
            }
        }
    }
}
