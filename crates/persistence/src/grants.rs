//! Grants and their budget lines. Not personal data: nothing here is sealed.

use panah_domain::{
    AuditContext, AuditEvent, BudgetLine, BudgetLineId, ChargeableLine, Currency, Grant, GrantId,
    OrganizationId,
};
use sqlx::FromRow;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::audit::append_audit;
use crate::columns::parse;
use crate::idempotency::once_per_claim;
use crate::store::{map_conflict, on_backend, write_tx};
use crate::{Store, StoreError};

/// A budget line with its grant, as a charge sees it.
#[derive(FromRow)]
struct ChargeableRow {
    id: Uuid,
    code: String,
    name: String,
    grant_id: Uuid,
    grant_code: String,
    grant_title: String,
    currency: String,
    starts_on: Date,
    ends_on: Date,
}

/// A budget line to add, or to change when a line with its code exists.
#[derive(Debug, Clone)]
pub struct NewBudgetLine {
    /// Code, unique within the grant.
    pub code: String,
    /// Name.
    pub name: String,
    /// Amount in minor units of the grant's currency.
    pub amount_minor: i64,
}

/// A grant to create.
#[derive(Debug, Clone)]
pub struct NewGrant {
    /// Unique code.
    pub code: String,
    /// Title.
    pub title: String,
    /// The donor organisation; the caller has checked it is a donor.
    pub donor_organization_id: OrganizationId,
    /// Currency.
    pub currency: Currency,
    /// First day.
    pub starts_on: Date,
    /// Last day.
    pub ends_on: Date,
    /// Budget lines, with distinct codes.
    pub budget_lines: Vec<NewBudgetLine>,
}

/// Changes to a grant; `None` leaves a field as it is. Budget lines are matched by code:
/// a listed code changes that line, a new code adds one; lines are never removed, since
/// costs may be charged to them.
#[derive(Debug, Clone, Default)]
pub struct GrantChanges {
    /// New title.
    pub title: Option<String>,
    /// New first day.
    pub starts_on: Option<Date>,
    /// New last day.
    pub ends_on: Option<Date>,
    /// Lines to change or add.
    pub budget_lines: Vec<NewBudgetLine>,
}

impl GrantChanges {
    /// What [`Store::update_grant`] answers, as [`StoreError::Conflict`], when the new
    /// period would leave a charged cost outside it.
    pub const PERIOD_LEAVES_CHARGES: &'static str = "grants_period_keeps_charges";
}

/// The first and last dates of the costs charged to grant `$1`: assistance (any status),
/// trainings (on their first day) and awareness activities.
const CHARGED_DATES: &str = "SELECT MIN(d), MAX(d) FROM (\
    SELECT a.date AS d FROM assistance a \
    JOIN budget_lines l ON l.id = a.budget_line_id WHERE l.grant_id = $1 \
    UNION ALL SELECT t.starts_on FROM trainings t \
    JOIN budget_lines l ON l.id = t.budget_line_id WHERE l.grant_id = $1 \
    UNION ALL SELECT w.date FROM awareness_activities w \
    JOIN budget_lines l ON l.id = w.budget_line_id WHERE l.grant_id = $1) charged";

/// What each budget line of grant `$1` has spent: delivered assistance, trainings and
/// awareness activities charged to it, at any date (a charge always lies inside the
/// grant's period). The sum is cast to `BIGINT`, which PostgreSQL's `SUM(bigint)` is not.
const SPENT_BY_LINE: &str = "SELECT l.id, CAST(COALESCE(SUM(c.amount), 0) AS BIGINT) \
    FROM budget_lines l LEFT JOIN (\
    SELECT budget_line_id, cost_amount_minor AS amount FROM assistance \
    WHERE status = 'delivered' \
    UNION ALL SELECT budget_line_id, cost_amount_minor FROM trainings \
    UNION ALL SELECT budget_line_id, cost_amount_minor FROM awareness_activities\
    ) c ON c.budget_line_id = l.id WHERE l.grant_id = $1 GROUP BY l.id";

/// A budget line with what a charge to it must respect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChargeTarget {
    /// The line.
    pub line: BudgetLine,
    /// Its grant's currency.
    pub currency: Currency,
    /// Its grant's first day.
    pub starts_on: Date,
    /// Its grant's last day.
    pub ends_on: Date,
}

