//! Laws and legal proceedings.
//!
//! A proceeding is seen from two sides, decided in SQL by a [`ProceedingScope`]: IOM's,
//! through the case it is opened on (a caseworker's own cases, every case for a case
//! manager), and the receiving side's, through the referral it follows (the organisation
//! that received that referral, or for the Ministry's national liaison every Ministry
//! office). The store keeps no accused person's identity, only their number, and the
//! history is append-only (the migration's triggers refuse changes).

use panah_domain::{
    AuditContext, AuditEvent, CaseId, Law, LawArticle, LawCode, LegalProceeding, OrganizationId,
    ProceedingId, ProceedingOutcome, ProceedingStage, ProceedingStep, Province, ReferralId,
    ReferralPurpose, UserId,
};
use sqlx::FromRow;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::audit::append_audit;
use crate::columns::{corrupt, parse};
use crate::idempotency::once_per_claim;
use crate::query::{Conditions, Param, fetch_with};
use crate::referrals::desk_condition;
use crate::store::{on_backend, write_tx};
use crate::{CaseScope, Desk, Store, StoreError};

/// Which proceedings a caller sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProceedingScope {
    /// IOM's side: the proceedings on the cases of this scope.
    Cases(CaseScope),
    /// The receiving side: the proceedings that follow a referral received by one of the
    /// desk's organisations.
    Receiver(Desk),
}

/// A proceeding to open.
#[derive(Debug, Clone)]
pub struct NewProceeding {
    /// The case.
    pub case_id: CaseId,
    /// The referral it follows.
    pub referral_id: Option<ReferralId>,
    /// The law.
    pub law: LawCode,
    /// Article numbers of that law, each once.
    pub articles: Vec<String>,
    /// When the crime was reported.
    pub reported_on: Date,
    /// Where.
    pub province: Province,
    /// How many were accused.
    pub accused_count: Option<u32>,
    /// Whether the victim testified.
    pub victim_testified: bool,
    /// Whether the victim had legal aid.
    pub legal_aid: bool,
}

/// Filters of the proceeding list; empty filters match everything.
#[derive(Debug, Clone, Default)]
pub struct ProceedingFilter {
    /// Only this stage.
    pub stage: Option<ProceedingStage>,
    /// Only this province.
    pub province: Option<Province>,
    /// Only under this law.
    pub law: Option<LawCode>,
    /// Only on this case.
    pub case_id: Option<CaseId>,
}

const COLUMNS: &str = "p.id, p.case_id, p.referral_id, p.law_code, p.reported_on, p.province, \
    p.stage, p.outcome, p.accused_count, p.victim_testified, p.legal_aid, p.created_by, \
    p.version, p.created_at, p.updated_at";

#[derive(FromRow)]
struct ProceedingRow {
    id: Uuid,
    case_id: Uuid,
    referral_id: Option<Uuid>,
    law_code: String,
    reported_on: Date,
    province: String,
    stage: String,
    outcome: Option<String>,
    accused_count: Option<i64>,
    victim_testified: bool,
    legal_aid: bool,
    created_by: Uuid,
    version: i64,
    created_at: OffsetDateTime,
    updated_at: OffsetDateTime,
}

