//! Donor-facing reports. [`funding_report`] turns the raw figures the store counts into
//! the funding report of one grant (or of every grant of one donor) and period, with every
//! count of people passed through small-cell suppression (`panah_domain::suppression`);
//! [`csv`] and [`xlsx`] render it.
//!
//! Counts of people are suppressed: the people assisted, services, returns, referrals,
//! the participants of trainings (staff, but people all the same) and the legal
//! proceedings of the people assisted (each is about one victim). Counts of events —
//! trainings, awareness activities — are not, and neither is an awareness activity's
//! estimated reach: it is an estimate of an audience (the listeners of a radio programme,
//! the pupils of a school), not a count of identified persons, and no one can be singled
//! out by it. Money is never suppressed, and amounts of different currencies are never
//! added together.
//!
//! Nothing here reads the database or knows HTTP: the API and the command line both build
//! the same report from the same figures, so a donor gets the same numbers either way.

pub mod csv;
mod labels;
pub mod statistics;
pub mod xlsx;

use std::collections::BTreeMap;

use panah_domain::{
    ActivityFigures, AgeGroup, AwarenessChannel, CaseCategory, Cell, Grant, Organization,
    OrganizationKind, ProceedingOutcome, ProceedingStage, ReferralPurpose, ReferralStatus,
    ReturnDirection, ReturnStatus, Sex, Threshold, suppress_count, suppress_group,
};
use panah_domain::{Breakdown as Figures, FundingFigures};
use serde::Serialize;
use serde::ser::SerializeMap;
use time::Date;
use uuid::Uuid;

/// The figures could not be made into a report: they contradict each other, which means
/// the database does.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// A breakdown does not add up to its total.
    #[error("inconsistent figures: {0}")]
    Inconsistent(#[from] panah_domain::UnbalancedBreakdown),
    /// A count is negative.
    #[error("a count is negative")]
    Negative,
}

/// A breakdown as published: value → count, in a fixed order. Serialised as a JSON
/// object keyed by value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breakdown(pub Vec<(String, Cell)>);

impl Serialize for Breakdown {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, cell) in &self.0 {
            map.serialize_entry(key, cell)?;
        }
        map.end()
    }
}

/// Which grant the report is about.
#[derive(Debug, Clone, Serialize)]
pub struct GrantRef {
    /// Id.
    pub id: Uuid,
    /// Code.
    pub code: String,
    /// Title.
    pub title: String,
    /// The donor's name.
    pub donor: String,
}

/// The donor whose grants a donor's report covers.
#[derive(Debug, Clone, Serialize)]
pub struct DonorRef {
    /// Id.
    pub id: Uuid,
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Its grants whose period meets the report's, by code.
    pub grants: Vec<DonorGrant>,
}

/// One grant of a donor's report.
#[derive(Debug, Clone, Serialize)]
pub struct DonorGrant {
    /// Id.
    pub id: Uuid,
    /// Code.
    pub code: String,
    /// Title.
    pub title: String,
    /// The currency of its amounts.
    pub currency: String,
}

/// What a report is about.
#[derive(Debug, Clone, Copy)]
pub enum Subject<'a> {
    /// One grant, and its donor's name.
    Grant {
        /// The grant.
        grant: &'a Grant,
        /// Its donor's name.
        donor: &'a str,
    },
    /// Every grant of a donor that runs during the period.
    Donor {
        /// The donor.
        donor: &'a Organization,
        /// Its grants.
        grants: &'a [Grant],
    },
}

/// The period reported on, both days included.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Period {
    /// First day.
    #[serde(serialize_with = "iso_date")]
    pub from: Date,
    /// Last day.
    #[serde(serialize_with = "iso_date")]
    pub to: Date,
}

fn iso_date<S: serde::Serializer>(date: &Date, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(date)
}

/// Unique people assisted, in total and by each characteristic.
#[derive(Debug, Clone, Serialize)]
pub struct PeopleAssisted {
    /// Everyone assisted.
    pub total: Cell,
    /// By sex.
    pub by_sex: Breakdown,
    /// By CTDC age group (`unknown` when neither birth date nor age is known).
    pub by_age_group: Breakdown,
    /// By citizenship.
    pub by_citizenship: Breakdown,
    /// By province of the case.
    pub by_province: Breakdown,
    /// By category.
    pub by_category: Breakdown,
}

