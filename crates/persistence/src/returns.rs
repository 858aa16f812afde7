//! Voluntary returns, their history and monitoring visits. A return belongs to a case and
//! is in scope exactly when its case is: every query joins the case and filters by the
//! caller's [`CaseScope`] in SQL.
//!
//! Locking on PostgreSQL, where writers run side by side (SQLite's take turns): a consent
//! withdrawal locks the consent row, then the returns it cancels; a step or a visit locks
//! the return's row. Appending to the audit log never waits for another transaction (it
//! takes a free lane, see `audit.rs`), so it adds no lock to order.

use panah_domain::{
    AuditContext, AuditEvent, CaseId, ConsentId, ConsentKind, Country, MonitoringScores,
    MonitoringVisit, OrganizationId, Place, Province, ReturnCase, ReturnDirection, ReturnId,
    ReturnStatus, ReturnStep, Score, UserId, VisitId,
};
use sqlx::FromRow;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::audit::append_audit;
use crate::columns::{corrupt, parse};
use crate::consents::consents_in_tx;
use crate::idempotency::once_per_claim;
use crate::query::{Conditions, Param, fetch_with};
use crate::store::{on_backend, write_tx};
use crate::{CaseScope, FieldKeys, Store, StoreError};

/// A return to request.
#[derive(Debug, Clone)]
pub struct NewReturn {
    /// The case.
    pub case_id: CaseId,
    /// Direction.
    pub direction: ReturnDirection,
    /// Start of the journey.
    pub origin: Place,
    /// End of the journey.
    pub destination: Place,
    /// The cooperating state organisation.
    pub cooperating_organization_id: Option<OrganizationId>,
    /// Whether an escort is needed.
    pub escort_required: bool,
    /// Planned travel date.
    pub travel_date: Option<Date>,
    /// Needs for the journey and arrival.
    pub needs: Option<String>,
}

/// Filters of the return list; empty filters match everything.
#[derive(Debug, Clone, Default)]
pub struct ReturnFilter {
    /// Only this status.
    pub status: Option<ReturnStatus>,
    /// Only this direction.
    pub direction: Option<ReturnDirection>,
    /// Only returns to this country.
    pub destination_country: Option<Country>,
    /// Only returns whose Afghan end is in this province.
    pub province: Option<Province>,
    /// Only returns of this case.
    pub case_id: Option<CaseId>,
}

/// A monitoring visit to record.
#[derive(Debug, Clone)]
pub struct NewVisit {
    /// When it took place.
    pub visited_on: Date,
    /// The scores.
    pub scores: MonitoringScores,
    /// What was seen.
    pub notes: Option<String>,
}

const RETURN_COLUMNS: &str = "r.id, r.case_id, r.direction, r.status, r.origin_country, \
    r.origin_province, r.destination_country, r.destination_province, \
    r.cooperating_organization_id, r.escort_required, r.travel_date, r.consent_id, r.needs, \
    r.created_by, r.version, r.created_at, r.updated_at";

#[derive(FromRow)]
struct ReturnRow {
    id: Uuid,
    case_id: Uuid,
    direction: String,
    status: String,
    origin_country: String,
    origin_province: Option<String>,
    destination_country: String,
    destination_province: Option<String>,
    cooperating_organization_id: Option<Uuid>,
    escort_required: bool,
    travel_date: Option<Date>,
    consent_id: Uuid,
    needs: Option<Vec<u8>>,
    created_by: Uuid,
    version: i64,
    created_at: OffsetDateTime,
    updated_at: OffsetDateTime,
}

fn place(country: &str, province: &Option<String>) -> Result<Place, StoreError> {
    Ok(Place {
        country: parse(country, "returns.country")?,
        province: province
            .as_deref()
            .map(|p| parse(p, "returns.province"))
            .transpose()?,
    })
}