impl ProceedingRow {
    fn proceeding(&self, articles: Vec<String>) -> Result<LegalProceeding, StoreError> {
        Ok(LegalProceeding {
            id: ProceedingId(self.id),
            case_id: CaseId(self.case_id),
            referral_id: self.referral_id.map(ReferralId),
            law: parse(&self.law_code, "legal_proceedings.law_code")?,
            articles,
            reported_on: self.reported_on,
            province: parse(&self.province, "legal_proceedings.province")?,
            stage: parse(&self.stage, "legal_proceedings.stage")?,
            outcome: self
                .outcome
                .as_deref()
                .map(|o| parse(o, "legal_proceedings.outcome"))
                .transpose()?,
            accused_count: self
                .accused_count
                .map(|n| u32::try_from(n).map_err(|_| corrupt("legal_proceedings.accused_count")()))
                .transpose()?,
            victim_testified: self.victim_testified,
            legal_aid: self.legal_aid,
            created_by: UserId(self.created_by),
            version: self.version,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

/// The condition "the proceeding `p` is in `scope`", its values bound to `conditions`.
fn scope_condition(scope: ProceedingScope, conditions: &mut Conditions) -> Option<String> {
    match scope {
        ProceedingScope::Cases(CaseScope::All) => None,
        ProceedingScope::Cases(CaseScope::AssignedTo(user)) => {
            let placeholder = conditions.placeholder(Param::Id(user.0));
            Some(format!(
                "p.case_id IN (SELECT id FROM cases WHERE assigned_to = {placeholder})"
            ))
        }
        ProceedingScope::Receiver(desk) => {
            let receives = desk_condition("rf.to_organization_id", desk, conditions);
            Some(format!(
                "p.referral_id IN (SELECT rf.id FROM referrals rf \
                 WHERE rf.sent_at IS NOT NULL AND {receives})"
            ))
        }
    }
}

impl Store {
    /// Every law with its articles, laws by code, articles in the law's order.
    pub async fn list_laws(&self) -> Result<Vec<Law>, StoreError> {
        let laws: Vec<(String, String, Date)> = on_backend!(self, |pool| {
            sqlx::query_as("SELECT code, title, enacted_on FROM laws ORDER BY code")
                .fetch_all(pool)
                .await
        })?;
        let articles: Vec<(String, String, String)> = on_backend!(self, |pool| {
            sqlx::query_as(
                "SELECT law_code, number, title FROM law_articles ORDER BY law_code, position",
            )
            .fetch_all(pool)
            .await
        })?;
        laws.into_iter()
            .map(|(code, title, enacted_on)| {
                Ok(Law {
                    articles: articles
                        .iter()
                        .filter(|(law, _, _)| *law == code)
                        .map(|(_, number, title)| LawArticle {
                            number: number.clone(),
                            title: title.clone(),
                        })
                        .collect(),
                    code: parse(&code, "laws.code")?,
                    title,
                    enacted_on,
                })
            })
            .collect()
    }

    /// What a proceeding opened from the referral `id` needs to know of it: its case (if
    /// it has one), its purpose and whether it was sent; `None` if there is no such
    /// referral.
    pub async fn referral_basis(
        &self,
        id: ReferralId,
    ) -> Result<Option<(Option<CaseId>, ReferralPurpose, bool)>, StoreError> {
        let row: Option<(Option<Uuid>, String, bool)> = on_backend!(self, |pool| {
            sqlx::query_as(
                "SELECT case_id, purpose, sent_at IS NOT NULL FROM referrals WHERE id = $1",
            )
            .bind(id.0)
            .fetch_optional(pool)
            .await
        })?;
        row.map(|(case, purpose, sent)| {
            Ok((
                case.map(CaseId),
                parse(&purpose, "referrals.purpose")?,
                sent,
            ))
        })
        .transpose()
    }

    /// Opens a proceeding on a case in `scope` (else [`StoreError::NotFound`]), at stage
    /// `reported`; the history gains its first entry, recorded for `organization`.
    pub async fn create_proceeding(
        &self,
        new: &NewProceeding,
        scope: CaseScope,
        organization: OrganizationId,
        context: &AuditContext,
    ) -> Result<ProceedingId, StoreError> {
        let keys = self.keys()?;
        let id = ProceedingId(Uuid::now_v7());
        let event = AuditEvent::success("proceeding.create", "legal_proceeding", id).with_details(
            serde_json::json!({
                "case_id": new.case_id,
                "referral_id": new.referral_id,
                "law": new.law,
            })
            .to_string(),
        );
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
                sqlx::query(
                    "INSERT INTO legal_proceedings (id, case_id, referral_id, law_code, \
                     reported_on, province, stage, accused_count, victim_testified, legal_aid, \
                     created_by, version, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, 'reported', $7, $8, $9, $10, 1, $11, $11)",
                )
                .bind(id.0)
                .bind(new.case_id.0)
                .bind(new.referral_id.map(|r| r.0))
                .bind(new.law.as_str())
                .bind(new.reported_on)
                .bind(new.province.code())
                .bind(new.accused_count.map(i64::from))
                .bind(new.victim_testified)
                .bind(new.legal_aid)
                .bind(context.actor_id.map(|u| u.0))
                .bind(context.at)
                .execute(&mut *tx)
                .await?;
                for number in &new.articles {
                    sqlx::query(
                        "INSERT INTO proceeding_articles (proceeding_id, law_code, number) \
                         VALUES ($1, $2, $3)",
                    )
                    .bind(id.0)
                    .bind(new.law.as_str())
                    .bind(number)
                    .execute(&mut *tx)
                    .await?;
                }
                sqlx::query(
                    "INSERT INTO proceeding_history (id, proceeding_id, stage, outcome, \
                     actor_id, organization_id, key_version, comment, at) \
                     VALUES ($1, $2, 'reported', NULL, $3, $4, $5, NULL, $6)",
                )
                .bind(Uuid::now_v7())
                .bind(id.0)
                .bind(context.actor_id.map(|u| u.0))
                .bind(organization.0)
                .bind(i64::from(keys.current_version()))
                .bind(context.at)
                .execute(&mut *tx)
                .await?;
                append_audit!(self, tx, context, &event);
            })
        });
        Ok(ProceedingId(created))
    }

