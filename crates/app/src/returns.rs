//! Voluntary return and reintegration, to and from Afghanistan.
//!
//! A return is in the actor's scope exactly when its case is; outside it, `NotFound`. It
//! needs the person's `return` consent, and withdrawing that consent before departure
//! cancels it (see the store).

use panah_domain::{
    AgeGroup, Assistance, AssistanceId, AssistanceStatus, AssistanceType, AuditEvent, CaseCategory,
    CaseId, CaseNumber, Country, ExploitationType, FieldProblem, MonitoringScores, MonitoringVisit,
    OrganizationId, OrganizationKind, Person, Place, ReturnCase, ReturnDirection, ReturnId,
    ReturnStatus, ReturnStep, Sex, TextRule, check_route,
};
use panah_persistence::{NewReturn, NewVisit, ReturnFilter, StoreError};
use time::{Date, OffsetDateTime};

use crate::cases::case_scope;
use crate::error::valid;
use crate::{Actor, App, AppError, Page, UseCase};

/// A return's needs and a transition's comment.
const NEEDS: TextRule = TextRule::paragraphs(2000);
/// A comment on a move of the return.
const COMMENT: TextRule = TextRule::paragraphs(2000);
/// A monitoring visit's notes.
const VISIT_NOTES: TextRule = TextRule::paragraphs(4000);

/// A return to request.
#[derive(Debug, Clone)]
pub struct ReturnEntry {
    /// The case whose person returns; it needs a valid `return` consent.
    pub case_id: CaseId,
    /// Which way.
    pub direction: ReturnDirection,
    /// Where the journey starts.
    pub origin: Place,
    /// Where it ends.
    pub destination: Place,
    /// The cooperating state organisation: a ministry or a foreign state.
    pub cooperating: Option<OrganizationId>,
    /// Whether an escort is needed.
    pub escort_required: bool,
    /// The planned travel date.
    pub travel_date: Option<Date>,
    /// Needs for the journey and arrival.
    pub needs: Option<String>,
}

/// A monitoring visit to record.
#[derive(Debug, Clone)]
pub struct VisitEntry {
    /// When it took place; not in the future.
    pub date: Date,
    /// The three scores.
    pub scores: MonitoringScores,
    /// What was seen.
    pub notes: Option<String>,
}

/// A return with its history, reintegration plan and monitoring visits.
#[derive(Debug, Clone)]
pub struct ReturnSeen {
    /// The return.
    pub return_case: ReturnCase,
    /// Every move, oldest first.
    pub history: Vec<ReturnStep>,
    /// The reintegration plan: assistance linked to the return, costs as the actor may
    /// see them.
    pub plan: Vec<Assistance>,
    /// Monitoring visits, by date.
    pub visits: Vec<MonitoringVisit>,
}

/// An item of the reintegration plan as the receiving side sees it: no cost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanItem {
    /// The assistance record.
    pub id: AssistanceId,
    /// Kind of service.
    pub assistance_type: AssistanceType,
    /// Planned, delivered or cancelled.
    pub status: AssistanceStatus,
    /// When.
    pub date: Date,
    /// Who provides it.
    pub provider_organization_id: Option<OrganizationId>,
}

/// The person as the handover packet describes them without identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandoverProfile {
    /// The IOM case number, as a reference for both sides.
    pub case_number: CaseNumber,
    /// Category.
    pub category: CaseCategory,
    /// Sex.
    pub sex: Sex,
    /// Age group.
    pub age_group: Option<AgeGroup>,
    /// Citizenship.
    pub citizenship: Country,
    /// Types of exploitation.
    pub exploitation_types: Vec<ExploitationType>,
}

/// What the receiving side of a return needs: the journey, the person's needs and
/// reintegration plan, and the identity only with the person's consent.
#[derive(Debug, Clone)]
pub struct Handover {
    /// The return.
    pub return_case: ReturnCase,
    /// The person without identity.
    pub profile: HandoverProfile,
    /// The identity: only with a valid `data_sharing` consent covering foreign states.
    pub person: Option<Person>,
    /// Needs for the journey and arrival.
    pub needs: Option<String>,
    /// The reintegration plan, without costs.
    pub plan: Vec<PlanItem>,
    /// When the packet was produced.
    pub generated_at: OffsetDateTime,
}

