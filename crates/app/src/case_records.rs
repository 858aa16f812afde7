//! What a case file holds besides the person: consents, assistance and notes. Each lives
//! under its case and shares its scope: a record of a case outside the actor's scope is
//! `NotFound`, like one that does not exist.

use panah_domain::policy::Permission;
use panah_domain::{
    Assistance, AssistanceId, AssistanceStatus, AssistanceType, BudgetLineId, CaseId, CaseNote,
    Consent, ConsentId, ConsentKind, ConsentMethod, FieldProblem, GivenBy, Money, NoteId,
    OrganizationId, OrganizationKind, ReturnId, TextRule,
};
use panah_persistence::{AssistanceChanges, NewAssistance, NewConsent, StoreError, Withdrawal};
use time::{Date, OffsetDateTime};

use crate::cases::case_scope;
use crate::error::valid;
use crate::{Actor, App, AppError, Conflict, Page, UseCase};

/// An assistance record's description.
const DESCRIPTION: TextRule = TextRule::paragraphs(2000);
/// A note.
const NOTE: TextRule = TextRule::paragraphs(10_000).required();

/// A consent to record.
#[derive(Debug, Clone)]
pub struct ConsentEntry {
    /// What the person consented to.
    pub kind: ConsentKind,
    /// When, not in the future.
    pub given_on: Date,
    /// For `data_sharing` (and only for it): with which kinds of organisation.
    pub organization_kinds: Vec<OrganizationKind>,
    /// Who gave it: for a person under 18 on that day, a parent or guardian or a
    /// best-interests decision.
    pub given_by: GivenBy,
    /// How it was given, when recorded.
    pub method: Option<ConsentMethod>,
    /// Whether an interpreter helped.
    pub interpreter_used: bool,
}

/// Assistance to log.
#[derive(Debug, Clone)]
pub struct AssistanceEntry {
    /// The kind of service.
    pub assistance_type: AssistanceType,
    /// Where it stands.
    pub status: AssistanceStatus,
    /// When it was (or is to be) delivered.
    pub date: Date,
    /// Who provides it.
    pub provider: Option<OrganizationId>,
    /// What it cost; never negative.
    pub cost: Option<Money>,
    /// A description.
    pub description: Option<String>,
    /// A return of the same case whose reintegration plan this belongs to.
    pub return_id: Option<ReturnId>,
    /// The budget line the cost is charged to: in the grant's currency, on a date in its
    /// period.
    pub budget_line_id: Option<BudgetLineId>,
}

/// Changes to an assistance record; `None` leaves a field as it is, `Some(None)` removes
/// an optional one.
#[derive(Debug, Clone, Default)]
pub struct AssistanceChange {
    /// The version read, which must still be the current one.
    pub expected_version: i64,
    /// New status; a cancelled service stays cancelled.
    pub status: Option<AssistanceStatus>,
    /// New date.
    pub date: Option<Date>,
    /// New cost, or none.
    pub cost: Option<Option<Money>>,
    /// New description, or none.
    pub description: Option<Option<String>>,
    /// New budget line, or none (uncharged).
    pub budget_line_id: Option<Option<BudgetLineId>>,
}

/// Adds a problem for a negative cost.
pub(crate) fn check_cost(cost: Option<Money>, problems: &mut Vec<FieldProblem>) -> Option<Money> {
    if cost.is_some_and(|cost| cost.amount_minor < 0) {
        problems.push(FieldProblem::coded(
            "cost.amount_minor",
            "negative_amount",
            "must be 0 or more",
        ));
    }
    cost
}

/// The store's refusal of a charge whose grant changed between the check and the write.
pub(crate) fn charge_changed(error: StoreError) -> AppError {
    match error {
        StoreError::Conflict(_) => AppError::Conflict(Conflict::ChargeChanged),
        other => other.into(),
    }
}