    /// The proceeding, if in `scope`.
    pub async fn get_proceeding(
        &self,
        id: ProceedingId,
        scope: ProceedingScope,
    ) -> Result<Option<LegalProceeding>, StoreError> {
        let mut conditions = Conditions::default();
        conditions.push("p.id =", Param::Id(id.0));
        if let Some(condition) = scope_condition(scope, &mut conditions) {
            conditions.sql.push(condition);
        }
        let sql = format!(
            "SELECT {COLUMNS} FROM legal_proceedings p{}",
            conditions.where_clause()
        );
        let row: Option<ProceedingRow> = fetch_with!(self, sql, conditions, fetch_optional)?;
        match row {
            Some(row) => {
                let articles = self.articles_of(&[row.id]).await?;
                let numbers = articles.into_iter().map(|(_, n)| n).collect();
                row.proceeding(numbers).map(Some)
            }
            None => Ok(None),
        }
    }

    /// Proceedings in `scope` matching `filter`, newest first, after `before`, at most
    /// `limit`.
    pub async fn list_proceedings(
        &self,
        scope: ProceedingScope,
        filter: &ProceedingFilter,
        before: Option<ProceedingId>,
        limit: u32,
    ) -> Result<Vec<LegalProceeding>, StoreError> {
        let mut conditions = Conditions::default();
        if let Some(condition) = scope_condition(scope, &mut conditions) {
            conditions.sql.push(condition);
        }
        if let Some(stage) = filter.stage {
            conditions.push("p.stage =", Param::Text(stage.as_str()));
        }
        if let Some(province) = filter.province {
            conditions.push("p.province =", Param::Text(province.code()));
        }
        if let Some(law) = &filter.law {
            conditions.push("p.law_code =", Param::Owned(law.as_str().to_owned()));
        }
        if let Some(case) = filter.case_id {
            conditions.push("p.case_id =", Param::Id(case.0));
        }
        if let Some(before) = before {
            conditions.push("p.id <", Param::Id(before.0));
        }
        let sql = format!(
            "SELECT {COLUMNS} FROM legal_proceedings p{} ORDER BY p.id DESC LIMIT {limit}",
            conditions.where_clause()
        );
        let rows: Vec<ProceedingRow> = fetch_with!(self, sql, conditions, fetch_all)?;
        let ids: Vec<Uuid> = rows.iter().map(|row| row.id).collect();
        let articles = self.articles_of(&ids).await?;
        rows.iter()
            .map(|row| {
                row.proceeding(
                    articles
                        .iter()
                        .filter(|(id, _)| *id == row.id)
                        .map(|(_, number)| number.clone())
                        .collect(),
                )
            })
            .collect()
    }

