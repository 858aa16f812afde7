//! Capacity building and awareness raising: trainings and awareness activities.
//!
//! Programme managers and case managers record and change them; the Ministry's national
//! liaison reads them all, a provincial office those of its own province (others: 404).
//! Their costs are charged to budget lines under the rules of assistance (the same check,
//! [`App::check_charge`]), and only readers of costs see what they cost.

use std::collections::HashSet;

use panah_domain::policy::{Permission, Scope};
use panah_domain::{
    AwarenessActivity, AwarenessChannel, AwarenessId, BudgetLineId, FieldProblem, Money,
    OrganizationId, OrganizationKind, Participants, Province, TextRule, Training, TrainingId,
    TrainingTopic,
};
use panah_persistence::{NewAwareness, NewTraining};
use time::{Date, OffsetDateTime};

use crate::case_records::{charge_changed, check_cost};
use crate::error::valid;
use crate::{Actor, App, AppError, Page, UseCase};

/// A training's title.
const TITLE: TextRule = TextRule::line(200).required();
/// An awareness activity's description.
const DESCRIPTION: TextRule = TextRule::paragraphs(2000);
/// The most people one count of participants or one estimate of reach may hold: more is
/// a typing error.
const MAX_PEOPLE: u32 = 10_000_000;

/// A training as given: to record, or as it stands after a change.
#[derive(Debug, Clone)]
pub struct TrainingEntry {
    /// Title.
    pub title: String,
    /// Topic.
    pub topic: TrainingTopic,
    /// Province.
    pub province: Province,
    /// First day; the day its cost is charged on.
    pub starts_on: Date,
    /// Last day, not before the first.
    pub ends_on: Date,
    /// The organising organisation.
    pub organizer: OrganizationId,
    /// Participants by organisation, each organisation once.
    pub participants: Vec<Participants>,
    /// Cost.
    pub cost: Option<Money>,
    /// The budget line charged.
    pub budget_line_id: Option<BudgetLineId>,
}

/// Changes to a training; fields left `None` stay as they are.
#[derive(Debug, Clone, Default)]
pub struct TrainingChange {
    /// The version read, which must still be the current one.
    pub expected_version: i64,
    /// Title.
    pub title: Option<String>,
    /// Topic.
    pub topic: Option<TrainingTopic>,
    /// Province.
    pub province: Option<Province>,
    /// First day.
    pub starts_on: Option<Date>,
    /// Last day.
    pub ends_on: Option<Date>,
    /// Organiser.
    pub organizer: Option<OrganizationId>,
    /// Participants, replacing all.
    pub participants: Option<Vec<Participants>>,
    /// Cost (`Some(None)` removes it).
    pub cost: Option<Option<Money>>,
    /// Budget line (`Some(None)` uncharges it).
    pub budget_line_id: Option<Option<BudgetLineId>>,
}

/// An awareness activity as given: to record, or as it stands after a change.
#[derive(Debug, Clone)]
pub struct AwarenessEntry {
    /// Province.
    pub province: Province,
    /// Date; the day its cost is charged on.
    pub date: Date,
    /// Channel.
    pub channel: AwarenessChannel,
    /// The partner provincial office, of the same province.
    pub partner: Option<OrganizationId>,
    /// Estimated reach.
    pub estimated_reach: u32,
    /// What was done.
    pub description: Option<String>,
    /// Cost.
    pub cost: Option<Money>,
    /// The budget line charged.
    pub budget_line_id: Option<BudgetLineId>,
}

/// Changes to an awareness activity; fields left `None` stay as they are.
#[derive(Debug, Clone, Default)]
pub struct AwarenessChange {
    /// The version read, which must still be the current one.
    pub expected_version: i64,
    /// Province.
    pub province: Option<Province>,
    /// Date.
    pub date: Option<Date>,
    /// Channel.
    pub channel: Option<AwarenessChannel>,
    /// Partner office (`Some(None)` removes it).
    pub partner: Option<Option<OrganizationId>>,
    /// Estimated reach.
    pub estimated_reach: Option<u32>,
    /// Description (`Some(None)` removes it).
    pub description: Option<Option<String>>,
    /// Cost (`Some(None)` removes it).
    pub cost: Option<Option<Money>>,
    /// Budget line (`Some(None)` uncharges it).
    pub budget_line_id: Option<Option<BudgetLineId>>,
}