impl App {
    /// Records a consent on a case.
    pub async fn record_consent(
        &self,
        actor: &Actor,
        case: CaseId,
        entry: ConsentEntry,
        now: OffsetDateTime,
    ) -> Result<Consent, AppError> {
        let scope = self.authorize(actor, UseCase::RecordConsent, now).await?;
        let mut problems = Vec::new();
        if entry.given_on > now.date() {
            problems.push(FieldProblem::coded(
                "given_on",
                "in_future",
                "must not be in the future",
            ));
        }
        match entry.kind {
            ConsentKind::DataSharing if entry.organization_kinds.is_empty() => {
                problems.push(FieldProblem::coded(
                    "organization_kinds",
                    "organization_kinds_required",
                    "name at least one kind of organisation to share data with",
                ));
            }
            ConsentKind::DataSharing => {}
            _ if !entry.organization_kinds.is_empty() => problems.push(FieldProblem::coded(
                "organization_kinds",
                "organization_kinds_not_allowed",
                "only a data_sharing consent names organisation kinds",
            )),
            _ => {}
        }
        // The person's age on the day decides who may consent; reading it opens nothing
        // that leaves the app.
        let scope = case_scope(actor, scope);
        let Some(file) = self.store.case_for_change(case, scope).await? else {
            return Err(AppError::NotFound);
        };
        let age = file.person.age(file.identified_on, entry.given_on);
        problems.extend(entry.given_by.problem_for_age(age, "given_by"));
        valid(problems)?;
        let new = NewConsent {
            kind: entry.kind,
            given_on: entry.given_on,
            organization_kinds: entry.organization_kinds,
            given_by: entry.given_by,
            method: entry.method,
            interpreter_used: entry.interpreter_used,
        };
        Ok(self
            .store
            .record_consent(case, scope, &new, &actor.audit(now))
            .await?)
    }

    /// Every consent of a case, withdrawn ones included, in the order they were
    /// recorded. A person gives a handful of consents in a case's life: no paging.
    pub async fn consents(
        &self,
        actor: &Actor,
        case: CaseId,
        now: OffsetDateTime,
    ) -> Result<Vec<Consent>, AppError> {
        let scope = self.authorize(actor, UseCase::ListConsents, now).await?;
        self.store
            .list_consents(case, case_scope(actor, scope))
            .await?
            .ok_or(AppError::NotFound)
    }

    /// One consent of a case.
    pub async fn consent(
        &self,
        actor: &Actor,
        case: CaseId,
        id: ConsentId,
        now: OffsetDateTime,
    ) -> Result<Consent, AppError> {
        let scope = self.authorize(actor, UseCase::ReadConsent, now).await?;
        self.store
            .get_consent(case, id, case_scope(actor, scope))
            .await?
            .ok_or(AppError::NotFound)
    }

    /// Withdraws a consent as of `withdrawn_on` (default: today). The consent stays,
    /// dated as withdrawn; what relied on it stops in the same transaction (referrals
    /// stop disclosing the identity, returns not yet under way are cancelled).
    pub async fn withdraw_consent(
        &self,
        actor: &Actor,
        case: CaseId,
        id: ConsentId,
        withdrawn_on: Option<Date>,
        now: OffsetDateTime,
    ) -> Result<Consent, AppError> {
        let scope = self.authorize(actor, UseCase::WithdrawConsent, now).await?;
        let today = now.date();
        let withdrawn_on = withdrawn_on.unwrap_or(today);
        if withdrawn_on > today {
            return Err(AppError::invalid(
                "withdrawn_on",
                "must not be in the future",
            ));
        }
        let outcome = self
            .store
            .withdraw_consent(
                case,
                id,
                case_scope(actor, scope),
                withdrawn_on,
                &actor.audit(now),
            )
            .await?;
        match outcome {
            Withdrawal::Withdrawn(consent) => Ok(consent),
            Withdrawal::AlreadyWithdrawn => Err(AppError::Conflict(Conflict::AlreadyWithdrawn)),
            Withdrawal::BeforeGiven => Err(AppError::invalid(
                "withdrawn_on",
                "must not be before the consent was given",
            )),
        }
    }

