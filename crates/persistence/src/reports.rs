//! The figures of a funding report, counted in SQL: one grouped query per breakdown,
//! never row by row in Rust. Only delivered assistance charged to the grant's budget lines
//! within the period counts, as a service, as spend, and to make a person "assisted".
//!
//! The figures are raw counts. Small-cell suppression is applied by the report built from
//! them (`panah-reports`), never here, so no figure leaves this module for a donor as is.

use panah_domain::GrantId;
use time::Date;

use crate::store::on_backend;
use crate::{Store, StoreError};

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

/// The delivered assistance charged to grant `$1` between `$2` and `$3` (inclusive).
const CHARGED: &str = "assistance a JOIN budget_lines l ON l.id = a.budget_line_id \
    WHERE l.grant_id = $1 AND a.status = 'delivered' AND a.date >= $2 AND a.date <= $3";

impl Store {
    /// The figures of the funding report of `grant` from `from` to `to`, inclusive.
    pub async fn funding_figures(
        &self,
        grant: GrantId,
        from: Date,
        to: Date,
    ) -> Result<FundingFigures, StoreError> {
        let people_sql = format!("SELECT DISTINCT a.case_id FROM {CHARGED}");
        let count_people = format!("SELECT COUNT(*) FROM ({people_sql}) p");
        let people: i64 = on_backend!(self, |pool| {
            sqlx::query_scalar(sqlx::AssertSqlSafe(count_people.clone()))
                .bind(grant.0)
                .bind(from)
                .bind(to)
                .fetch_one(pool)
                .await
        })?;
        let by_case = |column: &str| {
            format!(
                "SELECT c.{column}, COUNT(*) FROM ({people_sql}) p \
                 JOIN cases c ON c.id = p.case_id GROUP BY c.{column}"
            )
        };
        let by_sex = self.breakdown(&by_case("sex"), grant, from, to).await?;
        let by_age_group = self
            .breakdown(&by_case("age_group"), grant, from, to)
            .await?;
        let by_citizenship = self
            .breakdown(&by_case("citizenship"), grant, from, to)
            .await?;
        let by_province = self
            .breakdown(&by_case("province"), grant, from, to)
            .await?;
        let by_category = self
            .breakdown(&by_case("category"), grant, from, to)
            .await?;

        let services_sql = format!(
            "SELECT a.assistance_type, COUNT(*), COUNT(DISTINCT a.case_id), \
             COALESCE(SUM(a.cost_amount_minor), 0) FROM {CHARGED} \
             GROUP BY a.assistance_type ORDER BY a.assistance_type"
        );
        let services: Vec<(String, i64, i64, i64)> = on_backend!(self, |pool| {
            sqlx::query_as(sqlx::AssertSqlSafe(services_sql.clone()))
                .bind(grant.0)
                .bind(from)
                .bind(to)
                .fetch_all(pool)
                .await
        })?;

        let returns = |column: &str| {
            format!(
                "SELECT r.{column}, COUNT(*) FROM returns r \
                 WHERE r.case_id IN ({people_sql}) GROUP BY r.{column}"
            )
        };
        let returns_by_direction = self
            .breakdown(&returns("direction"), grant, from, to)
            .await?;
        let returns_by_status = self.breakdown(&returns("status"), grant, from, to).await?;
        // Referrals made in the period: created on or after `from` and before the day
        // after `to`, compared as timestamps so both backends agree.
        let referrals = |column: &str| {
            format!(
                "SELECT r.{column}, COUNT(*) FROM referrals r \
                 WHERE r.case_id IN ({people_sql}) AND r.created_at >= $4 AND r.created_at < $5 \
                 GROUP BY r.{column}"
            )
        };
        let period_start = from.midnight().assume_utc();
        let period_end = to.next_day().unwrap_or(Date::MAX).midnight().assume_utc();
        let mut referral_breakdowns = Vec::new();
        for column in ["purpose", "status"] {
            let sql = referrals(column);
            let rows: Breakdown = on_backend!(self, |pool| {
                sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
                    .bind(grant.0)
                    .bind(from)
                    .bind(to)
                    .bind(period_start)
                    .bind(period_end)
                    .fetch_all(pool)
                    .await
            })?;
            referral_breakdowns.push(rows);
        }
        let referrals_by_status = referral_breakdowns.pop().unwrap_or_default();
        let referrals_by_purpose = referral_breakdowns.pop().unwrap_or_default();

        let spend: Vec<(String, String, i64, i64)> = on_backend!(self, |pool| {
            sqlx::query_as(
                "SELECT l.code, l.name, l.amount_minor, COALESCE(SUM(a.cost_amount_minor), 0) \
                 FROM budget_lines l LEFT JOIN assistance a ON a.budget_line_id = l.id \
                   AND a.status = 'delivered' AND a.date >= $2 AND a.date <= $3 \
                 WHERE l.grant_id = $1 GROUP BY l.id, l.code, l.name, l.amount_minor \
                 ORDER BY l.code",
            )
            .bind(grant.0)
            .bind(from)
            .bind(to)
            .fetch_all(pool)
            .await
        })?;

        Ok(FundingFigures {
            people,
            by_sex,
            by_age_group,
            by_citizenship,
            by_province,
            by_category,
            services: services
                .into_iter()
                .map(
                    |(assistance_type, count, people, cost_minor)| ServiceFigures {
                        assistance_type,
                        count,
                        people,
                        cost_minor,
                    },
                )
                .collect(),
            returns_by_direction,
            returns_by_status,
            referrals_by_purpose,
            referrals_by_status,
            spend: spend
                .into_iter()
                .map(|(code, name, budget_minor, spent_minor)| SpendFigures {
                    code,
                    name,
                    budget_minor,
                    spent_minor,
                })
                .collect(),
        })
    }

    /// Runs a grouped count taking the grant and the period as `$1`–`$3`.
    async fn breakdown(
        &self,
        sql: &str,
        grant: GrantId,
        from: Date,
        to: Date,
    ) -> Result<Breakdown, StoreError> {
        let rows: Breakdown = on_backend!(self, |pool| {
            sqlx::query_as(sqlx::AssertSqlSafe(sql.to_owned()))
                .bind(grant.0)
                .bind(from)
                .bind(to)
                .fetch_all(pool)
                .await
        })?;
        Ok(rows)
    }
}
