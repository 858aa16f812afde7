//! The rest of the cooperation framework in the demo, recorded through the app after the
//! year of case work is replayed: legal proceedings following the referrals for
//! investigation and prosecution (at least one in every stage), and a year of trainings
//! and awareness activities in the demo provinces, charged to both grants.

use anyhow::{Context, anyhow};
use panah_app::{
    App, AwarenessEntry, CaseFilter, Mailbox, ProceedingEntry, ReferralQuery, TrainingEntry,
};
use panah_domain::{
    AwarenessChannel, CaseId, Money, Participants, ProceedingOutcome, ProceedingStage, Province,
    ReferralId, ReferralPurpose, TrainingTopic,
};
use time::{Duration, OffsetDateTime};

use super::load::{Directory, acting, refused};
use super::plan::{GrantKey, Window};
use super::staff::Who;

/// What was recorded.
#[derive(Debug, Default)]
pub(crate) struct FrameworkTally {
    pub proceedings: usize,
    pub trainings: usize,
    pub awareness: usize,
}

/// The provinces the demo's trainings and awareness activities rotate through.
const PROVINCES: [&str; 5] = ["AF-HER", "AF-KAB", "AF-BAL", "AF-NAN", "AF-KAN"];

/// The stages the proceedings are left in, one after another, with the outcome each
/// verdict or closing records: every stage is shown.
const ENDINGS: [(ProceedingStage, Option<ProceedingOutcome>); 9] = [
    (ProceedingStage::Reported, None),
    (ProceedingStage::Investigation, None),
    (ProceedingStage::Prosecution, None),
    (ProceedingStage::Trial, None),
    (
        ProceedingStage::Verdict,
        Some(ProceedingOutcome::Conviction),
    ),
    (ProceedingStage::Appeal, None),
    (ProceedingStage::Closed, Some(ProceedingOutcome::Conviction)),
    (ProceedingStage::Closed, Some(ProceedingOutcome::Dismissed)),
    (ProceedingStage::Verdict, Some(ProceedingOutcome::Acquittal)),
];

/// Records the proceedings, trainings and awareness activities at `now`.
pub(crate) async fn record(
    app: &App,
    directory: &Directory,
    window: Window,
    now: OffsetDateTime,
) -> anyhow::Result<FrameworkTally> {
    let mut tally = FrameworkTally::default();
    proceedings(app, directory, now, &mut tally)
        .await
        .context("demo proceedings")?;
    activities(app, directory, window, now, &mut tally)
        .await
        .context("demo trainings and awareness")?;
    Ok(tally)
}

async fn proceedings(
    app: &App,
    directory: &Directory,
    now: OffsetDateTime,
    tally: &mut FrameworkTally,
) -> anyhow::Result<()> {
    let manager = acting(directory.user(Who::CaseManager)?);
    // The referrals IOM sent for investigation or prosecution, then, should there be too
    // few, cases with no such referral: a proceeding can start from a police report.
    let mut bases: Vec<(CaseId, Option<ReferralId>, Province, time::Date)> = Vec::new();
    for purpose in [ReferralPurpose::Investigation, ReferralPurpose::Prosecution] {
        let query = ReferralQuery {
            mailbox: Some(Mailbox::Outbox),
            status: None,
            purpose: Some(purpose),
            province: None,
            overdue: None,
            case_id: None,
        };
        let page = app
            .list_referrals(&manager, query, None, 200, now)
            .await
            .map_err(refused)?;
        for listed in page.items {
            let summary = listed.summary;
            if let (
                Some(case),
                panah_domain::ReferralStatus::Sent
                | panah_domain::ReferralStatus::Acknowledged
                | panah_domain::ReferralStatus::Accepted
                | panah_domain::ReferralStatus::Completed,
            ) = (summary.case_id, summary.status)
            {
                bases.push((
                    case,
                    Some(summary.id),
                    listed.profile.province,
                    summary.created_at.date(),
                ));
            }
        }
    }
    if bases.len() < ENDINGS.len() {
        let cases = app
            .list_cases(&manager, &CaseFilter::default(), None, 50, now)
            .await
            .map_err(refused)?;
        for case in cases.items.iter().take(ENDINGS.len() - bases.len()) {
            bases.push((case.id, None, case.province, case.identified_on));
        }
    }
    for (n, (case, referral, province, reported_on)) in bases.into_iter().enumerate() {
        let (law, articles) = if n % 4 == 3 {
            ("lkht_2008", vec!["5".to_owned(), "7".to_owned()])
        } else {
            ("ctip_2017", vec!["4".to_owned(), "6".to_owned()])
        };
        let entry = ProceedingEntry {
            case_id: case,
            referral_id: referral,
            law: law
                .parse()
                .map_err(|_| anyhow!("{law} is not a law code"))?,
            articles,
            reported_on,
            province,
            accused_count: Some(1 + u32::try_from(n % 3).unwrap_or(0)),
            victim_testified: n % 2 == 0,
            legal_aid: n % 3 != 1,
        };
        let opened = app
            .open_proceeding(&manager, entry, now)
            .await
            .map_err(refused)?;
        tally.proceedings += 1;
        let id = opened.proceeding.record().id;
        let (ending, outcome) = ENDINGS[n % ENDINGS.len()];
        let mut stage = ProceedingStage::Reported;
        while stage != ending {
            let next = match (ending, stage.next()) {
                // A proceeding dismissed is closed before it reaches a court.
                (ProceedingStage::Closed, _)
                    if outcome == Some(ProceedingOutcome::Dismissed)
                        && stage == ProceedingStage::Investigation =>
                {
                    ProceedingStage::Closed
                }
                (_, Some(next)) => next,
                (_, None) => break,
            };
            let records = match next {
                ProceedingStage::Verdict => outcome.or(Some(ProceedingOutcome::Conviction)),
                ProceedingStage::Closed if stage != ProceedingStage::Verdict => outcome,
                _ => None,
            };
            app.move_proceeding(&manager, id, next, records, None, now)
                .await
                .map_err(refused)?;
            stage = next;
        }
    }
    Ok(())
}

