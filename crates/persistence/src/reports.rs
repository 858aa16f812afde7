//! The figures of a funding report, counted in SQL: one grouped query per breakdown,
//! never row by row in Rust. Only delivered assistance charged to the budget lines of the
//! report's grant (or of its donor's grants) within the period counts, as a service, as
//! spend, and to make a person "assisted"; trainings and awareness activities count when
//! they are charged to those lines and fall in the period.
//!
//! The figures are raw counts. Small-cell suppression is applied by the report built from
//! them (`panah-reports`), never here, so no figure leaves this module for a donor as is.

use panah_domain::{
    ActivityFigures, AwarenessFigures, Breakdown, FundingFigures, FundingScope, ServiceFigures,
    SpendFigures, TrainingFigures,
};
use time::Date;
use uuid::Uuid;

use crate::store::Backend;
use crate::{Store, StoreError};

/// The budget lines `l` a report counts, of grant `$1`, or of the grants of donor `$1`
/// whose period meets the report's (`$2` to `$3`). A charge always lies inside its grant's
/// period, so a donor's report needs no other bound per grant.
fn lines_of(scope: FundingScope) -> (&'static str, Uuid) {
    match scope {
        FundingScope::Grant(grant) => ("l.grant_id = $1", grant.0),
        FundingScope::Donor(donor) => (
            "l.grant_id IN (SELECT d.id FROM grants d WHERE d.donor_organization_id = $1 \
             AND d.starts_on <= $3 AND d.ends_on >= $2)",
            donor.0,
        ),
    }
}

/// The delivered assistance charged to the report's lines (`lines_of`) between `$2` and
/// `$3` (inclusive), with the grant `g` of each line.
///
/// Sums of money are cast to `BIGINT`: PostgreSQL's `SUM(bigint)` is `numeric`, which does
/// not decode as `i64` (SQLite's is an integer already).
fn charged(lines: &str) -> String {
    format!(
        "assistance a JOIN budget_lines l ON l.id = a.budget_line_id \
         JOIN grants g ON g.id = l.grant_id \
         WHERE {lines} AND a.status = 'delivered' AND a.date >= $2 AND a.date <= $3"
    )
}

/// The people assisted, with the characteristics the breakdowns count, gathered once per
/// report: every breakdown then groups this small table instead of going back over the
/// assistance. A temporary table lives on one connection and goes with it; it is emptied
/// first in case a report on the same connection stopped half-way.
const PEOPLE_TABLE_SQLITE: &str = "CREATE TEMP TABLE IF NOT EXISTS report_people (\
    case_id BLOB PRIMARY KEY, sex TEXT, age_group TEXT, citizenship TEXT, province TEXT, \
    category TEXT)";
const PEOPLE_TABLE_POSTGRES: &str = "CREATE TEMP TABLE IF NOT EXISTS report_people (\
    case_id uuid PRIMARY KEY, sex text, age_group text, citizenship text, province text, \
    category text)";