/// One type of service delivered.
#[derive(Debug, Clone, Serialize)]
pub struct Service {
    /// The assistance type.
    #[serde(rename = "type")]
    pub service_type: String,
    /// How many were delivered (suppressed like people: a count of one service is one
    /// person).
    pub count: Cell,
    /// To how many people.
    pub people: Cell,
    /// What they cost, in minor units of `currency` (never suppressed).
    pub cost_minor: i64,
    /// The currency of the grants they were charged to: in a donor's report whose grants
    /// have different currencies, a type of service has one row per currency.
    pub currency: String,
}

/// Returns of the people assisted.
#[derive(Debug, Clone, Serialize)]
pub struct Returns {
    /// By direction.
    pub by_direction: Breakdown,
    /// By status.
    pub by_status: Breakdown,
}

/// Referrals about the people assisted, made in the period.
#[derive(Debug, Clone, Serialize)]
pub struct Referrals {
    /// By purpose.
    pub by_purpose: Breakdown,
    /// By status.
    pub by_status: Breakdown,
}

/// One budget line's spend in the period.
#[derive(Debug, Clone, Serialize)]
pub struct Spend {
    /// The code of the line's grant.
    pub grant_code: String,
    /// The grant's currency, of every amount of the line.
    pub currency: String,
    /// Line code.
    pub budget_line_code: String,
    /// Line name.
    pub name: String,
    /// Budgeted.
    pub budget_minor: i64,
    /// Spent in the period: delivered assistance, trainings (on their first day) and
    /// awareness activities charged to the line.
    pub spent_minor: i64,
    /// Budget less what was spent in the period; negative when overspent.
    pub remaining_minor: i64,
}

/// The budget, spend and remainder of every line in one currency, added up.
#[derive(Debug, Clone, Serialize)]
pub struct Total {
    /// The currency.
    pub currency: String,
    /// Budgeted.
    pub budget_minor: i64,
    /// Spent in the period.
    pub spent_minor: i64,
    /// Budget less spend.
    pub remaining_minor: i64,
}

/// The participants of trainings.
#[derive(Debug, Clone, Serialize)]
pub struct Participants {
    /// Everyone who took part (once per training).
    pub total: Cell,
    /// By sex (`female`, `male`).
    pub by_sex: Breakdown,
    /// By the kind of organisation they came from.
    pub by_organization_kind: Breakdown,
}

/// Trainings charged to the report's grants that began in the period.
#[derive(Debug, Clone, Serialize)]
pub struct Trainings {
    /// How many (events are not people: never suppressed).
    pub events: u64,
    /// Who took part.
    pub participants: Participants,
}

/// Awareness activities of one channel or one province.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Activities {
    /// How many.
    pub activities: u64,
    /// Their estimated reach, added up.
    pub estimated_reach: u64,
}

/// A breakdown of awareness activities, serialised as a JSON object keyed by value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityBreakdown(pub Vec<(String, Activities)>);

impl Serialize for ActivityBreakdown {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, activities) in &self.0 {
            map.serialize_entry(key, activities)?;
        }
        map.end()
    }
}

/// Awareness activities charged to the report's grants, held in the period. Neither the
/// activities nor their reach (an estimated audience, not identified people) are
/// suppressed.
#[derive(Debug, Clone, Serialize)]
pub struct Awareness {
    /// How many.
    pub activities: u64,
    /// Their estimated reach, added up.
    pub estimated_reach: u64,
    /// By channel (every channel, zeros included).
    pub by_channel: ActivityBreakdown,
    /// By province (the provinces present).
    pub by_province: ActivityBreakdown,
}

/// Legal proceedings on the cases of the people assisted, whatever their date, as they
/// stand.
#[derive(Debug, Clone, Serialize)]
pub struct Proceedings {
    /// How many.
    pub total: Cell,
    /// By stage.
    pub by_stage: Breakdown,
    /// By outcome; `none` for those without one yet.
    pub by_outcome: Breakdown,
}