impl ReturnRow {
    /// The return; its needs opened only when `keys` are given.
    fn return_case(&self, keys: Option<&FieldKeys>) -> Result<ReturnCase, StoreError> {
        let needs = match (keys, &self.needs) {
            (Some(keys), Some(sealed)) => Some(keys.open("returns", "needs", self.id, sealed)?),
            _ => None,
        };
        Ok(ReturnCase {
            id: ReturnId(self.id),
            case_id: CaseId(self.case_id),
            direction: parse(&self.direction, "returns.direction")?,
            status: parse(&self.status, "returns.status")?,
            origin: place(&self.origin_country, &self.origin_province)?,
            destination: place(&self.destination_country, &self.destination_province)?,
            cooperating_organization_id: self.cooperating_organization_id.map(OrganizationId),
            escort_required: self.escort_required,
            travel_date: self.travel_date,
            needs,
            consent_id: ConsentId(self.consent_id),
            created_by: UserId(self.created_by),
            version: self.version,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

#[derive(FromRow)]
struct StepRow {
    id: Uuid,
    from_status: Option<String>,
    to_status: String,
    actor_id: Uuid,
    reason: Option<String>,
    comment: Option<Vec<u8>>,
    at: OffsetDateTime,
}

#[derive(FromRow)]
struct VisitRow {
    id: Uuid,
    return_id: Uuid,
    visited_on: Date,
    economic: f64,
    social: f64,
    psychosocial: f64,
    notes: Option<Vec<u8>>,
    recorded_by: Uuid,
    created_at: OffsetDateTime,
}

impl VisitRow {
    fn visit(&self, keys: &FieldKeys) -> Result<MonitoringVisit, StoreError> {
        let score =
            |value: f64| Score::new(value).map_err(|_| corrupt("monitoring_visits.score")());
        Ok(MonitoringVisit {
            id: VisitId(self.id),
            return_id: ReturnId(self.return_id),
            visited_on: self.visited_on,
            scores: MonitoringScores {
                economic: score(self.economic)?,
                social: score(self.social)?,
                psychosocial: score(self.psychosocial)?,
            },
            notes: self
                .notes
                .as_deref()
                .map(|n| keys.open("monitoring_visits", "notes", self.id, n))
                .transpose()?,
            recorded_by: UserId(self.recorded_by),
            created_at: self.created_at,
        })
    }
}

/// Appends one step to a return's history inside the transaction `$tx`. A macro because
/// each backend has its own transaction type.
macro_rules! append_step {
    ($tx:ident, $keys:expr, $return_id:expr, $from:expr, $to:expr, $reason:expr, $comment:expr, $context:expr) => {{
        let keys: &$crate::FieldKeys = $keys;
        let step_id = uuid::Uuid::now_v7();
        let comment: Option<&str> = $comment;
        let sealed = comment
            .map(|c| keys.seal("return_history", "comment", step_id, c))
            .transpose()?;
        let from: Option<panah_domain::ReturnStatus> = $from;
        let reason: Option<panah_domain::StepReason> = $reason;
        sqlx::query(
            "INSERT INTO return_history (id, return_id, from_status, to_status, actor_id, \
             reason, key_version, comment, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(step_id)
        .bind($return_id)
        .bind(from.map(|s| s.as_str()))
        .bind(panah_domain::ReturnStatus::as_str($to))
        .bind($context.actor_id.map(|u| u.0))
        .bind(reason.map(|r| r.as_str()))
        .bind(i64::from(keys.current_version()))
        .bind(&sealed)
        .bind($context.at)
        .execute(&mut *$tx)
        .await?;
    }};
}

/// Whether the return `$id` exists with its case in `$scope`, inside the transaction
/// `$tx`. A macro because each backend has its own transaction type.
macro_rules! return_in_scope {
    ($tx:ident, $id:expr, $scope:expr) => {{
        let scope: CaseScope = $scope;
        let found: Option<i32> = sqlx::query_scalar(
            "SELECT 1 FROM returns r JOIN cases c ON c.id = r.case_id \
             WHERE r.id = $1 AND ($2 IS NULL OR c.assigned_to = $2)",
        )
        .bind($id.0)
        .bind(scope.assignee())
        .fetch_optional(&mut *$tx)
        .await?;
        found.is_some()
    }};
}

impl Store {
    /// Requests a return for a case in `scope` (else [`StoreError::NotFound`]). It needs a
    /// `return` consent, not withdrawn, on the case (else [`StoreError::ConsentRequired`]),
    /// checked in the same transaction; the return records which consent it relies on.
    pub async fn create_return(
        &self,
        new: &NewReturn,
        scope: CaseScope,
        context: &AuditContext,
    ) -> Result<ReturnId, StoreError> {
        let keys = self.keys()?;
        let id = ReturnId(Uuid::now_v7());
        let needs = new
            .needs
            .as_deref()
            .map(|n| keys.seal("returns", "needs", id.0, n))
            .transpose()?;
        // The Afghan end of the journey; the route check guarantees it has a province.
        let afghan_end = match new.direction {
            ReturnDirection::ToAfghanistan => new.destination.province,
            ReturnDirection::FromAfghanistan => new.origin.province,
        }
        .ok_or(StoreError::Corrupt {
            column: "returns.province",
        })?;
        let event = AuditEvent::success("return.create", "return", id)
            .with_details(serde_json::json!({ "case_id": new.case_id }).to_string());
        let created = write_tx!(self, |tx| {
            once_per_claim!(tx, context, id.0, {
                let found: Option<i32> = sqlx::query_scalar(
                    "SELECT 1 FROM cases WHERE id = $1 AND ($2 IS NULL OR assigned_to = $2)",
                )
                .bind(new.case_id.0)
                .bind(scope.assignee())
                .fetch_optional(&mut *tx)
                .await?;
                if found.is_none() {
                    return Err(StoreError::NotFound);
                }
                let consents = consents_in_tx!(self, tx, new.case_id.0);
                let Some(consent) = consents.iter().find(|c| c.holds_for(ConsentKind::Return))
                else {
                    return Err(StoreError::ConsentRequired(vec![
                        panah_domain::ConsentNeed::of(ConsentKind::Return),
                    ]));
                };
                let consent = consent.id.0;
                sqlx::query(
                    "INSERT INTO returns (id, case_id, direction, status, origin_country, \
                 origin_province, destination_country, destination_province, province, \
                 cooperating_organization_id, escort_required, travel_date, consent_id, \
                 key_version, needs, created_by, version, created_at, updated_at) \
                 VALUES ($1, $2, $3, 'requested', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, \
                 $14, $15, 1, $16, $16)",
                )
                .bind(id.0)
                .bind(new.case_id.0)
                .bind(new.direction.as_str())
                .bind(new.origin.country.code())
                .bind(new.origin.province.map(|p| p.code()))
                .bind(new.destination.country.code())
                .bind(new.destination.province.map(|p| p.code()))
                .bind(afghan_end.code())
                .bind(new.cooperating_organization_id.map(|o| o.0))
                .bind(new.escort_required)
                .bind(new.travel_date)
                .bind(consent)
                .bind(i64::from(keys.current_version()))
                .bind(&needs)
                .bind(context.actor_id.map(|u| u.0))
                .bind(context.at)
                .execute(&mut *tx)
                .await?;
                append_step!(
                    tx,
                    keys,
                    id.0,
                    None,
                    ReturnStatus::Requested,
                    None,
                    None,
                    context
                );
                append_audit!(self, tx, context, &event);
            })
        });
        Ok(ReturnId(created))
    }

    /// The return, needs opened, if its case is in `scope`.
    pub async fn get_return(
        &self,
        id: ReturnId,
        scope: CaseScope,
    ) -> Result<Option<ReturnCase>, StoreError> {
        let keys = self.keys()?;
        let row: Option<ReturnRow> = on_backend!(self, |pool| {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {RETURN_COLUMNS} FROM returns r JOIN cases c ON c.id = r.case_id \
                 WHERE r.id = $1 AND ($2 IS NULL OR c.assigned_to = $2)"
            )))
            .bind(id.0)
            .bind(scope.assignee())
            .fetch_optional(pool)
            .await
        })?;
        row.map(|row| row.return_case(Some(keys))).transpose()
    }

    /// Returns in `scope` matching `filter`, newest first, after `before`, at most
    /// `limit`. Needs are not opened.
    pub async fn list_returns(
        &self,
        scope: CaseScope,
        filter: &ReturnFilter,
        before: Option<ReturnId>,
        limit: u32,
    ) -> Result<Vec<ReturnCase>, StoreError> {
        let mut conditions = Conditions::default();
        if let Some(user) = scope.assignee() {
            conditions.push("c.assigned_to =", Param::Id(user));
        }
        if let Some(status) = filter.status {
            conditions.push("r.status =", Param::Text(status.as_str()));
        }
        if let Some(direction) = filter.direction {
            conditions.push("r.direction =", Param::Text(direction.as_str()));
        }
        if let Some(country) = filter.destination_country {
            conditions.push(
                "r.destination_country =",
                Param::Owned(country.code().to_owned()),
            );
        }
        if let Some(province) = filter.province {
            conditions.push("r.province =", Param::Text(province.code()));
        }
        if let Some(case) = filter.case_id {
            conditions.push("r.case_id =", Param::Id(case.0));
        }
        if let Some(before) = before {
            conditions.push("r.id <", Param::Id(before.0));
        }
        let sql = format!(
            "SELECT {RETURN_COLUMNS} FROM returns r JOIN cases c ON c.id = r.case_id{} \
             ORDER BY r.id DESC LIMIT {limit}",
            conditions.where_clause()
        );
        let rows: Vec<ReturnRow> = fetch_with!(self, sql, conditions, fetch_all)?;
        rows.iter().map(|row| row.return_case(None)).collect()
    }

    /// The return's history, oldest first, comments opened.
    pub async fn return_history(&self, id: ReturnId) -> Result<Vec<ReturnStep>, StoreError> {
        let keys = self.keys()?;
        let rows: Vec<StepRow> = on_backend!(self, |pool| {
            sqlx::query_as(
                "SELECT id, from_status, to_status, actor_id, reason, comment, at \
                 FROM return_history WHERE return_id = $1 ORDER BY id",
            )
            .bind(id.0)
            .fetch_all(pool)
            .await
        })?;
        rows.iter()
            .map(|row| {
                Ok(ReturnStep {
                    from: row
                        .from_status
                        .as_deref()
                        .map(|s| parse(s, "return_history.from_status"))
                        .transpose()?,
                    to: parse(&row.to_status, "return_history.to_status")?,
                    actor: UserId(row.actor_id),
                    reason: row
                        .reason
                        .as_deref()
                        .map(|r| parse(r, "return_history.reason"))
                        .transpose()?,
                    comment: row
                        .comment
                        .as_deref()
                        .map(|c| keys.open("return_history", "comment", row.id, c))
                        .transpose()?,
                    at: row.at,
                })
            })
            .collect()
    }

    /// Moves the return, found in status `from`, to `to`: only if its case is in `scope`
    /// (else [`StoreError::NotFound`]) and it still is `from` (else
    /// [`StoreError::Conflict`]); the history gains the step and the audit log the
    /// transition. The caller has checked the move against the workflow.
    pub async fn transition_return(
        &self,
        id: ReturnId,
        scope: CaseScope,
        from: ReturnStatus,
        to: ReturnStatus,
        comment: Option<&str>,
        context: &AuditContext,
    ) -> Result<(), StoreError> {
        let keys = self.keys()?;
        let event = AuditEvent::success("return.transition", "return", id)
            .with_details(serde_json::json!({ "from": from, "to": to }).to_string());
        write_tx!(self, |tx| {
            // A refusal below rolls the entry back with the rest.
            append_audit!(self, tx, context, &event);
            if !return_in_scope!(tx, id, scope) {
                return Err(StoreError::NotFound);
            }
            let updated = sqlx::query(
                "UPDATE returns SET status = $3, version = version + 1, updated_at = $4 \
                 WHERE id = $1 AND status = $2",
            )
            .bind(id.0)
            .bind(from.as_str())
            .bind(to.as_str())
            .bind(context.at)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if updated == 0 {
                return Err(StoreError::Conflict("return_status"));
            }
            append_step!(tx, keys, id.0, Some(from), to, None, comment, context);
        });
        Ok(())
    }

    /// Records a monitoring visit on the return, if its case is in `scope` (else
    /// [`StoreError::NotFound`]) and it is still in a status that takes visits (else
    /// [`StoreError::Conflict`]): both checked in the same transaction.
    pub async fn record_visit(
        &self,
        return_id: ReturnId,
        scope: CaseScope,
        new: &NewVisit,
        context: &AuditContext,
    ) -> Result<MonitoringVisit, StoreError> {
        let keys = self.keys()?;
        let id = VisitId(Uuid::now_v7());
        let notes = new
            .notes
            .as_deref()
            .map(|n| keys.seal("monitoring_visits", "notes", id.0, n))
            .transpose()?;
        let event = AuditEvent::success("return.monitoring_visit", "return", return_id)
            .with_details(serde_json::json!({ "visit_id": id }).to_string());
        let taking: Vec<&str> = ReturnStatus::ALL
            .iter()
            .filter(|s| s.accepts_monitoring())
            .map(|s| s.as_str())
            .collect();
        let status_list = taking
            .iter()
            .map(|s| format!("'{s}'"))
            .collect::<Vec<_>>()
            .join(", ");
        let insert = format!(
            "INSERT INTO monitoring_visits (id, return_id, visited_on, economic, social, \
             psychosocial, key_version, notes, recorded_by, created_at) \
             SELECT $1, id, $3, $4, $5, $6, $7, $8, $9, $10 FROM returns \
             WHERE id = $2 AND status IN ({status_list})"
        );
        let row: VisitRow = write_tx!(self, |tx| {
            let created = once_per_claim!(tx, context, id.0, {
                append_audit!(self, tx, context, &event);
                // The return's row locked before its status is read: a step of the same
                // return, which locks it too, is then either committed before the status
                // is read below or waits until this visit is. Unlocked, a visit that saw
                // `monitoring` could be committed after the return was completed, changing
                // a completed return's scores. (SQLite's writers take turns: the lock is
                // PostgreSQL's.) The audit entry comes first, as in a step, so that the two
                // take their locks in the same order even when they wait for a lane.
                if self.kind() == crate::BackendKind::Postgres {
                    sqlx::query("SELECT 1 FROM returns WHERE id = $1 FOR UPDATE")
                        .bind(return_id.0)
                        .execute(&mut *tx)
                        .await?;
                }
                if !return_in_scope!(tx, return_id, scope) {
                    return Err(StoreError::NotFound);
                }
                let inserted = sqlx::query(sqlx::AssertSqlSafe(insert.as_str()))
                    .bind(id.0)
                    .bind(return_id.0)
                    .bind(new.visited_on)
                    .bind(new.scores.economic.value())
                    .bind(new.scores.social.value())
                    .bind(new.scores.psychosocial.value())
                    .bind(i64::from(keys.current_version()))
                    .bind(&notes)
                    .bind(context.actor_id.map(|u| u.0))
                    .bind(context.at)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                if inserted == 0 {
                    return Err(StoreError::Conflict("return_status"));
                }
            });
            sqlx::query_as(
                "SELECT id, return_id, visited_on, economic, social, psychosocial, notes, \
                 recorded_by, created_at FROM monitoring_visits WHERE id = $1",
            )
            .bind(created)
            .fetch_one(&mut *tx)
            .await?
        });
        row.visit(keys)
    }

    /// The return's monitoring visits, oldest first, notes opened.
    pub async fn list_visits(
        &self,
        return_id: ReturnId,
    ) -> Result<Vec<MonitoringVisit>, StoreError> {
        let keys = self.keys()?;
        let rows: Vec<VisitRow> = on_backend!(self, |pool| {
            sqlx::query_as(
                "SELECT id, return_id, visited_on, economic, social, psychosocial, notes, \
                 recorded_by, created_at FROM monitoring_visits WHERE return_id = $1 \
                 ORDER BY visited_on, id",
            )
            .bind(return_id.0)
            .fetch_all(pool)
            .await
        })?;
        rows.iter().map(|row| row.visit(keys)).collect()
    }
}

/// Inside the consent-withdrawal transaction: every return relying on the `return`
/// consent `$consent` that has not departed yet is cancelled, its history saying why. A
/// macro for the same reason as `append_step!`.
macro_rules! cancel_returns_for_consent {
    ($store:expr, $tx:ident, $keys:expr, $consent:expr, $context:expr) => {{
        let before_departure: Vec<&str> = panah_domain::ReturnStatus::ALL
            .iter()
            .filter(|s| s.is_before_departure())
            .map(|s| s.as_str())
            .collect();
        let affected: Vec<(uuid::Uuid, String)> =
            sqlx::query_as("SELECT id, status FROM returns WHERE consent_id = $1 ORDER BY id")
                .bind($consent)
                .fetch_all(&mut *$tx)
                .await?;
        for (return_id, status) in affected {
            // Cancelled only from the status read, so that the step recorded starts where
            // the return was. Should the return have moved on meanwhile (the lock order of
            // the module's documentation prevents it), its status is read again: statuses
            // only move forward, so this ends, and a return that has departed is left be.
            let mut status = status;
            let cancelled_from: Option<panah_domain::ReturnStatus> = loop {
                if !before_departure.contains(&status.as_str()) {
                    break None;
                }
                let from: panah_domain::ReturnStatus =
                    $crate::columns::parse(&status, "returns.status")?;
                let cancelled = sqlx::query(
                    "UPDATE returns SET status = 'cancelled', version = version + 1, \
                     updated_at = $2 WHERE id = $1 AND status = $3",
                )
                .bind(return_id)
                .bind($context.at)
                .bind(from.as_str())
                .execute(&mut *$tx)
                .await?
                .rows_affected();
                if cancelled == 1 {
                    break Some(from);
                }
                status = sqlx::query_scalar("SELECT status FROM returns WHERE id = $1")
                    .bind(return_id)
                    .fetch_one(&mut *$tx)
                    .await?;
            };
            let Some(from) = cancelled_from else {
                continue;
            };
            $crate::returns::append_step!(
                $tx,
                $keys,
                return_id,
                Some(from),
                panah_domain::ReturnStatus::Cancelled,
                Some(panah_domain::StepReason::ConsentWithdrawn),
                None,
                $context
            );
            $crate::audit::append_audit!(
                $store,
                $tx,
                $context,
                &panah_domain::AuditEvent::success("return.cancel", "return", return_id)
                    .with_details(
                        serde_json::json!({ "reason": "consent_withdrawn" }).to_string()
                    )
            );
        }
    }};
}
pub(crate) use {append_step, cancel_returns_for_consent};
