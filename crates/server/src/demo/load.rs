//! Replays the plan through the application's use cases, one step at a time in time
//! order, as the staff member the plan names and at the moment it names (`now` is the
//! step's time). The app applies every rule the API applies, so every record written is
//! one the API would have accepted at that moment; a step it refuses is a bug in the
//! plan, and stops the load. Nothing here checks a rule of its own.

mod workflows;

use std::collections::HashMap;
use std::io::Write;

use anyhow::{Context, anyhow};
use panah_app::{
    Actor, App, AppError, AssistanceEntry, CaseChange, ConsentEntry, Door, NewCaseFile,
};
use panah_domain::{
    BudgetLineId, CaseId, CaseStatus, ConsentId, Organization, ReferralAction, ReferralId,
    ReturnId, User,
};
use time::OffsetDateTime;

use super::plan::{Event, GrantKey, Plan, Step};
use super::staff::Who;

/// The demo's staff, organisations and budget lines, as stored.
#[derive(Debug)]
pub(crate) struct Directory {
    pub users: HashMap<Who, User>,
    pub organizations: HashMap<String, Organization>,
    pub lines: HashMap<(GrantKey, &'static str), BudgetLineId>,
}

impl Directory {
    pub(crate) fn user(&self, who: Who) -> anyhow::Result<&User> {
        self.users
            .get(&who)
            .ok_or_else(|| anyhow!("the demo user {who:?} was not created"))
    }

    pub(crate) fn organization(&self, code: &str) -> anyhow::Result<&Organization> {
        self.organizations
            .get(code)
            .ok_or_else(|| anyhow!("the organisation {code} is missing from the database"))
    }
}

/// What the load wrote.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    pub cases: usize,
    pub consents: usize,
    pub withdrawals: usize,
    pub assistance: usize,
    pub referrals: usize,
    pub referral_steps: usize,
    pub returns: usize,
    pub return_steps: usize,
    pub visits: usize,
}

/// A case as the load knows it: the version its next change must name.
#[derive(Debug, Clone, Copy)]
struct CaseState {
    id: CaseId,
    version: i64,
}

/// A refusal of the app: a bug in the plan, named so that it can be found.
pub(super) fn refused(error: AppError) -> anyhow::Error {
    anyhow!("the demo data breaks a rule of the API: {error}")
}

/// A step that the plan itself gets wrong.
pub(super) fn plan_bug(what: &str) -> anyhow::Error {
    anyhow!("the demo plan is inconsistent: {what}")
}

struct Replay<'a> {
    app: &'a App,
    plan: &'a Plan,
    directory: &'a Directory,
    cases: Vec<Option<CaseState>>,
    consents: Vec<Option<ConsentId>>,
    referrals: Vec<Option<ReferralId>>,
    returns: Vec<Option<ReturnId>>,
    tally: Tally,
}

/// Runs every step of `plan`, printing a line of progress to `progress` for each month
/// of the demo's time.
pub(crate) async fn replay(
    app: &App,
    plan: &Plan,
    directory: &Directory,
    progress: &mut dyn Write,
) -> anyhow::Result<Tally> {
    let mut replay = Replay {
        app,
        plan,
        directory,
        cases: vec![None; plan.cases.len()],
        consents: vec![None; plan.consents.len()],
        referrals: vec![None; plan.referrals.len()],
        returns: vec![None; plan.returns.len()],
        tally: Tally::default(),
    };
    let mut month = None;
    for (n, event) in plan.events.iter().enumerate() {
        let this_month = (event.at.year(), event.at.month());
        if month.is_some_and(|m| m != this_month) {
            replay.report(month, progress)?;
        }
        month = Some(this_month);
        replay.step(event).await.with_context(|| {
            format!("step {} of {} ({:?})", n + 1, plan.events.len(), event.step)
        })?;
    }
    replay.report(month, progress)?;
    Ok(replay.tally)
}

/// `user` acting through the demo.
pub(super) fn acting(user: &User) -> Actor {
    Actor::user(user.clone(), None, None, Door::Demo, "panah demo")
}