async fn activities(
    app: &App,
    directory: &Directory,
    window: Window,
    now: OffsetDateTime,
    tally: &mut FrameworkTally,
) -> anyhow::Result<()> {
    let programme = acting(directory.user(Who::ProgrammeManager)?);
    let iom = directory.organization("IOM-AF")?.id;
    let line = |grant: GrantKey, code: &'static str| {
        directory
            .lines
            .get(&(grant, code))
            .copied()
            .ok_or_else(|| anyhow!("the demo grant has no line {code}"))
    };
    let topics = TrainingTopic::ALL;
    let channels = AwarenessChannel::ALL;
    for month in 0..12_i64 {
        let day = (window.first_day + Duration::days(15 + 27 * month)).min(window.last_day);
        let code = PROVINCES[usize::try_from(month).unwrap_or(0) % PROVINCES.len()];
        let province: Province = code.parse().map_err(|_| anyhow!("{code}"))?;
        let office = directory.organization(&format!("MOI-{}", &code[3..]))?.id;
        let n = usize::try_from(month).unwrap_or(0);
        let us = n % 2 == 0;
        let (grant, currency) = if us {
            (GrantKey::Us, panah_domain::Currency::Usd)
        } else {
            (GrantKey::It, panah_domain::Currency::Eur)
        };
        let training = TrainingEntry {
            title: format!(
                "{} for provincial police and prosecutors",
                topic_title(topics[n % topics.len()])
            ),
            topic: topics[n % topics.len()],
            province,
            starts_on: day,
            ends_on: day + Duration::days(2),
            organizer: iom,
            participants: vec![
                Participants {
                    organization_id: office,
                    female: 3 + u32::try_from(n % 4).unwrap_or(0),
                    male: 12 + u32::try_from(n % 5).unwrap_or(0),
                },
                Participants {
                    organization_id: directory.organization("MOJ")?.id,
                    female: 1,
                    male: 4,
                },
            ],
            cost: Some(Money {
                amount_minor: 180_000 + 10_000 * i64::try_from(n).unwrap_or(0),
                currency,
            }),
            budget_line_id: Some(line(grant, if us { "CB" } else { "AW" })?),
        };
        app.record_training(&programme, training, now)
            .await
            .map_err(refused)?;
        tally.trainings += 1;
        for k in 0..2_usize {
            let channel = channels[(2 * n + k) % channels.len()];
            let activity = AwarenessEntry {
                province,
                date: (day + Duration::days(7 + 10 * i64::try_from(k).unwrap_or(0)))
                    .min(window.last_day),
                channel,
                partner: Some(office),
                estimated_reach: 500 + 1_500 * u32::try_from((n + k) % 6).unwrap_or(0),
                description: Some(format!(
                    "Awareness on recruitment by false job offers ({channel})"
                )),
                cost: Some(Money {
                    amount_minor: 40_000 + 5_000 * i64::try_from(k).unwrap_or(0),
                    currency: if k == 0 {
                        currency
                    } else {
                        panah_domain::Currency::Eur
                    },
                }),
                budget_line_id: Some(if k == 0 {
                    line(grant, if us { "CB" } else { "AW" })?
                } else {
                    line(GrantKey::It, "AW")?
                }),
            };
            app.record_awareness(&programme, activity, now)
                .await
                .map_err(refused)?;
            tally.awareness += 1;
        }
    }
    Ok(())
}

/// A training topic as the title of an event.
fn topic_title(topic: TrainingTopic) -> &'static str {
    match topic {
        TrainingTopic::Identification => "Identifying victims of trafficking",
        TrainingTopic::VictimAssistance => "Assisting victims of trafficking",
        TrainingTopic::Investigation => "Investigating trafficking cases",
        TrainingTopic::Prosecution => "Prosecuting traffickers under the 2017 law",
        TrainingTopic::ReferralMechanism => "The national referral mechanism",
        TrainingTopic::DataProtection => "Protecting victims' personal data",
        TrainingTopic::Other => "Counter-trafficking coordination",
    }
}