/// Runs the report's queries inside the read transaction `$tx`.
macro_rules! figures_in {
    ($tx:ident, $scope:expr, $from:expr, $to:expr, $start:expr, $end:expr) => {{
        let (lines, subject) = lines_of($scope);
        let charged = charged(lines);
        sqlx::query("DELETE FROM report_people")
            .execute(&mut *$tx)
            .await?;
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO report_people (case_id, sex, age_group, citizenship, province, \
             category) SELECT c.id, c.sex, c.age_group, c.citizenship, c.province, c.category \
             FROM cases c WHERE c.id IN (SELECT a.case_id FROM {charged})"
        )))
        .bind(subject)
        .bind($from)
        .bind($to)
        .execute(&mut *$tx)
        .await?;
        let people: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM report_people")
            .fetch_one(&mut *$tx)
            .await?;
        let mut people_breakdowns = Vec::new();
        for column in ["sex", "age_group", "citizenship", "province", "category"] {
            let rows: Breakdown = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {column}, COUNT(*) FROM report_people GROUP BY {column}"
            )))
            .fetch_all(&mut *$tx)
            .await?;
            people_breakdowns.push(rows);
        }
        let services: Vec<(String, i64, i64, i64, String)> =
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT a.assistance_type, COUNT(*), COUNT(DISTINCT a.case_id), \
                 CAST(COALESCE(SUM(a.cost_amount_minor), 0) AS BIGINT), g.currency \
                 FROM {charged} GROUP BY a.assistance_type, g.currency \
                 ORDER BY a.assistance_type, g.currency"
            )))
            .bind(subject)
            .bind($from)
            .bind($to)
            .fetch_all(&mut *$tx)
            .await?;
        let mut returns = Vec::new();
        for column in ["direction", "status"] {
            let rows: Breakdown = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT r.{column}, COUNT(*) FROM returns r \
                 WHERE r.case_id IN (SELECT case_id FROM report_people) GROUP BY r.{column}"
            )))
            .fetch_all(&mut *$tx)
            .await?;
            returns.push(rows);
        }
        // Referrals made in the period: created on or after `from` and before the day
        // after `to`, compared as timestamps so both backends agree.
        let mut referrals = Vec::new();
        for column in ["purpose", "status"] {
            let rows: Breakdown = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT r.{column}, COUNT(*) FROM referrals r \
                 WHERE r.case_id IN (SELECT case_id FROM report_people) \
                 AND r.created_at >= $1 AND r.created_at < $2 GROUP BY r.{column}"
            )))
            .bind($start)
            .bind($end)
            .fetch_all(&mut *$tx)
            .await?;
            referrals.push(rows);
        }
        let spend: Vec<(String, String, String, String, i64, i64)> =
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT g.code, g.currency, l.code, l.name, l.amount_minor, \
                 CAST(COALESCE(SUM(a.cost_amount_minor), 0) AS BIGINT) \
                 FROM budget_lines l JOIN grants g ON g.id = l.grant_id LEFT JOIN (\
                   SELECT budget_line_id, cost_amount_minor, date AS day FROM assistance \
                   WHERE status = 'delivered' \
                   UNION ALL SELECT budget_line_id, cost_amount_minor, starts_on FROM trainings \
                   UNION ALL SELECT budget_line_id, cost_amount_minor, date \
                   FROM awareness_activities) a ON a.budget_line_id = l.id \
                   AND a.day >= $2 AND a.day <= $3 \
                 WHERE {lines} GROUP BY l.id, g.code, g.currency, l.code, l.name, l.amount_minor \
                 ORDER BY g.code, l.code"
            )))
            .bind(subject)
            .bind($from)
            .bind($to)
            .fetch_all(&mut *$tx)
            .await?;
        // Trainings count on their first day, the day their cost is charged on.
        let trainings: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM trainings t JOIN budget_lines l ON l.id = t.budget_line_id \
             WHERE {lines} AND t.starts_on >= $2 AND t.starts_on <= $3"
        )))
        .bind(subject)
        .bind($from)
        .bind($to)
        .fetch_one(&mut *$tx)
        .await?;
        let participants: Vec<(String, i64, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT o.kind, CAST(SUM(p.female) AS BIGINT), CAST(SUM(p.male) AS BIGINT) \
             FROM training_participants p JOIN trainings t ON t.id = p.training_id \
             JOIN budget_lines l ON l.id = t.budget_line_id \
             JOIN organizations o ON o.id = p.organization_id \
             WHERE {lines} AND t.starts_on >= $2 AND t.starts_on <= $3 \
             GROUP BY o.kind ORDER BY o.kind"
        )))
        .bind(subject)
        .bind($from)
        .bind($to)
        .fetch_all(&mut *$tx)
        .await?;
        let mut awareness = Vec::new();
        for column in ["channel", "province"] {
            let rows: Vec<(String, i64, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT x.{column}, COUNT(*), CAST(SUM(x.estimated_reach) AS BIGINT) \
                 FROM awareness_activities x JOIN budget_lines l ON l.id = x.budget_line_id \
                 WHERE {lines} AND x.date >= $2 AND x.date <= $3 \
                 GROUP BY x.{column} ORDER BY x.{column}"
            )))
            .bind(subject)
            .bind($from)
            .bind($to)
            .fetch_all(&mut *$tx)
            .await?;
            awareness.push(rows);
        }
        let mut proceedings = Vec::new();
        for column in ["stage", "outcome"] {
            let rows: Breakdown = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT p.{column}, COUNT(*) FROM legal_proceedings p \
                 WHERE p.case_id IN (SELECT case_id FROM report_people) GROUP BY p.{column}"
            )))
            .fetch_all(&mut *$tx)
            .await?;
            proceedings.push(rows);
        }
        sqlx::query("DELETE FROM report_people")
            .execute(&mut *$tx)
            .await?;
        (
            people,
            people_breakdowns,
            services,
            returns,
            referrals,
            spend,
            (trainings, participants),
            awareness,
            proceedings,
        )
    }};
}

