//! Grants: a donor's funding agreement, with the budget lines that assistance is charged to.

use std::fmt;

use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::{Currency, OrganizationId};

/// The identifier of a grant.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct GrantId(pub Uuid);

impl fmt::Display for GrantId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// The identifier of a budget line.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct BudgetLineId(pub Uuid);

/// The longest grant or budget-line code, in characters.
pub const MAX_CODE_CHARS: usize = 40;

/// Whether `code` is a valid grant or budget-line code: 1 to 40 ASCII letters, digits,
/// `-`, `_` or `.`. Codes appear in file names and spreadsheet cells, so nothing else.
pub fn is_valid_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= MAX_CODE_CHARS
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// One line of a grant's budget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetLine {
    /// Identifier.
    pub id: BudgetLineId,
    /// Code, unique within the grant (such as `DA`).
    pub code: String,
    /// Name (such as "Direct assistance").
    pub name: String,
    /// Amount budgeted, in minor units of the grant's currency.
    pub amount_minor: i64,
}

/// A budget line as whoever charges costs to it sees it: which line of which grant, in
/// what currency and for which period — no amounts and no spend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChargeableLine {
    /// The line.
    pub id: BudgetLineId,
    /// Its code within the grant.
    pub code: String,
    /// Its name.
    pub name: String,
    /// The grant.
    pub grant_id: GrantId,
    /// The grant's code.
    pub grant_code: String,
    /// The grant's title.
    pub grant_title: String,
    /// The currency every cost charged to it is in.
    pub currency: Currency,
    /// The first day a cost charged to it may be dated.
    pub starts_on: Date,
    /// The last day.
    pub ends_on: Date,
}

/// A donor's funding agreement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// Identifier.
    pub id: GrantId,
    /// Unique code (such as `US-CT-2026-01`).
    pub code: String,
    /// Title.
    pub title: String,
    /// The donor organisation.
    pub donor_organization_id: OrganizationId,
    /// The currency of its budget; every charged cost is in it.
    pub currency: Currency,
    /// First day of the period.
    pub starts_on: Date,
    /// Last day of the period.
    pub ends_on: Date,
    /// The budget lines, by code.
    pub budget_lines: Vec<BudgetLine>,
    /// Optimistic-concurrency version.
    pub version: i64,
    /// When it was created.
    pub created_at: OffsetDateTime,
    /// When it last changed.
    pub updated_at: OffsetDateTime,
}

impl Grant {
    /// The whole budget: the sum of the lines.
    pub fn total_minor(&self) -> i64 {
        self.budget_lines.iter().map(|line| line.amount_minor).sum()
    }

    /// Whether `date` falls in the grant's period (both ends included).
    pub fn covers(&self, date: Date) -> bool {
        self.starts_on <= date && date <= self.ends_on
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn codes_are_short_and_plain() {
        for good in ["DA", "US-CT-2026-01", "it_2026.a", &"A".repeat(40)] {
            assert!(is_valid_code(good), "{good}");
        }
        for bad in ["", " DA", "D A", "=SUM(A1)", "é", &"A".repeat(41)] {
            assert!(!is_valid_code(bad), "{bad}");
        }
    }

    #[test]
    fn the_period_includes_both_ends_and_the_total_sums_the_lines() {
        let line = |code: &str, amount_minor| BudgetLine {
            id: BudgetLineId(Uuid::nil()),
            code: code.into(),
            name: code.into(),
            amount_minor,
        };
        let grant = Grant {
            id: GrantId(Uuid::nil()),
            code: "G".into(),
            title: "T".into(),
            donor_organization_id: OrganizationId(Uuid::nil()),
            currency: "USD".parse().unwrap(),
            starts_on: date!(2026 - 01 - 01),
            ends_on: date!(2026 - 12 - 31),
            budget_lines: vec![line("DA", 5_000_000), line("RR", 250_050)],
            version: 1,
            created_at: OffsetDateTime::UNIX_EPOCH,
            updated_at: OffsetDateTime::UNIX_EPOCH,
        };
        assert_eq!(grant.total_minor(), 5_250_050);
        assert!(grant.covers(date!(2026 - 01 - 01)));
        assert!(grant.covers(date!(2026 - 12 - 31)));
        assert!(!grant.covers(date!(2025 - 12 - 31)));
        assert!(!grant.covers(date!(2027 - 01 - 01)));
    }
}
