//! Donors' grants and their budget lines: programme managers write them, case managers
//! and programme managers read them.

use std::collections::HashSet;

use panah_domain::{
    BudgetLineId, ChargeableLine, Currency, FieldProblem, Grant, GrantId, OrganizationId,
    OrganizationKind, TextRule, is_valid_code,
};
use panah_persistence::{GrantChanges, NewBudgetLine, NewGrant, StoreError};
use time::{Date, OffsetDateTime};

use crate::error::valid;
use crate::{Actor, App, AppError, Conflict, Page, UseCase};

/// A grant's title and a budget line's name.
const TITLE: TextRule = TextRule::line(200);
/// The most budget lines a grant holds.
const MAX_LINES: usize = 100;
/// The most budget lines one list of chargeable lines shows: every line of every grant
/// running at a date, many times over.
const CHARGEABLE_LINES_LIMIT: u32 = 1000;

/// A budget line as given.
#[derive(Debug, Clone)]
pub struct LineEntry {
    /// Code, unique within the grant.
    pub code: String,
    /// Name.
    pub name: String,
    /// Amount in minor units of the grant's currency, not negative.
    pub amount_minor: i64,
}

/// A grant to create.
#[derive(Debug, Clone)]
pub struct GrantEntry {
    /// Unique code, such as `US-CT-2026-01`.
    pub code: String,
    /// Title.
    pub title: String,
    /// The donor (an organisation of kind `donor`).
    pub donor: OrganizationId,
    /// The budget's currency.
    pub currency: Currency,
    /// First day.
    pub starts_on: Date,
    /// Last day, not before the first.
    pub ends_on: Date,
    /// Budget lines, at least one, with distinct codes.
    pub lines: Vec<LineEntry>,
}

/// Changes to a grant. Budget lines are matched by code: a listed code changes that line,
/// a new one is added; lines are never removed.
#[derive(Debug, Clone, Default)]
pub struct GrantChange {
    /// The version read, which must still be the current one.
    pub expected_version: i64,
    /// New title.
    pub title: Option<String>,
    /// New first day; charged costs must stay inside the period.
    pub starts_on: Option<Date>,
    /// New last day.
    pub ends_on: Option<Date>,
    /// Lines to change or add.
    pub lines: Vec<LineEntry>,
}

/// Checks budget lines: at most [`MAX_LINES`], each code valid and unique, amounts not
/// negative, names like titles.
fn check_lines(lines: Vec<LineEntry>, problems: &mut Vec<FieldProblem>) -> Vec<NewBudgetLine> {
    if lines.len() > MAX_LINES {
        problems.push(FieldProblem::new(
            "budget_lines",
            format!("must be at most {MAX_LINES} lines"),
        ));
    }
    let mut codes = HashSet::new();
    lines
        .into_iter()
        .enumerate()
        .map(|(i, line)| {
            let code = line.code.trim().to_owned();
            if !is_valid_code(&code) {
                problems.push(FieldProblem::new(
                    format!("budget_lines[{i}].code"),
                    "must be 1 to 40 letters, digits, '-', '_' or '.'",
                ));
            } else if !codes.insert(code.clone()) {
                problems.push(FieldProblem::coded(
                    format!("budget_lines[{i}].code"),
                    "appears_twice",
                    "appears twice",
                ));
            }
            if line.amount_minor < 0 {
                problems.push(FieldProblem::coded(
                    format!("budget_lines[{i}].amount_minor"),
                    "negative_budget",
                    "must not be negative",
                ));
            }
            NewBudgetLine {
                name: TITLE
                    .take(
                        &format!("budget_lines[{i}].name"),
                        Some(line.name),
                        problems,
                    )
                    .unwrap_or_default(),
                code,
                amount_minor: line.amount_minor,
            }
        })
        .collect()
}

/// Adds a problem when the period ends before it starts.
fn check_period(starts_on: Date, ends_on: Date, problems: &mut Vec<FieldProblem>) {
    if ends_on < starts_on {
        problems.push(FieldProblem::coded(
            "ends_on",
            "ends_before_start",
            "must not be before starts_on",
        ));
    }
}

impl App {
    /// Creates a grant with its budget lines. The code is unique.
    pub async fn create_grant(
        &self,
        actor: &Actor,
        entry: GrantEntry,
        now: OffsetDateTime,
    ) -> Result<Grant, AppError> {
        self.authorize(actor, UseCase::CreateGrant, now).await?;
        let mut problems = Vec::new();
        let code = entry.code.trim().to_owned();
        if !is_valid_code(&code) {
            problems.push(FieldProblem::new(
                "code",
                "must be 1 to 40 letters, digits, '-', '_' or '.'",
            ));
        }
        let title = TITLE
            .take("title", Some(entry.title), &mut problems)
            .unwrap_or_default();
        check_period(entry.starts_on, entry.ends_on, &mut problems);
        if entry.lines.is_empty() {
            problems.push(FieldProblem::new(
                "budget_lines",
                "give at least one budget line",
            ));
        }
        let budget_lines = check_lines(entry.lines, &mut problems);
        let donor = self.store.get_organization(entry.donor).await?;
        if donor.is_none_or(|d| d.kind != OrganizationKind::Donor) {
            problems.push(FieldProblem::new(
                "donor_organization_id",
                "must name a donor",
            ));
        }
        valid(problems)?;
        let new = NewGrant {
            code,
            title,
            donor_organization_id: entry.donor,
            currency: entry.currency,
            starts_on: entry.starts_on,
            ends_on: entry.ends_on,
            budget_lines,
        };
        let id = self
            .store
            .create_grant(&new, &actor.audit(now))
            .await
            .map_err(|error| match error {
                StoreError::Conflict(_) => AppError::Conflict(Conflict::GrantCodeTaken),
                other => other.into(),
            })?;
        self.store.get_grant(id).await?.ok_or(AppError::NotFound)
    }

