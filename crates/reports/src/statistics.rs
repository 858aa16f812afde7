//! The national statistics report, for the Ministry of Interior and IOM's case managers:
//! victims identified by province, sex, age group and type of exploitation, referrals by
//! purpose and outcome, legal proceedings and convictions by law, trainings and awareness
//! raising — aggregate only, every count of people suppressed as in the funding report.
//!
//! Victims, referrals, proceedings, convictions and participants are each a group of one
//! population (`suppress_group`): their total, when printed, cannot give a suppressed cell
//! away. Types of exploitation are counted per type — one person may have suffered several
//! — so they do not add up to the total: each is suppressed on its own, and all are
//! withheld when the total is. Events and estimated reach are not people and are shown.

use panah_domain::{
    AgeGroup, AwarenessChannel, Cell, ExploitationType, ReferralPurpose, ReferralStatus, Sex,
    StatisticsFigures, Threshold, suppress_count,
};
use serde::Serialize;
use time::Date;

use crate::{
    ActivityBreakdown, Breakdown, Period, Referrals, ReportError, activities, group, names, ordered,
};

/// Victims and presumed victims identified in the period.
#[derive(Debug, Clone, Serialize)]
pub struct Victims {
    /// Everyone identified.
    pub total: Cell,
    /// By province of their case.
    pub by_province: Breakdown,
    /// By sex.
    pub by_sex: Breakdown,
    /// By age group (`unknown` when neither birth date nor age is known).
    pub by_age_group: Breakdown,
    /// By type of exploitation; a person may count under several.
    pub by_exploitation_type: Breakdown,
}

/// Legal proceedings reported in the period.
#[derive(Debug, Clone, Serialize)]
pub struct Proceedings {
    /// How many.
    pub total: Cell,
    /// By law (the laws with a proceeding).
    pub by_law: Breakdown,
    /// How many ended in a conviction.
    pub convictions: Cell,
    /// Convictions by law.
    pub convictions_by_law: Breakdown,
}

/// Participants of trainings.
#[derive(Debug, Clone, Serialize)]
pub struct Participants {
    /// Everyone.
    pub total: Cell,
    /// By sex (`female`, `male`).
    pub by_sex: Breakdown,
}

/// Trainings that began in the period.
#[derive(Debug, Clone, Serialize)]
pub struct Trainings {
    /// How many (never suppressed).
    pub events: u64,
    /// Who took part.
    pub participants: Participants,
}

/// Awareness activities held in the period.
#[derive(Debug, Clone, Serialize)]
pub struct Awareness {
    /// How many.
    pub activities: u64,
    /// Their estimated reach, added up.
    pub estimated_reach: u64,
    /// By channel.
    pub by_channel: ActivityBreakdown,
}

/// The national statistics report.
#[derive(Debug, Clone, Serialize)]
pub struct StatisticsReport {
    /// The period.
    pub period: Period,
    /// The province reported on, or `null` for every province.
    pub province: Option<String>,
    /// Counts of people from 1 to one below this are shown as `"<min_cell_size"`.
    pub min_cell_size: u64,
    /// Victims identified.
    pub victims: Victims,
    /// Referrals sent.
    pub referrals: Referrals,
    /// Legal proceedings reported.
    pub proceedings: Proceedings,
    /// Trainings.
    pub trainings: Trainings,
    /// Awareness raising.
    pub awareness: Awareness,
}

