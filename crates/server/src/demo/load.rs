//! Replays the plan through the [`Store`], one step at a time in time order, as the staff
//! member the plan names and at the moment it names. Before each step it applies the
//! checks the API applies to the same request — the authorization policy, the workflows
//! of the domain, and the API's own rules on dates, texts, consents and budget lines — so
//! that every record written is one the API would have accepted at that moment. A step
//! that fails them is a bug in the plan, and stops the load.

mod rules;
mod workflows;

use std::collections::HashMap;
use std::io::Write;

use anyhow::{Context, anyhow, ensure};
use panah_domain::policy::{Permission, Scope};
use panah_domain::{
    AuditContext, BudgetLineId, CaseId, CaseStatus, ConsentId, ConsentKind, Organization,
    ReferralAction, ReferralId, ReturnId, Role, StatusActor, User, UserId,
};
use panah_persistence::{
    CaseChanges, CaseScope, NewAssistance, NewCase, NewConsent, Store, Withdrawal,
};
use time::Date;

use super::plan::{Event, GrantKey, Plan, Step};
use super::staff::Who;
use rules::{MAX_DESCRIPTION_CHARS, allowed, check_person, check_text, rule};

/// The demo's staff, organisations and budget lines, as stored.
#[derive(Debug)]
pub(crate) struct Directory {
    pub users: HashMap<Who, User>,
    pub organizations: HashMap<String, Organization>,
    pub lines: HashMap<(GrantKey, &'static str), BudgetLineId>,
}

impl Directory {
    fn user(&self, who: Who) -> anyhow::Result<&User> {
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

/// A case as the load knows it: for the version its next change must name.
#[derive(Debug, Clone, Copy)]
struct CaseState {
    id: CaseId,
    version: i64,
    status: CaseStatus,
    assigned_to: Option<UserId>,
}

struct Replay<'a> {
    store: &'a Store,
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
    store: &Store,
    plan: &Plan,
    directory: &Directory,
    progress: &mut dyn Write,
) -> anyhow::Result<Tally> {
    let mut replay = Replay {
        store,
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
        self.cases[case].ok_or_else(|| rule(format!("case {case} is used before it exists")))
    }

    fn referral(&self, referral: usize) -> anyhow::Result<ReferralId> {
        self.referrals[referral]
            .ok_or_else(|| rule(format!("referral {referral} is used before it exists")))
    }

    fn return_id(&self, return_plan: usize) -> anyhow::Result<ReturnId> {
        self.returns[return_plan]
            .ok_or_else(|| rule(format!("return {return_plan} is used before it exists")))
    }

    async fn step(&mut self, event: &Event) -> anyhow::Result<()> {
        let user = self.directory.user(event.who)?;
        let context = AuditContext {
            actor_id: Some(user.id),
            actor_organization_id: Some(user.organization.id),
            request_id: None,
            at: event.at,
        };
        let today = event.at.date();
        match &event.step {
            Step::CreateCase(case) => self.create_case(user, *case, today, &context).await,
            Step::CaseStatus { case, to } => self.case_status(user, *case, *to, &context).await,
            Step::Consent(consent) => self.consent(user, *consent, today, &context).await,
            Step::WithdrawConsent { consent, on } => {
                self.withdraw(user, *consent, *on, today, &context).await
            }
            Step::Assistance(item) => self.assistance(user, *item, &context).await,
            Step::CreateReferral(referral) => {
                self.create_referral(user, *referral, today, &context).await
            }
            Step::ReferralAction {
                referral,
                action,
                comment,
            } => {
                self.referral_action(user, *referral, *action, None, *comment, &context)
                    .await
            }
            Step::AcceptInbound {
                referral,
                case,
                comment,
            } => {
                let action = ReferralAction::Accept;
                self.referral_action(user, *referral, action, Some(*case), *comment, &context)
                    .await
            }
            Step::CreateReturn(return_plan) => {
                self.create_return(user, *return_plan, &context).await
            }
            Step::MoveReturn {
                return_plan,
                to,
                comment,
            } => {
                self.move_return(user, *return_plan, *to, *comment, &context)
                    .await
            }
            Step::Visit {
                return_plan,
                on,
                scores,
                notes,
            } => {
                self.visit(user, *return_plan, *on, *scores, *notes, today, &context)
                    .await
            }
        }
    }

    async fn create_case(
        &mut self,
        user: &User,
        case: usize,
        today: Date,
        context: &AuditContext,
    ) -> anyhow::Result<()> {
        let plan = &self.plan.cases[case];
        let scope = allowed(user, Permission::CasesCreate)?;
        ensure!(
            plan.identified_on <= today,
            rule("identified_on in the future")
        );
        let assignee = self.directory.user(plan.assigned_to)?;
        ensure!(
            !assignee.disabled && assignee.roles.contains(Role::Caseworker),
            rule("assigned_to must name an enabled caseworker")
        );
        ensure!(
            scope != Scope::Own || assignee.id == user.id,
            rule("a caseworker registers cases for themselves")
        );
        let identified_by = self.directory.organization(&plan.identified_by)?;
        check_person(&plan.person, plan.identified_on)?;
        let new = NewCase {
            category: plan.category,
            province: plan.province,
            identified_on: plan.identified_on,
            identified_by_organization_id: identified_by.id,
            assigned_to: Some(assignee.id),
            person: plan.person.clone(),
            trafficking: plan.trafficking.clone(),
        };
        let id = self.store.create_case(&new, context).await?;
        self.cases[case] = Some(CaseState {
            id,
            version: 1,
            status: CaseStatus::Open,
            assigned_to: Some(assignee.id),
        });
        self.tally.cases += 1;
        Ok(())
    }

    async fn case_status(
        &mut self,
        user: &User,
        case: usize,
        to: CaseStatus,
        context: &AuditContext,
    ) -> anyhow::Result<()> {
        let scope = allowed(user, Permission::CasesUpdate)?;
        let mut state = self.case(case)?;
        let actor = StatusActor {
            is_assigned: state.assigned_to == Some(user.id),
            is_case_manager: user.roles.contains(Role::CaseManager),
        };
        state.status.transition(to, actor).map_err(rule)?;
        let changes = CaseChanges {
            status: Some(to),
            ..CaseChanges::default()
        };
        self.store
            .update_case(
                state.id,
                CaseScope::of(user, scope),
                state.version,
                &changes,
                context,
            )
            .await?;
        state.version += 1;
        state.status = to;
        self.cases[case] = Some(state);
        Ok(())
    }

    async fn consent(
        &mut self,
        user: &User,
        consent: usize,
        today: Date,
        context: &AuditContext,
    ) -> anyhow::Result<()> {
        let plan = &self.plan.consents[consent];
        let scope = allowed(user, Permission::CasesUpdate)?;
        ensure!(
            plan.given_on <= today,
            rule("a consent given in the future")
        );
        let names_kinds = !plan.organization_kinds.is_empty();
        ensure!(
            names_kinds == (plan.kind == ConsentKind::DataSharing),
            rule("only a data_sharing consent names organisation kinds, and it must")
        );
        let case = self.case(plan.case)?;
        let new = NewConsent {
            kind: plan.kind,
            given_on: plan.given_on,
            organization_kinds: plan.organization_kinds.clone(),
        };
        let recorded = self
            .store
            .record_consent(case.id, CaseScope::of(user, scope), &new, context)
            .await?;
        self.consents[consent] = Some(recorded.id);
        self.tally.consents += 1;
        Ok(())
    }

    async fn withdraw(
        &mut self,
        user: &User,
        consent: usize,
        on: Date,
        today: Date,
        context: &AuditContext,
    ) -> anyhow::Result<()> {
        let scope = allowed(user, Permission::CasesUpdate)?;
        ensure!(on <= today, rule("a withdrawal dated in the future"));
        let case = self.case(self.plan.consents[consent].case)?;
        let id = self.consents[consent]
            .ok_or_else(|| rule("a consent withdrawn before it was given"))?;
        let outcome = self
            .store
            .withdraw_consent(case.id, id, CaseScope::of(user, scope), on, context)
            .await?;
        ensure!(
            matches!(outcome, Withdrawal::Withdrawn(_)),
            rule(format!("the withdrawal was refused: {outcome:?}"))
        );
        self.tally.withdrawals += 1;
        Ok(())
    }

    async fn assistance(
        &mut self,
        user: &User,
        item: usize,
        context: &AuditContext,
    ) -> anyhow::Result<()> {
        let plan = &self.plan.assistance[item];
        let scope = allowed(user, Permission::AssistanceLog)?;
        if let Some(cost) = plan.cost {
            ensure!(cost.amount_minor >= 0, rule("a negative cost"));
        }
        check_text(
            "description",
            plan.description.as_deref(),
            MAX_DESCRIPTION_CHARS,
        )?;
        let provider = plan
            .provider
            .map(|code| self.directory.organization(code).map(|o| o.id))
            .transpose()?;
        let return_id = plan
            .return_plan
            .map(|r| {
                ensure!(
                    self.plan.returns[r].case == plan.case,
                    rule("a plan item of another case's return")
                );
                self.return_id(r)
            })
            .transpose()?;
        let budget_line_id = match plan.line {
            None => None,
            Some((key, code)) => {
                let grant = self
                    .plan
                    .grants
                    .iter()
                    .find(|g| g.key == key)
                    .ok_or_else(|| rule("a charge to an unknown grant"))?;
                let cost = plan
                    .cost
                    .ok_or_else(|| rule("a charge to a budget line without a cost"))?;
                ensure!(
                    cost.currency == grant.currency,
                    rule(format!(
                        "a cost in {} charged to a grant in {}",
                        cost.currency, grant.currency
                    ))
                );
                ensure!(
                    grant.starts_on <= plan.date && plan.date <= grant.ends_on,
                    rule("a charge outside the grant's period")
                );
                Some(
                    *self
                        .directory
                        .lines
                        .get(&(key, code))
                        .ok_or_else(|| rule(format!("no budget line {code}")))?,
                )
            }
        };
        let case = self.case(plan.case)?;
        let new = NewAssistance {
            assistance_type: plan.assistance_type,
            status: plan.status,
            date: plan.date,
            provider_organization_id: provider,
            cost: plan.cost,
            description: plan.description.clone(),
            return_id,
            budget_line_id,
        };
        self.store
            .create_assistance(case.id, CaseScope::of(user, scope), &new, context)
            .await?;
        self.tally.assistance += 1;
        Ok(())
    }
}
