//! A case's consents: recorded, listed as a history, and withdrawn by dating the
//! withdrawal, never by deleting. Every query names the case and its [`CaseScope`] in SQL,
//! so a consent of a case outside the caller's scope is never read or written.

use panah_domain::{
    AuditContext, AuditEvent, CaseId, Consent, ConsentId, ConsentKind, ConsentMethod, GivenBy,
    OrganizationKind, UserId,
};
use sqlx::FromRow;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::audit::append_audit;
use crate::columns::{corrupt, parse};
use crate::idempotency::once_per_claim;
use crate::referrals::remove_identity_for_consent;
use crate::returns::cancel_returns_for_consent;
use crate::store::{on_backend, write_tx};
use crate::{CaseScope, Store, StoreError};

/// A consent to record.
#[derive(Debug, Clone)]
pub struct NewConsent {
    /// What the person consented to.
    pub kind: ConsentKind,
    /// When.
    pub given_on: Date,
    /// For `data_sharing`: with which kinds of organisation; empty otherwise.
    pub organization_kinds: Vec<OrganizationKind>,
    /// Who gave it.
    pub given_by: GivenBy,
    /// How, when recorded.
    pub method: Option<ConsentMethod>,
    /// Whether an interpreter helped.
    pub interpreter_used: bool,
}

/// What withdrawing a consent did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Withdrawal {
    /// It is withdrawn now: the consent as it stands afterwards.
    Withdrawn(Consent),
    /// It had been withdrawn before; nothing changed.
    AlreadyWithdrawn,
    /// The date of withdrawal is before the consent was given; nothing changed.
    BeforeGiven,
}

pub(crate) const CONSENT_COLUMNS: &str = "consents.id, consents.case_id, consents.kind, consents.given_on, \
    consents.organization_kinds, consents.given_by, consents.guardian_relation, consents.method, \
    consents.interpreter_used, consents.recorded_by, consents.recorded_at, \
    consents.withdrawn_on, consents.withdrawn_by";

#[derive(FromRow)]
pub(crate) struct ConsentRow {
    id: Uuid,
    case_id: Uuid,
    kind: String,
    given_on: Date,
    organization_kinds: String,
    given_by: String,
    guardian_relation: Option<String>,
    method: Option<String>,
    interpreter_used: bool,
    recorded_by: Uuid,
    recorded_at: OffsetDateTime,
    withdrawn_on: Option<Date>,
    withdrawn_by: Option<Uuid>,
}

impl ConsentRow {
    pub(crate) fn consent(&self) -> Result<Consent, StoreError> {
        Ok(Consent {
            id: ConsentId(self.id),
            case_id: CaseId(self.case_id),
            kind: parse(&self.kind, "consents.kind")?,
            given_on: self.given_on,
            organization_kinds: self
                .organization_kinds
                .split_whitespace()
                .map(|kind| parse(kind, "consents.organization_kinds"))
                .collect::<Result<_, _>>()?,
            given_by: GivenBy::from_parts(
                parse(&self.given_by, "consents.given_by")?,
                self.guardian_relation
                    .as_deref()
                    .map(|relation| parse(relation, "consents.guardian_relation"))
                    .transpose()?,
            )
            .map_err(|_| corrupt("consents.guardian_relation")())?,
            method: self
                .method
                .as_deref()
                .map(|method| parse(method, "consents.method"))
                .transpose()?,
            interpreter_used: self.interpreter_used,
            recorded_by: UserId(self.recorded_by),
            recorded_at: self.recorded_at,
            withdrawn_on: self.withdrawn_on,
            withdrawn_by: self.withdrawn_by.map(UserId),
        })
    }
}