impl Store {
    /// The figures of the funding report of `scope` from `from` to `to`, inclusive, read
    /// in one transaction so that they agree with each other. A person assisted under
    /// several of a donor's grants counts once.
    pub async fn funding_figures(
        &self,
        scope: FundingScope,
        from: Date,
        to: Date,
    ) -> Result<FundingFigures, StoreError> {
        let period_start = from.midnight().assume_utc();
        let period_end = to.next_day().unwrap_or(Date::MAX).midnight().assume_utc();
        let (
            people,
            mut people_breakdowns,
            services,
            mut returns,
            mut referrals,
            spend,
            (events, participants),
            mut awareness,
            mut proceedings,
        ) = match &self.backend {
            Backend::Sqlite(pool) => {
                let mut tx = pool.begin().await?;
                sqlx::query(PEOPLE_TABLE_SQLITE).execute(&mut *tx).await?;
                let figures = figures_in!(tx, scope, from, to, period_start, period_end);
                tx.commit().await?;
                figures
            }
            Backend::Postgres(pool) => {
                let mut tx = pool.begin().await?;
                // One snapshot for every query, so that services logged meanwhile
                // cannot make the breakdowns disagree with the total. (SQLite's read
                // transaction is a snapshot already.)
                sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(PEOPLE_TABLE_POSTGRES).execute(&mut *tx).await?;
                let figures = figures_in!(tx, scope, from, to, period_start, period_end);
                tx.commit().await?;
                figures
            }
        };
        let next_rows = |rows: &mut Vec<Vec<(String, i64, i64)>>| {
            if rows.is_empty() {
                Vec::new()
            } else {
                rows.remove(0)
            }
        };
        let activities = |rows: Vec<(String, i64, i64)>| {
            rows.into_iter()
                .map(|(value, activities, estimated_reach)| ActivityFigures {
                    value,
                    activities,
                    estimated_reach,
                })
                .collect()
        };
        let next = |breakdowns: &mut Vec<Breakdown>| {
            if breakdowns.is_empty() {
                Vec::new()
            } else {
                breakdowns.remove(0)
            }
        };
        Ok(FundingFigures {
            people,
            by_sex: next(&mut people_breakdowns),
            by_age_group: next(&mut people_breakdowns),
            by_citizenship: next(&mut people_breakdowns),
            by_province: next(&mut people_breakdowns),
            by_category: next(&mut people_breakdowns),
            services: services
                .into_iter()
                .map(
                    |(assistance_type, count, people, cost_minor, currency)| ServiceFigures {
                        assistance_type,
                        count,
                        people,
                        cost_minor,
                        currency,
                    },
                )
                .collect(),
            returns_by_direction: next(&mut returns),
            returns_by_status: next(&mut returns),
            referrals_by_purpose: next(&mut referrals),
            referrals_by_status: next(&mut referrals),
            spend: spend
                .into_iter()
                .map(
                    |(grant_code, currency, code, name, budget_minor, spent_minor)| SpendFigures {
                        grant_code,
                        currency,
                        code,
                        name,
                        budget_minor,
                        spent_minor,
                    },
                )
                .collect(),
            trainings: TrainingFigures {
                events,
                by_organization_kind: participants,
            },
            awareness: AwarenessFigures {
                by_channel: activities(next_rows(&mut awareness)),
                by_province: activities(next_rows(&mut awareness)),
            },
            proceedings_by_stage: next(&mut proceedings),
            proceedings_by_outcome: next(&mut proceedings),
        })
    }
}