/// The funding report of one grant, or of one donor's grants, over one period.
#[derive(Debug, Clone, Serialize)]
pub struct FundingReport {
    /// The grant, in a grant's report.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grant: Option<GrantRef>,
    /// The donor and its grants, in a donor's report.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub donor: Option<DonorRef>,
    /// The period.
    pub period: Period,
    /// The currency of every amount, in a grant's report. A donor's report has none: its
    /// grants may have different currencies, and each amount names its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Counts of people from 1 to one below this are shown as `"<min_cell_size"`.
    pub min_cell_size: u64,
    /// People assisted.
    pub people_assisted: PeopleAssisted,
    /// Services by type.
    pub services: Vec<Service>,
    /// Returns.
    pub returns: Returns,
    /// Referrals.
    pub referrals: Referrals,
    /// Trainings.
    pub trainings: Trainings,
    /// Awareness raising.
    pub awareness: Awareness,
    /// Legal proceedings of the people assisted.
    pub proceedings: Proceedings,
    /// Spend against budget per line (per grant and line in a donor's report).
    pub spend: Vec<Spend>,
    /// Budget, spend and remainder added up per currency, one entry for each currency.
    pub totals: Vec<Total>,
}

impl FundingReport {
    /// What the report is about, for a file name or a heading: the grant's code, or the
    /// donor's.
    pub fn subject_code(&self) -> &str {
        match (&self.grant, &self.donor) {
            (Some(grant), _) => &grant.code,
            (None, Some(donor)) => &donor.code,
            (None, None) => "",
        }
    }
}

/// The counts of `figures` in the order of `keys` (a closed vocabulary, zeros included),
/// or, when `keys` is `None`, of the values present, sorted.
fn ordered(
    figures: &Figures,
    keys: Option<Vec<String>>,
) -> Result<Vec<(String, u64)>, ReportError> {
    let count = |value: Option<&str>| -> Result<u64, ReportError> {
        figures
            .iter()
            .filter(|(v, _)| v.as_deref().unwrap_or("unknown") == value.unwrap_or("unknown"))
            .map(|(_, n)| u64::try_from(*n).map_err(|_| ReportError::Negative))
            .sum()
    };
    match keys {
        Some(keys) => keys
            .into_iter()
            .map(|key| Ok((key.clone(), count(Some(&key))?)))
            .collect(),
        None => {
            let mut present: Vec<String> = figures
                .iter()
                .map(|(v, _)| v.clone().unwrap_or_else(|| "unknown".to_owned()))
                .collect();
            present.sort();
            present.dedup();
            present
                .into_iter()
                .map(|key| Ok((key.clone(), count(Some(&key))?)))
                .collect()
        }
    }
}

fn names<T: Copy>(all: &[T], name: impl Fn(T) -> &'static str) -> Vec<String> {
    all.iter().map(|v| name(*v).to_owned()).collect()
}

/// Suppresses a group of breakdowns of one population whose total is `total`.
fn group(
    total: u64,
    breakdowns: Vec<Vec<(String, u64)>>,
    min: Threshold,
) -> Result<(Cell, Vec<Breakdown>), ReportError> {
    let counts: Vec<Vec<u64>> = breakdowns
        .iter()
        .map(|b| b.iter().map(|(_, n)| *n).collect())
        .collect();
    let suppressed = suppress_group(total, &counts, min)?;
    let protected = suppressed.protected;
    let published = breakdowns
        .into_iter()
        .zip(suppressed.breakdowns)
        .map(|(keys, cells)| {
            Breakdown(
                keys.into_iter()
                    .zip(cells)
                    .map(|((key, count), cell)| {
                        // When no labelling can protect the group, every non-zero count
                        // is withheld rather than risk one being worked out.
                        let cell = if protected || count == 0 {
                            cell
                        } else {
                            Cell::Hidden
                        };
                        (key, cell)
                    })
                    .collect(),
            )
        })
        .collect();
    let total = if protected {
        suppressed.total
    } else {
        Cell::Hidden
    };
    Ok((total, published))
}

/// The awareness activities of `figures` in the order of `keys`, zeros included, or, when
/// `keys` is `None`, of the values present, sorted.
fn activities(
    figures: &[ActivityFigures],
    keys: Option<Vec<String>>,
) -> Result<ActivityBreakdown, ReportError> {
    let unsigned = |n: i64| u64::try_from(n).map_err(|_| ReportError::Negative);
    let keys = keys.unwrap_or_else(|| {
        let mut present: Vec<String> = figures.iter().map(|f| f.value.clone()).collect();
        present.sort();
        present.dedup();
        present
    });
    keys.into_iter()
        .map(|key| {
            let mut sum = Activities {
                activities: 0,
                estimated_reach: 0,
            };
            for f in figures.iter().filter(|f| f.value == key) {
                sum.activities += unsigned(f.activities)?;
                sum.estimated_reach += unsigned(f.estimated_reach)?;
            }
            Ok((key, sum))
        })
        .collect::<Result<_, _>>()
        .map(ActivityBreakdown)
}

