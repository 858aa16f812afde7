//! Donor-facing reports. [`funding_report`] turns the raw figures the store counts into
//! the funding report of one grant and period, with every count of people passed through
//! small-cell suppression (`panah_domain::suppression`); [`csv`] and [`xlsx`] render it.
//!
//! Nothing here reads the database or knows HTTP: the API and the command line both build
//! the same report from the same figures, so a donor gets the same numbers either way.

pub mod csv;
mod labels;
pub mod xlsx;

use panah_domain::{
    AgeGroup, CaseCategory, Cell, Grant, ReferralPurpose, ReferralStatus, ReturnDirection,
    ReturnStatus, Sex, Threshold, suppress_count, suppress_group,
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
    /// What they cost, in minor units (never suppressed).
    pub cost_minor: i64,
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

/// The funding report of one grant over one period.
#[derive(Debug, Clone, Serialize)]
pub struct FundingReport {
    /// The grant.
    pub grant: GrantRef,
    /// The period.
    pub period: Period,
    /// The currency of every amount.
    pub currency: String,
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
    /// Spend against budget per line.
    pub spend: Vec<Spend>,
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

/// Builds the funding report of `grant` (its donor's name `donor`) from `from` to `to`,
/// suppressing every count of people below `min`.
pub fn funding_report(
    grant: &Grant,
    donor: &str,
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
            })
        })
        .collect::<Result<_, ReportError>>()?;
    let spend = figures
        .spend
        .iter()
        .map(|line| Spend {
            budget_line_code: line.code.clone(),
            name: line.name.clone(),
            budget_minor: line.budget_minor,
            spent_minor: line.spent_minor,
            remaining_minor: line.budget_minor - line.spent_minor,
        })
        .collect();
    Ok(FundingReport {
        grant: GrantRef {
            id: grant.id.0,
            code: grant.code.clone(),
            title: grant.title.clone(),
            donor: donor.to_owned(),
        },
        period: Period { from, to },
        currency: grant.currency.as_str().to_owned(),
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
        spend,
    })
}
