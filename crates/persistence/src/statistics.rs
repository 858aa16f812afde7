//! The figures of the national statistics report, counted in SQL: one grouped query per
//! breakdown, in one read transaction. Raw counts: `panah-reports` suppresses them.
//!
//! Victims are the victims of trafficking and presumed victims identified in the period
//! (vulnerable migrants are assisted, not identified as victims); referrals those sent in
//! it (a draft is no referral yet), in the person's province; legal proceedings those
//! reported in it; trainings those that began in it, and awareness activities those held
//! in it. A province narrows every one of them.

use panah_domain::{ActivityFigures, Breakdown, LawFigures, Province, StatisticsFigures};
use time::Date;

use crate::store::Backend;
use crate::{Store, StoreError};

/// The victims counted, from case `c`: identified from `$1` to `$2`, in province `$3`
/// (every province when it is `NULL`).
const VICTIMS: &str = "c.category IN ('victim_of_trafficking', 'presumed_victim') \
    AND c.identified_on >= $1 AND c.identified_on <= $2 AND ($3 IS NULL OR c.province = $3)";

/// Each victim's types of exploitation, one row each, as `j.value`: each backend reads
/// the profile's JSON its own way.
const EXPLOITATION_SQLITE: &str = "cases c, json_each(c.trafficking, '$.exploitation_types') j";
const EXPLOITATION_POSTGRES: &str = "cases c CROSS JOIN LATERAL \
    jsonb_array_elements_text(CAST(c.trafficking AS jsonb) -> 'exploitation_types') AS j(value)";

/// Runs the report's queries inside the read transaction `$tx`.
macro_rules! statistics_in {
    ($tx:ident, $exploitation:expr, $from:expr, $to:expr, $start:expr, $end:expr, $province:expr) => {{
        let victims: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM cases c WHERE {VICTIMS}"
        )))
        .bind($from)
        .bind($to)
        .bind($province)
        .fetch_one(&mut *$tx)
        .await?;
        let mut breakdowns: Vec<Breakdown> = Vec::new();
        for column in ["province", "sex", "age_group"] {
            breakdowns.push(
                sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT c.{column}, COUNT(*) FROM cases c WHERE {VICTIMS} GROUP BY c.{column}"
                )))
                .bind($from)
                .bind($to)
                .bind($province)
                .fetch_all(&mut *$tx)
                .await?,
            );
        }
        breakdowns.push(
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT j.value, COUNT(DISTINCT c.id) FROM {} WHERE {VICTIMS} GROUP BY j.value",
                $exploitation
            )))
            .bind($from)
            .bind($to)
            .bind($province)
            .fetch_all(&mut *$tx)
            .await?,
        );
        // Referrals sent in the period: created on or after `from` and before the day
        // after `to`, compared as timestamps so both backends agree.
        for column in ["purpose", "status"] {
            breakdowns.push(
                sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT r.{column}, COUNT(*) FROM referrals r WHERE r.status <> 'draft' \
                     AND r.created_at >= $1 AND r.created_at < $2 \
                     AND ($3 IS NULL OR r.province = $3) GROUP BY r.{column}"
                )))
                .bind($start)
                .bind($end)
                .bind($province)
                .fetch_all(&mut *$tx)
                .await?,
            );
        }
        let laws: Vec<(String, i64, i64)> = sqlx::query_as(
            "SELECT p.law_code, COUNT(*), \
             CAST(SUM(CASE WHEN p.outcome = 'conviction' THEN 1 ELSE 0 END) AS BIGINT) \
             FROM legal_proceedings p WHERE p.reported_on >= $1 AND p.reported_on <= $2 \
             AND ($3 IS NULL OR p.province = $3) GROUP BY p.law_code ORDER BY p.law_code",
        )
        .bind($from)
        .bind($to)
        .bind($province)
        .fetch_all(&mut *$tx)
        .await?;
        let trainings: (i64, i64, i64) = sqlx::query_as(
            "SELECT COUNT(DISTINCT t.id), CAST(COALESCE(SUM(p.female), 0) AS BIGINT), \
             CAST(COALESCE(SUM(p.male), 0) AS BIGINT) \
             FROM trainings t LEFT JOIN training_participants p ON p.training_id = t.id \
             WHERE t.starts_on >= $1 AND t.starts_on <= $2 AND ($3 IS NULL OR t.province = $3)",
        )
        .bind($from)
        .bind($to)
        .bind($province)
        .fetch_one(&mut *$tx)
        .await?;
        let awareness: Vec<(String, i64, i64)> = sqlx::query_as(
            "SELECT x.channel, COUNT(*), CAST(SUM(x.estimated_reach) AS BIGINT) \
             FROM awareness_activities x WHERE x.date >= $1 AND x.date <= $2 \
             AND ($3 IS NULL OR x.province = $3) GROUP BY x.channel ORDER BY x.channel",
        )
        .bind($from)
        .bind($to)
        .bind($province)
        .fetch_all(&mut *$tx)
        .await?;
        (victims, breakdowns, laws, trainings, awareness)
    }};
}

impl Store {
    /// The figures of the national statistics report from `from` to `to`, inclusive, in
    /// `province` or in every province, read in one transaction so that they agree.
    pub async fn statistics_figures(
        &self,
        province: Option<Province>,
        from: Date,
        to: Date,
    ) -> Result<StatisticsFigures, StoreError> {
        let start = from.midnight().assume_utc();
        let end = to.next_day().unwrap_or(Date::MAX).midnight().assume_utc();
        let province = province.map(|p| p.code().to_owned());
        let (victims, mut breakdowns, laws, trainings, awareness) = match &self.backend {
            Backend::Sqlite(pool) => {
                let mut tx = pool.begin().await?;
                let figures =
                    statistics_in!(tx, EXPLOITATION_SQLITE, from, to, start, end, &province);
                tx.commit().await?;
                figures
            }
            Backend::Postgres(pool) => {
                let mut tx = pool.begin().await?;
                // One snapshot for every query, as the funding report's.
                sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                    .execute(&mut *tx)
                    .await?;
                let figures =
                    statistics_in!(tx, EXPLOITATION_POSTGRES, from, to, start, end, &province);
                tx.commit().await?;
                figures
            }
        };
        let mut next = || {
            if breakdowns.is_empty() {
                Vec::new()
            } else {
                breakdowns.remove(0)
            }
        };
        Ok(StatisticsFigures {
            victims,
            victims_by_province: next(),
            victims_by_sex: next(),
            victims_by_age_group: next(),
            victims_by_exploitation: next(),
            referrals_by_purpose: next(),
            referrals_by_status: next(),
            proceedings_by_law: laws
                .into_iter()
                .map(|(law, proceedings, convictions)| LawFigures {
                    law,
                    proceedings,
                    convictions,
                })
                .collect(),
            trainings: trainings.0,
            participants_female: trainings.1,
            participants_male: trainings.2,
            awareness_by_channel: awareness
                .into_iter()
                .map(|(value, activities, estimated_reach)| ActivityFigures {
                    value,
                    activities,
                    estimated_reach,
                })
                .collect(),
        })
    }
}