/// Builds the funding report of `subject` from `from` to `to`, suppressing every count of
/// people below `min`.
pub fn funding_report(
    subject: Subject<'_>,
    from: Date,
    to: Date,
    figures: &FundingFigures,
    min: Threshold,
) -> Result<FundingReport, ReportError> {
    let unsigned = |n: i64| u64::try_from(n).map_err(|_| ReportError::Negative);
    let mut age_groups = names(AgeGroup::ALL, AgeGroup::as_str);
    age_groups.push("unknown".to_owned());
    let people_breakdowns = vec![
        ordered(&figures.by_sex, Some(names(Sex::ALL, Sex::as_str)))?,
        ordered(&figures.by_age_group, Some(age_groups))?,
        ordered(&figures.by_citizenship, None)?,
        ordered(&figures.by_province, None)?,
        ordered(
            &figures.by_category,
            Some(names(CaseCategory::ALL, CaseCategory::as_str)),
        )?,
    ];
    let (total, mut people) = group(unsigned(figures.people)?, people_breakdowns, min)?;
    let by_category = people.pop().unwrap_or(Breakdown(Vec::new()));
    let by_province = people.pop().unwrap_or(Breakdown(Vec::new()));
    let by_citizenship = people.pop().unwrap_or(Breakdown(Vec::new()));
    let by_age_group = people.pop().unwrap_or(Breakdown(Vec::new()));
    let by_sex = people.pop().unwrap_or(Breakdown(Vec::new()));

    // Returns and referrals print no total, but each breakdown of a fully shown other
    // breakdown would give it away: they are suppressed as groups with their sum.
    let sum = |b: &[(String, u64)]| b.iter().map(|(_, n)| n).sum::<u64>();
    let by_direction = ordered(
        &figures.returns_by_direction,
        Some(names(ReturnDirection::ALL, ReturnDirection::as_str)),
    )?;
    let by_return_status = ordered(
        &figures.returns_by_status,
        Some(names(ReturnStatus::ALL, ReturnStatus::as_str)),
    )?;
    let returns_total = sum(&by_direction);
    let (_, mut returns) = group(returns_total, vec![by_direction, by_return_status], min)?;
    let by_purpose = ordered(
        &figures.referrals_by_purpose,
        Some(names(ReferralPurpose::ALL, ReferralPurpose::as_str)),
    )?;
    let by_referral_status = ordered(
        &figures.referrals_by_status,
        Some(names(ReferralStatus::ALL, ReferralStatus::as_str)),
    )?;
    let referrals_total = sum(&by_purpose);
    let (_, mut referrals) = group(referrals_total, vec![by_purpose, by_referral_status], min)?;

    // The people served by one type of service are a lower bound on everyone assisted:
    // when the total is hidden, a count of people served is hidden too, or it could pin
    // the total (and with it the cells hidden to protect it).
    let total_hidden = total == Cell::Hidden;
    let services = figures
        .services
        .iter()
        .map(|s| {
            let people = match suppress_count(unsigned(s.people)?, min) {
                Cell::Count(n) if total_hidden && n > 0 => Cell::Hidden,
                cell => cell,
            };
            Ok(Service {
                service_type: s.assistance_type.clone(),
                count: suppress_count(unsigned(s.count)?, min),
                people,
                cost_minor: s.cost_minor,
                currency: s.currency.clone(),
            })
        })
        .collect::<Result<_, ReportError>>()?;
    // Participants: women and men from each kind of organisation, one group.
    let participants = &figures.trainings.by_organization_kind;
    let mut women = 0;
    let mut men = 0;
    let mut by_kind = Vec::new();
    for kind in OrganizationKind::ALL {
        let (f, m) = participants
            .iter()
            .filter(|(k, _, _)| k == kind.as_str())
            .try_fold((0, 0), |(f, m), (_, women, men)| {
                Ok::<_, ReportError>((f + unsigned(*women)?, m + unsigned(*men)?))
            })?;
        women += f;
        men += m;
        by_kind.push((kind.as_str().to_owned(), f + m));
    }
    let by_participant_sex = vec![("female".to_owned(), women), ("male".to_owned(), men)];
    let (participants_total, mut participant_breakdowns) =
        group(women + men, vec![by_participant_sex, by_kind], min)?;

    let by_channel = activities(
        &figures.awareness.by_channel,
        Some(names(AwarenessChannel::ALL, AwarenessChannel::as_str)),
    )?;
    let by_activity_province = activities(&figures.awareness.by_province, None)?;
    let (activity_count, estimated_reach) = by_channel.0.iter().fold((0, 0), |(n, r), (_, a)| {
        (n + a.activities, r + a.estimated_reach)
    });

    let by_stage = ordered(
        &figures.proceedings_by_stage,
        Some(names(ProceedingStage::ALL, ProceedingStage::as_str)),
    )?;
    let mut outcomes = names(ProceedingOutcome::ALL, ProceedingOutcome::as_str);
    outcomes.push("none".to_owned());
    // A proceeding without an outcome yet is grouped as `none`, so that the outcomes add
    // up to the total like every other breakdown.
    let outcome_figures: Figures = figures
        .proceedings_by_outcome
        .iter()
        .map(|(v, n)| (Some(v.clone().unwrap_or_else(|| "none".to_owned())), *n))
        .collect();
    let by_outcome = ordered(&outcome_figures, Some(outcomes))?;
    let proceedings_count = sum(&by_stage);
    let (proceedings_total, mut proceedings) =
        group(proceedings_count, vec![by_stage, by_outcome], min)?;

    let spend: Vec<Spend> = figures
        .spend
        .iter()
        .map(|line| Spend {
            grant_code: line.grant_code.clone(),
            currency: line.currency.clone(),
            budget_line_code: line.code.clone(),
            name: line.name.clone(),
            budget_minor: line.budget_minor,
            spent_minor: line.spent_minor,
            remaining_minor: line.budget_minor - line.spent_minor,
        })
        .collect();
    let mut by_currency: BTreeMap<&str, Total> = BTreeMap::new();
    for line in &spend {
        let total = by_currency
            .entry(line.currency.as_str())
            .or_insert_with(|| Total {
                currency: line.currency.clone(),
                budget_minor: 0,
                spent_minor: 0,
                remaining_minor: 0,
            });
        total.budget_minor += line.budget_minor;
        total.spent_minor += line.spent_minor;
        total.remaining_minor += line.remaining_minor;
    }
    let totals = by_currency.into_values().collect();
    let (grant, donor, currency) = match subject {
        Subject::Grant { grant, donor } => (
            Some(GrantRef {
                id: grant.id.0,
                code: grant.code.clone(),
                title: grant.title.clone(),
                donor: donor.to_owned(),
            }),
            None,
            Some(grant.currency.as_str().to_owned()),
        ),
        Subject::Donor { donor, grants } => (
            None,
            Some(DonorRef {
                id: donor.id.0,
                code: donor.code.to_string(),
                name: donor.name.clone(),
                grants: grants
                    .iter()
                    .map(|grant| DonorGrant {
                        id: grant.id.0,
                        code: grant.code.clone(),
                        title: grant.title.clone(),
                        currency: grant.currency.as_str().to_owned(),
                    })
                    .collect(),
            }),
            None,
        ),
    };
    Ok(FundingReport {
        grant,
        donor,
        period: Period { from, to },
        currency,
        min_cell_size: min.get(),
        people_assisted: PeopleAssisted {
            total,
            by_sex,
            by_age_group,
            by_citizenship,
            by_province,
            by_category,
        },
        services,
        returns: Returns {
            by_status: returns.pop().unwrap_or(Breakdown(Vec::new())),
            by_direction: returns.pop().unwrap_or(Breakdown(Vec::new())),
        },
        referrals: Referrals {
            by_status: referrals.pop().unwrap_or(Breakdown(Vec::new())),
            by_purpose: referrals.pop().unwrap_or(Breakdown(Vec::new())),
        },
        trainings: Trainings {
            events: unsigned(figures.trainings.events)?,
            participants: Participants {
                total: participants_total,
                by_organization_kind: participant_breakdowns
                    .pop()
                    .unwrap_or(Breakdown(Vec::new())),
                by_sex: participant_breakdowns
                    .pop()
                    .unwrap_or(Breakdown(Vec::new())),
            },
        },
        awareness: Awareness {
            activities: activity_count,
            estimated_reach,
            by_channel,
            by_province: by_activity_province,
        },
        proceedings: Proceedings {
            total: proceedings_total,
            by_outcome: proceedings.pop().unwrap_or(Breakdown(Vec::new())),
            by_stage: proceedings.pop().unwrap_or(Breakdown(Vec::new())),
        },
        spend,
        totals,
    })
}
