//! What is due: planned assistance whose day has come, across the cases in a scope. A
//! read of plain columns only — no description, no cost — so nothing is opened.

use panah_domain::{AssistanceId, AssistanceType, CaseId, CaseNumber, UserId};
use sqlx::FromRow;
use time::Date;
use uuid::Uuid;

use crate::columns::parse;
use crate::store::on_backend;
use crate::{CaseScope, Store, StoreError};

/// A planned service dated on or before the day asked about: which one, of which case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueAssistance {
    /// The assistance record.
    pub id: AssistanceId,
    /// Its case.
    pub case_id: CaseId,
    /// The case's number, to name it in a list.
    pub case_number: CaseNumber,
    /// The kind of service.
    pub assistance_type: AssistanceType,
    /// The day it was planned for.
    pub date: Date,
}

#[derive(FromRow)]
struct DueRow {
    id: Uuid,
    case_id: Uuid,
    case_number: String,
    assistance_type: String,
    date: Date,
}

impl Store {
    /// Planned assistance dated `on` or earlier on the cases in `scope` (and, if given,
    /// assigned to `assigned_to`), the oldest first, at most `limit`.
    pub async fn assistance_due(
        &self,
        scope: CaseScope,
        assigned_to: Option<UserId>,
        on: Date,
        limit: u32,
    ) -> Result<Vec<DueAssistance>, StoreError> {
        let rows: Vec<DueRow> = on_backend!(self, |pool| {
            sqlx::query_as(
                "SELECT assistance.id, assistance.case_id, cases.case_number, \
                        assistance.assistance_type, assistance.date \
                 FROM assistance JOIN cases ON cases.id = assistance.case_id \
                 WHERE assistance.status = 'planned' AND assistance.date <= $1 \
                   AND ($2 IS NULL OR cases.assigned_to = $2) \
                   AND ($3 IS NULL OR cases.assigned_to = $3) \
                 ORDER BY assistance.date, assistance.id LIMIT $4",
            )
            .bind(on)
            .bind(scope.assignee())
            .bind(assigned_to.map(|user| user.0))
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await
        })?;
        rows.into_iter()
            .map(|row| {
                Ok(DueAssistance {
                    id: AssistanceId(row.id),
                    case_id: CaseId(row.case_id),
                    case_number: parse(&row.case_number, "cases.case_number")?,
                    assistance_type: parse(&row.assistance_type, "assistance.assistance_type")?,
                    date: row.date,
                })
            })
            .collect()
    }
}