    /// Logs assistance on a case.
    pub async fn log_assistance(
        &self,
        actor: &Actor,
        case: CaseId,
        entry: AssistanceEntry,
        now: OffsetDateTime,
    ) -> Result<Assistance, AppError> {
        let granted = self.authorize(actor, UseCase::LogAssistance, now).await?;
        let scope = case_scope(actor, granted);
        let mut problems = Vec::new();
        let cost = check_cost(entry.cost, &mut problems);
        let description = DESCRIPTION.take("description", entry.description, &mut problems);
        if let Some(provider) = entry.provider
            && self.store.get_organization(provider).await?.is_none()
        {
            problems.push(FieldProblem::coded(
                "provider_organization_id",
                "unknown_organization",
                "names no organisation",
            ));
        }
        if let Some(return_id) = entry.return_id {
            let of_this_case = self
                .store
                .get_return(return_id, scope)
                .await?
                .is_some_and(|r| r.case_id == case);
            if !of_this_case {
                problems.push(FieldProblem::new(
                    "return_id",
                    "names no return of this case",
                ));
            }
        }
        self.check_charge(
            entry.budget_line_id,
            cost,
            entry.date,
            "date",
            &mut problems,
        )
        .await?;
        valid(problems)?;
        let new = NewAssistance {
            assistance_type: entry.assistance_type,
            status: entry.status,
            date: entry.date,
            provider_organization_id: entry.provider,
            cost,
            description,
            return_id: entry.return_id,
            budget_line_id: entry.budget_line_id,
        };
        let logged = self
            .store
            .create_assistance(case, scope, &new, &actor.audit(now))
            .await
            .map_err(charge_changed)?;
        Ok(self.shown(actor, UseCase::LogAssistance, logged))
    }

    /// The assistance logged on a case, in the order it was logged, after `after`, at
    /// most `limit`.
    pub async fn assistance(
        &self,
        actor: &Actor,
        case: CaseId,
        after: Option<AssistanceId>,
        limit: u32,
        now: OffsetDateTime,
    ) -> Result<Page<Assistance>, AppError> {
        let scope = self.authorize(actor, UseCase::ListAssistance, now).await?;
        let records = self
            .store
            .list_assistance(case, case_scope(actor, scope), after, limit + 1)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(Page::of(records, limit).map(|a| self.shown(actor, UseCase::ListAssistance, a)))
    }

    /// One assistance record.
    pub async fn assistance_record(
        &self,
        actor: &Actor,
        case: CaseId,
        id: AssistanceId,
        now: OffsetDateTime,
    ) -> Result<Assistance, AppError> {
        let scope = self.authorize(actor, UseCase::ReadAssistance, now).await?;
        let record = self
            .store
            .get_assistance(case, id, case_scope(actor, scope))
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(self.shown(actor, UseCase::ReadAssistance, record))
    }

    /// Changes an assistance record. Any status change is allowed except out of
    /// `cancelled`; the charge is checked as it will stand after the change.
    pub async fn change_assistance(
        &self,
        actor: &Actor,
        case: CaseId,
        id: AssistanceId,
        change: AssistanceChange,
        now: OffsetDateTime,
    ) -> Result<Assistance, AppError> {
        let granted = self
            .authorize(actor, UseCase::ChangeAssistance, now)
            .await?;
        let scope = case_scope(actor, granted);
        let current = self
            .store
            .get_assistance(case, id, scope)
            .await?
            .ok_or(AppError::NotFound)?;
        if current.version != change.expected_version {
            return Err(AppError::VersionMismatch);
        }
        // The rule is checked against the version read; the update applies only to that
        // same version, so the status it was checked against is the one it changes.
        if let Some(to) = change.status
            && current.status == AssistanceStatus::Cancelled
            && to != AssistanceStatus::Cancelled
        {
            return Err(AppError::InvalidTransition(format!(
                "A cancelled service cannot become {to}."
            )));
        }
        let mut problems = Vec::new();
        let changes = AssistanceChanges {
            status: change.status,
            date: change.date,
            cost: change.cost.map(|cost| check_cost(cost, &mut problems)),
            description: change
                .description
                .map(|text| DESCRIPTION.take("description", text, &mut problems)),
            budget_line_id: change.budget_line_id,
        };
        if changes.status.is_none()
            && changes.date.is_none()
            && changes.cost.is_none()
            && changes.description.is_none()
            && changes.budget_line_id.is_none()
        {
            problems.push(FieldProblem::new(
                "body",
                "give at least one of status, date, cost, description, budget_line_id",
            ));
        }
        self.check_charge(
            changes.budget_line_id.unwrap_or(current.budget_line_id),
            changes.cost.unwrap_or(current.cost),
            changes.date.unwrap_or(current.date),
            "date",
            &mut problems,
        )
        .await?;
        valid(problems)?;
        let updated = self
            .store
            .update_assistance(
                case,
                id,
                scope,
                change.expected_version,
                &changes,
                &actor.audit(now),
            )
            .await
            .map_err(charge_changed)?;
        Ok(self.shown(actor, UseCase::ChangeAssistance, updated))
    }

