//! The load's steps of the referral and return workflows.

use anyhow::ensure;
use panah_domain::policy::Permission;
use panah_domain::{
    AuditContext, CaseStatus, Disclosure, MonitoringScores, OrganizationKind, Party,
    ReferralAction, ReferralStatus, ReturnStatus, Role, Score, User, check_route,
};
use panah_persistence::{
    CaseScope, Intake, NewReferral, NewReturn, NewVisit, Origin, ReferralScope, SeenReferral,
    StoreError,
};
use time::Date;

use super::rules::{
    MAX_COMMENT_CHARS, MAX_MESSAGE_CHARS, MAX_NEEDS_CHARS, MAX_NOTES_CHARS, allowed, check_person,
    check_text, rule,
};
use super::{CaseState, Replay};
use crate::demo::plan::ReferralOrigin;

impl Replay<'_> {
    pub(super) async fn create_referral(
        &mut self,
        user: &User,
        referral: usize,
        today: Date,
        context: &AuditContext,
    ) -> anyhow::Result<()> {
        let plan = &self.plan.referrals[referral];
        allowed(user, Permission::ReferralsCreate)?;
        let own = &user.organization;
        ensure!(
            own.code.as_str() == plan.from,
            rule("a referral sent for another organisation")
        );
        let to = self.directory.organization(&plan.to)?;
        ensure!(to.id != own.id, rule("a referral to oneself"));
        ensure!(
            to.kind != OrganizationKind::Donor,
            rule("a referral to a donor")
        );
        ensure!(
            plan.due_date.is_none_or(|due| due >= today),
            rule("a due date in the past")
        );
        check_text("message", plan.message.as_deref(), MAX_MESSAGE_CHARS)?;
        let origin = match &plan.origin {
            ReferralOrigin::Case(case) => {
                let scope = allowed(user, Permission::CasesRead)?;
                Origin::Case {
                    case_id: self.case(*case)?.id,
                    scope: CaseScope::of(user, scope),
                }
            }
            ReferralOrigin::Subject(subject) => {
                ensure!(
                    matches!(
                        own.kind,
                        OrganizationKind::MoiNational | OrganizationKind::MoiProvincial
                    ),
                    rule("only Ministry of Interior staff refer a new person")
                );
                ensure!(
                    to.kind == OrganizationKind::Iom,
                    rule("a ministry refers people to IOM")
                );
                ensure!(
                    subject.identified_on <= today,
                    rule("identified_on in the future")
                );
                ensure!(
                    subject.consent_given_on.is_none_or(|given| given <= today),
                    rule("consent_given_on in the future")
                );
                ensure!(
                    plan.disclosure != Disclosure::Identity || subject.consent_given_on.is_some(),
                    rule("an identity disclosure without the person's consent")
                );
                check_person(&subject.person, subject.identified_on)?;
                Origin::Subject(subject.clone())
            }
        };
        let new = NewReferral {
            from_organization_id: own.id,
            to_organization_id: to.id,
            to_organization_kind: to.kind,
            origin,
            purpose: plan.purpose,
            disclosure: plan.disclosure,
            urgency: plan.urgency,
            due_date: plan.due_date,
            message: plan.message.clone(),
            send: plan.send,
        };
        let id = self
            .store
            .create_referral(&new, context)
            .await
            .map_err(|error| match error {
                StoreError::ConsentRequired => rule("an identity referral without consent"),
                other => other.into(),
            })?;
        self.referrals[referral] = Some(id);
        self.tally.referrals += 1;
        Ok(())
    }

    /// Takes `action` on the referral as `user`; `opens` names the plan's case slot when
    /// accepting a ministry's referral that discloses the person, which opens the case.
    pub(super) async fn referral_action(
        &mut self,
        user: &User,
        referral: usize,
        action: ReferralAction,
        opens: Option<usize>,
        comment: Option<&str>,
        context: &AuditContext,
    ) -> anyhow::Result<()> {
        allowed(user, Permission::ReferralsAct)?;
        let id = self.referral(referral)?;
        let seen = self.store.referral_for(id, ReferralScope::of(user)).await?;
        let party = seen.as_ref().map_or(Party::Neither, |s| s.party);
        let from = seen
            .as_ref()
            .map_or(ReferralStatus::Draft, |s| s.referral.status);
        from.transition(action, party).map_err(rule)?;
        let Some(SeenReferral { referral: seen, .. }) = seen else {
            return Err(rule("a referral the caller cannot see"));
        };
        check_text("comment", comment, MAX_COMMENT_CHARS)?;
        let opens_case = action == ReferralAction::Accept
            && seen.inbound
            && seen.case_id.is_none()
            && seen.disclosure == Disclosure::Identity;
        ensure!(
            opens_case == opens.is_some(),
            rule("accepting a ministry's referral opens a case exactly when it names the person")
        );
        match opens {
            Some(case) => {
                let sender = self
                    .store
                    .get_organization(seen.from_organization_id)
                    .await?
                    .ok_or_else(|| rule("a referral from an unknown organisation"))?;
                let assigned_to = user.roles.contains(Role::Caseworker).then_some(user.id);
                let intake = Intake {
                    assigned_to,
                    sender_kind: sender.kind,
                };
                let id = self
                    .store
                    .accept_inbound_referral(id, from, comment, intake, context)
                    .await?;
                self.cases[case] = Some(CaseState {
                    id,
                    version: 1,
                    status: CaseStatus::Open,
                    assigned_to,
                });
                self.tally.cases += 1;
                // The person's consent to be referred, recorded on the new case as
                // `assistance` and `data_sharing`.
                self.tally.consents += 2;
            }
            None => {
                self.store
                    .transition_referral(id, from, action, comment, context)
                    .await?;
            }
        }
        self.tally.referral_steps += 1;
        Ok(())
    }

    pub(super) async fn create_return(
        &mut self,
        user: &User,
        return_plan: usize,
        context: &AuditContext,
    ) -> anyhow::Result<()> {
        let plan = &self.plan.returns[return_plan];
        let scope = allowed(user, Permission::ReturnsManage)?;
        check_route(plan.direction, &plan.origin, &plan.destination)
            .map_err(|errors| rule(format!("{errors:?}")))?;
        let cooperating = match plan.cooperating {
            None => None,
            Some(code) => {
                let organization = self.directory.organization(code)?;
                ensure!(
                    matches!(
                        organization.kind,
                        OrganizationKind::ForeignState
                            | OrganizationKind::MoiNational
                            | OrganizationKind::MoiProvincial
                            | OrganizationKind::PartnerMinistry
                    ),
                    rule("the cooperating organisation must be a ministry or a foreign state")
                );
                Some(organization.id)
            }
        };
        check_text("needs", plan.needs.as_deref(), MAX_NEEDS_CHARS)?;
        let new = NewReturn {
            case_id: self.case(plan.case)?.id,
            direction: plan.direction,
            origin: plan.origin,
            destination: plan.destination,
            cooperating_organization_id: cooperating,
            escort_required: plan.escort_required,
            travel_date: plan.travel_date,
            needs: plan.needs.clone(),
        };
        let id = self
            .store
            .create_return(&new, CaseScope::of(user, scope), context)
            .await
            .map_err(|error| match error {
                StoreError::ConsentRequired => rule("a return without a return consent"),
                other => other.into(),
            })?;
        self.returns[return_plan] = Some(id);
        self.tally.returns += 1;
        Ok(())
    }

    pub(super) async fn move_return(
        &mut self,
        user: &User,
        return_plan: usize,
        to: ReturnStatus,
        comment: Option<&str>,
        context: &AuditContext,
    ) -> anyhow::Result<()> {
        let scope = CaseScope::of(user, allowed(user, Permission::ReturnsManage)?);
        let id = self.return_id(return_plan)?;
        let current = self
            .store
            .get_return(id, scope)
            .await?
            .ok_or_else(|| rule("a return outside the caller's scope"))?;
        current.status.transition(to).map_err(rule)?;
        check_text("comment", comment, MAX_COMMENT_CHARS)?;
        self.store
            .transition_return(id, current.status, to, comment, context)
            .await?;
        self.tally.return_steps += 1;
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) async fn visit(
        &mut self,
        user: &User,
        return_plan: usize,
        on: Date,
        scores: [f64; 3],
        notes: Option<&str>,
        today: Date,
        context: &AuditContext,
    ) -> anyhow::Result<()> {
        let scope = CaseScope::of(user, allowed(user, Permission::ReturnsManage)?);
        let id = self.return_id(return_plan)?;
        self.store
            .get_return(id, scope)
            .await?
            .ok_or_else(|| rule("a return outside the caller's scope"))?;
        ensure!(on <= today, rule("a monitoring visit in the future"));
        check_text("notes", notes, MAX_NOTES_CHARS)?;
        let score = |value: f64| Score::new(value).map_err(rule);
        let new = NewVisit {
            visited_on: on,
            scores: MonitoringScores {
                economic: score(scores[0])?,
                social: score(scores[1])?,
                psychosocial: score(scores[2])?,
            },
            notes: notes.map(str::to_owned),
        };
        self.store.record_visit(id, &new, context).await?;
        self.tally.visits += 1;
        Ok(())
    }
}
