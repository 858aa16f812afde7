//! Assistance logged on a case: the services planned, delivered or cancelled, what they
//! cost and who provided them. The description may name people, so it is sealed like an
//! identity field. Every query names the case and its [`CaseScope`] in SQL.

use panah_domain::{
    Assistance, AssistanceId, AssistanceStatus, AssistanceType, AuditContext, AuditEvent,
    BudgetLineId, CaseId, Money, OrganizationId, ReturnId, UserId,
};
use sqlx::FromRow;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::audit::append_audit;
use crate::columns::parse;
use crate::crypto::FieldKeys;
use crate::idempotency::once_per_claim;
use crate::store::{on_backend, write_tx};
use crate::{CaseScope, Store, StoreError};

/// An assistance record to log.
#[derive(Debug, Clone)]
pub struct NewAssistance {
    /// The kind of service.
    pub assistance_type: AssistanceType,
    /// Where it stands.
    pub status: AssistanceStatus,
    /// When it was (or is to be) delivered.
    pub date: Date,
    /// Who provides it; the caller has checked that the organisation exists.
    pub provider_organization_id: Option<OrganizationId>,
    /// What it cost.
    pub cost: Option<Money>,
    /// A description, sealed before it is stored.
    pub description: Option<String>,
    /// The return whose reintegration plan it belongs to; the caller has checked that it
    /// is a return of the same case.
    pub return_id: Option<ReturnId>,
    /// The budget line it is charged to; the caller has checked currency and period.
    pub budget_line_id: Option<BudgetLineId>,
}

/// Changes to an assistance record; `None` leaves a field as it is. The caller has checked
/// the status change against the record at the version it read.
#[derive(Debug, Clone, Default)]
pub struct AssistanceChanges {
    /// New status.
    pub status: Option<AssistanceStatus>,
    /// New date.
    pub date: Option<Date>,
    /// New cost (`Some(None)` removes it).
    pub cost: Option<Option<Money>>,
    /// New description (`Some(None)` removes it).
    pub description: Option<Option<String>>,
    /// New budget line (`Some(None)` uncharges it); the caller has checked it.
    pub budget_line_id: Option<Option<BudgetLineId>>,
}

impl AssistanceChanges {
    /// The names of the fields that change, for the audit entry.
    fn names(&self) -> Vec<&'static str> {
        [
            ("status", self.status.is_some()),
            ("date", self.date.is_some()),
            ("cost", self.cost.is_some()),
            ("description", self.description.is_some()),
            ("budget_line_id", self.budget_line_id.is_some()),
        ]
        .iter()
        .filter(|(_, set)| *set)
        .map(|(name, _)| *name)
        .collect()
    }
}

const ASSISTANCE_COLUMNS: &str = "assistance.id, assistance.case_id, assistance.assistance_type, \
    assistance.status, assistance.date, assistance.provider_organization_id, \
    assistance.cost_amount_minor, assistance.cost_currency, assistance.description, \
    assistance.recorded_by, assistance.return_id, assistance.budget_line_id, assistance.version, \
    assistance.created_at, assistance.updated_at";

#[derive(FromRow)]
struct AssistanceRow {
    id: Uuid,
    case_id: Uuid,
    assistance_type: String,
    status: String,
    date: Date,
    provider_organization_id: Option<Uuid>,
    cost_amount_minor: Option<i64>,
    cost_currency: Option<String>,
    description: Option<Vec<u8>>,
    recorded_by: Uuid,
    return_id: Option<Uuid>,
    budget_line_id: Option<Uuid>,
    version: i64,
    created_at: OffsetDateTime,
    updated_at: OffsetDateTime,
}

