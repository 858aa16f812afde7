//! Trainings and awareness activities. Which of them a caller reads is a province, or all:
//! a provincial office reads its own province's, everyone else who may read them all.
//! Charges to budget lines are checked again inside the write, as for assistance.

use panah_domain::{
    AuditContext, AuditEvent, AwarenessActivity, AwarenessChannel, AwarenessId, BudgetLineId,
    Money, OrganizationId, Participants, Province, Training, TrainingId, TrainingTopic, UserId,
};
use sqlx::FromRow;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::assistance::check_charge_in_tx;
use crate::audit::append_audit;
use crate::columns::{corrupt, parse};
use crate::idempotency::once_per_claim;
use crate::query::{Conditions, Param, fetch_with};
use crate::store::write_tx;
use crate::{Store, StoreError};

/// A training as recorded or changed; the caller has checked it and its charge.
#[derive(Debug, Clone)]
pub struct NewTraining {
    /// Title.
    pub title: String,
    /// Topic.
    pub topic: TrainingTopic,
    /// Province.
    pub province: Province,
    /// First day.
    pub starts_on: Date,
    /// Last day.
    pub ends_on: Date,
    /// Organiser.
    pub organizer_organization_id: OrganizationId,
    /// Participants, one entry per organisation.
    pub participants: Vec<Participants>,
    /// Cost.
    pub cost: Option<Money>,
    /// Budget line charged.
    pub budget_line_id: Option<BudgetLineId>,
}

/// An awareness activity as recorded or changed; the caller has checked it and its charge.
#[derive(Debug, Clone)]
pub struct NewAwareness {
    /// Province.
    pub province: Province,
    /// Date.
    pub date: Date,
    /// Channel.
    pub channel: AwarenessChannel,
    /// Partner provincial office.
    pub partner_organization_id: Option<OrganizationId>,
    /// Estimated reach.
    pub estimated_reach: u32,
    /// Description.
    pub description: Option<String>,
    /// Cost.
    pub cost: Option<Money>,
    /// Budget line charged.
    pub budget_line_id: Option<BudgetLineId>,
}

const TRAINING_COLUMNS: &str = "id, title, topic, province, starts_on, ends_on, \
    organizer_organization_id, cost_amount_minor, cost_currency, budget_line_id, created_by, \
    version, created_at, updated_at";

const AWARENESS_COLUMNS: &str = "id, province, date, channel, partner_organization_id, \
    estimated_reach, description, cost_amount_minor, cost_currency, budget_line_id, \
    created_by, version, created_at, updated_at";

fn money(
    amount: Option<i64>,
    currency: Option<&str>,
    column: &'static str,
) -> Result<Option<Money>, StoreError> {
    match (amount, currency) {
        (Some(amount_minor), Some(currency)) => Ok(Some(Money {
            amount_minor,
            currency: parse(currency, column)?,
        })),
        _ => Ok(None),
    }
}

#[derive(FromRow)]
struct TrainingRow {
    id: Uuid,
    title: String,
    topic: String,
    province: String,
    starts_on: Date,
    ends_on: Date,
    organizer_organization_id: Uuid,
    cost_amount_minor: Option<i64>,
    cost_currency: Option<String>,
    budget_line_id: Option<Uuid>,
    created_by: Uuid,
    version: i64,
    created_at: OffsetDateTime,
    updated_at: OffsetDateTime,
}