impl App {
    /// Requests a voluntary return for a case; it needs a valid `return` consent.
    pub async fn request_return(
        &self,
        actor: &Actor,
        entry: ReturnEntry,
        now: OffsetDateTime,
    ) -> Result<ReturnSeen, AppError> {
        let granted = self.authorize(actor, UseCase::RequestReturn, now).await?;
        let mut problems = Vec::new();
        if let Err(route) = check_route(entry.direction, &entry.origin, &entry.destination) {
            problems.extend(
                route
                    .iter()
                    .map(|e| FieldProblem::new(e.field(), e.message())),
            );
        }
        if let Some(organization) = entry.cooperating {
            let fits = self
                .store
                .get_organization(organization)
                .await?
                .is_some_and(|o| {
                    matches!(
                        o.kind,
                        OrganizationKind::ForeignState
                            | OrganizationKind::MoiNational
                            | OrganizationKind::MoiProvincial
                            | OrganizationKind::PartnerMinistry
                    )
                });
            if !fits {
                problems.push(FieldProblem::new(
                    "cooperating_organization_id",
                    "must name a ministry or a foreign state",
                ));
            }
        }
        let needs = NEEDS.take("needs", entry.needs, &mut problems);
        valid(problems)?;
        let new = NewReturn {
            case_id: entry.case_id,
            direction: entry.direction,
            origin: entry.origin,
            destination: entry.destination,
            cooperating_organization_id: entry.cooperating,
            escort_required: entry.escort_required,
            travel_date: entry.travel_date,
            needs,
        };
        let scope = case_scope(actor, granted);
        let id = self
            .store
            .create_return(&new, scope, &actor.audit(now))
            .await
            .map_err(|error| match error {
                StoreError::ConsentRequired(missing) => {
                    AppError::consent_required("case_id", missing, "counsel the person first")
                }
                other => other.into(),
            })?;
        self.seen_return(actor, UseCase::RequestReturn, id, scope)
            .await
    }

    /// Returns in the actor's scope matching `filter`, newest first, before `before`,
    /// at most `limit`.
    pub async fn list_returns(
        &self,
        actor: &Actor,
        filter: &ReturnFilter,
        before: Option<ReturnId>,
        limit: u32,
        now: OffsetDateTime,
    ) -> Result<Page<ReturnCase>, AppError> {
        let scope = self.authorize(actor, UseCase::ListReturns, now).await?;
        let returns = self
            .store
            .list_returns(case_scope(actor, scope), filter, before, limit + 1)
            .await?;
        Ok(Page::of(returns, limit))
    }

    /// The return with its history, reintegration plan and monitoring visits.
    pub async fn read_return(
        &self,
        actor: &Actor,
        id: ReturnId,
        now: OffsetDateTime,
    ) -> Result<ReturnSeen, AppError> {
        let scope = self.authorize(actor, UseCase::ReadReturn, now).await?;
        self.seen_return(actor, UseCase::ReadReturn, id, case_scope(actor, scope))
            .await
    }

    /// Moves a return to its next step, or cancels it before departure. Steps cannot be
    /// skipped.
    pub async fn move_return(
        &self,
        actor: &Actor,
        id: ReturnId,
        to: ReturnStatus,
        comment: Option<String>,
        now: OffsetDateTime,
    ) -> Result<ReturnSeen, AppError> {
        let granted = self.authorize(actor, UseCase::MoveReturn, now).await?;
        let scope = case_scope(actor, granted);
        let current = self
            .store
            .get_return(id, scope)
            .await?
            .ok_or(AppError::NotFound)?;
        current
            .status
            .transition(to)
            .map_err(|refusal| AppError::InvalidTransition(refusal.to_string()))?;
        let comment = COMMENT
            .check("comment", comment.as_deref().unwrap_or_default())
            .map_err(|problem| AppError::Invalid(vec![problem]))?;
        self.store
            .transition_return(
                id,
                scope,
                current.status,
                to,
                comment.as_deref(),
                &actor.audit(now),
            )
            .await
            .map_err(|error| match error {
                StoreError::Conflict(_) => AppError::InvalidTransition(
                    "The return changed while you acted on it; read it again.".into(),
                ),
                other => other.into(),
            })?;
        self.seen_return(actor, UseCase::MoveReturn, id, scope)
            .await
    }

    /// The statuses `actor` may move `return_case` to, by the workflow: none unless they
    /// may move returns at all. Asked without running or auditing anything, for a door to
    /// offer only those moves; [`App::move_return`] still checks the one asked for.
    pub fn return_moves(&self, actor: &Actor, return_case: &ReturnCase) -> Vec<ReturnStatus> {
        if !self.permits(actor, UseCase::MoveReturn) {
            return Vec::new();
        }
        ReturnStatus::ALL
            .iter()
            .copied()
            .filter(|to| return_case.status.transition(*to).is_ok())
            .collect()
    }