#[derive(FromRow)]
struct GrantRow {
    id: Uuid,
    code: String,
    title: String,
    donor_organization_id: Uuid,
    currency: String,
    starts_on: Date,
    ends_on: Date,
    version: i64,
    created_at: OffsetDateTime,
    updated_at: OffsetDateTime,
}

#[derive(FromRow)]
struct LineRow {
    id: Uuid,
    grant_id: Uuid,
    code: String,
    name: String,
    amount_minor: i64,
}

impl LineRow {
    fn line(&self) -> BudgetLine {
        BudgetLine {
            id: BudgetLineId(self.id),
            code: self.code.clone(),
            name: self.name.clone(),
            amount_minor: self.amount_minor,
        }
    }
}

const GRANT_COLUMNS: &str = "id, code, title, donor_organization_id, currency, starts_on, \
    ends_on, version, created_at, updated_at";

impl GrantRow {
    fn grant(&self, lines: &[LineRow]) -> Result<Grant, StoreError> {
        Ok(Grant {
            id: GrantId(self.id),
            code: self.code.clone(),
            title: self.title.clone(),
            donor_organization_id: OrganizationId(self.donor_organization_id),
            currency: parse(&self.currency, "grants.currency")?,
            starts_on: self.starts_on,
            ends_on: self.ends_on,
            budget_lines: lines
                .iter()
                .filter(|line| line.grant_id == self.id)
                .map(LineRow::line)
                .collect(),
            version: self.version,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

/// Inserts or updates budget lines of a grant inside the transaction `$tx`, by code.
macro_rules! upsert_lines {
    ($tx:ident, $grant:expr, $lines:expr) => {{
        let lines: &[NewBudgetLine] = $lines;
        for line in lines {
            sqlx::query(
                "INSERT INTO budget_lines (id, grant_id, code, name, amount_minor) \
                 VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (grant_id, code) DO UPDATE \
                 SET name = excluded.name, amount_minor = excluded.amount_minor",
            )
            .bind(Uuid::now_v7())
            .bind($grant)
            .bind(&line.code)
            .bind(&line.name)
            .bind(line.amount_minor)
            .execute(&mut *$tx)
            .await?;
        }
    }};
}

impl Store {
    /// Creates a grant with its lines and audits it; a code in use is
    /// [`StoreError::Conflict`] (`grants_code_key`).
    pub async fn create_grant(
        &self,
        new: &NewGrant,
        context: &AuditContext,
    ) -> Result<GrantId, StoreError> {
        let id = GrantId(Uuid::now_v7());
        let event = AuditEvent::success("grant.create", "grant", id);
        let created = write_tx!(self, |tx| {
            once_per_claim!(tx, context, id.0, {
                sqlx::query(
                    "INSERT INTO grants (id, code, title, donor_organization_id, currency, \
                 starts_on, ends_on, created_by, version, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $9)",
                )
                .bind(id.0)
                .bind(&new.code)
                .bind(&new.title)
                .bind(new.donor_organization_id.0)
                .bind(new.currency.as_str())
                .bind(new.starts_on)
                .bind(new.ends_on)
                .bind(context.actor_id.map(|u| u.0))
                .bind(context.at)
                .execute(&mut *tx)
                .await
                .map_err(map_conflict)?;
                upsert_lines!(tx, id.0, &new.budget_lines);
                append_audit!(self, tx, context, &event);
            })
        });
        Ok(GrantId(created))
    }

    /// The grant with its lines.
    pub async fn get_grant(&self, id: GrantId) -> Result<Option<Grant>, StoreError> {
        let row: Option<GrantRow> = on_backend!(self, |pool| {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {GRANT_COLUMNS} FROM grants WHERE id = $1"
            )))
            .bind(id.0)
            .fetch_optional(pool)
            .await
        })?;
        let Some(row) = row else {
            return Ok(None);
        };
        let lines = self.lines_of(&[row.id]).await?;
        row.grant(&lines).map(Some)
    }

    /// The grant with this code.
    pub async fn grant_by_code(&self, code: &str) -> Result<Option<Grant>, StoreError> {
        let id: Option<Uuid> = on_backend!(self, |pool| {
            sqlx::query_scalar("SELECT id FROM grants WHERE code = $1")
                .bind(code)
                .fetch_optional(pool)
                .await
        })?;
        match id {
            Some(id) => self.get_grant(GrantId(id)).await,
            None => Ok(None),
        }
    }

    /// Every grant of the donor organisation `donor`, by code.
    pub async fn grants_of_donor(&self, donor: OrganizationId) -> Result<Vec<Grant>, StoreError> {
        let rows: Vec<GrantRow> = on_backend!(self, |pool| {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {GRANT_COLUMNS} FROM grants WHERE donor_organization_id = $1 ORDER BY code"
            )))
            .bind(donor.0)
            .fetch_all(pool)
            .await
        })?;
        let ids: Vec<Uuid> = rows.iter().map(|row| row.id).collect();
        let lines = self.lines_of(&ids).await?;
        rows.iter().map(|row| row.grant(&lines)).collect()
    }

    /// Grants by code, after the code `after` (the cursor), at most `limit`.
    pub async fn list_grants(
        &self,
        after: Option<&str>,
        limit: u32,
    ) -> Result<Vec<Grant>, StoreError> {
        let rows: Vec<GrantRow> = on_backend!(self, |pool| {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {GRANT_COLUMNS} FROM grants WHERE ($1 IS NULL OR code > $1) \
                 ORDER BY code LIMIT $2"
            )))
            .bind(after)
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await
        })?;
        let ids: Vec<Uuid> = rows.iter().map(|row| row.id).collect();
        let lines = self.lines_of(&ids).await?;
        rows.iter().map(|row| row.grant(&lines)).collect()
    }

    /// The budget lines a cost dated `on` (any day when `None`) in `currency` (any when
    /// `None`) may be charged to, by grant code and line code, at most `limit`.
    pub async fn chargeable_lines(
        &self,
        on: Option<Date>,
        currency: Option<Currency>,
        limit: u32,
    ) -> Result<Vec<ChargeableLine>, StoreError> {
        let rows: Vec<ChargeableRow> = on_backend!(self, |pool| {
            sqlx::query_as(
                "SELECT l.id, l.code, l.name, g.id AS grant_id, g.code AS grant_code, \
                 g.title AS grant_title, g.currency, g.starts_on, g.ends_on \
                 FROM budget_lines l JOIN grants g ON g.id = l.grant_id \
                 WHERE ($1 IS NULL OR (g.starts_on <= $1 AND g.ends_on >= $1)) \
                   AND ($2 IS NULL OR g.currency = $2) \
                 ORDER BY g.code, l.code LIMIT $3",
            )
            .bind(on)
            .bind(currency.map(|c| c.as_str()))
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await
        })?;
        rows.into_iter()
            .map(|row| {
                Ok(ChargeableLine {
                    id: BudgetLineId(row.id),
                    code: row.code,
                    name: row.name,
                    grant_id: GrantId(row.grant_id),
                    grant_code: row.grant_code,
                    grant_title: row.grant_title,
                    currency: parse(&row.currency, "grants.currency")?,
                    starts_on: row.starts_on,
                    ends_on: row.ends_on,
                })
            })
            .collect()
    }

    async fn lines_of(&self, grants: &[Uuid]) -> Result<Vec<LineRow>, StoreError> {
        let mut lines = Vec::new();
        // One query per grant keeps the SQL the same on both backends; a page holds at
        // most 200 grants and a grant a handful of lines.
        for grant in grants {
            let rows: Vec<LineRow> = on_backend!(self, |pool| {
                sqlx::query_as(
                    "SELECT id, grant_id, code, name, amount_minor FROM budget_lines \
                     WHERE grant_id = $1 ORDER BY code",
                )
                .bind(grant)
                .fetch_all(pool)
                .await
            })?;
            lines.extend(rows);
        }
        Ok(lines)
    }

    /// Applies `changes` if the grant is still at `expected_version`, and audits which
    /// fields changed. A period that would leave a charged cost outside it is
    /// [`StoreError::Conflict`] ([`GrantChanges::PERIOD_LEAVES_CHARGES`]), checked inside the
    /// write.
    pub async fn update_grant(
        &self,
        id: GrantId,
        expected_version: i64,
        changes: &GrantChanges,
        context: &AuditContext,
    ) -> Result<(), StoreError> {
        let changed: Vec<&str> = [
            ("title", changes.title.is_some()),
            ("starts_on", changes.starts_on.is_some()),
            ("ends_on", changes.ends_on.is_some()),
            ("budget_lines", !changes.budget_lines.is_empty()),
        ]
        .iter()
        .filter(|(_, set)| *set)
        .map(|(name, _)| *name)
        .collect();
        let event = AuditEvent::success("grant.update", "grant", id)
            .with_details(serde_json::json!({ "changed": changed }).to_string());
        write_tx!(self, |tx| {
            let updated = sqlx::query(
                "UPDATE grants SET title = COALESCE($3, title), \
                 starts_on = COALESCE($4, starts_on), ends_on = COALESCE($5, ends_on), \
                 version = version + 1, updated_at = $6 WHERE id = $1 AND version = $2",
            )
            .bind(id.0)
            .bind(expected_version)
            .bind(&changes.title)
            .bind(changes.starts_on)
            .bind(changes.ends_on)
            .bind(context.at)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if updated == 0 {
                return Err(StoreError::VersionMismatch);
            }
            // Checked again here, with the grant's row written (locked on PostgreSQL, the
            // write turn held on SQLite): a cost charged after the caller's own check must
            // not end up outside the new period.
            let (first, last): (Option<Date>, Option<Date>) = sqlx::query_as(CHARGED_DATES)
                .bind(id.0)
                .fetch_one(&mut *tx)
                .await?;
            let (starts_on, ends_on): (Date, Date) =
                sqlx::query_as("SELECT starts_on, ends_on FROM grants WHERE id = $1")
                    .bind(id.0)
                    .fetch_one(&mut *tx)
                    .await?;
            if first.is_some_and(|first| first < starts_on)
                || last.is_some_and(|last| last > ends_on)
            {
                return Err(StoreError::Conflict(GrantChanges::PERIOD_LEAVES_CHARGES));
            }
            upsert_lines!(tx, id.0, &changes.budget_lines);
            append_audit!(self, tx, context, &event);
        });
        Ok(())
    }

    /// The budget line with its grant's currency and period, for checking a charge.
    pub async fn charge_target(
        &self,
        line: BudgetLineId,
    ) -> Result<Option<ChargeTarget>, StoreError> {
        #[derive(FromRow)]
        struct TargetRow {
            id: Uuid,
            grant_id: Uuid,
            code: String,
            name: String,
            amount_minor: i64,
            currency: String,
            starts_on: Date,
            ends_on: Date,
        }
        let row: Option<TargetRow> = on_backend!(self, |pool| {
            sqlx::query_as(
                "SELECT l.id, l.grant_id, l.code, l.name, l.amount_minor, g.currency, \
                 g.starts_on, g.ends_on FROM budget_lines l JOIN grants g ON g.id = l.grant_id \
                 WHERE l.id = $1",
            )
            .bind(line.0)
            .fetch_optional(pool)
            .await
        })?;
        row.map(|row| {
            Ok(ChargeTarget {
                line: LineRow {
                    id: row.id,
                    grant_id: row.grant_id,
                    code: row.code,
                    name: row.name,
                    amount_minor: row.amount_minor,
                }
                .line(),
                currency: parse(&row.currency, "grants.currency")?,
                starts_on: row.starts_on,
                ends_on: row.ends_on,
            })
        })
        .transpose()
    }

    /// The earliest and latest dates of costs charged to the grant, to keep its period
    /// around them.
    pub async fn charged_dates(&self, id: GrantId) -> Result<Option<(Date, Date)>, StoreError> {
        let row: (Option<Date>, Option<Date>) = on_backend!(self, |pool| {
            sqlx::query_as(CHARGED_DATES)
                .bind(id.0)
                .fetch_one(pool)
                .await
        })?;
        Ok(row.0.zip(row.1))
    }

    /// What each budget line of the grant has spent so far, in minor units of its currency.
    pub async fn spent_by_line(&self, id: GrantId) -> Result<Vec<(BudgetLineId, i64)>, StoreError> {
        let rows: Vec<(Uuid, i64)> = on_backend!(self, |pool| {
            sqlx::query_as(SPENT_BY_LINE)
                .bind(id.0)
                .fetch_all(pool)
                .await
        })?;
        Ok(rows
            .into_iter()
            .map(|(line, spent)| (BudgetLineId(line), spent))
            .collect())
    }
}