/// Every consent of the case `$case_id`, inside the write transaction `$tx`, for a change
/// that relies on one of them (the domain decides which holds: `Consent::shares_with`,
/// `Consent::holds_for`). On PostgreSQL the rows stay locked until the transaction ends,
/// so a withdrawal committing meanwhile either waits for the change (and then undoes what
/// relied on the consent) or is seen by it; SQLite's writers take turns. A macro because
/// each backend has its own transaction type.
macro_rules! consents_in_tx {
    ($store:expr, $tx:ident, $case_id:expr) => {{
        let lock = match $store.kind() {
            $crate::BackendKind::Sqlite => "",
            $crate::BackendKind::Postgres => " FOR SHARE",
        };
        let sql = format!(
            "SELECT {} FROM consents WHERE case_id = $1 ORDER BY id DESC{lock}",
            $crate::consents::CONSENT_COLUMNS
        );
        let rows: Vec<$crate::consents::ConsentRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind($case_id)
            .fetch_all(&mut *$tx)
            .await?;
        rows.iter()
            .map($crate::consents::ConsentRow::consent)
            .collect::<Result<Vec<panah_domain::Consent>, $crate::StoreError>>()?
    }};
}
pub(crate) use consents_in_tx;

/// The organisation kinds as the `organization_kinds` column holds them: sorted, without
/// repeats, separated by single spaces.
fn kinds_column(kinds: &[OrganizationKind]) -> String {
    let mut names: Vec<&str> = kinds.iter().map(|kind| kind.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    names.join(" ")
}

impl Store {
    /// Records a consent on the case, if the case is in `scope` (else
    /// [`StoreError::NotFound`]), and audits it naming the consent and the case.
    pub async fn record_consent(
        &self,
        case_id: CaseId,
        scope: CaseScope,
        new: &NewConsent,
        context: &AuditContext,
    ) -> Result<Consent, StoreError> {
        let id = ConsentId(Uuid::now_v7());
        let event = AuditEvent::success("consent.record", "consent", id.0)
            .with_details(serde_json::json!({ "case_id": case_id }).to_string());
        let row: ConsentRow = write_tx!(self, |tx| {
            let created = once_per_claim!(tx, context, id.0, {
                // Inserting from the scoped case row makes the scope and the write one statement.
                let inserted = sqlx::query(
                    "INSERT INTO consents (id, case_id, kind, given_on, organization_kinds, \
                 recorded_by, recorded_at, given_by, guardian_relation, method, \
                 interpreter_used) \
                 SELECT $1, cases.id, $3, $4, $5, $6, $7, $9, $10, $11, $12 FROM cases \
                 WHERE cases.id = $2 AND ($8 IS NULL OR cases.assigned_to = $8)",
                )
                .bind(id.0)
                .bind(case_id.0)
                .bind(new.kind.as_str())
                .bind(new.given_on)
                .bind(kinds_column(&new.organization_kinds))
                // A change without a signed-in actor binds NULL, which `recorded_by NOT NULL`
                // refuses: consents are always recorded by someone.
                .bind(context.actor_id.map(|user| user.0))
                .bind(context.at)
                .bind(scope.assignee())
                .bind(new.given_by.giver().as_str())
                .bind(new.given_by.relation().map(|r| r.as_str()))
                .bind(new.method.map(|m| m.as_str()))
                .bind(new.interpreter_used)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if inserted == 0 {
                    return Err(StoreError::NotFound);
                }
                append_audit!(self, tx, context, &event);
            });
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {CONSENT_COLUMNS} FROM consents WHERE consents.id = $1"
            )))
            .bind(created)
            .fetch_one(&mut *tx)
            .await?
        });
        row.consent()
    }

    /// Every consent of the case, withdrawn ones included, in the order they were
    /// recorded; `None` when the case is not in `scope`.
    pub async fn list_consents(
        &self,
        case_id: CaseId,
        scope: CaseScope,
    ) -> Result<Option<Vec<Consent>>, StoreError> {
        if !self.case_in_scope(case_id, scope).await? {
            return Ok(None);
        }
        let rows: Vec<ConsentRow> = on_backend!(self, |pool| {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {CONSENT_COLUMNS} FROM consents \
                 JOIN cases ON cases.id = consents.case_id \
                 WHERE consents.case_id = $1 AND ($2 IS NULL OR cases.assigned_to = $2) \
                 ORDER BY consents.id"
            )))
            .bind(case_id.0)
            .bind(scope.assignee())
            .fetch_all(pool)
            .await
        })?;
        rows.iter()
            .map(ConsentRow::consent)
            .collect::<Result<_, _>>()
            .map(Some)
    }

    /// One consent of the case, if the case is in `scope`.
    pub async fn get_consent(
        &self,
        case_id: CaseId,
        id: ConsentId,
        scope: CaseScope,
    ) -> Result<Option<Consent>, StoreError> {
        let row: Option<ConsentRow> = on_backend!(self, |pool| {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {CONSENT_COLUMNS} FROM consents \
                 JOIN cases ON cases.id = consents.case_id \
                 WHERE consents.id = $1 AND consents.case_id = $2 \
                   AND ($3 IS NULL OR cases.assigned_to = $3)"
            )))
            .bind(id.0)
            .bind(case_id.0)
            .bind(scope.assignee())
            .fetch_optional(pool)
            .await
        })?;
        row.as_ref().map(ConsentRow::consent).transpose()
    }

    /// Withdraws the consent as of `withdrawn_on`, if its case is in `scope` (else
    /// [`StoreError::NotFound`]). The withdrawal is dated and audited; the consent stays.
    pub async fn withdraw_consent(
        &self,
        case_id: CaseId,
        id: ConsentId,
        scope: CaseScope,
        withdrawn_on: Date,
        context: &AuditContext,
    ) -> Result<Withdrawal, StoreError> {
        let keys = self.keys()?;
        let event = AuditEvent::success("consent.withdraw", "consent", id.0)
            .with_details(serde_json::json!({ "case_id": case_id }).to_string());
        let select = format!(
            "SELECT {CONSENT_COLUMNS} FROM consents \
             JOIN cases ON cases.id = consents.case_id \
             WHERE consents.id = $1 AND consents.case_id = $2 \
               AND ($3 IS NULL OR cases.assigned_to = $3)"
        );
        // `Err` carries a refusal that changed nothing; the transaction still commits, empty.
        let outcome: Result<ConsentRow, Withdrawal> = write_tx!(self, |tx| {
            let row: Option<ConsentRow> = sqlx::query_as(sqlx::AssertSqlSafe(select.as_str()))
                .bind(id.0)
                .bind(case_id.0)
                .bind(scope.assignee())
                .fetch_optional(&mut *tx)
                .await?;
            let Some(row) = row else {
                return Err(StoreError::NotFound);
            };
            if row.withdrawn_on.is_some() {
                Err(Withdrawal::AlreadyWithdrawn)
            } else if withdrawn_on < row.given_on {
                Err(Withdrawal::BeforeGiven)
            } else {
                // `withdrawn_on IS NULL` decides between two concurrent withdrawals on
                // PostgreSQL, where the row read above is not locked: the second updates
                // nothing.
                let updated = sqlx::query(
                    "UPDATE consents SET withdrawn_on = $2, withdrawn_by = $3, withdrawn_at = $4 \
                     WHERE id = $1 AND withdrawn_on IS NULL",
                )
                .bind(id.0)
                .bind(withdrawn_on)
                .bind(context.actor_id.map(|user| user.0))
                .bind(context.at)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if updated == 0 {
                    Err(Withdrawal::AlreadyWithdrawn)
                } else {
                    append_audit!(self, tx, context, &event);
                    // Sharing stops the moment the consent goes: the referrals that
                    // disclosed the identity under it stop disclosing it, in this
                    // transaction.
                    remove_identity_for_consent!(self, tx, keys, id.0, context);
                    // Likewise a return not yet under way stops when its consent goes.
                    cancel_returns_for_consent!(self, tx, keys, id.0, context);
                    let row: ConsentRow = sqlx::query_as(sqlx::AssertSqlSafe(select.as_str()))
                        .bind(id.0)
                        .bind(case_id.0)
                        .bind(Option::<Uuid>::None)
                        .fetch_one(&mut *tx)
                        .await?;
                    Ok(row)
                }
            }
        });
        match outcome {
            Ok(row) => row.consent().map(Withdrawal::Withdrawn),
            Err(refused) => Ok(refused),
        }
    }
}