impl AssistanceRow {
    fn assistance(&self, keys: &FieldKeys) -> Result<Assistance, StoreError> {
        let cost = match (self.cost_amount_minor, self.cost_currency.as_deref()) {
            (Some(amount_minor), Some(currency)) => Some(Money {
                amount_minor,
                currency: parse(currency, "assistance.cost_currency")?,
            }),
            (None, None) => None,
            _ => {
                return Err(StoreError::Corrupt {
                    column: "assistance.cost_currency",
                });
            }
        };
        Ok(Assistance {
            id: AssistanceId(self.id),
            case_id: CaseId(self.case_id),
            assistance_type: parse(&self.assistance_type, "assistance.assistance_type")?,
            status: parse(&self.status, "assistance.status")?,
            date: self.date,
            provider_organization_id: self.provider_organization_id.map(OrganizationId),
            cost,
            description: self
                .description
                .as_deref()
                .map(|sealed| keys.open("assistance", "description", self.id, sealed))
                .transpose()?,
            recorded_by: UserId(self.recorded_by),
            return_id: self.return_id.map(ReturnId),
            budget_line_id: self.budget_line_id.map(BudgetLineId),
            version: self.version,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

/// Inside the write transaction `$tx`, after the record `$id` of `$table` (assistance by
/// default; also trainings and awareness activities, whose charge date is `$date`) is
/// written: refuses (and so rolls back) a charge whose cost is not in its grant's
/// currency or whose date is outside the grant's period. The API checks this before
/// writing; this check holds it against a grant changed meanwhile. On PostgreSQL the
/// grant's row is locked first, so a change to its period either waits for this write
/// (and then sees the cost) or is seen by it. SQLite's writers take turns.
macro_rules! check_charge_in_tx {
    ($store:expr, $tx:ident, $id:expr) => {
        $crate::assistance::check_charge_in_tx!($store, $tx, $id, "assistance", "date")
    };
    ($store:expr, $tx:ident, $id:expr, $table:literal, $date:literal) => {{
        if $store.kind() == $crate::BackendKind::Postgres {
            sqlx::query(concat!(
                "SELECT g.id FROM grants g WHERE g.id = (SELECT l.grant_id FROM budget_lines l \
                 JOIN ",
                $table,
                " a ON a.budget_line_id = l.id WHERE a.id = $1) FOR SHARE"
            ))
            .bind($id)
            .fetch_optional(&mut *$tx)
            .await?;
        }
        let outside: Option<i32> = sqlx::query_scalar(concat!(
            "SELECT 1 FROM ",
            $table,
            " a JOIN budget_lines l ON l.id = a.budget_line_id \
             JOIN grants g ON g.id = l.grant_id WHERE a.id = $1 \
             AND (a.cost_currency IS DISTINCT FROM g.currency OR a.",
            $date,
            " < g.starts_on OR a.",
            $date,
            " > g.ends_on)"
        ))
        .bind($id)
        .fetch_optional(&mut *$tx)
        .await?;
        if outside.is_some() {
            return Err(StoreError::Conflict("charge_outside_grant"));
        }
    }};
}
pub(crate) use check_charge_in_tx;

impl Store {
    /// Logs assistance on the case, if the case is in `scope` (else
    /// [`StoreError::NotFound`]), sealing its description, and audits it naming the record
    /// and the case.
    pub async fn create_assistance(
        &self,
        case_id: CaseId,
        scope: CaseScope,
        new: &NewAssistance,
        context: &AuditContext,
    ) -> Result<Assistance, StoreError> {
        let keys = self.keys()?;
        let id = AssistanceId(Uuid::now_v7());
        let description = new
            .description
            .as_deref()
            .map(|text| keys.seal("assistance", "description", id.0, text))
            .transpose()?;
        let event = AuditEvent::success("assistance.create", "assistance", id.0)
            .with_details(serde_json::json!({ "case_id": case_id }).to_string());
        let row: AssistanceRow = write_tx!(self, |tx| {
            let created = once_per_claim!(tx, context, id.0, {
                // Inserting from the scoped case row makes the scope and the write one statement.
                let inserted = sqlx::query(
                    "INSERT INTO assistance (id, case_id, assistance_type, status, date, \
                 provider_organization_id, cost_amount_minor, cost_currency, key_version, \
                 description, recorded_by, return_id, budget_line_id, version, created_at, \
                 updated_at) \
                 SELECT $1, cases.id, $3, $4, $5, $6, $7, $8, $9, $10, $11, $14, $15, 1, $12, $12 \
                 FROM cases WHERE cases.id = $2 AND ($13 IS NULL OR cases.assigned_to = $13) \
                 AND ($14 IS NULL OR EXISTS (SELECT 1 FROM returns \
                   WHERE returns.id = $14 AND returns.case_id = cases.id))",
                )
                .bind(id.0)
                .bind(case_id.0)
                .bind(new.assistance_type.as_str())
                .bind(new.status.as_str())
                .bind(new.date)
                .bind(new.provider_organization_id.map(|o| o.0))
                .bind(new.cost.map(|m| m.amount_minor))
                .bind(new.cost.map(|m| m.currency.as_str()))
                .bind(i64::from(keys.current_version()))
                .bind(&description)
                // Without a signed-in actor this is NULL, which `recorded_by NOT NULL` refuses.
                .bind(context.actor_id.map(|user| user.0))
                .bind(context.at)
                .bind(scope.assignee())
                .bind(new.return_id.map(|r| r.0))
                .bind(new.budget_line_id.map(|l| l.0))
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if inserted == 0 {
                    return Err(StoreError::NotFound);
                }
                check_charge_in_tx!(self, tx, id.0);
                append_audit!(self, tx, context, &event);
            });
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {ASSISTANCE_COLUMNS} FROM assistance WHERE assistance.id = $1"
            )))
            .bind(created)
            .fetch_one(&mut *tx)
            .await?
        });
        row.assistance(keys)
    }

    /// Assistance logged on the case in the order it was logged, after the record `after`
    /// (the cursor), at most `limit`; `None` when the case is not in `scope`.
    pub async fn list_assistance(
        &self,
        case_id: CaseId,
        scope: CaseScope,
        after: Option<AssistanceId>,
        limit: u32,
    ) -> Result<Option<Vec<Assistance>>, StoreError> {
        let keys = self.keys()?;
        if !self.case_in_scope(case_id, scope).await? {
            return Ok(None);
        }
        let rows: Vec<AssistanceRow> = on_backend!(self, |pool| {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {ASSISTANCE_COLUMNS} FROM assistance \
                 JOIN cases ON cases.id = assistance.case_id \
                 WHERE assistance.case_id = $1 AND ($2 IS NULL OR cases.assigned_to = $2) \
                   AND ($3 IS NULL OR assistance.id > $3) \
                 ORDER BY assistance.id LIMIT $4"
            )))
            .bind(case_id.0)
            .bind(scope.assignee())
            .bind(after.map(|a| a.0))
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await
        })?;
        rows.iter()
            .map(|row| row.assistance(keys))
            .collect::<Result<_, _>>()
            .map(Some)
    }

    /// One assistance record of the case, if the case is in `scope`.
    pub async fn get_assistance(
        &self,
        case_id: CaseId,
        id: AssistanceId,
        scope: CaseScope,
    ) -> Result<Option<Assistance>, StoreError> {
        let keys = self.keys()?;
        let row: Option<AssistanceRow> = on_backend!(self, |pool| {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {ASSISTANCE_COLUMNS} FROM assistance \
                 JOIN cases ON cases.id = assistance.case_id \
                 WHERE assistance.id = $1 AND assistance.case_id = $2 \
                   AND ($3 IS NULL OR cases.assigned_to = $3)"
            )))
            .bind(id.0)
            .bind(case_id.0)
            .bind(scope.assignee())
            .fetch_optional(pool)
            .await
        })?;
        row.map(|row| row.assistance(keys)).transpose()
    }

    /// Applies `changes` if the record's case is in `scope` and the record is still at
    /// `expected_version` — both decided by the `UPDATE` itself, so of two concurrent
    /// changes from the same version exactly one succeeds and the other gets
    /// [`StoreError::VersionMismatch`]. Audits which fields changed, never their values.
    pub async fn update_assistance(
        &self,
        case_id: CaseId,
        id: AssistanceId,
        scope: CaseScope,
        expected_version: i64,
        changes: &AssistanceChanges,
        context: &AuditContext,
    ) -> Result<Assistance, StoreError> {
        let keys = self.keys()?;
        let description = changes
            .description
            .as_ref()
            .map(|text| {
                text.as_deref()
                    .map(|text| keys.seal("assistance", "description", id.0, text))
                    .transpose()
            })
            .transpose()?;
        let cost = changes.cost;
        let event = AuditEvent::success("assistance.update", "assistance", id.0).with_details(
            serde_json::json!({ "case_id": case_id, "changed": changes.names() }).to_string(),
        );
        let row: AssistanceRow = write_tx!(self, |tx| {
            let updated = sqlx::query(
                "UPDATE assistance SET \
                   status = COALESCE($5, status), \
                   date = COALESCE($6, assistance.date), \
                   cost_amount_minor = CASE WHEN $7 THEN $8 ELSE cost_amount_minor END, \
                   cost_currency = CASE WHEN $7 THEN $9 ELSE cost_currency END, \
                   description = CASE WHEN $10 THEN $11 ELSE description END, \
                   key_version = CASE WHEN $10 THEN $12 ELSE key_version END, \
                   budget_line_id = CASE WHEN $14 THEN $15 ELSE budget_line_id END, \
                   version = version + 1, updated_at = $13 \
                 WHERE id = $1 AND case_id = $2 AND version = $3 \
                   AND EXISTS (SELECT 1 FROM cases WHERE cases.id = $2 \
                               AND ($4 IS NULL OR cases.assigned_to = $4))",
            )
            .bind(id.0)
            .bind(case_id.0)
            .bind(expected_version)
            .bind(scope.assignee())
            .bind(changes.status.map(|s| s.as_str()))
            .bind(changes.date)
            .bind(cost.is_some())
            .bind(cost.flatten().map(|m| m.amount_minor))
            .bind(cost.flatten().map(|m| m.currency.as_str()))
            .bind(description.is_some())
            .bind(description.clone().flatten())
            .bind(i64::from(keys.current_version()))
            .bind(context.at)
            .bind(changes.budget_line_id.is_some())
            .bind(changes.budget_line_id.flatten().map(|l| l.0))
            .execute(&mut *tx)
            .await?
            .rows_affected();
            let row: Option<AssistanceRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {ASSISTANCE_COLUMNS} FROM assistance \
                 JOIN cases ON cases.id = assistance.case_id \
                 WHERE assistance.id = $1 AND assistance.case_id = $2 \
                   AND ($3 IS NULL OR cases.assigned_to = $3)"
            )))
            .bind(id.0)
            .bind(case_id.0)
            .bind(scope.assignee())
            .fetch_optional(&mut *tx)
            .await?;
            // Nothing updated: either the record is not there for this caller, or another
            // change came first.
            let Some(row) = row else {
                return Err(StoreError::NotFound);
            };
            if updated == 0 {
                return Err(StoreError::VersionMismatch);
            }
            check_charge_in_tx!(self, tx, id.0);
            append_audit!(self, tx, context, &event);
            row
        });
        row.assistance(keys)
    }

    /// The reintegration plan of a return: the assistance linked to it, by date. The
    /// caller has checked that the return is in scope.
    pub async fn return_plan(&self, return_id: ReturnId) -> Result<Vec<Assistance>, StoreError> {
        let keys = self.keys()?;
        let rows: Vec<AssistanceRow> = on_backend!(self, |pool| {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {ASSISTANCE_COLUMNS} FROM assistance WHERE assistance.return_id = $1 \
                 ORDER BY assistance.date, assistance.id"
            )))
            .bind(return_id.0)
            .fetch_all(pool)
            .await
        })?;
        rows.iter().map(|row| row.assistance(keys)).collect()
    }
}