    /// Grants by code, after the code `after`, at most `limit`.
    pub async fn list_grants(
        &self,
        actor: &Actor,
        after: Option<&str>,
        limit: u32,
        now: OffsetDateTime,
    ) -> Result<Page<Grant>, AppError> {
        self.authorize(actor, UseCase::ListGrants, now).await?;
        let grants = self.store.list_grants(after, limit + 1).await?;
        Ok(Page::of(grants, limit))
    }

    /// The budget lines a cost dated `on` in `currency` may be charged to (either left
    /// out: any), for those who log assistance: which line of which grant, its currency
    /// and period, never its amount or what was spent.
    pub async fn chargeable_lines(
        &self,
        actor: &Actor,
        on: Option<Date>,
        currency: Option<Currency>,
        now: OffsetDateTime,
    ) -> Result<Vec<ChargeableLine>, AppError> {
        self.authorize(actor, UseCase::ListChargeableLines, now)
            .await?;
        Ok(self
            .store
            .chargeable_lines(on, currency, CHARGEABLE_LINES_LIMIT)
            .await?)
    }

    /// One grant.
    pub async fn grant(
        &self,
        actor: &Actor,
        id: GrantId,
        now: OffsetDateTime,
    ) -> Result<Grant, AppError> {
        self.authorize(actor, UseCase::ReadGrant, now).await?;
        self.store.get_grant(id).await?.ok_or(AppError::NotFound)
    }

    /// What each budget line of grant `id` has spent so far (delivered assistance,
    /// trainings and awareness activities charged to it), in minor units of the grant's currency, for whoever may read the grant: a
    /// sum of money, never a count of people, so nothing in it is suppressed.
    pub async fn grant_spend(
        &self,
        actor: &Actor,
        id: GrantId,
        now: OffsetDateTime,
    ) -> Result<Vec<(BudgetLineId, i64)>, AppError> {
        self.authorize(actor, UseCase::ReadGrant, now).await?;
        Ok(self.store.spent_by_line(id).await?)
    }

    /// Changes a grant. The period must keep every charged cost inside it.
    pub async fn change_grant(
        &self,
        actor: &Actor,
        id: GrantId,
        change: GrantChange,
        now: OffsetDateTime,
    ) -> Result<Grant, AppError> {
        self.authorize(actor, UseCase::ChangeGrant, now).await?;
        let current = self.store.get_grant(id).await?.ok_or(AppError::NotFound)?;
        if current.version != change.expected_version {
            return Err(AppError::VersionMismatch);
        }
        let mut problems = Vec::new();
        if change.title.is_none()
            && change.starts_on.is_none()
            && change.ends_on.is_none()
            && change.lines.is_empty()
        {
            problems.push(FieldProblem::new(
                "body",
                "give at least one field to change",
            ));
        }
        let title = TITLE.take("title", change.title, &mut problems);
        let starts_on = change.starts_on.unwrap_or(current.starts_on);
        let ends_on = change.ends_on.unwrap_or(current.ends_on);
        check_period(starts_on, ends_on, &mut problems);
        self.check_charged(id, starts_on, ends_on, &mut problems)
            .await?;
        let budget_lines = check_lines(change.lines, &mut problems);
        valid(problems)?;
        let changes = GrantChanges {
            title,
            starts_on: change.starts_on,
            ends_on: change.ends_on,
            budget_lines,
        };
        match self
            .store
            .update_grant(id, change.expected_version, &changes, &actor.audit(now))
            .await
        {
            Ok(()) => {}
            // A cost was charged between the check above and the write, which checks again.
            Err(StoreError::Conflict(GrantChanges::PERIOD_LEAVES_CHARGES)) => {
                let mut problems = Vec::new();
                self.check_charged(id, starts_on, ends_on, &mut problems)
                    .await?;
                if problems.is_empty() {
                    // And was uncharged again since: the actor may simply retry.
                    return Err(AppError::Conflict(Conflict::ChargedMeanwhile));
                }
                return Err(AppError::Invalid(problems));
            }
            Err(other) => return Err(other.into()),
        }
        self.store.get_grant(id).await?.ok_or(AppError::NotFound)
    }

    /// Adds a problem for each end of the period `starts_on`–`ends_on` that would leave
    /// a cost charged to grant `id` outside: a later first day is the fault of
    /// `starts_on`, an earlier last day of `ends_on`.
    async fn check_charged(
        &self,
        id: GrantId,
        starts_on: Date,
        ends_on: Date,
        problems: &mut Vec<FieldProblem>,
    ) -> Result<(), AppError> {
        if let Some((first, last)) = self.store.charged_dates(id).await? {
            for (field, outside) in [
                ("starts_on", first < starts_on),
                ("ends_on", last > ends_on),
            ] {
                if outside {
                    problems.push(FieldProblem::new(
                        field,
                        format!("the period must keep the costs charged from {first} to {last}"),
                    ));
                }
            }
        }
        Ok(())
    }
}