impl TrainingRow {
    fn training(&self, participants: Vec<Participants>) -> Result<Training, StoreError> {
        Ok(Training {
            id: TrainingId(self.id),
            title: self.title.clone(),
            topic: parse(&self.topic, "trainings.topic")?,
            province: parse(&self.province, "trainings.province")?,
            starts_on: self.starts_on,
            ends_on: self.ends_on,
            organizer_organization_id: OrganizationId(self.organizer_organization_id),
            participants,
            cost: money(
                self.cost_amount_minor,
                self.cost_currency.as_deref(),
                "trainings.cost_currency",
            )?,
            budget_line_id: self.budget_line_id.map(BudgetLineId),
            created_by: UserId(self.created_by),
            version: self.version,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

#[derive(FromRow)]
struct AwarenessRow {
    id: Uuid,
    province: String,
    date: Date,
    channel: String,
    partner_organization_id: Option<Uuid>,
    estimated_reach: i64,
    description: Option<String>,
    cost_amount_minor: Option<i64>,
    cost_currency: Option<String>,
    budget_line_id: Option<Uuid>,
    created_by: Uuid,
    version: i64,
    created_at: OffsetDateTime,
    updated_at: OffsetDateTime,
}

impl AwarenessRow {
    fn activity(&self) -> Result<AwarenessActivity, StoreError> {
        Ok(AwarenessActivity {
            id: AwarenessId(self.id),
            province: parse(&self.province, "awareness_activities.province")?,
            date: self.date,
            channel: parse(&self.channel, "awareness_activities.channel")?,
            partner_organization_id: self.partner_organization_id.map(OrganizationId),
            estimated_reach: u32::try_from(self.estimated_reach)
                .map_err(|_| corrupt("awareness_activities.estimated_reach")())?,
            description: self.description.clone(),
            cost: money(
                self.cost_amount_minor,
                self.cost_currency.as_deref(),
                "awareness_activities.cost_currency",
            )?,
            budget_line_id: self.budget_line_id.map(BudgetLineId),
            created_by: UserId(self.created_by),
            version: self.version,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

/// Writes a training's participants inside the transaction `$tx`, replacing any.
macro_rules! write_participants {
    ($tx:ident, $id:expr, $participants:expr) => {{
        sqlx::query("DELETE FROM training_participants WHERE training_id = $1")
            .bind($id)
            .execute(&mut *$tx)
            .await?;
        for p in $participants {
            sqlx::query(
                "INSERT INTO training_participants (training_id, organization_id, female, male) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind($id)
            .bind(p.organization_id.0)
            .bind(i64::from(p.female))
            .bind(i64::from(p.male))
            .execute(&mut *$tx)
            .await?;
        }
    }};
}

/// The condition of a list or read restricted to `province`, if any.
fn in_province(province: Option<Province>, conditions: &mut Conditions) {
    if let Some(province) = province {
        conditions.push("province =", Param::Text(province.code()));
    }
}

impl Store {
    /// Records a training and audits it.
    pub async fn create_training(
        &self,
        new: &NewTraining,
        context: &AuditContext,
    ) -> Result<TrainingId, StoreError> {
        let id = TrainingId(Uuid::now_v7());
        let event = AuditEvent::success("training.create", "training", id);
        let created = write_tx!(self, |tx| {
            once_per_claim!(tx, context, id.0, {
                sqlx::query(
                    "INSERT INTO trainings (id, title, topic, province, starts_on, ends_on, \
                     organizer_organization_id, cost_amount_minor, cost_currency, \
                     budget_line_id, created_by, version, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1, $12, $12)",
                )
                .bind(id.0)
                .bind(&new.title)
                .bind(new.topic.as_str())
                .bind(new.province.code())
                .bind(new.starts_on)
                .bind(new.ends_on)
                .bind(new.organizer_organization_id.0)
                .bind(new.cost.map(|c| c.amount_minor))
                .bind(new.cost.map(|c| c.currency.as_str()))
                .bind(new.budget_line_id.map(|l| l.0))
                .bind(context.actor_id.map(|u| u.0))
                .bind(context.at)
                .execute(&mut *tx)
                .await?;
                write_participants!(tx, id.0, &new.participants);
                check_charge_in_tx!(self, tx, id.0, "trainings", "starts_on");
                append_audit!(self, tx, context, &event);
            })
        });
        Ok(TrainingId(created))
    }

    /// Replaces a training's fields if it is still at `expected_version` (else
    /// [`StoreError::VersionMismatch`]; [`StoreError::NotFound`] if there is none), and
    /// audits the change naming the fields changed.
    pub async fn update_training(
        &self,
        id: TrainingId,
        expected_version: i64,
        new: &NewTraining,
        changed: &[&str],
        context: &AuditContext,
    ) -> Result<(), StoreError> {
        let event = AuditEvent::success("training.update", "training", id)
            .with_details(serde_json::json!({ "fields": changed }).to_string());
        write_tx!(self, |tx| {
            let updated = sqlx::query(
                "UPDATE trainings SET title = $3, topic = $4, province = $5, starts_on = $6, \
                 ends_on = $7, organizer_organization_id = $8, cost_amount_minor = $9, \
                 cost_currency = $10, budget_line_id = $11, version = version + 1, \
                 updated_at = $12 WHERE id = $1 AND version = $2",
            )
            .bind(id.0)
            .bind(expected_version)
            .bind(&new.title)
            .bind(new.topic.as_str())
            .bind(new.province.code())
            .bind(new.starts_on)
            .bind(new.ends_on)
            .bind(new.organizer_organization_id.0)
            .bind(new.cost.map(|c| c.amount_minor))
            .bind(new.cost.map(|c| c.currency.as_str()))
            .bind(new.budget_line_id.map(|l| l.0))
            .bind(context.at)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if updated == 0 {
                return Err(StoreError::VersionMismatch);
            }
            write_participants!(tx, id.0, &new.participants);
            check_charge_in_tx!(self, tx, id.0, "trainings", "starts_on");
            append_audit!(self, tx, context, &event);
        });
        Ok(())
    }

    /// The training, if it is in `province` (every province for `None`).
    pub async fn get_training(
        &self,
        id: TrainingId,
        province: Option<Province>,
    ) -> Result<Option<Training>, StoreError> {
        let mut conditions = Conditions::default();
        conditions.push("id =", Param::Id(id.0));
        in_province(province, &mut conditions);
        let sql = format!(
            "SELECT {TRAINING_COLUMNS} FROM trainings{}",
            conditions.where_clause()
        );
        let row: Option<TrainingRow> = fetch_with!(self, sql, conditions, fetch_optional)?;
        match row {
            Some(row) => {
                let participants = self.participants_of(&[row.id]).await?;
                row.training(participants.into_iter().map(|(_, p)| p).collect())
                    .map(Some)
            }
            None => Ok(None),
        }
    }

    /// Trainings in `province` (every province for `None`), newest first, after
    /// `before`, at most `limit`.
    pub async fn list_trainings(
        &self,
        province: Option<Province>,
        before: Option<TrainingId>,
        limit: u32,
    ) -> Result<Vec<Training>, StoreError> {
        let mut conditions = Conditions::default();
        in_province(province, &mut conditions);
        if let Some(before) = before {
            conditions.push("id <", Param::Id(before.0));
        }
        let sql = format!(
            "SELECT {TRAINING_COLUMNS} FROM trainings{} ORDER BY id DESC LIMIT {limit}",
            conditions.where_clause()
        );
        let rows: Vec<TrainingRow> = fetch_with!(self, sql, conditions, fetch_all)?;
        let ids: Vec<Uuid> = rows.iter().map(|row| row.id).collect();
        let participants = self.participants_of(&ids).await?;
        rows.iter()
            .map(|row| {
                row.training(
                    participants
                        .iter()
                        .filter(|(id, _)| *id == row.id)
                        .map(|(_, p)| *p)
                        .collect(),
                )
            })
            .collect()
    }

    async fn participants_of(&self, ids: &[Uuid]) -> Result<Vec<(Uuid, Participants)>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut conditions = Conditions::default();
        let placeholders: Vec<String> = ids
            .iter()
            .map(|id| conditions.placeholder(Param::Id(*id)))
            .collect();
        let sql = format!(
            "SELECT training_id, organization_id, female, male FROM training_participants \
             WHERE training_id IN ({}) ORDER BY training_id, organization_id",
            placeholders.join(", ")
        );
        let rows: Vec<(Uuid, Uuid, i64, i64)> = fetch_with!(self, sql, conditions, fetch_all)?;
        rows.into_iter()
            .map(|(training, organization, female, male)| {
                let count =
                    |n: i64| u32::try_from(n).map_err(|_| corrupt("training_participants.count")());
                Ok((
                    training,
                    Participants {
                        organization_id: OrganizationId(organization),
                        female: count(female)?,
                        male: count(male)?,
                    },
                ))
            })
            .collect()
    }

    /// Records an awareness activity and audits it.
    pub async fn create_awareness(
        &self,
        new: &NewAwareness,
        context: &AuditContext,
    ) -> Result<AwarenessId, StoreError> {
        let id = AwarenessId(Uuid::now_v7());
        let event = AuditEvent::success("awareness.create", "awareness_activity", id);
        let created = write_tx!(self, |tx| {
            once_per_claim!(tx, context, id.0, {
                sqlx::query(
                    "INSERT INTO awareness_activities (id, province, date, channel, \
                     partner_organization_id, estimated_reach, description, cost_amount_minor, \
                     cost_currency, budget_line_id, created_by, version, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1, $12, $12)",
                )
                .bind(id.0)
                .bind(new.province.code())
                .bind(new.date)
                .bind(new.channel.as_str())
                .bind(new.partner_organization_id.map(|o| o.0))
                .bind(i64::from(new.estimated_reach))
                .bind(&new.description)
                .bind(new.cost.map(|c| c.amount_minor))
                .bind(new.cost.map(|c| c.currency.as_str()))
                .bind(new.budget_line_id.map(|l| l.0))
                .bind(context.actor_id.map(|u| u.0))
                .bind(context.at)
                .execute(&mut *tx)
                .await?;
                check_charge_in_tx!(self, tx, id.0, "awareness_activities", "date");
                append_audit!(self, tx, context, &event);
            })
        });
        Ok(AwarenessId(created))
    }

    /// Replaces an awareness activity's fields if it is still at `expected_version`,
    /// and audits the change naming the fields changed.
    pub async fn update_awareness(
        &self,
        id: AwarenessId,
        expected_version: i64,
        new: &NewAwareness,
        changed: &[&str],
        context: &AuditContext,
    ) -> Result<(), StoreError> {
        let event = AuditEvent::success("awareness.update", "awareness_activity", id)
            .with_details(serde_json::json!({ "fields": changed }).to_string());
        write_tx!(self, |tx| {
            let updated = sqlx::query(
                "UPDATE awareness_activities SET province = $3, date = $4, channel = $5, \
                 partner_organization_id = $6, estimated_reach = $7, description = $8, \
                 cost_amount_minor = $9, cost_currency = $10, budget_line_id = $11, \
                 version = version + 1, updated_at = $12 WHERE id = $1 AND version = $2",
            )
            .bind(id.0)
            .bind(expected_version)
            .bind(new.province.code())
            .bind(new.date)
            .bind(new.channel.as_str())
            .bind(new.partner_organization_id.map(|o| o.0))
            .bind(i64::from(new.estimated_reach))
            .bind(&new.description)
            .bind(new.cost.map(|c| c.amount_minor))
            .bind(new.cost.map(|c| c.currency.as_str()))
            .bind(new.budget_line_id.map(|l| l.0))
            .bind(context.at)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if updated == 0 {
                return Err(StoreError::VersionMismatch);
            }
            check_charge_in_tx!(self, tx, id.0, "awareness_activities", "date");
            append_audit!(self, tx, context, &event);
        });
        Ok(())
    }

    /// The awareness activity, if it is in `province` (every province for `None`).
    pub async fn get_awareness(
        &self,
        id: AwarenessId,
        province: Option<Province>,
    ) -> Result<Option<AwarenessActivity>, StoreError> {
        let mut conditions = Conditions::default();
        conditions.push("id =", Param::Id(id.0));
        in_province(province, &mut conditions);
        let sql = format!(
            "SELECT {AWARENESS_COLUMNS} FROM awareness_activities{}",
            conditions.where_clause()
        );
        let row: Option<AwarenessRow> = fetch_with!(self, sql, conditions, fetch_optional)?;
        row.map(|row| row.activity()).transpose()
    }

    /// Awareness activities in `province` (every province for `None`), newest first,
    /// after `before`, at most `limit`.
    pub async fn list_awareness(
        &self,
        province: Option<Province>,
        before: Option<AwarenessId>,
        limit: u32,
    ) -> Result<Vec<AwarenessActivity>, StoreError> {
        let mut conditions = Conditions::default();
        in_province(province, &mut conditions);
        if let Some(before) = before {
            conditions.push("id <", Param::Id(before.0));
        }
        let sql = format!(
            "SELECT {AWARENESS_COLUMNS} FROM awareness_activities{} ORDER BY id DESC LIMIT {limit}",
            conditions.where_clause()
        );
        let rows: Vec<AwarenessRow> = fetch_with!(self, sql, conditions, fetch_all)?;
        rows.iter().map(AwarenessRow::activity).collect()
    }
}
