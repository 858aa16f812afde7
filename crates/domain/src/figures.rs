//! The raw figures of a funding report, as the store counts them. They are not for
//! anyone's eyes as they are: `panah-reports` suppresses small cells before a report
//! leaves.

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
    /// What they cost, in minor units of the grant's currency.
    pub cost_minor: i64,
}

/// One budget line's spend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpendFigures {
    /// Line code.
    pub code: String,
    /// Line name.
    pub name: String,
    /// Amount budgeted.
    pub budget_minor: i64,
    /// Delivered costs charged to it in the period.
    pub spent_minor: i64,
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
}