    /// Writes a note on a case.
    pub async fn write_note(
        &self,
        actor: &Actor,
        case: CaseId,
        body: &str,
        now: OffsetDateTime,
    ) -> Result<CaseNote, AppError> {
        let scope = self.authorize(actor, UseCase::WriteNote, now).await?;
        let body = NOTE
            .check("body", body)
            .map_err(|problem| AppError::Invalid(vec![problem]))?
            .unwrap_or_default();
        Ok(self
            .store
            .create_note(case, case_scope(actor, scope), &body, &actor.audit(now))
            .await?)
    }

    /// The notes of a case, newest first, before `before`, at most `limit`. The read is
    /// audited.
    pub async fn notes(
        &self,
        actor: &Actor,
        case: CaseId,
        before: Option<NoteId>,
        limit: u32,
        now: OffsetDateTime,
    ) -> Result<Page<CaseNote>, AppError> {
        let scope = self.authorize(actor, UseCase::ReadNotes, now).await?;
        let notes = self
            .store
            .list_notes(
                case,
                case_scope(actor, scope),
                before,
                limit + 1,
                &actor.audit(now),
            )
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(Page::of(notes, limit))
    }

    /// One note of a case. The read is audited.
    pub async fn note(
        &self,
        actor: &Actor,
        case: CaseId,
        id: NoteId,
        now: OffsetDateTime,
    ) -> Result<CaseNote, AppError> {
        let scope = self.authorize(actor, UseCase::ReadNotes, now).await?;
        self.store
            .read_note(case, id, case_scope(actor, scope), &actor.audit(now))
            .await?
            .ok_or(AppError::NotFound)
    }

    /// Checks a charge to a budget line: the line exists, there is a cost, in the
    /// grant's currency, on a date in the grant's period (a problem of the date names
    /// `date_field`). The store checks it again inside its write, against a grant changed
    /// meanwhile. Assistance, trainings and awareness activities are all charged so.
    pub(crate) async fn check_charge(
        &self,
        line: Option<BudgetLineId>,
        cost: Option<Money>,
        date: Date,
        date_field: &str,
        problems: &mut Vec<FieldProblem>,
    ) -> Result<(), AppError> {
        let Some(line) = line else {
            return Ok(());
        };
        let Some(target) = self.store.charge_target(line).await? else {
            problems.push(FieldProblem::coded(
                "budget_line_id",
                "unknown_budget_line",
                "names no budget line",
            ));
            return Ok(());
        };
        match cost {
            None => problems.push(FieldProblem::coded(
                "cost",
                "cost_required_for_charge",
                "is required to charge a budget line",
            )),
            Some(cost) if cost.currency != target.currency => {
                return Err(AppError::CurrencyMismatch {
                    cost: cost.currency,
                    budget: target.currency,
                });
            }
            Some(_) => {}
        }
        if date < target.starts_on || date > target.ends_on {
            problems.push(FieldProblem::coded(
                date_field,
                "outside_grant_period",
                format!(
                    "must fall in the grant's period, {} to {}",
                    target.starts_on, target.ends_on
                ),
            ));
        }
        Ok(())
    }

    /// An assistance record as `actor` may see it: without its cost and charge unless the
    /// policy lets them read costs.
    pub(crate) fn shown(&self, actor: &Actor, use_case: UseCase, record: Assistance) -> Assistance {
        if self
            .may(actor, use_case, Permission::AssistanceCostsRead)
            .is_some()
        {
            record
        } else {
            Assistance {
                cost: None,
                budget_line_id: None,
                ..record
            }
        }
    }
}