    /// Whether `actor` may record a monitoring visit on `return_case` now: they may
    /// record visits, and the return is between arrival and completion. Asked without
    /// running or auditing anything; [`App::record_visit`] still checks.
    pub fn may_record_visit(&self, actor: &Actor, return_case: &ReturnCase) -> bool {
        self.permits(actor, UseCase::RecordVisit) && return_case.status.accepts_monitoring()
    }

    /// Records a monitoring visit, from arrival until the return is completed. The
    /// sustainability score is the mean of the three scores.
    pub async fn record_visit(
        &self,
        actor: &Actor,
        id: ReturnId,
        entry: VisitEntry,
        now: OffsetDateTime,
    ) -> Result<MonitoringVisit, AppError> {
        let granted = self.authorize(actor, UseCase::RecordVisit, now).await?;
        let scope = case_scope(actor, granted);
        self.store
            .get_return(id, scope)
            .await?
            .ok_or(AppError::NotFound)?;
        let mut problems = Vec::new();
        if entry.date > now.date() {
            problems.push(FieldProblem::new("date", "must not be in the future"));
        }
        let notes = VISIT_NOTES.take("notes", entry.notes, &mut problems);
        valid(problems)?;
        let new = NewVisit {
            visited_on: entry.date,
            scores: entry.scores,
            notes,
        };
        self.store
            .record_visit(id, scope, &new, &actor.audit(now))
            .await
            .map_err(|error| match error {
                StoreError::Conflict(_) => AppError::InvalidTransition(
                    "Monitoring visits are recorded from arrival until the return is completed."
                        .into(),
                ),
                other => other.into(),
            })
    }

    /// The handover packet for the receiving side: the journey, needs and reintegration
    /// plan (no costs), the person's identity only with a valid `data_sharing` consent
    /// covering foreign states. Every export is audited, with its purpose and recipient,
    /// before anything leaves.
    pub async fn hand_over_return(
        &self,
        actor: &Actor,
        id: ReturnId,
        now: OffsetDateTime,
    ) -> Result<Handover, AppError> {
        let granted = self.authorize(actor, UseCase::HandOverReturn, now).await?;
        let scope = case_scope(actor, granted);
        let return_case = self
            .store
            .get_return(id, scope)
            .await?
            .ok_or(AppError::NotFound)?;
        let case = self
            .store
            .case_for_change(return_case.case_id, scope)
            .await?
            .ok_or(AppError::NotFound)?;
        let consents = self
            .store
            .list_consents(case.id, scope)
            .await?
            .unwrap_or_default();
        let shares_identity = consents
            .iter()
            .any(|c| c.shares_with(OrganizationKind::ForeignState));
        let plan = self.store.return_plan(id).await?;
        let event = AuditEvent::success("return.handover", "return", id).with_details(
            serde_json::json!({
                "case_id": case.id,
                "identity": shares_identity,
                "purpose": "return_handover",
                "recipient": return_case.cooperating_organization_id,
            })
            .to_string(),
        );
        self.store.record_audit(&actor.audit(now), &event).await?;
        Ok(Handover {
            profile: HandoverProfile {
                case_number: case.case_number,
                category: case.category,
                sex: case.person.sex,
                age_group: case.age_group,
                citizenship: case.person.citizenship,
                exploitation_types: case.trafficking.exploitation_types,
            },
            person: shares_identity.then_some(case.person),
            needs: return_case.needs.clone(),
            plan: plan
                .into_iter()
                .map(|item| PlanItem {
                    id: item.id,
                    assistance_type: item.assistance_type,
                    status: item.status,
                    date: item.date,
                    provider_organization_id: item.provider_organization_id,
                })
                .collect(),
            return_case,
            generated_at: now,
        })
    }

    /// The return with its history, plan and visits, if in `scope`.
    async fn seen_return(
        &self,
        actor: &Actor,
        use_case: UseCase,
        id: ReturnId,
        scope: panah_persistence::CaseScope,
    ) -> Result<ReturnSeen, AppError> {
        let return_case = self
            .store
            .get_return(id, scope)
            .await?
            .ok_or(AppError::NotFound)?;
        let history = self.store.return_history(id).await?;
        let plan = self.store.return_plan(id).await?;
        let visits = self.store.list_visits(id).await?;
        Ok(ReturnSeen {
            return_case,
            history,
            plan: plan
                .into_iter()
                .map(|item| self.shown(actor, use_case, item))
                .collect(),
            visits,
        })
    }
}