    /// The articles charged in the proceedings `ids`, in each law's order.
    async fn articles_of(&self, ids: &[Uuid]) -> Result<Vec<(Uuid, String)>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut conditions = Conditions::default();
        let placeholders: Vec<String> = ids
            .iter()
            .map(|id| conditions.placeholder(Param::Id(*id)))
            .collect();
        let sql = format!(
            "SELECT pa.proceeding_id, pa.number FROM proceeding_articles pa \
             JOIN law_articles la ON la.law_code = pa.law_code AND la.number = pa.number \
             WHERE pa.proceeding_id IN ({}) ORDER BY pa.proceeding_id, la.position",
            placeholders.join(", ")
        );
        Ok(fetch_with!(self, sql, conditions, fetch_all)?)
    }

    /// The proceeding's history, oldest first, comments opened.
    pub async fn proceeding_history(
        &self,
        id: ProceedingId,
    ) -> Result<Vec<ProceedingStep>, StoreError> {
        let keys = self.keys()?;
        #[allow(clippy::type_complexity)]
        let rows: Vec<(
            Uuid,
            String,
            Option<String>,
            Uuid,
            Option<Vec<u8>>,
            OffsetDateTime,
        )> = on_backend!(self, |pool| {
            sqlx::query_as(
                "SELECT id, stage, outcome, organization_id, comment, at \
                     FROM proceeding_history WHERE proceeding_id = $1 ORDER BY id",
            )
            .bind(id.0)
            .fetch_all(pool)
            .await
        })?;
        rows.into_iter()
            .map(|(step, stage, outcome, organization, comment, at)| {
                Ok(ProceedingStep {
                    stage: parse(&stage, "proceeding_history.stage")?,
                    outcome: outcome
                        .as_deref()
                        .map(|o| parse(o, "proceeding_history.outcome"))
                        .transpose()?,
                    at,
                    by_organization: OrganizationId(organization),
                    comment: comment
                        .as_deref()
                        .map(|c| keys.open("proceeding_history", "comment", step, c))
                        .transpose()?,
                })
            })
            .collect()
    }

    /// Moves the proceeding, found at stage `from`, to `to` with `outcome` (which replaces
    /// the proceeding's outcome when given): only if it is in `scope` (else
    /// [`StoreError::NotFound`]) and still at `from` (else [`StoreError::Conflict`]). The
    /// history gains the step, recorded for `organization`, and the audit log the move.
    /// The caller has checked the move against the stages.
    #[allow(clippy::too_many_arguments)]
    pub async fn transition_proceeding(
        &self,
        id: ProceedingId,
        scope: ProceedingScope,
        from: ProceedingStage,
        to: ProceedingStage,
        outcome: Option<ProceedingOutcome>,
        comment: Option<&str>,
        organization: OrganizationId,
        context: &AuditContext,
    ) -> Result<(), StoreError> {
        let keys = self.keys()?;
        let step = Uuid::now_v7();
        let sealed = comment
            .map(|c| keys.seal("proceeding_history", "comment", step, c))
            .transpose()?;
        let event = AuditEvent::success("proceeding.transition", "legal_proceeding", id)
            .with_details(
                serde_json::json!({ "from": from, "to": to, "outcome": outcome }).to_string(),
            );
        let mut conditions = Conditions::default();
        conditions.push("p.id =", Param::Id(id.0));
        if let Some(condition) = scope_condition(scope, &mut conditions) {
            conditions.sql.push(condition);
        }
        let in_scope = format!(
            "SELECT p.id FROM legal_proceedings p{}",
            conditions.where_clause()
        );
        write_tx!(self, |tx| {
            let mut query = sqlx::query_scalar::<_, Uuid>(sqlx::AssertSqlSafe(in_scope.clone()));
            for param in &conditions.params {
                query = match param {
                    Param::Id(value) => query.bind(*value),
                    Param::Text(value) => query.bind(*value),
                    Param::Owned(value) => query.bind(value.clone()),
                    Param::Bytes(value) => query.bind(value.clone()),
                    Param::Date(value) => query.bind(*value),
                    Param::Int(value) => query.bind(*value),
                };
            }
            if query.fetch_optional(&mut *tx).await?.is_none() {
                return Err(StoreError::NotFound);
            }
            let updated = sqlx::query(
                "UPDATE legal_proceedings SET stage = $3, outcome = COALESCE($4, outcome), \
                 version = version + 1, updated_at = $5 WHERE id = $1 AND stage = $2",
            )
            .bind(id.0)
            .bind(from.as_str())
            .bind(to.as_str())
            .bind(outcome.map(|o| o.as_str()))
            .bind(context.at)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if updated == 0 {
                return Err(StoreError::Conflict("proceeding_stage"));
            }
            sqlx::query(
                "INSERT INTO proceeding_history (id, proceeding_id, stage, outcome, actor_id, \
                 organization_id, key_version, comment, at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(step)
            .bind(id.0)
            .bind(to.as_str())
            .bind(outcome.map(|o| o.as_str()))
            .bind(context.actor_id.map(|u| u.0))
            .bind(organization.0)
            .bind(i64::from(keys.current_version()))
            .bind(&sealed)
            .bind(context.at)
            .execute(&mut *tx)
            .await?;
            append_audit!(self, tx, context, &event);
        });
        Ok(())
    }
}
