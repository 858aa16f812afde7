//! The raw figures of a funding report, as the store counts them. They are not for
//! anyone's eyes as they are: `panah-reports` suppresses small cells before a report
//! leaves.

use crate::{GrantId, OrganizationId};

/// What a funding report covers: one grant, or every grant of one donor that runs during
/// the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FundingScope {
    /// One grant.
    Grant(GrantId),
    /// Every grant of the donor organisation whose period meets the report's.
    Donor(OrganizationId),
}

/// A breakdown: (value, count) pairs as the database groups them; a `NULL` value (an
/// unknown age group) is `None`.
pub type Breakdown = Vec<(Option<String>, i64)>;

/// One type of service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceFigures {
    /// The assistance type.
    pub assistance_type: String,
    /// How many services were delivered.
    pub count: i64,
    /// To how many people.
    pub people: i64,
    /// What they cost, in minor units of `currency`.
    pub cost_minor: i64,
    /// The currency of the grant they were charged to: a type of service charged to
    /// grants in two currencies has one entry per currency.
    pub currency: String,
}

/// One budget line's spend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpendFigures {
    /// The code of the line's grant.
    pub grant_code: String,
    /// The grant's currency, in which every amount of the line is.
    pub currency: String,
    /// Line code.
    pub code: String,
    /// Line name.
    pub name: String,
    /// Amount budgeted.
    pub budget_minor: i64,
    /// Delivered costs charged to it in the period.
    pub spent_minor: i64,
}

/// The trainings charged to the report's grants that began in the period.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrainingFigures {
    /// How many trainings.
    pub events: i64,
    /// Their participants by the kind of organisation they came from: (kind, women, men).
    pub by_organization_kind: Vec<(String, i64, i64)>,
}

/// Awareness activities of one channel or province.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityFigures {
    /// The channel or the province.
    pub value: String,
    /// How many activities.
    pub activities: i64,
    /// Their estimated reach, added up.
    pub estimated_reach: i64,
}

/// The awareness activities charged to the report's grants, held in the period.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AwarenessFigures {
    /// By channel.
    pub by_channel: Vec<ActivityFigures>,
    /// By province.
    pub by_province: Vec<ActivityFigures>,
}

/// Every figure of a funding report, before suppression.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FundingFigures {
    /// Unique people assisted.
    pub people: i64,
    /// People by sex.
    pub by_sex: Breakdown,
    /// People by age group.
    pub by_age_group: Breakdown,
    /// People by citizenship.
    pub by_citizenship: Breakdown,
    /// People by province of their case.
    pub by_province: Breakdown,
    /// People by category.
    pub by_category: Breakdown,
    /// Services by type.
    pub services: Vec<ServiceFigures>,
    /// Returns of the people assisted, by direction.
    pub returns_by_direction: Breakdown,
    /// Returns of the people assisted, by status.
    pub returns_by_status: Breakdown,
    /// Referrals made in the period about the people assisted, by purpose.
    pub referrals_by_purpose: Breakdown,
    /// The same referrals by status.
    pub referrals_by_status: Breakdown,
    /// Spend per budget line.
    pub spend: Vec<SpendFigures>,
    /// Trainings and their participants.
    pub trainings: TrainingFigures,
    /// Awareness activities.
    pub awareness: AwarenessFigures,
    /// Legal proceedings on the cases of the people assisted, whatever their date, by
    /// current stage.
    pub proceedings_by_stage: Breakdown,
    /// The same proceedings by outcome (`None`: none yet).
    pub proceedings_by_outcome: Breakdown,
}

/// Legal proceedings under one law.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LawFigures {
    /// The law's code.
    pub law: String,
    /// Proceedings reported in the period.
    pub proceedings: i64,
    /// Those that ended in a conviction.
    pub convictions: i64,
}

/// Every figure of the national statistics report, before suppression.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatisticsFigures {
    /// Victims and presumed victims identified in the period.
    pub victims: i64,
    /// By province of their case.
    pub victims_by_province: Breakdown,
    /// By sex.
    pub victims_by_sex: Breakdown,
    /// By age group (`None`: not known).
    pub victims_by_age_group: Breakdown,
    /// By type of exploitation: a person may have suffered several, so these do not add
    /// up to the total.
    pub victims_by_exploitation: Breakdown,
    /// Referrals sent in the period (drafts are not referrals yet), by purpose.
    pub referrals_by_purpose: Breakdown,
    /// The same referrals by status.
    pub referrals_by_status: Breakdown,
    /// Legal proceedings reported in the period, by law.
    pub proceedings_by_law: Vec<LawFigures>,
    /// Trainings that began in the period.
    pub trainings: i64,
    /// Their participants: women.
    pub participants_female: i64,
    /// Their participants: men.
    pub participants_male: i64,
    /// Awareness activities held in the period, by channel.
    pub awareness_by_channel: Vec<ActivityFigures>,
}