/// The names of the fields a change gives, for its audit entry.
fn given(fields: &[(&'static str, bool)]) -> Vec<&'static str> {
    fields
        .iter()
        .filter(|(_, given)| *given)
        .map(|(name, _)| *name)
        .collect()
}

impl App {
    /// The province whose activities the actor reads, or `None` for all: a provincial
    /// office reads its own province's.
    fn activities_province(&self, actor: &Actor, scope: Scope) -> Option<Province> {
        match (scope, actor.signed_in()) {
            (Scope::Organization, Some(user)) => user.organization.province,
            _ => None,
        }
    }

    /// Whether `actor` sees what trainings and awareness activities cost, and so may be
    /// shown where a cost would be: asked without running or auditing anything.
    pub fn sees_activity_costs(&self, actor: &Actor) -> bool {
        self.permits(actor, UseCase::ListTrainings)
            && self.sees_costs(actor, UseCase::ListTrainings)
    }

    /// Whether the actor sees what activities cost.
    fn sees_costs(&self, actor: &Actor, use_case: UseCase) -> bool {
        self.may(actor, use_case, Permission::AssistanceCostsRead)
            .is_some()
    }

    /// Adds a problem unless `id` names an organisation (of `kind`, if given).
    async fn check_organization(
        &self,
        field: &str,
        id: OrganizationId,
        kind: Option<(OrganizationKind, Province)>,
        problems: &mut Vec<FieldProblem>,
    ) -> Result<(), AppError> {
        let found = self.store.get_organization(id).await?;
        match (found, kind) {
            (None, _) => problems.push(FieldProblem::new(field, "names no organisation")),
            (Some(o), Some((kind, province))) if o.kind != kind || o.province != Some(province) => {
                problems.push(FieldProblem::new(
                    field,
                    "must name the provincial office of the activity's province",
                ));
            }
            _ => {}
        }
        Ok(())
    }

    /// Every problem of a training, or the training to store.
    async fn checked_training(&self, entry: TrainingEntry) -> Result<NewTraining, AppError> {
        let mut problems = Vec::new();
        let title = TITLE
            .take("title", Some(entry.title), &mut problems)
            .unwrap_or_default();
        if entry.ends_on < entry.starts_on {
            problems.push(FieldProblem::coded(
                "ends_on",
                "ends_before_start",
                "must not be before starts_on",
            ));
        }
        self.check_organization(
            "organizer_organization_id",
            entry.organizer,
            None,
            &mut problems,
        )
        .await?;
        let mut seen = HashSet::new();
        for (i, p) in entry.participants.iter().enumerate() {
            let field = format!("participants[{i}].organization_id");
            if !seen.insert(p.organization_id) {
                problems.push(FieldProblem::coded(
                    field,
                    "listed_twice",
                    "is listed twice",
                ));
            } else {
                self.check_organization(&field, p.organization_id, None, &mut problems)
                    .await?;
            }
            if p.female > MAX_PEOPLE || p.male > MAX_PEOPLE {
                problems.push(FieldProblem::new(
                    format!("participants[{i}]"),
                    format!("counts must be at most {MAX_PEOPLE}"),
                ));
            }
        }
        let cost = check_cost(entry.cost, &mut problems);
        self.check_charge(
            entry.budget_line_id,
            cost,
            entry.starts_on,
            "starts_on",
            &mut problems,
        )
        .await?;
        valid(problems)?;
        Ok(NewTraining {
            title,
            topic: entry.topic,
            province: entry.province,
            starts_on: entry.starts_on,
            ends_on: entry.ends_on,
            organizer_organization_id: entry.organizer,
            participants: entry.participants,
            cost,
            budget_line_id: entry.budget_line_id,
        })
    }

    /// Every problem of an awareness activity, or the activity to store.
    async fn checked_awareness(&self, entry: AwarenessEntry) -> Result<NewAwareness, AppError> {
        let mut problems = Vec::new();
        if let Some(partner) = entry.partner {
            self.check_organization(
                "partner_organization_id",
                partner,
                Some((OrganizationKind::MoiProvincial, entry.province)),
                &mut problems,
            )
            .await?;
        }
        if entry.estimated_reach > MAX_PEOPLE {
            problems.push(FieldProblem::new(
                "estimated_reach",
                format!("must be at most {MAX_PEOPLE}"),
            ));
        }
        let description = DESCRIPTION.take("description", entry.description, &mut problems);
        let cost = check_cost(entry.cost, &mut problems);
        self.check_charge(
            entry.budget_line_id,
            cost,
            entry.date,
            "date",
            &mut problems,
        )
        .await?;
        valid(problems)?;
        Ok(NewAwareness {
            province: entry.province,
            date: entry.date,
            channel: entry.channel,
            partner_organization_id: entry.partner,
            estimated_reach: entry.estimated_reach,
            description,
            cost,
            budget_line_id: entry.budget_line_id,
        })
    }

    /// Records a training.
    pub async fn record_training(
        &self,
        actor: &Actor,
        entry: TrainingEntry,
        now: OffsetDateTime,
    ) -> Result<Training, AppError> {
        self.authorize(actor, UseCase::RecordTraining, now).await?;
        let new = self.checked_training(entry).await?;
        let id = self
            .store
            .create_training(&new, &actor.audit(now))
            .await
            .map_err(charge_changed)?;
        self.seen_training(actor, UseCase::RecordTraining, id, None)
            .await
    }

    /// Changes a training as of the version read.
    pub async fn change_training(
        &self,
        actor: &Actor,
        id: TrainingId,
        change: TrainingChange,
        now: OffsetDateTime,
    ) -> Result<Training, AppError> {
        self.authorize(actor, UseCase::ChangeTraining, now).await?;
        let current = self
            .store
            .get_training(id, None)
            .await?
            .ok_or(AppError::NotFound)?;
        if current.version != change.expected_version {
            return Err(AppError::VersionMismatch);
        }
        let changed = given(&[
            ("title", change.title.is_some()),
            ("topic", change.topic.is_some()),
            ("province", change.province.is_some()),
            ("starts_on", change.starts_on.is_some()),
            ("ends_on", change.ends_on.is_some()),
            ("organizer_organization_id", change.organizer.is_some()),
            ("participants", change.participants.is_some()),
            ("cost", change.cost.is_some()),
            ("budget_line_id", change.budget_line_id.is_some()),
        ]);
        let new = self
            .checked_training(TrainingEntry {
                title: change.title.unwrap_or(current.title),
                topic: change.topic.unwrap_or(current.topic),
                province: change.province.unwrap_or(current.province),
                starts_on: change.starts_on.unwrap_or(current.starts_on),
                ends_on: change.ends_on.unwrap_or(current.ends_on),
                organizer: change
                    .organizer
                    .unwrap_or(current.organizer_organization_id),
                participants: change.participants.unwrap_or(current.participants),
                cost: change.cost.unwrap_or(current.cost),
                budget_line_id: change.budget_line_id.unwrap_or(current.budget_line_id),
            })
            .await?;
        self.store
            .update_training(
                id,
                change.expected_version,
                &new,
                &changed,
                &actor.audit(now),
            )
            .await
            .map_err(charge_changed)?;
        self.seen_training(actor, UseCase::ChangeTraining, id, None)
            .await
    }

    /// Trainings the actor reads, newest first, before `before`, at most `limit`.
    pub async fn list_trainings(
        &self,
        actor: &Actor,
        before: Option<TrainingId>,
        limit: u32,
        now: OffsetDateTime,
    ) -> Result<Page<Training>, AppError> {
        let scope = self.authorize(actor, UseCase::ListTrainings, now).await?;
        let province = self.activities_province(actor, scope);
        let costs = self.sees_costs(actor, UseCase::ListTrainings);
        let trainings = self
            .store
            .list_trainings(province, before, limit + 1)
            .await?
            .into_iter()
            .map(|t| if costs { t } else { without_cost(t) })
            .collect();
        Ok(Page::of(trainings, limit))
    }

    /// One training.
    pub async fn read_training(
        &self,
        actor: &Actor,
        id: TrainingId,
        now: OffsetDateTime,
    ) -> Result<Training, AppError> {
        let scope = self.authorize(actor, UseCase::ReadTraining, now).await?;
        let province = self.activities_province(actor, scope);
        self.seen_training(actor, UseCase::ReadTraining, id, province)
            .await
    }

    async fn seen_training(
        &self,
        actor: &Actor,
        use_case: UseCase,
        id: TrainingId,
        province: Option<Province>,
    ) -> Result<Training, AppError> {
        let training = self
            .store
            .get_training(id, province)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(if self.sees_costs(actor, use_case) {
            training
        } else {
            without_cost(training)
        })
    }

    /// Records an awareness activity.
    pub async fn record_awareness(
        &self,
        actor: &Actor,
        entry: AwarenessEntry,
        now: OffsetDateTime,
    ) -> Result<AwarenessActivity, AppError> {
        self.authorize(actor, UseCase::RecordAwareness, now).await?;
        let new = self.checked_awareness(entry).await?;
        let id = self
            .store
            .create_awareness(&new, &actor.audit(now))
            .await
            .map_err(charge_changed)?;
        self.seen_awareness(actor, UseCase::RecordAwareness, id, None)
            .await
    }

    /// Changes an awareness activity as of the version read.
    pub async fn change_awareness(
        &self,
        actor: &Actor,
        id: AwarenessId,
        change: AwarenessChange,
        now: OffsetDateTime,
    ) -> Result<AwarenessActivity, AppError> {
        self.authorize(actor, UseCase::ChangeAwareness, now).await?;
        let current = self
            .store
            .get_awareness(id, None)
            .await?
            .ok_or(AppError::NotFound)?;
        if current.version != change.expected_version {
            return Err(AppError::VersionMismatch);
        }
        let changed = given(&[
            ("province", change.province.is_some()),
            ("date", change.date.is_some()),
            ("channel", change.channel.is_some()),
            ("partner_organization_id", change.partner.is_some()),
            ("estimated_reach", change.estimated_reach.is_some()),
            ("description", change.description.is_some()),
            ("cost", change.cost.is_some()),
            ("budget_line_id", change.budget_line_id.is_some()),
        ]);
        let new = self
            .checked_awareness(AwarenessEntry {
                province: change.province.unwrap_or(current.province),
                date: change.date.unwrap_or(current.date),
                channel: change.channel.unwrap_or(current.channel),
                partner: change.partner.unwrap_or(current.partner_organization_id),
                estimated_reach: change.estimated_reach.unwrap_or(current.estimated_reach),
                description: change.description.unwrap_or(current.description),
                cost: change.cost.unwrap_or(current.cost),
                budget_line_id: change.budget_line_id.unwrap_or(current.budget_line_id),
            })
            .await?;
        self.store
            .update_awareness(
                id,
                change.expected_version,
                &new,
                &changed,
                &actor.audit(now),
            )
            .await
            .map_err(charge_changed)?;
        self.seen_awareness(actor, UseCase::ChangeAwareness, id, None)
            .await
    }

    /// Awareness activities the actor reads, newest first, before `before`, at most
    /// `limit`.
    pub async fn list_awareness(
        &self,
        actor: &Actor,
        before: Option<AwarenessId>,
        limit: u32,
        now: OffsetDateTime,
    ) -> Result<Page<AwarenessActivity>, AppError> {
        let scope = self.authorize(actor, UseCase::ListAwareness, now).await?;
        let province = self.activities_province(actor, scope);
        let costs = self.sees_costs(actor, UseCase::ListAwareness);
        let activities = self
            .store
            .list_awareness(province, before, limit + 1)
            .await?
            .into_iter()
            .map(|a| if costs { a } else { awareness_without_cost(a) })
            .collect();
        Ok(Page::of(activities, limit))
    }

    /// One awareness activity.
    pub async fn read_awareness(
        &self,
        actor: &Actor,
        id: AwarenessId,
        now: OffsetDateTime,
    ) -> Result<AwarenessActivity, AppError> {
        let scope = self.authorize(actor, UseCase::ReadAwareness, now).await?;
        let province = self.activities_province(actor, scope);
        self.seen_awareness(actor, UseCase::ReadAwareness, id, province)
            .await
    }

    async fn seen_awareness(
        &self,
        actor: &Actor,
        use_case: UseCase,
        id: AwarenessId,
        province: Option<Province>,
    ) -> Result<AwarenessActivity, AppError> {
        let activity = self
            .store
            .get_awareness(id, province)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(if self.sees_costs(actor, use_case) {
            activity
        } else {
            awareness_without_cost(activity)
        })
    }
}

/// A training without its cost and charge, for readers who do not see costs.
fn without_cost(training: Training) -> Training {
    Training {
        cost: None,
        budget_line_id: None,
        ..training
    }
}

/// An awareness activity without its cost and charge.
fn awareness_without_cost(activity: AwarenessActivity) -> AwarenessActivity {
    AwarenessActivity {
        cost: None,
        budget_line_id: None,
        ..activity
    }
}