/// Builds the statistics report of `province` (every province when `None`) from `from`
/// to `to`, suppressing every count of people below `min`.
pub fn statistics_report(
    province: Option<&str>,
    from: Date,
    to: Date,
    figures: &StatisticsFigures,
    min: Threshold,
) -> Result<StatisticsReport, ReportError> {
    let unsigned = |n: i64| u64::try_from(n).map_err(|_| ReportError::Negative);
    let mut age_groups = names(AgeGroup::ALL, AgeGroup::as_str);
    age_groups.push("unknown".to_owned());
    let (victims, mut breakdowns) = group(
        unsigned(figures.victims)?,
        vec![
            ordered(&figures.victims_by_province, None)?,
            ordered(&figures.victims_by_sex, Some(names(Sex::ALL, Sex::as_str)))?,
            ordered(&figures.victims_by_age_group, Some(age_groups))?,
        ],
        min,
    )?;
    let by_age_group = breakdowns.pop().unwrap_or(Breakdown(Vec::new()));
    let by_sex = breakdowns.pop().unwrap_or(Breakdown(Vec::new()));
    let by_province = breakdowns.pop().unwrap_or(Breakdown(Vec::new()));
    let total_hidden = victims == Cell::Hidden;
    let by_exploitation_type = Breakdown(
        ordered(
            &figures.victims_by_exploitation,
            Some(names(ExploitationType::ALL, ExploitationType::as_str)),
        )?
        .into_iter()
        .map(|(key, n)| {
            let cell = match suppress_count(n, min) {
                Cell::Count(n) if total_hidden && n > 0 => Cell::Hidden,
                cell => cell,
            };
            (key, cell)
        })
        .collect(),
    );

    let sum = |b: &[(String, u64)]| b.iter().map(|(_, n)| n).sum::<u64>();
    let by_purpose = ordered(
        &figures.referrals_by_purpose,
        Some(names(ReferralPurpose::ALL, ReferralPurpose::as_str)),
    )?;
    let by_status = ordered(
        &figures.referrals_by_status,
        Some(names(ReferralStatus::ALL, ReferralStatus::as_str)),
    )?;
    let referrals_total = sum(&by_purpose);
    let (_, mut referrals) = group(referrals_total, vec![by_purpose, by_status], min)?;

    let laws = &figures.proceedings_by_law;
    let by_law: Vec<(String, u64)> = laws
        .iter()
        .map(|l| Ok((l.law.clone(), unsigned(l.proceedings)?)))
        .collect::<Result<_, ReportError>>()?;
    let convictions_by_law: Vec<(String, u64)> = laws
        .iter()
        .map(|l| Ok((l.law.clone(), unsigned(l.convictions)?)))
        .collect::<Result<_, ReportError>>()?;
    let (proceedings, mut by_law) = group(sum(&by_law), vec![by_law], min)?;
    let (convictions, mut convictions_by_law) =
        group(sum(&convictions_by_law), vec![convictions_by_law], min)?;

    let women = unsigned(figures.participants_female)?;
    let men = unsigned(figures.participants_male)?;
    let (participants, mut participants_by_sex) = group(
        women + men,
        vec![vec![("female".to_owned(), women), ("male".to_owned(), men)]],
        min,
    )?;

    let by_channel = activities(
        &figures.awareness_by_channel,
        Some(names(AwarenessChannel::ALL, AwarenessChannel::as_str)),
    )?;
    let (activity_count, estimated_reach) = by_channel.0.iter().fold((0, 0), |(n, r), (_, a)| {
        (n + a.activities, r + a.estimated_reach)
    });
    Ok(StatisticsReport {
        period: Period { from, to },
        province: province.map(str::to_owned),
        min_cell_size: min.get(),
        victims: Victims {
            total: victims,
            by_province,
            by_sex,
            by_age_group,
            by_exploitation_type,
        },
        referrals: Referrals {
            by_status: referrals.pop().unwrap_or(Breakdown(Vec::new())),
            by_purpose: referrals.pop().unwrap_or(Breakdown(Vec::new())),
        },
        proceedings: Proceedings {
            total: proceedings,
            by_law: by_law.pop().unwrap_or(Breakdown(Vec::new())),
            convictions,
            convictions_by_law: convictions_by_law.pop().unwrap_or(Breakdown(Vec::new())),
        },
        trainings: Trainings {
            events: unsigned(figures.trainings)?,
            participants: Participants {
                total: participants,
                by_sex: participants_by_sex.pop().unwrap_or(Breakdown(Vec::new())),
            },
        },
        awareness: Awareness {
            activities: activity_count,
            estimated_reach,
            by_channel,
        },
    })
}