impl Replay<'_> {
    fn report(
        &self,
        month: Option<(i32, time::Month)>,
        progress: &mut dyn Write,
    ) -> anyhow::Result<()> {
        let Some((year, month)) = month else {
            return Ok(());
        };
        let plan = self.plan;
        writeln!(
            progress,
            "{year}-{:02}  cases {:>3}/{}  referrals {:>3}/{}  returns {:>2}/{}",
            month as u8,
            self.tally.cases,
            plan.cases.len(),
            self.tally.referrals,
            plan.referrals.len(),
            self.tally.returns,
            plan.returns.len(),
        )?;
        Ok(())
    }

    fn case(&self, case: usize) -> anyhow::Result<CaseState> {
        self.cases[case].ok_or_else(|| plan_bug(&format!("case {case} is used before it exists")))
    }

    fn referral(&self, referral: usize) -> anyhow::Result<ReferralId> {
        self.referrals[referral]
            .ok_or_else(|| plan_bug(&format!("referral {referral} is used before it exists")))
    }

    fn return_id(&self, return_plan: usize) -> anyhow::Result<ReturnId> {
        self.returns[return_plan]
            .ok_or_else(|| plan_bug(&format!("return {return_plan} is used before it exists")))
    }

    async fn step(&mut self, event: &Event) -> anyhow::Result<()> {
        let actor = acting(self.directory.user(event.who)?);
        let at = event.at;
        match &event.step {
            Step::CreateCase(case) => self.create_case(&actor, *case, at).await,
            Step::CaseStatus { case, to } => self.case_status(&actor, *case, *to, at).await,
            Step::Consent(consent) => self.consent(&actor, *consent, at).await,
            Step::WithdrawConsent { consent, on } => {
                let case = self.case(self.plan.consents[*consent].case)?;
                let id = self.consents[*consent]
                    .ok_or_else(|| plan_bug("a consent withdrawn before it was given"))?;
                self.app
                    .withdraw_consent(&actor, case.id, id, Some(*on), at)
                    .await
                    .map_err(refused)?;
                self.tally.withdrawals += 1;
                Ok(())
            }
            Step::Assistance(item) => self.assistance(&actor, *item, at).await,
            Step::CreateReferral(referral) => self.create_referral(&actor, *referral, at).await,
            Step::ReferralAction {
                referral,
                action,
                comment,
            } => {
                self.referral_action(&actor, *referral, *action, None, *comment, at)
                    .await
            }
            Step::AcceptInbound {
                referral,
                case,
                comment,
            } => {
                let action = ReferralAction::Accept;
                self.referral_action(&actor, *referral, action, Some(*case), *comment, at)
                    .await
            }
            Step::CreateReturn(return_plan) => self.create_return(&actor, *return_plan, at).await,
            Step::MoveReturn {
                return_plan,
                to,
                comment,
            } => {
                self.move_return(&actor, *return_plan, *to, *comment, at)
                    .await
            }
            Step::Visit {
                return_plan,
                on,
                scores,
                notes,
            } => {
                self.visit(&actor, *return_plan, *on, *scores, *notes, at)
                    .await
            }
        }
    }

    async fn create_case(
        &mut self,
        actor: &Actor,
        case: usize,
        at: OffsetDateTime,
    ) -> anyhow::Result<()> {
        let plan = &self.plan.cases[case];
        let new = NewCaseFile {
            category: plan.category,
            province: plan.province,
            identified_on: plan.identified_on,
            identified_by: Some(self.directory.organization(&plan.identified_by)?.id),
            assigned_to: Some(self.directory.user(plan.assigned_to)?.id),
            person: plan.person.clone(),
            trafficking: plan.trafficking.clone(),
        };
        let created = self
            .app
            .register_case(actor, new, at)
            .await
            .map_err(refused)?;
        self.cases[case] = Some(CaseState {
            id: created.id,
            version: created.version,
        });
        self.tally.cases += 1;
        Ok(())
    }

    async fn case_status(
        &mut self,
        actor: &Actor,
        case: usize,
        to: CaseStatus,
        at: OffsetDateTime,
    ) -> anyhow::Result<()> {
        let state = self.case(case)?;
        let change = CaseChange {
            expected_version: state.version,
            status: Some(to),
            ..CaseChange::default()
        };
        let changed = self
            .app
            .change_case(actor, state.id, change, at)
            .await
            .map_err(refused)?;
        self.cases[case] = Some(CaseState {
            id: changed.id,
            version: changed.version,
        });
        Ok(())
    }

    async fn consent(
        &mut self,
        actor: &Actor,
        consent: usize,
        at: OffsetDateTime,
    ) -> anyhow::Result<()> {
        let plan = &self.plan.consents[consent];
        let case = self.case(plan.case)?;
        let entry = ConsentEntry {
            kind: plan.kind,
            given_on: plan.given_on,
            organization_kinds: plan.organization_kinds.clone(),
            given_by: plan.given_by,
            method: Some(plan.method),
            interpreter_used: plan.interpreter_used,
        };
        let recorded = self
            .app
            .record_consent(actor, case.id, entry, at)
            .await
            .map_err(refused)?;
        self.consents[consent] = Some(recorded.id);
        self.tally.consents += 1;
        Ok(())
    }

    async fn assistance(
        &mut self,
        actor: &Actor,
        item: usize,
        at: OffsetDateTime,
    ) -> anyhow::Result<()> {
        let plan = &self.plan.assistance[item];
        let provider = plan
            .provider
            .map(|code| self.directory.organization(code).map(|o| o.id))
            .transpose()?;
        let return_id = plan.return_plan.map(|r| self.return_id(r)).transpose()?;
        let budget_line_id = plan
            .line
            .map(|(key, code)| {
                self.directory
                    .lines
                    .get(&(key, code))
                    .copied()
                    .ok_or_else(|| plan_bug(&format!("no budget line {code}")))
            })
            .transpose()?;
        let case = self.case(plan.case)?;
        let entry = AssistanceEntry {
            assistance_type: plan.assistance_type,
            status: plan.status,
            date: plan.date,
            provider,
            cost: plan.cost,
            description: plan.description.clone(),
            return_id,
            budget_line_id,
        };
        self.app
            .log_assistance(actor, case.id, entry, at)
            .await
            .map_err(refused)?;
        self.tally.assistance += 1;
        Ok(())
    }
}
